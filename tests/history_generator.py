"""Seeded git histories of a policy, and git as the oracle for `history` and `blame` on them (session 21).

    python -m tests.history_generator --seeds 0-299 [--markdown] [--wrap] [--keep DIR]

`build(seed, where)` writes a real repository through the git CLI: a policy of one clause per paragraph
(or Markdown with headings), commits that reword, add, remove, move, split and join clauses, branches
merged cleanly, with a conflict resolved by hand, "evil" (the merge writes text of its own), taking one
side whole, or as an octopus; renames with and without edits, on a branch and on the main line; a copy;
the file deleted and written again; a revert; a cherry-pick; author dates out of order. `check(built)`
holds policydiff's versions, blame and introductions to `git log --follow`, `git blame` and `git log -S`
and returns every difference found.
"""

from __future__ import annotations

import random
import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .conftest import CORPUS
from .test_history_merges import Repo

_SOURCES = (
    "holmes-chapel-safeguarding",
    "sunnyside-visitors",
    "contributor-covenant-v2.0",
    "cncf-coc-v1.3-2026",
)
_HEADINGS = (
    "Scope",
    "Responsibilities",
    "Reporting concerns",
    "Visitors",
    "Records",
    "Training",
    "Review",
    "Enforcement",
)


def _pool() -> list[str]:
    """Return the sentences of a few corpus policies (8 to 30 words, one full stop), sorted."""
    found: set[str] = set()
    for name in _SOURCES:
        body = (CORPUS / "text" / f"{name}.txt").read_text(encoding="utf-8")
        for para in body.split("\n\n"):
            joined = " ".join(para.split())
            for sentence in re.split(r"(?<=\.)\s+", joined):
                words = sentence.split()
                plain = sentence.count(".") == 1 and not re.search(r"[*_`#\[\]<>|]", sentence)
                if 8 <= len(words) <= 30 and sentence.endswith(".") and sentence[0].isupper() and plain:
                    found.add(sentence)
    return sorted(found)


SENTENCES = _pool()
WORDS = sorted(
    {w.strip(".,;:()").lower() for s in SENTENCES for w in s.split() if w.isalpha() and len(w) > 3}
)


@dataclass
class Built:
    """A generated repository and what the generator did in it."""

    r: Repo
    path: str
    """The file's name at HEAD."""
    markdown: bool
    wrap: bool
    actions: list[str] = field(default_factory=list)
    """Each action taken, in order (`edit`, `branch:conflict`, `rename`, …)."""
    moves: set[str] = field(default_factory=set)
    """Commits that moved a clause (git blame's answer for a moved line is whichever lines its diff chose)."""
    copied: str | None = None
    """The commit that copied the file, if one did."""
    source: str | None = None
    """The name the file was copied from (that file stays, unchanged)."""
    again: str | None = None
    """The commit that wrote the file again after deleting it, if one did."""


