"""Plain text as producers nobody here wrote lay it out: `pdftotext` of a PDF printed by Chromium, Word's
"Save as Plain Text" with line breaks, text wrapped by an e-mail client. The files in
`tests/fixtures/plaintext/` are made by `scripts/make_plaintext_fixtures.py`, whose source list is the
true structure they are checked against (see the README there)."""

from __future__ import annotations

import importlib.util
import textwrap
from pathlib import Path
from typing import Any

import pytest

import policydiff
from policydiff.model import ChangeOp, ClauseKind, Comparison, Policy

from .conftest import ROOT

FIXTURES = Path(__file__).parent / "fixtures" / "plaintext"


def _source() -> Any:
    spec = importlib.util.spec_from_file_location(
        "fixture_source", ROOT / "scripts" / "make_plaintext_fixtures.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SOURCE = _source()
V2024 = SOURCE.V2024
V2025 = SOURCE.review(V2024)


def _items(doc: list[tuple[str, str | None, object]]) -> list[tuple[str | None, str]]:
    """The numbered clauses, lettered sub-items and bullets of a source list: (label, text)."""
    return [(label, str(text)) for kind, label, text in doc if kind in ("n", "s", "b")]


def _parse(name: str) -> Policy:
    return policydiff.parse(FIXTURES / name)


def _read_items(policy: Policy) -> list[tuple[str | None, str]]:
    return [(c.label, c.text) for c in policy.clauses if c.kind is ClauseKind.LIST_ITEM]


def _edits(comparison: Comparison) -> list[tuple[str, str | None, str | None, str | None, str | None]]:
    """Every change but unchanged pairs with the same label: (op, left label, left text, right label, right
    text), one clause a side (none is split or merged in these pairs but the ones the tests leave out)."""
    left = {c.id: c for c in comparison.left.clauses}
    right = {c.id: c for c in comparison.right.clauses}
    found = []
    for change in comparison.changes:
        if change.op is ChangeOp.UNCHANGED and change.label is None:
            continue
        a = left[change.left[0]] if change.left else None
        b = right[change.right[0]] if change.right else None
        found.append(
            (
                str(change.op),
                a.label if a else None,
                a.text if a else None,
                b.label if b else None,
                b.text if b else None,
            )
        )
    return found


def _true_edits() -> list[tuple[str, str | None, str | None, str | None, str | None]]:
    """The review's edits as the source list has them, in right-hand order."""
    old = dict((label, str(text)) for label, text in _items(V2024) if label)
    new = _items(V2025)
    edits = []
    for label, text in new:
        if label is None:
            continue
        if label == "6.2":
            edits.append(("added", None, None, "6.2", text))
            continue
        old_label = label if not label.startswith("6.") or label == "6.1" else f"6.{int(label[2:]) - 1}"
        if old[old_label] != text:
            edits.append(("reworded", old_label, old[old_label], label, text))
        elif old_label != label:
            edits.append(("unchanged", old_label, text, label, text))
    return edits


@pytest.mark.parametrize("name", ["pdftotext-layout", "pdftotext"])
@pytest.mark.parametrize("year", ["2024", "2025"])
def test_pdf_page_headers_footers_and_numbers_are_dropped_and_cut_paragraphs_made_whole(
    name: str, year: str
) -> None:
    policy = _parse(f"safeguarding-{year}.{name}.txt")
    texts = [c.text for c in policy.clauses]
    assert not [t for t in texts if "Page " in t or f"Safeguarding Policy ({year})" in t]
    # 6.1 is cut by the first page break of 2024 and 2.1 by that of 2025 (a footer and a header between
    # their lines): each is one clause, whole, with its number.
    assert _read_items(policy) == _items(V2024 if year == "2024" else V2025)
    assert [w.code for w in policy.warnings] == ["page-furniture"]


def test_a_review_extracted_from_pdf_shows_its_real_edits_and_nothing_else() -> None:
    comparison = policydiff.compare(
        FIXTURES / "safeguarding-2024.pdftotext-layout.txt",
        FIXTURES / "safeguarding-2025.pdftotext-layout.txt",
    )
    found = _edits(comparison)
    # Left as they are: the 2024 title wraps over two lines in the PDF and is read as two title lines.
    title = [
        edit for edit in found if edit[2] and edit[2].startswith("Holmes Chapel Pre-School Safeguarding")
    ]
    assert [edit[0] for edit in title] == ["merged"]
    assert [edit for edit in found if edit not in title] == _true_edits()


def test_a_list_number_or_bullet_alone_on_its_line_numbers_the_text_after_it() -> None:
    """`pdftotext` without `-layout` puts a hanging list number or bullet on a line of its own."""
    policy = _parse("safeguarding-2024.pdftotext.txt")
    text = (FIXTURES / "safeguarding-2024.pdftotext.txt").read_text(encoding="utf-8")
    assert "\n1.1\n\nThis policy applies" in text and "\n•\n\nunexplained bruises" in text
    assert _read_items(policy)[:3] == _items(V2024)[:3]
    assert not [c for c in policy.clauses if c.text in ("1.1", "•")]


@pytest.mark.parametrize("year", ["2024", "2025"])
def test_word_text_with_line_breaks_keeps_each_list_item_whole(year: str) -> None:
    """Word's "Insert line breaks" wraps a list item's lines with no indent."""
    policy = _parse(f"safeguarding-{year}.word-wrapped.txt")
    want = [
        (label if kind != "s" else (label or "").strip("()") + ")", str(text))
        for kind, label, text in (V2024 if year == "2024" else V2025)
        if kind in ("n", "s", "b")
    ]
    # The contents list ("1.\tScope\t1") and the numbered headings ("1.\tScope") are items too.
    assert [item for item in _read_items(policy) if item[1] in {text for _, text in want}] == want
    # A table row (cells separated by tabs) is a clause of its own, not joined to the rows around it.
    assert [c.text for c in policy.clauses if "\t" in c.text and c.label is None][:2] == [
        "Contact\tTelephone\tWhen",
        "MASH (Cheshire East)\t0300 123 5012\tWeekdays 8.30 to 5",
    ]


def test_a_review_saved_by_word_with_line_breaks_shows_its_real_edits_and_nothing_else() -> None:
    comparison = policydiff.compare(
        FIXTURES / "safeguarding-2024.word-wrapped.txt", FIXTURES / "safeguarding-2025.word-wrapped.txt"
    )
    found = _edits(comparison)
    version = ("reworded", None, "Version 2024. Next review: 1. September 2025")
    assert [edit for edit in found if edit[:3] != version] == _true_edits()


@pytest.mark.parametrize("width", range(40, 80))
def test_a_line_broken_at_a_hyphen_joins_without_a_space(width: str) -> None:
    """An e-mail client (as Python's `textwrap`) breaks a long line after a hyphen: "Pre-" then "School"."""
    sentence = str(V2024[1][2])  # "Holmes Chapel Pre-School believes that every child …"
    clause = str(V2024[3][2])
    text = "\n".join(textwrap.wrap(sentence, width)) + "\n\n" + "\n".join(textwrap.wrap(clause, width)) + "\n"
    policy = policydiff.parse_bytes(text.encode(), "mail.txt")
    assert [c.text for c in policy.clauses] == [sentence, clause]
