"""Generate a synthetic policy pair with known edits: `left.txt`, `right.txt` and `truth.json`.

A policy is a title line, an introduction, then sections: a heading, paragraphs (1–3 sentences,
about 12–40 words), and now and then a lead-in paragraph ending with a colon followed by a bullet
list (`- item`). Sentences come from templates over a policy vocabulary, so clauses are distinct.

The right-hand side is the left with known edits, all recorded in `truth.json` with policydiff's
clause ids (`c1` is the title; one clause per heading, paragraph and list item):

- `edited`: clauses reworded in place by a few word substitutions, insertions and deletions, with
  the number of deleted, inserted and changed (= deleted + inserted) words, counted as `\\w+` runs;
- `moved`: a clause moved to another section, half of them lightly reworded;
- `removed`, `added`: whole clauses gone, or new text;
- `split` (one paragraph → two at a sentence boundary) and `merged` (two neighbouring paragraphs → one);
- `unchanged`: every other clause, as `[left, right]` id pairs.

Rates: about 10% of body clauses edited, 1% moved, 1% removed, 1% added, 0.3% split, 0.3% merged
(at least one of each). The same `--clauses`, `--seed` and `--shape` always give the same files.

`--shape real` writes the same kind of pair in the shape of real policies as text is extracted from
Word (issue 16): one clause per line with no blank lines, list items bulleted `*`, `-` or `·` (one
mark per list), about 16 % of lines holding non-ASCII characters (dashes, curly quotes, £, accented
words), a label with a colon opening many paragraphs ("Note: …", "Timescale: …"), paragraphs of one or
two sentences built from the same stock phrases (few rare words), and moves that are verbatim and far
away (median distance 1,750 clauses, or as far as a small document allows).

    python benchmarks/generate.py --clauses 500 --seed 1 --out DIR [--shape real]
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import random
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FORMAT = "policydiff.benchmark-truth"
VERSION = 1

_WORD = re.compile(r"\w+")

SUBJECTS = [
    "The designated safeguarding lead",
    "The setting manager",
    "Every member of staff",
    "The data protection officer",
    "Each volunteer",
    "The deputy manager",
    "The board of trustees",
    "The office administrator",
    "Each room leader",
    "The finance officer",
    "The health and safety coordinator",
    "Any contractor working on site",
    "The key person",
    "The chair of the management committee",
    "Each senior leader",
    "The human resources team",
    "Any agency worker",
    "The nominated individual",
    "Every practitioner",
    "The site supervisor",
    "Any visiting professional",
    "The compliance officer",
    "The registered provider",
    "The duty manager",
    "Each line manager",
    "The records clerk",
    "The welfare officer",
    "The systems administrator",
    "The catering supervisor",
    "Each student on placement",
    "The premises officer",
    "The lead practitioner",
]
MODALS = ["must", "should", "will", "shall", "may", "must always", "is expected to", "is required to"]
MODALS_PLURAL = [
    "must",
    "should",
    "will",
    "shall",
    "may",
    "must always",
    "are expected to",
    "are required to",
]
NEGATED = ["must not", "should not", "will not", "shall not", "may not", "is not permitted to", "must never"]
VERBS = [
    "record",
    "review",
    "report",
    "retain",
    "share",
    "disclose",
    "check",
    "update",
    "store",
    "destroy",
    "monitor",
    "approve",
    "escalate",
    "document",
    "verify",
    "archive",
    "audit",
    "assess",
    "investigate",
    "inspect",
    "secure",
    "maintain",
    "log",
    "countersign",
    "circulate",
    "scan",
    "file",
    "reconcile",
    "redact",
    "summarise",
    "collate",
    "photocopy",
    "validate",
    "index",
    "label",
    "retrieve",
    "catalogue",
    "forward",
    "transcribe",
    "encrypt",
    "back up",
    "sign off",
    "cross check",
    "digitise",
    "examine",
]
GERUNDS = [
    "recording",
    "reviewing",
    "reporting",
    "retaining",
    "sharing",
    "checking",
    "updating",
    "storing",
    "monitoring",
    "approving",
    "documenting",
    "verifying",
    "archiving",
    "auditing",
    "assessing",
    "inspecting",
    "securing",
    "maintaining",
    "circulating",
    "reconciling",
]
OBJECTS = [
    "personal information about children",
    "attendance registers",
    "incident reports",
    "medication records",
    "accident forms",
    "staff training records",
    "visitor logs",
    "emergency contact details",
    "risk assessments",
    "complaints received from parents",
    "financial transactions",
    "photographs taken on site",
    "allegations against staff",
    "safeguarding concerns",
    "dietary requirements",
    "consent forms",
    "fire drill records",
    "supervision notes",
    "employment references",
    "disclosure certificates",
    "collection passwords",
    "lost property",
    "cleaning schedules",
    "first aid supplies",
    "outing plans",
    "daily registers",
    "keyholder lists",
    "insurance documents",
    "payroll records",
    "sickness absence records",
    "email correspondence",
    "login credentials",
    "mobile devices",
    "paper files",
    "learning journals",
    "allergy information",
    "invoices and receipts",
    "maintenance requests",
    "court orders",
    "transition reports",
    "key safe codes",
    "observation notes",
    "parental agreements",
    "contracts of employment",
    "health care plans",
    "intimate care records",
    "registers of visitors",
    "petty cash vouchers",
    "gas safety certificates",
    "legionella test results",
    "minutes of staff meetings",
    "subject access requests",
    "home visit notes",
    "pest control reports",
    "electrical test records",
    "uncollected child logs",
    "bank statements",
    "grievance notes",
    "disciplinary records",
    "vehicle checks",
    "security alarm logs",
    "food temperature logs",
    "lone working plans",
    "sun protection consents",
    "nappy changing records",
    "sleep check charts",
    "referral forms",
    "early help assessments",
    "progress summaries",
    "funding claims",
]
OBJECT_TAILS = [
    "for each room",
    "kept off site",
    "from the previous term",
    "relating to funded places",
    "held by the office",
    "for children with additional needs",
    "for the holiday club",
    "from partner agencies",
    "on the shared drive",
    "for new starters",
    "for the breakfast club",
    "in the staff room",
    "for every outing",
    "from the local authority",
    "received by post",
    "for the current year",
]
TIMEFRAMES = [
    "within twenty four hours",
    "at the end of each session",
    "before the start of every term",
    "as soon as reasonably practicable",
    "on a weekly basis",
    "within five working days",
    "at least once a year",
    "before any outing takes place",
    "whenever circumstances change",
    "without undue delay",
    "every month",
    "during the induction period",
    "at each supervision meeting",
    "before the information is shared",
    "at the next team meeting",
    "by the end of the working day",
    "within ten days of the request",
    "every six months",
    "at the start of each day",
    "before the child is collected",
    "within one working week",
    "at every handover",
    "before the annual inspection",
    "each time a concern is raised",
    "at the close of business",
    "within forty eight hours",
    "on the first day of each month",
    "before staff go on leave",
    "at the end of every term",
    "within two weeks of a change",
]
CONDITIONS = [
    "a child is collected late",
    "a parent withdraws consent",
    "an allegation is made",
    "information is requested by an outside agency",
    "a data breach is suspected",
    "a member of staff leaves",
    "equipment is found to be faulty",
    "a complaint cannot be resolved informally",
    "an accident occurs on the premises",
    "a visitor arrives without notice",
    "the setting closes unexpectedly",
    "a child shows signs of harm",
    "medication is administered",
    "records are no longer needed",
    "a new child joins the setting",
    "a parent asks to see their file",
    "the police make an enquiry",
    "a device is lost or stolen",
    "an outing is cancelled",
    "a contractor needs access",
]
APPROVALS = [
    "the written agreement of the manager",
    "prior consent from parents",
    "authorisation from the board",
    "a documented risk assessment",
    "advice from the local authority",
    "checking the retention schedule",
    "a second signature",
    "a record of the reason",
    "informing the designated lead",
    "the approval of the trustees",
]
MANNERS = [
    "securely",
    "promptly",
    "accurately",
    "confidentially",
    "consistently",
    "carefully",
    "fairly",
    "lawfully",
    "clearly",
    "in full",
    "in writing",
    "discreetly",
]
PURPOSES = [
    "so that the setting meets its legal obligations",
    "in order to protect the welfare of children",
    "to ensure that parents are kept informed",
    "so that any concerns can be acted upon quickly",
    "in line with current legislation",
    "to support the continuous improvement of practice",
    "so that inspectors can see a complete history",
    "to reduce the risk of harm",
    "so that funding claims can be checked",
    "to keep disruption to a minimum",
]
STORAGE = [
    "kept in a locked cabinet",
    "held on the secure network drive",
    "retained for the period set out in the schedule",
    "shredded once they are no longer required",
    "stored away from public areas",
    "protected by a strong password",
    "signed and dated by the person responsible",
    "available to inspectors on request",
]
KEEP = [
    "in a locked cabinet",
    "on the secure network drive",
    "for the period set out in the schedule",
    "away from public areas",
    "behind a strong password",
    "available to inspectors on request",
]
PLURALS = [
    "records",
    "reports",
    "forms",
    "registers",
    "logs",
    "notes",
    "files",
    "certificates",
    "statements",
    "agreements",
]
QUALIFIERS = [
    "relating to children",
    "held by the setting",
    "about staff",
    "created during sessions",
    "received from other agencies",
    "kept in the office",
    "shared with parents",
    "used for outings",
]
PARTICIPLES = [
    "completed",
    "checked",
    "countersigned",
    "filed",
    "reviewed",
    "logged",
    "scanned",
    "dated",
    "witnessed",
    "archived",
]
TOPICS = [
    "Records",
    "Medication",
    "Visitors",
    "Outings",
    "Photography",
    "Complaints",
    "Attendance",
    "Accidents",
    "Allegations",
    "Confidentiality",
    "Data Sharing",
    "Fire Safety",
    "First Aid",
    "Supervision",
    "Recruitment",
    "Induction",
    "Late Collection",
    "Missing Children",
    "Mobile Phones",
    "Online Safety",
    "Food Hygiene",
    "Allergies",
    "Premises Security",
    "Lone Working",
    "Whistleblowing",
    "Training",
    "Inclusion",
    "Behaviour",
    "Transitions",
    "Payments",
]
HEADING_FORMS = [
    "{t}",
    "Managing {t}",
    "{t} Procedures",
    "Responsibilities for {t}",
    "Reporting {t}",
    "{t} and Retention",
    "Checking {t}",
    "{t} in Practice",
    "Sharing {t}",
    "Guidance on {t}",
]
TITLES = [
    "Records Management and Safeguarding Policy",
    "Data Protection and Confidentiality Policy",
    "Health and Safety Procedures",
    "Staff Conduct and Supervision Policy",
]
# Words a light rewording swaps in; a modal swap is the classic substantive edit.
SYNONYMS = {
    "must": "should",
    "should": "must",
    "will": "may",
    "may": "will",
    "shall": "must",
    "promptly": "quickly",
    "securely": "safely",
    "records": "files",
    "parents": "carers",
    "staff": "employees",
    "children": "pupils",
    "manager": "supervisor",
    "report": "notify",
    "review": "examine",
    "check": "confirm",
    "weekly": "monthly",
    "written": "signed",
    "locked": "secure",
    "every": "each",
    "within": "inside",
}
EXTRA_WORDS = [
    "all",
    "any",
    "relevant",
    "formal",
    "appropriate",
    "promptly",
    "always",
    "only",
    "full",
    "clearly",
    "also",
    "immediately",
    "properly",
    "current",
    "named",
    "senior",
]


@dataclass
class Block:
    """One clause of a generated policy: its kind, text and where it came from on the left."""

    kind: str  # title | heading | intro | p | lead | li
    text: str
    lids: tuple[int, ...] = ()
    tag: str = "unchanged"  # unchanged | edited | moved | split | merged | added
    deleted: int = 0
    inserted: int = 0
    ops: list[str] = field(default_factory=list)

    @property
    def body(self) -> bool:
        return self.kind in ("p", "li")


def count_words(text: str) -> int:
    """Return the number of words in `text` as policydiff's tokenizer counts them (`\\w+` runs)."""
    return len(_WORD.findall(text))


