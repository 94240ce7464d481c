"""Paragraph marks at the joins of deleted and inserted runs: whose properties each view keeps."""

from __future__ import annotations

import bisect
import copy
import difflib
from typing import Any

from lxml import etree

from policydiff.ooxml.names import w
from policydiff.renderers.docx_package.elements import _as_paragraph
from policydiff.renderers.docx_package.marks import (
    _EMPTY_PARAGRAPH,
    _GROUP,
    _KIND,
    _clean_ppr,
    _deleted_before,
    _edge,
    _gaps,
    _has_ilvl_above_zero,
    _kept_before,
    _mark,
    _mark_of,
    _next_paragraph,
    _num_id,
    _ppr_key,
    _previous_paragraph,
    _restorable,
    _siblings,
    _swap_edge,
    _whole,
    _wholly_deleted,
)
from policydiff.renderers.docx_package.names import (
    _BODY,
    _DEL,
    _HOLDS_NOTE,
    _INS,
    _MOVE_FROM,
    _MOVE_TO,
    _NUM_ID,
    _NUMPR,
    _P,
    _PPR,
    _PPR_CHANGE,
    _REVISION_TAGS,
    _RPR,
    _SDT_CONTENT,
    _SECT_PR,
    _VAL,
)
from policydiff.renderers.docx_package.words import _Words


