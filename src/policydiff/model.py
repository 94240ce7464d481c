"""Typed values that cross a pipeline stage boundary: documents, blocks, clauses, policies."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Sequence
from enum import StrEnum
from itertools import accumulate, repeat, starmap
from operator import attrgetter

from policydiff._values import dataclass, field

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, overload


class BlockKind(StrEnum):
    """What a reader saw a block to be, before segmentation decides the clause kind."""

    TITLE = "title"
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"
    TABLE_CELL = "table_cell"
    FOOTNOTE = "footnote"


class ClauseKind(StrEnum):
    """The kind of a clause, as in the `policydiff.document` JSON format."""

    TITLE = "title"
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"
    TABLE_CELL = "table_cell"
    FOOTNOTE = "footnote"
    METADATA = "metadata"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A warning about an input or an output: shown on stderr and in JSON `warnings`."""

    code: str
    """A stable, machine-readable name, e.g. `encoding-fallback`."""
    message: str
    path: str | None = None


@dataclass(frozen=True, slots=True)
class Span:
    """Inline formatting over `[start, end)` of a block's text."""

    start: int
    end: int
    bold: bool = False
    italic: bool = False
    underline: bool = False
    href: str | None = None
    """Target of a hyperlink (a URL, or `#bookmark` for an internal link)."""
    strike: bool = False
    """Struck through (Markdown `~~`, HTML `<s>`/`<del>`, Word `w:strike`/`w:dstrike`)."""
    code: bool = False
    """Code (Markdown backticks, HTML `<code>`, reST ``` ``literal`` ``` and roles read as code, Word's
    "Verbatim Char"/"Source Text" character styles or a monospace font), as pandoc's `Code`."""

    def at(self, start: int, end: int) -> Span:
        """Return the same formatting over `[start, end)`: a span moved or cut with its text."""
        return Span(start, end, self.bold, self.italic, self.underline, self.href, self.strike, self.code)


@dataclass(frozen=True, slots=True)
class Location:
    """Where a block came from, so a reviewer can find it in the source."""

    line: int | None = None
    """1-based line number in a text file."""
    part: str | None = None
    """Package part of a DOCX, e.g. `word/document.xml`."""
    index: int | None = None
    """0-based paragraph index within the part (table cells: the paragraph index of the cell)."""
    row: int | None = None
    column: int | None = None


@dataclass(frozen=True, slots=True)
class Annotation:
    """A reviewer's comment attached to a block (a DOCX comment)."""

    author: str
    text: str
    date: str | None = None


@dataclass(frozen=True, slots=True)
class EmbeddedObject:
    """Non-text content (image, chart, equation): not text, but a change to it must be reportable."""

    kind: str
    """`image`, `chart`, `equation` or `object`."""
    fingerprint: str
    """Stable identity of the content (a CRC and size of the stored part, or a hash of the XML)."""
    block: int | None = None
    """Index of the block it sits in or after, if any."""
    name: str | None = None


@dataclass(frozen=True, slots=True)
class Block:
    """One unit of text as a reader found it: a paragraph, heading, list item, table cell or note."""

    kind: BlockKind
    text: str
    level: int = 0
    """Heading level (1 = top) or list nesting depth (0 = top)."""
    label: str | None = None
    """A list or clause number (`1.`, `4.2`, `a)`), kept apart from the text; bullets are not labels."""
    style: str | None = None
    """The source style name (DOCX paragraph style, Markdown construct), for explanations."""
    spans: tuple[Span, ...] = ()
    location: Location = field(default_factory=Location)
    annotations: tuple[Annotation, ...] = ()
    heading_like: bool = False
    """Set by the plain-text reader: a short line without closing punctuation (a heading candidate)."""
    explicit: bool = False
    """The source marked this kind explicitly (a style or Markdown syntax), so segmentation keeps it."""


BlockRow = tuple[
    BlockKind,
    str,
    int,
    str | None,
    str | None,
    tuple[Span, ...],
    Location,
    tuple[Annotation, ...],
    bool,
    bool,
]
"""A block's fields in `Block`'s order: `Block(*row)` is the block."""

