"""Fuzz the DOCX reader: mutate the corpus's Word files and check policydiff fails cleanly on each.

Every mutant must end `policydiff parse` and `policydiff compare MUTANT ORIGINAL --format json` with
exit 0 or 2 (never 70, never a traceback), within 10 s and 500 MB, writing nothing when it exits 2,
and both commands must agree (both 0 or both 2).

Mutants run in-process in a pool of worker processes (each capped at 500 MB of address space, a
10 s alarm per command): starting a Python process per command costs more than the command itself
on the corpus's small files. Every `--sample`-th mutant also runs through the real command line in
subprocesses (with the same caps set by `preexec_fn`), so the process boundary is checked too.

A long run (thousands of mutants: about 2 minutes per 1,500 on an idle two-core machine, 12 per 3,000
when other work shares it):

    .venv/bin/python scripts/fuzz.py --seed 1 --count 5000 --keep failures/

Each failure is printed as one JSON line (seed, index, mutation, source, exit codes, problem); with
`--keep DIR` the failing mutant is kept there, named `<seed>-<index>-<mutation>.docx`, and
`--only SEED:INDEX` replays one mutant.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import contextlib
import io
import json
import os
import random
import resource
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
TIME_CAP = 10.0
"""Seconds one command may take."""
MEMORY_CAP = 500 * 1024 * 1024
"""Bytes of address space one command (or one in-process worker) may use."""

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MAIN = "word/document.xml"
NUMBERING = "word/numbering.xml"


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


def corpus_files() -> list[Path]:
    """Return the corpus's DOCX files (python-docx, pandoc and LibreOffice wrote them), sorted."""
    found = [*ROOT.glob("corpus/**/*.docx"), *ROOT.glob("tests/cases/**/*.docx")]
    return sorted(found)


# --------------------------------------------------------------------------- package helpers


def members(data: bytes) -> list[tuple[str, bytes]]:
    """Return the (name, bytes) members of a valid zip, in order."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def rezip(parts: list[tuple[str, bytes]]) -> bytes:
    """Return a deflated zip of `parts` exactly as given (duplicates and odd names kept)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in parts:
            info = zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            with contextlib.suppress(UserWarning):
                archive.writestr(info, body)
    return buffer.getvalue()


def replace_part(data: bytes, name: str, body: bytes) -> bytes:
    """Return the package with part `name` replaced (or added) by `body`."""
    parts = members(data)
    if any(n == name for n, _ in parts):
        return rezip([(n, body if n == name else b) for n, b in parts])
    return rezip([*parts, (name, body)])


def edit_xml(data: bytes, name: str, edit: Callable[[Any], None]) -> bytes:
    """Return the package with XML part `name` parsed, changed in place by `edit`, and written back."""
    parts = dict(members(data))
    if name not in parts:
        return data
    root = etree.fromstring(parts[name], etree.XMLParser(resolve_entities=False, huge_tree=True))
    edit(root)
    return replace_part(data, name, etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


# --------------------------------------------------------------------------- mutations

HUGE_NUMBERS = [
    "100000000000",
    "-5",
    "-1",
    "9" * 30,
    "-" + "9" * 30,
    "9" * 4000,
    "2147483648",
    "32768",
    "1e9",
    "0x10",
    "²",
    "١٢",
    "",
    "nan",
]
NUMBER_ATTRIBUTES = ["ilvl", "val", "start", "numId", "abstractNumId", "id", "char", "gridSpan", "outlineLvl"]


def flip_bytes(rng: random.Random, data: bytes) -> bytes:
    """Return the bytes with 1–16 random bytes changed (deflate streams, headers, CRCs alike)."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 16)):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def truncate(rng: random.Random, data: bytes) -> bytes:
    """Return the bytes cut short at a random point."""
    return data[: rng.randrange(len(data))]


def zip_header(rng: random.Random, data: bytes) -> bytes:
    """Return the package with one zip header field made hostile (method, version, flags, sizes)."""
    out = bytearray(data)
    starts = [i for i in range(len(out) - 4) if bytes(out[i : i + 4]) in (b"PK\x03\x04", b"PK\x01\x02")]
    at = rng.choice(starts)
    central = bytes(out[at : at + 4]) == b"PK\x01\x02"
    # Offsets of the fields in a local header (central directory: +2 for "version made by").
    shift = 2 if central else 0
    field, value = rng.choice(
        [
            (4 + shift, rng.choice([63, 99, 255, 0xFFFF])),  # version needed to extract
            (6 + shift, rng.choice([1, 0x41, 0xFFFF])),  # flags (encrypted, strong encryption)
            (8 + shift, rng.choice([1, 6, 9, 12, 14, 93, 99, 0xFFFF])),  # compression method
            (18 + shift, 0xFFFFFFFF),  # compressed size
            (22 + shift, rng.choice([0, 0xFFFFFFFF, 0x7FFFFFFF])),  # uncompressed size
            (26 + shift, 0xFFFF),  # name length
        ]
    )
    width = 4 if field - shift in (18, 22) else 2
    out[at + field : at + field + width] = value.to_bytes(width, "little")
    return bytes(out)


def _elements(root: Any) -> list[Any]:
    return [el for el in root.iter() if isinstance(el.tag, str) and el is not root]


def xml_structure(rng: random.Random, data: bytes) -> bytes:
    """Return the package with elements of document.xml or numbering.xml dropped, duplicated or reordered."""
    name = rng.choice([MAIN, MAIN, NUMBERING])
    action = rng.choice(["drop", "duplicate", "reorder", "move"])

    def edit(root: Any) -> None:
        elements = _elements(root)
        if not elements:
            return
        for _ in range(rng.randint(1, 8)):
            el = rng.choice(elements)
            parent = el.getparent()
            if parent is None:
                continue
            if action == "drop":
                parent.remove(el)
                elements = _elements(root)
                if not elements:
                    return
            elif action == "duplicate":
                parent.insert(parent.index(el), etree.fromstring(etree.tostring(el)))
            elif action == "reorder":
                children = list(parent)
                rng.shuffle(children)
                parent[:] = children
            else:
                target = rng.choice(elements)
                if el not in list(target.iterancestors()) and target is not el:
                    target.append(el)

    return edit_xml(data, name, edit)


def xml_numbers(rng: random.Random, data: bytes) -> bytes:
    """Return the package with numbers (ilvl, start, val, ids) made huge, negative or not numbers."""
    name = rng.choice([MAIN, NUMBERING, NUMBERING])
    value = rng.choice([*HUGE_NUMBERS, "A" * rng.choice([1000, 100_000, 2_000_000])])

    def edit(root: Any) -> None:
        if name == MAIN and rng.random() < 0.5:
            # Number some paragraphs first, so a hostile level reaches the list code.
            for p in rng.sample(list(root.iter(_w("p"))), k=min(5, len(list(root.iter(_w("p")))))):
                ppr = p.find(_w("pPr"))
                if ppr is None:
                    ppr = etree.Element(_w("pPr"))
                    p.insert(0, ppr)
                num_pr = etree.SubElement(ppr, _w("numPr"))
                etree.SubElement(num_pr, _w("ilvl")).set(_w("val"), value)
                etree.SubElement(num_pr, _w("numId")).set(_w("val"), "1")
            return
        candidates = [
            el
            for el in _elements(root)
            for attr in el.attrib
            if etree.QName(attr).localname in NUMBER_ATTRIBUTES
        ]
        for el in rng.sample(candidates, k=min(len(candidates), rng.randint(1, 6))):
            for attr in list(el.attrib):
                if etree.QName(attr).localname in NUMBER_ATTRIBUTES:
                    el.set(attr, value)

    return edit_xml(data, name, edit)


def numbering_start(rng: random.Random, data: bytes) -> bytes:
    """Return the package with every list level starting at a huge number in letters or roman numerals."""
    start = rng.choice(["100000000000", "2147483647", "32767", "9" * 40, "-3"])
    fmt = rng.choice(["lowerLetter", "upperLetter", "lowerRoman", "upperRoman", "decimalZero", "ordinal"])

    def edit(root: Any) -> None:
        for lvl in root.iter(_w("lvl")):
            for tag, value in (("start", start), ("numFmt", fmt)):
                el = lvl.find(_w(tag))
                if el is None:
                    el = etree.SubElement(lvl, _w(tag))
                el.set(_w("val"), value)
        for override in root.iter(_w("lvlOverride")):
            el = override.find(_w("startOverride"))
            if el is not None:
                el.set(_w("val"), start)

    return edit_xml(data, NUMBERING, edit)


def deep_nesting(rng: random.Random, data: bytes) -> bytes:
    """Return the package with one paragraph nested deep in text boxes, tables or content controls."""
    kind = rng.choice(["txbx", "tbl", "sdt", "sdt-inline", "mixed"])
    depth = rng.choice([8, 18, 40, 80, 200])

    def wrap(inner: Any, level: int) -> Any:
        choice = kind if kind != "mixed" else ["txbx", "tbl", "sdt"][level % 3]
        if choice == "txbx":
            p = etree.Element(_w("p"))
            pict = etree.SubElement(etree.SubElement(p, _w("r")), _w("pict"))
            box = etree.SubElement(pict, _w("txbxContent"))
            box.append(inner)
            etree.SubElement(etree.SubElement(etree.SubElement(box, _w("p")), _w("r")), _w("t")).text = "box"
            return p
        if choice == "tbl":
            tbl = etree.Element(_w("tbl"))
            tc = etree.SubElement(etree.SubElement(tbl, _w("tr")), _w("tc"))
            tc.append(inner)
            etree.SubElement(tc, _w("p"))
            return tbl
        if choice == "sdt-inline":
            p = etree.Element(_w("p"))
            sdt = etree.SubElement(p, _w("sdt"))
            content = etree.SubElement(sdt, _w("sdtContent"))
            if inner.tag == _w("p"):
                content.extend(list(inner))
            else:
                content.append(inner)
            return p
        sdt = etree.Element(_w("sdt"))
        etree.SubElement(sdt, _w("sdtContent")).append(inner)
        return sdt

    def edit(root: Any) -> None:
        body = root.find(_w("body"))
        if body is None:
            return
        paragraphs = [p for p in body if p.tag == _w("p")]
        if not paragraphs:
            return
        target = rng.choice(paragraphs)
        index = body.index(target)
        body.remove(target)
        node = target
        for level in range(depth):
            node = wrap(node, level)
        body.insert(index, node)

    return edit_xml(data, MAIN, edit)


def package_shape(rng: random.Random, data: bytes) -> bytes:
    """Return a package Word refuses: a missing manifest or root relationships, a wrong content type,
    a relationship out of the package, names equal but for case, or nothing at all."""
    parts = members(data)
    case = rng.choice(["no-types", "no-rels", "wrong-type", "outside", "case", "empty", "symbol-bullets"])
    if case == "no-types":
        return rezip([(n, b) for n, b in parts if n != "[Content_Types].xml"])
    if case == "no-rels":
        return rezip([(n, b) for n, b in parts if n != "_rels/.rels"])
    if case == "wrong-type":
        return rezip(
            [
                (n, b.replace(b"wordprocessingml.document.main+xml", b"spreadsheetml.sheet.main+xml"))
                for n, b in parts
            ]
        )
    if case == "outside":
        return rezip(
            [
                (n, b.replace(b'Target="word/document.xml"', b'Target="../../word/document.xml"'))
                for n, b in parts
            ]
        )
    if case == "case":
        body = dict(parts).get(MAIN, b"")
        return rezip([*parts, ("Word/Document.xml", body)])
    if case == "empty":
        return b""
    glyphs = ["\uf0b7", "\uf0a7", "\uf076", "\uf0d8", "\uf0fc"]

    def edit(root: Any) -> None:
        for t in list(root.iter(_w("t")))[:20]:
            t.text = rng.choice(glyphs) + "\t" + (t.text or "")

    return edit_xml(data, MAIN, edit)


def amplify(rng: random.Random, data: bytes) -> bytes:
    """Return the package with one body element repeated hundreds of times (its note and comment
    references with it), or with fields opened and never ended in many paragraphs."""
    count = rng.choice([50, 200, 500])
    fields = rng.random() < 0.3

    def edit(root: Any) -> None:
        body = root.find(_w("body"))
        if body is None or not len(body):
            return
        if fields:
            for p in list(body.iter(_w("p")))[:count]:
                for kind in ("begin", "separate"):
                    run = etree.Element(_w("r"))
                    etree.SubElement(run, _w("fldChar")).set(_w("fldCharType"), kind)
                    p.insert(0, run)
            return
        candidates = [el for el in body if el.tag != _w("sectPr")] or list(body)
        el = rng.choice(candidates)
        at = body.index(el)
        for _ in range(count):
            body.insert(at, etree.fromstring(etree.tostring(el)))

    return edit_xml(data, MAIN, edit)


MUTATIONS: dict[str, Callable[[random.Random, bytes], bytes]] = {
    "amplify": amplify,
    "flip": flip_bytes,
    "truncate": truncate,
    "zip-header": zip_header,
    "xml-structure": xml_structure,
    "xml-numbers": xml_numbers,
    "numbering-start": numbering_start,
    "deep-nesting": deep_nesting,
    "package-shape": package_shape,
}


def mutant(seed: int, index: int, sources: list[Path]) -> tuple[str, Path, bytes]:
    """Return (mutation name, source file, mutant bytes) for one seed and index: the same every time."""
    rng = random.Random(f"{seed}:{index}")
    source = rng.choice(sources)
    name = rng.choice(sorted(MUTATIONS))
    return name, source, MUTATIONS[name](rng, source.read_bytes())


# --------------------------------------------------------------------------- running and checking


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one mutant did: the exit codes of both commands and the problem found, if any."""

    seed: int
    index: int
    mutation: str
    source: str
    parse: int
    compare: int
    problem: str | None
    seconds: float
    via: str


class _Timeout(BaseException):
    """Raised by the alarm in a worker when a command runs past the time cap."""


def _alarm(signum: int, frame: Any) -> None:
    raise _Timeout


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def _in_process(args: list[str]) -> tuple[int, str]:
    """Return (exit code, stderr) of the command line run in this process, under the time cap."""
    from policydiff.cli import main

    err = io.StringIO()
    out = io.StringIO()
    signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, TIME_CAP)
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
            main(args)
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except _Timeout:
        return -1, "timed out"
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    return code, err.getvalue()


