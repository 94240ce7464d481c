"""History, lineage and blame on real temporary git repositories and on folders of versions."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from policydiff import __version__, schemas
from policydiff.errors import ReadError, UsageError
from policydiff.history import Lineage, LineageClause, blame, history, history_of_files, read_revision
from policydiff.renderers.history import (
    render_blame_json,
    render_blame_text,
    render_lineage_html,
    render_lineage_json,
    render_lineage_markdown,
    render_lineage_text,
)

ROOT = Path(__file__).resolve().parent.parent
V1 = (ROOT / "corpus" / "jpac" / "social-media-policy.txt").read_text(encoding="utf-8")
MOVED = (
    "- Once an image or information is in the public domain, it is potentially there forever"
    " - Google never forgets!\n"
)
JPAC_SITE = "- Any JPAC site MUST be used for professional purposes only i.e. only work related\n"
BLOGS = "- Personal blogs and websites\n"


def _edit(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


B = _edit(
    V1,
    "Post anything that could damage our Club's reputation.",
    "Post anything that might damage the reputation of our Club.",
)
C = _edit(_edit(B, MOVED, ""), JPAC_SITE, JPAC_SITE + MOVED)
D = _edit(C, "family via social media. However,", "family via social media.\n\nHowever,")
E = _edit(D, "- Online forums\n- WhatsApp\n", "- Online forums and WhatsApp groups\n")
G = _edit(E, "Social media rules\n", "Social media rules   \n\n\n")
H = _edit(G, "- Facebook\n", "- Facebook\n- Instagram\n")
I_ = _edit(G, BLOGS, "")
M = _edit(I_, "- Facebook\n", "- Facebook\n- Instagram\n")
J = _edit(M, "- Tumblr\n", "- Tumblr\n" + BLOGS)


class Git:
    """Runs git in a folder with fixed author and committer names and a date that moves a day a commit."""

    def __init__(self, where: Path) -> None:
        self.where = where
        self.day = 0

    def __call__(self, *args: str) -> str:
        env = {
            **os.environ,
            "GIT_AUTHOR_NAME": "Ann Author",
            "GIT_AUTHOR_EMAIL": "ann@example.org",
            "GIT_COMMITTER_NAME": "Ann Author",
            "GIT_COMMITTER_EMAIL": "ann@example.org",
            "GIT_AUTHOR_DATE": f"2024-01-{self.day + 1:02d}T10:00:00+00:00",
            "GIT_COMMITTER_DATE": f"2024-01-{self.day + 1:02d}T10:00:00+00:00",
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": os.devnull,
        }
        done = subprocess.run(
            ["git", *args], cwd=self.where, env=env, capture_output=True, text=True, check=True
        )
        return done.stdout.strip()

    def commit(self, message: str, files: dict[str, str] | None = None) -> str:
        for name, text in (files or {}).items():
            (self.where / name).write_text(text, encoding="utf-8")
            self("add", "--", name)
        self.day += 1
        self("commit", "-q", "--allow-empty-message", "-m", message)
        return self("rev-parse", "HEAD")


@dataclass(frozen=True)
class Scripted:
    """The scripted repository: where it is and the sha of each named commit."""

    path: Path
    sha: dict[str, str]

    def name(self, sha: str | None) -> str | None:
        """Return the script's name of a commit (A, B, …), None for None."""
        if sha is None:
            return None
        return next(k for k, v in self.sha.items() if v == sha)


def build(where: Path) -> Scripted:
    """Make the scripted history: reword, move, split, merge, rename, whitespace, branch merged, restore."""
    where.mkdir()
    git = Git(where)
    git("init", "-q", "-b", "main")
    sha = {"A": git.commit("Add social media policy", {"policy.txt": V1})}
    for name, text, message in [("B", B, "Reword"), ("C", C, "Move"), ("D", D, "Split"), ("E", E, "Merge")]:
        sha[name] = git.commit(message, {"policy.txt": text})
    git("mv", "policy.txt", "social-media.txt")
    sha["F"] = git.commit("Rename")
    sha["G"] = git.commit("Whitespace only", {"social-media.txt": G})
    git("checkout", "-q", "-b", "extra")
    sha["H"] = git.commit("Add Instagram", {"social-media.txt": H})
    git("checkout", "-q", "main")
    sha["I"] = git.commit("Drop blogs", {"social-media.txt": I_})
    git.day += 1
    git("merge", "-q", "--no-ff", "--no-edit", "extra")
    sha["M"] = git("rev-parse", "HEAD")
    assert (where / "social-media.txt").read_text(encoding="utf-8") == M
    sha["J"] = git.commit("Restore blogs", {"social-media.txt": J})
    return Scripted(where, sha)


