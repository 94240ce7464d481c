"""`Clauses`: a policy's clauses as columns, each `Clause` made when read, equal to the tuple it stands for;
the stages that read a field of every clause read it as a column and write the same reports."""

from __future__ import annotations

import copy
import pickle
from pathlib import Path

import pytest

from policydiff import parse, parse_bytes
from policydiff._values import replace
from policydiff.compare import compare_policies
from policydiff.model import (
    CLAUSE_FIELDS,
    Blocks,
    Clause,
    ClauseKind,
    Clauses,
    Location,
    Policy,
    Span,
    clause_column,
)
from policydiff.readers.text import _LOCATIONS, LineLocations, read_text
from policydiff.renderers import html, json, markdown

_ROWS = [
    ("c1", ClauseKind.HEADING, "Scope", "Scope", 1, None, (), (), Location(1), ()),
    (
        "c2",
        ClauseKind.PARAGRAPH,
        "Staff sign in.",
        "Staff sign in.",
        0,
        None,
        ("Scope",),
        (Span(0, 5, bold=True),),
        Location(2),
        (),
    ),
    ("c3", ClauseKind.LIST_ITEM, "one", "one", 0, "a)", ("Scope",), (), Location(3), ()),
]

_CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def _columns() -> tuple[list[object], ...]:
    return tuple(list(column) for column in zip(*_ROWS, strict=True))


def test_clauses_are_the_tuple_of_the_clauses_of_their_columns() -> None:
    made = tuple(Clause(*row) for row in _ROWS)
    clauses = Clauses(_columns())
    assert clauses[1] == made[1]
    assert clauses[1] is clauses[1]  # made once
    assert clauses[-1] == made[-1]
    assert clauses[0:2] == made[0:2]
    assert len(clauses) == 3
    assert list(clauses) == list(made)
    assert list(clauses)[1] is clauses[1]  # a clause read before is the one iterated
    assert clauses == made
    assert made == clauses
    assert clauses == Clauses(_columns())
    assert clauses != made[:2]
    assert hash(clauses) == hash(made)
    assert repr(clauses) == repr(made)
    assert made[2] in clauses
    assert pickle.loads(pickle.dumps(clauses)) == made
    assert copy.deepcopy(clauses) == made
    with pytest.raises(IndexError):
        Clauses(_columns())[3]
    empty = Clauses(((),) * 10)
    assert empty == () and not empty and len(empty) == 0


def test_a_column_is_the_field_of_every_clause() -> None:
    columns = _columns()
    clauses = Clauses(columns)
    made = tuple(Clause(*row) for row in _ROWS)
    for at, name in enumerate(CLAUSE_FIELDS):
        assert clause_column(clauses, name) is columns[at]  # the column itself, nothing made
        assert list(clause_column(made, name)) == [getattr(c, name) for c in made]
        assert list(clause_column(clauses, name)) == list(clause_column(made, name))
    assert clauses._all is None and clauses._made is None  # no `Clause` made by reading columns


def test_a_parsed_policy_with_clauses_equals_the_policy_with_their_tuple() -> None:
    policy = parse_bytes(b"Title Policy\n\n* one *item*\n- two\nParagraph one is here.\n", "x.txt")
    assert isinstance(policy.clauses, Clauses)
    as_tuple = replace(policy, clauses=tuple(policy.clauses))
    assert policy == as_tuple
    assert hash(policy) == hash(as_tuple)
    assert repr(policy) == repr(as_tuple)
    assert pickle.loads(pickle.dumps(policy)) == as_tuple


def _as_tuples(policy: Policy) -> Policy:
    return replace(policy, clauses=tuple(policy.clauses))


@pytest.mark.parametrize(
    "left, right",
    [
        ("jpac/social-media-policy.txt", "kidspace/social-media-policy.txt"),
        ("jpac/social-media-policy.md", "kidspace/social-media-policy.md"),
    ],
)
def test_reports_read_from_columns_are_the_reports_read_from_clauses(left: str, right: str) -> None:
    """The HTML, JSON and Markdown reports of two parsed policies (columns read where a stage reads every
    clause) are those of the same policies holding plain tuples of `Clause` (each clause read as a value)."""
    a, b = parse(_CORPUS / left), parse(_CORPUS / right)
    lazy = compare_policies(a, b)
    plain = compare_policies(_as_tuples(parse(_CORPUS / left)), _as_tuples(parse(_CORPUS / right)))
    assert b"".join(html.stream_comparison(lazy)) == b"".join(html.stream_comparison(plain))
    assert json.render_comparison(lazy) == json.render_comparison(plain)
    assert markdown.render_comparison(lazy) == markdown.render_comparison(plain)


def test_a_comparison_and_its_html_make_a_clause_only_for_what_changed() -> None:
    """Comparing a document with itself but one changed paragraph, and writing the HTML report, reads the
    unchanged clauses as columns: only the changed pair (and what the report shows beside it) is made."""
    lines = [f"Paragraph {n} says staff must keep record number {n} safe and dry." for n in range(1, 201)]
    left = parse_bytes("\n\n".join(["Records Policy", *lines]).encode(), "left.txt")
    lines[99] = lines[99].replace("must", "should")
    right = parse_bytes("\n\n".join(["Records Policy", *lines]).encode(), "right.txt")
    comparison = compare_policies(left, right)
    report = b"".join(html.stream_comparison(comparison))
    assert b"<del>must</del>" in report and report.count(b"unchanged clause") >= 2
    for clauses in (left.clauses, right.clauses):
        assert isinstance(clauses, Clauses)
        assert clauses._all is None  # never made whole
        made = [c for c in (clauses._made or []) if c is not None]
        assert 1 <= len(made) <= 5, len(made)


def test_line_locations_are_the_locations_of_their_lines_made_when_read() -> None:
    """The plain-text reader's blocks hold line numbers for `Location(line=n)`: each block's (and clause's)
    location is that value, one object a line shared by the files read, made only once read."""
    table = b"| a | b |\n|---|---|\n| one | two |\n"
    text = b"Title Policy\n\n" + table + b"\nStaff must sign in at the front desk every day.\n"
    document = read_text(text, "x.txt", "")
    assert isinstance(document.blocks, Blocks)
    locations = document.blocks.columns[6]
    assert isinstance(locations, LineLocations)
    expected = [Location(1), Location(3, row=0, column=0), Location(3, row=0, column=1)]
    expected += [Location(5, row=1, column=0), Location(5, row=1, column=1), Location(7)]
    assert [b.location for b in document.blocks] == expected
    assert list(locations) == expected
    assert [locations[k] for k in range(len(locations))] == expected
    assert locations[-1] == Location(7) and locations[1:3] == expected[1:3]
    again = read_text(b"Another Title\n", "z.txt", "")
    assert again.blocks[0].location is document.blocks[0].location  # one `Location` for line 1
    assert [c.location for c in parse_bytes(text, "x.txt").clauses] == expected
    # A line past any read so far: its `Location` is made when the block is read, a blank line's never.
    far = len(_LOCATIONS) + 5
    late = read_text(b"\n" * far + b"A paragraph far down the file, on its own line.\n", "y.txt", "")
    assert len(_LOCATIONS) == far - 5  # reading the file made none
    assert isinstance(late.blocks, Blocks)
    assert late.blocks.columns[6][0] == Location(far + 1)
    assert _LOCATIONS[far + 1] == Location(far + 1) and _LOCATIONS[far] is None
