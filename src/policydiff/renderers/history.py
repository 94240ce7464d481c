"""Lineage and blame output: `policydiff.history` and `policydiff.blame` JSON, Markdown, HTML and text."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from html import escape as html_escape
from typing import Any

from policydiff import __version__, inline
from policydiff.model import (
    Blame,
    ChangeOp,
    ClauseEvent,
    CommitRef,
    Edit,
    EditOp,
    Lineage,
    LineageClause,
    Version,
)
from policydiff.renderers._redline import OP_TITLES, option_value
from policydiff.renderers.html import _CSS, page
from policydiff.renderers.json import SCHEMA_VERSION, dumps, tool, warnings
from policydiff.renderers.markdown import escape as md_escape

# --- JSON ---


def _event(event: ClauseEvent) -> dict[str, Any]:
    return {
        "commit": event.commit,
        "op": event.op.value,
        "clause": event.clause,
        "from": list(event.from_),
        "into": list(event.into),
        "text": event.text,
    }


def _clause(clause: LineageClause) -> dict[str, Any]:
    return {
        "id": clause.id,
        "kind": clause.kind.value,
        "section": list(clause.section),
        "text": clause.text,
        "introduced": clause.introduced,
        "last_changed": clause.last_changed,
        "removed": clause.removed,
        "restored_from": clause.restored_from,
        "events": [_event(e) for e in clause.events],
    }


def _version(version: Version) -> dict[str, Any]:
    return {
        "commit": version.commit,
        "parent": version.parent,
        "date": version.date,
        "author": version.author,
        "message": version.message,
        "path": version.path,
    }


def lineage_object(lineage: Lineage) -> dict[str, Any]:
    """Return a lineage as a `policydiff.history` object with its envelope (format, tool, warnings)."""
    return {
        "format": "policydiff.history",
        "schema_version": SCHEMA_VERSION,
        "tool": tool(dict(lineage.options)),
        "warnings": warnings(lineage.warnings),
        "path": lineage.path,
        "versions": [_version(v) for v in lineage.versions],
        "clauses": [_clause(c) for c in lineage.clauses],
        "truncated_at": lineage.truncated_at,
    }


def render_lineage_json(lineage: Lineage) -> bytes:
    """Return the `policydiff.history` JSON of a lineage."""
    return dumps(lineage_object(lineage))


def _ref(ref: CommitRef | None) -> dict[str, Any] | None:
    if ref is None:
        return None
    return {"commit": ref.commit, "date": ref.date, "author": ref.author}


def blame_object(blame: Blame) -> dict[str, Any]:
    """Return a blame as a `policydiff.blame` object with its envelope."""
    return {
        "format": "policydiff.blame",
        "schema_version": SCHEMA_VERSION,
        "tool": tool(dict(blame.options)),
        "warnings": warnings(blame.warnings),
        "path": blame.path,
        "rev": blame.rev,
        "truncated_at": blame.truncated_at,
        "clauses": [
            {
                "id": c.id,
                "lineage": c.lineage,
                "kind": c.kind.value,
                "section": list(c.section),
                "text": c.text,
                "introduced": _ref(c.introduced),
                "last_changed": _ref(c.last_changed),
                "revisions": c.revisions,
            }
            for c in blame.clauses
        ],
    }


def render_blame_json(blame: Blame) -> bytes:
    """Return the `policydiff.blame` JSON of a blame."""
    return dumps(blame_object(blame))


# --- Shared views: the timeline every human view renders ---

_HEX = re.compile(r"^[0-9a-f]{40,64}$")
_CLAUSE_NUMBER = re.compile(r"^c(\d+)$")
_OP_ORDER = {op: i for i, op in enumerate(ChangeOp)}


def short(commit: str | None) -> str:
    """Return a commit sha (or content hash) cut to 8 characters; `—` for none."""
    if commit is None:
        return "—"
    head, sep, tail = commit.partition(":")
    base, dot, n = head.partition(".")
    cut = base[:8] if _HEX.match(base) else base
    return cut + dot + n + sep + tail


def plural(count: int, word: str, words: str | None = None) -> str:
    """Return `1 version`, `2 versions`: the count with the word in the number it takes."""
    return f"{count} {word if count == 1 else words or word + 's'}"


def _day(date: str | None) -> str:
    return date[:10] if date else "—"


def _subject(message: str | None) -> str:
    return (message or "").strip().splitlines()[0] if (message or "").strip() else ""


def _one_line(text: str | None, limit: int = 0) -> str:
    line = " ".join((text or "").split())
    return line if not limit or len(line) <= limit else line[: limit - 1] + "…"


def events_by_version(lineage: Lineage) -> dict[str, list[tuple[LineageClause, ClauseEvent]]]:
    """Return, for each version, the clause events it caused (a merge once, on the surviving clause)."""
    out: dict[str, list[tuple[LineageClause, ClauseEvent]]] = {v.commit: [] for v in lineage.versions}
    for clause in lineage.clauses:
        for event in clause.events:
            if event.op is ChangeOp.MERGED and event.text is None:
                continue  # the merged-away side: the survivor's event tells it
            out.setdefault(event.commit, []).append((clause, event))
    return out


def _instant(date: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(date)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def in_date_order(versions: Sequence[Version]) -> list[Version]:
    """Return the versions by author date, oldest first; as given when any has no date (a list of files)."""
    instants = [_instant(v.date) if v.date else None for v in versions]
    if any(i is None for i in instants):
        return list(versions)
    order = sorted(range(len(versions)), key=lambda k: (instants[k], k))
    return [versions[k] for k in order]


def _before(clause: LineageClause, event: ClauseEvent) -> str | None:
    """Return the clause's text just before `event` (None when the event introduced it)."""
    previous: str | None = None
    for item in clause.events:
        if item is event:
            return previous
        if item.text is not None:
            previous = item.text
    return previous


