"""Readable terminal text: the clause tree of a document, one clause a line."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from policydiff.model import ChangeOp, Clause, ClauseKind, Comparison, EditOp, Policy

if TYPE_CHECKING:
    from policydiff.renderers._redline import Piece, Redline


def render_document(policy: Policy) -> bytes:
    """Return the indented clause tree of a policy as UTF-8 text."""
    lines = [f"{policy.source}: {policy.title or '(untitled)'}"]
    if policy.organisation:
        lines.append(f"organisation: {policy.organisation}")
    for key, value in policy.metadata:
        if key not in ("header", "footer"):
            lines.append(f"metadata: {key} = {value}")
    for warning in policy.warnings:
        lines.append(f"warning: {warning.message}")
    for clause in policy.clauses:
        depth = len(clause.section)
        if clause.kind is ClauseKind.LIST_ITEM:
            depth += 1 + clause.level
        elif clause.kind is not ClauseKind.HEADING and clause.kind is not ClauseKind.TITLE:
            depth += 1 if clause.section else 0
        label = f"{clause.label} " if clause.label else ""
        bullet = "• " if clause.kind is ClauseKind.LIST_ITEM and not clause.label else ""
        text = clause.text.replace("\n", " ⏎ ")
        lines.append(f"{clause.id:>5} {clause.kind.value:<10} {'  ' * depth}{bullet}{label}{text}")
    return ("\n".join(lines) + "\n").encode("utf-8")


_COLOURS = {
    "delete": "\x1b[31m",
    "insert": "\x1b[32m",
    "slot": "\x1b[34m",
    "dim": "\x1b[2m",
    "bold": "\x1b[1m",
    "reset": "\x1b[0m",
}
_MARKS = {
    (EditOp.DELETE, None): ("[-", "-]"),
    (EditOp.INSERT, None): ("{+", "+}"),
    (EditOp.DELETE, "slot"): ("[~", "~]"),
    (EditOp.INSERT, "slot"): ("{~", "~}"),
    (EditOp.DELETE, "cosmetic"): ("[=", "=]"),
    (EditOp.INSERT, "cosmetic"): ("{=", "=}"),
}
"""Every edit is marked by characters, colour or not: deleted, inserted, organisation name, cosmetic."""
LEGEND = (
    "Key: [-deleted-] {+inserted+}  [~old~]{~new~} organisation name only  [=old=]{=new=} cosmetic only"
    "  ¶ clause boundary  … context (an unchanged neighbour)"
)
CLASSES_LEGEND = "Classes: ! substantive  F formatting  ~ organisation name only  · cosmetic only"


def render_comparison(comparison: Comparison, *, color: bool = False) -> bytes:
    """Return a terminal view of a comparison: counts, a legend, then each change with a word-diff redline.

    Changes are numbered over changes only, as in every report (`_signoff`); each has its class symbol,
    kind, reference and a "why" line. Insertions and deletions are marked by characters; `color` adds
    ANSI colours on top (the CLI decides: `--color`, `NO_COLOR`, a terminal).
    """
    from policydiff.renderers._redline import (
        class_lines,
        class_summary,
        formatting_lines,
        iter_redlines,
        relabel_text,
    )
    from policydiff.renderers._signoff import (
        CLASS_SYMBOLS,
        CLASS_TITLES,
        class_counts,
        signoff_list,
    )

    signoff = signoff_list(comparison)
    rows = {row.position: row for row in signoff.rows}
    counts = class_counts(signoff.rows)
    paint = _painter(color)
    stats = comparison.stats()
    shown_same = sum(1 for row in signoff.rows if row.op is ChangeOp.UNCHANGED)
    kinds = ", ".join(f"{n} {op}" for op, n in stats.items() if n)
    by_class = ", ".join(f"{counts[c]} {CLASS_TITLES[c].lower()}" for c in counts)
    details = comparison.detail_stats()
    extra = []
    if details["formatting"]:
        extra.append(f"formatting or links changed in {details['formatting']}")
    if details["renumbered"]:
        extra.append(f"{details['renumbered']} clauses renumbered (cosmetic)")
    classed = class_summary(comparison)
    if classed:
        extra.append(classed)
    also = f" ({shown_same} unchanged clauses that only look different among them)" if shown_same else ""
    out = [
        f"{comparison.left.source} → {comparison.right.source}: {kinds or 'no clauses'}"
        + (f"; {'; '.join(extra)}" if extra else ""),
        f"to sign off: {len(signoff.rows)}{also} — {by_class}",
    ]
    for slot in comparison.slots:
        out.append(f"slot: {slot.left} → {slot.right} ({slot.count}×, {slot.source})")
    for warning in comparison.warnings:
        out.append(f"warning: {warning.path + ': ' if warning.path else ''}{warning.message}")
    out += [LEGEND, CLASSES_LEGEND]
    for line in iter_redlines(comparison):
        row = rows.get(line.number)
        if row is None:
            continue
        change = line.change
        symbol = (
            paint("bold", CLASS_SYMBOLS[row.cls])
            if row.cls.value == "substantive"
            else CLASS_SYMBOLS[row.cls]
        )
        was = f" (was {row.was})" if row.was else ""
        out.append("")
        out.append(
            f"{row.number:>3} {symbol} {row.kind:<9} {row.ref}{was}  [{CLASS_TITLES[row.cls].lower()}]"
        )
        if row.words:
            out.append(f"      {row.words}")
        if change.label is not None:
            out.append(f"      {relabel_text(change.label)} (cosmetic)")
        out += [f"      ! {text}" for text in class_lines(change)]
        redline = _redline(line.pieces, paint)
        for item in row.before:
            out.append(paint("dim", f"      … {_item(item.clause)}{_also(item.number)}"))
        if row.before or row.after:
            out.append(f"      {'+' if change.op is ChangeOp.ADDED else '-'} {_bullet(line)}{redline}")
        elif redline:
            out.append(f"      {redline}")
        for item in row.after:
            out.append(paint("dim", f"      … {_item(item.clause)}{_also(item.number)}"))
        if change.formatting:
            same = " (the words are the same)" if change.same_words else ""
            out.append(f"      formatting or links changed{same}:")
            out += [f"        {text}" for text in formatting_lines(change)]
        why = row.why or "not paired"
        why += f"; {row.evidence}" if row.evidence else ""
        out.append(paint("dim", f"      why: {why} ({row.ids})"))
    unchanged = len(comparison.changes) - len(signoff.rows)
    out.append("")
    out.append(f"{unchanged} unchanged clause(s) not shown.")
    return ("\n".join(out) + "\n").encode("utf-8")


def _painter(color: bool) -> Callable[[str, str], str]:
    def paint(colour: str, text: str) -> str:
        return f"{_COLOURS[colour]}{text}{_COLOURS['reset']}" if color and text else text

    return paint


def _redline(pieces: Iterable[Piece], paint: Callable[[str, str], str]) -> str:
    parts = []
    for piece in pieces:
        if piece.is_break:
            parts.append(" ¶ ")
        elif piece.op is EditOp.EQUAL:
            parts.append(piece.text)
        else:
            start, end = _MARKS.get((piece.op, piece.cls), _MARKS[(piece.op, None)])
            colour = "slot" if piece.cls == "slot" else "dim" if piece.cls else piece.op.value
            parts.append(paint(colour, f"{start}{piece.text}{end}"))
    return "".join(parts).replace("\n", " ¶ ")


def _bullet(line: Redline) -> str:
    clause = (line.right or line.left)[0]
    return f"{clause.label} " if clause.label else "• "


def _item(clause: Clause) -> str:
    return f"{clause.label or '•'} {clause.text}"


def _also(number: int | None) -> str:
    return f"  (context; change {number})" if number is not None else "  (context)"
