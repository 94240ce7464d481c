"""Benchmark policydiff on generated policy pairs: whole-process time and peak memory, baselines, quality.

    python benchmarks/run.py [--sizes 50,500,5000] [--repeat 3] [--repeat-large N] [--quick] [--out FILE]
                             [--shapes generated,real]

    python benchmarks/run.py --sizes 50,500,5000,50000 --out docs/performance.md   # the published tables

Each size runs on two data shapes (`--shapes`): the generator's (`generated`) and real policies'
(`real`: `generate.py --shape real`, one clause per line with `*`, `-`, `·` bullets, non-ASCII lines,
colons, verbatim moves far away). The real shape runs compare → HTML and JSON, git word-diff, the
interpreter's start-up and the library stages; DOCX, difflib and the issue-7 tables use the generated
shape. The library stages split compare into align, word edits and change classes, and `-X importtime`
gives the start-up imports; the report ends with the targets of issue 16 judged on both shapes.

For each size (clauses on the left) the pair comes from `generate.py` (cached under
`benchmarks/.cache/`, with DOCX copies of both sides written by python-docx), then each command runs
`--repeat` times (`--repeat-large` for 50,000 clauses and more), round robin, and the medians are
reported:

- `policydiff compare LEFT RIGHT -o out.html`, `-o out.json` and `-o out.docx` (the whole process,
  start-up included), and `policydiff parse left.docx`;
- `git diff --no-index --word-diff=porcelain LEFT RIGHT` (exit code 1 is normal), at least
  `BASELINE_RUNS` times at every size (a fraction of a second each; its median divides every ratio);
- `benchmarks/baseline_difflib.py LEFT RIGHT`: difflib over lines, then over words in replaced lines;
- `python -c pass`: the interpreter's start-up alone (also at least `BASELINE_RUNS` times);
- `extra.py read-docx left.docx` (lxml iterparse of every `w:t`) and `extra.py write-docx` (plain lxml
  `w:p/w:r/w:t` paragraphs of the right side): the DOCX baselines.

Once a run (unless `--no-extras`): the seeds pair (`corpus/jpac` vs `corpus/kidspace` social-media
policy) beside git word-diff; `policydiff history` on the 500-revision repository of `history.py`
beside `git log --follow -p`; `policydiff matrix` on the 1,000-document family of `matrix.py` beside
parsing plus exact-key grouping (`extra.py group`). Both inputs are cached under `benchmarks/.cache/`;
`--quick` scales them to 50 revisions and 100 documents and leaves their targets unjudged.

The report ends with the targets of issue 7, each measured and MET / NOT MET; for each one not met
a "why" is measured: `python -X importtime` for start-up, the library stages, cProfile's top functions
(`extra.py profile`), or the peak RSS after each step (`extra.py memory`).

Wall time is measured around each child started directly (`subprocess.Popen` to its exit, nothing
between the benchmark and the program). Peak RSS is read in a separate pass of up to `MEMORY_RUNS` runs
under `/usr/bin/time -f %M` (GNU time, a small process whose forked child's `ru_maxrss` is the program's
own), never mixed into the timed runs; without GNU time it is not measured. `os.wait4` on a child the
benchmark started does not give it: `subprocess` starts children with vfork, and on `exec` the kernel
keeps the old memory's high-water mark — the benchmark's own — in the child's `ru_maxrss` (decision
0024, session 23). The report's header gives the host's load average at the run's start and end: on a busy
host the short baselines slow down most, and the ratios to them read low. The library alone
(`policydiff.compare` in one process, no start-up) is timed too, and gives the growth exponent
log(t2/t1)/log(n2/n1) between the two largest sizes run.

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
sys.path.insert(0, str(HERE))

import extra  # noqa: E402  (benchmarks/extra.py: DOCX inputs and the plain baselines)

EXTRA = HERE / "extra.py"
ROOT = HERE.parent
SEEDS = (ROOT / "corpus/jpac/social-media-policy.txt", ROOT / "corpus/kidspace/social-media-policy.txt")
GENERATOR = HERE / "generate.py"
BASELINE = HERE / "baseline_difflib.py"
GNU_TIME = "/usr/bin/time"
_WORD = re.compile(r"\w+")


# --------------------------------------------------------------------------- measuring a process


@dataclass
class Sample:
    """One timed run of a command: wall seconds, exit code."""

    seconds: float
    returncode: int | None
    timed_out: bool = False


@dataclass
class Case:
    """A command to time, the exit codes that mean success, its timed samples and its peak RSS readings."""

    name: str
    argv: list[str]
    ok_codes: frozenset[int] = frozenset({0})
    stdout: str | None = None
    samples: list[Sample] = field(default_factory=list)
    peaks_kb: list[int] = field(default_factory=list)
    """Peak RSS in KiB, one per run of the memory pass (under GNU time, apart from the timed runs)."""
    error: str | None = None
    min_runs: int = 0
    """Runs of this case however small `--repeat` is: a baseline of a fraction of a second is cheap to
    repeat, and its median decides every ratio to it."""

    @property
    def seconds(self) -> float | None:
        good = [s.seconds for s in self.samples if not s.timed_out]
        return statistics.median(good) if good else None

    @property
    def peak_mb(self) -> float | None:
        return statistics.median(self.peaks_kb) / 1024 if self.peaks_kb else None


MEMORY_RUNS = 3
"""Runs of each case in the memory pass (fewer when the case is timed fewer times): the peak RSS of a
run varies by well under a megabyte, unlike its time."""


def gnu_time_works() -> bool:
    """Return whether `/usr/bin/time -f %M -o FILE` works here (GNU time, Debian package `time`)."""
    if not Path(GNU_TIME).exists():
        return False
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "t"
        try:
            subprocess.run(
                [GNU_TIME, "-f", "%M", "-o", str(out), sys.executable, "-c", "pass"],
                check=True,
                capture_output=True,
                timeout=60,
            )
            int(out.read_text().split()[-1])
        except (OSError, subprocess.SubprocessError, ValueError, IndexError):
            return False
    return True


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


def measure(argv: Sequence[str], cwd: Path, stdout: Path | None, timeout: float) -> tuple[Sample, str]:
    """Start `argv` in `cwd` directly (no wrapper) and wait for it; return its sample and its stderr.

    Its output goes to `stdout` (a file) or /dev/null, its stderr to a file read back. The clock runs
    from just before `Popen` to the child's exit; the watchdog that kills it after `timeout` seconds
    is started before the clock, so its thread's start-up is not timed.
    """
    err_path = cwd / ".stderr"
    pid: list[int] = []
    finished = threading.Event()
    timed_out = threading.Event()

    def watch() -> None:
        if not finished.wait(timeout):
            timed_out.set()
            if pid:
                _kill_group(pid[0])

    watchdog = threading.Thread(target=watch, daemon=True)
    out_handle = (stdout or Path(os.devnull)).open("wb")
    with out_handle, err_path.open("wb") as err_handle:
        watchdog.start()
        try:
            started = time.perf_counter_ns()
            proc = subprocess.Popen(
                list(argv),
                cwd=cwd,
                stdout=out_handle,
                stderr=err_handle,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
            pid.append(proc.pid)
            if timed_out.is_set():  # the watchdog fired while Popen was still starting the child
                _kill_group(proc.pid)
            returncode = proc.wait()
            elapsed = time.perf_counter_ns() - started
        finally:
            finished.set()
            watchdog.join()
    stderr = err_path.read_text(errors="replace")
    return Sample(elapsed / 1e9, returncode, timed_out.is_set()), stderr


def peak_rss(argv: Sequence[str], cwd: Path, stdout: Path | None, timeout: float) -> int | None:
    """Return the peak RSS in KiB of one run of `argv` under `/usr/bin/time -f %M`, or None.

    This run is not timed. GNU time forks and execs the program; the forked child holds only GNU
    time's own pages before `exec` (about 1 MB: `/bin/true` reads 1.0 MB), so `%M` (the child's
    `ru_maxrss`) is the program's own peak.
    """
    time_path = cwd / ".time"
    time_path.unlink(missing_ok=True)
    sample, _ = measure([GNU_TIME, "-f", "%M", "-o", str(time_path), *argv], cwd, stdout, timeout)
    if sample.timed_out:
        return None
    try:
        return int(time_path.read_text().split()[-1])
    except (OSError, ValueError, IndexError):
        return None


# --------------------------------------------------------------------------- the pairs


def pair_dir(cache: Path, clauses: int, seed: int, shape: str = "generated") -> Path:
    """Return the folder holding the generated pair, generating it unless cached for this generator."""
    stamp = hashlib.sha256(GENERATOR.read_bytes()).hexdigest()[:12]
    folder = cache / (
        f"{clauses}-seed{seed}-{stamp}" if shape == "generated" else f"{clauses}-{shape}-seed{seed}-{stamp}"
    )
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
                "--shape",
                shape,
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    if shape != "generated":
        return folder  # the DOCX cases run on the generated shape only
    for side in ("left", "right"):
        docx_path = folder / f"{side}.docx"
        if not docx_path.is_file():
            partial = folder / f".{side}.docx.part"
            extra.make_docx(folder / f"{side}.txt", partial)
            partial.replace(docx_path)
    return folder


# --------------------------------------------------------------------------- the library alone


def _timed(module: Any, name: str, spent: list[float]) -> None:
    """Replace `module.name` by a wrapper adding the seconds each call takes to `spent[0]`."""
    inner = getattr(module, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        t = time.perf_counter()
        try:
            return inner(*args, **kwargs)
        finally:
            spent[0] += time.perf_counter() - t

    setattr(module, name, wrapper)


def library_times(left: str, right: str, repeat: int, docx: bool = True) -> dict[str, float | None]:
    """Return the median seconds of each library stage on one pair, in this process.

    `align+inline` (compare without parsing) is split into `align` (clause alignment), `classes`
    (change classes) and `edits` (the rest: word edits, slots, ordering).
    """
    import importlib

    from policydiff import parse
    from policydiff.compare import compare_policies
    from policydiff.renderers import json as json_renderer
    from policydiff.renderers.docx import write_redline

    align_s, classes_s = [0.0], [0.0]
    # By module name: `policydiff.compare` the attribute is the function of that name. Compare calls
    # `align_compact` (the exact pairs as index lists) since session 7.
    _timed(importlib.import_module("policydiff.compare"), "align_compact", align_s)
    _timed(importlib.import_module("policydiff.classes"), "classify", classes_s)
    stages: dict[str, list[float]] = {
        "parse": [],
        "align+inline": [],
        "align": [],
        "edits": [],
        "classes": [],
        "compare": [],
        "json": [],
        "html": [],
        "docx": [],
        "parse-docx": [],
    }
    left_docx = Path(left).with_suffix(".docx")
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
    write_redline(warm)
    if docx and left_docx.is_file():
        parse(left_docx)  # the DOCX reader's imports and first-use compiles, not timed
    counts: dict[str, float | None] = {"docx-paragraphs": None}
    for _ in range(repeat):
        t0 = time.perf_counter()
        lp, rp = parse(left), parse(right)
        align_s[0] = classes_s[0] = 0.0
        t1 = time.perf_counter()
        comparison = compare_policies(lp, rp)
        t2 = time.perf_counter()
        stages["align"].append(align_s[0])
        stages["classes"].append(classes_s[0])
        stages["edits"].append(t2 - t1 - align_s[0] - classes_s[0])
        json_renderer.render_comparison(comparison)
        t3 = time.perf_counter()
        stages["parse"].append(t1 - t0)
        stages["align+inline"].append(t2 - t1)
        stages["compare"].append(t2 - t0)
        stages["json"].append(t3 - t2)
        if html_renderer is not None:
            html_renderer.render_comparison(comparison)
            stages["html"].append(time.perf_counter() - t3)
        if not docx:
            continue
        t4 = time.perf_counter()
        write_redline(comparison)
        stages["docx"].append(time.perf_counter() - t4)
        if left_docx.is_file():
            t5 = time.perf_counter()
            parsed = parse(left_docx)
            stages["parse-docx"].append(time.perf_counter() - t5)
            counts["docx-paragraphs"] = float(extra.read_docx(left_docx)[0])
            counts["docx-clauses"] = float(len(parsed.clauses))
    medians = {name: (statistics.median(v) if v else None) for name, v in stages.items()}
    return {**medians, **counts}


def run_library(
    left: Path, right: Path, repeat: int, timeout: float, docx: bool = True
) -> dict[str, float | None] | str:
    """Return `library_times` from a fresh child process, or why it failed."""
    argv = [sys.executable, str(Path(__file__).resolve()), "--library", str(left), str(right)]
    if not docx:
        argv.append("--no-docx")
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
    folder: Path = Path()
    shape: str = "generated"

    def case(self, name: str) -> Case | None:
        return next((c for c in self.cases if c.name == name), None)


def policydiff_command() -> list[str]:
    """Return the command that runs this environment's `policydiff`."""
    script = Path(sys.executable).parent / "policydiff"
    return [str(script)] if script.exists() else [sys.executable, "-m", "policydiff"]


