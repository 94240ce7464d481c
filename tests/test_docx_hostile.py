"""Hostile Word files (issue 17): each ends in exit 2 with one line naming why, or reads (exit 0).

The files are made from the corpus by `tests/hostile`; every one runs through the real command line,
`parse` and `compare`, under the fuzzer's memory cap, and both commands must agree.
"""

from __future__ import annotations

import json
import re
import resource
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

import policydiff
from policydiff.readers.docx import MAX_DEPTH

from . import badinput, hostile

MEMORY_CAP = 500 * 1024 * 1024
"""Address space each command may use (the fuzzer's cap)."""
HANG = 120
"""Seconds after which a run counts as hung (speed itself is measured in benchmarks/)."""


@dataclass(frozen=True)
class Run:
    returncode: int
    stdout: str
    stderr: str


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def _run(*args: str, cwd: Path) -> Run:
    proc = subprocess.run(
        [sys.executable, "-m", "policydiff", *args],
        cwd=cwd,
        capture_output=True,
        timeout=HANG,
        stdin=subprocess.DEVNULL,
        preexec_fn=_cap_memory,
        check=False,
    )
    return Run(
        proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace")
    )


def _both(tmp_path: Path, build: Callable[[bytes], bytes], base: Path) -> tuple[Run, Run, Path]:
    """Return the parse and compare runs of the crafted file (JSON into `out/`), and `out/`."""
    (tmp_path / "hostile.docx").write_bytes(build(base.read_bytes()))
    out = tmp_path / "out"
    out.mkdir()
    parse = _run("parse", "hostile.docx", "-q", "--format", "json", "-o", "out/parse.json", cwd=tmp_path)
    compare = _run(
        "compare", "hostile.docx", str(base), "-q", "--format", "json", "-o", "out/compare.json", cwd=tmp_path
    )
    for run in (parse, compare):
        assert "Traceback" not in run.stderr
        assert run.returncode in (0, 2), run.stderr
    assert parse.returncode == compare.returncode, (parse.stderr, compare.stderr)
    return parse, compare, out


REFUSED = [
    pytest.param(
        hostile.corrupt_deflate,
        r"word/document\.xml is corrupt in the zip package "
        r"\(Error -3 while decompressing data: invalid block type\)",
        id="corrupt-deflate",
    ),
    pytest.param(
        hostile.unsupported_method,
        r"word/document\.xml is corrupt in the zip package \(That compression method is not supported\)",
        id="unsupported-compression",
    ),
    pytest.param(
        hostile.unsupported_version,
        r"a zip package in a form policydiff cannot read \(zip file version 9\.9\)",
        id="unsupported-zip-version",
    ),
    pytest.param(hostile.truncated, r"not a valid zip package \(corrupt or truncated\)", id="truncated"),
    pytest.param(
        hostile.without("[Content_Types].xml"),
        r"not a Word package: \[Content_Types\]\.xml is missing \(Word refuses it\)",
        id="no-content-types",
    ),
    pytest.param(
        hostile.without("_rels/.rels"),
        r"not a Word package: _rels/\.rels is missing \(Word refuses it\)",
        id="no-package-relationships",
    ),
    pytest.param(
        hostile.main_not_wordprocessing,
        r"not a Word package: the main part word/document\.xml has content type "
        r"'application/vnd\.openxmlformats-officedocument\.spreadsheetml\.sheet\.main\+xml', not "
        r"WordprocessingML \(Word refuses it\)",
        id="main-part-not-wordprocessingml",
    ),
    pytest.param(
        hostile.target_outside,
        r"word/_rels/document\.xml\.rels has a relationship target outside the package "
        r"\('\.\./\.\./styles\.xml'\); Word refuses such a package",
        id="relationship-outside-package",
    ),
    pytest.param(
        hostile.case_twins,
        r"zip package has members whose names differ only in case \('Word/Document\.xml' and "
        r"'word/document\.xml'\); Word refuses such a package",
        id="names-differ-only-in-case",
    ),
]


