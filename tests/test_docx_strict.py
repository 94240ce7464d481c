"""Word's "Strict Open XML Document" (ISO/IEC 29500 Strict) reads as the same document saved as Transitional.

Strict names every WordprocessingML element in other namespaces (`http://purl.oclc.org/ooxml/…`), so a
reader that looks for Transitional's found no `w:body` and refused a real Word document as "not a Word
document". The Strict files here are the corpus's Word documents with Strict's namespaces, relationship
types and `w:conformance="strict"`, written by this test's own table (not the reader's), and LibreOffice,
which reads Strict, is the judge of the redline.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

import policydiff
from policydiff.model import ChangeOp
from policydiff.renderers.docx import package_redline

from .conftest import CORPUS
from .libreoffice import redline_views

SOURCES = [
    CORPUS / "jpac" / "social-media-policy.docx",
    CORPUS / "kidspace" / "social-media-policy.docx",
    CORPUS / "features" / "numbered.docx",
    CORPUS / "features" / "kitchen-sink.docx",
]
_T = "http://schemas.openxmlformats.org/"
STRICT = [
    (
        _T + "officeDocument/2006/relationships/extended-properties",
        "officeDocument/relationships/extendedProperties",
    ),
    (_T + "wordprocessingml/2006/main", "wordprocessingml/main"),
    (_T + "officeDocument/2006/relationships", "officeDocument/relationships"),
    (_T + "officeDocument/2006/math", "officeDocument/math"),
    (_T + "drawingml/2006/wordprocessingDrawing", "drawingml/wordprocessingDrawing"),
    (_T + "drawingml/2006/picture", "drawingml/picture"),
    (_T + "drawingml/2006/main", "drawingml/main"),
]


def strict(data: bytes) -> bytes:
    """Return a Transitional package rewritten as Strict: its namespaces and relationship types, and the
    document marked `w:conformance="strict"` as Word marks it."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            part = source.read(info.filename)
            if info.filename.endswith((".xml", ".rels")):
                text = part.decode("utf-8")
                for transitional, name in STRICT:
                    text = text.replace(transitional, "http://purl.oclc.org/ooxml/" + name)
                if info.filename == "word/document.xml":
                    text = re.sub(r"<w:document\b", '<w:document w:conformance="strict"', text, count=1)
                part = text.encode("utf-8")
            target.writestr(info, part)
    return out.getvalue()


def _shape(path: Path) -> list[tuple[str, str, str | None, str]]:
    return [(c.kind.value, c.text, c.label, " > ".join(c.section)) for c in policydiff.parse(path).clauses]


@pytest.mark.parametrize("source", SOURCES, ids=[f"{p.parent.name}/{p.stem}" for p in SOURCES])
def test_a_strict_document_reads_as_its_transitional_twin(tmp_path: Path, source: Path) -> None:
    path = tmp_path / "strict.docx"
    path.write_bytes(strict(source.read_bytes()))
    assert b"purl.oclc.org/ooxml/wordprocessingml/main" in zipfile.ZipFile(path).read("word/document.xml")
    assert _shape(path) == _shape(source)
    comparison = policydiff.compare(source, path)
    assert {c.op for c in comparison.changes} == {ChangeOp.UNCHANGED}


def _redline(left: Path, right: Path) -> bytes:
    done = package_redline(
        policydiff.compare(left, right),
        left_bytes=left.read_bytes(),
        right_bytes=right.read_bytes(),
        date="2024-03-01",
    )
    assert done is not None  # written into the right document's own package
    return done.data


@pytest.mark.external
def test_the_redline_of_a_strict_pair_reads_as_each_side_and_is_transitional(tmp_path: Path) -> None:
    left, right = tmp_path / "left.docx", tmp_path / "right.docx"
    left.write_bytes(strict(SOURCES[0].read_bytes()))
    right.write_bytes(strict(SOURCES[1].read_bytes()))
    with zipfile.ZipFile(io.BytesIO(_redline(left, right))) as package:
        for name in package.namelist():
            if name.endswith((".xml", ".rels")):
                data = package.read(name)
                assert b"purl.oclc.org/ooxml" not in data, name
                assert b'conformance="strict"' not in data, name
    views = redline_views({"strict": (left, right)}, _redline, tmp_path)["strict"]
    assert views["accept"] == views["right"]
    assert views["reject"] == views["left"]
