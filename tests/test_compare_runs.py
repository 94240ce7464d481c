"""Unchanged clauses held as index ranges (issue 16): `Changes` reads as the tuple of every change, and the
runs' changes are those the general path makes."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import policydiff
from policydiff._values import replace
from policydiff.align import Group
from policydiff.compare import _change, _group_edits, compare_policies, differs
from policydiff.model import CLASS_NAMES, Change, ChangeOp, Changes, Comparison, Policy, UnchangedRun

from .conftest import CORPUS
from .test_compare_properties import pairs

_PAIRS = [
    (CORPUS / "jpac" / "social-media-policy.txt", CORPUS / "kidspace" / "social-media-policy.txt"),
    (CORPUS / "text" / "cncf-coc-v1.0-2017.txt", CORPUS / "text" / "cncf-coc-v1.1-2021.txt"),
    (CORPUS / "jpac" / "social-media-policy.docx", CORPUS / "kidspace" / "social-media-policy.docx"),
]


def _compare(left: Path, right: Path, **options: object) -> Comparison:
    return compare_policies(policydiff.parse(left), policydiff.parse(right), **options)  # type: ignore[arg-type]


def _flat(comparison: Comparison) -> list[Change]:
    """The changes `parts` stands for, each run spelt out by its definition."""
    lc, rc = comparison.left.clauses, comparison.right.clauses
    out: list[Change] = []
    for part in comparison.parts():
        if isinstance(part, UnchangedRun):
            assert part.length >= 1
            for k in range(part.length):
                a, b = lc[part.left + k], rc[part.right + k]
                assert a.text == b.text and a.label == b.label and not a.spans and not b.spans
                out.append(Change(ChangeOp.UNCHANGED, (a.id,), (b.id,), 1.0, "exact"))
        else:
            assert isinstance(part, Change)
            out.append(part)
    return out


def _reference_order(groups: list[Group]) -> list[int]:
    """The right-hand order of session 6's `_order`, one group per change: by first right clause, each
    removal right after the change holding its nearest left-hand predecessor."""
    first = [min(g.right) if g.right else -1 for g in groups]
    placed = sorted([k for k, at in enumerate(first) if at >= 0], key=first.__getitem__)
    removed = sorted([k for k, at in enumerate(first) if at < 0], key=lambda k: groups[k].left[0])
    owner = {i: k for k in placed for i in groups[k].left}
    after: dict[int, list[int]] = {}
    head: list[int] = []
    for k in removed:
        index = groups[k].left[0] - 1
        while index >= 0 and index not in owner:
            index -= 1
        (head if index < 0 else after.setdefault(owner[index], [])).append(k)
        for i in groups[k].left:
            owner[i] = k
    out: list[int] = []

    def put(k: int) -> None:
        out.append(k)
        for later in after.get(k, ()):
            put(later)

    for k in [*head, *placed]:
        put(k)
    return out


def _check(comparison: Comparison) -> None:
    changes = comparison.changes
    flat = _flat(comparison)
    # Read before anything is made, then iterated: the same values.
    assert [changes[i] for i in range(len(changes))] == flat
    assert [changes[i] for i in range(-len(changes), 0)] == flat
    assert list(changes) == flat and len(changes) == len(flat)
    assert changes == tuple(flat) and tuple(flat) == changes and hash(changes) == hash(tuple(flat))
    assert changes[1:4] == tuple(flat[1:4]) and repr(changes) == repr(tuple(flat))
    with pytest.raises(IndexError):
        changes[len(flat)]
    # The stats count what a pass over every change counts.
    plain = replace(comparison, changes=tuple(flat))
    assert list(plain.parts()) == flat
    assert comparison.stats() == plain.stats()
    assert comparison.detail_stats() == plain.detail_stats()
    assert comparison.class_stats() == plain.class_stats()
    assert comparison == plain and plain == comparison
    assert differs(comparison) == differs(plain)
    for names in ([], ["modality"], list(CLASS_NAMES)):
        assert differs(comparison, fail_on=names) == differs(plain, fail_on=names)
    assert pickle.loads(pickle.dumps(comparison)) == comparison
    # The order is the right-hand order of one group per change, however the groups come.
    lpos = {c.id: i for i, c in enumerate(comparison.left.clauses)}
    rpos = {c.id: j for j, c in enumerate(comparison.right.clauses)}
    groups = [Group(tuple(lpos[i] for i in c.left), tuple(rpos[j] for j in c.right), "x", 0.0) for c in flat]
    backwards = groups[::-1]
    assert [len(groups) - 1 - k for k in _reference_order(backwards)] == list(range(len(groups)))


def _general(left: Policy, right: Policy, i: int, j: int) -> Change:
    """The change of an exact one-to-one pair by the general path (word edits, then `_change`)."""
    group = Group((i,), (j,), "exact", 1.0)
    result = _group_edits(left, right, group, (), 1.0)
    return _change(left, right, group, result)


@pytest.mark.parametrize(("left", "right"), _PAIRS, ids=lambda p: p.parent.name + "/" + p.name)
def test_runs_read_as_every_change(left: Path, right: Path) -> None:
    for options in ({}, {"use_slots": False, "word_edits": False}):
        comparison = _compare(left, right, **options)
        assert isinstance(comparison.changes, Changes)
        _check(comparison)
        _check(_compare(right, left, **options))


@pytest.mark.parametrize(("left", "right"), _PAIRS, ids=lambda p: p.parent.name + "/" + p.name)
def test_a_run_holds_the_changes_the_general_path_makes(left: Path, right: Path) -> None:
    comparison = _compare(left, right)
    runs = [p for p in comparison.parts() if isinstance(p, UnchangedRun)]
    assert runs
    for run in runs:
        for k in range(run.length):
            made = comparison.changes[_position(comparison, run) + k]
            assert made == _general(comparison.left, comparison.right, run.left + k, run.right + k)


def _position(comparison: Comparison, run: UnchangedRun) -> int:
    at = 0
    for part in comparison.parts():
        if part is run:
            return at
        at += part.length if isinstance(part, UnchangedRun) else 1
    raise AssertionError("run not found")


def test_a_document_against_itself_is_runs_between_its_formatted_clauses() -> None:
    policy = policydiff.parse(CORPUS / "jpac" / "social-media-policy.txt")
    comparison = compare_policies(policy, policy)
    expected: list[object] = []
    for k, clause in enumerate(policy.clauses):
        if clause.spans:  # a link or emphasis: compared for formatting, an ordinary change
            expected.append(Change(ChangeOp.UNCHANGED, (clause.id,), (clause.id,), 1.0, "exact"))
        elif expected and isinstance(expected[-1], UnchangedRun):
            expected[-1] = UnchangedRun(expected[-1].left, expected[-1].right, expected[-1].length + 1)
        else:
            expected.append(UnchangedRun(k, k, 1))
    assert any(c.spans for c in policy.clauses)
    assert list(comparison.parts()) == expected
    assert comparison.stats()["unchanged"] == len(policy.clauses) == len(comparison.changes)
    _check(comparison)


_FEW = st.sampled_from(
    ["Staff must report concerns.", "Records are kept safe.", "Photos need consent.", "Phones are off."]
)


@st.composite
def repeating_pairs(draw: st.DrawFn) -> tuple[str, str]:
    """Documents of a few repeated lines, so that later passes pair equal keys the anchors could not."""
    left = draw(st.lists(_FEW, min_size=0, max_size=12))
    right = list(left)
    for _ in range(draw(st.integers(1, 4))):
        action = draw(st.sampled_from(["insert", "delete", "move"]))
        if action == "insert" or not right:
            right.insert(draw(st.integers(0, len(right))), draw(_FEW))
        elif action == "delete":
            right.pop(draw(st.integers(0, len(right) - 1)))
        else:
            item = right.pop(draw(st.integers(0, len(right) - 1)))
            right.insert(draw(st.integers(0, len(right))), item)
    return "Test Policy\n\n" + "\n\n".join(left) + "\n", "Test Policy\n\n" + "\n\n".join(right) + "\n"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(pairs(), repeating_pairs()))
def test_runs_on_generated_pairs(pair: tuple[str, str]) -> None:
    left = policydiff.parse_bytes(pair[0].encode(), "left.txt")
    right = policydiff.parse_bytes(pair[1].encode(), "right.txt")
    for a, b in ((left, right), (right, left)):
        comparison = compare_policies(a, b)
        _check(comparison)
        for part in comparison.parts():
            if isinstance(part, UnchangedRun):
                for k in range(part.length):
                    made = Change(
                        ChangeOp.UNCHANGED,
                        (a.clauses[part.left + k].id,),
                        (b.clauses[part.right + k].id,),
                        1.0,
                        "exact",
                    )
                    assert made == _general(a, b, part.left + k, part.right + k)
