"""Numbering that survives in the generated Word redline, with LibreOffice as the judge.

After Accept All, LibreOffice's `Text (encoded)` export of the redline (list numbers included) must
equal its export of a DOCX of the right document alone rendered the same way (`compare(right,
right)`); after Reject All, that of the left document. The numbers LibreOffice shows for the document
alone must in turn be the document's own labels (`2.2`, `b)`), so a reviewer reads the numbers the
policy has. Pairs: the cases and corpus files with numbered clauses and headings, and small pairs
written here with splits, merges and moves of numbered items and headings.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from policydiff.compare import compare
from policydiff.model import Clause, ClauseKind
from policydiff.renderers.docx import render_comparison

from .conftest import CORPUS, ROOT
from .libreoffice import run_jobs
from .test_render_docx import _generator, _x

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

ITEMS_LEFT = """Attendance Policy

1. Arrivals

1.1 Children are signed in by a member of staff when they arrive at the club.

1.2 Parents tell the club before 9am when a child will be absent, and staff record the reason in the register.

1.3 A child who has not arrived by 3.30pm is followed up with a phone call to the parents.

2. Departures

2.1 Children are only released to adults named on the registration form.

2.2 A password is agreed for any other adult collecting a child.

2.3 Late collections are recorded in the late book.

2.4 Staff stay with the child until an adult arrives.

3. Records

3.1 The register is kept for three years.
"""
ITEMS_RIGHT = """Attendance Policy

1. Arrivals

1.1 Children are signed in by a member of staff when they arrive at the club.

1.2 Parents tell the club before 9am when a child will be absent.

1.3 Staff record the reason in the register.

1.4 A child who has not arrived by 3.30pm is followed up with a phone call to the parents.

1.5 A password is agreed for any other adult collecting a child.

2. Departures

2.1 Children are only released to adults named on the registration form.

2.2 Late collections are recorded in the late book and staff stay with the child until an adult arrives.

3. Records

3.1 The register is kept for three years.
"""
HEADINGS_LEFT = """# Attendance Policy

## 1. Arrivals

1. Children are signed in by a member of staff when they arrive at the club.
2. Parents tell the club before 9am when a child will be absent, and staff record the reason in the register.
3. A child who has not arrived by 3.30pm is followed up with a phone call to the parents.

## 2. Departures

1. Children are only released to adults named on the registration form.
2. A password is agreed for any other adult collecting a child.
3. Late collections are recorded in the late book.
4. Staff stay with the child until an adult arrives.

## 3. Records

The register is kept for three years in the office.

## 4. Complaints

Complaints about attendance go to the club manager first.
"""
HEADINGS_RIGHT = """# Attendance Policy

## 1. Arrivals

1. Children are signed in by a member of staff when they arrive at the club.
2. Parents tell the club before 9am when a child will be absent.
3. Staff record the reason in the register.
4. A child who has not arrived by 3.30pm is followed up with a phone call to the parents.
5. A password is agreed for any other adult collecting a child.

## 2. Complaints

Complaints about attendance go to the club manager first.

## 3. Departures

1. Children are only released to adults named on the registration form.
2. Late collections are recorded in the late book and staff stay with the child until an adult arrives.

The register is kept for three years in the office.
"""
LEVELS_LEFT = """# Visitors Policy

## 1. Signing in

All visitors sign the visitors book at reception when they arrive.

## 2. Identification

Visitors show photo identification to the member of staff on duty.

## 3. Supervision

Visitors are never left alone with children at any time.

## 4. Leaving

Visitors sign out and hand back their badge when they leave.
"""
LEVELS_RIGHT = """# Visitors Policy

## 1. Signing in

All visitors sign the visitors book at reception when they arrive.

### 1.1 Identification

Visitors show photo identification to the member of staff on duty.

### 1.2 Leaving

Visitors sign out and hand back their badge when they leave.

## 2. Supervision

Visitors are never left alone with children at any time.

Visitors wear a visitor badge throughout their visit.
"""
LETTERS_LEFT = """Complaints Policy

1. Parents may complain by:

a) speaking to the Club Manager at collection time, or by telephone and email;

b) writing to the owner of the club.

c) asking a member of the committee for a meeting.

2. Every complaint is recorded in the complaints log.

