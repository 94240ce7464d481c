"""History and blame on seeded generated histories, with git as the oracle, and the cases the generator found
(session 21; the generator and its oracles are `tests/history_generator.py`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from policydiff.history import blame, history

from .conftest import run_cli
from .history_generator import build, check
from .test_history_git_cases import FOUR
from .test_history_merges import RULES, Repo, _assert_blame_is_gits, _git_blame, _merge_as, text


@pytest.mark.parametrize(("seed", "markdown"), [(5, False), (101, True)])
def test_a_generated_history_agrees_with_git(tmp_path: Path, seed: int, markdown: bool) -> None:
    built = build(seed, tmp_path / "repo", markdown=markdown, actions=8)
    findings = check(built)
    assert [f for f in findings if f.known is None] == [], built.actions


def _wrote_nothing(r: Repo, merge: str, path: str = "policy.txt") -> bool:
    """Return whether every line of the merge's file is a line of one of its parents."""
    parents = r("log", "-1", "--format=%P", merge).split()
    held = {line for p in parents for line in r("show", f"{p}:{path}").splitlines()}
    return set(r("show", f"{merge}:{path}").splitlines()) <= held


def _versions(r: Repo, path: str = "policy.txt") -> list[str]:
    return [v.commit for v in history(path, repo=r.where).versions]


def test_a_merge_that_takes_back_two_clauses_the_main_line_joined_brings_them_in(tmp_path: Path) -> None:
    # main rewords rule 1 and joins rules 3 and 4 into one paragraph; a branch adds rule 6; the merge keeps
    # main's rule 1 and the branch's two paragraphs. Every line of the merge is a parent's and git blame
    # credits rule 4 to A. policydiff read a split made by the merge: rule 4 a new clause introduced there.
    r = Repo(tmp_path / "repo")
    a = r.commit("A", dict(RULES))
    r("checkout", "-q", "-b", "side")
    six = "The manager reviews this policy every year with the staff team."
    d = r.commit("D: yearly review", {**RULES, 6: six})
    r("checkout", "-q", "main")
    one = "Children are signed in by a named parent or carer at the front door."
    joined = {**RULES, 1: one, 3: f"{RULES[3]} {RULES[4]}"}
    joined.pop(4)
    r.commit("J: named carers; one paragraph for medicines and accidents", joined)
    m = _merge_as(r, "side", "M: keep the two paragraphs", {**RULES, 1: one, 6: six})
    assert _wrote_nothing(r, m)  # the oracle
    git = _git_blame(r)
    assert (git[RULES[4]], git[six]) == (a, d)
    result = _assert_blame_is_gits(r, git)
    assert result[RULES[4]].introduced is not None and result[RULES[4]].introduced.commit == a
    # The merge discarded main's join: rule 3's lineage, last recorded joined, holds its own words again at
    # the merge, which is therefore a version (session 22, later: a lineage ends with the text the last
    # version holds; no line is new, as for a resolution that drops a side's clause).
    (three,) = [c for c in history("policy.txt", repo=r.where).clauses if c.text == RULES[3]]
    assert (three.events[-1].commit, three.events[-1].text) == (m, RULES[3])
    assert m in _versions(r)


def test_a_merge_that_keeps_a_clause_the_main_line_removed_keeps_its_lineage(tmp_path: Path) -> None:
    # main removes rule 4 and rewords rule 5; a branch rewords rule 1; the merge keeps rule 4 as the branch
    # has it. git blame credits rule 4 to A and the merge wrote no line of its own; policydiff added rule 4
    # at the merge as a new clause ("restores the clause removed"), the merge a version.
    r = Repo(tmp_path / "repo")
    a = r.commit("A", dict(RULES))
    r("checkout", "-q", "-b", "side")
    one = "Children are signed in by a named parent or carer at the front door."
    r.commit("B: named carers", {**RULES, 1: one})
    r("checkout", "-q", "main")
    five = "Visitors sign the visitors book and show photo identification."
    dropped = {**RULES, 5: five}
    dropped.pop(4)
    r.commit("R: identification; accidents are in the first aid policy", dropped)
    m = _merge_as(r, "side", "M: keep the accident rule", {**RULES, 1: one, 5: five})
    assert _wrote_nothing(r, m)  # the oracle
    git = _git_blame(r)
    assert git[RULES[4]] == a
    result = _assert_blame_is_gits(r, git)
    assert result[RULES[4]].introduced is not None and result[RULES[4]].introduced.commit == a
    assert m not in _versions(r)
    (track,) = [c for c in history("policy.txt", repo=r.where).clauses if c.text == RULES[4]]
    assert track.removed is None and track.restored_from is None


