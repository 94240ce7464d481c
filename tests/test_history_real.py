"""History and blame of real policy versions committed into a git repository with a rename, a branch merged
across the rename and a conflict resolved by hand; git is the oracle (`git log --follow`, `git blame -w`,
`git log -S`). The versions are the CNCF Code of Conduct 1.0–1.3 (`corpus/realworld`, session 20)."""

from __future__ import annotations

from pathlib import Path

import pytest

import policydiff
from policydiff.history import blame, history

from .conftest import CORPUS
from .test_history_merges import Repo, git_blame_lines

VERSIONS = [
    CORPUS / "realworld" / f"cncf-coc-{v}.md" for v in ("v1.0-2017", "v1.1-2021", "v1.2-2022", "v1.3-2026")
]
OLD, NEW = "code-of-conduct.md", "docs/code-of-conduct.md"
TROLLING = "* Trolling, insulting or derogatory comments, and personal or political attacks"
EDITED = "* Trolling, insulting or derogatory comments, and personal, religious or political attacks"


def _write(r: Repo, path: str, body: str, message: str) -> str:
    r.day += 1
    (r.where / path).parent.mkdir(parents=True, exist_ok=True)
    (r.where / path).write_text(body, encoding="utf-8")
    r("add", path)
    r("commit", "-q", "-m", message)
    return r("rev-parse", "HEAD").strip()


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Repo, dict[str, str]]:
    """Return the repository and its commits by name:

    V1 ─ V2 ─┬─ R (git mv) ─ V3 ─ M1 ─┬─ V4 ──── M2
             └─ E1 (one clause) ──┘   └─ K1 ─┘ (conflict: K1's clause kept)
    """
    v = [p.read_text(encoding="utf-8") for p in VERSIONS]
    assert all(TROLLING in t.splitlines() for t in v[1:])
    r = Repo(tmp_path_factory.mktemp("real") / "repo")
    sha = {"V1": _write(r, OLD, v[0], "V1: CNCF code of conduct 1.0"), "V2": _write(r, OLD, v[1], "V2: 1.1")}
    r("checkout", "-q", "-b", "edit")
    sha["E1"] = _write(r, OLD, v[1].replace(TROLLING, EDITED), "E1: religious attacks")
    r("checkout", "-q", "main")
    r.day += 1
    (r.where / "docs").mkdir()
    r("mv", OLD, NEW)
    r("commit", "-q", "-m", "R: move to docs/")
    sha["R"] = r("rev-parse", "HEAD").strip()
    sha["V3"] = _write(r, NEW, v[2], "V3: 1.2")
    r.merge("edit", "M1: merge the edit")
    sha["M1"] = r("rev-parse", "HEAD").strip()
    merged = (r.where / NEW).read_text(encoding="utf-8")
    assert EDITED in merged  # git merged the branch's edit across the rename
    # A branch rewords the scope sentence that 1.3 rewrites; the conflict is resolved with the branch's line.
    scope = next(line for line in merged.splitlines() if line.startswith("This code of conduct applies both"))
    assert scope not in v[3]
    r("checkout", "-q", "-b", "scope")
    sha["K1"] = _write(r, NEW, merged.replace(scope, scope + " It applies at events too."), "K1: events")
    r("checkout", "-q", "main")
    v4 = v[3].replace(TROLLING, EDITED)
    sha["V4"] = _write(r, NEW, v4, "V4: 1.3")
    ours = "This code of conduct applies:"  # 1.3's list of places follows
    assert ours in v4.splitlines()
    r.day += 1
    r("merge", "-q", "scope")  # a conflict: left to be resolved by hand
    (r.where / NEW).write_text(v4.replace(ours, scope + " It applies at events too."), encoding="utf-8")
    r("add", NEW)
    r("commit", "-q", "--no-edit")
    sha["M2"] = r("rev-parse", "HEAD").strip()
    return r, sha


def test_the_versions_are_git_log_follows_with_a_branch_made_before_a_rename(
    repo: tuple[Repo, dict[str, str]],
) -> None:
    # `git log --follow` (date order) lists E1, the branch's commit made under the old name; in topological
    # order it loses it. policydiff listed the merge M1 in its place, as if the merge had made the edit.
    r, sha = repo
    follow = r("log", "--follow", "--format=%H", "--", NEW).split()
    assert sha["E1"] in follow and sha["M1"] not in follow  # the oracle
    versions = [v.commit for v in history(NEW, repo=r.where).versions]
    assert set(versions) - set(follow) <= {sha["M2"]}  # a merge is listed only when it changed the text
    assert set(follow) <= set(versions)
    assert sha["M1"] not in versions  # it changed nothing beyond its parents


