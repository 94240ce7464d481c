"""Turn a `Document`'s blocks into a `Policy`: title, sections, clauses, metadata, organisation."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from itertools import accumulate, chain, compress, islice, repeat
from operator import add, attrgetter, is_, not_

from policydiff import normalise
from policydiff._lazy import compile_later
from policydiff._values import replace
from policydiff.model import (
    BLOCK_FIELDS,
    BlockKind,
    Blocks,
    Clause,
    ClauseKind,
    Clauses,
    Diagnostic,
    Document,
    Location,
    Policy,
    Span,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

_MONTHS = (
    "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    "sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_DATE = compile_later(
    r"\b(?:\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}|\d{4}-\d{2}-\d{2}|(?:\d{1,2}(?:st|nd|rd|th)?\s+)?"
    r"(?:" + _MONTHS + r")\.?,?\s+\d{4}|(?:19|20)\d{2})\b",
    re.I,
)
_METADATA_KEYS = (
    r"to be reviewed|next review(?: date)?|review(?:ed)? (?:date|due|by)|date (?:of )?(?:next )?review(?:ed)?"
    r"|last reviewed|reviewed|review date|date adopted|adopted(?: on)?|date approved|approved(?: on)?"
    r"|date issued|issued(?: on)?|issue date|last updated|updated|effective(?: date| from)?"
    r"|date|dated|policy version|version|revision"
)
_METADATA_DATED = compile_later(
    r"^(?P<key>" + _METADATA_KEYS + r")\b\s*(?:on|in|:|-|–)?\s*(?P<value>.{1,60}?)\s*\.?$", re.I
)
_NAMED_KEYS = (
    r"policy owner|owner|approved by|adopted by|signed(?: by)?|author|reviewed by|responsible person"
)
_METADATA_NAMED = compile_later(
    r"^(?P<key>" + _NAMED_KEYS + r")"
    r"\s*:\s*(?P<value>.{1,60}?)\s*\.?$",
    re.I,
)
_GENERIC_WORDS = {
    "policy",
    "policies",
    "procedure",
    "procedures",
    "statement",
    "social",
    "media",
    "data",
    "protection",
    "safeguarding",
    "the",
    "a",
    "an",
    "and",
    "of",
    "for",
    "our",
    "staff",
    "health",
    "safety",
    "code",
    "conduct",
    "guidance",
    "guidelines",
    "online",
    "e-safety",
    "use",
    "mobile",
    "phone",
    "privacy",
    "notice",
    "complaints",
    "whistleblowing",
    "equality",
    "diversity",
    "security",
}
_TRAILING_STOP = {"of", "the", "and", "for", "at", "in", "on", "to", "&", "-", "–"}


def metadata_entry(text: str) -> tuple[str, str] | None:
    """Return `(key, value)` when a line is a metadata line such as "Reviewed October 2021"."""
    text = normalise.clean_space(text)
    if len(text) > 90:
        return None
    m = _METADATA_DATED.match(text)
    if m and (
        _DATE.search(m.group("value"))
        or (
            m.group("key").lower() in ("version", "policy version", "revision")
            and re.search(r"\d", m.group("value"))
        )
    ):
        return _meta_key(m.group("key")), m.group("value").strip()
    m = _METADATA_NAMED.match(text)
    if m:
        return _meta_key(m.group("key")), m.group("value").strip()
    return None


# Where a signature block written on one line ("Signed: J Smith Date: 1/9/2023") starts its next entry.
_METADATA_NEXT_KEY = compile_later(
    r"\s+(?=(?:" + _METADATA_KEYS + "|" + _NAMED_KEYS + r")\s*:)",
    re.I,
)
_METADATA_BREAK = compile_later(r"\s*(?:\n|\t| {2,})\s*")
# What every metadata line starts with (a key, its spaces any run of whitespace as `clean_space` makes
# them one): most lines fail this one match and are not split or cleaned at all.
_METADATA_START = compile_later(
    r"\s*(?:" + (_METADATA_KEYS + "|" + _NAMED_KEYS).replace(" ", r"\s+") + ")", re.I
)


def metadata_entries(text: str) -> list[tuple[str, str]]:
    """Return the metadata entries of a line or signature block, or [] when it is not one.

    "Signed: J Smith  Date: 1 May 2024" (or the two on separate lines, or after a tab) is two
    entries, `signed` and `date`, when every piece is a metadata entry; else the whole text is
    tried as one ("Reviewed October 2021").
    """
    if len(text) > 400:
        return []
    opening = text.lstrip()[:2]
    if opening.isascii() and opening.lower() not in METADATA_OPENINGS:
        return []
    # An ASCII first word that opens with no key's first word ("Records", "Data"): refused before the
    # pattern (compiled on first use, about 2 ms) is needed.
    word = text.split(None, 1)[:1]
    if word and word[0].isascii() and not word[0].lower().startswith(_METADATA_FIRST_WORDS):
        return []
    if _METADATA_START.match(text) is None:
        return []
    return _metadata_entries(text)


_METADATA_FIRST_WORDS = (
    "to",
    "next",
    "review",
    "date",
    "last",
    "adopted",
    "approved",
    "issue",
    "updated",
    "effective",
    "policy",
    "version",
    "revision",
    "owner",
    "signed",
    "author",
    "responsible",
)
"""What the first word of every metadata key starts with (`_METADATA_KEYS`, `_NAMED_KEYS`; a test checks)."""


def _metadata_entries(text: str) -> list[tuple[str, str]]:
    """`metadata_entries` without its quick refusal of a text that starts with no metadata key."""
    if ":" not in text and "\n" not in text and "\t" not in text and "  " not in text:
        # Nothing to split on (most lines): at most one entry.
        entry = metadata_entry(text)
        return [entry] if entry else []
    pieces = [
        piece
        for part in _METADATA_BREAK.split(text.strip())
        for piece in _METADATA_NEXT_KEY.split(part)
        if piece.strip()
    ]
    if len(pieces) > 1:
        entries = [metadata_entry(piece) for piece in pieces]
        if all(entries):
            return [e for e in entries if e is not None]
    entry = metadata_entry(text)
    return [entry] if entry else []


def _meta_key(key: str) -> str:
    return re.sub(r"\W+", "_", key.strip().lower()).strip("_")


MEASURES = frozenset(
    "second seconds minute minutes min mins hour hours hr hrs day days week weeks month months year years "
    "percent per pence pound pounds mile miles km metre metres meter meters kg times "
    "hours' days' weeks' months' years'".split()
)
"""Words a number measures ("30 Day Notice Period", "37.5 hours"): the number is the text's."""


