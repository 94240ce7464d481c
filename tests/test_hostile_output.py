"""Bad settings, hostile file names and output targets through the real CLI: one line and exit 2, or
the report written like a careful Unix tool (whole or not at all, devices written into, modes kept)."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import random
import re
import signal
import stat
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

TIMEOUT = 300
"""Seconds any one run may take before the test fails as a hang."""

LEFT = "Social Media Policy\n\nStaff must not post photos of children.\n\nReview this policy each year.\n"
RIGHT = "Social Media Policy\n\nStaff must never post photos of children.\n\nReview this policy each year.\n"

CAFE = os.fsdecode(b"caf\xe9.txt")
"""A file name whose bytes are not UTF-8 (Latin-1 `é`), as Python holds it: with a lone surrogate."""
CAFE_SHOWN = "caf\\xe9.txt"


@dataclass(frozen=True)
class Run:
    returncode: int
    stdout: bytes
    stderr: str


def run(*args: str | bytes, cwd: Path, umask: int | None = None) -> Run:
    """Run `policydiff ARGS` in `cwd` (arguments may be bytes: file names that are not UTF-8)."""
    proc = subprocess.run(
        [sys.executable, "-m", "policydiff", *args],
        cwd=cwd,
        capture_output=True,
        timeout=TIMEOUT,
        stdin=subprocess.DEVNULL,
        preexec_fn=(lambda: os.umask(umask)) if umask is not None else None,
        check=False,
    )
    return Run(proc.returncode, proc.stdout, proc.stderr.decode("utf-8", "backslashreplace"))


def error_line(cause: str) -> str:
    return f"policydiff: error: {cause}\n"


ONE_CHANGE = "1 change — 1 reworded"
"""What `left.txt` -> `right.txt` comes to, in the line a successful write prints."""


def wrote(target: str, summary: str = ONE_CHANGE) -> str:
    return f"policydiff: wrote {target}: {summary}\n"


@pytest.fixture
def pair(tmp_path: Path) -> Path:
    """Return a folder holding `left.txt` and `right.txt`, two versions of a short policy."""
    (tmp_path / "left.txt").write_text(LEFT, "utf-8")
    (tmp_path / "right.txt").write_text(RIGHT, "utf-8")
    return tmp_path


def temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# --------------------------------------------------------------------------- bad settings


BAD_SETTINGS = [
    ('budget = "x"', 'budget: expected a positive number, got "x"'),
    ("budget = nan", "budget: expected a positive number, got nan"),
    ("budget = inf", "budget: expected a positive number, got inf"),
    ("budget = -1", "budget: expected a positive number, got -1"),
    ("budget = 0", "budget: expected a positive number, got 0"),
    ("budget = true", "budget: expected a positive number, got true"),
    ("slots = [1, 2]", 'slots: expected a list of "OLD=NEW" strings, got [1, 2]'),
    ('slots = "JPAC=Kidspace"', 'slots: expected a list of "OLD=NEW" strings, got "JPAC=Kidspace"'),
    ('slots = ["JPAC"]', "slots: takes OLD=NEW, got 'JPAC'"),
    ('no_slots = "yes"', 'no_slots: expected true or false, got "yes"'),
    ('encoding = "rot13"', 'encoding: not a text encoding, got "rot13"'),
    ('encoding = "base64"', 'encoding: not a text encoding, got "base64"'),
    ('encoding = "klingon"', 'encoding: unknown encoding, got "klingon"'),
    ("encoding = 8", "encoding: expected a text encoding name, got 8"),
    ("thresholds = 0.5", "thresholds: expected a table, got 0.5"),
    ("[thresholds]\ngap = nan", "thresholds.gap: expected a number from 0 to 1, got nan"),
    ("[thresholds]\ngap = -0.1", "thresholds.gap: expected a number from 0 to 1, got -0.1"),
    ("[thresholds]\nmove = 2", "thresholds.move: expected a number from 0 to 1, got 2"),
    ('[thresholds]\nmove = "high"', 'thresholds.move: expected a number from 0 to 1, got "high"'),
    (
        "[thresholds]\nsmall_gap_size = 0.5",
        "thresholds.small_gap_size: expected a positive whole number, got 0.5",
    ),
]


@pytest.mark.parametrize(("toml", "cause"), BAD_SETTINGS, ids=[t for t, _ in BAD_SETTINGS])
def test_a_bad_setting_is_named_in_one_line_and_nothing_is_written(pair: Path, toml: str, cause: str) -> None:
    (pair / "policydiff.toml").write_text(toml + "\n", "utf-8")
    result = run("compare", "left.txt", "right.txt", "-o", "report.html", cwd=pair)
    assert (result.returncode, result.stderr) == (2, error_line(f"policydiff.toml: {cause}"))
    assert not (pair / "report.html").exists()
    assert temporaries(pair) == []


def test_a_bad_setting_in_pyproject_names_its_table(pair: Path) -> None:
    (pair / "pyproject.toml").write_text("[tool.policydiff]\nbudget = nan\n", "utf-8")
    result = run("compare", "left.txt", "right.txt", "-o", "report.json", cwd=pair)
    assert (result.returncode, result.stderr) == (
        2,
        error_line("pyproject.toml: tool.policydiff.budget: expected a positive number, got nan"),
    )
    assert not (pair / "report.json").exists()


def test_good_settings_still_run(pair: Path) -> None:
    toml = 'budget = 0.5\nno_slots = true\nencoding = "utf-8"\n[thresholds]\ngap = 0.3\nsmall_gap_size = 8\n'
    (pair / "policydiff.toml").write_text(toml, "utf-8")
    result = run("compare", "left.txt", "right.txt", "-o", "report.json", cwd=pair)
    assert (result.returncode, result.stderr) == (0, wrote("report.json"))
    assert json.loads((pair / "report.json").read_bytes())["format"] == "policydiff.comparison"


@pytest.mark.parametrize(
    ("encoding", "cause"),
    [
        ("rot13", "--encoding 'rot13': not a text encoding"),
        ("base64", "--encoding 'base64': not a text encoding"),
        ("hex", "--encoding 'hex': not a text encoding"),
        ("no-such-codec", "left.txt: unknown encoding 'no-such-codec'"),  # named by the reader
    ],
)
def test_encoding_must_be_a_text_codec(pair: Path, encoding: str, cause: str) -> None:
    for command in (["compare", "left.txt", "right.txt"], ["parse", "left.txt"]):
        result = run(*command, "--encoding", encoding, "-o", "out.json", cwd=pair)
        assert (result.returncode, result.stderr) == (2, error_line(cause))
        assert not (pair / "out.json").exists()


# --------------------------------------------------------------------------- names that are not UTF-8


@pytest.mark.parametrize("fmt", ["html", "md", "json", "text", "docx"])
def test_a_name_that_is_not_utf8_is_shown_escaped_in_every_report(pair: Path, fmt: str) -> None:
    (pair / CAFE).write_text(LEFT, "utf-8")
    result = run("compare", os.fsencode(CAFE), "right.txt", "--format", fmt, "-o", "report", cwd=pair)
    assert (result.returncode, result.stderr) == (0, wrote("report"))
    data = (pair / "report").read_bytes()
    if fmt == "json":
        assert json.loads(data)["left"]["source"] == CAFE_SHOWN
    elif fmt == "docx":
        with zipfile.ZipFile(pair / "report") as package:
            assert package.testzip() is None
    else:
        text = data.decode("utf-8")  # the whole report is valid UTF-8
        assert CAFE_SHOWN in text or fmt == "text"


def test_a_name_that_is_not_utf8_is_escaped_in_errors_and_warnings(pair: Path) -> None:
    result = run("compare", b"gon\xe9.txt", "right.txt", "-o", "report.html", cwd=pair)
    assert (result.returncode, result.stderr) == (2, error_line("gon\\xe9.txt: no such file"))
    assert not (pair / "report.html").exists()

    (pair / os.fsdecode(b"w\xe9.txt")).write_bytes(LEFT.replace("photos", "ph\xe9tos").encode("cp1252"))
    result = run("parse", b"w\xe9.txt", "--format", "json", cwd=pair)
    assert result.returncode == 0
    assert (
        result.stderr == "policydiff: warning: w\\xe9.txt: not valid UTF-8; read as Windows-1252 (cp1252)\n"
    )
    document = json.loads(result.stdout)
    assert document["source"] == "w\\xe9.txt"
    assert document["warnings"][0]["path"] == "w\\xe9.txt"

    result = run("compare", "left.txt", "right.txt", "-o", b"out\xe9/report.html", cwd=pair)  # folder made
    assert (result.returncode, result.stderr) == (0, wrote("out\\xe9/report.html"))
    assert (pair / os.fsdecode(b"out\xe9") / "report.html").is_file()


def test_history_and_matrix_show_names_that_are_not_utf8(pair: Path) -> None:
    (pair / CAFE).write_text(LEFT, "utf-8")
    result = run(
        "history", os.fsencode(CAFE), "right.txt", "--format", "html", "-o", "history.html", cwd=pair
    )
    assert (result.returncode, result.stderr) == (0, wrote("history.html", "2 versions, 3 clauses"))
    assert CAFE_SHOWN in (pair / "history.html").read_text("utf-8")
    for fmt in ("json", "md", "html", "csv"):
        result = run("matrix", os.fsencode(CAFE), "right.txt", "left.txt", "--format", fmt, cwd=pair)
        assert (result.returncode, result.stderr) == (0, "")
        text = result.stdout.decode("utf-8")
        if fmt == "json":
            assert json.loads(text)["documents"][0]["source"] == CAFE_SHOWN
        else:  # Markdown escapes the backslash itself: `caf\\xe9.txt` reads as caf\xe9.txt
            assert CAFE_SHOWN in text or CAFE_SHOWN.replace("\\", "\\\\") in text


# --------------------------------------------------------------------------- stopped while writing


@pytest.fixture(scope="module")
def big_pair(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a folder holding two 20,000-clause policies: writing their JSON comparison (made while it
    is written) takes a moment, so a signal can arrive while the temporary file exists."""
    folder = tmp_path_factory.mktemp("big")
    words = "staff must should may report record child parent safety policy manager concern online".split()
    rng = random.Random(20240517)
    clauses = [" ".join(rng.choice(words) for _ in range(14)).capitalize() for _ in range(20_000)]
    left = ["Big Policy", *(f"{c} number {n}." for n, c in enumerate(clauses))]
    right = ["Big Policy", *(f"{c} number {n}{' too' if n % 5 == 0 else ''}." for n, c in enumerate(clauses))]
    (folder / "left.txt").write_text("\n\n".join(left) + "\n", "utf-8")
    (folder / "right.txt").write_text("\n\n".join(right) + "\n", "utf-8")
    return folder