class _Writer:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def pick(self, items: list[str]) -> str:
        return self.rng.choice(items)

    def obj(self) -> str:
        if self.rng.random() < 0.4:
            return f"{self.pick(OBJECTS)} {self.pick(OBJECT_TAILS)}"
        return self.pick(OBJECTS)

    def sentence(self) -> str:
        r, p, o = self.rng, self.pick, self.obj
        form = r.randrange(6)
        if form == 0:
            s = f"{p(SUBJECTS)} {p(MODALS)} {p(VERBS)} {o()} {p(TIMEFRAMES)}"
        elif form == 1:
            subject = p(SUBJECTS)
            subject = subject[0].lower() + subject[1:]
            s = f"Where {p(CONDITIONS)}, {subject} {p(MODALS)} {p(VERBS)} {o()} {p(MANNERS)}"
        elif form == 2:
            s = f"{p(SUBJECTS)} {p(NEGATED)} {p(VERBS)} {o()} without {p(APPROVALS)}"
        elif form == 3:
            s = (
                f"All {p(PLURALS)} {p(QUALIFIERS)} {p(MODALS_PLURAL)} be {p(PARTICIPLES)} {p(MANNERS)} "
                f"and {p(STORAGE)}"
            )
        elif form == 4:
            s = f"{p(SUBJECTS)} is responsible for {p(GERUNDS)} {o()} {p(PURPOSES)}"
        else:
            s = (
                f"If {p(CONDITIONS)}, {o()} {p(MODALS_PLURAL)} be {p(PARTICIPLES)} {p(TIMEFRAMES)} "
                f"{p(PURPOSES)}"
            )
        return s + "."

    def paragraph(self) -> str:
        target = self.rng.randint(12, 40)
        sentences = [self.sentence()]
        while len(sentences) < 3 and count_words(" ".join(sentences)) < target:
            sentences.append(self.sentence())
        return " ".join(sentences)

    def lead_in(self) -> str:
        if self.rng.random() < 0.5:
            return f"{self.pick(SUBJECTS)} {self.pick(MODALS)} make sure that {self.obj()} are:"
        return f"Where {self.pick(CONDITIONS)}, staff {self.pick(NEGATED)}:"

    def item(self) -> str:
        verb = self.pick(VERBS)
        manner = f" {self.pick(MANNERS)}" if self.rng.random() < 0.3 else ""
        text = f"{verb[0].upper()}{verb[1:]} {self.obj()}{manner} {self.pick(TIMEFRAMES)}"
        if self.rng.random() < 0.4:
            text += f" and keep them {self.pick(KEEP)}"
        return text + self.pick([";", "."])

    def heading(self) -> str:
        return self.pick(HEADING_FORMS).format(t=self.pick(TOPICS))


