"""Benchmark `matrix` on a generated family of site policies beside exact-key grouping, in the same run.

    python benchmarks/matrix.py [--documents 1000] [--clauses 40] [--seed 7] [--repeat 1] [--jobs N]

A template policy of about CLAUSES clauses (headings, body clauses built of the stock phrases real
policies share, lists of one- to three-word items) is written out DOCUMENTS times as plain text, each
copy as a real site's policy differs from its group's template:

- its own organisation name, digits and all ("Site 15 Childcare Club"), in about a third of the
  clauses and in the first line;
- a few clauses reworded (a word or phrase changed, a condition added or dropped), some removed,
  some of its own added, one moved now and then;
- list items added, dropped or renamed; a heading renamed now and then;
- a "Reviewed <month> <year>" line of its own.

Timed in this process (medians of `--repeat`): reading and segmenting the files (`--jobs` processes,
as `matrix --jobs` does), `policydiff.matrix.matrix(policies)`, exact-key grouping alone (clauses
bucketed by their normalised key, the floor to compare with), and the JSON and HTML reports. Peak
memory is the process's maximum resident set size.

Quality: a template clause is *held* when one group holds the copies of it of at least 85 % of the
sites; the target is 95 % of the template's clauses held. Targets (issue 15): 1,000 sites in 5 s and
300 MB whole process, 10,000 in 60 s and 2 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

ORG = "{org}"

OPENINGS = (
    "Staff must ensure that",
    "All staff should make sure that",
    "The manager will check that",
    f"{ORG} expects that",
    "Parents and carers are asked to ensure that",
    "Every member of staff must make sure that",
    f"At {ORG} we make sure that",
    "The designated safeguarding lead will ensure that",
    "Volunteers and students must ensure that",
    "It is the responsibility of all staff to ensure that",
)
SUBJECTS = (
    "children are kept safe",
    "information about children and families is kept confidential",
    "personal mobile phones are not used in the play areas",
    "photographs of children are only taken on the setting's own devices",
    "images of children are stored securely and deleted when no longer needed",
    "any concerns about a child's welfare are recorded and reported without delay",
    "passwords for the setting's accounts are kept private",
    "parents are told how their child's information will be used",
    "children are supervised at all times when they use the internet",
    "accidents and incidents are recorded in the accident book",
    "visitors sign in and out and wear a visitor's badge",
    "medicines are stored out of the reach of children",
    "the premises are checked for hazards before the session starts",
    "staff do not share personal details with parents on social media",
    "children's records are kept in a locked cabinet",
    "any allegation against a member of staff is reported to the manager",
    "staff follow the whistleblowing procedure if they have concerns about a colleague",
    "the setting's social media accounts are used only for agreed purposes",
    "children are collected only by adults named on their registration form",
    "the fire drill is practised and recorded every term",
)
CONDITIONS = (
    "at all times",
    "in line with this policy",
    "as soon as possible",
    "in line with the data protection policy",
    "whenever children are present",
    "before the start of each session",
    "unless the manager has agreed otherwise in writing",
    "and that this is recorded",
    f"while working for {ORG}",
    "both within and outside of working hours",
)
REWORDINGS = (
    ("must", "should"),
    ("ensure", "make sure"),
    ("manager", "setting manager"),
    ("children", "the children"),
    ("staff", "practitioners"),
    ("kept", "held"),
    ("recorded", "written down"),
    ("parents", "parents and carers"),
    ("as soon as possible", "promptly"),
    ("at all times", "always"),
)
HEADINGS = (
    ("Introduction", "About this policy"),
    ("Photographs and images", "Photos and videos"),
    ("Mobile phones and devices", "Phones and other devices"),
    ("Confidentiality", "Keeping information private"),
    ("Online safety", "E-safety"),
    ("Safeguarding children", "Child protection"),
    ("Health and safety", "Keeping safe on the premises"),
    ("Record keeping", "Records"),
    ("Social media rules", "Using social media"),
    ("Related policies", "See also"),
)
ITEMS = (
    ("Mobile phones", "Mobile telephones"),
    ("Tablets", "Tablet computers"),
    ("Laptops", "Laptop computers"),
    ("Smart watches", "Smartwatches"),
    ("Cameras", "Digital cameras"),
    ("Facebook", "Facebook groups"),
    ("Instagram", "Instagram"),
    ("WhatsApp", "WhatsApp groups"),
    ("Online forums", "Internet forums"),
    ("Personal blogs and websites", "Blogs"),
    ("Email", "E-mail"),
    ("YouTube", "YouTube"),
)
LEADS = (
    f"This part of the {ORG} policy covers, among others:",
    "The following devices and services are included:",
    "Staff should take particular care with:",
    "These rules apply in particular to:",
)
EXTRA_ITEMS = ("TikTok", "Snapchat", "Games consoles", "Smart speakers", "Fitness trackers", "X")
PLACES = ("Site", "Unit", "Centre", "Base", "Hub")
NAMES = (
    "Little Acorns",
    "Oakwood",
    "Hilltop",
    "Riverside",
    "Sunnyside",
    "Meadow View",
    "Brookfield",
    "Kingsway",
    "St Mary's",
    "Greenfields",
    "Holmes Chapel",
    "Ashdown",
)
KINDS = ("Childcare Club", "Kids Club", "Pre-School", "Nursery", "Out of School Club", "Wraparound Care")
MONTHS = ("January February March April May June July August September October November December").split()


@dataclass(frozen=True)
class Clause:
    """One clause of the template: its kind (`heading`, `body`, `lead`, `item`) and text ({org} a slot)."""

    kind: str
    text: str


def _body(rng: random.Random) -> str:
    text = f"{rng.choice(OPENINGS)} {rng.choice(SUBJECTS)}"
    if rng.random() < 0.7:
        text += f" {rng.choice(CONDITIONS)}"
    if rng.random() < 0.3:
        text += f", and {rng.choice(SUBJECTS)}"
    return text[:1].upper() + text[1:] + "."


def template(rng: random.Random, clauses: int) -> list[Clause]:
    """Return the template: sections of a heading, body clauses and now and then a list."""
    out: list[Clause] = []
    headings = list(HEADINGS)
    rng.shuffle(headings)
    items = list(ITEMS)
    seen: set[str] = set()
    sections = lists = 0
    while len(out) < clauses:
        heading = headings[sections % len(headings)][0]
        out.append(Clause("heading", heading if sections < len(headings) else f"{heading} ({sections})"))
        sections += 1
        for _ in range(rng.randint(3, 5)):
            text = _body(rng)
            while text in seen:
                text = _body(rng)
            seen.add(text)
            out.append(Clause("body", text))
        if rng.random() < 0.5 and items:
            out.append(Clause("lead", LEADS[lists % len(LEADS)]))
            lists += 1
            for _ in range(min(len(items), rng.randint(3, 5))):
                out.append(Clause("item", items.pop(0)[0]))
    return out[:clauses]


def organisation(rng: random.Random, n: int) -> str:
    """Return a site's name; most carry digits ("Site 15 Childcare Club")."""
    kind = rng.choice(KINDS)
    if rng.random() < 0.4:
        return f"{rng.choice(PLACES)} {n + 1} {kind}"
    if rng.random() < 0.6:
        return f"{rng.choice(NAMES)} {rng.randint(1, 99)} {kind}"
    return f"{rng.choice(NAMES)} {kind}"


