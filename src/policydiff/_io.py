"""Atomic writes: a temporary file in the target's folder, then `os.replace`; never over an input."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from policydiff.errors import WriteError


def same_file(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    """Return whether two paths name the same file (symlinks and hard links followed)."""
    try:
        return Path(a).samefile(b)
    except OSError:
        return Path(a).resolve() == Path(b).resolve()


def write_atomic(
    path: str | os.PathLike[str],
    data: bytes | Iterable[bytes],
    *,
    inputs: Iterable[str | os.PathLike[str]] = (),
) -> None:
    """Write `data` (bytes, or pieces of bytes made as they are written) to `path` whole or not at
    all; refuse to write over any of `inputs`. If making a piece fails, the target is left as it was.
    """
    target = Path(path)
    for source in inputs:
        if same_file(target, source):
            raise WriteError(f"refusing to overwrite the input {os.fspath(source)}", os.fspath(path))
    if target.is_dir():
        raise WriteError("is a directory", os.fspath(path))
    folder = target.parent if str(target.parent) else Path()
    if not folder.is_dir():
        raise WriteError("the folder does not exist", os.fspath(path))
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise WriteError(exc.strerror or str(exc), os.fspath(path)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            if isinstance(data, bytes):
                handle.write(data)
            else:
                for piece in data:
                    handle.write(piece)
            handle.flush()
            os.fsync(handle.fileno())
        Path(tmp).chmod(0o644)
        Path(tmp).replace(target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            Path(tmp).unlink()
        if isinstance(exc, OSError):
            raise WriteError(exc.strerror or str(exc), os.fspath(path)) from None
        raise
