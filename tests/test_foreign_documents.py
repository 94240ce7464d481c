"""Policies nobody on the project wrote: Word's own constructs, pandoc and LibreOffice output, odd text."""

from __future__ import annotations

import codecs
import io
import subprocess
import zipfile
from pathlib import Path

import pytest

import policydiff
from policydiff.model import ClauseKind, Policy

from .conftest import require_program, run_cli

_NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
)
_STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles {_NS}>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style>
<w:style w:type="paragraph" w:styleId="TOCHeading"><w:name w:val="TOC Heading"/></w:style>
<w:style w:type="paragraph" w:styleId="TOC1"><w:name w:val="toc 1"/></w:style>
<w:style w:type="paragraph" w:styleId="Contents2"><w:name w:val="Contents 2"/></w:style>
</w:styles>"""
_NUMBERING = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering {_NS}>
<w:abstractNum w:abstractNumId="0">
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2."/></w:lvl>
<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%3)"/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
</w:numbering>"""
_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml"
 ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
</Types>"""
_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Target="word/document.xml"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>
</Relationships>"""
_DOC_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Target="styles.xml"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"/>
<Relationship Id="rId2" Target="numbering.xml"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"/>
<Relationship Id="rId3" Target="https://example.org/" TargetMode="External"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"/>
</Relationships>"""


def _docx(body: str) -> bytes:
    """Return a DOCX package whose `w:body` holds `body` (raw WordprocessingML, as Word writes it)."""
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f"<w:document {_NS}><w:body>{body}</w:body></w:document>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _TYPES)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("word/_rels/document.xml.rels", _DOC_RELS)
        z.writestr("word/document.xml", document)
        z.writestr("word/styles.xml", _STYLES)
        z.writestr("word/numbering.xml", _NUMBERING)
    return out.getvalue()


def _p(text: str, style: str | None = None) -> str:
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f'<w:p>{ppr}<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def _tree(policy: Policy) -> list[tuple[str, str | None, str]]:
    return [(c.kind.value, c.label, c.text) for c in policy.clauses]


def _field(instr: str, result: str) -> str:
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve">{instr}</w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r><w:t>{result}</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


# --------------------------------------------------------------------------- Word's own constructs


def test_word_inline_constructs_give_the_text_word_shows_without_field_codes() -> None:
    body = (
        _p("Behaviour Policy", "Title")
        + '<w:p><w:pPr><w:pStyle w:val="Heading1"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/>'
        '</w:numPr></w:pPr><w:bookmarkStart w:id="0" w:name="_Toc1"/><w:r><w:t>Aims</w:t></w:r>'
        '<w:bookmarkEnd w:id="0"/></w:p>'
        # a word split by rsid runs and spell-check marks; smart tags, custom XML, a content control
        '<w:p><w:r w:rsidR="00A1"><w:t xml:space="preserve">We promote </w:t></w:r>'
        '<w:proofErr w:type="spellStart"/><w:r w:rsidR="00B2"><w:t>pos</w:t></w:r>'
        '<w:r w:rsidR="00C3"><w:t>itive</w:t></w:r><w:proofErr w:type="spellEnd"/>'
        '<w:smartTag w:uri="urn:schemas-microsoft-com:office:smarttags" w:element="place">'
        '<w:r><w:t xml:space="preserve"> behaviour in London</w:t></w:r></w:smartTag>'
        '<w:customXml w:element="x"><w:r><w:t xml:space="preserve"> and</w:t></w:r></w:customXml>'
        '<w:r><w:t xml:space="preserve"> at </w:t></w:r><w:sdt><w:sdtPr><w:alias w:val="Company"/></w:sdtPr>'
        "<w:sdtContent><w:r><w:t>Happy Days Club</w:t></w:r></w:sdtContent></w:sdt>"
        "<w:r><w:t>.</w:t></w:r></w:p>"
        # a hyperlink, a simple field, soft and non-breaking hyphens, numbering "%1.%2." and "(%3)"
        '<w:p><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr></w:pPr>'
        '<w:r><w:t xml:space="preserve">Staff model </w:t></w:r><w:hyperlink r:id="rId3">'
        '<w:r><w:t>good</w:t></w:r></w:hyperlink><w:r><w:t xml:space="preserve"> behaviour (page </w:t></w:r>'
        '<w:fldSimple w:instr=" PAGE \\* MERGEFORMAT "><w:r><w:t>3</w:t></w:r></w:fldSimple>'
        "<w:r><w:t>).</w:t></w:r></w:p>"
        '<w:p><w:pPr><w:numPr><w:ilvl w:val="2"/><w:numId w:val="1"/></w:numPr></w:pPr>'
        "<w:r><w:t>Sub</w:t></w:r><w:r><w:softHyphen/><w:t>items use a non</w:t></w:r>"
        "<w:r><w:noBreakHyphen/><w:t>breaking hyphen.</w:t></w:r></w:p>"
        # a complex field with a result, and one without (a mail-merge field never filled in)
        '<w:p><w:r><w:t xml:space="preserve">Updated on </w:t></w:r>'
        + _field(' DATE \\@ "d MMMM yyyy" ', "1 September 2023")
        + "<w:r><w:t>.</w:t></w:r></w:p>"
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> MERGEFIELD'
        ' Name </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
        "<w:r><w:t>Children earn stickers.</w:t></w:r></w:p>"
        # formatting-only tracked changes and a tracked move
        '<w:p><w:pPr><w:rPr><w:rPrChange w:id="5" w:author="A"><w:rPr><w:b/></w:rPr></w:rPrChange></w:rPr>'
        '<w:pPrChange w:id="6" w:author="A"><w:pPr><w:pStyle w:val="Heading1"/></w:pPr></w:pPrChange></w:pPr>'
        '<w:moveFrom w:id="8" w:author="A"><w:r><w:t xml:space="preserve">Moved sentence. </w:t></w:r>'
        "</w:moveFrom>"
        '<w:r><w:rPr><w:b/><w:rPrChange w:id="7" w:author="A"><w:rPr/></w:rPrChange></w:rPr>'
        "<w:t>Rewards are fair.</w:t></w:r>"
        '<w:moveTo w:id="9" w:author="A"><w:r><w:t xml:space="preserve"> Moved sentence.</w:t></w:r>'
        "</w:moveTo>"
        "</w:p>"
    )
    policy = policydiff.parse_bytes(_docx(body), "word.docx")
    assert _tree(policy) == [
        ("title", None, "Behaviour Policy"),
        ("heading", "1.", "Aims"),
        ("paragraph", None, "We promote positive behaviour in London and at Happy Days Club."),
        ("list_item", "1.1.", "Staff model good behaviour (page 3)."),
        ("list_item", "(a)", "Subitems use a non\u2011breaking hyphen."),
        ("metadata", None, "Updated on 1 September 2023."),
        ("paragraph", None, "Children earn stickers."),
        ("paragraph", None, "Rewards are fair. Moved sentence."),
    ]
    tracked = [w for w in policy.warnings if w.code == "tracked-changes"]
    assert len(tracked) == 1 and "2 unaccepted" in tracked[0].message  # the move; formatting is no change


def test_word_table_of_contents_is_not_policy_text() -> None:
    toc_entry = (
        '<w:p><w:pPr><w:pStyle w:val="TOC1"/></w:pPr><w:hyperlink w:anchor="_Toc1">'
        "<w:r><w:t>1. Aims</w:t></w:r><w:r><w:tab/></w:r>"
        + _field(" PAGEREF _Toc1 \\h ", "1")
        + "</w:hyperlink></w:p>"
    )
    body = (
        _p("Behaviour Policy", "Title")
        + '<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/><w:docPartUnique/>'
        "</w:docPartObj></w:sdtPr><w:sdtContent>"
        + _p("Contents", "TOCHeading")
        # the TOC field opens in the first entry and closes after the last
        + '<w:p><w:pPr><w:pStyle w:val="TOC1"/></w:pPr><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> TOC \\o "1-3" \\h \\z \\u </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>Aims</w:t></w:r></w:p>'
        + toc_entry
        + '<w:p><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p></w:sdtContent></w:sdt>'
        # an older table of contents: styled paragraphs, no content control, the field ending later
        + '<w:p><w:pPr><w:pStyle w:val="Contents2"/></w:pPr><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> TOC \\o </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>Rewards\t2</w:t></w:r></w:p>'
        + '<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:fldChar w:fldCharType="end"/></w:r>'
        "<w:r><w:t>Aims</w:t></w:r></w:p>" + _p("We promote positive behaviour.")
    )
    policy = policydiff.parse_bytes(_docx(body), "toc.docx")
    assert _tree(policy) == [
        ("title", None, "Behaviour Policy"),
        ("heading", None, "Aims"),
        ("paragraph", None, "We promote positive behaviour."),
    ]


def test_word_symbol_characters_are_kept_as_libreoffice_saves_them() -> None:
    body = (
        '<w:p><w:r><w:t xml:space="preserve">Tick the box </w:t></w:r>'
        '<w:r><w:sym w:font="Wingdings" w:char="F0FC"/></w:r>'
        '<w:r><w:t xml:space="preserve"> then go on </w:t></w:r>'
        '<w:r><w:sym w:font="Wingdings" w:char="E0"/></w:r></w:p>'
    )
    policy = policydiff.parse_bytes(_docx(body), "sym.docx")
    assert policy.clauses[0].text == "Tick the box \uf0fc then go on \uf0e0"


def test_typed_bullets_and_numbers_in_word_paragraphs_become_list_items() -> None:
    body = (
        _p("Medication Policy", "Title")
        + '<w:p><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">1.\tStorage</w:t></w:r></w:p>'
        + _p("Medicines are kept in a locked cabinet.")
        + _p("\u00b7\tInhalers stay with the child.")
        + _p("\u2022  Epi-pens are in the red bag.")
        + _p("a)\tThe first dose is recorded.")
        + '<w:p><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">2.\tRecords</w:t></w:r></w:p>'
        + _p("Every dose is recorded.")
    )
    policy = policydiff.parse_bytes(_docx(body), "typed.docx")
    assert _tree(policy) == [
        ("title", None, "Medication Policy"),
        ("heading", "1.", "Storage"),
        ("paragraph", None, "Medicines are kept in a locked cabinet."),
        ("list_item", None, "Inhalers stay with the child."),
        ("list_item", None, "Epi-pens are in the red bag."),
        ("list_item", "a)", "The first dose is recorded."),
        ("heading", "2.", "Records"),
        ("paragraph", None, "Every dose is recorded."),
    ]
    assert [c.section for c in policy.clauses][-1] == ("Records",)
    storage = policy.clauses[1]
    assert [(s.start, s.end, s.bold) for s in storage.spans] == [(0, len("Storage"), True)]


def test_word_file_saved_from_plain_text_reads_like_the_text() -> None:
    """LibreOffice turns a text file into unstyled paragraphs: the same clauses must come out."""
    lines = [
        "Sunnyside Nursery",
        "Health and Safety Policy",
        "Contents",
        "1. Introduction",
        "2. Responsibilities",
        "1. Introduction",
        "Sunnyside Nursery keeps every child safe.",
        "2. Responsibilities",
        "The manager is responsible for training.",
    ]
    from_text = policydiff.parse_bytes("\n\n".join(lines).encode(), "policy.txt")
    from_word = policydiff.parse_bytes(_docx("".join(_p(line) for line in lines)), "policy.docx")
    assert _tree(from_word) == _tree(from_text)
    assert [c.kind.value for c in from_word.clauses] == [
        "title",
        "title",
        "heading",
        "list_item",
        "list_item",
        "heading",
        "paragraph",
        "heading",
        "paragraph",
    ]


def test_signature_block_on_two_lines_is_two_metadata_entries() -> None:
    body = (
        _p("Lost Property Policy", "Title")
        + _p("Items are kept for six weeks.")
        + "<w:p><w:r><w:t>Signed: A. Manager</w:t><w:br/><w:t>Date: 3 March 2024</w:t></w:r></w:p>"
    )
    policy = policydiff.parse_bytes(_docx(body), "signed.docx")
    assert policy.clauses[-1].kind is ClauseKind.METADATA
    assert policy.metadata_dict()["signed"] == "A. Manager"
    assert policy.metadata_dict()["date"] == "3 March 2024"


# --------------------------------------------------------------------------- plain text


_CONTENTS_POLICY = """Sunnyside Nursery
Health and Safety Policy

