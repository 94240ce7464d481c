"""Regenerate the DOCX files of the test corpus in corpus/ from their sources."""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import docx
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Inches, Pt, RGBColor
from docx.text.paragraph import Paragraph
from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
ORGS = ("jpac", "kidspace")
AUTHOR = "policydiff corpus"
FIXED_DATE = dt.datetime(2021, 10, 1, tzinfo=dt.UTC)
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
SOURCE_DATE_EPOCH = str(int(FIXED_DATE.timestamp()))

NAMESPACES = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "v": "urn:schemas-microsoft-com:vml",
    "o": "urn:schemas-microsoft-com:office:office",
    "w10": "urn:schemas-microsoft-com:office:word",
}

# Tracked changes: (paragraph style, paragraph-mark revision, segments); "=" kept, "+" inserted,
# "-" deleted.  The expected views live in corpus/features/tracked-changes.{accepted,rejected}.txt.
Segment = tuple[str, str]
TRACKED: tuple[tuple[str, str, tuple[Segment, ...]], ...] = (
    ("Title", "=", (("=", "JPAC LTD Out of School Clubs"),)),
    ("Title", "=", (("=", "Social Media Policy"),)),
    (
        "Normal",
        "=",
        (
            (
                "=",
                "JPAC LTD recognises that many staff enjoy networking with friends and family"
                " via social media",
            ),
            ("+", " and messaging services"),
            ("=", "."),
        ),
    ),
    (
        "Normal",
        "=",
        (
            (
                "=",
                "Staff must remember that they are ambassadors for our Club both within and outside ",
            ),
            ("-", "of "),
            ("=", "working hours and are expected to conduct themselves "),
            ("-", "accordingly"),
            ("+", "professionally"),
            ("=", " when using social media sites."),
        ),
    ),
    ("Heading 1", "=", (("=", "Social media rules"),)),
    ("Normal", "=", (("=", "When using social media sites, staff must not:"),)),
    ("List Bullet", "=", (("=", "Post anything that could damage our Club's reputation."),)),
    (
        "List Bullet",
        "+",
        (
            (
                "+",
                "Use personal accounts or devices to contact children or families about Club matters.",
            ),
        ),
    ),
    (
        "List Bullet",
        "=",
        (
            (
                "=",
                "Publish any photographs or materials that could identify the children or our Club.",
            ),
        ),
    ),
    (
        "List Bullet",
        "-",
        (
            (
                "-",
                "Accept invitations from parents to connect via social media (eg friend requests"
                " on Facebook) unless they already know the parent in a private capacity.",
            ),
        ),
    ),
    (
        "List Bullet",
        "=",
        (("=", "Discuss with parents any issues relating to their child or our Club."),),
    ),
    ("Normal", "=", (("=", "Reviewed "), ("-", "October 2021"), ("+", "March 2024"))),
)
REVISION_AUTHORS = {"+": "Jane Editor", "-": "Sam Reviewer"}

