"""JSON output: the `policydiff.*` formats of ARCHITECTURE.md, schema_version 1."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import chain, islice
from operator import attrgetter
from typing import Any

from policydiff import __version__
from policydiff.model import (
    Change,
    ChangeClass,
    ChangeOp,
    Clause,
    ClauseKind,
    Comparison,
    Diagnostic,
    Edit,
    EditOp,
    Format,
    Location,
    Policy,
    Span,
    UnchangedRun,
)
from policydiff.renderers._redline import metadata_object as metadata_object  # (its home was here)

SCHEMA_VERSION = 1


def tool(options: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Return the `tool` object: name, version and the options that shaped the output."""
    return {"name": "policydiff", "version": __version__, "options": dict(options or {})}


def warnings(diagnostics: Iterable[Diagnostic]) -> list[dict[str, Any]]:
    """Return the `warnings` array, each warning once, in order."""
    seen = dict.fromkeys(diagnostics)
    return [{"code": d.code, "message": d.message, "path": d.path} for d in seen]


def _span(span: Span) -> dict[str, Any]:
    out: dict[str, Any] = {"start": span.start, "end": span.end}
    for name in ("bold", "italic", "underline"):
        if getattr(span, name):
            out[name] = True
    if span.href is not None:
        out["href"] = span.href
    if span.strike:
        out["strike"] = True
    if span.code:
        out["code"] = True
    return out


def _location(location: Location) -> dict[str, Any]:
    return {
        k: v for k in ("line", "part", "index", "row", "column") if (v := getattr(location, k)) is not None
    }


def clause_object(clause: Clause) -> dict[str, Any]:
    """Return the JSON object of one clause."""
    out: dict[str, Any] = {
        "id": clause.id,
        "kind": clause.kind.value,
        "level": clause.level,
        "label": clause.label,
        "section": list(clause.section),
        "text": clause.text,
        "location": _location(clause.location),
    }
    if clause.spans:
        out["spans"] = [_span(s) for s in clause.spans]
    if clause.annotations:
        out["annotations"] = [
            {"author": a.author, "date": a.date, "text": a.text} for a in clause.annotations
        ]
    return out


def document_object(policy: Policy, *, clauses: bool = True, lazy: bool = False) -> dict[str, Any]:
    """Return a policy as a `policydiff.document` object without the envelope (tool, warnings).

    With `lazy`, the clauses are an array that `iter_json` writes as it goes.
    """
    out: dict[str, Any] = {
        "source": policy.source,
        "sha256": policy.sha256,
        "input_format": policy.format,
        "title": policy.title,
        "organisation": policy.organisation,
        "metadata": metadata_object(policy),
        "objects": [{"kind": o.kind, "fingerprint": o.fingerprint, "name": o.name} for o in policy.objects],
    }
    if clauses:
        out["clauses"] = _Clauses(policy.clauses) if lazy else [clause_object(c) for c in policy.clauses]
    return out


def _dumps(value: Any, **options: Any) -> str:
    """Return `json.dumps(value, ensure_ascii=False, **options)`; the module `json` is imported on first
    use, so that importing a renderer that only borrows a helper from here (the HTML report) does not."""
    import json

    return json.dumps(value, ensure_ascii=False, **options)


def _indented(value: Any, indent: str) -> str:
    """Return `json.dumps(value, ensure_ascii=False, indent=2)` as it stands inside a value at `indent`:
    its lines after the first indented by that much (no encoded string holds a newline)."""
    text = _dumps(value, indent=2)
    return text.replace("\n", "\n" + indent) if indent else text


def _flat(values: Sequence[Any], indent: str) -> str:
    """Return `_indented(list(values), indent)` of strings, numbers or None in one call into the C encoder:
    its item separator carries the newline and the indentation."""
    if not values:
        return "[]"
    inner = indent + "  "
    text = _dumps(list(values), separators=(",\n" + inner, ": "))
    return f"[\n{inner}{text[1:-1]}\n{indent}]"


def pretty(value: Any) -> str:
    """Return `json.dumps(value, ensure_ascii=False, indent=2)`."""
    return _dumps(value, indent=2)


def dumps(value: Mapping[str, Any]) -> bytes:
    """Return stable, readable JSON bytes (UTF-8, sorted nowhere: order is meaningful)."""
    return (pretty(value) + "\n").encode("utf-8")


def _encoded(values: Iterable[Any]) -> list[str]:
    """Return the JSON of each value (strings, None, numbers), all encoded by one call into the standard
    library's C encoder: written as one array whose items are separated by a newline, which no encoded
    value holds, and split there."""
    text = _dumps(list(values), separators=("\n", ":"))
    return text[1:-1].split("\n") if len(text) > 2 else []


class Lazy:
    """An array whose items are produced while the JSON is written, so they never sit in memory at once."""

    def __init__(self, items: Iterable[Any]) -> None:
        self.items = items


