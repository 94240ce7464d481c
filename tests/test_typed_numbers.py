"""A number a heading or paragraph opens with is its label only when it numbers it ("2 Rules", "4.2 Scope");
a quantity ("30 Day Notice Period", "37.5 hours is the standard week") is the text's, so changing it is a
substantive change, not a renumbering (session 16: a doubled notice period was signed off as cosmetic)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from policydiff import compare, parse
from policydiff.model import ChangeOp

from .conftest import require_program

MD = """# Staff handbook

## {period} Day Notice Period

{hours} hours is the standard working week for full-time staff.

## {section} Rules

Staff sign in at the front desk.
"""

RST = """Staff handbook
==============

{period} Day Notice Period
--------------------------

{hours} hours is the standard working week for full-time staff.

{section} Rules
---------------

Staff sign in at the front desk.
"""

TEXT = """Staff handbook

{period} Day Notice Period

{hours} hours is the standard working week for full-time staff.

{section} Rules

Staff sign in at the front desk.
"""


@pytest.mark.parametrize(("suffix", "template"), [(".md", MD), (".rst", RST), (".txt", TEXT)])
def test_a_quantity_is_text_and_its_change_substantive_a_section_number_a_label(
    tmp_path: Path, suffix: str, template: str
) -> None:
    left, right = tmp_path / f"left{suffix}", tmp_path / f"right{suffix}"
    left.write_text(template.format(period=30, hours="37.5", section=2), "utf-8")
    right.write_text(template.format(period=60, hours=40, section=3), "utf-8")
    clauses = {c.text: c for c in parse(left).clauses}
    assert clauses["30 Day Notice Period"].label is None
    assert clauses["37.5 hours is the standard working week for full-time staff."].label is None
    assert clauses["Rules"].label == "2"
    comparison = compare(left, right)
    by_op: dict[ChangeOp, list[str]] = {}
    right_text = {c.id: c.text for c in comparison.right.clauses}
    for ch in comparison.changes:
        by_op.setdefault(ch.op, []).extend(right_text[i] for i in ch.right)
    assert sorted(by_op[ChangeOp.REWORDED]) == [
        "40 hours is the standard working week for full-time staff.",
        "60 Day Notice Period",
    ]
    # "2 Rules" → "3 Rules" is a renumbering: unchanged, shown, not a change.
    assert "Rules" in by_op[ChangeOp.UNCHANGED]


@pytest.mark.external
def test_pandoc_reads_the_quantity_heading_as_text_with_its_number(tmp_path: Path) -> None:
    require_program("pandoc")
    path = tmp_path / "policy.md"
    path.write_text(MD.format(period=30, hours="37.5", section=2), "utf-8")
    doc = json.loads(
        subprocess.run(
            ["pandoc", "-f", "gfm", "-t", "json", str(path)], capture_output=True, text=True, check=True
        ).stdout
    )
    headers = [b for b in doc["blocks"] if b["t"] == "Header"]
    words = [" ".join(i["c"] for i in h["c"][2] if i["t"] == "Str") for h in headers]
    assert words[1] == "30 Day Notice Period"  # the oracle: the number is the heading's text
    (clause,) = [c for c in parse(path).clauses if "Notice" in c.text]
    assert (clause.label, clause.text) == (None, words[1])


def test_a_heading_number_typed_without_its_space_is_the_label(tmp_path: Path) -> None:
    """Session 22: GitHub's Sponsors terms (github/site-policy, CC0) had "### 1.Definitions." and
    "### 5.Representations and Warranties; …", later "## 1. Definitions.". The glued number stayed in the
    heading's text, so the pair read as the heading reworded ("1.Definitions." → "Definitions.") and the
    section path as "1.Definitions.". A number closed by a full stop and followed by a capitalised word is
    the heading's label. Fails on the old code; a lower-case word or capitals after the stop stay text."""
    old, new = tmp_path / "old.md", tmp_path / "new.md"
    body = '"USD" means United States Dollar.\n\n'
    old.write_text(
        "# Sponsors Terms\n\n### 1.Definitions.\n\n" + body + "### 2.Acceptable Use.\n\nBe nice.\n"
    )
    new.write_text(
        "# Sponsors Terms\n\n### 1. Definitions.\n\n" + body + "### 2. Acceptable Use.\n\nBe nice.\n"
    )
    headings = [(c.label, c.text) for c in parse(old).clauses if c.kind.value == "heading"]
    assert headings == [("1.", "Definitions."), ("2.", "Acceptable Use.")]
    assert {c.op for c in compare(old, new).changes} == {ChangeOp.UNCHANGED}
    kept = tmp_path / "kept.md"
    kept.write_text("# Sponsors Terms\n\n### 3.main rules\n\nBe nice.\n\n### 4.GB of storage\n\nWater.\n")
    assert [(c.label, c.text) for c in parse(kept).clauses if c.kind.value == "heading"] == [
        (None, "3.main rules"),
        (None, "4.GB of storage"),
    ]
