"""The clause matrix: grouping, states, order independence, reports and redlines."""

from __future__ import annotations

import csv
import html
import io
import json
import random
import string
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policydiff import parse, parse_bytes
from policydiff.errors import ReadError, UsageError
from policydiff.matrix import matrix, redlines
from policydiff.model import CellState, ClauseKind, Matrix, Policy
from policydiff.renderers.matrix import (
    csv_cell,
    render_csv,
    render_html,
    render_json,
    render_markdown,
    render_text,
)
from policydiff.schemas import load as load_schema

from .conftest import CORPUS, ROOT, check_golden

FAMILY = [
    CORPUS / "jpac" / "social-media-policy.txt",
    CORPUS / "kidspace" / "social-media-policy.txt",
    *sorted((CORPUS / "sites").glob("*.txt")),
]


@pytest.fixture(scope="module")
def family() -> Matrix:
    """Return the matrix of the family, each source named relative to the repository root."""
    return matrix([parse_bytes(p.read_bytes(), str(p.relative_to(ROOT))) for p in FAMILY])


def _state(m: Matrix, source_suffix: str, consensus_start: str) -> CellState:
    doc = next(n for n, p in enumerate(m.documents) if p.source.endswith(source_suffix))
    group = next(g for g in m.groups if g.consensus.startswith(consensus_start))
    return group.cell(doc).state


# --- The JPAC/Kidspace family ---


def test_family_golden(family: Matrix, update_golden: bool) -> None:
    data = json.loads(render_json(family))
    data["tool"]["version"] = "<version>"
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    check_golden(ROOT / "tests" / "golden" / "matrix" / "family.json", text, update_golden)


def test_family_known_deviations(family: Matrix) -> None:
    assert len(family.documents) >= 5
    # The organisation name is a slot: each site's own name is not a difference.
    assert _state(family, "sunnyside-club.txt", "{organisation} recognises") is CellState.SAME
    # A reworded clause, a removed one, an added one, a moved section.
    assert _state(family, "sunnyside-club.txt", "Publish any photographs") is CellState.VARIANT
    assert _state(family, "hilltop-kids-club.txt", "Comments posted on third party") is CellState.MISSING
    assert _state(family, "hilltop-kids-club.txt", "General cautions") is CellState.MOVED
    assert _state(family, "riverside-wraparound.txt", "Share the login details") is CellState.SAME
    added = next(g for g in family.groups if g.consensus.startswith("Share the login details"))
    assert added.support == 1 and not added.in_master
    assert "{organisation}" in added.consensus


def test_family_every_clause_once(family: Matrix) -> None:
    for n, policy in enumerate(family.documents):
        ids = [cid for g in family.groups for cid in g.cell(n).clauses]
        assert sorted(ids) == sorted(c.id for c in policy.clauses)
    assert len({g.id for g in family.groups}) == len(family.groups)


def test_family_json_validates(family: Matrix) -> None:
    jsonschema.validate(json.loads(render_json(family)), load_schema("matrix"))


def test_family_order_independent() -> None:
    policies = [parse(p) for p in FAMILY]
    forward = _canonical(matrix(policies))
    backward = _canonical(matrix(list(reversed(policies))))
    assert forward == backward


def test_baseline_defines_rows() -> None:
    policies = [parse(p) for p in FAMILY]
    m = matrix(policies[1:], baseline=policies[0])
    assert m.baseline == 0
    base = m.documents[0]
    rows = [g for g in m.groups if not g.added]
    assert [g.cell(0).clauses[0] for g in rows] == [c.id for c in base.clauses]
    assert all(g.cell(0).state is not CellState.MISSING for g in rows)
    extra = [g for g in m.groups if g.added]
    assert extra and all(g.cell(0).state is CellState.MISSING for g in extra)
    assert all(c.state in (CellState.ADDED, CellState.MISSING) for g in extra for c in g.cells)
    jsonschema.validate(json.loads(render_json(m)), load_schema("matrix"))


