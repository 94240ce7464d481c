"""Docs stay true: every command has help and a README mention; the Quick start has exactly two blocks."""

from __future__ import annotations

import subprocess
import sys

import pytest

from policydiff.cli import cli

from .conftest import ROOT, run_cli

README = (ROOT / "README.md").read_text("utf-8")


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_has_help_and_a_readme_mention(name: str) -> None:
    result = run_cli(name, "--help")
    assert result.returncode == 0
    assert f"Usage: policydiff {name}" in result.stdout
    assert f"`policydiff {name} " in README


def test_quick_start_has_exactly_two_shell_blocks() -> None:
    for index in ("1", "2"):
        result = subprocess.run(
            [sys.executable, ".ci/quickstart.py", index], cwd=ROOT, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith("python3 -m venv .venv")
