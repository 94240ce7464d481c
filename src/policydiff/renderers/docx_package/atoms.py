"""A clause's characters in its paragraphs' runs, and the spaces and labels at a change's edges."""

from __future__ import annotations

import dataclasses
import difflib
import itertools
import re
from collections.abc import Sequence
from itertools import repeat
from typing import Any

from policydiff.model import Clause, ClauseKind, EditOp
from policydiff.readers.docx import (
    DocxTrace,
    ParagraphTrace,
)
from policydiff.readers.text import typed_label
from policydiff.renderers._redline import Piece, Redline
from policydiff.renderers.docx_package.names import _BODY, _HOLDS_NOTE, Atom
from policydiff.renderers.docx_package.runs import _in_text_box


def _atoms(units: Sequence[ParagraphTrace], text: str) -> list[Atom] | None:
    """Return the characters of `text` as atoms of the paragraphs it was read from, None if it is not
    found in them (a symbol bullet taken off a line, a character XML forbids)."""
    atoms: list[Atom] = []
    joined: list[str] = []
    for ui, unit in enumerate(units):
        if ui:
            atoms.append((ui - 1, -1, 0))
            joined.append("\n")
        raw = "".join(piece[0] for piece in unit.pieces)
        start = len(raw) - len(raw.lstrip())
        if raw[start : start + len(unit.text)] != unit.text:
            start = raw.find(unit.text)
            if start < 0:
                return None
        end = start + len(unit.text)
        pos = 0
        for pi, piece in enumerate(unit.pieces):
            size = len(piece[0])
            lo, hi = max(start, pos), min(end, pos + size)
            if hi > lo:
                atoms.extend(zip(repeat(ui), repeat(pi), range(lo - pos, hi - pos), strict=False))
            pos += size
        joined.append(unit.text)
    whole = "".join(joined)
    offset = whole.find(text) if whole != text else 0
    if offset < 0:
        return None
    return atoms[offset : offset + len(text)]


# --------------------------------------------------------------------------- helpers


_DIGITS, _LETTERS = re.compile(r"[0-9]+"), re.compile(r"[A-Za-z]+")


def _same_shape(left: str | None, right: str | None) -> bool:
    """Return whether two labels (as the reader gave them) plainly have one shape: both none, or
    alike once their numbers and letters are one (`2.3` and `1.1`, `b)` and `a)`)."""
    if left is None or right is None:
        return left is None and right is None
    return _LETTERS.sub("a", _DIGITS.sub("9", left)) == _LETTERS.sub("a", _DIGITS.sub("9", right))


def _looks(clause: Clause) -> tuple[object, ...]:
    """Return what of a clause its paragraph properties show: kind, level, whether it has a label.

    A title's level is 0 whatever its heading's, so a numbered title shows its level by its label's
    shape ("1" and "1.1"): a document's first heading (the reader's title) restyled from Heading 1 to
    Heading 2 was an unchanged pair, and its restyle was lost (stress `wm-toc6` x155, session 24:
    Reject All "1.1 Planning" for "1 Planning")."""
    if clause.kind is ClauseKind.TITLE and clause.label is not None:
        return clause.kind, clause.level, _LETTERS.sub("a", _DIGITS.sub("9", clause.label))
    return clause.kind, clause.level, clause.label is None


def _relinked(
    pieces: Sequence[Piece],
    lunits: list[ParagraphTrace],
    latoms: list[Atom],
    runits: list[ParagraphTrace],
    ratoms: list[Atom],
) -> list[Piece]:
    """Return the pieces with kept text whose link target changed made a deletion and an insertion
    (the left link deleted, the right one inserted), as Word records a changed link."""
    out: list[Piece] = []
    li = ri = 0
    for piece in pieces:
        n = len(piece.text)
        if piece.op is not EditOp.EQUAL:
            out.append(piece)
            if piece.op is EditOp.INSERT:
                ri += n
            else:
                li += n
            continue

        def relinked(k: int, li: int = li, ri: int = ri) -> bool:
            la, ra = latoms[li + k], ratoms[ri + k]
            if la[1] < 0 or ra[1] < 0:
                return False
            return bool(lunits[la[0]].pieces[la[1]][4] != runits[ra[0]].pieces[ra[1]][4])

        k = 0
        while k < n:
            state = relinked(k)
            j = k + 1
            while j < n and relinked(j) == state:
                j += 1
            text = piece.text[k:j]
            if state:
                out += [Piece(EditOp.DELETE, text, piece.cls), Piece(EditOp.INSERT, text, piece.cls)]
            else:
                out.append(Piece(EditOp.EQUAL, text, piece.cls))
            k = j
        li += n
        ri += n
    return out


