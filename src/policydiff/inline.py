"""Word-level edits within a pair of texts: diff-match-patch over word tokens, slots as one token."""

from __future__ import annotations

import functools
import itertools
import re
import time
from collections.abc import Sequence
from operator import itemgetter
from typing import Any, cast

from policydiff._values import dataclass
from policydiff.model import Edit, EditOp
from policydiff.normalise import key as normal_key

DEFAULT_BUDGET = 2.0
"""Seconds diff-match-patch may spend on one pair before we fall back to a whole-clause change."""

_TOKEN = r"\w+(?:['’‘`]\w+)*|\s+|[^\w\s]"


@dataclass(frozen=True, slots=True)
class InlineResult:
    """The edits of one pair, and whether the time budget forced a whole-clause change."""

    edits: tuple[Edit, ...]
    timed_out: bool = False


def tokenize(text: str, phrases: Sequence[str] = ()) -> list[str]:
    """Return `text` cut into words, single punctuation marks and runs of whitespace.

    Each occurrence of a slot phrase (longest first, on word boundaries) stays one token. Joining
    the tokens gives `text` back exactly.
    """
    ordered = sorted({p for p in phrases if p}, key=len, reverse=True)
    if not ordered:
        return _tokens(text)
    alternatives = "|".join(r"(?<!\w)" + re.escape(p) + r"(?!\w)" for p in ordered)
    return re.compile(f"(?:{alternatives})|{_TOKEN}").findall(text)


_TOKEN_RE = re.compile(_TOKEN)


def _tokens(text: str) -> list[str]:
    r"""Return `_TOKEN_RE.findall(text)`, with few calls into the pattern.

    In a printable text without doubled spaces (most clauses) the only whitespace is single spaces, so
    the text is its space-separated parts with a space token between each two. A token never spans a
    space and every character starts or continues one, so a part's tokens are those the pattern finds in
    it alone; a part of word characters only (`str.isalnum`, exactly what `\w` matches but `_`) is one.
    """
    if not text.isprintable() or "  " in text:
        return _TOKEN_RE.findall(text)
    find = _TOKEN_RE.findall
    out: list[str] = []
    append = out.append
    for part in text.split(" "):
        if part.isalnum():
            append(part)
        elif part:
            out += find(part)
        append(" ")
    out.pop()
    return out


@functools.lru_cache(maxsize=65536)
def _token_key(token: str) -> str:
    """Return the normalised identity of a token (cached: tokens repeat across a document): a British
    spelling shares its American one's (`_american`), so "behaviour" to "behavior" is a cosmetic edit."""
    return _american(normal_key(token) or token)


_OUR_STEMS = frozenset(
    "behavi col fav hon lab neighb harb hum rum vig endeav sav flav arm parl val vap od rig clam demean savi"
    " splend ferv ard cand".split()
)
_OUR_ENDS = frozenset(
    " s ed ing al ally ite ites able ably er ers hood hoods ful less ist ists ism".split(" ")
)
"""A British "-our" word is one of these stems, "our" and one of these endings ("behaviour", "colours",
"favourite", "neighbourhood"): "four", "tour", "your", "hour" (not British spellings of "for", "tor", "yor",
"hor") are never read so."""
_ISE_ENDS = frozenset(("e", "ed", "es", "ing", "ation", "ations", "er", "ers"))
"""A British "-ise"/"-yse" word ("organise", "organisation", "recognised", "analyse") has at least three
letters before its "is"/"ys" and one of these endings after: "rise", "wise", "raise", "prise" (another word
than "prize") stay as they are."""
_LL_STEMS = frozenset("cancel travel label model signal fuel level total channel counsel dial".split())
_LL_ENDS = ("ed", "ing", "er", "ers")
"""A British doubled "l" ("cancelled", "travelling", "labelled", "modelling"): a stem, "l", an ending."""
_LONGEST_ISE_END = max(map(len, _ISE_ENDS))
_TAILS = (
    *(f"{v}s{end}" for v in "iy" for end in _ISE_ENDS),
    *(f"l{end}" for end in _LL_ENDS),
    "dgement",
    "dgements",
)
"""How every "-ise", doubled-"l" and "-dgement" word ends: one `endswith` turns most words away."""


