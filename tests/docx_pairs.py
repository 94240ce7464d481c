"""Word pairs made by three producers (python-docx, pandoc, LibreOffice) for the in-package redline tests.

Each pair holds the same policy twice, the right one edited as a reviewer would: words changed, an
emphasis changed, a paragraph removed, one added, one moved, a list item added and one removed, a table
cell edited. Each document carries what the redline must keep: lists (several levels), a table with
merged cells, an image, and as the producer allows headers and footers, footnotes, comments, text boxes.
"""

from __future__ import annotations

import base64
import shutil
import struct
import subprocess
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docx import Document
from docx.shared import Inches

if TYPE_CHECKING:
    from policydiff.model import Comparison

LEFT, RIGHT = "left", "right"

_MOVED = "Photographs of children are never posted on personal accounts or shared in group chats."
_REMOVED = "This paragraph about Tumblr blogs is removed from the newer version entirely."
_ADDED = "Staff report any worrying online contact to the Designated Safeguarding Lead the same day."


def png() -> bytes:
    """Return a small valid PNG (8x8, red), for the image each document holds."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\xff\x00\x00" * 8 for _ in range(8))
    header = struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def body(side: str) -> list[tuple[str, Any]]:
    """Return the policy as blocks: (kind, content); kinds title, h1, p, b (one bold phrase), ol, table."""
    left = side == LEFT
    blocks: list[tuple[str, Any]] = [
        ("title", "Social Media Policy"),
        ("h1", "Social media rules"),
        (
            "p",
            "Staff must not post anything that could harm the club."
            if left
            else "Staff must not post anything that could embarrass the club or its families.",
        ),
        ("b", ("Staff ", "must never" if left else "must", " accept invitations from parents to connect.")),
    ]
    if left:
        blocks.append(("p", _MOVED))
    blocks.append(
        ("p", "Think before you post: once online, always online." if left else "Think before you post.")
    )
    items = [(0, "Facebook and Instagram."), (1, "Personal use only."), (0, "WhatsApp groups.")]
    if left:
        items.append((0, "Twitter, now called X."))
    else:
        items.insert(2, (1, "No contact with parents."))
    blocks.append(("ol", items))
    if left:
        blocks.append(("p", _REMOVED))
    blocks.append(("h1", "Platforms covered"))
    blocks.append(
        (
            "table",
            [
                ["Platform", "Allowed", "Notes"],
                ["Facebook", "Personal use only" if left else "Personal use never", "No parents"],
                ["Merged notes across two cells", "", "Last cell"],
            ],
        )
    )
    blocks.append(("p", "Closing words of the policy, reviewed every year by the board."))
    if not left:
        blocks.append(("p", _ADDED))
        blocks.append(("p", _MOVED))
    return blocks


# --------------------------------------------------------------------------- python-docx


def python_docx(path: Path, side: str, image: Path) -> Path:
    """Write the policy with python-docx: header, footer, lists, merged cells, an image, a comment."""
    document = Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "JPAC Ltd: Social Media Policy"
    section.footer.paragraphs[0].text = "Reviewed October 2021" if side == LEFT else "Reviewed March 2024"
    commented = False
    for kind, content in body(side):
        if kind == "title":
            document.add_heading(str(content), 0)
        elif kind == "h1":
            document.add_heading(str(content), 1)
        elif kind == "p":
            paragraph = document.add_paragraph(str(content))
            if not commented:
                document.add_comment(paragraph.runs, text="Check with the board", author="Reviewer")
                commented = True
        elif kind == "b":
            before, bold, after = content
            paragraph = document.add_paragraph()
            paragraph.add_run(before)
            paragraph.add_run(bold).bold = True
            paragraph.add_run(after)
        elif kind == "ol":
            for level, text in content:
                document.add_paragraph(text, style="List Number" if level == 0 else "List Number 2")
        elif kind == "table":
            rows = content
            table = document.add_table(rows=len(rows), cols=3)
            table.style = "Table Grid"
            for i, row in enumerate(rows):
                for j, text in enumerate(row):
                    if text:
                        table.cell(i, j).text = text
            table.cell(2, 0).merge(table.cell(2, 1))
    document.add_picture(str(image), width=Inches(0.5))
    document.save(str(path))
    return path


# --------------------------------------------------------------------------- pandoc


def pandoc(path: Path, side: str, image: Path, program: str) -> Path:
    """Write the policy through pandoc from Markdown: footnotes, nested numbered lists, a table, an image."""
    lines: list[str] = []
    footnote_done = False
    for kind, content in body(side):
        if kind == "title":
            lines += [f"# {content}", ""]
        elif kind == "h1":
            lines += [f"## {content}", ""]
        elif kind == "p":
            text = str(content)
            if not footnote_done:
                text += "[^1]"
                footnote_done = True
            lines += [text, ""]
        elif kind == "b":
            before, bold, after = content
            lines += [f"{before}**{bold}**{after}", ""]
        elif kind == "ol":
            number = 0
            for level, text in content:
                if level == 0:
                    number += 1
                    lines.append(f"{number}. {text}")
                else:
                    lines.append(f"    1. {text}")
            lines.append("")
        elif kind == "table":
            rows = content
            lines.append("| " + " | ".join(rows[0]) + " |")
            lines.append("|---|---|---|")
            for row in rows[1:]:
                lines.append("| " + " | ".join(cell or "-" for cell in row) + " |")
            lines.append("")
    lines += [f"![Club logo]({image.name})", "", "[^1]: This includes friend requests on Facebook.", ""]
    source = path.with_suffix(".md")
    source.write_text("\n".join(lines), "utf-8")
    subprocess.run(
        [program, "-f", "markdown", "-o", str(path), source.name],
        check=True,
        cwd=path.parent,
        timeout=120,
        capture_output=True,
    )
    return path


# --------------------------------------------------------------------------- LibreOffice


_FODT_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:xlink="http://www.w3.org/1999/xlink"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:styles>
  <style:style style:name="Standard" style:family="paragraph" style:class="text"/>
  <style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph"
   style:parent-style-name="Standard" style:default-outline-level="1" style:class="text">
   <style:text-properties fo:font-size="16pt" fo:font-weight="bold"/>
  </style:style>
  <style:style style:name="Title" style:family="paragraph" style:parent-style-name="Standard">
   <style:text-properties fo:font-size="24pt" fo:font-weight="bold"/>
  </style:style>
  <text:list-style style:name="Numbering_20_123" style:display-name="Numbering 123">
   <text:list-level-style-number text:level="1" style:num-suffix="." style:num-format="1">
    <style:list-level-properties text:list-level-position-and-space-mode="label-alignment">
     <style:list-level-label-alignment text:label-followed-by="listtab" fo:text-indent="-0.25in"
      fo:margin-left="0.5in"/>
    </style:list-level-properties>
   </text:list-level-style-number>
   <text:list-level-style-number text:level="2" style:num-suffix="." style:num-format="1"
    text:display-levels="2">
    <style:list-level-properties text:list-level-position-and-space-mode="label-alignment">
     <style:list-level-label-alignment text:label-followed-by="listtab" fo:text-indent="-0.25in"
      fo:margin-left="1in"/>
    </style:list-level-properties>
   </text:list-level-style-number>
  </text:list-style>
 </office:styles>
 <office:automatic-styles>
  <style:style style:name="B" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>
  <style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="8.5in"
   fo:page-height="11in"/><style:header-style/><style:footer-style/></style:page-layout>
 </office:automatic-styles>
 <office:master-styles>
  <style:master-page style:name="Standard" style:page-layout-name="pm1">
   <style:header><text:p text:style-name="Standard">JPAC Ltd: Social Media Policy</text:p></style:header>
   <style:footer><text:p text:style-name="Standard">Reviewed October 2021</text:p></style:footer>
  </style:master-page>
 </office:master-styles>
 <office:body>
  <office:text>
"""


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def libreoffice_fodt(side: str) -> str:
    """Return the policy as flat ODT: header, footer, a footnote, a comment, a text box, a numbered
    list of two levels, merged cells, an embedded image."""
    out = [_FODT_HEAD]
    note_done = comment_done = False
    image = base64.b64encode(png()).decode("ascii")
    for kind, content in body(side):
        if kind == "title":
            out.append(f'<text:p text:style-name="Title">{_esc(str(content))}</text:p>')
        elif kind == "h1":
            out.append(
                f'<text:h text:style-name="Heading_20_1" text:outline-level="1">{_esc(str(content))}</text:h>'
            )
        elif kind == "p":
            text = _esc(str(content))
            extra = ""
            if not note_done:
                extra = (
                    '<text:note text:id="ftn1" text:note-class="footnote"><text:note-citation>1'
                    '</text:note-citation><text:note-body><text:p text:style-name="Standard">This includes'
                    " friend requests on Facebook.</text:p></text:note-body></text:note>"
                )
                note_done = True
            elif not comment_done:
                extra = (
                    "<office:annotation><dc:creator>Reviewer</dc:creator><dc:date>2024-03-01T09:00:00"
                    '</dc:date><text:p text:style-name="Standard">Check with the board</text:p>'
                    "</office:annotation>"
                )
                comment_done = True
            out.append(f'<text:p text:style-name="Standard">{text}{extra}</text:p>')
        elif kind == "b":
            before, bold, after = content
            out.append(
                f'<text:p text:style-name="Standard">{_esc(before)}<text:span text:style-name="B">'
                f"{_esc(bold)}</text:span>{_esc(after)}</text:p>"
            )
        elif kind == "ol":
            out.append('<text:list text:style-name="Numbering_20_123">')
            open_inner = False
            for level, text in content:
                if level == 0:
                    if open_inner:
                        out.append("</text:list></text:list-item>")
                        open_inner = False
                    out.append(f'<text:list-item><text:p text:style-name="Standard">{_esc(text)}</text:p>')
                    out.append("__CLOSE__")
                else:
                    if out[-1] == "__CLOSE__":
                        out.pop()
                        out.append("<text:list>")
                        open_inner = True
                    item = f'<text:p text:style-name="Standard">{_esc(text)}</text:p>'
                    out.append(f"<text:list-item>{item}</text:list-item>")
            if open_inner:
                out.append("</text:list></text:list-item>")
            out.append("</text:list>")
            out = [("</text:list-item>" if x == "__CLOSE__" else x) for x in out]
        elif kind == "table":
            rows = content
            out.append(
                '<table:table table:name="Platforms"><table:table-column table:number-columns-repeated="3"/>'
            )
            for i, row in enumerate(rows):
                out.append("<table:table-row>")
                if i == 2:
                    out.append(
                        f'<table:table-cell table:number-columns-spanned="2"><text:p>{_esc(row[0])}</text:p>'
                        "</table:table-cell><table:covered-table-cell/>"
                        f"<table:table-cell><text:p>{_esc(row[2])}</text:p></table:table-cell>"
                    )
                else:
                    out.extend(
                        f"<table:table-cell><text:p>{_esc(cell)}</text:p></table:table-cell>" for cell in row
                    )
                out.append("</table:table-row>")
            out.append("</table:table>")
    out.append(
        '<text:p text:style-name="Standard">Club logo: <draw:frame draw:name="logo"'
        ' text:anchor-type="as-char" svg:width="0.5in" svg:height="0.5in"><draw:image><office:binary-data>'
        + image
        + "</office:binary-data></draw:image></draw:frame></text:p>"
    )
    out.append(
        '<text:p text:style-name="Standard"><draw:frame draw:name="box" text:anchor-type="paragraph"'
        ' svg:width="3in" svg:height="0.6in"><draw:text-box><text:p text:style-name="Standard">The key'
        " rule: think first.</text:p></draw:text-box></draw:frame>The key rule is in the box.</text:p>"
    )
    out.append("</office:text></office:body></office:document>\n")
    return "\n".join(out)


