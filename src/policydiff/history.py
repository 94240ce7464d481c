"""Versions of a policy in a git repository or a list of files, clause lineage across them, and blame."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta, timezone
from functools import partial
from pathlib import PurePosixPath

from policydiff.errors import PolicydiffError, ReadError, UsageError
from policydiff.model import (
    Blame,
    BlameClause,
    ChangeOp,
    Clause,
    ClauseEvent,
    ClauseKind,
    CommitRef,
    Diagnostic,
    Lineage,
    LineageClause,
    Policy,
    Version,
)
from policydiff.sources.git import SHA, Git, check_path, check_rev, content, not_a_file, read_revision

# --- Commits ---


@dataclass(frozen=True, slots=True)
class _Commit:
    sha: str
    parents: tuple[str, ...]
    date: str | None
    author: str | None
    message: str


def _iso(seconds: str, offset: str) -> str | None:
    try:
        sign = -1 if offset.startswith("-") else 1
        delta = timedelta(hours=int(offset[1:3]), minutes=int(offset[3:5])) * sign
        stamp = datetime.fromtimestamp(int(seconds), UTC).astimezone(timezone(delta))
    except (ValueError, OverflowError, OSError):
        return None
    return stamp.isoformat()


def _decode(data: bytes, encoding: str) -> str:
    """Return `data` decoded as a commit's `encoding` header says (git's default UTF-8 when it names no
    text codec Python knows), undecodable bytes replaced."""
    try:
        return data.decode(encoding, "replace")
    except (LookupError, ValueError):  # (no such codec, or not a text one: `zlib`, `rot13` …)
        return data.decode("utf-8", "replace")


def _parse_commit(sha: str, data: bytes) -> _Commit:
    head, _, body = data.partition(b"\n\n")
    parents: list[str] = []
    date = author = None
    lines = head.split(b"\n")
    # A commit made with `i18n.commitEncoding` (old imports: ISO-8859-1) says so; `git log` re-encodes its
    # author and message to UTF-8, and so do we (they read "Andr\ufffd" before: session 22).
    encoding = next(
        (raw[9:].decode("ascii", "replace").strip() for raw in lines if raw.startswith(b"encoding ")), "utf-8"
    )
    for raw in lines:
        line = _decode(raw, encoding)
        if line.startswith("parent "):
            parents.append(line[7:].strip())
        elif line.startswith("author "):
            match = re.match(r"author (.*?) <[^>]*> (\d+) ([+-]\d{4})$", line)
            if match:
                author, date = match.group(1), _iso(match.group(2), match.group(3))
    message = _decode(body, encoding).strip()
    return _Commit(sha, tuple(parents), date, author, message)


@dataclass(slots=True)
class _Step:
    commit: _Commit
    path: str
    parent_path: str
    deleted: bool
    added: bool = False
    renamed_by_text: bool = False
    """The rename into this step was found on the clauses (git saw a deletion and an addition)."""
    link: bool = False
    """The step left a symbolic link at the path (mode 120000): its blob is the link's target, no text."""


_LINK = "120000"


def _log(git: Git, path: str, tip: str, base: str | None, first_parent: bool = False) -> list[_Step]:
    """Return the commits that changed the file, as `git log --follow` lists them, oldest first (merges
    included: whether one changed the text itself is decided on its clauses)."""
    spec = f"{base}..{tip}" if base else tip
    out = git.check(
        "log",
        *(["--first-parent"] if first_parent else []),
        "--follow",
        "--topo-order",
        "--diff-merges=first-parent",
        "--no-ext-diff",
        "--no-textconv",
        "--no-color",
        "--raw",  # (the status and, unlike --name-status, the file's mode: a symbolic link is no file)
        "-z",
        "--format=%x1e%H",
        spec,
        "--",
        path,
    )
    tokens = out.split(b"\0")
    found: list[tuple[str, list[tuple[str, str, list[str]]]]] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        i += 1
        if token.startswith(b"\x1e"):
            found.append((token[1:].decode("ascii"), []))
            continue
        raw = token.lstrip(b"\n").decode("ascii", "replace")
        if not raw or not found:
            continue
        # `:OLDMODE NEWMODE OLDSHA NEWSHA STATUS`, then the name (two names for a rename or copy)
        fields = raw[1:].split() if raw.startswith(":") else ["", "", "", "", raw]
        status, mode = fields[-1], fields[1]
        n = 2 if status[:1] in ("R", "C") else 1
        names = [t.decode("utf-8", "surrogateescape") for t in tokens[i : i + n]]
        i += n
        found[-1][1].append((status, mode, names))
    steps: list[_Step] = []
    current = path
    known = {path}  # every name the file had: with branches, the list is not one line of descent
    commits = _commits(git, [sha for sha, _ in found])
    for sha, entries in found:
        here: str | None = None
        before = current
        deleted = added = link = False
        for status, mode, names in entries:
            if status[:1] in ("R", "C") and len(names) == 2 and names[1] in known:
                # (a rename, or a copy: `--follow` goes on into the source's history, as git blame does)
                here, before = names[1], names[0]
                known.add(before)
                link = mode == _LINK
            elif names and names[0] in known:
                here = before = here or names[0]
                deleted = deleted or status[:1] == "D"
                added = added or status[:1] == "A"
                link = link or mode == _LINK
        if here is None:
            here = before = current
        steps.append(_Step(commits[sha], here, before, deleted, added, link=link))
        current = before
    # `log --follow` follows one name down a single line: on a branch that made the rename itself, below a
    # merge that brought it in, it shows the old name deleted.
    steps.reverse()
    return _renamed_not_deleted(git, steps)


def _follow(
    git: Git, path: str, tip: str, base: str | None, first_parent: bool = False, over: list[str] | None = None
) -> list[_Step]:
    """Return `_log`'s steps, continued past a rename git missed but the extracted text shows.

    A DOCX file renamed and saved again in one commit changes all its bytes, so git's rename detection
    sees a deletion and an addition; the clauses tell that it is the same document. `over` gets the name of
    each lookup that stopped at `_BRANCH_PASSES` (the history then warns: `_budget_warning`).
    """
    steps = _log(git, path, tip, base, first_parent)
    seen = {path}
    while steps and steps[0].added and steps[0].commit.parents:
        first = steps[0]
        old = _renamed_from(git, first)
        if old is None or old in seen:
            break
        seen.add(old)
        first.parent_path = old
        first.renamed_by_text = True
        older = _log(git, old, first.commit.parents[0], base, first_parent)
        if not older:
            break
        steps = older + steps
    if first_parent:
        return steps
    over = [] if over is None else over
    return _with_kept_sides(git, _with_merged_branches(git, steps, over), tip, base, over)


_BRANCH_PASSES = 200
"""Most merged branches whose commits are looked up beyond `log --follow`'s list (one git log each), and
most merges that kept their first parent's file looked up (one git rev-list each); past it, a warning."""


def _budget_warning(over: Sequence[str], path: str) -> Diagnostic:
    """Return the warning of a history whose lookups stopped at `_BRANCH_PASSES` (`over`: which ones)."""
    return Diagnostic(
        "history-budget",
        f"stopped after {_BRANCH_PASSES} {' and '.join(over)}: any further ones are not followed, and their "
        "changes may be credited to the merges that brought them in",
        path,
    )


def _with_merged_branches(git: Git, steps: list[_Step], over: list[str]) -> list[_Step]:
    """Return `steps` with the commits of merged branches that `log --follow` did not list.

    `log --follow` follows one name down the history: a branch that renamed the file and then changed it
    under its new name is listed up to the rename only, so at the merge its later changes looked made by
    the merge itself. For each merge whose other parent holds the file in a version no listed commit
    made, that parent's own `log --follow` since the merge base is put before the merge (commits already
    listed are not repeated).
    """
    away: dict[tuple[str, str], list[tuple[str, str]]] = {}  # (merge base, parent): a name of its own
    for _ in range(_BRANCH_PASSES):
        listed = {s.commit.sha for s in steps}
        merges = [(k, s, p) for k, s in enumerate(steps) for p in s.commit.parents[1:] if p not in listed]
        if not merges:
            break
        names = [f"{s.commit.sha}:{s.path}" for s in steps if not s.deleted]
        known = _names(steps)
        for _k, s, p in merges:
            names += [f"{p}:{name}" for name in dict.fromkeys((s.parent_path, s.path, *known))]
        rows = dict(zip(names, git.object_info(names), strict=True))
        made = [row[0] if (row := rows.get(f"{s.commit.sha}:{s.path}")) is not None else "" for s in steps]
        for k, s, p in merges:
            held = [
                (name, row[0])
                for name in dict.fromkeys((s.parent_path, s.path, *known))
                if (row := rows.get(f"{p}:{name}")) is not None and row[1] == "blob"
            ]
            status, out, _ = git.run("merge-base", s.commit.parents[0], p)
            base = out.decode("ascii", "replace").strip()
            if status != 0 or not SHA.match(base):
                continue
            if not held:  # (the branch renamed the file to a name of its own: session 22)
                if (base, p) not in away:
                    away[(base, p)] = _renamed_away(git, base, p, known)
                held = away[(base, p)]
            if not held or held[0][1] in made[:k]:  # a version listed before the merge: its state is known
                continue
            branch = [b for b in _log(git, held[0][0], p, base) if b.commit.sha not in listed]
            if branch:
                steps = steps[:k] + branch + steps[k:]
                break
        else:
            break
    else:
        over.append("merged branches looked up")  # (every pass added a branch: there may be more)
    return _renamed_not_deleted(git, steps)


