"""WordprocessingML elements built with lxml, one function per element, and a deterministic zip writer."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Mapping

from lxml import etree

from policydiff.ooxml.names import CP, CT, DC, DCTERMS, NSMAP, PR, REL, XML_SPACE, XSI, R, w

Element = etree._Element


# Qualified names used per run or paragraph, computed once.
_P, _PPR, _RPR, _R, _T, _DEL_TEXT = w("p"), w("pPr"), w("rPr"), w("r"), w("t"), w("delText")
_INS, _DEL, _TAB, _BR, _VAL, _ID = w("ins"), w("del"), w("tab"), w("br"), w("val"), w("id")
_AUTHOR, _DATE = w("author"), w("date")
_B, _I, _U, _COLOR, _PSTYLE = w("b"), w("i"), w("u"), w("color"), w("pStyle")
_STRIKE, _FONTS = w("strike"), w("rFonts")
_CODE_FONT = "Courier New"
"""The face code is written in (a monospace one the readers read back as code)."""
_SUB = etree.SubElement


# --------------------------------------------------------------------------- runs and revisions


def revision_attributes(rev_id: int, author: str, date: str | None) -> dict[str, str]:
    """Return the attributes every revision carries: `w:id`, `w:author` and, when known, `w:date`."""
    attrs = {_ID: str(rev_id), _AUTHOR: author}
    if date is not None:
        attrs[_DATE] = date
    return attrs


def ins(parent: Element, attrs: dict[str, str]) -> Element:
    """Append and return an insertion: `<w:ins w:id="3" w:author="policydiff" w:date="…">runs</w:ins>`.

    Inside `w:pPr/w:rPr` the same element (empty) marks an inserted paragraph mark.
    """
    return _SUB(parent, _INS, attrs)


def del_(parent: Element, attrs: dict[str, str]) -> Element:
    """Append and return a deletion: `<w:del w:id="4" w:author="policydiff">runs with w:delText</w:del>`."""
    return _SUB(parent, _DEL, attrs)


def rPr(parent: Element, *flags: bool) -> Element | None:
    """Append run properties when any of `flags` (bold, italic, underline, link, strike, code, in that
    order) is set: `<w:rPr><w:b/><w:i/><w:u w:val="single"/></w:rPr>`."""
    if not any(flags):
        return None
    return _run_properties(_SUB(parent, _RPR), *flags)


def rPrChange(
    run: Element,
    attrs: dict[str, str],
    *,
    bold: bool,
    italic: bool,
    underline: bool,
    link: bool,
    strike: bool = False,
    code: bool = False,
) -> Element:
    """Record a run's properties before a revision, last in its `w:rPr` (made if the run has none).

    `<w:r><w:rPr><w:b/><w:rPrChange w:id="5" w:author="policydiff"><w:rPr><w:i/></w:rPr></w:rPrChange>
    </w:rPr><w:t>always</w:t></w:r>` — the text was italic, is now bold.
    """
    props = run.find(_RPR)
    if props is None:
        props = etree.Element(_RPR)
        run.insert(0, props)
    change = _SUB(props, w("rPrChange"), attrs)
    _run_properties(_SUB(change, _RPR), bold, italic, underline, link, strike, code)
    return change


def _run_properties(props: Element, *flags: bool) -> Element:
    """Fill `w:rPr` with the emphasis given (`flags`: bold, italic, underline, link, strike, code), in
    schema order (rFonts, b, i, strike, color, u); code is a monospace face."""
    bold, italic, underline, link, strike, code = flags
    if code:
        _SUB(props, _FONTS, {w("ascii"): _CODE_FONT, w("hAnsi"): _CODE_FONT, w("cs"): _CODE_FONT})
    if bold:
        _SUB(props, _B)
    if italic:
        _SUB(props, _I)
    if strike:
        _SUB(props, _STRIKE)
    if link:
        _SUB(props, _COLOR, {_VAL: "0563C1"})
    if underline:
        _SUB(props, _U, {_VAL: "single"})
    return props


def r(
    parent: Element,
    text: str,
    *,
    deleted: bool = False,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    link: bool = False,
    strike: bool = False,
    code: bool = False,
) -> Element:
    """Append and return a run; tabs become `w:tab`, newlines `w:br`, deleted text `w:delText`.

    `<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">Staff must</w:t><w:br/></w:r>`
    """
    run = _SUB(parent, _R)
    rPr(run, bold, italic, underline, link, strike, code)
    tag = _DEL_TEXT if deleted else _T
    if "\t" not in text and "\n" not in text:
        t(run, text, tag)
        return run
    chunk: list[str] = []
    for ch in text:
        if ch == "\t" or ch == "\n":
            if chunk:
                t(run, "".join(chunk), tag)
                chunk = []
            _SUB(run, _TAB if ch == "\t" else _BR)
        else:
            chunk.append(ch)
    if chunk:
        t(run, "".join(chunk), tag)
    return run


def t(parent: Element, text: str, tag: str = _T) -> Element:
    """Append and return a text element: `<w:t xml:space="preserve"> text </w:t>` (or `w:delText`)."""
    el = _SUB(parent, tag)
    el.text = text
    if text[:1].isspace() or text[-1:].isspace():
        el.set(XML_SPACE, "preserve")
    return el


def hyperlink(parent: Element, *, rel_id: str | None = None, anchor: str | None = None) -> Element:
    """Append and return a hyperlink: `<w:hyperlink r:id="rId9"><w:r>…</w:r></w:hyperlink>`."""
    link = _SUB(parent, w("hyperlink"))
    if rel_id is not None:
        link.set(f"{{{R}}}id", rel_id)
    if anchor is not None:
        link.set(w("anchor"), anchor)
    return link


# --------------------------------------------------------------------------- paragraphs


def p(parent: Element) -> Element:
    """Append and return an empty paragraph: `<w:p/>`."""
    return _SUB(parent, _P)


def pPr(
    paragraph: Element,
    *,
    style: str | None = None,
    num: tuple[str, int] | None = None,
    mark: tuple[str, dict[str, str]] | None = None,
) -> Element | None:
    """Insert paragraph properties first in `paragraph`, when any is needed.

    `<w:pPr><w:pStyle w:val="Heading1"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="2"/></w:numPr>
    <w:rPr><w:ins w:id="7" w:author="policydiff"/></w:rPr></w:pPr>` — `mark` is `("ins"|"del", attrs)`
    for an inserted or deleted paragraph mark.
    """
    if style is None and num is None and mark is None:
        return None
    props = etree.Element(_PPR)
    paragraph.insert(0, props)
    if style is not None:
        _SUB(props, _PSTYLE, {_VAL: style})
    if num is not None:
        numpr = _SUB(props, w("numPr"))
        _SUB(numpr, w("ilvl"), {_VAL: str(num[1])})
        _SUB(numpr, w("numId"), {_VAL: num[0]})
    if mark is not None:
        _SUB(_SUB(props, _RPR), _INS if mark[0] == "ins" else _DEL, mark[1])
    return props


def pPrChange(
    props: Element, attrs: dict[str, str], *, style: str | None, num: tuple[str, int] | None
) -> Element:
    """Append a record of the paragraph properties before a revision (last in `w:pPr`).

    `<w:pPrChange w:id="9" w:author="policydiff"><w:pPr><w:pStyle w:val="Heading2"/></w:pPr></w:pPrChange>`
    """
    change = _SUB(props, w("pPrChange"), attrs)
    old = _SUB(change, _PPR)
    if style is not None:
        _SUB(old, _PSTYLE, {_VAL: style})
    if num is not None:
        numpr = _SUB(old, w("numPr"))
        _SUB(numpr, w("ilvl"), {_VAL: str(num[1])})
        _SUB(numpr, w("numId"), {_VAL: num[0]})
    return change


def comment_range(paragraph: Element, comment_id: int, *, end: bool) -> Element:
    """Append `<w:commentRangeStart w:id="0"/>` or, with `end`, the range end and its reference run.

    `<w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r>`
    """
    if not end:
        return _SUB(paragraph, w("commentRangeStart"), {_ID: str(comment_id)})
    _SUB(paragraph, w("commentRangeEnd"), {_ID: str(comment_id)})
    run = _SUB(paragraph, _R)
    return _SUB(run, w("commentReference"), {_ID: str(comment_id)})


def comment(parent: Element, comment_id: int, author: str, date: str | None, text: str) -> Element:
    """Append a comment: `<w:comment w:id="0" w:author="policydiff" w:initials="pd"><w:p>…</w:p>`."""
    attrs = revision_attributes(comment_id, author, date)
    attrs[w("initials")] = "pd"
    el = _SUB(parent, w("comment"), attrs)
    r(p(el), text)
    return el


def comments(items: Iterable[tuple[int, str, str | None, str]]) -> Element:
    """Return the comments part root: `<w:comments><w:comment …/>…</w:comments>`."""
    root = etree.Element(w("comments"), nsmap=NSMAP)
    for comment_id, author, date, text in items:
        comment(root, comment_id, author, date, text)
    return root


# --------------------------------------------------------------------------- blocks


def sdt(parent: Element, tag: str, alias: str) -> Element:
    """Append a block-level content control and return its content element.

    `<w:sdt><w:sdtPr><w:alias w:val="…"/><w:tag w:val="policydiff-cover"/></w:sdtPr><w:sdtContent/></w:sdt>`
    """
    control = _SUB(parent, w("sdt"))
    props = _SUB(control, w("sdtPr"))
    _SUB(props, w("alias"), {_VAL: alias})
    _SUB(props, w("tag"), {_VAL: tag})
    return _SUB(control, w("sdtContent"))


def table(parent: Element, width: int) -> Element:
    """Append an empty bordered table of `width` equal columns (rows come from `tr`).

    `<w:tbl><w:tblPr><w:tblW …/><w:tblBorders>…</w:tblBorders></w:tblPr><w:tblGrid><w:gridCol …/>
    </w:tblGrid></w:tbl>`
    """
    element = _SUB(parent, w("tbl"))
    props = _SUB(element, w("tblPr"))
    _SUB(props, w("tblW"), {w("w"): "0", w("type"): "auto"})
    borders = _SUB(props, w("tblBorders"))
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        _SUB(borders, w(side), {_VAL: "single", w("sz"): "4", w("space"): "0", w("color"): "999999"})
    grid = _SUB(element, w("tblGrid"))
    for _ in range(max(width, 1)):
        _SUB(grid, w("gridCol"), {w("w"): str(9000 // max(width, 1))})
    return element


def tr(table: Element, mark: tuple[str, dict[str, str]] | None = None) -> Element:
    """Append a table row; `mark` (`("ins"|"del", attrs)`) records the whole row as inserted or deleted.

    `<w:tr><w:trPr><w:del w:id="4" w:author="policydiff"/></w:trPr></w:tr>`
    """
    row = _SUB(table, w("tr"))
    if mark is not None:
        _SUB(_SUB(row, w("trPr")), _INS if mark[0] == "ins" else _DEL, mark[1])
    return row


def tc(row: Element, width: int) -> Element:
    """Append a table cell one column of `width` wide: `<w:tc><w:tcPr><w:tcW …/></w:tcPr></w:tc>`."""
    cell = _SUB(row, w("tc"))
    _SUB(_SUB(cell, w("tcPr")), w("tcW"), {w("w"): str(9000 // max(width, 1)), w("type"): "dxa"})
    return cell


def tbl(parent: Element, rows: Iterable[Iterable[str]], *, header: bool = True) -> Element:
    """Append a bordered table of plain-text cells, the first row bold when `header`.

    `<w:tbl><w:tblPr><w:tblStyle …/><w:tblBorders>…</w:tblBorders></w:tblPr><w:tblGrid/>
    <w:tr><w:tc><w:p><w:r><w:t>Added</w:t></w:r></w:p></w:tc></w:tr></w:tbl>`
    """
    cells = [list(row) for row in rows]
    width = max((len(row) for row in cells), default=1)
    element = table(parent, width)
    for index, row in enumerate(cells):
        line = tr(element)
        for cell in row:
            r(p(tc(line, width)), cell, bold=header and index == 0)
    return element


def sectPr(parent: Element) -> Element:
    """Append A4 section properties: `<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar …/></w:sectPr>`."""
    sect = _SUB(parent, w("sectPr"))
    _SUB(sect, w("pgSz"), {w("w"): "11906", w("h"): "16838"})
    margins = {"top": "1440", "right": "1440", "bottom": "1440", "left": "1440"}
    margins.update({"header": "708", "footer": "708", "gutter": "0"})
    _SUB(sect, w("pgMar"), {w(k): v for k, v in margins.items()})
    return sect


def document() -> tuple[Element, Element]:
    """Return a new main document root and its body: `<w:document><w:body/></w:document>`."""
    root = etree.Element(w("document"), nsmap=NSMAP)
    return root, _SUB(root, w("body"))


# --------------------------------------------------------------------------- styles and numbering


def style(
    parent: Element,
    style_id: str,
    name: str,
    *,
    kind: str = "paragraph",
    based_on: str | None = None,
    outline: int | None = None,
    size: int | None = None,
    bold: bool = False,
    default: bool = False,
    num: tuple[str, int] | None = None,
) -> Element:
    """Append a style: `<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/>…`.

    With `num` (list, level), a custom style kept out of the gallery (`w:semiHidden`) whose paragraphs are
    that list's items at that level, as `w:pPrChange` names one for a deeper level (`LevelStyles`)."""
    attrs = {w("type"): kind, w("styleId"): style_id}
    if default:
        attrs[w("default")] = "1"
    if num is not None:
        attrs[w("customStyle")] = "1"
    el = _SUB(parent, w("style"), attrs)
    _SUB(el, w("name"), {_VAL: name})
    if based_on is not None:
        _SUB(el, w("basedOn"), {_VAL: based_on})
        if num is None:
            _SUB(el, w("next"), {_VAL: based_on})
    if num is not None:
        _SUB(el, w("semiHidden"))
        numpr = _SUB(_SUB(el, _PPR), w("numPr"))
        _SUB(numpr, w("ilvl"), {_VAL: str(num[1])})
        _SUB(numpr, w("numId"), {_VAL: num[0]})
        return el
    _SUB(el, w("qFormat"))
    if outline is not None:
        props = _SUB(el, _PPR)
        _SUB(props, w("keepNext"))
        _SUB(props, w("spacing"), {w("before"): "240", w("after"): "60"})
        _SUB(props, w("outlineLvl"), {_VAL: str(outline)})
    if bold or size is not None:
        rprops = _SUB(el, _RPR)
        if bold:
            _SUB(rprops, _B)
        if size is not None:
            _SUB(rprops, w("sz"), {_VAL: str(size)})
    return el


