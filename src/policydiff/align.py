"""Clause alignment: hash anchors, the heaviest in-order chain, fuzzy pairs in gaps, moves, splits, merges."""

from __future__ import annotations

import functools
import itertools
import math
import operator
import re
import sys
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, MutableSequence, Sequence

from policydiff._lazy import compile_later
from policydiff._values import dataclass
from policydiff.lexicon import is_distinctive
from policydiff.model import Clause, ClauseKind, clause_column

TYPE_CHECKING = False
if TYPE_CHECKING:
    import random
    from typing import Any, TypeVar

    from rapidfuzz import fuzz, process
    from rapidfuzz.distance import Indel

    _T = TypeVar("_T")
else:

    class _Later:
        """A stand-in for a module imported on first use: rapidfuzz (about 20 ms of imports, the whole
        package) only once a pair is scored, `random` only once a sample is drawn. The first attribute
        read imports the module and puts it in this module's globals in place of the stand-in, so later
        reads cost what they cost on the module."""

        def __init__(self, name: str) -> None:
            self._name = name

        def __getattr__(self, attr: str) -> object:
            if attr.startswith("__"):
                raise AttributeError(attr)
            if self._name == "random":
                import random as module
            else:
                from rapidfuzz import fuzz, process
                from rapidfuzz.distance import Indel

                globals().update(fuzz=fuzz, process=process, Indel=Indel)
                module = globals()[self._name]
            globals()[self._name] = module
            return getattr(module, attr)

    fuzz, process, Indel, random = _Later("fuzz"), _Later("process"), _Later("Indel"), _Later("random")
