"""A Word redline: the right-hand policy with the differences from the left recorded as tracked changes."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from lxml import etree

from policydiff import formatting
from policydiff.errors import UsageError
from policydiff.model import ChangeOp, Clause, ClauseKind, Comparison, Diagnostic, EditOp, Format, Policy
from policydiff.normalise import strip_xml_illegal
from policydiff.renderers import _ooxml as ox
from policydiff.renderers._docx_cover import COVER_TAG, write_cover
from policydiff.renderers._docx_marks import (
    LevelStyles,
    Written,
    avoid_level_clashes,
    keep_last_mark,
    separate_revisions,
    write_properties,
)
from policydiff.renderers._docx_numbering import Lists, Props
from policydiff.renderers._docx_order import gaps, left_only_anchors
from policydiff.renderers._docx_tables import put_in_tables
from policydiff.renderers._docx_template import template as _template
from policydiff.renderers._redline import Piece, Redline, redlines, relabel_text
from policydiff.renderers._signoff import is_listed, signoff_rows
from policydiff.renderers.docx_package import PackageRedline, cover_of, write_package_redline

__all__ = [
    "COVER_TAG",
    "DocxRedline",
    "not_carried_over",
    "redline_and_notes",
    "render_comparison",
    "write_redline",
]

_CT = "application/vnd.openxmlformats-officedocument."
_CONTENT_TYPES = {
    "word/document.xml": _CT + "wordprocessingml.document.main+xml",
    "word/styles.xml": _CT + "wordprocessingml.styles+xml",
    "word/numbering.xml": _CT + "wordprocessingml.numbering+xml",
    "word/settings.xml": _CT + "wordprocessingml.settings+xml",
    "word/comments.xml": _CT + "wordprocessingml.comments+xml",
    "docProps/core.xml": "application/vnd.openxmlformats-package.core-properties+xml",
}


@dataclass(frozen=True, slots=True)
class DocxRedline:
    """The bytes of a redline and what was lost or recorded while writing it."""

    data: bytes
    revisions: int
    """How many `w:ins`/`w:del` revisions (paragraph marks included) the document holds."""
    dropped_characters: int
    """Characters XML forbids (control characters, lone surrogates), dropped from the text."""


def render_comparison(
    comparison: Comparison,
    *,
    author: str = "policydiff",
    date: str | None = None,
    cover: bool = False,
    left_bytes: bytes | None = None,
    right_bytes: bytes | None = None,
) -> bytes:
    """Return a DOCX that is the right-hand policy with the differences from the left as tracked changes.

    Accept All gives the right-hand clauses, Reject All the left-hand ones. `date` (ISO `YYYY-MM-DD`)
    stamps every revision; without it revisions carry no date. `cover` adds a summary table inside a
    content control tagged `policydiff-cover`. Styles and numbering come from `right_bytes` (else
    `left_bytes`) when it is a DOCX. The same arguments always give the same bytes.
    """
    return write_redline(
        comparison, author=author, date=date, cover=cover, left_bytes=left_bytes, right_bytes=right_bytes
    ).data


def write_redline(
    comparison: Comparison,
    *,
    author: str = "policydiff",
    date: str | None = None,
    cover: bool = False,
    left_bytes: bytes | None = None,
    right_bytes: bytes | None = None,
) -> DocxRedline:
    """Return the redline of `render_comparison` with its revision count and dropped characters."""
    done = package_redline(
        comparison, author=author, date=date, cover=cover, left_bytes=left_bytes, right_bytes=right_bytes
    )
    if done is not None:
        return DocxRedline(done.data, done.revisions, 0)
    return _generated(
        comparison, author=author, date=date, cover=cover, left_bytes=left_bytes, right_bytes=right_bytes
    )


def _generated(
    comparison: Comparison,
    *,
    author: str,
    date: str | None,
    cover: bool,
    left_bytes: bytes | None,
    right_bytes: bytes | None,
) -> DocxRedline:
    """Return the redline written as a new document (text and Markdown inputs, or a Word shape the
    package writer declines)."""
    stamp = revision_date(date)
    styles, numbering = _template(right_bytes, left_bytes)
    lists = Lists(numbering, ox.ensure_styles(styles))
    writer = _Writer(author=author, date=stamp, lists=lists)
    lines = redlines(comparison)
    if cover:
        rows = signoff_rows(comparison)
        writer.numbers = {row.position: row.number for row in rows}
        write_cover(writer.body, comparison, lines, rows, lambda text: _clean(text, writer))
    else:  # the same numbers without the rows' references (the sign-off list numbers listed changes)
        listed = (position for position, change in enumerate(comparison.changes, 1) if is_listed(change))
        writer.numbers = {position: number for number, position in enumerate(listed, 1)}
    writer.right_props = lists.plan(comparison.right.clauses)
    writer.left_props = lists.plan(comparison.left.clauses)
    writer.changes(comparison, lines)
    put_in_tables(writer.written, writer.body, writer.revision)
    separate_revisions(writer.written)
    keep_last_mark(writer.written)
    avoid_level_clashes(writer.written)
    write_properties(writer.written, writer.revision, LevelStyles(styles))
    ox.sectPr(writer.body)
    lists.finish()
    rels: list[tuple[str, str, str, bool]] = [
        ("rId1", "styles", "styles.xml", False),
        ("rId2", "numbering", "numbering.xml", False),
        ("rId3", "settings", "settings.xml", False),
    ]
    parts = {
        "word/document.xml": ox.serialise(writer.root),
        "word/styles.xml": ox.serialise(styles),
        "word/numbering.xml": ox.serialise(numbering),
        "word/settings.xml": ox.serialise(ox.settings()),
        "docProps/core.xml": ox.serialise(
            ox.core_properties(_clean(comparison.right.title or "", writer), author, stamp)
        ),
    }
    if writer.notes:
        rels.append(("rId4", "comments", "comments.xml", False))
        parts["word/comments.xml"] = ox.serialise(ox.comments(writer.notes))
    rels.extend((rel_id, "hyperlink", url, True) for url, rel_id in writer.links.items())
    parts["word/_rels/document.xml.rels"] = ox.serialise(ox.relationships(rels))
    parts["_rels/.rels"] = ox.serialise(
        ox.relationships(
            [
                ("rId1", "officeDocument", "word/document.xml", False),
                (
                    "rId2",
                    "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
                    "docProps/core.xml",
                    False,
                ),
            ]
        )
    )
    parts["[Content_Types].xml"] = ox.serialise(
        ox.content_types({k: v for k, v in _CONTENT_TYPES.items() if k in parts})
    )
    return DocxRedline(ox.zip_package(parts), writer.next_id - 1, writer.dropped)


def package_redline(
    comparison: Comparison,
    *,
    author: str = "policydiff",
    date: str | None = None,
    cover: bool = False,
    left_bytes: bytes | None = None,
    right_bytes: bytes | None = None,
) -> PackageRedline | None:
    """Return the redline written into the right package when both sides are Word documents whose
    bytes are given, else None (the generated redline is written instead). `date` is an ISO date."""
    if (
        left_bytes is None
        or right_bytes is None
        or comparison.left.format != "docx"
        or comparison.right.format != "docx"
    ):
        return None
    stamp = revision_date(date)
    cover_block = None
    if cover:
        generated = _generated(
            comparison, author=author, date=date, cover=True, left_bytes=None, right_bytes=right_bytes
        )
        cover_block = cover_of(generated.data)
    return write_package_redline(
        comparison, left_bytes, right_bytes, author=author, date=stamp, cover=cover_block
    )


def revision_date(date: str | None) -> str | None:
    """Return the `w:date` of revisions for an ISO date (`2024-03-01` → `2024-03-01T00:00:00Z`)."""
    if date is None:
        return None
    match = re.match(r"^(\d{4}-\d{2}-\d{2})(?:$|[T ])", date.strip())
    try:
        day = dt.date.fromisoformat(match.group(1)) if match else None
    except ValueError:
        day = None
    if day is None:
        raise UsageError(f"--date takes an ISO date (YYYY-MM-DD), got {date!r}")
    return f"{day.isoformat()}T00:00:00Z"


def not_carried_over(policy: Policy) -> list[str]:
    """Return what of a policy the redline does not carry over, one short phrase each (empty if all)."""
    out: list[str] = []
    kinds = Counter(obj.kind for obj in policy.objects)
    for kind in sorted(kinds):
        out.append(f"{kinds[kind]} {kind}(s) (not copied into the redline)")
    places = sorted({key for key, _ in policy.metadata if key in ("header", "footer")})
    if places:
        out.append(" and ".join(f"{p}s" for p in places) + " (not copied; their text is not a clause)")
    annotated = sum(len(c.annotations) for c in policy.clauses)
    if annotated:
        out.append(f"{annotated} reviewer comment(s) (not copied)")
    notes = sum(1 for c in policy.clauses if c.kind is ClauseKind.FOOTNOTE)
    if notes:
        out.append(f"{notes} footnote(s) (written as ordinary paragraphs at their place)")
    return out


# --------------------------------------------------------------------------- the writer


@dataclass(slots=True)
class _Writer:
    author: str
    date: str | None
    lists: Lists
    root: etree._Element = field(init=False)
    body: etree._Element = field(init=False)
    next_id: int = 1
    dropped: int = 0
    links: dict[str, str] = field(default_factory=dict)
    notes: list[tuple[int, str, str | None, str]] = field(default_factory=list)
    written: list[Written] = field(default_factory=list)
    right_props: dict[str, Props] = field(default_factory=dict)
    """The paragraph properties of each right-hand clause (by id), as the right document alone has them."""
    left_props: dict[str, Props] = field(default_factory=dict)
    numbers: dict[int, int] = field(default_factory=dict)
    """The sign-off number of each listed change, by its place in the comparison (as the cover lists it)."""
    anchors: dict[int, list[Redline]] = field(default_factory=dict)
    """The left-only text written after each change (`_docx_order.left_only_anchors`)."""
    between: dict[tuple[int, str, int], list[Redline]] = field(default_factory=dict)
    """What is written between two clauses of one side of a change (`_docx_order.gaps`)."""

    def __post_init__(self) -> None:
        self.root, self.body = ox.document()

    # ------------------------------------------------------------ revisions

    def revision(self, cls: str | None = None) -> dict[str, str]:
        """Return the attributes of a new revision, its author marked for slot and cosmetic edits."""
        name = self.author if cls not in ("slot", "cosmetic") else f"{self.author} ({cls})"
        attrs = ox.revision_attributes(self.next_id, name, self.date)
        self.next_id += 1
        return attrs

    # ------------------------------------------------------------ the body

    def changes(self, comparison: Comparison, lines: Sequence[Redline]) -> None:
        """Write every change in right-hand order; removals and old places of moves in left-hand order."""
        self.anchors = left_only_anchors(comparison, lines)
        self.between, deferred = gaps(comparison, lines, self.anchors)
        self.left_only(self.anchors.get(0, []))
        for line in lines:
            if line.number not in deferred:  # (the others are written in a gap)
                self.one(line)

    def one(self, line: Redline) -> None:
        """Write one change at its right-hand place, then the left-only text that follows it."""
        if line.op is ChangeOp.MOVED:
            self.whole(line, deleted=False)
        elif line.op is not ChangeOp.REMOVED or not line.left:
            self.line(line)
        self.left_only(self.anchors.get(line.number, []))

    def gap(self, line: Redline, side: str, index: int) -> None:
        """Write what stands between clause `index` and the next of one side of a change whose clauses there
        are not neighbours (a split whose pieces have an added clause between them; a merge of clauses with a
        removed one between them), so Accept All and Reject All keep each document's order."""
        inside = self.between.get((line.number, side, index))
        if inside is None:
            return
        if side == "left":
            self.left_only(inside)
        else:
            for other in inside:
                self.one(other)

    def left_only(self, lines: Sequence[Redline]) -> None:
        """Write removed clauses and the old places of moved ones as deleted paragraphs."""
        for line in lines:
            if line.op is ChangeOp.MOVED:
                self.whole(line, deleted=True)
            else:
                self.line(line)

    def whole(self, line: Redline, *, deleted: bool) -> None:
        """Write a moved clause whole: deleted at its old place or inserted at its new one, with a note."""
        clauses = line.left if deleted else line.right
        number = self.numbers.get(line.number, line.number)
        note = (
            f"policydiff: change {number}, moved from here"
            if deleted
            else f"policydiff: change {number}, moved here"
        )
        if line.change.label is not None and not deleted:
            note += f", {relabel_text(line.change.label)} (cosmetic)"
        comment_id = len(self.notes)
        self.notes.append((comment_id, self.author, self.date, note))
        op = EditOp.DELETE if deleted else EditOp.INSERT
        for index, clause in enumerate(clauses):
            paragraph = ox.p(self.body)
            if index == 0:
                ox.comment_range(paragraph, comment_id, end=False)
            self.text(paragraph, op, clause.text, _runs(clause), 0, None)
            if index == len(clauses) - 1:
                ox.comment_range(paragraph, comment_id, end=True)
            self.close(paragraph, clause, "del" if deleted else "ins", None)

    def line(self, line: Redline) -> None:
        """Write one change as paragraphs: its pieces in runs, a paragraph mark at each clause boundary."""
        left, right, pieces = line.left, line.right, line.pieces
        if len(pieces) == len(left) == len(right) == 1 and line.change.label is None:
            piece = pieces[0]
            if piece.op is EditOp.EQUAL and not piece.is_break and not left[0].spans and not right[0].spans:
                # Most lines: one clause kept as it was, without formatting.
                kept = ox.p(self.body)
                self.put(kept, EditOp.EQUAL, piece.text, formatting.PLAIN, piece.cls, None)
                self.close(kept, right[0], None, None, left[0])
                return
        lruns, rruns = [_runs(c) for c in left], [_runs(c) for c in right]
        li = ri = lpos = rpos = 0
        paragraph: etree._Element | None = None
        relabel = line.change.label
        note: int | None = None
        if relabel is not None:  # a renumbering is cosmetic: a comment, not a revision
            note = len(self.notes)
            number = self.numbers.get(line.number, line.number)
            text = f"policydiff: change {number}, {relabel_text(relabel)} (cosmetic)"
            self.notes.append((note, self.author, self.date, text))
            paragraph = ox.p(self.body)
            ox.comment_range(paragraph, note, end=False)
        for piece in line.pieces:
            if piece.text == "\n" and piece.is_break:
                if paragraph is None:
                    paragraph = ox.p(self.body)
                self.boundary(paragraph, piece)
                if piece.right_break and not piece.left_break:
                    clause, mark = right[ri], "ins"
                elif piece.left_break and not piece.right_break:
                    clause, mark = left[li], "del"
                else:
                    clause, mark = right[ri], None
                self.close(paragraph, clause, mark, piece.cls, left[li] if mark is None else None)
                paragraph = None
                if piece.left_break:
                    self.gap(line, "left", li)
                    li, lpos = li + 1, 0
                if piece.right_break:
                    self.gap(line, "right", ri)
                    ri, rpos = ri + 1, 0
                continue
            if paragraph is None:
                paragraph = ox.p(self.body)
            if piece.op is EditOp.DELETE:
                self.text(paragraph, piece.op, piece.text, lruns[li], lpos, piece.cls)
                lpos += len(piece.text)
            elif piece.op is EditOp.INSERT:
                self.text(paragraph, piece.op, piece.text, rruns[ri], rpos, piece.cls)
                rpos += len(piece.text)
            else:
                self.kept(paragraph, piece.text, lruns[li], lpos, rruns[ri], rpos, piece.cls)
                lpos += len(piece.text)
                rpos += len(piece.text)
        if not left and not right:
            return
        if paragraph is None:
            paragraph = ox.p(self.body)
        if note is not None:
            ox.comment_range(paragraph, note, end=True)
        if right:
            self.close(paragraph, right[ri], None if left else "ins", None, left[li] if left else None)
        else:
            self.close(paragraph, left[li], "del", None)

    def boundary(self, paragraph: etree._Element, piece: Piece) -> None:
        """Keep a line break that only one side has where the other side starts a new clause."""
        if piece.op is not EditOp.EQUAL or (piece.left_break and piece.right_break):
            return
        # The side without the break had a line break inside one clause: record it as a revision.
        op = EditOp.DELETE if piece.right_break else EditOp.INSERT
        self.text(paragraph, op, "\n", _PLAIN_RUNS, 0, piece.cls)

    def text(
        self,
        paragraph: etree._Element,
        op: EditOp,
        text: str,
        runs: formatting.Runs,
        offset: int,
        cls: str | None,
    ) -> None:
        """Append runs for `text` (at `offset` in its clause), formatted by the clause's formatting runs.

        The runs are found by bisection, so a paragraph of many formatting runs is written in linear time.
        """
        container: etree._Element | None = None
        for a, b, fmt in runs.between(offset, offset + len(text)):
            container = self.put(paragraph, op, text[a - offset : b - offset], fmt, cls, container)

    def kept(
        self,
        paragraph: etree._Element,
        text: str,
        left: formatting.Runs,
        lpos: int,
        right: formatting.Runs,
        rpos: int,
        cls: str | None,
    ) -> None:
        """Append text both sides keep, in the right side's formatting, recording where the left's differs.

        Changed emphasis is a `w:rPrChange` holding the left's; a changed link target (or a link added
        or removed) is the text deleted in the old link and inserted in the new one.
        """
        container: etree._Element | None = None
        at = 0
        for step, lf, rf in formatting.pair_runs(left, lpos, right, rpos, len(text)):
            chunk = text[at : at + step]
            at += step
            if lf == rf:
                container = self.put(paragraph, EditOp.EQUAL, chunk, rf, cls, container)
            elif lf.href != rf.href:
                self.put(paragraph, EditOp.DELETE, chunk, lf, cls, None)
                self.put(paragraph, EditOp.INSERT, chunk, rf, cls, None)
                container = None
            else:
                container = self.put(paragraph, EditOp.EQUAL, chunk, rf, cls, container, old=lf)

    def put(
        self,
        paragraph: etree._Element,
        op: EditOp,
        chunk: str,
        fmt: Format,
        cls: str | None,
        container: etree._Element | None,
        old: Format | None = None,
    ) -> etree._Element | None:
        """Append one run of `chunk` in `fmt` (inside `container` when given); return where the next goes.

        With `old`, the run records its former formatting as a `w:rPrChange`. A link is its own
        `w:hyperlink`, so the run after it starts a new container.
        """
        chunk = _clean(chunk, self)
        if not chunk:
            return container
        deleted = op is EditOp.DELETE
        if fmt.href is None:
            if container is None:
                container = self.revised(paragraph, op, cls)
            holder = container
        else:
            holder = self.revised(self.hyperlink(paragraph, fmt.href), op, cls)
            container = None
        run = ox.r(
            holder,
            chunk,
            deleted=deleted,
            bold=fmt.bold,
            italic=fmt.italic,
            underline=fmt.underline,
            link=fmt.href is not None,
            strike=fmt.strike,
            code=fmt.code,
        )
        if old is not None:
            ox.rPrChange(
                run,
                self.revision(cls),
                bold=old.bold,
                italic=old.italic,
                underline=old.underline,
                link=old.href is not None,
                strike=old.strike,
                code=old.code,
            )
        return container

    def revised(self, parent: etree._Element, op: EditOp, cls: str | None) -> etree._Element:
        """Return where runs of `op` go: `parent` for kept text, else a new `w:ins`/`w:del` in it."""
        if op is EditOp.INSERT:
            return ox.ins(parent, self.revision(cls))
        if op is EditOp.DELETE:
            return ox.del_(parent, self.revision(cls))
        return parent

    def hyperlink(self, paragraph: etree._Element, href: str) -> etree._Element:
        """Append a hyperlink to the paragraph: an external relationship, or an anchor for `#name`."""
        if href.startswith("#"):
            return ox.hyperlink(paragraph, anchor=href[1:])
        rel_id = self.links.setdefault(href, f"rIdLink{len(self.links) + 1}")
        return ox.hyperlink(paragraph, rel_id=rel_id)

    def close(
        self,
        paragraph: etree._Element,
        clause: Clause,
        mark: str | None,
        cls: str | None,
        old: Clause | None = None,
    ) -> None:
        """Record a finished paragraph: its mark and the properties it has after Accept All and Reject All.

        The properties are written once every mark has its place (`write_properties`).
        """
        accept = self.right_props.get(clause.id) if mark != "del" else None
        if mark == "del":
            reject = self.left_props.get(clause.id)
        else:
            reject = self.left_props.get(old.id) if old is not None else (accept if mark is None else None)
        where = clause.location
        cell = None
        if clause.kind is ClauseKind.TABLE_CELL and where.row is not None and where.column is not None:
            paired = old.location.row if old is not None and old.kind is ClauseKind.TABLE_CELL else None
            cell = ("L" if mark == "del" else "R", where.row, where.column, paired)
        self.written.append(Written(paragraph, mark, accept, reject, cls, cell))


