"""JSON Schemas of the policydiff JSON formats, shipped with the package."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any


def load(name: str) -> dict[str, Any]:
    """Return the JSON Schema called `name` (`document`, `comparison`, …)."""
    text = resources.files(__package__).joinpath(f"{name}.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema
