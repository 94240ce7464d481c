"""Start-up: `import policydiff` and a plain-text comparison load only what they use.

Each case runs in a fresh interpreter and reports the modules loaded (`sys.modules`), so the test
checks what a user's process really imports; no timing is asserted (timings live in
docs/decisions/0017-reading-and-startup.md and the benchmark).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import CORPUS

# Parsers and libraries a plain-text comparison never needs.
NOT_FOR_TEXT = ("lxml", "docutils", "markdown_it", "mdit_py_plugins", "jsonschema", "docx", "yaml")

_RUN_CLI_AND_LIST = """
import json, runpy, sys
sys.argv = ["policydiff", *json.loads(sys.argv[1])]
try:
    runpy.run_module("policydiff", run_name="__main__", alter_sys=True)
except SystemExit as exc:
    code = exc.code or 0
else:
    code = 0
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def _python(code: str, *args: str, cwd: Path) -> str:
    """Return what `code` printed, run in a fresh interpreter (which must succeed)."""
    result = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def _modules_after(code: str, *args: str, cwd: Path) -> tuple[int, set[str]]:
    """Return the exit status and the modules loaded after running `code` in a fresh interpreter."""
    report = json.loads(_python(code, *args, cwd=cwd).strip().splitlines()[-1])
    return report["code"], set(report["modules"])


def _roots(modules: set[str]) -> set[str]:
    return {name.split(".")[0] for name in modules}


def test_import_policydiff_loads_none_of_its_modules_nor_a_library(tmp_path: Path) -> None:
    code = "import json, sys, policydiff; print(json.dumps({'code': 0, 'modules': sorted(sys.modules)}))"
    _, modules = _modules_after(code, cwd=tmp_path)
    assert sorted(m for m in modules if m.startswith("policydiff.")) == []
    assert not _roots(modules) & {*NOT_FOR_TEXT, "rapidfuzz", "click", "tomllib"}


def test_the_public_api_is_there_before_and_after_first_use(tmp_path: Path) -> None:
    code = (
        "import json, sys, policydiff\n"
        "from policydiff import *\n"
        "from policydiff.settings import Options as Real\n"
        "assert policydiff.Options is Real and Options is Real, policydiff.Options\n"
        "assert sorted(policydiff.__all__) == sorted("
        "['Options', 'blame', 'compare', 'history', 'matrix', 'parse', 'parse_bytes', 'render'])\n"
        "assert callable(compare) and callable(render) and callable(parse_bytes)\n"
        "try:\n"
        "    policydiff.no_such_name\n"
        "except AttributeError as exc:\n"
        "    assert 'no_such_name' in str(exc)\n"
        "else:\n"
        "    raise AssertionError('no AttributeError')\n"
        "print(json.dumps({'code': 0, 'modules': sorted(sys.modules)}))"
    )
    _modules_after(code, cwd=tmp_path)


@pytest.mark.parametrize("fmt", ["html", "json"])
def test_comparing_two_text_files_loads_no_other_reader_or_renderer(tmp_path: Path, fmt: str) -> None:
    left = CORPUS / "text" / "cncf-coc-v1.0-2017.txt"
    right = CORPUS / "text" / "cncf-coc-v1.1-2021.txt"
    out = tmp_path / f"report.{fmt}"
    status, modules = _modules_after(
        _RUN_CLI_AND_LIST, json.dumps(["compare", str(left), str(right), "-o", str(out)]), cwd=tmp_path
    )
    assert status == 0
    assert out.stat().st_size > 1000
    assert not _roots(modules) & set(NOT_FOR_TEXT)
    # No settings file in the folder: the TOML parser is not loaded either.
    assert "tomllib" not in modules
    # The output's temporary file is made without `tempfile` (which loads `shutil` and, with it,
    # three compression modules), and the model's classes without compiling five methods each.
    assert not _roots(modules) & {"tempfile", "shutil", "bz2", "lzma"}
    # The command line is parsed by argparse: click (with uuid, platform, datetime, difflib) is imported
    # only to draw a progress bar on a terminal (decision 0023).
    assert not _roots(modules) & {"click", "uuid", "platform", "datetime", "difflib"}
    other_readers = {"policydiff.readers.markdown", "policydiff.readers.rst", "policydiff.readers.docx"}
    assert not modules & other_readers
    # Private helper modules (`renderers._redline`) aside, only the asked format's renderer (the HTML
    # report quotes metadata through the JSON one).
    public = {m for m in modules if m.startswith("policydiff.renderers.") and "._" not in m}
    assert public <= {f"policydiff.renderers.{fmt}", "policydiff.renderers.json"}


