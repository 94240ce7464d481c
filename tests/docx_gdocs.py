# ruff: noqa: E501
"""DOCX packages shaped as Google Docs exports them (File -> Download -> Microsoft Word).

Faithful to Google's export where known: long namespace list with mc:Ignorable, sequential
w14:paraId, every run `w:rsidDel/w:rsidR/w:rsidRPr="00000000"` with `<w:rtl w:val="0"/>` last in its
rPr, `w:b w:val="1"`, paragraph properties keepNext/keepLines val=0 + spacing + ind + empty rPr,
headings by style with empty `_xxxxx` bookmarks, one w:num + one w:abstractNum per list (no nsid,
no multiLevelType, nine levels, bullets ● ○ ■, decimal/lowerLetter/lowerRoman "%n."), restarts as a
new list, hyperlinks by r:id coloured 1155cc, tables with Table1 style, fractional twips ("9029.0"),
tcMar, shading, gridSpan and vMerge restart/continue, page breaks, header/footer with a PAGE
fldSimple, footnotes with separators, comments, suggestions as w:ins/w:del, a picture.

Written for the Word redline tests (issue 13, session 16) by checking the package redline on documents
of a producer our other fixtures do not cover: `pairs()` gives three policies (safeguarding, social
media, data protection), each edited one way at a time and all at once, and `minimal_pairs()` the
small pairs that showed each fault found (a list item moved before an empty paragraph, a cell's text
replaced next to an added row, a row whose last cell repeats the one above).

    python -m tests.docx_gdocs OUT       # writes OUT/NAME-l.docx, OUT/NAME-r.docx
"""

from __future__ import annotations

import copy
import io
import re
import struct
import zipfile
import zlib
from pathlib import Path
from xml.sax.saxutils import escape

NS = (
    'xmlns:wpc="http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas" '
    'xmlns:cx="http://schemas.microsoft.com/office/drawing/2014/chartex" '
    'xmlns:cx1="http://schemas.microsoft.com/office/drawing/2015/9/8/chartex" '
    'xmlns:cx2="http://schemas.microsoft.com/office/drawing/2015/10/21/chartex" '
    'xmlns:cx3="http://schemas.microsoft.com/office/drawing/2016/5/9/chartex" '
    'xmlns:cx4="http://schemas.microsoft.com/office/drawing/2016/5/10/chartex" '
    'xmlns:cx5="http://schemas.microsoft.com/office/drawing/2016/5/11/chartex" '
    'xmlns:cx6="http://schemas.microsoft.com/office/drawing/2016/5/12/chartex" '
    'xmlns:cx7="http://schemas.microsoft.com/office/drawing/2016/5/13/chartex" '
    'xmlns:cx8="http://schemas.microsoft.com/office/drawing/2016/5/14/chartex" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:aink="http://schemas.microsoft.com/office/drawing/2016/ink" '
    'xmlns:am3d="http://schemas.microsoft.com/office/drawing/2017/model3d" '
    'xmlns:o="urn:schemas-microsoft-com:office:office" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:wp14="http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:w10="urn:schemas-microsoft-com:office:word" '
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
    'xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml" '
    'xmlns:w16cex="http://schemas.microsoft.com/office/word/2018/wordml/cex" '
    'xmlns:w16cid="http://schemas.microsoft.com/office/word/2016/wordml/cid" '
    'xmlns:w16="http://schemas.microsoft.com/office/word/2018/wordml" '
    'xmlns:w16sdtdh="http://schemas.microsoft.com/office/word/2020/wordml/sdtdatahash" '
    'xmlns:w16se="http://schemas.microsoft.com/office/word/2015/wordml/symex" '
    'xmlns:wpg="http://schemas.microsoft.com/office/word/2010/wordprocessingGroup" '
    'xmlns:wpi="http://schemas.microsoft.com/office/word/2010/wordprocessingInk" '
    'xmlns:wne="http://schemas.microsoft.com/office/word/2006/wordml" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" '
    'mc:Ignorable="w14 w15 w16se w16cid w16 w16cex w16sdtdh wp14"'
)
RSID = 'w:rsidDel="00000000" w:rsidR="00000000" w:rsidRPr="00000000"'
PRSID = 'w:rsidR="00000000" w:rsidDel="00000000" w:rsidP="00000000" w:rsidRDefault="00000000" w:rsidRPr="00000000"'
BOOKMARKS = "_gjdgxs _30j0zll _1fob9te _3znysh7 _2et92p0 _tyjcwt _3dy6vkm _1t3h5sf _4d34og8 _2s8eyo1 _17dp8vu _3rdcrjn _26in1rg _lnxbz9 _35nkun2 _1ksv4uv _44sinio _2jxsxqh _z337ya _3j2qqm3".split()
SUGGESTED = 'w:author="Sam Okafor" w:date="2024-09-12T10:41:00Z"'
XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
BULLETS = ["●", "○", "■"]
NUMFMT = [("decimal", "%{n}."), ("lowerLetter", "%{n}."), ("lowerRoman", "%{n}.")]


def t(text: str) -> str:
    return f'<w:t xml:space="preserve">{escape(text)}</w:t>'


