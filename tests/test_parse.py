"""`policydiff parse` on the corpus: the structure a reader sees, from every producer, as golden trees."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import jsonschema
import pytest

import policydiff
from policydiff.model import ClauseKind, Policy
from policydiff.schemas import load as load_schema

from .conftest import CORPUS, ROOT, check_golden, run_cli

CORPUS_FILES = sorted(
    p
    for p in CORPUS.rglob("*")
    if p.suffix in (".txt", ".md", ".docx") and "." not in p.stem and p.name != "README.md"
)
SEEDS = {
    "jpac": [
        "social-media-policy.txt",
        "social-media-policy.md",
        "social-media-policy.docx",
        "social-media-policy-pandoc.docx",
    ],
    "kidspace": [
        "social-media-policy.txt",
        "social-media-policy.md",
        "social-media-policy.docx",
        "social-media-policy-pandoc.docx",
    ],
}
KIDSPACE_HEADINGS = [
    "Purpose and scope",
    "Social media rules",
    "Official social media and publicity",
    "Reporting concerns",
    "General cautions for using social media",
    "Related policies",
]


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


@pytest.mark.parametrize("path", CORPUS_FILES, ids=_rel)
def test_golden_clause_tree(path: Path, update_golden: bool) -> None:
    result = run_cli("parse", _rel(path))
    assert result.returncode == 0, result.stderr
    golden = ROOT / "tests" / "golden" / "parse" / (_rel(path).replace("/", "__") + ".txt")
    check_golden(golden, result.stdout, update_golden)


@pytest.mark.parametrize("path", CORPUS_FILES, ids=_rel)
def test_json_validates_against_shipped_schema(path: Path) -> None:
    result = run_cli("parse", _rel(path), "--format", "json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    jsonschema.validate(document, load_schema("document"))
    assert document["source"] == _rel(path)
    for clause in document["clauses"]:
        assert "**" not in clause["text"]
        assert not clause["text"].startswith(("- ", "· ", "• "))


def test_kidspace_plain_text_yields_its_headings_with_items_under_them() -> None:
    policy = policydiff.parse(CORPUS / "kidspace" / "social-media-policy.txt")
    headings = [c.text for c in policy.clauses if c.kind is ClauseKind.HEADING]
    assert headings == KIDSPACE_HEADINGS
    rules = [c for c in policy.clauses if c.section == ("Social media rules",)]
    assert [c.kind for c in rules].count(ClauseKind.LIST_ITEM) == 7
    assert rules[0].text == "When using social media sites, staff must not:"


def _keys(policy: Policy) -> list[str]:
    return [c.key for c in policy.clauses]


@pytest.mark.parametrize("org", sorted(SEEDS))
def test_same_clause_texts_from_every_producer(org: str) -> None:
    reference = policydiff.parse(CORPUS / org / SEEDS[org][0])
    for name in SEEDS[org][1:]:
        other = policydiff.parse(CORPUS / org / name)
        assert _keys(other) == _keys(reference), name
        assert [c.kind for c in other.clauses] == [c.kind for c in reference.clauses], name
        assert [c.section for c in other.clauses] == [c.section for c in reference.clauses], name


def test_libreoffice_saved_docx_reads_like_the_text() -> None:
    reference = policydiff.parse(CORPUS / "kidspace" / "social-media-policy.txt")
    saved = policydiff.parse(CORPUS / "features" / "libreoffice-saved.docx")
    assert _keys(saved) == _keys(reference)


@pytest.mark.parametrize(
    ("org", "name"),
    [("jpac", "JPAC LTD"), ("kidspace", "Kidspace Wrap Around Care")],
)
def test_organisation_found_from_title_and_body(org: str, name: str) -> None:
    for file in SEEDS[org]:
        assert policydiff.parse(CORPUS / org / file).organisation == name, file


@pytest.mark.parametrize(
    ("text", "titles", "first_heading"),
    [
        pytest.param(
            "Records Policy\n\nStorage\n\nIncident forms are filed.\n\nRetention\n\nBooks are kept.\n",
            ["Records Policy"],
            "Storage",
            id="first-section-heading-is-not-a-title-line",
        ),
        pytest.param(
            "Safeguarding Policy\n\nPolicy statement\n\nWe keep children safe.\n",
            ["Safeguarding Policy"],
            "Policy statement",
            id="policy-statement-heading",
        ),
        pytest.param(
            "Sunnyside Club\n\nMobile Phone Policy\n\nStaff phones stay in the office.\n",
            ["Sunnyside Club", "Mobile Phone Policy"],
            None,
            id="organisation-then-title",
        ),
    ],
)
def test_plain_text_title_lines_end_at_the_line_naming_the_document(
    text: str, titles: list[str], first_heading: str | None
) -> None:
    policy = policydiff.parse_bytes(text.encode(), "policy.txt")
    assert [c.text for c in policy.clauses if c.kind is ClauseKind.TITLE] == titles
    headings = [c.text for c in policy.clauses if c.kind is ClauseKind.HEADING]
    assert (headings[0] if headings else None) == first_heading


def test_review_date_is_metadata() -> None:
    for file in SEEDS["jpac"]:
        policy = policydiff.parse(CORPUS / "jpac" / file)
        last = policy.clauses[-1]
        assert (last.kind, last.text) == (ClauseKind.METADATA, "Reviewed October 2021"), file
        assert policy.metadata_dict()["reviewed"] == "October 2021"
        assert policy.title == "Social Media Policy"


def test_emphasis_becomes_spans_not_markers() -> None:
    policy = policydiff.parse(CORPUS / "jpac" / "social-media-policy.txt")
    clause = next(c for c in policy.clauses if c.text.startswith("See also:"))
    bold = [clause.text[s.start : s.end] for s in clause.spans if s.bold]
    assert bold[:2] == ["Mobile Phone policy", "Confidentiality policy"]


@pytest.mark.parametrize("name", ["tracked-changes", "libreoffice-tracked"])
def test_tracked_changes_read_as_accepted(name: str) -> None:
    policy = policydiff.parse(CORPUS / "features" / f"{name}.docx")
    expected = (CORPUS / "features" / f"{name}.accepted.txt").read_text("utf-8").split("\n")
    expected = [line for line in expected if line.strip()]
    assert [c.text for c in policy.clauses] == expected
    assert any(w.code == "tracked-changes" for w in policy.warnings)


def test_numbered_clauses_get_labels_from_numbering_definitions() -> None:
    policy = policydiff.parse(CORPUS / "features" / "numbered.docx")
    expected = []
    for line in (CORPUS / "features" / "numbered.expected.txt").read_text("utf-8").splitlines():
        if line.strip():
            label, _, text = line.partition("\t")
            expected.append((label or None, text))
    assert [(c.label, c.text) for c in policy.clauses] == expected


def test_kitchen_sink_table_footnote_textbox_header_footer_comment() -> None:
    policy = policydiff.parse(CORPUS / "features" / "kitchen-sink.docx")
    kinds = Counter(c.kind for c in policy.clauses)
    assert kinds[ClauseKind.TABLE_CELL] >= 9
    assert kinds[ClauseKind.FOOTNOTE] == 1
    footnote = next(c for c in policy.clauses if c.kind is ClauseKind.FOOTNOTE)
    assert footnote.label == "1"
    meta = policy.metadata_dict()
    assert meta["reviewed"] == "October 2021"
    assert "footer" in meta and "header" in meta
    texts = [c.text for c in policy.clauses]
    assert all("Reviewed" not in t for t in texts), "footer text must not become a clause"
    annotated = [c for c in policy.clauses if c.annotations]
    assert annotated and annotated[0].annotations[0].text
    links = [s.href for c in policy.clauses for s in c.spans if s.href]
    assert any(h.startswith("http") for h in links)
    assert any(o.kind == "image" for o in policy.objects)
    # A text box written twice (DrawingML and its VML fallback) is read once.
    assert len(texts) == len(set(texts))


def test_parse_leaves_the_garbage_collector_as_it_found_it(tmp_path: Path) -> None:
    """`parse` pauses the cyclic collector while it reads; afterwards (or after a refusal) it runs again,
    and a program that had turned it off finds it still off."""
    import gc

    from policydiff.errors import ReadError

    source = CORPUS / "text" / "sunnyside-visitors.txt"
    assert gc.isenabled()
    assert policydiff.parse(source).clauses
    assert gc.isenabled()
    with pytest.raises(ReadError):
        policydiff.parse(tmp_path / "missing.txt")
    assert gc.isenabled()
    assert policydiff.parse_bytes(source.read_bytes(), "visitors.txt").clauses
    assert gc.isenabled()
    gc.disable()
    try:
        policydiff.parse(source)
        assert not gc.isenabled()
    finally:
        gc.enable()


@pytest.mark.parametrize(
    ("name", "sample"),
    [
        ("policy.md", "Data Protection Policy\n\nSign the form below.\n\n```\n{}\n```\n"),
        ("policy.rst", "Data Protection Policy\n======================\n\nSign the form below::\n\n    {}\n"),
        ("policy.txt", "DATA PROTECTION POLICY\n\nSign the form below.\n\n```\n{}\n```\n"),
    ],
)
def test_a_code_block_line_is_never_the_policys_metadata(name: str, sample: str) -> None:
    """Session 23: a line of a code block that reads like a metadata line (a form's "Version: 2.1" or
    "Date: 1 May 2024" shown as a sample) is the sample's text, not the policy's version or date."""
    lines = ["Version: 2.1", "Date: 1 May 2024", "Reviewed October 2021"]
    policy = policydiff.parse_bytes(
        sample.format("\n".join(lines).replace("\n", "\n    " if name.endswith(".rst") else "\n")).encode(),
        name,
    )
    assert policy.metadata == ()
    assert [(c.kind, c.text) for c in policy.clauses if c.text in lines] == [
        (ClauseKind.PARAGRAPH, line) for line in lines
    ]
