"""Tables of the generated Word redline: cell paragraphs put back into rows, whole rows revised."""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from policydiff.renderers import _ooxml as ox
from policydiff.renderers._docx_marks import Revision, Written


def put_in_tables(written: Sequence[Written], body: etree._Element, revision: Revision) -> None:
    """Put the paragraphs of table cells back into tables, row by row as the clauses came.

    A run of consecutive cell paragraphs is one table. A right-hand cell joins the row of the
    cell before it when they share a right-hand row, a left-only cell when they share a
    left-hand row (a removed cell stays in its row); else a new row starts. A row holding only
    left-hand cells is a deleted row, one whose cells were all inserted an inserted row; Accept All
    and Reject All then drop the row whole. A cell's last paragraph mark ends the cell, so it is
    never a revision: an inserted cell in a kept row is left empty by Reject All, a deleted one by
    Accept All.
    """
    index = 0
    while index < len(written):
        if written[index].cell is None:
            index += 1
            continue
        end = index
        while end < len(written) and written[end].cell is not None:
            end += 1
        _table(written[index:end], body, revision)
        index = end


def _table(run: Sequence[Written], body: etree._Element, revision: Revision) -> None:
    rows: list[list[list[Written]]] = []
    right_row: int | None = None
    left_row: int | None = None
    last: tuple[str, int, int, int | None] | None = None
    for entry in run:
        assert entry.cell is not None
        side, row, column, paired = entry.cell
        if side == "R":
            joins = bool(rows) and right_row == row
            right_row = row
            left_row = paired if not joins or left_row is None else left_row
        else:
            joins = bool(rows) and left_row == row
            if not joins:
                right_row = None
            left_row = row
        if not joins:
            rows.append([[entry]])
        elif last is not None and (side, column) == (last[0], last[2]):
            rows[-1][-1].append(entry)
        else:
            rows[-1].append([entry])
        last = entry.cell
    width = max(len(row) for row in rows)
    first = run[0].element
    table = ox.table(body, width)
    first.addprevious(table)
    for cells in rows:
        entries = [entry for cell in cells for entry in cell]
        mark: tuple[str, dict[str, str]] | None = None
        if all(entry.cell is not None and entry.cell[0] == "L" for entry in entries):
            mark = ("del", revision(None))
        elif all(entry.mark == "ins" for entry in entries):
            mark = ("ins", revision(None))
        line = ox.tr(table, mark)
        for cell in cells:
            holder = ox.tc(line, width)
            for entry in cell:
                holder.append(entry.element)
                entry.in_table = True
            cell[-1].mark = None
    if table.getnext() is None:  # a document ends with a paragraph, not a table
        ox.p(body)
