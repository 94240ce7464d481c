"""Reports of a clause matrix (`Matrix` → bytes): JSON, CSV, Markdown and a self-contained HTML grid."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from html import escape
from typing import Any

from policydiff.classes import describe
from policydiff.model import Cell, CellState, Edit, EditOp, Matrix, Policy
from policydiff.renderers.html import page
from policydiff.renderers.json import SCHEMA_VERSION, dumps, edit_object, tool, warnings

SYMBOLS: dict[CellState, str] = {
    CellState.SAME: "✓",
    CellState.VARIANT: "~",
    CellState.MOVED: "↕",
    CellState.MISSING: "✗",
    CellState.ADDED: "+",
}
"""One symbol per state, so the grid reads without colour."""

MEANINGS: dict[CellState, str] = {
    CellState.SAME: "same as the consensus (cosmetic and organisation-name differences aside)",
    CellState.VARIANT: "worded differently from the consensus",
    CellState.MOVED: "present, but out of the consensus order",
    CellState.MISSING: "not in this document",
    CellState.ADDED: "not in the baseline",
}


def _name(policy: Policy) -> str:
    return policy.organisation or policy.source


# --- JSON ---


def _cell(cell: Cell) -> dict[str, Any]:
    out: dict[str, Any] = {
        "document": cell.document,
        "clauses": list(cell.clauses),
        "text": cell.text,
        "state": cell.state.value,
    }
    if cell.state in (CellState.MOVED, CellState.ADDED):
        out["reworded"] = cell.reworded
    if cell.edits:
        out["edits"] = [edit_object(e) for e in cell.edits]
    return out


def matrix_object(m: Matrix) -> dict[str, Any]:
    """Return a matrix as a `policydiff.matrix` object without the envelope (tool, warnings)."""
    return {
        "documents": [
            {"source": p.source, "sha256": p.sha256, "organisation": p.organisation, "title": p.title}
            for p in m.documents
        ],
        "baseline": m.baseline,
        "min_support": m.min_support,
        "groups": [
            {
                "id": g.id,
                "kind": g.kind.value,
                "section": list(g.section),
                "consensus": g.consensus,
                "support": g.support,
                "added": g.added,
                "in_master": g.in_master,
                "cells": [_cell(c) for c in g.cells],
            }
            for g in m.groups
        ],
        "master": [g.id for g in m.master],
    }


def render_json(m: Matrix) -> bytes:
    """Return the `policydiff.matrix` JSON of a matrix."""
    return dumps(
        {
            "format": "policydiff.matrix",
            "schema_version": SCHEMA_VERSION,
            "tool": tool(dict(m.options)),
            "warnings": warnings(m.warnings),
            **matrix_object(m),
        }
    )


# --- CSV ---


def csv_cell(value: str) -> str:
    """Return a CSV value that a spreadsheet will not run as a formula (`= + - @`, tab, CR first)."""
    if value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def render_csv(m: Matrix) -> bytes:
    """Return the matrix as CSV: one row a group, one column a document holding its state."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(
        [csv_cell(v) for v in ("group", "section", "consensus", "support", *(p.source for p in m.documents))]
    )
    for g in m.groups:
        row = [g.id, " › ".join(g.section), g.consensus, str(g.support), *(c.state.value for c in g.cells)]
        writer.writerow([csv_cell(v) for v in row])
    return buffer.getvalue().encode("utf-8")


# --- Markdown ---


def _md(text: str) -> str:
    """Return text safe inside a Markdown table cell or paragraph."""
    out = text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")
    for ch in "*_`[]<>#":
        out = out.replace(ch, "\\" + ch)
    return out


def _md_edits(edits: Iterable[Edit]) -> str:
    parts = []
    for e in edits:
        text = _md(e.text)
        if e.cls is not None and e.op is EditOp.DELETE:
            continue  # a slot or cosmetic difference: shown as the document has it
        if e.op is EditOp.EQUAL or e.cls is not None or not text.strip():
            parts.append(text)
        elif e.op is EditOp.INSERT:
            parts.append(f"**{{+{text}+}}**")
        else:
            parts.append(f"~~{{-{text}-}}~~")
    return "".join(parts)


