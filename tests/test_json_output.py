"""The JSON writer: streamed pieces are byte for byte `json.dumps(…, indent=2)`, as consumers expect."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from policydiff.compare import compare
from policydiff.renderers.json import Lazy, iter_comparison, iter_json, pretty, render_comparison

from .conftest import CORPUS

_SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=30,
)


def _reference(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


@given(_VALUES)
def test_pretty_matches_the_standard_library(value: Any) -> None:
    assert pretty(value) == _reference(value)


@given(st.dictionaries(st.text(max_size=6), _VALUES, max_size=4), st.lists(_VALUES, max_size=5))
def test_streamed_json_with_a_lazy_array_matches_the_standard_library(
    head: dict[str, Any], items: list[Any]
) -> None:
    value = {**head, "nested": {"items": Lazy(iter(items))}, "tail": Lazy(iter(items))}
    streamed = b"".join(iter_json(value))
    expected = _reference({**head, "nested": {"items": items}, "tail": items}) + "\n"
    assert streamed.decode("utf-8") == expected


def test_a_streamed_comparison_is_one_json_document() -> None:
    comparison = compare(
        CORPUS / "jpac" / "social-media-policy.txt", CORPUS / "kidspace" / "social-media-policy.txt"
    )
    pieces = list(iter_comparison(comparison, date="2026-01-01"))
    data = b"".join(pieces)
    assert data == render_comparison(comparison, date="2026-01-01")
    report = json.loads(data)
    assert data.decode("utf-8") == _reference(report) + "\n"
    assert len(report["changes"]) == len(comparison.changes)
