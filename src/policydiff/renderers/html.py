"""HTML report of a comparison: one self-contained, printable page that a policy reviewer signs off.

The page is written as a stream of string chunks from constant templates, joined once: linear in the
changes. It fits a 360 px screen and prints on A4 and Letter without splitting a change or the
sign-off block; changes are marked by more than colour (`<ins>`/`<del>`, class symbols, a legend).
"""

from __future__ import annotations

import binascii
import functools
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from operator import attrgetter
from typing import cast

from policydiff import __version__
from policydiff._digest import sha256
from policydiff._values import dataclass, field
from policydiff.model import Change, ChangeOp, Clause, Comparison, Edit, EditOp, UnchangedRun, clause_column
from policydiff.renderers._redline import (
    CLASSES_TITLE,
    FORMATTING_TITLE,
    IGNORED,
    OP_TITLES,
    RENUMBERED_TITLE,
    Piece,
    all_warnings,
    class_lines,
    class_summary,
    class_summary_of,
    cosmetic_counts,
    cosmetic_kinds,
    effective_edits,
    formatting_lines,
    metadata_object,
    moved_from,
    option_value,
    policy_name,
    redline_with,
    relabel_text,
)
from policydiff.renderers._signoff import (
    CLASS_MEANINGS,
    CLASS_SYMBOLS,
    CLASS_TITLES,
    Context,
    Row,
    SignoffClass,
    SignoffList,
    class_counts,
    edit_runs,
    pair_notes,
    shown_runs,
    signoff_list,
    why_paired,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from policydiff.renderers._redline import Marked

# Enum members as module constants: `EditOp.EQUAL` goes through the enum metaclass's attribute hook
# (about half a microsecond), a global is a dict lookup; these are read in loops over edits and clauses.
_EQUAL = EditOp.EQUAL
_INSERT = EditOp.INSERT
_UNCHANGED = ChangeOp.UNCHANGED
_MOVED = ChangeOp.MOVED
_REWORDED = ChangeOp.REWORDED
_SPLIT = ChangeOp.SPLIT
_MERGED = ChangeOp.MERGED
_ADDED = ChangeOp.ADDED
_REMOVED = ChangeOp.REMOVED


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
code, .mono { font-family: "DejaVu Sans Mono", Consolas, "Liberation Mono", monospace; font-size: .88em;
  overflow-wrap: anywhere; }
.subtitle { color: var(--muted); margin: 0 0 1.2rem; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: .4rem .6rem; border-bottom: 1px solid var(--rule);
  overflow-wrap: break-word; }
thead th { border-bottom: 2px solid var(--ink); font-size: .85rem; text-transform: uppercase;
  letter-spacing: .03em; overflow-wrap: normal; }
tbody th { font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.docs th[scope=row] { width: 9rem; color: var(--muted); font-weight: 600; }
.docs tbody td { width: 45%; }
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
.cls { display: inline-block; padding: .05rem .45rem; border-radius: .3rem; font-size: .8rem;
  font-weight: 700; border: 1px solid currentColor; white-space: nowrap; }
.cls .sym { font-family: "DejaVu Sans Mono", Consolas, monospace; margin-right: .3em; }
.cls-substantive { color: #8a1414; background: #fdf0f0; }
.cls-formatting { color: #6b4200; background: #fff6e0; }
.cls-slot { color: var(--slot-ink); background: var(--slot-bg); border-style: dotted; }
.cls-cosmetic { color: var(--muted); background: #f3f4f6; border-style: dashed; font-weight: 600; }
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
  padding: .75rem 1rem .85rem; margin: 0 0 1rem; break-inside: avoid; page-break-inside: avoid; }
.change-reworded { border-left-color: #b7791f; }
.change-moved { border-left-color: #7c3aad; }
.change-split, .change-merged { border-left-color: #177e91; }
.change-added { border-left-color: #1e7b3c; }
.change-removed { border-left-color: #b42323; }
.change-head { display: flex; flex-wrap: wrap; align-items: baseline; gap: .3rem .9rem; }
.change-head h3 { margin: 0; font-size: 1.05rem; }
.change-head h3 a { color: var(--ink); text-decoration: none; }
.change-head .match { margin-left: auto; color: var(--muted); font-size: .88rem; }
.ref { font-weight: 600; overflow-wrap: anywhere; }
.was, .words { color: var(--muted); font-size: .9rem; }
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
ul.in-list { margin: .3rem 0; padding-left: 1.4rem; }
ul.in-list > li { margin: .15rem 0; }
li.context { color: var(--muted); }
.ctx { font: .72rem "DejaVu Sans", sans-serif; border: 1px dashed var(--muted); border-radius: .25rem;
  padding: 0 .3rem; margin-left: .4rem; white-space: nowrap; }
details.why { margin-top: .5rem; font-size: .9rem; color: var(--muted); }
details.why > summary { cursor: pointer; }
details.why p { margin: .25rem 0 0 1rem; }
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
.index .what { font-size: .88rem; }
.signoff td { height: 2.6rem; }
.signoff th[scope=row] { width: 12rem; }
#sign-off { break-inside: avoid; page-break-inside: avoid; }
footer { margin-top: 2.5rem; font-size: .9rem; }
footer th[scope=row] { width: 9rem; color: var(--muted); }
@media (max-width: 48rem) { .grid { grid-template-columns: minmax(0, 1fr); } .page { padding: 1rem; } }
@media (max-width: 40rem) {
  .page { padding: .75rem; }
  h1 { font-size: 1.35rem; }
  .docs th[scope=row], .signoff th[scope=row], footer th[scope=row] { width: 6.5rem; }
  .docs tbody td { width: auto; }
  .what, .ref, .index td { overflow-wrap: anywhere; }
  .index thead, .unchanged thead { position: absolute; width: 1px; height: 1px; overflow: hidden;
    clip: rect(0 0 0 0); }
  .index, .index tbody, .index tr, .index th, .index td,
  .unchanged, .unchanged tbody, .unchanged tr, .unchanged td,
  .sbs, .sbs thead, .sbs tbody, .sbs tr, .sbs th, .sbs td { display: block; width: auto; }
  .index tr, .unchanged tr { border-bottom: 1px solid var(--rule); padding: .3rem 0; }
  .index th, .index td, .unchanged td { border: 0; padding: .1rem .3rem; text-align: left; }
  .index th, .index td:nth-child(2), .index td:nth-child(3) { display: inline-block; }
  .sbs td + td, .sbs th + th { border-left: 0; border-top: 1px solid var(--rule); }
  .change { padding: .6rem .7rem .7rem; }
  .change-head .match { margin-left: 0; }
  th, td { padding: .3rem .35rem; }
  thead th { letter-spacing: 0; font-size: .75rem; }
  .cls, .badge { white-space: normal; }
}
@media print {
  @page { margin: 14mm 12mm; }
  body { font-size: 10pt; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .page { max-width: none; padding: 0; }
  .toggle, .switch, .view-label { display: none; }
  .change, .ghost, tr, details.run, #sign-off, .legend { break-inside: avoid; page-break-inside: avoid; }
  #sign-off { break-before: page; }
  h2, h3 { break-after: avoid; }
  a { color: inherit; text-decoration: none; }
  .cid { text-decoration: underline dotted; }
  details > summary { list-style: none; }
}
""".strip()

_CSP = "default-src 'none'; style-src '{}'; base-uri 'none'; form-action 'none'"


def escape(text: str) -> str:
    """Return `html.escape(text, quote=True)`: the module `html` imports `html.entities` (about 2 ms)."""
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#x27;")
    )


def _e(text: str) -> str:
    # Most texts hold none of the five characters: looking for them is faster than escape's five replaces.
    if "&" in text or "<" in text or ">" in text or '"' in text or "'" in text:
        return escape(text)
    return text


def _base64(data: bytes) -> str:
    """Return `base64.b64encode(data).decode()` through binascii, the C codec `base64` wraps (the module
    `base64` also imports `struct` and `re`)."""
    return binascii.b2a_base64(data, newline=False).decode("ascii")


_BREAK = '<span class="brk" title="clause boundary">¶</span>\n'
_OPEN = {
    (EditOp.INSERT, None): "<ins>",
    (EditOp.DELETE, None): "<del>",
    (EditOp.INSERT, "slot"): '<ins class="slot">',
    (EditOp.DELETE, "slot"): '<del class="slot">',
    (EditOp.INSERT, "cosmetic"): '<ins class="cosmetic">',
    (EditOp.DELETE, "cosmetic"): '<del class="cosmetic">',
}


def _html_piece(piece: Piece) -> str:
    inner = _BREAK if piece.is_break else _e(piece.text)
    if piece.op is _EQUAL:
        return inner
    tag = "ins" if piece.op is _INSERT else "del"
    start = _OPEN.get((piece.op, piece.cls)) or f'<{tag} class="{_e(piece.cls or "")}">'
    return f"{start}{inner}</{tag}>"


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
_CLASS_BADGES = {
    cls: f'<span class="cls cls-{cls.value}"><span class="sym" aria-hidden="true">{CLASS_SYMBOLS[cls]}</span>'
    f"{CLASS_TITLES[cls]}</span>"
    for cls in SignoffClass
}


_KIND_HTML = {
    op: {
        cls: (
            f'<article class="change change-{op.value}" data-class="{cls.value}" id="change-',
            f"{_CLASS_BADGES[cls]}\n{_BADGES[op]}\n",
            f'<tr data-class="{cls.value}"><th scope="row" class="num"><a href="#change-',
            f"<td>{_CLASS_BADGES[cls]}</td><td>{_BADGES[op]}</td><td>",
        )
        for cls in SignoffClass
    }
    for op in ChangeOp
}
"""By kind and class: the opening of a change's article up to its number, its two badges, and the
opening of its row of the change list up to its number and after it (`_listed`)."""


def _badge(op: ChangeOp) -> str:
    return _BADGES[op]


def _change_link(number: int) -> str:
    return f'<a href="#change-{number}">change {number}</a>'


def _ref(row: Row) -> str:
    was = f' <span class="was">(was {_e(row.was)})</span>' if row.was else ""
    return f'<span class="ref">{_e(row.ref)}</span>{was}'


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

    index: list[bytes] = field(default_factory=list)
    """The change list's rows, in UTF-8: one per sign-off row."""
    cosmetic: dict[str, int] = field(default_factory=lambda: cosmetic_kinds(()))
    relabelled: int = 0
    formatting: int = 0
    formatting_only: int = 0
    """Changes of formatting or links alone: the same words on both sides."""
    placed: bool = False
    """Every clause of both sides was found in a change, by place (`_changes` marks them as it goes)."""
    unlisted_classes: bool = False
    """A change not in the sign-off list has change classes (else the listed changes hold them all)."""

    def add(
        self,
        change: Change,
        lclauses: Sequence[Clause],
        rclauses: Sequence[Clause],
        pieces: Sequence[Marked],
        cosmetic: int | None,
    ) -> None:
        """Count a change shown with these clauses and pieces; `cosmetic` is how many of its runs are
        wholly cosmetic, when known (else any cosmetic piece has its runs counted)."""
        if cosmetic if cosmetic is not None else any(p.cls == "cosmetic" for p in pieces):
            for kind, count in cosmetic_counts(pieces).items():
                self.cosmetic[kind] += count
        if len(lclauses) == 1 and len(rclauses) == 1 and lclauses[0].label != rclauses[0].label:
            self.relabelled += 1
        if change.formatting:
            self.formatting += 1
            self.formatting_only += change.same_words


def _snippet(clauses: Sequence[Clause], limit: int = 12) -> str:
    words = " ".join(c.text for c in clauses).split(None, limit)  # the first words and the rest, if any
    text = " ".join(words[:limit]) + (" …" if len(words) > limit else "")
    return f"“{text}”"


def _first_edits(runs: list[tuple[str, str]], plain: bool = False) -> str:
    """Return the first substantive edits in short, marked: `<del>have to</del> → <ins>must</ins>; …`
    (`runs` from `edit_runs`, shown as `first_edits` shows them); `plain` says no run holds a character
    to escape (the change's texts hold none, `_marked_edits`)."""
    total = len(runs)
    runs = shown_runs(runs)
    if not plain:
        runs = [(_e(before), _e(after)) for before, after in runs]
    # Cut to whole words: no space around them, "" when there were none.
    shown = [
        f"<del>{before}</del> → <ins>{after}</ins>"
        if before and after
        else f"<del>{before}</del>"
        if before
        else f"<ins>{after}</ins>"
        if after
        else ""
        for before, after in runs
    ]
    if total > len(runs):
        return f"{'; '.join(shown)}; {total - len(runs)} more"
    return "; ".join(shown)


def _what(
    change: Change,
    row: Row,
    lclauses: Sequence[Clause],
    rclauses: Sequence[Clause],
    runs: _Runs | None = None,
    plain: bool = False,
) -> str:
    """Return what changed in a few plain words, for the change list; `runs` is `edit_runs(change)` when
    the caller has it, `plain` whether its texts hold nothing to escape."""
    parts = [_e(t) for t in class_lines(change)] if change.classes else []
    op = change.op
    if op is _ADDED:
        parts.append(f'<span class="text">{_e(_snippet(rclauses))}</span>')
    elif op is _REMOVED:
        parts.append(f'<span class="text">{_e(_snippet(lclauses))}</span>')
    else:
        edits, deleted, inserted = runs or edit_runs(change)
        if deleted or inserted:
            shown = _first_edits(edits, plain)
            parts.append(f"{shown} ({deleted} word{'s' * (deleted != 1)} out, {inserted} in)")
        notes = pair_notes(change, row)
        if notes:
            parts += [_e(note) for note in notes]
    return "; ".join(parts)


_Runs = tuple[list[tuple[str, str]], int, int]
"""What `edit_runs` returns: a change's substantive runs and how many words they delete and insert."""


def _kind_counts(comparison: Comparison, signoff: SignoffList) -> dict[str, int]:
    """Return `comparison.stats()` from the sign-off rows: every change but an unchanged one is listed
    (`is_listed`), so the rows count the other kinds and the rest of the changes are unchanged."""
    counts = dict.fromkeys(ChangeOp, 0)
    for row in signoff.rows:
        counts[row.change.op] += 1
    counts[_UNCHANGED] = len(comparison.changes) - (sum(counts.values()) - counts[_UNCHANGED])
    return {op.value: count for op, count in counts.items()}


def _summary(
    comparison: Comparison, tally: _Tally, signoff: SignoffList, counts: dict[SignoffClass, int]
) -> list[str]:
    """Return the summary: changes by kind and by class (`counts`, `class_counts` of the rows), slots,
    what normalisation ignored, warnings."""
    stats = _kind_counts(comparison, signoff)
    classes = (
        class_summary(comparison)
        if tally.unlisted_classes
        else class_summary_of(row.change for row in signoff.rows)
    )
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
        f'<li>{CLASSES_TITLE}: <strong id="classes-summary">{_e(classes or "none")}</strong></li>',
        "</ul>",
    ]
    out += ["</div>", "<div>"]

    out += ['<table class="counts" id="class-counts">', '<caption class="vh">Changes by class</caption>']
    out += [
        '<thead><tr><th scope="col">Class</th><th scope="col" class="num">Changes</th>'
        '<th scope="col">Meaning</th></tr></thead>',
        "<tbody>",
    ]
    for cls in SignoffClass:
        out.append(
            f'<tr data-class="{cls.value}"><th scope="row">{_CLASS_BADGES[cls]}</th>'
            f'<td class="num">{counts[cls]}</td><td class="meaning">{_e(CLASS_MEANINGS[cls])}</td></tr>'
        )
    out += [
        "</tbody>",
        f'<tfoot><tr><th scope="row">Listed</th><td class="num">{len(signoff.rows)}</td><td></td></tr>'
        "</tfoot>",
        "</table>",
    ]

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

    out.append("</section>")
    return out


def _change_list(
    comparison: Comparison, tally: _Tally, signoff: SignoffList, counts: dict[SignoffClass, int]
) -> list[bytes]:
    """Return the sign-off change list, in UTF-8 lines: one row per numbered change (class, kind,
    reference, what); `counts` is `class_counts` of the rows."""
    out = ['<section id="change-list" aria-labelledby="index">', '<h2 id="index">Change list</h2>']
    rows = tally.index
    unchanged = len(comparison.changes) - len(rows)
    same = sum(1 for row in signoff.rows if row.change.op is _UNCHANGED)
    also = (
        f" ({same} of them unchanged clauses that only look different: the organisation name, quotes, "
        "dashes, spacing or their number)"
        if same
        else ""
    )
    out.append(
        f'<p><strong id="listed-count">{len(rows)}</strong> entries to sign off{also}, numbered in the '
        f"right-hand document's order; the other {unchanged} unchanged clauses are not numbered and are "
        "listed collapsed below. Cite a change by its number. A reference is the clause's number in the "
        "document, else its heading and its place under it.</p>"
    )
    out.append(
        '<p class="legend">'
        + "".join(f"<span>{_CLASS_BADGES[cls]} {counts[cls]}</span>" for cls in SignoffClass)
        + "</p>"
    )
    if rows:
        out += ['<table class="index">', "<thead><tr>"]
        out += ['<th scope="col" class="num">No.</th><th scope="col">Class</th><th scope="col">Kind</th>']
        out += ['<th scope="col">Reference</th><th scope="col">What changed</th>']
        out += ["</tr></thead>", "<tbody>"]
        return [*map(str.encode, out), *rows, b"</tbody>", b"</table>", b"</section>"]
    out.append('<p class="none">No changes: the two documents say the same.</p>')
    out.append("</section>")
    return list(map(str.encode, out))


_Marks = tuple[str, list[str], list[str], int, int]


def _marked(pieces: Sequence[Piece]) -> _Marks:
    """Return a redline's pieces as HTML in one pass: the inline view, each side's clauses (cut at that
    side's clause boundaries) and how many runs of differences are wholly organisation name or cosmetic.

    What `_html_pieces` of the pieces, of `Redline.side` and `Redline.marked` give, each piece escaped once.
    """
    inline: list[str] = []
    left: list[list[str]] = [[]]
    right: list[list[str]] = [[]]
    slots = cosmetic = 0
    in_run = all_slot = all_cosmetic = False
    equal, insert = _EQUAL, _INSERT
    for piece in pieces:
        op = piece.op
        html = _BREAK if piece.left_break or piece.right_break else _e(piece.text)
        if op is equal:
            if in_run:
                slots += all_slot
                cosmetic += all_cosmetic
                in_run = False
            inline.append(html)
            if piece.left_break:
                left.append([])
            else:
                left[-1].append(html)
            if piece.right_break:
                right.append([])
            else:
                right[-1].append(html)
            continue
        cls = piece.cls
        if in_run:
            all_slot = all_slot and cls == "slot"
            all_cosmetic = all_cosmetic and cls == "cosmetic"
        else:
            in_run, all_slot, all_cosmetic = True, cls == "slot", cls == "cosmetic"
        html = _tagged(op, cls, html)
        inline.append(html)
        if op is insert:
            if piece.right_break:
                right.append([])
            else:
                right[-1].append(html)
        elif piece.left_break:
            left.append([])
        else:
            left[-1].append(html)
    if in_run:
        slots += all_slot
        cosmetic += all_cosmetic
    return "".join(inline), ["".join(g) for g in left], ["".join(g) for g in right], slots, cosmetic


def _marked_plain(edits: Sequence[Marked]) -> _Marks:
    """Return `_marked` of the pieces of edits that hold no newline (one clause a side at most): each
    edit with text is its own piece, and nothing cuts a side."""
    inline: list[str] = []
    left: list[str] = []
    right: list[str] = []
    slots = cosmetic = 0
    in_run = all_slot = all_cosmetic = False
    equal, insert = _EQUAL, _INSERT
    for edit in edits:
        op = edit.op
        html = _e(edit.text)
        if op is equal:
            if in_run:
                slots += all_slot
                cosmetic += all_cosmetic
                in_run = False
            inline.append(html)
            left.append(html)
            right.append(html)
            continue
        cls = edit.cls
        if in_run:
            all_slot = all_slot and cls == "slot"
            all_cosmetic = all_cosmetic and cls == "cosmetic"
        else:
            in_run, all_slot, all_cosmetic = True, cls == "slot", cls == "cosmetic"
        html = _tagged(op, cls, html)
        inline.append(html)
        (right if op is insert else left).append(html)
    if in_run:
        slots += all_slot
        cosmetic += all_cosmetic
    return "".join(inline), ["".join(left)], ["".join(right)], slots, cosmetic


def _marked_edits(
    change: Change, ltext: str, rtext: str
) -> tuple[_Marks, Sequence[Marked], bool, _Runs, bool]:
    """Return `_marked_plain` of the edits `effective_edits` gives for one clause a side (texts without a
    newline), the edits that count for the cosmetic tally (those with text; none when no run is wholly
    cosmetic), whether the change's own edits were used, `edit_runs(change)` and whether those runs
    hold nothing to escape (known when the texts hold nothing and the change's own edits are used).

    The change's own edits are used when they rebuild the two texts (nearly always): then the marks, the
    runs and the texts rebuilt come from one pass over them (`_marked_runs`); else the edits of
    `effective_edits` are marked.
    """
    edits = change.edits
    if edits:
        plain = not (_needs_escape(ltext) or _needs_escape(rtext))
        marks, runs, old, new = _marked_runs(edits, plain)
        if old == ltext and new == rtext:
            return marks, (tuple([e for e in edits if e.text]) if marks[4] else ()), True, runs, plain
    shown: Sequence[Marked] = ()
    effective, exact = effective_edits(change, ltext, rtext)
    shown = tuple([e for e in effective if e.text])
    marks = _marked_plain(shown)
    return marks, (shown if marks[4] else ()), exact, edit_runs(change), False


def _marked_runs(edits: Sequence[Edit], plain: bool) -> tuple[_Marks, _Runs, str, str]:
    """Return, from one pass over edits that hold no newline, `_marked_plain` of those with text,
    `edit_runs` of them all and the two texts they rebuild (kept and deleted; kept and inserted).

    `plain` says the texts the edits should rebuild hold nothing to escape: then (if they do rebuild
    them, which the caller checks) no edit's text does either.
    """
    inline: list[str] = []
    left: list[str] = []
    right: list[str] = []
    slots = cosmetic = 0
    in_run = all_slot = all_cosmetic = False
    runs: list[tuple[str, str]] = []
    old = new = ""
    deleted = inserted = 0
    ltexts: list[str] = []  # what the edits rebuild of the left text
    rtexts: list[str] = []  # and of the right
    equal, insert, escape_text = _EQUAL, _INSERT, escape
    for edit in edits:
        op = edit.op
        text = edit.text
        if op is equal:
            if old or new:  # the end of a run of differences (as `edit_runs` cuts them)
                if old.strip() or new.strip():
                    runs.append((old, new))
                old = new = ""
            if not text:
                continue
            ltexts.append(text)
            rtexts.append(text)
            if in_run:
                slots += all_slot
                cosmetic += all_cosmetic
                in_run = False
            if not plain and ("&" in text or "<" in text or ">" in text or '"' in text or "'" in text):
                html = escape_text(text)
            else:
                html = text
            inline.append(html)
            left.append(html)
            right.append(html)
            continue
        if not text:
            continue
        cls = edit.cls
        if in_run:
            all_slot = all_slot and cls == "slot"
            all_cosmetic = all_cosmetic and cls == "cosmetic"
        else:
            in_run, all_slot, all_cosmetic = True, cls == "slot", cls == "cosmetic"
        if not plain and ("&" in text or "<" in text or ">" in text or '"' in text or "'" in text):
            html = escape_text(text)
        else:
            html = text
        if op is insert:
            rtexts.append(text)
            if cls is None:
                new += text
                inserted += len(text.split())
                html = f"<ins>{html}</ins>"
            else:
                html = _tagged(op, cls, html)
            right.append(html)
        else:
            ltexts.append(text)
            if cls is None:
                old += text
                deleted += len(text.split())
                html = f"<del>{html}</del>"
            else:
                html = _tagged(op, cls, html)
            left.append(html)
        inline.append(html)
    if (old or new) and (old.strip() or new.strip()):
        runs.append((old, new))
    if in_run:
        slots += all_slot
        cosmetic += all_cosmetic
    marks = ("".join(inline), ["".join(left)], ["".join(right)], slots, cosmetic)
    return marks, (runs, deleted, inserted), "".join(ltexts), "".join(rtexts)


def _tagged(op: EditOp, cls: str | None, html: str) -> str:
    """Return an inserted or deleted piece's HTML in its `<ins>` or `<del>`."""
    start = _OPEN.get((op, cls))
    if start is None:
        tag = "ins" if op is _INSERT else "del"
        return f'<{tag} class="{_e(cls or "")}">{html}</{tag}>'
    return f"{start}{html}{_CLOSE[op]}"


_CLOSE = {EditOp.INSERT: "</ins>", EditOp.DELETE: "</del>"}


def _side_cell(clauses: Sequence[Clause], groups: Sequence[str]) -> str:
    """Return one side's cell of the side-by-side view: each clause with its HTML (from `_marked`)."""
    if not clauses:
        return '<td><p class="empty">(none)</p></td>'
    if len(clauses) == 1 and groups:
        clause = clauses[0]
        label = f'<span class="label">{_e(clause.label)}</span>' if clause.label else ""
        return f'<td><div class="clause"><p class="text">{label}{groups[0]}</p></div></td>'
    parts = [
        f'<div class="clause"><p class="text">{_label(clause)}{html}</p></div>'
        for clause, html in zip(clauses, groups, strict=False)
    ]
    return "<td>" + "".join(parts) + "</td>"


def _context(items: Sequence[Context]) -> str:
    out = []
    for item in items:
        number = f"; {_change_link(item.number)}" if item.number is not None else ""
        out.append(
            f'<li class="context"><span class="text">{_label(item.clause)}{_e(item.clause.text)}</span>'
            f'<span class="ctx">context{number}</span></li>'
        )
    return "".join(out)


def _sides_head(comparison: Comparison) -> str:
    """Return the head of the side-by-side table (the same for every change of a comparison)."""
    return (
        '<table class="sbs v-sbs">\n'
        f'<thead><tr><th scope="col">Left · <code>{_e(comparison.left.source)}</code></th>'
        f'<th scope="col">Right · <code>{_e(comparison.right.source)}</code></th></tr></thead>\n'
    )


def _listed(
    change: Change,
    row: Row,
    ref: str,
    lclauses: Sequence[Clause],
    rclauses: Sequence[Clause],
    exact: bool,
    marks: _Marks,
    runs: _Runs | None,
    head: bytes,
    plain_ids: bool,
    plain_runs: bool = False,
) -> tuple[bytes, bytes]:
    """Return a listed change's row of the change list (number, class, kind, reference, what changed) and
    its article, in UTF-8, made together: its number, kind, class and reference are looked up, written
    and encoded once for both. `ref` is its reference as HTML (`_ref`), `marks` its pieces as HTML
    (`_marked`), `runs` its `edit_runs` when known, `head` the side-by-side table's opening
    (`_sides_head`, encoded), `plain_ids` whether clause ids need no escaping, `plain_runs` whether the
    runs' texts need none.

    Both are encoded in parts: a reference ("Rules › bullet 3"), an arrow or the head's "·" would make
    the whole text one whose every character the encoder converts; an ASCII part encodes by a copy.
    """
    op, cls = change.op, row.cls
    kind = _KIND_HTML[op][cls]
    n = str(row.number)
    ref_bytes = ref.encode()
    what = _what(change, row, lclauses, rclauses, runs, plain_runs)
    index = b"".join(
        [
            f'{kind[2]}{n}">{n}</a></th>{kind[3]}'.encode(),
            ref_bytes,
            f'</td><td class="what">{what}</td></tr>'.encode(),
        ]
    )
    opening = (
        f'{kind[0]}{n}" aria-labelledby="change-{n}-h">\n<div class="change-head">\n'
        f'<h3 id="change-{n}-h"><a href="#change-{n}">Change {n}</a></h3>\n{kind[1]}'
    )
    inline, left, right, slots, cosmetic = marks
    classes = ""
    if change.classes:
        items = "".join([f"<li>{_e(text)}</li>" for text in class_lines(change)])
        classes = f'<ul class="classes" aria-label="{CLASSES_TITLE}">{items}</ul>\n'
    clauses = rclauses or lclauses
    labels = _label(clauses[0]) if clauses and clauses[0].label else ""
    if row.before or row.after:
        shown = (
            f'<div class="v-inline"><ul class="in-list">{_context(row.before)}'
            f'<li class="changed"><span class="text">{labels}{inline}</span></li>'
            f"{_context(row.after)}</ul></div>\n"
        )
    else:
        shown = f'<div class="v-inline"><p class="text">{labels}{inline}</p></div>\n'
    notes = ""
    if op is not _REWORDED or slots or cosmetic or change.formatting or change.label is not None or not exact:
        notes = _notes(change, row, n, slots, cosmetic, exact)
    why = row.why or "not paired: a clause on one side only"
    if "&" in why or "<" in why or ">" in why or '"' in why or "'" in why:
        why = escape(why)
    shared = f'<p><span class="shared">{_e(row.evidence)}</span></p>' if row.evidence else ""
    lids, rids = change.left, change.right
    if plain_ids and len(lids) == 1:
        i = lids[0]
        lids_html = f'<a class="cid" id="L-{i}" href="#L-{i}">L {i}</a>'
    else:
        lids_html = _ids("L", lids, plain_ids)
    if plain_ids and len(rids) == 1:
        i = rids[0]
        rids_html = f'<a class="cid" id="R-{i}" href="#R-{i}">R {i}</a>'
    else:
        rids_html = _ids("R", rids, plain_ids)
    sides = (
        f"<tbody><tr>{_side_cell(lclauses, left)}{_side_cell(rclauses, right)}</tr></tbody>\n</table>\n"
        f'{notes}<details class="why"><summary>Why paired</summary><p>{why}</p>{shared}'
        f"<p>Clauses: {lids_html}"
    )
    tail = f"{rids_html}</p></details>\n</article>"
    article = [opening.encode(), ref_bytes, f"\n</div>\n{classes}{shown}".encode(), head, sides.encode()]
    article += [_ARROW, tail.encode()]
    return index, b"".join(article)


_ARROW = " → ".encode()


def _notes(change: Change, row: Row, n: str, slots: int, cosmetic: int, exact: bool) -> str:
    """Return the notes of a change's article (moved, split or merged; slot and cosmetic counts;
    formatting; renumbering; texts shown whole), each a `div`."""
    op = change.op
    notes = []
    words = row.words or ""
    if op is _MOVED:
        where = f"it was {_e(row.was)}, " if row.was else ""
        notes.append(f'Moved: on the left {where}<a href="#moved-from-{n}">here</a>; {words}.')
    elif op is _SPLIT:
        notes.append(f"Split: one left clause became {len(change.right)} right clauses; {words}.")
    elif op is _MERGED:
        notes.append(f"Merged: {len(change.left)} left clauses became one right clause; {words}.")
    if slots or cosmetic:
        notes.append(f"Organisation-name substitutions: {slots}; cosmetic differences: {cosmetic}.")
    if change.formatting:
        items = "".join(f"<li>{_e(text)}</li>" for text in formatting_lines(change))
        same = " (the words are the same)" if change.same_words else ""
        notes.append(f'Formatting or links changed{same}:<ul class="formatting">{items}</ul>')
    if change.label is not None:
        notes.append(f'<span class="relabel">({_e(relabel_text(change.label))}, cosmetic)</span>')
    if not exact:
        notes.append("The word-level edits did not rebuild the clause texts, so whole texts are shown.")
    return "".join([f'<div class="note">{note}</div>\n' for note in notes])


def _ids(side: str, ids: Sequence[str], plain: bool) -> str:
    """Return `_cids`; `plain` says no id needs escaping."""
    if not plain:
        return _cids(side, ids)
    if len(ids) == 1:
        i = ids[0]
        return f'<a class="cid" id="{side}-{i}" href="#{side}-{i}">{side} {i}</a>'
    if not ids:
        return '<span class="none">none</span>'
    return ", ".join([f'<a class="cid" id="{side}-{i}" href="#{side}-{i}">{side} {i}</a>' for i in ids])


_RUN_HEAD = (
    '<table class="unchanged"><thead><tr><th scope="col">Reference</th><th scope="col">Text</th>'
    '<th scope="col">Why paired</th></tr></thead><tbody>'
)


_SAME_WHY = {
    "exact": "same words in the same place",
    "normalised": why_paired(Change(ChangeOp.UNCHANGED, (), (), 1.0, "normalised")),
    "slot": why_paired(Change(ChangeOp.UNCHANGED, (), (), 1.0, "slot")),
}
_SAME_WHY_BYTES = {how: why.encode() for how, why in _SAME_WHY.items()}
_ROW = (
    '<tr><td>%s</td><td class="text">%s%s</td><td>%s<br><a class="cid" id="L-%s" href="#L-%s">L %s</a> → '
    '<a class="cid" id="R-%s" href="#R-%s">R %s</a></td></tr>'
).encode()
"""An unchanged clause's row (`_same_row`) as UTF-8 to fill: reference, label, text, why paired, the left id
three times, the right id three times (each escaped)."""
_EXACT_ROW = _ROW.replace(b"<td>%s<br>", b"<td>" + _SAME_WHY_BYTES["exact"] + b"<br>")
"""`_ROW` of a pair found exactly in its place (an unchanged run's): its "why paired" filled in."""
_EXACT_PLAIN_ROW = _EXACT_ROW.replace(b"%s%s</td>", b"%s</td>", 1)
"""`_EXACT_ROW` of a clause without a label."""


def _unchanged_run(rows: Sequence[bytes], first: str, last: str) -> bytes:
    """Return a collapsed run of unchanged clauses as one UTF-8 chunk: its rows (`_same_row`, encoded),
    its first and last reference."""
    count = len(rows)
    where = f"{first} to {last}" if last and last != first else first
    if "&" in where or "<" in where or ">" in where or '"' in where or "'" in where:
        where = escape(where)
    # The summary's "·" and the references would make the whole head a string every character of which
    # is converted: the constant parts are UTF-8 already.
    head = b"%d unchanged clause%s</strong> \xc2\xb7 " % (count, b"s" if count > 1 else b"")
    return b"".join([_RUN_OPEN, head, where.encode(), _RUN_HEAD_BYTES, *rows, _RUN_CLOSE])


_RUN_OPEN = b'<details class="run">\n<summary><strong>'
_RUN_HEAD_BYTES = f"</summary>\n{_RUN_HEAD}\n".encode()
_RUN_CLOSE = b"\n</tbody></table>\n</details>"


def _run_rows(
    lclauses: Sequence[Clause],
    rclauses: Sequence[Clause],
    refs: Sequence[str],
    left: int,
    right: int,
    count: int,
    plain_ids: bool,
    plain_refs: bool,
) -> list[bytes]:
    """Return the rows (`_same_row`, encoded) of `count` pairs of an unchanged run, from left clause `left`
    and right clause `right` on; `refs` are the right clauses' references by place. Each row is one
    template filled: the pairs are exact (their "why paired" is in it), their texts and labels equal. The
    clauses' ids, texts and labels are read as columns (`clause_column`): no `Clause` is made for a row."""
    rows: list[bytes] = []
    append = rows.append
    lids = clause_column(lclauses, "id")[left : left + count]
    rids = clause_column(rclauses, "id")[right : right + count]
    texts = clause_column(rclauses, "text")[right : right + count]
    labels = clause_column(rclauses, "label")[right : right + count]
    refs = refs[right : right + count]
    if plain_ids and plain_refs and not any(labels) and not _needs_escape("".join(texts)):
        # Nothing in the run to escape and no label (checked once, in C): each row is the template
        # filled with its reference, text and ids.
        plain_row = _EXACT_PLAIN_ROW
        for lid, rid, text, ref in zip(lids, rids, texts, refs, strict=True):
            lb = lid.encode()
            rb = rid.encode()
            append(plain_row % (ref.encode(), text.encode(), lb, lb, lb, rb, rb, rb))
        return rows
    escape_text, row = escape, _EXACT_ROW
    for lid, rid, text, label, ref in zip(lids, rids, texts, labels, refs, strict=True):
        if "&" in text or "<" in text or ">" in text or '"' in text or "'" in text:
            text = escape_text(text)
        if not plain_ids:
            lid, rid = _e(lid), _e(rid)
        lb, rb = lid.encode(), rid.encode()
        append(
            row
            % (
                (ref if plain_refs else _e(ref)).encode(),
                f'<span class="label">{_e(label)}</span>'.encode() if label else b"",
                text.encode(),
                lb,
                lb,
                lb,
                rb,
                rb,
                rb,
            )
        )
    return rows


def _same_row(c: Change, clause: Clause | None, text: str, ref: str) -> str:
    """Return the row of an unchanged clause: reference, text (HTML), why paired and the clause anchors."""
    labels = _label(clause) if clause is not None and clause.label else ""
    why = _SAME_WHY.get(c.matched_by) or _e(why_paired(c))
    if len(c.left) == 1 and len(c.right) == 1:
        lid, rid = _e(c.left[0]), _e(c.right[0])
        ids = (
            f'<a class="cid" id="L-{lid}" href="#L-{lid}">L {lid}</a> → '
            f'<a class="cid" id="R-{rid}" href="#R-{rid}">R {rid}</a>'
        )
    else:
        ids = f"{_cids('L', c.left)} → {_cids('R', c.right)}"
    return f'<tr><td>{_e(ref)}</td><td class="text">{labels}{text}</td><td>{why}<br>{ids}</td></tr>'


def _ghost(row: Row) -> str:
    where = f" ({_e(row.was)})" if row.was else ""
    return (
        f'<p class="ghost" id="moved-from-{row.number}">The clause of {_change_link(row.number)} stood here '
        f"on the left{where}: moved.</p>"
    )


_LEGEND = (
    '<div class="legend"><span>Key:</span><span class="text"><ins>inserted</ins> (underlined)</span>'
    '<span class="text"><del>deleted</del> (struck through)</span><span class="text"><ins class="slot">'
    'organisation name</ins> (dotted box)</span><span class="text"><del class="cosmetic">cosmetic</del> '
    '(muted, dotted)</span><span class="text"><span class="brk">¶</span> clause boundary</span>'
    '<span><span class="ctx">context</span> unchanged neighbour</span></div>'
    '<div class="legend"><span>Classes:</span>'
    + "".join(f"<span>{badge}</span>" for badge in _CLASS_BADGES.values())
    + "</div>"
)
_VIEW = (
    '<span class="view-label" id="view-h">View:</span>'
    '<input class="toggle" type="radio" name="view" id="view-inline" checked aria-describedby="view-h">'
    '<label class="switch switch-first" for="view-inline">Inline</label>'
    '<input class="toggle" type="radio" name="view" id="view-sbs" aria-describedby="view-h">'
    '<label class="switch switch-last" for="view-sbs">Side by side</label>'
)


def _plain(texts: Iterable[str]) -> bool:
    """Return whether none of `texts` holds a character that HTML escapes (one pass, in C)."""
    return not _needs_escape("".join(texts))


def _needs_escape(text: str) -> bool:
    return "&" in text or "<" in text or ">" in text or '"' in text or "'" in text


def _changes(comparison: Comparison, tally: _Tally, signoff: SignoffList) -> Iterator[bytes]:
    """Yield the changes section, rendering the changes in order and adding each to `tally`.

    Linear in the changes, and light on the unchanged clauses that are most of a long policy: a clause
    with the same text on both sides and no edits gets no redline, only its row, one template filled.
    A listed change of one clause a side is shown from its edits, without cutting them into pieces.
    The redlines are not all held at once: with 50,000 of them, holding them makes the garbage
    collector walk them over and over.
    """
    rows = {row.position: row for row in signoff.rows}
    # A moved clause's old place: after the change (listed or not) that holds its left-hand predecessor.
    ghosts_after: dict[int, list[Row]] = {}
    lindex, rindex = signoff.left_index, signoff.right_index  # the sides' clauses by id, made once
    for position, after in moved_from(comparison, lindex).items():
        if position in rows:
            ghosts_after.setdefault(after, []).append(rows[position])
    lclauses_all, rclauses_all = comparison.left.clauses, comparison.right.clauses
    ref_list = cast(list[str], signoff.right_list)  # every right clause's (`signoff_list(…, unchanged=True)`)
    # Checked once for the whole comparison, in C: ids and references that need no escaping (nearly
    # always) are written as they are.
    plain_ids = _plain(lindex) and _plain(rindex)
    plain_refs = _plain(ref_list)
    lget, rget = lindex.get, rindex.get
    # Each clause's place marked once a change holds it: every clause marked means no orphan to look for.
    lseen, rseen = bytearray(len(lclauses_all)), bytearray(len(rclauses_all))
    head = _sides_head(comparison).encode()
    yield b'<section id="changes" aria-labelledby="changes-h">'
    yield b'<h2 id="changes-h">Changes</h2>'
    yield _LEGEND.encode()
    yield _VIEW.encode()
    yield b'<div class="changes">'
    for lead in ghosts_after.get(0, []):
        yield _ghost(lead).encode()
    run: list[bytes] = []
    first = last = ""
    unchanged, equal = _UNCHANGED, _EQUAL
    same_why = _SAME_WHY_BYTES
    escape_text = escape
    row_template = _ROW
    ghost_places = sorted(ghosts_after)
    position = 0
    for change in comparison.parts():
        if isinstance(change, UnchangedRun):
            # Pairs of equal clauses, consecutive on both sides: rows straight from the two sides' clauses,
            # cut only where a moved clause's ghost follows one of them.
            start = position
            position += change.length
            cuts = ghost_places[bisect_right(ghost_places, start) : bisect_right(ghost_places, position)]
            lseen[change.left : change.left + change.length] = b"\1" * change.length
            rseen[change.right : change.right + change.length] = b"\1" * change.length
            if not cuts:  # no moved clause's ghost after any of its pairs (nearly every run)
                if not run:
                    first = ref_list[change.right]
                run += _run_rows(
                    lclauses_all,
                    rclauses_all,
                    ref_list,
                    change.left,
                    change.right,
                    change.length,
                    plain_ids,
                    plain_refs,
                )
                last = ref_list[change.right + change.length - 1]
                continue
            lstart, rstart = change.left - start, change.right - start  # clause places of pair `position`
            done = start
            # Rows up to each moved clause's ghost (written after them, closing the run), then the rest.
            for place, ghost in [*((cut, True) for cut in cuts), (position, False)]:
                if done < place:
                    if not run:
                        first = ref_list[rstart + done]
                    run += _run_rows(
                        lclauses_all,
                        rclauses_all,
                        ref_list,
                        lstart + done,
                        rstart + done,
                        place - done,
                        plain_ids,
                        plain_refs,
                    )
                    last = ref_list[rstart + place - 1]
                if ghost:
                    yield _unchanged_run(run, first, last)
                    run = []
                    for moved in ghosts_after[place]:
                        yield _ghost(moved).encode()
                done = place
            continue
        position += 1
        if (
            change.op is unchanged
            and not change.edits
            and len(change.right) == 1
            and len(change.left) == 1
            and not change.formatting
            and position not in rows
        ):
            rid = change.right[0]
            at = rget(rid)
            lid = change.left[0]
            other_at = lget(lid)
            clause = None if at is None else rclauses_all[at]
            other = None if other_at is None else lclauses_all[other_at]
            if (
                clause is not None
                and other is not None
                and clause.text == other.text
                and clause.label == other.label
            ):
                # Shown as it is: nothing to count, no redline made; its row is one template filled.
                if change.classes:
                    tally.unlisted_classes = True
                lseen[cast(int, other_at)] = rseen[cast(int, at)] = 1
                last = ref_list[cast(int, at)]
                if not run:
                    first = last
                label = clause.label
                label_html = f'<span class="label">{_e(label)}</span>'.encode() if label else b""
                why = same_why.get(change.matched_by) or _e(why_paired(change)).encode()
                text = clause.text
                if "&" in text or "<" in text or ">" in text or '"' in text or "'" in text:
                    text = escape_text(text)
                shown_ref = (last if plain_refs else _e(last)).encode()
                lb = (lid if plain_ids else _e(lid)).encode()
                rb = (rid if plain_ids else _e(rid)).encode()
                run.append(row_template % (shown_ref, label_html, text.encode(), why, lb, lb, lb, rb, rb, rb))
                if position in ghosts_after:
                    yield _unchanged_run(run, first, last)
                    run = []
                    for moved in ghosts_after[position]:
                        yield _ghost(moved).encode()
                continue
        listed = rows.get(position)
        lclauses = _pick(lclauses_all, lget, change.left, lseen)
        rclauses = _pick(rclauses_all, rget, change.right, rseen)
        if listed is None:
            if change.classes:
                tally.unlisted_classes = True
            line = redline_with(position, change, lclauses, rclauses)
            tally.add(change, lclauses, rclauses, line.pieces, None)
            last = ref_list[rindex[rclauses[0].id]] if rclauses else ""
            clause = rclauses[0] if rclauses else None
            if not run:
                first = last
            pieces = line.pieces
            one = len(pieces) == 1 and pieces[0].op is equal
            text = _e(pieces[0].text) if one else _html_pieces(pieces)
            run.append(_same_row(change, clause, text, last).encode())
        else:
            if run:
                yield _unchanged_run(run, first, last)
                run = []
            shown: Sequence[Marked]
            runs: _Runs | None = None
            plain_runs = False
            if len(lclauses) < 2 and len(rclauses) < 2:
                ltext = lclauses[0].text if lclauses else ""
                rtext = rclauses[0].text if rclauses else ""
                if "\n" not in ltext and "\n" not in rtext:
                    # One clause a side, no newline: the edits are the pieces (`redline_of` would cut none).
                    marks, shown, exact, runs, plain_runs = _marked_edits(change, ltext, rtext)
                else:
                    line = redline_with(position, change, lclauses, rclauses)
                    shown, exact, marks = line.pieces, line.exact, _marked(line.pieces)
            else:
                line = redline_with(position, change, lclauses, rclauses)
                shown, exact, marks = line.pieces, line.exact, _marked(line.pieces)
            index, article = _listed(
                change,
                listed,
                _ref(listed),
                lclauses,
                rclauses,
                exact,
                marks,
                runs,
                head,
                plain_ids,
                plain_runs,
            )
            tally.index.append(index)
            tally.add(change, lclauses, rclauses, shown, marks[4])
            yield article
        ghosts = ghosts_after.get(position)
        if ghosts:
            if run:
                yield _unchanged_run(run, first, last)
                run = []
            for moved in ghosts:
                yield _ghost(moved).encode()
    if run:
        yield _unchanged_run(run, first, last)
    tally.placed = 0 not in lseen and 0 not in rseen
    yield b"</div>"
    yield b"</section>"


def _pick(
    clauses: Sequence[Clause], place: Callable[[str], int | None], ids: Sequence[str], seen: bytearray
) -> tuple[Clause, ...]:
    """Return the clauses of these ids (`place` gives a clause's place by id; an unknown id is left out),
    marking their places in `seen`."""
    if len(ids) == 1:
        at = place(ids[0])
        if at is None:
            return ()
        seen[at] = 1
        return (clauses[at],)
    out = []
    for at in map(place, ids):
        if at is not None:
            seen[at] = 1
            out.append(clauses[at])
    return tuple(out)


_ID = attrgetter("id")


def _orphans(comparison: Comparison, placed: bool = False) -> list[str]:
    """Return anchors for clauses that are in no change (an alignment bug, shown rather than hidden).

    `placed` says every clause of both sides was found in a change by place (`_Tally.placed`): the usual
    case, with nothing to look for.
    """
    if placed:
        return []
    used_left: set[str] = set()
    used_right: set[str] = set()
    lclauses, rclauses = comparison.left.clauses, comparison.right.clauses
    for part in comparison.parts():
        if isinstance(part, UnchangedRun):
            used_left.update(map(_ID, lclauses[part.left : part.left + part.length]))
            used_right.update(map(_ID, rclauses[part.right : part.right + part.length]))
        else:
            used_left.update(part.left)
            used_right.update(part.right)
    if used_left.issuperset(map(_ID, lclauses)) and used_right.issuperset(map(_ID, rclauses)):
        return []  # the usual case, found in C
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


def _signoff_block(
    comparison: Comparison, signoff: SignoffList, counts: dict[SignoffClass, int]
) -> list[str]:
    by_class = ", ".join(f"{counts[cls]} {CLASS_TITLES[cls].lower()}" for cls in SignoffClass)
    return [
        '<section id="sign-off" aria-labelledby="sign-off-h">',
        '<h2 id="sign-off-h">Sign-off</h2>',
        f"<p>I have reviewed the <strong>{len(signoff.rows)}</strong> changes of the change list "
        f"({_e(by_class)}) from <code>{_e(comparison.left.source)}</code> to "
        f"<code>{_e(comparison.right.source)}</code>.</p>",
        '<table class="signoff"><tbody>',
        '<tr><th scope="row">Reviewed by</th><td></td></tr>',
        '<tr><th scope="row">Role</th><td></td></tr>',
        '<tr><th scope="row">Signature</th><td></td></tr>',
        '<tr><th scope="row">Date</th><td></td></tr>',
        '<tr><th scope="row">Changes queried (by number)</th><td></td></tr>',
        '<tr><th scope="row">Decision</th><td>☐ approved ☐ approved with the changes queried ☐ not approved'
        "</td></tr>",
        "</tbody></table>",
        "</section>",
    ]


def _footer(comparison: Comparison, date: str | None) -> list[str]:
    options = (
        "<br>".join(f"<code>{_e(k)} = {_e(option_value(v))}</code>" for k, v in comparison.options)
        or '<span class="none">defaults</span>'
    )
    out = [
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


def _page_chunks(title: str, css: str, body: Iterable[str]) -> Iterator[str]:
    """Yield a self-contained HTML page, one chunk a line: inline CSS allowed by its hash, nothing else."""
    yield from _page_head(title, css)
    yield from body
    yield from _PAGE_TAIL


def _page_head(title: str, css: str) -> list[str]:
    """Return the lines of a page up to its body's content: inline CSS allowed by its hash."""
    style_hash = _base64(sha256(css.encode("utf-8")).digest())
    csp = _CSP.format(f"sha256-{style_hash}")
    return [
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
    ]


_PAGE_TAIL = ("</div>", "</body>", "</html>", "")  # the last: the final newline


def page(*, title: str, css: str, body: Sequence[str]) -> bytes:
    """Return a self-contained HTML page: inline CSS allowed by its hash, everything else forbidden."""
    return "\n".join(_page_chunks(title, css, body)).encode("utf-8")


def iter_comparison(comparison: Comparison, *, date: str | None = None) -> Iterator[str]:
    """Yield the HTML report of a comparison as string chunks (joined with newlines they make the page).

    The chunks of `render_comparison`, decoded.
    """
    return (chunk.decode("utf-8") for chunk in _comparison_chunks(comparison, date))


def _comparison_chunks(comparison: Comparison, date: str | None) -> Iterator[bytes]:
    """Yield the HTML report of a comparison as UTF-8 chunks (joined with newlines they make the page).

    The changes are rendered first, as chunks kept in one list (the summary above them counts what
    they show); then the page is yielded top to bottom. The unchanged clauses' rows are filled as
    bytes: encoding a text that is ASCII is a copy, and nothing is encoded twice.
    """
    signoff = signoff_list(comparison)
    tally = _Tally()
    changes = list(_changes(comparison, tally, signoff))
    title = f"Policy comparison: {policy_name(comparison.left)} → {policy_name(comparison.right)}"
    encode = str.encode
    yield from map(encode, _page_head(title, _CSS))
    yield from map(encode, _documents(comparison, date))
    yield b"<main>"
    counts = class_counts(signoff.rows)
    yield from _change_list(comparison, tally, signoff, counts)
    yield from map(encode, _summary(comparison, tally, signoff, counts))
    yield from changes
    yield from map(encode, _orphans(comparison, tally.placed))
    yield b"</main>"
    yield from map(encode, _signoff_block(comparison, signoff, counts))
    yield from map(encode, _footer(comparison, date))
    yield from map(encode, _PAGE_TAIL)


def stream_comparison(comparison: Comparison, *, date: str | None = None) -> Iterator[bytes]:
    """Yield the bytes of `render_comparison` in pieces, for writing as they are made.

    The command line writes these: at 50,000 clauses the page is about 30 MB, and joining it first held
    the page twice more at the peak (whole process 260 MB; the issue's budget there is about 220 MB).
    """
    chunks = _comparison_chunks(comparison, date)
    for chunk in chunks:
        yield chunk
        break
    for chunk in chunks:
        yield b"\n"
        yield chunk


def render_comparison(comparison: Comparison, *, date: str | None = None) -> bytes:
    """Return the HTML report of a comparison: summary, sign-off change list, numbered changes, sign-off.

    The page fetches nothing (inline CSS, no script, a Content-Security-Policy that forbids the rest),
    and the same comparison and `date` give the same bytes.
    """
    return b"\n".join(_comparison_chunks(comparison, date))
