"""Benchmark `history` on a generated repository beside `git log --follow -p` on the same file.

    python benchmarks/history.py [--revisions 500] [--clauses 200] [--seed 7] [--keep DIR]

The repository is written in one `git fast-import` run: a policy of CLAUSES clauses under headings,
then REVISIONS commits, each rewording, adding, removing or moving a clause (and one rename half
way). Timed in the same run, medians of `--repeat`:

- `policydiff.history.history(...)` in this process (no interpreter start-up), cold: a new call
  parses every blob and aligns every pair;
- `git log --follow -p -- FILE` as a child process, output discarded;
- `policydiff.history.blame(...)` in this process.

Every fifth revision is made on a branch and merged (`--merges 5`): the merge only brings the change in.
The target is under 5 s for `history` at 500 revisions of 200 clauses, merges included.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

WORDS = (
    "staff must always ensure that children parents carers are safe when using devices online "
    "platforms the club manager will review each report promptly and record any concerns in writing "
    "information should be kept secure confidential and shared only with those who need to know"
).split()


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 24))]
    return " ".join(words).capitalize() + "."


def _render(title: str, sections: list[tuple[str, list[str]]]) -> bytes:
    out = [title, ""]
    for heading, clauses in sections:
        out += [heading, ""]
        out += [f"- {c}" if len(c) % 3 == 0 else c for c in clauses]  # a list item by its text, stably
        out.append("")
    return ("\n\n".join(line for line in out if line) + "\n").encode("utf-8")


def generate(where: Path, revisions: int, clauses: int, seed: int, merges: int = 5) -> str:
    """Write the repository at `where` and return the file's final path.

    With `merges`, every `merges`-th revision is made on a branch and brought into main by a merge commit
    (`--no-ff` style): a merge that only brings a change in, which history must not credit.
    """
    rng = random.Random(seed)
    per = 10
    sections = [
        (f"Section {n + 1} rules", [_sentence(rng) for _ in range(per)]) for n in range(clauses // per)
    ]
    subprocess.run(["git", "init", "-q", "-b", "main", str(where)], check=True)
    stream: list[bytes] = []
    path = "policy.txt"
    for rev in range(revisions):
        if rev:
            op = rng.choice(["reword", "reword", "reword", "add", "remove", "move"])
            s = rng.randrange(len(sections))
            items = sections[s][1]
            k = rng.randrange(len(items))
            if op == "reword":
                words = items[k].rstrip(".").split()
                words[rng.randrange(len(words))] = rng.choice(WORDS)
                items[k] = " ".join(words) + "."
            elif op == "add":
                items.insert(k, _sentence(rng))
            elif op == "remove" and len(items) > 2:
                items.pop(k)
            elif op == "move":
                clause = items.pop(k)
                sections[rng.randrange(len(sections))][1].insert(0, clause)
        data = _render("Benchmark Policy", sections)
        stamp = 1_700_000_000 + rev * 3600
        new_path = "renamed-policy.txt" if rev >= revisions // 2 else path
        files = b""
        if new_path != path:
            files += f"D {path}\n".encode()
            path = new_path
        files += b"M 100644 inline %s\ndata %d\n%s\n" % (path.encode(), len(data), data)
        message = f"revision {rev + 1}".encode()
        committer = f"committer Bench <bench@example.org> {stamp} +0000\n".encode()
        parent = f"from :{rev}\n".encode() if rev else b""
        if merges and rev and rev % merges == 0:
            stream.append(b"commit refs/heads/side\nmark :%d\n" % (100_000 + rev) + committer)
            stream.append(b"data %d\n%s\n" % (len(message), message) + parent + files)
            merged = b"merge side"
            stream.append(b"commit refs/heads/main\nmark :%d\n" % (rev + 1) + committer)
            stream.append(b"data %d\n%s\n" % (len(merged), merged) + parent)
            stream.append(b"merge :%d\n" % (100_000 + rev) + files)
            continue
        stream.append(b"commit refs/heads/main\nmark :%d\n" % (rev + 1) + committer)
        stream.append(b"data %d\n%s\n" % (len(message), message) + parent + files)
    subprocess.run(["git", "fast-import", "--quiet"], cwd=where, input=b"".join(stream), check=True)
    return path


def _time(call: Callable[[], object], repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--revisions", type=int, default=500)
    parser.add_argument("--clauses", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument(
        "--merges", type=int, default=5, help="every Nth revision arrives by a merge (0: none)"
    )
    parser.add_argument("--keep", type=Path, help="write the repository here and keep it")
    args = parser.parse_args(argv)
    from policydiff.history import blame, history

    tmp = Path(tempfile.mkdtemp(prefix="policydiff-history-"))
    where = args.keep or tmp / "repo"
    try:
        start = time.perf_counter()
        path = generate(where, args.revisions, args.clauses, args.seed, args.merges)
        made = time.perf_counter() - start
        lineage = history(path, repo=where)
        git_log = _time(
            lambda: subprocess.run(
                ["git", "--no-pager", "log", "--follow", "-p", "--", path],
                cwd=where,
                stdout=subprocess.DEVNULL,
                check=True,
            ),
            args.repeat,
        )
        ours = _time(lambda: history(path, repo=where), args.repeat)
        blamed = _time(lambda: blame(path, repo=where), args.repeat)
        events = sum(len(c.events) for c in lineage.clauses)
        merge_count = args.revisions // args.merges if args.merges else 0
        print(
            f"repository: {args.revisions} revisions of ~{args.clauses} clauses"
            f" ({merge_count} through a merge), made in {made:.2f}s"
        )
        print(f"versions found: {len(lineage.versions)}, lineages: {len(lineage.clauses)}, events: {events}")
        print(f"history (library, in-process): {ours:.2f}s  (target < 5 s)")
        print(f"blame   (library, in-process): {blamed:.2f}s")
        print(f"git log --follow -p:           {git_log:.2f}s")
        print(f"ratio history / git log -p:    {ours / git_log if git_log else float('inf'):.1f}x")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
