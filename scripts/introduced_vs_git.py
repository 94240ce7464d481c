"""Hold "when did this clause's wording appear?" to `git log -S` on a real repository, clause by clause.

    python scripts/introduced_vs_git.py REPO PATH [PATH ...] [-v]

For each clause of PATH at HEAD, a distinctive phrase of it (6 to 10 plain words on one line of the file,
found once in the file) is looked up with `git log --follow -S"<phrase>"` (through renames, as history
follows them; session 26): the oldest commit that changed how often the file holds it is git's answer.
policydiff's answer is read from `history`: the first point of the clause's lineage (its introduction or
an event with a text) from which on its text always holds the phrase, followed back into the lineage it
was split from, joined from or restores when the phrase stood there before. A difference whose phrase
stood in the file before git's commit but across a line break (a rewrap: `-S` counts a string, the
clause's words were there) is counted apart; the rest are printed. A sibling of
`scripts/blame_vs_git.py` (decision 0010, session 24).
"""

from __future__ import annotations

import re
import subprocess
import sys
from functools import cache

from policydiff import parse_bytes
from policydiff.history import history
from policydiff.model import ChangeOp, LineageClause

_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9,.;:'’()/-]*")


def _git(repo: str, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=repo, capture_output=True, check=True)
    return done.stdout.decode("utf-8", "replace")


def _flat(text: str) -> str:
    return " ".join(text.split())


def phrase(line: str, clause: str, body: str) -> str | None:
    """Return 6 to 10 consecutive plain words of `line` found once in `body` and in the clause's text."""
    words = line.split()
    for size in (8, 10, 6):
        for start in range(len(words) - size + 1):
            chunk = words[start : start + size]
            if not all(_WORD.fullmatch(w) for w in chunk) or sum(len(w) for w in chunk) < 30:
                continue
            found = " ".join(chunk)
            if body.count(found) == 1 and found in clause:
                return found
    return None


class Ours:
    """Where policydiff's history says a phrase of a clause first stood in the lineage it has at HEAD."""

    def __init__(self, repo: str, path: str) -> None:
        self.repo = repo
        self.lineage = history(path, repo=repo)
        self.tracks = {t.id: t for t in self.lineage.clauses}
        self.paths = {v.commit: v.path for v in self.lineage.versions}

    @cache  # noqa: B019 (one object a run)
    def _first_text(self, lid: str) -> str:
        """The text a lineage was introduced with (a clause of the first version read has no event)."""
        track = self.tracks[lid]
        if track.events and track.events[0].commit == track.introduced and track.events[0].text is not None:
            return track.events[0].text
        commit, _, ordinal = lid.partition(":")
        sha = commit.partition(".")[0]
        path = self.paths.get(sha)
        if path is None:
            return ""
        data = subprocess.run(["git", "show", f"{sha}:{path}"], cwd=self.repo, capture_output=True).stdout
        clauses = {c.id: c.text for c in parse_bytes(data, path).clauses}
        return clauses.get(f"c{ordinal}", "")

    def first(self, lid: str, wanted: str, before: str | None = None, depth: int = 0) -> str | None:
        """The commit from which on lineage `lid` always holds `wanted` (only its texts before `before`, an
        event's commit, when given); followed into the lineages it came from."""
        track: LineageClause = self.tracks[lid]
        seq: list[tuple[str | None, str, tuple[str, ...], ChangeOp | None]] = [
            (track.introduced, self._first_text(lid), (), None)
        ]
        for e in track.events:
            if before is not None and e.commit == before:
                break
            creating = e is track.events[0] and e.commit == track.introduced  # (its text is seq[0]'s)
            if e.text is not None and not creating:
                seq.append((e.commit, e.text, e.from_, e.op))
        if wanted not in _flat(seq[-1][1]):
            return None
        k = len(seq) - 1
        while k > 0 and wanted in _flat(seq[k - 1][1]):
            k -= 1
        commit, _, sources, op = seq[k]
        if depth < 20:
            if k == 0 and track.events and track.events[0].commit == track.introduced:
                sources, op = track.events[0].from_, track.events[0].op
            if op in (ChangeOp.SPLIT, ChangeOp.MERGED) or k == 0:
                for source in sources:
                    if source != lid and source in self.tracks and commit is not None:
                        older = self.first(source, wanted, commit, depth + 1)
                        if older is not None:
                            return older
            if k == 0 and track.restored_from is not None:
                older = self.first(track.restored_from, wanted, None, depth + 1)
                if older is not None:
                    return older
        return commit


def check(repo: str, path: str, verbose: bool = False) -> tuple[int, int, int, list[str]]:
    """Return (agreeing, compared, rewraps, unexplained differences) for `path` at HEAD."""
    from policydiff.history import blame

    body = _git(repo, "show", f"HEAD:{path}")  # (HEAD's, as blame reads it: not the work tree's)
    lines = body.split("\n")
    flat_body = _flat(body)
    ours = Ours(repo, path)
    blamed = blame(path, repo=repo).clauses
    starts = [c.location.line or 1 for c in parse_bytes(body.encode(), path).clauses] + [len(lines) + 1]
    order = {c: n for n, c in enumerate(_git(repo, "rev-list", "--topo-order", "HEAD").split())}

    @cache
    def flat_at(commit: str) -> str:
        done = subprocess.run(["git", "show", f"{commit}:{path}"], cwd=repo, capture_output=True)
        return _flat(done.stdout.decode("utf-8", "replace"))

    agree = compared = rewraps = 0
    unexplained: list[str] = []
    for n, clause in enumerate(blamed):
        text = _flat(clause.text)
        found = None
        for k in range(starts[n], starts[n + 1]):
            found = phrase(lines[k - 1], text, body) if k <= len(lines) else None
            if found:
                break
        if found is None or flat_body.count(found) != 1:
            continue
        hits = _git(repo, "log", "--follow", "--format=%H", f"-S{found}", "HEAD", "--", path).split()
        if not hits:
            continue
        git = max(hits, key=lambda c: order.get(c, -1))  # the oldest
        mine = ours.first(clause.lineage, found)
        compared += 1
        if mine == git:
            agree += 1
            continue
        parents = _git(repo, "log", "-1", "--format=%P", git).split()
        if parents and any(found in flat_at(p) for p in parents):
            rewraps += 1  # (the words stood there across a line break: git counts the string)
            if verbose:
                print(f"    rewrap {clause.id}: {found!r} git {git[:10]} ours {(mine or '-')[:10]}")
            continue
        subject = _git(repo, "log", "-1", "--format=%s", git).strip()[:60]
        mine_subject = _git(repo, "log", "-1", "--format=%s", mine).strip()[:60] if mine else "-"
        unexplained.append(
            f"{clause.id} {found!r}: git {git[:10]} ({subject}), "
            f"policydiff {(mine or '-')[:10]} ({mine_subject})"
        )
    return agree, compared, rewraps, unexplained


def main() -> None:
    args = [a for a in sys.argv[1:] if a != "-v"]
    repo, *paths = args
    for path in paths:
        agree, compared, rewraps, unexplained = check(repo, path, "-v" in sys.argv)
        print(
            f"{path}: {agree} / {compared} phrases introduced where git log -S says; {rewraps} rewraps; "
            f"{len(unexplained)} unexplained"
        )
        for line in unexplained:
            print("   ", line)


if __name__ == "__main__":
    main()
