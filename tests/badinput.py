"""Builders for hostile and malformed inputs, made in memory so no binary fixture is committed."""

from __future__ import annotations

import io
import struct
import warnings
import zipfile
import zlib
from collections.abc import Iterable, Sequence

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/word/document.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    b"</Types>"
)
ROOT_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" '
    b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    b'Target="word/document.xml"/>'
    b"</Relationships>"
)
DOCUMENT_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<w:document xmlns:w="' + W_NS.encode() + b'"><w:body>'
)
DOCUMENT_TAIL = b"</w:body></w:document>"


def document_xml(*paragraphs: str | bytes, prolog: bytes = b"") -> bytes:
    """Return a minimal `word/document.xml`, one `w:p` per paragraph (bytes go in unescaped)."""
    body = b"".join(
        b"<w:p><w:r><w:t>" + (p if isinstance(p, bytes) else _escape(p).encode()) + b"</w:t></w:r></w:p>"
        for p in paragraphs
    )
    head = DOCUMENT_HEAD
    if prolog:
        declaration, _, rest = head.partition(b"\n")
        head = declaration + b"\n" + prolog + b"\n" + rest
    return head + body + DOCUMENT_TAIL


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def zip_bytes(members: Iterable[tuple[str, bytes]]) -> bytes:
    """Return a zip holding `members` in order, exactly as named (duplicates and odd paths kept)."""
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about a duplicate name: that is the point
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, data in members:
                info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, data)
    return buffer.getvalue()


def minimal_docx(document: bytes | None = None, extra: Sequence[tuple[str, bytes]] = ()) -> bytes:
    """Return a hand-made DOCX package whose main part is `document`."""
    return zip_bytes(
        [
            ("[Content_Types].xml", CONTENT_TYPES),
            ("_rels/.rels", ROOT_RELS),
            ("word/document.xml", document if document is not None else document_xml("Hello.")),
            *extra,
        ]
    )


def real_docx(paragraphs: Sequence[tuple[str, str]]) -> bytes:
    """Return a DOCX written by python-docx: each item is (`heading`|`bullet`|`number`|`para`, text)."""
    import docx

    doc = docx.Document()
    for kind, text in paragraphs:
        if kind == "heading":
            doc.add_heading(text, level=1)
        elif kind == "title":
            doc.add_heading(text, level=0)
        elif kind == "bullet":
            doc.add_paragraph(text, style="List Bullet")
        elif kind == "number":
            doc.add_paragraph(text, style="List Number")
        else:
            doc.add_paragraph(text)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    """Return a minimal XLSX-shaped zip: `[Content_Types].xml` and `xl/workbook.xml`."""
    return zip_bytes(
        [
            (
                "[Content_Types].xml",
                b'<?xml version="1.0" encoding="UTF-8"?>'
                b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                b'<Override PartName="/xl/workbook.xml" ContentType="application/'
                b'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>',
            ),
            (
                "xl/workbook.xml",
                b'<?xml version="1.0" encoding="UTF-8"?>'
                b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                b'<sheets><sheet name="Sheet1" sheetId="1"/></sheets></workbook>',
            ),
        ]
    )


def encrypted_ole() -> bytes:
    """Return enough of an OLE compound file for an encrypted Office document to be recognised."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    return (
        header
        + "EncryptionInfo".encode("utf-16-le")
        + bytes(64)
        + "EncryptedPackage".encode("utf-16-le")
        + bytes(1024)
    )


def png_bytes() -> bytes:
    """Return a tiny valid PNG (a 1×1 grey pixel)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(b"\x00\x80"))
        + chunk(b"IEND", b"")
    )


def pdf_bytes() -> bytes:
    """Return the start of a PDF file (its header is what gives it away)."""
    return (
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer\n%%EOF\n"
    )


def central_entry(data: bytes, member: bytes) -> int:
    """Return the offset of `member`'s entry in the zip's central directory."""
    pos = data.index(b"PK\x01\x02")
    while True:
        name_len, extra_len, comment_len = struct.unpack("<HHH", data[pos + 28 : pos + 34])
        if data[pos + 46 : pos + 46 + name_len] == member:
            return pos
        pos += 46 + name_len + extra_len + comment_len


# --------------------------------------------------------------------------- zip bombs


def _deflate_repeated(head: bytes, chunk: bytes, times: int, tail: bytes) -> bytes:
    """Return a raw deflate stream of `head`, `chunk` repeated `times` times and `tail`, made cheaply.

    Each piece is compressed once and ends with a full flush, so its compressed bytes refer to nothing
    before them and can be repeated as they are; an empty final block closes the stream.
    """

    def flushed(data: bytes) -> bytes:
        compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
        return compressor.compress(data) + compressor.flush(zlib.Z_FULL_FLUSH)

    final = zlib.compressobj(9, zlib.DEFLATED, -15)
    return flushed(head) + flushed(chunk) * times + final.compress(tail) + final.flush(zlib.Z_FINISH)


def _raw_zip(entries: Sequence[tuple[str, bytes, int, int, int]]) -> bytes:
    """Return a zip from (name, deflated data, CRC-32, declared inflated size, compression method)."""
    out = io.BytesIO()
    central = []
    for name, data, crc, declared, method in entries:
        offset = out.tell()
        encoded = name.encode()
        fields = (20, 0, method, 0, 0x21, crc, len(data), declared, len(encoded), 0)
        out.write(b"PK\x03\x04" + struct.pack("<HHHHHIIIHH", *fields) + encoded + data)
        central.append(
            b"PK\x01\x02"
            + struct.pack(
                "<HHHHHHIIIHHHHHII",
                20,
                20,
                0,
                method,
                0,
                0x21,
                crc,
                len(data),
                declared,
                len(encoded),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + encoded
        )
    start = out.tell()
    directory = b"".join(central)
    out.write(directory)
    out.write(
        b"PK\x05\x06" + struct.pack("<HHHHIIH", 0, 0, len(entries), len(entries), len(directory), start, 0)
    )
    return out.getvalue()


def zip_bomb(inflated: int = 1 << 30, *, declared: int | None = None) -> bytes:
    """Return a DOCX whose `word/document.xml` inflates to about `inflated` bytes of repetitive XML.

    `declared` is the inflated size written in the local header and the central directory: by default
    the truth; a small number makes a bomb that lies about its size.
    """
    unit = b"<w:p><w:r><w:t>" + b"policy " * 140 + b"</w:t></w:r></w:p>"
    chunk = unit * ((1 << 20) // len(unit))
    times = max(1, inflated // len(chunk))
    crc = zlib.crc32(DOCUMENT_HEAD)
    for _ in range(times):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(DOCUMENT_TAIL, crc)
    size = len(DOCUMENT_HEAD) + len(chunk) * times + len(DOCUMENT_TAIL)
    return _raw_zip(
        [
            _stored_deflated("[Content_Types].xml", CONTENT_TYPES),
            _stored_deflated("_rels/.rels", ROOT_RELS),
            (
                "word/document.xml",
                _deflate_repeated(DOCUMENT_HEAD, chunk, times, DOCUMENT_TAIL),
                crc,
                size if declared is None else declared,
                zipfile.ZIP_DEFLATED,
            ),
        ]
    )


def _stored_deflated(name: str, data: bytes) -> tuple[str, bytes, int, int, int]:
    return name, zlib.compress(data)[2:-4], zlib.crc32(data), len(data), zipfile.ZIP_DEFLATED
