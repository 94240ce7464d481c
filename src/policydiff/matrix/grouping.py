"""Clause groups of many documents: identical wordings first, then each wording joined to a group leader.

The unit is a *wording*: a clause key with the document's organisation name as `{organisation}`, of one
class (headings and titles apart from body clauses), and the k-th copy of that wording in a document
apart from its first (a document holds at most one clause of a group). Wordings are taken most frequent
first (ties by content, so the result does not depend on the order of the documents); each joins the
group whose leader it is most similar to, found through a shingle index, or leads a group of its own.

The index keeps recall on clauses built of stock phrases: a wording is looked up by the shingles (words
and word pairs; character trigrams too for items of one to three words) that the fewest leaders hold,
and a long posting list is read from its start, the leaders made first: the most frequent groups (the
template's clauses) are always among the candidates however common the words.
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import chain, pairwise

from rapidfuzz.distance import Indel

from policydiff import normalise
from policydiff.align import similarity_tokens, tokens
from policydiff.model import ClauseKind, Policy

ORGANISATION = "{organisation}"
"""The slot that stands for each document's organisation name in consensus texts."""

CONTACT = "{contact}"
"""The slot that stands for each document's contact addresses (email addresses, and a template's
"[INSERT EMAIL ADDRESS]"-style placeholder) in consensus texts."""

_CONTACT = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\[INSERT [A-Z][A-Z ]*\]")
"""An email address, or a template's "[INSERT …]" placeholder. The look-behind starts a match only where a
run of address characters starts, so a long run is read once (no quadratic rescans on hostile input)."""

SHORT = 3
"""Wordings of at most this many words are items: indexed by character trigrams and their words."""


@dataclass(frozen=True, slots=True)
class MatrixThresholds:
    """How near two wordings must be to join one clause group, and how much the index reads."""

    join: float = 0.45
    """Least `align.similarity` of a wording to a group's leader for it to join the group."""
    candidates: int = 12
    """Most leaders scored for each wording (those sharing most of its rarest shingles)."""
    shingles: int = 10
    """How many of a wording's shingles are looked up (those the fewest leaders hold)."""
    postings: int = 96
    """How many leaders are read from each shingle's postings (the earliest made: most frequent)."""
    sure: float = 0.92
    """A candidate scoring this much is taken without scoring the rest."""
    displace: int = 2
    """How many more of a group leader's words (in order) a wording must share than the wording a document
    already has there to take that document's place (the displaced clause is placed again, at the end)."""


class Slotter:
    """Replaces one document's organisation name (whole words) by `{organisation}`, and its contact
    addresses (see `contacts`) by `{contact}`.

    Found with `str.find` and a word-boundary check: a regular expression per document would be
    compiled once per organisation, and thousands of them fall off Python's 512-entry pattern cache.
    """

    __slots__ = ("name",)

    def __init__(self, organisation: str | None) -> None:
        name = normalise.key(organisation) if organisation else ""
        self.name = name if any(ch.isalnum() for ch in name) else ""

    def __call__(self, key: str) -> str:
        if "@" in key or "[INSERT " in key:
            key = _CONTACT.sub(CONTACT, key)
        name = self.name
        if not name:
            return key
        at = key.find(name)
        if at < 0:
            return key
        parts: list[str] = []
        done = 0
        size = len(name)
        while at >= 0:
            end = at + size
            if (
                (at == 0 or not _word(key[at - 1]))
                and (end == len(key) or not _word(key[end]))
                and not (
                    key[at - 1 : at] == "{" and key[end : end + 1] == "}"  # a slot already made: "{contact}"
                )
            ):
                parts += [key[done:at], ORGANISATION]
                done = end
                at = key.find(name, end)
            else:
                at = key.find(name, at + 1)
        return "".join(parts) + key[done:] if parts else key


def contacts(text: str, distinct: bool = True) -> list[str]:
    """Return the contact addresses of a text in order (each once if `distinct`): what `Slotter` writes
    as `{contact}`."""
    if "@" not in text and "[INSERT " not in text:
        return []
    found = _CONTACT.findall(text)
    return list(dict.fromkeys(found)) if distinct else found


def _word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def organisation_key(policy: Policy) -> str | None:
    """Return the normalised organisation name of a document: always a slot when detected, digits and all
    (the refusal of numbers is for slots a user proposes)."""
    return Slotter(policy.organisation).name or None


def slot_key(key: str, organisation: str | None) -> str:
    """Return a clause key with the organisation phrase (whole words) replaced by `{organisation}`."""
    return Slotter(organisation)(key)


