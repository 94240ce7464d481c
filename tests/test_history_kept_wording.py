"""A merge that keeps one side's wording of a clause both sides worded differently (session 22, later).

`log --follow` drops a merge whose file equals its first parent's, yet may list the merged branch's
commits: the branch's rewording then stood as the clause's last word, though the merge (and HEAD) holds
the other wording. The lineage must end with the text the last version holds, and its last change must
be the one that made it (decision 0010). Each case is a real repository built with the git CLI; `git
blame` is the oracle for blame, which was right before and must stay so."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from policydiff.history import blame, history
from policydiff.model import Diagnostic, Lineage, LineageClause

from .test_history_merges import Repo
from .test_history_shapes import FIVE, blame_is_gits, body, put, rules, versions

SIX = "The garden gate is locked whenever children are outside."
SEVEN = "Fire drills are held every month and recorded in the log."
OTHER = "Visitors sign the visitors book at the front desk."
FIRST = rules()[4]  # rule 5 as A wrote it


def clause(lineage: Lineage, start: str = "Visitors") -> LineageClause:
    (found,) = [c for c in lineage.clauses if c.text.startswith(start) and c.removed is None]
    return found


def said(c: LineageClause) -> str | None:
    """The text the lineage's last event with a text recorded."""
    return next((e.text for e in reversed(c.events) if e.text is not None), None)


def settled(r: Repo, lineage: Lineage) -> None:
    """Assert that every present lineage ends with HEAD's text, and that its last change says so."""
    head = (r.where / "policy.txt").read_text(encoding="utf-8")
    for c in lineage.clauses:
        if c.removed is None:
            assert c.text in head
            assert said(c) == c.text, c.id


def fork(r: Repo, main: list[str], **branches: list[str]) -> tuple[str, list[str]]:
    """Commit A (RULES), one commit on each branch off A, then main's; return main's and the branches'."""
    put(r, "A", {"policy.txt": body(rules())})
    made = []
    for name, text in branches.items():
        r("checkout", "-q", "-b", name, "main")
        made.append(put(r, f"{name}: the branch", {"policy.txt": body(text)}))
    r("checkout", "-q", "main")
    return put(r, "B: main", {"policy.txt": body(main)}), made


def conflicted(r: Repo, main: list[str], side: list[str], kept: list[str]) -> tuple[str, str, str]:
    """A from RULES; the branch writes `side`, main writes `main`; the merge is resolved as `kept`."""
    b, (s,) = fork(r, main, side=side)
    r.day += 1
    r("merge", "-q", "--no-ff", "--no-commit", "side")
    merge = put(r, "M: resolved", {"policy.txt": body(kept)})
    return b, s, merge


def test_a_merge_that_kept_mains_file_over_the_branchs_rewording_ends_the_lineage_with_mains_text(
    tmp_path: Path,
) -> None:
    # The branch rewords rule 5, main adds rule 6, the merge keeps main's file: `log --follow` lists the
    # branch's commit but not the merge. The lineage said the branch's wording, with no event at the merge.
    r = Repo(tmp_path / "repo")
    main = [*rules(), SIX]
    _, s, merge = conflicted(r, main, rules(r5=FIVE), main)
    lineage = history("policy.txt", repo=r.where)
    five = clause(lineage)
    assert five.text == FIRST
    assert [(e.commit, e.op.value, e.text) for e in five.events[-2:]] == [
        (s, "reworded", FIVE),
        (merge, "reworded", FIRST),
    ]
    assert merge in versions(lineage)  # (a resolution that discards a side's change is a version)
    settled(r, lineage)
    blame_is_gits(r, "policy.txt")


def test_a_merge_that_kept_the_branchs_wording_over_mains_ends_the_lineage_with_the_branchs_text(
    tmp_path: Path,
) -> None:
    r = Repo(tmp_path / "repo")
    side = [*rules(), SIX]
    b, _, merge = conflicted(r, rules(r5=FIVE), side, side)
    lineage = history("policy.txt", repo=r.where)
    five = clause(lineage)
    assert five.text == FIRST
    assert any(e.commit == b and e.text == FIVE for e in five.events)
    assert five.events[-1].commit == merge
    settled(r, lineage)
    blame_is_gits(r, "policy.txt")


