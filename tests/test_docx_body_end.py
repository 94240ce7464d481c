"""The Word redline where a document ends: paragraphs removed or added after empty paragraphs.

Word users space their documents with empty paragraphs, and many end with one. The body's last paragraph
mark can be neither deleted nor inserted, so where a removed (or added) paragraph goes among the empty
paragraphs that close the body decides whether Reject All (Accept All) leaves an empty paragraph too many
or too few. LibreOffice is the judge, paragraph by paragraph: after Accept All the redline reads as the
right document, after Reject All as the left. Each pair is judged both ways (the reverse turns a removal
into an addition). The documents are python-docx's, as small as the cases.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
import pytest

from .docx_pairs import redline_bytes
from .libreoffice import both_ways_views

Paragraph = str | tuple[str, str]  # text, or (style, text)

A, B = "Alpha staff keep a record of every concern.", "Beta records are kept for six years."
G, D = "Gamma the board signs the policy each year.", "Delta the chair keeps the signed copy."
CASES: dict[str, tuple[list[Paragraph], list[Paragraph]]] = {
    # The paragraph after the left's last empty paragraph removed: the right ends with the empty one.
    "last-after-empty": (["Title", A, "", G], ["Title", A, ""]),
    "two-after-empty": (["Title", A, "", G, D], ["Title", A, ""]),
    "after-two-empty": (["Title", A, "", "", G], ["Title", A, ""]),
    "empty-between": (["Title", A, "", G, "", D], ["Title", A, ""]),
    "after-heading-and-empty": (
        ["Title", A, ("Heading 1", "Review"), "", G],
        ["Title", A, ("Heading 1", "Review"), ""],
    ),
    "numbered-after-empty": (
        ["Title", ("List Number", A), "", ("List Number", G)],
        ["Title", ("List Number", A), ""],
    ),
    # The left ends with an empty paragraph of its own after the removed one: the right's pairs with it.
    "between-empties": (["Title", A, "", G, ""], ["Title", A, ""]),
    "run-between-empties": (["Title", A, "", G, D, ""], ["Title", A, ""]),
    "between-empties-kept": (["Title", A, "", G, ""], ["Title", A, "", ""]),
    # Moved from the end to the top, the left's empty paragraph staying last on the right.
    "moved-from-the-end": (["Title", A, B, "", G], ["Title", G, A, B, ""]),
}


def _document(path: Path, paragraphs: list[Paragraph]) -> Path:
    made = docx.Document()
    for p in paragraphs:
        if isinstance(p, tuple):
            made.add_paragraph(p[1], style=p[0])
        else:
            made.add_paragraph(p)
    made.save(str(path))
    return path


@pytest.fixture(scope="module")
def views(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    root = tmp_path_factory.mktemp("body-end")
    return both_ways_views(CASES, _document, redline_bytes, root)


@pytest.mark.external
@pytest.mark.parametrize("name", [n for base in CASES for n in (base, f"{base}.reverse")])
def test_libreoffice_reads_accept_all_as_the_right_and_reject_all_as_the_left_empty_paragraphs_included(
    views: dict[str, dict[str, Any]], name: str
) -> None:
    texts = views[name]
    assert texts["accept revisions"][0] > 0 and texts["accept revisions"][1] == 0
    assert texts["accept paragraphs"] == texts["right paragraphs"]
    assert texts["reject paragraphs"] == texts["left paragraphs"]
