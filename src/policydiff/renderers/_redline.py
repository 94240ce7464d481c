"""What every human-readable report shares: the numbered redline of each change and the summary facts."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from operator import attrgetter
from typing import cast

from policydiff._values import dataclass
from policydiff.classes import describe, summary
from policydiff.model import (
    Change,
    ChangeOp,
    Clause,
    Comparison,
    Diagnostic,
    Edit,
    EditOp,
    Format,
    Policy,
    Relabel,
    UnchangedRun,
)

# Enum members as module constants: `EditOp.EQUAL` goes through the enum metaclass's attribute hook
# (about half a microsecond), a global is a dict lookup; these are read in loops over edits and clauses.
_EQUAL = EditOp.EQUAL
_INSERT = EditOp.INSERT
_DELETE = EditOp.DELETE
_UNCHANGED = ChangeOp.UNCHANGED
_MOVED = ChangeOp.MOVED
_ADDED = ChangeOp.ADDED
_REMOVED = ChangeOp.REMOVED


OP_TITLES: dict[ChangeOp, str] = {
    ChangeOp.UNCHANGED: "Unchanged",
    ChangeOp.REWORDED: "Reworded",
    ChangeOp.MOVED: "Moved",
    ChangeOp.SPLIT: "Split",
    ChangeOp.MERGED: "Merged",
    ChangeOp.ADDED: "Added",
    ChangeOp.REMOVED: "Removed",
}
OP_MEANINGS: dict[ChangeOp, str] = {
    ChangeOp.UNCHANGED: "same text on both sides (cosmetic differences aside)",
    ChangeOp.REWORDED: "paired clauses whose words differ",
    ChangeOp.MOVED: "a clause found at a different place in the order",
    ChangeOp.SPLIT: "one left clause became several right clauses",
    ChangeOp.MERGED: "several left clauses became one right clause",
    ChangeOp.ADDED: "a clause only on the right",
    ChangeOp.REMOVED: "a clause only on the left",
}
FORMATTING_TITLE = "Formatting or links changed"
FORMATTING_MEANING = (
    "kept words whose emphasis (bold, italic, underline, strikethrough, code) or link target differs"
)
RENUMBERED_TITLE = "Renumbered"
RENUMBERED_MEANING = "paired clauses whose list label differs (cosmetic: not a change on its own)"
IGNORED = (
    "curly and straight quotes",
    "dash variants (hyphen, en dash, em dash, minus)",
    "bullet characters",
    "whitespace",
    "list labels (renumbering: shown, never a change on its own)",
)
"""What normalisation treats as cosmetic: such differences never make a change on their own."""


TYPE_CHECKING = False
if TYPE_CHECKING:  # for type checkers only: making a Protocol class costs about half a millisecond
    from typing import Protocol, TypeVar

    class Marked(Protocol):
        """What a piece of a redline shows: a `Piece`, or an `Edit` that holds no clause boundary."""

        @property
        def op(self) -> EditOp: ...

        @property
        def text(self) -> str: ...

        @property
        def cls(self) -> str | None: ...

    _M = TypeVar("_M", bound=Marked)

_QUOTE_CHARS = "'\"‘’‚‛′`´“”„‟″«»"
_DASH_CHARS = "-‐‑‒–—―−"


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of one edit's text; a `"\\n"` piece may be the boundary between two clauses of a side."""

    op: EditOp
    text: str
    cls: str | None = None
    left_break: bool = False
    """This `"\\n"` joins two left clauses (a split or merge joins the N texts with `"\\n"`)."""
    right_break: bool = False
    """This `"\\n"` joins two right clauses."""

    @property
    def is_break(self) -> bool:
        return self.left_break or self.right_break


