"""The `--cover` page of the generated Word redline: the sign-off change list in a content control.

The list is the one every report shares (`_signoff`): changes numbered from 1 over changes only, each
with its class (substantive, formatting, organisation name only, cosmetic only), its reference in the
document's own terms ("2.3", "was 2.2") and what changed for a reviewer. The comments in the body
name changes by the same numbers.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

from lxml import etree

from policydiff.classes import describe
from policydiff.model import ChangeOp, Comparison
from policydiff.renderers import _ooxml as ox
from policydiff.renderers._redline import (
    CLASSES_TITLE,
    FORMATTING_MEANING,
    FORMATTING_TITLE,
    OP_MEANINGS,
    OP_TITLES,
    RENUMBERED_MEANING,
    RENUMBERED_TITLE,
    Redline,
    class_rows,
    formatting_lines,
    policy_name,
    relabel_text,
)
from policydiff.renderers._signoff import (
    CLASS_MEANINGS,
    CLASS_TITLES,
    Row,
    class_counts,
    edits_summary,
    snippet,
)

COVER_TAG = "policydiff-cover"
"""The `w:sdtPr/w:tag` of the summary table; the DOCX reader skips this content control."""


def write_cover(
    body: etree._Element,
    comparison: Comparison,
    lines: Sequence[Redline],
    rows: Sequence[Row],
    clean: Callable[[str], str],
) -> None:
    """Write the summary and the change list inside a content control that readers and Accept/Reject
    leave alone. `clean` drops the characters XML forbids (and counts them)."""
    content = ox.sdt(body, COVER_TAG, "policydiff summary")
    left, right = policy_name(comparison.left), policy_name(comparison.right)
    _bold(content, clean(f"Changes from {left} to {right}: {len(rows)} to sign off"))
    counts = class_counts(rows)
    table = [["Sign-off class", "Count", "Meaning"]]
    table.extend([CLASS_TITLES[cls], str(count), CLASS_MEANINGS[cls]] for cls, count in counts.items())
    ox.tbl(content, table)
    stats = comparison.stats()
    details = comparison.detail_stats()
    table = [["Kind", "Count", "Meaning"]]
    table.extend([OP_TITLES[op], str(stats[op.value]), OP_MEANINGS[op]] for op in ChangeOp)
    table.append([FORMATTING_TITLE, str(details["formatting"]), FORMATTING_MEANING])
    table.append([RENUMBERED_TITLE, str(details["renumbered"]), RENUMBERED_MEANING])
    ox.tbl(content, table)
    numbers = {row.position: row.number for row in rows}
    renumbered = [
        dataclasses.replace(line, number=numbers[line.number]) for line in lines if line.number in numbers
    ]
    classes = class_rows(renumbered)
    if classes:
        _bold(content, CLASSES_TITLE)
        ox.tbl(content, [["Change class", "Count", "Changes"], *classes])
    if rows:
        _bold(content, "Changes to sign off")
        listed = [["No.", "Where", "Kind", "Class", "What changed"]]
        listed.extend(
            [str(row.number), _where(row), _kind(row), row.class_title, clean("; ".join(_what(row)))]
            for row in rows
        )
        ox.tbl(content, listed)
    note = ox.p(content)
    ox.r(
        note,
        "Summary written by policydiff: not part of the policy and not a tracked change. "
        "Moves appear as a deletion and an insertion, each with a comment naming the change by its number.",
        italic=True,
    )


def _bold(parent: etree._Element, text: str) -> None:
    ox.r(ox.p(parent), text, bold=True)


def _where(row: Row) -> str:
    return f"{row.ref} (was {row.was})" if row.was else row.ref


def _kind(row: Row) -> str:
    return f"{row.kind}, {row.words}" if row.words else row.kind


def _what(row: Row) -> list[str]:
    """Return what changed for a reviewer, as the HTML and Markdown change lists say it: classes,
    renumbering, formatting, and the words (an added or removed clause's opening words, else the first
    edits and how many words went out and came in)."""
    change = row.change
    out = [describe(k) for k in change.classes]
    if change.label is not None:
        out.append(relabel_text(change.label))
    out.extend(formatting_lines(change))
    if change.op is ChangeOp.ADDED or change.op is ChangeOp.REMOVED:
        text = "".join(e.text for e in change.edits)
        if text.strip():
            out.append(snippet(text))
        return out
    summary = edits_summary(change, _quoted)
    if summary is not None:
        out.append(summary)
    return out


def _quoted(before: str, after: str) -> str:
    old = f"“{before.strip()}”" if before.strip() else ""
    new = f"“{after.strip()}”" if after.strip() else ""
    return f"{old} → {new}" if old and new else f"out {old}" if old else f"in {new}"
