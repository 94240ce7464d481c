"""Stress the Word package redline with edits made inside each producer's own package.

The producer suite's edited sides are LibreOffice's saves, so its redlines are all built on LibreOffice
packages. Here each source DOCX has seeded edits made in its own `word/document.xml` (everything else of
the package kept): reword a word, toggle bold, delete, insert, move, merge or split a paragraph, relevel
a list item, restyle a heading, add or delete a table row, change a typed number. Each pair is compared
both ways, and LibreOffice's Accept All and Reject All views of the redline are checked against its
views of each side (decision 0026, session 12), and paragraph by paragraph (since session 16: a table's
cells). It needs LibreOffice and python3-uno, and takes about ten minutes per 300 pairs on two cores: it
is not part of the test suite.

    .venv/bin/python scripts/package_stress.py OUT [--seeds 1-4] [--sources DIR]

Sources: the corpus's DOCX, the Word-made fixtures' right sides (`tests/docx_wordmade.py`), the
Google-Docs-shaped policies and their annual reviews (`tests/docx_gdocs.py`, since session 16), the producer
fixtures that are not edits (`tests/fixtures/docx_producers/*.docx` without `.e1` …), and any DOCX in
`--sources` (AbiWord's, for example: `abiword --to=docx policy.html`). Prints the counts and, per wrong
view, the first differing lines; writes OUT/results.json.
"""

from __future__ import annotations

import argparse
import copy
import difflib
import json
import random
import re
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WORDS = ["promptly", "carefully", "designated", "written", "named", "senior", "local", "annual", "agreed"]
SENTENCES = [
    "Staff record every concern in writing on the same day and tell the designated lead.",
    "The manager reviews this section each year with the committee and parents.",
    "Volunteers follow the same rules as paid staff while they are on site.",
    "Any breach of this policy is reported to the chair within two working days.",
]
FRAGILE = {
    W + name
    for name in (
        "fldChar instrText sectPr fldSimple txbxContent sdt footnoteReference endnoteReference "
        "commentReference ins del moveFrom moveTo drawing pict object bookmarkStart bookmarkEnd "
        "commentRangeStart commentRangeEnd"
    ).split()
}
"""What an edit of a whole paragraph leaves alone (a field, a note, a revision, a range mark)."""


def _text(p: Any) -> str:
    return "".join(t.text or "" for t in p.iter(W + "t"))


def _plain(p: Any) -> bool:
    return not any(el.tag in FRAGILE for el in p.iter())


def _runs(p: Any) -> list[Any]:
    return [r for r in p if r.tag == W + "r" and r.find(W + "t") is not None]


def _reword(doc: Any, rng: random.Random) -> bool:
    ts = [
        t for p in doc.iter(W + "p") if _plain(p) for t in p.iter(W + "t") if len((t.text or "").split()) >= 2
    ]
    if not ts:
        return False
    t = rng.choice(ts)
    words = (t.text or "").split(" ")
    k = rng.randrange(len(words))
    if rng.random() < 0.5:
        words[k] = rng.choice(WORDS)
    else:
        words.insert(k, rng.choice(WORDS))
    t.text = " ".join(words)
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return True


def _bold(doc: Any, rng: random.Random) -> bool:
    runs = [r for p in doc.iter(W + "p") if _plain(p) and len(_text(p).split()) >= 3 for r in _runs(p)]
    if not runs:
        return False
    run = rng.choice(runs)
    props = run.find(W + "rPr")
    if props is None:
        props = etree.Element(W + "rPr")
        run.insert(0, props)
    bold = props.find(W + "b")
    if bold is not None:
        props.remove(bold)
    else:
        props.insert(0, etree.Element(W + "b"))
    return True


def _body_paragraphs(doc: Any) -> list[Any]:
    body = doc.find(W + "body")
    return [p for p in body if p.tag == W + "p" and len(_text(p).strip()) >= 15 and _plain(p)]


def _delete(doc: Any, rng: random.Random) -> bool:
    ps = _body_paragraphs(doc)
    if len(ps) < 3:
        return False
    p = rng.choice(ps)
    p.getparent().remove(p)
    return True


def _insert(doc: Any, rng: random.Random) -> bool:
    ps = _body_paragraphs(doc)
    if len(ps) < 3:
        return False
    p = copy.deepcopy(rng.choice(ps))
    runs = _runs(p)
    for el in list(p):
        if el.tag != W + "pPr" and el is not runs[0]:
            p.remove(el)
    texts = runs[0].findall(W + "t")
    for t in texts[1:]:
        runs[0].remove(t)
    texts[0].text = rng.choice(SENTENCES)
    rng.choice(ps).addnext(p)
    return True


def _move(doc: Any, rng: random.Random) -> bool:
    ps = _body_paragraphs(doc)
    if len(ps) < 3:
        return False
    a, b = rng.sample(ps, 2)
    a.getparent().remove(a)
    if rng.random() < 0.5:
        b.addprevious(a)
    else:
        b.addnext(a)
    return True


