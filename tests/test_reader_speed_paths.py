"""The quick paths of reading in one pass (issue 16): each answers exactly what the general code it skips
would, checked on generated text against that code or against the rule it implements."""

from __future__ import annotations

import itertools
import re

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from policydiff import normalise, segment
from policydiff._values import replace
from policydiff.errors import ReadError
from policydiff.model import Block, BlockKind, Blocks
from policydiff.readers import text as text_reader

_WORDS = st.sampled_from(
    [
        "Staff sign in.",
        "staff sign in",
        "Scope",
        "the end of",
        "Policy statement",
        "*bold* and _it_",
        "[a link](https://example.org) here",
        "a | b |",
        "|---|---|",
        "Reviewed October 2021",
        "",
        "x" * 120,
        "Short heading",
        "`code`",
        "and so on",
        "Dates: 1 May 2024",
        "Next  review",
        "é\u0301",
        "‘quoted’",
    ]
)
# A text's lines from pieces that start every kind of line: prose, labels, bullets, headings, tables,
# rules, underlines, fences, front matter, short lines in lower case (hard-wrap evidence), blank lines.
_LINE_START = st.sampled_from(
    [
        "",
        " ",
        "  ",
        "\t",
        "\u00a0",
        "- ",
        "* ",
        "• ",
        "·\t",
        "o\t",
        "§\t",
        "1. ",
        "2) ",
        "(a) ",
        "iv. ",
        "A. ",
        "4.2 ",
        "# ",
        "## ",
        "|",
        "---",
        "===",
        "~~~",
        "```",
        "***",
        "- - -",
        "> ",
        "a) ",
        "Mr. ",
        "ab.",
        "\u2003",
        "..",
        ":::",
        "__",
    ]
)
_ANY = st.text(
    alphabet=st.one_of(
        st.sampled_from("abcdeiovxIVXLCMAZ0123456789 -*+•·o§#|=~^\"'`_:.()[]<>\\–—‘’“”\u00a0\t\x1c\u2028"),
        st.characters(min_codepoint=0xA0, max_codepoint=0x2FFF),
    ),
    max_size=40,
)
_LINE = st.one_of(st.builds(lambda a, b: a + b, _LINE_START, _WORDS), _WORDS, st.just(""), _ANY)


@given(st.lists(_LINE, max_size=14), st.sampled_from(["", "---\ntitle: T\n---\n", "\n", "---\nx: 1\n---"]))
@settings(max_examples=800, deadline=None)
def test_lines_read_one_by_one_make_the_blocks_the_general_reader_makes(lines: list[str], head: str) -> None:
    text = head + "\n".join(lines)
    raw = text.split("\n")
    _, skip = text_reader._front_matter(raw)
    general = text_reader._blocks(raw[skip:], skip + 1)
    marks = [mark for mark in text_reader._MARKS if mark in text]
    found = text_reader._line_by_line(raw[skip:], skip, marks)
    if found is not None:
        columns, _, markup = found
        assert len({len(column) for column in columns}) == 1
        assert Blocks.from_columns(columns) == tuple(general)
        assert [Block(*row) for row in zip(*columns, strict=True)] == general
        assert markup == any(b.explicit and b.style in ("atx", "setext") for b in general)
    else:  # None: hard-wrapped, an underline, overline or fence may be there, a bare list number or bullet,
        # or a line broken mid-sentence
        assert (
            text_reader._wrap_width(raw[skip:], text_reader._classify_all(raw[skip:], skip + 1)) is not None
            or re.search(r"(?m)^[^\S\n]*([=\-~^\"'*+#:.`_])\1\1", "\n".join(raw[skip:]))
            or any(text_reader._bare_marker(line.strip()) for line in raw[skip:])
            or _broken_mid_sentence(raw[skip:])
            or _term_over_definition(raw[skip:])
            or _indented_under_item(raw[skip:])
        )
    if not re.search(r"(?m)^[^\S\n]*([=\-~^\"'*+#:.`_])\1\1", "\n".join(raw[skip:])) and not any(
        ln.kind == "underline" or ln.fence for ln in text_reader._classify_all(raw[skip:], 1)
    ):
        # No line opening with three of one mark and no underline or fence: only hard wrapping and a list
        # number or bullet alone on its line join lines.
        assert (
            found is not None
            or text_reader._wrap_width(raw[skip:], text_reader._classify_all(raw[skip:], skip + 1))
            is not None
            or any(text_reader._bare_marker(line.strip()) for line in raw[skip:])
            or _broken_mid_sentence(raw[skip:])
            or _term_over_definition(raw[skip:])
            or _indented_under_item(raw[skip:])
        )


