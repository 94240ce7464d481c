"""The change list a reviewer signs off, shared by every report (HTML, Markdown, terminal, Word cover).

One place decides what the list says of each change:

- its **number**, counted over changes only (unchanged clauses are not numbered: 1, 2, 3 …; one whose
  text differs only by the organisation name or cosmetically, or that was renumbered, is listed with
  that class);
- its **class**: substantive, formatting, cosmetic only or organisation name only, and for moves,
  splits and merges whether the words changed too;
- its **reference** in the document's own terms: the clause number ("2.3", "1.2 a)") or, without one,
  its heading path ("Social media rules › bullet 3"), with "was 2.2" when the left said otherwise;
- **why it was paired**, in plain words ("most words shared: 72 %"), with the shared distinctive words
  and the internal clause ids kept for a disclosure;
- for an added or removed list item, its **neighbours** in the list, shown as context.

Stable API: `signoff_rows(comparison) -> list[Row]`, `references(policy) -> dict[str, str]`,
`SignoffClass` with `CLASS_TITLES`/`CLASS_MEANINGS`, `class_counts(rows)`, `why_paired(change)`.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from enum import StrEnum
from itertools import compress, repeat
from operator import is_not
from typing import cast

from policydiff._lazy import compile_later
from policydiff._values import dataclass
from policydiff.model import (
    CLOSING_MARKS,
    Change,
    ChangeOp,
    Clause,
    ClauseKind,
    Comparison,
    EditOp,
    Policy,
    UnchangedRun,
    clause_column,
)
from policydiff.renderers._redline import relabel_text

# Enum members as module constants: `EditOp.EQUAL` goes through the enum metaclass's attribute hook
# (about half a microsecond), a global is a dict lookup; these are read in loops over edits and clauses.
_EQUAL = EditOp.EQUAL
_DELETE = EditOp.DELETE
_UNCHANGED = ChangeOp.UNCHANGED
_REWORDED = ChangeOp.REWORDED
_MOVED = ChangeOp.MOVED
_SPLIT = ChangeOp.SPLIT
_MERGED = ChangeOp.MERGED
_ADDED = ChangeOp.ADDED
_REMOVED = ChangeOp.REMOVED
_TITLE = ClauseKind.TITLE
_HEADING = ClauseKind.HEADING
_LIST_ITEM = ClauseKind.LIST_ITEM


class SignoffClass(StrEnum):
    """What a change means for a reviewer, most serious first."""

    SUBSTANTIVE = "substantive"
    """Words that change what the policy says (and every addition, removal and move)."""
    FORMATTING = "formatting"
    """The same words with other emphasis or link targets, or a heading made body text (or the reverse)."""
    SLOT = "slot"
    """Only the organisation name differs (a slot substitution)."""
    COSMETIC = "cosmetic"
    """Only quotes, dashes, spacing or the clause boundaries differ."""


_SUBSTANTIVE, _FORMATTING, _SLOT, _COSMETIC = (
    SignoffClass.SUBSTANTIVE,
    SignoffClass.FORMATTING,
    SignoffClass.SLOT,
    SignoffClass.COSMETIC,
)

CLASS_TITLES: dict[SignoffClass, str] = {
    SignoffClass.SUBSTANTIVE: "Substantive",
    SignoffClass.FORMATTING: "Formatting",
    SignoffClass.SLOT: "Organisation name only",
    SignoffClass.COSMETIC: "Cosmetic only",
}
CLASS_MEANINGS: dict[SignoffClass, str] = {
    SignoffClass.SUBSTANTIVE: "words changed, or a clause added, removed or moved: read it",
    SignoffClass.FORMATTING: "same words; emphasis, a link target or a heading changed",
    SignoffClass.SLOT: "same words once the organisation name is set aside",
    SignoffClass.COSMETIC: "same words; quotes, dashes, spacing or paragraph breaks differ",
}
CLASS_SYMBOLS: dict[SignoffClass, str] = {
    SignoffClass.SUBSTANTIVE: "!",
    SignoffClass.FORMATTING: "F",
    SignoffClass.SLOT: "~",
    SignoffClass.COSMETIC: "·",
}
"""One character per class, so that a class is never told by colour alone."""

KIND_TITLES: dict[ChangeOp, str] = {
    ChangeOp.UNCHANGED: "Unchanged",
    ChangeOp.REWORDED: "Reworded",
    ChangeOp.MOVED: "Moved",
    ChangeOp.SPLIT: "Split",
    ChangeOp.MERGED: "Merged",
    ChangeOp.ADDED: "Added",
    ChangeOp.REMOVED: "Removed",
}


@dataclass(frozen=True, slots=True)
class Context:
    """A neighbouring list item shown around an added or removed item (context, not a change)."""

    clause: Clause
    ref: str
    number: int | None
    """The sign-off number of the change holding this neighbour, if it changed too."""


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the sign-off change list."""

    number: int
    """Counted over changes only, from 1."""
    position: int
    """The change's place in `comparison.changes`, from 1 (the `Redline.number` of the same change)."""
    change: Change
    cls: SignoffClass
    words: str | None
    """For moves, splits and merges: whether the words changed too, in plain words; else None."""
    ref: str
    """Where the change stands in the document's own terms: the right side's, or the left's for a removal."""
    was: str | None
    """The left side's reference when the clause moved, split, merged or was renumbered and it differs
    ("was 2.2"); else None."""
    why: str
    """Why the two sides were paired, in plain words ("most words shared: 72 %"); "" when not paired."""
    evidence: str
    """The shared distinctive words that back the pairing ("shared words: a, b"), or ""."""
    before: tuple[Context, ...] = ()
    after: tuple[Context, ...] = ()

    @property
    def ids(self) -> str:
        """Return the internal clause ids ("left c12 → right c14"), for the disclosure only (written when
        asked for: the HTML report shows them as links)."""
        return ids_text(self.change)

    @property
    def op(self) -> ChangeOp:
        return self.change.op

    @property
    def kind(self) -> str:
        """Return the kind of change in one word ("Moved")."""
        return KIND_TITLES[self.change.op]

    @property
    def class_title(self) -> str:
        return CLASS_TITLES[self.cls]


