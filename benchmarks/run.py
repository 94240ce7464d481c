"""Benchmark policydiff on generated policy pairs: whole-process time and peak memory, baselines, quality.

    python benchmarks/run.py [--sizes 50,500,5000] [--repeat 3] [--out FILE]

For each size (clauses on the left) the pair comes from `generate.py` (cached under
`benchmarks/.cache/`), then each command runs `--repeat` times, round robin, and the medians are
reported:

- `policydiff compare LEFT RIGHT -o out.html` and `-o out.json` (the whole process, start-up included);
- `git diff --no-index --word-diff=porcelain LEFT RIGHT` (exit code 1 is normal);
- `benchmarks/baseline_difflib.py LEFT RIGHT`: difflib over lines, then over words in replaced lines;
- `python -c pass`: the interpreter's start-up alone.

Wall time is measured around the child; peak RSS comes from `/usr/bin/time -f '%e %M'` when it is
installed, else from `os.wait4`'s `ru_maxrss`. The library alone (`policydiff.compare` in one
process, no start-up) is timed too, and gives the growth exponent log(t2/t1)/log(n2/n1) between the
two largest sizes run.

Quality compares the JSON report with `truth.json`:

- *words found/truth*: words (`\\w+` runs) in the unclassed insert/delete edits of `reworded` and
  `moved` changes, over the words the generator changed in edited and moved clauses (1.00 is ideal;
  above 1 when the diff cuts wider than the edit or pairs unrelated clauses, below when it misses some);
  *same, true pairs only* counts only the changes that pair an edited or moved clause correctly, so
  it measures the word diff apart from the alignment;
- *edited pairs*: edited clauses whose left and right ended up in one `reworded` change, and *exact
  words* the share of those whose changed-word count equals the truth's;
- *moves*: truth moves whose left and right are in one `moved` (or `split`/`merged`) change;
  *false moves* counts `moved` changes that are not truth moves;
- *removed*, *added*: clauses reported `removed` / `added`; *splits*, *merges*: the exact group found;
- *unchanged*: untouched clauses reported `unchanged` with the right partner.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import json
import math
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
GENERATOR = HERE / "generate.py"
BASELINE = HERE / "baseline_difflib.py"
GNU_TIME = "/usr/bin/time"
_WORD = re.compile(r"\w+")


# --------------------------------------------------------------------------- measuring a process


@dataclass
class Sample:
    """One run of a command: wall seconds, peak resident memory in KiB, exit code."""

    seconds: float
    peak_kb: int | None
    returncode: int | None
    timed_out: bool = False


@dataclass
class Case:
    """A command to time, the exit codes that mean success, and its samples."""

    name: str
    argv: list[str]
    ok_codes: frozenset[int] = frozenset({0})
    stdout: str | None = None
    samples: list[Sample] = field(default_factory=list)
    error: str | None = None

    @property
    def seconds(self) -> float | None:
        good = [s.seconds for s in self.samples if not s.timed_out]
        return statistics.median(good) if good else None

    @property
    def peak_mb(self) -> float | None:
        peaks = [s.peak_kb for s in self.samples if s.peak_kb is not None and not s.timed_out]
        return statistics.median(peaks) / 1024 if peaks else None


def gnu_time_works() -> bool:
    """Return whether `/usr/bin/time -f %M -o FILE` works here (GNU time, Debian package `time`)."""
    if not Path(GNU_TIME).exists():
        return False
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "t"
        try:
            subprocess.run(
                [GNU_TIME, "-f", "%e %M", "-o", str(out), sys.executable, "-c", "pass"],
                check=True,
                capture_output=True,
                timeout=60,
            )
            seconds, peak = out.read_text().split()[-2:]
            float(seconds), int(peak)
        except (OSError, subprocess.SubprocessError, ValueError):
            return False
    return True


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


def measure(
    argv: Sequence[str], cwd: Path, stdout: Path | None, timeout: float, use_time: bool
) -> tuple[Sample, str]:
    """Run `argv` once in `cwd`; return its sample and its stderr (killed after `timeout` seconds)."""
    err_path = cwd / ".stderr"
    time_path = cwd / ".time"
    out_handle = (stdout or Path(os.devnull)).open("wb")
    with out_handle, err_path.open("wb") as err_handle:
        full = [GNU_TIME, "-f", "%e %M", "-o", str(time_path), *argv] if use_time else list(argv)
        started = time.perf_counter()
        proc = subprocess.Popen(
            full,
            cwd=cwd,
            stdout=out_handle,
            stderr=err_handle,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        timed_out = threading.Event()

        def expire() -> None:
            timed_out.set()
            _kill_group(proc.pid)

        timer = threading.Timer(timeout, expire)
        timer.start()
        try:
            # os.wait4 gives this child's own rusage: its ru_maxrss is the peak RSS in KiB (Linux).
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
    peak: int | None = int(usage.ru_maxrss)
    if sys.platform == "darwin":
        peak = int(usage.ru_maxrss) // 1024
    if use_time:
        peak = None
        with contextlib.suppress(OSError, ValueError, IndexError):
            peak = int(time_path.read_text().split()[-1])
    stderr = err_path.read_text(errors="replace")
    return Sample(seconds, peak, proc.returncode, timed_out.is_set()), stderr


# --------------------------------------------------------------------------- the pairs


def pair_dir(cache: Path, clauses: int, seed: int) -> Path:
    """Return the folder holding the generated pair, generating it unless cached for this generator."""
    stamp = hashlib.sha256(GENERATOR.read_bytes()).hexdigest()[:12]
    folder = cache / f"{clauses}-seed{seed}-{stamp}"
    if not (folder / "truth.json").is_file():
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                sys.executable,
                str(GENERATOR),
                "--clauses",
                str(clauses),
                "--seed",
                str(seed),
                "--out",
                str(folder),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return folder


# --------------------------------------------------------------------------- the library alone


def library_times(left: str, right: str, repeat: int) -> dict[str, float | None]:
    """Return the median seconds of each library stage on one pair, in this process."""
    from policydiff import parse
    from policydiff.compare import compare_policies
    from policydiff.renderers import json as json_renderer

    stages: dict[str, list[float]] = {"parse": [], "align+inline": [], "compare": [], "json": [], "html": []}
    try:
        from policydiff.renderers import html as html_renderer
    except ImportError:
        html_renderer = None  # type: ignore[assignment]
    # Warm up on a tiny pair so lazy imports and first-use regex compiles are not timed.
    from policydiff import parse_bytes

    tiny = b"Warm-up Policy\n\nStaff must keep records.\n\n- One item;\n- Another item.\n"
    warm = compare_policies(parse_bytes(tiny, "a.txt"), parse_bytes(tiny.replace(b"must", b"may"), "b.txt"))
    json_renderer.render_comparison(warm)
    if html_renderer is not None:
        html_renderer.render_comparison(warm)
    for _ in range(repeat):
        t0 = time.perf_counter()
        lp, rp = parse(left), parse(right)
        t1 = time.perf_counter()
        comparison = compare_policies(lp, rp)
        t2 = time.perf_counter()
        json_renderer.render_comparison(comparison)
        t3 = time.perf_counter()
        stages["parse"].append(t1 - t0)
        stages["align+inline"].append(t2 - t1)
        stages["compare"].append(t2 - t0)
        stages["json"].append(t3 - t2)
        if html_renderer is not None:
            html_renderer.render_comparison(comparison)
            stages["html"].append(time.perf_counter() - t3)
    return {name: (statistics.median(v) if v else None) for name, v in stages.items()}


def run_library(left: Path, right: Path, repeat: int, timeout: float) -> dict[str, float | None] | str:
    """Return `library_times` from a fresh child process, or why it failed."""
    argv = [sys.executable, str(Path(__file__).resolve()), "--library", str(left), str(right)]
    limit = 2 * timeout * repeat  # each round also renders JSON and HTML
    try:
        done = subprocess.run([*argv, "--repeat", str(repeat)], capture_output=True, text=True, timeout=limit)
    except subprocess.TimeoutExpired:
        return f"timed out after {limit:g}s"
    if done.returncode != 0:
        return f"failed ({done.returncode}): {done.stderr.strip().splitlines()[-1:]}"
    result: dict[str, float | None] = json.loads(done.stdout)
    return result


# --------------------------------------------------------------------------- quality


def count_words(text: str) -> int:
    """Return the number of `\\w+` runs in `text` (as the generator counts changed words)."""
    return len(_WORD.findall(text))


def _changed_words(change: dict[str, Any]) -> int:
    return sum(
        count_words(e["text"])
        for e in change.get("edits", [])
        if e["op"] in ("insert", "delete") and not e.get("class")
    )


def quality(truth: dict[str, Any], report: dict[str, Any]) -> dict[str, Any]:
    """Return how well a `policydiff.comparison` report recovers the generator's known edits."""
    changes: list[dict[str, Any]] = report["changes"]
    by_left = {cid: ch for ch in changes for cid in ch["left"]}
    by_right = {cid: ch for ch in changes for cid in ch["right"]}

    def together(left: str, right: str, ops: set[str]) -> dict[str, Any] | None:
        ch = by_left.get(left)
        return ch if ch is not None and right in ch["right"] and ch["op"] in ops else None

    words_found = sum(_changed_words(ch) for ch in changes if ch["op"] in ("reworded", "moved"))
    edited_found = exact = 0
    paired_found = paired_truth = 0  # words of the truth's edited and moved clauses found as such a pair
    for rec in truth["edited"]:
        ch = together(rec["left"], rec["right"], {"reworded"})
        if ch is not None:
            edited_found += 1
            exact += _changed_words(ch) == rec["changed_words"]
            paired_found += _changed_words(ch)
            paired_truth += rec["changed_words"]
    moves_found = moves_as_moved = 0
    for rec in truth["moved"]:
        ch = together(rec["left"], rec["right"], {"moved", "split", "merged"})
        moves_found += ch is not None
        moves_as_moved += ch is not None and ch["op"] == "moved"
        if ch is not None and ch["op"] == "moved":
            paired_found += _changed_words(ch)
            paired_truth += rec["changed_words"]
    reported_moves = sum(ch["op"] == "moved" for ch in changes)
    splits = sum(
        by_left[r["left"]]["op"] == "split" and by_left[r["left"]]["right"] == r["right"]
        for r in truth["split"]
    )
    merges = sum(
        by_right[r["right"]]["op"] == "merged" and by_right[r["right"]]["left"] == r["left"]
        for r in truth["merged"]
    )
    t = truth["totals"]
    return {
        "words_truth": t["changed_words"],
        "words_found": words_found,
        "paired_words": (paired_found, paired_truth),
        "edited": (edited_found, t["edited"]),
        "exact_words": (exact, edited_found),
        "moved": (moves_found, t["moved"]),
        "false_moves": reported_moves - moves_as_moved,
        "removed": (sum(by_left[r["left"]]["op"] == "removed" for r in truth["removed"]), t["removed"]),
        "added": (sum(by_right[r["right"]]["op"] == "added" for r in truth["added"]), t["added"]),
        "split": (splits, t["split"]),
        "merged": (merges, t["merged"]),
        "unchanged": (
            sum(together(a, b, {"unchanged"}) is not None for a, b in truth["unchanged"]),
            t["unchanged"],
        ),
    }