_HELD = "\x00held"
"""The class of a piece written as neither inserted nor deleted (see `_edge_spaces`)."""


def _edge_spaces(
    pieces: Sequence[Piece],
    left: tuple[list[ParagraphTrace], list[Atom]],
    right: tuple[list[ParagraphTrace], list[Atom]],
) -> tuple[list[Piece], list[Atom]]:
    """Return the pieces of a split or merge with the space at the new (removed) paragraph edge held.

    A clause's text leaves out the spaces at its paragraph's edges, so a split typed after a space
    reads as that space deleted and a mark inserted, though the space stays, ending the first right
    paragraph (Reject All showed two spaces); a merge reads as a mark deleted and a space inserted,
    though the space was the left paragraph's own (Reject All lost it). When the paragraph beside the
    mark has such a space, the space piece is held (neither inserted nor deleted), a merge's put before
    the deleted mark when it ended the left paragraph. A split's new paragraph that opens with more
    spaces than that (a line of code indented, split from one line) has the others inserted, with
    their atoms added to the right's (returned): kept, Reject All showed them inside the joined line
    ("0),            db.getUser," for "0), db.getUser,": Twisted's compatibility policy, LibreOffice)."""
    out = list(pieces)
    added: list[tuple[int, list[Atom]]] = []  # (the right atom they go before, the atoms)
    shift = 0  # (how many atoms were added so far: `ri` counts them)
    k = li = ri = 0
    while k + 1 < len(out):
        a, b = out[k], out[k + 1]
        at = (li, ri)
        li += len(a.text) if a.op is not EditOp.INSERT else 0
        ri += len(a.text) if a.op is not EditOp.DELETE else 0
        pair = {a.op, b.op}
        mark, space = (a, b) if a.text == "\n" else (b, a)
        if (
            pair != {EditOp.INSERT, EditOp.DELETE}
            or mark.text != "\n"
            or not space.text.isspace()
            or "\n" in space.text
        ):
            k += 1
            continue
        units, atoms = right if mark.op is EditOp.INSERT else left
        # (the space is of the other side: it moves neither)
        position = at[1] - shift if mark.op is EditOp.INSERT else at[0]
        atom = atoms[position] if position < len(atoms) else None
        if atom is None or atom[1] >= 0 or atom[0] + 1 >= len(units):
            k += 1
            continue
        index = atom[0]
        ends, starts = _raw_edges(units[index])[1], _raw_edges(units[index + 1])[0]
        if not (ends or starts):
            k += 1
            continue
        # Only as many characters as the paragraph has at its edge are held; the rest of the space
        # stays inserted (deleted): a merge that typed a space after the left's own has two.
        size = min(len(space.text), ends or starts)
        held = dataclasses.replace(space, text=space.text[:size], cls=_HELD)
        rest = [dataclasses.replace(space, text=space.text[size:])] if size < len(space.text) else []
        if mark.op is EditOp.DELETE:  # (a merge: the space goes on the side of the left's own)
            out[k : k + 2] = [held, mark, *rest] if ends else [*rest, mark, held]
        elif a is mark:
            out[k : k + 2] = [mark, *rest, held] if starts and not ends else [mark, held, *rest]
        else:
            out[k : k + 2] = [held, *rest, mark] if ends else [*rest, held, mark]
        li += len(b.text) if b.op is not EditOp.INSERT else 0
        ri += len(b.text) if b.op is not EditOp.DELETE else 0
        k += 2 + len(rest)
        extra = starts - (0 if ends else size) if mark.op is EditOp.INSERT else 0
        lead = _lead_atoms(units[index + 1], index + 1, extra) if extra > 0 else []
        if lead:  # (the new paragraph's other opening spaces: inserted with the mark)
            at_mark = next(j for j in range(k - 2 - len(rest), k) if out[j] is mark)
            spaces = "".join(units[u].pieces[p][0][c] for u, p, c in lead)
            out[at_mark] = dataclasses.replace(mark, text=mark.text + spaces)
            added.append((position + 1, lead))
            shift += len(lead)
            ri += len(lead)
    if not added:
        return out, right[1]
    ratoms: list[Atom] = []
    start = 0
    for at_atom, lead in added:
        ratoms += right[1][start:at_atom]
        ratoms += lead
        start = at_atom
    return out, ratoms + right[1][start:]


