"""What the documents agree on: each group's consensus wording (its medoid), the groups' order, the master.

The consensus of a group is a wording a document really uses: the most common one, ties broken by
centrality (the greatest summed similarity to the group's other wordings, weighted by how many documents
use each), then by content. The proposed master keeps one title and every other group held by at least
`min_support` of the documents, in consensus order, leaving out dated metadata lines ("Reviewed January
2024"): they belong to each document, not to a template.
"""

from __future__ import annotations

import hashlib
import heapq
import itertools
import re
import statistics
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from policydiff.align import similarity_tokens, tokens
from policydiff.model import ClauseKind
from policydiff.segment import metadata_entry

MEDOID_WORDINGS = 32
"""Most of a group's wordings (the most common) weighed for centrality when the most common tie."""


@dataclass(slots=True)
class Draft:
    """A group on its way to a `ClauseGroup`: member clauses by document, consensus, place."""

    members: dict[int, tuple[int, str]]
    """Document -> (clause index, wording key)."""
    consensus: str
    kind: ClauseKind
    section: tuple[str, ...]
    median: float
    keys: tuple[str, ...]
    """The group's distinct wordings, sorted (a tie-break that ignores the documents' order)."""
    added: bool = False


def medoid(counts: Counter[str]) -> str:
    """Return the most common wording; among equals, the most central (then the least by content)."""
    top = max(counts.values())
    tied = sorted(k for k, c in counts.items() if c == top)
    if len(tied) == 1:
        return tied[0]
    others = counts.most_common(MEDOID_WORDINGS)
    toks = {k: tokens(k) for k, _ in others}
    toks.update({k: tokens(k) for k in tied})

    def centrality(key: str) -> float:
        return sum(c * similarity_tokens(toks[key], toks[o], key, o) for o, c in others if o != key)

    return min(tied, key=lambda k: (-round(centrality(k), 9), k))


def median_position(positions: Sequence[float]) -> float:
    return float(statistics.median(positions))


def sort_key(draft: Draft) -> tuple[float, str, tuple[str, ...]]:
    return (draft.median, draft.consensus, draft.keys)


def ordered(drafts: list[Draft], baseline: int | None) -> list[Draft]:
    """Return the groups in consensus order (see `consensus_order`).

    With a baseline, its groups keep its order, and each added group follows the baseline group that
    the documents holding it put before it (the nearest before it in each document; the most held, then
    the earliest): a clause only other documents have stays beside its neighbours in those documents and
    never parts two clauses the baseline holds next to each other. Added groups that follow one baseline
    group keep their consensus order.
    """
    overall = consensus_order(drafts)
    if baseline is None:
        return overall
    per_doc: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for k, draft in enumerate(overall):
        for d, (index, _) in draft.members.items():
            per_doc[d].append((index, k))
    anchors: dict[int, Counter[int]] = defaultdict(Counter)
    """Added group (its place in `overall`) -> baseline clause index before it, per document (-1: none)."""
    for entries in per_doc.values():
        entries.sort()
        anchor = -1
        for _, k in entries:
            if overall[k].added:
                anchors[k][anchor] += 1
            else:
                anchor = overall[k].members[baseline][0]
    following: dict[int, list[Draft]] = defaultdict(list)
    for k, draft in enumerate(overall):
        if draft.added:
            votes = anchors[k]
            following[min(votes, key=lambda a: (-votes[a], a))].append(draft)
    out = list(following.get(-1, []))
    for draft in sorted((d for d in drafts if not d.added), key=lambda d: d.members[baseline][0]):
        out.append(draft)
        out.extend(following.get(draft.members[baseline][0], []))
    return out