class Doc:
    """One package being written: ids, lists, links, notes, comments."""

    def __init__(self, heavy: bool, lists: dict[str, str], heading_marks: bool = False):
        self.heavy = heavy
        self.heading_marks = heading_marks
        self.kinds = lists  # list key -> "bullet" | "decimal"
        self.num: dict[str, int] = {}
        self.para = 0
        self.bookmark = 0
        self.rev = 0
        self.rels: list[tuple[str, str, str, bool]] = []
        self.notes: list[str] = []
        self.comments: list[str] = []
        self.image = False

    def paraid(self) -> str:
        self.para += 1
        return f"{self.para:08X}"

    def num_id(self, key: str) -> int:
        if key not in self.num:
            self.num[key] = len(self.num) + 1
        return self.num[key]

    def link(self, url: str) -> str:
        for rid, kind, target, _ in self.rels:
            if kind == "hyperlink" and target == url:
                return rid
        rid = f"rId{20 + len(self.rels)}"
        self.rels.append((rid, "hyperlink", url, True))
        return rid

    # ---------------------------------------------------------------- runs
    def rpr(self, bold=False, italic=False, link=False, extra="") -> str:
        inner = ""
        if self.heavy:
            inner += '<w:rFonts w:ascii="Arial" w:cs="Arial" w:eastAsia="Arial" w:hAnsi="Arial"/>'
        if bold:
            inner += '<w:b w:val="1"/>'
        if italic:
            inner += '<w:i w:val="1"/>'
        if link:
            inner += '<w:color w:val="1155cc"/>'
        elif self.heavy:
            inner += '<w:color w:val="222222"/>'
        if self.heavy:
            inner += '<w:sz w:val="22"/><w:szCs w:val="22"/>'
        if self.heavy and not link:
            inner += '<w:highlight w:val="white"/>'
        if link:
            inner += '<w:u w:val="single"/>'
        inner += extra
        return f'<w:rPr>{inner}<w:rtl w:val="0"/></w:rPr>'

    def run(self, text: str, **kw) -> str:
        inner = "".join(
            "<w:br/>" if x == "\n" else "<w:tab/>" if x == "\t" else t(x)
            for x in re.split(r"(\n|\t)", text)
            if x
        )
        return f"<w:r {RSID}>{self.rpr(**kw)}{inner}</w:r>"

    TOKEN = re.compile(
        r"\*\*(?P<b>.+?)\*\*|~~(?P<i>.+?)~~|\[(?P<lt>.+?)\]\((?P<lu>.+?)\)|\^\{(?P<fn>.+?)\}"
        r"|<<(?P<ct>.+?)\|(?P<ca>.+?)>>|\{\+(?P<ins>.+?)\+\}|\{-(?P<del>.+?)-\}"
    )

    def runs(self, markup: str) -> str:
        out, pos = [], 0
        for m in self.TOKEN.finditer(markup):
            if m.start() > pos:
                out.append(self.run(markup[pos : m.start()]))
            pos = m.end()
            if m["b"]:
                out.append(self.run(m["b"], bold=True))
            elif m["i"]:
                out.append(self.run(m["i"], italic=True))
            elif m["lt"] and m["lu"].startswith("#"):
                out.append(
                    f'<w:hyperlink w:anchor="{escape(m["lu"][1:])}">{self.run(m["lt"], link=True)}</w:hyperlink>'
                )
            elif m["lt"]:
                rid = self.link(m["lu"])
                out.append(f'<w:hyperlink r:id="{rid}">{self.run(m["lt"], link=True)}</w:hyperlink>')
            elif m["fn"]:
                self.notes.append(m["fn"])
                n = len(self.notes)
                out.append(
                    f'<w:r {RSID}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                    f'<w:footnoteReference w:customMarkFollows="0" w:id="{n}"/></w:r>'
                )
            elif m["ct"]:
                cid = len(self.comments)
                self.comments.append(m["ct"])
                out.append(
                    f'<w:commentRangeStart w:id="{cid}"/>{self.runs(m["ca"])}<w:commentRangeEnd w:id="{cid}"/>'
                )
                out.append(
                    f'<w:r {RSID}><w:rPr><w:rtl w:val="0"/></w:rPr><w:commentReference w:id="{cid}"/></w:r>'
                )
            elif m["ins"]:
                out.append(f'<w:ins w:id="{self.rev}" {SUGGESTED}>{self.run(m["ins"])}</w:ins>')
                self.rev += 1
            elif m["del"]:
                out.append(
                    f'<w:del w:id="{self.rev}" {SUGGESTED}><w:r {RSID}>{self.rpr()}'
                    f'<w:delText xml:space="preserve">{escape(m["del"])}</w:delText></w:r></w:del>'
                )
                self.rev += 1
        if pos < len(markup):
            out.append(self.run(markup[pos:]))
        return "".join(out)

    # ---------------------------------------------------------------- blocks
    def ppr(self, style=None, num=None, spacing=None, ind=None, jc=None) -> str:
        inner = f'<w:pStyle w:val="{style}"/>' if style else ""
        inner += (
            '<w:keepNext w:val="0"/><w:keepLines w:val="0"/>' if style not in ("Title", "Subtitle") else ""
        )
        if num:
            inner += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{self.num_id(num[0])}"/></w:numPr>'
        inner += spacing or '<w:spacing w:after="0" w:before="0" w:line="276" w:lineRule="auto"/>'
        if ind:
            inner += ind
        if jc:
            inner += f'<w:jc w:val="{jc}"/>'
        inner += (
            "<w:rPr/>"
            if not self.heavy
            else '<w:rPr><w:rFonts w:ascii="Arial" w:cs="Arial" w:eastAsia="Arial" w:hAnsi="Arial"/></w:rPr>'
        )
        return f"<w:pPr>{inner}</w:pPr>"

    def p(self, ppr: str, content: str) -> str:
        return f'<w:p {PRSID} w14:paraId="{self.paraid()}">{ppr}{content}</w:p>'

    def block(self, b: dict) -> str:
        k = b["k"]
        if k in ("title", "subtitle", "h1", "h2", "h3"):
            style = {
                "title": "Title",
                "subtitle": "Subtitle",
                "h1": "Heading1",
                "h2": "Heading2",
                "h3": "Heading3",
            }[k]
            spacing = {
                "h1": '<w:spacing w:after="120" w:before="400" w:line="276" w:lineRule="auto"/>',
                "h2": '<w:spacing w:after="120" w:before="360" w:line="276" w:lineRule="auto"/>',
                "h3": '<w:spacing w:after="80" w:before="320" w:line="276" w:lineRule="auto"/>',
            }.get(k, '<w:spacing w:after="60" w:before="0" w:line="276" w:lineRule="auto"/>')
            ind = '<w:ind w:left="720" w:hanging="360"/>' if b.get("num") else None
            name = BOOKMARKS[self.bookmark % len(BOOKMARKS)]
            if self.heading_marks:
                name = "_heading=h." + name[1:]
            if b.get("mark"):
                name = b["mark"]
            mark = f'<w:bookmarkStart w:colFirst="0" w:colLast="0" w:name="{name}" w:id="{self.bookmark}"/><w:bookmarkEnd w:id="{self.bookmark}"/>'
            self.bookmark += 1
            return self.p(self.ppr(style, b.get("num"), spacing, ind), mark + self.runs(b["t"]))
        if k == "p":
            return self.p(
                self.ppr(
                    spacing='<w:spacing w:after="0" w:before="0" w:line="276" w:lineRule="auto"/>',
                    jc=b.get("jc"),
                ),
                self.runs(b["t"]),
            )
        if k == "li":
            lvl = b.get("lvl", 0)
            ind = f'<w:ind w:left="{720 * (lvl + 1)}" w:hanging="360"/>'
            return self.p(self.ppr(num=(b["list"], lvl), ind=ind), self.runs(b["t"]))
        if k == "empty":
            # Google writes both: a bare pPr, or one empty run with only rtl
            if b.get("run"):
                return self.p(self.ppr(), f'<w:r {RSID}><w:rPr><w:rtl w:val="0"/></w:rPr></w:r>')
            return self.p(self.ppr(), "")
        if k == "pagebreak":
            return self.p(self.ppr(), f'<w:r {RSID}><w:br w:type="page"/></w:r>')
        if k == "image":
            self.image = True
            return self.p(self.ppr(jc="center"), IMAGE_RUN)
        if k == "table":
            return self.table(b)
        if k == "toc":
            return self.toc(b)
        raise ValueError(k)

    def toc(self, b: dict) -> str:
        paras = []
        for i, (anchor, text) in enumerate(b["entries"]):
            begin = (
                f'<w:r {RSID}><w:fldChar w:fldCharType="begin"/></w:r><w:r {RSID}><w:instrText xml:space="preserve">TOC \\h \\u \\z \\t "Heading 1,1,Heading 2,2,Heading 3,3,Heading 4,4,Heading 5,5,Heading 6,6,"</w:instrText></w:r>'
                f'<w:r {RSID}><w:fldChar w:fldCharType="separate"/></w:r>'
                if i == 0
                else ""
            )
            ind = '<w:ind w:left="360" w:firstLine="0"/>' if b.get("levels", {}).get(anchor) else ""
            ppr = f'<w:pPr><w:tabs><w:tab w:val="right" w:leader="none" w:pos="9025"/></w:tabs><w:spacing w:after="0" w:before="80" w:line="240" w:lineRule="auto"/>{ind}<w:rPr/></w:pPr>'
            link = (
                f'<w:hyperlink w:anchor="{anchor}"><w:r {RSID}><w:rPr><w:rtl w:val="0"/></w:rPr>{t(text)}</w:r>'
                f'<w:r {RSID}><w:rPr><w:rtl w:val="0"/></w:rPr><w:tab/></w:r>'
                f'<w:r {RSID}><w:fldChar w:fldCharType="begin"/></w:r><w:r {RSID}><w:instrText xml:space="preserve">PAGEREF {anchor} \\h</w:instrText></w:r>'
                f'<w:r {RSID}><w:fldChar w:fldCharType="separate"/></w:r><w:r {RSID}><w:rPr><w:rtl w:val="0"/></w:rPr>{t(str(1 + i // 4))}</w:r>'
                f'<w:r {RSID}><w:fldChar w:fldCharType="end"/></w:r></w:hyperlink>'
            )
            end = f'<w:r {RSID}><w:fldChar w:fldCharType="end"/></w:r>' if i == len(b["entries"]) - 1 else ""
            paras.append(f'<w:p {PRSID} w14:paraId="{self.paraid()}">{ppr}{begin}{link}{end}</w:p>')
        return (
            '<w:sdt><w:sdtPr><w:id w:val="-1183546325"/><w:docPartObj><w:docPartGallery w:val="Table of Contents"/>'
            '<w:docPartUnique w:val="1"/></w:docPartObj></w:sdtPr><w:sdtContent>'
            + "".join(paras)
            + "</w:sdtContent></w:sdt>"
        )

    def table(self, b: dict) -> str:
        rows = b["rows"]
        ncols = max(sum(c.get("span", 1) if isinstance(c, dict) else 1 for c in r) for r in rows)
        width = 9029.0
        col = width / ncols
        style = '<w:tblStyle w:val="Table1"/>' if b.get("styled", True) else ""
        borders = "".join(
            f'<w:{side} w:color="000000" w:space="0" w:sz="8" w:val="single"/>'
            for side in ("top", "left", "bottom", "right", "insideH", "insideV")
        )
        out = [
            f'<w:tbl><w:tblPr>{style}<w:tblW w:w="{width}" w:type="dxa"/><w:jc w:val="left"/>'
            f'<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/>'
            '<w:tblLook w:val="0600"/></w:tblPr><w:tblGrid>'
            + f'<w:gridCol w:w="{col}"/>' * ncols
            + "</w:tblGrid>"
        ]
        for r, row in enumerate(rows):
            cells = []
            for cell in row:
                c = cell if isinstance(cell, dict) else {"t": cell}
                span = c.get("span", 1)
                tcpr = ""
                if span > 1:
                    tcpr += f'<w:gridSpan w:val="{span}"/>'
                if c.get("vmerge"):
                    tcpr += f'<w:vMerge w:val="{c["vmerge"]}"/>'
                fill = "d9ead3" if r == 0 and b.get("header", True) else "auto"
                tcpr += f'<w:shd w:fill="{fill}" w:val="clear"/>'
                tcpr += (
                    '<w:tcMar><w:top w:w="100.0" w:type="dxa"/><w:left w:w="100.0" w:type="dxa"/>'
                    '<w:bottom w:w="100.0" w:type="dxa"/><w:right w:w="100.0" w:type="dxa"/></w:tcMar>'
                )
                tcpr = f'<w:tcW w:w="{col * span}" w:type="dxa"/>' + tcpr.replace("<w:shd", "<w:shd", 1)
                # schema order: tcW, gridSpan, vMerge, tcBorders, shd, ..., tcMar, ..., vAlign
                tcpr += '<w:vAlign w:val="top"/>'
                text = "" if c.get("vmerge") == "continue" else c.get("t", "")
                paras = "".join(
                    self.p(
                        self.ppr(
                            spacing='<w:spacing w:after="0" w:before="0" w:line="240" w:lineRule="auto"/>'
                        ),
                        self.runs(line if r else f"**{line}**") if line else "",
                    )
                    for line in text.split("\n")
                )
                cells.append(f"<w:tc><w:tcPr>{tcpr}</w:tcPr>{paras}</w:tc>")
            out.append(
                '<w:tr><w:trPr><w:cantSplit w:val="0"/><w:tblHeader w:val="0"/><w:jc w:val="left"/></w:trPr>'
                + "".join(cells)
                + "</w:tr>"
            )
        out.append("</w:tbl>")
        return "".join(out)

    # ---------------------------------------------------------------- parts
    def numbering(self) -> str:
        out = []
        for key, n in self.num.items():
            kind = self.kinds[key]
            levels = []
            for i in range(9):
                if kind == "check":
                    fmt, text = "bullet", "☐"
                    rpr = '<w:rPr><w:rFonts w:ascii="Arial Unicode MS" w:cs="Arial Unicode MS" w:eastAsia="Arial Unicode MS" w:hAnsi="Arial Unicode MS"/><w:u w:val="none"/></w:rPr>'
                elif kind == "bullet":
                    fmt, text = "bullet", BULLETS[i % 3]
                    rpr = '<w:rPr><w:u w:val="none"/></w:rPr>'
                else:
                    fmt, text = NUMFMT[i % 3][0], NUMFMT[i % 3][1].format(n=i + 1)
                    rpr = '<w:rPr><w:u w:val="none"/></w:rPr>'
                jc = "right" if fmt == "lowerRoman" else "left"
                levels.append(
                    f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
                    f'<w:lvlJc w:val="{jc}"/><w:pPr><w:ind w:left="{720 * (i + 1)}" w:hanging="360"/></w:pPr>{rpr}</w:lvl>'
                )
            out.append(f'<w:abstractNum w:abstractNumId="{n}">{"".join(levels)}</w:abstractNum>')
        nums = "".join(
            f'<w:num w:numId="{n}"><w:abstractNumId w:val="{n}"/></w:num>' for n in self.num.values()
        )
        return f"{XML}<w:numbering {NS}>{''.join(out)}{nums}</w:numbering>"

    def footnotes(self) -> str:
        sep = (
            '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
            "<w:r><w:separator/></w:r></w:p></w:footnote>"
            '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
            "<w:r><w:continuationSeparator/></w:r></w:p></w:footnote>"
        )
        notes = "".join(
            f'<w:footnote w:id="{i}"><w:p {PRSID} w14:paraId="{self.paraid()}"><w:pPr><w:spacing w:after="0" w:before="0" w:line="240" w:lineRule="auto"/><w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr></w:pPr>'
            f'<w:r {RSID}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>'
            f'<w:r {RSID}><w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/><w:rtl w:val="0"/></w:rPr>{t(" " + text)}</w:r></w:p></w:footnote>'
            for i, text in enumerate(self.notes, 1)
        )
        return f"{XML}<w:footnotes {NS}>{sep}{notes}</w:footnotes>"

    def comments_part(self) -> str:
        body = "".join(
            f'<w:comment w:author="Priya Shah" w:id="{i}" w:date="2024-09-10T14:03:00Z" w:initials="">'
            f'<w:p {PRSID} w14:paraId="{self.paraid()}"><w:pPr><w:spacing w:after="0" w:before="0" w:line="240" w:lineRule="auto"/><w:rPr/></w:pPr>'
            f'<w:r {RSID}><w:rPr><w:rFonts w:ascii="Arial" w:cs="Arial" w:eastAsia="Arial" w:hAnsi="Arial"/><w:color w:val="000000"/><w:sz w:val="22"/><w:szCs w:val="22"/><w:rtl w:val="0"/></w:rPr>{t(text)}</w:r></w:p></w:comment>'
            for i, text in enumerate(self.comments)
        )
        return f"{XML}<w:comments {NS}>{body}</w:comments>"

    def hf(self, kind: str, text: str) -> str:
        tag = "hdr" if kind == "header" else "ftr"
        jc = "right" if kind == "header" else "center"
        extra = ""
        if kind == "footer":
            extra = (
                f'<w:r {RSID}><w:rPr><w:rtl w:val="0"/></w:rPr>{t(" - page ")}</w:r>'
                '<w:fldSimple w:instr="PAGE" w:fldLock="0"><w:r><w:rPr><w:rtl w:val="0"/></w:rPr><w:t>1</w:t></w:r></w:fldSimple>'
            )
        return (
            f'{XML}<w:{tag} {NS}><w:p {PRSID} w14:paraId="{self.paraid()}"><w:pPr><w:jc w:val="{jc}"/><w:rPr/></w:pPr>'
            f'<w:r {RSID}><w:rPr><w:rtl w:val="0"/></w:rPr>{t(text)}</w:r>{extra}</w:p></w:{tag}>'
        )