def klass(kind: ClauseKind) -> str:
    """Return the class a clause groups within: `heading` (titles and headings) or `body`."""
    return "heading" if kind in (ClauseKind.TITLE, ClauseKind.HEADING) else "body"


@dataclass(slots=True)
class Wording:
    """One distinct wording (its k-th copy in a document) and the clauses that have it."""

    klass: str
    key: str
    copy: int
    members: list[tuple[int, int]] = field(default_factory=list)
    """(document, clause index), one per document, in the order found."""


@dataclass(slots=True)
class Group:
    """A clause group being made: its leader's wording and words, its wordings, its documents."""

    leader: Wording
    toks: list[str]
    wordings: list[Wording]
    docs: dict[int, Wording]
    """The wording each document holding the group has in it."""


def wordings(policies: Sequence[Policy], slotters: Sequence[Slotter]) -> list[Wording]:
    """Return the distinct wordings of every clause of `policies` (one entry per copy number)."""
    found: dict[tuple[str, str, int], Wording] = {}
    for d, policy in enumerate(policies):
        slotter = slotters[d]
        copies: Counter[tuple[str, str]] = Counter()
        for i, clause in enumerate(policy.clauses):
            k = (klass(clause.kind), slotter(clause.key))
            copy = copies[k]
            copies[k] += 1
            w = found.get((*k, copy))
            if w is None:
                w = found[(*k, copy)] = Wording(k[0], k[1], copy)
            w.members.append((d, i))
    return list(found.values())


def _shingles(toks: Sequence[str], key: str) -> list[str]:
    """Return what a wording is indexed and looked up by: its words and word pairs, and for an item of at
    most `SHORT` words the character trigrams of its text too (a misspelt one-word item still meets)."""
    out = [*toks, *(f"{a} {b}" for a, b in pairwise(toks))]
    if len(toks) <= SHORT:
        text = " " + " ".join(toks) + " " if toks else " " + key.lower() + " "
        out += [text[i : i + 3] for i in range(len(text) - 2)]
    return list(dict.fromkeys(out))


def cluster(
    units: Sequence[Wording],
    thresholds: MatrixThresholds,
    progress: Callable[[int, int], None] | None = None,
    baseline: int | None = None,
) -> list[Group]:
    """Return the groups of `units`: each wording, most frequent first, joins the group whose leader it is
    most similar to, or leads a group of its own. Candidate groups are found through the wordings already
    placed in them (the index holds every wording), so a group's rewordings widen what finds it.

    The `baseline` document's body wordings are placed first, each leading its group: the master's clauses are
    what the others are measured against. A wording that would lead a group of its own may take a place
    its documents hold with a fragment of the leader (`_displace`); the fragments are placed again last."""
    order = sorted(units, key=lambda w: (_unheld(w, baseline), -len(w.members), w.klass, w.key, w.copy))
    toks: dict[str, list[str]] = {}
    shingles: dict[str, list[str]] = {}
    for w in order:
        if w.key not in toks:
            words = toks[w.key] = tokens(w.key)
            shingles[w.key] = [sys.intern(x) for x in _shingles(words, w.key)]
    groups: list[Group] = []
    placed: list[int] = []
    """The group of each wording placed so far."""
    index: dict[tuple[str, str], list[int]] = defaultdict(list)
    limit = thresholds.postings
    total = len(order)
    later: dict[tuple[str, str, int], Wording] = {}
    """Documents' clauses displaced from a group by a nearer wording of theirs: placed again at the end."""
    displaced: dict[int, tuple[Wording, set[int]]] = {}
    """The documents each wording lost to a displacement (taken out of its members at the end)."""

    def place(w: Wording, t: list[str], mine: list[str], may_displace: bool) -> None:
        # The shingles the fewest placed wordings hold (and some hold) pick the candidates; a long posting
        # list is read from its start, the wordings placed first and so the most frequent.
        held = [(len(p), x, p) for x in mine if (p := index.get((w.klass, x)))]
        held.sort(key=lambda h: (h[0], h[1]))
        hits = Counter(chain.from_iterable(p[:limit] for _, _, p in held[: thresholds.shingles]))
        best: int | None = None
        best_score = thresholds.join
        docs = [d for d, _ in w.members]
        seen: set[int] = set()
        conflicts: list[int] = []
        scored = 0
        for at, _ in sorted(hits.items(), key=lambda h: (-h[1], h[0])):
            g_at = placed[at]
            if g_at in seen:
                continue
            seen.add(g_at)
            group = groups[g_at]
            if group.leader.key == w.key:
                continue
            if any(d in group.docs for d in docs):
                if len(conflicts) < thresholds.candidates:
                    conflicts.append(g_at)
                continue  # a document holds one clause of a group; its second copy goes elsewhere
            if scored == thresholds.candidates:
                break
            scored += 1
            score = similarity_tokens(t, group.toks, w.key, group.leader.key)
            if score >= best_score and (best is None or score > best_score):
                best, best_score = g_at, score
                if score >= thresholds.sure:
                    break
        if best is None and may_displace and conflicts:
            best = _displace(w, t, docs, conflicts, groups, toks, thresholds, later, displaced)
        if best is None:
            best = len(groups)
            groups.append(Group(w, t, [], {}))
        target = groups[best]
        target.wordings.append(w)
        target.docs.update(dict.fromkeys(docs, w))
        at = len(placed)
        placed.append(best)
        for shingle in mine:
            index[(w.klass, shingle)].append(at)

    for n, w in enumerate(order):
        if progress is not None and n % 2048 == 0:
            progress(n, total)
        place(w, toks[w.key], shingles[w.key], True)
    for w in sorted(later.values(), key=lambda w: (-len(w.members), w.klass, w.key, w.copy)):
        # A displaced clause displaces nothing in turn: each is placed again once, one wording's together.
        w.members.sort()
        place(w, toks[w.key], shingles[w.key], False)
    if later:  # the displaced documents leave their old wordings once, not a wording's members per move
        for c, gone in displaced.values():
            c.members = [m for m in c.members if m[0] not in gone]
        for group in groups:
            group.wordings = [x for x in group.wordings if x.members]
    if progress is not None:
        progress(total, total)
    return groups