Contents
1. Introduction
2. Responsibilities
3. Fire safety

1. Introduction
Sunnyside Nursery is committed to the health, safety and welfare of every child.

2. Responsibilities
The manager is responsible for:
1. All staff
   a. permanent staff
   b. supply staff
2. Volunteers
Everyone takes part in training.
•  training staff;
o\tkeeping records.

3. Fire safety
Fire drills happen every term.

Nappy changing:
Staff wear gloves and aprons.

Signed: Jane Smith      Date: 01/09/2023
Signed: Tom Brown Date: 02/09/2023
Review date: September 2024
"""


def test_plain_text_contents_list_title_and_numbered_headings() -> None:
    policy = policydiff.parse_bytes(_CONTENTS_POLICY.encode(), "contents.txt")
    tree = [(c.kind.value, c.label, c.text) for c in policy.clauses]
    assert tree[:7] == [
        ("title", None, "Sunnyside Nursery"),
        ("title", None, "Health and Safety Policy"),
        ("heading", None, "Contents"),
        ("list_item", "1.", "Introduction"),
        ("list_item", "2.", "Responsibilities"),
        ("list_item", "3.", "Fire safety"),
        ("heading", "1.", "Introduction"),
    ]
    assert policy.title == "Health and Safety Policy"
    assert policy.organisation == "Sunnyside Nursery"
    kinds = {c.text: c.kind for c in policy.clauses[7:]}
    assert kinds["Responsibilities"] is ClauseKind.HEADING
    assert kinds["Volunteers"] is ClauseKind.LIST_ITEM  # "2." goes on with "1. All staff"
    assert kinds["Fire safety"] is ClauseKind.HEADING  # after bullets, a new numbered section
    assert kinds["Nappy changing:"] is ClauseKind.HEADING
    assert kinds["Staff wear gloves and aprons."] is ClauseKind.PARAGRAPH
    fire = next(c for c in policy.clauses if c.text == "Fire drills happen every term.")
    assert fire.section == ("Fire safety",)
    signed = [v for k, v in policy.metadata if k in ("signed", "date")]
    assert signed == ["Jane Smith", "01/09/2023", "Tom Brown", "02/09/2023"]


def test_word_exported_text_bullets_and_page_breaks() -> None:
    text = (
        "Uniform Policy\r\n\r\nChildren wear the uniform.\f"
        "Page two starts here.\vA manual line break.\r\n"
        "\u00a7\tThird-level bullet.\r\n\u2022\u00a0\u00a0Bullet after no-break spaces.\r\n"
    )
    policy = policydiff.parse_bytes(text.encode(), "uniform.txt")
    assert _tree(policy) == [
        ("title", None, "Uniform Policy"),
        ("paragraph", None, "Children wear the uniform."),
        ("paragraph", None, "Page two starts here."),
        ("paragraph", None, "A manual line break."),
        ("list_item", None, "Third-level bullet."),
        ("list_item", None, "Bullet after no-break spaces."),
    ]
    assert not policy.warnings


@pytest.mark.parametrize(
    "encode",
    [
        pytest.param(lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"), id="utf16le-bom"),
        pytest.param(lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"), id="utf16be-bom"),
        pytest.param(lambda t: t.encode("utf-16-le"), id="utf16le"),
        pytest.param(lambda t: t.encode("utf-16-be"), id="utf16be"),
        pytest.param(lambda t: codecs.BOM_UTF8 + t.replace("\n", "\r\n").encode(), id="utf8-bom-crlf"),
        pytest.param(lambda t: t.replace("\n", "\r").encode(), id="old-mac"),
    ],
)
def test_encodings_and_line_endings_read_alike(encode: object) -> None:
    assert callable(encode)
    reference = policydiff.parse_bytes(_CONTENTS_POLICY.encode(), "contents.txt")
    policy = policydiff.parse_bytes(encode(_CONTENTS_POLICY), "contents.txt")
    assert _tree(policy) == _tree(reference)


def test_html_page_is_refused_in_one_line(tmp_path: Path) -> None:
    page = tmp_path / "policy.htm"
    page.write_text("<!DOCTYPE html>\n<html><body><h1>Fees Policy</h1><p>Fees are due.</p></body></html>\n")
    result = run_cli("parse", str(page))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"policydiff: error: {page}: an HTML page, not a text document: not supported "
        "(save it as DOCX or text first)"
    ]


# --------------------------------------------------------------------------- other producers


_MARKDOWN = """---
title: Safeguarding Policy
author: Little Acorns Pre-school
date: September 2023
---