def is_quantity(label: str, rest: str) -> bool:
    """Return whether a would-be typed number is a quantity the text opens with: a number with no full
    stop or bracket after it, then a measure ("37.5 hours is the standard week", "## 30 Day Notice
    Period", "12%") or, for a whole number, any word in lower case ("3 staff must be present"; "2.3 staff
    must" keeps its label). Read as a label, a change of it was a renumbering (cosmetic) where the policy
    changed a period or an amount."""
    if not label[:1].isdecimal() or label[-1:] in ".)":
        return False
    word = rest.split(None, 1)[0] if rest.strip() else ""
    if word[:1] in "%£$€" or word.lower().strip(",.;:") in MEASURES:
        return True
    return "." not in label and word[:1].islower()


_HEADING_NUMBER = compile_later(r"^((?:\d{1,3}(?:\.\d{1,3})*\.?)|(?:[A-Z]\.)|(?:[IVX]{1,5}\.))\s+(\S.*)$")


def _heading_label(text: str, label: str | None) -> tuple[str | None, str]:
    """Return a heading's typed-in number (`4.2`, `B.`, `IV.`) apart from its text, as for list labels
    (`text`: the block's stripped text, `label`: its list label)."""
    # A number opens with a digit, or is a letter or roman numeral and a full stop.
    if label is None and (text[:1].isdecimal() or "." in text[1:6]):
        m = _HEADING_NUMBER.match(text)
        if m and not is_quantity(m.group(1), m.group(2)):
            return m.group(1), m.group(2)
    return label, text


def _spans_for(spans: tuple[Span, ...], whole: str, text: str) -> tuple[Span, ...]:
    """Return a block's `spans` (over its text `whole`) moved onto `text`, the text without a label split
    off it."""
    if not spans or text == whole:
        return spans
    offset = whole.find(text)
    if offset <= 0:
        return spans
    return tuple(
        s.at(max(s.start - offset, 0), min(s.end - offset, len(text)))
        for s in spans
        if s.end > offset and s.start - offset < len(text)
    )


class _Columns:
    """A document's blocks as columns of their fields (tuples, one item a block): what the rules read."""

    __slots__ = (
        "explicit",
        "heading_like",
        "kinds",
        "labels",
        "levels",
        "locations",
        "others",
        "spans",
        "texts",
    )

    def __init__(
        self,
        kinds: Sequence[BlockKind],
        texts: Sequence[str],
        levels: Sequence[int],
        labels: Sequence[str | None],
        spans: Sequence[tuple[Span, ...]],
        locations: Sequence[Location],
        heading_like: Sequence[bool],
        explicit: Sequence[bool],
    ) -> None:
        self.kinds, self.texts, self.levels, self.labels = kinds, texts, levels, labels
        self.spans, self.locations, self.heading_like, self.explicit = (
            spans,
            locations,
            heading_like,
            explicit,
        )
        self.others: set[int] = set()
        """The indices of the blocks that are not plain body text (`Blocks`)."""


def _typed_number(c: _Columns, i: int) -> tuple[str, str] | None:
    """Return (label, text) of a heading-like paragraph that starts with a typed number ("2. Scope")."""
    if c.kinds[i] is not _PARAGRAPH or not c.heading_like[i] or c.labels[i] is not None:
        return None
    m = _HEADING_NUMBER.match(c.texts[i].strip())
    return (m.group(1), m.group(2)) if m and not is_quantity(m.group(1), m.group(2)) else None


