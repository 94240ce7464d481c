"""HTML report of a comparison: one self-contained, printable page that a policy reviewer signs off."""

from __future__ import annotations

import base64
import functools
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from html import escape

from policydiff import __version__
from policydiff.model import Change, ChangeOp, Clause, Comparison, EditOp
from policydiff.renderers._redline import (
    CLASSES_TITLE,
    FORMATTING_TITLE,
    IGNORED,
    OP_TITLES,
    RENUMBERED_TITLE,
    Piece,
    Redline,
    all_warnings,
    class_lines,
    class_summary,
    cosmetic_kinds,
    formatting_lines,
    iter_redlines,
    moved_from,
    option_value,
    policy_name,
    relabel_text,
    score_text,
    shared_text,
)
from policydiff.renderers.json import metadata_object

# --- HTML ---

_CSS = """
:root { --ink: #1b1f24; --muted: #50575f; --rule: #d0d5db; --panel: #f5f7f9; --accent: #1f4e8c;
  --ins-bg: #dcf2e3; --ins-ink: #0b4a20; --del-bg: #fbe4e4; --del-ink: #8a1414;
  --slot-bg: #e6edfb; --slot-ink: #1c3d7a; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; color: var(--ink); background: #fff;
  font: 15px/1.55 "Segoe UI", "Helvetica Neue", "DejaVu Sans", Arial, sans-serif; }
.page { max-width: 72rem; margin: 0 auto; padding: 2rem 2rem 3rem; }
h1 { font-size: 1.7rem; line-height: 1.25; margin: 0 0 .25rem; }
h2 { font-size: 1.25rem; margin: 2.2rem 0 .75rem; padding-bottom: .3rem;
  border-bottom: 2px solid var(--ink); }
h3 { font-size: 1.02rem; margin: 1.4rem 0 .5rem; }
p { margin: .4rem 0; }
a { color: var(--accent); }
a:focus-visible, summary:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
code, .mono { font-family: "DejaVu Sans Mono", Consolas, "Liberation Mono", monospace; font-size: .88em; }
.subtitle { color: var(--muted); margin: 0 0 1.2rem; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: .4rem .6rem; border-bottom: 1px solid var(--rule); }
thead th { border-bottom: 2px solid var(--ink); font-size: .85rem; text-transform: uppercase;
  letter-spacing: .03em; }
tbody th { font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.docs th[scope=row] { width: 9rem; color: var(--muted); font-weight: 600; }
.docs td { width: 45%; }
.hash { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: .8em; word-break: break-all; }
.grid { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 2fr); gap: 2rem; }
.counts tfoot th, .counts tfoot td { border-top: 2px solid var(--ink); border-bottom: 0; font-weight: 700; }
.counts td.meaning { color: var(--muted); font-size: .9rem; }
.none { color: var(--muted); font-style: italic; }
.badge { display: inline-block; padding: .05rem .5rem; border-radius: 999px; font-size: .78rem;
  font-weight: 700; letter-spacing: .02em; text-transform: uppercase; border: 1px solid currentColor;
  white-space: nowrap; }
.vh { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
  white-space: nowrap; }
.op-unchanged { color: #454c54; background: #eef0f2; }
.op-reworded { color: #6b4200; background: #fff3d6; }
.op-moved { color: #55247f; background: #f2e9fb; }
.op-split, .op-merged { color: #0a5160; background: #e0f2f5; }
.op-added { color: #0b4a20; background: #dcf2e3; }
.op-removed { color: #8a1414; background: #fbe4e4; }
.text { font-family: "Iowan Old Style", Charter, Georgia, "DejaVu Serif", serif; font-size: 1rem;
  line-height: 1.6; white-space: pre-wrap; overflow-wrap: anywhere; }
ins, del { text-decoration-thickness: 1px; text-underline-offset: .18em; border-radius: 2px;
  padding: 0 .08em; -webkit-box-decoration-break: clone; box-decoration-break: clone; }
ins { background: var(--ins-bg); color: var(--ins-ink); text-decoration-line: underline; }
del { background: var(--del-bg); color: var(--del-ink); text-decoration-line: line-through; }
ins.slot, del.slot { background: var(--slot-bg); color: var(--slot-ink); outline: 1px dotted var(--slot-ink);
  outline-offset: -1px; text-decoration-style: dotted; }
ins.cosmetic, del.cosmetic { background: transparent; color: var(--muted); text-decoration-style: dotted; }
.brk { color: var(--muted); font-family: "DejaVu Sans", sans-serif; font-size: .85em; }
.legend { display: flex; flex-wrap: wrap; gap: .4rem 1.2rem; align-items: center; margin: .2rem 0 1rem;
  font-size: .9rem; color: var(--muted); }
.legend .text { white-space: normal; font-size: .95rem; }
.toggle { position: absolute; opacity: 0; width: 1px; height: 1px; }
.switch { display: inline-block; padding: .3rem .9rem; border: 1px solid var(--accent); color: var(--accent);
  cursor: pointer; font-size: .9rem; font-weight: 600; user-select: none; }
.switch-first { border-radius: 6px 0 0 6px; }
.switch-last { border-radius: 0 6px 6px 0; margin-left: -1px; }
.toggle:checked + .switch { background: var(--accent); color: #fff; }
.toggle:focus-visible + .switch { outline: 3px solid var(--accent); outline-offset: 2px; }
#view-sbs:checked ~ .changes .v-inline { display: none; }
#view-inline:checked ~ .changes .v-sbs { display: none; }
.view-label { font-size: .9rem; font-weight: 600; margin-right: .5rem; }
.change { border: 1px solid var(--rule); border-left: 5px solid #9aa3ad; border-radius: 6px;
  padding: .75rem 1rem .85rem; margin: 0 0 1rem; break-inside: avoid; }
.change-reworded { border-left-color: #b7791f; }
.change-moved { border-left-color: #7c3aad; }
.change-split, .change-merged { border-left-color: #177e91; }
.change-added { border-left-color: #1e7b3c; }
.change-removed { border-left-color: #b42323; }
.change-head { display: flex; flex-wrap: wrap; align-items: baseline; gap: .3rem .9rem; }
.change-head h3 { margin: 0; font-size: 1.05rem; }
.change-head h3 a { color: var(--ink); text-decoration: none; }
.change-head .match { margin-left: auto; color: var(--muted); font-size: .88rem; }
.where { color: var(--muted); font-size: .9rem; margin: .15rem 0 .5rem; }
.where .section { color: var(--ink); font-weight: 600; }
.cid { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: .85em; }
.note { font-size: .9rem; color: var(--muted); border-top: 1px dashed var(--rule); margin-top: .6rem;
  padding-top: .4rem; }
.note ul { margin: .2rem 0 0; padding-left: 1.2rem; }
.classes { margin: .4rem 0; padding: 0; list-style: none; display: flex; flex-wrap: wrap; gap: .3rem; }
.classes li { font: .85rem "DejaVu Sans", sans-serif; border: 1px solid var(--rule); border-radius: .3rem;
  padding: .05rem .45rem; }
.relabel, .shared { color: var(--muted); font-size: .88rem; font-family: "DejaVu Sans", sans-serif; }
ul.details { margin: .6rem 0 0; padding-left: 1.2rem; font-size: .92rem; }
.sbs { table-layout: fixed; }
.sbs th { width: 50%; font-size: .82rem; color: var(--muted); border-bottom: 1px solid var(--rule);
  text-transform: none; letter-spacing: 0; font-weight: 600; }
.sbs td { border-bottom: 0; padding-top: .5rem; }
.sbs td + td, .sbs th + th { border-left: 1px solid var(--rule); }
.clause + .clause { margin-top: .6rem; padding-top: .6rem; border-top: 1px dotted var(--rule); }
.tag { display: block; color: var(--muted); font: .78rem "DejaVu Sans Mono", Consolas, monospace; }
.label { color: var(--muted); margin-right: .35em; }
.empty { color: var(--muted); font-style: italic; font-size: .9rem; }
details.run { border: 1px solid var(--rule); border-radius: 6px; margin: 0 0 1rem; background: var(--panel); }
details.run > summary { cursor: pointer; padding: .55rem 1rem; color: var(--muted); font-size: .92rem; }
details.run > summary strong { color: var(--ink); }
details.run[open] > summary { border-bottom: 1px solid var(--rule); }
details.run table { background: #fff; font-size: .92rem; }
details.run td.text { font-size: .95rem; }
.ghost { border: 1px dashed #7c3aad; color: #55247f; border-radius: 6px; padding: .4rem 1rem;
  margin: 0 0 1rem; font-size: .9rem; background: #fff; }
.index td, .index th { font-size: .92rem; }
.signoff td { height: 2.6rem; }
.signoff th[scope=row] { width: 12rem; }
footer { margin-top: 2.5rem; font-size: .9rem; }
footer th[scope=row] { width: 9rem; color: var(--muted); }
@media (max-width: 48rem) { .grid { grid-template-columns: 1fr; } .page { padding: 1rem; } }
@media print {
  @page { margin: 16mm 14mm; }
  body { font-size: 10pt; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .page { max-width: none; padding: 0; }
  .toggle, .switch, .view-label { display: none; }
  .change, .ghost, tr, details.run { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  a { color: inherit; text-decoration: none; }
  .cid { text-decoration: underline dotted; }
  details.run > summary { list-style: none; }
}
""".strip()

