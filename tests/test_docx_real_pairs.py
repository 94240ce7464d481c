"""The Word redline of real version pairs, made into Word by pandoc and by LibreOffice (issue 13).

The fixtures (tests/fixtures/docx_real/, its README names each source, licence and how the files were
made) are the corpus's real version pairs (the CNCF code of conduct 1.0 → 1.3, the Contributor
Covenant 1.4 → 2.0, the held-out dateutil, Docutils, NetworkX, onetimesecret, Pillow, Trio, Twisted
and GitHub pairs, the safeguarding policy) as pandoc writes them and as LibreOffice writes pandoc's
HTML of them, and two excerpts of the Docutils pair that hold its faults alone. Each pair is written
both ways. LibreOffice is the judge, in one batch: its `Text (encoded)` export of the redline after
Accept All equals its export of the right document, after Reject All that of the left (list numbers
included, blank lines and the spaces around a line ignored). A known failure is an expected failure
per pair and view, with its cause; it fails when fixed.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from .docx_pairs import checked_redline
from .libreoffice import redline_views, view_and_side, view_cases

FIXTURES = Path(__file__).parent / "fixtures" / "docx_real"

VERSIONS: dict[str, tuple[str, str]] = {
    "cncf-1.0": ("cncf-coc-v1.0-2017", "cncf-coc-v1.1-2021"),
    "cncf-1.1": ("cncf-coc-v1.1-2021", "cncf-coc-v1.2-2022"),
    "cncf-1.2": ("cncf-coc-v1.2-2022", "cncf-coc-v1.3-2026"),
    "covenant": ("contributor-covenant-v1.4", "contributor-covenant-v2.0"),
    "dateutil": ("dateutil-contributing-2.8.0", "dateutil-contributing-2.9.0"),
    "docutils": ("docutils-policies-0.16", "docutils-policies-0.21.2"),
    "docutils-bullets": ("docutils-bullets-0.16", "docutils-bullets-0.21.2"),
    "docutils-notes": ("docutils-notes-0.16", "docutils-notes-0.21.2"),
    "networkx": ("networkx-deprecations-2.6.3", "networkx-deprecations-3.4.2"),
    "onetimesecret": ("onetimesecret-privacy-2024-06", "onetimesecret-privacy-2024-10"),
    "pillow": ("pillow-deprecations-9.0.0", "pillow-deprecations-11.0.0"),
    "trio": ("trio-contributing-0.19.0", "trio-contributing-0.27.0"),
    "twisted": ("twisted-compatibility-policy-21.2.0", "twisted-compatibility-policy-24.11.0"),
    "github": ("github-misinformation-v1", "github-misinformation-v2"),
    "safeguarding": ("safeguarding-policy", "safeguarding-policy-v4"),
    "bsd3": ("bsd3-click", "bsd3-packaging"),
    "privinfo": ("github-private-information-f05aeb9", "github-private-information-7a67539"),
}
PRODUCERS = ("pandoc", "libreoffice")

PAIRS: dict[str, tuple[Path, Path]] = {}
for _name, (_old, _new) in VERSIONS.items():
    for _producer in PRODUCERS:
        _left, _right = FIXTURES / f"{_old}.{_producer}.docx", FIXTURES / f"{_new}.{_producer}.docx"
        PAIRS[f"{_name}.{_producer}"] = (_left, _right)
        PAIRS[f"{_name}.{_producer}.reverse"] = (_right, _left)

# Causes (docs/decisions/0026-word-producer-suite.md, "Session 27 (real pairs)").
KNOWN: dict[tuple[str, str], str] = {}


@pytest.fixture(scope="module")
def views(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    def redline(left: Path, right: Path) -> bytes:
        return checked_redline(left, right, diagnostics=False)[1]

    return redline_views(PAIRS, redline, tmp_path_factory.mktemp("lo-real"))


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


CASES = view_cases(PAIRS, KNOWN)


@pytest.mark.external
@pytest.mark.parametrize(("name", "view"), CASES)
def test_libreoffice_reads_accept_all_as_the_right_and_reject_all_as_the_left(
    views: dict[str, dict[str, Any]], name: str, view: str
) -> None:
    got, wanted = view_and_side(views[name], view, _lines)
    assert got == wanted


def test_every_fixture_is_there() -> None:
    """Each pair's two Word files are committed (a missing one would only show as an error above)."""
    assert all(left.is_file() and right.is_file() for left, right in PAIRS.values())


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _document(name: str) -> Any:
    left, right = PAIRS[name]
    _, data = checked_redline(left, right)  # (no diagnostics: every left note is shown)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read("word/document.xml"))


