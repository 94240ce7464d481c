"""The matrix at an operator's scale (issue 15): sparse, order- and jobs-independent, organisation slots with
digits, template clauses held together, medoid consensus, a master with one title and no dated line, and the
same on the real codes of conduct."""

from __future__ import annotations

import importlib.util
import json
import random
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

from policydiff import parse_bytes
from policydiff.matrix import matrix, read_all
from policydiff.matrix.grouping import ORGANISATION, Slotter
from policydiff.model import CellState, ClauseKind, EditOp, Matrix, Policy
from policydiff.renderers.matrix import render_csv, render_html, render_json
from policydiff.segment import metadata_entry

from .conftest import CORPUS, ROOT
from .test_matrix import _canonical, _check_well_formed


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("benchmark_matrix", ROOT / "benchmarks" / "matrix.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look the module up while the class is built
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], list[dict[str, int]]]:
    """A generated family of 120 site policies (benchmarks/matrix.py) and each one's template indices."""
    folder = tmp_path_factory.mktemp("sites")
    paths, truth = _bench().generate_family(folder, 120, 40, 11)
    return paths, truth


@pytest.fixture(scope="module")
def family(sites: tuple[list[Path], list[dict[str, int]]]) -> Matrix:
    return matrix(sites[0])


def _wording(m: Matrix, document: int, clause_id: str) -> str:
    """Return a document's clause key with its organisation's name as `{organisation}`."""
    policy = m.documents[document]
    clause = next(c for c in policy.clauses if c.id == clause_id)
    return Slotter(policy.organisation)(clause.key)


# --- Sparse ---


def test_the_model_holds_no_cell_for_a_document_lacking_a_group(family: Matrix) -> None:
    # Memory is linear in the clauses: one cell per clause, none for an absence.
    clauses = sum(len(p.clauses) for p in family.documents)
    assert sum(len(g.cells) for g in family.groups) == clauses
    assert all(c.state is not CellState.MISSING for g in family.groups for c in g.cells)
    dense = len(family.groups) * len(family.documents)
    assert dense - clauses > 1000  # absences a dense matrix would have stored as cells
    for g in family.groups:
        docs = [c.document for c in g.cells]
        assert docs == sorted(set(docs)) and len(docs) == g.support
        lacking = next((d for d in range(len(family.documents)) if d not in docs), None)
        if lacking is not None:
            assert g.cell(lacking).state is CellState.MISSING and g.cell(lacking).text is None


def test_every_report_is_sparse_too(family: Matrix) -> None:
    data = json.loads(render_json(family))
    assert data["sparse"] is True
    assert sum(len(g["cells"]) for g in data["groups"]) == sum(len(p.clauses) for p in family.documents)
    assert all(c["state"] != "missing" for g in data["groups"] for c in g["cells"])
    rows = render_csv(family).decode("utf-8").count("\r\n") - 1
    assert rows == sum(len(p.clauses) for p in family.documents)
    page = render_html(family).decode("utf-8")
    _check_well_formed(page)
    # No column per document past GRID_DOCUMENTS: the page grows with the wordings, not documents × groups.
    assert 'class="grid"' not in page
    worded = [g for g in family.groups if any(c.state is not CellState.SAME or c.edits for c in g.cells)]
    assert page.count("<details>") == len(worded) + len(family.documents)
    # A row of counts per group and a row of wordings for those with other wordings: no cell per document.
    assert page.count("<td") == len(family.groups) * (3 + len(CellState)) + 2 * len(worded)


# --- Grouping ---


def test_template_clauses_stay_in_one_group(
    sites: tuple[list[Path], list[dict[str, int]]], family: Matrix
) -> None:
    held, total = _bench().held(family, sites[1], 40)
    assert held >= 0.95 * total, (held, total)


def test_shuffled_sites_give_the_same_groups(sites: tuple[list[Path], list[dict[str, int]]]) -> None:
    policies = read_all(sites[0][:60])
    shuffled = list(policies)
    random.Random(3).shuffle(shuffled)
    assert _canonical(matrix(policies)) == _canonical(matrix(shuffled))


def test_jobs_give_the_same_matrix(
    sites: tuple[list[Path], list[dict[str, int]]], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Reading and the variants' word diffs both in two processes (the pools' thresholds lowered to 1).
    module = sys.modules["policydiff.matrix"]
    monkeypatch.setattr(module, "POOL_FROM", 1)
    monkeypatch.setattr(module, "POOL_DIFFS_FROM", 1)
    paths = sites[0][:40]
    assert render_json(matrix(paths, jobs=2)) == render_json(matrix(paths, jobs=1))


def test_jobs_report_an_unreadable_file_as_one_process_does(tmp_path: Path) -> None:
    paths = sorted((CORPUS / "sites").glob("*.txt")) * 4 + [tmp_path / "missing.txt"]
    for jobs in (1, 2):
        m = matrix(paths, jobs=jobs, skip_unreadable=True)
        assert [w.message for w in m.warnings if w.code == "unreadable"] == ["skipped: no such file"]
        assert len(m.documents) == 12


def _site(name: str, body: list[str]) -> Policy:
    text = "\n\n".join([name, "Visitors Policy", *body]) + "\n"
    return parse_bytes(text.encode("utf-8"), f"{name.lower().replace(' ', '-')}.txt")


