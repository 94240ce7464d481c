"""Where a paragraph's mark and its revisions stand, and what a paragraph holds."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from typing import Any

from lxml import etree

from policydiff.ooxml.names import w
from policydiff.renderers.docx_package.elements import _ancestor
from policydiff.renderers.docx_package.names import (
    _BODY,
    _BR,
    _DEL,
    _DEL_TEXT,
    _FLD_CHAR,
    _ID,
    _ILVL,
    _INS,
    _MOVE_FROM,
    _MOVE_TO,
    _NUM_ID,
    _NUMPR,
    _P,
    _PPR,
    _PPR_CHANGE,
    _PSTYLE,
    _REVISION_TAGS,
    _RPR,
    _SDT,
    _SDT_CONTENT,
    _SECT_PR,
    _T,
    _TBL,
    _TC,
    _VAL,
)
from policydiff.renderers.docx_package.runs import _ANCHORS, _SPLIT_CONTAINERS


def _range(p: Any, name: str, attrs: dict[str, str], move: str | None, *, first: bool) -> None:
    el = etree.Element(w(name), attrs)
    if move is not None:
        el.set(w("name"), move)
    if first:
        props = p.find(_PPR)
        p.insert(1 if props is not None and p.index(props) == 0 else 0, el)
    else:
        p.append(el)


_PPR_AFTER_RPR = frozenset({_SECT_PR, _PPR_CHANGE})


def _mark(p: Any, kind: str, attrs: dict[str, str]) -> None:
    """Mark a paragraph's mark inserted, deleted or moved: `w:pPr/w:rPr/w:ins` (first in `w:rPr`)."""
    props = p.find(_PPR)
    if props is None:
        props = etree.Element(_PPR)
        p.insert(0, props)
    rpr = props.find(_RPR)
    if rpr is None:
        rpr = etree.Element(_RPR)
        after = next((c for c in props if c.tag in _PPR_AFTER_RPR), None)
        if after is not None:
            after.addprevious(rpr)
        else:
            props.append(rpr)
    if any(c.tag in _REVISION_TAGS for c in rpr):
        return
    rpr.insert(0, etree.Element(kind, attrs))


def _last_in_container(p: Any) -> bool:
    """Return whether a paragraph is the last of its cell or of the document body."""
    parent = p.getparent()
    if parent is None or parent.tag not in (_TC, _BODY):
        return False
    following = p.getnext()
    while following is not None:
        if following.tag in (_P, _TBL, w("sdt")):
            return False
        following = following.getnext()
    return True


def _mark_row_paragraphs(row: Any, kind: str, attrs: Callable[[], dict[str, str]]) -> None:
    """Mark the paragraph marks of a row's cells `kind` (inserted or deleted), but for a cell's last and
    one before a table, whose marks cannot go.

    A tracked row whose cell held an untracked paragraph mark was kept by the view that drops the row, as
    empty paragraphs (LibreOffice 7.4: `wm-tables` x125 inserted, `wm-rows2` x140 deleted)."""
    for cell in row.iterchildren(_TC):
        for para in cell.iterchildren(_P):
            if not (_last_in_container(para) or _before_table(para)):
                _mark(para, kind, attrs())


def _before_table(p: Any) -> bool:
    """Return whether a paragraph of the body or a cell stands just before a table: its mark cannot
    go (Reject All of an inserted one left an empty paragraph before the table), as a last one's."""
    parent = p.getparent()
    if parent is None or parent.tag not in (_TC, _BODY):
        return False
    following = p.getnext()
    while following is not None and following.tag not in (_P, _TBL, w("sdt")):
        following = following.getnext()
    return following is not None and following.tag == _TBL


def _next_paragraph(p: Any) -> Any:
    """Return the paragraph a paragraph's content would merge into (its next sibling), else None."""
    following = p.getnext()
    while following is not None and following.tag not in (_P, _TBL, w("sdt")):
        following = following.getnext()
    return following if following is not None and following.tag == _P else None


_EMPTY_PARAGRAPH = etree.XPath(
    "boolean(w:p[not(.//w:t[normalize-space()]) and not(.//w:delText[normalize-space()])])",
    namespaces={"w": _ID[1 : _ID.index("}")]},
)
"""Whether a body holds a paragraph without text (one XPath, in C, before walking it in Python)."""


