"""The JSON report's templates (issue 16): a comparison written by `iter_comparison` is byte for byte
`json.dumps(…, indent=2)` of the same objects, whatever the clauses and changes hold (ids and texts
with quotes, backslashes, control and non-ASCII characters, labels, locations, spans, annotations,
relabels, shared words, classes, formatting, empty sides)."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from policydiff.model import (
    Annotation,
    Change,
    ChangeClass,
    ChangeOp,
    Clause,
    ClauseKind,
    Comparison,
    Edit,
    EditOp,
    Format,
    FormatChange,
    Location,
    Policy,
    Relabel,
    Span,
)
from policydiff.renderers.json import comparison_object, iter_comparison, iter_document, tool, warnings

_TEXT = st.text(max_size=12)
_MAYBE = st.none() | _TEXT
_LOCATIONS = st.builds(
    Location,
    line=st.none() | st.integers(0, 9),
    part=_MAYBE,
    index=st.none() | st.integers(0, 9),
    row=st.none() | st.integers(0, 9),
    column=st.none() | st.integers(0, 9),
)
_CLAUSES = st.builds(
    Clause,
    id=_TEXT,
    kind=st.sampled_from(ClauseKind),
    text=_TEXT,
    key=st.just(""),
    level=st.integers(0, 6),
    label=_MAYBE,
    section=st.lists(_TEXT, max_size=3).map(tuple),
    spans=st.lists(
        st.builds(Span, start=st.integers(0, 5), end=st.integers(0, 9), href=_MAYBE), max_size=2
    ).map(tuple),
    location=_LOCATIONS,
    annotations=st.lists(st.builds(Annotation, author=_TEXT, text=_TEXT, date=_MAYBE), max_size=1).map(tuple),
)
_IDS = st.lists(_TEXT, max_size=3).map(tuple)
_CHANGES = st.builds(
    Change,
    op=st.sampled_from(ChangeOp),
    left=_IDS,
    right=_IDS,
    score=st.floats(0, 1) | st.sampled_from([0.0, 1.0, 0.123456789]),
    matched_by=_TEXT,
    edits=st.lists(
        st.builds(
            Edit, op=st.sampled_from(EditOp), text=_TEXT, cls=st.sampled_from([None, "", "slot", "cosmetic"])
        ),
        max_size=4,
    ).map(tuple),
    reworded=st.booleans(),
    formatting=st.lists(
        st.builds(FormatChange, text=_TEXT, left=st.builds(Format, href=_MAYBE), right=st.builds(Format)),
        max_size=1,
    ).map(tuple),
    label=st.none() | st.builds(Relabel, left=_MAYBE, right=_MAYBE),
    shared=st.lists(_TEXT, max_size=3).map(tuple),
    classes=st.lists(
        st.builds(ChangeClass, cls=_TEXT, left=_TEXT, right=_TEXT, direction=_MAYBE), max_size=2
    ).map(tuple),
)


def _policy(clauses: list[Clause]) -> Policy:
    return Policy('a "b".txt', "0" * 64, "text", None, "Org ’", (("k", "v"),), tuple(clauses))


@settings(max_examples=150)
@given(st.lists(_CLAUSES, max_size=5), st.lists(_CLAUSES, max_size=5), st.lists(_CHANGES, max_size=6))
def test_a_written_comparison_is_json_dumps_of_its_objects(
    left: list[Clause], right: list[Clause], changes: list[Change]
) -> None:
    comparison = Comparison(_policy(left), _policy(right), tuple(changes), ())
    expected = {
        "format": "policydiff.comparison",
        "schema_version": 1,
        "tool": tool(dict(comparison.options)),
        "warnings": warnings(comparison.warnings),
        **comparison_object(comparison),
    }
    written = b"".join(iter_comparison(comparison)).decode("utf-8")
    assert written == json.dumps(expected, ensure_ascii=False, indent=2) + "\n"
    assert json.loads(written) == json.loads(json.dumps(expected))


@given(st.lists(_CLAUSES, max_size=6))
def test_a_written_document_is_json_dumps_of_its_objects(clauses: list[Clause]) -> None:
    written = b"".join(iter_document(_policy(clauses))).decode("utf-8")
    report = json.loads(written)
    assert written == json.dumps(report, ensure_ascii=False, indent=2) + "\n"
    assert [c["id"] for c in report["clauses"]] == [c.id for c in clauses]
    assert [c["text"] for c in report["clauses"]] == [c.text for c in clauses]
