"""The tags, paths and sets of WordprocessingML the package redline writes with."""

from __future__ import annotations

import re

from lxml import etree

from policydiff.ooxml.names import w

_P, _PPR, _RPR, _R, _T, _DEL_TEXT = w("p"), w("pPr"), w("rPr"), w("r"), w("t"), w("delText")
_INS, _DEL, _MOVE_TO, _MOVE_FROM = w("ins"), w("del"), w("moveTo"), w("moveFrom")
_TAB, _BR, _TC, _TBL, _TR, _BODY = w("tab"), w("br"), w("tc"), w("tbl"), w("tr"), w("body")
_TC_PR = w("tcPr")
_SECT_PR, _PPR_CHANGE, _RPR_CHANGE = w("sectPr"), w("pPrChange"), w("rPrChange")
_TBL_STYLE = w("tblStyle")
_PSTYLE, _RSTYLE, _NUMPR, _NUM_ID, _ILVL, _VAL = (
    w("pStyle"),
    w("rStyle"),
    w("numPr"),
    w("numId"),
    w("ilvl"),
    w("val"),
)
_INSTR, _DEL_INSTR = w("instrText"), w("delInstrText")
_HYPERLINK, _ID = w("hyperlink"), w("id")
_REVISION_TAGS = frozenset({_INS, _DEL, _MOVE_TO, _MOVE_FROM})
_DRAWING, _TXBX = w("drawing"), w("txbxContent")
_SDT, _SDT_PR, _SDT_CONTENT, _FLD_CHAR = w("sdt"), w("sdtPr"), w("sdtContent"), w("fldChar")
_BLOCK_PARENTS = frozenset(
    {w("body"), w("tc"), w("hdr"), w("ftr"), w("footnote"), w("endnote"), w("comment")}
)
_TYPED_CONTROLS = frozenset(
    w(name) for name in ("text", "date", "comboBox", "dropDownList", "picture", "docPartList", "citation")
)
"""Content controls of a kind (not rich text): LibreOffice 7.4 reads those inside a paragraph as fields."""
_TRACKED = frozenset({*_REVISION_TAGS, _PPR_CHANGE, _RPR_CHANGE, w("cellIns"), w("cellDel")})
_COMMENT_REF = w("commentReference")
_COMMENTS_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
_NUMBERING_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"
_WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
_NOT_IN_HEADER_WORDS = (_HYPERLINK,)
"""What a header or footer paragraph tracked word by word must not hold: a link's relationship is
the part's own. (Fields, as a page number, are tracked as in the body since session 6.)"""
_WORD_TOKENS = re.compile(r"\s+|\w+|[^\w\s]").findall
"""A header or footer paragraph's text as words, spaces and punctuation (each kept: they join back)."""
_SEGMENTS = re.compile(r"\t|\n|[^\t\n]+").findall
"""A deleted text cut into tabs, line breaks and the text between them."""
_HOLDS_NOTE = etree.XPath(
    "boolean(.//w:footnoteReference | .//w:endnoteReference)", namespaces={"w": _ID[1 : _ID.index("}")]}
)
_NOTE_PARTS = ("footnotes", "endnotes")
_DEFAULT_STYLE = etree.XPath(
    "w:style[@w:type='paragraph'][@w:default='1' or @w:default='true']/@w:styleId",
    namespaces={"w": _ID[1 : _ID.index("}")]},
)
_ALL_IDS = etree.XPath("//@w:id", namespaces={"w": _ID[1 : _ID.index("}")]})
"""Every `w:id` attribute's value in a part."""
_SPLIT = "{urn:policydiff:split}split"
"""A placeholder left where a deleted paragraph mark of the left splits a right paragraph."""
_W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
_STRIPPED_FROM_COPIES = frozenset(
    w(name)
    for name in (
        "bookmarkStart",
        "bookmarkEnd",
        "commentRangeStart",
        "commentRangeEnd",
        "permStart",
        "permEnd",
        "proofErr",
        "moveFromRangeStart",
        "moveFromRangeEnd",
        "moveToRangeStart",
        "moveToRangeEnd",
    )
)
_RUN_ONLY_STRIPPED = frozenset(
    {
        w("commentReference"),
        w("footnoteReference"),
        w("endnoteReference"),
        w("drawing"),
        w("pict"),
        w("object"),
        "{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent",
    }
)
"""Run content of a copied left paragraph that points into the left package (notes, comments,
images, text boxes): left out of the copy, which would otherwise point at the wrong part."""

Atom = tuple[int, int, int]
"""A character of a clause: (unit, piece, offset in the piece); piece -1 is the mark ending the unit."""
