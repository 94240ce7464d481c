"""Properties of reading, checked with hypothesis: no crash on any input, and no word lost or doubled."""

from __future__ import annotations

import codecs
import io
import textwrap
from collections import Counter
from unittest import mock

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import policydiff
from policydiff.errors import ReadError
from policydiff.model import Policy
from policydiff.segment import MEASURES

from . import badinput

# --------------------------------------------------------------------------- no crash


def _parse_or_refuse(data: bytes, source: str) -> None:
    """Parse `data`: a `Policy` or a `ReadError` are both fine; anything else fails the test."""
    # LibreOffice is never started here: a generated "{\\rtf" or OLE file must fail fast.
    with mock.patch("policydiff.readers.convert.soffice", return_value=None):
        try:
            policy = policydiff.parse_bytes(data, source)
        except ReadError as exc:
            assert exc.path == source
            assert exc.cause and "\n" not in exc.cause
            return
    assert isinstance(policy, Policy)
    for clause in policy.clauses:
        assert clause.text == clause.text.strip() and clause.text


@settings(max_examples=300)
@given(st.text())
def test_any_text_is_read_or_refused(text: str) -> None:
    _parse_or_refuse(text.encode("utf-8"), "x.txt")


@settings(max_examples=300)
@given(st.binary())
def test_any_bytes_are_read_or_refused(data: bytes) -> None:
    _parse_or_refuse(data, "x.txt")


@pytest.fixture(scope="module", autouse=True)
def _readers_loaded() -> None:
    """Import docutils and markdown-it and compile their patterns once: the first call of a reader pays
    ~0.25 s for it, which is start-up, not the backtracking the deadline below is there to catch."""
    for source in ("warm.md", "warm.rst", "warm.txt"):
        policydiff.parse_bytes(b"Title\n=====\n\nSome *text* here.\n\n- an item\n", source)


MARKUP_SOUP = st.text(st.sampled_from(list("#-*+_`[]()<>|=~:.\\!\"' \t\n\r1aAiIvx•–")), max_size=300)


@settings(max_examples=300)
@given(MARKUP_SOUP, st.sampled_from(["x.txt", "x.md", "x.rst"]))
def test_markup_soup_is_read_or_refused_quickly(text: str, source: str) -> None:
    """Text made of Markdown and RST markers: no crash, and (under hypothesis' deadline) no backtracking."""
    _parse_or_refuse(text.encode("utf-8"), source)


MAGIC = st.sampled_from(
    [
        b"PK\x03\x04",
        b"PK\x05\x06",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        b"%PDF-",
        b"{\\rtf1",
        b"\x89PNG\r\n\x1a\n",
        b"BM",
        codecs.BOM_UTF8,
        codecs.BOM_UTF16_LE,
        codecs.BOM_UTF16_BE,
        codecs.BOM_UTF32_LE,
        codecs.BOM_UTF32_BE,
    ]
)


@settings(max_examples=200)
@given(MAGIC, st.binary(), st.sampled_from(["x.txt", "x.docx", "x.md", "x"]))
def test_bytes_behind_a_magic_number_are_read_or_refused(magic: bytes, rest: bytes, source: str) -> None:
    _parse_or_refuse(magic + rest, source)


XML_PIECE = st.one_of(
    st.text(max_size=30).map(str.encode),
    st.sampled_from(
        [
            b"<w:p>",
            b"</w:p>",
            b"<w:r>",
            b"</w:r>",
            b"<w:t>",
            b"</w:t>",
            b"<w:tab/>",
            b"<w:br/>",
            b"<w:tbl><w:tr><w:tc>",
            b"</w:tc></w:tr></w:tbl>",
            b'<w:pPr><w:pStyle w:val="Heading1"/></w:pPr>',
            b'<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>',
            b"<w:ins>",
            b"</w:ins>",
            b"<w:del>",
            b"</w:del>",
            b"<w:delText>",
            b"</w:delText>",
            b'<w:footnoteReference w:id="1"/>',
            b"<w:sdt><w:sdtContent>",
            b"</w:sdtContent></w:sdt>",
            b"&amp;",
            b"&#x1;",
            b"<![CDATA[x]]>",
        ]
    ),
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(XML_PIECE, max_size=40))
def test_any_main_part_is_read_or_refused(pieces: list[bytes]) -> None:
    """A valid package around a generated `word/document.xml`, well-formed or not."""
    body = b"".join(pieces)
    document = badinput.DOCUMENT_HEAD + body + badinput.DOCUMENT_TAIL
    _parse_or_refuse(badinput.minimal_docx(document), "x.docx")


# --------------------------------------------------------------------------- every word in one clause


def clause_words(policy: Policy) -> Counter[str]:
    """Return the multiset of words across all clause texts (labels are kept apart, so not counted)."""
    return Counter(word for clause in policy.clauses for word in clause.text.split())


