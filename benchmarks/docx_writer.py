"""Time the DOCX redline writer on generated policies, beside a plain lxml paragraph writer.

For each size, two text policies come from `generate.py`, are compared once (not timed), and then
the comparison is written as a tracked-changes DOCX (`policydiff.renderers.docx.write_redline`) and,
in the same run, the right-hand clause texts are written by a plain lxml writer (one `w:p/w:r/w:t`
per clause, the same zip settings) for scale. Peak memory is the growth of the process's resident
set while writing (Linux: `VmHWM` after resetting it), not counting the comparison already in memory.

A second table times one paragraph of many formatting runs (`--runs`: bold and plain words
alternating, one word changed in the middle), the case that was quadratic in the runs while each
piece of text looked its formatting up by scanning every span of its clause.

    python benchmarks/docx_writer.py                 # 5,000 and 50,000 paragraphs; 10,000 and 80,000 runs
    python benchmarks/docx_writer.py --sizes 2000 --repeat 1 --runs 20000

A third table (`--package`) times the redline of two Word documents written into the right one's own
package (`policydiff.renderers.docx_package`): the generated pair made into DOCX by python-docx (headings,
list items, paragraphs), compared (not timed) before each timed run, then the redline written: the
writer takes the comparison's own read of both packages (their parsed parts and paragraph trace), as
the command line does. Beside it, what walking both packages again would take (the writer's cost
before it kept the read: `trace_docx` without the comparison's read) and the plain lxml writer.

    python benchmarks/docx_writer.py --sizes 0 --runs --package 5000

Targets: ≤ 0.3 s for 5,000 paragraphs, ≤ 3 s for 50,000, ≤ 400 MB; time per run no worse at 80,000
runs than at 10,000 (linear).
"""

from __future__ import annotations

import argparse
import functools
import gc
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate
from policydiff.compare import compare
from policydiff.model import Comparison
from policydiff.renderers import _ooxml as ox
from policydiff.renderers.docx import write_redline

TARGETS = {5_000: 0.3, 50_000: 3.0}
MEMORY_TARGET_MB = 400


def plain_writer(comparison: Comparison) -> bytes:
    """Return a DOCX of the right-hand clause texts, one plain paragraph each (the baseline)."""
    root, body = ox.document()
    sub = etree.SubElement
    p, r, t = ox.w("p"), ox.w("r"), ox.w("t")
    for clause in comparison.right.clauses:
        sub(sub(sub(body, p), r), t).text = clause.text
    parts = {
        "[Content_Types].xml": ox.serialise(ox.content_types({})),
        "word/document.xml": ox.serialise(root),
    }
    return ox.zip_package(parts)


def _status(field: str) -> int | None:
    """Return a `/proc/self/status` value in kB (Linux), else None."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def _reset_peak() -> bool:
    """Reset the resident-set high-water mark (Linux 4.0+); return whether it worked."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def measure(
    step: Callable[[], bytes], repeat: int, setup: Callable[[], object] | None = None
) -> tuple[float, float | None, int]:
    """Return the best time in seconds, the peak memory growth in MB and the output size of `step`
    (`setup`, when given, runs untimed before each run)."""
    best = float("inf")
    peak: float | None = None
    size = 0
    for _ in range(repeat):
        if setup is not None:
            setup()
        gc.collect()
        before = _status("VmRSS")
        reset = _reset_peak()
        start = time.perf_counter()
        data = step()
        elapsed = time.perf_counter() - start
        high = _status("VmHWM")
        if reset and before is not None and high is not None:
            grown = max(high - before, 0) / 1024
            peak = grown if peak is None else max(peak, grown)
        best = min(best, elapsed)
        size = len(data)
        del data
    return best, peak, size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5_000, 50_000], help="clauses on the left")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; the best time counts")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--runs",
        type=int,
        nargs="*",
        default=[10_000, 80_000],
        help="bold runs in one paragraph (none: skip)",
    )
    parser.add_argument(
        "--package",
        type=int,
        nargs="*",
        default=[],
        help="paragraphs of Word pairs whose redline is written into the right package (none: skip)",
    )
    args = parser.parse_args(argv)
    if args.sizes == [0]:
        args.sizes = []
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            folder = Path(tmp) / str(size)
            generate.generate(size, args.seed, folder)
            start = time.perf_counter()
            comparison = compare(folder / "left.txt", folder / "right.txt")
            compared = time.perf_counter() - start
            result = write_redline(comparison)
            root = etree.fromstring(_document_xml(result.data))
            paragraphs = len(root.findall(f".//{ox.w('p')}"))
            ours, ours_mb, ours_size = measure(functools.partial(_redline_bytes, comparison), args.repeat)
            plain, plain_mb, plain_size = measure(functools.partial(plain_writer, comparison), args.repeat)
            rows.append(
                (
                    size,
                    paragraphs,
                    result.revisions,
                    compared,
                    ours,
                    ours_mb,
                    ours_size,
                    plain,
                    plain_mb,
                    plain_size,
                )
            )
            del comparison, result, root
    if rows:
        print(
            "| clauses | paragraphs written | revisions | compare s | redline s | redline MB | redline KB "
            "| plain lxml s | plain MB | plain KB | time ratio | target |"
        )
        print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
        for (
            size,
            paragraphs,
            revisions,
            compared,
            ours,
            ours_mb,
            ours_size,
            plain,
            plain_mb,
            plain_size,
        ) in rows:
            target = TARGETS.get(size)
            verdict = ""
            if target is not None:
                ok = ours <= target and (ours_mb is None or ours_mb <= MEMORY_TARGET_MB)
                verdict = f"{'met' if ok else 'MISSED'} (≤ {target:g} s, ≤ {MEMORY_TARGET_MB} MB)"
            print(
                f"| {size:,} | {paragraphs:,} | {revisions:,} | {compared:.2f} | {ours:.3f} | {_mb(ours_mb)} "
                f"| {ours_size / 1024:,.0f} | {plain:.3f} | {_mb(plain_mb)} | {plain_size / 1024:,.0f} "
                f"| {ours / plain:.1f}x | {verdict} |"
            )
    if args.runs:
        print()
        print("| bold runs in one paragraph | compare s | redline s | µs per run | redline KB |")
        print("|---:|---:|---:|---:|---:|")
        for runs in args.runs:
            comparison, compared = many_runs(runs)
            ours, _, size = measure(functools.partial(_redline_bytes, comparison), args.repeat)
            per_run = ours / runs * 1e6
            print(f"| {runs:,} | {compared:.2f} | {ours:.3f} | {per_run:.1f} | {size / 1024:,.0f} |")
    if args.package:
        print()
        print(
            "| paragraphs | changes | compare s | package redline s | reading again would take s "
            "| plain lxml s | time ratio | redline KB |"
        )
        print("|---:|---:|---:|---:|---:|---:|---:|---:|")
        for size in args.package:
            print(package_row(size, args.seed, args.repeat))
    return 0