@dataclass(frozen=True, slots=True)
class Redline:
    """One change, numbered from 1, with its clauses and its word-level pieces ready to render."""

    number: int
    change: Change
    left: tuple[Clause, ...]
    right: tuple[Clause, ...]
    pieces: tuple[Piece, ...]
    exact: bool
    """False when the change's edits did not rebuild the clause texts, and whole texts are shown instead."""

    @property
    def op(self) -> ChangeOp:
        return self.change.op

    @property
    def section(self) -> tuple[str, ...]:
        """Return the section path of the change: the right side's, or the left's for a removal."""
        clauses = self.right or self.left
        return clauses[0].section if clauses else ()

    def side(self, side: str) -> list[list[Piece]]:
        """Return the pieces of one side (`left` or `right`), one list per clause of that side."""
        left = side == "left"
        keep = _DELETE if left else _INSERT
        if not (self.left if left else self.right):
            return []
        groups: list[list[Piece]] = [[]]
        for piece in self.pieces:
            if piece.op is not _EQUAL and piece.op is not keep:
                continue
            if piece.left_break if left else piece.right_break:
                groups.append([])
            else:
                groups[-1].append(piece)
        return groups

    @property
    def is_relabelled(self) -> bool:
        """Return whether this is a one-to-one pair whose list labels differ (as a renumbering would)."""
        return len(self.left) == 1 and len(self.right) == 1 and self.left[0].label != self.right[0].label

    @property
    def has_cosmetic(self) -> bool:
        """Return whether any piece is a cosmetic difference (the only lines `cosmetic_kinds` counts)."""
        return any(p.cls == "cosmetic" for p in self.pieces)

    def marked(self, cls: str) -> int:
        """Return how many runs of inserted/deleted text carry the class `slot` or `cosmetic`."""
        return sum(1 for run in _runs(self.pieces) if all(p.cls == cls for p in run))


def redlines(comparison: Comparison) -> list[Redline]:
    """Return every change of a comparison as a numbered `Redline`, in the comparison's order."""
    return list(iter_redlines(comparison))


def iter_redlines(comparison: Comparison) -> Iterator[Redline]:
    """Yield the redlines of `redlines` one at a time, for a renderer that need not hold them all."""
    left = {c.id: c for c in comparison.left.clauses}
    right = {c.id: c for c in comparison.right.clauses}
    for number, change in enumerate(comparison.changes, 1):
        lclauses = tuple([left[i] for i in change.left if i in left])
        rclauses = tuple([right[i] for i in change.right if i in right])
        yield redline_with(number, change, lclauses, rclauses)


def redline_of(
    number: int, change: Change, left: Mapping[str, Clause], right: Mapping[str, Clause]
) -> Redline:
    """Return the redline of one change (numbered `number`), the clauses looked up by id in each side's map.

    What `iter_redlines` yields, for a renderer that makes redlines only for some changes.
    """
    lclauses = tuple([left[i] for i in change.left if i in left])
    rclauses = tuple([right[i] for i in change.right if i in right])
    return redline_with(number, change, lclauses, rclauses)


def redline_with(
    number: int, change: Change, lclauses: tuple[Clause, ...], rclauses: tuple[Clause, ...]
) -> Redline:
    """Return the redline of one change (numbered `number`) whose clauses the caller has found."""
    if len(lclauses) < 2 and len(rclauses) < 2:
        # One clause a side (or none), the usual case: its text is the side's text, nothing joins it.
        ltext = lclauses[0].text if lclauses else ""
        rtext = rclauses[0].text if rclauses else ""
        edits, exact = effective_edits(change, ltext, rtext)
        if "\n" not in ltext and "\n" not in rtext:
            # No edit holds a newline (the edits rebuild these texts, or are these texts): one piece each.
            pieces = tuple([Piece(e.op, e.text, e.cls) for e in edits if e.text])
        else:
            pieces = _pieces(edits, _NO_JOINS, _NO_JOINS)
        return Redline(number, change, lclauses, rclauses, pieces, exact)
    ltexts = [c.text for c in lclauses]
    rtexts = [c.text for c in rclauses]
    edits, exact = effective_edits(change, "\n".join(ltexts), "\n".join(rtexts))
    return Redline(number, change, lclauses, rclauses, _pieces(edits, _joins(ltexts), _joins(rtexts)), exact)


def effective_edits(change: Change, ltext: str, rtext: str) -> tuple[tuple[Edit, ...], bool]:
    """Return the edits to show, and whether the change's own edits were usable (or absent).

    `ltext` and `rtext` are each side's clause texts joined by `"\\n"`; a renderer that shows a
    change without cutting it into pieces (one clause a side, no newline) shows these edits."""
    edits = change.edits
    if edits:
        insert, delete = _INSERT, _DELETE
        rebuilt_left = "".join([e.text for e in edits if e.op is not insert])
        rebuilt_right = "".join([e.text for e in edits if e.op is not delete])
        if rebuilt_left == ltext and rebuilt_right == rtext:
            return edits, True
    exact = not edits
    if ltext == rtext:
        return ((Edit(_EQUAL, ltext),) if ltext else ()), exact
    cls = "cosmetic" if change.op is _UNCHANGED else None
    whole = [Edit(_DELETE, ltext, cls), Edit(_INSERT, rtext, cls)]
    return tuple(e for e in whole if e.text), exact


_NO_JOINS: frozenset[int] = frozenset()


