"""Formatting, link and renumbering changes: in JSON, in every report, and in the Word redline."""

from __future__ import annotations

import io
import json
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from lxml import etree

import policydiff
from policydiff import formatting
from policydiff.compare import compare
from policydiff.inline import left_text, right_text
from policydiff.model import Change, ChangeOp, Comparison, Edit, EditOp, Format, Span
from policydiff.renderers.docx import render_comparison as render_docx
from policydiff.renderers.html import render_comparison as render_html
from policydiff.renderers.json import render_comparison as render_json
from policydiff.renderers.markdown import render_comparison as render_md
from policydiff.renderers.text import render_comparison as render_text
from policydiff.schemas import load as load_schema

from .conftest import require_program, run_cli
from .libreoffice import run_jobs
from .test_render_docx import _read

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
_HEAD = "Handwashing\n\n"
PAIRS = {
    "link": (
        _HEAD + "Read the [hygiene guide](https://example.org/v1) before each shift.\n",
        _HEAD + "Read the [hygiene guide](https://example.org/v2) before each shift.\n",
    ),
    "bold": (
        _HEAD + "Staff **must** wash their hands before meals.\n",
        _HEAD + "Staff must wash their hands before meals.\n",
    ),
    "label": (
        _HEAD + "1. Wet your hands.\n2. Apply soap.\n3. Rinse well.\n",
        _HEAD + "2. Wet your hands.\n3. Apply soap.\n4. Rinse well.\n",
    ),
}


def _files(tmp_path: Path, name: str, suffix: str = ".txt") -> tuple[Path, Path]:
    left_text_, right_text_ = PAIRS[name]
    folder = tmp_path / name
    folder.mkdir(exist_ok=True)
    left, right = folder / f"left{suffix}", folder / f"right{suffix}"
    left.write_text(left_text_, "utf-8")
    right.write_text(right_text_, "utf-8")
    return left, right


def _json(comparison: Comparison) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(render_json(comparison))
    jsonschema.validate(data, load_schema("comparison"))
    return data


def _invariants(comparison: Comparison) -> None:
    """Every clause in exactly one change; a pair's edits rebuild both texts."""
    lefts = [i for c in comparison.changes for i in c.left]
    rights = [i for c in comparison.changes for i in c.right]
    assert sorted(lefts) == sorted(c.id for c in comparison.left.clauses) and len(set(lefts)) == len(lefts)
    assert sorted(rights) == sorted(c.id for c in comparison.right.clauses) and len(set(rights)) == len(
        rights
    )
    texts_left = {c.id: c.text for c in comparison.left.clauses}
    texts_right = {c.id: c.text for c in comparison.right.clauses}
    for change in comparison.changes:
        if change.edits:
            assert left_text(change.edits) == "\n".join(texts_left[i] for i in change.left)
            assert right_text(change.edits) == "\n".join(texts_right[i] for i in change.right)


# --------------------------------------------------------------------------- the comparison and JSON


@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_a_changed_link_target_is_a_change_with_both_targets(tmp_path: Path, suffix: str) -> None:
    comparison = compare(*_files(tmp_path, "link", suffix))
    _invariants(comparison)
    data = _json(comparison)
    (change,) = [c for c in data["changes"] if c["op"] != "unchanged"]
    assert change["op"] == "reworded" and change["matched_by"] == "exact"
    assert change["formatting"] == [
        {
            "text": "hygiene guide",
            "left": {"href": "https://example.org/v1"},
            "right": {"href": "https://example.org/v2"},
        }
    ]
    assert [e["op"] for e in change["edits"]] == ["equal"]  # old readers rebuild both texts from edits
    assert data["stats"]["formatting"] == 1 and data["stats"]["reworded"] == 1
    assert "label" not in change


_COC = (
    "Enforcement\n===========\n\nInstances of abusive, harassing, or otherwise unacceptable behavior may be "
    "reported by contacting the project team at {}. All complaints will be reviewed.\n"
)


@pytest.mark.parametrize(
    ("suffix", "left", "right", "words", "targets"),
    [
        # Session 20: two reST adaptations of the Contributor Covenant (pyflwdir → pyparsing), a bare
        # address docutils makes a mailto link.
        (
            ".rst",
            _COC.format("dirk.eilander@deltares.nl"),
            _COC.format("pyparsing@mail.com"),
            "pyparsing@mail.com",
            ("mailto:dirk.eilander@deltares.nl", "mailto:pyparsing@mail.com"),
        ),
        # Microsoft's SECURITY.md template: a mail address behind its own words.
        (
            ".md",
            _HEAD + "Send email to [secure@microsoft.com](mailto:secure@microsoft.com).  Encrypt it.\n",
            _HEAD + "Send email to [security@microsoft.com](mailto:security@microsoft.com).  Encrypt it.\n",
            "security@microsoft.com",
            ("mailto:secure@microsoft.com", "mailto:security@microsoft.com"),
        ),
        # Not only mail: a web link whose words gained one and whose target moved.
        (
            ".md",
            _HEAD + "Read [our hygiene page](https://example.org/a) before each shift.\n",
            _HEAD + "Read [our new hygiene page](https://example.org/b) before each shift.\n",
            "our new hygiene page",
            ("https://example.org/a", "https://example.org/b"),
        ),
        # A link dropped from part of its words: the old link's words, once.
        (
            ".md",
            _HEAD + "Read [the guide to the hygiene rules](https://example.org/a) daily.\n",
            _HEAD + "Read the guide to the new hygiene rules daily.\n",
            "the guide to the hygiene rules",
            ("https://example.org/a", None),
        ),
    ],
)
def test_a_link_whose_words_and_target_changed_is_one_formatting_entry(
    tmp_path: Path, suffix: str, left: str, right: str, words: str, targets: tuple[str, str | None]
) -> None:
    """Session 20: the word diff keeps the characters the old and new words of a link share ("@" and "."
    of a changed mail address, "our" and "hygiene page"), and each kept stretch was listed as a formatting
    change of its own ("“@”: link mailto:a → link mailto:b", "“.”: …"). The reviewer sees the link once,
    with its words whole and both targets. Fails on the old code."""
    lpath, rpath = tmp_path / f"left{suffix}", tmp_path / f"right{suffix}"
    lpath.write_text(left, "utf-8")
    rpath.write_text(right, "utf-8")
    comparison = compare(lpath, rpath)
    _invariants(comparison)
    (change,) = [c for c in _json(comparison)["changes"] if c["op"] != "unchanged"]
    assert change["op"] == "reworded"
    lhref, rhref = targets
    assert change["formatting"] == [
        {"text": words, "left": {"href": lhref}, "right": {"href": rhref} if rhref else {}}
    ]
    shown = render_text(comparison).decode("utf-8")
    assert shown.count(f"“{words}”") == 1 and "“@”" not in shown and "“.”" not in shown