def _gaps(children: list[Any], gone: tuple[str, ...] | None) -> list[tuple[str, list[Any], Any]]:
    """Return a body's blocks as (key, the empty paragraphs before it, the block before those): the
    key of a paragraph is its text in the view (the reject view of a redline: paragraphs whose mark
    is in `gone` are left out, inserted text too), a table or content control a fixed key; the last
    entry (key "") holds the empty paragraphs that end the body."""
    out: list[tuple[str, list[Any], Any]] = []
    empties: list[Any] = []
    before = None
    for child in children:
        if child.tag == _P:
            if gone is not None and _mark_of(child) in gone:
                continue
            if gone is not None and next(child.iter(_INS, _MOVE_TO), None) is not None:
                text = "".join(
                    t.text or ""
                    for t in child.iter(_T, _DEL_TEXT)
                    if _ancestor(t, _INS) is None and _ancestor(t, _MOVE_TO) is None
                )
            else:
                text = "".join(child.itertext(_T, _DEL_TEXT))
            if _shows_nothing(child, text):
                empties.append(child)
                continue
            out.append((" ".join(text.split()), empties, before))
        elif child.tag in (_TBL, _SDT):
            out.append((f"\x00{child.tag}", empties, before))
        else:
            continue
        empties, before = [], child
    out.append(("", empties, before))
    return out


def _shows_nothing(p: Any, text: str) -> bool:
    """Whether a paragraph whose text (in the view at hand) is `text` is an empty paragraph: no text, no
    anchored object, field, break or symbol, and no section break."""
    if text.strip():
        return False
    if any(el.tag in _ANCHORS or el.tag in (_FLD_CHAR, w("fldSimple"), _BR, w("sym")) for el in p.iter()):
        return False
    props = p.find(_PPR)
    return props is None or props.find(_SECT_PR) is None


def _empty_paragraph(element: Any) -> bool:
    """Whether a body element is an empty paragraph (`_shows_nothing` of its text, deleted text too)."""
    return element.tag == _P and _shows_nothing(element, "".join(element.itertext(_T, _DEL_TEXT)))


def _siblings(first: Any, last: Any) -> list[Any]:
    """Return the elements from `first` to `last`, siblings in that order."""
    found = [first]
    while found[-1] is not last:
        found.append(found[-1].getnext())
    return found


def _has_ilvl(p: Any) -> bool:
    """Return whether a paragraph has a list level written on it (`w:pPr/w:numPr/w:ilvl`)."""
    props = p.find(_PPR)
    numpr = props.find(_NUMPR) if props is not None else None
    return numpr is not None and numpr.find(_ILVL) is not None


def _block_before(el: Any) -> Any:
    """Return the paragraph, table or content control before an element, past the markup between
    them (bookmarks, permissions, proofing marks), else None."""
    before = el.getprevious()
    while before is not None and before.tag not in (_P, _TBL, w("sdt")):
        before = before.getprevious()
    return before


def _previous_paragraph(p: Any) -> Any:
    """Return the paragraph whose content would merge into this one (its previous sibling), else None."""
    before = p.getprevious()
    while before is not None and before.tag not in (_P, _TBL, w("sdt")):
        before = before.getprevious()
    return before if before is not None and before.tag == _P else None


def _mark_of(p: Any) -> str | None:
    """Return the revision on a paragraph's mark (`w:ins`, `w:del` …), None when it has none."""
    props = p.find(_PPR)
    marks = props.find(_RPR) if props is not None else None
    if marks is None:
        return None
    return next((el.tag for el in marks if el.tag in _REVISION_TAGS), None)


