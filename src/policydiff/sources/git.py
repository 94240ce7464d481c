"""Git as an untrusted source of bytes: plumbing only, nothing run or fetched from the repository's config."""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from policydiff.errors import ReadError, UsageError

# --- Running git safely ---

_SAFE_CONFIG = (
    # Nothing from the repository's config may run: no hooks, fsmonitor, pager, external diff, textconv …
    "core.fsmonitor=false",
    "core.hooksPath=/dev/null",
    "diff.external=",
    "core.pager=cat",
    "log.showSignature=false",
    "color.ui=false",
    "core.quotePath=false",
    # … and nothing may be fetched: a partial clone's missing object makes git fetch lazily from the
    # promisor remote the repository names, running its `uploadpack` or `core.sshCommand`. Every transport is
    # banned (the environment's empty GIT_ALLOW_PROTOCOL wins over any `protocol.<name>.allow` in the
    # repository's config), and no credential helper or askpass program is asked.
    "protocol.allow=never",
    "credential.helper=",
    "core.askPass=",
    "gc.auto=0",
    "maintenance.auto=false",
    # Nothing outside the object store is read for names: `git log` reads the mailmap at start, from the
    # config's `mailmap.file` (any path: a FIFO there hung every history for ever) and the work tree's
    # `.mailmap` (a FIFO too). `authors` reads the mailmap committed at HEAD, a size-checked blob.
    "log.mailmap=false",
    "mailmap.file=",
    "mailmap.blob=",
)
_SAFE_ENV = {
    "GIT_NO_REPLACE_OBJECTS": "1",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_PAGER": "cat",
    "PAGER": "cat",
    "GIT_OPTIONAL_LOCKS": "0",
    "GIT_ALLOW_PROTOCOL": "",  # set and empty: no transport at all (checked before any config)
    "GIT_PROTOCOL_FROM_USER": "0",
    "GIT_NO_LAZY_FETCH": "1",  # git >= 2.44 never fetches a missing object; older gits hit the protocol ban
    "GIT_ASKPASS": "",  # set and empty: no askpass program (core.askPass is not consulted)
    "SSH_ASKPASS": "",
}
_LFS = b"version https://git-lfs.github.com/spec/v1"
SHA = re.compile(r"^[0-9a-f]{40}(?:[0-9a-f]{24})?$")


