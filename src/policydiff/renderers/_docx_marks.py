"""Paragraph marks of the generated Word redline: where each revision mark goes and what it carries.

A paragraph's properties live on its mark. When Accept All removes a deleted mark (or Reject All an
inserted one), the paragraph joins the next one; LibreOffice then keeps the properties of the first
paragraph of the two, Word those of the mark that stays. So every paragraph whose mark goes away
carries, in the view where it goes, the properties of the paragraph it joins: a deleted mark's
`w:pPr` is that of the next paragraph Accept All keeps (its own, left-hand properties are in
`w:pPrChange` for Reject All), an inserted mark's `w:pPrChange` is the left-hand properties of the
next paragraph Reject All keeps. Either rule then gives each side's own numbering and styles.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from lxml import etree

from policydiff.renderers import _ooxml as ox
from policydiff.renderers._docx_numbering import NO_PROPS, Props

Revision = Callable[[str | None], dict[str, str]]
"""Return the attributes of a new revision for an edit class (None, `slot`, `cosmetic`)."""


@dataclass(slots=True)
class Written:
    """A body paragraph as written, for the passes that place revision marks and properties."""

    element: etree._Element
    mark: str | None
    """`ins`, `del` or None: how the paragraph mark is recorded."""
    accept: Props | None
    """The paragraph's properties after Accept All (None: its mark is not the end of a right clause)."""
    reject: Props | None
    """The paragraph's properties after Reject All (None: its mark is not the end of a left clause)."""
    cls: str | None = None
    """The edit class of the mark's revision (`slot`, `cosmetic` or None)."""
    cell: tuple[str, int, int, int | None] | None = None
    """For a table cell's paragraph: the side (`L` for left-only text, else `R`), row and column, and
    for a right-hand cell paired with a left-hand one, that cell's row."""
    in_table: bool = False
    """Moved into a table: its mark is the cell's end, never a revision."""
    native_reject: bool = False
    """Written with its Reject All properties and no `w:pPrChange` (see `avoid_level_clashes`); its
    Accept All properties are those of the paragraph whose deleted mark joins it first."""


def separate_revisions(written: Sequence[Written]) -> None:
    """Keep LibreOffice from merging a revision that ends a paragraph with whole revised paragraphs after.

    LibreOffice joins two insertions (or deletions) on either side of a kept paragraph mark into
    one, taking the mark with them. So when a paragraph ending in an insertion is followed by
    wholly inserted paragraphs, the mark moves: the first paragraph's mark is recorded as inserted
    and the last inserted paragraph's mark is kept, taking over the first paragraph's left-hand
    properties (deletions alike, the other way round). And where a paragraph ends and the next
    starts with the same kind of revision, a deletion/insertion pair at either edge is swapped.
    Word reads the same text either way. Left as is (LibreOffice 7.4 then joins the two paragraphs
    on Reject All): a pure insertion ending a kept paragraph right before a pure insertion starting
    the next one.
    """
    ends: dict[int, str | None] = {}  # each paragraph's end revision, until a swap changes its content

    def end_of(index: int) -> str | None:
        if index not in ends:
            ends[index] = _edge(written[index].element, last=True)
        return ends[index]

    index = 0
    while index < len(written):
        first = written[index]
        kind = end_of(index) if first.mark is None and not first.in_table else None
        end = index + 1
        while (
            kind
            and end < len(written)
            and not written[end].in_table
            and written[end].mark == kind
            and _whole(written[end].element) == kind
        ):
            end += 1
        if kind is None or end == index + 1:
            index += 1
            continue
        _shift(first, written[end - 1], kind)
        index = end
    for index, (upper, lower) in enumerate(itertools.pairwise(written)):
        if upper.in_table or lower.in_table or upper.mark is not None:
            continue
        kind = end_of(index)
        # A replacement's two halves may come in either order: end or start with the other kind.
        if (
            kind is not None
            and _edge(lower.element, last=False) == kind
            and not _swap_pair(upper.element, at_end=True)
        ):
            _swap_pair(lower.element, at_end=False)
            ends.pop(index + 1, None)


def keep_last_mark(written: Sequence[Written]) -> None:
    """Keep the mark of the body's last paragraph when the paragraphs ending the body are wholly revised.

    The last paragraph mark of a document cannot go: Accept All of a deleted last mark (or Reject All
    of an inserted one) would leave an empty paragraph. The mark moves up to the last kept paragraph
    before them, as `separate_revisions` moves it.
    """
    body = [entry for entry in written if not entry.in_table]
    if not body or body[-1].mark is None or body[-1].element.getnext() is not None:
        return
    kind = body[-1].mark
    end = len(body) - 1
    while end > 0 and body[end - 1].mark == kind and _whole(body[end - 1].element) == kind:
        end -= 1
    if end > 0 and body[end - 1].mark is None and _whole(body[-1].element) == kind:
        _shift(body[end - 1], body[-1], kind)