BlockColumns = tuple[
    Sequence[BlockKind],
    Sequence[str],
    Sequence[int],
    Sequence[str | None],
    Sequence[str | None],
    Sequence[tuple[Span, ...]],
    Sequence[Location],
    Sequence[tuple[Annotation, ...]],
    Sequence[bool],
    Sequence[bool],
]
"""Blocks' fields as columns in `Block`'s order: `Block(*[column[i] for column in columns])` is block `i`."""

BLOCK_FIELDS = (
    "kind",
    "text",
    "level",
    "label",
    "style",
    "spans",
    "location",
    "annotations",
    "heading_like",
    "explicit",
)
"""`Block`'s field names in order: a block's row, and the columns of `Blocks`."""


class Blocks(Sequence[Block]):
    """A document's blocks held as rows of their fields (`BlockRow`), or as columns of them
    (`BlockColumns`), each `Block` made when first read.

    A read-only sequence of `Block` like the tuple it stands for (`==` and `hash` as that tuple, pickled as
    it). The plain-text reader hands its blocks over this way, as columns: segmentation reads the columns,
    and a run that never reads `Document.blocks` makes no `Block` (decision 0020, sessions 8 and 9).

    `others`, when given, tells segmentation which rows it may take as they are: it holds the indices (in
    order) of the rows that are *not* plain body text. A plain row is a paragraph (level 0) or a list
    item, not heading-like, without spans, its text stripped; a paragraph's text is also longer than 42
    characters and opens with two ASCII characters, the first a letter, that open no metadata key
    (`segment.METADATA_OPENINGS`, in any case). Segmentation makes such a row the paragraph or list item
    it is without trying its rules (they would say the same); None: every row is looked at.
    """

    __slots__ = ("_all", "_columns", "_made", "_rows", "others")

    def __init__(self, rows: Sequence[BlockRow], others: Sequence[int] | None = None) -> None:
        """Hold `rows` (each block's fields) and, if known, the indices of the rows that are not plain."""
        self._rows: Sequence[BlockRow] | None = rows
        self._columns: BlockColumns | None = None
        self.others = others
        self._made: list[Block | None] | None = None
        self._all: tuple[Block, ...] | None = None

    @classmethod
    def from_columns(cls, columns: BlockColumns, others: Sequence[int] | None = None) -> Blocks:
        """Return the blocks whose fields are `columns` (one sequence a field, in `Block`'s order, all of
        one length), with `others` as for `Blocks(rows, others)`."""
        blocks = cls((), others)
        blocks._rows = None
        blocks._columns = columns
        return blocks

    @property
    def rows(self) -> Sequence[BlockRow]:
        """Each block's fields, in `Block`'s order."""
        rows = self._rows
        return list(zip(*self.columns, strict=True)) if rows is None else rows

    @property
    def columns(self) -> BlockColumns:
        """The blocks' fields as columns, in `Block`'s order: `columns[1][i]` is the text of block `i`."""
        columns = self._columns
        if columns is not None:
            return columns
        rows = self._rows
        assert rows is not None
        # Made each time it is asked for, not kept: blocks held as rows stay one copy of their fields.
        made: tuple[Sequence[object], ...] = (
            tuple(zip(*rows, strict=True)) if rows else ((),) * len(BLOCK_FIELDS)
        )
        return made  # type: ignore[return-value]

    def _every(self) -> tuple[Block, ...]:
        made = self._all
        if made is None:
            some = self._made
            if some is None:
                columns = self._columns
                made = tuple(starmap(Block, self.rows)) if columns is None else tuple(map(Block, *columns))
            else:
                made = tuple(
                    [b if b is not None else Block(*r) for b, r in zip(some, self.rows, strict=True)]
                )
            self._all = made
            self._made = None
        return made

    def __len__(self) -> int:
        rows = self._rows
        return len(self.columns[0]) if rows is None else len(rows)

    def __iter__(self) -> Iterator[Block]:
        return iter(self._every())

    if TYPE_CHECKING:

        @overload
        def __getitem__(self, index: int) -> Block: ...

        @overload
        def __getitem__(self, index: slice) -> tuple[Block, ...]: ...

        def __getitem__(self, index: int | slice) -> Block | tuple[Block, ...]: ...

    def _get(self, index: int | slice) -> Block | tuple[Block, ...]:
        if self._all is not None or isinstance(index, slice):
            return self._every()[index]
        some = self._made
        if some is None:
            some = self._made = [None] * len(self)
        block = some[index]
        if block is None:
            rows = self._rows
            if rows is None:
                fields: list[Any] = [column[index] for column in self.columns]
                block = Block(*fields)
            else:
                block = Block(*rows[index])
            some[index] = block
        return block

    if not TYPE_CHECKING:
        __getitem__ = _get

    def __eq__(self, other: object) -> bool:
        if other is self:
            return True
        if isinstance(other, Blocks):
            return self._every() == other._every()
        if isinstance(other, tuple):
            return self._every() == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._every())

    def __repr__(self) -> str:
        return repr(self._every())

    def __reduce__(self) -> tuple[type[tuple[Block, ...]], tuple[object, ...]]:
        return tuple, (self._every(),)


