"""Accept every tracked change a WordprocessingML part carries, in place, as Word's Accept All does."""

from __future__ import annotations

from typing import Any

from policydiff.ooxml.names import w

_INS, _DEL, _MOVE_TO, _MOVE_FROM = w("ins"), w("del"), w("moveTo"), w("moveFrom")
_P, _PPR, _RPR, _TRPR, _TR, _TCPR = w("p"), w("pPr"), w("rPr"), w("trPr"), w("tr"), w("tcPr")
_DROPPED = frozenset(
    w(name)
    for name in (
        "moveFromRangeStart",
        "moveFromRangeEnd",
        "moveToRangeStart",
        "moveToRangeEnd",
        "rPrChange",
        "pPrChange",
        "sectPrChange",
        "tblPrChange",
        "tblPrExChange",
        "trPrChange",
        "tcPrChange",
        "tblGridChange",
        "numberingChange",
        "cellIns",
        "customXmlInsRangeStart",
        "customXmlInsRangeEnd",
        "customXmlDelRangeStart",
        "customXmlDelRangeEnd",
        "customXmlMoveFromRangeStart",
        "customXmlMoveFromRangeEnd",
        "customXmlMoveToRangeStart",
        "customXmlMoveToRangeEnd",
    )
)
"""Records of a former state and range marks: accepting a revision drops them."""


def accept_all(root: Any) -> int:
    """Accept every revision under `root` in place; return how many revision elements were resolved.

    Insertions and moves-to keep their content (the container goes), deletions and moves-from go
    with their content, a deleted paragraph mark joins its paragraph to the next one (which keeps
    its own properties, as in Word), a deleted row goes, and former properties (`w:rPrChange`,
    `w:pPrChange` …) are dropped. The elements of what stays keep their identity.
    """
    count = 0
    merges: list[Any] = []
    rows: list[Any] = []
    for el in list(root.iter(_INS, _DEL, _MOVE_TO, _MOVE_FROM, *_DROPPED)):
        parent = el.getparent()
        if parent is None:
            continue
        tag = el.tag
        count += 1
        if tag in _DROPPED:
            parent.remove(el)
        elif parent.tag == _RPR or parent.tag == _TRPR or parent.tag == _TCPR:
            # A mark: a paragraph mark (pPr/rPr), a row (trPr) or a cell (tcPr) inserted or deleted.
            if tag in (_DEL, _MOVE_FROM):
                if parent.tag == _RPR and parent.getparent() is not None and parent.getparent().tag == _PPR:
                    merges.append(parent.getparent().getparent())
                elif parent.tag == _TRPR:
                    rows.append(parent.getparent())
            parent.remove(el)
        elif tag in (_DEL, _MOVE_FROM):
            parent.remove(el)
        else:
            _unwrap(el)
    for paragraph in merges:
        _join_next(paragraph)
    for row in rows:
        if row is not None and row.getparent() is not None:
            row.getparent().remove(row)
    return count


def _unwrap(el: Any) -> None:
    """Replace an element by its children, in place (their identity kept)."""
    parent = el.getparent()
    index = parent.index(el)
    for offset, child in enumerate(list(el)):
        parent.insert(index + offset, child)
    parent.remove(el)


def _join_next(paragraph: Any) -> None:
    """Join a paragraph whose mark was deleted to the next paragraph: its content goes first there."""
    if paragraph is None or paragraph.tag != _P or paragraph.getparent() is None:
        return
    following = paragraph.getnext()
    while following is not None and following.tag != _P and not isinstance(following.tag, str):
        following = following.getnext()
    if following is None or following.tag != _P:
        return  # before a table or at the end of its container: Word keeps the paragraph
    content = [child for child in paragraph if child.tag != _PPR]
    props = following.find(_PPR)
    at = 1 if props is not None and following.index(props) == 0 else 0
    for offset, child in enumerate(content):
        following.insert(at + offset, child)
    paragraph.getparent().remove(paragraph)
