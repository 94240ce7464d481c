"""Hold `policydiff blame` to `git blame` on a real repository, clause by clause.

    python scripts/blame_vs_git.py REPO PATH [PATH ...]

For each clause of PATH at HEAD (its lines: from its own start line to the next clause's), git blame's
newest commit among those lines is the oracle for the clause's last change. Each difference is then read
for the two known, documented causes: a commit that only rewrapped lines (`git diff --word-diff` shows no
word changed there; git blame credits the rewrap, policydiff the words) and a table row whose other cell
changed (git blames the line, policydiff the cell); anything else is printed as unexplained. Session 23 ran
it on this repository's own history (decision 0010).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from functools import cache
from pathlib import Path

POLICYDIFF = [sys.executable, "-m", "policydiff"]


def _run(args: list[str], repo: str) -> str:
    return subprocess.run(args, cwd=repo, capture_output=True, text=True, check=True).stdout


def _blamed_lines(repo: str, path: str) -> list[str]:
    """git blame's commit for each line of `path` at HEAD."""
    out: list[str] = []
    for line in _run(["git", "blame", "--porcelain", "HEAD", "--", path], repo).splitlines():
        head = line.split(" ")
        if len(head) >= 3 and re.fullmatch(r"[0-9a-f]{40}", head[0]):
            out.append(head[0])
    return out


def check(repo: str, path: str) -> tuple[int, int, list[str]]:
    """Return (agreeing clauses, compared clauses, unexplained differences) for `path`."""
    parsed = json.loads(_run([*POLICYDIFF, "parse", path, "--format", "json"], repo))["clauses"]
    blamed = json.loads(_run([*POLICYDIFF, "blame", path, "--repo", ".", "--format", "json", "-q"], repo))
    clauses = blamed["clauses"]
    if [c["id"] for c in parsed] != [c["id"] for c in clauses]:
        raise SystemExit(f"{path}: parse and blame list different clauses")
    lines = Path(repo, path).read_text(encoding="utf-8").split("\n")
    commits = _blamed_lines(repo, path)
    revs = _run(["git", "rev-list", "--topo-order", "--reverse", "HEAD"], repo).split()
    order = {c: n for n, c in enumerate(revs)}

    @cache
    def before(commit: str) -> str:
        """`path` in `commit`'s first parent, its whitespace runs made single spaces."""
        shown = subprocess.run(["git", "show", f"{commit}^:{path}"], cwd=repo, capture_output=True, text=True)
        return " ".join(shown.stdout.split())

    starts = [c["location"]["line"] for c in parsed] + [len(lines) + 1]
    agree, compared, unexplained = 0, 0, []
    for n, clause in enumerate(clauses):
        span = [k for k in range(starts[n], starts[n + 1]) if k <= len(commits) and lines[k - 1].strip()]
        if not span:
            continue
        compared += 1
        newest = max({commits[k - 1] for k in span}, key=lambda c: order.get(c, -1))
        got = clause["last_changed"]["commit"]
        if got == newest:
            agree += 1
            continue
        table_row = lines[span[0] - 1].lstrip().startswith("|")
        words = " ".join(" ".join(lines[k - 1] for k in span).split())
        if words in before(newest) or table_row:
            continue  # the same words before that commit (it rewrapped them), or another cell of the row
        unexplained.append(f"{clause['id']} line {span[0]}: git {newest[:10]}, policydiff {got[:10]}")
    return agree, compared, unexplained


def main() -> None:
    repo, *paths = sys.argv[1:]
    for path in paths:
        agree, compared, unexplained = check(repo, path)
        print(f"{path}: {agree} / {compared} clauses as git blame; {len(unexplained)} unexplained")
        for line in unexplained:
            print("   ", line)


if __name__ == "__main__":
    main()