@pytest.fixture(scope="module")
def scripted(tmp_path_factory: pytest.TempPathFactory) -> Scripted:
    return build(tmp_path_factory.mktemp("history") / "repo")


def by_text(lineage: Lineage, start: str) -> LineageClause:
    """Return the one lineage whose latest text starts with `start`, and that is still present."""
    found = [c for c in lineage.clauses if c.text.startswith(start) and c.removed is None]
    assert len(found) == 1, [c.id for c in found]
    return found[0]


def story(s: Scripted, clause: LineageClause) -> list[tuple[str | None, str]]:
    return [(s.name(e.commit), e.op.value) for e in clause.events]


def check_invariants(lineage: Lineage) -> None:
    """What holds for every lineage: unique ids, events only from listed versions, consistent fields."""
    ids = [c.id for c in lineage.clauses]
    assert len(ids) == len(set(ids))
    commits = {v.commit for v in lineage.versions}
    assert len(commits) == len(lineage.versions)
    for clause in lineage.clauses:
        assert all(e.commit in commits for e in clause.events)
        assert all(e.op.value != "unchanged" for e in clause.events)
        # A lineage starts with its addition, or as a new part of a split; older ones have no start.
        starts = [e for e in clause.events if e.op.value == "added" or clause.id not in e.from_]
        starts = [e for e in starts if e.op.value in ("added", "split")]
        if clause.introduced is None:
            assert starts == []
        else:
            assert starts == [clause.events[0]]
            assert clause.events[0].commit == clause.introduced
        if clause.removed is not None:
            assert clause.events[-1].commit == clause.removed
            assert clause.events[-1].op.value in ("removed", "merged")
            assert clause.events[-1].text is None
        changes = [e.commit for e in clause.events if e.op.value != "removed" and e.text is not None]
        assert clause.last_changed == (changes[-1] if changes else None)
        if clause.restored_from is not None:
            assert clause.restored_from in ids


