"""Where left-only paragraphs and rows go in the body, and which pairs are written as moves or whole."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Sequence
from typing import Any

from lxml import etree

from policydiff.model import Change, ChangeOp, Clause
from policydiff.ooxml.names import w
from policydiff.readers.docx import (
    is_toc_sdt,
)
from policydiff.renderers._redline import Redline
from policydiff.renderers.docx_package.atoms import _top_block
from policydiff.renderers.docx_package.elements import (
    _ancestor,
    _grid_width,
    _number_of,
    _outside_tables,
    _row_props,
)
from policydiff.renderers.docx_package.marks import _empty_paragraph, _mark_row_paragraphs
from policydiff.renderers.docx_package.names import (
    _BODY,
    _DEL,
    _HYPERLINK,
    _P,
    _SDT,
    _SDT_CONTENT,
    _SECT_PR,
    _TBL,
    _TC,
    _TC_PR,
    _TR,
    _TXBX,
)
from policydiff.renderers.docx_package.runs import _in_text_box, _to_deleted_text, _wrap_runs
from policydiff.renderers.docx_package.side import _Side
from policydiff.renderers.docx_package.words import _Words

_GRID_SPAN = w("gridSpan")


class _Order(_Words):
    __slots__ = ()

    def linked(self, lclauses: Sequence[Clause], rclauses: Sequence[Clause]) -> bool:
        """Return whether a paragraph of a moved change holds a link: such a move is written as the
        left paragraphs deleted and the right ones inserted. LibreOffice 7.4 does not read the moved
        runs inside a link (`w:hyperlink/w:moveTo`) as part of the move, and an empty paragraph stayed
        where the paragraph moved from (Accept All) and to (Reject All)."""
        return any(
            next(unit.element.iter(_HYPERLINK), None) is not None
            for side, clauses in ((self.left, lclauses), (self.right, rclauses))
            for clause in clauses
            for unit in side.units(clause)
        )

    def parts_apart(
        self, changes: Sequence[Change], sides: Sequence[tuple[tuple[Clause, ...], tuple[Clause, ...]]]
    ) -> set[int]:
        """Return the splits whose parts stand apart (one moved away past paragraphs both views show)
        and the merges of paragraphs that stood so apart: written as the left paragraphs deleted at
        their own places and the right ones inserted at theirs (`across_containers`). Written in place,
        the inserted mark between the parts joined the paragraph after the first part on Reject All:
        the first part of a split ran into the heading after it, and a merge's later part came back in
        the wrong place. (Removed or added paragraphs between the parts go with the change.)"""
        main = self.left.trace.main, self.right.trace.main
        found = {
            index: (self.left.between(lclauses), self.right.between(rclauses))
            for index, (lclauses, rclauses) in enumerate(sides)
            if (len(lclauses) > 1 or len(rclauses) > 1)
            and lclauses
            and rclauses
            and all(c.location.part == main[0] for c in lclauses)
            and all(c.location.part == main[1] for c in rclauses)
        }
        found = {index: ids for index, ids in found.items() if ids[0] or ids[1]}
        if not found:
            return set()
        added = {cid for c in changes if c.op is ChangeOp.ADDED for cid in c.right}
        removed = {cid for c in changes if c.op is ChangeOp.REMOVED for cid in c.left}
        return {
            index
            for index, (lbetween, rbetween) in found.items()
            if any(cid not in removed for cid in lbetween) or any(cid not in added for cid in rbetween)
        }

    def across_containers(
        self, changes: Sequence[Change], sides: Sequence[tuple[tuple[Clause, ...], tuple[Clause, ...]]]
    ) -> set[int]:
        """Return the changes pairing paragraphs of the main parts in different containers (the body,
        a table cell, a text box): written as the left paragraphs deleted at their own place and the
        right ones inserted at theirs, so Reject All keeps the left order and Accept All the right
        (written in place, a left body paragraph in a right cell put the next left paragraph after the
        table, a left cell's text came back outside its table)."""
        lmain, rmain = self.left.trace.main, self.right.trace.main
        boxes = [
            next(side.trace.roots[side.trace.main].iter(_TXBX), None) is not None
            for side in (self.left, self.right)
        ]
        boxed = any(boxes)
        cells = [
            {c.id for c in side.clauses.values() if c.location.row is not None}
            for side in (self.left, self.right)
        ]
        apart = set()
        for index, (lclauses, rclauses) in enumerate(sides):
            change = changes[index]
            if not boxed and cells[0].isdisjoint(change.left) and cells[1].isdisjoint(change.right):
                continue  # (body paragraphs on both sides)
            if (
                lclauses
                and rclauses
                and change.op is not ChangeOp.MOVED
                and all(c.location.part == lmain for c in lclauses)
                and all(c.location.part == rmain for c in rclauses)
                and self.container(self.left, lclauses, boxes[0])
                != self.container(self.right, rclauses, boxes[1])
            ):
                apart.add(index)
        return apart

    def row_moves(
        self, changes: Sequence[Change], sides: Sequence[tuple[tuple[Clause, ...], tuple[Clause, ...]]]
    ) -> set[int]:
        """Return the moves that carry a table row whole (its every cell's clauses moved into one row
        holding nothing else): written as the left row deleted where it stood and the right row
        inserted, as Word's own Compare writes a moved row (Word tracks no row move).

        Written as moves, each cell's text went, moved from, into the last cell of the row before the
        left row's place (a copied paragraph cannot be a row), and Reject All showed it there."""
        lmain, rmain = self.left.trace.main, self.right.trace.main

        def row_of(side: _Side, clause: Clause) -> Any:
            units = side.units(clause) if clause.location.row is not None else ()
            return _ancestor(units[0].element, _TR) if units else None

        moved: dict[tuple[Any, Any], list[int]] = {}
        for index, (lclauses, rclauses) in enumerate(sides):
            if changes[index].op is not ChangeOp.MOVED or not lclauses or not rclauses:
                continue
            if any(c.location.part != lmain for c in lclauses) or any(
                c.location.part != rmain for c in rclauses
            ):
                continue
            lrows = {row_of(self.left, c) for c in lclauses}
            rrows = {row_of(self.right, c) for c in rclauses}
            if len(lrows) == 1 == len(rrows) and None not in lrows and None not in rrows:
                moved.setdefault((lrows.pop(), rrows.pop()), []).append(index)
        if not moved:
            return set()
        cells: tuple[dict[Any, set[str]], dict[Any, set[str]]] = ({}, {})
        for side, out in ((self.left, cells[0]), (self.right, cells[1])):
            for clause in side.clauses.values():
                row = row_of(side, clause)
                if row is not None:
                    out.setdefault(row, set()).add(clause.id)
        found: set[int] = set()
        for (lrow, rrow), indices in moved.items():
            left_ids = {c.id for i in indices for c in sides[i][0]}
            right_ids = {c.id for i in indices for c in sides[i][1]}
            if cells[0].get(lrow) == left_ids and cells[1].get(rrow) == right_ids:
                found.update(indices)
                self.rows_moved |= left_ids
        return found

    def cells_in_place(
        self, changes: Sequence[Change], sides: Sequence[tuple[tuple[Clause, ...], tuple[Clause, ...]]]
    ) -> set[int]:
        """Return the moves of one table cell's clause into the cell of the same column in the row that
        the left cell's row went to (another cell of the two rows paired, not moved): written as a pair
        in place, as the words of a cell that stayed.

        The alignment calls such a cell moved when notes alike around it were paired crosswise (pandoc
        gives each reference its own note: Docutils policies 0.16 and 0.21.2, "candidate 2 (release)").
        Written as a move, the moved-from copy went into the cell before (a copied paragraph cannot be a
        cell): Reject All showed it there, and that cell's note reference was lost with its mark."""
        lmain, rmain = self.left.trace.main, self.right.trace.main
        found = [
            index
            for index, (lclauses, rclauses) in enumerate(sides)
            if changes[index].op is ChangeOp.MOVED
            and len(lclauses) == 1 == len(rclauses)
            and lclauses[0].location.row is not None
            and rclauses[0].location.row is not None
            and lclauses[0].location.part == lmain
            and rclauses[0].location.part == rmain
        ]
        if not found:
            return set()
        rows: dict[Any, set[Any]] = {}  # a left row: the right rows its cells were paired with
        for index, (lclauses, rclauses) in enumerate(sides):
            if changes[index].op in (ChangeOp.MOVED, ChangeOp.ADDED, ChangeOp.REMOVED):
                continue
            lrows = {cell.getparent() for c in lclauses if (cell := _cell_of(self.left, c)) is not None}
            rrows = {cell.getparent() for c in rclauses if (cell := _cell_of(self.right, c)) is not None}
            if len(lrows) == 1 or len(rrows) == 1:  # (a pair of rows or a split over rows: never rows × rows)
                for row in lrows:
                    rows.setdefault(row, set()).update(rrows)
        out = set()
        for index in found:
            lcell, rcell = _cell_of(self.left, sides[index][0][0]), _cell_of(self.right, sides[index][1][0])
            if (
                lcell is not None
                and rcell is not None
                and rcell.getparent() in rows.get(lcell.getparent(), ())
                and _column(lcell) == _column(rcell)
            ):
                out.add(index)
        return out

    def container(self, side: _Side, clauses: Sequence[Clause], boxes: bool) -> frozenset[str]:
        """Return what holds the clauses' paragraphs: table cells, text boxes (looked for only when
        the part has `boxes`) or the body."""
        return frozenset(
            "box"
            if boxes and (units := side.units(clause)) and _in_text_box(units[0].element)
            else "body"
            if clause.location.row is None
            else "cell"
            for clause in clauses
        )

    def crossings(
        self,
        changes: Sequence[Change],
        sides: Sequence[tuple[tuple[Clause, ...], tuple[Clause, ...]]],
        apart: set[int],
    ) -> set[int]:
        """Return the changes pairing a left paragraph far out of left order (the comparison saw no
        move): the pairs outside a longest run whose left order follows the right order. Reject All
        cannot restore the left order of a pair written in place, so each is written as a native move
        (`w:moveFrom` at the left place, `w:moveTo` at the right). Pairs from left table cells or notes
        stay."""
        lpos = {key: n for n, key in enumerate(self.left.clauses)}
        rpos = {key: n for n, key in enumerate(self.right.clauses)}
        main = self.right.trace.main
        pairs = sorted(
            (rpos[change.right[0]], lpos[change.left[0]], index)
            for index, (change, (lclauses, rclauses)) in enumerate(zip(changes, sides, strict=True))
            if change.op is not ChangeOp.MOVED
            and index not in apart
            and lclauses
            and rclauses
            and all(c.location.row is None and c.location.part == self.left.trace.main for c in lclauses)
            and all(c.location.part == main for c in rclauses)
        )
        # Longest increasing run of left positions (patience sorting), kept; the rest cross.
        tails: list[int] = []
        tail_at: list[int] = []
        before = [-1] * len(pairs)
        for n, (_, left, _) in enumerate(pairs):
            k = bisect.bisect_left(tails, left)
            if k == len(tails):
                tails.append(left)
                tail_at.append(n)
            else:
                tails[k], tail_at[k] = left, n
            before[n] = tail_at[k - 1] if k else -1
        kept = set()
        n = tail_at[-1] if tail_at else -1
        while n >= 0:
            kept.add(n)
            n = before[n]
        return {pairs[n][2] for n in range(len(pairs)) if n not in kept}

    def removed_row(self, clause: Clause, previous: str | None, by_left: dict[str, Redline]) -> Any:
        """Copy a left table row whose every cell was removed as a deleted row (`w:trPr/w:del`) after
        the right row where its predecessor stands; return it, None when that cannot be done."""
        units = self.left.units(clause)
        row = _ancestor(units[0].element, _TR) if units else None
        if row is None:
            return None
        if row in self.rows_copied:
            return self.rows_copied[row]
        anchor = self.left_out.get(previous) if previous is not None else None
        # (the row before: the one holding the predecessor, or the predecessor's row copied deleted)
        target = (anchor if anchor.tag == _TR else _ancestor(anchor, _TR)) if anchor is not None else None
        before = None
        if target is None:  # (a table's first rows: before the right row of the next row kept)
            before = self.next_kept_row(row, by_left)
            if before is None:
                return self.removed_table(row, anchor, by_left)
        if not self.all_gone(row, _TR, by_left):
            return None
        if _grid_width(row) != _grid_width(target if target is not None else before):
            return None
        copied = self.deleted_rows(row)
        if target is not None:
            target.addnext(copied)
        elif before is not None:
            before.addprevious(copied)
        self.rows_copied[row] = copied
        return copied

    def removed_table(self, row: Any, anchor: Any, by_left: dict[str, Redline]) -> Any:
        """Copy a left table whose every cell was removed, every row deleted, after `anchor` (what stands
        for the left clause before it; the body's start when None); return the copy of `row`, None when
        that cannot be done: a table inside it, another table on either side (two tables with nothing
        between them are one in Word), or a row with a cell kept."""
        table = row.getparent()
        if table.tag != _TBL or any(True for _ in itertools.islice(table.iter(_TBL), 1, None)):
            return None  # (`iter` yields the table itself first: a second one is inside it)
        if not self.all_gone(table, _TBL, by_left):
            return None
        body = self.right.trace.roots[self.right.trace.main].find(_BODY)
        if anchor is not None:
            anchor = _outside_tables(anchor)
            following = anchor.getnext()
        else:
            following = next((c for c in body if c.tag in (_P, _TBL, _SDT)), None)
        if (anchor is not None and anchor.tag == _TBL) or (following is not None and following.tag == _TBL):
            return None
        copied = self.deleted_rows(table)
        if anchor is not None:
            anchor.addnext(copied)
        elif following is not None:
            following.addprevious(copied)
        else:
            body.insert(0, copied)
        for original, made in zip(table.iter(_TR), copied.iter(_TR), strict=True):
            self.rows_copied[original] = made
        return self.rows_copied[row]

    def all_gone(self, container: Any, tag: str, by_left: dict[str, Redline]) -> bool:
        """Return whether every left clause in `container` (a row or a table, by `tag`) was removed, or
        is of a row moved whole."""
        for other in self.left.clauses.values():
            units = self.left.units(other) if other.location.row is not None else ()
            if not units or _ancestor(units[0].element, tag) is not container or other.id in self.rows_moved:
                continue
            owner = by_left.get(other.id)
            if owner is None or owner.op is not ChangeOp.REMOVED:
                return False
        return True

    def deleted_rows(self, element: Any) -> Any:
        """Return a copy of a left row or table with its text deleted and every row marked deleted."""
        copied = self.copy_left(element)
        _to_deleted_text(copied, _DEL)
        for p in copied.iter(_P):
            _wrap_runs(p, _DEL, self.attrs)
        for tr in copied.iter(_TR):  # (the row itself first, when it is one)
            etree.SubElement(_row_props(tr), _DEL, self.attrs())
            _mark_row_paragraphs(tr, _DEL, self.attrs)
        return copied

    def next_kept_row(self, row: Any, by_left: dict[str, Redline]) -> Any:
        """Return the right row that holds what the first kept row after left row `row`, in its table,
        became (its first cell's clause paired), None when there is none."""
        table = row.getparent()
        seen = False
        for clause in self.left.clauses.values():
            units = self.left.units(clause) if clause.location.row is not None else ()
            other = _ancestor(units[0].element, _TR) if units else None
            if other is row:
                seen = True
                continue
            if not seen or other is None:
                continue
            if other.getparent() is not table:
                return None  # (past the table: no row of it kept)
            owner = by_left.get(clause.id)
            out = self.left_out.get(clause.id)  # (what stands for it on the right, when it is kept)
            if out is None or out.tag == _TR or (owner is not None and owner.op is ChangeOp.REMOVED):
                continue
            return _ancestor(out, _TR)
        return None

    def _last_right(self, clauses: Sequence[Clause]) -> Any:
        for clause in reversed(clauses):
            units = self.right.units(clause)
            if units and clause.location.part == self.right.trace.main:
                return units[-1].element
        return None

    def place(self, copies: list[Any], previous: str | None, clause: Clause) -> None:
        """Put copied left paragraphs after the output of the left clause before them."""
        anchor = self.left_out.get(previous) if previous is not None else None
        in_cell = clause.location.row is not None
        if anchor is None:
            body = self.right.trace.roots[self.right.trace.main].find(_BODY)
            # Before the first paragraph or table, and before a content control heading the body (a
            # table of contents) when the left paragraph stood before every one of the left's too.
            units = self.left.units(clause)
            top = _top_block(units[0].element) if units else None
            heads = top is not None and not any(b.tag == _SDT for b in top.itersiblings(preceding=True))
            first = next((c for c in body if c.tag in (_P, _TBL) or (heads and c.tag == _SDT)), None)
            if first is not None and (inside := self.contents_start(first)) is not None:
                first = inside
            for el in copies:
                if first is not None:
                    first.addprevious(el)
                else:
                    body.insert(0, el)
            return
        while _in_text_box(anchor):  # (a copy goes after the paragraph holding the box, not into it)
            anchor = _ancestor(_ancestor(anchor, _TXBX), _P)
        if not in_cell:  # (after the table the predecessor stands in, or the row copied deleted)
            anchor = self.past_closing_empties(
                self.past_contents(_outside_tables(anchor), previous, clause), clause
            )
        elif (cell := self.cell_after(anchor, previous, clause)) is not None:
            # The first paragraph of a cell after the predecessor's cell, in the same row: at the start of
            # the right row's cell as far on (it went at the end of the predecessor's cell).
            first = next((c for c in cell if c.tag != _TC_PR), None)
            for el in copies:
                if first is not None:
                    first.addprevious(el)
                else:
                    cell.append(el)
            return
        following = anchor.getnext()
        while following is not None and following.tag not in (_P, _TBL, _SDT):
            following = following.getnext()
        if not in_cell and following is not None and (inside := self.contents_start(following)) is not None:
            for el in copies:
                inside.addprevious(el)
            return
        for el in copies:
            anchor.addnext(el)
            anchor = el

    @staticmethod
    def contents_start(block: Any) -> Any:
        """Return the first paragraph of Word's table of contents when `block` is its content control,
        else None: a left paragraph that stood just before the contents goes in there, first.

        Its deleted mark joins it into the contents' first paragraph on Accept All; before the control
        no paragraph follows in its container, and LibreOffice 7.4 kept it as an empty paragraph
        (stress `wm-toc` x122, x130, x141: a title removed or moved away from before the contents;
        the reader reads such a paragraph, `_skip_generated`)."""
        if block.tag != _SDT or not is_toc_sdt(block):
            return None
        content = block.find(_SDT_CONTENT)
        return next(content.iterchildren(_P), None) if content is not None else None

    def past_contents(self, anchor: Any, previous: str | None, clause: Clause) -> Any:
        """Return the right's table of contents when the left paragraph stood after the left's, its
        predecessor before it, and the right's follows `anchor` with only empty paragraphs between; else
        `anchor`.

        The reader leaves the contents out (`table_of_contents`), so a paragraph that stood right after
        them has the paragraph before them (a title) as its predecessor: put straight after it, Reject
        All showed the paragraph before the contents (stress `g-sg-r` x90r, session 18)."""
        before = self.left.clauses.get(previous) if previous is not None else None
        units, theirs = self.left.units(clause), self.left.units(before) if before is not None else ()
        if not units or not theirs:
            return anchor
        own, other = _top_block(units[0].element), _top_block(theirs[-1].element)
        if own is None or other is None or own.getparent() is not other.getparent():
            return anchor
        crossed = False
        for el in other.itersiblings():
            if el is own:
                break
            crossed = crossed or (el.tag == _SDT and is_toc_sdt(el))
        else:
            return anchor  # (the paragraph stands before its predecessor: not a plain gap)
        if not crossed:
            return anchor
        for el in anchor.itersiblings():
            if el.tag == _SDT and is_toc_sdt(el):
                return el
            if not _empty_paragraph(el):
                break
        return anchor

    def past_closing_empties(self, anchor: Any, clause: Clause) -> Any:
        """Return where left paragraphs go after `anchor` when only empty paragraphs follow it in the right
        body: after as many of those as stand in the left between its predecessor and it, less those the
        left ends with (they pair with the right's last ones), else `anchor`.

        The body's last paragraph mark cannot be revised: a left paragraph that ended the left after an
        empty paragraph, put before the right's closing empty paragraph, left an empty paragraph after it
        in Reject All ("Review", "", "The board signs.", ""). After it, `last_marks` gives the empty
        paragraph its deleted mark instead, and both views are right."""
        closing = []
        for el in anchor.itersiblings():
            if el.tag == _SECT_PR:
                break
            if not _empty_paragraph(el):
                return anchor
            closing.append(el)
        units = self.left.units(clause)
        top = _top_block(units[0].element) if closing and units else None
        if top is None:
            return anchor
        before = after = 0
        for el in top.itersiblings(preceding=True):
            if not _empty_paragraph(el):
                break
            before += 1
        for el in reversed(top.getparent()):  # (the left's own closing empty paragraphs pair first)
            if el.tag == _SECT_PR:
                continue
            if not _empty_paragraph(el):
                break
            after += 1
        skip = min(before, len(closing) - after)
        return closing[skip - 1] if skip > 0 else anchor

    def cell_after(self, anchor: Any, previous: str | None, clause: Clause) -> Any:
        """Return the right cell a left-only paragraph that opens its cell goes into: the cell as many cells
        after the anchor's (where its predecessor stands) as its own left cell is after the predecessor's,
        in one row on both sides; else None (the same cell, another row, or no such cell)."""
        before = self.left.clauses.get(previous) if previous is not None else None
        units, theirs = self.left.units(clause), self.left.units(before) if before is not None else ()
        if not units or not theirs:
            return None
        own, other = _ancestor(units[0].element, _TC), _ancestor(theirs[-1].element, _TC)
        here = _ancestor(anchor, _TC)
        if own is None or other is None or here is None or own is other:
            return None
        if own.getparent() is not other.getparent() or _ancestor(anchor, _TR) is not here.getparent():
            return None
        cells = [c for c in own.getparent() if c.tag == _TC]
        step = cells.index(own) - cells.index(other)
        if step <= 0 or next((c for c in own if c.tag == _P), None) is not units[0].element:
            return None
        row = [c for c in here.getparent() if c.tag == _TC]
        at = row.index(here) + step
        return row[at] if at < len(row) else None


def _cell_of(side: _Side, clause: Clause) -> Any:
    """Return the table cell (`w:tc`) holding a cell clause's first paragraph, None for another clause."""
    units = side.units(clause) if clause.location.row is not None else ()
    cell = _ancestor(units[0].element, _TC) if units else None
    return cell if cell is not None and cell.getparent() is not None and cell.getparent().tag == _TR else None


def _column(cell: Any) -> int:
    """Return the grid column a table cell starts at (the spans of the cells before it counted)."""
    return sum(_number_of(el.find(f"{_TC_PR}/{_GRID_SPAN}")) for el in cell.itersiblings(_TC, preceding=True))
