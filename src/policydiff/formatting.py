"""Inline formatting of clause text: spans flattened into runs, and where two sides' formatting differs."""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Sequence

from policydiff._values import dataclass
from policydiff.model import Edit, EditOp, Format, FormatChange, Span

PLAIN = Format()
_Key = tuple[bool, bool, bool, str | None, bool, bool]
"""The fields of a `Format` but `heading`, in order: (bold, italic, underline, href, strike, code)."""


@dataclass(frozen=True, slots=True)
class Runs:
    """A text's formatting as consecutive runs: run `k` covers `[cuts[k], cuts[k + 1])` with `formats[k]`."""

    cuts: tuple[int, ...]
    formats: tuple[Format, ...]

    def between(self, start: int, end: int) -> Iterator[tuple[int, int, Format]]:
        """Yield `(a, b, format)` for the runs cut to `[start, end)`, in order (found by bisection)."""
        cuts, formats = self.cuts, self.formats
        k = max(bisect.bisect_right(cuts, start) - 1, 0)
        last = len(formats)
        while k < last and cuts[k] < end:
            a, b = max(cuts[k], start), min(cuts[k + 1], end)
            if a < b:
                yield a, b, formats[k]
            k += 1
        if end > cuts[-1] and max(start, cuts[-1]) < end:  # past the text (never for our own offsets)
            yield max(start, cuts[-1]), end, PLAIN


def runs(spans: Sequence[Span], length: int) -> Runs:
    """Return the formatting of a text of `length` characters as runs; overlapping spans combine.

    Emphasis of overlapping spans adds up (bold inside a link is a bold link); of two links the one
    that starts later (the inner one) wins. Linear in the spans, after sorting their ends.
    """
    if not spans:
        return Runs((0, length), (PLAIN,))
    if _disjoint(spans, length):
        return _runs_of_disjoint(spans, length)
    starts: dict[int, list[Span]] = {}
    ends: dict[int, list[Span]] = {}
    for span in spans:
        a, b = max(span.start, 0), min(span.end, length)
        if a < b:
            starts.setdefault(a, []).append(span)
            ends.setdefault(b, []).append(span)
    order = sorted({0, length, *starts, *ends})
    bold = italic = underline = strike = code = 0
    links: list[Span] = []
    cuts: list[int] = []
    formats: list[Format] = []
    made: dict[_Key, Format] = {}
    last: _Key | None = None
    for point in order[:-1]:
        for span in ends.get(point, ()):
            bold -= span.bold
            italic -= span.italic
            underline -= span.underline
            strike -= span.strike
            code -= span.code
            if span.href is not None:
                links.remove(span)
        for span in starts.get(point, ()):
            bold += span.bold
            italic += span.italic
            underline += span.underline
            strike += span.strike
            code += span.code
            if span.href is not None:
                links.append(span)
        key = (bold > 0, italic > 0, underline > 0, links[-1].href if links else None, strike > 0, code > 0)
        if key == last:
            continue
        last = key
        fmt = made.get(key)
        if fmt is None:
            fmt = made[key] = Format(*key)
        cuts.append(point)
        formats.append(fmt)
    cuts.append(order[-1])
    return Runs(tuple(cuts), tuple(formats))


def _disjoint(spans: Sequence[Span], length: int) -> bool:
    """Return whether the spans are in order, inside the text, non-empty and never overlap."""
    end = 0
    for span in spans:
        if span.start < end or span.end <= span.start or span.end > length:
            return False
        end = span.end
    return True


def _runs_of_disjoint(spans: Sequence[Span], length: int) -> Runs:
    """Return the runs of spans that `_disjoint` accepts, in one pass."""
    cuts: list[int] = []
    formats: list[Format] = []
    made: dict[_Key, Format] = {(False, False, False, None, False, False): PLAIN}

    def add(at: int, fmt: Format) -> None:
        if not formats or formats[-1] is not fmt:
            cuts.append(at)
            formats.append(fmt)

    pos = 0
    for span in spans:
        if span.start > pos:
            add(pos, PLAIN)
        key = (span.bold, span.italic, span.underline, span.href, span.strike, span.code)
        fmt = made.get(key)
        if fmt is None:
            fmt = made[key] = Format(*key)
        add(span.start, fmt)
        pos = span.end
    if pos < length:
        add(pos, PLAIN)
    cuts.append(length)
    return Runs(tuple(cuts), tuple(formats))


def joined_runs(texts: Sequence[str], spans: Sequence[Sequence[Span]]) -> Runs:
    """Return the runs of several clauses' texts joined with `"\\n"` (as a split or merge joins them)."""
    if len(texts) == 1:
        return runs(spans[0], len(texts[0]))
    moved: list[Span] = []
    offset = 0
    for text, own in zip(texts, spans, strict=True):
        moved.extend(s.at(s.start + offset, s.end + offset) for s in own)
        offset += len(text) + 1
    return runs(moved, offset - 1)