# Numbered clauses: (paragraph style, numId or None, ilvl, text).  numId 20 is the main
# multi-level list; numId 21 uses the same abstractNum with a startOverride, so it restarts.
NUMBERED: tuple[tuple[str, int | None, int, str], ...] = (
    ("Title", None, 0, "JPAC LTD Out of School Clubs"),
    ("Title", None, 0, "Social Media Policy"),
    ("Heading 1", 20, 0, "Purpose"),
    (
        "Normal",
        20,
        1,
        "JPAC LTD recognises that many staff enjoy networking with friends and family via social media.",
    ),
    (
        "Normal",
        20,
        1,
        "This policy covers (but is not limited to) social media platforms such as:",
    ),
    ("Normal", 20, 2, "Twitter"),
    ("Normal", 20, 2, "Facebook"),
    ("Normal", 20, 2, "WhatsApp"),
    ("Heading 1", 20, 0, "Social media rules"),
    ("Normal", 20, 1, "When using social media sites, staff must not:"),
    ("Normal", 20, 2, "Post anything that could damage our Club's reputation."),
    (
        "Normal",
        20,
        2,
        "Post anything that could offend other members of staff, parents or children using our Club.",
    ),
    (
        "Normal",
        20,
        2,
        "Publish any photographs or materials that could identify the children or our Club.",
    ),
    (
        "Normal",
        20,
        1,
        "Any member of staff who breaches this policy will face disciplinary action in line"
        " with our Staff Disciplinary policy.",
    ),
    ("Heading 1", 20, 0, "General cautions for using social media"),
    (
        "Normal",
        20,
        1,
        "No information published via the internet is ever totally secure; if you don't want"
        " information to become public, do not post it online.",
    ),
    (
        "Normal",
        20,
        1,
        "Once an image or information is in the public domain, it is potentially there"
        " forever - Google never forgets!",
    ),
    ("Heading 1", None, 0, "Reporting procedure"),
    ("Normal", None, 0, "If you see a breach of this policy:"),
    ("Normal", 21, 0, "Tell the Club Manager the same day."),
    ("Normal", 21, 0, "Write down what you saw and when you saw it."),
    ("Normal", 21, 0, "Do not share, forward or reply to the content."),
    ("Normal", None, 0, "Reviewed October 2021"),
)
NUMBERING_LEVELS = (("decimal", "%1."), ("decimal", "%1.%2"), ("lowerLetter", "%3)"))


def xml(fragment: str) -> BaseOxmlElement:
    """Return the element parsed from `fragment`, declaring on its root the prefixes it uses."""
    used = {match.group(1) for match in re.finditer(r"[<\s\"](\w+):\w", fragment)}
    decls = " ".join(f'xmlns:{prefix}="{NAMESPACES[prefix]}"' for prefix in sorted(used & NAMESPACES.keys()))
    return parse_xml(re.sub(r"^<([\w:]+)", rf"<\1 {decls}", fragment, count=1))


def text_xml(text: str, tag: str = "w:t") -> str:
    """Return a `<w:t>` (or `tag`) element string holding `text`, spaces preserved."""
    return f'<{tag} xml:space="preserve">{escape(text)}</{tag}>'


def run_xml(text: str, rpr: str = "", tag: str = "w:t") -> str:
    """Return a `<w:r>` element string with optional run properties."""
    props = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    return f"<w:r>{props}{text_xml(text, tag)}</w:r>"


def tiny_png(width: int = 4, height: int = 4) -> bytes:
    """Return a small opaque RGB PNG (a two-colour check pattern) made without PIL."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    colours = (b"\x1f\x4e\x79", b"\xf2\xc8\x11")
    rows = b"".join(b"\x00" + b"".join(colours[(x + y) % 2] for x in range(width)) for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 0))  # stored blocks: the same bytes with any zlib
        + chunk(b"IEND", b"")
    )


def normalised_zip(data: bytes) -> bytes:
    """Return the zip `data` rewritten with sorted members and fixed timestamps."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        members = {info.filename: source.read(info) for info in source.infolist()}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in sorted(members):
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            target.writestr(info, members[name], compresslevel=9)
    return out.getvalue()


def new_document(title: str) -> Document:
    """Return a python-docx document with fixed core properties."""
    document = docx.Document()
    core = document.core_properties
    core.author = AUTHOR
    core.last_modified_by = AUTHOR
    core.title = title
    core.comments = "policydiff test corpus, made by scripts/make_corpus.py"
    core.revision = 1
    core.created = FIXED_DATE
    core.modified = FIXED_DATE
    core.last_printed = FIXED_DATE
    return document


def save(document: Document, path: Path) -> None:
    """Write `document` to `path` as a byte-stable zip."""
    buffer = io.BytesIO()
    document.save(buffer)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(normalised_zip(buffer.getvalue()))


def parse_markdown(text: str) -> list[tuple[str, str]]:
    """Return (kind, text) blocks of the corpus Markdown subset: title, heading, bullet, para."""
    blocks: list[tuple[str, str]] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            blocks.append(("para", " ".join(paragraph)))
            paragraph.clear()

    for line in text.splitlines():
        line = line.rstrip()
        for marker, kind in (("# ", "title"), ("## ", "heading"), ("- ", "bullet")):
            if line.startswith(marker):
                flush()
                blocks.append((kind, line[len(marker) :]))
                break
        else:
            if line:
                paragraph.append(line)
            else:
                flush()
    flush()
    return blocks


