"""Cutting a paragraph's runs at character offsets, and wrapping them in revisions."""

from __future__ import annotations

import copy
import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from lxml import etree

from policydiff.ooxml.names import w
from policydiff.readers.docx import (
    ParagraphTrace,
)
from policydiff.renderers.docx_package.names import (
    _BODY,
    _DEL,
    _DEL_INSTR,
    _DEL_TEXT,
    _FLD_CHAR,
    _HYPERLINK,
    _INSTR,
    _MOVE_FROM,
    _R,
    _REVISION_TAGS,
    _RPR,
    _T,
    _TXBX,
    Atom,
)


def _cut(units: list[ParagraphTrace], atoms: list[Atom], cuts: Iterable[int]) -> _Elements:
    """Split the right runs so that each cut position is a run's edge; return each atom's text element
    (None for a mark) after the split, each in a run of its own."""
    by_piece: dict[tuple[int, int], set[int]] = {}
    for pos in cuts:
        for k in (pos - 1, pos):
            if 0 <= k < len(atoms) and atoms[k][1] >= 0:
                by_piece.setdefault((atoms[k][0], atoms[k][1]), set())
        # At the atom's own offset in its text, and after the atom before it in that one's: text of the
        # run outside the clause (a label typed before it, "5. Allegations") stays out of the range.
        if 0 <= pos < len(atoms) and atoms[pos][1] >= 0:
            by_piece[(atoms[pos][0], atoms[pos][1])].add(atoms[pos][2])
        if 0 < pos <= len(atoms) and atoms[pos - 1][1] >= 0:
            by_piece[(atoms[pos - 1][0], atoms[pos - 1][1])].add(atoms[pos - 1][2] + 1)
    pieces: dict[tuple[int, int], list[tuple[int, Any]]] = {}
    for (u, p), offsets in by_piece.items():
        child = units[u].sources[p]
        pieces[(u, p)] = _split(child, sorted(offsets))
    return _Elements(units, atoms, pieces)


@dataclass(slots=True)
class _Elements:
    """The text element of each right atom after `_cut` (None for a mark), found when asked."""

    units: list[ParagraphTrace]
    atoms: list[Atom]
    pieces: dict[tuple[int, int], list[tuple[int, Any]]]

    def __getitem__(self, index: int) -> Any:
        u, p, k = self.atoms[index]
        if p < 0:
            return None
        parts = self.pieces.get((u, p))
        if parts is None:
            return self.units[u].sources[p]
        chosen = parts[0][1]
        for start, el in parts:
            if start <= k:
                chosen = el
        return chosen


def _split(child: Any, offsets: list[int]) -> list[tuple[int, Any]]:
    """Give a text element a run of its own and split it at offsets; return (start, element) pairs."""
    run = _isolate(child)
    if run is None or child.tag != _T or not offsets:
        return [(0, child)]
    text = child.text or ""
    bounds = [0, *[o for o in offsets if 0 < o < len(text)], len(text)]
    out = [(0, child)]
    _set_text(child, text[bounds[0] : bounds[1]])
    previous = run
    for a, b in itertools.pairwise(bounds[1:]):
        new_run = _empty_run_like(run)
        t = etree.SubElement(new_run, _T)
        _set_text(t, text[a:b])
        previous.addnext(new_run)
        previous = new_run
        out.append((a, t))
    return out


_SPLIT_CONTAINERS = {_HYPERLINK: None, w("smartTag"): w("smartTagPr"), w("customXml"): w("customXmlPr")}
"""Containers of runs a merge's deleted mark may fall inside, with their properties' element."""


def _split_container(container: Any, at: Any) -> None:
    """Put what a run container (a link, a smart tag) holds before `at` (one of its descendants) into
    a copy of it just before it, so a paragraph split at `at` splits the container: the whole link
    went to the paragraph after the mark (Reject All moved its words to the next line)."""
    child = at
    while child.getparent() is not container:
        child = child.getparent()
    props_tag = _SPLIT_CONTAINERS[container.tag]
    front = etree.Element(container.tag, dict(container.attrib))
    for el in list(container):
        if el is child:
            break
        if el.tag == props_tag:
            front.append(copy.deepcopy(el))
        else:
            front.append(el)
    if any(el.tag != props_tag for el in front):
        container.addprevious(front)


def _set_text(t: Any, text: str) -> None:
    t.text = text
    space = "{http://www.w3.org/XML/1998/namespace}space"
    if text[:1].isspace() or text[-1:].isspace():
        t.set(space, "preserve")


def _empty_run_like(run: Any) -> Any:
    new = etree.Element(_R, dict(run.attrib))
    props = run.find(_RPR)
    if props is not None:
        new.append(copy.deepcopy(props))
    return new


def _isolate(child: Any) -> Any:
    """Make `child` the only content of its run (moving its siblings into runs of their own)."""
    run = child.getparent()
    if run is None or run.tag != _R:
        return None
    content = [c for c in run if c.tag != _RPR]
    if content == [child]:
        return run
    index = content.index(child)
    before, after = content[:index], content[index + 1 :]
    if before:
        new = _empty_run_like(run)
        for c in before:
            new.append(c)
        run.addprevious(new)
    if after:
        new = _empty_run_like(run)
        for c in after:
            new.append(c)
        run.addnext(new)
    return run


def _run_of(child: Any) -> Any:
    """Return the `w:r` holding a text element (isolating it first), None outside a run."""
    run = child.getparent()
    while run is not None and run.tag != _R:
        run = run.getparent()
    if run is not None and child.getparent() is run:
        _isolate(child)
        return child.getparent()
    return run