def test_a_branch_off_a_copy_is_followed_under_the_copys_name_not_its_sources(tmp_path: Path) -> None:
    # The policy is copied to club.txt (the original kept); a branch rewords rule 3 of the copy; main
    # renames the copy to docs/club.txt; the merge is clean. policydiff looked for the branch's file
    # under the oldest name first, found the untouched original there, and credited the merge.
    r = Repo(tmp_path / "repo")
    a = r.commit("A", dict(RULES))
    r.commit("C: a copy for the holiday club", RULES, "club.txt")
    r("checkout", "-q", "-b", "side")
    three = "Medicines are kept in a locked cupboard in the staff room."
    b = r.commit("B: staff room", {**RULES, 3: three}, "club.txt")
    r("checkout", "-q", "main")
    (r.where / "docs").mkdir()
    r.day += 1
    r("mv", "club.txt", "docs/club.txt")
    r("commit", "-q", "-m", "R: move to docs/")
    m = r.merge("side", "M: merge side")
    follow = r("log", "--follow", "--format=%H", "--", "docs/club.txt").split()
    assert b in follow and m not in follow  # the oracle
    assert b in _versions(r, "docs/club.txt") and m not in _versions(r, "docs/club.txt")
    git = _git_blame(r, "docs/club.txt", "-C", "-C")  # (plain git blame credits a copy's every line to it)
    assert (git[three], git[RULES[1]]) == (b, a)
    result = {c.text: c for c in blame("docs/club.txt", repo=r.where).clauses}
    for line in (three, RULES[1]):
        assert result[line].last_changed is not None and result[line].last_changed.commit == git[line]


def test_a_path_that_was_a_folder_in_older_commits_has_the_files_history(tmp_path: Path) -> None:
    # `rules` was a folder of one note, then the folder went and a file `rules` took its name (no rename).
    # `git log --follow -- rules` lists the folder's commit too; history and blame of the file stopped with
    # "a tree, not a file" there (exit 2), though the file at HEAD has a history of its own.
    r = Repo(tmp_path / "repo")
    (r.where / "rules").mkdir()
    (r.where / "rules" / "a.txt").write_text("Notes\n\nThe hall is booked on Mondays.\n", encoding="utf-8")
    r("add", "rules")
    r("commit", "-q", "-m", "F: a folder of rules")
    folder = r("rev-parse", "HEAD").strip()
    r("rm", "-q", "-r", "rules")
    (r.where / "rules").write_text(text(RULES), encoding="utf-8")
    r("add", "rules")
    r.day += 1
    r("commit", "-q", "-m", "A: the rules as one file")
    a = r("rev-parse", "HEAD").strip()
    r.day += 1
    (r.where / "rules").write_text(
        text({**RULES, 4: "Accidents are recorded on the same day."}), encoding="utf-8"
    )
    r("commit", "-q", "-am", "B: same day")
    b = r("rev-parse", "HEAD").strip()
    assert r("log", "--follow", "--format=%H", "--", "rules").split() == [b, a, folder]  # the oracle
    lineage = history("rules", repo=r.where)
    assert [v.commit for v in lineage.versions] == [a, b]
    assert [(w.code, w.message) for w in lineage.warnings] == [
        ("not-a-file", f"a folder, not a file, at {folder[:12]}; skipped")
    ]
    git = _git_blame(r, "rules")
    assert _assert_blame_is_gits(r, git, "rules")[RULES[1]].last_changed.commit == a  # type: ignore[union-attr]
    out = run_cli("blame", "rules", "--repo", str(r.where))
    assert (
        out.returncode == 0
        and out.stderr == f"policydiff: warning: rules: a folder, not a file, at {folder[:12]}; skipped\n"
    )
    # The revision asked for must hold the file: one line, exit 2, as before.
    out = run_cli("blame", "rules", "--repo", str(r.where), "--rev", folder)
    assert (out.returncode, out.stdout) == (2, "")
    assert out.stderr == f"policydiff: error: rules: a folder, not a file, in {folder}\n"