def styles() -> Element:
    """Return clean default styles: Normal, Title, Heading 1–6 and List Paragraph.

    `<w:styles><w:docDefaults>…</w:docDefaults><w:style w:styleId="Normal" w:default="1">…</w:styles>`
    """
    root = etree.Element(w("styles"), nsmap=NSMAP)
    defaults = _SUB(root, w("docDefaults"))
    rdef = _SUB(_SUB(defaults, w("rPrDefault")), _RPR)
    _SUB(rdef, w("rFonts"), {w(k): "Calibri" for k in ("ascii", "hAnsi", "cs", "eastAsia")})
    _SUB(rdef, w("sz"), {_VAL: "22"})
    pdef = _SUB(_SUB(defaults, w("pPrDefault")), _PPR)
    _SUB(pdef, w("spacing"), {w("after"): "120", w("line"): "264", w("lineRule"): "auto"})
    style(root, "Normal", "Normal", default=True)
    ensure_styles(root)
    return root


DEFAULT_STYLES: tuple[tuple[str, str, int | None, int], ...] = (
    ("Title", "Title", None, 48),
    *((f"Heading{n}", f"heading {n}", n - 1, max(34 - 4 * n, 22)) for n in range(1, 10)),
    ("ListParagraph", "List Paragraph", None, 0),
)
"""Paragraph styles the writer uses: id, name, outline level and font size in half-points."""


