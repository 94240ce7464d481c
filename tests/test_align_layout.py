"""align's data layout (issue 16): the batched and C-level paths give the values of the plain definitions."""

from __future__ import annotations

import itertools
import math
import re
from bisect import bisect_left
from collections import Counter

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import policydiff
from policydiff import align
from policydiff.lexicon import is_distinctive
from policydiff.model import Clause

WORDS = "a b c d e f g staff child must may not record Record RECORD staff's co-op x1 é Ünïcode".split()
KEYS = st.lists(st.sampled_from(WORDS), max_size=30).map(" ".join)
SEPARATORS = st.sampled_from([" ", ", ", " - ", ": ", "\t", "  ", "/"])


def _clause() -> Clause:
    return policydiff.parse_bytes(b"Test Policy\n\nStaff keep records.\n", "x.txt").clauses[1]


def _sides(lkeys: list[str], rkeys: list[str]) -> tuple[align._Side, align._Side]:
    vocab: dict[str, int] = {}
    clause = _clause()
    return (
        align._side([clause] * len(lkeys), lkeys, vocab),
        align._side([clause] * len(rkeys), rkeys, vocab),
    )


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(KEYS, SEPARATORS).map(lambda p: p[0].replace(" ", p[1])), max_size=12))
def test_words_cut_in_one_batch_are_the_words_of_each_key(keys: list[str]) -> None:
    one, _ = _sides(keys, [])
    one.tokens.fill(range(len(keys)))
    for i, key in enumerate(keys):
        assert one.tokens[i] == align.tokens(key)
        assert one.tokens.sorted_ids(i) == sorted(one.tokens.ids(i))


def test_a_key_holding_the_batch_separator_is_cut_alone() -> None:
    keys = ["staff keep\nrecords", "Child record", "plain"]
    one, _ = _sides(keys, [])
    one.tokens.fill(range(3))
    assert [one.tokens[i] for i in range(3)] == [align.tokens(k) for k in keys]


@settings(max_examples=200, deadline=None)
@given(KEYS, st.lists(KEYS, max_size=12), st.sampled_from([0.0, 0.3, 0.6, 0.9]))
def test_batched_scores_equal_one_pair_at_a_time(key: str, others: list[str], least: float) -> None:
    left, right = _sides([key], others)
    js = list(range(len(others)))
    many = align._score_many(left, right, 0, js, least)
    for j, got in zip(js, many, strict=True):
        want = align._score_indel(left, right, 0, j)
        if got != want:  # only a pair that cannot reach `least` may be left out
            assert got == (-1.0, 0.0)
            assert want[0] < least
    floor = max(least, 0.1)
    assert align._pair_scores(left, right, 0, js, floor) == [
        align._pair_score(left, right, 0, j, floor) for j in js
    ]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=20), st.lists(st.sampled_from(WORDS), max_size=20))
def test_shared_words_keep_their_definition(a: list[str], b: list[str]) -> None:
    a, b = [w.lower() for w in a], [w.lower() for w in b]
    mine = {t for t in a if is_distinctive(t)}
    exact = tuple(dict.fromkeys(t for t in b if t in mine))
    got = align.shared_words(a, b)
    if exact or not mine:
        assert got == exact
    else:
        assert set(got) <= set(b)


def test_the_candidate_index_ranks_rare_words_first() -> None:
    keys = ["alpha beta gamma", "beta gamma delta", "gamma delta epsilon", "zeta"]
    side, _ = _sides(keys, [])
    index = align._Index(side, range(len(keys)), rare=2)
    plain = sorted({"beta", "gamma", "delta"}, key=lambda t: (index.df.get(t, 0), -len(t), t))
    assert index._rarest(["beta", "gamma", "delta"]) == plain[:2]
    assert index.candidates(["epsilon", "alpha"]) == [0, 2]


@st.composite
def anchor_pairs(draw: st.DrawFn) -> list[tuple[int, int, float]]:
    n = draw(st.integers(0, 30))
    lefts = sorted(draw(st.lists(st.integers(0, 60), min_size=n, max_size=n, unique=True)))
    rights = sorted(draw(st.lists(st.integers(0, 60), min_size=len(lefts), max_size=len(lefts), unique=True)))
    for _ in range(draw(st.integers(0, 3))):
        if len(rights) > 1:
            x, y = draw(st.integers(0, len(rights) - 1)), draw(st.integers(0, len(rights) - 1))
            rights[x], rights[y] = rights[y], rights[x]
    weights = draw(st.lists(st.integers(1, 9), min_size=len(lefts), max_size=len(lefts)))
    return [(a, b, float(w)) for a, b, w in zip(lefts, rights, weights, strict=True)]


