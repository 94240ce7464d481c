"""Hypothesis: the comparison invariants hold for generated policies and their mutations."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import policydiff
from policydiff.compare import compare_policies
from policydiff.model import ChangeOp

from .test_compare import _check_invariants

WORDS = st.sampled_from(
    "staff child parent club policy must may will not report concern record data photo phone "
    "safe online post share manager review training incident consent share secure".split()
)
SENTENCE = st.lists(WORDS, min_size=1, max_size=14).map(lambda ws: " ".join(ws).capitalize() + ".")
LINE = st.one_of(SENTENCE, SENTENCE.map(lambda s: "- " + s), st.sampled_from(["Rules", "Scope", "Reporting"]))


def _doc(lines: list[str]) -> str:
    return "Test Policy\n\n" + "\n\n".join(lines) + "\n"


@st.composite
def pairs(draw: st.DrawFn) -> tuple[str, str]:
    left = draw(st.lists(LINE, min_size=0, max_size=25))
    right = list(left)
    for _ in range(draw(st.integers(0, 6))):
        action = draw(st.sampled_from(["insert", "delete", "edit", "move"]))
        if action == "insert" or not right:
            right.insert(draw(st.integers(0, len(right))), draw(LINE))
        elif action == "delete":
            right.pop(draw(st.integers(0, len(right) - 1)))
        elif action == "edit":
            k = draw(st.integers(0, len(right) - 1))
            right[k] = right[k].rstrip(".") + " " + draw(WORDS) + "."
        else:
            item = right.pop(draw(st.integers(0, len(right) - 1)))
            right.insert(draw(st.integers(0, len(right))), item)
    return _doc(left), _doc(right)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pairs())
def test_invariants_and_mirror_on_generated_pairs(pair: tuple[str, str]) -> None:
    left = policydiff.parse_bytes(pair[0].encode(), "left.txt")
    right = policydiff.parse_bytes(pair[1].encode(), "right.txt")
    forward = compare_policies(left, right)
    _check_invariants(forward)
    _check_invariants(compare_policies(right, left))
    assert {c.op for c in compare_policies(left, left).changes} <= {ChangeOp.UNCHANGED}
