"""Readable terminal text: the clause tree of a document, one clause a line."""

from __future__ import annotations

from policydiff.model import ClauseKind, Policy


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