def bench_size(
    clauses: int,
    seed: int,
    repeat: int,
    cache: Path,
    timeout: float,
    use_time: bool,
    log: Any,
    shape: str = "generated",
) -> Result:
    """Generate (or reuse) the pair of `clauses` clauses and measure every command on it."""
    folder = pair_dir(cache, clauses, seed, shape)
    left, right = folder / "left.txt", folder / "right.txt"
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    pd = policydiff_command()
    cases = [
        Case("compare-html", [*pd, "compare", str(left), str(right), "-o", "out.html"]),
        Case("compare-json", [*pd, "compare", str(left), str(right), "-o", "out.json"]),
        Case("python-start", [sys.executable, "-c", "pass"], min_runs=BASELINE_RUNS),
        Case("difflib", [sys.executable, str(BASELINE), str(left), str(right)], stdout="difflib.out"),
        Case("compare-docx", [*pd, "compare", str(left), str(right), "-o", "out.docx"]),
        Case("parse-docx", [*pd, "parse", str(folder / "left.docx")], stdout="parse.out"),
        Case("lxml-read-docx", [sys.executable, str(EXTRA), "read-docx", str(folder / "left.docx")]),
        Case("lxml-write-docx", [sys.executable, str(EXTRA), "write-docx", str(right), "plain.docx"]),
    ]
    if shutil.which("git"):
        cases.insert(
            2,
            Case(
                "git-word-diff",
                ["git", "diff", "--no-index", "--word-diff=porcelain", str(left), str(right)],
                ok_codes=frozenset({0, 1}),
                stdout="git.out",
                min_runs=BASELINE_RUNS,
            ),
        )
    generated = shape == "generated"
    if not generated:  # the real shape: compare beside git; DOCX and difflib run on the generated shape
        cases = [
            c for c in cases if c.name in ("compare-html", "compare-json", "git-word-diff", "python-start")
        ]
    tag = f"{clauses}" if generated else f"{clauses}{shape[0]}"
    report: dict[str, Any] | None = None
    with tempfile.TemporaryDirectory(prefix="policydiff-bench-") as tmp:
        run_cases(cases, Path(tmp), repeat, timeout, use_time, log, tag)
        out_json = Path(tmp) / "out.json"
        if out_json.is_file():
            report = json.loads(out_json.read_text(encoding="utf-8"))
    log(f"  {tag:>6} library (in-process) …")
    library = run_library(left, right, repeat, timeout, docx=generated)
    return Result(
        clauses=clauses,
        left_clauses=truth["left_clauses"],
        right_clauses=truth["right_clauses"],
        input_kb=(left.stat().st_size + right.stat().st_size) / 1024,
        cases=cases,
        library=library,
        quality=quality(truth, report) if report is not None else "no JSON report",
        folder=folder,
        shape=shape,
    )


