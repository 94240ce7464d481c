"""List numbering of the generated Word redline: each side numbered on its own, list instances shared.

Each side's clauses are walked alone, in that side's order, and given a paragraph style and a list
(`w:numId`, level) exactly as a redline of that document with itself would give them. Since Accept All
leaves only the paragraphs of the right-hand clauses, each carrying its right-hand properties, and
Reject All only the left-hand ones with their left-hand properties, the lists count the same
paragraphs as in the document alone, whatever was split, merged or moved between them.

A numbered clause continues the open list of its track (numeric labels of headings and items,
letters, bullets) only when the list would give it the number of its label; otherwise a new list
instance starts at that number. Each list instance has a list definition (`w:abstractNum`) of its
own holding its start numbers, and no `w:lvlOverride`: LibreOffice turns a `w:startOverride` into a
restart of the first paragraph that uses the instance when the file is opened, which is wrong when
Accept All or Reject All removes that paragraph, or when another comes back into the list from a
`w:pPrChange` ("2.2" read "2.1", "4." read "3."); and Word counts on across instances that share a
definition. The two sides share list instances: the n-th list of a kind starting at the same
numbers is one `w:num` for both, so a paragraph kept on both sides usually keeps its `w:numPr` and
shows no formatting revision.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from lxml import etree

from policydiff.model import Clause, ClauseKind
from policydiff.renderers import _ooxml as ox

Props = tuple[str | None, tuple[str, int] | None]
"""A paragraph's style id and list numbering (num id, level)."""

NO_PROPS: Props = (None, None)
LEVELS = 9
_LVL, _ILVL, _START, _VAL = ox.w("lvl"), ox.w("ilvl"), ox.w("start"), ox.w("val")
NUMERIC_LABEL = re.compile(r"^\(?(\d+)(?:\.\d+)*[.)]?$")
LETTER_LABEL = re.compile(r"^\(?([a-zA-Z])[.)]$")


@dataclass(slots=True)
class _Open:
    """A list instance as one side's walk left it: the last number given at each level."""

    num_id: int
    starts: dict[int, int]
    counters: list[int | None] = field(default_factory=lambda: [None] * LEVELS)

    def next(self, level: int) -> int:
        """Return the number the next paragraph at `level` would get in this instance."""
        current = self.counters[level]
        return current + 1 if current is not None else self.starts.get(level, 1)

    def place(self, level: int, value: int) -> None:
        """Record a paragraph numbered `value` at `level`; deeper levels restart."""
        self.counters[level] = value
        for deeper in range(level + 1, LEVELS):
            self.counters[deeper] = None


class Lists:
    """The list definitions and instances a redline adds to its numbering part."""

    def __init__(self, numbering: etree._Element, style_ids: Mapping[str, str]) -> None:
        self.numbering = numbering
        self.style_ids = style_ids
        self.free_num = max(_numbers(numbering, "num", "numId"), default=0) + 1
        self.abstract: dict[tuple[str, tuple[tuple[int, int], ...], int], int] = {}
        """The list definition of each list instance (one each: see the module)."""
        self.free_abstract = 0
        self.nums: list[etree._Element] = []
        self.shared: dict[tuple[str, tuple[tuple[int, int], ...], int], int] = {}

    def plan(self, clauses: Sequence[Clause]) -> dict[str, Props]:
        """Return the paragraph properties of each clause (by id) of one side, walked in order."""
        side = _Side(self)
        return {clause.id: side.props(clause) for clause in clauses}

    def instance(self, kind: str, starts: Mapping[int, int], occurrence: int) -> int:
        """Return the num id of a side's `occurrence`-th list of `kind` starting at `starts`."""
        key = (kind, tuple(sorted(starts.items())), occurrence)
        found = self.shared.get(key)
        if found is not None:
            return found
        if not self.abstract:
            self.free_abstract = max(_numbers(self.numbering, "abstractNum", "abstractNumId"), default=-1) + 1
        num_id, abstract_id = self.free_num, self.free_abstract
        self.free_num += 1
        self.free_abstract += 1
        self.abstract[key] = abstract_id
        self.nums.append(ox.num(num_id, abstract_id, {}))
        self.shared[key] = num_id
        return num_id

    def finish(self) -> None:
        """Add the list definitions and instances used to the numbering part, in schema order."""
        root = self.numbering
        abstracts = root.findall(ox.w("abstractNum"))
        at = root.index(abstracts[-1]) + 1 if abstracts else len(root.findall(ox.w("numPicBullet")))
        for (kind, begin, _), abstract_id in sorted(self.abstract.items(), key=lambda item: item[1]):
            definition = ox.abstractNum(abstract_id, kind)
            for level, start in begin:
                for el in definition.iterfind(f"{_LVL}[@{_ILVL}='{level}']/{_START}"):
                    el.set(_VAL, str(start))
            root.insert(at, definition)
            at += 1
        cleanup = root.find(ox.w("numIdMacAtCleanup"))
        for el in self.nums:
            if cleanup is not None:
                cleanup.addprevious(el)
            else:
                root.append(el)


