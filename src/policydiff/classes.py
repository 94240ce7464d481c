"""Change classes a reviewer cares about (obligation, negation, number, date, role, link) from word edits."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from functools import reduce
from operator import or_

from policydiff._lazy import compile_later
from policydiff._values import dataclass
from policydiff.lexicon import (
    CROSS_REFERENCES,
    FREQUENCY_PERIOD,
    MODAL_STRENGTH,
    MONTHS,
    NEGATIONS,
    NUMBER_WORDS,
    ROLE_SYNONYMS,
    ROLE_WORDS,
    ROLES,
)
from policydiff.model import ChangeClass, Edit, EditOp, FormatChange

TYPE_CHECKING = False
if TYPE_CHECKING:  # `typing` is not imported at run time
    from typing import Any


@dataclass(frozen=True, slots=True)
class Mention:
    """A stretch of one side's text that a class is about, with the value compared across sides."""

    start: int
    end: int
    text: str
    value: object


@dataclass(frozen=True, slots=True)
class Hunk:
    """A run of non-equal edits: the left and right character ranges it replaced."""

    left: tuple[int, int]
    right: tuple[int, int]


def _alternation(phrases: Iterable[str], space: str = r"\s+") -> str:
    """Return a pattern matching what the phrases, longest first, as alternatives match (a space in a
    phrase matching `space`), written as a trie: "deputy (?:manager|designated safeguarding lead)".

    Lower-case literal phrases that match at one place are each a prefix of the next longer one, so the
    alternatives longest first and the trie (longer continuations before stopping) try them in the same
    order and match the same; but the trie reads each character once, where the alternatives tried every
    phrase at every word (a third of the time on the change classes' windows).
    """
    root: dict[str, dict[str, Any]] = {}
    for phrase in phrases:
        node = root
        for c in phrase.lower():
            node = node.setdefault(space if c == " " else c if c.isalnum() else re.escape(c), {})
        node[""] = {}
    return _branches(root)


def _branches(node: dict[str, dict[str, Any]]) -> str:
    alternatives = [unit + _branches(child) for unit, child in node.items() if unit]
    if not alternatives:
        return ""
    if len(alternatives) == 1 and "" not in node:
        return alternatives[0]
    return "(?:" + "|".join(alternatives) + (")?" if "" in node else ")")


class _Folded:
    """A pattern written in lower case, compiled when first used, that finds in a text what it finds with
    `re.IGNORECASE`: run case-sensitively on the text lower-cased (`_fold`), where it is faster (the
    engine compares a branch's first characters directly instead of through a case table), else with the
    flag on the text itself. The source is written on first use too: the phrase tries are built only for
    the classes a run needs, not at import."""

    __slots__ = ("_any", "_low", "_source", "_write")

    def __init__(self, write: Callable[[], str]) -> None:
        self._write = write
        self._source: str | None = None
        self._low: re.Pattern[str] | None = None
        self._any: re.Pattern[str] | None = None

    def source(self) -> str:
        if self._source is None:
            self._source = self._write()
        return self._source

    def finditer(self, text: str, low: str | None) -> Iterator[re.Match[str]]:
        """Return the matches in `low` (`_fold(text)`), or in `text` ignoring case when `low` is None."""
        if low is not None:
            pattern = self._low
            if pattern is None:
                pattern = self._low = re.compile(self.source())
            return pattern.finditer(low)
        pattern = self._any
        if pattern is None:
            pattern = self._any = re.compile(self.source(), re.IGNORECASE)
        return pattern.finditer(text)


def _fold(text: str) -> str | None:
    """Return `text.lower()` when a lower-case pattern matches in it exactly where it matches in `text`
    ignoring case, else None.

    `re.IGNORECASE` compares a character's lower case, one for one, and also takes the dotless ı for i and
    the long ſ for s. So the lower-cased text serves when every character outside ASCII is already its own
    lower case (then it stays where it was, and an ASCII letter's lower case is what the flag compares) and
    none is ı or ſ. Where it does not, the pattern runs on the text itself, ignoring case.
    """
    low = text.lower()
    if text.isascii():
        return low
    other = "".join(_NON_ASCII.findall(text))
    return low if other.lower() == other and "ı" not in other and "ſ" not in other else None


_NON_ASCII = compile_later(r"[^\x00-\x7f]")
_RUN = compile_later(r"([\w-]+)")
_NOT_RUN = compile_later(r"[^\w-]")
_SPACED = bytes(c if c > 127 or chr(c).isalnum() or chr(c) in "_-" else 32 for c in range(256))
r"""`_NOT_RUN` of the ASCII characters, for `bytes.translate` of an ASCII text's bytes: those outside `[\w-]`
as a space (a table of bytes is read in C a byte at a time; `str.translate` looks each character up in a
mapping, a quarter of `_Phrases.spans`' instructions)."""


class _Phrases:
    r"""Lower-case phrases found as the `_Folded` pattern `(?<![\w-])(?:<trie of the phrases>)(?![\w-])` finds
    them (a space matching `\s+`), where `_fold` serves without compiling that pattern.

    Every word of a phrase (a run of `[\w-]` characters) stands as a whole run of the text: the pattern's
    first word follows no `[\w-]` character, and each word is followed by `\s+`, by the phrase's own
    punctuation ("children's") or, at its end, by no `[\w-]` character. So a match is a first word standing
    as a run, then the phrase's other runs, parted by whitespace (where the phrase has a space) or by its
    punctuation; at each place the trie finds the longest phrase that stands there (it reads one way through
    its branches, longer continuations first), and the next match begins after it. The first words are
    found as whole runs by string methods: the text with every character outside the runs made a space
    (`str.translate`), its words met with the first words as sets, and each one found met looked for as
    " word " in it (decision 0024, sessions 18 and 19). Compiling the trie costs about 12 k instructions a
    character of source (12.5 M for the role list, 5.6 M for the obligation phrases), more than the finding
    costs on the windows a comparison reads, and the string methods read a window faster than the trie's
    pattern does. Where `_fold` declines, the whole pattern runs ignoring case on the text itself, as
    before."""

    __slots__ = ("_pattern", "_phrases", "_tree")

    def __init__(self, phrases: Iterable[str]) -> None:
        self._phrases = tuple(phrases)
        self._pattern = _Folded(lambda: r"(?<![\w-])(?:" + _alternation(self._phrases) + r")(?![\w-])")
        self._tree: _Words | None = None

    def source(self) -> str:
        return self._pattern.source()

    def _grow(self) -> _Words:
        """Return the phrases as a tree of words."""
        root = _Words()
        for phrase in self._phrases:
            parts = _RUN.split(phrase.lower())
            if parts[0] or parts[-1] or len(parts) < 3:
                raise ValueError(f"not a phrase of words: {phrase!r}")  # (none in the lexicon)
            node = root.setdefault(parts[1], _Words())
            for k in range(3, len(parts), 2):
                gap = parts[k - 1]
                if (node.gap or gap) != gap or (gap != " " and gap.split() != [gap]):
                    # (Not so in the lexicon.) Words parted by a space or by punctuation, the same after a
                    # word in every phrase.
                    raise ValueError(f"not a phrase of words like the others: {phrase!r}")
                node.gap = gap
                node = node.setdefault(parts[k], _Words())
            node.ends = True
        self._tree = root
        return root

    def spans(self, text: str, low: str | None) -> list[tuple[int, int]]:
        """Return the spans of the matches in `low` (`_fold(text)`), or in `text` ignoring case when `low` is
        None, in order."""
        if low is None:
            return [m.span() for m in self._pattern.finditer(text, None)]
        root = self._tree if self._tree is not None else self._grow()
        # The text with every character outside the runs (`[\w-]`) a space: its runs are its words, at the
        # same places.
        spaced = low.encode().translate(_SPACED).decode() if low.isascii() else _NOT_RUN.sub(" ", low)
        firsts = root.keys() & spaced.split()
        if not firsts:
            return []
        padded = f" {spaced} "
        places: list[tuple[int, str]] = []  # where each first word stands as a whole run
        for first in firsts:
            key = f" {first} "
            at = padded.find(key)
            while at >= 0:
                places.append((at, first))  # (at + 1 in `padded`)
                at = padded.find(key, at + len(key) - 1)
        places.sort()
        out: list[tuple[int, int]] = []
        stop = 0  # where the last match ended: the next one begins after it
        for start, first in places:
            if start < stop:
                continue
            node = root[first]
            at = start + len(first)
            end = at if node.ends else -1
            while node:
                # The next run of the text: after whitespace, or after the phrases' punctuation there.
                found = _RUN.search(low, at)
                if found is None:
                    break
                gap, word = low[at : found.start()], found.group()
                if not (gap.isspace() if node.gap == " " else gap == node.gap):
                    break
                if word not in node:
                    break
                node, at = node[word], found.end()
                if node.ends:
                    end = at
            if end >= 0:
                out.append((start, end))
                stop = end
        return out


