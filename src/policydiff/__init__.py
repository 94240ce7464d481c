"""policydiff: compare and version policy documents clause by clause.

The Python API, in three lines::

    import policydiff
    comparison = policydiff.compare("old.docx", "new.docx")
    open("report.html", "wb").write(policydiff.render(comparison, "html"))

Every function raises a `policydiff.errors.PolicydiffError` (with `.path` and `.cause`) for bad input;
none prints or exits. Modules are imported when first used, so `import policydiff` is quick.
"""

from __future__ import annotations

import gc
import os
import sys
import types

__version__ = "0.1.0"

# `import policydiff` loads no other module of its own, nor `typing`, `dataclasses` or `pathlib`:
# `Options` comes from `policydiff.settings` when first asked for (`__getattr__` below), and mypy reads
# a module-level `TYPE_CHECKING` as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping, Sequence
    from typing import Any

    from policydiff.align import Thresholds
    from policydiff.model import Blame, Comparison, Lineage, Matrix, Policy
    from policydiff.settings import Options


def parse(path: str | os.PathLike[str], *, encoding: str | None = None) -> Policy:
    """Return the `Policy` (clauses, title, organisation, metadata) of one file."""
    from policydiff.readers import read_path
    from policydiff.segment import segment

    running = gc.isenabled()
    gc.disable()  # see `parse_bytes`
    try:
        return segment(read_path(path, encoding=encoding))
    finally:
        if running:
            gc.enable()


def parse_bytes(data: bytes, source: str, *, encoding: str | None = None) -> Policy:
    """Return the `Policy` of bytes (e.g. a git blob); `source` names them in output."""
    from policydiff.readers import read_bytes
    from policydiff.segment import segment

    # Python's cyclic garbage collector is paused while a document is read (and turned on again as it
    # was): reading makes an object or three per line that hold no cycles, and each full collection
    # walked all of them again (a 50,000-clause pair: 15-25 % of the reading time).
    running = gc.isenabled()
    gc.disable()
    try:
        return segment(read_bytes(data, source, encoding=encoding))
    finally:
        if running:
            gc.enable()


def _side(
    side: str | os.PathLike[str] | bytes | Policy,
    name: str | None,
    which: str,
    *,
    repo: str | os.PathLike[str] | None,
    encoding: str | None,
) -> Policy:
    from policydiff.compare import load_side
    from policydiff.model import Policy

    if isinstance(side, Policy):
        return side
    if isinstance(side, bytes | bytearray):
        return parse_bytes(bytes(side), name or which, encoding=encoding)
    return load_side(side, repo=os.fspath(repo) if repo is not None else None, encoding=encoding)


def compare(
    left: str | os.PathLike[str] | bytes | Policy,
    right: str | os.PathLike[str] | bytes | Policy,
    *,
    left_name: str | None = None,
    right_name: str | None = None,
    repo: str | os.PathLike[str] | None = None,
    encoding: str | None = None,
    slots: Iterable[str | tuple[str, str]] = (),
    no_slots: bool = False,
    thresholds: Thresholds | Mapping[str, float] | None = None,
    budget: float | None = None,
    options: Options | None = None,
) -> Comparison:
    """Return the clause-by-clause `Comparison` of two policies.

    Each side is a path, a parsed `Policy`, or the bytes of a document (named by `left_name` /
    `right_name`, whose suffix tells the format, e.g. ``"v1.docx"``). With `repo`, a path side is a
    `REV:PATH` revision read from that git repository. `slots` are ``"OLD=NEW"`` strings or pairs
    naming organisation-specific wording to treat as one slot; `no_slots` turns slot detection off.
    `thresholds` (an `align.Thresholds` or a mapping of its fields) and `budget` (seconds for
    word-level diffs) tune the alignment as `policydiff.toml` does. `options` (a
    `policydiff.settings.Options`, e.g. `Options.from_file()` for the settings file) carries them all
    at once; keywords given beside it are laid over it.
    """
    from policydiff.compare import compare_policies
    from policydiff.settings import Options

    chosen = (options or Options()).with_(
        thresholds=thresholds, slots=slots, no_slots=no_slots, budget=budget, encoding=encoding
    )
    return compare_policies(
        _side(left, left_name, "left", repo=repo, encoding=chosen.encoding),
        _side(right, right_name, "right", repo=repo, encoding=chosen.encoding),
        manual_slots=chosen.slots,
        use_slots=not chosen.no_slots,
        thresholds=chosen.thresholds,
        budget=chosen.budget,
    )


