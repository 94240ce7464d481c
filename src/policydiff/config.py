"""Run settings from `policydiff.toml` or `[tool.policydiff]` in `pyproject.toml`, so runs repeat exactly."""

from __future__ import annotations

import tomllib
from dataclasses import fields
from pathlib import Path
from typing import Any

from policydiff.align import Thresholds
from policydiff.errors import UsageError

_KEYS = {"slots", "no_slots", "thresholds", "budget", "encoding"}


def find(start: Path | None = None) -> Path | None:
    """Return `policydiff.toml`, else a `pyproject.toml` with `[tool.policydiff]`, in the current folder."""
    folder = start or Path.cwd()
    candidate = folder / "policydiff.toml"
    if candidate.is_file():
        return candidate
    pyproject = folder / "pyproject.toml"
    if pyproject.is_file():
        try:
            data = tomllib.loads(pyproject.read_text("utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            return None
        if isinstance(data.get("tool"), dict) and "policydiff" in data["tool"]:
            return pyproject
    return None


def load(path: Path | None) -> dict[str, Any]:
    """Return the settings in a config file (empty without one); unknown keys are an error."""
    if path is None:
        return {}
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise UsageError("config file not found", str(path)) from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise UsageError(f"unreadable config: {exc}", str(path)) from None
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("policydiff", {})
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise UsageError(
            f"unknown setting(s) {', '.join(unknown)}; known: {', '.join(sorted(_KEYS))}", str(path)
        )
    return dict(data)


def thresholds(settings: dict[str, Any], source: str | None) -> Thresholds:
    """Return the alignment thresholds, defaults overridden by the `thresholds` table."""
    table = settings.get("thresholds", {})
    if not isinstance(table, dict):
        raise UsageError("`thresholds` must be a table", source)
    names = {f.name: f.type for f in fields(Thresholds)}
    unknown = sorted(set(table) - set(names))
    if unknown:
        raise UsageError(f"unknown threshold(s) {', '.join(unknown)}", source)
    for name, value in table.items():
        if not isinstance(value, int | float) or isinstance(value, bool) or value < 0:
            raise UsageError(f"threshold {name} must be a non-negative number", source)
    return Thresholds(**table)