3. The Club Manager answers in writing within fourteen days.
"""
LETTERS_RIGHT = """Complaints Policy

1. Every complaint is recorded in the complaints log.

2. Parents may complain by:

a) speaking to the Club Manager at collection time;

b) telephone and email;

c) writing to the owner of the club.

3. The Club Manager answers in writing within fourteen days.
"""
NESTED_LEFT = """# Policy

1. Staff must report concerns:
   - to the manager on the same day;
- to the designated lead in writing;
- to the chair when the manager is involved.
2. Records are kept for six years.
"""
NESTED_RIGHT = NESTED_LEFT.replace("   - to the manager", "- to the manager")
NESTED_ADDED = NESTED_LEFT.replace("   - to the manager", "   - to the deputy at once;\n   - to the manager")
WRITTEN = {
    "items-split-merge-move": (("left.txt", ITEMS_LEFT), ("right.txt", ITEMS_RIGHT)),
    "headings-split-merge-move": (("left.md", HEADINGS_LEFT), ("right.md", HEADINGS_RIGHT)),
    "heading-levels": (("left.md", LEVELS_LEFT), ("right.md", LEVELS_RIGHT)),
    "letters": (("left.txt", LETTERS_LEFT), ("right.txt", LETTERS_RIGHT)),
    # A nested bullet (level 2) made a top-level one, alone and beside an added nested bullet: Reject All
    # must bring level 2 back, which LibreOffice restores only through a style (`LevelStyles`).
    "nested-bullet-relevelled": (("left.md", NESTED_LEFT), ("right.md", NESTED_RIGHT)),
    "nested-bullet-beside-added": (("left.md", NESTED_LEFT), ("right.md", NESTED_ADDED)),
}
"""Small pairs written for this test: numbered items and headings split, merged, moved, relevelled."""

CASES = ROOT / "tests" / "cases"
FOUND = {
    "renumbering": (CASES / "renumbering" / "left.md", CASES / "renumbering" / "right.md"),
    "split": (CASES / "split" / "left.txt", CASES / "split" / "right.txt"),
    "merge": (CASES / "merge" / "left.txt", CASES / "merge" / "right.txt"),
    "move": (CASES / "move" / "left.txt", CASES / "move" / "right.txt"),
    "safeguarding-md": (
        CORPUS / "markdown" / "safeguarding-policy.md",
        CORPUS / "markdown" / "safeguarding-policy-v4.md",
    ),
    "covenant-text": (
        CORPUS / "text" / "contributor-covenant-v1.4.txt",
        CORPUS / "text" / "contributor-covenant-v2.0.txt",
    ),
    "social-media-text": (
        CORPUS / "jpac" / "social-media-policy.txt",
        CORPUS / "kidspace" / "social-media-policy.txt",
    ),
}
"""Pairs of the cases and the corpus with numbered clauses, headings, splits, merges or moves."""

GENERATED = {
    "generated-numbered": ("generated", 2, 300),
    "generated-numbered-real": ("real", 2, 300),
    "generated-split-around-added": ("generated", 3, 120),
    "generated-added-after-removed": ("generated", 2, 120),
    "real-removed-run-before-heading": ("real", 12, 200),
    "real-moved-before-last-item": ("real", 29, 200),
    "real-added-beside-moved-before-heading": ("real", 22, 200),
}
"""Generated pairs (benchmarks/generate.py: shape, seed, clauses; with moves, splits, merges and edits)
numbered in each file's own order: headings `N.`, paragraphs `N.M`, bullets `a)`. Seed 2 at 300 clauses
holds removed clauses whose level differs from both neighbours'; seed 3 at 120 a paragraph split in two
with an added paragraph between the pieces (written after the whole split, Accept All read the pieces
together); seed 2 at 120 a bullet removed and another added before a deeper numbered item (the added
one's old properties, restored by Reject All, were that item's, at the added bullet's own level). Real
seed 12 at 200: a removed bullet and a moved one's old place before a heading (Accept All gave the heading
the last removed mark's bullet properties); real seed 29 at 200: an item moved to the document's end with
another moved item before the last kept one (the last mark is kept, and the moved-in paragraph before that
item read its level on Reject All); real seed 22 at 200: an item added where another moved away, before
a heading (with the addition first, the old place's mark joined the heading on Accept All and Reject All
restored it at the heading's level)."""

NAMES = list(WRITTEN) + list(FOUND) + list(GENERATED)


def _numbered(text: str, one_per_line: bool) -> str:
    """Return a generated policy with labels: short lines are headings `N.`, bullets `a)`, others `N.M`."""
    separator = "\n" if one_per_line else "\n\n"
    out, top, sub, letter = [], 0, 0, 0
    for index, block in enumerate(text.split(separator)):
        line = block.strip()
        bullet = re.match(r"^[*·\-•]\s+", line)
        if index == 0 or not line:
            out.append(block)
        elif bullet:
            letter += 1
            out.append(f"{chr(96 + min(letter, 26))}) {line[bullet.end() :]}")
        elif len(line) < 60 and not line.endswith((".", ":", ";")):
            top, sub, letter = top + 1, 0, 0
            out.append(f"{top}. {line}")
        else:
            sub, letter = sub + 1, 0
            out.append(f"{top}.{sub} {line}")
    return separator.join(out)


def _pairs(folder: Path, *, generated: bool = True) -> dict[str, tuple[Path, Path]]:
    pairs = dict(FOUND)
    for name, (shape, seed, size) in GENERATED.items() if generated else ():
        made = folder / f"{name}-source"
        _generator().generate(size, seed, made, shape=shape)
        (folder / name).mkdir()
        for side in ("left.txt", "right.txt"):
            text = (made / side).read_text("utf-8")
            (folder / name / side).write_text(_numbered(text, shape == "real"), "utf-8")
        pairs[name] = (folder / name / "left.txt", folder / name / "right.txt")
    for name, sides in WRITTEN.items():
        (folder / name).mkdir()
        paths = []
        for file_name, text in sides:
            path = folder / name / file_name
            path.write_text(text, "utf-8")
            paths.append(path)
        pairs[name] = (paths[0], paths[1])
    return pairs


def _lines(path: Path) -> list[str]:
    """Return the lines of a LibreOffice text export, without the byte-order mark and trailing blank lines."""
    lines = path.read_text("utf-8-sig").split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    return lines


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, dict[str, Any]]]:
    """Return, per pair, LibreOffice's text of the redline after Accept All and Reject All and of each
    document alone, and the clauses of each side. One LibreOffice process does every file."""
    tmp = tmp_path_factory.mktemp("numbering")
    jobs: list[list[str]] = []
    out: dict[str, dict[str, Any]] = {}
    for name, (left, right) in _pairs(tmp).items():
        comparison = compare(left, right)
        redline = tmp / f"{name}.docx"
        redline.write_bytes(render_comparison(comparison, date="2024-03-01"))
        jobs += [[str(redline), "accept", str(tmp / f"{name}.accept.txt")]]
        jobs += [[str(redline), "reject", str(tmp / f"{name}.reject.txt")]]
        for side, path in (("right", right), ("left", left)):
            alone = tmp / f"{name}.{side}.docx"
            alone.write_bytes(render_comparison(compare(path, path)))
            jobs.append([str(alone), "none", str(tmp / f"{name}.{side}.txt")])
        out[name] = {"left-clauses": comparison.left.clauses, "right-clauses": comparison.right.clauses}
    run_jobs(jobs, tmp)
    for _, _, text in jobs:
        name, view = Path(text).stem.rsplit(".", 1)
        out[name][view] = _lines(Path(text))
    yield out


