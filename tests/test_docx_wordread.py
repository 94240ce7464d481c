"""What other producers' Word files hold and the reader dropped without a word (decision 0001, session 26).

Each file is built as `tests/docx_wordmade.py` builds Word's, with the element as Word, WPS, OnlyOffice or a
converter writes it (`raw` blocks). LibreOffice's text export and pandoc's docx reader, the oracles of
the producers' sweep, show each text read here; what the reader leaves out on purpose (a table of contents,
an equation's text, an imported chunk) is named in a warning.
"""

from __future__ import annotations

import policydiff
from policydiff.model import Policy
from tests import docx_wordmade as wm


def _t(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def _read(*blocks: tuple[str, object, dict[str, object]]) -> Policy:
    data = wm.document(
        [("p", "Staff read this policy before their first day.", {}), *blocks], "left", header="", footer=""
    )
    return policydiff.parse_bytes(data, "producer.docx")


def _texts(policy: Policy) -> list[str]:
    return [c.text for c in policy.clauses]


def _warnings(policy: Policy) -> dict[str, str]:
    return {w.code: w.message for w in policy.warnings}


def test_the_base_text_of_a_phonetic_guide_is_read_and_its_reading_is_not() -> None:
    ruby = (
        '<w:r><w:ruby><w:rubyPr><w:rubyAlign w:val="distributeSpace"/><w:hps w:val="10"/>'
        '<w:hpsRaise w:val="18"/><w:hpsBaseText w:val="21"/><w:lid w:val="ja-JP"/></w:rubyPr>'
        "<w:rt><w:r><w:t>しょくどう</w:t></w:r></w:rt><w:rubyBase><w:r><w:t>食堂</w:t></w:r></w:rubyBase></w:ruby></w:r>"
    )
    policy = _read(("raw", f"<w:p>{_t('The sign reads ')}{ruby}{_t(' above the canteen door.')}</w:p>", {}))
    assert _texts(policy)[1] == "The sign reads 食堂 above the canteen door."


def test_block_level_alternate_content_is_read_once_from_its_choice() -> None:
    body = (
        '<mc:AlternateContent><mc:Choice Requires="w14">'
        f"<w:p>{_t('Visitors sign the book at reception on arrival.')}</w:p></mc:Choice>"
        f"<mc:Fallback><w:p>{_t('Visitors sign the old book at reception on arrival.')}</w:p></mc:Fallback>"
        "</mc:AlternateContent>"
    )
    policy = _read(("raw", body, {}), ("p", "Visitors leave by the front door.", {}))
    assert _texts(policy)[1:] == [
        "Visitors sign the book at reception on arrival.",
        "Visitors leave by the front door.",
    ]


def _merged_table(continued: str) -> str:
    def cell(text: str, merge: str = "") -> str:
        return f"<w:tc><w:tcPr>{merge}</w:tcPr><w:p>{_t(text) if text else ''}</w:p></w:tc>"

    restart = '<w:vMerge w:val="restart"/>'
    return (
        '<w:tbl><w:tblGrid><w:gridCol w:w="4000"/><w:gridCol w:w="4000"/></w:tblGrid>'
        f"<w:tr>{cell('Equipment the club lends to staff', restart)}{cell('One laptop per room')}</w:tr>"
        f"<w:tr>{cell(continued, '<w:vMerge/>')}{cell('One phone per room')}</w:tr></w:tbl>"
    )


def test_text_left_in_a_cell_that_continues_a_vertical_merge_is_read() -> None:
    policy = _read(("raw", _merged_table("Returned at the end of each term"), {}))
    cells = [
        (c.text, c.location.row, c.location.column) for c in policy.clauses if c.kind.value == "table_cell"
    ]
    assert cells == [
        ("Equipment the club lends to staff", 0, 0),
        ("One laptop per room", 0, 1),
        ("Returned at the end of each term", 1, 0),
        ("One phone per room", 1, 1),
    ]
    # Word's own continuing cells are empty: no clause for them.
    empty = _read(("raw", _merged_table(""), {}))
    assert [c.text for c in empty.clauses if c.kind.value == "table_cell"] == [
        "Equipment the club lends to staff",
        "One laptop per room",
        "One phone per room",
    ]


def test_a_symbol_font_character_inside_a_line_is_the_character_word_shows() -> None:
    def sym(code: str, font: str = "Symbol") -> str:
        return f'<w:r><w:sym w:font="{font}" w:char="{code}"/></w:r>'

    body = (
        f"<w:p>{_t('Children aged ')}{sym('F0B3')}{_t(' 8 may walk home; ')}{sym('F061')}{_t(' rooms ')}"
        f"{sym('F0AE')}{_t(' the hall ')}{sym('F0FC', 'Wingdings')}{_t(' done.')}</w:p>"
        f"<w:p>{sym('F0B7')}{_t('Staff sign in each morning.')}</w:p>"
    )
    policy = _read(("raw", body, {}))
    first, bullet = policy.clauses[1:]
    assert first.text == "Children aged ≥ 8 may walk home; α rooms → the hall \uf0fc done."  # Wingdings stays
    assert (bullet.text, bullet.kind.value) == ("Staff sign in each morning.", "list_item")  # decision 0008


def test_a_skipped_table_of_contents_is_named_in_a_warning() -> None:
    policy = _read(
        ("toc", [("_Toc1", "Who this policy covers"), ("_Toc2", "How staff report a concern")], {}),
        ("h1", "Who this policy covers", {}),
    )
    assert "How staff report a concern" not in " ".join(_texts(policy))
    assert _warnings(policy)["table-of-contents"] == (
        "skipped a table of contents of 3 paragraph(s) (Word makes it from the headings): “Contents” … "
        "“How staff report a concern 2”"
    )
    assert "table-of-contents" not in _warnings(_read(("h1", "Who this policy covers", {})))


def test_equations_kept_as_fingerprints_are_named_in_a_warning() -> None:
    body = (
        f"<w:p>{_t('The daily allowance is ')}<m:oMath><m:r><m:t>a=5×d</m:t></m:r></m:oMath>"
        f"{_t(' pounds a day.')}</w:p>"
        "<w:p><m:oMathPara><m:oMath><m:r><m:t>total=days×rate</m:t></m:r></m:oMath></m:oMathPara></w:p>"
    )
    policy = _read(("raw", body, {}))
    assert [o.kind for o in policy.objects] == ["equation", "equation"]
    assert _warnings(policy)["equations"] == (
        "2 equation(s) kept as fingerprints, their text not in the clauses: in "
        "“The daily allowance is pounds a day.”, “total=days×rate”"
    )


def test_an_imported_chunk_is_named_in_a_warning() -> None:
    policy = _read(("altchunk", "<html><body><p>Imported from the club website.</p></body></html>", {}))
    assert "altchunk-ignored" in _warnings(policy)
    assert "altchunk-ignored" not in _warnings(_read())


def test_hidden_text_is_left_out_as_word_shows_it_and_named_in_a_warning() -> None:
    hidden = '<w:r><w:rPr><w:vanish/></w:rPr><w:t xml:space="preserve">draft note for the board </w:t></w:r>'
    policy = _read(
        ("raw", f"<w:p>{_t('Staff may work ')}{hidden}{_t('from home two days a week.')}</w:p>", {})
    )
    assert _texts(policy)[1] == "Staff may work from home two days a week."
    assert _warnings(policy)["hidden-text"] == (
        "hidden text (Word does not show it) not read in 1 paragraph(s): “draft note for the board”"
    )
    assert "hidden-text" not in _warnings(_read())


def test_a_paragraph_whose_mark_is_deleted_stays_before_a_table_and_in_its_cell() -> None:
    def p(text: str, *, deleted_mark: bool = False, style: str = "") -> str:
        mark = (
            '<w:rPr><w:del w:id="9" w:author="A" w:date="2024-01-01T00:00:00Z"/></w:rPr>'
            if deleted_mark
            else ""
        )
        pstyle = f'<w:pStyle w:val="{style}"/>' if style else ""
        return f"<w:p><w:pPr>{pstyle}{mark}</w:pPr>{_t(text)}</w:p>"

    body = (
        p("Who this policy covers", deleted_mark=True, style="Heading1")
        + '<w:tbl><w:tblGrid><w:gridCol w:w="4000"/><w:gridCol w:w="4000"/></w:tblGrid><w:tr>'
        + f"<w:tc>{p('Staff on the rota', deleted_mark=True)}</w:tc>"
        + f"<w:tc>{p('Volunteers and visitors')}</w:tc>"
        + "</w:tr></w:tbl>"
    )
    policy = _read(("raw", body, {}))
    assert [(c.kind.value, c.text) for c in policy.clauses][1:] == [
        ("heading", "Who this policy covers"),
        ("table_cell", "Staff on the rota"),
        ("table_cell", "Volunteers and visitors"),
    ]


def test_a_text_box_neither_takes_nor_gives_a_paragraph_run_on_by_a_deleted_mark() -> None:
    deleted = '<w:pPr><w:rPr><w:del w:id="9" w:author="A" w:date="2024-01-01T00:00:00Z"/></w:rPr></w:pPr>'

    def box(paragraph: str) -> str:
        shape = f"<v:shape><v:textbox><w:txbxContent>{paragraph}</w:txbxContent></v:textbox></v:shape>"
        return f"<w:r><w:pict>{shape}</w:pict></w:r>"

    badge = "<w:p>" + _t("Visitors wear a badge at all times.") + "</w:p>"
    exits = "<w:p>" + deleted + _t("Keep the exit routes clear") + "</w:p>"
    body = (
        f"<w:p>{deleted}{_t('Staff sign in ')}{box(badge)}</w:p>"
        f"<w:p>{_t('at the front desk each morning.')}</w:p>"
        f"<w:p>{_t('Fire doors stay shut.')}{box(exits)}</w:p>"
        f"<w:p>{_t('Lunch is served at noon.')}</w:p>"
    )
    assert _texts(_read(("raw", body, {})))[1:] == [
        "Visitors wear a badge at all times.",
        "Staff sign in at the front desk each morning.",
        "Fire doors stay shut.",
        "Keep the exit routes clear",
        "Lunch is served at noon.",
    ]