def _lead_atoms(unit: ParagraphTrace, index: int, count: int) -> list[Atom]:
    """Return the atoms of a paragraph's first `count` characters (as paragraph `index`), none unless
    they are all spaces (not line breaks)."""
    atoms: list[Atom] = []
    for pi, piece in enumerate(unit.pieces):
        for ki, char in enumerate(piece[0][: count - len(atoms)]):
            if not _edge_space(char):
                return []
            atoms.append((index, pi, ki))
        if len(atoms) == count:
            return atoms
    return []


def _noted_part(lflat: list[ParagraphTrace], rflat: list[ParagraphTrace]) -> int | None:
    """Return which left paragraph of a merge into one right paragraph holds a note reference, when
    one does and it is not the last (its part of the right paragraph would have a deleted mark); None
    when none or more than one does (a deleted copy of a paragraph leaves its note out)."""
    if len(rflat) != 1 or len(lflat) < 2 or _in_text_box(rflat[0].element):
        return None
    noted = [index for index, unit in enumerate(lflat) if _HOLDS_NOTE(unit.element)]
    return noted[0] if len(noted) == 1 and noted[0] < len(lflat) - 1 else None


def _one_part(pieces: Sequence[Piece], latoms: list[Atom], keep: int) -> tuple[list[Piece], list[Atom]]:
    """Return the pieces of a merge paired with one left paragraph (`keep`) alone, and its atoms (as
    paragraph 0): the words of the other left paragraphs are inserted where the right has them and
    dropped where they were deleted, and the left marks are dropped (the paragraphs are copied whole)."""
    out: list[Piece] = []

    def add(op: EditOp, text: str, cls: str | None) -> None:
        if out and out[-1].op is op and out[-1].cls == cls:
            out[-1] = dataclasses.replace(out[-1], text=out[-1].text + text)
        else:
            out.append(Piece(op, text, cls))

    li = 0
    for piece in pieces:
        if piece.op is EditOp.INSERT:
            add(EditOp.INSERT, piece.text, piece.cls)
            continue
        for char in piece.text:
            unit, index, _ = latoms[li]
            li += 1
            mine = unit == keep and index >= 0
            if piece.op is EditOp.EQUAL and mine:
                add(EditOp.EQUAL, char, piece.cls)
            elif piece.op is EditOp.EQUAL:
                add(EditOp.INSERT, char, None)  # (a word of another part: the right's, inserted)
            elif mine:
                add(EditOp.DELETE, char, piece.cls)
    return out, [(0, index, k) for unit, index, k in latoms if unit == keep and index >= 0]


def _spaced(trace: DocxTrace) -> set[int]:
    """Return the indexes of a part's paragraphs whose runs begin or end with a space."""
    return {
        index
        for index, unit in trace.paragraphs.items()
        if unit.pieces and (unit.pieces[0][0][:1].isspace() or unit.pieces[-1][0][-1:].isspace())
    }


def _outer_spaces(
    pieces: Sequence[Piece],
    left: tuple[list[ParagraphTrace], list[Atom]],
    right: tuple[list[ParagraphTrace], list[Atom]],
) -> tuple[list[Piece], list[Atom], list[Atom]]:
    """Return the pieces and atoms of a change with the spaces before its first paragraph's text and
    after its last one's (which clause texts leave out) added: the spaces both sides have there kept,
    the others deleted or inserted (cosmetic). Left alone, Reject All showed the right's spaces (an
    inserted text took along the space its last run ends in; a deleted one did not bring the left's)."""
    edges = [_edge_atoms(units, atoms) for units, atoms in (left, right)]
    if not any(lead or trail for lead, trail in edges):
        return list(pieces), left[1], right[1]
    (llead, ltrail), (rlead, rtrail) = edges

    def text(units: list[ParagraphTrace], atoms: list[Atom]) -> str:
        return "".join(units[u].pieces[p][0][k] for u, p, k in atoms)

    out: list[Piece] = []
    a, b = text(left[0], llead), text(right[0], rlead)
    n = _common(a[::-1], b[::-1])
    if len(a) > n:
        out.append(Piece(EditOp.DELETE, a[: len(a) - n], "cosmetic"))
    if len(b) > n:
        out.append(Piece(EditOp.INSERT, b[: len(b) - n], "cosmetic"))
    if n:
        out.append(Piece(EditOp.EQUAL, a[len(a) - n :]))
    out.extend(pieces)
    a, b = text(left[0], ltrail), text(right[0], rtrail)
    n = _common(a, b)
    if n:
        out.append(Piece(EditOp.EQUAL, a[:n]))
    if len(a) > n:
        out.append(Piece(EditOp.DELETE, a[n:], "cosmetic"))
    if len(b) > n:
        out.append(Piece(EditOp.INSERT, b[n:], "cosmetic"))
    return out, [*llead, *left[1], *ltrail], [*rlead, *right[1], *rtrail]