_FULL_NUMBER = compile_later(r"\d+(?:\.\d+)+\.?")
_LABEL_CORE = compile_later(r"[.)]+$")
_KIND_WORDS: dict[ClauseKind, str] = {
    ClauseKind.PARAGRAPH: "paragraph",
    ClauseKind.LIST_ITEM: "bullet",
    ClauseKind.TABLE_CELL: "table cell",
    ClauseKind.FOOTNOTE: "note",
    ClauseKind.METADATA: "line",
    ClauseKind.TITLE: "title line",
    ClauseKind.HEADING: "heading",
}
OPENING = "Opening"
"""The name of the part before the first heading."""


def references(policy: Policy, wanted: AbstractSet[str] | None = None) -> dict[str, str]:
    """Return each clause's reference in the document's own terms, by clause id.

    A clause number stands for itself ("2.3"); a heading's label makes its number ("2"); a list
    label under a numbered item joins it ("1.2 a)"); anything else is its heading path and its
    place there ("Social media rules › bullet 3", "Opening › paragraph 1").

    With `wanted`, the references of those clause ids (and of the headings); the others are only
    counted, not written.
    """
    clauses = policy.clauses
    return _by_id(clauses, reference_list(clauses, wanted), every=wanted is None)


def _by_id(clauses: Sequence[Clause], refs: list[str | None], *, every: bool) -> dict[str, str]:
    """Return `reference_list`'s references by clause id (only those written unless `every`)."""
    ids = clause_column(clauses, "id")
    if every:
        return dict(zip(ids, cast(list[str], refs), strict=True))
    return dict(compress(zip(ids, refs, strict=True), map(is_not, refs, repeat(None))))