def ensure_styles(root: Element) -> dict[str, str]:
    """Add to a styles part any style of `DEFAULT_STYLES` it lacks; return style name → style id."""
    by_name: dict[str, str] = {}
    for el in root.iter(w("style")):
        name_el = el.find(w("name"))
        style_id = el.get(w("styleId"))
        if name_el is not None and style_id and el.get(w("type"), "paragraph") == "paragraph":
            by_name.setdefault(str(name_el.get(_VAL, "")).lower(), style_id)
    taken = {el.get(w("styleId")) for el in root.iter(w("style"))}
    for style_id, name, outline, size in DEFAULT_STYLES:
        if name.lower() in by_name:
            continue
        new_id = style_id if style_id not in taken else f"pd{style_id}"
        style(
            root,
            new_id,
            name,
            based_on="Normal" if "Normal" in taken or style_id != "Normal" else None,
            outline=outline,
            size=size or None,
            bold=outline is not None or style_id == "Title",
        )
        by_name[name.lower()] = new_id
    return by_name


def abstractNum(abstract_id: int, kind: str) -> Element:
    """Return a list definition of nine levels: `bullet`, `decimal` (`1.`, `1.1`, `1.1.1` …),
    `lowerLetter` or `upperLetter` (`a)`, `B)`).

    `<w:abstractNum w:abstractNumId="1"><w:multiLevelType w:val="hybridMultilevel"/>
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/>…</w:lvl>`
    """
    el = etree.Element(w("abstractNum"), {w("abstractNumId"): str(abstract_id)})
    _SUB(el, w("multiLevelType"), {_VAL: "hybridMultilevel" if kind == "bullet" else "multilevel"})
    for level in range(9):
        lvl = _SUB(el, w("lvl"), {w("ilvl"): str(level)})
        _SUB(lvl, w("start"), {_VAL: "1"})
        _SUB(lvl, w("numFmt"), {_VAL: kind})
        if kind == "bullet":
            text = "•"
        elif kind == "decimal":
            text = ".".join(f"%{k + 1}" for k in range(level + 1)) + ("." if level == 0 else "")
        else:
            text = f"%{level + 1})"
        _SUB(lvl, w("lvlText"), {_VAL: text})
        _SUB(lvl, w("lvlJc"), {_VAL: "left"})
        props = _SUB(lvl, _PPR)
        hanging = "720" if kind == "decimal" and level > 0 else "360"
        _SUB(props, w("ind"), {w("left"): str(720 * (level + 1)), w("hanging"): hanging})
    return el