def _with_kept_sides(
    git: Git, steps: list[_Step], tip: str, base: str | None, over: list[str]
) -> list[_Step]:
    """Return `steps` with each merge that kept its first parent's file over a listed branch's.

    `log --follow` drops a merge whose file equals its first parent's, yet may list the merged branch's
    commits: the branch's rewording then looked like the clause's last word, though the merge discarded
    it (session 22). One `log --full-history --simplify-merges --merges` finds such merges (not one that
    only brought in a branch whose version its first parent descends from: a stale branch); each is put
    before the first listed commit that descends from it (one `rev-list --ancestry-path` per merge whose
    merged parent is a listed commit, or holds a version one made; at most `_BRANCH_PASSES` of them)."""
    if not steps:
        return steps
    names = _names(steps)
    spec = f"{base}..{tip}" if base else tip
    status, out, _ = git.run(
        "log", "--full-history", "--simplify-merges", "--merges", "--topo-order", "--no-renames",
        "--format=%H %P", spec, "--", *names,
    )  # fmt: skip
    if status != 0:
        return steps
    listed = {s.commit.sha for s in steps}
    rows = [line.split() for line in out.decode("ascii", "replace").splitlines()]
    merges = [row for row in rows if len(row) > 2 and row[0] not in listed and all(SHA.match(x) for x in row)]
    if not merges:
        return steps
    made = {row[0] for row in git.object_info([f"{s.commit.sha}:{s.path}" for s in steps]) if row is not None}
    looked = [f"{sha}:{name}" for row in merges for sha in row for name in names]
    info = dict(zip(looked, git.object_info(looked), strict=True))

    def where(sha: str) -> tuple[str, str] | None:
        for name in names:
            row = info.get(f"{sha}:{name}")
            if row is not None and row[1] == "blob":
                return name, row[0]
        return None

    def held(sha: str) -> str | None:
        found = where(sha)
        return found[1] if found is not None else None

    looks = 0
    for merge, first, *others in reversed(merges):  # (oldest first)
        own = where(merge)
        text = own[1] if own is not None else None
        if own is None or text != held(first):
            continue  # (a merge that changed its first parent's file is `log --follow`'s to list)
        # (a merged side that holds the file in another version, one a listed commit made: not a branch that
        # deleted the file, whose merge kept it)
        if not any((t := held(p)) is not None and t != text and (p in listed or t in made) for p in others):
            continue
        looks += 1
        if looks > _BRANCH_PASSES:
            over.append("merges that kept their first parent's file looked up")
            break
        done, desc, _ = git.run("rev-list", "--ancestry-path", f"{merge}..{tip}")
        if done != 0:
            continue
        after = set(desc.decode("ascii", "replace").split())
        at = next((k for k, s in enumerate(steps) if s.commit.sha in after), len(steps))
        commit = _commits(git, [merge])[merge]
        steps.insert(at, _Step(commit, own[0], own[0], False))
        listed.add(merge)
    return steps


def _renamed_away(git: Git, base: str, tip: str, names: Sequence[str]) -> list[tuple[str, str]]:
    """Return [(name, blob)] of the file at `tip` when a branch from `base` renamed it to a name none of
    `names` is (main renamed it `code.txt`, the branch `rules.txt`, the merge kept one), else [].

    One `diff-tree` with git's rename detection, only for a merged parent that holds none of the names
    where the merge base held one (a branch made before the file was, or that deleted it, makes none)."""
    rows = git.object_info([f"{base}:{name}" for name in names])
    if not any(row is not None and row[1] == "blob" for row in rows):
        return []
    done, out, _ = git.run(
        "diff-tree", "-r", "-z", "-M", "--no-ext-diff", "--no-textconv", "--name-status", base, tip
    )  # fmt: skip
    if done != 0:  # (a partial clone lacking a blob git would compare: nothing fetched, nothing found)
        return []
    tokens = out.split(b"\0")
    i = 0
    while i + 2 < len(tokens):
        status = tokens[i].decode("ascii", "replace")
        if status[:1] == "R":
            old, new = (t.decode("utf-8", "surrogateescape") for t in tokens[i + 1 : i + 3])
            if old in names:
                row = git.object_info([f"{tip}:{new}"])[0]
                return [(new, row[0])] if row is not None and row[1] == "blob" else []
            i += 3
        else:
            i += 2
    return []


def _names(steps: Sequence[_Step]) -> tuple[str, ...]:
    """Return every name the file had in the steps, the latest first.

    A merged branch may hold the file under a name its merge does not: the main line renamed it after
    the branch left, so the branch's commits (which `log --follow` in topological order can miss) and its
    text are under the old name. The latest name comes first: an older one may still hold a file the
    document was copied from (session 21)."""
    return tuple(dict.fromkeys(n for st in reversed(steps) for n in (st.path, st.parent_path)))


def _renamed_not_deleted(git: Git, steps: list[_Step]) -> list[_Step]:
    """Return `steps` with a "deletion" that kept the file under a name another step knows made a rename.

    `log --follow` shows a rename made on a branch, below the merge that brought it in, as the old name
    deleted; a merged branch's log may know the new name. A name the deleting commit's first parent held
    too is no rename: the source of a copy, still there when the copy was deleted."""
    gone = [st for st in steps if st.deleted]
    if not gone:
        return steps
    known = sorted({n for st in steps for n in (st.path, st.parent_path)})
    names = [f"{st.commit.sha}:{k}" for st in gone for k in known if k != st.path]
    # (a name the first parent held too is no rename: a copy's source, still there, session 21)
    names += [
        f"{st.commit.parents[0]}:{k}" for st in gone if st.commit.parents for k in known if k != st.path
    ]
    present = {n for n, row in zip(names, git.object_info(names), strict=True) if row and row[1] == "blob"}
    for st in gone:
        # The name the commits built on this one read it from, else any name it holds that its first
        # parent did not.
        after = [n.parent_path for n in steps if n.commit.parents[:1] == (st.commit.sha,)]
        before = st.commit.parents[0] if st.commit.parents else ""
        kept = [
            k
            for k in [*after, *known]
            if k != st.path and f"{st.commit.sha}:{k}" in present and f"{before}:{k}" not in present
        ]
        if kept:
            st.parent_path, st.path, st.deleted = st.path, kept[0], False
    return steps


_SIMILAR = 0.5
"""The share of clauses two files must have in common (by normalised text) to be one renamed document."""


def _renamed_from(git: Git, step: _Step) -> str | None:
    """Return the path deleted in the step's commit whose clauses match the added file's, if any."""
    from collections import Counter

    from policydiff import parse_bytes

    parent = step.commit.parents[0]
    if git.object_info([parent])[0] is None:
        return None  # a shallow clone's boundary
    out = git.check(
        "diff-tree", "-r", "-z", "--no-renames", "--no-ext-diff", "--no-textconv", "--name-status", parent,
        step.commit.sha,
    )  # fmt: skip
    tokens = out.split(b"\0")
    suffix = PurePosixPath(step.path).suffix.lower()
    # Files of the same kind first, then any other (a `.txt` policy renamed `.md` and marked up in one commit:
    # session 22); the clauses decide.
    deleted = sorted(
        (
            raw.decode("utf-8", "surrogateescape")
            for status, raw in zip(tokens[::2], tokens[1::2], strict=False)
            if status.strip() == b"D"
        ),
        key=lambda name: PurePosixPath(name).suffix.lower() != suffix,
    )[:20]
    if not deleted:
        return None
    names = [f"{step.commit.sha}:{step.path}", *(f"{parent}:{d}" for d in deleted)]
    rows = git.object_info(names)
    shas = [r[0] for r in rows if r is not None and r[1] == "blob"]
    if len(shas) != len(names):
        return None
    data = git.objects(list(dict.fromkeys(shas)))

    def keys(sha: str, source: str) -> Counter[str] | None:
        try:
            return Counter(c.key for c in parse_bytes(content(data[sha], source, ""), source).clauses)
        except PolicydiffError:
            return None

    new = keys(shas[0], names[0])
    if not new:
        return None
    best, best_score = None, 0.0
    for name, sha in zip(deleted, shas[1:], strict=True):
        old = keys(sha, f"{parent}:{name}")
        if not old:
            continue
        score = sum((new & old).values()) / max(sum(new.values()), sum(old.values()))
        if score > best_score:
            best, best_score = name, score
    return best if best_score >= _SIMILAR else None


