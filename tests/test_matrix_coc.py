"""The matrix held to a real family: twelve projects' adaptations of the Contributor Covenant 1.4 and 2.0.

The files are in `corpus/heldout/coc-family/` (sources and licence in its README) and `corpus/heldout/`; the
templates in `corpus/realworld/`. What an operator reads off the matrix: one group per clause of the
covenant, each project's contact address a slot and not a deviation, the real deviations shown.
"""

from __future__ import annotations

from functools import cache

import pytest

from policydiff import parse_bytes
from policydiff.inline import left_text, right_text
from policydiff.matrix import matrix
from policydiff.matrix.grouping import CONTACT, ORGANISATION, Slotter, contacts
from policydiff.model import CellState, ClauseGroup, EditOp, Matrix

from .conftest import CORPUS, ROOT

TEMPLATES = {v: CORPUS / "realworld" / f"contributor-covenant-v{v}.md" for v in ("1.4", "2.0")}
ADAPTATIONS = [
    *sorted((CORPUS / "heldout" / "coc-family").glob("*-coc-cc*")),
    CORPUS / "heldout" / "react-coc-cc1.4.md",
    CORPUS / "heldout" / "commonmarker-coc-cc2.0.txt",
    CORPUS / "heldout" / "testpilot-metrics-coc-cc1.4.txt",
]
V14 = ["nox", "poetry", "polars", "pyproject-api", "pytest", "react", "rich", "streamlit", "testpilot"]
V20 = ["commonmarker", "ruff", "textual"]


@cache
def _family(baseline: str | None) -> Matrix:
    files = [*TEMPLATES.values(), *ADAPTATIONS]
    policies = {p: parse_bytes(p.read_bytes(), str(p.relative_to(ROOT))) for p in files}
    return matrix(list(policies.values()), baseline=policies[TEMPLATES[baseline]] if baseline else None)


def _doc(m: Matrix, project: str) -> int:
    return next(n for n, p in enumerate(m.documents) if p.source.rsplit("/", 1)[-1].startswith(project + "-"))


def _group(m: Matrix, start: str) -> ClauseGroup:
    (group,) = [g for g in m.groups if g.consensus.startswith(start)]
    return group


def test_family_is_twelve_projects() -> None:
    assert len(ADAPTATIONS) == 12
    assert sorted(p.name.split("-coc")[0].split("-metrics")[0] for p in ADAPTATIONS) == sorted(V14 + V20)


@pytest.mark.parametrize(("baseline", "same"), [("1.4", V14), ("2.0", V20)])
def test_contact_address_is_a_slot_not_a_deviation(baseline: str, same: list[str]) -> None:
    """A project's reporting address (or the template's "[INSERT …]" placeholder) is a slot: the enforcement
    clause of every adaptation that only fills in its address is `same` as its template's. Before session
    24 each of them was a variant, the address its only word edit."""
    m = _family(baseline)
    group = _group(m, "Instances of abusive, harassing, or otherwise unacceptable behavior may be reported")
    assert f" at {CONTACT}. All complaints" in group.consensus
    states = {p: group.cell(_doc(m, p)).state for p in same}
    expected = {p: CellState.SAME for p in same}
    if baseline == "1.4":  # real rewordings: tox-dev's enforcement sentence, React's dropped comma
        expected |= {"pyproject-api": CellState.VARIANT, "react": CellState.VARIANT}
    assert states == expected


def test_a_variant_s_address_is_a_slot_edit() -> None:
    """React's enforcement clause differs from 1.4's by a comma (a real edit) and its address (a slot edit
    that rebuilds the text)."""
    m = _family("1.4")
    group = _group(m, "Instances of abusive, harassing, or otherwise unacceptable behavior may be reported")
    cell = group.cell(_doc(m, "react"))
    changed = [(e.op, e.text, e.cls) for e in cell.edits if e.op is not EditOp.EQUAL]
    assert changed == [
        (EditOp.DELETE, ",", None),
        (EditOp.DELETE, CONTACT, "slot"),
        (EditOp.INSERT, "opensource-conduct@fb.com", "slot"),
    ]
    assert "".join(e.text for e in cell.edits if e.op is not EditOp.DELETE) == cell.text


