"""The sign-off change list every report shares: numbers, classes, references, plain-word pairing."""

from __future__ import annotations

from pathlib import Path

import policydiff
from policydiff.compare import compare
from policydiff.model import Change, ChangeOp
from policydiff.renderers._signoff import SignoffClass, class_counts, references, signoff_rows, why_paired

from .conftest import CORPUS

SEEDS = (CORPUS / "jpac/social-media-policy.txt", CORPUS / "kidspace/social-media-policy.txt")


def test_numbers_count_changes_only_and_skip_clauses_shown_the_same() -> None:
    comparison = compare(*SEEDS)
    rows = signoff_rows(comparison)
    assert [r.number for r in rows] == list(range(1, len(rows) + 1))
    listed = [p for p, c in enumerate(comparison.changes, 1) if c.op is not ChangeOp.UNCHANGED or c.edits]
    assert [r.position for r in rows] == listed
    # 25 changes plus the two unchanged clauses whose quote or dash differs (cosmetic only).
    assert len(rows) == 27
    assert class_counts(rows) == {
        SignoffClass.SUBSTANTIVE: 25,  # the two formatting changes change words too
        SignoffClass.FORMATTING: 0,
        SignoffClass.SLOT: 0,
        SignoffClass.COSMETIC: 2,
    }


def test_references_use_the_document_numbers_else_the_heading_path() -> None:
    numbered = references(policydiff.parse(CORPUS / "features/numbered.docx"))
    assert numbered == {
        "c1": "title",
        "c2": "title line 2",
        "c3": "1",
        "c4": "1.1",
        "c5": "1.2",
        "c6": "1.2 a)",
        "c7": "1.2 b)",
        "c8": "1.2 c)",
        "c9": "2",
        "c10": "2.1",
        "c11": "2.1 a)",
        "c12": "2.1 b)",
        "c13": "2.1 c)",
        "c14": "2.2",
        "c15": "3",
        "c16": "3.1",
        "c17": "3.2",
        "c18": "Reporting procedure",
        "c19": "Reporting procedure › paragraph 1",
        "c20": "Reporting procedure › 1.",
        "c21": "Reporting procedure › 2.",
        "c22": "Reporting procedure › 3.",
        "c23": "Reporting procedure › line 1",
    }
    plain = references(policydiff.parse(SEEDS[1]))
    assert plain["c3"] == "Opening › paragraph 1"
    assert plain["c9"] == "Opening › bullet 5"
    assert plain["c19"] == "Social media rules"
    assert plain["c22"] == "Social media rules › bullet 2"


def _pair(tmp_path: Path, left: str, right: str, *slots: str) -> list[tuple[str, str, str | None, str]]:
    (tmp_path / "a.md").write_text(left, encoding="utf-8")
    (tmp_path / "b.md").write_text(right, encoding="utf-8")
    pairs = [tuple(s.split("=", 1)) for s in slots]
    comparison = compare(tmp_path / "a.md", tmp_path / "b.md", manual_slots=[(a, b) for a, b in pairs])
    return [
        (r.kind, r.cls.value, r.words, r.ref + (f" (was {r.was})" if r.was else ""))
        for r in signoff_rows(comparison)
    ]


def test_classes_and_whether_moved_words_changed(tmp_path: Path) -> None:
    left = (
        "# Policy\n\n## 1. Entry\n\n1.1 Acme Ltd staff must sign in.\n\n"
        "1.2 Staff keep records for **three** years.\n\n"
        "1.3 Visitors wait at the desk in reception.\n\n1.4 Phones stay in the lockers by the door.\n\n"
        "1.5 The Manager locks up.\n"
    )
    right = (
        "# Policy\n\n## 1. Entry\n\n1.1 Beta Club staff must sign in.\n\n"
        "1.2 Staff keep records for three years.\n\n"
        "1.3 Phones stay in the lockers by the front door.\n\n1.4 Visitors wait at the desk in reception.\n\n"
        "1.5 The Manager locks up.\n"
    )
    rows = _pair(tmp_path, left, right, "Acme Ltd=Beta Club")
    assert rows == [
        ("Unchanged", "slot", None, "1.1"),
        ("Reworded", "formatting", None, "1.2"),
        ("Moved", "substantive", "words changed too", "1.3 (was 1.4)"),
        ("Unchanged", "cosmetic", None, "1.4 (was 1.3)"),  # renumbered only
    ]


def test_added_list_items_carry_their_neighbours_as_context() -> None:
    rows = signoff_rows(compare(*SEEDS))
    instagram = next(r for r in rows if r.change.right == ("c9",))
    assert [c.clause.text for c in instagram.before] == ["Tumblr"]
    assert [c.clause.text for c in instagram.after] == ["Clubhouse"]
    assert instagram.after[0].number == instagram.number + 1  # Clubhouse is added too
    assert instagram.before[0].number is None  # Tumblr is unchanged
    removed = next(r for r in rows if r.change.left == ("c20",))
    assert removed.op is ChangeOp.REMOVED and removed.ref == "Social media rules › bullet 6"
    assert [c.clause.id for c in removed.before] == ["c19"] and removed.after == ()


def test_pairings_are_explained_in_plain_words() -> None:
    def why(op: ChangeOp, by: str, score: float, left: int = 1, right: int = 1) -> str:
        return why_paired(Change(op, ("c1",) * left, ("c1",) * right, score, by))

    assert why(ChangeOp.REWORDED, "exact", 1.0) == "same words in the same place"
    assert why(ChangeOp.MOVED, "exact", 1.0) == "same words, found at another place"
    assert why(ChangeOp.REWORDED, "fuzzy", 0.72) == "most words shared: 72 %"
    assert why(ChangeOp.REWORDED, "fuzzy", 0.3) == "some words shared: 30 %"
    assert why(ChangeOp.REWORDED, "contained", 0.61) == "most words of the shorter text shared: 61 %"
    assert why(ChangeOp.UNCHANGED, "slot", 1.0) == "same words once the organisation name is set aside"
    assert why(ChangeOp.SPLIT, "split", 0.44, 1, 2) == "one clause's words spread over 2 clauses: 44 % shared"
    assert why(ChangeOp.ADDED, "none", 0.0) == ""
    row = next(r for r in signoff_rows(compare(*SEEDS)) if r.change.left == ("c3",))
    assert row.evidence.startswith("shared words: recognises, many, staff")
    assert row.ids == "left c3 → right c3"
    assert "0.72" not in row.why and "c3" not in row.why