def reference_list(clauses: Sequence[Clause], wanted: AbstractSet[str] | None = None) -> list[str | None]:
    """Return `references` by place: each clause's reference, in the clauses' order (None for a clause
    not `wanted`)."""
    out: list[str | None] = []
    append = out.append
    headings: list[tuple[int, str]] = []  # (level, shown name) of the enclosing headings
    items: list[tuple[int, str]] = []  # (level, reference) of the enclosing numbered list items
    # How many clauses of each kind word a section (or numbered item) holds so far: by its name, then by
    # the word; `here` is the current section's.
    counts: dict[str, dict[str, int]] = {}
    titles = 0
    section = OPENING
    here = counts[section] = {}
    title_kind, heading_kind, item_kind = _TITLE, _HEADING, _LIST_ITEM
    words = _KIND_WORD
    every, keep = wanted is None, wanted or frozenset()
    # The fields as columns (`clause_column`): no `Clause` is made for the walk.
    ids, labels = clause_column(clauses, "id"), clause_column(clauses, "label")
    levels, texts = clause_column(clauses, "level"), clause_column(clauses, "text")
    for place, kind in enumerate(clause_column(clauses, "kind")):
        label = labels[place]
        if not label and not items and kind is not title_kind and kind is not heading_kind:
            # A clause without a label outside numbered items (nearly all): its section's "kind n".
            word = words.get(kind) or str(kind)
            count = here[word] = here.get(word, 0) + 1
            append(f"{section} › {word} {count}" if every or ids[place] in keep else None)
            continue
        label = label.strip() if label else ""
        if kind is title_kind:
            titles += 1
            append("title" if titles == 1 else f"title line {titles}")
            continue
        if kind is heading_kind:
            name = _LABEL_CORE.sub("", label) if label else ""
            level = levels[place]
            headings = [h for h in headings if h[0] < level]
            headings.append((level, name or texts[place].strip()))
            items = []
            section = " › ".join([h[1] for h in headings])
            here = counts.setdefault(section, {})
            append(section)
            continue
        if kind is item_kind:
            level = levels[place]
            if items and items[-1][0] >= level:
                items = [i for i in items if i[0] < level]
        elif items:
            items = []
        parent = items[-1][1] if items else section
        if label and _FULL_NUMBER.fullmatch(label):
            ref = label.rstrip(".")
        elif label:
            ref = f"{parent} {label}" if items else f"{parent} › {label}"
        else:
            word = words.get(kind) or str(kind)
            at = counts.setdefault(parent, {})
            count = at[word] = at.get(word, 0) + 1
            ref = f"{parent} › {word} {count}"
        if label and kind is item_kind:
            items.append((levels[place], ref))
        append(ref)
    return out


def _wanted_references(
    clauses: Sequence[Clause], wanted: AbstractSet[str], index: dict[str, int]
) -> dict[str, str]:
    """Return the references of the wanted clause ids (`references(…, wanted)` of those ids; `index` is
    each clause's place by id, the last of an id winning).

    A document without list labels (nearly all plain text) is not walked clause by clause: its headings
    (and title lines) are found in C, their sections named, and a wanted clause's count is its kind's
    count in its section's stretch up to it (and in earlier stretches of a section of the same name),
    counted in C. Anything else takes `reference_list`'s walk.
    """
    if not wanted:
        return {}
    kinds = list(clause_column(clauses, "kind"))
    heading, title = _HEADING, _TITLE
    heads = _places(kinds, heading)  # the headings' places
    titles = _places(kinds, title)
    if heads is None or titles is None or any(clause_column(clauses, "label")):
        return _by_id(clauses, reference_list(clauses, wanted), every=False)
    names = [OPENING]  # the section of each stretch: before the first heading, then after each
    levels, texts = clause_column(clauses, "level"), clause_column(clauses, "text")
    if len({levels[at] for at in heads}) < 2:
        # Headings of one level (nearly all plain text): a section is its heading's text.
        names += [texts[at].strip() for at in heads]
    else:
        enclosing: list[tuple[int, str]] = []  # (level, name) of the enclosing headings
        for at in heads:
            level = levels[at]
            while enclosing and enclosing[-1][0] >= level:  # levels rise along `enclosing`
                enclosing.pop()
            enclosing.append((level, texts[at].strip()))
            names.append(" › ".join([h[1] for h in enclosing]))
    same: dict[str, list[int]] = {}  # the stretches of each section name
    for stretch, name in enumerate(names):
        same.setdefault(name, []).append(stretch)
    starts = [0, *[at + 1 for at in heads]]
    ends = [*heads, len(kinds)]
    out: dict[str, str] = {}
    for cid in wanted:
        place = index.get(cid)
        if place is None:
            continue
        kind = kinds[place]
        if kind is heading:
            out[cid] = names[bisect_left(heads, place) + 1]
        elif kind is title:
            line = bisect_left(titles, place) + 1
            out[cid] = "title" if line == 1 else f"title line {line}"
        else:
            stretch = bisect_left(heads, place)
            name = names[stretch]
            count = kinds[starts[stretch] : place + 1].count(kind)
            for other in same[name]:  # earlier stretches of a section of the same name count on
                if other >= stretch:
                    break
                count += kinds[starts[other] : ends[other]].count(kind)
            out[cid] = f"{name} › {_KIND_WORD[kind]} {count}"
    return out


