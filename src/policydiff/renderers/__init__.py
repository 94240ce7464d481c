"""Renderers: one module per output format, each turning a model value into bytes.

`RENDERERS` is the one table of what can be written: for each kind of result (a parsed `policy`, a
`comparison`, a `lineage`, a `blame`, a `matrix`) and each format, the module and function that write it.
The command line and `policydiff.render` both go through `render_pieces`; the modules are imported only
when a format is asked for, so `import policydiff` stays quick.
"""

from __future__ import annotations

import sys

from policydiff.errors import UsageError

# mypy reads a module-level `TYPE_CHECKING` as true; at run time `typing` is not imported for this (a
# `parse` run would otherwise load it only here).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from typing import Any

RENDERERS: dict[str, dict[str, tuple[str, str]]] = {
    "policy": {
        "text": ("policydiff.renderers.text", "render_document"),
        "json": ("policydiff.renderers.json", "iter_document"),
    },
    "comparison": {
        "text": ("policydiff.renderers.text", "render_comparison"),
        "html": ("policydiff.renderers.html", "stream_comparison"),
        "md": ("policydiff.renderers.markdown", "render_comparison"),
        "json": ("policydiff.renderers.json", "iter_comparison"),
        "docx": ("policydiff.renderers.docx", "render_comparison"),
    },
    "lineage": {
        "text": ("policydiff.renderers.history", "render_lineage_text"),
        "html": ("policydiff.renderers.history", "render_lineage_html"),
        "md": ("policydiff.renderers.history", "render_lineage_markdown"),
        "json": ("policydiff.renderers.history", "render_lineage_json"),
    },
    "blame": {
        "text": ("policydiff.renderers.history", "render_blame_text"),
        "json": ("policydiff.renderers.history", "render_blame_json"),
    },
    "matrix": {
        "text": ("policydiff.renderers.matrix", "render_text"),
        "html": ("policydiff.renderers.matrix", "render_html"),
        "md": ("policydiff.renderers.matrix", "render_markdown"),
        "json": ("policydiff.renderers.matrix", "iter_matrix"),
        "csv": ("policydiff.renderers.matrix", "render_csv"),
    },
}
"""Kind of result -> format -> (module, function): the function takes the result and keyword options."""

_KINDS = {
    "Policy": "policy",
    "Comparison": "comparison",
    "Lineage": "lineage",
    "Blame": "blame",
    "Matrix": "matrix",
}
"""The model class of each kind of result."""


def kind_of(result: object) -> str:
    """Return the kind of a result (`policy`, `comparison`, `lineage`, `blame`, `matrix`)."""
    from policydiff import model

    for name, kind in _KINDS.items():
        if isinstance(result, getattr(model, name)):
            return kind
    raise TypeError(
        f"cannot render a {type(result).__name__}: expected a Policy, Comparison, Lineage, Blame or Matrix"
    )


def formats(kind: str) -> list[str]:
    """Return the formats a kind of result can be written in."""
    return list(RENDERERS[kind])


def renderer(kind: str, fmt: str) -> Callable[..., bytes | Iterable[bytes]]:
    """Return the function writing `kind` in `fmt`; an unknown format raises `UsageError`."""
    table = RENDERERS[kind]
    if fmt not in table:
        raise UsageError(f"a {kind} cannot be written as {fmt!r}; choose one of {', '.join(table)}")
    module, name = table[fmt]
    # The import statement's own path (not `importlib.import_module`'s, which Python runs outside it), so
    # that `python -X importtime` lists the renderer: the benchmark's start-up figure counts it.
    __import__(module)
    function: Callable[..., bytes | Iterable[bytes]] = getattr(sys.modules[module], name)
    return function


def _keyword_only(function: Callable[..., object]) -> list[str]:
    """Return the names of a renderer's keyword-only parameters: its options (read from its code object,
    which `inspect.signature` would also read, without importing `inspect`)."""
    code = getattr(function, "__code__", None)
    if code is None or hasattr(function, "__wrapped__"):
        import inspect

        parameters = inspect.signature(function).parameters.values()
        return [p.name for p in parameters if p.kind is p.KEYWORD_ONLY]
    return list(code.co_varnames[code.co_argcount : code.co_argcount + code.co_kwonlyargcount])


def render_pieces(result: object, fmt: str, **options: Any) -> bytes | Iterable[bytes]:
    """Return `result` written in `fmt`: bytes, or pieces made as they are written
    (JSON; a matrix a group at a time).

    An option the format does not take raises `UsageError` naming the ones it does.
    """
    kind = kind_of(result)
    function = renderer(kind, fmt)
    accepted = _keyword_only(function)
    unknown = sorted(set(options) - set(accepted))
    if unknown:
        takes = f"takes {', '.join(accepted)}" if accepted else "takes no options"
        raise UsageError(f"{kind} as {fmt}: unknown option(s) {', '.join(unknown)}; it {takes}")
    return function(result, **options)


def render(result: object, fmt: str, **options: Any) -> bytes:
    """Return `result` written in `fmt` as bytes (see `render_pieces`)."""
    data = render_pieces(result, fmt, **options)
    return data if isinstance(data, bytes) else b"".join(data)