def _joins(texts: Sequence[str]) -> AbstractSet[int]:
    """Return the offsets of the `"\\n"` that join `texts` into one string."""
    if len(texts) < 2:
        return _NO_JOINS  # one clause a side, the usual case: nothing to join
    out, position = set(), 0
    for text in texts[:-1]:
        position += len(text)
        out.add(position)
        position += 1
    return out


def _pieces(edits: Sequence[Edit], ljoins: AbstractSet[int], rjoins: AbstractSet[int]) -> tuple[Piece, ...]:
    """Return the edits cut at every `"\\n"`, each newline marked if it joins two clauses of a side."""
    if len(edits) == 1 and "\n" not in edits[0].text:
        # One edit on one line, the usual case for an unchanged clause: one piece, nothing to cut.
        edit = edits[0]
        return (Piece(edit.op, edit.text, edit.cls),) if edit.text else ()
    out: list[Piece] = []
    lpos = rpos = 0
    for edit in edits:
        on_left = edit.op is not _INSERT
        on_right = edit.op is not _DELETE
        parts = edit.text.split("\n")
        for index, part in enumerate(parts):
            if part:
                out.append(Piece(edit.op, part, edit.cls))
                lpos += len(part) if on_left else 0
                rpos += len(part) if on_right else 0
            if index < len(parts) - 1:
                lbreak = on_left and lpos in ljoins
                rbreak = on_right and rpos in rjoins
                out.append(Piece(edit.op, "\n", edit.cls, lbreak, rbreak))
                lpos += 1 if on_left else 0
                rpos += 1 if on_right else 0
    return tuple(out)


def _runs(pieces: Iterable[_M]) -> list[list[_M]]:
    """Return the maximal runs of consecutive inserted/deleted pieces (one difference each)."""
    runs: list[list[_M]] = []
    current: list[_M] = []
    for piece in pieces:
        if piece.op is _EQUAL:
            if current:
                runs.append(current)
            current = []
        else:
            current.append(piece)
    if current:
        runs.append(current)
    return runs


def cosmetic_kinds(lines: Iterable[Redline]) -> dict[str, int]:
    """Return how many cosmetic differences were shown, by kind: quotes, dashes, whitespace, other."""
    counts = {"quotes": 0, "dashes": 0, "whitespace": 0, "other": 0}
    for line in lines:
        _count_cosmetic(line.pieces, counts)
    return counts


def cosmetic_counts(pieces: Iterable[Marked]) -> dict[str, int]:
    """Return `cosmetic_kinds` of one redline's pieces (or of edits that hold no clause boundary)."""
    counts = {"quotes": 0, "dashes": 0, "whitespace": 0, "other": 0}
    _count_cosmetic(pieces, counts)
    return counts


def _count_cosmetic(pieces: Iterable[Marked], counts: dict[str, int]) -> None:
    for run in _runs(pieces):
        if not all(p.cls == "cosmetic" for p in run):
            continue
        old = "".join(p.text for p in run if p.op is _DELETE)
        new = "".join(p.text for p in run if p.op is _INSERT)
        if "".join(old.split()) == "".join(new.split()):
            counts["whitespace"] += 1
        elif _without(old, _QUOTE_CHARS) == _without(new, _QUOTE_CHARS):
            counts["quotes"] += 1
        elif _without(old, _DASH_CHARS) == _without(new, _DASH_CHARS):
            counts["dashes"] += 1
        else:
            counts["other"] += 1


def _without(text: str, chars: str) -> str:
    return "".join(ch for ch in text if ch not in chars)


def relabelled(lines: Iterable[Redline]) -> int:
    """Return how many one-to-one pairs differ in their list label only as a renumbering would."""
    return sum(1 for line in lines if line.is_relabelled)


def all_warnings(comparison: Comparison) -> list[Diagnostic]:
    """Return the comparison's warnings and both inputs' warnings, each once, in order."""
    return list(dict.fromkeys((*comparison.left.warnings, *comparison.right.warnings, *comparison.warnings)))