def _places(kinds: list[ClauseKind], kind: ClauseKind) -> list[int] | None:
    """Return the places of a kind (found in C, by equality), or None if one of them is not the member
    itself (`reference_list` tells kinds by identity)."""
    out: list[int] = []
    at = -1
    try:
        while True:
            at = kinds.index(kind, at + 1)
            if kinds[at] is not kind:
                return None
            out.append(at)
    except ValueError:
        return out


_KIND_WORD: dict[str, str] = {kind: word for kind, word in _KIND_WORDS.items()}
"""`_KIND_WORDS` looked up by a clause's kind: the members themselves as keys, found by identity."""


def word_class(change: Change) -> SignoffClass | None:
    """Return the class of a change's word edits alone, or None when the words are the same throughout."""
    classes = {e.cls for e in change.edits if e.op is not _EQUAL}
    if None in classes:
        return _SUBSTANTIVE
    if change.formatting:
        return _FORMATTING
    if "slot" in classes:
        return _SLOT
    if classes:
        return _COSMETIC
    return None


def classify(change: Change) -> SignoffClass:
    """Return the sign-off class of a change (unchanged clauses are cosmetic at most)."""
    op = change.op
    if op in (_ADDED, _REMOVED, _MOVED):
        return _SUBSTANTIVE
    found = word_class(change)
    if found is not None:
        return found
    if op is _REWORDED:
        # Reworded without word edits to look at: nothing shows it is harmless.
        return _FORMATTING if change.formatting else _SUBSTANTIVE
    return _COSMETIC  # a split or merge of the same words, or an unchanged clause


def _class_and_words(change: Change) -> tuple[SignoffClass, str | None]:
    """Return `classify` and `words_text` of a change, its edits' class found once for both."""
    op = change.op
    if op is _ADDED or op is _REMOVED:
        return _SUBSTANTIVE, None
    found = word_class(change)
    if op is _MOVED:
        return _SUBSTANTIVE, _words_text(change, found)
    if found is None:
        if op is _REWORDED:
            found = _FORMATTING if change.formatting else _SUBSTANTIVE
            return found, None
        found = _COSMETIC
        return found, (_words_text(change, None) if op is _SPLIT or op is _MERGED else None)
    return found, (_words_text(change, found) if op is _SPLIT or op is _MERGED else None)


def words_text(change: Change) -> str | None:
    """Return, for a move, split or merge, whether the words changed too; None for other kinds."""
    if change.op not in (_MOVED, _SPLIT, _MERGED):
        return None
    return _words_text(change, word_class(change))


def _words_text(change: Change, found: SignoffClass | None) -> str:
    """Return `words_text` of a move, split or merge whose edits' class (`word_class`) is `found`."""
    if found is _SUBSTANTIVE or (found is None and change.reworded and not change.edits):
        return "words changed too"
    if found is _FORMATTING:
        return "same words, formatting changed"
    if found is _SLOT:
        return "same words but the organisation name"
    if found is _COSMETIC:
        return "same words (cosmetic differences)"
    return "same words"


def why_paired(change: Change) -> str:
    """Return in plain words why the two sides of a change were paired; "" for additions and removals."""
    how, op = change.matched_by, change.op
    if op is _ADDED or op is _REMOVED or how == "none":
        return ""
    if how == "exact":
        moved = op is _MOVED
        return "same words, found at another place" if moved else "same words in the same place"
    if how == "normalised":
        return "same words once quotes, dashes and spacing are set aside"
    if how == "slot":
        return "same words once the organisation name is set aside"
    percent = f"{round(change.score * 100)} %"
    if how == "position":
        return f"the only clause between the same two neighbours on both sides (words shared: {percent})"
    if how == "contained":
        share = "most" if change.score >= 0.5 else "some"
        return f"{share} words of the shorter text shared: {percent}"
    if how == "split":
        return f"one clause's words spread over {len(change.right)} clauses: {percent} shared"
    if how == "merge":
        return f"{len(change.left)} clauses' words joined in one clause: {percent} shared"
    if how == "fuzzy":
        return f"{'most' if change.score >= 0.5 else 'some'} words shared: {percent}"
    return f"{how}: {percent}"