class _Written:
    """An array written straight to JSON text by `write(indent)`: the text of its items (at `indent`),
    in order. For the long arrays of a report (clauses, changes), whose items share a few shapes: each
    item is one template filled with values encoded in bulk."""

    def write(self, indent: str) -> Iterator[str]:  # pragma: no cover - overridden
        raise NotImplementedError


_CHUNK = 1 << 16
"""Characters gathered before a piece of streamed JSON is handed on."""


def _stream(value: Any, indent: str, out: list[bytes]) -> Iterator[list[bytes]]:
    """Append the UTF-8 JSON of `value` to `out`, yielding `out` whenever it holds a chunk's worth.

    Mappings are written member by member, `Lazy` arrays item by item and written arrays (`_Written`) a
    batch of items at a time; everything else at once. The layout is `json.dumps(…, indent=2)`'s. Each
    part is encoded on its own: one text that is not ASCII does not make a whole chunk slow to encode.
    """
    if isinstance(value, Lazy):
        inner = indent + "  "
        sep = "[\n" + inner
        for item in value.items:
            out.append((sep + _indented(item, inner)).encode())
            sep = ",\n" + inner
            if len(out) >= _CHUNK // 16:
                yield out
        out.append(b"[]" if sep.startswith("[") else ("\n" + indent + "]").encode())
    elif isinstance(value, _Written):
        inner = indent + "  "
        items = map(str.encode, value.write(inner))
        opening, between = ("[\n" + inner).encode(), (",\n" + inner).encode()
        start = opening
        while batch := list(islice(items, _BATCH)):
            out.append(start + between.join(batch))
            start = between
            yield out
        out.append(b"[]" if start is opening else ("\n" + indent + "]").encode())
    elif isinstance(value, dict) and any(isinstance(v, Lazy | _Written | dict) for v in value.values()):
        inner = indent + "  "
        sep = "{\n" + inner
        for key, item in value.items():
            out.append((sep + _dumps(str(key)) + ": ").encode())
            yield from _stream(item, inner, out)
            sep = ",\n" + inner
        out.append(("\n" + indent + "}").encode())
    else:
        out.append(_indented(value, indent).encode())


_BATCH = 512
"""Items of a written array encoded and joined as one piece of `_stream` (and handed on)."""


def iter_json(value: Mapping[str, Any]) -> Iterator[bytes]:
    """Yield the JSON bytes of `dumps(value)` in pieces, producing `Lazy` arrays as it goes."""
    out: list[bytes] = []
    for full in _stream(dict(value), "", out):
        yield b"".join(full)
        full.clear()
    out.append(b"\n")
    yield b"".join(out)


_KIND_JSON = {kind: f'"{kind.value}"' for kind in ClauseKind}
_OP_JSON = {op: f'"{op.value}"' for op in ChangeOp}
_EDIT_OP_JSON = {op: f'"{op.value}"' for op in EditOp}
_NOT_AT = (None, None, None, None)
_PLACE = attrgetter("part", "index", "row", "column")
"""A location's fields but its line: all None for a clause of a text file."""


class _Clauses(_Written):
    """A document's clauses (`clause_object` of each): a clause without spans or annotations is one
    template filled; its id, label and text are encoded with the other clauses' (`_encoded`)."""

    def __init__(self, clauses: Sequence[Clause]) -> None:
        self.clauses = clauses

    def write(self, indent: str) -> Iterator[str]:
        clauses = self.clauses
        field = indent + "  "
        template = (
            f'{{\n{field}"id": %s,\n{field}"kind": %s,\n{field}"level": %d,\n{field}"label": %s,\n'
            f'{field}"section": %s,\n{field}"text": %s,\n{field}"location": %s\n{indent}}}'
        )
        line_only = f'{{\n{field}  "line": %d\n{field}}}'
        sections: dict[tuple[str, ...], str] = {}
        kinds, place, nowhere = _KIND_JSON, _PLACE, _NOT_AT
        ids = _encoded(map(_ID, clauses))
        labels = _encoded(map(_LABEL, clauses))
        texts = _encoded(map(_TEXT, clauses))
        for clause, cid, label, text in zip(clauses, ids, labels, texts, strict=True):
            if clause.spans or clause.annotations:
                yield _indented(clause_object(clause), indent)
                continue
            section = sections.get(clause.section)
            if section is None:
                section = sections[clause.section] = _flat(clause.section, field)
            at = clause.location
            if at.line is not None and place(at) == nowhere:
                location = line_only % at.line
            else:
                location = _indented(_location(at), field)
            yield template % (cid, kinds[clause.kind], clause.level, label, section, text, location)