def test_an_html_report_of_two_text_files_loads_neither_json_nor_hashlib(tmp_path: Path) -> None:
    # `json` and `hashlib` (which loads OpenSSL) are 5 ms of a run's start-up: the HTML report writes its
    # option values itself and digests come from CPython's own SHA-256 (`policydiff._digest`). The
    # listing is printed without `json`, which the other tests' runner imports.
    code = (
        "import runpy, sys\n"
        "sys.argv = ['policydiff', *sys.argv[1:]]\n"
        "try:\n"
        "    runpy.run_module('policydiff', run_name='__main__', alter_sys=True)\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code, exc.code\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    left, right = CORPUS / "jpac" / "social-media-policy.txt", CORPUS / "kidspace" / "social-media-policy.txt"
    out = tmp_path / "report.html"
    modules = set(_python(code, "compare", str(left), str(right), "-o", str(out), cwd=tmp_path).split())
    assert "policydiff.renderers.html" in modules
    assert out.read_bytes().count(b"sha256-") == 1  # the style sheet's hash in the report's policy
    assert not modules & {"json", "hashlib", "_hashlib"}
    # The word diffs' merge of edits is written in `inline` (`_cleanup_merge`): diff-match-patch (with
    # `urllib.parse` and `ipaddress`, about 3.5 ms) is imported only for a pair over the LCS's size limit.
    assert not _roots(modules) & {"diff_match_patch", "urllib", "ipaddress"}


def test_importing_the_command_line_loads_no_parser_until_a_command_runs(tmp_path: Path) -> None:
    code = "import json, sys, policydiff.cli; print(json.dumps({'code': 0, 'modules': sorted(sys.modules)}))"
    _, modules = _modules_after(code, cwd=tmp_path)
    assert not _roots(modules) & {"click", "argparse", "typing", "pathlib", "rapidfuzz"}
    assert sorted(m for m in modules if m.startswith("policydiff.")) == [
        "policydiff.cli",
        "policydiff.errors",
    ]


def test_a_settings_file_is_still_read(tmp_path: Path) -> None:
    (tmp_path / "policydiff.toml").write_text("budget = -1\n", encoding="utf-8")
    left = CORPUS / "text" / "cncf-coc-v1.0-2017.txt"
    right = CORPUS / "text" / "cncf-coc-v1.1-2021.txt"
    status, modules = _modules_after(
        _RUN_CLI_AND_LIST, json.dumps(["compare", str(left), str(right), "--format", "json"]), cwd=tmp_path
    )
    assert status == 2  # the bad budget is refused: the file was found and parsed
    assert "tomllib" in modules


def test_another_projects_pyproject_is_not_parsed(tmp_path: Path) -> None:
    """A run started in a Python project's folder: its pyproject.toml never says `policydiff`, so it holds
    no `[tool.policydiff]` and `tomllib` is not loaded to read it (decision 0024, session 9)."""
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "other"\n[tool.ruff]\nline-length = 100\n', encoding="utf-8"
    )
    left = CORPUS / "text" / "cncf-coc-v1.0-2017.txt"
    right = CORPUS / "text" / "cncf-coc-v1.1-2021.txt"
    status, modules = _modules_after(
        _RUN_CLI_AND_LIST, json.dumps(["compare", str(left), str(right), "--format", "json"]), cwd=tmp_path
    )
    assert status == 0
    assert "tomllib" not in modules


