"""Run settings from `policydiff.toml` or `[tool.policydiff]` in `pyproject.toml`, so runs repeat exactly."""

from __future__ import annotations

import codecs
import math
import os

from policydiff._io import as_path, is_file
from policydiff.errors import UsageError

# tomllib and pathlib (only when a settings file exists), json (only to quote a value in a message) and
# the alignment module (only to check or build thresholds) are imported where they are used; `typing`
# only by type checkers (mypy reads a module-level `TYPE_CHECKING` as true).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any, NoReturn

    from policydiff.align import Thresholds

_KEYS = {"slots", "no_slots", "thresholds", "budget", "encoding"}


def find(start: Path | None = None) -> Path | None:
    """Return `policydiff.toml`, else a `pyproject.toml` with `[tool.policydiff]`, in the current folder.

    Without `start` the path is relative (`policydiff.toml`), as a user would name it in a message.
    `pathlib` is imported only when one is found (a run without one need not load it).
    """
    folder = "" if start is None else os.fspath(start)
    if is_file(as_path(os.path.join(folder, "policydiff.toml"))):  # noqa: PTH118
        return _path(start, "policydiff.toml")
    pyproject = as_path(os.path.join(folder, "pyproject.toml"))  # noqa: PTH118
    if is_file(pyproject):
        try:
            with open(pyproject, encoding="utf-8") as handle:  # noqa: PTH123
                text = handle.read()
        except (OSError, UnicodeDecodeError):
            return None
        # Without an escape (`\u0070`) a TOML key is spelt as it is: a pyproject.toml that never says
        # `policydiff` (another project's) has no `[tool.policydiff]`, and is not parsed (loading
        # `tomllib` and parsing a project file cost about 5 ms of a run started in such a folder).
        if "policydiff" not in text and "\\" not in text:
            return None
        import tomllib

        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError:
            return None
        if isinstance(data.get("tool"), dict) and "policydiff" in data["tool"]:
            return _path(start, "pyproject.toml")
    return None


def _path(start: Path | None, name: str) -> Path:
    from pathlib import Path

    return (start if start is not None else Path()) / name


def load(path: Path | None) -> dict[str, Any]:
    """Return the settings in a config file (empty without one), each checked for type and range.

    An unknown key, a value of the wrong type, NaN or infinity, a budget that is not positive, a
    threshold outside [0, 1] or an encoding that is not a text codec raise `UsageError` naming the key.
    """
    if path is None:
        return {}
    import tomllib

    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise UsageError("config file not found", str(path)) from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise UsageError(f"unreadable config: {exc}", str(path)) from None
    prefix = ""
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("policydiff", {})
        prefix = "tool.policydiff."
        if not isinstance(data, dict):
            raise UsageError(f"tool.policydiff: expected a table, got {show(data)}", str(path))
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise UsageError(
            f"unknown setting(s) {', '.join(unknown)}; known: {', '.join(sorted(_KEYS))}", str(path)
        )
    settings = dict(data)
    source = str(path)
    if "budget" in settings:
        value = settings["budget"]
        if not _is_number(value) or not value > 0:
            _bad(source, f"{prefix}budget", "a positive number", value)
    if "no_slots" in settings and not isinstance(settings["no_slots"], bool):
        _bad(source, f"{prefix}no_slots", "true or false", settings["no_slots"])
    if "encoding" in settings:
        value = settings["encoding"]
        problem = encoding_problem(value) if isinstance(value, str) else "expected a text encoding name"
        if problem:
            raise UsageError(f"{prefix}encoding: {problem}, got {show(value)}", source)
    if "slots" in settings:
        _check_slots(settings["slots"], source, f"{prefix}slots")
    if "thresholds" in settings:
        _check_thresholds(settings["thresholds"], source, f"{prefix}thresholds")
    return settings


def thresholds(settings: dict[str, Any], source: str | None) -> Thresholds:
    """Return the alignment thresholds, defaults overridden by the `thresholds` table."""
    from policydiff.align import Thresholds

    table = settings.get("thresholds", {})
    _check_thresholds(table, source, "thresholds")
    return Thresholds(**table)


def encoding_problem(name: str) -> str | None:
    """Return why `name` cannot decode text (unknown, or a bytes-to-bytes codec such as rot13), or None."""
    try:
        info = codecs.lookup(name)
    except (LookupError, ValueError, TypeError):
        return "unknown encoding"
    if not getattr(info, "_is_text_encoding", True):
        return "not a text encoding"
    return None


def show(value: object) -> str:
    """Return a settings value as TOML would spell it, for an error message."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and not math.isfinite(value):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    if isinstance(value, str):
        import json

        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(show(v) for v in value) + "]"
    if isinstance(value, dict):
        return "a table"
    return str(value)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _bad(source: str | None, key: str, expected: str, value: object) -> NoReturn:
    raise UsageError(f"{key}: expected {expected}, got {show(value)}", source)


def _check_slots(value: object, source: str | None, key: str) -> None:
    from policydiff.compare import parse_slot

    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        _bad(source, key, 'a list of "OLD=NEW" strings', value)
    for item in value:
        try:
            parse_slot(item)
        except UsageError as exc:
            raise UsageError(f"{key}: {exc.cause.removeprefix('--slot ')}", source) from None


def _check_thresholds(table: object, source: str | None, key: str) -> None:
    from dataclasses import fields

    from policydiff.align import Thresholds

    if not isinstance(table, dict):
        _bad(source, key, "a table", table)
    types = {f.name: f.type for f in fields(Thresholds)}
    unknown = sorted(set(table) - set(types))
    if unknown:
        raise UsageError(
            f"{key}: unknown threshold(s) {', '.join(unknown)}; known: {', '.join(sorted(types))}", source
        )
    for name, value in table.items():
        if types[name] in (int, "int"):
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                _bad(source, f"{key}.{name}", "a positive whole number", value)
        elif not _is_number(value) or not 0 <= value <= 1:
            _bad(source, f"{key}.{name}", "a number from 0 to 1", value)