_CSP = "default-src 'none'; style-src '{}'; base-uri 'none'; form-action 'none'"


def _e(text: str) -> str:
    # Most texts hold none of the five characters: looking for them is faster than escape's five replaces.
    if "&" in text or "<" in text or ">" in text or '"' in text or "'" in text:
        return escape(text, quote=True)
    return text


def _html_piece(piece: Piece) -> str:
    if piece.is_break:
        inner = '<span class="brk" title="clause boundary">¶</span>\n'
    else:
        inner = _e(piece.text)
    if piece.op is EditOp.EQUAL:
        return inner
    tag = "ins" if piece.op is EditOp.INSERT else "del"
    cls = f' class="{_e(piece.cls)}"' if piece.cls else ""
    return f"<{tag}{cls}>{inner}</{tag}>"


def _html_pieces(pieces: Iterable[Piece]) -> str:
    return "".join([_html_piece(p) for p in pieces])


def _cid(side: str, clause_id: str) -> str:
    """Return a clause id as the clause's anchor, which is also a link to itself."""
    anchor = _e(f"{side}-{clause_id}")
    return f'<a class="cid" id="{anchor}" href="#{anchor}">{_e(f"{side} {clause_id}")}</a>'


def _cids(side: str, ids: Sequence[str]) -> str:
    return ", ".join([_cid(side, i) for i in ids]) if ids else '<span class="none">none</span>'


