"""Word lists the stages share, in one place: the common words that are never evidence for a pair."""

from __future__ import annotations

COMMON_WORDS: frozenset[str] = frozenset(
    """
    a about above after again against all also am an and any are as at be because been before being below
    between both but by can cannot could did do does doing down during each either etc even ever every few for
    from further had has have having he her here hers herself him himself his how however i ie if in into is
    it its itself just may me might more most must my myself no nor not now of off on once only or other
    our ours ourselves out over own per same shall she should so some such than that the their theirs them
    themselves then there these they this those through thus to too under until up upon us very via was we
    were what when where whether which while who whom whose why will with within without would yet you your
    yours yourself yourselves eg i.e e.g
    """.split()
)
"""Function words, modal verbs and pronouns: two clauses sharing only these share no evidence."""


def is_distinctive(word: str) -> bool:
    """Return whether a lower-cased word can be evidence that two clauses are one (not a common word)."""
    return len(word) >= 3 and word not in COMMON_WORDS and not word.isdigit()
