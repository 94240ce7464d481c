"""The HTML report's faster or import-free stand-ins, held to what they replace (issue 16, decision 0022).

`html.escape`, `base64.b64encode` (by binascii, the C codec it wraps), `json.dumps` of a scalar option
and a regular expression are replaced by code that gives the same results, and `references` names
clauses by place; these tests hold each to the original.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
import subprocess
import sys
from collections.abc import Set as AbstractSet

from hypothesis import given
from hypothesis import strategies as st

from policydiff._digest import SMALL, sha256
from policydiff.model import Clause, ClauseKind, Policy
from policydiff.renderers._redline import option_value
from policydiff.renderers._signoff import _KIND_WORDS, _alnum, references
from policydiff.renderers.html import _base64, escape

_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=12,
)


@given(_JSON)
def test_option_value_is_json_dumps(value: object) -> None:
    expected = (
        value
        if isinstance(value, str)
        else json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    )
    assert option_value(value) == expected


def test_option_value_of_other_types_falls_back_to_json() -> None:
    values: tuple[object, ...] = ({1: 2}, {"a": object}, [float("nan")], float("inf"), {"k": {1.5: "x"}})
    for value in values:
        assert option_value(value) == json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    deep: list[object] = []
    for _ in range(40):
        deep = [deep]
    assert option_value(deep) == json.dumps(deep, ensure_ascii=False, sort_keys=True, default=str)


def test_option_value_of_what_options_hold_is_json_dumps() -> None:
    values: tuple[object, ...] = (
        [],
        [["Acme Ltd", "Kidspace"]],
        {"gap": 0.3, "small_gap_size": 16, "move": 0.6, "a": None, "b": True},
        ('say "no"', "back\\slash", "tab\there", "line\u2028break", "é ü ß", "\x7f"),
        {'key "q"': 1, "k\n": [1.5, -0.0, 2]},
        {"nested": {"z": [], "y": {}}},
    )
    for value in values:
        assert option_value(value) == json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


@given(st.binary(max_size=200))
def test_the_digest_is_hashlibs_sha256(data: bytes) -> None:
    assert sha256(data).hexdigest() == hashlib.sha256(data).hexdigest()
    assert sha256(data).digest() == hashlib.sha256(data).digest()


def test_the_digest_of_large_data_is_hashlibs_sha256_too() -> None:
    for size in (SMALL - 1, SMALL, 3 * SMALL + 7):
        data = bytes(range(256)) * (size // 256) + b"x" * (size % 256)
        assert len(data) == size
        assert sha256(data).hexdigest() == hashlib.sha256(data).hexdigest()


@given(st.binary(max_size=80))
def test_base64_is_b64encode(data: bytes) -> None:
    assert _base64(data) == base64.b64encode(data).decode("ascii")


@given(st.text(alphabet=st.sampled_from("&<>\"'a é›\0")))
def test_escape_is_html_escape(text: str) -> None:
    assert escape(text) == html.escape(text, quote=True)


def test_alnum_is_the_regular_expression() -> None:
    pattern = re.compile(r"[^\W_]")
    for code in range(0x110000):
        char = chr(code)
        assert _alnum(char) == bool(pattern.search(char)), hex(code)
    assert _alnum("") is False
    assert _alnum(", _ —") is False
    assert _alnum(", _ a")


def test_the_html_report_imports_no_json_html_or_base64() -> None:
    code = (
        "import sys; import policydiff.renderers.html; "
        "print(sorted(m for m in ('json', 'html', 'base64') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def _plain_references(policy: Policy, wanted: AbstractSet[str] | None = None) -> dict[str, str]:
    """`references` as it was written before it counted runs of clauses in C: one clause at a time."""
    out: dict[str, str] = {}
    headings: list[tuple[int, str]] = []
    items: list[tuple[int, str]] = []
    counts: dict[tuple[str, str], int] = {}
    titles = 0
    section = "Opening"
    words = {k: w for k, w in _KIND_WORDS.items()}
    for clause in policy.clauses:
        kind, label = clause.kind, clause.label
        if not label and not items and kind is not ClauseKind.TITLE and kind is not ClauseKind.HEADING:
            word = words.get(kind) or str(kind)
            count = counts[(section, word)] = counts.get((section, word), 0) + 1
            if wanted is None or clause.id in wanted:
                out[clause.id] = f"{section} › {word} {count}"
            continue
        label = label.strip() if label else ""
        if kind is ClauseKind.TITLE:
            titles += 1
            out[clause.id] = "title" if titles == 1 else f"title line {titles}"
            continue
        if kind is ClauseKind.HEADING:
            name = re.sub(r"[.)]+$", "", label) if label else ""
            headings = [h for h in headings if h[0] < clause.level]
            headings.append((clause.level, name or clause.text.strip()))
            items = []
            section = out[clause.id] = " › ".join([h[1] for h in headings])
            continue
        if kind is ClauseKind.LIST_ITEM:
            if items and items[-1][0] >= clause.level:
                items = [i for i in items if i[0] < clause.level]
        elif items:
            items = []
        parent = items[-1][1] if items else section
        if label and re.fullmatch(r"\d+(?:\.\d+)+\.?", label):
            ref = label.rstrip(".")
        elif label:
            ref = f"{parent} {label}" if items else f"{parent} › {label}"
        else:
            word = words.get(kind) or str(kind)
            count = counts[(parent, word)] = counts.get((parent, word), 0) + 1
            ref = f"{parent} › {word} {count}"
        if label and kind is ClauseKind.LIST_ITEM:
            items.append((clause.level, ref))
        out[clause.id] = ref
    return out


_CLAUSE = st.tuples(
    st.sampled_from(list(ClauseKind)),
    st.sampled_from([None, "", " ", "a)", "1.", "1.2", "2.1.", "%d", "i."]),
    st.integers(0, 3),
    st.sampled_from(["Rules", "Rules", "Scope %s", " ", "A › B"]),
)


@given(st.lists(_CLAUSE, max_size=40), st.data())
def test_references_are_the_plain_walk(
    specs: list[tuple[ClauseKind, str | None, int, str]], data: st.DataObject
) -> None:
    clauses = tuple(
        Clause(f"c{n % 30}", kind, text, text, level=level, label=label)
        for n, (kind, label, level, text) in enumerate(specs)
    )
    policy = Policy("x.txt", "", "text", None, None, (), clauses)
    assert references(policy) == _plain_references(policy)
    ids = sorted({c.id for c in clauses})
    wanted = set(data.draw(st.lists(st.sampled_from(ids), unique=True))) if ids else set()
    assert references(policy, wanted) == _plain_references(policy, wanted)
    assert list(references(policy, wanted)) == list(_plain_references(policy, wanted))
