"""Headers, footers, the table of contents, notes and their references, tracked where they live."""

from __future__ import annotations

import copy
import difflib
from collections.abc import Callable
from typing import Any

from lxml import etree

from policydiff.model import ChangeOp, Clause, Comparison, EditOp
from policydiff.ooxml.names import R, w
from policydiff.ooxml.revisions import accept_all
from policydiff.readers.docx import (
    ParagraphTrace,
    trace_part,
)
from policydiff.renderers._redline import Piece
from policydiff.renderers.docx_package.atoms import _atoms
from policydiff.renderers.docx_package.elements import (
    _ancestor,
    _entry_text,
    _field_balanced,
    _plain_text,
    _toc_paragraphs,
)
from policydiff.renderers.docx_package.marks import (
    _last_in_container,
    _mark,
    _mark_of,
    _previous_paragraph,
    _whole,
)
from policydiff.renderers.docx_package.names import (
    _DEL,
    _DEL_TEXT,
    _HOLDS_NOTE,
    _ID,
    _INS,
    _MOVE_TO,
    _NOT_IN_HEADER_WORDS,
    _NOTE_PARTS,
    _P,
    _PPR,
    _PPR_CHANGE,
    _R,
    _REVISION_TAGS,
    _RPR,
    _SECT_PR,
    _T,
    _TR,
    _WORD_TOKENS,
)
from policydiff.renderers.docx_package.runs import (
    _expand_simple_fields,
    _outer_run,
    _run_of,
    _to_deleted_text,
    _wrap_runs,
)
from policydiff.renderers.docx_package.side import _Side
from policydiff.renderers.docx_package.words import _Words


