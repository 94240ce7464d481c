"""The Python API: the documented three lines work, every public name is documented, every result renders."""

from __future__ import annotations

import inspect
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import policydiff
from policydiff.errors import ReadError, UsageError
from policydiff.renderers import RENDERERS

LEFT = "Social media policy\n\n1. Staff must not post photos of children.\n2. Report concerns to the lead.\n"
RIGHT = (
    "Social media policy\n\n1. Staff must never post photos of children.\n"
    "2. Report concerns to the lead.\n3. Phones stay in lockers.\n"
)
README_LINES = (
    "import policydiff; c = policydiff.compare('a.txt', 'b.txt');"
    " open('r.html','wb').write(policydiff.render(c, 'html'))"
)


@pytest.fixture
def pair(tmp_path: Path) -> Path:
    (tmp_path / "a.txt").write_text(LEFT, "utf-8")
    (tmp_path / "b.txt").write_text(RIGHT, "utf-8")
    return tmp_path


def test_the_documented_three_lines_write_an_html_report(pair: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-c", README_LINES], cwd=pair, capture_output=True, text=True, check=False
    )
    assert (proc.returncode, proc.stderr) == (0, "")
    html = (pair / "r.html").read_text("utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "lockers" in html


def test_every_public_name_is_documented() -> None:
    assert set(policydiff.__all__) == {
        "Options",
        "parse",
        "parse_bytes",
        "compare",
        "history",
        "blame",
        "matrix",
        "render",
    }
    for name in policydiff.__all__:
        value = getattr(policydiff, name)
        assert inspect.isfunction(value) or inspect.isclass(value), name
        assert value.__doc__ and len(value.__doc__.split()) >= 8, name
    assert policydiff.__doc__ and "policydiff.render(" in policydiff.__doc__


def test_submodules_do_not_hide_the_functions() -> None:
    import policydiff.compare
    import policydiff.history
    import policydiff.matrix

    for name in ("compare", "history", "matrix"):
        assert inspect.isfunction(getattr(policydiff, name)), name


def test_import_stays_light() -> None:
    code = "import sys, policydiff; print(' '.join(sorted(sys.modules)))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    for heavy in ("lxml", "docx", "rapidfuzz", "markdown_it", "docutils", "click"):
        assert heavy not in loaded.split(), heavy


def _results(pair: Path, repo: Path) -> dict[str, object]:
    return {
        "policy": policydiff.parse(pair / "a.txt"),
        "comparison": policydiff.compare(pair / "a.txt", pair / "b.txt"),
        "lineage": policydiff.history([pair / "a.txt", pair / "b.txt"]),
        "blame": policydiff.blame("p.txt", repo=repo),
        "matrix": policydiff.matrix([pair / "a.txt", pair / "b.txt", pair / "a.txt"]),
    }


def _repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    git = ["git", "-c", "user.name=T", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    (repo / "p.txt").write_text(LEFT, "utf-8")
    subprocess.run([*git, "add", "p.txt"], cwd=repo, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "one"], cwd=repo, check=True)
    return repo


def test_render_every_result_in_every_format(pair: Path) -> None:
    results = _results(pair, _repo(pair))
    assert set(results) == set(RENDERERS)
    for kind, result in results.items():
        for fmt in RENDERERS[kind]:
            data = policydiff.render(result, fmt)  # type: ignore[arg-type]
            assert isinstance(data, bytes) and data, (kind, fmt)
            if fmt == "docx":
                assert zipfile.is_zipfile(__import__("io").BytesIO(data))
            elif fmt == "html":
                assert data.startswith(b"<!DOCTYPE html>"), (kind, fmt)
            elif fmt == "json":
                assert data.lstrip().startswith(b"{"), (kind, fmt)


def test_render_options_and_refusals(pair: Path) -> None:
    comparison = policydiff.compare(pair / "a.txt", pair / "b.txt")
    assert b"2026-01-31" in policydiff.render(comparison, "html", date="2026-01-31")
    assert b"\x1b[" in policydiff.render(comparison, "text", color=True)
    with pytest.raises(UsageError, match="comparison cannot be written as 'csv'"):
        policydiff.render(comparison, "csv")
    with pytest.raises(UsageError, match="unknown option\\(s\\) colour"):
        policydiff.render(comparison, "text", colour=True)
    with pytest.raises(TypeError, match="cannot render a str"):
        policydiff.render("a.txt", "html")  # type: ignore[arg-type]


def test_compare_bytes_with_names_and_keyword_options(pair: Path) -> None:
    comparison = policydiff.compare(
        LEFT.encode(), RIGHT.encode(), left_name="v1.txt", right_name="v2.txt", thresholds={"gap": 0.3}
    )
    assert (comparison.left.source, comparison.right.source) == ("v1.txt", "v2.txt")
    assert comparison.stats()["added"] == 1
    assert policydiff.compare(pair / "a.txt", pair / "b.txt", no_slots=True).slots == ()
    with pytest.raises(ReadError, match="no such file"):
        policydiff.compare(pair / "a.txt", pair / "missing.txt")
    with pytest.raises(UsageError):
        policydiff.compare(pair / "a.txt", pair / "b.txt", slots=["no equals sign"])


def test_options_carry_settings_and_keywords_lay_over_them(pair: Path) -> None:
    (pair / "policydiff.toml").write_text(
        'slots = ["the Club=the setting"]\nbudget = 0.5\n[thresholds]\ngap = 0.4\n', "utf-8"
    )
    options = policydiff.Options.from_file(pair / "policydiff.toml")
    assert (options.slots, options.budget, options.thresholds and options.thresholds.gap) == (
        (("the Club", "the setting"),),
        0.5,
        0.4,
    )
    with pytest.raises(AttributeError):
        options.budget = 1.0  # type: ignore[misc]
    laid = options.with_(slots=["lockers=the office"], no_slots=True, budget=1.0)
    assert (laid.slots, laid.no_slots, laid.budget) == (
        (("the Club", "the setting"), ("lockers", "the office")),
        True,
        1.0,
    )
    slots = policydiff.compare(pair / "a.txt", pair / "b.txt", options=laid).slots
    assert [(s.left, s.right, s.source) for s in slots] == [
        ("the Club", "the setting", "manual"),
        ("lockers", "the office", "manual"),
    ]
    with pytest.raises(UsageError, match="config file not found"):
        policydiff.Options.from_file(pair / "none.toml")