_WORD = compile_later(r"\w+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Similarity thresholds, tuned on the gold alignments (docs/decisions/0002-alignment-thresholds.md)."""

    gap: float = 0.3
    """Least similarity for pairing two clauses that sit in the same gap between anchors."""
    small_gap: float = 0.2
    """Least similarity inside a small gap (at most `small_gap_size` candidate pairs) once the
    gap's clearer pairs are made: a clause boxed in between paired neighbours."""
    small_gap_size: int = 16
    background_margin: float = 0.1
    """How far a pair in a gap must beat the background: the median similarity of two clauses of
    these documents known to differ (two anchors' sides, a fixed sample). Where every clause is
    built from the same stock phrases any two score 0.15–0.40, so `gap` and `small_gap` alone would
    pair strangers. A boxed-in pair below it still stands when one clause's words all come back in
    the other ("WhatsApp" → "Messaging services …, including WhatsApp")."""
    move: float = 0.6
    """Least similarity for pairing clauses across gaps (a move)."""
    move_evidence: float = 0.75
    """Least agreement of the two clauses' distinctive words for a fuzzy move (`evidence`): across
    the whole document a clause has many look-alikes built from the same stock phrases, so a move
    needs its rare words to agree, not only its boilerplate."""
    split_piece: float = 0.6
    """Least share of a split piece's words found in the clause it came from."""
    split_gain: float = 0.05
    """Least gain in similarity for taking one more piece into a split or merge."""


@dataclass(frozen=True, slots=True)
class Group:
    """Aligned clause indices of one change, before edits are computed."""

    left: tuple[int, ...]
    right: tuple[int, ...]
    matched_by: str
    score: float
    moved: bool = False
    shared: tuple[str, ...] = ()
    """The distinctive words both sides share: the evidence a reviewer sees for a non-exact pair."""


class _Tokens:
    """The words of each clause key, made on first use (anchored clauses are never scored) or for many
    clauses at once (`fill`), with the same words as ids interned per comparison and, once asked for,
    sorted, so the share of words two clauses have in common (as multisets) is one longest-common-
    subsequence call in C: the LCS of two sorted lists is their multiset intersection."""

    __slots__ = ("_ids", "_keys", "_made", "_sorted", "_vocab")

    def __init__(self, keys: Sequence[str], vocab: dict[str, int]) -> None:
        self._keys = keys
        self._made: list[list[str] | None] = [None] * len(keys)
        self._ids: list[list[int] | None] = [None] * len(keys)
        self._sorted: list[list[int] | None] = [None] * len(keys)
        self._vocab = vocab

    def __len__(self) -> int:
        return len(self._keys)

    def fill(self, indices: Iterable[int]) -> None:
        """Cut the keys of clauses `indices` into words and ids, the ASCII ones in one pass over the text."""
        made, keys = self._made, self._keys
        todo = [i for i in indices if made[i] is None]
        if not todo:
            return
        ascii_ = [i for i in todo if keys[i].isascii()]
        if len(ascii_) > 1:
            text = "\n".join([keys[i] for i in ascii_])
            if text.count("\n") == len(ascii_) - 1:  # no key holds the separator
                cut = text.encode().translate(_ASCII_WORDS).decode().split("\n")
                for i, piece in zip(ascii_, cut, strict=True):
                    self._set(i, piece.split())
        for i in todo:
            if made[i] is None:
                self._set(i, _words(keys[i]))

    def _set(self, i: int, words: list[str]) -> None:
        vocab = self._vocab
        try:
            ids = _gather(vocab, words)
        except KeyError:
            for t in words:
                if t not in vocab:
                    vocab[t] = len(vocab)
            ids = _gather(vocab, words)
        self._made[i] = words
        self._ids[i] = ids

    def __getitem__(self, i: int) -> list[str]:
        made = self._made[i]
        if made is None:
            self._set(i, _words(self._keys[i]))
            made = self._made[i]
            assert made is not None
        return made

    def ids(self, i: int) -> list[int]:
        """Return the words of clause `i` as ids shared by both sides of the comparison."""
        found = self._ids[i]
        if found is None:
            self[i]
            found = self._ids[i]
            assert found is not None
        return found

    def ids_of(self, indices: Sequence[int]) -> list[list[int]]:
        """Return `ids` of each clause `indices`, gathered in C (the words cut first where they are not)."""
        found = list(map(self._ids.__getitem__, indices))
        if None in found:
            self.fill(indices)
            found = list(map(self._ids.__getitem__, indices))
        return found  # type: ignore[return-value]

    def sorted_ids_of(self, indices: Sequence[int]) -> list[list[int]]:
        """Return `sorted_ids` of each clause `indices`, gathered in C (as `ids_of`)."""
        found = list(map(self._sorted.__getitem__, indices))
        if None in found:
            found = list(map(self.sorted_ids, indices))
        return found  # type: ignore[return-value]

    def sorted_ids(self, i: int) -> list[int]:
        """Return the ids of clause `i`, sorted: a multiset `_common` can intersect in C. Sorted when first
        asked for: many clauses cut into words are only read in order (absorption's neighbours)."""
        found = self._sorted[i]
        if found is None:
            found = self._sorted[i] = sorted(self.ids(i))
        return found


def _gather(values: Any, keys: Sequence[Any]) -> list[Any]:
    """Return `[values[k] for k in keys]` (a sequence by places or a mapping by keys), gathered in C by one
    `itemgetter` call: a `map` over `values.__getitem__` makes a call an element, about 1.5× the
    instructions over thousands of keys (a key missing from a `Counter` is 0 either way)."""
    if len(keys) > 1:
        return list(operator.itemgetter(*keys)(values))
    return [values[k] for k in keys]


def _common(a: list[int], b: list[int]) -> int:
    """Return how many words two sorted id lists share, with their multiplicity (their LCS)."""
    return (len(a) + len(b) - Indel.distance(a, b)) // 2


def bag_of(ids: Sequence[int]) -> frozenset[int]:
    """Return a multiset of word ids as a plain set: the first occurrence of a word is its id, the k-th
    (k ≥ 1) the negative number -(id · 2^20 + k). Two bags' intersection then counts the words two
    clauses share with their multiplicity, without a Python loop over the words."""
    unique = set(ids)
    if len(unique) == len(ids):
        return frozenset(unique)
    extra = [-((t << 20) + k) for t, n in Counter(ids).items() if n > 1 for k in range(1, n)]
    return frozenset(itertools.chain(unique, extra))


class _Side:
    """One side of the comparison: its clauses, their keys, words and kinds (heading or body)."""

    __slots__ = ("classes", "clauses", "drawn", "keys", "kinds", "sampled", "shared", "tokens", "weights")

    def __init__(
        self,
        clauses: Sequence[Clause],
        keys: list[str],
        tokens: _Tokens,
        classes: list[str],
        kinds: Sequence[ClauseKind],
    ) -> None:
        self.clauses = clauses
        self.kinds = kinds
        """The clauses' kinds (`clause_column`, read once)."""
        self.keys = keys
        self.tokens = tokens
        self.classes = classes
        self.weights: Weights | None = None
        """The word weights of the comparison, made once on first use (kept on the left side)."""
        self.drawn: list[tuple[int, int]] | None = None
        """The background's sample of pairs (left clause, right clause), once drawn (kept on the left side):
        its clauses are also the sample the word weights of a large pair count."""
        self.sampled: Weights | None = None
        """The word weights of the background's sample alone, for a large pair's boxed-in pairs (left)."""
        self.shared: dict[tuple[int, int], tuple[str, ...]] = {}
        """`shared_words` of pairs (left index, right index) already looked at (kept on the left side):
        a pair's evidence is checked while pairing and shown on its group."""


_NOT_WORD = str.maketrans({c: " " for c in range(128) if not (chr(c).isalnum() or c == 95)})
r"""ASCII characters that are not `\w`, as spaces: an ASCII key's words are then its `split()`."""


_ASCII_WORDS = bytes(
    (c | 32 if 65 <= c <= 90 else c) if chr(c).isalnum() or c in (95, 10) else 32 for c in range(256)
)
"""ASCII bytes to lower-cased word characters, the others to spaces; the separator of `_Tokens.fill`,
the newline, is kept (only ASCII text is translated, so bytes 128-255 never occur)."""


def _words(text: str) -> list[str]:
    """Return `tokens(text)`, not interned (the per-comparison ids stand for the words)."""
    if text.isascii():
        return text.encode().translate(_ASCII_WORDS).decode().split()
    return _WORD.findall(text.lower())


_FIRST = operator.itemgetter(slice(0, 1))
"""A text's first character ("" for an empty one), for `map`: an `itemgetter` is called in C, where
`str.__getitem__` with a slice packs each call's arguments."""


def _has_words(keys: list[str]) -> list[bool]:
    r"""Return whether each key holds a word (a `\w` character). Nearly every key opens with a letter or a
    digit: the first characters are tested in one `map`, only the other keys are read whole."""
    # `\w` is a character that `str.isalnum` or the underscore (the same test in `re`).
    firsts = "".join(map(_FIRST, keys))
    if len(firsts) == len(keys) and firsts.isalnum():  # every key opens with one: no list of tests
        return [True] * len(keys)
    found = list(map(str.isalnum, map(_FIRST, keys)))
    for n in itertools.compress(range(len(keys)), map(operator.not_, found)):
        key = keys[n]
        found[n] = any(map(str.isalnum, key)) or "_" in key
    return found


def tokens(text: str) -> list[str]:
    r"""Return the lower-cased words (`\w+` runs) of a clause key, the unit of clause similarity.

    Interned: a document repeats a small vocabulary, so a 50,000-clause pair keeps a few thousand
    word strings instead of millions. An ASCII key is cut by `str.split` (a quarter faster than the
    regular expression, same words).
    """
    if text.isascii():
        return list(map(sys.intern, text.lower().translate(_NOT_WORD).split()))
    return list(map(sys.intern, _WORD.findall(text.lower())))


def similarity_tokens(
    a: Sequence[Hashable], b: Sequence[Hashable], a_key: str = "", b_key: str = ""
) -> float:
    """Return the symmetric similarity of two clauses from their words (and keys for short clauses).

    The mean of the word-level Indel similarity (2·LCS / total words: order-aware, punishes
    expansion) and the containment of the shorter clause in the longer (kind to a clause that was
    expanded), the containment discounted below four words. For clauses under four words the
    character ratio may lift it, so a misspelt one-word item still pairs.
    """
    if not a or not b:
        return 1.0 if a_key == b_key else 0.0
    indel = float(Indel.normalized_similarity(list(a), list(b)))
    shorter = min(len(a), len(b))
    score = 0.5 * indel + 0.5 * containment(a, b) * min(1.0, shorter / 4)
    if shorter < 4 and a_key and b_key:
        score = max(score, 0.9 * fuzz.ratio(a_key, b_key) / 100.0)
    return score


def similarity(a: Clause | str, b: Clause | str) -> float:
    """Return the symmetric similarity in [0, 1] of two clauses (or texts); `matrix` reuses it."""
    a_key = a.key if isinstance(a, Clause) else a
    b_key = b.key if isinstance(b, Clause) else b
    return similarity_tokens(tokens(a_key), tokens(b_key), a_key, b_key)


def containment(a: Sequence[Hashable], b: Sequence[Hashable]) -> float:
    """Return the share of the shorter word list found in the other (as a multiset)."""
    if not a or not b:
        return 0.0
    shared = set(a).intersection(b)
    if len(a) + len(b) <= 256:
        # Short clauses (nearly all): counting in C beats building two Counters.
        common = sum(min(a.count(t), b.count(t)) for t in shared)
    else:
        ca, cb = Counter(a), Counter(b)
        common = sum(min(ca[t], cb[t]) for t in shared)
    return common / min(len(a), len(b))


class _Distinctive(dict[str, bool]):
    """`is_distinctive` of each word met, kept (a document repeats a small vocabulary)."""

    def __missing__(self, word: str) -> bool:
        if len(self) > 1 << 18:
            self.clear()  # a bound for long-running callers (the matrix over many sites)
        found = self[word] = is_distinctive(word)
        return found


_DISTINCTIVE = _Distinctive()


def shared_words(a: Sequence[str], b: Sequence[str]) -> tuple[str, ...]:
    """Return the distinctive words two clauses share, in the order `b` has them: the evidence a person
    can see for a pair. A word misspelt or spelt the other way ("behaviour", "behavior") counts, by its
    letters, when nothing is shared exactly."""
    mine = set(itertools.compress(a, map(_DISTINCTIVE.__getitem__, a)))
    found = tuple(dict.fromkeys(filter(mine.__contains__, b)))
    if found or not mine:
        return found
    near: list[str] = []
    for t in dict.fromkeys(b):
        if len(t) >= 5 and is_distinctive(t):
            best = max(mine, key=lambda m: fuzz.ratio(m, t))
            if len(best) >= 5 and fuzz.ratio(best, t) >= 85.0:
                near.append(t)
    return tuple(near)


def _evident(left: _Side, right: _Side, i: int, j: int) -> bool:
    """Return whether a pair has evidence a person can see: a distinctive word in common, and both or
    neither a table cell (a cell's value and a line of text that share a word are not one clause: a list of
    page addresses "github.com/about" against a new table's "GitHub" cells; session 21).

    Clauses without words (punctuation, a rule) pair by their keys alone.
    """
    a, b = left.tokens[i], right.tokens[j]
    if not a or not b:
        return True
    if (left.kinds[i] is _CELL) is not (right.kinds[j] is _CELL):
        return False
    return bool(_shared_pair(left, right, i, j))


_CELL = ClauseKind.TABLE_CELL


def _shared_pair(left: _Side, right: _Side, i: int, j: int) -> tuple[str, ...]:
    """Return `shared_words` of left clause `i` and right clause `j`, worked out once per pair."""
    found = left.shared.get((i, j))
    if found is None:
        found = left.shared[(i, j)] = shared_words(left.tokens[i], right.tokens[j])
    return found


@dataclass(frozen=True, slots=True)
class Weights:
    """Word weights log(1 + n / df) over n clauses; a word never seen weighs as one seen once."""

    table: dict[str, float]
    unseen: float

    def __call__(self, tok: str) -> float:
        return self.table.get(tok, self.unseen)


def word_weights(token_lists: Iterable[Sequence[str]]) -> Weights:
    """Return each word's weight, log(1 + n / df): a word in few of the n clauses weighs more."""
    df: Counter[str] = Counter()
    n = 0
    for toks in token_lists:
        df.update(set(toks))
        n += 1
    return Weights({tok: math.log1p(n / count) for tok, count in df.items()}, math.log1p(n))


WEIGHT_SAMPLE = 8192
"""Up to this many clauses in both documents, every clause's words set the weights. In larger documents the
clauses that need weights (the unpaired ones, whose moves are weighed) count whole, and the others through
the background's sample (`_draw`: about 500 anchored clauses, cut into words for the background already),
scaled up: document frequencies settle long before that, and cutting every anchored clause into words cost
more than the whole move search."""


def _document_weights(
    left: _Side,
    right: _Side,
    anchors: Sequence[tuple[int, int]],
    lneed: Iterable[int] = (),
    rneed: Iterable[int] = (),
) -> Weights:
    """Return the comparison's word weights (made once): over every clause of a small pair, else over the
    clauses that need them (`lneed`, `rneed`: unpaired ones) and a scaled sample of the rest, the clauses of
    the background's pairs (drawn from `anchors` when the background has not been worked out)."""
    if left.weights is not None:
        return left.weights
    n = len(left.keys) + len(right.keys)
    if n <= WEIGHT_SAMPLE:
        left.tokens.fill(range(len(left.keys)))
        right.tokens.fill(range(len(right.keys)))
        left.weights = word_weights(
            itertools.chain(
                (left.tokens[i] for i in range(len(left.keys))),
                (right.tokens[j] for j in range(len(right.keys))),
            )
        )
        return left.weights
    nl = len(left.keys)
    need = {i for i in lneed} | {nl + j for j in rneed}  # one index space: left, then right
    drawn = left.drawn if left.drawn is not None else _draw(left, anchors)
    sample = sorted(({i for i, _ in drawn} | {nl + j for _, j in drawn}) - need)
    left.tokens.fill(sorted(k for k in itertools.chain(need, sample) if k < nl))
    right.tokens.fill(sorted(k - nl for k in itertools.chain(need, sample) if k >= nl))

    def words(k: int) -> list[str]:
        return left.tokens[k] if k < nl else right.tokens[k - nl]

    df: Counter[str] = Counter(itertools.chain.from_iterable(map(set, map(words, need))))
    seen: Counter[str] = Counter(itertools.chain.from_iterable(map(set, map(words, sample))))
    scale = (n - len(need)) / len(sample) if sample else 0.0
    estimate = {tok: df.get(tok, 0) + scale * count for tok, count in seen.items()}
    for tok, count in df.items():
        estimate.setdefault(tok, count)
    left.weights = Weights({tok: math.log1p(n / count) for tok, count in estimate.items()}, math.log1p(n))
    return left.weights


def evidence(a: Sequence[str], b: Sequence[str], weights: Weights) -> float:
    """Return how far two clauses' words agree, each word weighted by its rarity (symmetric, in [0, 1]).

    The mean of the weighted Dice coefficient and the weighted containment of the lighter clause in
    the heavier: two clauses sharing only stock phrases ("… and keep them on the secure network
    drive") score low, a clause moved with one word changed scores high.
    """
    if not a or not b:
        return 0.0
    ca, cb = Counter(a), Counter(b)

    def weight(counts: Counter[str]) -> float:
        return sum(weights(tok) * k for tok, k in counts.items())

    wa, wb, shared = weight(ca), weight(cb), weight(ca & cb)
    if wa <= 0 or wb <= 0:
        return 0.0
    return 0.5 * (2 * shared / (wa + wb)) + 0.5 * shared / min(wa, wb)


def _kind_class(kind: ClauseKind) -> str:
    if kind in (ClauseKind.TITLE, ClauseKind.HEADING):
        return "heading"
    return "body"


_KIND_CLASS = {kind: _kind_class(kind) for kind in ClauseKind}


def _side(clauses: Sequence[Clause], keys: Sequence[str], vocab: dict[str, int]) -> _Side:
    kinds = clause_column(clauses, "kind")
    return _Side(
        clauses=clauses,
        keys=list(keys),
        tokens=_Tokens(keys, vocab),
        classes=list(map(_KIND_CLASS.__getitem__, kinds)),
        kinds=kinds,
    )


def heaviest_chain(pairs: Sequence[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    """Return the strictly increasing (in both indices) subsequence of `pairs` of greatest weight.

    `pairs` are (left, right, weight). O(p log p): pairs sorted by left, a Fenwick tree of the best
    chain ending at each right index. Ties go to the chain that ends earliest on the right.
    """
    if not pairs:
        return []
    ordered = sorted(pairs, key=lambda p: (p[0], -p[1]))
    rights = sorted({p[1] for p in ordered})
    rank = {r: i + 1 for i, r in enumerate(rights)}
    size = len(rights)
    tree_val = [0.0] * (size + 1)
    tree_idx = [-1] * (size + 1)
    best_val = [0.0] * len(ordered)
    back = [-1] * len(ordered)
    # Process pairs with the same left index together so two of them never chain.
    i = 0
    while i < len(ordered):
        j = i
        while j < len(ordered) and ordered[j][0] == ordered[i][0]:
            j += 1
        for k in range(i, j):
            pos = rank[ordered[k][1]] - 1
            val, idx = 0.0, -1
            while pos > 0:
                if tree_val[pos] > val:
                    val, idx = tree_val[pos], tree_idx[pos]
                pos -= pos & -pos
            best_val[k] = val + ordered[k][2]
            back[k] = idx
        for k in range(i, j):
            pos = rank[ordered[k][1]]
            while pos <= size:
                if best_val[k] > tree_val[pos]:
                    tree_val[pos], tree_idx[pos] = best_val[k], k
                pos += pos & -pos
        i = j
    end = max(range(len(ordered)), key=lambda k: (best_val[k], -ordered[k][1]))
    chain = []
    while end != -1:
        chain.append(ordered[end])
        end = back[end]
    chain.reverse()
    return chain


def _heaviest_runs(pairs: Sequence[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    """Return `heaviest_chain(pairs)` for pairs whose left indices are distinct and right indices distinct
    (the anchors: keys unique on both sides), working on runs instead of pairs.

    A maximal diagonal run (i, j), (i+1, j+1), … is in a heaviest chain whole or not at all: weights are
    positive and no other pair shares a run's indices, so a chain holding one of its pairs can take the
    others too. Unchanged stretches are long runs, so the Fenwick tree sees a run per stretch, not a pair
    per clause.
    """
    if not pairs:
        return []
    ordered = sorted(pairs)
    starts, ends = _diagonal_runs([p[0] for p in ordered], [p[1] for p in ordered])
    add = functools.partial(functools.reduce, operator.add)  # in order, as a running total
    weights = [add(p[2] for p in ordered[f : e + 1]) for f, e in zip(starts, ends, strict=True)]
    chosen = _chain_of_runs([p[1] for p in ordered], starts, ends, weights)
    return [ordered[x] for k in chosen for x in range(starts[k], ends[k] + 1)]


def _diagonal_runs(lefts: list[int], rights: list[int]) -> tuple[list[int], list[int]]:
    """Return the first and last positions of the maximal diagonal runs of pairs sorted by left index
    ((i, j), (i+1, j+1), …: the pair's indices minus its position stay the same), found in C."""
    n = len(lefts)
    if not n:
        return [], []
    dl = list(map(operator.sub, lefts, itertools.count()))
    dr = list(map(operator.sub, rights, itertools.count()))
    cuts = list(
        itertools.compress(
            range(1, n),
            map(operator.or_, map(operator.ne, dl[1:], dl[:-1]), map(operator.ne, dr[1:], dr[:-1])),
        )
    )
    return [0, *cuts], [*map(operator.sub, cuts, itertools.repeat(1)), n - 1]


def _chain_of_runs(
    rights: list[int], starts: list[int], ends: list[int], weights: Sequence[float]
) -> list[int]:
    """Return the numbers, in order, of the runs of the heaviest chain (see `_heaviest_runs`): runs
    `starts[k]`..`ends[k]` of pairs sorted by left index, `rights` their right indices, `weights` the
    runs' weights. O(r log r) by a Fenwick tree of the best chain ending at each right index."""
    coords = sorted({*map(rights.__getitem__, starts), *map(rights.__getitem__, ends)})
    rank = {r: n + 1 for n, r in enumerate(coords)}
    return _fenwick_chain(rights, starts, ends, weights, rank)


def _chain_of_whole_runs(
    rights: list[int], starts: list[int], ends: list[int], weights: Sequence[float]
) -> list[int]:
    """Return `_chain_of_runs(rights, starts, ends, weights)` for whole-number weights (the anchors'), the
    runs that follow each other on both sides taken as one.

    Two consecutive runs whose pairs are also consecutive in right order (no other pair's right index
    lies between them: a clause changed in place cut them) are in a heaviest chain together or not at
    all: a chain holding one of them can take the other, as for the pairs of one run. The tree sees one
    entry per such stretch instead of one per run, at the same ranks (the coordinates are still every
    run's ends, so the tree's nodes and its tie rule are those of `_chain_of_runs`), and its values are
    the same sums: whole numbers add exactly in any grouping. A run left out was never a query's answer
    nor a tree node's best: the stretch's last run beats it and lies in every range that holds it.
    """
    coords = sorted({*map(rights.__getitem__, starts), *map(rights.__getitem__, ends)})
    rank = {r: n + 1 for n, r in enumerate(coords)}
    order = sorted(rights)
    after = dict(itertools.pairwise(order))  # right index -> the next one of any pair
    ends_r = list(map(rights.__getitem__, ends))
    starts_r = list(map(rights.__getitem__, starts))
    # Run k + 1 joins run k's stretch when its first right index comes right after run k's last.
    joins = list(map(operator.eq, map(after.get, ends_r[:-1]), starts_r[1:]))
    if not any(joins):
        return _fenwick_chain(rights, starts, ends, weights, rank)
    firsts = [0, *itertools.compress(range(1, len(starts)), map(operator.not_, joins))]
    lasts = [*map(operator.sub, firsts[1:], itertools.repeat(1)), len(starts) - 1]
    add = functools.partial(functools.reduce, operator.add)  # in order, as a running total
    stretch_weights = [add(weights[a : b + 1]) for a, b in zip(firsts, lasts, strict=True)]
    chosen = _fenwick_chain(
        rights,
        list(map(starts.__getitem__, firsts)),
        list(map(ends.__getitem__, lasts)),
        stretch_weights,
        rank,
    )
    return [run for k in chosen for run in range(firsts[k], lasts[k] + 1)]


def _fenwick_chain(
    rights: list[int], starts: list[int], ends: list[int], weights: Sequence[float], rank: dict[int, int]
) -> list[int]:
    """Return the numbers, in order, of the runs of the heaviest chain, `rank` the right indices' ranks
    in the tree (see `_chain_of_runs`)."""
    size = len(rank)
    tree_val = [0.0] * (size + 1)
    tree_idx = [-1] * (size + 1)
    best_val = [0.0] * len(starts)
    back = [-1] * len(starts)
    for k, (f, e, w) in enumerate(zip(starts, ends, weights, strict=True)):
        pos = rank[rights[f]] - 1  # runs ending strictly before this one starts, on the right
        val, idx = 0.0, -1
        while pos > 0:
            if tree_val[pos] > val:
                val, idx = tree_val[pos], tree_idx[pos]
            pos -= pos & -pos
        best = best_val[k] = val + w
        back[k] = idx
        pos = rank[rights[e]]
        while pos <= size:
            if best > tree_val[pos]:
                tree_val[pos], tree_idx[pos] = best, k
            pos += pos & -pos
    end = max(range(len(starts)), key=lambda k: (best_val[k], -rights[ends[k]]))
    chosen: list[int] = []
    while end != -1:
        chosen.append(end)
        end = back[end]
    chosen.reverse()
    return chosen


def _anchor(
    left: _Side, right: _Side, lcount: Counter[str] | None = None, rcount: Counter[str] | None = None
) -> list[tuple[int, int]]:
    """Return in-order pairs of equal keys: unique anchors first, recursively within gaps.

    `lcount`, `rcount`: the keys' counts over each whole side, when the caller has them.
    """
    out: list[tuple[int, int]] = []
    lkeys, rkeys = left.keys, right.keys
    stack = [(0, len(lkeys), 0, len(rkeys))]
    top = True
    rall: set[str] | None = None  # every right key, once a heading anchors
    while stack:
        l0, l1, r0, r1 = stack.pop()
        # Equal keys at both ends of the range pair directly (as patience diff does).
        while l0 < l1 and r0 < r1 and lkeys[l0] == rkeys[r0]:
            out.append((l0, r0))
            l0, r0 = l0 + 1, r0 + 1
        while l0 < l1 and r0 < r1 and lkeys[l1 - 1] == rkeys[r1 - 1]:
            out.append((l1 - 1, r1 - 1))
            l1, r1 = l1 - 1, r1 - 1
        if l0 >= l1 or r0 >= r1:
            top = False
            continue
        if l1 - l0 == 1 or r1 - r0 == 1:
            # One clause on a side (most gaps): it anchors when its key stands once on the other side.
            if l1 - l0 == 1:
                k = lkeys[l0]
                if rkeys[r0:r1].count(k) == 1:
                    out.append((l0, rkeys.index(k, r0, r1)))
            else:
                k = rkeys[r0]
                if lkeys[l0:l1].count(k) == 1:
                    out.append((lkeys.index(k, l0, l1), r0))
            top = False
            continue  # a chain of one pair leaves sub-gaps with no clause on one side
        if top and lcount is not None and rcount is not None:
            lcount, rcount = lcount.copy(), rcount.copy()
            lcount.subtract(lkeys[:l0] + lkeys[l1:])
            rcount.subtract(rkeys[:r0] + rkeys[r1:])
        else:
            lcount, rcount = Counter(lkeys[l0:l1]), Counter(rkeys[r0:r1])
        top = False
        # The keys once on each side of the range, in left order, with their positions (C maps).
        part, ones = lkeys[l0:l1], itertools.repeat(1)
        lonce = map(operator.eq, _gather(lcount, part), ones)
        ronce = map(operator.eq, map(rcount.get, part, itertools.repeat(0)), ones)
        ls = list(itertools.compress(range(l0, l1), map(operator.and_, lonce, ronce)))
        if not ls:
            continue
        ks = _gather(lkeys, ls)
        rpos = dict(zip(rkeys[r0:r1], range(r0, r1), strict=True))
        rs = _gather(rpos, ks)
        # An anchor weighs its key's length + 1, a heading also its section's (all whole numbers, so
        # a run's weight is its sum in any order).
        weights: list[float] = list(map(len, ks))
        heading = map("heading".__eq__, _gather(left.classes, ls))
        for n in itertools.compress(range(len(ls)), heading):
            if rall is None:
                rall = set(rkeys)
            weights[n] += _section_weight(left, ls[n], right, rs[n], rall)
        starts, ends = _diagonal_runs(ls, rs)
        run_weights = [
            float(sum(weights[f : e + 1]) + (e - f + 1)) for f, e in zip(starts, ends, strict=True)
        ]
        chosen = _chain_of_whole_runs(rs, starts, ends, run_weights)
        out.extend(_pairs_of_runs(ls, rs, starts, chosen))
        # The gaps between runs (inside a run there are none) with a clause on each side, as ranges.
        cs, ce = list(map(starts.__getitem__, chosen)), list(map(ends.__getitem__, chosen))
        lo_l, lo_r = [l0, *map(_next, map(ls.__getitem__, ce))], [r0, *map(_next, map(rs.__getitem__, ce))]
        hi_l, hi_r = [*map(ls.__getitem__, cs), l1], [*map(rs.__getitem__, cs), r1]
        wide = map(
            operator.and_,
            map(operator.gt, map(operator.sub, hi_l, lo_l), itertools.repeat(0)),
            map(operator.gt, map(operator.sub, hi_r, lo_r), itertools.repeat(0)),
        )
        stack.extend(itertools.compress(zip(lo_l, hi_l, lo_r, hi_r, strict=True), wide))
    return sorted(out)


_next = functools.partial(operator.add, 1)
"""`x + 1`, for `map`."""


def _pairs_of_runs(
    ls: list[int], rs: list[int], starts: list[int], chosen: list[int]
) -> Iterable[tuple[int, int]]:
    """Return the pairs (ls[x], rs[x]) of the runs `chosen` (runs start at `starts` and end where the next
    one starts), picked in C: each position's run number by a running sum of run starts."""
    if len(chosen) == len(starts):
        return zip(ls, rs, strict=True)
    first = bytearray(len(ls))
    for f in starts:
        first[f] = 1
    keep = bytearray(len(starts) + 1)  # by run number + 1
    for run in chosen:
        keep[run + 1] = 1
    mask = map(keep.__getitem__, itertools.accumulate(first))
    return itertools.compress(zip(ls, rs, strict=True), mask)


def _section_weight(left: _Side, i: int, right: _Side, j: int, rall: set[str], cap: int = 2000) -> float:
    """Return what heading anchor (`i`, `j`) adds to its weight: the length of the section body it carries
    (up to the next heading, capped).

    A left section clause is carried unless its text stands on the right outside the right heading's
    section (`rall`: every right key): a reworded clause is given the benefit of the doubt, a clause known
    to stand elsewhere is not. A heading carries its section, so when a paragraph moved past a heading,
    the paragraph is the move, not the heading and its section; a heading moved away from its section
    carries none of it, so the heading is the move, not every clause of its section.
    """
    lkeys, lclasses, rkeys, rclasses = left.keys, left.classes, right.keys, right.classes
    mine: list[str] = []
    total = 0
    for k in range(i + 1, len(lkeys)):
        if lclasses[k] == "heading" or total >= cap:
            break
        mine.append(lkeys[k])
        total += len(lkeys[k])
    if not mine:
        return 0.0
    theirs: set[str] = set()
    seen = 0
    for k in range(j + 1, len(rkeys)):
        if rclasses[k] == "heading" or seen >= 2 * cap:
            break
        theirs.add(rkeys[k])
        seen += len(rkeys[k])
    return float(min(sum(len(key) for key in mine if key in theirs or key not in rall), cap))


class _Index:
    """An inverted index from rare words to clauses, so fuzzy scoring only sees candidates."""

    def __init__(self, side: _Side, members: Iterable[int], rare: int = 4) -> None:
        self.side = side
        self.rare = rare
        self.postings: dict[str, list[int]] = defaultdict(list)
        members = list(members)
        words = list(map(side.tokens.__getitem__, members))
        self.df: Counter[str] = Counter(itertools.chain.from_iterable(map(set, words)))
        for i, toks in zip(members, words, strict=True):
            for tok in self._rarest(toks):
                self.postings[tok].append(i)
        self.members = members

    def _rarest(self, toks: Sequence[str]) -> list[str]:
        # Sorted by (df, -length, word), the tuples made in C.
        unique = set(toks)
        lengths = map(operator.neg, map(len, unique))
        ranked = sorted(zip(map(self.df.get, unique, itertools.repeat(0)), lengths, unique, strict=True))
        return [t for _, _, t in ranked[: self.rare]]

    def candidates(self, toks: Sequence[str], limit: int = 64) -> list[int]:
        """Return members sharing one of the rarest words of `toks` (the most shared first)."""
        unique = set(toks)
        ranked = sorted(zip(map(self.df.get, unique, itertools.repeat(0)), unique, strict=True))
        # One count over the postings of the words in that order (ties go to the first met), in C.
        found = filter(None, map(self.postings.get, map(operator.itemgetter(1), ranked)))
        hits: Counter[int] = Counter(itertools.chain.from_iterable(found))
        if not hits and len(self.members) <= limit:
            return list(self.members)
        return [i for i, _ in hits.most_common(limit)]

    def reaching(self, targets: set[int], limit: int = 64) -> Callable[[Sequence[str]], bool]:
        """Return a test of whether `candidates(toks, limit)` may hold one of the members `targets`, without
        looking the candidates up: a member is found through a word posted for it, or, in an index of at
        most `limit` members, as any member when no word of `toks` is posted."""
        words = {t for t, found in self.postings.items() if not targets.isdisjoint(found)}
        posted = self.postings.keys()
        small = len(self.members) <= limit

        def reaches(toks: Sequence[str]) -> bool:
            return not words.isdisjoint(toks) or (small and posted.isdisjoint(toks))

        return reaches


def _score(left: _Side, right: _Side, i: int, j: int) -> float:
    """Return `similarity_tokens` of two clauses, from their word ids (the same value)."""
    return _score_indel(left, right, i, j)[0]


def _score_indel(left: _Side, right: _Side, i: int, j: int) -> tuple[float, float]:
    """Return `_score` of two clauses and their word-level Indel similarity (0 without words)."""
    a, b = left.tokens.ids(i), right.tokens.ids(j)
    if not a or not b:
        return (1.0 if left.keys[i] == right.keys[j] else 0.0), 0.0
    shorter = min(len(a), len(b))
    common = _common(left.tokens.sorted_ids(i), right.tokens.sorted_ids(j))
    indel = float(Indel.normalized_similarity(a, b))
    score = 0.5 * indel + 0.5 * (common / shorter) * min(1.0, shorter / 4)
    if shorter < 4:
        score = max(score, 0.9 * fuzz.ratio(left.keys[i], right.keys[j]) / 100.0)
    return score, indel


def _score_many(
    left: _Side, right: _Side, i: int, js: Sequence[int], least: float = 0.0
) -> list[tuple[float, float]]:
    """Return `_score_indel` of left clause `i` with each right clause `js`, the Indel calls batched in C.

    With `least` > 0, a pair that cannot score `least` may come back as (-1.0, 0.0) instead: a score is
    at most half its Indel similarity + 1/2 (when neither clause is under four words), so C skips the
    pairs whose similarity is below 2·least − 1 (less a hair for rounding).
    """
    a = left.tokens.ids(i)
    bs = right.tokens.ids_of(js)
    if len(js) < 4 or not a or not all(bs):
        return [_score_indel(left, right, i, j) for j in js]
    la = len(a)
    out: list[tuple[float, float]] = [(-1.0, 0.0)] * len(js)
    cutoff = max(0.0, 2 * least - 1 - 1e-9)
    found = process.extract(a, bs, scorer=Indel.normalized_similarity, limit=None, score_cutoff=cutoff)
    indel = {x: sim for _, sim, x in found}
    if cutoff > 0:  # short clauses may score by their characters: those are scored whole
        lengths = map(len, bs) if la >= 4 else itertools.repeat(0)
        for x in itertools.compress(range(len(bs)), map(operator.gt, itertools.repeat(4), lengths)):
            if x not in indel:
                out[x] = _score_indel(left, right, i, js[x])
    if not indel:
        return out
    keep = sorted(indel)
    mine = left.tokens.sorted_ids(i)
    theirs = right.tokens.sorted_ids_of(list(map(js.__getitem__, keep)))
    for _, d, y in process.extract(mine, theirs, scorer=Indel.distance, limit=None):
        x = keep[y]
        sim = indel[x]
        lb = len(bs[x])
        shorter = min(la, lb)
        common = (la + lb - d) // 2
        score = 0.5 * sim + 0.5 * (common / shorter) * min(1.0, shorter / 4)
        if shorter < 4:
            score = max(score, 0.9 * fuzz.ratio(left.keys[i], right.keys[js[x]]) / 100.0)
        out[x] = (score, sim)
    return out


def _contained(one: _Side, i: int, other: _Side, j: int) -> float:
    """Return `containment` of two clauses' words, from their sorted ids."""
    a, b = one.tokens.ids(i), other.tokens.ids(j)
    if not a or not b:
        return 0.0
    return _common(one.tokens.sorted_ids(i), other.tokens.sorted_ids(j)) / min(len(a), len(b))


def _scatter(target: MutableSequence[_T], indices: Iterable[int], values: Iterable[_T]) -> None:
    """Set `target[i] = v` for each index and value.

    A plain loop: `map` over `target.__setitem__` (a list's or bytearray's slot wrapper, which packs each
    call's arguments in a tuple) cost about 1.8 times its instructions.
    """
    for i, v in zip(indices, values, strict=False):  # `values` may be `repeat(x)`
        target[i] = v


class _State:
    """Who is paired so far, laid out for documents that are mostly unchanged: the anchors (in-order equal
    keys, nearly every clause) stay a list of index pairs and two arrays, and only the other groups are
    `Group` objects; which clauses are paired is a byte per clause. An anchor's group is made only when a
    later pass changes it (an absorbed clause makes it a merge) and at the end."""

    __slots__ = (
        "_lfree",
        "_rfree",
        "anchors",
        "groups",
        "lanchors",
        "lused",
        "overrides",
        "ranchors",
        "rused",
    )

    def __init__(self, nl: int, nr: int, anchors: list[tuple[int, int]]) -> None:
        self.anchors = anchors
        self.lanchors = list(map(operator.itemgetter(0), anchors))  # the anchors' left clauses
        self.ranchors = list(map(operator.itemgetter(1), anchors))
        self.lused = bytearray(nl)  # 1 where the clause is in a group
        self.rused = bytearray(nr)
        _scatter(self.lused, self.lanchors, itertools.repeat(1))
        _scatter(self.rused, self.ranchors, itertools.repeat(1))
        self.groups: list[Group] = []  # the groups that are not anchors, in the order they were made
        self.overrides: dict[int, Group] = {}  # anchor number -> the group it became
        self._lfree: list[int] | None = None  # the last `lfree()`
        self._rfree: list[int] | None = None

    def lfree(self) -> list[int]:
        """Return the left clauses not in any group, in order. A clause never leaves a group, so after the
        first call these are the last list's clauses still free, picked in C, not the whole side again."""
        self._lfree = _still_free(self._lfree, self.lused)
        return self._lfree

    def rfree(self) -> list[int]:
        """Return the right clauses not in any group, in order (as `lfree`)."""
        self._rfree = _still_free(self._rfree, self.rused)
        return self._rfree

    def add(self, group: Group) -> None:
        for i in group.left:
            self.lused[i] = 1
        for j in group.right:
            self.rused[j] = 1
        self.groups.append(group)

    def group(self, k: int) -> Group:
        """Return group number `k`: the anchors first, then `groups`."""
        n = len(self.anchors)
        if k >= n:
            return self.groups[k - n]
        found = self.overrides.get(k)
        if found is None:
            i, j = self.anchors[k]
            found = Group((i,), (j,), "exact", 1.0)
        return found

    def replace(self, k: int, group: Group) -> None:
        n = len(self.anchors)
        if k >= n:
            self.groups[k - n] = group
        else:
            self.overrides[k] = group
        for i in group.left:
            self.lused[i] = 1
        for j in group.right:
            self.rused[j] = 1

    def changed(self) -> Iterable[Group]:
        """Yield the groups that are not plain anchors (changed anchors first)."""
        yield from self.overrides.values()
        yield from self.groups

    def all(self) -> list[Group]:
        """Return every group in the order they were made (anchors, in order, first)."""
        out = list(
            map(
                Group,
                zip(self.lanchors),
                zip(self.ranchors),
                itertools.repeat("exact"),
                itertools.repeat(1.0),
            )
        )
        for k, g in self.overrides.items():
            out[k] = g
        out.extend(self.groups)
        return out


def _number(anchors: list[int], i: int) -> int:
    """Return the number of the anchor whose clause (of one side) is `i`, else -1: `anchors` are the
    anchors' clauses of that side, in increasing order (in-order pairs sorted by left clause)."""
    k = bisect_left(anchors, i)
    return k if k < len(anchors) and anchors[k] == i else -1


_FLIP = bytes.maketrans(b"\x00\x01", b"\x01\x00")


def _free(used: bytearray) -> list[int]:
    """Return the indices of the clauses not in any group, in order."""
    return list(itertools.compress(range(len(used)), used.translate(_FLIP)))


def _still_free(last: list[int] | None, used: bytearray) -> list[int]:
    """Return `_free(used)`, given `last`, an earlier `_free(used)` (or None) whose bytes have only been set
    since."""
    if last is None:
        return _free(used)
    return list(itertools.compress(last, map(operator.not_, map(used.__getitem__, last))))


@dataclass(frozen=True, slots=True)
class Aligned:
    """The alignment of two clause lists, laid out for documents that are mostly unchanged: the exact
    one-to-one anchor pairs as two index lists, and only the other groups as `Group` values."""

    exact_left: list[int]
    """The left clauses of the anchors (in-order pairs of equal keys) still one-to-one and exact at the
    end, in increasing order (so their right clauses, `exact_right`, increase too)."""
    exact_right: list[int]
    """The right clause of each of `exact_left`, at the same position."""
    groups: list[Group]
    """Every other group: anchors that became a merge or split (in anchor order), then the groups made
    by the later passes, in the order they were made."""


def align(
    left_clauses: Sequence[Clause],
    right_clauses: Sequence[Clause],
    left_keys: Sequence[str],
    right_keys: Sequence[str],
    *,
    thresholds: Thresholds | None = None,
) -> list[Group]:
    """Return the groups that align two clause lists, given their comparison keys (slots abstracted).

    Every clause index of each side is in exactly one group; groups are unordered here (the anchors come
    first, in order).
    """
    return _aligned(left_clauses, right_clauses, left_keys, right_keys, thresholds).all()


def align_compact(
    left_clauses: Sequence[Clause],
    right_clauses: Sequence[Clause],
    left_keys: Sequence[str],
    right_keys: Sequence[str],
    *,
    thresholds: Thresholds | None = None,
) -> Aligned:
    """Return `align` of two clause lists without a `Group` per unchanged clause: the exact anchor pairs
    as two index lists and the other groups (the same groups as `align`'s, the anchors aside)."""
    st = _aligned(left_clauses, right_clauses, left_keys, right_keys, thresholds)
    lefts, rights = st.lanchors, st.ranchors
    if st.overrides:
        kept = bytearray(b"\x01") * len(lefts)
        _scatter(kept, st.overrides, itertools.repeat(0))
        lefts = list(itertools.compress(lefts, kept))
        rights = list(itertools.compress(rights, kept))
    changed = [st.overrides[k] for k in sorted(st.overrides)]
    changed.extend(st.groups)
    return Aligned(lefts, rights, changed)


def _aligned(
    left_clauses: Sequence[Clause],
    right_clauses: Sequence[Clause],
    left_keys: Sequence[str],
    right_keys: Sequence[str],
    thresholds: Thresholds | None,
) -> _State:
    """Return who is paired with whom once every pass of `align` has run."""
    thresholds = thresholds or Thresholds()
    margin = thresholds.background_margin
    vocab: dict[str, int] = {}
    left = _side(left_clauses, left_keys, vocab)
    right = _side(right_clauses, right_keys, vocab)
    nl, nr = len(left.keys), len(right.keys)
    lcount, rcount = Counter(left.keys), Counter(right.keys)

    # 1. Anchors: equal keys, unique first, the heaviest in-order chain, recursively in gaps.
    chain = _anchor(left, right, lcount, rcount)
    st = _State(nl, nr, chain)

    # 1b. A clause whose key is unique on both sides but off the chain moved: it is paired before the
    #     gaps, so a gap never pairs it with a stranger while its twin stands elsewhere.
    rkeys = right.keys
    rwhere = {k: j for j in st.rfree() if rcount[k := rkeys[j]] == 1}
    if rwhere:
        for i in st.lfree():
            k = left.keys[i]
            if lcount[k] == 1 and k in rwhere:
                st.add(Group((i,), (rwhere[k],), "exact", 1.0, moved=True))
    # Nearly every clause not anchored by now is scored by some pass: its words are cut in one go.
    left.tokens.fill(st.lfree())
    right.tokens.fill(st.rfree())

    # 2. Fuzzy pairs inside each gap between consecutive anchors, kept in order.
    lbound = [-1, *st.lanchors, nl]
    rbound = [-1, *st.ranchors, nr]
    # The gaps with a clause on both sides, found in C (nearly all neighbouring anchors are adjacent).
    two = functools.partial(operator.le, 2)
    wide = map(
        operator.and_,
        map(two, map(operator.sub, lbound[1:], lbound[:-1])),
        map(two, map(operator.sub, rbound[1:], rbound[:-1])),
    )
    floors: tuple[float, float] | None = None
    lused, rused = st.lused, st.rused
    for gap in itertools.compress(range(len(lbound) - 1), wide):
        a0, a1, b0, b1 = lbound[gap], lbound[gap + 1], rbound[gap], rbound[gap + 1]
        lgap = [i for i in range(a0 + 1, a1) if not lused[i]]
        rgap = [j for j in range(b0 + 1, b1) if not rused[j]]
        if lgap and rgap:
            if floors is None:
                least = background(left, right, chain) + thresholds.background_margin
                floors = (max(thresholds.gap, least), least)
            for group in _gap_pairs(left, right, lgap, rgap, thresholds, floors):
                st.add(group)

    # 3. Pairs grow into splits and merges with their unmatched neighbours (before moves, so a
    #    split piece is not taken for a move).
    _grow_all(left, right, st, thresholds)

    # 4. Moves: what is left, paired across gaps (equal keys first, then similar texts).
    _moves(left, right, st, thresholds, (lcount, rcount))

    # 5. An unmatched clause whose words come back spread over a run of unmatched clauses.
    _runs(left, right, st, thresholds)

    # 6. A clause whose words stand in a neighbouring clause of the other side is not removed (or
    #    added): two bullets joined into one paragraph are a merge, a paragraph cut in two a split.
    _absorb(left, right, st, thresholds)

    # 7. Clauses reordered inside one section (a list whose items were shuffled and reworded): pairs
    #    across the in-order pairs, at the gap threshold, when their section and kind agree.
    floor = floors[0] if floors is not None else None
    _local_moves(
        left, right, st, lambda: floor or max(thresholds.gap, background(left, right, chain) + margin)
    )

    # 8. A short clause alone between two paired neighbours pairs with its counterpart by position
    #    (a renamed heading), when both have the same role.
    _by_position(left, right, st)

    # 9. Everything else was added or removed; a run of table cells that could as well stand a few
    #    cells on (an anchor's cell repeats the run's edge) stands where it is whole rows.
    _slide_rows(left_clauses, left_keys, st, left=True)
    _slide_rows(right_clauses, right_keys, st, left=False)
    for i in st.lfree():
        st.groups.append(Group((i,), (), "none", 0.0))
    for j in st.rfree():
        st.groups.append(Group((), (j,), "none", 0.0))
    _mark_moves(st)
    for n, g in st.overrides.items():
        st.overrides[n] = _with_evidence(left, right, g)
    st.groups = [_with_evidence(left, right, g) for g in st.groups]
    return st


def _row_start(clauses: Sequence[Clause], x: int) -> bool:
    """Return whether clause `x` opens a table row (the first paragraph of its first cell)."""
    here = clauses[x].location
    if here.row is None or here.column != 0:
        return False
    before = clauses[x - 1].location if x > 0 else None
    return before is None or before.row != here.row or before.column != 0


def _whole_rows(clauses: Sequence[Clause], a: int, b: int) -> bool:
    """Return whether clauses `a`..`b` are whole table rows."""
    return _row_start(clauses, a) and (
        b + 1 == len(clauses) or clauses[b + 1].location.row is None or _row_start(clauses, b + 1)
    )


def _slide_rows(clauses: Sequence[Clause], keys: Sequence[str], st: _State, *, left: bool) -> None:
    """Move a run of unpaired table cells of one side to where it is whole rows, when it can stand there
    as well: the anchors just after (before) it pair cells equal to the run's first (last) ones.

    A row added whose last cell repeats the cell above ("Coordinator" in two rows) can be read as that
    cell and the new row's first cells added, or as the new row added; which one the anchors took
    depended on what changed elsewhere (trimming equal ends takes the last copy). A reviewer reads rows.
    """
    runs: list[tuple[int, int]] = []
    for x in st.lfree() if left else st.rfree():
        if runs and runs[-1][1] == x - 1:
            runs[-1] = (runs[-1][0], x)
        else:
            runs.append((x, x))
    runs = [(a, b) for a, b in runs if clauses[a].location.row is not None and not _whole_rows(clauses, a, b)]
    if not runs:
        return  # (most comparisons: no table, or rows added and removed whole)
    used = st.lused if left else st.rused
    mine = st.lanchors if left else st.ranchors
    at = {x: k for k, x in enumerate(mine) if k not in st.overrides}
    moved = False
    for a, b in runs:
        n = b - a + 1
        for shift in sorted(range(-n, n + 1), key=abs):
            if shift == 0 or a + shift < 0 or b + shift >= len(clauses):
                continue
            # The cells the run gives up are anchored, and equal to those it takes (in turn).
            gives = range(b + 1, b + 1 + shift) if shift > 0 else range(a + shift, a)
            takes = range(a, a + shift) if shift > 0 else range(b + 1 + shift, b + 1)
            if not all(
                x in at and keys[x] == keys[y] and clauses[x].kind is clauses[y].kind
                for x, y in zip(gives, takes, strict=True)
            ):
                continue
            if not _whole_rows(clauses, a + shift, b + shift):
                continue
            for x, y in zip(gives, takes, strict=True):
                k = at.pop(x)
                mine[k] = y
                i, j = st.anchors[k]
                st.anchors[k] = (y, j) if left else (i, y)
                at[y] = k
                used[x], used[y] = 0, 1
            moved = True
            break
    if moved:  # (a clause left a group: the free lists are made again)
        st._lfree = st._rfree = None


def _pair_score(left: _Side, right: _Side, i: int, j: int, floor: float) -> tuple[float, str] | None:
    """Return the score of a candidate pair and how it matched, or None below `floor`."""
    if left.classes[i] != right.classes[j]:
        return None
    if left.keys[i] == right.keys[j]:
        return 1.0, "exact"
    score, indel = _score_indel(left, right, i, j)
    if score < floor or not _evident(left, right, i, j):
        return None
    return score, ("fuzzy" if indel >= score else "contained")


def _pair_scores(
    left: _Side, right: _Side, i: int, js: Sequence[int], floor: float
) -> list[tuple[float, str] | None]:
    """Return `_pair_score` of left clause `i` with each right clause `js` (scored in one batch)."""
    cls, key = left.classes[i], left.keys[i]
    out: list[tuple[float, str] | None] = [None] * len(js)
    todo: list[int] = []  # positions in `js` to score
    for x, j in enumerate(js):
        if right.classes[j] != cls:
            continue
        if right.keys[j] == key:
            out[x] = (1.0, "exact")
        else:
            todo.append(x)
    if not todo:
        return out
    for x, (score, indel) in zip(todo, _score_many(left, right, i, [js[x] for x in todo]), strict=True):
        if score >= floor and _evident(left, right, i, js[x]):
            out[x] = (score, "fuzzy" if indel >= score else "contained")
    return out


def _content_holds(left: _Side, right: _Side, i: int, j: int, floor: float) -> bool:
    """Return whether a pair that scores by containment (the shorter clause's words standing in the longer)
    rests on content words: most of the words it shares are distinctive (`is_distinctive`), or it still
    reaches `floor` with its containment counted on the shorter clause's distinctive words alone. "A vote of
    the steering council." stands in "… a core team vote and no veto by the technical board" by "a", "of",
    "the" and one content word, "vote" (decision 0002, session 21, second round). A shorter clause of
    function words alone, or of none, is judged by all its words."""
    one, k, other, m = (
        (left, i, right, j) if len(left.tokens[i]) <= len(right.tokens[j]) else (right, j, left, i)
    )
    words = one.tokens[k]
    content = sorted(itertools.compress(one.tokens.ids(k), map(_DISTINCTIVE.__getitem__, words)))
    if not content or len(content) == len(words):
        return True
    theirs = other.tokens.sorted_ids(m)
    shared = _common(content, theirs)  # the multiset intersections, as LCS of sorted ids (in C)
    if 2 * shared >= _common(one.tokens.sorted_ids(k), theirs):
        return True  # most of the words it shares are content words
    indel = float(Indel.normalized_similarity(left.tokens.ids(i), right.tokens.ids(j)))
    return 0.5 * indel + 0.5 * (shared / len(content)) * min(1.0, len(words) / 4) >= floor


def background(left: _Side, right: _Side, anchors: Sequence[tuple[int, int]]) -> float:
    """Return the median similarity of clauses known to differ: a left anchor with another anchor's
    right clause, over a seeded sample of such pairs (0 with fewer than five body anchors)."""
    drawn = _draw(left, anchors)
    if not drawn:
        return 0.0
    left.tokens.fill(sorted({i for i, _ in drawn}))
    right.tokens.fill(sorted({j for _, j in drawn}))
    scores = [_score(left, right, i, j) for i, j in drawn]
    scores.sort()
    return scores[len(scores) // 2]


def _draw(left: _Side, anchors: Sequence[tuple[int, int]], sample: int = 256) -> list[tuple[int, int]]:
    """Return the background's seeded sample of `sample` pairs (left clause, right clause) of two body
    anchors with words, none with fewer than five such anchors; kept on `left` (`_Side.drawn`)."""
    lkeys, classes = left.keys, left.classes
    # An anchor's two keys are equal (`_anchor` pairs equal keys only): the left one tells whether both
    # have a word.
    lefts = list(map(operator.itemgetter(0), anchors))
    is_body = list(map(operator.eq, _gather(classes, lefts), itertools.repeat("body")))
    keys = _gather(lkeys, list(itertools.compress(lefts, is_body)))
    body = list(itertools.compress(itertools.compress(anchors, is_body), _has_words(keys)))
    drawn: list[tuple[int, int]] = []
    if len(body) >= 5:
        rng = random.Random(0)
        for _ in range(sample):
            (i, _j), (_i, j) = rng.sample(body, 2)
            drawn.append((i, j))
    left.drawn = drawn
    return drawn


def _gap_pairs(
    left: _Side,
    right: _Side,
    lgap: list[int],
    rgap: list[int],
    thresholds: Thresholds,
    floors: tuple[float, float],
) -> list[Group]:
    """Return in-order pairs within one gap: clear pairs first, then boxed-in pairs in small sub-gaps."""
    if len(lgap) == 1 and len(rgap) == 1:  # most gaps (one clause changed in place): the same, directly
        return _one_by_one(left, right, lgap[0], rgap[0], thresholds, floors)
    pairs = _chain_pairs(left, right, lgap, rgap, floors[0])
    for lsub, rsub in _sub_gaps(lgap, rgap, pairs):
        small = len(lsub) * len(rsub) <= thresholds.small_gap_size and max(len(lsub), len(rsub)) <= _BOXED
        if lsub and rsub and small:
            pairs.extend(_chain_pairs(left, right, lsub, rsub, thresholds.small_gap, floors[1], floors[0]))
    for lsub, rsub in _sub_gaps(lgap, rgap, pairs):
        pairs.extend(_cells_in_place(left, right, lsub, rsub))
    return pairs


def _one_by_one(
    left: _Side, right: _Side, i: int, j: int, thresholds: Thresholds, floors: tuple[float, float]
) -> list[Group]:
    """Return what `_gap_pairs` makes of a gap of one clause on each side, scoring the pair once."""
    boxed = thresholds.small_gap_size >= 1 and _BOXED >= 1
    found = _pair_score(left, right, i, j, min(floors[0], thresholds.small_gap) if boxed else floors[0])
    if found is not None:
        score, how = found
        clear = how == "exact" or score >= floors[0]
        if clear or (
            boxed
            and score >= thresholds.small_gap
            and (
                _contained(left, i, right, j) >= 1.0
                or (score >= floors[1] and _boxed_evidence(left, right, i, j))
            )
        ):
            return [Group((i,), (j,), how, round(score, 4))]
    return _cells_in_place(left, right, [i], [j])


def _boxed_evidence(left: _Side, right: _Side, i: int, j: int) -> bool:
    """Return whether a boxed-in pair below the gap's floor has its rare words agree (`evidence` at least
    `_BOXED_EVIDENCE`): between two long clauses a shared word common in these documents ("software" in a
    licence about software) is no evidence a person can see; a short clause (under five words, a renamed
    heading) is boxed in as `_by_position` pairs it (decision 0002, session 21)."""
    a, b = left.tokens[i], right.tokens[j]
    return min(len(a), len(b)) < 5 or evidence(a, b, _boxed_weights(left, right)) >= _BOXED_EVIDENCE


def _boxed_weights(left: _Side, right: _Side) -> Weights:
    """Return word weights for `_boxed_evidence`: the comparison's own (`_document_weights`) for a pair of
    up to `WEIGHT_SAMPLE` clauses, else those of the background's sample, kept apart (`_Side.sampled`) so
    the weights the moves make over the unpaired clauses stay theirs."""
    if left.weights is not None or len(left.keys) + len(right.keys) <= WEIGHT_SAMPLE:
        return _document_weights(left, right, ())
    if left.sampled is None:
        drawn = left.drawn or []
        lsample = sorted({i for i, _ in drawn})
        rsample = sorted({j for _, j in drawn})
        left.tokens.fill(lsample)
        right.tokens.fill(rsample)
        sample = [left.tokens[i] for i in lsample] + [right.tokens[j] for j in rsample]
        left.sampled = word_weights(sample)
    return left.sampled


_BOXED_EVIDENCE = 0.2
"""Least agreement of two long clauses' rare words (`evidence`) for a boxed-in pair below the gap's floor
whose words are not all in the other (decision 0002, session 21): MPL 1.1 → 2.0's stranger pair sharing only
"software" scores 0.10, the seeds' "Discuss with parents …" → "Discuss children, families …" 0.21."""

_BOXED = 4
"""Most clauses on either side of a small sub-gap: one clause facing a run of new ones is not boxed in with
a counterpart (the Contributor Covenant 2.0's enforcement ladder is not a rewording of 1.4's last rule)."""


def _sub_gaps(
    lgap: list[int], rgap: list[int], pairs: Sequence[Group]
) -> Iterable[tuple[list[int], list[int]]]:
    """Yield the unpaired clauses of a gap between each two consecutive in-order pairs (sorted lists).

    Cut by bisection, so a gap with many pairs costs O((pairs + clauses) log clauses).
    """
    cuts = sorted((g.left[0], g.right[0]) for g in pairs)
    bounds = [(-1, -1), *cuts, (10**12, 10**12)]
    for (a0, b0), (a1, b1) in itertools.pairwise(bounds):
        lsub = lgap[bisect_right(lgap, a0) : bisect_left(lgap, a1)]
        rsub = rgap[bisect_right(rgap, b0) : bisect_left(rgap, b1)]
        yield lsub, rsub


def _cell(side: _Side, i: int) -> tuple[int, int] | None:
    """Return the (row, column) of a table cell clause, else None."""
    if not 0 <= i < len(side.clauses):
        return None
    clause = side.clauses[i]
    where = clause.location
    if clause.kind is not ClauseKind.TABLE_CELL or where.row is None or where.column is None:
        return None
    return where.row, where.column


def _cells_in_place(left: _Side, right: _Side, lsub: list[int], rsub: list[int]) -> list[Group]:
    """Return pairs of table cells that took each other's place in a row kept on both sides.

    A cell's words may change completely ("Manager" → "Key person") and it is still the same cell:
    when the unpaired clauses between two pairs are, on each side, the same number of neighbouring
    cells of one table row, column for column, and that row also has a cell just before or just
    after them on both sides (or they are the whole row on both sides), they pair in order
    (`matched_by` "position").
    """
    if not lsub or len(lsub) != len(rsub):
        return []
    if lsub != list(range(lsub[0], lsub[-1] + 1)) or rsub != list(range(rsub[0], rsub[-1] + 1)):
        return []
    lcells = [_cell(left, i) for i in lsub]
    rcells = [_cell(right, j) for j in rsub]
    if any(c is None for c in lcells + rcells):
        return []
    lrows = {c[0] for c in lcells if c is not None}
    rrows = {c[0] for c in rcells if c is not None}
    if len(lrows) != 1 or len(rrows) != 1:
        return []
    if [c[1] for c in lcells if c] != [c[1] for c in rcells if c]:
        return []
    (lrow,), (rrow,) = lrows, rrows

    def in_row(side: _Side, i: int, row: int) -> bool:
        cell = _cell(side, i)
        return cell is not None and cell[0] == row

    kept = (in_row(left, lsub[0] - 1, lrow) and in_row(right, rsub[0] - 1, rrow)) or (
        in_row(left, lsub[-1] + 1, lrow) and in_row(right, rsub[-1] + 1, rrow)
    )
    # Or the row was rewritten whole: the unpaired clauses are all of one row on each side, between
    # the same two pairs (the bounds of the sub-gap).
    whole = not any(
        in_row(side, k, row)
        for side, sub, row in ((left, lsub, lrow), (right, rsub, rrow))
        for k in (sub[0] - 1, sub[-1] + 1)
    )
    if not (kept or whole):
        return []
    return [
        Group((i,), (j,), "position", round(_score(left, right, i, j), 4))
        for i, j in zip(lsub, rsub, strict=True)
    ]


def _chain_pairs(
    left: _Side,
    right: _Side,
    lgap: list[int],
    rgap: list[int],
    floor: float,
    clear: float = 0.0,
    sure: float = 0.0,
) -> list[Group]:
    """Return the heaviest in-order chain of pairs scoring at least `floor`; below `clear`, a pair
    is kept only when one clause's words all come back in the other (an item grown into a longer one);
    below `sure` too, unless its rare words agree (`_boxed_evidence`). A pair by containment that does not
    rest on content words (`_content_holds`) is no clear pair: in the gap's pass (no `sure`) it is dropped,
    in a small sub-gap's it is judged as a pair below `sure`."""
    index = _Index(right, rgap) if len(lgap) * len(rgap) > 4096 else None
    scored: dict[tuple[int, int], tuple[float, str]] = {}
    for i in lgap:
        js = rgap if index is None else index.candidates(left.tokens[i])
        for j, result in zip(js, _pair_scores(left, right, i, js, floor), strict=True):
            if result is None:
                continue
            top = max(floor, sure)
            # (a containment term is at most 0.5: a pair above 0.5 + `top` holds on its Indel alone)
            held = (
                result[1] != "contained" or result[0] - 0.5 >= top or _content_holds(left, right, i, j, top)
            )
            if not held and not sure:
                continue  # the gap's clear pairs: a pair by containment holds on content words
            if result[0] < clear or result[0] < sure or not held:
                whole = _contained(left, i, right, j) >= 1.0
                if not whole and (result[0] < clear or not _boxed_evidence(left, right, i, j)):
                    continue
            scored[(i, j)] = result
    weighted = [(i, j, s) for (i, j), (s, _) in scored.items()]
    chain = heaviest_chain(weighted)
    if len(chain) < len(weighted):  # some clause had another candidate: look for pairs no clause prefers
        chain = _preferred(left, right, chain, weighted)
    return [Group((i,), (j,), scored[(i, j)][1], round(scored[(i, j)][0], 4)) for i, j, _ in chain]


def _preferred(
    left: _Side,
    right: _Side,
    chain: list[tuple[int, int, float]],
    weighted: list[tuple[int, int, float]],
) -> list[tuple[int, int, float]]:
    """Return the chain's pairs that one of their two clauses prefers, or whose rare words agree.

    A pair whose left clause has another candidate in the gap scoring at least as high, and whose right
    clause has one too, was chosen by order alone: in a list replaced by another ("Remove x from
    algorithms/a.py" items for "In algorithms/b.py remove y" ones) every item scores alike with every
    other by the template word and a folder, and a reviewer would read a rewording where one duty was
    dropped and another added. Such a pair stands only with `evidence` of at least `_AMBIGUOUS_EVIDENCE`
    (decision 0002, session 24)."""
    lbest: dict[int, list[float]] = {}  # clause -> its two best scores
    rbest: dict[int, list[float]] = {}
    for i, j, s in weighted:
        for best, k in ((lbest, i), (rbest, j)):
            top = best.get(k)
            if top is None:
                best[k] = [s, -1.0]
            elif s > top[1]:
                top[1] = s
                top.sort(reverse=True)
    kept: list[tuple[int, int, float]] = []
    for i, j, s in chain:
        # the clause's best other candidate is at least `s` when its second best is (ties count)
        if s < 1.0 and lbest[i][1] >= s and rbest[j][1] >= s:
            a, b = left.tokens[i], right.tokens[j]
            if a and b and evidence(a, b, _boxed_weights(left, right)) < _AMBIGUOUS_EVIDENCE:
                continue
        kept.append((i, j, s))
    return kept


_AMBIGUOUS_EVIDENCE = 0.35
"""Least `evidence` for a gap pair neither of whose clauses prefers the other (`_preferred`). Over the
project's 77 real and gold pairs such pairs score 0.15–0.31 when wrong (NetworkX's replaced to-do list,
GPL 2 → 3 and LGPL 2.1 → 3's rewritten sections), 0.36–0.57 where the pair is right or defensible."""


def _moves(
    left: _Side,
    right: _Side,
    st: _State,
    thresholds: Thresholds,
    counts: tuple[Counter[str], Counter[str]] = (Counter(), Counter()),
) -> None:
    """Pair what is left across gaps: equal keys first, then similar texts (a fuzzy move).

    A clause still free once the equal keys are paired whose text stands word for word on the other side
    (`counts`: each side's keys) is a surplus copy of a clause already paired there — GPL 2's title line
    repeated over its terms, which GPL 3 has once — and is not moved onto another clause by shared words
    (decision 0002, session 22)."""
    lfree = st.lfree()
    rfree = st.rfree()
    if not lfree or not rfree:
        return
    by_key: dict[str, list[int]] = defaultdict(list)
    for j in rfree:
        by_key[right.keys[j]].append(j)
    taken_l: set[int] = set()
    taken_r: set[int] = set()
    for i in lfree:
        bucket = by_key.get(left.keys[i])
        if bucket:
            j = bucket.pop(0)
            st.add(Group((i,), (j,), "exact", 1.0, moved=True))
            taken_l.add(i)
            taken_r.add(j)
    lcount, rcount = counts
    lfree = [i for i in lfree if i not in taken_l and not rcount[left.keys[i]]]
    rfree = [j for j in rfree if j not in taken_r and not lcount[right.keys[j]]]
    if not lfree or not rfree:
        return
    index = _Index(right, rfree)
    weights = _document_weights(left, right, st.anchors, lfree, rfree)
    scored: list[tuple[float, int, int]] = []
    for i in lfree:
        cls = left.classes[i]
        js = [j for j in index.candidates(left.tokens[i]) if right.classes[j] == cls]
        for j, (score, _) in zip(js, _score_many(left, right, i, js, thresholds.move), strict=True):
            if (
                score >= thresholds.move
                and evidence(left.tokens[i], right.tokens[j], weights) >= thresholds.move_evidence
                and _evident(left, right, i, j)
            ):
                scored.append((score, i, j))
    scored.sort(key=lambda t: (-t[0], t[1], t[2]))
    for score, i, j in scored:
        if i in taken_l or j in taken_r:
            continue
        taken_l.add(i)
        taken_r.add(j)
        st.add(Group((i,), (j,), "fuzzy", round(score, 4), moved=True))


def _joined_score(left: _Side, right: _Side, lidx: Sequence[int], ridx: Sequence[int]) -> float:
    a = [t for i in lidx for t in left.tokens.ids(i)]
    b = [t for j in ridx for t in right.tokens.ids(j)]
    return _similarity_ids(a, b)


def _stands(
    left: _Side,
    right: _Side,
    lidx: Sequence[int],
    ridx: Sequence[int],
    grown_l: Sequence[int],
    grown_r: Sequence[int],
) -> bool:
    """Return whether the clause a group grows by (`lidx`, `ridx` → `grown_l`, `grown_r`: one clause more on
    one side) stands in the group's other side: `_ABSORB` of its words matched, in order, beyond the words the
    group matched before.

    The similarity gain (`Thresholds.split_gain`) misses a short clause joined to a long one: "This
    policy covers:" run into a long paragraph lifts the pair's similarity from 0.96 to 1.0, yet every one
    of its words stands there, and left out of the group it would be reported removed while it stands."""
    grown, was = (grown_l, lidx) if len(grown_l) > len(lidx) else (grown_r, ridx)
    (piece,) = set(grown) - set(was)
    side, other = (left, right) if grown is grown_l else (right, left)
    ids = side.tokens.ids(piece)
    words = len(ids)
    if not words:
        return False
    before = _lcs_ids(_joined_ids(left, lidx), _joined_ids(right, ridx))
    after = _lcs_ids(_joined_ids(left, grown_l), _joined_ids(right, grown_r))
    if after - before >= _ABSORB * words:
        return True
    # The piece set inside the other clause, not before or after the words matched so far (Docutils'
    # "Docutils does not come in a through-the-web secure state …" joined, reworded, into the middle of the
    # paragraph before it): in order it stands there on its own, and the group's words found in the other
    # clause grow by as many, so they are copies the group had not matched (decision 0002, session 26).
    # Only a piece of four words or more of the other clause's class: a label ("A.") or a heading
    # ("Attribution") finds its one word anywhere in a long clause.
    (that,) = grown_r if grown is grown_l else grown_l
    if words < _INSIDE_WORDS or side.classes[piece] != other.classes[that]:
        return False
    theirs = other.tokens.ids(that)
    if _lcs_ids(ids, theirs) < _ABSORB * words:
        return False
    sorted_theirs = sorted(theirs)
    gain = _common(sorted(_joined_ids(side, grown)), sorted_theirs) - _common(
        sorted(_joined_ids(side, was)), sorted_theirs
    )
    return gain >= _ABSORB * words


def _fused_join(one: _Side, i: int, k: int, other: _Side, j: int) -> bool:
    """Return whether clause `i`, joined with no space to its neighbour `k` (`i - 1` or `i + 1`), stands whole
    and in order in clause `j` of the other side, the two words at the join read there as one word.

    Deleting a paragraph mark in Word joins two paragraphs with nothing between them ("2. Designated
    Safeguarding LeadThe Designated Safeguarding Lead (DSL) is…"), and the joined paragraph keeps the first
    one's style: the heading's last word and the paragraph's first are one word, so neither piece stands
    whole in the merged clause, and a piece of the other class is otherwise taken only whole (`_grow`,
    `_absorb`). The joined word itself is the evidence, so the similarity gain is not asked for."""
    if not (0 <= k < len(one.keys)) or abs(k - i) != 1:
        return False
    piece, beside = one.tokens[i], one.tokens[k]
    if not piece or not beside:
        return False
    if k > i:
        joined = [*piece[:-1], piece[-1] + beside[0]]
    else:
        joined = [beside[-1] + piece[0], *piece[1:]]
    whole = other.tokens[j]
    return (len(joined) + len(whole) - Indel.distance(joined, whole)) // 2 == len(joined)


def _fused_beside(one: _Side, i: int, other: _Side, j: int) -> int:
    """Return the neighbour (`i - 1` or `i + 1`) that clause `i` is joined to with no space in clause `j`
    (`_fused_join`), else -1."""
    for k in (i - 1, i + 1):
        if _fused_join(one, i, k, other, j):
            return k
    return -1


def _joined_ids(side: _Side, idx: Sequence[int]) -> list[int]:
    return [t for i in idx for t in side.tokens.ids(i)]


def _lcs_ids(a: list[int], b: list[int]) -> int:
    """Return the length of the longest common subsequence of two word id lists."""
    return (len(a) + len(b) - Indel.distance(a, b)) // 2


def _similarity_ids(a: list[int], b: list[int]) -> float:
    """Return `similarity_tokens(a, b)` of two word id lists (no keys), the words they share counted as the
    LCS of the sorted lists in C: the same integer as `containment`'s counts, for a quarter of the
    instructions."""
    if not a or not b:
        return 1.0
    indel = float(Indel.normalized_similarity(a, b))
    shorter = min(len(a), len(b))
    return 0.5 * indel + 0.5 * (_common(sorted(a), sorted(b)) / shorter) * min(1.0, shorter / 4)


def _grow_all(left: _Side, right: _Side, st: _State, thresholds: Thresholds) -> None:
    """Grow reworded pairs into splits or merges where that fits better (anchors are never reworded)."""
    out: list[Group] = []
    for group in st.groups:
        if len(group.left) == 1 and len(group.right) == 1 and group.score < 1.0:
            grown = _grow(left, right, group, st.lused, st.rused, thresholds)
            if grown is not None:
                for i in grown.left:
                    st.lused[i] = 1
                for j in grown.right:
                    st.rused[j] = 1
                out.append(grown)
                continue
        out.append(group)
    st.groups = out


def _runs(left: _Side, right: _Side, st: _State, thresholds: Thresholds) -> None:
    """Add splits (merges) of unmatched clauses into runs of unmatched clauses.

    A run is two unmatched neighbours or more (`_run_for`), and clauses only ever join groups: a side without
    two unmatched neighbours when its pass starts takes no run in it, so that pass (its candidate index, a
    candidate look-up per clause) is skipped; in a pass, a clause is looked up only when two such neighbours
    could both be pieces of it (`_may_split`) and its candidates can hold one of them (`_Index.reaching`)."""
    lfree = st.lfree()
    rfree = st.rfree()
    if not lfree or not rfree:
        return
    _runs_into(left, right, st, lfree, thresholds, flip=False)
    _runs_into(right, left, st, rfree, thresholds, flip=True)


def _runs_into(
    one: _Side, other: _Side, st: _State, todo: list[int], thresholds: Thresholds, *, flip: bool
) -> None:
    """Add the splits (flipped: merges) of clauses `todo` of `one` into runs of unmatched clauses of `other`.
    The candidate index is built for the first clause that may be cut into a run (`_may_split`)."""
    mine, theirs = (st.rused, st.lused) if flip else (st.lused, st.rused)
    starts = _run_starts(theirs)
    if not starts:
        return
    found_in: tuple[_Index, Callable[[Sequence[str]], bool]] | None = None
    for i in todo:
        toks = one.tokens[i]
        if mine[i] or len(toks) < 4 or not _may_split(one, other, i, starts, thresholds.split_piece):
            continue  # in a group, too short to be cut in pieces, or no two first pieces for a run
        if found_in is None:
            index = _Index(other, st.lfree() if flip else st.rfree())
            found_in = index, index.reaching(_free_neighbours(theirs))
        index, reaches = found_in
        if not reaches(toks):
            continue  # no run can start near its candidates
        found = _run_for(one, other, i, index.candidates(toks), mine, theirs, thresholds, flip=flip)
        if found:
            st.add(found)


_NEIGHBOURS_FREE = b"\x00\x00"
"""Two neighbouring clauses in no group, in a side's `used` bytes."""


def _run_starts(used: bytearray) -> list[int]:
    """Return the clauses in no group whose next clause is in none either: where `_run_for` may start."""
    found: list[int] = []
    s = used.find(_NEIGHBOURS_FREE)
    while s >= 0:
        found.append(s)
        s = used.find(_NEIGHBOURS_FREE, s + 1)
    return found


def _free_neighbours(used: bytearray) -> set[int]:
    """Return the clauses in no group whose neighbour (before or after) is in none either: the first two
    pieces of every run that can start (`_run_starts`)."""
    starts = _run_starts(used)
    return {*starts, *(s + 1 for s in starts)}


def _may_split(one: _Side, other: _Side, i: int, starts: list[int], piece: float) -> bool:
    """Return whether clause `i` of `one` may be cut into a run of `other` starting at one of `starts`: the
    run's first two clauses must both be of its kind, have words and have `piece` of their words in it (the
    test of `_run_for`), worked out for every such clause at once in C."""
    cls = one.classes[i]
    firsts = {k for s in starts for k in (s, s + 1)}
    pieces = sorted(k for k in firsts if other.classes[k] == cls and other.tokens.ids(k))
    if not pieces:
        return False
    mine = one.tokens.sorted_ids(i)
    theirs = other.tokens.sorted_ids_of(pieces)
    fit = set()
    for _, dist, x in process.extract(mine, theirs, scorer=Indel.distance, limit=None):
        shorter = min(len(mine), len(theirs[x]))
        if (len(mine) + len(theirs[x]) - dist) // 2 / shorter >= piece:
            fit.add(pieces[x])
    return any(s in fit and s + 1 in fit for s in starts)


def _numbers_apart(side: _Side, k: int, other: _Side, i: int) -> bool:
    """Return whether clause `k` is numbers only (as "2.0.0", a version note's bare version) and its numbers
    do not stand in a row in clause `i` of `other`: such a piece shares digits with any clause that holds a
    number ("Deprecated since version 8.2.0."), so it is a piece of a split or merge only when the whole
    number stands there (session 24)."""
    words = side.tokens[k]
    if not all(map(str.isdigit, words)):
        return False
    return f" {' '.join(words)} " not in f" {' '.join(other.tokens[i])} "


def _grow(
    left: _Side, right: _Side, group: Group, lused: bytearray, rused: bytearray, thresholds: Thresholds
) -> Group | None:
    """Return the pair grown into a split or merge when neighbouring pieces raise its similarity."""
    (i,), (j,) = group.left, group.right
    best = group.score
    ridx = [j]
    lidx = [i]
    for step in (1, -1):
        while True:
            nxt = (ridx[-1] + 1) if step == 1 else (ridx[0] - 1)
            if not 0 <= nxt < len(right.keys) or rused[nxt]:
                break
            share = _contained(right, nxt, left, i)
            fused = _fused_join(right, nxt, nxt - step, left, i)
            if not fused and (
                share < thresholds.split_piece
                or not right.tokens[nxt]
                or (right.classes[nxt] != left.classes[i] and share < 1.0)
                or _numbers_apart(right, nxt, left, i)
            ):
                break
            trial = sorted([*ridx, nxt])
            score = _joined_score(left, right, [i], trial)
            if (
                score < best + thresholds.split_gain
                and not fused
                and not _stands(left, right, [i], ridx, [i], trial)
            ):
                break
            ridx, best = trial, score
    if len(ridx) == 1:
        for step in (1, -1):
            while True:
                nxt = (lidx[-1] + 1) if step == 1 else (lidx[0] - 1)
                if not 0 <= nxt < len(left.keys) or lused[nxt]:
                    break
                share = _contained(left, nxt, right, j)
                fused = _fused_join(left, nxt, nxt - step, right, j)
                if not fused and (
                    share < thresholds.split_piece
                    or not left.tokens[nxt]
                    or (left.classes[nxt] != right.classes[j] and share < 1.0)
                    or _numbers_apart(left, nxt, right, j)
                ):
                    break
                trial = sorted([*lidx, nxt])
                score = _joined_score(left, right, trial, [j])
                if (
                    score < best + thresholds.split_gain
                    and not fused
                    and not _stands(left, right, lidx, [j], trial, [j])
                ):
                    break
                lidx, best = trial, score
    if len(ridx) > 1:
        return Group((i,), tuple(ridx), "split", round(best, 4), group.moved)
    if len(lidx) > 1:
        return Group(tuple(lidx), (j,), "merge", round(best, 4), group.moved)
    return None


def _run_for(
    one: _Side,
    other: _Side,
    i: int,
    starts: Sequence[int],
    used_one: bytearray,
    used_other: bytearray,
    thresholds: Thresholds,
    *,
    flip: bool,
) -> Group | None:
    """Return a split (or, flipped, a merge) of clause `i` into a run of unmatched clauses."""
    toks = one.tokens[i]
    if len(toks) < 4:
        return None
    best: tuple[float, list[int]] | None = None
    cls, piece, size = one.classes[i], thresholds.split_piece, len(other.keys)
    fits: dict[
        int, bool
    ] = {}  # clause -> whether it can be a piece of the run (unused, same kind, contained)

    def can_join(k: int) -> bool:
        found = fits.get(k)
        if found is None:
            found = fits[k] = (
                k < size
                and not used_other[k]
                and other.classes[k] == cls
                and bool(other.tokens[k])
                and _contained(other, k, one, i) >= piece
            )
        return found

    # A run may begin just before a candidate (its first piece need not hold a rare word), and only where
    # the clause after its first is unpaired too: most unpaired clauses stand alone between paired ones.
    firsts = sorted(
        {
            s
            for c in starts
            for s in (c - 1, c)
            if 0 <= s < size - 1 and not used_other[s] and not used_other[s + 1]
        }
    )
    if not firsts:
        return None
    # The containment of every possible first piece and the piece after it, in one call into C.
    near = [
        k
        for k in sorted({*firsts, *(s + 1 for s in firsts)})
        if k < size and not used_other[k] and other.classes[k] == cls and other.tokens[k]
    ]
    mine = one.tokens.sorted_ids(i)
    theirs = list(map(other.tokens.sorted_ids, near))
    for _, dist, x in process.extract(mine, theirs, scorer=Indel.distance, limit=None):
        shorter = min(len(mine), len(theirs[x]))
        fits[near[x]] = (len(mine) + len(theirs[x]) - dist) // 2 / shorter >= piece
    have = set(toks)

    def is_piece(k: int) -> bool:
        # A piece's distinctive words must stand in the clause too, not only its function words ("a member
        # of the security team" is two-thirds "a", "of", "the" of any sentence) (session 21).
        if not can_join(k):
            return False
        if _numbers_apart(other, k, one, i):
            return False
        content = [t for t in other.tokens[k] if _DISTINCTIVE[t]]
        return sum(t in have for t in content) >= piece * len(content)

    for start in firsts:
        if not is_piece(start):
            continue
        run = [start]
        while len(run) < 8 and is_piece(run[-1] + 1):
            run.append(run[-1] + 1)
        if len(run) < 2:
            continue
        joined = [t for k in run for t in other.tokens.ids(k)]
        score = _similarity_ids(one.tokens.ids(i), joined)
        if score >= thresholds.gap and (best is None or score > best[0]):
            best = (score, run)
    if best is None:
        return None
    score, run = best
    if flip:
        return Group(tuple(run), (i,), "merge", round(score, 4))
    return Group((i,), tuple(run), "split", round(score, 4))


def _mark_moves(st: _State) -> None:
    """Clear `moved` on every pair that does not break the order of the in-order pairs.

    The in-order pairs are the anchors (kept as two sorted lists) and the few other groups not moved:
    only the in-order pairs just before and just after a moved pair's first left clause are looked up,
    in each of the two by bisection, so the anchors are not listed again.
    """
    out = st.groups
    moved = [k for k, g in enumerate(out) if g.moved and g.left and g.right]
    if not moved:
        return
    lefts, rights = st.lanchors, st.ranchors
    if st.overrides:  # an anchor that became a merge or split stands by its group's first clauses
        kept = bytearray(b"\x01") * len(lefts)
        _scatter(kept, st.overrides, itertools.repeat(0))
        lefts, rights = list(itertools.compress(lefts, kept)), list(itertools.compress(rights, kept))
    others = sorted(
        (g.left[0], g.right[0])
        for g in itertools.chain(st.overrides.values(), out)
        if g.left and g.right and not g.moved
    )
    olefts = [a for a, _ in others]
    for k in moved:
        g = out[k]
        i, j = g.left[0], g.right[0]
        # No in-order pair starts at clause `i` (it is in this group): the one before has a smaller first
        # left clause, the one after a greater one, of either list.
        p, q = bisect_left(lefts, i), bisect_left(olefts, i)
        before = max((lefts[p - 1], rights[p - 1]) if p else (-1, -1), others[q - 1] if q else (-1, -1))
        after = min(
            (lefts[p], rights[p]) if p < len(lefts) else (_END, _END),
            others[q] if q < len(others) else (_END, _END),
        )
        if before[1] < j and after[1] > j:
            out[k] = Group(g.left, g.right, g.matched_by, g.score, moved=False)


_END = 1 << 62
"""An index past every clause."""


def _with_evidence(left: _Side, right: _Side, group: Group) -> Group:
    """Return the group with the distinctive words its two sides share (for pairs not equal by key)."""
    if not group.left or not group.right or group.matched_by == "exact":
        return group
    if len(group.left) == 1 and len(group.right) == 1:
        words = _shared_pair(left, right, group.left[0], group.right[0])
    else:
        a = [t for i in group.left for t in left.tokens[i]]
        b = [t for j in group.right for t in right.tokens[j]]
        words = shared_words(a, b)
    if "slot" in "".join(words):  # a slot's name (compare puts them in keys) is no evidence
        words = tuple(t for t in words if not _SLOT_NAME.fullmatch(t))
    return Group(group.left, group.right, group.matched_by, group.score, group.moved, words[:8])


_SLOT_NAME = compile_later(r"slot\d+")
"""How `compare` names a slot inside comparison keys (the organisation name on both sides)."""


def ordered_containment(a: Sequence[Hashable], b: Sequence[Hashable]) -> float:
    """Return the share of `a`'s words found in `b` in the same order (their longest common subsequence)."""
    if not a or not b:
        return 0.0
    lcs = (len(a) + len(b) - Indel.distance(list(a), list(b))) / 2
    return lcs / len(a)


_ABSORB = 0.8
"""Least share of a clause's words that must stand, in order, in a clause of the other side for it to
count as absorbed there (joined, or cut apart) rather than removed or added."""
_INSIDE_WORDS = 4
"""Least words of a piece that `_stands` finds inside the other clause rather than after (or before) the
words the group matched."""
_NEAR = 3
"""How many paired clauses on each side of an unpaired one are looked at for where its words went."""


def _absorb(left: _Side, right: _Side, st: _State, thresholds: Thresholds) -> None:
    """Join each unpaired clause whose words stand in a nearby clause of the other side to that clause's
    group: a pair becomes a merge (or a split), an unpaired clause a pair.

    Sentence-level evidence across neighbours, not whole-clause similarity: the two bullets joined into
    one paragraph leave the second bullet with a low similarity to the paragraph, yet every word of it
    stands there, in order.
    """
    n_anchors = len(st.anchors)
    for flip in (False, True):
        one, other = (right, left) if flip else (left, right)
        other_anchors = st.lanchors if flip else st.ranchors
        # partner: a paired clause of this side -> the first clause of the other side in its group;
        # owner: a clause of the other side -> its group's number (see `_State.group`), beyond the anchors'.
        partner = [-1] * len(one.keys)
        if flip:
            _scatter(partner, st.ranchors, st.lanchors)
        else:
            _scatter(partner, st.lanchors, st.ranchors)
        owner: dict[int, int] = {}
        numbered = itertools.chain(
            st.overrides.items(), ((n_anchors + k, g) for k, g in enumerate(st.groups))
        )
        for k, g in numbered:
            mine, theirs = (g.right, g.left) if flip else (g.left, g.right)
            for x in theirs:
                owner[x] = k
            if theirs:
                for x in mine:
                    partner[x] = theirs[0]
        todo = [i for i in (st.rfree() if flip else st.lfree()) if len(one.tokens[i]) >= 4]
        cls, size = other.classes, len(other.keys)
        near = [_nearby(i, partner, size) for i in todo]
        # Only the neighbours whose text holds enough of the clause's words are cut into words (mostly
        # paired clauses, not cut yet): nearly none of them.
        near = [_may_hold(one.tokens[i], other.keys, js) for i, js in zip(todo, near, strict=True)]
        other.tokens.fill(sorted(set(itertools.chain.from_iterable(near))))
        for i, js in zip(todo, near, strict=True):
            best: tuple[float, int] | None = None
            a = one.tokens.ids(i)
            js = [j for j in js if other.tokens.ids(j)]
            bs = list(map(other.tokens.ids, js))
            # `ordered_containment` of `a` (it has words) in each of them, the LCS lengths in one call into C.
            dist = [0] * len(js)
            for _, d, x in process.extract(a, bs, scorer=Indel.distance, limit=None):
                dist[x] = d
            kind = one.classes[i]
            fused = -1  # the neighbour of `i` joined to it with no space in the chosen clause, if any
            for j, b, d in zip(js, bs, dist, strict=True):
                share = (len(a) + len(b) - d) / 2 / len(a)
                # A clause of the other class (a heading beside body text) only when every word of it
                # stands there, in order, as `_grow` takes one (decision 0002, session 9), the word at a
                # join with no space read as one (`_fused_join`).
                nb = _fused_beside(one, i, other, j) if cls[j] != kind and _ABSORB <= share < 1.0 else -1
                if nb >= 0:
                    share = 1.0
                if (
                    cls[j] != kind
                    and 2 * len(a) < len(b)
                    and owner.get(j, -1) < 0
                    and _number(other_anchors, j) < 0
                ):
                    # Not joined to a group, a heading and a clause of body text pair on their own only when
                    # one is at least half the other (a heading made body text and extended): GPL 2's title
                    # line is not '"This License" refers to version 3 of the GNU General Public License.'
                    # (decision 0002, session 22).
                    continue
                if share >= (_ABSORB if cls[j] == kind else 1.0) and (best is None or share > best[0]):
                    best, fused = (share, j), nb
            if best is None:
                continue
            j = best[1]
            k = owner.get(j, -1)
            if k < 0:
                k = _number(other_anchors, j)
            if k < 0:
                pair = (
                    Group((j,), (i,), "contained", round(_score(left, right, j, i), 4))
                    if flip
                    else (Group((i,), (j,), "contained", round(_score(left, right, i, j), 4)))
                )
                if fused >= 0 and not (st.rused if flip else st.lused)[fused]:
                    # Joined with no space to a free neighbour: both are the clause's pieces.
                    pieces = (min(i, fused), max(i, fused))
                    ls, rs = ((j,), pieces) if flip else (pieces, (j,))
                    pair = Group(
                        ls, rs, "split" if flip else "merge", round(_joined_score(left, right, ls, rs), 4)
                    )
                owner[j] = n_anchors + len(st.groups)
                st.add(pair)
                continue
            g = st.group(k)
            mine_side, their_side = (g.right, g.left) if flip else (g.left, g.right)
            if len(their_side) != 1 or not mine_side:
                continue  # joined to a split (or merge) already: N:M is not a change we make
            before = _joined_score(left, right, g.left, g.right)
            grown = tuple(sorted((*mine_side, i)))
            lidx, ridx = (g.left, grown) if flip else (grown, g.right)
            after = _joined_score(left, right, lidx, ridx)
            if (
                after < before + thresholds.split_gain
                and not _stands(left, right, g.left, g.right, lidx, ridx)
                and fused < 0
            ):
                continue
            how = "split" if flip else "merge"
            st.replace(k, Group(lidx, ridx, how, round(after, 4), g.moved))


def _may_hold(words: list[str], keys: list[str], js: list[int]) -> list[int]:
    """Return the clauses `js` whose keys may hold `_ABSORB` of `words` in order: each word of a clause stands
    in its lower-cased key, so the share of `words` found anywhere in that text bounds the share in order
    (`ordered_containment`) from above."""
    n = len(words)
    # Nearly every neighbour holds a fifth of the words, not four fifths: the first two fifths of them are
    # looked for first, and a text that misses too many of those to reach `_ABSORB` whatever the rest
    # gives (the words not looked for counted as found) is not searched for the others.
    k = 2 * n // 5 + 1
    head, rest = words[:k], words[k:]
    held = []
    for j in js:
        low = keys[j].lower()
        found = sum(map(low.__contains__, head))
        if (found + n - k) / n >= _ABSORB and (found + sum(map(low.__contains__, rest))) / n >= _ABSORB:
            held.append(j)
    return held


def _nearby(i: int, partner: list[int], size: int) -> list[int]:
    """Return the other side's clauses around where clause `i` would sit: between the partners of its
    nearest paired neighbours (a few on each side), widened by one."""
    found: list[int] = []
    n = len(partner)
    for step in (-1, 1):
        k, seen = i + step, 0
        while 0 <= k < n and seen < _NEAR and abs(k - i) <= 4 * _NEAR:
            if partner[k] >= 0:
                found.append(partner[k])
                seen += 1
            k += step
    if not found:
        return []
    lo, hi = max(0, min(found) - 1), min(size - 1, max(found) + 1)
    if hi - lo > 8 * _NEAR:
        return sorted(set(found))
    return list(range(lo, hi + 1))


def _by_position(left: _Side, right: _Side, st: _State) -> None:
    """Add pairs of short clauses that are each alone between the same two paired neighbours, of the same
    kind and level (a renamed heading, a rewritten one-line item)."""
    lpartner = [-1] * len(left.keys)  # left clause of a one-to-one group -> its right clause
    _scatter(lpartner, st.lanchors, st.ranchors)
    for g in st.changed():
        if len(g.left) == 1 and len(g.right) == 1:
            lpartner[g.left[0]] = g.right[0]
        else:
            for i in g.left:
                lpartner[i] = -1
    rused = st.rused
    nl, nr = len(left.keys), len(right.keys)
    for i in st.lfree():
        before = -1 if i == 0 else lpartner[i - 1]
        after = nr if i == nl - 1 else lpartner[i + 1]
        if (i != 0 and before < 0) or (i != nl - 1 and after < 0) or after - before != 2:
            continue
        j = before + 1
        if rused[j]:
            continue
        a, b = left.clauses[i], right.clauses[j]
        if a.kind is not b.kind or a.level != b.level:
            continue
        if min(len(left.tokens[i]), len(right.tokens[j])) >= 5:
            continue  # a long clause needs words in common: position alone is no evidence for it
        st.add(Group((i,), (j,), "position", round(_score(left, right, i, j), 4)))


_LOCAL_PAIRS = 4096
"""Most candidate pairs scored in one section for reordered clauses (a larger section is left to moves)."""
_RARE_DF = 4
"""A word in at most this many clauses (of the two documents, or of the weights' sample) is rare."""


def _local_moves(left: _Side, right: _Side, st: _State, least: Callable[[], float]) -> None:
    """Add pairs of unpaired clauses of one section, kind and level that score at least `floor` and share
    a rare distinctive word, best first: an item moved up its list and reworded there ("Showing empathy
    towards other community members" → "Demonstrating empathy and kindness toward other people") is one
    clause, though the in-order chain could not take it."""
    lused, rused = st.lused, st.rused
    buckets: dict[tuple[object, ...], tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))

    def where(c: Clause) -> tuple[object, ...]:
        return (c.section, c.kind, c.level)

    lneed = st.lfree()
    rneed = st.rfree()
    for i in lneed:
        buckets[where(left.clauses[i])][0].append(i)
    for j in rneed:
        key = where(right.clauses[j])
        if key in buckets:
            buckets[key][1].append(j)
    scored: list[tuple[float, int, int, str]] = []
    weights: Weights | None = None
    floor: float | None = None
    for lfree, rfree in buckets.values():
        if not rfree or len(lfree) * len(rfree) > _LOCAL_PAIRS:
            continue
        floor = least() if floor is None else floor  # the background, only where there is work
        for i in lfree:
            for j in rfree:
                found = _pair_score(left, right, i, j, floor)
                if found is None:
                    continue
                # Across the in-order pairs, a shared word is evidence only when it is rare in the two
                # documents ("empathy"), not one of the stock words every clause is built from.
                weights = weights or _document_weights(left, right, st.anchors, lneed, rneed)
                rare = math.log1p(math.expm1(weights.unseen) / _RARE_DF)
                if any(weights(t) >= rare for t in _shared_pair(left, right, i, j)):
                    scored.append((found[0], i, j, found[1]))
    scored.sort(key=lambda t: (-t[0], t[1], t[2]))
    for score, i, j, how in scored:
        if lused[i] or rused[j]:
            continue
        st.add(Group((i,), (j,), how, round(score, 4), moved=True))
