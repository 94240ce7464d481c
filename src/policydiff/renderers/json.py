"""JSON output: the `policydiff.*` formats of ARCHITECTURE.md, schema_version 1."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from policydiff import __version__
from policydiff.model import Change, ChangeOp, Clause, Comparison, Diagnostic, Edit, Location, Policy, Span

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


def metadata_object(policy: Policy) -> dict[str, str]:
    """Return the metadata as one object: the first value of a key wins; header/footer lines join."""
    out: dict[str, str] = {}
    for key, value in policy.metadata:
        if key in ("header", "footer") and key in out:
            out[key] += "\n" + value
        else:
            out.setdefault(key, value)
    return out


def document_object(policy: Policy, *, clauses: bool = True) -> dict[str, Any]:
    """Return a policy as a `policydiff.document` object without the envelope (tool, warnings)."""
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
        out["clauses"] = [clause_object(c) for c in policy.clauses]
    return out


def dumps(value: Mapping[str, Any]) -> bytes:
    """Return stable, readable JSON bytes (UTF-8, sorted nowhere: order is meaningful)."""
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _member(name: str, value: Any, indent: str) -> str:
    text = json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + indent)
    return f"{indent}{json.dumps(name)}: {text}"


def iter_document(policy: Policy, *, options: Mapping[str, Any] | None = None) -> Iterator[bytes]:
    """Generate the `policydiff.document` JSON of a policy in pieces, a thousand clauses at a time.

    The bytes are exactly those of `json.dumps(…, indent=2)`, but a million clauses never sit in
    memory as one dict or one string.
    """
    head = {
        "format": "policydiff.document",
        "schema_version": SCHEMA_VERSION,
        "tool": tool(options),
        "warnings": warnings(policy.warnings),
        **document_object(policy, clauses=False),
    }
    yield ("{\n" + ",\n".join(_member(k, v, "  ") for k, v in head.items())).encode("utf-8")
    if not policy.clauses:
        yield b',\n  "clauses": []\n}\n'
        return
    yield b',\n  "clauses": [\n'
    batch: list[str] = []
    for n, clause in enumerate(policy.clauses):
        text = json.dumps(clause_object(clause), ensure_ascii=False, indent=2).replace("\n", "\n    ")
        batch.append(("    " if n == 0 else ",\n    ") + text)
        if len(batch) >= 1000:
            yield "".join(batch).encode("utf-8")
            batch = []
    batch.append("\n  ]\n}\n")
    yield "".join(batch).encode("utf-8")


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
    return out


def comparison_object(comparison: Comparison) -> dict[str, Any]:
    """Return a comparison as a `policydiff.comparison` object without the envelope."""
    return {
        "left": document_object(comparison.left),
        "right": document_object(comparison.right),
        "slots": [
            {"left": s.left, "right": s.right, "count": s.count, "source": s.source} for s in comparison.slots
        ],
        "changes": [change_object(c) for c in comparison.changes],
        "stats": comparison.stats(),
    }


def render_comparison(comparison: Comparison, *, date: str | None = None) -> bytes:
    """Return the `policydiff.comparison` JSON of a comparison."""
    options = dict(comparison.options)
    if date is not None:
        options["date"] = date
    return dumps(
        {
            "format": "policydiff.comparison",
            "schema_version": SCHEMA_VERSION,
            "tool": tool(options),
            "warnings": warnings(comparison.warnings),
            **comparison_object(comparison),
        }
    )