@pytest.mark.parametrize(
    "text",
    [
        "[tool.policydiff]\nbudget = 3\n",
        '[tool."policydiff"]\nbudget = 3\n',
        "[tool.'policydiff']\nbudget = 3\n",
        '[tool."\\u0070olicydiff"]\nbudget = 3\n',
        '[tool]\n"\\U00000070olicydiff" = { budget = 3 }\n',
    ],
)
def test_a_pyproject_table_is_found_however_its_key_is_spelt(tmp_path: Path, text: str) -> None:
    from policydiff import config

    (tmp_path / "pyproject.toml").write_text(text, encoding="utf-8")
    found = config.find(tmp_path)
    assert found == tmp_path / "pyproject.toml"
    assert config.load(found) == {"budget": 3}


@pytest.mark.parametrize(
    "text",
    [
        '[project]\nname = "other"\n',
        '[project]\ndependencies = ["policydiff"]\n',  # it says policydiff but has no such table
        '[tool.other]\npattern = "\\\\d+"\n',
        "not toml = = at all\n",
        "",
    ],
)
def test_a_pyproject_without_the_table_is_not_a_settings_file(tmp_path: Path, text: str) -> None:
    from policydiff import config

    (tmp_path / "pyproject.toml").write_text(text, encoding="utf-8")
    assert config.find(tmp_path) is None


def test_comparing_markdown_loads_markdown_it_but_not_docutils_or_lxml(tmp_path: Path) -> None:
    left = CORPUS / "markdown" / "safeguarding-policy.md"
    right = CORPUS / "markdown" / "safeguarding-policy-v4.md"
    out = tmp_path / "report.html"
    status, modules = _modules_after(
        _RUN_CLI_AND_LIST, json.dumps(["compare", str(left), str(right), "-o", str(out)]), cwd=tmp_path
    )
    assert status == 0
    assert "markdown_it" in modules
    assert not _roots(modules) & {"docutils", "lxml", "jsonschema"}


def test_the_temporary_file_is_new_private_and_named_as_documented(tmp_path: Path) -> None:
    """`_make_temp` keeps `tempfile.mkstemp`'s contract: a new file (never an existing one), mode
    0600, an absolute path in the given folder, named `.pd-XXXXXXXX.tmp`."""
    import os
    import re
    import stat

    from policydiff._io import _make_temp

    made = []
    for _ in range(50):
        fd, name = _make_temp(tmp_path)
        os.close(fd)
        made.append(name)
    assert len(set(made)) == 50
    for name in made:
        path = Path(name)
        assert path.is_absolute() and path.parent == tmp_path.absolute()
        assert re.fullmatch(r"\.pd-[0-9a-f]{8}\.tmp", path.name)
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert path.stat().st_size == 0
    # A relative folder gives an absolute path too.
    previous = Path.cwd()
    os.chdir(tmp_path)
    try:
        fd, name = _make_temp("")
        os.close(fd)
    finally:
        os.chdir(previous)
    assert Path(name).parent == tmp_path.absolute()


def test_the_model_and_the_output_module_load_neither_dataclasses_nor_typing(tmp_path: Path) -> None:
    """`dataclasses` brings `inspect` (about a sixth of a run's imports): the value classes and the CLI's
    output module need neither, nor `typing` (decision 0024)."""
    code = (
        "import json, sys, policydiff.model, policydiff.formatting, policydiff._io, policydiff.cli; "
        "print(json.dumps({'code': 0, 'modules': sorted(sys.modules)}))"
    )
    _, modules = _modules_after(code, cwd=tmp_path)
    assert not modules & {"dataclasses", "inspect", "typing"}


@pytest.mark.parametrize("fmt", ["html", "json"])
def test_a_whole_compare_run_loads_neither_dataclasses_nor_inspect(tmp_path: Path, fmt: str) -> None:
    """Not the value classes, the settings, the renderer registry nor the report options (decision 0024)."""
    left = CORPUS / "jpac" / "social-media-policy.txt"
    right = CORPUS / "kidspace" / "social-media-policy.txt"
    out = tmp_path / f"report.{fmt}"
    status, modules = _modules_after(
        _RUN_CLI_AND_LIST, json.dumps(["compare", str(left), str(right), "-o", str(out)]), cwd=tmp_path
    )
    assert status == 0 and out.stat().st_size > 1000
    assert not modules & {"dataclasses", "inspect"}