def add_inline(paragraph: Paragraph, text: str) -> None:
    """Append `text` to `paragraph`, turning `**bold**` spans into bold runs."""
    for index, piece in enumerate(text.split("**")):
        if piece:
            run = paragraph.add_run(piece)
            if index % 2:
                run.bold = True


def build_policy(markdown: Path, out: Path) -> None:
    """Write the python-docx rendering of a corpus Markdown policy."""
    blocks = parse_markdown(markdown.read_text(encoding="utf-8"))
    titles = [text for kind, text in blocks if kind == "title"]
    document = new_document(" ".join(titles))
    styles = {"title": "Title", "heading": "Heading 1", "bullet": "List Bullet", "para": None}
    for kind, text in blocks:
        add_inline(document.add_paragraph(style=styles[kind]), text)
    save(document, out)


def add_xml_paragraph(document: Document, style: str, content: str) -> Paragraph:
    """Return a new paragraph in `style` whose runs are the XML string `content`."""
    paragraph = document.add_paragraph(style=None if style == "Normal" else style)
    for child in xml(f"<w:p>{content}</w:p>"):
        paragraph._p.append(child)
    return paragraph


def build_tracked_changes(out: Path) -> None:
    """Write a policy carrying unaccepted insertions and deletions (runs and paragraph marks)."""
    document = new_document("Social Media Policy")
    next_id = iter(range(1, 100))

    def revision_attrs(kind: str) -> str:
        rev_id = next(next_id)
        date = (FIXED_DATE + dt.timedelta(days=150, minutes=rev_id)).strftime("%Y-%m-%dT%H:%M:%SZ")
        return f'w:id="{rev_id}" w:author="{REVISION_AUTHORS[kind]}" w:date="{date}"'

    tags = {"+": "w:ins", "-": "w:del"}
    for style, mark, segments in TRACKED:
        content = ""
        for kind, text in segments:
            if kind == "=":
                content += run_xml(text)
            else:
                tag = tags[kind]
                run = run_xml(text, tag="w:delText" if kind == "-" else "w:t")
                content += f"<{tag} {revision_attrs(kind)}>{run}</{tag}>"
        paragraph = add_xml_paragraph(document, style, content)
        if mark != "=":  # the paragraph mark itself is inserted or deleted
            ppr = paragraph._p.get_or_add_pPr()  # holds at most w:pStyle, so w:rPr goes last
            ppr.append(xml(f"<w:rPr><{tags[mark]} {revision_attrs(mark)}/></w:rPr>"))
    save(document, out)


def add_numbering(document: Document) -> None:
    """Add the multi-level abstractNum 20 with w:num 20 and the restarting w:num 21."""
    numbering = document.part.numbering_part.element
    levels = ""
    for ilvl, (fmt, text) in enumerate(NUMBERING_LEVELS):
        indent = 432 * (ilvl + 1)
        levels += (
            f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{indent}" w:hanging="432"/></w:pPr></w:lvl>'
        )
    abstract = xml(
        '<w:abstractNum w:abstractNumId="20"><w:nsid w:val="5D3A1C20"/>'
        f'<w:multiLevelType w:val="multilevel"/><w:tmpl w:val="0409001F"/>{levels}</w:abstractNum>'
    )
    numbering.find(qn("w:num")).addprevious(abstract)
    numbering.append(xml('<w:num w:numId="20"><w:abstractNumId w:val="20"/></w:num>'))
    numbering.append(
        xml(
            '<w:num w:numId="21"><w:abstractNumId w:val="20"/>'
            '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
        )
    )


