"""The LibreOffice oracle shared by the Word redline tests: one script, one way to run it.

`run_jobs` starts LibreOffice once (headless, a throw-away profile) through python3-uno and runs the
jobs: each opens a DOCX, accepts or rejects all tracked changes (or neither), and reports its
paragraphs (and, with a text path, exports LibreOffice's `Text (encoded)` view there). A missing
LibreOffice or python3-uno skips the test (a failure in CI).
"""

from __future__ import annotations

import json
import os
import subprocess
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

import pytest

from .conftest import require_program

UNO_SCRIPT = r'''
"""Open DOCX files in LibreOffice, accept or reject all tracked changes, print their paragraphs as JSON.

A job is [path, action] or [path, action, text_path]: action `accept`, `reject` or `none`; with a
text_path the document is also exported there as LibreOffice's `Text (encoded)` (UTF-8, list numbers
included).
"""
import json, os, signal, subprocess, sys, time
import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def main():
    soffice, profile, pipe = sys.argv[1], sys.argv[2], sys.argv[3]
    with open(sys.argv[4], encoding="utf-8") as listed:  # (a file: a long list exceeds one argument's limit)
        jobs = json.load(listed)
    proc = subprocess.Popen(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--invisible", "--norestore",
         "--nologo", f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        ctx = None
        for _ in range(1200):
            try:
                ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except Exception:
                if proc.poll() is not None:
                    raise SystemExit("soffice exited before accepting a connection")
                time.sleep(0.1)
        if ctx is None:
            raise SystemExit("could not connect to soffice")
        smgr = ctx.ServiceManager
        desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        dispatcher = smgr.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
        results = []
        for job in jobs:
            path, action = job[0], job[1]
            url = uno.systemPathToFileUrl(os.path.abspath(path))
            doc = desktop.loadComponentFromURL(url, "_blank", 0, (prop("Hidden", True),))
            before = doc.getRedlines().getCount()
            command = {"accept": ".uno:AcceptAllTrackedChanges", "reject": ".uno:RejectAllTrackedChanges"}
            if action in command:
                dispatcher.executeDispatch(doc.getCurrentController().getFrame(), command[action], "", 0, ())
            # Fields' shown text (a REF field's heading number) as after Word's F9, not as Writer's idle
            # update leaves it when the export comes first: that raced, "(see 1)" for "(see 1.1)"
            doc.getTextFields().refresh()
            paragraphs = []
            portions = []  # per body paragraph: its stretches [text, bold, link target, struck, font]
            items = doc.Text.createEnumeration()
            while items.hasMoreElements():
                item = items.nextElement()
                if item.supportsService("com.sun.star.text.Paragraph"):
                    paragraphs.append(item.getString())
                    stretches = []
                    parts = item.createEnumeration()
                    while parts.hasMoreElements():
                        part = parts.nextElement()
                        text = part.getString()
                        if text:
                            bold, struck = part.CharWeight > 100, part.CharStrikeout != 0
                            link, font = part.HyperLinkURL or None, part.CharFontName
                            stretches.append([text, bold, link, struck, font])
                    portions.append(stretches)
                elif item.supportsService("com.sun.star.text.TextTable"):
                    # One string per cell, row by row, its paragraphs joined as our reader joins them.
                    for name in item.getCellNames():
                        cell = item.getCellByName(name).getText().createEnumeration()
                        parts = []
                        while cell.hasMoreElements():
                            parts.append(cell.nextElement().getString())
                        paragraphs.append("\n".join(parts))
            after = doc.getRedlines().getCount()
            if len(job) > 2:
                text_url = uno.systemPathToFileUrl(os.path.abspath(job[2]))
                options = (prop("FilterName", "Text (encoded)"), prop("FilterOptions", "UTF8,LF"))
                doc.storeToURL(text_url, options)
            results.append({"before": before, "after": after, "paragraphs": paragraphs, "portions": portions})
            doc.close(True)
        sys.stdout.write(json.dumps(results))
        try:
            desktop.terminate()
        except Exception:
            pass
    finally:
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)  # soffice is a wrapper: end its whole group


main()
'''


def uno_python() -> str:
    """Return the Python that can `import uno` (the system one), skipping the test without it."""
    python = "/usr/bin/python3"
    if not os.access(python, os.X_OK):
        require_program("python3-with-uno")
    probe = subprocess.run([python, "-c", "import uno"], capture_output=True, timeout=60)
    if probe.returncode != 0:
        require_program("python3-uno (import uno in /usr/bin/python3)")
    return python


def profile(tmp: Path) -> str:
    """Return the URL of a fresh LibreOffice user profile under `tmp`."""
    return (tmp / f"lo-{uuid.uuid4().hex}").as_uri()


