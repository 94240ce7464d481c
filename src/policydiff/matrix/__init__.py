"""N-way clause grouping of many policies, order-independent: consensus wording and each one's deviations.

`matrix` reads the documents (in a process pool with `jobs`), groups their clauses (`grouping`), finds
what they agree on (`consensus`) and returns a sparse `Matrix`: a group holds a cell for each document
that has it, none for the others. It computes and never writes; `redlines` writes per-document redlines.
"""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import os
import re
from collections import Counter
from collections.abc import Callable, Generator, Iterator, Sequence
from contextlib import ExitStack, closing, contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from policydiff import classes, inline, normalise
from policydiff.errors import PolicydiffError, ReadError, UsageError
from policydiff.matrix import consensus as agree
from policydiff.matrix import workers
from policydiff.matrix.grouping import (
    CONTACT,
    ORGANISATION,
    MatrixThresholds,
    Slotter,
    cluster,
    contacts,
    organisation_key,
    slot_key,
    wordings,
)
from policydiff.model import (
    Cell,
    CellState,
    ChangeClass,
    Clause,
    ClauseGroup,
    ClauseKind,
    Diagnostic,
    Edit,
    EditOp,
    Location,
    Matrix,
    Policy,
)

__all__ = [
    "ORGANISATION",
    "REDLINE_FORMATS",
    "MatrixThresholds",
    "consensus_policy",
    "matrix",
    "organisation_key",
    "read_all",
    "redline_files",
    "redlines",
    "slot_key",
]

Progress = Callable[[str, int, int], None]
"""`progress(step, done, total)`: step `reading` (documents) or `grouping` (distinct wordings)."""
Input = str | os.PathLike[str] | Policy

POOL_FROM = 8
"""Fewer documents than this are read in this process whatever `jobs` says (a pool costs more)."""


# --- Reading ---


_Packed = tuple[Any, ...]
"""A policy as plain values (see `_pack`): what crosses from a reading process back to this one."""


def _pack(policy: Policy) -> _Packed:
    """Return a policy as tuples of plain values, which pickle several times faster than the dataclasses."""
    return (
        policy.source,
        policy.sha256,
        policy.format,
        policy.title,
        policy.organisation,
        policy.metadata,
        policy.objects,
        policy.warnings,
        [
            (
                c.id,
                c.kind.value,
                c.text,
                c.key,
                c.level,
                c.label,
                c.section,
                c.spans,
                tuple(getattr(c.location, n) for n in _LOCATION),
                c.annotations,
            )
            for c in policy.clauses
        ],
    )


def _unpack(packed: _Packed) -> Policy:
    """Return the policy `_pack` made plain."""
    source, sha256, fmt, title, organisation, metadata, objects, warnings, clauses = packed
    return Policy(
        source,
        sha256,
        fmt,
        title,
        organisation,
        metadata,
        tuple(
            Clause(cid, ClauseKind(kind), text, key, level, label, section, spans, Location(*where), notes)
            for cid, kind, text, key, level, label, section, spans, where, notes in clauses
        ),
        objects,
        warnings,
    )


_LOCATION = tuple(f.name for f in dataclasses.fields(Location))


def _read_one(item: str, encoding: str | None, packed: bool = False) -> Policy | _Packed | _Failed:
    """Parse one file (`packed`: as `_pack` values); an error comes back as (class, cause, path), which
    survives a process boundary."""
    from policydiff import parse

    try:
        policy = parse(item, encoding=encoding)
    except PolicydiffError as exc:
        return _Failed(type(exc), exc.cause, exc.path)
    return _pack(policy) if packed else policy


@dataclass(frozen=True)
class _Failed:
    """A file that could not be read: its error's class, cause and path."""

    kind: type[PolicydiffError]
    cause: str
    path: str | None


