"""Small questions about the elements of a part: ancestors, fields, rows, content controls."""

from __future__ import annotations

import copy
from typing import Any

from lxml import etree

from policydiff.ooxml.names import w
from policydiff.readers.docx import (
    W14_CHECKBOX as _W14_CHECKBOX,
)
from policydiff.readers.docx import (
    form_field_shown,
    is_toc_sdt,
    table_children,
)
from policydiff.renderers.docx_package.names import (
    _BLOCK_PARENTS,
    _FLD_CHAR,
    _P,
    _PPR,
    _R,
    _SDT,
    _SDT_CONTENT,
    _SDT_PR,
    _T,
    _TBL,
    _TC,
    _TR,
    _TRACKED,
    _TYPED_CONTROLS,
    _VAL,
)


def _ancestor(element: Any, tag: str) -> Any:
    parent = element.getparent()
    while parent is not None and parent.tag != tag:
        parent = parent.getparent()
    return parent


def _open_content_controls(root: Any) -> None:
    """Turn content controls (`w:sdt`) that hold revisions into what LibreOffice 7.4 reads as meant.

    LibreOffice loses the revisions inside a block-level control on Accept All and Reject All (and
    the properties of the paragraph after it), and those inside a plain-text, date or list control in
    a paragraph (read as a field). So a typed control becomes a rich-text one (its type element goes),
    a block-level control around one paragraph goes inside it (a run-level control around its
    content), and one around several paragraphs or a table goes (their content stays), as does one
    around table cells (a deleted row with such a cell kept the cell's text and the row after Accept
    All). Tables of contents (`w:docPartObj`) keep theirs."""
    for sdt in list(root.iter(_SDT)):
        content = sdt.find(_SDT_CONTENT)
        parent = sdt.getparent()
        if content is None or parent is None:
            continue
        props = sdt.find(_SDT_PR)
        if props is not None and props.find(w("docPartObj")) is not None:
            continue
        if not any(el.tag in _TRACKED for el in content.iter()):
            continue
        # A plain-text, date or list control: LibreOffice 7.4 reads one inside a paragraph as a field
        # and loses the revisions in it. It becomes a rich-text control (its kind goes, nothing else).
        for el in list(props if props is not None else ()):
            if el.tag in _TYPED_CONTROLS:
                props.remove(el)
        if parent.tag == _TR:  # (a control around cells: the cells stay)
            for cell in list(content):
                sdt.addprevious(cell)
            parent.remove(sdt)
            continue
        if parent.tag not in _BLOCK_PARENTS and not (
            parent.tag == _SDT_CONTENT and any(el.tag in (_P, _TBL) for el in parent)
        ):
            continue
        blocks = list(content)
        if len(blocks) == 1 and blocks[0].tag == _P:
            p = blocks[0]
            inline = etree.Element(_SDT)
            inner = etree.SubElement(inline, _SDT_CONTENT)
            if props is not None:
                inline.insert(0, props)
            for child in list(p):
                if child.tag != _PPR:
                    inner.append(child)
            p.append(inline)
            sdt.addprevious(p)
        else:
            for block in blocks:
                sdt.addprevious(block)
        parent.remove(sdt)


def _toc_paragraphs(root: Any) -> list[Any]:
    """Return the paragraphs of the first table of contents (`w:docPartObj` content control) in a part."""
    if root is None:
        return []
    for sdt in root.iter(_SDT):
        content = sdt.find(_SDT_CONTENT)
        if content is not None and is_toc_sdt(sdt):
            return list(content.iter(_P))
    return []


def _entry_text(p: Any) -> tuple[int, int] | None:
    """Return where the entry's own content stands among a table-of-contents paragraph's children
    (first, past the last), when the paragraph also holds the contents field's start or its end;
    None when its fields are balanced or their marks are not the paragraph's own runs."""
    children = list(p)
    depth, first, last = 0, 0, len(children)
    for at, child in enumerate(children):
        for el in child.iter(_FLD_CHAR):
            kind = el.get(w("fldCharType"))
            if kind == "begin":
                depth += 1
            elif kind == "end":
                depth -= 1
            elif kind == "separate" and depth == 1 and child.tag == _R:
                first = at + 1
            if depth < 0:
                if child.tag != _R:
                    return None
                last = at
                break
        if depth < 0:
            break
    if depth == 0 or (depth > 0 and first == 0):
        return None
    return first, last


