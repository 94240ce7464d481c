# ruff: noqa: E501  (raw WordprocessingML as Word writes it: long XML strings read better whole)
"""Word forms read as Word shows them (decision 0001, session 27).

Policies are often forms: tick boxes ("☒ I have read the policy"), drop-downs ("Review period: Annually"),
text fields and content controls with placeholder text. Each file is built as `tests/docx_wordmade.py`
builds Word's, the form element as Word 2016+ writes it (ECMA-376 17.16 legacy form fields, 17.5 content
controls, the `w14:checkbox` of [MS-DOCX] 2.6.1); the Wingdings tick box is the shape of a real Japanese
government form (its `w14:checkedState` U+00FE in Wingdings, the glyph written as "þ"). A change of a
tick or of a chosen entry must reach the comparison, and the Word redline must read back as each side.
"""

from __future__ import annotations

from pathlib import Path

import policydiff
from policydiff.model import BlockKind, EditOp, Policy
from policydiff.readers.docx import read_docx
from policydiff.segment import segment
from tests import docx_wordmade as wm
from tests.docx_pairs import checked_redline

FIRST = "Staff read this policy before their first day."


def _t(text: str, rpr: str = "") -> str:
    return f'<w:r>{rpr}<w:t xml:space="preserve">{text}</w:t></w:r>'


def _p(*inner: str) -> str:
    return f"<w:p>{''.join(inner)}</w:p>"


def _data(body: str) -> bytes:
    return wm.document([("p", FIRST, {}), ("raw", body, {})], "left", header="", footer="")


def _read(body: str) -> Policy:
    return policydiff.parse_bytes(_data(body), "form.docx")


def _second(body: str) -> str:
    return _read(body).clauses[1].text