class _Words(dict[str, "_Words"]):
    """A node of `_Phrases`' tree: the words that may come next, the text before them (`gap`, " " for
    whitespace: one kind at each node), and whether a phrase ends here."""

    __slots__ = ("ends", "gap")

    def __init__(self) -> None:
        super().__init__()
        self.ends = False
        self.gap: str | None = None


_MODAL_RE = _Phrases(MODAL_STRENGTH)
_NEGATION_RE = _Folded(
    lambda: r"(?<![\w-])(?:" + _alternation(NEGATIONS) + r")(?![\w-])|\w+n['’]t\b|\bno\s+one\b"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d\d"


def _date_source() -> str:
    month = r"(?:" + _alternation(MONTHS) + r")\.?"
    return (
        r"(?<![\w-])(?:"
        rf"{_YEAR}-\d{{2}}-\d{{2}}"
        rf"|\d{{1,2}}[/.]\d{{1,2}}[/.](?:{_YEAR}|\d\d)"
        rf"|{_DAY}\s+(?:of\s+)?{month}(?:,?\s+{_YEAR})?"
        # "May 5, 2024" or "May 2024": one month trie for both (at most one of its words is followed by a
        # space, so both orders of trying them find the same), compiled once instead of twice.
        rf"|{month}\s+(?:{_DAY},?\s+{_YEAR}|{_YEAR})"
        rf"|{_YEAR}(?:[/-]\d\d)?"
        r")(?![\w-])"
    )


_DATE_RE = _Folded(_date_source)
_MONTH_ALONE_RE = compile_later(
    r"\b(?:January|February|March|April|June|July|August|September|October|November|December)\b"
)
_XREF_RE = _Folded(
    lambda: r"(?<![\w-])(?:" + "|".join(CROSS_REFERENCES) + r")s?\s+(?:\d+(?:\.\d+)*[a-z]?|[a-z]\b|[ivx]+\b)"
)
_URL_RE = _Folded(lambda: r"(?:https?://|www\.)[^\s<>\"]+[^\s<>\".,;:)]|[\w.+-]+@[\w-]+\.[\w.-]*\w")
_UNITS = (
    r"(?:working\s+|school\s+|calendar\s+|clear\s+|full\s+)?"
    r"(?:days?|weeks?|months?|years?|hours?|hrs?|minutes?|mins?|terms?|sessions?|times?|percent|per\s+cent)"
)


def _number_source() -> str:
    word = r"(?:" + _alternation(w for w in NUMBER_WORDS if w not in FREQUENCY_PERIOD) + r")"
    return (
        r"(?<![\w.,/-])(?:"
        r"(?P<cur>[£$€])?(?P<num>\d+(?:,\d{3})*(?:\.\d+)?)(?P<pct>%|k\b)?(?P<ampm>\s*(?:am|pm)\b)?"
        rf"|(?P<word>{word}(?:[\s-]+{word})?)"
        rf"|(?P<freq>{'|'.join(FREQUENCY_PERIOD)})"
        r")(?![\w-])"
        rf"(?:\s+(?:a|an|per|every|each)\s+(?P<per>\w+)|[\s-]+(?P<unit>{_UNITS})\b)?"
    )


_NUMBER_RE = _Folded(_number_source)
_ROLE_RE = _Phrases(ROLES)


def _words_value(text: str) -> float | None:
    total = 0.0
    for part in re.split(r"[\s-]+", text.lower()):
        value = NUMBER_WORDS.get(part)
        if value is None:
            return None
        total = total * value if value in (100, 1000) and total else total + value
    return total


def modalities(text: str) -> list[Mention]:
    """Return the obligation words of a text, valued by their strength."""
    return _modalities(text, _fold(text))


def _modalities(text: str, low: str | None) -> list[Mention]:
    """`modalities(text)`, with `low` what `_fold(text)` gives (each finder below is given it so)."""
    out = []
    for a, b in _MODAL_RE.spans(text, low):
        found = text[a:b]
        word = " ".join(found.lower().split())  # a phrase's spaces as one (it ends with no space)
        if word == "may" and ((found == "May" and a > 0) or _NUMBER_NEXT.match(text, b)):
            continue  # the month
        if word == "will" and _WILL_NOUN.match(text, b):
            continue
        # A case-insensitive match may spell the word with a character whose lower case is another
        # letter's (the long s of "muſt" matches "must"): its case fold is the lexicon's word.
        strength = MODAL_STRENGTH.get(word)
        if strength is None:
            strength = MODAL_STRENGTH.get(" ".join(found.casefold().split()))
            if strength is None:
                continue
        out.append(Mention(a, b, found, strength))
    return out


_NUMBER_NEXT = compile_later(r"\s+\d")
_WILL_NOUN = compile_later(r"\s+(?:be\s+)?(?:of|and)\b")
DUTY = 2
"""The weakest obligation a clause added or removed whole is classed by: "should" and stronger ("must",
"shall", "is required to"), not a permission ("may", "can": often no rule at all, "this can happen")."""


def negations(text: str) -> list[Mention]:
    """Return the negations of a text."""
    return _negations(text, _fold(text))


def _negations(text: str, low: str | None) -> list[Mention]:
    out = []
    for m in _NEGATION_RE.finditer(text, low):
        a, b = m.span()
        found = text[a:b]
        word = found.lower()
        if word == "no" and _NUMBERED.match(text, b):
            continue  # "No. 5"
        # The idioms begin with "no" or end with "not": only then are they looked for.
        if (word[:2] == "no" and _NOT_NEGATION.match(text, a)) or (
            word[-3:] == "not" and _NOT_NEGATION_BEFORE.search(text, 0, b)
        ):
            continue
        out.append(Mention(a, b, found, " ".join(word.split())))
    return out


_NUMBERED = compile_later(r"\.?\s*\d")


_NOT_NEGATION = compile_later(
    r"(?:not\s+(?:limited\s+to|just|only|least)|no\s+(?:later|earlier|more|less|fewer|sooner)\s+than)\b",
    re.IGNORECASE,
)
_NOT_NEGATION_BEFORE = compile_later(r"\b(?:whether\s+or|if)\s+not$", re.IGNORECASE)
"""Idioms holding a negation word that negate nothing ("including but not limited to", "no later than")."""


def dates(text: str) -> list[Mention]:
    """Return the calendar dates (and months or years on their own) of a text."""
    return _dates(text, _fold(text))


def _dates(text: str, low: str | None) -> list[Mention]:
    out = (
        [_mention(text, m, _date_key(text[m.start() : m.end()])) for m in _DATE_RE.finditer(text, low)]
        if _DIGIT.search(text)  # every date but a month alone holds a digit
        else []
    )
    for m in _MONTH_ALONE_RE.finditer(text):
        if not any(d.start <= m.start() < d.end for d in out):
            out.append(Mention(m.start(), m.end(), m.group(), _date_key(m.group())))
    return sorted(out, key=lambda d: d.start)


def _date_key(text: str) -> str:
    words = re.findall(r"[a-z]+|\d+", text.lower())
    return " ".join(
        str(MONTHS.get(w.rstrip("."), w)) if w.isalpha() else str(int(w)) for w in words if w != "of"
    )


def _mention(text: str, m: re.Match[str], value: object) -> Mention:
    """Return the mention of the stretch of `text` where `m` matched (in it, or in its lower case)."""
    a, b = m.span()
    return Mention(a, b, text[a:b], value)


def links(text: str) -> list[Mention]:
    """Return the cross-references and web or mail addresses written in a text."""
    return _links(text, _fold(text))


def _links(text: str, low: str | None) -> list[Mention]:
    out = [
        _mention(text, m, " ".join(text[m.start() : m.end()].lower().split()))
        for m in _XREF_RE.finditer(text, low)
    ]
    out += [
        _mention(text, m, text[m.start() : m.end()].lower().rstrip("/")) for m in _URL_RE.finditer(text, low)
    ]
    return sorted(out, key=lambda d: d.start)


def numbers(text: str, taken: Sequence[Mention] = ()) -> list[Mention]:
    """Return the numbers, amounts, durations and counts of a text outside the `taken` stretches."""
    return _numbers(text, _fold(text), taken)


def _group(text: str, m: re.Match[str], name: str) -> str:
    """Return a group's text ("" when it took no part), read from `text` (`m` may be on its lower case)."""
    a, b = m.span(name)
    return text[a:b]


def _numbers(text: str, low: str | None, taken: Sequence[Mention] = ()) -> list[Mention]:
    out = []
    for m in _NUMBER_RE.finditer(text, low):
        start, stop = m.span()
        if any(t.start < stop and start < t.end for t in taken):
            continue
        value: float | None
        num, pct, word = _group(text, m, "num"), _group(text, m, "pct"), _group(text, m, "word")
        per, unit = _group(text, m, "per"), _group(text, m, "unit")
        if num:
            value = float(num.replace(",", ""))
            if pct.lower() == "k":
                value *= 1000
        elif word:
            word = word.lower()
            if word in {"once", "twice"} and not per:
                continue  # "once the form is signed"
            if word == "one" and _ONE_OF.match(text, stop):
                continue
            if word in {"single", "double", "half"} and not (per or unit):
                continue
            value = _words_value(word)
        else:
            value = 1.0
        if value is None:
            continue
        unit = " ".join(unit.lower().split()).rstrip("s")
        per = per.lower() or FREQUENCY_PERIOD.get(_group(text, m, "freq").lower(), "")
        cur = _group(text, m, "cur")
        end = m.end("num") if num else m.end("word") if word else m.end("freq")
        shown = text[start:end] + pct + _group(text, m, "ampm")
        pct = "%" if (pct == "%" or "cent" in unit) else ""
        out.append(Mention(start, stop, f"{shown}\0{text[start:stop]}", (cur, value, pct, unit, per)))
    return out


_ONE_OF = compile_later(r"\s+(?:another|of\s+(?:the|our|these|those))\b")
_NOT_AMOUNT = _Folded(
    lambda: (
        r"(?P<phone>\+?\(?\d[\d ()-]{6,}\d)"  # a telephone number (nine digits or more)
        r"|\b(?:version|v)\s*[=:]?\s*[\"']?\d+(?:\.\d+)*"  # a version
        # a version built in code: Version("Twisted", 12, 2, 0), Version('Twisted', "NEXT", 0, 0)
        r"|\bversion\s*\(\s*(?:[\"'][^\"'\n]{0,40}[\"']\s*,\s*){0,3}\d+(?:\s*,\s*\d+)*"
        r"|\d+(?:\.\d+){2,}"  # a dotted number (1.2.0)
    )
)


def _not_amounts(text: str, low: str | None) -> list[Mention]:
    """Return the stretches holding digits that are no amount: telephone and version numbers."""
    if not _DIGIT.search(text):
        return []  # each of them holds a digit
    return [
        _mention(text, m, None)
        for m in _NOT_AMOUNT.finditer(text, low)
        if not m.group("phone") or sum(c.isdigit() for c in m.group()) >= 9
    ]


def roles(text: str) -> list[Mention]:
    """Return the job titles and bodies a text names, valued by their canonical name."""
    return _roles(text, _fold(text))


def _roles(text: str, low: str | None) -> list[Mention]:
    out = []
    for first, last in _ROLE_RE.spans(text, low):
        start = first
        if text[start : start + 1].isupper():
            # A title's own capitalised words ("the Area Manager"): not an article or a sentence's first word,
            # unless it is a rank ("Deputy DSL reviews …", a table cell "Deputy DSL"). A body's name joins
            # its words with "of" ("the Code of Conduct Committee"): a capitalised word before "of" is the
            # name's too, unless a role itself (session 19).
            while True:
                before = _title_word(text, start)
                if before >= 0 and (
                    text[before:start].rstrip().lower() in _RANKS
                    or (
                        before > 0
                        and text[before:start].rstrip() not in _NOT_TITLE
                        and not _sentence_ends(text, before)
                    )
                ):
                    start = before
                    continue
                before = _joined_title_word(text, start)
                if (
                    before > 0
                    and text[before:start].split(" ", 1)[0] not in _NOT_TITLE
                    and not _sentence_ends(text, before)
                ):
                    start = before
                    continue
                break
        phrase = text[start:last]
        word = _SPACES.sub(" ", text[first:last].lower())
        role = ROLE_SYNONYMS.get(word, word)
        if start < first:  # the title's own words before the role's long form ("Deputy DSL")
            role = _SPACES.sub(" ", text[start:first].lower()) + role
        out.append(Mention(start, last, phrase, role))
    return out


_SPACES = compile_later(r"\s+")


def _joined_title_word(text: str, end: int) -> int:
    """Return where the capitalised word before "of" ("Code" of "Code of " ending at `end`, before the
    next title word) starts; -1 if none, or if that word names a role itself ("the Chair of Finance
    Committee" is two)."""
    k = end - 3
    if k < 2 or not text.startswith("of ", k) or text[k - 1] != " ":
        return -1
    before = _title_word(text, k)
    if before < 0 or text[before : k - 1].lower() in ROLE_WORDS:
        return -1
    return before


def _title_word(text: str, end: int) -> int:
    """Return where the capitalised word ("Area", "Pre-School") that `text[:end]` ends with, then a space,
    starts; -1 if none. What `re.search(r"\\b((?:[A-Z][a-z]+-)*[A-Z][a-z]+) $", text[:end])` finds, read
    backwards from `end` instead of searched from the text's start (`$` also stands before a last line
    break)."""
    if end >= 1 and text[end - 1] == " ":
        e = end - 1
    elif end >= 2 and text[end - 1] == "\n" and text[end - 2] == " ":
        e = end - 2
    else:
        return -1
    j = e
    while j > 0 and "a" <= text[j - 1] <= "z":
        j -= 1
    i = j - 1
    if j == e or i < 0 or not "A" <= text[i] <= "Z":
        return -1
    while i > 1 and text[i - 1] == "-":  # a hyphenated title word ("the Pre-School Manager")
        k = i - 1
        while k > 0 and "a" <= text[k - 1] <= "z":
            k -= 1
        c = k - 1
        if (
            k == i - 1
            or c < 0
            or not "A" <= text[c] <= "Z"
            or (c > 0 and (text[c - 1].isalnum() or text[c - 1] == "_"))
        ):
            break
        i = c
    if i > 0 and (text[i - 1].isalnum() or text[i - 1] == "_"):
        return -1  # no word boundary before it
    return i


def _sentence_ends(text: str, at: int) -> bool:
    """Return whether `text[:at]` ends with a full stop, colon, semicolon, `!` or `?` and any whitespace."""
    k = at
    while k > 0 and text[k - 1].isspace():
        k -= 1
    return k > 0 and text[k - 1] in ".:;!?"


_NOT_TITLE = frozenset(
    "The A An Our Your Their Its This That Any Each Every All No Some Both Either Her His Who When".split()
)


def hunks(edits: Sequence[Edit]) -> list[Hunk]:
    """Return the runs of substantive edits (slot and cosmetic edits count as equal), with their ranges."""
    out: list[Hunk] = []
    lpos = rpos = 0
    current: list[int] | None = None
    equal, delete = EditOp.EQUAL, EditOp.DELETE
    for edit in edits:
        text, op = edit.text, edit.op
        n = len(text)
        # `text and not text.isspace()`: what `text.strip()` tells, without copying a long kept text
        if op is equal:
            if current is not None and n and not text.isspace():
                out.append(Hunk((current[0], current[1]), (current[2], current[3])))
                current = None
            lpos += n
            rpos += n
            continue
        if edit.cls is None and n and not text.isspace():
            if current is None:
                current = [lpos, lpos, rpos, rpos]
            if op is delete:
                current[1] = lpos + n
            else:
                current[3] = rpos + n
        elif current is not None and n and not text.isspace():
            out.append(Hunk((current[0], current[1]), (current[2], current[3])))
            current = None
        if op is delete:
            lpos += n
        else:
            rpos += n
    if current is not None:
        out.append(Hunk((current[0], current[1]), (current[2], current[3])))
    return out


def _shrink(text: str, span: tuple[int, int]) -> tuple[int, int]:
    a, b = span
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def _touched(mentions: Sequence[Mention], span: tuple[int, int]) -> list[Mention]:
    """Return the mentions that overlap a (shrunk) changed range, or touch it when it is empty."""
    a, b = span
    if a < b:
        return [m for m in mentions if m.start < b and a < m.end]
    return [m for m in mentions if m.start <= a + 1 and a - 1 <= m.end]


def _beside(mentions: Sequence[Mention], span: tuple[int, int]) -> list[Mention]:
    """Return the mentions that begin or end at the (shrunk) changed range, a space away at most."""
    a, b = span
    return [m for m in mentions if b <= m.start <= b + 1 or a - 1 <= m.end <= a]


def _distinct(mentions: Sequence[Mention]) -> list[Mention]:
    seen: set[object] = set()
    out = []
    for m in mentions:
        if m.value not in seen:
            seen.add(m.value)
            out.append(m)
    return out


def _shown(m: Mention, full: bool = False) -> str:
    shown, _, whole = m.text.partition("\0")
    return _SPACES.sub(" ", whole if full and whole else shown)


_EXTRACT: dict[str, Callable[[str, str | None], list[Mention]]] = {
    "modality": _modalities,
    "negation": _negations,
    "date": _dates,
    "role": _roles,
    "link": _links,
}
_MARGIN = 80
"""Characters read on either side of a hunk: more than any mention is long."""


_WORD = compile_later(r"[a-z]+")
_DIGIT = compile_later(r"\d")
_TRIGGERS: dict[str, frozenset[str]] = {
    "modality": frozenset(
        w for phrase in MODAL_STRENGTH for w in phrase.split() if w not in {"is", "are", "to", "the", "right"}
    ),
    "negation": frozenset(w for phrase in NEGATIONS for w in phrase.split()) | {"t"},
    "date": frozenset(MONTHS),
    "role": frozenset(phrase.split()[-1].replace("children's", "care") for phrase in ROLES),
    "link": frozenset(CROSS_REFERENCES) | {f"{w}s" for w in CROSS_REFERENCES} | {"www", "http", "https"},
    "number": frozenset(NUMBER_WORDS),
}
"""Words one of which a text must hold for a class's patterns to be worth running on it."""


class _Side:
    """One side's mentions, in `text` or only in the windows around some spans, found per class and per
    window on first use.

    A class's patterns run on a window only when a hunk in that window needs that class (most hunks need
    one or two), and only when the window holds one of its words. Windows are disjoint and reach
    `_MARGIN` characters past their spans, so every mention touching or beside a span lies in the
    span's own window: a hunk reads its window alone (`at`).
    """

    __slots__ = ("every", "folded", "found", "local", "pieces", "spans", "starts", "text", "windows")

    def __init__(self, text: str, spans: Sequence[tuple[int, int]] | None) -> None:
        self.text = text
        self.spans = spans
        self.windows: list[tuple[int, int]] = []
        self.starts: list[int] | None = None  # the windows' starts, once cut
        self.pieces: list[tuple[str, int] | None] = []
        self.local: dict[tuple[str, int], list[Mention]] = {}
        self.folded: dict[int, str | None] = {}  # `_fold` of the windows a class's patterns ran on
        self.found: dict[tuple[str, int], list[Mention]] = {}
        self.every: dict[str, list[Mention]] = {}

    def _cut(self) -> list[int]:
        self.windows = _windows(self.text, self.spans)
        self.pieces = [None] * len(self.windows)
        self.starts = [a for a, _ in self.windows]
        return self.starts

    def whole(self) -> bool:
        """Return whether the one window is the whole text (then the side's mentions are the text's)."""
        if self.starts is None:
            self._cut()
        return len(self.windows) == 1 and self.windows[0] == (0, len(self.text))

    def _piece(self, k: int) -> tuple[str, int]:
        """Return window `k`'s text and the bits of the classes whose words (or a digit, or `@`) it holds,
        that is whose patterns may match in it: read from the cached bits of its whitespace words (a
        lower-case word `[a-z]+` never spans a space: the window's words are its whitespace words')."""
        got = self.pieces[k]
        if got is None:
            a, b = self.windows[k]
            piece = self.text[a:b]
            got = self.pieces[k] = (piece, reduce(or_, map(_MASKS.__getitem__, piece.split()), 0))
        return got

    def _local(self, cls: str, k: int) -> list[Mention]:
        """Return a class's mentions in window `k`, at offsets within the window."""
        got = self.local.get((cls, k))
        if got is not None:
            return got
        piece, bits = self._piece(k)
        if not bits & _BIT[cls]:
            got = []
        else:
            low = self.folded[k] if k in self.folded else self.folded.setdefault(k, _fold(piece))
            if cls != "number":
                got = _EXTRACT[cls](piece, low)
            else:
                taken = self._local("date", k) + self._local("link", k) + _not_amounts(piece, low)
                got = _numbers(piece, low, taken)
        self.local[(cls, k)] = got
        return got

    def _window(self, cls: str, k: int) -> list[Mention]:
        """Return a class's mentions in window `k`, at offsets within the text."""
        out = self.found.get((cls, k))
        if out is None:
            a = self.windows[k][0]
            local = self._local(cls, k)
            out = local if a == 0 else [Mention(m.start + a, m.end + a, m.text, m.value) for m in local]
            self.found[(cls, k)] = out
        return out

    def at(self, cls: str, offset: int) -> list[Mention]:
        """Return a class's mentions in the window holding `offset` (a hunk's start)."""
        starts = self.starts if self.starts is not None else self._cut()
        return self._window(cls, max(bisect.bisect_right(starts, offset) - 1, 0))

    def __getitem__(self, cls: str) -> list[Mention]:
        """Return a class's mentions in every window."""
        out = self.every.get(cls)
        if out is None:
            if self.starts is None:
                self._cut()
            out = self.every[cls] = []
            for k in range(len(self.windows)):
                out += self._window(cls, k)
        return out


def _windows(text: str, spans: Sequence[tuple[int, int]] | None) -> list[tuple[int, int]]:
    """Return the whole text, or the stretches read around `spans`, cut at whitespace and merged."""
    n = len(text)
    if spans is None or any(a <= _MARGIN and b >= n - _MARGIN for a, b in spans):
        # A span that reaches the text's ends: its window, and so their merge, is the whole text (most
        # clauses are short).
        return [(0, n)]
    windows: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        a, b = max(0, a - _MARGIN), min(n, b + _MARGIN)
        # Start and end at whitespace, so that no word or address is cut in two.
        a = max(text.rfind(" ", 0, a + 1), text.rfind("\n", 0, a + 1), 0)
        space, newline = text.find(" ", b), text.find("\n", b)  # the first of them found, else the end
        b = (space if newline < 0 or 0 <= space < newline else newline) if space >= 0 or newline >= 0 else n
        if windows and a <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(windows[-1][1], b))
        else:
            windows.append((a, b))
    return windows


