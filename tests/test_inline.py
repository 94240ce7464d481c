"""Word-level edits read as a careful reviewer would mark them: no kept word hidden inside a change."""

from __future__ import annotations

from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policydiff.inline import diff, left_text, right_text
from policydiff.model import Edit, EditOp


def _marked(left: str, right: str) -> str:
    edits = diff(left, right).edits
    assert (left_text(edits), right_text(edits)) == (left, right)
    return "".join(
        e.text if e.op is EditOp.EQUAL else (f"[-{e.text}-]" if e.op is EditOp.DELETE else f"{{+{e.text}+}}")
        for e in edits
    )


@pytest.mark.parametrize(
    ("left", "right", "marked"),
    [
        pytest.param(
            "File vehicle checks within one working week.",
            "File vehicle checks one promptly working promptly week.",
            "File vehicle checks [-within -]one {+promptly +}working {+promptly +}week.",
            id="one-word-equalities-between-one-word-edits-stay",
        ),
        pytest.param(
            "Where an allegation is made, the lead practitioner acts.",
            "Where an urgent allegation is made, the named practitioner acts.",
            "Where an {+urgent +}allegation is made, the [-lead-]{+named+} practitioner acts.",
            id="insertion-and-substitution",
        ),
        pytest.param(
            "Staff will face disciplinary action.",
            "Staff may face disciplinary action.",
            "Staff [-will-]{+may+} face disciplinary action.",
            id="modal",
        ),
        pytest.param(
            "Staff must not connect via social media (eg friend requests) unless they know the parent.",
            "Staff must not connect via social media unless they know the parent.",
            "Staff must not connect via social media [-(eg friend requests) -]unless they know the parent.",
            id="a-lone-deletion-starts-with-a-word",
        ),
    ],
)
def test_edits_keep_every_unchanged_word_visible(left: str, right: str, marked: str) -> None:
    assert _marked(left, right) == marked


def test_a_word_boxed_in_by_longer_changes_is_folded_into_one_replacement() -> None:
    """One shared word between two three-word changes is chaff: one replacement reads better."""
    marked = _marked(
        "the quick brown fox jumps over the lazy dog",
        "a slow red fox leaps above a sleepy cat",
    )
    assert marked == (
        "[-the quick brown fox jumps over the lazy dog-]{+a slow red fox leaps above a sleepy cat+}"
    )


def test_the_fewest_words_are_marked_when_a_word_is_added_and_another_dropped() -> None:
    """A longest common subsequence keeps "the" (diff-match-patch marked "[-the end-]{+any the+}")."""
    marked = _marked(
        "Back up collection passwords fairly by the end of the working day.",
        "Back up collection passwords fairly by any the of the working day.",
    )
    assert marked == "Back up collection passwords fairly by {+any +}the [-end -]of the working day."