def check_scripted(s: Scripted, lineage: Lineage) -> None:
    """The lineage of the scripted repository, exactly."""
    check_invariants(lineage)
    a = s.sha["A"]
    names = [s.name(v.commit) for v in lineage.versions]
    # The clean merge M only brought in H's change: it is not a version (as `git log --follow` lists them).
    assert names == ["A", "B", "C", "D", "E", "F", "G", "I", "H", "J"]
    parents = {s.name(v.commit): s.name(v.parent) for v in lineage.versions}
    assert parents == {
        "A": None, "B": "A", "C": "B", "D": "C", "E": "D", "F": "E", "G": "F", "H": "G", "I": "G",
        "J": "M",
    }  # fmt: skip
    assert [v.path for v in lineage.versions] == ["policy.txt"] * 5 + ["social-media.txt"] * 5
    first = lineage.versions[0]
    assert (first.date, first.author, first.message) == (
        "2024-01-02T10:00:00+00:00",
        "Ann Author",
        "Add social media policy",
    )
    # Nothing happened to any clause in the rename, the whitespace commit or the merge commit.
    changed = {s.name(e.commit) for c in lineage.clauses for e in c.events}
    assert changed == {"A", "B", "C", "D", "E", "H", "I", "J"}
    assert all(e.op.value != "unchanged" for c in lineage.clauses for e in c.events)

    reworded = by_text(lineage, "Post anything that might damage")
    assert reworded.id == f"{a}:15"
    assert story(s, reworded) == [("A", "added"), ("B", "reworded")]
    assert (s.name(reworded.introduced), s.name(reworded.last_changed), reworded.removed) == ("A", "B", None)

    moved = by_text(lineage, "Once an image")
    assert moved.id == f"{a}:25"
    assert story(s, moved) == [("A", "added"), ("C", "moved")]
    assert moved.section == ("Social media rules",)

    split_head = by_text(lineage, "JPAC LTD recognises")
    split_tail = by_text(lineage, "However, we have to balance")
    assert split_head.id == f"{a}:3"
    assert split_tail.id == f"{s.sha['D']}:4"
    assert story(s, split_head) == [("A", "added"), ("D", "split")]
    assert story(s, split_tail) == [("D", "split")]
    assert split_tail.events[0].from_ == (f"{a}:3",)
    assert split_tail.events[0].into == (f"{a}:3", f"{s.sha['D']}:4")
    assert (s.name(split_tail.introduced), split_tail.restored_from) == ("D", None)

    merged = by_text(lineage, "Online forums and WhatsApp groups")
    assert merged.id == f"{a}:11"
    assert story(s, merged) == [("A", "added"), ("E", "merged")]
    assert merged.events[1].from_ == (f"{a}:11", f"{a}:12")
    whatsapp = next(c for c in lineage.clauses if c.id == f"{a}:12")
    assert story(s, whatsapp) == [("A", "added"), ("E", "merged")]
    assert (s.name(whatsapp.removed), whatsapp.text) == ("E", "WhatsApp")

    # The branch's clause keeps the lineage it got on the branch through the merge commit.
    instagram = by_text(lineage, "Instagram")
    assert instagram.id.startswith(s.sha["H"] + ":")
    assert story(s, instagram) == [("H", "added")]

    blogs = [c for c in lineage.clauses if c.text == "Personal blogs and websites"]
    assert [(c.id, s.name(c.introduced), s.name(c.removed), c.restored_from) for c in blogs] == [
        (f"{a}:9", "A", "I", None),
        (f"{s.sha['J']}:11", "J", None, f"{a}:9"),
    ]
    assert story(s, blogs[0]) == [("A", "added"), ("I", "removed")]
    assert lineage.truncated_at is None
    assert lineage.warnings == ()


def test_history_follows_renames_and_aligns_merges_with_the_first_parent(scripted: Scripted) -> None:
    check_scripted(scripted, history("social-media.txt", repo=scripted.path))


def test_blame(scripted: Scripted) -> None:
    result = blame("social-media.txt", repo=scripted.path)
    assert result.rev == scripted.sha["J"]
    rows = {
        c.text[:24]: (
            scripted.name(c.introduced.commit if c.introduced else None),
            scripted.name(c.last_changed.commit if c.last_changed else None),
            c.revisions,
        )
        for c in result.clauses
    }
    assert len(result.clauses) == 29
    assert rows["JPAC LTD recognises that"] == ("A", "D", 1)
    assert rows["However, we have to bala"] == ("D", "D", 0)
    assert rows["Post anything that might"] == ("A", "B", 1)
    assert rows["Once an image or informa"] == ("A", "C", 1)
    assert rows["Online forums and WhatsA"] == ("A", "E", 1)
    assert rows["Instagram"] == ("H", "H", 0)
    assert rows["Personal blogs and websi"] == ("J", "J", 0)
    assert rows["Twitter"] == ("A", "A", 0)
    assert [c.id for c in result.clauses] == [f"c{n}" for n in range(1, 30)]
    first = result.clauses[0]
    assert first.introduced is not None
    assert (first.introduced.date, first.introduced.author) == ("2024-01-02T10:00:00+00:00", "Ann Author")


def test_blame_at_an_older_revision(scripted: Scripted) -> None:
    result = blame("policy.txt", repo=scripted.path, rev=scripted.sha["C"])
    assert result.rev == scripted.sha["C"]
    rows = {
        c.text[:24]: (scripted.name(c.last_changed.commit if c.last_changed else None))
        for c in result.clauses
    }
    assert rows["Post anything that might"] == "B"
    assert rows["Once an image or informa"] == "C"
    assert rows["WhatsApp"] == "A"