def _american(word: str) -> str:
    """Return a word in its American spelling when it is a British spelling this knows, else the word.

    Only whole words of the listed shapes, with their case kept ("Behaviour" to "Behavior"; "BEHAVIOUR" to
    "BEHAVIOR"): a change between the two spellings is cosmetic, one of case or of another letter is not.
    Read with string methods and sets, not regular expressions: compiling case-insensitive patterns of
    these lists cost more than every look-up a 5,000-clause comparison makes (decision 0015, session 26)."""
    if len(word) < 5:
        return word
    if not word.isalpha():
        core = word.removesuffix("'s").removesuffix("'")  # a possessive: "Organisation's"
        return _american(core) + word[len(core) :] if core != word and core.isalpha() else word
    if not word.isascii():
        return word  # (every listed shape is ASCII letters; `lower` keeps an ASCII word's positions)
    lower = word.lower()
    if "our" not in lower and not lower.endswith(_TAILS):
        return word  # (most words: one look each)
    at = lower.find("our")
    while at > 0:
        if lower[:at] in _OUR_STEMS and lower[at + 3 :] in _OUR_ENDS:
            return word[: at + 1] + word[at + 2 :]  # "ou" -> "o"
        at = lower.find("our", at + 1)
    n = len(lower)
    # The last "s" after "i"/"y" that has three letters or more before those and a listed ending after it.
    for p in range(n - 2, max(3, n - 2 - _LONGEST_ISE_END), -1):
        if lower[p] == "s" and lower[p - 1] in "iy" and lower[p + 1 :] in _ISE_ENDS:
            return word[:p] + ("Z" if word[p].isupper() else "z") + word[p + 1 :]
    for end in _LL_ENDS:
        if lower.endswith(end) and lower[-len(end) - 1] == "l" and lower[: -len(end) - 1] in _LL_STEMS:
            at = lower.index("ll")
            return word[:at] + word[at + 1 :]
    if lower.endswith(("dgement", "dgements")):
        at = lower.rindex("dgement") + 2
        return word[:at] + word[at + 1 :]  # "judgement" -> "judgment"
    return word


def _code(n: int) -> str:
    """Return the n-th character usable as a token code (surrogates skipped)."""
    n += 1
    if n >= 0xD800:
        n += 0x800
    return chr(n)


_Diffs = list[tuple[int, str]]


class Encoder:
    """Token codes shared by every pair of one comparison (one encoder per set of slot pairs).

    A token's code depends only on its normalised identity, so a code made for one pair serves every
    later pair: a document repeats a small vocabulary, and each token is looked up once per comparison
    instead of once per pair.
    """

    __slots__ = ("blanks", "by_token", "codes", "phrases", "slot_group", "slot_pairs", "slots", "words")

    def __init__(self, slots: Sequence[tuple[str, str]] = ()) -> None:
        self.slots = tuple(slots)
        # Both sides of every slot are single tokens on both sides and share one code, so a slot
        # phrase that happens to appear on either side still matches itself.
        self.phrases = [p for pair in self.slots for p in pair]
        self.slot_group: dict[str, str] = {}
        for a, b in self.slots:
            group = self.slot_group.get(b) or self.slot_group.get(a) or "\x00slot:" + b
            self.slot_group[a] = self.slot_group[b] = group
        self.slot_pairs = set(self.slots)
        self.codes: dict[str, str] = {}
        self.words: set[str] = set()
        self.blanks: list[str] = []  # the codes made for whitespace, never in `words`
        self.by_token: dict[str, str] = {}

    def code_of(self, tok: str) -> str:
        """Return the code of one token, making it on first sight."""
        ident = self.slot_group.get(tok)
        if ident is None:
            ident = " " if tok.isspace() else _token_key(tok)
        code = self.codes.get(ident)
        if code is None:
            code = self.codes[ident] = _code(len(self.codes))
            if tok.isspace():
                self.blanks.append(code)
            else:
                self.words.add(code)
        self.by_token[tok] = code
        return code

    def encode(self, tokens: list[str]) -> str:
        """Return the tokens as one string of codes."""
        by_token = self.by_token
        try:
            # Most pairs: every token seen before, their codes gathered in C as one tuple (an `itemgetter`
            # of two tokens or more; a `map` over `dict.__getitem__` makes a call a token).
            if len(tokens) > 1:
                return "".join(itemgetter(*tokens)(by_token))
            return by_token[tokens[0]] if tokens else ""
        except KeyError:
            # A token not seen before: codes made for the new ones only, in order (a token new twice in
            # the list is coded at its first place, then found), the others gathered again in C.
            for tok in itertools.filterfalse(by_token.__contains__, tokens):
                self.code_of(tok)
            return "".join(itemgetter(*tokens)(by_token))


