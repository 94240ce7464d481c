"""History and blame on the shapes real repositories have and the generator does not make (session 22): a
shallow clone, a `.mailmap`, renames git does and does not see, a policy split into two files or two joined,
line endings, a byte order mark, an encoding change, a file emptied and written again, a symbolic link, a
generated file over a megabyte, dates out of order, unrelated histories merged, a rename on both sides.

Each is a real repository built with the git CLI; git is the oracle where it has an answer (`git log
--follow`, `git blame`, `git log --format=%aN`), and where policydiff answers otherwise on purpose the test
says why (decision 0010, session 22)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from policydiff.errors import ReadError
from policydiff.history import blame, history
from policydiff.model import Lineage

from .conftest import run_cli
from .test_history_merges import ENV, RULES, Repo, git_blame_lines

FOUR = "Accidents are recorded in the accident book within one hour."
FIVE = "Visitors sign the visitors book and show photo identification."


def body(rules: list[str], title: str = "Daily Routine Policy", nl: str = "\n") -> str:
    return title + nl + nl + "".join(rule + nl + nl for rule in rules)


def put(r: Repo, message: str, files: dict[str, str | bytes | None], who: str | None = None) -> str:
    """Commit `files` (text, bytes, or None to delete) as one commit; return its sha."""
    r.day += 1
    for name, data in files.items():
        if data is None:
            r("rm", "-q", "--", name)
            continue
        target = r.where / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.is_symlink():
            target.unlink()  # (a file again, not written through the link)
        target.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        r("add", "--", name)
    author = [f"--author={who} <{who.lower()}@old.example.org>"] if who else []
    r("commit", "-q", "--allow-empty", "-m", message, *author)
    return r("rev-parse", "HEAD").strip()


def follow(r: Repo, path: str) -> list[str]:
    """`git log --follow`'s commits, oldest first."""
    return r("log", "--follow", "--format=%H", "--", path).split()[::-1]


def versions(lineage: Lineage) -> list[str]:
    return [v.commit for v in lineage.versions]


def blamed(r: Repo, path: str) -> dict[str, str]:
    """Return, for each clause text at HEAD, the commit policydiff's blame last credits it to."""
    return {c.text: c.last_changed.commit for c in blame(path, repo=r.where).clauses if c.last_changed}


def blame_is_gits(r: Repo, path: str) -> None:
    """Assert that every clause that is a line of the file is credited to the commit git blame credits."""
    git = {line: sha for sha, line in git_blame_lines(r, path)}
    mine = blamed(r, path)
    assert mine == {text: git[text] for text in mine}


def rules(**changed: str) -> list[str]:
    out = [RULES[k] for k in sorted(RULES)]
    for key, text in changed.items():
        out[int(key[1:]) - 1] = text
    return out


# --- Shallow clones ---


def test_a_shallow_clone_says_where_its_history_is_cut(tmp_path: Path) -> None:
    # Cloned two commits deep; the boundary (the grafted commit git lists in .git/shallow) changed another
    # file. git log --follow lists the boundary as the file's first commit and git blame credits every line
    # to it (`^sha`); policydiff says the history is cut there, and credits no clause to it.
    r = Repo(tmp_path / "repo")
    put(r, "A", {"policy.txt": body(rules())})
    put(r, "B: within one hour", {"policy.txt": body(rules(r4=FOUR))})
    put(r, "C: another file", {"notes.txt": "notes\n"})
    put(r, "D: another file again", {"notes.txt": "notes, again\n"})
    shallow = tmp_path / "shallow"
    r("clone", "-q", "--depth", "2", f"file://{r.where}", str(shallow))
    grafted = (shallow / ".git" / "shallow").read_text(encoding="ascii").split()
    assert len(grafted) == 1  # the oracle: git's own record of the cut
    s = Repo.__new__(Repo)
    s.where, s.day = shallow, r.day
    assert follow(s, "policy.txt") == grafted
    assert {sha for sha, _ in git_blame_lines(s, "policy.txt")} == set(grafted)

    lineage = history("policy.txt", repo=shallow)
    assert versions(lineage) == grafted and lineage.truncated_at == grafted[0]
    assert [(w.code, w.message) for w in lineage.warnings] == [
        (
            "shallow-history",
            f"shallow clone: history starts at {grafted[0][:12]}; older clauses show no introduction",
        )
    ]
    result = blame("policy.txt", repo=shallow)
    assert result.truncated_at == grafted[0]
    assert all(c.introduced is None and c.last_changed is None for c in result.clauses)
    out = run_cli("blame", "policy.txt", "--repo", str(shallow))
    assert out.returncode == 0, out.stderr
    assert out.stderr == (
        f"policydiff: warning: policy.txt: shallow clone: history starts at {grafted[0][:12]}; older clauses "
        "show no introduction\n"
    )
    assert f"{grafted[0][:8]} or older" in out.stdout


