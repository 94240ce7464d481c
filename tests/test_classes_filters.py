"""The change classes' cheap tests before a pattern runs never change the classes a pair gets."""

from __future__ import annotations

import itertools
import re
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policydiff import classes, inline
from policydiff.lexicon import MODAL_STRENGTH
from policydiff.model import ChangeClass, Edit

_WORDS = (
    "staff must may should can could might will shall ought need has have is are to permitted allowed able "
    "required expected recommended advised obliged report the a of and within 5 days not no never nobody "
    "nothing none nor cannot don't can’t mustn't under circumstances longer one someone phone whether or if "
    "May June 2024 manager Area Manager designated safeguarding lead twice per week £250 section 4.2 "
    "MUST Should NOT muſt ſhould nothıng İs wılL Kan"
).split()


def _pair(words: list[str], changes: list[tuple[int, str]], seps: list[str]) -> tuple[str, str]:
    """Return the words joined, and joined again after each change: a word deleted (""), inserted (odd
    place) or replaced (even place)."""
    right = list(words)
    for at, word in changes:
        at %= len(right) + 1
        if not word:
            del right[at : at + 1]
        elif at % 2 or at == len(right):
            right.insert(at, word)
        else:
            right[at] = word

    def join(ws: list[str]) -> str:
        return "".join(w + s for w, s in zip(ws, seps, strict=False)).strip()

    return join(words), join(right)


@given(
    words=st.lists(st.sampled_from(_WORDS), min_size=1, max_size=24),
    changes=st.lists(st.tuples(st.integers(0, 30), st.sampled_from([*_WORDS, ""])), min_size=1, max_size=4),
    seps=st.lists(st.sampled_from([" ", " ", " ", "\n", ", ", ". ", " - "]), min_size=30, max_size=30),
)
@settings(max_examples=1000, deadline=None)
def test_filters_never_change_the_classes(
    words: list[str], changes: list[tuple[int, str]], seps: list[str]
) -> None:
    """The classes of a pair are those found with the pattern runs that the obligation strengths near a hunk
    (`_strengths_differ`) and the changed words' negations (`_negating`) leave out: those runs could not
    make a class."""
    left, right = _pair(words, changes, seps)
    edits = inline.diff(left, right).edits
    got = classes.classify(edits, left, right)
    assert _without_the_tests(edits, left, right) == got, (left, right)


def _without_the_tests(edits: tuple[Edit, ...], left: str, right: str) -> tuple[ChangeClass, ...]:
    with pytest.MonkeyPatch.context() as m:
        m.setattr(classes, "_strengths_differ", lambda near: True)
        m.setattr(classes, "_negating", lambda text, span: True)
        return classes.classify(edits, left, right)


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [
        # "muſt" is found ignoring case; its bits name no obligation word, only one of `_ODD_CHARS`
        ("Staff should should report.", "Staff should muſt report.", ["modality"]),
        ("Staff should report it.", "Staff should not report it.", ["negation"]),
        ("Staff must report it.", "Staff must always report it.", []),
        ("You may not go.", "You may go.", ["negation"]),
        ("No one may go.", "Anyone may go.", ["negation", "number"]),
        ("Staff will report nothing.", "Staff will report nothıng.", ["negation"]),
        ("Staff need to report it.", "Staff have to report it.", []),
        ("Staff are allowed to report it.", "Staff are required to report it.", ["modality"]),
        # after a hyphen "no one" is one negation, which the changed "one" holds
        ("Staff -no one may go.", "Staff -no may go.", ["negation"]),
    ],
)
def test_the_tests_keep_the_classes(left: str, right: str, expected: list[str]) -> None:
    edits = inline.diff(left, right).edits
    got = classes.classify(edits, left, right)
    assert [k.cls for k in got] == expected
    assert got == _without_the_tests(edits, left, right)


def test_odd_chars_are_every_character_ignoring_case_takes_for_an_ascii_letter() -> None:
    """`_ODD_CHARS` holds every character outside ASCII that `re.IGNORECASE` matches to an ASCII letter."""
    others = "".join(map(chr, range(128, sys.maxunicode + 1)))
    assert set(re.findall("[a-z]", others, re.IGNORECASE)) == classes._ODD_CHARS
    assert classes._word_classes("muſt") & classes._ODD
    assert not classes._word_classes("must") & classes._ODD


def test_each_obligation_word_has_one_strength() -> None:
    """An obligation word sets one strength's bit: the phrases holding it all have that strength."""
    strengths: dict[str, set[int]] = {}
    for phrase, strength in MODAL_STRENGTH.items():
        for word in phrase.split():
            if word not in {"is", "are", "to", "the", "right"}:  # (as `classes._TRIGGERS`)
                strengths.setdefault(word, set()).add(strength)
    assert all(len(s) == 1 for s in strengths.values()), strengths
    for word, (strength,) in strengths.items():
        assert classes._word_classes(word) & classes._MODALITY == classes._STRENGTH_BIT[strength]


