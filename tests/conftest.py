"""Shared fixtures: the corpus, the real CLI, golden-file handling, external programs."""

from __future__ import annotations

import difflib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings

# No property test is timed: speed lives in benchmarks/, and a shared or slow host made hypothesis's
# default 200 ms deadline fail examples that are right (tests/test_json_templates.py, session 22).
settings.register_profile("policydiff", deadline=None)
settings.load_profile("policydiff")

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite golden files from the code")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


def check_golden(path: Path, actual: str, update: bool) -> None:
    """Compare `actual` with the golden file at `path` (or rewrite it), failing with a unified diff."""
    if update or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        if not update:
            pytest.fail(f"golden file {path.relative_to(ROOT)} was missing; written, check it in")
        return
    expected = path.read_text(encoding="utf-8")
    if expected != actual:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                actual.splitlines(keepends=True),
                str(path.relative_to(ROOT)),
                "actual",
            )
        )
        pytest.fail(f"output differs from {path.relative_to(ROOT)} (--update-golden rewrites it):\n{diff}")


def require_program(*names: str) -> str:
    """Return the path of the first program found; skip the test without it (a failure in CI)."""
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    message = f"needs {' or '.join(names)}, which is not installed (Debian: see .ci/run)"
    if IN_CI:
        pytest.fail(message + " — in CI a skip counts as a failure")
    pytest.skip(message)


def run_cli(*args: str, cwd: Path | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run the real `policydiff` command line in a subprocess and return what it did."""
    return subprocess.run(
        [sys.executable, "-m", "policydiff", *args],
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )
