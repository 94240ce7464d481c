"""Benchmark `matrix` on generated policy families beside exact-key grouping alone, in the same run.

    python benchmarks/matrix.py [--documents 1000] [--clauses 40] [--seed 7] [--repeat 1]

A template policy of CLAUSES clauses under headings is written out DOCUMENTS times, each copy with
its own organisation name and a few mutations (a word changed, a clause removed, a clause added, a
clause moved). Timed in this process, medians of `--repeat`:

- parsing the plain-text files (reading and segmenting, which `matrix` also does);
- `policydiff.matrix.matrix(policies)` on the parsed policies;
- exact-key grouping alone (clauses bucketed by their normalised key), the floor to compare with;
- rendering the JSON and HTML reports.

Peak memory is the process's maximum resident set size. The target is under 20 s and 2 GB for
1,000 documents of about 40 clauses on 2 cores.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import string
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

WORDS = (
    "staff must always ensure that children parents carers are safe when using devices online "
    "platforms the club manager will review each report promptly and record any concerns in writing "
    "information should be kept secure confidential and shared only with those who need to know "
    "photographs images videos consent publish accounts messages friends invitations reputation "
    "disciplinary action breach policy settings privacy passwords groups forums blogs websites"
).split()


def _name(rng: random.Random) -> str:
    return "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(5, 9))).capitalize()


def _sentence(rng: random.Random) -> list[str]:
    return [rng.choice(WORDS) for _ in range(rng.randint(10, 26))] + [_name(rng).lower()]


def _template(rng: random.Random, clauses: int) -> list[tuple[str, list[str]]]:
    """Return (kind, words) pairs: `heading` every eight clauses, else `body`."""
    out: list[tuple[str, list[str]]] = []
    for n in range(clauses):
        if n % 8 == 0:
            out.append(("heading", [_name(rng), _name(rng).lower(), "rules"]))
        else:
            out.append(("body", _sentence(rng)))
    return out


def _copy(
    rng: random.Random, template: list[tuple[str, list[str]]], organisation: str
) -> list[tuple[str, list[str]]]:
    clauses = [(kind, list(words)) for kind, words in template]
    for _ in range(rng.randint(1, 4)):
        body = [k for k, (kind, _) in enumerate(clauses) if kind == "body"]
        k = rng.choice(body)
        what = rng.random()
        if what < 0.4:
            words = clauses[k][1]
            words[rng.randrange(len(words) - 1)] = rng.choice(WORDS)
        elif what < 0.6:
            del clauses[k]
        elif what < 0.8:
            clauses.insert(k, ("body", _sentence(rng)))
        else:
            clauses.insert(rng.randrange(1, len(clauses)), clauses.pop(k))
    body = [k for k, (kind, _) in enumerate(clauses) if kind == "body"]
    for k in rng.sample(body, min(3, len(body))):
        clauses[k] = ("body", [*organisation.split(), *clauses[k][1]])
    return clauses


def _render(organisation: str, clauses: list[tuple[str, list[str]]]) -> str:
    lines = [organisation, "", "Social Media Policy", ""]
    for kind, words in clauses:
        text = " ".join(words)
        lines += [text[:1].upper() + text[1:] + ("" if kind == "heading" else "."), ""]
    return "\n".join(lines)


def generate(folder: Path, documents: int, clauses: int, seed: int) -> list[Path]:
    """Write a family of DOCUMENTS plain-text policies into `folder` and return their paths."""
    rng = random.Random(seed)
    template = _template(rng, clauses)
    paths = []
    for d in range(documents):
        organisation = f"{_name(rng)} {_name(rng)} Club"
        path = folder / f"site-{d:04d}.txt"
        path.write_text(_render(organisation, _copy(rng, template, organisation)), encoding="utf-8")
        paths.append(path)
    return paths


def _timed(fn: Callable[[], T], repeat: int) -> tuple[float, T]:
    """Return the median time of `repeat` calls and the last result."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--clauses", type=int, default=40)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=1, choices=range(1, 100), metavar="N")
    args = parser.parse_args(argv)

    from policydiff import parse
    from policydiff.matrix import matrix
    from policydiff.renderers.matrix import render_html, render_json

    with tempfile.TemporaryDirectory(prefix="policydiff-matrix-") as tmp:
        paths = generate(Path(tmp), args.documents, args.clauses, args.seed)
        parse_time, parsed = _timed(lambda: [parse(p) for p in paths], args.repeat)
        policies = list(parsed)

        def exact() -> int:
            buckets: dict[str, list[tuple[int, int]]] = defaultdict(list)
            for d, policy in enumerate(policies):
                for i, clause in enumerate(policy.clauses):
                    buckets[clause.key].append((d, i))
            return len(buckets)

        exact_time, buckets = _timed(exact, args.repeat)
        matrix_time, result = _timed(lambda: matrix(policies), args.repeat)
        json_time, json_bytes = _timed(lambda: render_json(result), args.repeat)
        html_time, html_bytes = _timed(lambda: render_html(result), args.repeat)
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    clauses = sum(len(p.clauses) for p in policies)
    groups = len(result.groups)
    master = len(result.master)
    print(f"documents: {args.documents}, clauses: {clauses} ({clauses / args.documents:.1f} a document)")
    print(f"parse (read + segment):   {parse_time:8.2f} s")
    print(f"exact-key grouping alone: {exact_time:8.2f} s  ({buckets} distinct keys)")
    print(f"matrix:                   {matrix_time:8.2f} s  ({groups} groups, {master} in the master)")
    print(f"render JSON:              {json_time:8.2f} s  ({len(json_bytes) / 1e6:.1f} MB)")
    print(f"render HTML:              {html_time:8.2f} s  ({len(html_bytes) / 1e6:.1f} MB)")
    print(f"peak memory (max RSS):    {peak_kib / 1024:8.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