def _text_before(clause: LineageClause, commit: str) -> str:
    """Return a clause's text just before `commit` acted on it (its latest text if it did not)."""
    event = next((e for e in clause.events if e.commit == commit), None)
    return (_before(clause, event) if event is not None else None) or clause.text


def step_edits(before: str | None, after: str | None) -> tuple[Edit, ...]:
    """Return the word-level edits of one version step of a clause: from its text before to its text after."""
    if before is None and after is None:
        return ()
    if before is None:
        return (Edit(EditOp.INSERT, after or ""),)
    if after is None:
        return (Edit(EditOp.DELETE, before),)
    return inline.diff(before, after).edits


@dataclass(frozen=True, slots=True)
class Step:
    """One thing one version did to one clause, ready to render in any human view."""

    op: ChangeOp
    clause: str | None
    """The clause id in that version (`c4`); None for a removal."""
    section: tuple[str, ...]
    edits: tuple[Edit, ...]
    """The word-level redline of the step: the clause's text before it, edited into its text after."""
    note: str
    """Where the clause came from or went, in words (`split from “…”`), or empty."""
    lineage: int
    """The clause's number in the clauses table (1-based), to link to its story."""

    @property
    def changed_words(self) -> bool:
        """Return whether any word was inserted or deleted (a move may keep every word)."""
        return any(e.op is not EditOp.EQUAL for e in self.edits)

    @property
    def text(self) -> str:
        """Return the clause's text after the step (before it, for a removal)."""
        keep = EditOp.DELETE if self.op is ChangeOp.REMOVED else EditOp.INSERT
        return "".join(e.text for e in self.edits if e.op is EditOp.EQUAL or e.op is keep)


@dataclass(frozen=True, slots=True)
class VersionView:
    """A version as the human views show it: its place in date order and what it did to each clause."""

    number: int
    version: Version
    steps: tuple[Step, ...]
    base: str | None
    """How to name what this version was compared with, when that is not the version listed before it."""
    renamed_from: str | None
    """The file's previous path when this version renamed it."""

    @property
    def first(self) -> bool:
        """Return whether nothing came before this version (a root commit, the first file of a list).

        Every clause in it is new: the views list them rather than redline them as insertions.
        """
        return self.version.parent is None and all(s.op is ChangeOp.ADDED for s in self.steps)

    def counts(self) -> dict[ChangeOp, int]:
        """Return how many steps of each kind, in the comparison's order of kinds."""
        found = Counter(s.op for s in self.steps)
        return {op: found[op] for op in ChangeOp if found[op]}


def _clause_order(step: Step) -> tuple[int, int, str]:
    match = _CLAUSE_NUMBER.match(step.clause or "")
    if step.clause is None:
        return (2, 0, "")
    return (0, int(match.group(1)), "") if match else (1, 0, step.clause)


def _quote(clause: LineageClause | None, commit: str, limit: int = 60) -> str:
    return (
        f"“{_one_line(_text_before(clause, commit), limit)}”" if clause is not None else "an earlier clause"
    )