class _Builder:
    def __init__(self, seed: int, where: Path, markdown: bool, wrap: bool) -> None:
        self.rng = random.Random(seed)
        self.r = Repo(where)
        self.markdown, self.wrap = markdown, wrap
        self.fresh = list(SENTENCES)
        self.rng.shuffle(self.fresh)
        ext = ".md" if markdown else ".txt"
        self.path = f"policy{ext}"
        self.names = [f"safeguarding{ext}", f"docs/policy{ext}", f"docs/rules{ext}", f"handbook/policy{ext}"]
        self.built = Built(self.r, self.path, markdown, wrap)
        self.branches = 0

    # --- The document ---

    def sentence(self) -> str:
        return self.fresh.pop() if self.fresh else " ".join(self.rng.choices(WORDS, k=12)).capitalize() + "."

    def render(self, blocks: list[str]) -> str:
        out = ["# Daily Routine Policy" if self.markdown else "Daily Routine Policy"]
        for block in blocks:
            if block.startswith("## ") or not self.wrap:
                out.append(block)
            else:
                out.append(textwrap.fill(block, width=64))
        return "\n\n".join(out) + "\n"

    def read(self) -> list[str]:
        body = (self.r.where / self.path).read_text(encoding="utf-8")
        blocks = [" ".join(b.split()) if not b.startswith("## ") else b.strip() for b in body.split("\n\n")]
        return [b for b in blocks[1:] if b]

    def write(self, blocks: list[str]) -> None:
        target = self.r.where / self.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(self.render(blocks), encoding="utf-8")
        self.r("add", "--", self.path)

    def commit(self, message: str) -> str:
        self.r.day += -3 if self.rng.random() < 0.08 else 1  # now and then a date older than its parent's
        self.r("commit", "-q", "--allow-empty", "-m", message)
        return self.r("rev-parse", "HEAD").strip()

    def first(self) -> None:
        blocks: list[str] = []
        for k in range(self.rng.randint(6, 12)):
            if self.markdown and k % 3 == 0:
                blocks.append(f"## {_HEADINGS[(k // 3) % len(_HEADINGS)]}")
            blocks.append(self.sentence())
        self.write(blocks)
        self.commit("first version")

    # --- Edits of clauses ---

    def clauses(self, blocks: list[str]) -> list[int]:
        return [k for k, b in enumerate(blocks) if not b.startswith("## ")]

    def reword(self, text: str) -> str:
        words = text.rstrip(".").split()
        for _ in range(self.rng.randint(1, 2)):
            if len(words) < 2:  # (a clause of one word: a word added)
                words.append(self.rng.choice(WORDS))
                continue
            k = self.rng.randrange(1, len(words))
            how = self.rng.random()
            if how < 0.4:
                words[k] = self.rng.choice(WORDS)
            elif how < 0.8 or len(words) < 6:
                words.insert(k, self.rng.choice(WORDS))
            else:
                del words[k]
        new = " ".join(words) + "."
        return new if new != text else new[:-1] + " today."

    def edit(self, blocks: list[str], moves: list[bool]) -> str:
        """Apply one random clause edit to `blocks`; return its name (`moves` gets True for a move)."""
        idx = self.clauses(blocks)
        op = self.rng.choice(["reword"] * 4 + ["add"] * 2 + ["remove", "move", "split", "join", "heading"])
        if len(idx) < 4 and op in ("remove", "join"):
            op = "add"
        if op == "heading" and not self.markdown:
            op = "reword"
        if op == "reword":
            k = self.rng.choice(idx)
            blocks[k] = self.reword(blocks[k])
        elif op == "add":
            blocks.insert(self.rng.randint(0, len(blocks)), self.sentence())
        elif op == "remove":
            del blocks[self.rng.choice(idx)]
        elif op == "move":
            k = self.rng.choice(idx)
            clause = blocks.pop(k)
            j = self.rng.choice([j for j in range(len(blocks) + 1) if abs(j - k) > 1] or [len(blocks)])
            blocks.insert(j, clause)
            moves.append(True)
        elif op == "split":
            k = self.rng.choice(idx)
            words = blocks[k].rstrip(".").split()
            cut = len(words) // 2
            blocks[k : k + 1] = [" ".join(words[:cut]) + ".", " ".join(words[cut:]).capitalize() + "."]
        elif op == "join":
            k = self.rng.choice([k for k in idx if k + 1 in idx] or idx[:1])
            if k + 1 < len(blocks) and not blocks[k + 1].startswith("## "):
                blocks[k : k + 2] = [f"{blocks[k]} {blocks[k + 1]}"]
        else:
            heads = [k for k, b in enumerate(blocks) if b.startswith("## ")]
            if heads:
                k = self.rng.choice(heads)
                blocks[k] = f"{blocks[k]} and {self.rng.choice(_HEADINGS).lower()}"
            else:
                blocks.insert(0, f"## {self.rng.choice(_HEADINGS)}")
        return op

    def change(self, label: str, n: int | None = None) -> str:
        blocks = self.read()
        moves: list[bool] = []
        ops = [self.edit(blocks, moves) for _ in range(n or self.rng.randint(1, 2))]
        self.write(blocks)
        sha = self.commit(f"{label}: {', '.join(ops)}")
        if moves:
            self.built.moves.add(sha)
        return sha

    # --- History shapes ---

    def free_name(self) -> str | None:
        """Return a name no file has yet (its folder made), else None after an ordinary edit instead."""
        free = [n for n in self.names if not (self.r.where / n).exists()]
        if not free:
            self.change("main")
            return None
        new = self.rng.choice(free)
        (self.r.where / new).parent.mkdir(parents=True, exist_ok=True)
        return new

    def rename(self, label: str, edit: bool) -> None:
        new = self.free_name()
        if new is None:
            return
        self.r("mv", "--", self.path, new)
        self.path = new
        if edit:
            blocks = self.read()
            moves: list[bool] = []
            self.edit(blocks, moves)
            self.write(blocks)
            sha = self.commit(f"{label}: rename to {new}, edited")
            if moves:
                self.built.moves.add(sha)
        else:
            self.commit(f"{label}: rename to {new}")

    def branch(self, kind: str) -> None:
        self.branches += 1
        name = f"b{self.branches}"
        start = self.r("rev-parse", "HEAD").strip()
        self.r("checkout", "-q", "-b", name)
        base_path = self.path
        if kind == "rename":
            self.rename(f"{name} rename", self.rng.random() < 0.5)
        for _ in range(self.rng.randint(1, 3)):
            self.change(name)
        branch_path = self.path
        self.r("checkout", "-q", "main")
        self.path = base_path
        for _ in range(self.rng.randint(0, 2)):
            self.change("main")
        if kind == "main-rename" and branch_path == base_path:
            self.rename("main rename", False)
        self.merge([name], kind, branch_path)
        del start

    def merge(self, branches: list[str], kind: str, branch_path: str) -> None:
        self.r.day += 1
        done = self.r("merge", "-q", "--no-ff", "--no-commit", *branches)
        del done
        status = self.r("status", "--porcelain")
        if any(line[:2] in ("DU", "UD", "AU", "UA", "DD", "AA") for line in status.splitlines()):
            self.r("merge", "--abort")  # a tree conflict (rename against edit …): not what we test here
            self.built.actions.append("merge-aborted")
            return
        if not (self.r.where / self.path).exists() and (self.r.where / branch_path).exists():
            self.path = branch_path
        body = (self.r.where / self.path).read_text(encoding="utf-8")
        if "<<<<<<<" in body:
            self.write(self.resolve(body))
            kind = "conflict"
        elif kind == "evil":
            blocks = self.read()
            self.edit(blocks, [])
            self.write(blocks)
        elif kind == "theirs":
            theirs = self.r("show", f"{branches[0]}:{branch_path}")
            (self.r.where / self.path).write_text(theirs, encoding="utf-8")
            self.r("add", "--", self.path)
        elif kind == "ours":
            ours = self.r("show", f"HEAD:{self.path}") if _has(self.r, "HEAD", self.path) else body
            (self.r.where / self.path).write_text(ours, encoding="utf-8")
            self.r("add", "--", self.path)
        self.commit(f"merge {' '.join(branches)} ({kind})")
        self.built.actions[-1] += f":{kind}"

    def resolve(self, body: str) -> list[str]:
        """Return the blocks of a conflicted file resolved by hand: each hunk ours, theirs, both, or a
        rewording of one side."""
        out: list[str] = []
        side = 0
        ours: list[str] = []
        theirs: list[str] = []
        for line in body.split("\n"):
            if line.startswith("<<<<<<<"):
                side, ours, theirs = 1, [], []
            elif line.startswith("=======") and side == 1:
                side = 2
            elif line.startswith(">>>>>>>") and side == 2:
                side = 0
                how = self.rng.choice(["ours", "theirs", "both", "hand"])
                if how == "ours":
                    out += ours
                elif how == "theirs":
                    out += theirs
                elif how == "both":
                    out += [*ours, "", *theirs]
                else:
                    text = " ".join(" ".join(ours or theirs).split())
                    out.append(self.reword(text) if text and not text.startswith("## ") else text)
            elif side == 1:
                ours.append(line)
            elif side == 2:
                theirs.append(line)
            else:
                out.append(line)
        blocks = [
            " ".join(b.split()) if not b.startswith("## ") else b.strip()
            for b in "\n".join(out).split("\n\n")
        ]
        return [b for b in blocks[1:] if b]

    def octopus(self) -> None:
        blocks = self.read()
        idx = self.clauses(blocks)
        if len(idx) < 3:
            self.change("main")
            return
        names = []
        for k in self.rng.sample(idx, 3):
            self.branches += 1
            name = f"b{self.branches}"
            names.append(name)
            self.r("checkout", "-q", "-b", name, "main")
            own = list(blocks)
            own[k] = self.reword(own[k])
            self.write(own)
            self.commit(f"{name}: reword one clause")
        self.r("checkout", "-q", "main")
        self.r.day += 1
        self.r("merge", "-q", "--no-edit", "-m", "octopus", *names)
        if self.r("status", "--porcelain").strip():
            self.r("reset", "-q", "--hard")
            self.built.actions[-1] += ":failed"

    def copy(self) -> None:
        new = self.free_name()
        if new is None:
            return
        (self.r.where / new).write_bytes((self.r.where / self.path).read_bytes())
        self.r("add", "--", new)
        self.built.copied, self.built.source = self.commit(f"copy to {new}"), self.path
        self.path = new

    def delete_and_add(self) -> None:
        blocks = self.read()
        self.r("rm", "-q", "--", self.path)
        self.commit("delete the policy")
        moves: list[bool] = []
        self.edit(blocks, moves)
        self.write(blocks)
        self.built.again = self.commit("write the policy again")

    def revert(self) -> None:
        head = self.r("log", "-1", "--format=%P", "HEAD").split()
        if len(head) != 1 or not _has(self.r, "HEAD^", self.path):
            self.change("main")
            return
        self.r.day += 1
        self.r("revert", "--no-edit", "HEAD")
        if self.r("status", "--porcelain").strip():
            self.r("revert", "--abort")
            self.built.actions[-1] += ":failed"

    def cherry_pick(self) -> None:
        self.branches += 1
        name = f"b{self.branches}"
        self.r("checkout", "-q", "-b", name)
        picked = self.change(name, 1)
        self.r("checkout", "-q", "main")
        self.change("main", 1)
        self.r.day += 1
        self.r("cherry-pick", picked)
        if self.r("status", "--porcelain").strip():
            self.r("cherry-pick", "--abort")
            self.built.actions[-1] += ":failed"
        elif picked in self.built.moves:
            self.built.moves.add(self.r("rev-parse", "HEAD").strip())
        if self.rng.random() < 0.5:
            self.merge([name], "clean", self.path)