def diff(
    left: str,
    right: str,
    *,
    slots: Sequence[tuple[str, str]] = (),
    budget: float = DEFAULT_BUDGET,
    encoder: Encoder | None = None,
) -> InlineResult:
    """Return the word-level edits turning `left` into `right`.

    Tokens are mapped to single characters (diff-match-patch's line-mode trick) so no edit cuts a
    word. Tokens equal after normalisation share a code, and so do the two sides of a slot pair;
    such equal codes with different text come out as a delete and an insert classed `cosmetic` or
    `slot`. If diff-match-patch reaches `budget` seconds, the result is one delete and one insert
    of the whole texts, flagged `timed_out`. An `encoder` (made with the same `slots`) shares the
    token codes between the pairs of one comparison.
    """
    if left == right:
        return InlineResult((Edit(EditOp.EQUAL, left),) if left else ())
    if encoder is None or encoder.slots != tuple(slots):
        encoder = Encoder(slots)
    if _opcodes is None:
        _load()
    if encoder.phrases or len(left) * len(right) > _LCS_CELLS:
        ltoks = tokenize(left, encoder.phrases)
        rtoks = tokenize(right, encoder.phrases)
        a, b = encoder.encode(ltoks), encoder.encode(rtoks)
    else:  # most pairs: the common head and tail of the texts are not tokenised
        ltoks, rtoks, a, b = _trimmed(left, right, encoder)
    started = time.perf_counter()
    if len(a) * len(b) <= _LCS_CELLS:
        diffs = _lcs(a, b)
    else:
        from diff_match_patch import diff_match_patch

        dmp = diff_match_patch()
        dmp.Diff_Timeout = budget
        diffs = dmp.diff_main(a, b, False)
    if budget > 0 and time.perf_counter() - started >= budget:
        return InlineResult((Edit(EditOp.DELETE, left), Edit(EditOp.INSERT, right)), timed_out=True)
    diffs = _cleanup_words(diffs, encoder.words, encoder.blanks)
    return InlineResult(_edits(diffs, ltoks, rtoks, encoder, "-" in left or "-" in right))


