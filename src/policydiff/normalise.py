"""Equivalence rules that turn clause text into a comparison key (quotes, dashes, bullets, spaces)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from policydiff._lazy import compile_later

_QUOTES = str.maketrans(
    {
        "\u2018": "'",  # left single quotation mark
        "\u2019": "'",  # right single quotation mark / apostrophe
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",  # prime
        "\u0060": "'",  # grave accent used as a quote
        "\u00b4": "'",  # acute accent used as a quote
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
    }
)
_DASHES = str.maketrans(
    {
        "\u2010": "-",  # hyphen
        "\u2011": "-",  # non-breaking hyphen
        "\u2012": "-",  # figure dash
        "\u2013": "-",  # en dash
        "\u2014": "-",  # em dash
        "\u2015": "-",  # horizontal bar
        "\u2212": "-",  # minus sign
        "\u00ad": None,  # soft hyphen: invisible
        "\u200b": None,  # zero-width space
        "\u200c": None,
        "\u200d": None,
        "\u2060": None,
        "\ufeff": None,
    }
)
BULLETS = "-*•·‣◦▪▫■□●○–—⁃∙➢➤►▶✓✔\uf0b7\uf0a7\uf076\uf0d8\uf0fc"
"""Characters that start a bullet list item in plain text."""

_EQUIVALENTS = {**_QUOTES, **_DASHES}  # one pass: no quote maps to a dash or back
# The same table as one compiled character class and a dict of strings: `re.sub` calls back only for the
# few characters present, where `str.translate` looks every character of the text up in the table
# (about 11 µs against 2.4 µs a line on real policies' non-ASCII lines).
_EQUIVALENT_TEXT = {chr(k): v if isinstance(v, str) else "" for k, v in _EQUIVALENTS.items()}
_EQUIVALENT_CHARS = compile_later("[" + re.escape("".join(_EQUIVALENT_TEXT)) + "]")
_BULLET_SET = frozenset(BULLETS)
_LEADING_BULLET = compile_later("^[" + re.escape(BULLETS) + r"]\s+")
_XML_ILLEGAL = compile_later("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|[\ud800-\udfff]")
_C0_ILLEGAL = tuple(chr(c) for c in (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20)))


def key(text: str) -> str:
    """Return the comparison key of `text`: equal keys mean the texts differ only cosmetically.

    NFC; curly quotes, primes and guillemets become straight quotes; every dash becomes a hyphen;
    invisible characters go; a leading bullet goes; runs of whitespace become one space, trimmed.
    Case, words, numbers and punctuation other than those are kept: they can change a meaning.
    """
    if text.isascii():
        # NFC and the tables leave ASCII alone, but for the grave accent used as a quote.
        if "`" in text:
            text = text.replace("`", "'")
    else:
        if not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
        text = _EQUIVALENT_CHARS.sub(_equivalent, text)
    text = clean_space(text)
    return _LEADING_BULLET.sub("", text) if text[:1] in _BULLET_SET else text


def keys(texts: Sequence[str]) -> list[str]:
    """Return `[key(text) for text in texts]`, the texts keyed together: one NFC test, one replacement
    for each equivalent character present and one test for doubled or odd spaces over all of them
    joined, instead of each step once a text (about 5 µs a non-ASCII line of a real policy)."""
    joined = "\n".join(texts)
    if len(texts) < 8 or joined.count("\n") != len(texts) - 1:
        return list(map(key, texts))  # few texts, or a text holds a line break: one by one
    # "\n" is a starter that composes with nothing: NFC of the joined texts is the NFC of each, joined.
    if not unicodedata.is_normalized("NFC", joined):
        joined = unicodedata.normalize("NFC", joined)
    # No replacement makes a character another one replaces (`_EQUIVALENT_TEXT`): one after another is
    # the same as all at once. Each test for one character runs at memory speed.
    for char, plain in _EQUIVALENT_TEXT.items():
        if char in joined:
            joined = joined.replace(char, plain)
    pieces = joined.split("\n")
    if not (
        "  " not in joined
        and " \n" not in joined
        and "\n " not in joined
        and joined[:1] != " "
        and joined[-1:] != " "
        and all(map(str.isprintable, pieces))
    ):
        pieces = list(map(clean_space, pieces))
    return [_LEADING_BULLET.sub("", piece) if piece[:1] in _BULLET_SET else piece for piece in pieces]


def clean_space(text: str) -> str:
    """Return `text` with runs of whitespace made one space and the ends trimmed (no other change)."""
    # A printable text has no whitespace but the ASCII space (tabs, line breaks and every Unicode space
    # are not printable), so one without doubled or outer spaces is already clean: most clauses are.
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    # str.split() splits at exactly the characters the regular expression `\s` matches, and drops empties.
    return " ".join(text.split())


def _equivalent(match: re.Match[str]) -> str:
    return _EQUIVALENT_TEXT[match.group()]


def strip_xml_illegal(text: str) -> tuple[str, int]:
    """Return `text` without characters XML 1.0 forbids, and how many were removed."""
    if len(text) > 1000 and text.isascii() and not any(ch in text for ch in _C0_ILLEGAL):
        # A long ASCII text (a whole text file): each control character is looked for with `in`, which
        # runs at memory speed and copies nothing; the regular expression steps through the text one
        # character at a time (0.04 s for 7.5 MB).
        return text, 0
    cleaned, count = _XML_ILLEGAL.subn("", text)
    return cleaned, count
