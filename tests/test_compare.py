"""Comparison: the gold alignment of the seeds, golden cases with invariants, and the CLI contract."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import jsonschema
import pytest

import policydiff
from policydiff.compare import compare, compare_policies
from policydiff.inline import left_text, right_text
from policydiff.model import ChangeOp, Comparison
from policydiff.renderers.json import render_comparison
from policydiff.schemas import load as load_schema

from .conftest import CORPUS, ROOT, check_golden, run_cli
from .gold_seeds import GOLD_ADDED, GOLD_PAIRS, GOLD_REMOVED, GOLD_SLOT

CASES = sorted(p for p in (ROOT / "tests" / "cases").iterdir() if p.is_dir())
SEED_SIDES = [
    ("jpac/social-media-policy.txt", "kidspace/social-media-policy.txt"),
    ("jpac/social-media-policy.docx", "kidspace/social-media-policy.docx"),
    ("jpac/social-media-policy-pandoc.docx", "kidspace/social-media-policy.txt"),
    ("jpac/social-media-policy.md", "kidspace/social-media-policy-pandoc.docx"),
]


def _texts(comparison: Comparison) -> list[tuple[str, list[str], list[str]]]:
    left = {c.id: c.text for c in comparison.left.clauses}
    right = {c.id: c.text for c in comparison.right.clauses}
    return [(c.op.value, [left[i] for i in c.left], [right[j] for j in c.right]) for c in comparison.changes]


@pytest.mark.parametrize(("left", "right"), SEED_SIDES, ids=lambda p: p)
def test_gold_alignment_of_the_seeds(left: str, right: str) -> None:
    comparison = compare(CORPUS / left, CORPUS / right)
    got = _texts(comparison)
    pairs = [(op, ls[0], rs[0]) for op, ls, rs in got if ls and rs]
    assert len(pairs) == len(GOLD_PAIRS)
    for (op, lt, rt), (gold_op, gold_l, gold_r) in zip(pairs, GOLD_PAIRS, strict=True):
        assert lt.startswith(gold_l) and rt.startswith(gold_r), (lt, rt)
        assert op == gold_op, (lt, rt)
    removed = [ls[0] for op, ls, _ in got if op == "removed"]
    added = [rs[0] for op, _, rs in got if op == "added"]
    assert [any(t.startswith(g) for t in removed) for g in GOLD_REMOVED] == [True] * len(GOLD_REMOVED)
    assert len(removed) == len(GOLD_REMOVED)
    assert all(any(t.startswith(g) for t in added) for g in GOLD_ADDED)
    assert len(added) == len(GOLD_ADDED)
    assert (comparison.slots[0].left, comparison.slots[0].right) == GOLD_SLOT
    assert comparison.slots[0].count >= 2


def test_a_slot_alone_is_not_a_rewording_but_a_modal_is() -> None:
    comparison = compare(ROOT / "tests/cases/slots/left.txt", ROOT / "tests/cases/slots/right.txt")
    by_text = {t[1][0]: t[0] for t in _texts(comparison)}
    assert by_text["Sunnyside Club takes the health and safety of children seriously."] == "unchanged"
    assert by_text["The Manager must review accident records monthly."] == "reworded"
    change = next(c for c in comparison.changes if c.left == ("c5",))
    deleted = [e.text for e in change.edits if e.op.value == "delete"]
    assert deleted == ["must"]


def test_hyphen_and_en_dash_are_cosmetic() -> None:
    comparison = compare(CORPUS / "jpac/social-media-policy.txt", CORPUS / "kidspace/social-media-policy.txt")
    change = next(
        c for c in comparison.changes if c.right and c.left and "Google" in _texts_of(comparison, c)
    )
    assert change.op is ChangeOp.UNCHANGED
    assert {e.cls for e in change.edits if e.op.value != "equal"} == {"cosmetic"}


def _texts_of(comparison: Comparison, change: object) -> str:
    right = {c.id: c.text for c in comparison.right.clauses}
    return " ".join(right[j] for j in change.right)  # type: ignore[attr-defined]


def _check_invariants(comparison: Comparison) -> None:
    # Every clause of each side appears in exactly one change.
    lcount = Counter(i for c in comparison.changes for i in c.left)
    rcount = Counter(j for c in comparison.changes for j in c.right)
    assert sorted(lcount) == sorted(c.id for c in comparison.left.clauses)
    assert sorted(rcount) == sorted(c.id for c in comparison.right.clauses)
    assert set(lcount.values()) <= {1} and set(rcount.values()) <= {1}
    # The edits rebuild both texts exactly.
    left = {c.id: c.text for c in comparison.left.clauses}
    right = {c.id: c.text for c in comparison.right.clauses}
    for change in comparison.changes:
        if not change.edits:
            assert change.op in (ChangeOp.UNCHANGED, ChangeOp.MOVED)
            assert [left[i] for i in change.left] == [right[j] for j in change.right]
            continue
        assert left_text(change.edits) == "\n".join(left[i] for i in change.left)
        assert right_text(change.edits) == "\n".join(right[j] for j in change.right)
        assert 0.0 <= change.score <= 1.0
    # Changes follow the right-hand order.
    order = [int(c.right[0][1:]) for c in comparison.changes if c.right]
    assert order == sorted(order)
    jsonschema.validate(json.loads(render_comparison(comparison)), load_schema("comparison"))


def _mirror(op: str) -> str:
    return {"added": "removed", "removed": "added", "split": "merged", "merged": "split"}.get(op, op)


def _case_files(case: Path) -> tuple[Path, Path]:
    return next(case.glob("left.*")), next(case.glob("right.*"))


def _summary(comparison: Comparison) -> str:
    lines = []
    for n, change in enumerate(comparison.changes, 1):
        redline = "".join(
            e.text
            if e.op.value == "equal"
            else (f"[-{e.text}-]" if e.op.value == "delete" else f"{{+{e.text}+}}")
            + (f"<{e.cls}>" if e.cls else "")
            for e in change.edits
        ).replace("\n", "⏎")
        lines.append(
            f"{n:>3} {change.op.value:<9} {change.matched_by:<10} {','.join(change.left) or '-':>8} -> "
            f"{','.join(change.right) or '-':<8} {redline}".rstrip()
        )
    slots = "".join(f"slot: {s.left} -> {s.right} ({s.count}, {s.source})\n" for s in comparison.slots)
    return slots + "\n".join(lines) + "\n"


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_golden_case(case: Path, update_golden: bool) -> None:
    left, right = _case_files(case)
    comparison = compare(left, right)
    check_golden(case / "expected.txt", _summary(comparison), update_golden)
    _check_invariants(comparison)


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_compare_right_with_left_mirrors(case: Path) -> None:
    left, right = _case_files(case)
    forward = compare(left, right)
    backward = compare(right, left)
    _check_invariants(backward)
    fwd = sorted((_mirror(c.op.value), tuple(c.left), tuple(c.right)) for c in forward.changes)
    bwd = sorted((c.op.value, tuple(c.right), tuple(c.left)) for c in backward.changes)
    assert fwd == bwd


CORPUS_POLICIES = sorted(
    p
    for p in CORPUS.rglob("*")
    if p.suffix in (".txt", ".md", ".docx") and "." not in p.stem and p.name != "README.md"
)


@pytest.mark.parametrize("path", CORPUS_POLICIES, ids=lambda p: p.relative_to(CORPUS).as_posix())
def test_self_compare_is_all_unchanged(path: Path) -> None:
    policy = policydiff.parse(path)
    comparison = compare_policies(policy, policy)
    assert {c.op for c in comparison.changes} <= {ChangeOp.UNCHANGED}
    _check_invariants(comparison)


def test_seed_comparisons_hold_the_invariants_and_mirror() -> None:
    for left, right in SEED_SIDES:
        forward = compare(CORPUS / left, CORPUS / right)
        backward = compare(CORPUS / right, CORPUS / left)
        _check_invariants(forward)
        _check_invariants(backward)
        fwd = sorted((_mirror(c.op.value), c.left, c.right) for c in forward.changes)
        bwd = sorted((c.op.value, c.right, c.left) for c in backward.changes)
        assert fwd == bwd


# ----------------------------------------------------------------------------- the CLI contract

JPAC = "corpus/jpac/social-media-policy.txt"
KIDSPACE = "corpus/kidspace/social-media-policy.txt"


def test_exit_code_only_with_the_flag() -> None:
    assert run_cli("compare", JPAC, KIDSPACE, "--format", "json").returncode == 0
    assert run_cli("compare", JPAC, KIDSPACE, "--format", "json", "--exit-code").returncode == 1
    same = run_cli("compare", JPAC, "corpus/jpac/social-media-policy.docx", "--exit-code")
    assert same.returncode == 0, same.stderr


@pytest.mark.parametrize("fmt", ["json", "html", "text"])
def test_a_reader_that_stops_early_ends_the_command_quietly(tmp_path: Path, fmt: str) -> None:
    """`policydiff compare … | head`: no traceback, no error line, the usual exit code."""
    import subprocess
    import sys

    left = tmp_path / "left.txt"
    right = tmp_path / "right.txt"
    rules = [f"Rule {n}: staff must record each visit in the log within {n} days." for n in range(3000)]
    left.write_text("\n\n".join(rules) + "\n", "utf-8")
    right.write_text("\n\n".join(r.replace("must", "should") for r in rules) + "\n", "utf-8")
    with subprocess.Popen(
        [sys.executable, "-m", "policydiff", "compare", str(left), str(right), "--format", fmt],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        assert len(proc.stdout.read(100)) == 100
        proc.stdout.close()
        stderr = proc.stderr.read()
        assert (proc.wait(timeout=120), stderr) == (0, b"")


def test_slot_alone_counts_as_a_difference_for_exit_code(tmp_path: Path) -> None:
    text = (ROOT / "tests/cases/slots/left.txt").read_text("utf-8")
    (tmp_path / "a.txt").write_text(text, "utf-8")
    (tmp_path / "b.txt").write_text(text.replace("Sunnyside Club", "Hilltop Kids Club"), "utf-8")
    result = run_cli(
        "compare", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--exit-code", "--format", "json"
    )
    assert result.returncode == 1, result.stderr
    assert set(json.loads(result.stdout)["stats"].items()) >= {("unchanged", 5), ("reworded", 0)}
    result = run_cli(
        "compare", "tests/cases/identical/left.txt", "tests/cases/identical/right.txt", "--exit-code"
    )
    assert result.returncode == 0


def test_json_output_validates_and_names_the_slot(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    result = run_cli("compare", JPAC, KIDSPACE, "-o", str(out))
    assert result.returncode == 0, result.stderr
    data = json.loads(out.read_text("utf-8"))
    jsonschema.validate(data, load_schema("comparison"))
    assert data["left"]["source"] == JPAC
    assert data["slots"][0]["left"] == "JPAC LTD"
    slot_edits = [e for c in data["changes"] for e in c.get("edits", []) if e.get("class") == "slot"]
    assert {"op": "delete", "text": "JPAC LTD", "class": "slot"} in slot_edits


def test_manual_slot_and_no_slots() -> None:
    result = run_cli(
        "compare",
        "tests/cases/slots/left.txt",
        "tests/cases/slots/right.txt",
        "--no-slots",
        "--format",
        "json",
    )
    data = json.loads(result.stdout)
    assert data["slots"] == [] and data["stats"]["unchanged"] == 1
    result = run_cli("compare", JPAC, KIDSPACE, "--slot", "the Club=the setting", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert any(s["source"] == "manual" for s in json.loads(result.stdout)["slots"])


@pytest.mark.parametrize(
    ("value", "cause"),
    [
        ("will=may", "--slot 'will=may': 'will' is a modal verb, never a slot"),
        ("not=", "--slot takes OLD=NEW, got 'not='"),
        ("2021=2024", "--slot '2021=2024': '2021' is a number or date, never a slot"),
        (
            "the Manager=the Setting Manager",
            "--slot 'the Manager=the Setting Manager': 'manager' is a role, never a slot",
        ),
    ],
)
def test_never_a_slot(value: str, cause: str, tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    result = run_cli("compare", JPAC, KIDSPACE, "--slot", value, "-o", str(out))
    assert result.returncode == 2
    assert result.stderr == f"policydiff: error: {cause}\n"
    assert not out.exists()


def test_output_over_an_input_or_a_symlink_to_one_is_refused(tmp_path: Path) -> None:
    left = tmp_path / "left.txt"
    left.write_bytes((ROOT / JPAC).read_bytes())
    link = tmp_path / "link.txt"
    link.symlink_to(left)
    for target in (left, link):
        result = run_cli("compare", str(left), KIDSPACE, "-o", str(target), "--format", "json")
        assert result.returncode == 2
        assert result.stderr == f"policydiff: error: {target}: refusing to overwrite the input {left}\n"
        assert left.read_bytes() == (ROOT / JPAC).read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["left.txt", "link.txt"]


def test_bad_input_on_either_side_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    out.write_text("old report")
    for args in ((JPAC, "missing.txt"), ("missing.txt", KIDSPACE)):
        result = run_cli("compare", *args, "-o", str(out))
        assert result.returncode == 2
        assert result.stderr == "policydiff: error: missing.txt: no such file\n"
        assert out.read_text() == "old report"
    result = run_cli("compare", JPAC, KIDSPACE, "-o", str(out))
    assert result.returncode == 0
    assert json.loads(out.read_text())["format"] == "policydiff.comparison"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]


def test_config_file_sets_slots_and_thresholds(tmp_path: Path) -> None:
    (tmp_path / "policydiff.toml").write_text("no_slots = true\n[thresholds]\nmove = 0.9\n")
    result = run_cli(
        "compare",
        str(ROOT / "tests/cases/slots/left.txt"),
        str(ROOT / "tests/cases/slots/right.txt"),
        "--format",
        "json",
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["tool"]["options"]["no_slots"] is True
    assert data["tool"]["options"]["thresholds"]["move"] == 0.9
    (tmp_path / "policydiff.toml").write_text('colour = "red"\n')
    result = run_cli("compare", JPAC, KIDSPACE, cwd=tmp_path)
    assert result.returncode == 2
    assert "unknown setting(s) colour" in result.stderr


def test_a_changed_image_is_reported_not_missed(tmp_path: Path) -> None:
    import zipfile

    source = CORPUS / "features" / "kitchen-sink.docx"
    changed = tmp_path / "kitchen-sink-new-logo.docx"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(changed, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename.startswith("word/media/"):
                data = data + b"\x00"  # a different image, same name
            zout.writestr(info, data)
    comparison = compare(source, changed)
    assert {c.op for c in comparison.changes} == {ChangeOp.UNCHANGED}
    warnings = [w for w in comparison.warnings if w.code == "objects-changed"]
    assert [w.message for w in warnings] == [
        "non-text content changed: 1 image(s) only on the left, 1 only on the right "
        "(not compared word by word)"
    ]
    result = run_cli("compare", str(source), str(changed), "--exit-code", "--format", "json")
    assert "non-text content changed" in result.stderr
    assert result.returncode == 1


def test_a_hit_time_budget_falls_back_to_whole_clauses_and_says_so() -> None:
    left = policydiff.parse(CORPUS / "jpac/social-media-policy.txt")
    right = policydiff.parse(CORPUS / "kidspace/social-media-policy.txt")
    comparison = compare_policies(left, right, budget=1e-9)
    budget_warnings = [w for w in comparison.warnings if w.code == "inline-budget"]
    reworded = [c for c in comparison.changes if c.op is ChangeOp.REWORDED]
    assert reworded and len(budget_warnings) >= len(reworded)
    for change in reworded:
        assert [e.op.value for e in change.edits] == ["delete", "insert"]
    _check_invariants(comparison)
    report = json.loads(render_comparison(comparison))
    assert any(w["code"] == "inline-budget" for w in report["warnings"])


@pytest.mark.parametrize("side", ["left", "right"])
@pytest.mark.parametrize(
    ("name", "make", "cause"),
    [
        ("policy.docx", "pdf_bytes", "a PDF file: not supported (export it as DOCX or text first)"),
        (
            "policy.docx",
            "encrypted_ole",
            "encrypted or password-protected document: remove the password in Word and save again",
        ),
        ("policy.docx", "xlsx_bytes", "an XLSX spreadsheet, not a Word document: not supported"),
    ],
)
def test_bad_input_on_either_side_is_one_line_and_exit_2(
    tmp_path: Path, side: str, name: str, make: str, cause: str
) -> None:
    from . import badinput

    bad = tmp_path / name
    bad.write_bytes(getattr(badinput, make)())
    out = tmp_path / "report.html"
    args = [str(bad), KIDSPACE] if side == "left" else [JPAC, str(bad)]
    result = run_cli("compare", *args, "-o", str(out))
    assert (result.returncode, result.stderr) == (2, f"policydiff: error: {bad}: {cause}\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


_CAUTIONS = (
    "# Social media policy\n\n## General cautions for using social media\n\n"
    "When using social media in any context it is wise to bear in mind the following points:\n\n"
    "- Nothing published on the internet is ever totally secure.\n"
    "- Comments can be copied and shared beyond the people they were meant for.\n"
)
_JOINED = _CAUTIONS.replace(
    "social media\n\nWhen using social media in any context",
    "social media When using social media in any context",
)


def _md(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _changes(left: Path, right: Path) -> list[tuple[str, int, int]]:
    comparison = compare(left, right)
    return [
        (c.op.value, len(c.left), len(c.right)) for c in comparison.changes if c.op is not ChangeOp.UNCHANGED
    ]


def test_a_paragraph_joined_into_the_heading_before_it_is_a_merge(tmp_path: Path) -> None:
    """A reviewer who presses Delete at the end of a heading joins the next paragraph into it (Word,
    LibreOffice). Every word of the paragraph stands in the new heading: that is a merge of the two,
    not the heading reworded and the paragraph removed (a phantom removal: its words still stand)."""
    left, right = _md(tmp_path, "left.md", _CAUTIONS), _md(tmp_path, "right.md", _JOINED)
    assert _changes(left, right) == [("merged", 2, 1)]
    assert _changes(right, left) == [("split", 1, 2)]


def test_a_heading_is_not_merged_with_a_paragraph_that_is_only_partly_in_it(tmp_path: Path) -> None:
    """Across a heading and body text the evidence must be whole: a paragraph with words of its own
    that the joined heading lacks stays a removal (short headings are not paired with strangers)."""
    partly = _JOINED.replace(" it is wise to bear in mind the following points:", ":")
    left, right = _md(tmp_path, "left.md", _CAUTIONS), _md(tmp_path, "right.md", partly)
    assert ("merged", 2, 1) not in _changes(left, right)


def test_a_changed_image_in_markdown_is_reported_not_missed(tmp_path: Path) -> None:
    """Session 13: a Markdown image whose source changed (alt text kept) was reported as nothing at all;
    the images are now objects, as a Word document's and a reStructuredText file's are."""
    left, right, same = tmp_path / "left.md", tmp_path / "right.md", tmp_path / "same.md"
    page = "# Hand washing\n\nFollow the poster:\n\n![Hand washing steps]({})\n\nAsk a lead.\n"
    left.write_text(page.format("posters/v1.png"), "utf-8")
    right.write_text(page.format("posters/v2.png"), "utf-8")
    same.write_text(page.format("posters/v1.png").replace("Ask a lead.", "Ask the lead."), "utf-8")
    comparison = compare(left, right)
    assert {c.op for c in comparison.changes} == {ChangeOp.UNCHANGED}
    assert [w.message for w in comparison.warnings if w.code == "objects-changed"] == [
        "non-text content changed: 1 image(s) only on the left, 1 only on the right "
        "(not compared word by word)"
    ]
    assert [o.name for o in comparison.left.objects] == ["Hand washing steps"]
    assert comparison.left.clauses[comparison.left.objects[0].block or 0].text == "Hand washing steps"
    result = run_cli("compare", str(left), str(right), "--exit-code", "--format", "json")
    assert "non-text content changed" in result.stderr and result.returncode == 1
    assert not [w for w in compare(left, same).warnings if w.code == "objects-changed"]


def test_the_punctuation_at_a_split_seam_is_no_word_change(tmp_path: Path) -> None:
    """Session 19: GitHub's Community Guidelines (github/site-policy, CC0) turned each bold lead-in item
    "**Threats of violence** - You may not …" into a heading and its paragraph. Each split deleted the
    " - " that joined them and the report said "1 word out … words changed too", substantive, on nine
    entries whose words were all kept. The seam's punctuation (a dash, a colon, an em dash; or one a
    merge inserts) is cosmetic now; a word changed at the seam still counts. Fails on the old code."""
    from policydiff.renderers._signoff import classify, words_text

    left = _md(
        tmp_path,
        "left.md",
        "# Rules\n\n"
        "* **Threats of violence** - You may not threaten violence towards others or use the site to "
        "organize, promote, or incite acts of real-world violence or terrorism.\n"
        "* **Bullying:** We do not tolerate bullying or harassment.\n"
        "* **Impersonation** — You may not seek to mislead others as to your identity.\n",
    )
    right = _md(
        tmp_path,
        "right.md",
        "# Rules\n\n"
        "- #### Threats of violence\n   You may not threaten violence towards others or use the site to "
        "organize, promote, or incite acts of real-world violence or terrorism.\n"
        "- #### Bullying\n   We never tolerate bullying or harassment.\n"
        "- #### Impersonation\n   You may not seek to mislead others as to your identity.\n",
    )
    comparison = compare(left, right)
    splits = [c for c in comparison.changes if c.op is ChangeOp.SPLIT]
    assert [words_text(c) for c in splits] == [
        "same words, formatting changed",
        "words changed too",  # "do not" → "never", at the seam's other side
        "same words, formatting changed",
    ]
    assert [classify(c).name for c in splits] == ["FORMATTING", "SUBSTANTIVE", "FORMATTING"]
    merged = compare(right, left)  # the other way round: merges that insert the seam
    assert [words_text(c) for c in merged.changes if c.op is ChangeOp.MERGED] == [
        "same words, formatting changed",
        "words changed too",
        "same words, formatting changed",
    ]


def test_a_clause_whose_closing_punctuation_alone_changed_is_cosmetic(tmp_path: Path) -> None:
    """Session 23: Django's security policy (Django 4.0 → 5.1.4, BSD 3-Clause) wrote its severity levels
    "**High**:" over a list, then "* **High**" as a bullet over a nested list. Each read "<del>:</del> (1
    word out, 0 in)", substantive, with every word kept; MPL 2.0's headings against a copy without their
    full stops likewise. A full stop, colon, semicolon or comma deleted, inserted or swapped at a clause's
    end is cosmetic; the same mark inside the clause, a "?" made ".", or a word at the end still counts.
    Fails on the old code."""
    from policydiff.renderers._signoff import classify

    left = _md(
        tmp_path,
        "left.md",
        "# Severity levels\n\n**High**:\n\n* Remote code execution\n* SQL injection\n\n"
        "**Moderate**:\n\n* Cross site scripting (XSS)\n\n"
        "Report it to the security team: by email only.\n\nIs the release public?\n\n"
        "Notify the distributors.\n\nSign the form;\n",
    )
    right = _md(
        tmp_path,
        "right.md",
        "# Severity levels\n\n* **High**\n\n  * Remote code execution\n  * SQL injection\n\n"
        "* **Moderate**\n\n  * Cross site scripting (XSS)\n\n"
        "Report it to the security team by email only.\n\nIs the release public.\n\n"
        "Notify the distributors now.\n\nSign the form.\n",
    )
    comparison = compare(left, right)
    rt = {c.id: c.text for c in comparison.right.clauses}
    by_text = {rt[c.right[0]]: c for c in comparison.changes if c.right}
    for text in ("High", "Moderate", "Sign the form."):
        assert classify(by_text[text]).name == "COSMETIC", text
    for text in (
        "Report it to the security team by email only.",  # the colon inside the clause
        "Is the release public.",  # a question made a statement
        "Notify the distributors now.",  # a word before the full stop
    ):
        assert classify(by_text[text]).name == "SUBSTANTIVE", text
    report = run_cli("compare", str(left), str(right), "--format", "md").stdout
    noted = [line.split("|")[5].strip() for line in report.splitlines() if "closing punctuation" in line]
    assert noted == ["closing punctuation"] * 3  # not "quotes, dashes or spacing"


def test_a_heading_whose_words_changed_only_in_case_is_cosmetic(tmp_path: Path) -> None:
    """Session 23: Twisted's compatibility policy (corpus/heldout, MIT) retitled its headings in title case
    between 21.2.0 and 24.11.0; each read "<del>deprecate</del> → <ins>Deprecate</ins>", substantive. A
    heading's letter case is its style: cosmetic, noted "letter case". A changed word beside it, and case
    in body text ("the Company" → "the company", a defined term undone), still count. Fails on the old
    code."""
    from policydiff.renderers._signoff import classify

    heldout = CORPUS / "heldout"
    comparison = compare(
        heldout / "twisted-compatibility-policy-21.2.0.rst",
        heldout / "twisted-compatibility-policy-24.11.0.rst",
    )
    rt = {c.id: c for c in comparison.right.clauses}
    retitled = {
        rt[c.right[0]].text: classify(c).name
        for c in comparison.changes
        if len(c.right) == 1 and rt[c.right[0]].kind.value == "heading" and c.edits
    }
    for text in (
        "Supporting and De-supporting Python Versions",
        "How to Deprecate APIs",
        "Functions and Methods",
        "Instance Attributes",
        "Module Attributes",
    ):
        assert retitled[text] == "COSMETIC", text
    left = _md(tmp_path, "left.md", "# Policy\n\n## Data Protection\n\nThe Company keeps records.\n")
    right = _md(
        tmp_path, "right.md", "# Policy\n\n## Data protection officer\n\nThe company keeps records.\n"
    )
    assert [classify(c).name for c in compare(left, right).changes if c.edits] == ["SUBSTANTIVE"] * 2
    report = run_cli(
        "compare",
        str(heldout / "twisted-compatibility-policy-21.2.0.rst"),
        str(heldout / "twisted-compatibility-policy-24.11.0.rst"),
        "--format",
        "md",
    ).stdout
    assert sum("| letter case |" in line for line in report.splitlines()) == 5


def test_a_bullet_mark_glued_to_a_list_items_first_word_is_no_word_change(tmp_path: Path) -> None:
    """Session 19: pm4py's plain-text Contributor Covenant (CC BY 4.0) writes its items "-Using welcoming
    and inclusive language", no space after the dash, so the dash stays in the text; against
    mozilla/testpilot-metrics' "* Using …" (corpus/heldout) ten items read "<ins>-</ins> (0 words out, 1
    in)", substantive. A lone mark before the first kept word is cosmetic; a minus before a number is not,
    and a word changed after the mark still is. Fails on the old code."""
    left = _md(
        tmp_path,
        "left.txt",
        "Our Standards\n\nExamples of behavior include:\n\n* Using welcoming and inclusive language\n"
        "* Being respectful of differing viewpoints and experiences\n* Gracefully accepting criticism\n\n"
        "Limits\n\n18 degrees below zero is the limit for the freezer.\n",
    )
    right = _md(
        tmp_path,
        "right.txt",
        "Our Standards\n\nExamples of behavior include:\n\n-Using welcoming and inclusive language\n"
        "-Being respectful of differing viewpoints and experiences\n-Gracefully accepting feedback\n\n"
        "Limits\n\n-18 degrees below zero is the limit for the freezer.\n",
    )
    comparison = compare(left, right)
    texts = {c.id: c.text for c in comparison.right.clauses}
    ops = {texts[c.right[0]]: c.op for c in comparison.changes if c.right}
    assert ops["-Using welcoming and inclusive language"] is ChangeOp.UNCHANGED
    assert ops["-Being respectful of differing viewpoints and experiences"] is ChangeOp.UNCHANGED
    assert ops["-Gracefully accepting feedback"] is ChangeOp.REWORDED
    (changed,) = [
        c for c in comparison.changes if c.right and texts[c.right[0]] == "-Gracefully accepting feedback"
    ]
    assert [(e.op.value, e.text, e.cls) for e in changed.edits if e.op.value != "equal"] == [
        ("insert", "-", "cosmetic"),
        ("delete", "criticism", None),
        ("insert", "feedback", None),
    ]
    assert ops["-18 degrees below zero is the limit for the freezer."] is ChangeOp.REWORDED  # a sign


def test_a_topic_word_the_title_capitalises_is_no_organisation() -> None:
    """Session 23: Twisted's compatibility policy (corpus/heldout, MIT) is titled "Twisted Compatibility
    Policy" in 21.2.0 and "Compatibility Policy" in 24.11.0. The organisations read were "Twisted
    Compatibility" and "Compatibility" (the body capitalises "Compatibility" only in its title-case headings),
    so the retitling was reported "organisation name only". A name's last word must be capitalised in running
    text, within a sentence ("… versions of Twisted") unless capitalised inside ("GitHub will …"). Fails on
    the old code."""
    from policydiff.renderers._signoff import classify

    heldout = CORPUS / "heldout"
    old = policydiff.parse(heldout / "twisted-compatibility-policy-21.2.0.rst")
    new = policydiff.parse(heldout / "twisted-compatibility-policy-24.11.0.rst")
    assert (old.organisation, new.organisation) == ("Twisted", None)
    comparison = compare_policies(old, new)
    title = next(c for c in comparison.changes if c.left and c.left[0] == old.clauses[0].id)
    assert classify(title).name == "SUBSTANTIVE"
    assert not [s for s in comparison.slots if s.source == "organisation"]
    # A name capitalised inside is one even where it only opens sentences (GitHub's site policy).
    github = policydiff.parse_bytes(
        b"---\ntitle: GitHub Impersonation\n---\n\nYou may not misrepresent your identity.\n\n"
        b"Parody is not necessarily impersonation. GitHub will take action.\n",
        "impersonation.md",
    )
    assert github.organisation == "GitHub"
    # The corpus's organisations stand: a name used within a sentence ("JPAC LTD is committed …").
    assert policydiff.parse(CORPUS / "jpac" / "social-media-policy.txt").organisation == "JPAC LTD"
