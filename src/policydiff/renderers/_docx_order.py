"""Where the generated Word redline writes each change: the order of its paragraphs.

Changes come in right-hand order. Left-only text (removals, the old places of moves) goes after its
nearest left-hand predecessor that stays in place, so Reject All rebuilds the left order
(`left_only_anchors`); what stands between two clauses of one side of a change that are not neighbours
is written in that gap (`gaps`). Decision 0019.
"""

from __future__ import annotations

from collections.abc import Sequence

from policydiff.model import ChangeOp, Comparison
from policydiff.renderers._redline import Redline


def left_only_anchors(comparison: Comparison, lines: Sequence[Redline]) -> dict[int, list[Redline]]:
    """Return, per change number (0 = the start), the removals and old places of moves that follow it.

    Such left-only text goes after its nearest left-hand predecessor that stays in place (neither
    moved nor removed), in left-hand order, so that Reject All rebuilds the left order.
    """
    holder = {
        cid: line.number
        for line in lines
        if line.op is not ChangeOp.MOVED and line.op is not ChangeOp.REMOVED
        for cid in line.change.left
    }
    order = [c.id for c in comparison.left.clauses]
    position = {cid: i for i, cid in enumerate(order)}
    out: dict[int, list[Redline]] = {}
    for line in lines:
        if line.op not in (ChangeOp.MOVED, ChangeOp.REMOVED) or not line.left:
            continue
        index = position[line.left[0].id] - 1
        while index >= 0 and order[index] not in holder:
            index -= 1
        out.setdefault(holder[order[index]] if index >= 0 else 0, []).append(line)
    for items in out.values():
        items.sort(key=lambda line: position[line.left[0].id])
    return out


def gaps(
    comparison: Comparison, lines: Sequence[Redline], anchors: dict[int, list[Redline]]
) -> tuple[dict[tuple[int, str, int], list[Redline]], set[int]]:
    """Return what goes between two clauses of one side of a change that are not neighbours, keyed by (change
    number, side, index of the clause before the gap), and the numbers of the changes written there instead
    of at their own turn.

    A split's pieces may have an added clause between them ("A B" cut into "A", a new "C", then "B"), and a
    merge's parts a removed one. Written at its own turn that clause would follow the whole change, and
    Accept All (Reject All) would read "A B C" where the document reads "A C B". Right-hand gaps take the
    changes whose right clauses all lie in the gap; left-hand gaps take the left-only text (removals, old
    places of moves) anchored to the change whose left clauses all lie in it. A gap holding anything else
    (a change that also reaches outside it) is left as it was.
    """
    between: dict[tuple[int, str, int], list[Redline]] = {}
    deferred: set[int] = set()
    rpos = {c.id: i for i, c in enumerate(comparison.right.clauses)}
    lpos = {c.id: i for i, c in enumerate(comparison.left.clauses)}
    by_right = {c.id: line for line in lines if line.op is not ChangeOp.REMOVED for c in line.right}
    for line in lines:
        if line.op is ChangeOp.MOVED:
            continue  # written whole on both sides
        for k in range(len(line.right) - 1):
            a, b = rpos[line.right[k].id], rpos[line.right[k + 1].id]
            if b <= a + 1:
                continue
            inside = list(dict.fromkeys(by_right[c.id] for c in comparison.right.clauses[a + 1 : b]))
            if all(
                other is not line
                and other.number not in deferred
                and all(a < rpos[c.id] < b for c in other.right)
                for other in inside
            ):
                between[(line.number, "right", k)] = inside
                deferred.update(other.number for other in inside)
        held = anchors.get(line.number, [])
        for k in range(len(line.left) - 1):
            a, b = lpos[line.left[k].id], lpos[line.left[k + 1].id]
            if b <= a + 1:
                continue
            inside = [x for x in held if all(a < lpos[c.id] < b for c in x.left)]
            if sum(len(x.left) for x in inside) == b - a - 1:
                between[(line.number, "left", k)] = inside
                held = [x for x in held if x not in inside]
        if line.number in anchors:
            anchors[line.number] = held
    return between, deferred