@dataclass(frozen=True, slots=True)
class Document:
    """A file as read: ordered blocks plus what the reader learnt about the file."""

    source: str
    """The path as given by the user (relative stays relative)."""
    sha256: str
    format: str
    """`text`, `markdown` or `docx` (a converted legacy file reads as `docx`)."""
    blocks: Sequence[Block]
    """A tuple, or (from the plain-text reader) `Blocks`: a sequence equal to the tuple, its `Block`s made
    when first read."""
    metadata: tuple[tuple[str, str], ...] = ()
    """Key/value pairs from front matter, headers and footers, document properties."""
    objects: tuple[EmbeddedObject, ...] = ()
    warnings: tuple[Diagnostic, ...] = ()
    title: str | None = None
    """A title the source declares (front matter, document properties), if any."""


@dataclass(frozen=True, slots=True)
class Clause:
    """The unit that is aligned: a title line, heading, paragraph, list item, cell, note or metadata line."""

    id: str
    """An ordinal within one document: `c1`, `c2`, …"""
    kind: ClauseKind
    text: str
    """What a reader sees: no Markdown markers, no list label, no bullet."""
    key: str
    """The normalised text used for equality (see `normalise.key`)."""
    level: int = 0
    label: str | None = None
    section: tuple[str, ...] = ()
    """Texts of the enclosing headings, outermost first."""
    spans: tuple[Span, ...] = ()
    location: Location = field(default_factory=Location)
    annotations: tuple[Annotation, ...] = ()


CLAUSE_FIELDS = ("id", "kind", "text", "key", "level", "label", "section", "spans", "location", "annotations")
"""`Clause`'s field names in order: the columns of `Clauses`."""
_CLAUSE_FIELD_AT = {name: at for at, name in enumerate(CLAUSE_FIELDS)}


class Clauses(Sequence[Clause]):
    """A policy's clauses held as columns of their fields, one sequence a field in `Clause`'s order
    (`CLAUSE_FIELDS`), each `Clause` made when first read.

    A read-only sequence of `Clause` like the tuple it stands for (`==` and `hash` as that tuple, pickled as
    it), as `Blocks` is for blocks. Segmentation hands its clauses over this way, and the stages that read a
    field of every clause (the keys and kinds `align` starts from, the plain-pair test, the sign-off list's
    references and places, the HTML report's unchanged runs) read it as a column (`clause_column`): a
    comparison then makes a `Clause` only for the clauses something reads one by one, mostly the changed
    ones (decision 0024, session 17).
    """

    __slots__ = ("_all", "_columns", "_made")

    def __init__(self, columns: Sequence[Sequence[Any]]) -> None:
        """Hold `columns`: one sequence a field, in `Clause`'s order, all of one length, never changed."""
        self._columns = columns
        self._made: list[Clause | None] | None = None
        self._all: tuple[Clause, ...] | None = None

    def column(self, name: str) -> Sequence[Any]:
        """Return the field `name` of every clause, in order (the column itself: not to be changed)."""
        return self._columns[_CLAUSE_FIELD_AT[name]]

    def _every(self) -> tuple[Clause, ...]:
        made = self._all
        if made is None:
            some = self._made
            if some is None:
                made = tuple(map(Clause, *self._columns))
            else:
                made = tuple([c if c is not None else self._one(k) for k, c in enumerate(some)])
            self._all = made
            self._made = None
        return made

    def _one(self, index: int) -> Clause:
        fields: list[Any] = [column[index] for column in self._columns]
        return Clause(*fields)

    def __len__(self) -> int:
        return len(self._columns[0])

    def __iter__(self) -> Iterator[Clause]:
        return iter(self._every())

    if TYPE_CHECKING:

        @overload
        def __getitem__(self, index: int) -> Clause: ...

        @overload
        def __getitem__(self, index: slice) -> tuple[Clause, ...]: ...

        def __getitem__(self, index: int | slice) -> Clause | tuple[Clause, ...]: ...

    def _get(self, index: int | slice) -> Clause | tuple[Clause, ...]:
        if self._all is not None or isinstance(index, slice):
            return self._every()[index]
        some = self._made
        if some is None:
            some = self._made = [None] * len(self)
        clause = some[index]
        if clause is None:
            clause = some[index] = self._one(index if index >= 0 else index + len(some))
        return clause

    if not TYPE_CHECKING:
        __getitem__ = _get

    def __eq__(self, other: object) -> bool:
        if other is self:
            return True
        if isinstance(other, Clauses):
            return self._every() == other._every()
        if isinstance(other, tuple):
            return self._every() == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._every())

    def __repr__(self) -> str:
        return repr(self._every())

    def __reduce__(self) -> tuple[type[tuple[Clause, ...]], tuple[object, ...]]:
        return tuple, (self._every(),)


