"""N-way clause grouping of many policies, order-independent: consensus wording and each one's deviations."""

from __future__ import annotations

import hashlib
import heapq
import itertools
import os
import re
import statistics
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from policydiff import classes, inline, normalise
from policydiff.align import similarity_tokens, tokens
from policydiff.compare import slot_problem
from policydiff.errors import ReadError, UsageError
from policydiff.model import (
    Cell,
    CellState,
    Clause,
    ClauseGroup,
    ClauseKind,
    Diagnostic,
    Edit,
    Matrix,
    Policy,
)

ORGANISATION = "{organisation}"
"""The slot that stands for each document's organisation name in consensus texts."""


@dataclass(frozen=True, slots=True)
class MatrixThresholds:
    """How near two wordings must be to join one clause group."""

    join: float = 0.45
    """Least `align.similarity` of two distinct wordings for their clauses to share a group."""
    candidates: int = 48
    """Most candidate wordings scored for each wording (found through its rarest words)."""
    common_share: float = 0.05
    """Words held by more than this share of the distinct wordings are too common to index …"""
    common_floor: int = 16
    """… unless held by at most this many wordings."""


Progress = Callable[[int, int], None]
Input = str | os.PathLike[str] | Policy


# --- Building ---


@dataclass(slots=True)
class _Node:
    doc: int
    index: int
    clause: Clause
    key: str
    """The clause key with the organisation name as `{organisation}`."""
    klass: str


def _org_key(policy: Policy) -> str | None:
    org = policy.organisation
    if not org or slot_problem(org):
        return None
    return normalise.key(org) or None


def slot_key(key: str, organisation: str | None) -> str:
    """Return a clause key with the organisation phrase (whole words) replaced by `{organisation}`."""
    if not organisation:
        return key
    return re.sub(r"(?<!\w)" + re.escape(organisation) + r"(?!\w)", ORGANISATION, key)


def _klass(kind: ClauseKind) -> str:
    return "heading" if kind in (ClauseKind.TITLE, ClauseKind.HEADING) else "body"


def _section_key(section: Sequence[str], organisation: str | None) -> tuple[str, ...]:
    return tuple(slot_key(normalise.key(s), organisation) for s in section)


class _Union:
    """Union-find over clusters, refusing a union that would put two clauses of one document together."""

    def __init__(self, docs: Sequence[set[int]]) -> None:
        self.parent = list(range(len(docs)))
        self.docs = [set(d) for d in docs]

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        da, db = self.docs[ra], self.docs[rb]
        small, large = (da, db) if len(da) <= len(db) else (db, da)
        if any(d in large for d in small):
            return False
        if len(self.docs[ra]) < len(self.docs[rb]):
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.docs[ra] |= self.docs[rb]
        self.docs[rb] = set()
        return True


def _candidate_pairs(
    keys: Sequence[str], toks: Sequence[list[str]], thresholds: MatrixThresholds
) -> set[tuple[int, int]]:
    """Return pairs (i < j) of distinct wordings worth scoring: those sharing the most uncommon words.

    An inverted index over the words of every wording, leaving out words most wordings hold; each
    wording scores at most `thresholds.candidates` others, those sharing the greatest weight of
    uncommon words (ties by content), so the work grows with the number of wordings, not its square.
    """
    df: Counter[str] = Counter()
    for t in toks:
        df.update(set(t))
    cap = max(thresholds.common_floor, int(len(keys) * thresholds.common_share))
    postings: dict[str, list[int]] = defaultdict(list)
    for i, t in enumerate(toks):
        for word in set(t):
            if df[word] <= cap:
                postings[word].append(i)
    pairs: set[tuple[int, int]] = set()
    for i, t in enumerate(toks):
        hits: dict[int, float] = defaultdict(float)
        for word in set(t):
            plist = postings.get(word)
            if not plist or len(plist) < 2:
                continue
            weight = 1.0 / df[word]
            for j in plist:
                if j != i:
                    hits[j] += weight
        best = sorted(hits.items(), key=lambda h: (-h[1], keys[h[0]]))[: thresholds.candidates]
        for j, _ in best:
            pairs.add((min(i, j), max(i, j)))
    return pairs