def option_value(value: object) -> str:
    """Return an option value as stable text: strings as they are, anything else as JSON.

    The JSON is `json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)`. Numbers, flags, null,
    plain strings and lists and string-keyed dicts of them (what every option holds: the slot list, the
    thresholds) are written here as `json.dumps` writes them, so a report's footer does not import `json`
    (2 ms of a run's start-up); anything else goes through `json.dumps`.
    """
    if type(value) is str:
        return value
    try:
        text = _plain_json(value)
    except RecursionError:
        text = None
    if text is not None:
        return text
    import json

    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _plain_json(value: object) -> str | None:
    """Return `json.dumps(value, ensure_ascii=False, sort_keys=True)` of a plain value, None for any other.

    Plain: None, a flag, an int, a finite float, a string with nothing `json` escapes (printable, no quote
    or backslash), and lists, tuples and string-keyed dicts of plain values.
    """
    kind = type(value)
    if value is None:
        return "null"
    if kind is bool:
        return "true" if value else "false"
    if kind is int or (kind is float and cast(float, value) - cast(float, value) == 0.0):  # finite
        return repr(value)
    if kind is str:
        text = cast(str, value)
        return f'"{text}"' if text.isprintable() and '"' not in text and "\\" not in text else None
    if kind is list or kind is tuple:
        items = [_plain_json(item) for item in cast("list[object]", value)]
        return None if None in items else "[" + ", ".join(cast("list[str]", items)) + "]"
    if kind is dict:
        mapping = cast("dict[object, object]", value)
        if not all(type(key) is str for key in mapping):
            return None
        pairs = []
        for key in sorted(cast("dict[str, object]", mapping)):
            shown, item = _plain_json(key), _plain_json(mapping[key])
            if shown is None or item is None:
                return None
            pairs.append(f"{shown}: {item}")
        return "{" + ", ".join(pairs) + "}"
    return None


def metadata_object(policy: Policy) -> dict[str, str]:
    """Return the metadata as one object: the first value of a key wins; header/footer lines join.

    The JSON report's `metadata`; here, so that the HTML and Markdown reports read it without importing
    the JSON renderer."""
    out: dict[str, str] = {}
    for key, value in policy.metadata:
        if key in ("header", "footer") and key in out:
            out[key] += "\n" + value
        else:
            out.setdefault(key, value)
    return out


def policy_name(policy: Policy) -> str:
    """Return a short human name of a policy: its title and organisation, else its file name."""
    parts = [p for p in (policy.title, policy.organisation) if p]
    return " — ".join(parts) if parts else policy.source


def score_text(change: Change) -> str:
    """Return how a pairing was made, e.g. `fuzzy 0.83`; `not paired` for additions and removals."""
    if change.op in (_ADDED, _REMOVED):
        return "not paired"
    return f"{change.matched_by} {change.score:.2f}"


def moved_from(comparison: Comparison, positions: Mapping[str, int] | None = None) -> dict[int, int]:
    """Return, for each moved change number, the number of the change after which it stood on the left.

    Changes are numbered from 1 in the comparison's order, as `redlines` numbers them; 0 means it was
    the first clause on the left. Costs by the parts of the comparison (an unchanged run is one part, and
    never moved) and the moved changes. `positions` is each left clause's place by id (the last of an id
    wins), when the caller has it (`SignoffList.left_index`); else it is made if a change moved.
    """
    moves: list[tuple[int, int]] = []  # (change number, left place of its first left clause)
    numbers: list[int] = []  # the number and left ids of every change not in a run
    lefts: list[tuple[str, ...]] = []
    runs: list[tuple[int, int, int]] = []  # (first left place, length, number of its first pair) of each run
    moved_op = _MOVED
    clauses = comparison.left.clauses
    position = positions
    number = 0
    for part in comparison.parts():
        if isinstance(part, UnchangedRun):
            runs.append((part.left, part.length, number + 1))
            number += part.length
            continue
        number += 1
        numbers.append(number)
        lefts.append(part.left)
        if part.op is moved_op and part.left:
            if position is None:  # the last of an id wins
                position = dict(zip(map(_ID, clauses), range(len(clauses)), strict=True))
            if part.left[0] in position:
                moves.append((number, position[part.left[0]]))
    if not moves:
        return {}
    wanted = {clauses[index - 1].id for _, index in moves if index > 0}
    holder = _holders(numbers, lefts, wanted)
    if runs and position is not None:
        # A predecessor in an unchanged run: the run holding its left place (runs do not overlap).
        runs.sort()
        starts = [run[0] for run in runs]
        for cid in wanted:
            index = position[cid]
            at = bisect_right(starts, index) - 1
            if at >= 0:
                first, length, pair = runs[at]
                if index < first + length:
                    holder[cid] = max(holder.get(cid, 0), pair + index - first)
    return {number: holder.get(clauses[index - 1].id, 0) if index > 0 else 0 for number, index in moves}