def render_markdown(m: Matrix) -> bytes:
    """Return the matrix as Markdown: the grid with symbols, each document's deviations, the master."""
    out = ["# Policy matrix", ""]
    out.append(f"{len(m.documents)} documents, {len(m.groups)} clause groups, {len(m.master)} in the master.")
    out.append("")
    out.append("Legend: " + "; ".join(f"{SYMBOLS[s]} {s.value}" for s in CellState) + ".")
    out += ["", "## Documents", ""]
    for n, p in enumerate(m.documents, start=1):
        base = " (baseline)" if m.baseline == n - 1 else ""
        out.append(f"{n}. `{_md(p.source)}` — {_md(_name(p))}{base}")
    out += ["", "## Grid", ""]
    out.append("| group | consensus | " + " | ".join(str(n) for n in range(1, len(m.documents) + 1)) + " |")
    out.append("|---|---|" + "---|" * len(m.documents))
    for g in m.groups:
        cells = " | ".join(SYMBOLS[c.state] for c in g.cells)
        out.append(f"| `{g.id}` | {_md(g.consensus)} | {cells} |")
    out += ["", "## Deviations", ""]
    for n, p in enumerate(m.documents):
        out.append(f"### {n + 1}. {_md(_name(p))}")
        out.append("")
        devs = m.deviations(n)
        if not devs:
            out += ["No deviations from the consensus.", ""]
            continue
        for g, cell in devs:
            line = f"- {SYMBOLS[cell.state]} {cell.state.value} `{g.id}`"
            if cell.edits:
                line += ": " + _md_edits(cell.edits)
            elif cell.text is not None:
                line += ": " + _md(cell.text)
            else:
                line += ": " + _md(g.consensus)
            if cell.classes:
                line += " — **" + _md("; ".join(describe(k) for k in cell.classes)) + "**"
            out.append(line)
        out.append("")
    out += ["## Proposed harmonised master", ""]
    section: tuple[str, ...] | None = None
    for g in m.master:
        if g.section != section and g.section:
            out += [f"*{_md(' › '.join(g.section))}*", ""]
        section = g.section
        out += [f"- {_md(g.consensus)} (`{g.id}`, {g.support}/{len(m.documents)})"]
    out.append("")
    return "\n".join(out).encode("utf-8")


# --- Terminal ---


def render_text(m: Matrix, *, width: int = 100) -> bytes:
    """Return a plain-text view for a terminal: one line a group, a symbol a document, then the legend."""
    out = [f"{n + 1:>3}  {p.source}  ({_name(p)})" for n, p in enumerate(m.documents)]
    out.append("")
    room = max(20, width - len(m.documents) - 18)
    for g in m.groups:
        symbols = "".join(SYMBOLS[c.state] for c in g.cells)
        text = " ".join(g.consensus.split())
        if len(text) > room:
            text = text[: room - 1] + "…"
        mark = "*" if g.in_master else " "
        out.append(f"{g.id} {mark} {symbols}  {text}")
    out.append("")
    out.append("  ".join(f"{SYMBOLS[s]} {s.value}" for s in CellState) + "   * in the proposed master")
    return ("\n".join(out) + "\n").encode("utf-8")


# --- HTML ---