def _commits(git: Git, shas: Sequence[str]) -> dict[str, _Commit]:
    unique = list(dict.fromkeys(shas))
    data = git.objects(unique)
    return {sha: _parse_commit(sha, data[sha]) for sha in unique}


# --- Lineage ---


@dataclass(slots=True)
class _Track:
    id: str
    kind: ClauseKind
    section: tuple[str, ...]
    text: str
    key: str
    introduced: str | None
    last_changed: str | None = None
    removed: str | None = None
    restored_from: str | None = None
    events: list[ClauseEvent] = field(default_factory=list)
    said: str = ""
    """The text key the lineage last recorded (at its introduction or its last event with a text)."""


_EMPTY = Policy("", "", "text", None, None, (), ())


def _ordinal(clause: Clause) -> str:
    return clause.id[1:] if clause.id.startswith("c") else clause.id


def _same(left: Clause, right: Clause) -> bool:
    return left.key == right.key and left.kind is right.kind and left.section == right.section


def _loose(key: str) -> str:
    """Return a clause's text key reduced to its letters and digits, lower case: two keys alike so differ in
    case, spacing or punctuation alone (a reStructuredText heading "Python versions" made "Python
    Versions", which the alignment calls unchanged: session 24)."""
    return "".join(ch for ch in key.casefold() if ch.isalnum())


def _text_of(key: str) -> str:
    """Return the text (blob) part of a state key `COMMIT:BLOB` (a key without a colon is a text)."""
    return key.rpartition(":")[2]


_Mark = tuple["str | None", int]
"""A clause's blame in one state: the commit that last changed it (None: older than the history seen), and
how many times it changed after its introduction."""


def _out_of_order(order: Sequence[int], place: dict[int, int]) -> set[int]:
    """Return the items of `order` that some other item stands the other way round from in `place`: one
    before it placed after it, or one after it placed before it (a prefix maximum and a suffix minimum)."""
    values = [place[k] for k in order]
    out: set[int] = set()
    top = -1
    for k, v in zip(order, values, strict=True):
        if top > v:
            out.add(k)
        top = max(top, v)
    low = None
    for k, v in zip(reversed(order), reversed(values), strict=True):
        if low is not None and low < v:
            out.add(k)
        low = v if low is None else min(low, v)
    return out


def _in_order(items: Sequence[int], position: Mapping[int, int]) -> set[int]:
    """Return a longest run of `items` (in their order) whose `position`s increase; ties keep the earliest."""
    tails: list[
        int
    ] = []  # per run length, the index (in items) of the run's last item with the least position
    back: list[int] = []
    for n, item in enumerate(items):
        at = position[item]
        low, high = 0, len(tails)
        while low < high:
            mid = (low + high) // 2
            if position[items[tails[mid]]] < at:
                low = mid + 1
            else:
                high = mid
        back.append(tails[low - 1] if low else -1)
        if low == len(tails):
            tails.append(n)
        else:
            tails[low] = n
    run: set[int] = set()
    n = tails[-1] if tails else -1
    while n >= 0:
        run.add(items[n])
        n = back[n]
    return run


_MERGE3_LINES = 500
"""Most lines of a clause whose merge is checked line by line (`_merge3`; difflib is quadratic at worst): a
longer one keeps the plain rule (a clause no parent has is the merge's change)."""


def _merge3(base: Sequence[str], sides: Sequence[Sequence[str]]) -> list[str] | None:
    """Return the lines a clean three-way merge of `sides` over `base` gives (each side's changes applied
    where no other side changed the base's lines, as git merges), else None: two sides changed the same or
    touching lines differently (a conflict), or a text is too long to check."""
    from difflib import SequenceMatcher

    if len(base) > _MERGE3_LINES or any(len(side) > _MERGE3_LINES for side in sides):
        return None
    hunks: set[tuple[int, int, tuple[str, ...]]] = set()
    for side in sides:
        for tag, i1, i2, j1, j2 in SequenceMatcher(None, base, side, autojunk=False).get_opcodes():
            if tag != "equal":
                hunks.add((i1, i2, tuple(side[j1:j2])))
    out: list[str] = []
    at = -1  # (where the last hunk ended: none yet)
    for i1, i2, new in sorted(hunks):
        if i1 <= at:
            return None  # (two sides' changes overlap or touch: a conflict git would not resolve)
        out += base[max(at, 0) : i1]
        out += new
        at = i2
    return out + list(base[max(at, 0) :])


def _ends(policy: Policy, lines: int) -> list[int]:
    """Return, for each clause, the line before which its lines end: the first line of the first clause after
    it that starts on a later line (one past the file's last line if none does), in one pass from the end
    (a stack of the first lines still ahead, as the next greater element is found)."""
    ends = [lines + 1] * len(policy.clauses)
    ahead: list[int] = []  # (first lines of later clauses, smallest on top)
    for k in range(len(policy.clauses) - 1, -1, -1):
        line = policy.clauses[k].location.line
        if line is None:
            continue
        while ahead and ahead[-1] <= line:
            ahead.pop()
        if ahead:
            ends[k] = ahead[-1]
        ahead.append(line)
    return ends


_Side = tuple[str, Policy, int, "_Mark"]
"""A parent's clause at a merge: the parent's state, its policy, the clause's index there, its blame."""


