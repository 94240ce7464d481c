"""A clean merge of two sides' edits to different lines of one hard-wrapped paragraph wrote nothing itself
(session 26). The CNCF Code of Conduct 1.1 (`corpus/realworld`) committed into real repositories: an
octopus merge and a criss-cross merge (two merge bases) of such edits; git is the oracle (`git show --cc`,
`git blame`).
"""

from __future__ import annotations

from pathlib import Path

import policydiff
from policydiff.history import blame, history
from policydiff.model import Lineage

from .conftest import CORPUS
from .test_history_merges import Repo, git_blame_lines

CNCF = CORPUS / "realworld" / "cncf-coc-v1.1-2021.md"
PATH = "code-of-conduct.md"
LINES = (  # the four lines of the paragraph "As contributors and maintainers …" (one clause)
    "As contributors and maintainers in the CNCF community, and in the interest of fostering",
    "an open and welcoming community, we pledge to respect all people who contribute",
    "through reporting issues, posting feature requests, updating documentation,",
    "submitting pull requests or patches, and other activities.",
)
OTHER = (
    "This code of conduct applies both within project spaces and in public spaces when an individual is "
    "representing the project or its community."
)


def _edit(body: str, line: str, words: str) -> str:
    assert body.count(line + "\n") == 1
    return body.replace(line + "\n", line + words + "\n", 1)


def _write(r: Repo, body: str, message: str) -> str:
    r.day += 1
    (r.where / PATH).write_text(body, encoding="utf-8")
    r("add", PATH)
    r("commit", "-q", "-m", message)
    return r("rev-parse", "HEAD").strip()


def _merge(r: Repo, message: str, *branches: str) -> str:
    r.day += 1
    r("merge", "-q", "--no-ff", "--no-edit", "-m", message, *branches)
    assert not r("status", "--porcelain").strip()  # (git merged cleanly)
    return r("rev-parse", "HEAD").strip()


def _written(r: Repo, merge: str) -> list[str]:
    """The lines of `git show --cc` that differ from every parent (all `+`): what the merge wrote itself."""
    parents = len(r("log", "-1", "--format=%P", merge).split())
    out = r("show", "--cc", "--format=", merge).splitlines()
    body = [line for line in out if not line.startswith(("diff ", "index ", "--- ", "+++ ", "@@"))]
    return [line for line in body if line[:parents] == "+" * parents]


def _paragraph(lineage: Lineage) -> tuple[str, list[tuple[str, str]]]:
    (track,) = [c for c in lineage.clauses if c.text.startswith("As contributors and maintainers")]
    return track.text, [(e.op.value, e.commit) for e in track.events]


def _newest_of_its_lines(r: Repo) -> str:
    """The newest commit (topological order) `git blame` credits a line of the paragraph to."""
    lines = git_blame_lines(r, PATH)
    commits = {c for c, line in lines if any(line.startswith(x) for x in LINES)}
    assert len(commits) > 1  # (the lines come from several commits)
    order = {c: n for n, c in enumerate(r("rev-list", "--topo-order", "HEAD").split())}
    return min(commits, key=order.__getitem__)


def _blamed(r: Repo) -> str:
    (clause,) = [c for c in blame(PATH, repo=r.where).clauses if c.text.startswith("As contributors")]
    assert clause.last_changed is not None
    return clause.last_changed.commit


def test_an_octopus_merge_of_edits_to_different_lines_of_one_paragraph_is_no_version(tmp_path: Path) -> None:
    # Two branches each add words to another line of the paragraph (its first and third), main edits another
    # clause; the octopus merge is clean and `git show --cc` is empty. The merge was credited with rewording
    # the paragraph (no parent has its four lines together), listed as a version and blamed for it.
    v11 = CNCF.read_text(encoding="utf-8")
    r = Repo(tmp_path / "repo")
    a = _write(r, v11, "A: CNCF 1.1")
    shas = {}
    for name, line in (("b0", LINES[0]), ("b1", LINES[2])):
        r("checkout", "-q", "-b", name, "main")
        shas[name] = _write(r, _edit(v11, line, f" (edit {name})"), f"{name}: one line")
    r("checkout", "-q", "main")
    main = _write(r, _edit(v11, OTHER, " (main)"), "main: another clause")
    m = _merge(r, "M: octopus", "b0", "b1")
    assert not _written(r, m)  # the oracle: the merge wrote no line
    lineage = history(PATH, repo=r.where)
    assert m not in [v.commit for v in lineage.versions]
    assert not [e for c in lineage.clauses for e in c.events if e.commit == m]
    text, events = _paragraph(lineage)
    assert "(edit b0)" in text and "(edit b1)" in text
    assert events[0] == ("added", a)
    assert sorted(events[1:]) == sorted([("reworded", shas["b0"]), ("reworded", shas["b1"])])
    assert _blamed(r) == _newest_of_its_lines(r)
    assert {a, main, *shas.values()} <= {v.commit for v in lineage.versions}


