"""reStructuredText files into blocks through docutils, with file insertion, raw output and messages off."""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from policydiff.errors import ReadError
from policydiff.model import Block, BlockKind, Diagnostic, Document, EmbeddedObject, Location, Span
from policydiff.readers.text import decoded_lines

_SEVERE = 4
"""Docutils' SEVERE level: what docutils itself halts on by default (the document cannot be read as meant)."""
_ERROR = 3
"""Docutils' ERROR level: a refusal when the error is about structure (see `_STRUCTURE`), else a warning."""
_WARNING = 2
"""Docutils messages from this level up (WARNING, ERROR) become warnings; INFO and DEBUG are dropped."""

_STRUCTURE = re.compile(
    r"section title|title style|title level|overline|underline|section cannot be used|transition marker"
    r"|^Malformed table",
    re.IGNORECASE,
)
"""Errors where docutils drops a heading or a table, keeping its source text in the error message: that
text is read in its place (`_read_dropped`), a table as the literal block docutils' HTML shows, a heading
as a heading, with one warning naming the line and the cause (decision 0007, session 25)."""

_ADORNMENT = re.compile(r"^\s*([!-/:-@\[-`{-~])\1*\s*$")
"""A line of one punctuation character repeated: a title's overline or underline, or a transition."""

_TABLE_RULE = re.compile(r"[\s+|=:-]*")
"""A line of a table's borders alone (`+---+`, `| |`, `===  ===`): no text to read."""

_LEVEL = re.compile(r"skip from level \d+ to (\d+)")

_LINE_LIMIT = 10_000
"""Docutils' `line_length_limit`: over it, docutils reads nothing of the file (a guard against slow input)."""

MAX_RST_BYTES = 1024 * 1024
"""Largest reStructuredText file read: docutils' time grows faster than the file (it copies the rest of
the input for every list, field list and directive): 100 KB take about 2 s, 1 MB 13–19 s, 5 MB over two
minutes. A policy is far smaller; a larger file is refused in one line rather than read for minutes."""

_SETTINGS: dict[str, object] = {
    "line_length_limit": _LINE_LIMIT,
    "file_insertion_enabled": False,  # `include`, `raw :file:`, `csv-table :file:/:url:`, figure sizes
    "raw_enabled": False,  # `.. raw::` and raw roles
    "_disable_config": True,  # no docutils.conf, no DOCUTILSCONFIG
    "report_level": 5,  # no message kept in the tree (an undefined |name| stays as written)
    "halt_level": 5,  # never raise on a message: SEVERE ones are turned into a ReadError here
    "strip_comments": True,
    "smart_quotes": False,  # the text as written: no curly quotes or dashes made up
    "syntax_highlight": "none",  # no Pygments over code blocks
    "character_level_inline_markup": False,
    "pep_references": False,
    "rfc_references": False,
    "sectsubtitle_xform": False,
    "doctitle_xform": True,
    "docinfo_xform": True,
    "trim_footnote_reference_space": True,
    "language_code": "en",
    "tab_width": 8,
    "id_prefix": "",
    "input_encoding": "unicode",  # never used: the text is decoded by `text.decode` first
}

