"""`policydiff matrix` through the real CLI: formats, redlines, unreadable files."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import jsonschema
import pytest

from policydiff import parse
from policydiff.schemas import load as load_schema

from .conftest import ROOT, run_cli

FAMILY = [
    "corpus/jpac/social-media-policy.txt",
    "corpus/kidspace/social-media-policy.txt",
    "corpus/sites/hilltop-kids-club.txt",
    "corpus/sites/riverside-wraparound.txt",
    "corpus/sites/sunnyside-club.txt",
]


def test_matrix_json_and_redlines(tmp_path: Path) -> None:
    out = tmp_path / "matrix.json"
    folder = tmp_path / "redlines"
    folder.mkdir()
    result = run_cli("matrix", *FAMILY, "-o", str(out), "--redlines", str(folder), "--redline-format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(out.read_text("utf-8"))
    jsonschema.validate(data, load_schema("matrix"))
    assert [d["source"] for d in data["documents"]] == FAMILY
    written = sorted(folder.iterdir())
    assert len(written) == len(FAMILY)
    for path in written:
        jsonschema.validate(json.loads(path.read_text("utf-8")), load_schema("comparison"))


def test_an_unreadable_file_is_named_and_nothing_is_written(tmp_path: Path) -> None:
    out = tmp_path / "matrix.csv"
    result = run_cli("matrix", *FAMILY[:2], "missing.txt", "-o", str(out))
    assert (result.returncode, result.stderr) == (2, "policydiff: error: missing.txt: no such file\n")
    assert not out.exists()
    result = run_cli("matrix", *FAMILY[:2], "missing.txt", "-o", str(out), "--skip-unreadable")
    assert result.returncode == 0, result.stderr
    assert "policydiff: warning: missing.txt: " in result.stderr
    assert out.read_text("utf-8").startswith("group,section,consensus")


def test_jobs_give_the_same_report_and_bad_jobs_are_refused(tmp_path: Path) -> None:
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"matrix-{jobs}.csv"
        result = run_cli("matrix", *FAMILY * 2, "-o", str(out), "--jobs", jobs, "-q")
        assert (result.returncode, result.stderr) == (0, "")
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    # One row per document holding a group: every clause of the ten documents once.
    assert outputs[0].count(b"\r\n") - 1 == 2 * sum(len(parse(ROOT / path).clauses) for path in FAMILY)
    result = run_cli("matrix", *FAMILY, "--jobs", "0", "-o", str(tmp_path / "x.csv"))
    assert (result.returncode, result.stderr) == (
        2,
        "policydiff: error: Invalid value for '--jobs' / '-j': 0 is not in the range x>=1.\n",
    )
    assert not (tmp_path / "x.csv").exists()


@pytest.mark.parametrize(
    ("signum", "code", "line"),
    [
        (signal.SIGTERM, 143, "policydiff: error: stopped by SIGTERM\n"),
        (signal.SIGINT, 130, "\npolicydiff: error: interrupted\n"),
    ],
    ids=["SIGTERM", "SIGINT"],
)
def test_a_signal_while_reading_in_processes_leaves_no_worker(
    tmp_path: Path, signum: int, code: int, line: str
) -> None:
    children = Path("/proc/self/task")
    if not children.is_dir():
        pytest.skip("needs /proc to see the worker processes")
    files = [ROOT / path for path in FAMILY] * 200  # 1,000 documents: reading takes a while
    out = tmp_path / "matrix.json"
    # `with`: the pipes are closed even when the run hangs and is killed (left open, they were reported
    # as unraisable ResourceWarnings in whichever test ran next).
    with subprocess.Popen(
        [sys.executable, "-m", "policydiff", "matrix", *map(str, files), "-o", str(out), "--jobs", "2"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        # As a terminal starts it: a test run started in the background (`pytest &`) ignores SIGINT, and
        # a program started with SIGINT ignored rightly keeps ignoring it (it ran to the end, exit 0).
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    ) as proc:
        try:
            workers: list[int] = []
            deadline = time.monotonic() + 60
            while len(workers) < 2 and proc.poll() is None and time.monotonic() < deadline:
                time.sleep(0.02)
                found = Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
                workers = [int(p) for p in found.read_text().split()] if found.exists() else []
            assert proc.poll() is None and len(workers) == 2, "the reading processes were not seen"
            proc.send_signal(signum)
            _, stderr = proc.communicate(timeout=60)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    assert (proc.returncode, stderr.decode()) == (code, line)
    assert not out.exists()
    time.sleep(0.2)
    assert [w for w in workers if Path(f"/proc/{w}").exists() and "Z" not in _state(w)] == []


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "Z"