class Git:
    """A git repository read through plumbing only: GitPython is just the process runner."""

    def __init__(self, repo: str | os.PathLike[str]) -> None:
        self.where = os.fspath(repo)
        try:
            import git
        except ImportError as error:  # GitPython refuses to load without a git program
            raise ReadError(f"git history needs git and GitPython: {error}", self.where) from None
        try:
            self._repo = git.Repo(self.where, search_parent_directories=False)
        except (git.InvalidGitRepositoryError, git.NoSuchPathError):
            raise ReadError("not a git repository", self.where) from None
        self._git_dir = str(Path(self._repo.git_dir).resolve())  # (`authors` runs git in another folder)

    def run(self, *args: str, stdin: bytes | None = None) -> tuple[int, bytes, bytes]:
        """Return (status, stdout, stderr) of one git command run with the safe options."""
        cmd = ["git", "--no-pager", f"--git-dir={self._git_dir}"]
        for setting in _SAFE_CONFIG:
            cmd += ["-c", setting]
        cmd += list(args)
        with tempfile.TemporaryFile() as feed:
            if stdin is not None:
                feed.write(stdin)
                feed.seek(0)
            status, out, err = self._repo.git.execute(
                cmd,
                istream=feed if stdin is not None else subprocess.DEVNULL,
                with_extended_output=True,
                with_exceptions=False,
                stdout_as_string=False,
                strip_newline_in_stdout=False,
                env=_SAFE_ENV,
            )
        assert isinstance(out, bytes)
        err_bytes = err if isinstance(err, bytes) else str(err).encode()
        return int(status), out, err_bytes

    def check(self, *args: str, stdin: bytes | None = None) -> bytes:
        """Return the stdout of a git command that must succeed."""
        status, out, err = self.run(*args, stdin=stdin)
        if status != 0:
            text = err.decode("utf-8", "replace")
            missing = _PROMISOR.search(text)
            if missing:
                raise ReadError(self.lacks(missing.group(1)), self.where)
            line = text.strip().splitlines()
            raise ReadError(f"git {args[0]} failed: {line[-1] if line else f'status {status}'}", self.where)
        return out

    def lacks(self, what: str) -> str:
        """Return the one-line cause for an object a partial clone does not hold (never fetched)."""
        return f"the repository is a partial clone and lacks {what}; fetch it first"

    def resolve(self, rev: str) -> str:
        """Return the full sha of the commit `rev` names."""
        check_rev(rev)
        status, out, err = self.run(
            "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"
        )
        sha = out.decode("ascii", "replace").strip()
        if status != 0 or not SHA.match(sha):
            lines = err.decode("utf-8", "replace").strip().splitlines()
            if lines and lines[0].startswith("fatal:"):  # e.g. dubious ownership: not about the revision
                raise ReadError(f"git: {lines[0][6:].strip()}", self.where)
            raise ReadError(f"unknown revision {rev!r}", self.where)
        return sha

    def object_info(self, names: Sequence[str]) -> list[tuple[str, str, int] | None]:
        """Return (sha, type, size) of each object name (`<sha>:<path>`, `<sha>`), None if missing."""
        if not names:
            return []
        status, out, err = self.run(
            "cat-file", "--batch-check", stdin="".join(n + "\n" for n in names).encode()
        )
        if status != 0:
            text = err.decode("utf-8", "replace")
            missing = _PROMISOR.search(text)
            if missing:
                raise ReadError(self.lacks(self._name_of(missing.group(1), names)), self.where)
            said = text.strip().splitlines()
            raise ReadError(f"git cat-file failed: {said[-1] if said else f'status {status}'}", self.where)
        rows: list[tuple[str, str, int] | None] = []
        for line in out.decode("utf-8", "replace").splitlines():
            parts = line.rsplit(" ", 2)
            if len(parts) == 3 and SHA.match(parts[0]) and parts[2].isdigit():
                rows.append((parts[0], parts[1], int(parts[2])))
            else:
                rows.append(None)
        if len(rows) != len(names):
            raise ReadError("git cat-file gave an unexpected answer", self.where)
        return rows

    def authors(self, shas: Sequence[str]) -> dict[str, str]:
        """Return each commit's author name as `git log`'s `%aN` gives it: mapped by the `.mailmap` committed
        at HEAD (as git reads it in a bare repository), else {} when HEAD holds none.

        Only that blob is read: the repository's `mailmap.file` (a path anywhere on the disk) and the work
        tree's `.mailmap` (which may be a FIFO: git would wait on it for ever) are not; the blob's size is
        checked first."""
        from policydiff.readers import MAX_INPUT_BYTES

        if not shas:
            return {}
        try:
            row = self.object_info(["HEAD:.mailmap"])[0]
        except ReadError:  # (a partial clone that lacks it: nothing fetched, nothing mapped)
            return {}
        if row is None or row[1] != "blob" or row[2] > MAX_INPUT_BYTES:
            return {}
        with tempfile.TemporaryDirectory() as empty:  # (the work tree git looks in for a `.mailmap`: none)
            status, out, _ = self.run(
                "-C", empty, "-c", f"mailmap.blob={row[0]}",
                "log", "--no-walk=unsorted", "--stdin", "--format=%H%x00%aN",
                stdin="".join(s + "\n" for s in shas).encode(),
            )  # fmt: skip
        if status != 0:
            return {}
        found: dict[str, str] = {}
        for line in out.decode("utf-8", "replace").splitlines():
            sha, _, name = line.partition("\0")
            if SHA.match(sha):
                found[sha] = name
        return found

    def damaged(self, commit: str, path: str) -> str | None:
        """Return why `path` at `commit` could not be read when `cat-file` found no object, if the commit's
        tree lists it: the repository lacks its object (removed or corrupt: the path is there, the bytes are
        not); None when the path is simply not there."""
        status, out, _ = self.run("ls-tree", "-z", "--full-tree", commit, "--", path)
        head = out.partition(b"\t")[0].split(b" ") if status == 0 else []
        if len(head) == 3 and head[1] == b"blob" and SHA.match(sha := head[2].decode("ascii", "replace")):
            return f"its object {sha[:12]} at {commit[:12]} is missing or corrupt (a damaged repository)"
        return None

    def is_link(self, commit: str, path: str) -> bool:
        """Return whether `path` at `commit` is a symbolic link (mode 120000; its blob is the target)."""
        out = self.check("ls-tree", "-z", "--full-tree", commit, "--", path)
        return out.startswith(b"120000 ")

    def _name_of(self, sha: str, names: Sequence[str]) -> str:
        """Return `<path> at <commit>` for the name that resolves to `sha` (trees only: nothing fetched)."""
        for name in names:
            if name == sha:
                return f"object {sha[:12]}"
            rev, colon, path = name.partition(":")
            if colon:
                status, out, _ = self.run("rev-parse", "--verify", "--quiet", "--end-of-options", name)
                if status == 0 and out.decode("ascii", "replace").strip() == sha:
                    return f"{path} at {rev[:12]}"
        return f"object {sha[:12]}"

    def objects(self, shas: Sequence[str]) -> dict[str, bytes]:
        """Return the contents of objects by sha, sizes checked first, read by `cat-file --batch`.

        A blob over the input limit is refused before a byte of it is read, and the objects are read in
        batches of at most `_BATCH_BYTES`, so a hostile repository cannot make us hold more than that.
        """
        from policydiff.readers import MAX_INPUT_BYTES

        if not shas:
            return {}
        unique = list(dict.fromkeys(shas))
        sizes: dict[str, int] = {}
        for sha, row in zip(unique, self.object_info(unique), strict=True):
            if row is None:
                raise ReadError(f"object {sha[:12]} is missing or unreadable", self.where)
            if row[2] > MAX_INPUT_BYTES:
                raise ReadError(
                    f"object {sha[:12]} is {row[2]:,} bytes, over the {MAX_INPUT_BYTES:,}-byte input limit",
                    self.where,
                )
            sizes[sha] = row[2]
        found: dict[str, bytes] = {}
        batch: list[str] = []
        total = 0
        for sha in unique:
            if batch and total + sizes[sha] > _BATCH_BYTES:
                found.update(self._read_batch(batch))
                batch, total = [], 0
            batch.append(sha)
            total += sizes[sha]
        found.update(self._read_batch(batch))
        return found

    def _read_batch(self, shas: Sequence[str]) -> dict[str, bytes]:
        out = self.check("cat-file", "--batch", stdin="".join(s + "\n" for s in shas).encode())
        found: dict[str, bytes] = {}
        pos = 0
        for sha in shas:
            end = out.index(b"\n", pos)
            header = out[pos:end].decode("ascii", "replace").split(" ")
            pos = end + 1
            if len(header) != 3 or header[1] == "missing":
                raise ReadError(f"object {sha[:12]} is missing or unreadable", self.where)
            size = int(header[2])
            found[sha] = out[pos : pos + size]
            pos += size + 1
        return found


