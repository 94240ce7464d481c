"""The history, blame and `compare --repo` commands through the real CLI, on a real temporary repository."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import jsonschema

from policydiff.schemas import load as load_schema

from .conftest import CORPUS, run_cli

ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "Auditor",
    "GIT_AUTHOR_EMAIL": "a@example.org",
    "GIT_COMMITTER_NAME": "Auditor",
    "GIT_COMMITTER_EMAIL": "a@example.org",
    "GIT_AUTHOR_DATE": "2024-01-01T00:00:00Z",
    "GIT_COMMITTER_DATE": "2024-01-01T00:00:00Z",
    "GIT_CONFIG_NOSYSTEM": "1",
    "HOME": "/nonexistent",
}


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, env=ENV, check=True, capture_output=True)


def _repo(tmp_path: Path) -> Path:
    repo = tmp_path / "policies"
    repo.mkdir()
    _git(repo, "init", "-q", "-b", "main")
    text = (CORPUS / "jpac" / "social-media-policy.txt").read_text("utf-8")
    (repo / "policy.txt").write_text(text, "utf-8")
    _git(repo, "add", "policy.txt")
    _git(repo, "commit", "-q", "-m", "First version")
    _git(repo, "tag", "v1")
    (repo / "policy.txt").write_text(text.replace("will face disciplinary", "may face disciplinary"), "utf-8")
    _git(repo, "commit", "-q", "-am", "Soften the sanction")
    _git(repo, "tag", "v2")
    return repo


def test_compare_two_revisions(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    result = run_cli("compare", "--repo", str(repo), "v1:policy.txt", "v2:policy.txt", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["stats"]["reworded"] == 1
    assert data["left"]["source"].endswith("policy.txt")
    result = run_cli("compare", "--repo", str(repo), "v1:policy.txt", "policy.txt")
    assert result.returncode == 2
    assert result.stderr.startswith("policydiff: error: with --repo, a side is REV:PATH")


def test_history_and_blame_commands(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    result = run_cli("history", "policy.txt", "--repo", str(repo), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    jsonschema.validate(data, load_schema("history"))
    assert [v["message"].strip() for v in data["versions"]] == ["First version", "Soften the sanction"]
    result = run_cli("blame", "policy.txt", "--repo", str(repo), "--format", "json")
    assert result.returncode == 0, result.stderr
    blame = json.loads(result.stdout)
    jsonschema.validate(blame, load_schema("blame"))
    changed = [c for c in blame["clauses"] if c["revisions"] > 0]
    assert len(changed) == 1 and "may face disciplinary" in changed[0]["text"]


def test_history_of_files_given_in_order(tmp_path: Path) -> None:
    result = run_cli(
        "history",
        str(CORPUS / "jpac/social-media-policy.txt"),
        str(CORPUS / "kidspace/social-media-policy.txt"),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout


def test_option_like_revision_is_refused(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    target = tmp_path / "x"
    result = run_cli("blame", "policy.txt", "--repo", str(repo), "--rev", f"--output={target}")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "looks like an option" in result.stderr
    assert not target.exists()


def test_history_html_has_a_redline_per_step_and_a_timeline_per_clause(tmp_path: Path) -> None:
    import lxml.html

    repo = _repo(tmp_path)
    out = tmp_path / "history.html"
    result = run_cli("history", "policy.txt", "--repo", str(repo), "-o", str(out))
    assert result.returncode == 0, result.stderr
    page = lxml.html.fromstring(out.read_bytes())
    assert [e.text for e in page.xpath("//del")][-1] == "will"
    assert [e.text for e in page.xpath("//ins")][-1] == "may"
    timelines = page.xpath('//ol[@class="timeline"]')
    assert len(timelines) >= 1
    changed = [t for t in timelines if len(t.xpath("li")) == 2]
    assert len(changed) == 1 and "Reworded" in changed[0].text_content()
    assert changed[0].xpath('li/span[@class="badge op-reworded"]')


def test_bad_repositories_give_one_line_and_exit_2(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    plain = tmp_path / "plain"
    plain.mkdir()
    result = run_cli("history", "policy.txt", "--repo", str(plain))
    assert (result.returncode, result.stderr) == (2, f"policydiff: error: {plain}: not a git repository\n")
    result = run_cli("blame", "nowhere.txt", "--repo", str(repo))
    assert result.returncode == 2 and result.stderr.startswith("policydiff: error: nowhere.txt: ")
    assert result.stderr.count("\n") == 1
    (repo / "big.docx").write_text(
        "version https://git-lfs.github.com/spec/v1\noid sha256:" + "0" * 64 + "\nsize 12345\n"
    )
    _git(repo, "add", "big.docx")
    _git(repo, "commit", "-q", "-m", "LFS pointer")
    result = run_cli("compare", "--repo", str(repo), "HEAD:big.docx", "HEAD:policy.txt")
    assert result.returncode == 2
    assert "a Git LFS pointer, not the document" in result.stderr and result.stderr.count("\n") == 1


def test_history_from_a_revision_newer_than_to_is_one_line_and_exit_2(tmp_path: Path) -> None:
    # (--from v2 --to v1 gave an empty history, exit 0, as if nothing had changed between them)
    repo = _repo(tmp_path)
    out = tmp_path / "history.json"
    result = run_cli(
        "history", "policy.txt", "--repo", str(repo), "--from", "v2", "--to", "v1", "-o", str(out)
    )
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == "policydiff: error: --from v2 is newer than --to v1; swap them\n"
    assert not out.exists()
    result = run_cli(
        "history", "policy.txt", "--repo", str(repo), "--from", "v1", "--to", "v2", "--format", "json"
    )
    assert result.returncode == 0 and len(json.loads(result.stdout)["versions"]) == 1
    result = run_cli(
        "history", "policy.txt", "--repo", str(repo), "--from", "v2", "--to", "v2", "--format", "json"
    )
    assert (result.returncode, json.loads(result.stdout)["versions"]) == (
        0,
        [],
    )  # (an empty range, asked for)
