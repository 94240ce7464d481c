"""Lineage and blame output: `policydiff.history` and `policydiff.blame` JSON, Markdown, HTML and text."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from html import escape as html_escape
from typing import Any

from policydiff import __version__
from policydiff.model import Blame, ChangeOp, ClauseEvent, CommitRef, Lineage, LineageClause, Version
from policydiff.renderers.html import _CSP
from policydiff.renderers.json import SCHEMA_VERSION, dumps, tool, warnings

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


# --- Shared views ---

_HEX = re.compile(r"^[0-9a-f]{40,64}$")


def short(commit: str | None) -> str:
    """Return a commit sha (or content hash) cut to 8 characters; a lineage id with its sha cut."""
    if commit is None:
        return "—"
    head, sep, tail = commit.partition(":")
    base, dot, n = head.partition(".")
    cut = base[:8] if _HEX.match(base) else base
    return cut + dot + n + sep + tail


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


def _describe(clause: LineageClause, event: ClauseEvent) -> str:
    op = event.op.value
    if event.op is ChangeOp.REMOVED:
        return f"removed {short(clause.id)}: {_one_line(clause.text, 100)}"
    where = f" ({event.clause})" if event.clause else ""
    extra = ""
    if event.op is ChangeOp.SPLIT:
        extra = f" from {', '.join(short(i) for i in event.from_)}"
    elif event.op is ChangeOp.MERGED:
        extra = f" of {', '.join(short(i) for i in event.from_)}"
    elif event.op is ChangeOp.ADDED and clause.restored_from and event.commit == clause.introduced:
        extra = f", restoring {short(clause.restored_from)}"
    return f"{op} {short(clause.id)}{where}{extra}: {_one_line(event.text, 100)}"


# --- Text ---


def render_lineage_text(lineage: Lineage) -> bytes:
    """Return a terminal view of a lineage: each version, oldest first, with the clause events it caused."""
    by_version = events_by_version(lineage)
    lines = [f"{lineage.path}: {len(lineage.versions)} versions, {len(lineage.clauses)} clause lineages"]
    for w in lineage.warnings:
        lines.append(f"warning: {w.message}")
    for v in lineage.versions:
        head = f"{short(v.commit)} {_day(v.date)} {v.author or ''}".rstrip()
        subject = _subject(v.message)
        lines.append(f"{head}  {subject}  [{v.path}]" if subject else f"{head}  [{v.path}]")
        events = by_version.get(v.commit, [])
        if not events:
            lines.append("    (no clause changes)")
        for clause, event in events:
            lines.append(f"    {_describe(clause, event)}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def render_blame_text(blame: Blame) -> bytes:
    """Return one line per clause: the short sha, date and author of its last change, then its text."""
    rows: list[tuple[str, str, str, str]] = []
    for c in blame.clauses:
        ref = c.last_changed
        sha = short(ref.commit) if ref else "^" + short(blame.truncated_at or "")[:7]
        rows.append((sha, _day(ref.date if ref else None), (ref.author if ref else None) or "", c.text))
    width = max((len(r[2]) for r in rows), default=0)
    lines = [f"{sha:<8} {day:<10} {author:<{width}}  {_one_line(text)}" for sha, day, author, text in rows]
    return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""


# --- Markdown ---

_SPECIAL = re.compile(r"([\\`*_\[\]|~#])")


def _md(text: str | None) -> str:
    """Return text safe inside a Markdown table cell or list item: entities for `& < >`, marks escaped."""
    text = (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _SPECIAL.sub(r"\\\1", text).replace("\n", "<br>")


def render_lineage_markdown(lineage: Lineage) -> bytes:
    """Return a Markdown report of a lineage: the versions, what each did, then every clause's story."""
    by_version = events_by_version(lineage)
    out = [f"# History of {_md(lineage.path)}", ""]
    if lineage.truncated_at:
        out += [f"History starts at `{short(lineage.truncated_at)}` (shallow clone).", ""]
    for w in lineage.warnings:
        out.append(f"> **Warning:** {_md(w.message)}")
    if lineage.warnings:
        out.append("")
    out += ["## Versions", "", "| version | date | author | message | path |", "|---|---|---|---|---|"]
    for v in lineage.versions:
        out.append(
            f"| `{short(v.commit)}` | {_day(v.date)} | {_md(v.author)} | {_md(_subject(v.message))} "
            f"| {_md(v.path)} |"
        )
    out += ["", "## Changes by version", ""]
    for v in lineage.versions:
        out.append(f"### `{short(v.commit)}` {_md(_subject(v.message))}".rstrip())
        out.append("")
        events = by_version.get(v.commit, [])
        out += [f"- {_md(_describe(c, e))}" for c, e in events] or ["- no clause changes"]
        out.append("")
    out += [
        "## Clauses",
        "",
        "| lineage | introduced | last changed | removed | text |",
        "|---|---|---|---|---|",
    ]
    for c in lineage.clauses:
        restored = f" (restores `{short(c.restored_from)}`)" if c.restored_from else ""
        out.append(
            f"| `{short(c.id)}` | {_code(c.introduced)} | {_code(c.last_changed)} | {_code(c.removed)} "
            f"| {_md(_one_line(c.text, 160))}{restored} |"
        )
    out += ["", f"<sub>policydiff {__version__}</sub>", ""]
    return "\n".join(out).encode("utf-8")


def _code(commit: str | None) -> str:
    return f"`{short(commit)}`" if commit else "—"