def clause_column(clauses: Sequence[Clause], name: str) -> Sequence[Any]:
    """Return the field `name` of every clause in `clauses`, in order: a `Clauses`' own column (not to be
    changed), else read from each clause."""
    if isinstance(clauses, Clauses):
        return clauses.column(name)
    return list(map(attrgetter(name), clauses))


@dataclass(frozen=True, slots=True)
class Policy:
    """A segmented document: its clauses, title, organisation and metadata."""

    source: str
    sha256: str
    format: str
    title: str | None
    organisation: str | None
    metadata: tuple[tuple[str, str], ...]
    clauses: Sequence[Clause]
    """A tuple, or a `Clauses` (segmentation's: the fields as columns, each `Clause` made when read)."""
    objects: tuple[EmbeddedObject, ...] = ()
    warnings: tuple[Diagnostic, ...] = ()

    def metadata_dict(self) -> dict[str, str]:
        """Return the metadata as a dict (the first value of a repeated key wins)."""
        out: dict[str, str] = {}
        for key, value in self.metadata:
            out.setdefault(key, value)
        return out


class ChangeOp(StrEnum):
    """How a clause (or group of clauses) changed from left to right."""

    UNCHANGED = "unchanged"
    REWORDED = "reworded"
    MOVED = "moved"
    SPLIT = "split"
    MERGED = "merged"
    ADDED = "added"
    REMOVED = "removed"


class EditOp(StrEnum):
    """One word-level edit: text kept, inserted (right only) or deleted (left only)."""

    EQUAL = "equal"
    INSERT = "insert"
    DELETE = "delete"


CLOSING_MARKS = frozenset(".:;, \t\n")
"""What a clause's closing punctuation is made of, spaces included: full stops, colons, semicolons and
commas, no "?" or "!" (which change what a sentence is). A change to it alone is cosmetic (decision 0002,
session 23)."""


@dataclass(frozen=True, slots=True)
class Edit:
    """A run of text with its edit operation; equal+delete rebuild the left, equal+insert the right."""

    op: EditOp
    text: str
    cls: str | None = None
    """`slot` (an organisation-name substitution) or `cosmetic` (ignored by normalisation), else None."""


@dataclass(frozen=True, slots=True)
class Slot:
    """Text that varies by organisation by design: shown, not counted as a substantive change."""

    left: str
    right: str
    count: int = 0
    """How many times the substitution occurs in paired clauses."""
    source: str = "detected"
    """`organisation` (the two documents' names), `detected` (a consistent substitution) or `manual`."""


@dataclass(frozen=True, slots=True)
class Format:
    """The inline formatting of a stretch of text: emphasis, strikethrough, code and link target (all off:
    plain text)."""

    bold: bool = False
    italic: bool = False
    underline: bool = False
    href: str | None = None
    """Target of a hyperlink, None when the text is not a link."""
    strike: bool = False
    code: bool = False
    """Code (`Span.code`): a word made code with its letters kept is a formatting change."""
    heading: bool = False
    """The stretch is a whole heading (or title): set on the sides of a `FormatChange` whose clause was
    made body text, or a heading, with its words kept, or went to another heading level (`compare`)."""
    level: int | None = None
    """The heading's level (1 = top: `#`, Heading 1), on both sides of a `FormatChange` whose
    heading went to another level in two documents of one markup format (`compare`); None otherwise."""