IMAGE_RUN = (
    f'<w:r {RSID}><w:rPr/><w:drawing><wp:inline distB="114300" distT="114300" distL="114300" distR="114300">'
    '<wp:extent cx="952500" cy="952500"/><wp:effectExtent b="0" l="0" r="0" t="0"/>'
    '<wp:docPr id="1" name="image1.png"/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
    '<pic:pic><pic:nvPicPr><pic:cNvPr id="0" name="image1.png"/><pic:cNvPicPr preferRelativeResize="0"/></pic:nvPicPr>'
    '<pic:blipFill><a:blip r:embed="rId15"/><a:srcRect b="0" l="0" r="0" t="0"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
    '<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="952500" cy="952500"/></a:xfrm><a:prstGeom prst="rect"/><a:ln/></pic:spPr>'
    "</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
)


def png() -> bytes:
    w = h = 8
    raw = b"".join(b"\x00" + bytes([30, 120, 200]) * w for _ in range(h))

    def chunk(tag: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)
        )

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def _heading_style(sid: str, name: str, size: int, before: int, after: int, color: str | None = None) -> str:
    col = f'<w:color w:val="{color}"/>' if color else ""
    return (
        f'<w:style w:type="paragraph" w:styleId="{sid}"><w:name w:val="{name}"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/>'
        f'<w:pPr><w:keepNext w:val="1"/><w:keepLines w:val="1"/><w:spacing w:after="{after}" w:before="{before}" w:lineRule="auto"/></w:pPr>'
        f'<w:rPr>{col}<w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr></w:style>'
    )