def test_history_range(scripted: Scripted) -> None:
    lineage = history("policy.txt", repo=scripted.path, from_rev=scripted.sha["C"], to_rev=scripted.sha["E"])
    s = scripted
    check_invariants(lineage)
    assert [s.name(v.commit) for v in lineage.versions] == ["D", "E"]
    head = by_text(lineage, "JPAC LTD recognises")
    assert head.id == f"{s.sha['C']}:3"
    assert (head.introduced, s.name(head.last_changed)) == (None, "D")
    assert story(s, head) == [("D", "split")]
    twitter = by_text(lineage, "Twitter")
    assert (twitter.introduced, twitter.last_changed, twitter.events) == (None, None, ())


def test_read_revision(scripted: Scripted) -> None:
    data, source = read_revision(scripted.path, scripted.sha["B"], "policy.txt")
    assert data.decode("utf-8") == B
    assert source == f"{scripted.sha['B']}:policy.txt"
    data, source = read_revision(scripted.path, "HEAD", "social-media.txt")
    assert (data.decode("utf-8"), source) == (J, "HEAD:social-media.txt")


def test_history_of_files(tmp_path: Path) -> None:
    texts = [V1, B, C, D, E, G, I_, M, J]
    paths = []
    for n, text in enumerate(texts, 1):
        path = tmp_path / f"v{n}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    lineage = history_of_files(paths)
    check_invariants(lineage)
    keys = [v.commit for v in lineage.versions]
    assert [v.path for v in lineage.versions] == paths
    assert [v.parent for v in lineage.versions] == [None, *keys[:-1]]
    assert all(len(k) == 64 for k in keys)
    name = {k: f"v{n}" for n, k in enumerate(keys, 1)}

    def events(clause: LineageClause) -> list[tuple[str, str]]:
        return [(name[e.commit], e.op.value) for e in clause.events]

    assert events(by_text(lineage, "Post anything that might")) == [("v1", "added"), ("v2", "reworded")]
    assert events(by_text(lineage, "Once an image")) == [("v1", "added"), ("v3", "moved")]
    assert events(by_text(lineage, "However, we have")) == [("v4", "split")]
    assert events(by_text(lineage, "Online forums and")) == [("v1", "added"), ("v5", "merged")]
    assert events(by_text(lineage, "Instagram")) == [("v8", "added")]
    assert by_text(lineage, "Post anything that might").id == f"{keys[0]}:15"
    blogs = [c for c in lineage.clauses if c.text == "Personal blogs and websites"]
    assert [(c.id, c.removed and name[c.removed], c.restored_from) for c in blogs] == [
        (f"{keys[0]}:9", "v7", None),
        (f"{keys[8]}:11", None, f"{keys[0]}:9"),
    ]
    # The whitespace-only version changed no clause.
    assert not any(name[e.commit] == "v6" for c in lineage.clauses for e in c.events)


def test_history_of_files_with_a_repeated_version(tmp_path: Path) -> None:
    first, second, third = tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "c.txt"
    first.write_text(V1, encoding="utf-8")
    second.write_text(I_, encoding="utf-8")
    third.write_text(V1, encoding="utf-8")
    lineage = history_of_files([str(first), str(second), str(third)])
    check_invariants(lineage)
    ids = [c.id for c in lineage.clauses]
    assert len(ids) == len(set(ids))
    restored = [c for c in lineage.clauses if c.restored_from]
    assert len(restored) >= 1


def test_bare_repository(scripted: Scripted, tmp_path: Path) -> None:
    bare = tmp_path / "bare.git"
    Git(tmp_path)("clone", "-q", "--bare", str(scripted.path), str(bare))
    check_scripted(scripted, history("social-media.txt", repo=bare))
    assert blame("social-media.txt", repo=bare).rev == scripted.sha["J"]