def libreoffice(folder: Path, side: str, program: str, profile: str) -> Path:
    """Write the policy as flat ODT and have LibreOffice convert it to DOCX."""
    source = folder / f"{side}.fodt"
    source.write_text(libreoffice_fodt(side), "utf-8")
    subprocess.run(
        [
            program,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "docx",
            "--outdir",
            str(folder),
            str(source),
        ],
        check=True,
        timeout=180,
        capture_output=True,
        stdin=subprocess.DEVNULL,
    )
    return folder / f"{side}.docx"


def table_rows(folder: Path) -> tuple[Path, Path]:
    """Write a pair whose table lost a row (Tumblr) and gained one (TikTok), with python-docx."""
    head = [["Platform", "Allowed", "Notes"], ["Facebook", "Personal use only", "No parents"]]
    whatsapp = ["WhatsApp", "Club group", "Manager joins"]
    rows = {
        LEFT: [*head, ["Tumblr", "Never", "Closed down"], whatsapp],
        RIGHT: [*head, whatsapp, ["TikTok", "Not allowed", "Under review"]],
    }
    out = []
    for side in (LEFT, RIGHT):
        document = Document()
        document.add_paragraph("Platforms covered by this policy are listed below.")
        table = document.add_table(rows=len(rows[side]), cols=3)
        table.style = "Table Grid"
        for i, row in enumerate(rows[side]):
            for j, text in enumerate(row):
                table.cell(i, j).text = text
        document.add_paragraph("Closing words of the policy here.")
        path = folder / f"{side}.docx"
        document.save(str(path))
        out.append(path)
    return out[0], out[1]