def _common(a: str, b: str) -> int:
    """Return the length of the common start of two strings."""
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _edge_atoms(units: list[ParagraphTrace], atoms: list[Atom]) -> tuple[list[Atom], list[Atom]]:
    """Return the atoms of the spaces (not line breaks) before the first atom's text in its paragraph
    and after the last one's, when nothing else stands there."""
    if not atoms or atoms[0][1] < 0 or atoms[-1][1] < 0:
        return [], []
    u, p, k = atoms[0]
    lead = [(u, pi, ki) for pi in range(p) for ki in range(len(units[u].pieces[pi][0]))]
    lead += [(u, p, ki) for ki in range(k)]
    if not all(_edge_space(units[u].pieces[pi][0][ki]) for _, pi, ki in lead):
        lead = []
    u, p, k = atoms[-1]
    pieces = units[u].pieces
    trail = [(u, p, ki) for ki in range(k + 1, len(pieces[p][0]))]
    trail += [(u, pi, ki) for pi in range(p + 1, len(pieces)) for ki in range(len(pieces[pi][0]))]
    if not all(_edge_space(pieces[pi][0][ki]) for _, pi, ki in trail):
        trail = []
    return lead, trail


def _edge_space(char: str) -> bool:
    return char.isspace() and char != "\n"


def _raw_edges(unit: ParagraphTrace) -> tuple[int, int]:
    """Return how many spaces a paragraph's runs hold before and after its clause text."""
    raw = "".join(piece[0] for piece in unit.pieces)
    start = len(raw) - len(raw.lstrip())
    if raw[start : start + len(unit.text)] != unit.text:
        start = raw.find(unit.text)
    if start < 0 or not unit.text:
        return 0, 0
    end = start + len(unit.text)
    return start if raw[:start].isspace() else 0, len(raw) - end if raw[end:].isspace() else 0


def _cosmetic(line: Redline) -> Redline:
    """Return an unchanged change whose texts differ in characters normalisation ignores, with those
    characters as cosmetic edits (not the whole text deleted and inserted)."""
    left, right = "\n".join(c.text for c in line.left), "\n".join(c.text for c in line.right)
    return dataclasses.replace(line, pieces=tuple(_cosmetic_pieces(left, right)), exact=True)


def _cosmetic_pieces(left: str, right: str) -> list[Piece]:
    """Return the pieces that turn `left` into `right` character by character, the edits cosmetic."""
    pieces: list[Piece] = []
    for op, a, b, c, d in difflib.SequenceMatcher(None, left, right, autojunk=False).get_opcodes():
        if op == "equal":
            pieces.append(Piece(EditOp.EQUAL, left[a:b]))
            continue
        if b > a:
            pieces.append(Piece(EditOp.DELETE, left[a:b], "cosmetic"))
        if d > c:
            pieces.append(Piece(EditOp.INSERT, right[c:d], "cosmetic"))
    return pieces


def _top_block(element: Any) -> Any:
    """Return the child of the body that holds `element` (None when it is in no body)."""
    while element is not None and element.getparent() is not None and element.getparent().tag != _BODY:
        element = element.getparent()
    return element if element is not None and element.getparent() is not None else None


