"""Plain text, Markdown and reStructuredText-ish files into blocks, with the encoding decided safely."""

from __future__ import annotations

import bisect
import codecs
import itertools
import re
from collections.abc import Sequence
from itertools import compress, count, starmap

from policydiff._lazy import compile_later
from policydiff.errors import ReadError
from policydiff.model import (
    Annotation,
    Block,
    BlockColumns,
    BlockKind,
    BlockRow,
    Blocks,
    Diagnostic,
    Document,
    Location,
    Span,
)
from policydiff.normalise import strip_xml_illegal
from policydiff.readers import suffix_of
from policydiff.readers.front_matter import yaml_metadata
from policydiff.segment import METADATA_OPENINGS, is_quantity, label_follows

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import Any, overload

_MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown", ".mkd"}


# --------------------------------------------------------------------------- decoding


def decode(data: bytes, source: str, encoding: str | None) -> tuple[str, list[Diagnostic]]:
    """Return the text of `data` and any warnings; refuse binary data and mixed encodings."""
    text, warnings, _ = _decode(data, source, encoding)
    return text, warnings


def _decode(data: bytes, source: str, encoding: str | None) -> tuple[str, list[Diagnostic], bool]:
    """`decode`, and whether the text's control characters show in `data` as the bytes UTF-8 gives them
    (UTF-8 and Windows-1252 text: they are then looked for in the bytes, at memory speed)."""
    warnings: list[Diagnostic] = []
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise ReadError(f"unknown encoding {encoding!r}", source) from None
        try:
            return data.decode(encoding), warnings, False
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise ReadError(f"line {line}: not valid {encoding}", source) from None
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec), warnings, codec == "utf-8"
            except UnicodeDecodeError as exc:
                raise ReadError(
                    f"not valid {codec.upper()} after its byte-order mark (byte {exc.start})",
                    source,
                ) from None
    if _looks_binary(data):
        raise ReadError("a binary file, not text (control bytes throughout)", source)
    if b"\x00" in data:
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            warnings.append(
                Diagnostic("encoding-guess", "no byte-order mark; read as UTF-16 by its layout", source)
            )
            return utf16, warnings, False
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise ReadError(f"line {line}: contains NUL bytes: a binary file, not text", source)
    try:
        return data.decode("utf-8"), warnings, True
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    if _has_utf8_multibyte(data):
        line = data[:first_bad].count(b"\n") + 1
        raise ReadError(
            f"line {line}: mixes encodings (valid UTF-8 elsewhere, not on this line); "
            "fix the file or pass --encoding",
            source,
        )
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ReadError(
            f"line {line}: neither UTF-8 nor Windows-1252 text; pass --encoding", source
        ) from None
    warnings.append(Diagnostic("encoding-fallback", "not valid UTF-8; read as Windows-1252 (cp1252)", source))
    return text, warnings, True


_UTF8_MULTIBYTE = compile_later(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 11, 27)) + b"\x7f"