_REACH: dict[str, int] = {"link": 2, "modality": 3, "negation": 3, "date": 4, "number": 4, "role": 4}
"""The most whitespace-separated words a class's mention holds ("are recommended to", "1st of January, 2020",
"twenty five working days"), a role's capitalised title words apart ("the North West Area Manager")."""
_AROUND = 8
"""Words read after a hunk that is followed by a capitalised word (title words of a role named further on)."""


def _near(text: str, span: tuple[int, int]) -> set[str]:
    """Return the classes a mention touching the (shrunk) `span` of `text` may belong to (`_near_bits`)."""
    bits = _near_bits(text, span)
    return {cls for cls, bit in _BIT.items() if bits & bit}


def _near_bits(text: str, span: tuple[int, int]) -> int:
    """Return the bits of the classes a mention touching the (shrunk) `span` of `text` may belong to.

    Every mention holds one of its class's trigger words (or a digit or `@`): a mention of `n` words that
    overlaps or touches the span has that word within `n` words of it (a word the span cuts counts once on
    each side). A role's title words run up to the role, so after a capitalised word the role's words are
    looked for up to `_AROUND` words on. No class word near: its patterns need not run for this hunk.
    """
    a, b = span
    masks = _MASKS
    # The words before and after, read in C from a short slice (`_words_before`, `_words_after` where it may
    # cut a word): up to `_FAR` whole words, and maybe the rest of the slice before or after them.
    before = text[a - 64 : a].rsplit(None, _FAR) if a >= 64 else text[:a].rsplit(None, _FAR)
    if len(before) <= _FAR and a > 64:
        before = _words_before(text, a, _FAR)
    after = text[b : b + 64].split(None, _FAR)
    if len(after) <= _FAR and b + 64 < len(text):
        after = _words_after(text, b, _FAR)
    # A word `k` words from the span reaches the classes whose mentions hold `k` words or more
    # (`_REACHED_FROM`): every class from the span's words and the two next to it on either side.
    out = 0
    for word in text[a:b].split():
        out |= masks[word]
    for word in before[-2:]:
        out |= masks[word]
    for word in after[:2]:
        out |= masks[word]
    nb, na = len(before), len(after)
    if nb > 2:
        out |= masks[before[-3]] & _REACHED_FROM[3]
        if nb > 3:
            out |= masks[before[-4]] & _REACHED_FROM[4]
    if na > 2:
        out |= masks[after[2]] & _REACHED_FROM[3]
        if na > 3:
            out |= masks[after[3]] & _REACHED_FROM[4]
    if not out & _ROLE and after and after[0][:1].isupper():
        # Title words after the span: the role ends at most 3 words after the first lower-case word.
        after = _words_after(text, b, _AROUND)
        lower = next((k for k, w in enumerate(after) if not w[:1].isupper()), len(after))
        if (lower > _AROUND - 4 and len(after) == _AROUND) or any(
            _word_classes(w) & _ROLE for w in after[: lower + 4]
        ):
            out |= _ROLE
    return out


