"""Link targets in reports: http(s), mailto, in-document anchors and relative paths stay; other schemes go."""

from __future__ import annotations

import html
import json
import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml

import policydiff
from policydiff.model import ChangeOp
from policydiff.segment import is_safe_link, link_scheme

from .conftest import run_cli

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
R_NS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


@pytest.mark.parametrize(
    "href",
    [
        "https://example.org/a",
        "HTTP://EXAMPLE.ORG",
        "mailto:dsl@example.org",
        "#purpose",
        "fire.docx",
        "//x.org/",
    ],
)
def test_safe_targets(href: str) -> None:
    assert is_safe_link(href)


@pytest.mark.parametrize(
    ("href", "scheme"),
    [
        ("javascript:alert(1)", "javascript"),
        ("  JaVaScRiPt:alert(1)", "javascript"),
        ("java\tscript:alert(1)", "javascript"),
        ("\x01javascript:alert(1)", "javascript"),
        ("java\nscript:alert(1)", "javascript"),
        ("data:text/html;base64,PHNjcmlwdD4=", "data"),
        ("vbscript:msgbox", "vbscript"),
        ("file:///etc/passwd", "file"),
        ("ms-settings:privacy", "ms-settings"),
    ],
)
def test_unsafe_targets_and_their_scheme(href: str, scheme: str) -> None:
    assert link_scheme(href) == scheme
    assert not is_safe_link(href)


TEXT = (
    "Links Policy\n\n"
    "Staff may [click](javascript:alert(1)) or [**open settings**](vbscript:msgbox) or read "
    "[the guidance](https://example.org/guide), [the rota](rota.docx) and [section two](#two).\n"
)


def test_plain_text_links_keep_their_text_and_emphasis_but_lose_unsafe_targets() -> None:
    policy = policydiff.parse_bytes(TEXT.encode(), "links.txt")
    clause = policy.clauses[-1]
    assert clause.text == ("Staff may click or open settings or read the guidance, the rota and section two.")
    hrefs = [s.href for s in clause.spans if s.href is not None]
    assert hrefs == ["https://example.org/guide", "rota.docx", "#two"]
    bold = [clause.text[s.start : s.end] for s in clause.spans if s.bold]
    assert bold == ["open settings"]
    warnings = [w for w in policy.warnings if w.code == "unsafe-link"]
    assert len(warnings) == 1
    assert "2 link(s)" in warnings[0].message
    assert "javascript:" in warnings[0].message and "vbscript:" in warnings[0].message


def _compare(left: Path, right: Path, fmt: str, tmp_path: Path) -> tuple[str, str]:
    out = tmp_path / f"report.{fmt}"
    result = run_cli("compare", str(left), str(right), "--format", fmt, "-o", str(out))
    assert result.returncode == 0, result.stderr
    return (out.read_text(encoding="utf-8") if fmt != "docx" else ""), result.stderr


@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_reports_carry_no_unsafe_target(tmp_path: Path, suffix: str) -> None:
    left = tmp_path / f"left{suffix}"
    right = tmp_path / f"right{suffix}"
    left.write_text(
        TEXT + "\n[app](ms-word:ofe|u|https://example.org/x.docx) opens Word.\n", encoding="utf-8"
    )
    right.write_text(
        left.read_text(encoding="utf-8") + "\nA new rule applies to everyone.\n", encoding="utf-8"
    )
    # markdown-it refuses javascript: and vbscript: links itself and keeps them as typed text.
    dropped = ("ms-word:", "javascript:", "vbscript:") if suffix == ".txt" else ("ms-word:",)
    for fmt in ("html", "md"):
        report, stderr = _compare(left, right, fmt, tmp_path)
        targets = re.findall(r'href="([^"]*)"', report) + re.findall(r"(?<!\\)\]\(([^)\s]*)", report)
        assert not [t for t in targets if html.unescape(t).startswith(dropped)], targets
        assert "open settings" in report
        # One warning per document, on stderr.
        assert stderr.count("unsafe-link") + stderr.count("scheme other than") == 2, stderr
    report, _ = _compare(left, right, "json", tmp_path)
    comparison = json.loads(report)
    hrefs = {
        span["href"]
        for side in ("left", "right")
        for clause in comparison[side]["clauses"]
        for span in clause.get("spans", [])
        if "href" in span
    }
    assert hrefs == {"https://example.org/guide", "rota.docx", "#two"}
    assert [w["path"] for w in comparison["warnings"] if w["code"] == "unsafe-link"] == [
        str(left),
        str(right),
    ]