class _Joins(_Words):
    __slots__ = ()

    def last_marks(self) -> None:
        """Place paragraph marks where LibreOffice and Word both read them as meant.

        A paragraph with a deleted mark merges into the next paragraph on Accept All; before a table
        or at the end of a cell or of the document there is none, and an empty paragraph would stay.
        So the paragraph before (and any deleted paragraphs between) has its mark deleted instead, and
        the last one takes that paragraph's properties (its own recorded in a `w:pPrChange`). An
        inserted paragraph at such a place is treated alike for Reject All.

        LibreOffice joins two insertions (or deletions) on either side of a kept paragraph mark into
        one, taking the mark with them: a kept paragraph ending in an insertion followed by wholly
        inserted paragraphs has its mark moved the same way, and where a paragraph ends and the next
        starts with the same kind of revision, a deletion/insertion pair at either edge is swapped.
        """
        for p in self.copies:
            if p.getparent() is None or _next_paragraph(p) is not None:
                continue
            first = _kept_before(p, (_DEL, _MOVE_FROM))
            if first is not None:
                self.shift(first, p, _DEL)
        for p, _ in self.unmarked:
            first = _kept_before(p, (_INS, _MOVE_TO))
            if first is not None:
                self.shift(first, p, _INS)
            elif (gone := _deleted_before(p)) is not None:
                self.absorb(gone, p)
        for part in self.changed_parts:
            root = self.right.trace.roots.get(part)
            if root is None:
                continue
            for p in list(root.iter(_P)):
                kind = _edge(p, last=True)
                if kind is None or _mark_of(p) is not None:
                    continue
                following = _next_paragraph(p)
                if following is None:
                    continue
                last = None
                while (
                    following is not None
                    and _mark_of(following) in _GROUP[kind]
                    and _whole(following) == kind
                ):
                    last = following
                    following = _next_paragraph(following)
                if last is not None:
                    if kind == _INS and _HOLDS_NOTE(p) and _restorable(following):
                        # LibreOffice 7.4 drops a tracked mark in a paragraph holding a note reference
                        # (an empty item stayed after Reject All): the run keeps its own marks, and
                        # its first paragraph a `w:pPrChange` (joined_properties), which keeps
                        # LibreOffice from joining the two insertions across the kept mark (only
                        # where the paragraph after the run has a level Reject All restores).
                        self.apart.add(_next_paragraph(p))
                    elif kind == _DEL and _HOLDS_NOTE(p) and _restorable(first := _next_paragraph(p)):
                        # (the same for a run of deleted paragraphs: its first one records its
                        # own properties, and the note reference deleted at the paragraph's end
                        # stays, see unjoined_notes)
                        self.former_properties(first, None, force=True)
                    else:
                        self.shift(p, last, kind)
                    continue
                following = _next_paragraph(p)
                if (
                    following is not None
                    and _edge(following, last=False) == kind
                    and not _swap_edge(p, last=True)
                ):
                    _swap_edge(following, last=False)

    def deleted_joins(self) -> None:
        """Give a wholly deleted left paragraph before a kept one the kept paragraph's properties, its
        own in a `w:pPrChange` (where Reject All restores them: no list level but 0).

        Accept All joins the deleted paragraph into the next one, and LibreOffice 7.4 keeps the
        first paragraph's properties on a join: a bullet item after a removed plain paragraph lost
        its list (a move holding a link, now deleted and inserted, and a merge the comparison calls
        a rewording and a removal). Word keeps the next paragraph's properties for a whole deleted
        paragraph, as written (decision 0019's rule for the generated redline).

        Each of a run of such paragraphs before the kept one gets them: LibreOffice joined the run
        under the first one's properties where a paragraph before the run held an insertion (a
        numbered heading after two removed paragraphs lost its number)."""
        for p in self.copies:
            if not _wholly_deleted(p) or getattr(p.getparent(), "tag", None) == _SDT_CONTENT:
                continue  # (one put first in the contents: Accept All kept the contents' first letters)
            following = _next_paragraph(p)
            while following is not None and _wholly_deleted(following):
                following = _next_paragraph(following)
            if following is None or _mark_of(following) not in (None, _DEL):
                continue  # (a merge's first part, its mark deleted, holds the properties of its join)
            own, theirs = p.find(_PPR), following.find(_PPR)
            if own is None or own.find(_PPR_CHANGE) is not None or not _restorable(p):
                continue
            if self.same_props(_clean_ppr(copy.deepcopy(own)), theirs):
                continue
            if _ppr_key(own)[1] not in (None, "0", _ppr_key(theirs)[1]) and not self.bullet(p):
                continue  # (another list restored from a `w:pPrChange` restarts its count; a bullet has none)
            new = _clean_ppr(copy.deepcopy(theirs)) if theirs is not None else etree.Element(_PPR)
            marks = own.find(_RPR)
            if marks is not None:
                new.append(marks)
            etree.SubElement(new, _PPR_CHANGE, self.attrs()).append(_clean_ppr(own))
            p.insert(0, new)

    def empty_paragraphs(self) -> None:
        """Make Reject All show the left body's empty paragraphs between the same paragraphs.

        Empty paragraphs are no clause, so the comparison does not see them; the redline holds the
        right's. Between two paragraphs both views share (and before the first), a right empty
        paragraph the left lacks gets an inserted mark, and one the left has more is added with a
        deleted mark."""
        body = self.right.trace.roots[self.right.trace.main].find(_BODY)
        lbody = self.left.trace.roots[self.left.trace.main].find(_BODY)
        if body is None or lbody is None or not (_EMPTY_PARAGRAPH(body) or _EMPTY_PARAGRAPH(lbody)):
            return  # (no empty paragraph on either side: nothing to line up, and no walk)
        left_tokens = _gaps(list(lbody), None)
        pending = {id(p) for p, kind in self.unmarked if kind in (_INS, _MOVE_TO)}  # (marked by last_marks)
        right_tokens = _gaps([c for c in body if id(c) not in pending], (_INS, _MOVE_TO))
        matcher = difflib.SequenceMatcher(
            None, [t[0] for t in left_tokens], [t[0] for t in right_tokens], autojunk=False
        )
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag != "equal":
                continue
            for (key, lgap, _), (_, rgap, anchor) in zip(
                left_tokens[i1:i2], right_tokens[j1:j2], strict=True
            ):
                if key[:1] == "\x00":
                    continue  # (a mark before a table cannot go: see last_marks)
                extra = len(rgap) - len(lgap)
                extras = rgap[len(rgap) - extra :] if extra > 0 else []
                if extras and _next_paragraph(extras[-1]) is None:
                    extras = rgap[:extra]  # (the body's last mark cannot be inserted: the first ones are)
                for p in extras:
                    if key or _next_paragraph(p) is not None:  # (nor the body's last mark)
                        _mark(p, _INS, self.attrs())
                if not key:
                    continue
                for _ in range(-extra):
                    empty = self.copy_left(lgap[0], prune=False)
                    _mark(empty, _DEL, self.attrs())
                    if rgap or anchor is not None:
                        (rgap[-1] if rgap else anchor).addnext(empty)
                    else:
                        body.insert(0, empty)
                    rgap.append(empty)

    def joined_properties(self) -> None:
        """Give each of a run of inserted paragraph marks the properties of the paragraph Reject All
        joins the run to, in a `w:pPrChange`: LibreOffice keeps an inserted paragraph's properties on
        a join, so a heading inserted before a list item made the item a heading after Reject All (the
        last of a run of pairs written whole, too)."""
        # (Looked up once, at the first item that needs them: where each list's first paragraph stands
        # in the body, each `w:abstractNum` family's items, the lists that restart.)
        starts: dict[str, int] = {}
        level_starts: dict[str, int] = {}  # (each list's first level-0 paragraph)
        restores: dict[str, int] = {}  # (each list's first paragraph Reject All restores it on at level 0)
        body: list[Any] = []
        members: dict[str, list[int]] = {}
        restarting: set[str] = set()
        nums: dict[str, Any] = {}  # (the numbering's lists, read at the first copy)

        def holds_start(q: Any, num_id: str | None) -> bool:
            if not body:
                body.extend(self.right.trace.roots[self.right.trace.main].iter(_P))
                families = self.families()
                restarting.update(self.restarted_lists())
                for k, el in enumerate(body):
                    if (found := _num_id(el)) is not None:
                        starts.setdefault(found, k)
                        members.setdefault(families.get(found, ""), []).append(k)
                        if not _has_ilvl_above_zero(el):
                            level_starts.setdefault(found, k)
                    change = el.find(f"{_PPR}/{_PPR_CHANGE}")
                    if (
                        change is not None
                        and (former := _num_id(change)) is not None
                        and not _has_ilvl_above_zero(change)
                        and _mark_of(el) not in (_INS, _MOVE_TO)
                    ):
                        restores.setdefault(former, k)
            if num_id is None or num_id not in starts:
                return False
            return body[starts[num_id]] is q or body[level_starts.get(num_id, starts[num_id])] is q

        def restored_list(target: Any, following: Any) -> str:
            """Return the list Reject All restores on the join of an inserted item into `following`,
            the first level-0 paragraph of a restarted twin list (`target`: the former properties).

            The list's own where `following` is its first paragraph. Where the list's first paragraph
            is an earlier item at a deeper level, a copy of it: LibreOffice 7.4 restarts a list
            restored from a `w:pPrChange` only where no paragraph before holds it, and the restored
            list counted on from that item ("(d)" for "(a)": stress `wm-twins14` x150, an item
            relevelled before the list's first level-0 item, written whole; session 23, found by hand).
            Not where an earlier paragraph Reject All shows restores the list at level 0 from its
            `w:pPrChange`: the list starts over there, and the copy restarted it again at `following`
            ("(a)" for "(c)": stress `wm-twins14` x166r, session 27, the list's first item relevelled
            from 0 to 1 and an item of the twin added before its next level-0 item, each written whole;
            found by hand: the list itself restored on the join read right in both views)."""
            held = target.find(f"{_NUMPR}/{_NUM_ID}")
            num_id = held.get(_VAL, "") if held is not None else ""
            if num_id not in starts or body[starts[num_id]] is following:
                return num_id
            if restores.get(num_id, len(body)) < level_starts.get(num_id, starts[num_id]):
                return num_id
            name = self._part_of(self.right, "numbering") or ""
            root = self.right.trace.roots[name]
            self.changed_parts.add(name)
            if not nums:
                nums.update({n.get(w("numId")): n for n in root.iter(w("num"))})
            copied = self.num_copy(root, nums[num_id], nums)
            held.set(_VAL, copied)
            return copied

        def restored_start(num_id: str, former: str) -> None:
            """Give the items after the first level-0 paragraph of restarted list `num_id` (which Reject
            All restores into list `former`: that list, or a copy of it) of the list and its twins that
            count on from it `former` as their former list too (as `restart_in_one` and `counting_on`
            do: restored, it is a list of its own, and they counted on from the items before it, "(a)"
            for "(b)"). Each family's items are walked from one restart to the next: once in all."""
            family = members.get(self.families().get(num_id, ""), [])
            for k in family[bisect.bisect_right(family, level_starts.get(num_id, starts[num_id])) :]:
                el = body[k]
                listed = _num_id(el)
                if _mark_of(el) in (_INS, _MOVE_TO):
                    continue
                if listed != num_id and listed in restarting:
                    break  # (the family's next restart)
                if el.find(f"{_PPR}/{_PPR_CHANGE}") is None and not _has_ilvl_above_zero(el):
                    self.former_properties(el, None, force=True)
                    el.find(f"{_PPR}/{_PPR_CHANGE}/{_PPR}/{_NUMPR}/{_NUM_ID}").set(_VAL, former)

        for part in sorted(self.changed_parts):
            root = self.right.trace.roots.get(part)
            if root is None:
                continue
            marked = [m.getparent().getparent().getparent() for m in root.iter(_INS, _MOVE_TO)]
            for p in marked:
                if p is None or p.tag != _P or _KIND.get(_mark_of(p) or "") != _INS:
                    continue  # (not a paragraph mark's revision)
                props = p.find(_PPR)
                if props is None or props.find(_PPR_CHANGE) is not None:
                    continue
                following = _next_paragraph(p)
                while following is not None and _KIND.get(_mark_of(following) or "") == _INS:
                    following = _next_paragraph(following)
                if following is None:
                    continue
                theirs = following.find(_PPR)
                before = theirs.find(f"{_PPR_CHANGE}/{_PPR}") if theirs is not None else None
                former = before if before is not None else theirs
                target = _clean_ppr(copy.deepcopy(former)) if former is not None else etree.Element(_PPR)
                # A change of style with no other list level written on the paragraph but level 0
                # (Reject All restores no other level with a style, and a join keeps the second
                # paragraph's when only that one has it written: an item inserted at level 3 before
                # a numbered heading made it an item); or, in one style, another level of the same
                # list or no list (which Reject All restores: a relevelled item written whole gave
                # its level to the next). (Another list restored restarts its count.)
                theirs_key, own_key = _ppr_key(target), _ppr_key(props)
                if own_key[1] is None and own_key[2] is not None:
                    # (a level written on a paragraph whose list its style gives: that list)
                    own_key = (own_key[0], self.list_of(self.right, p), own_key[2])
                    theirs_key = (
                        theirs_key[0],
                        self.list_of(self.right, _as_paragraph(target)),
                        theirs_key[2],
                    )
                level = theirs_key[2]
                relevel = (
                    theirs_key[0] == own_key[0]
                    and _mark_of(p) == _INS
                    and own_key[1] is not None
                    and theirs_key[1] in (own_key[1], None)
                    and theirs_key[1:] != own_key[1:]
                )
                other_level = (
                    theirs_key[0] == own_key[0]
                    and _mark_of(p) == _INS
                    and own_key[1] is not None
                    and theirs_key[2] != own_key[2]
                )  # (of this list or another: the mark's move needs no list restored)
                start = p
                restyled = theirs_key[0] != own_key[0] and level == self.level_of(self.right, p)
                restyled = restyled and level not in (None, "0")
                # An item inserted before the item that holds its twin list's restart (the
                # restarted list's first paragraph): Reject All joined that item under the
                # inserted item's list, which counts on ("(b)" for "(a)": stress `wm-twins7`
                # x140r, an item relevelled to level 1, written whole, session 22). Restored, the
                # restarted list starts over there. Also the first of a run of inserted paragraphs
                # before that item: LibreOffice 7.4 keeps the run's first paragraph's properties on
                # the join ("(c)" for "(a)": stress `wm-twins43` x166r, session 27, the twin's item
                # and a plain paragraph added before the item; found by hand: the first of them
                # restoring the list's copy, as the plain one does, read right in both views).
                prior = _previous_paragraph(p)
                held = (
                    theirs_key[0] == own_key[0]
                    and _whole(p) == _INS
                    and own_key[1] is not None
                    and theirs_key[1] not in (None, own_key[1])
                    and self.families().get(own_key[1]) == self.families().get(theirs_key[1] or "")
                    and self.restarted(theirs_key[1])
                    and level in (None, "0")
                    and (
                        _next_paragraph(p) is following
                        or prior is None
                        or _KIND.get(_mark_of(prior) or "") != _INS
                    )
                    and holds_start(following, theirs_key[1])
                )
                if (relevel or other_level or restyled) and level not in (None, "0"):
                    # (before an item at a level Reject All cannot restore, the run's mark moves up as
                    # below from the run's start, whichever paragraph of the run needs the item's
                    # properties: a heading of another style, or an item of another level after an
                    # inserted heading; stress `wm-merged` x62, session 19)
                    while _KIND.get(_mark_of(_previous_paragraph(start)) or "") == _INS:
                        start = _previous_paragraph(start)
                    if _whole(start) != _INS:
                        start = p
                if (relevel or other_level or restyled) and (
                    kept := self.mark_holder(start, following)
                ) is not None:
                    # LibreOffice restores no list level but 0 from a `w:pPrChange`: the run's mark
                    # moves up to the kept paragraph before it, whose properties the join keeps
                    # (the run goes before the deleted paragraphs just before it, which Accept All
                    # removes whole).
                    p = start
                    last = p
                    while _KIND.get(_mark_of(_next_paragraph(last)) or "") == _INS:
                        last = _next_paragraph(last)
                    gone = _previous_paragraph(p)
                    if gone is not kept:
                        while _previous_paragraph(gone) is not kept:
                            gone = _previous_paragraph(gone)
                        for el in _siblings(p, last):
                            gone.addprevious(el)
                        # (the last of the deleted paragraphs, after others too: stress `wm-twins8`
                        # x153, an item moved away before the relevelled one, session 23)
                        self.restart_join(_previous_paragraph(following), following)
                        for d in _siblings(gone, _previous_paragraph(following)):
                            if (
                                d.tag == _P
                                and (not self.same_place(d, following) or self.restart_kept(d, following))
                                and self.restores(d)
                            ):
                                self.take_properties(d, following)
                    self.shift(kept, last, _INS)
                elif (
                    relevel
                    or p in self.apart
                    or (
                        theirs_key[0] != own_key[0]
                        and (level in (None, "0") or level == self.level_of(self.right, p))
                    )
                    or (
                        # A paragraph with no list inserted before an item of its own style, its list
                        # written on it at level 0 (AbiWord's; stress `abi-md-attendance-policy` x61,
                        # session 18): Reject All joined the item under the paragraph's properties, its
                        # number gone.
                        theirs_key[0] == own_key[0]
                        and own_key[1] is None
                        and theirs_key[1] is not None
                        and level in (None, "0")
                    )
                    or (
                        # An item of a restarted list inserted before an item of its twin (another
                        # `w:num` of one `w:abstractNum`): Reject All joined the twin's item under the
                        # inserted item's list, and restarted it ("(a)" for "(b)": stress `wm-twins3`
                        # x132r, session 21, an item written whole). Restored, the twin's list counts on
                        # (`family_heads` gives it the list of the family's first item before it). At
                        # any level of the inserted item (since session 22: `wm-twins17` x144, an item
                        # relevelled from 1 to 2, "1." for "(b)").
                        theirs_key[0] == own_key[0]
                        and _whole(p) == _INS  # (one that keeps text keeps its list: `restart_in_view`)
                        and own_key[1] is not None
                        and theirs_key[1] not in (None, own_key[1])
                        and self.families().get(own_key[1]) == self.families().get(theirs_key[1] or "")
                        and self.restarted(own_key[1])
                        and level in (None, "0")
                        and not self.family_first(p)  # (else no list counts on: Word-made `restart6`)
                    )
                    or held
                    or (
                        # An item inserted whole at a deeper level just before a level-0 item (of
                        # another list: its own, `relevel`; no paragraph before to hold the run's mark):
                        # Reject All joined the item under the inserted item's level ("1." for "(a)":
                        # stress `wm-twins28` x161, session 25, two items swapping levels, written
                        # whole). Level 0 is one LibreOffice 7.4 restores.
                        other_level and level == "0" and _whole(p) == _INS and _next_paragraph(p) is following
                    )
                    or (
                        # A list item moved before a paragraph of its style with no list (a Google
                        # document's empty paragraph after a list): Reject All joined the two under the
                        # item's list, an empty numbered line.
                        _mark_of(p) == _MOVE_TO
                        and theirs_key[0] == own_key[0]
                        and own_key[1] is not None
                        and theirs_key[1] is None
                    )
                ):
                    etree.SubElement(props, _PPR_CHANGE, self.attrs()).append(target)
                    if held:
                        restored_start(theirs_key[1] or "", restored_list(target, following))

    def restores(self, p: Any) -> bool:
        """Return whether Reject All gives a wholly deleted paragraph its own properties back from a
        `w:pPrChange`: no former properties of its own, no list level but 0, and a list that does not
        start over there (none, a bullet, or the list of its `w:abstractNum` family's first paragraph,
        which counts on)."""
        props = p.find(_PPR)
        if props is None or props.find(_PPR_CHANGE) is not None or not _restorable(p):
            return False
        own = _num_id(p)
        if own in (None, "0") or self.bullet(p):
            return True
        families = self.families()
        family = families.get(own or "")
        body = self.right.trace.roots[self.right.trace.main]
        head = next((q for q in body.iter(_P) if families.get(_num_id(q) or "") == family), None)
        return family is not None and head is not None and _num_id(head) == own

    def take_properties(self, gone: Any, following: Any) -> None:
        """Give a wholly deleted paragraph the properties of the paragraph Accept All joins it into, its
        own in a `w:pPrChange` (as `deleted_joins` does; where the inserted run before it moved up)."""
        own, theirs = gone.find(_PPR), following.find(_PPR)
        if own is None or own.find(_PPR_CHANGE) is not None:
            return
        new = _clean_ppr(copy.deepcopy(theirs)) if theirs is not None else etree.Element(_PPR)
        marks = own.find(_RPR)
        if marks is not None:
            new.append(marks)
        etree.SubElement(new, _PPR_CHANGE, self.attrs()).append(_clean_ppr(own))
        gone.insert(0, new)

    def restart_join(self, gone: Any, following: Any) -> None:
        """Give a wholly deleted item that holds its list's restart, joined into the next paragraph on
        Accept All, that paragraph's properties, its own in a `w:pPrChange`, where Reject All shows no
        item of its `w:abstractNum` family before it, or where it is its list's first level-0 paragraph
        after an item of a twin list (since session 23).

        LibreOffice 7.4 restarts a list with a `w:startOverride` at its first level-0 paragraph in the
        package and keeps the first paragraph's properties on the join: the twin item after the deleted
        one took its list and restarted ("(a)" for "(b)"; stress `wm-twins4` x62, an item relevelled
        to level 1 written whole, session 19). Reject All restores the list, starting over: right for
        the family's first item. The list's next kept level-0 item then holds the restart in the
        package (the right restarts there too) and gets its own list in a `w:pPrChange`, which counts
        on from the restored one in Reject All; after a twin's item, the list of the family's first
        paragraph in Reject All, which counts on from the items before it (a list restored starts over,
        but that one: session 18). Word shows formatting revisions; its numbers are those of the lists
        written."""
        own, theirs = gone.find(_PPR), following.find(_PPR)
        if own is None or own.find(_PPR_CHANGE) is not None or _mark_of(gone) != _DEL:
            return
        own_list, level = _ppr_key(own)[1:]
        if own_list in (None, "0") or level not in (None, "0") or own_list == _ppr_key(theirs)[1]:
            return
        if not self.restarted(own_list):
            return
        body = self.right.trace.roots[self.right.trace.main]

        def first_item() -> Any:
            return next(
                (q for q in body.iter(_P) if _num_id(q) == own_list and not _has_ilvl_above_zero(q)), None
            )

        head = self.family_head(gone)
        if head in (None, own_list) or (head and first_item() is not gone):
            return
        self.take_properties(gone, following)
        later = first_item()
        if later is not None and _mark_of(later) is None:
            self.former_properties(later, None, force=True)
            if head:
                # (after an item of a twin list Reject All shows, it counts on in that list: its own
                # restored counted within itself, "(b)" for "(c)"; stress `wm-twins9` x61, session 23)
                former = later.find(f"{_PPR}/{_PPR_CHANGE}/{_PPR}/{_NUMPR}/{_NUM_ID}")
                if former is not None:
                    former.set(_VAL, head)

    def mark_holder(self, p: Any, following: Any) -> Any:
        """Return the kept paragraph before a wholly inserted one whose mark may be inserted in its
        stead (a plain sibling paragraph: no section, no note reference), else None.

        Wholly deleted paragraphs just before it are passed over when the last of them has the
        properties of the paragraph after the run (`following`): Accept All joins them into it; or when
        each of them that has not can take them, its own restored by Reject All (`restores`)."""
        kept = _previous_paragraph(p)
        gone = kept
        while kept is not None and _KIND.get(_mark_of(kept) or "") == _DEL and _whole(kept) == _DEL:
            kept = _previous_paragraph(kept)  # (over the deleted paragraphs just before it)
        if kept is None or kept.getparent() is not p.getparent() or _mark_of(kept) is not None:
            return None
        if gone is not kept and not self.same_place(gone, following):
            # (Each then takes the properties of `following`, its own in a `w:pPrChange`, where Reject
            # All gives them back: stress `g-sm` x62r, an item merged into the one before at another
            # level, session 19.)
            run = [q for q in _siblings(kept, gone)[1:] if q.tag == _P and not self.same_place(q, following)]
            if not all(self.restores(q) for q in run):
                return None  # (Reject All could not give them back their own properties)
        run = p
        while run is not following:
            if _whole(run) != _INS:
                return None  # (a split's kept words with an inserted mark: the run is no copy)
            run = _next_paragraph(run)
        if _HOLDS_NOTE(kept):
            return None
        props = kept.find(_PPR)
        return kept if props is None or props.find(_SECT_PR) is None else None

    def absorb(self, gone: Any, last: Any) -> None:
        """Put a deleted paragraph's content at the start of the inserted paragraph that ends its
        container (the body, a cell), whose mark cannot be inserted, and record its properties there.

        Reject All then shows the deleted words in the last paragraph, with their own properties,
        instead of an empty last paragraph after them (the deleted paragraph ended the left)."""
        props = last.find(_PPR)
        if props is None:
            props = etree.Element(_PPR)
            last.insert(0, props)
        if props.find(_SECT_PR) is not None or props.find(_PPR_CHANGE) is not None:
            return
        theirs = gone.find(_PPR)
        before = theirs.find(f"{_PPR_CHANGE}/{_PPR}") if theirs is not None else None
        former = before if before is not None else theirs
        old = _clean_ppr(copy.deepcopy(former)) if former is not None else etree.Element(_PPR)
        etree.SubElement(props, _PPR_CHANGE, self.attrs()).append(old)
        for child in reversed([child for child in gone if child.tag != _PPR]):
            props.addnext(child)
        gone.getparent().remove(gone)

    def shift(self, first: Any, last: Any, kind: str) -> None:
        """Record `first`'s mark as `kind` (inserted or deleted) and keep `last`'s instead.

        After Accept All of a deleted mark (Reject All of an inserted one) `last` holds `first`'s
        text: so it shows `first`'s properties in that view.
        """
        fprops = first.find(_PPR)
        if fprops is not None and fprops.find(_SECT_PR) is not None:
            return
        lprops = last.find(_PPR)
        if lprops is not None:
            marks = lprops.find(_RPR)
            for el in list(marks if marks is not None else ()):
                if el.tag in _REVISION_TAGS:
                    marks.remove(el)
        if kind == _DEL:
            old = _clean_ppr(copy.deepcopy(lprops)) if lprops is not None else etree.Element(_PPR)
            new = _clean_ppr(copy.deepcopy(fprops)) if fprops is not None else etree.Element(_PPR)
            kept_rpr = lprops.find(_RPR) if lprops is not None else None
            if lprops is not None:
                last.remove(lprops)
            if kept_rpr is not None:
                new.append(kept_rpr)
            last.insert(0, new)
            etree.SubElement(new, _PPR_CHANGE, self.attrs()).append(old)
        else:
            before = fprops.find(f"{_PPR_CHANGE}/{_PPR}") if fprops is not None else None
            old = _clean_ppr(copy.deepcopy(before if before is not None else fprops))
            if lprops is None:
                lprops = etree.Element(_PPR)
                last.insert(0, lprops)
            if lprops.find(_PPR_CHANGE) is None:
                etree.SubElement(lprops, _PPR_CHANGE, self.attrs()).append(
                    old if old is not None else etree.Element(_PPR)
                )
        _mark(first, kind, self.attrs())