_FAR = max(_REACH.values())


def _words_before(text: str, at: int, n: int) -> list[str]:
    """Return the last `n` whitespace-separated words (or fewer) before `at`."""
    words = text[max(0, at - 64) : at].rsplit(None, n)
    if len(words) > n:  # n whole words and more before them: most calls, read in a short slice
        return words[1:]
    words = text[max(0, at - 500) : at].rsplit(None, n)
    if len(words) <= n and at > 500:  # the cut may have halved the first word
        words = text[:at].rsplit(None, n)
    return words[1:] if len(words) > n else words


def _words_after(text: str, at: int, n: int) -> list[str]:
    """Return the first `n` whitespace-separated words (or fewer) from `at` on."""
    words = text[at : at + 64].split(None, n)
    if len(words) > n:  # n whole words and more after them
        return words[:n]
    words = text[at : at + 500].split(None, n)
    if len(words) <= n and at + 500 < len(text):  # the cut may have halved the last word
        words = text[at:].split(None, n)
    return words[:n]


_STRENGTH_BIT = {
    strength: 1 << (len(_REACH) + k) for k, strength in enumerate(sorted(set(MODAL_STRENGTH.values())))
}
"""Modality's bits, one per obligation strength: an obligation word sets the bit of its phrases' strength
(each word is in phrases of one strength). Where every obligation word near a hunk, on both sides, has the
same strength, no obligation touching it is stronger or weaker on one side: the modal pattern need not run."""
_BIT = {cls: 1 << k for k, cls in enumerate(c for c in _REACH if c != "modality")}
_BIT["modality"] = sum(_STRENGTH_BIT.values())
_ROLE, _MODALITY, _NEGATION = _BIT["role"], _BIT["modality"], _BIT["negation"]
_ODD = 1 << (len(_REACH) + len(_STRENGTH_BIT))
"""The bit of a word holding one of `_ODD_CHARS`: no class's, it only keeps the strength and negation tests
below from leaving out a pattern run (reaching as far as any class)."""
_VALUED = [(cls, _BIT[cls]) for cls in ("number", "date", "role", "link")]
_REACHED = [sum(bit for cls, bit in _BIT.items() if _REACH[cls] == k) for k in range(_FAR + 1)]
"""The bits of the classes whose mentions reach exactly `k` words."""
_REACHED[_FAR] |= _ODD
_REACHED_FROM = [sum(_REACHED[k:]) for k in range(_FAR + 1)]
"""The bits of the classes whose mentions reach `k` words or more: those a word `k` words from a hunk may
touch (`_near_bits` reads the span's words and the two nearest each side for every class: no class reaches
fewer than 2)."""
assert _FAR == 4 and _REACHED_FROM[2] == _REACHED_FROM[0]


