"""Both sides of a merge wrote the same clause and the merge keeps it once (session 23).

Found on this project's own history: two branches each added the heading "Changed (session 18)" to
CHANGELOG.md, and the merge that joined them kept one. The branch's lineage was ended as `removed` at
the merge, though its words stand in the merge and at HEAD — a phantom removal in the clause's timeline.
It is `merged` into the lineage that holds those words now (decision 0010). Each case is a real
repository built with the git CLI; `git blame` stays the oracle for blame."""

from __future__ import annotations

from pathlib import Path

import pytest

from policydiff.history import history
from policydiff.model import ChangeOp, Lineage, LineageClause

from .test_history_merges import Repo
from .test_history_shapes import blame_is_gits, body, put, rules, versions

SIX = "The garden gate is locked whenever children are outside."
SEVEN = "Fire drills are held every month and recorded in the log."
OTHER = "Visitors sign the visitors book at the front desk."


MAIN = [*rules()[:2], OTHER, *rules()[2:], SIX]


def lineages(lineage: Lineage, text: str) -> list[LineageClause]:
    return [c for c in lineage.clauses if c.text == text]


def both_add_six(r: Repo, merged: list[str] | None) -> tuple[str, str, str]:
    """A; the branch adds SEVEN first and SIX last; main adds OTHER in the middle and SIX last; merged
    cleanly (git takes the same addition once) or resolved as `merged`. Return main's commit, the
    branch's and the merge."""
    put(r, "A", {"policy.txt": body(rules())})
    r("checkout", "-q", "-b", "side")
    s = put(r, "S: drills and the gate", {"policy.txt": body([SEVEN, *rules(), SIX])})
    r("checkout", "-q", "main")
    b = put(r, "B: the desk and the gate", {"policy.txt": body(MAIN)})
    r.day += 1
    if merged is None:
        r("merge", "-q", "--no-ff", "--no-edit", "-m", "M: merge side", "side")
        m = r("rev-parse", "HEAD").strip()
    else:
        r("merge", "-q", "--no-ff", "--no-commit", "side")
        m = put(r, "M: resolved", {"policy.txt": body(merged)})
    return b, s, m


def test_a_clause_both_sides_added_and_the_merge_kept_once_is_merged_not_removed(tmp_path: Path) -> None:
    r = Repo(tmp_path / "repo")
    b, s, m = both_add_six(r, None)
    assert (r.where / "policy.txt").read_text(encoding="utf-8") == body([SEVEN, *MAIN])
    lineage = history("policy.txt", repo=r.where)
    six = lineages(lineage, SIX)
    kept = [c for c in six if c.removed is None]
    ended = [c for c in six if c.removed is not None]
    assert [c.introduced for c in kept] == [b]  # main's, as git blame credits the line
    assert [(c.introduced, c.removed) for c in ended] == [(s, m)]
    last = ended[0].events[-1]
    assert (last.commit, last.op, last.into) == (m, ChangeOp.MERGED, (kept[0].id,))
    assert not [e for c in lineage.clauses for e in c.events if e.op is ChangeOp.REMOVED]
    assert m in versions(lineage)
    blame_is_gits(r, "policy.txt")


def test_a_merge_that_took_one_sides_file_whole_merges_the_clause_both_sides_had(tmp_path: Path) -> None:
    # The merge keeps main's file whole: the branch's SEVEN is removed (its words are nowhere), its SIX
    # is merged into main's (its words stand).
    r = Repo(tmp_path / "repo")
    _, s, m = both_add_six(r, MAIN)
    lineage = history("policy.txt", repo=r.where)
    (seven,) = lineages(lineage, SEVEN)
    assert (seven.removed, seven.events[-1].op) == (m, ChangeOp.REMOVED)
    ended = [c for c in lineages(lineage, SIX) if c.removed is not None]
    assert [(c.introduced, c.removed, c.events[-1].op) for c in ended] == [(s, m, ChangeOp.MERGED)]
    blame_is_gits(r, "policy.txt")


def test_a_clause_the_merge_drops_is_still_removed(tmp_path: Path) -> None:
    # The resolution keeps neither side's SIX: both lineages end removed (main's at the merge too).
    r = Repo(tmp_path / "repo")
    _, _, m = both_add_six(r, [SEVEN, *MAIN[:-1]])
    lineage = history("policy.txt", repo=r.where)
    six = lineages(lineage, SIX)
    assert len(six) == 2
    assert {(c.removed, c.events[-1].op) for c in six} == {(m, ChangeOp.REMOVED)}