def _note(
    clause: LineageClause,
    event: ClauseEvent,
    clauses: dict[str, LineageClause],
    numbers: dict[str, int],
    versions: dict[str, Version],
) -> str:
    """Return in words where the clause of a step came from or went, naming no lineage id."""
    if event.op is ChangeOp.SPLIT:
        if clause.id in event.from_:
            return f"split into {plural(len(event.into), 'clause')}"
        return "split from " + ", ".join(_quote(clauses.get(i), event.commit) for i in event.from_)
    if event.op is ChangeOp.MERGED:
        others = [i for i in event.from_ if i != clause.id]
        return "merged with " + ", ".join(_quote(clauses.get(i), event.commit) for i in others)
    if event.op is ChangeOp.ADDED and clause.restored_from and event.commit == clause.introduced:
        old = clauses.get(clause.restored_from)
        gone = old.removed if old is not None else None
        if gone is None:
            return "restores an earlier clause"
        where = f"version {numbers[gone]}, " if gone in numbers else ""
        day = versions[gone].date if gone in versions else None
        return f"restores the clause removed in {where}{short(gone)}" + (f" ({_day(day)})" if day else "")
    return ""


def timeline(lineage: Lineage) -> list[VersionView]:
    """Return the versions in date order, each with the redline of every clause step it made.

    One computation for the text, Markdown and HTML views: the word-level edits of each step, the
    clause ids in that version, and in words where a split, merged or restored clause came from.
    """
    ordered = in_date_order(lineage.versions)
    numbers = {v.commit: n for n, v in enumerate(ordered, 1)}
    versions = {v.commit: v for v in ordered}
    clauses = {c.id: c for c in lineage.clauses}
    lineage_numbers = {c.id: n for n, c in enumerate(lineage.clauses, 1)}
    by_version = events_by_version(lineage)
    out = []
    previous: Version | None = None
    for number, version in enumerate(ordered, 1):
        steps = []
        for clause, event in by_version.get(version.commit, []):
            edits = step_edits(_before(clause, event), event.text)
            note = _note(clause, event, clauses, numbers, versions)
            if event.op is ChangeOp.MOVED and all(e.op is EditOp.EQUAL for e in edits):
                note = "the words did not change"
            elif event.op is ChangeOp.REWORDED and all(e.op is EditOp.EQUAL for e in edits):
                # (a rewording of the same words changed their emphasis, a link target, or a heading:
                # made body text or the reverse, or moved to another level; the compare report says which)
                note = "the words did not change: their formatting did"
            steps.append(
                Step(event.op, event.clause, clause.section, edits, note, lineage_numbers[clause.id])
            )
        steps.sort(key=_clause_order)
        base: str | None = None
        parent = version.parent
        if parent is not None and (previous is None or parent != previous.commit):
            if parent in numbers:
                base = f"version {numbers[parent]} ({short(parent)})"
            else:
                base = f"its parent commit {short(parent)}"
        renamed = None
        if _is_repo(lineage):
            source = versions.get(parent) if parent is not None else None
            if source is not None and source.path != version.path:
                renamed = source.path
        out.append(VersionView(number, version, tuple(steps), base, renamed))
        previous = version
    return out


def _is_repo(lineage: Lineage) -> bool:
    return bool(dict(lineage.options).get("repo"))


def _counts_text(counts: dict[ChangeOp, int]) -> str:
    return ", ".join(f"{n} {op.value}" for op, n in counts.items())


def _totals(views: Sequence[VersionView]) -> dict[ChangeOp, int]:
    found: Counter[ChangeOp] = Counter()
    for view in views:
        found.update(s.op for s in view.steps if not view.first)
    return {op: found[op] for op in ChangeOp if found[op]}


def _clause_count(lineage: Lineage) -> str:
    removed = sum(1 for c in lineage.clauses if c.removed is not None)
    present = len(lineage.clauses) - removed
    return f"{plural(len(lineage.clauses), 'clause lineage')} ({present} present, {removed} removed)"


def _headline(lineage: Lineage) -> str:
    return f"{plural(len(lineage.versions), 'version')}, {_clause_count(lineage)}"


def _section_text(section: tuple[str, ...]) -> str:
    return " › ".join(section) or "(top level)"


# --- Text ---


def _text_redline(edits: Iterable[Edit]) -> str:
    out = []
    for edit in edits:
        if edit.op is EditOp.EQUAL:
            out.append(edit.text)
        elif edit.cls:  # cosmetic or slot: shown, marked as not substantive, as the comparison does
            out.append(f"[~{edit.text}~]" if edit.op is EditOp.DELETE else f"{{~{edit.text}~}}")
        elif edit.op is EditOp.DELETE:
            out.append(f"[-{edit.text}-]")
        else:
            out.append(f"{{+{edit.text}+}}")
    return "".join(out).replace("\n", " ¶ ")


def _version_head(view: VersionView, repo: bool) -> str:
    v = view.version
    if not repo:
        return f"{view.number}. {short(v.commit)}  {v.path}"
    parts = [short(v.commit), _day(v.date), v.author or "", _subject(v.message)]
    return f"{view.number}. " + "  ".join(p for p in parts if p)