@functools.lru_cache(maxsize=1024)
def _section(path: tuple[str, ...]) -> str:
    """Return a section path; cached, as the clauses of one section share it."""
    if not path:
        return '<span class="section">(top level)</span>'
    return '<span class="section">' + " › ".join(_e(p) for p in path) + "</span>"


def _label(clause: Clause) -> str:
    return f'<span class="label">{_e(clause.label)}</span>' if clause.label else ""


_BADGES = {op: f'<span class="badge op-{op.value}">{OP_TITLES[op]}</span>' for op in ChangeOp}


def _badge(op: ChangeOp) -> str:
    return _BADGES[op]


def _pairing(change: Change) -> str:
    text = score_text(change)
    return text if change.op in (ChangeOp.ADDED, ChangeOp.REMOVED) else f"paired by {text}"


def _change_link(number: int) -> str:
    return f'<a href="#change-{number}">change {number}</a>'


def _documents(comparison: Comparison, date: str | None) -> list[str]:
    left, right = comparison.left, comparison.right
    lmeta, rmeta = metadata_object(left), metadata_object(right)
    keys = [k for k in dict.fromkeys((*lmeta, *rmeta)) if k not in ("header", "footer")]
    rows = [
        ("Title", _e(left.title or "—"), _e(right.title or "—")),
        ("Organisation", _e(left.organisation or "—"), _e(right.organisation or "—")),
        ("File", f"<code>{_e(left.source)}</code>", f"<code>{_e(right.source)}</code>"),
        ("Format", _e(left.format), _e(right.format)),
        ("Clauses", str(len(left.clauses)), str(len(right.clauses))),
    ]
    rows += [(k.capitalize(), _e(lmeta.get(k, "—")), _e(rmeta.get(k, "—"))) for k in keys]
    out = [
        "<header>",
        "<h1>Policy comparison</h1>",
        f'<p class="subtitle">{_e(policy_name(left))} → {_e(policy_name(right))}'
        + (f" · report date {_e(date)}" if date else "")
        + "</p>",
        '<table class="docs">',
        '<caption class="vh">The two documents compared</caption>',
        '<thead><tr><td></td><th scope="col">Left (older / master)</th>'
        '<th scope="col">Right (newer / site)</th></tr></thead>',
        "<tbody>",
    ]
    out += [f'<tr><th scope="row">{_e(n)}</th><td>{lv}</td><td>{rv}</td></tr>' for n, lv, rv in rows]
    out += ["</tbody>", "</table>", "</header>"]
    return out