def segment(document: Document) -> Policy:
    """Return the `Policy` a reader sees in `document`.

    The blocks are read as columns of their fields. The rows that are not plain body text (`Blocks`: the
    plain-text reader says which; for other documents they are found here) go through the rules in order,
    which decide each one's kind and keep the section path; every other row is the paragraph or list item
    it is, in the section the rows before it left. All the clauses are then made in one `map` over the
    columns, with the keys made beforehand (`_keys`: an ASCII text already clean is its own key). No
    `Block` is made for a document read as `Blocks`.
    """
    given = document.blocks
    others: Sequence[int] | None
    columns: Iterable[Sequence[Any]]
    if isinstance(given, Blocks):
        columns = given.columns
        others = given.others
    else:
        columns = zip(*map(_FIELDS, given), strict=True) if given else repeat((), len(BLOCK_FIELDS))
        others = None
    kinds, raw_texts, levels, labels, _, spans, locations, annotations, heading_like, explicit = columns
    texts = list(map(str.strip, raw_texts))
    if "" in texts:  # a block with no text makes no clause
        return segment(replace(document, blocks=tuple(compress(document.blocks, texts))))
    count = len(texts)
    c = _Columns(kinds, raw_texts, levels, labels, spans, locations, heading_like, explicit)
    if others is None:
        others = _not_plain(kinds, texts, levels, spans, heading_like)
    c.others = set(others)
    title_count = _title_run(c, decided=document.format == "rst")
    if title_count and (not others or others[title_count - 1] != title_count - 1):
        others = sorted({*range(title_count), *others})  # title lines are never plain body text
        c.others = set(others)
    # A plain paragraph opens with a letter (`Blocks`): only the other texts and list items may open with a
    # bullet the key takes off.
    keys = _keys(texts, chain(others, compress(range(count), map(is_, kinds, repeat(_LIST_ITEM)))))
    metadata: list[tuple[str, str]] = list(document.metadata)
    for key_name, value in document.metadata:
        if key_name in ("header", "footer"):
            for piece in re.split(r"\s*(?:\||\t|  +)\s*", value):
                metadata.extend(metadata_entries(piece))
    # The clauses' columns: a plain row's own values, overwritten below for every other row.
    clause_kinds = list(map(_CLAUSE_KIND_OF.__getitem__, kinds))
    clause_texts = list(texts)
    clause_levels = list(levels)
    clause_labels = list(labels)
    clause_spans = list(spans)
    sections: list[tuple[str, ...]] = []
    title_at: list[int] = []
    stack: list[tuple[int, str, int]] = []  # (level, path text, _MARKUP / _NUMBERED / _IMPLICIT)
    path: tuple[str, ...] = ()  # the texts on `stack`, shared by the clauses of a section
    unsafe_schemes: dict[str, int] = {}  # link schemes dropped, and how many links had each
    heading, title, item = _K_HEADING, _K_TITLE, _K_LIST_ITEM
    for i in others:
        if len(sections) < i:
            sections.extend(repeat(path, i - len(sections)))  # the plain rows before this one
        text = texts[i]
        label = labels[i]
        level = levels[i]
        kind = _clause_kind(c, i, title_count)
        if kind is heading:
            label, text = _heading_label(text, label)
            level, origin = _heading_level(kinds[i], explicit[i], level, label, stack)
            while stack and stack[-1][0] >= level:
                stack.pop()
            section = path[: len(stack)]  # `path` holds the texts of `stack` before the pops
            # A clean ASCII text (its key is itself) is its own path text when short.
            short = text is texts[i] and len(text) <= _PATH_TEXT_LIMIT and keys[i] is text and text.isascii()
            stack.append((level, text if short else _path_text(text), origin))
            path = (*section, stack[-1][1])
        elif kind is title:
            level = 0
            section = ()
            title_at.append(i)
        else:
            section = path
            typed = _typed_number(c, i) if kind is _K_PARAGRAPH and heading_like[i] else None
            if typed is not None:
                # "1. Introduction" in a contents list of a Word file (no list numbering, no
                # heading style) is an item with its label apart, as in plain text.
                kind = item
                label, text = typed
            elif kind is _K_METADATA:
                metadata.extend(metadata_entries(text))
            if kind is not item:
                level = 0
        if text is not texts[i]:
            # A heading or contents line without its typed number: the end of its block's text.
            key = normalise.key(text)
            keys[i] = text if key == text else key  # one string, not two, when they are equal
            clause_texts[i] = text
        if spans[i]:
            found = _spans_for(spans[i], raw_texts[i], text)
            if any(s.href is not None for s in found):
                found = _safe_links(found, unsafe_schemes)
            clause_spans[i] = found
        clause_kinds[i] = kind
        clause_levels[i] = level
        clause_labels[i] = label
        sections.append(section)
    sections.extend(repeat(path, count - len(sections)))
    # Each `Clause` made when read: the later stages read most fields of every clause as columns.
    clauses = Clauses(
        (
            _clause_ids(count)[1 : count + 1],
            clause_kinds,
            clause_texts,
            keys,
            clause_levels,
            clause_labels,
            sections,
            clause_spans,
            locations,
            annotations,
        )
    )
    titles = [clauses[i] for i in title_at]
    return Policy(
        source=document.source,
        sha256=document.sha256,
        format=document.format,
        title=_policy_title(document, titles),
        organisation=_organisation(document, titles, keys, title_at),
        metadata=tuple(metadata),
        clauses=clauses,
        objects=document.objects,
        warnings=document.warnings + _unsafe_link_warnings(unsafe_schemes, document.source),
    )


