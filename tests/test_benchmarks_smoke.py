"""Smoke tests of the benchmark harness: it runs end to end, and the generator's truth is what it wrote."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from policydiff import parse

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT / "benchmarks"

# The generator's block kinds as policydiff's clause kinds.
KINDS = {"title": "title", "heading": "heading", "intro": "paragraph", "p": "paragraph", "lead": "paragraph"}
KINDS["li"] = "list_item"


def _benchmark(name: str) -> ModuleType:
    """Return benchmarks/NAME.py as a module (run.py imports its neighbour `extra` from its own folder)."""
    spec = importlib.util.spec_from_file_location(f"benchmark_{name}", BENCHMARKS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look the module up while the class is built
    spec.loader.exec_module(module)
    return module


def _generator() -> ModuleType:
    return _benchmark("generate")


def test_run_smoke(tmp_path: Path) -> None:
    out = tmp_path / "bench.md"
    done = subprocess.run(
        [
            sys.executable,
            str(BENCHMARKS / "run.py"),
            "--sizes",
            "50",
            "--repeat",
            "1",
            "--quick",
            "--cache",
            str(tmp_path / "cache"),
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert "| size | clauses L/R | input KB | compare-html s |" in done.stdout
    assert "html/git" in done.stdout
    row = next(line for line in done.stdout.splitlines() if line.startswith("| 50 | 50/"))
    if shutil.which("git"):
        assert re.search(r"\| \d+(\.\d+)?x \|$", row), row
    assert "### Quality" in done.stdout
    assert "### DOCX" in done.stdout and "### Targets (issue 7)" in done.stdout
    assert "| matrix (whole process" in done.stdout and "| history (whole process" in done.stdout
    assert out.read_text(encoding="utf-8").startswith("## Benchmarks")
    # The report says how loaded the host was: a busy host makes the ratios to short baselines read low.
    load = r"^- host load \(1-minute average\) [\d.]+ at the start, [\d.]+ at the end"
    assert re.search(load, done.stdout, re.M), done.stdout[:600]


def test_generator_is_deterministic(tmp_path: Path) -> None:
    gen = _generator()
    gen.generate(60, 3, tmp_path / "a")
    gen.generate(60, 3, tmp_path / "b")
    for name in ("left.txt", "right.txt", "truth.json"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


@pytest.mark.parametrize("clauses", [50, 400])
def test_generator_truth_matches_files(tmp_path: Path, clauses: int) -> None:
    truth = _generator().generate(clauses, 7, tmp_path)
    left_text = (tmp_path / "left.txt").read_text(encoding="utf-8")
    right_text = (tmp_path / "right.txt").read_text(encoding="utf-8")
    left, right = parse(tmp_path / "left.txt"), parse(tmp_path / "right.txt")
    # policydiff reads exactly the clauses the generator meant, so the truth's ids are its ids.
    assert len(left.clauses) == truth["left_clauses"] == clauses
    assert len(right.clauses) == truth["right_clauses"]
    assert [c.kind.value for c in left.clauses] == [KINDS[k] for k in truth["left_kinds"]]
    assert [c.kind.value for c in right.clauses] == [KINDS[k] for k in truth["right_kinds"]]
    lby = {c.id: c.text for c in left.clauses}
    rby = {c.id: c.text for c in right.clauses}

    totals = truth["totals"]
    for kind in ("edited", "moved", "removed", "added", "split", "merged"):
        assert totals[kind] == len(truth[kind]) >= 1, kind
    for rec in truth["moved"]:
        assert rec["left_text"] in left_text and rec["right_text"] in right_text
        assert lby[rec["left"]] == rec["left_text"] and rby[rec["right"]] == rec["right_text"]
    for rec in truth["edited"]:
        assert lby[rec["left"]] == rec["left_text"] and rby[rec["right"]] == rec["right_text"]
        assert rec["left_text"] != rec["right_text"]
        assert rec["changed_words"] == rec["deleted_words"] + rec["inserted_words"] >= 1
    for rec in truth["removed"]:
        assert lby[rec["left"]] == rec["text"] and rec["text"] not in right_text
    for rec in truth["added"]:
        assert rby[rec["right"]] == rec["text"] and rec["text"] not in left_text
    for rec in truth["split"]:
        assert lby[rec["left"]] == rec["left_text"] == " ".join(rec["right_text"])
        assert [rby[r] for r in rec["right"]] == rec["right_text"]
    for rec in truth["merged"]:
        assert [lby[x] for x in rec["left"]] == rec["left_text"]
        assert rby[rec["right"]] == rec["right_text"] == " ".join(rec["left_text"])
    for a, b in truth["unchanged"]:
        assert lby[a] == rby[b]
    # Every clause of each side is accounted for exactly once.
    lids = [r["left"] for k in ("edited", "moved", "removed", "split") for r in truth[k]]
    lids += [x for r in truth["merged"] for x in r["left"]] + [a for a, _ in truth["unchanged"]]
    rids = [r["right"] for k in ("edited", "moved", "added", "merged") for r in truth[k]]
    rids += [x for r in truth["split"] for x in r["right"]] + [b for _, b in truth["unchanged"]]
    assert sorted(lids) == sorted(lby) and sorted(rids) == sorted(rby)
    assert json.loads((tmp_path / "truth.json").read_text(encoding="utf-8")) == truth


def _quiet(message: str) -> None:
    pass


def test_timed_runs_start_the_program_directly(tmp_path: Path) -> None:
    # Each run of the case appends its parent's pid: the timed runs must be the benchmark's own
    # children (a wrapper such as /usr/bin/time between them would count its start-up in the time).
    run = _benchmark("run")
    seen = tmp_path / "parents"
    code = "import os, sys; open(sys.argv[1], 'a').write(f'{os.getppid()}\\n')"
    case = run.Case("parent", [sys.executable, "-c", code, str(seen)])
    use_time = run.gnu_time_works()
    run.run_cases([case], tmp_path, 3, 60, use_time, _quiet, "t")
    parents = [int(x) for x in seen.read_text().split()]
    assert len(case.samples) == 3 and case.error is None
    assert parents[:3] == [os.getpid()] * 3
    if use_time:  # then the memory pass, under GNU time: its runs are not the timed ones
        assert len(parents) == 6 and os.getpid() not in parents[3:]
    else:
        assert len(parents) == 3


@pytest.mark.skipif(not Path("/usr/bin/time").exists(), reason="peak RSS is read with GNU time")
def test_peak_rss_is_the_programs_own(tmp_path: Path) -> None:
    # This process's peak RSS is made larger than either child's: a reading that counted the
    # benchmark's pages (os.wait4 on a child started by vfork or fork) would show it.
    run = _benchmark("run")
    assert run.gnu_time_works()
    ballast = b"x" * (300 << 20)
    small = run.Case("pass", [sys.executable, "-c", "pass"])
    big = run.Case("alloc", [sys.executable, "-c", "b = b'x' * (200 << 20)"])
    run.run_cases([small, big], tmp_path, 1, 60, True, _quiet, "t")
    assert len(ballast) == 300 << 20
    assert small.peak_mb is not None and big.peak_mb is not None
    assert small.peak_mb < 40, small.peak_mb
    assert abs(big.peak_mb - small.peak_mb - 200) < 5, (big.peak_mb, small.peak_mb)