_ACTIONS: dict[str, Callable[[_Builder], None]] = {
    "edit": lambda b: b.change("main"),
    "branch:clean": lambda b: b.branch("clean"),
    "branch:evil": lambda b: b.branch("evil"),
    "branch:theirs": lambda b: b.branch("theirs"),
    "branch:ours": lambda b: b.branch("ours"),
    "branch:rename": lambda b: b.branch("rename"),
    "branch:main-rename": lambda b: b.branch("main-rename"),
    "rename": lambda b: b.rename("main", False),
    "rename+edit": lambda b: b.rename("main", True),
    "octopus": lambda b: b.octopus(),
    "copy": lambda b: b.copy(),
    "delete+add": lambda b: b.delete_and_add(),
    "revert": lambda b: b.revert(),
    "cherry-pick": lambda b: b.cherry_pick(),
}
_WEIGHTS = {"edit": 6, "branch:clean": 3, "branch:evil": 1, "branch:theirs": 1, "branch:ours": 1}


def build(seed: int, where: Path, *, markdown: bool = False, wrap: bool = False, actions: int = 10) -> Built:
    """Write a repository of a random history of one policy (seeded) at `where`; return what was done."""
    b = _Builder(seed, where, markdown, wrap)
    b.first()
    names = list(_ACTIONS)
    weights = [_WEIGHTS.get(n, 1) for n in names]
    once = {"copy", "delete+add"}
    for _ in range(actions):
        name = b.rng.choices(names, weights)[0]
        if name in once and name in b.built.actions:
            name = "edit"
        b.built.actions.append(name)
        _ACTIONS[name](b)
    b.built.path = b.path
    return b.built


