"""The Word redline of pairs nobody here wrote: several producers, edited in LibreOffice (issue 13).

The fixtures (tests/fixtures/docx_producers/, made by tests/docx_producers.py) are documents of
pandoc, python-docx, LibreOffice (its text, flat ODT and HTML imports, and a document it built) and
the corpus's Word files, edited by LibreOffice through UNO as a reviewer would (words reworded, a
paragraph deleted, inserted, moved, split or merged, a list level changed, a word made bold, a table
cell and a footnote edited, a footnote added) and stored as DOCX; some pairs have sides of two
producers. LibreOffice is the judge, in one batch: its `Text (encoded)` export of the redline after
Accept All equals its export of the right document, after Reject All that of the left (list numbers
included, blank lines ignored). A known failure is an expected failure per pair and view, with its
cause; it fails when fixed.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from policydiff.compare import compare
from policydiff.renderers.docx import package_redline

from .docx_producers import FIXTURE_PAIRS, fixture
from .libreoffice import run_jobs

# Causes (writer side, /tmp/b/W2/findings.md of session 8; docs/decisions/0026-word-producer-suite.md).
LEVEL = (
    "a level change written whole: Reject joins the inserted paragraph into the next, which takes its level"
)
HEADING_MERGE = (
    "a merge compared as reworded + removed: Accept joins the deleted left copy into the next bullet"
)
STYLE_INDENT = "a left heading shown in the right package's style (indent)"
MOVE_PLACE = "a left-only paragraph between parts of a merge goes after the merged paragraph"
NOTE_MARK = "LibreOffice drops a tracked paragraph mark in a paragraph holding a footnote reference"
NOTE_MOVED = "a note of the same text whose reference moved to another paragraph is not tracked"
KNOWN: dict[tuple[str, str], str] = {
    ("word-numbered__e2", "reject"): LEVEL,
    ("word-jpac__e1", "accept"): HEADING_MERGE,
    ("lo-built__e2", "accept"): NOTE_MARK,
    ("lo-built__e2", "reject"): STYLE_INDENT,
    ("lo-fodt_e1__e2", "reject"): MOVE_PLACE,
    ("word-numbered__t4", "reject"): NOTE_MARK + "; " + LEVEL,
    ("lo-html-attendance_t4__e1", "reject"): NOTE_MOVED,
}


def _redline(left: Path, right: Path) -> bytes:
    comparison = compare(left, right)
    done = package_redline(
        comparison, left_bytes=left.read_bytes(), right_bytes=right.read_bytes(), date="2025-02-01"
    )
    assert done is not None
    return done.data


@pytest.fixture(scope="module")
def redlines() -> dict[str, bytes]:
    return {name: _redline(fixture(left), fixture(right)) for name, (left, right) in FIXTURE_PAIRS.items()}


@pytest.fixture(scope="module")
def views(redlines: dict[str, bytes], tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, str]]:
    """Per pair: LibreOffice's text of the redline after Accept All and Reject All, and of each side
    with its own tracked changes accepted (one LibreOffice, each side file exported once)."""
    tmp = tmp_path_factory.mktemp("producers")
    jobs: list[tuple[str, str, str]] = []
    sides: dict[str, str] = {}
    for name, (left, right) in FIXTURE_PAIRS.items():
        made = tmp / f"{name}.docx"
        made.write_bytes(redlines[name])
        for action in ("accept", "reject"):
            jobs.append((str(made), action, str(tmp / f"{name}.{action}.txt")))
        for stem in (left, right):
            if stem not in sides:
                sides[stem] = str(tmp / f"side-{len(sides)}.txt")
                jobs.append((str(fixture(stem).resolve()), "accept", sides[stem]))
    run_jobs(jobs, tmp)

    def text(path: str) -> str:
        return Path(path).read_text("utf-8-sig")

    return {
        name: {
            "accept": text(str(tmp / f"{name}.accept.txt")),
            "reject": text(str(tmp / f"{name}.reject.txt")),
            "right": text(sides[right]),
            "left": text(sides[left]),
        }
        for name, (left, right) in FIXTURE_PAIRS.items()
    }


def _lines(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


CASES = [
    pytest.param(
        name,
        view,
        marks=[pytest.mark.xfail(strict=True, reason=KNOWN[name, view])] if (name, view) in KNOWN else [],
        id=f"{name}-{view}",
    )
    for name in FIXTURE_PAIRS
    for view in ("accept", "reject")
]


@pytest.mark.parametrize(("name", "view"), CASES)
def test_libreoffice_reads_accept_all_as_the_right_and_reject_all_as_the_left(
    views: dict[str, dict[str, str]], name: str, view: str
) -> None:
    texts = views[name]
    side = "right" if view == "accept" else "left"
    assert _lines(texts[view]) == _lines(texts[side])


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CARRIED = ("images", "drawings", "comments", "footnotes", "footnote references")
"""What a redline may hold more of than the right: carried with removed or moved left paragraphs."""


def _counts(data: bytes) -> dict[str, int]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()

        def count(part: str, path: str) -> int:
            if part not in names:
                return 0
            found = etree.fromstring(archive.read(part)).xpath(path, namespaces={"w": W})
            assert isinstance(found, list)
            return len(found)

        return {
            "images": len([n for n in names if n.startswith("word/media/")]),
            "drawings": count("word/document.xml", "//w:drawing"),
            "headers": len([n for n in names if n.startswith("word/header")]),
            "footers": len([n for n in names if n.startswith("word/footer")]),
            "comments": count("word/comments.xml", "//w:comment"),
            "footnotes": count("word/footnotes.xml", "//w:footnote[not(@w:type)]"),
            "footnote references": count("word/document.xml", "//w:footnoteReference"),
            "sections": count("word/document.xml", "//w:sectPr"),
            "tables": count("word/document.xml", "//w:tbl"),
            "merged cells": count("word/document.xml", "//w:gridSpan | //w:vMerge"),
        }


@pytest.mark.parametrize("name", list(FIXTURE_PAIRS))
def test_nothing_of_the_right_package_is_dropped(redlines: dict[str, bytes], name: str) -> None:
    right, made = _counts(fixture(FIXTURE_PAIRS[name][1]).read_bytes()), _counts(redlines[name])
    assert {k: v for k, v in made.items() if k not in CARRIED} == {
        k: v for k, v in right.items() if k not in CARRIED
    }
    assert all(made[k] >= right[k] for k in CARRIED), (made, right)