@dataclass(frozen=True, slots=True)
class FormatChange:
    """Text kept word for word whose emphasis or link target differs between the two sides, a clause
    made a heading or body text (`Format.heading`), or a heading at another level (`Format.level`). A
    link whose words were edited as well as its target changed is one entry with its words whole."""

    text: str
    left: Format
    right: Format


@dataclass(frozen=True, slots=True)
class Relabel:
    """The list labels of a pair that differ, as a renumbering does (cosmetic: never a change alone)."""

    left: str | None
    right: str | None


@dataclass(frozen=True, slots=True)
class ChangeClass:
    """What kind of change a reviewer cares about a pair holds: an obligation, a negation, a number…"""

    cls: str
    """`modality`, `negation`, `number`, `date`, `role` or `link`."""
    left: str
    """The words on the left ("" when a negation was added)."""
    right: str
    """The words on the right ("" when a negation was removed)."""
    direction: str | None = None
    """`stronger`/`weaker` for a modality, or `added`/`removed` for one of a clause added or removed whole;
    `added`/`removed` for a negation; else None."""
    detail: str | None = None
    """Free text for people (not written to JSON)."""


CLASS_NAMES: tuple[str, ...] = ("modality", "negation", "number", "date", "role", "link")
"""Every change class, in the order reports list them."""


@dataclass(frozen=True, slots=True)
class Change:
    """One entry of a comparison: which clauses on each side, how they changed and why they were paired."""

    op: ChangeOp
    left: tuple[str, ...]
    """Clause ids on the left (empty for `added`)."""
    right: tuple[str, ...]
    """Clause ids on the right (empty for `removed`)."""
    score: float
    """Similarity of the paired texts in [0, 1] (1 for unchanged, 0 for added/removed)."""
    matched_by: str
    """`exact`, `normalised`, `slot`, `fuzzy`, `contained`, `split`, `merge` or `none`."""
    edits: tuple[Edit, ...] = ()
    reworded: bool = False
    """For `moved`, `split` and `merged`: whether the words changed too."""
    formatting: tuple[FormatChange, ...] = ()
    """Kept text whose emphasis or link target differs, or a heading made body text (or body text a
    heading); a pair with any is never `unchanged`."""
    label: Relabel | None = None
    """For a one-to-one pair whose list labels differ: both labels (a renumbering, cosmetic)."""
    shared: tuple[str, ...] = ()
    """The distinctive words both sides share: the evidence for pairing non-identical clauses."""
    classes: tuple[ChangeClass, ...] = ()
    """What a reviewer cares about in the pair's word edits: obligations, negations, numbers, dates,
    roles, links (`classes.classify`)."""

    @property
    def same_words(self) -> bool:
        """Return whether the words are the same on both sides (cosmetic and slot edits aside)."""
        return not any(e.op is not EditOp.EQUAL and e.cls is None for e in self.edits)


@dataclass(frozen=True, slots=True)
class UnchangedRun:
    """A stretch of one-to-one pairs of equal clauses, consecutive on both sides: pair `k` is left clause
    `left + k` and right clause `right + k`, for `k` in `range(length)`.

    Each pair is the change `Change(ChangeOp.UNCHANGED, (left id,), (right id,), 1.0, "exact")`: equal
    texts, no spans on either clause, equal labels, not moved (a relabelled, formatted or moved pair is an
    ordinary `Change`).
    """

    left: int
    """Index in the left policy's clauses of the run's first left clause."""
    right: int
    """Index in the right policy's clauses of its first right clause."""
    length: int


_ID = attrgetter("id")