@settings(max_examples=300, deadline=None)
@given(anchor_pairs())
def test_diagonal_runs_are_the_maximal_runs(pairs: list[tuple[int, int, float]]) -> None:
    ordered = sorted(pairs)
    starts, ends = (
        align._diagonal_runs([p[0] for p in ordered], [p[1] for p in ordered]) if ordered else ([], [])
    )
    covered = [x for f, e in zip(starts, ends, strict=True) for x in range(f, e + 1)]
    assert covered == list(range(len(ordered)))
    for f, e in zip(starts, ends, strict=True):
        for x in range(f + 1, e + 1):
            assert ordered[x][0] == ordered[x - 1][0] + 1 and ordered[x][1] == ordered[x - 1][1] + 1
    for e, f in zip(ends, starts[1:], strict=False):
        assert not (ordered[f][0] == ordered[e][0] + 1 and ordered[f][1] == ordered[e][1] + 1)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["a", "b", "c", "d", "e", "f x", "g y"]), max_size=14), st.data())
def test_anchors_are_in_order_equal_keys(lkeys: list[str], data: st.DataObject) -> None:
    rkeys = data.draw(st.permutations(lkeys)).copy()
    if rkeys and data.draw(st.booleans()):
        rkeys[data.draw(st.integers(0, len(rkeys) - 1))] = "changed"
    left, right = _sides(lkeys, rkeys)
    pairs = align._anchor(left, right)
    assert all(lkeys[i] == rkeys[j] for i, j in pairs)
    assert all(a[0] < b[0] and a[1] < b[1] for a, b in itertools.pairwise(pairs))
    # Keys once on each side always anchor when they are in order with the rest (here: no moves).
    if lkeys == rkeys:
        assert pairs == [(i, i) for i in range(len(lkeys))]


@pytest.mark.parametrize("text", ["Plain words here", "Ünïcode wörds", "a\nb", ""])
def test_single_clause_words(text: str) -> None:
    one, _ = _sides([text], [])
    assert one.tokens[0] == align.tokens(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(KEYS, SEPARATORS).map(lambda p: p[0].replace(" ", p[1])), max_size=12))
def test_words_present_in_one_pass_is_a_word_search(keys: list[str]) -> None:
    keys = [*keys, "", "- ; -", "_", "²", "Ünï wörds", "— • “”", "é", "– x", "\u00a0"]
    assert align._has_words(keys) == [bool(re.search(r"\w", k)) for k in keys]
    assert align._has_words([*keys, "a\nb"]) == [bool(re.search(r"\w", k)) for k in [*keys, "a\nb"]]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=8), max_size=12), st.sampled_from(["a", "Ü", "7", "²", "_"]))
def test_words_present_when_every_key_opens_with_a_word(rests: list[str], first: str) -> None:
    """Keys that all open with a letter or digit (the common case, answered from their first characters
    joined) and the same keys with one that does not, or an empty one, read as a word search does."""
    keys = [first + rest for rest in rests]
    for extra in ([], ["- x"], [""], ["_"], [" a"]):
        assert align._has_words([*keys, *extra]) == [bool(re.search(r"\w", k)) for k in [*keys, *extra]]


@settings(max_examples=50, deadline=None)
@given(st.lists(KEYS, min_size=1, max_size=40), st.lists(KEYS, min_size=1, max_size=40), st.data())
def test_sampled_weights_keep_their_definition(
    lkeys: list[str], rkeys: list[str], data: st.DataObject
) -> None:
    """Over a large pair the weights count the clauses that need them whole and, scaled up, the clauses of
    the background's sample: the plain definition, clause by clause (a small size stands in for 8,192)."""
    lneed = sorted(set(data.draw(st.lists(st.integers(0, len(lkeys) - 1), max_size=5))))
    rneed = sorted(set(data.draw(st.lists(st.integers(0, len(rkeys) - 1), max_size=5))))
    pairs = st.tuples(st.integers(0, len(lkeys) - 1), st.integers(0, len(rkeys) - 1))
    drawn = data.draw(st.lists(pairs, max_size=10))
    left, right = _sides(lkeys, rkeys)
    left.drawn = drawn
    mp = pytest.MonkeyPatch()
    with mp.context() as m:
        m.setattr(align, "WEIGHT_SAMPLE", 0)
        got = align._document_weights(left, right, [], lneed, rneed)
    keys = lkeys + rkeys
    n, nl = len(keys), len(lkeys)
    need = set(lneed) | {nl + j for j in rneed}
    sample = ({i for i, _ in drawn} | {nl + j for _, j in drawn}) - need
    df: Counter[str] = Counter()
    for k in need:
        df.update(set(align.tokens(keys[k])))
    seen: Counter[str] = Counter()
    for k in sample:
        seen.update(set(align.tokens(keys[k])))
    scale = (n - len(need)) / len(sample) if sample else 0.0
    estimate = {t: df.get(t, 0) + scale * c for t, c in seen.items()}
    for t, c in df.items():
        estimate.setdefault(t, c)
    assert got.table == {t: math.log1p(n / c) for t, c in estimate.items()}
    assert got.unseen == math.log1p(n)


