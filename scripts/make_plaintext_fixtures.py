"""Make the plain-text fixtures of `tests/fixtures/plaintext/`: one numbered policy, in a 2024 version and
an annual review (2025: three clauses reworded, one inserted so that the later numbers shift, another font
size and margin so that every line wraps and every page breaks elsewhere), laid out as real producers write
plain text:

- printed to PDF by Chromium (`--headless --print-to-pdf`, a running header and "Page N of M" footer from
  CSS page-margin boxes) and extracted by poppler's `pdftotext`, with and without `-layout`;
- Word's "Save as Plain Text" with "Insert line breaks" (CRLF, lines wrapped at 66 and 75 characters, list
  numbers and bullets followed by a tab, table cells separated by tabs, a contents list with page numbers),
  written by hand from Word's known behaviour.

The wording is the real policies' of `corpus/text/holmes-chapel-safeguarding.txt` and
`corpus/text/sunnyside-visitors.txt`. Run from the repository root:
`python scripts/make_plaintext_fixtures.py` (needs `chromium` and `pdftotext` for the PDF files; they are
skipped with a message when missing).
"""

from __future__ import annotations

import html
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "plaintext"

# (kind, label, text): title, h (a numbered heading), p, n (a numbered clause), s (a lettered sub-item),
# b (a bullet), table (rows of cells).
V2024: list[tuple[str, str | None, object]] = [
    ("title", None, "Holmes Chapel Pre-School Safeguarding Policy"),
    (
        "p",
        None,
        "Holmes Chapel Pre-School believes that every child has the right to be safe, to be listened "
        "to and to grow up free from harm. This policy sets out how the Pre-School keeps children "
        "safe and what every adult working with us must do when they are worried about a child.",
    ),
    ("h", "1", "Scope"),
    (
        "n",
        "1.1",
        "This policy applies to all staff, students on placement, volunteers and committee members of"
        " Holmes Chapel Pre-School, whether they work with children every day or only now and then, "
        "and to any visitor who is left in charge of a group.",
    ),
    (
        "n",
        "1.2",
        "It should be read with the Local Safeguarding Children Partnership procedures and the "
        "guidance in Working Together to Safeguard Children 2023.",
    ),
    ("h", "2", "Designated Safeguarding Lead"),
    (
        "n",
        "2.1",
        "The Designated Safeguarding Lead (DSL) is the Pre-School Manager. When the DSL is away, the "
        "Deputy Manager acts as DSL. Both have completed the Local Authority's designated lead "
        "training within the last two years and refresh it every two years.",
    ),
    (
        "n",
        "2.2",
        "Parents can speak to the DSL about any concern at the start or end of a session, or by "
        "telephone on 01477 000000.",
    ),
    ("h", "3", "Recognising concerns"),
    (
        "n",
        "3.1",
        "Staff are trained to recognise the signs of abuse and neglect, including physical abuse, "
        "emotional abuse, sexual abuse, neglect, domestic abuse, female genital mutilation, "
        "radicalisation and child exploitation. Training is refreshed every year and recorded on each"
        " person's file.",
    ),
    ("n", "3.2", "Signs that may give cause for concern include:"),
    (
        "b",
        None,
        "unexplained bruises, burns or injuries, particularly in places where a child would not "
        "usually be hurt at play",
    ),
    ("b", None, "a child who is often hungry, tired, unwashed or dressed unsuitably for the weather"),
    (
        "b",
        None,
        "changes in behaviour, such as becoming withdrawn, anxious or aggressive without an obvious reason",
    ),
    ("b", None, "a child saying something that suggests they have been harmed or are at risk of harm"),
    (
        "n",
        "3.3",
        "Staff who are worried about a child tell the DSL on the same day and write down what they "
        "saw and heard.",
    ),
    ("h", "4", "Responding to a disclosure"),
    ("n", "4.1", "If a child tells a member of staff about something that has happened to them, the adult:"),
    ("s", "(a)", "listens calmly and does not ask leading questions;"),
    ("s", "(b)", "does not promise to keep a secret, and reassures the child that they were right to tell;"),
    ("s", "(c)", "explains that they will need to pass the information on to someone who can help."),
    (
        "n",
        "4.2",
        "The adult writes down what the child said, in the child's own words, as soon as possible and"
        " on the same day, with the date, the time and their signature, and gives the record to the "
        "DSL before leaving the building.",
    ),
    ("h", "5", "Making a referral"),
    (
        "n",
        "5.1",
        "The DSL decides whether to make a referral to Cheshire East Children's Services, using the "
        "Multi-Agency Safeguarding Hub (MASH) on 0300 123 5012. Where a child is in immediate danger,"
        " staff call the police on 999 without waiting for the DSL.",
    ),
    (
        "n",
        "5.2",
        "Allegations against a member of staff or a volunteer are reported to the Local Authority "
        "Designated Officer (LADO) within one working day.",
    ),
    (
        "n",
        "5.3",
        "Ofsted is informed of any allegation of serious harm or abuse by any person living, working "
        "or looking after children at the premises, within 14 days.",
    ),
    (
        "table",
        None,
        [
            ["Contact", "Telephone", "When"],
            ["MASH (Cheshire East)", "0300 123 5012", "Weekdays 8.30 to 5"],
            ["Emergency Duty Team", "0300 123 5022", "Evenings and weekends"],
            ["Police", "999", "A child in immediate danger"],
        ],
    ),
    ("h", "6", "Visitors and security"),
    (
        "n",
        "6.1",
        "All visitors, including parents attending a meeting, contractors, inspectors and students, "
        "must ring the bell and wait to be let in by a member of staff. Nobody is admitted until a "
        "member of staff has checked who they are and why they have come.",
    ),
    (
        "n",
        "6.2",
        "Every visitor signs the visitors' book on arrival, giving their name, organisation, the time"
        " of arrival and the name of the person they are visiting, and signs out again when they "
        "leave.",
    ),
    (
        "n",
        "6.3",
        "Visitors wear a red lanyard at all times while they are on the premises. A visitor who has "
        "not been checked through the Disclosure and Barring Service is never left alone with a child"
        " and never takes a child to the toilet.",
    ),
    (
        "n",
        "6.4",
        "Children are only released to adults named on their registration form. If a parent wants "
        "someone else to collect their child, they tell us in writing or by telephone, and give a "
        "password that the person collecting must say before the child is released.",
    ),
    ("h", "7", "Review"),
    (
        "n",
        "7.1",
        "This policy was adopted at a meeting of Holmes Chapel Pre-School committee and is reviewed "
        "every year, or sooner if the law or local guidance changes.",
    ),
]