def pair_runs(
    left: Runs, lstart: int, right: Runs, rstart: int, length: int
) -> Iterator[tuple[int, Format, Format]]:
    """Yield `(length, left format, right format)` over text kept on both sides, cut where either changes."""
    lit = left.between(lstart, lstart + length)
    rit = right.between(rstart, rstart + length)
    _, lb, lf = next(lit, (lstart, lstart + length, PLAIN))
    _, rb, rf = next(rit, (rstart, rstart + length, PLAIN))
    done = 0
    while done < length:
        step = min(lb - (lstart + done), rb - (rstart + done), length - done)
        if step <= 0:  # pragma: no cover - runs always cover the text
            break
        yield step, lf, rf
        done += step
        if lstart + done >= lb:
            _, lb, lf = next(lit, (lb, lstart + length, PLAIN))
        if rstart + done >= rb:
            _, rb, rf = next(rit, (rb, rstart + length, PLAIN))


def differences(left: Runs, right: Runs, edits: Sequence[Edit]) -> tuple[FormatChange, ...]:
    """Return the kept text (equal edits) whose formatting differs, one entry per stretch.

    Stretches of whitespace alone are left out: a bold space is not a difference a reader sees. A link
    whose words were edited as well as its target changed is one entry, its words whole (the new side's,
    or the old side's where only it has the link): the diff keeps the characters the two sets of words
    share ("@" and "." of a changed mail address, "our" and "page" of "our page" → "our new page"), and
    each kept stretch of them is no change of its own (session 20).
    """
    out: list[FormatChange] = []
    lpos = rpos = 0
    links: list[tuple[int, int, int]] = []  # (index in out, left offset, right offset) of target changes
    lkept: list[tuple[int, int]] = []  # the kept stretches of each side, neighbours joined
    rkept: list[tuple[int, int]] = []
    for edit in edits:
        n = len(edit.text)
        if edit.op is EditOp.EQUAL:
            if lkept and lkept[-1][1] == lpos and rkept[-1][1] == rpos:
                lkept[-1], rkept[-1] = (lkept[-1][0], lpos + n), (rkept[-1][0], rpos + n)
            else:
                lkept.append((lpos, lpos + n))
                rkept.append((rpos, rpos + n))
            at = 0
            for step, lf, rf in pair_runs(left, lpos, right, rpos, n):
                if lf != rf and not _respelled(lf, rf):
                    text = edit.text[at : at + step]
                    if text.strip():
                        if lf.href != rf.href and _emphasis(lf) == _emphasis(rf):
                            links.append((len(out), lpos + at, rpos + at))
                        out.append(FormatChange(text, lf, rf))
                at += step
            lpos += n
            rpos += n
        elif edit.op is EditOp.DELETE:
            lpos += n
        else:
            rpos += n
    if links and (len(lkept) != 1 or lkept[0] != (0, lpos) or rkept[0] != (0, rpos)):  # words edited
        return _edited_links(out, links, (left, lkept), (right, rkept), edits)
    return tuple(out)


def _emphasis(fmt: Format) -> tuple[bool, bool, bool, bool, bool]:
    return (fmt.bold, fmt.italic, fmt.underline, fmt.strike, fmt.code)


def _spelling(href: str) -> str:
    """Return a link target as a reader reads it: percent-escapes decoded, and "/" for a web address's
    empty path ("https://host" is "https://host/", RFC 3986 6.2.3)."""
    if "%" in href:
        from urllib.parse import unquote  # here: importing it costs every comparison (callgrind +0.7 %)

        href = unquote(href)
    if href[:8].lower().startswith(("http://", "https://")):
        host = href[href.index("//") + 2 :]
        if host and not any(mark in host for mark in "/?#"):
            return href + "/"
    return href


def _respelled(lf: Format, rf: Format) -> bool:
    """Return whether two formats differ only in how one link target is spelled: LibreOffice decodes a
    target's escapes ("labels/good%20first%20issue" → "labels/good first issue", "%E2%9C%93" → "✓") and gives
    a bare host its "/", pandoc escapes an "@" ("%40"). The scheme, host, path and fragment all count: http
    → https is a change (decision 0005, session 24)."""
    lh, rh = lf.href, rf.href
    if lh is None or rh is None or lh == rh or _emphasis(lf) != _emphasis(rf):
        return False
    return _spelling(lh) == _spelling(rh)


