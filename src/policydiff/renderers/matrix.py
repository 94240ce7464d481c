"""Reports of a clause matrix (`Matrix` → bytes): JSON, CSV, Markdown, a terminal view and an HTML page.

Every report is sparse as the model is: a document that lacks a group has no cell, and no report writes
one per document × group. The JSON is made as it is written, a group at a time (`iter_matrix`); the HTML
page has a summary of groups × states with counts, each group's wordings in a `<details>` (no script), and
a symbol grid per document only for small families (`GRID_DOCUMENTS`), so 1,000 sites make about 1 MB.
"""

from __future__ import annotations

import csv
import gc
import io
import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from html import escape
from typing import Any

from policydiff.classes import describe
from policydiff.model import Cell, CellState, ChangeClass, ClauseGroup, Edit, EditOp, Matrix, Policy
from policydiff.renderers.html import page
from policydiff.renderers.json import SCHEMA_VERSION, edit_object, pretty, tool, warnings

GRID_DOCUMENTS = 40
"""Families of at most this many documents also get a grid with a column per document (HTML, Markdown,
terminal); larger ones get counts per state."""

HOLDERS_SHOWN = 12
"""Most document names listed beside one wording in the HTML page (then "and N more")."""

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


def _class_object(k: ChangeClass) -> dict[str, Any]:
    out: dict[str, Any] = {"class": k.cls, "left": k.left, "right": k.right}
    if k.direction is not None:
        out["direction"] = k.direction
    return out


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
    if cell.classes:
        out["classes"] = [_class_object(k) for k in cell.classes]
    return out


def group_object(g: ClauseGroup) -> dict[str, Any]:
    """Return a group as JSON: its cells are those of the documents that hold it."""
    return {
        "id": g.id,
        "kind": g.kind.value,
        "section": list(g.section),
        "consensus": g.consensus,
        "support": g.support,
        "added": g.added,
        "in_master": g.in_master,
        "cells": [_cell(c) for c in g.cells],
    }


def matrix_object(m: Matrix) -> dict[str, Any]:
    """Return a matrix as a `policydiff.matrix` object without the envelope (tool, warnings)."""
    return {
        **_head(m),
        "groups": [group_object(g) for g in m.groups],
        "master": [g.id for g in m.master],
    }


def _head(m: Matrix) -> dict[str, Any]:
    return {
        "documents": [
            {"source": p.source, "sha256": p.sha256, "organisation": p.organisation, "title": p.title}
            for p in m.documents
        ],
        "baseline": m.baseline,
        "min_support": m.min_support,
        "sparse": True,
    }


def _group_lines(g: ClauseGroup) -> str:
    """Return a group's JSON, indented as an item of `groups`, one line a cell (the C encoder's speed)."""
    members = [
        f'      "{k}": {json.dumps(v, ensure_ascii=False)}'
        for k, v in group_object(g).items()
        if k != "cells"
    ]
    cells = ",\n".join("        " + json.dumps(_cell(c), ensure_ascii=False) for c in g.cells)
    members.append('      "cells": [\n' + cells + "\n      ]" if cells else '      "cells": []')
    return "    {\n" + ",\n".join(members) + "\n    }"


def iter_matrix(m: Matrix) -> Iterator[bytes]:
    """Generate the `policydiff.matrix` JSON of a matrix in pieces, a group at a time, a cell a line."""
    head = pretty(
        {
            "format": "policydiff.matrix",
            "schema_version": SCHEMA_VERSION,
            "tool": tool(dict(m.options)),
            "warnings": warnings(m.warnings),
            **_head(m),
        }
    )
    yield (head[: head.rindex("\n}")] + ',\n  "groups": [').encode("utf-8")
    running = gc.isenabled()
    for k, g in enumerate(m.groups):
        # The collector paused while a group is written: its collections would walk every clause of the
        # matrix again and again (5,000 sites: 3.2 -> 2.4 CPU seconds).
        gc.disable()
        try:
            text = ("\n" if k == 0 else ",\n") + _group_lines(g)
        finally:
            if running:
                gc.enable()
        yield text.encode("utf-8")
    master = json.dumps([g.id for g in m.master])
    yield (("\n  ]" if m.groups else "]") + f',\n  "master": {master}\n}}\n').encode("utf-8")


def render_json(m: Matrix) -> bytes:
    """Return the `policydiff.matrix` JSON of a matrix."""
    return b"".join(iter_matrix(m))


# --- CSV ---


def csv_cell(value: str) -> str:
    """Return a CSV value that a spreadsheet will not run as a formula (`= + - @`, tab, CR first)."""
    if value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


CSV_HEADER = ("group", "section", "consensus", "support", "document", "source", "state", "text")
"""The CSV columns: one row per document holding a group (a document without a row lacks it)."""


