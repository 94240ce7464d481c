"""reStructuredText files into blocks (placeholder: the line reader in `text` until the docutils reader lands)."""

from __future__ import annotations

from policydiff.model import Diagnostic, Document
from policydiff.readers import text


def read_rst(
    data: bytes,
    source: str,
    sha256: str,
    *,
    encoding: str | None = None,
    warnings: tuple[Diagnostic, ...] = (),
) -> Document:
    """Return the `Document` for a reStructuredText file."""
    return text.read_text(data, source, sha256, encoding=encoding, warnings=warnings)