_PROMISOR = re.compile(r"could not fetch ([0-9a-f]{40,64}) from promisor remote")
_BATCH_BYTES = 64 * 1024 * 1024
"""Most object bytes read by one `cat-file --batch` (bigger objects are read one at a time)."""


def check_rev(rev: str) -> None:
    """Refuse a revision that git could take for an option, or that holds control characters."""
    if not rev:
        raise UsageError("an empty revision, refused")
    if rev.startswith("-"):
        raise UsageError(f"revision {rev!r} looks like an option, refused")
    if any(ord(ch) < 32 for ch in rev):
        raise UsageError(f"revision {rev!r} holds a control character, refused")


def check_path(path: str) -> str:
    clean = path.replace("\\", "/")
    while clean.startswith("./"):
        clean = clean[2:]
    if not clean or any(ord(ch) < 32 for ch in clean) or clean.startswith("/"):
        raise UsageError(f"{path!r} is not a path relative to the repository root")
    if ".." in clean.split("/"):
        raise UsageError(f"{path!r} leaves the repository")
    return clean


def not_a_file(kind: str) -> str:
    """Return what a git object that is no file is, in an auditor's words: `a folder`, `a submodule`."""
    return {"tree": "a folder", "commit": "a submodule"}.get(kind, f"a {kind}")


def blob_bytes(git: Git, name: str, path: str) -> bytes:
    info = git.object_info([name])[0]
    if info is None:
        rev, _, inside = name.partition(":")
        raise ReadError((SHA.match(rev) and git.damaged(rev, inside)) or f"not found at {rev[:12]}", path)
    sha, kind, _ = info
    if kind != "blob":
        raise ReadError(f"{not_a_file(kind)}, not a file, at {name.partition(':')[0][:12]}", path)
    return content(git.objects([sha])[sha], path, name.partition(":")[0])


def content(data: bytes, path: str, commit: str) -> bytes:
    if data.startswith(_LFS):
        raise ReadError(
            f"a Git LFS pointer, not the document, at {commit[:12]} (fetch it with git lfs)", path
        )
    return data


def read_revision(repo: str | os.PathLike[str], rev: str, path: str) -> tuple[bytes, str]:
    """Return the bytes of `path` at `rev` and a source name (`<rev>:<path>`) for `parse_bytes`."""
    git = Git(repo)
    clean = check_path(path)
    sha = git.resolve(rev)
    data = blob_bytes(git, f"{sha}:{clean}", clean)
    if git.is_link(sha, clean):
        raise ReadError(f"a symbolic link, not a file, at {sha[:12]}", clean)
    return data, f"{rev}:{clean}"