def test_baseline_among_inputs_used_in_place() -> None:
    policies = [parse(p) for p in FAMILY[:3]]
    m = matrix(policies, baseline=policies[1])
    assert m.baseline == 1 and len(m.documents) == 3


def test_min_support_shapes_master() -> None:
    policies = [parse(p) for p in FAMILY]
    everything = matrix(policies, min_support=0.0)
    unanimous = matrix(policies, min_support=1.0)
    # With no support needed, the master keeps every group but the titles beyond one and the dated lines.
    left_out = [g for g in everything.groups if not g.in_master]
    assert sorted((g.kind.value, g.consensus) for g in left_out) == [
        ("metadata", "Reviewed October 2021"),
        ("title", "{organisation}"),
    ]
    assert [g.consensus for g in everything.master if g.kind is ClauseKind.TITLE] == ["Social Media Policy"]
    assert all(g.support == len(policies) for g in unanimous.master)
    assert len(unanimous.master) < len(everything.master)


def test_unreadable_raises_or_is_skipped(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    with pytest.raises(ReadError):
        matrix([FAMILY[0], missing])
    m = matrix([FAMILY[0], missing, FAMILY[1]], skip_unreadable=True)
    assert len(m.documents) == 2
    assert [w.code for w in m.warnings if w.path == str(missing)] == ["unreadable"]
    data = json.loads(render_json(m))
    assert any(w["code"] == "unreadable" for w in data["warnings"])


def test_progress_reports_each_document_then_grouping() -> None:
    seen: list[tuple[str, int, int]] = []
    matrix(FAMILY[:3], progress=lambda step, done, total: seen.append((step, done, total)))
    reading = [(d, t) for s, d, t in seen if s == "reading"]
    assert reading == [(1, 3), (2, 3), (3, 3)]
    grouping = [(d, t) for s, d, t in seen if s == "grouping"]
    assert grouping[0][0] == 0 and grouping[-1][0] == grouping[-1][1] > 0
    assert [s for s, _, _ in seen] == ["reading"] * 3 + ["grouping"] * len(grouping)


# --- Reports ---


def _hostile() -> Matrix:
    texts = {
        "a.txt": (
            "Alpha Club Policy\n\n<script>alert(1)</script> must not run.\n\n"
            "=cmd|' /C calc'!A0 is a formula.\n"
        ),
        "b.txt": (
            "Beta Club Policy\n\n<script>alert(1)</script> must not run here.\n\n"
            "+1 adds one to the total of late pickups.\n"
        ),
        "c.txt": "Gamma Club Policy\n\n-x and @y are not formulas.\n",
    }
    return matrix([parse_bytes(t.encode(), name) for name, t in texts.items()])


def test_csv_escapes_formulas() -> None:
    assert csv_cell("=cmd") == "'=cmd"
    assert csv_cell("+1") == "'+1"
    assert csv_cell("-x") == "'-x"
    assert csv_cell("@y") == "'@y"
    assert csv_cell("plain") == "plain"
    m = _hostile()
    rows = list(csv.reader(io.StringIO(render_csv(m).decode("utf-8"))))
    assert rows[0] == ["group", "section", "consensus", "support", "document", "source", "state", "text"]
    consensus = [row[2] for row in rows[1:]]
    assert any(c.startswith("'=cmd") for c in consensus)
    assert any(c.startswith("'+1") for c in consensus)
    assert any(c.startswith("'-x") for c in consensus)
    for row in rows[1:]:
        assert row[2][:1] not in ("=", "+", "-", "@")
        assert row[7][:1] not in ("=", "+", "-", "@")
        assert row[6] in {s.value for s in CellState} - {"missing"}
    # Sparse: one row per document holding a group, every clause once.
    assert len(rows) - 1 == sum(len(p.clauses) for p in m.documents)
    assert {row[5] for row in rows[1:]} == {"a.txt", "b.txt", "c.txt"}


_VOID = {"meta", "br", "hr", "img", "input", "link", "col", "wbr"}


class _Nesting(HTMLParser):
    """Checks that every element is closed, in order (void elements aside)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids.extend(v for k, v in attrs if k == "id" and v is not None)
        if tag not in _VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, (tag, self.stack[-5:])
        self.stack.pop()


def _check_well_formed(page: str) -> None:
    checker = _Nesting()
    checker.feed(page)
    checker.close()
    assert checker.stack == []
    assert len(checker.ids) == len(set(checker.ids)), "duplicate ids"


def test_html_is_escaped_well_formed_and_fetches_nothing() -> None:
    page = render_html(_hostile()).decode("utf-8")
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "default-src 'none'" in html.unescape(page)
    _check_well_formed(page)
    lowered = page.lower()
    for needle in ("src=", "http://", "https://", "@import", "url("):
        assert needle not in lowered
    assert "<details>" in page


def test_html_family_has_every_state_symbol(family: Matrix) -> None:
    page = render_html(family).decode("utf-8")
    _check_well_formed(page)
    for symbol in ("✓", "~", "↕", "✗"):
        assert symbol in page
    assert "Proposed harmonised master" in page
    assert "Deviations by document" in page


def test_markdown_lists_deviations(family: Matrix) -> None:
    text = render_markdown(family).decode("utf-8")
    assert "## Proposed harmonised master" in text
    assert "hilltop" in text.lower()


def test_redlines_written_per_document(tmp_path: Path, family: Matrix) -> None:
    for fmt in ("json", "html", "md", "docx"):
        folder = tmp_path / fmt
        folder.mkdir()
        written = redlines(family, folder, fmt)
        assert len(written) == len(family.documents)
        assert all(p.exists() and p.suffix == "." + fmt for p in written)
    assert zipfile.is_zipfile(written[0])
    first = json.loads((tmp_path / "json" / written[0].with_suffix(".json").name).read_text("utf-8"))
    jsonschema.validate(first, load_schema("comparison"))
    assert first["left"]["source"] == "consensus"


# --- Synthetic families (hypothesis) ---


@dataclass(frozen=True)
class Family:
    policies: tuple[Policy, ...]
    expected: tuple[tuple[int, str, str], ...]
    """(document, a word of the template clause or the added clause, expected state)."""


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(5, 9)))


def _family(seed: int, n_clauses: int, n_copies: int) -> Family:
    rng = random.Random(seed)
    template = [[_word(rng) for _ in range(rng.randint(8, 14))] for _ in range(n_clauses)]
    docs: list[list[list[str]]] = [[list(c) for c in template]]
    expected: list[tuple[int, str, str]] = []
    kinds = ["word", "remove", "add", "move"]
    # Each copy makes one known edit, each to a different template clause (1 .. n-3 for moves).
    targets = rng.sample(range(1, n_clauses - 2), n_copies)
    for d, k in enumerate(targets, start=1):
        clauses = [list(c) for c in template]
        kind = kinds[(d - 1) % len(kinds)]
        anchor = template[k][0]
        if kind == "word":
            clauses[k][len(clauses[k]) // 2] = "changed" + _word(rng)
            expected.append((d, anchor, "variant"))
        elif kind == "remove":
            del clauses[k]
            expected.append((d, anchor, "missing"))
        elif kind == "add":
            new = [_word(rng) for _ in range(10)]
            clauses.insert(k, new)
            expected.append((d, new[0], "same"))
            expected.append((0, new[0], "missing"))
        else:
            clauses.append(clauses.pop(k))
            expected.append((d, anchor, "moved"))
        docs.append(clauses)
    policies = tuple(
        parse_bytes(
            ("\n\n".join(" ".join(c).capitalize() + "." for c in doc) + "\n").encode("utf-8"),
            f"site-{d}.txt",
        )
        for d, doc in enumerate(docs)
    )
    return Family(policies, tuple(expected))


def _canonical(m: Matrix) -> list[dict[str, Any]]:
    """Return the matrix's groups with cells keyed by source, so document order does not matter."""
    data = json.loads(render_json(m))
    sources = [d["source"] for d in data["documents"]]
    out = []
    for g in data["groups"]:
        cells = {sources[c["document"]]: {k: v for k, v in c.items() if k != "document"} for c in g["cells"]}
        out.append({**{k: v for k, v in g.items() if k != "cells"}, "cells": dict(sorted(cells.items()))})
    return out


SYNTHETIC = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SYNTHETIC
@given(seed=st.integers(0, 2**32), n_clauses=st.integers(10, 20), n_copies=st.integers(3, 7))
def test_known_edits_land_in_the_right_group_and_state(seed: int, n_clauses: int, n_copies: int) -> None:
    fam = _family(seed, n_clauses, n_copies)
    m = matrix(fam.policies)
    for d, anchor, state in fam.expected:
        groups = [g for g in m.groups if anchor in g.consensus.lower().split()]
        assert len(groups) == 1, anchor
        assert groups[0].cell(d).state.value == state, (d, anchor, groups[0].cell(d))
    # Everything not edited is the same as the consensus.
    touched = {(d, a) for d, a, _ in fam.expected}
    for g in m.groups:
        for cell in g.cells:
            first = g.consensus.lower().split()[0]
            if (cell.document, first.rstrip(".")) not in touched and cell.state is not CellState.MISSING:
                assert cell.state is CellState.SAME, (g.consensus, cell)


@SYNTHETIC
@given(
    seed=st.integers(0, 2**32),
    n_clauses=st.integers(10, 20),
    n_copies=st.integers(3, 7),
    order=st.randoms(use_true_random=False),
)
def test_permuted_inputs_give_the_same_matrix(
    seed: int, n_clauses: int, n_copies: int, order: random.Random
) -> None:
    fam = _family(seed, n_clauses, n_copies)
    shuffled = list(fam.policies)
    order.shuffle(shuffled)
    assert _canonical(matrix(fam.policies)) == _canonical(matrix(shuffled))


@SYNTHETIC
@given(seed=st.integers(0, 2**32), n_clauses=st.integers(10, 20), n_copies=st.integers(3, 7))
def test_baseline_rows_follow_the_baseline(seed: int, n_clauses: int, n_copies: int) -> None:
    fam = _family(seed, n_clauses, n_copies)
    m = matrix(fam.policies[1:], baseline=fam.policies[0])
    assert m.baseline == 0
    rows = [g for g in m.groups if not g.added]
    assert [g.cell(0).clauses for g in rows] == [(c.id,) for c in fam.policies[0].clauses]
    for d, anchor, state in fam.expected:
        (group,) = [g for g in m.groups if anchor in g.consensus.lower().split()]
        if d == 0:
            assert group.added and group.cell(0).state is CellState.MISSING
        elif group.added:
            assert group.cell(d).state is CellState.ADDED
        else:
            assert group.cell(d).state.value == state


def test_group_id_is_the_hash_of_the_consensus(family: Matrix) -> None:
    import hashlib

    for g in family.groups:
        digest = hashlib.sha256(g.consensus.encode("utf-8")).hexdigest()[:10]
        assert g.id.startswith("g-" + digest)


def test_text_view_has_a_line_per_group(family: Matrix) -> None:
    text = render_text(family).decode("utf-8")
    for g in family.groups:
        assert g.id in text


def test_redlines_against_a_baseline_skip_it(tmp_path: Path) -> None:
    policies = [parse(p) for p in FAMILY[:3]]
    m = matrix(policies[1:], baseline=policies[0])
    written = redlines(m, tmp_path, "json")
    assert len(written) == 2
    for path in written:
        data = json.loads(path.read_text("utf-8"))
        assert data["left"]["source"] == policies[0].source
    with pytest.raises(UsageError):
        redlines(m, tmp_path, "pdf")
    with pytest.raises(UsageError):
        redlines(m, tmp_path / "absent", "json")