def _edits(
    diffs: _Diffs, ltoks: list[str], rtoks: list[str], encoder: Encoder, hyphens: bool = True
) -> tuple[Edit, ...]:
    """Return the merged code edits as `Edit`s of the tokens' text.

    Equal codes with different text are a deletion and an insertion classed `slot` or `cosmetic`; a
    whitespace-only change is cosmetic. The code edits are merged (no two equalities and no two edits of
    one kind touch), so only the kept tokens between such pairs are neighbours to join. Without `hyphens`
    (neither text holds a "-", so no edit does) no change of hyphenation is looked for.
    """
    out: list[Edit] = []
    append = out.append
    equal, delete, insert = EditOp.EQUAL, EditOp.DELETE, EditOp.INSERT
    i = j = 0
    for op, chunk in diffs:
        n = len(chunk)
        if not n:
            continue
        if op == 0:
            lchunk, rchunk = ltoks[i : i + n], rtoks[j : j + n]
            i += n
            j += n
            if lchunk == rchunk:
                append(Edit(equal, "".join(lchunk)))
                continue
            slot_group, slot_pairs = encoder.slot_group, encoder.slot_pairs
            kept: list[str] = []
            for lt, rt in zip(lchunk, rchunk, strict=True):
                if lt == rt:
                    kept.append(lt)
                    continue
                if kept:
                    append(Edit(equal, "".join(kept)))
                    kept = []
                cls = (
                    "slot"
                    if (lt, rt) in slot_pairs or (lt in slot_group and rt in slot_group)
                    else "cosmetic"
                )
                append(Edit(delete, lt, cls))
                append(Edit(insert, rt, cls))
            if kept:
                append(Edit(equal, "".join(kept)))
        elif op == -1:
            text = "".join(ltoks[i : i + n])
            i += n
            append(Edit(delete, text, "cosmetic" if text.isspace() else None))
        else:
            text = "".join(rtoks[j : j + n])
            j += n
            append(Edit(insert, text, "cosmetic" if text.isspace() else None))
    if hyphens and "-" in "".join([e.text for e in out if e.op is not equal]):
        return _hyphenation(out)
    return tuple(out)


def _hyphenation(edits: list[Edit]) -> tuple[Edit, ...]:
    """Return the edits with a change of hyphenation alone classed `cosmetic`: a deletion and an insertion
    equal but for hyphens that join letters ("email" to "e-mail", "socio-economic" to "socioeconomic").
    A hyphen beside a digit stays a change ("COVID-19"), and so does one after "re" ("resign", "re-sign")."""
    out = list(edits)
    for k in range(len(out) - 1):
        e, f = out[k], out[k + 1]
        if e.op is not EditOp.DELETE or f.op is not EditOp.INSERT or e.cls or f.cls:
            continue
        if _dehyphenated(e.text) == _dehyphenated(f.text) != "":
            out[k] = Edit(e.op, e.text, "cosmetic")
            out[k + 1] = Edit(f.op, f.text, "cosmetic")
    return tuple(out)


def _dehyphenated(word: str) -> str:
    """Return a word of letters and inner hyphens without its hyphens, else "" (not such a word, or a
    word whose hyphen after "re" can make another word)."""
    parts = word.split("-")
    if len(parts) > 1 and parts[0].lower() == "re":
        return ""
    return "".join(parts) if all(part.isalpha() for part in parts) else ""


_END = "\x00"
"""The code of a common head or tail left untokenised (`_trimmed`): no token's code (`_code` starts at 1)."""