# --------------------------------------------------------------------------- one size


@dataclass
class Result:
    """Everything measured for one size."""

    clauses: int
    left_clauses: int
    right_clauses: int
    input_kb: float
    cases: list[Case]
    library: dict[str, float | None] | str
    quality: dict[str, Any] | str

    def case(self, name: str) -> Case | None:
        return next((c for c in self.cases if c.name == name), None)


def policydiff_command() -> list[str]:
    """Return the command that runs this environment's `policydiff`."""
    script = Path(sys.executable).parent / "policydiff"
    return [str(script)] if script.exists() else [sys.executable, "-m", "policydiff"]


def bench_size(
    clauses: int, seed: int, repeat: int, cache: Path, timeout: float, use_time: bool, log: Any
) -> Result:
    """Generate (or reuse) the pair of `clauses` clauses and measure every command on it."""
    folder = pair_dir(cache, clauses, seed)
    left, right = folder / "left.txt", folder / "right.txt"
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    pd = policydiff_command()
    cases = [
        Case("compare-html", [*pd, "compare", str(left), str(right), "-o", "out.html"]),
        Case("compare-json", [*pd, "compare", str(left), str(right), "-o", "out.json"]),
        Case("python-start", [sys.executable, "-c", "pass"]),
        Case("difflib", [sys.executable, str(BASELINE), str(left), str(right)], stdout="difflib.out"),
    ]
    if shutil.which("git"):
        cases.insert(
            2,
            Case(
                "git-word-diff",
                ["git", "diff", "--no-index", "--word-diff=porcelain", str(left), str(right)],
                ok_codes=frozenset({0, 1}),
                stdout="git.out",
            ),
        )
    report: dict[str, Any] | None = None
    with tempfile.TemporaryDirectory(prefix="policydiff-bench-") as tmp:
        work = Path(tmp)
        for round_no in range(repeat):
            for case in cases:
                if case.error:
                    continue
                sample, stderr = measure(
                    case.argv, work, work / case.stdout if case.stdout else None, timeout, use_time
                )
                case.samples.append(sample)
                if sample.timed_out:
                    case.error = f"timed out after {timeout:g}s"
                elif sample.returncode not in case.ok_codes:
                    case.error = f"exit {sample.returncode}: {stderr.strip()[-300:]}"
                log(
                    f"  {clauses:>6} {case.name:<14} round {round_no + 1}/{repeat}: "
                    f"{sample.seconds:8.3f}s {((sample.peak_kb or 0) / 1024):8.1f} MB"
                    + (f"  [{case.error}]" if case.error else "")
                )
        out_json = work / "out.json"
        if out_json.is_file():
            report = json.loads(out_json.read_text(encoding="utf-8"))
    log(f"  {clauses:>6} library (in-process) …")
    library = run_library(left, right, repeat, timeout)
    return Result(
        clauses=clauses,
        left_clauses=truth["left_clauses"],
        right_clauses=truth["right_clauses"],
        input_kb=(left.stat().st_size + right.stat().st_size) / 1024,
        cases=cases,
        library=library,
        quality=quality(truth, report) if report is not None else "no JSON report",
    )