def _shift(first: Written, last: Written, kind: str) -> None:
    """Move a kept mark from `first` to `last`, wholly revised (`kind`), and record `first`'s as revised."""
    if kind == "ins":
        last.reject, first.reject = first.reject, None
    else:
        last.accept, first.accept = first.accept, None
    first.mark, last.mark = kind, None


def avoid_level_clashes(written: Sequence[Written]) -> None:
    """Move a run's removed mark up to the kept paragraph before it when LibreOffice would show a wrong level.

    LibreOffice's Reject All restores a `w:pPrChange`'s list and style but not its list level
    (`w:ilvl`): a paragraph keeps the level of its `w:pPr`. The first paragraph of a run of deleted
    marks carries the properties of the paragraph it joins on Accept All, so Reject All would show
    it at that paragraph's level (a removed `2.3` before `3.` read `3.`); likewise the first of a run
    of inserted marks on Reject All. When the run's paragraphs are wholly revised and the kept
    paragraph before them has no such clash of its own, its mark goes to the run (`_shift`, as
    `separate_revisions` does), so that each paragraph Reject All keeps holds its level in `w:pPr`.
    Where the last deleted paragraph would then clash with the kept one's level, it is written with
    its own properties (`native_reject`): LibreOffice keeps the first paragraph's properties when
    Accept All joins the two, as Word does for a merge since Word 97.
    """
    previous = _previous(written)
    index = 0
    while index < len(written):
        first, before = written[index], previous[index]
        kind = first.mark
        if kind is None or first.in_table or (before is not None and before.mark == kind):
            index += 1
            continue
        end = index + 1
        while end < len(written) and previous[end] is written[end - 1] and written[end].mark == kind:
            end += 1
        after = written[end] if end < len(written) and previous[end] is written[end - 1] else None
        run = written[index:end]
        index = end
        if after is None or before is None or before.mark is not None or before.in_table:
            continue
        # The wholly revised paragraphs that start the run: a paragraph that keeps text of its own
        # (its mark moved there by `keep_last_mark` or `separate_revisions`) ends what can take the mark.
        whole = 0
        while whole < len(run) and _whole(run[whole].element) == kind:
            whole += 1
        if not whole:
            continue
        run = run[:whole]
        if kind == "del":
            here, there = _clashes(after.accept, first.reject), _clashes(before.accept, run[-1].reject)
        else:
            here, there = _clashes(first.accept, after.reject), False
        if here and not _clashes(before.accept, before.reject):
            _shift(before, run[-1], kind)
            # When the kept paragraph's level clashes too, the last deleted paragraph keeps its own
            # properties: Accept All joins it to the kept one, whose properties LibreOffice keeps.
            run[-1].native_reject = there


def _clashes(native: Props | None, wanted: Props | None) -> bool:
    """Return whether a paragraph whose `w:pPr` is `native` shows another list level than `wanted`'s
    when LibreOffice restores `wanted` from a `w:pPrChange` (it keeps the native level)."""
    if wanted is None or wanted[1] is None:
        return False
    level = native[1][1] if native is not None and native[1] is not None else 0
    return level != wanted[1][1]


def _previous(written: Sequence[Written]) -> list[Written | None]:
    """Return, for each written paragraph, the written paragraph just before it in the same parent."""
    by_element = {id(entry.element): entry for entry in written}
    return [by_element.get(id(entry.element.getprevious())) for entry in written]


class LevelStyles:
    """Paragraph styles that carry a list and level, made for the old properties of `w:pPrChange`.

    LibreOffice's Reject All restores a `w:pPrChange`'s style, and its list, but not a list level other
    than 0 written in its `w:numPr` (decision 0019). A style holding the list and level in its own
    `w:numPr` is restored whole: the old properties of a paragraph at a deeper level are written as such a
    style, based on the paragraph's own, so Reject All shows the level (Word applies the style's
    numbering too). One style per (style, list, level), made when first needed.
    """

    def __init__(self, styles: etree._Element) -> None:
        self.styles = styles
        self.made: dict[Props, str] = {}
        self.taken = {el.get(ox.w("styleId")) for el in styles.iter(ox.w("style"))}

    def __call__(self, props: Props) -> str | None:
        """Return the id of the style holding `props`' style, list and level (None without a list)."""
        style, num = props
        if num is None:
            return style
        found = self.made.get(props)
        if found is None:
            found = f"pdLevel{num[0]}-{num[1]}{'-' + style if style else ''}"
            while found in self.taken:
                found += "x"
            self.taken.add(found)
            self.made[props] = found
            name = f"{style or 'Normal'} (policydiff: list {num[0]}, level {num[1] + 1})"
            ox.style(self.styles, found, name, based_on=style or "Normal", num=num)
        return found