@pytest.mark.external
@pytest.mark.parametrize("name", NAMES)
def test_accept_all_numbers_as_the_right_document_and_reject_all_as_the_left(
    exports: dict[str, dict[str, Any]], name: str
) -> None:
    views = exports[name]
    assert views["accept"] == views["right"]
    assert views["reject"] == views["left"]


def _label_parts(text: str) -> list[str]:
    return re.findall(r"\d+|[A-Za-z]", text)


def _shown_labels(lines: list[str], clauses: tuple[Clause, ...]) -> list[tuple[str, str]]:
    """Return (document label, label LibreOffice shows) for each clause with a number or letter."""
    out: list[tuple[str, str]] = []
    at = 0
    for clause in clauses:
        start = clause.text[:40]
        while at < len(lines) and start not in lines[at]:
            at += 1
        assert at < len(lines), f"{clause.text!r} not in LibreOffice's text"
        label = clause.label or ""
        if clause.kind in (ClauseKind.LIST_ITEM, ClauseKind.HEADING) and re.fullmatch(
            r"\(?(\d+(\.\d+)*|[A-Za-z])[.)]?", label
        ):
            shown = lines[at][: lines[at].index(start)].strip()
            out.append((label, shown))
        at += 1
    return out


@pytest.mark.external
@pytest.mark.parametrize("name", NAMES)
def test_each_document_alone_shows_its_own_labels(exports: dict[str, dict[str, Any]], name: str) -> None:
    views = exports[name]
    for side in ("left", "right"):
        labels = _shown_labels(views[side], views[f"{side}-clauses"])
        assert [_label_parts(shown) for _, shown in labels] == [_label_parts(label) for label, _ in labels]
    if name in WRITTEN:
        assert labels  # the written pairs are numbered