def test_worktree(tmp_path: Path) -> None:
    scripted = build(tmp_path / "repo")
    tree = tmp_path / "tree"
    Git(scripted.path)("worktree", "add", "-q", "--detach", str(tree), scripted.sha["I"])
    lineage = history("social-media.txt", repo=tree)
    assert [scripted.name(v.commit) for v in lineage.versions] == ["A", "B", "C", "D", "E", "F", "G", "I"]
    assert blame("social-media.txt", repo=tree).rev == scripted.sha["I"]
    check_scripted(scripted, history("social-media.txt", repo=tree, to_rev="main"))


def test_shallow_clone(scripted: Scripted, tmp_path: Path) -> None:
    shallow = tmp_path / "shallow"
    Git(tmp_path)("clone", "-q", "--depth", "2", f"file://{scripted.path}", str(shallow))
    lineage = history("social-media.txt", repo=shallow)
    s = scripted
    check_invariants(lineage)
    assert [s.name(v.commit) for v in lineage.versions] == ["M", "J"]
    assert lineage.truncated_at == s.sha["M"]
    assert [(w.code, w.message, w.path) for w in lineage.warnings] == [
        (
            "shallow-history",
            f"shallow clone: history starts at {s.sha['M'][:12]}; older clauses show no introduction",
            "social-media.txt",
        )
    ]
    twitter = by_text(lineage, "Twitter")
    assert (twitter.id, twitter.introduced, twitter.events) == (f"{s.sha['M']}:6", None, ())
    blogs = by_text(lineage, "Personal blogs")
    assert (s.name(blogs.introduced), blogs.restored_from) == ("J", None)
    result = blame("social-media.txt", repo=shallow)
    assert result.truncated_at == s.sha["M"]
    rows = {c.text: c for c in result.clauses}
    assert rows["Twitter"].introduced is None
    assert rows["Personal blogs and websites"].introduced == rows["Personal blogs and websites"].last_changed
    text = render_blame_text(result).decode("utf-8").splitlines()
    # Older than the shallow boundary: named by the boundary commit, said to be older.
    older = f"{s.sha['M'][:8]} or older"
    assert text[6].split() == [*older.split(), *older.split(), "0", "c6", "Twitter"]


def test_not_a_repository(tmp_path: Path) -> None:
    with pytest.raises(ReadError) as caught:
        history("policy.txt", repo=tmp_path)
    assert str(caught.value) == f"{tmp_path}: not a git repository"
    with pytest.raises(ReadError) as caught:
        blame("policy.txt", repo=tmp_path / "missing")
    assert str(caught.value) == f"{tmp_path / 'missing'}: not a git repository"


def test_a_folder_inside_a_repository_is_not_one(scripted: Scripted, tmp_path: Path) -> None:
    inner = scripted.path / "inner"
    inner.mkdir(exist_ok=True)
    with pytest.raises(ReadError) as caught:
        history("policy.txt", repo=inner)
    assert str(caught.value) == f"{inner}: not a git repository"


def test_path_never_existed(scripted: Scripted) -> None:
    with pytest.raises(ReadError) as caught:
        history("nowhere.txt", repo=scripted.path)
    assert str(caught.value) == "nowhere.txt: no commit in HEAD changed this path"
    with pytest.raises(ReadError) as caught:
        blame("nowhere.txt", repo=scripted.path)
    assert str(caught.value) == "nowhere.txt: not in HEAD"
    with pytest.raises(ReadError) as caught:
        read_revision(scripted.path, "HEAD", "nowhere.txt")
    assert str(caught.value) == f"nowhere.txt: not found at {scripted.sha['J'][:12]}"


def test_unknown_revision(scripted: Scripted) -> None:
    with pytest.raises(ReadError) as caught:
        history("social-media.txt", repo=scripted.path, to_rev="no-such-branch")
    assert str(caught.value) == f"{scripted.path}: unknown revision 'no-such-branch'"


@pytest.mark.parametrize("call", ["history", "from", "blame", "read"])
def test_a_revision_that_looks_like_an_option_is_refused(
    scripted: Scripted, tmp_path: Path, call: str
) -> None:
    target = tmp_path / "x"
    rev = f"--output={target}"
    with pytest.raises(UsageError) as caught:
        if call == "history":
            history("social-media.txt", repo=scripted.path, to_rev=rev)
        elif call == "from":
            history("social-media.txt", repo=scripted.path, from_rev=rev)
        elif call == "blame":
            blame("social-media.txt", repo=scripted.path, rev=rev)
        else:
            read_revision(scripted.path, rev, "social-media.txt")
    assert str(caught.value) == f"revision '--output={target}' looks like an option, refused"
    assert not target.exists()