def _clusters(nodes: Sequence[_Node], thresholds: MatrixThresholds) -> list[list[_Node]]:
    """Return the clause groups: identical wordings first, then near wordings joined, strongest first."""
    # 1. Exact keys: the k-th copy of a wording in a document goes to the k-th cluster of that wording.
    exact: dict[tuple[str, str, int], list[_Node]] = defaultdict(list)
    seen: Counter[tuple[int, str, str]] = Counter()
    for node in nodes:
        copy = seen[(node.doc, node.klass, node.key)]
        seen[(node.doc, node.klass, node.key)] += 1
        exact[(node.klass, node.key, copy)].append(node)
    order = sorted(exact)
    clusters = [exact[k] for k in order]
    index = {k: n for n, k in enumerate(order)}
    union = _Union([{n.doc for n in c} for c in clusters])
    # 2. Near wordings, scored once per pair of distinct wordings of the same class.
    for klass in ("heading", "body"):
        keys = sorted({k for c, k, _ in order if c == klass})
        toks = [tokens(k) for k in keys]
        edges: list[tuple[float, str, str]] = []
        for i, j in _candidate_pairs(keys, toks, thresholds):
            score = similarity_tokens(toks[i], toks[j], keys[i], keys[j])
            if score >= thresholds.join:
                edges.append((round(score, 9), keys[i], keys[j]))
        edges.sort(key=lambda e: (-e[0], e[1], e[2]))
        for _, a, b in edges:
            copy = 0
            while (klass, a, copy) in index and (klass, b, copy) in index:
                union.union(index[(klass, a, copy)], index[(klass, b, copy)])
                copy += 1
    merged: dict[int, list[_Node]] = defaultdict(list)
    for n, cluster in enumerate(clusters):
        merged[union.find(n)].extend(cluster)
    return list(merged.values())


def _most_common(values: Sequence[str]) -> str:
    counts = Counter(values)
    return min(counts, key=lambda v: (-counts[v], v))


def _lis_keep(ranks: Sequence[int]) -> set[int]:
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


@dataclass(slots=True)
class _Draft:
    members: dict[int, _Node]
    consensus: str
    kind: ClauseKind
    section: tuple[str, ...]
    median: float
    added: bool = False


def _load(item: Input, encoding: str | None, skip: bool, warnings: list[Diagnostic]) -> Policy | None:
    if isinstance(item, Policy):
        return item
    from policydiff import parse

    try:
        return parse(item, encoding=encoding)
    except ReadError as exc:
        if not skip:
            raise
        warnings.append(Diagnostic("unreadable", f"skipped: {exc.cause}", exc.path or os.fspath(item)))
        return None


def matrix(
    inputs: Sequence[Input],
    *,
    baseline: Input | None = None,
    min_support: float = 0.5,
    skip_unreadable: bool = False,
    encoding: str | None = None,
    thresholds: MatrixThresholds | None = None,
    progress: Progress | None = None,
    budget: float = inline.DEFAULT_BUDGET,
) -> Matrix:
    """Return the clause matrix of policies (paths or `Policy` values), independent of their order.

    A `baseline` (a path or policy; used in place if it is also among `inputs`) defines the rows
    and their wording; the others' extra clauses become `added` groups. An unreadable file raises
    its `ReadError`, unless `skip_unreadable` makes it a warning. `progress(done, total)` is called
    as documents are read and once grouping is done.
    """
    if not 0.0 <= min_support <= 1.0:
        raise UsageError(f"min_support must be between 0 and 1, got {min_support}")
    thresholds = thresholds or MatrixThresholds()
    warnings: list[Diagnostic] = []
    items: list[Input] = list(inputs)
    base_at: int | None = None
    if baseline is not None:
        given = baseline.source if isinstance(baseline, Policy) else os.fspath(baseline)
        for n, item in enumerate(items):
            name = item.source if isinstance(item, Policy) else os.fspath(item)
            if name == given:
                base_at = n
                break
        if base_at is None:
            items.insert(0, baseline)
            base_at = 0
    total = len(items) + 1
    policies: list[Policy] = []
    baseline_index: int | None = None
    for n, item in enumerate(items):
        is_base = n == base_at
        policy = _load(item, encoding, skip_unreadable and not is_base, warnings)
        if policy is not None:
            if is_base:
                baseline_index = len(policies)
            policies.append(policy)
            warnings.extend(policy.warnings)
        if progress is not None:
            progress(n + 1, total)
    groups = _build(policies, baseline_index, min_support, thresholds, budget)
    if progress is not None:
        progress(total, total)
    options: dict[str, object] = {
        "baseline": policies[baseline_index].source if baseline_index is not None else None,
        "min_support": min_support,
        "skip_unreadable": skip_unreadable,
        "join": thresholds.join,
    }
    return Matrix(
        documents=tuple(policies),
        groups=tuple(groups),
        baseline=baseline_index,
        min_support=min_support,
        warnings=tuple(dict.fromkeys(warnings)),
        options=tuple(options.items()),
    )


