"""The matrix held to a second real family: adaptations of the Rust Code of Conduct's "Conduct" list.

The template's text is the Rust project's (rust-lang/www.rust-lang.org, file
`templates/policies/code-of-conduct.hbs`, MIT OR Apache-2.0). The adaptations below are that text changed
as the projects that adopted it changed theirs (British spelling, a reworded item), written out here from
the template so that the test ships no other project's file. Session 26 measured the matrix on ten such
adaptations (decision 0015).
"""

from __future__ import annotations

from policydiff import parse_bytes
from policydiff.matrix import matrix
from policydiff.model import CellState

TEMPLATE = """# Code of conduct

## Conduct

* Please be kind and courteous. There's no need to be mean or rude.
* We will exclude you from interaction if you insult, demean or harass anyone. That is not welcome behavior.
* Likewise any spamming, trolling, flaming, baiting or other attention-stealing behavior is not welcome.
"""


def test_british_spelling_is_no_deviation() -> None:
    """An adaptation that spells "behaviour" is the same as its template, not a variant of it: before
    session 26 five of ten Rust Code of Conduct adaptations were variants of "Likewise any spamming…" for
    that word alone. A real rewording beside it is still a variant."""
    british = TEMPLATE.replace("behavior", "behaviour")
    reworded = british.replace("Please be kind and courteous", "Be kind and courteous")
    files = {"template.md": TEMPLATE, "british.md": british, "reworded.md": reworded}
    policies = [parse_bytes(text.encode(), name) for name, text in files.items()]
    m = matrix(policies, baseline=policies[0])
    held = [g for g in m.groups if not g.added]
    states = {g.consensus.split()[0]: [g.cell(d).state for d in range(len(policies))] for g in held}
    assert states["Likewise"] == [CellState.SAME] * 3
    assert states["We"] == [CellState.SAME] * 3
    assert states["Please"] == [CellState.SAME, CellState.SAME, CellState.VARIANT]
    likewise = next(g for g in m.groups if g.consensus.startswith("Likewise"))
    edits = likewise.cell(1).edits
    assert [(e.op.value, e.text, e.cls) for e in edits if e.op.value != "equal"] == [
        ("delete", "behavior", "cosmetic"),
        ("insert", "behaviour", "cosmetic"),
    ]


FULL = """# Code of conduct

## Conduct

* Please be kind and courteous. There's no need to be mean or rude.
* Private harassment is also unacceptable. No matter who you are, if you feel you have been or are \
being harassed or made uncomfortable by a community member, please contact one of the channel ops or any \
of the Rust moderation team immediately. Whether you're a regular contributor or a newcomer, we care about \
making this community a safe place for you and we've got your back.
* Likewise any spamming, trolling, flaming, baiting or other attention-stealing behavior is not welcome.
"""


def _split(team: str) -> str:
    """The template's "Private harassment" item parted as Flynn's, rack's and augentic's contributing guides
    part it: its last sentence a paragraph of its own before the list, the item naming the project's team."""
    return f"""## Conduct

Whether you're a regular contributor or a newcomer, we care about making this community a safe place for \
you and we've got your back.

* Please be kind and courteous. There's no need to be mean or rude.
* Private harassment is also unacceptable. No matter who you are, if you feel you have been or are \
being harassed or made uncomfortable by a community member, please contact a member of the {team} core \
team immediately.
* Likewise any spamming, trolling, flaming, baiting or other attention-stealing behavior is not welcome.
"""


def test_a_clause_parted_in_two_keeps_its_group() -> None:
    """Two projects moved the last sentence of "Private harassment…" ("Whether you're a regular
    contributor…") out of the item. That sentence, the same in both, was placed before their items and led
    the template's group; the template joined it, and the projects' own items, kept out because each
    project already held the group, were reported as additions (and the moved sentence as the clause,
    `moved`). The baseline's clauses now lead their groups, and a document's clause nearer the leader than
    its fragment there (more of its words, in order) takes the fragment's place: the items are variants of
    the template's clause, the sentence the projects' own addition."""
    files = {"template.md": FULL, "flynn.md": _split("Flynn"), "rack.md": _split("`rack`")}
    policies = [parse_bytes(text.encode(), name) for name, text in files.items()]
    m = matrix(policies, baseline=policies[0])
    private = next(g for g in m.groups if g.consensus.startswith("Private harassment"))
    assert [private.cell(d).state for d in range(3)] == [CellState.SAME, CellState.VARIANT, CellState.VARIANT]
    assert all(private.cell(d).text.startswith("Private harassment") for d in range(3))
    (whether,) = [g for g in m.groups if g.consensus.startswith("Whether")]
    assert whether.added
    assert [whether.cell(d).state for d in range(3)] == [CellState.MISSING, CellState.ADDED, CellState.ADDED]
    assert not any(g.added and g.consensus.startswith("Private") for g in m.groups)