LONG = "Visitors sign the book at the front desk and wear a lanyard with their name at all times on site."
PARTS = [
    "Visitors sign the book at the front desk and.",
    "Wear a lanyard with their name at all times on site.",
]
TWO = "Staff check the register against the children present every half hour."
FOUR = "Accidents are recorded in the accident book before the end of the day."


def test_a_merge_that_takes_back_a_sides_whole_clause_joins_the_split_part_into_it(tmp_path: Path) -> None:
    # Main split rule 5 in two (and reworded rule 4); the branch reworded rule 2 and kept rule 5 whole;
    # the resolution keeps main's rule 4, the branch's rule 2 and the branch's whole rule 5 (every line is
    # a parent's: git lists no change at the merge). Main's split-off part ends at the merge `merged` into
    # rule 5's lineage, naming the clause it went into, as a join made by a commit says it; it said
    # neither (plain-text generator seeds 65, 85, 88, 91: decision 0010, session 24).
    r = Repo(tmp_path / "repo")
    put(r, "A", {"policy.txt": body(rules(r5=LONG))})
    r("checkout", "-q", "-b", "side")
    s = put(r, "S: every half hour", {"policy.txt": body(rules(r2=TWO, r5=LONG))})
    r("checkout", "-q", "main")
    b = put(r, "B: rule 5 in two", {"policy.txt": body([*rules(r4=FOUR)[:4], *PARTS])})
    r.day += 1
    r("merge", "-q", "--no-ff", "--no-commit", "side")
    m = put(r, "M: rule 5 whole", {"policy.txt": body(rules(r2=TWO, r4=FOUR, r5=LONG))})
    lineage = history("policy.txt", repo=r.where)
    (five,) = lineages(lineage, LONG)
    (part,) = [c for c in lineage.clauses if c.introduced == b and c.text == PARTS[1]]
    assert part.removed == m
    last = part.events[-1]
    assert (last.commit, last.op, last.clause, last.into) == (m, ChangeOp.MERGED, "c6", (five.id,))
    assert set(last.from_) == {five.id, part.id}
    assert five.removed is None
    assert s in versions(lineage) and m in versions(lineage)
    blame_is_gits(r, "policy.txt")


LANYARD = "Visitors sign the visitors book and wear a visitor lanyard at all times on site."
ONE = "Children are signed in by a parent or carer at the front door and signed out again."


@pytest.mark.parametrize("first", [False, True], ids=["in-place", "moved-up"])
def test_a_merge_keeps_the_branchs_own_clause_not_a_rewording_of_the_one_it_removed(
    tmp_path: Path, first: bool
) -> None:
    # The branch adds a clause like rule 5 (at the end, or after rule 2), then removes rule 5; main rewords
    # rule 1; git merges cleanly. The first parent's alignment pairs main's rule 5 with the branch's clause
    # (a rewording, or a move with new words), but the branch holds that clause word for word under its own
    # lineage, which main lacks: it is that lineage (introduced where `git log -S` finds it), and rule 5 was
    # removed on the branch. It read as rule 5 reworded (moved) by the merge, introduced in A, and the
    # branch's lineage merged into it (plain-text generator seeds 102 and 125: decision 0010, session 24).
    r = Repo(tmp_path / "repo")
    a = put(r, "A", {"policy.txt": body(rules())})
    r("checkout", "-q", "-b", "side")
    both = [*rules()[:2], LANYARD, *rules()[2:]] if first else [*rules(), LANYARD]
    added = put(r, "S1: the lanyard", {"policy.txt": body(both)})
    gone = put(r, "S2: rule 5 goes", {"policy.txt": body([c for c in both if c != rules()[4]])})
    r("checkout", "-q", "main")
    put(r, "B: rule 1", {"policy.txt": body(rules(r1=ONE))})
    r.day += 1
    r("merge", "-q", "--no-ff", "--no-edit", "-m", "M: merge side", "side")
    m = r("rev-parse", "HEAD").strip()
    kept = [ONE, *rules()[1:4]]
    merged = [*kept[:2], LANYARD, *kept[2:]] if first else [*kept, LANYARD]
    assert (r.where / "policy.txt").read_text(encoding="utf-8") == body(merged)
    lineage = history("policy.txt", repo=r.where)
    (lanyard,) = lineages(lineage, LANYARD)
    assert (lanyard.introduced, lanyard.removed) == (added, None)
    assert [e.commit for e in lanyard.events] == [added]
    (five,) = [c for c in lineage.clauses if c.introduced == a and c.removed is not None]
    assert (five.text, five.removed) == (rules()[4], gone)
    assert m not in versions(lineage)  # a clean merge: it changed nothing of its own
    blame_is_gits(r, "policy.txt")
