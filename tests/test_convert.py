"""Legacy formats (.doc, ODT, RTF) are read through LibreOffice, and say so; without it, a clear error."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

import policydiff
from policydiff.errors import ConversionError

from .conftest import CORPUS, require_program, run_cli

SOURCE = CORPUS / "jpac" / "social-media-policy.docx"


def _convert(tmp_path: Path, target: str) -> Path:
    soffice = require_program("soffice", "libreoffice")
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        [
            soffice,
            "--headless",
            "--norestore",
            f"-env:UserInstallation={profile}",
            "--convert-to",
            target,
            "--outdir",
            str(tmp_path),
            str(SOURCE),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return tmp_path / (SOURCE.stem + "." + target.split(":")[0])


@pytest.mark.parametrize("target", ["odt", "doc", "rtf"])
def test_legacy_formats_read_like_the_docx(tmp_path: Path, target: str) -> None:
    converted = _convert(tmp_path, target)
    policy = policydiff.parse(converted)
    reference = policydiff.parse(CORPUS / "jpac" / "social-media-policy.txt")
    assert [c.key for c in policy.clauses] == [c.key for c in reference.clauses]
    assert any(w.code == "converted" for w in policy.warnings)


def test_without_libreoffice_a_legacy_file_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rtf = tmp_path / "policy.rtf"
    rtf.write_bytes(b"{\\rtf1\\ansi Staff sign in.\\par}")
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(ConversionError) as info:
        policydiff.parse(rtf)
    assert str(info.value) == (
        f"{rtf}: an RTF file: install LibreOffice (Debian: apt-get install libreoffice-writer) to read it, "
        "or save it as DOCX"
    )


def test_rtf_through_the_cli(tmp_path: Path) -> None:
    require_program("soffice", "libreoffice")
    rtf = tmp_path / "policy.rtf"
    rtf.write_bytes(b"{\\rtf1\\ansi Safeguarding Policy\\par\\par Staff sign in every morning.\\par}")
    result = run_cli("parse", str(rtf), "--format", "json")
    assert result.returncode == 0, result.stderr
    assert f"policydiff: warning: {rtf}: an RTF file, converted to DOCX with LibreOffice" in result.stderr
    assert "Staff sign in every morning." in result.stdout
