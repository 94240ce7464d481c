"""`policydiff._lazy.compile_later`: a pattern that compiles on first use and then answers exactly as
`re.compile` would (the oracle), so module constants can be made lazy without touching their users."""

from __future__ import annotations

import re

import pytest

from policydiff._lazy import LazyPattern, compile_later

_TEXT = "Reviewed: 3 May 2024. Next review: 3 MAY 2025; see www.example.org/a."


@pytest.mark.parametrize(
    ("pattern", "flags"),
    [
        (r"\d+\s+(may|june)\s+(\d{4})", re.IGNORECASE),
        (r"(?P<key>[A-Z][a-z]+):", 0),
        (r"www\.\S+[^.]", 0),
        (r"nothing here", 0),
    ],
)
def test_a_lazy_pattern_answers_as_the_compiled_one(pattern: str, flags: int) -> None:
    lazy, real = compile_later(pattern, flags), re.compile(pattern, flags)
    assert isinstance(lazy, LazyPattern)
    assert "_compiled" not in vars(lazy)  # nothing compiled before first use
    assert lazy.findall(_TEXT) == real.findall(_TEXT)
    assert "_compiled" in vars(lazy)
    assert [m.span() for m in lazy.finditer(_TEXT)] == [m.span() for m in real.finditer(_TEXT)]
    assert lazy.sub("<>", _TEXT) == real.sub("<>", _TEXT)
    assert lazy.split(_TEXT) == real.split(_TEXT)
    assert (lazy.search(_TEXT) is None) == (real.search(_TEXT) is None)
    assert lazy.pattern == pattern and lazy.flags == real.flags and lazy.groups == real.groups


def test_a_bytes_pattern_and_a_bad_pattern() -> None:
    assert compile_later(rb"[\xc2-\xdf][\x80-\xbf]").search("é".encode()) is not None
    bad = compile_later(r"(unclosed")  # the error comes where the pattern is first used
    with pytest.raises(re.error):
        bad.search("x")


def test_the_readers_patterns_still_read_a_text_file() -> None:
    """The plain-text reader's and segmentation's constants are lazy: parsing still finds headings,
    numbered and bulleted items as before (the full reader tests pin the details)."""
    import policydiff

    text = "Data policy\n===========\n\n1. Scope\n\n- We keep records.\n- We delete them.\n"
    policy = policydiff.parse_bytes(text.encode(), "policy.txt")
    kinds = [(clause.kind.value, clause.text) for clause in policy.clauses]
    assert ("title", "Data policy") in kinds or ("heading", "Data policy") in kinds
    assert ("list_item", "We keep records.") in kinds