def _paragraph(document: Any, start: str) -> Any:
    (found,) = [p for p in document.iter(f"{{{W}}}p") if "".join(p.itertext()).startswith(start)]
    return found


def _shown(p: Any, *, reject: bool) -> str:
    """Return a paragraph's text as Accept All (Reject All) shows it, a note reference as "^"."""
    gone = f"{{{W}}}del" if not reject else f"{{{W}}}ins"
    out = []
    for el in p.iter(f"{{{W}}}t", f"{{{W}}}delText", f"{{{W}}}footnoteReference"):
        if next(el.iterancestors(gone), None) is not None:
            continue
        out.append("^" if el.tag.endswith("Reference") else el.text or "")
    return "".join(out)


@pytest.mark.parametrize("name", ["docutils-bullets.pandoc", "docutils-bullets.libreoffice"])
def test_a_bullet_typed_into_a_split_paragraph_is_tracked(name: str) -> None:
    """Session 27: 0.21.2 made two paragraphs bullets, each run into the indented line after it
    ("* One of … after each" / "release, and …": a definition term and its definition to pandoc),
    typed as "* ": a split whose first paragraph's text starts after the typed bullet. The bullet
    was written as kept text, and Reject All showed "* One of {major, minor, micro} is …"."""
    document = _document(name)
    first = _paragraph(document, "* One of")
    assert _shown(first, reject=False).startswith("* One of {major, minor, micro, serial}")
    assert _shown(first, reject=True).startswith("One of {major, minor, micro}")
    reverse = _paragraph(_document(f"{name}.reverse"), "* One of")
    assert _shown(reverse, reject=False).startswith("One of {major, minor, micro}")
    assert _shown(reverse, reject=True).startswith("* One of {major, minor, micro, serial}")


def test_deleted_pieces_at_one_place_keep_their_order() -> None:
    """Session 27: "is: release" (0.16) became "is" / "release" (two paragraphs of 0.21.2, read as a
    split): the ":" and the " " deleted at the end of the first were each put after "is", the second
    before the first, and Reject All read "is :release"."""
    document = _document("docutils-bullets.pandoc")
    first = _paragraph(document, "* The default state")
    assert _shown(first, reject=True).endswith("development and between releases is: ")


def test_a_cell_called_moved_into_its_own_place_is_written_in_place() -> None:
    """Session 27: pandoc gives each note reference its own note, and notes alike ("These steps may
    be skipped.") were paired crosswise, so the cell "candidate 2 (release)" read as moved to the
    same cell of the same row. Written as a move, its moved-from copy went into the cell before,
    after "0.15rc2.dev", whose note reference was then lost with its deleted mark: Reject All read
    "0.15rc2.dev" and every later note number one less."""
    document = _document("docutils-notes.pandoc")
    assert document.find(f".//{{{W}}}moveFrom") is None
    cell = _paragraph(document, "candidate 2 (release)")
    assert _shown(cell, reject=True) == "candidate 2 (release)"
    assert _shown(cell, reject=False) == "candidate 2 (release)^ ..."
    assert _shown(_paragraph(document, "0.15rc2.dev"), reject=True) == "0.15rc2.dev^"


def test_a_removed_rows_note_references_are_shown_where_they_stood() -> None:
    """Session 27: a removed row's cell held two note references ("0.15rcN.dev¹, 0.15rcN²"); the row
    is copied deleted, and its notes were not shown (every later note number one less)."""
    document = _document("docutils-notes.pandoc")
    row = _paragraph(document, "0.15rcN.dev")
    assert _shown(row, reject=True) == "0.15rcN.dev^, 0.15rcN^"
    assert _shown(row, reject=False) == ""


def test_a_deleted_note_reference_goes_where_it_stood_in_the_left_paragraph() -> None:
    """Session 27: the left cell "candidate 2 (release)¹ ..." became "candidate 2 (release)": the
    deleted reference was put at the paragraph's end, "candidate 2 (release) ...¹" on Reject All."""
    document = _document("docutils-notes.pandoc.reverse")
    cell = _paragraph(document, "candidate 2 (release)")
    assert _shown(cell, reject=True) == "candidate 2 (release)^ ..."
    assert _shown(cell, reject=False) == "candidate 2 (release)"