_FIELDS = attrgetter(*BLOCK_FIELDS)
"""A block's fields as a row (`BlockRow`)."""


def _not_plain(
    kinds: Sequence[BlockKind],
    texts: Sequence[str],
    levels: Sequence[int],
    spans: Sequence[tuple[Span, ...]],
    heading_like: Sequence[bool],
) -> list[int]:
    """Return the indices of the blocks that are not plain body text (`Blocks`), from the columns of their
    kinds, stripped texts, levels, spans and heading-like flags."""
    others = []
    plain, listed, openings = _PARAGRAPH, _LIST_ITEM, METADATA_OPENINGS
    for i, kind in enumerate(kinds):
        if heading_like[i] or spans[i]:
            others.append(i)
        elif kind is plain:
            text = texts[i]
            opening = text[:2]
            if (
                levels[i]
                or len(text) <= 42
                or opening.lower() in openings
                or not opening.isascii()
                or not opening[0].isalpha()
            ):
                others.append(i)
        elif kind is not listed:
            others.append(i)
    return others


def _keys(texts: Sequence[str], may_open_with_bullet: Iterable[int] | None = None) -> list[str]:
    """Return the key (`normalise.key`) of each of the stripped `texts`: an ASCII text that is clean and opens
    with no bullet is its own key (`_unclean_texts`), the texts that are not ASCII are keyed together
    (`normalise.keys`), and a key equal to its text is the text itself (one string, not two).
    `may_open_with_bullet`, when given, holds the indices of every text that may open with `-` or `*` (a
    plain paragraph opens with a letter: `Blocks`)."""
    keys = list(texts)
    ascii_flags = list(map(str.isascii, texts))
    key_of = normalise.key
    if may_open_with_bullet is None:
        may_open_with_bullet = range(len(texts))
    # A text holding what `normalise.key` changes in ASCII text, or opening with an ASCII bullet it takes off.
    bulleted = [i for i in may_open_with_bullet if texts[i][0] in "-*"]
    for i in _unclean_texts(texts, ascii_flags).union(bulleted):
        key = key_of(texts[i])
        if key != texts[i]:
            keys[i] = key
    if not all(ascii_flags):
        foreign = list(compress(range(len(texts)), map(not_, ascii_flags)))
        for i, key in zip(foreign, normalise.keys([texts[i] for i in foreign]), strict=True):
            if key != texts[i]:
                keys[i] = key
    return keys


_IDS = [""]
"""`c1`, `c2` … at their number: made once in a process, for every document's clauses (up to `_IDS_KEPT`)."""
_IDS_KEPT = 1 << 16


def _clause_ids(count: int) -> list[str]:
    """Return a list whose item `n` is the clause id `c<n>`, for every `n` from 1 to `count`.

    The ids are strings made once and shared: the two sides of a comparison (or the versions of a
    history) number their clauses alike, so the second document makes none. Past `_IDS_KEPT` a longer
    list is made for the one document and not kept.
    """
    ids = _IDS
    if len(ids) <= count and len(ids) < _IDS_KEPT:
        ids.extend(f"c{n}" for n in range(len(ids), min(count + 1, _IDS_KEPT)))
    if len(ids) <= count:
        ids = ids + [f"c{n}" for n in range(len(ids), count + 1)]
    return ids


# The first two letters of every metadata key (`_METADATA_KEYS`, `_NAMED_KEYS`; a test checks the list):
# a text whose first two characters are ASCII and not one of these, in any case, is no metadata line.
# (Matching ASCII letters regardless of case is `str.lower`; the other characters a case-insensitive
# match takes for them, such as the Kelvin sign for `k` or the long s for `s`, are not ASCII.)
METADATA_OPENINGS = frozenset(
    ("to", "ne", "re", "da", "la", "ad", "ap", "is", "up", "ef", "po", "ve", "ow", "si", "au")
)


def _may_be_metadata(text: str) -> bool:
    """Return False when the stripped `text` cannot be a metadata line (`metadata_entries(text)` is [])."""
    opening = text[:2]
    return opening.lower() in METADATA_OPENINGS or not opening.isascii()


# What makes the key of a stripped ASCII text other than the text (`normalise.key`), but for a leading
# bullet: doubled spaces, the grave accent, whitespace other than the space (`clean_space` makes a run of it
# one space). Other control characters stay in a key as they are.
_UNCLEAN = ("  ", "`", "\t", "\n", "\v", "\f", "\r", "\x1c", "\x1d", "\x1e", "\x1f")


