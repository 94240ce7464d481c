"""The comparison pipeline: read, segment, find slots, align, diff each pair, order the changes."""

from __future__ import annotations

import itertools
import os
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Collection, Iterator, Sequence
from itertools import compress, pairwise, repeat
from operator import ne, sub

from policydiff import classes, formatting, inline, normalise
from policydiff._lazy import compile_later
from policydiff._values import field_names
from policydiff.align import Group, Thresholds, align_compact
from policydiff.errors import UsageError
from policydiff.lexicon import MODALS, MONTH_NAMES, ROLE_WORDS
from policydiff.model import (
    CLASS_NAMES,
    CLOSING_MARKS,
    Change,
    ChangeClass,
    ChangeOp,
    Changes,
    Clause,
    ClauseKind,
    Comparison,
    Diagnostic,
    Edit,
    EditOp,
    Format,
    FormatChange,
    Policy,
    Relabel,
    Slot,
    UnchangedRun,
    clause_column,
)

_MODALS = MODALS
_NEGATIONS = {"not", "no", "never", "none", "nor", "neither", "without", "cannot", "n't"}
_ROLES = ROLE_WORDS
_MONTHS = MONTH_NAMES
_PROPER = compile_later(
    r"^(?:(?:our|the|this)\s+)?[A-Z][\w&'’.-]*(?:\s+(?:of\s+|and\s+|&\s+)?[A-Z][\w&'’.-]*){0,5}$"
)


def slot_problem(text: str) -> str | None:
    """Return why `text` may never be a slot (a modal, negation, number, date or role), else None."""
    words = re.findall(r"\w+(?:'\w+)?", text.lower())
    if not words:
        return "it has no words"
    for word in words:
        if word in _MODALS:
            return f"{word!r} is a modal verb"
        if word in _NEGATIONS or word.endswith("n't"):
            return f"{word!r} is a negation"
        if any(c.isdigit() for c in word):
            return f"{word!r} is a number or date"
        if word in _MONTHS:
            return f"{word!r} is a date"
        if word in _ROLES:
            return f"{word!r} is a role"
    return None


def parse_slot(option: str) -> tuple[str, str]:
    """Return `(old, new)` from a `--slot OLD=NEW` value, refusing what may never be a slot."""
    old, sep, new = option.partition("=")
    old, new = old.strip(), new.strip()
    if not sep or not old or not new:
        raise UsageError(f"--slot takes OLD=NEW, got {option!r}")
    for side in (old, new):
        problem = slot_problem(side)
        if problem:
            raise UsageError(f"--slot {option!r}: {problem}, never a slot")
    return old, new


