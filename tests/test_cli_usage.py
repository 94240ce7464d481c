"""The command line explains itself: help, refusals of options that do not fit, hints, one success line."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from .conftest import run_cli

LEFT = "Social media policy\n\n1. Staff must not post photos of children.\n2. Report concerns to the lead.\n"
RIGHT = (
    "Social media policy\n\n1. Staff must never post photos of children.\n"
    "2. Report concerns to the lead.\n3. Phones stay in lockers.\n"
)


@pytest.fixture
def pair(tmp_path: Path) -> Path:
    (tmp_path / "left.txt").write_text(LEFT, "utf-8")
    (tmp_path / "right.txt").write_text(RIGHT, "utf-8")
    return tmp_path


def error(message: str) -> str:
    return f"policydiff: error: {message}\n"


def test_bare_policydiff_prints_its_help(tmp_path: Path) -> None:
    result = run_cli(cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.startswith("Usage: policydiff [OPTIONS] [COMMAND] [ARGS]...")
    for command in ("compare", "history", "blame", "matrix", "parse", "--quiet", "--debug"):
        assert command in result.stdout


def test_output_in_missing_folders_makes_them(pair: Path) -> None:
    result = run_cli("compare", "left.txt", "right.txt", "-o", "reports/2026/x.html", cwd=pair)
    assert (result.returncode, result.stderr) == (
        0,
        "policydiff: wrote reports/2026/x.html: 2 changes — 1 reworded, 1 added\n",
    )
    assert (pair / "reports/2026/x.html").read_text("utf-8").startswith("<!DOCTYPE html>")
    assert result.stdout == ""


def test_a_failed_write_leaves_no_folders_behind(pair: Path) -> None:
    result = run_cli("compare", "left.txt", "missing.txt", "-o", "reports/2026/x.html", cwd=pair)
    assert (result.returncode, result.stderr) == (2, error("missing.txt: no such file"))
    assert not (pair / "reports").exists()


def test_a_file_in_the_way_of_the_folder_is_one_line(pair: Path) -> None:
    (pair / "reports").write_text("not a folder", "utf-8")
    result = run_cli("compare", "left.txt", "right.txt", "-o", "reports/x.html", cwd=pair)
    assert (result.returncode, result.stderr) == (2, error("reports/x.html: reports is not a folder"))


def test_a_format_that_disagrees_with_the_suffix_is_refused(pair: Path) -> None:
    result = run_cli("compare", "left.txt", "right.txt", "-o", "x.html", "--format", "docx", cwd=pair)
    assert (result.returncode, result.stderr) == (
        2,
        error("--format docx does not match -o x.html (a .html file); change the suffix or drop --format"),
    )
    assert not (pair / "x.html").exists()


def test_a_format_that_agrees_or_an_unknown_suffix_is_accepted(pair: Path) -> None:
    result = run_cli("compare", "left.txt", "right.txt", "-o", "x.htm", "--format", "html", "-q", cwd=pair)
    assert (result.returncode, result.stderr) == (0, "")
    result = run_cli("compare", "left.txt", "right.txt", "-o", "x.out", "--format", "json", "-q", cwd=pair)
    assert (result.returncode, result.stderr) == (0, "")
    assert json.loads((pair / "x.out").read_bytes())["format"] == "policydiff.comparison"


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["--slot", "A=B", "--no-slots"], "--slot and --no-slots cannot be used together"),
        (["--cover"], "--cover needs --format docx (or -o FILE.docx)"),
        (["--author", "Ann", "--format", "html"], "--author needs --format docx (or -o FILE.docx)"),
    ],
    ids=["slot-no-slots", "cover-without-docx", "author-without-docx"],
)
def test_compare_options_that_do_not_fit_are_refused(pair: Path, args: list[str], line: str) -> None:
    result = run_cli("compare", "left.txt", "right.txt", *args, cwd=pair)
    assert (result.returncode, result.stderr, result.stdout) == (2, error(line), "")


def test_matrix_redline_format_needs_redlines(pair: Path) -> None:
    result = run_cli("matrix", "left.txt", "right.txt", "--redline-format", "md", cwd=pair)
    assert (result.returncode, result.stderr) == (2, error("--redline-format needs --redlines DIR"))


def test_history_revisions_need_a_repository(pair: Path) -> None:
    result = run_cli("history", "left.txt", "right.txt", "--from", "v1", cwd=pair)
    assert (result.returncode, result.stderr) == (2, error("--from, --to and --first-parent need --repo"))


@pytest.mark.parametrize(
    "args",
    [
        ["--debug", "-q", "compare", "left.txt", "right.txt", "-o", "r.json"],
        ["compare", "left.txt", "right.txt", "-o", "r.json", "--debug", "--quiet"],
        ["-q", "compare", "--debug", "left.txt", "right.txt", "-o", "r.json"],
    ],
    ids=["before", "after", "mixed"],
)
def test_debug_and_quiet_before_or_after_the_subcommand(pair: Path, args: list[str]) -> None:
    result = run_cli(*args, cwd=pair)
    assert (result.returncode, result.stderr) == (0, "")
    assert json.loads((pair / "r.json").read_bytes())["format"] == "policydiff.comparison"


def test_a_revision_without_repo_gets_a_hint(pair: Path) -> None:
    result = run_cli("compare", "HEAD~1:left.txt", "right.txt", cwd=pair)
    assert (result.returncode, result.stderr) == (
        2,
        error("HEAD~1:left.txt: no such file (to read REV:PATH from git, add --repo DIR)"),
    )
    result = run_cli("compare", "gone.txt", "right.txt", cwd=pair)
    assert (result.returncode, result.stderr) == (2, error("gone.txt: no such file"))


def test_success_lines_of_every_command(pair: Path) -> None:
    (pair / "third.txt").write_text(RIGHT.replace("lockers", "the office"), "utf-8")
    runs = {
        ("parse", "left.txt", "-o", "p.json"): "wrote p.json: 3 clauses",
        ("history", "left.txt", "right.txt", "-o", "h.md"): "wrote h.md: 2 versions, 4 clauses",
        ("matrix", "left.txt", "right.txt", "third.txt", "-o", "m.csv"): (
            "wrote m.csv: 3 documents, 4 clause groups (4 in the master)"
        ),
        ("compare", "left.txt", "left.txt", "-o", "same.md"): "wrote same.md: no changes",
    }
    for args, line in runs.items():
        result = run_cli(*args, cwd=pair)
        assert (result.returncode, result.stderr) == (0, f"policydiff: {line}\n"), args
        assert (pair / args[-1]).is_file()


def test_blame_success_line(tmp_path: Path) -> None:
    env = ["-c", "user.name=T", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "p.txt").write_text(LEFT, "utf-8")
    subprocess.run(["git", *env, "add", "p.txt"], cwd=tmp_path, check=True)
    subprocess.run(["git", *env, "commit", "-q", "-m", "one"], cwd=tmp_path, check=True)
    sha = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=tmp_path, check=True, capture_output=True, text=True
    ).stdout.strip()
    result = run_cli("blame", "p.txt", "--repo", ".", "-o", "b.json", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, f"policydiff: wrote b.json: 3 clauses at {sha[:12]}\n")


def test_nothing_on_stderr_when_writing_to_stdout_and_quiet_silences_the_line(pair: Path) -> None:
    result = run_cli("compare", "left.txt", "right.txt", "--format", "md", cwd=pair)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout
    result = run_cli("compare", "left.txt", "right.txt", "-o", "r.md", "-q", cwd=pair)
    assert (result.returncode, result.stderr, result.stdout) == (0, "", "")


def test_the_config_applies_to_history_and_matrix(pair: Path) -> None:
    (pair / "w.txt").write_text(LEFT.replace("photos", "photos (caf\u00e9)"), "latin-1")
    commands = (["history", "w.txt", "right.txt"], ["matrix", "w.txt", "right.txt"])
    for args in commands:
        result = run_cli(*args, "--format", "json", cwd=pair)
        assert result.stderr == "policydiff: warning: w.txt: not valid UTF-8; read as Windows-1252 (cp1252)\n"
    (pair / "policydiff.toml").write_text('encoding = "latin-1"\n', "utf-8")
    for args in commands:
        result = run_cli(*args, "--format", "json", cwd=pair)
        assert (result.returncode, result.stderr) == (0, ""), args
    (pair / "policydiff.toml").write_text("budget = 0\n", "utf-8")
    for args in (["history", "left.txt", "right.txt"], ["matrix", "left.txt", "right.txt"]):
        result = run_cli(*args, cwd=pair)
        assert (result.returncode, result.stderr) == (
            2,
            error("policydiff.toml: budget: expected a positive number, got 0"),
        ), args