def test_pytest_s_added_clauses_are_its_own() -> None:
    """pytest adds who reads its address: added, under its own group each, their addresses slotted."""
    m = _family("2.0")
    pytest_doc = _doc(m, "pytest")
    added = [g for g in m.groups if g.added and g.support == 1]
    assert [g.consensus for g in added] == [
        f"The {CONTACT} address is routed to the following people who can also be contacted individually:",
        f"Brianna Laugher (@pfctdayelise): {CONTACT}",
        f"Bruno Oliveira (@nicoddemus): {CONTACT}",
        f"Freya Bruhin (@the-compiler): {CONTACT}",
    ]
    assert all(g.cell(pytest_doc).state is CellState.ADDED for g in added)


def test_every_clause_of_the_covenant_is_one_group() -> None:
    """Each clause of the 2.0 template is one group, holding every project that has the clause (the 1.4
    adaptations in the 1.4 clause that 2.0 rewrote), and nothing reported missing that a project has."""
    m = _family("2.0")
    everyone = set(range(len(m.documents)))
    for start in [
        "Contributor Covenant Code of Conduct",
        "We as members, contributors, and leaders pledge",
        "Being respectful of differing opinions",
        "Enforcement Responsibilities",
        "This Code of Conduct applies within all community spaces",
        "Instances of abusive, harassing",
        "This Code of Conduct is adapted from the Contributor Covenant",
    ]:
        group = _group(m, start)
        assert {c.document for c in group.cells} == everyone, start
    guidelines = _group(m, "Community leaders will follow these Community Impact Guidelines")
    assert {m.documents[c.document].source.rsplit("/", 1)[-1].split("-")[0] for c in guidelines.cells} == {
        "contributor",
        "commonmarker",
        "ruff",
        "textual",
    }
    faq = _group(m, "For answers to common questions about this code of conduct")
    lacking = everyone - {c.document for c in faq.cells}
    assert {m.documents[d].source.rsplit("/", 1)[-1] for d in lacking} == {
        "pyproject-api-coc-cc1.4.md",
        "testpilot-metrics-coc-cc1.4.txt",
    }  # neither file has the sentence


def test_added_clauses_stay_beside_their_neighbours() -> None:
    """With 2.0 as the baseline, 1.4's closing enforcement paragraph (and pytest's list after it) follow
    the enforcement paragraph the 1.4 adaptations put before them, and 2.0's "Permanent Ban" keeps its
    impact and consequence together. Before session 24 the added groups followed the baseline group
    before them in the order of all groups, and fell between "Community Impact" and "Consequence"."""
    m = _family("2.0")

    def at(start: str) -> int:
        return m.groups.index(_group(m, start))

    enforcement = at("Instances of abusive, harassing")
    assert [
        at(start) - enforcement
        for start in [
            "Project maintainers who do not follow or enforce",
            f"The {CONTACT} address is routed",
            "Brianna Laugher",
            "Bruno Oliveira",
            "Freya Bruhin",
            "All community leaders are obligated",
        ]
    ] == [1, 2, 3, 4, 5, 6]
    ban = at("Permanent Ban")
    assert [
        at(start) - ban
        for start in [
            "Community Impact: Demonstrating a pattern",
            "Consequence: A permanent ban",
            "Attribution",
        ]
    ] == [1, 2, 3]
    baseline_rows = [g.cell(m.baseline).clauses[0] for g in m.groups if not g.added]  # type: ignore[arg-type]
    assert baseline_rows == [c.id for c in m.documents[m.baseline].clauses]  # type: ignore[index]


@pytest.mark.parametrize("baseline", ["1.4", "2.0"])
def test_every_cell_s_edits_rebuild_consensus_and_text(baseline: str) -> None:
    """Edits worked out once per wording (addresses as `{contact}`) are turned into each document's own:
    they still rebuild the consensus and the document's text."""
    m = _family(baseline)
    for group in m.groups:
        for cell in group.cells:
            if cell.edits:
                assert left_text(cell.edits) == group.consensus
                assert right_text(cell.edits) == cell.text