def _build(
    policies: Sequence[Policy],
    baseline: int | None,
    min_support: float,
    thresholds: MatrixThresholds,
    budget: float,
) -> list[ClauseGroup]:
    orgs = [_org_key(p) for p in policies]
    nodes = [
        _Node(d, i, c, slot_key(c.key, orgs[d]), _klass(c.kind))
        for d, p in enumerate(policies)
        for i, c in enumerate(p.clauses)
    ]
    drafts: list[_Draft] = []
    for cluster in _clusters(nodes, thresholds):
        members = {n.doc: n for n in cluster}
        if baseline is not None and baseline in members:
            consensus = members[baseline].key
        else:
            consensus = _most_common([n.key for n in cluster])
        kinds = [n.clause.kind.value for n in cluster if n.key == consensus]
        sections = [_section_key(n.clause.section, orgs[n.doc]) for n in cluster]
        section_counts = Counter(sections)
        section = min(section_counts, key=lambda s: (-section_counts[s], s))
        positions = [n.index / max(1, len(policies[n.doc].clauses) - 1) for n in cluster]
        drafts.append(
            _Draft(
                members=members,
                consensus=consensus,
                kind=ClauseKind(_most_common(kinds)),
                section=section,
                median=float(statistics.median(positions)),
                added=baseline is not None and baseline not in members,
            )
        )
    drafts = _ordered(drafts, baseline)
    ids = _ids(drafts)
    rank = {id(d): k for k, d in enumerate(drafts)}
    moved = _moved(drafts, rank, len(policies))
    n_docs = len(policies)
    out: list[ClauseGroup] = []
    for draft, gid in zip(drafts, ids, strict=True):
        moved_here = {d for d in draft.members if (d, rank[id(draft)]) in moved}
        cells = [_cell(draft, d, policies[d], d in moved_here, budget) for d in range(n_docs)]
        support = len(draft.members)
        out.append(
            ClauseGroup(
                id=gid,
                kind=draft.kind,
                section=draft.section,
                consensus=draft.consensus,
                cells=tuple(cells),
                support=support,
                added=draft.added,
                in_master=n_docs > 0 and support >= min_support * n_docs,
            )
        )
    return out


def _sort_key(draft: _Draft) -> tuple[float, str, tuple[str, ...]]:
    return (draft.median, draft.consensus, tuple(sorted(n.key for n in draft.members.values())))


def _ordered(drafts: list[_Draft], baseline: int | None) -> list[_Draft]:
    """Return the groups in consensus order (see `_consensus_order`).

    With a baseline, its groups keep its order, and each added group follows the baseline group
    that comes before it in the consensus order of all groups.
    """
    overall = _consensus_order(drafts)
    if baseline is None:
        return overall
    following: dict[int, list[_Draft]] = defaultdict(list)
    anchor = -1
    for draft in overall:
        if draft.added:
            following[anchor].append(draft)
        else:
            anchor = draft.members[baseline].index
    out = list(following.get(-1, []))
    for draft in sorted((d for d in drafts if not d.added), key=lambda d: d.members[baseline].index):
        out.append(draft)
        out.extend(following.get(draft.members[baseline].index, []))
    return out