_CSS = """
:root { --ink: #1b1f24; --muted: #50575f; --rule: #d0d5db; --accent: #1f4e8c;
  --ins-bg: #dcf2e3; --ins-ink: #0b4a20; --del-bg: #fbe4e4; --del-ink: #8a1414;
  --slot-bg: #e6edfb; --slot-ink: #1c3d7a; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff;
  font: 15px/1.5 "Segoe UI", "Helvetica Neue", "DejaVu Sans", Arial, sans-serif; }
.page { max-width: 90rem; margin: 0 auto; padding: 2rem; }
h1 { font-size: 1.7rem; margin: 0 0 .5rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .75rem; padding-bottom: .3rem; border-bottom: 2px solid var(--ink); }
h3 { font-size: 1.02rem; margin: 1.2rem 0 .4rem; }
a { color: var(--accent); }
a:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
table { border-collapse: collapse; }
th, td { text-align: left; vertical-align: top; padding: .3rem .5rem; border-bottom: 1px solid var(--rule); }
.grid-wrap { overflow-x: auto; }
.grid th.doc { writing-mode: vertical-rl; transform: rotate(180deg); font-size: .8rem; max-height: 12rem; }
.grid td.consensus { max-width: 36rem; font-size: .9rem; }
.grid tr.section th { background: #eef0f2; font-size: .85rem; }
.grid td.st { text-align: center; padding: 0; }
.grid td.st a, .grid td.st span { display: block; padding: .3rem .5rem; text-decoration: none;
  font-weight: 700; }
.s-same { background: #eef6f0; color: #1e5b32; }
.s-variant { background: #fff3d6; color: #6b4200; }
.s-moved { background: #f2e9fb; color: #55247f; }
.s-missing { background: #fbe4e4; color: #8a1414; }
.s-added { background: #e0f2f5; color: #0a5160; }
.gid { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: .8rem; color: var(--muted); }
.legend span { display: inline-block; padding: .1rem .5rem; margin: 0 .4rem .3rem 0; border-radius: 4px; }
.wording { display: none; border: 2px solid var(--accent); border-radius: 6px; padding: .6rem 1rem;
  margin: 1rem 0; }
.wording:target { display: block; position: fixed; left: 1rem; right: 1rem; bottom: 1rem; z-index: 2;
  max-height: 45vh; overflow: auto; background: #fff; box-shadow: 0 .3rem 1.5rem rgba(0, 0, 0, .25); }
.wording .close { float: right; font-size: .9rem; }
.text { font-family: Georgia, "DejaVu Serif", serif; white-space: pre-wrap; overflow-wrap: anywhere; }
ins { background: var(--ins-bg); color: var(--ins-ink); }
del { background: var(--del-bg); color: var(--del-ink); }
ins.slot, del.slot { background: var(--slot-bg); color: var(--slot-ink); }
ins.cosmetic, del.cosmetic { background: transparent; color: var(--muted); }
.muted { color: var(--muted); font-size: .9rem; }
li.sect { list-style: none; margin-left: -1rem; font-weight: 600; }
.vh { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
  white-space: nowrap; }
@media print { .wording, .wording:target { display: block; position: static; box-shadow: none;
  break-inside: avoid; } .wording .close { display: none; } }
""".strip()


def _e(text: str) -> str:
    return escape(text, quote=True)


def _html_edits(edits: Iterable[Edit]) -> str:
    out = []
    for e in edits:
        text = _e(e.text)
        if e.op is EditOp.EQUAL:
            out.append(text)
            continue
        tag = "ins" if e.op is EditOp.INSERT else "del"
        cls = f' class="{_e(e.cls)}"' if e.cls else ""
        out.append(f"<{tag}{cls}>{text}</{tag}>")
    return "".join(out)


def _wording_ids(m: Matrix) -> dict[tuple[int, int], str]:
    """Return the panel id of each present cell: one panel per distinct wording of a group."""
    ids: dict[tuple[int, int], str] = {}
    for gi, g in enumerate(m.groups):
        seen: dict[str, str] = {}
        for cell in g.cells:
            if cell.text is None:
                continue
            anchor = seen.setdefault(cell.text, f"w-{g.id}-{len(seen) + 1}")
            ids[(gi, cell.document)] = anchor
    return ids


def _grid(m: Matrix, ids: dict[tuple[int, int], str]) -> list[str]:
    wording = "baseline wording" if m.baseline is not None else "consensus"
    out = ['<div class="grid-wrap">', '<table class="grid">', f"<thead><tr><th>group</th><th>{wording}</th>"]
    out += [f'<th class="doc" scope="col" title="{_e(p.source)}">{_e(_name(p))}</th>' for p in m.documents]
    out.append("</tr></thead>")
    out.append("<tbody>")
    section: tuple[str, ...] | None = None
    for gi, g in enumerate(m.groups):
        if g.section != section:
            section = g.section
            label = " › ".join(g.section) or "(top level)"
            out.append(f'<tr class="section"><th colspan="{2 + len(m.documents)}">{_e(label)}</th></tr>')
        row = [f'<tr id="{_e(g.id)}"><td class="gid">{_e(g.id)}</td>']
        row.append(f'<td class="consensus text">{_e(g.consensus)}</td>')
        for cell in g.cells:
            symbol = SYMBOLS[cell.state]
            title = f"{_name(m.documents[cell.document])}: {cell.state.value}"
            cls = f"s-{cell.state.value}"
            anchor = ids.get((gi, cell.document))
            if anchor is None:
                row.append(f'<td class="st {cls}"><span title="{_e(title)}">{symbol}</span></td>')
            else:
                row.append(
                    f'<td class="st {cls}"><a href="#{_e(anchor)}" title="{_e(title)}">{symbol}'
                    f'<span class="vh"> {_e(cell.state.value)}</span></a></td>'
                )
        row.append("</tr>")
        out.append("".join(row))
    out += ["</tbody>", "</table>", "</div>"]
    return out