STYLES = (
    XML + f"<w:styles {NS}>"
    '<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Arial" w:cs="Arial" w:eastAsia="Arial" w:hAnsi="Arial"/>'
    '<w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val="en-GB"/></w:rPr></w:rPrDefault>'
    '<w:pPrDefault><w:pPr><w:spacing w:line="276" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>'
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="normal"/><w:qFormat w:val="1"/></w:style>'
    + _heading_style("Heading1", "heading 1", 40, 400, 120)
    + _heading_style("Heading2", "heading 2", 32, 360, 120)
    + _heading_style("Heading3", "heading 3", 28, 320, 80, "434343")
    + _heading_style("Heading4", "heading 4", 24, 280, 80, "666666")
    + _heading_style("Heading5", "heading 5", 22, 240, 80, "666666")
    + _heading_style("Heading6", "heading 6", 22, 240, 80, "666666")
    + '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/>'
    '<w:semiHidden w:val="1"/><w:unhideWhenUsed w:val="1"/><w:tblPr><w:tblInd w:w="0.0" w:type="dxa"/>'
    '<w:tblCellMar><w:top w:w="0.0" w:type="dxa"/><w:left w:w="108.0" w:type="dxa"/><w:bottom w:w="0.0" w:type="dxa"/>'
    '<w:right w:w="108.0" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/>'
    '<w:pPr><w:keepNext w:val="1"/><w:keepLines w:val="1"/><w:spacing w:after="60" w:lineRule="auto"/></w:pPr>'
    '<w:rPr><w:sz w:val="52"/><w:szCs w:val="52"/></w:rPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="Subtitle"><w:name w:val="Subtitle"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/>'
    '<w:pPr><w:keepNext w:val="1"/><w:keepLines w:val="1"/><w:spacing w:after="320" w:lineRule="auto"/></w:pPr>'
    '<w:rPr><w:color w:val="666666"/><w:sz w:val="30"/><w:szCs w:val="30"/></w:rPr></w:style>'
    '<w:style w:type="table" w:styleId="Table1"><w:basedOn w:val="TableNormal"/><w:tblPr><w:tblStyleRowBandSize w:val="1"/>'
    '<w:tblStyleColBandSize w:val="1"/><w:tblCellMar><w:top w:w="100.0" w:type="dxa"/><w:left w:w="100.0" w:type="dxa"/>'
    '<w:bottom w:w="100.0" w:type="dxa"/><w:right w:w="100.0" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>'
    "</w:styles>"
)
SETTINGS = (
    XML + f"<w:settings {NS}>"
    '<w:displayBackgroundShape w:val="1"/><w:embedSystemFonts w:val="1"/><w:defaultTabStop w:val="720"/>'
    '<w:compat><w:compatSetting w:val="15" w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word"/></w:compat>'
    "</w:settings>"
)
FONTS = (
    XML + f"<w:fonts {NS}>"
    '<w:font w:name="Arial"/><w:font w:name="Calibri"/><w:font w:name="Georgia"/></w:fonts>'
)
THEME = (
    XML + '<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="Office Theme">'
    '<a:themeElements><a:clrScheme name="Office"><a:dk1><a:sysClr val="windowText" lastClr="000000"/></a:dk1>'
    '<a:lt1><a:sysClr val="window" lastClr="FFFFFF"/></a:lt1><a:dk2><a:srgbClr val="44546A"/></a:dk2><a:lt2><a:srgbClr val="E7E6E6"/></a:lt2>'
    '<a:accent1><a:srgbClr val="4472C4"/></a:accent1><a:accent2><a:srgbClr val="ED7D31"/></a:accent2><a:accent3><a:srgbClr val="A5A5A5"/></a:accent3>'
    '<a:accent4><a:srgbClr val="FFC000"/></a:accent4><a:accent5><a:srgbClr val="5B9BD5"/></a:accent5><a:accent6><a:srgbClr val="70AD47"/></a:accent6>'
    '<a:hlink><a:srgbClr val="0563C1"/></a:hlink><a:folHlink><a:srgbClr val="954F72"/></a:folHlink></a:clrScheme>'
    '<a:fontScheme name="Office"><a:majorFont><a:latin typeface="Arial"/><a:ea typeface=""/><a:cs typeface=""/></a:majorFont>'
    '<a:minorFont><a:latin typeface="Arial"/><a:ea typeface=""/><a:cs typeface=""/></a:minorFont></a:fontScheme>'
    '<a:fmtScheme name="Office"><a:fillStyleLst><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:fillStyleLst>'
    '<a:lnStyleLst><a:ln w="6350"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln><a:ln w="12700"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln><a:ln w="19050"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln></a:lnStyleLst>'
    "<a:effectStyleLst><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle></a:effectStyleLst>"
    '<a:bgFillStyleLst><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:bgFillStyleLst></a:fmtScheme>'
    "</a:themeElements></a:theme>"
)