class _WordBits(dict[str, int]):
    """`_classes_of_word` of the whitespace words seen, filled on first sight (`__missing__`), so that a
    `map` over words reads them in C."""

    def __missing__(self, word: str) -> int:
        if len(self) >= 1 << 16:
            self.clear()
        bits = self[word] = _classes_of_word(word)
        return bits


_MASKS = _WordBits()


def _word_classes(word: str) -> int:
    """Return the bits of the classes whose trigger words (or a digit, or `@`) a whitespace word holds."""
    return _MASKS[word]


def _classes_of_word(word: str) -> int:
    if word.isascii() and word.isalpha():  # most words: one lower-case word, no digit, no `@`
        return _TRIGGER_BITS.get(word.lower(), 0)
    mask = _DIGIT_BITS if _DIGIT.search(word) else 0
    if "@" in word:
        mask |= _BIT["link"]
    for w in _WORD.findall(word.lower()):
        mask |= _TRIGGER_BITS.get(w, 0)
    if not word.isascii() and not _ODD_CHARS.isdisjoint(word):
        mask |= _ODD
    return mask


_ODD_CHARS = frozenset("İıſ\u212a")
"""The characters outside ASCII that `re.IGNORECASE` takes for an ASCII letter (ı and İ for i, ſ for s, the
Kelvin sign for k: every one, `tests/test_classes_filters.py`). A pattern run ignoring case (`_fold`) may
find a word so spelt ("muſt") that its bits do not name."""


_TRIGGER_BITS: dict[str, int] = {}
"""The bits of the classes each trigger word stands for."""
for _cls, _words_of in _TRIGGERS.items():
    for _w in _words_of:
        if _cls != "modality":
            _TRIGGER_BITS[_w] = _TRIGGER_BITS.get(_w, 0) | _BIT[_cls]
for _phrase, _strength in MODAL_STRENGTH.items():  # an obligation word: the bit of its phrases' strength
    for _w in _phrase.split():
        if _w in _TRIGGERS["modality"]:
            _TRIGGER_BITS[_w] = _TRIGGER_BITS.get(_w, 0) | _STRENGTH_BIT[_strength]
del _cls, _words_of, _w, _phrase, _strength
_DIGIT_BITS = _BIT["date"] | _BIT["link"] | _BIT["number"]
"""The classes a digit may stand for."""


def _mentions(text: str, spans: Sequence[tuple[int, int]] | None) -> dict[str, list[Mention]]:
    """Return every class's mentions in `text`, or only in the windows around `spans`."""
    side = _Side(text, spans)
    return {k: side[k] for k in (*_EXTRACT, "number")}


