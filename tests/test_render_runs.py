"""A comparison that holds its unchanged clauses as runs (`Comparison.parts`) renders exactly as the same
changes held one by one: the HTML, JSON and Markdown reports write a run's rows from its clauses (issue 16),
cut where a moved clause's ghost follows one of its pairs."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from policydiff import render
from policydiff._values import replace
from policydiff.compare import compare
from policydiff.model import Comparison, UnchangedRun

from .conftest import CORPUS, ROOT


def _one_by_one(comparison: Comparison) -> Comparison:
    return replace(comparison, changes=tuple(comparison.changes))


def _generated(folder: Path, clauses: int, seed: int, shape: str) -> tuple[Path, Path]:
    spec = importlib.util.spec_from_file_location("benchmark_generate", ROOT / "benchmarks" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = sys.modules.get(spec.name)
    if module is None:
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # its dataclasses look their module up
        spec.loader.exec_module(module)
    module.generate(clauses, seed, folder, shape)
    return folder / "left.txt", folder / "right.txt"


def _same_reports(comparison: Comparison) -> None:
    plain = _one_by_one(comparison)
    assert not any(isinstance(p, UnchangedRun) for p in plain.parts())
    for fmt in ("html", "json", "md"):
        assert render(comparison, fmt) == render(plain, fmt), fmt


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("jpac/social-media-policy.txt", "kidspace/social-media-policy.txt"),
        ("kidspace/social-media-policy.md", "jpac/social-media-policy.md"),
        ("jpac/social-media-policy.docx", "kidspace/social-media-policy.docx"),
    ],
)
def test_runs_render_as_the_changes_one_by_one(left: str, right: str) -> None:
    _same_reports(compare(CORPUS / left, CORPUS / right))


@pytest.mark.parametrize("shape", ["generated", "real"])
def test_runs_cut_by_moved_clauses_render_as_the_changes_one_by_one(tmp_path: Path, shape: str) -> None:
    comparison = compare(*_generated(tmp_path, 400, 3, shape))
    assert any(isinstance(p, UnchangedRun) and p.length > 1 for p in comparison.parts())
    assert any(c.op.value == "moved" for c in comparison.changes)
    _same_reports(comparison)
