"""The HTML report: self-contained, escaped, numbered and anchored, counts that match, same bytes twice."""

from __future__ import annotations

import dataclasses
import difflib
import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import lxml.html
import pytest

import policydiff
from policydiff import normalise
from policydiff.model import Change, ChangeOp, Comparison, Diagnostic, Edit, EditOp, Policy, Slot
from policydiff.renderers._signoff import signoff_rows
from policydiff.renderers.html import render_comparison

from .conftest import CORPUS, ROOT, require_program

LEFT = CORPUS / "jpac" / "social-media-policy.txt"
RIGHT = CORPUS / "kidspace" / "social-media-policy.txt"
SLOT = ("JPAC LTD", "Kidspace Wrap Around Care")
HOSTILE = (
    " Report it at https://example.org/report?a=1&b=2 </td></tr></table> <script>alert(1)</script>"
    " *not emphasis* _nor this_ | a pipe [link](http://example.com) <!-- comment --> &amp; done."
)

# --- A hand-built comparison of the two corpus policies, one change of every kind, in right-hand order. ---

_TOKEN = re.compile(re.escape(SLOT[0]) + "|" + re.escape(SLOT[1]) + r"|\w+(?:['’]\w+)*|\s+|[^\w\s]")


def word_edits(left: str, right: str) -> tuple[Edit, ...]:
    """Return word-level edits from `left` to `right`, classing the organisation name and cosmetic runs."""
    a, b = _TOKEN.findall(left), _TOKEN.findall(right)
    segments: list[list[str]] = []  # [kind, left text, right text]
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        old, new = "".join(a[i1:i2]), "".join(b[j1:j2])
        kind = "equal" if tag == "equal" else "diff"
        if kind == "equal" and not old.strip() and segments and segments[-1][0] == "diff":
            kind = "diff"  # a lone space between two changes reads better inside the change
        if segments and segments[-1][0] == kind == "diff":
            segments[-1][1] += old
            segments[-1][2] += new
        else:
            segments.append([kind, old, new])
    edits = []
    for kind, old, new in segments:
        if kind == "equal":
            edits.append(Edit(EditOp.EQUAL, old))
            continue
        stripped_old, stripped_new = old.rstrip(), new.rstrip()
        tail = old[len(stripped_old) :]
        if tail and new.endswith(tail) and stripped_old and stripped_new:
            old, new = stripped_old, new[: len(new) - len(tail)]
        else:
            tail = ""
        same = normalise.key(old) == normalise.key(new)
        cls = "slot" if (old, new) == SLOT else "cosmetic" if same else None
        if old:
            edits.append(Edit(EditOp.DELETE, old, cls))
        if new:
            edits.append(Edit(EditOp.INSERT, new, cls))
        if tail:
            edits.append(Edit(EditOp.EQUAL, tail))
    assert "".join(e.text for e in edits if e.op is not EditOp.INSERT) == left
    assert "".join(e.text for e in edits if e.op is not EditOp.DELETE) == right
    return tuple(edits)


def _change(op: ChangeOp, left: Policy, right: Policy, lids: str, rids: str, by: str, score: float) -> Change:
    ltext = "\n".join(_text(left, i) for i in lids.split())
    rtext = "\n".join(_text(right, i) for i in rids.split())
    edits = () if op is ChangeOp.UNCHANGED and ltext == rtext else word_edits(ltext, rtext)
    reworded = op in (ChangeOp.MOVED, ChangeOp.SPLIT, ChangeOp.MERGED) and ltext != rtext
    return Change(op, tuple(lids.split()), tuple(rids.split()), score, by, edits, reworded)


def _text(policy: Policy, clause_id: str) -> str:
    return next(c.text for c in policy.clauses if c.id == clause_id)


def _with_text(policy: Policy, clause_id: str, extra: str) -> Policy:
    clauses = tuple(
        dataclasses.replace(c, text=c.text + extra) if c.id == clause_id else c for c in policy.clauses
    )
    return dataclasses.replace(policy, clauses=clauses)


