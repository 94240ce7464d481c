"""The plain-text reader on hostile inputs: flat implicit headings, bounded section paths, linear markup.

No clock here: these tests assert the structure that keeps the work and the output in proportion to
the input (`benchmarks/text_scaling.py` measures the time).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import policydiff
from policydiff.model import ClauseKind, Policy, Span
from policydiff.readers.text import parse_inline
from policydiff.segment import MAX_SECTION_DEPTH

from .conftest import run_cli


def _parse(text: str, name: str = "policy.txt") -> Policy:
    return policydiff.parse_bytes(text.encode("utf-8"), name)


def implicit_headings(count: int) -> str:
    """Return a plain-text policy: an underlined title and heading, then `count` implicit headings."""
    lines = ["Safety Policy", "=============", "", "General rules", "-------------", ""]
    for i in range(count):
        lines += [f"Heading number {i}", f"Staff follow rule {i} at all times.", ""]
    return "\n".join(lines)


def test_implicit_headings_are_siblings_under_the_explicit_heading() -> None:
    policy = _parse(implicit_headings(200))
    headings = [c for c in policy.clauses if c.kind is ClauseKind.HEADING]
    assert headings[0].text == "General rules"
    implicit = headings[1:]
    assert len(implicit) == 200
    assert {c.level for c in implicit} == {headings[0].level + 1}
    assert {c.section for c in implicit} == {("General rules",)}
    body = [c for c in policy.clauses if c.kind is ClauseKind.PARAGRAPH]
    assert body[-1].section == ("General rules", "Heading number 199")


def test_twenty_thousand_implicit_headings_keep_section_paths_short() -> None:
    policy = _parse(implicit_headings(20_000))
    assert max(len(c.section) for c in policy.clauses) == 2
    assert sum(len(c.section) for c in policy.clauses) <= 2 * len(policy.clauses)


def test_implicit_headings_without_markup_are_all_top_level() -> None:
    text = "".join(f"Part {i}\nEveryone reads part {i} carefully.\n\n" for i in range(50))
    policy = _parse("Visitors Policy\n\n" + text)
    headings = [c for c in policy.clauses if c.kind is ClauseKind.HEADING]
    assert len(headings) == 50
    assert {(c.level, c.section) for c in headings} == {(1, ())}


def test_typed_numbers_and_underlines_make_depth() -> None:
    policy = _parse(
        "Safety Policy\n\n"
        "1. Purpose\nWe keep children safe.\n\n"
        "1.1 Scope\nAll staff follow this policy.\n\n"
        "Visitors\nVisitors sign in at the office.\n\n"
        "Contractors\nContractors wear a badge.\n\n"
        "2. Fire\nWe practise drills every term.\n"
    )
    tree = [(c.kind, c.label, c.text, c.section) for c in policy.clauses if c.kind is ClauseKind.HEADING]
    assert tree == [
        (ClauseKind.HEADING, "1.", "Purpose", ()),
        (ClauseKind.HEADING, "1.1", "Scope", ("Purpose",)),
        (ClauseKind.HEADING, None, "Visitors", ("Purpose", "Scope")),
        (ClauseKind.HEADING, None, "Contractors", ("Purpose", "Scope")),
        (ClauseKind.HEADING, "2.", "Fire", ()),
    ]


def test_section_depth_and_path_text_are_bounded() -> None:
    # Twelve underline styles, each one level deeper, and a heading of 10,000 characters.
    styles = "=-~^\"'*+#:._"
    text = "Safety Policy\n\n" + "".join(
        f"Level {k}\n{c * 9}\n\nRule {k} applies.\n\n" for k, c in enumerate(styles)
    )
    text += "A" + " long" * 2000 + "\n" + "=" * 20 + "\n\nThe last rule applies.\n"
    policy = _parse(text)
    assert max(c.level for c in policy.clauses) <= MAX_SECTION_DEPTH
    assert max(len(c.section) for c in policy.clauses) <= MAX_SECTION_DEPTH
    assert max(len(part) for c in policy.clauses for part in c.section) <= 200
    assert policy.clauses[-1].section[-1].endswith("…")


def test_html_report_of_twenty_thousand_headings_is_in_proportion_to_the_input(tmp_path: Path) -> None:
    source = tmp_path / "headings.txt"
    source.write_text(implicit_headings(20_000), encoding="utf-8")
    report = tmp_path / "report.html"
    result = run_cli("compare", str(source), str(source), "--format", "html", "-o", str(report), timeout=600)
    assert result.returncode == 0, result.stderr
    assert report.stat().st_size <= 25 * source.stat().st_size


# --------------------------------------------------------------------------- inline markup

MEGABYTE = 1_000_000


@pytest.mark.parametrize(
    "unit",
    ["[a](", "**", "**a ", "_", "_a ", "__a ", "`", "`` a", "<", "<http://a", "*a ", "\\", "[a](b ("],
    ids=repr,
)
def test_a_line_of_repeated_markup_reads_as_its_text(unit: str) -> None:
    line = unit * (MEGABYTE // 4 // len(unit))
    text, spans = parse_inline(line)
    assert len(text) <= len(line)
    assert all(0 <= s.start <= s.end <= len(text) for s in spans)


def test_a_megabyte_of_unclosed_links_is_left_as_typed() -> None:
    line = "[a](" * (MEGABYTE // 4)
    assert parse_inline(line) == (line, ())


def test_strong_text_ends_at_the_next_double_asterisk() -> None:
    # "**a **b**": the second ** cannot close (a space before it), so it opens the bold "b".
    assert parse_inline("**a **b**") == ("**a b", (Span(4, 5, bold=True),))
    assert parse_inline("x **bold** and __also__ y") == (
        "x bold and also y",
        (Span(2, 6, bold=True), Span(11, 15, bold=True)),
    )


def test_link_targets_keep_balanced_parentheses() -> None:
    text, spans = parse_inline("See [the page](https://en.wikipedia.org/wiki/Ofsted_(agency)) now.")
    assert text == "See the page now."
    assert spans == (Span(4, 12, href="https://en.wikipedia.org/wiki/Ofsted_(agency)"),)


def test_lines_with_long_runs_of_spaces_are_classified() -> None:
    spaces = " " * 200_000
    policy = _parse(f"# Safety{spaces}#\n\nStaff sign in.\n\n|---{spaces}x|\n\n-{spaces}\n")
    assert policy.clauses[0].text == "Safety"
    assert [c.kind for c in policy.clauses][:2] == [ClauseKind.TITLE, ClauseKind.PARAGRAPH]


def test_a_table_rule_line_is_not_a_cell() -> None:
    policy = _parse("Rota\n\n| Day | Staff |\n|:---|---:|\n| Monday | Jane Smith |\n")
    cells = [c.text for c in policy.clauses if c.kind is ClauseKind.TABLE_CELL]
    assert cells == ["Day", "Staff", "Monday", "Jane Smith"]
