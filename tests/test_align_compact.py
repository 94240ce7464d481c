"""`align_compact` (issue 16): the same alignment as `align`, the exact anchor pairs as two index lists."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

import policydiff
from policydiff import align
from policydiff.align import Group
from policydiff.model import Clause

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
PAIRS = [
    ("text/contributor-covenant-v1.4.txt", "text/contributor-covenant-v2.0.txt"),
    ("text/cncf-coc-v1.0-2017.txt", "text/cncf-coc-v1.3-2026.txt"),
    ("text/cncf-coc-v1.2-2022.txt", "text/cncf-coc-v1.3-2026.txt"),
    ("text/holmes-chapel-safeguarding.txt", "text/sunnyside-visitors.txt"),
]


def _check(
    lclauses: Sequence[Clause], rclauses: Sequence[Clause], lkeys: list[str], rkeys: list[str]
) -> align.Aligned:
    full = align.align(lclauses, rclauses, lkeys, rkeys)
    compact = align.align_compact(lclauses, rclauses, lkeys, rkeys)
    exact = list(zip(compact.exact_left, compact.exact_right, strict=True))
    assert compact.exact_left == sorted(compact.exact_left)
    assert compact.exact_right == sorted(compact.exact_right)
    plain = {Group((i,), (j,), "exact", 1.0) for i, j in exact}
    # `align` lists the anchors first: the plain ones are exactly the compact pairs, and the rest of its
    # list is `groups`, in the same order.
    head = full[: len(full) - len(compact.groups)]
    assert head == [Group((i,), (j,), "exact", 1.0) for i, j in exact]
    assert full[len(head) :] == compact.groups
    assert all(g not in plain for g in compact.groups)
    lefts = sorted([*compact.exact_left, *(i for g in compact.groups for i in g.left)])
    rights = sorted([*compact.exact_right, *(j for g in compact.groups for j in g.right)])
    assert lefts == list(range(len(lclauses)))
    assert rights == list(range(len(rclauses)))
    return compact


@pytest.mark.parametrize(("a", "b"), PAIRS)
def test_compact_alignment_is_align_without_a_group_per_anchor(a: str, b: str) -> None:
    left, right = policydiff.parse(CORPUS / a), policydiff.parse(CORPUS / b)
    lkeys, rkeys = [c.key for c in left.clauses], [c.key for c in right.clauses]
    _check(list(left.clauses), list(right.clauses), lkeys, rkeys)


def test_an_anchor_that_became_a_merge_is_a_group_not_an_exact_pair() -> None:
    # An unpaired clause whose words all stand in an anchor's clause joins it (`_absorb`) when the join
    # gains `split_gain`: never with thresholds from 0 to 1 (an anchor scores 1 with itself), so a
    # negative gain stands in for the pass a future change may make reachable.
    lkeys = ["rules", "keep the visit records", "staff keep the visit records safely", "end"]
    rkeys = ["rules", "staff keep the visit records safely", "end"]
    clause = policydiff.parse_bytes(b"Test Policy\n\nStaff keep records.\n", "x.txt").clauses[1]
    thresholds = align.Thresholds(split_gain=-1.0)
    full = align.align([clause] * 4, [clause] * 3, lkeys, rkeys, thresholds=thresholds)
    compact = align.align_compact([clause] * 4, [clause] * 3, lkeys, rkeys, thresholds=thresholds)
    assert (full[1].left, full[1].right, full[1].matched_by) == ((1, 2), (1,), "merge")
    assert (compact.exact_left, compact.exact_right) == ([0, 3], [0, 2])
    assert compact.groups == [full[1]]
    assert full == [full[0], full[1], full[2]]


def test_identical_documents_are_all_exact_pairs() -> None:
    policy = policydiff.parse(CORPUS / "text/contributor-covenant-v2.0.txt")
    keys = [c.key for c in policy.clauses]
    compact = align.align_compact(policy.clauses, policy.clauses, keys, keys)
    n = len(policy.clauses)
    assert compact.exact_left == list(range(n)) == compact.exact_right
    assert compact.groups == []
