"""`segment._names`: the words naming a kind of document found by string methods in ASCII text, as the
patterns they stand for find them (their first-use compile is then not needed)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from policydiff import segment

_PIECES = st.sampled_from(
    [
        "Policy",
        "policies",
        "POLICY",
        "Policyholder",
        "procedure",
        "Procedures",
        "statement",
        "guidance",
        "Guidelines",
        "code of",
        "Code of Conduct",
        "code of  practice",
        "handbook",
        "plan",
        "planning",
        "charter",
        "protocol",
        "terms",
        "_policy",
        "policy_",
        "2policy",
        "Staff",
        "Supervision",
        "Pre-School",
        "é",
        "\u212a",
        "ſtatement",
    ]
)
_GLUE = st.sampled_from(["", " ", "-", "_", ".", "'", "\t", "1", "a", "é", "/"])
_TEXT = st.lists(st.tuples(_GLUE, _PIECES), max_size=5).map(lambda parts: "".join(a + b for a, b in parts))

_PATTERNS = [
    (segment._TITLE_WORDS, segment._TITLE_WORD),
    (segment._POLICY_TITLE_WORDS, segment._POLICY_TITLE_WORD),
    (segment._POLICY_WORDS, segment._POLICY_WORD),
]


@given(st.one_of(_TEXT, st.text(max_size=30)))
@settings(max_examples=1500, deadline=None)
def test_a_word_is_found_as_the_pattern_finds_it(text: str) -> None:
    for words, pattern in _PATTERNS:
        assert segment._names(text, words, pattern) == (pattern.search(text) is not None), (text, words)


def test_the_patterns_are_the_ones_segment_used_before() -> None:
    """The patterns as session 8 wrote them (alternatives spelt out): same answers on the pieces."""
    before = [
        re.compile(
            r"\b(?:policy|policies|procedures?|statement|guidance|guidelines|code of (?:conduct|practice)|"
            r"handbook|plan|charter|protocol|terms)\b",
            re.IGNORECASE,
        ),
        re.compile(r"\b(polic(y|ies)|procedures?|statement|code of|guidance)\b", re.I),
        re.compile(r"\bpolic(y|ies)\b", re.I),
    ]
    texts = [
        "Staff Conduct and Supervision Policy",
        "Code of Practice",
        "Policyholder",
        "The Plan",
        "procedures.",
        "A code of conduct",
        "terms and conditions",
        "Data Protection",
        "",
    ]
    for text in texts:
        for (words, pattern), old in zip(_PATTERNS, before, strict=True):
            assert segment._names(text, words, pattern) == (old.search(text) is not None), text