# Introduction

Little Acorns Pre-school is committed to safeguarding children[^1].

## Scope

1. All staff
    a. permanent staff
2. Volunteers

- Bullet one
    - Nested bullet

| Role | Name |
|------|------|
| DSL  | Jane Smith |

[^1]: As defined in Working Together to Safeguard Children 2023.
"""


def test_pandoc_title_block_and_table_of_contents(tmp_path: Path) -> None:
    pandoc = require_program("pandoc")
    (tmp_path / "policy.md").write_text(_MARKDOWN, encoding="utf-8")
    subprocess.run([pandoc, "--toc", "policy.md", "-o", "policy.docx"], cwd=tmp_path, check=True, timeout=120)
    policy = policydiff.parse(tmp_path / "policy.docx")
    assert _tree(policy)[:4] == [
        ("title", None, "Safeguarding Policy"),
        ("title", None, "Little Acorns Pre-school"),
        ("title", None, "September 2023"),
        ("heading", None, "Introduction"),
    ]
    assert policy.organisation == "Little Acorns Pre-school"
    assert "Table of Contents" not in [c.text for c in policy.clauses]


def test_pandoc_docx_against_its_libreoffice_round_trip_is_unchanged(tmp_path: Path) -> None:
    pandoc = require_program("pandoc")
    soffice = require_program("soffice", "libreoffice")
    (tmp_path / "policy.md").write_text(_MARKDOWN, encoding="utf-8")
    subprocess.run([pandoc, "policy.md", "-o", "policy.docx"], cwd=tmp_path, check=True, timeout=120)
    (tmp_path / "lo").mkdir()
    subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            "lo",
            "policy.docx",
        ],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        timeout=180,
    )
    original = policydiff.parse(tmp_path / "policy.docx")
    saved = policydiff.parse(tmp_path / "lo" / "policy.docx")
    assert _tree(saved) == _tree(original)


def test_field_left_open_does_not_hide_the_rest_and_positional_tab_separates_words() -> None:
    body = (
        '<w:p><w:r><w:t>First paragraph.</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        "<w:r><w:instrText> PAGE </w:instrText></w:r></w:p>"
        + _p("Second paragraph is kept.")
        + '<w:p><w:r><w:t>Name</w:t></w:r><w:r><w:ptab w:relativeTo="margin" w:alignment="right"'
        ' w:leader="none"/></w:r><w:r><w:t>Signature</w:t></w:r></w:p>'
    )
    policy = policydiff.parse_bytes(_docx(body), "open-field.docx")
    assert [c.text for c in policy.clauses] == [
        "First paragraph.",
        "Second paragraph is kept.",
        "Name\tSignature",
    ]
