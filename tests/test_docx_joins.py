"""The Word redline where a paragraph with no list joins a numbered item of its own style.

AbiWord (and other producers) write a list on the paragraph itself, in the Normal style, so a plain
paragraph and a numbered item can share their style. LibreOffice 7.4 keeps the first paragraph's
properties when Accept All (Reject All) joins a deleted (inserted) paragraph into the next. A plain
paragraph holding a link, moved before an item that was split (its reverse: moved away from before an
item that was merged), took the item's number away in one view (stress `abi-md-attendance-policy` x61
and x61r, session 18): a moved link is written deleted and inserted, and LibreOffice pairs the equal
words as a move and then joins under the first paragraph's properties (`moved-linked-…` fails on the
old writer both ways; the other cases LibreOffice read right already and guard the rule). LibreOffice
is the judge, paragraph by paragraph, each pair both ways. The documents are python-docx's.

`BULLETS` (session 19): a bullet item removed before a plain paragraph. Where the item was the first part
of a split moved there (stress `abi-pandoc-covenant` x62r), LibreOffice pairs its deleted words with the
merge's inserted ones as a move and Accept All joined the plain paragraph under the item's properties (a
bullet on it): `bullet-split-moved-….reverse` fails on the old writer.
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

Paragraph = str | tuple[str, ...]
"""Text; (text,): an item of a list written on the Normal paragraph; ("link", before, link, after): a
paragraph holding an external link; ("bold", text): an item in bold; ("bullet", text): an item of a
bullet list written on the Normal paragraph; ("heading", text): a Heading 3."""

DATE = "Date approved: 5 January 2026"
ADDED = "Late collection is charged at the rate set out in our fees schedule."
ITEM = "The register is kept for three years after a child leaves."
HEAD, TAIL = "The register is", "kept for three years after a child leaves."
LINKED = ("link", "Late collection is charged at the rate in our ", "fees", " schedule.")
CASES: dict[str, tuple[list[Paragraph], list[Paragraph]]] = {
    # A plain paragraph added before the item, the item split (its reverse: removed, and merged).
    "added-before-a-split-item": (
        ["Attendance", DATE, (ITEM,), "", ""],
        ["Attendance", DATE, ADDED, (HEAD,), (TAIL,), "", ""],
    ),
    # The same without the split: the added paragraph alone before the item.
    # The added paragraph holding a link (AbiWord's shape of the stress pair).
    "linked-before-a-split-item": (
        ["Attendance", DATE, (ITEM,), "", ""],
        [
            "Attendance",
            DATE,
            ("link", "Late collection is charged at the rate in our ", "fees", " schedule."),
            (HEAD,),
            (TAIL,),
            "",
            "",
        ],
    ),
    # Moved there, holding a link: written deleted at its old place and inserted at the new (a move of
    # a link is), and LibreOffice pairs the equal deleted and inserted words as a move.
    "moved-linked-before-a-split-item": (
        ["Attendance", LINKED, "Children are signed in and out.", DATE, (ITEM,), "", ""],
        ["Attendance", "Children are signed in and out.", DATE, LINKED, (HEAD,), (TAIL,), "", ""],
    ),
    "added-before-a-noted-split-item": (
        ["Attendance", DATE, ("note", ITEM), "", ""],
        ["Attendance", DATE, ADDED, (HEAD,), ("note", TAIL), "", ""],
    ),
    "added-before-a-bold-split-item": (
        ["Attendance", DATE, (ITEM,), "", ""],
        ["Attendance", DATE, ADDED, ("bold", HEAD), ("bold", TAIL), "", ""],
    ),
    "added-before-an-item": (
        ["Attendance", DATE, (ITEM,), "Records"],
        ["Attendance", DATE, ADDED, (ITEM,), "Records"],
    ),
}

FOCUS = "Focusing on what is best not just for us as individuals, but for the overall community"
IMPACT = "Community Impact: a serious violation of community standards, including sustained bad behaviour."
BULLETS: dict[str, tuple[list[Paragraph], list[Paragraph]]] = {
    # An item's first words split off and moved after a heading, before a plain paragraph (its reverse:
    # a bullet item there removed, its words merged into an item above).
    "bullet-split-moved-before-a-plain-paragraph": (
        [
            "Our values",
            ("bullet", "Giving feedback kindly."),
            ("bullet", FOCUS),
            ("heading", "Ban"),
            IMPACT,
            "Ends.",
        ],
        [
            "Our values",
            ("bullet", "Giving feedback kindly."),
            ("bullet", FOCUS[20:]),
            ("heading", "Ban"),
            ("bullet", FOCUS[:19]),
            IMPACT,
            "Ends.",
        ],
    ),
    "bullet-removed-before-a-plain-paragraph": (
        ["Our values", ("bullet", "Giving feedback kindly."), ("heading", "Ban"), ("bullet", FOCUS), IMPACT],
        ["Our values", ("bullet", "Giving feedback kindly."), ("heading", "Ban"), IMPACT],
    ),
}


def _document(path: Path, paragraphs: list[Paragraph]) -> Path:
    made = docx.Document()
    for p in paragraphs:
        if isinstance(p, tuple) and p[0] == "link":
            para = made.add_paragraph(p[1])
            rel = para.part.relate_to(
                "https://example.org/fees", docx.opc.constants.RELATIONSHIP_TYPE.HYPERLINK, is_external=True
            )
            link = OxmlElement("w:hyperlink")
            link.set(qn("r:id"), rel)
            run = OxmlElement("w:r")
            text = OxmlElement("w:t")
            text.text = p[2]
            run.append(text)
            link.append(run)
            para._p.append(link)
            para.add_run(p[3])
        elif isinstance(p, tuple) and p[0] == "heading":
            made.add_paragraph(p[1], style="Heading 3")
        elif isinstance(p, tuple):
            para = made.add_paragraph()
            para.add_run(p[-1]).bold = p[0] == "bold"
            if p[0] == "note":  # (a footnote's back-link, as pandoc's HTML footnotes end)
                link = OxmlElement("w:hyperlink")
                link.set(qn("w:anchor"), "fnref1")
                run = OxmlElement("w:r")
                text = OxmlElement("w:t")
                text.text = "\u21a9"
                run.append(text)
                link.append(run)
                para._p.append(link)
            props = para._p.get_or_add_pPr()
            numpr = OxmlElement("w:numPr")
            # (the template's List Number list; its bullet list with no style)
            for tag, value in (("w:ilvl", "0"), ("w:numId", "4" if p[0] == "bullet" else "5")):
                el = OxmlElement(tag)
                el.set(qn("w:val"), value)
                numpr.append(el)
            props.append(numpr)
        else:
            made.add_paragraph(p)
    made.save(str(path))
    return path


@pytest.fixture(scope="module")
def views(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    root = tmp_path_factory.mktemp("joins")
    return both_ways_views({**CASES, **BULLETS}, _document, redline_bytes, root)


@pytest.mark.external
@pytest.mark.parametrize("name", [n for base in CASES for n in (base, f"{base}.reverse")])
def test_libreoffice_keeps_the_items_number_where_a_plain_paragraph_of_its_style_joins_it(
    views: dict[str, dict[str, Any]], name: str
) -> None:
    texts = views[name]
    assert texts["accept revisions"][0] > 0 and texts["accept revisions"][1] == 0
    assert texts["right"] != texts["left"]
    assert texts["accept"] == texts["right"] and texts["accept paragraphs"] == texts["right paragraphs"]
    assert texts["reject"] == texts["left"] and texts["reject paragraphs"] == texts["left paragraphs"]


@pytest.mark.external
@pytest.mark.parametrize("name", [n for base in BULLETS for n in (base, f"{base}.reverse")])
def test_libreoffice_keeps_no_bullet_where_a_removed_bullet_item_joins_a_plain_paragraph(
    views: dict[str, dict[str, Any]], name: str
) -> None:
    texts = views[name]
    assert texts["right"] != texts["left"]
    assert texts["accept"] == texts["right"] and texts["accept paragraphs"] == texts["right paragraphs"]
    assert texts["reject"] == texts["left"] and texts["reject paragraphs"] == texts["left paragraphs"]