# --- Identities ---


def test_authors_are_named_through_the_mailmap_as_git_log_and_git_blame_name_them(tmp_path: Path) -> None:
    # Alice committed under an old name and address; a later commit adds a .mailmap mapping them to her
    # current ones. git log's %aN and git blame's author are the mapped name; policydiff showed the raw one.
    r = Repo(tmp_path / "repo")
    a = put(r, "A", {"policy.txt": body(rules())}, who="Old")
    b = put(r, "B: within one hour", {"policy.txt": body(rules(r4=FOUR))}, who="Bob")
    put(r, "mailmap", {".mailmap": "Alice Smith <alice@example.org> Old <old@old.example.org>\n"})
    git_names = dict(line.split(" ", 1) for line in r("log", "--format=%H %aN").splitlines())
    assert (git_names[a], git_names[b]) == ("Alice Smith", "Bob")  # the oracle
    porcelain = r("blame", "--line-porcelain", "--", "policy.txt").splitlines()
    git_authors = {line[7:] for line in porcelain if line.startswith("author ")}
    assert git_authors == {"Alice Smith", "Bob"}

    lineage = history("policy.txt", repo=r.where)
    assert [(v.commit, v.author) for v in lineage.versions] == [(a, git_names[a]), (b, git_names[b])]
    result = {c.text: c for c in blame("policy.txt", repo=r.where).clauses}
    assert result[FOUR].last_changed is not None and result[FOUR].last_changed.author == "Bob"
    assert result[RULES[1]].last_changed is not None and result[RULES[1]].last_changed.author == "Alice Smith"
    assert result[RULES[1]].introduced is not None and result[RULES[1]].introduced.author == "Alice Smith"
    out = run_cli("history", "policy.txt", "--repo", str(r.where), "--format", "json")
    assert [v["author"] for v in json.loads(out.stdout)["versions"]] == ["Alice Smith", "Bob"]


def test_a_commit_in_latin1_names_its_author_and_subject_as_git_log_does(tmp_path: Path) -> None:
    # An old import wrote its commits in ISO-8859-1 (the `encoding` header says so). git log re-encodes
    # the author and the message to UTF-8; policydiff read them as UTF-8 ("Andr\ufffd M\ufffdller").
    r = Repo(tmp_path / "repo")
    (r.where / "policy.txt").write_text(body(rules()), encoding="utf-8")
    r("add", "policy.txt")
    tree = r("write-tree").strip()
    raw = (
        f"tree {tree}\n".encode()
        + "author André Müller <andre@example.org> 1704110400 +0100\n".encode("latin-1")
        + b"committer C <c@example.org> 1704110400 +0100\nencoding ISO-8859-1\n\n"
        + "Première version\n".encode("latin-1")
    )
    made = subprocess.run(
        ["git", "hash-object", "-t", "commit", "-w", "--stdin"],
        cwd=r.where,
        env=ENV,
        input=raw,
        capture_output=True,
        check=True,
    )
    sha = made.stdout.decode("ascii").strip()
    r("update-ref", "refs/heads/main", sha)
    assert r("log", "-1", "--format=%aN|%s").strip() == "André Müller|Première version"  # the oracle
    (version,) = history("policy.txt", repo=r.where).versions
    assert (version.commit, version.author, version.message) == (sha, "André Müller", "Première version")
    clause = blame("policy.txt", repo=r.where).clauses[0]
    assert clause.last_changed is not None and clause.last_changed.author == "André Müller"


# --- Renames and files ---