# --------------------------------------------------------------------------- the XML, without LibreOffice


def _redline_xml(name: str, tmp_path: Path) -> tuple[etree._Element, etree._Element]:
    pairs = _pairs(tmp_path, generated=False)
    data = render_comparison(compare(*pairs[name]))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read("word/document.xml")), etree.fromstring(
            archive.read("word/numbering.xml")
        )


def _paragraph(root: etree._Element, text: str) -> etree._Element:
    (found,) = [p for p in root.iter(f"{{{W}}}p") if "".join(map(str, p.itertext())).strip().startswith(text)]
    return found


def test_a_heading_that_changed_level_keeps_its_old_style_in_a_formatting_revision(tmp_path: Path) -> None:
    document, _ = _redline_xml("heading-levels", tmp_path)
    heading = _paragraph(document, "Identification")
    assert _x(heading, "w:pPr/w:pStyle/@w:val") == ["Heading3"]
    assert _x(heading, "w:pPr/w:numPr/w:ilvl/@w:val") == ["1"]
    assert _x(heading, "w:pPr/w:pPrChange/w:pPr/w:pStyle/@w:val") == ["Heading2"]
    assert _x(heading, "w:pPr/w:pPrChange/w:pPr/w:numPr/w:ilvl/@w:val") == ["0"]


def test_a_removed_heading_joins_the_next_paragraph_with_that_paragraphs_properties(tmp_path: Path) -> None:
    """LibreOffice keeps the first paragraph's properties when Accept All removes a paragraph mark."""
    document, _ = _redline_xml("headings-split-merge-move", tmp_path)
    records = _paragraph(document, "Records")
    assert _x(records, "w:pPr/w:rPr/w:del")
    assert _x(records, "w:pPr/w:pStyle") == []  # the body paragraph it joins
    assert _x(records, "w:pPr/w:pPrChange/w:pPr/w:pStyle/@w:val") == ["Heading2"]


def test_every_list_has_its_own_definition_holding_its_starts_and_no_override(tmp_path: Path) -> None:
    """A `w:startOverride` would be a restart of the first paragraph using the list in LibreOffice."""
    _, numbering = _redline_xml("headings-split-merge-move", tmp_path)
    starts_seen = set()
    abstracts = []
    for num in numbering.iterfind(f"{{{W}}}num"):
        abstract_id = _x(num, "w:abstractNumId/@w:val")[0]
        abstracts.append(abstract_id)
        (definition,) = _x(numbering, f"w:abstractNum[@w:abstractNumId='{abstract_id}']")
        starts_seen.add(int(_x(definition, "w:lvl[@w:ilvl='0']/w:start/@w:val")[0]))
        assert _x(num, "w:lvlOverride") == []
    assert len(abstracts) == len(set(abstracts)) > 3
    assert {1, 2, 3} <= starts_seen  # "## 2. Complaints" after items 1-5 starts a list at 2


def test_numbering_is_shared_so_a_renumbered_item_has_no_formatting_revision(tmp_path: Path) -> None:
    left, right = CASES / "renumbering" / "left.md", CASES / "renumbering" / "right.md"
    data = render_comparison(compare(left, right))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        document = etree.fromstring(archive.read("word/document.xml"))
    assert _x(document, "//w:pPrChange") == []
    assert len(_x(document, "//w:numPr")) == 4