@dataclass(slots=True)
class _Tally:
    """What the summary says of the redlines, gathered while `_changes` renders them one at a time.

    Only text and numbers are kept, no redline: holding thousands of them (and their pieces) makes the
    garbage collector walk them over and over.
    """

    count: int = 0
    index: list[str] = field(default_factory=list)
    """The change list's rows: one per line that is not unchanged."""
    cosmetic: dict[str, int] = field(default_factory=lambda: cosmetic_kinds(()))
    relabelled: int = 0
    formatting: int = 0
    formatting_only: int = 0
    """Changes of formatting or links alone: the same words on both sides."""

    def add(self, line: Redline) -> None:
        self.count += 1
        if line.op is not ChangeOp.UNCHANGED:
            self.index.append(_index_row(line))
        if line.has_cosmetic:
            for kind, count in cosmetic_kinds((line,)).items():
                self.cosmetic[kind] += count
        self.relabelled += line.is_relabelled
        if line.change.formatting:
            self.formatting += 1
            self.formatting_only += line.change.same_words


def _index_row(line: Redline) -> str:
    lids = ", ".join(f'<a href="#L-{_e(i)}">{_e(i)}</a>' for i in line.change.left) or "—"
    rids = ", ".join(f'<a href="#R-{_e(i)}">{_e(i)}</a>' for i in line.change.right) or "—"
    return (
        f'<tr><th scope="row" class="num"><a href="#change-{line.number}">{line.number}</a></th>'
        f"<td>{_badge(line.op)}</td><td>{_section(line.section)}</td>"
        f'<td class="cid">{lids}</td><td class="cid">{rids}</td>'
        f"<td>{_why(line.change)}</td></tr>"
    )


def _why(change: Change) -> str:
    """Return how a change was paired, with the shared words that back a pairing when known."""
    shared = shared_text(change)
    out = _e(score_text(change))
    return out + (f'<br><span class="shared">{_e(shared)}</span>' if shared else "")


