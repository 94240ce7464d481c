"""A pair of paragraphs written word by word: inserted and deleted runs, splits, merges, properties."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any

from lxml import etree

from policydiff.model import Clause, EditOp
from policydiff.ooxml.names import R, w
from policydiff.readers.docx import (
    ParagraphTrace,
)
from policydiff.renderers._redline import Piece, Redline
from policydiff.renderers.docx_package.atoms import (
    _HELD,
    _atoms,
    _clause_atoms,
    _edge_spaces,
    _noted_part,
    _one_part,
    _outer_spaces,
    _relinked,
    _typed_label_inside,
    _typed_labels,
    _typed_leads,
)
from policydiff.renderers.docx_package.elements import _ancestor, _field_results, _row_props
from policydiff.renderers.docx_package.marks import (
    _KIND,
    _before_table,
    _clean_ppr,
    _content,
    _last_in_container,
    _mark,
    _mark_of,
    _mark_row_paragraphs,
    _ppr_key,
    _range,
)
from policydiff.renderers.docx_package.names import (
    _BR,
    _DEL,
    _DEL_TEXT,
    _HYPERLINK,
    _ID,
    _INS,
    _MOVE_FROM,
    _MOVE_TO,
    _NUM_ID,
    _NUMPR,
    _P,
    _PPR,
    _R,
    _RPR,
    _RPR_CHANGE,
    _SEGMENTS,
    _SPLIT,
    _T,
    _TAB,
    _TR,
    _VAL,
    Atom,
)
from policydiff.renderers.docx_package.package import _Package
from policydiff.renderers.docx_package.runs import (
    _SPLIT_CONTAINERS,
    _cut,
    _Elements,
    _expand_simple_fields,
    _outer_run,
    _run_of,
    _split_container,
    _wrap_runs,
)


class _Words(_Package):
    __slots__ = ()

    # ------------------------------------------------------------ whole paragraphs

    def whole_right(self, clause: Clause, kind: str, move: str | None = None) -> None:
        """Mark a right clause's paragraphs inserted (or moved here) whole: runs and marks."""
        units = self.right.units(clause)
        if clause.location.part != self.right.trace.main:
            self.changed_parts.add(self._note_part(clause))
        marks = self.attrs() if move is not None else {}
        for index, unit in enumerate(units):
            p = unit.element
            _expand_simple_fields(p)
            _wrap_runs(p, kind, self.attrs)
            if move is not None:
                if index == 0:
                    _range(p, "moveToRangeStart", marks, move, first=True)
                if index == len(units) - 1:
                    _range(p, "moveToRangeEnd", {_ID: marks[_ID]}, None, first=False)
            if not (_last_in_container(p) or _before_table(p)) or index < len(units) - 1:
                _mark(p, kind, self.attrs())
            else:
                self.unmarked.append((p, kind))
        if clause.location.row is not None and kind == _INS and units:
            self.row_inserted(units[0].element)

    def row_inserted(self, p: Any) -> None:
        """Mark a table row inserted when every cell of it holds only inserted text.

        The marks of its paragraphs that are no clause's (empty ones) are marked inserted too, but for a
        cell's last: LibreOffice's Reject All kept a row whose cell held an untracked paragraph mark, as
        empty paragraphs (`wm-tables` x125, a row copied with its two-paragraph cell and emptied).
        """
        row = _ancestor(p, _TR)
        if row is None:
            return
        for t in row.iter(_T):
            if t.text and t.text.strip() and _ancestor(t, _INS) is None:
                return
        props = _row_props(row)
        if props.find(_INS) is None:
            etree.SubElement(props, _INS, self.attrs())
        _mark_row_paragraphs(row, _INS, self.attrs)

    # ------------------------------------------------------------ pairs

    def paragraph_properties(self, lclauses: Sequence[Clause], rclauses: Sequence[Clause]) -> None:
        """Record the left paragraph's properties where its style or list differs from the right's.

        Each right paragraph of the change gets those of the last left paragraph: on Reject All a
        split's paragraphs join (LibreOffice keeps the first one's properties, Word the last one's),
        and a merge's kept paragraph is the last of the left ones.
        """
        if not lclauses or not rclauses:
            return
        if any(c.location.part != self.right.trace.main or c.location.row is not None for c in rclauses):
            return
        lunits = self.left.units(lclauses[-1])
        if not lunits or lclauses[-1].location.row is not None:
            return
        left_p = lunits[-1].element
        raw = _ppr_key(left_p.find(_PPR))
        raw = (raw[0], self.num_map.get(raw[1] or "", raw[1]) if raw[1] else None, raw[2])
        for clause in rclauses:
            for unit in self.right.units(clause):
                key = _ppr_key(unit.element.find(_PPR))
                if key == raw:
                    continue
                old = self.copy_left_ppr(left_p)
                num = old.find(f"{_NUMPR}/{_NUM_ID}") if old is not None else None
                if (
                    num is not None
                    and key[1]
                    and raw[1]
                    and key[1:] != raw[1:]
                    and key[2] == raw[2]
                    and clause.label == lclauses[-1].label
                    and self.restarts_alike(key[1], raw[1], unit.element)
                ):
                    num.set(_VAL, key[1])  # the same list, as far as the numbers go
                # (A left item that holds its list's restart, given a list that counts on: not the
                # same list for `same_props`, or Reject All counted on, "(c)" for "(a)": stress
                # `wm-words` x142, the item merged into one of its twin list.)
                exact = self.holds_restart(left_p, old)
                self.style_level_kept(left_p, old, unit.element)
                self.former_properties(unit.element, old, exact=exact)

    def pair(self, line: Redline) -> None:
        """Write a reworded, split or merged change into the right paragraphs, word by word."""
        lunits = [self.left.units(c) for c in line.left]
        runits = [self.right.units(c) for c in line.right]
        latoms = _clause_atoms(lunits, line.left)
        ratoms = _clause_atoms(runits, line.right)
        in_notes = any(c.location.part != self.right.trace.main for c in line.right)
        if in_notes:
            self.changed_parts.update(self._note_part(c) for c in line.right)
        if self.shape_clash(line.left, line.right) or _typed_label_inside(
            lunits, line.left, runits, line.right
        ):
            self.replace_whole(line.left, line.right)
            return
        if latoms is None or ratoms is None or not line.exact or self.level_clash(line.left, line.right):
            self.replace_whole(line.left, line.right)
            return
        lflat = [u for units in lunits for u in units]
        rflat = [u for units in runits for u in units]
        if [r for u in lflat for r in _field_results(u.element)] != [
            r for u in rflat for r in _field_results(u.element)
        ]:
            # A revision inside a field's result is lost (LibreOffice reads the result as the field's):
            # the pair is written whole.
            self.replace_whole(line.left, line.right)
            return
        given: Sequence[Piece] = line.pieces
        if len(lflat) == 1 == len(rflat) and len(line.left) == 1 == len(line.right):
            typed = _typed_labels(lflat[0], line.left[0], rflat[0], line.right[0])
        else:  # (a split's or merge's first paragraphs)
            typed = _typed_leads(lunits, line.left, runits, line.right)
        if typed is not None:  # (the paragraphs' typed numbers differ: tracked with the words)
            given, latoms, ratoms = [*typed[0], *given], typed[1], typed[2]
        pieces, latoms, ratoms = _outer_spaces(given, (lflat, latoms), (rflat, ratoms))
        keep = None if in_notes else _noted_part(lflat, rflat)
        if keep is not None:
            self.merge_apart(keep, pieces, bool(line.change.formatting), lunits, latoms, rflat, ratoms, line)
            return
        self.edit(pieces, bool(line.change.formatting), lflat, latoms, rflat, ratoms)
        self.paragraph_properties(line.left, line.right)

    def relabelled(self, lc: Clause, rc: Clause) -> None:
        """Track a number typed before an unchanged clause's text that differs between the two paragraphs
        ("5. Allegations against staff" → "6. Allegations against staff"): read as labels, the texts are
        the same and the pair was left as the right paragraph, so Reject All showed the right's number."""
        lunits, runits = self.left.units(lc), self.right.units(rc)
        if len(lunits) != 1 or len(runits) != 1 or rc.location.part != self.right.trace.main:
            return
        typed = _typed_labels(lunits[0], lc, runits[0], rc)
        if typed is not None:
            pieces, latoms, ratoms = typed
            self.edit([*pieces, Piece(EditOp.EQUAL, rc.text)], False, lunits, latoms, runits, ratoms)

    def merge_apart(
        self,
        keep: int,
        pieces: Sequence[Piece],
        emphasis: bool,
        lunits: list[list[ParagraphTrace]],
        latoms: list[Atom],
        rflat: list[ParagraphTrace],
        ratoms: list[Atom],
        line: Redline,
    ) -> None:
        """Write a merge whose left paragraph `keep` (not the last) holds a note reference without a
        tracked mark in the paragraph holding it.

        LibreOffice 7.4 drops a tracked paragraph mark in a paragraph holding a note reference
        (NOTE_MARK): split at the left's deleted mark, Accept All kept the merged paragraph in two. The
        right paragraph is kept whole, paired with the left paragraph holding the note (the other
        parts' words inserted in it), and the other left paragraphs are copied in deleted, those
        before it before the right paragraph, those after it after, so Reject All shows each
        left paragraph in its place."""
        lflat = [u for units in lunits for u in units]
        kept_pieces, kept_atoms = _one_part(pieces, latoms, keep)
        self.edit(kept_pieces, emphasis, [lflat[keep]], kept_atoms, rflat, ratoms)
        right_p = anchor = rflat[0].element
        for index, unit in enumerate(lflat):
            if index == keep:
                continue
            made = self.deleted_copy(unit.element, _DEL, None, {}, first=False, last=False)
            if index < keep:
                right_p.addprevious(made)
            else:
                anchor.addnext(made)
                anchor = made
            self.copies.append(made)
            self.split_made[id(unit.element)] = made  # (left-only paragraphs after it go after it)
        offset = 0
        for clause, units in zip(line.left, lunits, strict=True):
            if offset <= keep < offset + len(units):
                self.paragraph_properties((clause,), line.right)
            offset += len(units)

    def plain_spaces(self, lclause: Clause, rclause: Clause) -> None:
        """Track the spaces around the text of a pair of equal texts where they differ (the clause
        texts leave them out): Reject All showed the right's (a merge with an empty paragraph left a
        space at the end of the kept one)."""
        lunits, runits = self.left.units(lclause), self.right.units(rclause)
        latoms = _atoms(lunits, lclause.text) if lunits else None
        ratoms = _atoms(runits, rclause.text) if runits else None
        if latoms is None or ratoms is None or lclause.text != rclause.text:
            return
        pieces, latoms, ratoms = _outer_spaces(
            (Piece(EditOp.EQUAL, rclause.text),), (lunits, latoms), (runits, ratoms)
        )
        if any(piece.op is not EditOp.EQUAL for piece in pieces):
            self.edit(pieces, False, lunits, latoms, runits, ratoms)

    def replace_whole(self, lclauses: Sequence[Clause], rclauses: Sequence[Clause]) -> None:
        """Write a change whose words cannot be placed: the left paragraphs deleted, the right inserted."""
        first = None
        for clause in rclauses:
            units = self.right.units(clause)
            if units and first is None:
                first = units[0].element
            self.whole_right(clause, _INS)
        if first is None or any(c.location.part != self.left.trace.main for c in lclauses):
            return
        copies = []
        for clause in lclauses:
            made = self.left_copies(clause, _DEL, None, ())
            if made:
                self.left_out[clause.id] = made[-1]
            copies.extend(made)
        # Before the wholly inserted paragraphs just before: a run of pairs written whole reads as the
        # left paragraphs deleted, then the right ones inserted (else Reject All joins each inserted
        # paragraph into the next deleted one, which takes the inserted one's list).
        own = first
        while (before := first.getprevious()) is not None and _mark_of(before) == _INS:
            if before.tag != _P or any(_KIND.get(child.tag) != _INS for child in _content(before)):
                break
            first = before
        for el in copies:
            first.addprevious(el)
        if copies and first is own:
            # (only next to each other: Accept All joins the copy into the paragraph after it)
            self.shared_bookmarks(lclauses, rclauses, copies[0])

    def shared_bookmarks(self, lclauses: Sequence[Clause], rclauses: Sequence[Clause], deleted: Any) -> None:
        """Start a bookmark both sides' paragraphs of a pair written whole hold in the deleted copy of the
        left paragraph, so that it spans both: each view keeps the paragraph it marks (a cross-reference
        to a heading written whole read the next paragraph's number after Reject All, where the inserted
        heading and its bookmark were gone)."""
        names = {
            b.get(w("name"))
            for clause in lclauses
            for unit in self.left.units(clause)
            for b in unit.element.iter(w("bookmarkStart"))
        }
        names.discard(None)
        if not names:
            return
        props = deleted.find(_PPR)
        at = 1 if props is not None else 0
        for clause in rclauses:
            for unit in self.right.units(clause):
                for start in list(unit.element.iter(w("bookmarkStart"))):
                    if start.get(w("name")) in names:
                        start.getparent().remove(start)
                        deleted.insert(at, start)
                        at += 1

    def edit(
        self,
        given: Sequence[Piece],
        emphasis: bool,
        lunits: list[ParagraphTrace],
        latoms: list[Atom],
        runits: list[ParagraphTrace],
        ratoms: list[Atom],
    ) -> None:
        """Write word pieces (`emphasis`: some kept word changed its emphasis) into right paragraphs."""
        inserted: list[tuple[int, int, str | None]] = []  # right atom ranges
        deleted: list[tuple[int, int, int, str | None]] = []  # (right position, left start, left end, cls)
        restyled: list[tuple[int, int]] = []  # (left atom, right atom) kept, emphasis changed
        li = ri = 0
        pieces = _relinked(given, lunits, latoms, runits, ratoms) if emphasis else given
        if len(lunits) != len(runits):
            pieces, ratoms = _edge_spaces(pieces, (lunits, latoms), (runits, ratoms))
        for piece in pieces:
            n = len(piece.text)
            if piece.cls == _HELD:  # a space at a paragraph edge, standing for the other side's
                if piece.op is EditOp.INSERT:
                    ri += n
                else:
                    li += n
                continue
            if piece.op is EditOp.EQUAL:
                for k in range(n if emphasis else 0):
                    lat, rat = latoms[li + k], ratoms[ri + k]
                    if lat[1] >= 0 and rat[1] >= 0:
                        lp, rp = lunits[lat[0]].pieces[lat[1]], runits[rat[0]].pieces[rat[1]]
                        if lp[1:4] != rp[1:4] or lp[5:7] != rp[5:7]:  # bold, italic, underline; strike, code
                            restyled.append((li + k, ri + k))
                li += n
                ri += n
            elif piece.op is EditOp.INSERT:
                inserted.append((ri, ri + n, piece.cls))
                ri += n
            else:
                deleted.append((ri, li, li + n, piece.cls))
                li += n
        # Cut the right runs so every range starts and ends at a run's edge.
        cuts: set[int] = set()
        for start, end, _ in inserted:
            cuts.update((start, end))
        for pos, *_ in deleted:
            cuts.add(pos)
        previous = -2
        for _, ra in restyled:  # a stretch of restyled characters is cut at its ends only
            if ra != previous + 1:
                cuts.update((ra, previous + 1))
            previous = ra
        cuts.discard(-1)
        if restyled:
            cuts.add(previous + 1)
        elements = _cut(runits, ratoms, cuts)
        # Emphasis changes: the left run's properties before the change.
        done: set[int] = set()
        for la, ra in restyled:
            el = elements[ra]
            if el is None or id(el) in done:
                continue
            done.add(id(el))
            lrun = _run_of(lunits[latoms[la][0]].sources[latoms[la][1]])
            run = _run_of(el)
            if run is None or lrun is None:
                continue
            props = run.find(_RPR)
            if props is None:
                props = etree.Element(_RPR)
                run.insert(0, props)
            if props.find(_RPR_CHANGE) is None:
                change = etree.SubElement(props, _RPR_CHANGE, self.attrs())
                old = self.left_rpr(lrun)
                change.append(old)
        # Deletions, placed before the right character at their position (else after the one before).
        # The pieces deleted at one position are put together, in their order: put one by one after
        # the character before, the later went first (a merge's deleted mark and the second part's
        # words after it, at the right paragraph's end, were written words first, and Reject All
        # lost the mark between the parts: "…on phones.This policy explains how the").
        nodes: list[Any] = []
        for k, (pos, start, end, cls) in enumerate(deleted):
            inside = None  # the link both right characters around the position stand in
            if 0 < pos < len(ratoms) and ratoms[pos][1] >= 0 and ratoms[pos - 1][1] >= 0:
                here = runits[ratoms[pos][0]].pieces[ratoms[pos][1]][4]
                if here is not None and here == runits[ratoms[pos - 1][0]].pieces[ratoms[pos - 1][1]][4]:
                    inside = here
            nodes.extend(self.deleted_nodes(lunits, latoms[start:end], cls, inside))
            if k + 1 == len(deleted) or deleted[k + 1][0] != pos:
                self.put(nodes, pos, runits, ratoms, elements)
                nodes = []
        # Insertions: the right runs wrapped; a mark between two right paragraphs marked inserted.
        for start, end, cls in inserted:
            attrs = self.attrs(cls)
            container: Any = None
            done_el: Any = None
            for k in range(start, end):
                atom = ratoms[k]
                if atom[1] < 0:
                    _mark(runits[atom[0]].element, _INS, self.attrs(cls))
                    container = None
                    continue
                el = elements[k]
                if el is not None and el is done_el:
                    continue  # the next character of a run just wrapped
                done_el = el
                run = _run_of(el) if el is not None else None
                if run is None or (run.getparent() is not None and run.getparent().tag == _INS):
                    continue
                if container is not None and run.getprevious() is container:
                    container.append(run)
                else:
                    container = etree.Element(_INS, attrs)
                    run.addprevious(container)
                    container.append(run)
        self.splits(lunits, runits)

    def left_rpr(self, source: Any) -> Any:
        """Return a copy of a left run's properties fit for the right package."""
        props = source.find(_RPR)
        holder = etree.Element(_P)
        run: Any = etree.SubElement(holder, _R)
        if props is not None:
            run.append(copy.deepcopy(props))
        holder = self.copy_left(holder, prune=False) if props is not None else holder
        run = holder.find(_R)
        props = run.find(_RPR) if run is not None else None
        if props is None:
            return etree.Element(_RPR)
        for el in list(props):
            if el.tag in (_RPR_CHANGE, _INS, _DEL, _MOVE_FROM, _MOVE_TO):
                props.remove(el)
        return props

    def deleted_nodes(
        self, lunits: list[ParagraphTrace], atoms: list[Atom], cls: str | None, inside: str | None = None
    ) -> list[Any]:
        """Return `w:del` runs (the left runs' properties, the left text) and split placeholders.

        Deleted text of a left link keeps its link, unless it goes inside a right link of the same
        target (`inside`): a word reworded in a link of another producer went before the link."""
        nodes: list[Any] = []
        container: Any = None
        run: Any = None
        source: Any = None
        link: Any = None
        i, count = 0, len(atoms)
        while i < count:
            atom = atoms[i]
            if atom[1] < 0:
                placeholder = etree.Element(_SPLIT)
                self.split_pprs[id(placeholder)] = (lunits[atom[0]].element, placeholder)
                nodes.append(placeholder)
                container = run = source = link = None
                i += 1
                continue
            # The characters of one piece in a row go together.
            u, pi, k = atom
            j = i + 1
            while j < count and atoms[j][0] == u and atoms[j][1] == pi and atoms[j][2] == k + j - i:
                j += 1
            text = lunits[u].pieces[pi][0][k : k + j - i]
            i = j
            src_run = _run_of(lunits[u].sources[pi])
            src_link = _ancestor(src_run, _HYPERLINK) if src_run is not None else None
            if container is not None and src_link is not link:
                container = run = source = None
            if container is None:
                link = src_link
                container = etree.Element(_DEL, self.attrs(cls))
                if src_link is not None and lunits[u].pieces[pi][4] != inside:
                    # (deleted link text keeps its link: a link change)
                    wrapper = etree.Element(_HYPERLINK, dict(src_link.attrib))
                    if wrapper.get(f"{{{R}}}id"):
                        self.link(wrapper)
                    wrapper.append(container)
                    nodes.append(wrapper)
                else:
                    nodes.append(container)
            if run is None or src_run is not source:
                source = src_run
                run = etree.SubElement(container, _R)
                if src_run is not None:
                    props = self.left_rpr(src_run)
                    if len(props):
                        run.append(props)
            for segment in _SEGMENTS(text):
                if segment == "\t":
                    etree.SubElement(run, _TAB)
                elif segment == "\n":
                    etree.SubElement(run, _BR)
                else:
                    last = run[-1] if len(run) else None
                    if last is not None and last.tag == _DEL_TEXT:
                        last.text = (last.text or "") + segment
                    else:
                        last = etree.SubElement(run, _DEL_TEXT)
                        last.text = segment
        for el in nodes:
            for t in el.iter(_DEL_TEXT):
                if t.text and (t.text[:1].isspace() or t.text[-1:].isspace()):
                    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        return nodes

    def put(
        self,
        nodes: list[Any],
        pos: int,
        runits: list[ParagraphTrace],
        ratoms: list[Atom],
        elements: _Elements,
    ) -> None:
        """Put nodes at a right position: before the character there, else after the one before,
        else at the end of the paragraph the position ends."""
        target = None
        before = True
        if pos < len(ratoms) and ratoms[pos][1] >= 0 and elements[pos] is not None:
            target, before = _outer_run(elements[pos]), True
        elif pos > 0 and ratoms[pos - 1][1] >= 0 and elements[pos - 1] is not None:
            target, before = _outer_run(elements[pos - 1]), False
        if target is not None and any(el.tag == _HYPERLINK for el in nodes):
            while target.getparent() is not None and target.getparent().tag not in (_P, _INS, _DEL):
                target = target.getparent()  # a link is never put inside another
        if target is not None:
            for el in nodes:
                if before:
                    target.addprevious(el)
                else:
                    target.addnext(el)
                    target = el
            return
        if pos < len(ratoms):
            p = runits[ratoms[pos][0]].element
        elif ratoms:
            p = runits[ratoms[-1][0] if ratoms[-1][1] >= 0 else -1].element
        else:
            p = runits[0].element
        for el in nodes:
            p.append(el)

    def splits(self, lunits: list[ParagraphTrace], runits: list[ParagraphTrace]) -> None:
        """Split right paragraphs where a deleted left paragraph mark stands (a merge)."""
        for key, (left_p, placeholder) in list(self.split_pprs.items()):
            del self.split_pprs[key]
            p = _ancestor(placeholder, _P)
            if p is None:
                continue
            top = placeholder
            while top.getparent() is not p:
                top = top.getparent()
                if top.tag in _SPLIT_CONTAINERS:
                    _split_container(top, placeholder)
            new = etree.Element(_P)
            # Accept All joins it to `p`: it shows `p`'s properties; its own (left) ones before that.
            kept = p.find(_PPR)
            props = _clean_ppr(copy.deepcopy(kept)) if kept is not None else etree.Element(_PPR)
            new.append(props)
            self.former_properties(new, self.copy_left_ppr(left_p))
            moving = []
            for child in p:
                if child is top:
                    break
                if child.tag != _PPR:
                    moving.append(child)
            for child in moving:
                new.append(child)
            placeholder.getparent().remove(placeholder)
            _mark(new, _DEL, self.attrs())
            p.addprevious(new)
            self.split_made[id(left_p)] = new

    def _note_part(self, clause: Clause) -> str:
        kind = "endnotes" if (clause.location.part or "").endswith("endnotes.xml") else "footnotes"
        return self._part_of(self.right, kind) or ""
