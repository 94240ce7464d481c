"""One side's package, traced, with its clauses' paragraphs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from policydiff.model import Clause
from policydiff.readers.docx import (
    DocxTrace,
    ParagraphTrace,
)
from policydiff.renderers.docx_package.elements import _ancestor
from policydiff.renderers.docx_package.names import _TC


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
