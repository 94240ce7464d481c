"""History and blame on histories an auditor meets: one text reached twice, octopus merges, a branch that
deleted the file, copies, shallow clones. git is the oracle (`git blame`, `git log --follow`, `git log -S`);
each case was found by checking policydiff against git on built histories (session 16)."""

from __future__ import annotations

import json
from pathlib import Path

from policydiff.history import blame, history

from .conftest import run_cli
from .test_history_merges import RULES, Repo, _assert_blame_is_gits, _git_blame, _merge_as, text

FOUR = "Accidents are recorded in the accident book within one hour."


def _events(lineage_clauses: object, needle: str) -> list[tuple[str, str]]:
    """Return (op, commit) of each event of the lineage whose text holds `needle`."""
    (track,) = [c for c in lineage_clauses if needle in c.text]  # type: ignore[attr-defined]
    return [(e.op.value, e.commit) for e in track.events]


def test_the_same_fix_on_two_branches_is_credited_as_git_blame_credits_it(tmp_path: Path) -> None:
    # main and a release branch make the same edit, so both hold one blob; the release is merged into
    # main. git blame passes the line down the first parent: main's commit, not the branch's.
    r = Repo(tmp_path / "repo")
    rules = dict(RULES)
    r.commit("A", rules)
    r("branch", "release")
    main_fix = r.commit("B: within one hour (main)", {**rules, 4: FOUR})
    r("checkout", "-q", "release")
    r.commit("C: within one hour (release)", {**rules, 4: FOUR})
    r("checkout", "-q", "main")
    r.merge("release", "M: merge the release")
    git = _git_blame(r)
    assert git[FOUR] == main_fix  # the oracle
    _assert_blame_is_gits(r, git)


def test_a_clause_a_revert_put_back_is_credited_by_the_line_the_merge_took_it_from(tmp_path: Path) -> None:
    # main rewords rule 4, reverts it (the file is A's again), then rewords it otherwise; a branch from A
    # edits rule 5; the merge keeps A's rule 4. git blame credits rule 4 to A, not to the revert.
    r = Repo(tmp_path / "repo")
    rules = dict(RULES)
    a = r.commit("A", rules)
    r("branch", "side")
    r.commit("B: within one hour", {**rules, 4: FOUR})
    r.commit("R: revert B", rules)
    r.commit("F: end of the session", {**rules, 4: "Accidents are recorded by the end of the session."})
    r("checkout", "-q", "side")
    five = "Visitors sign the visitors book and show photo identification."
    d = r.commit("D: identification", {**rules, 5: five})
    r("checkout", "-q", "main")
    _merge_as(r, "side", "M: merge, keep the old rule 4", {**rules, 5: five})
    git = _git_blame(r)
    assert (git[RULES[4]], git[five]) == (a, d)  # the oracle
    _assert_blame_is_gits(r, git)


def test_an_octopus_merge_that_changed_nothing_is_credited_with_nothing(tmp_path: Path) -> None:
    # Three branches each reword one rule; the octopus merge takes them all and writes nothing of its own
    # (`git show --cc` is empty): each rewording is its branch's, once, and the merge is no version.
    r = Repo(tmp_path / "repo")
    rules = dict(RULES)
    r.commit("A", rules)
    words = {
        1: "Children are signed in by a named parent or carer at the front door.",
        3: "Medicines are kept in a locked cupboard in the staff room.",
        5: "Visitors sign the visitors book and show photo identification.",
    }
    made = {}
    for k, rule in words.items():
        r("checkout", "-q", "-b", f"b{k}", "main")
        made[k] = r.commit(f"reword rule {k}", {**rules, k: rule})
    r("checkout", "-q", "main")
    r.day += 1
    r("merge", "-q", "--no-edit", "-m", "octopus", "b1", "b3", "b5")
    octopus = r("rev-parse", "HEAD").strip()
    assert r("show", "--cc", "--format=", octopus).strip() == ""  # the oracle: the merge made nothing
    lineage = history("policy.txt", repo=r.where)
    assert octopus not in [v.commit for v in lineage.versions]
    for k, rule in words.items():
        first = lineage.versions[0].commit
        assert _events(lineage.clauses, rule) == [("added", first), ("reworded", made[k])]
        (track,) = [c for c in lineage.clauses if c.text == rule]
        assert track.last_changed == made[k]
    _assert_blame_is_gits(r, _git_blame(r))