def test_a_rename_with_edits_git_does_not_see_is_followed_on_the_clauses(tmp_path: Path) -> None:
    # Renamed and reworded in one commit, under git's 50 % similarity: git log --follow starts at the rename.
    # policydiff follows it (the clauses align) and says so: more than git, on purpose.
    r = Repo(tmp_path / "repo")
    a = put(r, "A", {"policy.txt": body(rules())})
    r("mv", "policy.txt", "rules.txt")
    changed = [rule.replace("a ", "one ") for rule in rules()]  # (three rules of five, every line's bytes)
    b = put(r, "B: renamed, reworded", {"rules.txt": body(changed)})
    assert follow(r, "rules.txt") == [b]  # the oracle does not see the rename
    lineage = history("rules.txt", repo=r.where)
    assert versions(lineage) == [a, b]
    assert [w.code for w in lineage.warnings] == ["rename-followed"]
    assert all(c.introduced == a for c in lineage.clauses)


def test_a_case_only_rename_and_a_move_into_a_folder_are_followed_as_git_follows_them(tmp_path: Path) -> None:
    r = Repo(tmp_path / "repo")
    put(r, "A", {"Policy.txt": body(rules())})
    r("mv", "Policy.txt", "policy.txt")
    put(r, "B: lower case", {})
    (r.where / "docs").mkdir()
    r("mv", "policy.txt", "docs/policy.txt")
    put(r, "C: into docs", {})
    put(r, "D: within one hour", {"docs/policy.txt": body(rules(r4=FOUR))})
    lineage = history("docs/policy.txt", repo=r.where)
    assert versions(lineage) == follow(r, "docs/policy.txt")
    paths = ["Policy.txt", "policy.txt", "docs/policy.txt", "docs/policy.txt"]
    assert [v.path for v in lineage.versions] == paths
    blame_is_gits(r, "docs/policy.txt")


def test_a_txt_policy_renamed_md_and_marked_up_in_one_commit_keeps_its_clauses(tmp_path: Path) -> None:
    # policy.txt became policy.md in one commit, its rules turned into a Markdown list: every line changed, so
    # git sees a deletion and an addition (git log --follow starts there). The clauses are the same;
    # policydiff looked for the old file among deleted files of the same suffix only, and started there too.
    r = Repo(tmp_path / "repo")
    a = put(r, "A", {"policy.txt": body(rules())})
    r("mv", "policy.txt", "policy.md")
    marked_up = "# Daily Routine Policy\n\n" + "".join(f"- {x}\n" for x in rules())
    b = put(r, "B: to Markdown", {"policy.md": marked_up})
    assert follow(r, "policy.md") == [b]  # the oracle
    lineage = history("policy.md", repo=r.where)
    assert versions(lineage) == [a, b]
    assert [(w.code, w.message.split(" at ")[0]) for w in lineage.warnings] == [
        ("rename-followed", "policy.txt became policy.md")
    ]
    assert {c.introduced for c in lineage.clauses} == {a}
    assert all(c.removed is None for c in lineage.clauses)


def test_a_policy_split_into_two_files_or_two_joined_is_read_as_git_reads_it(tmp_path: Path) -> None:
    # Rules 4 and 5 move out into visitors.txt (policy.txt stays); later they come back. Without -C, git
    # follows no line across files: the new file starts at the split, the joined lines are the join's.
    r = Repo(tmp_path / "repo")
    put(r, "A", {"policy.txt": body(rules())})
    split = put(
        r, "B: split", {"policy.txt": body(rules()[:3]), "visitors.txt": body(rules()[3:], "Visitors")}
    )
    join = put(r, "C: joined again", {"policy.txt": body(rules(r4=FOUR)), "visitors.txt": None})
    lineage = history("policy.txt", repo=r.where)
    assert versions(lineage) == follow(r, "policy.txt")
    four = next(c for c in lineage.clauses if c.text == RULES[4])
    assert four.removed == split  # (taken out into the other file)
    blame_is_gits(r, "policy.txt")
    assert blamed(r, "policy.txt")[FOUR] == blamed(r, "policy.txt")[RULES[5]] == join
    r("checkout", "-q", split)
    assert versions(history("visitors.txt", repo=r.where)) == follow(r, "visitors.txt") == [split]


# --- Bytes that are not words ---