def test_paths_outside_the_repository_are_refused(scripted: Scripted) -> None:
    with pytest.raises(UsageError) as caught:
        history("../secret.txt", repo=scripted.path)
    assert str(caught.value) == "'../secret.txt' leaves the repository"


LFS = (
    "version https://git-lfs.github.com/spec/v1\n"
    "oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n"
)


def test_lfs_pointer(tmp_path: Path) -> None:
    git = Git(tmp_path)
    git("init", "-q", "-b", "main")
    sha = git.commit("Add", {"big.docx": LFS})
    expected = f"big.docx: a Git LFS pointer, not the document, at {sha[:12]} (fetch it with git lfs)"
    for call in (
        lambda: history("big.docx", repo=tmp_path),
        lambda: blame("big.docx", repo=tmp_path),
        lambda: read_revision(tmp_path, "HEAD", "big.docx"),
    ):
        with pytest.raises(ReadError) as caught:
            call()
        assert str(caught.value) == expected


def test_a_folder_is_not_a_file(scripted: Scripted, tmp_path: Path) -> None:
    git = Git(tmp_path)
    git("init", "-q", "-b", "main")
    (tmp_path / "docs").mkdir()
    sha = git.commit("Add", {"docs/policy.txt": V1})
    with pytest.raises(ReadError) as caught:
        read_revision(tmp_path, "HEAD", "docs")
    assert str(caught.value) == f"docs: a folder, not a file, at {sha[:12]}"


def test_malicious_configuration_runs_nothing(tmp_path: Path) -> None:
    repo = tmp_path / "evil"
    repo.mkdir()
    marker = tmp_path / "ran"
    script = tmp_path / "payload.sh"
    script.write_text(f"#!/bin/sh\ntouch '{marker}'\ncat \"$1\" 2>/dev/null\nexit 0\n", encoding="utf-8")
    script.chmod(0o755)
    git = Git(repo)
    git("init", "-q", "-b", "main")
    git.commit("v1", {"policy.txt": V1, ".gitattributes": "*.txt diff=evil\n"})
    git.commit("v2", {"policy.txt": B})
    for key, value in [
        ("core.fsmonitor", str(script)),
        ("core.pager", str(script)),
        ("diff.external", str(script)),
        ("diff.evil.textconv", str(script)),
        ("diff.evil.command", str(script)),
        ("log.showSignature", "true"),
        ("gpg.program", str(script)),
        ("pager.log", str(script)),
        ("core.sshCommand", str(script)),
    ]:
        git("config", key, value)
    for hook in ("post-checkout", "pre-commit", "reference-transaction", "post-index-change", "pre-auto-gc"):
        path = repo / ".git" / "hooks" / hook
        path.write_text(f"#!/bin/sh\ntouch '{marker}'\n", encoding="utf-8")
        path.chmod(0o755)
    # The trap is armed: plain git runs the payload.
    subprocess.run(["git", "log", "-p", "-1"], cwd=repo, capture_output=True, check=True)
    assert marker.exists()
    marker.unlink()
    lineage = history("policy.txt", repo=repo)
    assert [e.op.value for c in lineage.clauses for e in c.events].count("reworded") == 1
    blame("policy.txt", repo=repo)
    read_revision(repo, "HEAD~1", "policy.txt")
    history_json = render_lineage_json(lineage)
    assert b"reworded" in history_json
    assert not marker.exists()


def _validate(data: bytes, name: str) -> dict[str, object]:
    jsonschema = pytest.importorskip("jsonschema")
    document = json.loads(data)
    jsonschema.Draft202012Validator(schemas.load(name)).validate(document)
    assert isinstance(document, dict)
    return document