def _summary(comparison: Comparison, tally: _Tally) -> list[str]:
    stats = comparison.stats()
    out = ['<section id="summary" aria-labelledby="summary-h">', '<h2 id="summary-h">Summary</h2>']
    out += ['<div class="grid">', "<div>", '<table class="counts" id="counts">']
    out += ['<caption class="vh">Changes by kind</caption>']
    out += [
        '<thead><tr><th scope="col">Kind</th><th scope="col" class="num">Count</th></tr></thead>',
        "<tbody>",
    ]
    for op in ChangeOp:
        out.append(
            f'<tr data-op="{op.value}"><th scope="row">{_badge(op)}</th>'
            f'<td class="num">{stats[op.value]}</td></tr>'
        )
    total = sum(stats.values())
    out += ["</tbody>", f'<tfoot><tr><th scope="row">Total</th><td class="num">{total}</td></tr></tfoot>']
    out += ["</table>"]
    only = f" ({tally.formatting_only} with the same words)" if tally.formatting_only else ""
    out += [
        '<ul class="details">',
        f'<li>{FORMATTING_TITLE}: <strong id="formatting-count">{tally.formatting}</strong>{only}</li>',
        f"<li>{RENUMBERED_TITLE} (cosmetic, not counted as changes): "
        f'<strong id="renumbered-count">{tally.relabelled}</strong> clauses</li>',
        f'<li>{CLASSES_TITLE}: <strong id="classes-summary">'
        f"{_e(class_summary(comparison) or 'none')}</strong></li>",
        "</ul>",
    ]
    out += ["</div>", "<div>"]

    out += ['<h3 id="slots">Organisation-name slots</h3>']
    if comparison.slots:
        out += ['<table class="slots">', "<thead><tr>"]
        out += [
            '<th scope="col">Left</th><th scope="col">Right</th><th scope="col" class="num">Occurrences</th>'
        ]
        out += ['<th scope="col">Found by</th></tr></thead>', "<tbody>"]
        for slot in comparison.slots:
            out.append(
                f'<tr><td><del class="slot">{_e(slot.left)}</del></td><td><ins class="slot">{_e(slot.right)}'
                f'</ins></td><td class="num">{slot.count}</td><td>{_e(slot.source)}</td></tr>'
            )
        out += ["</tbody>", "</table>"]
        out.append(
            "<p>Slot substitutions are shown with a dotted outline and are not substantive changes.</p>"
        )
    else:
        out.append('<p class="none">No organisation-name slots were used.</p>')

    kinds = tally.cosmetic
    shown = sum(kinds.values())
    detail = ", ".join(f"{k} {v}" for k, v in kinds.items() if v)
    out += ['<h3 id="ignored">Ignored by normalisation</h3>']
    out.append("<p>These differences never make a change on their own: " + ", ".join(IGNORED) + ".</p>")
    out += ["<ul>", f'<li>Cosmetic differences shown muted: <strong id="cosmetic-count">{shown}</strong>']
    out[-1] += (f" ({_e(detail)})" if detail else "") + "</li>"
    out += [
        f"<li>Paired clauses whose list label differs (renumbered): <strong>{tally.relabelled}</strong></li>",
        "</ul>",
    ]

    out += ['<h3 id="warnings">Warnings</h3>']
    warnings = all_warnings(comparison)
    if warnings:
        out += ['<ul class="warnings">']
        for w in warnings:
            where = f"<code>{_e(w.path)}</code>: " if w.path else ""
            out.append(f'<li>{where}{_e(w.message)} <span class="none">({_e(w.code)})</span></li>')
        out.append("</ul>")
    else:
        out.append('<p class="none">No warnings.</p>')
    out += ["</div>", "</div>"]

    out += ['<h3 id="index">Change list</h3>']
    rows = tally.index
    unchanged = tally.count - len(rows)
    out.append(
        f"<p>{len(rows)} changes, in the right-hand document's order; the {unchanged} unchanged clauses "
        "are numbered too and listed collapsed below. Cite a change by its number.</p>"
    )
    if rows:
        out += ['<table class="index">', "<thead><tr>"]
        out += ['<th scope="col" class="num">No.</th><th scope="col">Kind</th><th scope="col">Section</th>']
        out += ['<th scope="col">Left</th><th scope="col">Right</th><th scope="col">Paired by</th>']
        out += ["</tr></thead>", "<tbody>"]
        out += rows
        out += ["</tbody>", "</table>"]
    out.append("</section>")
    return out


