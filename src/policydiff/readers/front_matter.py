"""Front matter: a file's opening YAML (`---`) or TOML (`+++`) block read as the document's metadata.

YAML is read by PyYAML's base loader (every scalar kept as the text written: `version: 1.10` stays "1.10",
`approved: no` stays "no"), TOML by `tomllib`; both are imported only when a file has such a block (PyYAML
costs about 25 ms). The values are flattened to `(key, text)` pairs, the form `Document.metadata` holds:
a nested mapping's keys joined with dots (`owner.email`), a list's items joined by ", ", a mapping inside a
list written `key: value; key: value`, a block scalar's lines kept. Nothing a reviewer could change is
skipped (decision 0009, session 18).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

MAX_TEXT = 100_000
"""Most characters (and values) front matter may flatten to: YAML aliases can repeat a list into millions."""


class _TooLarge(Exception):
    pass


def meta_key(key: str) -> str:
    """Return a metadata key as the documents' metadata spells it: lower case, `_` for spaces and hyphens."""
    return key.strip().lower().replace(" ", "_").replace("-", "_")


def _scalar(value: object) -> str:
    if isinstance(value, bool):  # TOML's booleans (YAML's base loader gives the text written)
        return "true" if value else "false"
    if hasattr(value, "isoformat"):  # TOML's dates and times (`datetime` is not imported for them)
        return str(value.isoformat())
    return str(value).strip()


def _inline(value: object, budget: list[int]) -> str:
    """Return a value nested in a list as one text."""
    budget[0] -= 1
    if budget[0] < 0:
        raise _TooLarge
    if isinstance(value, dict):
        parts = [(meta_key(str(k)), _inline(v, budget)) for k, v in value.items()]
        text = "; ".join(f"{k}: {v}" for k, v in parts if v)
    elif isinstance(value, list):
        text = ", ".join(t for t in (_inline(v, budget) for v in value) if t)
    else:
        text = _scalar(value)
    budget[0] -= len(text)
    if budget[0] < 0:
        raise _TooLarge
    return text


def _pairs(table: dict[Any, Any], prefix: str, budget: list[int]) -> Iterator[tuple[str, str]]:
    for key, value in table.items():
        name = prefix + meta_key(str(key))
        if isinstance(value, dict):
            yield from _pairs(value, name + ".", budget)
            continue
        text = _inline(value, budget)
        if text:
            yield name, text


def flat_pairs(table: dict[Any, Any]) -> list[tuple[str, str]]:
    """Return a front matter mapping as `(key, text)` pairs; raise `ValueError` past `MAX_TEXT`."""
    try:
        return list(_pairs(table, "", [MAX_TEXT]))
    except (_TooLarge, RecursionError):
        raise ValueError(f"it expands to over {MAX_TEXT:,} characters") from None


@functools.lru_cache(maxsize=8)
def yaml_metadata(content: str) -> tuple[tuple[tuple[str, str], ...], str | None] | None:
    """Return the pairs of YAML front matter and why it was ignored (None: read), or None when the block
    is not a YAML mapping (then it is Markdown: a thematic break, text, a setext heading's underline)."""
    import yaml  # only for files with front matter: about 25 ms

    loader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
    try:
        data = yaml.load(content, Loader=loader)  # the base loader makes only str, list and dict
    except (yaml.YAMLError, RecursionError, ValueError):
        return None
    if not isinstance(data, dict) or not data:
        return None
    try:
        return tuple(flat_pairs(data)), None
    except ValueError as exc:
        return (), str(exc)


def toml_metadata(content: str) -> tuple[list[tuple[str, str]], str | None]:
    """Return the pairs of TOML front matter, or no pairs and why it was ignored."""
    import tomllib  # only for files with TOML front matter

    try:
        table = tomllib.loads(content)
    except tomllib.TOMLDecodeError as exc:
        return [], str(exc)
    try:
        return flat_pairs(table), None
    except ValueError as exc:
        return [], str(exc)