# --------------------------------------------------------------------------- tables


def _secs(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.3f}" if value < 10 else f"{value:.1f}"


def _mb(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}"


def _pct(pair: tuple[int, int]) -> str:
    found, total = pair
    return f"{found}/{total} ({100 * found / total:.0f}%)" if total else "0/0"


def _ratio(pair: tuple[int, int]) -> str:
    found, total = pair
    return f"{found}/{total} ({found / total:.2f})" if total else "0/0"


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


TIME_NAMES = ["compare-html", "compare-json", "git-word-diff", "difflib", "python-start"]


def timing_table(results: Sequence[Result]) -> list[str]:
    """Return the Markdown lines of the time and memory table."""
    head = ["size", "clauses L/R", "input KB"]
    for name in TIME_NAMES:
        head += [f"{name} s", f"{name} MB"]
    head += ["library s", "html/git"]
    lines = [_row(head), _row(["---:"] * len(head))]
    for r in results:
        cells = [f"{r.clauses:,}", f"{r.left_clauses:,}/{r.right_clauses:,}", f"{r.input_kb:,.0f}"]
        for name in TIME_NAMES:
            case = r.case(name)
            if case is None:
                cells += ["n/a", "n/a"]
            elif case.error and case.seconds is None:
                cells += [case.error.split(":")[0], "—"]
            else:
                cells += [_secs(case.seconds), _mb(case.peak_mb)]
        lib = r.library if isinstance(r.library, dict) else {}
        cells.append(_secs(lib.get("compare")) if lib else str(r.library))
        html, git = r.case("compare-html"), r.case("git-word-diff")
        if html and git and html.seconds and git.seconds and not html.error:
            cells.append(f"{html.seconds / git.seconds:.1f}x")
        else:
            cells.append("n/a")
        lines.append(_row(cells))
    return lines


