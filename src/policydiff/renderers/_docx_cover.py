"""The `--cover` page of the generated Word redline: a summary table in a content control."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from lxml import etree

from policydiff.model import ChangeOp, Comparison
from policydiff.renderers import _ooxml as ox
from policydiff.renderers._redline import (
    FORMATTING_MEANING,
    FORMATTING_TITLE,
    OP_MEANINGS,
    OP_TITLES,
    RENUMBERED_MEANING,
    RENUMBERED_TITLE,
    Redline,
    class_rows,
    policy_name,
)

COVER_TAG = "policydiff-cover"
"""The `w:sdtPr/w:tag` of the summary table; the DOCX reader skips this content control."""


def write_cover(
    body: etree._Element, comparison: Comparison, lines: Sequence[Redline], clean: Callable[[str], str]
) -> None:
    """Write the summary table inside a content control that readers and Accept/Reject leave alone.

    `clean` drops the characters XML forbids from the policy names (and counts them).
    """
    content = ox.sdt(body, COVER_TAG, "policydiff summary")
    heading = ox.p(content)
    left, right = policy_name(comparison.left), policy_name(comparison.right)
    ox.r(heading, clean(f"Changes from {left} to {right}"), bold=True)
    stats = comparison.stats()
    rows = [["Kind", "Count", "Meaning"]]
    rows.extend([OP_TITLES[op], str(stats[op.value]), OP_MEANINGS[op]] for op in ChangeOp)
    details = comparison.detail_stats()
    rows.append([FORMATTING_TITLE, str(details["formatting"]), FORMATTING_MEANING])
    rows.append([RENUMBERED_TITLE, str(details["renumbered"]), RENUMBERED_MEANING])
    rows.extend(class_rows(lines))
    ox.tbl(content, rows)
    note = ox.p(content)
    ox.r(
        note,
        "Summary written by policydiff: not part of the policy and not a tracked change. "
        "Moves appear as a deletion and an insertion, each with a comment naming the change.",
        italic=True,
    )