def _reword(rng: random.Random, text: str) -> str:
    options = [(a, b) for a, b in REWORDINGS if f" {a} " in f" {text} "]
    if options and rng.random() < 0.8:
        a, b = rng.choice(options)
        return f" {text} ".replace(f" {a} ", f" {b} ", 1).strip()
    if rng.random() < 0.5:
        return text.rstrip(".") + f", {rng.choice(CONDITIONS)}."
    words = text.split()
    del words[rng.randrange(1, len(words) - 1)]
    return " ".join(words)


def site(rng: random.Random, base: list[Clause], n: int) -> tuple[str, list[tuple[Clause, int | None]]]:
    """Return a site's organisation and its clauses, each with its template index (None: its own)."""
    clauses: list[tuple[Clause, int | None]] = []
    for k, clause in enumerate(base):
        if clause.kind != "heading" and rng.random() < 0.02:
            continue  # removed
        text = clause.text
        if clause.kind == "body" and rng.random() < 0.06:
            text = _reword(rng, text)
        elif clause.kind == "heading" and rng.random() < 0.08:
            text = dict(HEADINGS).get(text, text)
        elif clause.kind == "item" and rng.random() < 0.08:
            text = dict(ITEMS).get(text, text)
        clauses.append((Clause(clause.kind, text), k))
        if clause.kind == "item" and rng.random() < 0.05:
            clauses.append((Clause("item", rng.choice(EXTRA_ITEMS)), None))
        elif clause.kind == "body" and rng.random() < 0.03:
            clauses.append((Clause("body", _body(rng)), None))
    if rng.random() < 0.2 and len(clauses) > 4:
        body = [k for k, (c, _) in enumerate(clauses) if c.kind == "body"]
        k = rng.choice(body)
        clauses.insert(rng.randrange(1, len(clauses)), clauses.pop(k))
    # Items of one list stay distinct, as in a real list.
    seen: set[str] = set()
    unique = []
    for clause, k in clauses:
        if clause.kind == "item" and clause.text in seen:
            continue
        seen.add(clause.text)
        unique.append((clause, k))
    return organisation(rng, n), unique


