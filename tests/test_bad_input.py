"""Hostile and malformed inputs through the real `policydiff parse`: one error line, exit 2, no output."""

from __future__ import annotations

import json
import random
import re
import resource
import struct
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from policydiff.readers.docx import MAX_PART_BYTES

from . import badinput

TIMEOUT = 300
"""Seconds any one run may take before the test fails as a hang (speed itself is measured in benchmarks/)."""
QUICK = 10
"""Seconds a refusal may take: Python's start-up plus a little."""
MEMORY_LIMIT = 1 << 30
"""Address space given to the command for zip bombs and huge inputs."""
SECRET = "TOP-SECRET-3f9a1c"
"""Content of a file an XXE entity points at; it must never reach the output."""


@dataclass(frozen=True)
class Run:
    returncode: int
    stdout: bytes
    stderr: str
    seconds: float
    """CPU seconds the command used (user + system)."""


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run(*args: str, cwd: Path, limit_memory: bool = False, python: tuple[str, ...] = ()) -> Run:
    """Run `policydiff ARGS` (or `python PYTHON ARGS`) in `cwd` and return what it did."""
    command = [sys.executable, *(python or ("-m", "policydiff")), *args]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.run(
        command,
        cwd=cwd,
        capture_output=True,
        timeout=TIMEOUT,
        stdin=subprocess.DEVNULL,
        preexec_fn=_limit_memory if limit_memory else None,
        check=False,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # CPU seconds of the command, not wall time: a hang guard that other work on the machine cannot trip
    # (the slowest case took 2 s alone and 13 s of wall time on a loaded machine); TIMEOUT bounds the wall.
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Run(proc.returncode, proc.stdout, proc.stderr.decode("utf-8", "replace"), cpu)


def error_line(file: str, cause: str) -> str:
    return f"policydiff: error: {file}: {cause}\n"


def warning_line(file: str, message: str) -> str:
    return f"policydiff: warning: {file}: {message}\n"


# --------------------------------------------------------------------------- builders


def _write(tmp: Path, name: str, data: bytes) -> str:
    (tmp / name).write_bytes(data)
    return name


def _docx() -> bytes:
    return badinput.real_docx([("title", "Social Media Policy"), ("para", "Staff must not post photos.")])


def _flip_central(field_offset: int, length: int) -> Callable[[Path], str]:
    """Return a builder of a real DOCX with bytes of word/document.xml's central entry inverted."""

    def build(tmp: Path) -> str:
        data = bytearray(_docx())
        start = badinput.central_entry(bytes(data), b"word/document.xml") + field_offset
        for i in range(start, start + length):
            data[i] ^= 0xFF
        return _write(tmp, "policy.docx", bytes(data))

    return build


def _missing(tmp: Path) -> str:
    return "nosuch.txt"


def _directory(tmp: Path) -> str:
    (tmp / "folder").mkdir()
    return "folder"


def _random_bytes(tmp: Path) -> str:
    rng = random.Random(20240101)
    return _write(tmp, "policy.txt", bytes(rng.randrange(256) for _ in range(8192)))


def _nul_bytes(tmp: Path) -> str:
    lines = [f"Line {n}: staff must read and follow this policy at all times." for n in range(1, 11)]
    lines[2] = lines[2].replace("read", "re\x00ad")
    return _write(tmp, "policy.txt", "\n".join(lines).encode())


def _truncated(tmp: Path) -> str:
    data = _docx()
    return _write(tmp, "policy.docx", data[: len(data) // 2])


def _xxe(tmp: Path) -> str:
    secret = tmp / "secret.txt"
    secret.write_text(SECRET)
    prolog = b'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "' + secret.as_uri().encode() + b'">]>'
    return _write(tmp, "policy.docx", badinput.minimal_docx(badinput.document_xml(b"&xxe;", prolog=prolog)))


def _xxe_in_rels(tmp: Path) -> str:
    secret = tmp / "secret.txt"
    secret.write_text(SECRET)
    rels = badinput.ROOT_RELS.replace(
        b"\n<Relationships",
        b'\n<!DOCTYPE r [<!ENTITY xxe SYSTEM "' + secret.as_uri().encode() + b'">]>\n<Relationships',
    )
    data = badinput.zip_bytes(
        [
            ("[Content_Types].xml", badinput.CONTENT_TYPES),
            ("_rels/.rels", rels),
            ("word/document.xml", badinput.document_xml("Hello.")),
        ]
    )
    return _write(tmp, "policy.docx", data)


def _xxe_utf16(tmp: Path) -> str:
    secret = tmp / "secret.txt"
    secret.write_text(SECRET)
    xml = (
        '<?xml version="1.0" encoding="UTF-16"?>\n'
        f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>\n'
        f'<w:document xmlns:w="{badinput.W_NS}"><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p>'
        "</w:body></w:document>"
    )
    return _write(tmp, "policy.docx", badinput.minimal_docx(xml.encode("utf-16")))


def _billion_laughs(tmp: Path) -> str:
    entities = b'<!ENTITY lol0 "lol">' + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, b"&lol%d;" % (i - 1) * 10) for i in range(1, 10)
    )
    prolog = b"<!DOCTYPE w:document [" + entities + b"]>"
    return _write(tmp, "policy.docx", badinput.minimal_docx(badinput.document_xml(b"&lol9;", prolog=prolog)))


def _mixed_encoding(tmp: Path) -> str:
    data = "Staff must read this – all of it.\nA second line.\n".encode() + b"Don\x92t post photos.\nEnd.\n"
    return _write(tmp, "policy.txt", data)


def _bytes(name: str, data: Callable[[], bytes]) -> Callable[[Path], str]:
    return lambda tmp: _write(tmp, name, data())


def _encrypted_member(tmp: Path) -> str:
    """Write a DOCX whose word/document.xml is flagged as encrypted (zip's traditional encryption)."""
    data = bytearray(badinput.minimal_docx())
    central = badinput.central_entry(bytes(data), b"word/document.xml")
    local = int(struct.unpack("<I", data[central + 42 : central + 46])[0])
    data[central + 8] |= 0x01
    data[local + 6] |= 0x01
    return _write(tmp, "policy.docx", bytes(data))


def _many_members(tmp: Path) -> str:
    members = [(f"word/media/part{n}.xml", b"<x/>") for n in range(20_001)]
    return _write(tmp, "policy.docx", badinput.minimal_docx(extra=members))


BOMB_SIZE = 1 << 30
UNDER_LIMIT_BOMB_SIZE = 250 << 20


def _bomb_cause(size: int) -> str:
    return (
        f"word/document.xml declares {size:,} bytes inflated, over the {MAX_PART_BYTES:,}-byte part limit "
        "(zip bomb?)"
    )


def _inflated_size(data: bytes) -> int:
    start = badinput.central_entry(data, b"word/document.xml")
    return int(struct.unpack("<I", data[start + 24 : start + 28])[0])


def _bomb(tmp: Path) -> str:
    return _write(tmp, "policy.docx", badinput.zip_bomb(BOMB_SIZE))


def _lying_bomb(tmp: Path) -> str:
    return _write(tmp, "policy.docx", badinput.zip_bomb(BOMB_SIZE, declared=4096))


# (builder, cause): the builder writes the input into the folder and returns the argument naming it.
REFUSED = [
    pytest.param(_missing, "no such file", id="missing-file"),
    pytest.param(_directory, "is a directory, not a file", id="a-directory"),
    pytest.param(_random_bytes, "a binary file, not text (control bytes throughout)", id="binary-as-text"),
    pytest.param(_nul_bytes, "line 3: contains NUL bytes: a binary file, not text", id="text-with-nul"),
    pytest.param(
        _bytes("policy.docx", badinput.pdf_bytes),
        "a PDF file: not supported (export it as DOCX or text first)",
        id="pdf-renamed-docx",
    ),
    pytest.param(
        _bytes("policy.docx", badinput.xlsx_bytes),
        "an XLSX spreadsheet, not a Word document: not supported",
        id="xlsx-renamed-docx",
    ),
    pytest.param(
        _bytes("policy.docx", badinput.png_bytes),
        "an image, not a text document: not supported",
        id="png-renamed-docx",
    ),
    pytest.param(_truncated, "not a valid zip package (corrupt or truncated)", id="truncated-docx"),
    pytest.param(
        _flip_central(0, 4), "not a valid zip package (corrupt or truncated)", id="corrupt-zip-signature"
    ),
    pytest.param(
        _flip_central(16, 4),
        "word/document.xml is corrupt in the zip package (Bad CRC-32 for file 'word/document.xml')",
        id="corrupt-zip-crc",
    ),
    pytest.param(
        _flip_central(42, 4),
        "not a valid zip package (corrupt or truncated)",
        id="corrupt-zip-offset",
    ),
    pytest.param(
        _flip_central(46, 4), "not a valid zip package (corrupt or truncated)", id="corrupt-zip-member-name"
    ),
    pytest.param(
        _flip_central(10, 2),
        "word/document.xml is corrupt in the zip package (That compression method is not supported)",
        id="corrupt-zip-method",
    ),
    pytest.param(
        _encrypted_member,
        "word/document.xml is encrypted inside the zip package",
        id="encrypted-zip-member",
    ),
    pytest.param(_many_members, "zip package has 20,004 members, over the limit", id="too-many-members"),
    pytest.param(
        _bytes(
            "policy.docx",
            lambda: badinput.minimal_docx(extra=[("word/document.xml", badinput.document_xml("Again."))]),
        ),
        "zip package has a duplicate member 'word/document.xml'",
        id="duplicate-member",
    ),
    pytest.param(
        _bytes("policy.docx", lambda: badinput.minimal_docx(extra=[("../evil.xml", b"<x/>")])),
        "zip package has an unsafe member path '../evil.xml'",
        id="path-traversal-member",
    ),
    pytest.param(
        _bytes("policy.docx", lambda: badinput.minimal_docx(extra=[("/etc/x", b"<x/>")])),
        "zip package has an unsafe member path '/etc/x'",
        id="absolute-path-member",
    ),
    pytest.param(
        _xxe, "word/document.xml contains a DOCTYPE declaration (refused as unsafe)", id="xxe-external-entity"
    ),
    pytest.param(
        _xxe_utf16,
        "word/document.xml contains a DOCTYPE declaration (refused as unsafe)",
        id="xxe-in-utf16-part",
    ),
    pytest.param(
        _xxe_in_rels, "_rels/.rels contains a DOCTYPE declaration (refused as unsafe)", id="xxe-in-rels"
    ),
    pytest.param(
        _billion_laughs,
        "word/document.xml contains a DOCTYPE declaration (refused as unsafe)",
        id="billion-laughs",
    ),
    pytest.param(
        _bytes("policy.docx", badinput.encrypted_ole),
        "encrypted or password-protected document: remove the password in Word and save again",
        id="encrypted-docx",
    ),
    pytest.param(
        _bytes("policy.docx", lambda: badinput.minimal_docx(badinput.document_xml(b"bad &#1; here"))),
        "word/document.xml is not well-formed XML "
        "(xmlParseCharRef: invalid xmlChar value 1, line 2, column 115)",
        id="xml-illegal-char-ref",
    ),
    pytest.param(
        _bytes("policy.docx", lambda: badinput.minimal_docx(badinput.document_xml(b"bad \x01 here"))),
        "word/document.xml is not well-formed XML (PCDATA invalid Char value 1, line 2, column 111)",
        id="xml-illegal-raw-byte",
    ),
    pytest.param(
        _bytes("policy.docx", lambda: badinput.minimal_docx(badinput.document_xml(b"bad \x00 here"))),
        "word/document.xml is not well-formed XML (Invalid character: Char 0x0 out of allowed range, "
        "line 2, column 111)",
        id="xml-raw-nul-byte",
    ),
    pytest.param(
        _mixed_encoding,
        "line 3: mixes encodings (valid UTF-8 elsewhere, not on this line); fix the file or pass --encoding",
        id="mixed-encoding",
    ),
]


def _assert_refused(result: Run, expected: str | set[str], out_dir: Path) -> None:
    assert "Traceback" not in result.stderr
    if isinstance(expected, set):
        assert result.stderr in expected
    else:
        assert result.stderr == expected
    assert result.returncode == 2
    assert result.stdout == b""
    assert SECRET not in result.stderr
    assert SECRET.encode() not in result.stdout
    assert sorted(p.name for p in out_dir.iterdir()) == [], "nothing written, no temporary file left"


@pytest.mark.parametrize(("build", "cause"), REFUSED)
def test_bad_input_is_refused_in_one_line(tmp_path: Path, build: Callable[[Path], str], cause: str) -> None:
    name = build(tmp_path)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    result = run("parse", name, "-o", "out/report.json", cwd=tmp_path)
    _assert_refused(result, error_line(name, cause), out_dir)
    assert result.seconds < QUICK


@pytest.mark.parametrize(
    ("build", "cause"),
    [
        pytest.param(_bomb, _bomb_cause, id="zip-bomb-1GB"),
        pytest.param(
            _lying_bomb,
            "word/document.xml is corrupt in the zip package (Bad CRC-32 for file 'word/document.xml')",
            id="zip-bomb-lying-local-header",
        ),
    ],
)
def test_zip_bomb_is_refused_quickly(
    tmp_path: Path, build: Callable[[Path], str], cause: str | Callable[[int], str]
) -> None:
    name = build(tmp_path)
    if callable(cause):
        cause = cause(_inflated_size((tmp_path / name).read_bytes()))
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    result = run("parse", name, "-o", "out/report.json", cwd=tmp_path, limit_memory=True)
    _assert_refused(result, error_line(name, cause), out_dir)
    assert result.seconds < QUICK


def test_zip_bomb_under_the_part_limit_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    """A 2.5 MB DOCX whose document.xml inflates to 250 MB must not need gigabytes to be refused."""
    data = badinput.zip_bomb(UNDER_LIMIT_BOMB_SIZE)
    name = _write(tmp_path, "policy.docx", data)
    size = _inflated_size(data)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    result = run("parse", name, "-o", "out/report.json", cwd=tmp_path, limit_memory=True)
    expected = {
        error_line(name, _bomb_cause(size)),
        error_line(name, "word/document.xml inflates past the size limit (zip bomb?)"),
    }
    _assert_refused(result, expected, out_dir)
    assert result.seconds < QUICK


def test_unknown_encoding_is_refused(tmp_path: Path) -> None:
    name = _write(tmp_path, "policy.txt", b"Staff must read this policy.\n")
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    result = run("parse", name, "--encoding", "nosuch", "-o", "out/report.json", cwd=tmp_path)
    _assert_refused(result, error_line(name, "unknown encoding 'nosuch'"), out_dir)


# --------------------------------------------------------------------------- read, with a warning


def _json_run(tmp_path: Path, name: str, *, limit_memory: bool = False) -> tuple[Run, dict[str, object]]:
    # -q: no "wrote" line, so stderr holds exactly the warnings (which -q keeps)
    result = run("parse", name, "-o", "report.json", "-q", cwd=tmp_path, limit_memory=limit_memory)
    assert "Traceback" not in result.stderr
    assert result.returncode == 0, result.stderr
    assert result.stdout == b""
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    return result, report


def _texts(report: dict[str, object]) -> list[str]:
    clauses = report["clauses"]
    assert isinstance(clauses, list)
    return [c["text"] for c in clauses]


def test_cp1252_text_is_read_with_a_warning(tmp_path: Path) -> None:
    name = _write(tmp_path, "policy.txt", b"Don\x92t post photos of children \x96 ever.\n")
    result, report = _json_run(tmp_path, name)
    assert result.stderr == warning_line(name, "not valid UTF-8; read as Windows-1252 (cp1252)")
    assert _texts(report) == ["Don\u2019t post photos of children \u2013 ever."]
    assert [w["code"] for w in report["warnings"]] == ["encoding-fallback"]  # type: ignore[index, union-attr]


def test_macro_enabled_document_is_read_with_a_warning(tmp_path: Path) -> None:
    data = badinput.minimal_docx(
        badinput.document_xml("Staff must not post photos."),
        extra=[("word/vbaProject.bin", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))],
    )
    name = _write(tmp_path, "policy.docm", data)
    result, report = _json_run(tmp_path, name)
    assert result.stderr == warning_line(name, "macro-enabled document: macros are ignored, never run")
    assert _texts(report) == ["Staff must not post photos."]