class _Tracker:
    """Follows lineage ids through aligned versions; the state of a version is one id per clause."""

    def __init__(self) -> None:
        self.tracks: dict[str, _Track] = {}
        self.states: dict[str, tuple[str, ...]] = {}
        self.marks: dict[str, tuple[_Mark, ...]] = {}
        """Per state, each clause's blame: the commit that last changed its text on the line of descent of
        that state, and how many times it changed there. A lineage's track is shared by every branch that
        holds it, so its own `last_changed` may be a change the state never went through (a branch
        reworded the clause; the merge took the other branch's text): `git blame` credits by descent."""
        self.made: dict[str, list[str]] = {}
        """Per text (blob), the states that hold it, in the order made: two commits may reach one text (a
        revert, the same fix on two branches), and each has its own line of descent (`_state_of`)."""
        self._first: tuple[str, Policy] | None = None
        self._pairs: dict[tuple[str, str], list[tuple[ChangeOp, tuple[int, ...], tuple[int, ...]]]] = {}
        self._removals: dict[str, int] = {}
        self.events = 0
        """How many events all tracks hold (a step's count tells whether it made any)."""
        self.order: dict[str, int] = {}
        """Each version stepped, in the order seen (git's topological order: a later one is newer)."""
        self._bases: Callable[[], Sequence[tuple[str, Policy]]] | None = None
        self._based: list[dict[str, _Side]] | None = None
        """The merge bases of the merge being stepped (`step`'s `bases`), and their clauses once read."""
        self.raw: Callable[[str], str | None] = lambda blob: None
        """The text of a blob as git stores it (its lines are what git merges), None if it cannot say."""
        self._raw: dict[str, list[str] | None] = {}  # (the blobs read for the merge being stepped)
        self._at: dict[str, dict[str, int]] = {}  # (per parent state of that merge: lineage -> clause index)
        self._ends: dict[str, list[int]] = {}  # (per blob read: where its clauses end, `_ends`)

    def _new(self, clause: Clause, version: str, introduced: str | None, event: ClauseEvent | None) -> str:
        lid = f"{version}:{_ordinal(clause)}"
        n = 1
        while lid in self.tracks:
            n += 1
            lid = f"{version}.{n}:{_ordinal(clause)}"
        track = _Track(lid, clause.kind, clause.section, clause.text, clause.key, introduced, introduced)
        track.said = clause.key
        if event is not None:
            track.events.append(event)
            self.events += 1
        self.tracks[lid] = track
        return lid

    def baseline(self, key: str, version: str, policy: Policy) -> tuple[str, ...]:
        """Record clauses older than the history seen: lineage ids with no introducing commit.

        Every baseline stands for the unseen history before it (a shallow clone's boundaries, the commits
        before `--from` on several branches): a clause paired with one of the first baseline's (unchanged
        or reworded) is that lineage, so that a merge of two boundaries removes and adds nothing."""
        state: list[str | None] = [None] * len(policy.clauses)
        if self._first is not None:
            fkey, first = self._first
            fstate = self.states[fkey]
            for op, left, right in self._changes(_text_of(fkey), _text_of(key), first, policy):
                if op in (ChangeOp.UNCHANGED, ChangeOp.REWORDED, ChangeOp.MOVED):
                    state[right[0]] = fstate[left[0]]
        else:
            self._first = (key, policy)
        done = tuple(
            lid or self._new(c, version, None, None) for lid, c in zip(state, policy.clauses, strict=True)
        )
        self.states[key] = done
        self.marks[key] = ((None, 0),) * len(done)
        self.made.setdefault(_text_of(key), []).append(key)
        return done

    def _changes(
        self, pkey: str, ckey: str, parent: Policy, child: Policy
    ) -> list[tuple[ChangeOp, tuple[int, ...], tuple[int, ...]]]:
        """Return the alignment of two versions as (op, left indexes, right indexes), cached by content."""
        from policydiff.compare import compare_policies

        cached = self._pairs.get((pkey, ckey))
        if cached is not None:
            return cached
        # Clauses equal at both ends (same text key, kind and section) are unchanged: align the middle only.
        a, b = parent.clauses, child.clauses
        head = 0
        while head < min(len(a), len(b)) and _same(a[head], b[head]):
            head += 1
        tail = 0
        while tail < min(len(a), len(b)) - head and _same(a[-1 - tail], b[-1 - tail]):
            tail += 1
        middle = compare_policies(
            replace(parent, clauses=a[head : len(a) - tail]),
            replace(child, clauses=b[head : len(b) - tail]),
            use_slots=False,
            word_edits=False,  # lineage needs the ops only
        )
        lpos = {c.id: k for k, c in enumerate(parent.clauses)}
        rpos = {c.id: k for k, c in enumerate(child.clauses)}
        out: list[tuple[ChangeOp, tuple[int, ...], tuple[int, ...]]] = [
            (ChangeOp.UNCHANGED, (k,), (k,)) for k in range(head)
        ]
        out += [
            (ch.op, tuple(lpos[i] for i in ch.left), tuple(rpos[j] for j in ch.right))
            for ch in middle.changes
        ]
        out += [(ChangeOp.UNCHANGED, (len(a) - k,), (len(b) - k,)) for k in range(tail, 0, -1)]
        self._pairs[(pkey, ckey)] = out
        return out

    def step(
        self,
        version: str,
        key: str,
        policy: Policy,
        parent_key: str | None,
        parent: Policy | None,
        others: Sequence[tuple[str, Policy]] = (),
        bases: Callable[[], Sequence[tuple[str, Policy]]] | None = None,
    ) -> int:
        """Align `policy` (state `key`) with its parent's and record the events of `version`; return how
        many events it made (a merge that made none only brought in what its parents had). `bases` gives a
        merge's merge bases (their states and policies), asked only for a clause no parent holds."""
        parent = parent if parent is not None else _EMPTY
        self.order.setdefault(version, len(self.order))
        self._bases, self._based, self._raw, self._at, self._ends = bases, None, {}, {}, {}
        parent_state = self.states.get(parent_key, ()) if parent_key is not None else ()
        if len(parent_state) != len(parent.clauses):
            raise PolicydiffError("internal: parent state out of step with its clauses")
        state: list[str | None] = [None] * len(policy.clauses)
        parent_marks = self.marks.get(parent_key or "", ((None, 0),) * len(parent_state))
        marks: list[_Mark | None] = [None] * len(policy.clauses)
        added: list[int] = []
        self.made.setdefault(_text_of(key), []).append(key)
        events = self.events
        if parent_key is not None and _text_of(parent_key) == _text_of(key):
            self.states[key] = parent_state
            self.marks[key] = parent_marks
            self._dropped(version, parent_state, [self.states.get(o, ()) for o, _ in others], policy)
            self._kept_wordings(version, key, policy, [(parent_key, parent), *others])
            return self.events - events
        for okey, _ in others:  # a merge that took one parent's text whole brought in, made nothing new
            if _text_of(okey) == _text_of(key) and okey in self.states:
                self.states[key] = self.states[okey]
                self.marks[key] = self.marks[okey]
                lost = [parent_state, *(self.states.get(o, ()) for o, _ in others if o != okey)]
                self._dropped(version, self.states[okey], lost, policy)
                self._kept_wordings(version, key, policy, [(parent_key or "", parent), *others])
                return self.events - events
        # In a merge, what another parent already had was made there, not here (as `git blame` credits).
        # (Each other parent's text of a lineage: in an octopus merge one parent's unchanged text must not
        # hide another's rewording.)
        brought: dict[tuple[str, str], _Mark] = {}
        other_ids: set[str] = set()
        for okey, opolicy in others:
            ostate = self.states.get(okey)
            if ostate is None or len(ostate) != len(opolicy.clauses):
                continue
            other_ids.update(ostate)
            omarks = self.marks.get(okey, ((None, 0),) * len(ostate))
            for lid, clause, mark in zip(ostate, opolicy.clauses, omarks, strict=True):
                brought.setdefault((lid, clause.key), mark)
        inherited, other_marks = self._inheritable(parent_state, others)
        taken_over: list[str] = []  # first-parent lineages whose clause the merge took another side's for
        for op, left, right in self._changes(_text_of(parent_key or ""), _text_of(key), parent, policy):
            lids = [parent_state[i] for i in left]
            if op is ChangeOp.ADDED:
                added.extend(right)
            elif op is ChangeOp.REMOVED:
                for lid in lids:
                    if others and lid not in other_ids and self.tracks[lid].removed is not None:
                        continue  # removed on the merged branch, and credited there
                    self._remove(lid, version, op)
            elif op is ChangeOp.UNCHANGED:
                state[right[0]] = lids[0]
                marks[right[0]] = parent_marks[left[0]]
                self._touch(lids[0], policy.clauses[right[0]], None)
            elif op is ChangeOp.SPLIT:
                # In a merge, a part another parent has word for word is that parent's clause, brought in
                # (the first parent joined two clauses, the merge took the other side's two).
                into = [lids[0]]
                state[right[0]] = lids[0]
                held = brought.get((lids[0], policy.clauses[right[0]].key))
                marks[right[0]] = held or (version, parent_marks[left[0]][1] + 1)
                made = [right[0]] if held is None else []
                for j in right[1:]:
                    kept = inherited.get(policy.clauses[j].key)
                    if kept:
                        into.append(kept.pop(0))
                        marks[j] = other_marks[into[-1]]
                        self.tracks[into[-1]].removed = None  # (joined away on the first parent's line)
                    else:
                        into.append(self._new(policy.clauses[j], version, version, None))
                        marks[j] = (version, 0)
                        made.append(j)
                    state[j] = into[-1]
                for lid, j in zip(into, right, strict=True):
                    clause = policy.clauses[j]
                    event = ClauseEvent(version, op, clause.id, tuple(lids), tuple(into), clause.text)
                    self._touch(lid, clause, event if j in made else None)
            elif op is ChangeOp.MERGED:
                clause = policy.clauses[right[0]]
                state[right[0]] = lids[0]
                held = brought.get((lids[0], clause.key))
                if held is not None:  # joined on a merged branch (or never split there), and credited there
                    marks[right[0]] = held
                    self._touch(lids[0], clause, None)
                    # (the others end here, joined into the clause the merge holds: an event that says so)
                    joined = ClauseEvent(version, op, clause.id, tuple(lids), (lids[0],), None)
                    for lid in lids[1:]:
                        if lid in other_ids or self.tracks[lid].removed is None:
                            self._remove(lid, version, op, joined)
                    continue
                marks[right[0]] = (version, parent_marks[left[0]][1] + 1)
                event = ClauseEvent(version, op, clause.id, tuple(lids), (lids[0],), clause.text)
                self._touch(lids[0], clause, event)
                for lid in lids[1:]:
                    self._remove(
                        lid, version, op, ClauseEvent(version, op, clause.id, tuple(lids), (lids[0],), None)
                    )
            else:  # reworded, moved
                clause = policy.clauses[right[0]]
                held = brought.get((lids[0], clause.key))
                if held is None and inherited.get(clause.key) and parent.clauses[left[0]].key != clause.key:
                    # In a merge, a rewording (a move with new words) of a first-parent clause into a clause
                    # another parent holds word for word under a lineage the first parent lacks is that
                    # lineage, brought in (`_add`); the first parent's clause ends here unless a side ended
                    # it already.
                    added.extend(right)
                    taken_over.extend(lids)
                    continue
                state[right[0]] = lids[0]
                if held is not None:  # reworded (or moved) on a merged branch
                    marks[right[0]] = held
                    self._touch(lids[0], clause, None)
                    continue
                sides = self._sides_of(lids[0], others) if op is ChangeOp.REWORDED and others else None
                if sides is not None:
                    # A clean merge of the sides' changes to other lines of the clause (a hard-wrapped
                    # paragraph) wrote nothing itself: no event; blame the newest side's (`_combined`).
                    mine = (parent_key or "", parent, left[0], parent_marks[left[0]])
                    combined = self._combined(lids[0], (key, policy, right[0]), [mine, *sides])
                    if combined is not None:
                        marks[right[0]] = combined
                        self._touch(lids[0], clause, None)
                        # (the lineage's recorded wording now: no `_kept_wordings` event either)
                        self.tracks[lids[0]].said = clause.key
                        continue
                marks[right[0]] = (version, parent_marks[left[0]][1] + 1)
                self._touch(
                    lids[0], clause, ClauseEvent(version, op, clause.id, (lids[0],), (lids[0],), clause.text)
                )
        self._add(version, policy, added, state, inherited, other_marks, marks)
        if taken_over:
            now = set(state)
            self._end_dropped(version, [lid for lid in taken_over if lid not in now], state, policy)
        if others:
            self._brought_marks(policy, parent, others, marks)
            self._merge_moves(version, key, policy, parent_key or "", parent, others, state, marks)
        final = tuple(s for s in state if s is not None)
        final_marks = tuple(m for m in marks if m is not None)
        if len(final) != len(policy.clauses) or len(final_marks) != len(final):
            raise PolicydiffError("internal: a clause was left without a lineage")
        self.states[key] = final
        self.marks[key] = final_marks
        if others:
            self._kept_wordings(version, key, policy, [(parent_key or "", parent), *others])
        return self.events - events

    def _sides_of(self, lid: str, parents: Sequence[tuple[str, Policy]]) -> list[_Side] | None:
        """Return each of `parents`' clause of lineage `lid` (the merge being stepped), else None when one of
        them lacks it or is unknown; each parent's index of its lineages made once, when first asked."""
        found: list[_Side] = []
        for pkey, p in parents:
            state = self.states.get(pkey)
            if state is None or len(state) != len(p.clauses):
                return None
            at = self._at.get(pkey)
            if at is None:
                at = self._at[pkey] = {one: k for k, one in enumerate(state)}
            k = at.get(lid)
            if k is None:
                return None
            found.append((pkey, p, k, self.marks.get(pkey, ((None, 0),) * len(state))[k]))
        return found

    def _sides(self, key: str, policy: Policy) -> dict[str, _Side]:
        """Return each lineage's clause in state `key` (its policy `policy`), empty if unknown."""
        state = self.states.get(key)
        if state is None or len(state) != len(policy.clauses):
            return {}
        marks = self.marks.get(key, ((None, 0),) * len(state))
        return {lid: (key, policy, k, m) for k, (lid, m) in enumerate(zip(state, marks, strict=True))}

    def _lines(self, key: str, policy: Policy, k: int) -> tuple[str, ...]:
        """Return the lines of the file that clause `k` of `policy` (state `key`) stands on, from its first
        line to the next clause's, blank ones at the end left out; one unit, its text, where the file has no
        lines to tell (a DOCX paragraph), so that any two changes of it conflict."""
        clause = policy.clauses[k]
        blob = _text_of(key)
        if blob not in self._raw:
            raw = self.raw(blob)
            self._raw[blob] = lines = raw.split("\n") if raw is not None else None
            if lines is not None:
                self._ends[blob] = _ends(policy, len(lines))
        lines = self._raw[blob]
        first = clause.location.line
        if lines is None or first is None or not 0 < first <= len(lines):
            return (clause.text,)
        body = lines[first - 1 : self._ends[blob][k] - 1]
        while body and not body[-1].strip():
            body.pop()
        return tuple(body)

    def _combined(
        self,
        lid: str,
        merged: tuple[str, Policy, int],
        sides: Sequence[_Side],
    ) -> _Mark | None:
        """Return the blame of a merge's clause (lineage `lid`; `merged`: the merge's state, policy and the
        clause's index) whose lines a clean three-way merge of its parents' (`sides`) over a merge base's
        gives line for line, else None.

        Both sides changed the clause, each other lines of it (a hard-wrapped paragraph): every line is a
        parent's, and `git blame` credits each to the side that wrote it, none to the merge. The clause's
        last change is the newest side's (in the order seen); its count of changes adds each side's to the
        base's. A conflict resolved by hand (both sides changed one line) is not such a merge."""
        if self._bases is None:
            return None
        if self._based is None:
            self._based = [self._sides(key, policy) for key, policy in self._bases()]
        for base in self._based:
            if lid not in base:
                continue
            count = base[lid][3][1]
            lines = [self._lines(*side[:3]) for side in sides]
            if _merge3(self._lines(*base[lid][:3]), lines) != list(self._lines(*merged)):
                continue
            marks = [side[3] for side in sides]
            newest = max(marks, key=lambda m: self.order.get(m[0] or "", -1))
            changes = sum(m[1] for m in marks) - (len(marks) - 1) * count
            return (newest[0], max(changes, newest[1]))
        return None

    def _kept_wordings(
        self, version: str, key: str, policy: Policy, parents: Sequence[tuple[str, Policy]]
    ) -> None:
        """At a merge (state `key`, already recorded), give an event to each clause whose parents held it in
        different wordings where the merge's wording is not the one its lineage last recorded (a side's
        rewording discarded, or the other of two rewordings kept: session 22), so that a lineage ends with
        the text the last version holds. A clause every parent words alike gets none (a clean merge took
        the change; a sibling branch's later rewording is settled at the merge that brings it in), nor one
        whose wording a clean merge of the parents' over a merge base gives (`_combined`: the recorded
        wording may be a sibling line's). Blame is not changed: the words are a parent's, as `git blame`
        credits them."""
        worded: dict[str, set[str]] = {}
        for pkey, p in parents:
            pstate = self.states.get(pkey)
            if pstate is None or len(pstate) != len(p.clauses):
                continue
            for lid, clause in zip(pstate, p.clauses, strict=True):
                worded.setdefault(lid, set()).add(clause.key)
        for k, (lid, clause) in enumerate(zip(self.states[key], policy.clauses, strict=True)):
            track = self.tracks[lid]
            # (a wording that differs from the recorded one in letter case or punctuation alone is none: the
            # alignment may call such a change unchanged, and the step that made it recorded nothing)
            if len(worded.get(lid, ())) > 1 and _loose(track.said) != _loose(clause.key):
                if track.events and track.events[-1].commit == version:
                    continue  # (already an event of this merge)
                sides = self._sides_of(lid, parents)
                if sides is not None and self._combined(lid, (key, policy, k), sides) is not None:
                    self._touch(lid, clause, None)
                    track.said = clause.key
                    continue
                event = ClauseEvent(version, ChangeOp.REWORDED, clause.id, (lid,), (lid,), clause.text)
                self._touch(lid, clause, event)
            else:
                self._touch(lid, clause, None)

    def _dropped(
        self, version: str, kept: Sequence[str], parents: Sequence[Sequence[str]], policy: Policy
    ) -> int:
        """Remove, at a merge that took one parent's file whole, every lineage another parent held that the
        merge lacks (a clause only the discarded side had: session 22); return how many were removed.

        Without it such a lineage stayed present for ever, though no later version holds it (a side's
        added clause, or a whole unrelated history's clauses, `merge --allow-unrelated-histories`)."""
        held = set(kept)
        events = self.events
        for state in parents:
            self._end_dropped(version, [lid for lid in state if lid not in held], kept, policy)
        return self.events - events

    def _end_dropped(
        self, version: str, lids: Iterable[str], state: Sequence[str | None], policy: Policy
    ) -> None:
        """End, at a merge, each of `lids` (a parent's lineages the merge does not continue) that is not
        ended yet: `merged` into the merge's clause that holds its words where one does (both sides wrote
        the same clause and the merge kept it once: its words stand, so it was not removed), else
        `removed`."""
        standing: dict[str, tuple[str, str]] | None = None
        for lid in lids:
            track = self.tracks[lid]
            if track.removed is not None:
                continue
            if standing is None:
                standing = {}
                for s, c in zip(state, policy.clauses, strict=True):
                    if s is not None:
                        standing.setdefault(c.key, (s, c.id))
            into = standing.get(track.key)
            if into is None:
                self._remove(lid, version, ChangeOp.REMOVED)
            else:
                joined = ClauseEvent(version, ChangeOp.MERGED, into[1], (into[0], lid), (into[0],), None)
                self._remove(lid, version, ChangeOp.MERGED, joined)

    def _brought_marks(
        self, policy: Policy, parent: Policy, others: Sequence[tuple[str, Policy]], marks: list[_Mark | None]
    ) -> None:
        """In a merge, a clause whose text the first parent lacks but another parent has word for word was
        written on that parent's line: it takes that parent's blame (as `git blame` passes a line equal in a
        parent on to it), whatever the alignment with the first parent paired it with."""
        first = {c.key for c in parent.clauses}
        held: dict[str, _Mark] = {}
        for okey, opolicy in others:
            omarks = self.marks.get(okey)
            if omarks is None or len(omarks) != len(opolicy.clauses):
                continue
            for clause, mark in zip(opolicy.clauses, omarks, strict=True):
                held.setdefault(clause.key, mark)
        for j, clause in enumerate(policy.clauses):
            if clause.key not in first and clause.key in held:
                marks[j] = held[clause.key]

    def _merge_moves(
        self,
        version: str,
        key: str,
        policy: Policy,
        parent_key: str,
        parent: Policy,
        others: Sequence[tuple[str, Policy]],
        state: list[str | None],
        marks: list[_Mark | None],
    ) -> None:
        """Record the moves a merge (state `key`) made itself, whatever its alignment with each parent calls
        them (the first parent's may pair the moved clause as unchanged and call the clauses around it, or
        a split, the move).

        Each parent's alignment with the merge says only which of its clauses each merge clause is (one to
        one: unchanged, reworded or moved). Two merge clauses that every parent holds in the other order
        stand in an order no parent has: the merge made it (as a line of `git show --cc` that differs from
        every parent). Of the clauses so reordered, the merge moved those out of the longest run every
        parent keeps in order (else those out of the first parent's run)."""
        where: list[dict[int, int]] = []  # per parent: merge clause -> the parent's clause it is
        for pkey, p in [(parent_key, parent), *others]:
            ops = self._changes(_text_of(pkey), _text_of(key), p, policy)
            one = (ChangeOp.UNCHANGED, ChangeOp.REWORDED, ChangeOp.MOVED)
            where.append({right[0]: left[0] for op, left, right in ops if op in one})
        common = sorted(j for j in where[0] if all(j in w for w in where[1:]))  # (in the merge's order)
        # Only a clause out of order in every parent can be in a pair every parent holds the other way
        # round: the pairs are looked for among those (most merges keep one parent's order: none), not
        # among all pairs of the policy's clauses.
        out_of_order = set(common)
        for w in where:
            out_of_order &= _out_of_order(common, w)
        candidates = [j for j in common if j in out_of_order]
        swapped: set[int] = set()
        for n, a in enumerate(candidates):
            for b in candidates[n + 1 :]:
                if all(w[a] > w[b] for w in where):
                    swapped.update((a, b))
        if not swapped:
            return
        outside = [set(common) - _in_order(common, w) for w in where]
        chosen = swapped.intersection(*outside) or swapped & outside[0] or swapped
        for j in sorted(chosen):
            lid, mark = state[j], marks[j]
            if lid is None or mark is None:
                continue
            track = self.tracks[lid]
            if track.events and track.events[-1].commit == version:
                continue  # (already an event of this merge)
            clause = policy.clauses[j]
            marks[j] = (version, mark[1] + 1)
            self._touch(
                lid, clause, ClauseEvent(version, ChangeOp.MOVED, clause.id, (lid,), (lid,), clause.text)
            )

    def _inheritable(
        self, parent_state: tuple[str, ...], others: Sequence[tuple[str, Policy]]
    ) -> tuple[dict[str, list[str]], dict[str, _Mark]]:
        """Return, for a merge, the other parents' lineages the first parent lacks, by clause key, and
        their blame there.

        A lineage the first parent's line removed (or joined into another) is one still: the merge may
        take the other side's clause back, and `git blame` credits its line to whoever wrote it there."""
        inherited: dict[str, list[str]] = {}
        other_marks: dict[str, _Mark] = {}
        held = set(parent_state)
        for okey, opolicy in others:
            ostate = self.states.get(okey)
            if ostate is None or len(ostate) != len(opolicy.clauses):
                continue
            omarks = self.marks.get(okey, ((None, 0),) * len(ostate))
            for lid, clause, mark in zip(ostate, opolicy.clauses, omarks, strict=True):
                if lid not in held and lid not in other_marks:
                    inherited.setdefault(clause.key, []).append(lid)
                    other_marks[lid] = mark
        return inherited, other_marks

    def _add(
        self,
        version: str,
        policy: Policy,
        added: list[int],
        state: list[str | None],
        inherited: dict[str, list[str]],
        other_marks: dict[str, _Mark],
        marks: list[_Mark | None],
    ) -> None:
        # In a merge commit, a clause new to the first parent but present in another parent keeps that
        # parent's lineage; that parent's lineages which did not survive the merge end here.
        removed: dict[str, list[str]] | None = None  # the removed lineages by text key, made once a step
        for j in sorted(added):
            clause = policy.clauses[j]
            candidates = inherited.get(clause.key)
            if candidates:
                lid = candidates.pop(0)
                state[j] = lid
                marks[j] = other_marks[lid]
                self._touch(lid, clause, None)
                self.tracks[lid].removed = None  # (removed on the first parent's line only)
                continue
            lid = self._new(clause, version, version, None)
            marks[j] = (version, 0)
            self.events += 1
            self.tracks[lid].events.append(
                ClauseEvent(version, ChangeOp.ADDED, clause.id, (), (lid,), clause.text)
            )
            if removed is None:  # (one pass over the lineages a step, not one per added clause: session 22)
                removed = {}
                for t in self.tracks.values():
                    if t.removed is not None:
                        removed.setdefault(t.key, []).append(t.id)
            gone = [self.tracks[g] for g in removed.get(clause.key, ()) if self.tracks[g].removed is not None]
            if gone:
                self.tracks[lid].restored_from = max(gone, key=lambda t: self._removals.get(t.id, 0)).id
            state[j] = lid
        kept = set(state)
        self._end_dropped(version, [lid for lid in other_marks if lid not in kept], state, policy)

    def alias(self, key: str, like: str) -> None:
        """Record state `key` as state `like` (a skipped version stands as the last one read)."""
        self.states[key] = self.states[like]
        self.marks[key] = self.marks[like]
        self.made.setdefault(_text_of(key), []).append(key)

    def settle(self, key: str) -> None:
        """Mark every lineage of the newest state (`key`) present: a branch may have removed a clause (or
        deleted the file) that a merge then kept, and that removal did not reach this state."""
        for lid in self.states.get(key, ()):
            self.tracks[lid].removed = None

    def _remove(self, lid: str, version: str, op: ChangeOp, event: ClauseEvent | None = None) -> None:
        track = self.tracks[lid]
        track.removed = version
        track.events.append(event or ClauseEvent(version, op, None, (lid,), (), None))
        self.events += 1
        self._removals[lid] = len(self._removals) + 1

    def _touch(self, lid: str, clause: Clause, event: ClauseEvent | None) -> None:
        track = self.tracks[lid]
        track.text, track.key, track.kind, track.section = (
            clause.text,
            clause.key,
            clause.kind,
            clause.section,
        )
        if event is not None:
            track.events.append(event)
            self.events += 1
            track.last_changed = event.commit
            if event.text is not None:
                track.said = clause.key

    def clauses(self) -> tuple[LineageClause, ...]:
        """Return every lineage followed, in order of introduction."""
        return tuple(
            LineageClause(
                t.id,
                t.kind,
                t.section,
                t.text,
                t.introduced,
                t.last_changed,
                t.removed,
                t.restored_from,
                tuple(t.events),
            )
            for t in self.tracks.values()
        )


