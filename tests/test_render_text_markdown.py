"""The Markdown report and the terminal view: counts, numbering, escaping, slots marked."""

from __future__ import annotations

import re
from pathlib import Path

from policydiff.compare import compare
from policydiff.renderers.html import render_comparison as render_html
from policydiff.renderers.markdown import escape
from policydiff.renderers.markdown import render_comparison as render_md
from policydiff.renderers.text import CLASSES_LEGEND, LEGEND
from policydiff.renderers.text import render_comparison as render_text

from .conftest import CORPUS, ROOT
from .test_render_html import sample_comparison

SEEDS = (CORPUS / "jpac/social-media-policy.txt", CORPUS / "kidspace/social-media-policy.txt")


def test_markdown_counts_numbering_and_slots() -> None:
    comparison = compare(*SEEDS)
    text = render_md(comparison).decode("utf-8")
    for op, count in comparison.stats().items():
        assert re.search(rf"^\| {op.capitalize()} \| {count} \|$", text, re.M), op
    numbers = [int(n) for n in re.findall(r'^(\d+)\. <a id="change-\d+"></a>\*\*', text, re.M)]
    assert numbers == list(range(1, 28))  # 25 changes and 2 cosmetic-only clauses; unchanged ones are not
    assert (
        "| [24](#change-24) | · Cosmetic only | Unchanged "
        "| General cautions for using social media › bullet 1 |" in text
    )
    assert "| \\! Substantive | 25 |" in text
    assert (
        "| [7](#change-7) | \\! Substantive | Reworded | Opening › bullet 11 | <del>WhatsApp</del> → "
        "<ins>Messaging services and group chats, including …</ins> (1 word out, 11 in) |"
    ) in text
    assert "| [4](#change-4) | \\! Substantive | Added | Opening › bullet 5 | “Instagram” |" in text
    assert "| JPAC LTD | Kidspace Wrap Around Care |" in text
    assert '<del title="slot">JPAC LTD</del><ins title="slot">Kidspace Wrap Around Care</ins>' in text
    assert "Social media rules" in text


def test_markdown_escapes_html_and_markdown_in_policy_text() -> None:
    text = render_md(sample_comparison(hostile=True)).decode("utf-8")
    assert "<script>" not in text and "</td>" not in text
    assert escape("**bold** <b>x</b> [link](y)") == r"\*\*bold\*\* &lt;b&gt;x&lt;/b&gt; \[link\]\(y\)"


def test_markdown_is_reproducible_and_dated_only_when_asked() -> None:
    comparison = compare(*SEEDS)
    assert render_md(comparison) == render_md(comparison)
    assert b"date:" not in render_md(comparison)
    assert b"- date: 2024\\-05\\-01" in render_md(comparison, date="2024-05-01")


def test_markdown_shows_classes_in_the_summary_and_the_change_list() -> None:
    text = render_md(compare(*SEEDS)).decode("utf-8")
    # Read in reports/jpac-vs-kidspace.md: "will → may" in a kept clause; JPAC's "MUST be used for
    # professional purposes only" dropped whole; two Kidspace "must" clauses added whole; two items added
    # under the kept lead-in "When using social media sites, staff must not:".
    assert (
        "**What changed for a reviewer:** 1 obligation weaker, 4 obligations added, 1 obligation removed."
        in text
    )
    assert "   - **obligation weaker: will → may**" in text
    assert text.count("   - **obligation added: must**") == 2
    assert text.count("   - **obligation removed: must**") == 1
    assert text.count("   - **obligation added: must not**") == 2