# --- git as the oracle ---


@dataclass(frozen=True)
class Finding:
    """One difference between policydiff and git on a generated history."""

    oracle: str
    """`versions`, `blame`, `introduced` or `removed`."""
    what: str
    known: str | None = None
    """Why the difference is deliberate (decision 0010), None for a defect."""


def _merge_changed(r: Repo, merge: str, path: str, names: list[str]) -> bool:
    """Return whether a merge changed the file beyond all its parents: a line of `git show --cc -U0` that
    differs from every parent, when every parent holds it under the merge's name, else whether it has a
    line no parent has, or lacks one all have."""
    mine = _lines(r, merge, [path, *names])
    parents = r("log", "-1", "--format=%P", merge).split()
    name = next((n for n in dict.fromkeys([path, *names]) if _has(r, merge, n)), path)
    if all(_has(r, p, name) for p in parents):
        # (a line of the combined diff marked in every parent's column differs from them all)
        out = r("show", "--cc", "-U0", "--format=", merge, "--", name).splitlines()
        body = [
            line for line in out if not line.startswith(("diff ", "index ", "--- ", "+++ ", "@@", "mode "))
        ]
        # (a blank separator line is no change of wording: seed 140, decision 0010 session 21 and 24)
        return any(
            len(line) >= len(parents) and " " not in line[: len(parents)] and line[len(parents) :].strip()
            for line in body
        )
    theirs = [_lines(r, p, [path, *names]) for p in parents]
    if any(line not in set().union(*map(set, theirs)) for line in mine):
        return True
    return any(line not in mine for line in set.intersection(*map(set, theirs)))


def _moved_only(r: Repo, merge: str, path: str, names: list[str]) -> bool:
    """Return whether every line a merge wrote beyond its parents is one it took away elsewhere (a move)."""
    name = next((n for n in dict.fromkeys([path, *names]) if _has(r, merge, n)), path)
    n = len(r("log", "-1", "--format=%P", merge).split())
    lines = r("show", "--cc", "-U0", "--format=", merge, "--", name).splitlines()[4:]
    beyond = [
        line for line in lines if not line.startswith("@@") and " " not in line[:n] and line[n:].strip()
    ]
    added = {line[n:] for line in beyond if line[:n] == "+" * n}
    gone = {line[n:] for line in beyond if line[:n] == "-" * n}
    return bool(added) and added <= gone


def _kept_both(r: Repo, merge: str, lineage: object, path: str, names: list[str]) -> bool:
    """Return whether each event policydiff credits to a merge adds a clause some parent has word for word
    (both sides' wordings of one clause kept), or removes one only some parents had (a side dropped)."""
    parents = r("log", "-1", "--format=%P", merge).split()
    # (a line, or a hard-wrapped paragraph's lines joined: a clause of either)
    held = {
        " ".join(line.lstrip("#").split())
        for p in parents
        for line in [*_lines(r, p, [path, *names]), *_paragraphs(r, p, [path, *names])]
    }
    # (a clause every parent has is no side's: the merge removing it made a change of its own; one only some
    # parents have, the first one included, is a side's the resolution dropped: session 24, seed 103)
    common = set.intersection(
        *(
            {
                " ".join(line.lstrip("#").split())
                for line in [*_lines(r, p, [path, *names]), *_paragraphs(r, p, [path, *names])]
            }
            for p in parents
        )
    )
    events = [(c, e) for c in lineage.clauses for e in c.events if e.commit == merge]  # type: ignore[attr-defined]
    return bool(events) and all(
        (e.op.value == "added" and " ".join(e.text.split()) in held)
        or (e.op.value == "removed" and " ".join(c.text.split()) in held - common)
        or _joined_alike(r, merge, path, names, c, e)
        for c, e in events
    )


