# ruff: noqa: E501  (the UNO script is one string run by the system Python)
"""Word pairs nobody here wrote: documents of several producers, edited by a real editor (issue 13).

Sources: the corpus's Word files, pandoc's DOCX of corpus Markdown and reST, LibreOffice's DOCX of
corpus text, flat ODT and HTML (pandoc's HTML of corpus Markdown, so lists are real numbered lists),
a python-docx document (three-level numbering, a table with merged cells, header, footer, image) and
a LibreOffice-built one (outline-numbered headings, footnotes, a comment, a frame, a header).

Edits: each source is opened in LibreOffice through UNO, edited as a reviewer would — words reworded
inside a paragraph, a paragraph deleted, one inserted with its neighbour's style and list, one moved
far away (cut and paste through the clipboard's transferable), a paragraph split and two merged, a
numbered item's level changed, a word made bold, a table cell, the header and a footnote edited, a
footnote added — and stored as DOCX (`MS Word 2007 XML`). The edits are chosen by a seed, so a run
makes the same documents (not the same bytes: LibreOffice stamps dates and revision-session ids).

Pairs: (source, edited) — left and right of different producers when the source is not LibreOffice's
—, (LibreOffice's unedited round trip, edited) — one producer —, (edited, source) — the reverse
order —, and a few pairs of two versions of one policy written by two producers.

`python -m tests.docx_producers OUT` writes every pair to OUT/pairs/<name>/{left,right}.docx and a
list OUT/pairs.json; `--fixtures` writes the committed subset to tests/fixtures/docx_producers/.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
FIXTURES = Path(__file__).parent / "fixtures" / "docx_producers"

EDIT_SCRIPT = r'''
"""Open documents in LibreOffice, apply seeded edits, store them as DOCX. Jobs: [src, out, filter, edits, seed]."""
import json, os, random, signal, subprocess, sys, time
import uno
from com.sun.star.beans import PropertyValue

WORDS = ["promptly", "carefully", "designated", "written", "named", "senior", "local", "annual", "agreed", "relevant"]
SENTENCES = [
    "Staff record every concern in writing on the same day and tell the designated lead.",
    "The manager reviews this section each year with the committee and parents.",
    "Volunteers follow the same rules as paid staff while they are on site.",
    "Any breach of this policy is reported to the chair within two working days.",
]


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def body(doc):
    """Body paragraphs with text, in order, each with whether the next element is a paragraph."""
    out = []
    items = list(iterate(doc.Text))
    for i, item in enumerate(items):
        if item.supportsService("com.sun.star.text.Paragraph") and item.getString().strip():
            nxt = items[i + 1] if i + 1 < len(items) else None
            out.append((item, nxt is not None and nxt.supportsService("com.sun.star.text.Paragraph")))
    return out


def iterate(text):
    e = text.createEnumeration()
    while e.hasMoreElements():
        yield e.nextElement()


def word_spans(s):
    spans, i = [], 0
    for w in s.split(" "):
        if w.isalpha() and len(w) > 3:
            spans.append((i, w))
        i += len(w) + 1
    return spans


def select_word(text, para, rnd):
    s = para.getString()
    spans = word_spans(s)
    if len(spans) < 3:
        return None
    off, w = spans[rnd.randrange(1, len(spans) - 1)] if len(spans) > 2 else spans[0]
    c = text.createTextCursorByRange(para.getStart())
    c.goRight(off, False)
    c.goRight(len(w), True)
    return c if c.getString() == w else None


def text_of(text, para, rnd):
    """A cursor over one word of a header or footer paragraph (the last when it has only two)."""
    s = para.getString()
    spans = word_spans(s)
    off, w = spans[rnd.randrange(1, len(spans) - 1)] if len(spans) > 2 else spans[-1]
    c = text.createTextCursorByRange(para.getStart())
    c.goRight(off, False)
    c.goRight(len(w), True)
    return c if c.getString() == w else None


def reword_in(text, para, rnd):
    c = select_word(text, para, rnd)
    if c is None:
        return False
    c.setString(rnd.choice(WORDS))
    return True


def edit(doc, kind, rnd, log):
    text = doc.Text
    paras = body(doc)
    long = [p for p, _ in paras if len(word_spans(p.getString())) >= 4]
    if kind == "reword" and long:
        p = rnd.choice(long)
        for _ in range(rnd.choice([1, 2])):
            reword_in(text, p, rnd)
        return True
    if kind == "bold" and long:
        c = select_word(text, rnd.choice(long), rnd)
        if c is not None:
            c.CharWeight = 150.0
            return True
    if kind == "delete" and len(paras) > 4:
        p, _ = rnd.choice(paras[1:-1])
        p.dispose()
        return True
    if kind == "insert" and len(paras) > 2:
        p, _ = rnd.choice(paras[:-1])
        c = text.createTextCursorByRange(p.getEnd())
        text.insertControlCharacter(c, 0, False)
        text.insertString(c, rnd.choice(SENTENCES), False)
        return True
    if kind == "move" and len(paras) > 6:
        cands = [k for k in range(1, len(paras) - 1) if paras[k][1]]
        if not cands:
            return False
        i = rnd.choice(cands)
        j = (i + len(paras) // 2) % len(paras)
        p, q = paras[i][0], paras[j][0]
        ctrl = doc.getCurrentController()
        c = text.createTextCursorByRange(p.getStart())
        c.gotoEndOfParagraph(True)
        c.goRight(1, True)
        ctrl.select(c)
        moved = ctrl.getTransferable()
        p.dispose()
        ctrl.select(q.getStart())
        ctrl.insertTransferable(moved)
        return True
    if kind == "split" and long:
        p = rnd.choice(long)
        spans = word_spans(p.getString())
        off = spans[len(spans) // 2][0]
        c = text.createTextCursorByRange(p.getStart())
        c.goRight(off, False)
        text.insertControlCharacter(c, 0, False)
        return True
    if kind == "merge":
        cands = [p for p, nextpara in paras[:-1] if nextpara]
        if cands:
            p = rnd.choice(cands)
            c = text.createTextCursorByRange(p.getEnd())
            c.goRight(1, True)
            if c.getString() in ("\n", "\r\n", "\r", "\u2029"):
                c.setString(" ")
                return True
    if kind == "relevel":
        cands = [p for p, _ in paras if p.NumberingIsNumber]
        if cands:
            p = rnd.choice(cands)
            p.NumberingLevel = p.NumberingLevel + 1 if p.NumberingLevel < 2 else p.NumberingLevel - 1
            return True
    if kind == "cell" and doc.TextTables.getCount():
        t = doc.TextTables.getByIndex(rnd.randrange(doc.TextTables.getCount()))
        names = [n for n in t.getCellNames() if len(word_spans(t.getCellByName(n).getString())) >= 3]
        if names:
            cell = t.getCellByName(rnd.choice(names))
            for cp in iterate(cell.getText()):
                if cp.supportsService("com.sun.star.text.Paragraph") and len(word_spans(cp.getString())) >= 3:
                    return reword_in(cell.getText(), cp, rnd)
    if kind == "header":
        styles = doc.StyleFamilies.getByName("PageStyles")
        for name in styles.getElementNames():
            st = styles.getByName(name)
            for on, part in (("HeaderIsOn", "HeaderText"), ("FooterIsOn", "FooterText")):
                if getattr(st, on) and getattr(st, part) is not None:
                    for hp in iterate(getattr(st, part)):
                        if hp.supportsService("com.sun.star.text.Paragraph") and len(word_spans(hp.getString())) >= 2:
                            c = text_of(getattr(st, part), hp, rnd)
                            if c is not None:
                                c.setString(rnd.choice(WORDS))
                                return True
    if kind == "footnote" and doc.Footnotes.getCount():
        fn = doc.Footnotes.getByIndex(rnd.randrange(doc.Footnotes.getCount()))
        for fp in iterate(fn.getText() if hasattr(fn, "getText") else fn):
            if fp.supportsService("com.sun.star.text.Paragraph") and len(word_spans(fp.getString())) >= 3:
                return reword_in(fn, fp, rnd)
    if kind == "comment" and long:
        c = select_word(text, rnd.choice(long), rnd)
        if c is not None:
            note = doc.createInstance("com.sun.star.text.textfield.Annotation")
            note.Author, note.Content = "Reviewer", "Is this still right?"
            text.insertTextContent(c, note, True)
            return True
    if kind == "row" and doc.TextTables.getCount():
        t = doc.TextTables.getByIndex(rnd.randrange(doc.TextTables.getCount()))
        rows = t.getRows()
        if rows.getCount() > 2 and rnd.random() < 0.5:
            rows.removeByIndex(rows.getCount() - 1, 1)
            return True
        rows.insertByIndex(rows.getCount(), 1)
        last = rows.getCount()
        for n in t.getCellNames():
            if n.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ") == str(last):
                t.getCellByName(n).setString(rnd.choice(["Volunteer", "Student on placement", "Committee member"]))
        return True
    if kind == "addnote" and long:
        p = rnd.choice(long)
        fn = doc.createInstance("com.sun.star.text.Footnote")
        c = text.createTextCursorByRange(p.getEnd())
        text.insertTextContent(c, fn, False)
        fn.setString("See the staff handbook for the procedure.")
        return True
    return False


def main():
    soffice, profile, pipe, jobs = sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
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
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        log = []
        for src, out, filt, edits, seed in jobs:
            opts = (prop("Hidden", True),) + ((prop("FilterName", filt),) if filt else ())
            doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(src)), "_blank", 0, opts)
            rnd = random.Random(seed)
            done = []
            if edits[:1] == ["@track"]:  # edit with Track Changes on: the side carries its own revisions
                doc.RecordChanges = True
                edits = edits[1:]
            for kind in edits:
                if len([d for d in done if d in edits]) >= 5:
                    break
                try:
                    ok = edit(doc, kind, rnd, log)
                except Exception as e:
                    ok = False
                    done.append(f"{kind}!{type(e).__name__}")
                    continue
                done.append(kind if ok else f"{kind}?")
            doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(out)), (prop("FilterName", "MS Word 2007 XML"),))
            doc.close(True)
            log.append([out, done])
        sys.stdout.write(json.dumps(log))
        try:
            desktop.terminate()
        except Exception:
            pass
    finally:
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


main()
'''

BUILD_SCRIPT = r'''
def build(desktop, out):
    """A LibreOffice-built policy: outline-numbered headings, a three-level list, footnotes, a comment, a frame, a header."""
    doc = desktop.loadComponentFromURL("private:factory/swriter", "_blank", 0, (prop("Hidden", True),))
    text = doc.Text
    rules = doc.ChapterNumberingRules
    for level in range(2):
        props = list(rules.getByIndex(level))
        for p in props:
            if p.Name == "NumberingType":
                p.Value = 4  # ARABIC
            elif p.Name == "ParentNumbering":
                p.Value = level + 1
            elif p.Name == "Suffix":
                p.Value = " "
        uno.invoke(rules, "replaceByIndex", (level, uno.Any("[]com.sun.star.beans.PropertyValue", tuple(props))))
    c = text.createTextCursor()

    def para(s, style="Standard", level=None, note=None, comment=None):
        text.insertString(c, s, False)
        c.ParaStyleName = style
        if level is not None:
            c.NumberingStyleName = "Numbering 123"
            c.NumberingLevel = level
        if note:
            fn = doc.createInstance("com.sun.star.text.Footnote")
            text.insertTextContent(c, fn, False)
            fn.setString(note)
        if comment:
            a = doc.createInstance("com.sun.star.text.textfield.Annotation")
            a.Author, a.Content = "Reviewer", comment
            text.insertTextContent(c, a, False)
        text.insertControlCharacter(c, 0, False)
        c.ParaStyleName = "Standard"
        c.NumberingStyleName = ""

    para("Hilltop Kids Club Safeguarding Policy", "Title")
    para("Purpose of this policy", "Heading 1")
    para("This policy sets out how the club keeps every child safe while they are in our care.", note="Adopted by the committee in March 2024.")
    para("It applies to staff, volunteers, students on placement and committee members alike.", comment="Check the list of roles")
    para("Roles and responsibilities", "Heading 1")
    para("The designated safeguarding lead is the manager, supported by a named deputy.")
    para("The designated lead takes advice from the local authority when a concern is raised.", "List", 0)
    para("Concerns are recorded on the club's concern form within one working day.", "List", 1)
    para("The record is signed and dated by the person who made it.", "List", 2)
    para("Records are stored securely in a locked cabinet in the office.", "List", 1)
    para("Parents are told about concerns unless this would put the child at risk.", "List", 0)
    para("Training", "Heading 2")
    para("All staff complete safeguarding training before they start work with children.", note="The local authority course counts.")
    para("Refresher training takes place every two years for every member of staff.")
    para("Contacts", "Heading 1")
    t = doc.createInstance("com.sun.star.text.TextTable")
    t.initialize(3, 3)
    text.insertTextContent(c, t, False)
    for name, value in (("A1", "Role"), ("B1", "Name"), ("C1", "Telephone"), ("A2", "Designated lead"), ("B2", "Sam Green the manager"), ("C2", "01234 567890"), ("A3", "Deputy lead and chair of the committee"), ("C3", "01234 098765")):
        t.getCellByName(name).setString(value)
    cur = t.createCursorByCellName("A3")
    cur.goRight(1, True)
    cur.mergeRange()
    para("This policy is reviewed every year by the committee and shared with all parents.")
    f = doc.createInstance("com.sun.star.text.TextFrame")
    f.Width, f.Height = 6000, 1500
    text.insertTextContent(c, f, False)
    f.getText().setString("Call 999 in an emergency.")
    para("Closing words of the policy for the club and its families.")
    st = doc.StyleFamilies.getByName("PageStyles").getByName("Standard")
    st.HeaderIsOn = True
    st.HeaderText.setString("Hilltop Kids Club safeguarding policy version two")
    st.FooterIsOn = True
    st.FooterText.setString("Reviewed March 2024 by the committee")
    doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(out)), (prop("FilterName", "MS Word 2007 XML"),))
    doc.close(True)
'''

EDITS = (
    "reword",
    "delete",
    "insert",
    "move",
    "split",
    "merge",
    "relevel",
    "bold",
    "cell",
    "header",
    "footnote",
    "addnote",
)
MORE_EDITS = ("reword", "comment", "row", "delete", "insert", "split", "merge", "cell")
"""A fifth session's kinds: a comment added and a table row added or removed come first."""


