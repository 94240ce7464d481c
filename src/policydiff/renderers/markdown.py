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
    metadata_object,
    option_value,
    policy_name,
    redlines,
    relabel_text,
)
from policydiff.renderers._signoff import (
    CLASS_MEANINGS,
    CLASS_SYMBOLS,
    CLASS_TITLES,
    Context,
    Row,
    SignoffClass,
    class_counts,
    edits_summary,
    pair_notes,
    signoff_list,
    snippet,
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


def _context(items: Iterable[Context]) -> list[str]:
    out = []
    for item in items:
        also = f"; change {item.number}" if item.number is not None else ""
        label = escape(item.clause.label + " ") if item.clause.label else ""
        out.append(f"   - … {label}{escape(item.clause.text)} *(context{also})*")
    return out


def _why(row: Row) -> list[str]:
    why = row.why or "not paired: a clause on one side only"
    parts = [escape(why)]
    if row.evidence:
        parts.append(escape(row.evidence))
    parts.append(escape(row.ids))
    return [
        "",
        "   <details><summary>Why paired</summary>",
        "",
        f"   {' · '.join(parts)}",
        "",
        "   </details>",
    ]


def _unchanged(run: list[Redline], refs: dict[str, str]) -> list[str]:
    count = f"{len(run)} unchanged clause" + ("s" if len(run) > 1 else "")
    out = ["<details><summary>" + count + "</summary>", ""]
    for line in run:
        clause = line.right[0] if line.right else None
        ref = escape(refs.get(clause.id, "")) if clause is not None else ""
        text = " ".join(c.text for c in line.right)
        out.append(f"- {ref}: {escape(text)}")
    out += ["", "</details>", ""]
    return out


def render_comparison(comparison: Comparison, *, date: str | None = None) -> bytes:
    """Return the Markdown report of a comparison (UTF-8): summary, the sign-off change list, each change.

    Changes are numbered over changes only, with their class, reference and a "why paired" disclosure
    (`_signoff`); unchanged clauses are listed collapsed, unnumbered.
    """
    lines = redlines(comparison)
    signoff = signoff_list(comparison)
    rows = {row.position: row for row in signoff.rows}
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
    ]
    # The documents' own details (front matter, reST docinfo, core properties) as the HTML report shows
    # them: they are no clauses, so this table is the only place a changed one shows.
    lmeta, rmeta = metadata_object(left), metadata_object(right)
    out += [
        f"| {escape(k)} | {escape(lmeta.get(k, '—'))} | {escape(rmeta.get(k, '—'))} |"
        for k in dict.fromkeys((*lmeta, *rmeta))
        if k not in ("header", "footer")
    ]
    out += [
        "",
        "## Summary",
        "",
        "| change | count |",
        "|---|---:|",
    ]
    stats = comparison.stats()
    out += [f"| {OP_TITLES[op]} | {stats[op.value]} |" for op in ChangeOp]
    out.append(f"| **total** | **{len(comparison.changes)}** |")
    counts = class_counts(signoff.rows)
    out += ["", "| class | changes | meaning |", "|---|---:|---|"]
    out += [
        f"| {_symbol(cls)} {CLASS_TITLES[cls]} | {counts[cls]} | {escape(CLASS_MEANINGS[cls])} |"
        for cls in SignoffClass
    ]
    out.append(f"| **listed** | **{len(signoff.rows)}** | |")
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
    unchanged = len(comparison.changes) - len(signoff.rows)
    out += ["", "## Change list", ""]
    alike = sum(1 for row in signoff.rows if row.op is ChangeOp.UNCHANGED)
    also = f" ({alike} of them unchanged clauses that only look different)" if alike else ""
    out.append(
        f"{len(signoff.rows)} entries to sign off{also}, numbered in the right-hand document's order; the "
        f"other {unchanged} unchanged clauses are not numbered. Key: <del>deleted</del> <ins>inserted</ins>; "
        'organisation name only <del title="slot">old</del><ins title="slot">new</ins> and cosmetic only '
        "differences carry a title; *(context)* marks an unchanged neighbour. Classes: "
        + ", ".join(f"{_symbol(cls)} {CLASS_TITLES[cls].lower()}" for cls in SignoffClass)
        + "."
    )
    if signoff.rows:
        out += ["", "| no. | class | kind | reference | what changed |", "|---:|---|---|---|---|"]
        by_position = {line.number: line for line in lines}
        for row in signoff.rows:
            was = f" (was {escape(row.was)})" if row.was else ""
            out.append(
                f"| [{row.number}](#change-{row.number}) | {_symbol(row.cls)} {CLASS_TITLES[row.cls]} "
                f"| {row.kind} | {escape(row.ref)}{was} | {_what(by_position[row.position], row)} |"
            )
    out += ["", "## Changes", ""]
    run: list[Redline] = []
    for line in lines:
        listed = rows.get(line.number)
        if listed is None:
            run.append(line)
            continue
        row = listed
        if run:
            out += _unchanged(run, signoff.right_refs)
            run = []
        change = line.change
        was = f" (was {escape(row.was)})" if row.was else ""
        out.append(
            f'{row.number}. <a id="change-{row.number}"></a>**{_symbol(row.cls)} {CLASS_TITLES[row.cls]}** — '
            f"{row.kind} — {escape(row.ref)}{was}" + (f" — {escape(row.words)}" if row.words else "")
        )
        if change.label is not None:
            out.append(f"   {escape(relabel_text(change.label))} (cosmetic)")
        if row.before or row.after:
            out.append("")
            out += _context(row.before)
            label = (line.right or line.left)[0].label
            out.append(f"   - {escape(label + ' ') if label else ''}{_pieces(line.pieces)}")
            out += _context(row.after)
        else:
            out.append(f"   > {_pieces(line.pieces)}")
        if change.classes:
            out.append("")
            out += [f"   - **{escape(text)}**" for text in class_lines(change)]
        if change.formatting:
            same = " (the words are the same)" if change.same_words else ""
            out.append("")
            out.append(f"   Formatting or links changed{same}:")
            out += [f"   - {escape(text)}" for text in formatting_lines(change)]
        out += _why(row)
        out.append("")
    if run:
        out += _unchanged(run, signoff.right_refs)
    out += ["", "## Sign-off", ""]
    by_class = ", ".join(f"{counts[cls]} {CLASS_TITLES[cls].lower()}" for cls in SignoffClass)
    out.append(f"I have reviewed the {len(signoff.rows)} changes of the change list ({by_class}).")
    out += ["", "| | |", "|---|---|"]
    out += [f"| {name} | |" for name in ("Reviewed by", "Role", "Signature", "Date", "Changes queried")]
    out += ["", "## Provenance", ""]
    out.append(f"- tool: policydiff {__version__}")
    for name, value in comparison.options:
        out.append(f"- option {escape(name)}: `{option_value(value).replace('`', '')}`")
    for side, policy in (("left", left), ("right", right)):
        out.append(f"- {side}: `{policy.source.replace('`', '')}` sha-256 `{policy.sha256}`")
    if date:
        out.append(f"- date: {escape(date)}")
    return ("\n".join(out) + "\n").encode("utf-8")


def _what(line: Redline, row: Row) -> str:
    """Return what changed in a few words, for the change list (as the HTML report says it)."""
    change = line.change
    parts = [escape(t) for t in class_lines(change)]
    if change.op is ChangeOp.ADDED or change.op is ChangeOp.REMOVED:
        parts.append(escape(snippet(" ".join(c.text for c in line.right or line.left))))
        return "; ".join(parts)
    summary = edits_summary(change, _marked)
    if summary is not None:
        parts.append(summary)
    parts.extend(escape(note) for note in pair_notes(change, row))
    return "; ".join(parts)


def _marked(before: str, after: str) -> str:
    a = f"<del>{escape(before)}</del>" if before.strip() else ""
    b = f"<ins>{escape(after)}</ins>" if after.strip() else ""
    return f"{a} → {b}" if a and b else a or b


def _symbol(cls: SignoffClass) -> str:
    return escape(CLASS_SYMBOLS[cls])