@pytest.mark.parametrize(
    "content",
    [pytest.param(b"", id="empty-file"), pytest.param(b"  \n\t\n\r\n   \n", id="whitespace-only")],
)
def test_empty_input_gives_zero_clauses_and_a_warning(tmp_path: Path, content: bytes) -> None:
    name = _write(tmp_path, "policy.txt", content)
    result, report = _json_run(tmp_path, name)
    assert result.stderr == warning_line(name, "no text: zero clauses")
    assert report["clauses"] == []


def test_ten_megabyte_single_line(tmp_path: Path) -> None:
    words = ("Staff must read and follow the rules " * 300_000)[:10_000_000].rsplit(" ", 1)[0] + "."
    name = _write(tmp_path, "policy.txt", words.encode() + b"\n")
    result, report = _json_run(tmp_path, name, limit_memory=True)
    assert result.stderr == ""
    assert _texts(report) == [words]


def test_one_million_lines(tmp_path: Path) -> None:
    lines = 1_000_000
    name = _write(tmp_path, "policy.txt", "".join(f"- Rule {n} applies.\n" for n in range(lines)).encode())
    result = run("parse", name, "-o", "report.json", cwd=tmp_path, limit_memory=True)
    assert "Traceback" not in result.stderr
    assert (result.returncode, result.stderr) == (0, "policydiff: wrote report.json: 1000000 clauses\n")
    data = (tmp_path / "report.json").read_bytes()
    ids = re.findall(rb'"id":\s*"c(\d+)"', data)
    assert len(ids) == lines
    assert ids[-1] == str(lines).encode()
    assert data.count(b'"list_item"') == lines
    assert b'"Rule 999999 applies."' in data