def _plain_text(p: Any) -> str:
    return "".join(t.text or "" for t in p.iter(_T))


def _field_balanced(p: Any) -> bool:
    """Return whether a paragraph's complex fields all begin and end in it."""
    depth = 0
    for el in p.iter(_FLD_CHAR):
        kind = el.get(w("fldCharType"))
        depth += 1 if kind == "begin" else -1 if kind == "end" else 0
        if depth < 0:
            return False
    return depth == 0


def _field_results(p: Any) -> list[str]:
    """Return the shown text of each field of a paragraph (simple and complex, outermost), and of each tick
    box content control: a legacy tick box's or drop-down's its state (☒, ☐ or the chosen entry), which no
    tracked change can hold; a tick box control's glyph as saved (its font's: the reader reads it as ☒ or
    ☐, and a deleted copy of ours would hold that instead of the left's own)."""
    results: list[str] = []
    depth, shown = 0, False
    for el in p.iter(_FLD_CHAR, w("fldSimple"), _T, _W14_CHECKBOX):
        if el.tag == _W14_CHECKBOX:
            sdt = el.getparent().getparent() if el.getparent() is not None else None
            content = sdt.find(_SDT_CONTENT) if sdt is not None else None
            glyphs = [] if content is None else content.iter(_T, w("sym"))
            results.append(
                "box:" + "".join(g.text or "" if g.tag == _T else g.get(w("char"), "") for g in glyphs)
            )
        elif el.tag == _T:
            if (depth == 1 and shown) or (depth == 0 and _ancestor(el, w("fldSimple")) is not None):
                results[-1] += el.text or ""
        elif el.tag == _FLD_CHAR:
            kind = el.get(w("fldCharType"))
            if kind == "begin":
                depth += 1
                if depth == 1:
                    results.append(form_field_shown(el) or "")
                    shown = False
            elif kind == "separate":
                shown = True
            elif kind == "end":
                depth -= 1
        elif depth == 0:
            results.append("")
    return results


def _grid_width(row: Any) -> int:
    """Return how many grid columns a table row spans: its cells' (`w:gridSpan`) and the columns it skips
    before and after them (`w:gridBefore`, `w:gridAfter`: a row that starts one column in)."""
    width = 0
    for cell in table_children(row, _TC):
        span = cell.find(f"{w('tcPr')}/{w('gridSpan')}")
        width += _number_of(span)
    props = row.find(w("trPr"))
    if props is not None:
        width += sum(_number_of(props.find(w(name)), 0) for name in ("gridBefore", "gridAfter"))
    return width


def _number_of(element: Any, default: int = 1) -> int:
    """Return an element's whole-number `w:val` (`default` without the element or a number)."""
    value = element.get(_VAL, "") if element is not None else ""
    return int(value) if value.isdigit() else default


def _as_paragraph(props: Any) -> Any:
    """Return a paragraph holding a copy of paragraph properties `props` (a `w:pPrChange`'s former ones),
    to ask what list and level they give."""
    p = etree.Element(_P)
    p.append(copy.deepcopy(props))
    return p


def _outside_tables(element: Any) -> Any:
    """Return the outermost table holding `element` (a row, or anything in a cell), else `element`."""
    while element.tag == _TR or (cell := _ancestor(element, _TC)) is not None:
        element = element.getparent() if element.tag == _TR else _ancestor(cell, _TBL)
    return element


def _row_props(row: Any) -> Any:
    """Return a row's `w:trPr`, made where the schema puts it (after `w:tblPrEx`, before the cells and
    any content control around them) when it has none."""
    props = row.find(w("trPr"))
    if props is None:
        props = etree.Element(w("trPr"))
        row.insert(1 if len(row) and row[0].tag == w("tblPrEx") else 0, props)
    return props