class _Changes(_Written):
    """A comparison's changes (`change_object` of each): one template for the members every change has,
    one per edit, small ones for a relabel and classes, `json.dumps` for formatting. Edit texts, clause
    ids, scores and shared words are encoded all at once (`_encoded`). An unchanged run's pairs are one
    template filled with the two clauses' ids each, without a `Change` made for them."""

    def __init__(self, comparison: Comparison) -> None:
        self.comparison = comparison

    def write(self, indent: str) -> Iterator[str]:
        comparison = self.comparison
        parts = list(comparison.parts())
        changes = [part for part in parts if not isinstance(part, UnchangedRun)]
        field = indent + "  "
        item = field + "  "
        member = f",\n{field}"
        head = (
            f'{{\n{field}"op": %s,\n{field}"left": %s,\n{field}"right": %s,\n{field}"score": %s,\n'
            f'{field}"matched_by": %s'
        )
        one_id = f"[\n{item}%s\n{field}]"
        ids_sep = f",\n{item}"
        edit_head = f'{{\n{item}  "op": %s,\n{item}  "text": %s'
        edit_end = f"\n{item}}}"
        edit_sep = f",\n{item}"
        end = f"\n{indent}}}"
        label = f'{member}"label": {{\n{item}"left": %s,\n{item}"right": %s\n{field}}}'
        class_json = _ChangeClassJSON(item)
        ops, edit_ops, moved_kinds = _OP_JSON, _EDIT_OP_JSON, _PLACE_CHANGED
        ids = iter(_encoded(chain.from_iterable(chain.from_iterable(map(_SIDES, changes)))))
        texts = iter(_encoded(map(_TEXT, chain.from_iterable(map(_EDITS, changes)))))
        scores = iter(_encoded([round(change.score, 4) for change in changes]))
        shared = iter(_encoded(chain.from_iterable(map(_SHARED, changes))))
        strings: dict[str | None, str] = {}
        if len(changes) < len(parts):
            lclauses, rclauses = comparison.left.clauses, comparison.right.clauses
            left_ids, right_ids = _encoded(map(_ID, lclauses)), _encoded(map(_ID, rclauses))
            pair = head % (ops[_UNCHANGED], one_id, one_id, "1.0", '"exact"') + end  # `%s` left for each id

        def side(clause_ids: Sequence[str]) -> str:
            """One side's ids: one id inline, several as an indented array (taken from `ids` in order)."""
            if len(clause_ids) == 1:
                return one_id % next(ids)
            if clause_ids:
                return f"[\n{item}{ids_sep.join([next(ids) for _ in clause_ids])}\n{field}]"
            return "[]"

        for change in parts:
            if isinstance(change, UnchangedRun):
                a, b, n = change.left, change.right, change.length
                yield from map(pair.__mod__, zip(left_ids[a : a + n], right_ids[b : b + n], strict=True))
                continue
            score = next(scores)
            left, right = side(change.left), side(change.right)
            how = strings.get(change.matched_by)
            if how is None:
                how = strings[change.matched_by] = _dumps(change.matched_by)
            text = head % (ops[change.op], left, right, score, how)
            if change.op in moved_kinds:
                text += f'{member}"reworded": {"true" if change.reworded else "false"}'
            edits = change.edits
            if edits:
                shown = []
                for edit in edits:
                    one = edit_head % (edit_ops[edit.op], next(texts))
                    if edit.cls:
                        cls = strings.get(edit.cls)
                        if cls is None:
                            cls = strings[edit.cls] = _dumps(edit.cls)
                        one += f',\n{item}  "class": {cls}'
                    shown.append(one + edit_end)
                text += f'{member}"edits": [\n{item}{edit_sep.join(shown)}\n{field}]'
            if change.formatting:
                text += f'{member}"formatting": {_indented(change_object(change)["formatting"], field)}'
            relabel = change.label
            if relabel is not None:
                text += label % tuple(_encoded((relabel.left, relabel.right)))
            if change.shared:
                words = ids_sep.join([next(shared) for _ in change.shared])
                text += f'{member}"shared": [\n{item}{words}\n{field}]'
            if change.classes:
                found = edit_sep.join(map(class_json, change.classes))
                text += f'{member}"classes": [\n{item}{found}\n{field}]'
            yield text + end


class _ChangeClassJSON:
    """`_change_class` of a change class as JSON text at `indent` (an item of `classes`)."""

    def __init__(self, indent: str) -> None:
        inner = indent + "  "
        self.template = f'{{\n{inner}"class": %s,\n{inner}"left": %s,\n{inner}"right": %s%s\n{indent}}}'
        self.direction = f',\n{inner}"direction": %s'

    def __call__(self, k: ChangeClass) -> str:
        values = _encoded((k.cls, k.left, k.right, k.direction))
        direction = self.direction % values[3] if k.direction is not None else ""
        return self.template % (values[0], values[1], values[2], direction)