def _joined_alike(r: Repo, merge: str, path: str, names: list[str], clause: object, event: object) -> bool:
    """Return whether `event` ends `clause`'s lineage at `merge` by joining it into another lineage while its
    words stand in the merge's file (both sides wrote the clause; the merge kept it once: decision 0010,
    session 23)."""
    if event.op.value != "merged" or event.text is not None or not event.into:  # type: ignore[attr-defined]
        return False
    standing = {
        " ".join(line.lstrip("#").split())
        for line in [*_lines(r, merge, [path, *names]), *_paragraphs(r, merge, [path, *names])]
    }
    return " ".join(clause.text.split()) in standing  # type: ignore[attr-defined]


def _words_stood(r: Repo, commit: str, text: str, names: list[str]) -> str | None:
    """Return a label when a clause's words (spaces aside) stood in a parent of `commit`: git blame
    credits `commit` with the clause's lines, which it rewrapped or shared with another clause's change
    (a join that ends on the clause's last line); policydiff credits the words, older (as
    `scripts/blame_vs_git.py` reads a rewrap: decision 0010, sessions 23 and 24)."""
    parents = r("log", "-1", "--format=%P", commit).split()
    words = "".join(text.split())

    # (a merge's parents, each: a merge that put a side's clause elsewhere is credited the line by git blame,
    # which reads a moved line as new; the words are the side's, as policydiff credits them: seed 1076)
    # (a short clause, a heading: the whole of a parent's line or paragraph, not a piece of a longer one)
    def stood(p: str) -> bool:
        if len(words) >= 40:
            return words in "".join("".join(_lines(r, p, names)).split())
        held = [*_lines(r, p, names), *_paragraphs(r, p, names)]
        return any(words == "".join(line.lstrip("#").split()) for line in held)

    if words and any(stood(p) for p in parents):
        return "its words stood before git's commit: it rewrapped or moved them, or changed another clause"
    return None


def _lines_kept(r: Repo, commit: str, lines: list[str], names: list[str]) -> str | None:
    """Return a label when every line of a clause stood in a parent of `commit` but its paragraph in none:
    the commit joined (or split) paragraphs by a blank line alone, changing no line of the clause.
    git blame credits the lines' authors; policydiff the commit that made the clause what it is."""
    parents = r("log", "-1", "--format=%P", commit).split()
    if not parents:
        return None
    # (each parent of a merge: a resolution that parted a side's paragraph with a blank line: seed 2006)
    before = {line for p in parents for line in _lines(r, p, names)}
    paragraph = " ".join(" ".join(lines).split())
    new = all(paragraph not in _paragraphs(r, p, names) for p in parents)
    if new and all(line in before for line in lines):
        return "a paragraph joined or split by a blank line alone: no line of the clause changed"
    return None


def _discarded(r: Repo, commit: str, merges: set[str], path: str, names: list[str]) -> bool:
    """Return whether `commit` lies on a branch that a merge brought in while keeping its first parent's
    file word for word: every change the branch made was discarded there, and policydiff lists no commit
    of it (`log --follow` may, in date order: decision 0010, session 21's deliberate differences)."""
    for m in merges:
        first, *others = r("log", "-1", "--format=%P", m).split()
        if _lines(r, m, [path, *names]) != _lines(r, first, [path, *names]):
            continue
        if any(_is_ancestor(r, commit, o) for o in others) and not _is_ancestor(r, commit, first):
            return True
    return False


def _is_ancestor(r: Repo, commit: str, of: str) -> bool:
    import subprocess

    from .test_history_merges import ENV

    args = ["git", "merge-base", "--is-ancestor", commit, of]
    return subprocess.run(args, cwd=r.where, env=ENV, capture_output=True).returncode == 0