def _docx_with_links(path: Path, extra: str = "") -> None:
    """Write a DOCX whose paragraph links to a javascript: target and to an https one."""
    document = docx.Document()
    document.add_paragraph("Links Policy", style="Title")
    bad = document.part.relate_to("javascript:alert(1)", RT.HYPERLINK, is_external=True)
    good = document.part.relate_to("https://example.org/guide", RT.HYPERLINK, is_external=True)
    paragraph = document.add_paragraph("Staff may ")
    for rid, text in ((bad, "click here"), (good, "read the guidance")):
        paragraph._p.append(
            parse_xml(f'<w:hyperlink {W_NS} {R_NS} r:id="{rid}"><w:r><w:t>{text}</w:t></w:r></w:hyperlink>')
        )
        paragraph.add_run(" and ")
    paragraph.add_run("then sign the register.")
    if extra:
        document.add_paragraph(extra)
    document.save(str(path))


def test_word_hyperlinks_with_unsafe_targets_are_dropped_from_every_report(tmp_path: Path) -> None:
    left, right = tmp_path / "left.docx", tmp_path / "right.docx"
    _docx_with_links(left)
    _docx_with_links(right, "A new rule applies to everyone.")
    policy = policydiff.parse(left)
    clause = policy.clauses[-1]
    assert clause.text.startswith("Staff may click here and read the guidance")
    assert [s.href for s in clause.spans if s.href] == ["https://example.org/guide"]
    assert [w.code for w in policy.warnings].count("unsafe-link") == 1

    report, stderr = _compare(left, right, "json", tmp_path)
    assert "javascript:alert" not in report
    assert stderr.count("scheme other than") == 2
    for fmt in ("html", "md"):
        report, _ = _compare(left, right, fmt, tmp_path)
        assert "javascript:alert" not in report
    _compare(left, right, "docx", tmp_path)
    with zipfile.ZipFile(tmp_path / "report.docx") as package:
        for name in package.namelist():
            assert b"javascript" not in package.read(name).lower(), name
    redline = policydiff.parse(tmp_path / "report.docx")
    assert "https://example.org/guide" in {s.href for c in redline.clauses for s in c.spans}


def _libreoffice_docx(path: Path, targets: list[str]) -> None:
    """Write a DOCX whose paragraphs link to `targets` as LibreOffice writes a relative link of an .odt."""
    document = docx.Document()
    document.add_paragraph("Deprecation Policy", style="Title")
    for n, target in enumerate(targets):
        rid = document.part.relate_to(target, RT.HYPERLINK, is_external=True)
        paragraph = document.add_paragraph(f"Rule {n}: the documentation to add is described ")
        paragraph._p.append(
            parse_xml(f'<w:hyperlink {W_NS} {R_NS} r:id="{rid}"><w:r><w:t>below</w:t></w:r></w:hyperlink>')
        )
        paragraph.add_run(".")
    document.save(str(path))


def test_a_link_libreoffice_made_relative_to_the_odt_file_is_read_as_written(tmp_path: Path) -> None:
    """Session 24, round 8: SymPy's deprecation policy through pandoc's .odt and LibreOffice's `--convert-to
    docx` links "below" to "../../odt/sympy-deprec/a.lo-odt.odt/deprecation-documentation", the source's
    relative "deprecation-documentation" under a folder named after the .odt. The two versions, made from
    a.odt and b.odt, read eight links changed where none was, and every link differed from the Markdown's.
    What follows the .odt file's segment is the link; a link to an .odt file itself, or a web address
    through one, is kept. Fails on the old code."""
    old, new = tmp_path / "a.docx", tmp_path / "b.docx"
    kept = ["../shared/handbook.odt", "https://example.org/files/a.odt/reference"]
    _libreoffice_docx(
        old, ["../../odt/policy/a.odt/deprecation-documentation", "../../odt/a.ODT/reference", *kept]
    )
    _libreoffice_docx(
        new, ["../../odt/policy/b.odt/deprecation-documentation", "../../odt/b.ODT/reference", *kept]
    )
    hrefs = [[s.href for s in c.spans if s.href] for c in policydiff.parse(old).clauses[1:]]
    assert hrefs == [["deprecation-documentation"], ["reference"], *([k] for k in kept)]
    changes = policydiff.compare(old, new).changes
    assert [c for c in changes if c.op is not ChangeOp.UNCHANGED or c.formatting] == []