_SPACE = re.compile(r"[ \t\n\r\f\v]+")
_ROMAN: tuple[tuple[int, str], ...] = (
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
    (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
)  # fmt: skip

# Nodes that are not text a reader sees as a clause: targets, definitions, images, comments, raw output.
_SKIPPED = frozenset(
    {
        "comment",
        "substitution_definition",
        "target",
        "pending",
        "raw",
        "system_message",
        "transition",
        "meta",
        "decoration",
        "colspec",
        "image",
        "substitution_reference",
    }
)
# Inline nodes whose text is not read: notes' numbers (the note follows as a footnote), raw output.
_SILENT_INLINE = frozenset({"footnote_reference", "citation_reference", "raw", "generated", "image"})


def read_rst(
    data: bytes,
    source: str,
    sha256: str,
    *,
    encoding: str | None = None,
    warnings: tuple[Diagnostic, ...] = (),
) -> Document:
    """Return the `Document` of a reStructuredText file as docutils reads it."""
    if len(data) > MAX_RST_BYTES:
        raise ReadError(
            f"reStructuredText of {len(data):,} bytes, over the {MAX_RST_BYTES:,}-byte limit for docutils "
            "(its time grows faster than the file): split it, or convert it to Markdown",
            source,
        )
    # A form feed (a page break) or a vertical tab (Word's manual line break) ends a line, as in `text`.
    lines, all_warnings = decoded_lines(data, source, encoding, warnings, page_break="\n")
    text = "\n".join(lines)
    for number, raw in enumerate(lines, 1):
        if len(raw) > _LINE_LIMIT:
            raise ReadError(
                f"line {number}: {len(raw):,} characters, over docutils' limit of {_LINE_LIMIT:,} "
                "for a line of reStructuredText (wrap the paragraph)",
                source,
            )
    doctree, messages, margins = _parse(text, source)
    widened = _widen_tables(lines, margins) if margins else None
    if widened is not None:
        # Read again with those tables' columns widened: each stays a table, its cells paired.
        doctree, again, _ = _parse("\n".join(widened), source)
        fixed = {line for line, _at, _raw in margins} - {
            m[1] for m in again if m[2].startswith("Malformed table")
        }
        messages = [
            (*m[:3], _WIDENED) for m in messages if m[1] in fixed and m[2].startswith("Malformed table")
        ] + again
    for level, line, message, read in messages:
        where = f"line {line}: " if line else ""
        if (level >= _SEVERE and not read) or (level >= _ERROR and "line-length-limit" in message):
            # (a line over the limit once tabs are expanded: docutils reads nothing of the file)
            raise ReadError(f"{where}not valid reStructuredText: {message}", source)
    for level, line, message, read in messages:
        if level >= _WARNING:
            where = f"line {line}: " if line else ""
            if message.startswith("Unknown directive type"):
                message += " Its content is not read."
            elif read:
                message += read
            elif level >= _ERROR and _STRUCTURE.search(message):
                message += " Its text is not read."
            all_warnings.append(Diagnostic("rst", f"{where}{message}", source))
    walker = _Walker(doctree, lines)
    try:
        walker.body(doctree.children)
    except RecursionError:
        raise ReadError("not valid reStructuredText: nested too deeply to read", source) from None
    for line, name in walker.unknown_targets:
        all_warnings.append(Diagnostic("rst", f"line {line}: unknown target name: {name!r}", source))
    if not walker.blocks:
        all_warnings.append(Diagnostic("empty", "no text: zero clauses", source))
    metadata = tuple(walker.metadata)
    return Document(
        source=source,
        sha256=sha256,
        format="rst",
        blocks=tuple(walker.blocks),
        metadata=metadata,
        objects=tuple(walker.objects),
        warnings=tuple(all_warnings),
        title=dict(metadata).get("title"),
    )


def _parse(
    text: str, source: str
) -> tuple[Any, list[tuple[int, int | None, str, str]], list[tuple[int | None, str, str]]]:
    """Return the docutils document tree of `text`, the messages docutils reported on it, each
    `(level, line, message, read)` (`read`: how the text docutils dropped with it is read in its place,
    else ""), and `(line, line in the table, source)` of each simple table refused for text in a
    column's margin."""
    from docutils import frontend, utils  # type: ignore[import-untyped]
    from docutils.parsers import rst  # type: ignore[import-untyped]
    from docutils.readers import standalone  # type: ignore[import-untyped]
    from docutils.transforms import references, universal  # type: ignore[import-untyped]

    parser = rst.Parser(inliner=_inliner())
    reader = standalone.Reader(parser=parser)
    settings = frontend.get_default_settings(parser, reader)
    for name, value in _SETTINGS.items():
        setattr(settings, name, value)
    settings.warning_stream = io.StringIO()  # docutils never prints
    messages: list[tuple[int, int | None, str, str]] = []
    dropped: list[tuple[int, Any]] = []  # (index in `messages`, message node) of a dropped heading or table
    margins: list[tuple[int | None, str, str]] = []

    def observe(message: Any) -> None:
        body = message.children[0].astext() if message.children else message.astext()
        line = message.get("line")
        level = int(message["level"])
        messages.append((level, line if isinstance(line, int) else None, _one_line(body), ""))
        if level >= _ERROR and _STRUCTURE.search(messages[-1][2]):
            dropped.append((len(messages) - 1, message))
            margin = _MARGIN.search(body)
            if margin and len(message.children) > 1:
                margins.append((messages[-1][1], margin.group(1), message.children[1].astext()))

    try:
        document = utils.new_document(source, settings)
        _read_unknown_directives(text, document)
        document.reporter.attach_observer(observe)
        parser.parse(text, document)
        for index, message in dropped:
            note = _read_dropped(message)
            if note:
                messages[index] = (*messages[index][:3], note)
        # The reader's transforms (title, docinfo, substitutions, footnotes, references) and the filter
        # that turns messages' problematic nodes back into their source text. DanglingReferences is left
        # out: it would write an unknown `abuse_` as "abuse_"; the walker shows it as "abuse".
        transforms = [t for t in reader.get_transforms() if t is not references.DanglingReferences]
        document.transformer.add_transforms([*transforms, *parser.get_transforms(), universal.FilterMessages])
        document.transformer.apply_transforms()
    except RecursionError:
        raise ReadError("not valid reStructuredText: nested too deeply to read", source) from None
    except Exception as exc:  # docutils failing on an input is bad input, not our internal error
        raise ReadError(
            f"not valid reStructuredText: docutils failed ({_one_line(str(exc))})", source
        ) from None
    return document, messages, margins


_WIDENED = " Read as pandoc reads it: a cell runs up to the next column."
_MARGIN = re.compile(r"Text in column margin in table line (\d+)")
_BORDER = re.compile(r"[ =-]*[=-][ =-]*")
"""A simple table's border or a column span's underline: `=` and `-` runs between spaces."""


def _widen_tables(lines: list[str], margins: list[tuple[int | None, str, str]]) -> list[str] | None:
    """Return `lines` with each simple table of `margins` (`(line, line in the table, source)` as docutils
    refused it for text in a column's margin) widened so that a cell runs up to the next column's start,
    as pandoc cuts it; None when none is found or none is a simple table.

    docutils stops a cell at its column's `=` border and refuses text in the space after it; pandoc
    reads the text up to where the next column begins (Celery's ```CELERYD_ENABLE_PREFETCH_COUNT_REDUCTION``
    :setting:`…``` two columns). Each such margin is widened by its own width: the border's `=` run gets
    that many more `=`, every other line that many spaces where the next column begins, so the text in
    the margin falls inside its column and each line keeps its number. Linear in the tables' lines.
    """
    out = list(lines)
    changed = False
    for line, table_line, raw in margins:
        block = raw.split("\n")
        if line is None or not block or not _BORDER.fullmatch(block[0]) or "-" in block[0]:
            continue
        # docutils names the offending line in the file and in the table: the table starts between.
        start = line - int(table_line)
        if not 0 <= start < len(out) or out[start : start + len(block)] != block:
            continue
        columns = [(m.start(), m.end()) for m in re.finditer("=+", block[0])]
        body = [row for row in block if not _BORDER.fullmatch(row)]
        wide = [
            (end, nxt) for (_, end), (nxt, _) in pairwise(columns) if any(r[end:nxt].strip() for r in body)
        ]
        if not wide:
            continue
        block = [_widened(row, wide) for row in block]
        changed = True
        out[start : start + len(block)] = block
    return out if changed else None


def _widened(row: str, wide: list[tuple[int, int]]) -> str:
    """Return a simple table's `row` with each margin `(end, next start)` of `wide` made its own width
    wider: a border's `=` (or a span's `-`) run longer at `end`, a row of text spaced at `next start`."""
    border = _BORDER.fullmatch(row) is not None
    if not border and not row.strip():
        return row
    pieces = []
    at = 0
    for end, nxt in wide:
        cut = end if border else nxt
        piece = row[at:cut]
        pieces.append(piece if border else piece.ljust(cut - at))
        mark = row[end - 1 : end] if border and row[end - 1 : end] in ("=", "-") else " "
        pieces.append(mark * (nxt - end))
        at = cut
    pieces.append(row[at:])
    return "".join(pieces).rstrip() if not border else "".join(pieces)


def _read_dropped(message: Any) -> str:
    """Put the source text of a heading or table that docutils dropped with the error `message` in the
    message's place; return how it is read, for the warning ("" when there was none).

    docutils keeps such text in the message as a literal block, and its HTML shows it there; pandoc reads
    the same source as a heading or a table. A refusal would lose the whole file for one table's misplaced
    character (Celery's configuration guide), and the message alone (removed with `report_level` 5) would
    lose the text silently. A table reads as that literal block, a line a clause, its border lines left
    out; a heading's lines but its over- and underline read as a heading, at the level docutils names
    ("skip from level 1 to 3": 3).
    """
    from docutils import nodes

    parent = message.parent
    blocks = [c for c in message.children if c.tagname == "literal_block"]
    if parent is None or not blocks:
        return ""
    raw = blocks[0].astext()
    if message.children[0].astext().startswith("Malformed table"):
        raw = "\n".join(line for line in raw.split("\n") if not _TABLE_RULE.fullmatch(line))
        replacement = nodes.literal_block(raw, raw)
        note = " Read as its text, a line a paragraph."
    else:
        title = " ".join(
            line.strip() for line in raw.split("\n") if line.strip() and not _ADORNMENT.match(line)
        )
        if not title:
            return ""
        level = _LEVEL.search(message.children[0].astext())
        replacement = nodes.rubric(title, title, classes=["dropped-heading"])
        replacement["level"] = int(level.group(1)) if level else 0
        note = " Read as a heading."
    replacement.source, replacement.line = message.get("source"), message.get("line")
    parent.replace(message, replacement)
    return note


# An explicit markup line naming a directive (docutils' `simplename`, then `::`).
_DIRECTIVE = re.compile(r"^[ \t]*\.\.[ \t]+((?:(?!_)\w)+(?:[-._+:](?:(?!_)\w)+)*)[ \t]?::(?=\s|$)", re.M)


def _read_unknown_directives(text: str, document: Any) -> None:
    """Make each directive of `text` that docutils does not define read as pandoc reads it.

    Policies kept in Sphinx sites use Sphinx's directives (`versionchanged`, `deprecated`, `seealso`,
    `glossary`, `only`, `toctree` …), which docutils alone does not define: it reported each as unknown
    and read none of its content, so a change inside one was never compared. pandoc, the oracle for how
    reStructuredText reads, reads such a directive as a division holding its argument as a paragraph
    and its content as body text, options dropped; so does this, except that Sphinx's version notes
    (`_VERSION_LABELS`) carry the label Sphinx prints, which pandoc drops. A name is registered through
    docutils' public `register_directive` (docutils keeps one registry per process) only when docutils has no
    directive of that name, so no directive docutils defines, and none disabled here, reads otherwise.
    """
    from docutils.parsers.rst import directives, languages  # type: ignore[import-untyped]

    names = {m.group(1).lower() for m in _DIRECTIVE.finditer(text)}
    if not names:
        return
    language = languages.get_language("en")
    for name in names:
        found, _messages = directives.directive(name, language, document)
        if found is None:
            directives.register_directive(name, _unknown_directive())
    if "class" in names:
        # Sphinx's `.. class:: ClientSession(base_url=None)` (its Python domain): not a class name docutils'
        # `class` directive can set, which it refused, content and all (decision 0007, session 25).
        directives.register_directive("class", _unknown_directive().class_or_unknown)


def _unknown_directive() -> Any:
    """Return the directive class that reads an unknown directive as pandoc does (made once)."""
    global _UNKNOWN
    if _UNKNOWN is not None:
        return _UNKNOWN
    from docutils import nodes
    from docutils.parsers.rst import Directive, directives

    class AnyOption(dict[str, Any]):
        """Every option accepted, as text (pandoc keeps them as attributes, not text)."""

        def __missing__(self, key: str) -> Any:
            return directives.unchanged

        def __bool__(self) -> bool:
            return True

    class Unknown(Directive):  # type: ignore[misc]
        class_or_unknown: Any = None
        optional_arguments = 1
        final_argument_whitespace = True
        has_content = True
        option_spec = AnyOption()

        def run(self) -> list[Any]:
            node = nodes.container(directive=self.name)  # (`_Walker`: a field list in it is no metadata)
            label = _VERSION_LABELS.get(self.name.lower())
            argument = self.arguments[0] if self.arguments else ""
            if label is not None and argument:
                # Sphinx's version notes: the version is the label's, the rest of the line a paragraph.
                version, *rest = argument.split(None, 1)
                label, argument = label % version, "".join(rest)
            if argument:
                inline, messages = self.state.inline_text(argument, self.lineno)
                paragraph = nodes.paragraph(argument, "", *inline)
                paragraph.source, paragraph.line = self.state_machine.get_source_and_line(self.lineno)
                node += paragraph
                node += messages
            if self.content:
                self.state.nested_parse(self.content, self.content_offset, node)
            if label is not None and self.arguments:
                # As Sphinx prints it: before the first paragraph, else a paragraph of its own.
                if len(node) and isinstance(node[0], nodes.paragraph):
                    node[0].insert(0, nodes.Text(f"{label}: "))
                else:
                    node.insert(0, nodes.paragraph("", f"{label}:" if len(node) else f"{label}."))
            return [node]

    from docutils.parsers.rst.directives.misc import Class  # type: ignore[import-untyped]

    class ClassOrUnknown(Class):  # type: ignore[misc]
        """docutils' `class` directive, but a signature (Sphinx's Python domain: `.. class::
        ClientSession(base_url=None)`, which docutils refused as no class name, content and all, or read as
        the class "clientsession-base-url-none") reads as an unknown directive does, as pandoc reads it:
        the argument a paragraph (Sphinx shows the signature), the content body text."""

        def run(self) -> list[Any]:
            argument = self.arguments[0]
            try:
                directives.class_option(argument)
            except ValueError:
                return Unknown.run(self)
            if "(" in argument:
                return Unknown.run(self)
            return super().run()  # type: ignore[no-any-return]

    Unknown.class_or_unknown = ClassOrUnknown
    _UNKNOWN = Unknown
    return Unknown


_UNKNOWN: Any = None

_VERSION_LABELS = {
    "versionadded": "Added in version %s",
    "versionchanged": "Changed in version %s",
    "deprecated": "Deprecated since version %s",
    "versionremoved": "Removed in version %s",
}
"""Sphinx's version notes, each read with the label Sphinx prints before its first paragraph (its
`versionlabels`): pandoc keeps only the version ("8.4.0"), so `.. versionadded:: 2.0` made
`.. deprecated:: 2.0` read unchanged, and a note's bare version number paired with a stranger (decision
0007, session 24)."""


def _inliner() -> Any:
    """Return a docutils inliner that reads a role docutils does not know as its literal text.

    Policies kept in Sphinx sites use Sphinx's roles (`:ref:`, `:doc:`, `:term:`, `:abbr:` …), which
    docutils alone does not define: it reports an error per use and keeps the markup, backquotes and
    all, as the clause's text. pandoc, the oracle for how reStructuredText reads, takes such interpreted
    text as code holding the text between the backquotes (`:ref:`the rules <rules>`` reads
    "the rules <rules>", so a changed target is a changed word); so does this, without a warning.
    A role docutils knows, or one the file defines with `.. role::`, reads as docutils reads it.
    """
    from urllib.parse import quote

    from docutils import nodes, utils
    from docutils.parsers.rst import roles, states

    # Not a subclass: `Inliner.init_customizations` fills its patterns from `vars(self.__class__)`,
    # which holds only a subclass's own attributes.
    inliner = states.Inliner()
    known_role = inliner.interpreted

    def interpreted(rawsource: str, text: str, role: str, lineno: int) -> Any:
        known, messages = roles.role(role, inliner.language, lineno, inliner.reporter)
        if known is not None:
            return known_role(rawsource, text, role, lineno)
        target = utils.unescape(text)
        prefix = _NUMBERED_ROLES.get(role.lower())
        if prefix is not None and "<" not in target:
            # Sphinx's `:cve:`/`:cwe:`, as Sphinx prints them: "CVE 2020-15999", a link to the record.
            name, url = prefix
            # (a target that names itself, "CVE-2020-15999", is a project's own `extlinks` role of that name,
            # as Sphinx before 8.1 had none: it printed the target)
            named = target[: len(name)].upper() == name
            shown, number = (
                (target, target[len(name) :].lstrip(" -")) if named else (f"{name} {target}", target)
            )
            return [nodes.reference(rawsource, shown, refuri=url.format(quote(number)))], messages
        return [nodes.literal(rawsource, target)], messages

    inliner.interpreted = interpreted
    return inliner


_NUMBERED_ROLES = {
    "cve": ("CVE", "https://www.cve.org/CVERecord?id=CVE-{}"),
    "cwe": ("CWE", "https://cwe.mitre.org/data/definitions/{}.html"),
}
"""Sphinx's roles for a numbered record, read as Sphinx prints them (`sphinx/roles.py`): the record's name
before its number, as docutils reads `:pep:` and `:rfc:` ("PEP 440"), and a link to it; as a literal, a
security policy's `:cve:`2020-15999`` lost the "CVE" it says (Pillow 9.0.0 → 11.0.0; session 24)."""


def _one_line(text: str) -> str:
    return _SPACE.sub(" ", text).strip()[:300]


def _roman(number: int) -> str:
    out = []
    for value, letters in _ROMAN:
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)