def test_a_new_link_over_old_linked_and_plain_words_is_one_entry() -> None:
    """Session 18's Contributor Covenant reST pair: an address that was a link to another page, and a
    full stop after it, became one longer linked address. The new link is named once, with its old target
    (the kept full stop's old plain text is part of the same new link)."""
    a, b = "https://x.org/1/", "https://x.org/1/coc.html"
    left = formatting.runs([Span(0, 16, href=a)], 17)  # "https://x.org/1/."
    right = formatting.runs([Span(0, 25, href=b)], 25)  # "https://x.org/1/coc.html."
    edits = (Edit(EditOp.EQUAL, "https://x.org/1/"), Edit(EditOp.INSERT, "coc.html"), Edit(EditOp.EQUAL, "."))
    found = formatting.differences(left, right, edits)
    assert [(f.text, f.left.href, f.right.href) for f in found] == [("https://x.org/1/coc.html.", a, b)]


def test_a_changed_link_with_only_cosmetic_word_edits_stays_a_formatting_change(tmp_path: Path) -> None:
    """Its kept stretches made one entry, a link whose words changed only cosmetically and whose target
    changed is still a change (never unchanged), of the formatting class."""
    lpath, rpath = tmp_path / "left.md", tmp_path / "right.md"
    lpath.write_text(_HEAD + "Read [the staff's guide](https://example.org/a) today.\n", "utf-8")
    rpath.write_text(_HEAD + "Read [the staff\u2019s guide](https://example.org/b) today.\n", "utf-8")
    comparison = compare(lpath, rpath)
    (change,) = [c for c in comparison.changes if c.op is not ChangeOp.UNCHANGED]
    assert change.op is ChangeOp.REWORDED
    assert [(f.text, f.left.href, f.right.href) for f in change.formatting] == [
        ("the staff\u2019s guide", "https://example.org/a", "https://example.org/b")
    ]


@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_emphasis_removed_is_a_change(tmp_path: Path, suffix: str) -> None:
    comparison = compare(*_files(tmp_path, "bold", suffix))
    _invariants(comparison)
    data = _json(comparison)
    (change,) = [c for c in data["changes"] if c["op"] != "unchanged"]
    assert change["op"] == "reworded"
    assert change["formatting"] == [{"text": "must", "left": {"bold": True}, "right": {}}]


def test_renumbering_alone_stays_unchanged_and_is_recorded_as_a_label(tmp_path: Path) -> None:
    comparison = compare(*_files(tmp_path, "label"))
    _invariants(comparison)
    data = _json(comparison)
    assert {c["op"] for c in data["changes"]} == {"unchanged"}
    assert [c.get("label") for c in data["changes"]] == [
        None,
        {"left": "1.", "right": "2."},
        {"left": "2.", "right": "3."},
        {"left": "3.", "right": "4."},
    ]
    assert data["stats"]["renumbered"] == 3 and data["stats"]["formatting"] == 0
    assert not any("formatting" in c for c in data["changes"])


@pytest.mark.parametrize(("name", "code"), [("link", 1), ("bold", 1), ("label", 0)])
def test_exit_code_is_one_for_formatting_and_links_and_zero_for_renumbering(
    tmp_path: Path, name: str, code: int
) -> None:
    left, right = _files(tmp_path, name)
    result = run_cli("compare", str(left), str(right), "--exit-code", "--format", "json")
    assert result.returncode == code, result.stderr
    assert result.stderr == ""


@pytest.mark.parametrize("name", list(PAIRS))
def test_a_formatted_document_compared_with_itself_is_unchanged(tmp_path: Path, name: str) -> None:
    left, _ = _files(tmp_path, name)
    comparison = compare(left, left)
    assert {c.op for c in comparison.changes} == {ChangeOp.UNCHANGED}
    assert not any(c.formatting or c.label for c in comparison.changes)


def test_a_link_inside_bold_text_that_loses_its_link_keeps_the_bold(tmp_path: Path) -> None:
    left, right = tmp_path / "left.txt", tmp_path / "right.txt"
    left.write_text(_HEAD + "Read **the [guide](https://example.org/g) now**.\n", "utf-8")
    right.write_text(_HEAD + "Read **the guide now**.\n", "utf-8")
    (change,) = [c for c in compare(left, right).changes if c.op is not ChangeOp.UNCHANGED]
    assert [(f.text, f.left.bold, f.left.href, f.right.bold, f.right.href) for f in change.formatting] == [
        ("guide", True, "https://example.org/g", True, None)
    ]


_KEPT = "# Handwashing\n\nStaff must wash their hands.\n\n"


@pytest.mark.parametrize(
    "struck",
    [
        "~~Volunteers sign the register.~~",
        "<s>Volunteers sign the register.</s>",
        "<del>Volunteers sign the register.</del>",
        "<strike>Volunteers sign the register.</strike>",
    ],
)
def test_a_clause_struck_through_in_markdown_is_a_formatting_change(tmp_path: Path, struck: str) -> None:
    """Striking text through is how people mark it withdrawn by hand: never `unchanged`."""
    left, right = tmp_path / "left.md", tmp_path / "right.md"
    left.write_text(_KEPT + "Volunteers sign the register.\n", "utf-8")
    right.write_text(_KEPT + struck + "\n", "utf-8")
    comparison = compare(left, right)
    _invariants(comparison)
    (change,) = [c for c in _json(comparison)["changes"] if c["op"] != "unchanged"]
    assert change["op"] == "reworded"
    assert change["formatting"] == [
        {"text": "Volunteers sign the register.", "left": {}, "right": {"strike": True}}
    ]
    text = render_text(comparison).decode("utf-8")
    assert "“Volunteers sign the register.”: plain → strikethrough" in text
    assert "“Volunteers sign the register.”: plain → strikethrough" in render_html(comparison).decode("utf-8")
    result = run_cli("compare", str(left), str(right), "--exit-code", "--format", "json")
    assert result.returncode == 1, result.stderr


def test_struck_words_inside_a_clause_are_the_formatting_change_and_bold_stays(tmp_path: Path) -> None:
    left, right = tmp_path / "left.md", tmp_path / "right.md"
    left.write_text(_KEPT + "Children **must** wash before meals and snacks.\n", "utf-8")
    right.write_text(_KEPT + "Children **must** wash before meals ~~and **snacks**~~.\n", "utf-8")
    (change,) = [c for c in _json(compare(left, right))["changes"] if c["op"] != "unchanged"]
    assert change["formatting"] == [
        {"text": "and ", "left": {}, "right": {"strike": True}},
        {"text": "snacks", "left": {}, "right": {"bold": True, "strike": True}},
    ]


def test_a_struck_through_markdown_document_compared_with_itself_is_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "policy.md"
    path.write_text(_KEPT + "~~Volunteers sign the register.~~\n", "utf-8")
    assert {c.op for c in compare(path, path).changes} == {ChangeOp.UNCHANGED}