def test_a_deletion_on_a_branch_the_merge_discarded_removes_nothing(tmp_path: Path) -> None:
    # A branch deletes the policy; main edits it; the merge keeps main's file. The policy is at HEAD
    # whole: no clause is removed (git: `git show HEAD:policy.txt`).
    r = Repo(tmp_path / "repo")
    rules = dict(RULES)
    r.commit("A", rules)
    r("checkout", "-q", "-b", "drop")
    r.day += 1
    r("rm", "-q", "policy.txt")
    r("commit", "-q", "-m", "D: delete the policy")
    drop = r("rev-parse", "HEAD").strip()
    r("checkout", "-q", "main")
    b = r.commit("B: within one hour", {**rules, 4: FOUR})
    r.day += 1
    r("merge", "-q", "--no-ff", "--no-commit", "drop")
    r("checkout", "HEAD", "--", "policy.txt")
    r("commit", "-q", "-m", "M: keep the policy")
    assert r("show", "HEAD:policy.txt") == text({**rules, 4: FOUR})  # the oracle
    lineage = history("policy.txt", repo=r.where)
    present = [c for c in lineage.clauses if c.removed is None]
    assert sorted(c.text for c in present) == sorted(["Daily Routine Policy", *{**rules, 4: FOUR}.values()])
    assert [c.text for c in lineage.clauses if c.removed is not None] == []
    (four,) = [c for c in present if c.text == FOUR]
    assert four.last_changed == b
    assert [w.message for w in lineage.warnings if w.code == "deleted"] == [
        f"deleted at {drop[:12]} on a branch; a merge kept the file"
    ]


def test_a_file_deleted_and_added_again_says_deleted_plainly(tmp_path: Path) -> None:
    r = Repo(tmp_path / "repo")
    r.commit("A", dict(RULES))
    r.day += 1
    r("rm", "-q", "policy.txt")
    r("commit", "-q", "-m", "D: delete the policy")
    drop = r("rev-parse", "HEAD").strip()
    r.commit("E: write it again", {**RULES, 4: FOUR})
    lineage = history("policy.txt", repo=r.where)
    assert [w.message for w in lineage.warnings if w.code == "deleted"] == [f"deleted at {drop[:12]}"]
    assert sorted(c.text for c in lineage.clauses if c.removed is None) == sorted(
        ["Daily Routine Policy", *{**RULES, 4: FOUR}.values()]
    )


def test_a_copy_is_followed_to_its_source_as_git_log_follow_does(tmp_path: Path) -> None:
    # The policy is copied for a holiday club (the original kept). git log --follow of the copy shows
    # `C100` and goes on into the original's history; git blame credits each line to its author there.
    r = Repo(tmp_path / "repo")
    rules = dict(RULES)
    a = r.commit("A", rules)
    b = r.commit("B: within one hour", {**rules, 4: FOUR})
    r.day += 1
    (r.where / "holiday.txt").write_text(text({**rules, 4: FOUR}), encoding="utf-8")
    r("add", "holiday.txt")
    r("commit", "-q", "-m", "C: a copy for the holiday club")
    follow = r("log", "--follow", "--format=%H", "--", "holiday.txt").split()
    assert follow[1:] == [b, a]  # the oracle: the copy, then the original's commits
    lineage = history("holiday.txt", repo=r.where)
    assert [v.commit for v in lineage.versions] == follow[::-1]
    assert all(c.removed is None for c in lineage.clauses)
    # Plain git blame credits every line to the copy; with -C -C it looks into the file the copy came from
    # (the commit that made the file), as `log --follow` does.
    by_line = _git_blame(r, "holiday.txt", "-C", "-C")
    assert by_line[FOUR] == b and by_line[RULES[1]] == a
    result = {c.text: c for c in blame("holiday.txt", repo=r.where).clauses}
    assert result[FOUR].last_changed is not None and result[FOUR].last_changed.commit == b
    assert result[RULES[1]].introduced is not None and result[RULES[1]].introduced.commit == a


