"""Word-level edits within a pair of texts: diff-match-patch over word tokens, slots as one token."""

from __future__ import annotations

import functools
import re
import time
from collections.abc import Sequence
from typing import Any, cast

from diff_match_patch import diff_match_patch

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
    if ordered:
        alternatives = "|".join(r"(?<!\w)" + re.escape(p) + r"(?!\w)" for p in ordered)
        pattern = re.compile(f"(?:{alternatives})|{_TOKEN}")
    else:
        pattern = _TOKEN_RE
    return pattern.findall(text)


_TOKEN_RE = re.compile(_TOKEN)


@functools.lru_cache(maxsize=65536)
def _token_key(token: str) -> str:
    """Return the normalised identity of a token (cached: tokens repeat across a document)."""
    return normal_key(token) or token


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
            return "".join(map(by_token.__getitem__, tokens))  # most pairs: every token seen before
        except KeyError:
            code_of = self.code_of
            return "".join([by_token.get(tok) or code_of(tok) for tok in tokens])


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
    ltoks = tokenize(left, encoder.phrases)
    rtoks = tokenize(right, encoder.phrases)
    slot_group, slot_pairs, words = encoder.slot_group, encoder.slot_pairs, encoder.words
    encode = encoder.encode
    a, b = encode(ltoks), encode(rtoks)
    dmp = _MERGER
    started = time.perf_counter()
    if len(a) * len(b) <= _LCS_CELLS:
        diffs = _lcs(dmp, a, b)
    else:
        dmp = diff_match_patch()
        dmp.Diff_Timeout = budget
        diffs = dmp.diff_main(a, b, False)
    if budget > 0 and time.perf_counter() - started >= budget:
        return InlineResult((Edit(EditOp.DELETE, left), Edit(EditOp.INSERT, right)), timed_out=True)
    diffs = _cleanup_words(dmp, diffs, words, encoder.blanks)
    # (op, text, class) of each edit, merged into `Edit`s once by `_tidy`
    edits: list[tuple[EditOp, str, str | None]] = []
    append = edits.append
    equal, delete, insert = EditOp.EQUAL, EditOp.DELETE, EditOp.INSERT
    i = j = 0
    for op, chunk in diffs:
        n = len(chunk)
        if op == 0:
            lchunk, rchunk = ltoks[i : i + n], rtoks[j : j + n]
            if lchunk == rchunk:
                append((equal, "".join(lchunk), None))
                i += n
                j += n
                continue
            for lt, rt in zip(lchunk, rchunk, strict=True):
                if lt == rt:
                    append((equal, lt, None))
                else:
                    cls = (
                        "slot"
                        if (lt, rt) in slot_pairs or (lt in slot_group and rt in slot_group)
                        else "cosmetic"
                    )
                    append((delete, lt, cls))
                    append((insert, rt, cls))
            i += n
            j += n
        elif op == -1:
            append((delete, "".join(ltoks[i : i + n]), None))
            i += n
        else:
            append((insert, "".join(rtoks[j : j + n]), None))
            j += n
    return InlineResult(tuple(_tidy(edits)))


_MERGER = diff_match_patch()
"""The instance whose `diff_cleanupMerge` (which reads no setting) tidies every pair's edits."""
_opcodes: Any = None
"""rapidfuzz's `Indel.opcodes`, imported on first use."""

_LCS_CELLS = 1 << 27
"""Largest token-count product diffed by rapidfuzz's LCS (its bit matrix is this many bits, 16 MB); a larger
pair goes to diff-match-patch, which stops at the time budget."""