def _one_cell_table_docx(paragraphs: int) -> bytes:
    """Return a DOCX whose body is one table cell holding `paragraphs` paragraphs (a layout table)."""
    cell = b"".join(b"<w:p><w:r><w:t>Rule %d applies.</w:t></w:r></w:p>" % n for n in range(paragraphs))
    body = b"<w:tbl><w:tr><w:tc>" + cell + b"</w:tc></w:tr></w:tbl>"
    return badinput.minimal_docx(badinput.DOCUMENT_HEAD + body + badinput.DOCUMENT_TAIL)


LINEAR = 10
"""A hang guard, not a speed target: the slowest case here takes about one second when read in linear time."""


@pytest.mark.parametrize(
    ("name", "build", "clauses"),
    [
        pytest.param("policy.md", lambda: b"**a " * 20_000, 1, id="unclosed-bold-markers"),
        pytest.param("policy.md", lambda: b"[" * 60_000 + b"](", 1, id="unclosed-link-brackets"),
        pytest.param("policy.md", lambda: b"# " + b"rule " * 25_000, 1, id="long-first-heading"),
        pytest.param(
            "policy.md",
            lambda: b"| a | b |\n|---|---|\n" + b"| a | b |\n" * 12_000,  # GFM: a table needs its rule
            24_002,
            id="markdown-table-12000-rows",
        ),
        pytest.param("policy.txt", lambda: b"| a | b |\n" * 12_000, 24_000, id="text-table-12000-rows"),
        pytest.param("policy.docx", lambda: _one_cell_table_docx(12_000), 1, id="docx-layout-table-cell"),
    ],
)
def test_pathological_input_is_read_in_linear_time(
    tmp_path: Path, name: str, build: Callable[[], bytes], clauses: int
) -> None:
    _write(tmp_path, name, build())
    result, report = _json_run(tmp_path, name, limit_memory=True)
    assert len(report["clauses"]) == clauses  # type: ignore[arg-type]
    assert result.seconds < LINEAR


