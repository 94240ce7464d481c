"""The hardened OOXML package reader: a zip read in memory under size caps, XML parsed without DTDs,
entities or network, relationships resolved inside the package. Shared by the DOCX reader and writers."""

from __future__ import annotations

import io
import posixpath
import re
import struct
import zipfile
import zlib
from typing import Any

from lxml import etree

from policydiff.errors import ReadError, UnsupportedFormatError
from policydiff.ooxml.names import CT, PR

MAX_PART_BYTES = 96 * 1024 * 1024
"""Largest inflated size of one package part we read (a zip bomb stops here); a 50,000-paragraph
policy's document.xml is about 30 MB."""
MAX_TOTAL_BYTES = 160 * 1024 * 1024
"""Largest inflated size of all the parts we read together."""
MAX_RATIO = 200
"""Largest compression ratio of a part over 1 MB: Word XML deflates about 10:1, a bomb 1000:1."""
MAX_MEMBERS = 20_000

_ZIP_ERRORS: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    EOFError,
    OSError,
    ValueError,
    NotImplementedError,
    struct.error,
    OverflowError,
    RuntimeError,
    IndexError,
    KeyError,
)
"""What zipfile and zlib raise on a corrupt, truncated or unsupported package (every one seen while
fuzzing: bad deflate data, unknown compression methods and versions, sizes past the file's end)."""


WORD_MAIN_TYPES = frozenset(
    "application/vnd." + suffix
    for suffix in (
        "openxmlformats-officedocument.wordprocessingml.document.main+xml",
        "openxmlformats-officedocument.wordprocessingml.template.main+xml",
        "ms-word.document.macroEnabled.main+xml",
        "ms-word.template.macroEnabledTemplate.main+xml",
    )
)
"""Content types of a Word main document part (document, template, macro-enabled of each)."""

_REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_STRICT_REL_TYPE = "http://purl.oclc.org/ooxml/officeDocument/relationships/"


_STRICT = b"http://purl.oclc.org/ooxml/"
_TRANSITIONAL = {
    b"http://purl.oclc.org/ooxml/wordprocessingml/main": b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    b"http://purl.oclc.org/ooxml/officeDocument/relationships": (
        b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    ),
    b"http://purl.oclc.org/ooxml/officeDocument/math": b"http://schemas.openxmlformats.org/officeDocument/2006/math",
    b"http://purl.oclc.org/ooxml/officeDocument/sharedTypes": (
        b"http://schemas.openxmlformats.org/officeDocument/2006/sharedTypes"
    ),
    b"http://purl.oclc.org/ooxml/officeDocument/customXml": (
        b"http://schemas.openxmlformats.org/officeDocument/2006/customXml"
    ),
    # Two relationship types are spelt otherwise (the others are the namespace plus the same name).
    b"http://purl.oclc.org/ooxml/officeDocument/relationships/extendedProperties": (
        b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties"
    ),
    b"http://purl.oclc.org/ooxml/officeDocument/relationships/customProperties": (
        b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
    ),
    b"http://purl.oclc.org/ooxml/officeDocument/extendedProperties": (
        b"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
    ),
    b"http://purl.oclc.org/ooxml/officeDocument/customProperties": (
        b"http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
    ),
    b"http://purl.oclc.org/ooxml/officeDocument/docPropsVTypes": (
        b"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
    ),
    b"http://purl.oclc.org/ooxml/drawingml/main": b"http://schemas.openxmlformats.org/drawingml/2006/main",
    b"http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing": (
        b"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
    ),
    b"http://purl.oclc.org/ooxml/drawingml/picture": b"http://schemas.openxmlformats.org/drawingml/2006/picture",
    b"http://purl.oclc.org/ooxml/drawingml/chart": b"http://schemas.openxmlformats.org/drawingml/2006/chart",
    b"http://purl.oclc.org/ooxml/drawingml/diagram": b"http://schemas.openxmlformats.org/drawingml/2006/diagram",
    b"http://purl.oclc.org/ooxml/schemaLibrary/main": b"http://schemas.openxmlformats.org/schemaLibrary/2006/main",
}
"""Strict Open XML (ISO/IEC 29500 Strict, Word's "Strict Open XML Document") namespaces and relationship
types, and their Transitional twins: the longest first, so a namespace is never cut by a shorter one."""
_STRICT_NAMES = re.compile(b"|".join(re.escape(k) for k in sorted(_TRANSITIONAL, key=len, reverse=True)))
_CONFORMANCE = re.compile(rb"""(\b[\w.-]+:)?conformance\s*=\s*(["'])strict\2""")


def transitional(data: bytes) -> bytes:
    """Return an XML part of a Strict Open XML package in Transitional terms (unchanged when it is not).

    The two conformance classes of WordprocessingML name the same elements in different namespaces (and
    relationship types): a Strict document read as Transitional has every paragraph, run and mark where
    a Transitional one has them. The few values Strict writes otherwise (`start`/`end` alignment, sizes
    with units) are layout, which policydiff reads nowhere. The document's `conformance="strict"` goes
    with them, so a package written from these parts (the Word redline) is a Transitional one.
    """
    if _STRICT not in data:
        return data
    data = _STRICT_NAMES.sub(lambda m: _TRANSITIONAL[m.group(0)], data)
    return _CONFORMANCE.sub(rb'\1conformance="transitional"', data)