def _state_of(git: Git, tracker: _Tracker, commit: str, path: str, text: str) -> str | None:
    """Return the state of the file as commit `commit` holds it (`path`, its text `text`), else None.

    One text may be reached by several commits (a revert, the same fix on two branches): the state is that
    of the commit git blame passes the file down to: the newest commit that changed `path` in git's
    simplified history (a merge equal to a parent follows that parent, the first such one)."""
    made = tracker.made.get(text)
    if not made:
        return None
    own = f"{commit}:{text}"
    if own in tracker.states:
        return own
    if len(made) == 1:
        return made[0]
    status, out, _ = git.run("rev-list", "-1", commit, "--", path)
    newest = f"{out.decode('ascii', 'replace').strip()}:{text}"
    if status == 0 and newest in tracker.states:
        return newest
    for key in reversed(made):  # (a rename between: the newest of them on its line of descent)
        status, _, _ = git.run("merge-base", "--is-ancestor", key.partition(":")[0], commit)
        if status == 0:
            return key
    return made[-1]


def _merge_bases(
    git: Git, tracker: _Tracker, policies: _Policies, parents: Sequence[str], names: Sequence[str]
) -> list[tuple[str, Policy]]:
    """Return the state and policy of the file in each merge base of `parents` that the history read (the
    file under the first of `names` the base holds); git's `merge-base --all`, `--octopus` for more than
    two parents (at most four bases: a criss-cross merge has two)."""
    if len(parents) < 2:
        return []
    args = ("--all", *parents) if len(parents) == 2 else ("--octopus", *parents)
    status, out, _ = git.run("merge-base", *args)
    shas = (
        [sha for sha in out.decode("ascii", "replace").split() if SHA.match(sha)][:4] if status == 0 else []
    )
    order = list(dict.fromkeys(names))
    if not shas or not order:
        return []
    rows = git.object_info([f"{sha}:{name}" for sha in shas for name in order])
    found: list[tuple[str, Policy]] = []
    for k, sha in enumerate(shas):
        for j, name in enumerate(order):
            row = rows[k * len(order) + j]
            if row is None or row[1] != "blob":
                continue
            if row[0] in policies.cache:
                key = _state_of(git, tracker, sha, name, row[0])
                if key is not None:
                    found.append((key, policies.cache[row[0]]))
            break
    return found


