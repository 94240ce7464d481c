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