def parser() -> etree.XMLParser:
    """Return the XML parser every package part is read with: no DTD, no entities, no network."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        remove_comments=True,
        remove_pis=True,
        huge_tree=False,
    )


# --------------------------------------------------------------------------- the package


class Package:
    """A zip package read in memory: only named parts are inflated, each under a size cap."""

    def __init__(self, data: bytes, source: str) -> None:
        self.source = source
        self.inflated = 0
        self._types: dict[str, str] | None = None
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zip.infolist()
        except NotImplementedError as exc:
            raise ReadError(f"a zip package in a form policydiff cannot read ({exc})", source) from None
        except _ZIP_ERRORS:
            raise ReadError("not a valid zip package (corrupt or truncated)", source) from None
        if len(infos) > MAX_MEMBERS:
            raise ReadError(f"zip package has {len(infos):,} members, over the limit", source)
        seen: set[str] = set()
        folded: dict[str, str] = {}
        for info in infos:
            name = info.filename
            if name in seen:
                raise ReadError(f"zip package has a duplicate member {name!r}", source)
            seen.add(name)
            parts = name.replace("\\", "/").split("/")
            if name.startswith(("/", "\\")) or ".." in parts or re.match(r"^[A-Za-z]:", name):
                raise ReadError(f"zip package has an unsafe member path {name!r}", source)
        for name in sorted(seen):
            # Part names are case-insensitive in a Word package: which of two would be the part?
            other = folded.setdefault(name.casefold(), name)
            if other != name and not name.endswith("/"):
                raise ReadError(
                    f"zip package has members whose names differ only in case ({other!r} and {name!r}); "
                    "Word refuses such a package",
                    source,
                )
        self.names = seen
        self._check_local_names(data, infos)

    def _check_local_names(self, data: bytes, infos: list[zipfile.ZipInfo]) -> None:
        """Refuse a package whose central directory disagrees with its local headers (corruption)."""
        for info in infos:
            offset = info.header_offset
            header = data[offset : offset + 30]
            if len(header) < 30 or header[:4] != b"PK\x03\x04":
                raise ReadError("not a valid zip package (corrupt or truncated)", self.source)
            length = int.from_bytes(header[26:28], "little")
            local = data[offset + 30 : offset + 30 + length]
            if info.orig_filename is None:
                raise ReadError("not a valid zip package (corrupt or truncated)", self.source)
            encoding = "utf-8" if info.flag_bits & 0x800 else "cp437"
            if local.decode(encoding, "replace") != info.orig_filename:
                raise ReadError("not a valid zip package (corrupt or truncated)", self.source)

    def has(self, name: str) -> bool:
        """Return whether the package holds a member called `name`."""
        return name in self.names

    def info(self, name: str) -> zipfile.ZipInfo:
        """Return the zip directory entry of `name` (no inflation)."""
        return self.zip.getinfo(name)

    def read(self, name: str) -> bytes:
        """Return the inflated bytes of one part, refusing parts over the caps."""
        info = self.zip.getinfo(name)
        if info.flag_bits & 0x1:
            raise ReadError(f"{name} is encrypted inside the zip package", self.source)
        if info.file_size > MAX_PART_BYTES:
            raise ReadError(
                f"{name} declares {info.file_size:,} bytes inflated, over the "
                f"{MAX_PART_BYTES:,}-byte part limit (zip bomb?)",
                self.source,
            )
        if info.file_size > 1 << 20 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise ReadError(
                f"{name} inflates {info.file_size // max(info.compress_size, 1):,} times its stored "
                "size (zip bomb?)",
                self.source,
            )
        budget = min(MAX_PART_BYTES, MAX_TOTAL_BYTES - self.inflated)
        chunks: list[bytes] = []
        size = 0
        try:
            with self.zip.open(info) as handle:
                while True:
                    chunk = handle.read(1 << 20)
                    if not chunk:
                        break
                    size += len(chunk)
                    if size > budget:
                        raise ReadError(f"{name} inflates past the size limit (zip bomb?)", self.source)
                    chunks.append(chunk)
        except ReadError:
            raise
        except _ZIP_ERRORS as exc:
            cause = " ".join(str(exc).split())[:200] or type(exc).__name__
            raise ReadError(f"{name} is corrupt in the zip package ({cause})", self.source) from None
        self.inflated += size
        data = b"".join(chunks)
        return transitional(data) if name.endswith((".xml", ".rels")) else data

    def xml(self, name: str) -> Any:
        """Return the root element of an XML part, refusing DOCTYPEs and malformed XML."""
        data = self.read(name)
        if re.search(rb"<!\s*DOCTYPE", data, re.I) or re.search(
            rb"<\x00!\x00D\x00O\x00C\x00T\x00Y\x00P\x00E", data
        ):
            raise ReadError(f"{name} contains a DOCTYPE declaration (refused as unsafe)", self.source)
        try:
            root = etree.fromstring(data, parser())
        except etree.XMLSyntaxError as exc:
            message = re.sub(r"\s+([,.;:)])", r"\1", " ".join(str(exc.msg).split()))[:300]
            raise ReadError(f"{name} is not well-formed XML ({message})", self.source) from None
        except (etree.LxmlError, ValueError) as exc:
            message = " ".join(str(exc).split())[:300] or type(exc).__name__
            raise ReadError(f"{name} could not be read as XML ({message})", self.source) from None
        if root is None:
            raise ReadError(f"{name} is empty", self.source)
        return root

    def content_type(self, part: str) -> str | None:
        """Return the content type `[Content_Types].xml` gives `part` (an override, else by extension)."""
        if self._types is None:
            self._types = {}
            if self.has("[Content_Types].xml"):
                for el in self.xml("[Content_Types].xml"):
                    if el.tag == f"{{{CT}}}Override" and el.get("PartName"):
                        self._types["/" + el.get("PartName", "").lstrip("/").casefold()] = el.get(
                            "ContentType", ""
                        )
                    elif el.tag == f"{{{CT}}}Default" and el.get("Extension"):
                        self._types.setdefault(
                            "." + el.get("Extension", "").casefold(), el.get("ContentType", "")
                        )
        key = "/" + part.casefold()
        if key in self._types:
            return self._types[key]
        return self._types.get("." + posixpath.splitext(key)[1].lstrip(".")) if "." in key else None

    def rels(self, part: str) -> dict[str, tuple[str, str, bool]]:
        """Return the relationships of `part`: id → (type suffix, target part or URL, external)."""
        folder, base = posixpath.split(part)
        rels_name = posixpath.join(folder, "_rels", base + ".rels")
        if not self.has(rels_name):
            return {}
        out: dict[str, tuple[str, str, bool]] = {}
        for rel in self.xml(rels_name).iter(f"{{{PR}}}Relationship"):
            rel_type = rel.get("Type", "")
            for prefix in (_REL_TYPE, _STRICT_REL_TYPE):
                if rel_type.startswith(prefix):
                    rel_type = rel_type[len(prefix) :]
            target = rel.get("Target", "")
            external = rel.get("TargetMode") == "External"
            if not external:
                target = posixpath.normpath(
                    target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
                )
                if target == ".." or target.startswith("../") or "\x00" in target:
                    raise ReadError(
                        f"{rels_name} has a relationship target outside the package "
                        f"({rel.get('Target', '')[:100]!r}); Word refuses such a package",
                        self.source,
                    )
            out[rel.get("Id", "")] = (rel_type, target, external)
        return out


def main_part(package: Package) -> str:
    """Return the name of the main document part, or raise for a zip that is not a Word document.

    A package Word would refuse is refused too, naming why: no `[Content_Types].xml`, no
    `_rels/.rels`, no main document relationship, or a main part whose content type is not
    WordprocessingML.
    """
    target = None
    if package.has("_rels/.rels"):
        target = next(
            (t for rt, t, _ in package.rels("").values() if rt.endswith("officeDocument") and package.has(t)),
            None,
        )
    content_type = package.content_type(target) if target is not None else None
    if content_type in WORD_MAIN_TYPES and target is not None:
        return target
    _refuse_foreign(package)
    source = package.source
    if not package.has("[Content_Types].xml"):
        raise ReadError("not a Word package: [Content_Types].xml is missing (Word refuses it)", source)
    if not package.has("_rels/.rels"):
        raise ReadError("not a Word package: _rels/.rels is missing (Word refuses it)", source)
    if target is None:
        raise ReadError(
            "not a Word package: _rels/.rels names no main document part that the package holds", source
        )
    shown = (content_type or "none")[:120]
    raise ReadError(
        f"not a Word package: the main part {target} has content type {shown!r}, not "
        "WordprocessingML (Word refuses it)",
        source,
    )


def _refuse_foreign(package: Package) -> None:
    """Raise for a spreadsheet, a presentation, an OpenDocument file or a zip of something else."""
    source = package.source
    if package.has("xl/workbook.xml"):
        raise UnsupportedFormatError("an XLSX spreadsheet, not a Word document: not supported", source)
    if package.has("ppt/presentation.xml"):
        raise UnsupportedFormatError("a PPTX presentation, not a Word document: not supported", source)
    if package.has("mimetype"):
        mimetype = package.read("mimetype")[:100]
        if b"opendocument.text" in mimetype:
            raise OpenDocumentText()
        raise UnsupportedFormatError(
            f"an OpenDocument file ({mimetype.decode('ascii', 'replace').strip()}), not a text "
            "document: not supported",
            source,
        )
    if not any(name.startswith("word/") for name in package.names) and not package.has("_rels/.rels"):
        raise UnsupportedFormatError("a zip archive, not a Word document: not supported", source)


class OpenDocumentText(Exception):
    """Raised when the zip is an ODT text document: `readers` has LibreOffice convert it, then reads it."""