def run_jobs(jobs: Sequence[Sequence[str]], tmp: Path, *, timeout: float = 900) -> list[dict[str, Any]]:
    """Run `UNO_SCRIPT` over the jobs (`[path, action]` or `[path, action, text_path]`) in one
    LibreOffice and return one result per job: `before`/`after` revision counts, `paragraphs`,
    `portions` (per body paragraph: [text, bold, link target, struck through] stretches)."""
    soffice = require_program("soffice", "libreoffice")
    python = uno_python()
    script = tmp / f"lo_oracle_{uuid.uuid4().hex}.py"
    script.write_text(UNO_SCRIPT, "utf-8")
    # LibreOffice opens copies of documents outside `tmp`: it writes a lock file beside each document it
    # opens, and one an interrupted run left beside a committed fixture made every later run fail.
    copies: dict[str, str] = {}
    opened = []
    for job in jobs:
        path = Path(job[0]).resolve()
        if not path.is_relative_to(tmp.resolve()):
            if str(path) not in copies:
                copy = tmp / f"lo_in_{len(copies)}_{path.name}"
                copy.write_bytes(path.read_bytes())
                copies[str(path)] = str(copy)
            job = [copies[str(path)], *job[1:]]
        opened.append(list(job))
    listed = tmp / f"lo_jobs_{uuid.uuid4().hex}.json"
    listed.write_text(json.dumps(opened), "utf-8")
    done = subprocess.run(
        [python, str(script), soffice, profile(tmp), f"policydiff{uuid.uuid4().hex}", str(listed)],
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stderr
    results: list[dict[str, Any]] = json.loads(done.stdout)
    assert len(results) == len(jobs)
    return results


def redline_views(
    pairs: Mapping[str, tuple[Path, Path]], redline: Callable[[Path, Path], bytes], tmp: Path
) -> dict[str, dict[str, Any]]:
    """Per pair: LibreOffice's text of the redline `redline(left, right)` after Accept All and Reject All
    (`accept`, `reject`), of each side with its own tracked changes accepted (`right`, `left`), each view's
    paragraphs as LibreOffice holds them (`accept paragraphs`, …: a table cell by cell, which the text view
    runs together), and how many revisions LibreOffice found in the redline before and after each
    (`accept revisions`, …)."""
    jobs: list[tuple[str, str, str]] = []
    for name, (left, right) in pairs.items():
        made = tmp / f"{name}.docx"
        made.write_bytes(redline(left, right))
        for path, action, out in (
            (made, "accept", f"{name}.accept.txt"),
            (made, "reject", f"{name}.reject.txt"),
            (right, "accept", f"{name}.right.txt"),
            (left, "accept", f"{name}.left.txt"),
        ):
            jobs.append((str(path.resolve()), action, str(tmp / out)))
    results = run_jobs(jobs, tmp)
    texts: dict[str, dict[str, Any]] = {}
    for (_, _, saved), result in zip(jobs, results, strict=True):
        name, kind = Path(saved).name.rsplit(".", 2)[:2]  # a pair's name may hold dots
        entry = texts.setdefault(name, {})
        entry[kind] = Path(saved).read_text("utf-8-sig")
        entry[f"{kind} paragraphs"] = [p.rstrip() for p in result["paragraphs"]]  # (a table's cell by cell)
        if kind in ("accept", "reject"):
            entry[f"{kind} revisions"] = (result["before"], result["after"])
    return texts


Side = TypeVar("Side")


def both_ways_views(
    cases: Mapping[str, tuple[Side, Side]],
    document: Callable[[Path, Side], Path],
    redline: Callable[[Path, Path], bytes],
    tmp: Path,
) -> dict[str, dict[str, Any]]:
    """`redline_views` of each case both ways (`name` and `name.reverse`), its sides written by
    `document(path, side)` into `tmp`."""
    files: dict[str, tuple[Path, Path]] = {}
    for name, (left, right) in cases.items():
        lpath, rpath = document(tmp / f"{name}-l.docx", left), document(tmp / f"{name}-r.docx", right)
        files[name] = (lpath, rpath)
        files[f"{name}.reverse"] = (rpath, lpath)
    return redline_views(files, redline, tmp)


def view_cases(names: Iterable[str], known: Mapping[tuple[str, str], str]) -> list[Any]:
    """The parameters (`name`, `view`) of a test judging each pair's Accept All and Reject All views:
    a strict expected failure where `known` gives the cause of a known wrong view (it fails when fixed)."""
    return [
        pytest.param(
            name,
            view,
            marks=[pytest.mark.xfail(strict=True, reason=known[name, view])] if (name, view) in known else [],
            id=f"{name}-{view}",
        )
        for name in names
        for view in ("accept", "reject")
    ]


def view_and_side(
    texts: Mapping[str, Any], view: str, lines: Callable[[str], list[str]]
) -> tuple[list[str], list[str]]:
    """Return a redline view's lines and those of the side it must read as (`redline_views`' texts): the right
    for Accept All, the left for Reject All, each cut into lines by `lines`."""
    return lines(texts[view]), lines(texts["right" if view == "accept" else "left"])
