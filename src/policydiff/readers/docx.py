"""DOCX packages into blocks, read as Word shows them (revisions applied), with a hardened XML parser."""

from __future__ import annotations

import bisect
import contextlib
import hashlib
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

from lxml import etree

from policydiff.errors import ReadError
from policydiff.model import (
    Annotation,
    Block,
    BlockKind,
    Diagnostic,
    Document,
    EmbeddedObject,
    Location,
    Span,
)
from policydiff.normalise import strip_xml_illegal
from policydiff.ooxml.names import CP, DC, DCTERMS, MC, A, C, M, R, V, W
from policydiff.ooxml.package import (
    MAX_MEMBERS,
    MAX_PART_BYTES,
    MAX_RATIO,
    MAX_TOTAL_BYTES,
    WORD_MAIN_TYPES,
    OpenDocumentText,
    Package,
    main_part,
)
from policydiff.readers.text import is_heading_like, typed_label

__all__ = [
    "MAX_DEPTH",
    "MAX_MEMBERS",
    "MAX_PART_BYTES",
    "MAX_RATIO",
    "MAX_TOTAL_BYTES",
    "WORD_MAIN_TYPES",
    "DocxTrace",
    "OpenDocumentText",
    "Package",
    "ParagraphTrace",
    "Piece",
    "main_part",
    "read_docx",
    "trace_docx",
    "trace_part",
]

MAX_DEPTH = 32
"""Deepest nesting of text boxes, tables and content controls read; deeper content is skipped with a
warning (Word documents nest a few levels; a crafted one nests until the reader gives up)."""
MAX_LEVEL = 8
"""Deepest list level Word has (`w:ilvl` 0–8); a level outside that range is clamped into it."""
MAX_START = 32767
"""Largest number a Word list starts at (`w:start`, `w:startOverride`); larger ones are clamped."""
MAX_LEVEL_TEXT = 255
"""Longest list label template (`w:lvlText`) kept."""
MAX_SPAN = 63
"""Most columns a table cell spans (Word's table limit)."""
_NAMED = 3
"""How many paragraphs a warning about text left out names (the first ones; the rest are counted)."""
_NAMED_CHARS = 200
"""How much of a paragraph's text a warning quotes."""


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


# Qualified names used in the hot loops.
P, T, TAB, BR, CR, RUN = _w("p"), _w("t"), _w("tab"), _w("br"), _w("cr"), _w("r")
PPR, RPR, INS, DEL = _w("pPr"), _w("rPr"), _w("ins"), _w("del")
MOVE_TO, MOVE_FROM, DEL_TEXT = _w("moveTo"), _w("moveFrom"), _w("delText")
HYPERLINK, FLD_SIMPLE, FLD_CHAR, INSTR = _w("hyperlink"), _w("fldSimple"), _w("fldChar"), _w("instrText")
SDT, SDT_CONTENT, SDT_PR, CUSTOM_XML = _w("sdt"), _w("sdtContent"), _w("sdtPr"), _w("customXml")
TBL, TR, TC = _w("tbl"), _w("tr"), _w("tc")
TXBX_CONTENT = _w("txbxContent")
DRAWING, PICT, OBJECT = _w("drawing"), _w("pict"), _w("object")
FOOTNOTE_REF, ENDNOTE_REF = _w("footnoteReference"), _w("endnoteReference")
COMMENT_START, COMMENT_REF = _w("commentRangeStart"), _w("commentReference")
ALT_CONTENT = f"{{{MC}}}AlternateContent"
NO_BREAK_HYPHEN, SYM, PTAB = _w("noBreakHyphen"), _w("sym"), _w("ptab")
RUBY, RUBY_BASE, ALT_CHUNK = _w("ruby"), _w("rubyBase"), _w("altChunk")
VAL = _w("val")
FF_DATA, SHOWING_PLACEHOLDER = _w("ffData"), _w("showingPlcHdr")
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W14_CHECKBOX, W14_VAL = f"{{{W14}}}checkbox", f"{{{W14}}}val"
CHECKED_BOX, EMPTY_BOX = "\u2612", "\u2610"
"""How a tick box reads, ticked or not (☒, ☐), whatever glyph its font draws (as the Markdown reader
reads a task list's `[x]` and `[ ]`)."""
_Emphasis = tuple[bool, bool, bool, bool, int]
"""A run's (bold, italic, underline, strikethrough, code), code `_NAMED_CODE`, `_FONT_CODE` or 0."""
_PLAIN: _Emphasis = (False, False, False, False, 0)
_FONT_CODE, _NAMED_CODE = 1, 2
"""A run's code from a monospace font alone, or from a code character style (`_CODE_STYLES`)."""
Piece = tuple[str, bool, bool, bool, str | None, bool, int]
"""A piece of a paragraph's text: (text, bold, italic, underline, link target, strikethrough, code)."""
_CODE_STYLES = frozenset(
    ("verbatim char", "source text", "html code", "html typewriter", "html keyboard", "html sample", "code")
)
"""Character styles that make a run code: pandoc's "Verbatim Char" (and its highlighting styles, based on
it), LibreOffice's "Source Text", Word's HTML ones (names compared in lower case)."""
_CODE_BLOCK_STYLES = frozenset(("source code", "preformatted text", "html preformatted", "code block"))
"""Paragraph styles of a code block (pandoc's "Source Code", LibreOffice's "Preformatted Text"): its
lines are code as a whole, as Markdown's and reST's are, not code words (no code span)."""
_MONOSPACE = frozenset(
    (
        "andale mono", "cascadia code", "cascadia mono", "consolas", "courier", "courier new",
        "courier 10 pitch", "dejavu sans mono", "fira code", "fira mono", "inconsolata", "jetbrains mono",
        "liberation mono", "lucida console", "lucida sans typewriter", "menlo", "monaco", "monospace",
        "nimbus mono", "nimbus mono ps", "noto mono", "noto sans mono", "roboto mono", "sf mono",
        "source code pro", "ubuntu mono",
    )
)  # fmt: skip
"""Fonts whose run reads as code: the monospace faces Word, LibreOffice and the web use for it."""
DESCEND = {
    INS,
    MOVE_TO,
    HYPERLINK,
    FLD_SIMPLE,
    _w("smartTag"),
    _w("customXml"),
    _w("bdo"),
    _w("dir"),
    SDT_CONTENT,
}
SKIP = {
    DEL,
    MOVE_FROM,
    PPR,
    _w("proofErr"),
    _w("bookmarkStart"),
    _w("bookmarkEnd"),
    SDT_PR,
    _w("sdtEndPr"),
    _w("permStart"),
    _w("permEnd"),
}


# --------------------------------------------------------------------------- styles and numbering


@dataclass(slots=True)
class _Style:
    name: str
    kind: str
    based_on: str | None
    outline: int | None
    num_id: str | None
    ilvl: int | None
    bold: bool | None
    italic: bool | None
    underline: bool | None
    strike: bool | None
    code: bool | None
    """A code character style (`_CODE_STYLES`), or one whose font is monospace; False for another font."""


@dataclass(slots=True)
class _Level:
    fmt: str
    text: str
    start: int
    legal: bool
    restart: int | None


