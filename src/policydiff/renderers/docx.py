"""A Word redline: the right-hand policy with the differences from the left recorded as tracked changes."""

from __future__ import annotations

import datetime as dt
import itertools
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
from policydiff.renderers._redline import (
    FORMATTING_MEANING,
    FORMATTING_TITLE,
    OP_MEANINGS,
    OP_TITLES,
    RENUMBERED_MEANING,
    RENUMBERED_TITLE,
    Piece,
    Redline,
    class_rows,
    policy_name,
    redlines,
    relabel_text,
)

COVER_TAG = "policydiff-cover"
"""The `w:sdtPr/w:tag` of the summary table; the DOCX reader skips this content control."""

_CT = "application/vnd.openxmlformats-officedocument."
_CONTENT_TYPES = {
    "word/document.xml": _CT + "wordprocessingml.document.main+xml",
    "word/styles.xml": _CT + "wordprocessingml.styles+xml",
    "word/numbering.xml": _CT + "wordprocessingml.numbering+xml",
    "word/settings.xml": _CT + "wordprocessingml.settings+xml",
    "word/comments.xml": _CT + "wordprocessingml.comments+xml",
    "docProps/core.xml": "application/vnd.openxmlformats-package.core-properties+xml",
}
_NUMERIC_LABEL = re.compile(r"^\(?(\d+)(?:\.\d+)*[.)]?$")
_LETTER_LABEL = re.compile(r"^\(?([a-zA-Z])[.)]$")


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
    stamp = revision_date(date)
    styles, numbering = _template(right_bytes, left_bytes)
    writer = _Writer(author=author, date=stamp, style_ids=ox.ensure_styles(styles), numbering=numbering)
    lines = redlines(comparison)
    if cover:
        writer.cover(comparison, lines)
    writer.changes(comparison, lines)
    writer.tables()
    writer.separate_revisions()
    ox.sectPr(writer.body)
    writer.finish_numbering()
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


# --------------------------------------------------------------------------- templates


def _template(*candidates: bytes | None) -> tuple[etree._Element, etree._Element]:
    """Return the styles and numbering roots: from the first DOCX that has them, else clean defaults."""
    from policydiff.readers.docx import Package, main_part

    styles: etree._Element | None = None
    numbering: etree._Element | None = None
    for data in candidates:
        if data is None or styles is not None:
            continue
        try:
            package = Package(data, "template")
            main = main_part(package)
            rels = package.rels(main)
            names = {rt: t for rt, t, ext in rels.values() if not ext and rt in ("styles", "numbering")}
            if "styles" in names and package.has(names["styles"]):
                styles = package.xml(names["styles"])
                if "numbering" in names and package.has(names["numbering"]):
                    numbering = _without_pictures(package.xml(names["numbering"]))
        except Exception:  # an unreadable template (corrupt, ODT, unsafe) never stops the redline
            styles = numbering = None
    if styles is None or styles.tag != ox.w("styles"):
        styles, numbering = ox.styles(), None
    if numbering is None or numbering.tag != ox.w("numbering"):
        numbering = ox.numbering()
    return styles, numbering


def _without_pictures(numbering: etree._Element) -> etree._Element:
    """Return a reused numbering part without picture bullets (their images are not carried over)."""
    for tag in ("numPicBullet", "lvlPicBulletId"):
        for el in list(numbering.iter(ox.w(tag))):
            parent = el.getparent()
            if parent is not None:
                parent.remove(el)
    return numbering


# --------------------------------------------------------------------------- the writer


Props = tuple[str | None, tuple[str, int] | None]
"""A paragraph's style id and list numbering (num id, level)."""


@dataclass(slots=True)
class _Written:
    """A body paragraph as written, for the pass that keeps LibreOffice from merging revisions."""

    element: etree._Element
    mark: str | None
    """`ins`, `del` or None: how the paragraph mark was recorded."""
    props: Props
    old: Props
    """The properties the paragraph had on the left (for a paragraph kept on both sides)."""
    cell: tuple[str, int, int, int | None] | None = None
    """For a table cell's paragraph: the side (`L` for left-only text, else `R`), row and column, and
    for a right-hand cell paired with a left-hand one, that cell's row."""
    in_table: bool = False
    """Moved into a table by `tables`: its mark is the cell's end, never a revision."""