@pytest.mark.parametrize(("build", "cause"), REFUSED)
@pytest.mark.parametrize("base", [hostile.NUMBERED, hostile.PANDOC], ids=["python-docx", "pandoc"])
def test_a_hostile_package_is_refused_in_one_line(
    tmp_path: Path, build: Callable[[bytes], bytes], cause: str, base: Path
) -> None:
    parse, compare, out = _both(tmp_path, build, base)
    line = re.compile(rf"policydiff: error: hostile\.docx: {cause}\n")
    assert parse.returncode == 2
    assert line.fullmatch(parse.stderr), parse.stderr
    assert line.fullmatch(compare.stderr), compare.stderr
    assert parse.stdout == compare.stdout == ""
    assert list(out.iterdir()) == []


def _clauses(out: Path) -> list[dict[str, object]]:
    report = json.loads((out / "parse.json").read_text(encoding="utf-8"))
    clauses = report["clauses"]
    assert isinstance(clauses, list)
    return clauses


@pytest.mark.parametrize(
    "build", [hostile.huge_ilvl, hostile.negative_ilvl], ids=["ilvl-10^20", "ilvl-minus-5"]
)
def test_a_list_level_out_of_range_is_clamped_into_words_levels(
    tmp_path: Path, build: Callable[[bytes], bytes]
) -> None:
    parse, _, out = _both(tmp_path, build, hostile.NUMBERED)
    assert parse.returncode == 0, parse.stderr
    levels = {c["level"] for c in _clauses(out)}
    assert levels and all(isinstance(level, int) and 0 <= level <= 8 for level in levels)
    # The text view indents by level: a level of 10^20 used to overflow there.
    text = _run("parse", "hostile.docx", cwd=tmp_path)
    assert text.returncode == 0, text.stderr