@dataclass(slots=True)
class _Numbering:
    """Numbering definitions and the running counters that give each list paragraph its label."""

    abstract: dict[str, dict[int, _Level]] = field(default_factory=dict)
    nums: dict[str, str] = field(default_factory=dict)
    overrides: dict[str, dict[int, int]] = field(default_factory=dict)
    level_overrides: dict[str, dict[int, _Level]] = field(default_factory=dict)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)
    started: set[str] = field(default_factory=set)

    def label(self, num_id: str, ilvl: int) -> tuple[str | None, bool]:
        """Return the label of the next paragraph in list `num_id` at `ilvl`, and if it is a list."""
        abstract_id = self.nums.get(num_id)
        if abstract_id is None or abstract_id not in self.abstract:
            return None, False
        levels = dict(self.abstract[abstract_id])
        levels.update(self.level_overrides.get(num_id, {}))
        level = levels.get(ilvl)
        if level is None:
            return None, True
        counters = self.counters.setdefault(abstract_id, {})
        if num_id not in self.started:
            self.started.add(num_id)
            for lvl, start in self.overrides.get(num_id, {}).items():
                counters[lvl] = start - 1
                for deeper in [k for k in counters if k > lvl]:
                    del counters[deeper]
        counters[ilvl] = counters.get(ilvl, level.start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            deeper_level = levels.get(deeper)
            if deeper_level is None or deeper_level.restart is None or deeper_level.restart > ilvl:
                del counters[deeper]
        if level.fmt == "bullet" or level.fmt == "none":
            return None, True

        def render(match: re.Match[str]) -> str:
            lvl = int(match.group(1)) - 1
            value = counters.get(lvl)
            if value is None:
                ref = levels.get(lvl)
                value = ref.start if ref else 1
                counters[lvl] = value
            ref = levels.get(lvl)
            fmt = "decimal" if (level.legal or ref is None) else ref.fmt
            return _format_number(value, fmt)

        text = re.sub(r"%([1-9])", render, level.text).strip()
        return (text or None), True


def _format_number(value: int, fmt: str) -> str:
    """Return a list number as Word shows it in `fmt`, in time and space linear in its digits.

    Letters run a…z, aa…zz, up to 30 repeats (780), then start again (where Word is believed to
    stop; not checked against Word); roman numerals past 32767 and every other format show decimal
    digits.
    """
    if fmt in ("lowerLetter", "upperLetter"):
        n = (max(value, 1) - 1) % 780
        letters = chr(ord("a") + n % 26) * (n // 26 + 1)
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in ("lowerRoman", "upperRoman") and 0 < value <= MAX_START:
        roman = _roman(value)
        return roman.upper() if fmt == "upperRoman" else roman
    if fmt == "decimalZero":
        return f"{value:02d}"
    if fmt == "ordinal":
        suffix = "th" if 10 <= value % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")
        return f"{value}{suffix}"
    return str(value)


def _roman(value: int) -> str:
    """Return `value` in lower-case roman numerals (decimal digits past 32767, where Word stops)."""
    if not 0 < value <= MAX_START:
        return str(value)
    out = []
    for number, numeral in (
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ):
        count, value = divmod(value, number)
        out.append(numeral * count)
    return "".join(out)


def _on(element: Any) -> bool | None:
    """Return a toggle property's value (`<w:b/>` is on, `w:val="0"` off), None when absent."""
    if element is None:
        return None
    value = element.get(VAL)
    return value not in ("0", "false", "off", "none")


def _struck(rpr: Any) -> bool | None:
    """Return whether run properties strike the text through (`w:strike` or `w:dstrike`), None when
    neither is given."""
    single, double = _on(rpr.find(_w("strike"))), _on(rpr.find(_w("dstrike")))
    if single is None and double is None:
        return None
    return bool(single or double)


def _monospace(rpr: Any) -> bool | None:
    """Return whether run properties set a monospace font (`w:rFonts`, its first face of a list as
    LibreOffice writes it: "Menlo;Monaco;…"), None when they set none."""
    fonts = rpr.find(_w("rFonts"))
    if fonts is None:
        return None
    face = fonts.get(_w("ascii")) or fonts.get(_w("hAnsi"))
    if face is None:
        return None
    return face.split(";", 1)[0].strip().lower()[:40] in _MONOSPACE


def _int(value: str | None, default: int | None = None) -> int | None:
    """Return an attribute's decimal integer (ASCII digits only, at most 12), else `default`."""
    if value is None:
        return default
    value = value.strip()
    if not _DECIMAL.fullmatch(value):
        return default
    return int(value)


_DECIMAL = re.compile(r"[+-]?[0-9]{1,12}")


def _clamp(value: int, low: int, high: int) -> int:
    return low if value < low else high if value > high else value


def _ilvl(value: str | None) -> int | None:
    """Return a list level (`w:ilvl`) clamped into Word's 0–8, or None when it is not a number."""
    level = _int(value)
    return None if level is None else _clamp(level, 0, MAX_LEVEL)


def _start(value: str | None) -> int:
    """Return a list's start number (`w:start`, `w:startOverride`) clamped into Word's 0–32767."""
    return _clamp(_int(value, 1) or 0, 0, MAX_START)


def _load_styles(package: Package, name: str | None) -> dict[str, _Style]:
    styles: dict[str, _Style] = {}
    if not name or not package.has(name):
        return styles
    for style in package.xml(name).iter(_w("style")):
        style_id = style.get(_w("styleId"))
        if not style_id:
            continue
        name_el = style.find(_w("name"))
        based = style.find(_w("basedOn"))
        ppr = style.find(PPR)
        rpr = style.find(RPR)
        outline = num_id = ilvl = None
        if ppr is not None:
            out_el = ppr.find(_w("outlineLvl"))
            outline = _int(out_el.get(VAL)) if out_el is not None else None
            num_pr = ppr.find(_w("numPr"))
            if num_pr is not None:
                num_el, ilvl_el = num_pr.find(_w("numId")), num_pr.find(_w("ilvl"))
                num_id = num_el.get(VAL) if num_el is not None else None
                ilvl = _ilvl(ilvl_el.get(VAL)) if ilvl_el is not None else None
        underline = None
        if rpr is not None and rpr.find(_w("u")) is not None:
            underline = rpr.find(_w("u")).get(VAL) != "none"
        style_name = (name_el.get(VAL) if name_el is not None else style_id) or style_id
        code = _monospace(rpr) if rpr is not None else None
        if style_name.lower() in _CODE_STYLES and style.get(_w("type")) == "character":
            code = True
        styles[style_id] = _Style(
            name=style_name,
            kind=style.get(_w("type"), "paragraph"),
            based_on=based.get(VAL) if based is not None else None,
            outline=outline,
            num_id=num_id,
            ilvl=ilvl,
            bold=_on(rpr.find(_w("b"))) if rpr is not None else None,
            italic=_on(rpr.find(_w("i"))) if rpr is not None else None,
            underline=underline,
            strike=_struck(rpr) if rpr is not None else None,
            code=code,
        )
    return styles


def _load_numbering(package: Package, name: str | None, styles: dict[str, _Style]) -> _Numbering:
    numbering = _Numbering()
    if not name or not package.has(name):
        return numbering
    root = package.xml(name)
    links: dict[str, str] = {}
    for abstract in root.iter(_w("abstractNum")):
        abstract_id = abstract.get(_w("abstractNumId"), "")
        link = abstract.find(_w("numStyleLink"))
        if link is not None and link.get(VAL):
            links[abstract_id] = link.get(VAL)
        levels: dict[int, _Level] = {}
        for el in abstract.findall(_w("lvl")):
            lvl, level = _level(el)
            if lvl is not None:
                levels.setdefault(lvl, level)
        numbering.abstract[abstract_id] = levels
    for num in root.iter(_w("num")):
        num_id = num.get(_w("numId"), "")
        ref = num.find(_w("abstractNumId"))
        if ref is None:
            continue
        numbering.nums[num_id] = ref.get(VAL, "")
        for override in num.findall(_w("lvlOverride")):
            ilvl = _int(override.get(_w("ilvl")), 0) or 0
            if not 0 <= ilvl <= MAX_LEVEL:
                continue  # a level Word does not have
            start = override.find(_w("startOverride"))
            if start is not None:
                numbering.overrides.setdefault(num_id, {})[ilvl] = _start(start.get(VAL))
            lvl_el = override.find(_w("lvl"))
            if lvl_el is not None:
                numbering.level_overrides.setdefault(num_id, {})[ilvl] = _level(lvl_el)[1]
    # An abstract list that only links to a list style takes that style's definition.
    for abstract_id, style_id in links.items():
        style = styles.get(style_id)
        target_num = style.num_id if style else None
        target_abstract = numbering.nums.get(target_num or "")
        if target_abstract and target_abstract in numbering.abstract:
            numbering.abstract[abstract_id] = numbering.abstract[target_abstract]
    return numbering


def _level(element: Any) -> tuple[int | None, _Level]:
    """Return a `w:lvl`'s level (None when outside Word's 0–8) and its definition, numbers clamped."""

    def val(tag: str) -> str | None:
        el = element.find(_w(tag))
        return el.get(VAL) if el is not None else None

    ilvl = _int(element.get(_w("ilvl")), 0) or 0
    return ilvl if 0 <= ilvl <= MAX_LEVEL else None, _Level(
        fmt=(val("numFmt") or "decimal")[:40],
        text=(val("lvlText") or "")[:MAX_LEVEL_TEXT],
        start=_start(val("start")),
        legal=element.find(_w("isLgl")) is not None and _on(element.find(_w("isLgl"))) is True,
        restart=_int(val("lvlRestart")),
    )


# --------------------------------------------------------------------------- paragraphs


class ParagraphTrace(NamedTuple):
    """Where one paragraph's text came from, for a writer that edits the package in place.

    `pieces` are the text pieces in order (`Piece`: text, emphasis, link target, strikethrough) and
    `sources` the element each came from (a `w:t`, `w:tab`, `w:br` … in its run); `text` is the block's text
    made of them (trimmed, without a symbol-font bullet), empty when the paragraph made no block.
    """

    element: Any
    pieces: tuple[Piece, ...]
    sources: tuple[Any, ...]
    text: str


@dataclass(slots=True)
class DocxTrace:
    """A package read with its paragraphs traced: the parsed parts the trace points into, by name."""

    package: Package
    main: str
    roots: dict[str, Any]
    """Each XML part read, as parsed: edit these and the traces stay valid."""
    paragraphs: dict[int, ParagraphTrace]
    """The main part's paragraphs by the index their blocks carry (`Location.index`)."""
    notes: dict[tuple[str, int], list[ParagraphTrace]]
    """Footnotes and endnotes by (`"footnote"`|`"endnote"`, id): their paragraphs in order."""


class _KeptPackage(Package):
    """A package whose XML parts are parsed once and kept, so a trace can point into them."""

    def __init__(self, data: bytes, source: str) -> None:
        super().__init__(data, source)
        self.kept: dict[str, Any] = {}

    def xml(self, name: str) -> Any:
        if name not in self.kept:
            self.kept[name] = super().xml(name)
        return self.kept[name]


@dataclass(slots=True)
class _Para:
    """Text and formatting gathered from one paragraph (or a paragraph run on from a deleted mark)."""

    pieces: list[Piece] = field(default_factory=list)
    footnotes: list[tuple[str, str]] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    textboxes: list[Any] = field(default_factory=list)
    objects: list[tuple[str, str, str | None]] = field(default_factory=list)
    equations: list[str] = field(default_factory=list)
    """The linear text of each equation the paragraph holds (kept as a fingerprint, not in its text)."""
    hidden: list[str] = field(default_factory=list)
    """The text of its hidden runs (`w:vanish`), which Word does not show."""
    placeholders: list[str] | None = None
    """The placeholder text of its content controls showing one (`w:showingPlcHdr`; "" past `_NAMED`);
    None for none (most paragraphs: no list made for each)."""
    scanned: int = 0
    line_text: bool = False
    """Whether the last line of `pieces[:scanned]` holds text (`in_line`)."""
    sources: list[Any] | None = None
    """When tracing, the element each piece of text came from, piece by piece (no more is kept: each
    element kept alive is one more object for the garbage collector to walk)."""

    def in_line(self) -> bool:
        """Return whether text read now follows other text on its line (it opens no line: not a bullet).

        Reads only the pieces added since the last call (`scanned`, `line_text`): linear in the paragraph
        however many symbols it holds."""
        line_text = self.line_text
        for piece in self.pieces[self.scanned :]:
            text = piece[0]
            if "\n" in text:
                line_text = bool(text.rpartition("\n")[2].strip())
            elif not line_text:
                line_text = bool(text.strip())
        self.scanned, self.line_text = len(self.pieces), line_text
        return line_text

    def text_and_spans(self) -> tuple[str, tuple[Span, ...]]:
        text_parts: list[str] = []
        spans: list[Span] = []
        pos = 0
        # A paragraph wholly in a monospace font is a policy typed in Courier: the font is how it looks,
        # not code (its copy in Calibri is the same policy); only a code style's words stay code there.
        floor = _FONT_CODE
        if all(piece[6] or not piece[0].strip() for piece in self.pieces):
            floor = _NAMED_CODE
        for text, bold, italic, underline, href, strike, level in self.pieces:
            code = level >= floor
            text_parts.append(text)
            end = pos + len(text)
            if text and (bold or italic or underline or href or strike or code):
                last = spans[-1] if spans else None
                if (
                    last
                    and last.end == pos
                    and (last.bold, last.italic, last.underline, last.href, last.strike, last.code)
                    == (bold, italic, underline, href, strike, code)
                ):
                    spans[-1] = last.at(last.start, end)
                else:
                    spans.append(Span(pos, end, bold, italic, underline, href, strike, code))
            pos = end
        raw = "".join(text_parts)
        # Trim the ends, moving the spans with the text.
        lead = len(raw) - len(raw.lstrip())
        text = raw.strip()
        out = []
        for span in spans:
            start, end = max(span.start - lead, 0), min(span.end - lead, len(text))
            if end > start:
                out.append(span.at(start, end))
        return text, tuple(out)


@dataclass(slots=True)
class _Limits:
    """The nesting depth of the walk and the containers skipped past `MAX_DEPTH`; what else the walk
    leaves out of the clauses on purpose, for the warnings that name it (decision 0001, session 26)."""

    depth: int = 0
    too_deep: int = 0
    contents: int = 0
    """Table-of-contents paragraphs with text passed over (Word makes them from the headings)."""
    contents_ends: list[str] = field(default_factory=list)
    """The first and the last of their texts."""
    equations: int = 0
    """Equations (`m:oMath`) kept as fingerprints, not text."""
    equation_paragraphs: int = 0
    equation_places: list[str] = field(default_factory=list)
    """The first `_NAMED` paragraphs holding one: their text, or the equation's own when it stands alone."""
    hidden: int = 0
    """Paragraphs with hidden text (`w:vanish`), not read: Word does not show it."""
    hidden_places: list[str] = field(default_factory=list)
    """The hidden text of the first `_NAMED` of them."""
    alt_chunks: int = 0
    """Imported chunks not read (`w:altChunk`: HTML, RTF or a document Word converts on opening)."""
    placeholders: int = 0
    """Content controls showing their placeholder text (`w:showingPlcHdr`): a prompt to fill them in."""
    placeholder_places: list[str] = field(default_factory=list)
    """The first `_NAMED` of them: the placeholder text and the paragraph it stands in."""

    def placeholder(self, text: str, paragraph: str | None) -> None:
        """Count a content control's placeholder text left out, naming it if among the first."""
        self.placeholders += 1
        if len(self.placeholder_places) < _NAMED:
            place = _quoted(text) + (f" in {_quoted(paragraph)}" if paragraph else "")
            self.placeholder_places.append(place)

    def skipped_entry(self, text: str) -> None:
        """Count a table-of-contents paragraph passed over, keeping its text if first or last."""
        if not text:
            return
        self.contents += 1
        if len(self.contents_ends) == 2:
            self.contents_ends[1] = text
        else:
            self.contents_ends.append(text)


@dataclass(slots=True)
class _Reader:
    package: Package
    part: str
    styles: dict[str, _Style]
    numbering: _Numbering
    rels: dict[str, tuple[str, str, bool]]
    notes: dict[str, dict[str, tuple[str, tuple[Span, ...]]]]
    comments: dict[str, Annotation]
    blocks: list[Block] = field(default_factory=list)
    objects: list[EmbeddedObject] = field(default_factory=list)
    revisions: int = 0
    field_stack: list[str] = field(default_factory=list)
    open_codes: int = 0
    """How many fields on `field_stack` are still in their code (`instr`): text shows only at 0."""
    field_codes: list[list[str]] = field(default_factory=list)
    """Each field's code as read so far (its `w:instrText`), beside `field_stack`."""
    field_links: list[tuple[str | None, int]] = field(default_factory=list)
    """Beside `field_stack`: the link its result's text has (its own, once a `HYPERLINK` code is read, or the
    enclosing field's) and the paragraph (`field_paragraph`) that link was set in."""
    field_link: str | None = None
    """The link of text read from fields' results: the innermost `field_links`, if set in this paragraph."""
    field_paragraph: int = 0
    """How many paragraphs have ended: a field's link never runs past its paragraph."""
    emitted_notes: set[tuple[str, str]] = field(default_factory=set)
    """Footnotes and endnotes already placed: a note referenced twice is read once."""
    used_comments: set[str] = field(default_factory=set)
    """Comments already attached: a comment referenced from many paragraphs is attached once."""
    paragraph_index: int = 0
    pending: _Para | None = None
    pending_mark: tuple[Any, Any, int] | None = None
    """The last paragraph run on into `pending` (its element, properties and index), kept for `_settle`."""
    note_numbers: dict[str, int] = field(default_factory=dict)
    illegal: int = 0
    limits: _Limits = field(default_factory=lambda: _Limits())
    """Shared by every reader of one package: how deep the walk is, what it skipped."""
    reject: bool = False
    """Read as Word shows the document with every revision rejected (the `reject` view)."""
    keep: tuple[str, str] = field(init=False)
    """Revision containers whose content the view shows: insertions, or deletions when rejecting."""
    drop: tuple[str, str] = field(init=False)
    """Revision containers whose content the view hides."""
    trace: dict[int, ParagraphTrace] | None = None
    """When given, filled with where each paragraph's text came from, by paragraph index."""
    trace_only: bool = False
    """Only trace: walk the paragraphs as the read does (the same indexes and texts), make no blocks."""

    def __post_init__(self) -> None:
        self.keep, self.drop = (
            ((DEL, MOVE_FROM), (INS, MOVE_TO)) if self.reject else ((INS, MOVE_TO), (DEL, MOVE_FROM))
        )

    # ------------------------------------------------------------ style resolution

    def _style_chain(self, style_id: str | None) -> Iterator[_Style]:
        seen: set[str] = set()
        while style_id and style_id in self.styles and style_id not in seen and len(seen) < 30:
            seen.add(style_id)
            style = self.styles[style_id]
            yield style
            style_id = style.based_on

    def _run_format(self, rpr: Any) -> tuple[_Emphasis, bool]:
        """Return ((bold, italic, underline, strikethrough, code), hidden) of a run from its properties
        and style; code is `_NAMED_CODE` from a code character style, `_FONT_CODE` from a monospace font."""
        bold = italic = underline = strike = code = None
        hidden = named = False
        if rpr is not None:
            bold, italic = _on(rpr.find(_w("b"))), _on(rpr.find(_w("i")))
            u = rpr.find(_w("u"))
            underline = (u.get(VAL) != "none") if u is not None else None
            strike = _struck(rpr)
            code = _monospace(rpr)
            hidden = bool(_on(rpr.find(_w("vanish"))))
            rstyle = rpr.find(_w("rStyle"))
            if rstyle is not None:
                for style in self._style_chain(rstyle.get(VAL)):
                    bold = style.bold if bold is None else bold
                    italic = style.italic if italic is None else italic
                    underline = style.underline if underline is None else underline
                    strike = style.strike if strike is None else strike
                    code = style.code if code is None else code
                    named = named or style.name.lower() in _CODE_STYLES
        # A code style names the run's meaning: a font set over it does not take it away.
        level = _NAMED_CODE if named else _FONT_CODE if code else 0
        return (bool(bold), bool(italic), bool(underline), bool(strike), level), hidden

    # ------------------------------------------------------------ the walk

    def body(self, element: Any) -> None:
        """Read the block-level children of a body, cell, note or text box (at most `MAX_DEPTH` deep)."""
        limits = self.limits
        if limits.depth >= MAX_DEPTH:
            limits.too_deep += 1
            return
        limits.depth += 1
        try:
            self._body(element)
        finally:
            limits.depth -= 1

    def _body(self, element: Any) -> None:
        for child in element:
            tag = child.tag
            if tag == P:
                self.paragraph(child)
            elif tag == TBL:
                self.table(child)
            elif tag == SDT:
                if _sdt_tag(child) == "policydiff-cover":
                    continue
                content = child.find(SDT_CONTENT)
                if content is None:
                    continue
                if is_toc_sdt(child):
                    self._skip_generated(content)
                else:
                    if _showing_placeholder(child):
                        self._placeholder_block(content)
                    self.body(content)
            elif tag == _w("customXml") or tag in self.keep:
                self.body(child)
            elif tag in self.drop:
                self.revisions += 1
            elif tag == ALT_CONTENT:
                # Block-level alternate content (a paragraph or table Word 2010+ writes twice): its
                # choice, as inline (`_alternate`), else its fallback.
                choice = child.find(f"{{{MC}}}Choice")
                chosen = choice if choice is not None else child.find(f"{{{MC}}}Fallback")
                if chosen is not None:
                    self.body(chosen)
            elif tag == ALT_CHUNK:
                self.limits.alt_chunks += 1

    def _skip_generated(self, element: Any) -> None:
        """Pass over a table of contents: Word generates it from the headings, so it is not policy text.

        Its fields are still walked (into nothing) so a field that opens here and closes later stays
        balanced, and its paragraphs still count for the paragraph indexes. The paragraphs that open
        it with a tracked mark and no contents style are read: a redline puts a paragraph removed from
        just before the contents there (its deleted mark then joins the contents, decision 0026).
        """
        leading, tracked = True, self.keep + self.drop
        for p in element.iter(P):
            ppr = p.find(PPR)
            leading = (
                leading
                and p.getparent() is element  # (not one inside a table or a text box of the contents)
                and _mark_tracked(ppr, tracked)
                and not self._is_toc_paragraph(ppr)
            )
            if leading:
                self.paragraph(p)
                continue
            self.paragraph_index += 1
            self._skip_entry(p)

    def _placeholder_block(self, element: Any) -> None:
        """Count a block content control showing its placeholder text ("Click or tap here to enter text."),
        naming its first words if among the first: read as Word shows it, named in a warning as a prompt
        (decision 0001, session 27)."""
        if len(self.limits.placeholder_places) >= _NAMED:
            self.limits.placeholders += 1
            return
        words: list[str] = []
        size = 0
        for t in element.iter(T):  # (its first words only: linear however deep controls nest)
            words.append(t.text or "")
            size += len(words[-1])
            if size > _NAMED_CHARS:
                break
        self.limits.placeholder("".join(words), None)

    def _skip_entry(self, p: Any) -> None:
        """Walk a table-of-contents paragraph into nothing but the count the warning gives."""
        para = _Para()
        self._inline(p, para, None)
        self.limits.skipped_entry(para.text_and_spans()[0])

    def _is_toc_paragraph(self, ppr: Any) -> bool:
        """Return whether a paragraph has a table-of-contents style ("toc 1", "Contents 2", "TOC Heading")."""
        if ppr is None:
            return False
        pstyle = ppr.find(_w("pStyle"))
        if pstyle is None:
            return False
        style = self.styles.get(pstyle.get(VAL) or "")
        return style is not None and _TOC_STYLE.fullmatch(style.name.strip()) is not None

    def table(self, table: Any) -> None:
        self._settle()
        for row_index, row in enumerate(table_children(table, TR)):
            trpr = row.find(_w("trPr"))
            if trpr is not None and trpr.find(self.drop[0]) is not None:
                self.revisions += 1
                continue
            column = 0
            for tc in table_children(row, TC):
                column = self._cell(tc, row_index, column)

    def _cell(self, tc: Any, row: int, column: int) -> int:
        tcpr = tc.find(_w("tcPr"))
        span = 1
        if tcpr is not None:
            grid = tcpr.find(_w("gridSpan"))
            span = _clamp(_int(grid.get(VAL), 1) or 1, 1, MAX_SPAN) if grid is not None else 1
        # A cell that continues a vertical merge is read too: Word's own are empty (no clause), and the
        # text another producer leaves in one is shown by LibreOffice (decision 0001, session 26).
        saved = self.blocks
        self.blocks = []
        self.body(tc)
        self._settle()
        inner = self.blocks
        self.blocks = saved
        own = [b for b in inner if b.kind is not BlockKind.TABLE_CELL and b.kind is not BlockKind.FOOTNOTE]
        rest = [b for b in inner if b.kind is BlockKind.TABLE_CELL or b.kind is BlockKind.FOOTNOTE]
        texts: list[str] = []
        spans: list[Span] = []
        annotations: list[Annotation] = []
        pos = 0
        for block in own:
            if texts:
                pos += 1
            spans.extend(s.at(s.start + pos, s.end + pos) for s in block.spans)
            texts.append(block.text)
            annotations.extend(block.annotations)
            pos += len(block.text)
        text = "\n".join(texts)
        if text.strip():
            index = own[0].location.index if own else None
            self.blocks.append(
                Block(
                    BlockKind.TABLE_CELL,
                    text,
                    spans=tuple(spans),
                    style="table",
                    location=Location(part=self.part, index=index, row=row, column=column),
                    annotations=tuple(annotations),
                )
            )
        self.blocks.extend(rest)
        return column + (span or 1)

    def paragraph(self, p: Any) -> None:
        index = self.paragraph_index
        self.paragraph_index += 1
        ppr = p.find(PPR)
        if self.pending is None and self._is_toc_paragraph(ppr):
            self._skip_entry(p)
            return
        para = self.pending or _Para(sources=None if self.trace is None else [])
        self.pending = self.pending_mark = None
        self._inline(p, para, None)
        # A field's code never runs past its paragraph: a field left open here (a truncated or
        # hand-edited file) would otherwise hide every later paragraph.
        while self.field_stack and self.field_stack[-1] != "result":
            self._end_field()
        # Nor does a field's link: a HYPERLINK field left open (no `end`) links no later paragraph.
        self.field_paragraph += 1
        self.field_link = None
        mark_deleted = False
        if ppr is not None:
            rpr = ppr.find(RPR)
            if rpr is not None:
                if rpr.find(self.drop[0]) is not None or rpr.find(self.drop[1]) is not None:
                    mark_deleted = True
                    self.revisions += 1
                elif rpr.find(self.keep[0]) is not None or rpr.find(self.keep[1]) is not None:
                    self.revisions += 1
        if mark_deleted:
            # Word shows this paragraph run on into the next one; its text boxes are read first, on
            # their own (not run into by it).
            self._flush_extras(para, keep_text=True)
            self.pending, self.pending_mark = para, (p, ppr, index)
            return
        self._emit(p, ppr, para, index)

    def _settle(self) -> None:
        """Emit a paragraph left pending by a deleted mark where Word cannot run it on into the next one:
        before a table (the mark before a table stays), at the end of a cell or a text box. It
        keeps the properties and place of its own last mark, as LibreOffice shows it (decision 0001,
        session 26); before, its text ran into the table's first cell or the next cell."""
        if self.pending is not None and self.pending_mark is not None:
            p, ppr, index = self.pending_mark
            para, self.pending, self.pending_mark = self.pending, None, None
            self._emit(p, ppr, para, index)

    def finish(self) -> None:
        """Emit a paragraph left pending by a deleted mark at the very end."""
        if self.pending is not None:
            para, self.pending = self.pending, None
            self._emit(None, None, para, self.paragraph_index)

    def _flush_extras(self, para: _Para, *, keep_text: bool) -> None:
        """Emit text boxes and notes collected so far (text boxes read after their anchor)."""
        boxes, para.textboxes = para.textboxes, []
        for box in boxes:
            self.body(box)
            self._settle()  # a box's last paragraph runs on into nothing outside it

    def _emit(self, p: Any, ppr: Any, para: _Para, index: int) -> None:
        text, spans = para.text_and_spans()
        cleaned, dropped = strip_xml_illegal(text)
        if dropped:
            self.illegal += dropped
            text = cleaned
        if self.trace_only:  # the same text, traced; no block is made
            text, spans, _ = _symbol_bullets(text, spans)
            if self.trace is not None and p is not None:
                self.trace[index] = ParagraphTrace(p, tuple(para.pieces), tuple(para.sources or ()), text)
            self._flush_extras(para, keep_text=False)
            return
        kind, level, label, style_name = self._paragraph_kind(ppr)
        if style_name is not None and style_name.lower() in _CODE_BLOCK_STYLES and spans:
            # A code block's lines: code as a whole, as Markdown's and reST's are (`_CODE_BLOCK_STYLES`).
            spans = tuple(
                Span(s.start, s.end, s.bold, s.italic, s.underline, s.href, s.strike)
                for s in spans
                if s.bold or s.italic or s.underline or s.href is not None or s.strike
            )
        if (
            kind is BlockKind.PARAGRAPH
            and style_name is not None
            and style_name.lower() in _TITLE_BLOCK_STYLES
            and self.blocks
            and all(b.kind is BlockKind.TITLE for b in self.blocks)
        ):
            kind = BlockKind.TITLE  # pandoc's title block: Title, Subtitle, Author, Date
        text, spans, bulleted = _symbol_bullets(text, spans)
        if bulleted and kind is BlockKind.PARAGRAPH:
            kind, level = BlockKind.LIST_ITEM, 0  # a bullet typed in a symbol font
        fresh = [
            c for c in dict.fromkeys(para.comments) if c in self.comments and c not in self.used_comments
        ]
        self.used_comments.update(fresh)
        annotations = tuple(self.comments[c] for c in fresh)
        location = Location(part=self.part, index=index)
        if self.trace is not None and p is not None:
            self.trace[index] = ParagraphTrace(p, tuple(para.pieces), tuple(para.sources or ()), text)
        for obj_kind, fingerprint, name in para.objects:
            self.objects.append(EmbeddedObject(obj_kind, fingerprint, len(self.blocks), name))
        if para.placeholders is not None:
            for prompt in para.placeholders:
                self.limits.placeholder(prompt, text)
        if para.hidden and "".join(para.hidden).strip():
            self.limits.hidden += 1
            if len(self.limits.hidden_places) < _NAMED:
                self.limits.hidden_places.append("".join(para.hidden))
        if para.equations:
            self.limits.equations += len(para.equations)
            self.limits.equation_paragraphs += 1
            if len(self.limits.equation_places) < _NAMED:
                self.limits.equation_places.append(text or " ".join(para.equations))
        if text:
            self.blocks.append(
                Block(
                    kind,
                    text,
                    level=level,
                    label=label,
                    style=style_name,
                    spans=spans,
                    location=location,
                    annotations=annotations,
                    explicit=kind in (BlockKind.HEADING, BlockKind.TITLE, BlockKind.LIST_ITEM),
                )
            )
        elif label is not None and kind is BlockKind.LIST_ITEM:
            pass  # an empty numbered paragraph still advanced the counter, as in Word
        for note_kind, note_id in para.footnotes:
            if (note_kind, note_id) in self.emitted_notes:
                continue
            self.emitted_notes.add((note_kind, note_id))
            note = self.notes.get(note_kind, {}).get(note_id)
            if note is None or not note[0]:
                continue
            number = self.note_numbers.get(note_kind, 0) + 1
            self.note_numbers[note_kind] = number
            self.blocks.append(
                Block(
                    BlockKind.FOOTNOTE,
                    note[0],
                    spans=note[1],
                    style=note_kind,
                    label=str(number) if note_kind == "footnote" else _roman(number),
                    location=Location(
                        part=f"word/{note_kind}s.xml",
                        index=_int(note_id),
                    ),
                    explicit=True,
                )
            )
        self._flush_extras(para, keep_text=False)

    def _paragraph_kind(self, ppr: Any) -> tuple[BlockKind, int, str | None, str | None]:
        style_id = None
        num_id = None
        ilvl: int | None = None
        outline = None
        if ppr is not None:
            pstyle = ppr.find(_w("pStyle"))
            style_id = pstyle.get(VAL) if pstyle is not None else None
            num_pr = ppr.find(_w("numPr"))
            if num_pr is not None:
                num_el, ilvl_el = num_pr.find(_w("numId")), num_pr.find(_w("ilvl"))
                num_id = num_el.get(VAL) if num_el is not None else None
                ilvl = _ilvl(ilvl_el.get(VAL)) if ilvl_el is not None else None
            out_el = ppr.find(_w("outlineLvl"))
            outline = _int(out_el.get(VAL)) if out_el is not None else None
        style_name = None
        heading = None
        title = False
        for style in self._style_chain(style_id):
            style_name = style_name or style.name
            lowered = style.name.lower()
            if lowered in ("title", "subtitle"):
                title = True
                break
            m = re.fullmatch(r"heading\s*(\d)", lowered)
            if m:
                heading = int(m.group(1))
                break
            if outline is None and style.outline is not None:
                outline = style.outline
            if num_id is None and style.num_id is not None:
                num_id = style.num_id
                ilvl = style.ilvl if ilvl is None else ilvl
        if heading is None and outline is not None and 0 <= outline <= 8:
            heading = outline + 1
        if num_id is None and style_id:
            for style in self._style_chain(style_id):
                if style.num_id is not None:
                    num_id = style.num_id
                    ilvl = style.ilvl if ilvl is None else ilvl
                    break
        label = None
        is_list = False
        if num_id is not None and num_id != "0":
            label, is_list = self.numbering.label(num_id, ilvl or 0)
        if title:
            return BlockKind.TITLE, 0, label, style_name
        if heading is not None:
            return BlockKind.HEADING, heading, label, style_name
        if is_list:
            return BlockKind.LIST_ITEM, ilvl or 0, label, style_name
        return BlockKind.PARAGRAPH, 0, None, style_name

    def _inline(self, element: Any, para: _Para, href: str | None) -> None:
        for child in element:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            if tag == RUN:
                self._run(child, para, href)
            elif tag in self.drop:
                self.revisions += 1
            elif tag in self.keep:
                self.revisions += 1
                self._inline(child, para, href)
            elif tag in SKIP:
                if tag in (DEL, MOVE_FROM):
                    self.revisions += 1
            elif tag == FLD_SIMPLE:
                self._inline(child, para, _field_link(child.get(_w("instr"), "")) or href)
            elif tag == HYPERLINK:
                target = href
                rel_id = child.get(f"{{{R}}}id")
                if rel_id and rel_id in self.rels:
                    target = _link_target(self.rels[rel_id][1])
                elif child.get(_w("anchor")):
                    target = "#" + child.get(_w("anchor"))
                self._inline(child, para, target)
            elif tag in (INS, MOVE_TO):
                self.revisions += 1
                self._inline(child, para, href)
            elif tag in DESCEND:
                self._inline(child, para, href)
            elif tag == SDT:
                content = child.find(SDT_CONTENT)
                if content is None:
                    continue
                pr = child.find(SDT_PR)
                start = len(para.pieces)
                self._inline(content, para, href)
                if pr is None:
                    continue
                box = pr.find(W14_CHECKBOX)
                if box is not None:
                    _show_box(box, para, start)
                if _on(pr.find(SHOWING_PLACEHOLDER)):
                    # Placeholder text, read as Word shows it and named as a prompt (decision 0001,
                    # session 27); the first ones' text is kept for the warning, the others counted.
                    if para.placeholders is None:
                        para.placeholders = []
                    named = len(para.placeholders) < _NAMED
                    para.placeholders.append("".join(p[0] for p in para.pieces[start:]) if named else "")
            elif tag == COMMENT_START:
                para.comments.append(child.get(_w("id"), ""))
            elif tag == ALT_CONTENT:
                self._alternate(child, para, href)
            elif tag == f"{{{M}}}oMath" or tag == f"{{{M}}}oMathPara":
                digest = hashlib.sha256(etree.tostring(child)).hexdigest()[:16]
                para.objects.append(("equation", digest, None))
                para.equations.append("".join(t.text or "" for t in child.iter(f"{{{M}}}t")))

    def _alternate(self, element: Any, para: _Para, href: str | None) -> None:
        choice = element.find(f"{{{MC}}}Choice")
        chosen = choice if choice is not None else element.find(f"{{{MC}}}Fallback")
        if chosen is not None:
            # A run-level AlternateContent holds runs' children; a paragraph-level one holds runs.
            if any(c.tag == RUN for c in chosen):
                self._inline(chosen, para, href)
            else:
                self._run_children(chosen, para, href, _PLAIN)

    def _run(self, run: Any, para: _Para, href: str | None) -> None:
        fmt, hidden = self._run_format(run.find(RPR))
        if hidden:
            # Word hides the run (LibreOffice's export and pandoc show it): named in a warning.
            if self.open_codes == 0:
                para.hidden.extend(t.text for t in run.findall(T) if t.text)
            return
        self._run_children(run, para, href, fmt)

    def _end_field(self) -> None:
        """Close the innermost field (its `end`, or its paragraph's end while its code is open)."""
        if self.field_stack.pop() != "result":  # (its code, or a form field's, still open)
            self.open_codes -= 1
        self.field_codes.pop()
        self.field_links.pop()
        link, paragraph = self.field_links[-1] if self.field_links else (None, -1)
        self.field_link = link if paragraph == self.field_paragraph else None

    def _run_children(self, run: Any, para: _Para, outer: str | None, fmt: _Emphasis) -> None:
        bold, italic, underline_set, strike, code = fmt
        # A link written as a HYPERLINK field (LibreOffice writes one for a target with a fragment)
        # is the link of its result's text, inside any w:hyperlink around it (decision 0001, session 24).
        href = self.field_link or outer
        # A link's underline is how the producer draws a link (Word's Hyperlink style, LibreOffice's
        # Internet Link, Google Docs' own underline on the run), not emphasis (decision 0011, session 22).
        underline = underline_set and href is None
        in_result = self.open_codes == 0
        for child in run:
            tag = child.tag
            if tag == INSTR:
                if not in_result and self.field_stack[-1] == "instr" and child.text:
                    self.field_codes[-1].append(child.text)
            elif tag == T or (tag == DEL_TEXT and self.reject):
                if in_result and child.text:
                    para.pieces.append((child.text, bold, italic, underline, href, strike, code))
                    if para.sources is not None:
                        para.sources.append(child)
            elif tag == FLD_CHAR:
                kind = child.get(_w("fldCharType"))
                if kind == "begin":
                    shown = form_field_shown(child) if in_result else None
                    if shown:
                        # A legacy tick box or drop-down shows its state from its `w:ffData`, not from a
                        # result (decision 0001, session 27); a result saved beside it is not shown twice.
                        para.pieces.append((shown, bold, italic, underline, href, strike, code))
                        if para.sources is not None:
                            para.sources.append(child)
                    self.field_stack.append("instr" if shown is None else "form")
                    self.field_codes.append([])
                    self.field_links.append((self.field_link, self.field_paragraph))
                    self.open_codes += 1
                elif kind == "separate" and self.field_stack and self.field_stack[-1] != "form":
                    if self.field_stack[-1] == "instr":
                        self.open_codes -= 1
                        self.field_link = _field_link("".join(self.field_codes[-1])) or self.field_link
                        self.field_links[-1] = (self.field_link, self.field_paragraph)
                    self.field_stack[-1] = "result"
                elif kind == "end" and self.field_stack:
                    self._end_field()
                in_result = self.open_codes == 0
                href = self.field_link or outer
                underline = underline_set and href is None
            elif not in_result:
                continue
            elif tag in (TAB, PTAB):
                para.pieces.append(("\t", bold, italic, underline, href, strike, code))
                if para.sources is not None:
                    para.sources.append(child)
            elif tag in (BR, CR):
                if child.get(_w("type")) not in ("page", "column"):
                    para.pieces.append(("\n", bold, italic, underline, href, strike, code))
                    if para.sources is not None:
                        para.sources.append(child)
            elif tag == NO_BREAK_HYPHEN:
                para.pieces.append(("\u2011", bold, italic, underline, href, strike, code))
                if para.sources is not None:
                    para.sources.append(child)
            elif tag == SYM:
                char = _sym_char(child)
                if char and para.in_line():
                    char = _symbol_font_char(child, char)
                if char:
                    para.pieces.append((char, bold, italic, underline, href, strike, code))
                    if para.sources is not None:
                        para.sources.append(child)
            elif tag == FOOTNOTE_REF:
                para.footnotes.append(("footnote", child.get(_w("id"), "")))
            elif tag == ENDNOTE_REF:
                para.footnotes.append(("endnote", child.get(_w("id"), "")))
            elif tag == COMMENT_REF:
                para.comments.append(child.get(_w("id"), ""))
            elif tag in (DRAWING, PICT, OBJECT):
                self._drawing(child, para)
            elif tag == RUBY:
                # Phonetic guide: Word shows the base text with its reading (`w:rt`) small above it;
                # the base is the text (LibreOffice's export), the reading is not read.
                base = child.find(RUBY_BASE)
                if base is not None:
                    self._inline(base, para, href)
            elif tag == ALT_CONTENT:
                choice = child.find(f"{{{MC}}}Choice")
                chosen = choice if choice is not None else child.find(f"{{{MC}}}Fallback")
                if chosen is not None:
                    self._run_children(chosen, para, href, fmt)

    def _drawing(self, element: Any, para: _Para) -> None:
        """Collect a drawing's text boxes (the outermost: a box inside a box is read with its box,
        once) and fingerprint its images, charts and objects outside the boxes."""
        stack = [element]
        while stack:
            el = stack.pop()
            tag = el.tag
            if tag == TXBX_CONTENT:
                para.textboxes.append(el)
                continue
            stack.extend(reversed(el))
            rel_id = None
            kind = "image"
            if tag == f"{{{A}}}blip":
                rel_id = el.get(f"{{{R}}}embed") or el.get(f"{{{R}}}link")
            elif tag == f"{{{V}}}imagedata":
                rel_id = el.get(f"{{{R}}}id")
            elif tag == f"{{{C}}}chart":
                rel_id, kind = el.get(f"{{{R}}}id"), "chart"
            elif tag == "{urn:schemas-microsoft-com:office:office}OLEObject":
                rel_id, kind = el.get(f"{{{R}}}id"), "object"
            if rel_id:
                para.objects.append((kind, *self._fingerprint(rel_id)))

    def _fingerprint(self, rel_id: str) -> tuple[str, str | None]:
        rel = self.rels.get(rel_id)
        if rel is None:
            return f"missing:{rel_id}", None
        _, target, external = rel
        if external:
            return "external:" + hashlib.sha256(target.encode()).hexdigest()[:16], target
        if not self.package.has(target):
            return f"missing:{target}", target
        info = self.package.info(target)
        # The zip directory's CRC and size identify the content without inflating it.
        return f"crc32:{info.CRC:08x}:{info.file_size}", posixpath.basename(target)


_ODF_FILE_SEGMENT = re.compile(r"(?i)^(?![a-z][a-z0-9+.-]*:)[^?#]*?[^/]\.f?o[dt]t/")


def _link_target(target: str) -> str:
    """Return a hyperlink's target as its document's author wrote it.

    LibreOffice reads a relative link in an OpenDocument text (`reference`, as pandoc writes one, or
    `CONTRIBUTING.md`) as relative to the package, a folder named after the file, and writes the .docx
    with the path from the .docx to there: "../../odt/sympy-deprec/a.odt/reference". The file's own name
    and place stand in every such link, so two versions saved from differently named files read as a
    link changed wherever one stands (SymPy's deprecation policy, eight clauses; session 24, round 8).
    What follows the segment naming an OpenDocument text file (`.odt`, `.ott`, `.fodt`) is the link.
    """
    m = _ODF_FILE_SEGMENT.match(target)
    return target[m.end() :] if m and m.end() < len(target) else target


_FIELD_ARG = re.compile(r'"([^"]*)"?|(\S+)')


def _field_link(code: str) -> str | None:
    """Return the target of a `HYPERLINK` field's code, or None for any other field.

    `HYPERLINK "https://host/page.html" \\l "part"` is the link `https://host/page.html#part` (a target's
    fragment goes in the `\\l` switch: LibreOffice writes every link with one this way); `HYPERLINK \\l
    "_Toc1"` is a link inside the document, `#_Toc1`. `\\o` (a tooltip) and `\\t` (a frame) take an argument
    that is no part of the target.
    """
    args = [m[1] if m[1] is not None else m[2] for m in _FIELD_ARG.finditer(code[:4096])]
    if not args or args[0].upper() != "HYPERLINK":
        return None
    url, anchor, skip = "", "", ""
    for arg in args[1:]:
        if skip:
            anchor = arg if skip == "\\l" else anchor
            skip = ""
        elif arg.lower() in ("\\l", "\\o", "\\t"):
            skip = arg.lower()
        elif not arg.startswith("\\") and not url:
            url = arg
    target = _link_target(url) + ("#" + anchor if anchor else "")
    return target or None


def _sym_char(sym: Any) -> str | None:
    """Return the character a `w:sym` shows: the code point in its symbol font, as LibreOffice saves it.

    Word writes symbol-font characters (Wingdings arrows, Symbol bullets, tick boxes) as `w:sym` with a
    hex code, usually in the private-use area (F020-F0FF); a code below 0x100 means the same there.
    """
    try:
        code = int(sym.get(_w("char"), ""), 16)
    except ValueError:
        return None
    if code < 0x100:
        code += 0xF000
    if not 0x20 <= code <= 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return None
    return chr(code)


_SYMBOL_FONT = {
    0xF020 + i: c
    for i, c in enumerate(
        " !∀#∃%&∋()∗+,−./0123456789:;<=>?≅ΑΒΧΔΕΦΓΗΙϑΚΛΜΝΟΠΘΡΣΤΥςΩΞΨΖ[∴]⊥_\0αβχδεφγηιϕκλμνοπθρστυϖωξψζ{|}∼"
        + "\0" * 33  # 0x7F-0x9F: nothing
        + "€ϒ′≤⁄∞ƒ♣♦♥♠↔←↑→↓°±″≥×∝∂•÷≠≡≈…\0\0↵ℵℑℜ℘⊗⊕∅∩∪⊃⊇⊄⊂⊆∈∉∠∇®©™∏√⋅¬∧∨⇔⇐⇑⇒⇓◊〈®©™∑"
        + "\0" * 11  # 0xE6-0xF0: bracket pieces
        + "〉∫⌠\0⌡"
    )
}
"""Adobe's Symbol font by code point (Unicode's SYMBOL.TXT, less the bracket and arrow pieces, `\0`):
a `w:sym` in that font inside a line is the character Word shows (≥, ×, →, Greek letters), as pandoc
reads it; one opening a line stays a symbol-font bullet (decision 0008)."""


def _symbol_font_char(sym: Any, char: str) -> str:
    """Return the Unicode character a `w:sym` in the Symbol font shows inside a line, else `char`."""
    if (sym.get(_w("font")) or "").strip().lower() != "symbol":
        return char
    mapped = _SYMBOL_FONT.get(ord(char), "\0")
    return char if mapped == "\0" else mapped


_LINE_BULLET = re.compile(r"(?:^|(?<=\n))[ \t\u00a0]*[\uf020-\uf0ff][ \t\u00a0]*(?=\S)")
"""A symbol-font character opening a line: a bullet (U+F0B7, U+F0A7, U+F076 …) typed or `w:sym`."""
_PRIVATE_SYMBOL = re.compile(r"[\uf020-\uf0ff]")


def _symbol_bullets(text: str, spans: tuple[Span, ...]) -> tuple[str, tuple[Span, ...], bool]:
    """Return the text without symbol-font bullets opening its lines, the spans moved with the text,
    and whether the first line had one (the paragraph is a bullet). Symbol characters inside a line
    stay as saved (a tick in "Tick the box \uf0fc"): they are text, not list markup."""
    if not _PRIVATE_SYMBOL.search(text):
        return text, spans, False
    cuts = [(m.start(), m.end()) for m in _LINE_BULLET.finditer(text)]
    bulleted = bool(cuts) and cuts[0][0] == 0
    if cuts:
        starts = [a for a, _ in cuts]
        removed = [0]
        for a, b in cuts:
            removed.append(removed[-1] + b - a)

        def move(pos: int) -> int:
            i = bisect.bisect_right(starts, pos) - 1
            if i < 0:
                return pos
            a, b = cuts[i]
            return pos - removed[i] - (min(pos, b) - a)

        pieces, last = [], 0
        for a, b in cuts:
            pieces.append(text[last:a])
            last = b
        pieces.append(text[last:])
        text = "".join(pieces)
        spans = tuple(s.at(move(s.start), move(s.end)) for s in spans if move(s.end) > move(s.start))
    return text, spans, bulleted


def table_children(parent: Any, tag: str) -> Iterator[Any]:
    """Yield the rows of a table (`tag` TR) or the cells of a row (TC), in order, including those Word
    wraps in content controls (a repeating section's rows, a cell's `w:sdt`) or custom XML."""
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag == SDT:
            content = child.find(SDT_CONTENT)
            if content is not None:
                yield from table_children(content, tag)
        elif child.tag == CUSTOM_XML:
            yield from table_children(child, tag)


def _mark_tracked(ppr: Any, kinds: tuple[str, ...]) -> bool:
    """Return whether a paragraph's mark (`w:pPr/w:rPr`) carries a revision of one of `kinds`."""
    rpr = ppr.find(RPR) if ppr is not None else None
    return rpr is not None and any(rpr.find(kind) is not None for kind in kinds)


def is_toc_sdt(sdt: Any) -> bool:
    """Return whether a content control is Word's table of contents (a docPartGallery of that name)."""
    pr = sdt.find(SDT_PR)
    if pr is None:
        return False
    gallery = pr.find(f"{_w('docPartObj')}/{_w('docPartGallery')}")
    return gallery is not None and (gallery.get(VAL) or "").lower() == "table of contents"


_TITLE_BLOCK_STYLES = {"author", "date"}
"""Styles that, straight after the title, are part of the title block (pandoc writes them so)."""

_TOC_STYLE = re.compile(r"(?:toc|contents)\s*(?:\d|heading)", re.I)


def _sdt_tag(sdt: Any) -> str | None:
    pr = sdt.find(SDT_PR)
    if pr is None:
        return None
    tag = pr.find(_w("tag"))
    return tag.get(VAL) if tag is not None else None


def _showing_placeholder(sdt: Any) -> bool:
    """Return whether a content control shows its placeholder text (`w:showingPlcHdr`)."""
    pr = sdt.find(SDT_PR)
    return pr is not None and bool(_on(pr.find(SHOWING_PLACEHOLDER)))


def form_field_shown(fld_char: Any) -> str | None:
    """Return what Word shows for a legacy tick box or drop-down form field (FORMCHECKBOX, FORMDROPDOWN)
    from the `w:ffData` of its `begin`: ☒ or ☐, or the chosen entry ("" for none); None for any other
    field (its result is its text). Word keeps their state there, and no result text it shows.

    The chosen entry is `w:result`'s zero-based index, else `w:default`'s, else the first (ECMA-376
    17.16.11 and 17.16.33). Reading it costs the entries up to the index: linear in the file."""
    data = fld_char.find(FF_DATA)
    if data is None:
        return None
    box = data.find(_w("checkBox"))
    if box is not None:
        checked = _on(box.find(_w("checked")))
        if checked is None:
            checked = bool(_on(box.find(_w("default"))))
        return CHECKED_BOX if checked else EMPTY_BOX
    drop = data.find(_w("ddList"))
    if drop is None:
        return None
    chosen = drop.find(_w("result"))
    if chosen is None:
        chosen = drop.find(_w("default"))
    index = _int(chosen.get(VAL), 0) if chosen is not None else 0
    if index is None or index < 0:
        return ""
    for i, entry in enumerate(drop.iterchildren(_w("listEntry"))):
        if i == index:
            return entry.get(VAL) or ""
    return ""


def _box_code(value: str | None) -> int | None:
    """Return a tick box state's character code (`w14:checkedState w14:val`, hex), a symbol font's
    private-use code (U+F0xx) taken as its 0xxx, as Word writes either; None when not a code."""
    if not value or len(value) > 6:
        return None
    try:
        code = int(value, 16)
    except ValueError:
        return None
    return code - 0xF000 if 0xF000 <= code <= 0xF0FF else code


_BOX_PIECES = 4
"""Most pieces a tick box control's content is read as a glyph from (Word writes one run)."""


def _show_box(box: Any, para: _Para, start: int) -> None:
    """Read the glyph a tick box content control (`w14:checkbox`) holds, from `para.pieces[start:]`,
    as ☒ or ☐: which of its two states' characters it is, else which of ☒ and ☐, else its
    `w14:checked` (decision 0001, session 27). Word draws the state in any font (MS Gothic's ☒,
    Wingdings' þ or U+F0FE), and a symbol-font glyph opening a line went as a bullet. Content other
    than one glyph (not Word's; none, once a redline's Reject All takes its glyph) is left as read."""
    if len(para.pieces) - start > _BOX_PIECES:
        return  # (not one glyph: and tick boxes nested in each other each look at a few pieces only)
    marked = [i for i in range(start, len(para.pieces)) if para.pieces[i][0].strip()]
    if len(marked) != 1 or len(para.pieces[marked[0]][0].strip()) != 1:
        return
    piece = para.pieces[marked[0]]
    glyph = piece[0].strip()
    codes = []
    for name, default in (("checkedState", 0x2612), ("uncheckedState", 0x2610)):
        el = box.find(f"{{{W14}}}{name}")
        code = _box_code(el.get(W14_VAL)) if el is not None else None
        codes.append(default if code is None else code)
    code = _box_code(f"{ord(glyph):x}")
    if code in codes:
        ticked = code == codes[0]
    elif glyph in (CHECKED_BOX, EMPTY_BOX):  # (a redline's deleted glyph, as this reader read it)
        ticked = glyph == CHECKED_BOX
    else:
        state = box.find(f"{{{W14}}}checked")
        ticked = state is not None and state.get(W14_VAL) in ("1", "true", "on")
    para.pieces[marked[0]] = (piece[0].replace(glyph, CHECKED_BOX if ticked else EMPTY_BOX), *piece[1:])


# --------------------------------------------------------------------------- side parts


def _notes(
    package: Package,
    rels: dict[str, tuple[str, str, bool]],
    kind: str,
    styles: dict[str, _Style],
    numbering: _Numbering,
    *,
    reject: bool = False,
    limits: _Limits | None = None,
    trace: dict[tuple[str, int], list[ParagraphTrace]] | None = None,
    trace_only: bool = True,
) -> dict[str, tuple[str, tuple[Span, ...]]]:
    name = next((t for rt, t, ext in rels.values() if rt == kind + "s" and not ext), None)
    if not name or not package.has(name):
        return {}
    out: dict[str, tuple[str, tuple[Span, ...]]] = {}
    part_rels = package.rels(name)
    for note in package.xml(name).iter(_w(kind)):
        if note.get(_w("type")) in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        reader = _Reader(
            package,
            name,
            styles,
            numbering,
            part_rels,
            {},
            {},
            limits=limits or _Limits(),
            reject=reject,
            trace=None if trace is None else {},
            trace_only=trace is not None and trace_only,
        )
        reader.body(note)
        reader.finish()
        note_id = _int(note.get(_w("id")))
        if trace is not None and reader.trace is not None and note_id is not None:
            trace[(kind, note_id)] = [reader.trace[i] for i in sorted(reader.trace)]
        texts = [b.text for b in reader.blocks]
        spans: list[Span] = []
        pos = 0
        for block in reader.blocks:
            spans.extend(s.at(s.start + pos, s.end + pos) for s in block.spans)
            pos += len(block.text) + 1
        out[note.get(_w("id"), "")] = ("\n".join(texts).strip(), tuple(spans))
    return out


def _comments(package: Package, rels: dict[str, tuple[str, str, bool]]) -> dict[str, Annotation]:
    name = next((t for rt, t, ext in rels.values() if rt == "comments" and not ext), None)
    if not name or not package.has(name):
        return {}
    out: dict[str, Annotation] = {}
    for comment in package.xml(name).iter(_w("comment")):
        text = "\n".join("".join(t.text or "" for t in p.iter(T)) for p in comment.iter(P)).strip()
        out[comment.get(_w("id"), "")] = Annotation(
            author=comment.get(_w("author"), ""), text=text, date=comment.get(_w("date"))
        )
    return out


def _header_footer_lines(
    package: Package,
    rels: dict[str, tuple[str, str, bool]],
    styles: dict[str, _Style],
    numbering: _Numbering,
    *,
    reject: bool = False,
    limits: _Limits | None = None,
) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    for rel_type, target, external in sorted(rels.values(), key=lambda r: r[1]):
        if rel_type not in ("header", "footer") or external or not package.has(target) or target in seen:
            continue
        seen.add(target)  # one part named by several relationships is read once
        reader = _Reader(
            package,
            target,
            styles,
            numbering,
            package.rels(target),
            {},
            {},
            limits=limits or _Limits(),
            reject=reject,
        )
        reader.body(package.xml(target))
        reader.finish()
        for block in reader.blocks:
            for line in block.text.splitlines():
                line = " ".join(line.split())
                if line and (rel_type, line) not in out:
                    out.append((rel_type, line))
    return out


def _core_properties(package: Package) -> list[tuple[str, str]]:
    if not package.has("docProps/core.xml"):
        return []
    root = package.xml("docProps/core.xml")
    out = []
    for key, tag in (
        ("document_title", f"{{{DC}}}title"),
        ("author", f"{{{DC}}}creator"),
        ("last_modified_by", f"{{{CP}}}lastModifiedBy"),
        ("modified", f"{{{DCTERMS}}}modified"),
        ("revision", f"{{{CP}}}revision"),
    ):
        el = root.find(tag)
        if el is not None and el.text and el.text.strip():
            out.append((key, el.text.strip()))
    return out


# --------------------------------------------------------------------------- entry point


def read_docx(
    data: bytes, source: str, sha256: str, *, view: Literal["accept", "reject"] = "accept"
) -> Document:
    """Return the `Document` of a DOCX package, as Word shows it with all revisions accepted.

    With `view="reject"`, as Word shows it with all revisions rejected instead: deletions (and
    `w:moveFrom`) in, insertions (and `w:moveTo`) out, inserted paragraph marks joining paragraphs.
    """
    if view not in ("accept", "reject"):
        raise ValueError(f"view must be 'accept' or 'reject', not {view!r}")
    if view == "reject" or not _KEEPING:
        return _read(Package(data, source), sha256, reject=view == "reject", trace=None)
    # Inside `keep_traces()` (a Word redline will be written) the accept view's parsed parts and
    # trace are kept for the writer, which would otherwise parse and walk the package again.
    package = _KeptPackage(data, source)
    trace = DocxTrace(package, "", package.kept, {}, {})
    document = _read(package, sha256, reject=False, trace=trace, trace_only=False)
    _RECENT.pop(sha256, None)
    if len(trace.paragraphs) <= _KEEP_PARAGRAPHS:
        _RECENT[sha256] = (data, trace)
    while len(_RECENT) > _RECENT_KEPT:
        del _RECENT[next(iter(_RECENT))]
    return document


_KEEPING = 0
"""How many `keep_traces()` blocks are open: only inside one does `read_docx` keep its traces."""


@contextlib.contextmanager
def keep_traces(enabled: bool = True) -> Iterator[None]:
    """Within this block (when `enabled`), `read_docx` keeps the trace of what it reads for the Word
    redline of the same bytes (`trace_docx`), as the command line does for a .docx output.

    Outside it nothing is kept (keeping costs 3-14 % of a read's CPU and about 5 kB a paragraph until
    taken); a writer then walks the package again and writes the same bytes. What a read kept stays
    after the block until `trace_docx` takes it or two later reads inside a block push it out, so
    the block need only hold the comparison, not the writing."""
    global _KEEPING
    if not enabled:
        yield
        return
    _KEEPING += 1
    try:
        yield
    finally:
        _KEEPING -= 1


_RECENT: dict[str, tuple[bytes, DocxTrace]] = {}
"""The traces of the last packages `read_docx` read (accept view), by the sha-256 it was given, each
with its bytes: `trace_docx` hands one out once (the writer edits its parts in place)."""
_RECENT_KEPT = 2
"""How many traces are kept: the two sides of one comparison."""
_KEEP_PARAGRAPHS = 20_000
"""Largest package kept, in paragraphs (about 2.5 kB each while kept): a larger one is walked again
by the writer rather than held in memory by every read."""


def trace_docx(data: bytes, source: str, sha256: str | None = None) -> DocxTrace:
    """Walk a DOCX as `read_docx` does (accept view) and say which `w:p` each block came from, by the
    index its `Location` carries (no blocks are made: the trace is for a writer of the same package).

    The trace points into the parsed parts it returns (`roots`): a writer edits those in place. With
    `sha256` (of `data`), the trace `read_docx` made of the same bytes is handed out instead of walking
    again, once: it is forgotten here, as its caller will edit it.
    """
    if sha256 is not None:
        kept = _RECENT.get(sha256)
        if kept is not None and kept[0] == data:
            del _RECENT[sha256]
            trace = kept[1]
            trace.package.source = source
            return trace
    package = _KeptPackage(data, source)
    trace = DocxTrace(package, "", package.kept, {}, {})
    _read(package, "", reject=False, trace=trace)
    return trace


def trace_part(trace: DocxTrace, part: str) -> list[ParagraphTrace]:
    """Return the paragraphs of another part of a traced package (a header or footer), traced as the
    body's are, in order. They point into the part as `trace.package.xml(part)` keeps it."""
    package = trace.package
    rels = package.rels(trace.main)
    styles_name = next((t for rt, t, ext in rels.values() if rt == "styles" and not ext), None)
    numbering_name = next((t for rt, t, ext in rels.values() if rt == "numbering" and not ext), None)
    styles = _load_styles(package, styles_name)
    numbering = _load_numbering(package, numbering_name, styles)
    reader = _Reader(package, part, styles, numbering, package.rels(part), {}, {}, trace={}, trace_only=True)
    reader.body(package.xml(part))
    reader.finish()
    traced = reader.trace or {}
    return [traced[i] for i in sorted(traced)]


def _read(
    package: Package, sha256: str, *, reject: bool, trace: DocxTrace | None, trace_only: bool = True
) -> Document:
    source = package.source
    main = main_part(package)  # raises OpenDocumentText for an ODT
    warnings: list[Diagnostic] = []
    if any(n.endswith("vbaProject.bin") for n in package.names):
        warnings.append(
            Diagnostic("macros-ignored", "macro-enabled document: macros are ignored, never run", source)
        )
    rels = package.rels(main)
    styles_name = next((t for rt, t, ext in rels.values() if rt == "styles" and not ext), None)
    numbering_name = next((t for rt, t, ext in rels.values() if rt == "numbering" and not ext), None)
    styles = _load_styles(package, styles_name)
    numbering = _load_numbering(package, numbering_name, styles)
    limits = _Limits()
    notes = {
        kind: _notes(
            package,
            rels,
            kind,
            styles,
            numbering,
            reject=reject,
            limits=limits,
            trace=None if trace is None else trace.notes,
            trace_only=trace_only,
        )
        for kind in ("footnote", "endnote")
    }
    reader = _Reader(
        package,
        main,
        styles,
        numbering,
        rels,
        notes,
        _comments(package, rels),
        limits=limits,
        reject=reject,
        trace=None if trace is None else trace.paragraphs,
        trace_only=trace is not None and trace_only,
    )
    if trace is not None:
        trace.main = main
    root = package.xml(main)
    body = root.find(_w("body"))
    if body is None:
        raise ReadError(f"{main} has no w:body: not a Word document", source)
    reader.body(body)
    reader.finish()
    # The parts a trace holds are those the walk of the body parsed (as `trace_docx` has them).
    parsed = {} if trace is None else dict(trace.roots)
    if trace is not None and trace_only:
        return Document(source=source, sha256=sha256, format="docx", blocks=())
    blocks = _mark_heading_like(reader.blocks)
    if reader.revisions:
        warnings.append(
            Diagnostic(
                "tracked-changes",
                f"holds {reader.revisions} unaccepted tracked change(s); read as if all were "
                + ("rejected" if reject else "accepted"),
                source,
            )
        )
    if reader.illegal:
        warnings.append(
            Diagnostic("illegal-characters", f"dropped {reader.illegal} XML-illegal character(s)", source)
        )
    if not blocks:
        warnings.append(Diagnostic("empty", "no text: zero clauses", source))
    metadata = _header_footer_lines(
        package, rels, styles, numbering, reject=reject, limits=limits
    ) + _core_properties(package)
    if trace is not None:
        trace.roots.clear()
        trace.roots.update(parsed)
    warnings.extend(_left_out(limits, source))
    if limits.too_deep:
        warnings.append(
            Diagnostic(
                "nesting-too-deep",
                f"skipped {limits.too_deep} text box(es), table(s) or content control(s) nested more "
                f"than {MAX_DEPTH} levels deep",
                source,
            )
        )
    return Document(
        source=source,
        sha256=sha256,
        format="docx",
        blocks=tuple(blocks),
        metadata=tuple(metadata),
        objects=tuple(reader.objects),
        warnings=tuple(warnings),
    )


def _quoted(text: str) -> str:
    text = " ".join(text.split())
    return f"“{text[:_NAMED_CHARS]}…”" if len(text) > _NAMED_CHARS else f"“{text}”"


def _listed(places: list[str], count: int) -> str:
    """Return the places a warning names, and how many more it counts."""
    more = count - len(places)
    return ", ".join(places) + (f" and {more} more" if more > 0 else "")


def _left_out(limits: _Limits, source: str) -> list[Diagnostic]:
    """Warnings naming what the read leaves out of the clauses on purpose (decision 0001, session 26):
    a table of contents, equations' text, imported chunks. Nothing a reader shows goes silently."""
    out = []
    if limits.contents:
        n, ends = limits.contents, limits.contents_ends
        out.append(
            Diagnostic(
                "table-of-contents",
                f"skipped a table of contents of {n} paragraph(s) (Word makes it from the headings): "
                + " … ".join(_quoted(t) for t in ends),
                source,
            )
        )
    if limits.equations:
        places = ", ".join(_quoted(t) for t in limits.equation_places)
        more = limits.equation_paragraphs - len(limits.equation_places)
        out.append(
            Diagnostic(
                "equations",
                f"{limits.equations} equation(s) kept as fingerprints, their text not in the clauses: in "
                + places
                + (f" and {more} more paragraph(s)" if more > 0 else ""),
                source,
            )
        )
    if limits.hidden:
        out.append(
            Diagnostic(
                "hidden-text",
                f"hidden text (Word does not show it) not read in {limits.hidden} paragraph(s): "
                + _listed([_quoted(t) for t in limits.hidden_places], limits.hidden),
                source,
            )
        )
    if limits.placeholders:
        out.append(
            Diagnostic(
                "placeholder-text",
                f"{limits.placeholders} content control(s) show their placeholder text, a prompt to fill "
                "them in (read as Word shows it, not the policy's words): "
                + _listed(limits.placeholder_places, limits.placeholders),
                source,
            )
        )
    if limits.alt_chunks:
        out.append(
            Diagnostic(
                "altchunk-ignored",
                f"{limits.alt_chunks} imported chunk(s) not read (w:altChunk: HTML, RTF or a document Word "
                "converts as it opens the file); save the file from Word to read them",
                source,
            )
        )
    return out


def _mark_heading_like(blocks: list[Block]) -> list[Block]:
    """Return blocks with plain paragraphs that look like headings marked as candidates.

    A paragraph counts when it is short and unpunctuated and either wholly bold or underlined
    (a heading typed by hand) or the document has no heading styles at all.
    """
    has_headings = any(b.kind in (BlockKind.HEADING, BlockKind.TITLE) for b in blocks)
    out: list[Block] = []
    for block in blocks:
        if block.kind is not BlockKind.PARAGRAPH:
            out.append(block)
            continue
        candidate = is_heading_like(block.text) and (
            not has_headings
            or any((s.bold or s.underline) and s.start == 0 and s.end >= len(block.text) for s in block.spans)
        )
        typed = typed_label(block.text)
        if typed is not None and not (typed[0] == "numbered" and candidate):
            out.append(_typed_list_item(block, typed))
            continue
        if candidate:
            block = Block(
                block.kind,
                block.text,
                block.level,
                block.label,
                block.style,
                block.spans,
                block.location,
                block.annotations,
                heading_like=True,
            )
        out.append(block)
    return out


def _typed_list_item(block: Block, typed: tuple[str, str | None, int]) -> Block:
    """Return a paragraph whose bullet or number was typed in ("•<tab>text", "a)  text") as a list item.

    The bullet goes and a number becomes the label, as for a list Word numbers itself; the spans move
    with the text.
    """
    kind, label, offset = typed
    text = block.text[offset:]
    spans = tuple(s.at(max(s.start - offset, 0), s.end - offset) for s in block.spans if s.end > offset)
    return Block(
        BlockKind.LIST_ITEM,
        text,
        0,
        label,
        block.style,
        spans,
        block.location,
        block.annotations,
        explicit=kind == "bullet",
    )