def _subprocess(args: list[str]) -> tuple[int, str]:
    """Return (exit code, stderr) of the command line run in a capped subprocess."""
    try:
        done = subprocess.run(
            [sys.executable, "-m", "policydiff", *args],
            capture_output=True,
            timeout=TIME_CAP,
            preexec_fn=_limit_memory,
            cwd=ROOT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return -1, "timed out"
    return done.returncode, done.stderr.decode("utf-8", "replace")


def _problem(command: str, code: int, stderr: str, written: list[str]) -> str | None:
    if code == -1:
        return f"{command}: over {TIME_CAP:.0f} s"
    if "Traceback" in stderr:
        return f"{command}: traceback"
    if code not in (0, 2):
        last = stderr.strip().splitlines()[-1:] or [""]
        return f"{command}: exit {code}: {last[0][:300]}"
    if code == 2:
        if written:
            return f"{command}: exit 2 but wrote {written}"
        errors = [line for line in stderr.splitlines() if line.startswith("policydiff: error:")]
        if len(errors) != 1:
            return f"{command}: exit 2 without exactly one error line"
    return None


def check(seed: int, index: int, sources: list[Path], *, via: str = "process") -> Outcome:
    """Return the outcome of one mutant, run in this process (`process`) or in subprocesses."""
    started = time.perf_counter()
    name, source, data = mutant(seed, index, sources)
    run = _in_process if via == "process" else _subprocess
    with tempfile.TemporaryDirectory(prefix="policydiff-fuzz-") as tmp:
        folder = Path(tmp)
        path = folder / "mutant.docx"
        path.write_bytes(data)
        out = folder / "out"
        out.mkdir()
        problems: list[str] = []
        codes: list[int] = []
        for command, args in (
            ("parse", ["parse", str(path), "--format", "json", "-o", str(out / "parse.json")]),
            ("compare", ["compare", str(path), str(source), "--format", "json", "-o", str(out / "cmp.json")]),
        ):
            code, stderr = run(args)
            if code == -1:
                # Over the cap once may be a busy machine; over it twice is the mutant.
                for leftover in out.iterdir():
                    leftover.unlink()
                code, stderr = run(args)
            written = sorted(p.name for p in out.iterdir())
            found = _problem(command, code, stderr, written)
            if found:
                problems.append(found)
            for leftover in out.iterdir():
                leftover.unlink()
            codes.append(code)
        if not problems and codes[0] != codes[1]:
            problems.append(f"parse exit {codes[0]} but compare exit {codes[1]}")
    return Outcome(
        seed,
        index,
        name,
        str(source.relative_to(ROOT)),
        codes[0],
        codes[1],
        "; ".join(problems) or None,
        round(time.perf_counter() - started, 3),
        via,
    )


def _worker_start() -> None:
    _limit_memory()
    os.environ.setdefault("PYTHONHASHSEED", "0")


def _worker(task: tuple[int, int, str]) -> Outcome:
    seed, index, via = task
    return check(seed, index, corpus_files(), via=via)


def run(seed: int, count: int, *, workers: int = 2, sample: int = 25) -> Iterator[Outcome]:
    """Yield the outcome of mutants 0..count-1 of `seed`, every `sample`-th also through subprocesses."""
    tasks: list[tuple[int, int, str]] = []
    for index in range(count):
        tasks.append((seed, index, "process"))
        if sample and index % sample == 0:
            tasks.append((seed, index, "subprocess"))
    pending = list(tasks)
    while pending:
        with concurrent.futures.ProcessPoolExecutor(workers, initializer=_worker_start) as pool:
            futures = {pool.submit(_worker, task): task for task in pending}
            pending = []
            for future in concurrent.futures.as_completed(futures):
                task = futures[future]
                try:
                    yield future.result()
                except concurrent.futures.process.BrokenProcessPool:
                    # A worker died (killed for memory, or crashed in C): run that mutant again alone.
                    yield _isolated(*task)
                    pending = [t for f, t in futures.items() if not f.done() and t != task]
                    break


def _isolated(seed: int, index: int, via: str) -> Outcome:
    """Return the outcome of a mutant that killed its worker, checked through capped subprocesses."""
    outcome = check(seed, index, corpus_files(), via="subprocess")
    problem = outcome.problem or "killed its in-process worker (memory cap?) but passes as subprocesses"
    return Outcome(**{**asdict(outcome), "problem": problem, "via": f"{via}, worker died"})


def main(argv: list[str] | None = None) -> int:
    """Run the fuzzer; return 1 when any mutant failed a check."""
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0] if __doc__ else None,
        epilog=__doc__.split("\n\n", 1)[1] if __doc__ else None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--seed", type=int, default=1, help="seed of the mutations (default 1)")
    parser.add_argument("--count", type=int, default=200, help="number of mutants (default 200)")
    parser.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument(
        "--sample", type=int, default=25, help="also run every Nth mutant as subprocesses (0: never)"
    )
    parser.add_argument("--keep", type=Path, default=None, help="copy failing mutants into this folder")
    parser.add_argument("--only", default=None, metavar="SEED:INDEX", help="replay one mutant")
    parser.add_argument("--json", action="store_true", help="print every outcome as a JSON line")
    args = parser.parse_args(argv)
    sources = corpus_files()
    if args.only:
        seed, _, index = args.only.partition(":")
        outcomes: Iterator[Outcome] = iter(
            [check(int(seed), int(index), sources, via=v) for v in ("process", "subprocess")]
        )
    else:
        outcomes = run(args.seed, args.count, workers=args.workers, sample=args.sample)
    started = time.perf_counter()
    tally: Counter[str] = Counter()
    codes: Counter[tuple[int, int]] = Counter()
    failures = 0
    slowest = 0.0
    for outcome in outcomes:
        tally[outcome.mutation] += 1
        codes[(outcome.parse, outcome.compare)] += 1
        slowest = max(slowest, outcome.seconds)
        if args.json or outcome.problem:
            print(json.dumps(asdict(outcome)), flush=True)
        if outcome.problem:
            failures += 1
            if args.keep:
                args.keep.mkdir(parents=True, exist_ok=True)
                name, _, data = mutant(outcome.seed, outcome.index, sources)
                (args.keep / f"{outcome.seed}-{outcome.index}-{name}.docx").write_bytes(data)
    total = sum(tally.values())
    print(
        f"{total} runs ({', '.join(f'{k} {v}' for k, v in sorted(tally.items()))}); exit codes "
        f"(parse, compare): {', '.join(f'{k} {v}' for k, v in sorted(codes.items()))}; "
        f"{failures} failure(s); slowest {slowest:.2f} s; {time.perf_counter() - started:.1f} s in all",
        file=sys.stderr,
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