class _Notes(_Words):
    __slots__ = ()

    def table_of_contents(self) -> None:
        """Track the entries of Word's table of contents (a `docPartObj` content control) that differ.

        The reader leaves the contents out (Word makes them from the headings), so the comparison has
        nothing to say of them; but both views must show their own document's contents. Entries are
        paired by text: a right-only entry is inserted, a left-only one copied in deleted before the
        right entry that follows it. An entry holding the contents field's own start or end stays."""
        copied = {id(p) for p in self.copies}  # (a left paragraph put first in the contents: `place`)
        right = [
            p
            for p in _toc_paragraphs(self.right.trace.roots.get(self.right.trace.main))
            if id(p) not in copied
        ]
        left = _toc_paragraphs(self.left.trace.roots.get(self.left.trace.main))
        if not right or not left:
            return
        rtexts, ltexts = [_plain_text(p) for p in right], [_plain_text(p) for p in left]
        if rtexts == ltexts:
            return
        matcher = difflib.SequenceMatcher(None, ltexts, rtexts, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                continue
            for p in right[j1:j2]:
                if _field_balanced(p):
                    _wrap_runs(p, _INS, self.attrs)
                    _mark(p, _INS, self.attrs())
                else:
                    self.entry_text(p, left[i1:i2])
            for p in left[i1:i2]:
                if not _field_balanced(p):
                    continue
                copied = self.copy_left(p, prune=False)
                _to_deleted_text(copied, _DEL)
                _wrap_runs(copied, _DEL, self.attrs)
                _mark(copied, _DEL, self.attrs())
                if j1 < len(right):
                    right[j1].addprevious(copied)
                else:
                    right[-1].addnext(copied)

    def entry_text(self, p: Any, lefts: list[Any]) -> None:
        """Track the text of a contents entry that holds the contents field's start or end (its mark
        and that field stay) against the left entry that holds the same: the right's content inserted,
        the left's copied in deleted before it (stress `g-sg` x120, session 20: the first entry's new
        number showed in both views)."""
        where = _entry_text(p)
        if where is None:
            return
        start = where[0] > 0
        for left in lefts:
            there = _entry_text(left)
            if there is None or (there[0] > 0) != start:
                continue
            holder = etree.Element(_P)
            holder.extend(copy.deepcopy(child) for child in list(left)[there[0] : there[1]])
            holder = self.copy_left(holder, prune=False)
            _to_deleted_text(holder, _DEL)
            _wrap_runs(holder, _DEL, self.attrs)
            content = list(p)[where[0] : where[1]]
            for child in content:
                if child.tag == _R:
                    container = etree.Element(_INS, self.attrs())
                    child.addprevious(container)
                    container.append(child)
                else:
                    _wrap_runs(child, _INS, self.attrs)
            anchor = list(p)[where[0]] if content else None
            for child in list(holder):
                if anchor is not None:
                    anchor.addprevious(child)
                else:
                    p.insert(where[0], child)
                    where = (where[0] + 1, where[1])
            return

    def headers_and_footers(self) -> None:
        """Track the paragraphs of each header and footer that differ from the left one of its place.

        Headers and footers pair by section (in order), kind and type (default, first, even), and
        their paragraphs by text. A changed paragraph paired with a left one of like words has its
        words tracked as a body paragraph's are (`edit`); any other paragraph only on the left is
        copied in deleted, one only on the right is inserted.
        """
        for lpart, rpart in self.paired_headers():
            lroot, rroot = self.left.trace.package.xml(lpart), self.right.trace.roots.get(rpart)
            if rroot is None:
                rroot = self.right.trace.roots[rpart] = self.right.trace.package.xml(rpart)
            accept_all(lroot)
            accept_all(rroot)
            lps, rps = lroot.findall(_P), rroot.findall(_P)
            ltexts = [" ".join("".join(t.text or "" for t in p.iter(_T)).split()) for p in lps]
            rtexts = [" ".join("".join(t.text or "" for t in p.iter(_T)).split()) for p in rps]
            if ltexts == rtexts:
                continue
            self.changed_parts.add(rpart)
            ltraced = {u.element: u for u in trace_part(self.left.trace, lpart)}
            rtraced = {u.element: u for u in trace_part(self.right.trace, rpart)}
            matcher = difflib.SequenceMatcher(None, ltexts, rtexts, autojunk=False)
            for op, a, b, c, d in reversed(matcher.get_opcodes()):
                if op == "equal":
                    continue
                while a < b and c < d and self.header_words(ltraced.get(lps[a]), rtraced.get(rps[c])):
                    a, c = a + 1, c + 1  # a paragraph pair tracked word by word
                for p in rps[c:d]:
                    _expand_simple_fields(p)
                    _wrap_runs(p, _INS, self.attrs)
                    if not _last_in_container(p):
                        _mark(p, _INS, self.attrs())
                copies = []
                for p in lps[a:b]:
                    copied = self.copy_left(p, parts=(lpart, rpart))  # (its links into the right part)
                    _expand_simple_fields(copied)
                    _to_deleted_text(copied, _DEL)
                    _wrap_runs(copied, _DEL, self.attrs)
                    _mark(copied, _DEL, self.attrs())
                    copies.append(copied)
                anchor = rps[c] if c < len(rps) else None
                for copied in copies:
                    if anchor is not None:
                        anchor.addprevious(copied)
                    else:
                        rroot.append(copied)

    def header_words(self, left: ParagraphTrace | None, right: ParagraphTrace | None) -> bool:
        """Track a changed header or footer paragraph word by word against a left one; return whether
        it was (not when their words are mostly different, or they hold links the body's word edits
        do not write into another part)."""
        if left is None or right is None or not left.text or not right.text:
            return False
        for p in (left.element, right.element):
            if any(p.find(f".//{tag}") is not None for tag in _NOT_IN_HEADER_WORDS):
                return False
        lwords, rwords = _WORD_TOKENS(left.text), _WORD_TOKENS(right.text)
        matcher = difflib.SequenceMatcher(None, lwords, rwords, autojunk=False)
        if matcher.ratio() < 0.5:
            return False
        latoms, ratoms = _atoms([left], left.text), _atoms([right], right.text)
        if latoms is None or ratoms is None:
            return False
        pieces: list[Piece] = []
        for op, a, b, c, d in matcher.get_opcodes():
            if op == "equal":
                pieces.append(Piece(EditOp.EQUAL, "".join(lwords[a:b])))
                continue
            if b > a:
                pieces.append(Piece(EditOp.DELETE, "".join(lwords[a:b])))
            if d > c:
                pieces.append(Piece(EditOp.INSERT, "".join(rwords[c:d])))
        self.edit(pieces, False, [left], latoms, [right], ratoms)
        return True

    def paired_headers(self) -> list[tuple[str, str]]:
        """Return (left part, right part) of headers and footers standing at the same place."""
        places: list[dict[tuple[int, str, str], str]] = []
        for side in (self.left, self.right):
            root = side.trace.roots[side.trace.main]
            rels = side.trace.package.rels(side.trace.main)
            found: dict[tuple[int, str, str], str] = {}
            for index, sect in enumerate(root.iter(_SECT_PR)):
                for kind in ("header", "footer"):
                    for ref in sect.findall(w(f"{kind}Reference")):
                        rel = rels.get(ref.get(f"{{{R}}}id", ""))
                        if rel is not None and not rel[2] and side.trace.package.has(rel[1]):
                            found[(index, kind, ref.get(w("type"), "default"))] = rel[1]
            places.append(found)
        left, right = places
        pairs: dict[str, str] = {}
        for key in sorted(right):
            if key in left:
                pairs.setdefault(right[key], left[key])
        return [(lpart, rpart) for rpart, lpart in sorted(pairs.items())]

    def note_references(self, comparison: Comparison) -> None:
        """Track footnotes and endnotes that only one side has, where their reference stands.

        A note only on the right has its reference run inserted. A note only on the left is copied
        into the right notes part, its text deleted, and a deleted reference to it is put at the end
        of the paragraph that stands for the left paragraph holding the reference.
        """
        owners: tuple[dict[str, int], dict[str, int]] | None = None
        notes = any(self._part_of(side, kind) for side in (self.left, self.right) for kind in _NOTE_PARTS)
        for change in comparison.changes:
            if notes and len(change.left) == 1 == len(change.right):
                lc, rc = self.left.clauses[change.left[0]], self.right.clauses[change.right[0]]
                if lc.location.part == self.left.trace.main or lc.location.index is None:
                    continue
                if rc.location.part == self.right.trace.main or rc.location.index is None:
                    continue
                if owners is None:  # (the change of each left clause, and of each right one)
                    owners = (
                        {c: k for k, ch in enumerate(comparison.changes) for c in ch.left},
                        {c: k for k, ch in enumerate(comparison.changes) for c in ch.right},
                    )
                lowner, rowner = self.reference_owner(self.left, lc), self.reference_owner(self.right, rc)
                if lowner is not None and rowner is not None and owners[0][lowner] != owners[1][rowner]:
                    # The same note whose reference went to another paragraph: the right reference
                    # inserted, the left note shown deleted where the left had it.
                    self.inserted_reference(rc)
                    self.deleted_note(lc)
            elif change.op is ChangeOp.ADDED:
                for clause_id in change.right:
                    clause = self.right.clauses[clause_id]
                    if clause.location.part != self.right.trace.main and clause.location.index is not None:
                        self.inserted_reference(clause)
            elif change.op is ChangeOp.REMOVED:
                for clause_id in change.left:
                    clause = self.left.clauses[clause_id]
                    if clause.location.part != self.left.trace.main and clause.location.index is not None:
                        self.deleted_note(clause)

    def reference_owner(self, side: _Side, note: Clause) -> str | None:
        """Return the id of the main part's clause whose paragraph holds a note's reference."""
        kind = "endnote" if (note.location.part or "").endswith("endnotes.xml") else "footnote"
        root = side.trace.roots[side.trace.main]
        ref = next(
            (r for r in root.iter(w(f"{kind}Reference")) if r.get(_ID) == str(note.location.index)), None
        )
        holder = _ancestor(ref, _P) if ref is not None else None
        return next(
            (
                c.id
                for c in side.clauses.values()
                if c.location.part == side.trace.main and any(u.element is holder for u in side.units(c))
            ),
            None,
        )

    def inserted_reference(self, clause: Clause) -> None:
        kind = "endnote" if (clause.location.part or "").endswith("endnotes.xml") else "footnote"
        root = self.right.trace.roots[self.right.trace.main]
        for ref in root.iter(w(f"{kind}Reference")):
            if ref.get(_ID) != str(clause.location.index):
                continue
            run = ref.getparent()
            if run is None or run.tag != _R or _ancestor(run, _INS) is not None:
                continue
            container = etree.Element(_INS, self.attrs())
            run.addprevious(container)
            container.append(run)

    def deleted_note(self, clause: Clause) -> None:
        kind = "endnote" if (clause.location.part or "").endswith("endnotes.xml") else "footnote"
        note_id = str(clause.location.index)
        lpart, rpart = self._part_of(self.left, kind + "s"), self._part_of(self.right, kind + "s")
        if rpart is None and lpart is not None:
            rpart = self.notes_part(kind, lpart)
        lroot = self.left.trace.roots[self.left.trace.main]
        ref = next((r for r in lroot.iter(w(f"{kind}Reference")) if r.get(_ID) == note_id), None)
        holder = _ancestor(ref, _P) if ref is not None else None
        owner = next(
            (
                c.id
                for c in self.left.clauses.values()
                if c.location.part == self.left.trace.main
                and any(u.element is holder for u in self.left.units(c))
            ),
            None,
        )
        out = self.left_out.get(owner) if owner is not None else None
        if out is not None and out.tag == _TR and holder is not None:
            out = _same_paragraph(holder, out)  # (a removed row's copy: the holder's copy in it)
        if lpart is None or rpart is None or out is None or ref is None or out.tag != _P:
            self.notes.append(f"the left {kind} {note_id} ({clause.text[:40]!r}) is not shown in the redline")
            return
        note = next((n for n in self.left.trace.roots[lpart].iter(w(kind)) if n.get(_ID) == note_id), None)
        if note is None:
            return
        rroot = self.right.trace.roots[rpart]
        taken = [int(v) for n in rroot.iter(w(kind)) if (v := n.get(_ID, "")).lstrip("-").isdigit()]
        new_id = str(max(taken, default=0) + 1)
        copied = self.copy_left(note)
        copied.set(_ID, new_id)
        _to_deleted_text(copied, _DEL)
        for p in copied.iter(_P):
            _wrap_runs(p, _DEL, self.attrs)
        rroot.append(copied)
        self.changed_parts.add(rpart)
        run = etree.Element(_R)
        props = ref.getparent().find(_RPR) if ref.getparent() is not None else None
        if props is not None:
            run.append(self.left_rpr(ref.getparent()))
        etree.SubElement(run, w(f"{kind}Reference"), {_ID: new_id})
        container = etree.Element(_DEL, self.attrs())
        container.append(run)
        _put_reference(container, out, holder, ref, self.attrs)
        self.deleted_refs.append((container, copied, f"the left {kind} {note_id} ({clause.text[:40]!r})"))

    def unjoined_notes(self) -> None:
        """Take back a deleted note reference whose paragraph mark is deleted too: LibreOffice 7.4's
        Accept All then leaves an empty paragraph (the joined paragraphs come apart at the note).
        Not in a paragraph moved from there (its mark `w:moveFrom`), which LibreOffice removes whole:
        the moved paragraph's note number came back nowhere on Reject All."""
        for container, note, what in self.deleted_refs:
            p = container.getparent()
            if p is not None and _mark_of(p) == _DEL and not self.mark_up(p):
                p.remove(container)
                note.getparent().remove(note)
                self.notes.append(f"{what} is not shown in the redline")

    def mark_up(self, p: Any) -> bool:
        """Delete the mark of the kept paragraph before a wholly deleted one instead of its own, when
        the two have one style and list level (so the join shows the same properties whichever mark
        stays); return whether it was done.

        For a paragraph holding a deleted note reference: LibreOffice 7.4 drops a tracked mark in a
        paragraph holding a note reference, so with its own mark deleted the reference is taken back
        (unjoined_notes) and Reject All lost the note number."""
        kept = _previous_paragraph(p)
        if kept is None or kept.getparent() is not p.getparent() or _whole(p) != _DEL:
            return False
        if _mark_of(kept) is not None or _HOLDS_NOTE(kept) or not self.same_place(kept, p):
            return False
        props, own = kept.find(_PPR), p.find(_PPR)
        if (props is not None and props.find(_SECT_PR) is not None) or own is None:
            return False
        if own.find(_PPR_CHANGE) is not None:
            return False
        marks = own.find(_RPR)
        for el in list(marks if marks is not None else ()):
            if el.tag in _REVISION_TAGS:
                marks.remove(el)
        _mark(kept, _DEL, self.attrs())
        return True

    def notes_part(self, kind: str, lpart: str) -> str | None:
        """Make the right package's footnotes (endnotes) part, holding the left part's separators
        (the notes of a `w:type`, which Word's notes part starts with), for a note only the left has."""
        name = self.new_part(
            kind + "s",
            kind + "s.xml",
            f"application/vnd.openxmlformats-officedocument.wordprocessingml.{kind}s+xml",
            w(kind + "s"),
        )
        if name is not None:
            root = self.right.trace.roots[name]
            for note in self.left.trace.roots[lpart].iter(w(kind)):
                if note.get(w("type")) not in (None, "normal"):
                    root.append(self.copy_left(note))
        return name


def _same_paragraph(holder: Any, copied: Any) -> Any:
    """Return the paragraph of a copied left row (`copied`) standing where `holder` stands in the left
    row, None when the copy's paragraphs do not answer the left row's. A removed row's note went
    unshown (pandoc's table of Docutils versions: every later note number one less)."""
    row = _ancestor(holder, _TR)
    if row is None:
        return None
    left, made = list(row.iter(_P)), list(copied.iter(_P))
    if len(left) != len(made):
        return None
    return next((m for p, m in zip(left, made, strict=True) if p is holder), None)


def _put_reference(
    container: Any, out: Any, holder: Any, ref: Any, attrs: Callable[[], dict[str, str]]
) -> None:
    """Put a deleted note reference (`container`) into `out`, the paragraph standing for the left
    `holder`: after as much of the text Reject All shows there as stood before `ref` in `holder`, when
    that text is `holder`'s own and a run ends there; else at the paragraph's end. At the end, Reject
    All showed "candidate 2 (release) ...⁴" for "candidate 2 (release)⁴ ..." (Docutils, pandoc)."""
    before: list[str] = []
    whole: list[str] = []
    seen = False
    for el in holder.iter(_T, ref.tag):
        if el is ref:
            seen = True
        elif el.tag == _T and _ancestor(el, _DEL) is None:
            whole.append(el.text or "")
            if not seen:
                before.append(el.text or "")
    size = len("".join(before))
    if size:
        shown = [
            el
            for el in out.iter(_T, _DEL_TEXT)
            if el.tag == _DEL_TEXT or next(el.iterancestors(_INS, _MOVE_TO), None) is None
        ]
        if "".join(el.text or "" for el in shown) == "".join(whole):
            count = 0
            for el in shown:
                count += len(el.text or "")
                if count == size:
                    outer, run = _outer_run(el), _run_of(el)
                    if outer.tag == _DEL and outer is not run and outer[-1] is not run:
                        tail = etree.Element(_DEL, attrs())  # (deleted text around it: cut in two)
                        tail.extend(run.itersiblings())
                        outer.addnext(tail)
                    outer.addnext(container)
                    return
                if count > size:
                    break
    out.append(container)