def test_json_validates(scripted: Scripted, tmp_path: Path) -> None:
    lineage = history("social-media.txt", repo=scripted.path)
    document = _validate(render_lineage_json(lineage), "history")
    assert document["format"] == "policydiff.history"
    assert document["schema_version"] == 1
    assert document["path"] == "social-media.txt"
    assert document["truncated_at"] is None
    assert document["tool"] == {
        "name": "policydiff",
        "version": __version__,
        "options": {"repo": True, "from": None, "to": None},
    }
    clauses = document["clauses"]
    assert isinstance(clauses, list)
    restored = next(c for c in clauses if c["restored_from"])
    assert restored["events"] == [
        {
            "commit": scripted.sha["J"],
            "op": "added",
            "clause": "c11",
            "from": [],
            "into": [restored["id"]],
            "text": "Personal blogs and websites",
        }
    ]
    result = _validate(render_blame_json(blame("social-media.txt", repo=scripted.path)), "blame")
    assert result["format"] == "policydiff.blame"
    assert result["rev"] == scripted.sha["J"]
    shallow = tmp_path / "shallow"
    Git(tmp_path)("clone", "-q", "--depth", "2", f"file://{scripted.path}", str(shallow))
    document = _validate(render_lineage_json(history("social-media.txt", repo=shallow)), "history")
    assert document["truncated_at"] == scripted.sha["M"]
    assert document["warnings"][0]["code"] == "shallow-history"  # type: ignore[index]
    _validate(render_blame_json(blame("social-media.txt", repo=shallow)), "blame")
    files = tmp_path / "v1.txt", tmp_path / "v2.txt"
    files[0].write_text(V1, encoding="utf-8")
    files[1].write_text(B, encoding="utf-8")
    _validate(render_lineage_json(history_of_files([str(f) for f in files])), "history")


