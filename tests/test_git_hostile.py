"""A repository is untrusted: nothing in its config runs, nothing is fetched, no blob is read unbounded."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from policydiff import readers
from policydiff.errors import ReadError
from policydiff.history import blame, history, read_revision

from .conftest import run_cli

ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "A",
    "GIT_AUTHOR_EMAIL": "a@example.org",
    "GIT_COMMITTER_NAME": "A",
    "GIT_COMMITTER_EMAIL": "a@example.org",
    "GIT_CONFIG_NOSYSTEM": "1",
}
V1 = "Visitors Policy\n\nAll visitors must sign in at reception.\n\nStaff keep the register.\n"
V2 = "Visitors Policy\n\nAll visitors must sign in and out at reception.\n\nStaff keep the register.\n"


def git(where: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=where, env=ENV, capture_output=True, text=True, check=True)
    return done.stdout


def origin_with_history(tmp_path: Path) -> Path:
    origin = tmp_path / "origin"
    origin.mkdir()
    git(origin, "init", "-q", "-b", "main")
    git(origin, "config", "uploadpack.allowFilter", "true")
    git(origin, "config", "uploadpack.allowAnySHA1InWant", "true")
    for text, message in ((V1, "v1"), (V2, "v2")):
        (origin / "policy.txt").write_text(text, encoding="utf-8")
        git(origin, "add", "policy.txt")
        git(origin, "commit", "-q", "-m", message)
    return origin


def partial_clone(tmp_path: Path, origin: Path) -> Path:
    """Return a blob-less clone: its commits and trees are here, every blob is left on the promisor."""
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--filter=blob:none", "--no-checkout", f"file://{origin}", str(clone)],
        env=ENV,
        check=True,
        capture_output=True,
    )
    return clone


def packs(repo: Path) -> set[str]:
    return {p.name for p in (repo / ".git" / "objects" / "pack").iterdir()}


def arm_uploadpack(clone: Path, marker: Path) -> None:
    git(clone, "config", "remote.origin.uploadpack", f"touch '{marker}'; git-upload-pack")
    # A repository may also try to re-allow the transport for itself.
    git(clone, "config", "protocol.allow", "always")
    git(clone, "config", "protocol.file.allow", "always")


def arm_ssh(clone: Path, marker: Path) -> None:
    git(clone, "config", "remote.origin.url", "ssh://attacker.invalid/repo.git")
    git(clone, "config", "core.sshCommand", f"touch '{marker}'; false")
    git(clone, "config", "protocol.ssh.allow", "always")


@pytest.mark.parametrize("arm", [arm_uploadpack, arm_ssh], ids=["uploadpack", "sshCommand"])
def test_a_partial_clone_cannot_make_us_run_its_promisor_command(
    tmp_path: Path, arm: Callable[[Path, Path], None]
) -> None:
    origin = origin_with_history(tmp_path)
    clone = partial_clone(tmp_path, origin)
    marker = tmp_path / "ran"
    arm(clone, marker)
    before = packs(clone)
    # The trap is armed: plain git runs the payload to fetch the missing blob.
    subprocess.run(["git", "show", "HEAD:policy.txt"], cwd=clone, env=ENV, capture_output=True)
    assert marker.exists()
    marker.unlink()
    armed_packs = packs(clone)  # the uploadpack payload may have fetched a pack: compare from here
    if arm is arm_uploadpack:
        assert armed_packs != before
        clone = partial_clone(tmp_path / "again", origin)
        arm(clone, marker)
        armed_packs = packs(clone)

    for call in (
        lambda: history("policy.txt", repo=clone),
        lambda: blame("policy.txt", repo=clone),
        lambda: read_revision(clone, "HEAD~1", "policy.txt"),
    ):
        with pytest.raises(ReadError) as caught:
            call()
        assert "the repository is a partial clone and lacks policy.txt at" in caught.value.cause
        assert caught.value.cause.endswith("; fetch it first")
    assert not marker.exists()
    assert packs(clone) == armed_packs  # nothing fetched, nothing written


def test_the_cli_says_one_line_for_a_partial_clone(tmp_path: Path) -> None:
    origin = origin_with_history(tmp_path)
    clone = partial_clone(tmp_path, origin)
    marker = tmp_path / "ran"
    arm_uploadpack(clone, marker)
    out = tmp_path / "report.html"
    for args in (
        ["history", "policy.txt", "--repo", str(clone), "-o", str(out)],
        ["blame", "policy.txt", "--repo", str(clone)],
        ["compare", "HEAD~1:policy.txt", "HEAD:policy.txt", "--repo", str(clone), "-o", str(out)],
    ):
        done = subprocess.run(
            [sys.executable, "-m", "policydiff", *args], capture_output=True, text=True, env=ENV
        )
        assert done.returncode == 2, done.stderr
        lines = done.stderr.splitlines()
        assert len(lines) == 1, done.stderr
        assert lines[0].startswith(
            f"policydiff: error: {clone}: the repository is a partial clone and lacks "
        )
        assert not out.exists()
    assert not marker.exists()


def test_a_partial_clone_with_its_blobs_fetched_reads_normally(tmp_path: Path) -> None:
    origin = origin_with_history(tmp_path)
    clone = partial_clone(tmp_path, origin)
    for rev in ("HEAD~1", "HEAD"):  # the user fetches the blobs first, with their own git
        git(clone, "cat-file", "-p", f"{rev}:policy.txt")
    lineage = history("policy.txt", repo=clone)
    assert len(lineage.versions) == 2


def test_a_blob_over_the_input_limit_is_refused_by_its_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    (repo / "policy.txt").write_text(V1 + "Padding line of the policy.\n" * 400, encoding="utf-8")
    git(repo, "add", "policy.txt")
    git(repo, "commit", "-q", "-m", "v1")
    size = (repo / "policy.txt").stat().st_size
    monkeypatch.setattr(readers, "MAX_INPUT_BYTES", size - 1)
    for call in (
        lambda: history("policy.txt", repo=repo),
        lambda: read_revision(repo, "HEAD", "policy.txt"),
    ):
        with pytest.raises(ReadError, match=rf"is {size:,} bytes, over the {size - 1:,}-byte input limit"):
            call()


def test_a_submodule_at_the_path_is_named_in_one_line(tmp_path: Path) -> None:
    # A submodule (a gitlink, no file) where the policy is asked for: the cause says "a submodule", not
    # "a commit" (git's object type) nor "not found"; exit 2, one line, nothing written.
    origin = origin_with_history(tmp_path)
    head = git(origin, "rev-parse", "HEAD").strip()
    git(origin, "update-index", "--add", "--cacheinfo", f"160000,{head},vendor/policy")
    git(origin, "commit", "-q", "-m", "a submodule")
    out = tmp_path / "report.html"
    for args in (
        ["history", "vendor/policy", "--repo", str(origin), "-o", str(out)],
        ["blame", "vendor/policy", "--repo", str(origin)],
        ["compare", "HEAD:vendor/policy", "HEAD:policy.txt", "--repo", str(origin), "-o", str(out)],
    ):
        done = run_cli(*args)
        assert (done.returncode, done.stdout) == (2, ""), done.stderr
        cause = "in HEAD" if args[0] == "blame" else f"at {git(origin, 'rev-parse', 'HEAD').strip()[:12]}"
        assert done.stderr == f"policydiff: error: vendor/policy: a submodule, not a file, {cause}\n", args
        assert not out.exists()


@pytest.mark.parametrize("where", ["config", "work tree"])
def test_a_mailmap_that_is_a_fifo_cannot_stop_a_history(tmp_path: Path, where: str) -> None:
    # `git log` reads the mailmap when it starts: the file the repository's config names (`mailmap.file`,
    # any path) and the work tree's `.mailmap`. A FIFO there made git wait for a writer for ever, so
    # `history` and `blame` never returned. Now only the `.mailmap` committed at HEAD is read (a blob), and
    # the authors are still named through it.
    origin = origin_with_history(tmp_path)
    (origin / ".mailmap").write_text("Alice Smith <alice@example.org> <a@example.org>\n", encoding="utf-8")
    git(origin, "add", ".mailmap")
    git(origin, "commit", "-q", "-m", "mailmap")
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    if where == "config":
        git(origin, "config", "mailmap.file", str(fifo))
    else:
        (origin / ".mailmap").unlink()
        os.mkfifo(origin / ".mailmap")
    for args in (("history", "policy.txt", "--format", "json"), ("blame", "policy.txt", "--format", "json")):
        done = run_cli(*args, "--repo", str(origin), timeout=60)  # (a hang is a TimeoutExpired)
        assert done.returncode == 0, done.stderr
        assert "Alice Smith" in done.stdout


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "policydiff", *args], capture_output=True, text=True, env=ENV
    )


def test_a_blob_the_repository_lacks_is_named_missing_not_not_found(tmp_path: Path) -> None:
    # A damaged repository: the older version's blob was removed from the object store (a broken copy, a
    # failed gc). The path is in the commit's tree, so "not found at <commit>" sent a reader looking for a
    # rename; the cause is the object (session 26). One line, exit 2, for each command.
    origin = origin_with_history(tmp_path)
    blob = git(origin, "rev-parse", "HEAD~1:policy.txt").strip()
    commit = git(origin, "rev-parse", "HEAD~1").strip()
    (origin / ".git" / "objects" / blob[:2] / blob[2:]).unlink()
    cause = f"its object {blob[:12]} at {commit[:12]} is missing or corrupt (a damaged repository)"
    for args in (
        ["history", "policy.txt", "--repo", str(origin), "--format", "json"],
        ["blame", "policy.txt", "--repo", str(origin), "--rev", "HEAD~1"],
        ["compare", "HEAD~1:policy.txt", "HEAD:policy.txt", "--repo", str(origin), "--format", "json"],
    ):
        done = _cli(*args)
        assert done.returncode == 2, done.stderr
        assert done.stderr.splitlines() == [f"policydiff: error: policy.txt: {cause}"]
        assert not done.stdout
    done = _cli("blame", "nowhere.txt", "--repo", str(origin), "--rev", "HEAD~1")
    assert done.returncode == 2 and "nowhere.txt: " in done.stderr and "missing or corrupt" not in done.stderr


def test_filter_drivers_hooks_path_and_fsmonitor_run_nothing(tmp_path: Path) -> None:
    # `.gitattributes` names a filter driver (clean, smudge, a long-running process) and a textconv; the
    # config points `core.hooksPath` at a folder of hooks and `core.fsmonitor` at a program. Plain git runs
    # them; history, blame and compare read objects only and run none.
    origin = origin_with_history(tmp_path)
    marker = tmp_path / "ran"
    payload = tmp_path / "payload.sh"
    payload.write_text(f"#!/bin/sh\necho \"$1\" >> '{marker}'\ncat\n", encoding="utf-8")
    payload.chmod(0o755)
    (origin / ".gitattributes").write_text("*.txt filter=evil diff=evil\n", encoding="utf-8")
    git(origin, "add", ".gitattributes")
    git(origin, "commit", "-q", "-m", "attributes")
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    for hook in ("pre-commit", "post-checkout", "reference-transaction", "post-index-change", "pre-auto-gc"):
        (hooks / hook).write_text(f"#!/bin/sh\necho hook >> '{marker}'\n", encoding="utf-8")
        (hooks / hook).chmod(0o755)
    for key, value in [
        ("filter.evil.clean", f"{payload} clean"),
        ("filter.evil.smudge", f"{payload} smudge"),
        ("filter.evil.process", f"{payload} process"),
        ("filter.evil.required", "true"),
        ("diff.evil.textconv", f"{payload} textconv"),
        ("core.hooksPath", str(hooks)),
        ("core.fsmonitor", f"{payload} fsmonitor"),
    ]:
        git(origin, "config", key, value)
    # The trap is armed: plain git runs the hooks and the filter.
    subprocess.run(
        ["git", "commit", "-q", "--allow-empty", "-m", "x"], cwd=origin, env=ENV, capture_output=True
    )
    subprocess.run(["git", "checkout", "--", "policy.txt"], cwd=origin, env=ENV, capture_output=True)
    assert marker.exists()
    marker.unlink()
    out = tmp_path / "out.json"
    for args in (
        ["history", "policy.txt", "--repo", str(origin), "-o", str(out)],
        ["blame", "policy.txt", "--repo", str(origin), "-o", str(out)],
        ["compare", "HEAD~2:policy.txt", "HEAD:policy.txt", "--repo", str(origin), "-o", str(out)],
    ):
        done = _cli(*args, "-q")
        assert done.returncode in (0, 1), done.stderr  # (compare: 1 when the versions differ)
        assert out.exists()
        out.unlink()
    assert not marker.exists()