def _wordings(m: Matrix, ids: dict[tuple[int, int], str]) -> list[str]:
    out = ["<h2>Wordings</h2>", '<p class="muted">Choose a cell of the grid to show its wording here.</p>']
    written: set[str] = set()
    for gi, g in enumerate(m.groups):
        for cell in g.cells:
            anchor = ids.get((gi, cell.document))
            if anchor is None or anchor in written or cell.text is None:
                continue
            written.add(anchor)
            holders = [_name(m.documents[c.document]) for c in g.cells if ids.get((gi, c.document)) == anchor]
            redline = _html_edits(cell.edits) if cell.edits else _e(cell.text)
            out += [
                f'<section class="wording" id="{_e(anchor)}">',
                f'<a class="close" href="#{_e(g.id)}">close ✕</a>',
                f'<h3><a href="#{_e(g.id)}">{_e(g.id)}</a> — {_e(", ".join(holders))}</h3>',
                f'<p class="text">{_e(cell.text)}</p>',
                '<p class="muted">Against the consensus:</p>',
                f'<p class="text">{redline}</p>',
                *(
                    [f'<p class="classes">{_e("; ".join(describe(k) for k in cell.classes))}</p>']
                    if cell.classes
                    else []
                ),
                "</section>",
            ]
    return out


def _deviations(m: Matrix, ids: dict[tuple[int, int], str]) -> list[str]:
    out = ["<h2>Deviations by document</h2>"]
    index = {g.id: gi for gi, g in enumerate(m.groups)}
    for n, p in enumerate(m.documents):
        base = " (baseline)" if m.baseline == n else ""
        out.append(f'<h3>{_e(_name(p))}{base} <span class="muted">{_e(p.source)}</span></h3>')
        devs = m.deviations(n)
        if not devs:
            out.append('<p class="muted">No deviations from the consensus.</p>')
            continue
        out.append("<ul>")
        for g, cell in devs:
            anchor = ids.get((index[g.id], n))
            link = (
                f'<a href="#{_e(anchor)}">{_e(g.id)}</a>'
                if anchor
                else f'<a href="#{_e(g.id)}">{_e(g.id)}</a>'
            )
            text = _e(cell.text if cell.text is not None else g.consensus)
            out.append(
                f'<li><span class="s-{cell.state.value}">{SYMBOLS[cell.state]} {cell.state.value}</span> '
                f'{link}: <span class="text">{text}</span></li>'
            )
        out.append("</ul>")
    return out


def _master(m: Matrix) -> list[str]:
    out = [
        "<h2>Proposed harmonised master</h2>",
        f'<p class="muted">Clause groups held by at least {m.min_support:.0%} of the documents, in the '
        "documents' order; <code>{organisation}</code> stands for each organisation's name.</p>",
    ]
    section: tuple[str, ...] | None = None
    out.append("<ol>")
    for g in m.master:
        if g.section != section and g.section:
            out.append(f'<li class="muted sect">{_e(" › ".join(g.section))}</li>')
        section = g.section
        out.append(
            f'<li><span class="text">{_e(g.consensus)}</span> <span class="gid">{_e(g.id)}</span></li>'
        )
    out.append("</ol>")
    return out


def _legend() -> list[str]:
    items = "".join(
        f'<span class="s-{s.value}">{SYMBOLS[s]} {s.value}</span> '
        f'<span class="muted">{_e(MEANINGS[s])}</span><br>'
        for s in CellState
    )
    return [f'<p class="legend">{items}</p>']


def render_html(m: Matrix) -> bytes:
    """Return the HTML report of a matrix: grid, wordings shown on demand (CSS `:target`), deviations, master.

    No script; inline CSS allowed by its hash in a Content-Security-Policy that forbids the rest.
    """
    ids = _wording_ids(m)
    body = [
        "<h1>Policy matrix</h1>",
        f'<p class="muted">{len(m.documents)} documents, {len(m.groups)} clause groups, '
        f"{len(m.master)} in the proposed master.</p>",
        *_legend(),
        "<h2>Clause groups</h2>",
        *_grid(m, ids),
        *_wordings(m, ids),
        *_deviations(m, ids),
        *_master(m),
    ]
    return page(title="Policy matrix", css=_CSS, body=["<main>", *body, "</main>"])


RENDERERS: dict[str, Callable[[Matrix], bytes]] = {
    "html": render_html,
    "json": render_json,
    "csv": render_csv,
    "md": render_markdown,
    "text": render_text,
}
"""The matrix report of each `--format`."""