class _Policies:
    """Parsed blobs, cached by blob sha."""

    def __init__(self, git: Git) -> None:
        self.git = git
        self.cache: dict[str, Policy] = {}
        self.bad: dict[str, str] = {}
        """Blobs that could not be read as a policy (binary, a Git LFS pointer …): why, by blob sha."""

    def get(
        self,
        blobs: Mapping[str, tuple[str, str]],
        tick: Callable[[], None] | None = None,
        *,
        skip_bad: bool = False,
    ) -> None:
        """Parse every blob not cached yet; `blobs` maps a blob sha to (commit, path) for messages. With
        `skip_bad`, a blob that is no policy (binary, a Git LFS pointer) is recorded in `bad`, not raised."""
        from policydiff import parse_bytes

        todo = [sha for sha in blobs if sha not in self.cache and sha not in self.bad]
        for start in range(0, len(todo), 64):  # a few blobs at a time: a long DOCX history stays small
            data = self.git.objects(todo[start : start + 64])
            for sha, blob in data.items():
                commit, path = blobs[sha]
                try:
                    self.cache[sha] = parse_bytes(content(blob, path, commit), f"{commit[:12]}:{path}")
                except ReadError as error:
                    if not skip_bad:
                        raise
                    self.bad[sha] = error.cause
                if tick is not None:
                    tick()


