"""The writer: every change of a comparison, in order, into the copy of the right package."""

from __future__ import annotations

import dataclasses

from policydiff.model import ChangeOp, Clause, Comparison
from policydiff.renderers._redline import Redline, redlines
from policydiff.renderers.docx_package.atoms import _cosmetic, _looks, _spaced
from policydiff.renderers.docx_package.elements import _open_content_controls
from policydiff.renderers.docx_package.fields import _moved_references
from policydiff.renderers.docx_package.joins import _Joins
from policydiff.renderers.docx_package.marks import _bookmarks_in_order
from policydiff.renderers.docx_package.names import _DEL, _ILVL, _INS, _MOVE_FROM, _MOVE_TO
from policydiff.renderers.docx_package.notes import _Notes
from policydiff.renderers.docx_package.order import _Order


class _Writer(_Joins, _Notes, _Order):
    __slots__ = ()

    # ------------------------------------------------------------ the changes

    def run(self, comparison: Comparison) -> None:
        left, right = self.left.clauses, self.right.clauses
        sides = [
            (tuple(left[i] for i in change.left), tuple(right[i] for i in change.right))
            for change in comparison.changes
        ]
        self.map_numbering(sides)
        # Only changes that are not plainly unchanged need their word pieces.
        same = [
            change.op is ChangeOp.UNCHANGED and [c.text for c in lc] == [c.text for c in rc]
            for change, (lc, rc) in zip(comparison.changes, sides, strict=True)
        ]
        kept = tuple(change for change, plain in zip(comparison.changes, same, strict=True) if not plain)
        lines = iter(redlines(dataclasses.replace(comparison, changes=kept)))
        by_left: dict[str, Redline] = {}
        self.changed_parts.add(self.right.trace.main)
        moved_names: dict[int, str] = {}
        # Whether either body writes a list level on a paragraph (a relevelled heading: see relevelled).
        levels = any(
            next(s.trace.roots[s.trace.main].iter(_ILVL), None) is not None for s in (self.left, self.right)
        )
        # The paragraphs of each side with spaces around their text: a pair of equal texts differs
        # there only when one side's paragraph has them (a cell's clause is looked at whole).
        spaced = (_spaced(self.left.trace), _spaced(self.right.trace))
        spaces = bool(spaced[0] or spaced[1])

        def cell(lc: Clause, rc: Clause) -> bool:
            return lc.location.row is not None or rc.location.row is not None

        apart = (
            self.across_containers(comparison.changes, sides)
            | self.row_moves(comparison.changes, sides)
            | self.parts_apart(comparison.changes, sides)
        )
        crossing = self.crossings(comparison.changes, sides, apart)
        in_place = self.cells_in_place(comparison.changes, sides)
        paired_moves: set[int] = set()  # (their lines' numbers)
        for index, (plain, (lclauses, rclauses)) in enumerate(zip(same, sides, strict=True)):
            if index in crossing or index in apart:
                if not plain:
                    next(lines)
                name = None
                if index in crossing and not self.linked(lclauses, rclauses):
                    self.moves += 1
                    name = f"policydiffMove{self.moves}"
                for clause in rclauses:
                    self.whole_right(clause, _INS if name is None else _MOVE_TO, name)
                for clause in lclauses:
                    self.crossed[clause.id] = name
                continue
            if plain:
                whole = self.shape_clash(lclauses, rclauses)
                if whole:
                    self.replace_whole(lclauses, rclauses)
                elif (
                    any(_looks(lc) != _looks(rc) for lc, rc in zip(lclauses, rclauses, strict=False))
                    or (levels and self.relevelled(lclauses, rclauses))
                    or self.restart_left(lclauses, rclauses)
                    or self.other_start(lclauses)
                ):
                    whole = self.level_clash(lclauses, rclauses)
                    if whole:
                        self.replace_whole(lclauses, rclauses)
                    else:
                        self.paragraph_properties(lclauses, rclauses)
                if not whole and len(lclauses) == 1 == len(rclauses):
                    self.relabelled(lclauses[0], rclauses[0])
                if spaces and not whole and len(lclauses) == 1 == len(rclauses):
                    lc, rc = lclauses[0], rclauses[0]
                    if lc.location.index in spaced[0] or rc.location.index in spaced[1] or cell(lc, rc):
                        self.plain_spaces(lc, rc)
                last = self._last_right(rclauses)
                if last is not None:
                    for clause in lclauses:
                        self.left_out.setdefault(clause.id, last)  # (a pair written whole: its copy)
                continue
            line = next(lines)
            for clause in line.left:
                by_left[clause.id] = line
            op = line.op
            if index in in_place:
                paired_moves.add(line.number)
                self.pair(line)
            elif op is ChangeOp.ADDED:
                for clause in line.right:
                    self.whole_right(clause, _INS)
            elif op is ChangeOp.MOVED and all(c.location.part != self.right.trace.main for c in line.right):
                continue  # (a note whose reference moved: see note_references)
            elif op is ChangeOp.MOVED and self.linked(line.left, line.right):
                for clause in line.right:
                    self.whole_right(clause, _INS)  # (and the left copies deleted: see linked)
            elif op is ChangeOp.MOVED:
                self.moves += 1
                name = f"policydiffMove{self.moves}"
                moved_names[line.number] = name
                for clause in line.right:
                    self.whole_right(clause, _MOVE_TO, name)
            elif op is ChangeOp.REMOVED:
                continue
            elif op is ChangeOp.UNCHANGED:  # the same after normalisation: a quote, a dash, a space
                self.pair(_cosmetic(line))
            else:
                self.pair(line)
            last = self._last_right(line.right)
            if last is not None:
                for clause in line.left:
                    # (a part of a merge: the paragraph its deleted mark ends, so a left-only
                    # paragraph after it in the left goes there, between the parts)
                    units = self.left.units(clause) if len(line.left) > 1 else ()
                    made = self.split_made.get(id(units[-1].element)) if units else None
                    self.left_out.setdefault(clause.id, made if made is not None else last)
        # Left-only paragraphs, in left order, each after what stands for its predecessor.
        previous: str | None = None
        for clause in self.left.clauses.values():
            owner = by_left.get(clause.id)
            if clause.location.part != self.left.trace.main:
                continue  # a note removed on the left: its reference went with its paragraph
            gone = (owner is not None and owner.op is ChangeOp.REMOVED) or clause.id in self.rows_moved
            if gone and clause.location.row is not None:
                row = self.removed_row(clause, previous, by_left)
                if row is not None:
                    self.left_out[clause.id] = row
                    previous = clause.id
                    continue
            if clause.id in self.crossed:
                name = self.crossed[clause.id]
                copies = self.left_copies(clause, _DEL if name is None else _MOVE_FROM, name, ())
                self.copies.extend(copies)
                if copies:
                    self.place(copies, previous, clause)
                    self.left_out[clause.id] = copies[-1]
            elif (
                owner is not None
                and owner.op in (ChangeOp.REMOVED, ChangeOp.MOVED)
                and owner.number not in paired_moves
            ):
                kind = _MOVE_FROM if owner.number in moved_names else _DEL
                copies = self.left_copies(clause, kind, moved_names.get(owner.number), owner.right)
                self.copies.extend(copies)
                if copies:
                    self.place(copies, previous, clause)
                    self.left_out[clause.id] = copies[-1]
            if clause.id in self.left_out:
                previous = clause.id
        self.note_references(comparison)
        self.headers_and_footers()
        self.table_of_contents()
        self.empty_paragraphs()
        self.last_marks()
        self.deleted_joins()
        self.unjoined_notes()
        self.joined_properties()
        self.former_lists()
        self.carried_restarts()
        self.own_restarts()
        self.restored_firsts()
        self.restored_holders()
        self.family_heads()
        self.joined_firsts()
        _bookmarks_in_order(self.right.trace.roots[self.right.trace.main])
        _moved_references(
            self.right.trace.roots[self.right.trace.main],
            self.attrs,
            self.left.trace.roots[self.left.trace.main],
        )
        for name in sorted(self.changed_parts):
            if name in self.right.trace.roots:
                _open_content_controls(self.right.trace.roots[name])
