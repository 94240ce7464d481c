"""The Word redline of two Word documents, written into a copy of the right-hand document's own package.

Everything of the right document stays as it is (styles, theme, fonts, numbering, sections, headers and
footers, images, tables, text boxes, notes, comments); its own tracked changes are accepted first. The
differences from the left document are then recorded as tracked changes where they stand:

- a changed paragraph keeps its runs: inserted words are its own runs wrapped in `w:ins`, deleted words
  are runs carrying the left run's properties, in `w:del`; an emphasis change is a `w:rPrChange`;
- a paragraph only on the left is copied from the left package (its properties, styles mapped by id,
  its list mapped onto the right list its neighbours share) with its runs in `w:del` and a deleted mark;
- a paragraph only on the right has its runs in `w:ins` and an inserted mark;
- a moved paragraph is `w:moveFrom` at its old place and `w:moveTo` at its new one, with named ranges;
- a split (merge) is an inserted (deleted) paragraph mark inside the words of one paragraph.

Which `w:p` a clause came from is the DOCX reader's knowledge (`trace_docx`): the clauses of the
comparison must be those the reader makes of the same bytes, else `None` is returned.
"""

from __future__ import annotations

import bisect
import copy
import dataclasses
import difflib
import hashlib
import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from typing import Any

from lxml import etree

from policydiff.model import Change, ChangeOp, Clause, ClauseKind, Comparison, Diagnostic, EditOp
from policydiff.ooxml import build as ox
from policydiff.ooxml.names import REL, R, w
from policydiff.ooxml.revisions import accept_all
from policydiff.readers.docx import (
    DocxTrace,
    ParagraphTrace,
    is_toc_sdt,
    table_children,
    trace_docx,
    trace_part,
)
from policydiff.renderers._redline import Piece, Redline, redlines

_P, _PPR, _RPR, _R, _T, _DEL_TEXT = w("p"), w("pPr"), w("rPr"), w("r"), w("t"), w("delText")
_INS, _DEL, _MOVE_TO, _MOVE_FROM = w("ins"), w("del"), w("moveTo"), w("moveFrom")
_TAB, _BR, _TC, _TBL, _TR, _BODY = w("tab"), w("br"), w("tc"), w("tbl"), w("tr"), w("body")
_TC_PR = w("tcPr")
_SECT_PR, _PPR_CHANGE, _RPR_CHANGE = w("sectPr"), w("pPrChange"), w("rPrChange")
_TBL_STYLE = w("tblStyle")
_PSTYLE, _RSTYLE, _NUMPR, _NUM_ID, _ILVL, _VAL = (
    w("pStyle"),
    w("rStyle"),
    w("numPr"),
    w("numId"),
    w("ilvl"),
    w("val"),
)
_INSTR, _DEL_INSTR = w("instrText"), w("delInstrText")
_HYPERLINK, _ID = w("hyperlink"), w("id")
_REVISION_TAGS = frozenset({_INS, _DEL, _MOVE_TO, _MOVE_FROM})
_DRAWING, _TXBX = w("drawing"), w("txbxContent")
_SDT, _SDT_PR, _SDT_CONTENT, _FLD_CHAR = w("sdt"), w("sdtPr"), w("sdtContent"), w("fldChar")
_BLOCK_PARENTS = frozenset(
    {w("body"), w("tc"), w("hdr"), w("ftr"), w("footnote"), w("endnote"), w("comment")}
)
_TYPED_CONTROLS = frozenset(
    w(name) for name in ("text", "date", "comboBox", "dropDownList", "picture", "docPartList", "citation")
)
"""Content controls of a kind (not rich text): LibreOffice 7.4 reads those inside a paragraph as fields."""
_TRACKED = frozenset({*_REVISION_TAGS, _PPR_CHANGE, _RPR_CHANGE, w("cellIns"), w("cellDel")})
_COMMENT_REF = w("commentReference")
_COMMENTS_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
_WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
_NOT_IN_HEADER_WORDS = (_HYPERLINK,)
"""What a header or footer paragraph tracked word by word must not hold: a link's relationship is
the part's own. (Fields, as a page number, are tracked as in the body since session 6.)"""
_WORD_TOKENS = re.compile(r"\s+|\w+|[^\w\s]").findall
"""A header or footer paragraph's text as words, spaces and punctuation (each kept: they join back)."""
_SEGMENTS = re.compile(r"\t|\n|[^\t\n]+").findall
"""A deleted text cut into tabs, line breaks and the text between them."""
_HOLDS_NOTE = etree.XPath(
    "boolean(.//w:footnoteReference | .//w:endnoteReference)", namespaces={"w": _ID[1 : _ID.index("}")]}
)
_NOTE_PARTS = ("footnotes", "endnotes")
_DEFAULT_STYLE = etree.XPath(
    "w:style[@w:type='paragraph'][@w:default='1' or @w:default='true']/@w:styleId",
    namespaces={"w": _ID[1 : _ID.index("}")]},
)
_ALL_IDS = etree.XPath("//@w:id", namespaces={"w": _ID[1 : _ID.index("}")]})
"""Every `w:id` attribute's value in a part."""
_SPLIT = "{urn:policydiff:split}split"
"""A placeholder left where a deleted paragraph mark of the left splits a right paragraph."""
_W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
_STRIPPED_FROM_COPIES = frozenset(
    w(name)
    for name in (
        "bookmarkStart",
        "bookmarkEnd",
        "commentRangeStart",
        "commentRangeEnd",
        "permStart",
        "permEnd",
        "proofErr",
        "moveFromRangeStart",
        "moveFromRangeEnd",
        "moveToRangeStart",
        "moveToRangeEnd",
    )
)
_RUN_ONLY_STRIPPED = frozenset(
    {
        w("commentReference"),
        w("footnoteReference"),
        w("endnoteReference"),
        w("drawing"),
        w("pict"),
        w("object"),
        "{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent",
    }
)
"""Run content of a copied left paragraph that points into the left package (notes, comments,
images, text boxes): left out of the copy, which would otherwise point at the wrong part."""

Atom = tuple[int, int, int]
"""A character of a clause: (unit, piece, offset in the piece); piece -1 is the mark ending the unit."""


@dataclass(slots=True)
class _Side:
    """One side's package, traced, with its clauses' paragraphs."""

    trace: DocxTrace
    clauses: dict[str, Clause]
    styles: dict[Any, Any] | None = None
    """The styles part's `w:style` elements by id, once read."""
    cells: dict[Any, list[ParagraphTrace]] = field(default_factory=dict)
    """Paragraphs of each table cell by its `w:tc`, in order (the key keeps lxml's proxy alive)."""
    places: dict[str, int] | None = None
    """Each clause's place in its document's order, once asked for (`between`)."""
    order: list[str] = field(default_factory=list)
    """The clause ids in document order, with `places`."""

    def between(self, clauses: Sequence[Clause]) -> list[str]:
        """Return the ids of the body's clauses that stand between a split's (merge's) clauses on this
        side."""
        if len(clauses) < 2:
            return []
        if self.places is None:
            self.order = list(self.clauses)
            self.places = {cid: k for k, cid in enumerate(self.order)}
        at = sorted(self.places.get(c.id, -1) for c in clauses)
        if at[0] < 0:
            return []
        ids = self.order
        mine = {c.id for c in clauses}
        main = self.trace.main  # (a note's clause stands after its paragraph's, not between paragraphs)
        return [
            cid
            for cid in ids[at[0] : at[-1] + 1]
            if cid not in mine and self.clauses[cid].location.part == main
        ]

    def units(self, clause: Clause) -> list[ParagraphTrace]:
        """Return the paragraphs a clause was read from (empty when they cannot be found)."""
        where = clause.location
        if where.part is None or where.index is None:
            return []
        if where.part != self.trace.main:
            kind = "endnote" if where.part.endswith("endnotes.xml") else "footnote"
            return [u for u in self.trace.notes.get((kind, where.index), []) if u.text]
        unit = self.trace.paragraphs.get(where.index)
        if unit is None:
            return []
        if where.row is None:
            return [unit]
        cell = _ancestor(unit.element, _TC)
        if cell is None:
            return [unit]
        if not self.cells:
            for other in self.trace.paragraphs.values():
                holder = other.element.getparent()
                if other.text and holder is not None and holder.tag == _TC:
                    self.cells.setdefault(holder, []).append(other)
        return self.cells.get(cell, [unit])


@dataclass(slots=True)
class PackageRedline:
    """The bytes of a redline written into the right package, and what it holds."""

    data: bytes
    revisions: int
    notes: list[str]
    """What was done as a best effort (left-only notes not copied, left images left out …)."""

    def diagnostics(self, comparison: Comparison) -> list[Diagnostic]:
        """Return the notes as warnings on the left document (what of it the redline could not show)."""
        return [Diagnostic("redline-best-effort", note, comparison.left.source) for note in self.notes]


def cover_of(data: bytes) -> Any:
    """Return the cover content control of a generated redline (None when it has none)."""
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    for sdt in root.iter(w("sdt")):
        tag = sdt.find(f"{w('sdtPr')}/{w('tag')}")
        if tag is not None and tag.get(_VAL) == "policydiff-cover":
            return sdt
    return None


def write_package_redline(
    comparison: Comparison,
    left_bytes: bytes,
    right_bytes: bytes,
    *,
    author: str = "policydiff",
    date: str | None = None,
    cover: Any = None,
) -> PackageRedline | None:
    """Return the redline written into a copy of the right package, or None when the comparison's
    clauses are not those the DOCX reader reads from these bytes (the caller then writes its own).

    `date` is a revision's `w:date`; `cover` a content control put first in the body.
    """
    sides = []
    for policy, data in ((comparison.left, left_bytes), (comparison.right, right_bytes)):
        if hashlib.sha256(data).hexdigest() != policy.sha256:
            return None  # the clauses were read from other bytes: their paragraphs are not these
        try:
            # The comparison's own read of these bytes is taken when it is still at hand.
            trace = trace_docx(data, policy.source, policy.sha256)
        except Exception:  # the bytes are not those of the comparison's documents
            return None
        sides.append(_Side(trace, {c.id: c for c in policy.clauses}))
    writer = _Writer(sides[0], sides[1], author=author, date=date)
    try:
        writer.run(comparison)
    except (ValueError, TypeError, AttributeError, KeyError, IndexError, AssertionError):
        # A shape of document this writer does not handle: the generated redline is written instead
        # (tests/test_docx_package.py ran it over every pair of the corpus's and the tests' Word files).
        return None
    if writer.boxed:
        writer.notes.append(
            f"{writer.boxed} paragraph(s) of text boxes only the left document has are not shown in the "
            "redline"
        )
    if writer.dropped_objects:
        writer.notes.append(
            f"{writer.dropped_objects} image(s), shape(s) or text box(es) of paragraphs only the left "
            "document has are not copied into the redline (their text is)"
        )
    if cover is not None:
        writer.put_cover(cover)
    return PackageRedline(writer.package_bytes(), writer.next_id - writer.first_id, writer.notes)


def _ancestor(element: Any, tag: str) -> Any:
    parent = element.getparent()
    while parent is not None and parent.tag != tag:
        parent = parent.getparent()
    return parent


def _open_content_controls(root: Any) -> None:
    """Turn content controls (`w:sdt`) that hold revisions into what LibreOffice 7.4 reads as meant.

    LibreOffice loses the revisions inside a block-level control on Accept All and Reject All (and
    the properties of the paragraph after it), and those inside a plain-text, date or list control in
    a paragraph (read as a field). So a typed control becomes a rich-text one (its type element goes),
    a block-level control around one paragraph goes inside it (a run-level control around its
    content), and one around several paragraphs or a table goes (their content stays), as does one
    around table cells (a deleted row with such a cell kept the cell's text and the row after Accept
    All). Tables of contents (`w:docPartObj`) keep theirs."""
    for sdt in list(root.iter(_SDT)):
        content = sdt.find(_SDT_CONTENT)
        parent = sdt.getparent()
        if content is None or parent is None:
            continue
        props = sdt.find(_SDT_PR)
        if props is not None and props.find(w("docPartObj")) is not None:
            continue
        if not any(el.tag in _TRACKED for el in content.iter()):
            continue
        # A plain-text, date or list control: LibreOffice 7.4 reads one inside a paragraph as a field
        # and loses the revisions in it. It becomes a rich-text control (its kind goes, nothing else).
        for el in list(props if props is not None else ()):
            if el.tag in _TYPED_CONTROLS:
                props.remove(el)
        if parent.tag == _TR:  # (a control around cells: the cells stay)
            for cell in list(content):
                sdt.addprevious(cell)
            parent.remove(sdt)
            continue
        if parent.tag not in _BLOCK_PARENTS and not (
            parent.tag == _SDT_CONTENT and any(el.tag in (_P, _TBL) for el in parent)
        ):
            continue
        blocks = list(content)
        if len(blocks) == 1 and blocks[0].tag == _P:
            p = blocks[0]
            inline = etree.Element(_SDT)
            inner = etree.SubElement(inline, _SDT_CONTENT)
            if props is not None:
                inline.insert(0, props)
            for child in list(p):
                if child.tag != _PPR:
                    inner.append(child)
            p.append(inline)
            sdt.addprevious(p)
        else:
            for block in blocks:
                sdt.addprevious(block)
        parent.remove(sdt)


def _toc_paragraphs(root: Any) -> list[Any]:
    """Return the paragraphs of the first table of contents (`w:docPartObj` content control) in a part."""
    if root is None:
        return []
    for sdt in root.iter(_SDT):
        content = sdt.find(_SDT_CONTENT)
        if content is not None and is_toc_sdt(sdt):
            return list(content.iter(_P))
    return []


def _plain_text(p: Any) -> str:
    return "".join(t.text or "" for t in p.iter(_T))


def _field_balanced(p: Any) -> bool:
    """Return whether a paragraph's complex fields all begin and end in it."""
    depth = 0
    for el in p.iter(_FLD_CHAR):
        kind = el.get(w("fldCharType"))
        depth += 1 if kind == "begin" else -1 if kind == "end" else 0
        if depth < 0:
            return False
    return depth == 0


def _field_results(p: Any) -> list[str]:
    """Return the shown text of each field of a paragraph (simple and complex, outermost)."""
    results: list[str] = []
    depth, shown = 0, False
    for el in p.iter(_FLD_CHAR, w("fldSimple"), _T):
        if el.tag == _T:
            if (depth == 1 and shown) or (depth == 0 and _ancestor(el, w("fldSimple")) is not None):
                results[-1] += el.text or ""
        elif el.tag == _FLD_CHAR:
            kind = el.get(w("fldCharType"))
            if kind == "begin":
                depth += 1
                if depth == 1:
                    results.append("")
                    shown = False
            elif kind == "separate":
                shown = True
            elif kind == "end":
                depth -= 1
        elif depth == 0:
            results.append("")
    return results


def _grid_width(row: Any) -> int:
    """Return how many grid columns a table row spans: its cells' (`w:gridSpan`) and the columns it skips
    before and after them (`w:gridBefore`, `w:gridAfter`: a row that starts one column in)."""
    width = 0
    for cell in table_children(row, _TC):
        span = cell.find(f"{w('tcPr')}/{w('gridSpan')}")
        width += _number_of(span)
    props = row.find(w("trPr"))
    if props is not None:
        width += sum(_number_of(props.find(w(name)), 0) for name in ("gridBefore", "gridAfter"))
    return width


def _number_of(element: Any, default: int = 1) -> int:
    """Return an element's whole-number `w:val` (`default` without the element or a number)."""
    value = element.get(_VAL, "") if element is not None else ""
    return int(value) if value.isdigit() else default


def _as_paragraph(props: Any) -> Any:
    """Return a paragraph holding a copy of paragraph properties `props` (a `w:pPrChange`'s former ones),
    to ask what list and level they give."""
    p = etree.Element(_P)
    p.append(copy.deepcopy(props))
    return p


def _outside_tables(element: Any) -> Any:
    """Return the outermost table holding `element` (a row, or anything in a cell), else `element`."""
    while element.tag == _TR or (cell := _ancestor(element, _TC)) is not None:
        element = element.getparent() if element.tag == _TR else _ancestor(cell, _TBL)
    return element


def _row_props(row: Any) -> Any:
    """Return a row's `w:trPr`, made where the schema puts it (after `w:tblPrEx`, before the cells and
    any content control around them) when it has none."""
    props = row.find(w("trPr"))
    if props is None:
        props = etree.Element(w("trPr"))
        row.insert(1 if len(row) and row[0].tag == w("tblPrEx") else 0, props)
    return props


def _atoms(units: Sequence[ParagraphTrace], text: str) -> list[Atom] | None:
    """Return the characters of `text` as atoms of the paragraphs it was read from, None if it is not
    found in them (a symbol bullet taken off a line, a character XML forbids)."""
    atoms: list[Atom] = []
    joined: list[str] = []
    for ui, unit in enumerate(units):
        if ui:
            atoms.append((ui - 1, -1, 0))
            joined.append("\n")
        raw = "".join(piece[0] for piece in unit.pieces)
        start = len(raw) - len(raw.lstrip())
        if raw[start : start + len(unit.text)] != unit.text:
            start = raw.find(unit.text)
            if start < 0:
                return None
        end = start + len(unit.text)
        pos = 0
        for pi, piece in enumerate(unit.pieces):
            size = len(piece[0])
            lo, hi = max(start, pos), min(end, pos + size)
            if hi > lo:
                atoms.extend(zip(repeat(ui), repeat(pi), range(lo - pos, hi - pos), strict=False))
            pos += size
        joined.append(unit.text)
    whole = "".join(joined)
    offset = whole.find(text) if whole != text else 0
    if offset < 0:
        return None
    return atoms[offset : offset + len(text)]


