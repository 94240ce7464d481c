"""A table row added or removed is reported as that row, even when one of its cells repeats a cell of the
row next to it (session 16: found on Google-Docs-shaped documents, where the Word redline then put the
cells in the wrong rows)."""

from __future__ import annotations

from pathlib import Path

import pytest

from policydiff import compare
from policydiff.model import ChangeOp

HEAD = "| Record | Kept for | Held by |\n|---|---|---|\n"
ROWS = {
    "contacts": "| Client contact details | 2 years | Coordinator |\n",
    "volunteers": "| Volunteer applications | 3 years | Coordinator |\n",
    "gift aid": "| Gift Aid declarations | 6 years | Treasurer |\n",
}


def _policy(intro: str, rows: list[str]) -> str:
    table = HEAD + "".join(ROWS[r] for r in rows)
    return f"# Records\n\n{intro}\n\n{table}\nThe policy is reviewed every year.\n"


@pytest.mark.parametrize(
    "intro",
    [
        "We keep records for the periods below.",  # (the same on both sides: equal ends trimmed)
        "We keep records for the periods below and then destroy them securely.",  # (reworded on one)
    ],
)
def test_a_row_whose_last_cell_repeats_the_row_above_is_added_and_removed_whole(
    tmp_path: Path, intro: str
) -> None:
    left, right = tmp_path / "left.md", tmp_path / "right.md"
    left.write_text(_policy("We keep records for the periods below.", ["contacts", "gift aid"]), "utf-8")
    right.write_text(_policy(intro, ["contacts", "volunteers", "gift aid"]), "utf-8")
    new_row = ["Volunteer applications", "3 years", "Coordinator"]
    for a, b, op, side in ((left, right, ChangeOp.ADDED, "right"), (right, left, ChangeOp.REMOVED, "left")):
        comparison = compare(a, b)
        clauses = {c.id: c for c in getattr(comparison, side).clauses}
        cells = [clauses[i] for ch in comparison.changes if ch.op is op for i in getattr(ch, side)]
        assert [c.text for c in cells] == new_row
        assert {c.location.row for c in cells} == {2}