class Changes(Sequence[Change]):
    """The changes of a comparison, in right-hand order, with its unchanged runs held as index ranges.

    A read-only sequence of `Change` like the tuple it stands for (`==` and `hash` as that tuple): reading
    a change inside a run makes its `Change` then, and iterating makes every change once and keeps them.
    `parts` yields the changes and the runs as they are held, without a `Change` per unchanged pair.
    """

    __slots__ = ("_all", "_left", "_len", "_parts", "_right", "_starts")

    def __init__(
        self, left: Sequence[Clause], right: Sequence[Clause], parts: Sequence[Change | UnchangedRun]
    ) -> None:
        """Hold `parts` (changes and unchanged runs, in order) over the two sides' clauses."""
        self._left = left
        self._right = right
        self._parts = tuple(parts)
        self._len = sum(p.length if type(p) is UnchangedRun else 1 for p in self._parts)
        self._starts: list[int] | None = None
        self._all: tuple[Change, ...] | None = None

    def parts(self) -> Iterator[Change | UnchangedRun]:
        """Yield the changes not in a run and each unchanged run once, in order."""
        return iter(self._parts)

    def _run(self, run: UnchangedRun) -> Iterator[Change]:
        a, b, n = run.left, run.right, run.length
        return map(
            Change,
            repeat(ChangeOp.UNCHANGED),
            zip(map(_ID, self._left[a : a + n])),
            zip(map(_ID, self._right[b : b + n])),
            repeat(1.0),
            repeat("exact"),
        )

    def _every(self) -> tuple[Change, ...]:
        made = self._all
        if made is None:
            out: list[Change] = []
            for part in self._parts:
                if isinstance(part, UnchangedRun):
                    out.extend(self._run(part))
                else:
                    out.append(part)
            made = self._all = tuple(out)
        return made

    def __len__(self) -> int:
        return self._len

    def __iter__(self) -> Iterator[Change]:
        return iter(self._every())

    if TYPE_CHECKING:

        @overload
        def __getitem__(self, index: int) -> Change: ...

        @overload
        def __getitem__(self, index: slice) -> tuple[Change, ...]: ...

        def __getitem__(self, index: int | slice) -> Change | tuple[Change, ...]: ...

    def _get(self, index: int | slice) -> Change | tuple[Change, ...]:
        if self._all is not None or isinstance(index, slice):
            return self._every()[index]
        at = index.__index__()
        if at < 0:
            at += self._len
        if not 0 <= at < self._len:
            raise IndexError("change index out of range")
        starts = self._starts
        if starts is None:
            lengths = (p.length if type(p) is UnchangedRun else 1 for p in self._parts)
            starts = self._starts = list(accumulate(lengths, initial=0))
        k = bisect_right(starts, at) - 1
        part = self._parts[k]
        if isinstance(part, UnchangedRun):
            i, j = part.left + at - starts[k], part.right + at - starts[k]
            return Change(ChangeOp.UNCHANGED, (self._left[i].id,), (self._right[j].id,), 1.0, "exact")
        return part

    if not TYPE_CHECKING:
        __getitem__ = _get

    def __eq__(self, other: object) -> bool:
        if other is self:
            return True
        if isinstance(other, Changes):
            return self._len == other._len and self._every() == other._every()
        if isinstance(other, tuple):
            return self._len == len(other) and self._every() == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._every())

    def __repr__(self) -> str:
        return repr(self._every())

    def __reduce__(self) -> tuple[type[Changes], tuple[object, ...]]:
        return Changes, (self._left, self._right, self._parts)


@dataclass(frozen=True, slots=True)
class Comparison:
    """Two policies, their clause alignment as changes in right-hand order, and the slots used."""

    left: Policy
    right: Policy
    changes: Sequence[Change]
    """Every change in right-hand order: a tuple, or (from `compare`) a `Changes`, which holds unchanged
    runs as index ranges (`parts`)."""
    slots: tuple[Slot, ...]
    warnings: tuple[Diagnostic, ...] = ()
    options: tuple[tuple[str, object], ...] = ()
    """The options that shaped the comparison, for provenance."""

    def parts(self) -> Iterator[Change | UnchangedRun]:
        """Yield the changes in order, each unchanged run (`UnchangedRun`) as one item and every other
        change as its `Change`; a run takes `length` places of `changes`, a `Change` one. Changes held as
        a plain sequence come one by one (no runs)."""
        changes = self.changes
        return changes.parts() if isinstance(changes, Changes) else iter(changes)

    def _changed(self) -> tuple[list[Change], int]:
        """Return the changes not in a run, and how many changes the runs hold."""
        listed: list[Change] = []
        runs = 0
        for part in self.parts():
            if isinstance(part, UnchangedRun):
                runs += part.length
            else:
                listed.append(part)
        return listed, runs

    def stats(self) -> dict[str, int]:
        """Return the number of changes of each kind (every kind present, zero or not)."""
        counts = {op.value: 0 for op in ChangeOp}
        listed, runs = self._changed()
        for change in listed:
            counts[change.op.value] += 1
        counts[ChangeOp.UNCHANGED.value] += runs
        return counts

    def detail_stats(self) -> dict[str, int]:
        """Return the counts that cut across the kinds of change.

        `formatting`: changes whose emphasis or link targets differ (reworded pairs among them may
        keep every word); `renumbered`: one-to-one pairs whose list labels differ.
        """
        listed = self._changed()[0]  # a run's pairs have neither
        return {
            "formatting": sum(1 for c in listed if c.formatting),
            "renumbered": sum(1 for c in listed if c.label is not None),
        }

    def class_stats(self) -> dict[str, int]:
        """Return how many times each change class occurs (keys `modality stronger`, `modality weaker`,
        `negation added`, `negation removed`, `number`, `date`, `role`, `link`; only those present)."""
        counts: dict[str, int] = {}
        for change in self._changed()[0]:
            for k in change.classes:
                key = f"{k.cls} {k.direction}" if k.direction else k.cls
                counts[key] = counts.get(key, 0) + 1
        return counts