def _check(default: int, checked: str = "") -> str:
    """A legacy tick box (FORMCHECKBOX) as Word writes it: its state in `w:ffData`, no result."""
    return (
        '<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="Check1"/><w:enabled/>'
        f'<w:calcOnExit w:val="0"/><w:checkBox><w:sizeAuto/><w:default w:val="{default}"/>{checked}</w:checkBox>'
        '</w:ffData></w:fldChar></w:r><w:r><w:instrText xml:space="preserve"> FORMCHECKBOX </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


ENTRIES = ("Annually", "Every two years", "Every three years")


def _dropdown(
    chosen: str, *, separate: bool = True, result_text: str = "", entries: tuple[str, ...] = ENTRIES
) -> str:
    """A legacy drop-down (FORMDROPDOWN) as Word writes it: the chosen entry's index in `w:ddList`, an
    empty result (or none); LibreOffice writes the entry as the result's text too (`result_text`)."""
    listed = "".join(f'<w:listEntry w:val="{e}"/>' for e in entries)
    result = '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' + (_t(result_text) if result_text else "")
    return (
        '<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="Dropdown1"/><w:enabled/>'
        f'<w:calcOnExit w:val="0"/><w:ddList>{chosen}{listed}</w:ddList></w:ffData></w:fldChar></w:r>'
        '<w:r><w:instrText xml:space="preserve"> FORMDROPDOWN </w:instrText></w:r>'
        f'{result if separate else ""}<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


GOTHIC = '<w:rPr><w:rFonts w:ascii="MS Gothic" w:eastAsia="MS Gothic" w:hAnsi="MS Gothic" w:hint="eastAsia"/></w:rPr>'


def _box(checked: bool, states: str, content: str) -> str:
    """A tick box content control (`w14:checkbox`): its state, its two glyphs, the glyph shown."""
    return (
        f'<w:sdt><w:sdtPr><w:id w:val="-1462576213"/><w14:checkbox><w14:checked w14:val="{int(checked)}"/>'
        f"{states}</w14:checkbox></w:sdtPr><w:sdtContent>{content}</w:sdtContent></w:sdt>"
    )


WINGDINGS_STATES = '<w14:checkedState w14:val="00FE" w14:font="Wingdings"/><w14:uncheckedState w14:val="2610" w14:font="MS Gothic"/>'


def _wingdings_box(checked: bool) -> str:
    if checked:
        return _box(
            True,
            WINGDINGS_STATES,
            '<w:r><w:rPr><w:rFonts w:ascii="Wingdings" w:hAnsi="Wingdings"/></w:rPr><w:t>\u00fe</w:t></w:r>',
        )
    return _box(False, WINGDINGS_STATES, f"<w:r>{GOTHIC}<w:t>☐</w:t></w:r>")


def _symbol_box(checked: bool) -> str:
    states = '<w14:checkedState w14:val="F0FE" w14:font="Wingdings"/><w14:uncheckedState w14:val="F0A8" w14:font="Wingdings"/>'
    code = "F0FE" if checked else "F0A8"
    return _box(checked, states, f'<w:r><w:sym w:font="Wingdings" w:char="{code}"/></w:r>')


def test_a_legacy_tick_box_reads_as_its_state() -> None:
    read = "I have read the policy."
    assert _second(_p(_check(0), _t(" " + read))) == "☐ " + read
    assert _second(_p(_check(0, "<w:checked/>"), _t(" " + read))) == "☒ " + read
    # No `w:checked`: its default; `w:checked w:val="0"` over a ticked default: not ticked.
    assert _second(_p(_t("Photographs allowed "), _check(1))) == "Photographs allowed ☒"
    assert (
        _second(_p(_t("Photographs allowed "), _check(1, '<w:checked w:val="0"/>')))
        == "Photographs allowed ☐"
    )


def test_a_legacy_drop_down_reads_as_its_chosen_entry() -> None:
    def shown(field: str) -> str:
        return _second(_p(_t("Review period: "), field))

    assert shown(_dropdown('<w:result w:val="1"/>')) == "Review period: Every two years"
    assert shown(_dropdown('<w:result w:val="0"/>', separate=False)) == "Review period: Annually"
    # No result: the default entry (ECMA-376 17.16.11); neither: the first.
    assert shown(_dropdown('<w:default w:val="2"/>')) == "Review period: Every three years"
    assert shown(_dropdown("")) == "Review period: Annually"
    # LibreOffice's result text beside the index is not read twice.
    assert (
        shown(_dropdown('<w:result w:val="1"/>', result_text="Every two years"))
        == "Review period: Every two years"
    )
    # An index past the entries shows none.
    assert shown(_dropdown('<w:result w:val="7"/>')) == "Review period:"


def test_a_tick_box_content_control_reads_as_its_state_in_any_font() -> None:
    read = "I have read the policy."
    gothic = '<w14:checkedState w14:val="2612" w14:font="MS Gothic"/><w14:uncheckedState w14:val="2610" w14:font="MS Gothic"/>'
    assert _second(_p(_box(True, gothic, f"<w:r>{GOTHIC}<w:t>☒</w:t></w:r>"), _t(" " + read))) == "☒ " + read
    # Wingdings' ticked box is "þ" in the file.
    assert _second(_p(_wingdings_box(True), _t(" " + read))) == "☒ " + read
    assert _second(_p(_wingdings_box(False), _t(" " + read))) == "☐ " + read
    # A symbol-font glyph opening the line is the box, not a bullet taken off a list item.
    for checked, glyph in ((True, "☒"), (False, "☐")):
        clause = _read(_p(_symbol_box(checked), _t(" " + read))).clauses[1]
        assert (clause.text, clause.kind) == (f"{glyph} {read}", BlockKind.PARAGRAPH)


def test_a_change_of_tick_or_chosen_entry_is_a_change_a_reviewer_sees(tmp_path: Path) -> None:
    def edits(left: str, right: str) -> list[tuple[str, str]]:
        (tmp_path / "a.docx").write_bytes(_data(left))
        (tmp_path / "b.docx").write_bytes(_data(right))
        changes = [c for c in policydiff.compare(tmp_path / "a.docx", tmp_path / "b.docx").changes if c.edits]
        return [(e.op.value, e.text) for c in changes for e in c.edits if e.op is not EditOp.EQUAL]

    read = " I have read the policy."
    assert edits(_p(_check(0), _t(read)), _p(_check(0, "<w:checked/>"), _t(read))) == [
        ("delete", "☐"),
        ("insert", "☒"),
    ]
    period = _t("Review period: ")
    assert edits(
        _p(period, _dropdown('<w:result w:val="0"/>')), _p(period, _dropdown('<w:result w:val="1"/>'))
    ) == [
        ("delete", "Annually"),
        ("insert", "Every two years"),
    ]
    assert edits(_p(_wingdings_box(False), _t(read)), _p(_wingdings_box(True), _t(read))) == [
        ("delete", "☐"),
        ("insert", "☒"),
    ]


def test_the_word_redline_of_a_form_reads_back_as_each_side(tmp_path: Path) -> None:
    period = _t("Review period: ")
    read = " I have read the policy."
    sides = [
        _p(_check(0), _t(read))
        + _p(period, _dropdown('<w:result w:val="0"/>'))
        + _p(_wingdings_box(False), _t(read)),
        _p(_check(0, "<w:checked/>"), _t(read))
        + _p(period, _dropdown('<w:result w:val="1"/>'))
        + _p(_wingdings_box(True), _t(read)),
    ]
    for left, right in (sides, sides[::-1]):
        (tmp_path / "a.docx").write_bytes(_data(left))
        (tmp_path / "b.docx").write_bytes(_data(right))
        comparison, data = checked_redline(tmp_path / "a.docx", tmp_path / "b.docx")
        assert len([c for c in comparison.changes if c.edits]) == 3
        for view, side in (("accept", comparison.right), ("reject", comparison.left)):
            redline = segment(read_docx(data, "redline.docx", "0" * 64, view=view))  # type: ignore[arg-type]
            assert [c.text for c in redline.clauses] == [c.text for c in side.clauses], view


PLACEHOLDER_STYLE = '<w:rPr><w:rStyle w:val="PlaceholderText"/></w:rPr>'


def test_placeholder_text_is_read_as_word_shows_it_and_named_as_a_prompt() -> None:
    prompt = "Click or tap here to enter text."
    control = (
        '<w:sdt><w:sdtPr><w:rPr><w:rStyle w:val="PlaceholderText"/></w:rPr><w:id w:val="-2005430161"/>'
        '<w:placeholder><w:docPart w:val="DefaultPlaceholder_-1854013440"/></w:placeholder><w:showingPlcHdr/>'
        f"<w:text/></w:sdtPr><w:sdtContent>{_t(prompt, PLACEHOLDER_STYLE)}"
        "</w:sdtContent></w:sdt>"
    )
    policy = _read(_p(_t("Policy owner: "), control))
    assert policy.clauses[1].text == "Policy owner: " + prompt
    warnings = {w.code: w.message for w in policy.warnings}
    assert f"“{prompt}” in “Policy owner: {prompt}”" in warnings["placeholder-text"]
    # A control filled in (no `w:showingPlcHdr`) is the document's own words: no warning.
    filled = control.replace("<w:showingPlcHdr/>", "").replace(prompt, "Jane Smith")
    assert "placeholder-text" not in {w.code for w in _read(_p(_t("Policy owner: "), filled)).warnings}


def test_hostile_forms_read_in_one_pass() -> None:
    # A drop-down of 100,000 entries choosing the last (Word allows 25): read once, up to the index.
    many = tuple(f"Entry {i}" for i in range(100_000))
    assert (
        _second(_p(_t("Pick: "), _dropdown('<w:result w:val="99999"/>', entries=many))) == "Pick: Entry 99999"
    )
    # Placeholder tick box controls nested 100 deep (lxml refuses past 256 levels), holding more than a
    # glyph (read as it stands), a tick box field opened in the innermost and never ended: the paragraph
    # is read, and the next one too.
    control = (
        '<w:sdt><w:sdtPr><w:showingPlcHdr/><w14:checkbox><w14:checked w14:val="0"/></w14:checkbox></w:sdtPr>'
    )
    nested = "".join(control + "<w:sdtContent>" for _ in range(100))
    nested += (
        _t("Prompt.")
        + '<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:checkBox><w:default w:val="1"/></w:checkBox></w:ffData></w:fldChar></w:r>'
    )
    nested += "</w:sdtContent></w:sdt>" * 100
    policy = _read(_p(nested) + _p(_t("Visitors sign in.")))
    assert [c.text for c in policy.clauses][1:] == ["Prompt.☒", "Visitors sign in."]
    assert "100 content control(s)" in {w.code: w.message for w in policy.warnings}["placeholder-text"]