def stage_table(results: Sequence[Result]) -> list[str]:
    """Return the Markdown lines of the in-process library stage table."""
    names = ["parse", "align+inline", "compare", "json", "html"]
    lines = [_row(["size", *[f"{n} s" for n in names]]), _row(["---:"] * (len(names) + 1))]
    for r in results:
        if isinstance(r.library, dict):
            lines.append(_row([f"{r.clauses:,}", *[_secs(r.library.get(n)) for n in names]]))
        else:
            lines.append(_row([f"{r.clauses:,}", r.library, *["—"] * (len(names) - 1)]))
    return lines


def quality_table(results: Sequence[Result]) -> list[str]:
    """Return the Markdown lines of the quality table (report vs truth)."""
    head = [
        "size",
        "words found/truth",
        "same, true pairs only",
        "edited pairs",
        "exact words",
        "moves found",
        "false moves",
        "removed",
        "added",
        "splits",
        "merges",
        "unchanged",
    ]
    lines = [_row(head), _row(["---:"] * len(head))]
    for r in results:
        q = r.quality
        if isinstance(q, str):
            lines.append(_row([f"{r.clauses:,}", q, *["—"] * (len(head) - 2)]))
            continue
        ratio = q["words_found"] / q["words_truth"] if q["words_truth"] else float("nan")
        lines.append(
            _row(
                [
                    f"{r.clauses:,}",
                    f"{q['words_found']}/{q['words_truth']} ({ratio:.2f})",
                    _ratio(q["paired_words"]),
                    _pct(q["edited"]),
                    _pct(q["exact_words"]),
                    _pct(q["moved"]),
                    str(q["false_moves"]),
                    _pct(q["removed"]),
                    _pct(q["added"]),
                    _pct(q["split"]),
                    _pct(q["merged"]),
                    _pct(q["unchanged"]),
                ]
            )
        )
    return lines


