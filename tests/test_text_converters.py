"""Plain text as HTML-to-text converters write it (session 26, decision 0011): `html2text`, which wraps
paragraphs but leaves each list item one line, and `w3m -dump`, which draws a horizontal rule with
box-drawing characters. The excerpts in `tests/fixtures/converters/` are real converters' output (see the
README there)."""

from __future__ import annotations

from pathlib import Path

import policydiff

FIXTURES = Path(__file__).parent / "fixtures" / "converters"


def test_paragraphs_wrapped_around_long_unwrapped_list_items_are_joined() -> None:
    # html2text wrapped the paragraphs at 78 and left 4 of 28 lines, list items, 103 to 164 characters long:
    # the wrap width was taken as past 100 (no wrapping), and a paragraph broken before a capital ("this
    # Code of" / "Conduct, project maintainers") read as two clauses.
    texts = [c.text for c in policydiff.parse(FIXTURES / "cncf-coc-1.3.html2text.txt").clauses]
    assert (
        "Project maintainers have the right and responsibility to remove, edit, or reject comments, commits,"
        " code, wiki edits, issues, and other contributions that are not aligned to this Code of Conduct. By"
        " adopting this Code of Conduct, project maintainers commit themselves to fairly and consistently"
        " applying these principles to every aspect of managing a CNCF project. Project maintainers who do"
        " not follow or enforce the Code of Conduct may be temporarily or permanently removed from the"
        " project team."
    ) in texts
    assert (
        "The CNCF Community is open, inclusive and respectful. Every member of our community has the right"
        " to have their identity respected."
    ) in texts
    # The long items stay items of their own, whole.
    assert (
        "Publishing others' private information, such as a physical or email address, without their explicit"
        " permission"
    ) in texts
    assert "Unwelcome physical contact" in texts


def test_a_rule_drawn_with_box_drawing_characters_is_not_a_clause() -> None:
    # w3m -dump draws the <hr> over the footnotes as a line of "━" (U+2501): it was read as a paragraph,
    # an "added" clause against pandoc's plain text of the same policy.
    texts = [c.text for c in policydiff.parse(FIXTURES / "attendance-policy.w3m.txt").clauses]
    assert texts == [
        "Absence",
        "Unexplained absence is followed up on the same day. Staff contact the parent or carer first and then"
        " the school, and record the outcome.",
        "Printed copies are uncontrolled.",
        "Date approved: 5 January 2026",
        "The register is kept for three years after a child leaves.↩︎",
    ]


def test_a_line_opening_with_the_full_stop_or_comma_after_a_link_goes_on_the_line_before() -> None:
    # lynx and w3m break the line before the punctuation that follows a link: ". Translations are
    # available at" was a clause of its own, "experimental , but" read with a space before the comma.
    texts = [c.text for c in policydiff.parse(FIXTURES / "contributor-covenant-2.0.lynx.txt").clauses]
    assert (
        "This Code of Conduct is adapted from the Contributor Covenant, version 2.0, available at"
        " https://www.contributor-covenant.org/version/2/0/code_of_conduct.html."
    ) in texts
    assert (
        "For answers to common questions about this code of conduct, see the FAQ at"
        " https://www.contributor-covenant.org/faq. Translations are available at"
        " https://www.contributor-covenant.org/translations."
    ) in texts
    texts = [c.text for c in policydiff.parse(FIXTURES / "twisted-compatibility-policy.w3m.txt").clauses]
    assert texts == [
        "Exceptions can be made for modules aggressively marked unstable or experimental, but even"
        " experimental modules will start being used in production code if they have been around for long"
        " enough."
    ]


def test_a_shell_line_sourcing_a_script_is_not_joined_to_the_line_before() -> None:
    # `. ~/.venv/bin/activate` opens with a full stop and a space too, but no capital follows.
    texts = [c.text for c in policydiff.parse(FIXTURES / "sphinx-contributing.pandoc60.txt").clauses]
    assert texts[-3:] == ["virtualenv ~/.venv", ". ~/.venv/bin/activate", "pip install -e ."]


def test_pandocs_plain_simple_and_multiline_tables_are_read_a_cell_a_clause() -> None:
    # `pandoc -t plain` writes a table as a simple or a multiline table: each row was one clause ("Role   Name
    # Contact"), or a multiline row two half-rows, against the same policy as Markdown, reST, Word or
    # LibreOffice's plain text, where each cell is a clause: a split per row. docutils reads the cells now.
    retention = policydiff.parse(FIXTURES / "data-protection-policy.pandoc72.txt")
    rows: dict[int | None, list[str]] = {}
    for clause in retention.clauses[1:]:
        assert clause.kind.value == "table_cell"
        rows.setdefault(clause.location.row, []).append(clause.text)
    assert rows == {
        0: ["Record", "How long it is kept"],
        1: [
            "Registration forms and emergency contact details",
            "Three years after the child leaves the Club",
        ],
        2: ["Accident and incident records", "Until the child reaches the age of 21"],
        3: ["Safeguarding records", "Passed on to the child's next school, never destroyed here"],
    }
    gfm = policydiff.parse_bytes(
        b"Records are kept for the periods below and then destroyed securely, paper records by cross-cut "
        b"shredding and electronic records by deletion from every device and backup.\n\n"
        b"| Record | How long it is kept |\n|---|---|\n"
        b"| Registration forms and emergency contact details |"
        b" Three years after the child leaves the Club |\n"
        b"| Accident and incident records | Until the child reaches the age of 21 |\n"
        b"| Safeguarding records | Passed on to the child's next school, never destroyed here |\n",
        "data-protection-policy.md",
    )
    assert {c.op.value for c in policydiff.compare(gfm, retention).changes} == {"unchanged"}
    contacts = policydiff.parse(FIXTURES / "safeguarding-policy-v4.pandoc72.txt")
    assert [c.text for c in contacts.clauses[1:]] == [
        "Role",
        "Name",
        "Contact",
        "Designated Safeguarding Lead",
        "Priya Shah",
        "01632 960 201",
        "Deputy DSL",
        "Grace Lim",
        "01632 960 203",
        "Local authority designated officer",
        "LADO duty desk",
        "01632 960 999",
    ]
    assert [c.location.line for c in contacts.clauses[1:5]] == [6, 6, 6, 8]


def test_dashes_that_are_no_pandoc_table_read_as_before() -> None:
    # A reST simple table's column-span dashes in a `.txt` (Docutils' directives page, public domain), and
    # a line of dashes with no blank line before it, are no pandoc table: the lines read as before. (A
    # first draft read both as tables, the reST border a cell.)
    texts = [
        c.text
        for c in policydiff.parse_bytes(
            b"=========== ====== ======\n..          SVG    PDF\n=========== ====== ======\n"
            b"..          vector\n----------- -------------\nHTML4       yes    yes\n\n"
            b"Summary:\n  Date          Python\n  ------------- --------\n  05 Oct 2023   3.10+\n",
            "notes.txt",
        ).clauses
    ]
    assert texts == [
        "=========== ====== ======",
        "..          SVG    PDF",
        "=========== ====== ======",
        "..          vector",
        "HTML4       yes    yes",
        "Summary:",
        "Date          Python",
        "Oct 2023   3.10+",  # labelled "05", as before
    ]