def test_a_copy_deleted_while_its_source_stays_is_a_deletion_not_a_rename(tmp_path: Path) -> None:
    # The policy is copied to club.txt, the copy edited, the policy rewritten, the copy deleted, then
    # written again. `git log --follow` shows the deletion (D); policydiff read it as a rename back to
    # policy.txt, since the deleting commit holds the file under that name: the copy "became" the rewritten
    # policy there, and nothing was deleted.
    r = Repo(tmp_path / "repo")
    r.commit("A", dict(RULES))
    r.commit("C: a copy for the holiday club", RULES, "club.txt")
    three = "Medicines are kept in a locked cupboard in the staff room."
    d = r.commit("D: staff room", {**RULES, 3: three}, "club.txt")
    r.day += 1
    (r.where / "policy.txt").write_text(text({k: f"Rule {k} is under review this term." for k in RULES}))
    r("commit", "-q", "-am", "E: the policy under review")
    r.day += 1
    r("rm", "-q", "club.txt")
    r("commit", "-q", "-m", "X: no holiday club")
    x = r("rev-parse", "HEAD").strip()
    r.day += 1
    (r.where / "club.txt").write_text(text({**RULES, 3: three, 4: FOUR}), encoding="utf-8")
    r("add", "club.txt")
    r("commit", "-q", "-m", "Y: the club again")
    log = r("log", "--follow", "--format=%H", "--name-status", "--", "club.txt")
    assert f"{x}\n\nD\tclub.txt" in log  # the oracle: a deletion
    lineage = history("club.txt", repo=r.where)
    assert [w.message for w in lineage.warnings if w.code == "deleted"] == [f"deleted at {x[:12]}"]
    gone, again = [c for c in lineage.clauses if c.text == three]
    assert [(e.op.value, e.commit) for e in gone.events][-2:] == [("reworded", d), ("removed", x)]
    assert (again.removed, again.restored_from) == (None, gone.id)
    assert not any(e.commit == x and e.op.value != "removed" for c in lineage.clauses for e in c.events)


def test_a_clause_an_evil_merge_moved_is_credited_to_the_merge(tmp_path: Path) -> None:
    # main rewords rule 1, a branch adds rule 6; the merge also moves rule 2 to the end, where neither
    # parent has it (`git show --cc -U0` shows it). policydiff took the move for one the branch made (the
    # branch has rule 2 word for word) and credited it to A: the merge was no version.
    r = Repo(tmp_path / "repo")
    r.commit("A", dict(RULES))
    r("checkout", "-q", "-b", "side")
    six = "The manager reviews this policy every year with the staff team."
    r.commit("D: yearly review", {**RULES, 6: six})
    r("checkout", "-q", "main")
    one = "Children are signed in by a named parent or carer at the front door."
    r.commit("B: named carers", {**RULES, 1: one})
    moved = {1: one, 3: RULES[3], 4: RULES[4], 5: RULES[5], 6: six, 7: RULES[2]}
    m = _merge_as(r, "side", "M: merge, and the register rule last", moved)
    assert r("show", "--cc", "-U0", "--format=", m).strip() != ""  # the oracle: the merge changed the text
    git = _git_blame(r)
    assert git[RULES[2]] == m
    _assert_blame_is_gits(r, git)
    lineage = history("policy.txt", repo=r.where)
    assert m in [v.commit for v in lineage.versions]
    (track,) = [c for c in lineage.clauses if c.text == RULES[2]]
    assert [(e.op.value, e.commit) for e in track.events][-1] == ("moved", m)


def test_a_clause_an_evil_merge_moved_is_a_version_whatever_the_first_parent_alignment_calls_it(
    tmp_path: Path,
) -> None:
    # (generated seed 36) A branch splits the visitors rule in two, puts its first part on top, rewords
    # rule 2 and drops rule 5; the merge takes the branch's text and also moves the last rule up, under
    # rule 1, where neither parent has it. Aligned with the first parent, the split part on top is the
    # move and the moved rule reads as unchanged, so no event was made: the merge was no version though
    # its text is no parent's, and blame credited the moved rule to A, where git blame credits the merge.
    r = Repo(tmp_path / "repo")
    visitor = (
        "A visitor who has not been checked through the Disclosure and Barring Service is never left alone "
        "with a child and never takes a child to the toilet."
    )
    last = "The club is open, inclusive and respectful to every family."
    r.commit("A", {**RULES, 6: visitor, 7: last})
    r("checkout", "-q", "-b", "side")
    part = "A visitor who has been checked through the Disclosure and Barring Service is welcome."
    rest = "Never left alone with a child and never takes a child to the toilet."
    two = "Staff check the register against the children present every half hour."
    branch = {0: part, 1: RULES[1], 2: two, 3: RULES[3], 4: RULES[4], 6: rest, 7: last}
    r.commit("B: visitors split, the register half-hourly, no lanyards", branch)
    r("checkout", "-q", "main")
    merged = {0: part, 1: RULES[1], 2: last, 3: two, 4: RULES[3], 5: RULES[4], 6: rest}
    m = _merge_as(r, "side", "M: merge, and the club's values second", merged)
    assert _wrote_nothing(r, m)  # every line is a parent's: the merge made only the order
    git = _git_blame(r)
    assert git[last] == m  # the oracle: the line differs from every parent's at its place
    _assert_blame_is_gits(r, git)
    lineage = history("policy.txt", repo=r.where)
    assert m in [v.commit for v in lineage.versions]
    (track,) = [c for c in lineage.clauses if c.text == last]
    assert [(e.op.value, e.commit) for e in track.events][-1] == ("moved", m)