def classify(
    edits: Sequence[Edit],
    left: str,
    right: str,
    formatting: Sequence[FormatChange] = (),
    links: Sequence[tuple[str, str, str]] = (),
    targets: tuple[Collection[str], Collection[str]] = ((), ()),
) -> tuple[ChangeClass, ...]:
    """Return the change classes of a pair whose `edits` rebuild `left` and `right`.

    `formatting` are the kept words whose format differs; `links` the links replaced, added or dropped
    with changed words (`formatting.replaced_links`) and `targets` every link target of each side: a target
    the other side holds anywhere was only cut differently by the word diff, no link change.
    """
    out: list[ChangeClass] = []
    found = hunks(edits)
    # Only the text around the hunks is read: a class must touch one (the whole text is read again,
    # lazily, when a value must be looked for anywhere on the other side).
    lm = _Side(left, [h.left for h in found])
    rm = _Side(right, [h.right for h in found])
    whole: dict[str, _Side] = {}

    def everywhere(side: str) -> _Side:
        if side not in whole:
            # A side whose one window is its whole text already holds the text's mentions.
            own = lm if side == "left" else rm
            whole[side] = own if own.whole() else _Side(own.text, None)
        return whole[side]

    verbs: dict[str, set[str]] = {}

    def negated(side: str) -> set[str]:
        """The verbs a side negates anywhere (`_negated_verb`, first four letters), read once a call."""
        if side not in verbs:
            text = left if side == "left" else right
            verbs[side] = {_negated_verb(text, m)[:4] for m in everywhere(side)["negation"]}
        return verbs[side]

    said: dict[str, set[tuple[str, str]]] = {}

    def stated(side: str) -> set[tuple[str, str]]:
        """The duties a side states anywhere, as (modal, verb's first four letters), read once a call."""
        if side not in said:
            text = left if side == "left" else right
            said[side] = {(_norm(m.text).lower(), _verb(text, m)[:4]) for m in everywhere(side)["modality"]}
        return said[side]

    for hunk in found:
        lspan, rspan = _shrink(left, hunk.left), _shrink(right, hunk.right)
        lnear, rnear = _near_bits(left, lspan), _near_bits(right, rspan)
        if not (lnear | rnear):
            continue  # no class's word near the hunk on either side (about half the hunks)
        replaced = hunk.left[0] < hunk.left[1] and hunk.right[0] < hunk.right[1]
        lat, rat = hunk.left[0], hunk.right[0]
        # modality: both sides name an obligation of different strength
        # (only where the obligation words near it have two strengths or more: `_strengths_differ`)
        lmod = (
            _touched(lm.at("modality", lat), lspan)
            if lnear & _MODALITY and rnear & _MODALITY and _strengths_differ(lnear | rnear)
            else []
        )
        rmod = _touched(rm.at("modality", rat), rspan) if lmod else []
        if lmod and rmod and len(lmod) == len(rmod):
            for a, b in zip(lmod, rmod, strict=True):
                # In a long rewrite two modals may govern different things: the same verb must follow.
                if a.value != b.value and (_small(left, right, hunk) or _verb(left, a) == _verb(right, b)):
                    if _thing(left, a) and _thing(right, b):
                        continue  # "it may skip" → "it will skip": a prediction about a thing, no duty
                    direction = "stronger" if int(str(b.value)) > int(str(a.value)) else "weaker"
                    out.append(ChangeClass("modality", _norm(a.text), _norm(b.text), direction))
        # a whole sentence deleted or inserted with a duty the other side states nowhere (by modal and verb;
        # only a range holding a full stop, or followed by one, can hold a whole sentence worth the look)
        if lnear & _DUTY_BITS and left.find(".", lspan[0], lspan[1] + 1) >= 0:
            gone = _lost_duties(left, lspan, lambda: stated("right"))
            if gone:
                out.append(ChangeClass("modality", gone, "", "removed"))
        if rnear & _DUTY_BITS and right.find(".", rspan[0], rspan[1] + 1) >= 0:
            new = _lost_duties(right, rspan, lambda: stated("left"))
            if new:
                out.append(ChangeClass("modality", "", new, "added"))
        # negation: more or fewer negations in the changed words
        # (a negation inside new or dropped sentences is content, not a flipped rule)
        if (lnear | rnear) & _NEGATION and _small(left, right, hunk):
            lneg = (
                [m for m in _touched(lm.at("negation", lat), lspan) if _changed(m, lspan)]
                if lnear & _NEGATION and _negating(left, lspan)
                else []
            )
            rneg = (
                [m for m in _touched(rm.at("negation", rat), rspan) if _changed(m, rspan)]
                if rnear & _NEGATION and _negating(right, rspan)
                else []
            )
            if len(rneg) > len(lneg):
                out.append(
                    ChangeClass("negation", "", " ".join(_norm(m.text) for m in rneg[len(lneg) :]), "added")
                )
            elif len(lneg) > len(rneg):
                out.append(
                    ChangeClass("negation", " ".join(_norm(m.text) for m in lneg[len(rneg) :]), "", "removed")
                )
        elif (lnear | rnear) & _NEGATION:
            # In a long rewrite only a negated duty counts ("we do not permit X" deleted), and only when the
            # other side negates the same verb nowhere: a rewrite that keeps the duty keeps its negation.
            # (the window's negations are read only where the changed words hold a negation word)
            lneg = (
                _duties(left, lm.at("negation", lat), lspan)
                if lnear & _NEGATION and _negating(left, lspan)
                else []
            )
            rneg = (
                _duties(right, rm.at("negation", rat), rspan)
                if rnear & _NEGATION and _negating(right, rspan)
                else []
            )
            if lneg:
                lneg = [m for m in lneg if _negated_verb(left, m)[:4] not in negated("right")]
            if rneg:
                rneg = [m for m in rneg if _negated_verb(right, m)[:4] not in negated("left")]
            if lneg and not rneg:
                shown = ", ".join(f"{_norm(m.text)} {_negated_verb(left, m)}" for m in lneg)
                out.append(ChangeClass("negation", shown, "", "removed"))
            elif rneg and not lneg:
                shown = ", ".join(f"{_norm(m.text)} {_negated_verb(right, m)}" for m in rneg)
                out.append(ChangeClass("negation", "", shown, "added"))
        for cls, bit in _VALUED:
            a_side = _distinct(_touched(lm.at(cls, lat), lspan)) if lnear & bit else []
            if (
                not a_side
                and lnear & bit
                and rnear & bit
                and (cls == "role" or not replaced)
                and not _beside(lm.at(cls, lat), lspan)
            ):
                continue  # both sides must name one, and the left (its window read already) names none
            b_side = _distinct(_touched(rm.at(cls, rat), rspan)) if rnear & bit else []
            if not (a_side or b_side):
                continue
            a_named, b_named = a_side, b_side  # the mentions the hunk itself touches
            # A value next to the changed words stands for that side ("[-forty-]{+all+} eight hours").
            if not a_side:
                a_side = _distinct(_beside(lm.at(cls, lat), lspan))
            if not b_side:
                b_side = _distinct(_beside(rm.at(cls, rat), rspan))
            a_side = [m for m in a_side if not _said(m, everywhere("right")[cls], cls)]
            b_side = [m for m in b_side if not _said(m, everywhere("left")[cls], cls)]
            if (a_side or b_side) and (cls == "role" or (replaced and cls in ("number", "date"))):
                # A role the hunk replaced that the clause still names elsewhere is still the one replaced
                # ("the Club Manager at once … concerns the Club Manager" → "the Deputy DSL at once …"),
                # when what replaced it is new to the clause (or it is gone and its replacement is not);
                # only a role whose own words the hunk changed is a replaced one: a role beside an insertion
                # is not ("the Officer only" → "the Officer and the Manager", "the Club Manager" → "the Club
                # Manager or the Deputy DSL"). So for a number or date the hunk replaced ("every two years" →
                # "every three years" where "the last three years" stands): both values are shown.
                a_side = a_side or [m for m in a_named if _changed(m, lspan)]
                b_side = b_side or [m for m in b_named if _changed(m, rspan)]
            if cls == "role" and not (a_side and b_side):
                continue  # a role said on one side only is a rewording, not a new person responsible
            if not (a_side or b_side):
                continue
            # A value dropped or added whole by a pure deletion or insertion ("Report concerns within 5
            # working days." → "Report concerns."): only a date, or a number with a unit, the changed words
            # hold entirely, and only when the other side states it nowhere (`_said` above).
            one = (a_side, lspan) if a_side else (b_side, rspan)
            if not replaced and not (a_side and b_side) and not _whole_value(cls, *one):
                continue
            if {m.value for m in a_side} == {m.value for m in b_side}:
                continue
            if cls == "role" and _same_role(a_side, b_side):
                continue
            if cls == "number":
                full = any(_unit(a) != _unit(b) for a in a_side for b in b_side) or not (a_side and b_side)
                ltext = ", ".join(_shown(m, full) for m in a_side)
                rtext = ", ".join(_shown(m, full) for m in b_side)
            else:
                ltext = ", ".join(_norm(m.text) for m in a_side)
                rtext = ", ".join(_norm(m.text) for m in b_side)
            out.append(ChangeClass(cls, ltext, rtext))
    for change in formatting:
        lhref, rhref = change.left.href, change.right.href
        if lhref and rhref and not _same_link(lhref.lower(), rhref.lower()):
            out.append(ChangeClass("link", lhref, rhref, detail=change.text))
    ltargets, rtargets = targets
    for lhref, rhref, words in links:
        # A target the other side holds anywhere was moved or cut differently by the word diff.
        lhref = "" if any(_same_link(lhref.lower(), t.lower()) for t in rtargets) else lhref
        rhref = "" if any(_same_link(rhref.lower(), t.lower()) for t in ltargets) else rhref
        if (lhref or rhref) and not (lhref and rhref and _same_link(lhref.lower(), rhref.lower())):
            out.append(ChangeClass("link", lhref, rhref, detail=words))
    unique: list[ChangeClass] = []
    for k in out:
        # One entry per change: a link changed once is one entry, however many kept stretches of its words
        # the diff left ("@" and "." of a mail address) and whether its words or its target named it; a
        # link added or dropped that another entry already names on its side is that entry's.
        if k.cls == "link" and _named_elsewhere(k, out):
            continue
        if not any(_same_class(k, u) for u in unique):
            unique.append(k)
    return tuple(unique)


