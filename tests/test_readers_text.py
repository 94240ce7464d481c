"""Plain-text and Markdown reading: headings, labels, wrapping, front matter, encodings."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

import policydiff
from policydiff import normalise
from policydiff.model import ClauseKind, Policy

from .conftest import CORPUS, require_program


def _parse(text: str, name: str = "policy.txt", encoding: str = "utf-8") -> Policy:
    return policydiff.parse_bytes(text.encode(encoding), name)


def test_rst_and_setext_underlined_headings() -> None:
    policy = _parse(
        "Data Protection Policy\n======================\n\nScope\n-----\n\nWe hold data about children.\n\n"
        "Retention\n---------\n\nRecords are kept for six years.\n",
        "policy.rst",
    )
    assert [(c.kind, c.text, c.section) for c in policy.clauses] == [
        (ClauseKind.TITLE, "Data Protection Policy", ()),
        (ClauseKind.HEADING, "Scope", ()),
        (ClauseKind.PARAGRAPH, "We hold data about children.", ("Scope",)),
        (ClauseKind.HEADING, "Retention", ()),
        (ClauseKind.PARAGRAPH, "Records are kept for six years.", ("Retention",)),
    ]


def test_labels_are_kept_apart_from_the_text() -> None:
    policy = _parse(
        "# Complaints\n\n4.2 Complaints are logged.\n\na) by email\n\n(iii) in person\n\n1. Acknowledge it.\n"
        "- A bullet is not a label\n",
        "c.md",
    )
    assert [(c.label, c.text) for c in policy.clauses[1:]] == [
        ("4.2", "Complaints are logged."),
        ("a)", "by email"),
        ("(iii)", "in person"),
        ("1.", "Acknowledge it."),
        (None, "A bullet is not a label"),
    ]


def test_hard_wrapped_paragraphs_join_but_never_across_a_heading_or_item() -> None:
    text = (
        "Safeguarding Policy\n\n"
        "Our club is committed to keeping every child safe from harm and to working with\n"
        "parents and local agencies whenever a concern is raised about a child in our\n"
        "care.\n"
        "Reporting\n"
        "Staff report every concern to the Designated Safeguarding Lead on the same\n"
        "day, in writing.\n"
        "- Records are kept securely and shared only with the people who need to see\n"
        "  them.\n"
    )
    policy = _parse(text)
    assert [c.text for c in policy.clauses] == [
        "Safeguarding Policy",
        "Our club is committed to keeping every child safe from harm and to working with parents and "
        "local agencies whenever a concern is raised about a child in our care.",
        "Reporting",
        "Staff report every concern to the Designated Safeguarding Lead on the same day, in writing.",
        "Records are kept securely and shared only with the people who need to see them.",
    ]
    assert policy.clauses[2].kind is ClauseKind.HEADING


def test_one_sentence_per_line_is_not_joined() -> None:
    policy = _parse("Rules\nStaff wear badges.\nVisitors sign in.\nDoors stay locked.\n")
    assert [c.text for c in policy.clauses][1:] == [
        "Staff wear badges.",
        "Visitors sign in.",
        "Doors stay locked.",
    ]


def test_front_matter_is_metadata_and_gives_the_title() -> None:
    policy = _parse(
        "---\ntitle: Lost Child Policy\norganisation: Sunnyside Club\nreviewed: 2024-09-01\n---\n\n"
        "If a child is missing, staff search the building at once.\n",
        "p.md",
    )
    assert policy.title == "Lost Child Policy"
    assert policy.organisation == "Sunnyside Club"
    assert policy.metadata_dict()["reviewed"] == "2024-09-01"
    assert [c.text for c in policy.clauses] == ["If a child is missing, staff search the building at once."]


def test_metadata_lines_fill_the_metadata() -> None:
    policy = _parse(
        "Fire Policy\n\nWe practise evacuation every term.\n\nDate: 15/08/2023\nTo be reviewed: 01/09/2024\n"
    )
    assert [c.kind for c in policy.clauses][-2:] == [ClauseKind.METADATA, ClauseKind.METADATA]
    assert policy.metadata_dict() == {"date": "15/08/2023", "to_be_reviewed": "01/09/2024"}


def test_utf16_with_bom_and_crlf_and_cr_line_endings() -> None:
    text = "Policy\r\n\r\nLine one is here.\rLine two is here.\n"
    policy = policydiff.parse_bytes(b"\xff\xfe" + text.encode("utf-16-le"), "p.txt")
    assert [c.text for c in policy.clauses] == ["Policy", "Line one is here.", "Line two is here."]


def test_cp1252_fallback_warns() -> None:
    policy = _parse("Policy\n\nDon\u2019t post photos.\n", encoding="cp1252")
    assert policy.clauses[-1].text == "Don\u2019t post photos."
    assert [w.code for w in policy.warnings] == ["encoding-fallback"]


def test_a_text_file_named_docx_is_read_as_text_with_a_warning() -> None:
    policy = _parse("Policy\n\nStaff sign in.\n", name="policy.docx")
    assert [c.text for c in policy.clauses] == ["Policy", "Staff sign in."]
    assert [w.code for w in policy.warnings] == ["suffix-mismatch"]


def test_bullets_pasted_from_word() -> None:
    policy = _parse("Rules\n\n\uf0b7\tStaff sign in.\no\tVisitors too.\n•\tDoors stay locked.\n")
    assert [(c.kind, c.text) for c in policy.clauses[1:]] == [
        (ClauseKind.LIST_ITEM, "Staff sign in."),
        (ClauseKind.LIST_ITEM, "Visitors too."),
        (ClauseKind.LIST_ITEM, "Doors stay locked."),
    ]


def test_a_typed_in_heading_number_is_a_label() -> None:
    policy = _parse(
        "# Policy\n\n## 4.2 Retention\n\nRecords are kept six years.\n\n## B. Access\n\nOnly staff.\n", "p.md"
    )
    headings = [(c.label, c.text) for c in policy.clauses if c.kind is ClauseKind.HEADING]
    assert headings == [("4.2", "Retention"), ("B.", "Access")]
    assert policy.clauses[2].section == ("Retention",)


HOLMES_TITLE = "Holmes Chapel Pre-School Safeguarding Policy\n\n"


def test_the_organisation_name_is_found_whole() -> None:
    policy = _parse(
        HOLMES_TITLE + "Holmes Chapel Pre-School is committed to keeping children safe.\n\n"
        "Staff at Holmes Chapel Pre-School report every concern the same day.\n"
    )
    assert policy.title == "Holmes Chapel Pre-School Safeguarding Policy"
    assert policy.organisation == "Holmes Chapel Pre-School"


def test_the_organisation_name_is_found_whole_when_the_body_says_the_pre_school() -> None:
    # "Holmes Chapel" alone is the village; the body calls the setting by the last word of its name.
    policy = _parse(
        HOLMES_TITLE + "The Pre-School serves families in Holmes Chapel and nearby villages.\n\n"
        "Staff at the Pre-School report every concern the same day.\n"
    )
    assert policy.organisation == "Holmes Chapel Pre-School"


def test_the_organisation_name_is_found_whatever_its_dashes_and_spaces() -> None:
    policy = _parse(
        HOLMES_TITLE + "Holmes Chapel\u00a0Pre\u2011School is committed to keeping children safe.\n"
    )
    assert policy.organisation == "Holmes Chapel Pre-School"


def test_a_generic_last_word_does_not_stretch_the_organisation_name() -> None:
    policy = _parse(
        "Sunnyside Club Safeguarding Policy\n\nSunnyside Club staff read the Policy every year.\n"
    )
    assert policy.organisation == "Sunnyside Club"


# --------------------------------------------------------------------------- real hard-wrapped text

TEXT_CORPUS = CORPUS / "text"


def _markdown_source(text_file: Path) -> Path:
    own = text_file.with_suffix(".source.markdown")
    return own if own.exists() else CORPUS / "realworld" / (text_file.stem + ".md")


def _pandoc_paragraphs(pandoc: str, source: Path) -> tuple[list[str], list[str]]:
    """Return the paragraphs (list items' included) and the headings pandoc reads, each on one line."""
    document = json.loads(
        subprocess.run(
            [pandoc, "-f", "gfm", "-t", "json", str(source)], capture_output=True, check=True, timeout=120
        ).stdout
    )
    paragraphs: list[Any] = []
    headings: list[Any] = []

    def walk(node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict) and "t" in node:
            if node["t"] in ("Para", "Plain"):
                paragraphs.append({"t": "Para", "c": node["c"]})
            elif node["t"] == "Header":
                headings.append({"t": "Para", "c": node["c"][2]})
            else:
                walk(node.get("c"))

    walk(document["blocks"])

    def plain(blocks: list[Any]) -> list[str]:
        single = dict(document, blocks=blocks)
        out = subprocess.run(
            [pandoc, "-f", "json", "-t", "plain", "--wrap=none"],
            input=json.dumps(single).encode(),
            capture_output=True,
            check=True,
            timeout=120,
        ).stdout.decode("utf-8")
        return [normalise.key(p) for p in out.split("\n\n") if p.strip()]

    return plain(paragraphs), plain(headings)


@pytest.mark.parametrize("text_file", sorted(TEXT_CORPUS.glob("*.txt")), ids=lambda p: p.name)
def test_hard_wrapped_text_keeps_every_paragraph_whole(text_file: Path) -> None:
    pandoc = require_program("pandoc")
    paragraphs, headings = _pandoc_paragraphs(pandoc, _markdown_source(text_file))
    policy = policydiff.parse(text_file)
    keys = [normalise.key(c.text) for c in policy.clauses]
    for paragraph in paragraphs:
        if len(paragraph.split()) < 4:
            continue
        holders = [k for k in keys if paragraph in k]
        expected = sum(paragraph in p for p in paragraphs)
        assert len(holders) == expected, f"{paragraph!r} is in {len(holders)} clauses: {holders}"
    # A paragraph's short last line is never read as a heading of its own.
    for clause in policy.clauses:
        if clause.kind is ClauseKind.HEADING and normalise.key(clause.text) not in headings:
            heading = normalise.key(clause.text)
            assert not [p for p in paragraphs if p != heading and p.endswith(" " + heading)], heading