def test_an_evil_merge_that_moves_a_clause_the_first_parent_reworded_is_a_version(tmp_path: Path) -> None:
    # (generated seed 119, its sentences) main rewords the visitors clause; a branch rewords three others;
    # the merge takes the branch's three and main's visitors clause, which it moves up, above the three.
    # Aligned with the first parent, the three moved (the branch holds them word for word in that order)
    # and the visitors clause stayed: no event, so the merge, whose order is no parent's, was no version.
    base = {
        1: "Violating these terms may lead to a permanent ban. Building work and maintenance are arranged, "
        "wherever.",
        2: "Possible, for times when the club is closed.",
        3: "Consistent with the CNCF Charter, any substantive changes to this.",
        4: "Code of conduct must be approved by the technical oversight committee.",
        5: "Visitors wear those red lanyard reporter all times while they are on terms premises. The without "
        "unwelcome Lead (DSL) is the Manager.",
        6: "This policy managing was adopted at a meeting of Holmes Chapel Pre-School committee and is "
        "reviewed every year, or sooner if the law or local guidance changes.",
        7: "The inclusive door is kept locked during referral sessions and the side gate is padlocked.",
        8: "By adopting this Code of Conduct, while maintainers alone commit themselves to fairly and "
        "consistently holmes these principles to every of managing a CNCF project.",
    }
    r = Repo(tmp_path / "repo")
    r.commit("A", base)
    r("checkout", "-q", "-b", "side")
    side = {
        **base,
        2: "Possible, for times when linux club is public.",
        6: base[6].replace(
            "if the law or local guidance changes", "contribute the law or local guidance healthy changes"
        ),
        7: "The toward inclusive door is kept approved locked during referral sessions and the side gate is "
        "padlocked.",
    }
    r.commit("D: three rewordings", side)
    r("checkout", "-q", "main")
    visitors = base[5].replace(
        "terms premises. The without unwelcome", "terms detailed The without unwelcome lead"
    )
    b = r.commit("B: visitors reworded", {**base, 5: visitors})
    merged = {1: base[1], 2: visitors, 3: side[2], 4: base[3], 5: base[4], 6: side[6], 7: side[7], 8: base[8]}
    m = _merge_as(r, "side", "M: merge, and visitors second", merged)
    assert _wrote_nothing(r, m)  # every line is a parent's: the merge made only the order
    git = _git_blame(r)
    assert git[visitors] == m  # the oracle: git's diff with each parent leaves the line to the merge
    _assert_blame_is_gits(r, git)
    lineage = history("policy.txt", repo=r.where)
    assert m in [v.commit for v in lineage.versions]
    (track,) = [c for c in lineage.clauses if c.text == visitors]
    assert [(e.op.value, e.commit) for e in track.events][-2:] == [("reworded", b), ("moved", m)]


_BUILD = """
import sys
from pathlib import Path
from tests.history_generator import build
built = build(0, Path(sys.argv[1]), actions=5)
print(' '.join(built.actions))
print(built.r('rev-list', '--all', '--topo-order'), end='')
"""


def test_a_seed_builds_the_same_commits_whatever_the_host(tmp_path: Path) -> None:
    # Seed 0 resolves a conflict by hand. Built twice in fresh processes: once on a host whose own git
    # configuration writes conflicts in the diff3 style (the base's lines between the sides), in another
    # time zone and locale, with another hash seed; once on a bare host. Every commit must be the same,
    # byte for byte (session 21 saw one seed give other commits on another run).
    import os
    import subprocess
    import sys

    hostile = tmp_path / "gitconfig"
    hostile.write_text(
        "[merge]\n\tconflictStyle = diff3\n[core]\n\tautocrlf = true\n[user]\n\tname = Someone Else\n",
        encoding="utf-8",
    )
    root = Path(__file__).resolve().parent.parent
    runs = []
    for k, env in enumerate(
        [
            {**os.environ, "GIT_CONFIG_GLOBAL": str(hostile), "TZ": "Asia/Kolkata", "PYTHONHASHSEED": "1"},
            {"PATH": os.environ.get("PATH", os.defpath), "PYTHONHASHSEED": "2"},
        ]
    ):
        done = subprocess.run(
            [sys.executable, "-c", _BUILD, str(tmp_path / f"repo{k}")],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        runs.append(done.stdout)
    assert "conflict" in runs[0].splitlines()[0]  # (the case that differed)
    assert len(runs[0].splitlines()) > 10
    assert runs[0] == runs[1]