def package_row(size: int, seed: int, repeat: int) -> str:
    """Return the table row of the in-package redline of a generated pair of `size` clauses as DOCX."""
    from policydiff.readers.docx import keep_traces, trace_docx
    from policydiff.renderers.docx import package_redline

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        generate.generate(size, seed, folder)
        for side in ("left", "right"):
            _as_docx(folder / f"{side}.txt", folder / f"{side}.docx")
        left, right = (folder / "left.docx").read_bytes(), (folder / "right.docx").read_bytes()
        start = time.perf_counter()
        with keep_traces():
            comparison = compare(folder / "left.docx", folder / "right.docx")
        compared = time.perf_counter() - start
        paths = (folder / "left.docx", folder / "right.docx")

        def again() -> None:
            # As `policydiff compare a.docx b.docx -o r.docx` runs: the comparison has just read the
            # packages, and the writer takes that read (parsed parts and trace) instead of reading again.
            nonlocal comparison
            with keep_traces():
                comparison = compare(*paths)

        def step() -> bytes:
            done = package_redline(comparison, left_bytes=left, right_bytes=right)
            assert done is not None
            return done.data

        ours, _, ours_size = measure(step, repeat, setup=again)

    def reading() -> bytes:
        trace_docx(left, "left.docx")
        trace_docx(right, "right.docx")
        return b""

    read, _, _ = measure(reading, repeat)
    plain, _, _ = measure(functools.partial(plain_writer, comparison), repeat)
    changes = sum(1 for c in comparison.changes if c.op.value != "unchanged")
    return (
        f"| {len(comparison.right.clauses):,} | {changes:,} | {compared:.2f} | {ours:.3f} | {read:.3f} "
        f"| {plain:.3f} | {ours / plain:.1f}x | {ours_size / 1024:,.0f} |"
    )


def _as_docx(text: Path, out: Path) -> None:
    """Write a text policy as DOCX with python-docx: title, headings, list items, paragraphs."""
    from docx import Document

    from policydiff import parse
    from policydiff.model import ClauseKind

    document = Document()
    for clause in parse(text).clauses:
        if clause.kind is ClauseKind.TITLE:
            document.add_heading(clause.text, 0)
        elif clause.kind is ClauseKind.HEADING:
            document.add_heading(clause.text, min(max(clause.level, 1), 9))
        elif clause.kind is ClauseKind.LIST_ITEM:
            document.add_paragraph(clause.text, style="List Bullet")
        else:
            document.add_paragraph(clause.text)
    document.save(str(out))


def many_runs(runs: int) -> tuple[Comparison, float]:
    """Return the comparison of two one-paragraph policies of `runs` bold words between plain ones,
    one word changed in the middle, and the seconds it took."""
    words = [f"**bold{i}**" if i % 2 == 0 else f"plain{i}" for i in range(2 * runs)]
    with tempfile.TemporaryDirectory() as tmp:
        left, right = Path(tmp) / "left.txt", Path(tmp) / "right.txt"
        left.write_text("Formatting\n\n" + " ".join(words) + "\n", "utf-8")
        words[runs + 1] = "changed"
        right.write_text("Formatting\n\n" + " ".join(words) + "\n", "utf-8")
        start = time.perf_counter()
        comparison = compare(left, right)
        return comparison, time.perf_counter() - start


def _redline_bytes(comparison: Comparison) -> bytes:
    return write_redline(comparison).data


def _mb(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0f}"


def _document_xml(data: bytes) -> bytes:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("word/document.xml")


if __name__ == "__main__":
    raise SystemExit(main())