def _joined_back(r: Repo, merge: str, path: str, names: list[str], event: object) -> bool:
    """Return whether `event` ends a lineage at `merge` by joining it into a clause the merge took word for
    word from a parent (main split a clause, the resolution took the other side's whole clause back): no
    line is the merge's own, and the split-off part's words stand inside that clause (decision 0010,
    session 24)."""
    import policydiff

    if event.op.value != "merged" or event.text is not None or not event.into or not event.clause:  # type: ignore[attr-defined]
        return False
    name = next((n for n in dict.fromkeys([path, *names]) if _has(r, merge, n)), None)
    if name is None:
        return False
    text = r("show", f"{merge}:{name}")
    clauses = {c.id: c.text for c in policydiff.parse_bytes(text.encode("utf-8"), name).clauses}
    into = clauses.get(event.clause)  # type: ignore[attr-defined]
    parents = r("log", "-1", "--format=%P", merge).split()
    held = {
        "".join(line.lstrip("#").split())
        for p in parents
        for line in [*_lines(r, p, [path, *names]), *_paragraphs(r, p, [path, *names])]
    }
    return into is not None and "".join(into.split()) in held


def _mixed_paragraph(r: Repo, merge: str, path: str, names: list[str]) -> bool:
    """Return whether a merge's resolution joined both sides' lines in one paragraph: every line is a
    parent's, but a paragraph (its lines joined; a hard-wrapped clause) is no parent's. git credits each line
    to a parent and lists no such merge; policydiff reads the clause as the merge's own text (decision
    0010, session 21)."""
    parents = r("log", "-1", "--format=%P", merge).split()
    if not all(_lines(r, p, [path, *names]) for p in parents):
        return False
    held = {line for p in parents for line in _lines(r, p, [path, *names])}
    if not all(line in held for line in _lines(r, merge, [path, *names])):
        return False
    theirs = {para for p in parents for para in _paragraphs(r, p, [path, *names])}
    return any(para not in theirs for para in _paragraphs(r, merge, [path, *names]))


def _dropped_sides(r: Repo, merge: str, lineage: object, path: str, names: list[str]) -> bool:
    """Return whether a merge that wrote no line of its own only removed clauses a parent holds (a clause one
    side added, or one both sides kept in their own wording: one moved or reworded it): each line's removal
    agrees with some parent, so git's combined diff is empty and git credits no change to the merge, but a
    clause a side had is gone, and the merge is what dropped it (decision 0010, session 21)."""
    parents = r("log", "-1", "--format=%P", merge).split()
    held = {line for p in parents for line in _lines(r, p, [path, *names])}
    if not all(line in held for line in _lines(r, merge, [path, *names])):
        return False
    sides = [[set(para.lower().split()) for para in _paragraphs(r, p, [path, *names])] for p in parents]
    events = [(c, e) for c in lineage.clauses for e in c.events if e.commit == merge]  # type: ignore[attr-defined]

    def in_a_parent(text: str) -> bool:
        words = set(text.lower().split())
        enough = 0.6 * len(words)
        return bool(words) and any(len(words & para) >= enough for side in sides for para in side)

    return bool(events) and all(
        (e.op.value == "removed" and in_a_parent(c.text))
        or _joined_alike(r, merge, path, names, c, e)
        or _joined_back(r, merge, path, names, e)
        for c, e in events
    )


def _kept_a_wording(r: Repo, merge: str, lineage: object, path: str, names: list[str]) -> bool:
    """Return whether a merge that wrote no line of its own is credited only with rewordings to a text some
    parent holds word for word (and with what `_kept_both` allows): the resolution discarded a side's
    rewording, or kept one of two, and the lineage had last recorded the other wording. git's combined diff
    is empty; policydiff records the change back so that the lineage ends with the text the merge holds
    (decision 0010, session 22, later)."""
    parents = r("log", "-1", "--format=%P", merge).split()
    held_lines = {line for p in parents for line in _lines(r, p, [path, *names])}
    if not all(line in held_lines for line in _lines(r, merge, [path, *names])):
        return False
    # (spaces dropped: a hard-wrapped "Pre-" / "School" is one word to the parser, two to the paragraph)
    held = {
        "".join(line.lstrip("#").split())
        for p in parents
        for line in [*_lines(r, p, [path, *names]), *_paragraphs(r, p, [path, *names])]
    }
    events = [(c, e) for c in lineage.clauses for e in c.events if e.commit == merge]  # type: ignore[attr-defined]
    reworded = [e for _, e in events if e.op.value == "reworded"]
    return bool(reworded) and all(
        _joined_alike(r, merge, path, names, c, e)
        or _joined_back(r, merge, path, names, e)
        or (
            e.op.value in ("reworded", "added", "removed")
            and (e.op.value == "removed" or "".join(e.text.split()) in held)
        )
        for c, e in events
    )


def _paragraphs(r: Repo, rev: str, names: list[str]) -> list[str]:
    """Return the paragraphs of the file at `rev` (blank-line separated, lines joined by one space)."""
    for name in dict.fromkeys(names):
        if _has(r, rev, name):
            text = r("show", f"{rev}:{name}")
            return [" ".join(block.split()) for block in re.split(r"\n\s*\n", text) if block.strip()]
    return []


def _has(r: Repo, rev: str, name: str) -> bool:
    return bool(r("ls-tree", "--name-only", rev, "--", name).strip())