@pytest.mark.parametrize("double", [False, True])
def test_a_word_run_struck_through_is_a_formatting_change(tmp_path: Path, double: bool) -> None:
    """`w:strike` and `w:dstrike` (double strikethrough) both strike the text through."""
    left, right = _docx_pair(tmp_path, "strike")
    if double:  # the same document with Word's double strikethrough instead
        import docx

        document = docx.Document(str(right))
        for run in document.paragraphs[-1].runs:
            run.font.strike = None
            run.font.double_strike = True
        document.save(str(right))
    comparison = compare(left, right)
    (change,) = [c for c in _json(comparison)["changes"] if c["op"] != "unchanged"]
    assert change["formatting"] == [
        {"text": "Volunteers sign the register.", "left": {}, "right": {"strike": True}}
    ]
    parsed = json.loads(run_cli("parse", str(right), "--format", "json").stdout)
    jsonschema.validate(parsed, load_schema("document"))
    (clause,) = [c for c in parsed["clauses"] if c["text"] == "Volunteers sign the register."]
    assert clause["spans"] == [{"start": 0, "end": 29, "strike": True}]


def test_a_word_character_style_that_strikes_through_is_read(tmp_path: Path) -> None:
    import docx
    from docx.enum.style import WD_STYLE_TYPE

    paths = []
    for name, styled in (("left", False), ("right", True)):
        document = docx.Document()
        style = document.styles.add_style("Withdrawn", WD_STYLE_TYPE.CHARACTER)
        style.font.strike = True
        document.add_heading("Handwashing", 1)
        document.add_paragraph("Staff must wash their hands.")
        paragraph = document.add_paragraph("Volunteers sign ")
        paragraph.add_run("the register", style="Withdrawn" if styled else None)
        paragraph.add_run(".")
        paths.append(tmp_path / f"{name}.docx")
        document.save(str(paths[-1]))
    (change,) = [c for c in compare(*paths).changes if c.op is not ChangeOp.UNCHANGED]
    assert [(f.text, f.left.strike, f.right.strike) for f in change.formatting] == [
        ("the register", False, True)
    ]


def _tracked_run(tmp_path: Path, old: str, new: str) -> tuple[etree._Element, etree._Element]:
    """Return the generated Word redline's body of two Markdown paragraphs after `_KEPT`, and its one run
    whose properties changed."""
    left, right = tmp_path / "left.md", tmp_path / "right.md"
    left.write_text(_KEPT + old, "utf-8")
    right.write_text(_KEPT + new, "utf-8")
    root = _document(render_docx(compare(left, right)))
    (run,) = _x(root, "//w:r[w:rPr/w:rPrChange]")
    return root, run


def test_the_generated_word_redline_tracks_a_strikethrough_as_a_run_property_change(tmp_path: Path) -> None:
    left, right = tmp_path / "left.md", tmp_path / "right.md"
    root, run = _tracked_run(
        tmp_path, "Volunteers sign the register.\n", "~~Volunteers sign the register.~~\n"
    )
    assert _s(run, "w:t") == "Volunteers sign the register."
    assert _x(run, "w:rPr/w:strike") and not _x(run, "w:rPr/w:rPrChange/w:rPr/w:strike")
    assert not _x(root, "//w:ins | //w:del")  # the words are untouched
    # And the other way: the strikethrough removed is recorded as the former properties.
    back = _document(render_docx(compare(right, left)))
    (run,) = _x(back, "//w:r[w:rPr/w:rPrChange]")
    assert not _x(run, "w:rPr/w:strike") and _x(run, "w:rPr/w:rPrChange/w:rPr/w:strike")


@pytest.mark.parametrize(
    ("left", "right", "name"),
    [
        pytest.param(
            "Set COVERAGE_FILE before the run.\n",
            "Set `COVERAGE_FILE` before the run.\n",
            "policy.md",
            id="md",
        ),
        pytest.param(
            "Set COVERAGE_FILE before the run.\n",
            "Set <code>COVERAGE_FILE</code> before the run.\n",
            "policy.md",
            id="md-html",
        ),
        pytest.param(
            "Set COVERAGE_FILE before the run.\n",
            "Set ``COVERAGE_FILE`` before the run.\n",
            "policy.rst",
            id="rst",
        ),
        pytest.param(
            "Set COVERAGE_FILE before the run.\n",
            "Set :envvar:`COVERAGE_FILE` before the run.\n",
            "policy.rst",
            id="rst-sphinx-role",
        ),
    ],
)
def test_a_word_made_code_is_a_formatting_change(tmp_path: Path, left: str, right: str, name: str) -> None:
    """coverage.py's contributing guide made "COVERAGE_FILE" code (pandoc: `Code`) with its letters kept:
    it was reported unchanged."""
    paths = tmp_path / f"left-{name}", tmp_path / f"right-{name}"
    paths[0].write_text("Setup\n=====\n\n" + left if name.endswith(".rst") else "# Setup\n\n" + left, "utf-8")
    paths[1].write_text(
        "Setup\n=====\n\n" + right if name.endswith(".rst") else "# Setup\n\n" + right, "utf-8"
    )
    comparison = compare(*paths)
    _invariants(comparison)
    data = _json(comparison)
    jsonschema.validate(data, load_schema("comparison"))
    (change,) = [c for c in data["changes"] if c["op"] != "unchanged"]
    assert (change["op"], change["formatting"]) == (
        "reworded",
        [{"text": "COVERAGE_FILE", "left": {}, "right": {"code": True}}],
    )
    assert "“COVERAGE_FILE”: plain → code" in render_text(comparison).decode("utf-8")
    assert "“COVERAGE_FILE”: plain → code" in render_html(comparison).decode("utf-8")
    assert "“COVERAGE\\_FILE”: plain → code" in render_md(comparison).decode("utf-8")
    back = _json(compare(paths[1], paths[0]))
    assert [c["formatting"] for c in back["changes"] if c["op"] != "unchanged"] == [
        [{"text": "COVERAGE_FILE", "left": {"code": True}, "right": {}}]
    ]


_CODED = {
    "gfm": (
        "# Setup\n\nSet `COVERAGE_FILE` and **`HOME`** before [`make test`](https://example.org/make).\n\n"
        "- Keep `main` green.\n- Run ``a `b` c`` once.\n\n| Name | Use |\n|---|---|\n| `tox` | tests |\n\n"
        "A \\`escaped\\` mark and <code>html</code>.\n"
    ),
    "rst": (
        "Setup\n=====\n\nSet ``COVERAGE_FILE`` and :envvar:`HOME` before `make test <https://example.org/make>`_.\n\n"
        "- Keep :code:`main` green.\n- Read :ref:`the guide <guide>` and *emphasis*.\n\n"
        "======= =====\nName    Use\n======= =====\n``tox`` tests\n======= =====\n"
    ),
}


def _code_by_pandoc(tree: object) -> list[str]:
    """Return the text of every Code in pandoc's JSON, in document order."""
    found: list[str] = []
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, dict) and node.get("t") == "Code":
            found.append(node["c"][1])
        elif isinstance(node, dict | list):
            stack.extend(reversed(list(node.values() if isinstance(node, dict) else node)))
    return found