def _consensus_order(drafts: list[_Draft]) -> list[_Draft]:
    """Return the groups in the order the documents agree on.

    Each document votes for "a comes before b" for each two groups it holds next to each other; a
    vote outnumbered by the opposite vote, or cast by fewer than half the documents holding both, is
    dropped. The groups are then placed as in a topological
    sort, the next one always the placeable group of least (median relative position, content); when
    a cycle leaves none placeable, the least of all remaining groups.
    """
    ordered = sorted(drafts, key=_sort_key)
    per_doc: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for k, draft in enumerate(ordered):
        for d, node in draft.members.items():
            per_doc[d].append((node.index, k))
    votes: Counter[tuple[int, int]] = Counter()
    for entries in per_doc.values():
        entries.sort()
        for (_, a), (_, b) in itertools.pairwise(entries):
            votes[(a, b)] += 1
    after: dict[int, list[int]] = defaultdict(list)
    indegree = [0] * len(ordered)
    docs = [set(d.members) for d in ordered]
    for (a, b), count in sorted(votes.items()):
        # A minority's adjacency (one document moved a clause) is no constraint.
        shared = len(docs[a] & docs[b])
        if count >= votes.get((b, a), 0) and 2 * count >= shared:
            after[a].append(b)
            indegree[b] += 1
    ready = [k for k in range(len(ordered)) if indegree[k] == 0]
    heapq.heapify(ready)
    placed = [False] * len(ordered)
    out: list[_Draft] = []
    waiting = 0  # the least index not yet placed, for breaking cycles
    while len(out) < len(ordered):
        while ready and placed[ready[0]]:
            heapq.heappop(ready)
        if ready:
            k = heapq.heappop(ready)
        else:
            while placed[waiting]:
                waiting += 1
            k = waiting
        placed[k] = True
        out.append(ordered[k])
        for b in after.get(k, ()):
            indegree[b] -= 1
            if indegree[b] == 0 and not placed[b]:
                heapq.heappush(ready, b)
    return out


def _ids(drafts: Sequence[_Draft]) -> list[str]:
    """Return group ids from the consensus keys; repeats numbered in content order."""
    base = ["g-" + hashlib.sha256(d.consensus.encode("utf-8")).hexdigest()[:10] for d in drafts]
    by_id: dict[str, list[int]] = defaultdict(list)
    for k, gid in enumerate(base):
        by_id[gid].append(k)
    out = list(base)
    for gid, members in by_id.items():
        if len(members) > 1:
            members.sort(key=lambda k: (*_sort_key(drafts[k])[1:], _sort_key(drafts[k])[0]))
            for n, k in enumerate(members[1:], start=2):
                out[k] = f"{gid}-{n}"
    return out


def _moved(drafts: Sequence[_Draft], rank: dict[int, int], n_docs: int) -> set[tuple[int, int]]:
    """Return (document, group rank) of the clauses out of the consensus order in their document."""
    per_doc: list[list[tuple[int, int]]] = [[] for _ in range(n_docs)]
    for draft in drafts:
        if draft.added:
            continue  # a row the baseline lacks has no consensus place to be out of
        r = rank[id(draft)]
        for d, node in draft.members.items():
            per_doc[d].append((node.index, r))
    out: set[tuple[int, int]] = set()
    for d, entries in enumerate(per_doc):
        entries.sort()
        ranks = [r for _, r in entries]
        keep = _lis_keep(ranks)
        out.update((d, r) for pos, r in enumerate(ranks) if pos not in keep)
    return out


def _cell(draft: _Draft, d: int, policy: Policy, moved: bool, budget: float) -> Cell:
    node = draft.members.get(d)
    if node is None:
        return Cell(d, (), None, CellState.MISSING)
    text = node.clause.text
    same = node.key == draft.consensus
    edits: tuple[Edit, ...] = ()
    if not same:
        slots = [(ORGANISATION, policy.organisation)] if policy.organisation and _org_key(policy) else []
        edits = inline.diff(draft.consensus, text, slots=slots, budget=budget).edits
    reworded = not same and inline.substantive(edits)
    kinds = classes.classify(edits, draft.consensus, text) if reworded else ()
    if draft.added:
        return Cell(d, (node.clause.id,), text, CellState.ADDED, edits, reworded, kinds)
    if moved:
        return Cell(d, (node.clause.id,), text, CellState.MOVED, edits, reworded, kinds)
    if same or not reworded:
        return Cell(d, (node.clause.id,), text, CellState.SAME, edits if not same else ())
    return Cell(d, (node.clause.id,), text, CellState.VARIANT, edits, classes=kinds)