def _typed_labels(
    left: ParagraphTrace, lc: Clause, right: ParagraphTrace, rc: Clause
) -> tuple[list[Piece], list[Atom], list[Atom]] | None:
    """Return the cosmetic pieces that turn the left paragraph's typed label into the right's (the text
    before each clause's, "5. " and "6. "), with the atoms of both whole paragraphs, when those labels
    differ; else None. (A list's own numbers are no text: they are not seen here.)"""
    lpre, rpre = _typed_prefix(left.text, lc.text), _typed_prefix(right.text, rc.text)
    if lpre is None or rpre is None or lpre == rpre:
        return None
    latoms, ratoms = _atoms([left], left.text), _atoms([right], right.text)
    if latoms is None or ratoms is None:
        return None
    return _cosmetic_pieces(lpre, rpre), latoms, ratoms


def _typed_leads(
    lunits: list[list[ParagraphTrace]],
    lclauses: Sequence[Clause],
    runits: list[list[ParagraphTrace]],
    rclauses: Sequence[Clause],
) -> tuple[list[Piece], list[Atom], list[Atom]] | None:
    """Return the cosmetic pieces that turn the label typed before a change's first left clause into the
    right's, with the atoms of each side's clauses, those labels included, when the labels differ; else
    None. A split or merge whose first paragraph gained a typed bullet ("* One of …" from "One of …",
    read as a list item and its text) was written with the bullet as kept text: Reject All showed it
    (Docutils policies, pandoc and LibreOffice from the reST of 0.21.2, where a bullet item ran into an
    indented line)."""
    lead = _typed_lead(lunits[0], lclauses[0]) if lunits and lclauses else None
    rlead = _typed_lead(runits[0], rclauses[0]) if runits and rclauses else None
    if lead is None or rlead is None or lead == rlead:
        return None
    latoms = _clause_atoms(
        lunits, [dataclasses.replace(lclauses[0], text=lead + lclauses[0].text), *lclauses[1:]]
    )
    ratoms = _clause_atoms(
        runits, [dataclasses.replace(rclauses[0], text=rlead + rclauses[0].text), *rclauses[1:]]
    )
    if latoms is None or ratoms is None:
        return None
    return _cosmetic_pieces(lead, rlead), latoms, ratoms


def _typed_lead(units: list[ParagraphTrace], clause: Clause) -> str | None:
    """Return the label typed before a clause's text in its first paragraph ("* ", "5. "), "" when none
    stands there, None when the clause's text is not found or something else stands before it."""
    whole = "\n".join(unit.text for unit in units)
    at = whole.find(clause.text) if clause.text else -1
    if at <= 0:
        return "" if at == 0 else None
    typed = typed_label(whole)
    return whole[:at] if typed is not None and typed[2] == at else None


def _typed_prefix(text: str, clause_text: str) -> str | None:
    """Return the text of a paragraph before its clause's (a typed label, "5. "), None when the clause's
    text is not found in it or text follows it."""
    at = text.find(clause_text) if clause_text else -1
    if at < 0 or text[at + len(clause_text) :].strip():
        return None
    return text[:at]


def _typed_label_inside(
    lunits: list[list[ParagraphTrace]],
    lclauses: Sequence[Clause],
    runits: list[list[ParagraphTrace]],
    rclauses: Sequence[Clause],
) -> bool:
    """Return whether a split's or merge's paragraph other than its first, on either side, holds text
    before its clause's: a label typed into the paragraph ("6. Records", read as label `6.` and text
    `Records`). The word edits pair clause texts, so the typed label of a heading run into the paragraph
    before is not on the left of the edits, and writing them into the right paragraph dropped it: Reject
    All read "Records" for "6. Records". Such a change is written whole."""
    for units, clauses in ((lunits, lclauses), (runits, rclauses)):
        for clause_units, clause in itertools.islice(zip(units, clauses, strict=True), 1, None):
            text = "\n".join(unit.text for unit in clause_units)
            if text.find(clause.text) > 0 if clause.text else bool(text.strip()):
                return True
    return False


def _clause_atoms(units: list[list[ParagraphTrace]], clauses: Sequence[Clause]) -> list[Atom] | None:
    """Return the atoms of clauses joined with `"\\n"` (their marks), or None if one is not found."""
    out: list[Atom] = []
    offset = 0
    for index, (clause_units, clause) in enumerate(zip(units, clauses, strict=True)):
        if not clause_units:
            return None
        atoms = _atoms(clause_units, clause.text)
        if atoms is None:
            return None
        if index:
            out.append((offset - 1, -1, 0))
        out.extend(atoms if not offset else [(u + offset, p, k) for u, p, k in atoms])
        offset += len(clause_units)
    return out