def test_terminal_view_counts_changes_and_marks_slots() -> None:
    comparison = compare(*SEEDS)
    text = render_text(comparison).decode("utf-8")
    lines = text.splitlines()
    assert lines[0].endswith(
        ": 15 unchanged, 11 reworded, 12 added, 2 removed; formatting or links changed in 2"
        "; 1 obligation weaker, 4 obligations added, 1 obligation removed"
    )
    assert lines[1] == (
        "to sign off: 27 (2 unchanged clauses that only look different among them) — 25 substantive, "
        "0 formatting, 0 organisation name only, 2 cosmetic only"
    )
    assert "      ! obligation weaker: will → may" in text
    assert "[~JPAC LTD~]{~Kidspace Wrap Around Care~}" in text
    assert "[-have to-]{+must+}" in text
    assert "[=don't=]{=don’t=}" in text  # cosmetic: marked apart from the organisation name
    assert "\x1b[" not in text
    coloured = render_text(comparison, color=True).decode("utf-8")
    assert "\x1b[31m[-have to-]\x1b[0m\x1b[32m{+must+}\x1b[0m" in coloured  # colour on top of the marks
    assert "\x1b[34m[~JPAC LTD~]\x1b[0m" in coloured


def test_terminal_view_shows_as_many_changes_as_it_counts() -> None:
    comparison = compare(*SEEDS)
    text = render_text(comparison).decode("utf-8")
    shown = re.findall(r"^ *(\d+) [!F~·] ", text, re.M)
    assert [int(n) for n in shown] == list(range(1, 28))
    classes = re.findall(r"^ *\d+ ([!F~·]) ", text, re.M)
    assert (classes.count("!"), classes.count("F"), classes.count("~"), classes.count("·")) == (25, 0, 0, 2)
    unchanged = len(comparison.changes) - 27
    assert text.endswith(f"\n{unchanged} unchanged clause(s) not shown.\n")


def test_terminal_view_legend_and_an_added_item_inside_its_list() -> None:
    text = render_text(compare(*SEEDS)).decode("utf-8")
    assert LEGEND == (
        "Key: [-deleted-] {+inserted+}  [~old~]{~new~} organisation name only  [=old=]{=new=} cosmetic only"
        "  ¶ clause boundary  … context (an unchanged neighbour)"
    )
    assert "\n" + LEGEND + "\n" + CLASSES_LEGEND + "\n" in text
    assert CLASSES_LEGEND == "Classes: ! substantive  F formatting  ~ organisation name only  · cosmetic only"
    assert (
        "  4 ! Added     Opening › bullet 5  [substantive]\n"
        "      … • Tumblr  (context)\n"
        "      + • {+Instagram+}\n"
        "      … • Clubhouse  (context; change 5)\n"
        "      why: not paired (left none → right c9)\n"
    ) in text


def test_terminal_view_of_identical_files() -> None:
    case = ROOT / "tests/cases/identical"
    text = render_text(compare(case / "left.txt", case / "right.txt")).decode("utf-8")
    assert "9 unchanged clause(s) not shown." in text
    assert "\nto sign off: 0 — 0 substantive, " in text


def test_markdown_shows_the_documents_details_as_the_html_report_does(tmp_path: Path) -> None:
    # An annual review of a real reST policy that changes only its docinfo: the review date and the officer.
    # They are metadata, not clauses, so the header table is the only place they show (session 17).
    text = (CORPUS / "rst/safeguarding-policy.rst").read_text(encoding="utf-8")
    left, right = tmp_path / "old.rst", tmp_path / "new.rst"
    left.write_text(text, encoding="utf-8")
    right.write_text(
        text.replace(":Reviewed: September 2025", ":Reviewed: September 2026").replace(
            ":Officer: Sam Patel,", ":Officer: Ruth Owen,"
        ),
        encoding="utf-8",
    )
    comparison = compare(left, right)
    assert not [c for c in comparison.changes if c.op.value != "unchanged"]
    markdown = render_md(comparison).decode("utf-8")
    html = render_html(comparison).decode("utf-8")
    for key, old, new in (
        ("reviewed", "September 2025", "September 2026"),
        ("officer", "Sam Patel, Designated Safeguarding Lead", "Ruth Owen, Designated Safeguarding Lead"),
    ):
        assert f"| {key} | {old} | {new} |" in markdown
        assert f'<th scope="row">{key.capitalize()}</th><td>{old}</td><td>{new}</td>' in html