PLAN = [  # op, left ids, right ids, matched_by, score — follows the right-hand order
    (ChangeOp.REWORDED, "c1", "c1", "fuzzy", 0.41),
    (ChangeOp.UNCHANGED, "c2", "c2", "exact", 1.0),
    (ChangeOp.REWORDED, "c3", "c3", "fuzzy", 0.71),
    (ChangeOp.REWORDED, "c4", "c4", "fuzzy", 0.38),
    *[(ChangeOp.UNCHANGED, f"c{i}", f"c{i}", "exact", 1.0) for i in (5, 6, 7, 8)],
    *[(ChangeOp.ADDED, "", f"c{i}", "none", 0.0) for i in (9, 10, 11)],
    *[(ChangeOp.UNCHANGED, f"c{i}", f"c{i + 3}", "exact", 1.0) for i in (9, 10, 11)],
    (ChangeOp.REMOVED, "c12", "", "none", 0.0),
    *[(ChangeOp.ADDED, "", f"c{i}", "none", 0.0) for i in (15, 16, 17, 18)],
    (ChangeOp.UNCHANGED, "c13", "c19", "exact", 1.0),
    (ChangeOp.UNCHANGED, "c14", "c20", "exact", 1.0),
    *[(ChangeOp.REWORDED, f"c{i}", f"c{i + 6}", "fuzzy", 0.52) for i in (15, 16, 17, 18)],
    (ChangeOp.SPLIT, "c19", "c25 c26", "split", 0.44),
    (ChangeOp.ADDED, "", "c27", "none", 0.0),
    (ChangeOp.REWORDED, "c21", "c28", "fuzzy", 0.49),
    (ChangeOp.ADDED, "", "c29", "none", 0.0),
    (ChangeOp.MOVED, "c20", "c30", "fuzzy", 0.31),
    *[(ChangeOp.ADDED, "", f"c{i}", "none", 0.0) for i in (31, 32)],
    (ChangeOp.UNCHANGED, "c22", "c33", "exact", 1.0),
    (ChangeOp.UNCHANGED, "c23", "c34", "exact", 1.0),
    (ChangeOp.UNCHANGED, "c24", "c35", "normalised", 1.0),
    (ChangeOp.UNCHANGED, "c25", "c36", "normalised", 1.0),
    (ChangeOp.UNCHANGED, "c26", "c37", "exact", 1.0),
    (ChangeOp.MERGED, "c27 c28", "c38", "merge", 0.58),
]


def sample_comparison(*, hostile: bool = False) -> Comparison:
    """Return a comparison of the JPAC and Kidspace policies; `hostile` puts markup into texts and names."""
    left = policydiff.parse_bytes(LEFT.read_bytes(), LEFT.relative_to(ROOT).as_posix())
    right = policydiff.parse_bytes(RIGHT.read_bytes(), RIGHT.relative_to(ROOT).as_posix())
    if hostile:
        left = _with_text(left, "c21", " Ask </td> first.")
        right = _with_text(right, "c32", HOSTILE)
        right = dataclasses.replace(
            right, title="Policy <script>alert(2)</script>", organisation="Kids & <Co>"
        )
    changes = tuple(_change(op, left, right, lids, rids, by, score) for op, lids, rids, by, score in PLAN)
    options: tuple[tuple[str, object], ...] = (("slots", True), ("manual_slots", ["<b>A</b>=B"]))
    return Comparison(
        left=left,
        right=right,
        changes=changes,
        slots=(Slot(SLOT[0], SLOT[1], 2, "organisation"),),
        warnings=(Diagnostic("example-warning", "a <warning> for the report", "corpus/x.txt"),),
        options=options,
    )


def test_sample_covers_every_kind_and_every_clause_once() -> None:
    comparison = sample_comparison()
    assert all(comparison.stats().values())
    for side in ("left", "right"):
        ids = [i for c in comparison.changes for i in getattr(c, side)]
        assert sorted(ids) == sorted(c.id for c in getattr(comparison, side).clauses)
    classes = {e.cls for c in comparison.changes for e in c.edits}
    assert {"slot", "cosmetic"} <= classes