def _trimmed(left: str, right: str, encoder: Encoder) -> tuple[list[str], list[str], str, str]:
    """Return the tokens and codes of two texts (no slot phrases), their common head and tail as one token.

    The texts are cut where a run of whitespace ends inside their common start and end (where `tokenize`
    cuts too). A common head stands as one token coded `_END` on both sides when it holds more tokens than
    either middle (the text between head and tail), and a common tail when it does and the middles' common
    start ends before either middle does. Then no edit the LCS and the cleanups make can reach past the
    middles' own common ends or end with the whole head or start with the whole tail (every chunk they
    compare whole to an equality is shorter than it), so the edits are those of the whole token lists,
    with the head's and tail's tokens as one.
    """
    nl, nr = len(left), len(right)
    short = min(nl, nr)
    head = 0
    same = _prefix(left, right)
    if same:
        at = left.rfind(" ", 0, same)
        while at >= 0:
            k = at + 1
            if k < short and not left[k].isspace() and not right[k].isspace():
                head = k
                break
            at = left.rfind(" ", 0, at)
    tail = 0
    most = min(_postfix(left, right) - 1, short - head)
    if most > 0:
        at = left.find(" ", nl - most - 1)
        while 0 <= at < nl - 1:
            if not left[at + 1].isspace():
                tail = nl - at - 1
                break
            at = left.find(" ", at + 1)
    find = _tokens
    encode = encoder.encode
    lmid, rmid = find(left[head : nl - tail]), find(right[head : nr - tail])
    a, b = encode(lmid), encode(rmid)
    middle = max(len(a), len(b))
    if head:
        text = left[:head]
        if 2 * len(text.split()) > middle:
            lmid.insert(0, text)
            rmid.insert(0, text)
            a, b = _END + a, _END + b
        else:
            toks = find(text)
            lmid[:0] = toks
            rmid[:0] = toks
            codes = encode(toks)
            a, b = codes + a, codes + b
    if tail:
        text = left[nl - tail :]
        long_tail = 2 * len(text.split()) - 1 > middle
        if long_tail and _prefix(a, b) < min(len(a), len(b)):
            lmid.append(text)
            rmid.append(text)
            a, b = a + _END, b + _END
        elif long_tail and (cut := _tail_start(lmid, rmid, a, b, text, encoder)) is not None:
            a, b = cut
        else:
            toks = find(text)
            lmid += toks
            rmid += toks
            codes = encode(toks)
            a, b = a + codes, b + codes
    return lmid, rmid, a, b


def _tail_start(
    lmid: list[str], rmid: list[str], a: str, b: str, text: str, encoder: Encoder
) -> tuple[str, str] | None:
    """Return the codes of a pair whose middles' codes are one the other's start (a word or a few added or
    dropped next to the common tail: `_trimmed` cannot leave that tail whole), with only the tail's first
    words tokenised and the rest one token coded `_END`; the tokens go on `lmid` and `rmid`. None (and
    nothing added) where that could change the edits.

    The LCS (rapidfuzz's, which matches the common start and end of the codes first) then gives one
    insertion or deletion of the extra codes (`x` of them), after the common start, which may reach `q`
    codes into the tail; the merges and `_spaces_after` only slide it over those of the codes after it
    that it starts with, and compare it whole with the equality after it, which is longer. So where more
    than `2x + 3` codes follow the common start on the shorter side, every code the edits read after it
    is a tail token's, and the edits are those of the whole tokenised tail, its rest as one token.
    """
    extra = abs(len(a) - len(b))
    parts = text.split(" ", extra + 4)
    rest = parts[-1]
    if len(parts) <= extra + 4 or not rest or rest[0].isspace():
        return None  # a short tail, or no plain space to leave the rest at
    toks = _tokens(text[: len(text) - len(rest)])
    codes = encoder.encode(toks)
    la, lb = a + codes + _END, b + codes + _END
    if la != lb and min(len(la), len(lb)) - _prefix(la, lb) <= 2 * extra + 3:
        return None
    lmid += toks
    rmid += toks
    lmid.append(rest)
    rmid.append(rest)
    return la, lb


_opcodes: Any = None
"""rapidfuzz's `Indel.opcodes`, imported on first use (with `_prefix` and `_postfix`)."""
_prefix: Any = None
_postfix: Any = None


def _load() -> None:
    """Import rapidfuzz's functions: only needed once a pair has words to diff."""
    global _opcodes, _prefix, _postfix
    from rapidfuzz.distance import Indel, Postfix, Prefix

    _opcodes, _prefix, _postfix = Indel.opcodes, Prefix.similarity, Postfix.similarity


_LCS_CELLS = 1 << 27
"""Largest token-count product diffed by rapidfuzz's LCS (its bit matrix is this many bits, 16 MB); a larger
pair goes to diff-match-patch, which stops at the time budget."""