@pytest.mark.parametrize("keep", ["main", "side"])
def test_two_rewordings_of_one_clause_end_with_the_one_the_merge_kept(tmp_path: Path, keep: str) -> None:
    r = Repo(tmp_path / "repo")
    main, side = rules(r5=FIVE), rules(r5=OTHER)
    kept = main if keep == "main" else side
    conflicted(r, main, side, kept)
    lineage = history("policy.txt", repo=r.where)
    assert clause(lineage).text == kept[4]
    settled(r, lineage)
    blame_is_gits(r, "policy.txt")


def test_a_clean_merge_takes_the_branchs_rewording_with_no_event_of_its_own(tmp_path: Path) -> None:
    r = Repo(tmp_path / "repo")
    _, (s,) = fork(r, rules(r1="Children are signed in by a parent at the door."), side=rules(r5=FIVE))
    r.day += 1
    r("merge", "-q", "--no-ff", "--no-edit", "side")
    merge = r("rev-parse", "HEAD").strip()
    lineage = history("policy.txt", repo=r.where)
    five = clause(lineage)
    assert (five.text, five.events[-1].commit) == (FIVE, s)
    assert all(e.commit != merge for c in lineage.clauses for e in c.events)
    assert merge not in versions(lineage)
    settled(r, lineage)
    blame_is_gits(r, "policy.txt")


def test_an_octopus_merge_that_discards_one_branchs_rewording_records_the_change_back(tmp_path: Path) -> None:
    r = Repo(tmp_path / "repo")
    fork(r, [*rules(), SIX], one=rules(r5=FIVE), two=[*rules(), SEVEN])
    r.day += 1
    r("merge", "-q", "--no-commit", "one", "two")  # (an octopus: git stops on the conflict of rule 6/7)
    merge = put(r, "M: octopus", {"policy.txt": body([*rules(), SIX, SEVEN])})
    assert len(r("log", "-1", "--format=%P", merge).split()) == 3
    lineage = history("policy.txt", repo=r.where)
    five = clause(lineage)
    assert five.text == FIRST
    assert (five.events[-1].commit, five.events[-1].text) == (merge, FIRST)
    assert merge in versions(lineage)
    settled(r, lineage)
    blame_is_gits(r, "policy.txt")


def test_first_parent_history_of_a_discarded_rewording_is_unchanged(tmp_path: Path) -> None:
    # Along the first parents the branch is never seen: rule 5 never changed, the merge is no version.
    r = Repo(tmp_path / "repo")
    main = [*rules(), SIX]
    b, _, merge = conflicted(r, main, rules(r5=FIVE), main)
    lineage = history("policy.txt", repo=r.where, first_parent=True)
    five = clause(lineage)
    assert five.text == FIRST
    assert [e.op.value for e in five.events] == ["added"]
    assert merge not in versions(lineage)
    assert versions(lineage)[-1] == b


def test_a_history_whose_merge_lookups_stop_at_their_limit_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Two merges that each kept main's file over a branch's rewording; with the lookup limit at one, the
    # second is not followed, and the history and the blame must say so, not degrade quietly.
    module = importlib.import_module("policydiff.history")  # (the package's `history` is the function)

    r = Repo(tmp_path / "repo")
    main = [*rules(), SIX]
    conflicted(r, main, rules(r5=FIVE), main)
    r("checkout", "-q", "-b", "later", "main")
    put(r, "later: the branch", {"policy.txt": body([*rules(r3=OTHER), SIX])})
    r("checkout", "-q", "main")
    main2 = [*rules(), SIX, SEVEN]
    put(r, "C: main", {"policy.txt": body(main2)})
    r.day += 1
    r("merge", "-q", "--no-ff", "--no-commit", "later")
    put(r, "N: resolved", {"policy.txt": body(main2)})

    def budget(warnings: tuple[Diagnostic, ...]) -> list[str]:
        return [w.message for w in warnings if w.code == "history-budget"]

    assert budget(history("policy.txt", repo=r.where).warnings) == []
    monkeypatch.setattr(module, "_BRANCH_PASSES", 1)
    (said,) = budget(history("policy.txt", repo=r.where).warnings)
    assert "stopped after 1 merges that kept their first parent's file looked up" in said
    assert budget(blame("policy.txt", repo=r.where).warnings) == [said]