def num(num_id: int, abstract_id: int, starts: Mapping[int, int]) -> Element:
    """Return a list instance, each level in `starts` restarting at the number given.

    `<w:num w:numId="3"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride
    w:val="4"/></w:lvlOverride></w:num>`
    """
    el = etree.Element(w("num"), {w("numId"): str(num_id)})
    _SUB(el, w("abstractNumId"), {_VAL: str(abstract_id)})
    for level, start in sorted(starts.items()):
        override = _SUB(el, w("lvlOverride"), {w("ilvl"): str(level)})
        _SUB(override, w("startOverride"), {_VAL: str(start)})
    return el


def numbering() -> Element:
    """Return an empty numbering part: `<w:numbering/>`."""
    return etree.Element(w("numbering"), nsmap=NSMAP)


def settings() -> Element:
    """Return settings that keep tracking on: `<w:settings><w:trackRevisions/>…</w:settings>`."""
    root = etree.Element(w("settings"), nsmap=NSMAP)
    _SUB(root, w("trackRevisions"))
    _SUB(root, w("defaultTabStop"), {_VAL: "720"})
    _SUB(root, w("compat"))
    return root


# --------------------------------------------------------------------------- package parts


def relationships(rels: Iterable[tuple[str, str, str, bool]]) -> Element:
    """Return a relationships part from (id, type suffix, target, external).

    `<Relationships><Relationship Id="rId1" Type="…/styles" Target="styles.xml"/></Relationships>`
    """
    root = etree.Element(f"{{{PR}}}Relationships", nsmap={None: PR})  # type: ignore[dict-item]
    for rel_id, rel_type, target, external in rels:
        attrs = {"Id": rel_id, "Type": rel_type if "://" in rel_type else REL + rel_type, "Target": target}
        if external:
            attrs["TargetMode"] = "External"
        _SUB(root, f"{{{PR}}}Relationship", attrs)
    return root