def package(
    blocks: list[dict],
    *,
    heavy: bool,
    lists: dict[str, str],
    header: str,
    footer: str,
    heading_marks: bool = False,
) -> bytes:
    d = Doc(heavy, lists, heading_marks)
    body = "".join(d.block(b) for b in blocks)
    sect = (
        '<w:sectPr><w:headerReference r:id="rId9" w:type="default"/><w:footerReference r:id="rId10" w:type="default"/>'
        '<w:pgSz w:h="16834" w:w="11909" w:orient="portrait"/>'
        '<w:pgMar w:bottom="1440" w:top="1440" w:left="1440" w:right="1440" w:header="720" w:footer="720"/>'
        '<w:pgNumType w:start="1"/></w:sectPr>'
    )
    doc = f"{XML}<w:document {NS}><w:body>{body}{sect}</w:body></w:document>"
    R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    rels = [
        ("rId1", "theme", "theme/theme1.xml", False),
        ("rId2", "settings", "settings.xml", False),
        ("rId3", "fontTable", "fontTable.xml", False),
        ("rId4", "numbering", "numbering.xml", False),
        ("rId5", "styles", "styles.xml", False),
        ("rId6", "footnotes", "footnotes.xml", False),
        ("rId9", "header", "header1.xml", False),
        ("rId10", "footer", "footer1.xml", False),
    ]
    if d.comments:
        rels.append(("rId7", "comments", "comments.xml", False))
    if d.image:
        rels.append(("rId15", "image", "media/image1.png", False))
    rels += d.rels
    relxml = "".join(
        f'<Relationship Id="{i}" Type="{R}/{k}" Target="{escape(tg)}"'
        + (' TargetMode="External"' if ext else "")
        + "/>"
        for i, k, tg, ext in rels
    )
    ct = "application/vnd.openxmlformats-officedocument.wordprocessingml"
    over = {
        "/word/document.xml": f"{ct}.document.main+xml",
        "/word/styles.xml": f"{ct}.styles+xml",
        "/word/settings.xml": f"{ct}.settings+xml",
        "/word/fontTable.xml": f"{ct}.fontTable+xml",
        "/word/numbering.xml": f"{ct}.numbering+xml",
        "/word/footnotes.xml": f"{ct}.footnotes+xml",
        "/word/header1.xml": f"{ct}.header+xml",
        "/word/footer1.xml": f"{ct}.footer+xml",
        "/word/theme/theme1.xml": "application/vnd.openxmlformats-officedocument.theme+xml",
    }
    if d.comments:
        over["/word/comments.xml"] = f"{ct}.comments+xml"
    types = (
        XML + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default ContentType="image/png" Extension="png"/>'
        '<Default ContentType="application/xml" Extension="xml"/>'
        '<Default ContentType="application/vnd.openxmlformats-package.relationships+xml" Extension="rels"/>'
        + "".join(f'<Override ContentType="{v}" PartName="{k}"/>' for k, v in over.items())
        + "</Types>"
    )
    parts = {
        "[Content_Types].xml": types,
        "_rels/.rels": XML
        + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{R}/officeDocument" Target="word/document.xml"/></Relationships>',
        "word/_rels/document.xml.rels": XML
        + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + relxml
        + "</Relationships>",
        "word/document.xml": doc,
        "word/header1.xml": d.hf("header", header),
        "word/footer1.xml": d.hf("footer", footer),
        "word/footnotes.xml": d.footnotes(),
        "word/numbering.xml": d.numbering(),
        "word/styles.xml": STYLES,
        "word/settings.xml": SETTINGS,
        "word/fontTable.xml": FONTS,
        "word/theme/theme1.xml": THEME,
    }
    if d.comments:
        parts["word/comments.xml"] = d.comments_part()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            z.writestr(name, text.encode("utf-8"))
        if d.image:
            z.writestr("word/media/image1.png", png())
    return out.getvalue()


# =========================================================================== the policies
def H(k, t, id=None, num=None):
    b = {"k": k, "t": t}
    if id:
        b["id"] = id
    if num:
        b["num"] = num
    return b


def P(t, id=None):
    return {"k": "p", "t": t, **({"id": id} if id else {})}


def L(lst, t, lvl=0, id=None):
    return {"k": "li", "list": lst, "lvl": lvl, "t": t, **({"id": id} if id else {})}


E = {"k": "empty"}
ER = {"k": "empty", "run": True}


