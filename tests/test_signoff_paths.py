"""The sign-off list's and the HTML report's shortcuts (issue 16, session 8, decision 0022), held to what
they stand for: left references found by stretches between headings (their sections named in C when the
headings are of one level, session 9), `shown_runs` in one pass, the summary's counts from the sign-off
rows and the orphan check by place.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from policydiff import parse
from policydiff.compare import compare
from policydiff.model import Clause, ClauseKind, Policy
from policydiff.renderers import html
from policydiff.renderers._redline import class_summary, class_summary_of
from policydiff.renderers._signoff import (
    _alnum,
    _positions,
    _short,
    _wanted_references,
    references,
    shown_runs,
    signoff_list,
)

from .conftest import CORPUS

_CLAUSE = st.tuples(
    st.sampled_from(list(ClauseKind)),
    st.sampled_from([None, None, None, None, "", "a)", "1.", "1.2"]),
    st.integers(0, 3),
    st.sampled_from(["Rules", "Rules", "Scope", " ", "A › B", "Opening", ""]),
)


@given(st.lists(_CLAUSE, max_size=40), st.data())
def test_wanted_references_are_those_of_the_walk(
    specs: list[tuple[ClauseKind, str | None, int, str]], data: st.DataObject
) -> None:
    clauses = tuple(
        Clause(f"c{n % 30}", kind, text, text, level=level, label=label)
        for n, (kind, label, level, text) in enumerate(specs)
    )
    policy = Policy("x.txt", "", "text", None, None, (), clauses)
    ids = sorted({c.id for c in clauses})
    wanted = set(data.draw(st.lists(st.sampled_from(ids), unique=True))) if ids else set()
    found = _wanted_references(clauses, wanted, _positions(clauses))
    expected = references(policy, wanted)
    assert {k: v for k, v in found.items() if k in wanted} == {
        k: v for k, v in expected.items() if k in wanted
    }


@given(
    st.lists(
        st.tuples(st.sampled_from(list(ClauseKind)), st.sampled_from(["Rules", "Scope", " A ", ""])),
        max_size=60,
    ),
    st.sampled_from([(1,), (2,), (0, 1, 2)]),
    st.data(),
)
def test_wanted_references_without_labels(
    specs: list[tuple[ClauseKind, str]], levels: tuple[int, ...], data: st.DataObject
) -> None:
    """No list label (the stretches between headings, session 8), headings of one level (their sections
    named in C, session 9) or several."""
    clauses = tuple(
        Clause(f"c{n % 45}", kind, text, text, level=data.draw(st.sampled_from(levels)))
        for n, (kind, text) in enumerate(specs)
    )
    policy = Policy("x.txt", "", "text", None, None, (), clauses)
    ids = sorted({c.id for c in clauses})
    wanted = set(data.draw(st.lists(st.sampled_from(ids), unique=True))) if ids else set()
    found = _wanted_references(clauses, wanted, _positions(clauses))
    expected = references(policy, wanted)
    assert {k: v for k, v in found.items() if k in wanted} == {
        k: v for k, v in expected.items() if k in wanted
    }


def test_wanted_references_of_corpus_documents() -> None:
    for path in sorted(CORPUS.glob("*/*.txt")) + sorted(CORPUS.glob("*/*.md")):
        policy = parse(path)
        ids = {c.id for c in policy.clauses}
        found = _wanted_references(policy.clauses, ids, _positions(policy.clauses))
        assert {k: found[k] for k in ids} == references(policy), path


def _shown_runs_as_written(
    runs: list[tuple[str, str]], count: int = 2, words: int = 6
) -> list[tuple[str, str]]:
    wordy = [r for r in runs if _alnum(r[0]) or _alnum(r[1])]
    wordy += [r for r in runs if not (_alnum(r[0]) or _alnum(r[1]))]
    return [(_short(a, words), _short(b, words)) for a, b in wordy[:count]]


_RUN_TEXT = st.lists(
    st.sampled_from(["a", "1", " ", ".", "_", "\t", "é", "—", "\u2003", "x y z w v u t s"]), max_size=6
).map("".join)


@given(st.lists(st.tuples(_RUN_TEXT, _RUN_TEXT), max_size=6), st.integers(-2, 4), st.integers(0, 7))
def test_shown_runs_in_one_pass(runs: list[tuple[str, str]], count: int, words: int) -> None:
    assert shown_runs(runs, count, words) == _shown_runs_as_written(runs, count, words)


@given(_RUN_TEXT, st.integers(0, 7))
def test_short(text: str, limit: int) -> None:
    cut = text.split(None, limit)
    assert _short(text, limit) == " ".join(cut[:limit]) + (" …" if len(cut) > limit else "")


def test_summary_counts_from_the_rows_and_orphans_by_place() -> None:
    pairs = [
        ("jpac/social-media-policy.txt", "kidspace/social-media-policy.txt"),
        ("kidspace/social-media-policy.md", "jpac/social-media-policy.md"),
        ("jpac/social-media-policy.docx", "kidspace/social-media-policy.docx"),
    ]
    for left, right in pairs:
        comparison = compare(CORPUS / left, CORPUS / right)
        signoff = signoff_list(comparison)
        assert html._kind_counts(comparison, signoff) == comparison.stats()
        assert class_summary_of(row.change for row in signoff.rows) == class_summary(comparison)
        tally = html._Tally()
        list(html._changes(comparison, tally, signoff))
        assert tally.placed
        assert html._orphans(comparison) == []
