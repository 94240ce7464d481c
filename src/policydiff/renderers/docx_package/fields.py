"""Cross-references to a moved paragraph's bookmark, read in both views."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from typing import Any

from lxml import etree

from policydiff.ooxml.names import w
from policydiff.renderers.docx_package.names import (
    _DEL,
    _DEL_INSTR,
    _DEL_TEXT,
    _FLD_CHAR,
    _INS,
    _INSTR,
    _MOVE_TO,
    _P,
    _PPR,
    _R,
    _T,
)

_REFERENCE = re.compile(r"^\s*(?:REF|PAGEREF)\s+(\S+)", re.IGNORECASE)


def _moved_references(root: Any, attrs: Callable[[], dict[str, str]], left: Any) -> None:
    """Write a cross-reference, in text both views keep, to a bookmark of a moved paragraph as the
    field deleted, pointing at a bookmark of its own on the moved-away copy, and the field inserted.

    The bookmark is the right's, on the moved-to copy, which Reject All removes: the field read "Error:
    Reference source not found" there (stress `wm-twins21` x162 and x162r, session 25, later: the
    referenced heading moved up above the title). One bookmark cannot hold both copies (spanning them,
    Reject All's field read the paragraph the range then starts in, "(see )"); by hand, the field
    deleted and inserted, each with a bookmark of its own, read right in both views, and Word shows
    the same text in both.

    The same for a bookmark on a paragraph whose text is all inserted, the left's bookmark of that name
    on a paragraph that one wholly deleted paragraph of the same text copies (`left`, the left's body;
    stress `wm-restart` x163, session 25, last: the numbered heading "Rules" restyled, written deleted
    and inserted, the right's bookmark on the inserted copy; by hand, the field written twice read
    right in both views)."""
    moved: dict[tuple[str, str], list[Any]] = {}  # (each move's paragraphs, by kind and name)
    for kind in ("moveToRangeStart", "moveFromRangeStart"):
        for start in root.iter(w(kind)):
            p, name = start.getparent(), start.get(w("name"))
            if p is not None and p.tag == _P and name is not None:
                moved.setdefault((kind, name), []).append(p)
    names = {str(b.get(w("name"))) for b in root.iter(w("bookmarkStart"))}
    ids = [int(i) for b in root.iter(w("bookmarkStart")) if (i := b.get(w("id"), "")).isdigit()]
    next_id = max(ids, default=0) + 1
    away: dict[str, Any] = {}  # (a moved-to paragraph's bookmark name: its moved-away copy)
    for (kind, name), to in moved.items():
        gone = moved.get(("moveFromRangeStart", name))
        if kind != "moveToRangeStart" or gone is None or len(gone) != len(to):
            continue
        for p, q in zip(to, gone, strict=True):
            for b in p.iter(w("bookmarkStart")):
                if b.get(w("name")) and not str(b.get(w("name"))).startswith("_GoBack"):
                    away[str(b.get(w("name")))] = q
    away.update(_replaced(root, left, set(away)))
    if not away:
        return
    given: dict[str, str] = {}  # (a moved bookmark's name: its copy's on the moved-away paragraph)
    for p in list(root.iter(_P)):
        for field in _kept_fields(p):
            instr = "".join(t.text or "" for r in field for t in r.iter(_INSTR))
            found = _REFERENCE.match(instr)
            if found is None or found.group(1) not in away:
                continue
            target = found.group(1)
            pattern = rf"(?<=\s){re.escape(target)}(?=\s|$)"
            if target not in given:
                k = len(names)
                while f"_Moved{k}" in names:
                    k += 1
                given[target] = f"_Moved{k}"
                names.add(given[target])
                q = away[target]
                props = q.find(_PPR)
                at = 1 if props is not None and q.index(props) == 0 else 0
                q.insert(
                    at, etree.Element(w("bookmarkStart"), {w("id"): str(next_id), w("name"): given[target]})
                )
                q.append(etree.Element(w("bookmarkEnd"), {w("id"): str(next_id)}))
                next_id += 1
            deleted, inserted = etree.Element(_DEL, attrs()), etree.Element(_INS, attrs())
            field[0].addprevious(deleted)
            deleted.addnext(inserted)
            for r in field:
                c = copy.deepcopy(r)
                for t in c.iter(_T, _INSTR):
                    if t.tag == _INSTR:
                        t.text = re.sub(pattern, given[target], t.text or "", count=1)
                    t.tag = _DEL_TEXT if t.tag == _T else _DEL_INSTR
                deleted.append(c)
                inserted.append(r)


def _kept_fields(p: Any) -> list[list[Any]]:
    """Return a paragraph's complex fields written in its own runs (text both views keep), each as its
    runs from the field's beginning to its end; a field nested in another is left out."""
    out: list[list[Any]] = []
    field: list[Any] = []
    depth = 0
    for child in p:
        chars = [c.get(w("fldCharType")) for c in child.iter(_FLD_CHAR)] if child.tag == _R else []
        if depth == 0 and "begin" not in chars:
            continue
        if child.tag != _R:
            field, depth = [], 0  # (a field across other content: left as it is)
            continue
        field.append(child)
        for kind in chars:
            depth += 1 if kind == "begin" else -1 if kind == "end" else 0
        if depth <= 0:
            if sum(1 for r in field for c in r.iter(_FLD_CHAR) if c.get(w("fldCharType")) == "begin") == 1:
                out.append(field)
            field, depth = [], 0
    return out


def _replaced(root: Any, left: Any, known: set[str]) -> dict[str, Any]:
    """Return, for each bookmark (not yet in `known`) on a paragraph whose text is all inserted, the
    wholly deleted paragraph whose text is that of the left's paragraph holding the bookmark's name,
    where exactly one such paragraph is."""
    wanted: dict[str, str] = {}  # (a bookmark's name: the text of its left paragraph)
    for p in left.iter(_P):
        names = [str(b.get(w("name")) or "") for b in p.iter(w("bookmarkStart"))]
        names = [name for name in names if name and not name.startswith("_GoBack")]
        if names:  # (the paragraph's text read once, however many bookmarks it holds)
            text = "".join(t.text or "" for t in p.iter(_T))
            for name in names:
                wanted.setdefault(name, text)
    held: dict[str, str] = {}  # (a bookmark on a paragraph Reject All empties: its left text)
    deleted: dict[str, list[Any]] = {}  # (the wholly deleted paragraphs, by their text)
    for p in root.iter(_P):
        kinds = {_kind(t) for t in p.iter(_T, _DEL_TEXT)}
        if kinds == {_DEL}:
            deleted.setdefault("".join(t.text or "" for t in p.iter(_DEL_TEXT)), []).append(p)
        if kinds != {_INS}:
            continue
        for b in p.iter(w("bookmarkStart")):
            name = str(b.get(w("name")) or "")
            if name in wanted and name not in known:
                held[name] = wanted[name]
    return {name: deleted[text][0] for name, text in held.items() if len(deleted.get(text, ())) == 1}


def _kind(t: Any) -> Any:
    """Return the revision a run's text stands in (`w:ins`, `w:del`, or None for kept text)."""
    if t.tag == _DEL_TEXT:
        return _DEL
    for a in t.iterancestors(_INS, _MOVE_TO, _P):
        return _INS if a.tag == _INS else None
    return None
