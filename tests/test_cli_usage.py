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


# ------------------------------------------------------------------ the parser (argparse, decision 0023)


def test_an_option_takes_the_next_word_whatever_it_looks_like(pair: Path) -> None:
    """As getopt and click do: `-o -x.json` writes -x.json, `--slot -a=b` is a slot, `-o --` writes --."""
    result = run_cli("compare", "left.txt", "right.txt", "-o", "-x.json", "--slot", "-a=b", cwd=pair)
    assert (result.returncode, result.stderr) == (
        0,
        "policydiff: wrote -x.json: 2 changes — 1 reworded, 1 added\n",
    )
    assert json.loads((pair / "-x.json").read_bytes())["tool"]["options"]["slots"] == ["-a=b"]
    result = run_cli("compare", "left.txt", "right.txt", "-qo", "--", "--format", "md", cwd=pair)
    assert (result.returncode, result.stderr) == (0, "")
    assert (pair / "--").read_text("utf-8").startswith("# Policy comparison")


def test_output_dash_is_stdout_and_dot_slash_dash_is_a_file(pair: Path) -> None:
    """`-o -` writes to stdout, as most tools read it (it wrote a file named "-"); `-o ./-` is that file."""
    result = run_cli("compare", "left.txt", "right.txt", "-o", "-", "--format", "json", cwd=pair)
    assert (result.returncode, result.stderr) == (0, "")
    assert json.loads(result.stdout)["right"]["source"] == "right.txt"
    assert not (pair / "-").exists()
    result = run_cli("compare", "-q", "left.txt", "right.txt", "-o", "./-", "--format", "md", cwd=pair)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert (pair / "-").read_text("utf-8").startswith("# Policy comparison")


def test_words_after_a_double_dash_are_arguments(pair: Path) -> None:
    (pair / "-right.txt").write_text(RIGHT, "utf-8")
    result = run_cli("compare", "-q", "left.txt", "-o", "r.json", "--", "-right.txt", cwd=pair)
    assert (result.returncode, result.stderr) == (0, "")
    assert json.loads((pair / "r.json").read_bytes())["right"]["source"] == "-right.txt"
    result = run_cli("history", "left.txt", "--format", "json", "--", "-right.txt", "--debug", cwd=pair)
    assert (result.returncode, result.stderr) == (2, error("--debug: no such file"))


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["compare", "left.txt"], "Missing argument 'RIGHT'."),
        (["compare", "left.txt", "right.txt", "x", "y"], "Got unexpected extra arguments (x y)"),
        (
            ["compare", "left.txt", "right.txt", "--fromat", "json"],
            "No such option '--fromat'. Did you mean '--format'?",
        ),
        (["compare", "left.txt", "right.txt", "-qx"], "No such option '-x'."),
        (["compare", "left.txt", "right.txt", "-o"], "Option '-o' requires an argument."),
        (["compare", "left.txt", "right.txt", "--cover=yes"], "Option '--cover' does not take a value."),
        (
            ["compare", "left.txt", "right.txt", "--format", "pdf"],
            ("Invalid value for '--format': 'pdf' is not one of 'html', 'md', 'json', 'docx', 'text'."),
        ),
        (
            ["compare", "left.txt", "right.txt", "-o", "."],
            "Invalid value for '-o' / '--output': File '.' is a directory.",
        ),
        (
            ["compare", "left.txt", "right.txt", "--repo", "left.txt"],
            ("Invalid value for '--repo': Directory 'left.txt' is a file."),
        ),
        (
            ["matrix", "left.txt", "--min-support", "2"],
            "Invalid value for '--min-support': 2.0 is not in the range 0<=x<=1.",
        ),
        (
            ["matrix", "left.txt", "-j", "x"],
            "Invalid value for '--jobs' / '-j': 'x' is not a valid integer range.",
        ),
        (["blame", "left.txt"], "Missing option '--repo'."),
        (["history"], "Missing argument 'PATHS...'."),
        (["compar", "left.txt"], "No such command 'compar'. Did you mean 'compare'?"),
        (["--versio"], "No such option '--versio'. Did you mean '--version'?"),
    ],
)
def test_a_command_line_that_does_not_parse_is_one_line_even_with_debug(
    pair: Path, args: list[str], line: str
) -> None:
    for debug in ([], ["--debug"]):
        result = run_cli(*debug, *args, cwd=pair)
        assert (result.returncode, result.stderr, result.stdout) == (2, error(line), ""), debug


def test_version_and_help_pages(pair: Path) -> None:
    from policydiff import __version__

    result = run_cli("--version", cwd=pair)
    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        f"policydiff, version {__version__}\n",
        "",
    )
    result = run_cli("compare", "-h", cwd=pair)  # help before the missing arguments are noticed
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.startswith(
        "Usage: policydiff compare [OPTIONS] LEFT RIGHT\n\n"
        "  Compare two policies clause by clause and write a redline report.\n\n"
        "  LEFT and RIGHT are files, or with --repo two REV:PATH revisions (e.g.\n"
        "  v2023:policy.docx).\n\nOptions:\n"
        "  -o, --output FILE               Write to this file instead of stdout ('-':\n"
    )
    assert "[default: policydiff]" in result.stdout and result.stdout.endswith(
        "  -h, --help                      Show this message and exit.\n"
    )
    assert run_cli("compare", "--help", cwd=pair).stdout == result.stdout
    assert "-j, --jobs INTEGER RANGE" in run_cli("matrix", "--help", cwd=pair).stdout
    assert "  --repo DIRECTORY      The git repository.  [required]\n" in run_cli("blame", "-h").stdout


def test_the_progress_bar_draws_with_click_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from policydiff import cli

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr(cli, "_PROGRESS_AFTER", 0.0)
    with cli._Progress("history") as update:
        assert update is not None
        for done in range(1, 4):
            update(done, 3)
    assert "policydiff: history" in terminal.getvalue()