def _keys(policy: Policy, slots: Sequence[Slot]) -> list[str]:
    """Return the comparison keys of a side's clauses, slot phrases replaced by a shared name.

    Both phrases of a slot are replaced on both sides, as the word edits code them alike on either side
    (`inline.Encoder`): a clause naming the other side's organisation is then keyed as its twin on that
    side is. Replacing only a side's own phrase keyed an identical clause two ways (a licence's heading
    "PYTHON SOFTWARE FOUNDATION LICENSE VERSION 2" on both sides, with the slot Python → PYTHON SOFTWARE
    FOUNDATION LICENSE), and it was reported removed and added.
    """
    if not slots:
        return list(clause_column(policy.clauses, "key"))
    rights = sorted({s.right for s in slots})
    phrases = sorted(
        {(normalise.key(text), f"slot{rights.index(s.right)}") for s in slots for text in (s.left, s.right)},
        key=lambda p: (-len(p[0]), p[0]),
    )
    # Each phrase in turn, as a word, where the key holds it at all (most keys hold none).
    subs = [
        (phrase, re.compile(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)").sub, name) for phrase, name in phrases
    ]
    out = []
    for key in clause_column(policy.clauses, "key"):
        for phrase, sub_, name in subs:
            if phrase in key:
                key = sub_(name, key)
        out.append(key)
    return out


def organisation_slot(left: Policy, right: Policy) -> Slot | None:
    """Return the organisation-name slot of two policies, when both names are known and differ."""
    a, b = left.organisation, right.organisation
    if not a or not b or a == b or slot_problem(a) or slot_problem(b):
        return None
    return Slot(a, b, 0, "organisation")


def _pair_edits(
    texts_left: Sequence[str],
    texts_right: Sequence[str],
    slots: Sequence[Slot],
    budget: float,
    encoder: inline.Encoder | None = None,
) -> inline.InlineResult:
    pairs = [(s.left, s.right) for s in slots]
    return inline.diff(
        "\n".join(texts_left), "\n".join(texts_right), slots=pairs, budget=budget, encoder=encoder
    )


_COMMON = frozenset(
    (
        "a an the this that these those our your their its his her my we you they it he she i if "
        "when where while what which who whom whose why how all any each every some no not only "
        "also and or but so as at by for from in into of on onto to with within without after "
        "before during until unless please there here then than once both either neither other such "
        "same more most less least "
    ).split()
)


def _detect_slots(
    results: Sequence[tuple[Edit, ...]], slots: Sequence[Slot], left: Policy, right: Policy
) -> list[Slot]:
    """Return further slots: proper-noun phrases consistently replaced by the other side's name.

    A deletion next to an insertion of the other side's organisation name ("our Club" → "Kidspace
    Wrap Around Care") is one; so is any proper-noun substitution seen at least twice, always the
    same way round.
    """
    org = next((s for s in slots if s.source == "organisation"), None)
    seen: Counter[tuple[str, str]] = Counter()
    for edits in results:
        for a, b in itertools.pairwise(edits):
            if a.op is EditOp.DELETE and b.op is EditOp.INSERT and a.cls is None and b.cls is None:
                old, new = a.text.strip(), b.text.strip()
                # A proper-noun phrase holds a capital: most edits need no pattern (nor its compiling).
                proper = old and new and not old.islower() and not new.islower()
                if proper and _PROPER.match(old) and _PROPER.match(new):
                    seen[(old, new)] += 1
    known = {(s.left, s.right) for s in slots}
    lefts_known = {s.left for s in slots}
    by_old: dict[str, set[str]] = {}
    for old, new in seen:
        by_old.setdefault(old, set()).add(new)
    found: list[Slot] = []
    texts: list[str] = []  # both sides' whole texts, joined when first needed
    for (old, new), count in sorted(seen.items()):
        if (old, new) in known or old in lefts_known or slot_problem(old) or slot_problem(new):
            continue
        if len(by_old[old]) != 1 or (new, old) in seen:
            continue
        if _only_common(old) or _only_common(new):
            continue
        # A substitution used consistently: the old name never on the right, the new never on the left.
        if not texts:
            texts += ["\n".join([c.text for c in left.clauses]), "\n".join([c.text for c in right.clauses])]
        if _contains(texts[1], old) or _contains(texts[0], new):
            continue
        with_org = org is not None and (new == org.right or old == org.left)
        if with_org or count >= 2:
            found.append(Slot(old, new, 0, "detected"))
    return found


def _only_common(phrase: str) -> bool:
    return all(w.lower() in _COMMON for w in phrase.split() if w[:1].isupper())


def _contains(text: str, phrase: str) -> bool:
    return re.search(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", text) is not None


def compare_policies(
    left: Policy,
    right: Policy,
    *,
    manual_slots: Sequence[tuple[str, str]] = (),
    use_slots: bool = True,
    thresholds: Thresholds | None = None,
    budget: float = inline.DEFAULT_BUDGET,
    word_edits: bool = True,
) -> Comparison:
    """Return the comparison of two policies: every clause of each side in exactly one change.

    With `word_edits=False` (and no slots), a pair whose words changed carries its whole texts as one
    deletion and one insertion instead of a word-level diff: the ops are the same, for callers (history)
    that use only them.
    """
    thresholds = thresholds or Thresholds()
    slots: list[Slot] = []
    if use_slots:
        org = organisation_slot(left, right)
        if org is not None:
            slots.append(org)
    slots.extend(Slot(a, b, 0, "manual") for a, b in manual_slots)
    aligned = align_compact(
        left.clauses, right.clauses, _keys(left, slots), _keys(right, slots), thresholds=thresholds
    )
    shift = _level_shift(left, right, aligned.exact_left, aligned.exact_right, aligned.groups)
    pl, pr, groups = _runs_apart(left, right, aligned.exact_left, aligned.exact_right, aligned.groups, shift)
    changes, todo = _equal_pairs(left, right, groups, shift)
    # Only the other groups (a clause changed, or formatting may have) are diffed and classed.
    encoder = inline.Encoder([(s.left, s.right) for s in slots])  # token codes shared by every pair
    results = {k: _group_edits(left, right, groups[k], slots, budget, word_edits, encoder) for k in todo}
    if use_slots and results:
        extra = _detect_slots([r.edits for r in results.values()], slots, left, right)
        if extra:
            slots.extend(extra)
            # Only pairs whose text holds a new slot phrase can come out differently.
            phrases = [p for s in extra for p in (s.left, s.right)]
            encoder = inline.Encoder([(s.left, s.right) for s in slots])
            for k in todo:
                if _mentions(left, right, groups[k], phrases):
                    results[k] = _group_edits(left, right, groups[k], slots, budget, encoder=encoder)
    # Classes are read from word edits: without them (history) there is nothing to read.
    leads = _LeadIns(left, right, pl, pr)
    for k in todo:
        changes[k] = _change(left, right, groups[k], results[k], word_edits, shift, leads)
    warnings: list[Diagnostic] = [*left.warnings, *right.warnings]
    for k in todo:
        if results[k].timed_out:
            g = groups[k]
            ids = ", ".join([left.clauses[i].id for i in g.left] + [right.clauses[j].id for j in g.right])
            warnings.append(
                Diagnostic(
                    "inline-budget",
                    f"word-level diff of {ids} took over {budget:g}s; shown as a whole-clause change",
                    None,
                )
            )
    warnings.extend(_object_changes(left, right))
    counts: Counter[str] = Counter()
    if slots:  # only a slot makes slot edits, and only the changes made here have edits
        made = [changes[k] for k in todo]
        counts.update(e.text for c in made for e in c.edits if e.cls == "slot" and e.op is EditOp.DELETE)
    slots_out = tuple(Slot(s.left, s.right, counts.get(s.left, 0), s.source) for s in slots)
    options: dict[str, object] = {
        "slots": [f"{a}={b}" for a, b in manual_slots],
        "no_slots": not use_slots,
        "thresholds": {name: getattr(thresholds, name) for name in field_names(thresholds) or ()},
        "budget": budget,
    }
    return Comparison(
        left=left,
        right=right,
        changes=Changes(left.clauses, right.clauses, _order(groups, changes, pl, pr, len(left.clauses))),
        slots=slots_out,
        warnings=tuple(warnings),
        options=tuple(options.items()),
    )


def load_side(
    side: str | os.PathLike[str], *, repo: str | None = None, encoding: str | None = None
) -> Policy:
    """Return the policy of one side: a file, or with `repo` a `REV:PATH` read from git objects."""
    from policydiff import parse, parse_bytes

    if repo is None:
        return parse(side, encoding=encoding)
    text = os.fspath(side)
    rev, sep, path = text.partition(":")
    if not sep or not rev or not path:
        raise UsageError(
            f"with --repo, a side is REV:PATH (e.g. v1.0:policies/social-media.docx), got {text!r}"
        )
    from policydiff.sources.git import read_revision

    data, source = read_revision(repo, rev, path)
    return parse_bytes(data, source, encoding=encoding)


def raw_side(side: str | os.PathLike[str], *, repo: str | None = None) -> bytes:
    """Return the bytes of one side as stored (a file, or with `repo` a `REV:PATH` blob)."""
    if repo is None:
        from pathlib import Path

        from policydiff.readers import read_path

        read_path(side)  # the same checks and one-line errors as reading it
        return Path(side).read_bytes()
    from policydiff.sources.git import read_revision

    rev, _, path = os.fspath(side).partition(":")
    return read_revision(repo, rev, path)[0]


def compare(
    left: str | os.PathLike[str],
    right: str | os.PathLike[str],
    *,
    repo: str | None = None,
    encoding: str | None = None,
    manual_slots: Sequence[tuple[str, str]] = (),
    use_slots: bool = True,
    thresholds: Thresholds | None = None,
    budget: float = inline.DEFAULT_BUDGET,
) -> Comparison:
    """Return the comparison of two policy files (or, with `repo`, two `REV:PATH` revisions)."""
    return compare_policies(
        load_side(left, repo=repo, encoding=encoding),
        load_side(right, repo=repo, encoding=encoding),
        manual_slots=manual_slots,
        use_slots=use_slots,
        thresholds=thresholds,
        budget=budget,
    )


def _mentions(left: Policy, right: Policy, group: Group, phrases: Sequence[str]) -> bool:
    """Return whether any clause of a group contains any of the phrases (as a substring)."""
    texts = [left.clauses[i].text for i in group.left] + [right.clauses[j].text for j in group.right]
    return any(p in t for t in texts for p in phrases)


def _group_edits(
    left: Policy,
    right: Policy,
    group: Group,
    slots: Sequence[Slot],
    budget: float,
    word_edits: bool = True,
    encoder: inline.Encoder | None = None,
) -> inline.InlineResult:
    if len(group.left) == 1 and len(group.right) == 1:  # most pairs: one clause each
        a, b = left.clauses[group.left[0]], right.clauses[group.right[0]]
        text = a.text
        if text == b.text:
            return inline.InlineResult((Edit(EditOp.EQUAL, text),) if text else ())
        if not word_edits and not slots and a.key != b.key:  # a real change: the whole texts stand for it
            return inline.InlineResult((Edit(EditOp.DELETE, text), Edit(EditOp.INSERT, b.text)))
        pairs = [(s.left, s.right) for s in slots]
        return inline.diff(text, b.text, slots=pairs, budget=budget, encoder=encoder)
    lt = [left.clauses[i].text for i in group.left]
    rt = [right.clauses[j].text for j in group.right]
    if not lt:
        return inline.InlineResult((Edit(EditOp.INSERT, "\n".join(rt)),))
    if not rt:
        return inline.InlineResult((Edit(EditOp.DELETE, "\n".join(lt)),))
    if lt == rt and len(lt) == 1:  # most pairs: nothing to diff
        return inline.InlineResult((Edit(EditOp.EQUAL, lt[0]),) if lt[0] else ())
    if not word_edits and not slots:
        lkeys = [left.clauses[i].key for i in group.left]
        if lkeys != [
            right.clauses[j].key for j in group.right
        ]:  # a real change: the whole texts stand for it
            return inline.InlineResult(
                (Edit(EditOp.DELETE, "\n".join(lt)), Edit(EditOp.INSERT, "\n".join(rt)))
            )
    return _pair_edits(lt, rt, slots, budget, encoder)


_LIST_MARKS = frozenset("-*+•·‣◦▪–—")
"""Bullet marks a reader may leave on a list item's first word ("-Using welcoming …")."""


def _glued_list_mark(edits: tuple[Edit, ...]) -> tuple[Edit, ...]:
    """Return a pair's edits with a bullet mark glued to the first word of one side made cosmetic.

    pm4py's plain-text code of conduct writes its list items "-Using welcoming and inclusive language",
    no space after the dash, so the dash stays in the item's text; against the same item written
    "* Using …" each read "<ins>-</ins> (0 words out, 1 in)", substantive. One mark, deleted or inserted
    before the clause's first kept word (a letter: "-5 degrees" keeps its sign), is the list's, not a
    word (decision 0002, session 19).
    """
    if len(edits) < 2:
        return edits
    first, kept = edits[0], edits[1]
    if (
        first.op is EditOp.EQUAL
        or first.cls is not None
        or first.text not in _LIST_MARKS
        or kept.op is not EditOp.EQUAL
        or not kept.text[:1].isalpha()
    ):
        return edits
    return (Edit(first.op, first.text, "cosmetic"), *edits[1:])


def _closing_punctuation(edits: tuple[Edit, ...]) -> tuple[Edit, ...]:
    """Return a pair's edits with a change to the clause's closing punctuation alone made cosmetic.

    Django's security policy wrote its severity levels "**High**:" over a list, then "* **High**" as a
    bullet over a nested list; each read "<del>:</del> (1 word out, 0 in)", substantive, with every word
    kept. A full stop, colon, semicolon or comma deleted, inserted or swapped for another after the clause's
    last kept word is how the clause ends, not a word (decision 0002, session 23); any letter, digit or
    other mark in that tail keeps it a change.
    """
    k = len(edits)
    while k and edits[k - 1].op is not EditOp.EQUAL:
        k -= 1
    if k == 0 or k == len(edits):
        return edits
    tail = edits[k:]
    if any(e.cls is not None or not CLOSING_MARKS.issuperset(e.text) for e in tail):
        return edits
    if all(e.text.isspace() for e in tail):
        return edits
    return (*edits[:k], *(Edit(e.op, e.text, "cosmetic") for e in tail))


def _heading_case(edits: tuple[Edit, ...]) -> tuple[Edit, ...]:
    """Return a heading pair's edits with the words that changed only in letter case made cosmetic.

    Twisted's compatibility policy retitled its headings in title case ("How to deprecate APIs" → "How to
    Deprecate APIs", "Functions and methods" → "Functions and Methods") and pytest's contributing guide the
    other way ("Closing Issues" → "Closing issues"): six headings read "<del>deprecate</del> →
    <ins>Deprecate</ins>", substantive. A run of edits between kept text whose deleted and inserted text
    differ only in case is the heading's style (decision 0002, session 23). Only between headings and
    titles: in body text "the Company" → "the company" may undo a defined term.
    """
    out: list[Edit] | None = None
    for i, j in _edit_runs(edits):
        run = edits[i:j]
        deleted = "".join([e.text for e in run if e.op is EditOp.DELETE])
        inserted = "".join([e.text for e in run if e.op is EditOp.INSERT])
        if deleted and deleted != inserted and deleted.lower() == inserted.lower():
            if out is None:
                out = list(edits)
            for k in range(i, j):
                if edits[k].cls is None:
                    out[k] = Edit(edits[k].op, edits[k].text, "cosmetic")
    return edits if out is None else tuple(out)


def _edit_runs(edits: Sequence[Edit]) -> Iterator[tuple[int, int]]:
    """Yield the (start, end) of each run of edits between kept text (no `EQUAL` edit inside)."""
    n = len(edits)
    i = 0
    while i < n:
        if edits[i].op is EditOp.EQUAL:
            i += 1
            continue
        j = i
        while j < n and edits[j].op is not EditOp.EQUAL:
            j += 1
        yield i, j
        i = j


def _seam_punctuation(edits: tuple[Edit, ...]) -> tuple[Edit, ...]:
    """Return a split's or merge's edits with the punctuation at a seam between clauses made cosmetic.

    "**Threats of violence** - You may not …" split into the heading "Threats of violence" and the
    paragraph "You may not …" deletes the " - " that joined them (or a colon, an em dash), and a merge
    inserts one: the seam itself, no word of the policy. An edit without a letter or digit, in a stretch of
    edits between kept text that holds a clause break (the "\n" joining one side's clauses), is cosmetic;
    words in that stretch stay changes (decision 0002, session 19).
    """
    out: list[Edit] | None = None
    for i, j in _edit_runs(edits):
        if any("\n" in e.text for e in edits[i:j]):
            for k in range(i, j):
                e = edits[k]
                if e.cls is None and not any(ch.isalnum() for ch in e.text):
                    if out is None:
                        out = list(edits)
                    out[k] = Edit(e.op, e.text, "cosmetic")
    return edits if out is None else tuple(out)


def _formatting(
    lcl: Sequence[Clause], rcl: Sequence[Clause], edits: Sequence[Edit]
) -> tuple[FormatChange, ...]:
    """Return the kept text of a pair of clauses whose emphasis or link target differs (nothing without
    spans)."""
    if not any(c.spans for c in lcl) and not any(c.spans for c in rcl):
        return ()
    lruns = formatting.joined_runs([c.text for c in lcl], [c.spans for c in lcl])
    rruns = formatting.joined_runs([c.text for c in rcl], [c.spans for c in rcl])
    return formatting.differences(lruns, rruns, edits)


_NO_LINKS: tuple[tuple[tuple[str, str, str], ...], tuple[frozenset[str], frozenset[str]]] = (
    (),
    (frozenset(), frozenset()),
)


def _replaced_links(
    lcl: Sequence[Clause], rcl: Sequence[Clause], edits: Sequence[Edit]
) -> tuple[tuple[tuple[str, str, str], ...], tuple[frozenset[str], frozenset[str]]]:
    """Return the links a pair of clauses' changed words replaced, added or dropped
    (`formatting.replaced_links`) and every link target of each side (nothing without spans)."""
    if not any(c.spans for c in lcl) and not any(c.spans for c in rcl):
        return _NO_LINKS
    lruns = formatting.joined_runs([c.text for c in lcl], [c.spans for c in lcl])
    rruns = formatting.joined_runs([c.text for c in rcl], [c.spans for c in rcl])
    found = formatting.replaced_links(lruns, rruns, edits)
    return found, (formatting.targets(lruns), formatting.targets(rruns)) if found else (
        frozenset(),
        frozenset(),
    )


def _equal_pairs(
    left: Policy, right: Policy, groups: Sequence[Group], shift: int | None = None
) -> tuple[list[Change], list[int]]:
    """Return each group's change where it is a one-to-one pair of equal texts without formatting (nearly
    every clause: what `_change` would give it, made directly; a placeholder elsewhere), and the indices
    of the other groups, which need word edits."""
    lc, rc = left.clauses, right.clauses
    changes: list[Change] = []
    todo: list[int] = []
    append = changes.append
    unchanged, moved = ChangeOp.UNCHANGED, ChangeOp.MOVED
    heading = _HEADING if shift is not None else None  # (levels compared: see _level_shift)
    for k, g in enumerate(groups):
        gl, gr = g.left, g.right
        if len(gl) == 1 and len(gr) == 1:
            a, b = lc[gl[0]], rc[gr[0]]
            if (
                a.text == b.text
                and not a.spans
                and not b.spans
                and (a.kind in _HEADS) == (b.kind in _HEADS)
                and not (a.kind is heading and b.kind is heading and b.level - a.level != shift)
            ):
                label = Relabel(a.label, b.label) if a.label != b.label else None
                # Positional arguments: a frozen value class is built faster without keywords.
                append(
                    Change(
                        moved if g.moved else unchanged,
                        (a.id,),
                        (b.id,),
                        1.0,
                        "exact",
                        (),
                        False,
                        (),
                        label,
                        tuple(g.shared),
                    )
                )
                continue
        append(_PENDING)
        todo.append(k)
    return changes, todo


_PENDING = Change(ChangeOp.UNCHANGED, (), (), 0.0, "none")
"""The place of a change still to be made (`compare_policies` fills every one)."""


def _change(
    left: Policy,
    right: Policy,
    group: Group,
    result: inline.InlineResult,
    with_classes: bool = True,
    shift: int | None = None,
    leads: _LeadIns | None = None,
) -> Change:
    edits = result.edits
    gl, gr = group.left, group.right
    lids: tuple[str, ...]
    rids: tuple[str, ...]
    if len(gl) == 1 and len(gr) == 1:  # most pairs: one clause a side, read once
        a, b = left.clauses[gl[0]], right.clauses[gr[0]]
        lids, rids, ltext, rtext = (a.id,), (b.id,), a.text, b.text
        if edits and edits[0].op is not EditOp.EQUAL:
            edits = _glued_list_mark(edits)
        if edits and edits[-1].op is not EditOp.EQUAL:
            edits = _closing_punctuation(edits)
        if a.kind in _HEADS and b.kind in _HEADS and len(edits) > 1:
            edits = _heading_case(edits)
        lcl: tuple[Clause, ...] = (a,)
        rcl: tuple[Clause, ...] = (b,)
        spans = bool(a.spans or b.spans)
        fmt = _formatting(lcl, rcl, edits) if spans else ()
        label = Relabel(a.label, b.label) if a.label != b.label else None
        if (a.kind in _HEADS) != (b.kind in _HEADS):  # a heading made body text, or body text a heading
            fmt = (
                *fmt,
                FormatChange(b.text, Format(heading=a.kind in _HEADS), Format(heading=b.kind in _HEADS)),
            )
        elif shift is not None and a.kind is _HEADING is b.kind and b.level - a.level != shift:
            was, now = Format(heading=True, level=a.level), Format(heading=True, level=b.level)
            fmt = (*fmt, FormatChange(b.text, was, now))
    else:
        lcl = tuple([left.clauses[i] for i in gl])
        rcl = tuple([right.clauses[j] for j in gr])
        lids = tuple([c.id for c in lcl])
        rids = tuple([c.id for c in rcl])
        if not rids or not lids:  # added or removed whole: the duties it adds or drops
            side, whole = ("left", lcl) if lids else ("right", rcl)
            said = [c.text for c in whole if c.kind not in _HEADS]
            kinds: tuple[ChangeClass, ...] = ()
            if with_classes:
                kinds = classes.duties(said, side)
                if not kinds and leads is not None and whole[0].kind is _ITEM:
                    # an item under a kept "Staff must not:": the lead-in's duty is its own
                    kinds = leads.duties(side, gl[0] if lids else gr[0])
            op = ChangeOp.REMOVED if lids else ChangeOp.ADDED
            return Change(op, lids, rids, 0.0, "none", edits, classes=kinds)
        edits = _seam_punctuation(edits)
        if edits and edits[-1].op is not EditOp.EQUAL:
            edits = _closing_punctuation(edits)
        spans = True  # (`_formatting` and `_replaced_links` look)
        fmt = _formatting(lcl, rcl, edits)
        label = None  # only a one-to-one pair is relabelled
        ltext = "\n".join([c.text for c in lcl])
        rtext = "\n".join([c.text for c in rcl])
    real = inline.substantive(edits)
    shared = tuple(group.shared)
    kinds = (
        classes.classify(
            edits, ltext, rtext, fmt, *(_replaced_links(lcl, rcl, edits) if spans else _NO_LINKS)
        )
        if with_classes and (real or fmt)
        else ()
    )
    if len(lids) > 1 or len(rids) > 1:
        op = ChangeOp.SPLIT if len(rids) > 1 else ChangeOp.MERGED
        return Change(
            op,
            lids,
            rids,
            group.score,
            group.matched_by,
            edits,
            reworded=real,
            formatting=fmt,
            shared=shared,
            classes=kinds,
        )
    if ltext == rtext:
        how, score = "exact", 1.0
    elif lcl[0].key == rcl[0].key:
        # (One clause a side here; a clause's key is `normalise.key` of its text, as `_group_edits` reads it.)
        how, score = "normalised", 1.0
    elif not real:
        how, score = "slot", 1.0
    else:
        how, score = group.matched_by, group.score
        if how == "exact":  # equal only once slots were abstracted, yet words differ: a fuzzy pair
            how, score = "fuzzy", group.score
    if not fmt and all(e.op is EditOp.EQUAL for e in edits):
        edits = ()  # a reworded pair keeps its edits, so old readers rebuild both texts from them
    if group.moved:
        return Change(
            ChangeOp.MOVED,
            lids,
            rids,
            score,
            how,
            edits,
            reworded=real,
            formatting=fmt,
            label=label,
            shared=shared,
            classes=kinds,
        )
    # A change of emphasis, link target or heading is a change, never `unchanged`; a new label alone is
    # cosmetic.
    op = ChangeOp.REWORDED if real or fmt else ChangeOp.UNCHANGED
    return Change(
        op, lids, rids, score, how, edits, formatting=fmt, label=label, shared=shared, classes=kinds
    )


def differs(comparison: Comparison, fail_on: Collection[str] | None = None) -> bool:
    """Return whether a comparison shows a difference worth failing a check for.

    Without `fail_on`: any change that is not `unchanged`, a slot, or changed non-text content (an image,
    a chart, an equation), as `policydiff compare --exit-code` has always done. With `fail_on` (class
    names such as `modality`, `negation`): only a change carrying one of those classes.
    """
    # An unchanged run's pairs have neither classes nor edits: only the other changes are looked at.
    listed = [c for c in comparison.parts() if not isinstance(c, UnchangedRun)]
    if fail_on is not None:
        wanted = set(fail_on)
        unknown = sorted(wanted - set(CLASS_NAMES))
        if unknown:
            raise UsageError(
                f"--fail-on: unknown change class {unknown[0]!r} (one of {', '.join(CLASS_NAMES)})"
            )
        return any(k.cls in wanted for c in listed for k in c.classes)
    changed = any(c.op is not ChangeOp.UNCHANGED or any(e.cls == "slot" for e in c.edits) for c in listed)
    return changed or any(w.code == "objects-changed" for w in comparison.warnings)


def _order(
    groups: Sequence[Group], changes: Sequence[Change], pl: list[int], pr: list[int], nl: int
) -> list[Change | UnchangedRun]:
    """Return the changes in right-hand order, each removal right after its left-hand predecessor: the
    groups' changes, and the plain pairs `(pl[k], pr[k])` (sorted by `pr`) as runs of consecutive pairs.

    Clause positions come from the groups (a change's ids are its group's clauses, in order). A run
    holds every right clause between its ends and (no removal's predecessor being inside it) nothing is
    ever placed within it.
    """
    n = len(pr)
    # A run ends where the next pair is not the next clause on both sides.
    steps = zip(map(sub, pl[1:], pl), map(sub, pr[1:], pr), strict=True)
    cuts = [0, *compress(range(1, n), map(ne, steps, repeat((1, 1)))), n] if n else []
    items: list[Change | UnchangedRun] = list(changes)
    items += [UnchangedRun(pl[a], pr[a], b - a) for a, b in pairwise(cuts)]
    first = [min(r) if r else -1 for r in [g.right for g in groups]]
    first += [pr[a] for a in cuts[:-1]]
    placed = sorted([k for k, at in enumerate(first) if at >= 0], key=first.__getitem__)
    if len(placed) == len(items):
        return [items[k] for k in placed]
    removed = sorted([k for k, at in enumerate(first) if at < 0], key=lambda k: groups[k].left[0])
    owner = [-1] * nl  # left clause -> the item holding it, once placed
    for k in placed:
        if k < len(groups):
            for i in groups[k].left:
                owner[i] = k
        else:
            run = items[k]
            assert isinstance(run, UnchangedRun)
            owner[run.left : run.left + run.length] = [k] * run.length
    after: dict[int, list[int]] = {}
    head: list[int] = []
    for k in removed:
        lefts = groups[k].left
        index = lefts[0] - 1
        while index >= 0 and owner[index] < 0:
            index -= 1
        # A removal follows the change holding its nearest left-hand predecessor.
        if index < 0:
            head.append(k)
        else:
            after.setdefault(owner[index], []).append(k)
        for i in lefts:
            owner[i] = k
    out: list[Change | UnchangedRun] = []
    append = out.append
    for k in [*head, *placed]:
        append(items[k])
        if k in after:  # the removals that follow it, each with those that follow it, depth first
            todo = after[k][::-1]
            while todo:
                current = todo.pop()
                append(items[current])
                todo.extend(reversed(after.get(current, ())))
    return out


_HEADS = frozenset({ClauseKind.TITLE, ClauseKind.HEADING})
"""The kinds a reader sees as headings: a clause of one paired with a clause of another kind has its
formatting changed (`Format.heading`), its words kept or not."""
_HEADING = ClauseKind.HEADING
_ITEM = ClauseKind.LIST_ITEM


class _LeadIns:
    """The lead-in a list item stands under: the nearest clause before it, past the items of its list (of
    its level or deeper), when that clause ends with ":" and is unchanged (one of the plain pairs `pl`,
    `pr`: a lead-in added or removed whole names its duty in its own class, once; one reworded has its
    own classes). Each side's walk remembers every item it passed, so the items of one long list added
    one by one walk it once between them, not once each."""

    __slots__ = ("_classes", "_kept", "_memo", "_plain", "_sides")

    def __init__(self, left: Policy, right: Policy, pl: Sequence[int], pr: Sequence[int]) -> None:
        self._sides = {"left": left.clauses, "right": right.clauses}
        self._plain = {"left": pl, "right": pr}
        self._kept: dict[str, frozenset[int]] = {}
        self._memo: dict[str, dict[int, int]] = {"left": {}, "right": {}}
        self._classes: dict[tuple[str, int], tuple[ChangeClass, ...]] = {}

    def duties(self, side: str, index: int) -> tuple[ChangeClass, ...]:
        """Return the class of item `index` of `side` added or removed whole that the duty of its kept
        lead-in gives it ("obligation added: must not"), or nothing; each lead-in is read once."""
        at = self.lead_in(side, index)
        if at < 0:
            return ()
        kinds = self._classes.get((side, at))
        if kinds is None:
            lead = clause_column(self._sides[side], "text")[at]
            kinds = self._classes[side, at] = classes.duties((), side, lead)
        return kinds

    def lead_in(self, side: str, index: int) -> int:
        """Return the index of the kept lead-in, ending with ":", that item `index` of `side` stands under,
        else -1."""
        # (`Clauses`' own columns: no clause is made for the walk)
        clauses = self._sides[side]
        kinds, levels = clause_column(clauses, "kind"), clause_column(clauses, "level")
        memo = self._memo[side]
        level = levels[index]
        passed = []
        at = index - 1
        while at >= 0 and kinds[at] is _ITEM and levels[at] >= level:
            if levels[at] == level:
                known = memo.get(at)
                if known is not None:
                    at = known
                    break
                passed.append(at)
            at -= 1
        for k in passed:
            memo[k] = at
        memo[index] = at
        if at < 0:
            return -1
        text: str = clause_column(clauses, "text")[at]
        if kinds[at] in _HEADS or not text.rstrip().endswith(":"):
            return -1  # (a heading says what a section is about, as `classes.duties` reads it)
        kept = self._kept.get(side)
        if kept is None:  # the side's unchanged clauses, gathered once (in C)
            kept = self._kept[side] = frozenset(self._plain[side])
        return at if at in kept else -1


_MARKED_LEVELS = frozenset({"markdown", "rst", "docx"})
"""The formats whose heading levels are markup (`##`, a reStructuredText adornment's rank, a Word
heading style): a heading paired with one at another level in two documents of one such format
has its formatting changed (`Format.level`), a shift of every heading aside (`_level_shift`). Plain
text's levels are guessed from the look of a line, and one document in two formats has its levels
differ (decision 0005)."""


def _level_shift(
    left: Policy, right: Policy, pl: list[int], pr: list[int], groups: Sequence[Group]
) -> int | None:
    """Return by how many levels the right's headings stand below the left's (most often over the
    one-to-one pairs of headings, and at least twice; else 0, as on a tie), or None where levels are not
    compared (`_MARKED_LEVELS`).

    A pair of headings whose levels differ by another amount went to another level. A shift of every
    heading is no change to a document's structure: one document from two producers has its headings a
    level apart (pandoc writes Markdown's `##` sections as Word's Heading 2 under a title, Word's own
    document has them as Heading 1). Nor is the level a heading's place in its document's outline: the
    CNCF code of conduct 1.1 added `##` sections beside its title and its `###` section stayed one."""
    if left.format != right.format or left.format not in _MARKED_LEVELS:
        return None
    lc, rc, heading = left.clauses, right.clauses, _HEADING
    pairs = itertools.chain(
        zip(map(lc.__getitem__, pl), map(rc.__getitem__, pr), strict=True),
        ((lc[g.left[0]], rc[g.right[0]]) for g in groups if len(g.left) == 1 and len(g.right) == 1),
    )
    shifts = Counter(b.level - a.level for a, b in pairs if a.kind is heading and b.kind is heading)
    shift = max(shifts, key=lambda d: (shifts[d], d == 0), default=0)
    return shift if shifts[shift] >= 2 else 0  # (one heading a level down is that heading's change)


def _odd(left: Policy, right: Policy, pl: list[int], pr: list[int], shift: int | None = None) -> set[int]:
    """Return the places `k` where the pair `(pl[k], pr[k])` is not plain: a plain pair has equal texts,
    no spans, equal labels, both clauses headings or neither, and two headings at one level where levels
    are compared (unchanged, nothing to show).

    One pass that reads each pair's fields from the clauses' columns (`clause_column`: no `Clause` is made
    for a plain pair) and stops at the first test that fails (nearly every pair is plain, so every test
    runs). The heading test runs only where the kinds differ.
    """
    lc, rc = left.clauses, right.clauses
    ltexts, rtexts = clause_column(lc, "text"), clause_column(rc, "text")
    lspans, rspans = clause_column(lc, "spans"), clause_column(rc, "spans")
    llabels, rlabels = clause_column(lc, "label"), clause_column(rc, "label")
    lkinds, rkinds = clause_column(lc, "kind"), clause_column(rc, "kind")
    llevels, rlevels = clause_column(lc, "level"), clause_column(rc, "level")
    heads = _HEADS
    heading = _HEADING if shift is not None else None  # (levels compared: see _level_shift)
    odd: set[int] = set()
    for k, i, j in zip(itertools.count(), pl, pr):
        a, b = lkinds[i], rkinds[j]
        if (
            ltexts[i] != rtexts[j]
            or lspans[i]
            or rspans[j]
            or llabels[i] != rlabels[j]
            or (a is not b and (a in heads) != (b in heads))
            or (a is heading and b is heading and rlevels[j] - llevels[i] != shift)
        ):
            odd.add(k)
    return odd


def _runs_apart(
    left: Policy,
    right: Policy,
    pl: list[int],
    pr: list[int],
    groups: list[Group],
    shift: int | None = None,
) -> tuple[list[int], list[int], list[Group]]:
    """Return the plain one-to-one pairs of equal keys in order (nearly every clause) as two index lists
    sorted by right clause, and every other group, in `align`'s order.

    `pl`, `pr`: the anchors (increasing on both sides); `groups`: the other groups. An anchor that is not
    plain becomes a group, first, where `align` has it (before the later passes' groups); an exact pair
    of a later pass (a repeated key paired in its gap) that is plain and not moved joins the lists.
    """
    odd = _odd(left, right, pl, pr, shift)
    if odd:
        anchors = [Group((pl[k],), (pr[k],), "exact", 1.0) for k in sorted(odd)]
        keep = [k for k in range(len(pl)) if k not in odd]
        pl, pr, groups = [pl[k] for k in keep], [pr[k] for k in keep], [*anchors, *groups]
    pairs = [
        k
        for k, g in enumerate(groups)
        if len(g.left) == 1 and len(g.right) == 1 and g.matched_by == "exact" and not g.moved and not g.shared
    ]
    if not pairs:
        return pl, pr, groups
    xl = [groups[k].left[0] for k in pairs]
    xr = [groups[k].right[0] for k in pairs]
    odd = _odd(left, right, xl, xr, shift)
    taken = {pairs[m] for m in range(len(pairs)) if m not in odd}
    if not taken:
        return pl, pr, groups
    # Each taken pair goes in at its right clause's place (they are few: slices, not a sort).
    out_l: list[int] = []
    out_r: list[int] = []
    at = 0
    for r, i in sorted((xr[m], xl[m]) for m in range(len(pairs)) if m not in odd):
        cut = bisect_left(pr, r, at)
        out_l += pl[at:cut]
        out_r += pr[at:cut]
        out_l.append(i)
        out_r.append(r)
        at = cut
    out_l += pl[at:]
    out_r += pr[at:]
    return out_l, out_r, [g for k, g in enumerate(groups) if k not in taken]


def _object_changes(left: Policy, right: Policy) -> list[Diagnostic]:
    """Return warnings for images, charts or equations that differ between the two sides."""
    out: list[Diagnostic] = []
    lc = Counter((o.kind, o.fingerprint) for o in left.objects)
    rc = Counter((o.kind, o.fingerprint) for o in right.objects)
    if lc == rc:
        return out
    for kind in sorted({k for k, _ in lc | rc}):
        gone = sum(n for (k, _), n in (lc - rc).items() if k == kind)
        new = sum(n for (k, _), n in (rc - lc).items() if k == kind)
        if gone or new:
            out.append(
                Diagnostic(
                    "objects-changed",
                    f"non-text content changed: {gone} {kind}(s) only on the left, {new} only on the right "
                    "(not compared word by word)",
                    None,
                )
            )
    return out