def _looks_binary(data: bytes) -> bool:
    """Return whether `data` is binary: over 5 % control bytes (UTF-16 aside) in its first 8 KB."""
    sample = data[:8192]
    if not sample or _utf16_without_bom(sample[: len(sample) // 2 * 2]) is not None:
        return False
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls > 0.05 * len(sample)


def _has_utf8_multibyte(data: bytes) -> bool:
    """Return whether `data` holds at least one well-formed non-ASCII UTF-8 sequence."""
    return _UTF8_MULTIBYTE.search(data) is not None


def _utf16_without_bom(data: bytes) -> str | None:
    """Return the text if `data` looks like BOM-less UTF-16 (NULs in every other byte), else None."""
    if len(data) < 4 or len(data) % 2:
        return None
    sample = data[:4096]
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.4 * half and even < 0.05 * half:
        codec = "utf-16-le"
    elif even > 0.4 * half and odd < 0.05 * half:
        codec = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    return None if "\x00" in text else text


# --------------------------------------------------------------------------- lines

# An ATX heading's opening: its closing `#`s are cut by hand (`_atx_text`), as a regular expression
# with optional spaces on both sides of the text backtracks over a long run of spaces.
_ATX = compile_later(r" {0,3}(#{1,6})(?=[ \t]|$)")
# A rule of box-drawing lines is an underline too: `w3m -dump` draws a horizontal rule (`<hr>`) as a line of
# "━" (U+2501), and text typed in other tools underlines with "─" or "═".
_UNDERLINE = compile_later(r"^([=\-~^\"'*+#:.`_─━═])\1{2,}\s*$")
# Bullets typed or pasted from Word: its Symbol-font bullets arrive as private-use characters
# (U+F0B7 and friends), and its second-level "o" is followed by a tab.
# Word's plain-text export writes its third-level Wingdings bullet as "§" and a tab; bullets pasted from
# Word are often followed by no-break spaces.
_BULLET = compile_later(
    r"^([ \t\u00a0]*+)([-*+•·‣◦▪▫■□●○⁃∙➢➤►▶✓✔–—\uf0b7\uf0a7\uf076\uf0d8\uf0fc]|[o§](?=\t))"
    r"[ \t\u00a0]++(\S.*)$"
)
_BULLET_MARKS = frozenset("-*+•·‣◦▪▫■□●○⁃∙➢➤►▶✓✔–—\uf0b7\uf0a7\uf076\uf0d8\uf0fc")
_BULLET_SPACE = " \t\u00a0"


def _bullet_parts(line: str) -> tuple[str, str] | None:
    """Return `_BULLET.match(line)`'s groups 1 and 3 (the indent before the bullet, the text after it and its
    spaces), or None when it does not match: the same test by string methods, without compiling the pattern
    (over a millisecond) or running it."""
    if (
        line[1:2] == " "
        and line[:1] in _BULLET_MARKS
        and line[2:3]
        and not line[2].isspace()
        and "\n" not in line
    ):
        return "", line[2:]  # the usual bullet ("- text"): no indent, one space
    rest = line.lstrip(_BULLET_SPACE)
    mark = rest[:1]
    if mark in _BULLET_MARKS or (mark in ("o", "§") and rest[1:2] == "\t"):
        body = rest[1:].lstrip(_BULLET_SPACE)
        if body and len(body) < len(rest) - 1 and not body[0].isspace():
            end = body.find("\n")  # `.*$`: to a line break that ends the line, not past one
            if end < 0:
                return line[: len(line) - len(rest)], body
            if end == len(body) - 1:
                return line[: len(line) - len(rest)], body[:end]
    return None


_ROMAN = r"(?:x{0,3})(?:ix|iv|v?i{0,3})"
_NUMBERED = compile_later(
    r"^([ \t\u00a0]*+)("
    r"\(?(?:\d{1,3}|[a-zA-Z]|" + _ROMAN + r"|" + _ROMAN.upper() + r")[.)]"  # 1.  a)  (i)  IV.
    r"|\(\d{1,3}\)|\([a-zA-Z]\)"
    r"|\d{1,3}(?:\.\d{1,3})+\.?"  # 4.2  4.2.1.
    r")[ \t\u00a0]+(\S.*)$"
)
_THEMATIC = compile_later(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_TABLE_ROW = compile_later(r"^\s*\|.*\|\s*$")
_TABLE_RULE_CELL = compile_later(r":?-{2,}:?")
_FENCE = compile_later(r"^ {0,3}(```|~~~)")
_CLOSING = ".,;:!?"
_METADATA_HINT = compile_later(r"^\s*(reviewed|review|date|version|updated|adopted|approved)\b", re.I)


# The characters a line's first non-blank character must be for each pattern to have a chance, so a line
# of prose is tried against the one pattern it could match (`_NUMBERED`) instead of all of them.
_UNDERLINE_CHARS = frozenset("=-~^\"'*+#:.`_─━═")
_BULLET_CHARS = frozenset("-*+•·‣◦▪▫■□●○⁃∙➢➤►▶✓✔–—\uf0b7\uf0a7\uf076\uf0d8\uf0fco§")
_THEMATIC_CHARS = frozenset("-*_")
_FENCE_CHARS = frozenset("`~")


class _Line:
    """A line of a text file, classified (`_classify`)."""

    __slots__ = ("fence", "indent", "kind", "label", "level", "number", "raw", "text")

    def __init__(
        self,
        number: int,
        raw: str,
        kind: str,  # blank, atx, underline, bullet, numbered, table, rule, text
        indent: int = 0,
        text: str = "",
        label: str | None = None,
        level: int = 0,
    ) -> None:
        self.number = number
        self.raw = raw
        self.kind = kind
        self.indent = indent
        self.text = text
        self.label = label
        self.level = level
        self.fence = False  # opens or closes a fenced code block

    def _values(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other: object) -> bool:
        return self._values() == other._values() if isinstance(other, _Line) else NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return "_Line(" + ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__) + ")"


_BLANK = _Line(0, "", "blank")
"""Every blank line: nothing reads a blank line's number or text."""


def _classify_all(raw: list[str], first_number: int) -> list[_Line]:
    """Return every line of `raw` classified, once, in one pass (line numbers from `first_number`)."""
    return [_classify(number, line) for number, line in enumerate(raw, first_number)]


# A line starting with a letter is prose unless its first word could be a list label (`a)`, `iv.`)
# or Word's "o" bullet: every other line kind starts with a mark, a digit or a parenthesis.
_LABEL_START = compile_later(r"[A-Za-z]{1,8}+[.)]|o\t")


def _classify(number: int, raw: str) -> _Line:
    stripped = raw.strip()
    if not stripped:
        return _BLANK
    if stripped[0].isalpha() and _LABEL_START.match(stripped) is None:
        # Most lines: prose, classified without trying the patterns one by one.
        return _Line(number, raw, "text", len(raw) - len(raw.lstrip(" \t")), stripped)
    line = _classify_text(number, raw, stripped)
    if stripped[0] in _FENCE_CHARS:
        line.fence = _FENCE.match(raw) is not None
    return line


def _classify_text(number: int, raw: str, stripped: str) -> _Line:
    """Classify a non-blank line; each pattern is tried only if the line's first character allows it."""
    first = stripped[0]
    indent = len(raw) - len(raw.lstrip(" \t"))
    m = _ATX.match(raw) if first == "#" else None
    heading = _atx_text(raw[m.end() :]) if m else ""
    if m and heading:
        return _Line(number, raw, "atx", indent, heading, level=len(m.group(1)))
    if first == "|" and _TABLE_ROW.match(raw):
        if _is_table_rule(stripped):
            return _Line(number, raw, "rule", indent)
        return _Line(number, raw, "table", indent, stripped)
    bullet = _bullet_parts(raw) if first in _BULLET_CHARS else None
    if first in _UNDERLINE_CHARS and _UNDERLINE.match(stripped) and not bullet:
        return _Line(number, raw, "underline", indent, stripped)
    if bullet:
        return _Line(number, raw, "bullet", len(bullet[0].expandtabs(4)), bullet[1].strip())
    m = _NUMBERED.match(raw)
    if m and _is_label(m.group(2), m.group(3)):
        return _Line(
            number, raw, "numbered", len(m.group(1).expandtabs(4)), m.group(3).strip(), label=m.group(2)
        )
    if first in _THEMATIC_CHARS and _THEMATIC.match(raw):
        return _Line(number, raw, "rule", indent)
    return _Line(number, raw, "text", indent, stripped)


def _atx_text(rest: str) -> str:
    """Return an ATX heading's text from what follows its opening `#`s: closing `#`s and spaces cut."""
    rest = rest.strip(" \t")
    bare = rest.rstrip("#")
    if len(bare) < len(rest) and (not bare or bare[-1] in " \t"):
        rest = bare.rstrip(" \t")
    return rest.strip()


def _is_table_rule(stripped: str) -> bool:
    """Return whether a table row is the rule under a Markdown table's header (`|---|:--:|`)."""
    cells = stripped.strip("|").split("|")
    return all(_TABLE_RULE_CELL.fullmatch(cell.strip()) for cell in cells)


def typed_label(text: str) -> tuple[str, str | None, int] | None:
    """Return how a paragraph typed as a list item starts: (`bullet`/`numbered`, label, text offset).

    "•\tInhalers stay with the child." is a bullet whose text starts at 2; "a)  by email" has the
    label `a)`. Only the first line is looked at; None when the paragraph starts with neither.
    """
    first_line = text.split("\n", 1)[0]
    if not first_line.strip():
        return None
    first = first_line.lstrip(" \t\u00a0")[:1]
    bullet = _bullet_parts(first_line) if first in _BULLET_CHARS else None
    if bullet:
        return "bullet", None, len(first_line) - len(bullet[1])
    m = _NUMBERED.match(first_line)
    if m and _is_label(m.group(2), m.group(3)):
        return "numbered", m.group(2), m.start(3)
    return None


def _is_label(label: str, rest: str) -> bool:
    """Return whether a typed number `_NUMBERED` found before `rest` numbers the line: not bare brackets, an
    initial (`A. Smith`) or a quantity (`37.5 hours`)."""
    return (
        bool(label.strip("()."))
        and not _looks_like_sentence_initial(label, rest)
        and not is_quantity(label, rest)
    )


def _looks_like_sentence_initial(label: str, rest: str) -> bool:
    """Return whether a would-be label is really an initial or abbreviation (`A. Smith`, `I. e.`)."""
    if len(label) == 2 and label[1] == "." and label[0].isalpha():
        word = rest.split(" ", 1)[0]
        # "A. Smith" (an initial before a capitalised surname and nothing else) is not a clause label.
        return len(rest.split()) <= 2 and word[:1].isupper() and word.isalpha() and len(word) > 1
    return False


# --------------------------------------------------------------------------- inline markup

# Linear on any line: every span is bounded (a few hundred characters), no span runs over the mark
# that opens the next one of its kind (`[` for links, `<` for autolinks, `**` for strong text, a
# backtick for code), so the scans from two openings never overlap, and the long runs are possessive
# (no backtracking into them).
_INLINE = compile_later(
    r"(?P<esc>\\[\\`*_{}\[\]()#+\-.!|])"
    r"|(?P<code>`{1,3})(?P<codetext>[^`]{1,500}?)(?P=code)"
    r"|\[(?P<ltext>[^\]\n\[]{1,500}+)\]\((?P<lurl>(?:[^()\s\[]|\([^()\s\[]{0,200}+\)){1,2000}+)(?:\s++\"[^\"]{0,200}+\")?\)"
    r"|<(?P<auto>https?://[^>\s<]{1,2000}+)>"
    r"|\*\*(?=\S)(?P<stext>(?:[^*\n]|\*(?!\*)){1,500}?)(?<=\S)\*\*"
    r"|__(?=\S)(?P<stext2>(?:[^_\n]|_(?!_)){1,500}?)(?<=\S)__"
    r"|(?<![\w*])\*(?=[^\s*])(?P<emtext>[^*]{1,500}?)(?<=\S)\*(?![\w*])"
    r"|(?<![\w_])_(?=[^\s_])(?P<emtext2>[^_]{1,500}?)(?<=\S)_(?![\w_])"
)


_MARKS = ("*", "_", "[", "`", "<", "\\")
"""The characters inline markup starts with."""


def parse_inline(text: str) -> tuple[str, tuple[Span, ...]]:
    """Return `text` without Markdown inline markers, and the formatting spans they stood for."""
    # Six substring tests beat one regular expression search on a line without markup (most lines).
    if all(mark not in text for mark in _MARKS):
        return text, ()
    out: list[str] = []
    spans: list[Span] = []
    pos = 0
    length = 0
    for m in _INLINE.finditer(text):
        out.append(text[pos : m.start()])
        length += m.start() - pos
        pos = m.end()
        if m.group("esc"):
            out.append(m.group("esc")[1])
            length += 1
            continue
        inner_spans: tuple[Span, ...]
        if m.group("code"):
            inner, inner_spans = m.group("codetext"), ()
        elif m.group("ltext") is not None:
            inner, inner_spans = parse_inline(m.group("ltext"))
        elif m.group("auto"):
            inner, inner_spans = m.group("auto"), ()
        elif m.group("stext") is not None or m.group("stext2") is not None:
            inner, inner_spans = parse_inline(m.group("stext") or m.group("stext2"))
        else:
            inner, inner_spans = parse_inline(m.group("emtext") or m.group("emtext2"))
        start = length
        out.append(inner)
        length += len(inner)
        spans.extend(s.at(s.start + start, s.end + start) for s in inner_spans)
        if m.group("ltext") is not None:
            spans.append(Span(start, length, href=m.group("lurl")))
        elif m.group("auto"):
            spans.append(Span(start, length, href=m.group("auto")))
        elif m.group("stext") is not None or m.group("stext2") is not None:
            spans.append(Span(start, length, bold=True))
        elif m.group("emtext") or m.group("emtext2"):
            spans.append(Span(start, length, italic=True))
    out.append(text[pos:])
    return "".join(out), tuple(sorted(spans, key=lambda s: (s.start, s.end)))


# --------------------------------------------------------------------------- front matter


def _front_matter(lines: list[str]) -> tuple[list[tuple[str, str]], int]:
    """Return YAML front matter (a YAML mapping between `---` lines at the top, as in Markdown) as key/value
    pairs (`readers.front_matter`) and the number of lines it takes; none when the block is no mapping."""
    if not lines or lines[0].strip() != "---":
        return [], 0
    for end in range(1, min(len(lines), 200)):
        if lines[end].strip() in ("---", "..."):
            break
    else:
        return [], 0
    found = yaml_metadata("\n".join(lines[1:end]))
    if found is None or not found[0]:
        return [], 0  # not front matter (or too large to read as such): read as text, nothing lost
    return list(found[0]), end + 1


# --------------------------------------------------------------------------- blocks


def is_heading_like(text: str) -> bool:
    """Return whether a one-line text could be a heading: short, no closing punctuation, capitalised."""
    if not text or len(text) > 100 or text[-1] in _CLOSING:
        return False
    first = text.lstrip("\"'“‘(")[:1]
    if not first or not (first.isupper() or first.isdigit()):
        return False
    # A printable text's only whitespace is the space: under 12 spaces, it has 12 words or fewer.
    if (text.count(" ") >= 12 or not text.isprintable()) and len(text.split()) > 12:
        return False
    return first.isalpha() or any(map(str.isalpha, text))


def _numbered_heading_like(text: str) -> bool:
    """Return whether the text of a numbered line could be a heading: heading-like (`is_heading_like`), or a
    title in title case or capitals closed by one full stop, as licences and contracts number their
    sections ("4. Inability to Comply Due to Statute or Regulation.", "7. DISCLAIMER OF WARRANTY.";
    session 20). "a) Give prominent notice with each copy." is a sentence: it has lower-case words."""
    if is_heading_like(text):
        return True
    if len(text) > 80 or not text.endswith(".") or text.endswith(".."):
        return False
    words = text[:-1].split(" ")
    return (
        0 < len(words) <= 10
        and is_heading_like(text[:-1])
        and all(w[:1].isupper() or w[:1].isdigit() or w in _TITLE_SMALL_WORDS for w in words if w)
    )


_TITLE_SMALL_WORDS = frozenset(
    # articles, conjunctions, prepositions
    "a an the and or nor but if of to in on at by for from with into onto upon under over as per via than "
    "about after before between through within without against among during across along around towards "
    "toward beyond until "
    # negation, demonstratives, possessives (session 20: "14. Revised Versions of this License.")
    "not this that these those its our your their his her my".split()
)
"""The words a title in title case leaves in lower case: function words, no verb, noun or adjective, so a
numbered sentence ("1. Staff must report concerns to the lead.") keeps a lower-case word and stays an item."""


def _wrap_width(raw: list[str], lines: list[_Line]) -> int | None:
    """Return the wrap width if the file is hard-wrapped, else None (`lines`: the `raw` lines classified)."""
    width = _width(raw)
    if width is None:
        return None
    # Evidence of wrapping: a line broken mid-sentence (no closing punctuation, the next line
    # going on in lower case). A file of one sentence per line never shows it.
    for a, b in itertools.pairwise(lines):
        if (
            b.kind == "text"
            and b.text[:1].islower()
            and a.kind in ("text", "bullet", "numbered")
            and a.raw.rstrip()[-1:] not in ".!?:;"
            and _wrapped(a, b, width)
        ):
            return width
    return None


def _width(raw: list[str]) -> int | None:
    """Return the width a hard-wrapped file of the lines `raw` would be wrapped at (the 95th percentile of
    its lines' lengths), or None when its lines are too long for that.

    A wrapper leaves alone what it cannot wrap: rows of columns (three spaces or a tab inside the line) and
    code (indented four spaces or more). So when the other lines, the prose at the margin, are at least a
    fifth of the lines, the width is the smaller of theirs and all lines': `pandoc -t
    plain --columns 60` of Pillow's deprecations holds tables 150 characters wide and SymPy's MyST page
    76-character code lines, which put the 95th percentile past 100 and at 76 and read every wrapped
    paragraph there line by line, a line "12.0.0 (2025-10-15), when …" as an item (session 24, round 8). A
    licence quoting others indented, wrapped narrower than its own text (Sphinx's), keeps the width of all.
    """
    # A blank line's length is 0 once its end is trimmed, and only blank lines are 0 long.
    trimmed = list(map(str.rstrip, raw))
    lengths = sorted(map(len, trimmed))
    lengths = lengths[bisect.bisect_right(lengths, 0) :]
    margin = sorted(
        len(line)
        for line in trimmed
        if line and line[:4] != "    " and "\t" not in line and "   " not in line.lstrip(" ")
    )
    if 5 * len(margin) >= len(lengths) >= 2 and _p95(margin) < _p95(lengths):
        lengths = margin
    if len(lengths) < 2:
        return None
    p95 = _p95(lengths)
    if p95 <= 100:
        return p95
    # The lines too long for a wrap width may all be list items a converter does not wrap (`html2text`'s
    # `wrap_list_items` is off by default: "  * " and "  1. " items one line each, up to 500 characters,
    # the paragraphs around them wrapped at 78): then the width is the lines' that are not list items.
    if not all(map(_unwrapped_item, filter(lambda line: len(line) > 100, trimmed))):
        return None
    lengths = sorted(len(line) for line in trimmed if line and not _unwrapped_item(line))
    p95 = _p95(lengths) if len(lengths) >= 2 else 101
    return None if p95 > 100 else p95


def _unwrapped_item(line: str) -> bool:
    """Return whether `line` opens as a Markdown list item ("* ", "- ", "+ ", "1. ") after any spaces."""
    opened = line.lstrip(" ")
    if opened[:2] in ("* ", "- ", "+ "):
        return True
    number, _, rest = opened.partition(". ")
    return bool(rest) and number.isdigit() and len(number) <= 3


def _p95(lengths: list[int]) -> int:
    """Return the 95th percentile of the sorted, non-empty `lengths`."""
    return lengths[min(len(lengths) - 1, int(len(lengths) * 0.95))]


def _wrapped(a: _Line, b: _Line, width: int | None) -> bool:
    """Return whether line `b` continues line `a` under greedy wrapping at about `width`.

    `width` is the longest line seen (95th percentile), which can fall short of the editor's real
    wrap column, so a line counts as wrapped when the next word would have taken it past 85 % of it.

    A file with no wrap width (`width` None: most paragraphs one long line, or no line broken mid-sentence
    at the width of its lines) may still hold a paragraph or item someone wrapped by hand ("…sexual
    attention or" / "advances of any kind"): there `b` goes on `a` only on the evidence of a sentence
    broken in the middle — `a` with no closing punctuation, `b` opening in lower case — near a usual wrap
    column (`LOOSE_WRAP_WIDTH`), the line `a` itself over half of it, so that a short line over a lower-case
    one stays apart.
    """
    if b.text[:1] in _CONTINUING and _continues(b.text):
        return True  # no sentence or paragraph opens with a lone comma or full stop
    first_word = b.text.split(" ", 1)[0]
    end = len(a.raw.rstrip()) + 1 + len(first_word)
    if width is not None:
        return end > 0.85 * width
    line = a.raw.rstrip()
    return (
        end > 0.85 * LOOSE_WRAP_WIDTH
        and len(line) > LOOSE_WRAP_WIDTH // 2
        and b.text[:1].islower()
        and line[-1:] not in _SENTENCE_END
    )


_CONTINUING = frozenset(".,;:")
"""The marks a line opens with, alone or before a space, when a converter broke the line before the
punctuation that closes a link or inline code: `lynx -dump` ("…/faq" / ". Translations are available
at", "…/code_of_conduct.html" / ".") and `w3m -dump` ("…marked unstable or experimental" / ", but even
experimental modules …"). Such a line goes on the one before, whatever their lengths, and is joined to it
without a space (`_joined`)."""


def _continues(text: str) -> bool:
    """Return whether the line `text`, opening with a mark of `_CONTINUING`, goes on the line before: the
    mark alone, or before a space and (a full stop) a capital. A shell's ". ~/.venv/bin/activate" does not."""
    if len(text) == 1:
        return True
    if text[1] != " ":
        return False
    return text[0] != "." or text[2:3].isupper()


LOOSE_WRAP_WIDTH = 80
"""The wrap column a line broken mid-sentence is measured against in a file with no wrap width of its own:
the usual one of editors and mail (see `_wrapped`)."""


def decoded_lines(
    data: bytes, source: str, encoding: str | None, warnings: tuple[Diagnostic, ...], *, page_break: str
) -> tuple[list[str], list[Diagnostic]]:
    """Return the lines of a text file (split at \\r\\n, \\r or \\n only, unlike `str.splitlines`) and the
    warnings so far: decoded (`decode`), form feeds and vertical tabs replaced by `page_break`, characters
    XML cannot hold dropped (warned). The text, Markdown and reStructuredText readers all start here."""
    text, all_warnings = _decoded_text(data, source, encoding, warnings, page_break=page_break)
    return text.split("\n"), all_warnings


# Control characters XML forbids, as bytes (form feed and vertical tab aside: they become line breaks).
_ILLEGAL_BYTES = tuple(bytes((c,)) for c in (*range(0x09), *range(0x0E, 0x20)))


def _decoded_text(
    data: bytes, source: str, encoding: str | None, warnings: tuple[Diagnostic, ...], *, page_break: str
) -> tuple[str, list[Diagnostic]]:
    """`decoded_lines` before the split: the text with every line break made `\\n`."""
    text, all_warnings, _ = _decoded_pages(data, source, encoding, warnings, page_break=page_break)
    return text, all_warnings


def _decoded_pages(
    data: bytes,
    source: str,
    encoding: str | None,
    warnings: tuple[Diagnostic, ...],
    *,
    page_break: str,
    form_feed: str | None = None,
) -> tuple[str, list[Diagnostic], bool]:
    """`_decoded_text`, a form feed made `form_feed` when given (else `page_break`), and whether the text
    held a form feed."""
    text, decode_warnings, as_bytes = _decode(data, source, encoding)
    all_warnings = [*warnings, *decode_warnings]
    # Each replacement only when its character is there: a search for one character runs at memory
    # speed, a replacement that finds nothing still walks the text (slowly, when it is not Latin-1).
    paged = "\f" in text
    if paged and form_feed != "\f":
        text = text.replace("\f", page_break if form_feed is None else form_feed)
    if "\v" in text:
        text = text.replace("\v", page_break)
    if (
        as_bytes
        and not any(b in data for b in _ILLEGAL_BYTES)
        and "\ufffe" not in text
        and "\uffff" not in text
    ):
        # UTF-8 or Windows-1252 without a control character's byte, and neither U+FFFE nor U+FFFF: the
        # text holds no character XML forbids (a strict decoder makes no surrogates), so it is not
        # searched character by character. Each search is for one byte or character (at memory speed).
        illegal = 0
    elif paged and form_feed == "\f":  # XML forbids the form feed too: kept between the pages cleaned
        cleaned = [strip_xml_illegal(page) for page in text.split("\f")]
        text = "\f".join(page for page, _ in cleaned)
        illegal = sum(n for _, n in cleaned)
    else:
        text, illegal = strip_xml_illegal(text)
    if illegal:
        all_warnings.append(
            Diagnostic("illegal-characters", f"dropped {illegal} control character(s)", source)
        )
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, all_warnings, paged


def read_text(
    data: bytes,
    source: str,
    sha256: str,
    *,
    encoding: str | None = None,
    warnings: tuple[Diagnostic, ...] = (),
) -> Document:
    """Return the `Document` for a plain-text or Markdown file."""
    # A form feed (a page break) or a vertical tab (Word's manual line break in exported text) ends a
    # line: they are not junk to drop.
    text, all_warnings, paged = _decoded_pages(
        data, source, encoding, warnings, page_break="\n", form_feed="\f"
    )
    numbers: list[int] | None = None
    if paged:
        # Pages (text extracted from a PDF): their running headers, footers and page numbers dropped, and
        # a paragraph a page break cut in two made whole again.
        raw_lines, numbers, dropped = _without_page_furniture(text)
        if dropped:
            all_warnings.append(
                Diagnostic(
                    "page-furniture", f"dropped {dropped} page header, footer or number line(s)", source
                )
            )
    else:
        raw_lines = text.split("\n")
    fmt = "markdown" if suffix_of(source) in _MARKDOWN_SUFFIXES else "text"
    metadata, skip = _front_matter(raw_lines)
    title = dict(metadata).get("title")
    marks = [mark for mark in _MARKS if mark in text]
    del text  # the lines hold it all again: not kept while the blocks are made
    body = raw_lines[skip:] if skip else raw_lines
    # Lines renumbered by dropping page furniture are read by the general reader, which takes their numbers.
    found = _line_by_line(body, skip, marks) if numbers is None else None
    blocks: Sequence[Block]
    if found is None:
        blocks = tuple(_blocks(body, skip + 1, None if numbers is None else numbers[skip:]))
        markup = any(b.explicit and b.style in ("atx", "setext") for b in blocks)
    else:
        columns, others, markup = found
        blocks = Blocks.from_columns(
            columns, others
        )  # each `Block` made only if read: `segment` reads the columns
    if not blocks:
        all_warnings.append(Diagnostic("empty", "no text: zero clauses", source))
    if fmt == "text" and markup:
        fmt = "markdown"
    return Document(
        source=source,
        sha256=sha256,
        format=fmt,
        blocks=blocks,
        metadata=tuple(metadata),
        warnings=tuple(all_warnings),
        title=title,
    )


# A page's header or footer line: a page number ("Page 3 of 12", "3/12", "- 3 -"), its digits made `#`.
_PAGE_NUMBER = compile_later(r"[-–—]? ?(?:page ?)?# ?(?:(?:of|/) ?#)?\.? ?[-–—]?", re.IGNORECASE)
_PAGE_EDGE = 3
"""How many non-blank lines at the top and at the bottom of a page may be its furniture."""
_SENTENCE_END = ".!?:;"


def _furniture_key(line: str) -> str:
    """Return what a page header or footer line is recognised by: its words, every run of digits `#`."""
    return re.sub(r"\d+", "#", " ".join(line.split()))


def _without_page_furniture(text: str) -> tuple[list[str], list[int], int]:
    """Return the lines of a text paged by form feeds (as `pdftotext` writes it) without the pages' running
    headers, footers and page numbers, the line number of each line kept, and how many lines were dropped.

    A line among the first or last `_PAGE_EDGE` non-blank lines of a page is furniture when it is a page
    number ("Page 2 of 5", "2") or when the same line of words (digits aside) stands at the top or bottom of
    at least two pages and of half of them. Only the lines from the page's edge to its first line of text
    are dropped.
    A page break then joins the pages' text with no blank line between when a sentence goes on over it (the
    last line before it has no closing mark, or the next opens in lower case), so that a paragraph or list
    item the break cut in two is read whole, as on a page; else with one blank line.
    """
    pages = [page.split("\n") for page in text.split("\f")]
    starts = list(itertools.accumulate((len(page) for page in pages[:-1]), initial=1))
    edges: list[tuple[list[int], list[int]]] = []
    seen: dict[str, int] = {}
    for page in pages:
        filled = [i for i, line in enumerate(page) if line.strip()]
        head, tail = filled[:_PAGE_EDGE], filled[-_PAGE_EDGE:][::-1]
        edges.append((head, tail))
        for key in {_furniture_key(page[i]) for i in (*head, *tail)}:
            seen[key] = seen.get(key, 0) + 1
    filled_pages = sum(1 for head, _ in edges if head)
    # A repeated line has words: list numbers ("#.#", digits made `#`) open many pages.
    repeated = {
        key for key, n in seen.items() if n >= 2 and 2 * n >= filled_pages and any(map(str.isalpha, key))
    }

    def furniture(line: str) -> bool:
        key = _furniture_key(line)
        return key in repeated or _PAGE_NUMBER.fullmatch(key) is not None

    lines: list[str] = []
    numbers: list[int] = []
    dropped = 0
    for page, start, (head, tail) in zip(pages, starts, edges, strict=True):
        first, end = 0, len(page)
        for i in head:
            if not furniture(page[i]):
                break
            first = i + 1
            dropped += 1
        for i in tail:
            if i < first or not furniture(page[i]):
                break
            end = i
            dropped += 1
        kept = page[first:end]
        while kept and not kept[0].strip():
            kept.pop(0)
            first += 1
        while kept and not kept[-1].strip():
            kept.pop()
        if not kept:
            continue
        if lines:
            before, after = lines[-1].rstrip(), kept[0].lstrip()
            if before[-1:] in _SENTENCE_END and not after[:1].islower():
                lines.append("")  # a break between paragraphs
                numbers.append(start + first - 1)
        lines.extend(kept)
        numbers.extend(range(start + first, start + first + len(kept)))
    return lines, numbers, dropped


def _line_by_line(raw: list[str], skip: int, marks: list[str]) -> tuple[BlockColumns, list[int], bool] | None:
    """Return the blocks of the lines `raw` (a text's lines after `skip` lines of front matter) as columns
    of their fields (`Blocks.from_columns`), the indices of the rows that are not plain body text (`Blocks`)
    and whether Markdown heading markup was seen, when no line joins another; else None (see `_blocks`).
    `marks` are the characters of inline markup the text holds.

    Lines join when the file is hard-wrapped, when a line is underlined (setext and reStructuredText
    headings) and inside fenced code. Underlines, overlines and fences all open a line with three of one
    mark (`_UNDERLINE_CHARS`): such a line, or hard-wrap evidence, sends the file to `_blocks`. Without
    those, each line is classified and made into its rows in one pass over the non-blank lines (stripped
    beforehand, in one `map`): a line of prose (most lines) is a paragraph at once, a bulleted line an item.
    A line opening with a letter is prose unless it opens with a letter list label (`_LABEL_START`: `a)`,
    `iv.`, Word's `o` and a tab), which is tried only when a full stop or bracket is among its first nine
    characters, or it opens with `o`. The columns are made beforehand with every field a plain
    paragraph's, and a row sets only its text, its location and the fields that differ. Same blocks as
    `_blocks`, which a test checks on generated text.
    """
    one_mark = marks[0] if len(marks) == 1 else None
    strips = list(map(str.strip, raw))
    # One row a non-blank line at most (a table row's cells make room for themselves): cut at the end.
    size = len(raw)
    kinds: list[BlockKind] = [_PARAGRAPH_KIND] * size
    texts = [""] * size
    levels = [0] * size
    labels_at: list[str | None] = [None] * size
    styles: list[str | None] = ["text"] * size
    spans_at: list[tuple[Span, ...]] = [()] * size
    locs: list[int | Location] = [_NO_LOCATION] * size  # a line number for `Location(line=n)`
    annotations: list[tuple[Annotation, ...]] = [()] * size
    heading_like = [False] * size
    explicit = [False] * size
    columns: tuple[list[Any], ...] = (
        kinds,
        texts,
        levels,
        labels_at,
        styles,
        spans_at,
        locs,
        annotations,
        heading_like,
        explicit,
    )
    item = _LIST_ITEM_KIND
    openings = _CASED_OPENINGS
    others: list[int] = []  # the rows that are not plain body text (`Blocks`)
    add_other = others.append
    markup = False
    table_rows = 0
    reach = 0  # hard-wrap evidence: the longest line + next word of a line going on in lower case
    first_number = skip + 1
    last_texty = -1  # the number of the last line that was text or a list item
    last_numbered = -1  # the number of the last line that was a numbered item
    last_item = -1  # the number of the last line that was a list item
    r = 0  # the next row
    spans: tuple[Span, ...]
    for number, stripped in zip(compress(count(first_number), strips), filter(None, strips), strict=True):
        first = stripped[0]
        if first.isalpha() and not (
            ("." in (head := stripped[:9]) or ")" in head or first == "o") and _LABEL_START.match(stripped)
        ):
            if last_item == number - 1 and raw[number - first_number][0] != first:
                return None  # indented under a list item: maybe its hanging indent, one item (`_item_end`)
            # Prose: a paragraph.
            if last_texty == number - 1 and first.islower():
                if last_numbered == last_texty and _definition_goes_on(
                    raw[number - first_number - 1], raw[number - first_number]
                ):
                    return None  # a term over its definition: one item (`_item_end`)
                reach = _reach(reach, raw[number - first_number - 1], stripped)
            if not marks or (one_mark is not None and one_mark not in stripped):
                length = len(stripped)
                if length <= 100 and stripped[-1] not in _CLOSING and is_heading_like(stripped):
                    add_other(r)
                    heading_like[r] = True
                elif length <= 42 or (opening := stripped[:2]) in openings or not opening.isascii():
                    add_other(r)  # short, or may open as a metadata key
                texts[r] = stripped
                locs[r] = number
                r += 1
                last_texty = number
                continue
            body = stripped
            lettered = True
        elif first in _BULLET_CHARS and (bullet := _bullet_parts(raw[number - first_number])) is not None:
            space, body = bullet
            body = body.strip()
            if not marks or (one_mark is not None and one_mark not in body):
                texts[r] = body
            else:
                texts[r], spans = parse_inline(body)
                if spans:
                    add_other(r)
                    spans_at[r] = spans
            if space:
                levels[r] = min(len(space.expandtabs(4)) // 2, 8)
            kinds[r] = item
            styles[r] = "bullet"
            locs[r] = number
            explicit[r] = True
            r += 1
            last_texty = last_item = number
            continue
        else:
            if first in _UNDERLINE_CHARS and stripped[1:2] == first and stripped[2:3] == first:
                return None  # an underline, overline or fence may join lines: the general reader reads it
            ln = _classify_text(number, raw[number - first_number], stripped)
            kind = ln.kind
            if kind == "text":
                if last_item == number - 1 and raw[number - first_number][0] != first:
                    return None  # indented under a list item: maybe its hanging indent (`_item_end`)
                body = ln.text
                if len(body) <= 8 and _bare_marker(body) is not None:
                    return None  # a list number or bullet alone on its line may join the next line's text
                lettered = False  # a paragraph opening with no letter: not plain body text
                if last_texty == number - 1 and first.islower():
                    reach = _reach(reach, raw[number - first_number - 1], body)
            elif kind in ("bullet", "numbered"):
                label = ln.label if kind == "numbered" else None
                level = ln.indent // 2
                if label and re.fullmatch(r"\d+(\.\d+)+\.?", label):
                    level = label.rstrip(".").count(".")
                plain, spans = parse_inline(ln.text)
                add_other(r)
                row = (
                    item,
                    plain,
                    min(level, 8),
                    label,
                    kind,
                    spans,
                    _line_location(number),
                    (),
                    kind == "numbered" and _numbered_heading_like(plain),
                    kind == "bullet",
                )
                _put(columns, r, row)
                r += 1
                last_texty = last_item = number
                if kind == "numbered":
                    last_numbered = number
                continue
            else:
                if kind == "atx":
                    plain, spans = parse_inline(ln.text)
                    add_other(r)
                    row = (
                        _HEADING_KIND,
                        plain,
                        ln.level,
                        None,
                        "atx",
                        spans,
                        _line_location(number),
                        (),
                        False,
                        True,
                    )
                    _put(columns, r, row)
                    r += 1
                    markup = True
                elif kind == "table":
                    cells = _table_cells(ln, table_rows)
                    for column, default in zip(columns, _DEFAULT_ROW, strict=True):
                        column.extend([default] * len(cells))  # room past the row this line counted on
                    for cell in cells:
                        add_other(r)
                        _put(columns, r, cell)
                        r += 1
                    table_rows += 1
                elif kind != "rule":
                    return None  # an underline (not reached: it opens with three of one mark)
                continue
        # A line of text marked up, or opening with no letter: a paragraph of its own, unless the file
        # turns out to be hard-wrapped.
        if not marks or (one_mark is not None and one_mark not in body):
            plain, spans = body, ()
        else:
            plain, spans = parse_inline(body)
        length = len(plain)
        if length <= 100 and plain[-1:] not in _CLOSING and is_heading_like(plain):
            add_other(r)
            heading_like[r] = True
        elif (
            length <= 42
            or plain is not body
            or spans
            or not lettered
            or (opening := plain[:2]) in openings
            or not opening.isascii()
        ):
            add_other(r)  # plain body text (`Blocks`) unless short, marked up, or opening as a key may
        texts[r] = plain
        spans_at[r] = spans
        locs[r] = number
        r += 1
        last_texty = number
    if reach:
        width = _width(raw)
        if reach > 0.85 * (LOOSE_WRAP_WIDTH if width is None else min(width, LOOSE_WRAP_WIDTH)):
            return None  # hard-wrapped, or a line broken mid-sentence near a usual wrap column (`_wrapped`)
    for column in columns:
        del column[r:]
    return (
        (
            kinds,
            texts,
            levels,
            labels_at,
            styles,
            spans_at,
            LineLocations(locs),
            annotations,
            heading_like,
            explicit,
        ),
        others,
        markup,
    )


def _put(columns: tuple[list[Any], ...], r: int, row: BlockRow) -> None:
    """Set row `r` of `columns` to the fields `row`."""
    for column, value in zip(columns, row, strict=True):
        column[r] = value


def _reach(reach: int, previous: str, text: str) -> int:
    """Return the hard-wrap evidence `reach` with the line `text` (stripped, in lower case at first) after
    the raw line `previous`: how far the previous line would have reached with this line's first word, when
    the previous line has no closing punctuation (see `_line_by_line`)."""
    end = previous.rstrip()
    if end[-1:] not in ".!?:;":
        return max(reach, len(end) + 1 + len(text.split(" ", 1)[0]))
    return reach


_NO_LOCATION = Location(0)
_DEFAULT_ROW: BlockRow = (BlockKind.PARAGRAPH, "", 0, None, "text", (), _NO_LOCATION, (), False, False)
"""The fields `_line_by_line` starts each row with: a plain paragraph's."""

_CASED_OPENINGS = frozenset(
    a + b
    for opening in METADATA_OPENINGS
    for a in (opening[0], opening[0].upper())
    for b in (opening[1], opening[1].upper())
)
"""`METADATA_OPENINGS` in every case: an ASCII opening is in it when its lower case is in those."""


# Block kinds bound once: an enum member costs an attribute lookup on its class (about 0.4 µs) each time.
_HEADING_KIND, _PARAGRAPH_KIND, _LIST_ITEM_KIND, _TABLE_CELL_KIND = (
    BlockKind.HEADING,
    BlockKind.PARAGRAPH,
    BlockKind.LIST_ITEM,
    BlockKind.TABLE_CELL,
)

_LOCATIONS: list[Location | None] = [Location(0)]
"""`Location(line=n)` at index n, once read: made once in a process for every text file's blocks and
clauses on line n (`_line_location`)."""
_LOCATIONS_KEPT = 1 << 16


def _line_location(number: int) -> Location:
    """Return `Location(line=number)`: a frozen value, so the blocks on line `number` of any two files (the
    two sides of a comparison, the versions of a history) share one, made when first asked for. Past
    `_LOCATIONS_KEPT` lines one is made each time."""
    known = _LOCATIONS
    if number >= len(known):
        if number >= _LOCATIONS_KEPT:
            return Location(number)
        known.extend([None] * (number + 1 - len(known)))
    found = known[number]
    if found is None:
        found = known[number] = Location(number)
    return found


class LineLocations(Sequence[Location]):
    """A column of block locations in which a line number `n` stands for `Location(line=n)`, made when read
    (`_line_location`); any other item (a table cell's location) is itself.

    The plain-text reader hands its blocks' locations over this way (`_line_by_line`): a comparison reads
    the locations of the few clauses it makes a `Clause` for (`model.Clauses`), so a line's `Location` is
    made only when something reads it (decision 0024, session 17).
    """

    __slots__ = ("_items",)

    def __init__(self, items: list[int | Location]) -> None:
        self._items = items

    def __len__(self) -> int:
        return len(self._items)

    if TYPE_CHECKING:

        @overload
        def __getitem__(self, index: int) -> Location: ...

        @overload
        def __getitem__(self, index: slice) -> list[Location]: ...

        def __getitem__(self, index: int | slice) -> Location | list[Location]: ...

    def _get(self, index: int | slice) -> Location | list[Location]:
        if isinstance(index, slice):
            return list(self)[index]
        item = self._items[index]
        return _line_location(item) if isinstance(item, int) else item

    if not TYPE_CHECKING:
        __getitem__ = _get

    def __iter__(self) -> Iterator[Location]:
        for item in self._items:
            yield _line_location(item) if isinstance(item, int) else item


def _table_cells(ln: _Line, row: int) -> list[BlockRow]:
    """Return the blocks (as rows of their fields) of a Markdown table row's cells, the row numbered `row` in
    the file's tables."""
    cells = [c.strip() for c in ln.text.strip().strip("|").split("|")]
    rows: list[BlockRow] = []
    for col, cell in enumerate(cells):
        if cell:
            plain, spans = parse_inline(cell)
            location = Location(line=ln.number, row=row, column=col)
            rows.append((_TABLE_CELL_KIND, plain, 0, None, "table", spans, location, (), False, True))
    return rows


_DASHES = frozenset(("rule", "underline"))
"""The kinds of a line of dashes: a pandoc table opens with one, or with its header over one."""


def _pandoc_table(lines: list[_Line], i: int, row: int) -> tuple[int, int, list[BlockRow]] | None:
    """Return the lines, the file's table rows counted on and the cells' blocks of the pandoc table (`pandoc
    -t plain`: simple or multiline, `readers.pandoc_tables`) opening at line `i`; None where none does.

    A row of such a table was one clause, its cells apart by runs of spaces; the same table from
    LibreOffice, Word or a Markdown writer is a clause a cell (decision 0011, session 27).
    """
    opening = lines[i + 1] if lines[i].kind == "text" else lines[i]
    if opening.raw.lstrip()[:1] != "-" or (i and lines[i - 1].kind != "blank"):
        return None  # pandoc writes a blank line before a table: a line of dashes inside other lines is none
    n = len(lines)

    def get(k: int) -> str | None:
        return lines[i + k].raw.expandtabs(4) if i + k < n else None

    from policydiff.readers import pandoc_tables  # only for a line of dashes after a blank line

    table = pandoc_tables.read_table(get)
    if table is None:
        return None
    blocks: list[BlockRow] = []
    for cells in (*table.head, *table.body):
        for column, (offset, text) in enumerate(cells):
            if text:
                plain, spans = parse_inline(text.replace("\n", " "))
                location = Location(line=lines[i + offset].number, row=row, column=column)
                blocks.append((_TABLE_CELL_KIND, plain, 0, None, "table", spans, location, (), False, True))
        row += 1
    return table.lines, row, blocks


def _blocks(raw: list[str], first_number: int, numbers: Sequence[int] | None = None) -> list[Block]:
    """Return the blocks of the lines `raw` (numbered from `first_number`, or `numbers` when given), each
    line classified once."""
    lines = (
        _classify_all(raw, first_number)
        if numbers is None
        else [_classify(number, line) for number, line in zip(numbers, raw, strict=True)]
    )
    width = _wrap_width(raw, lines)
    blocks: list[Block] = []
    underline_styles: list[str] = []
    table_rows = 0
    i = 0
    n = len(lines)
    in_fence = False
    while i < n:
        ln = lines[i]
        if ln.fence:
            in_fence = not in_fence
            i += 1
            continue
        if in_fence and ln.kind != "blank":
            blocks.append(_make(_PARAGRAPH_KIND, ln.raw.strip(), ln.number, style="code"))
            i += 1
            continue
        kind = ln.kind
        if (kind in _DASHES or (kind == "text" and i + 1 < n and lines[i + 1].kind in _DASHES)) and (
            table := _pandoc_table(lines, i, table_rows)
        ) is not None:
            taken, table_rows, rows = table
            blocks.extend(starmap(Block, rows))
            i += taken
            continue
        if kind in ("blank", "rule"):
            i += 1
            continue
        if kind == "atx":
            blocks.append(
                _make(_HEADING_KIND, ln.text, ln.number, level=ln.level, style="atx", explicit=True)
            )
            i += 1
            continue
        if kind == "underline":
            # An over-and-underlined RST title: the overline comes first.
            if (
                i + 2 < n
                and lines[i + 1].kind == "text"
                and lines[i + 2].kind == "underline"
                and lines[i + 2].text[0] == ln.text[0]
            ):
                style = "over" + ln.text[0]
                blocks.append(_setext(lines[i + 1], style, underline_styles))
                i += 3
                continue
            i += 1
            continue
        if kind == "table":
            blocks.extend(starmap(Block, _table_cells(ln, table_rows)))
            table_rows += 1
            i += 1
            continue
        marker = _bare_marker(ln.text) if kind == "text" else None
        if marker is not None:
            # A list number or bullet alone on its line, its text on the next (`pdftotext` without
            # `-layout` puts the two columns apart): one item.
            k = i + 1
            while k < n and k <= i + 2 and lines[k].kind == "blank":
                k += 1
            if (
                k < n
                and lines[k].kind == "text"
                and _bare_marker(lines[k].text) is None
                and not (k + 1 < n and lines[k + 1].kind == "underline")
            ):
                label = ln.text if marker == "numbered" else None
                j = _item_end(lines, k + 1, lines[k].indent, width)
                blocks.append(
                    _item(
                        _Line(ln.number, ln.raw, marker, ln.indent, lines[k].text, label), lines, k, j, marker
                    )
                )
                i = j
                continue
        if kind in ("bullet", "numbered"):
            j = _item_end(lines, i + 1, ln.indent, width, ln.label)
            blocks.append(_item(ln, lines, i, j, kind))
            i = j
            continue
        # a text line: a setext/RST heading if underlined, else a paragraph (joined when hard-wrapped)
        if (
            i + 1 < n
            and lines[i + 1].kind == "underline"
            and len(lines[i + 1].text) >= min(3, len(ln.text))
            and not (
                lines[i + 1].text[0] == "-" and i > 0 and lines[i - 1].kind == "text" and width is not None
            )
        ):
            blocks.append(_setext(ln, lines[i + 1].text[0], underline_styles))
            i += 2
            continue
        parts = [ln.text]
        j = i + 1
        while j < n:
            if lines[j].kind == "numbered" and _label_goes_on(lines[j - 1], lines[j], width):
                parts.append(lines[j].raw.strip())  # ("… and" / "(2) were …": one sentence, wrapped)
            elif not (
                lines[j].kind == "text"
                and _wrapped(lines[j - 1], lines[j], width)
                and not (j + 1 < n and lines[j + 1].kind == "underline")
                # Neither line is a row of columns (`_in_columns`, inline) nor a bare list number or bullet.
                and "\t" not in (text := lines[j].text)
                and "   " not in text
                and (len(text) > 8 or _bare_marker(text) is None)
                and (j > i + 1 or not _in_columns(ln.text))
            ):
                break
            else:
                parts.append(text)
            j += 1
        body = _joined(parts)
        plain, spans = parse_inline(body)
        # Positional arguments: a frozen dataclass is built noticeably faster without keywords.
        blocks.append(
            Block(
                _PARAGRAPH_KIND,
                plain,
                0,
                None,
                "text",
                spans,
                Location(ln.number),
                (),
                j == i + 1 and is_heading_like(plain),
            )
        )
        i = j
    return blocks


def _item_end(lines: list[_Line], j: int, indent: int, width: int | None, label: str | None = None) -> int:
    """Return the index after the last line of a list item whose first line (of text, at `indent`) is
    `lines[j - 1]`: its wrapped lines are those that go on from the line before under hard wrapping, indented
    past its first line or, as Word's "Save as Plain Text" with line breaks and `pdftotext` write them, at
    its indent or less (a paragraph's wrapped lines are found the same way). A line opening with the label
    after the item's `label` ("2." after "1.") is the next item, wherever the sentence stands.

    A term on the label's line with its definition on the next, indented past the label and opening in lower
    case (MPL 2.0: '1.1. "Contributor"' / '    means each individual …'), is one item too, however short
    the term's line: read as a heading over a paragraph "means …", it was a split against MPL 1.1's one-line
    '1.1. "Contributor" means …' (session 20, third round)."""
    n = len(lines)
    first = j
    item = lines[j - 1]
    # The column the item's text opens at, when its line is marker and text (-1 when not found there).
    hang = item.raw.find(item.text, indent + 1) if item.kind in ("bullet", "numbered") and item.text else -1
    while j < n and (
        (
            j == first
            and label is not None
            and lines[j].kind == "text"
            and lines[j].text[:1].islower()
            and _definition_goes_on(lines[j - 1].raw, lines[j].raw)
        )
        or (
            lines[j].kind == "text"
            and _wrapped(lines[j - 1], lines[j], width)
            and (
                lines[j].indent > indent
                or (
                    _bare_marker(lines[j].text) is None
                    and not _in_columns(lines[j].text)
                    and not (j + 1 < n and lines[j + 1].kind == "underline")
                )
            )
        )
        or (
            _label_goes_on(lines[j - 1], lines[j], width)
            and not (label is not None and label_follows(label, lines[j].label or ""))
        )
        or (lines[j].kind == "text" and lines[j].indent == hang and _hangs(lines, j))
    ):
        j += 1
    return j


def _hangs(lines: list[_Line], j: int) -> bool:
    """Return whether the text line `lines[j]`, indented to the column its list item's text opens at (a
    hanging indent), goes on with the item however short the line before: '* **Be welcoming.**' / '  We
    strive to be a community …' (Sphinx's code of conduct as plain text) is one item, as Markdown and
    reStructuredText read the same lines, not an item and a paragraph (session 24). A row of columns, a
    bare marker or an underlined heading is not."""
    text = lines[j].text
    return (
        "\t" not in text
        and "   " not in text
        and _bare_marker(text) is None
        and not _in_columns(text)
        and not (j + 1 < len(lines) and lines[j + 1].kind == "underline")
    )


def _definition_goes_on(item: str, line: str) -> bool:
    """Return whether `line`, a line of text opening in lower case right under the numbered item line `item`
    (raw lines), goes on with the item: indented past the item's label, the item's line not closing a
    sentence (MPL 2.0's '1.1. "Contributor"' / '    means each individual …'; `_item_end`)."""
    item = item.rstrip()
    return len(line) - len(line.lstrip()) > len(item) - len(item.lstrip()) and item[-1:] not in _SENTENCE_END


def _label_goes_on(a: _Line, b: _Line, width: int | None) -> bool:
    """Return whether the numbered line `b` goes on with the sentence of line `a` in a hard-wrapped file.

    A wrapper breaks a line wherever the next word would pass the column, before an inline "(2)" too: "…
    (1) copyright the software, and" / "(2) offer you this license …" (the GPL 2), "at least six" / "(6)
    months after …" (the MPL 1.1). The label goes on the sentence when `a` was wrapped (the label would
    have taken it past the column, as `_wrapped` measures a word), ends in a lower-case word or a comma,
    and the text after the label opens in lower case: an item of a list opens a sentence of its own, after
    a line ending in a colon or a short lead-in line (session 20).
    """
    if width is None or b.kind != "numbered" or not b.label or not b.text[:1].islower():
        return False
    line = a.raw.rstrip()
    return (
        a.kind in ("text", "numbered", "bullet")
        and (line[-1:].islower() or line[-1:] == ",")
        and len(line) + 1 + len(b.label) > 0.85 * width
    )


def _item(ln: _Line, lines: list[_Line], i: int, j: int, kind: str) -> Block:
    """Return the list item whose marker and label are `ln`'s and whose text is `ln.text` and the text of
    `lines[i + 1 : j]` (its wrapped lines)."""
    # (a wrapped line that opens with a label going on the sentence keeps its label: `_label_goes_on`)
    body = _joined(
        [ln.text, *(line.raw.strip() if line.kind == "numbered" else line.text for line in lines[i + 1 : j])]
    )
    label = ln.label if kind == "numbered" else None
    level = ln.indent // 2
    if label and re.fullmatch(r"\d+(\.\d+)+\.?", label):
        level = label.rstrip(".").count(".")
    plain, spans = parse_inline(body)
    return Block(
        _LIST_ITEM_KIND,
        plain,
        min(level, 8),
        label,
        kind,
        spans,
        Location(ln.number),
        (),
        kind == "numbered" and j == i + 1 and _numbered_heading_like(plain),
        kind == "bullet",
    )


def _bare_marker(text: str) -> str | None:
    """Return `bullet` or `numbered` when a stripped line `text` is a list's bullet or typed number with no
    text (`•`, `1.2`, `(a)`, `iv.`), else None. A bare whole number (`3`) is not one: it is a page number as
    often."""
    if len(text) > 8:
        return None
    if text in _BULLET_MARKS:
        return "bullet"
    m = _NUMBERED.match(text + " x")
    return "numbered" if m and m.group(2) == text and _is_label(text, "x") else None


def _in_columns(text: str) -> bool:
    """Return whether a stripped line holds a tab or a run of three spaces: cells of a table row laid out in
    columns (Word's tab-separated rows, a table typed with spaces), or a contents line and its page number.
    Such a line is not joined with the lines beside it."""
    return "\t" in text or "   " in text


def _joined(parts: list[str]) -> str:
    """Return the lines `parts` of a hard-wrapped paragraph as one text: a space between them, or none after
    a hyphen ending a line in a word (`Pre-` then `School`: the wrapper broke the line at the hyphen) and
    none before a line opening with a lone comma or full stop (`_CONTINUING`)."""
    joined = " ".join(parts)
    # Searches in C: most paragraphs hold no hyphen before a space and no lone mark after one.
    if (
        "- " not in joined
        and " ," not in joined
        and " ." not in joined
        and " ;" not in joined
        and " :" not in joined
    ):
        return joined
    out = [parts[0]]
    for before, part in itertools.pairwise(parts):
        if not (
            (before[-1:] == "-" and before[-2:-1].isalpha() and part[:1].isalpha())
            or (part[:1] in _CONTINUING and _continues(part))
        ):
            out.append(" ")
        out.append(part)
    return "".join(out)


def _setext(ln: _Line, style: str, seen: list[str]) -> Block:
    if style not in seen:
        seen.append(style)
    plain, spans = parse_inline(ln.text)
    return Block(
        _HEADING_KIND,
        plain,
        level=seen.index(style) + 1,
        style="setext",
        spans=spans,
        location=Location(line=ln.number),
        explicit=True,
    )


def _make(
    kind: BlockKind, text: str, line: int, *, level: int = 0, style: str | None = None, explicit: bool = False
) -> Block:
    plain, spans = parse_inline(text)
    return Block(
        kind, plain, level=level, style=style, spans=spans, location=Location(line=line), explicit=explicit
    )