def _whole_value(cls: str, side: Sequence[Mention], span: tuple[int, int]) -> bool:
    """Return whether every value of `side` lies wholly in the changed range `span` (a value beside it, or
    only partly changed, is no value added or dropped), each a date or a number with a unit ("5 working
    days", not "5")."""
    if cls not in ("number", "date"):
        return False
    a, b = span
    return all(a <= m.start and m.end <= b and (cls == "date" or _has_unit(m)) for m in side)


def _has_unit(m: Mention) -> bool:
    """Return whether a number names a currency, a percentage, a unit or a period: not a bare count ("3
    copies"), nor a frequency adverb alone ("the daily register" is no deadline added)."""
    value = m.value
    return (
        isinstance(value, tuple)
        and any(value[i] for i in (0, 2, 3, 4))
        and _shown(m).lower() not in FREQUENCY_PERIOD
    )


def _named_elsewhere(k: ChangeClass, found: Sequence[ChangeClass]) -> bool:
    """Return whether a link added or dropped (`k`, one side empty) is named on its side by another link
    entry of `found`: a link replaced ("a → b" names b), or a list of the addresses the words mention
    ("a@x.org, b@y.org" names `mailto:a@x.org`)."""
    if k.left and k.right:
        return False
    side = "right" if k.right else "left"
    target = getattr(k, side).lower()
    for o in found:
        named: str = getattr(o, side)
        if o is k or o.cls != "link" or not named or not ((o.left and o.right) or ", " in named):
            continue
        if any(_same_link(target, item.lower()) for item in named.split(", ")):
            return True
    return False


def _same_class(a: ChangeClass, b: ChangeClass) -> bool:
    """Return whether two classes report one change (a link's by the places its targets name)."""
    if a.cls != b.cls or a.direction != b.direction:
        return False
    if a.cls == "link":
        return _same_link(a.left.lower(), b.left.lower()) and _same_link(a.right.lower(), b.right.lower())
    return (a.left, a.right) == (b.left, b.right)


_SMALL = 8
"""Words a hunk may hold on each side for a modal or negation in it to be a changed rule."""
_ADVERBS = frozenset("not also first always normally usually only then immediately still never".split())
_RANKS = frozenset(
    "deputy assistant acting interim vice co senior junior area regional lead head chief".split()
)


def _small(left: str, right: str, hunk: Hunk) -> bool:
    """Return whether a hunk holds few enough words a side for a modal or negation in it to be a rule."""
    return _words(left, hunk.left) <= _SMALL and _words(right, hunk.right) <= _SMALL


def _words(text: str, span: tuple[int, int]) -> int:
    return len(text[span[0] : span[1]].split())


def _verb(text: str, m: Mention) -> str:
    """Return the first word after a modal that is not an adverb ("may use" → "use")."""
    words: list[str] = re.findall(r"[\w']+", text[m.end : m.end + 80].lower())
    return next((w for w in words if w not in _ADVERBS), "")


def _said(m: Mention, other: Sequence[Mention], cls: str) -> bool:
    """Return whether the other side says the same thing anywhere (the diff merely cut it differently)."""
    if cls == "link":
        return any(_same_link(str(m.value), str(o.value)) for o in other)
    return any(o.value == m.value for o in other)


def _same_link(a: str, b: str) -> bool:
    """Return whether two link targets name one place (scheme, `www.`, `mailto:`, `./` and a trailing `/`
    aside, or a relative path that the other ends with)."""

    def bare(x: str) -> str:
        x = re.sub(r"^(?:mailto:|(?:https?://)?(?:www\.)?)", "", x)
        return x.removeprefix("./").rstrip("/")

    a, b = bare(a), bare(b)
    return a == b or a.endswith("/" + b) or b.endswith("/" + a)


def _same_role(a_side: Sequence[Mention], b_side: Sequence[Mention]) -> bool:
    """Return whether each role only gained or lost words that are no rank ("Manager" → "Club Manager")."""
    if len(a_side) != 1 or len(b_side) != 1:
        return False
    a, b = str(a_side[0].value), str(b_side[0].value)
    short, long = sorted((a, b), key=len)
    if not long.endswith(" " + short):
        return False
    return not set(long[: -len(short)].split()) & _RANKS


def _unit(m: Mention) -> tuple[object, ...]:
    value = m.value
    return tuple(value)[3:] if isinstance(value, tuple) else ()


def _strengths_differ(near: int) -> bool:
    """Return whether the obligation words near a hunk (`near`: both sides' bits) have two strengths or more,
    or may (a word spelt with one of `_ODD_CHARS`). A modal phrase has one obligation word, of its strength
    (`_STRENGTH_BIT`), and one touching a hunk has that word near it: where they all have one strength, no
    obligation changed strength."""
    strengths = near & _MODALITY
    return bool(strengths & (strengths - 1) or near & _ODD)


def _negating(text: str, span: tuple[int, int]) -> bool:
    """Return whether a negation may hold some of the (shrunk) changed range's own words: one of them holds
    a negation word (or one of `_ODD_CHARS`), or "one" (of "no one"). A negation is made of whole words (a
    `'t` ends its token), and a changed range of whole tokens: one overlapping the range holds a word of it.
    Only such a negation counts as changed (`_changed`)."""
    a, b = span
    piece = text[a:b]
    return "one" in piece.lower() or any(_word_classes(w) & (_NEGATION | _ODD) for w in piece.split())


def _duties(text: str, mentions: Sequence[Mention], span: tuple[int, int]) -> list[Mention]:
    """Return the negated verbs (`_negated_verb`) among the negations the (shrunk) changed range holds."""
    return [m for m in _touched(mentions, span) if _changed(m, span) and _negated_verb(text, m)]