def _lcs(a: str, b: str) -> _Diffs:
    """Return the edits of a longest common subsequence of two code strings, in diff-match-patch's form.

    rapidfuzz's Indel opcodes (a bit-parallel LCS in C) give the fewest tokens deleted and inserted, where
    diff-match-patch's Myers diff with its half-match shortcut may keep fewer ("by [-the end-]{+any the+}
    of" for "by {+any +}the [-end -]of"); the cleanup that follows is the same.
    """
    ops = cast("list[tuple[str, int, int, int, int]]", _opcodes(a, b).as_list())
    merged = _merged_opcodes(ops, a, b)
    if merged is not None:
        return merged
    diffs: _Diffs = []
    append = diffs.append
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal":
            append((0, a[i1:i2]))
        elif tag == "delete":
            append((-1, a[i1:i2]))
        elif tag == "insert":
            append((1, b[j1:j2]))
        else:  # Indel makes no replacements; kept for safety
            diffs += [(-1, a[i1:i2]), (1, b[j1:j2])]
    return _cleanup_merge(diffs)  # (`_merged` has no answer either: `_merged_opcodes` reads as it does)


def _merged_opcodes(ops: list[tuple[str, int, int, int, int]], a: str, b: str) -> _Diffs | None:
    """Return `_merged` of the edits the opcodes stand for, read from the opcodes in one pass; None where
    `_merged` would not answer or an opcode is unusual (empty, a replacement, two equalities in a row).

    Between two equalities the deletions cover one stretch of `a` and the insertions one of `b`, so the
    edits merged there are those two slices.
    """
    out: _Diffs = []
    append = out.append
    at_a = at_b = 0  # where the last equality ended
    last_equal = False
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal":
            if i1 == i2:
                return None
            if i1 > at_a or j1 > at_b:
                if not _edits_between(out, a[at_a:i1], b[at_b:j1]):
                    return None
            elif last_equal:
                return None
            append((0, a[i1:i2]))
            at_a, at_b, last_equal = i2, j2, True
        elif (tag == "delete" and i1 < i2) or (tag == "insert" and j1 < j2):
            last_equal = False
        else:
            return None
    if (len(a) > at_a or len(b) > at_b) and not _edits_between(out, a[at_a:], b[at_b:]):
        return None
    return out if _slides_none(out) else None


def _edits_between(out: _Diffs, deleted: str, inserted: str) -> bool:
    """Append the edits between two equalities, merged (a deletion, then an insertion), to `out`; False
    where the two share a first or last code (then `_merged` has no answer)."""
    if deleted and inserted and (deleted[0] == inserted[0] or deleted[-1] == inserted[-1]):
        return False
    if deleted:
        out.append((-1, deleted))
    if inserted:
        out.append((1, inserted))
    return True


def _slides_none(out: _Diffs) -> bool:
    """Return whether no single edit between two equalities of merged edits ends with the one before or
    starts with the one after (what `diff_cleanupMerge`'s second pass would slide)."""
    for k in range(1, len(out) - 1):
        if out[k - 1][0] == 0 and out[k + 1][0] == 0:
            chunk = out[k][1]
            if chunk.endswith(out[k - 1][1]) or chunk.startswith(out[k + 1][1]):
                return False
    return True


def _merge(diffs: _Diffs) -> _Diffs:
    """Return what diff-match-patch's `diff_cleanupMerge` makes of `diffs` (`_merged` where it answers)."""
    merged = _merged(diffs)
    return merged if merged is not None else _cleanup_merge(diffs)