def review(doc: list[tuple[str, str | None, object]]) -> list[tuple[str, str | None, object]]:
    """Return the 2025 review of `doc`: 2.2, 5.2 and 6.3 reworded, a clause inserted as 6.2."""
    reworded = {
        "2.2": "Parents can speak to the DSL about any concern at the start or end of a session, "
        "by telephone on 01477 000000 or by e-mail.",
        "5.2": "Allegations against a member of staff or a volunteer are reported to the Local Authority "
        "Designated Officer (LADO) on the same working day.",
        "6.3": "Visitors wear a yellow lanyard at all times while they are on the premises. A visitor who "
        "has not been checked through the Disclosure and Barring Service is never left alone with a child "
        "and never takes a child to the toilet.",
    }
    out: list[tuple[str, str | None, object]] = []
    for kind, label, text in doc:
        text = reworded.get(label or "", text)
        if kind == "n" and label and label.startswith("6.") and label != "6.1":
            label = "6." + str(int(label[2:]) + 1)
        out.append((kind, label, text))
        if label == "6.1":
            out.append(
                (
                    "n",
                    "6.2",
                    "Contractors are booked for times when the club is closed wherever possible, and tools, "
                    "ladders and materials are kept out of the children's reach.",
                )
            )
    return out


def page(doc: list[tuple[str, str | None, object]], version: str, size: int, margin: int) -> str:
    """Return `doc` as an HTML page for Chromium to print: typed clause numbers and bullets in a hanging
    indent (as Word's PDF export lays them out), lettered sub-items from a CSS counter, a table."""
    e = html.escape
    out = [
        f"""<!doctype html><html><head><meta charset="utf-8"><title>Safeguarding Policy</title>
<style>
@page {{ size: A4; margin: 22mm {margin}mm 22mm {margin}mm;
  @top-center {{ content: "Holmes Chapel Pre-School \\2013  Safeguarding Policy ({version})";
    font: 9pt serif; }}
  @bottom-center {{ content: "Page " counter(page) " of " counter(pages); font: 9pt serif; }} }}
body {{ font: {size}pt/1.35 'DejaVu Serif', serif; }}
h1 {{ font-size: 1.5em; }} h2 {{ font-size: 1.15em; margin-top: 1.2em; }}
p.n {{ margin-left: 3em; text-indent: -3em; }}
p.n span {{ display: inline-block; width: 3em; text-indent: 0; }}
@counter-style paren {{ system: alphabetic; symbols: a b c d e f; prefix: "("; suffix: ") "; }}
ol.sub {{ list-style: paren; margin-left: 3em; }}
table {{ border-collapse: collapse; }} td, th {{ border: 1px solid #444; padding: 3px 6px; }}
</style></head><body>"""
    ]
    i = 0
    while i < len(doc):
        kind, label, text = doc[i]
        if kind == "title":
            out.append(f"<h1>{e(str(text))}</h1>")
        elif kind == "h":
            out.append(f"<h2>{label}&nbsp;&nbsp;{e(str(text))}</h2>")
        elif kind == "p":
            out.append(f"<p>{e(str(text))}</p>")
        elif kind == "n":
            out.append(f'<p class="n"><span>{label}</span>{e(str(text))}</p>')
        elif kind == "b":
            out.append(f'<p class="n"><span>\u2022</span>{e(str(text))}</p>')
        elif kind == "s":
            out.append('<ol class="sub">')
            while i < len(doc) and doc[i][0] == "s":
                out.append(f"<li>{e(str(doc[i][2]))}</li>")
                i += 1
            out.append("</ol>")
            continue
        elif kind == "table":
            out.append("<table>")
            for r, row in enumerate(text):  # type: ignore[arg-type]
                t = "th" if r == 0 else "td"
                out.append("<tr>" + "".join(f"<{t}>{e(c)}</{t}>" for c in row) + "</tr>")
            out.append("</table>")
        i += 1
    out.append("</body></html>")
    return "\n".join(out)