def history(
    path: str,
    *,
    repo: str | os.PathLike[str],
    from_rev: str | None = None,
    to_rev: str | None = None,
    first_parent: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> Lineage:
    """Return the lineage of every clause of `path` (relative to the repository root) across its commits.

    The versions are the commits `git log --follow` lists (renames followed), oldest first, plus the merges
    that changed the text beyond all their parents; each is aligned with its first parent's version, and a
    change one of a merge's other parents already had is credited to the commit that made it, not the merge.
    With `first_parent`, the mainline only: each merged branch is one step, credited to its merge.
    `progress(done, total)` is called as blobs are parsed and versions aligned.
    """
    git = Git(repo)
    clean = check_path(path)
    for rev in (from_rev, to_rev):
        if rev is not None:
            check_rev(rev)
    tip = git.resolve(to_rev or "HEAD")
    base = git.resolve(from_rev) if from_rev is not None else None
    over: list[str] = []
    steps = _follow(git, clean, tip, base, first_parent, over)
    if not steps:
        if base is not None and base != tip and git.run("merge-base", "--is-ancestor", tip, base)[0] == 0:
            # (every commit up to TO is one FROM has: an empty range, not "nothing changed")
            raise UsageError(f"--from {from_rev} is newer than --to {to_rev or 'HEAD'}; swap them")
        info = git.object_info([f"{tip}:{clean}"])[0]
        if base is None or info is None or info[1] != "blob":
            where = f"{to_rev or 'HEAD'}" + (f" since {from_rev}" if from_rev else "")
            raise ReadError(f"no commit in {where} changed this path", clean)
        # Nothing changed in the range: no versions, every clause older than FROM.
        policies = _Policies(git)
        policies.get({info[0]: (tip, clean)})
        tracker = _Tracker()
        tracker.baseline(info[0], tip, policies.cache[info[0]])
        options: dict[str, object] = {"repo": True, "from": from_rev, "to": to_rev}
        if first_parent:
            options["first_parent"] = True
        return Lineage(clean, (), tracker.clauses(), None, (), tuple(options.items()))
    return _lineage(git, clean, steps, base, from_rev, to_rev, first_parent, progress, over)[0]


def _lineage(
    git: Git,
    path: str,
    steps: Sequence[_Step],
    base: str | None,
    from_rev: str | None,
    to_rev: str | None,
    first_parent: bool = False,
    progress: Callable[[int, int], None] | None = None,
    over: Sequence[str] = (),
) -> tuple[Lineage, _Tracker, _Policies]:
    # Which objects exist: each version's blob, each parent commit, each parent's blob.
    names: list[str] = []
    known = _names(steps)
    for s in steps:
        names.append(f"{s.commit.sha}:{s.path}")
        for p in s.commit.parents:
            names += [p, f"{p}:{s.parent_path}", f"{p}:{s.path}"]
        for p in s.commit.parents[1:]:  # (a merged branch may hold the file under another of its names)
            names += [f"{p}:{name}" for name in known]
    tip = git.resolve(to_rev or "HEAD")
    names.append(f"{tip}:{path}")
    info = dict(zip(names, git.object_info(names), strict=True))
    # A commit where the path is a folder or a submodule holds no version of the file (the path was a
    # folder once, the file came later): its steps are left out with one warning, unless the revision asked
    # for is one of them.
    odd = [
        (s, row[1])
        for s in steps
        if not s.deleted and (row := info.get(f"{s.commit.sha}:{s.path}")) is not None and row[1] != "blob"
    ]
    tip_row = info.get(f"{tip}:{path}")
    if odd and tip_row is not None and tip_row[1] == "blob":
        steps = [s for s in steps if all(s is not o for o, _ in odd)]
    else:
        odd = []

    def blob(name: str) -> str | None:
        row = info.get(name)
        return row[0] if row is not None and row[1] == "blob" else None

    wanted: dict[str, tuple[str, str]] = {}
    for s in steps:
        for k, p in enumerate(s.commit.parents):
            for name in dict.fromkeys((s.parent_path, s.path, *(known if k else ()))):
                if info.get(p) is not None and (b := blob(f"{p}:{name}")) is not None:
                    wanted.setdefault(b, (p, name))
                    break
        if not s.deleted:
            row = info.get(f"{s.commit.sha}:{s.path}")
            if row is None:
                cause = git.damaged(s.commit.sha, s.path) or f"not found at {s.commit.sha[:12]}"
                raise ReadError(cause, s.path)
            if row[1] != "blob":
                raise ReadError(f"{not_a_file(row[1])}, not a file, at {s.commit.sha[:12]}", s.path)
            wanted.setdefault(row[0], (s.commit.sha, s.path))
    total = len(wanted) + len(steps)
    done = 0

    def tick() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total)

    policies = _Policies(git)
    # A version that is no policy (a binary or Git LFS revision) is skipped with a warning, not the whole
    # history stopped; the file at the revision asked for must be readable (`blame` reads it again).
    for s in steps:
        # A symbolic link's blob is the path it points to: no version of the policy (git log and git blame
        # read the path as text). Skipped as a binary revision is, and refused at the revision asked for.
        if s.link and not s.deleted and (b := blob(f"{s.commit.sha}:{s.path}")) is not None:
            policies.bad.setdefault(b, f"a symbolic link, not a file, at {s.commit.sha[:12]}")
    policies.get(wanted, tick, skip_bad=True)
    tip_text = tip_row[0] if tip_row is not None and tip_row[1] == "blob" else None
    if tip_text in policies.bad:
        raise ReadError(policies.bad[tip_text], path)
    tracker = _Tracker()

    def raw(sha: str) -> str | None:  # (a blob's lines, read only for a merge whose clause no parent holds)
        if not SHA.match(sha):
            return None
        try:
            return git.objects([sha])[sha].decode("utf-8", "replace")
        except ReadError:
            return None

    tracker.raw = raw
    warnings: list[Diagnostic] = []
    if odd:
        more = f" and {len(odd) - 1} more commits" if len(odd) > 1 else ""
        warnings.append(
            Diagnostic(
                "not-a-file",
                f"{not_a_file(odd[0][1])}, not a file, at {odd[0][0].commit.sha[:12]}{more}; skipped",
                path,
            )
        )
    truncated: str | None = None
    versions: list[Version] = []
    # The authors as `git log` and `git blame` name them: through the repository's `.mailmap` (session 22).
    authors = git.authors([s.commit.sha for s in steps])
    gone: list[tuple[int, str]] = []  # (the warning, the commit) of each deletion
    stands: dict[str, str] = {}  # a skipped version's commit -> the state standing for it
    last = ""
    for s in steps:
        tick()
        c = s.commit
        first = c.parents[0] if c.parents else None
        text = "" if s.deleted else blob(f"{c.sha}:{s.path}") or ""
        key = f"{c.sha}:{text}"  # (a state per commit: two commits may reach one text)
        if text in policies.bad:
            warnings.append(
                Diagnostic(
                    "unreadable-revision",
                    f"{c.sha[:12]}: {policies.bad[text]}; skipped (the next version is compared with the "
                    "last one read)",
                    s.path,
                )
            )
            if last:
                stands[c.sha] = f"{c.sha}:{_text_of(last)}"
                tracker.alias(stands[c.sha], last)
            continue
        policy = _EMPTY if s.deleted else policies.cache[text]
        for w in policy.warnings:
            warnings.append(w)
        version = Version(c.sha, first, c.date, authors.get(c.sha, c.author), c.message, s.path)
        if s.renamed_by_text:
            warnings.append(
                Diagnostic(
                    "rename-followed",
                    f"{s.parent_path} became {s.path} at {c.sha[:12]}: git saw a deletion and an addition, "
                    "followed because their clauses align",
                    path,
                )
            )
        if s.deleted:
            gone.append((len(warnings), c.sha))
            warnings.append(Diagnostic("deleted", f"deleted at {c.sha[:12]}", s.path))
        if first is not None and info.get(first) is None:
            versions.append(version)
            # A shallow clone: the parent is not there, so this version is where the history starts.
            truncated = c.sha if truncated is None else truncated
            tracker.baseline(key, c.sha, policy)
            last = key
            continue
        ptext = blob(f"{first}:{s.parent_path}") if first is not None else None
        pkey = None
        if ptext in policies.bad:  # (a skipped version: the state standing for it, else the last read)
            pkey = stands.get(first or "") or last or None
            ptext = _text_of(pkey) if pkey is not None and _text_of(pkey) in policies.cache else None
            pkey = pkey if ptext is not None else None
        parent = policies.cache[ptext] if ptext is not None else None
        if pkey is None and ptext is not None and first is not None and parent is not None:
            pkey = _state_of(git, tracker, first, s.parent_path, ptext)
            if pkey is None:
                pkey = f"{first}:{ptext}"
                tracker.baseline(pkey, first, parent)
        others = []
        for p in () if first_parent else c.parents[1:]:
            # A merged branch may hold the file under its new name already (it made the rename itself),
            # or still under an old one (the main line renamed it after the branch left).
            opath = next(
                (n for n in dict.fromkeys((s.parent_path, s.path, *known)) if blob(f"{p}:{n}")), s.path
            )
            otext = blob(f"{p}:{opath}")
            if otext is not None and otext not in policies.bad:
                okey = _state_of(git, tracker, p, opath, otext) or f"{p}:{otext}"  # (no state: not followed)
                others.append((okey, policies.cache[otext]))
        names_here = (s.parent_path, s.path, *known)
        made = tracker.step(
            c.sha,
            key,
            policy,
            pkey,
            parent,
            others,
            partial(_merge_bases, git, tracker, policies, c.parents, names_here),
        )
        last = key
        if made or len(c.parents) < 2:
            versions.append(version)  # a merge is a version only when it changed the text itself
    if steps:
        # The newest state: the tip's (a branch that deleted the file may come last in the steps).
        held = _state_of(git, tracker, tip, path, tip_text) if tip_text is not None else None
        tracker.settle(held or last)
        if held is not None:
            # A deletion the tip's text does not descend from was a branch's, which a merge did not take.
            holder = held.partition(":")[0]
            for k, sha in gone:
                if git.run("merge-base", "--is-ancestor", sha, holder)[0] != 0:
                    w = warnings[k]
                    kept = f"{w.message} on a branch; a merge kept the file"
                    warnings[k] = Diagnostic(w.code, kept, w.path)
    if truncated is not None:
        warnings.append(
            Diagnostic(
                "shallow-history",
                f"shallow clone: history starts at {truncated[:12]}; older clauses show no introduction",
                path,
            )
        )
    if over:
        warnings.append(_budget_warning(over, path))
    options: dict[str, object] = {"repo": True, "from": from_rev, "to": to_rev}
    if first_parent:
        options["first_parent"] = True
    lineage = Lineage(
        path, tuple(versions), tracker.clauses(), truncated, tuple(warnings), tuple(options.items())
    )
    return lineage, tracker, policies


