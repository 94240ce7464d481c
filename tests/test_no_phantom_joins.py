"""Two paragraphs joined into one are a merge, not a rewording plus a removal (and the reverse, a split).

A short paragraph run into the long one before it ("… using social media sites. This policy covers (but is
not limited to) social media platforms such as:") barely moves the pair's similarity, so a rule that asks
each joined piece to raise it left the short one out, and the report said "removed" of a sentence that
still stands word for word in the newer version. These tests join and cut paragraphs of the corpus's real
policies (documents nobody here wrote, hard-wrapped) and check the report against the text itself.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import policydiff
from policydiff.model import ChangeOp, Comparison

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted(
    p
    for pattern in ("*/*.md", "*/*.txt")
    for p in (ROOT / "corpus").glob(pattern)
    if p.name != "README.md"
    and "expected" not in p.name
    and "accepted" not in p.name
    and "rejected" not in p.name
)
_NOT_BODY = re.compile(r"\s*(?:[^\w\s\"'(“‘]|\d+[.)]\s)")
"""A line that starts a heading, list item (any bullet character or number), quote, table, fence or HTML."""


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def _body_paragraphs(blocks: list[str]) -> list[int]:
    """Return the blocks that are plain paragraphs: no heading, list, quote, table, fence or HTML line."""
    return [
        k for k, b in enumerate(blocks) if b.strip() and not any(_NOT_BODY.match(x) for x in b.splitlines())
    ]


def _joins(path: Path) -> list[tuple[str, str]]:
    """Return (left, right) texts: each pair of neighbouring plain paragraphs of very different lengths
    (one at least twice the other's words) joined into one paragraph on the right."""
    text = path.read_text(encoding="utf-8")
    blocks = text.split("\n\n")
    body = set(_body_paragraphs(blocks))
    out = []
    for k in sorted(body):
        if k + 1 not in body:
            continue
        a, b = len(blocks[k].split()), len(blocks[k + 1].split())
        if min(a, b) < 4 or max(a, b) < 2 * min(a, b):
            continue
        joined = [*blocks[:k], blocks[k].rstrip() + " " + blocks[k + 1].lstrip(), *blocks[k + 2 :]]
        out.append((text, "\n\n".join(joined)))
    return out


def _compare(tmp_path: Path, left: str, right: str, suffix: str) -> Comparison:
    (tmp_path / f"left{suffix}").write_text(left, encoding="utf-8")
    (tmp_path / f"right{suffix}").write_text(right, encoding="utf-8")
    return policydiff.compare(tmp_path / f"left{suffix}", tmp_path / f"right{suffix}")


def _phantoms(comparison: Comparison, right_text: str, left_text: str) -> list[str]:
    """Return the clauses of four words or more reported removed (added) whose words stand, in order and
    together, in the other document's text."""
    left_texts = {c.id: c.text for c in comparison.left.clauses}
    right_texts = {c.id: c.text for c in comparison.right.clauses}
    found = []
    right_words, left_words = _words(right_text), _words(left_text)
    for change in comparison.changes:
        if change.op is ChangeOp.REMOVED:
            ids, texts, other = change.left, left_texts, right_words
        elif change.op is ChangeOp.ADDED:
            ids, texts, other = change.right, right_texts, left_words
        else:
            continue
        for cid in ids:
            words = _words(texts[cid])
            if len(words.split()) >= 4 and f" {words} " in f" {other} ":
                found.append(f"{change.op.value}: {texts[cid]!r}")
    return found


def _listed(comparison: Comparison) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    return [(c.op.value, c.left, c.right) for c in comparison.changes if c.op is not ChangeOp.UNCHANGED]


CASES = [(path, n, pair) for path in SOURCES for n, pair in enumerate(_joins(path))]


def test_the_corpus_has_such_joins() -> None:
    # The parametrised tests below run on what the corpus holds: make sure that is not nothing.
    assert len(CASES) >= 10


@pytest.mark.parametrize(
    ("path", "n", "pair"), CASES, ids=[f"{p.parent.name}/{p.stem}-{n}" for p, n, _ in CASES]
)
def test_a_joined_paragraph_is_a_merge(tmp_path: Path, path: Path, n: int, pair: tuple[str, str]) -> None:
    left, right = pair
    comparison = _compare(tmp_path, left, right, path.suffix)
    assert _phantoms(comparison, right, left) == []
    merges = [c for c in comparison.changes if c.op is ChangeOp.MERGED]
    assert len(merges) == 1, [
        (c.op.value, c.left, c.right) for c in comparison.changes if c.op.value != "unchanged"
    ]
    assert not merges[0].reworded  # the same words, one paragraph break fewer


@pytest.mark.parametrize(
    ("path", "n", "pair"), CASES, ids=[f"{p.parent.name}/{p.stem}-{n}" for p, n, _ in CASES]
)
def test_a_paragraph_cut_in_two_is_a_split(tmp_path: Path, path: Path, n: int, pair: tuple[str, str]) -> None:
    right, left = pair  # the same documents the other way round: one paragraph becomes two
    comparison = _compare(tmp_path, left, right, path.suffix)
    assert _phantoms(comparison, right, left) == []
    splits = [c for c in comparison.changes if c.op is ChangeOp.SPLIT]
    assert len(splits) == 1, [
        (c.op.value, c.left, c.right) for c in comparison.changes if c.op.value != "unchanged"
    ]
    assert not splits[0].reworded


def _into_headings(path: Path, *, fused: bool = False) -> list[tuple[str, str]]:
    """Return (left, right) texts: each Markdown heading followed by a plain paragraph, the paragraph run
    into the heading line on the right (Delete at the end of a heading in Word keeps the heading's style).

    `fused`: with no space between them, as deleting the heading's paragraph mark leaves it in Word ("## 2.
    Designated Safeguarding LeadThe Designated …"), for paragraphs of six words or more that open with a
    letter or digit (else a mark keeps the words apart, as without `fused`)."""
    text = path.read_text(encoding="utf-8")
    blocks = text.split("\n\n")
    body = set(_body_paragraphs(blocks))
    out = []
    for k in range(len(blocks) - 1):
        heading = blocks[k]
        if not re.fullmatch(r"#{2,6} [^\n]+", heading) or k + 1 not in body:
            continue
        words = " ".join(blocks[k + 1].split())
        if fused and (len(words.split()) < 6 or not words[0].isalnum() or not heading[-1].isalnum()):
            continue
        joined = [*blocks[:k], heading + words if fused else f"{heading} {words}", *blocks[k + 2 :]]
        out.append((text, "\n\n".join(joined)))
    return out


HEADING_CASES = [
    (path, n, pair) for path in SOURCES if path.suffix == ".md" for n, pair in enumerate(_into_headings(path))
]


@pytest.mark.parametrize(
    ("path", "n", "pair"), HEADING_CASES, ids=[f"{p.parent.name}/{p.stem}-{n}" for p, n, _ in HEADING_CASES]
)
def test_a_paragraph_run_into_the_heading_before_is_no_removal(
    tmp_path: Path, path: Path, n: int, pair: tuple[str, str]
) -> None:
    left, right = pair
    comparison = _compare(tmp_path, left, right, path.suffix)
    assert _phantoms(comparison, right, left) == []
    comparison = _compare(tmp_path, right, left, path.suffix)  # and the heading cut in two
    assert _phantoms(comparison, left, right) == []


def test_a_clause_naming_the_other_sides_organisation_is_keyed_as_its_twin(tmp_path: Path) -> None:
    """The Python licence's heading stands word for word on both sides, and the organisation names the
    reader finds are "Python" and "PYTHON SOFTWARE FOUNDATION LICENSE". Keys replaced only a side's own
    name, so the right heading was keyed "slot0 VERSION 2" and the left one as written: the heading was
    reported removed (and the left title reworded into it) while it stands unchanged."""
    heading = "PYTHON SOFTWARE FOUNDATION LICENSE VERSION 2"
    body = "1. This LICENSE AGREEMENT is between the Python Software Foundation\n"
    left = f"Python License, Version 2 (Python-2.0)\n{heading}\n{body}"
    right = f"{heading}\n{body}"
    comparison = _compare(tmp_path, left, right, ".txt")
    assert _phantoms(comparison, right, left) == []
    (twin,) = [
        c
        for c in comparison.changes
        if heading in (x.text for x in comparison.right.clauses if x.id in c.right)
    ]
    assert twin.op is ChangeOp.UNCHANGED


FUSED_CASES = [
    (path, n, pair)
    for path in SOURCES
    if path.suffix == ".md"
    for n, pair in enumerate(_into_headings(path, fused=True))
]


def test_the_corpus_has_headings_to_fuse() -> None:
    assert len(FUSED_CASES) >= 10


@pytest.mark.parametrize(
    ("path", "n", "pair"), FUSED_CASES, ids=[f"{p.parent.name}/{p.stem}-{n}" for p, n, _ in FUSED_CASES]
)
def test_a_paragraph_fused_into_the_heading_before_is_a_merge(
    tmp_path: Path, path: Path, n: int, pair: tuple[str, str]
) -> None:
    """The word either side of the join is read as one ("LeadThe"), so the paragraph no longer stands whole
    in the heading, and a paragraph of another class was taken only whole: it was reported removed, every
    other word of it standing in the newer heading (found in a pandoc DOCX with its heading's paragraph
    mark deleted). It is a merge, and cut apart again a split, with no clause removed or added."""
    left, right = pair
    for a, b, op in ((left, right, ChangeOp.MERGED), (right, left, ChangeOp.SPLIT)):
        comparison = _compare(tmp_path, a, b, path.suffix)
        listed = _listed(comparison)
        assert [x for x in listed if x[0] in ("removed", "added")] == [], listed
        assert [x[0] for x in listed] == [op.value], listed


_SIZE_NOTE = """\
# Deprecations

## ImagePalette size parameter

The size parameter will be removed in Pillow 10.0.0 (2023-07-01).

Before Pillow 8.3.0, ImagePalette required palette data of particular lengths.
"""


@pytest.mark.parametrize("flip", [False, True])
def test_bare_version_numbers_are_no_pieces_of_a_sentence(tmp_path: Path, flip: bool) -> None:
    """Session 24 (Pillow's deprecations page as pandoc, LibreOffice and python-docx write it to Word: a
    version note is its bare version). "The size parameter will be removed in Pillow 10.0.0 (2023-07-01)."
    was "split" into the notes "10.0.0" and "11.0.0" (0.40): a number-only piece shares digits with any
    sentence holding a number, so it is a piece only when the whole number stands there; "11.0.0" does not."""
    sentence = "The size parameter will be removed in Pillow 10.0.0 (2023-07-01)."
    notes = _SIZE_NOTE.replace(sentence, "10.0.0\n\n11.0.0")
    left, right = (notes, _SIZE_NOTE) if flip else (_SIZE_NOTE, notes)
    comparison = _compare(tmp_path, left, right, ".md")
    lt = {c.id: c.text for c in comparison.left.clauses}
    rt = {c.id: c.text for c in comparison.right.clauses}
    listed = sorted(
        (c.op.value, " | ".join([*map(lt.get, c.left), *map(rt.get, c.right)]))
        for c in comparison.changes
        if c.op is not ChangeOp.UNCHANGED
    )
    old, new = ("added", "removed") if flip else ("removed", "added")
    assert listed == sorted([(old, sentence), (new, "10.0.0"), (new, "11.0.0")])


# Docutils' security notes, `docs/howto/security.txt` in the docutils 0.16 and 0.21.2 sdists (public domain,
# "This document has been placed in the public domain."), the introduction and the heading after it.
_SECURITY_OLD = """\
Deploying Docutils Securely
===========================

Introduction
============

Initially, Docutils was intended for command-line tools and
single-user applications.  Through-the-web editing and processing was
not envisaged, therefore web security was not a consideration.  Once
Docutils/reStructuredText started being incorporated into an
ever-increasing number of web applications (blogs, wikis, content
management systems, and others), several security issues arose and
have been addressed.  This document provides instructions to help you
secure the Docutils software in your applications.

Docutils does not come in a through-the-web secure state, because this
would inconvenience ordinary users.

The Issues
==========

There are several reStructuredText directives that can insert external
data (files and URLs) into the output document.
"""
_SECURITY_NEW = _SECURITY_OLD.replace(
    """have been addressed.  This document provides instructions to help you
secure the Docutils software in your applications.

Docutils does not come in a through-the-web secure state, because this
would inconvenience ordinary users.
""",
    """have been addressed.  Still, **Docutils does not come in a
through-the-web secure state**, because this would inconvenience
ordinary users.  This document provides pointers to help you secure
the Docutils software in your applications.
""",
)
assert _SECURITY_NEW != _SECURITY_OLD


@pytest.mark.parametrize("flip", [False, True])
def test_a_paragraph_joined_into_the_middle_of_another_with_edits_is_a_merge(
    tmp_path: Path, flip: bool
) -> None:
    """Session 26 (real29's round): Docutils 0.21.2 moved "Docutils does not come in a through-the-web secure
    state …" into the middle of the paragraph before it, after "Still,", and reworded that paragraph's last
    sentence ("instructions" → "pointers"). The joined piece stands word for word in the new paragraph, but
    not after the words the pair matched, so the report said reworded + removed (split: added)."""
    left, right = (_SECURITY_NEW, _SECURITY_OLD) if flip else (_SECURITY_OLD, _SECURITY_NEW)
    comparison = _compare(tmp_path, left, right, ".rst")
    lt = {c.id: c.text for c in comparison.left.clauses}
    rt = {c.id: c.text for c in comparison.right.clauses}
    changed = [
        (c.op, [lt[i][:30] for i in c.left], [rt[j][:30] for j in c.right])
        for c in comparison.changes
        if c.op is not ChangeOp.UNCHANGED
    ]
    joined = ["Initially, Docutils was intend", "Docutils does not come in a th"]
    merged = ["Initially, Docutils was intend"]
    if flip:
        assert changed == [(ChangeOp.SPLIT, merged, joined)]
    else:
        assert changed == [(ChangeOp.MERGED, joined, merged)]


def test_a_repeated_sentence_the_pair_already_holds_is_still_removed(tmp_path: Path) -> None:
    """The guard of session 26's rule: a piece found inside the other clause joins only with words the pair
    had not matched yet. The Docutils paragraph's own last sentence, repeated as a paragraph of its own, is
    not in the new version twice: the copy is removed."""
    repeated = (
        "This document provides instructions to help you secure the Docutils software in your applications."
    )
    joined = (
        "Docutils does not come in a through-the-web secure state, because this\n"
        "would inconvenience ordinary users."
    )
    left = _SECURITY_OLD.replace(joined, repeated)
    right = left.replace("\n\n" + repeated, "").replace("instructions", "pointers", 1)
    comparison = _compare(tmp_path, left, right, ".rst")
    lt = {c.id: c.text for c in comparison.left.clauses}
    changed = [(c.op, [lt[i] for i in c.left]) for c in comparison.changes if c.op is not ChangeOp.UNCHANGED]
    assert (ChangeOp.REMOVED, [repeated]) in changed