class _Side:
    """One side's walk: the open list of each track and how many lists of each kind it started."""

    def __init__(self, lists: Lists) -> None:
        self.lists = lists
        self.open: dict[str, _Open] = {}
        self.started: Counter[tuple[str, tuple[tuple[int, int], ...]]] = Counter()

    def props(self, clause: Clause) -> Props:
        """Return a clause's paragraph style and list numbering.

        List items are in a list; so are headings with a numeric label (`1.`, `4.2`), which keep
        their heading style and take their number from the same decimal list as the items.
        """
        styles, kind, label = self.lists.style_ids, clause.kind, clause.label or ""
        if kind is ClauseKind.LIST_ITEM:
            return styles.get("list paragraph"), self.item(clause, label)
        if kind is ClauseKind.HEADING:
            style = styles.get(f"heading {min(max(clause.level, 1), LEVELS)}")
            return style, self.numeric(label) if NUMERIC_LABEL.match(label) else None
        if kind is ClauseKind.TITLE:
            return styles.get("title"), None
        return NO_PROPS

    def item(self, clause: Clause, label: str) -> tuple[str, int]:
        """Return the list of a list item: decimal for numeric labels, letters for `a)`, else bullets."""
        if NUMERIC_LABEL.match(label):
            return self.numeric(label)
        level = min(max(clause.level, 0), LEVELS - 1)
        letter = LETTER_LABEL.match(label)
        if letter is None:
            return self.number("bullet", "bullet", [], level)
        kind = "lowerLetter" if letter.group(1).islower() else "upperLetter"
        index = ord(letter.group(1).lower()) - ord("a") + 1
        return self.number(kind, kind, [index], level)

    def numeric(self, label: str) -> tuple[str, int]:
        """Return the decimal list (num id, level) of a numeric label; its depth is its level.

        Numeric headings and items share one track, as `1. Purpose` and its items `1.1`, `1.2` do.
        """
        numbers = [int(n) for n in re.findall(r"\d+", label)][:LEVELS]
        return self.number("decimal", "decimal", numbers, len(numbers) - 1)

    def number(self, track: str, kind: str, numbers: list[int], level: int) -> tuple[str, int]:
        """Continue the track's open list when it gives `numbers`, else start a list at them.

        `numbers` are the label's numbers from level 0 (decimal) or the one number of `level`
        (letters); bullets have none and always continue.
        """
        current = self.open.get(track)
        if current is not None and self.continues(current, kind, numbers, level):
            current.place(level, numbers[-1] if numbers else 0)
            return str(current.num_id), level
        if kind == "decimal":
            starts = {depth: max(value, 0) for depth, value in enumerate(numbers)}
        else:
            starts = {level: max(numbers[0], 1)} if numbers else {}
        key = (kind, tuple(sorted(starts.items())))
        occurrence = self.started[key]
        self.started[key] += 1
        current = _Open(self.lists.instance(kind, starts, occurrence), starts)
        current.place(level, numbers[-1] if numbers else 0)
        self.open[track] = current
        return str(current.num_id), level

    @staticmethod
    def continues(current: _Open, kind: str, numbers: list[int], level: int) -> bool:
        """Return whether the next paragraph at `level` of `current` shows `numbers`."""
        if not numbers:
            return True
        if current.next(level) != numbers[-1]:
            return False
        if kind != "decimal":
            return True
        return all(current.counters[depth] == numbers[depth] for depth in range(level))


def _numbers(root: etree._Element, tag: str, attribute: str) -> list[int]:
    """Return the numeric values of an attribute over every `w:<tag>` in a part."""
    values = (el.get(ox.w(attribute)) or "" for el in root.iter(ox.w(tag)))
    return [int(value) for value in values if value.isdigit()]
