"""The Word redline where inserted paragraphs join a list item at level 1 on Reject All.

LibreOffice 7.4 keeps the first paragraph's properties when Reject All joins a run of inserted
paragraphs into the next one, and restores no list level but 0 from a `w:pPrChange`: the properties
the run records for the item after it came back at level 0 ("3." for "1." under "2."). The run's mark
now moves up to the kept paragraph before it (`mark_holder`) from the run's start, also where a
heading of another style stands in the run, and over removed paragraphs of other properties, which
take the item's properties for Accept All and keep their own in a `w:pPrChange` where Reject All
restores them (stress `g-sm` x62r and `wm-merged` x62, session 19). LibreOffice is the judge,
paragraph by paragraph, each pair both ways; the documents are python-docx's, the items in the
template's List Number list written on the Normal paragraph. `merged-…`, `heading-and-item-…`,
`heading-over-a-removed-heading` and `heading-over-a-removed-item.reverse` fail on the old writer
(Reject All); `heading-before-a-sub-item` guards the rule.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from .docx_pairs import redline_bytes
from .libreoffice import both_ways_views

Paragraph = str | tuple[int, str] | tuple[str, str]
"""Text; (level, text): an item of the numbered list at that level; ("h", text): a Heading 2."""

FIRST = "Leaders never message a young person privately."
PHOTOS = "Photographs are only posted when a parent has given written consent."
FORMS = "Consent forms are kept by the Group Secretary."
WITHDRAW = "Consent can be withdrawn at any time by email."
AFTER = "Leaders who break these rules may be asked to step down."
CASES: dict[str, tuple[list[Paragraph], list[Paragraph]]] = {
    # An item split, its second part at level 1 (its reverse: merged into the item before it).
    "merged-into-the-item-before": (
        ["Rules", (0, FIRST), (0, PHOTOS + FORMS), (1, WITHDRAW), AFTER, (0, "Leaders report contact.")],
        ["Rules", (0, FIRST), (0, PHOTOS), (1, FORMS), (1, WITHDRAW), AFTER, (0, "Leaders report contact.")],
    ),
    "heading-before-a-sub-item": (
        ["Intro", (0, FIRST), (1, WITHDRAW), AFTER],
        ["Intro", (0, FIRST), ("h", "Consent"), (1, WITHDRAW), AFTER],
    ),
    "heading-and-item-before-a-sub-item": (
        ["Intro", (0, FIRST), (1, WITHDRAW), AFTER],
        ["Intro", (0, FIRST), ("h", "Consent"), (0, PHOTOS), (1, WITHDRAW), AFTER],
    ),
    "heading-over-a-removed-item": (
        ["Intro", (0, FIRST), (0, FORMS), (1, WITHDRAW), AFTER],
        ["Intro", (0, FIRST), ("h", "Consent"), (1, WITHDRAW), AFTER],
    ),
    "heading-over-a-removed-heading": (
        ["Intro", (0, FIRST), ("h", "Forms"), (1, WITHDRAW), AFTER],
        ["Intro", (0, FIRST), ("h", "Consent"), (0, PHOTOS), (1, WITHDRAW), AFTER],
    ),
}


def _document(path: Path, paragraphs: list[Paragraph]) -> Path:
    made = docx.Document()
    for p in paragraphs:
        if isinstance(p, str):
            made.add_paragraph(p)
        elif p[0] == "h":
            made.add_paragraph(p[1], style="Heading 2")
        else:
            para = made.add_paragraph(p[1])
            numpr = OxmlElement("w:numPr")
            for tag, value in (("w:ilvl", str(p[0])), ("w:numId", "5")):  # (the List Number list)
                el = OxmlElement(tag)
                el.set(qn("w:val"), value)
                numpr.append(el)
            para._p.get_or_add_pPr().append(numpr)
    made.save(str(path))
    return path


@pytest.fixture(scope="module")
def views(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    root = tmp_path_factory.mktemp("level-joins")
    return both_ways_views(CASES, _document, redline_bytes, root)


@pytest.mark.external
@pytest.mark.parametrize("name", [n for base in CASES for n in (base, f"{base}.reverse")])
def test_libreoffice_keeps_the_level_of_an_item_inserted_paragraphs_join(
    views: dict[str, dict[str, Any]], name: str
) -> None:
    texts = views[name]
    assert texts["right"] != texts["left"]
    assert texts["accept"] == texts["right"] and texts["accept paragraphs"] == texts["right paragraphs"]
    assert texts["reject"] == texts["left"] and texts["reject paragraphs"] == texts["left paragraphs"]