def content_types(overrides: Mapping[str, str]) -> Element:
    """Return `[Content_Types].xml`: defaults for rels and xml, an override per part.

    `<Types><Default Extension="rels" ContentType="…"/><Override PartName="/word/document.xml" …/></Types>`
    """
    root = etree.Element(f"{{{CT}}}Types", nsmap={None: CT})  # type: ignore[dict-item]
    _SUB(
        root,
        f"{{{CT}}}Default",
        {"Extension": "rels", "ContentType": "application/vnd.openxmlformats-package.relationships+xml"},
    )
    _SUB(root, f"{{{CT}}}Default", {"Extension": "xml", "ContentType": "application/xml"})
    for part, content_type in sorted(overrides.items()):
        _SUB(root, f"{{{CT}}}Override", {"PartName": "/" + part, "ContentType": content_type})
    return root


def core_properties(title: str | None, creator: str, date: str | None) -> Element:
    """Return `docProps/core.xml` with fixed values: title, creator and, when given, the dates.

    `<cp:coreProperties><dc:title>…</dc:title><dc:creator>policydiff</dc:creator></cp:coreProperties>`
    """
    root = etree.Element(
        f"{{{CP}}}coreProperties", nsmap={"cp": CP, "dc": DC, "dcterms": DCTERMS, "xsi": XSI}
    )
    if title:
        _SUB(root, f"{{{DC}}}title").text = title
    _SUB(root, f"{{{DC}}}creator").text = creator
    _SUB(root, f"{{{CP}}}lastModifiedBy").text = creator
    if date is not None:
        for name in ("created", "modified"):
            el = _SUB(root, f"{{{DCTERMS}}}{name}", {f"{{{XSI}}}type": "dcterms:W3CDTF"})
            el.text = date
    return root


def serialise(root: Element) -> bytes:
    """Return an element as a standalone UTF-8 XML part."""
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def zip_package(parts: Mapping[str, bytes], *, compresslevel: int = 6) -> bytes:
    """Return a zip of the parts, `[Content_Types].xml` first then by name, with fixed timestamps."""
    order = sorted(parts, key=lambda name: (name != "[Content_Types].xml", name))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in order:
            info = zipfile.ZipInfo(name, FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            archive.writestr(info, parts[name], compresslevel=compresslevel)
    return buffer.getvalue()
