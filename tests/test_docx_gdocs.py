"""The Word redline of documents shaped as Google Docs exports them (tests/docx_gdocs.py; issue 13).

Google's export has what our other producers rarely write: one list per `w:num` with nine levels and no
`w:nsid`, empty paragraphs between most blocks, every run with all-zero revision ids, bookmarks at each
heading, fractional table widths, suggestions as tracked changes. LibreOffice is the judge: after Accept
All its view of the redline is its view of the right document, after Reject All of the left, both as the
`Text (encoded)` export (list numbers included, blank lines ignored) and paragraph by paragraph (a table
cell by cell: a paragraph that lands in the wrong cell leaves the text view alike). Each pair is compared
both ways. The three annual reviews (every edit at once) and the edits that moved list items run here;
the small pairs are the faults the check found (session 16).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .docx_gdocs import minimal_pairs, pairs
from .docx_pairs import redline_bytes
from .libreoffice import redline_views

CHOSEN = ("sg-all", "sm-all", "dp-all", "sg-movewithin", "sg-movebetween", "dp-movewithin", "sm-row")
CHOSEN += ("sm-cell",)

KNOWN: dict[str, str] = {}
"""Pair (name, or name.reverse) → why LibreOffice reads it wrong, an expected failure until fixed."""


@pytest.fixture(scope="module")
def views(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    root = tmp_path_factory.mktemp("gdocs")
    every = pairs()
    chosen = {name: every[name] for name in CHOSEN} | minimal_pairs()
    files: dict[str, tuple[Path, Path]] = {}
    for name, (left, right) in chosen.items():
        (root / f"{name}-l.docx").write_bytes(left)
        (root / f"{name}-r.docx").write_bytes(right)
        files[name] = (root / f"{name}-l.docx", root / f"{name}-r.docx")
        files[f"{name}.reverse"] = (root / f"{name}-r.docx", root / f"{name}-l.docx")
    return redline_views(files, redline_bytes, root)


def _lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.splitlines() if line.strip()]


NAMES = [
    pytest.param(n, marks=[pytest.mark.xfail(strict=True, reason=KNOWN[n])] if n in KNOWN else [])
    for base in [*CHOSEN, *minimal_pairs()]
    for n in (base, f"{base}.reverse")
]


@pytest.mark.external
@pytest.mark.parametrize("name", NAMES)
def test_libreoffice_reads_accept_all_as_the_right_and_reject_all_as_the_left(
    views: dict[str, dict[str, Any]], name: str
) -> None:
    texts = views[name]
    assert _lines(texts["accept"]) == _lines(texts["right"])
    assert _lines(texts["reject"]) == _lines(texts["left"])
    assert texts["accept paragraphs"] == texts["right paragraphs"]
    assert texts["reject paragraphs"] == texts["left paragraphs"]