def write_properties(
    written: Sequence[Written], revision: Revision, level_style: Callable[[Props], str | None]
) -> None:
    """Give every written paragraph its properties, its revised mark and, where they differ, its old ones.

    A kept mark carries the right-hand properties with the left-hand ones in `w:pPrChange`. Every
    mark of a run of removed (inserted) marks carries those of the paragraph the run joins in the view
    where it goes (see the module): LibreOffice reads neighbouring marks of one author and date as one
    revision and may lend the paragraph after the run the last mark's properties (a removed bullet run
    before a heading made it a bullet). Their own come back from `w:pPrChange`, a deeper list level
    through a style (`level_style`, `LevelStyles`).
    """
    after_accept: dict[etree._Element | None, Props] = {}
    after_reject: dict[etree._Element | None, Props] = {}
    for entry in reversed(written):
        parent = entry.element.getparent()
        if entry.mark == "ins":
            new = entry.accept or NO_PROPS
            old = after_reject.get(parent, NO_PROPS)
            cls = entry.cls
        elif entry.mark == "del":
            old = entry.reject or NO_PROPS
            new = after_accept.get(parent, NO_PROPS)
            cls = entry.cls
        else:
            new = entry.accept or entry.reject or NO_PROPS
            old = entry.reject or new
            cls = "cosmetic" if new[0] == old[0] else None
        if entry.mark != "del":
            after_accept[parent] = new
        if entry.native_reject:
            new = old
        if entry.mark != "ins":
            after_reject[parent] = old
        mark = (entry.mark, revision(entry.cls)) if entry.mark else None
        props = ox.pPr(entry.element, style=new[0], num=new[1], mark=mark)
        if old != new:
            if props is None:
                props = etree.Element(ox.w("pPr"))
                entry.element.insert(0, props)
            if old[1] is not None and old[1][1] > 0:
                # A deeper level comes back on Reject All only through a style (`LevelStyles`).
                ox.pPrChange(props, revision(cls), style=level_style(old), num=None)
            else:
                ox.pPrChange(props, revision(cls), style=old[0], num=old[1])


_INS, _DEL, _R, _HYPERLINK = ox.w("ins"), ox.w("del"), ox.w("r"), ox.w("hyperlink")
_COMMENT_REFERENCE = ox.w("commentReference")


def _content(paragraph: etree._Element) -> list[str]:
    """Return the revision kind (`ins`, `del` or `eq`) of each piece of a paragraph's content, in order."""
    out: list[str] = []
    for child in paragraph:
        if child.tag == _INS or child.tag == _DEL:
            out.append("ins" if child.tag == _INS else "del")
        elif child.tag == _HYPERLINK:
            out.extend(_content(child))
        elif child.tag == _R and child.find(_COMMENT_REFERENCE) is None:
            out.append("eq")
    return out


def _edge(paragraph: etree._Element, *, last: bool) -> str | None:
    """Return `ins` or `del` when the paragraph's content ends (or starts) with that revision."""
    kind = _end_kind(paragraph, last)
    return kind if kind != "eq" else None


def _end_kind(element: etree._Element, last: bool) -> str | None:
    """Return the last (first) of `_content(element)` without making the list: None when it is empty."""
    child = (element[-1] if last else element[0]) if len(element) else None
    while child is not None:
        tag = child.tag
        if tag == _INS:
            return "ins"
        if tag == _DEL:
            return "del"
        if tag == _HYPERLINK:
            inner = _end_kind(child, last)
            if inner is not None:
                return inner
        elif tag == _R and child.find(_COMMENT_REFERENCE) is None:
            return "eq"
        child = child.getprevious() if last else child.getnext()
    return None


def _swap_pair(paragraph: etree._Element, *, at_end: bool) -> bool:
    """Swap a deletion and an insertion that end (or start) a paragraph; return whether it did."""
    revisions = [
        c
        for c in paragraph
        if c.tag in (_INS, _DEL, _HYPERLINK) or (c.tag == _R and c.find(_COMMENT_REFERENCE) is None)
    ]
    pair = revisions[-2:] if at_end else revisions[:2]
    if len(pair) < 2 or {pair[0].tag, pair[1].tag} != {_INS, _DEL} or pair[0].getnext() is not pair[1]:
        return False
    pair[0].addprevious(pair[1])
    return True


def _whole(paragraph: etree._Element) -> str | None:
    """Return `ins` or `del` when all of a paragraph's content is that revision (or it is empty)."""
    kinds = set(_content(paragraph))
    if len(kinds) == 1 and "eq" not in kinds:
        return kinds.pop()
    return None
