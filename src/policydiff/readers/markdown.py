"""Markdown files into blocks with a CommonMark parser (markdown-it-py) and its GFM extensions."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from policydiff._digest import sha256 as digest
from policydiff.errors import ReadError
from policydiff.model import Block, BlockKind, Diagnostic, Document, EmbeddedObject, Location, Span
from policydiff.readers import text
from policydiff.readers.front_matter import toml_metadata, yaml_metadata
from policydiff.segment import is_quantity

MAX_NESTING = 20
"""Deepest nesting markdown-it reads (its CommonMark preset's); it drops what lies deeper, so we refuse it.

Each block quote, list and list item is a level. Raising it slows inline parsing of pathological
input: 60,000 `[` take 1.8 s at 20, 4.3 s at 100.
"""
_CONTAINERS = frozenset({"blockquote_open", "list_item_open", "footnote_open", "dd_open"})
"""Tokens whose content markdown-it parses one level deeper (and drops past `MAX_NESTING`)."""

_GfmPlugin = Callable[[MarkdownIt], None]


def _gfm_autolink() -> _GfmPlugin | None:
    """Return GFM's extended autolinks (bare `www.` and `https://` addresses) where the plugin exists."""
    try:
        from mdit_py_plugins.gfm_autolink import gfm_autolink_plugin
    except ImportError:  # mdit-py-plugins before 0.5: CommonMark's `<https://…>` autolinks only
        return None
    plugin: _GfmPlugin = gfm_autolink_plugin
    return plugin


def _pandoc_scripts() -> list[_GfmPlugin]:
    """Return pandoc's superscript (`2^10^`) and subscript (`H~2~O`) plugins where they exist."""
    plugins: list[_GfmPlugin] = []
    try:
        from mdit_py_plugins.superscript import superscript_plugin
    except ImportError:  # an mdit-py-plugins without it: the carets stay text
        pass
    else:
        plugins.append(superscript_plugin)
    try:
        from mdit_py_plugins.subscript import sub_plugin
    except ImportError:  # without it: the tildes stay text
        pass
    else:
        plugins.append(sub_plugin)
    return plugins


_PENDING_KEEP = 64
"""Characters of pending text kept unflushed before a colon: more than any protocol name GFM's autolinks
look back for ("mailto") and the character before it."""


def _short_pending(state: StateInline, silent: bool) -> bool:
    """Flush all but the last `_PENDING_KEEP` characters of pending text at a colon; match nothing.

    The GFM autolink plugin (mdit-py-plugins 0.7) searches the whole pending text for a protocol name at
    every colon, so a paragraph of many colons took quadratic time (20,000 colons: 2.8 s; 40,000: 11 s).
    The flushed text becomes a text token that markdown-it's `fragments_join` joins to the next one, so the
    tokens read the same.
    """
    if not silent and len(state.pending) > 2 * _PENDING_KEEP and state.src[state.pos] == ":":
        keep = state.pending[-_PENDING_KEEP:]
        state.pending = state.pending[:-_PENDING_KEEP]
        state.pushPending()
        state.pending = keep
    return False


_DIV_FENCE_WORDS = re.compile(r"\{[ \t]*[#.]?[\w-]+(?:[ \t][^{}\n]*)?\}|[A-Za-z][\w-]*")
"""What a fenced div's opening fence may name: pandoc's `::: {.note}` … `:::`, MyST's `:::{note}`,
Docusaurus' `:::note`."""


def _div_fence(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """Consume a fenced div's fence line, which shows nothing; the blocks between the fences are read.

    pandoc's Markdown (`-t markdown`) writes a reST admonition or a `<div>` as a fenced div; markdown-it
    would join the fences and the first paragraph into one paragraph ("::: note ::: title Note :::").
    A line with more after its fence word (VitePress' `::: danger STOP`), or a closing fence with no div
    open, is text, as before.
    """
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    line = state.src[state.bMarks[start] + state.tShift[start] : state.eMarks[start]]
    if not line.startswith(":::"):
        return False
    words = line.strip(": \t")  # pandoc allows colons after the name too: `::: note :::`
    if words and _DIV_FENCE_WORDS.fullmatch(words) is None:
        return False
    opened: int = state.env.get("policydiff_divs", 0)
    closing = not words
    if closing and not opened:  # a closing fence with no div open is text, as pandoc reads it
        return False
    if not silent:
        state.env["policydiff_divs"] = opened - 1 if closing else opened + 1
        state.line = start + 1
    return True


def _pandoc_table_dashes(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """Read a pandoc table opening with a line of dashes (multiline, no header) or a grid table's `+-`;
    before the thematic break, which would take the line (`_pandoc_table`). Two characters are looked at
    first: the rule is tried at every block's start."""
    at = state.bMarks[start] + state.tShift[start]
    opening = state.src[at : at + 2]
    if (opening != "--" and opening != "+-") or state.sCount[start] - state.blkIndent >= 4:
        return False
    return _pandoc_table(state, start, end, silent)


def _pandoc_table_header(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """Read a pandoc simple table, a header line over its columns' dashes; before the paragraph, after the
    headings and lists, which pandoc also reads first (`_pandoc_table`)."""
    following = start + 1
    if following >= end:
        return False
    at = state.bMarks[following] + state.tShift[following]
    if state.src[at : at + 2] != "--" or state.sCount[following] < state.blkIndent:
        return False
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    return _pandoc_table(state, start, end, silent)


def _pandoc_table(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """Read a pandoc simple, multiline or grid table (`pandoc_tables`) as a table, a cell a clause.

    Tried where a block starts, not inside a paragraph (pandoc wants a blank line before a table, or a
    heading). The rules look at two characters first: most blocks are no table.
    """

    def get(k: int) -> str | None:
        number = start + k
        if number >= end or (state.sCount[number] < state.blkIndent and not state.isEmpty(number)):
            return None
        return state.getLines(number, number + 1, state.blkIndent, False).expandtabs(4)

    from policydiff.readers import pandoc_tables  # only for a file with a line opening `--` or `+-`

    table = pandoc_tables.read_table(get)
    if table is None:
        return False
    if silent:
        return True
    state.push("table_open", "table", 1).map = [start, start + table.lines]
    for rows, cell, section in ((table.head, "th", "thead"), (table.body, "td", "tbody")):
        if not rows:
            continue
        state.push(f"{section}_open", section, 1)
        for row in rows:
            state.push("tr_open", "tr", 1)
            for offset, content in row:
                state.push(f"{cell}_open", cell, 1)
                inline = state.push("inline", "", 0)
                inline.map = [start + offset, start + offset + 1]
                inline.content = content
                inline.children = []
                state.push(f"{cell}_close", cell, -1)
            state.push("tr_close", "tr", -1)
        state.push(f"{section}_close", section, -1)
    state.push("table_close", "table", -1)
    state.line = start + table.lines
    return True


_FANCY_MARKER = re.compile(
    r"(?P<open>\()?(?P<mark>[a-z]|[A-Z]|[ivxlcdm]{2,8}|[IVXLCDM]{2,8}|\d{1,8}|#)"
    r"(?P<delim>[.)])(?P<space>[ \t]+)(?=\S)"
)
_ROMAN = re.compile(r"m{0,3}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})", re.I)


def _fancy_family(line: str) -> tuple[str, str, int] | None:
    """Return a pandoc fancy list marker's family (its style and delimiter), the marker and its width.

    pandoc's Markdown numbers a list with letters (`a.`, `B)`), Roman numerals (`iv.`, `II.`), or in
    parentheses (`(a)`, `(1)`), and `#.`; CommonMark's own `1.` and `1)` are markdown-it's. A capital
    letter with a full stop needs two spaces after it, as pandoc asks ("B. Russell was …" is text).
    """
    m = _FANCY_MARKER.match(line)
    if m is None:
        return None
    opened, mark, delim = m.group("open") is not None, m.group("mark"), m.group("delim")
    if opened and delim != ")":
        return None  # `(a.`
    if mark.isdecimal():
        if not opened:
            return None  # CommonMark's `1.` and `1)`
        style = "decimal"
    elif mark == "#":
        if opened or delim != ".":
            return None
        style = "#"
    elif len(mark) > 1:
        if _ROMAN.fullmatch(mark) is None:
            return None
        style = "lower" if mark.islower() else "upper"
    else:
        if mark.isupper() and delim == "." and m.group("space") == " ":
            return None
        style = "lower" if mark.islower() else "upper"
    family = f"{style}{'(' if opened else ''}{delim}"
    return family, line[: m.end("delim")], m.end("delim")


def _fancy_lists(content: str) -> tuple[str, dict[int, tuple[str, str]]]:
    """Write pandoc's fancy list markers (`I.`, `a)`, `(a)`, `#.`) over with CommonMark ones of the same
    width (`II.` → `01.`), so that markdown-it reads the list; return the text and, by line (from 0), each
    marker and what took its place.

    A marker counts, as in pandoc, after a blank line or on the next item's line of the same list (same
    column, same family), also inside a block quote. Lines and columns stay as they were. One pass over the
    lines, and the walk puts a code block's or an HTML block's marker back (`_Walk.restored`): a rule inside
    markdown-it's block parse rewrote the whole text once per list, quadratic in a file of many lists.
    """
    lines = content.split("\n")
    fancy: dict[int, tuple[str, str]] = {}
    blank = True
    run: tuple[str, int] | None = None
    for number, line in enumerate(lines):
        body = line.lstrip(" >")  # a block quote's list too: pandoc writes `> a.  …`
        if not body:
            blank = True
            continue
        column = len(line) - len(body)
        found = _fancy_family(body) if body[0] in _FANCY_FIRST else None
        if found is not None and (blank or run == (found[0], column)):
            family, marker, width = found
            replacement = "1".rjust(width - 1, "0") + marker[-1]
            lines[number] = line[:column] + replacement + body[width:]
            fancy[number] = (marker, replacement)
            run = (family, column)
        elif blank and (run is None or column <= run[1]):
            run = None
        blank = False
    if not fancy:
        return content, fancy
    return "\n".join(lines), fancy


_FANCY_FIRST = frozenset("(#abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


@functools.cache
def _parser(front_matter: bool, tables: bool = False) -> MarkdownIt:
    """Return the parser: CommonMark, GFM tables, strikethrough and autolinks, footnotes, definitions;
    pandoc's own tables with `tables`: two more rules tried at each block's start, so only for a text
    holding two dashes in a row (`_parse`)."""
    md = MarkdownIt("commonmark", {"maxNesting": MAX_NESTING})
    md.enable(["table", "strikethrough"])
    md.use(footnote_plugin).use(deflist_plugin)
    md.block.ruler.before(
        "paragraph", "div_fence", _div_fence, {"alt": ["paragraph", "reference", "blockquote", "list"]}
    )
    if tables:
        md.block.ruler.before("hr", "pandoc_table_dashes", _pandoc_table_dashes)
        md.block.ruler.before("paragraph", "pandoc_table_header", _pandoc_table_header)
    for plugin in _pandoc_scripts():
        md.use(plugin)
    autolink = _gfm_autolink()
    if autolink is not None:
        md.use(autolink)
        md.inline.ruler.before("gfm_autolink_protocol", "policydiff_pending", _short_pending)
    if front_matter:
        md.use(front_matter_plugin)
    return md


# --------------------------------------------------------------------------- front matter

_TOML_FENCE = re.compile(r"^\+\+\+[ \t]*$")


def _toml_front_matter(lines: list[str], source: str) -> tuple[list[tuple[str, str]], int, list[Diagnostic]]:
    """Return TOML front matter (`+++` … `+++`) as pairs, the lines it takes (0: none) and warnings."""
    if not lines or not _TOML_FENCE.match(lines[0]):
        return [], 0, []
    end = next((k for k in range(1, len(lines)) if _TOML_FENCE.match(lines[k])), None)
    if end is None:
        return [], 0, []
    pairs, why = toml_metadata("\n".join(lines[1:end]))
    if why is not None:
        why = f"TOML front matter (lines 1-{end + 1}) ignored: {why}"
        warning = Diagnostic("front-matter-invalid", why, source)
        return [], end + 1, [warning]
    return pairs, end + 1, []


# --------------------------------------------------------------------------- inline content

_HTML_PIECE = re.compile(r"<!--.*?(?:-->|\Z)|<[!?][^>]*>?|</?[A-Za-z][^>]*>?", re.S)
"""The comments, declarations and tags of an HTML block: the text between them is what it shows."""
_HTML_BREAKS = frozenset(
    (
        "address article aside blockquote body caption center dd details dialog div dl dt fieldset "
        "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr html legend li main nav ol p section "
        "summary table tbody td tfoot th thead tr ul"
    ).split()
)
"""HTML elements that start and end a block of text: a paragraph of the block ends at each."""
_HTML_HIDDEN = frozenset(("script", "style", "template", "head", "noscript"))
"""HTML elements whose content a browser does not show as text."""
_SPACE_RUN = re.compile(r"\s+")
_TAG = re.compile(r"^<(/?)([A-Za-z][A-Za-z0-9]*)\b[^>]*?(/?)>$")
_HTML_FORMAT = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strike",
    "del": "strike",
    "strike": "strike",
    "code": "code",
    "kbd": "code",
    "samp": "code",
    "tt": "code",
}
_DEFINED = ["dd_open", "paragraph_open", "inline"]
"""What follows a definition list's term when its definition opens with a paragraph."""
_TASK = re.compile(r"^\[([ xX])\][ \t]")


@dataclass(slots=True)
class _Inline:
    """The plain text of an inline token's children, its spans, the footnotes it refers to and its images
    (source, alternative text)."""

    parts: list[str] = field(default_factory=list)
    length: int = 0
    spans: list[Span] = field(default_factory=list)
    notes: list[int] = field(default_factory=list)
    images: list[tuple[str, str]] = field(default_factory=list)

    def add(self, piece: str) -> None:
        self.parts.append(piece)
        self.length += len(piece)


def _inline(children: Sequence[Token]) -> _Inline:
    """Return the text a reader sees in inline tokens: markers gone, formatting and links as spans."""
    out = _Inline()
    open_at: dict[str, list[int]] = {"bold": [], "italic": [], "strike": []}
    links: list[tuple[int, str | None]] = []
    html_open: list[tuple[str, int]] = []
    attributed = False  # just after a code span, link or image, which pandoc's `{.class}` may follow
    for token in children:
        kind = token.type
        if kind in ("text", "text_special"):
            content = token.content
            if attributed and content.startswith("{"):
                m = _ATTRIBUTES.match(content)
                content = content[m.end() :] if m is not None else content
            out.add(content)
        elif kind == "code_inline":
            start = out.length
            out.add(token.content)
            _span(out, start, "code")
        elif kind == "softbreak":
            out.add(" ")
        elif kind == "hardbreak":
            out.add("\n")
        elif kind in ("strong_open", "em_open"):
            open_at["bold" if kind == "strong_open" else "italic"].append(out.length)
        elif kind in ("strong_close", "em_close"):
            stack = open_at["bold" if kind == "strong_close" else "italic"]
            if stack:
                _span(out, stack.pop(), "bold" if kind == "strong_close" else "italic")
        elif kind == "s_open":
            open_at["strike"].append(out.length)
        elif kind == "s_close" and open_at["strike"]:
            _span(out, open_at["strike"].pop(), "strike")
        elif kind == "link_open":
            href = token.attrGet("href")
            links.append((out.length, str(href) if href is not None else None))
        elif kind == "link_close" and links:
            start, href = links.pop()
            _span(out, start, None, href)
        elif kind == "image":
            alt = "".join(_inline(token.children or ()).parts)
            out.add(alt)
            out.images.append((str(token.attrGet("src") or ""), alt))
        elif kind == "footnote_ref":
            out.notes.append(int(token.meta["id"]))
        elif kind == "html_inline":
            _html_inline(out, token.content, html_open)
        # anything else carries no text of its own
        attributed = kind in ("code_inline", "link_close", "image")
    return out


def _span(out: _Inline, start: int, style: str | None, href: str | None = None) -> None:
    """Add a span from `start` to the end of the text so far: `style` (`bold`, `italic`, `underline`,
    `strike` or `code`) on, or a link to `href`."""
    if out.length > start:
        out.spans.append(
            Span(
                start,
                out.length,
                bold=style == "bold",
                italic=style == "italic",
                underline=style == "underline",
                href=href,
                strike=style == "strike",
                code=style == "code",
            )
        )


def _html_inline(out: _Inline, tag: str, html_open: list[tuple[str, int]]) -> None:
    """Apply an inline HTML tag: `<br>` is a line break, `<b>`/`<i>`/`<u>`/`<s>`/`<del>` format; the rest
    is dropped."""
    m = _TAG.match(tag.strip())
    if m is None:
        return  # a comment, a processing instruction: not shown
    closing, name = m.group(1) == "/", m.group(2).lower()
    if name == "br":
        out.add("\n")
        return
    if name == "a" and not m.group(3):
        # A link written as HTML (`<a href="mailto:…">`): its target, as a Markdown link's (GitHub shows
        # it as one), so that a changed target is a reported change.
        if not closing:
            html_open.append((f"a\0{_href(tag)}", out.length))
            return
        for k in range(len(html_open) - 1, -1, -1):
            if html_open[k][0].startswith("a\0"):
                opened, start = html_open.pop(k)
                if opened[2:]:
                    _span(out, start, None, opened[2:])
                return
        return
    style = _HTML_FORMAT.get(name)
    if style is None or m.group(3):
        return
    if not closing:
        html_open.append((name, out.length))
        return
    for k in range(len(html_open) - 1, -1, -1):
        if html_open[k][0] == name:
            start = html_open.pop(k)[1]
            _span(out, start, style)
            return


def _href(tag: str) -> str:
    """Return the `href` of an `<a …>` start tag as HTML reads it (the first one, character references
    resolved; not `data-href`, not a word inside another attribute's value), by the standard library's
    HTML parser; "" without one."""
    from html.parser import HTMLParser  # only for a link written as HTML

    found: list[str | None] = []

    class _Tag(HTMLParser):
        def handle_starttag(self, name: str, attrs: list[tuple[str, str | None]]) -> None:
            if not found:
                found.append(next((value for key, value in attrs if key == "href"), None))

    parser = _Tag(convert_charrefs=True)
    parser.feed(tag)
    parser.close()
    return (found[0] if found else None) or ""


def _finish(out: _Inline) -> tuple[str, tuple[Span, ...]]:
    """Return the stripped text and its spans moved onto it."""
    whole = out.parts[0] if len(out.parts) == 1 else "".join(out.parts)
    stripped = whole.strip()
    if not stripped:
        return "", ()
    if not out.spans:
        return stripped, ()
    offset = len(whole) - len(whole.lstrip())
    return _cut(stripped, out.spans, offset)


def _html_paragraphs(content: str) -> list[tuple[int, int, _Inline]]:
    """Return the paragraphs an HTML block shows: (line offset in the block, heading level or 0, text).

    A paragraph ends at each block element's tag (`_HTML_BREAKS`); text is unescaped and its whitespace
    runs made one space, as a browser shows it; inline tags go to `_html_inline`."""
    import html  # only for a Markdown file with an HTML block

    found: list[tuple[int, int, _Inline]] = []
    out = _Inline()
    html_open: list[tuple[str, int]] = []
    level = line = at = 0
    hidden = ""

    def flush() -> None:
        nonlocal out, html_open
        if out.parts:
            found.append((line, level, out))
        out, html_open = _Inline(), []

    for piece in [*_HTML_PIECE.finditer(content), None]:
        end = piece.start() if piece is not None else len(content)
        shown = content[at:end]
        if shown and not hidden:
            words = _SPACE_RUN.sub(" ", html.unescape(shown))
            if words.strip():
                if not out.parts:
                    line = content.count("\n", 0, at + len(shown) - len(shown.lstrip()))
                out.add(words)
            elif out.parts:
                out.add(" ")
        if piece is None:
            break
        at = piece.end()
        m = _TAG.match(piece.group())
        if m is None:
            continue  # a comment or declaration: not shown
        closing, name = m.group(1) == "/", m.group(2).lower()
        if hidden:
            if closing and name == hidden:
                hidden = ""
            continue
        if name in _HTML_HIDDEN and not closing and not m.group(3):
            hidden = name
        elif name in _HTML_BREAKS:
            flush()
            level = int(name[1]) if not closing and re.fullmatch(r"h[1-6]", name) else 0
        else:
            _html_inline(out, piece.group(), html_open)
    flush()
    return found


def _cut(textual: str, spans: Sequence[Span], offset: int) -> tuple[str, tuple[Span, ...]]:
    """Return `textual` (which starts at `offset` of the spans' text) and the spans moved onto it."""
    if not spans:
        return textual, ()
    moved = [
        s.at(max(s.start - offset, 0), min(s.end - offset, len(textual)))
        for s in spans
        if s.end - offset > 0 and s.start - offset < len(textual)
    ]
    return textual, tuple(sorted(moved, key=lambda s: (s.start, s.end)))


# --------------------------------------------------------------------------- labels typed into text

_HEADING_NUMBER = re.compile(
    r"^(\d{1,3}(?:\.\d{1,3})*\.?|[A-Z]\.|[IVXLC]{1,6}\.|\(?(?:\d{1,3}|[a-zA-Z]|[ivxlc]{1,6}|[IVXLC]{1,6})\))"
    r"[ \t\u00a0]+(\S.*)$",
    re.S,
)


# A heading's attribute block, as pandoc's Markdown, kramdown (GitHub Pages), PHP Markdown Extra and
# MkDocs' attr_list write an anchor or class after its text: `## Purpose {#1-purpose}`, `{: .note}`,
# `{-}`. Each renders it as the heading's id or class, never as text.
_ATTRIBUTE = r"(?:-|[#.][\w:.-]+|[\w-]+=(?:\"[^\"\n]*\"|'[^'\n]*'|[^\s}\"']+))"
_ATTRIBUTES = re.compile(rf"\{{:?[ \t]*{_ATTRIBUTE}(?:[ \t]+{_ATTRIBUTE})*[ \t]*\}}")
"""An attribute block: `{#id .class key="value"}`, kramdown's `{: .class}`, pandoc's `{-}`; also pandoc's
attributes of a code span, link or image: `` `warn()`{.interpreted-text role="func"} ``."""


def _heading_attributes(textual: str) -> int:
    """Return where a heading's trailing attribute block (`{#id .class}`) starts, or its length if none.

    Only the last `{` is tried (a regex searched for a space before a brace would be quadratic in a
    run of spaces), and the block must stand apart from the heading's words.
    """
    if not textual.endswith("}"):
        return len(textual)
    brace = textual.rfind("{")
    start = len(textual[:brace].rstrip(" \t"))
    if 0 < start < brace and _ATTRIBUTES.fullmatch(textual, brace) is not None:
        return start
    return len(textual)


def _heading_label(textual: str) -> tuple[str | None, int]:
    """Return a heading's typed number (`1.`, `4.2`, `L.`, `b)`) and where its text starts."""
    m = _HEADING_NUMBER.match(textual)
    if m is None or is_quantity(m.group(1), m.group(2)):
        return None, 0
    return m.group(1), m.start(2)


# --------------------------------------------------------------------------- the walk


@dataclass(slots=True)
class _List:
    ordered: bool
    number: int
    delimiter: str


@dataclass(slots=True)
class _Item:
    label: str | None
    ordered: bool
    level: int
    has_text: bool = False


@dataclass(slots=True)
class _Walk:
    """Turn the token stream into blocks, footnotes placed after the block that first refers to them."""

    blocks: list[Block] = field(default_factory=list)
    refs: dict[int, list[int]] = field(default_factory=dict)
    """Block index → ids of the footnotes its text refers to."""
    notes: dict[int, list[Block]] = field(default_factory=dict)
    metadata: list[tuple[str, str]] = field(default_factory=list)
    lists: list[_List] = field(default_factory=list)
    items: list[_Item] = field(default_factory=list)
    quotes: int = 0
    note: int | None = None
    note_label: bool = False
    definition: int = 0
    table_row: int = -1
    table_column: int = -1
    images: list[tuple[Block | None, str, str]] = field(default_factory=list)
    """HTML blocks holding text (not read): each with the block before it and its text."""
    """Each image: the block holding it (or before it), its source and its alternative text."""
    fancy: dict[int, tuple[str, str]] = field(default_factory=dict)
    """pandoc's fancy list markers by line (from 0), each with what took its place (`_fancy_lists`)."""

    def run(self, tokens: Sequence[Token]) -> None:
        n = len(tokens)
        i = 0
        while i < n:
            token = tokens[i]
            kind = token.type
            inline = tokens[i + 1] if i + 1 < n and tokens[i + 1].type == "inline" else None
            if kind == "heading_open" and inline is not None:
                self.heading(token, inline)
                i += 3
                continue
            if kind == "paragraph_open" and inline is not None:
                self.paragraph(inline)
                i += 3
                continue
            if kind in ("th_open", "td_open") and inline is not None:
                self.cell(inline)
                i += 3
                continue
            if kind == "dt_open" and inline is not None:
                if [t.type for t in tokens[i + 3 : i + 6]] == _DEFINED:
                    self.structure(tokens[i + 3])
                    self.definition_term(inline, tokens[i + 5])
                    i += 7
                    continue
                self.emit(BlockKind.PARAGRAPH, inline, style="definition-term")
                i += 3
                continue
            self.structure(token)
            i += 1

    def structure(self, token: Token) -> None:
        """Follow the containers: lists, items, quotes, tables, footnotes, definitions; code and HTML."""
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            start = token.attrGet("start")
            self.lists.append(
                _List(kind == "ordered_list_open", int(start) if start is not None else 1, token.markup)
            )
        elif kind in ("bullet_list_close", "ordered_list_close") and self.lists:
            self.lists.pop()
        elif kind == "list_item_open" and self.lists:
            current = self.lists[-1]
            label = f"{current.number}{current.delimiter}" if current.ordered else None
            if token.map and token.map[0] in self.fancy:
                label = self.fancy[token.map[0]][0]
            current.number += 1
            self.items.append(_Item(label, current.ordered, len(self.lists) - 1))
        elif kind == "list_item_close" and self.items:
            self.items.pop()
        elif kind == "blockquote_open":
            self.quotes += 1
        elif kind == "blockquote_close":
            self.quotes -= 1
        elif kind == "table_open":
            self.table_row = -1
        elif kind == "tr_open":
            self.table_row += 1
            self.table_column = -1
        elif kind == "footnote_open":
            self.note = int(token.meta["id"])
            self.note_label = True
            self.notes.setdefault(self.note, [])
        elif kind == "footnote_close":
            self.note = None
        elif kind == "dd_open":
            self.definition += 1
        elif kind == "dd_close":
            self.definition -= 1
        elif kind in ("code_block", "fence"):
            self.code(token)
        # front_matter: read before the walk (`_yaml_front_matter`)
        elif kind == "html_block":
            self.html_block(token)
        # hr, footnote anchors and the closing tokens: not clauses

    def line(self, token: Token) -> int | None:
        return token.map[0] + 1 if token.map else None

    def heading(self, token: Token, inline: Token) -> None:
        out = _inline(inline.children or ())
        textual, spans = _finish(out)
        end = _heading_attributes(textual)
        if end < len(textual):
            textual, spans = _cut(textual[:end], spans, 0)
        label, offset = _heading_label(textual)
        if offset:
            textual, spans = _cut(textual[offset:], spans, offset)
        self.add(
            Block(
                BlockKind.HEADING,
                textual,
                level=int(token.tag[1:]),
                label=label,
                style="atx" if token.markup.startswith("#") else "setext",
                spans=spans,
                location=Location(line=self.line(inline)),
                explicit=True,
            ),
            out,
        )

    def paragraph(self, inline: Token) -> None:
        if self.note is not None:
            textual, spans = _finish(_inline(inline.children or ()))
            self.note_block(textual, spans, Location(line=self.line(inline)))
            return
        if self.items and not self.items[-1].has_text:
            item = self.items[-1]
            item.has_text = True
            out = _inline(inline.children or ())
            textual, spans = _finish(out)
            task = _TASK.match(textual)
            if task:
                box = "☐ " if task.group(1) == " " else "☒ "
                textual, spans = _cut(box + textual[task.end() :], spans, task.end() - len(box))
            self.add(
                Block(
                    BlockKind.LIST_ITEM,
                    textual,
                    level=min(item.level, 8),
                    label=item.label,
                    style="numbered" if item.ordered else "bullet",
                    spans=spans,
                    location=Location(line=self.line(inline)),
                    explicit=True,
                ),
                out,
            )
            return
        if self.items:
            self.emit(BlockKind.PARAGRAPH, inline, style="list-paragraph")
            return
        if self.definition:
            self.emit(BlockKind.PARAGRAPH, inline, style="definition")
            return
        self.typed(inline, "blockquote" if self.quotes else "paragraph")

    def typed(self, inline: Token, style: str) -> None:
        """Emit a paragraph, or a list item when a label or bullet is typed at its start ("4.2 Records …")."""
        out = _inline(inline.children or ())
        textual, spans = _finish(out)
        typed = text.typed_label(textual)
        if typed is not None and typed[0] == "bullet" and textual.lstrip(" \t\u00a0")[0] in "-*+":
            # CommonMark's own list marks open a paragraph only escaped or emphasised ("\\* …", "_*_ The
            # expiration …"): text, as pandoc reads it (decision 0009, session 21).
            typed = None
        if typed is None:
            self.add(
                Block(
                    BlockKind.PARAGRAPH,
                    textual,
                    style=style,
                    spans=spans,
                    location=Location(line=self.line(inline)),
                    explicit=True,
                ),
                out,
            )
            return
        kind, label, offset = typed
        body, spans = _cut(textual[offset:].strip(), spans, offset)
        level = label.rstrip(".").count(".") if label and re.fullmatch(r"\d+(\.\d+)+\.?", label) else 0
        self.add(
            Block(
                BlockKind.LIST_ITEM,
                body,
                level=min(level, 8),
                label=label,
                style="typed-" + kind,
                spans=spans,
                location=Location(line=self.line(inline)),
                explicit=kind == "bullet",
            ),
            out,
        )

    def cell(self, inline: Token) -> None:
        self.table_column += 1
        out = _inline(inline.children or ())
        textual, spans = _finish(out)
        self.add(
            Block(
                BlockKind.TABLE_CELL,
                textual,
                style="table",
                spans=spans,
                location=Location(line=self.line(inline), row=self.table_row, column=self.table_column),
                explicit=True,
            ),
            out,
        )

    def emit(self, kind: BlockKind, inline: Token, *, style: str) -> None:
        out = _inline(inline.children or ())
        textual, spans = _finish(out)
        self.add(
            Block(
                kind,
                textual,
                style=style,
                spans=spans,
                location=Location(line=self.line(inline)),
                explicit=True,
            ),
            out,
        )

    def definition_term(self, term: Token, definition: Token) -> None:
        """Emit a term and its first definition's first paragraph as one clause, the term on its own line.

        pandoc's gfm writer writes a definition list so (`Date␣␣` + a line break + `14 January 2025`) and
        reads it back as one paragraph; a term alone is no clause (decision 0009, session 26).
        """
        children = [*(term.children or ()), Token("hardbreak", "br", 0), *(definition.children or ())]
        out = _inline(children)
        textual, spans = _finish(out)
        block = Block(
            BlockKind.PARAGRAPH,
            textual,
            style="definition",
            spans=spans,
            location=Location(line=self.line(term)),
            explicit=True,
        )
        self.add(block, out)

    def html_block(self, token: Token) -> None:
        """Read the text an HTML block shows (`<p>`, `<div>`, `<details>`, `<table>` …), as the page shows
        it: a paragraph for each stretch between block elements (`<h1>`–`<h6>` a heading), inline tags
        read as in a paragraph (`<a href>` a link, `<b>` bold, `<br>` a line break); comments and
        `<script>`/`<style>` content are not shown (decision 0009, session 19)."""
        first = token.map[0] + 1 if token.map else None
        content = token.content
        if self.fancy and token.map and any(k in self.fancy for k in range(*token.map)):
            shown = content.split("\n")
            for k in range(len(shown)):
                if token.map[0] + k in self.fancy:
                    shown[k] = self.restored(shown[k], token.map[0] + k)
            content = "\n".join(shown)
        for offset, level, out in _html_paragraphs(content):
            textual, spans = _finish(out)
            if not textual:
                continue
            where = Location(line=first + offset if first is not None else None)
            if self.note is not None:
                self.note_block(textual, spans, where)
                continue
            label = None
            if level:
                label, cut = _heading_label(textual)
                if cut:
                    textual, spans = _cut(textual[cut:], spans, cut)
            kind = BlockKind.HEADING if level else BlockKind.PARAGRAPH
            block = Block(
                kind,
                textual,
                level=level,
                label=label,
                style="html",
                spans=spans,
                location=where,
                explicit=True,
            )
            self.add(block, out)

    def code(self, token: Token) -> None:
        """Keep a code block's lines as paragraphs, verbatim (no inline markup read), one per line."""
        first = (token.map[0] + 1) if token.map else None
        if first is not None and token.type == "fence":
            first += 1  # the opening fence line
        for k, raw in enumerate(token.content.split("\n")):
            if first is not None and first + k - 1 in self.fancy:
                raw = self.restored(raw, first + k - 1)
            if raw.strip():
                where = Location(line=first + k if first is not None else None)
                self.add(Block(BlockKind.PARAGRAPH, raw.strip(), style="code", location=where), None)
        if self.items:
            self.items[-1].has_text = True

    def restored(self, raw: str, line: int) -> str:
        """Return a line of code or HTML with the fancy list marker `_fancy_lists` wrote over put back."""
        marker, replacement = self.fancy[line]
        return raw.replace(replacement, marker, 1)

    def note_block(self, textual: str, spans: tuple[Span, ...], location: Location) -> None:
        """Add a block of the open footnote (its first one labelled with the note's number)."""
        if not textual or self.note is None:
            return
        label = str(self.note + 1) if self.note_label else None
        self.note_label = False
        self.notes[self.note].append(
            Block(
                BlockKind.FOOTNOTE,
                textual,
                label=label,
                style="footnote",
                spans=spans,
                location=location,
                explicit=True,
            )
        )

    def add(self, block: Block, inline: _Inline | None) -> None:
        if inline is not None and inline.images:
            # An image is no text, but a change of its source must be reportable (an `objects-changed`
            # warning): it belongs to its block, or to the block before when it has no text of its own.
            holder = block if block.text else (self.blocks[-1] if self.blocks else None)
            self.images.extend((holder, src, alt) for src, alt in inline.images)
        if not block.text:
            return
        if self.note is not None:
            # A code block or table inside a footnote: the note's, in its place, as pandoc reads it (it
            # went after the body).
            self.note_block(block.text, block.spans, block.location)
            return
        if self.items:
            self.items[-1].has_text = True
        if inline is not None and inline.notes:
            self.refs[len(self.blocks)] = inline.notes
        self.blocks.append(block)

    def objects(self, blocks: list[Block]) -> tuple[EmbeddedObject, ...]:
        """Return the images as objects, each with the index of its block in `blocks` (the final order)."""
        if not self.images:
            return ()
        where = {id(block): k for k, block in enumerate(blocks)}
        images = [
            EmbeddedObject(
                "image",
                "uri:" + digest(src.encode("utf-8", "replace")).hexdigest()[:16],
                block=where.get(id(holder)) if holder is not None else None,
                name=alt or src or None,
            )
            for holder, src, alt in self.images
        ]
        return tuple(images)

    def ordered_blocks(self) -> list[Block]:
        """Return the blocks with each footnote right after the block that first refers to it."""
        if not self.notes:
            return self.blocks
        placed: set[int] = set()
        out: list[Block] = []
        for index, block in enumerate(self.blocks):
            out.append(block)
            for note in self.refs.get(index, ()):
                if note in self.notes and note not in placed:
                    placed.add(note)
                    out.extend(self.notes[note])
        for note in sorted(self.notes):
            if note not in placed:
                out.extend(self.notes[note])
        return out


# --------------------------------------------------------------------------- the reader


def read_markdown(
    data: bytes,
    source: str,
    sha256: str,
    *,
    encoding: str | None = None,
    warnings: tuple[Diagnostic, ...] = (),
) -> Document:
    """Return the `Document` for a Markdown file, read as CommonMark with GitHub's extensions."""
    # A form feed or vertical tab is whitespace to Markdown; a space keeps the line numbers true.
    lines, all_warnings = text.decoded_lines(data, source, encoding, warnings, page_break=" ")
    metadata, skip, toml_warnings = _toml_front_matter(lines, source)
    all_warnings.extend(toml_warnings)
    # The TOML block becomes blank lines: Markdown never sees it and the line numbers stay true.
    content = "\n" * skip + "\n".join(lines[skip:])
    content, fancy = _fancy_lists(content)
    tokens = _tokens(content, source, front_matter=not skip)
    if tokens and tokens[0].type == "front_matter":
        metadata, yaml_warnings = _yaml_front_matter(tokens[0], source)
        all_warnings.extend(yaml_warnings)
    walk = _Walk(metadata=metadata, fancy=fancy)
    walk.run(tokens)
    blocks = walk.ordered_blocks()
    if not blocks:
        all_warnings.append(Diagnostic("empty", "no text: zero clauses", source))
    title = next((value for key, value in walk.metadata if key == "title"), None)
    # A level-1 heading names the document only as the body's first heading; a page whose level-1
    # headings name its parts further down (GitHub's Sponsors terms: "## 1. Definitions." first, then
    # "# Terms for Sponsors") is titled by its front matter (decision 0009, session 22).
    first = next((b for b in blocks if b.kind is BlockKind.HEADING), None)
    if title and title.strip() and (first is None or first.level != 1):
        blocks.insert(0, _front_matter_title(title, lines))
    return Document(
        source=source,
        sha256=sha256,
        format="markdown",
        blocks=tuple(blocks),
        metadata=tuple(walk.metadata),
        warnings=tuple(all_warnings),
        title=title,
        objects=walk.objects(blocks),
    )


_TITLE_KEY = re.compile(r"title\s*[:=]")


def _front_matter_title(title: str, lines: Sequence[str]) -> Block:
    """Return the title clause a front matter's `title` makes in a document with no level-1 heading.

    A static site shows that title as the page's heading, and pandoc reads it as the document's title:
    a policy that moves its `# Title` into front matter keeps its title clause (session 20; decision
    0009). Its line is the `title` key's.
    """
    line = next(
        (n for n, text in enumerate(lines[:200], 1) if n > 1 and _TITLE_KEY.match(text)),
        None,
    )
    return Block(
        BlockKind.TITLE,
        " ".join(title.split()),
        style="front-matter",
        location=Location(line=line),
        explicit=True,
    )


def _yaml_front_matter(token: Token, source: str) -> tuple[list[tuple[str, str]], list[Diagnostic]]:
    """Return the pairs of the YAML front matter `token` (a YAML mapping: `_tokens` checked) and warnings."""
    pairs, why = yaml_metadata(token.content) or ((), None)
    if why is None:
        return list(pairs), []
    lines = f"lines 1-{token.map[1]}" if token.map else "the opening block"
    return [], [Diagnostic("front-matter-invalid", f"YAML front matter ({lines}) ignored: {why}", source)]


def _tokens(content: str, source: str, *, front_matter: bool) -> list[Token]:
    """Return markdown-it's tokens; a `---` block that is not YAML is read as Markdown instead."""
    tokens = _parse(content, source, front_matter=front_matter)
    opening = tokens[0] if front_matter and tokens else None
    if opening is not None and opening.type == "front_matter" and yaml_metadata(opening.content) is None:
        tokens = _parse(content, source, front_matter=False)
    for token in tokens:
        if token.level >= MAX_NESTING - 1 and token.type in _CONTAINERS:
            line = token.map[0] + 1 if token.map else "?"
            raise ReadError(
                f"line {line}: lists and block quotes nested over {MAX_NESTING} levels deep "
                "(a list and its item count two); not read",
                source,
            )
    return tokens


def _parse(content: str, source: str, *, front_matter: bool) -> list[Token]:
    try:
        tables = "--" in content  # a pandoc table has a line of dashes, a grid table its `+---+`
        return _parser(front_matter, tables).parse(content)
    except Exception as exc:  # the parser's own failure on this input: unreadable, not a crash
        raise ReadError(f"Markdown parser failed ({type(exc).__name__})", source) from None