def _outer_run(child: Any) -> Any:
    """Return the run of a text element, or the revision container it was wrapped in."""
    run = _run_of(child)
    if run is None:
        return child
    parent = run.getparent()
    return parent if parent is not None and parent.tag in _REVISION_TAGS else run


def _wrap_runs(p: Any, kind: str, attrs: Callable[[], dict[str, str]]) -> None:
    """Wrap each stretch of sibling runs in `p` (not already in a revision) in a `kind` container."""
    made: set[Any] = set()  # the containers themselves: an id() of a freed lxml proxy is reused
    for run in _own_runs(p):
        parent = run.getparent()
        if parent is None or parent.tag in _REVISION_TAGS:
            continue
        if any(child.tag in _ANCHORS and not _inline(child) for child in run):
            continue  # a floating shape or text box stays: LibreOffice shows a revised anchor as text
        previous = run.getprevious()
        if previous is not None and previous in made:
            previous.append(run)
            continue
        container = etree.Element(kind, attrs())
        made.add(container)
        run.addprevious(container)
        container.append(run)


_ANCHORS = frozenset(
    {
        w("drawing"),
        w("pict"),
        w("object"),
        "{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent",
    }
)


def _in_text_box(p: Any) -> bool:
    """Return whether a paragraph stands in a text box (`w:txbxContent`)."""
    parent = p.getparent()
    while parent is not None and parent.tag not in (_BODY, _TXBX):
        parent = parent.getparent()
    return parent is not None and parent.tag == _TXBX


def _inline(child: Any) -> bool:
    """Return whether a run's drawing is an inline picture (not a floating shape or text box)."""
    if child.tag != w("drawing"):
        return False
    inner = [el for el in child if isinstance(el.tag, str)]
    return bool(inner) and all(el.tag.endswith("}inline") for el in inner)


def _own_runs(p: Any) -> list[Any]:
    """Return the runs of a paragraph, not those of the text boxes it anchors (paragraphs of their own)."""
    out = []
    stack = list(reversed(p))
    while stack:
        el = stack.pop()
        if el.tag == _R:
            out.append(el)
        elif el.tag != _TXBX and el.tag not in _ANCHORS:
            stack.extend(reversed(el))
    return out


def _expand_simple_fields(p: Any) -> None:
    """Write each simple field (`w:fldSimple`) of a paragraph as a complex one (`w:fldChar` runs), so
    that a revision can hold the whole field: a revision holds runs, not simple fields."""
    for simple in list(p.iter(w("fldSimple"))):
        parent = simple.getparent()
        if parent is None:
            continue
        result = [child for child in simple]
        first = next((r for r in simple.iter(_R)), None)
        props = first.find(_RPR) if first is not None else None

        def run(props: Any = props) -> Any:
            new = etree.Element(_R)
            if props is not None:
                new.append(copy.deepcopy(props))
            return new

        begin = run()
        etree.SubElement(begin, w("fldChar"), {w("fldCharType"): "begin"})
        code = run()
        instr = etree.SubElement(code, _INSTR)
        instr.text = simple.get(w("instr"), "")
        instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        separate = run()
        etree.SubElement(separate, w("fldChar"), {w("fldCharType"): "separate"})
        end = run()
        etree.SubElement(end, w("fldChar"), {w("fldCharType"): "end"})
        for el in [begin, code, separate, *result, end]:
            simple.addprevious(el)
        parent.remove(simple)


_PACKAGE_FIELDS = frozenset(
    (
        "AUTHOR COMMENTS CREATEDATE DOCPROPERTY DOCVARIABLE EDITTIME FILENAME FILESIZE KEYWORDS "
        "LASTSAVEDBY NUMCHARS NUMWORDS PRINTDATE REVNUM SAVEDATE SUBJECT TEMPLATE TITLE"
    ).split()
)
"""Fields whose result is read from the package holding them (its properties, name, dates)."""


def _freeze_fields(p: Any) -> None:
    """Replace a copied left paragraph's fields of the package (`TITLE`, `AUTHOR` …, outermost complex
    fields) by their shown result: in the right package they would show the right document's title."""
    runs = list(p.iter(_R))
    fields: list[list[Any]] = []  # [begin, separate, end, code] as indexes into runs
    depth = 0
    for i, run in enumerate(runs):
        for el in run:
            if el.tag == _FLD_CHAR:
                kind = el.get(w("fldCharType"))
                if kind == "begin":
                    depth += 1
                    if depth == 1:
                        fields.append([i, None, None, []])
                elif kind == "separate" and depth == 1:
                    fields[-1][1] = i
                elif kind == "end" and depth:
                    if depth == 1:
                        fields[-1][2] = i
                    depth -= 1
            elif el.tag in (_INSTR, _DEL_INSTR) and depth == 1:
                fields[-1][3].append(el.text or "")
    drop: set[int] = set()
    for begin, separate, end, code in fields:
        words = "".join(code).split()
        if end is None or not words or words[0].upper() not in _PACKAGE_FIELDS:
            continue
        drop.update(range(begin, (end if separate is None else separate) + 1))
        drop.add(end)
    for i in sorted(drop):
        parent = runs[i].getparent()
        if parent is not None:
            parent.remove(runs[i])


def _to_deleted_text(p: Any, kind: str) -> None:
    """Turn a copied paragraph's text into deleted text (`w:delText`, `w:delInstrText`)."""
    if kind != _DEL and kind != _MOVE_FROM:
        return
    for el in p.iter(_T, _INSTR):
        el.tag = _DEL_TEXT if el.tag == _T else _DEL_INSTR