def _unclean_texts(texts: Sequence[str], ascii_flags: Sequence[bool] | None = None) -> set[int]:
    """Return the indices of the stripped ASCII `texts` that hold something `normalise.key` changes in ASCII
    text (`_UNCLEAN`), but for a leading bullet. Each is looked for once in the ASCII texts joined (one byte a
    character), not in each text. `ascii_flags`, when given, is `[text.isascii() for text in texts]`."""
    if ascii_flags is None:
        ascii_flags = list(map(str.isascii, texts))
    if all(ascii_flags):
        at: Sequence[int] = range(len(texts))
        ascii_texts = texts
    else:
        at = list(compress(range(len(texts)), ascii_flags))
        ascii_texts = list(compress(texts, ascii_flags))
    # A separator that is none of `_UNCLEAN` and makes none.
    joined = "\x00".join(ascii_texts)
    starts: list[int] = []  # where each text starts in `joined`, and one past the end
    found = set()
    for needle in _UNCLEAN:
        position = joined.find(needle)
        while position >= 0:
            if not starts:
                starts = list(accumulate(map(add, map(len, ascii_texts), repeat(1)), initial=0))
            index = bisect_right(starts, position) - 1
            found.add(index)
            position = joined.find(needle, starts[index + 1])  # at most once a text
    return {at[index] for index in found}


MAX_SECTION_DEPTH = 9
"""Deepest heading level (as Word's outline levels): deeper markup joins the ninth level."""

_PATH_TEXT_LIMIT = 200
"""Longest heading text kept in a section path (a longer one is cut, with an ellipsis)."""

_MARKUP, _NUMBERED, _IMPLICIT = 2, 1, 0
_DOTTED = compile_later(r"\d{1,3}(?:\.\d{1,3})*\.?")


def _heading_level(
    kind: BlockKind, explicit: bool, level: int, label: str | None, stack: Sequence[tuple[int, str, int]]
) -> tuple[int, int]:
    """Return the level of a heading (a block of `kind`, `explicit` or not, of `level`, whose label is
    `label`) and where it comes from (markup, a typed number, or neither).

    Only explicit markup (a style, `#`, underline styles in the order seen) and typed numbers
    (`2.` under the markup heading above it, `2.1` one deeper) make depth. A heading known only by
    its look (a short unpunctuated line over body text) goes one below the nearest heading that has
    markup or a number, so a run of them are siblings, never a chain one level deeper each.
    """
    if kind is _HEADING and explicit:
        return min(max(level, 1), MAX_SECTION_DEPTH), _MARKUP
    if label is not None:
        base = 0  # the level of the nearest markup heading
        for lvl, _, origin in reversed(stack):
            if origin == _MARKUP:
                base = lvl
                break
        bare = label.strip("()")
        if _DOTTED.fullmatch(bare):
            depth = bare.rstrip(".").count(".")
        else:
            depth = level if kind is _LIST_ITEM else 0
        return min(base + 1 + depth, MAX_SECTION_DEPTH), _NUMBERED
    base = 0  # the level of the nearest heading with markup or a number
    for lvl, _, origin in reversed(stack):
        if origin != _IMPLICIT:
            base = lvl
            break
    return min(base + 1, MAX_SECTION_DEPTH), _IMPLICIT


def _path_text(text: str) -> str:
    """Return a heading's text as its section path shows it: spaces made one, cut when very long."""
    text = normalise.clean_space(text)
    return text if len(text) <= _PATH_TEXT_LIMIT else text[: _PATH_TEXT_LIMIT - 1].rstrip() + "…"


SAFE_LINK_SCHEMES = frozenset({"http", "https", "mailto"})
"""Link schemes kept; a target with any other explicit scheme is dropped (its text stays)."""

_SCHEME = compile_later(r"([A-Za-z][A-Za-z0-9+.\-]*):")
# What a browser ignores in a URL: C0 controls and spaces at the ends, tabs and newlines anywhere
# (we drop every C0 control anywhere, which is stricter).
_URL_IGNORED = compile_later(r"[\x00-\x1f\x7f]")


def link_scheme(href: str) -> str | None:
    """Return the scheme of a link target as a browser reads it (lower case), None when it has none.

    `" JaVa\tScript:alert(1)"` has the scheme `javascript`; `#purpose`, `policies/fire.docx` and
    `//example.org/` have none.
    """
    m = _SCHEME.match(_URL_IGNORED.sub("", href).lstrip(" "))
    return m.group(1).lower() if m else None


def is_safe_link(href: str) -> bool:
    """Return whether a link target may stay in a report: http(s), mailto, or no scheme at all."""
    scheme = link_scheme(href)
    return scheme is None or scheme in SAFE_LINK_SCHEMES


def _safe_links(spans: tuple[Span, ...], dropped: dict[str, int]) -> tuple[Span, ...]:
    """Return `spans` without the targets of unsafe links (their emphasis kept), counting each by scheme."""
    out: list[Span] = []
    for s in spans:
        if s.href is None or is_safe_link(s.href):
            out.append(s)
            continue
        scheme = link_scheme(s.href) or ""
        dropped[scheme[:20]] = dropped.get(scheme[:20], 0) + 1
        if s.bold or s.italic or s.underline or s.strike:
            out.append(Span(s.start, s.end, s.bold, s.italic, s.underline, strike=s.strike))
    return tuple(out)


def _unsafe_link_warnings(dropped: dict[str, int], source: str) -> tuple[Diagnostic, ...]:
    """Return the one warning for the unsafe link targets dropped from a document, or none."""
    if not dropped:
        return ()
    schemes = ", ".join(f"{scheme}:" for scheme in sorted(dropped)[:5])
    if len(dropped) > 5:
        schemes += ", …"
    total = sum(dropped.values())
    return (
        Diagnostic(
            "unsafe-link",
            f"dropped the target of {total} link(s) with a scheme other than http, https or mailto "
            f"({schemes}); their text is kept",
            source,
        ),
    )