def rows_removed(folder: Path, name: str) -> tuple[Path, Path]:
    """Write a pair (python-docx) whose right lost table rows: `rows-last` its last row and the paragraph
    after the table, `rows-two` two rows one after the other (session 14: the second row and the
    paragraph were put straight into the table, after the deleted row, where no reader shows them),
    `rows-first` its first two rows and `table-removed` the whole table (they were written as loose
    deleted paragraphs before the table); `rows-moved` has a row moved down two places (its cells' text
    went, moved from, into the cell before)."""
    rows = [
        ["Record", "How long it is kept"],
        ["Registration forms", "Three years after the child leaves the Club"],
        ["Accident records", "Until the child reaches the age of twenty one"],
        ["Safeguarding records", "Passed on to the child's next school"],
    ]
    after = ["Access to records is given to parents within one month.", "Staff use the office computer."]
    kept = {
        "rows-last": (rows[:3], after[1:]),
        "rows-two": ([rows[0], rows[3]], after),
        "rows-first": (rows[2:], after),
        "table-removed": ([], after),
        "rows-moved": ([rows[0], rows[2], rows[3], rows[1]], after),
    }[name]
    out = []
    for side, (side_rows, side_after) in ((LEFT, (rows, after)), (RIGHT, kept)):
        document = Document()
        document.add_paragraph("Records are kept for the periods below and then destroyed.")
        if side_rows:
            table = document.add_table(rows=len(side_rows), cols=2)
            table.style = "Table Grid"
            for i, row in enumerate(side_rows):
                for j, text in enumerate(row):
                    table.cell(i, j).text = text
        for text in side_after:
            document.add_paragraph(text)
        path = folder / f"{side}.docx"
        document.save(str(path))
        out.append(path)
    return out[0], out[1]


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_IN_TABLE_OR_ROW = {
    _W + "tbl": {"tblPr", "tblGrid", "tr", "customXml", "sdt"},
    _W + "tr": {"tblPrEx", "trPr", "tc", "customXml", "sdt"},
}
_MARKS = {"bookmarkStart", "bookmarkEnd", "commentRangeStart", "commentRangeEnd", "proofErr", "permStart"}
_MARKS |= {"permEnd", "moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd"}


