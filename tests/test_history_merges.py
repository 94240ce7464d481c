"""History with branches and merges: each change credited once, to the commit that made it (git as oracle)."""

from __future__ import annotations

import os
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from policydiff.history import blame, history
from policydiff.model import BlameClause, Lineage

ENV = {
    # Only what git needs: no one's configuration (a global `merge.conflictStyle = diff3` changed how a
    # generated conflict was resolved, so one seed gave other commits on another machine), no locale or
    # time zone of the host's; identities and dates are fixed by each call (session 22).
    "PATH": os.environ.get("PATH", os.defpath),
    "HOME": os.devnull,
    "XDG_CONFIG_HOME": os.devnull,
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "A",
    "GIT_AUTHOR_EMAIL": "a@example.org",
    "GIT_COMMITTER_NAME": "A",
    "GIT_COMMITTER_EMAIL": "a@example.org",
    "LC_ALL": "C",
    "TZ": "UTC",
}
RULES = {
    1: "Children are signed in by a parent or carer at the front door.",
    2: "Staff check the register against the children present every hour.",
    3: "Medicines are kept in a locked cupboard in the office.",
    4: "Accidents are recorded in the accident book on the same day.",
    5: "Visitors sign the visitors book and wear a lanyard at all times.",
}


def text(rules: dict[int, str]) -> str:
    return "Daily Routine Policy\n\n" + "".join(f"{rules[k]}\n\n" for k in sorted(rules))


class Repo:
    def __init__(self, where: Path) -> None:
        self.where = where
        self.day = 0
        where.mkdir()
        self("init", "-q", "-b", "main")

    def __call__(self, *args: str) -> str:
        day = datetime(2024, 1, 1, 12, tzinfo=UTC) + timedelta(
            days=self.day
        )  # (`day` may go back: dates out of order)
        env = {**ENV, "GIT_AUTHOR_DATE": day.isoformat()}
        env["GIT_COMMITTER_DATE"] = env["GIT_AUTHOR_DATE"]
        done = subprocess.run(["git", *args], cwd=self.where, env=env, capture_output=True, text=True)
        if done.returncode != 0 and not (args and args[0] in ("merge", "revert", "cherry-pick")):
            raise AssertionError(done.stderr)
        return done.stdout

    def commit(self, message: str, rules: dict[int, str], path: str = "policy.txt") -> str:
        self.day += 1
        (self.where / path).write_text(text(rules), encoding="utf-8")
        self("add", path)
        self("commit", "-q", "-m", message)
        return self("rev-parse", "HEAD").strip()

    def merge(self, branch: str, message: str, resolved: dict[int, str] | None = None) -> str:
        self.day += 1
        self("merge", "-q", "--no-ff", "--no-edit", "-m", message, branch)
        if resolved is not None:  # a conflict, resolved by hand (or an "evil" merge that edits more)
            (self.where / "policy.txt").write_text(text(resolved), encoding="utf-8")
            self("add", "policy.txt")
            self("commit", "-q", "--no-edit")
        return self("rev-parse", "HEAD").strip()


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Repo, dict[str, str]]:
    r = Repo(tmp_path_factory.mktemp("merges") / "repo")
    shas: dict[str, str] = {}
    rules = dict(RULES)
    shas["A"] = r.commit("A: first version", rules)
    r("checkout", "-q", "-b", "feat")
    feat = dict(rules)
    feat[5] = "Visitors sign the visitors book, show photo identification and wear a lanyard."
    shas["C"] = r.commit("C: visitors show identification", feat)
    r("checkout", "-q", "main")
    rules[1] = "Children are signed in by a named parent or carer at the front door."
    shas["B"] = r.commit("B: named carers", rules)
    r("checkout", "-q", "feat")
    shas["M1"] = r.merge("main", "M1: merge main into feat")
    r("checkout", "-q", "main")
    shas["M2"] = r.merge("feat", "M2: merge feat")
    merged = {**rules, 5: feat[5]}
    r("checkout", "-q", "-b", "other")
    other = {**merged, 3: "Medicines are kept in a locked cupboard in the kitchen."}
    other.pop(4)
    shas["E"] = r.commit("E: medicines in the kitchen, accident rule dropped", other)
    r("checkout", "-q", "main")
    main = {**merged, 3: "Medicines are kept in a locked first aid cupboard in the office."}
    shas["F"] = r.commit("F: first aid cupboard", main)
    resolved = {**main, 3: "Medicines are kept in a locked first aid cupboard in the kitchen."}
    resolved.pop(4)
    resolved[6] = "The manager reviews this policy every year with the staff team."
    shas["M3"] = r.merge("other", "M3: merge other (conflict resolved, yearly review added)", resolved)
    return r, shas