def history(
    path: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    *,
    repo: str | os.PathLike[str] | None = None,
    from_rev: str | None = None,
    to_rev: str | None = None,
    first_parent: bool = False,
    encoding: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    options: Options | None = None,
) -> Lineage:
    """Return the `Lineage` of every clause: when it appeared, changed, moved and went.

    With `repo`, `path` is one file (relative to the repository root) followed through its commits
    (`from_rev`..`to_rev`, renames followed; `first_parent` for the mainline only). Without it, `path`
    is a sequence of files, the versions oldest first; `encoding` (else `options.encoding`) reads them.
    """
    from policydiff.errors import UsageError
    from policydiff.history import history as history_of_repo
    from policydiff.history import history_of_files

    if repo is not None:
        if not isinstance(path, str | os.PathLike):
            raise UsageError("with repo, give exactly one path (relative to the repository root)")
        return history_of_repo(
            os.fspath(path),
            repo=repo,
            from_rev=from_rev,
            to_rev=to_rev,
            first_parent=first_parent,
            progress=progress,
        )
    if from_rev or to_rev or first_parent:
        raise UsageError("from_rev, to_rev and first_parent need repo")
    paths = [path] if isinstance(path, str | os.PathLike) else list(path)
    return history_of_files(paths, encoding=encoding or (options.encoding if options else None))


def blame(path: str, *, repo: str | os.PathLike[str], rev: str = "HEAD") -> Blame:
    """Return, for each clause of `path` at `rev`, the commit that introduced it, the last that changed
    it, and how often it changed."""
    from policydiff.history import blame as blame_of

    return blame_of(path, repo=repo, rev=rev)


def matrix(
    files: Sequence[str | os.PathLike[str] | Policy],
    *,
    baseline: str | os.PathLike[str] | Policy | None = None,
    min_support: float = 0.5,
    skip_unreadable: bool = False,
    encoding: str | None = None,
    budget: float | None = None,
    jobs: int = 1,
    options: Options | None = None,
) -> Matrix:
    """Return the clause `Matrix` of N variants of a policy: who has which clause, who deviates where,
    and a harmonised master (clauses in at least `min_support` of the documents). A `baseline`
    defines the rows; `skip_unreadable` turns an unreadable file into a warning. `encoding` and
    `budget` (else those of `options`) read the files and bound word-level diffs; `jobs` processes read
    the files and make the word diffs (the result is the same for any number)."""
    from policydiff.matrix import matrix as matrix_of
    from policydiff.settings import Options

    chosen = (options or Options()).with_(budget=budget, encoding=encoding)

    return matrix_of(
        files,
        baseline=baseline,
        min_support=min_support,
        skip_unreadable=skip_unreadable,
        encoding=chosen.encoding,
        budget=chosen.budget,
        jobs=jobs,
    )


def render(result: Policy | Comparison | Lineage | Blame | Matrix, format: str, **options: Any) -> bytes:
    """Return a result written in `format` as bytes.

    Formats: a `Policy` (from `parse`) as text or json; a `Comparison` as text, html, md, json or
    docx; a `Lineage` as text, html, md or json; a `Blame` as text or json; a `Matrix` as text, html,
    md, json or csv. Options go to the renderer, e.g. ``date="2026-01-31"`` (html, md, json),
    ``color=True`` (text) or ``author=``/``cover=True`` (docx); an option the format does not take, or
    a format the result has not, raises `policydiff.errors.UsageError`.
    """
    from policydiff import renderers

    return renderers.render(result, format, **options)


class _Package(types.ModuleType):
    """The package keeps its API functions `compare`, `history` and `matrix` when the submodules of
    the same names are imported (the import system would otherwise bind the modules over them); the
    modules stay reachable through `sys.modules` and `from policydiff.history import …`."""

    def __setattr__(self, name: str, value: object) -> None:
        if name in ("compare", "history", "matrix") and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __getattr__(name: str) -> object:
    """Return `Options`, imported on first use (the import system calls this for a missing name)."""
    if name == "Options":
        from policydiff.settings import Options

        return Options
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["Options", "blame", "compare", "history", "matrix", "parse", "parse_bytes", "render"]