@pytest.mark.external
@pytest.mark.parametrize("markup", ["gfm", "rst"])
def test_code_is_what_pandoc_reads_as_code(markup: str) -> None:
    pandoc = require_program("pandoc")
    source = _CODED[markup]
    result = subprocess.run(
        [pandoc, "-f", markup, "-t", "json"], input=source, capture_output=True, text=True, check=True
    )
    wanted = _code_by_pandoc(json.loads(result.stdout)["blocks"])
    if markup == "gfm":
        wanted.append("html")  # pandoc keeps <code> as raw HTML; GitHub shows it as code, as we read it
    name = "policy.md" if markup == "gfm" else "policy.rst"
    found = [
        c.text[s.start : s.end]
        for c in policydiff.parse_bytes(source.encode(), name).clauses
        for s in c.spans
        if s.code
    ]
    assert found == wanted
    assert "COVERAGE_FILE" in found and "tox" in found  # the oracle is not empty


def test_code_is_read_from_word_styles_and_monospace_fonts(tmp_path: Path) -> None:
    """pandoc writes code in the "Verbatim Char" style, LibreOffice in "Source Text" (its font a list:
    "Menlo;Monaco;…"), a hand-made document in a monospace font; a code block's lines (pandoc's "Source
    Code" paragraphs) are code as a whole, as Markdown's, so no code span."""
    import docx
    from docx.enum.style import WD_STYLE_TYPE

    document = docx.Document()
    document.styles.add_style("Verbatim Char", WD_STYLE_TYPE.CHARACTER)
    document.styles.add_style("Source Text", WD_STYLE_TYPE.CHARACTER)
    listed = document.styles.add_style("Typed", WD_STYLE_TYPE.CHARACTER)
    listed.font.name = "Menlo;Monaco;Lucida Console;Consolas;monospace"  # as LibreOffice writes a font list
    document.styles.add_style("Source Code", WD_STYLE_TYPE.PARAGRAPH)
    document.add_paragraph("Handwashing", style="Heading 1")
    paragraph = document.add_paragraph("Set ")
    for text, style, font in (
        ("COVERAGE_FILE", "Verbatim Char", None),
        (", ", None, None),
        ("HOME", "Source Text", None),
        (", ", None, None),
        ("USER", "Typed", None),
        (" and ", None, None),
        ("PATH", None, "Courier New"),
        (" in ", None, None),
        ("Arial", None, "Arial"),
        (".", None, None),
    ):
        paragraph.add_run(text, style=style).font.name = font
    document.add_paragraph("", style="Source Code").add_run("make test", style="Verbatim Char")
    path = tmp_path / "code.docx"
    document.save(str(path))
    clauses = policydiff.parse(path).clauses
    (body,) = [c for c in clauses if c.text.startswith("Set ")]
    assert [body.text[s.start : s.end] for s in body.spans if s.code] == [
        "COVERAGE_FILE",
        "HOME",
        "USER",
        "PATH",
    ]
    (block,) = [c for c in clauses if c.text == "make test"]
    assert block.spans == ()


def _typed_in(tmp_path: Path, name: str, font: str | None, code_word: bool = False) -> Path:
    """Write a two-paragraph policy (python-docx) with every run in `font` (None: the body's own), and
    optionally one more paragraph naming `REPORT_FILE` in "Verbatim Char" amid body text."""
    import docx
    from docx.enum.style import WD_STYLE_TYPE

    document = docx.Document()
    document.styles.add_style("Verbatim Char", WD_STYLE_TYPE.CHARACTER)
    document.add_paragraph("Safeguarding Policy", style="Heading 1")
    for text in ("Staff must report concerns to the DSL at once.", "The board reviews it every year."):
        document.add_paragraph().add_run(text).font.name = font
    if code_word:
        paragraph = document.add_paragraph()
        paragraph.add_run("Name the file ").font.name = font
        paragraph.add_run("REPORT_FILE", style="Verbatim Char").font.name = font
        paragraph.add_run(".").font.name = font
    path = tmp_path / name
    document.save(str(path))
    return path


def test_a_policy_typed_in_a_monospace_font_is_no_code(tmp_path: Path) -> None:
    """A policy typed in Courier New (every run's font, as old templates are) compared with its copy in
    Calibri, or with the same text as plain text, has no change: a font is how it looks, not code. A
    word in a code character style among that text still reads as code."""
    courier = _typed_in(tmp_path, "courier.docx", "Courier New", code_word=True)
    calibri = _typed_in(tmp_path, "calibri.docx", "Calibri", code_word=True)
    text = tmp_path / "policy.txt"
    text.write_text(
        "Safeguarding Policy\n\nStaff must report concerns to the DSL at once.\n\n"
        "The board reviews it every year.\n\nName the file `REPORT_FILE`.\n",
        encoding="utf-8",
    )
    for left, right in ((courier, calibri), (calibri, courier)):
        stats = policydiff.compare(left, right).stats()
        assert stats["unchanged"] == sum(stats.values()) == 4, stats
    clauses = policydiff.parse(courier).clauses
    assert not any(s.code for c in clauses if c.text.startswith(("Staff", "The board")) for s in c.spans)
    (named,) = [c for c in clauses if c.text.startswith("Name the file")]
    assert [named.text[s.start : s.end] for s in named.spans if s.code] == ["REPORT_FILE"]


def _coded_docx_pair(tmp_path: Path) -> tuple[Path, Path]:
    """Write two Word documents (python-docx): "COVERAGE_FILE" plain, then in pandoc's "Verbatim Char"."""
    import docx
    from docx.enum.style import WD_STYLE_TYPE

    paths = []
    for name, code in (("left", False), ("right", True)):
        document = docx.Document()
        document.styles.add_style("Verbatim Char", WD_STYLE_TYPE.CHARACTER).font.name = "Consolas"
        document.add_paragraph("Handwashing", style="Heading 1")
        paragraph = document.add_paragraph("Set ")
        paragraph.add_run("COVERAGE_FILE", style="Verbatim Char" if code else None)
        paragraph.add_run(" before the run.")
        paths.append(tmp_path / f"{name}.docx")
        document.save(str(paths[-1]))
    return paths[0], paths[1]


def test_both_word_redlines_track_code_as_a_run_property_change(tmp_path: Path) -> None:
    root, run = _tracked_run(
        tmp_path, "Set COVERAGE_FILE before the run.\n", "Set `COVERAGE_FILE` before the run.\n"
    )
    assert _s(run, "w:t") == "COVERAGE_FILE"
    assert _x(run, "w:rPr/w:rFonts[@w:ascii='Courier New']") and not _x(
        run, "w:rPr/w:rPrChange/w:rPr/w:rFonts"
    )
    assert not _x(root, "//w:ins | //w:del")
    # The package redline (two Word documents): the right run's own style, the left's properties before.
    paths = _coded_docx_pair(tmp_path)
    comparison = compare(*paths)
    (change,) = [c for c in comparison.changes if c.op is not ChangeOp.UNCHANGED]
    assert [(f.text, f.left.code, f.right.code) for f in change.formatting] == [
        ("COVERAGE_FILE", False, True)
    ]
    root = _document(
        render_docx(comparison, left_bytes=paths[0].read_bytes(), right_bytes=paths[1].read_bytes())
    )
    (run,) = _x(root, "//w:r[w:rPr/w:rPrChange]")
    assert _s(run, "w:t") == "COVERAGE_FILE"
    assert _x(run, "w:rPr/w:rStyle[@w:val='VerbatimChar']") and not _x(
        run, "w:rPr/w:rPrChange/w:rPr/w:rStyle"
    )


