"""`policydiff matrix` through the real CLI: formats, redlines, unreadable files."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from policydiff.schemas import load as load_schema

from .conftest import run_cli

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