def test_weights_without_a_background_draw_its_sample() -> None:
    """A large pair whose moves are weighed before any background was worked out (no gap with a clause on
    each side) draws the background's sample itself: the same pairs the background would draw."""
    keys = [f"Staff keep record {k} of child {k % 7} safe" for k in range(40)]
    anchors = [(k, k) for k in range(40)]
    left, right = _sides(keys, keys)
    mp = pytest.MonkeyPatch()
    with mp.context() as m:
        m.setattr(align, "WEIGHT_SAMPLE", 0)
        align._document_weights(left, right, anchors, [0], [1])
    fresh, _ = _sides(keys, keys)
    assert left.drawn == align._draw(fresh, anchors)
    assert left.drawn and len(left.drawn) == 256


@settings(max_examples=300, deadline=None)
@given(anchor_pairs(), st.data())
def test_pairs_of_chosen_runs_are_picked_in_c(
    pairs: list[tuple[int, int, float]], data: st.DataObject
) -> None:
    ordered = sorted(pairs)
    ls, rs = [p[0] for p in ordered], [p[1] for p in ordered]
    starts, ends = align._diagonal_runs(ls, rs)
    chosen = sorted(data.draw(st.sets(st.sampled_from(range(len(starts))))) if starts else set())
    want = [(ls[x], rs[x]) for run in chosen for x in range(starts[run], ends[run] + 1)]
    assert list(align._pairs_of_runs(ls, rs, starts, chosen)) == want


def _marked_plainly(anchors: list[tuple[int, int]], groups: list[align.Group]) -> list[bool]:
    """`moved` of each group after `_mark_moves` as first written: every in-order pair listed and sorted."""
    stay = list(anchors)
    stay.extend((g.left[0], g.right[0]) for g in groups if g.left and g.right and not g.moved)
    stay.sort()
    lefts, rights = [a for a, _ in stay], [b for _, b in stay]
    out = []
    for g in groups:
        if g.left and g.right and g.moved:
            pos = bisect_left(lefts, g.left[0])
            before_ok = pos == 0 or rights[pos - 1] < g.right[0]
            after_ok = pos == len(lefts) or rights[pos] > g.right[0]
            out.append(not (before_ok and after_ok))
        else:
            out.append(g.moved)
    return out


@settings(max_examples=300, deadline=None)
@given(st.permutations(range(14)), st.lists(st.booleans(), min_size=14, max_size=14), st.data())
def test_move_marks_look_up_only_the_neighbours_of_moved_pairs(
    rights: list[int], kinds: list[bool], data: st.DataObject
) -> None:
    # Left clause i pairs with right clause rights[i]: the in-order anchors are a chain of them, the
    # others groups, some flagged moved (and a few left without a partner).
    chain = align.heaviest_chain([(i, j, 1.0) for i, j in enumerate(rights) if kinds[i]])
    anchors = [(i, j) for i, j, _ in chain]
    taken = {i for i, _ in anchors}
    groups = []
    for i, j in enumerate(rights):
        if i in taken:
            continue
        shape = data.draw(st.sampled_from(["moved", "stays", "left", "right"]))
        if shape == "left":
            groups.append(align.Group((i,), (), "none", 0.0))
        elif shape == "right":
            groups.append(align.Group((), (j,), "none", 0.0))
        else:
            groups.append(align.Group((i,), (j,), "fuzzy", 0.7, moved=shape == "moved"))
    st_ = align._State(14, 14, anchors)
    st_.groups = list(groups)
    align._mark_moves(st_)
    assert [g.moved for g in st_.groups] == _marked_plainly(anchors, groups)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 12), max_size=40), st.lists(st.integers(0, 12), max_size=40))
