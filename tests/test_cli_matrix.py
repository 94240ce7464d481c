"""`policydiff matrix` through the real CLI: formats, redlines, unreadable files."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

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