SHAPES = ("generated", "real")
"""The data shapes `--shape` takes: the original generator's, and real policies' (issue 16)."""
LABELS = ["Note", "Responsibility", "Timescale", "Action", "Scope", "Records", "Important", "Purpose"]
NON_ASCII = [
    " – see the staff handbook",
    " for the café and kitchen areas",
    " as “soon as possible”",
    " up to £50 a term",
    " · reviewed annually",
    " avoiding naïve assumptions",
    " at 5 °C or below",
    " — no exceptions",
]
"""Tails that put non-ASCII characters into a line without gluing them to a word the rewording edits."""
BULLETS = ["* ", "- ", "· "]
MOVE_DISTANCE = 1750
"""Median distance (in clauses) of a real-shaped move: what the real corpus shows for verbatim moves."""


class _RealWriter(_Writer):
    """Clauses shaped like real policies: short paragraphs, labels with colons, some non-ASCII."""

    def _dress(self, text: str, label: bool) -> str:
        rng = self.rng
        if label and rng.random() < 0.3:
            text = f"{self.pick(LABELS)}: {text[0].lower()}{text[1:]}"
        if rng.random() < 0.1 and text[-1:] in ".;":  # with the `·` bullets, about 16 % of lines
            text = text[:-1] + self.pick(NON_ASCII) + text[-1]
        return text

    def paragraph(self) -> str:
        sentences = [self.sentence()]
        if self.rng.random() < 0.35:
            sentences.append(self.sentence())
        return self._dress(" ".join(sentences), label=True)

    def item(self) -> str:
        return self._dress(super().item(), label=False)

    def lead_in(self) -> str:
        text = super().lead_in()
        return f"{text[:-1]} – as follows:" if self.rng.random() < 0.1 else text