def test_similarity_of_ids_is_the_word_list_similarity(a: list[int], b: list[int]) -> None:
    assert align._similarity_ids(a, b) == align.similarity_tokens(a, b)


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 30), st.lists(st.lists(st.integers(0, 29), max_size=6), max_size=6))
def test_free_clauses_kept_from_the_last_list_are_the_free_clauses(n: int, steps: list[list[int]]) -> None:
    """`_State.lfree`/`rfree` filter the last list: the same as a pass over every clause, as clauses are only
    ever added to groups."""
    st_ = align._State(n, n, [])
    for taken in steps:
        for i in taken:
            if i < n:
                st_.lused[i] = 1
                st_.rused[(i * 7) % n] = 1
        assert st_.lfree() == align._free(st_.lused) == [i for i in range(n) if not st_.lused[i]]
        assert st_.rfree() == align._free(st_.rused)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(KEYS, min_size=1, max_size=80),
    st.lists(KEYS, min_size=1, max_size=10),
    st.sets(st.integers(0, 79), max_size=10),
    st.integers(1, 70),
)
def test_a_clause_that_cannot_reach_the_targets_has_none_of_them_as_candidates(
    keys: list[str], queries: list[str], targets: set[int], limit: int
) -> None:
    """`_Index.reaching` (the run search's skip) never says no for a query whose candidates hold a target."""
    side, _ = _sides(keys, [])
    index = align._Index(side, range(len(keys)))
    targets = {t for t in targets if t < len(keys)}
    reaches = index.reaching(targets, limit)
    for query in queries:
        toks = align.tokens(query)
        if not reaches(toks):
            assert not targets.intersection(index.candidates(toks, limit))


def test_free_neighbours_are_the_free_clauses_next_to_a_free_clause() -> None:
    used = bytearray(b"\x00\x01\x00\x00\x00\x01\x01\x00\x01\x00\x00")
    assert align._free_neighbours(used) == {2, 3, 4, 9, 10}
    assert align._free_neighbours(bytearray(b"\x00\x01\x00")) == set()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=4, max_size=12).map(" ".join), st.lists(KEYS, max_size=8))
def test_neighbours_left_uncut_cannot_absorb_the_clause(key: str, others: list[str]) -> None:
    """`_may_hold` (absorption's filter before cutting neighbours into words) keeps every neighbour in which
    the clause's words stand in order at `_ABSORB` or more."""
    words = align.tokens(key)
    kept = align._may_hold(words, others, list(range(len(others))))
    for j, other in enumerate(others):
        if align.ordered_containment(words, align.tokens(other)) >= align._ABSORB:
            assert j in kept


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=30).map(" ".join), st.lists(KEYS, max_size=8))
def test_neighbours_kept_are_those_holding_enough_of_the_words(key: str, others: list[str]) -> None:
    """`_may_hold`, which looks for the first two fifths of the words before the rest, keeps exactly the
    neighbours whose lower-cased text holds `_ABSORB` of the words (each looked for as a substring)."""
    words = align.tokens(key)
    assume(words)
    plain = [
        j
        for j, other in enumerate(others)
        if sum(word in other.lower() for word in words) / len(words) >= align._ABSORB
    ]
    assert align._may_hold(words, others, list(range(len(others)))) == plain


@settings(max_examples=300, deadline=None)
@given(
    st.lists(KEYS, min_size=1, max_size=6),
    st.lists(KEYS, min_size=2, max_size=14),
    st.lists(st.booleans(), min_size=14, max_size=14),
)
def test_a_clause_that_may_not_split_makes_no_run(
    mine: list[str], theirs: list[str], free: list[bool]
) -> None:
    """`_may_split` (the run search's filter before any candidate look-up) never says no where `_run_for`,
    given every clause as a candidate, finds a run."""
    one, other = _sides(mine, theirs)
    used_one = bytearray(len(mine))
    used_other = bytearray(not f for f in free[: len(theirs)])
    starts = align._run_starts(used_other)
    thresholds = align.Thresholds()
    for i in range(len(mine)):
        if len(one.tokens[i]) < 4 or not starts:
            continue
        if not align._may_split(one, other, i, starts, thresholds.split_piece):
            everyone = list(range(len(theirs)))
            run = align._run_for(one, other, i, everyone, used_one, used_other, thresholds, flip=False)
            assert run is None


@given(st.lists(st.sampled_from(WORDS), max_size=12), st.lists(st.sampled_from(WORDS), max_size=12))
@settings(max_examples=200, deadline=None)
def test_gather_reads_each_key_as_a_subscript(present: list[str], asked: list[str]) -> None:
    """`_gather` is `[values[k] for k in keys]` for a sequence, a dict and a `Counter` (0 for a key it lacks),
    whatever the number of keys (an `itemgetter` of one key returns no tuple; of none it cannot be made)."""
    counts = Counter(present)
    assert align._gather(counts, asked) == [counts[k] for k in asked]
    ids = {w: n for n, w in enumerate(WORDS)}
    assert align._gather(ids, asked) == [ids[k] for k in asked]
    places = [WORDS.index(w) for w in asked]
    assert align._gather(WORDS, places) == asked
    with pytest.raises(KeyError):
        align._gather({}, [*asked, "missing"])