WORD = st.text(st.characters(categories=("Lu", "Ll")), min_size=1, max_size=10)
ASCII_WORD = st.text("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=10)
WORDS = st.lists(st.one_of(ASCII_WORD, WORD), min_size=1, max_size=12)
LABEL = st.one_of(
    st.integers(1, 999).map(lambda n: f"{n}."),
    st.integers(1, 999).map(lambda n: f"{n})"),
    st.tuples(st.integers(1, 99), st.integers(1, 99)).map(lambda t: f"{t[0]}.{t[1]}"),
)


def _marked(draw: st.DrawFn, words: list[str]) -> str:
    """Return `words` joined by spaces, some wrapped in emphasis markers (markup, not words)."""
    out = []
    for word in words:
        marker = draw(st.sampled_from(["", "", "", "*", "**", "_", "`"]))
        out.append(f"{marker}{word}{marker}")
    return " ".join(out)


@st.composite
def markdownish(draw: st.DrawFn) -> tuple[str, list[str]]:
    """Return a Markdown-ish document built from words, and its words in order."""
    lines: list[str] = []
    words: list[str] = []
    kinds = ["plain", "bullet", "numbered", "heading", "setext", "blank", "wrapped", "wrapped-bullet"]
    for _ in range(draw(st.integers(0, 14))):
        kind = draw(st.sampled_from(kinds))
        if kind == "blank":
            lines.append("")
            continue
        long = kind.startswith("wrapped")
        these = draw(st.lists(ASCII_WORD, min_size=8, max_size=60) if long else WORDS)
        if kind == "numbered" and these[0].lower() in MEASURES:
            these = ["x" + these[0], *these[1:]]  # ("4.2 hours" is a quantity: tests/test_typed_numbers.py)
        words.extend(these)
        text = _marked(draw, these)
        indent = " " * draw(st.sampled_from([0, 0, 2, 4]))
        if kind == "plain":
            lines.append(indent[:3] + text)
        elif kind == "bullet":
            lines.append(f"{indent}{draw(st.sampled_from('-*+'))} {text}")
        elif kind == "numbered":
            if lines and lines[-1].strip() and these[0][:1].islower():
                # Right under a line of text, "1. a …" opening in lower case is as likely a label a wrapper
                # put at a line's start, read on with the sentence (`_label_goes_on`, the GPL 2's "(2) offer
                # you …"): a list item of this test stands apart.
                lines.append("")
            lines.append(f"{indent}{draw(LABEL)} {text}")
        elif kind == "heading":
            hashes = "#" * draw(st.integers(1, 6))
            lines.append(f"{hashes} {text}" + draw(st.sampled_from(["", " " + hashes])))
        elif kind == "setext":
            lines.extend(["", text, draw(st.sampled_from("=-~")) * draw(st.integers(3, 40)), ""])
        elif kind == "wrapped":
            lines.extend(textwrap.wrap(" ".join(these), width=draw(st.integers(30, 90))))
            lines.append("")
        else:
            width = draw(st.integers(30, 90))
            lines.extend(textwrap.wrap(" ".join(these), width, initial_indent="- ", subsequent_indent="  "))
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    return newline.join(lines) + draw(st.sampled_from(["", newline])), words


@settings(max_examples=300, deadline=None)
@given(markdownish(), st.just("x.txt"))
def test_every_word_of_a_text_lands_in_exactly_one_clause(doc: tuple[str, list[str]], source: str) -> None:
    """The plain-text reader. A `.md` file is CommonMark (a 4-space indent is code, `~~~` opens a fence,
    `3)` after a paragraph line continues it): tests/test_readers_markdown.py holds its version."""
    text, words = doc
    policy = policydiff.parse_bytes(text.encode("utf-8"), source)
    assert clause_words(policy) == Counter(words)


DOCX_KINDS = st.sampled_from(["para", "para", "heading", "title", "bullet", "number", "table"])


@st.composite
def docx_document(draw: st.DrawFn) -> tuple[bytes, list[str]]:
    """Return a DOCX written by python-docx from generated blocks, and its words in order."""
    document = docx.Document()
    words: list[str] = []
    for _ in range(draw(st.integers(0, 10))):
        kind = draw(DOCX_KINDS)
        if kind == "table":
            cells = draw(st.lists(WORDS, min_size=1, max_size=6))
            columns = draw(st.integers(1, 3))
            table = document.add_table(rows=(len(cells) + columns - 1) // columns, cols=columns)
            for index, cell_words in enumerate(cells):
                table.cell(index // columns, index % columns).text = " ".join(cell_words)
                words.extend(cell_words)
            continue
        these = draw(WORDS)
        words.extend(these)
        if kind == "heading":
            paragraph = document.add_heading(level=draw(st.integers(1, 4)))
        elif kind == "title":
            paragraph = document.add_heading(level=0)
        elif kind == "bullet":
            paragraph = document.add_paragraph(style="List Bullet")
        elif kind == "number":
            paragraph = document.add_paragraph(style="List Number")
        else:
            paragraph = document.add_paragraph()
        for index, word in enumerate(these):
            # "o" or "§" and a tab opening a line is a typed bullet (Word's plain-text export of a level-2
            # bullet; the plain-text rule the DOCX reader shares), not a word: not drawn here.
            separators = [" ", " ", "\n"] if word in ("o", "§") else [" ", " ", "\t", "\n"]
            separator = "" if index == len(these) - 1 else draw(st.sampled_from(separators))
            run = paragraph.add_run(word + separator)
            run.bold = draw(st.booleans())
            run.italic = draw(st.booleans())
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue(), words


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(docx_document())
def test_every_word_of_a_docx_lands_in_exactly_one_clause(doc: tuple[bytes, list[str]]) -> None:
    data, words = doc
    policy = policydiff.parse_bytes(data, "x.docx")
    assert clause_words(policy) == Counter(words)