def _indented_under_item(raw: list[str]) -> bool:
    """Return whether a text line indented at all follows a list item's line: it may be the item's hanging
    indent, which goes on with the item (session 24; only the general reader joins lines)."""
    lines = text_reader._classify_all(raw, 1)
    return any(
        a.kind in ("bullet", "numbered") and b.kind == "text" and b.raw[:1] != b.raw.lstrip()[:1]
        for a, b in itertools.pairwise(lines)
        if b.number == a.number + 1
    )


@pytest.mark.parametrize(
    "lines",
    [
        ["- Staff sign in.", "  Staff sign in."],
        ["* **Be welcoming.**", "  We strive to be a community that welcomes everyone."],
        ["1. Report it.", "   The lead reads every report."],
    ],
)
def test_a_line_at_an_items_hanging_indent_reads_as_the_general_reader_reads_it(lines: list[str]) -> None:
    raw = lines
    general = text_reader._blocks(raw, 1)
    assert len(general) == 1  # one item: the indented line goes on with it
    found = text_reader._line_by_line(raw, 0, [m for m in text_reader._MARKS if m in "\n".join(raw)])
    if found is not None:
        assert [Block(*row) for row in zip(*found[0], strict=True)] == general


def _term_over_definition(raw: list[str]) -> bool:
    """Return whether a numbered line with no closing punctuation is followed by a line indented past it and
    opening in lower case: a term over its definition, which goes on the item (session 20, third round;
    only the general reader joins lines)."""
    lines = text_reader._classify_all(raw, 1)
    return any(
        a.kind == "numbered"
        and b.kind == "text"
        and b.text[:1].islower()
        and a.raw.rstrip()[-1:] not in ".!?:;"
        and len(b.raw) - len(b.raw.lstrip()) > len(a.raw) - len(a.raw.lstrip())
        for a, b in itertools.pairwise(lines)
    )


def _broken_mid_sentence(raw: list[str]) -> bool:
    """Return whether a line with no closing punctuation is followed by one opening in lower case, the next
    word taking it past 85 % of the usual wrap column: in a file with no wrap width of its own, such a line
    may go on the next (`text_reader._wrapped`, session 18), which only the general reader decides."""
    width = 0.85 * text_reader.LOOSE_WRAP_WIDTH
    return any(
        a.strip()
        and a.rstrip()[-1] not in ".!?:;"
        and b.strip()[:1].islower()
        and len(a.rstrip()) + 1 + len(b.strip().split(" ", 1)[0]) > width
        for a, b in itertools.pairwise(raw)
    )


@given(st.one_of(_ANY, _WORDS, st.builds(lambda a, b: a + b, _LINE_START, _WORDS)))
@settings(max_examples=800, deadline=None)
def test_a_line_opening_with_a_letter_label_shows_a_stop_or_bracket_early(line: str) -> None:
    """`_line_by_line` tries `_LABEL_START` on a line opening with a letter only when a full stop or a
    bracket is among its first nine characters, or it opens with `o`: every line the pattern matches is one
    of those."""
    stripped = line.strip()
    if stripped and text_reader._LABEL_START.match(stripped):
        head = stripped[:9]
        assert "." in head or ")" in head or stripped[0] == "o"


def test_a_file_read_line_by_line_is_read_as_the_general_reader_reads_it() -> None:
    text = "Title Policy\n\n* one *item*\n- two\nParagraph one.\n| a | b |\n|---|---|\n| c | d |\n"
    text += "# Heading\nlast"
    document = text_reader.read_text(text.encode(), "x.txt", "")
    assert document.format == "markdown"
    assert document.blocks == tuple(text_reader._blocks(text.split("\n"), 1))