_PLAIN_RUNS = formatting.runs((), 0)


def _runs(clause: Clause) -> formatting.Runs:
    """Return the formatting runs of a clause's text (one plain run when it has no spans)."""
    return formatting.runs(clause.spans, len(clause.text))


def _clean(text: str, writer: _Writer) -> str:
    """Return text without XML-illegal characters, counting those dropped on the writer."""
    cleaned, dropped = strip_xml_illegal(text)
    writer.dropped += dropped
    return cleaned


def redline_and_notes(
    comparison: Comparison,
    *,
    author: str = "policydiff",
    date: str | None = None,
    cover: bool = False,
    left_bytes: bytes | None = None,
    right_bytes: bytes | None = None,
) -> tuple[bytes, list[Diagnostic]]:
    """Return the DOCX redline and the warnings a reader of it needs: what was not carried over."""
    done = package_redline(
        comparison, author=author, date=date, cover=cover, left_bytes=left_bytes, right_bytes=right_bytes
    )
    if done is not None:
        return done.data, done.diagnostics(comparison)
    redline = _generated(
        comparison, author=author, date=date, cover=cover, left_bytes=left_bytes, right_bytes=right_bytes
    )
    notes = [
        Diagnostic("not-carried-over", f"the Word redline leaves out {phrase}", policy.source)
        for policy in (comparison.left, comparison.right)
        for phrase in not_carried_over(policy)
    ]
    if redline.dropped_characters:
        notes.append(
            Diagnostic(
                "illegal-characters",
                f"dropped {redline.dropped_characters} character(s) that Word documents cannot hold",
                None,
            )
        )
    return redline.data, notes