def _side_cell(line: Redline, side: str) -> str:
    clauses = line.left if side == "left" else line.right
    groups = line.side(side)
    if not clauses:
        return '<td><p class="empty">(none)</p></td>'
    prefix = "L" if side == "left" else "R"
    parts = []
    for clause, pieces in zip(clauses, groups, strict=False):
        tag = f'<span class="tag">{prefix} {_e(clause.id)}</span>' if len(clauses) > 1 else ""
        parts.append(
            f'<div class="clause">{tag}<p class="text">{_label(clause)}{_html_pieces(pieces)}</p></div>'
        )
    return "<td>" + "".join(parts) + "</td>"


def _change(comparison: Comparison, line: Redline, was_after: int | None) -> list[str]:
    change = line.change
    n = line.number
    out = [
        f'<article class="change change-{change.op.value}" id="change-{n}" aria-labelledby="change-{n}-h">',
        '<div class="change-head">',
        f'<h3 id="change-{n}-h"><a href="#change-{n}">Change {n}</a></h3>',
        _badge(change.op),
        f'<span class="match">{_e(_pairing(change))}'
        + (f" · {_e(shared_text(change))}" if change.shared else "")
        + "</span>",
        "</div>",
        f'<p class="where">{_section(line.section)} · {_cids("L", change.left)} → '
        f"{_cids('R', change.right)}</p>",
    ]
    if change.classes:
        items = "".join(f"<li>{_e(text)}</li>" for text in class_lines(change))
        out.append(f'<ul class="classes" aria-label="{CLASSES_TITLE}">{items}</ul>')
    labels = "".join(_label(c) for c in line.right[:1] or line.left[:1])
    out.append(f'<div class="v-inline"><p class="text">{labels}{_html_pieces(line.pieces)}</p></div>')
    out += ['<table class="sbs v-sbs">']
    out.append(
        f'<thead><tr><th scope="col">Left · <code>{_e(comparison.left.source)}</code></th>'
        f'<th scope="col">Right · <code>{_e(comparison.right.source)}</code></th></tr></thead>'
    )
    out += [f"<tbody><tr>{_side_cell(line, 'left')}{_side_cell(line, 'right')}</tr></tbody>", "</table>"]
    notes = []
    words = "the words changed too" if change.reworded else "the words did not change"
    if change.op is ChangeOp.MOVED and was_after is not None:
        where = "was the first clause" if was_after == 0 else f"came after {_change_link(was_after)}"
        notes.append(f'Moved: on the left it {where} (<a href="#moved-from-{n}">old position</a>); {words}.')
    elif change.op is ChangeOp.SPLIT:
        notes.append(f"Split: one left clause became {len(change.right)} right clauses; {words}.")
    elif change.op is ChangeOp.MERGED:
        notes.append(f"Merged: {len(change.left)} left clauses became one right clause; {words}.")
    slots, cosmetic = line.marked("slot"), line.marked("cosmetic")
    if slots or cosmetic:
        notes.append(f"Slot substitutions: {slots}; cosmetic differences: {cosmetic}.")
    if change.formatting:
        items = "".join(f"<li>{_e(text)}</li>" for text in formatting_lines(change))
        same = " (the words are the same)" if change.same_words else ""
        notes.append(f'Formatting or links changed{same}:<ul class="formatting">{items}</ul>')
    if change.label is not None:
        notes.append(
            f'<span class="relabel">{_e(relabel_text(change.label).capitalize())}</span> (cosmetic).'
        )
    if not line.exact:
        notes.append("The word-level edits did not rebuild the clause texts, so whole texts are shown.")
    out += [f'<div class="note">{note}</div>' for note in notes]
    out.append("</article>")
    return out