def _field_link_docx(path: Path, anchor: str, ended: bool = True) -> None:
    """A .docx whose links are fields, the way LibreOffice 7.4 writes a target with a fragment: a complex
    `HYPERLINK "…" \\l "…"` field split over runs (code, `separate`, a result of two runs, `end`), a
    `w:fldSimple` to a bookmark, and a PAGE field whose result is no link."""
    document = docx.Document()
    document.add_paragraph("Style guide")
    paragraph = document.add_paragraph("For docstrings, we use ")
    quote = "&quot;"
    for xml in (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
        '<w:r><w:instrText xml:space="preserve"> HYPERLINK </w:instrText></w:r>',
        f'<w:r><w:instrText xml:space="preserve">{quote}https://www.sphinx-doc.org/en/3.x/usage/'
        f"example_google.html{quote} \\l {quote}{anchor}{quote}</w:instrText></w:r>",
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
        '<w:r><w:t xml:space="preserve">the Google </w:t></w:r>',
        '<w:r><w:rPr><w:u w:val="single"/></w:rPr><w:t>docstring format</w:t></w:r>',
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
        '<w:r><w:t xml:space="preserve">, see </w:t></w:r>',
        f'<w:fldSimple w:instr=" HYPERLINK \\l {quote}rules{quote} "><w:r><w:t>the rules</w:t></w:r>'
        "</w:fldSimple>",
        '<w:r><w:t xml:space="preserve"> on page </w:t></w:r>',
        '<w:fldSimple w:instr=" PAGE "><w:r><w:t>3</w:t></w:r></w:fldSimple>',
        "<w:r><w:t>.</w:t></w:r>",
        *(() if ended else ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>',)),
        *(() if ended else ('<w:r><w:instrText>HYPERLINK "https://example.org/"</w:instrText></w:r>',)),
        *(() if ended else ('<w:r><w:fldChar w:fldCharType="separate"/></w:r>',)),
    ):
        paragraph._p.append(parse_xml(_with_ns(xml)))
    document.add_paragraph("Run the tests before you send a change.")
    document.save(str(path))


def _with_ns(xml: str) -> str:
    """Declare Word's namespace on an element's XML."""
    tag = re.match(r"<([\w:]+)", xml)[1]  # type: ignore[index]
    return xml.replace(f"<{tag}", f"<{tag} {W_NS}", 1)


def test_a_link_written_as_a_hyperlink_field_is_read_with_its_target(tmp_path: Path) -> None:
    """Session 24, round 9: LibreOffice writes a link whose target has a fragment as a HYPERLINK field
    (`HYPERLINK "https://…/example_google.html" \\l "example-google-style-python-docstrings"`), not a
    w:hyperlink. The reader skipped the field's code and read its result as plain text, so Trio's
    contributing guide as LibreOffice's Word files reported the Sphinx link moved from /en/3.x/ to
    /en/master/ unchanged, and every such link was "added" against the reST. The result's text is the
    field's link, its underline how the link is drawn; a PAGE field's result is no link. Fails on the
    old code."""
    old, new = tmp_path / "a.docx", tmp_path / "b.docx"
    _field_link_docx(old, "example-google-style-python-docstrings")
    _field_link_docx(new, "google-style")
    clause = policydiff.parse(old).clauses[1]
    assert clause.text == "For docstrings, we use the Google docstring format, see the rules on page 3."
    target = (
        "https://www.sphinx-doc.org/en/3.x/usage/example_google.html#example-google-style-python-docstrings"
    )
    links = [(clause.text[s.start : s.end], s.href, s.underline) for s in clause.spans]
    assert links == [("the Google docstring format", target, False), ("the rules", "#rules", False)]
    assert [c.text for c in policydiff.parse(old).clauses[2:]] == ["Run the tests before you send a change."]
    # A HYPERLINK field left open at its paragraph's end (a truncated file) links no later paragraph.
    _field_link_docx(tmp_path / "c.docx", "x", ended=False)
    assert [s.href for s in policydiff.parse(tmp_path / "c.docx").clauses[2].spans] == []
    (change,) = [c for c in policydiff.compare(old, new).changes if c.op is not ChangeOp.UNCHANGED]
    assert change.op is ChangeOp.REWORDED and change.same_words
    assert [(f.text, f.left.href, f.right.href) for f in change.formatting] == [
        (
            "the Google docstring format",
            target,
            target.replace("example-google-style-python-docstrings", "google-style"),
        )
    ]


def test_a_link_target_spelled_another_way_is_no_change(tmp_path: Path) -> None:
    """Session 24, round 9: LibreOffice decodes a target's escapes and gives a bare host its "/" (Trio's
    contributing guide: "labels/good%20first%20issue" → "labels/good first issue", "search?utf8=%E2%9C%93"
    → "search?utf8=✓", "https://trio.discourse.group" → "…group/"), so its Word file against the reST
    listed 13 links "changed" that were not; pandoc escapes an "@" ("%40"). These name one place. A move
    from http to https, to another host, path or fragment is still a change (the last three). Fails on the
    old code."""
    old, new = tmp_path / "a.docx", tmp_path / "b.docx"
    trio, search = "https://github.com/python-trio/trio/labels/", "https://github.com/search?utf8="
    bug = "https://bugzilla.mozilla.org/enter_bug.cgi?assigned_to=nobody"
    same = [
        (trio + "good first issue", trio + "good%20first%20issue"),
        (search + '✓&q=label%3A"good+first"', search + "%E2%9C%93&q=label%3A%22good+first%22"),
        ("https://trio.discourse.group/", "https://trio.discourse.group"),
        (bug + "%40mozilla.org", bug + "@mozilla.org"),
    ]
    sphinx = "https://www.sphinx-doc.org/en/3.x/a.html#"
    changed = [
        ("http://docs.celeryproject.org/en/latest/", "https://docs.celeryproject.org/en/latest/"),
        ("https://docs.celeryproject.org/", "https://docs.celeryq.dev/"),
        (sphinx + "example-google", sphinx + "google"),
    ]
    _libreoffice_docx(old, [a for a, _ in same + changed])
    _libreoffice_docx(new, [b for _, b in same + changed])
    hrefs = [s.href for c in policydiff.parse(new).clauses[1:] for s in c.spans]
    assert hrefs == [b for _, b in same + changed]  # as written: only the comparison reads them as one
    listed = [
        (f.left.href, f.right.href)
        for c in policydiff.compare(old, new).changes
        if c.op is not ChangeOp.UNCHANGED
        for f in c.formatting
    ]
    assert listed == changed


def test_trios_contributing_guide_lists_the_same_two_link_changes_in_every_form() -> None:
    """Session 24, round 9, on the real files (corpus/heldout, MIT or Apache 2.0): Trio 0.19.0 → 0.27.0's
    contributing guide moved two link targets, "master" → "main" on GitHub and Sphinx's "/en/3.x/" →
    "/en/master/" (the source's diff, read by eye). As LibreOffice's Word files (from pandoc's HTML) the
    Sphinx link, which has a fragment, is a HYPERLINK field: docx → docx listed only the first; docx → the
    newer reST listed 11, 9 of them LibreOffice's respelling of the same targets. Every form now lists the
    two. Fails on the old code."""
    heldout = Path(__file__).resolve().parent.parent / "corpus" / "heldout"
    old, new = (heldout / f"trio-contributing-{v}" for v in ("0.19.0", "0.27.0"))
    github, sphinx = "https://github.com/python-trio/trio/blob/", "https://www.sphinx-doc.org/en/"
    google = "/usage/extensions/example_google.html#example-google-style-python-docstrings"
    expected = [
        (
            "newsfragments/README.rst",
            github + "master/newsfragments/README.rst",
            github + "main/newsfragments/README.rst",
        ),
        ("the Google docstring format", sphinx + "3.x" + google, sphinx + "master" + google),
    ]
    for left, right in (
        ("rst", "rst"),
        ("libreoffice.docx", "libreoffice.docx"),
        ("libreoffice.docx", "rst"),
    ):
        changes = policydiff.compare(f"{old}.{left}", f"{new}.{right}").changes
        listed = [(f.text, f.left.href, f.right.href) for c in changes for f in c.formatting]
        assert listed == expected, (left, right)