# --- Checks on the HTML ---

VOID = {"meta", "br", "input", "link", "img", "hr", "wbr", "col", "source"}


class _StrictParser(HTMLParser):
    """Record every element and fail on an end tag that does not close the innermost open element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.errors: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'} at {self.getpos()}")
        else:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(data: bytes) -> _StrictParser:
    parser = _StrictParser()
    parser.feed(data.decode("utf-8"))
    parser.close()
    return parser


@pytest.fixture(scope="module")
def hostile_report() -> bytes:
    return render_comparison(sample_comparison(hostile=True), date="2024-05-01")


def test_report_is_well_formed_with_a_declared_language_and_charset(hostile_report: bytes) -> None:
    assert hostile_report.startswith(b'<!DOCTYPE html>\n<html lang="en">')
    parser = _parse(hostile_report)
    assert parser.errors == []
    assert parser.stack == []
    tags = [t for t, _ in parser.tags]
    assert ("meta", {"charset": "utf-8"}) in parser.tags
    assert tags.count("title") == 1 and tags.count("h1") == 1


def test_title_names_both_documents() -> None:
    report = lxml.html.fromstring(render_comparison(sample_comparison()))
    title = report.findtext(".//title")
    assert "JPAC LTD" in title and "Kidspace Wrap Around Care" in title


def test_report_fetches_nothing(hostile_report: bytes) -> None:
    parser = _parse(hostile_report)
    for tag, attrs in parser.tags:
        assert tag not in ("script", "link", "img", "iframe", "object", "embed", "base"), tag
        assert "src" not in attrs and "srcset" not in attrs and "style" not in attrs
        href = attrs.get("href")
        assert href is None or href.startswith("#"), href
    css = b"".join(re.findall(rb"<style>(.*?)</style>", hostile_report, re.S)).decode()
    assert "@import" not in css and "url(" not in css and "http" not in css
    # The URLs of the policy text are shown as text only.
    assert "https://example.org/report?a=1&b=2" in "".join(parser.text)


def test_content_security_policy_forbids_everything_but_the_stylesheet(hostile_report: bytes) -> None:
    import base64
    import hashlib

    page = lxml.html.fromstring(hostile_report)
    (csp,) = page.xpath('//meta[@http-equiv="Content-Security-Policy"]/@content')
    assert "default-src 'none'" in csp and "script-src" not in csp  # no script, so none is allowed
    (style,) = page.xpath("//style/text()")
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    assert f"style-src 'sha256-{digest}'" in csp
    assert not page.xpath("//script") and "<script" not in hostile_report.decode().lower().replace(
        "&lt;script", ""
    )


def test_policy_text_names_and_options_are_escaped(hostile_report: bytes) -> None:
    parser = _parse(hostile_report)
    text = "".join(parser.text)
    assert "<script>alert(1)</script>" in text
    assert "Ask </td> first." in text
    assert "Policy <script>alert(2)</script>" in text  # the title
    assert "Kids & <Co>" in text  # the organisation
    assert "<b>A</b>=B" in text  # an option value
    assert "a <warning> for the report" in text
    assert "<!-- comment -->" in text
    assert not any(tag in ("b", "co", "warning") for tag, _ in parser.tags)


def test_changes_only_are_numbered_and_anchored_in_order() -> None:
    comparison = sample_comparison()
    page = lxml.html.fromstring(render_comparison(comparison))
    ids = page.xpath("//@id")
    numbered = [i for i in ids if re.fullmatch(r"change-\d+", i)]
    rows = signoff_rows(comparison)
    # 38 changes in the sample: 13 unchanged clauses shown the same are not numbered, two with a
    # curly quote or a dash are (cosmetic only).
    assert len(rows) == 25 and len(comparison.changes) == 38
    assert numbered == [f"change-{n}" for n in range(1, 26)]
    assert len(ids) == len(set(ids)), "ids are unique"
    for row in rows:
        (element,) = page.xpath(f'//*[@id="change-{row.number}"]')
        assert element.tag == "article"
        content = element.text_content()
        for clause_id in row.change.left:
            assert f"L {clause_id}" in content
        for clause_id in row.change.right:
            assert f"R {clause_id}" in content
        assert f"Change {row.number}" in content
        assert row.change.op.value in element.get("class")
        assert element.get("data-class") == row.cls.value


def test_every_clause_of_both_sides_has_an_anchor_that_links_to_itself() -> None:
    comparison = sample_comparison()
    page = lxml.html.fromstring(render_comparison(comparison))
    for prefix, policy in (("L", comparison.left), ("R", comparison.right)):
        for clause in policy.clauses:
            (anchor,) = page.xpath(f'//*[@id="{prefix}-{clause.id}"]')
            assert anchor.get("href") == f"#{prefix}-{clause.id}"
    targets = {h[1:] for h in page.xpath("//a/@href")}
    assert targets <= set(page.xpath("//@id")), "every internal link has a target"


def test_summary_counts_equal_the_comparison_stats() -> None:
    comparison = sample_comparison()
    page = lxml.html.fromstring(render_comparison(comparison))
    shown = {
        row.get("data-op"): int(row.xpath("string(td)"))
        for row in page.xpath('//table[@id="counts"]/tbody/tr')
    }
    assert shown == comparison.stats()
    assert int(page.xpath('string(//table[@id="counts"]/tfoot//td)')) == len(comparison.changes)
    slot_row = page.xpath('string(//table[@class="slots"]/tbody/tr)')
    assert "JPAC LTD" in slot_row and "Kidspace Wrap Around Care" in slot_row and "2" in slot_row
    assert page.xpath('string(//*[@id="cosmetic-count"])') == "2"
    summary = page.xpath('string(//section[@id="summary"])')
    for ignored in ("quotes", "dash", "bullet", "whitespace", "list labels"):
        assert ignored in summary
    assert "a <warning> for the report" in summary


def test_change_list_gives_class_kind_reference_and_what_changed() -> None:
    comparison = sample_comparison()
    page = lxml.html.fromstring(render_comparison(comparison))
    index = page.xpath('//table[@class="index"]/tbody/tr')
    rows = signoff_rows(comparison)
    assert len(index) == len(rows)
    for tr, row in zip(index, rows, strict=True):
        cells = [cell.text_content().strip() for cell in tr]
        assert cells[0] == str(row.number)
        assert cells[1].endswith(row.class_title) and tr.get("data-class") == row.cls.value
        assert cells[2].lower() == row.change.op.value
        assert cells[3].startswith(row.ref)
        assert cells[4], "what changed is never empty"
        assert not re.search(r"\bc\d+\b|\d\.\d\d", tr.text_content()), "no clause ids, no scores"
    texts = {tr[0].text_content(): tr.text_content() for tr in index}
    assert "Opening › paragraph 1" in texts["2"] and "words out" in texts["2"]
    (what,) = index[1].xpath('td[@class="what"]')
    assert [e.tag for e in what.xpath("del|ins")] == ["del", "ins", "del", "ins"]  # two edits, marked
    assert what.text_content().startswith("have to → must; ")
    assert "“Instagram”" in texts["4"]  # an addition shows its words
    assert "(was Social media rules › bullet 6)" in texts["20"]  # the moved clause
    assert "Cosmetic only" in texts["23"] and "quotes, dashes or spacing" in texts["23"]


def test_why_paired_is_a_disclosure_in_plain_words_with_the_evidence() -> None:
    page = lxml.html.fromstring(render_comparison(sample_comparison()))
    (change,) = page.xpath('//*[@id="change-2"]')
    (why,) = change.xpath('.//details[@class="why"]')
    assert why.get("open") is None
    assert why.xpath("string(summary)") == "Why paired"
    text = why.text_content()
    assert "some words shared: 71 %" not in text and "most words shared: 71 %" in text
    assert "fuzzy" not in change.text_content() and "0.71" not in change.text_content()
    assert "L c3" in text and "R c3" in text
    # Outside the disclosure a card names no internal id.
    outside = "".join(e.text_content() for e in change if e.tag != "details")
    assert not re.search(r"\b[LR]? ?c\d+\b", outside)
    (added,) = page.xpath('//*[@id="change-4"]//details[@class="why"]')
    assert "not paired" in added.text_content()


def test_inline_and_side_by_side_views_mark_insertions_deletions_slots_and_cosmetics() -> None:
    comparison = sample_comparison()
    page = lxml.html.fromstring(render_comparison(comparison))
    (change,) = page.xpath('//*[@id="change-2"]')
    inline = change.xpath('.//*[contains(@class, "v-inline")]')[0]
    assert [e.text for e in inline.xpath(".//del[@class='slot']")] == ["JPAC LTD"]
    assert [e.text for e in inline.xpath(".//ins[@class='slot']")] == ["Kidspace Wrap Around Care"]
    left_cell, right_cell = change.xpath('.//table[contains(@class, "v-sbs")]//td')
    assert left_cell.xpath(".//del") and not left_cell.xpath(".//ins")
    assert right_cell.xpath(".//ins") and not right_cell.xpath(".//del")
    assert left_cell.text_content().startswith(_text(comparison.left, "c3"))
    # A cosmetic difference (a curly apostrophe) is in an unchanged clause, muted.
    (quote,) = page.xpath('//*[@id="change-23"]//div[@class="v-inline"]//ins[@class="cosmetic"]')
    assert quote.text == "don’t"
    css = page.xpath("string(//style)")
    assert "line-through" in css and "underline" in css and "dotted" in css


def test_split_merge_and_move_show_each_clause_and_link_to_partners() -> None:
    comparison = sample_comparison()
    page = lxml.html.fromstring(render_comparison(comparison))
    (split,) = page.xpath('//*[@id="change-16"]')
    for anchor in ("L-c19", "R-c25", "R-c26"):
        assert split.xpath(f'.//a[@id="{anchor}"]')
    right_cell = split.xpath('.//table[contains(@class, "v-sbs")]//td')[1]
    clauses = right_cell.xpath('.//div[@class="clause"]')
    expected = [_text(comparison.right, "c25"), _text(comparison.right, "c26")]
    assert [c.xpath("string(p)") for c in clauses] == expected
    (merged,) = page.xpath('//*[@id="change-25"]')
    left_cell = merged.xpath('.//table[contains(@class, "v-sbs")]//td')[0]
    assert len(left_cell.xpath('.//div[@class="clause"]')) == 2
    # The moved clause (left c20, after left c19 = change 16) links to its old place and back.
    (moved,) = page.xpath('//*[@id="change-20"]')
    assert moved.xpath('.//a[@href="#moved-from-20"]')
    assert "was Social media rules › bullet 6" in moved.text_content()
    (ghost,) = page.xpath('//*[@id="moved-from-20"]')
    assert ghost.xpath('.//a[@href="#change-20"]')
    assert ghost.getprevious().get("id") == "change-16"


def test_unchanged_clauses_are_collapsed() -> None:
    comparison = sample_comparison()
    page = lxml.html.fromstring(render_comparison(comparison))
    runs = page.xpath('//details[@class="run"]')
    assert runs and all(r.get("open") is None for r in runs)
    rows = page.xpath('//details[@class="run"]//tbody/tr')
    assert len(rows) == len(comparison.changes) - len(signoff_rows(comparison)) == 13
    assert page.xpath('string(//details[@class="run"][1]/summary)') == "1 unchanged clause · title line 2"
    assert not page.xpath('//details[@class="run"]//*[starts-with(@id, "change-")]'), "not numbered"


def test_view_switch_and_print_css_need_no_script() -> None:
    report = render_comparison(sample_comparison()).decode()
    assert 'type="radio"' in report and ":checked ~ .changes" in report
    assert "@media print" in report and "break-inside: avoid" in report


def test_provenance_names_tool_options_inputs_and_date_only_when_given() -> None:
    comparison = sample_comparison()
    without = lxml.html.fromstring(render_comparison(comparison)).xpath("string(//footer)")
    assert f"policydiff {policydiff.__version__}" in without
    assert "slots = true" in without and "corpus/jpac/social-media-policy.txt" in without
    assert comparison.left.sha256 in without and comparison.right.sha256 in without
    assert "Date" not in without
    dated = lxml.html.fromstring(render_comparison(comparison, date="2024-05-01")).xpath("string(//footer)")
    assert "2024-05-01" in dated


def test_same_bytes_twice() -> None:
    assert render_comparison(sample_comparison(), date="2024-05-01") == render_comparison(
        sample_comparison(), date="2024-05-01"
    )


def test_edits_that_do_not_rebuild_the_texts_fall_back_to_whole_texts() -> None:
    comparison = sample_comparison()
    broken = dataclasses.replace(comparison.changes[2], edits=(Edit(EditOp.INSERT, "something else"),))
    changes = (*comparison.changes[:2], broken, *comparison.changes[3:])
    page = lxml.html.fromstring(render_comparison(dataclasses.replace(comparison, changes=changes)))
    (change,) = page.xpath('//*[@id="change-2"]')
    assert change.xpath("string(.//div[contains(@class, 'v-inline')]//del)") == _text(comparison.left, "c3")
    assert "did not rebuild" in change.text_content()


# --- Rendered by a real browser ---


@pytest.mark.external
def test_chromium_renders_the_report_and_runs_no_policy_text(tmp_path: Path, hostile_report: bytes) -> None:
    chromium = require_program("chromium", "chromium-browser", "google-chrome")
    report = tmp_path / "report.html"
    report.write_bytes(hostile_report)
    screenshot = tmp_path / "report.png"
    common = [
        chromium,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
    ]
    shot = subprocess.run(
        [
            *common,
            f"--user-data-dir={tmp_path / 'profile-1'}",
            f"--screenshot={screenshot}",
            "--window-size=1280,2000",
            report.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert screenshot.exists(), shot.stderr
    assert screenshot.stat().st_size > 10_000
    out = ROOT / "test-output"
    out.mkdir(exist_ok=True)
    shutil.copyfile(screenshot, out / "report.png")

    dump = subprocess.run(
        [*common, f"--user-data-dir={tmp_path / 'profile-2'}", "--dump-dom", report.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert dump.returncode == 0, dump.stderr
    dom = lxml.html.fromstring(dump.stdout)
    assert not dom.xpath("//script"), "no script element was created from policy text"
    text = dom.text_content()
    assert "<script>alert(1)</script>" in text and "Ask </td> first." in text
    assert len(dom.xpath('//article[contains(@class, "change")]')) == len(signoff_rows(sample_comparison()))


def test_classes_are_listed_on_their_change_and_counted_in_the_summary(tmp_path: Path) -> None:
    from policydiff.compare import compare

    (tmp_path / "a.txt").write_text(
        "Policy\n\nStaff may use phones within 3 days.\n\nStaff share passwords.\n"
    )
    (tmp_path / "b.txt").write_text(
        "Policy\n\nStaff must use phones within 5 days.\n\nStaff never share passwords.\n"
    )
    page = lxml.html.fromstring(render_comparison(compare(tmp_path / "a.txt", tmp_path / "b.txt")))
    (summary,) = page.xpath('//*[@id="classes-summary"]')
    assert summary.text_content() == "1 obligation stronger, 1 negation added, 1 number changed"
    lists = {
        article.get("id"): [li.text_content() for li in article.xpath('.//ul[@class="classes"]/li')]
        for article in page.xpath("//article")
    }
    assert lists["change-1"] == ["obligation stronger: may → must", "number: 3 → 5"]
    assert lists["change-2"] == ["negation added: never"]


def test_added_list_item_is_shown_inside_its_list_with_its_neighbours_as_context() -> None:
    page = lxml.html.fromstring(render_comparison(sample_comparison()))
    (change,) = page.xpath('//*[@id="change-4"]')  # right c9 "Instagram", added between Tumblr and Clubhouse
    items = change.xpath('.//div[@class="v-inline"]/ul[@class="in-list"]/li')
    assert [li.get("class") for li in items] == ["context", "changed", "context"]
    assert [li.xpath("string(span[1])") for li in items] == ["Tumblr", "Instagram", "Clubhouse"]
    assert items[1].xpath("string(.//ins)") == "Instagram" and not items[0].xpath(".//ins|.//del")
    assert items[0].xpath("string(span[@class='ctx'])") == "context"
    assert items[2].xpath("string(span[@class='ctx'])") == "context; change 5"  # Clubhouse was added too
    assert items[2].xpath('.//a[@href="#change-5"]')


def test_changes_are_marked_by_more_than_colour() -> None:
    page = lxml.html.fromstring(render_comparison(sample_comparison()))
    (legend, classes) = page.xpath('//section[@id="changes"]/div[@class="legend"]')
    key = legend.text_content()
    for words in ("inserted (underlined)", "deleted (struck through)", "organisation name (dotted box)"):
        assert words in key
    assert [s.text_content() for s in classes.xpath('.//span[contains(@class, "cls ")]')] == [
        "!Substantive",
        "FFormatting",
        "~Organisation name only",
        "·Cosmetic only",
    ]
    css = page.xpath("string(//style)")
    assert "text-decoration-line: underline" in css and "text-decoration-line: line-through" in css
    # Every card carries its class in words and a symbol, not only a coloured border.
    for card in page.xpath("//article"):
        badge = card.xpath('string(.//span[contains(@class, "cls ")])')
        assert badge[0] in "!F~·" and badge[1:] in {
            "Substantive",
            "Formatting",
            "Organisation name only",
            "Cosmetic only",
        }


def test_sign_off_block_names_the_counts_and_asks_for_a_decision() -> None:
    page = lxml.html.fromstring(render_comparison(sample_comparison()))
    (block,) = page.xpath('//section[@id="sign-off"]')
    text = block.text_content()
    assert "the 25 changes of the change list (23 substantive, 0 formatting, 0 organisation name only" in text
    rows = [th.text_content() for th in block.xpath(".//th")]
    assert rows == ["Reviewed by", "Role", "Signature", "Date", "Changes queried (by number)", "Decision"]
    css = page.xpath("string(//style)")
    assert "#sign-off { break-inside: avoid;" in css


# --- Chromium: 360 px without horizontal overflow, printed on A4 and Letter, screenshots ---

_MEASURE = """<script>
window.addEventListener("load", () => {
  const width = document.documentElement.clientWidth;
  const over = [];
  for (const el of document.querySelectorAll("body *")) {
    const box = el.getBoundingClientRect();
    if (box.width > 0 && box.right > width + 0.5) over.push(el.tagName + "." + el.className);
  }
  parent.postMessage(JSON.stringify({
    name: document.title, width: width, scrollWidth: document.documentElement.scrollWidth, over: over
  }), "*");
});
</script>"""


def _without_csp(report: bytes, extra: str = "") -> str:
    """Return a report with its CSP taken out (so that a test's script may run) and `extra` in its head."""
    text = report.decode("utf-8")
    text = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", text)
    return text.replace("</head>", extra + "</head>", 1)


def _chromium(chromium: str, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            f"--user-data-dir={profile}",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=180,
        stdin=subprocess.DEVNULL,
    )


def _real_report(tmp_path: Path) -> bytes:
    from policydiff.compare import compare

    return render_comparison(compare(LEFT.relative_to(ROOT), RIGHT.relative_to(ROOT)))


@pytest.mark.external
def test_chromium_shows_the_report_at_360_px_without_horizontal_overflow(
    tmp_path: Path, hostile_report: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Headless Chromium keeps a window at least 500 px wide, so each report is laid out in a 360 px frame."""
    chromium = require_program("chromium", "chromium-browser", "google-chrome")
    monkeypatch.chdir(ROOT)
    reports = {"real": _real_report(tmp_path), "hostile": hostile_report}
    frames = []
    for name, report in reports.items():
        page = _without_csp(report, _MEASURE).replace("<title>", f"<title>{name}|", 1)
        (tmp_path / f"{name}.html").write_text(page, encoding="utf-8")
        frames.append(f'<iframe src="{name}.html" style="width:360px;height:800px;border:0"></iframe>')
    (tmp_path / "outer.html").write_text(
        "<!DOCTYPE html><html><body>" + "".join(frames) + '<pre id="out"></pre><script>'
        'addEventListener("message", e => { document.getElementById("out").textContent += e.data + "\\n"; });'
        "</script></body></html>",
        encoding="utf-8",
    )
    dump = _chromium(
        chromium,
        tmp_path / "profile-1",
        "--window-size=1000,900",
        "--virtual-time-budget=10000",
        "--dump-dom",
        (tmp_path / "outer.html").as_uri(),
    )
    assert dump.returncode == 0, dump.stderr
    results = [
        json.loads(line)
        for line in lxml.html.fromstring(dump.stdout).xpath('string(//pre[@id="out"])').split("\n")
        if line
    ]
    assert sorted(r["name"].split("|")[0] for r in results) == ["hostile", "real"]
    for result in results:
        assert result["width"] == 360, result
        assert result["scrollWidth"] <= 360 and result["over"] == [], result
    # Screenshots to look at: the real report at 1400 px and at 360 px.
    out = ROOT / "test-output"
    out.mkdir(exist_ok=True)
    (tmp_path / "narrow.html").write_text(
        '<!DOCTYPE html><html><body style="margin:0"><iframe src="real-plain.html" '
        'style="width:360px;height:2400px;border:0"></iframe></body></html>',
        encoding="utf-8",
    )
    (tmp_path / "real-plain.html").write_bytes(reports["real"])
    for name, width, height, page_path in (
        ("report-1400.png", 1400, 3000, tmp_path / "real-plain.html"),
        ("report-360.png", 360, 2400, tmp_path / "narrow.html"),
    ):
        shot = tmp_path / name
        run = _chromium(
            chromium,
            tmp_path / f"profile-{name}",
            f"--screenshot={shot}",
            f"--window-size={max(width, 500)},{height}",
            "--virtual-time-budget=5000",
            page_path.as_uri(),
        )
        assert shot.exists() and shot.stat().st_size > 10_000, run.stderr
        shutil.copyfile(shot, out / name)


@pytest.mark.external
@pytest.mark.parametrize(("paper", "size"), [("A4", "594.96 x 841.92"), ("Letter", "612 x 792")])
def test_chromium_prints_every_change_and_the_sign_off_block_on_one_page(
    tmp_path: Path, paper: str, size: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    chromium = require_program("chromium", "chromium-browser", "google-chrome")
    require_program("pdftotext")
    monkeypatch.chdir(ROOT)
    page = tmp_path / "report.html"
    page.write_text(_without_csp(_real_report(tmp_path), f"<style>@page {{ size: {paper}; }}</style>"))
    pdf = tmp_path / "report.pdf"
    run = _chromium(
        chromium, tmp_path / "profile", f"--print-to-pdf={pdf}", "--no-pdf-header-footer", page.as_uri()
    )
    assert pdf.exists(), run.stderr
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert f"Page size:       {size} pts" in info
    pages = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout.split("\f")
    starts = [re.findall(r"^\s*Change (\d+)\b", text, re.M) for text in pages]
    ends = [text.count("Why paired") for text in pages]
    assert [int(n) for found in starts for n in found] == list(range(1, 28)), "every change printed"
    # Each card starts and ends on one page: as many card headings as card ends on every page.
    assert [len(found) for found in starts] == ends
    (sign_off,) = [text for text in pages if "Sign-off" in text and "Reviewed by" in text]
    for row in ("Reviewed by", "Role", "Signature", "Changes queried", "Decision", "I have reviewed the 27"):
        assert row in sign_off, f"{row!r} is not on the sign-off page"