def safeguarding() -> list[dict]:
    return [
        {"k": "image"},
        H("title", "Safeguarding and Child Protection Policy"),
        H("subtitle", "Riverside Community Playgroup"),
        {
            "k": "toc",
            "id": "toc",
            "entries": [
                ("_heading=h.t1", "1. Purpose of this policy"),
                ("_heading=h.t2", "2. Our commitments"),
                ("_heading=h.t3", "3. Roles and responsibilities"),
                ("_heading=h.t5", "5. What to do if you have a concern"),
                ("_heading=h.t8", "8. Review"),
            ],
        },
        P("Approved by the committee on 12 September 2024. Next review: September 2025.", id="approved"),
        E,
        {**H("h2", "Purpose of this policy", num=("hn", 0), id="h-purpose"), "mark": "_heading=h.t1"},
        P(
            "Riverside Community Playgroup believes that every child has the right to be safe, happy and protected from harm. This policy sets out how staff, volunteers and committee members keep children safe.",
            id="purpose",
        ),
        ER,
        P(
            "It applies to everyone who works or volunteers at the playgroup, including students on placement^{Students are supervised at all times and never left alone with a child.} and visiting professionals.",
            id="applies",
        ),
        E,
        {**H("h2", "Our commitments", num=("hn", 0), id="h-commit"), "mark": "_heading=h.t2"},
        P("We will:"),
        L("b1", "treat every concern seriously and act on it **without delay**;", id="c-serious"),
        L("b1", "listen to children and take account of their wishes and feelings;", id="c-listen"),
        L("b1", "share information with the right agencies in line with local procedures;", id="c-share"),
        L("b1", "record concerns accurately, dating and signing every entry;", lvl=1, id="c-record"),
        L("b1", "keep records in the locked cabinet in the office;", lvl=1, id="c-locked"),
        L("b1", "make sure every adult has an enhanced DBS check before they start.", id="c-dbs"),
        E,
        {**H("h2", "Roles and responsibilities", num=("hn", 0), id="h-roles"), "mark": "_heading=h.t3"},
        P(
            "The **Designated Safeguarding Lead** (DSL) is Maria Lopez. The deputy DSL is Tom Reed. Their contact details are in the table below.",
            id="dsl",
        ),
        E,
        {
            "k": "table",
            "id": "contacts",
            "rows": [
                ["Role", "Name", "Phone"],
                ["Designated Safeguarding Lead", "Maria Lopez", "07700 900123"],
                ["Deputy DSL", "Tom Reed", "07700 900456"],
                [
                    {"t": "Local authority", "vmerge": "restart"},
                    "Children's Services front door",
                    "0300 123 4567",
                ],
                [{"vmerge": "continue"}, "Out of hours team", "0300 123 9999"],
                [{"t": "In an emergency always call 999 first.", "span": 3}],
            ],
        },
        E,
        H("h2", "Recognising abuse", num=("hn", 0), id="h-recog"),
        P(
            "Abuse can be physical, emotional, sexual or neglect. Staff complete safeguarding training every two years^{Training is provided by the Early Years Alliance.} and read this policy each September.",
            id="abuse",
        ),
        P("Signs that may indicate abuse include:"),
        L("b2", "unexplained bruises, burns or injuries;", id="s-bruise"),
        L("b2", "changes in behaviour, such as becoming withdrawn or aggressive;", id="s-behav"),
        L("b2", "a child who is often hungry, tired or unwashed;", id="s-hungry"),
        L("b2", "comments or play that suggest inappropriate knowledge.", id="s-play"),
        E,
        {"k": "pagebreak"},
        {
            **H("h2", "What to do if you have a concern", num=("hn", 0), id="h-concern"),
            "mark": "_heading=h.t5",
        },
        P("If a child tells you something that worries you, follow these steps:", id="steps-intro"),
        L("n1", "Stay calm and listen carefully without asking leading questions.", id="n-calm"),
        L("n1", "Reassure the child that they were right to tell you.", id="n-reassure"),
        L("n1", "Do not promise to keep a secret.", lvl=1, id="n-secret"),
        L("n1", "Explain who you will need to tell.", lvl=1, id="n-explain"),
        L("n1", "Write down what was said using the child's own words, as soon as possible.", id="n-write"),
        L("n1", "Tell the DSL the same day.", id="n-tell"),
        P(
            "If the DSL is not available, speak to the deputy or contact Children's Services directly (see [Roles and responsibilities](#_heading=h.t3)).",
            id="unavail",
        ),
        L(
            "n1",
            "The DSL decides whether to make a referral and records the decision and the reasons for it.",
            id="n-decide",
        ),
        E,
        H("h2", "Allegations against staff", num=("hn", 0), id="h-alleg"),
        P(
            "Any allegation against a member of staff or volunteer is reported to the manager, who contacts the Local Authority Designated Officer (LADO) within one working day. <<Check the LADO number with the council|The LADO can be reached on 0300 123 5555.>>",
            id="lado",
        ),
        E,
        H("h2", "Mobile phones and cameras", num=("hn", 0), id="h-phones"),
        P(
            "Staff keep personal phones in the office. Photographs are taken only on the playgroup tablet. See our [online safety guidance](https://riverside.example.org/online-safety) for details.",
            id="phones",
        ),
        E,
        {**H("h2", "Review", num=("hn", 0), id="h-review"), "mark": "_heading=h.t8"},
        P(
            "This policy is reviewed every year by the committee, or sooner if the law or guidance changes.",
            id="review",
        ),
        P("Signed: ____________________   Chair of the committee", id="signed"),
    ]


def social_media() -> list[dict]:
    return [
        H("title", "Social Media Policy"),
        H("subtitle", "Oakfield Scouts Group — version 3"),
        E,
        H("h1", "1. Introduction", id="h-intro"),
        P(
            "This policy explains how leaders, parents and young people use social media in connection with Oakfield Scouts. It should be read with the [Scouts safeguarding code](https://www.scouts.org.uk/safe) and our data protection policy.",
            id="intro",
        ),
        ER,
        H("h1", "2. Official accounts", id="h-accounts"),
        P("The group runs the following official accounts:"),
        L("b1", "a Facebook page for parents, moderated by the Group Scout Leader;", id="a-fb"),
        L("b1", "an Instagram account showing activities, with **no faces** of young people;", id="a-ig"),
        L("b1", "a WhatsApp broadcast list for urgent notices only.", id="a-wa"),
        P(
            "Only two leaders hold the passwords to each account and they change them every six months.",
            id="passwords",
        ),
        E,
        H("h1", "3. Rules for leaders", id="h-leaders"),
        L(
            "n1",
            "Leaders do not accept friend requests from young people on personal accounts.",
            id="r-friend",
        ),
        L(
            "n1",
            "Leaders never message a young person privately; two adults are copied into every message.",
            id="r-private",
        ),
        L("n1", "Photographs are only posted when a parent has given written consent.", id="r-consent"),
        L("n1", "Consent forms are kept by the Group Secretary.", lvl=1, id="r-forms"),
        L("n1", "Consent can be withdrawn at any time by email.", lvl=1, id="r-withdraw"),
        P("Leaders who break these rules may be asked to step down.", id="breach"),
        L("n1", "Leaders report any inappropriate contact to the Group Safeguarding Officer.", id="r-report"),
        E,
        H("h1", "4. Rules for young people", id="h-young"),
        P("Young people agree to the following when they join:"),
        L("n2", "Be kind online and do not share anything you would not say face to face.", id="y-kind"),
        L("n2", "Do not post photos of other members without asking them first.", id="y-photos"),
        L("n2", "Tell a leader or a parent if something online worries you.", id="y-tell"),
        E,
        H("h1", "5. Parents", id="h-parents"),
        P(
            "We ask parents to {-avoid posting-}{+not post+} photos of other people's children from our events. Questions can be sent to <<Is this inbox still monitored?|secretary@oakfield.example.org>>.",
            id="parents",
        ),
        E,
        {
            "k": "table",
            "id": "platforms",
            "rows": [
                ["Platform", "Who may use it", "Minimum age"],
                ["Facebook", "Parents and leaders", "13"],
                ["Instagram", "Everyone (view only)", "13"],
                ["WhatsApp", {"t": "Leaders and parents of Scouts", "span": 1}, "16"],
                [{"t": "TikTok and Snapchat are not used by the group.", "span": 3}],
            ],
        },
        E,
        P(
            "Write to us at:\nOakfield Scout Hut\nMill Lane, Oakfield OK1 2AB\nPhone:\t01632 960321",
            id="address",
        ),
        E,
        H("h1", "6. Review", id="h-review"),
        P(
            "The executive committee reviews this policy every year. Last reviewed: ~~October 2024~~.",
            id="review",
        ),
    ]