def _lines(r: Repo, rev: str, names: list[str]) -> list[str]:
    """Return the non-blank lines of the file at `rev` under the first of `names` it holds."""
    for name in dict.fromkeys(names):
        if _has(r, rev, name):
            return [line for line in r("show", f"{rev}:{name}").splitlines() if line.strip()]
    return []


def check(built: Built) -> list[Finding]:
    """Return every difference between policydiff's history and blame of `built` and git's answers."""
    import policydiff
    from policydiff.history import blame, history

    from .test_history_merges import git_blame_lines

    r, path = built.r, built.path
    found: list[Finding] = []
    order = {c: n for n, c in enumerate(r("rev-list", "--topo-order", "HEAD").split())}  # newest first
    lineage = history(path, repo=r.where)
    names = list(dict.fromkeys(v.path for v in lineage.versions))
    if built.source in names:  # (a copy's source, still there: the file's own names first)
        names = [n for n in names if n != built.source] + [built.source]
    # Versions: `git log --follow`, less the merges that changed nothing beyond their parents, plus those
    # that did (git lists a merge that differs from every parent, and never one equal to a parent).
    follow = r("log", "--follow", "--format=%H", "--", path).split()
    # `log --follow` follows one name down one line: a rename on a branch hides the other line's commits
    # under the old name. The commits that changed the file under any of its names are the second opinion.
    named = set(r("log", "--format=%H", "--full-history", "--no-merges", "--", *names, path).split())
    merges = {m for m in r("rev-list", "--merges", "HEAD").split() if _lines(r, m, [path, *names])}
    changed = {m for m in merges if _merge_changed(r, m, path, names)}
    expected = (set(follow) - merges) | (changed & (set(follow) | set(order)))
    expected = {c for c in expected if c in order}
    ours = {v.commit for v in lineage.versions}
    for c in sorted(expected - ours, key=order.__getitem__):
        known = (
            "a merge that only moved a clause: which one moved is the alignment's choice"
            if _moved_only(r, c, path, names)
            else None
        )
        if known is None and _discarded(r, c, merges, path, names):
            known = "a branch whose every change a merge discarded (the merge kept its first parent's file)"
        found.append(
            Finding("versions", f"missing {c[:10]} {r('log', '-1', '--format=%s', c).strip()}", known)
        )
    for c in sorted(ours - expected, key=order.__getitem__):
        known = (
            "log --follow does not list it (a rename on another line, a branch a merge discarded)"
            if c in named
            else None
        )
        if c in merges and len(set(mine := _lines(r, c, [path, *names]))) < len(mine):
            known = (
                "a resolution that kept a clause twice: the first parent's copy is paired, the other added"
            )
        elif c in merges and _kept_both(r, c, lineage, path, names):
            known = "a resolution that kept both sides' wordings (one added there) or dropped a side's clause"
        elif c in merges and _mixed_paragraph(r, c, path, names):
            known = "a resolution that joined both sides' lines in one paragraph: no line new, the clause is"
        elif c in merges and _dropped_sides(r, c, lineage, path, names):
            known = "a resolution that wrote no line but dropped a clause a side had: git's --cc is empty"
        elif c in merges and _kept_a_wording(r, c, lineage, path, names):
            known = "a resolution that kept a wording the lineage had not last recorded: git's --cc is empty"
        found.append(Finding("versions", f"extra {c[:10]} {r('log', '-1', '--format=%s', c).strip()}", known))
    # Blame: each clause's newest commit among the lines git blame credits (one clause, one line unless
    # wrapped; a copy's lines looked for in the file it was copied from, as `log --follow` does).
    lines = git_blame_lines(r, path, *(["-C", "-C"] if built.copied else []))
    starts = [c.location.line or 1 for c in policydiff.parse(r.where / path).clauses]
    result = blame(path, repo=r.where)
    tracks = {t.id: t for t in lineage.clauses}
    if len(result.clauses) != len(starts):
        return [*found, Finding("blame", f"{len(result.clauses)} clauses blamed, {len(starts)} parsed")]
    counts: dict[str, int] = {}
    for _, line in lines:
        counts[line] = counts.get(line, 0) + 1
    for k, clause in enumerate(result.clauses):
        end = starts[k + 1] if k + 1 < len(starts) else len(lines) + 1
        span = [lines[n - 1] for n in range(starts[k], end) if lines[n - 1][1].strip()]
        git = min({c for c, _ in span}, key=order.__getitem__)
        mine = clause.last_changed.commit if clause.last_changed else None
        if mine != git:
            known = "a moved clause" if {git, mine} & built.moves else None
            if (
                known is None
                and mine in merges
                and any(e.commit == mine and e.op.value == "moved" for e in tracks[clause.lineage].events)
            ):
                # (a merge's own move, `_merge_moves`: git blame -C -C may find the line in a parent)
                known = "a moved clause"
            if any(counts[line] > 1 for _, line in span) or (
                mine in merges and any(_lines(r, mine, [path, *names]).count(line) > 1 for _, line in span)
            ):
                known = "a clause the file holds twice: git blame and the alignment may pair the copies apart"
            if built.copied and mine == built.again:
                known = "written again after a copy: git blame -C -C finds the lines in the copy's source"
            short = sum(ch.isalnum() for ch in span[0][1]) < 40
            if git == built.copied and short:
                known = "git blame -C sees no copy of a line under 40 letters and digits"
            if (
                git == built.again
                and short
                and mine is not None
                and span[0][1] in _lines(r, mine, [*names, path, built.source or path])
            ):
                # (`log --follow` took the file written again for a copy of one holding the line: session 22)
                known = "written again: followed from a file that holds the line; blame -C sees no short copy"
            if known is None and mine is not None and order.get(mine, -1) > order[git]:
                known = _words_stood(r, git, clause.text, [path, *names])
            if known is None and mine is not None and order.get(mine, -1) < order[git]:
                known = _lines_kept(r, mine, [line for _, line in span], [path, *names])
            what = f"{clause.id} {clause.text[:50]!r}: git {git[:10]}, policydiff {(mine or '-')[:10]}"
            found.append(Finding("blame", what, known))
        # Introduced: the oldest commit `git log -S` finds the text in (a line of its own, unique).
        if len(span) != 1 or counts[span[0][1]] != 1 or clause.revisions or span[0][1].startswith("#"):
            continue
        hits = r("log", "--format=%H", "-S", span[0][1], "--", *names, path).split()
        # A clause written again (a revert, the file deleted and added) restores an older lineage: the
        # text appeared where that lineage took it.
        track = tracks[clause.lineage]
        wrote = {track.introduced}
        while track.restored_from is not None:
            track = tracks[track.restored_from]
            wrote |= {track.introduced} | {e.commit for e in track.events if e.text == clause.text}
        intro = clause.introduced.commit if clause.introduced else None
        if not hits:
            if intro is not None and intro in merges and intro in changed:
                continue  # written by an "evil" merge: -S does not look into merges
            found.append(Finding("introduced", f"{clause.id}: git log -S finds nothing"))
            continue
        wrote_it = [c for c in hits if span[0][1] in _lines(r, c, [path, *names])]  # (not its removals)
        if not wrote_it:
            continue  # first written under a name the history does not know (a copy's source)
        oldest = max(wrote_it, key=order.__getitem__)
        if oldest not in wrote:
            line = span[0][1]
            parents = r("log", "-1", "--format=%P", intro).split() if intro else []
            if (
                intro
                and line in _lines(r, intro, [path, *names])
                and all(line not in _lines(r, p, [path, *names]) for p in parents)
            ):
                # ours wrote the line; `-S` counts a string, and it stood inside a longer clause before
                continue
            known = None
            if intro in merges and any(line in _lines(r, p, [path, *names]) for p in parents):
                known = "a resolution that kept both sides' wordings (one added there) or a clause twice"
            elif built.copied and intro == built.again:
                known = "written again after a copy: the line stood in the copy's source"
            what = f"{clause.id} {clause.text[:50]!r}: git {oldest[:10]}, ours {(intro or '-')[:10]}"
            found.append(Finding("introduced", what, known))
    return found