# --- Redlines ---


def consensus_policy(m: Matrix) -> Policy:
    """Return the harmonised master as a `Policy` (its organisation is the `{organisation}` slot)."""
    clauses = tuple(
        Clause(
            id=f"c{n}",
            kind=g.kind,
            text=g.consensus,
            key=g.consensus,
            section=g.section,
        )
        for n, g in enumerate(m.master, start=1)
    )
    titles = [g.consensus for g in m.master if g.kind is ClauseKind.TITLE]
    named = [t for t in titles if re.search(r"\bpolic(y|ies)\b", t, re.I)]
    title = (named or titles)[0] if titles else None
    digest = hashlib.sha256("\n".join(c.text for c in clauses).encode("utf-8")).hexdigest()
    return Policy(
        source="consensus",
        sha256=digest,
        format="text",
        title=title,
        organisation=ORGANISATION,
        metadata=(),
        clauses=clauses,
    )


REDLINE_FORMATS = ("html", "json", "md", "docx")
"""The formats `redlines` writes (those of `compare`, as files)."""


def redlines(
    m: Matrix,
    folder: str | os.PathLike[str],
    fmt: str = "html",
    *,
    inputs: Sequence[str | os.PathLike[str]] = (),
    date: str | None = None,
) -> list[Path]:
    """Write one redline per document against the consensus (or the baseline) and return the paths.

    Files are `<nn>-<folder>-<stem>.<fmt>` (the document's number and source) in `folder`, which must
    exist, written as one unit (all of them or none, see `_io.write_all`) and never over one of
    `inputs`. `fmt` is one of `REDLINE_FORMATS`. Against the consensus, the left side is
    `consensus_policy(m)` (the harmonised master); with a baseline, the baseline document (which gets
    no redline of its own).
    """
    from policydiff._io import write_all

    written: list[Path] = []

    def files() -> Iterator[tuple[Path, bytes]]:
        for path, data in redline_files(m, folder, fmt, date=date):
            written.append(path)
            yield path, data

    write_all(files(), inputs=inputs)
    return written


def redline_files(
    m: Matrix, folder: str | os.PathLike[str], fmt: str = "html", *, date: str | None = None
) -> Iterator[tuple[Path, bytes]]:
    """Generate `(path, bytes)` of each document's redline in `folder` (see `redlines`), made one at a
    time as they are asked for; the folder and format are checked before the first."""
    from policydiff.renderers import docx as docx_renderer
    from policydiff.renderers import html as html_renderer
    from policydiff.renderers import json as json_renderer
    from policydiff.renderers import markdown as md_renderer

    renderers: dict[str, Callable[..., bytes]] = {
        "html": html_renderer.render_comparison,
        "json": json_renderer.render_comparison,
        "md": md_renderer.render_comparison,
        "docx": docx_renderer.render_comparison,
    }
    if fmt not in renderers:
        raise UsageError(f"redlines are written as {', '.join(REDLINE_FORMATS)}, not {fmt!r}")
    target = Path(folder)
    if not target.is_dir():
        raise UsageError("the folder does not exist", os.fspath(folder))
    return _redline_files(m, target, renderers[fmt], fmt, date)


def _redline_files(
    m: Matrix, target: Path, render: Callable[..., bytes], fmt: str, date: str | None
) -> Iterator[tuple[Path, bytes]]:
    from policydiff.compare import compare_policies

    left = m.documents[m.baseline] if m.baseline is not None else consensus_policy(m)
    width = max(2, len(str(len(m.documents))))
    for n, policy in enumerate(m.documents, start=1):
        if m.baseline is not None and n - 1 == m.baseline:
            continue
        comparison = compare_policies(left, policy)
        source = Path(policy.source)
        name = f"{source.parent.name}-{source.stem}" if source.parent.name else source.stem
        stem = re.sub(r"[^\w.-]+", "-", name).strip("-.") or "document"
        yield target / f"{n:0{width}d}-{stem}.{fmt}", render(comparison, date=date)