def render(name: str, clauses: Sequence[tuple[Clause, int | None]], rng: random.Random) -> str:
    """Return a site's policy as plain text: name, title, clauses, a review line."""
    lines = [name, "", "Social Media and Safeguarding Policy", ""]
    for clause, _ in clauses:
        text = clause.text.replace(ORG, name)
        lines += [f"- {text}" if clause.kind == "item" else text, ""]
    lines += [f"Reviewed {rng.choice(MONTHS)} {rng.randint(2019, 2025)}", ""]
    return "\n".join(lines)


def generate_family(
    folder: Path, documents: int, clauses: int, seed: int
) -> tuple[list[Path], list[dict[str, int]]]:
    """Write DOCUMENTS site policies into `folder`; return their paths and, for each, the template index of
    each of its clause texts (as written, the organisation's name in place)."""
    rng = random.Random(seed)
    base = template(rng, clauses)
    paths: list[Path] = []
    truth: list[dict[str, int]] = []
    for d in range(documents):
        name, kept = site(rng, base, d)
        path = folder / f"site-{d:05d}.txt"
        path.write_text(render(name, kept, rng), encoding="utf-8")
        paths.append(path)
        truth.append({c.text.replace(ORG, name): k for c, k in kept if k is not None})
    return paths, truth


def generate(folder: Path, documents: int, clauses: int, seed: int) -> list[Path]:
    """Write a family of DOCUMENTS plain-text site policies into `folder` and return their paths."""
    return generate_family(folder, documents, clauses, seed)[0]


def held(
    result: object, truth: Sequence[dict[str, int]], clauses: int, share: float = 0.85
) -> tuple[int, int]:
    """Return (template clauses whose copies one group holds for `share` of the sites, template clauses)."""
    from policydiff.model import Matrix

    assert isinstance(result, Matrix)
    by_id = [{c.id: c.text for c in p.clauses} for p in result.documents]
    best: dict[int, Counter[int]] = defaultdict(Counter)
    for g, group in enumerate(result.groups):
        for cell in group.cells:
            for cid in cell.clauses:
                k = truth[cell.document].get(by_id[cell.document][cid])
                if k is not None:
                    best[k][g] += 1
    n = len(result.documents)
    kept = sum(1 for k in range(clauses) if best[k] and best[k].most_common(1)[0][1] >= share * n)
    return kept, clauses


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
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="processes (matrix --jobs)")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON line too")
    args = parser.parse_args(argv)

    from policydiff.matrix import matrix, read_all
    from policydiff.renderers.matrix import render_html, render_json

    with tempfile.TemporaryDirectory(prefix="policydiff-matrix-") as tmp:
        paths, truth = generate_family(Path(tmp), args.documents, args.clauses, args.seed)
        parse_time, parsed = _timed(lambda: read_all(paths, jobs=args.jobs), args.repeat)
        policies = list(parsed)

        def exact() -> int:
            buckets: dict[str, list[tuple[int, int]]] = defaultdict(list)
            for d, policy in enumerate(policies):
                for i, clause in enumerate(policy.clauses):
                    buckets[clause.key].append((d, i))
            return len(buckets)

        exact_time, buckets = _timed(exact, args.repeat)
        matrix_time, result = _timed(lambda: matrix(policies, jobs=args.jobs), args.repeat)
        json_time, json_bytes = _timed(lambda: render_json(result), args.repeat)
        html_time, html_bytes = _timed(lambda: render_html(result), args.repeat)
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kept, total = held(result, truth, args.clauses)
    clauses = sum(len(p.clauses) for p in policies)
    groups = len(result.groups)
    master = len(result.master)
    cells = sum(len(g.cells) for g in result.groups)
    print(f"documents: {args.documents}, clauses: {clauses} ({clauses / args.documents:.1f} a document)")
    print(f"read + segment ({args.jobs} jobs): {parse_time:8.2f} s")
    print(f"exact-key grouping alone: {exact_time:8.2f} s  ({buckets} distinct keys)")
    print(f"matrix:                   {matrix_time:8.2f} s  ({groups} groups, {master} in the master)")
    print(f"cells held:               {cells:8d}    (dense would be {groups * args.documents})")
    print(f"template clauses held:    {kept:5d}/{total} ({kept / total:.0%}; one group for >= 85 % of sites)")
    print(f"render JSON:              {json_time:8.2f} s  ({len(json_bytes) / 1e6:.1f} MB)")
    print(f"render HTML:              {html_time:8.2f} s  ({len(html_bytes) / 1e6:.1f} MB)")
    print(f"peak memory (max RSS):    {peak_kib / 1024:8.0f} MiB")
    if args.json:
        figures = {
            "documents": args.documents,
            "read": parse_time,
            "exact": exact_time,
            "matrix": matrix_time,
            "groups": groups,
            "cells": cells,
            "held": kept,
            "template": total,
            "json_mb": len(json_bytes) / 1e6,
            "html_mb": len(html_bytes) / 1e6,
            "peak_mib": peak_kib / 1024,
        }
        print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