def _enumerator(kind: str, number: int) -> str:
    """Return how docutils' enumerated-list type `kind` writes `number`: `3`, `c`, `C`, `iii`, `III`."""
    if kind == "loweralpha":
        return chr(ord("a") + number - 1) if 1 <= number <= 26 else str(number)
    if kind == "upperalpha":
        return chr(ord("A") + number - 1) if 1 <= number <= 26 else str(number)
    if kind == "lowerroman":
        return _roman(number)
    if kind == "upperroman":
        return _roman(number).upper()
    return str(number)


@dataclass(slots=True)
class _Inline:
    """Text with formatting spans, its whitespace collapsed as it is built."""

    parts: list[str] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)
    length: int = 0
    space: bool = True  # the text so far ends with a space (or is empty): a leading space is dropped

    def add(self, text: str) -> None:
        text = _SPACE.sub(" ", text)
        if self.space and text.startswith(" "):
            text = text[1:]
        if text:
            self.parts.append(text)
            self.length += len(text)
            self.space = text.endswith(" ")

    def paragraph_break(self) -> None:
        """Start a new paragraph of the same block (a cell's or a note's second paragraph)."""
        if self.length:
            self.parts.append("\n")
            self.length += 1
            self.space = True

    def result(self) -> tuple[str, tuple[Span, ...]]:
        text = "".join(self.parts).rstrip()
        spans = [s.at(s.start, min(s.end, len(text))) for s in self.spans if s.start < min(s.end, len(text))]
        return text, tuple(sorted(spans, key=lambda s: (s.start, s.end)))