def test_an_organisation_name_with_digits_is_a_slot() -> None:
    names = ["Site 15 Childcare Club", "Site 7 Childcare Club", "Little Acorns 2 Nursery"]
    policies = [
        _site(
            name,
            [
                f"{name} asks every visitor to sign in at the office and wear a badge.",
                f"Visitors to {name} are never left alone with the children.",
                "The manager keeps the visitors' book for two years.",
            ],
        )
        for name in names
    ]
    assert [p.organisation for p in policies] == names
    m = matrix(policies)
    body = [g for g in m.groups if g.kind is ClauseKind.PARAGRAPH]
    assert [(g.consensus, g.support) for g in body] == [
        (f"{ORGANISATION} asks every visitor to sign in at the office and wear a badge.", 3),
        (f"Visitors to {ORGANISATION} are never left alone with the children.", 3),
        ("The manager keeps the visitors' book for two years.", 3),
    ]
    assert all(c.state is CellState.SAME for g in body for c in g.cells)


def test_edits_rebuild_the_consensus_and_each_sites_own_text(family: Matrix) -> None:
    # Worked out once per wording with the name as {organisation}, then given each site's name back.
    checked = 0
    for g in family.groups:
        for c in g.cells:
            if not c.edits:
                continue
            left = "".join(e.text for e in c.edits if e.op is not EditOp.INSERT)
            right = "".join(e.text for e in c.edits if e.op is not EditOp.DELETE)
            assert (left, right) == (g.consensus, c.text)
            name = family.documents[c.document].organisation
            for e in c.edits:
                if e.cls == "slot":
                    assert e.text == (ORGANISATION if e.op is EditOp.DELETE else name)
            checked += 1
    assert checked > 100


# --- Consensus and master ---


def _check_consensus_is_the_medoid(m: Matrix) -> None:
    for g in m.groups:
        counts = Counter(_wording(m, c.document, c.clauses[0]) for c in g.cells)
        assert g.consensus in counts, g.consensus  # a wording a document really uses
        assert counts[g.consensus] == max(counts.values()), (g.consensus, counts.most_common(2))


def _check_master(m: Matrix) -> None:
    titles = [g for g in m.master if g.kind is ClauseKind.TITLE]
    assert len(titles) <= 1
    for g in m.master:
        assert g.kind is not ClauseKind.METADATA and metadata_entry(g.consensus) is None, g.consensus
        assert g.support >= m.min_support * len(m.documents)


def test_consensus_is_the_most_common_wording_and_the_master_has_one_title(family: Matrix) -> None:
    _check_consensus_is_the_medoid(family)
    _check_master(family)
    assert [g.consensus for g in family.master if g.kind is ClauseKind.TITLE] == [
        "Social Media and Safeguarding Policy"
    ]
    reviewed = [g for g in family.groups if g.consensus.startswith("Reviewed ")]
    assert reviewed and not any(g.in_master for g in reviewed)
    assert sum(g.support for g in reviewed) == len(family.documents)


def test_a_tie_is_broken_by_centrality() -> None:
    wordings = [
        "Staff must sign the visitors' book when a visitor arrives.",
        "Staff must sign the visitors' book when any visitor arrives.",
        "A member of staff signs the book when a visitor comes in to the setting.",
        "Staff must sign the visitors' book whenever a visitor arrives.",
    ]
    names = ["Alpha Club", "Beta Club", "Gamma Club", "Delta Club"]
    policies = [_site(n, [w]) for n, w in zip(names, wordings, strict=True)]
    (group,) = [g for g in matrix(policies).groups if g.kind is ClauseKind.PARAGRAPH]
    assert group.support == 4
    # Each wording is used once; the first is the one nearest the others.
    assert group.consensus == wordings[0]


# --- Real codes of conduct ---

CODES = sorted(
    p
    for folder, suffix in (("realworld", "*.md"), ("text", "*.txt"))
    for p in (CORPUS / folder).glob(suffix)
    if "coc" in p.name or "covenant" in p.name
)


@pytest.fixture(scope="module")
def codes() -> Matrix:
    return matrix([parse_bytes(p.read_bytes(), str(p.relative_to(ROOT))) for p in CODES])


def test_codes_of_conduct_group_equivalent_clauses(codes: Matrix) -> None:
    assert len(codes.documents) == 12
    # Read by eye in the six versions (Markdown and plain text of each): every one says these.
    for start in (
        "We are committed to making participation in the",
        "Examples of unacceptable behavior include:",
        "Public or private harassment",
        "The use of sexualized language or imagery",
    ):
        (group,) = [g for g in codes.groups if g.consensus.startswith(start)]
        assert group.support == 12, start
    # The events clause, reworded in each CNCF version ("CNCF events are governed by …" in v1.0, "… that are
    # produced by the Linux Foundation …" in v1.3), in the CNCF files only.
    (events,) = [
        g for g in codes.groups if g.consensus.startswith(f"{ORGANISATION} events, or events run by")
    ]
    holders = sorted(Path(codes.documents[c.document].source).name for c in events.cells)
    assert holders == sorted(p.name for p in CODES if p.name.startswith("cncf"))


def test_codes_of_conduct_consensus_is_a_real_wording_and_the_master_no_fragment(codes: Matrix) -> None:
    _check_consensus_is_the_medoid(codes)
    _check_master(codes)
    for g in codes.master:
        # A whole clause of some document (checked above), never a piece of one: it starts as a sentence or
        # an item does, and no clause of the master is a piece of another.
        text = g.consensus
        assert text[:1].isupper() or text.startswith(ORGANISATION), text
        assert not any(text in o.consensus for o in codes.master if o is not g), text


def test_the_garbage_collector_is_left_as_it_was() -> None:
    import gc

    paths = sorted((CORPUS / "sites").glob("*.txt"))
    assert gc.isenabled()
    render_json(matrix(paths))
    assert gc.isenabled()
    gc.disable()
    try:
        render_json(matrix(paths))
        assert not gc.isenabled()
    finally:
        gc.enable()