def _merge(doc: Any, rng: random.Random) -> bool:
    ps = _body_paragraphs(doc)
    if len(ps) < 3:
        return False
    k = rng.randrange(len(ps) - 1)
    a, b = ps[k], ps[k + 1]
    if a.getnext() is not b:
        return False
    for el in list(b):
        if el.tag != W + "pPr":
            a.append(el)  # (no space between them, as deleting Word's paragraph mark leaves it)
    b.getparent().remove(b)
    return True


def _split(doc: Any, rng: random.Random) -> bool:
    found = [
        (p, r)
        for p in _body_paragraphs(doc)
        for r in _runs(p)
        if len((r.find(W + "t").text or "").split()) >= 8
    ]
    if not found:
        return False
    p, run = rng.choice(found)
    if len(run.findall(W + "t")) != 1:
        return False
    t = run.find(W + "t")
    words = (t.text or "").split(" ")
    cut = rng.randrange(3, len(words) - 2)
    t.text = " ".join(words[:cut])
    new = etree.Element(W + "p")
    props = p.find(W + "pPr")
    if props is not None:
        new.append(copy.deepcopy(props))
    rest = copy.deepcopy(run)
    rest.find(W + "t").text = " ".join(words[cut:])
    new.append(rest)
    after = False
    for el in list(p):
        if el is run:
            after = True
        elif after:
            new.append(el)
    p.addnext(new)
    return True


def _relevel(doc: Any, rng: random.Random) -> bool:
    levels = [il for il in doc.iter(W + "ilvl") if il.getparent().getparent().tag == W + "pPr"]
    if not levels:
        return False
    il = rng.choice(levels)
    v = int(il.get(W + "val", "0"))
    il.set(W + "val", str(v + 1 if v == 0 or rng.random() < 0.5 else v - 1))
    return True


def _restyle(doc: Any, rng: random.Random) -> bool:
    styles = [
        st
        for p in doc.find(W + "body")
        if p.tag == W + "p" and _text(p).strip()
        for st in p.iterfind(f"{W}pPr/{W}pStyle")
        if "eading" in st.get(W + "val", "") and re.search(r"\d", st.get(W + "val", ""))
    ]
    if not styles:
        return False
    st = rng.choice(styles)
    value = st.get(W + "val")
    n = int(re.search(r"\d+", value).group())  # type: ignore[union-attr]
    # Only to a style the package defines: Word writes every style a document uses into its styles
    # part (LibreOffice reads a paragraph of an undefined style oddly: Reject All kept it, empty).
    for m in (n + 1, n - 1) if n < 3 else (n - 1, n + 1):
        new = value.replace(str(n), str(m), 1)
        if m > 0 and new in _DEFINED:
            st.set(W + "val", new)
            return True
    return False


_DEFINED: set[str] = set()
"""The style ids the source being edited defines (`make_pairs` sets them)."""


def _row(doc: Any, rng: random.Random) -> bool:
    rows = [
        tr
        for tbl in doc.find(W + "body").iter(W + "tbl")
        for tr in tbl.findall(W + "tr")
        if len(tbl.findall(W + "tr")) >= 3
        and tr.find(f".//{W}vMerge") is None
        and tr.find(f".//{W}gridSpan") is None
    ]
    if not rows:
        return False
    tr = rng.choice(rows[1:] or rows)
    if rng.random() < 0.5:
        tr.getparent().remove(tr)
    else:
        new = copy.deepcopy(tr)
        for k, t in enumerate(new.iter(W + "t")):
            t.text = rng.choice(WORDS).capitalize() if k == 0 else ""
        tr.addnext(new)
    return True


def _renumber(doc: Any, rng: random.Random) -> bool:
    ts = [t for t in doc.iter(W + "t") if t.text and re.match(r"\d+\. ", t.text)]
    if not ts:
        return False
    t = rng.choice(ts)
    number = re.match(r"(\d+)\. ", t.text or "")
    assert number is not None
    t.text = str(int(number.group(1)) + rng.choice([1, -1, 2])) + (t.text or "")[number.end(1) :]
    return True


EDITS: dict[str, Callable[[Any, random.Random], bool]] = {
    "reword": _reword,
    "bold": _bold,
    "delete": _delete,
    "insert": _insert,
    "move": _move,
    "merge": _merge,
    "split": _split,
    "relevel": _relevel,
    "restyle": _restyle,
    "row": _row,
    "renumber": _renumber,
}
KINDS = ["reword", *EDITS]  # (rewording twice as likely)


def sources(extra: Path | None, out: Path) -> list[Path]:
    """Return the source packages (the Word-made fixtures' right sides written into OUT/sources)."""
    from tests.docx_gdocs import pairs
    from tests.docx_wordmade import CASES, wordmade_pair

    made = out / "sources"
    made.mkdir(parents=True, exist_ok=True)
    found = sorted((ROOT / "corpus").rglob("*.docx"))
    found += sorted(
        p for p in (ROOT / "tests/fixtures/docx_producers").glob("*.docx") if p.name.count(".") == 1
    )
    for case in CASES:
        path = made / f"wm-{case}.docx"
        path.write_bytes(wordmade_pair(case)[1])
        found.append(path)
    for key, (left, right) in pairs().items():  # Google-Docs-shaped: each policy and its annual review
        if key.endswith("-all"):
            for name, data in ((f"g-{key[:-4]}", left), (f"g-{key[:-4]}-r", right)):
                (made / f"{name}.docx").write_bytes(data)
                found.append(made / f"{name}.docx")
    if extra is not None:
        found += sorted(extra.glob("*.docx"))
    return found


