"""Readable terminal text: the clause tree of a document, one clause a line."""

from __future__ import annotations

from policydiff.model import ChangeOp, ClauseKind, Comparison, EditOp, Policy


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


_COLOURS = {"delete": "\x1b[31m", "insert": "\x1b[32m", "dim": "\x1b[2m", "reset": "\x1b[0m"}


def render_comparison(comparison: Comparison, *, color: bool = False) -> bytes:
    """Return a terminal view of a comparison: counts, then each change with a word-diff redline."""
    from policydiff.renderers._redline import (
        OP_TITLES,
        class_lines,
        class_summary,
        formatting_lines,
        redlines,
        relabel_text,
        score_text,
        shared_text,
    )

    stats = comparison.stats()
    counts = ", ".join(f"{n} {op}" for op, n in stats.items() if n)
    details = comparison.detail_stats()
    extra = []
    if details["formatting"]:
        extra.append(f"formatting or links changed in {details['formatting']}")
    if details["renumbered"]:
        extra.append(f"{details['renumbered']} clauses renumbered (cosmetic)")
    classed = class_summary(comparison)
    if classed:
        extra.append(classed)
    out = [
        f"{comparison.left.source} → {comparison.right.source}: {counts or 'no clauses'}"
        + (f"; {'; '.join(extra)}" if extra else ""),
    ]
    for slot in comparison.slots:
        out.append(f"slot: {slot.left} → {slot.right} ({slot.count}×, {slot.source})")
    for warning in comparison.warnings:
        out.append(f"warning: {warning.path + ': ' if warning.path else ''}{warning.message}")
    for line in redlines(comparison):
        change = line.change
        plain = change.op is ChangeOp.UNCHANGED and not any(p.op is not EditOp.EQUAL for p in line.pieces)
        if plain and change.label is None:
            continue
        where = " › ".join(line.section) or "(top level)"
        ids = f"{','.join(change.left) or '-'} → {','.join(change.right) or '-'}"
        why = score_text(change) + (f"; {shared_text(change)}" if change.shared else "")
        out.append("")
        out.append(f"{line.number:>3}. {OP_TITLES[change.op]:<9} {where}  [{ids}, {why}]")
        if change.label is not None:
            out.append(f"     {relabel_text(change.label)} (cosmetic)")
        out += [f"     ! {text}" for text in class_lines(change)]
        if plain:
            continue
        pieces = []
        for piece in line.pieces:
            if piece.is_break:
                pieces.append(" ¶ ")
            elif piece.op is EditOp.EQUAL:
                pieces.append(piece.text)
            elif color:
                colour = _COLOURS["dim"] if piece.cls else _COLOURS[piece.op.value]
                pieces.append(f"{colour}{piece.text}{_COLOURS['reset']}")
            elif piece.cls:  # a slot or cosmetic difference: shown, but marked as not substantive
                pieces.append(f"[~{piece.text}~]" if piece.op is EditOp.DELETE else f"{{~{piece.text}~}}")
            elif piece.op is EditOp.DELETE:
                pieces.append(f"[-{piece.text}-]")
            else:
                pieces.append(f"{{+{piece.text}+}}")
        out.append("     " + "".join(pieces).replace("\n", " ¶ "))
        if change.formatting:
            same = " (the words are the same)" if change.same_words else ""
            out.append(f"     formatting or links changed{same}:")
            out += [f"       {text}" for text in formatting_lines(change)]
    unchanged = stats["unchanged"] - sum(
        1 for c in comparison.changes if c.op is ChangeOp.UNCHANGED and c.label
    )
    out.append("")
    out.append(f"{unchanged} unchanged clause(s) not shown.")
    return ("\n".join(out) + "\n").encode("utf-8")