# Block kinds bound once: an enum member costs an attribute lookup on its class each time it is named.
_TITLE, _HEADING, _PARAGRAPH, _LIST_ITEM, _TABLE_CELL, _FOOTNOTE = (
    BlockKind.TITLE,
    BlockKind.HEADING,
    BlockKind.PARAGRAPH,
    BlockKind.LIST_ITEM,
    BlockKind.TABLE_CELL,
    BlockKind.FOOTNOTE,
)
# Clause kinds bound once, for the same reason.
_K_TITLE, _K_HEADING, _K_PARAGRAPH, _K_LIST_ITEM, _K_TABLE_CELL, _K_FOOTNOTE, _K_METADATA = (
    ClauseKind.TITLE,
    ClauseKind.HEADING,
    ClauseKind.PARAGRAPH,
    ClauseKind.LIST_ITEM,
    ClauseKind.TABLE_CELL,
    ClauseKind.FOOTNOTE,
    ClauseKind.METADATA,
)
_BODY_KINDS = (_PARAGRAPH, _LIST_ITEM, _TABLE_CELL)
# A block's kind as a clause's: what a block that is plain body text (`Blocks`) becomes as it is.
_CLAUSE_KIND_OF = {
    _TITLE: _K_TITLE,
    _HEADING: _K_HEADING,
    _PARAGRAPH: _K_PARAGRAPH,
    _LIST_ITEM: _K_LIST_ITEM,
    _TABLE_CELL: _K_TABLE_CELL,
    _FOOTNOTE: _K_FOOTNOTE,
}


def _is_body(c: _Columns, k: int) -> bool:
    """Return whether block `k` is body text: a paragraph, item or cell, not like a heading, no metadata."""
    if c.heading_like[k] or c.kinds[k] not in _BODY_KINDS:
        return False
    # A plain paragraph opens as no metadata key does (`Blocks`); any other text is tried.
    return (k not in c.others and c.kinds[k] is _PARAGRAPH) or not metadata_entries(c.texts[k])


def _title_run(c: _Columns, *, decided: bool = False) -> int:
    """Return how many leading blocks are the document's title lines (with `decided`, the reader has said
    which are: docutils promotes a lone top section to the title, and leaves several as sections)."""
    title = _TITLE  # looked up once: an enum member costs an attribute lookup each time
    kinds = c.kinds
    if decided or title in kinds:
        count = 0
        while count < len(kinds) and kinds[count] is title:
            count += 1
        return count
    if not kinds:
        return 0
    first = kinds[0]
    if first is _HEADING and c.explicit[0]:
        levels, explicit = c.levels, c.explicit
        run = 0
        while run < len(kinds) and run < 3 and kinds[run] is _HEADING and levels[run] == levels[0]:
            run += 1
        heading = _HEADING
        later_same = any(
            kinds[k] is heading and explicit[k] and levels[k] <= levels[0] for k in range(run, len(kinds))
        )
        return 1 if later_same else run
    if first is _PARAGRAPH and c.heading_like[0]:
        run = 0
        while run < len(kinds) and run < 3 and kinds[run] is _PARAGRAPH and c.heading_like[run]:
            run += 1
        if run < len(kinds) and (
            _is_body(c, run) or kinds[run] in (_HEADING, _LIST_ITEM) or _typed_number(c, run) is not None
        ):
            return _title_end(c, run)
    return 0


_TITLE_WORDS = (
    "policy",
    "policies",
    "procedure",
    "procedures",
    "statement",
    "guidance",
    "guidelines",
    "code of conduct",
    "code of practice",
    "handbook",
    "plan",
    "charter",
    "protocol",
    "terms",
)
"""Words that name the kind of document (`_TITLE_WORD`'s alternatives)."""
_TITLE_WORD = compile_later(r"\b(?:" + "|".join(_TITLE_WORDS) + r")\b", re.IGNORECASE)
_POLICY_TITLE_WORDS = ("policy", "policies", "procedure", "procedures", "statement", "code of", "guidance")
_POLICY_TITLE_WORD = compile_later(r"\b(?:" + "|".join(_POLICY_TITLE_WORDS) + r")\b", re.IGNORECASE)
_POLICY_WORDS = ("policy", "policies")
_POLICY_WORD = compile_later(r"\b(?:policy|policies)\b", re.IGNORECASE)


def _names(text: str, words: Sequence[str], pattern: re.Pattern[str]) -> bool:
    """Return whether `pattern` (`\\b(?:…)\\b` of the lower-case `words`, ignoring case) finds a word in
    `text`. An ASCII text is searched by string methods: the same answer without compiling the pattern
    (a run's title lines are ASCII, and each pattern cost about 0.3 ms to compile on first use)."""
    if not text.isascii():
        return pattern.search(text) is not None
    lowered = text.lower()  # ASCII letters only: what ignoring case means for them
    for word in words:
        i = lowered.find(word)
        while i >= 0:
            end = i + len(word)
            if (i == 0 or not _word_char(lowered[i - 1])) and (
                end == len(lowered) or not _word_char(lowered[end])
            ):
                return True
            i = lowered.find(word, i + 1)
    return False


