"""The human views of history and blame: date order, each step's redline, labelled blame, no lineage ids."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import lxml.html
import pytest

from policydiff.history import Lineage, blame, history, history_of_files
from policydiff.renderers.history import (
    plural,
    render_blame_text,
    render_lineage_html,
    render_lineage_json,
    render_lineage_markdown,
    render_lineage_text,
    timeline,
)

from .conftest import CORPUS, run_cli
from .test_history import Scripted, build

VIEWS = {"text": render_lineage_text, "md": render_lineage_markdown, "html": render_lineage_html}
CNCF = [CORPUS / "realworld" / f"cncf-coc-{v}.md" for v in ("v1.0-2017", "v1.1-2021", "v1.2-2022")]


@pytest.fixture(scope="module")
def scripted(tmp_path_factory: pytest.TempPathFactory) -> Scripted:
    return build(tmp_path_factory.mktemp("views") / "repo")


def _commit(repo: Path, date: str, message: str, text: str) -> str:
    """Commit `text` as policy.txt with the given author date (the committer date keeps moving forward)."""
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Bea Writer",
        "GIT_AUTHOR_EMAIL": "bea@example.org",
        "GIT_COMMITTER_NAME": "Bea Writer",
        "GIT_COMMITTER_EMAIL": "bea@example.org",
        "GIT_AUTHOR_DATE": date,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
    }

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True)
        return done.stdout.strip()

    if not (repo / ".git").exists():
        git("init", "-q", "-b", "main")
    (repo / "policy.txt").write_text(text, encoding="utf-8")
    git("add", "policy.txt")
    git("commit", "-q", "-m", message)
    return git("rev-parse", "HEAD")


POLICY = "Rules\n\nStaff will face disciplinary action.\n\nParents may visit at any time.\n"


@pytest.fixture(scope="module")
def out_of_order(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """A repository whose second commit carries an author date older than the first (a rebased commit)."""
    repo = tmp_path_factory.mktemp("dates") / "repo"
    repo.mkdir()
    first = _commit(repo, "2024-03-01T09:00:00+00:00", "Write the policy", POLICY)
    second = _commit(
        repo,
        "2024-01-15T09:00:00+00:00",
        "Soften the sanction",
        POLICY.replace("will face", "may face"),
    )
    third = _commit(
        repo,
        "2024-05-20T09:00:00+02:00",
        "Limit visits",
        POLICY.replace("will face", "may face").replace("at any time", "by appointment"),
    )
    return repo, [first, second, third]


def _order(text: str, shas: list[str]) -> list[int]:
    """Return the indexes of `shas` sorted by where their short form first appears in `text`."""
    return sorted(range(len(shas)), key=lambda k: text.index(shas[k][:8]))


def test_versions_are_shown_in_date_order(out_of_order: tuple[Path, list[str]]) -> None:
    repo, shas = out_of_order
    lineage = history("policy.txt", repo=repo)
    # The library keeps git's order (the JSON contract); the views sort by author date.
    assert [v.commit for v in lineage.versions] == shas
    assert [view.version.commit for view in timeline(lineage)] == [shas[1], shas[0], shas[2]]
    for name, render in VIEWS.items():
        page = render(lineage).decode("utf-8")
        changes = page[page.index("Changes by version") :] if name != "text" else page
        assert _order(changes, shas) == [1, 0, 2], name
    text = render_lineage_text(lineage).decode("utf-8")
    # The older-dated commit was made on top of the other: the view says what it was compared with.
    # The root commit, listed second, still lists its clauses rather than redlining them as insertions.
    assert (
        f"2. {shas[0][:8]}  2024-03-01  Bea Writer  Write the policy\n   first version: 3 clauses\n" in text
    )
    assert f"1. {shas[1][:8]}  2024-01-15  Bea Writer  Soften the sanction\n" in text
    assert "   compared with version 2 (" + shas[0][:8] + ")\n" in text
    assert json.loads(render_lineage_json(lineage))["versions"][0]["commit"] == shas[0]


def test_each_step_shows_its_redline(scripted: Scripted) -> None:
    lineage = history("social-media.txt", repo=scripted.path)
    text = render_lineage_text(lineage).decode("utf-8")
    assert (
        "   Reworded  c15  Social media rules\n      Post anything that [-could-]{+might+} damage "
        "[-our Club's reputation-]{+the reputation of our Club+}.\n"
    ) in text
    merged = "   Merged    c12  (top level)  (merged with “WhatsApp”)\n"
    assert merged + "      Online forums{+ and WhatsApp groups+}\n" in text
    assert "   Removed   (top level)\n      [-Personal blogs and websites-]\n" in text
    assert "(the words did not change)" in text  # the move
    markdown = render_lineage_markdown(lineage).decode("utf-8")
    assert (
        "1. **Reworded** — c15 — Social media rules\n   > Post anything that <del>could</del><ins>might</ins>"
        " damage <del>our Club's reputation</del><ins>the reputation of our Club</ins>\\.\n"
    ) in markdown
    page = lxml.html.fromstring(render_lineage_html(lineage))
    [step] = page.xpath('//article[contains(@class, "change-reworded")]')
    assert [d.text for d in step.xpath('.//p[@class="text"]/del')] == ["could", "our Club's reputation"]
    assert [i.text for i in step.xpath('.//p[@class="text"]/ins')] == ["might", "the reputation of our Club"]
    assert step.xpath('.//span[@class="badge op-reworded"]')
    # The first version lists its clauses once, as they are, not as 28 insertions.
    assert "   first version: 28 clauses\n" in text
    assert "{+JPAC LTD Out of School Clubs+}" not in text


def test_files_as_versions_show_each_steps_redline() -> None:
    result = run_cli("history", *map(str, CNCF), "--format", "text")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"History of {CNCF[2]}: 3 versions, ")
    assert (
        "   Reworded  c1  (top level)\n      CNCF Community Code of Conduct v1.[-0-]{+1+}\n" in result.stdout
    )


def test_a_step_that_changed_only_formatting_says_so(tmp_path: Path) -> None:
    # Session 15: a heading moved a level down is a rewording with the same words; the step showed the
    # words alone, as if nothing had happened to them.
    text = "# Policy\n\n## Scope\n\nThis applies to staff.\n\n## Photos\n\nPhotos need consent.\n"
    old, new = tmp_path / "v1.md", tmp_path / "v2.md"
    old.write_text(text, encoding="utf-8")
    new.write_text(text.replace("## Photos", "### Photos"), encoding="utf-8")
    shown = render_lineage_text(history_of_files([old, new])).decode("utf-8")
    assert "1 change: 1 reworded" in shown
    assert "the words did not change: their formatting did" in shown


def _lineage_ids(lineage: Lineage) -> set[str]:
    ids = {c.id for c in lineage.clauses}
    ids |= {i for c in lineage.clauses for e in c.events for i in (*e.from_, *e.into)}
    ids |= {c.restored_from for c in lineage.clauses if c.restored_from}
    return ids | {f"{i.partition(':')[0][:8]}:{i.partition(':')[2]}" for i in ids}


def test_no_lineage_id_in_the_human_views(scripted: Scripted) -> None:
    lineages = [
        history("social-media.txt", repo=scripted.path),
        history_of_files([str(p) for p in CNCF]),
    ]
    for lineage in lineages:
        ids = _lineage_ids(lineage)
        assert len(ids) > 20
        for name, render in VIEWS.items():
            page = render(lineage).decode("utf-8")
            found = set(re.findall(r"[0-9a-f]{8,64}:\d+", page))
            assert not found & ids, name
            assert not found, (name, sorted(found)[:3])
        document = json.loads(render_lineage_json(lineage))  # the JSON keeps them: its contract
        assert [c["id"] for c in document["clauses"]] == [c.id for c in lineage.clauses]
    rows = render_blame_text(blame("social-media.txt", repo=scripted.path)).decode("utf-8")
    assert not re.search(r"[0-9a-f]{8,64}:\d+", rows)


def test_blame_text_has_labelled_columns(scripted: Scripted) -> None:
    s = scripted
    lines = render_blame_text(blame("social-media.txt", repo=s.path)).decode("utf-8").splitlines()
    header = lines[0]
    assert re.fullmatch(r"introduced +last changed +changes  clause", header)
    starts = {label: header.index(label) for label in ("introduced", "last changed", "clause")}
    end_of_changes = header.index("changes") + len("changes")
    row = next(line for line in lines[1:] if "might damage" in line)
    a, b = s.sha["A"][:8], s.sha["B"][:8]
    assert row[starts["introduced"] :].startswith(f"{a} 2024-01-02")
    assert row[starts["last changed"] :].startswith(f"{b} 2024-01-03 Ann Author")
    assert row[:end_of_changes].endswith(" 1")  # one change after its introduction, right-aligned
    assert row[starts["clause"] :] == "c16  Post anything that might damage the reputation of our Club."
    assert len(lines) == 1 + len(blame("social-media.txt", repo=s.path).clauses)


def test_counts_take_the_singular(out_of_order: tuple[Path, list[str]], tmp_path: Path) -> None:
    assert (plural(1, "version"), plural(2, "version"), plural(0, "version")) == (
        "1 version",
        "2 versions",
        "0 versions",
    )
    assert plural(1, "clause lineage") == "1 clause lineage"
    repo, shas = out_of_order
    result = run_cli("history", "policy.txt", "--repo", str(repo), "--from", shas[1], "--format", "text")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(
        "History of policy.txt: 1 version, 3 clause lineages (3 present, 0 removed)\n"
    )
    assert "   1 change: 1 reworded\n" in result.stdout
    one = tmp_path / "one.txt"
    one.write_text("Staff will be kind.\n", encoding="utf-8")
    lineage = history_of_files([str(one)])
    assert (
        render_lineage_text(lineage)
        .decode("utf-8")
        .startswith(f"History of {one}: 1 version, 1 clause lineage (1 present, 0 removed)\n")
    )
    assert (
        "| clauses | 1 clause lineage (1 present, 0 removed) |" in render_lineage_markdown(lineage).decode()
    )
    html = render_lineage_html(lineage).decode("utf-8")
    assert (
        "1 version, 1 clause lineage" in html and "1 versions" not in html and "1 clause lineages" not in html
    )


def test_html_uses_the_comparison_reports_style(scripted: Scripted) -> None:
    html = render_lineage_html(history("social-media.txt", repo=scripted.path)).decode("utf-8")
    page = lxml.html.fromstring(html)
    assert page.xpath("//header/h1")[0].text == "Policy history"
    assert page.xpath('//section[@id="summary"]//table[@class="counts"]')
    style = page.xpath("//style")[0].text
    assert ".change-reworded" in style and "--ins-bg" in style  # the comparison report's CSS
    csp = page.xpath('//meta[@http-equiv="Content-Security-Policy"]/@content')[0]
    assert "default-src 'none'" in csp and "<script" not in html
    # Version 9 (I, dropped blogs) came after H by date though git lists it first; both link to their steps.
    rows = page.xpath('//table[@class="index"]/tbody/tr')
    assert [r.xpath("td[4]")[0].text for r in rows] == [
        "Add social media policy", "Reword", "Move", "Split", "Merge", "Rename", "Whitespace only",
        "Add Instagram", "Drop blogs", "Restore blogs",
    ]  # fmt: skip
    [restored] = page.xpath(
        '//article[contains(@class, "change-added")][.//ins[.="Personal blogs and websites"]]'
    )
    assert "restores the clause removed in version 9" in restored.text_content()


def test_markdown_keeps_its_tables_whole_with_pipes_and_marks(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    _commit(repo, "2024-01-01T09:00:00+00:00", "Fees | charges *draft*", "Fees\n\nWe charge £5 | £6 a day.\n")
    _commit(repo, "2024-01-02T09:00:00+00:00", "Raise <b>fees</b>", "Fees\n\nWe charge £6 | £7 a day.\n")
    markdown = render_lineage_markdown(history("policy.txt", repo=repo)).decode("utf-8")
    rows = [
        line for line in markdown.splitlines() if line.startswith("| 1 | `") or line.startswith("| 2 | `")
    ]
    assert len(rows) == 2
    assert all(row.replace("\\|", "").count("|") == 8 for row in rows)  # seven cells each
    assert r"Fees \| charges \*draft\*" in rows[0] and "Raise &lt;b&gt;fees&lt;/b&gt;" in rows[1]
    assert r"We charge £<del>5</del><ins>6</ins> \| £<del>6</del><ins>7</ins> a day\." in markdown
