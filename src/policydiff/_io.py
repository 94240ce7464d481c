"""Output files written like a careful Unix tool: whole or not at all, never over an input.

Paths are strings, read as `pathlib` reads them (`as_path`), but `pathlib` is imported only for a name it
would rewrite (`out.html/`, `./out.html`): a run writing its report need not load it (hence `os` calls
where the project otherwise uses `pathlib`).
"""

# ruff: noqa: PTH101, PTH102, PTH105, PTH106, PTH108, PTH109, PTH114, PTH116, PTH117, PTH118, PTH120, PTH123

from __future__ import annotations

import contextlib
import errno
import os
import signal
import stat
from collections.abc import Iterable, Iterator
from types import TracebackType

from policydiff._values import dataclass, field_names, replace
from policydiff.errors import WriteError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

TEMP_PREFIX = ".pd-"
TEMP_SUFFIX = ".tmp"
"""Temporary files are `.pd-XXXXXXXX.tmp` in the target's folder: short, so a target name as long as
the file system allows still has a temporary name that fits."""

_SIGNALS = frozenset(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)
"""Signals the CLI turns into exceptions; blocked while a temporary file is made and recorded."""


_TEMP_FLAGS = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
_TEMP_TRIES = 10000
"""As `tempfile.TMP_MAX`."""


def as_path(path: str | os.PathLike[str]) -> str:
    """Return `str(Path(path))`: the name `pathlib` would use (`""` is `.`, `out.html/` is `out.html`).
    A name already in that form (no empty or `.` component, no separator at the end) is returned as it
    is without importing `pathlib`."""
    name = os.fspath(path)
    odd = not name or name.endswith(("/", "/.")) or name.startswith("./") or "//" in name or "/./" in name
    if os.sep == "/" and not odd:
        return name
    from pathlib import Path

    return str(Path(name))


_MISSING = frozenset({errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP})
"""Errors for which `pathlib`'s `exists`, `is_file` and `is_dir` answer False; they raise any other
(such as a folder that cannot be searched)."""


def _mode(name: str) -> int | None:
    """Return the mode of the file `name` names (symlinks followed), None when `pathlib` would say
    it does not exist."""
    try:
        return os.stat(name).st_mode
    except ValueError:
        return None
    except OSError as exc:
        if exc.errno in _MISSING:
            return None
        raise


def exists(name: str) -> bool:
    """`Path(name).exists()` of a name `as_path` gave."""
    return _mode(name) is not None


def is_dir(name: str) -> bool:
    """`Path(name).is_dir()` of a name `as_path` gave."""
    mode = _mode(name)
    return mode is not None and stat.S_ISDIR(mode)


def is_file(name: str) -> bool:
    """`Path(name).is_file()` of a name `as_path` gave."""
    mode = _mode(name)
    return mode is not None and stat.S_ISREG(mode)


def _parent(name: str) -> str:
    """`Path(name).parent` of a name `as_path` gave (`.` for a name without a folder)."""
    return os.path.dirname(name) or "."


def _and_above(folder: str) -> list[str]:
    """`[folder, *Path(folder).parents]` of a name `as_path` gave."""
    folders = [folder]
    while (parent := _parent(folders[-1])) != folders[-1]:
        folders.append(parent)
    return folders


def _make_temp(folder: str | os.PathLike[str]) -> tuple[int, str]:
    """Create a new `.pd-XXXXXXXX.tmp` (8 random hex digits) in `folder`, readable and writable by
    the owner only, and return its descriptor and absolute path: `tempfile.mkstemp`'s contract,
    without importing `tempfile` (and with it `shutil`, `random` and three compression modules)."""
    base = as_path(folder)
    if not os.path.isabs(base):
        base = os.getcwd() if base == "." else os.path.join(os.getcwd(), base)
    for _ in range(_TEMP_TRIES):
        name = os.path.join(base, f"{TEMP_PREFIX}{os.urandom(4).hex()}{TEMP_SUFFIX}")
        try:
            return os.open(name, _TEMP_FLAGS, 0o600), name
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no unused temporary file name found")