def _git_follow(r: Repo) -> list[str]:
    return r("log", "--follow", "--format=%H", "--", "policy.txt").split()


def _events(lineage: Lineage) -> dict[str, list[str]]:
    """Return, for each commit, the ops of the events credited to it."""
    out: dict[str, list[str]] = {}
    for clause in lineage.clauses:
        for event in clause.events:
            out.setdefault(event.commit, []).append(event.op.value)
    return out


def test_versions_are_git_log_follow_plus_merges_that_changed_the_text(
    repo: tuple[Repo, dict[str, str]],
) -> None:
    r, shas = repo
    lineage = history("policy.txt", repo=r.where)
    versions = [v.commit for v in lineage.versions]
    expected = set(_git_follow(r)) | {shas["M3"]}
    assert set(versions) == expected
    assert shas["M1"] not in versions and shas["M2"] not in versions
    assert len(versions) == len(set(versions))


def test_a_change_is_credited_once_to_the_commit_that_made_it(repo: tuple[Repo, dict[str, str]]) -> None:
    r, shas = repo
    events = _events(history("policy.txt", repo=r.where))
    assert shas["M1"] not in events and shas["M2"] not in events
    assert events[shas["B"]] == ["reworded"]
    assert events[shas["C"]] == ["reworded"]
    assert sorted(events[shas["E"]]) == ["removed", "reworded"]
    # The conflict resolution made the kitchen/first-aid wording and the yearly review; the accident rule's
    # removal was brought in from E.
    assert sorted(events[shas["M3"]]) == ["added", "reworded"]


def test_blame_agrees_with_git_blame(repo: tuple[Repo, dict[str, str]]) -> None:
    r, _ = repo
    result = blame("policy.txt", repo=r.where)
    porcelain = r("blame", "--line-porcelain", "--", "policy.txt")
    by_line: dict[str, str] = {}
    sha = ""
    for line in porcelain.splitlines():
        if line[:40].isalnum() and len(line.split()) >= 3 and len(line.split()[0]) == 40:
            sha = line.split()[0]
        elif line.startswith("\t"):
            by_line[line[1:]] = sha
    for clause in result.clauses:
        if clause.text in by_line:
            assert clause.last_changed is not None
            assert clause.last_changed.commit == by_line[clause.text], clause.text


def test_first_parent_gives_the_mainline_with_each_branch_one_step(
    repo: tuple[Repo, dict[str, str]],
) -> None:
    r, shas = repo
    lineage = history("policy.txt", repo=r.where, first_parent=True)
    versions = [v.commit for v in lineage.versions]
    mainline = r(
        "log", "--first-parent", "--diff-merges=first-parent", "-s", "--format=%H", "--", "policy.txt"
    )
    assert versions == list(reversed(mainline.split()))
    assert shas["C"] not in versions and shas["E"] not in versions
    events = _events(lineage)
    assert events[shas["M2"]] == ["reworded"]  # the branch's rewording, as one step at its merge
    assert ("first_parent", True) in lineage.options