def history_of_files(paths: Sequence[str | os.PathLike[str]], *, encoding: str | None = None) -> Lineage:
    """Return the lineage of clauses across files given as versions in order, each aligned with the last."""
    from policydiff import parse

    if not paths:
        raise UsageError("history needs at least one file")
    tracker = _Tracker()
    versions: list[Version] = []
    warnings: list[Diagnostic] = []
    previous: tuple[str, Policy] | None = None
    seen: dict[str, int] = {}
    for given in paths:
        policy = parse(given, encoding=encoding)
        warnings.extend(policy.warnings)
        seen[policy.sha256] = seen.get(policy.sha256, 0) + 1
        key = policy.sha256 if seen[policy.sha256] == 1 else f"{policy.sha256}.{seen[policy.sha256]}"
        versions.append(Version(key, previous[0] if previous else None, None, None, None, os.fspath(given)))
        if previous is not None and previous[1].sha256 == policy.sha256:
            tracker.states[key] = tracker.states[previous[0]]
            tracker.marks[key] = tracker.marks[previous[0]]
        else:
            tracker.step(
                key, key, policy, previous[0] if previous else None, previous[1] if previous else None
            )
        previous = (key, policy)
    first = os.fspath(paths[-1])
    return Lineage(first, tuple(versions), tracker.clauses(), None, tuple(warnings), (("repo", False),))


def blame(path: str, *, repo: str | os.PathLike[str], rev: str = "HEAD") -> Blame:
    """Return, for each clause of `path` at `rev`, the commits that introduced and last changed it."""
    git = Git(repo)
    clean = check_path(path)
    sha = git.resolve(rev)
    info = git.object_info([f"{sha}:{clean}"])[0]
    if info is None:
        raise ReadError(git.damaged(sha, clean) or f"not in {rev}", clean)
    if info[1] != "blob":
        raise ReadError(f"{not_a_file(info[1])}, not a file, in {rev}", clean)
    over: list[str] = []
    steps = _follow(git, clean, sha, None, over=over)
    lineage, tracker, policies = _lineage(git, clean, steps, None, None, rev, over=over)
    text = info[0]
    policies.get({text: (sha, clean)})
    policy = policies.cache[text]
    key = _state_of(git, tracker, sha, clean, text) or f"{sha}:{text}"
    if key not in tracker.states:
        # The file at REV matches no version seen (history not linear): align it with the newest one.
        nkey = next((k for k in reversed(tracker.states) if _text_of(k) in policies.cache), None)
        tracker.step(sha, key, policy, nkey, policies.cache[_text_of(nkey)] if nkey else None)
    dates = {v.commit: v for v in lineage.versions}
    tracks = {t.id: t for t in tracker.clauses()}

    def ref(commit: str | None) -> CommitRef | None:
        if commit is None:
            return None
        v = dates.get(commit)
        return CommitRef(commit, v.date if v else None, v.author if v else None)

    out = []
    for clause, lid, (last, changes) in zip(
        policy.clauses, tracker.states[key], tracker.marks[key], strict=True
    ):
        track = tracks[lid]
        out.append(
            BlameClause(
                clause.id,
                lid,
                clause.kind,
                clause.section,
                clause.text,
                ref(track.introduced),
                ref(last if last is not None else track.introduced),
                changes,
            )
        )
    options: dict[str, object] = {"rev": rev}
    return Blame(clean, sha, tuple(out), lineage.truncated_at, lineage.warnings, tuple(options.items()))


__all__ = [
    "Blame",
    "BlameClause",
    "ClauseEvent",
    "CommitRef",
    "Lineage",
    "LineageClause",
    "Version",
    "blame",
    "check_rev",
    "history",
    "history_of_files",
    "read_revision",
]