_TAIL = "\n\nStaff wash their hands.\n\n## After play\n\nChildren wash theirs.\n"
_DEMOTED = ("# Handwashing policy\n\n## Before meals" + _TAIL, "# Handwashing policy\n\nBefore meals" + _TAIL)


@pytest.mark.parametrize("mirrored", [False, True])
def test_a_heading_made_body_text_is_a_formatting_change_not_unchanged(
    tmp_path: Path, mirrored: bool
) -> None:
    """Session 13: a heading made body text with its words kept (its section now belongs to the heading
    before) was reported unchanged in every report, and a reviewer signed nothing off."""
    left, right = tmp_path / "left.md", tmp_path / "right.md"
    a, b = _DEMOTED[::-1] if mirrored else _DEMOTED
    left.write_text(a, "utf-8")
    right.write_text(b, "utf-8")
    comparison = compare(left, right)
    _invariants(comparison)
    data = _json(comparison)
    (change,) = [c for c in data["changes"] if c["op"] != "unchanged"]
    heading, body = ({}, {"heading": True}) if mirrored else ({"heading": True}, {})
    assert change["op"] == "reworded"
    assert change["formatting"] == [{"text": "Before meals", "left": heading, "right": body}]
    assert data["stats"]["formatting"] == 1
    shown = "“Before meals”: body text → heading" if mirrored else "“Before meals”: heading → body text"
    assert shown in render_text(comparison).decode("utf-8")
    assert shown in render_html(comparison).decode("utf-8")
    assert shown in render_md(comparison).decode("utf-8")
    result = run_cli("compare", str(left), str(right), "--exit-code", "--format", "json")
    assert result.returncode == 1, result.stderr