def same_file(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    """Return whether two paths name the same file (symlinks and hard links followed); paths to no
    file are compared by name, once resolved."""
    try:
        return os.path.samestat(os.stat(as_path(a)), os.stat(as_path(b)))
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def shown(text: str) -> str:
    """Return `text` printable as UTF-8: bytes of a file name that are not UTF-8 (kept by Python as
    lone surrogates) become `\\xNN` escapes, `caf\\xe9.txt`; valid text is returned as it is."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        try:
            return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        except UnicodeEncodeError:
            return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


_CONTENT_FIELDS = frozenset({"blocks", "clauses", "changes", "groups", "edits", "spans", "objects"})
"""Fields of the model holding decoded document content (valid text by construction, and the bulk of
a result): `printable` does not walk them, so escaping names costs microseconds, not seconds."""


def printable(value: Any) -> Any:
    """Return `value` (a frozen model value, tuples, lists, dicts, strings) with every string that is
    not valid UTF-8 (a file name's bytes, kept as lone surrogates) replaced by `shown(string)`.

    Parts holding none are returned as the same objects; the content fields (`_CONTENT_FIELDS`) are
    not walked, only the names, paths, warnings and options around them.
    """
    if isinstance(value, str):
        return shown(value)
    if isinstance(value, tuple | list):
        items = [printable(v) for v in value]
        if all(a is b for a, b in zip(items, value, strict=True)):
            return value
        return type(value)(items)
    if isinstance(value, dict):
        pairs = {printable(k): printable(v) for k, v in value.items()}
        if all(k in value and value[k] is v for k, v in pairs.items()):
            return value
        return pairs
    names = None if isinstance(value, type) else field_names(value)
    if names is not None:
        changes = {}
        for name in names:
            if name in _CONTENT_FIELDS:
                continue
            old = getattr(value, name)
            new = printable(old)
            if new is not old:
                changes[name] = new
        return replace(value, **changes) if changes else value
    return value


@dataclass(frozen=True, slots=True)
class _Target:
    """Where and how one output goes."""

    given: str
    """The path as the user gave it (for messages)."""
    path: str
    """The file to replace (symlinks to a regular file followed) or to write into."""
    stream: bool
    """A device, FIFO or other file that is not a regular file: opened and written into, as `cp` does."""
    mode: int | None
    """Permission bits of the file being replaced; None for a new file."""
    owner: tuple[int, int] | None


def _target(path: str | os.PathLike[str], inputs: Iterable[str | os.PathLike[str]]) -> _Target:
    """Return the checked target of a write: never an input, a folder, a read-only or dangling file."""
    given = os.fspath(path)
    target = as_path(path)
    for source in inputs:
        if same_file(target, source):
            raise WriteError(f"refusing to overwrite the input {os.fspath(source)}", given)
    try:
        st = os.stat(target)
    except NotADirectoryError:
        st = None  # a file stands where a folder of the path should be: named below
    except FileNotFoundError:
        if os.path.islink(target):
            raise WriteError("is a symbolic link to nothing; refusing to write through it", given) from None
        st = None
    except OSError as exc:
        raise WriteError(exc.strerror or str(exc), given) from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise WriteError("is a directory", given)
    if st is not None and not stat.S_ISREG(st.st_mode):
        return _Target(given, target, stream=True, mode=None, owner=None)
    if st is not None and (not st.st_mode & 0o222 or not os.access(target, os.W_OK)):
        raise WriteError("is read-only; refusing to replace it", given)
    real = os.path.realpath(target) if os.path.islink(target) else target
    for above in _and_above(_parent(real)):  # missing folders are made when written (as `mkdir -p`)
        if exists(above):
            if not is_dir(above):
                raise WriteError(f"{above} is not a folder", given)
            break
    if st is None:
        return _Target(given, real, stream=False, mode=None, owner=None)
    return _Target(given, real, False, stat.S_IMODE(st.st_mode) & 0o777, (st.st_uid, st.st_gid))


def _umask() -> int:
    """Return the process's umask without changing it (Linux shows it in /proc), else 0o022."""
    with contextlib.suppress(OSError, ValueError), open("/proc/self/status", "rb") as status:
        for line in status.read().splitlines():
            if line.startswith(b"Umask:"):
                return int(line.split()[1], 8)
    return 0o022


@contextlib.contextmanager
def _signals_blocked() -> Iterator[None]:
    """Hold back SIGINT, SIGTERM and SIGHUP (where the platform can) for a few system calls, so a
    temporary file is never made without being recorded for removal."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


_FILE_BUFFER = 1 << 20
"""The write buffer of a temporary output file: a report streamed in thousands of small pieces reaches the
file in a few writes (a 3 MB HTML report of 5,000 clauses took about 900 with the default 8 KB)."""


def _write_pieces(handle: Any, data: bytes | Iterable[bytes]) -> None:
    if isinstance(data, bytes):
        handle.write(data)
    else:
        for piece in data:
            handle.write(piece)


def _stream(target: _Target, data: bytes | Iterable[bytes]) -> None:
    """Write into a device, FIFO or terminal as `cp` would: open it for writing, no temporary file."""
    try:
        fd = os.open(target.path, os.O_WRONLY | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise WriteError(exc.strerror or str(exc), target.given) from None
    handle = os.fdopen(fd, "wb")
    try:
        if stat.S_ISREG(os.fstat(fd).st_mode):
            raise WriteError("was replaced by a regular file while being opened", target.given)
        _write_pieces(handle, data)
        handle.flush()
    except OSError as exc:
        raise WriteError(exc.strerror or str(exc), target.given) from None
    finally:
        with contextlib.suppress(OSError):
            handle.close()


def _chunks(handle: Any) -> Iterator[bytes]:
    while piece := handle.read(1 << 20):
        yield piece


class Outputs:
    """Several output files written as one unit: each to a temporary file beside it, all renamed into
    place only once every one is complete; on any failure (or a signal) every temporary file is removed
    and no target is touched. A device or FIFO among the targets is written into at that point too.

    Use as a context manager: leaving the block normally commits, leaving it by an exception discards.
    """

    def __init__(self, *, inputs: Iterable[str | os.PathLike[str]] = ()) -> None:
        self._inputs = list(inputs)
        self._done: list[tuple[_Target, str]] = []
        """Each target with its complete temporary file."""
        self._temps: list[str] = []
        """Every temporary file made and not yet renamed: removed by `discard`."""
        self._folders: list[str] = []
        """Folders made for the targets, outermost first: removed by `discard` (when still empty)."""

    def add(self, path: str | os.PathLike[str], data: bytes | Iterable[bytes]) -> None:
        """Write `data` (bytes, or pieces made as they are written) to a temporary file for `path`;
        nothing is visible at `path` before `commit`."""
        target = _target(path, self._inputs)
        for other, _ in self._done:
            if other.path == target.path or (not target.stream and same_file(other.path, target.path)):
                raise WriteError("is named twice among the outputs", target.given)
        folder = _parent(target.path)
        if target.stream:
            import tempfile

            folder = as_path(tempfile.gettempdir())
        with _signals_blocked():
            self._make_folder(folder, target.given)
            try:
                fd, tmp = _make_temp(folder)
            except OSError as exc:
                raise WriteError(exc.strerror or str(exc), target.given) from None
            self._temps.append(tmp)
        try:
            with os.fdopen(fd, "wb", buffering=_FILE_BUFFER) as handle:
                _write_pieces(handle, data)
                handle.flush()
                os.fsync(handle.fileno())
            if target.mode is None:
                os.chmod(tmp, 0o666 & ~_umask())
            else:
                if target.owner is not None:
                    with contextlib.suppress(OSError):
                        os.chown(tmp, *target.owner)
                os.chmod(tmp, target.mode)
        except OSError as exc:
            raise WriteError(exc.strerror or str(exc), target.given) from None
        self._done.append((target, tmp))

    def _make_folder(self, folder: str, given: str) -> None:
        """Make `folder` and any missing parents (as `mkdir -p`), remembering each one made."""
        missing = [f for f in _and_above(folder) if f not in ("", ".") and not exists(f)]
        for made in reversed(missing):
            try:
                os.mkdir(made)
            except FileExistsError:
                if not is_dir(made):
                    raise WriteError(f"{made} is not a folder", given) from None
                continue
            except OSError as exc:
                raise WriteError(f"cannot make the folder {made}: {exc.strerror or exc}", given) from None
            self._folders.append(made)

    def commit(self) -> None:
        """Rename every temporary file over its target, then copy any into its device or FIFO."""
        folders: set[str] = set()
        with _signals_blocked():
            for target, tmp in self._done:
                if target.stream:
                    continue
                try:
                    os.replace(tmp, target.path)
                except OSError as exc:
                    raise WriteError(exc.strerror or str(exc), target.given) from None
                self._temps.remove(tmp)
                folders.add(_parent(target.path))
        for folder in folders:
            _sync_folder(folder)
        self._folders.clear()
        for target, tmp in self._done:
            if target.stream:
                with open(tmp, "rb") as handle:
                    _stream(target, _chunks(handle))
        self._done.clear()

    def discard(self) -> None:
        """Remove every temporary file not yet renamed."""
        for tmp in self._temps:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        self._temps.clear()
        self._done.clear()
        for folder in reversed(self._folders):
            with contextlib.suppress(OSError):
                os.rmdir(folder)
        self._folders.clear()

    def __enter__(self) -> Outputs:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if kind is None:
                self.commit()
        finally:
            self.discard()


def _sync_folder(folder: str) -> None:
    """Make a rename in `folder` durable (best effort: not every platform opens folders)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_atomic(
    path: str | os.PathLike[str],
    data: bytes | Iterable[bytes],
    *,
    inputs: Iterable[str | os.PathLike[str]] = (),
) -> None:
    """Write `data` (bytes, or pieces of bytes made as they are written) to `path` whole or not at all.

    Refuses an input, a folder, a read-only file and a dangling symlink; a replaced file keeps its
    permission bits; a symlink to a regular file has its target replaced (the link stays); a device,
    FIFO or other non-regular file (or a symlink to one) is opened and written into, never replaced.
    If making a piece fails, or a signal stops the run, the target is left as it was.
    """
    inputs = list(inputs)
    target = _target(path, inputs)
    if target.stream:
        _stream(target, data)
        return
    with Outputs(inputs=inputs) as outputs:
        outputs.add(path, data)


def write_all(
    files: Iterable[tuple[str | os.PathLike[str], bytes | Iterable[bytes]]],
    *,
    inputs: Iterable[str | os.PathLike[str]] = (),
) -> None:
    """Write several files as one unit (see `Outputs`): all of them, or none. `files` may be made
    as they are written (a generator): a failure while making one leaves every target as it was."""
    with Outputs(inputs=inputs) as outputs:
        for path, data in files:
            outputs.add(path, data)