@pytest.mark.parametrize(
    ("signum", "code", "line"),
    [
        (signal.SIGTERM, 143, "policydiff: error: stopped by SIGTERM\n"),
        (signal.SIGHUP, 129, "policydiff: error: stopped by SIGHUP\n"),
        (signal.SIGINT, 130, "\npolicydiff: error: interrupted\n"),
    ],
    ids=["SIGTERM", "SIGHUP", "SIGINT"],
)
def test_a_signal_while_writing_leaves_no_temporary_file(
    big_pair: Path, tmp_path: Path, signum: int, code: int, line: str
) -> None:
    out = tmp_path / "report.json"
    out.write_bytes(b"the previous report\n")
    returncode, stderr = _signal_while_writing(big_pair, out, signum)
    assert (returncode, stderr) == (code, line)  # on Ctrl-C click ends the `^C` line first
    assert temporaries(tmp_path) == []
    assert out.read_bytes() == b"the previous report\n"


def test_an_ignored_sighup_stays_ignored(big_pair: Path, tmp_path: Path) -> None:
    """Under `nohup` (SIGHUP ignored on entry) the run goes on to the end."""
    out = tmp_path / "report.json"
    returncode, stderr = _signal_while_writing(big_pair, out, signal.SIGHUP, ignore=True)
    assert (returncode, stderr.startswith(f"policydiff: wrote {out}: "), stderr.count("\n")) == (0, True, 1)
    assert json.loads(out.read_bytes())["format"] == "policydiff.comparison"
    assert temporaries(tmp_path) == []