def make_pairs(found: list[Path], seeds: range, out: Path) -> dict[str, tuple[Path, Path, list[str]]]:
    """Write each source's edited versions; return the pairs both ways, with the edits made."""
    pairs: dict[str, tuple[Path, Path, list[str]]] = {}
    for source in found:
        package = zipfile.ZipFile(source)
        _DEFINED.clear()
        if "word/styles.xml" in package.namelist():
            styles = etree.fromstring(package.read("word/styles.xml"))
            _DEFINED.update(st.get(W + "styleId", "") for st in styles.iter(W + "style"))
        for seed in seeds:
            rng = random.Random(f"{source.name}-{seed}")
            doc = etree.fromstring(package.read("word/document.xml"))
            done = [
                kind
                for kind in (rng.choice(KINDS) for _ in range(rng.randint(2, 4)))
                if EDITS[kind](doc, rng)
            ]
            if not done:
                continue
            target = out / "edited" / f"{source.stem}.x{seed}.docx"
            target.parent.mkdir(parents=True, exist_ok=True)
            with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as edited:
                for item in package.infolist():
                    data = package.read(item.filename)
                    if item.filename == "word/document.xml":
                        data = etree.tostring(doc, xml_declaration=True, encoding="UTF-8", standalone=True)
                    edited.writestr(item.filename, data)
            pairs[f"{source.stem}__x{seed}"] = (source, target, done)
            pairs[f"{source.stem}__x{seed}r"] = (target, source, done)
    return pairs


def _lines(text: str) -> list[str]:
    out = text.split("\n")
    while out and not out[-1]:
        out.pop()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--seeds", default="1-2", help="first-last seed (default 1-2)")
    ap.add_argument("--sources", type=Path, help="a folder of more source DOCX files")
    args = ap.parse_args()
    from tests.libreoffice import run_jobs

    from policydiff.compare import compare
    from policydiff.renderers.docx import package_redline

    out = args.out.resolve()
    first, _, last = args.seeds.partition("-")
    pairs = make_pairs(sources(args.sources, out), range(int(first), int(last or first) + 1), out)
    (out / "redlines").mkdir(exist_ok=True)
    (out / "views").mkdir(exist_ok=True)
    jobs: list[tuple[str, str, str]] = []
    side_views: dict[Path, Path] = {}
    for name, (left, right, _) in pairs.items():
        done = package_redline(
            compare(left, right),
            left_bytes=left.read_bytes(),
            right_bytes=right.read_bytes(),
            date="2025-02-01",
        )
        assert done is not None, name
        made = out / "redlines" / f"{name}.docx"
        made.write_bytes(done.data)
        for action in ("accept", "reject"):
            jobs.append((str(made), action, str(out / "views" / f"{name}.{action}.txt")))
        for side in (left, right):
            if side not in side_views:
                side_views[side] = out / "views" / f"side-{len(side_views)}.txt"
                jobs.append((str(side), "accept", str(side_views[side])))
    done_jobs = run_jobs(jobs, out, timeout=7200)
    # LibreOffice's paragraphs of each view: a table cell by cell (a paragraph in the wrong cell leaves
    # the text view alike; session 16).
    held = {
        saved: [p.rstrip() for p in r["paragraphs"]] for (_, _, saved), r in zip(jobs, done_jobs, strict=True)
    }
    results: dict[str, dict[str, Any]] = {}
    right_views = {"accept": 0, "reject": 0}
    for name, (left, right, edits) in pairs.items():
        record: dict[str, Any] = {"edits": edits}
        for action, side in (("accept", right), ("reject", left)):
            view = out / "views" / f"{name}.{action}.txt"
            got = _lines(view.read_text("utf-8-sig"))
            want = _lines(side_views[side].read_text("utf-8-sig"))
            if got == want and held[str(view)] != held[str(side_views[side])]:
                got, want = held[str(view)], held[str(side_views[side])]  # (the text alike, the cells not)
            record[action] = got == want
            right_views[action] += got == want
            if got != want:
                record[f"{action}_diff"] = list(
                    difflib.unified_diff(want, got, "want", "got", n=1, lineterm="")
                )[2:9]
        results[name] = record
    (out / "results.json").write_text(json.dumps(results, indent=1))
    accepted, rejected = right_views["accept"], right_views["reject"]
    print(f"pairs {len(pairs)}: Accept All right {accepted}, Reject All right {rejected}")
    for name, record in results.items():
        for action in ("accept", "reject"):
            if not record[action]:
                print(f"== {name} {action} (edits: {', '.join(record['edits'])})")
                for line in record[f"{action}_diff"]:
                    print("   ", line[:160])


if __name__ == "__main__":
    main()