_ID = attrgetter("id")
_LABEL = attrgetter("label")
_TEXT = attrgetter("text")
_EDITS = attrgetter("edits")
_SHARED = attrgetter("shared")
_SIDES = attrgetter("left", "right")
_PLACE_CHANGED = frozenset((ChangeOp.MOVED, ChangeOp.SPLIT, ChangeOp.MERGED))
_UNCHANGED = ChangeOp.UNCHANGED


def iter_document(policy: Policy, *, options: Mapping[str, Any] | None = None) -> Iterator[bytes]:
    """Generate the `policydiff.document` JSON of a policy in pieces.

    The bytes are exactly those of `json.dumps(…, indent=2)`, but a million clauses never sit in
    memory as one dict or one string.
    """
    return iter_json(
        {
            "format": "policydiff.document",
            "schema_version": SCHEMA_VERSION,
            "tool": tool(options),
            "warnings": warnings(policy.warnings),
            **document_object(policy, lazy=True),
        }
    )


def render_document(policy: Policy, *, options: Mapping[str, Any] | None = None) -> bytes:
    """Return the `policydiff.document` JSON of a policy."""
    return b"".join(iter_document(policy, options=options))


def edit_object(edit: Edit) -> dict[str, Any]:
    """Return the JSON object of one word-level edit (`class` only for slot/cosmetic edits)."""
    out: dict[str, Any] = {"op": edit.op.value, "text": edit.text}
    if edit.cls:
        out["class"] = edit.cls
    return out


def change_object(change: Change) -> dict[str, Any]:
    """Return the JSON object of one change."""
    out: dict[str, Any] = {
        "op": change.op.value,
        "left": list(change.left),
        "right": list(change.right),
        "score": round(change.score, 4),
        "matched_by": change.matched_by,
    }
    if change.op in (ChangeOp.MOVED, ChangeOp.SPLIT, ChangeOp.MERGED):
        out["reworded"] = change.reworded
    if change.edits:
        out["edits"] = [edit_object(e) for e in change.edits]
    if change.formatting:
        out["formatting"] = [
            {"text": f.text, "left": format_object(f.left), "right": format_object(f.right)}
            for f in change.formatting
        ]
    if change.label is not None:
        out["label"] = {"left": change.label.left, "right": change.label.right}
    if change.shared:
        out["shared"] = list(change.shared)
    if change.classes:
        out["classes"] = [_change_class(k) for k in change.classes]
    return out


def _change_class(k: ChangeClass) -> dict[str, Any]:
    """Return the JSON object of a change class: `direction` only for modality and negation."""
    out: dict[str, Any] = {"class": k.cls, "left": k.left, "right": k.right}
    if k.direction is not None:
        out["direction"] = k.direction
    return out


def format_object(fmt: Format) -> dict[str, Any]:
    """Return the JSON object of a formatting: only the emphasis that is on, `href` for a link, `strike`
    for struck-through text, `code` for code, `heading` for a whole heading and `level` for its level
    where it changed."""
    out: dict[str, Any] = {}
    for name in ("bold", "italic", "underline", "heading"):
        if getattr(fmt, name):
            out[name] = True
    if fmt.href is not None:
        out["href"] = fmt.href
    if fmt.strike:
        out["strike"] = True
    if fmt.code:
        out["code"] = True
    if fmt.level is not None:
        out["level"] = fmt.level
    return out


def comparison_object(comparison: Comparison, *, lazy: bool = False) -> dict[str, Any]:
    """Return a comparison as a `policydiff.comparison` object without the envelope.

    With `lazy`, the clauses and changes are arrays that `iter_json` writes as it goes.
    """
    changes = comparison.changes
    return {
        "left": document_object(comparison.left, lazy=lazy),
        "right": document_object(comparison.right, lazy=lazy),
        "slots": [
            {"left": s.left, "right": s.right, "count": s.count, "source": s.source} for s in comparison.slots
        ],
        "changes": _Changes(comparison) if lazy else [change_object(c) for c in changes],
        "stats": {**comparison.stats(), **comparison.detail_stats()},
    }


def iter_comparison(comparison: Comparison, *, date: str | None = None) -> Iterator[bytes]:
    """Generate the `policydiff.comparison` JSON of a comparison in pieces (see `iter_document`)."""
    options = dict(comparison.options)
    if date is not None:
        options["date"] = date
    return iter_json(
        {
            "format": "policydiff.comparison",
            "schema_version": SCHEMA_VERSION,
            "tool": tool(options),
            "warnings": warnings(comparison.warnings),
            **comparison_object(comparison, lazy=True),
        }
    )


def render_comparison(comparison: Comparison, *, date: str | None = None) -> bytes:
    """Return the `policydiff.comparison` JSON of a comparison."""
    return b"".join(iter_comparison(comparison, date=date))