def _read(
    items: Sequence[Input], jobs: int, encoding: str | None, progress: Progress | None
) -> Generator[Policy | PolicydiffError, None, None]:
    """Yield each item's policy (or its read error), in the order given, read by `jobs` processes.

    Close the generator (`contextlib.closing`) when not reading it to the end: that ends its pool.
    """
    paths = [os.fspath(i) for i in items if not isinstance(i, Policy)]
    with ExitStack() as stack:
        results: Iterator[Policy | _Packed | _Failed]
        if jobs > 1 and len(paths) >= POOL_FROM:
            chunk = max(1, min(64, len(paths) // (jobs * 4)))
            read = partial(_read_one, encoding=encoding, packed=True)
            results = stack.enter_context(closing(workers.ordered_map(read, paths, jobs, chunk)))
        else:
            results = (_read_one(p, encoding) for p in paths)
        for n, item in enumerate(items):
            got = item if isinstance(item, Policy) else next(results)
            if isinstance(got, _Failed):
                yield got.kind(got.cause, got.path)
            elif isinstance(got, tuple):
                yield _unpack(got)
            else:
                yield got
            if progress is not None:
                progress("reading", n + 1, len(items))


def read_all(
    inputs: Sequence[Input], *, jobs: int = 1, encoding: str | None = None, progress: Progress | None = None
) -> list[Policy]:
    """Return the policies of `inputs` (paths or policies) in order, read by `jobs` processes; the first
    unreadable one raises its `ReadError`."""
    out: list[Policy] = []
    with closing(_read(list(inputs), max(1, jobs), encoding, progress)) as reader:
        for got in reader:
            if isinstance(got, PolicydiffError):
                raise got
            out.append(got)
    return out


# --- Building ---


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
    jobs: int = 1,
) -> Matrix:
    """Return the clause matrix of policies (paths or `Policy` values), independent of their order.

    A `baseline` (a path or policy; used in place if it is also among `inputs`) defines the rows
    and their wording; the others' extra clauses become `added` groups. An unreadable file raises
    its `ReadError`, unless `skip_unreadable` makes it a warning. `jobs` processes read and segment
    the files (the result is the same for any number). `progress(step, done, total)` is called as
    documents are read (`reading`) and wordings grouped (`grouping`).
    """
    if not 0.0 <= min_support <= 1.0:
        raise UsageError(f"min_support must be between 0 and 1, got {min_support}")
    if jobs < 1:
        raise UsageError(f"jobs must be at least 1, got {jobs}")
    with collector_paused():
        return _matrix(
            inputs, baseline, min_support, skip_unreadable, encoding, thresholds, progress, budget, jobs
        )


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector (if it runs) for the block.

    A matrix keeps every clause of every document alive; each full collection walks all of them, and
    while they are made collections come often enough to make reading and grouping grow faster than the
    documents (5,000 sites: reading 5.7 -> 4.1 CPU seconds). The objects made hold no cycles; what does
    is collected when the collector runs again.
    """
    running = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if running:
            gc.enable()


def _matrix(
    inputs: Sequence[Input],
    baseline: Input | None,
    min_support: float,
    skip_unreadable: bool,
    encoding: str | None,
    thresholds: MatrixThresholds | None,
    progress: Progress | None,
    budget: float,
    jobs: int,
) -> Matrix:
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
    policies: list[Policy] = []
    baseline_index: int | None = None
    with closing(_read(items, jobs, encoding, progress)) as reader:
        for n, got in enumerate(reader):
            is_base = n == base_at
            if isinstance(got, PolicydiffError):
                if not isinstance(got, ReadError) or is_base or not skip_unreadable:
                    raise got
                item = items[n]
                path = got.path or (item.source if isinstance(item, Policy) else os.fspath(item))
                warnings.append(Diagnostic("unreadable", f"skipped: {got.cause}", path))
                continue
            if is_base:
                baseline_index = len(policies)
            policies.append(got)
            warnings.extend(got.warnings)
    grouping = None if progress is None else (lambda done, total: progress("grouping", done, total))
    groups = _build(policies, baseline_index, min_support, thresholds, budget, grouping, jobs)
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


def _most_common(values: Counter[str]) -> str:
    return min(values, key=lambda v: (-values[v], v))


def _build(
    policies: Sequence[Policy],
    baseline: int | None,
    min_support: float,
    thresholds: MatrixThresholds,
    budget: float,
    progress: Callable[[int, int], None] | None,
    jobs: int = 1,
) -> list[ClauseGroup]:
    slotters = [Slotter(p.organisation) for p in policies]
    sections: dict[tuple[str, tuple[str, ...]], tuple[str, ...]] = {}

    def section_key(d: int, section: tuple[str, ...]) -> tuple[str, ...]:
        slotter = slotters[d]
        got = sections.get((slotter.name, section))
        if got is None:
            got = sections[(slotter.name, section)] = tuple(slotter(normalise.key(s)) for s in section)
        return got

    drafts: list[agree.Draft] = []
    for group in cluster(wordings(policies, slotters), thresholds, progress, baseline):
        members: dict[int, tuple[int, str]] = {}
        counts: Counter[str] = Counter()
        for w in group.wordings:
            for d, i in w.members:
                members[d] = (i, w.key)
            counts[w.key] += len(w.members)
        base: tuple[str, ...] | None = None  # with a baseline holding the group, its wording and section
        if baseline is not None and baseline in members:
            consensus = members[baseline][1]
            base = section_key(baseline, policies[baseline].clauses[members[baseline][0]].section)
        else:
            consensus = agree.medoid(counts)
        kinds: Counter[str] = Counter()
        places: Counter[tuple[str, ...]] = Counter()
        positions: list[float] = []
        for d, (i, key) in members.items():
            clause = policies[d].clauses[i]
            if key == consensus:
                kinds[clause.kind.value] += 1
            places[section_key(d, clause.section)] += 1
            positions.append(i / max(1, len(policies[d].clauses) - 1))
        drafts.append(
            agree.Draft(
                members=members,
                consensus=consensus,
                kind=ClauseKind(_most_common(kinds)),
                section=min(places, key=lambda s: (-places[s], s)) if base is None else base,
                median=agree.median_position(positions),
                keys=tuple(sorted(counts)),
                added=baseline is not None and baseline not in members,
            )
        )
    drafts = agree.ordered(drafts, baseline)
    ids = agree.ids(drafts)
    moved = agree.moved(drafts, len(policies))
    in_master = agree.master(drafts, len(policies), min_support)
    # Cells made document by document: when a document's own slot diff is needed (see `_wording`), its
    # pattern is compiled by `inline` once and held by Python's regular expression cache meanwhile.
    per_doc: list[list[int]] = [[] for _ in policies]
    for rank, draft in enumerate(drafts):
        for d in draft.members:
            per_doc[d].append(rank)
    cells: list[list[Cell]] = [[] for _ in drafts]
    cache: dict[tuple[str, str], _Worded] = {}
    if jobs > 1:
        cache.update(_worded_in_pool(drafts, policies, slotters, budget, jobs))
    for d, ranks in enumerate(per_doc):
        for rank in ranks:
            draft = drafts[rank]
            cells[rank].append(_cell(draft, d, policies[d], slotters[d], (d, rank) in moved, budget, cache))
    out: list[ClauseGroup] = []
    for rank, (draft, gid) in enumerate(zip(drafts, ids, strict=True)):
        out.append(
            ClauseGroup(
                id=gid,
                kind=draft.kind,
                section=draft.section,
                consensus=draft.consensus,
                cells=tuple(cells[rank]),
                support=len(draft.members),
                added=draft.added,
                in_master=in_master[rank],
            )
        )
    return out


_Worded = tuple[tuple[Edit, ...], bool, tuple[ChangeClass, ...]]
"""A wording's word edits from the consensus, whether they are substantive, and their change classes."""


def _worded(consensus: str, text: str, slots: list[tuple[str, str]], budget: float) -> _Worded:
    edits = inline.diff(consensus, text, slots=slots, budget=budget).edits
    reworded = inline.substantive(edits)
    return edits, reworded, classes.classify(edits, consensus, text) if reworded else ()


POOL_DIFFS_FROM = 256
"""Fewer distinct variant wordings than this are diffed in this process whatever `jobs` says."""


def _worded_pair(pair: tuple[str, str], budget: float) -> _Worded:
    return _worded(pair[0], pair[1], [], budget)


def _worded_in_pool(
    drafts: Sequence[agree.Draft],
    policies: Sequence[Policy],
    slotters: Sequence[Slotter],
    budget: float,
    jobs: int,
) -> dict[tuple[str, str], _Worded]:
    """Return the edits of every distinct variant wording (as `_wording` keys them), made by `jobs`
    processes; empty when there are too few to be worth a pool (the cells then make them as they go)."""
    todo: dict[tuple[str, str], None] = {}
    for draft in drafts:
        for d, (index, key) in draft.members.items():
            if key == draft.consensus:
                continue
            text = policies[d].clauses[index].text
            slotted = slotters[d](text)
            if (
                ORGANISATION not in text
                and CONTACT not in text
                and slotted.count(ORGANISATION) == key.count(ORGANISATION)
            ):
                todo[(draft.consensus, slotted)] = None
    if len(todo) < POOL_DIFFS_FROM:
        return {}
    pairs = list(todo)
    chunk = max(1, min(64, len(pairs) // (jobs * 4)))
    with closing(workers.ordered_map(partial(_worded_pair, budget=budget), pairs, jobs, chunk)) as done:
        return dict(zip(pairs, done, strict=True))


_SLOT = re.compile(r"(\{organisation\}|\{contact\})")

SLOT_CONTACTS = 8
"""Most distinct contact addresses of one clause made slot pairs when its own slot diff is needed (each
is a phrase alternative in the tokenizer's pattern, tried at every position of the text)."""


def _unslot(edits: tuple[Edit, ...], name: str, addresses: Sequence[str]) -> tuple[Edit, ...]:
    """Return edits made on a text with `{organisation}` in place of `name` and `{contact}` in place of
    each of `addresses` (in order), made to rebuild the text itself: an equal slot becomes the slot edit
    `inline.diff` makes (delete the slot, insert the name or address)."""
    found = iter(addresses)
    out: list[Edit] = []
    for e in edits:
        if e.op is EditOp.DELETE or "{" not in e.text:
            out.append(e)
            continue
        parts = _SLOT.split(e.text)
        if len(parts) == 1:
            out.append(e)
            continue
        values = [name if p == ORGANISATION else next(found, p) for p in parts[1::2]]
        if e.op is EditOp.INSERT:
            parts[1::2] = values
            out.append(Edit(EditOp.INSERT, "".join(parts), e.cls))
            continue
        for k, part in enumerate(parts):
            if k % 2:
                out += [Edit(EditOp.DELETE, part, "slot"), Edit(EditOp.INSERT, values[k // 2], "slot")]
            elif part:
                out.append(Edit(e.op, part, e.cls))
    return tuple(out)


def _wording(
    consensus: str,
    text: str,
    key: str,
    slotter: Slotter,
    budget: float,
    cache: dict[tuple[str, str], _Worded],
) -> _Worded:
    """Return the edits, rewording and classes of `text` against the consensus.

    Worked out once per wording with the organisation's name as `{organisation}` and contact addresses
    as `{contact}`, and shared by every document that words the clause alike, whatever its name and
    address; when the name does not stand in the text as it does in the key (spelt with other spaces or
    dashes), or the shared edits do not rebuild the text, the document's own slot diff is made.
    """
    if ORGANISATION in text or CONTACT in text:
        return _worded(consensus, text, [], budget)
    slotted = slotter(text)
    if slotted.count(ORGANISATION) == key.count(ORGANISATION):
        found = cache.get((consensus, slotted))
        if found is None:
            found = cache[(consensus, slotted)] = _worded(consensus, slotted, [], budget)
        edits, reworded, kinds = found
        if slotted is text:
            return found
        if CONTACT not in slotted:
            return _unslot(edits, slotter.name, ()), reworded, kinds
        edits = _unslot(edits, slotter.name, contacts(text, distinct=False))
        if "".join(e.text for e in edits if e.op is not EditOp.DELETE) == text:
            return edits, reworded, kinds  # else a diff cut a slot's braces apart: the document's own diff
    slots = [(CONTACT, c) for c in contacts(text)[:SLOT_CONTACTS]]
    if slotter.name:
        slots.append((ORGANISATION, slotter.name))
    return _worded(consensus, text, slots, budget)


def _cell(
    draft: agree.Draft,
    d: int,
    policy: Policy,
    slotter: Slotter,
    moved: bool,
    budget: float,
    cache: dict[tuple[str, str], _Worded],
) -> Cell:
    index, key = draft.members[d]
    clause = policy.clauses[index]
    text = clause.text
    same = key == draft.consensus
    edits: tuple[Edit, ...] = ()
    reworded = False
    kinds: tuple[ChangeClass, ...] = ()
    if not same:
        edits, reworded, kinds = _wording(draft.consensus, text, key, slotter, budget, cache)
    if draft.added:
        return Cell(d, (clause.id,), text, CellState.ADDED, edits, reworded, kinds)
    if moved:
        return Cell(d, (clause.id,), text, CellState.MOVED, edits, reworded, kinds)
    if same or not reworded:
        return Cell(d, (clause.id,), text, CellState.SAME, edits if not same else ())
    return Cell(d, (clause.id,), text, CellState.VARIANT, edits, classes=kinds)


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