def build_numbered(out: Path) -> None:
    """Write a policy whose headings and clauses carry multi-level and restarted numbering."""
    document = new_document("Social Media Policy")
    add_numbering(document)
    for style, num_id, ilvl, text in NUMBERED:
        paragraph = document.add_paragraph(text, style=None if style == "Normal" else style)
        if num_id is not None:
            ppr = paragraph._p.get_or_add_pPr()
            numpr = xml(f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>')
            # The only earlier child a fresh paragraph can have is w:pStyle.
            ppr.insert(0 if ppr.find(qn("w:pStyle")) is None else 1, numpr)
    save(document, out)


FOOTNOTES_XML = """<w:footnotes>
<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240"
 w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>
<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0"
 w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>
<w:footnote w:id="1"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr><w:r><w:rPr><w:rStyle
 w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>{runs}</w:p></w:footnote>
</w:footnotes>"""

TEXTBOX_XML = """<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>
<wp:anchor distT="45720" distB="45720" distL="114300" distR="114300" simplePos="0"
 relativeHeight="251659264" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">
<wp:simplePos x="0" y="0"/>
<wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>
<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>
<wp:extent cx="3657600" cy="457200"/><wp:effectExtent l="0" t="0" r="0" b="0"/>
<wp:wrapTopAndBottom/><wp:docPr id="{shape_id}" name="Text Box {shape_id}"/><wp:cNvGraphicFramePr/>
<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">
<wps:wsp><wps:cNvSpPr txBox="1"><a:spLocks noChangeArrowheads="1"/></wps:cNvSpPr>
<wps:spPr bwMode="auto"><a:xfrm><a:off x="0" y="0"/><a:ext cx="3657600" cy="457200"/></a:xfrm>
<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill>
<a:ln w="9525"><a:solidFill><a:srgbClr val="000000"/></a:solidFill><a:miter lim="800000"/>
<a:headEnd/><a:tailEnd/></a:ln></wps:spPr>
<wps:txbx><w:txbxContent>{content}</w:txbxContent></wps:txbx>
<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="91440" tIns="45720" rIns="91440" bIns="45720"
 anchor="t" anchorCtr="0"><a:noAutofit/></wps:bodyPr></wps:wsp></a:graphicData></a:graphic>
</wp:anchor></w:drawing></mc:Choice>
<mc:Fallback><w:pict><v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202"
 path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path gradientshapeok="t"
 o:connecttype="rect"/></v:shapetype>
<v:shape id="Text Box {shape_id}" o:spid="_x0000_s1026" type="#_x0000_t202"
 style="position:absolute;margin-left:0;margin-top:0;width:4in;height:36pt;z-index:251659264;
mso-wrap-style:square;mso-position-horizontal:absolute;mso-position-horizontal-relative:text;
mso-position-vertical:absolute;mso-position-vertical-relative:text">
<v:textbox><w:txbxContent>{content}</w:txbxContent></v:textbox>
<w10:wrap type="topAndBottom"/></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"""

AUTHOR_FIELD = " AUTHOR  \\* MERGEFORMAT "
KITCHEN_TABLE = (
    ("Platform", "Allowed for staff", "Notes"),
    ("Facebook", "Personal use only", "No contact with parents"),
    ("WhatsApp", "Club group only", "The Manager must be a member"),
)


def add_character_styles(document: Document) -> None:
    """Add the Hyperlink, Footnote Reference and Footnote Text styles Word would carry."""
    styles = document.styles
    link = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
    link.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)
    link.font.underline = True
    reference = styles.add_style("Footnote Reference", WD_STYLE_TYPE.CHARACTER)
    reference.font.superscript = True
    note = styles.add_style("Footnote Text", WD_STYLE_TYPE.PARAGRAPH)
    note.base_style = styles["Normal"]
    note.font.size = Pt(10)


def add_footnotes_part(document: Document, text: str) -> None:
    """Add word/footnotes.xml (separators -1 and 0, footnote 1 holding `text`)."""
    blob = xml(FOOTNOTES_XML.format(runs=run_xml(" " + text)))
    part = Part(
        PackURI("/word/footnotes.xml"),
        CT.WML_FOOTNOTES,
        etree.tostring(blob, xml_declaration=True, encoding="UTF-8", standalone=True),
        document.part.package,
    )
    document.part.relate_to(part, RT.FOOTNOTES)
    settings = document.settings.element
    settings.find(qn("w:compat")).addprevious(
        xml('<w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>')
    )