def test_the_cli_takes_first_parent(repo: tuple[Repo, dict[str, str]], tmp_path: Path) -> None:
    r, shas = repo
    out = tmp_path / "h.json"
    import json
    import sys

    args = ["history", "policy.txt", "--repo", str(r.where), "--first-parent", "-o", str(out)]
    done = subprocess.run(
        [sys.executable, "-m", "policydiff", *args],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert shas["M2"] in [v["commit"] for v in data["versions"]]
    done = subprocess.run(
        [sys.executable, "-m", "policydiff", "history", "a.txt", "b.txt", "--first-parent"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert done.stderr == "policydiff: error: --from, --to and --first-parent need --repo\n"


def test_a_clause_written_in_a_commit_is_introduced_there_though_a_dissimilar_one_went(
    tmp_path: Path,
) -> None:
    r = Repo(tmp_path / "repo")
    rules = dict(RULES)
    first = r.commit("first", rules)
    rules[3] = "Fire drills are held in the hall at the start of each term."
    swap = r.commit("medicines rule replaced by a fire drill rule", rules)
    lineage = history("policy.txt", repo=r.where)
    fire = next(c for c in lineage.clauses if c.text.startswith("Fire drills"))
    medicines = next(c for c in lineage.clauses if c.text.startswith("Medicines"))
    assert (fire.introduced, [e.op.value for e in fire.events]) == (swap, ["added"])
    assert (medicines.introduced, medicines.removed) == (first, swap)
    result = blame("policy.txt", repo=r.where)
    row = next(c for c in result.clauses if c.text.startswith("Fire drills"))
    assert row.introduced is not None and row.introduced.commit == swap


def test_a_rename_made_on_a_branch_and_merged_is_followed(tmp_path: Path) -> None:
    r = Repo(tmp_path / "repo")
    rules = dict(RULES)
    r.commit("first", rules)
    r("checkout", "-q", "-b", "side")
    r("mv", "policy.txt", "routine.txt")
    rules.pop(2)
    (r.where / "routine.txt").write_text(text(rules), encoding="utf-8")
    r("add", "routine.txt")
    r.day += 1
    r("commit", "-q", "-m", "renamed, register rule dropped")
    side = r("rev-parse", "HEAD").strip()
    r("checkout", "-q", "main")
    merge = r.merge("side", "merge side")
    lineage = history("routine.txt", repo=r.where)
    follow = r("log", "--follow", "--format=%H", "--", "routine.txt").split()
    assert {v.commit for v in lineage.versions} == set(follow)
    assert merge not in {v.commit for v in lineage.versions}
    register = next(c for c in lineage.clauses if c.text.startswith("Staff check the register"))
    assert register.removed == side
    assert [e.commit for e in register.events][-1] == side
    assert not any(e.commit == merge for c in lineage.clauses for e in c.events)


def _merge_as(r: Repo, branch: str, message: str, rules: dict[int, str]) -> str:
    """Merge `branch` and commit `rules` as the merge's text, conflict or not (an "evil" merge)."""
    r.day += 1
    r("merge", "-q", "--no-ff", "--no-commit", branch)
    (r.where / "policy.txt").write_text(text(rules), encoding="utf-8")
    r("add", "policy.txt")
    r("commit", "-q", "-m", message)
    assert len(r("log", "-1", "--format=%P").split()) == 2
    return r("rev-parse", "HEAD").strip()


def _git_blame(r: Repo, path: str = "policy.txt", *options: str) -> dict[str, str]:
    """Return git blame's commit for each line of `path` at HEAD (`options`: git blame's, e.g. `-C`)."""
    return {line: sha for sha, line in git_blame_lines(r, path, *options)}


def git_blame_lines(r: Repo, path: str, *options: str) -> list[tuple[str, str]]:
    """Return (commit, line) for each line of `path` at HEAD, in order, as git blame credits them."""
    porcelain = r("blame", *options, "--line-porcelain", "--", path)
    found: list[tuple[str, str]] = []
    sha = ""
    for line in porcelain.splitlines():
        parts = line.split()
        if parts and len(parts[0]) == 40 and len(parts) >= 3:
            sha = parts[0]
        elif line.startswith("\t"):
            found.append((sha, line[1:]))
    return found


def _assert_blame_is_gits(r: Repo, git: dict[str, str], path: str = "policy.txt") -> dict[str, BlameClause]:
    """Assert that each clause whose text is a line git blamed is credited to git's commit; return them."""
    result = {clause.text: clause for clause in blame(path, repo=r.where).clauses}
    for line, sha in git.items():
        if line in result:
            assert result[line].last_changed is not None
            assert result[line].last_changed.commit == sha, line
    return result


def test_a_merge_that_took_one_sides_file_whole_credits_by_that_side(tmp_path: Path) -> None:
    # main rewords rule 2; the branch adds rule 6; the merge takes the branch's file whole, so rule 2 at
    # HEAD is A's text: main's rewording never reached it (git blame: A, not B, not the merge).
    r = Repo(tmp_path / "repo")
    rules = dict(RULES)
    a = r.commit("A", rules)
    r("checkout", "-q", "-b", "feat")
    six = "The manager reviews this policy every year with the staff team."
    d = r.commit("D: yearly review", {**rules, 6: six})
    r("checkout", "-q", "main")
    r.commit("B", {**rules, 2: "Staff check the register against the children present at each change."})
    _merge_as(r, "feat", "M: take the branch's file", {**rules, 6: six})
    git = _git_blame(r)
    assert (git[RULES[2]], git[six]) == (a, d)  # the oracle
    result = _assert_blame_is_gits(r, git)
    assert result[RULES[2]].revisions == 0


def test_an_evil_merge_credits_the_branchs_clauses_to_the_branch(tmp_path: Path) -> None:
    # The branch adds rule 6; main adds rule 7; the merge keeps both and also rewords rule 1 (an "evil"
    # merge). Rule 6 is the branch's, rule 7 main's, only rule 1 the merge's, as git blame says.
    r = Repo(tmp_path / "repo")
    rules = dict(RULES)
    r.commit("A", rules)
    r("checkout", "-q", "-b", "feat")
    six = "Staff who administer medicines record the dose and the time in the medicines log."
    c = r.commit("C: medicines log", {**rules, 6: six})
    r("checkout", "-q", "main")
    seven = "The designated lead reviews the accident book every month with the manager."
    b = r.commit("B: monthly review", {**rules, 7: seven})
    one = "Children are signed in by a parent, carer or named adult at the front door."
    m = _merge_as(r, "feat", "M: merge, and reword rule 1", {**rules, 1: one, 6: six, 7: seven})
    git = _git_blame(r)
    assert (git[six], git[seven], git[one]) == (c, b, m)
    assert {six, seven, one} <= _assert_blame_is_gits(r, git).keys()


def test_a_merge_credits_a_clause_a_parent_has_word_for_word_to_that_parent(tmp_path: Path) -> None:
    # The branch rewords rule 3; the merge also writes a new rule 3a, close to rule 3's old wording, before
    # it. Aligned with the first parent alone, the old rule 3 pairs with the merge's new rule and the
    # branch's wording looks added by the merge; git blame credits the branch's wording to the branch.
    r = Repo(tmp_path / "repo")
    rules = dict(RULES)
    r.commit("A", rules)
    r("checkout", "-q", "-b", "feat")
    three = "Medicines are kept in the staff room, out of the children's reach, in a box with a lock."
    c = r.commit("C: medicines in the staff room", {**rules, 3: three})
    r("checkout", "-q", "main")
    r.commit("B: accidents", {**rules, 4: "Accidents are recorded in the accident book within the hour."})
    near = "Medicines are kept in a locked cupboard in the office until a parent collects them."
    merged = {**rules, 3: near, 4: three, 5: "Accidents are recorded in the accident book within the hour."}
    merged[6] = rules[5]
    m = _merge_as(r, "feat", "M: merge, and a rule for medicines to collect", merged)
    git = _git_blame(r)
    assert (git[three], git[near]) == (c, m)
    assert {three, near} <= _assert_blame_is_gits(r, git).keys()


def test_a_branch_that_renamed_the_file_and_then_changed_it_is_credited_for_its_changes(
    tmp_path: Path,
) -> None:
    # The branch renames policy.txt, then rewords rule 3 and adds rule 6 under the new name; main rewords
    # rule 1 under the old name; the merge is clean. `log --follow` (one name down one line) lists the
    # branch only up to its rename: the later changes were credited to the merge, which made none.
    r = Repo(tmp_path / "repo")
    rules = dict(RULES)
    a = r.commit("A", rules)
    r("checkout", "-q", "-b", "side")
    r.day += 1
    r("mv", "policy.txt", "routine.txt")
    r("commit", "-q", "-m", "R: renamed")
    side = {**rules, 3: "Medicines are kept in a locked cupboard in the staff room."}
    side[6] = "Fire drills are held every term and recorded in the fire log."
    r.day += 1
    (r.where / "routine.txt").write_text(text(side), encoding="utf-8")
    r("commit", "-q", "-am", "C: staff room, fire drills")
    c = r("rev-parse", "HEAD").strip()
    r("checkout", "-q", "main")
    one = "Children are signed in by a named parent or carer at the front door."
    b = r.commit("B: named carers", {**rules, 1: one})
    m = r.merge("side", "M: merge side")
    git = _git_blame(r, "routine.txt")
    assert (git[side[3]], git[side[6]], git[one], git[RULES[2]]) == (c, c, b, a)  # the oracle
    assert {side[3], side[6], one} <= _assert_blame_is_gits(r, git, "routine.txt").keys()
    lineage = history("routine.txt", repo=r.where)
    assert c in {v.commit for v in lineage.versions}
    assert not any(e.commit == m for clause in lineage.clauses for e in clause.events)
