"""Helpers for `run.py`: DOCX inputs, plain lxml baselines, exact-key grouping, profiles.

    python benchmarks/extra.py make-docx TEXT OUT.docx     # python-docx, one paragraph per block
    python benchmarks/extra.py read-docx FILE.docx         # baseline reader: iterparse every w:t
    python benchmarks/extra.py write-docx TEXT OUT.docx    # baseline writer: plain lxml w:p/w:r/w:t
    python benchmarks/extra.py group FILES...              # baseline for matrix: parse + exact keys
    python benchmarks/extra.py profile KIND ARGS...        # cProfile top functions (JSON); see `_work`
    python benchmarks/extra.py memory LEFT RIGHT           # peak RSS after each step of compare (JSON)

The baselines import nothing from policydiff except `group`, which needs its parser to get clauses.
"""

from __future__ import annotations

import io
import json
import sys
import zipfile
from collections import defaultdict
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)


def blocks(text: str) -> list[str]:
    """Return the non-empty lines of a generated text policy (each is one block)."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def make_docx(text_path: Path, out: Path) -> int:
    """Write `text_path` as a DOCX with python-docx (title, headings, list bullets); return paragraphs."""
    import docx

    document = docx.Document()
    lines = blocks(text_path.read_text(encoding="utf-8"))
    for n, line in enumerate(lines):
        if n == 0:
            document.add_paragraph(line, style="Title")
        elif line.startswith("- "):
            document.add_paragraph(line[2:], style="List Bullet")
        elif not line.endswith((".", ":", ";")) and len(line) < 80:
            document.add_paragraph(line, style="Heading 1")
        else:
            document.add_paragraph(line)
    out.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(out))
    return len(lines)


def read_docx(path: Path) -> tuple[int, int]:
    """Return (paragraphs, characters): the text of every `w:t`, paragraph by paragraph (iterparse)."""
    from lxml import etree

    p_tag, t_tag = f"{{{W}}}p", f"{{{W}}}t"
    paragraphs: list[str] = []
    parts: list[str] = []
    with zipfile.ZipFile(path) as archive, archive.open("word/document.xml") as xml:
        for _, element in etree.iterparse(xml, events=("end",), tag=(p_tag, t_tag)):
            if element.tag == t_tag:
                parts.append(element.text or "")
            else:
                paragraphs.append("".join(parts))
                parts = []
                element.clear()
    return len(paragraphs), sum(len(p) for p in paragraphs)


def write_docx(text_path: Path, out: Path) -> int:
    """Write each block of `text_path` as one plain `w:p/w:r/w:t` paragraph with lxml; return paragraphs."""
    from lxml import etree

    lines = blocks(text_path.read_text(encoding="utf-8"))
    root = etree.Element(f"{{{W}}}document", nsmap={"w": W})
    body = etree.SubElement(root, f"{{{W}}}body")
    sub = etree.SubElement
    p_tag, r_tag, t_tag = f"{{{W}}}p", f"{{{W}}}r", f"{{{W}}}t"
    for line in lines:
        sub(sub(sub(body, p_tag), r_tag), t_tag).text = line
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("word/document.xml", etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    out.write_bytes(buffer.getvalue())
    return len(lines)


def group(paths: list[str]) -> int:
    """Parse every file and bucket its clauses by their normalised key; return the number of keys."""
    from policydiff import parse

    buckets: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for d, path in enumerate(paths):
        for i, clause in enumerate(parse(path).clauses):
            buckets[clause.key].append((d, i))
    return len(buckets)


def _work(kind: str, args: list[str]) -> Callable[[], object]:
    """Return the call to profile: `compare` (parse, compare, HTML), `parse`, `docx`, `history`, `matrix`."""
    from policydiff import parse

    if kind == "compare":
        from policydiff.compare import compare_policies
        from policydiff.renderers import html as html_renderer

        return lambda: html_renderer.render_comparison(compare_policies(parse(args[0]), parse(args[1])))
    if kind == "parse":
        import policydiff.readers.docx  # noqa: F401  (imports are start-up, not reading)

        return lambda: parse(args[0])
    if kind == "docx":
        from policydiff.compare import compare_policies
        from policydiff.renderers.docx import write_redline

        comparison = compare_policies(parse(args[0]), parse(args[1]))
        return lambda: write_redline(comparison)
    if kind == "history":
        from policydiff.history import history

        return lambda: history(args[0], repo=args[1])
    if kind == "matrix":
        from policydiff.matrix import matrix

        return lambda: matrix([parse(a) for a in args])
    raise ValueError(kind)


def profile(kind: str, args: list[str], top: int = 6) -> list[dict[str, Any]]:
    """Return the total and the top functions by own time of one `_work` call under cProfile."""
    import cProfile
    import pstats

    call = _work(kind, args)
    profiler = cProfile.Profile()
    profiler.enable()
    call()
    profiler.disable()
    stats = pstats.Stats(profiler)
    raw: dict[tuple[str, int, str], tuple[int, int, float, float, object]] = stats.stats  # type: ignore[attr-defined]
    rows: list[dict[str, Any]] = []
    for (filename, line, name), (_cc, calls, own, cum, _callers) in raw.items():
        where = "/".join(Path(filename).parts[-2:]) + f":{line}" if filename != "~" else "builtin"
        rows.append({"function": f"{where}({name})", "calls": calls, "own_s": own, "cum_s": cum})
    total: float = stats.total_tt  # type: ignore[attr-defined]
    # Own time finds the leaves; cumulative time within policydiff (below the one call profiled, and
    # under 30 % of the total so the entry points and whole stages drop out) finds what owns them.
    inner = [r for r in rows if "policydiff/" in str(r["function"]) or str(r["function"]).count("/") == 1]
    inner = [
        r for r in inner if not str(r["function"]).startswith("builtin") and float(r["cum_s"]) < 0.3 * total
    ]
    inner = [r for r in inner if _is_policydiff(str(r["function"]), raw)]
    inner.sort(key=lambda r: float(r["cum_s"]), reverse=True)
    rows.sort(key=lambda r: float(r["own_s"]), reverse=True)
    return [{"total_s": total}, *rows[:top], *({**r, "cum": True} for r in inner[:top])]


def _is_policydiff(function: str, raw: Mapping[tuple[str, int, str], object]) -> bool:
    """Return whether a profiled function (as `profile` names it) is defined inside the policydiff package."""
    return any(
        "policydiff" in Path(filename).parts
        and function.startswith("/".join(Path(filename).parts[-2:]) + ":")
        for filename, _, _ in raw
    )


def _peak_mb() -> float:
    """Return this process's peak resident set (VmHWM, Linux) in MB, else 0."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def memory(left: str, right: str) -> dict[str, float]:
    """Return the peak RSS (MB) after each step of `compare`: imports, parse, align, each renderer."""
    steps: dict[str, float] = {}
    from policydiff import parse
    from policydiff.compare import compare_policies
    from policydiff.renderers import html as html_renderer
    from policydiff.renderers import json as json_renderer
    from policydiff.renderers.docx import write_redline

    steps["imports"] = _peak_mb()
    lp, rp = parse(left), parse(right)
    steps["parse"] = _peak_mb()
    comparison = compare_policies(lp, rp)
    steps["align+inline"] = _peak_mb()
    data = json_renderer.render_comparison(comparison)
    steps["json"] = _peak_mb()
    del data
    html = html_renderer.render_comparison(comparison)
    steps["html"] = _peak_mb()
    del html
    write_redline(comparison)
    steps["docx"] = _peak_mb()
    return steps


def main(argv: list[str]) -> int:
    command, *rest = argv
    if command == "make-docx":
        print(make_docx(Path(rest[0]), Path(rest[1])))
    elif command == "read-docx":
        print(*read_docx(Path(rest[0])))
    elif command == "write-docx":
        print(write_docx(Path(rest[0]), Path(rest[1])))
    elif command == "group":
        print(group(rest))
    elif command == "memory":
        print(json.dumps(memory(rest[0], rest[1])))
    elif command == "profile":
        print(json.dumps(profile(rest[0], rest[1:])))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
