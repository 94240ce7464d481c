"""The committed example reports in reports/ are what the current code generates, byte for byte."""

from __future__ import annotations

import subprocess
import sys

from .conftest import ROOT


def test_reports_are_up_to_date() -> None:
    result = subprocess.run(
        [sys.executable, "scripts/make_reports.py", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr


def test_reports_name_inputs_as_given_and_carry_no_machine_detail() -> None:
    html = (ROOT / "reports" / "jpac-vs-kidspace.html").read_text("utf-8")
    assert "corpus/jpac/social-media-policy.txt" in html
    assert str(ROOT) not in html