def _unchanged_run(run: Sequence[Redline]) -> list[str]:
    first, last = run[0].number, run[-1].number
    numbers = f"change {first}" if first == last else f"changes {first}–{last}"
    count = f"{len(run)} unchanged clause" + ("s" if len(run) > 1 else "")
    out = [
        '<details class="run">',
        f"<summary><strong>{count}</strong> · {numbers}</summary>",
        '<table class="unchanged">',
        '<thead><tr><th scope="col" class="num">No.</th><th scope="col">Left</th><th scope="col">Right</th>'
        '<th scope="col">Section</th><th scope="col">Text</th><th scope="col">Paired by</th></tr></thead>',
        "<tbody>",
    ]
    for line in run:
        c = line.change
        labels = _label(line.right[0]) if line.right else ""
        out.append(
            f'<tr id="change-{line.number}"><th scope="row" class="num">'
            f'<a href="#change-{line.number}">{line.number}</a></th>'
            f"<td>{_cids('L', c.left)}</td><td>{_cids('R', c.right)}</td><td>{_section(line.section)}</td>"
            f'<td class="text">{labels}{_html_pieces(line.pieces)}{_relabel_note(c)}</td>'
            f"<td>{_why(c)}</td></tr>"
        )
    out += ["</tbody>", "</table>", "</details>"]
    return out


def _relabel_note(change: Change) -> str:
    if change.label is None:
        return ""
    return f' <span class="relabel">({_e(relabel_text(change.label))}, cosmetic)</span>'


def _ghost(number: int, change: Change) -> str:
    ids = ", ".join(_e(i) for i in change.left)
    return (
        f'<p class="ghost" id="moved-from-{number}">Left clause {ids} stood here: '
        f"moved to {_change_link(number)}.</p>"
    )


def _changes(comparison: Comparison, lines: Iterable[Redline], tally: _Tally) -> list[str]:
    """Return the changes section, rendering `lines` as they come and adding each to `tally`.

    The redlines are not all held at once: with 50,000 of them, holding them makes the garbage
    collector walk them over and over.
    """
    moves = moved_from(comparison)
    ghosts_after: dict[int, list[tuple[int, Change]]] = {}
    for number, change in enumerate(comparison.changes, 1):
        if number in moves:
            ghosts_after.setdefault(moves[number], []).append((number, change))
    out = [
        '<section id="changes" aria-labelledby="changes-h">',
        '<h2 id="changes-h">Changes</h2>',
        '<div class="legend"><span>Key:</span><span class="text"><ins>inserted</ins></span>'
        '<span class="text"><del>deleted</del></span><span class="text"><ins class="slot">slot</ins> '
        '(organisation name)</span><span class="text"><del class="cosmetic">cosmetic</del> (ignored)</span>'
        '<span class="text"><span class="brk">¶</span> clause boundary</span></div>',
        '<span class="view-label" id="view-h">View:</span>',
        '<input class="toggle" type="radio" name="view" id="view-inline" checked aria-describedby="view-h">',
        '<label class="switch switch-first" for="view-inline">Inline</label>',
        '<input class="toggle" type="radio" name="view" id="view-sbs" aria-describedby="view-h">',
        '<label class="switch switch-last" for="view-sbs">Side by side</label>',
        '<div class="changes">',
    ]
    out += [_ghost(*g) for g in ghosts_after.get(0, [])]
    run: list[Redline] = []
    for line in lines:
        tally.add(line)
        if line.op is ChangeOp.UNCHANGED:
            run.append(line)
        else:
            if run:
                out += _unchanged_run(run)
                run = []
            out += _change(comparison, line, moves.get(line.number))
        if line.number in ghosts_after:
            if run:
                out += _unchanged_run(run)
                run = []
            out += [_ghost(*g) for g in ghosts_after[line.number]]
    if run:
        out += _unchanged_run(run)
    out += ["</div>", "</section>"]
    return out