def _pandoc_levels(path: Path, reader: str) -> dict[str, int]:
    """Return pandoc's level of each heading of a Markdown or reStructuredText file (the oracle)."""
    pandoc = require_program("pandoc")
    out = subprocess.run(
        [pandoc, "-f", reader, "-t", "json", str(path)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )

    def text(inlines: list[Any]) -> str:
        return "".join(i["c"] if i["t"] == "Str" else " " if i["t"] == "Space" else "" for i in inlines)

    return {text(b["c"][2]): b["c"][0] for b in json.loads(out.stdout)["blocks"] if b["t"] == "Header"}


_LEVELS = "# Handwashing policy\n\n## Before meals\n\nStaff wash their hands.\n\n" + (
    "## After play\n\nChildren wash theirs.\n"
)
_LEVELS_RST = (
    "Handwashing policy\n==================\n\nBefore meals\n------------\n\nStaff wash their hands.\n\n"
    "Tables\n~~~~~~\n\nTables are wiped.\n\nAfter play\n----------\n\nChildren wash theirs.\n"
)


@pytest.mark.parametrize(
    ("suffix", "reader", "left_text_", "right_text_", "moved"),
    [
        ("md", "gfm", _LEVELS, _LEVELS.replace("## After", "### After"), "After play"),
        ("md", "gfm", _LEVELS.replace("## After", "### After"), _LEVELS, "After play"),
        # reStructuredText's levels are the order its underlines first appear in: "Tables" made a
        # section beside "Before meals" instead of under it. (docutils makes the lone top section the
        # document's title, so its sections stand a level above pandoc's: the move is the same.)
        ("rst", "rst", _LEVELS_RST, _LEVELS_RST.replace("Tables\n~~~~~~", "Tables\n------"), "Tables"),
    ],
)
def test_a_heading_moved_to_another_level_is_a_formatting_change(
    tmp_path: Path, suffix: str, reader: str, left_text_: str, right_text_: str, moved: str
) -> None:
    """Session 15: "## After play" made "### After play" (a section made part of the one before) was
    reported unchanged; the Word redline tracked the style change the report did not show."""
    left, right = tmp_path / f"left.{suffix}", tmp_path / f"right.{suffix}"
    left.write_text(left_text_, "utf-8")
    right.write_text(right_text_, "utf-8")
    before, after = _pandoc_levels(left, reader), _pandoc_levels(right, reader)
    assert before[moved] != after[moved] and before.keys() == after.keys()
    comparison = compare(left, right)
    _invariants(comparison)
    data = _json(comparison)
    (change,) = [c for c in data["changes"] if c["op"] != "unchanged"]
    assert change["op"] == "reworded"
    (fmt,) = change["formatting"]
    was, now = fmt["left"]["level"], fmt["right"]["level"]
    assert fmt == {
        "text": moved,
        "left": {"heading": True, "level": was},
        "right": {"heading": True, "level": now},
    }
    assert now - was == after[moved] - before[moved]
    if suffix == "md":
        assert (was, now) == (before[moved], after[moved])
    # Every other heading stands where pandoc puts it, as the report says.
    assert all(before[h] == after[h] for h in before if h != moved)
    shown = f"“{moved}”: heading level {was} → heading level {now}"
    for render in (render_text, render_html, render_md):
        assert shown in render(comparison).decode("utf-8")
    result = run_cli("compare", str(left), str(right), "--exit-code", "--format", "json")
    assert result.returncode == 1, result.stderr
    # The generated Word redline tracks the same change: the right's heading style, the left's before.
    (p,) = _x(_document(render_docx(comparison)), f"//w:p[w:r/w:t='{moved}']")
    assert _s(p, "w:pPr/w:pStyle/@w:val") == f"Heading{now}"
    assert _s(p, "w:pPr/w:pPrChange/w:pPr/w:pStyle/@w:val") == f"Heading{was}"


def test_every_heading_a_level_down_is_no_change(tmp_path: Path) -> None:
    # One document from two producers (or a title added above every section) has all its headings a
    # level apart: its structure is the same, and nothing is listed.
    left, right = tmp_path / "left.md", tmp_path / "right.md"
    left.write_text(_LEVELS.replace("## ", "### ").replace("# Hand", "## Hand"), "utf-8")
    right.write_text(_LEVELS, "utf-8")
    before, after = _pandoc_levels(left, "gfm"), _pandoc_levels(right, "gfm")
    assert {after[h] - before[h] for h in before} == {-1}
    assert {c.op for c in compare(left, right).changes} == {ChangeOp.UNCHANGED}


def _word_headings(path: Path, levels: list[int]) -> Path:
    """Write a python-docx document: a title and three headings at `levels`, each over a paragraph."""
    import docx

    document = docx.Document()
    document.add_heading("Handwashing policy", 0)
    for heading, level in zip(("Before meals", "After play", "Outings"), levels, strict=True):
        document.add_heading(heading, level)
        document.add_paragraph(f"Staff follow the rules for {heading.lower()} every day.")
    document.save(str(path))
    return path


def test_word_headings_a_level_apart_throughout_are_no_change_but_one_heading_moved_is(
    tmp_path: Path,
) -> None:
    """pandoc writes Markdown's `##` sections as Heading 2 under a Title, Word's own document has them as
    Heading 1 (the corpus's JPAC and Kidspace policies): no change. One heading made Heading 3 is one."""

    def write(name: str, levels: list[int]) -> Path:
        return _word_headings(tmp_path / f"{name}.docx", levels)

    pandoc_made, word_made, moved = write("a", [2, 2, 2]), write("b", [1, 1, 1]), write("c", [1, 2, 1])
    assert {c.op for c in compare(pandoc_made, word_made).changes} == {ChangeOp.UNCHANGED}
    (change,) = [c for c in compare(word_made, moved).changes if c.op is not ChangeOp.UNCHANGED]
    assert [(f.text, f.left.level, f.right.level) for f in change.formatting] == [("After play", 1, 2)]


def test_a_heading_that_kept_its_level_while_the_others_moved_says_so(tmp_path: Path) -> None:
    """Session 22: GitHub's Sponsors terms (CC0) went from `###` sections to `##` ones under new `#` parts;
    a heading still at `###` was listed "heading level 3 → heading level 3", which reads as no change (levels
    are compared after the shift of every heading). The line says what happened. Fails on the old code."""
    left = _word_headings(tmp_path / "a.docx", [2, 2, 2])
    right = _word_headings(tmp_path / "b.docx", [1, 2, 1])
    (change,) = [c for c in compare(left, right).changes if c.op is not ChangeOp.UNCHANGED]
    assert [(f.text, f.left.level, f.right.level) for f in change.formatting] == [("After play", 2, 2)]
    shown = render_text(compare(left, right)).decode("utf-8")
    assert "“After play”: kept heading level 2; most other headings changed level" in shown
    assert "heading level 2 → heading level 2" not in shown


def test_heading_levels_are_not_compared_across_formats(tmp_path: Path) -> None:
    # A Markdown "##" under a "#" title is a plain-text heading of level 1: one document in two formats.
    left, right = tmp_path / "left.md", tmp_path / "right.txt"
    left.write_text(_LEVELS, "utf-8")
    right.write_text(_LEVELS.replace("# ", ""), "utf-8")
    assert not [f for c in compare(left, right).changes for f in c.formatting if f.left.level]


def test_a_real_heading_that_kept_its_level_beside_new_sections_is_no_change() -> None:
    # The CNCF code of conduct 1.1 added "##" sections beside its "##" title; its "### Contributor Code
    # of Conduct" stayed "###" (pandoc), though it is no longer the only heading level.
    root = Path(__file__).parent.parent / "corpus" / "realworld"
    left, right = root / "cncf-coc-v1.0-2017.md", root / "cncf-coc-v1.1-2021.md"
    name = "Contributor Code of Conduct"
    assert _pandoc_levels(left, "gfm")[name] == _pandoc_levels(right, "gfm")[name] == 3
    assert not [f for c in compare(left, right).changes for f in c.formatting if f.left.level]


def test_a_word_heading_made_normal_text_is_a_formatting_change(tmp_path: Path) -> None:
    import docx

    paths = []
    for name, style in (("left", "Heading 2"), ("right", "Normal")):
        document = docx.Document()
        document.add_heading("Handwashing policy", 1)
        document.add_paragraph("Before meals", style=style)
        document.add_paragraph("Staff wash their hands before every meal and snack.")
        paths.append(tmp_path / f"{name}.docx")
        document.save(str(paths[-1]))
    comparison = compare(*paths)
    (change,) = [c for c in comparison.changes if c.op is not ChangeOp.UNCHANGED]
    assert change.op is ChangeOp.REWORDED
    assert [(f.text, f.left.heading, f.right.heading) for f in change.formatting] == [
        ("Before meals", True, False)
    ]


# --------------------------------------------------------------------------- reports


def test_reports_show_the_link_targets_and_the_emphasis(tmp_path: Path) -> None:
    link = compare(*_files(tmp_path, "link"))
    bold = compare(*_files(tmp_path, "bold"))
    shown = "“hygiene guide”: link https://example.org/v1 → link https://example.org/v2"
    html = render_html(link).decode("utf-8")
    assert shown in html and 'id="formatting-count">1<' in html
    assert "“must”: bold → plain" in render_html(bold).decode("utf-8")
    text = render_text(link).decode("utf-8")
    assert shown in text and "formatting or links changed in 1" in text.splitlines()[0]
    assert "“must”: bold → plain" in render_text(bold).decode("utf-8")
    md = render_md(link).decode("utf-8")
    assert r"“hygiene guide”: link https://example\.org/v1 → link https://example\.org/v2" in md
    assert "Formatting or links changed: 1 (1 with the same words)." in md


def test_reports_show_renumbering_as_cosmetic(tmp_path: Path) -> None:
    comparison = compare(*_files(tmp_path, "label"))
    text = render_text(comparison).decode("utf-8")
    assert "3 clauses renumbered (cosmetic)" in text.splitlines()[0]
    assert "renumbered 1. → 2. (cosmetic)" in text
    md = render_md(comparison).decode("utf-8")
    assert r"renumbered 1\. → 2\. (cosmetic)" in md
    assert "Renumbered (cosmetic, not counted as changes): 3 clauses." in md
    assert "| Reworded | 0 |" in md
    html = render_html(comparison).decode("utf-8")
    assert "renumbered 1. → 2., cosmetic" in html and 'id="renumbered-count">3<' in html


def test_shared_words_are_written_when_known_and_shown_behind_the_pairing() -> None:
    base = compare(
        Path(__file__).parent / "cases" / "identical" / "left.txt",
        Path(__file__).parent / "cases" / "identical" / "left.txt",
    )
    first = base.changes[0]
    cid = first.left[0]
    text = base.left.clauses[0].text
    shared = Change(
        ChangeOp.REWORDED,
        (cid,),
        (cid,),
        0.7,
        "fuzzy",
        (Edit(EditOp.EQUAL, text),),
        shared=("consent", "medicines"),
    )
    comparison = Comparison(base.left, base.right, (shared, *base.changes[1:]), ())
    data = _json(comparison)
    assert data["changes"][0]["shared"] == ["consent", "medicines"]
    assert all("shared" not in c for c in data["changes"][1:])
    html = render_html(comparison).decode("utf-8")
    assert '<span class="shared">shared words: consent, medicines</span>' in html


# --------------------------------------------------------------------------- Word inputs and the redline


def _docx(path: Path, paragraphs: list[list[tuple[str, dict[str, Any]]]]) -> Path:
    """Write a DOCX (python-docx): one paragraph per list of (text, {"bold": …, "strike": …, "href": …})
    runs."""
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    document.add_heading("Handwashing", 1)
    for runs in paragraphs:
        paragraph = document.add_paragraph()
        for text, fmt in runs:
            if fmt.get("href"):
                rel = paragraph.part.relate_to(fmt["href"], RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
                link = OxmlElement("w:hyperlink")
                link.set(qn("r:id"), rel)
                run = OxmlElement("w:r")
                t = OxmlElement("w:t")
                t.text = text
                t.set(qn("xml:space"), "preserve")
                run.append(t)
                link.append(run)
                paragraph._p.append(link)
            else:
                run = paragraph.add_run(text)
                run.bold = bool(fmt.get("bold"))
                run.font.strike = bool(fmt.get("strike"))
    document.save(str(path))
    return path


DOCX_PAIRS: dict[
    str, tuple[list[list[tuple[str, dict[str, Any]]]], list[list[tuple[str, dict[str, Any]]]]]
] = {
    "link": (
        [[("Read the ", {}), ("hygiene guide", {"href": "https://example.org/v1"}), (" first.", {})]],
        [[("Read the ", {}), ("hygiene guide", {"href": "https://example.org/v2"}), (" first.", {})]],
    ),
    "bold": (
        [[("Staff ", {}), ("must", {"bold": True}), (" wash their hands.", {})]],
        [[("Staff ", {}), ("must", {}), (" wash their hands.", {"bold": True})]],
    ),
    "strike": (
        [[("Staff must wash their hands.", {})], [("Volunteers sign the register.", {})]],
        [[("Staff must wash their hands.", {})], [("Volunteers sign the register.", {"strike": True})]],
    ),
    "label": (
        [[("1. Wet your hands.", {})], [("2. Apply soap.", {})]],
        [[("2. Wet your hands.", {})], [("3. Apply soap.", {})]],
    ),
}


def _docx_pair(tmp_path: Path, name: str) -> tuple[Path, Path]:
    folder = tmp_path / name
    folder.mkdir(exist_ok=True)
    left, right = DOCX_PAIRS[name]
    return _docx(folder / "left.docx", left), _docx(folder / "right.docx", right)


def _x(element: etree._Element, path: str) -> list[Any]:
    """Return the results of an XPath query with the `w:` prefix bound."""
    result = element.xpath(path, namespaces=NS)
    assert isinstance(result, list)
    return result


def _s(element: etree._Element, path: str) -> str:
    """Return the string value of an XPath expression with the `w:` prefix bound."""
    return str(element.xpath(f"string({path})", namespaces=NS))


def _document(data: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read("word/document.xml"))


def test_docx_link_change_is_recorded_and_is_a_tracked_change(tmp_path: Path) -> None:
    left, right = _docx_pair(tmp_path, "link")
    comparison = compare(left, right)
    _invariants(comparison)
    (change,) = [c for c in _json(comparison)["changes"] if c["op"] != "unchanged"]
    assert change["formatting"] == [
        {
            "text": "hygiene guide",
            "left": {"href": "https://example.org/v1"},
            "right": {"href": "https://example.org/v2"},
        }
    ]
    data = render_docx(comparison, left_bytes=left.read_bytes(), right_bytes=right.read_bytes())
    root = _document(data)
    assert _s(root, "//w:hyperlink/w:del//w:delText") == "hygiene guide"
    assert _s(root, "//w:hyperlink/w:ins//w:t") == "hygiene guide"
    accepted, rejected = _read(data, "accept"), _read(data, "reject")
    assert [(s.href) for c in accepted.clauses for s in c.spans] == ["https://example.org/v2"]
    assert [(s.href) for c in rejected.clauses for s in c.spans] == ["https://example.org/v1"]
    assert [c.text for c in accepted.clauses] == [c.text for c in comparison.right.clauses]
    assert [c.text for c in rejected.clauses] == [c.text for c in comparison.left.clauses]


def test_docx_emphasis_change_is_a_run_property_change(tmp_path: Path) -> None:
    left, right = _docx_pair(tmp_path, "bold")
    comparison = compare(left, right)
    (change,) = [c for c in _json(comparison)["changes"] if c["op"] != "unchanged"]
    assert change["formatting"] == [
        {"text": "must", "left": {"bold": True}, "right": {}},
        {"text": " wash their hands.", "left": {}, "right": {"bold": True}},
    ]
    root = _document(render_docx(comparison))
    changes = _x(root, "//w:r[w:rPr/w:rPrChange]")
    was = [
        (
            "".join(_x(r, ".//w:t/text()")),
            bool(_x(r, "w:rPr/w:rPrChange/w:rPr/w:b")),
        )
        for r in changes
    ]
    assert was == [("must", True), (" wash their hands.", False)]
    assert all(_x(r, "w:rPr/w:rPrChange/@w:author") == ["policydiff"] for r in changes)
    assert not _x(root, "//w:ins | //w:del")  # the words are untouched


def test_docx_renumbering_is_recorded_and_commented_not_tracked(tmp_path: Path) -> None:
    left, right = _docx_pair(tmp_path, "label")
    comparison = compare(left, right)
    data = _json(comparison)
    assert {c["op"] for c in data["changes"]} == {"unchanged"}
    assert [c["label"] for c in data["changes"] if "label" in c] == [
        {"left": "1.", "right": "2."},
        {"left": "2.", "right": "3."},
    ]
    redline = render_docx(comparison, cover=True)
    assert not _x(_document(redline), "//w:ins | //w:del")
    with zipfile.ZipFile(io.BytesIO(redline)) as archive:
        comments = archive.read("word/comments.xml").decode("utf-8")
    assert "renumbered 1. → 2." in comments and "renumbered 2. → 3." in comments
    cover = "".join(_x(_document(redline), "//w:sdt//w:t/text()"))
    assert "Renumbered2" in cover


def test_many_formatting_runs_in_one_paragraph_are_written_run_for_run(tmp_path: Path) -> None:
    """The writer looks runs up by bisection; the structure must still be one run per formatting run."""
    words = [f"**w{i}**" if i % 2 == 0 else f"p{i}" for i in range(4000)]
    left, right = tmp_path / "left.txt", tmp_path / "right.txt"
    left.write_text(_HEAD + " ".join(words) + "\n", "utf-8")
    words[1001] = "changed"
    right.write_text(_HEAD + " ".join(words) + "\n", "utf-8")
    comparison = compare(left, right)
    data = render_docx(comparison)
    root = _document(data)
    bold = _x(root, "//w:r[w:rPr/w:b]")
    assert len(bold) == 2000
    assert [_s(r, "w:t") for r in bold[:3]] == ["w0", "w2", "w4"]
    accepted = _read(data, "accept")
    (paragraph,) = [c for c in accepted.clauses if c.text.startswith("w0")]
    assert paragraph.text == comparison.right.clauses[-1].text
    assert sum(1 for s in paragraph.spans if s.bold) == 2000


# --------------------------------------------------------------------------- LibreOffice


_Portion = tuple[str, bool, str | None, bool]


def _portions(paragraph: list[list[Any]]) -> list[_Portion]:
    """Return a paragraph's formatted stretches (text, bold, link target, struck through), neighbours with
    the same formatting joined."""
    out: list[_Portion] = []
    for text, bold, href, strike, *_font in paragraph:
        if out and out[-1][1:] == (bool(bold), href, bool(strike)):
            out[-1] = (out[-1][0] + text, *out[-1][1:])
        else:
            out.append((text, bool(bold), href, bool(strike)))
    return out


def _expected(runs: list[tuple[str, dict[str, Any]]]) -> list[_Portion]:
    return _portions(
        [[text, bool(fmt.get("bold")), fmt.get("href"), bool(fmt.get("strike"))] for text, fmt in runs]
    )


@pytest.mark.external
def test_libreoffice_accept_gives_the_right_formatting_and_reject_the_left(tmp_path: Path) -> None:
    jobs: list[tuple[str, str]] = []
    expected: list[list[list[_Portion]]] = []
    for name in ("link", "bold", "strike"):
        left, right = _docx_pair(tmp_path, name)
        path = tmp_path / f"{name}-redline.docx"
        path.write_bytes(render_docx(compare(left, right), right_bytes=right.read_bytes()))
        left_runs, right_runs = DOCX_PAIRS[name]
        jobs += [(str(path), "accept"), (str(path), "reject")]
        expected += [[_expected(p) for p in right_runs], [_expected(p) for p in left_runs]]
    # The redline generated from Markdown: the same strikethrough, tracked the same way.
    left_md, right_md = tmp_path / "left.md", tmp_path / "right.md"
    left_md.write_text(_KEPT + "Volunteers sign the register.\n", "utf-8")
    right_md.write_text(_KEPT + "Volunteers sign ~~the register~~.\n", "utf-8")
    path = tmp_path / "markdown-redline.docx"
    path.write_bytes(render_docx(compare(left_md, right_md)))
    jobs += [(str(path), "accept"), (str(path), "reject")]
    kept = [("Staff must wash their hands.", False, None, False)]
    expected += [
        [
            kept,
            [
                ("Volunteers sign ", False, None, False),
                ("the register", False, None, True),
                (".", False, None, False),
            ],
        ],
        [kept, [("Volunteers sign the register.", False, None, False)]],
    ]
    for (docx, action), result, want in zip(
        jobs, run_jobs(jobs, tmp_path, timeout=600), expected, strict=True
    ):
        assert result["after"] == 0, (docx, action)
        body = [_portions(p) for p in result["portions"]][1:]  # after the heading
        assert body == want, (docx, action)


@pytest.mark.external
def test_libreoffice_accept_gives_the_code_and_reject_the_plain_words(tmp_path: Path) -> None:
    """Both Word redlines of a word made code: LibreOffice's Accept All shows it in a monospace face (the
    generated redline's Courier New, the right document's own "Verbatim Char"), Reject All in the body's."""
    jobs: list[tuple[str, str]] = []
    left_md, right_md = tmp_path / "left.md", tmp_path / "right.md"
    left_md.write_text(_KEPT + "Set COVERAGE_FILE before the run.\n", "utf-8")
    right_md.write_text(_KEPT + "Set `COVERAGE_FILE` before the run.\n", "utf-8")
    generated = tmp_path / "generated.docx"
    generated.write_bytes(render_docx(compare(left_md, right_md)))
    paths = _coded_docx_pair(tmp_path)
    package = tmp_path / "package.docx"
    package.write_bytes(
        render_docx(compare(*paths), left_bytes=paths[0].read_bytes(), right_bytes=paths[1].read_bytes())
    )
    for path in (generated, package):
        jobs += [(str(path), "accept"), (str(path), "reject")]
    results = run_jobs(jobs, tmp_path, timeout=600)
    for (path, action), result in zip(jobs, results, strict=True):
        assert result["after"] == 0, (path, action)
        (fonts,) = [
            {text: font for text, _bold, _href, _strike, font in p}
            for p in result["portions"]
            if "".join(x[0] for x in p) == "Set COVERAGE_FILE before the run."
        ]
        code_font = next(font for text, font in fonts.items() if "COVERAGE_FILE" in text)
        body_font = next(font for text, font in fonts.items() if "before" in text)
        if action == "accept":
            assert code_font in ("Courier New", "Consolas") and code_font != body_font, (path, fonts)
        else:
            assert code_font == body_font, (path, fonts)


# --------------------------------------------------------------------------- formatting runs, by property


def _reference(spans: list[Span], length: int) -> list[Format]:
    """Return each character's formatting the slow way: every covering span, the latest-starting link."""
    out = []
    for at in range(length):
        covering = [s for s in spans if max(s.start, 0) <= at < min(s.end, length)]
        links = sorted((s for s in covering if s.href is not None), key=lambda s: s.start)
        out.append(
            Format(
                any(s.bold for s in covering),
                any(s.italic for s in covering),
                any(s.underline for s in covering),
                links[-1].href if links else None,
                any(s.strike for s in covering),
                any(s.code for s in covering),
            )
        )
    return out


_SPANS = st.lists(
    st.builds(
        Span,
        st.integers(0, 12),
        st.integers(0, 14),
        st.booleans(),
        st.booleans(),
        st.booleans(),
        st.sampled_from([None, None, "https://a.example", "https://b.example"]),
        st.booleans(),
        st.booleans(),
    ),
    max_size=6,
)


@given(_SPANS, st.integers(0, 12), st.integers(0, 12), st.integers(0, 12))
def test_runs_give_every_character_its_formatting(spans: list[Span], length: int, a: int, b: int) -> None:
    # Nested links starting at the same place are ambiguous; readers never make them.
    starts = [s.start for s in spans if s.href is not None]
    assume(len(starts) == len(set(starts)))
    runs = formatting.runs(spans, length)
    expected = _reference(spans, length)
    assert runs.cuts[0] == 0 and runs.cuts[-1] == length
    start, end = min(a, b, length), min(max(a, b), length)
    cut = [fmt for x, y, fmt in runs.between(start, end) for _ in range(x, y)]
    assert cut == expected[start:end]
    assert all(x != y for x, y in zip(runs.formats, runs.formats[1:], strict=False))  # neighbours merged


@given(_SPANS, _SPANS, st.integers(1, 12))
def test_differences_are_the_kept_characters_whose_formatting_differs(
    left: list[Span], right: list[Span], length: int
) -> None:
    for spans in (left, right):
        starts = [s.start for s in spans if s.href is not None]
        assume(len(starts) == len(set(starts)))
    text = "ab cd ef gh ij"[:length]
    found = formatting.differences(
        formatting.runs(left, length), formatting.runs(right, length), (Edit(EditOp.EQUAL, text),)
    )
    lref, rref = _reference(left, length), _reference(right, length)
    differing = "".join(ch if lref[i] != rref[i] and ch.strip() else "" for i, ch in enumerate(text))
    assert "".join(f.text.replace(" ", "") for f in found) == differing.replace(" ", "")
    assert all(f.left != f.right for f in found)