def _left_policy(clauses: int, w: _Writer) -> list[list[Block]]:
    """Return the left policy as sections of blocks (section 0: title and introduction)."""
    rng = w.rng
    sections = [[Block("title", w.pick(TITLES)), Block("intro", w.paragraph())]]
    count = 2
    while count < clauses:
        remaining = clauses - count
        size = min(remaining, rng.randint(4, 11))
        if remaining - size == 1:
            size += 1  # no one-clause section (a heading alone) at the end
        section = [Block("heading", w.heading())]
        while len(section) < size:
            left = size - len(section)
            # The first body clause is always a paragraph.
            if len(section) > 1 and left >= 4 and rng.random() < 0.3:
                section.append(Block("lead", w.lead_in()))
                section.extend(Block("li", w.item()) for _ in range(rng.randint(3, min(6, left - 1))))
            else:
                section.append(Block("p", w.paragraph()))
        sections.append(section)
        count += len(section)
    flat = [b for s in sections for b in s]
    for index, block in enumerate(flat):
        block.lids = (index,)
    return sections


def _reword(text: str, rng: random.Random, n_ops: int) -> tuple[str, int, int, list[str]]:
    """Return `text` with `n_ops` word edits at distinct places, and the words deleted and inserted."""
    words = text.split(" ")
    # Never the first word (keeps the capital) nor a word carrying punctuation at a deletion.
    places = list(range(1, len(words)))
    rng.shuffle(places)
    deleted = inserted = 0
    ops: list[str] = []
    slots: list[list[str]] = [[w] for w in words]
    for place in places[:n_ops]:
        word = words[place]
        core = _WORD.match(word)
        kind = rng.choice(["sub", "sub", "ins", "del"])
        if kind == "del" and (core is None or core.group(0) != word):
            kind = "sub"
        if kind == "sub" and core is None:
            kind = "ins"
        if kind == "sub":
            assert core is not None
            old = core.group(0)
            new = SYNONYMS.get(old.lower())
            if new is None:
                new = rng.choice([x for x in EXTRA_WORDS if x != old.lower()])
            slots[place] = [new + word[core.end() :]]
            deleted += count_words(old)
            inserted += count_words(new)
        elif kind == "ins":
            new = rng.choice([x for x in EXTRA_WORDS if x not in (words[place - 1].lower(), word.lower())])
            slots[place] = [new, word]
            inserted += count_words(new)
        else:
            slots[place] = []
            deleted += count_words(word)
        ops.append(kind)
    return " ".join(w for slot in slots for w in slot), deleted, inserted, ops