def _alternatives(pattern: str) -> list[str]:
    """Return the top-level alternatives of a regular expression (split at `|` outside groups)."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(pattern):
        depth += ch == "("
        depth -= ch == ")"
        if ch == "|" and depth == 0:
            out.append(pattern[start:i])
            start = i + 1
    return [*out, pattern[start:]]


def test_every_metadata_key_opens_with_one_of_the_openings_looked_for() -> None:
    for key in _alternatives(segment._METADATA_KEYS) + _alternatives(segment._NAMED_KEYS):
        assert key[:2] in segment.METADATA_OPENINGS, key
        assert re.match("[a-z]+", key).group().startswith(segment._METADATA_FIRST_WORDS), key  # type: ignore[union-attr]


_METADATA_TEXT = st.builds(
    lambda space, key, rest: space + key + rest,
    st.sampled_from(["", " ", "\t", "\u00a0"]),
    st.sampled_from(
        [
            "Date",
            "DATE",
            "date",
            "Reviewed",
            "reVIEWED  by",
            "Next review",
            "To be reviewed",
            "Signed by",
            "ſigned",
            "Owner",
            "OWNER",
            "Version",
            "Effective from",
            "Author",
            "Responsible person",
            "Updated",
            "Issued on",
            "K",
        ]
    ),
    st.sampled_from([": 1 May 2024", " October 2021", " 2.1", ": J Smith", "", " - 12/03/2023", " staff"]),
)


@given(st.one_of(_METADATA_TEXT, _ANY))
@settings(max_examples=400, deadline=None)
def test_a_text_told_by_its_opening_not_to_be_metadata_is_none(text: str) -> None:
    if text.strip() and not segment._may_be_metadata(text.strip()):
        assert segment.metadata_entries(text) == []


@given(st.lists(st.one_of(_ANY, _WORDS, st.text(alphabet=st.characters(max_codepoint=0x7F), max_size=20))))
@settings(max_examples=400, deadline=None)
def test_an_ascii_text_found_clean_is_its_own_key(texts: list[str]) -> None:
    texts = [t.strip() for t in texts if t.strip()]
    unclean = segment._unclean_texts(texts)
    for i, text in enumerate(texts):
        if text.isascii() and text[0] not in "-*" and i not in unclean:
            assert normalise.key(text) == text


@given(st.lists(st.one_of(_ANY, _WORDS, st.text(alphabet=st.characters(max_codepoint=0x7F), max_size=20))))
@settings(max_examples=400, deadline=None)
def test_the_unclean_texts_found_are_the_ascii_texts_holding_an_unclean_character(texts: list[str]) -> None:
    """Each text's index is found, and only those (the ASCII texts' indices are made only when one is)."""
    texts = [t.strip() for t in texts if t.strip()]
    expected = {i for i, t in enumerate(texts) if t.isascii() and any(u in t for u in segment._UNCLEAN)}
    assert segment._unclean_texts(texts) == expected
    assert segment._unclean_texts(texts, [t.isascii() for t in texts]) == expected
    # With the texts that may open with a bullet: also the ASCII ones opening with `-` or `*`.
    some = range(0, len(texts), 2)
    bulleted = {i for i in some if texts[i].isascii() and texts[i][0] in "-*"}
    assert segment._unclean_texts(texts, None, some) == expected | bulleted


def test_the_organisation_is_called_by_its_last_word_only_as_a_whole_word() -> None:
    words = ["Holmes", "Chapel", "Pre-School"]
    assert segment._called_by_last_word(words, "Ask the Pre-School first.")
    assert segment._called_by_last_word(words, "the Pre-School")
    assert not segment._called_by_last_word(words, "bathe Pre-School")
    assert not segment._called_by_last_word(words, "the Pre-Schools")
    assert not segment._called_by_last_word(words, "the  Pre-School")
    assert segment._called_by_last_word(words, "our Pre-Schools and This Pre-School.")


def _old_called_by_last_word(words: list[str], body: str) -> bool:
    """`_called_by_last_word` as first written: each "<article> <last word>" searched for in turn."""
    last = normalise.key(words[-1]).strip(".,")
    if (
        len(words) < 2
        or not last[:1].isupper()
        or last.lower() in segment._GENERIC_WORDS
        or segment._TITLE_WORD.search(last)
        or last not in body
    ):
        return False
    return any(segment._used_whole(f"{article} {last}", body) for article in segment._ARTICLES)


@given(
    st.lists(st.sampled_from(["Holmes", "Pre-School", "Club", "policy", "A", "é"]), min_size=1, max_size=3),
    st.lists(
        st.sampled_from(
            [
                "the",
                "The",
                "our",
                "this",
                "bathe",
                " ",
                "  ",
                "Pre-School",
                "Club",
                "Clubs",
                "_",
                ".",
                "Aé",
                "A",
                "é",
                "\n",
            ]
        ),
        max_size=12,
    ),
)
@settings(max_examples=500, deadline=None)
def test_the_last_word_test_is_the_rule_it_was(words: list[str], pieces: list[str]) -> None:
    for body in (" ".join(pieces), "".join(pieces)):
        assert segment._called_by_last_word(words, body) == _old_called_by_last_word(words, body)


@given(
    st.text(
        alphabet=st.one_of(
            st.sampled_from("ab \t\n\r\x0b\x0c\x00\x01\x08\x0e\x1f\x7f\ufffe\uffff\ufffd\u2019é"),
            st.characters(min_codepoint=0x20, max_codepoint=0x2FFF),
        ),
        max_size=60,
    ),
    st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]),
)
@settings(max_examples=400, deadline=None)
def test_characters_xml_forbids_are_dropped_as_when_the_text_was_searched(text: str, codec: str) -> None:
    try:
        data = text.encode(codec)
    except UnicodeEncodeError:
        return
    try:
        decoded, warnings = text_reader.decode(data, "x.txt", None)
    except Exception:  # refused (binary-looking, mixed): the same refusal either way
        return
    expected, dropped = normalise.strip_xml_illegal(decoded.replace("\f", "\n").replace("\v", "\n"))
    got, got_warnings = text_reader._decoded_text(data, "x.txt", None, (), page_break="\n")
    assert got == expected.replace("\r\n", "\n").replace("\r", "\n")
    assert [w.code for w in got_warnings] == [w.code for w in warnings] + (
        ["illegal-characters"] if dropped else []
    )


# Texts that `normalise.key` changes in every way it can: quotes, dashes and invisible characters of its
# table, combining accents NFC composes (also at a text's start), bullets, doubled and odd whitespace.
_KEYED = st.lists(
    st.one_of(
        _WORDS,
        _ANY,
        st.text(
            alphabet=st.sampled_from(
                list("ae o-*`\t\n\u00a0\u0301\u0308\u2018\u2019\u201c\u2014\u2013\u200b\u00ad\ufeff•·")
            ),
            max_size=12,
        ),
    ),
    max_size=30,
)


@given(_KEYED)
@settings(max_examples=400, deadline=None)
def test_texts_keyed_together_have_the_keys_each_has_alone(texts: list[str]) -> None:
    assert normalise.keys(texts) == [normalise.key(t) for t in texts]
    stripped = [t.strip() for t in texts if t.strip()]
    assert normalise.keys(stripped) == [normalise.key(t) for t in stripped]


@given(st.lists(st.one_of(_ANY, _WORDS, st.text(alphabet=st.characters(max_codepoint=0x7F), max_size=20))))
@settings(max_examples=300, deadline=None)
def test_a_short_ascii_heading_found_clean_is_its_own_path_text(texts: list[str]) -> None:
    texts = [t.strip() for t in texts if t.strip()]
    unclean = segment._unclean_texts(texts)
    for i, text in enumerate(texts):
        if len(text) <= segment._PATH_TEXT_LIMIT and text.isascii() and i not in unclean:
            assert segment._path_text(text) == text


@given(
    st.text(alphabet=st.sampled_from(list(" \t\u00a0\u2003\n\r-*+•·o§xA1\uf0b7–")), max_size=10),
    st.sampled_from(["", "text", " more words", "\n", "x\n", "\ny"]),
)
@settings(max_examples=800, deadline=None)
def test_a_bullet_found_by_string_methods_is_the_one_the_pattern_finds(head: str, tail: str) -> None:
    line = head + tail
    m = text_reader._BULLET.match(line)
    assert text_reader._bullet_parts(line) == (None if m is None else (m.group(1), m.group(3)))


def test_the_first_line_is_read_for_a_label_or_an_underline_as_the_others() -> None:
    for first in ["a) one", "  iv. two", "o\tthree", "===", "  ---", "Prose", "", "1. x"]:
        raw = [first, "Next line of prose.", first]
        found = text_reader._line_by_line(raw, 0, [])
        after = text_reader._line_by_line(["x", *raw], 0, [])
        assert (found is None) == (after is None) == first.strip().startswith(("===", "---"))
        if found is not None and after is not None:
            kinds = [(b.kind, b.text, b.label) for b in Blocks.from_columns(found[0])]
            assert kinds == [(b.kind, b.text, b.label) for b in Blocks.from_columns(after[0])][1:]
            assert kinds[:1] == kinds[-1:] or not first


@given(st.one_of(_METADATA_TEXT, _ANY, _WORDS))
@settings(max_examples=400, deadline=None)
def test_a_text_refused_by_its_first_word_has_no_metadata(text: str) -> None:
    word = text.split(None, 1)[:1]
    if word and word[0].isascii() and not word[0].lower().startswith(segment._METADATA_FIRST_WORDS):
        assert segment._METADATA_START.match(text) is None
        assert segment._metadata_entries(text) == []


def _heading_like_as_it_was(text: str) -> bool:
    if not text or len(text) > 100 or len(text.split()) > 12:
        return False
    if text[-1] in ".,;:!?":
        return False
    first = text.lstrip("\"'“‘(")[:1]
    return bool(first) and (first.isupper() or first.isdigit()) and any(map(str.isalpha, text))


@given(
    st.one_of(
        _ANY,
        st.lists(_WORDS, max_size=16).map(" ".join),
        st.text(alphabet=st.sampled_from(list("Aa1 \t\u00a0\u2003(\"'“.:?-")), max_size=40),
    )
)
@settings(max_examples=600, deadline=None)
def test_heading_like_is_the_rule_it_was(text: str) -> None:
    assert text_reader.is_heading_like(text) == _heading_like_as_it_was(text)


def _plain(block: Block, text: str) -> bool:
    """Return whether a block is plain body text as `Blocks` defines it (`text`: its stripped text)."""
    if block.heading_like or block.spans or block.text != text:
        return False
    if block.kind is BlockKind.LIST_ITEM:
        return True
    opening = text[:2]
    return (
        block.kind is BlockKind.PARAGRAPH
        and block.level == 0
        and len(text) > 42
        and opening.isascii()
        and opening[:1].isalpha()
        and opening.lower() not in segment.METADATA_OPENINGS
    )


_LONG = st.sampled_from(
    [
        "Staff sign in at the front desk and sign out again when they leave the building.",
        "Records of every visit are kept in the office for three years after the visit ends.",
        "- Reviewed October 2021 by the board of trustees and the manager of the setting",
        "* staff must keep the register up to date at all times during each session today",
        "Reviewed October 2021 by the board of trustees and the manager of the setting here",
        "Éclairs are not served at the setting because of the many allergies among the children.",
        "The setting’s manager – or a deputy – signs every accident report before the end of day.",
        "Scope:\tthe policy covers every member of staff, volunteer and student on placement.",
        "Contents",
        "Nappy changing:",
    ]
)
_SEGMENT_LINE = st.one_of(_LINE, _LONG, st.builds(lambda a, b: a + b, _LINE_START, _LONG))


@given(
    st.lists(_SEGMENT_LINE, max_size=16),
    st.sampled_from(["", "---\ntitle: T\n---\n", "\n"]),
    st.sampled_from(["\n", "\r\n"]),
)
@settings(max_examples=600, deadline=None)
def test_rows_taken_as_they_are_make_the_clauses_the_rules_make(
    lines: list[str], head: str, end: str
) -> None:
    """The plain-text reader's rows that are plain body text (`Blocks.others` left out) become the clauses
    every rule would make of them: the same `Policy` as from the blocks as a tuple (plain rows found by
    `segment` itself) and from the rows with every one looked at."""
    text = head + end.join(lines)
    try:
        document = text_reader.read_text(text.encode(), "x.txt", "")
    except ReadError:  # e.g. nothing but control characters: refused as a binary file, no rows to compare
        assume(False)
    blocks = document.blocks
    fast = segment.segment(document)
    as_tuple = segment.segment(replace(document, blocks=tuple(blocks)))
    assert fast == as_tuple
    if isinstance(blocks, Blocks):
        assert blocks.others is not None
        assert list(blocks.others) == sorted(set(blocks.others))
        for i, block in enumerate(blocks):
            if i not in blocks.others:
                assert _plain(block, block.text.strip()), block
        # The columns (the reader's quick path) and the same blocks as rows give one `Policy`.
        assert segment.segment(replace(document, blocks=Blocks(blocks.rows, blocks.others))) == fast
        every = Blocks(blocks.rows, range(len(blocks.rows)))
        assert segment.segment(replace(document, blocks=every)) == fast
        assert Blocks(blocks.rows) == tuple(blocks) == blocks
        assert hash(Blocks(blocks.rows)) == hash(tuple(blocks))
        assert repr(Blocks(blocks.rows)) == repr(tuple(blocks))
