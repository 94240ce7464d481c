"""The terminal view's colours on the command line: `--color=auto|always|never` and NO_COLOR."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT

ARGS = ("compare", "corpus/jpac/social-media-policy.txt", "corpus/kidspace/social-media-policy.txt")


def _run(*args: str, no_color: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    if no_color is not None:
        env["NO_COLOR"] = no_color
    return subprocess.run(
        [sys.executable, "-m", "policydiff", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def _run_on_a_terminal(*args: str, no_color: str | None = None) -> str:
    """Return what the CLI writes when its stdout is a terminal (a pseudo-terminal here)."""
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    if no_color is not None:
        env["NO_COLOR"] = no_color
    main, child = pty.openpty()
    with subprocess.Popen(
        [sys.executable, "-m", "policydiff", *args],
        stdout=child,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
        cwd=ROOT,
        env=env,
    ) as process:
        os.close(child)
        chunks = []
        while True:
            try:
                chunk = os.read(main, 65536)
            except OSError:  # EIO: the child closed its side
                break
            if not chunk:
                break
            chunks.append(chunk)
        process.wait(timeout=120)
    os.close(main)
    return b"".join(chunks).decode("utf-8")


def test_color_always_and_never_whatever_the_output() -> None:
    always = _run(*ARGS, "--color=always")
    assert always.returncode == 0 and "\x1b[31m[-have to-]\x1b[0m" in always.stdout
    never = _run(*ARGS, "--color=never")
    assert never.returncode == 0 and "\x1b[" not in never.stdout and "[-have to-]{+must+}" in never.stdout
    assert "\x1b[" in _run(*ARGS, "--color", "always", no_color="1").stdout, "a flag overrides NO_COLOR"
    assert "\x1b[" not in _run(*ARGS).stdout, "auto: no colour into a pipe"


def test_color_auto_on_a_terminal_respects_no_color() -> None:
    assert "\x1b[32m{+must+}\x1b[0m" in _run_on_a_terminal(*ARGS)
    assert "\x1b[" not in _run_on_a_terminal(*ARGS, no_color="1")
    assert "\x1b[" in _run_on_a_terminal(*ARGS, no_color=""), "an empty NO_COLOR is unset"
    assert "\x1b[" not in _run_on_a_terminal(*ARGS, "--color=never")


def test_color_refused_outside_the_terminal_view_and_checked(tmp_path: Path) -> None:
    result = _run(*ARGS, "--color=always", "-o", str(tmp_path / "r.html"))
    assert result.returncode == 2
    assert result.stderr == "policydiff: error: --color needs the terminal view (--format text)\n"
    assert not (tmp_path / "r.html").exists()
    result = _run(*ARGS, "--color=rainbow")
    assert result.returncode == 2
    assert result.stderr == (
        "policydiff: error: Invalid value for '--color': 'rainbow' is not one of 'auto', 'always', 'never'.\n"
    )