def evidence_text(change: Change) -> str:
    """Return the shared distinctive words that back a pairing ("shared words: a, b"), or ""."""
    return f"shared words: {', '.join(change.shared)}" if change.shared else ""


def ids_text(change: Change) -> str:
    """Return the internal clause ids of a change ("left c12 → right c14")."""
    left = ", ".join(change.left) or "none"
    right = ", ".join(change.right) or "none"
    return f"left {left} → right {right}"


def is_listed(change: Change) -> bool:
    """Return whether a change is in the sign-off list: every change but an unchanged clause shown the same.

    An unchanged clause is listed when its text differs anyway (the organisation name, quotes, dashes,
    spacing) or it was renumbered: a reviewer sees the difference and its class says it is harmless.
    """
    if change.op is not _UNCHANGED:
        return True
    return change.label is not None or any(e.op is not _EQUAL for e in change.edits)


class SignoffList:
    """The sign-off rows of a comparison and the references their clauses need.

    `left_refs` holds the left clauses whose reference a row shows (a removal's, a move's "was" …) and
    a removed list item's neighbours; `right_refs` every right clause, or with
    `signoff_list(..., unchanged=False)` those of the listed changes and an added item's neighbours.
    """

    __slots__ = ("_right", "left_index", "left_refs", "right_index", "right_list", "rows")

    def __init__(
        self,
        rows: list[Row],
        left_refs: dict[str, str],
        right: _PlaceRefs,
        left_index: dict[str, int],
    ) -> None:
        self.rows = rows
        self.left_refs = left_refs
        self._right = right
        self.right_list: list[str | None] = right.refs
        """`right_refs` by place: the reference of each right clause in order (None where not written)."""
        self.left_index = left_index
        """Each left clause's place by id (the last of an id wins): the one id map of a side a report
        needs."""
        self.right_index: dict[str, int] = right.index
        """Each right clause's place by id."""

    @property
    def right_refs(self) -> dict[str, str]:
        """Return the right clauses' references by id (made when first asked for: the HTML report reads
        them by place)."""
        return self._right.by_id()


class _PlaceRefs(Mapping[str, str]):
    """A side's references by id, read through its clauses' places (`references` without its dict):
    `refs` by place (None where not written), `index` each clause's place by id."""

    __slots__ = ("_by_id", "clauses", "index", "refs")

    def __init__(self, clauses: Sequence[Clause], refs: list[str | None], index: dict[str, int]) -> None:
        self.clauses = clauses
        self.refs = refs
        self.index = index
        self._by_id: dict[str, str] | None = None

    def get(self, key: str, default: str | None = None) -> str | None:  # type: ignore[override]
        at = self.index.get(key)
        if at is None:
            return default
        ref = self.refs[at]
        return default if ref is None else ref

    def __getitem__(self, key: str) -> str:
        ref = self.get(key)
        if ref is None:
            raise KeyError(key)
        return ref

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get(key) is not None

    def __iter__(self) -> Iterator[str]:
        return iter(self.by_id())

    def __len__(self) -> int:
        return len(self.by_id())

    def by_id(self) -> dict[str, str]:
        """Return the written references as a dict by id (made once)."""
        made = self._by_id
        if made is None:
            every = None not in self.refs
            made = self._by_id = _by_id(self.clauses, self.refs, every=every)
        return made


def signoff_rows(comparison: Comparison) -> list[Row]:
    """Return the sign-off change list of a comparison: one numbered row per change, in right-hand order."""
    return signoff_list(comparison, unchanged=False).rows


def signoff_list(comparison: Comparison, *, unchanged: bool = True) -> SignoffList:
    """Return the sign-off rows with the references they need; with `unchanged` (a renderer that shows
    the unchanged clauses), every right clause's too.

    Costs by the listed changes but for one pass over the comparison's parts (an unchanged run is one
    part) and the right side's references when `unchanged`: a left reference is made only where a row
    needs it (parts of the document without one are counted, not named: `references(..., wanted)`).
    """
    # is_listed over the changes as the comparison holds them: an unchanged run (most of a long policy)
    # is skipped whole, as none of its pairs is listed; another change is listed for another kind, a
    # relabel, or an edit that is not equal.
    listed: list[tuple[int, Change]] = []
    position = 0
    unchanged_op, equal = _UNCHANGED, _EQUAL
    for change in comparison.parts():
        if isinstance(change, UnchangedRun):
            position += change.length
            continue
        position += 1
        if (
            change.op is not unchanged_op
            or change.label is not None
            or (change.edits and any(e.op is not equal for e in change.edits))
        ):
            listed.append((position, change))
    lnum: dict[str, int] = {}
    rnum: dict[str, int] = {}
    for number, (_, change) in enumerate(listed, 1):
        for cid in change.left:
            lnum[cid] = number
        for cid in change.right:
            rnum[cid] = number
    left, right = comparison.left, comparison.right
    lindex = _positions(left.clauses)
    rindex = _positions(right.clauses)
    # The references a row needs: its clauses' and, for an added or removed list item, its neighbours'.
    rwanted = set(rnum)
    for _, change in listed:
        if change.op is _ADDED and len(change.right) == 1:
            _near_ids(right.clauses, rindex, change.right[0], rwanted)
    rrefs = _PlaceRefs(right.clauses, reference_list(right.clauses, None if unchanged else rwanted), rindex)
    # On the left, only where a row shows it: a removal, a move, split or merge ("was"), a relabel, a
    # change without a right reference; and a removed list item's neighbours.
    lwanted: set[str] = set()
    rlist, rplace = rrefs.refs, rindex.get
    rone: list[str | None] = []  # the right reference of each listed change of one right clause
    for _, change in listed:
        rids = change.right
        if len(rids) == 1:  # (nearly all) its right reference read by place, once for both loops
            at = rplace(rids[0])
            rref = None if at is None else rlist[at]
            rone.append(rref)
            shows = not rref or change.op in _PLACE_CHANGED or change.label is not None
        else:
            rone.append(None)
            shows = _shows_left(change, rrefs)
        if shows:
            lwanted.update(change.left)
            if change.op is _REMOVED and len(change.left) == 1:
                _near_ids(left.clauses, lindex, change.left[0], lwanted)
    lrefs = _wanted_references(left.clauses, lwanted, lindex)
    rows = []
    place_changed, added, removed = _PLACE_CHANGED, _ADDED, _REMOVED
    lget = lrefs.get
    for (number, (position, change)), rref in zip(enumerate(listed, 1), rone, strict=True):
        op, lids, rids = change.op, change.left, change.right
        if len(lids) == 1 and len(rids) == 1:
            # One clause a side (nearly all paired changes): `_refs` without its lists.
            lref = lget(lids[0])
            if rref:
                ref, was = rref, (lref if lref and lref != rref else None)
            else:
                ref, was = lref or "—", None
        else:
            ref, was = _refs(change, lrefs, rrefs)
        if was is not None and op not in place_changed and change.label is None:
            was = None  # an ordinal shifted by other changes ("bullet 8" → "bullet 11") is no news
        before: tuple[Context, ...] = ()
        after: tuple[Context, ...] = ()
        if op is added and len(rids) == 1:
            before, after = _neighbours(right.clauses, rindex, rids[0], rrefs, rnum)
        elif op is removed and len(lids) == 1:
            before, after = _neighbours(left.clauses, lindex, lids[0], lrefs, lnum)
        rows.append(
            Row(
                number,
                position,
                change,
                *_class_and_words(change),
                ref,
                was,
                why_paired(change),
                evidence_text(change),
                before,
                after,
            )
        )
    return SignoffList(rows, lrefs, rrefs, lindex)


def _shows_left(change: Change, rrefs: Mapping[str, str]) -> bool:
    """Return whether a listed change's row shows its left side's reference: as its own (a removal, or no
    right reference) or as "was" (a move, split or merge, or a relabel)."""
    if change.op in _PLACE_CHANGED or change.label is not None or not change.right:
        return True
    return not all(map(rrefs.get, change.right))


def _positions(clauses: Sequence[Clause]) -> dict[str, int]:
    """Return each clause's place by id (the last of an id wins), from the ids' column (`clause_column`)."""
    ids = clause_column(clauses, "id")
    return dict(zip(ids, range(len(ids)), strict=True))