def test_criss_cross_merges_of_edits_to_other_lines_of_one_paragraph_are_no_versions(tmp_path: Path) -> None:
    # main and a branch each edit a line of the paragraph and merge each other (M1 on main, M2 on the branch:
    # a criss-cross), then each edits another line and main merges the branch again (M3, two merge bases).
    # Every merge is clean and writes no line; each was credited with rewording the paragraph, and M3,
    # whose paragraph is main's, with "keeping" main's wording over the one M2 had recorded.
    v11 = CNCF.read_text(encoding="utf-8")
    r = Repo(tmp_path / "repo")
    _write(r, v11, "A: CNCF 1.1")
    r("branch", "br")
    x1 = _edit(v11, LINES[3], " (main one)")
    _write(r, x1, "X1: main edits the last line")
    r("checkout", "-q", "br")
    _write(r, _edit(v11, LINES[0], " (branch one)"), "Y1: the branch edits the first line")
    r("checkout", "-q", "main")
    m1 = _merge(r, "M1: main takes the branch", "br")
    r("checkout", "-q", "br")
    m2 = _merge(r, "M2: the branch takes X1", "main~1")
    both = (r.where / PATH).read_text(encoding="utf-8")
    y2 = _write(r, _edit(both, LINES[1], " (branch two)"), "Y2: the branch edits the second line")
    r("checkout", "-q", "main")
    x2 = _write(r, _edit(both, OTHER, " (main two)"), "X2: main edits another clause")
    m3 = _merge(r, "M3: criss-cross", "br")
    assert len(r("merge-base", "--all", x2, y2).split()) == 2  # (two merge bases)
    for m in (m1, m2, m3):
        assert not _written(r, m)  # the oracle
    lineage = history(PATH, repo=r.where)
    listed = [v.commit for v in lineage.versions]
    assert not {m1, m2, m3} & set(listed)
    assert not [e for c in lineage.clauses for e in c.events if e.commit in (m1, m2, m3)]
    text, _ = _paragraph(lineage)
    assert all(f"({w})" in text for w in ("main one", "branch one", "branch two"))
    assert _blamed(r) == _newest_of_its_lines(r) == y2


def test_a_conflict_on_one_line_resolved_with_both_sides_words_is_the_merges_change(tmp_path: Path) -> None:
    # Both sides edit the paragraph's second line; the resolution keeps both sides' words on it: a line no
    # parent has (`git show --cc` shows it `++`), so the merge reworded the paragraph (as before).
    v11 = CNCF.read_text(encoding="utf-8")
    r = Repo(tmp_path / "repo")
    _write(r, v11, "A: CNCF 1.1")
    r("checkout", "-q", "-b", "br")
    _write(r, v11.replace("we pledge to respect", "we pledge to always respect"), "br: always")
    r("checkout", "-q", "main")
    _write(r, _edit(v11, LINES[1], " (main)"), "main: the same line")
    r.day += 1
    r("merge", "-q", "--no-edit", "br")  # a conflict
    resolved = _edit(v11, LINES[1], " (main)").replace("we pledge to respect", "we pledge to always respect")
    (r.where / PATH).write_text(resolved, encoding="utf-8")
    r("add", PATH)
    r("commit", "-q", "--no-edit")
    m = r("rev-parse", "HEAD").strip()
    assert _written(r, m)  # the oracle
    lineage = history(PATH, repo=r.where)
    assert m in [v.commit for v in lineage.versions]
    _, events = _paragraph(lineage)
    assert events[-1] == ("reworded", m)
    assert _blamed(r) == m
    assert len(policydiff.parse(r.where / PATH).clauses) == len(blame(PATH, repo=r.where).clauses)