def test_line_endings_and_a_byte_order_mark_are_no_change_of_wording(tmp_path: Path) -> None:
    # LF → CRLF → CRLF with a BOM → LF again. git log lists all four; git blame -w credits every line but the
    # first to A (the BOM is part of line 1 to git). No clause was reworded: policydiff lists the versions and
    # credits every clause to A, the title too (a BOM is no word).
    r = Repo(tmp_path / "repo")
    a = put(r, "A", {"policy.txt": body(rules())})
    put(r, "B: CRLF", {"policy.txt": body(rules(), nl="\r\n")})
    bom = put(r, "C: a BOM", {"policy.txt": "\ufeff" + body(rules(), nl="\r\n")})
    put(r, "D: LF again", {"policy.txt": body(rules())})
    lineage = history("policy.txt", repo=r.where)
    assert versions(lineage) == follow(r, "policy.txt")
    assert all([e.commit for e in c.events] == [a] for c in lineage.clauses)
    r("checkout", "-q", bom)
    git = git_blame_lines(r, "policy.txt", "-w")
    assert {sha for sha, line in git if line.strip()} - {a} == {bom}  # the title's line only
    assert set(blamed(r, "policy.txt").values()) == {a}


def test_a_latin1_policy_saved_again_as_utf8_is_no_rewording(tmp_path: Path) -> None:
    # The bytes of the line holding "café" changed (git blame credits B); its words did not.
    r = Repo(tmp_path / "repo")
    three = "Medicines are kept in a locked cupboard in the café office."
    a = put(r, "A: Latin-1", {"policy.txt": body(rules(r3=three)).encode("latin-1")})
    b = put(r, "B: UTF-8", {"policy.txt": body(rules(r3=three))})
    git = {line: sha for sha, line in git_blame_lines(r, "policy.txt")}
    assert git[three] == b  # the oracle, by bytes
    lineage = history("policy.txt", repo=r.where)
    assert versions(lineage) == [a, b]
    assert all([e.commit for e in c.events] == [a] for c in lineage.clauses)
    assert [(w.code, w.path) for w in lineage.warnings] == [("encoding-fallback", f"{a[:12]}:policy.txt")]
    assert blamed(r, "policy.txt")[three] == a


def test_a_file_emptied_and_written_again_restores_its_clauses(tmp_path: Path) -> None:
    r = Repo(tmp_path / "repo")
    put(r, "A", {"policy.txt": body(rules())})
    emptied = put(r, "B: emptied", {"policy.txt": ""})
    again = put(r, "C: written again", {"policy.txt": body(rules())})
    lineage = history("policy.txt", repo=r.where)
    assert versions(lineage) == follow(r, "policy.txt")
    old = [c for c in lineage.clauses if c.removed is not None]
    new = [c for c in lineage.clauses if c.removed is None]
    assert {c.removed for c in old} == {emptied} and {c.introduced for c in new} == {again}
    assert {c.restored_from for c in new} == {c.id for c in old}  # each restores its own
    assert set(blamed(r, "policy.txt").values()) == {sha for sha, _ in git_blame_lines(r, "policy.txt")}


def test_a_symbolic_link_at_the_path_is_no_version(tmp_path: Path) -> None:
    # The policy was replaced by a link to another file for one commit, then written again. git log --follow
    # lists the link's commit and git blame reads the link's target path as the file's one line; policydiff
    # read "real.txt" as a one-clause policy (every clause removed, then restored).
    r = Repo(tmp_path / "repo")
    a = put(r, "A", {"policy.txt": body(rules()), "real.txt": body(rules(r4=FOUR))})
    r("rm", "-q", "policy.txt")
    (r.where / "policy.txt").symlink_to("real.txt")
    r("add", "policy.txt")
    link = put(r, "B: a link", {})
    c = put(r, "C: a file again", {"policy.txt": body(rules(r5=FIVE))})
    assert follow(r, "policy.txt") == [a, link, c]  # the oracle lists the link
    lineage = history("policy.txt", repo=r.where)
    assert versions(lineage) == [a, c]
    assert [(w.code, w.message.split(";")[0]) for w in lineage.warnings] == [
        ("unreadable-revision", f"{link[:12]}: a symbolic link, not a file, at {link[:12]}")
    ]
    assert [(e.op.value, e.commit) for cl in lineage.clauses for e in cl.events if e.commit != a] == [
        ("reworded", c)
    ]
    r("checkout", "-q", link)
    with pytest.raises(ReadError) as caught:
        blame("policy.txt", repo=r.where, rev=link)
    assert caught.value.cause == f"a symbolic link, not a file, at {link[:12]}"
    for args in (
        ("blame", "policy.txt", "--rev", link),
        ("history", "policy.txt", "--to", link),
        ("compare", f"{a}:policy.txt", f"{link}:policy.txt"),
    ):
        out = run_cli(*args, "--repo", str(r.where))
        assert (out.returncode, out.stderr) == (
            2,
            f"policydiff: error: policy.txt: a symbolic link, not a file, at {link[:12]}\n",
        ), args