def _title_end(c: _Columns, run: int) -> int:
    """Return where the title lines of a plain-text run of `run` heading-like lines end.

    "JPAC LTD Out of School Clubs / Social Media Policy / body" is two title lines, but in
    "Records Policy / Storage / body" the second line is the first section's heading. When a line
    of the run names the kind of document (policy, procedure, code of conduct …), the title ends
    with the first such line ("Safeguarding Policy / Policy statement / body": one title line).
    """
    named = next((k for k in range(run) if _names(c.texts[k], _TITLE_WORDS, _TITLE_WORD)), None)
    return run if named is None else named + 1


_CONTENTS = compile_later(r"(?:table of )?contents:?|index:?", re.I)
_COLON_HEADING = compile_later(r"[A-Z][\w'’&/\- ]{0,40}:")
_KEY_VALUE = compile_later(r"[^:.!?]{1,40}:\s")


def _emphasised(spans: tuple[Span, ...], text: str) -> bool:
    """Return whether the whole of a block's `text` is bold or underlined (a heading typed by hand)."""
    return any((s.bold or s.underline) and s.start == 0 and s.end >= len(text) for s in spans)


_LABEL_PARTS = compile_later(r"^(\(?)((?:\d{1,3}\.)*)(\d{1,3}|[A-Za-z]{1,5})([.)]?)$")


def _label_values(part: str) -> set[int]:
    """Return the counter values a label's last part can stand for: `3`, `c` (3), `iii` (3 as roman)."""
    if part.isdigit():
        return {int(part)}
    values = set()
    if len(part) == 1:
        values.add(ord(part.lower()) - ord("a") + 1)
    roman = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
    lowered = part.lower()
    if all(ch in roman for ch in lowered):
        total = 0
        for k, ch in enumerate(lowered):
            value = roman[ch]
            total += -value if k + 1 < len(lowered) and roman[lowered[k + 1]] > value else value
        values.add(total)
    return values


def _follows(previous: str, label: str) -> bool:
    """Return whether list label `label` comes straight after `previous` in one list (`2.` after `1.`)."""
    a, b = _LABEL_PARTS.match(previous), _LABEL_PARTS.match(label)
    if a is None or b is None:
        return False
    if (a.group(1), a.group(2), a.group(4)) != (b.group(1), b.group(2), b.group(4)):
        return False
    if a.group(3).isdigit() != b.group(3).isdigit() or a.group(3).isupper() != b.group(3).isupper():
        return False
    return any(v + 1 in _label_values(b.group(3)) for v in _label_values(a.group(3)))


def _continues_list(c: _Columns, index: int) -> bool:
    """Return whether the numbered block at `index` goes on with the list items just before it.

    "2. Volunteers" after "1. All staff / a. permanent" continues that list, so it is an item even
    when short; "3. Fire safety" after a bulleted list, or "1. Introduction" after a contents list
    ending "3. Fire safety", starts something new and may be a numbered heading.
    """
    kinds, labels = c.kinds, c.labels
    label = labels[index]
    k = index - 1
    while k >= 0 and kinds[k] is _LIST_ITEM and index - k <= 200:
        previous = labels[k]
        if label is None or (previous is not None and _follows(previous, label)):
            return True
        k -= 1
    return False


def _clause_kind(c: _Columns, i: int, title_count: int) -> ClauseKind:
    """Return the clause kind of block `i`, of a document whose first `title_count` blocks are its title."""
    kind = c.kinds[i]
    text = c.texts[i]
    heading_like = c.heading_like[i]
    metadata_tried = False
    if kind is _PARAGRAPH and not heading_like and i >= title_count:
        # Body text (most blocks): a metadata line, or a heading only when short (the "Contents" and
        # "Nappy changing:" rules below need 42 characters or fewer), else a paragraph.
        if metadata_entries(text):
            return _K_METADATA
        if len(text) > 42 and len(text.strip()) > 42:
            return _K_PARAGRAPH
        metadata_tried = True
    j = i + 1  # the next block, if any
    if i < title_count or kind is _TITLE:
        return _K_TITLE
    if kind is _HEADING:
        return _K_HEADING
    if kind is _FOOTNOTE:
        return _K_FOOTNOTE
    if kind is _TABLE_CELL:
        return _K_TABLE_CELL
    kinds = c.kinds
    if kind is _LIST_ITEM:
        numbered_heading = (
            heading_like
            and c.labels[i] is not None
            and j < len(kinds)
            and kinds[j] is _PARAGRAPH
            and not c.heading_like[j]
            and not _continues_list(c, i)
        )
        return _K_HEADING if numbered_heading else _K_LIST_ITEM
    if not metadata_tried and metadata_entries(text):
        return _K_METADATA
    if j == len(kinds):
        return _K_PARAGRAPH  # every rule below looks at the block after this one
    if heading_like and (_is_body(c, j) or (kinds[j] is _LIST_ITEM and not c.heading_like[j])):
        return _K_HEADING
    if kind is not _PARAGRAPH:
        return _K_PARAGRAPH
    if _CONTENTS.fullmatch(text.strip()) and (c.heading_like[j] or kinds[j] is _LIST_ITEM):
        return _K_HEADING  # "Contents" over the list of sections it names
    if (
        not c.explicit[i]
        and _COLON_HEADING.fullmatch(text.strip())
        and (c.locations[i].part is None or _emphasised(c.spans[i], text))
        and kinds[j] is _PARAGRAPH
        and _is_body(c, j)
        and c.texts[j].rstrip()[-1:] in ".!?"
        and not _KEY_VALUE.match(c.texts[j])
    ):
        return _K_HEADING  # "Nappy changing:" over its paragraph (not a list's lead-in)
    return _K_PARAGRAPH