@given(
    words=st.lists(st.sampled_from(_WORDS), min_size=1, max_size=16),
    seps=st.lists(st.sampled_from([" ", " ", "\n", ", ", ". ", "("]), min_size=16, max_size=16),
)
@settings(max_examples=300, deadline=None)
def test_a_touching_obligation_sets_its_own_strength_near(words: list[str], seps: list[str]) -> None:
    """An obligation that overlaps or touches a changed range of whole tokens has its strength's bit in the
    range's near bits (or a word near it holds one of `_ODD_CHARS`): the premise of `_strengths_differ`."""
    text = "".join(w + s for w, s in zip(words, seps, strict=False)).strip()
    bounds = [0]
    for token in inline.tokenize(text):
        bounds.append(bounds[-1] + len(token))
    for m in classes.modalities(text):
        near_bounds = [k for k in bounds if m.start - 2 <= k <= m.end + 2]
        spans = [(k, k) for k in near_bounds] + list(itertools.pairwise(near_bounds))
        for span in spans:
            shrunk = classes._shrink(text, span)
            if classes._touched([m], shrunk):
                near = classes._near_bits(text, shrunk)
                assert near & (classes._STRENGTH_BIT[int(str(m.value))] | classes._ODD), (text, shrunk, m)


@given(
    words=st.lists(st.sampled_from(_WORDS), min_size=1, max_size=16),
    seps=st.lists(st.sampled_from([" ", " ", "\n", ", ", ". ", "(", "-"]), min_size=16, max_size=16),
)
@settings(max_examples=300, deadline=None)
def test_a_changed_negation_holds_a_negating_word(words: list[str], seps: list[str]) -> None:
    """A negation that overlaps a changed range of whole tokens makes `_negating` true for the range (after
    a hyphen, "no one" is one negation, and "one" no negation word)."""
    text = "".join(w + s for w, s in zip(words, seps, strict=False)).strip()
    bounds = [0]
    for token in inline.tokenize(text):
        bounds.append(bounds[-1] + len(token))
    for m in classes.negations(text):
        near_bounds = [k for k in bounds if m.start - 2 <= k <= m.end + 2]
        for span in itertools.combinations(near_bounds, 2):
            shrunk = classes._shrink(text, span)
            if classes._changed(m, shrunk):
                assert classes._negating(text, shrunk), (text, shrunk, m)


def _near_by_distance(text: str, span: tuple[int, int]) -> int:
    """The near bits of `span` read plainly: each whitespace word before, inside and after the span with
    its distance from it, a word reaching the classes whose mentions hold that many words or more."""
    a, b = span
    before, inside, after = text[:a].split(), text[a:b].split(), text[b:].split()
    bits = 0
    for word in inside:
        bits |= classes._word_classes(word)
    for distance, word in [*enumerate(reversed(before), 1), *enumerate(after, 1)]:
        if distance <= classes._FAR:
            bits |= classes._word_classes(word) & sum(classes._REACHED[distance:])
    if not bits & classes._ROLE and after and after[0][:1].isupper():
        titled = after[: classes._AROUND]
        lower = next((k for k, w in enumerate(titled) if not w[:1].isupper()), len(titled))
        if (lower > classes._AROUND - 4 and len(titled) == classes._AROUND) or any(
            classes._word_classes(w) & classes._ROLE for w in titled[: lower + 4]
        ):
            bits |= classes._ROLE
    return bits


@given(
    words=st.lists(st.sampled_from([*_WORDS, "x" * 70, "Club", "Officer", "£5"]), min_size=0, max_size=40),
    seps=st.lists(
        st.sampled_from([" ", " ", "\n", "  ", ", ", "\t", "-" * 60 + " ", " " * 70]),
        min_size=40,
        max_size=40,
    ),
    cut=st.tuples(st.integers(0, 10_000), st.integers(0, 10_000)),
)
@settings(max_examples=500, deadline=None)
def test_near_bits_read_each_word_by_its_distance(
    words: list[str], seps: list[str], cut: tuple[int, int]
) -> None:
    """`_near_bits` reads the words around a span from short slices: the same bits as every word of the
    text taken with its distance from the span, long words and long runs of spaces included (the slices'
    edges may cut a word, or hold fewer than four)."""
    text = "".join(w + s for w, s in zip(words, seps, strict=False))
    a, b = sorted(k % (len(text) + 1) for k in cut)
    assert classes._near_bits(text, (a, b)) == _near_by_distance(text, (a, b)), (text, a, b)