def test_a_generated_commit_over_a_megabyte_is_read_whole(tmp_path: Path) -> None:
    # A generated appendix of 10,000 clauses (1.2 MB), then one of them reworded: one event, git blame's
    # commit for it and A's for the rest.
    r = Repo(tmp_path / "repo")
    generated = [
        f"Item {k}: the register for room {k} is checked by staff member {k * 7 % 1000} every {k % 50 + 1} "
        f"minutes, and records are kept for {k % 9 + 1} years."
        for k in range(10_000)
    ]
    a = put(r, "A", {"policy.txt": body(rules())})
    b = put(r, "B: the appendix", {"policy.txt": body(rules() + generated)})
    assert (r.where / "policy.txt").stat().st_size > 1_000_000
    changed = list(generated)
    changed[5_000] = "Item 5000: the register for room 5000 is checked hourly by the manager on duty."
    c = put(r, "C: one item reworded", {"policy.txt": body(rules() + changed)})
    lineage = history("policy.txt", repo=r.where)
    assert versions(lineage) == [a, b, c]
    assert sum(len(cl.events) for cl in lineage.clauses) == len(lineage.clauses) + 1
    blame_is_gits(r, "policy.txt")


# --- Dates and merges ---


def test_commit_dates_in_the_future_and_out_of_order_keep_gits_order(tmp_path: Path) -> None:
    r = Repo(tmp_path / "repo")
    a = put(r, "A", {"policy.txt": body(rules())})
    r.day = 27_000  # 2097
    b = put(r, "B: dated in the future", {"policy.txt": body(rules(r4=FOUR))})
    r.day = -400  # (before A)
    c = put(r, "C: dated before A", {"policy.txt": body(rules(r4=FOUR, r5=FIVE))})
    lineage = history("policy.txt", repo=r.where)
    assert versions(lineage) == follow(r, "policy.txt") == [a, b, c]  # git's order, not the dates'
    assert [v.date[:4] for v in lineage.versions if v.date] == ["2024", "2097", "2022"]
    blame_is_gits(r, "policy.txt")
    out = run_cli("history", "policy.txt", "--repo", str(r.where), "--format", "json")
    assert [v["commit"] for v in json.loads(out.stdout)["versions"]] == [a, b, c]


def test_a_merge_that_took_the_other_sides_file_whole_removes_what_only_its_first_parent_had(
    tmp_path: Path,
) -> None:
    # main adds rule 6; the branch rewords rule 5; the merge takes the branch's file whole. Rule 6 is in no
    # later version, but stayed "present" with no removal (the merge made no event). It is removed by the
    # merge now, which is a version: it dropped a clause a side had (as a resolution that drops one is).
    r = Repo(tmp_path / "repo")
    put(r, "A", {"policy.txt": body(rules())})
    r("checkout", "-q", "-b", "side")
    put(r, "S: identification", {"policy.txt": body(rules(r5=FIVE))})
    r("checkout", "-q", "main")
    six = "The garden gate is locked whenever children are outside."
    b = put(r, "B: the garden gate", {"policy.txt": body([*rules(), six])})
    r.day += 1
    r("merge", "-q", "--no-ff", "--no-commit", "side")
    merge = put(r, "M: take the branch's file", {"policy.txt": body(rules(r5=FIVE))})
    lineage = history("policy.txt", repo=r.where)
    gate = next(c for c in lineage.clauses if c.text == six)
    assert (gate.introduced, gate.removed) == (b, merge)
    assert merge in versions(lineage)
    present = {c.text for c in lineage.clauses if c.removed is None}
    assert present == {*rules(r5=FIVE), "Daily Routine Policy"}
    blame_is_gits(r, "policy.txt")