# --------------------------------------------------------------------------- the output file


@pytest.mark.parametrize("target", ["policy.md", "link.json", "./policy.md"])
def test_output_over_the_input_is_refused(tmp_path: Path, target: str) -> None:
    original = b"# Social media\n\nStaff must not post photos.\n"
    name = _write(tmp_path, "policy.md", original)
    (tmp_path / "link.json").symlink_to("policy.md")
    result = run("parse", name, "--format", "json", "-o", target, cwd=tmp_path)
    assert "Traceback" not in result.stderr
    assert result.stderr == error_line(target, "refusing to overwrite the input policy.md")
    assert result.returncode == 2
    assert result.stdout == b""
    assert (tmp_path / "policy.md").read_bytes() == original
    assert (tmp_path / "link.json").is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.json", "policy.md"]


def test_output_under_a_file_instead_of_a_folder_is_refused(tmp_path: Path) -> None:
    name = _write(tmp_path, "policy.md", b"Staff must not post photos.\n")
    _write(tmp_path, "nowhere", b"a file, not a folder\n")
    result = run("parse", name, "-o", "nowhere/deeper/report.json", cwd=tmp_path)
    assert result.stderr == error_line("nowhere/deeper/report.json", "nowhere is not a folder")
    assert result.returncode == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nowhere", "policy.md"]