# --- History and blame ---


@dataclass(frozen=True, slots=True)
class Version:
    """One version of the file: a commit that changed it, or one file of a list of versions."""

    commit: str
    """The full commit sha; for a list of files, the SHA-256 of the file's bytes."""
    parent: str | None
    """The version this one is aligned with: the commit's first parent (or the previous file), if any."""
    date: str | None
    """The author date, ISO 8601 with its offset; None for a list of files."""
    author: str | None
    message: str | None
    path: str
    """The file's path at this version (relative to the repository root; as given for a list of files)."""


@dataclass(frozen=True, slots=True)
class ClauseEvent:
    """One thing a version did to a lineage: introduced, changed or removed it."""

    commit: str
    op: ChangeOp
    """`added`, `reworded`, `moved`, `split`, `merged` or `removed` (never `unchanged`)."""
    clause: str | None
    """The clause id (`c4`) in that version (for a lineage merged away, the clause it went into); None
    when the lineage was removed."""
    from_: tuple[str, ...]
    """Lineage ids the clause came from (the merged or split ones; itself for a rewording or move)."""
    into: tuple[str, ...]
    """Lineage ids it went into (all parts of a split; the survivor of a merge)."""
    text: str | None
    """The clause's text after the event; None for a removal."""


@dataclass(frozen=True, slots=True)
class LineageClause:
    """A clause followed through the versions under one lineage id."""

    id: str
    """`<sha of the introducing commit>:<ordinal in that version>` (a content hash for a list of files)."""
    kind: ClauseKind
    section: tuple[str, ...]
    text: str
    """The latest text (at removal, the text it had last)."""
    introduced: str | None
    """The commit that introduced it; None when it is older than the first version seen."""
    last_changed: str | None
    """The last commit that introduced or changed it (not a removal); None if older and never changed."""
    removed: str | None
    """The commit that removed it (or merged it into another lineage); None while it is present."""
    restored_from: str | None
    """The lineage id of an earlier, removed clause with the same text that this one brings back."""
    events: tuple[ClauseEvent, ...]


@dataclass(frozen=True, slots=True)
class Lineage:
    """The history of one policy: its versions oldest first and the lineage of every clause."""

    path: str
    versions: tuple[Version, ...]
    clauses: tuple[LineageClause, ...]
    """In order of introduction; clauses older than the first version first, in document order."""
    truncated_at: str | None = None
    """In a shallow clone, the oldest reachable commit: history before it is unknown."""
    warnings: tuple[Diagnostic, ...] = ()
    options: tuple[tuple[str, object], ...] = ()


@dataclass(frozen=True, slots=True)
class CommitRef:
    """A commit as blame shows it."""

    commit: str
    date: str | None
    author: str | None


@dataclass(frozen=True, slots=True)
class BlameClause:
    """One clause of the file at a revision with the commits that introduced and last changed it."""

    id: str
    """The clause id at the revision (`c4`)."""
    lineage: str
    kind: ClauseKind
    section: tuple[str, ...]
    text: str
    introduced: CommitRef | None
    """None when the clause is older than the reachable history (a shallow clone)."""
    last_changed: CommitRef | None
    revisions: int
    """How many times it changed after its introduction (rewordings, moves, splits, merges)."""