def consensus_order(drafts: list[Draft]) -> list[Draft]:
    """Return the groups in the order the documents agree on.

    Each document votes for "a comes before b" for each two groups it holds next to each other; a
    vote outnumbered by the opposite vote, or cast by fewer than half the documents holding both, is
    dropped. The groups are then placed as in a topological sort, the next one the placeable group that
    every document (two or more) holding it and the group just placed has right after that group (so
    documents that lack a pair cannot part it: 2.0's "Community Impact" and its "Consequence"; one
    document's own order is no such evidence), else the placeable group
    of least (median relative position, content); when a cycle leaves none placeable, the least of all
    remaining groups.
    """
    out_of_order = sorted(drafts, key=sort_key)
    per_doc: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for k, draft in enumerate(out_of_order):
        for d, (index, _) in draft.members.items():
            per_doc[d].append((index, k))
    votes: Counter[tuple[int, int]] = Counter()
    for entries in per_doc.values():
        entries.sort()
        for (_, a), (_, b) in itertools.pairwise(entries):
            votes[(a, b)] += 1
    after: dict[int, list[int]] = defaultdict(list)
    indegree = [0] * len(out_of_order)
    for (a, b), count in sorted(votes.items()):
        # A minority's adjacency (one document moved a clause) is no constraint.
        if count < votes.get((b, a), 0):
            continue
        ma, mb = out_of_order[a].members, out_of_order[b].members
        if 2 * count >= min(len(ma), len(mb)) or 2 * count >= len(ma.keys() & mb.keys()):
            after[a].append(b)
            indegree[b] += 1
    ready = [k for k in range(len(out_of_order)) if indegree[k] == 0]
    heapq.heapify(ready)
    placed = [False] * len(out_of_order)
    out: list[Draft] = []
    waiting = 0  # the least index not yet placed, for breaking cycles
    chained = -1  # a group every document holding it and the one just placed has right after that one
    while len(out) < len(out_of_order):
        while ready and placed[ready[0]]:
            heapq.heappop(ready)
        if chained >= 0:
            k = chained
        elif ready:
            k = heapq.heappop(ready)
        else:
            while placed[waiting]:
                waiting += 1
            k = waiting
        placed[k] = True
        out.append(out_of_order[k])
        chained = -1
        for b in after.get(k, ()):
            indegree[b] -= 1
            if indegree[b] == 0 and not placed[b]:
                heapq.heappush(ready, b)
                both = len(out_of_order[k].members.keys() & out_of_order[b].members.keys())
                if votes[(k, b)] == both > 1 and (chained < 0 or b < chained):
                    chained = b
    return out


def ids(drafts: Sequence[Draft]) -> list[str]:
    """Return group ids from the consensus keys; repeats numbered in content order."""
    base = ["g-" + hashlib.sha256(d.consensus.encode("utf-8")).hexdigest()[:10] for d in drafts]
    by_id: dict[str, list[int]] = defaultdict(list)
    for k, gid in enumerate(base):
        by_id[gid].append(k)
    out = list(base)
    for gid, members in by_id.items():
        if len(members) > 1:
            members.sort(key=lambda k: (*sort_key(drafts[k])[1:], sort_key(drafts[k])[0]))
            for n, k in enumerate(members[1:], start=2):
                out[k] = f"{gid}-{n}"
    return out


def lis_keep(ranks: Sequence[int]) -> set[int]:
    """Return the positions of one longest strictly increasing subsequence of `ranks`."""
    tails: list[int] = []
    tail_pos: list[int] = []
    back = [-1] * len(ranks)
    for pos, rank in enumerate(ranks):
        k = bisect_left(tails, rank)
        if k == len(tails):
            tails.append(rank)
            tail_pos.append(pos)
        else:
            tails[k] = rank
            tail_pos[k] = pos
        back[pos] = tail_pos[k - 1] if k else -1
    keep: set[int] = set()
    pos = tail_pos[-1] if tail_pos else -1
    while pos != -1:
        keep.add(pos)
        pos = back[pos]
    return keep


def moved(drafts: Sequence[Draft], n_docs: int) -> set[tuple[int, int]]:
    """Return (document, group rank) of the clauses out of the consensus order in their document."""
    per_doc: list[list[tuple[int, int]]] = [[] for _ in range(n_docs)]
    for r, draft in enumerate(drafts):
        if draft.added:
            continue  # a row the baseline lacks has no consensus place to be out of
        for d, (index, _) in draft.members.items():
            per_doc[d].append((index, r))
    out: set[tuple[int, int]] = set()
    for d, entries in enumerate(per_doc):
        entries.sort()
        ranks = [r for _, r in entries]
        keep = lis_keep(ranks)
        out.update((d, r) for pos, r in enumerate(ranks) if pos not in keep)
    return out


_TITLE_NAMES = re.compile(r"\b(polic(y|ies)|procedures?|statement|code|guidance|covenant|charter)\b", re.I)


def dated(draft: Draft) -> bool:
    """Return whether a group is a document's own dated line ("Reviewed January 2024"): never in a master."""
    return draft.kind is ClauseKind.METADATA or metadata_entry(draft.consensus) is not None


def master(drafts: Sequence[Draft], n_docs: int, min_support: float) -> list[bool]:
    """Return, for each group, whether the proposed master keeps it: support of at least `min_support`,
    no dated metadata line, and one title (one that names the policy, else the most held, else the first)."""
    keep = [
        n_docs > 0 and len(d.members) >= min_support * n_docs and not dated(d) and bool(d.consensus.strip())
        for d in drafts
    ]
    titles = [k for k, d in enumerate(drafts) if keep[k] and d.kind is ClauseKind.TITLE]
    if len(titles) > 1:
        chosen = min(
            titles,
            key=lambda k: (not _TITLE_NAMES.search(drafts[k].consensus), -len(drafts[k].members), k),
        )
        for k in titles:
            keep[k] = k == chosen
    return keep