def test_blame_credits_the_branchs_edit_to_the_branch_as_git_blame_does(
    repo: tuple[Repo, dict[str, str]],
) -> None:
    r, sha = repo
    git = {line: c for c, line in _git_blame_w(r)}
    assert git[EDITED] == sha["E1"]  # the oracle
    clauses = {c.text: c for c in blame(NEW, repo=r.where).clauses}
    edited = clauses[EDITED.removeprefix("* ")]
    assert edited.last_changed is not None and edited.last_changed.commit == sha["E1"]
    assert edited.introduced is not None and edited.introduced.commit == sha["V1"]
    lineage = history(NEW, repo=r.where)
    (track,) = [c for c in lineage.clauses if c.text == EDITED.removeprefix("* ")]
    assert [(e.op.value, e.commit) for e in track.events][-1] == ("reworded", sha["E1"])


def test_every_clause_whose_lines_git_blames_on_one_commit_is_credited_to_it(
    repo: tuple[Repo, dict[str, str]],
) -> None:
    r, sha = repo
    lines = _git_blame_w(r)
    starts = [c.location.line for c in policydiff.parse(r.where / NEW).clauses]
    result = blame(NEW, repo=r.where).clauses
    assert len(result) == len(starts)
    newer = {c: n for n, c in enumerate(r("rev-list", "--topo-order", "HEAD").split())}  # newest first
    checked = 0
    for k, clause in enumerate(result):
        end = starts[k + 1] if k + 1 < len(starts) else len(lines) + 1
        commits = {lines[n - 1][0] for n in range(starts[k] or 1, end) if lines[n - 1][1].strip()}
        assert {sha["K1"], sha["V4"]} - commits, clause.text  # (no clause mixes the two sides' lines)
        checked += 1
        # The newest commit that touched one of the clause's lines (a hard-wrapped paragraph's lines may
        # come from several).
        assert clause.last_changed is not None
        assert clause.last_changed.commit == min(commits, key=newer.__getitem__), clause.text
    assert checked > 60


def test_a_sentence_appears_and_disappears_where_git_log_s_says(repo: tuple[Repo, dict[str, str]]) -> None:
    r, _ = repo
    lineage = history(NEW, repo=r.where)
    checked = 0
    for track in lineage.clauses:
        if track.removed is None or len(track.text.split()) < 5:
            continue
        hits = r("log", "--follow", "--format=%H", "-S", track.text[:100], "--", NEW).split()
        if hits:
            checked += 1
            assert hits[0] == track.removed, track.text
    assert checked >= 3


def _git_blame_w(r: Repo) -> list[tuple[str, str]]:
    """Return (commit, line) for each line of the file at HEAD, as `git blame -w` credits them."""
    return git_blame_lines(r, NEW, "-w")


TWISTED = [CORPUS / "heldout" / f"twisted-compatibility-policy-{v}.rst" for v in ("21.2.0", "24.11.0")]


def test_a_clean_merge_across_a_rename_of_real_versions_is_no_version(tmp_path: Path) -> None:
    # Twisted's compatibility policy 21.2.0; a branch moves it to docs/ and edits one line; main commits
    # 24.11.0 under the old name (it writes four headings' letter case anew: "Python versions" → "Python
    # Versions", which the alignment calls unchanged); git merges cleanly across the rename. The merge made
    # "reworded" events for those headings (their lineage had recorded the old case, the branch holds it):
    # a version `git show --cc` shows nothing of (session 24).
    old, new = (p.read_text(encoding="utf-8") for p in TWISTED)
    line = "we cannot afford to provide anything but critical bug-fix support for multiple version branches"
    assert old.count(line) == 1 and new.count(line) == 1 and "Python Versions" in new
    r = Repo(tmp_path / "repo")
    a = _write(r, "compatibility.rst", old, "A: 21.2.0")
    r("checkout", "-q", "-b", "move")
    r.day += 1
    (r.where / "docs").mkdir()
    r("mv", "compatibility.rst", "docs/compatibility.rst")
    r("commit", "-q", "-m", "R: move to docs/")
    edited = old.replace(line, line.replace("critical", "security"))
    e = _write(r, "docs/compatibility.rst", edited, "E: security fixes")
    r("checkout", "-q", "main")
    b = _write(r, "compatibility.rst", new, "B: 24.11.0")
    r.day += 1
    r("merge", "-q", "--no-ff", "--no-edit", "-m", "M: merge the move", "move")
    m = r("rev-parse", "HEAD").strip()
    assert not r("status", "--porcelain").strip()  # (merged cleanly across the rename)
    assert not r("show", "--cc", "--format=", m).strip()  # (the oracle: git's combined diff is empty)
    lineage = history("docs/compatibility.rst", repo=r.where)
    assert m not in [v.commit for v in lineage.versions]
    assert not [e for c in lineage.clauses for e in c.events if e.commit == m]
    (heading,) = [c for c in lineage.clauses if c.text == "Supporting and De-supporting Python Versions"]
    assert [e.commit for e in heading.events] == [a]
    assert {a, b, e} <= {v.commit for v in lineage.versions}