_AFTER_TRACK_REVISIONS = frozenset(
    w(name)
    for name in (
        "doNotTrackMoves doNotTrackFormatting documentProtection autoFormatOverride styleLockTheme "
        "styleLockQFSet defaultTabStop autoHyphenation consecutiveHyphenLimit hyphenationZone "
        "doNotHyphenateCaps showEnvelope summaryLength clickAndTypeStyle defaultTableStyle "
        "evenAndOddHeaders bookFoldRevPrinting bookFoldPrinting bookFoldPrintingSheets "
        "drawingGridHorizontalSpacing drawingGridVerticalSpacing displayHorizontalDrawingGridEvery "
        "displayVerticalDrawingGridEvery doNotUseMarginsForDrawingGridOrigin drawingGridHorizontalOrigin "
        "drawingGridVerticalOrigin doNotShadeFormData noPunctuationKerning characterSpacingControl "
        "printTwoOnOne strictFirstAndLastChars noLineBreaksAfter noLineBreaksBefore savePreviewPicture "
        "doNotValidateAgainstSchema saveInvalidXml ignoreMixedContent alwaysShowPlaceholderText "
        "doNotDemarcateInvalidXml saveXmlDataOnly useXSLTWhenSaving saveThroughXslt showXMLTags "
        "alwaysMergeEmptyNamespace updateFields hdrShapeDefaults footnotePr endnotePr compat docVars "
        "rsids attachedSchema themeFontLang clrSchemeMapping doNotIncludeSubdocsInStats "
        "doNotAutoCompressPictures forceUpgrade captions readModeInkLockDown smartTagType "
        "schemaLibrary shapeDefaults doNotEmbedSmartTags decimalSymbol listSeparator"
    ).split()
)
"""Settings that come after `w:trackRevisions` in the schema's order."""
_BEFORE_NUMPR = frozenset(
    w(name) for name in ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl")
)
_GROUP = {_INS: (_INS, _MOVE_TO), _DEL: (_DEL, _MOVE_FROM)}
_KIND = {_INS: _INS, _MOVE_TO: _INS, _DEL: _DEL, _MOVE_FROM: _DEL}
_NOT_CONTENT = frozenset(
    {
        _PPR,
        w("bookmarkStart"),
        w("bookmarkEnd"),
        w("commentRangeStart"),
        w("commentRangeEnd"),
        w("moveFromRangeStart"),
        w("moveFromRangeEnd"),
        w("moveToRangeStart"),
        w("moveToRangeEnd"),
        w("proofErr"),
        w("permStart"),
        w("permEnd"),
        w("smartTagPr"),  # (a smart tag's or custom XML element's own properties: see _kinds)
        w("customXmlPr"),
    }
)


def _content(p: Any) -> list[Any]:
    return [child for child in p if isinstance(child.tag, str) and child.tag not in _NOT_CONTENT]


def _edge(p: Any, *, last: bool) -> str | None:
    """Return the revision (`w:ins` or `w:del`) a paragraph's content ends (starts) with, else None."""
    child = (p[-1] if last else p[0]) if len(p) else None
    while child is not None and (not isinstance(child.tag, str) or child.tag in _NOT_CONTENT):
        child = child.getprevious() if last else child.getnext()
    return None if child is None else _KIND.get(child.tag)


def _restorable(p: Any) -> bool:
    """Return whether a paragraph's former properties (its own, or those its `w:pPrChange` records)
    name no list level but 0: LibreOffice 7.4 restores no other level from a `w:pPrChange`."""
    if p is None:
        return False
    props = p.find(_PPR)
    before = props.find(f"{_PPR_CHANGE}/{_PPR}") if props is not None else None
    return _ppr_key(before if before is not None else props)[2] in (None, "0")


def _deleted_before(p: Any) -> Any:
    """Return the paragraph before `p` and the inserted paragraphs before it, when it is wholly
    deleted or moved away (content and mark), else None."""
    previous = _block_before(p)
    while previous is not None and previous.tag == _P and _mark_of(previous) in (_INS, _MOVE_TO):
        previous = _block_before(previous)
    if (
        previous is None
        or previous.tag != _P
        or _mark_of(previous) not in (_DEL, _MOVE_FROM)
        or _whole(previous) != _DEL
    ):
        return None
    return previous


def _wholly_deleted(p: Any) -> bool:
    """Return whether a paragraph is in the document, with a deleted mark and no text but deleted text
    (its text is `w:delText`, links' too)."""
    return p.getparent() is not None and _mark_of(p) == _DEL and next(p.iter(_T), None) is None


def _whole(p: Any) -> str | None:
    """Return the revision all of a paragraph's content is in (`w:ins` or `w:del`), else None; the
    content of a link, smart tag, custom XML element or inline content control counts as its own (a
    footnote's back-link: a deleted paragraph ending in one is still wholly deleted)."""
    kinds = set(_kinds(p))
    return kinds.pop() if len(kinds) == 1 else None