@dataclass(slots=True)
class _Writer:
    author: str
    date: str | None
    style_ids: dict[str, str]
    numbering: etree._Element
    root: etree._Element = field(init=False)
    body: etree._Element = field(init=False)
    next_id: int = 1
    dropped: int = 0
    links: dict[str, str] = field(default_factory=dict)
    notes: list[tuple[int, str, str | None, str]] = field(default_factory=list)
    nums: list[etree._Element] = field(default_factory=list)
    abstract: dict[str, int] = field(default_factory=dict)
    bullet_num: int | None = None
    list_open: str | None = None
    """The list kind (`bullet`/`decimal`) of the paragraph just written, None if not a list item."""
    current_decimal: int | None = None
    decimal_top: int = 0
    letter_num: int | None = None
    letter_kind: str = ""
    letter_last: int = 0
    """The first number of the last label in the open decimal list (`4` for `4.2`)."""
    free_num: int = 0
    written: list[_Written] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.root, self.body = ox.document()
        self.free_num = max(_numbers(self.numbering, "num", "numId"), default=0) + 1

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
        anchors = _left_only_anchors(comparison, lines)
        self.left_only(anchors.get(0, []))
        for line in lines:
            if line.op is ChangeOp.MOVED:
                self.whole(line, deleted=False)
            elif line.op is not ChangeOp.REMOVED or not line.left:
                self.line(line)
            self.left_only(anchors.get(line.number, []))

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
        note = (
            f"policydiff: change {line.number}, moved from here"
            if deleted
            else f"policydiff: change {line.number}, moved here"
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
        left, right = line.left, line.right
        lruns, rruns = [_runs(c) for c in left], [_runs(c) for c in right]
        li = ri = lpos = rpos = 0
        paragraph: etree._Element | None = None
        relabel = line.change.label
        note: int | None = None
        if relabel is not None:  # a renumbering is cosmetic: a comment, not a revision
            note = len(self.notes)
            self.notes.append(
                (
                    note,
                    self.author,
                    self.date,
                    f"policydiff: change {line.number}, {relabel_text(relabel)} (cosmetic)",
                )
            )
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
                    li, lpos = li + 1, 0
                if piece.right_break:
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
        )
        if old is not None:
            ox.rPrChange(
                run,
                self.revision(cls),
                bold=old.bold,
                italic=old.italic,
                underline=old.underline,
                link=old.href is not None,
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
        """Give a finished paragraph its style, list numbering and (inserted or deleted) mark."""
        style, num = self.paragraph_style(clause)
        ox.pPr(paragraph, style=style, num=num, mark=(mark, self.revision(cls)) if mark else None)
        before = self.known_style(old) if old is not None else (style, num)
        where = clause.location
        cell = None
        if clause.kind is ClauseKind.TABLE_CELL and where.row is not None and where.column is not None:
            paired = old.location.row if old is not None and old.kind is ClauseKind.TABLE_CELL else None
            cell = ("L" if mark == "del" else "R", where.row, where.column, paired)
        self.written.append(_Written(paragraph, mark, (style, num), before, cell))

    def known_style(self, clause: Clause) -> Props:
        """Return a clause's paragraph properties without starting a list (for `w:pPrChange`)."""
        if clause.kind is ClauseKind.LIST_ITEM:
            numeric = _NUMERIC_LABEL.match(clause.label or "") is not None
            current = self.current_decimal if numeric else self.bullet_num
            if not numeric and _LETTER_LABEL.match(clause.label or ""):
                current = self.letter_num
            level = len(re.findall(r"\d+", clause.label or "")) - 1 if numeric else clause.level
            num = (str(current), min(max(level, 0), 8)) if current is not None else None
            return self.style_ids.get("list paragraph"), num
        if clause.kind is ClauseKind.TITLE:
            return self.style_ids.get("title"), None
        if clause.kind is ClauseKind.HEADING:
            return self.style_ids.get(f"heading {min(max(clause.level, 1), 9)}"), None
        return None, None

    def tables(self) -> None:
        """Put the paragraphs of table cells back into tables, row by row as the clauses came.

        A run of consecutive cell paragraphs is one table. A right-hand cell joins the row of the
        cell before it when they share a right-hand row, a left-only cell when they share a
        left-hand row (a removed cell stays in its row); else a new row starts. A row holding only
        left-hand cells is
        a deleted row, one whose cells were all inserted an inserted row; Accept All and Reject All
        then drop the row whole. A cell's last paragraph mark ends the cell, so it is never a revision:
        an inserted cell in a kept row is left empty by Reject All, a deleted one by Accept All.
        """
        index = 0
        written = self.written
        while index < len(written):
            if written[index].cell is None:
                index += 1
                continue
            end = index
            while end < len(written) and written[end].cell is not None:
                end += 1
            self.table(written[index:end])
            index = end

    def table(self, run: Sequence[_Written]) -> None:
        rows: list[list[list[_Written]]] = []
        right_row: int | None = None
        left_row: int | None = None
        last: tuple[str, int, int, int | None] | None = None
        for entry in run:
            assert entry.cell is not None
            side, row, column, paired = entry.cell
            if side == "R":
                joins = bool(rows) and right_row == row
                right_row = row
                left_row = paired if not joins or left_row is None else left_row
            else:
                joins = bool(rows) and left_row == row
                if not joins:
                    right_row = None
                left_row = row
            if not joins:
                rows.append([[entry]])
            elif last is not None and (side, column) == (last[0], last[2]):
                rows[-1][-1].append(entry)
            else:
                rows[-1].append([entry])
            last = entry.cell
        width = max(len(row) for row in rows)
        first = run[0].element
        table = ox.table(self.body, width)
        first.addprevious(table)
        for cells in rows:
            entries = [entry for cell in cells for entry in cell]
            mark: tuple[str, dict[str, str]] | None = None
            if all(entry.cell is not None and entry.cell[0] == "L" for entry in entries):
                mark = ("del", self.revision())
            elif all(entry.mark == "ins" for entry in entries):
                mark = ("ins", self.revision())
            line = ox.tr(table, mark)
            for cell in cells:
                holder = ox.tc(line, width)
                for entry in cell:
                    holder.append(entry.element)
                    entry.in_table = True
                _unmark(cell[-1].element)
                cell[-1].mark = None
        if table.getnext() is None:  # a document ends with a paragraph, not a table
            ox.p(self.body)

    def separate_revisions(self) -> None:
        """Keep LibreOffice from merging a revision that ends a paragraph with whole revised paragraphs after.

        LibreOffice joins two insertions (or deletions) on either side of a kept paragraph mark into
        one, taking the mark with them. So when a paragraph ending in an insertion is followed by
        wholly inserted paragraphs, the mark moves: the first paragraph's mark is recorded as
        inserted and the last inserted paragraph's mark is kept, with the first paragraph's old
        properties in `w:pPrChange` (deletions alike, the other way round). And where a paragraph
        ends and the next starts with the same kind of revision, a deletion/insertion pair at either
        edge is swapped. Word reads the same text either way. Left as is (LibreOffice 7.4 then joins
        the two paragraphs on Reject All): a pure insertion ending a kept paragraph right before a
        pure insertion starting the next one.
        """
        written, index = self.written, 0
        while index < len(written):
            first = written[index]
            kind = _edge(first.element, last=True) if first.mark is None and not first.in_table else None
            end = index + 1
            while (
                kind
                and end < len(written)
                and not written[end].in_table
                and written[end].mark == kind
                and _whole(written[end].element) == kind
            ):
                end += 1
            if kind is None or end == index + 1:
                index += 1
                continue
            last = written[end - 1]
            ppr = first.element.find(ox.w("pPr"))
            if ppr is None:
                ppr = etree.Element(ox.w("pPr"))
                first.element.insert(0, ppr)
            rpr = ppr.find(ox.w("rPr"))
            if rpr is None:
                rpr = etree.SubElement(ppr, ox.w("rPr"))
            (ox.ins if kind == "ins" else ox.del_)(rpr, self.revision())
            old_ppr = last.element.find(ox.w("pPr"))
            if old_ppr is not None:
                last.element.remove(old_ppr)
            new, before = (last.props, first.old) if kind == "ins" else (first.props, last.props)
            ppr = ox.pPr(last.element, style=new[0], num=new[1])
            if ppr is None:
                ppr = etree.Element(ox.w("pPr"))
                last.element.insert(0, ppr)
            ox.pPrChange(ppr, self.revision(), style=before[0], num=before[1])
            first.mark, last.mark = kind, None
            index = end
        for upper, lower in itertools.pairwise(self.written):
            if upper.in_table or lower.in_table:
                continue
            kind = _edge(upper.element, last=True)
            # A replacement's two halves may come in either order: end or start with the other kind.
            if (
                upper.mark is None
                and kind is not None
                and _edge(lower.element, last=False) == kind
                and not _swap_pair(upper.element, at_end=True)
            ):
                _swap_pair(lower.element, at_end=False)

    def paragraph_style(self, clause: Clause) -> tuple[str | None, tuple[str, int] | None]:
        """Return the style id and list numbering (num id, level) of a clause's paragraph.

        List items are in a list; so are headings with a numeric label (`1.`, `4.2`), which keep
        their heading style and take their number from the same decimal list as the items.
        """
        kind = clause.kind
        if kind is ClauseKind.LIST_ITEM:
            return self.style_ids.get("list paragraph"), self.list_number(clause)
        if kind is ClauseKind.HEADING:
            style = self.style_ids.get(f"heading {min(max(clause.level, 1), 9)}")
            if _NUMERIC_LABEL.match(clause.label or ""):
                return style, self.list_number(clause)
            self.list_open = None
            return style, None
        self.list_open = None
        if kind is ClauseKind.TITLE:
            return self.style_ids.get("title"), None
        return None, None

    def list_number(self, clause: Clause) -> tuple[str, int]:
        """Return the list (num id, level) of a numbered paragraph.

        Letters (`a)`, `B.`) make a letter list, restarting when the letters do. Other labels
        (bullets) share one bullet list. Numeric labels (`3.`,
        `4.2`) go in a decimal list whose level is the label's depth; a new list starts, at the
        label's numbers, when the label does not continue the open one.
        """
        match = _NUMERIC_LABEL.match(clause.label or "")
        letter = _LETTER_LABEL.match(clause.label or "")
        if match is None and letter is not None:
            kind = "lowerLetter" if letter.group(1).islower() else "upperLetter"
            index, level = ord(letter.group(1).lower()) - ord("a") + 1, min(max(clause.level, 0), 8)
            if self.letter_num is None or self.letter_kind != kind or index <= self.letter_last:
                self.letter_num = self.new_num(kind, {level: index})
            self.letter_kind, self.letter_last, self.list_open = kind, index, "letter"
            return str(self.letter_num), level
        if match is None:
            self.list_open = "bullet"
            if self.bullet_num is None:
                self.bullet_num = self.new_num("bullet", {})
            return str(self.bullet_num), min(max(clause.level, 0), 8)
        numbers = [int(n) for n in re.findall(r"\d+", clause.label or "")][:9]
        level = len(numbers) - 1
        if (
            self.current_decimal is None
            or numbers[0] < self.decimal_top
            or (level == 0 and numbers[0] == self.decimal_top)
        ):
            self.current_decimal = self.new_num("decimal", dict(enumerate(numbers)))
        self.decimal_top = numbers[0]
        self.list_open = "decimal"
        return str(self.current_decimal), level

    def new_num(self, kind: str, starts: dict[int, int]) -> int:
        """Return the id of a new list instance of a `bullet` or `decimal` definition."""
        if kind not in self.abstract:
            taken = _numbers(self.numbering, "abstractNum", "abstractNumId") + list(self.abstract.values())
            self.abstract[kind] = max(taken, default=-1) + 1
        num_id = self.free_num
        self.free_num += 1
        self.nums.append(ox.num(num_id, self.abstract[kind], starts))
        return num_id

    def finish_numbering(self) -> None:
        """Add the list definitions and instances used to the numbering part, in schema order."""
        root = self.numbering
        abstracts = root.findall(ox.w("abstractNum"))
        at = root.index(abstracts[-1]) + 1 if abstracts else len(root.findall(ox.w("numPicBullet")))
        for kind, abstract_id in sorted(self.abstract.items(), key=lambda item: item[1]):
            root.insert(at, ox.abstractNum(abstract_id, kind))
            at += 1
        cleanup = root.find(ox.w("numIdMacAtCleanup"))
        for el in self.nums:
            if cleanup is not None:
                cleanup.addprevious(el)
            else:
                root.append(el)

    # ------------------------------------------------------------ the cover

    def cover(self, comparison: Comparison, lines: Sequence[Redline]) -> None:
        """Write the summary table inside a content control that readers and Accept/Reject leave alone."""
        content = ox.sdt(self.body, COVER_TAG, "policydiff summary")
        heading = ox.p(content)
        left, right = policy_name(comparison.left), policy_name(comparison.right)
        ox.r(heading, _clean(f"Changes from {left} to {right}", self), bold=True)
        stats = comparison.stats()
        rows = [["Kind", "Count", "Meaning"]]
        rows.extend([OP_TITLES[op], str(stats[op.value]), OP_MEANINGS[op]] for op in ChangeOp)
        details = comparison.detail_stats()
        rows.append([FORMATTING_TITLE, str(details["formatting"]), FORMATTING_MEANING])
        rows.append([RENUMBERED_TITLE, str(details["renumbered"]), RENUMBERED_MEANING])
        rows.extend(class_rows(lines))
        ox.tbl(content, rows)
        note = ox.p(content)
        ox.r(
            note,
            "Summary written by policydiff: not part of the policy and not a tracked change. "
            "Moves appear as a deletion and an insertion, each with a comment naming the change.",
            italic=True,
        )


def _left_only_anchors(comparison: Comparison, lines: Sequence[Redline]) -> dict[int, list[Redline]]:
    """Return, per change number (0 = the start), the removals and old places of moves that follow it.

    Such left-only text goes after its nearest left-hand predecessor that stays in place (neither
    moved nor removed), in left-hand order, so that Reject All rebuilds the left order.
    """
    holder = {
        cid: line.number
        for line in lines
        if line.op is not ChangeOp.MOVED and line.op is not ChangeOp.REMOVED
        for cid in line.change.left
    }
    order = [c.id for c in comparison.left.clauses]
    position = {cid: i for i, cid in enumerate(order)}
    out: dict[int, list[Redline]] = {}
    for line in lines:
        if line.op not in (ChangeOp.MOVED, ChangeOp.REMOVED) or not line.left:
            continue
        index = position[line.left[0].id] - 1
        while index >= 0 and order[index] not in holder:
            index -= 1
        out.setdefault(holder[order[index]] if index >= 0 else 0, []).append(line)
    for items in out.values():
        items.sort(key=lambda line: position[line.left[0].id])
    return out


_INS, _DEL, _R, _HYPERLINK = ox.w("ins"), ox.w("del"), ox.w("r"), ox.w("hyperlink")
_COMMENT_REFERENCE = ox.w("commentReference")


def _content(paragraph: etree._Element) -> list[str]:
    """Return the revision kind (`ins`, `del` or `eq`) of each piece of a paragraph's content, in order."""
    out: list[str] = []
    for child in paragraph:
        if child.tag == _INS or child.tag == _DEL:
            out.append("ins" if child.tag == _INS else "del")
        elif child.tag == _HYPERLINK:
            out.extend(_content(child))
        elif child.tag == _R and child.find(ox.w("commentReference")) is None:
            out.append("eq")
    return out


def _edge(paragraph: etree._Element, *, last: bool) -> str | None:
    """Return `ins` or `del` when the paragraph's content ends (or starts) with that revision."""
    content = _content(paragraph)
    if not content:
        return None
    kind = content[-1] if last else content[0]
    return kind if kind != "eq" else None


def _swap_pair(paragraph: etree._Element, *, at_end: bool) -> bool:
    """Swap a deletion and an insertion that end (or start) a paragraph; return whether it did."""
    revisions = [
        c
        for c in paragraph
        if c.tag in (_INS, _DEL, _HYPERLINK) or (c.tag == _R and c.find(_COMMENT_REFERENCE) is None)
    ]
    pair = revisions[-2:] if at_end else revisions[:2]
    if len(pair) < 2 or {pair[0].tag, pair[1].tag} != {_INS, _DEL} or pair[0].getnext() is not pair[1]:
        return False
    pair[0].addprevious(pair[1])
    return True


def _whole(paragraph: etree._Element) -> str | None:
    """Return `ins` or `del` when all of a paragraph's content is that revision (or it is empty)."""
    kinds = set(_content(paragraph))
    if len(kinds) == 1 and "eq" not in kinds:
        return kinds.pop()
    return None


def _unmark(paragraph: etree._Element) -> None:
    """Remove an inserted or deleted paragraph-mark revision from a paragraph's properties."""
    ppr = paragraph.find(ox.w("pPr"))
    rpr = ppr.find(ox.w("rPr")) if ppr is not None else None
    if rpr is None:
        return
    for tag in (_INS, _DEL):
        for el in rpr.findall(tag):
            rpr.remove(el)


def _numbers(root: etree._Element, tag: str, attribute: str) -> list[int]:
    """Return the numeric values of an attribute over every `w:<tag>` in a part."""
    values = (el.get(ox.w(attribute)) or "" for el in root.iter(ox.w(tag)))
    return [int(value) for value in values if value.isdigit()]


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
    redline = write_redline(
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