def _sample(rng: random.Random, pool: list[Block], k: int, taken: set[int]) -> list[Block]:
    free = [b for b in pool if id(b) not in taken]
    chosen = rng.sample(free, min(k, len(free)))
    taken.update(id(b) for b in chosen)
    return chosen


def _far_section(sections: list[list[Block]], origin: int, rng: random.Random) -> int:
    """Return a section about `MOVE_DISTANCE` clauses (log-normal, median) from section `origin`."""
    starts = list(itertools.accumulate((len(s) for s in sections), initial=0))
    total = starts[-1]
    distance = min(int(rng.lognormvariate(math.log(MOVE_DISTANCE), 0.5)), total)
    here = starts[origin]
    want = here + distance if here + distance < total or here - distance < 0 else here - distance
    candidates = [k for k in range(1, len(sections)) if k != origin]
    return min(candidates, key=lambda k: abs(starts[k] - want))


def _right_policy(left: list[list[Block]], w: _Writer, shape: str = "generated") -> list[list[Block]]:
    """Return the right policy: a copy of the left with the known edits applied and tagged."""
    rng = w.rng
    sections = [[Block(b.kind, b.text, b.lids) for b in s] for s in left]
    n = sum(len(s) for s in sections)

    def rate(share: float) -> int:
        return max(1, round(share * n))

    body = [b for s in sections for b in s if b.body or b.kind in ("lead", "intro")]
    # Structural edits leave section 0 and each section's first paragraph alone, so every heading
    # stays followed by body text (else it would read as a paragraph).
    movable = [b for s in sections[1:] for b in s[2:] if b.body]
    taken: set[int] = set()
    removed = _sample(rng, movable, rate(0.01), taken)
    moved = _sample(rng, movable, rate(0.01), taken) if len(sections) > 2 else []
    splittable = [b for b in movable if b.kind == "p" and b.text.count(". ") >= 1]
    splits = _sample(rng, splittable, rate(0.003), taken)
    merge_firsts: list[Block] = []
    for s in sections[1:]:
        for a, b in itertools.pairwise(s[1:]):
            if a.kind == b.kind == "p" and id(a) not in taken and id(b) not in taken:
                merge_firsts.append(a)
    merges: list[tuple[Block, Block]] = []
    rng.shuffle(merge_firsts)
    for a in merge_firsts:
        if len(merges) >= rate(0.003):
            break
        s = next(s for s in sections if a in s)
        b = s[s.index(a) + 1]
        if id(a) in taken or id(b) in taken:
            continue
        taken.update((id(a), id(b)))
        merges.append((a, b))
    edited = _sample(rng, body, max(1, round(0.10 * len(body))), taken)

    for block in edited:
        block.text, block.deleted, block.inserted, block.ops = _reword(block.text, rng, rng.randint(1, 3))
        block.tag = "edited"
    for block in splits:
        s = next(s for s in sections if block in s)
        cuts = [m.end() for m in re.finditer(r"\. ", block.text)]
        cut = rng.choice(cuts)
        first = Block("p", block.text[: cut - 1], block.lids, "split")
        second = Block("p", block.text[cut:], block.lids, "split")
        at = s.index(block)
        s[at : at + 1] = [first, second]
    for a, b in merges:
        s = next(s for s in sections if a in s)
        at = s.index(a)
        s[at : at + 2] = [Block("p", a.text + " " + b.text, a.lids + b.lids, "merged")]
    for block in removed:
        next(s for s in sections if block in s).remove(block)
    for block in moved:
        origin = next(k for k, s in enumerate(sections) if block in s)
        sections[origin].remove(block)
        if shape == "real":  # verbatim, far away
            target = _far_section(sections, origin, rng)
        else:
            target = rng.choice([k for k in range(1, len(sections)) if k != origin])
        if shape != "real" and rng.random() < 0.5:
            block.text, block.deleted, block.inserted, block.ops = _reword(block.text, rng, 1)
        block.tag = "moved"
        dest = sections[target]
        dest.insert(rng.randint(2, len(dest)), block)
    for _ in range(rate(0.01)):
        target = rng.randrange(1, len(sections))
        dest = sections[target]
        at = rng.randint(2, len(dest))
        neighbour = dest[at - 1]
        if neighbour.kind == "li" or neighbour.kind == "lead":
            new = Block("li", w.item(), (), "added")
        else:
            new = Block("p", w.paragraph(), (), "added")
        dest.insert(at, new)
    return sections