def checked_redline(left: Path, right: Path, *, diagnostics: bool = True) -> tuple[Comparison, bytes]:
    """The package redline of two DOCX files, checked as every LibreOffice-judged test needs it: written
    into the right document's own package, with no diagnostics (unless `diagnostics` is false: a producer's
    document may hold what the writer reports) and nothing where a reader never looks."""
    from policydiff.compare import compare
    from policydiff.renderers.docx import package_redline

    comparison = compare(left, right)
    done = package_redline(
        comparison, left_bytes=left.read_bytes(), right_bytes=right.read_bytes(), date="2025-02-01"
    )
    assert done is not None, left.name
    assert not diagnostics or done.diagnostics(comparison) == [], left.name
    assert misplaced(done.data) == [], left.name
    return comparison, done.data


def redline_bytes(left: Path, right: Path) -> bytes:
    """`checked_redline`'s package alone (what `libreoffice.redline_views` takes)."""
    return checked_redline(left, right)[1]


def misplaced(data: bytes) -> list[str]:
    """Return what stands where a reader never looks in a package's `word/document.xml`: a paragraph
    straight inside a table or a row, a run straight in the body or a cell ("tbl/p", "body/r")."""
    import io
    import zipfile

    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    out = []
    for tag, allowed in _IN_TABLE_OR_ROW.items():
        for el in root.iter(tag):
            for child in el:
                name = child.tag[len(_W) :] if isinstance(child.tag, str) else ""
                if name and name not in allowed and name not in _MARKS:
                    out.append(f"{tag[len(_W) :]}/{name}")
    for el in root.iter(_W + "body", _W + "tc"):
        out += [f"{el.tag[len(_W) :]}/r" for child in el if child.tag == _W + "r"]
    return out