@dataclass(frozen=True, slots=True)
class Blame:
    """Every clause of the file at a revision, with where it came from."""

    path: str
    rev: str
    """The full sha the revision resolved to."""
    clauses: tuple[BlameClause, ...]
    truncated_at: str | None = None
    warnings: tuple[Diagnostic, ...] = ()
    options: tuple[tuple[str, object], ...] = ()


# --- The N-way matrix ---


class CellState(StrEnum):
    """How one document holds one clause group."""

    SAME = "same"
    """Equal to the consensus after normalisation and organisation-name substitution."""
    VARIANT = "variant"
    """Present, worded differently (the cell carries word edits against the consensus)."""
    MOVED = "moved"
    """Present but out of the consensus order (it may be worded differently too)."""
    MISSING = "missing"
    ADDED = "added"
    """With a baseline: present in a group the baseline does not have."""


@dataclass(frozen=True, slots=True)
class Cell:
    """One document's clause (or its absence) in one clause group."""

    document: int
    """Index of the document in `Matrix.documents`."""
    clauses: tuple[str, ...]
    """The clause ids (`c4`) of that document in the group; empty when missing."""
    text: str | None
    """The document's wording as a reader sees it; None when missing."""
    state: CellState
    edits: tuple[Edit, ...] = ()
    """Word edits turning the consensus (organisation slot as `{organisation}`) into `text`; empty
    when the state is `same` or `missing`."""
    reworded: bool = False
    """For `moved` and `added`: whether the words differ from the consensus too."""
    classes: tuple[ChangeClass, ...] = ()
    """What a reviewer cares about in the edits from the consensus to this wording (a site that says "may"
    where the consensus says "must" is an obligation made weaker)."""


@dataclass(frozen=True, slots=True)
class ClauseGroup:
    """A row of the matrix: the clauses of the documents that say the same thing, at most one each."""

    id: str
    """`g-` + 10 hex digits of the SHA-256 of the consensus key (`-2`, `-3` … for repeats)."""
    kind: ClauseKind
    section: tuple[str, ...]
    """The most common section path of its clauses (organisation slot abstracted)."""
    consensus: str
    """The most common normalised wording, the organisation name as `{organisation}`; with a
    baseline, the baseline's wording."""
    cells: tuple[Cell, ...]
    """The cells of the documents that hold the group, in document order. A document that lacks it has no
    cell (`missing` is implied: see `cell`), so a matrix grows with the clauses, not documents × groups."""
    support: int
    """How many documents hold a clause of the group."""
    added: bool = False
    """With a baseline: the baseline does not have this group."""
    in_master: bool = False
    """The harmonised master keeps it (support of at least `min_support`; one title; no dated line)."""

    def cell(self, document: int) -> Cell:
        """Return a document's cell in this group; a `missing` cell (made now, not held) when it has none."""
        cells = self.cells
        lo, hi = 0, len(cells)
        while lo < hi:
            mid = (lo + hi) // 2
            if cells[mid].document < document:
                lo = mid + 1
            else:
                hi = mid
        if lo < len(cells) and cells[lo].document == document:
            return cells[lo]
        return Cell(document, (), None, CellState.MISSING)


@dataclass(frozen=True, slots=True)
class Matrix:
    """N policies as clause groups in consensus order, with each document's state in each group."""

    documents: tuple[Policy, ...]
    """In the order given (a baseline not among the files comes first)."""
    groups: tuple[ClauseGroup, ...]
    baseline: int | None = None
    """Index of the baseline document, if any."""
    min_support: float = 0.5
    warnings: tuple[Diagnostic, ...] = ()
    options: tuple[tuple[str, object], ...] = ()

    @property
    def master(self) -> tuple[ClauseGroup, ...]:
        """Return the groups of the proposed harmonised master, in order."""
        return tuple(g for g in self.groups if g.in_master)

    def deviations(self, document: int) -> tuple[tuple[ClauseGroup, Cell], ...]:
        """Return the groups where a document is not `same` (or absent from a non-master group)."""
        out = []
        for group in self.groups:
            cell = group.cell(document)
            if cell.state is CellState.SAME:
                continue
            if cell.state is CellState.MISSING and not group.in_master:
                continue
            out.append((group, cell))
        return tuple(out)
