"""`Blocks`: a document's blocks as rows, each `Block` made when read, equal to the tuple it stands for."""

from __future__ import annotations

import copy
import pickle

import pytest

from policydiff._values import replace
from policydiff.model import Block, BlockKind, Blocks, Document, Location, Span
from policydiff.readers.text import read_text

_ROWS = [
    (BlockKind.HEADING, "Scope", 1, None, "atx", (), Location(1), (), False, True),
    (
        BlockKind.PARAGRAPH,
        "Staff sign in.",
        0,
        None,
        "text",
        (Span(0, 5, bold=True),),
        Location(2),
        (),
        False,
        False,
    ),
    (BlockKind.LIST_ITEM, "one", 0, None, "bullet", (), Location(3), (), False, True),
]


def test_blocks_are_the_tuple_of_the_blocks_of_their_rows() -> None:
    made = tuple(Block(*row) for row in _ROWS)
    blocks = Blocks(_ROWS)
    assert blocks[1] == made[1]
    assert blocks[1] is blocks[1]  # made once
    assert blocks[-1] == made[-1]
    assert blocks[0:2] == made[0:2]
    assert len(blocks) == 3
    assert list(blocks) == list(made)
    assert blocks == made
    assert made == blocks
    assert blocks == Blocks(_ROWS)
    assert blocks != made[:2]
    assert hash(blocks) == hash(made)
    assert repr(blocks) == repr(made)
    assert made[2] in blocks
    assert pickle.loads(pickle.dumps(blocks)) == made
    assert copy.deepcopy(blocks) == made
    with pytest.raises(IndexError):
        Blocks(_ROWS)[3]
    assert Blocks([]) == ()
    assert not Blocks([])


def test_blocks_from_columns_are_the_blocks_of_their_rows() -> None:
    made = tuple(Block(*row) for row in _ROWS)
    columns = tuple(list(column) for column in zip(*_ROWS, strict=True))
    blocks = Blocks.from_columns(columns, [0, 1])  # type: ignore[arg-type]
    assert blocks.others == [0, 1]
    assert blocks.columns is columns
    assert list(blocks.rows) == _ROWS
    assert Blocks(_ROWS).columns == tuple(zip(*_ROWS, strict=True))
    assert blocks[1] == made[1]
    assert blocks[1] is blocks[1]
    assert blocks[-1] == made[-1]
    assert blocks[0:2] == made[0:2]
    assert len(blocks) == 3
    assert list(blocks) == list(made)
    assert blocks == made == Blocks(_ROWS)
    assert hash(blocks) == hash(made)
    assert repr(blocks) == repr(made)
    assert pickle.loads(pickle.dumps(blocks)) == made
    with pytest.raises(IndexError):
        blocks[3]
    empty = Blocks.from_columns(((),) * 10)
    assert empty == () and not empty and len(empty) == 0
    assert Blocks([]).columns == ((),) * 10


def test_a_document_with_blocks_equals_the_document_with_their_tuple() -> None:
    document = read_text(b"Title Policy\n\n* one *item*\n- two\nParagraph one.\n", "x.txt", "")
    assert isinstance(document.blocks, Blocks)
    as_tuple = replace(document, blocks=tuple(document.blocks))
    assert document == as_tuple
    assert hash(document) == hash(as_tuple)
    assert repr(document) == repr(as_tuple)
    assert pickle.loads(pickle.dumps(document)) == as_tuple
    assert isinstance(Document("x", "", "text", document.blocks).blocks, Blocks)
