"""The writer's state: both sides, the revision ids, and the parts it reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from policydiff.ooxml import build as ox
from policydiff.ooxml.revisions import accept_all
from policydiff.renderers.docx_package.names import _ALL_IDS
from policydiff.renderers.docx_package.side import _Side


@dataclass(slots=True)
class _Base:
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
    restarted_at: set[str] = field(default_factory=set)
    """Left lists mapped onto a copy of their own: the right list they pair with starts at another number."""
    left_lists: dict[str, tuple[Any, Any]] | None = None
    """The left numbering part's lists by `w:numId`: (`w:num`, its `w:abstractNum`), made on first use."""
    right_free: tuple[int, int, int, Any, Any] | None = None
    """For lists copied into the right numbering part (`import_num`): its child count when last seen, the
    next free `w:abstractNumId` and `w:numId`, and its last `w:abstractNum` and `w:num`; made again when
    anything else changed the part."""
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
    left_heads: dict[str, Any] = field(default_factory=dict)
    """The first paragraph of each list (`w:numId` written on it) in the left body, once looked up."""
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