def render_lineage_text(lineage: Lineage) -> bytes:
    """Return a terminal view of a lineage: the versions in date order, each step's word-level redline."""
    repo = _is_repo(lineage)
    views = timeline(lineage)
    lines = [f"History of {lineage.path}: {_headline(lineage)}"]
    if lineage.truncated_at:
        lines.append(f"history starts at {short(lineage.truncated_at)} (shallow clone)")
    for w in lineage.warnings:
        lines.append(f"warning: {w.message}")
    if not views:
        lines += ["", "No version in the range changed the file."]
    for view in views:
        lines += ["", _version_head(view, repo)]
        if repo and (view.number == 1 or view.renamed_from):
            was = f" (renamed from {view.renamed_from})" if view.renamed_from else ""
            lines.append(f"   file: {view.version.path}{was}")
        if view.base:
            lines.append(f"   compared with {view.base}")
        if view.first:
            lines.append(f"   first version: {plural(len(view.steps), 'clause')}")
            width = max((len(s.clause or "") for s in view.steps), default=0)
            lines += [f"   {s.clause or '':>{width}}  {_one_line(s.text)}" for s in view.steps]
            continue
        if not view.steps:
            lines.append("   no clause changes")
            continue
        lines.append(f"   {plural(len(view.steps), 'change')}: {_counts_text(view.counts())}")
        for s in view.steps:
            where = f"{s.clause}  " if s.clause else ""
            note = f"  ({s.note})" if s.note else ""
            lines.append(f"   {OP_TITLES[s.op]:<9} {where}{_section_text(s.section)}{note}")
            lines.append(f"      {_text_redline(s.edits)}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _ref_cell(ref: CommitRef | None, boundary: str | None) -> str:
    if ref is None:
        return f"{short(boundary)} or older" if boundary else "—"
    return f"{short(ref.commit)} {_day(ref.date)}"


def render_blame_text(blame: Blame) -> bytes:
    """Return the clauses at a revision in labelled columns: introduced, last changed, changes, clause."""
    rows = []
    for c in blame.clauses:
        last = _ref_cell(c.last_changed, blame.truncated_at)
        if c.last_changed is not None and c.last_changed.author:
            last += f" {c.last_changed.author}"
        rows.append((_ref_cell(c.introduced, blame.truncated_at), last, str(c.revisions), c.id, c.text))
    head = ("introduced", "last changed", "changes")
    widths = [max([len(head[k]), *(len(r[k]) for r in rows)]) for k in range(3)]
    idw = max((len(r[3]) for r in rows), default=0)
    lines = [f"{head[0]:<{widths[0]}}  {head[1]:<{widths[1]}}  {head[2]:>{widths[2]}}  clause"]
    lines += [
        f"{a:<{widths[0]}}  {b:<{widths[1]}}  {n:>{widths[2]}}  {cid:<{idw}}  {_one_line(text)}"
        for a, b, n, cid, text in rows
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


# --- Markdown ---


def _md(text: str | None) -> str:
    """Return text safe in Markdown (a table cell, a list item): entities for `& < >`, marks escaped."""
    return md_escape(text or "")


def _md_redline(edits: Iterable[Edit]) -> str:
    out = []
    for edit in edits:
        text = _md(edit.text)
        if edit.op is EditOp.EQUAL:
            out.append(text)
            continue
        tag = "ins" if edit.op is EditOp.INSERT else "del"
        title = f' title="{edit.cls}"' if edit.cls else ""
        out.append(f"<{tag}{title}>{text}</{tag}>")
    return "".join(out)


def _md_ref(commit: str | None, dates: dict[str, str | None]) -> str:
    if commit is None:
        return "—"
    day = dates.get(commit)
    return f"`{short(commit)}`" + (f" {_day(day)}" if day else "")


def render_lineage_markdown(lineage: Lineage) -> bytes:
    """Return a Markdown report of a lineage: summary, versions in date order with each step's redline."""
    repo = _is_repo(lineage)
    views = timeline(lineage)
    out = [f"# History of {_md(lineage.path)}", "", "| | |", "|---|---|"]
    out.append(f"| file | `{lineage.path.replace('`', '')}` |")
    out.append(f"| versions | {plural(len(views), 'version')}" + (_span(views) if repo else "") + " |")
    out.append(f"| clauses | {_clause_count(lineage)} |")
    if lineage.truncated_at:
        out.append(f"| history starts at | `{short(lineage.truncated_at)}` (shallow clone) |")
    out += ["", "## Summary", "", "| change | count |", "|---|---:|"]
    totals = _totals(views)
    out += [f"| {OP_TITLES[op]} | {totals.get(op, 0)} |" for op in ChangeOp if op is not ChangeOp.UNCHANGED]
    out.append(f"| **total** | **{sum(totals.values())}** |")
    firsts = sum(len(view.steps) for view in views if view.first)
    if firsts:
        out += ["", f"The first version's {plural(firsts, 'clause')} are not counted as added."]
    if lineage.warnings:
        out += ["", "**Warnings:**", ""]
        out += [f"- {_md(w.message)} ({w.code})" for w in lineage.warnings]
    out += ["", "## Versions", ""]
    if repo:
        out += [
            "| no. | version | date | author | message | file | changes |",
            "|---:|---|---|---|---|---|---|",
        ]
    else:
        out += ["| no. | version | file | changes |", "|---:|---|---|---|"]
    for view in views:
        v = view.version
        changes = "first version" if view.first else _counts_text(view.counts()) or "none"
        if repo:
            out.append(
                f"| {view.number} | `{short(v.commit)}` | {_day(v.date)} | {_md(v.author)} "
                f"| {_md(_subject(v.message))} | {_md(v.path)} | {changes} |"
            )
        else:
            out.append(f"| {view.number} | `{short(v.commit)}` | {_md(v.path)} | {changes} |")
    if not views:
        out.append("No version in the range changed the file.")
    out += ["", "## Changes by version", ""]
    for view in views:
        v = view.version
        title = f"### {view.number}. `{short(v.commit)}`"
        if repo:
            subject = _subject(v.message)
            title += f" {_day(v.date)}" + (f" — {_md(subject)}" if subject else "")
        else:
            title += f" {_md(v.path)}"
        out += [title, ""]
        facts = []
        if repo and v.author:
            facts.append(_md(v.author))
        if repo and (view.number == 1 or view.renamed_from):
            facts.append(
                f"file {_md(v.path)}"
                + (f" (renamed from {_md(view.renamed_from)})" if view.renamed_from else "")
            )
        if view.base:
            facts.append(f"compared with {view.base}")
        if facts:
            out += [" · ".join(facts), ""]
        if view.first:
            out += [f"First version: {plural(len(view.steps), 'clause')}.", ""]
            out += [f"- {s.clause}: {_md(s.text)}" for s in view.steps]
            out.append("")
            continue
        if not view.steps:
            out += ["No clause changes.", ""]
            continue
        for n, s in enumerate(view.steps, 1):
            where = f"{s.clause} — " if s.clause else ""
            note = f" ({_md(s.note)})" if s.note else ""
            out.append(f"{n}. **{OP_TITLES[s.op]}** — {where}{_md(_section_text(s.section))}{note}")
            out.append(f"   > {_md_redline(s.edits)}")
        out.append("")
    dates = {v.commit: v.date for v in lineage.versions}
    out += ["## Clauses", "", "| no. | section | text | introduced | last changed | removed |"]
    out.append("|---:|---|---|---|---|---|")
    lineage_numbers = {c.id: n for n, c in enumerate(lineage.clauses, 1)}
    for n, c in enumerate(lineage.clauses, 1):
        fate = _fate(c, lineage_numbers)
        out.append(
            f"| {n} | {_md(_section_text(c.section))} | {_md(_one_line(c.text, 160))}"
            + (f" *({_md(fate)})*" if fate else "")
            + " "
            f"| {_md_ref(c.introduced, dates)} | {_md_ref(c.last_changed, dates)} "
            f"| {_md_ref(c.removed, dates)} |"
        )
    out += ["", "## Provenance", "", f"- tool: policydiff {__version__}"]
    for name, value in lineage.options:
        out.append(f"- option {_md(name)}: `{option_value(value).replace('`', '')}`")
    out.append("")
    return "\n".join(out).encode("utf-8")


def _fate(clause: LineageClause, numbers: dict[str, int]) -> str:
    """Return, in words, what links a clause to another in the clauses table (`merged into clause 11`)."""
    out = []
    if clause.restored_from in numbers:
        out.append(f"restores clause {numbers[clause.restored_from]}")
    last = clause.events[-1] if clause.events else None
    if last is not None and last.op is ChangeOp.MERGED and last.text is None and last.into:
        into = numbers.get(last.into[0])
        out.append(f"merged into clause {into}" if into else "merged into another clause")
    return "; ".join(out)


def _span(views: Sequence[VersionView]) -> str:
    days = [view.version.date for view in views if view.version.date]
    return f", {_day(days[0])} to {_day(days[-1])}" if len(days) > 1 else ""


# --- HTML ---

_HISTORY_CSS = """
.docs td { width: auto; }
.version { margin: 0 0 1.6rem; }
.version > h3 { margin: 1.6rem 0 .2rem; font-size: 1.12rem; }
.version > h3 a { color: var(--ink); text-decoration: none; }
.change-head h4 { margin: 0; font-size: 1rem; }
.change .text { margin: .2rem 0 0; }
ol.timeline { margin: 0; padding: 0; list-style: none; font-size: .88rem; white-space: nowrap; }
ol.timeline li + li { margin-top: .2rem; }
ol.timeline .badge { font-size: .7rem; margin-right: .3rem; }
.clauses .status { display: block; color: var(--muted); font-size: .85rem; margin-top: .2rem; }
.clauses td.text { font-size: .95rem; white-space: normal; }
"""
_PAGE_CSS = _CSS + "\n" + _HISTORY_CSS.strip()


def _h(text: str | None) -> str:
    return html_escape(text or "", quote=True)


def _badge(op: ChangeOp) -> str:
    return f'<span class="badge op-{op.value}">{OP_TITLES[op]}</span>'


def _html_redline(edits: Iterable[Edit]) -> str:
    """Return the word-level redline of one step: `<del>`/`<ins>` styled as in the comparison report."""
    out = []
    for edit in edits:
        if edit.op is EditOp.EQUAL:
            out.append(_h(edit.text))
            continue
        tag = "ins" if edit.op is EditOp.INSERT else "del"
        cls = f' class="{_h(edit.cls)}"' if edit.cls else ""
        out.append(f"<{tag}{cls}>{_h(edit.text)}</{tag}>")
    return "".join(out)


def _sha(commit: str) -> str:
    return f'<code title="{_h(commit)}">{_h(short(commit))}</code>'


def _html_ref(commit: str | None, numbers: dict[str, int], dates: dict[str, str | None]) -> str:
    if commit is None:
        return '<span class="none">—</span>'
    day = dates.get(commit)
    inner = _sha(commit) + (f" {_h(_day(day))}" if day else "")
    return f'<a href="#version-{numbers[commit]}">{inner}</a>' if commit in numbers else inner


def _html_header(lineage: Lineage, views: Sequence[VersionView], repo: bool) -> list[str]:
    rows = [
        ("File", f"<code>{_h(lineage.path)}</code>"),
        ("Versions", _h(plural(len(views), "version") + (_span(views) if repo else ""))),
        ("Clauses", _h(_clause_count(lineage))),
    ]
    if views:
        first, last = views[0].version, views[-1].version
        rows.append(
            ("First version", _sha(first.commit) + " " + _h(_day(first.date) if repo else first.path))
        )
        rows.append(("Latest version", _sha(last.commit) + " " + _h(_day(last.date) if repo else last.path)))
    if lineage.truncated_at:
        rows.append(
            ("History starts at", _sha(lineage.truncated_at) + " (shallow clone: older history unknown)")
        )
    out = [
        "<header>",
        "<h1>Policy history</h1>",
        f'<p class="subtitle">{_h(lineage.path)} · {_h(_headline(lineage))}</p>',
        '<table class="docs">',
        '<caption class="vh">The file followed</caption>',
        "<tbody>",
    ]
    out += [f'<tr><th scope="row">{name}</th><td>{value}</td></tr>' for name, value in rows]
    out += ["</tbody>", "</table>", "</header>"]
    return out


_NUM = ' class="num"'


def _html_summary(lineage: Lineage, views: Sequence[VersionView], repo: bool) -> list[str]:
    totals = _totals(views)
    out = ['<section id="summary" aria-labelledby="summary-h">', '<h2 id="summary-h">Summary</h2>']
    out += ['<div class="grid">', "<div>", '<table class="counts" id="counts">']
    out += ['<caption class="vh">Clause changes by kind, over all versions</caption>']
    out += [
        '<thead><tr><th scope="col">Kind</th><th scope="col" class="num">Count</th></tr></thead>',
        "<tbody>",
    ]
    for op in ChangeOp:
        if op is not ChangeOp.UNCHANGED:
            out.append(
                f'<tr data-op="{op.value}"><th scope="row">{_badge(op)}</th>'
                f'<td class="num">{totals.get(op, 0)}</td></tr>'
            )
    out += [
        "</tbody>",
        f'<tfoot><tr><th scope="row">Total</th><td class="num">{sum(totals.values())}</td></tr>',
    ]
    out += ["</tfoot>", "</table>"]
    firsts = sum(len(view.steps) for view in views if view.first)
    if firsts:
        out.append(
            f'<p class="none">The first version\'s {plural(firsts, "clause")} are not counted as added.</p>'
        )
    out += ["</div>", "<div>", '<h3 id="warnings">Warnings</h3>']
    if lineage.warnings:
        out.append('<ul class="warnings">')
        out += [
            f'<li>{_h(w.message)} <span class="none">({_h(w.code)})</span></li>' for w in lineage.warnings
        ]
        out.append("</ul>")
    else:
        out.append('<p class="none">No warnings.</p>')
    out += ["</div>", "</div>", '<h3 id="versions">Versions</h3>']
    if not views:
        out += ['<p class="none">No version in the range changed the file.</p>', "</section>"]
        return out
    out.append(
        f"<p>{_h(plural(len(views), 'version'))}, oldest first"
        + (" by author date" if repo else "")
        + ".</p>"
    )
    head = (
        ["No.", "Version", "Date", "Author", "Message", "File", "Changes"]
        if repo
        else ["No.", "Version", "File", "Changes"]
    )
    out += ['<table class="index">', "<thead><tr>"]
    out += [f'<th scope="col"{_NUM if h == "No." else ""}>{h}</th>' for h in head]
    out += ["</tr></thead>", "<tbody>"]
    for view in views:
        v = view.version
        counts = (
            "first version"
            if view.first
            else ", ".join(f"{n} {op.value}" for op, n in view.counts().items()) or "no clause changes"
        )
        cells = [
            f'<th scope="row" class="num"><a href="#version-{view.number}">{view.number}</a></th>',
            f"<td>{_sha(v.commit)}</td>",
        ]
        if repo:
            cells += [
                f"<td>{_h(_day(v.date))}</td>",
                f"<td>{_h(v.author)}</td>",
                f"<td>{_h(_subject(v.message))}</td>",
            ]
        cells += [f"<td><code>{_h(v.path)}</code></td>", f"<td>{_h(counts)}</td>"]
        out.append("<tr>" + "".join(cells) + "</tr>")
    out += ["</tbody>", "</table>", "</section>"]
    return out


def _html_step(view: VersionView, n: int, s: Step) -> list[str]:
    anchor = f"version-{view.number}-{n}"
    where = f'<span class="section">{_h(_section_text(s.section))}</span>'
    if s.clause:
        where += f' · clause <span class="cid">{_h(s.clause)}</span>'
    where += f' · <a href="#clause-{s.lineage}">its history</a>'
    out = [
        f'<article class="change change-{s.op.value}" id="{anchor}">',
        '<div class="change-head">',
        f'<h4><a href="#{anchor}">{view.number}.{n}</a></h4>',
        _badge(s.op),
        f'<span class="match">{_h(s.note)}</span>' if s.note else "",
        "</div>",
        f'<p class="where">{where}</p>',
        f'<p class="text">{_html_redline(s.edits)}</p>',
    ]
    out.append("</article>")
    return out


def _html_version(view: VersionView, repo: bool) -> list[str]:
    v = view.version
    title = f'<a href="#version-{view.number}">Version {view.number}</a> · {_sha(v.commit)}'
    title += f" · {_h(_day(v.date))} · {_h(_subject(v.message))}" if repo else f" · <code>{_h(v.path)}</code>"
    out = [f'<section class="version" id="version-{view.number}">', f"<h3>{title}</h3>"]
    facts = []
    if repo and v.author:
        facts.append(_h(v.author))
    if repo:
        was = f" (renamed from <code>{_h(view.renamed_from)}</code>)" if view.renamed_from else ""
        facts.append(f"<code>{_h(v.path)}</code>{was}")
    if view.base:
        facts.append(f"compared with {_h(view.base)}")
    if view.steps and not view.first:
        facts.append(_h(plural(len(view.steps), "clause change")))
    if facts:
        out.append(f'<p class="where">{" · ".join(facts)}</p>')
    if view.first:
        out += [
            '<details class="run">',
            f"<summary><strong>First version: {_h(plural(len(view.steps), 'clause'))}</strong></summary>",
            '<table class="unchanged">',
            '<thead><tr><th scope="col">Clause</th><th scope="col">Section</th>'
            '<th scope="col">Text</th></tr></thead>',
            "<tbody>",
        ]
        out += [
            f'<tr><td class="cid"><a href="#clause-{s.lineage}">{_h(s.clause)}</a></td>'
            f'<td><span class="section">{_h(_section_text(s.section))}</span></td>'
            f'<td class="text">{_h(s.text)}</td></tr>'
            for s in view.steps
        ]
        out += ["</tbody>", "</table>", "</details>"]
    elif not view.steps:
        out.append('<p class="none">No clause changes.</p>')
    for n, s in enumerate(() if view.first else view.steps, 1):
        out += _html_step(view, n, s)
    out.append("</section>")
    return out


def _html_clauses(lineage: Lineage, views: Sequence[VersionView]) -> list[str]:
    numbers = {view.version.commit: view.number for view in views}
    dates = {v.commit: v.date for v in lineage.versions}
    lineage_numbers = {c.id: n for n, c in enumerate(lineage.clauses, 1)}
    out = [
        '<section id="clauses" aria-labelledby="clauses-h">',
        '<h2 id="clauses-h">Clauses</h2>',
        f"<p>Every clause followed: {_h(plural(len(lineage.clauses), 'clause lineage'))}, "
        "in order of introduction, with each version that touched it.</p>",
        '<table class="index clauses">',
        '<thead><tr><th scope="col" class="num">No.</th><th scope="col">Section</th><th scope="col">Text</th>'
        '<th scope="col">Timeline</th></tr></thead>',
        "<tbody>",
    ]
    for n, c in enumerate(lineage.clauses, 1):
        events = sorted((e for e in c.events if e.commit in numbers), key=lambda e: numbers[e.commit])
        items = "".join(
            f'<li>{_badge(e.op)} <a href="#version-{numbers[e.commit]}">version {numbers[e.commit]}</a> · '
            f"{_sha(e.commit)}" + (f" · {_h(_day(dates[e.commit]))}" if dates.get(e.commit) else "") + "</li>"
            for e in events
        )
        status = []
        if c.introduced is None:
            status.append("older than the first version seen")
        if c.restored_from in lineage_numbers:
            m = lineage_numbers[c.restored_from]
            status.append(f'restores <a href="#clause-{m}">clause {m}</a>')
        last = c.events[-1] if c.events else None
        if last is not None and last.op is ChangeOp.MERGED and last.text is None and last.into:
            k = lineage_numbers.get(last.into[0])
            into = f'<a href="#clause-{k}">clause {k}</a>' if k else "another clause"
            status.append(f"merged into {into} in {_html_ref(c.removed, numbers, dates)}")
        elif c.removed is not None:
            status.append(f"removed in {_html_ref(c.removed, numbers, dates)}")
        note = f'<span class="status">{"; ".join(status)}</span>' if status else ""
        timeline_html = (
            f'<ol class="timeline">{items}</ol>' if items else '<span class="none">no change</span>'
        )
        out.append(
            f'<tr id="clause-{n}"><th scope="row" class="num"><a href="#clause-{n}">{n}</a></th>'
            f'<td><span class="section">{_h(_section_text(c.section))}</span></td>'
            f'<td><span class="text">{_h(c.text)}</span>{note}</td><td>{timeline_html}</td></tr>'
        )
    out += ["</tbody>", "</table>", "</section>"]
    return out


def render_lineage_html(lineage: Lineage) -> bytes:
    """Return a self-contained HTML page of a lineage in the comparison report's style.

    The versions in date order, each step's word-level redline, then every clause with its timeline;
    no lineage id on the page (they are in the JSON). Inline CSS, no script, a CSP that forbids the rest.
    """
    repo = _is_repo(lineage)
    views = timeline(lineage)
    body = [*_html_header(lineage, views, repo), "<main>", *_html_summary(lineage, views, repo)]
    body += [
        '<section id="changes" aria-labelledby="changes-h">',
        '<h2 id="changes-h">Changes by version</h2>',
        '<div class="legend"><span>Key:</span><span class="text"><ins>inserted</ins></span>'
        '<span class="text"><del>deleted</del></span>'
        '<span class="text"><del class="cosmetic">cosmetic</del> (ignored)</span></div>',
    ]
    for view in views:
        body += _html_version(view, repo)
    body += ["</section>", *_html_clauses(lineage, views), "</main>"]
    options = "<br>".join(f"<code>{_h(k)} = {_h(option_value(v))}</code>" for k, v in lineage.options)
    options = options or '<span class="none">defaults</span>'
    body += [
        '<footer id="provenance" aria-labelledby="provenance-h">',
        '<h2 id="provenance-h">Provenance</h2>',
        '<table class="provenance"><tbody>',
        f'<tr><th scope="row">Tool</th><td>policydiff {_h(__version__)}</td></tr>',
        f'<tr><th scope="row">Options</th><td>{options}</td></tr>',
        "</tbody></table>",
        "</footer>",
    ]
    return page(title=f"History of {lineage.path}", css=_PAGE_CSS, body=body)


__all__ = [
    "Step",
    "VersionView",
    "blame_object",
    "events_by_version",
    "in_date_order",
    "lineage_object",
    "plural",
    "render_blame_json",
    "render_blame_text",
    "render_lineage_html",
    "render_lineage_json",
    "render_lineage_markdown",
    "render_lineage_text",
    "short",
    "step_edits",
    "timeline",
]
