"""The Word redline of documents shaped as Microsoft Word writes them (tests/docx_wordmade.py).

Word writes markup our other producers rarely do (runs split by revision session, proofing marks,
bookmarks, content controls, smart tags, fields, symbols, AlternateContent, numbering through styles,
its own tracked changes and comments, sections inside paragraphs, tables with gridBefore/vMerge/
gridSpan, a TOC in a content control). For each case LibreOffice is the judge: its `Text (encoded)`
export of the redline after Accept All equals its export of the right document, after Reject All
that of the left (list numbers included), and nothing of the right package is dropped.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from policydiff import normalise
from policydiff.readers.docx import read_docx
from policydiff.segment import segment

from .docx_pairs import checked_redline, redline_bytes
from .docx_wordmade import CASES, document, wordmade_pair
from .libreoffice import redline_views

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


@pytest.fixture(scope="module")
def pairs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    root = tmp_path_factory.mktemp("wordmade")
    out = {}
    for case in CASES:
        left, right = wordmade_pair(case)
        (root / f"{case}-left.docx").write_bytes(left)
        (root / f"{case}-right.docx").write_bytes(right)
        out[case] = (root / f"{case}-left.docx", root / f"{case}-right.docx")
    return out


def case_name(path: Path) -> str:
    return path.name.rsplit("-", 1)[0]


def _keys(texts: list[str]) -> list[str]:
    return [k for k in (normalise.key(t) for t in texts) if k]


@pytest.mark.parametrize("case", CASES)
def test_our_reader_reads_accept_all_as_the_right_and_reject_all_as_the_left(
    pairs: dict[str, tuple[Path, Path]], case: str
) -> None:
    comparison, data = checked_redline(*pairs[case])
    assert comparison.changes, case
    accepted = segment(read_docx(data, "redline.docx", "0" * 64, view="accept"))
    rejected = segment(read_docx(data, "redline.docx", "0" * 64, view="reject"))
    assert _keys([c.text for c in accepted.clauses]) == _keys([c.text for c in comparison.right.clauses])
    assert _keys([c.text for c in rejected.clauses]) == _keys([c.text for c in comparison.left.clauses])
    # Headers and footers (LibreOffice's text export leaves them out): each view shows its side's.
    for view, side in (("accept", comparison.right), ("reject", comparison.left)):
        read = read_docx(data, "redline.docx", "0" * 64, view=view)  # type: ignore[arg-type]
        ours = [value for key, value in read.metadata if key in ("header", "footer")]
        assert ours == [value for key, value in side.metadata if key in ("header", "footer")], view


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _count(package: dict[str, bytes]) -> dict[str, int]:
    document = etree.fromstring(package["word/document.xml"])

    def n(root: Any, path: str) -> int:
        return len(
            root.xpath(
                path, namespaces={**NS, "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006"}
            )
        )

    return {
        "comments": n(etree.fromstring(package["word/comments.xml"]), "//w:comment"),
        "footnotes": n(etree.fromstring(package["word/footnotes.xml"]), "//w:footnote[not(@w:type)]"),
        "footnote references": n(document, "//w:footnoteReference"),
        "sections": n(document, "//w:sectPr"),
        "tables": n(document, "//w:tbl"),
        "merged cells": n(document, "//w:gridSpan | //w:vMerge | //w:gridBefore"),
        "content controls": n(document, "//w:sdt"),
        "text boxes": n(document, "//mc:AlternateContent"),
        "fields": n(document, "//w:fldSimple | //w:fldChar[@w:fldCharType='begin']"),
        "bookmarks": n(document, "//w:bookmarkStart[not(@w:name='_GoBack')]"),
        "footer fields": n(etree.fromstring(package["word/footer1.xml"]), "//w:fldSimple | //w:instrText"),
    }


@pytest.mark.parametrize("case", CASES)
def test_nothing_of_the_right_package_is_dropped(pairs: dict[str, tuple[Path, Path]], case: str) -> None:
    left, right = pairs[case]
    _, data = checked_redline(left, right)
    before, after = _members(right.read_bytes()), _members(data)
    assert set(before) <= set(after)
    counts = _count(before), _count(after)
    # A removed left paragraph brings its own comments and notes along (a removed note is copied in,
    # deleted), and its fields (a pair whose field result changed is written whole). A moved-away
    # paragraph a cross-reference points at gets a bookmark of its own (`_moved_references`).
    carried = ("comments", "text boxes", "footnotes", "footnote references", "fields", "bookmarks")
    assert {k: v for k, v in counts[1].items() if k not in carried} == {
        k: v for k, v in counts[0].items() if k not in carried
    }
    assert all(counts[1][k] >= counts[0][k] for k in carried)


@pytest.fixture(scope="module")
def libreoffice_texts(
    pairs: dict[str, tuple[Path, Path]], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, dict[str, Any]]]:
    yield redline_views(pairs, redline_bytes, tmp_path_factory.mktemp("lo-wordmade"))


@pytest.mark.external
@pytest.mark.parametrize("case", CASES)
def test_libreoffice_reads_accept_all_as_the_right_and_reject_all_as_the_left(
    libreoffice_texts: dict[str, dict[str, Any]], case: str
) -> None:
    texts = libreoffice_texts[case]
    assert texts["accept revisions"][0] > 0 and texts["accept revisions"][1] == 0
    assert texts["accept"] == texts["right"]
    assert texts["reject"] == texts["left"]


def test_a_removed_first_paragraph_goes_back_before_the_table_of_contents(tmp_path: Path) -> None:
    """A left-only paragraph with no clause before it went before the right body's first paragraph or
    table, that is after a table of contents in a content control heading the body: Reject All read the
    removed title after the contents. It goes before the contents when it stood before them on the left:
    first inside their control (since session 22: before it, its deleted mark joined nothing and
    LibreOffice's Accept All kept an empty paragraph there; toc5, toc6 judge both views)."""
    toc = ("toc", [("_Toc1", "Purpose")], {})
    rest = [("h1", "Purpose", {}), ("p", "Staff keep their phones in the office during sessions.", {})]
    left_blocks = [("title", "Online Safety Policy", {}), toc, *rest]
    for side, blocks in (("left", left_blocks), ("right", [toc, *rest])):
        data = document(blocks, side, header="Sunny Days Club", footer="Reviewed 2025")
        (tmp_path / f"{side}.docx").write_bytes(data)
    _, data = checked_redline(tmp_path / "left.docx", tmp_path / "right.docx")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        body = etree.fromstring(archive.read("word/document.xml")).find(f"{{{W}}}body")
    paragraphs = list(body.iter(f"{{{W}}}p"))
    assert "".join(paragraphs[0].xpath(".//w:delText/text()", namespaces=NS)) == "Online Safety Policy"
    assert paragraphs[0].getparent().tag == f"{{{W}}}sdtContent"
    assert "".join(paragraphs[1].xpath(".//w:t/text()", namespaces=NS)) == "Contents"


def _restyled(side: str, style: str, *, paragraph: bool) -> list[tuple[str, Any, dict[str, Any]]]:
    """A policy whose first heading ("Purpose", numbered through the heading styles) is `style`, with
    or without the paragraph after it. The last paragraph refers to that heading's number (a `REF`
    field): the heading written whole, its bookmark stood in the inserted paragraph only, and
    LibreOffice's Reject All read the number of the paragraph its mark joined (session 13)."""
    return [
        ("title", "Online Safety Policy", {}),
        (style, "Purpose", {"bookmark": "_Ref100"}),
        *(
            [("p", "This policy explains how the Sunny Days Club keeps children safe online.", {})]
            * paragraph
        ),
        ("h1", "Rules", {}),
        ("p", "Phones are switched to silent before any session with children starts.", {}),
        ("h1", "Review", {}),
        (
            "p",
            "The manager reviews this policy every year with the committee (see section",
            {"field": ("_Ref100", "1")},
        ),
    ]


RESTYLED = {
    # (left style, right style, the paragraph after it on the left, on the right)
    "demoted": ("h1", "h2", (True, True)),
    "demoted-paragraph-removed": ("h1", "h2", (True, False)),
    "promoted-paragraph-added": ("h2", "h1", (False, True)),
    "unnumbered-paragraph-removed": ("h1", "p", (True, False)),
}


@pytest.fixture(scope="module")
def restyled_views(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    root = tmp_path_factory.mktemp("restyled")
    pairs = {}
    for name, (*styles, paragraphs) in RESTYLED.items():
        for side, style, paragraph in zip(("left", "right"), styles, paragraphs, strict=True):
            blocks = _restyled(side, style, paragraph=paragraph)
            data = document(blocks, side, header="Sunny Days Club", footer="Reviewed 2025")
            (root / f"{name}-{side}.docx").write_bytes(data)
        pairs[name] = (root / f"{name}-left.docx", root / f"{name}-right.docx")
    return redline_views(pairs, redline_bytes, root)


@pytest.mark.external
@pytest.mark.parametrize("case", sorted(RESTYLED))
def test_a_heading_given_another_level_keeps_its_number_in_both_views(
    restyled_views: dict[str, dict[str, Any]], case: str
) -> None:
    """A heading numbered through its style and given another heading style (or none), the paragraph after
    it removed or added: the heading is written whole, and its inserted paragraph, which Reject All joins
    to the next heading, carries that heading's former style in a `w:pPrChange`. LibreOffice restores the
    style but not the list level the style gives, so the next heading "2 Rules" read "1.1 Rules".
    The former style's list is now written on the former properties (found by the in-package edit
    stress; decision 0026, session 12)."""
    texts = restyled_views[case]
    assert texts["accept"] == texts["right"]
    assert texts["reject"] == texts["left"]


def _relevelled(data: bytes, levels: dict[str, str]) -> bytes:
    """Return a package whose list items starting with each key of `levels` are at that level."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        body = etree.fromstring(source.read("word/document.xml"))
        for p in body.iter(f"{{{W}}}p"):
            text = "".join(p.itertext())
            for start, level in levels.items():
                if text.startswith(start):
                    (ilvl,) = p.xpath("w:pPr/w:numPr/w:ilvl", namespaces=NS)
                    ilvl.set(f"{{{W}}}val", level)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for item in source.infolist():
                part = source.read(item.filename)
                if item.filename == "word/document.xml":
                    part = etree.tostring(body, xml_declaration=True, encoding="UTF-8", standalone=True)
                target.writestr(item, part)
    return out.getvalue()


@pytest.fixture(scope="module")
def relevelled_views(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    root = tmp_path_factory.mktemp("relevelled")
    right = wordmade_pair("splits")[1]
    left = _relevelled(right, {"Visitors and contractors": "2", "Tablets are used": "0"})
    (root / "left.docx").write_bytes(left)
    (root / "right.docx").write_bytes(right)
    pairs = {"relevelled": (root / "left.docx", root / "right.docx")}
    return redline_views(pairs, redline_bytes, root)


@pytest.mark.external
def test_items_relevelled_in_a_list_their_style_numbers_keep_their_levels_in_both_views(
    relevelled_views: dict[str, dict[str, Any]],
) -> None:
    """Session 13 (the in-package edit stress): two items of a list numbered through its style (the
    paragraphs write only `w:ilvl`) moved to level 1, the item after them kept at level 0. The pairs are
    written whole; Reject All joined the inserted marks into that next item, which took level 1 ("a)"
    for "5."): the run's mark now moves up to the kept paragraph before it, as for a list written on
    the paragraphs."""
    texts = relevelled_views["relevelled"]
    assert texts["accept"] == texts["right"]
    assert texts["reject"] == texts["left"]


def _run_removed(side: str) -> list[tuple[str, Any, dict[str, Any]]]:
    """A paragraph given words at its start, then (on the left only) two plain paragraphs, the first of
    them those words, then a heading numbered through its style."""
    opening = "Sunny Days Club keeps children safe online and on phones."
    removed = [
        ("p", "This policy explains how the", {}),
        ("p", "Any breach of this policy is reported to the chair within two working days.", {}),
    ]
    return [
        ("title", "Online Safety Policy", {}),
        ("h1", "Purpose", {}),
        ("p", opening if side == "left" else "This policy explains how the " + opening, {}),
        *(removed if side == "left" else []),
        ("h1", "Rules", {"bookmark": "_Ref101"}),
        ("p", "Phones are switched to silent before any session with children starts.", {}),
        ("h1", "Review", {}),
        ("p", "The manager reviews this policy every year with the committee", {"field": ("_Ref101", "2")}),
    ]


@pytest.fixture(scope="module")
def run_removed_views(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    root = tmp_path_factory.mktemp("run-removed")
    for side in ("left", "right"):
        data = document(_run_removed(side), side, header="Sunny Days Club", footer="Reviewed 2025")
        (root / f"{side}.docx").write_bytes(data)
    pairs = {"run-removed": (root / "left.docx", root / "right.docx")}
    return redline_views(pairs, redline_bytes, root)


@pytest.mark.external
def test_paragraphs_removed_before_a_numbered_heading_keep_its_number_after_accept_all(
    run_removed_views: dict[str, dict[str, Any]],
) -> None:
    """Session 16 (the in-package edit stress, `wm-merged` x61r): two removed paragraphs before a heading
    numbered through its style, the words of the first inserted at the start of the paragraph before
    them (a paragraph split, its first part moved down). Only the last removed paragraph carried the
    heading's properties; LibreOffice, which pairs the deleted and inserted words as a move, joined the
    run under the first one's, and Accept All read "Rules" for "2 Rules". Each paragraph of the run now
    carries them."""
    texts = run_removed_views["run-removed"]
    assert texts["accept"] == texts["right"]
    assert texts["reject"] == texts["left"]


@pytest.fixture(scope="module")
def demoted_views(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    root = tmp_path_factory.mktemp("demoted")
    pairs = {}
    for case in ("bookmark2", "bookmark3"):
        left, right = wordmade_pair(case)
        (root / f"{case}-left.docx").write_bytes(left)
        (root / f"{case}-right.docx").write_bytes(right)
        pairs[case] = (root / f"{case}-left.docx", root / f"{case}-right.docx")
    return redline_views(pairs, redline_bytes, root)


@pytest.mark.parametrize("case", ["bookmark2", "bookmark3"])
def test_a_bookmark_of_a_heading_written_whole_starts_before_it_ends(tmp_path: Path, case: str) -> None:
    """Session 21 (stress `wm-restart5` x125): the heading a cross-reference points to made a Heading 2
    and the item after it removed. The heading is written whole; its bookmark started in the deleted
    copy (`shared_bookmarks`), and the inserted copy then moved up before that copy, so the bookmark
    ended before it started. Each bookmark now starts before its end, in every part of the redline."""
    left, right = wordmade_pair(case)
    (tmp_path / "left.docx").write_bytes(left)
    (tmp_path / "right.docx").write_bytes(right)
    _, data = checked_redline(tmp_path / "left.docx", tmp_path / "right.docx")
    body = etree.fromstring(_members(data)["word/document.xml"])
    marks = body.xpath("//w:bookmarkStart | //w:bookmarkEnd", namespaces=NS)
    started: set[str] = set()
    for mark in marks:
        key = mark.get(f"{{{W}}}id")
        if mark.tag == f"{{{W}}}bookmarkStart":
            started.add(key)
        else:
            assert key in started, key
    names = {m.get(f"{{{W}}}name") for m in marks}
    assert "_Ref101" in names  # (the cross-reference's bookmark is still there)


@pytest.mark.external
def test_a_cross_reference_to_a_heading_written_whole_reads_its_number_after_accept_all(
    demoted_views: dict[str, dict[str, Any]],
) -> None:
    """The same cases in LibreOffice: Accept All reads the reference to the demoted heading as the right
    does ("see 1.1"; it read "see Error: Reference source not found" while the bookmark ended before it
    started), both ways. Reject All of `bookmark2` is LibreOffice 7.4's limit: the bookmark can mark the
    heading in one copy only, and a bookmark in inserted (deleted) text is gone after Reject (Accept)
    All; one spanning both copies collapsed into the paragraph before (decision 0026, session 21)."""
    for case in ("bookmark2", "bookmark3"):
        assert demoted_views[case]["accept"] == demoted_views[case]["right"], case
    assert demoted_views["bookmark3"]["reject"] == demoted_views["bookmark3"]["left"]


def test_a_moved_up_restarted_item_leaves_its_list_to_its_former_properties(tmp_path: Path) -> None:
    """Session 23 (stress `wm-fields` x152, Accept All "(a) Always ask"): the restarted list's only item
    moved up and merged into another list's item on the right, written whole. Its deleted copy, the
    list's first item in Reject All, holds a copy of the list (`restart_in_view`), and LibreOffice 7.4's
    Accept All joined the paragraph after it under that list: the copy now holds the properties of the
    paragraph it joins (no list) and restores the copy from its `w:pPrChange`. (LibreOffice keeps the one
    or the other paragraph's properties on that join depending on how the text is cut in runs: the
    Word-made `twins34` reads right in LibreOffice on the old writer too, so the markup is checked.)"""
    left, right = wordmade_pair("twins34")
    (tmp_path / "left.docx").write_bytes(left)
    (tmp_path / "right.docx").write_bytes(right)
    _, data = checked_redline(tmp_path / "left.docx", tmp_path / "right.docx")
    body = etree.fromstring(_members(data)["word/document.xml"])
    (copy,) = body.xpath("//w:p[w:pPr/w:rPr/w:del][.//w:delText[starts-with(., 'Trips')]]", namespaces=NS)
    assert copy.xpath("w:pPr/w:numPr", namespaces=NS) == []
    (former,) = copy.xpath("w:pPr/w:pPrChange/w:pPr/w:numPr/w:numId/@w:val", namespaces=NS)
    restarted = etree.fromstring(_members(data)["word/numbering.xml"]).xpath(
        f"//w:num[@w:numId='{former}']/w:lvlOverride/w:startOverride", namespaces=NS
    )
    assert restarted  # (the copy of the restarted list: it starts over where Reject All restores it)