def _signal_while_writing(folder: Path, out: Path, signum: int, *, ignore: bool = False) -> tuple[int, str]:
    """Run `compare` of the big pair into `out`, send `signum` once its temporary file exists, and
    return the exit code and stderr."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "policydiff", "compare", "left.txt", "right.txt", "-o", str(out)],
        cwd=folder,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        # Ignored on entry only when asked: a test run under `nohup` must not pass its SIGHUP-ignoring on.
        preexec_fn=lambda: signal.signal(signum, signal.SIG_IGN if ignore else signal.SIG_DFL),
    )
    try:
        deadline = time.monotonic() + TIMEOUT
        while not temporaries(out.parent) and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        assert proc.poll() is None, "the command ended before its temporary file was seen"
        assert [re.fullmatch(r"\.pd-\w+\.tmp", name) is not None for name in temporaries(out.parent)] == [
            True
        ]
        proc.send_signal(signum)
        _, stderr = proc.communicate(timeout=TIMEOUT)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return proc.returncode, stderr.decode()


# --------------------------------------------------------------------------- output targets


def test_a_fifo_is_written_into_not_replaced(pair: Path) -> None:
    fifo = pair / "report.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def read() -> None:
        with fifo.open("rb") as handle:
            received.append(handle.read())

    reader = threading.Thread(target=read)
    reader.start()
    result = run("compare", "left.txt", "right.txt", "--format", "json", "-o", "report.fifo", cwd=pair)
    reader.join(TIMEOUT)
    assert (result.returncode, result.stderr) == (0, "")
    assert json.loads(received[0])["format"] == "policydiff.comparison"
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert temporaries(pair) == []


def test_dev_null_is_written_into_not_replaced(pair: Path) -> None:
    assert stat.S_ISCHR(Path(os.devnull).stat().st_mode)
    result = run("compare", "left.txt", "right.txt", "--format", "json", "-o", os.devnull, cwd=pair)
    assert (result.returncode, result.stderr) == (0, "")
    assert stat.S_ISCHR(Path(os.devnull).stat().st_mode)
    (pair / "null").symlink_to(os.devnull)
    result = run("compare", "left.txt", "right.txt", "--format", "html", "-o", "null", cwd=pair)
    assert (result.returncode, result.stderr) == (0, "")
    assert (pair / "null").is_symlink()
    assert stat.S_ISCHR(Path(os.devnull).stat().st_mode)


def test_a_symlink_to_standard_output_writes_there(pair: Path) -> None:
    (pair / "stdout").symlink_to("/proc/self/fd/1")
    result = run("compare", "left.txt", "right.txt", "--format", "json", "-o", "stdout", cwd=pair)
    assert (result.returncode, result.stderr) == (0, "")
    assert json.loads(result.stdout)["format"] == "policydiff.comparison"
    assert (pair / "stdout").is_symlink()
    assert str((pair / "stdout").readlink()) == "/proc/self/fd/1"


def test_a_full_device_is_one_error_line(pair: Path) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")
    result = run("compare", "left.txt", "right.txt", "--format", "json", "-o", "/dev/full", cwd=pair)
    assert (result.returncode, result.stderr) == (2, error_line("/dev/full: No space left on device"))


def test_a_name_as_long_as_the_file_system_allows(pair: Path) -> None:
    name = "r" * 245 + ".html"
    assert len(name) == 250
    result = run("compare", "left.txt", "right.txt", "-o", name, cwd=pair)
    assert (result.returncode, result.stderr) == (0, wrote(name))
    assert (pair / name).read_bytes().startswith(b"<!DOCTYPE html>")
    assert temporaries(pair) == []


def test_a_read_only_report_is_refused_and_left_alone(pair: Path) -> None:
    out = pair / "report.html"
    out.write_bytes(b"kept\n")
    out.chmod(0o444)
    result = run("compare", "left.txt", "right.txt", "-o", "report.html", cwd=pair)
    assert (result.returncode, result.stderr) == (
        2,
        error_line("report.html: is read-only; refusing to replace it"),
    )
    assert out.read_bytes() == b"kept\n"
    assert stat.S_IMODE(out.stat().st_mode) == 0o444
    assert temporaries(pair) == []


def test_a_replaced_report_keeps_its_mode_and_a_new_one_follows_the_umask(pair: Path) -> None:
    out = pair / "report.html"
    out.write_bytes(b"old\n")
    out.chmod(0o600)
    result = run("compare", "left.txt", "right.txt", "-o", "report.html", cwd=pair)
    assert (result.returncode, result.stderr) == (0, wrote("report.html"))
    assert out.read_bytes().startswith(b"<!DOCTYPE html>")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    result = run("compare", "left.txt", "right.txt", "-o", "new.html", cwd=pair, umask=0o027)
    assert (result.returncode, result.stderr) == (0, wrote("new.html"))
    assert stat.S_IMODE((pair / "new.html").stat().st_mode) == 0o640


def test_a_symlink_to_a_report_keeps_the_link(pair: Path) -> None:
    (pair / "reports").mkdir()
    (pair / "latest.html").symlink_to("reports/2024.html")
    (pair / "reports" / "2024.html").write_bytes(b"old\n")
    result = run("compare", "left.txt", "right.txt", "-o", "latest.html", cwd=pair)
    assert (result.returncode, result.stderr) == (0, wrote("latest.html"))
    assert (pair / "latest.html").is_symlink()
    assert (pair / "reports" / "2024.html").read_bytes().startswith(b"<!DOCTYPE html>")


def test_inputs_are_never_written_over(pair: Path) -> None:
    (pair / "alias.txt").symlink_to("left.txt")
    os.link(pair / "right.txt", pair / "hard.txt")
    for target in ("left.txt", "alias.txt", "hard.txt"):
        result = run("compare", "left.txt", "right.txt", "--format", "text", "-o", target, cwd=pair)
        source = "left.txt" if target != "hard.txt" else "right.txt"
        assert (result.returncode, result.stderr) == (
            2,
            error_line(f"{target}: refusing to overwrite the input {source}"),
        )
    assert (pair / "left.txt").read_text("utf-8") == LEFT
    assert (pair / "right.txt").read_text("utf-8") == RIGHT


def test_a_dangling_symlink_is_refused(pair: Path) -> None:
    (pair / "report.html").symlink_to("nowhere/report.html")
    result = run("compare", "left.txt", "right.txt", "-o", "report.html", cwd=pair)
    assert (result.returncode, result.stderr) == (
        2,
        error_line("report.html: is a symbolic link to nothing; refusing to write through it"),
    )
    assert not (pair / "nowhere").exists()


# --------------------------------------------------------------------------- matrix as one unit


def _family(folder: Path) -> list[str]:
    names = []
    for n, (word, extra) in enumerate(
        [("must", ""), ("should", " Ask first."), ("must", " Tell a manager.")]
    ):
        text = (
            f"Social Media Policy\n\nStaff {word} not post photos of children.{extra}\n\nReview each year.\n"
        )
        (folder / f"site{n}.txt").write_text(text, "utf-8")
        names.append(f"site{n}.txt")
    return names


def test_matrix_writes_redlines_and_report_as_one_unit(tmp_path: Path) -> None:
    files = _family(tmp_path)
    (tmp_path / "redlines").mkdir()
    result = run("matrix", *files, "--redlines", "redlines", "-o", "matrix.json", cwd=tmp_path)
    summary = "3 documents, 3 clause groups (3 in the master); the redlines in redlines"
    assert (result.returncode, result.stderr) == (0, wrote("matrix.json", summary))
    written = sorted(p.name for p in (tmp_path / "redlines").iterdir())
    assert written == ["01-site0.html", "02-site1.html", "03-site2.html"]
    assert json.loads((tmp_path / "matrix.json").read_bytes())["format"] == "policydiff.matrix"


def test_matrix_failing_half_way_leaves_nothing(tmp_path: Path) -> None:
    files = _family(tmp_path)
    folder = tmp_path / "redlines"
    folder.mkdir()
    blocked = folder / "03-site2.html"
    blocked.write_bytes(b"kept\n")
    blocked.chmod(0o444)
    result = run("matrix", *files, "--redlines", "redlines", "-o", "matrix.json", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (
        2,
        error_line("redlines/03-site2.html: is read-only; refusing to replace it"),
    )
    assert sorted(p.name for p in folder.iterdir()) == ["03-site2.html"]
    assert not (tmp_path / "matrix.json").exists()

    (tmp_path / "matrix.json").write_bytes(b"kept\n")
    (tmp_path / "matrix.json").chmod(0o444)
    blocked.chmod(0o644)
    result = run("matrix", *files, "--redlines", "redlines", "-o", "matrix.json", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (
        2,
        error_line("matrix.json: is read-only; refusing to replace it"),
    )
    assert sorted(p.name for p in folder.iterdir()) == ["03-site2.html"]
    assert blocked.read_bytes() == b"kept\n"


# --------------------------------------------------------------------------- history page


def _csp_of(page: str) -> str:
    found = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page)
    assert found, "no Content-Security-Policy meta"
    return found.group(1).replace("&#x27;", "'")


def _style_hash(page: str) -> str:
    found = re.search(r"<style>(.*?)</style>", page, re.S)
    assert found
    return base64.b64encode(hashlib.sha256(found.group(1).encode("utf-8")).digest()).decode()


def test_the_history_page_forbids_what_the_compare_page_forbids(pair: Path) -> None:
    pages: dict[str, str] = {}
    commands: dict[str, Sequence[str]] = {"history": ["history"], "compare": ["compare"]}
    for name, command in commands.items():
        result = run(*command, "left.txt", "right.txt", "--format", "html", "-o", f"{name}.html", cwd=pair)
        summary = "2 versions, 3 clauses" if name == "history" else ONE_CHANGE
        assert (result.returncode, result.stderr) == (0, wrote(f"{name}.html", summary))
        pages[name] = (pair / f"{name}.html").read_text("utf-8")
    for page in pages.values():
        assert _csp_of(page) == (
            f"default-src 'none'; style-src 'sha256-{_style_hash(page)}'; base-uri 'none'; form-action 'none'"
        )
        assert "<script" not in page