def data_protection() -> list[dict]:
    return [
        H("title", "Data Protection Policy"),
        P("Hillview Food Bank CIO — registered charity 1190000", id="charity"),
        E,
        E,
        H("h1", "Scope", id="h-scope"),
        P(
            "This policy covers all personal data held by Hillview Food Bank about clients, volunteers, donors and referral partners, on paper and electronically.",
            id="scope",
        ),
        E,
        H("h1", "Principles", id="h-princ"),
        P(
            "We follow the data protection principles of the UK GDPR^{Article 5 of the UK General Data Protection Regulation.}. Personal data must be:",
            id="princ",
        ),
        L("n1", "processed lawfully, fairly and transparently;", id="p-lawful"),
        L("n1", "collected for specified and legitimate purposes;", id="p-purpose"),
        L("n1", "adequate, relevant and limited to what is necessary;", id="p-adequate"),
        L("n1", "accurate and kept up to date;", id="p-accurate"),
        L("n1", "kept no longer than necessary;", id="p-kept"),
        L("n1", "processed securely.", id="p-secure"),
        E,
        H("h1", "Responsibilities", id="h-resp"),
        H("h2", "Trustees", id="h-trustees"),
        P(
            "The trustees are the data controller. The Chair of Trustees is the lead for data protection.",
            id="trustees",
        ),
        H("h2", "Volunteers", id="h-vols"),
        P("Volunteers who handle client data must:", id="vols-intro"),
        L("n2", "complete the data protection induction;", id="v-induct"),
        L("n2", "keep client files in the locked cabinet;", id="v-locked"),
        L("n2", "never take client files home;", lvl=1, id="v-home"),
        L("n2", "never photograph referral vouchers;", lvl=1, id="v-photo"),
        L("n2", "including on personal phones;", lvl=2, id="v-phones"),
        L("n2", "report any loss of data to the Chair straight away.", id="v-report"),
        P("Before a volunteer's first shift the coordinator checks:", id="check-intro"),
        L("ck", "induction completed", id="k-induct"),
        L("ck", "confidentiality agreement signed", id="k-conf"),
        L("ck", "locker key issued", id="k-key"),
        E,
        H("h1", "Retention", id="h-retain"),
        P("We keep records for the periods below and then destroy them securely.", id="retain"),
        {
            "k": "table",
            "id": "retention",
            "styled": False,
            "rows": [
                ["Record", "Kept for", "Held by"],
                ["Referral vouchers", "1 year", "Warehouse manager"],
                ["Client contact details", "2 years after last visit", "Coordinator"],
                ["Volunteer applications", "6 years", "Coordinator"],
                ["Gift Aid declarations", "6 years after the last gift", "Treasurer"],
            ],
        },
        E,
        H("h1", "Subject access requests", id="h-sar"),
        P(
            "Anyone may ask for a copy of the data we hold about them. Requests go to the Chair, who replies within one month. Guidance is on the [ICO website](https://ico.org.uk/for-the-public/).",
            id="sar",
        ),
        H("h3", "Breaches", id="h-breach"),
        P(
            "A personal data breach is reported to the ICO within 72 hours where it is likely to result in a risk to people's rights^{The Chair decides whether a breach is reportable.}.",
            id="breach",
        ),
        E,
        P("Adopted by the trustees on 3 March 2024.", id="adopted"),
    ]


# =========================================================================== edits
def find(blocks, id):
    for i, b in enumerate(blocks):
        if b.get("id") == id:
            return i
    raise KeyError(id)


def set_text(blocks, id, f):
    i = find(blocks, id)
    blocks[i]["t"] = f(blocks[i]["t"])


def remove(blocks, id):
    del blocks[find(blocks, id)]


def move_after(blocks, id, after, **changes):
    b = blocks.pop(find(blocks, id))
    b.update(changes)
    blocks.insert(find(blocks, after) + 1, b)


def insert_after(blocks, after, *new):
    i = find(blocks, after) + 1
    blocks[i:i] = list(new)


def cell(blocks, id, r, c, f):
    row = blocks[find(blocks, id)]["rows"][r]
    x = row[c]
    if isinstance(x, dict):
        x["t"] = f(x["t"])
    else:
        row[c] = f(x)


def sg_edits():
    return {
        "reword": lambda b: set_text(
            b,
            "purpose",
            lambda s: s.replace(
                "safe, happy and protected from harm", "safe, happy and protected from abuse and neglect"
            ),
        ),
        "addsent": lambda b: set_text(
            b, "abuse", lambda s: s + " New staff complete it within their first month."
        ),
        "remove": lambda b: remove(b, "s-hungry"),
        "movewithin": lambda b: move_after(b, "c-listen", "c-dbs"),
        "movebetween": lambda b: move_after(b, "s-play", "c-share", list="b1"),
        "relevel": lambda b: b[find(b, "c-locked")].update(lvl=0),
        "headadd": lambda b: insert_after(
            b,
            "phones",
            E,
            H("h2", "Online safety", num=("hn", 0), id="h-online"),
            P("Children use tablets only with an adult in the room and only for planned activities."),
        ),
        "headremove": lambda b: remove(b, "h-phones"),
        "split": lambda b: (
            set_text(b, "lado", lambda s: s.replace(" <<", "\0<<").split("\0")[0]),
            insert_after(
                b,
                "lado",
                P("<<Check the LADO number with the council|The LADO can be reached on 0300 123 5555.>>"),
            ),
        ),
        "merge": lambda b: (
            set_text(b, "review", lambda s: s + " " + b[find(b, "signed")]["t"]),
            remove(b, "signed"),
        ),
        "bold": lambda b: set_text(
            b,
            "c-serious",
            lambda s: s.replace("**without delay**", "without delay").replace("seriously", "**seriously**"),
        ),
        "link": lambda b: set_text(
            b,
            "phones",
            lambda s: s.replace(
                "riverside.example.org/online-safety", "riverside.example.org/policies/online-safety-2025"
            ),
        ),
        "cell": lambda b: cell(b, "contacts", 2, 1, lambda s: "Tom Reed-Hughes"),
        "row": lambda b: b[find(b, "contacts")]["rows"].insert(
            3, ["Nursery manager", "Ana Silva", "07700 900789"]
        ),
        "headreword": lambda b: (
            set_text(b, "h-roles", lambda s: "Roles, responsibilities and contacts"),
            b[find(b, "toc")].update(
                entries=[
                    e if e[0] != "_heading=h.t3" else (e[0], "3. Roles, responsibilities and contacts")
                    for e in b[find(b, "toc")]["entries"]
                ]
            ),
        ),
        "footnote": lambda b: set_text(
            b,
            "abuse",
            lambda s: s.replace(
                "Early Years Alliance.", "Early Years Alliance and the local safeguarding partnership."
            ),
        ),
    }


def sm_edits():
    return {
        "reword": lambda b: set_text(
            b, "passwords", lambda s: s.replace("every six months", "every three months")
        ),
        "addsent": lambda b: set_text(
            b, "intro", lambda s: s + " It applies to every section from Beavers to Explorers."
        ),
        "remove": lambda b: remove(b, "a-wa"),
        "movewithin": lambda b: move_after(b, "r-friend", "r-consent"),
        "movebetween": lambda b: move_after(b, "y-photos", "r-private", list="n1"),
        "relevel": lambda b: b[find(b, "r-withdraw")].update(lvl=0),
        "headadd": lambda b: insert_after(
            b,
            "passwords",
            E,
            H("h1", "2a. Livestreaming", id="h-live"),
            P("Meetings are never livestreamed."),
        ),
        "headremove": lambda b: remove(b, "h-parents"),
        "split": lambda b: (
            set_text(b, "r-private", lambda s: s.split("; ")[0] + "."),
            insert_after(b, "r-private", L("n1", "Two adults are copied into every message.")),
        ),
        "merge": lambda b: (
            set_text(b, "y-kind", lambda s: s + " " + b[find(b, "y-photos")]["t"]),
            remove(b, "y-photos"),
        ),
        "bold": lambda b: set_text(b, "a-ig", lambda s: s.replace("**no faces**", "no faces")),
        "link": lambda b: set_text(
            b,
            "intro",
            lambda s: s.replace(
                "https://www.scouts.org.uk/safe", "https://www.scouts.org.uk/volunteers/staying-safe"
            ),
        ),
        "cell": lambda b: cell(b, "platforms", 3, 2, lambda s: "18"),
        "row": lambda b: b[find(b, "platforms")]["rows"].insert(4, ["YouTube", "Leaders only", "13"]),
        "address": lambda b: set_text(
            b, "address", lambda s: s.replace("Mill Lane", "Station Road").replace("960321", "960999")
        ),
        "suggest": lambda b: set_text(
            b, "parents", lambda s: s.replace("{-avoid posting-}{+not post+}", "not post")
        ),
    }