def render(sections: list[list[Block]]) -> str:
    """Return a policy as plain text: blank lines between blocks, bullet lists as consecutive lines."""
    lines: list[str] = []
    prev: Block | None = None
    for block in (b for s in sections for b in s):
        if prev is not None and not (prev.kind == "li" and block.kind == "li"):
            lines.append("")
        lines.append(f"- {block.text}" if block.kind == "li" else block.text)
        prev = block
    return "\n".join(lines) + "\n"


def render_real(sections: list[list[Block]], rng: random.Random) -> str:
    """Return a policy as real text extracted from Word reads: one clause per line, no blank lines, each
    list bulleted with one of `*`, `-`, `·`."""
    lines: list[str] = []
    bullet = BULLETS[0]
    prev: Block | None = None
    for block in (b for s in sections for b in s):
        if block.kind == "li":
            if prev is None or prev.kind != "li":
                bullet = rng.choice(BULLETS)
            lines.append(bullet + block.text)
        else:
            lines.append(block.text)
        prev = block
    return "\n".join(lines) + "\n"


def _cid(index: int) -> str:
    return f"c{index + 1}"


def truth_of(left: list[list[Block]], right: list[list[Block]], clauses: int, seed: int) -> dict[str, Any]:
    """Return the truth record of a generated pair, with policydiff's clause ids."""
    lflat = [b for s in left for b in s]
    rflat = [b for s in right for b in s]
    edited: list[dict[str, Any]] = []
    moved: list[dict[str, Any]] = []
    split: dict[int, list[int]] = {}
    merged: list[dict[str, Any]] = []
    unchanged: list[list[str]] = []
    added: list[dict[str, Any]] = []
    seen: set[int] = set()
    for j, block in enumerate(rflat):
        seen.update(block.lids)
        if block.tag == "added":
            added.append({"right": _cid(j), "text": block.text})
        elif block.tag == "split":
            split.setdefault(block.lids[0], []).append(j)
        elif block.tag == "merged":
            merged.append(
                {
                    "left": [_cid(i) for i in block.lids],
                    "right": _cid(j),
                    "left_text": [lflat[i].text for i in block.lids],
                    "right_text": block.text,
                }
            )
        elif block.tag in ("edited", "moved"):
            (i,) = block.lids
            record = {
                "left": _cid(i),
                "right": _cid(j),
                "deleted_words": block.deleted,
                "inserted_words": block.inserted,
                "changed_words": block.deleted + block.inserted,
                "ops": block.ops,
                "left_text": lflat[i].text,
                "right_text": block.text,
            }
            (edited if block.tag == "edited" else moved).append(record)
        else:
            unchanged.append([_cid(block.lids[0]), _cid(j)])
    removed = [{"left": _cid(i), "text": b.text} for i, b in enumerate(lflat) if i not in seen]
    splits = [
        {
            "left": _cid(i),
            "right": [_cid(j) for j in js],
            "left_text": lflat[i].text,
            "right_text": [rflat[j].text for j in js],
        }
        for i, js in sorted(split.items())
    ]
    totals = {
        "unchanged": len(unchanged),
        "edited": len(edited),
        "moved": len(moved),
        "removed": len(removed),
        "added": len(added),
        "split": len(splits),
        "merged": len(merged),
        "changed_words": sum(r["changed_words"] for r in edited + moved),
    }
    return {
        "format": FORMAT,
        "version": VERSION,
        "seed": seed,
        "clauses": clauses,
        "left_clauses": len(lflat),
        "right_clauses": len(rflat),
        "left_kinds": [b.kind for b in lflat],
        "right_kinds": [b.kind for b in rflat],
        "totals": totals,
        "edited": edited,
        "moved": moved,
        "removed": removed,
        "added": added,
        "split": splits,
        "merged": merged,
        "unchanged": unchanged,
    }