def _near_ids(clauses: Sequence[Clause], index: dict[str, int], clause_id: str, into: set[str]) -> None:
    """Add the ids of the clauses just before and after a clause (the candidates of `_neighbours`)."""
    at = index.get(clause_id)
    if at is not None:
        into.update(clause_column(clauses, "id")[max(at - 1, 0) : at + 2])


_PLACE_CHANGED = (ChangeOp.MOVED, ChangeOp.SPLIT, ChangeOp.MERGED)


def _refs(change: Change, lrefs: Mapping[str, str], rrefs: Mapping[str, str]) -> tuple[str, str | None]:
    """Return a change's reference (right side, else left) and the left's when it differs."""
    right = _joined([rrefs[i] for i in change.right if i in rrefs])
    left = _joined([lrefs[i] for i in change.left if i in lrefs])
    if not right:
        return left or "—", None
    return right, (left if left and left != right else None)


def _joined(refs: Sequence[str]) -> str:
    """Return the references of several clauses: one, or the first and last ("2.1 – 2.3")."""
    if not refs:
        return ""
    first, last = refs[0], refs[-1]
    if len(refs) == 1 or first == last:
        return first
    parent, sep, _ = first.rpartition(" › ")
    if sep and last.startswith(parent + sep):
        last = last[len(parent + sep) :]  # "Rules › bullet 5 and Rules › bullet 6" → "… and bullet 6"
    return f"{first} – {last}" if len(refs) > 2 else f"{first} and {last}"


def _neighbours(
    clauses: Sequence[Clause],
    index: dict[str, int],
    clause_id: str,
    refs: Mapping[str, str],
    numbers: dict[str, int],
) -> tuple[tuple[Context, ...], tuple[Context, ...]]:
    """Return the list items just before and just after a list item of the same list, as context."""
    at = index.get(clause_id)
    if at is None or clauses[at].kind is not _LIST_ITEM:
        return (), ()
    item = clauses[at]

    def near(i: int) -> tuple[Context, ...]:
        if not 0 <= i < len(clauses):
            return ()
        other = clauses[i]
        if other.kind is not _LIST_ITEM or other.section != item.section:
            return ()
        return (Context(other, refs.get(other.id, ""), numbers.get(other.id)),)

    return near(at - 1), near(at + 1)


def _short(text: str, limit: int) -> str:
    words = text.split(None, limit)  # the first `limit` words and, if there are more, the rest
    if len(words) <= limit:
        return " ".join(words)
    return " ".join(words[:limit]) + " …"


def snippet(text: str, limit: int = 12) -> str:
    """Return the first `limit` words of an added or removed clause, quoted (`“…”`), as change lists
    show it."""
    return f"“{_short(text, limit)}”"


def edits_summary(change: Change, shown: Callable[[str, str], str]) -> str | None:
    """Return the first edits of a change and how many words went out and came in ("have to → must;
    4 more (21 words out, 28 in)"), each edit written by `shown(deleted, inserted)`; None when no word
    changed."""
    deleted, inserted = words_changed(change)
    if not (deleted or inserted):
        return None
    runs, total = first_edits(change)
    more = f"; {total - len(runs)} more" if total > len(runs) else ""
    counts = f" ({deleted} word{'s' * (deleted != 1)} out, {inserted} in)"
    return "; ".join(shown(before, after) for before, after in runs) + more + counts


def first_edits(change: Change, count: int = 2, words: int = 6) -> tuple[list[tuple[str, str]], int]:
    """Return a change's first `count` substantive edits as (deleted, inserted) texts of at most `words`
    words each ("" for a pure insertion or deletion), and how many there are in all.

    Edits of words come before edits of punctuation alone (", " → ","), which say little in a list.
    """
    runs = edit_runs(change)[0]
    return shown_runs(runs, count, words), len(runs)


def edit_runs(change: Change) -> tuple[list[tuple[str, str]], int, int]:
    """Return a change's substantive edits as (deleted, inserted) runs between equal text (runs of
    whitespace only left out), and `words_changed`: both from one pass over the edits."""
    runs: list[tuple[str, str]] = []
    old = new = ""
    deleted = inserted = 0
    equal, delete = _EQUAL, _DELETE
    for edit in change.edits:
        op = edit.op
        if op is equal:
            if (old or new) and (old.strip() or new.strip()):
                runs.append((old, new))
            old = new = ""
        elif edit.cls is None:
            text = edit.text
            if op is delete:
                old += text
                deleted += len(text.split())
            else:
                new += text
                inserted += len(text.split())
    if (old or new) and (old.strip() or new.strip()):
        runs.append((old, new))
    return runs, deleted, inserted


