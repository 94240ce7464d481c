"""Read a file (or bytes, e.g. a git blob) into a `Document`: the content picks the reader, not the suffix."""

from __future__ import annotations

import os
import stat

from policydiff._digest import sha256
from policydiff.errors import ReadError, UnsupportedFormatError
from policydiff.model import Diagnostic, Document

MAX_INPUT_BYTES = 256 * 1024 * 1024
"""Largest input file read at all (text, or a DOCX package)."""

_TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown", ".mdown", ".mkd", ".rst", ".rest", ".adoc", ""}
_WORD_SUFFIXES = {".docx", ".docm", ".dotx", ".dotm"}
_MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown", ".mkd"}
_RST_SUFFIXES = {".rst", ".rest"}


def sniff(data: bytes) -> str:
    """Return what the bytes are: `zip`, `ole`, `pdf`, `rtf`, `html`, `image`, `text`."""
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return "zip"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:5] == b"%PDF-":
        return "pdf"
    if data.startswith(b"{\\rtf"):
        return "rtf"
    if _looks_html(data):
        return "html"
    for magic in (
        b"\x89PNG\r\n\x1a\n",
        b"\xff\xd8\xff",
        b"GIF87a",
        b"GIF89a",
        b"BM",
        b"II*\x00",
        b"MM\x00*",
        b"RIFF",
    ):
        if data.startswith(magic) and (magic != b"BM" or (len(data) > 14 and b"\x00" in data[:14])):
            return "image"
    return "text"


def _looks_html(data: bytes) -> bool:
    """Return whether the bytes are an HTML page (a policy saved "as Web Page"), not text."""
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"<?xml"):
        head = head[head.find(b"?>") + 2 :].lstrip() if b"?>" in head else b""
    return head.startswith((b"<!doctype html", b"<html"))


def suffix_of(source: str) -> str:
    """Return the lower-cased suffix of a file name as `pathlib` reads it (`PurePath(source).suffix`): the
    last component from its last dot, unless that dot begins or ends it. Only a name ending in a separator
    or in `.` (which `pathlib` reads as the folder's own name) needs `pathlib` itself."""
    name = os.path.basename(source)  # noqa: PTH119 (`pathlib` is imported only where needed)
    if name in ("", "."):
        from pathlib import PurePath

        return PurePath(source).suffix.lower()
    dot = name.rfind(".")
    return name[dot:].lower() if 0 < dot < len(name) - 1 else ""


def read_path(path: str | os.PathLike[str], *, encoding: str | None = None) -> Document:
    """Return the `Document` read from a file; `source` is the path exactly as given."""
    source = os.fspath(path)
    try:
        st = os.stat(source)  # noqa: PTH116
        name = source
    except OSError:
        # `pathlib` reads some names that `stat` refuses: "" as the current folder, `policy.txt/` as the
        # file. Such a name (or one that cannot be read) is read as `Path(source)` reads it.
        from pathlib import Path

        name = str(Path(source))
        st = _stat(name, source)
    if stat.S_ISDIR(st.st_mode):
        raise ReadError("is a directory, not a file", source)
    if not stat.S_ISREG(st.st_mode):
        raise ReadError("not a regular file", source)
    if st.st_size > MAX_INPUT_BYTES:
        raise ReadError(
            f"file is {st.st_size:,} bytes, over the {MAX_INPUT_BYTES:,}-byte input limit", source
        )
    try:
        with open(name, "rb") as handle:  # noqa: PTH123
            data = handle.read()
    except PermissionError:
        raise ReadError("permission denied", source) from None
    except OSError as exc:
        raise ReadError(exc.strerror or str(exc), source) from None
    return read_bytes(data, source, encoding=encoding)


def _stat(name: str, source: str) -> os.stat_result:
    try:
        return os.stat(name)  # noqa: PTH116
    except FileNotFoundError:
        raise ReadError("no such file", source) from None
    except PermissionError:
        raise ReadError("permission denied", source) from None
    except OSError as exc:
        raise ReadError(exc.strerror or str(exc), source) from None


def read_bytes(data: bytes, source: str, *, encoding: str | None = None) -> Document:
    """Return the `Document` read from bytes; `source` names them in messages and output."""
    if len(data) > MAX_INPUT_BYTES:
        raise ReadError(f"input is over the {MAX_INPUT_BYTES:,}-byte limit", source)
    digest = sha256(data).hexdigest()
    kind = sniff(data)
    suffix = suffix_of(source)
    if not data and suffix in _WORD_SUFFIXES:
        raise ReadError("an empty file (0 bytes), not a Word document", source)
    warnings: list[Diagnostic] = []
    if kind == "zip":
        from policydiff.readers import docx

        try:
            return docx.read_docx(data, source, digest)
        except docx.OpenDocumentText:
            return _converted(data, source, digest, "OpenDocument (ODT)")
    if kind == "ole":
        from policydiff.readers import convert

        return _converted(data, source, digest, convert.ole_label(data, source))
    if kind == "rtf":
        return _converted(data, source, digest, "RTF")
    if kind == "pdf":
        raise UnsupportedFormatError("a PDF file: not supported (export it as DOCX or text first)", source)
    if kind == "html":
        raise UnsupportedFormatError(
            "an HTML page, not a text document: not supported (save it as DOCX or text first)", source
        )
    if kind == "image":
        raise UnsupportedFormatError("an image, not a text document: not supported", source)
    if (suffix in _WORD_SUFFIXES or suffix not in _TEXT_SUFFIXES) and suffix in _WORD_SUFFIXES:
        warnings.append(
            Diagnostic(
                "suffix-mismatch",
                f"named {suffix} but holds plain text; read as text",
                source,
            )
        )
    if suffix in _MARKDOWN_SUFFIXES:
        from policydiff.readers import markdown

        return markdown.read_markdown(data, source, digest, encoding=encoding, warnings=tuple(warnings))
    if suffix in _RST_SUFFIXES:
        from policydiff.readers import rst

        return rst.read_rst(data, source, digest, encoding=encoding, warnings=tuple(warnings))
    from policydiff.readers import text

    return text.read_text(data, source, digest, encoding=encoding, warnings=tuple(warnings))


def _converted(data: bytes, source: str, digest: str, label: str) -> Document:
    """Return the `Document` of a legacy file (.doc, RTF, ODT) LibreOffice converts to DOCX first."""
    from policydiff.readers import convert, docx

    return convert.converted(
        docx.read_docx(convert.to_docx(data, source, label), source, digest), digest, label
    )


__all__ = ["MAX_INPUT_BYTES", "read_bytes", "read_path", "sniff", "suffix_of"]
