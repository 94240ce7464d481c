"""The Word redline of two Word documents, written into a copy of the right-hand document's own package.

Everything of the right document stays as it is (styles, theme, fonts, numbering, sections, headers and
footers, images, tables, text boxes, notes, comments); its own tracked changes are accepted first. The
differences from the left document are then recorded as tracked changes where they stand:

- a changed paragraph keeps its runs: inserted words are its own runs wrapped in `w:ins`, deleted words
  are runs carrying the left run's properties, in `w:del`; an emphasis change is a `w:rPrChange`;
- a paragraph only on the left is copied from the left package (its properties, styles mapped by id,
  its list mapped onto the right list its neighbours share) with its runs in `w:del` and a deleted mark;
- a paragraph only on the right has its runs in `w:ins` and an inserted mark;
- a moved paragraph is `w:moveFrom` at its old place and `w:moveTo` at its new one, with named ranges;
- a split (merge) is an inserted (deleted) paragraph mark inside the words of one paragraph.

Which `w:p` a clause came from is the DOCX reader's knowledge (`trace_docx`): the clauses of the
comparison must be those the reader makes of the same bytes, else `None` is returned.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from lxml import etree

from policydiff.model import Comparison, Diagnostic
from policydiff.ooxml.names import w
from policydiff.readers.docx import trace_docx
from policydiff.renderers.docx_package.names import _VAL
from policydiff.renderers.docx_package.side import _Side
from policydiff.renderers.docx_package.writer import _Writer


@dataclass(slots=True)
class PackageRedline:
    """The bytes of a redline written into the right package, and what it holds."""

    data: bytes
    revisions: int
    notes: list[str]
    """What was done as a best effort (left-only notes not copied, left images left out …)."""

    def diagnostics(self, comparison: Comparison) -> list[Diagnostic]:
        """Return the notes as warnings on the left document (what of it the redline could not show)."""
        return [Diagnostic("redline-best-effort", note, comparison.left.source) for note in self.notes]


def cover_of(data: bytes) -> Any:
    """Return the cover content control of a generated redline (None when it has none)."""
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    for sdt in root.iter(w("sdt")):
        tag = sdt.find(f"{w('sdtPr')}/{w('tag')}")
        if tag is not None and tag.get(_VAL) == "policydiff-cover":
            return sdt
    return None


def write_package_redline(
    comparison: Comparison,
    left_bytes: bytes,
    right_bytes: bytes,
    *,
    author: str = "policydiff",
    date: str | None = None,
    cover: Any = None,
) -> PackageRedline | None:
    """Return the redline written into a copy of the right package, or None when the comparison's
    clauses are not those the DOCX reader reads from these bytes (the caller then writes its own).

    `date` is a revision's `w:date`; `cover` a content control put first in the body.
    """
    sides = []
    for policy, data in ((comparison.left, left_bytes), (comparison.right, right_bytes)):
        if hashlib.sha256(data).hexdigest() != policy.sha256:
            return None  # the clauses were read from other bytes: their paragraphs are not these
        try:
            # The comparison's own read of these bytes is taken when it is still at hand.
            trace = trace_docx(data, policy.source, policy.sha256)
        except Exception:  # the bytes are not those of the comparison's documents
            return None
        sides.append(_Side(trace, {c.id: c for c in policy.clauses}))
    writer = _Writer(sides[0], sides[1], author=author, date=date)
    try:
        writer.run(comparison)
    except (ValueError, TypeError, AttributeError, KeyError, IndexError, AssertionError):
        # A shape of document this writer does not handle: the generated redline is written instead
        # (tests/test_docx_package.py ran it over every pair of the corpus's and the tests' Word files).
        return None
    if writer.boxed:
        writer.notes.append(
            f"{writer.boxed} paragraph(s) of text boxes only the left document has are not shown in the "
            "redline"
        )
    if writer.dropped_objects:
        writer.notes.append(
            f"{writer.dropped_objects} image(s), shape(s) or text box(es) of paragraphs only the left "
            "document has are not copied into the redline (their text is)"
        )
    if cover is not None:
        writer.put_cover(cover)
    return PackageRedline(writer.package_bytes(), writer.next_id - writer.first_id, writer.notes)