def _policy_title(document: Document, titles: Sequence[Clause]) -> str | None:
    if document.title:
        return normalise.clean_space(document.title)
    for clause in titles:
        if _names(clause.text, _POLICY_TITLE_WORDS, _POLICY_TITLE_WORD):
            return normalise.clean_space(clause.text)
    return normalise.clean_space(titles[-1].text) if titles else None


_ORGANISATION_CANDIDATES = 8
"""Most lines (title lines, then headers and footers) searched for the organisation's name."""


def _organisation(
    document: Document, titles: Sequence[Clause], keys: Sequence[str], title_at: Sequence[int]
) -> str | None:
    """Return the organisation's name: the longest opening words of a title line that the body uses (the
    `keys` of the clauses, but for the title lines at `title_at`).

    The body may write the name with other dashes, spaces or quotes ("Pre‑School", "Holmes
    Chapel\u00a0Pre-School"), or call it by its last word ("the Pre-School"): both count.
    """
    declared = dict(document.metadata)
    for name in ("organisation", "organization", "company", "setting"):
        if declared.get(name):
            return normalise.clean_space(declared[name])
    candidates = [c.text for c in titles]
    if document.title:
        candidates.append(document.title)
    candidates.extend(v for k, v in document.metadata if k in ("header", "footer"))
    # Title lines naming the policy rather than the body that wrote it come last.
    candidates.sort(key=lambda t: _names(t, _POLICY_WORDS, _POLICY_WORD))
    if not candidates:
        return None
    # The keys of the clauses that are not title lines, joined, are the key of the body (the key of each
    # clause is made once, in `segment`): keying the whole body again cost a second pass over every
    # character of the text.
    if title_at == list(range(len(title_at))):
        body = " ".join(islice(keys, len(title_at), None))  # the title lines open the document
    else:
        skipped = set(title_at)
        body = " ".join([key for i, key in enumerate(keys) if i not in skipped])
    for line in candidates[:_ORGANISATION_CANDIDATES]:
        words = normalise.clean_space(line).split(" ")[:12]
        for n in range(len(words), 0, -1):
            prefix = words[:n]
            while prefix and prefix[-1].lower() in _TRAILING_STOP:
                prefix = prefix[:-1]
            if (
                not prefix
                or not any(w[:1].isupper() and w.lower().strip(".,") not in _GENERIC_WORDS for w in prefix)
                or prefix[-1].lower().strip(".,") in _GENERIC_WORDS
            ):
                continue  # no proper word, or the words name the document ("AI use policy", "… Code")
            if _used_whole(normalise.key(" ".join(prefix)), body) or _called_by_last_word(prefix, body):
                return " ".join(prefix)
    return None


def _used_whole(phrase: str, body: str) -> bool:
    """Return whether `phrase` stands in `body` as whole words."""
    # str.find runs at memory speed; a regular expression opening with a lookbehind steps through the
    # whole body in the regex engine (0.09 s a call on a 5 MB document).
    return bool(phrase) and any(
        (i == 0 or not _word_char(body[i - 1]))
        and (i + len(phrase) == len(body) or not _word_char(body[i + len(phrase)]))
        for i in _occurrences(body, phrase)
    )


def _occurrences(body: str, phrase: str) -> Iterator[int]:
    """Yield every index at which `phrase` starts in `body`."""
    i = body.find(phrase)
    while i >= 0:
        yield i
        i = body.find(phrase, i + 1)


def _word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _called_by_last_word(words: Sequence[str], body: str) -> bool:
    """Return whether the body calls a name of two or more words by its last one ("the Pre-School")."""
    last = normalise.key(words[-1]).strip(".,")
    if (
        len(words) < 2
        or not last[:1].isupper()
        or last.lower() in _GENERIC_WORDS
        or _names(last, _TITLE_WORDS, _TITLE_WORD)
    ):
        return False
    # "the Pre-School" (or "our", "this" …) as whole words: the last word's occurrences are found in one
    # pass over the body, and the word before each is looked at, not each phrase searched for in turn.
    end = len(last)
    for i in _occurrences(body, last):
        if i + end < len(body) and _word_char(body[i + end]):
            continue
        for article in _ARTICLES:
            start = i - len(article) - 1
            if (
                start >= 0
                and body[i - 1] == " "
                and body.startswith(article, start)
                and (start == 0 or not _word_char(body[start - 1]))
            ):
                return True
    return False


_ARTICLES = ("the", "The", "our", "Our", "this", "This")