class _Walker:
    """Walk a docutils document tree and collect blocks, metadata and objects."""

    def __init__(self, document: Any, lines: list[str]) -> None:
        self.document = document
        self.lines = lines
        self.blocks: list[Block] = []
        self.metadata: list[tuple[str, str]] = []
        self.objects: list[EmbeddedObject] = []
        self.unknown_targets: list[tuple[int | None, str]] = []
        self.section = 0
        self.list_depth = 0
        self.in_directive = 0
        """How many directives read as pandoc reads them (`_unknown_directive`) enclose the walk."""
        self.title_line = 0

    # ------------------------------------------------------------------ body elements

    def body(self, children: Iterable[Any]) -> None:
        for child in children:
            self.element(child)

    def element(self, node: Any) -> None:
        name = node.tagname
        if name in _SKIPPED or name == "#text":
            if name == "image":
                self.image(node)
            return
        if name in ("title", "subtitle") and node.parent is self.document:
            self.add(BlockKind.TITLE, node, style=name, line=self.title_source_line(node))
        elif name == "section":
            self.section += 1
            self.body(node.children)
            self.section -= 1
        elif name == "rubric" and "dropped-heading" in node.get("classes", ()):
            level = int(node.get("level") or 0) or self.section + 1  # (`_read_dropped`)
            self.add(BlockKind.HEADING, node, level=min(level, 9), style="section")
        elif name == "title" and node.parent.tagname == "section":
            line = node.line - 1 if node.line else None
            # `.. sectnum::` numbers the headings: the number is the heading's label, as in DOCX.
            numbers = [
                g for g in node.children if g.tagname == "generated" and "sectnum" in g.get("classes", ())
            ]
            label = _one_line(numbers[0].astext().replace("\u00a0", " ")) or None if numbers else None
            level = max(self.section, 1)
            self.add(BlockKind.HEADING, node, level=level, label=label, style="section", line=line)
        elif name == "docinfo":
            self.docinfo(node)
        elif name == "field_list":
            self.field_list(node)
        elif name == "topic" and "contents" in node.get("classes", ()):
            return  # a table of contents made from the headings
        elif name in ("bullet_list", "enumerated_list"):
            self.list(node)
        elif name == "definition_list":
            for item in node.children:
                self.definition_item(item)
        elif name == "table":
            self.table(node)
        elif name in ("footnote", "citation"):
            self.footnote(node)
        elif name in ("literal_block", "doctest_block", "math_block"):
            first = _line(node) or 0
            for k, raw in enumerate(node.astext().split("\n")):
                if raw.strip():
                    self.blocks.append(
                        Block(
                            BlockKind.PARAGRAPH,
                            raw.strip(),
                            style="code",
                            location=Location(line=first + k if first else None),
                            explicit=True,
                        )
                    )
        elif name == "line_block":
            self.line_block(node)
        elif name == "figure":
            for child in node.children:
                if child.tagname == "image":
                    self.image(child)
                elif child.tagname == "caption":
                    self.add(BlockKind.PARAGRAPH, child, style="caption")
                else:
                    self.body(child.children)
        elif name == "option_list":
            for item in node.children:
                # The options, then the description's text with its links and emphasis.
                out = _Inline()
                for part in item.children:
                    if part.tagname == "description":
                        self.inline_elements(part, out)
                    else:
                        out.add(_one_line(part.astext()) + " ")
                self.add_inline(BlockKind.PARAGRAPH, out, item, style="option")
        elif _is_text_element(node):
            # paragraph, rubric, attribution, the title of a topic, sidebar, table or admonition
            self.add(BlockKind.PARAGRAPH, node, style=name)
        elif name == "container" and node.get("directive"):
            # A directive's body (Sphinx's `.. method::` and its `:param x:` list): body text, as pandoc
            # reads it, not the document's metadata.
            self.in_directive += 1
            self.body(node.children)
            self.in_directive -= 1
        elif name in _ADMONITIONS:
            # A note, warning … has no title in docutils' tree (its HTML writer prints one): its kind is
            # a paragraph before its content, "Warning", as pandoc reads it, so a warning made a note is
            # compared (the generic `admonition` has its own title, read as a text element above).
            self.add_text(BlockKind.PARAGRAPH, name.capitalize(), node, style="admonition-title")
            self.body(node.children)
        else:
            # admonitions (note, warning ...), block quotes, topics, sidebars, containers, compounds
            self.body(node.children)

    def title_source_line(self, node: Any) -> int | None:
        """Return the line of the document title or subtitle (docutils keeps no line for a subtitle)."""
        if node.tagname == "title" and node.line:
            self.title_line = node.line - 1
            return self.title_line
        wanted = _one_line(node.astext())
        for k in range(self.title_line, min(len(self.lines), self.title_line + 200)):
            if _one_line(self.lines[k]) == wanted:
                self.title_line = k + 1
                return k + 1
        return self.title_line or None  # a subtitle with inline markup: the title's line is the nearest

    def list(self, node: Any) -> None:
        enumerated = node.tagname == "enumerated_list"
        number = int(node.get("start", 1)) if enumerated else 0
        for item in node.children:
            label = None
            if enumerated:
                label = f"{node.get('prefix', '')}{_enumerator(node.get('enumtype', 'arabic'), number)}"
                label += node.get("suffix", "")
                number += 1
            children = list(item.children)
            if children and _is_text_element(children[0]):
                self.add(
                    BlockKind.LIST_ITEM,
                    children[0],
                    level=min(self.list_depth, 8),
                    label=label,
                    style="enumerated" if enumerated else "bullet",
                    line=_line(children[0]) or _line(item),
                )
                children = children[1:]
            self.list_depth += 1
            self.body(children)
            self.list_depth -= 1

    def docinfo(self, node: Any) -> None:
        """Collect the bibliographic fields after the title (`:Date:`, `:Reviewed:` …) as metadata."""
        for child in node.children:
            if child.tagname == "field":
                self.field(child, as_block=False)
            elif child.tagname == "authors":
                self.meta("authors", "; ".join(_one_line(a.astext()) for a in child.children))
            else:
                self.meta(child.tagname, _one_line(child.astext()))

    def field_list(self, node: Any) -> None:
        """Collect a field list in the body as metadata, each field also a paragraph `Name: value`."""
        for child in node.children:
            if child.tagname == "field":
                self.field(child, as_block=True)

    def field(self, node: Any, *, as_block: bool) -> None:
        names = [c for c in node.children if c.tagname == "field_name"]
        bodies = [c for c in node.children if c.tagname == "field_body"]
        if not names:
            return
        name = _one_line(names[0].astext())
        value = _one_line(bodies[0].astext()) if bodies else ""
        if not self.in_directive:
            self.meta(name, value)
        if as_block:
            out = _Inline()
            self.inline(names[0], out)  # (a name's code and emphasis kept: Celery's ``celery[auth]``)
            out.add(": " if value else "")
            if bodies:
                self.inline_elements(bodies[0], out)  # (a value's links and emphasis kept)
            self.add_inline(BlockKind.PARAGRAPH, out, node, style="field")

    def meta(self, name: str, value: str) -> None:
        key = re.sub(r"[\s\-]+", "_", name.strip().lower())
        if key and value:
            self.metadata.append((key, value))

    def table(self, node: Any) -> None:
        row_index = 0
        for child in node.children:
            if child.tagname == "title":
                self.add(BlockKind.PARAGRAPH, child, style="table-title")
            elif child.tagname != "tgroup":
                continue
            for part in child.children if child.tagname == "tgroup" else ():
                if part.tagname not in ("thead", "tbody"):
                    continue
                taken: dict[tuple[int, int], bool] = {}
                for row in part.children:
                    column = 0
                    for entry in row.children:
                        while taken.get((row_index, column)):
                            column += 1
                        across = int(entry.get("morecols", 0)) + 1
                        down = int(entry.get("morerows", 0)) + 1
                        for r in range(row_index, row_index + down):
                            for c in range(column, column + across):
                                taken[(r, c)] = True
                        self.cell(entry, row_index, column)
                        column += across
                    row_index += 1

    def cell(self, entry: Any, row: int, column: int) -> None:
        inline = _Inline()
        for piece in _text_elements(entry):
            inline.paragraph_break()
            self.inline(piece, inline)
        text, spans = inline.result()
        if text:
            self.blocks.append(
                Block(
                    BlockKind.TABLE_CELL,
                    text,
                    style="table",
                    spans=spans,
                    location=Location(line=_line(entry), row=row, column=column),
                    explicit=True,
                )
            )

    def footnote(self, node: Any) -> None:
        label = None
        inline = _Inline()
        for child in node.children:
            if child.tagname == "label":
                label = _one_line(child.astext())
                continue
            for piece in _text_elements(child):
                inline.paragraph_break()
                self.inline(piece, inline)
        text, spans = inline.result()
        if text:
            self.blocks.append(
                Block(
                    BlockKind.FOOTNOTE,
                    text,
                    label=label,
                    style=node.tagname,
                    spans=spans,
                    location=Location(line=_line(node)),
                    explicit=True,
                )
            )

    def line_block(self, node: Any) -> None:
        out = _Inline()
        for line in node.findall(lambda n: n.tagname == "line"):
            if out.parts and out.parts[-1] != "\n":
                out.paragraph_break()  # (one line a line, as before: none before the first, none empty)
            self.inline(line, out)
        self.add_inline(BlockKind.PARAGRAPH, out, node, style="line_block")

    def image(self, node: Any, *, block: int | None = None) -> None:
        uri = str(node.get("uri", ""))
        if block is None and self.blocks:
            block = len(self.blocks) - 1
        self.objects.append(
            EmbeddedObject(
                "image",
                "uri:" + hashlib.sha256(uri.encode("utf-8", "replace")).hexdigest()[:16],
                block=block,
                name=str(node.get("alt") or uri) or None,
            )
        )

    # ------------------------------------------------------------------ blocks and inline text

    def add(
        self,
        kind: BlockKind,
        node: Any,
        *,
        level: int = 0,
        label: str | None = None,
        style: str | None = None,
        line: int | None = None,
    ) -> None:
        inline = _Inline()
        self.inline(node, inline)
        text, spans = inline.result()
        if not text:
            return
        self.blocks.append(
            Block(
                kind,
                text,
                level=level,
                label=label,
                style=style,
                spans=spans,
                location=Location(line=line if line is not None else _line(node)),
                explicit=True,
            )
        )

    def definition_item(self, item: Any) -> None:
        """Read a definition list's item: its term (and classifiers) and its definition's first paragraph
        as one clause, the term on its own line, as pandoc's GFM writer writes it and the Markdown reader
        reads it (decision 0009, session 26); the definition's other blocks after it."""
        terms = [part for part in item.children if part.tagname in ("term", "classifier")]
        definitions = [part for part in item.children if part.tagname == "definition"]
        body = list(definitions[0].children) if definitions else []
        if not terms or not body or body[0].tagname != "paragraph":
            for part in terms:
                self.add(BlockKind.PARAGRAPH, part, style="term")
            for definition in definitions:
                self.body(definition.children)
            return
        out = _Inline()
        for k, part in enumerate(terms):
            if k:
                out.add(" : ")
            self.inline(part, out)
        out.paragraph_break()
        self.inline(body[0], out)
        self.add_inline(BlockKind.PARAGRAPH, out, item, style="definition")
        self.body(body[1:])
        for definition in definitions[1:]:
            self.body(definition.children)

    def inline_elements(self, node: Any, out: _Inline) -> None:
        """Add the text elements inside a body element (a field's value, an option's description) to
        `out`, a space between them, with their spans."""
        for k, element in enumerate(_text_elements(node)):
            if k:
                out.add(" ")
            self.inline(element, out)

    def add_inline(self, kind: BlockKind, out: _Inline, node: Any, *, style: str) -> None:
        text, spans = out.result()
        if text:
            self.blocks.append(
                Block(
                    kind, text, style=style, spans=spans, location=Location(line=_line(node)), explicit=True
                )
            )

    def add_text(self, kind: BlockKind, text: str, node: Any, *, style: str) -> None:
        if text.strip():
            self.blocks.append(
                Block(kind, text.strip(), style=style, location=Location(line=_line(node)), explicit=True)
            )

    def inline(self, node: Any, out: _Inline) -> None:
        for child in node.children:
            name = child.tagname
            if name == "#text":
                out.add(child.astext())
                continue
            if name in _SILENT_INLINE:
                if name == "image":
                    self.image(child, block=len(self.blocks))  # the block being built
                continue
            if name == "problematic" or name == "target":
                out.add(child.astext())
                continue
            start = out.length
            self.inline(child, out)
            end = out.length
            if out.space and end > start:
                end -= 1  # the trailing space belongs to what follows
            if end <= start:
                continue
            if name == "emphasis" or name == "title_reference":
                out.spans.append(Span(start, end, italic=True))
            elif name == "strong":
                out.spans.append(Span(start, end, bold=True))
            elif name == "literal":
                # ``literal``, `:code:` and the roles read as code (`_inliner`): pandoc's `Code`.
                out.spans.append(Span(start, end, code=True))
            elif name == "reference":
                href = self.href(child)
                if href:
                    out.spans.append(Span(start, end, href=href))

    def href(self, node: Any) -> str | None:
        if node.get("refuri"):
            return str(node["refuri"])
        if node.get("refid"):
            return "#" + str(node["refid"])
        refname = node.get("refname")
        if refname:
            target = self.document.nameids.get(refname)
            if target:
                return "#" + str(target)
            self.unknown_targets.append((_line(node), str(node.get("name") or refname)))
        return None


_ADMONITIONS = frozenset("attention caution danger error hint important note tip warning".split())
"""docutils' specific admonitions: their kind is their title (`_Walker.element`)."""


def _is_text_element(node: Any) -> bool:
    from docutils import nodes

    return isinstance(node, nodes.TextElement)


def _text_elements(node: Any) -> Iterable[Any]:
    """Yield the text elements (paragraphs, terms …) inside a body element, in order, not nested twice."""
    if _is_text_element(node):
        yield node
        return
    if node.tagname in _SKIPPED or node.tagname == "#text":
        return
    for child in node.children:
        yield from _text_elements(child)


def _line(node: Any) -> int | None:
    """Return the source line of a node, else of its nearest descendant or ancestor that has one."""
    if node.line:
        return int(node.line)
    for descendant in node.findall(include_self=False):
        line = getattr(descendant, "line", None)
        if line:
            return int(line)
    parent = node.parent
    while parent is not None:
        if parent.line:
            return int(parent.line)
        parent = parent.parent
    return None