def shown_runs(runs: list[tuple[str, str]], count: int = 2, words: int = 6) -> list[tuple[str, str]]:
    """Return the runs `first_edits` shows: runs holding a letter or digit first, then the others, each
    in order; the first `count`, cut to `words` words each."""
    if count < 1:  # (slicing semantics for a count that is not positive)
        alnum = _alnum
        wordy = [r for r in runs if alnum(r[0]) or alnum(r[1])]
        wordy += [r for r in runs if not (alnum(r[0]) or alnum(r[1]))]
        return [(_short(a, words), _short(b, words)) for a, b in wordy[:count]]
    # One pass, stopping at the `count`-th wordy run; a run is wordy when a letter or digit is in it,
    # nearly always its first character.
    shown: list[tuple[str, str]] = []
    rest: list[tuple[str, str]] = []
    isalnum = str.isalnum
    for run in runs:
        a, b = run
        if a[:1].isalnum() or b[:1].isalnum() or any(map(isalnum, a)) or any(map(isalnum, b)):
            shown.append(run)
            if len(shown) == count:
                break
        else:
            rest.append(run)
    else:
        shown += rest[: count - len(shown)]
    out = []
    for a, b in shown:  # `_short` of each side, written out
        cut = a.split(None, words)
        a = " ".join(cut) if len(cut) <= words else " ".join(cut[:words]) + " …"
        cut = b.split(None, words)
        b = " ".join(cut) if len(cut) <= words else " ".join(cut[:words]) + " …"
        out.append((a, b))
    return out


def _alnum(text: str) -> bool:
    """Return whether a text holds a letter or digit (what `[^\\W_]` finds: `str.isalnum`)."""
    return any(map(str.isalnum, text))


def words_changed(change: Change) -> tuple[int, int]:
    """Return how many words a change's substantive edits delete and insert."""
    deleted = inserted = 0
    for edit in change.edits:
        if edit.cls is None and edit.op is not _EQUAL:
            n = len(edit.text.split())
            if edit.op is _DELETE:
                deleted += n
            else:
                inserted += n
    return deleted, inserted


def class_counts(rows: Iterable[Row]) -> dict[SignoffClass, int]:
    """Return how many rows carry each class (every class present, zero or not)."""
    counts = {cls: 0 for cls in SignoffClass}
    for row in rows:
        counts[row.cls] += 1
    return counts


def pair_notes(change: Change, row: Row) -> list[str]:
    """Return the plain-text notes a paired change's line in the change list ends with (after its word
    edits): the words' fate, formatting, renumbering, organisation name or cosmetic differences."""
    notes = [row.words] if row.words else []
    if change.formatting:
        notes.append(f"formatting or links: {len(change.formatting)}")
    if change.label is not None:
        notes.append(relabel_text(change.label))
    if row.cls is _SLOT:
        notes.append("organisation name")
    elif row.cls is _COSMETIC and change.label is None:
        notes.append(_cosmetic_note(change))
    return notes


def _cosmetic_note(change: Change) -> str:
    """Return what a cosmetic-only pair changed, in plain words: "closing punctuation" when its cosmetic
    edits only delete, insert or swap full stops, colons, semicolons and commas
    (`compare._closing_punctuation`: "**High**:" → "**High**"), "letter case" when they only change the case
    of a heading's words (`compare._heading_case`), else "quotes, dashes or spacing"."""
    marks = [e for e in change.edits if e.op is not _EQUAL and e.cls == "cosmetic"]
    if not marks:
        return _QUOTES
    if all(CLOSING_MARKS.issuperset(e.text) and not e.text.isspace() for e in marks):
        return "closing punctuation"
    deleted = "".join([e.text for e in marks if e.op is _DELETE])
    inserted = "".join([e.text for e in marks if e.op is not _DELETE])
    if deleted != inserted and deleted.lower() == inserted.lower():
        return "letter case"
    return _QUOTES


_QUOTES = "quotes, dashes or spacing"