def test_a_line_of_code_split_off_has_its_indent_inserted() -> None:
    """Session 27: Twisted 24.11.0 wrapped the call `…(Version("Twisted", 1, 2, 0), db.getUser,
    'some-user')` over three lines of a code block, each indented by 12 spaces (LibreOffice's Word: a
    paragraph a line). Read as a split, one space stood for the left's, and the other 11 were kept:
    Reject All read "0),            db.getUser,". They are inserted with the mark."""
    document = _document("twisted.libreoffice")
    inserted = f"{{{W}}}pPr/{{{W}}}rPr/{{{W}}}ins"
    split = [
        p
        for p in document.iter(f"{{{W}}}p")
        if "".join(p.itertext()).strip() == "db.getUser," and p.getprevious().find(inserted) is not None
    ]
    assert len(split) == 2
    assert all(_shown(p, reject=True) == " db.getUser," for p in split)
    assert all(_shown(p, reject=False) == " " * 12 + "db.getUser," for p in split)


def test_a_list_the_right_has_no_numbering_for_is_restored_on_reject_all() -> None:
    """Session 27 (lists): click's BSD licence numbers its three conditions; packaging's types "1. ",
    "2. " into an indented block, which LibreOffice writes as plain paragraphs and no numbering part.
    The left's list had nowhere to go, its `w:numPr` was left out of the `w:pPrChange`, and Reject
    All showed the three conditions unnumbered. The right package is given a numbering part."""
    left, right = PAIRS["bsd3.libreoffice"]
    with zipfile.ZipFile(right) as archive:
        assert "word/numbering.xml" not in archive.namelist()
    _, data = checked_redline(left, right)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        document = etree.fromstring(archive.read("word/document.xml"))
        numbering = etree.fromstring(archive.read("word/numbering.xml"))
    lists = {n.get(f"{{{W}}}numId") for n in numbering.iter(f"{{{W}}}num")}
    for start in ("1. Redistributions of source", "2. Redistributions in binary"):  # (typed on the right)
        num_id = _paragraph(document, start).find(
            f"{{{W}}}pPr/{{{W}}}pPrChange/{{{W}}}pPr/{{{W}}}numPr/{{{W}}}numId"
        )
        assert num_id is not None and num_id.get(f"{{{W}}}val") in lists
    deleted = _paragraph(document, "Neither the name")  # (the third condition, gone from the right)
    num_id = deleted.find(f"{{{W}}}pPr/{{{W}}}numPr/{{{W}}}numId")
    assert num_id is not None and num_id.get(f"{{{W}}}val") in lists


@pytest.mark.parametrize("name", ["privinfo.pandoc", "privinfo.libreoffice", "privinfo.pandoc.reverse"])
def test_a_list_that_starts_at_another_number_is_restored_on_each_item(name: str) -> None:
    """Session 27 (lists): GitHub's private-information steps go on after an indented "OR" at "5.";
    the later version numbers every step "1.", so that list starts at 1. The items are unchanged, and
    only the first (the list's restart) recorded its former list: Reject All read "1., 2., 3." (the
    reverse: "5., 6., 7."). Each item now restores a copy of the left's list, which starts where the
    left's does."""
    left, right = PAIRS[name]
    _, data = checked_redline(left, right)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        document = etree.fromstring(archive.read("word/document.xml"))
        numbering = etree.fromstring(archive.read("word/numbering.xml"))
    start = "1" if name.endswith("reverse") else "5"
    formers = set()
    for text in ("User May Dispute", "Complainant Reviews", "User May Request"):
        p = _paragraph(document, text)
        num_id = p.find(f"{{{W}}}pPr/{{{W}}}pPrChange/{{{W}}}pPr/{{{W}}}numPr/{{{W}}}numId")
        assert num_id is not None
        formers.add(num_id.get(f"{{{W}}}val"))
    assert len(formers) == 1
    assert _first_number(numbering, formers.pop()) == start


def _first_number(numbering: Any, num_id: str) -> str | None:
    """Return the number a list's level 0 starts at: its `w:startOverride`, else its definition's."""
    (num,) = [n for n in numbering.iter(f"{{{W}}}num") if n.get(f"{{{W}}}numId") == num_id]
    for override in num.iter(f"{{{W}}}lvlOverride"):
        found = override.find(f"{{{W}}}startOverride")
        if override.get(f"{{{W}}}ilvl") == "0" and found is not None:
            return found.get(f"{{{W}}}val")
    ref = num.find(f"{{{W}}}abstractNumId").get(f"{{{W}}}val")
    (abstract,) = [a for a in numbering.iter(f"{{{W}}}abstractNum") if a.get(f"{{{W}}}abstractNumId") == ref]
    (level,) = [lv for lv in abstract.iter(f"{{{W}}}lvl") if lv.get(f"{{{W}}}ilvl") == "0"]
    return level.find(f"{{{W}}}start").get(f"{{{W}}}val")