def _orphans(comparison: Comparison) -> list[str]:
    """Return anchors for clauses that are in no change (an alignment bug, shown rather than hidden)."""
    used_left = {i for c in comparison.changes for i in c.left}
    used_right = {i for c in comparison.changes for i in c.right}
    rows = [("L", c) for c in comparison.left.clauses if c.id not in used_left]
    rows += [("R", c) for c in comparison.right.clauses if c.id not in used_right]
    if not rows:
        return []
    out = [
        '<section id="orphans" aria-labelledby="orphans-h">',
        '<h2 id="orphans-h">Clauses in no change</h2>',
    ]
    out += ["<p>The comparison did not place these clauses in any change.</p>", "<ul>"]
    out += [f'<li>{_cid(side, c.id)} <span class="text">{_e(c.text)}</span></li>' for side, c in rows]
    out += ["</ul>", "</section>"]
    return out


def _footer(comparison: Comparison, date: str | None) -> list[str]:
    options = (
        "<br>".join(f"<code>{_e(k)} = {_e(option_value(v))}</code>" for k, v in comparison.options)
        or '<span class="none">defaults</span>'
    )
    out = [
        '<section id="sign-off" aria-labelledby="sign-off-h">',
        '<h2 id="sign-off-h">Sign-off</h2>',
        '<table class="signoff"><tbody>',
        '<tr><th scope="row">Reviewed by</th><td></td></tr>',
        '<tr><th scope="row">Signature</th><td></td></tr>',
        '<tr><th scope="row">Date</th><td></td></tr>',
        '<tr><th scope="row">Changes queried</th><td></td></tr>',
        "</tbody></table>",
        "</section>",
        '<footer id="provenance" aria-labelledby="provenance-h">',
        '<h2 id="provenance-h">Provenance</h2>',
        '<table class="provenance"><tbody>',
        f'<tr><th scope="row">Tool</th><td>policydiff {_e(__version__)}</td></tr>',
        f'<tr><th scope="row">Options</th><td>{options}</td></tr>',
    ]
    for name, policy in (("Left input", comparison.left), ("Right input", comparison.right)):
        out.append(
            f'<tr><th scope="row">{name}</th><td><code>{_e(policy.source)}</code><br>'
            f'sha-256 <span class="hash">{_e(policy.sha256)}</span></td></tr>'
        )
    if date is not None:
        out.append(f'<tr><th scope="row">Date</th><td>{_e(date)}</td></tr>')
    out += ["</tbody></table>", "</footer>"]
    return out


def page(*, title: str, css: str, body: Sequence[str]) -> bytes:
    """Return a self-contained HTML page: inline CSS allowed by its hash, everything else forbidden."""
    style_hash = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode("ascii")
    csp = _CSP.format(f"sha256-{style_hash}")
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_e(csp)}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="policydiff {_e(__version__)}">',
        f"<title>{_e(title)}</title>",
        f"<style>{css}</style>",
        "</head>",
        "<body>",
        '<div class="page">',
        *body,
        "</div>",
        "</body>",
        "</html>",
        "",  # the final newline, without copying the joined page to add it
    ]
    return "\n".join(out).encode("utf-8")


def render_comparison(comparison: Comparison, *, date: str | None = None) -> bytes:
    """Return the HTML report of a comparison: summary, numbered changes, inline and side-by-side views.

    The page fetches nothing (inline CSS, no script, a Content-Security-Policy that forbids the rest),
    and the same comparison and `date` give the same bytes.
    """
    tally = _Tally()
    changes = _changes(comparison, iter_redlines(comparison), tally)  # first: the summary needs the tally
    title = f"Policy comparison: {policy_name(comparison.left)} → {policy_name(comparison.right)}"
    body = [
        *_documents(comparison, date),
        "<main>",
        *_summary(comparison, tally),
        *changes,
        *_orphans(comparison),
        "</main>",
        *_footer(comparison, date),
    ]
    return page(title=title, css=_CSS, body=body)