def test_the_settings_readers_and_output_modules_load_neither_pathlib_nor_typing(tmp_path: Path) -> None:
    """Paths are strings where a run reads its inputs, looks for a settings file and writes its report:
    `pathlib` (with `fnmatch` and `ntpath`) and `typing` are not imported for them, nor `typing` for the
    renderers' table (decision 0024)."""
    code = (
        "import json, sys, policydiff.settings, policydiff.config, policydiff._io, policydiff.readers, "
        "policydiff.cli, policydiff.renderers; print(json.dumps({'code': 0, 'modules': sorted(sys.modules)}))"
    )
    _, modules = _modules_after(code, cwd=tmp_path)
    assert not modules & {"pathlib", "typing"}


def test_a_whole_compare_run_loads_no_pathlib(tmp_path: Path) -> None:
    left = CORPUS / "jpac" / "social-media-policy.txt"
    right = CORPUS / "kidspace" / "social-media-policy.txt"
    status, modules = _modules_after(
        _RUN_CLI_AND_LIST, json.dumps(["compare", str(left), str(right), "-o", "x.html"]), cwd=tmp_path
    )
    assert status == 0 and (tmp_path / "x.html").stat().st_size > 1000
    assert "pathlib" not in modules


_NAMES = st.lists(st.sampled_from(["/", ".", "a", "b.", ".md", ".DOCX"]), max_size=10).map("".join)


@settings(max_examples=500, deadline=None)
@given(_NAMES)
def test_string_paths_are_read_as_pathlib_reads_them(name: str) -> None:
    """`_io.as_path` and its helpers, and `readers.suffix_of`, give what `pathlib` gives."""
    from pathlib import PurePath

    from policydiff import _io
    from policydiff.readers import suffix_of

    path = PurePath(name)
    assert _io.as_path(name) == str(path)
    assert suffix_of(name) == path.suffix.lower()
    assert _io._parent(str(path)) == str(path.parent)
    assert _io._and_above(str(path)) == [str(p) for p in [path, *path.parents]]


def test_existence_is_answered_as_pathlib_answers_it(tmp_path: Path) -> None:
    from policydiff import _io

    (tmp_path / "file.txt").write_text("x", encoding="utf-8")
    (tmp_path / "folder").mkdir()
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    names = ["file.txt", "folder", "loop", "missing", "file.txt/inside", "nul\0name"]
    for name in names:
        path = tmp_path / name
        text = _io.as_path(str(path))
        assert (_io.exists(text), _io.is_dir(text), _io.is_file(text)) == (
            path.exists(),
            path.is_dir(),
            path.is_file(),
        ), name


_RUN_CLI_AND_COUNT_INITS = """
import json, runpy, sys
sys.argv = ["policydiff", *json.loads(sys.argv[1])]
try:
    runpy.run_module("policydiff", run_name="__main__", alter_sys=True)
except SystemExit:
    pass
from policydiff import _values
made = [c for c in _values._NAMES if not isinstance(c.__dict__["__init__"], _values._InitOnFirstUse)]
print(json.dumps({"made": len(made), "compiled": len(_values._TEMPLATES)}))
"""


def test_a_whole_compare_run_compiles_an_init_for_each_shape_not_for_each_class(tmp_path: Path) -> None:
    """The value classes' `__init__` is compiled once for each shape of class (number of fields, which have a
    factory) and copied with each class's names: a seeds run uses 28 classes of 12 shapes (decision 0024,
    session 8)."""
    left = CORPUS / "jpac" / "social-media-policy.txt"
    right = CORPUS / "kidspace" / "social-media-policy.txt"
    args = json.dumps(["compare", str(left), str(right), "-o", str(tmp_path / "x.html")])
    result = subprocess.run(
        [sys.executable, "-c", _RUN_CLI_AND_COUNT_INITS, args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stderr
    counts = json.loads(result.stdout.strip().splitlines()[-1])
    assert counts["made"] >= 20
    assert counts["compiled"] <= counts["made"] // 2
