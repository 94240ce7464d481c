"""The change classes' patterns run on a lower-cased window find what they find ignoring case."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from policydiff import classes
from policydiff.classes import _fold

_WORDS = (
    "Staff MUST May may not No. 5 no one Never DSL Designated Safeguarding Lead Area Manager HEAD TEACHER "
    "within 5 working days £250 15% 10K 9AM twice a Term 1st of JANUARY, 2024 March 2025 Section 4.2 "
    "APPENDIX B www.Example.org/A/ Info@Example.ORG Version 1.4 01632 960 202 whether or NOT"
).split()
_ODD = ["İ", "ı", "ſ", "K", "É", "é", "Σ", "σ", "’", "–", "ß", "ǅ", "Ⅳ", "ﬁ"]


@given(
    words=st.lists(st.sampled_from(_WORDS + _ODD), min_size=1, max_size=24),
    seps=st.lists(st.sampled_from([" ", " ", "\n", ", ", ". ", "-", ""]), min_size=24, max_size=24),
)
@settings(max_examples=400, deadline=None)
def test_folded_window_finds_what_ignoring_case_finds(words: list[str], seps: list[str]) -> None:
    text = "".join(w + s for w, s in zip(words, seps, strict=False))
    low = _fold(text)
    if low is None:
        return  # the patterns then run on the text itself, ignoring case
    assert len(low) == len(text)
    for extract in (*classes._EXTRACT.values(), classes._not_amounts):
        assert extract(text, low) == extract(text, None), (extract.__name__, text)
    assert classes._numbers(text, low) == classes._numbers(text, None), text


def test_fold_declines_the_characters_ignoring_case_treats_otherwise() -> None:
    assert _fold("Staff MAY £5 ’é") == "staff may £5 ’é"
    for odd in ("İ", "ı", "ſ", "É"):
        assert _fold(f"Staff may {odd}") is None
    text = "The DİRECTOR may not; the ſchool must"
    assert classes.negations(text) == classes._negations(text, None)
    assert classes.modalities(text) == classes._modalities(text, None)


def _windows_cut(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The windows as `classes._windows` cut them before it took a text-wide window at once."""
    windows: list[tuple[int, int]] = []
    n = len(text)
    for a, b in sorted(spans):
        a, b = max(0, a - 80), min(n, b + 80)
        a = max(text.rfind(" ", 0, a + 1), text.rfind("\n", 0, a + 1), 0)
        space, newline = text.find(" ", b), text.find("\n", b)
        b = (space if newline < 0 or 0 <= space < newline else newline) if space >= 0 or newline >= 0 else n
        if windows and a <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(windows[-1][1], b))
        else:
            windows.append((a, b))
    return windows


@given(
    words=st.lists(st.sampled_from(["a", "staff", "must", "\n", "  ", "x" * 30]), max_size=40),
    cuts=st.lists(st.integers(0, 2000), min_size=1, max_size=8),
)
@settings(max_examples=400, deadline=None)
def test_windows_whole_text_at_once(words: list[str], cuts: list[int]) -> None:
    """A span reaching within `_MARGIN` of both ends makes the one window the whole text, as cut before."""
    from policydiff.classes import _windows

    text = " ".join(words)
    points = sorted(c % (len(text) + 1) for c in cuts)
    spans = list(zip(points[::2], points[1::2], strict=False)) or [(points[0], points[0])]
    assert _windows(text, spans) == _windows_cut(text, spans), (text, spans)


def test_a_modal_spelled_with_a_long_s_is_the_modal_not_an_internal_error() -> None:
    """ "muſt" and "iſ required to" match the modal patterns ignoring case (ſ folds to s): the strength is
    the lexicon's word's, found by case folding; before, the lower-cased spelling was looked up and a
    hostile document made `policydiff compare` exit 70 (KeyError)."""
    from policydiff.classes import modalities

    assert [(m.text, m.value) for m in modalities("Staff muſt report")] == [
        (m.text.replace("s", "ſ"), m.value) for m in modalities("Staff must report")
    ]
    assert [m.value for m in modalities("Iſ Required To act")] == [
        m.value for m in modalities("is required to act")
    ]