def dp_edits():
    return {
        "reword": lambda b: set_text(b, "sar", lambda s: s.replace("within one month", "within 30 days")),
        "addsent": lambda b: set_text(
            b, "scope", lambda s: s + " It also covers CCTV images at the warehouse."
        ),
        "remove": lambda b: remove(b, "p-accurate"),
        "movewithin": lambda b: move_after(b, "p-secure", "p-lawful"),
        "movebetween": lambda b: move_after(b, "v-photo", "p-kept", list="n1", lvl=0),
        "relevel": lambda b: b[find(b, "v-phones")].update(lvl=1),
        "headadd": lambda b: insert_after(
            b,
            "trustees",
            H("h2", "Coordinator", id="h-coord"),
            P("The Coordinator keeps the data register up to date."),
        ),
        "headremove": lambda b: remove(b, "h-vols"),
        "split": lambda b: (
            set_text(b, "sar", lambda s: s.replace(" Guidance", "\0Guidance").split("\0")[0]),
            insert_after(
                b, "sar", P("Guidance is on the [ICO website](https://ico.org.uk/for-the-public/).")
            ),
        ),
        "merge": lambda b: (
            set_text(b, "trustees", lambda s: s + " " + b[find(b, "vols-intro")]["t"]),
            remove(b, "vols-intro"),
        ),
        "bold": lambda b: set_text(
            b, "breach", lambda s: s.replace("within 72 hours", "**within 72 hours**")
        ),
        "link": lambda b: set_text(
            b,
            "sar",
            lambda s: s.replace(
                "https://ico.org.uk/for-the-public/",
                "https://ico.org.uk/for-the-public/your-right-of-access/",
            ),
        ),
        "cell": lambda b: cell(b, "retention", 3, 1, lambda s: "3 years"),
        "row": lambda b: b[find(b, "retention")]["rows"].insert(
            2, ["Food parcel logs", "1 year", "Warehouse manager"]
        ),
        "checklist": lambda b: (
            remove(b, "k-key"),
            insert_after(b, "k-conf", L("ck", "DBS check seen where needed")),
        ),
        "footnote": lambda b: set_text(
            b,
            "princ",
            lambda s: s.replace(
                "Article 5 of the UK General Data Protection Regulation.",
                "Article 5 of the UK GDPR, as amended by the Data (Use and Access) Act.",
            ),
        ),
    }


POLICIES = {
    "sg": (
        safeguarding,
        sg_edits,
        dict(
            heavy=False,
            lists={"hn": "decimal", "b1": "bullet", "b2": "bullet", "n1": "decimal"},
            header="Riverside Community Playgroup",
            footer="Safeguarding policy 2024",
        ),
    ),
    "sm": (
        social_media,
        sm_edits,
        dict(
            heavy=True,
            lists={"b1": "bullet", "n1": "decimal", "n2": "decimal"},
            header="Oakfield Scouts",
            footer="Social media policy",
        ),
    ),
    "dp": (
        data_protection,
        dp_edits,
        dict(
            heavy=False,
            lists={"n1": "decimal", "n2": "decimal", "ck": "check"},
            header="Hillview Food Bank",
            footer="Data protection policy v2",
            heading_marks=True,
        ),
    ),
}


def pairs() -> dict[str, tuple[bytes, bytes]]:
    """Return every pair: per policy, one per edit and one with all edits (an annual review)."""
    out: dict[str, tuple[bytes, bytes]] = {}
    for key, (make, edits_of, opts) in POLICIES.items():
        edits = edits_of()
        base = make()
        left = package(base, **opts)
        for name, fn in [*edits.items(), ("all", None)]:
            blocks = copy.deepcopy(base)
            if fn is None:
                for e, f in edits.items():
                    if e in ("headremove",) and key == "sg":
                        continue  # keep the headings list simple in 'all'
                    f(blocks)
            else:
                fn(blocks)
            r_opts = dict(opts)
            if name == "all":
                r_opts["footer"] = opts["footer"].replace("2024", "2025") + " (reviewed)"
            out[f"{key}-{name}"] = (left, package(blocks, **r_opts))
    return out


def minimal_pairs() -> dict[str, tuple[bytes, bytes]]:
    """Return the small pairs of the faults found (each wrong in LibreOffice's Reject All before its fix)."""
    opts = dict(heavy=False, lists={"b": "bullet", "n": "decimal"}, header="H", footer="F")
    items = [
        L("b", t) for t in ["Alpha item one.", "Bravo item two.", "Charlie item three.", "Delta item four."]
    ]
    a, b, c, d = items
    na, nb, nc = (L("n", t) for t in ["Alpha item one.", "Bravo item two.", "Charlie item three."])
    h1, h2 = H("h1", "Rules"), H("h1", "Review")
    end = P("The policy is reviewed every year.")

    def tbl(rows: list[list[str]]) -> dict:
        return {"k": "table", "rows": rows}

    platforms = [
        ["Platform", "Who", "Age"],
        ["Facebook", "Parents", "13"],
        ["WhatsApp", "Leaders and parents", "16"],
    ]
    platforms.append(["Email", "Everyone", "None"])
    replaced = copy.deepcopy(platforms)
    replaced[2][2] = "18"
    replaced.insert(3, ["YouTube", "Leaders only", "13"])
    records = [["Record", "Kept for", "Held by"], ["Client contact details", "2 years", "Coordinator"]]
    records.append(["Gift Aid declarations", "6 years", "Treasurer"])
    added = copy.deepcopy(records)
    added.insert(2, ["Volunteer applications", "3 years", "Coordinator"])
    cases = {
        # a list item moved to the end of its list, an empty paragraph after it (bullets, numbers)
        "move-end-empty": ([h1, a, b, c, E, h2, end], [h1, b, c, a, E, h2, end]),
        "nmove-end-empty": ([h1, na, nb, nc, E, h2, end], [h1, nb, nc, na, E, h2, end]),
        "move-into-end-empty": (
            [h1, a, b, c, E, h2, P("Delta item four."), end],
            [h1, a, b, c, d, E, h2, end],
        ),
        # a cell's text replaced (removed and added) next to an added row
        "cell-replace-row": (
            [h1, P("Platforms we use."), tbl(platforms), end],
            [h1, P("Platforms we use."), tbl(replaced), end],
        ),
        # a row added whose last cell repeats the cell above, the paragraph before the table merged
        "row-dup-merge": (
            [
                h1,
                P("We keep records for the periods below and"),
                P("then destroy them securely."),
                tbl(records),
                end,
            ],
            [h1, P("We keep records for the periods below and then destroy them securely."), tbl(added), end],
        ),
    }
    return {name: (package(left, **opts), package(right, **opts)) for name, (left, right) in cases.items()}


if __name__ == "__main__":
    import sys

    root = Path(sys.argv[1])
    root.mkdir(parents=True, exist_ok=True)
    for name, (left, right) in {**pairs(), **minimal_pairs()}.items():
        (root / f"{name}-l.docx").write_bytes(left)
        (root / f"{name}-r.docx").write_bytes(right)