def _cleanup_merge(diffs: _Diffs) -> _Diffs:
    """Return what diff-match-patch's `diff_cleanupMerge` makes of `diffs` (the case `_merged` does not
    answer): its two passes, written here so that a word diff never imports the library (with it
    `urllib.parse` and `ipaddress`, about 3.5 ms of start-up; decision 0024, session 22).

    A port of `diff_match_patch.diff_cleanupMerge` (Apache License 2.0, copyright 2018 the
    diff-match-patch authors) on a copy of the list, its recursion made a loop: the first pass joins each
    run of deletions and insertions between two equalities into one deletion and one insertion, with their
    common first and last characters moved into the equalities around them, and joins equalities that
    touch; the second slides a single edit between two equalities over either of them where it ends with
    the one before or starts with the one after, and, if it slid one, both passes run again. A test holds
    it equal to the library's on random edits.
    """
    if _prefix is None:
        _load()
    prefix, postfix = _prefix, _postfix
    diffs = list(diffs)
    while True:
        diffs.append((0, ""))  # the end, as an equality
        pointer = 0
        count_delete = count_insert = 0
        text_delete = text_insert = ""
        while pointer < len(diffs):
            op, chunk = diffs[pointer]
            if op == 1:
                count_insert += 1
                text_insert += chunk
                pointer += 1
                continue
            if op == -1:
                count_delete += 1
                text_delete += chunk
                pointer += 1
                continue
            if count_delete + count_insert > 1:
                if count_delete and count_insert:
                    common = int(prefix(text_insert, text_delete))
                    if common:
                        x = pointer - count_delete - count_insert - 1
                        if x >= 0 and diffs[x][0] == 0:
                            diffs[x] = (0, diffs[x][1] + text_insert[:common])
                        else:
                            diffs.insert(0, (0, text_insert[:common]))
                            pointer += 1
                        text_insert = text_insert[common:]
                        text_delete = text_delete[common:]
                    common = int(postfix(text_insert, text_delete))
                    if common:
                        diffs[pointer] = (0, text_insert[-common:] + diffs[pointer][1])
                        text_insert = text_insert[:-common]
                        text_delete = text_delete[:-common]
                new_ops = []
                if text_delete:
                    new_ops.append((-1, text_delete))
                if text_insert:
                    new_ops.append((1, text_insert))
                pointer -= count_delete + count_insert
                diffs[pointer : pointer + count_delete + count_insert] = new_ops
                pointer += len(new_ops) + 1
            elif pointer and diffs[pointer - 1][0] == 0:
                diffs[pointer - 1] = (0, diffs[pointer - 1][1] + chunk)  # two equalities touching
                del diffs[pointer]
            else:
                pointer += 1
            count_delete = count_insert = 0
            text_delete = text_insert = ""
        if diffs[-1][1] == "":
            diffs.pop()
        changes = False
        pointer = 1
        while pointer < len(diffs) - 1:
            (before_op, before), (op, chunk), (after_op, after) = diffs[pointer - 1 : pointer + 2]
            if before_op == 0 and after_op == 0:
                if chunk.endswith(before):
                    if before:
                        diffs[pointer] = (op, before + chunk[: -len(before)])
                        diffs[pointer + 1] = (0, before + after)
                    del diffs[pointer - 1]
                    changes = True
                elif chunk.startswith(after):
                    diffs[pointer - 1] = (0, before + after)
                    diffs[pointer] = (op, chunk[len(after) :] + after)
                    del diffs[pointer + 1]
                    changes = True
            pointer += 1
        if not changes:
            return diffs


def _merged(diffs: _Diffs) -> _Diffs | None:
    """Return what `diff_cleanupMerge` makes of `diffs` in the usual case, None otherwise.

    The usual case: no chunk is empty, no two equalities touch, the deleted and inserted text between two
    equalities share no first and no last character (nothing to factor out), and no single edit between
    two equalities ends with the one before or starts with the one after (its second pass). The edits
    between two equalities then become one deletion and one insertion, in that order.
    """
    out: _Diffs = []
    deleted: list[str] = []
    inserted: list[str] = []
    for op, chunk in [*diffs, (0, "")]:
        if op == -1:
            deleted.append(chunk)
        elif op == 1:
            inserted.append(chunk)
        else:
            if deleted or inserted:
                if not _edits_between(out, "".join(deleted), "".join(inserted)):
                    return None
                deleted, inserted = [], []
            elif chunk and out and out[-1][0] == 0:
                return None  # two equalities in a row
            if chunk:
                out.append((0, chunk))
    if not all(chunk for _, chunk in diffs):
        return None
    return out if _slides_none(out) else None