# --- HTML ---

_CSS = """
body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;
vertical-align:top}code{font-size:.9em}.op{font-weight:600}.removed{color:#a00}.added{color:#070}
.warning{background:#fff4ce;padding:.5rem}
ins{background:#e6f4ea;color:#0b5d1e;text-decoration:underline}
del{background:#fde8e8;color:#8a1111;text-decoration:line-through}
.redline{margin:.2rem 0 .6rem}.timeline{margin:0;padding-left:1.1rem;font-size:.9em}
"""


def _h(text: str | None) -> str:
    return html_escape(text or "", quote=True)


def _before(clause: LineageClause, event: ClauseEvent) -> str | None:
    """Return the clause's text just before `event` (None when the event introduced it)."""
    previous: str | None = None
    for item in clause.events:
        if item is event:
            return previous
        if item.text is not None:
            previous = item.text
    return previous


def _redline_html(before: str | None, after: str | None) -> str:
    """Return the word-level redline of one step, `<del>`/`<ins>` with colour and strike/underline."""
    from policydiff import inline

    if before is None and after is None:
        return ""
    if before is None:
        return f"<ins>{_h(after)}</ins>"
    if after is None:
        return f"<del>{_h(before)}</del>"
    out = []
    for edit in inline.diff(before, after).edits:
        if edit.op.value == "equal":
            out.append(_h(edit.text))
        else:
            tag = "ins" if edit.op.value == "insert" else "del"
            out.append(f"<{tag}>{_h(edit.text)}</{tag}>")
    return "".join(out)


def _events_html(items: Iterable[tuple[LineageClause, ClauseEvent]]) -> str:
    rows = []
    for clause, event in items:
        cls = "removed" if event.op is ChangeOp.REMOVED else "added" if event.op is ChangeOp.ADDED else ""
        text = _describe(clause, event)
        redline = _redline_html(_before(clause, event), event.text)
        rows.append(
            f'<li class="{cls}"><a href="#{_h(clause.id)}">{_h(text)}</a>'
            f'<div class="redline">{redline}</div></li>'
        )
    return "<ul>" + "".join(rows) + "</ul>" if rows else "<p>No clause changes.</p>"


def _timeline_html(clause: LineageClause, dates: dict[str, str | None]) -> str:
    """Return a clause's timeline: each version step that touched it, oldest first."""
    items = [
        f'<li><a href="#v-{_h(e.commit)}"><code>{_h(short(e.commit))}</code></a> '
        f'{_h(_day(dates.get(e.commit)))} <span class="op">{_h(e.op.value)}</span></li>'
        for e in clause.events
    ]
    return f'<ol class="timeline">{"".join(items)}</ol>' if items else ""


def _csp(css: str) -> str:
    """Return the compare page's Content-Security-Policy: no script, nothing fetched, only `css`."""
    return _CSP.format("sha256-" + base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode())


def render_lineage_html(lineage: Lineage) -> bytes:
    """Return a self-contained HTML page of a lineage: versions, what each did, every clause's story."""
    by_version = events_by_version(lineage)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_h(_csp(_CSS))}">',
        f"<title>History of {_h(lineage.path)}</title><style>{_CSS}</style></head><body>",
        f"<h1>History of {_h(lineage.path)}</h1>",
    ]
    parts += [f'<p class="warning">{_h(w.message)}</p>' for w in lineage.warnings]
    parts.append("<h2>Versions</h2><table><tr><th>version</th><th>date</th><th>author</th>")
    parts.append("<th>message</th><th>path</th></tr>")
    for v in lineage.versions:
        parts.append(
            f"<tr><td><code>{_h(short(v.commit))}</code></td><td>{_h(_day(v.date))}</td>"
            f"<td>{_h(v.author)}</td><td>{_h(_subject(v.message))}</td><td>{_h(v.path)}</td></tr>"
        )
    parts.append("</table><h2>Changes by version</h2>")
    for v in lineage.versions:
        parts.append(
            f'<h3 id="v-{_h(v.commit)}"><code>{_h(short(v.commit))}</code> {_h(_subject(v.message))}</h3>'
        )
        parts.append(_events_html(by_version.get(v.commit, [])))
    dates = {v.commit: v.date for v in lineage.versions}
    parts.append("<h2>Clauses</h2><table><tr><th>lineage</th><th>introduced</th><th>last changed</th>")
    parts.append("<th>removed</th><th>text</th><th>timeline</th></tr>")
    for c in lineage.clauses:
        restored = f" <em>(restores {_h(short(c.restored_from))})</em>" if c.restored_from else ""
        parts.append(
            f'<tr id="{_h(c.id)}"><td><code>{_h(short(c.id))}</code></td>'
            f"<td>{_h(short(c.introduced))}</td><td>{_h(short(c.last_changed))}</td>"
            f"<td>{_h(short(c.removed))}</td><td>{_h(c.text)}{restored}</td>"
            f"<td>{_timeline_html(c, dates)}</td></tr>"
        )
    parts.append(f"</table><footer><small>policydiff {_h(__version__)}</small></footer></body></html>\n")
    return "\n".join(parts).encode("utf-8")


__all__ = [
    "blame_object",
    "events_by_version",
    "lineage_object",
    "render_blame_json",
    "render_blame_text",
    "render_lineage_html",
    "render_lineage_json",
    "render_lineage_markdown",
    "render_lineage_text",
]
