"""policydiff: compare and version policy documents clause by clause."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from policydiff.model import Policy


def parse(path: str | os.PathLike[str], *, encoding: str | None = None) -> Policy:
    """Return the `Policy` (clauses, title, organisation, metadata) of one file."""
    from policydiff.readers import read_path
    from policydiff.segment import segment

    return segment(read_path(path, encoding=encoding))


def parse_bytes(data: bytes, source: str, *, encoding: str | None = None) -> Policy:
    """Return the `Policy` of bytes (e.g. a git blob); `source` names them in output."""
    from policydiff.readers import read_bytes
    from policydiff.segment import segment

    return segment(read_bytes(data, source, encoding=encoding))


__all__ = ["__version__", "parse", "parse_bytes"]
