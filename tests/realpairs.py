"""Checks a reviewer relies on, over real version pairs: no phantom removal or addition, no stranger pair."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from pathlib import Path

from policydiff.model import ChangeOp, Clause, Comparison

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"

_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    """Return the lower-cased words of a text."""
    return _WORD.findall(text.lower())


def real_pairs() -> list[tuple[Path, Path]]:
    """Return every version pair of real documents in the corpus (older, newer), in a stable order."""
    pairs: list[tuple[Path, Path]] = []
    # The public codes of conduct as committed (Markdown) and as hard-wrapped plain text (pandoc's).
    for folder, ext in ((CORPUS / "realworld", "md"), (CORPUS / "text", "txt")):
        cncf = [folder / f"cncf-coc-{v}.{ext}" for v in ("v1.0-2017", "v1.1-2021", "v1.2-2022", "v1.3-2026")]
        cc14, cc20 = (folder / f"contributor-covenant-{v}.{ext}" for v in ("v1.4", "v2.0"))
        pairs += list(itertools.pairwise(cncf))
        pairs += [(cncf[0], cncf[3]), (cc14, cc20), (cc14, cncf[0]), (cc20, cncf[3])]
    md = CORPUS / "markdown"
    pairs.append((md / "safeguarding-policy.md", md / "safeguarding-policy-v4.md"))
    for fmt in ("txt", "md", "docx"):
        jpac, kidspace = (CORPUS / org / f"social-media-policy.{fmt}" for org in ("jpac", "kidspace"))
        pairs.append((jpac, kidspace))
    pairs.append((CORPUS / "jpac" / "social-media-policy.txt", CORPUS / "rst" / "social-media-policy.rst"))
    sites = sorted((CORPUS / "sites").glob("*.txt"))
    pairs += [(a, b) for a in sites for b in sites if a.name < b.name]
    return [(a, b) for a, b in pairs if a.exists() and b.exists()]


def pair_id(pair: tuple[Path, Path]) -> str:
    a, b = pair
    return f"{a.parent.name}/{a.name}->{b.parent.name}/{b.name}"


@dataclass(frozen=True)
class Finding:
    what: str
    text: str

    def __str__(self) -> str:
        return f"{self.what}: {self.text[:120]!r}"


def _stands_in(clause: Clause, others: str) -> bool:
    """Return whether a clause's words stand, in order and unbroken, in the other document's text."""
    mine = " ".join(words(clause.text))
    return f" {mine} " in others


def findings(comparison: Comparison) -> list[Finding]:
    """Return every phantom removal or addition and every stranger pair of a comparison.

    - phantom removal: a clause of six words or more reported removed whose words stand (in order,
      unbroken, across clause boundaries) in the right document; phantom addition the other way;
    - stranger pair: a pair of two clauses of five words or more that share no word of four letters.
    """
    left = {c.id: c for c in comparison.left.clauses}
    right = {c.id: c for c in comparison.right.clauses}
    ltext = " " + " ".join(w for c in comparison.left.clauses for w in words(c.text)) + " "
    rtext = " " + " ".join(w for c in comparison.right.clauses for w in words(c.text)) + " "
    out: list[Finding] = []
    for change in comparison.changes:
        if change.op is ChangeOp.REMOVED:
            for cid in change.left:
                c = left[cid]
                if len(words(c.text)) >= 6 and _stands_in(c, rtext):
                    out.append(Finding("phantom removal", c.text))
        elif change.op is ChangeOp.ADDED:
            for cid in change.right:
                c = right[cid]
                if len(words(c.text)) >= 6 and _stands_in(c, ltext):
                    out.append(Finding("phantom addition", c.text))
        elif change.left and change.right:
            lw = [w for cid in change.left for w in words(left[cid].text)]
            rw = [w for cid in change.right for w in words(right[cid].text)]
            if len(lw) >= 5 and len(rw) >= 5 and not {w for w in lw if len(w) >= 4} & set(rw):
                out.append(
                    Finding(
                        "stranger pair",
                        " | ".join(left[i].text for i in change.left)
                        + " <-> "
                        + " | ".join(right[j].text for j in change.right),
                    )
                )
    return out
