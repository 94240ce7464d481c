"""GitHub-flavoured Markdown report of a comparison: summary, numbered changes with `<ins>`/`<del>`."""

from __future__ import annotations

import re
from collections.abc import Iterable

from policydiff import __version__
from policydiff.model import ChangeOp, Comparison, EditOp
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
    option_value,
    policy_name,
    redlines,
    relabel_text,
    score_text,
    shared_text,
)

_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~])")


def escape(text: str) -> str:
    """Return `text` safe in Markdown: HTML entities for `& < >`, backslashes before Markdown marks."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _SPECIAL.sub(r"\\\1", text).replace("\n", "<br>")


def _pieces(pieces: Iterable[Piece]) -> str:
    out = []
    for piece in pieces:
        if piece.is_break:
            out.append(" ¶ ")
            continue
        text = escape(piece.text)
        if piece.op is EditOp.EQUAL:
            out.append(text)
            continue
        tag = "ins" if piece.op is EditOp.INSERT else "del"
        title = f' title="{piece.cls}"' if piece.cls else ""
        out.append(f"<{tag}{title}>{text}</{tag}>")
    return "".join(out)


def _ids(prefix: str, ids: Iterable[str]) -> str:
    joined = ", ".join(f"{prefix}:{i}" for i in ids)
    return joined or "—"


def _section(line: Redline) -> str:
    return escape(" › ".join(line.section)) if line.section else "(top level)"


def render_comparison(comparison: Comparison, *, date: str | None = None) -> bytes:
    """Return the Markdown report of a comparison (UTF-8)."""
    lines = redlines(comparison)
    left, right = comparison.left, comparison.right
    out = [
        f"# Policy comparison: {escape(policy_name(left))} → {escape(policy_name(right))}",
        "",
        "| | left | right |",
        "|---|---|---|",
        f"| title | {escape(left.title or '—')} | {escape(right.title or '—')} |",
        f"| organisation | {escape(left.organisation or '—')} | {escape(right.organisation or '—')} |",
        f"| file | `{left.source.replace('`', '')}` | `{right.source.replace('`', '')}` |",
        f"| clauses | {len(left.clauses)} | {len(right.clauses)} |",
        "",
        "## Summary",
        "",
        "| change | count |",
        "|---|---:|",
    ]
    stats = comparison.stats()
    out += [f"| {OP_TITLES[op]} | {stats[op.value]} |" for op in ChangeOp]
    out.append(f"| **total** | **{len(comparison.changes)}** |")
    details = comparison.detail_stats()
    only = sum(1 for c in comparison.changes if c.formatting and c.same_words)
    out += [
        "",
        f"{FORMATTING_TITLE}: {details['formatting']}"
        + (f" ({only} with the same words)" if only else "")
        + ".",
        f"{RENUMBERED_TITLE} (cosmetic, not counted as changes): {details['renumbered']} clauses.",
    ]
    classed = class_summary(comparison)
    if classed:
        out += ["", f"**{CLASSES_TITLE}:** {escape(classed)}."]
    if comparison.slots:
        out += ["", "**Slots** (organisation-specific text, not counted as a change):", ""]
        out += ["| left | right | occurrences | found by |", "|---|---|---:|---|"]
        out += [
            f"| {escape(s.left)} | {escape(s.right)} | {s.count} | {s.source} |" for s in comparison.slots
        ]
    cosmetic = cosmetic_kinds(lines)
    out += ["", "**Ignored by normalisation:** " + "; ".join(IGNORED) + "."]
    shown = ", ".join(f"{k} {v}" for k, v in cosmetic.items() if v)
    if shown:
        out.append(f"Cosmetic differences shown muted: {shown}.")
    warnings = all_warnings(comparison)
    if warnings:
        out += ["", "**Warnings:**", ""]
        out += [
            f"- {escape(w.path + ': ' if w.path else '')}{escape(w.message)} ({w.code})" for w in warnings
        ]
    out += ["", "## Changes", ""]
    for line in lines:
        change = line.change
        head = (
            f"{line.number}. **{OP_TITLES[change.op]}** — {_section(line)} — "
            f"{_ids('L', change.left)} → {_ids('R', change.right)} — {escape(score_text(change))}"
        )
        if change.shared:
            head += f" ({escape(shared_text(change))})"
        if change.label is not None:
            head += f" — {escape(relabel_text(change.label))} (cosmetic)"
        if change.op is ChangeOp.UNCHANGED and not any(p.op is not EditOp.EQUAL for p in line.pieces):
            text = " ".join(c.text for c in line.right)
            out.append(f"{head}: {escape(text)}")
            continue
        out.append(head)
        out.append(f"   > {_pieces(line.pieces)}")
        if change.classes:
            out.append("")
            out += [f"   - **{escape(text)}**" for text in class_lines(change)]
            if not change.formatting:
                out.append("")
        if change.formatting:
            same = " (the words are the same)" if change.same_words else ""
            out.append("")
            out.append(f"   Formatting or links changed{same}:")
            out += [f"   - {escape(text)}" for text in formatting_lines(change)]
            out.append("")
    out += ["", "## Provenance", ""]
    out.append(f"- tool: policydiff {__version__}")
    for name, value in comparison.options:
        out.append(f"- option {escape(name)}: `{option_value(value).replace('`', '')}`")
    for side, policy in (("left", left), ("right", right)):
        out.append(f"- {side}: `{policy.source.replace('`', '')}` sha-256 `{policy.sha256}`")
    if date:
        out.append(f"- date: {escape(date)}")
    return ("\n".join(out) + "\n").encode("utf-8")