def build_kitchen_sink(out: Path) -> None:
    """Write the kitchen-sink policy described in corpus/features/kitchen-sink.expected.md."""
    document = new_document("Social Media Policy")
    add_character_styles(document)
    section = document.sections[0]
    section.header.paragraphs[0].text = "Owner: Club Manager"
    section.footer.paragraphs[0].text = "Reviewed: October 2021"

    document.add_paragraph("JPAC LTD Out of School Clubs", style="Title")
    document.add_paragraph("Social Media Policy", style="Title")
    document.add_paragraph("Social media rules", style="Heading 1")

    emphasis = document.add_paragraph("Staff ")
    emphasis.add_run("must not").bold = True
    emphasis.add_run(" post anything that could damage our Club's reputation, ")
    emphasis.add_run("including").italic = True
    emphasis.add_run(" posts in ")
    emphasis.add_run("private groups").underline = True
    emphasis.add_run(".")

    add_footnotes_part(
        document, "This includes friend requests on Facebook and follow requests on Instagram."
    )
    add_xml_paragraph(
        document,
        "Normal",
        run_xml("Staff must not accept invitations from parents to connect via social media.")
        + '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>'
        '<w:footnoteReference w:id="1"/></w:r>',
    )

    commented = document.add_paragraph("Any JPAC site MUST be used for ")
    anchor = commented.add_run("professional purposes only")
    commented.add_run(".")
    comment = document.add_comment(
        anchor,
        text="Define professional purposes with examples.",
        author="Sam Reviewer",
        initials="SR",
    )
    comment._comment_elm.date = FIXED_DATE

    url = "https://saferinternet.org.uk/"
    rid = document.part.relate_to(url, RT.HYPERLINK, is_external=True)
    add_xml_paragraph(
        document,
        "Normal",
        run_xml("Guidance for parents is available from ")
        + f'<w:hyperlink r:id="{rid}" w:history="1">'
        + run_xml("the UK Safer Internet Centre", '<w:rStyle w:val="Hyperlink"/>')
        + "</w:hyperlink>"
        + run_xml("."),
    )

    document.add_paragraph("Platforms covered", style="Heading 1")
    table = document.add_table(rows=3, cols=3)
    table.style = document.styles["Table Grid"]
    for row, values in zip(table.rows, KITCHEN_TABLE, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    header_trpr = table.rows[0]._tr.get_or_add_trPr()
    header_trpr.append(xml("<w:tblHeader/>"))

    box_content = run_xml("Think before you post: once online, always online.")
    add_xml_paragraph(
        document,
        "Normal",
        TEXTBOX_XML.format(shape_id=document.part.next_id, content=f"<w:p>{box_content}</w:p>")
        + run_xml("The key rule is shown in the box."),
    )

    logo = document.add_paragraph("Club logo: ")
    logo.add_run().add_picture(io.BytesIO(tiny_png()), width=Inches(0.5))

    add_xml_paragraph(
        document,
        "Normal",
        run_xml("Document title: ")
        + '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        + run_xml(" TITLE  \\* MERGEFORMAT ", tag="w:instrText")
        + '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        + run_xml("Social Media Policy")
        + '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
    )
    add_xml_paragraph(
        document,
        "Normal",
        run_xml("Prepared by: ")
        + f"<w:fldSimple w:instr={quoteattr(AUTHOR_FIELD)}>"
        + run_xml(AUTHOR)
        + "</w:fldSimple>",
    )
    save(document, out)


PYTHON_DOCX_OUTPUTS: dict[str, Callable[[Path], None]] = {
    **{
        f"{org}/social-media-policy.docx": partial(build_policy, CORPUS / org / "social-media-policy.md")
        for org in ORGS
    },
    "features/tracked-changes.docx": build_tracked_changes,
    "features/numbered.docx": build_numbered,
    "features/kitchen-sink.docx": build_kitchen_sink,
}


def build_pandoc() -> None:
    """Write corpus/<org>/social-media-policy-pandoc.docx with pandoc, if pandoc is installed."""
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        print("make_corpus: pandoc not found, skipping the *-pandoc.docx files", file=sys.stderr)
        return
    env = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
    for org in ORGS:
        out = CORPUS / org / "social-media-policy-pandoc.docx"
        with tempfile.TemporaryDirectory() as tmp:
            raw = Path(tmp) / "out.docx"
            source = CORPUS / org / "social-media-policy.md"
            command = [pandoc, "-f", "markdown-smart", "-t", "docx", "-o", str(raw), str(source)]
            subprocess.run(command, check=True, env=env)
            out.write_bytes(normalised_zip(raw.read_bytes()))
        print(f"make_corpus: wrote {out.relative_to(ROOT)}")


def soffice_to_docx(soffice: str, source: Path, outdir: Path) -> Path:
    """Return the path of `source` converted to DOCX by LibreOffice into `outdir`."""
    profile = outdir / "lo_profile"
    command = [
        soffice,
        "--headless",
        f"-env:UserInstallation={profile.as_uri()}",
        "--convert-to",
        "docx:MS Word 2007 XML",
        "--outdir",
        str(outdir),
        str(source),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    result = outdir / (source.stem + ".docx")
    if done.returncode != 0 or not result.exists():
        raise RuntimeError(f"LibreOffice did not convert {source}: {done.stdout}{done.stderr}")
    return result


def build_libreoffice(*, force: bool) -> None:
    """Write the LibreOffice-made fixtures, only when missing unless `force` is set."""
    features = CORPUS / "features"
    jobs: Sequence[tuple[Path, Path]] = (
        (features / "libreoffice-tracked.fodt", features / "libreoffice-tracked.docx"),
        (CORPUS / "kidspace" / "social-media-policy.docx", features / "libreoffice-saved.docx"),
    )
    todo = [(source, out) for source, out in jobs if force or not out.exists()]
    if not todo:
        print("make_corpus: LibreOffice fixtures exist, kept (use --libreoffice to remake them)")
        return
    soffice = shutil.which("soffice")
    if soffice is None:
        print("make_corpus: soffice not found, skipping the LibreOffice fixtures", file=sys.stderr)
        return
    for source, out in todo:
        with tempfile.TemporaryDirectory() as tmp:
            converted = soffice_to_docx(soffice, source, Path(tmp))
            out.write_bytes(normalised_zip(converted.read_bytes()))
        print(f"make_corpus: wrote {out.relative_to(ROOT)}")


def zip_members(path: Path) -> list[tuple[str, bytes]]:
    """Return the (name, uncompressed bytes) members of the zip at `path`, in stored order."""
    with zipfile.ZipFile(path) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def check() -> int:
    """Return 1 if any python-docx-made corpus file differs from a fresh build, else 0.

    Members are compared uncompressed, so a different zlib build does not count as a difference.
    """
    stale = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, build in PYTHON_DOCX_OUTPUTS.items():
            fresh = Path(tmp) / name
            fresh.parent.mkdir(parents=True, exist_ok=True)
            build(fresh)
            committed = CORPUS / name
            if not committed.exists() or zip_members(committed) != zip_members(fresh):
                stale.append(name)
    for name in stale:
        print(f"make_corpus: corpus/{name} is out of date", file=sys.stderr)
    if stale:
        print("make_corpus: run scripts/make_corpus.py to regenerate", file=sys.stderr)
        return 1
    print(f"make_corpus: {len(PYTHON_DOCX_OUTPUTS)} python-docx files up to date")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Regenerate the corpus (or check it) and return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--check",
        action="store_true",
        help="rebuild the python-docx files in a temporary folder; exit 1 if any differs",
    )
    parser.add_argument(
        "--libreoffice",
        action="store_true",
        help="remake the LibreOffice fixtures even if they exist (bytes vary by LO version)",
    )
    args = parser.parse_args(argv)
    if args.check:
        return check()
    for name, build in PYTHON_DOCX_OUTPUTS.items():
        build(CORPUS / name)
        print(f"make_corpus: wrote corpus/{name}")
    build_pandoc()
    build_libreoffice(force=args.libreoffice)
    return 0


if __name__ == "__main__":
    sys.exit(main())