def test_a_pair_every_holder_has_together_stays_together() -> None:
    """Without a baseline, 2.0's "Community Impact: Demonstrating a pattern…" and its "Consequence: A
    permanent ban…" (held by the four 2.0 documents, always one after the other) are not parted by 1.4's
    closing enforcement paragraph, which ten documents hold and whose median position falls between them
    (before session 24 it did, pytest's list with it)."""
    m = _family(None)
    impact = m.groups.index(_group(m, "Community Impact: Demonstrating a pattern"))
    assert m.groups[impact + 1].consensus.startswith("Consequence: A permanent ban")


def test_a_baseline_s_group_is_under_the_baseline_s_section() -> None:
    """With 2.0 as the baseline, "Community leaders are responsible…" is worded as 2.0 words it and sits
    under 2.0's heading, "Enforcement Responsibilities", though ten 1.4 adaptations have it under "Our
    Responsibilities" (before session 24 the section was the most held one: a 2.0 clause under a 1.4
    heading in the master)."""
    m = _family("2.0")
    group = _group(m, "Community leaders are responsible for clarifying")
    assert group.section == ("Enforcement Responsibilities",)
    assert _group(m, "Project maintainers who do not follow").section == ("Enforcement",)
    old = _group(_family("1.4"), "Project maintainers are responsible for clarifying")
    assert old.section == ("Our Responsibilities",)


def test_e_mail_spelt_with_a_hyphen_is_not_a_deviation() -> None:
    """Ruff, Textual and commonmarker write 2.0's scope clause with "e-mail" for "email" and nothing
    else changed: the same clause (a cosmetic edit), not a variant as before session 24."""
    m = _family("2.0")
    group = _group(m, "This Code of Conduct applies within all community spaces")
    for project in V20:
        cell = group.cell(_doc(m, project))
        assert cell.state is CellState.SAME, project
        assert [(e.text, e.cls) for e in cell.edits if e.op is not EditOp.EQUAL] == [
            ("email", "cosmetic"),
            ("e-mail", "cosmetic"),
        ]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("at coc@pytest.org. All", ["coc@pytest.org"]),
        ("at [INSERT EMAIL ADDRESS].", ["[INSERT EMAIL ADDRESS]"]),
        ("a@b.org or <x.y+z@mail.example.co.uk>, a@b.org", ["a@b.org", "x.y+z@mail.example.co.uk"]),
        ("@nicoddemus and me@localhost are no addresses", []),
        ("[Insert here] and [INSERT] are not placeholders", []),
    ],
)
def test_contacts(text: str, found: list[str]) -> None:
    assert contacts(text) == found
    assert Slotter(None)(text).count(CONTACT) == sum(text.count(f) for f in found)


def test_a_clause_of_many_addresses_against_another_wording() -> None:
    """A clause holding thousands of distinct addresses, worded unlike the consensus, is diffed with its
    addresses as slots through the shared wording (no pattern of thousands of alternatives)."""
    many = " ".join(f"user{n}@example.org" for n in range(3000))
    docs = [
        parse_bytes(f"Reports go to {addr} or the chair.\n".encode(), f"site{n}.txt")
        for n, addr in enumerate(["a@example.org", "b@example.org", "c@example.org"])
    ]
    docs.append(parse_bytes(f"Reports go quickly to {many} or the chair.\n".encode(), "hostile.txt"))
    m = matrix(docs)
    (group,) = [g for g in m.groups if 3 in {c.document for c in g.cells}]
    cell = group.cell(3)
    assert group.consensus == f"Reports go to {CONTACT} or the chair."
    assert right_text(cell.edits) == cell.text
    assert sum(e.cls == "slot" and e.op is EditOp.INSERT for e in cell.edits) == 1  # the first address


def test_contacts_on_a_long_run_without_an_address() -> None:
    """A run of address characters is read once (the look-behind), whatever its length."""
    text = "a." * 200_000 + "@"
    assert contacts(text) == []
    assert Slotter(None)(text) == text


def test_an_organisation_named_like_the_slot_leaves_the_slot_whole() -> None:
    assert Slotter("contact")("contact us at a@b.org") == f"{ORGANISATION} us at {CONTACT}"