@pytest.mark.parametrize("huge", [False, True])
def test_a_pair_too_large_for_the_bit_matrix_is_diffed_within_the_budget(
    huge: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above the LCS size limit diff-match-patch diffs the pair: same edits here; the budget holds."""
    import policydiff.inline as inline

    if huge:
        monkeypatch.setattr(inline, "_LCS_CELLS", 0)
    assert _marked("Staff will face disciplinary action.", "Staff may face disciplinary action.") == (
        "Staff [-will-]{+may+} face disciplinary action."
    )
    result = diff("Staff will face disciplinary action.", "Staff may face disciplinary action.", budget=1e-9)
    assert result.timed_out
    assert [e.op for e in result.edits] == [EditOp.DELETE, EditOp.INSERT]


@given(a=st.text(alphabet="abc ", max_size=12), b=st.text(alphabet="abc ", max_size=12))
@settings(max_examples=400, deadline=None)
def test_merged_shortcut_is_diff_cleanup_merge(a: str, b: str) -> None:
    """Where `_merged` answers, it is what diff-match-patch's `diff_cleanupMerge` makes of the LCS edits."""
    from diff_match_patch import diff_match_patch
    from rapidfuzz.distance import Indel

    from policydiff.inline import _merged

    raw = [
        (0, a[i1:i2]) if tag == "equal" else (-1, a[i1:i2]) if tag == "delete" else (1, b[j1:j2])
        for tag, i1, i2, j1, j2 in Indel.opcodes(a, b).as_list()
    ]
    expected = list(raw)
    diff_match_patch().diff_cleanupMerge(expected)
    got = _merged(list(raw))
    assert got is None or got == expected


DIFFS = st.lists(st.tuples(st.sampled_from([-1, 0, 1]), st.text(alphabet="ab ", max_size=4)), max_size=12)


@given(DIFFS)
@settings(max_examples=1000, deadline=None)
def test_cleanup_merge_is_diff_match_patchs(diffs: list[tuple[int, str]]) -> None:
    """`_cleanup_merge`, written here, is diff-match-patch's `diff_cleanupMerge` on any edits (empty
    chunks, equalities in a row, common first and last characters, edits that slide)."""
    from diff_match_patch import diff_match_patch

    from policydiff.inline import _cleanup_merge

    expected = list(diffs)
    diff_match_patch().diff_cleanupMerge(expected)
    assert _cleanup_merge(diffs) == expected


TEXT = st.lists(st.sampled_from([*"ab_1.,'’`é€ -\t\n\u00a0", "  ", "the ", "The ", "b. "]), max_size=30).map(
    "".join
)


@given(TEXT)
@settings(max_examples=500, deadline=None)
def test_tokens_by_spaces_are_the_patterns_tokens(text: str) -> None:
    from policydiff.inline import _TOKEN_RE, _tokens

    assert _tokens(text) == _TOKEN_RE.findall(text)


WORDS = st.lists(
    st.sampled_from(["a", "b", "c", "the", "The", "b.", ",", "x'y", "“q”", "-", "  ", "\t"]), max_size=24
)


@given(
    WORDS, st.lists(st.tuples(st.integers(0, 30), st.integers(0, 4), WORDS.map(lambda w: w[:3])), max_size=3)
)
@settings(max_examples=600, deadline=None)
def test_a_common_head_and_tail_left_whole_change_no_edit(
    words: list[str], changes: list[tuple[int, int, list[str]]]
) -> None:
    """`_trimmed` keeps a long common head or tail as one token: the edits are the whole token lists'."""
    left_words = list(words)
    right_words = list(words)
    for at, cut, new in changes:
        right_words[at : at + cut] = new
    _assert_diffed_as_whole_token_lists(" ".join(left_words), " ".join(right_words))


def _assert_diffed_as_whole_token_lists(left: str, right: str) -> None:
    """Assert the word diff of `left` and `right` is the one of their whole token lists (`_trimmed` leaving
    nothing whole)."""
    import policydiff.inline as inline

    def whole(a: str, b: str, encoder: inline.Encoder) -> tuple[list[str], list[str], str, str]:
        ltoks, rtoks = inline._TOKEN_RE.findall(a), inline._TOKEN_RE.findall(b)
        return ltoks, rtoks, encoder.encode(ltoks), encoder.encode(rtoks)

    trimmed = inline.diff(left, right)
    with mock.patch.object(inline, "_trimmed", whole):
        assert inline.diff(left, right) == trimmed


@given(
    st.lists(st.sampled_from(["a", "b", "the", "The", "b.", ",", "x'y", "“q”", "-", " ", "\t"]), max_size=60),
    st.integers(0, 60),
    st.lists(st.sampled_from(["a", "b", "the", "the a", "b.", ",", "“q”", " ", ""]), min_size=1, max_size=4),
    st.booleans(),
)
@settings(max_examples=600, deadline=None)
def test_words_added_before_a_long_tail_change_no_edit(
    words: list[str], at: int, new: list[str], dropped: bool
) -> None:
    """Words added (or dropped) just before a long common tail, which `_trimmed` tokenises only as far as
    the edits can reach (`_tail_start`), even in repeating text ("a b a b a b"): the edits are the whole
    token lists'."""
    kept = " ".join(words)
    at = min(at, len(words))
    changed = " ".join([*words[:at], *new, *words[at:]])
    _assert_diffed_as_whole_token_lists(*((changed, kept) if dropped else (kept, changed)))


def test_a_word_added_before_a_long_tail_leaves_the_rest_of_the_tail_one_token() -> None:
    """The path `test_words_added_before_a_long_tail_change_no_edit` guards is the one taken: the tail of a
    pair with one word added is cut after a few words, its rest one token."""
    import policydiff.inline as inline

    tail = " ".join(f"word{k}" for k in range(40))
    left, right = f"Staff must {tail}.", f"Staff must always {tail}."
    inline._load()
    ltoks, rtoks, a, b = inline._trimmed(left, right, inline.Encoder())
    assert ltoks[-1] == rtoks[-1] == " ".join(f"word{k}" for k in range(6, 40)) + "."
    assert a.endswith(inline._END) and b.endswith(inline._END)
    assert len(b) - len(a) == 2  # "always" and its space
    assert inline.diff(left, right).edits == (
        Edit(EditOp.EQUAL, "Staff must "),
        Edit(EditOp.INSERT, "always "),
        Edit(EditOp.EQUAL, tail + "."),
    )


@given(st.lists(st.sampled_from(["a", "b", " ", "the", "The", "’", "x"]), max_size=6))
@settings(max_examples=200, deadline=None)
def test_encode_is_one_code_a_token(tokens: list[str]) -> None:
    """`Encoder.encode` gives each token its code, however many tokens (none, one, several) and whether or
    not they were seen before; the same token list encodes the same way again."""
    from policydiff.inline import Encoder

    encoder = Encoder()
    first = encoder.encode(tokens)
    assert first == "".join(encoder.code_of(t) for t in tokens)
    assert len(first) == len(tokens)
    assert encoder.encode(tokens) == first
    assert encoder.encode(tokens[:1]) == first[:1]


@given(
    st.lists(st.sampled_from(["a", "b", " ", "\t", "the", "The", "’", "x"]), max_size=8),
    st.lists(st.sampled_from(["a", "b", " ", "The", "y"]), max_size=3),
)
@settings(max_examples=200, deadline=None)
def test_encode_makes_codes_in_the_order_tokens_are_first_met(tokens: list[str], seen: list[str]) -> None:
    """A token list with new tokens is coded as one `code_of` a token in order would code it (a token new
    twice in the list, or equal to another after normalisation, shares the first one's code), with or
    without tokens seen before."""
    from policydiff.inline import Encoder

    encoder, one_by_one = Encoder(), Encoder()
    encoder.encode(seen)
    for t in seen:
        one_by_one.code_of(t)
    assert encoder.encode(tokens) == "".join([one_by_one.code_of(t) for t in tokens])
    assert encoder.codes == one_by_one.codes
    assert encoder.blanks == one_by_one.blanks and encoder.words == one_by_one.words


def _plain_diffs(ops: list[tuple[str, int, int, int, int]], a: str, b: str) -> list[tuple[int, str]]:
    """The edits the opcodes stand for, one a opcode (before any merging)."""
    op_of = {"equal": 0, "delete": -1, "insert": 1}
    return [(op_of[tag], b[j1:j2] if tag == "insert" else a[i1:i2]) for tag, i1, i2, j1, j2 in ops]


@given(
    a=st.text(alphabet="abc ", max_size=14),
    b=st.text(alphabet="abc ", max_size=14),
)
@settings(max_examples=500, deadline=None)
def test_opcodes_merged_in_one_pass_as_merged_edits(a: str, b: str) -> None:
    """The LCS's opcodes read straight into merged edits give what merging their edits one by one gives
    (`_merged`), and no answer where it has none (then diff-match-patch merges them)."""
    from policydiff import inline

    inline._load()
    ops = inline._opcodes(a, b).as_list()
    assert inline._merged_opcodes(ops, a, b) == inline._merged(_plain_diffs(ops, a, b)), (a, b, ops)


def test_unusual_opcodes_are_left_to_the_full_merge() -> None:
    """Opcodes no LCS of rapidfuzz makes (an empty one, two equalities in a row, a replacement) are not read
    in one pass: the edits go through the whole merge."""
    from policydiff import inline

    a, b = "abcd", "abxd"
    for ops in (
        [("equal", 0, 2, 0, 2), ("equal", 2, 2, 2, 2), ("delete", 2, 3, 2, 2), ("insert", 3, 3, 2, 3)],
        [("equal", 0, 1, 0, 1), ("equal", 1, 2, 1, 2), ("delete", 2, 3, 2, 2), ("insert", 3, 3, 2, 3)],
        [("equal", 0, 2, 0, 2), ("replace", 2, 3, 2, 3), ("equal", 3, 4, 3, 4)],
    ):
        assert inline._merged_opcodes(ops, a, b) is None


@pytest.mark.parametrize(
    ("left", "right", "cosmetic"),
    [
        ("an official email address", "an official e-mail address", True),  # ruff's and textual's 2.0
        ("education, socio-economic status", "education, socioeconomic status", True),  # rich's 1.4
        ("a well-known rule", "a wellknown rule", True),
        ("COVID-19 rules", "COVID19 rules", False),  # a hyphen beside a digit
        ("to resign", "to re-sign", False),  # "re-" can make another word
        ("an Email", "an e-mail", False),  # case is kept
        ("an email", "an e-mails", False),
    ],
)
def test_hyphenation_alone_is_cosmetic(left: str, right: str, cosmetic: bool) -> None:
    """A word spelt with or without hyphens that join letters is a cosmetic edit, not a rewording."""
    edits = diff(left, right).edits
    changed = [e for e in edits if e.op is not EditOp.EQUAL]
    assert changed and all((e.cls == "cosmetic") is cosmetic for e in changed)
    assert left_text(edits) == left and right_text(edits) == right


@pytest.mark.parametrize(
    ("left", "right", "cosmetic"),
    [
        # The Rust Code of Conduct (rust-lang/www.rust-lang.org, MIT OR Apache-2.0) and its adaptations
        ("attention-stealing behavior is not welcome", "attention-stealing behaviour is not welcome", True),
        ("That is not welcome behavior.", "That is not welcome behaviour.", True),
        ("the Organisation's officers", "the Organization's officers", True),
        ("recognised and analysed", "recognized and analyzed", True),
        ("our favourite neighbourhood", "our favorite neighborhood", True),
        ("the judgement was cancelled", "the judgment was canceled", True),
        ("our four rules", "our for rules", False),  # "four" is no British "for"
        ("your tour", "yor tor", False),
        ("to rise", "to rize", False),  # under three letters before "-ise"
        ("to prise open", "to prize open", False),  # another word
        ("the Behaviour", "the behavior", False),  # case is kept
        ("behaviour", "behaviours", False),
    ],
)
def test_british_spelling_alone_is_cosmetic(left: str, right: str, cosmetic: bool) -> None:
    """A word in its British or American spelling ("behaviour", "behavior") is a cosmetic edit, not a
    rewording: half of ten Rust Code of Conduct adaptations were `matrix` variants of their template for
    "behaviour" alone (session 26). Other words that differ by those letters stay changes."""
    edits = diff(left, right).edits
    changed = [e for e in edits if e.op is not EditOp.EQUAL]
    assert changed and all((e.cls == "cosmetic") is cosmetic for e in changed)
    assert left_text(edits) == left and right_text(edits) == right


@given(
    st.lists(st.sampled_from(["email", "e-mail", "re-sign", "resign", "a", "the", ",", "-"]), max_size=8),
    st.lists(st.sampled_from(["email", "e-mail", "re-sign", "resign", "a", "the", ",", "-"]), max_size=8),
)
@settings(max_examples=300, deadline=None)
def test_hyphenation_looked_for_only_where_a_text_holds_a_hyphen(left: list[str], right: list[str]) -> None:
    """`diff` tells `_edits` whether either text holds a "-": without one no edit holds one, and the edits
    are those made when a change of hyphenation is looked for."""
    from policydiff import inline

    a, b = " ".join(left), " ".join(right)
    encoder = inline.Encoder()
    found = inline.diff(a, b, encoder=encoder).edits
    ltoks, rtoks = inline.tokenize(a), inline.tokenize(b)
    diffs = inline._lcs(encoder.encode(ltoks), encoder.encode(rtoks))
    diffs = inline._cleanup_words(diffs, encoder.words, encoder.blanks)
    looked = inline._edits(diffs, ltoks, rtoks, encoder, hyphens=True)
    if a != b:
        assert found == looked
    if "-" not in a and "-" not in b:
        assert inline._edits(diffs, ltoks, rtoks, encoder, hyphens=False) == looked