def word_text(doc: list[tuple[str, str | None, object]], wrap: int, version: str) -> str:
    """Return `doc` as Word's "Save as Plain Text" writes it with "Insert line breaks" at `wrap`."""
    out: list[str] = [str(doc[0][2]), "Contents"]
    headings = [(label, text) for kind, label, text in doc if kind == "h"]
    out += [f"{label}.\t{text}\t{n}" for n, (label, text) in enumerate(headings, 1)]
    for kind, label, text in doc[1:]:
        if kind == "h":
            out.append(f"{label}.\t{text}")
        elif kind == "table":
            out += ["\t".join(row) for row in text]  # type: ignore[union-attr]
        else:
            lead = {"p": "", "n": f"{label}\t", "s": f"{(label or '').strip('()')})\t", "b": "\u2022\t"}[kind]
            out += textwrap.wrap(lead + str(text), wrap, break_on_hyphens=False)
    out.append(f"Version {version}. Next review: 1. September {int(version) + 1}")
    return "\r\n".join(out) + "\r\n"


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    versions = (("2024", V2024, 12, 20, 66), ("2025", review(V2024), 11, 25, 75))
    for year, doc, _, _, wrap in versions:
        (OUT / f"safeguarding-{year}.word-wrapped.txt").write_bytes(word_text(doc, wrap, year).encode())
    chromium, pdftotext = shutil.which("chromium"), shutil.which("pdftotext")
    if not chromium or not pdftotext:
        print("chromium or pdftotext missing: the PDF extractions were not made", file=sys.stderr)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        for year, doc, size, margin, _ in versions:
            source, pdf = Path(tmp, f"{year}.html"), Path(tmp, f"{year}.pdf")
            source.write_text(page(doc, year, size, margin), encoding="utf-8")
            subprocess.run(
                [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                 f"--print-to-pdf={pdf}", source.as_uri()],
                check=True, capture_output=True, timeout=300,
            )  # fmt: skip
            subprocess.run([pdftotext, str(pdf), str(OUT / f"safeguarding-{year}.pdftotext.txt")], check=True)
            layout = OUT / f"safeguarding-{year}.pdftotext-layout.txt"
            subprocess.run([pdftotext, "-layout", str(pdf), str(layout)], check=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
