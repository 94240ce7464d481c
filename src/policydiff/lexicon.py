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


# --- Change classes (classes.py): the vocabulary of obligations, negations, numbers, dates and roles ---

MODAL_STRENGTH: dict[str, int] = {
    "may": 1,
    "can": 1,
    "could": 1,
    "might": 1,
    "is permitted to": 1,
    "are permitted to": 1,
    "is allowed to": 1,
    "are allowed to": 1,
    "is able to": 1,
    "are able to": 1,
    "reserve the right to": 1,  # terms of service: "We reserve the right to remove …" (session 19)
    "reserves the right to": 1,
    "should": 2,
    "ought to": 2,
    "is encouraged to": 2,
    "are encouraged to": 2,
    "is advised to": 2,
    "are advised to": 2,
    "is recommended to": 2,
    "are recommended to": 2,
    "is expected to": 3,
    "are expected to": 3,
    "will": 3,
    "shall": 3,
    "must": 3,
    "is required to": 3,
    "are required to": 3,
    "is obliged to": 3,
    "are obliged to": 3,
    "is obligated to": 3,
    "are obligated to": 3,
    "has to": 3,
    "have to": 3,
    "need to": 3,
    "needs to": 3,
}
"""Obligation words and their strength: 1 permission, 2 recommendation, 3 obligation."""

MODALS: frozenset[str] = frozenset(
    {"may", "must", "will", "shall", "should", "can", "could", "would", "might", "ought", "need"}
)
"""Single modal verbs: never an organisation slot."""

NEGATIONS: tuple[str, ...] = (
    "under no circumstances",
    "no longer",
    "not",
    "cannot",
    "never",
    "no",
    "none",
    "nobody",
    "nothing",
    "neither",
    "nor",
    "prohibited",
    "forbidden",
    "banned",
)
"""Negations, longest first (`n't` is matched apart)."""

NUMBER_WORDS: dict[str, float] = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "hundred": 100,
    "thousand": 1000,
    "half": 0.5,
    "dozen": 12,
    "single": 1,
    "double": 2,
    "once": 1,
    "twice": 2,
    "annually": 1,
    "yearly": 1,
    "monthly": 1,
    "weekly": 1,
    "daily": 1,
    "termly": 1,
}
"""Number words and their values (frequency adverbs count once per their period)."""

FREQUENCY_PERIOD: dict[str, str] = {
    "annually": "year",
    "yearly": "year",
    "monthly": "month",
    "weekly": "week",
    "daily": "day",
    "termly": "term",
}
"""Frequency adverbs: `annually` is once a year."""

MONTHS: dict[str, int] = {
    name: k + 1
    for k, name in enumerate(
        "january february march april may june july august september october november december".split()
    )
}
MONTHS.update({name[:3]: k for name, k in list(MONTHS.items())} | {"sept": 9})

ROLES: tuple[str, ...] = (
    "deputy designated safeguarding lead",
    "designated safeguarding lead",
    "designated safeguarding officer",
    "designated person",
    "safeguarding lead",
    "nominated individual",
    "registered person",
    "registered manager",
    "deputy manager",
    "assistant manager",
    "nursery manager",
    "setting manager",
    "office manager",
    "business manager",
    "line manager",
    "manager",
    "headteacher",
    "head teacher",
    "deputy head",
    "head of centre",
    "principal",
    "proprietor",
    "owner",
    "director",
    "chief executive",
    "chair of governors",
    "chair of trustees",
    "chair",
    "governing body",
    "governors",
    "board of trustees",
    "board of directors",
    "trustees",
    "trustee",
    "management committee",
    "committee",
    "senior leadership team",
    "leadership team",
    "room leader",
    "team leader",
    "playleader",
    "play leader",
    "supervisor",
    "key person",
    "keyworker",
    "key worker",
    "practitioner",
    "class teacher",
    "teacher",
    "data protection officer",
    "first aider",
    "special educational needs coordinator",
    "senco",
    "dsl",
    "ddsl",
    "dpo",
    "lado",
    "local authority designated officer",
    "ofsted",
    "police",
    "local authority",
    "children's social care",
    "social worker",
    "administrator",
    "bursar",
    "finance officer",
    "hr",
    "human resources",
)
"""Job titles and bodies that hold a responsibility, longest first where one contains another."""

ROLE_SYNONYMS: dict[str, str] = {
    "dsl": "designated safeguarding lead",
    "ddsl": "deputy designated safeguarding lead",
    "dpo": "data protection officer",
    "lado": "local authority designated officer",
    "senco": "special educational needs coordinator",
    "head teacher": "headteacher",
    "key worker": "key person",
    "keyworker": "key person",
    "play leader": "playleader",
    "hr": "human resources",
}
"""Abbreviations and spellings of one role: a change between them is no change of role."""

ROLE_WORDS: frozenset[str] = frozenset(
    """
    manager lead leader officer director staff parent parents carer carers child children designated
    safeguarding trustee trustees chair head supervisor coordinator deputy owner volunteer volunteers employee
    employees governor governors committee board ceo practitioner teacher dsl senco
    """.split()
)
"""Words that name someone responsible or addressed: a phrase holding one is never an organisation slot."""

MONTH_NAMES: frozenset[str] = frozenset(
    name for name in MONTHS if len(name) > 4 or name in {"may", "june", "july"}
)
"""The months' full names."""

CROSS_REFERENCES: tuple[str, ...] = (
    "section",
    "paragraph",
    "clause",
    "appendix",
    "annex",
    "part",
    "page",
    "schedule",
)
"""Nouns that introduce a cross-reference ("see section 4.2")."""
