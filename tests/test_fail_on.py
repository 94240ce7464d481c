"""`--fail-on CLASSES` with `--exit-code`: a CI gate that fails only on the change classes asked for."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

LEFT = "Visitors Policy\n\nVisitors may sign the visitors book at reception.\n\nStaff keep the register.\n"
RIGHT = LEFT.replace("may sign", "must sign").replace("the register", "the daily register")


def _run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "a.txt").write_text(LEFT, encoding="utf-8")
    (tmp_path / "b.txt").write_text(RIGHT, encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "policydiff", "compare", "a.txt", "b.txt", "-q", *args],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )


def test_fail_on_a_class_that_happened_exits_1(tmp_path: Path) -> None:
    done = _run(tmp_path, "--format", "json", "--exit-code", "--fail-on", "modality,negation")
    assert done.returncode == 1, done.stderr
    assert '"class": "modality"' in done.stdout


def test_fail_on_a_class_that_did_not_happen_exits_0(tmp_path: Path) -> None:
    done = _run(tmp_path, "--format", "json", "--exit-code", "--fail-on", "negation,date")
    assert done.returncode == 0, done.stderr
    assert _run(tmp_path, "--format", "json", "--exit-code").returncode == 1  # the texts still differ


def test_fail_on_is_checked_before_anything_is_written(tmp_path: Path) -> None:
    done = _run(tmp_path, "-o", "r.html", "--exit-code", "--fail-on", "modality,obligation")
    assert done.returncode == 2
    assert done.stderr == (
        "policydiff: error: --fail-on: unknown change class 'obligation' "
        "(one of modality, negation, number, date, role, link)\n"
    )
    assert not (tmp_path / "r.html").exists()
    done = _run(tmp_path, "--fail-on", "modality")
    assert (done.returncode, done.stderr) == (2, "policydiff: error: --fail-on needs --exit-code\n")