def test_a_shallow_clone_with_two_boundaries_removes_nothing_at_their_merge(tmp_path: Path) -> None:
    # A branch and main each change one rule; the merge (clean) is cloned two commits deep, so each parent
    # is a boundary whose own parents are missing. The merge changed one rule on each side (git diff
    # HEAD^1 HEAD: rule 5 only): nothing removed, nothing added.
    r = Repo(tmp_path / "repo")
    rules = dict(RULES)
    r.commit("A", rules)
    r("checkout", "-q", "-b", "feat")
    five = "Visitors sign the visitors book, show photo identification and wear a lanyard."
    r.commit("C: identification", {**rules, 5: five})
    r("checkout", "-q", "main")
    r.commit("B: within one hour", {**rules, 4: FOUR})
    r.merge("feat", "M: merge")
    shallow = tmp_path / "shallow"
    r("clone", "-q", "--depth", "2", f"file://{r.where}", str(shallow))
    lineage = history("policy.txt", repo=shallow)
    assert lineage.truncated_at is not None
    assert [c.text for c in lineage.clauses if c.removed is not None] == []
    assert sorted(c.text for c in lineage.clauses) == sorted(
        ["Daily Routine Policy", *{**rules, 4: FOUR, 5: five}.values()]
    )
    out = run_cli("history", "policy.txt", "--repo", str(shallow), "--format", "json")
    assert out.returncode == 0, out.stderr
    assert all(c["removed"] is None for c in json.loads(out.stdout)["clauses"])


def test_a_binary_revision_is_skipped_with_a_warning(tmp_path: Path) -> None:
    # One commit wrote the policy as a binary file by mistake (NUL bytes); the next wrote it as text again
    # with rule 4 reworded. The history goes on: that version is skipped with a warning, and the next one
    # is compared with the last one read (it stopped the whole command, exit 2).
    r = Repo(tmp_path / "repo")
    rules = dict(RULES)
    a = r.commit("A", rules)
    r.day += 1
    (r.where / "policy.txt").write_bytes(b"\x00\x01binary\x00" * 40)
    r("commit", "-q", "-am", "X: a binary by mistake")
    x = r("rev-parse", "HEAD").strip()
    b = r.commit("B: text again, within one hour", {**rules, 4: FOUR})
    lineage = history("policy.txt", repo=r.where)
    assert [v.commit for v in lineage.versions] == [a, b]
    assert [(w.code, w.message.split(":")[0]) for w in lineage.warnings] == [("unreadable-revision", x[:12])]
    assert _events(lineage.clauses, FOUR) == [("added", a), ("reworded", b)]
    assert all(c.removed is None for c in lineage.clauses)
    result = {c.text: c for c in blame("policy.txt", repo=r.where).clauses}
    assert result[FOUR].last_changed is not None and result[FOUR].last_changed.commit == b
    assert result[RULES[1]].last_changed is not None and result[RULES[1]].last_changed.commit == a
    out = run_cli("history", "policy.txt", "--repo", str(r.where), "--format", "json")
    assert out.returncode == 0 and "unreadable-revision" not in out.stdout.split('"clauses"')[1]
    assert out.stderr.startswith(f"policydiff: warning: policy.txt: {x[:12]}: ")
    # The revision asked for must be readable: blame of the binary revision is one line, exit 2.
    for args in (["blame", "--rev", x], ["history", "--to", x]):
        out = run_cli(args[0], "policy.txt", "--repo", str(r.where), *args[1:])
        assert (out.returncode, out.stdout, len(out.stderr.splitlines())) == (2, "", 1), args
        assert "a binary file, not text" in out.stderr