def test_unrelated_histories_merged_leave_only_the_tips_clauses_present(tmp_path: Path) -> None:
    # An imported history (its own root) holds the policy too; the merge (--allow-unrelated-histories) takes
    # its file. git blame credits every line to the imported root (the merge's file is that parent's); so
    # does policydiff. main's own lineages end at the merge; they stayed present, twice the file's clauses.
    r = Repo(tmp_path / "repo")
    a = put(r, "A", {"policy.txt": body(rules())})
    r("checkout", "-q", "--orphan", "imported")
    r("rm", "-rqf", ".")
    root = put(r, "X: the imported policy", {"policy.txt": body(rules(r4=FOUR))})
    r("checkout", "-q", "main")
    r.day += 1
    r("merge", "-q", "--allow-unrelated-histories", "--no-commit", "imported")  # (add/add: a conflict)
    merge = put(r, "M: import", {"policy.txt": body(rules(r4=FOUR))})
    assert {sha for sha, _ in git_blame_lines(r, "policy.txt")} == {root}  # the oracle
    lineage = history("policy.txt", repo=r.where)
    assert set(versions(lineage)) >= {a, root}
    present = [c for c in lineage.clauses if c.removed is None]
    assert sorted(c.text for c in present) == sorted(["Daily Routine Policy", *rules(r4=FOUR)])
    assert {c.introduced for c in present} == {root}
    assert {c.removed for c in lineage.clauses if c.introduced == a} == {merge}
    assert set(blamed(r, "policy.txt").values()) == {root}


def renamed_on_both_sides(r: Repo, side_name: str, main_name: str) -> tuple[str, str, str]:
    """Commit A (RULES); a branch renames the file `side_name` and rewords rule 5, then main renames it
    `main_name` and rewords rule 4; return the three commits (the merge is the test's)."""
    a = put(r, "A", {"policy.txt": body(rules())})
    r("checkout", "-q", "-b", "side")
    r("mv", "policy.txt", side_name)
    side = put(r, f"S: renamed {side_name}, identification", {side_name: body(rules(r5=FIVE))})
    r("checkout", "-q", "main")
    r("mv", "policy.txt", main_name)
    b = put(r, f"B: renamed {main_name}, within one hour", {main_name: body(rules(r4=FOUR))})
    r.day += 1
    return a, side, b


def test_a_merge_of_the_same_rename_made_on_both_sides_is_credited_as_git_blame_credits_it(
    tmp_path: Path,
) -> None:
    r = Repo(tmp_path / "repo")
    renamed_on_both_sides(r, "rules.txt", "rules.txt")
    r("merge", "-q", "--no-edit", "side")
    lineage = history("rules.txt", repo=r.where)
    assert set(versions(lineage)) == set(follow(r, "rules.txt"))
    blame_is_gits(r, "rules.txt")


def test_a_merge_of_two_different_renames_credits_the_branchs_edit_to_the_branch(tmp_path: Path) -> None:
    # main renamed the file code.txt and reworded rule 4; a branch renamed it rules.txt and reworded rule 5
    # (a rename/rename conflict); the resolution keeps code.txt with both rewordings. git log --follow
    # lists the branch's commit and git blame credits rule 5 to it; policydiff looked for the branch's file
    # under the names main knew only, never read it, and credited rule 5 to the merge (a version).
    r = Repo(tmp_path / "repo")
    a, side, b = renamed_on_both_sides(r, "rules.txt", "code.txt")
    r("merge", "-q", "--no-edit", "side")  # (a conflict: resolved by hand below)
    r("rm", "-q", "--cached", "--ignore-unmatch", "policy.txt", "rules.txt")
    (r.where / "rules.txt").unlink()
    merge = put(r, "M: keep code.txt, both edits", {"code.txt": body(rules(r4=FOUR, r5=FIVE))})
    assert set(follow(r, "code.txt")) == {a, b, side}  # the oracle
    lineage = history("code.txt", repo=r.where)
    assert set(versions(lineage)) == {a, b, side} and merge not in versions(lineage)
    blame_is_gits(r, "code.txt")
    assert blamed(r, "code.txt")[FIVE] == side