def generate(clauses: int, seed: int, out: Path, shape: str = "generated") -> dict[str, Any]:
    """Write `left.txt`, `right.txt` and `truth.json` for `clauses` left-hand clauses into `out`."""
    if clauses < 10:
        raise ValueError("--clauses must be at least 10")
    if shape not in SHAPES:
        raise ValueError(f"--shape is one of {', '.join(SHAPES)}")
    if shape == "real":
        w: _Writer = _RealWriter(random.Random(f"policydiff-benchmark-real:{clauses}:{seed}"))
    else:
        w = _Writer(random.Random(f"policydiff-benchmark:{clauses}:{seed}"))
    left = _left_policy(clauses, w)
    right = _right_policy(left, w, shape)
    truth = truth_of(left, right, clauses, seed)
    truth["shape"] = shape
    out.mkdir(parents=True, exist_ok=True)
    if shape == "real":
        bullets = random.Random(f"bullets:{clauses}:{seed}")
        (out / "left.txt").write_text(render_real(left, bullets), encoding="utf-8")
        (out / "right.txt").write_text(render_real(right, bullets), encoding="utf-8")
    else:
        (out / "left.txt").write_text(render(left), encoding="utf-8")
        (out / "right.txt").write_text(render(right), encoding="utf-8")
    (out / "truth.json").write_text(json.dumps(truth, indent=1) + "\n", encoding="utf-8")
    return truth


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--clauses", type=int, default=500, help="clauses on the left (default 500)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--out", type=Path, required=True, help="folder to write into")
    parser.add_argument(
        "--shape", choices=SHAPES, default="generated", help="data shape (default generated; real: issue 16)"
    )
    args = parser.parse_args(argv)
    truth = generate(args.clauses, args.seed, args.out, args.shape)
    sizes = {name: (args.out / name).stat().st_size for name in ("left.txt", "right.txt")}
    print(
        f"wrote {args.out}: {truth['left_clauses']} → {truth['right_clauses']} clauses, "
        f"{sizes['left.txt'] / 1024:.1f} KB / {sizes['right.txt'] / 1024:.1f} KB; {truth['totals']}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