def _negated_verb(text: str, m: Mention) -> str:
    """Return the verb a negation denies a duty or permission of ("we do not permit" → "permit", "never
    share" → "share"), or "" when it is no negated verb ("no longer", "not be", "no one") or names whom or
    when a rule is about ("who do not follow"). Two sides negate one verb when its first four letters agree
    ("do not share" and "never shares")."""
    word = m.text.lower().replace("’", "'")
    before = re.findall(r"[\w']+", text[max(0, m.start - 24) : m.start].lower())
    if word == "not":
        if not before or before.pop() not in _AUXILIARIES:
            return ""
    elif not (word in ("never", "cannot") or (word[:-3] in _AUXILIARIES and word.endswith("n't"))):
        return ""  # "isn't", "hasn't" deny no duty, as "is not" does not
    if _CONDITIONS.intersection(before[-2:]):
        return ""  # whom or when a rule is about ("maintainers who do not follow", "if you cannot")
    verb = _verb(text, m)
    return "" if verb in _NOT_VERBS else verb


_AUXILIARIES = frozenset("do does did will shall must may might can could should would wo ca sha".split())
"""The auxiliaries a negated duty or permission is made with ("wo", "ca", "sha": won't, can't, shan't)."""
_NOT_VERBS = frozenset("be have a an the to any".split())
_CONDITIONS = frozenset("who that which if unless whether when where".split())


def _changed(m: Mention, span: tuple[int, int]) -> bool:
    """Return whether the negation's own words are inside the (shrunk) changed range, not merely beside it."""
    a, b = span
    return a < b and m.start < b and a < m.end


def _norm(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def duties(texts: Iterable[str], side: str, lead_in: str = "") -> tuple[ChangeClass, ...]:
    """Return the class of clauses added (`side` "right") or removed ("left") whole: `modality` with direction
    `added`/`removed` naming their obligation words of strength `DUTY` or more ("obligation removed: must"),
    or nothing. A duty dropped or added whole changes what someone must do as much as "must → may" does,
    and `--fail-on modality` must see it (decision 0012, session 26).

    `lead_in` is the kept clause a list item added or removed whole stands under, when it ends with ":"
    ("Staff must not:"): where the items state no duty of their own, the lead-in's duty is theirs, named
    with its "not" ("obligation added: must not").
    """
    found: dict[str, None] = {}
    for text in texts:
        for m in modalities(text):
            if int(str(m.value)) >= DUTY:
                found.setdefault(_norm(m.text).lower())
    if not found and lead_in:
        for m in modalities(lead_in):
            if int(str(m.value)) >= DUTY:
                negated = _not_next(lead_in, m.end)
                found.setdefault(_norm(m.text).lower() + (" not" if negated else ""))
    if not found:
        return ()
    words = ", ".join(found)
    if side == "left":
        return (ChangeClass("modality", words, "", "removed"),)
    return (ChangeClass("modality", "", words, "added"),)


_DUTY_BITS = sum(bit for strength, bit in _STRENGTH_BIT.items() if strength >= DUTY)


def _lost_duties(text: str, span: tuple[int, int], other: Callable[[], set[tuple[str, str]]]) -> str:
    """Return the duty words ("is obligated to") of the whole sentences inside a (shrunk) changed range, from
    a sentence's start to its end, whose modal and verb (first four letters) the other side states nowhere
    (`other`, read only when such a sentence holds a duty), joined by ", "; else "".

    A duty deleted or inserted with its whole sentence inside a rewording ("The project team is obligated to
    maintain confidentiality …" dropped from Contributor Covenant 1.4's enforcement clause) is an obligation
    removed or added, as a clause removed whole with it is (decision 0012, session 26, later)."""
    a, b = span
    head = text[max(0, a - 8) : a].rstrip()
    start = a if (a == 0 or (head and head[-1] in ".!?:") or (not head and a <= 8)) else -1
    if start < 0 and text.find(".", a, b) < 0:
        return ""  # no sentence starts in the range (most ranges: a few words before a kept full stop)
    masks = _MASKS
    found: dict[str, None] = {}
    # (the word diff may leave a sentence's full stop to the kept words after the range: "…hall" + ".")
    stop = b + 1 if text[b : b + 1] in (".", "!", "?") else b
    at = a
    while True:
        ends = [
            k
            for k in (text.find(".", at, stop), text.find("!", at, stop), text.find("?", at, stop))
            if k >= 0
        ]
        if not ends:
            break
        end = min(ends) + 1
        while end < len(text) and text[end] in _CLOSERS:
            end += 1
        at = end
        if end < len(text) and not text[end].isspace():
            continue  # "e.g.x", a decimal point
        if start >= 0 and any(masks[w] & _DUTY_BITS for w in text[start:end].split()):
            sentence = text[start:end]  # (the phrase search only where a duty's word is)
            for d in modalities(sentence):
                if int(str(d.value)) >= DUTY and not _denied(_word_before(sentence, d.start)):
                    key = (_norm(d.text).lower(), _verb(sentence, d)[:4])
                    if key not in other():
                        found.setdefault(key[0])
        start = end
        while start < b and text[start].isspace():
            start += 1
    return ", ".join(found)


_CLOSERS = frozenset("\"'’”)]")


def _denied(word: str) -> bool:
    """Return whether the word before a modal denies it ("we do not need to respond"): no duty stated.
    ("must not" forbids: a duty.)"""
    return word in ("not", "never") or word.endswith(("n't", "n’t"))


def _word_before(text: str, at: int) -> str:
    """Return the whole word just before `at` (after a space), lower-cased, else "" (plain string methods:
    a pattern compiled for this alone costs more than every look it saves)."""
    piece = text[max(0, at - 12) : at]
    if not piece[-1:].isspace():
        return ""
    kept = piece.rstrip()
    words = kept.split()
    if not words:
        return ""
    word = words[-1]
    begin = at - len(piece) + len(kept) - len(word)
    if begin > 0 and (text[begin - 1].isalnum() or text[begin - 1] in "_'’"):
        return ""  # cut: the word starts before the piece read
    return word.lower()


def _thing(text: str, m: Mention) -> bool:
    """Return whether the word before a modal is "it", "this" or "that": its subject a thing, and the modal
    a prediction ("it will skip some slow tests"), not somebody's duty."""
    return _word_before(text, m.start) in ("it", "this", "that")


def _not_next(text: str, at: int) -> bool:
    """Return whether "not" follows `at` as a word ("must not:")."""
    after = text[at : at + 8]
    words = after.split(None, 1)
    return after[:1].isspace() and bool(words) and words[0].lower().rstrip(":;,.") == "not"


def describe(k: ChangeClass) -> str:
    """Return a change class in plain words: `obligation stronger: may → must`, `negation added: not`,
    `obligation removed: must` (a clause removed whole)."""
    if k.cls == "modality":
        if k.direction in ("added", "removed"):
            return f"obligation {k.direction}: {k.right or k.left}"
        return f"obligation {k.direction}: {k.left} → {k.right}"
    if k.cls == "negation":
        return f"negation {k.direction}: {k.right or k.left}"
    return f"{k.cls}: {k.left or '(none)'} → {k.right or '(none)'}"


_SUMMARY: tuple[tuple[str, str, str], ...] = (
    ("modality stronger", "obligation stronger", "obligations stronger"),
    ("modality weaker", "obligation weaker", "obligations weaker"),
    ("modality added", "obligation added", "obligations added"),
    ("modality removed", "obligation removed", "obligations removed"),
    ("negation added", "negation added", "negations added"),
    ("negation removed", "negation removed", "negations removed"),
    ("number", "number changed", "numbers changed"),
    ("date", "date changed", "dates changed"),
    ("role", "role changed", "roles changed"),
    ("link", "link changed", "links changed"),
)


def summary(stats: dict[str, int]) -> str:
    """Return class counts in plain words ("2 obligations stronger, 1 obligation weaker"), "" for none."""
    parts = [
        f"{stats[key]} {one if stats[key] == 1 else many}" for key, one, many in _SUMMARY if stats.get(key)
    ]
    return ", ".join(parts)