def test_the_clamped_levels_validate_against_the_shipped_schema(tmp_path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    _, _, out = _both(tmp_path, hostile.negative_ilvl, hostile.NUMBERED)
    schema_path = Path(policydiff.__file__).parent / "schemas" / "document.schema.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    jsonschema.validate(json.loads((out / "parse.json").read_text(encoding="utf-8")), schema)


@pytest.mark.parametrize(
    "build", [hostile.huge_start_letters, hostile.huge_start_roman], ids=["letters", "roman"]
)
def test_a_list_starting_at_ten_to_the_eleventh_gets_short_labels(
    tmp_path: Path, build: Callable[[bytes], bytes]
) -> None:
    parse, _, out = _both(tmp_path, build, hostile.NUMBERED)
    assert parse.returncode == 0, parse.stderr
    labels = [c["label"] for c in _clauses(out) if c["label"]]
    assert labels
    # Word's largest start, 32767, is 40 roman numerals; "%1.%2." shows two of them.
    assert max(len(str(label)) for label in labels) <= 100


@pytest.mark.parametrize(
    ("build", "depth"),
    [
        pytest.param(hostile.text_boxes(18), 18, id="text-boxes-18"),
        pytest.param(hostile.text_boxes(40), 40, id="text-boxes-40"),
        pytest.param(hostile.tables(40), 40, id="tables-40"),
        pytest.param(hostile.content_controls(40), 40, id="content-controls-40"),
    ],
)
def test_deep_nesting_is_read_once_down_to_the_limit_then_skipped_with_a_warning(
    tmp_path: Path, build: Callable[[bytes], bytes], depth: int
) -> None:
    parse, _, out = _both(tmp_path, build, hostile.PANDOC)
    assert parse.returncode == 0, parse.stderr
    report = json.loads((out / "parse.json").read_text(encoding="utf-8"))
    codes = [w["code"] for w in report["warnings"]]
    assert ("nesting-too-deep" in codes) == (depth >= MAX_DEPTH)
    if depth < MAX_DEPTH:
        # Each box is read once: its text appears as often as there are boxes, not 2^depth times.
        assert sum(1 for c in report["clauses"] if c["text"] == "Boxed.") == depth


def test_a_docx_that_is_plain_text_is_still_read_as_text_with_a_warning(tmp_path: Path) -> None:
    parse, _, out = _both(tmp_path, hostile.plain_text, hostile.PANDOC)
    assert parse.returncode == 0
    assert (
        parse.stderr == "policydiff: warning: hostile.docx: named .docx but holds plain text; read as text\n"
    )
    assert [c["text"] for c in _clauses(out)][-1] == "Staff must not post photos of children."


def test_an_empty_docx_is_refused(tmp_path: Path) -> None:
    parse, compare, _ = _both(tmp_path, hostile.empty, hostile.PANDOC)
    assert parse.returncode == 2 and compare.returncode == 2
    assert parse.stderr.endswith(": an empty file (0 bytes), not a Word document\n")
    assert len(parse.stderr.splitlines()) == 1


def test_symbol_font_bullets_never_reach_clause_text(tmp_path: Path) -> None:
    parse, _, out = _both(tmp_path, hostile.symbol_bullets, hostile.PANDOC)
    assert parse.returncode == 0, parse.stderr
    rules = [c for c in _clauses(out) if str(c["text"]).startswith("Rule ")]
    assert [c["text"] for c in rules] == [f"Rule {i} typed after a bullet." for i in range(6)]
    assert {c["kind"] for c in rules} == {"list_item"}
    assert not [c for c in _clauses(out) if re.search("[\uf020-\uf0ff]", str(c["text"]))]


def test_a_symbol_bullet_opening_each_line_of_a_paragraph_goes_with_its_formatting_kept() -> None:
    document = (
        badinput.DOCUMENT_HEAD + b'<w:p><w:r><w:sym w:font="Symbol" w:char="F0B7"/><w:t>Staff</w:t></w:r>'
        b'<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve"> must</w:t></w:r>'
        b'<w:r><w:t xml:space="preserve"> sign in.</w:t><w:br/><w:t xml:space="preserve">\xef\x82\xa7 '
        b'Visitors</w:t></w:r><w:r><w:rPr><w:i/></w:rPr><w:t xml:space="preserve"> too.</w:t></w:r></w:p>'
        + badinput.DOCUMENT_TAIL
    )
    policy = policydiff.parse_bytes(badinput.minimal_docx(document), "bullets.docx")
    [clause] = policy.clauses
    assert clause.text == "Staff must sign in.\nVisitors too."
    assert clause.kind.value == "list_item"
    assert [(clause.text[s.start : s.end], s.bold, s.italic) for s in clause.spans] == [
        (" must", True, False),
        (" too.", False, True),
    ]


def test_a_symbol_inside_a_line_is_text_not_a_bullet() -> None:
    document = badinput.document_xml("Tick the box \uf0fc then go on.")
    [clause] = policydiff.parse_bytes(badinput.minimal_docx(document), "tick.docx").clauses
    assert clause.text == "Tick the box \uf0fc then go on."
    assert clause.kind.value == "paragraph"


def test_a_note_and_a_comment_referenced_from_many_paragraphs_are_read_once(tmp_path: Path) -> None:
    parse, _, out = _both(tmp_path, hostile.notes_and_comments_referenced_again(2_000), hostile.KITCHEN_SINK)
    assert parse.returncode == 0, parse.stderr
    clauses = _clauses(out)
    assert sum(1 for c in clauses if c["kind"] == "footnote") == 1
    assert sum(len(c.get("annotations", [])) for c in clauses) == 1  # type: ignore[arg-type]
    assert sum(1 for c in clauses if str(c["text"]).startswith("Paragraph ")) == 2_000


def test_fields_left_open_in_every_paragraph_still_show_their_results(tmp_path: Path) -> None:
    parse, _, out = _both(tmp_path, hostile.fields_never_ended(5_000), hostile.PANDOC)
    assert parse.returncode == 0, parse.stderr
    texts = [c["text"] for c in _clauses(out)]
    assert texts[-1] == "Result 4999."
