"""Hostile Word files made from the corpus in memory: one builder per attack, no binary committed.

Each builder takes the bytes of a corpus DOCX and returns the crafted package (or bytes that are no
package at all). `tests/test_docx_hostile.py` runs the real command line on each; `scripts/fuzz.py`
finds new ones.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lxml import etree

ROOT = Path(__file__).resolve().parent.parent.parent
NUMBERED = ROOT / "corpus" / "features" / "numbered.docx"
"""python-docx's numbered lists (multi-level, restarts): the base of the numbering attacks."""
LIBREOFFICE = ROOT / "corpus" / "features" / "libreoffice-saved.docx"
PANDOC = ROOT / "corpus" / "jpac" / "social-media-policy-pandoc.docx"

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MAIN = "word/document.xml"


def w(name: str) -> str:
    """Return the Clark name of a WordprocessingML element or attribute."""
    return f"{{{W}}}{name}"


# --------------------------------------------------------------------------- package plumbing


def members(data: bytes) -> list[tuple[str, bytes]]:
    """Return the (name, bytes) members of a valid zip, in order."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def rezip(parts: list[tuple[str, bytes]]) -> bytes:
    """Return a deflated zip of `parts` exactly as given (duplicates and odd names kept)."""
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about duplicate names: that is the point
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, body in parts:
                info = zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, body)
    return buffer.getvalue()


def edit_xml(data: bytes, name: str, edit: Callable[[Any], None]) -> bytes:
    """Return the package with XML part `name` changed in place by `edit`."""
    parts = members(data)
    out = []
    for part, body in parts:
        if part == name:
            root = etree.fromstring(body)
            edit(root)
            body = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        out.append((part, body))
    return rezip(out)


def patch_headers(data: bytes, name: str, offset: int, value: int, width: int = 2) -> bytes:
    """Return the zip with a field of member `name` set to `value` in its local header and its
    central directory entry (`offset` counted in the local header; the central entry's is 2 more)."""
    out = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        local = archive.getinfo(name).header_offset
    out[local + offset : local + offset + width] = value.to_bytes(width, "little")
    encoded = name.encode()
    at = out.find(b"PK\x01\x02")
    while at != -1:
        length = int.from_bytes(out[at + 28 : at + 30], "little")
        if bytes(out[at + 46 : at + 46 + length]) == encoded:
            out[at + offset + 2 : at + offset + 2 + width] = value.to_bytes(width, "little")
        at = out.find(b"PK\x01\x02", at + 4)
    return bytes(out)


# --------------------------------------------------------------------------- broken zips


def corrupt_deflate(data: bytes) -> bytes:
    """Return the package with the deflate stream of word/document.xml overwritten by an invalid block."""
    out = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(MAIN)
    start = (
        info.header_offset
        + 30
        + int.from_bytes(out[info.header_offset + 26 : info.header_offset + 28], "little")
    )
    start += int.from_bytes(out[info.header_offset + 28 : info.header_offset + 30], "little")
    out[start : start + 16] = b"\xff" * 16  # block type 3: "invalid block type"
    return bytes(out)


def unsupported_method(data: bytes) -> bytes:
    """Return the package with word/document.xml claiming compression method 99 (AES, unsupported)."""
    return patch_headers(data, MAIN, 8, 99)


def unsupported_version(data: bytes) -> bytes:
    """Return the package with word/document.xml needing zip version 9.9 to extract (6.3 is the last)."""
    return patch_headers(data, MAIN, 4, 99)


def truncated(data: bytes) -> bytes:
    """Return the package cut off two thirds of the way in."""
    return data[: len(data) * 2 // 3]


# --------------------------------------------------------------------------- hostile numbers


def _number_paragraphs(root: Any, ilvl: str) -> None:
    for ilvl_el in root.iter(w("ilvl")):
        ilvl_el.set(w("val"), ilvl)


def huge_ilvl(data: bytes) -> bytes:
    """Return the package with every paragraph's list level at 10^20 (Word has levels 0–8)."""
    return edit_xml(data, MAIN, lambda root: _number_paragraphs(root, "1" + "0" * 20))


def negative_ilvl(data: bytes) -> bytes:
    """Return the package with every paragraph's list level at -5."""
    return edit_xml(data, MAIN, lambda root: _number_paragraphs(root, "-5"))


def _huge_start(fmt: str) -> Callable[[bytes], bytes]:
    def build(data: bytes) -> bytes:
        def edit(root: Any) -> None:
            for lvl in root.iter(w("lvl")):
                for tag, value in (("start", "100000000000"), ("numFmt", fmt)):
                    el = lvl.find(w(tag))
                    if el is None:
                        el = etree.SubElement(lvl, w(tag))
                    el.set(w("val"), value)

        return edit_xml(data, "word/numbering.xml", edit)

    build.__doc__ = f"Return the package with every list starting at 10^11 in {fmt}."
    return build


huge_start_letters = _huge_start("lowerLetter")
huge_start_roman = _huge_start("upperRoman")


# --------------------------------------------------------------------------- deep nesting


def _nest(data: bytes, depth: int, wrap: Callable[[Any], Any]) -> bytes:
    def edit(root: Any) -> None:
        body = root.find(w("body"))
        first = next(p for p in body if p.tag == w("p"))
        index = body.index(first)
        body.remove(first)
        node = first
        for _ in range(depth):
            node = wrap(node)
        body.insert(index, node)

    return edit_xml(data, MAIN, edit)


def _text_paragraph(text: str) -> Any:
    p = etree.Element(w("p"))
    etree.SubElement(etree.SubElement(p, w("r")), w("t")).text = text
    return p


def _in_text_box(inner: Any) -> Any:
    p = _text_paragraph("Boxed.")
    box = etree.SubElement(etree.SubElement(p.find(w("r")), w("pict")), w("txbxContent"))
    box.append(inner)
    return p


def _in_table(inner: Any) -> Any:
    table = etree.Element(w("tbl"))
    cell = etree.SubElement(etree.SubElement(table, w("tr")), w("tc"))
    cell.append(inner)
    cell.append(_text_paragraph("Cell."))
    return table


def _in_content_control(inner: Any) -> Any:
    sdt = etree.Element(w("sdt"))
    etree.SubElement(sdt, w("sdtContent")).append(inner)
    return sdt


def text_boxes(depth: int) -> Callable[[bytes], bytes]:
    """Return a builder nesting the first paragraph `depth` text boxes deep (each box in the last)."""

    def build(data: bytes) -> bytes:
        return _nest(data, depth, _in_text_box)

    return build


def tables(depth: int) -> Callable[[bytes], bytes]:
    """Return a builder nesting the first paragraph `depth` tables deep."""

    def build(data: bytes) -> bytes:
        return _nest(data, depth, _in_table)

    return build


def content_controls(depth: int) -> Callable[[bytes], bytes]:
    """Return a builder nesting the first paragraph `depth` content controls deep."""

    def build(data: bytes) -> bytes:
        return _nest(data, depth, _in_content_control)

    return build


# --------------------------------------------------------------------------- packages Word refuses


def without(name: str) -> Callable[[bytes], bytes]:
    """Return a builder dropping member `name` from the package."""

    def build(data: bytes) -> bytes:
        return rezip([(n, b) for n, b in members(data) if n != name])

    return build


def main_not_wordprocessing(data: bytes) -> bytes:
    """Return the package whose main part is declared a spreadsheet in `[Content_Types].xml`."""
    return rezip(
        [
            (n, b.replace(b"wordprocessingml.document.main+xml", b"spreadsheetml.sheet.main+xml"))
            for n, b in members(data)
        ]
    )


def target_outside(data: bytes) -> bytes:
    """Return the package whose styles relationship points two folders above the package."""
    return rezip(
        [
            (n, b.replace(b'Target="styles.xml"', b'Target="../../styles.xml"'))
            if n == "word/_rels/document.xml.rels"
            else (n, b)
            for n, b in members(data)
        ]
    )


def case_twins(data: bytes) -> bytes:
    """Return the package with a second main part, `Word/Document.xml`, saying something else."""
    parts = members(data)
    twin = dict(parts)[MAIN].replace(b"<w:t>", b"<w:t>Not ")
    return rezip([*parts, ("Word/Document.xml", twin)])


def empty(data: bytes) -> bytes:
    """Return nothing at all: a 0-byte `.docx`."""
    return b""


def plain_text(data: bytes) -> bytes:
    """Return a text policy (a `.docx` that is plain text is read as text, with a warning)."""
    return b"Social Media Policy\n\nStaff must not post photos of children.\n"


# --------------------------------------------------------------------------- symbol-font bullets


def symbol_bullets(data: bytes) -> bytes:
    """Return the package with symbol-font bullets typed before paragraphs: the private-use glyphs
    Word's Symbol and Wingdings bullets are saved as, as text (`w:t`) and as `w:sym`."""
    glyphs = ["\uf0b7", "\uf0a7", "\uf076", "\uf0d8", "\uf0fc", "\uf06e"]

    def edit(root: Any) -> None:
        body = root.find(w("body"))
        for i, glyph in enumerate(glyphs):
            p = _text_paragraph(f"Rule {i} typed after a bullet.")
            run = etree.Element(w("r"))
            if i % 2:
                sym = etree.SubElement(run, w("sym"))
                sym.set(w("font"), "Wingdings")
                sym.set(w("char"), f"{ord(glyph) - 0xF000:02X}" if i == 3 else f"{ord(glyph):04X}")
            else:
                etree.SubElement(run, w("t")).text = glyph
            etree.SubElement(run, w("tab"))
            p.insert(0, run)
            body.insert(len(body) - 1, p)

    return edit_xml(data, MAIN, edit)


# --------------------------------------------------------------------------- amplification

KITCHEN_SINK = ROOT / "corpus" / "features" / "kitchen-sink.docx"
"""python-docx with a footnote (id 1) and a comment (id 0): the base of the amplification attacks."""


def _append_paragraphs(data: bytes, count: int, make: Callable[[int], Any]) -> bytes:
    def edit(root: Any) -> None:
        body = root.find(w("body"))
        at = len(body) - 1 if len(body) and body[-1].tag == w("sectPr") else len(body)
        for i in range(count):
            body.insert(at + i, make(i))

    return edit_xml(data, MAIN, edit)


def notes_and_comments_referenced_again(count: int) -> Callable[[bytes], bytes]:
    """Return a builder adding `count` paragraphs that each reference the same footnote and comment
    (a note or comment of a megabyte would otherwise be copied `count` times into the output)."""

    def make(i: int) -> Any:
        p = _text_paragraph(f"Paragraph {i} points at the note.")
        run = etree.SubElement(p, w("r"))
        etree.SubElement(run, w("footnoteReference")).set(w("id"), "1")
        etree.SubElement(run, w("commentReference")).set(w("id"), "0")
        return p

    return lambda data: _append_paragraphs(data, count, make)


def fields_never_ended(count: int) -> Callable[[bytes], bytes]:
    """Return a builder adding `count` paragraphs that each open a field and never end it (every
    run used to look through all the fields still open: quadratic)."""

    def make(i: int) -> Any:
        p = etree.Element(w("p"))
        for kind in ("begin", "separate"):
            etree.SubElement(etree.SubElement(p, w("r")), w("fldChar")).set(w("fldCharType"), kind)
        etree.SubElement(etree.SubElement(p, w("r")), w("t")).text = f"Result {i}."
        return p

    return lambda data: _append_paragraphs(data, count, make)