def render_csv(m: Matrix) -> bytes:
    """Return the matrix as CSV, one row per group and document that holds it (long form, for a pivot)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for g in m.groups:
        head = [g.id, " › ".join(g.section), g.consensus, str(g.support)]
        for c in g.cells:
            row = [*head, str(c.document), m.documents[c.document].source, c.state.value, c.text or ""]
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


def state_counts(m: Matrix, g: ClauseGroup) -> Counter[CellState]:
    """Return how many documents are in each state for a group (`missing`: those without a cell)."""
    counts = Counter(c.state for c in g.cells)
    counts[CellState.MISSING] += len(m.documents) - len(g.cells)
    return counts


def deviations(m: Matrix) -> list[list[tuple[ClauseGroup, Cell]]]:
    """Return each document's deviations (see `Matrix.deviations`), for every document in one pass."""
    out: list[list[tuple[ClauseGroup, Cell]]] = [[] for _ in m.documents]
    for g in m.groups:
        for cell in g.cells:
            if cell.state is not CellState.SAME:
                out[cell.document].append((g, cell))
        if g.in_master and len(g.cells) < len(m.documents):
            held = {c.document for c in g.cells}
            for d in range(len(m.documents)):
                if d not in held:
                    out[d].append((g, Cell(d, (), None, CellState.MISSING)))
    return out


def _counts_line(counts: Counter[CellState]) -> str:
    return " ".join(f"{SYMBOLS[s]}{counts[s]}" for s in CellState if counts[s])


def render_markdown(m: Matrix) -> bytes:
    """Return the matrix as Markdown: groups with their counts (and a grid for a small family), each
    document's deviations, the master."""
    n_docs = len(m.documents)
    out = ["# Policy matrix", ""]
    out.append(f"{n_docs} documents, {len(m.groups)} clause groups, {len(m.master)} in the master.")
    out.append("")
    out.append("Legend: " + "; ".join(f"{SYMBOLS[s]} {s.value}" for s in CellState) + ".")
    out += ["", "## Documents", ""]
    for n, p in enumerate(m.documents, start=1):
        base = " (baseline)" if m.baseline == n - 1 else ""
        out.append(f"{n}. `{_md(p.source)}` — {_md(_name(p))}{base}")
    out += ["", "## Clause groups", ""]
    out.append("| group | consensus | held | " + " | ".join(SYMBOLS[s] for s in CellState) + " |")
    out.append("|---|---|---|" + "---|" * len(CellState))
    for g in m.groups:
        counts = state_counts(m, g)
        mark = " (master)" if g.in_master else ""
        cells = " | ".join(str(counts[s]) for s in CellState)
        out.append(f"| `{g.id}`{mark} | {_md(g.consensus)} | {g.support}/{n_docs} | {cells} |")
    if n_docs <= GRID_DOCUMENTS:
        out += ["", "## Grid", ""]
        out.append("| group | " + " | ".join(str(n) for n in range(1, n_docs + 1)) + " |")
        out.append("|---|" + "---|" * n_docs)
        for g in m.groups:
            cells = " | ".join(SYMBOLS[g.cell(d).state] for d in range(n_docs))
            out.append(f"| `{g.id}` | {cells} |")
    out += ["", "## Deviations", ""]
    for n, (p, devs) in enumerate(zip(m.documents, deviations(m), strict=True)):
        out.append(f"### {n + 1}. {_md(_name(p))}")
        out.append("")
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
        out += [f"- {_md(g.consensus)} (`{g.id}`, {g.support}/{n_docs})"]
    out.append("")
    return "\n".join(out).encode("utf-8")


# --- Terminal ---