def script() -> str:
    """The UNO script: the editor, with the builder of the LibreOffice-made source."""
    head, tail = EDIT_SCRIPT.split("\ndef main():")
    main = tail.replace(
        "            opts = (prop",
        '            if src == "@build":\n                build(desktop, out)\n                log.append([out, ["build"]])\n                continue\n            opts = (prop',
    )
    return head + BUILD_SCRIPT + "\n\ndef main():" + main


def run_uno(jobs: list[list[object]], tmp: Path, soffice: str, timeout: float = 1800) -> list[list[object]]:
    """Run the editor over jobs `[src, out, filter, edits, seed]` in one LibreOffice."""
    path = tmp / f"producers_{uuid.uuid4().hex}.py"
    path.write_text(script(), "utf-8")
    profile = (tmp / f"lo-{uuid.uuid4().hex}").as_uri()
    done = subprocess.run(
        ["/usr/bin/python3", str(path), soffice, profile, f"pdprod{uuid.uuid4().hex}", json.dumps(jobs)],
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    log: list[list[object]] = json.loads(done.stdout)
    return log


def python_docx_source(path: Path) -> Path:
    """A python-docx policy: three-level numbering (List Number with w:ilvl), merged cells, header, footer, image."""
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Inches
    from lxml import etree

    from .docx_pairs import png

    document = Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "Riverside Wraparound Care: Data Protection Policy"
    section.footer.paragraphs[0].text = "Reviewed by the trustees in September 2024"
    styles = document.styles.element
    num_id = styles.xpath('.//w:style[@w:styleId="ListNumber"]//w:numId/@w:val')[0]

    def item(text: str, level: int) -> None:
        paragraph = document.add_paragraph(text, style="List Number")
        ppr = paragraph._p.get_or_add_pPr()
        numpr = etree.SubElement(ppr, qn("w:numPr"))
        etree.SubElement(numpr, qn("w:ilvl")).set(qn("w:val"), str(level))
        etree.SubElement(numpr, qn("w:numId")).set(qn("w:val"), num_id)

    document.add_heading("Data Protection Policy", 0)
    document.add_heading("Why we hold information", 1)
    document.add_paragraph(
        "We hold information about children and families so that we can care for them safely."
    )
    document.add_paragraph("We only ask for what we need and we keep it no longer than the law requires.")
    for text, level in (
        ("Registration forms are kept for three years after a child leaves.", 0),
        ("Medical details are kept with the registration form in the office.", 1),
        ("Allergy lists are shown to staff who prepare food and nothing more.", 2),
        ("Emergency contacts are checked with parents every term by the manager.", 1),
        ("Accident records are kept until the child reaches twenty one.", 0),
        ("Staff files are kept for six years after a member of staff leaves.", 0),
        ("References are destroyed once the appointment is confirmed in writing.", 1),
    ):
        item(text, level)
    document.add_heading("Who can see records", 1)
    paragraph = document.add_paragraph("Only the manager and the ")
    paragraph.add_run("designated deputy").bold = True
    paragraph.add_run(" can open the locked cabinet where paper records are stored.")
    table = document.add_table(rows=3, cols=3)
    table.style = "Table Grid"
    for i, row in enumerate(
        (
            ("Record", "Kept by", "How long"),
            ("Registration forms and consents", "Manager", "Three years after leaving"),
            ("Accident and incident records kept together", "", "Until twenty one"),
        )
    ):
        for j, text in enumerate(row):
            if text:
                table.cell(i, j).text = text
    table.cell(2, 0).merge(table.cell(2, 1))
    document.add_paragraph("Parents may ask to see the records we hold about their own child at any time.")
    image = path.with_suffix(".png")
    image.write_bytes(png())
    document.add_picture(str(image), width=Inches(0.5))
    document.add_heading("Breaches", 1)
    document.add_paragraph(
        "A breach is reported to the trustees on the same day and to the regulator within three days."
    )
    document.add_paragraph("The manager keeps a log of every breach and of what was done about it.")
    document.save(str(path))
    return path


def sources(tmp: Path, pandoc: str | None) -> tuple[dict[str, Path], list[list[object]]]:
    """Source documents by name, and the LibreOffice jobs that make the rest of them (conversions, the built one)."""
    out: dict[str, Path] = dict(CORPUS_SOURCES)
    out["pydocx"] = python_docx_source(tmp / "pydocx.docx")
    jobs: list[list[object]] = []
    if pandoc:
        for name, src in (
            ("pandoc-safeguarding", CORPUS / "markdown" / "safeguarding-policy.md"),
            ("pandoc-rst", CORPUS / "rst" / "data-protection-policy.rst"),
            ("pandoc-covenant", CORPUS / "realworld" / "contributor-covenant-v2.0.md"),
            ("pandoc-cncf12", CORPUS / "realworld" / "cncf-coc-v1.2-2022.md"),
            ("pandoc-safeguarding4", CORPUS / "markdown" / "safeguarding-policy-v4.md"),
        ):
            subprocess.run([pandoc, str(src), "-o", str(tmp / f"{name}.docx")], check=True, timeout=120)
            out[name] = tmp / f"{name}.docx"
        for name, src in (
            ("lo-html-cncf13", CORPUS / "realworld" / "cncf-coc-v1.3-2026.md"),
            ("lo-html-attendance", CORPUS / "markdown" / "attendance-policy.md"),
            ("lo-html-safeguarding", CORPUS / "markdown" / "safeguarding-policy.md"),
        ):
            html = tmp / f"{name}.html"
            subprocess.run(
                [pandoc, str(src), "-s", "--metadata", "title=Policy", "-o", str(html)],
                check=True,
                timeout=120,
            )
            jobs.append([str(html), str(tmp / f"{name}.docx"), "HTML (StarWriter)", [], 0])
            out[name] = tmp / f"{name}.docx"
    for name, src, filt in (
        ("lo-text", CORPUS / "text" / "holmes-chapel-safeguarding.txt", "Text"),
        ("lo-fodt", CORPUS / "features" / "libreoffice-tracked.fodt", ""),
    ):
        jobs.append([str(src), str(tmp / f"{name}.docx"), filt, [], 0])
        out[name] = tmp / f"{name}.docx"
    jobs.append(["@build", str(tmp / "lo-built.docx"), "", [], 0])
    out["lo-built"] = tmp / "lo-built.docx"
    return out, jobs


def edits_for(seed: int, kinds: tuple[str, ...] = EDITS) -> list[str]:
    """A seeded reviewer's session: a reword, then edits of other kinds in a seeded order (the editor
    applies the first four that the document allows); with `MORE_EDITS`, the comment and the row first."""
    rnd = random.Random(seed)
    if kinds is MORE_EDITS:
        return [*kinds[:3], *rnd.sample(kinds[3:], len(kinds) - 3)]
    return ["reword", *rnd.sample(kinds[1:], len(kinds) - 1)]


def make(
    root: Path, soffice: str, pandoc: str | None, only: set[str] | None = None
) -> dict[str, tuple[Path, Path]]:
    """Make every pair (or the named ones) under root: {name: (left, right)}."""
    root.mkdir(parents=True, exist_ok=True)
    src, jobs = sources(root, pandoc)
    run_uno(jobs, root, soffice)
    edit_jobs: list[list[object]] = []
    made: dict[str, Path] = {}
    for n, (name, path) in enumerate(sorted(src.items())):
        if not name.startswith("lo-"):
            made[f"{name}.rt"] = root / f"{name}.rt.docx"
            edit_jobs.append([str(path), str(made[f"{name}.rt"]), "", [], 0])
        for k in (1, 2, 3):
            seed = 1000 * k + n
            made[f"{name}.e{k}"] = root / f"{name}.e{k}.docx"
            edit_jobs.append([str(path), str(made[f"{name}.e{k}"]), "", edits_for(seed), seed])
        seed = 5000 + n  # a comment and a table row first
        made[f"{name}.e5"] = root / f"{name}.e5.docx"
        edit_jobs.append([str(path), str(made[f"{name}.e5"]), "", edits_for(seed, MORE_EDITS), seed])
        seed = 4000 + n  # the same kind of session with Track Changes on
        made[f"{name}.t4"] = root / f"{name}.t4.docx"
        edit_jobs.append([str(path), str(made[f"{name}.t4"]), "", ["@track", *edits_for(seed)], seed])
    log = run_uno(edit_jobs, root, soffice)
    (root / "edits.json").write_text(json.dumps(log, indent=1), "utf-8")
    pairs: dict[str, tuple[Path, Path]] = {}
    for name, path in sorted(src.items()):
        pairs[f"{name}__e1"] = (path, made[f"{name}.e1"])
        pairs[f"{name}__e2"] = (path, made[f"{name}.e2"])
        pairs[f"{name}__e3"] = (path, made[f"{name}.e3"])
        pairs[f"{name}__t4"] = (path, made[f"{name}.t4"])
        pairs[f"{name}__e5"] = (path, made[f"{name}.e5"])
        pairs[f"{name}.t4__e1"] = (made[f"{name}.t4"], made[f"{name}.e1"])
        pairs[f"{name}.e1__src"] = (made[f"{name}.e1"], path)
        if f"{name}.rt" in made:
            pairs[f"{name}.rt__e1"] = (made[f"{name}.rt"], made[f"{name}.e1"])
        else:
            pairs[f"{name}.e1__e2"] = (made[f"{name}.e1"], made[f"{name}.e2"])
    if pandoc:
        for left, right in (
            ("pandoc-cncf12", "lo-html-cncf13"),
            ("lo-html-safeguarding", "pandoc-safeguarding4"),
            ("pandoc-safeguarding", "lo-html-safeguarding"),
            ("pandoc-safeguarding4", "lo-html-safeguarding.e1"),
        ):
            pairs[f"{left}__{right}"] = (src.get(left) or made[left], src.get(right) or made[right])
    pairs["word-jpac.rt__pandoc-kidspace"] = (made["word-jpac.rt"], src["pandoc-kidspace"])
    if only is not None:
        pairs = {k: v for k, v in pairs.items() if k in only}
    return pairs


CORPUS_SOURCES = {
    "word-jpac": CORPUS / "jpac" / "social-media-policy.docx",
    "word-numbered": CORPUS / "features" / "numbered.docx",
    "word-kitchen": CORPUS / "features" / "kitchen-sink.docx",
    "word-tracked": CORPUS / "features" / "tracked-changes.docx",
    "lo-saved": CORPUS / "features" / "libreoffice-saved.docx",
    "pandoc-kidspace": CORPUS / "kidspace" / "social-media-policy-pandoc.docx",
}

# The committed subset: {pair: (left, right)}, each a corpus source's name or a fixture file's stem.
FIXTURE_PAIRS: dict[str, tuple[str, str]] = {
    "pandoc-kidspace__e1": ("pandoc-kidspace", "pandoc-kidspace.e1"),
    "pandoc-kidspace_e1__src": ("pandoc-kidspace.e1", "pandoc-kidspace"),
    "word-jpac_rt__pandoc-kidspace": ("word-jpac.rt", "pandoc-kidspace"),
    "pydocx__e1": ("pydocx", "pydocx.e1"),
    "pydocx__e2": ("pydocx", "pydocx.e2"),
    "word-kitchen__e1": ("word-kitchen", "word-kitchen.e1"),
    "word-kitchen__e2": ("word-kitchen", "word-kitchen.e2"),
    "word-tracked__e1": ("word-tracked", "word-tracked.e1"),
    "word-numbered_rt__e1": ("word-numbered.rt", "word-numbered.e1"),
    "word-numbered__e2": ("word-numbered", "word-numbered.e2"),
    "word-jpac__e1": ("word-jpac", "word-jpac.e1"),
    "lo-saved__e2": ("lo-saved", "lo-saved.e2"),
    "lo-built__e1": ("lo-built", "lo-built.e1"),
    "lo-built__e2": ("lo-built", "lo-built.e2"),
    "lo-fodt_e1__e2": ("lo-fodt.e1", "lo-fodt.e2"),
    "pandoc-safeguarding__lo-html-safeguarding": ("pandoc-safeguarding", "lo-html-safeguarding"),
    "pandoc-covenant__e1": ("pandoc-covenant", "pandoc-covenant.e1"),
    "pandoc-covenant__e2": ("pandoc-covenant", "pandoc-covenant.e2"),
    # Spaces at a paragraph's edge (session 10): a merge with an empty paragraph, a rewording ending
    # at a split, a merge inside a link, a merge that typed a second space.
    "lo-text__e1": ("lo-text", "lo-text.e1"),
    "lo-html-safeguarding__e2": ("lo-html-safeguarding", "lo-html-safeguarding.e2"),
    "lo-html-cncf13_e1__src": ("lo-html-cncf13.e1", "lo-html-cncf13"),
    "word-kitchen__e3": ("word-kitchen", "word-kitchen.e3"),
    # A relevelled item holding a new note, written whole just before a table (session 10).
    "pandoc-rst__e3": ("pandoc-rst", "pandoc-rst.e3"),
    # A moved paragraph holding a note (session 10).
    "lo-built__e3": ("lo-built", "lo-built.e3"),
    # Session 11: a pandoc roman list an edit split (a restart at the item's own number); a note only
    # the left has in a wholly deleted paragraph, and after a kept paragraph holding one, a run of
    # deleted paragraphs and a list that only carried on another's count.
    "pandoc-rst__e1": ("pandoc-rst", "pandoc-rst.e1"),
    # Session 11: a moved paragraph holding a link, before a bullet.
    "pandoc-rst__e2": ("pandoc-rst", "pandoc-rst.e2"),
    "pydocx_t4__e1": ("pydocx.t4", "pydocx.e1"),
    "word-numbered_t4__e1": ("word-numbered.t4", "word-numbered.e1"),
    # Session 11: a heading with a typed number ("6. Records") run into the paragraph before it: a merge
    # (alignment, decision 0002), written whole so Reject All gives the number back.
    "pandoc-safeguarding4__e1": ("pandoc-safeguarding4", "pandoc-safeguarding4.e1"),
    # Edited with Track Changes on: the side carries LibreOffice's own revisions.
    "word-kitchen__t4": ("word-kitchen", "word-kitchen.t4"),
    "word-jpac__t4": ("word-jpac", "word-jpac.t4"),
    "word-numbered__t4": ("word-numbered", "word-numbered.t4"),
    "pandoc-kidspace_t4__e1": ("pandoc-kidspace.t4", "pandoc-kidspace.e1"),
    "lo-html-attendance_t4__e1": ("lo-html-attendance.t4", "lo-html-attendance.e1"),
}


def fixture(stem: str) -> Path:
    """The committed file of a fixture pair's side (a corpus source stays in the corpus)."""
    return CORPUS_SOURCES.get(stem) or FIXTURES / f"{stem}.docx"


def write_fixtures(root: Path, soffice: str, pandoc: str) -> None:
    """Make every document and copy the committed subset's files to tests/fixtures/docx_producers/."""
    make(root, soffice, pandoc)
    FIXTURES.mkdir(parents=True, exist_ok=True)
    for left, right in FIXTURE_PAIRS.values():
        for stem in (left, right):
            if stem not in CORPUS_SOURCES:
                shutil.copyfile(root / f"{stem}.docx", FIXTURES / f"{stem}.docx")


if __name__ == "__main__":
    out = Path(sys.argv[1]).resolve()
    soffice, pandoc = shutil.which("soffice") or "soffice", shutil.which("pandoc")
    if "--fixtures" in sys.argv[2:]:
        write_fixtures(out, soffice, pandoc or "pandoc")
    else:
        found = make(out, soffice, pandoc)
        pairs = {k: [str(a), str(b)] for k, (a, b) in found.items()}
        (out / "pairs.json").write_text(json.dumps(pairs, indent=1), "utf-8")
        print(len(found), "pairs")