def main(argv: list[str] | None = None) -> int:
    import argparse
    import shutil
    import tempfile
    import time

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="0-19", help="a range A-B or a list A,B,C")
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("--wrap", action="store_true")
    parser.add_argument("--actions", type=int, default=10)
    parser.add_argument("--keep", type=Path, help="keep the repositories here")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    if "-" in args.seeds:
        lo, hi = map(int, args.seeds.split("-"))
        seeds = list(range(lo, hi + 1))
    else:
        seeds = [int(s) for s in args.seeds.split(",")]
    totals: dict[str, int] = {}
    bad = 0
    start = time.perf_counter()
    for seed in seeds:
        root = Path(tempfile.mkdtemp()) if args.keep is None else args.keep
        where = root / f"seed{seed}"
        try:
            built = build(seed, where, markdown=args.markdown, wrap=args.wrap, actions=args.actions)
            findings = check(built)
        except Exception as error:  # a crash is a finding too
            findings = [Finding("crash", f"{type(error).__name__}: {error}")]
            built = None
        for f in findings:
            key = f"{f.oracle}{' (known: ' + f.known + ')' if f.known else ''}"
            totals[key] = totals.get(key, 0) + 1
        defects = [f for f in findings if f.known is None]
        if defects:
            bad += 1
        if defects or args.verbose:
            print(f"seed {seed}: {' '.join(built.actions) if built else ''}")
            for f in findings:
                print(f"   {f.oracle}: {f.what}{' [known: ' + f.known + ']' if f.known else ''}")
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)
    print(f"{len(seeds)} seeds, {bad} with defects, {time.perf_counter() - start:.0f}s: {totals}")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