def _displace(
    w: Wording,
    t: list[str],
    docs: list[int],
    conflicts: list[int],
    groups: list[Group],
    toks: dict[str, list[str]],
    thresholds: MatrixThresholds,
    later: dict[tuple[str, str, int], Wording],
    displaced: dict[int, tuple[Wording, set[int]]],
) -> int | None:
    """Return the group a wording that would lead a group of its own takes from its documents' clauses
    there, or None.

    Only a group it is near (`join`) whose leader shares `displace` more of its words, in order, with it
    than with each of the wordings its documents have there (none of them the leader): a document's
    fragment of the clause (a sentence it moved out, shared with other documents and so placed first) must
    not keep the clause itself out of the group. The fragments go to `later`, to be placed again."""
    best: int | None = None
    best_score = thresholds.join
    for g_at in conflicts:
        group = groups[g_at]
        score = similarity_tokens(t, group.toks, w.key, group.leader.key)
        if score < best_score or (best is not None and score == best_score):
            continue
        held = _held(group, docs)
        shared = _shared(t, group.toks)
        if any(
            c is group.leader or _shared(toks[c.key], group.toks) + thresholds.displace > shared for c in held
        ):
            continue
        best, best_score = g_at, score
    if best is None:
        return None
    group = groups[best]
    for d in docs:
        c = group.docs.pop(d, None)
        if c is None:
            continue
        displaced.setdefault(id(c), (c, set()))[1].add(d)
        again = later.get((c.klass, c.key, c.copy))
        if again is None:
            again = later[(c.klass, c.key, c.copy)] = Wording(c.klass, c.key, c.copy, [])
        again.members.append(c.members[_member(c, d)])
    return best


def _held(group: Group, docs: list[int]) -> list[Wording]:
    """Return the distinct wordings `docs` have in `group`, in the order of `docs`."""
    held = {id(c): c for d in docs if (c := group.docs.get(d)) is not None}
    return list(held.values())


def _shared(a: list[str], b: list[str]) -> int:
    """Return how many words two word lists share in order (their longest common subsequence)."""
    return (len(a) + len(b) - int(Indel.distance(a, b))) // 2


def _unheld(w: Wording, baseline: int | None) -> bool:
    """Return whether a body wording is not the baseline document's (always, without a baseline; always for
    titles and headings, which keep their order by frequency: the baseline's title "Code of conduct" placed
    first took two projects' section headings "Code of Conduct" from the "Conduct" heading they stand for)."""
    return baseline is None or w.klass != "body" or all(d != baseline for d, _ in w.members)


def _member(w: Wording, d: int) -> int:
    """Return the place of document `d` in a wording's members (in document order: a binary search)."""
    return bisect_left(w.members, d, key=lambda m: m[0])