def test_readable_renderers(scripted: Scripted) -> None:
    lineage = history("social-media.txt", repo=scripted.path)
    s = scripted
    text = render_lineage_text(lineage).decode("utf-8")
    assert (
        f"6. {s.sha['F'][:8]}  2024-01-07  Ann Author  Rename\n"
        "   file: social-media.txt (renamed from policy.txt)\n   no clause changes\n"
    ) in text
    assert (
        "   Added     c11  (top level)  (restores the clause removed in version 9, "
        f"{s.sha['I'][:8]} (2024-01-10))\n      {{+Personal blogs and websites+}}\n"
    ) in text
    markdown = render_lineage_markdown(lineage).decode("utf-8")
    assert markdown.startswith("# History of social\\-media\\.txt\n")
    # Each version's row names the file as it was then (before the rename: policy.txt).
    row = f"| 2 | `{s.sha['B'][:8]}` | 2024-01-03 | Ann Author | Reword | policy\\.txt | 1 reworded |"
    assert row in markdown
    html = render_lineage_html(lineage).decode("utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "Post anything that might damage the reputation of our Club." in html
    assert "<script" not in html
    lines = render_blame_text(blame("social-media.txt", repo=s.path)).decode("utf-8").splitlines()
    assert lines[0].split() == ["introduced", "last", "changed", "changes", "clause"]
    a, b = s.sha["A"][:8], s.sha["B"][:8]
    title = "JPAC LTD Out of School Clubs".split()
    assert lines[1].split() == [a, "2024-01-02", a, "2024-01-02", "Ann", "Author", "0", "c1", *title]
    assert lines[16].split()[:9] == [a, "2024-01-02", b, "2024-01-03", "Ann", "Author", "1", "c16", "Post"]
    assert lines[16].endswith("  Post anything that might damage the reputation of our Club.")


def test_html_escapes_untrusted_text(tmp_path: Path) -> None:
    git = Git(tmp_path)
    git("init", "-q", "-b", "main")
    git.commit("<script>alert(1)</script>", {"p.txt": "Title\n\n<img src=x onerror=alert(1)> text here.\n"})
    html = render_lineage_html(history("p.txt", repo=tmp_path)).decode("utf-8")
    assert "<script>alert" not in html
    assert "<img" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_docx_renamed_and_saved_again_is_followed_on_its_text(tmp_path: Path) -> None:
    corpus = ROOT / "corpus"
    git = Git(tmp_path)
    git("init", "-q", "-b", "main")
    (tmp_path / "jpac.docx").write_bytes((corpus / "jpac" / "social-media-policy.docx").read_bytes())
    git("add", "jpac.docx")
    a = git.commit("Add the policy")
    git("rm", "-q", "jpac.docx")
    (tmp_path / "policy.docx").write_bytes((corpus / "jpac" / "social-media-policy-pandoc.docx").read_bytes())
    git("add", "policy.docx")
    b = git.commit("Rename and save with pandoc")
    # git's own rename detection misses it: the bytes are all new.
    assert git("log", "--follow", "--format=%H", "--", "policy.docx").split() == [b]
    lineage = history("policy.docx", repo=tmp_path)
    assert [(v.commit, v.path) for v in lineage.versions] == [(a, "jpac.docx"), (b, "policy.docx")]
    assert not any(e.commit == b for c in lineage.clauses for e in c.events)
    assert [(w.code, w.message) for w in lineage.warnings] == [
        (
            "rename-followed",
            f"jpac.docx became policy.docx at {b[:12]}: git saw a deletion and an addition, "
            "followed because their clauses align",
        )
    ]
    result = blame("policy.docx", repo=tmp_path)
    assert {c.introduced.commit for c in result.clauses if c.introduced} == {a}


def test_deleted_then_added_again(tmp_path: Path) -> None:
    git = Git(tmp_path)
    git("init", "-q", "-b", "main")
    a = git.commit("Add", {"p.txt": V1})
    git("rm", "-q", "p.txt")
    b = git.commit("Delete", {"other.txt": "x\n"})
    c = git.commit("Back", {"p.txt": B})
    lineage = history("p.txt", repo=tmp_path)
    check_invariants(lineage)
    assert [v.commit for v in lineage.versions] == [a, b, c]
    assert [(w.code, w.message, w.path) for w in lineage.warnings] == [
        ("deleted", f"deleted at {b[:12]}", "p.txt")
    ]
    twitter = [cl for cl in lineage.clauses if cl.text == "Twitter"]
    assert [(t.introduced, t.removed, t.restored_from) for t in twitter] == [
        (a, b, None),
        (c, None, f"{a}:5"),
    ]
    reworded = by_text(lineage, "Post anything that might")
    assert reworded.restored_from is None
    first = blame("p.txt", repo=tmp_path).clauses[0]
    assert (first.id, first.introduced.commit if first.introduced else None) == ("c1", c)


def test_a_range_that_changed_nothing(scripted: Scripted) -> None:
    s = scripted
    lineage = history("social-media.txt", repo=s.path, from_rev=s.sha["F"], to_rev=s.sha["F"])
    assert lineage.versions == ()
    assert len(lineage.clauses) == 28
    assert {(c.introduced, c.last_changed, c.removed, c.events) for c in lineage.clauses} == {
        (None, None, None, ())
    }
    assert lineage.clauses[0].id == f"{s.sha['F']}:1"
    _validate(render_lineage_json(lineage), "history")


def test_blame_agrees_with_history(scripted: Scripted) -> None:
    lineage = {c.id: c for c in history("social-media.txt", repo=scripted.path).clauses}
    for row in blame("social-media.txt", repo=scripted.path).clauses:
        clause = lineage[row.lineage]
        assert clause.removed is None
        assert row.text == clause.text
        assert (row.introduced.commit if row.introduced else None) == clause.introduced
        assert (row.last_changed.commit if row.last_changed else None) == clause.last_changed


def test_benchmark_runs_on_a_small_repository(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = importlib.util.spec_from_file_location("benchmark_history", ROOT / "benchmarks" / "history.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    path = module.generate(tmp_path / "repo", 40, 30, 3)
    lineage = history(path, repo=tmp_path / "repo")
    check_invariants(lineage)
    assert lineage.versions[-1].path == "renamed-policy.txt"
    assert lineage.versions[0].path == "policy.txt"
    assert module.main(["--revisions", "12", "--clauses", "20"]) == 0
    assert "history (library, in-process):" in capsys.readouterr().out