def _edited_links(
    out: list[FormatChange],
    links: Sequence[tuple[int, int, int]],
    lside: tuple[Runs, Sequence[tuple[int, int]]],
    rside: tuple[Runs, Sequence[tuple[int, int]]],
    edits: Sequence[Edit],
) -> tuple[FormatChange, ...]:
    """Return `out` with the kept stretches of each link whose words were edited (`links`: the entries
    whose formats differ only in their target) made one entry with the link's words whole; each side is
    its runs and its kept stretches."""
    (left, lkept), (right, rkept) = lside, rside
    ltext = "".join(e.text for e in edits if e.op is not EditOp.INSERT)
    rtext = "".join(e.text for e in edits if e.op is not EditOp.DELETE)
    whole: dict[int, FormatChange | None] = {}
    seen: set[tuple[str, tuple[int, int] | None]] = set()
    for index, lat, rat in links:
        lf, rf = out[index].left, out[index].right
        lspan = _extent(left, lat) if lf.href else None
        rspan = _extent(right, rat) if rf.href else None
        edited = (lspan is not None and not _inside(lspan, lkept)) or (
            rspan is not None and not _inside(rspan, rkept)
        )
        if not edited:
            continue
        key = ("new", rspan) if rspan else ("old", lspan)  # one entry per link, the new side's if it has one
        if key in seen:
            whole[index] = None
            continue
        seen.add(key)
        words = rtext[rspan[0] : rspan[1]] if rspan else ltext[lspan[0] : lspan[1]] if lspan else ""
        whole[index] = FormatChange(" ".join(words.split()), lf, rf)
    if not whole:
        return tuple(out)
    return tuple(change for k, f in enumerate(out) if (change := whole.get(k, f)) is not None)


def _extent(runs: Runs, at: int) -> tuple[int, int]:
    """Return the stretch of the link at `at`: the runs around it with its target, whatever their emphasis."""
    cuts, formats = runs.cuts, runs.formats
    k = max(bisect.bisect_right(cuts, at) - 1, 0)
    href = formats[k].href
    a = b = k
    while a > 0 and formats[a - 1].href == href:
        a -= 1
    while b + 1 < len(formats) and formats[b + 1].href == href:
        b += 1
    return cuts[a], cuts[b + 1]


def _inside(span: tuple[int, int], kept: Sequence[tuple[int, int]]) -> bool:
    """Return whether `span` lies within one kept stretch (its words not edited)."""
    k = bisect.bisect_right([start for start, _ in kept], span[0]) - 1
    return k >= 0 and kept[k][0] <= span[0] and span[1] <= kept[k][1]


def replaced_links(left: Runs, right: Runs, edits: Sequence[Edit]) -> tuple[tuple[str, str, str], ...]:
    """Return `(left target, right target, words)` for each stretch of changed words (the deleted and
    inserted text between two kept stretches) where a link's words were replaced, added or dropped: a
    link replaced with its words ("[Netlify](…)" → "[Fastly](…)"), one added with new words or dropped with
    old ones ("" for the side without). Only targets hidden behind their words count: a link whose words
    are its address (an autolink, a bare address) shows its target in the words' own edit. The targets are
    paired in order; a stretch whose sides hold the same targets gives none. Links on kept words are
    `differences`'s.
    """
    out: list[tuple[str, str, str]] = []
    gone: list[tuple[str, str]] = []  # (target, words) of the deleted text's links in this stretch
    new: list[tuple[str, str]] = []
    lpos = rpos = 0

    def flush() -> None:
        a = _distinct_targets(gone)
        b = _distinct_targets(new)
        if [t for t, _ in a] != [t for t, _ in b]:
            for k in range(max(len(a), len(b))):
                lt, lw = a[k] if k < len(a) else ("", "")
                rt, rw = b[k] if k < len(b) else ("", "")
                if lt != rt:
                    out.append((lt, rt, rw or lw))
        gone.clear()
        new.clear()

    for edit in edits:
        n = len(edit.text)
        if edit.op is EditOp.EQUAL:
            if gone or new:
                flush()
            lpos += n
            rpos += n
        elif edit.op is EditOp.DELETE:
            gone.extend(
                (f.href, edit.text[a - lpos : b - lpos]) for a, b, f in left.between(lpos, lpos + n) if f.href
            )
            lpos += n
        else:
            new.extend(
                (f.href, edit.text[a - rpos : b - rpos])
                for a, b, f in right.between(rpos, rpos + n)
                if f.href
            )
            rpos += n
    if gone or new:
        flush()
    return tuple(out)


def _distinct_targets(found: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """Return each target of `(target, words)` hidden behind its words once, in order, with its words
    joined."""
    words: dict[str, list[str]] = {}
    for target, text in found:
        words.setdefault(target, []).append(text)
    out = []
    for target, parts in words.items():
        text = " ".join(" ".join(parts).split())
        if _address(text) != _address(target):
            out.append((target, text))
    return out


def _address(text: str) -> str:
    """Return a web or mail address without its scheme, `www.` and a trailing `/`, in lower case."""
    text = text.strip().lower()
    for prefix in ("mailto:", "https://", "http://"):
        text = text.removeprefix(prefix)
    return text.removeprefix("www.").rstrip("/")


def targets(runs: Runs) -> frozenset[str]:
    """Return every link target of a text's runs."""
    return frozenset(f.href for f in runs.formats if f.href)