def _holders(
    numbers: Sequence[int], lefts: Sequence[tuple[str, ...]], wanted: AbstractSet[str]
) -> dict[str, int]:
    """Return the number of the last change holding each wanted left clause id (those held by one), of
    the changes numbered `numbers` with these left ids."""
    # One-clause left sides (nearly all) through one dict made in C, keyed by the 1-tuple itself; the last
    # change holding a tuple wins, as in a loop.
    single = dict(zip(lefts, numbers, strict=True))
    holder = {cid: single[(cid,)] for cid in wanted if (cid,) in single}
    for number, left in zip(numbers, lefts, strict=True):
        if len(left) > 1:
            for cid in left:
                if cid in wanted and holder.get(cid, 0) < number:
                    holder[cid] = number
    return holder


_ID = attrgetter("id")


def format_text(fmt: Format, *, block: bool = False) -> str:
    """Return a formatting in words: `bold, italic`, `strikethrough`, `code`, `link https://…`, or `plain`;
    with `block` (a clause made a heading, or body text), `heading` or `body text`; for a heading at
    another level, `heading level 2`."""
    if block:
        return "heading" if fmt.heading else "body text"
    if fmt.level is not None:
        return f"heading level {fmt.level}"
    parts = [name for name in ("bold", "italic", "underline") if getattr(fmt, name)]
    if fmt.strike:
        parts.append("strikethrough")
    if fmt.code:
        parts.append("code")
    if fmt.href is not None:
        parts.append(f"link {fmt.href}")
    return ", ".join(parts) or "plain"


def formatting_lines(change: Change) -> list[str]:
    """Return one line per formatting difference: `“guide”: link https://a → link https://b`,
    `“Contacts”: heading → body text`, `“Contacts”: heading level 2 → heading level 3`."""
    out = []
    for f in change.formatting:
        block = f.left.heading != f.right.heading
        if not block and f.left.level is not None and f.left.level == f.right.level:
            # Levels are compared after the shift of every heading (`compare._level_shift`): a heading that
            # kept its level where the others all went a level up or down changed its place in the outline
            # (decision 0011, session 22); "heading level 3 → heading level 3" alone reads as no change.
            out.append(
                f"“{f.text.strip()}”: kept heading level {f.left.level}; most other headings changed level"
            )
            continue
        out.append(
            f"“{f.text.strip()}”: {format_text(f.left, block=block)} → {format_text(f.right, block=block)}"
        )
    return out


def relabel_text(label: Relabel) -> str:
    """Return a renumbering in words: `renumbered 1. → 2.` (`no label` for a side without one)."""
    return f"renumbered {label.left or 'no label'} → {label.right or 'no label'}"


def shared_text(change: Change) -> str:
    """Return the shared words of a pairing in plain words (`shared words: x, y`), or an empty string."""
    return f"shared words: {', '.join(change.shared)}" if change.shared else ""


CLASSES_TITLE = "What changed for a reviewer"
CLASSES_MEANING = (
    "obligations made stronger or weaker, added or removed, negations added or removed, numbers, dates, "
    "roles and links that changed (rules over the word edits)"
)


def class_lines(change: Change) -> list[str]:
    """Return a change's classes in plain words ("obligation stronger: may → must")."""
    return [describe(k) for k in change.classes]


def class_summary(comparison: Comparison) -> str:
    """Return the comparison's class counts in plain words ("2 obligations stronger, 3 numbers changed")."""
    return summary(comparison.class_stats())


def class_summary_of(changes: Iterable[Change]) -> str:
    """Return `class_summary` of a comparison whose changes with classes are these (counted as
    `Comparison.class_stats` counts them)."""
    counts: dict[str, int] = {}
    for change in changes:
        for k in change.classes:
            key = f"{k.cls} {k.direction}" if k.direction else k.cls
            counts[key] = counts.get(key, 0) + 1
    return summary(counts)


_CLASS_TITLES: dict[str, str] = {
    "modality stronger": "Obligation stronger",
    "modality weaker": "Obligation weaker",
    "modality added": "Obligation added",
    "modality removed": "Obligation removed",
    "negation added": "Negation added",
    "negation removed": "Negation removed",
    "number": "Number changed",
    "date": "Date changed",
    "role": "Role changed",
    "link": "Link changed",
}


def class_rows(lines: Iterable[Redline]) -> list[list[str]]:
    """Return one summary row per change class present: title, count, and each occurrence by change number
    ("change 9: will → may")."""
    found: dict[str, list[str]] = {key: [] for key in _CLASS_TITLES}
    for line in lines:
        for k in line.change.classes:
            key = f"{k.cls} {k.direction}" if k.direction else k.cls
            what = describe(k).partition(": ")[2]
            found.setdefault(key, []).append(f"change {line.number}: {what}")
    return [
        [_CLASS_TITLES.get(key, key), str(len(items)), "; ".join(items)]
        for key, items in found.items()
        if items
    ]
