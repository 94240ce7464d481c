"""Legacy Word, RTF and ODT files: converted to DOCX by LibreOffice when installed, else a clear error."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from policydiff.errors import ConversionError, ReadError
from policydiff.model import Diagnostic, Document

CONVERT_TIMEOUT = 180
"""Seconds LibreOffice gets to convert one file."""

_SUFFIX = {"RTF": ".rtf", "OpenDocument (ODT)": ".odt", "Word 97-2003 (.doc)": ".doc"}


def ole_label(data: bytes, source: str) -> str:
    """Return the label of an OLE compound file LibreOffice can convert (a legacy .doc), or refuse it."""
    if "EncryptedPackage".encode("utf-16-le") in data or "EncryptionInfo".encode("utf-16-le") in data:
        raise ReadError(
            "encrypted or password-protected document: remove the password in Word and save again",
            source,
        )
    if "WordDocument".encode("utf-16-le") in data:
        return "Word 97-2003 (.doc)"
    raise ReadError("an OLE compound file that is not a Word document: not supported", source)


def _article(label: str) -> str:
    return "an" if label[:1] in "AEIOU" or label.startswith(("RTF", "ODT")) else "a"


def soffice() -> str | None:
    """Return the path of LibreOffice's `soffice`, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_docx(data: bytes, source: str, label: str) -> bytes:
    """Return the DOCX bytes LibreOffice makes of a legacy file (`label` names its kind in messages)."""
    binary = soffice()
    if binary is None:
        raise ConversionError(
            f"{_article(label)} {label} file: install LibreOffice "
            "(Debian: apt-get install libreoffice-writer) to read it, or save it as DOCX",
            source,
        )
    with tempfile.TemporaryDirectory(prefix="policydiff-convert-") as tmp:
        folder = Path(tmp)
        original = folder / ("input" + _SUFFIX.get(label, ".bin"))
        original.write_bytes(data)
        out = folder / "out"
        command = [
            binary,
            "--headless",
            "--norestore",
            "--nologo",
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(out),
            str(original),
        ]
        try:
            subprocess.run(
                command, capture_output=True, timeout=CONVERT_TIMEOUT, check=False, stdin=subprocess.DEVNULL
            )
        except subprocess.TimeoutExpired:
            raise ConversionError(
                f"LibreOffice took over {CONVERT_TIMEOUT}s to convert this {label} file", source
            ) from None
        converted = out / (original.stem + ".docx")
        if not converted.is_file():
            raise ConversionError(f"LibreOffice could not convert this {label} file", source)
        return converted.read_bytes()


def converted(document: Document, sha256: str, label: str) -> Document:
    """Return the `Document` read from a converted file, as the original: its hash and a note."""
    note = Diagnostic(
        "converted", f"{_article(label)} {label} file, converted to DOCX with LibreOffice", document.source
    )
    return Document(
        source=document.source,
        sha256=sha256,
        format="docx",
        blocks=document.blocks,
        metadata=document.metadata,
        objects=document.objects,
        warnings=(note, *document.warnings),
        title=document.title,
    )
