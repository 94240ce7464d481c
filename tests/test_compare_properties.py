"""Hypothesis: the comparison invariants hold for generated policies and their mutations."""

from __future__ import annotations

import itertools

import pytest
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


# --- The hot path's data layout (issue 16) gives the values of the plain definitions -------------------

TOKENS = st.lists(st.sampled_from("a b c d e f g staff child must may not record".split()), max_size=30)


@settings(max_examples=300, deadline=None)
@given(TOKENS, TOKENS)
def test_bags_count_shared_words_with_their_multiplicity(a: list[str], b: list[str]) -> None:
    from collections import Counter

    from policydiff.align import bag_of

    vocab: dict[str, int] = {}
    ia = [vocab.setdefault(t, len(vocab)) for t in a]
    ib = [vocab.setdefault(t, len(vocab)) for t in b]
    assert len(bag_of(ia) & bag_of(ib)) == sum((Counter(a) & Counter(b)).values())
    assert len(bag_of(ia)) == len(a)


@settings(max_examples=200, deadline=None)
@given(TOKENS, TOKENS)
def test_clause_scores_from_ids_and_bags_equal_the_word_list_similarity(a: list[str], b: list[str]) -> None:
    from policydiff import align

    clause = policydiff.parse_bytes(b"Test Policy\n\nStaff keep records.\n", "x.txt").clauses[1]
    ka, kb = " ".join(a), " ".join(b)
    vocab: dict[str, int] = {}
    left = align._side([clause], [ka], vocab)
    right = align._side([clause], [kb], vocab)
    expected = align.similarity_tokens(align.tokens(ka), align.tokens(kb), ka, kb)
    assert align._score(left, right, 0, 0) == pytest.approx(expected, abs=1e-12)
    if a and b:
        assert align._contained(left, 0, right, 0) == pytest.approx(align.containment(a, b), abs=1e-12)


SENTENCES = st.lists(SENTENCE, min_size=2, max_size=8)


@settings(max_examples=100, deadline=None)
@given(SENTENCES, SENTENCES)
def test_word_edits_do_not_depend_on_the_pairs_diffed_before(lefts: list[str], rights: list[str]) -> None:
    """One encoder serves every pair of a comparison: its codes are made by earlier pairs, and the edits of
    each pair are still those of a fresh diff."""
    from policydiff import inline

    slots = [("Club", "Kidspace")]
    encoder = inline.Encoder(slots)
    for a, b in zip(lefts, rights, strict=False):
        shared = inline.diff(a + " Club", b + " Kidspace", slots=slots, encoder=encoder)
        assert shared == inline.diff(a + " Club", b + " Kidspace", slots=slots)


@st.composite
def anchor_pairs(draw: st.DrawFn) -> list[tuple[int, int, float]]:
    """Pairs with distinct left and distinct right indices, mostly in order (unchanged stretches)."""
    n = draw(st.integers(0, 40))
    lefts = sorted(draw(st.lists(st.integers(0, 80), min_size=n, max_size=n, unique=True)))
    rights = sorted(draw(st.lists(st.integers(0, 80), min_size=len(lefts), max_size=len(lefts), unique=True)))
    for _ in range(draw(st.integers(0, 4))):
        if len(rights) > 1:
            a, b = draw(st.integers(0, len(rights) - 1)), draw(st.integers(0, len(rights) - 1))
            rights[a], rights[b] = rights[b], rights[a]
    weights = draw(st.lists(st.integers(1, 5), min_size=len(lefts), max_size=len(lefts)))
    return [(a, b, float(w)) for a, b, w in zip(lefts, rights, weights, strict=True)]


@settings(max_examples=300, deadline=None)
@given(anchor_pairs())
def test_the_anchor_chain_over_runs_is_a_heaviest_chain(pairs: list[tuple[int, int, float]]) -> None:
    from policydiff.align import _heaviest_runs, heaviest_chain

    chain = _heaviest_runs(pairs)
    assert set(chain) <= set(pairs)
    assert all(x[0] < y[0] and x[1] < y[1] for x, y in itertools.pairwise(chain))
    assert sum(p[2] for p in chain) == sum(p[2] for p in heaviest_chain(pairs))