def _lcs(dmp: diff_match_patch, a: str, b: str) -> _Diffs:
    """Return the edits of a longest common subsequence of two code strings, in diff-match-patch's form.

    rapidfuzz's Indel opcodes (a bit-parallel LCS in C) give the fewest tokens deleted and inserted, where
    diff-match-patch's Myers diff with its half-match shortcut may keep fewer ("by [-the end-]{+any the+}
    of" for "by {+any +}the [-end -]of"); the cleanup that follows is the same.
    """
    global _opcodes
    if _opcodes is None:  # lazily: the module is only needed once a pair has words to diff
        from rapidfuzz.distance import Indel

        _opcodes = Indel.opcodes
    diffs: _Diffs = []
    ops = cast("list[tuple[str, int, int, int, int]]", _opcodes(a, b).as_list())
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal":
            diffs.append((0, a[i1:i2]))
        elif tag == "delete":
            diffs.append((-1, a[i1:i2]))
        elif tag == "insert":
            diffs.append((1, b[j1:j2]))
        else:  # Indel makes no replacements; kept for safety
            diffs += [(-1, a[i1:i2]), (1, b[j1:j2])]
    merged = _merged(diffs)
    if merged is None:
        dmp.diff_cleanupMerge(diffs)
        return diffs
    return merged


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
                d, i = "".join(deleted), "".join(inserted)
                if d and i and (d[0] == i[0] or d[-1] == i[-1]):
                    return None
                if d:
                    out.append((-1, d))
                if i:
                    out.append((1, i))
                deleted, inserted = [], []
            elif chunk and out and out[-1][0] == 0:
                return None  # two equalities in a row
            if chunk:
                out.append((0, chunk))
    if not all(chunk for _, chunk in diffs):
        return None
    for k in range(1, len(out) - 1):
        if out[k - 1][0] == 0 and out[k + 1][0] == 0:
            chunk = out[k][1]
            if chunk.endswith(out[k - 1][1]) or chunk.startswith(out[k + 1][1]):
                return None
    return out


def _cleanup_words(
    dmp: diff_match_patch, diffs: _Diffs, words: set[str], blanks: Sequence[str] = ()
) -> _Diffs:
    """Return `diffs` with chaff equalities folded into the edits around them, counting in words.

    diff-match-patch's semantic cleanup counts characters: an equality no longer than the edits on
    both sides goes. With one character per word that folds a kept word between two one-word edits
    ("[-within-] one {+promptly+}" becomes "[-within one-] {+one promptly+}"), so here an equality goes
    only when it has fewer tokens (words and punctuation marks; spaces weigh nothing) than the edits
    on each side, so a whitespace-only equality always goes between edits. `blanks` are the codes
    of whitespace (the encoder's codes outside `words`, normally one).
    """

    def weight(chunk: str) -> int:
        # Every code of a chunk is a word's (in `words`) or a blank's.
        return len(chunk) - sum(chunk.count(c) for c in blanks) if blanks else len(chunk)

    diffs = list(diffs)
    changed = False
    equalities: list[int] = []
    last: str | None = None
    ins1 = del1 = ins2 = del2 = 0
    pointer = 0
    while pointer < len(diffs):
        op, chunk = diffs[pointer]
        if op == 0:
            equalities.append(pointer)
            ins1, del1, ins2, del2 = ins2, del2, 0, 0
            last = chunk
        else:
            if op == 1:
                ins2 += weight(chunk)
            else:
                del2 += weight(chunk)
            if last is not None and weight(last) < max(ins1, del1) and weight(last) < max(ins2, del2):
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
        dmp.diff_cleanupMerge(diffs)
    return _spaces_after(dmp, diffs, words)


def _spaces_after(dmp: diff_match_patch, diffs: _Diffs, words: set[str]) -> _Diffs:
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
    diffs = [d for d in diffs if d[1]]
    dmp.diff_cleanupMerge(diffs)
    return diffs


def _tidy(edits: list[tuple[EditOp, str, str | None]]) -> list[Edit]:
    """Return the edits `(op, text, class)` as `Edit`s, neighbours of one kind and class merged, empty
    ones left out; a whitespace-only change is cosmetic."""
    merged: list[tuple[EditOp, list[str], str | None]] = []
    for op, text, cls in edits:
        if not text:
            continue
        if merged:
            last = merged[-1]
            if last[0] is op and last[2] == cls:
                last[1].append(text)
                continue
        merged.append((op, [text], cls))
    out: list[Edit] = []
    equal = EditOp.EQUAL
    for op, parts, cls in merged:
        text = parts[0] if len(parts) == 1 else "".join(parts)
        if cls is None and op is not equal and text.isspace():
            cls = "cosmetic"
        out.append(Edit(op, text, cls))
    return out


def left_text(edits: Sequence[Edit]) -> str:
    """Return the left text the edits rebuild (equal + delete)."""
    return "".join(e.text for e in edits if e.op is not EditOp.INSERT)


def right_text(edits: Sequence[Edit]) -> str:
    """Return the right text the edits rebuild (equal + insert)."""
    return "".join(e.text for e in edits if e.op is not EditOp.DELETE)


def substantive(edits: Sequence[Edit]) -> bool:
    """Return whether any edit is a real change (not equal, not a slot, not cosmetic)."""
    return any(e.op is not EditOp.EQUAL and e.cls is None for e in edits)
