"""The real-policy data shape of the benchmark (issue 16): its truth is what it wrote; compare finds it."""

from __future__ import annotations

import importlib.util
import re
import statistics
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from policydiff import parse
from policydiff.compare import compare_policies
from policydiff.model import ChangeOp, EditOp

ROOT = Path(__file__).resolve().parent.parent
KINDS = {"title": "title", "heading": "heading", "intro": "paragraph", "p": "paragraph", "lead": "paragraph"}
KINDS["li"] = "list_item"


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "benchmark_generate_shapes", ROOT / "benchmarks/generate.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look the module up while the class is built
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def real_pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    out = tmp_path_factory.mktemp("real")
    truth = _generator().generate(3000, 5, out, "real")
    return out, truth


def test_real_shape_reads_as_its_truth_says(real_pair: tuple[Path, dict[str, Any]]) -> None:
    folder, truth = real_pair
    lines = (folder / "left.txt").read_text(encoding="utf-8").splitlines()
    # One clause per line, no blank lines; the three bullet marks; about 16 % of lines not ASCII.
    assert all(line.strip() for line in lines)
    assert {line[:2] for line in lines} >= {"* ", "- ", "· "}
    share = sum(not line.isascii() for line in lines) / len(lines)
    assert 0.12 <= share <= 0.22, share
    assert sum(":" in line for line in lines) / len(lines) >= 0.15
    left, right = parse(folder / "left.txt"), parse(folder / "right.txt")
    assert len(left.clauses) == truth["left_clauses"] == len(lines)
    assert [c.kind.value for c in left.clauses] == [KINDS[k] for k in truth["left_kinds"]]
    assert [c.kind.value for c in right.clauses] == [KINDS[k] for k in truth["right_kinds"]]
    lby = {c.id: c.text for c in left.clauses}
    rby = {c.id: c.text for c in right.clauses}
    for rec in truth["edited"]:
        assert lby[rec["left"]] == rec["left_text"] and rby[rec["right"]] == rec["right_text"]
    # Moves are verbatim and far: a median of about 1,750 clauses where the document is long enough.
    distances = []
    for rec in truth["moved"]:
        assert lby[rec["left"]] == rby[rec["right"]] == rec["left_text"] == rec["right_text"]
        distances.append(abs(int(rec["left"][1:]) - int(rec["right"][1:])))
    assert 1000 <= statistics.median(distances) <= 2500, distances
    for a, b in truth["unchanged"]:
        assert lby[a] == rby[b]


def test_real_shape_is_deterministic(tmp_path: Path) -> None:
    gen = _generator()
    gen.generate(80, 3, tmp_path / "a", "real")
    gen.generate(80, 3, tmp_path / "b", "real")
    for name in ("left.txt", "right.txt", "truth.json"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    with pytest.raises(ValueError, match="--shape"):
        gen.generate(80, 3, tmp_path / "c", "nonsense")


def test_compare_finds_the_real_shapes_truth(real_pair: tuple[Path, dict[str, Any]]) -> None:
    """The issue-16 quality bar on the real shape: every move, every untouched clause unchanged (no phantom
    change), changed words within 5 % of the generator's count."""
    folder, truth = real_pair
    comparison = compare_policies(parse(folder / "left.txt"), parse(folder / "right.txt"))
    by_left = {lid: c for c in comparison.changes for lid in c.left}
    for rec in truth["moved"]:
        change = by_left[rec["left"]]
        assert change.op is ChangeOp.MOVED and change.right == (rec["right"],), rec
    for a, b in truth["unchanged"]:
        change = by_left[a]
        assert change.op is ChangeOp.UNCHANGED and change.right == (b,), (a, b, change.op)
    found = 0
    for change in comparison.changes:
        if change.op in (ChangeOp.REWORDED, ChangeOp.MOVED):
            found += sum(
                len(re.findall(r"\w+", e.text))
                for e in change.edits
                if e.op is not EditOp.EQUAL and e.cls is None
            )
    words = sum(r["changed_words"] for r in truth["edited"])
    assert abs(found / words - 1) <= 0.05, (found, words)