def _bookmarks_in_order(root: Any) -> None:
    """Move a bookmark's start that stands after its end to the start of the end's paragraph.

    `shared_bookmarks` starts a bookmark of a heading written whole in its deleted copy, just before the
    inserted one; where the inserted copy then moves up before it (`mark_holder`), the bookmark ended
    before it started, and LibreOffice 7.4 dropped it: a cross-reference to the heading read "Error:
    Reference source not found" after Accept All (stress `wm-restart5` x125, session 21). In the inserted
    copy it marks the heading Accept All keeps."""
    opened: set[str | None] = set()
    ended: dict[str | None, Any] = {}  # (ends met before their start)
    for el in list(root.iter(w("bookmarkStart"), w("bookmarkEnd"))):
        key = el.get(_ID)
        if el.tag == w("bookmarkEnd"):
            if key in opened:
                opened.discard(key)
            else:
                ended[key] = el
            continue
        end = ended.pop(key, None)
        holder = _ancestor(end, _P) if end is not None else None
        if holder is None:
            opened.add(key)
            continue
        props = holder.find(_PPR)
        holder.insert(1 if props is not None and holder.index(props) == 0 else 0, el)


def _joined_whole(p: Any) -> bool:
    """Return whether a paragraph's mark is revised but not all of its content: the view that drops the
    mark still shows some of its text, joined to the next paragraph's under this paragraph's properties
    (LibreOffice 7.4 keeps the first paragraph's on such a join)."""
    return _mark_of(p) is not None and _whole(p) is None and bool(_content(p))


def _kinds(container: Any) -> Iterator[str | None]:
    """Yield the revision kind of each piece of a paragraph's (or an inline container's) content."""
    for child in _content(container):
        if child.tag in _KIND:
            yield _KIND[child.tag]
        elif child.tag in _SPLIT_CONTAINERS:
            yield from _kinds(child)
        elif child.tag == _SDT and (inner := child.find(_SDT_CONTENT)) is not None:
            yield from _kinds(inner)
        else:
            yield None


def _swap_edge(p: Any, *, last: bool) -> bool:
    """Swap a deletion/insertion pair at the end (start) of a paragraph; return whether one was."""
    content = _content(p)
    if len(content) < 2:
        return False
    a, b = (content[-2], content[-1]) if last else (content[0], content[1])
    kinds = {_KIND.get(a.tag), _KIND.get(b.tag)}
    if kinds != {_INS, _DEL}:
        return False
    b.addnext(a)
    return True


def _kept_before(p: Any, kinds: tuple[str, str]) -> Any:
    """Return the paragraph before `p` and the revised paragraphs before it, when its mark is kept."""
    previous = _block_before(p)
    while previous is not None and previous.tag == _P and _mark_of(previous) in kinds:
        previous = _block_before(previous)
    if previous is None or previous.tag != _P or _mark_of(previous) is not None:
        return None
    return previous


def _canonical(element: Any) -> bytes:
    """Return an element's bytes without its empty property holders (`<w:rPr/>`: one producer writes
    an empty one where another writes none, in lists defined alike)."""
    element = copy.deepcopy(element)
    for el in reversed(list(element.iter(_RPR, _PPR))):
        if len(el) == 0 and not el.attrib and el is not element:
            el.getparent().remove(el)
    return bytes(etree.tostring(element))


def _clean_ppr(props: Any) -> Any:
    """Return paragraph properties without their mark, section and former properties (in place)."""
    if props is None:
        return None
    for el in list(props):
        if el.tag in (_RPR, _SECT_PR, _PPR_CHANGE):
            props.remove(el)
    return props


def _has_ilvl_above_zero(p: Any) -> bool:
    level = p.find(f"{_PPR}/{_NUMPR}/{w('ilvl')}")
    return level is not None and level.get(_VAL, "0") != "0"


def _num_id(p: Any) -> str | None:
    props = p.find(_PPR)
    numpr = props.find(_NUMPR) if props is not None else None
    el = numpr.find(_NUM_ID) if numpr is not None else None
    return el.get(_VAL) if el is not None else None


def _ppr_key(props: Any) -> tuple[str | None, str | None, str | None]:
    if props is None:
        return None, None, None
    style = props.find(_PSTYLE)
    num = props.find(f"{_NUMPR}/{_NUM_ID}")
    lvl = props.find(f"{_NUMPR}/{_ILVL}")
    return (
        style.get(_VAL) if style is not None else None,
        num.get(_VAL) if num is not None else None,
        lvl.get(_VAL) if lvl is not None else None,
    )