def render_text(m: Matrix, *, width: int = 100) -> bytes:
    """Return a plain-text view for a terminal: one line a group with a symbol a document (counts per
    state for a family of more than `GRID_DOCUMENTS`), then the legend."""
    n_docs = len(m.documents)
    out = [f"{n + 1:>3}  {p.source}  ({_name(p)})" for n, p in enumerate(m.documents)]
    out.append("")
    rows = []
    for g in m.groups:
        if n_docs <= GRID_DOCUMENTS:
            states = "".join(SYMBOLS[g.cell(d).state] for d in range(n_docs))
        else:
            states = _counts_line(state_counts(m, g))
        rows.append((g, states))
    column = max((len(s) for _, s in rows), default=0)
    room = max(20, width - column - 18)
    for g, states in rows:
        text = " ".join(g.consensus.split())
        if len(text) > room:
            text = text[: room - 1] + "…"
        mark = "*" if g.in_master else " "
        out.append(f"{g.id} {mark} {states:<{column}}  {text}")
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
a:focus-visible, summary:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
table { border-collapse: collapse; }
th, td { text-align: left; vertical-align: top; padding: .3rem .5rem; border-bottom: 1px solid var(--rule); }
.wrap { overflow-x: auto; }
.groups td.consensus { max-width: 40rem; }
.groups td.n, .groups th.n { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.groups td.n.zero { color: #9aa1a8; background: none; }
.groups tr.section th { background: #eef0f2; font-size: .85rem; }
.groups tr.wordings td { border-bottom: 2px solid var(--rule); padding-top: 0; }
details > summary { cursor: pointer; color: var(--accent); font-size: .9rem; }
details ul { margin: .3rem 0 .6rem; padding-left: 1.2rem; }
details li { margin: .3rem 0; }
.grid th.doc { writing-mode: vertical-rl; transform: rotate(180deg); font-size: .8rem; max-height: 12rem; }
.grid td.st { text-align: center; padding: 0; }
.grid td.st a, .grid td.st span { display: block; padding: .3rem .5rem; text-decoration: none;
  font-weight: 700; }
.s-same { background: #eef6f0; color: #1e5b32; }
.s-variant { background: #fff3d6; color: #6b4200; }
.s-moved { background: #f2e9fb; color: #55247f; }
.s-missing { background: #fbe4e4; color: #8a1414; }
.s-added { background: #e0f2f5; color: #0a5160; }
.badge { display: inline-block; padding: 0 .4rem; border-radius: 4px; font-size: .85rem; }
.gid { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: .8rem; color: var(--muted);
  white-space: nowrap; }
.legend span { display: inline-block; padding: .1rem .5rem; margin: 0 .4rem .3rem 0; border-radius: 4px; }
.text { font-family: Georgia, "DejaVu Serif", serif; white-space: pre-wrap; overflow-wrap: anywhere; }
ins { background: var(--ins-bg); color: var(--ins-ink); }
del { background: var(--del-bg); color: var(--del-ink); }
ins.slot, del.slot { background: var(--slot-bg); color: var(--slot-ink); }
ins.cosmetic, del.cosmetic { background: transparent; color: var(--muted); }
.muted { color: var(--muted); font-size: .9rem; }
li.sect { list-style: none; margin-left: -1rem; font-weight: 600; }
.vh { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
  white-space: nowrap; }
@media print { details > *:not(summary) { display: block; } tr { break-inside: avoid; } }
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


def _shown(edits: Iterable[Edit]) -> str:
    """Return the words of a wording with each slot shown as the consensus has it (one key for the sites
    that word a clause alike, whatever their names)."""
    return "".join(e.text for e in edits if e.op is not EditOp.INSERT or e.cls != "slot")


def _holders(m: Matrix, docs: list[int]) -> str:
    names = [_name(m.documents[d]) for d in docs[:HOLDERS_SHOWN]]
    more = len(docs) - len(names)
    return ", ".join(names) + (f" and {more} more" if more > 0 else "")


def _wordings(m: Matrix, g: ClauseGroup) -> list[str]:
    """Return a group's wordings other than the consensus, each with its redline and its holders."""
    found: dict[tuple[CellState, str], list[Cell]] = {}
    same = 0
    for cell in g.cells:
        if cell.state is CellState.SAME and not cell.edits:
            same += 1
            continue
        key = _shown(cell.edits) if cell.edits else cell.text or ""
        found.setdefault((cell.state, key), []).append(cell)
    missing = len(m.documents) - len(g.cells)
    out = [f"<details><summary>{len(found)} other wording{'s' if len(found) != 1 else ''}, "]
    out[0] += f"{same} exactly the consensus, {missing} without it</summary><ul>"
    for (state, _), cells in sorted(found.items(), key=lambda kv: (-len(kv[1]), kv[0][1], kv[0][0].value)):
        first = cells[0]
        redline = _html_edits(first.edits) if first.edits else _e(first.text or "")
        classes = (
            f' <span class="muted">{_e("; ".join(describe(k) for k in first.classes))}</span>'
            if first.classes
            else ""
        )
        out.append(
            f'<li><span class="badge s-{state.value}">{SYMBOLS[state]} {state.value}</span> '
            f'<span class="text">{redline}</span>{classes}<br><span class="muted">{len(cells)}: '
            f"{_e(_holders(m, [c.document for c in cells]))}</span></li>"
        )
    out.append("</ul></details>")
    return out


def _groups(m: Matrix) -> list[str]:
    wording = "baseline wording" if m.baseline is not None else "consensus"
    n_docs = len(m.documents)
    head = "".join(
        f'<th class="n" scope="col"><span class="badge s-{s.value}">{SYMBOLS[s]}</span> {s.value}</th>'
        for s in CellState
    )
    out = [
        '<div class="wrap">',
        '<table class="groups">',
        f'<thead><tr><th scope="col">group</th><th scope="col">{wording}</th>'
        f'<th class="n" scope="col">held</th>{head}</tr></thead>',
        "<tbody>",
    ]
    section: tuple[str, ...] | None = None
    width = 3 + len(CellState)
    for g in m.groups:
        if g.section != section:
            section = g.section
            label = " › ".join(g.section) or "(top level)"
            out.append(f'<tr class="section"><th colspan="{width}">{_e(label)}</th></tr>')
        counts = state_counts(m, g)
        master = ' <span class="muted">master</span>' if g.in_master else ""
        row = [
            f'<tr id="{_e(g.id)}"><td class="gid">{_e(g.id)}{master}</td>',
            f'<td class="consensus text">{_e(g.consensus)}</td>',
            f'<td class="n">{g.support}/{n_docs}</td>',
        ]
        for s in CellState:
            zero = " zero" if not counts[s] else ""
            row.append(f'<td class="n s-{s.value}{zero}">{counts[s]}</td>')
        out.append("".join(row) + "</tr>")
        if any(c.state is not CellState.SAME or c.edits for c in g.cells):
            wordings = "".join(_wordings(m, g))
            out.append(f'<tr class="wordings"><td></td><td colspan="{width - 1}">{wordings}</td></tr>')
    out += ["</tbody>", "</table>", "</div>"]
    return out


def _grid(m: Matrix) -> list[str]:
    """Return the grid of groups × documents, a symbol a cell (for a small family only)."""
    out = ["<h2>Grid</h2>", '<div class="wrap">', '<table class="grid">', "<thead><tr><th>group</th>"]
    out += [f'<th class="doc" scope="col" title="{_e(p.source)}">{_e(_name(p))}</th>' for p in m.documents]
    out.append("</tr></thead>")
    out.append("<tbody>")
    for g in m.groups:
        row = [f'<tr><td class="gid"><a href="#{_e(g.id)}">{_e(g.id)}</a></td>']
        for d, p in enumerate(m.documents):
            cell = g.cell(d)
            title = f"{_name(p)}: {cell.state.value}"
            row.append(
                f'<td class="st s-{cell.state.value}"><span title="{_e(title)}">{SYMBOLS[cell.state]}'
                f'<span class="vh"> {_e(cell.state.value)}</span></span></td>'
            )
        row.append("</tr>")
        out.append("".join(row))
    out += ["</tbody>", "</table>", "</div>"]
    return out


def _deviations(m: Matrix) -> list[str]:
    out = ["<h2>Deviations by document</h2>"]
    small = len(m.documents) <= GRID_DOCUMENTS
    for n, (p, devs) in enumerate(zip(m.documents, deviations(m), strict=True)):
        base = " (baseline)" if m.baseline == n else ""
        what = f"{len(devs)} deviation{'s' if len(devs) != 1 else ''}" if devs else "no deviations"
        out.append(
            f"<details><summary>{_e(_name(p))}{base} — {what} "
            f'<span class="muted">{_e(p.source)}</span></summary>'
        )
        if devs:
            out.append("<ul>")
            for g, cell in devs:
                text = ""
                if small and cell.text is not None:
                    text = f': <span class="text">{_e(cell.text)}</span>'
                classes = f" — {_e('; '.join(describe(k) for k in cell.classes))}" if cell.classes else ""
                out.append(
                    f'<li><span class="badge s-{cell.state.value}">{SYMBOLS[cell.state]} {cell.state.value}'
                    f'</span> <a href="#{_e(g.id)}">{_e(g.id)}</a>{text}{classes}</li>'
                )
            out.append("</ul>")
        out.append("</details>")
    return out


def _master(m: Matrix) -> list[str]:
    out = [
        "<h2>Proposed harmonised master</h2>",
        f'<p class="muted">Clause groups held by at least {m.min_support:.0%} of the documents, in the '
        "documents' order, with one title and no dated lines; <code>{organisation}</code> stands for "
        "each organisation's name.</p>",
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
    """Return the HTML report of a matrix: each group with its counts per state and its wordings in a
    `<details>`, a grid for a small family, each document's deviations, the master.

    No script; inline CSS allowed by its hash in a Content-Security-Policy that forbids the rest.
    """
    body = [
        "<h1>Policy matrix</h1>",
        f'<p class="muted">{len(m.documents)} documents, {len(m.groups)} clause groups, '
        f"{len(m.master)} in the proposed master.</p>",
        *_legend(),
        "<h2>Clause groups</h2>",
        *_groups(m),
        *(_grid(m) if len(m.documents) <= GRID_DOCUMENTS else []),
        *_deviations(m),
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