def _cleanup_words(diffs: _Diffs, words: set[str], blanks: Sequence[str] = ()) -> _Diffs:
    """Return `diffs` with chaff equalities folded into the edits around them, counting in words.

    diff-match-patch's semantic cleanup counts characters: an equality no longer than the edits on
    both sides goes. With one character per word that folds a kept word between two one-word edits
    ("[-within-] one {+promptly+}" becomes "[-within one-] {+one promptly+}"), so here an equality goes
    only when it has fewer tokens (words and punctuation marks; spaces weigh nothing) than the edits
    on each side, so a whitespace-only equality always goes between edits. `blanks` are the codes
    of whitespace (the encoder's codes outside `words`, normally one).
    """
    blank = blanks[0] if len(blanks) == 1 else ""

    def weight(chunk: str) -> int:
        # Every code of a chunk is a word's (in `words`) or a blank's.
        if blank:
            return len(chunk) - chunk.count(blank)
        return len(chunk) - sum(chunk.count(c) for c in blanks) if blanks else len(chunk)

    diffs = list(diffs)
    changed = False
    equalities: list[int] = []
    last: str | None = None
    kept = 0  # the weight of `last`
    ins1 = del1 = ins2 = del2 = 0
    pointer = 0
    while pointer < len(diffs):
        op, chunk = diffs[pointer]
        if op == 0:
            equalities.append(pointer)
            ins1, del1, ins2, del2 = ins2, del2, 0, 0
            last = chunk
            kept = weight(chunk)
        else:
            if op == 1:
                ins2 += weight(chunk)
            else:
                del2 += weight(chunk)
            if last is not None and kept < max(ins1, del1) and kept < max(ins2, del2):
                at = equalities.pop()
                diffs[at] = (-1, last)
                diffs.insert(at + 1, (1, last))
                if equalities:
                    equalities.pop()
                pointer = equalities[-1] if equalities else -1
                ins1 = del1 = ins2 = del2 = 0
                last = None
                changed = True
        pointer += 1
    if changed:
        diffs = _merge(diffs)
    return _spaces_after(diffs, words)


def _spaces_after(diffs: _Diffs, words: set[str]) -> _Diffs:
    """Return `diffs` with each lone insertion or deletion slid so it starts with a word, not a space.

    "outside[- of-] working" and "outside [-of -]working" say the same; the second reads as a word.
    """
    slid = False
    for k in range(1, len(diffs) - 1):
        (before_op, before), (op, chunk), (after_op, after) = diffs[k - 1], diffs[k], diffs[k + 1]
        if before_op != 0 or op == 0 or after_op != 0:
            continue
        if not (chunk and after and chunk[0] not in words and chunk[0] == after[0]):
            continue
        while chunk and after and chunk[0] not in words and chunk[0] == after[0]:
            before, chunk, after = before + chunk[0], chunk[1:] + chunk[0], after[1:]
        diffs[k - 1], diffs[k], diffs[k + 1] = (0, before), (op, chunk), (0, after)
        slid = True
    if not slid:
        return diffs  # already merged (diff_main, the LCS and the cleanup end with diff_cleanupMerge)
    return _merge([d for d in diffs if d[1]])


def left_text(edits: Sequence[Edit]) -> str:
    """Return the left text the edits rebuild (equal + delete)."""
    return "".join(e.text for e in edits if e.op is not EditOp.INSERT)


def right_text(edits: Sequence[Edit]) -> str:
    """Return the right text the edits rebuild (equal + insert)."""
    return "".join(e.text for e in edits if e.op is not EditOp.DELETE)


def substantive(edits: Sequence[Edit]) -> bool:
    """Return whether any edit is a real change (not equal, not a slot, not cosmetic)."""
    return any(e.op is not EditOp.EQUAL and e.cls is None for e in edits)
