"""A naive baseline: difflib over lines, then over words within each replaced pair of lines.

    python benchmarks/baseline_difflib.py LEFT RIGHT > diff.txt

Lines of a replaced block are paired in order (the extra ones are whole-line deletions or
insertions); each pair gets a word-level diff printed as `[-old-]{+new+}`. No moves, no structure:
the floor any smarter comparison is measured against.
"""

from __future__ import annotations

import difflib
import re
import sys
from collections.abc import Iterator
from pathlib import Path

_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")


def word_diff(a: str, b: str) -> str:
    """Return `a` → `b` as one line with `[-deleted-]` and `{+inserted+}` word runs."""
    ta, tb = _TOKEN.findall(a), _TOKEN.findall(b)
    out: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, ta, tb, autojunk=False).get_opcodes():
        if op == "equal":
            out.append("".join(ta[i1:i2]))
            continue
        if i2 > i1:
            out.append("[-" + "".join(ta[i1:i2]) + "-]")
        if j2 > j1:
            out.append("{+" + "".join(tb[j1:j2]) + "+}")
    return "".join(out)


def diff_lines(left: list[str], right: list[str]) -> Iterator[str]:
    """Yield the diff of two line lists: `-`/`+` for whole lines, `~` for a word-diffed pair."""
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, left, right).get_opcodes():
        if op == "equal":
            continue
        pairs = min(i2 - i1, j2 - j1) if op == "replace" else 0
        for k in range(pairs):
            yield "~ " + word_diff(left[i1 + k], right[j1 + k])
        for line in left[i1 + pairs : i2]:
            yield "- " + line
        for line in right[j1 + pairs : j2]:
            yield "+ " + line


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: baseline_difflib.py LEFT RIGHT", file=sys.stderr)
        return 2
    left = Path(args[0]).read_text(encoding="utf-8").splitlines()
    right = Path(args[1]).read_text(encoding="utf-8").splitlines()
    out = sys.stdout
    for line in diff_lines(left, right):
        out.write(line + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