# --------------------------------------------------------------------------- seeds, history, matrix


@dataclass
class Extras:
    """The cases measured once per run (not per size), and the profiles behind the targets."""

    cases: list[Case]
    history_revisions: int
    matrix_documents: int
    matrix_text_mb: float
    quick: bool
    startup: dict[str, Any] = field(default_factory=dict)
    history_repo: Path | None = None
    history_path: str = ""
    family: list[Path] = field(default_factory=list)

    def case(self, name: str) -> Case | None:
        return next((c for c in self.cases if c.name == name), None)


def _stamp(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def history_repo(cache: Path, revisions: int) -> tuple[Path, str]:
    """Return the cached repository of `revisions` revisions (benchmarks/history.py) and its file's path."""
    import history as history_bench

    folder = cache / f"history-{revisions}-{_stamp(HERE / 'history.py')}"
    marker = folder / "path.txt"
    if not marker.is_file():
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        marker.write_text(history_bench.generate(folder / "repo", revisions, 200, 7), encoding="utf-8")
    return folder / "repo", marker.read_text(encoding="utf-8").strip()


def matrix_family(cache: Path, documents: int) -> list[Path]:
    """Return the cached family of `documents` policies of ~40 clauses (benchmarks/matrix.py)."""
    import matrix as matrix_bench

    folder = cache / f"matrix-{documents}-{_stamp(HERE / 'matrix.py')}"
    marker = folder / "done"
    if not marker.is_file():
        shutil.rmtree(folder, ignore_errors=True)
        (folder / "docs").mkdir(parents=True)
        matrix_bench.generate(folder / "docs", documents, 40, 7)
        marker.touch()
    return sorted((folder / "docs").glob("site-*.txt"))


# The run whose imports count: the command line comparing the seeds pair into an HTML report. Every
# import the run makes is counted, including those made on first use inside a function (readers, settings,
# rapidfuzz once a pair is scored), so making an import lazy lowers the figure only when the run skips it.
STARTUP_RUN = "policydiff compare SEEDS -o x.html"


STARTUP_RUNS = 9
"""`-X importtime` runs of the start-up profile; the one with the median total is reported (one run varies by
a quarter on a busy host)."""


def startup_profile(runs: int = STARTUP_RUNS) -> dict[str, Any]:
    """Return `python -X importtime` of a whole `compare -o x.html` run of the seeds pair: every import after
    the interpreter's own start-up (the first `policydiff` import on), total and the costliest modules; the
    run with the median total of `runs`."""
    profiles = sorted((_startup_once() for _ in range(runs)), key=lambda p: float(p["total_ms"]))
    median = profiles[len(profiles) // 2]
    return {**median, "runs": runs, "range_ms": (profiles[0]["total_ms"], profiles[-1]["total_ms"])}


def _startup_once() -> dict[str, Any]:
    """Return one run's `-X importtime` total and costliest modules (`startup_profile`)."""
    with tempfile.TemporaryDirectory() as tmp:
        code = (
            "import sys; from policydiff.cli import main; "
            f"sys.argv = ['policydiff', '-q', 'compare', {str(SEEDS[0])!r}, {str(SEEDS[1])!r}, "
            f"'-o', {str(Path(tmp) / 'x.html')!r}]; main()"
        )
        done = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", code],
            capture_output=True,
            text=True,
            timeout=60,
            cwd=tmp,  # no settings file there: the plain run (a pyproject.toml adds tomllib)
        )
    rows: list[tuple[str, int, int, int]] = []  # name, level, self µs, cumulative µs
    for line in done.stderr.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[0].startswith("import time:") and parts[1].strip().isdigit():
            raw = parts[2].rstrip()
            level = (len(raw) - len(raw.lstrip()) - 1) // 2
            rows.append((raw.strip(), level, int(parts[0].split(":")[1]), int(parts[1])))
    # A module's row comes after the rows of what it imported; the interpreter's own start-up (site,
    # encodings …) is done before the command's first `policydiff` import begins.
    first = next((i for i, row in enumerate(rows) if row[0].startswith("policydiff")), len(rows))
    while first > 0 and rows[first - 1][1] > 0:
        first -= 1
    ours = rows[first:]
    total = sum(cum for _, level, _, cum in ours if level == 0)
    # The modules imported at the top level of the run, by cumulative time (their own imports included).
    heavy = sorted(((name, cum) for name, level, _, cum in ours if level == 0), key=lambda kv: -kv[1])[:6]
    return {"total_ms": total / 1000, "heavy": heavy}


def run_profile(kind: str, args: Sequence[str], timeout: float) -> list[dict[str, Any]] | str:
    """Return cProfile's total and top functions by own time for one `extra._work` call, in a child."""
    try:
        done = subprocess.run(
            [sys.executable, str(EXTRA), "profile", kind, *args],
            capture_output=True,
            text=True,
            timeout=4 * timeout,
        )
    except subprocess.TimeoutExpired:
        return "profile timed out"
    if done.returncode != 0:
        return f"profile failed: {done.stderr.strip().splitlines()[-1:]}"
    rows: list[dict[str, Any]] = json.loads(done.stdout)
    return rows


def run_cases(
    cases: Sequence[Case], work: Path, repeat: int, timeout: float, use_time: bool, log: Any, tag: str
) -> None:
    """Run every case `repeat` times (a case's `min_runs` if more), round robin, in folder `work`; record
    samples and errors. Then, if `use_time`, the memory pass: each case that ran cleanly up to
    `MEMORY_RUNS` more times under GNU time, round robin too, for its peak RSS (those runs are not timed)."""
    rounds = max([repeat, *(c.min_runs for c in cases)])
    for round_no in range(rounds):
        for case in cases:
            if case.error or round_no >= max(repeat, case.min_runs):
                continue
            sample, stderr = measure(case.argv, work, work / case.stdout if case.stdout else None, timeout)
            case.samples.append(sample)
            if sample.timed_out:
                case.error = f"timed out after {timeout:g}s"
            elif sample.returncode not in case.ok_codes:
                case.error = f"exit {sample.returncode}: {stderr.strip()[-300:]}"
            log(
                f"  {tag:>6} {case.name:<18} round {round_no + 1}/{max(repeat, case.min_runs)}: "
                f"{sample.seconds:8.3f}s" + (f"  [{case.error}]" if case.error else "")
            )
    if not use_time:
        return
    for round_no in range(min(rounds, MEMORY_RUNS)):
        for case in cases:
            runs = min(max(repeat, case.min_runs), MEMORY_RUNS)
            if case.error or round_no >= runs:
                continue
            peak = peak_rss(case.argv, work, work / case.stdout if case.stdout else None, timeout)
            if peak is not None:
                case.peaks_kb.append(peak)
            log(
                f"  {tag:>6} {case.name:<18} memory {round_no + 1}/{runs}: "
                + ("not read" if peak is None else f"{peak / 1024:8.1f} MB")
            )


BASELINE_RUNS = 7
"""Runs of git word-diff and of `python -c pass` at every size: each takes a fraction of a second, and at
50,000 clauses, where `--repeat-large` is often 1, one noisy git run would decide the ratio alone."""

SEED_REPEAT = 11
"""Runs of the seeds pair (and its git baseline): the median of a short command needs more of them."""


def bench_extras(cache: Path, repeat: int, timeout: float, use_time: bool, quick: bool, log: Any) -> Extras:
    """Measure the seeds pair, `history` beside `git log --follow -p`, `matrix` beside exact keys."""
    pd = policydiff_command()
    revisions, documents = (50, 100) if quick else (500, 1000)
    log(f"  preparing the {revisions}-revision repository and the {documents}-document family …")
    repo, path = history_repo(cache, revisions)
    family = matrix_family(cache, documents)
    seeds: list[Case] = []
    if all(p.is_file() for p in SEEDS):
        seeds.append(
            Case("seeds-compare-html", [*pd, "compare", str(SEEDS[0]), str(SEEDS[1]), "-o", "s.html"])
        )
        seeds.append(
            Case(
                "seeds-git-word-diff",
                ["git", "diff", "--no-index", "--word-diff=porcelain", str(SEEDS[0]), str(SEEDS[1])],
                ok_codes=frozenset({0, 1}),
                stdout="seeds.git",
            )
        )
    cases = [
        Case("history", [*pd, "history", path, "--repo", str(repo), "-o", "history.json"]),
        Case(
            "git-log-follow-p",
            ["git", "-C", str(repo), "--no-pager", "log", "--follow", "-p", "--", path],
            stdout="log.out",
        ),
        Case("matrix", [*pd, "matrix", *map(str, family), "-o", "matrix.json"]),
        Case("exact-key-grouping", [sys.executable, str(EXTRA), "group", *map(str, family)]),
    ]
    with tempfile.TemporaryDirectory(prefix="policydiff-bench-") as tmp:
        # A 0.15 s command on a shared machine: more runs for a steady median, at little cost.
        run_cases(seeds, Path(tmp), max(repeat, SEED_REPEAT), timeout, use_time, log, "once")
        run_cases(cases, Path(tmp), repeat, timeout, use_time, log, "once")
    return Extras(
        cases=seeds + cases,
        history_revisions=revisions,
        matrix_documents=documents,
        matrix_text_mb=sum(p.stat().st_size for p in family) / 2**20,
        quick=quick,
        startup=startup_profile(),
        history_repo=repo,
        history_path=path,
        family=family,
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
    names = [
        "parse",
        "align+inline",
        "align",
        "edits",
        "classes",
        "compare",
        "json",
        "html",
        "docx",
        "parse-docx",
    ]
    if results and all(r.shape != "generated" for r in results):
        names = [n for n in names if n not in ("docx", "parse-docx")]
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


def load_average() -> float | None:
    """Return the host's 1-minute load average, or None where the system has none."""
    try:
        return os.getloadavg()[0]
    except (AttributeError, OSError):
        return None


def load_note(start: float | None, end: float | None) -> str | None:
    """Return the report's line on the host load at the run's start and end, or None if unknown."""
    if start is None or end is None:
        return None
    return (
        f"host load (1-minute average) {start:.1f} at the start, {end:.1f} at the end, on {os.cpu_count()} "
        "CPUs; the benchmark itself adds about 1. Other work on the host slows the short baselines (git's "
        "word diff, `python -c pass`) more than policydiff, so a loaded run's ratios read low"
    )


def machine() -> list[str]:
    """Return lines describing where the benchmark ran."""
    import policydiff

    return [
        f"- date: {dt.datetime.now(dt.UTC).strftime('%Y-%m-%d %H:%M UTC')}",
        f"- machine: {platform.platform()}, {platform.machine()}, {os.cpu_count()} CPUs"
        + (f", {platform.processor()}" if platform.processor() else ""),
        f"- Python {platform.python_version()}, policydiff {policydiff.__version__}",
    ]


def report(
    results: Sequence[Result],
    repeat: int,
    use_time: bool,
    extras: Extras | None = None,
    found: Sequence[Target] = (),
    notes: Sequence[str] = (),
    found16: Sequence[Target] = (),
    startup: dict[str, Any] | None = None,
) -> list[str]:
    """Return the whole Markdown report (the issue-7 tables on the generated shape, then the real shape)."""
    how = (
        f"`/usr/bin/time` (%M) in a separate pass of up to {MEMORY_RUNS} runs, apart from the timed ones"
        if use_time
        else "not measured (GNU time not installed)"
    )
    real = [r for r in results if r.shape == "real"]
    results = [r for r in results if r.shape == "generated"]
    lines = [
        "## Benchmarks",
        "",
        *machine(),
        f"- median of {repeat} run(s); wall seconds measured around each process, started directly (no "
        f"wrapper); peak RSS from {how}",
        *[f"- {note}" for note in notes],
        "",
        "### Time and peak memory (whole process)",
        "",
        *timing_table(results),
        "",
        "### DOCX (whole process; library columns in one process)",
        "",
        "`parse-docx` is `policydiff parse left.docx`; `lxml-read-docx` iterparses every `w:t` of the same "
        "file; `lxml-write-docx` writes the right text as plain `w:p/w:r/w:t` paragraphs; the DOCX inputs "
        "are written from the generated text by python-docx (title, headings, bullets) and cached.",
        "",
        *docx_table(results),
        "",
        "### Ratios (policydiff / baseline) and memory",
        "",
        *ratio_table(results),
        "",
        "### Library stages (in one process, no start-up)",
        "",
        *stage_table(results),
        "",
        *growth(results),
        "",
    ]
    if extras is not None:
        lines += ["### Seeds, history, matrix (whole process)", "", *extras_table(extras), ""]
    lines += ["### Quality (JSON report vs truth.json)", "", *quality_table(results), ""]
    if real:
        lines += [
            "### Real-policy shape (whole process, library stages, quality)",
            "",
            "`generate.py --shape real`: one clause per line with `*`, `-`, `·` bullets, about 16 % of lines "
            "non-ASCII, a label with a colon opening many paragraphs, stock phrases (few rare words), "
            "verbatim moves far away (median 1,750 clauses where the document is that long).",
            "",
            *timing_table(real),
            "",
            *stage_table(real),
            "",
            *quality_table(real),
            "",
        ]
    if startup:
        lines += ["### Start-up (`python -X importtime`)", "", *startup_lines(startup), ""]
    if found:
        lines += ["### Targets (issue 7)", "", *targets_section(found), ""]
    if found16:
        lines += ["### Targets (issue 16: both data shapes)", "", *targets_section(found16), ""]
    return lines


def startup_lines(startup: dict[str, Any]) -> list[str]:
    """Return the Markdown lines of the start-up imports (what `compare -o x.html` imports)."""
    heavy = ", ".join(f"{name} {us / 1000:.1f} ms" for name, us in startup.get("heavy", []))
    return [
        f"Imports of a whole run of `{STARTUP_RUN}` (first `policydiff` import on, lazy imports included): "
        f"{startup.get('total_ms', 0):.0f} ms (cumulative, `-X importtime`; the median of "
        f"{startup.get('runs', 1)} runs, {_range_ms(startup)}); costliest: {heavy or '—'}."
    ]


def _range_ms(startup: dict[str, Any]) -> str:
    low, high = startup.get("range_ms", (startup.get("total_ms", 0), startup.get("total_ms", 0)))
    return f"{low:.0f}–{high:.0f} ms"


# --------------------------------------------------------------------------- DOCX, ratios, targets


def _div(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def _x(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}x"


def _budget_mb(r: Result) -> float:
    """Return the memory target for one pair: 15 × its extracted text (both sides) + 50 MB."""
    return 15 * r.input_kb / 1024 + 50


DOCX_NAMES = ["compare-docx", "parse-docx", "lxml-read-docx", "lxml-write-docx"]


def docx_table(results: Sequence[Result]) -> list[str]:
    """Return the Markdown lines of the DOCX table (whole process, and library stages)."""
    head = ["size", "paragraphs"]
    for name in DOCX_NAMES:
        head += [f"{name} s", f"{name} MB"]
    head += ["parse/lxml read", "library parse-docx s", "paragraphs/s", "library write docx s"]
    lines = [_row(head), _row(["---:"] * len(head))]
    for r in results:
        lib = r.library if isinstance(r.library, dict) else {}
        paragraphs = lib.get("docx-paragraphs")
        cells = [f"{r.clauses:,}", f"{paragraphs:,.0f}" if paragraphs else "—"]
        for name in DOCX_NAMES:
            case = r.case(name)
            if case is None or (case.error and case.seconds is None):
                cells += [case.error.split(":")[0] if case and case.error else "n/a", "—"]
            else:
                cells += [_secs(case.seconds), _mb(case.peak_mb)]
        parse_s = lib.get("parse-docx")
        cells += [
            _x(_div(_case_s(r, "parse-docx"), _case_s(r, "lxml-read-docx"))),
            _secs(parse_s),
            f"{paragraphs / parse_s:,.0f}" if paragraphs and parse_s else "—",
            _secs(lib.get("docx")),
        ]
        lines.append(_row(cells))
    return lines


def ratio_table(results: Sequence[Result]) -> list[str]:
    """Return the Markdown lines of the ratios (policydiff / baseline) and memory against its budget."""
    head = [
        "size",
        "html/git",
        "json/git",
        "docx/git",
        "html/difflib",
        "html − start-up s",
        "parse-docx/lxml read",
        "compare-docx/lxml write",
        "text MB",
        "peak MB (html/json/docx)",
        "budget MB (15×text+50)",
    ]
    lines = [_row(head), _row(["---:"] * len(head))]
    for r in results:
        git = _case_s(r, "git-word-diff")
        html = _case_s(r, "compare-html")
        start = _case_s(r, "python-start")
        peaks = [r.case(n) for n in ("compare-html", "compare-json", "compare-docx")]
        lines.append(
            _row(
                [
                    f"{r.clauses:,}",
                    _x(_div(html, git)),
                    _x(_div(_case_s(r, "compare-json"), git)),
                    _x(_div(_case_s(r, "compare-docx"), git)),
                    _x(_div(html, _case_s(r, "difflib"))),
                    _secs(html - start if html is not None and start is not None else None),
                    _x(_div(_case_s(r, "parse-docx"), _case_s(r, "lxml-read-docx"))),
                    _x(_div(_case_s(r, "compare-docx"), _case_s(r, "lxml-write-docx"))),
                    f"{r.input_kb / 1024:.2f}",
                    "/".join(_mb(c.peak_mb if c else None) for c in peaks),
                    f"{_budget_mb(r):.0f}",
                ]
            )
        )
    return lines


EXTRA_PAIRS = [
    ("seeds-compare-html", "seeds-git-word-diff", "seeds pair, compare → HTML vs git word-diff"),
    ("history", "git-log-follow-p", "history (whole process, → JSON) vs `git log --follow -p`"),
    ("matrix", "exact-key-grouping", "matrix (whole process, → JSON) vs parse + exact-key grouping"),
]


def extras_table(extras: Extras) -> list[str]:
    """Return the Markdown lines of the once-per-run cases."""
    lines = [
        _row(["case", "policydiff s", "policydiff MB", "baseline s", "baseline MB", "ratio"]),
        _row(["---", "---:", "---:", "---:", "---:", "---:"]),
    ]
    for ours, base, label in EXTRA_PAIRS:
        a, b = extras.case(ours), extras.case(base)
        if a is None:
            continue
        if label.startswith("history"):
            label += f" ({extras.history_revisions} revisions)"
        if label.startswith("matrix"):
            label += f" ({extras.matrix_documents} documents, {extras.matrix_text_mb:.1f} MB of text)"
        err = a.error.split(":")[0] if a.error else None
        lines.append(
            _row(
                [
                    label,
                    err or _secs(a.seconds),
                    _mb(a.peak_mb),
                    _secs(b.seconds) if b else "—",
                    _mb(b.peak_mb) if b else "—",
                    _x(_div(a.seconds, b.seconds if b else None)),
                ]
            )
        )
    return lines


@dataclass
class Target:
    """One target of issue 7: what was measured, whether it is met, and why not."""

    key: str
    label: str
    measured: str
    met: bool | None  # None: not measured in this run
    stretch: bool | None = None
    why: str = ""


def _by_size(results: Sequence[Result], n: int) -> Result | None:
    return next((r for r in results if r.clauses == n), None)


def targets(results: Sequence[Result], extras: Extras | None) -> list[Target]:
    """Return every target of the issue with its measured value and verdict."""
    out: list[Target] = []
    for n, limit, stretch in ((5_000, 15, 10), (50_000, 20, 15)):
        r = _by_size(results, n)
        ratio = _div(_case_s(r, "compare-html"), _case_s(r, "git-word-diff")) if r else None
        out.append(
            Target(
                f"ratio-{n}",
                f"compare→HTML whole process ≤ {limit}× git word-diff at {n:,} clauses (stretch {stretch}×)",
                _x(ratio) if ratio else "not run",
                None if ratio is None else ratio <= limit,
                None if ratio is None else ratio <= stretch,
            )
        )
    timed = sorted((r for r in results if _lib_s(r, "compare")), key=lambda r: r.clauses)
    if len(timed) >= 2:
        a, b = timed[-2:]
        k = math.log((_lib_s(b, "compare") or 1) / (_lib_s(a, "compare") or 1)) / math.log(
            b.clauses / a.clauses
        )
        out.append(
            Target(
                "growth",
                f"compare time without start-up grows ≤ n^1.1 ({a.clauses:,} → {b.clauses:,})",
                f"n^{k:.2f}",
                k <= 1.1,
            )
        )
    worst: tuple[float, str] | None = None
    for r in results:
        for name in ("compare-html", "compare-json", "compare-docx"):
            peak = r.case(name).peak_mb if r.case(name) else None  # type: ignore[union-attr]
            if peak is not None:
                share = peak / _budget_mb(r)
                text = f"{peak:.0f} MB of {_budget_mb(r):.0f} MB budget ({name}, {r.clauses:,} clauses)"
                if worst is None or share > worst[0]:
                    worst = (share, text)
    out.append(
        Target(
            "memory",
            "peak memory ≤ 15× extracted text + 50 MB (worst case over sizes and outputs)",
            worst[1] if worst else "not measured",
            None if worst is None else worst[0] <= 1,
        )
    )
    words: list[str] = []
    moves: list[str] = []
    words_ok = moves_ok = True
    for r in results:
        q = r.quality
        if isinstance(q, str):
            words_ok = moves_ok = False
            continue
        ratio = q["words_found"] / q["words_truth"] if q["words_truth"] else 1.0
        words.append(f"{r.clauses:,}: {ratio:.2f}")
        words_ok &= abs(ratio - 1) <= 0.05
        found, total = q["moved"]
        share = found / total if total else 1.0
        moves.append(f"{r.clauses:,}: {100 * share:.0f}%")
        moves_ok &= share >= 0.95
    out.append(Target("words", "changed words within 5 % of truth at every size", "; ".join(words), words_ok))
    out.append(Target("moves", "≥ 95 % of moves found at every size", "; ".join(moves), moves_ok))
    seeds = extras.case("seeds-compare-html") if extras else None
    out.append(
        Target(
            "seeds",
            "seeds pair (jpac vs kidspace social-media policy), whole command ≤ 150 ms",
            f"{1000 * seeds.seconds:.0f} ms" if seeds and seeds.seconds else "not run",
            None if not seeds or not seeds.seconds else seeds.seconds <= 0.150,
        )
    )
    largest = max(results, key=lambda r: r.clauses)
    lib = largest.library if isinstance(largest.library, dict) else {}
    paragraphs, parse_s = lib.get("docx-paragraphs"), lib.get("parse-docx")
    rate = paragraphs / parse_s if paragraphs and parse_s else None
    out.append(
        Target(
            "docx-read",
            f"DOCX reading ≥ 25,000 paragraphs/s (stretch 100,000; library, {largest.clauses:,})",
            f"{rate:,.0f} paragraphs/s" if rate else "not measured",
            None if rate is None else rate >= 25_000,
            None if rate is None else rate >= 100_000,
        )
    )
    docx_limits: tuple[tuple[int, float], ...] = ((5_000, 0.3), (50_000, 3.0))
    for n, seconds_limit in docx_limits:
        r = _by_size(results, n)
        secs = _lib_s(r, "docx") if r else None
        out.append(
            Target(
                f"docx-write-{n}",
                f"DOCX redline writing at {n:,} clauses ≤ {seconds_limit:g} s (library)",
                f"{secs:.3f} s" if secs is not None else "not run",
                None if secs is None else secs <= seconds_limit,
            )
        )
    if extras:
        hist, mat = extras.case("history"), extras.case("matrix")
        full = not extras.quick
        out.append(
            Target(
                "history",
                f"history on {extras.history_revisions} revisions < 5 s (whole process)",
                f"{hist.seconds:.2f} s" if hist and hist.seconds else "failed",
                (hist.seconds < 5) if hist and hist.seconds and full else None,
            )
        )
        mat_mb = mat.peak_mb if mat else None
        out.append(
            Target(
                "matrix",
                f"matrix on {extras.matrix_documents:,} documents ≤ 5 s and ≤ 300 MB (whole process)",
                f"{mat.seconds:.2f} s, {mat_mb or 0:.0f} MB" if mat and mat.seconds else "failed",
                (mat.seconds <= 5 and (mat_mb or 0) <= 300) if mat and mat.seconds and full else None,
            )
        )
    return out


IMPORT_LIMIT_MS = 40.0
"""Issue 16: start-up ≤ 40 ms of imports by `-X importtime`."""


def targets16(results: Sequence[Result], startup: dict[str, Any] | None) -> list[Target]:
    """Return the targets of issue 16, each judged on both data shapes where both ran.

    A *phantom change* is a clause the generator left untouched that the report does not give as
    `unchanged` with its own partner.
    """
    out: list[Target] = []
    shapes = [shape for shape in ("generated", "real") if any(r.shape == shape for r in results)]
    for shape in shapes:
        mine = [r for r in results if r.shape == shape]
        for n, limit, stretch in ((5_000, 15, 10), (50_000, 20, 12)):
            r = _by_size(mine, n)
            ratio = _div(_case_s(r, "compare-html"), _case_s(r, "git-word-diff")) if r else None
            out.append(
                Target(
                    f"16-ratio-{shape}-{n}",
                    f"{shape} shape: compare→HTML whole process ≤ {limit}× git word-diff at {n:,} clauses "
                    f"(stretch {stretch}×)",
                    _x(ratio) if ratio else "not run",
                    None if ratio is None else ratio <= limit,
                    None if ratio is None else ratio <= stretch,
                    why=_split_why(r, mine) if r is not None and ratio is not None and ratio > limit else "",
                )
            )
        words: list[str] = []
        moves: list[str] = []
        phantoms: list[str] = []
        words_ok = moves_ok = phantom_ok = bool(mine)
        for r in mine:
            q = r.quality
            if isinstance(q, str):
                words_ok = moves_ok = phantom_ok = False
                continue
            ratio = q["words_found"] / q["words_truth"] if q["words_truth"] else 1.0
            words.append(f"{r.clauses:,}: {ratio:.2f}")
            words_ok &= abs(ratio - 1) <= 0.05
            found, total = q["moved"]
            share = found / total if total else 1.0
            moves.append(f"{r.clauses:,}: {100 * share:.0f}% ({q['false_moves']} false)")
            moves_ok &= share >= 0.95
            kept, untouched = q["unchanged"]
            phantoms.append(f"{r.clauses:,}: {untouched - kept}")
            phantom_ok &= kept == untouched
        out.append(
            Target(
                f"16-words-{shape}",
                f"{shape} shape: changed words within 5 % of truth",
                "; ".join(words),
                words_ok,
            )
        )
        out.append(
            Target(f"16-moves-{shape}", f"{shape} shape: ≥ 95 % of moves found", "; ".join(moves), moves_ok)
        )
        out.append(
            Target(
                f"16-phantom-{shape}",
                f"{shape} shape: no phantom changes (untouched clauses not reported unchanged)",
                "; ".join(phantoms),
                phantom_ok,
            )
        )
    worst: tuple[float, str] | None = None
    for r in results:
        for name in ("compare-html", "compare-json"):
            case = r.case(name)
            if case is not None and case.peak_mb is not None:
                share = case.peak_mb / _budget_mb(r)
                where = f"{name}, {r.shape}, {r.clauses:,} clauses"
                text = f"{case.peak_mb:.0f} MB of {_budget_mb(r):.0f} MB ({where})"
                if worst is None or share > worst[0]:
                    worst = (share, text)
    out.append(
        Target(
            "16-memory",
            "peak memory ≤ 15× extracted text + 50 MB (worst over sizes, shapes, HTML and JSON)",
            worst[1] if worst else "not measured",
            None if worst is None else worst[0] <= 1,
        )
    )
    total_ms = startup.get("total_ms") if startup else None
    out.append(
        Target(
            "16-imports",
            f"start-up ≤ {IMPORT_LIMIT_MS:g} ms of imports (`-X importtime`, a whole `compare -o x.html` "
            "run, lazy imports included)",
            f"{total_ms:.0f} ms" if total_ms is not None else "not measured",
            None if total_ms is None else total_ms <= IMPORT_LIMIT_MS,
        )
    )
    return out


def _split_why(r: Result, same_shape: Sequence[Result]) -> str:
    """Return where the whole-process time of one size goes (measured stages), for a ratio not met."""
    whole = _case_s(r, "compare-html") or 0
    smallest = min(same_shape, key=lambda x: x.clauses)
    start = _case_s(smallest, "compare-html") or 0
    parts = ", ".join(
        f"{name} {_lib_s(r, name) or 0:.2f} s" for name in ("parse", "align", "edits", "classes", "html")
    )
    return (
        f"of {whole:.2f} s: start-up and a tiny compare ≈ {start:.2f} s "
        f"(the {smallest.clauses:,}-clause run), "
        f"library {parts}; git needs {_case_s(r, 'git-word-diff') or 0:.3f} s"
    )


def _top(rows: list[dict[str, Any]] | str, k: int = 3) -> str:
    """Return 'total; f1 own s, f2 own s …' from a `run_profile` answer."""
    if isinstance(rows, str):
        return rows
    total = rows[0]["total_s"]
    own = [r for r in rows[1:] if "cum" not in r]
    cum = [r for r in rows[1:] if "cum" in r]
    funcs = ", ".join(f"`{r['function']}` {r['own_s']:.2f} s ({r['calls']:,} calls)" for r in own[:k])
    paths = ", ".join(f"`{r['function']}` {r['cum_s']:.2f} s" for r in cum[:5])
    return f"cProfile {total:.2f} s in all; most own time: {funcs}; costliest policydiff calls: {paths}"


def explain(found: list[Target], results: Sequence[Result], extras: Extras | None, timeout: float) -> None:
    """Fill `why` for every target not met, from measurements (start-up, library stages, cProfile)."""
    largest = max(results, key=lambda r: r.clauses)
    folder = largest.folder
    profiles: dict[str, list[dict[str, Any]] | str] = {}

    def prof(kind: str, args: Sequence[str]) -> list[dict[str, Any]] | str:
        if kind not in profiles:
            profiles[kind] = run_profile(kind, args, timeout)
        return profiles[kind]

    pair = [str(folder / "left.txt"), str(folder / "right.txt")]
    startup = extras.startup if extras else {}
    heavy = ", ".join(f"{name} {us / 1000:.0f} ms" for name, us in startup.get("heavy", [])[:4])
    for t in found:
        if t.met is not False and t.stretch is not False:
            continue
        if t.key.startswith("ratio"):
            r = _by_size(results, int(t.key.split("-")[1]))
            assert r is not None
            whole, start = _case_s(r, "compare-html") or 0, _case_s(results[0], "compare-html") or 0
            lib = _lib_s(r, "compare") or 0
            html = _lib_s(r, "html") or 0
            t.why = (
                f"of {whole:.2f} s: start-up ≈ {start:.2f} s (the 50-clause run; imports "
                f"{startup.get('total_ms', 0):.0f} ms by -X importtime, heaviest {heavy}), parse "
                f"{_lib_s(r, 'parse') or 0:.2f} s + align/inline {_lib_s(r, 'align+inline') or 0:.2f} s "
                f"(= {lib:.2f} s) + HTML {html:.2f} s; git needs {_case_s(r, 'git-word-diff') or 0:.3f} s"
                + (f". {_top(prof('compare', pair))}" if r is largest else "")
            )
        elif t.key == "growth":
            t.why = (
                f"align+inline grows fastest ({_lib_s(largest, 'align+inline') or 0:.2f} s at "
                f"{largest.clauses:,}); {_top(prof('compare', pair))}"
            )
        elif t.key == "memory":
            t.why = memory_why(results, timeout)
        elif t.key in ("words", "moves"):
            t.why = quality_why(results)
        elif t.key == "seeds":
            t.why = (
                f"start-up: the imports of a whole compare run take "
                f"{startup.get('total_ms', 0):.0f} ms by -X importtime "
                f"(heaviest {heavy}); `python -c pass` {_case_s(results[0], 'python-start') or 0:.3f} s"
            )
        elif t.key == "docx-read":
            t.why = _top(prof("parse", [str(folder / "left.docx")]))
        elif t.key.startswith("docx-write"):
            t.why = _top(prof("docx", pair))
        elif t.key == "history" and extras and extras.history_repo:
            t.why = _top(prof("history", [extras.history_path, str(extras.history_repo)]))
        elif t.key == "matrix" and extras:
            t.why = _top(prof("matrix", [str(p) for p in extras.family]))


def quality_why(results: Sequence[Result]) -> str:
    """Return, for sizes of 5,000 clauses and more, how the quality misses split: pairing or word diff."""
    parts: list[str] = []
    pairing_only = True
    for r in results:
        q = r.quality
        if isinstance(q, str) or r.clauses < 5_000:
            continue
        found, truth = q["paired_words"]
        pairing_only &= bool(truth) and abs(found / truth - 1) <= 0.05
        parts.append(
            f"{r.clauses:,}: true pairs only {_ratio(q['paired_words'])}, false moves {q['false_moves']}, "
            f"removed {_pct(q['removed'])}, added {_pct(q['added'])}"
        )
    if parts and pairing_only:
        parts[-1] += (
            " — over true pairs only the word diff is within 5 %, so the excess comes from clauses paired"
            " wrongly (removed/added clauses not reported as such)"
        )
    return "; ".join(parts)


def memory_why(results: Sequence[Result], timeout: float) -> str:
    """Return the peak RSS after each step of compare (`extra.py memory`) at the size most over budget."""
    over = [
        (max((c.peak_mb or 0) for c in r.cases if c.name.startswith("compare-")) / _budget_mb(r), r)
        for r in results
    ]
    _, worst = max(over, key=lambda pair: pair[0])
    try:
        done = subprocess.run(
            [
                sys.executable,
                str(EXTRA),
                "memory",
                str(worst.folder / "left.txt"),
                str(worst.folder / "right.txt"),
            ],
            capture_output=True,
            text=True,
            timeout=4 * timeout,
            check=True,
        )
        steps: dict[str, float] = json.loads(done.stdout)
    except (subprocess.SubprocessError, ValueError) as exc:
        return f"memory steps not measured: {exc}"
    text_mb = worst.input_kb / 1024
    parts: list[str] = []
    before = 0.0
    for name, peak in steps.items():
        parts.append(f"{name} +{peak - before:.0f}")
        before = peak
    return (
        f"peak RSS (VmHWM) growth by step at {worst.clauses:,} clauses ({text_mb:.1f} MB of text), MB: "
        + ", ".join(parts)
        + f"; after aligning, {(steps.get('align+inline', 0) - steps.get('imports', 0)) / text_mb:.0f}× text"
    )


def targets_section(found: Sequence[Target]) -> list[str]:
    """Return the Markdown lines of the targets table and the why of each target not met."""
    lines = [_row(["target", "measured", "verdict"]), _row(["---", "---", "---"])]
    for t in found:
        verdict = "not measured" if t.met is None else ("MET" if t.met else "NOT MET")
        if t.stretch is not None and t.met:
            verdict += " (stretch met)" if t.stretch else " (stretch NOT MET)"
        lines.append(_row([t.label, t.measured, verdict]))
    whys = [t for t in found if t.why]
    if whys:
        lines += ["", "Why (measured, not guessed):", ""]
        lines += [f"- **{t.label}**: {t.why}" for t in whys]
    return lines


# --------------------------------------------------------------------------- main


def compile_installed() -> None:
    """Write policydiff's bytecode first, as `pip install` does for an installed package.

    An editable install run with PYTHONDONTWRITEBYTECODE set would otherwise compile every module
    on every run and charge that to start-up.
    """
    import compileall

    import policydiff

    compileall.compile_dir(str(Path(policydiff.__file__).parent), quiet=1)


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
    parser.add_argument(
        "--quick",
        action="store_true",
        help="scale the once-per-run cases down (history 50 revisions, matrix 100 documents)",
    )
    parser.add_argument("--no-extras", action="store_true", help="skip the seeds, history and matrix cases")
    parser.add_argument(
        "--repeat-large",
        type=int,
        help="runs per command for sizes of 50,000 clauses and more (default: --repeat)",
    )
    parser.add_argument(
        "--shapes",
        default="generated,real",
        help="data shapes, comma-separated: generated, real (default both)",
    )
    parser.add_argument("--library", nargs=2, metavar=("LEFT", "RIGHT"), help=argparse.SUPPRESS)
    parser.add_argument("--no-docx", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.library:
        print(json.dumps(library_times(args.library[0], args.library[1], args.repeat, docx=not args.no_docx)))
        return 0
    shapes = [x.strip() for x in args.shapes.split(",") if x.strip()]
    if not shapes or any(x not in ("generated", "real") for x in shapes):
        parser.error(f"--shapes takes generated and/or real, got {args.shapes!r}")
    try:
        sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        parser.error(f"--sizes takes comma-separated integers, got {args.sizes!r}")
    if not sizes or min(sizes) < 10 or args.repeat < 1:
        parser.error("sizes must be at least 10 and --repeat at least 1")
    use_time = gnu_time_works()
    load_start = load_average()
    compile_installed()

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    large = args.repeat_large or args.repeat
    results = [
        bench_size(
            n,
            args.seed,
            large if n >= 50_000 else args.repeat,
            args.cache,
            args.timeout,
            use_time,
            log,
            shape,
        )
        for shape in shapes
        for n in sorted(sizes)
    ]
    generated = [r for r in results if r.shape == "generated"]
    extras = None
    if not args.no_extras:
        extras = bench_extras(args.cache, args.repeat, args.timeout, use_time, args.quick, log)
    startup = extras.startup if extras is not None else startup_profile()
    found = targets(generated, extras) if generated else []
    found16 = targets16(results, startup)
    log("  profiling the targets not met …")
    if generated:
        explain(found, generated, extras, args.timeout)
    notes = []
    if large != args.repeat and max(sizes) >= 50_000:
        notes.append(
            f"sizes of 50,000 clauses and more: median of {large} run(s); git word-diff and python start-up"
            f" at every size: median of {max(large, BASELINE_RUNS)} or more"
        )
    if extras is not None and max(args.repeat, SEED_REPEAT) != args.repeat:
        notes.append(f"the seeds pair and its git baseline: median of {max(args.repeat, SEED_REPEAT)} runs")
    if args.quick:
        notes.append("--quick: history and matrix scaled down, so their targets are not judged")
    load = load_note(load_start, load_average())
    if load:
        notes.append(load)
    lines = report(results, args.repeat, use_time, extras, found, notes, found16, startup)
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