def test_existing_report_is_replaced_whole(tmp_path: Path) -> None:
    name = _write(tmp_path, "policy.md", b"# Social media\n\nStaff must not post photos.\n")
    (tmp_path / "report.json").write_bytes(b"x" * 200_000)
    result = run("parse", name, "-o", "report.json", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "policydiff: wrote report.json: 2 clauses\n")
    fresh = run("parse", name, "--format", "json", cwd=tmp_path)
    assert (tmp_path / "report.json").read_bytes() == fresh.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["policy.md", "report.json"]


# --------------------------------------------------------------------------- internal errors

_BROKEN_READER = """
import sys
import policydiff.readers.text


def broken(*args, **kwargs):
    raise RuntimeError("reader exploded")


policydiff.readers.text.read_text = broken
from policydiff.cli import main

main(sys.argv[1:])
"""


def test_internal_error_is_one_line_and_exit_70(tmp_path: Path) -> None:
    name = _write(tmp_path, "policy.txt", b"Staff must read this.\n")
    result = run("parse", name, "-o", "report.json", cwd=tmp_path, python=("-c", _BROKEN_READER))
    assert result.stderr == (
        "policydiff: error: internal error: RuntimeError: reader exploded "
        "(run with --debug for a traceback)\n"
    )
    assert result.returncode == 70
    assert result.stdout == b""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["policy.txt"]


def test_internal_error_with_debug_shows_the_traceback_and_still_exits_70(tmp_path: Path) -> None:
    name = _write(tmp_path, "policy.txt", b"Staff must read this.\n")
    result = run("--debug", "parse", name, cwd=tmp_path, python=("-c", _BROKEN_READER))
    assert "Traceback (most recent call last)" in result.stderr
    assert "RuntimeError: reader exploded" in result.stderr
    assert result.returncode == 70


def test_bad_input_with_debug_still_exits_2(tmp_path: Path) -> None:
    result = run("--debug", "parse", "nosuch.txt", cwd=tmp_path)
    assert result.stderr.endswith(error_line("nosuch.txt", "no such file"))
    assert result.returncode == 2