def without_footnote(source: Path, out: Path) -> Path:
    """Write `source` without the runs that reference its footnotes (the notes part stays as it is)."""
    import io
    import zipfile

    from lxml import etree

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    with zipfile.ZipFile(source) as archive, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for name in archive.namelist():
            data = archive.read(name)
            if name == "word/document.xml":
                root = etree.fromstring(data)
                for ref in list(root.iter(w + "footnoteReference")):
                    run: Any = ref.getparent()
                    run.getparent().remove(run)
                buffer = io.BytesIO()
                etree.ElementTree(root).write(buffer, xml_declaration=True, encoding="UTF-8", standalone=True)
                data = buffer.getvalue()
            copy.writestr(name, data)
    return out


def generated(folder: Path, clauses: int, seed: int) -> tuple[Path, Path]:
    """Write a generated pair (`benchmarks/generate.py`: rewordings, moves, splits, merges, additions and
    removals with known truth) as DOCX with python-docx: title, headings, bulleted items, paragraphs."""
    import importlib.util
    import sys

    from policydiff import parse
    from policydiff.model import ClauseKind

    root = Path(__file__).resolve().parent.parent
    spec = importlib.util.spec_from_file_location("benchmark_generate", root / "benchmarks" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    module.generate(clauses, seed, folder)
    out = []
    for side in (LEFT, RIGHT):
        document = Document()
        for clause in parse(folder / f"{side}.txt").clauses:
            if clause.kind is ClauseKind.TITLE:
                document.add_heading(clause.text, 0)
            elif clause.kind is ClauseKind.HEADING:
                document.add_heading(clause.text, min(max(clause.level, 1), 9))
            elif clause.kind is ClauseKind.LIST_ITEM:
                document.add_paragraph(clause.text, style="List Bullet")
            else:
                document.add_paragraph(clause.text)
        path = folder / f"{side}.docx"
        document.save(str(path))
        out.append(path)
    return out[0], out[1]


def make_pairs(
    root: Path, soffice: str | None, pandoc_program: str | None, profile: str
) -> dict[str, tuple[Path, Path]]:
    """Write each producer's pair under `root`; return producer → (left, right) (missing programs skipped)."""
    image = root / "logo.png"
    root.mkdir(parents=True, exist_ok=True)
    image.write_bytes(png())
    pairs: dict[str, tuple[Path, Path]] = {}
    folder = root / "python-docx"
    folder.mkdir(exist_ok=True)
    pairs["python-docx"] = (
        python_docx(folder / "left.docx", LEFT, image),
        python_docx(folder / "right.docx", RIGHT, image),
    )
    folder = root / "table-rows"
    folder.mkdir(exist_ok=True)
    pairs["table-rows"] = table_rows(folder)
    for name in ("rows-last", "rows-two", "rows-first", "table-removed", "rows-moved"):
        folder = root / name
        folder.mkdir(exist_ok=True)
        pairs[name] = rows_removed(folder, name)
    for seed in (1, 2):
        folder = root / f"generated{seed}"
        folder.mkdir(exist_ok=True)
        pairs[f"generated{seed}"] = generated(folder, 400, seed)
    folder = root / "footnote-removed"
    folder.mkdir(exist_ok=True)
    kitchen = Path(__file__).resolve().parent.parent / "corpus" / "features" / "kitchen-sink.docx"
    pairs["footnote-removed"] = (kitchen, without_footnote(kitchen, folder / "right.docx"))
    if pandoc_program:
        folder = root / "pandoc"
        folder.mkdir(exist_ok=True)
        shutil.copyfile(image, folder / image.name)
        pairs["pandoc"] = (
            pandoc(folder / "left.docx", LEFT, folder / image.name, pandoc_program),
            pandoc(folder / "right.docx", RIGHT, folder / image.name, pandoc_program),
        )
    if soffice:
        folder = root / "libreoffice"
        folder.mkdir(exist_ok=True)
        pairs["libreoffice"] = (
            libreoffice(folder, LEFT, soffice, profile),
            libreoffice(folder, RIGHT, soffice, profile),
        )
    return pairs