def growth(results: Sequence[Result]) -> list[str]:
    """Return lines giving the growth exponents between the two largest sizes with library times."""
    timed = [r for r in results if _lib_s(r, "compare")]
    if len(timed) < 2:
        return ["Growth exponent: needs two sizes with library times."]
    a, b = sorted(timed, key=lambda r: r.clauses)[-2:]
    out = []
    for label, ta, tb in (
        ("library compare", _lib_s(a, "compare"), _lib_s(b, "compare")),
        ("compare-html (whole process)", _case_s(a, "compare-html"), _case_s(b, "compare-html")),
    ):
        if ta and tb:
            k = math.log(tb / ta) / math.log(b.clauses / a.clauses)
            out.append(f"Growth exponent, {label}, {a.clauses:,} → {b.clauses:,} clauses: {k:.2f}")
    return out


def _lib_s(r: Result, stage: str) -> float | None:
    return r.library.get(stage) if isinstance(r.library, dict) else None


def _case_s(r: Result, name: str) -> float | None:
    case = r.case(name)
    return case.seconds if case else None


def machine() -> list[str]:
    """Return lines describing where the benchmark ran."""
    import policydiff

    return [
        f"- date: {dt.datetime.now(dt.UTC).strftime('%Y-%m-%d %H:%M UTC')}",
        f"- machine: {platform.platform()}, {platform.machine()}, {os.cpu_count()} CPUs"
        + (f", {platform.processor()}" if platform.processor() else ""),
        f"- Python {platform.python_version()}, policydiff {policydiff.__version__}",
    ]


def report(results: Sequence[Result], repeat: int, use_time: bool) -> list[str]:
    """Return the whole Markdown report."""
    how = "`/usr/bin/time` (%M)" if use_time else "`os.wait4` (ru_maxrss)"
    return [
        "## Benchmarks",
        "",
        *machine(),
        f"- median of {repeat} run(s); wall seconds measured around each process; peak RSS from {how}",
        "",
        "### Time and peak memory (whole process)",
        "",
        *timing_table(results),
        "",
        "### Library stages (in one process, no start-up)",
        "",
        *stage_table(results),
        "",
        *growth(results),
        "",
        "### Quality (JSON report vs truth.json)",
        "",
        *quality_table(results),
        "",
    ]


# --------------------------------------------------------------------------- main


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", default="50,500,5000", help="clause counts, comma-separated")
    parser.add_argument("--repeat", type=int, default=3, help="runs per command (median reported)")
    parser.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    parser.add_argument("--out", type=Path, help="also write the report as Markdown to this file")
    parser.add_argument(
        "--cache",
        type=Path,
        default=HERE / ".cache",
        help="folder for generated pairs (default benchmarks/.cache)",
    )
    parser.add_argument(
        "--timeout", type=float, default=300, help="seconds before a run is killed (default 300)"
    )
    parser.add_argument("--library", nargs=2, metavar=("LEFT", "RIGHT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.library:
        print(json.dumps(library_times(args.library[0], args.library[1], args.repeat)))
        return 0
    try:
        sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        parser.error(f"--sizes takes comma-separated integers, got {args.sizes!r}")
    if not sizes or min(sizes) < 10 or args.repeat < 1:
        parser.error("sizes must be at least 10 and --repeat at least 1")
    use_time = gnu_time_works()

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    results = [
        bench_size(n, args.seed, args.repeat, args.cache, args.timeout, use_time, log) for n in sorted(sizes)
    ]
    lines = report(results, args.repeat, use_time)
    print("\n".join(lines))
    if args.out:
        args.out.write_text("\n".join(lines), encoding="utf-8")
    failed = [
        f"{r.clauses} clauses, {c.name}: {c.error}"
        for r in results
        for c in r.cases
        if c.error and not c.error.startswith("timed out")
    ]
    for line in failed:
        log(f"failed: {line}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
