"""Time the Markdown reader on a large hard-wrapped file beside the line reader and pandoc.

    python benchmarks/readers.py                 # ~10 MB, median of 3 runs, a table on stdout
    python benchmarks/readers.py --mb 2 --runs 5 --no-pandoc

The file repeats the hand-written Markdown policies of `corpus/markdown/` and a public code of conduct
(front matter dropped, headings renumbered per copy so no two copies are identical). Timed, each as the
median of `--runs` runs in this process (pandoc as a subprocess):

CPU seconds are the figures to compare (the wall clock is shown too, and grows with other load).

- `markdown`: `readers.markdown.read_markdown` (decode, markdown-it parse, our walk to blocks),
  split into markdown-it's `parse` alone and the rest (decode and our walk);
- `text`: `readers.text.read_text`, the line reader Markdown went through before;
- `pandoc`: `pandoc -f gfm -t json` on the same bytes (the oracle of the tests), written to /dev/null.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [
    ROOT / "corpus" / "markdown" / "safeguarding-policy.md",
    ROOT / "corpus" / "markdown" / "attendance-policy.md",
    ROOT / "corpus" / "realworld" / "contributor-covenant-v2.0.md",
    ROOT / "corpus" / "markdown" / "safeguarding-policy-v4.md",
]
_FRONT_MATTER = re.compile(r"\A(?:---\n.*?\n---|\+\+\+\n.*?\n\+\+\+)\n", re.S)


def make_markdown(megabytes: float) -> bytes:
    """Return about `megabytes` MB of Markdown made of the corpus policies, each copy renumbered."""
    bodies = [_FRONT_MATTER.sub("", p.read_text("utf-8"), count=1) for p in SOURCES]
    target = int(megabytes * 1_000_000)
    parts: list[str] = []
    size = 0
    copy = 0
    while size < target:
        body = bodies[copy % len(bodies)]
        # "## 1. Purpose" -> "## 3.1. Purpose": every copy's headings and footnote labels differ.
        body = re.sub(r"^(#{2,6}) ", rf"\1 {copy + 1}.", body, flags=re.M)
        body = body.replace("[^register]", f"[^register{copy}]")
        parts.append(body)
        size += len(body.encode("utf-8")) + 1
        copy += 1
    return "\n".join(parts).encode("utf-8")


def _cpu() -> float:
    """Return the CPU seconds used so far by this process and its finished children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def median_seconds(work: Callable[[], object], runs: int) -> tuple[float, float]:
    """Return the median CPU seconds and the median wall-clock seconds of `runs` calls of `work`.

    CPU time is the figure to compare on a shared machine: wall-clock time grows with other load.
    """
    cpu: list[float] = []
    wall: list[float] = []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), _cpu()
        work()
        wall.append(time.perf_counter() - start)
        cpu.append(_cpu() - start_cpu)
    return statistics.median(cpu), statistics.median(wall)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--mb", type=float, default=10.0, help="size of the generated file (default 10)")
    parser.add_argument(
        "--runs", type=int, default=3, help="runs per reader; the median is shown (default 3)"
    )
    parser.add_argument("--no-pandoc", action="store_true", help="skip pandoc")
    parser.add_argument("--keep", type=Path, help="also write the generated file here")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT / "src"))
    from policydiff.readers import markdown, text

    data = make_markdown(args.mb)
    if args.keep:
        args.keep.write_bytes(data)
    digest = hashlib.sha256(data).hexdigest()
    source = "bench.md"
    document = markdown.read_markdown(data, source, digest)
    lines = data.count(b"\n") + 1
    print(
        f"input: {len(data) / 1e6:.1f} MB, {lines:,} lines, {len(document.blocks):,} blocks (markdown reader)"
    )

    results: dict[str, tuple[float, float]] = {}
    results["markdown"] = median_seconds(lambda: markdown.read_markdown(data, source, digest), args.runs)
    content = data.decode("utf-8")
    parse = markdown._parser(True).parse
    results["  markdown-it parse"] = median_seconds(lambda: parse(content), args.runs)
    results["  decode + our walk"] = (
        max(results["markdown"][0] - results["  markdown-it parse"][0], 0.0),
        max(results["markdown"][1] - results["  markdown-it parse"][1], 0.0),
    )
    results["text"] = median_seconds(lambda: text.read_text(data, source, digest), args.runs)
    pandoc = None if args.no_pandoc else shutil.which("pandoc")
    if pandoc:
        with tempfile.NamedTemporaryFile(suffix=".md") as handle:
            handle.write(data)
            handle.flush()
            command = [pandoc, "-f", "gfm", "-t", "json", handle.name]
            results["pandoc -f gfm -t json"] = median_seconds(
                lambda: subprocess.run(command, stdout=subprocess.DEVNULL, check=True), args.runs
            )
    elif not args.no_pandoc:
        print("pandoc not found: skipped")

    base = results["markdown"][0]
    print(f"median of {args.runs} run(s); ratio = CPU seconds / the Markdown reader's CPU seconds")
    print(f"{'':<24} {'CPU':>8}   {'ratio':>6}   {'MB/s':>6}   {'wall':>8}")
    for name, (cpu, wall) in results.items():
        speed = len(data) / 1e6 / cpu if cpu else float("inf")
        print(f"{name:<24} {cpu:7.2f}s   {cpu / base:5.2f}x   {speed:6.2f}   {wall:7.2f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