@dataclass(slots=True)
class _Writer:
    left: _Side
    right: _Side
    author: str
    date: str | None
    next_id: int = 0
    first_id: int = 0
    notes: list[str] = field(default_factory=list)
    left_out: dict[str, Any] = field(default_factory=dict)
    """The element standing for each left clause in the output: left-only copies go after it."""
    styles_added: set[str] = field(default_factory=set)
    num_map: dict[str, str | None] = field(default_factory=dict)
    links: dict[tuple[str, str], str] = field(default_factory=dict)
    """(Right part, external link target) of copied left paragraphs → its relationship id in that part."""
    moves: int = 0
    changed_parts: set[str] = field(default_factory=set)
    split_pprs: dict[int, Any] = field(default_factory=dict)
    split_made: dict[int, Any] = field(default_factory=dict)
    """The paragraph a merge's deleted mark split off, by (the id of) the left paragraph it ends."""
    copies: list[Any] = field(default_factory=list)
    part_names: dict[tuple[bool, str], str | None] = field(default_factory=dict)
    dropped_objects: int = 0
    pictures: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    """Left image parts copied into the right package: name → (relationship id, new name, content type)."""
    shape_id: int = 0
    comment_id: int = -1
    made_parts: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Parts the right package did not have, made here: name → (relationship type, content type)."""
    """Images, shapes and text boxes of copied left paragraphs, left out (they point into the left)."""
    rows_copied: dict[Any, Any] = field(default_factory=dict)
    """Left table rows copied whole as deleted rows, and their copies."""
    rows_moved: set[str] = field(default_factory=set)
    """Left clauses of table rows moved whole: the row is written deleted where it stood and inserted
    where it goes (`row_moves`)."""
    style_nums: dict[tuple[bool, str], Any] = field(default_factory=dict)
    style_lists: dict[tuple[bool, str], str | None] = field(default_factory=dict)
    """The list (`w:numId`) each paragraph style gives, by side and style id."""
    defaults: dict[str, str | None] = field(default_factory=dict)
    """The right package's default paragraph style id (`default`), once looked up."""
    """Every paragraph copied from the left (deleted or moved from)."""
    crossed: dict[str, str | None] = field(default_factory=dict)
    """Left clauses of pairs out of left order, written as moves (id → move name), and of pairs across
    containers, written deleted (id → None)."""
    deleted_refs: list[tuple[Any, Any, str]] = field(default_factory=list)
    """Deleted references to notes only the left has (their `w:del`), the notes copied, what they are."""
    boxed: int = 0
    """Paragraphs of left text boxes only the left has, not shown (a copy would be body text)."""
    unmarked: list[tuple[Any, str]] = field(default_factory=list)
    """Whole inserted paragraphs whose mark was left alone (last of their cell or of the body)."""
    shapes: dict[tuple[bool, str, str], tuple[str, str] | None] = field(default_factory=dict)
    """The label shape (`w:numFmt`, `w:lvlText`) of a list level, by side, list and level."""
    apart: set[Any] = field(default_factory=set)
    """The first of each run of wholly inserted paragraphs after a kept paragraph that holds a note
    reference and ends in an insertion: it records its former properties even when they are its own
    (see last_marks)."""

    def __post_init__(self) -> None:
        for side in (self.left, self.right):
            for name, root in list(side.trace.roots.items()):
                if accept_all(root) and side is self.right:
                    self.changed_parts.add(name)
        ids = [0]
        for root in self.right.trace.roots.values():
            values: Any = _ALL_IDS(root)
            for value in values:
                if value.isdigit() and len(value) < 10:
                    ids.append(int(value))
        self.next_id = self.first_id = max(ids) + 1

    # ------------------------------------------------------------ revisions

    def attrs(self, cls: str | None = None) -> dict[str, str]:
        name = self.author if cls not in ("slot", "cosmetic") else f"{self.author} ({cls})"
        attrs = ox.revision_attributes(self.next_id, name, self.date)
        self.next_id += 1
        return attrs

    # ------------------------------------------------------------ the changes

    def run(self, comparison: Comparison) -> None:
        left, right = self.left.clauses, self.right.clauses
        sides = [
            (tuple(left[i] for i in change.left), tuple(right[i] for i in change.right))
            for change in comparison.changes
        ]
        self.map_numbering(sides)
        # Only changes that are not plainly unchanged need their word pieces.
        same = [
            change.op is ChangeOp.UNCHANGED and [c.text for c in lc] == [c.text for c in rc]
            for change, (lc, rc) in zip(comparison.changes, sides, strict=True)
        ]
        kept = tuple(change for change, plain in zip(comparison.changes, same, strict=True) if not plain)
        lines = iter(redlines(dataclasses.replace(comparison, changes=kept)))
        by_left: dict[str, Redline] = {}
        self.changed_parts.add(self.right.trace.main)
        moved_names: dict[int, str] = {}
        # Whether either body writes a list level on a paragraph (a relevelled heading: see relevelled).
        levels = any(
            next(s.trace.roots[s.trace.main].iter(_ILVL), None) is not None for s in (self.left, self.right)
        )
        # The paragraphs of each side with spaces around their text: a pair of equal texts differs
        # there only when one side's paragraph has them (a cell's clause is looked at whole).
        spaced = (_spaced(self.left.trace), _spaced(self.right.trace))
        spaces = bool(spaced[0] or spaced[1])

        def cell(lc: Clause, rc: Clause) -> bool:
            return lc.location.row is not None or rc.location.row is not None

        apart = (
            self.across_containers(comparison.changes, sides)
            | self.row_moves(comparison.changes, sides)
            | self.parts_apart(comparison.changes, sides)
        )
        crossing = self.crossings(comparison.changes, sides, apart)
        for index, (plain, (lclauses, rclauses)) in enumerate(zip(same, sides, strict=True)):
            if index in crossing or index in apart:
                if not plain:
                    next(lines)
                name = None
                if index in crossing and not self.linked(lclauses, rclauses):
                    self.moves += 1
                    name = f"policydiffMove{self.moves}"
                for clause in rclauses:
                    self.whole_right(clause, _INS if name is None else _MOVE_TO, name)
                for clause in lclauses:
                    self.crossed[clause.id] = name
                continue
            if plain:
                whole = self.shape_clash(lclauses, rclauses)
                if whole:
                    self.replace_whole(lclauses, rclauses)
                elif any(_looks(lc) != _looks(rc) for lc, rc in zip(lclauses, rclauses, strict=False)) or (
                    levels and self.relevelled(lclauses, rclauses)
                ):
                    whole = self.level_clash(lclauses, rclauses)
                    if whole:
                        self.replace_whole(lclauses, rclauses)
                    else:
                        self.paragraph_properties(lclauses, rclauses)
                if not whole and len(lclauses) == 1 == len(rclauses):
                    self.relabelled(lclauses[0], rclauses[0])
                if spaces and not whole and len(lclauses) == 1 == len(rclauses):
                    lc, rc = lclauses[0], rclauses[0]
                    if lc.location.index in spaced[0] or rc.location.index in spaced[1] or cell(lc, rc):
                        self.plain_spaces(lc, rc)
                last = self._last_right(rclauses)
                if last is not None:
                    for clause in lclauses:
                        self.left_out.setdefault(clause.id, last)  # (a pair written whole: its copy)
                continue
            line = next(lines)
            for clause in line.left:
                by_left[clause.id] = line
            op = line.op
            if op is ChangeOp.ADDED:
                for clause in line.right:
                    self.whole_right(clause, _INS)
            elif op is ChangeOp.MOVED and all(c.location.part != self.right.trace.main for c in line.right):
                continue  # (a note whose reference moved: see note_references)
            elif op is ChangeOp.MOVED and self.linked(line.left, line.right):
                for clause in line.right:
                    self.whole_right(clause, _INS)  # (and the left copies deleted: see linked)
            elif op is ChangeOp.MOVED:
                self.moves += 1
                name = f"policydiffMove{self.moves}"
                moved_names[line.number] = name
                for clause in line.right:
                    self.whole_right(clause, _MOVE_TO, name)
            elif op is ChangeOp.REMOVED:
                continue
            elif op is ChangeOp.UNCHANGED:  # the same after normalisation: a quote, a dash, a space
                self.pair(_cosmetic(line))
            else:
                self.pair(line)
            last = self._last_right(line.right)
            if last is not None:
                for clause in line.left:
                    # (a part of a merge: the paragraph its deleted mark ends, so a left-only
                    # paragraph after it in the left goes there, between the parts)
                    units = self.left.units(clause) if len(line.left) > 1 else ()
                    made = self.split_made.get(id(units[-1].element)) if units else None
                    self.left_out.setdefault(clause.id, made if made is not None else last)
        # Left-only paragraphs, in left order, each after what stands for its predecessor.
        previous: str | None = None
        for clause in self.left.clauses.values():
            owner = by_left.get(clause.id)
            if clause.location.part != self.left.trace.main:
                continue  # a note removed on the left: its reference went with its paragraph
            gone = (owner is not None and owner.op is ChangeOp.REMOVED) or clause.id in self.rows_moved
            if gone and clause.location.row is not None:
                row = self.removed_row(clause, previous, by_left)
                if row is not None:
                    self.left_out[clause.id] = row
                    previous = clause.id
                    continue
            if clause.id in self.crossed:
                name = self.crossed[clause.id]
                copies = self.left_copies(clause, _DEL if name is None else _MOVE_FROM, name, ())
                self.copies.extend(copies)
                if copies:
                    self.place(copies, previous, clause)
                    self.left_out[clause.id] = copies[-1]
            elif owner is not None and owner.op in (ChangeOp.REMOVED, ChangeOp.MOVED):
                kind = _MOVE_FROM if owner.number in moved_names else _DEL
                copies = self.left_copies(clause, kind, moved_names.get(owner.number), owner.right)
                self.copies.extend(copies)
                if copies:
                    self.place(copies, previous, clause)
                    self.left_out[clause.id] = copies[-1]
            if clause.id in self.left_out:
                previous = clause.id
        self.note_references(comparison)
        self.headers_and_footers()
        self.table_of_contents()
        self.empty_paragraphs()
        self.last_marks()
        self.deleted_joins()
        self.unjoined_notes()
        self.joined_properties()
        self.former_lists()
        self.own_restarts()
        self.family_heads()
        for name in sorted(self.changed_parts):
            if name in self.right.trace.roots:
                _open_content_controls(self.right.trace.roots[name])

    def former_lists(self) -> None:
        """Write the list a `w:pPrChange`'s former style gives, directly, where it differs from the
        paragraph's list now (or `w:numId` 0 where the former style gives none).

        LibreOffice 7.4 restores a former style from a `w:pPrChange` but not the list level (nor the
        list) that style gives: a heading numbered through its style and demoted ("2 Rules" made a
        Heading 2) read "1.1 Rules" after Reject All, and a heading made unnumbered kept its number. A
        former list written on the paragraph is restored, as for copied paragraphs (`direct_numbering`);
        Word reads the same list either way."""
        for part in sorted(self.changed_parts):
            root = self.right.trace.roots.get(part)
            if root is None:
                continue
            for change in list(root.iter(_PPR_CHANGE)):
                old, now = change.find(_PPR), change.getparent()
                p = now.getparent() if now is not None else None
                if old is None or old.find(_NUMPR) is not None or old.find(_PSTYLE) is None or p is None:
                    continue
                holder = _as_paragraph(old)
                was = (self.list_of(self.right, holder), self.level_of(self.right, holder))
                if was == (self.list_of(self.right, p), self.level_of(self.right, p)):
                    continue  # (the same list and level, or no list either way)
                numpr = etree.Element(_NUMPR)
                if was[0] is None:
                    etree.SubElement(numpr, _NUM_ID, {_VAL: "0"})  # (no list)
                else:
                    etree.SubElement(numpr, _ILVL, {_VAL: was[1]})
                    etree.SubElement(numpr, _NUM_ID, {_VAL: was[0]})
                before = [c for c in old if c.tag in _BEFORE_NUMPR]
                (before[-1].addnext(numpr) if before else old.insert(0, numpr))

    def own_restarts(self) -> None:
        """Give a list that restarts another's numbering its own copy of that numbering when one of the
        views drops its first paragraph.

        A `w:num` with a `w:startOverride` over a `w:abstractNum` another `w:num` also uses is a second
        list counted like the first, restarted ("A second list restarts its letters": Word's Restart at
        1). LibreOffice 7.4 reads it as the first list restarted at its first paragraph; when Accept All
        or Reject All drops that paragraph (its mark inserted, deleted or moved), the restart goes with
        it, and the next item counts on from the first list: "(c)" for "(a)". Word restarts at the first
        item shown. With an `w:abstractNum` of its own, alike but for its `w:nsid`, the list starts
        over in both views and in both programs."""
        name = self._part_of(self.right, "numbering")
        if name is None:
            return
        root = self.right.trace.roots[name]
        if next(root.iter(w("startOverride")), None) is None:
            return  # (no list restarts: most documents; each paragraph's lists need not be looked at)
        firsts: dict[str, int] = {}
        lasts: dict[str, int] = {}
        paragraphs = list(self.right.trace.roots[self.right.trace.main].iter(_P))
        for k, p in enumerate(paragraphs):
            # (a list's paragraphs in either view: Reject All gives a paragraph its former list)
            change = p.find(f"{_PPR}/{_PPR_CHANGE}")
            former = _num_id(change) if change is not None else None
            for num_id in {_num_id(p), former}:
                if num_id is None or num_id == "0":
                    continue
                firsts.setdefault(num_id, k)
                lasts[num_id] = k
        nums = {n.get(w("numId")): n for n in root.iter(w("num"))}
        counted = {
            num_id: ref.get(_VAL)
            for num_id, n in nums.items()
            if (ref := n.find(w("abstractNumId"))) is not None
        }  # (each list's abstract numbering)
        users = Counter(counted.values())
        abstracts = {a.get(w("abstractNumId")): a for a in root.iter(w("abstractNum"))}
        for num_id, at in firsts.items():
            num = nums.get(num_id)
            ref = num.find(w("abstractNumId")) if num is not None else None
            first = paragraphs[at]
            if (_mark_of(first) is None and not self.leaves_list(first, num_id)) or ref is None:
                continue
            if users[ref.get(_VAL)] < 2:
                continue
            if num is None or num.find(f"{w('lvlOverride')}/{w('startOverride')}") is None:
                continue  # (no restart: it counts on from its twin, in both programs)
            if any(counted.get(o) == ref.get(_VAL) and lasts[o] > at for o in lasts if o != num_id):
                # (the other list's items after the restart count on from it: one list; the restart
                # is moved to the first item of the view that drops the first paragraph instead)
                if self.restart_in_view(root, paragraphs, num, nums):
                    self.changed_parts.add(name)
                continue
            abstract = abstracts.get(ref.get(_VAL))
            if abstract is None or abstract.find(w("numStyleLink")) is not None:
                continue  # (a list style's numbering: its definition lives with the style)
            own = copy.deepcopy(abstract)
            taken = [int(k) for k in abstracts if k and k.isdigit()]
            own.set(w("abstractNumId"), str(max(taken, default=0) + 1))
            nsid = own.find(w("nsid"))
            if nsid is not None:  # (a list's identity when pasted: not its twin's)
                value = nsid.get(_VAL, "")
                number = int(value, 16) if re.fullmatch(r"[0-9A-Fa-f]{1,8}", value) else 0
                nsid.set(_VAL, f"{(number + 1 + len(taken)) % (1 << 32):08X}")
            for el in own.findall(w("styleLink")):
                own.remove(el)
            list(root.iter(w("abstractNum")))[-1].addnext(own)
            abstracts[own.get(w("abstractNumId"))] = own
            users[ref.get(_VAL)] -= 1
            ref.set(_VAL, own.get(w("abstractNumId"), ""))
            self.changed_parts.add(name)

    def family_heads(self) -> None:
        """Give a `w:pPrChange` whose former list counts on from a twin (another `w:num` of the same
        `w:abstractNum`, no override) the list of the twins' first paragraph instead, where twins restart.

        LibreOffice 7.4 starts a list restored from a `w:pPrChange` over unless it is the list of the
        first paragraph of its `w:abstractNum` (found by hand on stress pairs `wm-restart6` x61 and
        `wm-restart2` x62r, session 18): a paragraph moved between two items of the twin list after a
        restarted one ("(a)", "(b)", moved, "(c)") left "(a)" on Reject All where its former list joined
        the next item's. Word counts twins as one list, so the numbers are the same for it."""
        name = self._part_of(self.right, "numbering")
        if name is None:
            return
        numbering = self.right.trace.roots[name]
        if next(numbering.iter(w("startOverride")), None) is None:
            return
        nums = {n.get(w("numId")): n for n in numbering.iter(w("num"))}
        family_of = {
            n_id: ref.get(_VAL) for n_id, n in nums.items() if (ref := n.find(w("abstractNumId"))) is not None
        }
        restarted = {
            family_of.get(n_id)
            for n_id, n in nums.items()
            if n.find(f"{w('lvlOverride')}/{w('startOverride')}") is not None
        }
        heads: dict[str | None, str] = {}
        for p in self.right.trace.roots[self.right.trace.main].iter(_P):
            change = p.find(f"{_PPR}/{_PPR_CHANGE}")
            former = change.find(f"{_PPR}/{_NUMPR}/{_NUM_ID}") if change is not None else None
            if former is not None:
                family = family_of.get(former.get(_VAL, ""))
                head = heads.get(family)  # ("" when the family's first paragraph is inserted: left alone)
                num = nums.get(former.get(_VAL))
                if (
                    family in restarted
                    and head
                    and head != former.get(_VAL)
                    and num is not None
                    and num.find(w("lvlOverride")) is None
                ):
                    former.set(_VAL, head)
            own = _num_id(p)
            family = family_of.get(own or "")
            if family is not None and family not in heads and own is not None:
                heads[family] = own if _mark_of(p) not in (_INS, _MOVE_TO) else ""

    def restart_in_view(self, root: Any, paragraphs: list[Any], num: Any, nums: dict[str, Any]) -> bool:
        """Give a restarted list's first item in the view that drops the list's first paragraph a copy of
        the list's `w:num` (the same numbering, restart included), when only that view holds the item;
        return whether it did.

        LibreOffice 7.4 restarts a `w:num` with a `w:startOverride` at the first paragraph holding it,
        the deleted, moved and inserted ones included, and keeps that paragraph's restart when Accept All
        or Reject All removes it: the list then counts on from its twin ("(c)" for "(a)"). A list of its
        own (`own_restarts`) would part it from a twin whose items follow the restart in one view and
        count on from it. The copy restarts at the item the other view never shows, and items after it
        count on from it, as the twins share their numbering."""
        num_id = num.get(w("numId"))
        holders = [p for p in paragraphs if _num_id(p) == num_id]
        if not holders:
            return False
        mark = _mark_of(holders[0])
        if mark in (_DEL, _MOVE_FROM):
            gone = (_DEL, _MOVE_FROM)  # (Accept All drops the first paragraph)
            only = (_INS, _MOVE_TO)
        elif mark in (_INS, _MOVE_TO) or (mark is None and self.leaves_list(holders[0], num_id)):
            gone, only = (_INS, _MOVE_TO), (_DEL, _MOVE_FROM)  # (Reject All drops it, or its list)
        else:
            return False

        def dropped(p: Any) -> bool:
            held = _mark_of(p)
            return held in gone or (held is None and gone == (_INS, _MOVE_TO) and self.leaves_list(p, num_id))

        first = next((p for p in holders[1:] if not dropped(p)), None)
        if first is not None and _mark_of(first) is None:
            before = holders[: holders.index(first)]
            return self.restart_in_one(
                root, paragraphs, num, nums, before, first, reject=gone == (_INS, _MOVE_TO)
            )
        if first is None or _mark_of(first) not in only or mark is None:
            # (A first paragraph that only leaves the list in Reject All, before an item Reject All alone
            # shows: a copy of the list there left the list's later items restarting in Reject All,
            # `wm-twins4` x62 in the stress; left as it was.)
            return False
        if only == (_DEL, _MOVE_FROM) and first.find(f"{_PPR}/{_PPR_CHANGE}") is not None:
            return False  # (Reject All gives it its former properties, not this list)
        copied = copy.deepcopy(num)
        new_id = str(max((int(k) for k in nums if k and k.isdigit()), default=0) + 1)
        copied.set(w("numId"), new_id)
        list(root.iter(w("num")))[-1].addnext(copied)
        nums[new_id] = copied
        first.find(f"{_PPR}/{_NUMPR}/{_NUM_ID}").set(_VAL, new_id)
        return True

    def restart_in_one(
        self,
        root: Any,
        paragraphs: list[Any],
        num: Any,
        nums: dict[str, Any],
        dropped: list[Any],
        first: Any,
        *,
        reject: bool,
    ) -> bool:
        """Restart a restarted list at `first`, an item both views show, in the view that drops the items
        before it (`dropped`: for Reject All (`reject`), inserted or moved-to ones or ones its `w:pPrChange`
        takes out of the list; for Accept All, deleted or moved-from ones), and let it count on in the
        other; return whether it did.

        LibreOffice 7.4 restarts the list at its first paragraph in the package and keeps that restart
        with the paragraph when Accept All or Reject All drops it. What it does with a list Reject All
        restores from a `w:pPrChange` (found by hand on stress pairs `wm-renumber` x62/x62r and
        `wm-restart2` x62/x62r, session 18): a list no paragraph holds starts over there, and so does
        any list but the one of the family's first paragraph (the twins of one `w:abstractNum`), which
        counts on; a list restored on an earlier paragraph counts on from it.

        So where Reject All drops the first paragraph, `first` and the list's later paragraphs Reject All
        shows get a copy of the list (restart included) as their former list. Where Accept All drops it,
        the dropped items get a copy of their own (they restart in Reject All, as `restart_in_view` does
        the other way), `first` becomes the list's first paragraph (it restarts in Accept All), and its
        former list is that of the family's first paragraph. Word shows the `w:pPrChange` as a
        formatting revision; its numbers are the same either way (it restarts at the first item shown)."""
        num_id = num.get(w("numId"))
        if any(_has_ilvl_above_zero(p) for p in (first, *dropped)):
            return False  # (LibreOffice restores no level but 0)
        if reject:
            later = [
                p
                for p in paragraphs[paragraphs.index(first) :]
                if _num_id(p) == num_id and _mark_of(p) not in (_INS, _MOVE_TO)
            ]
            if any(p.find(f"{_PPR}/{_PPR_CHANGE}") is not None or _has_ilvl_above_zero(p) for p in later):
                return False  # (their own former properties)
            former = self.num_copy(root, num, nums)
            for p in later:
                self.former_properties(p, None, force=True)
                p.find(f"{_PPR}/{_PPR_CHANGE}/{_PPR}/{_NUMPR}/{_NUM_ID}").set(_VAL, former)
            return True
        if first.find(f"{_PPR}/{_PPR_CHANGE}") is not None:
            return False
        family_of = {
            n_id: ref.get(_VAL) for n_id, n in nums.items() if (ref := n.find(w("abstractNumId"))) is not None
        }
        family = family_of.get(num_id)
        before = paragraphs[: paragraphs.index(first)]

        def shown(p: Any) -> str:  # (a paragraph's list in Reject All)
            change = p.find(f"{_PPR}/{_PPR_CHANGE}")
            return (_num_id(change) if change is not None else _num_id(p)) or ""

        if not any(family_of.get(shown(p)) == family for p in before if _mark_of(p) not in (_INS, _MOVE_TO)):
            return False  # (no family item before it in Reject All: it restarts there too)
        head = next((p for p in before if family_of.get(_num_id(p) or "") == family), None)
        if head is None:
            return False
        own = self.num_copy(root, num, nums)
        for p in dropped:
            p.find(f"{_PPR}/{_NUMPR}/{_NUM_ID}").set(_VAL, own)
        former = _num_id(head) or own  # (the family's first paragraph: a dropped one is now in the copy)
        self.former_properties(first, None, force=True)
        first.find(f"{_PPR}/{_PPR_CHANGE}/{_PPR}/{_NUMPR}/{_NUM_ID}").set(_VAL, former)
        return True

    def num_copy(self, root: Any, num: Any, nums: dict[str, Any]) -> str:
        """Add a copy of list `num` (the same numbering, overrides included) and return its id."""
        copied = copy.deepcopy(num)
        new_id = str(max((int(k) for k in nums if k and k.isdigit()), default=0) + 1)
        copied.set(w("numId"), new_id)
        list(root.iter(w("num")))[-1].addnext(copied)
        nums[new_id] = copied
        return new_id

    def leaves_list(self, p: Any, num_id: str) -> bool:
        """Return whether Reject All takes paragraph `p` out of list `num_id`: its `w:pPrChange` gives
        it another list or none (an inserted first item whose text Reject All removes, holding the kept
        heading before it: see `mark_holder`)."""
        change = p.find(f"{_PPR}/{_PPR_CHANGE}")
        old = change.find(_PPR) if change is not None else None
        if old is None:
            return False
        return self.list_of(self.right, _as_paragraph(old)) != num_id

    def linked(self, lclauses: Sequence[Clause], rclauses: Sequence[Clause]) -> bool:
        """Return whether a paragraph of a moved change holds a link: such a move is written as the
        left paragraphs deleted and the right ones inserted. LibreOffice 7.4 does not read the moved
        runs inside a link (`w:hyperlink/w:moveTo`) as part of the move, and an empty paragraph stayed
        where the paragraph moved from (Accept All) and to (Reject All)."""
        return any(
            next(unit.element.iter(_HYPERLINK), None) is not None
            for side, clauses in ((self.left, lclauses), (self.right, rclauses))
            for clause in clauses
            for unit in side.units(clause)
        )

    def parts_apart(
        self, changes: Sequence[Change], sides: Sequence[tuple[tuple[Clause, ...], tuple[Clause, ...]]]
    ) -> set[int]:
        """Return the splits whose parts stand apart (one moved away past paragraphs both views show)
        and the merges of paragraphs that stood so apart: written as the left paragraphs deleted at
        their own places and the right ones inserted at theirs (`across_containers`). Written in place,
        the inserted mark between the parts joined the paragraph after the first part on Reject All:
        the first part of a split ran into the heading after it, and a merge's later part came back in
        the wrong place. (Removed or added paragraphs between the parts go with the change.)"""
        main = self.left.trace.main, self.right.trace.main
        found = {
            index: (self.left.between(lclauses), self.right.between(rclauses))
            for index, (lclauses, rclauses) in enumerate(sides)
            if (len(lclauses) > 1 or len(rclauses) > 1)
            and lclauses
            and rclauses
            and all(c.location.part == main[0] for c in lclauses)
            and all(c.location.part == main[1] for c in rclauses)
        }
        found = {index: ids for index, ids in found.items() if ids[0] or ids[1]}
        if not found:
            return set()
        added = {cid for c in changes if c.op is ChangeOp.ADDED for cid in c.right}
        removed = {cid for c in changes if c.op is ChangeOp.REMOVED for cid in c.left}
        return {
            index
            for index, (lbetween, rbetween) in found.items()
            if any(cid not in removed for cid in lbetween) or any(cid not in added for cid in rbetween)
        }

    def across_containers(
        self, changes: Sequence[Change], sides: Sequence[tuple[tuple[Clause, ...], tuple[Clause, ...]]]
    ) -> set[int]:
        """Return the changes pairing paragraphs of the main parts in different containers (the body,
        a table cell, a text box): written as the left paragraphs deleted at their own place and the
        right ones inserted at theirs, so Reject All keeps the left order and Accept All the right
        (written in place, a left body paragraph in a right cell put the next left paragraph after the
        table, a left cell's text came back outside its table)."""
        lmain, rmain = self.left.trace.main, self.right.trace.main
        boxes = [
            next(side.trace.roots[side.trace.main].iter(_TXBX), None) is not None
            for side in (self.left, self.right)
        ]
        boxed = any(boxes)
        cells = [
            {c.id for c in side.clauses.values() if c.location.row is not None}
            for side in (self.left, self.right)
        ]
        apart = set()
        for index, (lclauses, rclauses) in enumerate(sides):
            change = changes[index]
            if not boxed and cells[0].isdisjoint(change.left) and cells[1].isdisjoint(change.right):
                continue  # (body paragraphs on both sides)
            if (
                lclauses
                and rclauses
                and change.op is not ChangeOp.MOVED
                and all(c.location.part == lmain for c in lclauses)
                and all(c.location.part == rmain for c in rclauses)
                and self.container(self.left, lclauses, boxes[0])
                != self.container(self.right, rclauses, boxes[1])
            ):
                apart.add(index)
        return apart

    def row_moves(
        self, changes: Sequence[Change], sides: Sequence[tuple[tuple[Clause, ...], tuple[Clause, ...]]]
    ) -> set[int]:
        """Return the moves that carry a table row whole (its every cell's clauses moved into one row
        holding nothing else): written as the left row deleted where it stood and the right row
        inserted, as Word's own Compare writes a moved row (Word tracks no row move).

        Written as moves, each cell's text went, moved from, into the last cell of the row before the
        left row's place (a copied paragraph cannot be a row), and Reject All showed it there."""
        lmain, rmain = self.left.trace.main, self.right.trace.main

        def row_of(side: _Side, clause: Clause) -> Any:
            units = side.units(clause) if clause.location.row is not None else ()
            return _ancestor(units[0].element, _TR) if units else None

        moved: dict[tuple[Any, Any], list[int]] = {}
        for index, (lclauses, rclauses) in enumerate(sides):
            if changes[index].op is not ChangeOp.MOVED or not lclauses or not rclauses:
                continue
            if any(c.location.part != lmain for c in lclauses) or any(
                c.location.part != rmain for c in rclauses
            ):
                continue
            lrows = {row_of(self.left, c) for c in lclauses}
            rrows = {row_of(self.right, c) for c in rclauses}
            if len(lrows) == 1 == len(rrows) and None not in lrows and None not in rrows:
                moved.setdefault((lrows.pop(), rrows.pop()), []).append(index)
        if not moved:
            return set()
        cells: tuple[dict[Any, set[str]], dict[Any, set[str]]] = ({}, {})
        for side, out in ((self.left, cells[0]), (self.right, cells[1])):
            for clause in side.clauses.values():
                row = row_of(side, clause)
                if row is not None:
                    out.setdefault(row, set()).add(clause.id)
        found: set[int] = set()
        for (lrow, rrow), indices in moved.items():
            left_ids = {c.id for i in indices for c in sides[i][0]}
            right_ids = {c.id for i in indices for c in sides[i][1]}
            if cells[0].get(lrow) == left_ids and cells[1].get(rrow) == right_ids:
                found.update(indices)
                self.rows_moved |= left_ids
        return found

    def container(self, side: _Side, clauses: Sequence[Clause], boxes: bool) -> frozenset[str]:
        """Return what holds the clauses' paragraphs: table cells, text boxes (looked for only when
        the part has `boxes`) or the body."""
        return frozenset(
            "box"
            if boxes and (units := side.units(clause)) and _in_text_box(units[0].element)
            else "body"
            if clause.location.row is None
            else "cell"
            for clause in clauses
        )

    def crossings(
        self,
        changes: Sequence[Change],
        sides: Sequence[tuple[tuple[Clause, ...], tuple[Clause, ...]]],
        apart: set[int],
    ) -> set[int]:
        """Return the changes pairing a left paragraph far out of left order (the comparison saw no
        move): the pairs outside a longest run whose left order follows the right order. Reject All
        cannot restore the left order of a pair written in place, so each is written as a native move
        (`w:moveFrom` at the left place, `w:moveTo` at the right). Pairs from left table cells or notes
        stay."""
        lpos = {key: n for n, key in enumerate(self.left.clauses)}
        rpos = {key: n for n, key in enumerate(self.right.clauses)}
        main = self.right.trace.main
        pairs = sorted(
            (rpos[change.right[0]], lpos[change.left[0]], index)
            for index, (change, (lclauses, rclauses)) in enumerate(zip(changes, sides, strict=True))
            if change.op is not ChangeOp.MOVED
            and index not in apart
            and lclauses
            and rclauses
            and all(c.location.row is None and c.location.part == self.left.trace.main for c in lclauses)
            and all(c.location.part == main for c in rclauses)
        )
        # Longest increasing run of left positions (patience sorting), kept; the rest cross.
        tails: list[int] = []
        tail_at: list[int] = []
        before = [-1] * len(pairs)
        for n, (_, left, _) in enumerate(pairs):
            k = bisect.bisect_left(tails, left)
            if k == len(tails):
                tails.append(left)
                tail_at.append(n)
            else:
                tails[k], tail_at[k] = left, n
            before[n] = tail_at[k - 1] if k else -1
        kept = set()
        n = tail_at[-1] if tail_at else -1
        while n >= 0:
            kept.add(n)
            n = before[n]
        return {pairs[n][2] for n in range(len(pairs)) if n not in kept}

    def table_of_contents(self) -> None:
        """Track the entries of Word's table of contents (a `docPartObj` content control) that differ.

        The reader leaves the contents out (Word makes them from the headings), so the comparison has
        nothing to say of them; but both views must show their own document's contents. Entries are
        paired by text: a right-only entry is inserted, a left-only one copied in deleted before the
        right entry that follows it. An entry holding the contents field's own start or end stays."""
        right = _toc_paragraphs(self.right.trace.roots.get(self.right.trace.main))
        left = _toc_paragraphs(self.left.trace.roots.get(self.left.trace.main))
        if not right or not left:
            return
        rtexts, ltexts = [_plain_text(p) for p in right], [_plain_text(p) for p in left]
        if rtexts == ltexts:
            return
        matcher = difflib.SequenceMatcher(None, ltexts, rtexts, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                continue
            for p in right[j1:j2]:
                if _field_balanced(p):
                    _wrap_runs(p, _INS, self.attrs)
                    _mark(p, _INS, self.attrs())
            for p in left[i1:i2]:
                if not _field_balanced(p):
                    continue
                copied = self.copy_left(p, prune=False)
                _to_deleted_text(copied, _DEL)
                _wrap_runs(copied, _DEL, self.attrs)
                _mark(copied, _DEL, self.attrs())
                if j1 < len(right):
                    right[j1].addprevious(copied)
                else:
                    right[-1].addnext(copied)

    def headers_and_footers(self) -> None:
        """Track the paragraphs of each header and footer that differ from the left one of its place.

        Headers and footers pair by section (in order), kind and type (default, first, even), and
        their paragraphs by text. A changed paragraph paired with a left one of like words has its
        words tracked as a body paragraph's are (`edit`); any other paragraph only on the left is
        copied in deleted, one only on the right is inserted.
        """
        for lpart, rpart in self.paired_headers():
            lroot, rroot = self.left.trace.package.xml(lpart), self.right.trace.roots.get(rpart)
            if rroot is None:
                rroot = self.right.trace.roots[rpart] = self.right.trace.package.xml(rpart)
            accept_all(lroot)
            accept_all(rroot)
            lps, rps = lroot.findall(_P), rroot.findall(_P)
            ltexts = [" ".join("".join(t.text or "" for t in p.iter(_T)).split()) for p in lps]
            rtexts = [" ".join("".join(t.text or "" for t in p.iter(_T)).split()) for p in rps]
            if ltexts == rtexts:
                continue
            self.changed_parts.add(rpart)
            ltraced = {u.element: u for u in trace_part(self.left.trace, lpart)}
            rtraced = {u.element: u for u in trace_part(self.right.trace, rpart)}
            matcher = difflib.SequenceMatcher(None, ltexts, rtexts, autojunk=False)
            for op, a, b, c, d in reversed(matcher.get_opcodes()):
                if op == "equal":
                    continue
                while a < b and c < d and self.header_words(ltraced.get(lps[a]), rtraced.get(rps[c])):
                    a, c = a + 1, c + 1  # a paragraph pair tracked word by word
                for p in rps[c:d]:
                    _expand_simple_fields(p)
                    _wrap_runs(p, _INS, self.attrs)
                    if not _last_in_container(p):
                        _mark(p, _INS, self.attrs())
                copies = []
                for p in lps[a:b]:
                    copied = self.copy_left(p, parts=(lpart, rpart))  # (its links into the right part)
                    _expand_simple_fields(copied)
                    _to_deleted_text(copied, _DEL)
                    _wrap_runs(copied, _DEL, self.attrs)
                    _mark(copied, _DEL, self.attrs())
                    copies.append(copied)
                anchor = rps[c] if c < len(rps) else None
                for copied in copies:
                    if anchor is not None:
                        anchor.addprevious(copied)
                    else:
                        rroot.append(copied)

    def header_words(self, left: ParagraphTrace | None, right: ParagraphTrace | None) -> bool:
        """Track a changed header or footer paragraph word by word against a left one; return whether
        it was (not when their words are mostly different, or they hold links the body's word edits
        do not write into another part)."""
        if left is None or right is None or not left.text or not right.text:
            return False
        for p in (left.element, right.element):
            if any(p.find(f".//{tag}") is not None for tag in _NOT_IN_HEADER_WORDS):
                return False
        lwords, rwords = _WORD_TOKENS(left.text), _WORD_TOKENS(right.text)
        matcher = difflib.SequenceMatcher(None, lwords, rwords, autojunk=False)
        if matcher.ratio() < 0.5:
            return False
        latoms, ratoms = _atoms([left], left.text), _atoms([right], right.text)
        if latoms is None or ratoms is None:
            return False
        pieces: list[Piece] = []
        for op, a, b, c, d in matcher.get_opcodes():
            if op == "equal":
                pieces.append(Piece(EditOp.EQUAL, "".join(lwords[a:b])))
                continue
            if b > a:
                pieces.append(Piece(EditOp.DELETE, "".join(lwords[a:b])))
            if d > c:
                pieces.append(Piece(EditOp.INSERT, "".join(rwords[c:d])))
        self.edit(pieces, False, [left], latoms, [right], ratoms)
        return True

    def paired_headers(self) -> list[tuple[str, str]]:
        """Return (left part, right part) of headers and footers standing at the same place."""
        places: list[dict[tuple[int, str, str], str]] = []
        for side in (self.left, self.right):
            root = side.trace.roots[side.trace.main]
            rels = side.trace.package.rels(side.trace.main)
            found: dict[tuple[int, str, str], str] = {}
            for index, sect in enumerate(root.iter(_SECT_PR)):
                for kind in ("header", "footer"):
                    for ref in sect.findall(w(f"{kind}Reference")):
                        rel = rels.get(ref.get(f"{{{R}}}id", ""))
                        if rel is not None and not rel[2] and side.trace.package.has(rel[1]):
                            found[(index, kind, ref.get(w("type"), "default"))] = rel[1]
            places.append(found)
        left, right = places
        pairs: dict[str, str] = {}
        for key in sorted(right):
            if key in left:
                pairs.setdefault(right[key], left[key])
        return [(lpart, rpart) for rpart, lpart in sorted(pairs.items())]

    def note_references(self, comparison: Comparison) -> None:
        """Track footnotes and endnotes that only one side has, where their reference stands.

        A note only on the right has its reference run inserted. A note only on the left is copied
        into the right notes part, its text deleted, and a deleted reference to it is put at the end
        of the paragraph that stands for the left paragraph holding the reference.
        """
        owners: tuple[dict[str, int], dict[str, int]] | None = None
        notes = any(self._part_of(side, kind) for side in (self.left, self.right) for kind in _NOTE_PARTS)
        for change in comparison.changes:
            if notes and len(change.left) == 1 == len(change.right):
                lc, rc = self.left.clauses[change.left[0]], self.right.clauses[change.right[0]]
                if lc.location.part == self.left.trace.main or lc.location.index is None:
                    continue
                if rc.location.part == self.right.trace.main or rc.location.index is None:
                    continue
                if owners is None:  # (the change of each left clause, and of each right one)
                    owners = (
                        {c: k for k, ch in enumerate(comparison.changes) for c in ch.left},
                        {c: k for k, ch in enumerate(comparison.changes) for c in ch.right},
                    )
                lowner, rowner = self.reference_owner(self.left, lc), self.reference_owner(self.right, rc)
                if lowner is not None and rowner is not None and owners[0][lowner] != owners[1][rowner]:
                    # The same note whose reference went to another paragraph: the right reference
                    # inserted, the left note shown deleted where the left had it.
                    self.inserted_reference(rc)
                    self.deleted_note(lc)
            elif change.op is ChangeOp.ADDED:
                for clause_id in change.right:
                    clause = self.right.clauses[clause_id]
                    if clause.location.part != self.right.trace.main and clause.location.index is not None:
                        self.inserted_reference(clause)
            elif change.op is ChangeOp.REMOVED:
                for clause_id in change.left:
                    clause = self.left.clauses[clause_id]
                    if clause.location.part != self.left.trace.main and clause.location.index is not None:
                        self.deleted_note(clause)

    def reference_owner(self, side: _Side, note: Clause) -> str | None:
        """Return the id of the main part's clause whose paragraph holds a note's reference."""
        kind = "endnote" if (note.location.part or "").endswith("endnotes.xml") else "footnote"
        root = side.trace.roots[side.trace.main]
        ref = next(
            (r for r in root.iter(w(f"{kind}Reference")) if r.get(_ID) == str(note.location.index)), None
        )
        holder = _ancestor(ref, _P) if ref is not None else None
        return next(
            (
                c.id
                for c in side.clauses.values()
                if c.location.part == side.trace.main and any(u.element is holder for u in side.units(c))
            ),
            None,
        )

    def inserted_reference(self, clause: Clause) -> None:
        kind = "endnote" if (clause.location.part or "").endswith("endnotes.xml") else "footnote"
        root = self.right.trace.roots[self.right.trace.main]
        for ref in root.iter(w(f"{kind}Reference")):
            if ref.get(_ID) != str(clause.location.index):
                continue
            run = ref.getparent()
            if run is None or run.tag != _R or _ancestor(run, _INS) is not None:
                continue
            container = etree.Element(_INS, self.attrs())
            run.addprevious(container)
            container.append(run)

    def deleted_note(self, clause: Clause) -> None:
        kind = "endnote" if (clause.location.part or "").endswith("endnotes.xml") else "footnote"
        note_id = str(clause.location.index)
        lpart, rpart = self._part_of(self.left, kind + "s"), self._part_of(self.right, kind + "s")
        if rpart is None and lpart is not None:
            rpart = self.notes_part(kind, lpart)
        lroot = self.left.trace.roots[self.left.trace.main]
        ref = next((r for r in lroot.iter(w(f"{kind}Reference")) if r.get(_ID) == note_id), None)
        holder = _ancestor(ref, _P) if ref is not None else None
        owner = next(
            (
                c.id
                for c in self.left.clauses.values()
                if c.location.part == self.left.trace.main
                and any(u.element is holder for u in self.left.units(c))
            ),
            None,
        )
        out = self.left_out.get(owner) if owner is not None else None
        if lpart is None or rpart is None or out is None or ref is None or out.tag != _P:
            self.notes.append(f"the left {kind} {note_id} ({clause.text[:40]!r}) is not shown in the redline")
            return
        note = next((n for n in self.left.trace.roots[lpart].iter(w(kind)) if n.get(_ID) == note_id), None)
        if note is None:
            return
        rroot = self.right.trace.roots[rpart]
        taken = [int(v) for n in rroot.iter(w(kind)) if (v := n.get(_ID, "")).lstrip("-").isdigit()]
        new_id = str(max(taken, default=0) + 1)
        copied = self.copy_left(note)
        copied.set(_ID, new_id)
        _to_deleted_text(copied, _DEL)
        for p in copied.iter(_P):
            _wrap_runs(p, _DEL, self.attrs)
        rroot.append(copied)
        self.changed_parts.add(rpart)
        run = etree.Element(_R)
        props = ref.getparent().find(_RPR) if ref.getparent() is not None else None
        if props is not None:
            run.append(self.left_rpr(ref.getparent()))
        etree.SubElement(run, w(f"{kind}Reference"), {_ID: new_id})
        container = etree.SubElement(out, _DEL, self.attrs())
        container.append(run)
        self.deleted_refs.append((container, copied, f"the left {kind} {note_id} ({clause.text[:40]!r})"))

    def unjoined_notes(self) -> None:
        """Take back a deleted note reference whose paragraph mark is deleted too: LibreOffice 7.4's
        Accept All then leaves an empty paragraph (the joined paragraphs come apart at the note).
        Not in a paragraph moved from there (its mark `w:moveFrom`), which LibreOffice removes whole:
        the moved paragraph's note number came back nowhere on Reject All."""
        for container, note, what in self.deleted_refs:
            p = container.getparent()
            if p is not None and _mark_of(p) == _DEL and not self.mark_up(p):
                p.remove(container)
                note.getparent().remove(note)
                self.notes.append(f"{what} is not shown in the redline")

    def mark_up(self, p: Any) -> bool:
        """Delete the mark of the kept paragraph before a wholly deleted one instead of its own, when
        the two have one style and list level (so the join shows the same properties whichever mark
        stays); return whether it was done.

        For a paragraph holding a deleted note reference: LibreOffice 7.4 drops a tracked mark in a
        paragraph holding a note reference, so with its own mark deleted the reference is taken back
        (unjoined_notes) and Reject All lost the note number."""
        kept = _previous_paragraph(p)
        if kept is None or kept.getparent() is not p.getparent() or _whole(p) != _DEL:
            return False
        if _mark_of(kept) is not None or _HOLDS_NOTE(kept) or not self.same_place(kept, p):
            return False
        props, own = kept.find(_PPR), p.find(_PPR)
        if (props is not None and props.find(_SECT_PR) is not None) or own is None:
            return False
        if own.find(_PPR_CHANGE) is not None:
            return False
        marks = own.find(_RPR)
        for el in list(marks if marks is not None else ()):
            if el.tag in _REVISION_TAGS:
                marks.remove(el)
        _mark(kept, _DEL, self.attrs())
        return True

    def notes_part(self, kind: str, lpart: str) -> str | None:
        """Make the right package's footnotes (endnotes) part, holding the left part's separators
        (the notes of a `w:type`, which Word's notes part starts with), for a note only the left has."""
        name = self.new_part(
            kind + "s",
            kind + "s.xml",
            f"application/vnd.openxmlformats-officedocument.wordprocessingml.{kind}s+xml",
            w(kind + "s"),
        )
        if name is not None:
            root = self.right.trace.roots[name]
            for note in self.left.trace.roots[lpart].iter(w(kind)):
                if note.get(w("type")) not in (None, "normal"):
                    root.append(self.copy_left(note))
        return name

    def removed_row(self, clause: Clause, previous: str | None, by_left: dict[str, Redline]) -> Any:
        """Copy a left table row whose every cell was removed as a deleted row (`w:trPr/w:del`) after
        the right row where its predecessor stands; return it, None when that cannot be done."""
        units = self.left.units(clause)
        row = _ancestor(units[0].element, _TR) if units else None
        if row is None:
            return None
        if row in self.rows_copied:
            return self.rows_copied[row]
        anchor = self.left_out.get(previous) if previous is not None else None
        # (the row before: the one holding the predecessor, or the predecessor's row copied deleted)
        target = (anchor if anchor.tag == _TR else _ancestor(anchor, _TR)) if anchor is not None else None
        before = None
        if target is None:  # (a table's first rows: before the right row of the next row kept)
            before = self.next_kept_row(row, by_left)
            if before is None:
                return self.removed_table(row, anchor, by_left)
        if not self.all_gone(row, _TR, by_left):
            return None
        if _grid_width(row) != _grid_width(target if target is not None else before):
            return None
        copied = self.deleted_rows(row)
        if target is not None:
            target.addnext(copied)
        elif before is not None:
            before.addprevious(copied)
        self.rows_copied[row] = copied
        return copied

    def removed_table(self, row: Any, anchor: Any, by_left: dict[str, Redline]) -> Any:
        """Copy a left table whose every cell was removed, every row deleted, after `anchor` (what stands
        for the left clause before it; the body's start when None); return the copy of `row`, None when
        that cannot be done: a table inside it, another table on either side (two tables with nothing
        between them are one in Word), or a row with a cell kept."""
        table = row.getparent()
        if table.tag != _TBL or any(True for _ in itertools.islice(table.iter(_TBL), 1, None)):
            return None  # (`iter` yields the table itself first: a second one is inside it)
        if not self.all_gone(table, _TBL, by_left):
            return None
        body = self.right.trace.roots[self.right.trace.main].find(_BODY)
        if anchor is not None:
            anchor = _outside_tables(anchor)
            following = anchor.getnext()
        else:
            following = next((c for c in body if c.tag in (_P, _TBL, _SDT)), None)
        if (anchor is not None and anchor.tag == _TBL) or (following is not None and following.tag == _TBL):
            return None
        copied = self.deleted_rows(table)
        if anchor is not None:
            anchor.addnext(copied)
        elif following is not None:
            following.addprevious(copied)
        else:
            body.insert(0, copied)
        for original, made in zip(table.iter(_TR), copied.iter(_TR), strict=True):
            self.rows_copied[original] = made
        return self.rows_copied[row]

    def all_gone(self, container: Any, tag: str, by_left: dict[str, Redline]) -> bool:
        """Return whether every left clause in `container` (a row or a table, by `tag`) was removed, or
        is of a row moved whole."""
        for other in self.left.clauses.values():
            units = self.left.units(other) if other.location.row is not None else ()
            if not units or _ancestor(units[0].element, tag) is not container or other.id in self.rows_moved:
                continue
            owner = by_left.get(other.id)
            if owner is None or owner.op is not ChangeOp.REMOVED:
                return False
        return True

    def deleted_rows(self, element: Any) -> Any:
        """Return a copy of a left row or table with its text deleted and every row marked deleted."""
        copied = self.copy_left(element)
        _to_deleted_text(copied, _DEL)
        for p in copied.iter(_P):
            _wrap_runs(p, _DEL, self.attrs)
        for tr in copied.iter(_TR):  # (the row itself first, when it is one)
            etree.SubElement(_row_props(tr), _DEL, self.attrs())
        return copied

    def next_kept_row(self, row: Any, by_left: dict[str, Redline]) -> Any:
        """Return the right row that holds what the first kept row after left row `row`, in its table,
        became (its first cell's clause paired), None when there is none."""
        table = row.getparent()
        seen = False
        for clause in self.left.clauses.values():
            units = self.left.units(clause) if clause.location.row is not None else ()
            other = _ancestor(units[0].element, _TR) if units else None
            if other is row:
                seen = True
                continue
            if not seen or other is None:
                continue
            if other.getparent() is not table:
                return None  # (past the table: no row of it kept)
            owner = by_left.get(clause.id)
            out = self.left_out.get(clause.id)  # (what stands for it on the right, when it is kept)
            if out is None or out.tag == _TR or (owner is not None and owner.op is ChangeOp.REMOVED):
                continue
            return _ancestor(out, _TR)
        return None

    def last_marks(self) -> None:
        """Place paragraph marks where LibreOffice and Word both read them as meant.

        A paragraph with a deleted mark merges into the next paragraph on Accept All; before a table
        or at the end of a cell or of the document there is none, and an empty paragraph would stay.
        So the paragraph before (and any deleted paragraphs between) has its mark deleted instead, and
        the last one takes that paragraph's properties (its own recorded in a `w:pPrChange`). An
        inserted paragraph at such a place is treated alike for Reject All.

        LibreOffice joins two insertions (or deletions) on either side of a kept paragraph mark into
        one, taking the mark with them: a kept paragraph ending in an insertion followed by wholly
        inserted paragraphs has its mark moved the same way, and where a paragraph ends and the next
        starts with the same kind of revision, a deletion/insertion pair at either edge is swapped.
        """
        for p in self.copies:
            if p.getparent() is None or _next_paragraph(p) is not None:
                continue
            first = _kept_before(p, (_DEL, _MOVE_FROM))
            if first is not None:
                self.shift(first, p, _DEL)
        for p, _ in self.unmarked:
            first = _kept_before(p, (_INS, _MOVE_TO))
            if first is not None:
                self.shift(first, p, _INS)
            elif (gone := _deleted_before(p)) is not None:
                self.absorb(gone, p)
        for part in self.changed_parts:
            root = self.right.trace.roots.get(part)
            if root is None:
                continue
            for p in list(root.iter(_P)):
                kind = _edge(p, last=True)
                if kind is None or _mark_of(p) is not None:
                    continue
                following = _next_paragraph(p)
                if following is None:
                    continue
                last = None
                while (
                    following is not None
                    and _mark_of(following) in _GROUP[kind]
                    and _whole(following) == kind
                ):
                    last = following
                    following = _next_paragraph(following)
                if last is not None:
                    if kind == _INS and _HOLDS_NOTE(p) and _restorable(following):
                        # LibreOffice 7.4 drops a tracked mark in a paragraph holding a note reference
                        # (an empty item stayed after Reject All): the run keeps its own marks, and
                        # its first paragraph a `w:pPrChange` (joined_properties), which keeps
                        # LibreOffice from joining the two insertions across the kept mark (only
                        # where the paragraph after the run has a level Reject All restores).
                        self.apart.add(_next_paragraph(p))
                    elif kind == _DEL and _HOLDS_NOTE(p) and _restorable(first := _next_paragraph(p)):
                        # (the same for a run of deleted paragraphs: its first one records its
                        # own properties, and the note reference deleted at the paragraph's end
                        # stays, see unjoined_notes)
                        self.former_properties(first, None, force=True)
                    else:
                        self.shift(p, last, kind)
                    continue
                following = _next_paragraph(p)
                if (
                    following is not None
                    and _edge(following, last=False) == kind
                    and not _swap_edge(p, last=True)
                ):
                    _swap_edge(following, last=False)

    def deleted_joins(self) -> None:
        """Give a wholly deleted left paragraph before a kept one the kept paragraph's properties, its
        own in a `w:pPrChange` (where Reject All restores them: no list level but 0).

        Accept All joins the deleted paragraph into the next one, and LibreOffice 7.4 keeps the
        first paragraph's properties on a join: a bullet item after a removed plain paragraph lost
        its list (a move holding a link, now deleted and inserted, and a merge the comparison calls
        a rewording and a removal). Word keeps the next paragraph's properties for a whole deleted
        paragraph, as written (decision 0019's rule for the generated redline).

        Each of a run of such paragraphs before the kept one gets them: LibreOffice joined the run
        under the first one's properties where a paragraph before the run held an insertion (a
        numbered heading after two removed paragraphs lost its number)."""
        for p in self.copies:
            if not _wholly_deleted(p):
                continue
            following = _next_paragraph(p)
            while following is not None and _wholly_deleted(following):
                following = _next_paragraph(following)
            if following is None or _mark_of(following) not in (None, _DEL):
                continue  # (a merge's first part, its mark deleted, holds the properties of its join)
            own, theirs = p.find(_PPR), following.find(_PPR)
            if own is None or own.find(_PPR_CHANGE) is not None or not _restorable(p):
                continue
            if self.same_props(_clean_ppr(copy.deepcopy(own)), theirs):
                continue
            if _ppr_key(own)[1] not in (None, "0", _ppr_key(theirs)[1]) and not self.bullet(p):
                continue  # (another list restored from a `w:pPrChange` restarts its count; a bullet has none)
            new = _clean_ppr(copy.deepcopy(theirs)) if theirs is not None else etree.Element(_PPR)
            marks = own.find(_RPR)
            if marks is not None:
                new.append(marks)
            etree.SubElement(new, _PPR_CHANGE, self.attrs()).append(_clean_ppr(own))
            p.insert(0, new)

    def bullet(self, p: Any) -> bool:
        """Return whether a paragraph of the redline is an item whose label is a bullet (or none): no
        count to restart when Reject All restores its list from a `w:pPrChange`."""
        shape = self.label_shape(self.right, p)
        return shape is not None and shape[0] in ("bullet", "none")

    def empty_paragraphs(self) -> None:
        """Make Reject All show the left body's empty paragraphs between the same paragraphs.

        Empty paragraphs are no clause, so the comparison does not see them; the redline holds the
        right's. Between two paragraphs both views share (and before the first), a right empty
        paragraph the left lacks gets an inserted mark, and one the left has more is added with a
        deleted mark."""
        body = self.right.trace.roots[self.right.trace.main].find(_BODY)
        lbody = self.left.trace.roots[self.left.trace.main].find(_BODY)
        if body is None or lbody is None or not (_EMPTY_PARAGRAPH(body) or _EMPTY_PARAGRAPH(lbody)):
            return  # (no empty paragraph on either side: nothing to line up, and no walk)
        left_tokens = _gaps(list(lbody), None)
        pending = {id(p) for p, kind in self.unmarked if kind in (_INS, _MOVE_TO)}  # (marked by last_marks)
        right_tokens = _gaps([c for c in body if id(c) not in pending], (_INS, _MOVE_TO))
        matcher = difflib.SequenceMatcher(
            None, [t[0] for t in left_tokens], [t[0] for t in right_tokens], autojunk=False
        )
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag != "equal":
                continue
            for (key, lgap, _), (_, rgap, anchor) in zip(
                left_tokens[i1:i2], right_tokens[j1:j2], strict=True
            ):
                if key[:1] == "\x00":
                    continue  # (a mark before a table cannot go: see last_marks)
                extra = len(rgap) - len(lgap)
                extras = rgap[len(rgap) - extra :] if extra > 0 else []
                if extras and _next_paragraph(extras[-1]) is None:
                    extras = rgap[:extra]  # (the body's last mark cannot be inserted: the first ones are)
                for p in extras:
                    if key or _next_paragraph(p) is not None:  # (nor the body's last mark)
                        _mark(p, _INS, self.attrs())
                if not key:
                    continue
                for _ in range(-extra):
                    empty = self.copy_left(lgap[0], prune=False)
                    _mark(empty, _DEL, self.attrs())
                    if rgap or anchor is not None:
                        (rgap[-1] if rgap else anchor).addnext(empty)
                    else:
                        body.insert(0, empty)
                    rgap.append(empty)

    def joined_properties(self) -> None:
        """Give each of a run of inserted paragraph marks the properties of the paragraph Reject All
        joins the run to, in a `w:pPrChange`: LibreOffice keeps an inserted paragraph's properties on
        a join, so a heading inserted before a list item made the item a heading after Reject All (the
        last of a run of pairs written whole, too)."""
        for part in sorted(self.changed_parts):
            root = self.right.trace.roots.get(part)
            if root is None:
                continue
            marked = [m.getparent().getparent().getparent() for m in root.iter(_INS, _MOVE_TO)]
            for p in marked:
                if p is None or p.tag != _P or _KIND.get(_mark_of(p) or "") != _INS:
                    continue  # (not a paragraph mark's revision)
                props = p.find(_PPR)
                if props is None or props.find(_PPR_CHANGE) is not None:
                    continue
                following = _next_paragraph(p)
                while following is not None and _KIND.get(_mark_of(following) or "") == _INS:
                    following = _next_paragraph(following)
                if following is None:
                    continue
                theirs = following.find(_PPR)
                before = theirs.find(f"{_PPR_CHANGE}/{_PPR}") if theirs is not None else None
                former = before if before is not None else theirs
                target = _clean_ppr(copy.deepcopy(former)) if former is not None else etree.Element(_PPR)
                # A change of style with no other list level written on the paragraph but level 0
                # (Reject All restores no other level with a style, and a join keeps the second
                # paragraph's when only that one has it written: an item inserted at level 3 before
                # a numbered heading made it an item); or, in one style, another level of the same
                # list or no list (which Reject All restores: a relevelled item written whole gave
                # its level to the next). (Another list restored restarts its count.)
                theirs_key, own_key = _ppr_key(target), _ppr_key(props)
                if own_key[1] is None and own_key[2] is not None:
                    # (a level written on a paragraph whose list its style gives: that list)
                    own_key = (own_key[0], self.list_of(self.right, p), own_key[2])
                    theirs_key = (
                        theirs_key[0],
                        self.list_of(self.right, _as_paragraph(target)),
                        theirs_key[2],
                    )
                level = theirs_key[2]
                relevel = (
                    theirs_key[0] == own_key[0]
                    and _mark_of(p) == _INS
                    and own_key[1] is not None
                    and theirs_key[1] in (own_key[1], None)
                    and theirs_key[1:] != own_key[1:]
                )
                other_level = (
                    theirs_key[0] == own_key[0]
                    and _mark_of(p) == _INS
                    and own_key[1] is not None
                    and theirs_key[2] != own_key[2]
                )  # (of this list or another: the mark's move needs no list restored)
                start = p
                restyled = theirs_key[0] != own_key[0] and level == self.level_of(self.right, p)
                restyled = restyled and level not in (None, "0")
                if (relevel or other_level or restyled) and level not in (None, "0"):
                    # (before an item at a level Reject All cannot restore, the run's mark moves up as
                    # below from the run's start, whichever paragraph of the run needs the item's
                    # properties: a heading of another style, or an item of another level after an
                    # inserted heading; stress `wm-merged` x62, session 19)
                    while _KIND.get(_mark_of(_previous_paragraph(start)) or "") == _INS:
                        start = _previous_paragraph(start)
                    if _whole(start) != _INS:
                        start = p
                if (relevel or other_level or restyled) and (
                    kept := self.mark_holder(start, following)
                ) is not None:
                    # LibreOffice restores no list level but 0 from a `w:pPrChange`: the run's mark
                    # moves up to the kept paragraph before it, whose properties the join keeps
                    # (the run goes before the deleted paragraphs just before it, which Accept All
                    # removes whole).
                    p = start
                    last = p
                    while _KIND.get(_mark_of(_next_paragraph(last)) or "") == _INS:
                        last = _next_paragraph(last)
                    gone = _previous_paragraph(p)
                    if gone is not kept:
                        while _previous_paragraph(gone) is not kept:
                            gone = _previous_paragraph(gone)
                        for el in _siblings(p, last):
                            gone.addprevious(el)
                        if _previous_paragraph(before := _previous_paragraph(following)) is last:
                            self.restart_join(before, following)
                        for d in _siblings(gone, _previous_paragraph(following)):
                            if d.tag == _P and not self.same_place(d, following) and self.restores(d):
                                self.take_properties(d, following)
                    self.shift(kept, last, _INS)
                elif (
                    relevel
                    or p in self.apart
                    or (
                        theirs_key[0] != own_key[0]
                        and (level in (None, "0") or level == self.level_of(self.right, p))
                    )
                    or (
                        # A paragraph with no list inserted before an item of its own style, its list
                        # written on it at level 0 (AbiWord's; stress `abi-md-attendance-policy` x61,
                        # session 18): Reject All joined the item under the paragraph's properties, its
                        # number gone.
                        theirs_key[0] == own_key[0]
                        and own_key[1] is None
                        and theirs_key[1] is not None
                        and level in (None, "0")
                    )
                    or (
                        # A list item moved before a paragraph of its style with no list (a Google
                        # document's empty paragraph after a list): Reject All joined the two under the
                        # item's list, an empty numbered line.
                        _mark_of(p) == _MOVE_TO
                        and theirs_key[0] == own_key[0]
                        and own_key[1] is not None
                        and theirs_key[1] is None
                    )
                ):
                    etree.SubElement(props, _PPR_CHANGE, self.attrs()).append(target)

    def restores(self, p: Any) -> bool:
        """Return whether Reject All gives a wholly deleted paragraph its own properties back from a
        `w:pPrChange`: no former properties of its own, no list level but 0, and a list that does not
        start over there (none, a bullet, or the list of its `w:abstractNum` family's first paragraph,
        which counts on)."""
        props = p.find(_PPR)
        if props is None or props.find(_PPR_CHANGE) is not None or not _restorable(p):
            return False
        own = _num_id(p)
        if own in (None, "0") or self.bullet(p):
            return True
        families = self.families()
        family = families.get(own or "")
        body = self.right.trace.roots[self.right.trace.main]
        head = next((q for q in body.iter(_P) if families.get(_num_id(q) or "") == family), None)
        return family is not None and head is not None and _num_id(head) == own

    def take_properties(self, gone: Any, following: Any) -> None:
        """Give a wholly deleted paragraph the properties of the paragraph Accept All joins it into, its
        own in a `w:pPrChange` (as `deleted_joins` does; where the inserted run before it moved up)."""
        own, theirs = gone.find(_PPR), following.find(_PPR)
        if own is None or own.find(_PPR_CHANGE) is not None:
            return
        new = _clean_ppr(copy.deepcopy(theirs)) if theirs is not None else etree.Element(_PPR)
        marks = own.find(_RPR)
        if marks is not None:
            new.append(marks)
        etree.SubElement(new, _PPR_CHANGE, self.attrs()).append(_clean_ppr(own))
        gone.insert(0, new)

    def families(self) -> dict[str, str]:
        """Return each list's (`w:num`'s) `w:abstractNum` id in the redline's numbering."""
        name = self._part_of(self.right, "numbering")
        if name is None:
            return {}
        return {
            n.get(w("numId"), ""): ref.get(_VAL, "")
            for n in self.right.trace.roots[name].iter(w("num"))
            if (ref := n.find(w("abstractNumId"))) is not None
        }

    def restart_join(self, gone: Any, following: Any) -> None:
        """Give a wholly deleted item that holds its list's restart, joined into the next paragraph on
        Accept All, that paragraph's properties, its own in a `w:pPrChange`, where Reject All shows no
        item of its `w:abstractNum` family before it.

        LibreOffice 7.4 restarts a list with a `w:startOverride` at its first level-0 paragraph in the
        package and keeps the first paragraph's properties on the join: the twin item after the deleted
        one took its list and restarted ("(a)" for "(b)"; stress `wm-twins4` x62, an item relevelled
        to level 1 written whole, session 19). Reject All restores the list, starting over: right for
        the family's first item. The list's next kept level-0 item then holds the restart in the
        package (the right restarts there too) and gets its own list in a `w:pPrChange`, which counts
        on from the restored one in Reject All. Word shows formatting revisions; its numbers are those
        of the lists written."""
        own, theirs = gone.find(_PPR), following.find(_PPR)
        if own is None or own.find(_PPR_CHANGE) is not None or _mark_of(gone) != _DEL:
            return
        own_list, level = _ppr_key(own)[1:]
        if own_list in (None, "0") or level not in (None, "0") or own_list == _ppr_key(theirs)[1]:
            return
        if not self.restarted(own_list) or not self.family_first(gone):
            return
        self.take_properties(gone, following)
        body = self.right.trace.roots[self.right.trace.main]
        later = next(
            (q for q in body.iter(_P) if _num_id(q) == own_list and not _has_ilvl_above_zero(q)), None
        )
        if later is not None and _mark_of(later) is None:
            self.former_properties(later, None, force=True)

    def family_first(self, p: Any) -> bool:
        """Return whether no paragraph before `p` that Reject All shows is in a list of the
        `w:abstractNum` family of `p`'s list."""
        families = self.families()
        family = families.get(_num_id(p) or "")
        for q in self.right.trace.roots[self.right.trace.main].iter(_P):
            if q is p:
                return family is not None
            change = q.find(f"{_PPR}/{_PPR_CHANGE}")
            shown = _num_id(change) if change is not None else _num_id(q)
            if _mark_of(q) not in (_INS, _MOVE_TO) and families.get(shown or "") == family:
                return False
        return False

    def restarted(self, num_id: str | None) -> bool:
        """Return whether list `num_id` restarts its level 0 (a `w:startOverride`)."""
        name = self._part_of(self.right, "numbering")
        if name is None or num_id is None:
            return False
        return any(
            n.get(w("numId")) == num_id and o.get(w("ilvl")) == "0" and o.find(w("startOverride")) is not None
            for n in self.right.trace.roots[name].iter(w("num"))
            for o in n.iter(w("lvlOverride"))
        )

    def mark_holder(self, p: Any, following: Any) -> Any:
        """Return the kept paragraph before a wholly inserted one whose mark may be inserted in its
        stead (a plain sibling paragraph: no section, no note reference), else None.

        Wholly deleted paragraphs just before it are passed over when the last of them has the
        properties of the paragraph after the run (`following`): Accept All joins them into it; or when
        each of them that has not can take them, its own restored by Reject All (`restores`)."""
        kept = _previous_paragraph(p)
        gone = kept
        while kept is not None and _KIND.get(_mark_of(kept) or "") == _DEL and _whole(kept) == _DEL:
            kept = _previous_paragraph(kept)  # (over the deleted paragraphs just before it)
        if kept is None or kept.getparent() is not p.getparent() or _mark_of(kept) is not None:
            return None
        if gone is not kept and not self.same_place(gone, following):
            # (Each then takes the properties of `following`, its own in a `w:pPrChange`, where Reject
            # All gives them back: stress `g-sm` x62r, an item merged into the one before at another
            # level, session 19.)
            run = [q for q in _siblings(kept, gone)[1:] if q.tag == _P and not self.same_place(q, following)]
            if not all(self.restores(q) for q in run):
                return None  # (Reject All could not give them back their own properties)
        run = p
        while run is not following:
            if _whole(run) != _INS:
                return None  # (a split's kept words with an inserted mark: the run is no copy)
            run = _next_paragraph(run)
        if _HOLDS_NOTE(kept):
            return None
        props = kept.find(_PPR)
        return kept if props is None or props.find(_SECT_PR) is None else None

    def absorb(self, gone: Any, last: Any) -> None:
        """Put a deleted paragraph's content at the start of the inserted paragraph that ends its
        container (the body, a cell), whose mark cannot be inserted, and record its properties there.

        Reject All then shows the deleted words in the last paragraph, with their own properties,
        instead of an empty last paragraph after them (the deleted paragraph ended the left)."""
        props = last.find(_PPR)
        if props is None:
            props = etree.Element(_PPR)
            last.insert(0, props)
        if props.find(_SECT_PR) is not None or props.find(_PPR_CHANGE) is not None:
            return
        theirs = gone.find(_PPR)
        before = theirs.find(f"{_PPR_CHANGE}/{_PPR}") if theirs is not None else None
        former = before if before is not None else theirs
        old = _clean_ppr(copy.deepcopy(former)) if former is not None else etree.Element(_PPR)
        etree.SubElement(props, _PPR_CHANGE, self.attrs()).append(old)
        for child in reversed([child for child in gone if child.tag != _PPR]):
            props.addnext(child)
        gone.getparent().remove(gone)

    def shift(self, first: Any, last: Any, kind: str) -> None:
        """Record `first`'s mark as `kind` (inserted or deleted) and keep `last`'s instead.

        After Accept All of a deleted mark (Reject All of an inserted one) `last` holds `first`'s
        text: so it shows `first`'s properties in that view.
        """
        fprops = first.find(_PPR)
        if fprops is not None and fprops.find(_SECT_PR) is not None:
            return
        lprops = last.find(_PPR)
        if lprops is not None:
            marks = lprops.find(_RPR)
            for el in list(marks if marks is not None else ()):
                if el.tag in _REVISION_TAGS:
                    marks.remove(el)
        if kind == _DEL:
            old = _clean_ppr(copy.deepcopy(lprops)) if lprops is not None else etree.Element(_PPR)
            new = _clean_ppr(copy.deepcopy(fprops)) if fprops is not None else etree.Element(_PPR)
            kept_rpr = lprops.find(_RPR) if lprops is not None else None
            if lprops is not None:
                last.remove(lprops)
            if kept_rpr is not None:
                new.append(kept_rpr)
            last.insert(0, new)
            etree.SubElement(new, _PPR_CHANGE, self.attrs()).append(old)
        else:
            before = fprops.find(f"{_PPR_CHANGE}/{_PPR}") if fprops is not None else None
            old = _clean_ppr(copy.deepcopy(before if before is not None else fprops))
            if lprops is None:
                lprops = etree.Element(_PPR)
                last.insert(0, lprops)
            if lprops.find(_PPR_CHANGE) is None:
                etree.SubElement(lprops, _PPR_CHANGE, self.attrs()).append(
                    old if old is not None else etree.Element(_PPR)
                )
        _mark(first, kind, self.attrs())

    def _last_right(self, clauses: Sequence[Clause]) -> Any:
        for clause in reversed(clauses):
            units = self.right.units(clause)
            if units and clause.location.part == self.right.trace.main:
                return units[-1].element
        return None

    def place(self, copies: list[Any], previous: str | None, clause: Clause) -> None:
        """Put copied left paragraphs after the output of the left clause before them."""
        anchor = self.left_out.get(previous) if previous is not None else None
        in_cell = clause.location.row is not None
        if anchor is None:
            body = self.right.trace.roots[self.right.trace.main].find(_BODY)
            # Before the first paragraph or table, and before a content control heading the body (a
            # table of contents) when the left paragraph stood before every one of the left's too.
            units = self.left.units(clause)
            top = _top_block(units[0].element) if units else None
            heads = top is not None and not any(b.tag == _SDT for b in top.itersiblings(preceding=True))
            first = next((c for c in body if c.tag in (_P, _TBL) or (heads and c.tag == _SDT)), None)
            for el in copies:
                if first is not None:
                    first.addprevious(el)
                else:
                    body.insert(0, el)
            return
        while _in_text_box(anchor):  # (a copy goes after the paragraph holding the box, not into it)
            anchor = _ancestor(_ancestor(anchor, _TXBX), _P)
        if not in_cell:  # (after the table the predecessor stands in, or the row copied deleted)
            anchor = self.past_closing_empties(
                self.past_contents(_outside_tables(anchor), previous, clause), clause
            )
        elif (cell := self.cell_after(anchor, previous, clause)) is not None:
            # The first paragraph of a cell after the predecessor's cell, in the same row: at the start of
            # the right row's cell as far on (it went at the end of the predecessor's cell).
            first = next((c for c in cell if c.tag != _TC_PR), None)
            for el in copies:
                if first is not None:
                    first.addprevious(el)
                else:
                    cell.append(el)
            return
        for el in copies:
            anchor.addnext(el)
            anchor = el

    def past_contents(self, anchor: Any, previous: str | None, clause: Clause) -> Any:
        """Return the right's table of contents when the left paragraph stood after the left's, its
        predecessor before it, and the right's follows `anchor` with only empty paragraphs between; else
        `anchor`.

        The reader leaves the contents out (`table_of_contents`), so a paragraph that stood right after
        them has the paragraph before them (a title) as its predecessor: put straight after it, Reject
        All showed the paragraph before the contents (stress `g-sg-r` x90r, session 18)."""
        before = self.left.clauses.get(previous) if previous is not None else None
        units, theirs = self.left.units(clause), self.left.units(before) if before is not None else ()
        if not units or not theirs:
            return anchor
        own, other = _top_block(units[0].element), _top_block(theirs[-1].element)
        if own is None or other is None or own.getparent() is not other.getparent():
            return anchor
        crossed = False
        for el in other.itersiblings():
            if el is own:
                break
            crossed = crossed or (el.tag == _SDT and is_toc_sdt(el))
        else:
            return anchor  # (the paragraph stands before its predecessor: not a plain gap)
        if not crossed:
            return anchor
        for el in anchor.itersiblings():
            if el.tag == _SDT and is_toc_sdt(el):
                return el
            if not _empty_paragraph(el):
                break
        return anchor

    def past_closing_empties(self, anchor: Any, clause: Clause) -> Any:
        """Return where left paragraphs go after `anchor` when only empty paragraphs follow it in the right
        body: after as many of those as stand in the left between its predecessor and it, less those the
        left ends with (they pair with the right's last ones), else `anchor`.

        The body's last paragraph mark cannot be revised: a left paragraph that ended the left after an
        empty paragraph, put before the right's closing empty paragraph, left an empty paragraph after it
        in Reject All ("Review", "", "The board signs.", ""). After it, `last_marks` gives the empty
        paragraph its deleted mark instead, and both views are right."""
        closing = []
        for el in anchor.itersiblings():
            if el.tag == _SECT_PR:
                break
            if not _empty_paragraph(el):
                return anchor
            closing.append(el)
        units = self.left.units(clause)
        top = _top_block(units[0].element) if closing and units else None
        if top is None:
            return anchor
        before = after = 0
        for el in top.itersiblings(preceding=True):
            if not _empty_paragraph(el):
                break
            before += 1
        for el in reversed(top.getparent()):  # (the left's own closing empty paragraphs pair first)
            if el.tag == _SECT_PR:
                continue
            if not _empty_paragraph(el):
                break
            after += 1
        skip = min(before, len(closing) - after)
        return closing[skip - 1] if skip > 0 else anchor

    def cell_after(self, anchor: Any, previous: str | None, clause: Clause) -> Any:
        """Return the right cell a left-only paragraph that opens its cell goes into: the cell as many cells
        after the anchor's (where its predecessor stands) as its own left cell is after the predecessor's,
        in one row on both sides; else None (the same cell, another row, or no such cell)."""
        before = self.left.clauses.get(previous) if previous is not None else None
        units, theirs = self.left.units(clause), self.left.units(before) if before is not None else ()
        if not units or not theirs:
            return None
        own, other = _ancestor(units[0].element, _TC), _ancestor(theirs[-1].element, _TC)
        here = _ancestor(anchor, _TC)
        if own is None or other is None or here is None or own is other:
            return None
        if own.getparent() is not other.getparent() or _ancestor(anchor, _TR) is not here.getparent():
            return None
        cells = [c for c in own.getparent() if c.tag == _TC]
        step = cells.index(own) - cells.index(other)
        if step <= 0 or next((c for c in own if c.tag == _P), None) is not units[0].element:
            return None
        row = [c for c in here.getparent() if c.tag == _TC]
        at = row.index(here) + step
        return row[at] if at < len(row) else None

    # ------------------------------------------------------------ whole paragraphs

    def whole_right(self, clause: Clause, kind: str, move: str | None = None) -> None:
        """Mark a right clause's paragraphs inserted (or moved here) whole: runs and marks."""
        units = self.right.units(clause)
        if clause.location.part != self.right.trace.main:
            self.changed_parts.add(self._note_part(clause))
        marks = self.attrs() if move is not None else {}
        for index, unit in enumerate(units):
            p = unit.element
            _expand_simple_fields(p)
            _wrap_runs(p, kind, self.attrs)
            if move is not None:
                if index == 0:
                    _range(p, "moveToRangeStart", marks, move, first=True)
                if index == len(units) - 1:
                    _range(p, "moveToRangeEnd", {_ID: marks[_ID]}, None, first=False)
            if not (_last_in_container(p) or _before_table(p)) or index < len(units) - 1:
                _mark(p, kind, self.attrs())
            else:
                self.unmarked.append((p, kind))
        if clause.location.row is not None and kind == _INS and units:
            self.row_inserted(units[0].element)

    def row_inserted(self, p: Any) -> None:
        """Mark a table row inserted when every cell of it holds only inserted text."""
        row = _ancestor(p, _TR)
        if row is None:
            return
        for t in row.iter(_T):
            if t.text and t.text.strip() and _ancestor(t, _INS) is None:
                return
        props = _row_props(row)
        if props.find(_INS) is None:
            etree.SubElement(props, _INS, self.attrs())

    def left_copies(self, clause: Clause, kind: str, move: str | None, right: Sequence[Clause]) -> list[Any]:
        """Return copies of a left clause's paragraphs with their runs and marks deleted (moved from)."""
        units = self.left.units(clause)
        if not units:
            self.notes.append(f"left clause {clause.id} not found in its package: not shown")
            return []
        if _in_text_box(units[0].element):
            # A copy would stand in the body (the box itself is not copied: see copy_left).
            self.boxed += 1
            return []
        marks = self.attrs() if move is not None else {}
        return [
            self.deleted_copy(unit.element, kind, move, marks, first=index == 0, last=index == len(units) - 1)
            for index, unit in enumerate(units)
        ]

    def deleted_copy(
        self, element: Any, kind: str, move: str | None, marks: dict[str, str], *, first: bool, last: bool
    ) -> Any:
        """Return a copy of a left paragraph with its runs and mark deleted (moved from: `move`, its
        range's start in the first paragraph, its end in the last)."""
        p = self.copy_left(element, carry=True)
        _expand_simple_fields(p)
        _freeze_fields(p)
        _to_deleted_text(p, kind)
        _wrap_runs(p, kind, self.attrs)
        if move is not None:
            if first:
                _range(p, "moveFromRangeStart", marks, move, first=True)
            if last:
                _range(p, "moveFromRangeEnd", {_ID: marks[_ID]}, None, first=False)
        _mark(p, kind, self.attrs())
        return p

    # ------------------------------------------------------------ copies from the left

    def copy_left(
        self,
        element: Any,
        *,
        prune: bool = True,
        carry: bool = False,
        parts: tuple[str, str] | None = None,
    ) -> Any:
        """Return a copy of a left paragraph fit for the right package (styles, lists, links).

        With `carry` (a paragraph of the left main part), its inline pictures and its comments come
        along, copied into the right package's parts; other shapes, text boxes and notes are left out
        (they point into the left package). `parts`: the left part the paragraph is in and the right
        part it goes to (a header or footer), when not the main parts (its links' relationships).
        """
        p = copy.deepcopy(element)
        self.direct_numbering(p)
        comments: dict[str, str] = {}
        if carry:
            for ref in p.iter(_COMMENT_REF):
                new_id = self.carry_comment(ref.get(_ID, ""))
                if new_id is not None:
                    comments[ref.get(_ID, "")] = new_id
        for el in list(p.iter()):
            tag = el.tag
            if tag == _DRAWING and carry and _inline(el) and self.carry_picture(el):
                continue
            if tag == _COMMENT_REF and el.get(_ID) in comments:
                # The reference alone, inside the deleted run: its range marks cannot be deleted with
                # the text, and a kept range mark would lend the comment to the next paragraph.
                el.set(_ID, comments[el.get(_ID, "")])
                continue
            if tag in _STRIPPED_FROM_COPIES or tag in _RUN_ONLY_STRIPPED or tag == _SECT_PR:
                parent = el.getparent()
                if parent is not None:
                    parent.remove(el)
                    if tag in _ANCHORS:
                        self.dropped_objects += 1
        for el in p.iter():
            for attr in (f"{{{_W14}}}paraId", f"{{{_W14}}}textId"):
                if attr in el.attrib:
                    del el.attrib[attr]
            tag = el.tag
            if tag in (_PSTYLE, _RSTYLE, _TBL_STYLE):
                el.set(_VAL, self.style(el.get(_VAL, "")))
            elif tag == _NUM_ID:
                mapped = self.right_num(el.get(_VAL, ""))
                if mapped is None:
                    numpr = el.getparent()
                    numpr.getparent().remove(numpr)
                else:
                    el.set(_VAL, mapped)
            elif tag == _HYPERLINK and el.get(f"{{{R}}}id"):
                self.link(el, parts)
        # Runs emptied of what pointed into the left package go too.
        for run in list(p.iter(_R)) if prune else ():
            if all(child.tag == _RPR for child in run):
                run.getparent().remove(run)
        return p

    def carry_picture(self, drawing: Any) -> bool:
        """Point a copied inline picture at copies of its left image parts in the right package;
        return False (it is left out) when it refers to anything but internal image parts."""
        left = self.left.trace.package
        rels = left.rels(self.left.trace.main)
        refs = [
            (el, name)
            for el in drawing.iter()
            for name in el.attrib
            if name in (f"{{{R}}}embed", f"{{{R}}}link", f"{{{R}}}id")
        ]
        found = [rels.get(el.get(name, "")) for el, name in refs]
        if not refs or any(
            rel is None or rel[0] != "image" or rel[2] or not left.has(rel[1]) for rel in found
        ):
            return False
        for (el, name), rel in zip(refs, found, strict=True):
            assert rel is not None
            el.set(name, self.picture_part(rel[1]))
        for props in drawing.iter(f"{{{_WP}}}docPr"):
            props.set("id", str(self.next_shape_id()))
        return True

    def picture_part(self, source: str) -> str:
        """Return the right main part's relationship id of a copy of the left image part `source`."""
        if source not in self.pictures:
            right = self.right.trace.package
            folder = self.right.trace.main.rsplit("/", 1)[0] if "/" in self.right.trace.main else ""
            ext = source.rsplit(".", 1)[-1].lower() if "." in source.rsplit("/", 1)[-1] else "bin"
            n = len(self.pictures) + 1
            while (name := f"{folder}/media/policydiff-left{n}.{ext}".lstrip("/")) in right.names:
                n += 1
            taken = set(right.rels(self.right.trace.main)) | {r for r, _, _ in self.pictures.values()}
            k = n
            while f"rIdPdImage{k}" in taken:
                k += 1
            kind = self.left.trace.package.content_type(source) or "application/octet-stream"
            self.pictures[source] = (f"rIdPdImage{k}", name, kind)
        return self.pictures[source][0]

    def carry_comment(self, left_id: str) -> str | None:
        """Copy a left comment into the right comments part (made when the right has none); return
        its id there, None when there is no such comment."""
        lname = self._part_of(self.left, "comments")
        source = None
        if lname is not None:
            source = next(
                (c for c in self.left.trace.roots[lname].iter(w("comment")) if c.get(_ID) == left_id), None
            )
        if source is None:
            return None
        rname = self._part_of(self.right, "comments") or self.new_part(
            "comments", "comments.xml", _COMMENTS_TYPE, w("comments")
        )
        if rname is None:
            return None
        root = self.right.trace.roots[rname]
        if self.comment_id < 0:
            ids = [int(v) for c in root.iter(w("comment")) if (v := c.get(_ID, "")).isdigit()]
            self.comment_id = max(ids, default=-1)
        self.comment_id += 1
        copied = copy.deepcopy(source)
        copied.set(_ID, str(self.comment_id))
        for el in list(copied.iter()):
            if el.tag in _RUN_ONLY_STRIPPED or el.tag in _STRIPPED_FROM_COPIES:
                el.getparent().remove(el)  # (the comment's own anchors, pictures: not carried)
                continue
            for attr in (f"{{{_W14}}}paraId", f"{{{_W14}}}textId", f"{{{R}}}id"):
                el.attrib.pop(attr, None)
            if el.tag in (_PSTYLE, _RSTYLE):
                el.set(_VAL, self.style(el.get(_VAL, "")))
        root.append(copied)
        self.changed_parts.add(rname)
        return str(self.comment_id)

    def new_part(self, rel_type: str, base: str, content_type: str, tag: str) -> str | None:
        """Make an empty XML part related to the right main part (written with the package)."""
        main = self.right.trace.main
        folder = main.rsplit("/", 1)[0] if "/" in main else ""
        name = f"{folder}/{base}".lstrip("/")
        if self.right.trace.package.has(name):
            return None
        self.right.trace.roots[name] = etree.Element(tag, nsmap={"w": tag[1 : tag.index("}")]})
        self.made_parts[name] = (rel_type, content_type)
        self.part_names[(True, rel_type)] = name
        self.changed_parts.add(name)
        return name

    def next_shape_id(self) -> int:
        """Return a drawing id (`wp:docPr/@id`) no other drawing of the right document has."""
        if self.shape_id == 0:
            root = self.right.trace.roots[self.right.trace.main]
            ids = [int(v) for v in root.xpath("//*[local-name()='docPr']/@id") if str(v).isdigit()]
            self.shape_id = max(ids, default=0)
        self.shape_id += 1
        return self.shape_id

    def add_pictures(self) -> dict[str, bytes]:
        """Write the copied image parts' relationships and content types; return the parts by name."""
        package = self.right.trace.package
        main = self.right.trace.main
        folder, base = main.rsplit("/", 1) if "/" in main else ("", main)
        rels_name = f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels"
        if not package.has(rels_name) or not package.has("[Content_Types].xml"):
            return {}
        rels = package.xml(rels_name)
        types = package.xml("[Content_Types].xml")
        pr, ct = rels.tag.split("}")[0] + "}", types.tag.split("}")[0] + "}"
        parts = {}
        made = [(REL + rel_type, name, kind) for name, (rel_type, kind) in self.made_parts.items()]
        taken = set(package.rels(main))
        for n, (rel_type, name, kind) in enumerate(made, 1):
            while f"rIdPdPart{n}" in taken:
                n += 1
            taken.add(f"rIdPdPart{n}")
            target = name[len(folder) + 1 :] if folder else name
            etree.SubElement(
                rels, pr + "Relationship", {"Id": f"rIdPdPart{n}", "Type": rel_type, "Target": target}
            )
            etree.SubElement(types, ct + "Override", {"PartName": "/" + name, "ContentType": kind})
            parts[name] = ox.serialise(self.right.trace.roots[name])
        for source, (rel_id, name, kind) in self.pictures.items():
            parts[name] = self.left.trace.package.read(source)
            target = name[len(folder) + 1 :] if folder else name
            etree.SubElement(
                rels, pr + "Relationship", {"Id": rel_id, "Type": REL + "image", "Target": target}
            )
            etree.SubElement(types, ct + "Override", {"PartName": "/" + name, "ContentType": kind})
        self.right.trace.roots[rels_name] = rels
        self.right.trace.roots["[Content_Types].xml"] = types
        self.changed_parts.update((rels_name, "[Content_Types].xml"))
        return parts

    def direct_numbering(self, p: Any) -> None:
        """Give a copied paragraph the list its left style gives it, directly (`w:numPr`): the right
        package's style of the same id may have none, and LibreOffice restores a former list only
        when it is written on the paragraph."""
        props = p.find(_PPR)
        style = props.find(_PSTYLE) if props is not None else None
        if props is None or style is None:
            return
        own = props.find(_NUMPR)
        if own is not None:
            # Word's level override over the style's list (`w:numPr` holding only `w:ilvl`): the list
            # is written too, else a restored former list is no list at all.
            found = (
                self.style_numbering(self.left, style.get(_VAL, "")) if own.find(_NUM_ID) is None else None
            )
            num = found.find(_NUM_ID) if found is not None else None
            if num is not None:
                own.append(copy.deepcopy(num))
            return
        found = self.style_numbering(self.left, style.get(_VAL, ""))
        if found is not None:
            numpr = copy.deepcopy(found)
            if numpr.find(_ILVL) is None:
                numpr.insert(0, etree.Element(_ILVL, {_VAL: "0"}))
            after = [c for c in props if c.tag in _BEFORE_NUMPR]
            if after:
                after[-1].addnext(numpr)
            else:
                props.insert(0, numpr)

    def style_numbering(self, side: _Side, style_id: str) -> Any:
        """Return the `w:numPr` a paragraph style gives (through its `w:basedOn` chain), None if none."""
        key = (side is self.right, style_id)
        if key not in self.style_nums:
            if side.styles is None:
                root = self._styles(side)
                side.styles = {} if root is None else {s.get(w("styleId")): s for s in root.iter(w("style"))}
            found, seen = None, set()
            current: str | None = style_id
            while current in side.styles and current not in seen and found is None:
                seen.add(current)
                found = side.styles[current].find(f"{_PPR}/{_NUMPR}")
                based = side.styles[current].find(w("basedOn"))
                current = based.get(_VAL) if based is not None else None
            self.style_nums[key] = found
        return self.style_nums[key]

    def list_of(self, side: _Side, p: Any) -> str | None:
        """Return the list (`w:numId`) a paragraph is in, directly or through its style."""
        props = p.find(_PPR)
        if props is None:
            return None
        numpr = props.find(_NUMPR)
        direct = numpr.find(_NUM_ID) if numpr is not None else None
        if direct is not None and direct.get(_VAL) is not None:
            return str(direct.get(_VAL))
        style = props.find(_PSTYLE)
        if style is None:
            return None
        key = (side is self.right, style.get(_VAL, ""))
        if key not in self.style_lists:
            found = self.style_numbering(side, key[1])
            num = found.find(_NUM_ID) if found is not None else None
            self.style_lists[key] = num.get(_VAL) if num is not None else None
        return self.style_lists[key]

    def style(self, style_id: str) -> str:
        """Return the right package's id for a left style id, copying the style over when missing."""
        rstyles = self._styles(self.right)
        if rstyles is None or any(s.get(w("styleId")) == style_id for s in rstyles.iter(w("style"))):
            return style_id
        lstyles = self._styles(self.left)
        if lstyles is None:
            return style_id
        source = next((s for s in lstyles.iter(w("style")) if s.get(w("styleId")) == style_id), None)
        if source is None or style_id in self.styles_added:
            return style_id
        self.styles_added.add(style_id)
        copied = copy.deepcopy(source)
        for num in list(copied.iter(_NUM_ID)):
            mapped = self.right_num(num.get(_VAL, ""))
            if mapped is None:
                numpr = num.getparent()
                numpr.getparent().remove(numpr)
            else:
                num.set(_VAL, mapped)
        rstyles.append(copied)
        for ref in ("basedOn", "link", "next"):
            el = source.find(w(ref))
            if el is not None and el.get(_VAL):
                self.style(el.get(_VAL, ""))
        self.changed_parts.add(self._part_of(self.right, "styles") or "")
        return style_id

    def _styles(self, side: _Side) -> Any:
        name = self._part_of(side, "styles")
        return None if name is None else side.trace.roots.get(name)

    def _part_of(self, side: _Side, rel_type: str) -> str | None:
        """Return the name of the main part's related part of a type (parsed and kept), None if none."""
        key = (side is self.right, rel_type)
        if key not in self.part_names:
            package = side.trace.package
            self.part_names[key] = None
            for kind, target, external in package.rels(side.trace.main).values():
                if kind == rel_type and not external and package.has(target):
                    if target not in side.trace.roots:
                        side.trace.roots[target] = package.xml(target)
                    self.part_names[key] = target
                    break
        return self.part_names[key]

    def link(self, hyperlink: Any, parts: tuple[str, str] | None = None) -> None:
        """Point a copied hyperlink at a relationship of the right part (made for its target). `parts`:
        the left part it comes from and the right part it goes to, when not the main parts."""
        lpart, rpart = parts or (self.left.trace.main, self.right.trace.main)
        rel = self.left.trace.package.rels(lpart).get(hyperlink.get(f"{{{R}}}id", ""))
        if rel is None or not rel[2]:
            del hyperlink.attrib[f"{{{R}}}id"]
            return
        target = rel[1]
        from policydiff.segment import is_safe_link

        if not is_safe_link(target):
            del hyperlink.attrib[f"{{{R}}}id"]
            return
        if (rpart, target) not in self.links:
            taken = set(self.right.trace.package.rels(rpart)) | set(self.links.values())
            n = len(self.links) + 1
            while f"rIdPd{n}" in taken:
                n += 1
            self.links[(rpart, target)] = f"rIdPd{n}"
        hyperlink.set(f"{{{R}}}id", self.links[(rpart, target)])

    def map_numbering(self, sides: Sequence[tuple[tuple[Clause, ...], tuple[Clause, ...]]]) -> None:
        """Map each left list onto the right list its paired items share most (a left list with no
        paired item is copied into the right numbering part when a paragraph needs it)."""
        votes: dict[str, Counter[str]] = {}
        for lclauses, rclauses in sides:
            for lc, rc in zip(lclauses, rclauses, strict=False):
                if lc.kind is not rc.kind or lc.kind not in (ClauseKind.LIST_ITEM, ClauseKind.HEADING):
                    continue  # (numbered headings too: Word numbers them through their styles' lists)
                if lc.kind is ClauseKind.HEADING and (lc.label is None or rc.label is None):
                    continue  # (an unnumbered heading's outline list is no list to map)
                lu, ru = self.left.units(lc), self.right.units(rc)
                if lu and ru:
                    ln, rn = self.list_of(self.left, lu[-1].element), self.list_of(self.right, ru[-1].element)
                    if (
                        ln
                        and rn
                        and (
                            _same_shape(lc.label, rc.label)
                            or self.label_shape(self.left, lu[-1].element)
                            == self.label_shape(self.right, ru[-1].element)
                        )
                    ):
                        votes.setdefault(ln, Counter())[rn] += 1
        for left_num, counts in votes.items():
            self.num_map[left_num] = counts.most_common(1)[0][0]
        self.num_map["0"] = "0"

    def label_shape(self, side: _Side, p: Any) -> tuple[str, str] | None:
        """Return the shape of a list item's label (`w:numFmt` and `w:lvlText` of its level, every
        bullet alike), None when the paragraph is in no list or its level is not found."""
        num_id = self.list_of(side, p)
        if num_id is None or num_id == "0":
            return None
        key = (side is self.right, num_id, self.level_of(side, p))
        if key not in self.shapes:
            self.shapes[key] = self._level_shape(side, num_id, key[2])
        return self.shapes[key]

    def _level_shape(self, side: _Side, num_id: str, level: str) -> tuple[str, str] | None:
        name = self._part_of(side, "numbering")
        if name is None:
            return None
        root = side.trace.roots[name]
        num = next((n for n in root.iter(w("num")) if n.get(w("numId")) == num_id), None)
        if num is None:
            return None
        lvl = next((o.find(w("lvl")) for o in num.iter(w("lvlOverride")) if o.get(w("ilvl")) == level), None)
        if lvl is None:
            ref = num.find(w("abstractNumId"))
            abstract = next(
                (
                    a
                    for a in root.iter(w("abstractNum"))
                    if ref is not None and a.get(w("abstractNumId")) == ref.get(_VAL)
                ),
                None,
            )
            if abstract is None:
                return None
            lvl = next((v for v in abstract.iter(w("lvl")) if v.get(w("ilvl")) == level), None)
        if lvl is None:
            return None
        fmt, text = lvl.find(w("numFmt")), lvl.find(w("lvlText"))
        kind = fmt.get(_VAL, "decimal") if fmt is not None else "decimal"
        if kind in ("bullet", "none"):
            return kind, ""
        return kind, text.get(_VAL, "") if text is not None else ""

    def shape_clash(self, lclauses: Sequence[Clause], rclauses: Sequence[Clause]) -> bool:
        """Return whether the last left paragraph and a right one are list items whose labels differ
        in shape at the same level (`1.` and `•`): Reject All shows a kept paragraph in the right list,
        so such a pair is written whole (the left paragraph deleted in its own list; a pair of other
        levels is a level clash)."""
        if not lclauses or any(c.location.row is not None for c in (*lclauses, *rclauses)):
            return False
        if all(_same_shape(lclauses[-1].label, c.label) for c in rclauses):
            return False  # (the labels the reader gave: the same shape, or no list)
        lunits = self.left.units(lclauses[-1])
        if not lunits:
            return False
        left = self.label_shape(self.left, lunits[-1].element)
        if left is None:
            return False
        level = self.level_of(self.left, lunits[-1].element)
        for clause in rclauses:
            for unit in self.right.units(clause):
                right = self.label_shape(self.right, unit.element)
                if right is not None and right != left and self.level_of(self.right, unit.element) == level:
                    return True
        return False

    def right_num(self, left_num: str) -> str | None:
        """Return the right list a left list (`w:numId`) maps to: the one its paired items share, else
        the right list of the same id and the same definition (two versions of one Word document),
        else a copy of the left list's definition made in the right numbering part (None if none)."""
        if left_num not in self.num_map:
            same = self.same_num(left_num)
            if same is None:
                same = self.sibling_num(left_num)
            self.num_map[left_num] = same if same is not None else self.import_num(left_num)
        return self.num_map[left_num]

    def sibling_num(self, left_num: str) -> str | None:
        """Return the right list that a left list carrying on another's count maps to: a left `w:num`
        with no override shares its `w:abstractNum` with a left list mapped onto a right list without
        one (LibreOffice writes a list an edit split so; a copy of it restarted the count on Reject
        All: `2. Write down`, `1. what you saw`), else None."""
        lname, rname = self._part_of(self.left, "numbering"), self._part_of(self.right, "numbering")
        if lname is None or rname is None:
            return None
        lnums = {n.get(w("numId")): n for n in self.left.trace.roots[lname].iter(w("num"))}
        rnums = {n.get(w("numId")): n for n in self.right.trace.roots[rname].iter(w("num"))}
        mine = lnums.get(left_num)
        ref = mine.find(w("abstractNumId")) if mine is not None else None
        if mine is None or ref is None or mine.find(w("lvlOverride")) is not None:
            return None
        for other, num in lnums.items():
            theirs = num.find(w("abstractNumId"))
            if other == left_num or theirs is None or theirs.get(_VAL) != ref.get(_VAL):
                continue
            right = self.num_map.get(other or "")
            target = rnums.get(right) if right else None
            if target is not None and target.find(w("lvlOverride")) is None:
                return right
        return None

    def same_num(self, num_id: str) -> str | None:
        """Return `num_id` when both numbering parts define that list alike (levels, overrides), and
        no paired item already maps another left list onto it."""
        lname, rname = self._part_of(self.left, "numbering"), self._part_of(self.right, "numbering")
        if lname is None or rname is None or num_id in self.num_map.values():
            return None
        shapes = []
        for root in (self.left.trace.roots[lname], self.right.trace.roots[rname]):
            num = next((n for n in root.iter(w("num")) if n.get(w("numId")) == num_id), None)
            ref = num.find(w("abstractNumId")) if num is not None else None
            if num is None or ref is None:
                return None
            abstract = next(
                (a for a in root.iter(w("abstractNum")) if a.get(w("abstractNumId")) == ref.get(_VAL)), None
            )
            if abstract is None:
                return None
            levels = [_canonical(lvl) for lvl in abstract.iter(w("lvl"))]
            overrides = [_canonical(o) for o in num.iter(w("lvlOverride"))]
            shapes.append((levels, overrides))
        return num_id if shapes[0] == shapes[1] else None

    def import_num(self, left_num: str) -> str | None:
        """Copy a left list (its `w:num` and `w:abstractNum`) into the right numbering part."""
        lname, rname = self._part_of(self.left, "numbering"), self._part_of(self.right, "numbering")
        if lname is None or rname is None:
            return None
        lroot, rroot = self.left.trace.roots[lname], self.right.trace.roots[rname]
        num = next((n for n in lroot.iter(w("num")) if n.get(w("numId")) == left_num), None)
        ref = num.find(w("abstractNumId")) if num is not None else None
        if num is None or ref is None:
            return None
        abstract = next(
            (a for a in lroot.iter(w("abstractNum")) if a.get(w("abstractNumId")) == ref.get(_VAL)), None
        )
        if abstract is None:
            return None

        def next_id(tag: str, attribute: str) -> str:
            taken = [int(v) for el in rroot.iter(w(tag)) if (v := el.get(w(attribute), "")).isdigit()]
            return str(max(taken, default=0) + 1)

        new_abstract = copy.deepcopy(abstract)
        new_abstract.set(w("abstractNumId"), next_id("abstractNum", "abstractNumId"))
        for el in list(new_abstract):
            if el.tag in (w("nsid"), w("numStyleLink"), w("styleLink")):
                new_abstract.remove(el)
        new_num = copy.deepcopy(num)
        new_num.set(w("numId"), next_id("num", "numId"))
        new_ref = new_num.find(w("abstractNumId"))
        assert new_ref is not None
        new_ref.set(_VAL, new_abstract.get(w("abstractNumId"), ""))
        abstracts = list(rroot.iter(w("abstractNum")))
        if abstracts:
            abstracts[-1].addnext(new_abstract)
        else:
            first_num = rroot.find(w("num"))
            if first_num is not None:
                first_num.addprevious(new_abstract)
            else:
                rroot.append(new_abstract)
        nums = list(rroot.iter(w("num")))
        (nums[-1].addnext(new_num) if nums else rroot.append(new_num))
        self.changed_parts.add(rname)
        return str(new_num.get(w("numId"), "")) or None

    # ------------------------------------------------------------ pairs

    def paragraph_properties(self, lclauses: Sequence[Clause], rclauses: Sequence[Clause]) -> None:
        """Record the left paragraph's properties where its style or list differs from the right's.

        Each right paragraph of the change gets those of the last left paragraph: on Reject All a
        split's paragraphs join (LibreOffice keeps the first one's properties, Word the last one's),
        and a merge's kept paragraph is the last of the left ones.
        """
        if not lclauses or not rclauses:
            return
        if any(c.location.part != self.right.trace.main or c.location.row is not None for c in rclauses):
            return
        lunits = self.left.units(lclauses[-1])
        if not lunits or lclauses[-1].location.row is not None:
            return
        left_p = lunits[-1].element
        raw = _ppr_key(left_p.find(_PPR))
        raw = (raw[0], self.num_map.get(raw[1] or "", raw[1]) if raw[1] else None, raw[2])
        for clause in rclauses:
            for unit in self.right.units(clause):
                key = _ppr_key(unit.element.find(_PPR))
                if key == raw:
                    continue
                old = self.copy_left_ppr(left_p)
                num = old.find(f"{_NUMPR}/{_NUM_ID}") if old is not None else None
                if (
                    num is not None
                    and key[1]
                    and raw[1]
                    and key[1:] != raw[1:]
                    and key[2] == raw[2]
                    and clause.label == lclauses[-1].label
                    and self.restarts_alike(key[1], raw[1], unit.element)
                ):
                    num.set(_VAL, key[1])  # the same list, as far as the numbers go
                self.former_properties(unit.element, old)

    def former_properties(self, p: Any, old: Any, *, force: bool = False) -> None:
        """Record `old` as a paragraph's properties before the change, when its style or list differs
        (`force`: its own properties, `old` None, as a `w:pPrChange` that changes nothing)."""
        new = p.find(_PPR)
        if force:
            old = _clean_ppr(copy.deepcopy(new)) if new is not None else None
        elif self.same_props(old, new):
            return
        if new is not None and new.find(_PPR_CHANGE) is not None:
            return
        if new is None:
            new = etree.Element(_PPR)
            p.insert(0, new)
        change = etree.SubElement(new, _PPR_CHANGE, self.attrs())
        change.append(old if old is not None else etree.Element(_PPR))

    def same_props(self, old: Any, new: Any) -> bool:
        """Return whether right-package paragraph properties `old` and `new` give the same style and
        list: the default paragraph style written or not, and a list that only continues the old
        one's count (another `w:num` of the same `w:abstractNum`, with no override, as LibreOffice
        writes a list an edit split). LibreOffice's Reject All of such a change lost the level of a
        paragraph after an inserted one, or restarted the count of the list it restored. A list the
        paragraph's style gives is the same as that list written on it (a merge of two items of a
        style's list: Reject All lost the level of the first, restored from a needless `w:pPrChange`)."""
        (ostyle, onum, olvl), (nstyle, nnum, nlvl) = _ppr_key(old), _ppr_key(new)
        if (onum is None) != (nnum is None):  # (a list written on one, given by the style on the other)
            if old is not None:
                onum = onum or self.list_of(self.right, _as_paragraph(old))
            if new is not None:
                nnum = nnum or self.list_of(self.right, _as_paragraph(new))
        default = self.default_style()
        ostyle, nstyle = (None if s == default else s for s in (ostyle, nstyle))
        if onum != nnum and onum and nnum and olvl == nlvl and self.continues(nnum, onum):
            onum = nnum
        return (ostyle, onum, olvl) == (nstyle, nnum, nlvl)

    def default_style(self) -> str | None:
        """Return the right package's default paragraph style id (None if none)."""
        if "default" not in self.defaults:
            styles = self._styles(self.right)
            found: Any = [] if styles is None else _DEFAULT_STYLE(styles)
            self.defaults["default"] = str(found[0]) if found else None
        return self.defaults["default"]

    def same_place(self, p: Any, other: Any) -> bool:
        """Return whether two right-package paragraphs have one style and list level, in one list or
        in a list that carries on the other's count."""
        (style, num, level), (ostyle, onum, olevel) = _ppr_key(p.find(_PPR)), _ppr_key(other.find(_PPR))
        if (style, level) != (ostyle, olevel):
            return False
        return num == onum or (num is not None and onum is not None and self.continues(onum, num))

    def continues(self, num_id: str, other: str) -> bool:
        """Return whether the right list `num_id` has no override and the same `w:abstractNum` as
        `other` (so its items carry on `other`'s count)."""
        pair = self.sibling_nums(num_id, other)
        return pair is not None and pair[0].find(w("lvlOverride")) is None

    def restarts_alike(self, num_id: str, other: str, p: Any) -> bool:
        """Return whether the right list `num_id` is the `w:abstractNum` that `other` counts with no
        override, restarted (`w:startOverride` only) at `p`, its first paragraph in the body.

        For a paragraph numbered alike on both sides (the same label), restoring `other` is no change
        of its number, nor of the items after it, which count on from it in either list; but
        LibreOffice's Reject All of such a change restarted the count after it (a pandoc roman list
        an edit split read `I., I., II.` for `I., II., III.`)."""
        pair = self.sibling_nums(num_id, other)
        if pair is None or pair[1].find(w("lvlOverride")) is not None:
            return False
        if any(el.tag != w("startOverride") for o in pair[0].iterfind(w("lvlOverride")) for el in o):
            return False
        body = self.right.trace.roots[self.right.trace.main]
        first = next((q for q in body.iter(_P) if _num_id(q) == num_id), None)
        return first is p

    def sibling_nums(self, num_id: str, other: str) -> tuple[Any, Any] | None:
        """Return the right package's `w:num` elements `num_id` and `other` when both exist and count with
        one `w:abstractNum`, else None."""
        name = self._part_of(self.right, "numbering")
        if name is None:
            return None
        nums = {n.get(w("numId")): n for n in self.right.trace.roots[name].iter(w("num"))}
        mine, theirs = nums.get(num_id), nums.get(other)
        if mine is None or theirs is None:
            return None
        refs = [n.find(w("abstractNumId")) for n in (mine, theirs)]
        if None in refs or refs[0].get(_VAL) != refs[1].get(_VAL):
            return None
        return mine, theirs

    def copy_left_ppr(self, p: Any) -> Any:
        """Return a left paragraph's `w:pPr` fit for a `w:pPrChange` or a split-off paragraph."""
        props = p.find(_PPR)
        if props is None:
            return None
        holder = etree.Element(_P)
        holder.append(copy.deepcopy(props))
        holder = self.copy_left(holder, prune=False)
        props = holder.find(_PPR)
        for el in list(props):
            if el.tag in (_RPR, _SECT_PR, _PPR_CHANGE):
                props.remove(el)
        return props

    def pair(self, line: Redline) -> None:
        """Write a reworded, split or merged change into the right paragraphs, word by word."""
        lunits = [self.left.units(c) for c in line.left]
        runits = [self.right.units(c) for c in line.right]
        latoms = _clause_atoms(lunits, line.left)
        ratoms = _clause_atoms(runits, line.right)
        in_notes = any(c.location.part != self.right.trace.main for c in line.right)
        if in_notes:
            self.changed_parts.update(self._note_part(c) for c in line.right)
        if self.shape_clash(line.left, line.right) or _typed_label_inside(
            lunits, line.left, runits, line.right
        ):
            self.replace_whole(line.left, line.right)
            return
        if latoms is None or ratoms is None or not line.exact or self.level_clash(line.left, line.right):
            self.replace_whole(line.left, line.right)
            return
        lflat = [u for units in lunits for u in units]
        rflat = [u for units in runits for u in units]
        if [r for u in lflat for r in _field_results(u.element)] != [
            r for u in rflat for r in _field_results(u.element)
        ]:
            # A revision inside a field's result is lost (LibreOffice reads the result as the field's):
            # the pair is written whole.
            self.replace_whole(line.left, line.right)
            return
        given: Sequence[Piece] = line.pieces
        if len(lflat) == 1 == len(rflat) and len(line.left) == 1 == len(line.right):
            typed = _typed_labels(lflat[0], line.left[0], rflat[0], line.right[0])
            if typed is not None:  # (the paragraphs' typed numbers differ: tracked with the words)
                given, latoms, ratoms = [*typed[0], *given], typed[1], typed[2]
        pieces, latoms, ratoms = _outer_spaces(given, (lflat, latoms), (rflat, ratoms))
        keep = None if in_notes else _noted_part(lflat, rflat)
        if keep is not None:
            self.merge_apart(keep, pieces, bool(line.change.formatting), lunits, latoms, rflat, ratoms, line)
            return
        self.edit(pieces, bool(line.change.formatting), lflat, latoms, rflat, ratoms)
        self.paragraph_properties(line.left, line.right)

    def relabelled(self, lc: Clause, rc: Clause) -> None:
        """Track a number typed before an unchanged clause's text that differs between the two paragraphs
        ("5. Allegations against staff" → "6. Allegations against staff"): read as labels, the texts are
        the same and the pair was left as the right paragraph, so Reject All showed the right's number."""
        lunits, runits = self.left.units(lc), self.right.units(rc)
        if len(lunits) != 1 or len(runits) != 1 or rc.location.part != self.right.trace.main:
            return
        typed = _typed_labels(lunits[0], lc, runits[0], rc)
        if typed is not None:
            pieces, latoms, ratoms = typed
            self.edit([*pieces, Piece(EditOp.EQUAL, rc.text)], False, lunits, latoms, runits, ratoms)

    def merge_apart(
        self,
        keep: int,
        pieces: Sequence[Piece],
        emphasis: bool,
        lunits: list[list[ParagraphTrace]],
        latoms: list[Atom],
        rflat: list[ParagraphTrace],
        ratoms: list[Atom],
        line: Redline,
    ) -> None:
        """Write a merge whose left paragraph `keep` (not the last) holds a note reference without a
        tracked mark in the paragraph holding it.

        LibreOffice 7.4 drops a tracked paragraph mark in a paragraph holding a note reference
        (NOTE_MARK): split at the left's deleted mark, Accept All kept the merged paragraph in two. The
        right paragraph is kept whole, paired with the left paragraph holding the note (the other
        parts' words inserted in it), and the other left paragraphs are copied in deleted, those
        before it before the right paragraph, those after it after, so Reject All shows each
        left paragraph in its place."""
        lflat = [u for units in lunits for u in units]
        kept_pieces, kept_atoms = _one_part(pieces, latoms, keep)
        self.edit(kept_pieces, emphasis, [lflat[keep]], kept_atoms, rflat, ratoms)
        right_p = anchor = rflat[0].element
        for index, unit in enumerate(lflat):
            if index == keep:
                continue
            made = self.deleted_copy(unit.element, _DEL, None, {}, first=False, last=False)
            if index < keep:
                right_p.addprevious(made)
            else:
                anchor.addnext(made)
                anchor = made
            self.copies.append(made)
            self.split_made[id(unit.element)] = made  # (left-only paragraphs after it go after it)
        offset = 0
        for clause, units in zip(line.left, lunits, strict=True):
            if offset <= keep < offset + len(units):
                self.paragraph_properties((clause,), line.right)
            offset += len(units)

    def plain_spaces(self, lclause: Clause, rclause: Clause) -> None:
        """Track the spaces around the text of a pair of equal texts where they differ (the clause
        texts leave them out): Reject All showed the right's (a merge with an empty paragraph left a
        space at the end of the kept one)."""
        lunits, runits = self.left.units(lclause), self.right.units(rclause)
        latoms = _atoms(lunits, lclause.text) if lunits else None
        ratoms = _atoms(runits, rclause.text) if runits else None
        if latoms is None or ratoms is None or lclause.text != rclause.text:
            return
        pieces, latoms, ratoms = _outer_spaces(
            (Piece(EditOp.EQUAL, rclause.text),), (lunits, latoms), (runits, ratoms)
        )
        if any(piece.op is not EditOp.EQUAL for piece in pieces):
            self.edit(pieces, False, lunits, latoms, runits, ratoms)

    def level_clash(self, lclauses: Sequence[Clause], rclauses: Sequence[Clause]) -> bool:
        """Return whether the last left paragraph is a list item at another level than a right one.

        LibreOffice 7.4's Reject All restores a former list (`w:numId` in `w:pPrChange`) but not its
        level, so such a pair is written whole (the left paragraph deleted with its own properties,
        the right inserted) instead of word by word."""
        if not lclauses or any(c.location.row is not None for c in (*lclauses, *rclauses)):
            return False
        if all(_looks(c) == _looks(lclauses[-1]) for c in rclauses):
            return False  # (the reader gives a list item its level: the same kind and level)
        lunits = self.left.units(lclauses[-1])
        if not lunits or self.list_of(self.left, lunits[-1].element) is None:
            return False
        level = self.level_of(self.left, lunits[-1].element)
        return any(
            self.level_of(self.right, unit.element) != level
            for clause in rclauses
            for unit in self.right.units(clause)
        )

    def relevelled(self, lclauses: Sequence[Clause], rclauses: Sequence[Clause]) -> bool:
        """Return whether a paragraph of a pair with a list level written on it (`w:ilvl`) is at
        another level than the other side's (a heading moved a level down in an outline list: Reject
        All showed the right's level and indent)."""
        if not lclauses or lclauses[-1].kind is not ClauseKind.HEADING:
            return False  # (a list item's level is the reader's: a pair of other levels is no plain pair)
        lunits = self.left.units(lclauses[-1])
        runits = [u for c in rclauses for u in self.right.units(c)]
        if not lunits or not runits:
            return False
        left = lunits[-1].element
        if not any(_has_ilvl(u.element) for u in (lunits[-1], *runits)):
            return False  # (no level written on either)

        def level(side: _Side, p: Any) -> str | None:
            return self.level_of(side, p) if self.list_of(side, p) is not None else None

        return any(level(self.right, u.element) != level(self.left, left) for u in runits)

    def level_of(self, side: _Side, p: Any) -> str:
        """Return a paragraph's list level (`w:ilvl`, direct or through its style; "0" if none)."""
        props = p.find(_PPR)
        if props is None or self.list_of(side, p) is None:
            return "0"
        for numpr in (props.find(_NUMPR), self._style_numpr(side, props)):
            ilvl = numpr.find(_ILVL) if numpr is not None else None
            if ilvl is not None:
                return str(ilvl.get(_VAL, "0"))
        return "0"

    def _style_numpr(self, side: _Side, props: Any) -> Any:
        style = props.find(_PSTYLE)
        return self.style_numbering(side, style.get(_VAL, "")) if style is not None else None

    def replace_whole(self, lclauses: Sequence[Clause], rclauses: Sequence[Clause]) -> None:
        """Write a change whose words cannot be placed: the left paragraphs deleted, the right inserted."""
        first = None
        for clause in rclauses:
            units = self.right.units(clause)
            if units and first is None:
                first = units[0].element
            self.whole_right(clause, _INS)
        if first is None or any(c.location.part != self.left.trace.main for c in lclauses):
            return
        copies = []
        for clause in lclauses:
            made = self.left_copies(clause, _DEL, None, ())
            if made:
                self.left_out[clause.id] = made[-1]
            copies.extend(made)
        # Before the wholly inserted paragraphs just before: a run of pairs written whole reads as the
        # left paragraphs deleted, then the right ones inserted (else Reject All joins each inserted
        # paragraph into the next deleted one, which takes the inserted one's list).
        own = first
        while (before := first.getprevious()) is not None and _mark_of(before) == _INS:
            if before.tag != _P or any(_KIND.get(child.tag) != _INS for child in _content(before)):
                break
            first = before
        for el in copies:
            first.addprevious(el)
        if copies and first is own:
            # (only next to each other: Accept All joins the copy into the paragraph after it)
            self.shared_bookmarks(lclauses, rclauses, copies[0])

    def shared_bookmarks(self, lclauses: Sequence[Clause], rclauses: Sequence[Clause], deleted: Any) -> None:
        """Start a bookmark both sides' paragraphs of a pair written whole hold in the deleted copy of the
        left paragraph, so that it spans both: each view keeps the paragraph it marks (a cross-reference
        to a heading written whole read the next paragraph's number after Reject All, where the inserted
        heading and its bookmark were gone)."""
        names = {
            b.get(w("name"))
            for clause in lclauses
            for unit in self.left.units(clause)
            for b in unit.element.iter(w("bookmarkStart"))
        }
        names.discard(None)
        if not names:
            return
        props = deleted.find(_PPR)
        at = 1 if props is not None else 0
        for clause in rclauses:
            for unit in self.right.units(clause):
                for start in list(unit.element.iter(w("bookmarkStart"))):
                    if start.get(w("name")) in names:
                        start.getparent().remove(start)
                        deleted.insert(at, start)
                        at += 1

    def edit(
        self,
        given: Sequence[Piece],
        emphasis: bool,
        lunits: list[ParagraphTrace],
        latoms: list[Atom],
        runits: list[ParagraphTrace],
        ratoms: list[Atom],
    ) -> None:
        """Write word pieces (`emphasis`: some kept word changed its emphasis) into right paragraphs."""
        inserted: list[tuple[int, int, str | None]] = []  # right atom ranges
        deleted: list[tuple[int, int, int, str | None]] = []  # (right position, left start, left end, cls)
        restyled: list[tuple[int, int]] = []  # (left atom, right atom) kept, emphasis changed
        li = ri = 0
        pieces = _relinked(given, lunits, latoms, runits, ratoms) if emphasis else given
        if len(lunits) != len(runits):
            pieces = _edge_spaces(pieces, (lunits, latoms), (runits, ratoms))
        for piece in pieces:
            n = len(piece.text)
            if piece.cls == _HELD:  # a space at a paragraph edge, standing for the other side's
                if piece.op is EditOp.INSERT:
                    ri += n
                else:
                    li += n
                continue
            if piece.op is EditOp.EQUAL:
                for k in range(n if emphasis else 0):
                    lat, rat = latoms[li + k], ratoms[ri + k]
                    if lat[1] >= 0 and rat[1] >= 0:
                        lp, rp = lunits[lat[0]].pieces[lat[1]], runits[rat[0]].pieces[rat[1]]
                        if lp[1:4] != rp[1:4] or lp[5] != rp[5]:  # bold, italic, underline; strike
                            restyled.append((li + k, ri + k))
                li += n
                ri += n
            elif piece.op is EditOp.INSERT:
                inserted.append((ri, ri + n, piece.cls))
                ri += n
            else:
                deleted.append((ri, li, li + n, piece.cls))
                li += n
        # Cut the right runs so every range starts and ends at a run's edge.
        cuts: set[int] = set()
        for start, end, _ in inserted:
            cuts.update((start, end))
        for pos, *_ in deleted:
            cuts.add(pos)
        previous = -2
        for _, ra in restyled:  # a stretch of restyled characters is cut at its ends only
            if ra != previous + 1:
                cuts.update((ra, previous + 1))
            previous = ra
        cuts.discard(-1)
        if restyled:
            cuts.add(previous + 1)
        elements = _cut(runits, ratoms, cuts)
        # Emphasis changes: the left run's properties before the change.
        done: set[int] = set()
        for la, ra in restyled:
            el = elements[ra]
            if el is None or id(el) in done:
                continue
            done.add(id(el))
            lrun = _run_of(lunits[latoms[la][0]].sources[latoms[la][1]])
            run = _run_of(el)
            if run is None or lrun is None:
                continue
            props = run.find(_RPR)
            if props is None:
                props = etree.Element(_RPR)
                run.insert(0, props)
            if props.find(_RPR_CHANGE) is None:
                change = etree.SubElement(props, _RPR_CHANGE, self.attrs())
                old = self.left_rpr(lrun)
                change.append(old)
        # Deletions, placed before the right character at their position (else after the one before).
        for pos, start, end, cls in deleted:
            inside = None  # the link both right characters around the position stand in
            if 0 < pos < len(ratoms) and ratoms[pos][1] >= 0 and ratoms[pos - 1][1] >= 0:
                here = runits[ratoms[pos][0]].pieces[ratoms[pos][1]][4]
                if here is not None and here == runits[ratoms[pos - 1][0]].pieces[ratoms[pos - 1][1]][4]:
                    inside = here
            nodes = self.deleted_nodes(lunits, latoms[start:end], cls, inside)
            self.put(nodes, pos, runits, ratoms, elements)
        # Insertions: the right runs wrapped; a mark between two right paragraphs marked inserted.
        for start, end, cls in inserted:
            attrs = self.attrs(cls)
            container: Any = None
            done_el: Any = None
            for k in range(start, end):
                atom = ratoms[k]
                if atom[1] < 0:
                    _mark(runits[atom[0]].element, _INS, self.attrs(cls))
                    container = None
                    continue
                el = elements[k]
                if el is not None and el is done_el:
                    continue  # the next character of a run just wrapped
                done_el = el
                run = _run_of(el) if el is not None else None
                if run is None or (run.getparent() is not None and run.getparent().tag == _INS):
                    continue
                if container is not None and run.getprevious() is container:
                    container.append(run)
                else:
                    container = etree.Element(_INS, attrs)
                    run.addprevious(container)
                    container.append(run)
        self.splits(lunits, runits)

    def left_rpr(self, source: Any) -> Any:
        """Return a copy of a left run's properties fit for the right package."""
        props = source.find(_RPR)
        holder = etree.Element(_P)
        run: Any = etree.SubElement(holder, _R)
        if props is not None:
            run.append(copy.deepcopy(props))
        holder = self.copy_left(holder, prune=False) if props is not None else holder
        run = holder.find(_R)
        props = run.find(_RPR) if run is not None else None
        if props is None:
            return etree.Element(_RPR)
        for el in list(props):
            if el.tag in (_RPR_CHANGE, _INS, _DEL, _MOVE_FROM, _MOVE_TO):
                props.remove(el)
        return props

    def deleted_nodes(
        self, lunits: list[ParagraphTrace], atoms: list[Atom], cls: str | None, inside: str | None = None
    ) -> list[Any]:
        """Return `w:del` runs (the left runs' properties, the left text) and split placeholders.

        Deleted text of a left link keeps its link, unless it goes inside a right link of the same
        target (`inside`): a word reworded in a link of another producer went before the link."""
        nodes: list[Any] = []
        container: Any = None
        run: Any = None
        source: Any = None
        link: Any = None
        i, count = 0, len(atoms)
        while i < count:
            atom = atoms[i]
            if atom[1] < 0:
                placeholder = etree.Element(_SPLIT)
                self.split_pprs[id(placeholder)] = (lunits[atom[0]].element, placeholder)
                nodes.append(placeholder)
                container = run = source = link = None
                i += 1
                continue
            # The characters of one piece in a row go together.
            u, pi, k = atom
            j = i + 1
            while j < count and atoms[j][0] == u and atoms[j][1] == pi and atoms[j][2] == k + j - i:
                j += 1
            text = lunits[u].pieces[pi][0][k : k + j - i]
            i = j
            src_run = _run_of(lunits[u].sources[pi])
            src_link = _ancestor(src_run, _HYPERLINK) if src_run is not None else None
            if container is not None and src_link is not link:
                container = run = source = None
            if container is None:
                link = src_link
                container = etree.Element(_DEL, self.attrs(cls))
                if src_link is not None and lunits[u].pieces[pi][4] != inside:
                    # (deleted link text keeps its link: a link change)
                    wrapper = etree.Element(_HYPERLINK, dict(src_link.attrib))
                    if wrapper.get(f"{{{R}}}id"):
                        self.link(wrapper)
                    wrapper.append(container)
                    nodes.append(wrapper)
                else:
                    nodes.append(container)
            if run is None or src_run is not source:
                source = src_run
                run = etree.SubElement(container, _R)
                if src_run is not None:
                    props = self.left_rpr(src_run)
                    if len(props):
                        run.append(props)
            for segment in _SEGMENTS(text):
                if segment == "\t":
                    etree.SubElement(run, _TAB)
                elif segment == "\n":
                    etree.SubElement(run, _BR)
                else:
                    last = run[-1] if len(run) else None
                    if last is not None and last.tag == _DEL_TEXT:
                        last.text = (last.text or "") + segment
                    else:
                        last = etree.SubElement(run, _DEL_TEXT)
                        last.text = segment
        for el in nodes:
            for t in el.iter(_DEL_TEXT):
                if t.text and (t.text[:1].isspace() or t.text[-1:].isspace()):
                    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        return nodes

    def put(
        self,
        nodes: list[Any],
        pos: int,
        runits: list[ParagraphTrace],
        ratoms: list[Atom],
        elements: _Elements,
    ) -> None:
        """Put nodes at a right position: before the character there, else after the one before,
        else at the end of the paragraph the position ends."""
        target = None
        before = True
        if pos < len(ratoms) and ratoms[pos][1] >= 0 and elements[pos] is not None:
            target, before = _outer_run(elements[pos]), True
        elif pos > 0 and ratoms[pos - 1][1] >= 0 and elements[pos - 1] is not None:
            target, before = _outer_run(elements[pos - 1]), False
        if target is not None and any(el.tag == _HYPERLINK for el in nodes):
            while target.getparent() is not None and target.getparent().tag not in (_P, _INS, _DEL):
                target = target.getparent()  # a link is never put inside another
        if target is not None:
            for el in nodes:
                if before:
                    target.addprevious(el)
                else:
                    target.addnext(el)
                    target = el
            return
        if pos < len(ratoms):
            p = runits[ratoms[pos][0]].element
        elif ratoms:
            p = runits[ratoms[-1][0] if ratoms[-1][1] >= 0 else -1].element
        else:
            p = runits[0].element
        for el in nodes:
            p.append(el)

    def splits(self, lunits: list[ParagraphTrace], runits: list[ParagraphTrace]) -> None:
        """Split right paragraphs where a deleted left paragraph mark stands (a merge)."""
        for key, (left_p, placeholder) in list(self.split_pprs.items()):
            del self.split_pprs[key]
            p = _ancestor(placeholder, _P)
            if p is None:
                continue
            top = placeholder
            while top.getparent() is not p:
                top = top.getparent()
                if top.tag in _SPLIT_CONTAINERS:
                    _split_container(top, placeholder)
            new = etree.Element(_P)
            # Accept All joins it to `p`: it shows `p`'s properties; its own (left) ones before that.
            kept = p.find(_PPR)
            props = _clean_ppr(copy.deepcopy(kept)) if kept is not None else etree.Element(_PPR)
            new.append(props)
            self.former_properties(new, self.copy_left_ppr(left_p))
            moving = []
            for child in p:
                if child is top:
                    break
                if child.tag != _PPR:
                    moving.append(child)
            for child in moving:
                new.append(child)
            placeholder.getparent().remove(placeholder)
            _mark(new, _DEL, self.attrs())
            p.addprevious(new)
            self.split_made[id(left_p)] = new

    def _note_part(self, clause: Clause) -> str:
        kind = "endnotes" if (clause.location.part or "").endswith("endnotes.xml") else "footnotes"
        return self._part_of(self.right, kind) or ""

    # ------------------------------------------------------------ the package

    def put_cover(self, cover: Any) -> None:
        """Put the summary table first in the body, with the styles it names (made when missing)."""
        body = self.right.trace.roots[self.right.trace.main].find(_BODY)
        styles = self._styles(self.right)
        if styles is not None:
            ox.ensure_styles(styles)
            self.changed_parts.add(self._part_of(self.right, "styles") or "")
        for el in cover.iter(_INS, _DEL):
            el.set(_ID, str(self.next_id))
            self.next_id += 1
        body.insert(0, cover)

    def package_bytes(self) -> bytes:
        package = self.right.trace.package
        parts: dict[str, bytes] = {}
        added = self.add_links() if self.links else {}
        added.update(self.add_pictures() if self.pictures or self.made_parts else {})
        self.track_revisions()
        self.drop_unsafe_links()
        for name in sorted(package.names):
            if name.endswith("/"):
                continue
            if name in self.changed_parts and name in self.right.trace.roots:
                parts[name] = ox.serialise(self.right.trace.roots[name])
            else:
                parts[name] = package.read(name)
        parts.update(added)
        return ox.zip_package(parts)

    def drop_unsafe_links(self) -> None:
        """Drop every external relationship whose target has a scheme other than http(s) or mailto
        (`javascript:` …), and the references to it: as in every report, such a link keeps its text."""
        from policydiff.segment import is_safe_link

        package = self.right.trace.package
        for rels_name in sorted(n for n in package.names if n.endswith(".rels")):
            root = self.right.trace.roots.get(rels_name)
            if root is None:
                root = self.right.trace.roots[rels_name] = package.xml(rels_name)
            dropped = set()
            for rel in list(root):
                target = rel.get("Target", "")
                if rel.get("TargetMode") == "External" and not is_safe_link(target):
                    dropped.add(rel.get("Id", ""))
                    root.remove(rel)
            if not dropped:
                continue
            self.changed_parts.add(rels_name)
            folder, _, base = rels_name.rpartition("/_rels/")
            source = f"{folder}/{base[: -len('.rels')]}" if folder else base[: -len(".rels")]
            if not package.has(source):
                continue
            part = self.right.trace.roots.get(source)
            if part is None:
                part = self.right.trace.roots[source] = package.xml(source)
            for el in part.iter():
                for attribute in [a for a in el.attrib if a.startswith(f"{{{R}}}") and el.get(a) in dropped]:
                    del el.attrib[attribute]
            self.changed_parts.add(source)

    def track_revisions(self) -> None:
        """Switch on Track Changes in the right package's settings, so the reviewer's edits are tracked."""
        name = self._part_of(self.right, "settings")
        root = self.right.trace.roots.get(name) if name is not None else None
        if root is None or root.find(w("trackRevisions")) is not None:
            return
        later = next((child for child in root if child.tag in _AFTER_TRACK_REVISIONS), None)
        element = etree.Element(w("trackRevisions"))
        if later is not None:
            later.addprevious(element)
        else:
            root.append(element)
        self.changed_parts.add(name or "")

    def add_links(self) -> dict[str, bytes]:
        """Write the copied links' relationships into each right part's relationships; return the
        relationship parts made new (a header that had none)."""
        package = self.right.trace.package
        made: dict[str, bytes] = {}
        for part in sorted({part for part, _ in self.links}):
            folder, base = part.rsplit("/", 1) if "/" in part else ("", part)
            rels_name = f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels"
            root = self.right.trace.roots.get(rels_name)
            if root is None:
                root = package.xml(rels_name) if package.has(rels_name) else ox.relationships(())
            pr = root.tag.split("}")[0] + "}"
            for (into, target), rel_id in self.links.items():
                if into == part:
                    etree.SubElement(
                        root,
                        pr + "Relationship",
                        {"Id": rel_id, "Type": REL + "hyperlink", "Target": target, "TargetMode": "External"},
                    )
            if package.has(rels_name):
                self.right.trace.roots[rels_name] = root
                self.changed_parts.add(rels_name)
            else:
                made[rels_name] = ox.serialise(root)
        return made


# --------------------------------------------------------------------------- helpers


_DIGITS, _LETTERS = re.compile(r"[0-9]+"), re.compile(r"[A-Za-z]+")


def _same_shape(left: str | None, right: str | None) -> bool:
    """Return whether two labels (as the reader gave them) plainly have one shape: both none, or
    alike once their numbers and letters are one (`2.3` and `1.1`, `b)` and `a)`)."""
    if left is None or right is None:
        return left is None and right is None
    return _LETTERS.sub("a", _DIGITS.sub("9", left)) == _LETTERS.sub("a", _DIGITS.sub("9", right))


def _looks(clause: Clause) -> tuple[object, ...]:
    """Return what of a clause its paragraph properties show: kind, level, whether it has a label."""
    return clause.kind, clause.level, clause.label is None


def _relinked(
    pieces: Sequence[Piece],
    lunits: list[ParagraphTrace],
    latoms: list[Atom],
    runits: list[ParagraphTrace],
    ratoms: list[Atom],
) -> list[Piece]:
    """Return the pieces with kept text whose link target changed made a deletion and an insertion
    (the left link deleted, the right one inserted), as Word records a changed link."""
    out: list[Piece] = []
    li = ri = 0
    for piece in pieces:
        n = len(piece.text)
        if piece.op is not EditOp.EQUAL:
            out.append(piece)
            if piece.op is EditOp.INSERT:
                ri += n
            else:
                li += n
            continue

        def relinked(k: int, li: int = li, ri: int = ri) -> bool:
            la, ra = latoms[li + k], ratoms[ri + k]
            if la[1] < 0 or ra[1] < 0:
                return False
            return bool(lunits[la[0]].pieces[la[1]][4] != runits[ra[0]].pieces[ra[1]][4])

        k = 0
        while k < n:
            state = relinked(k)
            j = k + 1
            while j < n and relinked(j) == state:
                j += 1
            text = piece.text[k:j]
            if state:
                out += [Piece(EditOp.DELETE, text, piece.cls), Piece(EditOp.INSERT, text, piece.cls)]
            else:
                out.append(Piece(EditOp.EQUAL, text, piece.cls))
            k = j
        li += n
        ri += n
    return out


_HELD = "\x00held"
"""The class of a piece written as neither inserted nor deleted (see `_edge_spaces`)."""


def _edge_spaces(
    pieces: Sequence[Piece],
    left: tuple[list[ParagraphTrace], list[Atom]],
    right: tuple[list[ParagraphTrace], list[Atom]],
) -> list[Piece]:
    """Return the pieces of a split or merge with the space at the new (removed) paragraph edge held.

    A clause's text leaves out the spaces at its paragraph's edges, so a split typed after a space
    reads as that space deleted and a mark inserted, though the space stays, ending the first right
    paragraph (Reject All showed two spaces); a merge reads as a mark deleted and a space inserted,
    though the space was the left paragraph's own (Reject All lost it). When the paragraph beside the
    mark has such a space, the space piece is held (neither inserted nor deleted), a merge's put before
    the deleted mark when it ended the left paragraph."""
    out = list(pieces)
    k = li = ri = 0
    while k + 1 < len(out):
        a, b = out[k], out[k + 1]
        at = (li, ri)
        li += len(a.text) if a.op is not EditOp.INSERT else 0
        ri += len(a.text) if a.op is not EditOp.DELETE else 0
        pair = {a.op, b.op}
        mark, space = (a, b) if a.text == "\n" else (b, a)
        if (
            pair != {EditOp.INSERT, EditOp.DELETE}
            or mark.text != "\n"
            or not space.text.isspace()
            or "\n" in space.text
        ):
            k += 1
            continue
        units, atoms = right if mark.op is EditOp.INSERT else left
        position = at[mark.op is EditOp.INSERT]  # (the space is of the other side: it moves neither)
        atom = atoms[position] if position < len(atoms) else None
        if atom is None or atom[1] >= 0 or atom[0] + 1 >= len(units):
            k += 1
            continue
        index = atom[0]
        ends, starts = _raw_edges(units[index])[1], _raw_edges(units[index + 1])[0]
        if not (ends or starts):
            k += 1
            continue
        # Only as many characters as the paragraph has at its edge are held; the rest of the space
        # stays inserted (deleted): a merge that typed a space after the left's own has two.
        size = min(len(space.text), ends or starts)
        held = dataclasses.replace(space, text=space.text[:size], cls=_HELD)
        rest = [dataclasses.replace(space, text=space.text[size:])] if size < len(space.text) else []
        if mark.op is EditOp.DELETE:  # (a merge: the space goes on the side of the left's own)
            out[k : k + 2] = [held, mark, *rest] if ends else [*rest, mark, held]
        elif a is mark:
            out[k : k + 2] = [mark, *rest, held] if starts and not ends else [mark, held, *rest]
        else:
            out[k : k + 2] = [held, *rest, mark] if ends else [*rest, held, mark]
        li += len(b.text) if b.op is not EditOp.INSERT else 0
        ri += len(b.text) if b.op is not EditOp.DELETE else 0
        k += 2 + len(rest)
    return out


def _noted_part(lflat: list[ParagraphTrace], rflat: list[ParagraphTrace]) -> int | None:
    """Return which left paragraph of a merge into one right paragraph holds a note reference, when
    one does and it is not the last (its part of the right paragraph would have a deleted mark); None
    when none or more than one does (a deleted copy of a paragraph leaves its note out)."""
    if len(rflat) != 1 or len(lflat) < 2 or _in_text_box(rflat[0].element):
        return None
    noted = [index for index, unit in enumerate(lflat) if _HOLDS_NOTE(unit.element)]
    return noted[0] if len(noted) == 1 and noted[0] < len(lflat) - 1 else None


def _one_part(pieces: Sequence[Piece], latoms: list[Atom], keep: int) -> tuple[list[Piece], list[Atom]]:
    """Return the pieces of a merge paired with one left paragraph (`keep`) alone, and its atoms (as
    paragraph 0): the words of the other left paragraphs are inserted where the right has them and
    dropped where they were deleted, and the left marks are dropped (the paragraphs are copied whole)."""
    out: list[Piece] = []

    def add(op: EditOp, text: str, cls: str | None) -> None:
        if out and out[-1].op is op and out[-1].cls == cls:
            out[-1] = dataclasses.replace(out[-1], text=out[-1].text + text)
        else:
            out.append(Piece(op, text, cls))

    li = 0
    for piece in pieces:
        if piece.op is EditOp.INSERT:
            add(EditOp.INSERT, piece.text, piece.cls)
            continue
        for char in piece.text:
            unit, index, _ = latoms[li]
            li += 1
            mine = unit == keep and index >= 0
            if piece.op is EditOp.EQUAL and mine:
                add(EditOp.EQUAL, char, piece.cls)
            elif piece.op is EditOp.EQUAL:
                add(EditOp.INSERT, char, None)  # (a word of another part: the right's, inserted)
            elif mine:
                add(EditOp.DELETE, char, piece.cls)
    return out, [(0, index, k) for unit, index, k in latoms if unit == keep and index >= 0]


def _spaced(trace: DocxTrace) -> set[int]:
    """Return the indexes of a part's paragraphs whose runs begin or end with a space."""
    return {
        index
        for index, unit in trace.paragraphs.items()
        if unit.pieces and (unit.pieces[0][0][:1].isspace() or unit.pieces[-1][0][-1:].isspace())
    }


def _outer_spaces(
    pieces: Sequence[Piece],
    left: tuple[list[ParagraphTrace], list[Atom]],
    right: tuple[list[ParagraphTrace], list[Atom]],
) -> tuple[list[Piece], list[Atom], list[Atom]]:
    """Return the pieces and atoms of a change with the spaces before its first paragraph's text and
    after its last one's (which clause texts leave out) added: the spaces both sides have there kept,
    the others deleted or inserted (cosmetic). Left alone, Reject All showed the right's spaces (an
    inserted text took along the space its last run ends in; a deleted one did not bring the left's)."""
    edges = [_edge_atoms(units, atoms) for units, atoms in (left, right)]
    if not any(lead or trail for lead, trail in edges):
        return list(pieces), left[1], right[1]
    (llead, ltrail), (rlead, rtrail) = edges

    def text(units: list[ParagraphTrace], atoms: list[Atom]) -> str:
        return "".join(units[u].pieces[p][0][k] for u, p, k in atoms)

    out: list[Piece] = []
    a, b = text(left[0], llead), text(right[0], rlead)
    n = _common(a[::-1], b[::-1])
    if len(a) > n:
        out.append(Piece(EditOp.DELETE, a[: len(a) - n], "cosmetic"))
    if len(b) > n:
        out.append(Piece(EditOp.INSERT, b[: len(b) - n], "cosmetic"))
    if n:
        out.append(Piece(EditOp.EQUAL, a[len(a) - n :]))
    out.extend(pieces)
    a, b = text(left[0], ltrail), text(right[0], rtrail)
    n = _common(a, b)
    if n:
        out.append(Piece(EditOp.EQUAL, a[:n]))
    if len(a) > n:
        out.append(Piece(EditOp.DELETE, a[n:], "cosmetic"))
    if len(b) > n:
        out.append(Piece(EditOp.INSERT, b[n:], "cosmetic"))
    return out, [*llead, *left[1], *ltrail], [*rlead, *right[1], *rtrail]


def _common(a: str, b: str) -> int:
    """Return the length of the common start of two strings."""
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _edge_atoms(units: list[ParagraphTrace], atoms: list[Atom]) -> tuple[list[Atom], list[Atom]]:
    """Return the atoms of the spaces (not line breaks) before the first atom's text in its paragraph
    and after the last one's, when nothing else stands there."""
    if not atoms or atoms[0][1] < 0 or atoms[-1][1] < 0:
        return [], []
    u, p, k = atoms[0]
    lead = [(u, pi, ki) for pi in range(p) for ki in range(len(units[u].pieces[pi][0]))]
    lead += [(u, p, ki) for ki in range(k)]
    if not all(_edge_space(units[u].pieces[pi][0][ki]) for _, pi, ki in lead):
        lead = []
    u, p, k = atoms[-1]
    pieces = units[u].pieces
    trail = [(u, p, ki) for ki in range(k + 1, len(pieces[p][0]))]
    trail += [(u, pi, ki) for pi in range(p + 1, len(pieces)) for ki in range(len(pieces[pi][0]))]
    if not all(_edge_space(pieces[pi][0][ki]) for _, pi, ki in trail):
        trail = []
    return lead, trail


def _edge_space(char: str) -> bool:
    return char.isspace() and char != "\n"


def _raw_edges(unit: ParagraphTrace) -> tuple[int, int]:
    """Return how many spaces a paragraph's runs hold before and after its clause text."""
    raw = "".join(piece[0] for piece in unit.pieces)
    start = len(raw) - len(raw.lstrip())
    if raw[start : start + len(unit.text)] != unit.text:
        start = raw.find(unit.text)
    if start < 0 or not unit.text:
        return 0, 0
    end = start + len(unit.text)
    return start if raw[:start].isspace() else 0, len(raw) - end if raw[end:].isspace() else 0


def _cosmetic(line: Redline) -> Redline:
    """Return an unchanged change whose texts differ in characters normalisation ignores, with those
    characters as cosmetic edits (not the whole text deleted and inserted)."""
    left, right = "\n".join(c.text for c in line.left), "\n".join(c.text for c in line.right)
    return dataclasses.replace(line, pieces=tuple(_cosmetic_pieces(left, right)), exact=True)


def _cosmetic_pieces(left: str, right: str) -> list[Piece]:
    """Return the pieces that turn `left` into `right` character by character, the edits cosmetic."""
    pieces: list[Piece] = []
    for op, a, b, c, d in difflib.SequenceMatcher(None, left, right, autojunk=False).get_opcodes():
        if op == "equal":
            pieces.append(Piece(EditOp.EQUAL, left[a:b]))
            continue
        if b > a:
            pieces.append(Piece(EditOp.DELETE, left[a:b], "cosmetic"))
        if d > c:
            pieces.append(Piece(EditOp.INSERT, right[c:d], "cosmetic"))
    return pieces


def _top_block(element: Any) -> Any:
    """Return the child of the body that holds `element` (None when it is in no body)."""
    while element is not None and element.getparent() is not None and element.getparent().tag != _BODY:
        element = element.getparent()
    return element if element is not None and element.getparent() is not None else None


def _typed_labels(
    left: ParagraphTrace, lc: Clause, right: ParagraphTrace, rc: Clause
) -> tuple[list[Piece], list[Atom], list[Atom]] | None:
    """Return the cosmetic pieces that turn the left paragraph's typed label into the right's (the text
    before each clause's, "5. " and "6. "), with the atoms of both whole paragraphs, when those labels
    differ; else None. (A list's own numbers are no text: they are not seen here.)"""
    lpre, rpre = _typed_prefix(left.text, lc.text), _typed_prefix(right.text, rc.text)
    if lpre is None or rpre is None or lpre == rpre:
        return None
    latoms, ratoms = _atoms([left], left.text), _atoms([right], right.text)
    if latoms is None or ratoms is None:
        return None
    return _cosmetic_pieces(lpre, rpre), latoms, ratoms


def _typed_prefix(text: str, clause_text: str) -> str | None:
    """Return the text of a paragraph before its clause's (a typed label, "5. "), None when the clause's
    text is not found in it or text follows it."""
    at = text.find(clause_text) if clause_text else -1
    if at < 0 or text[at + len(clause_text) :].strip():
        return None
    return text[:at]


def _typed_label_inside(
    lunits: list[list[ParagraphTrace]],
    lclauses: Sequence[Clause],
    runits: list[list[ParagraphTrace]],
    rclauses: Sequence[Clause],
) -> bool:
    """Return whether a split's or merge's paragraph other than its first, on either side, holds text
    before its clause's: a label typed into the paragraph ("6. Records", read as label `6.` and text
    `Records`). The word edits pair clause texts, so the typed label of a heading run into the paragraph
    before is not on the left of the edits, and writing them into the right paragraph dropped it: Reject
    All read "Records" for "6. Records". Such a change is written whole."""
    for units, clauses in ((lunits, lclauses), (runits, rclauses)):
        for clause_units, clause in itertools.islice(zip(units, clauses, strict=True), 1, None):
            text = "\n".join(unit.text for unit in clause_units)
            if text.find(clause.text) > 0 if clause.text else bool(text.strip()):
                return True
    return False


def _clause_atoms(units: list[list[ParagraphTrace]], clauses: Sequence[Clause]) -> list[Atom] | None:
    """Return the atoms of clauses joined with `"\\n"` (their marks), or None if one is not found."""
    out: list[Atom] = []
    offset = 0
    for index, (clause_units, clause) in enumerate(zip(units, clauses, strict=True)):
        if not clause_units:
            return None
        atoms = _atoms(clause_units, clause.text)
        if atoms is None:
            return None
        if index:
            out.append((offset - 1, -1, 0))
        out.extend(atoms if not offset else [(u + offset, p, k) for u, p, k in atoms])
        offset += len(clause_units)
    return out


def _cut(units: list[ParagraphTrace], atoms: list[Atom], cuts: Iterable[int]) -> _Elements:
    """Split the right runs so that each cut position is a run's edge; return each atom's text element
    (None for a mark) after the split, each in a run of its own."""
    by_piece: dict[tuple[int, int], set[int]] = {}
    for pos in cuts:
        for k in (pos - 1, pos):
            if 0 <= k < len(atoms) and atoms[k][1] >= 0:
                by_piece.setdefault((atoms[k][0], atoms[k][1]), set())
        # At the atom's own offset in its text, and after the atom before it in that one's: text of the
        # run outside the clause (a label typed before it, "5. Allegations") stays out of the range.
        if 0 <= pos < len(atoms) and atoms[pos][1] >= 0:
            by_piece[(atoms[pos][0], atoms[pos][1])].add(atoms[pos][2])
        if 0 < pos <= len(atoms) and atoms[pos - 1][1] >= 0:
            by_piece[(atoms[pos - 1][0], atoms[pos - 1][1])].add(atoms[pos - 1][2] + 1)
    pieces: dict[tuple[int, int], list[tuple[int, Any]]] = {}
    for (u, p), offsets in by_piece.items():
        child = units[u].sources[p]
        pieces[(u, p)] = _split(child, sorted(offsets))
    return _Elements(units, atoms, pieces)


@dataclass(slots=True)
class _Elements:
    """The text element of each right atom after `_cut` (None for a mark), found when asked."""

    units: list[ParagraphTrace]
    atoms: list[Atom]
    pieces: dict[tuple[int, int], list[tuple[int, Any]]]

    def __getitem__(self, index: int) -> Any:
        u, p, k = self.atoms[index]
        if p < 0:
            return None
        parts = self.pieces.get((u, p))
        if parts is None:
            return self.units[u].sources[p]
        chosen = parts[0][1]
        for start, el in parts:
            if start <= k:
                chosen = el
        return chosen


def _split(child: Any, offsets: list[int]) -> list[tuple[int, Any]]:
    """Give a text element a run of its own and split it at offsets; return (start, element) pairs."""
    run = _isolate(child)
    if run is None or child.tag != _T or not offsets:
        return [(0, child)]
    text = child.text or ""
    bounds = [0, *[o for o in offsets if 0 < o < len(text)], len(text)]
    out = [(0, child)]
    _set_text(child, text[bounds[0] : bounds[1]])
    previous = run
    for a, b in itertools.pairwise(bounds[1:]):
        new_run = _empty_run_like(run)
        t = etree.SubElement(new_run, _T)
        _set_text(t, text[a:b])
        previous.addnext(new_run)
        previous = new_run
        out.append((a, t))
    return out


_SPLIT_CONTAINERS = {_HYPERLINK: None, w("smartTag"): w("smartTagPr"), w("customXml"): w("customXmlPr")}
"""Containers of runs a merge's deleted mark may fall inside, with their properties' element."""


def _split_container(container: Any, at: Any) -> None:
    """Put what a run container (a link, a smart tag) holds before `at` (one of its descendants) into
    a copy of it just before it, so a paragraph split at `at` splits the container: the whole link
    went to the paragraph after the mark (Reject All moved its words to the next line)."""
    child = at
    while child.getparent() is not container:
        child = child.getparent()
    props_tag = _SPLIT_CONTAINERS[container.tag]
    front = etree.Element(container.tag, dict(container.attrib))
    for el in list(container):
        if el is child:
            break
        if el.tag == props_tag:
            front.append(copy.deepcopy(el))
        else:
            front.append(el)
    if any(el.tag != props_tag for el in front):
        container.addprevious(front)


def _set_text(t: Any, text: str) -> None:
    t.text = text
    space = "{http://www.w3.org/XML/1998/namespace}space"
    if text[:1].isspace() or text[-1:].isspace():
        t.set(space, "preserve")


def _empty_run_like(run: Any) -> Any:
    new = etree.Element(_R, dict(run.attrib))
    props = run.find(_RPR)
    if props is not None:
        new.append(copy.deepcopy(props))
    return new


def _isolate(child: Any) -> Any:
    """Make `child` the only content of its run (moving its siblings into runs of their own)."""
    run = child.getparent()
    if run is None or run.tag != _R:
        return None
    content = [c for c in run if c.tag != _RPR]
    if content == [child]:
        return run
    index = content.index(child)
    before, after = content[:index], content[index + 1 :]
    if before:
        new = _empty_run_like(run)
        for c in before:
            new.append(c)
        run.addprevious(new)
    if after:
        new = _empty_run_like(run)
        for c in after:
            new.append(c)
        run.addnext(new)
    return run


def _run_of(child: Any) -> Any:
    """Return the `w:r` holding a text element (isolating it first), None outside a run."""
    run = child.getparent()
    while run is not None and run.tag != _R:
        run = run.getparent()
    if run is not None and child.getparent() is run:
        _isolate(child)
        return child.getparent()
    return run


def _outer_run(child: Any) -> Any:
    """Return the run of a text element, or the revision container it was wrapped in."""
    run = _run_of(child)
    if run is None:
        return child
    parent = run.getparent()
    return parent if parent is not None and parent.tag in _REVISION_TAGS else run


def _wrap_runs(p: Any, kind: str, attrs: Callable[[], dict[str, str]]) -> None:
    """Wrap each stretch of sibling runs in `p` (not already in a revision) in a `kind` container."""
    made: set[Any] = set()  # the containers themselves: an id() of a freed lxml proxy is reused
    for run in _own_runs(p):
        parent = run.getparent()
        if parent is None or parent.tag in _REVISION_TAGS:
            continue
        if any(child.tag in _ANCHORS and not _inline(child) for child in run):
            continue  # a floating shape or text box stays: LibreOffice shows a revised anchor as text
        previous = run.getprevious()
        if previous is not None and previous in made:
            previous.append(run)
            continue
        container = etree.Element(kind, attrs())
        made.add(container)
        run.addprevious(container)
        container.append(run)


_ANCHORS = frozenset(
    {
        w("drawing"),
        w("pict"),
        w("object"),
        "{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent",
    }
)


def _in_text_box(p: Any) -> bool:
    """Return whether a paragraph stands in a text box (`w:txbxContent`)."""
    parent = p.getparent()
    while parent is not None and parent.tag not in (_BODY, _TXBX):
        parent = parent.getparent()
    return parent is not None and parent.tag == _TXBX


def _inline(child: Any) -> bool:
    """Return whether a run's drawing is an inline picture (not a floating shape or text box)."""
    if child.tag != w("drawing"):
        return False
    inner = [el for el in child if isinstance(el.tag, str)]
    return bool(inner) and all(el.tag.endswith("}inline") for el in inner)


def _own_runs(p: Any) -> list[Any]:
    """Return the runs of a paragraph, not those of the text boxes it anchors (paragraphs of their own)."""
    out = []
    stack = list(reversed(p))
    while stack:
        el = stack.pop()
        if el.tag == _R:
            out.append(el)
        elif el.tag != _TXBX and el.tag not in _ANCHORS:
            stack.extend(reversed(el))
    return out


def _expand_simple_fields(p: Any) -> None:
    """Write each simple field (`w:fldSimple`) of a paragraph as a complex one (`w:fldChar` runs), so
    that a revision can hold the whole field: a revision holds runs, not simple fields."""
    for simple in list(p.iter(w("fldSimple"))):
        parent = simple.getparent()
        if parent is None:
            continue
        result = [child for child in simple]
        first = next((r for r in simple.iter(_R)), None)
        props = first.find(_RPR) if first is not None else None

        def run(props: Any = props) -> Any:
            new = etree.Element(_R)
            if props is not None:
                new.append(copy.deepcopy(props))
            return new

        begin = run()
        etree.SubElement(begin, w("fldChar"), {w("fldCharType"): "begin"})
        code = run()
        instr = etree.SubElement(code, _INSTR)
        instr.text = simple.get(w("instr"), "")
        instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        separate = run()
        etree.SubElement(separate, w("fldChar"), {w("fldCharType"): "separate"})
        end = run()
        etree.SubElement(end, w("fldChar"), {w("fldCharType"): "end"})
        for el in [begin, code, separate, *result, end]:
            simple.addprevious(el)
        parent.remove(simple)


_PACKAGE_FIELDS = frozenset(
    (
        "AUTHOR COMMENTS CREATEDATE DOCPROPERTY DOCVARIABLE EDITTIME FILENAME FILESIZE KEYWORDS "
        "LASTSAVEDBY NUMCHARS NUMWORDS PRINTDATE REVNUM SAVEDATE SUBJECT TEMPLATE TITLE"
    ).split()
)
"""Fields whose result is read from the package holding them (its properties, name, dates)."""


def _freeze_fields(p: Any) -> None:
    """Replace a copied left paragraph's fields of the package (`TITLE`, `AUTHOR` …, outermost complex
    fields) by their shown result: in the right package they would show the right document's title."""
    runs = list(p.iter(_R))
    fields: list[list[Any]] = []  # [begin, separate, end, code] as indexes into runs
    depth = 0
    for i, run in enumerate(runs):
        for el in run:
            if el.tag == _FLD_CHAR:
                kind = el.get(w("fldCharType"))
                if kind == "begin":
                    depth += 1
                    if depth == 1:
                        fields.append([i, None, None, []])
                elif kind == "separate" and depth == 1:
                    fields[-1][1] = i
                elif kind == "end" and depth:
                    if depth == 1:
                        fields[-1][2] = i
                    depth -= 1
            elif el.tag in (_INSTR, _DEL_INSTR) and depth == 1:
                fields[-1][3].append(el.text or "")
    drop: set[int] = set()
    for begin, separate, end, code in fields:
        words = "".join(code).split()
        if end is None or not words or words[0].upper() not in _PACKAGE_FIELDS:
            continue
        drop.update(range(begin, (end if separate is None else separate) + 1))
        drop.add(end)
    for i in sorted(drop):
        parent = runs[i].getparent()
        if parent is not None:
            parent.remove(runs[i])


def _to_deleted_text(p: Any, kind: str) -> None:
    """Turn a copied paragraph's text into deleted text (`w:delText`, `w:delInstrText`)."""
    if kind != _DEL and kind != _MOVE_FROM:
        return
    for el in p.iter(_T, _INSTR):
        el.tag = _DEL_TEXT if el.tag == _T else _DEL_INSTR


def _range(p: Any, name: str, attrs: dict[str, str], move: str | None, *, first: bool) -> None:
    el = etree.Element(w(name), attrs)
    if move is not None:
        el.set(w("name"), move)
    if first:
        props = p.find(_PPR)
        p.insert(1 if props is not None and p.index(props) == 0 else 0, el)
    else:
        p.append(el)


_PPR_AFTER_RPR = frozenset({_SECT_PR, _PPR_CHANGE})


def _mark(p: Any, kind: str, attrs: dict[str, str]) -> None:
    """Mark a paragraph's mark inserted, deleted or moved: `w:pPr/w:rPr/w:ins` (first in `w:rPr`)."""
    props = p.find(_PPR)
    if props is None:
        props = etree.Element(_PPR)
        p.insert(0, props)
    rpr = props.find(_RPR)
    if rpr is None:
        rpr = etree.Element(_RPR)
        after = next((c for c in props if c.tag in _PPR_AFTER_RPR), None)
        if after is not None:
            after.addprevious(rpr)
        else:
            props.append(rpr)
    if any(c.tag in _REVISION_TAGS for c in rpr):
        return
    rpr.insert(0, etree.Element(kind, attrs))


def _last_in_container(p: Any) -> bool:
    """Return whether a paragraph is the last of its cell or of the document body."""
    parent = p.getparent()
    if parent is None or parent.tag not in (_TC, _BODY):
        return False
    following = p.getnext()
    while following is not None:
        if following.tag in (_P, _TBL, w("sdt")):
            return False
        following = following.getnext()
    return True


def _before_table(p: Any) -> bool:
    """Return whether a paragraph of the body or a cell stands just before a table: its mark cannot
    go (Reject All of an inserted one left an empty paragraph before the table), as a last one's."""
    parent = p.getparent()
    if parent is None or parent.tag not in (_TC, _BODY):
        return False
    following = p.getnext()
    while following is not None and following.tag not in (_P, _TBL, w("sdt")):
        following = following.getnext()
    return following is not None and following.tag == _TBL


def _next_paragraph(p: Any) -> Any:
    """Return the paragraph a paragraph's content would merge into (its next sibling), else None."""
    following = p.getnext()
    while following is not None and following.tag not in (_P, _TBL, w("sdt")):
        following = following.getnext()
    return following if following is not None and following.tag == _P else None


_EMPTY_PARAGRAPH = etree.XPath(
    "boolean(w:p[not(.//w:t[normalize-space()]) and not(.//w:delText[normalize-space()])])",
    namespaces={"w": _ID[1 : _ID.index("}")]},
)
"""Whether a body holds a paragraph without text (one XPath, in C, before walking it in Python)."""


def _gaps(children: list[Any], gone: tuple[str, ...] | None) -> list[tuple[str, list[Any], Any]]:
    """Return a body's blocks as (key, the empty paragraphs before it, the block before those): the
    key of a paragraph is its text in the view (the reject view of a redline: paragraphs whose mark
    is in `gone` are left out, inserted text too), a table or content control a fixed key; the last
    entry (key "") holds the empty paragraphs that end the body."""
    out: list[tuple[str, list[Any], Any]] = []
    empties: list[Any] = []
    before = None
    for child in children:
        if child.tag == _P:
            if gone is not None and _mark_of(child) in gone:
                continue
            if gone is not None and next(child.iter(_INS, _MOVE_TO), None) is not None:
                text = "".join(
                    t.text or ""
                    for t in child.iter(_T, _DEL_TEXT)
                    if _ancestor(t, _INS) is None and _ancestor(t, _MOVE_TO) is None
                )
            else:
                text = "".join(child.itertext(_T, _DEL_TEXT))
            if _shows_nothing(child, text):
                empties.append(child)
                continue
            out.append((" ".join(text.split()), empties, before))
        elif child.tag in (_TBL, _SDT):
            out.append((f"\x00{child.tag}", empties, before))
        else:
            continue
        empties, before = [], child
    out.append(("", empties, before))
    return out


def _shows_nothing(p: Any, text: str) -> bool:
    """Whether a paragraph whose text (in the view at hand) is `text` is an empty paragraph: no text, no
    anchored object, field, break or symbol, and no section break."""
    if text.strip():
        return False
    if any(el.tag in _ANCHORS or el.tag in (_FLD_CHAR, w("fldSimple"), _BR, w("sym")) for el in p.iter()):
        return False
    props = p.find(_PPR)
    return props is None or props.find(_SECT_PR) is None


def _empty_paragraph(element: Any) -> bool:
    """Whether a body element is an empty paragraph (`_shows_nothing` of its text, deleted text too)."""
    return element.tag == _P and _shows_nothing(element, "".join(element.itertext(_T, _DEL_TEXT)))


def _siblings(first: Any, last: Any) -> list[Any]:
    """Return the elements from `first` to `last`, siblings in that order."""
    found = [first]
    while found[-1] is not last:
        found.append(found[-1].getnext())
    return found


def _has_ilvl(p: Any) -> bool:
    """Return whether a paragraph has a list level written on it (`w:pPr/w:numPr/w:ilvl`)."""
    props = p.find(_PPR)
    numpr = props.find(_NUMPR) if props is not None else None
    return numpr is not None and numpr.find(_ILVL) is not None


def _block_before(el: Any) -> Any:
    """Return the paragraph, table or content control before an element, past the markup between
    them (bookmarks, permissions, proofing marks), else None."""
    before = el.getprevious()
    while before is not None and before.tag not in (_P, _TBL, w("sdt")):
        before = before.getprevious()
    return before


def _previous_paragraph(p: Any) -> Any:
    """Return the paragraph whose content would merge into this one (its previous sibling), else None."""
    before = p.getprevious()
    while before is not None and before.tag not in (_P, _TBL, w("sdt")):
        before = before.getprevious()
    return before if before is not None and before.tag == _P else None


def _mark_of(p: Any) -> str | None:
    """Return the revision on a paragraph's mark (`w:ins`, `w:del` …), None when it has none."""
    props = p.find(_PPR)
    marks = props.find(_RPR) if props is not None else None
    if marks is None:
        return None
    return next((el.tag for el in marks if el.tag in _REVISION_TAGS), None)


_AFTER_TRACK_REVISIONS = frozenset(
    w(name)
    for name in (
        "doNotTrackMoves doNotTrackFormatting documentProtection autoFormatOverride styleLockTheme "
        "styleLockQFSet defaultTabStop autoHyphenation consecutiveHyphenLimit hyphenationZone "
        "doNotHyphenateCaps showEnvelope summaryLength clickAndTypeStyle defaultTableStyle "
        "evenAndOddHeaders bookFoldRevPrinting bookFoldPrinting bookFoldPrintingSheets "
        "drawingGridHorizontalSpacing drawingGridVerticalSpacing displayHorizontalDrawingGridEvery "
        "displayVerticalDrawingGridEvery doNotUseMarginsForDrawingGridOrigin drawingGridHorizontalOrigin "
        "drawingGridVerticalOrigin doNotShadeFormData noPunctuationKerning characterSpacingControl "
        "printTwoOnOne strictFirstAndLastChars noLineBreaksAfter noLineBreaksBefore savePreviewPicture "
        "doNotValidateAgainstSchema saveInvalidXml ignoreMixedContent alwaysShowPlaceholderText "
        "doNotDemarcateInvalidXml saveXmlDataOnly useXSLTWhenSaving saveThroughXslt showXMLTags "
        "alwaysMergeEmptyNamespace updateFields hdrShapeDefaults footnotePr endnotePr compat docVars "
        "rsids attachedSchema themeFontLang clrSchemeMapping doNotIncludeSubdocsInStats "
        "doNotAutoCompressPictures forceUpgrade captions readModeInkLockDown smartTagType "
        "schemaLibrary shapeDefaults doNotEmbedSmartTags decimalSymbol listSeparator"
    ).split()
)
"""Settings that come after `w:trackRevisions` in the schema's order."""
_BEFORE_NUMPR = frozenset(
    w(name) for name in ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl")
)
_GROUP = {_INS: (_INS, _MOVE_TO), _DEL: (_DEL, _MOVE_FROM)}
_KIND = {_INS: _INS, _MOVE_TO: _INS, _DEL: _DEL, _MOVE_FROM: _DEL}
_NOT_CONTENT = frozenset(
    {
        _PPR,
        w("bookmarkStart"),
        w("bookmarkEnd"),
        w("commentRangeStart"),
        w("commentRangeEnd"),
        w("moveFromRangeStart"),
        w("moveFromRangeEnd"),
        w("moveToRangeStart"),
        w("moveToRangeEnd"),
        w("proofErr"),
        w("permStart"),
        w("permEnd"),
        w("smartTagPr"),  # (a smart tag's or custom XML element's own properties: see _kinds)
        w("customXmlPr"),
    }
)


def _content(p: Any) -> list[Any]:
    return [child for child in p if isinstance(child.tag, str) and child.tag not in _NOT_CONTENT]


def _edge(p: Any, *, last: bool) -> str | None:
    """Return the revision (`w:ins` or `w:del`) a paragraph's content ends (starts) with, else None."""
    child = (p[-1] if last else p[0]) if len(p) else None
    while child is not None and (not isinstance(child.tag, str) or child.tag in _NOT_CONTENT):
        child = child.getprevious() if last else child.getnext()
    return None if child is None else _KIND.get(child.tag)


def _restorable(p: Any) -> bool:
    """Return whether a paragraph's former properties (its own, or those its `w:pPrChange` records)
    name no list level but 0: LibreOffice 7.4 restores no other level from a `w:pPrChange`."""
    if p is None:
        return False
    props = p.find(_PPR)
    before = props.find(f"{_PPR_CHANGE}/{_PPR}") if props is not None else None
    return _ppr_key(before if before is not None else props)[2] in (None, "0")


def _deleted_before(p: Any) -> Any:
    """Return the paragraph before `p` and the inserted paragraphs before it, when it is wholly
    deleted (content and mark), else None."""
    previous = _block_before(p)
    while previous is not None and previous.tag == _P and _mark_of(previous) in (_INS, _MOVE_TO):
        previous = _block_before(previous)
    if previous is None or previous.tag != _P or _mark_of(previous) != _DEL or _whole(previous) != _DEL:
        return None
    return previous


def _wholly_deleted(p: Any) -> bool:
    """Return whether a paragraph is in the document, with a deleted mark and no text but deleted text
    (its text is `w:delText`, links' too)."""
    return p.getparent() is not None and _mark_of(p) == _DEL and next(p.iter(_T), None) is None


def _whole(p: Any) -> str | None:
    """Return the revision all of a paragraph's content is in (`w:ins` or `w:del`), else None; the
    content of a link, smart tag, custom XML element or inline content control counts as its own (a
    footnote's back-link: a deleted paragraph ending in one is still wholly deleted)."""
    kinds = set(_kinds(p))
    return kinds.pop() if len(kinds) == 1 else None


def _kinds(container: Any) -> Iterator[str | None]:
    """Yield the revision kind of each piece of a paragraph's (or an inline container's) content."""
    for child in _content(container):
        if child.tag in _KIND:
            yield _KIND[child.tag]
        elif child.tag in _SPLIT_CONTAINERS:
            yield from _kinds(child)
        elif child.tag == _SDT and (inner := child.find(_SDT_CONTENT)) is not None:
            yield from _kinds(inner)
        else:
            yield None


def _swap_edge(p: Any, *, last: bool) -> bool:
    """Swap a deletion/insertion pair at the end (start) of a paragraph; return whether one was."""
    content = _content(p)
    if len(content) < 2:
        return False
    a, b = (content[-2], content[-1]) if last else (content[0], content[1])
    kinds = {_KIND.get(a.tag), _KIND.get(b.tag)}
    if kinds != {_INS, _DEL}:
        return False
    b.addnext(a)
    return True


def _kept_before(p: Any, kinds: tuple[str, str]) -> Any:
    """Return the paragraph before `p` and the revised paragraphs before it, when its mark is kept."""
    previous = _block_before(p)
    while previous is not None and previous.tag == _P and _mark_of(previous) in kinds:
        previous = _block_before(previous)
    if previous is None or previous.tag != _P or _mark_of(previous) is not None:
        return None
    return previous


def _canonical(element: Any) -> bytes:
    """Return an element's bytes without its empty property holders (`<w:rPr/>`: one producer writes
    an empty one where another writes none, in lists defined alike)."""
    element = copy.deepcopy(element)
    for el in reversed(list(element.iter(_RPR, _PPR))):
        if len(el) == 0 and not el.attrib and el is not element:
            el.getparent().remove(el)
    return bytes(etree.tostring(element))


def _clean_ppr(props: Any) -> Any:
    """Return paragraph properties without their mark, section and former properties (in place)."""
    if props is None:
        return None
    for el in list(props):
        if el.tag in (_RPR, _SECT_PR, _PPR_CHANGE):
            props.remove(el)
    return props


def _has_ilvl_above_zero(p: Any) -> bool:
    level = p.find(f"{_PPR}/{_NUMPR}/{w('ilvl')}")
    return level is not None and level.get(_VAL, "0") != "0"


def _num_id(p: Any) -> str | None:
    props = p.find(_PPR)
    numpr = props.find(_NUMPR) if props is not None else None
    el = numpr.find(_NUM_ID) if numpr is not None else None
    return el.get(_VAL) if el is not None else None


def _ppr_key(props: Any) -> tuple[str | None, str | None, str | None]:
    if props is None:
        return None, None, None
    style = props.find(_PSTYLE)
    num = props.find(f"{_NUMPR}/{_NUM_ID}")
    lvl = props.find(f"{_NUMPR}/{_ILVL}")
    return (
        style.get(_VAL) if style is not None else None,
        num.get(_VAL) if num is not None else None,
        lvl.get(_VAL) if lvl is not None else None,
    )
