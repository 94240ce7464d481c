"""The HTML report's stand-ins for standard-library helpers it no longer imports (issue 16, decision 0022).

`html.escape`, `base64.b64encode`, `json.dumps` of an option and a regular expression are replaced by
code that gives the same results; these tests hold each to the original.
"""

from __future__ import annotations

import base64
import html
import json
import re
import subprocess
import sys

from hypothesis import given
from hypothesis import strategies as st

from policydiff.renderers._redline import option_value
from policydiff.renderers._signoff import _alnum
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
