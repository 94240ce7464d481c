"""pandoc's own table syntaxes (simple, multiline, grid), read by docutils' table parsers.

pandoc's Markdown writer (`-t markdown`) and its plain-text writer write a table without pipes: a simple
table (a header, a line of dashes per column, a row a line), a multiline table (rows separated by blank
lines between two full lines of dashes) or a grid table (`+---+` borders). The same table from a GFM writer
is a pipe table, a cell a clause; read as text, pandoc's table was one paragraph of all its cells
(decision 0009, session 27).

This module finds where such a table starts and ends, as pandoc's manual describes, and leaves the cells to
docutils: a grid table is the same syntax as reST's, and a simple or multiline table becomes a reST simple
table with a border of `=` in place of its line of dashes. docutils joins the lines of a cell, checks that
no text sits between two columns, and reads column spans; any markup error leaves the lines as they were.
"""

from __future__ import annotations

from collections.abc import Callable

from policydiff._values import dataclass

Row = list[tuple[int, str]]
"""A row's cells: each with the line it starts on (from the table's first line) and its text."""

MAX_LINES = 2000
"""Lines of one table at most: a longer run of rows is read as text (docutils' parse of a table is
linear in its lines, but a hostile file of one table per line must not rescan the same lines)."""

MAX_COLUMNS = 30
MAX_WIDTH = 1_000
"""Columns and characters a line at most: docutils' time on a simple table grows with its columns times
its width (30,000 columns took minutes); at these limits 1,990 rows (2 MB) take 2.3 s. Wider tables are
read as text."""


@dataclass(frozen=True, slots=True)
class Table:
    """A pandoc table read: its length in lines and its header and body rows."""

    lines: int
    """How many lines the table takes."""
    head: list[Row]
    body: list[Row]


def _dashes(line: str) -> int:
    """Return how many runs of dashes a line of dashes and spaces holds (0 for any other line, and for one
    over `MAX_WIDTH` or `MAX_COLUMNS`)."""
    stripped = line.strip(" ")
    if not stripped or stripped[0] != "-" or stripped.strip("- ") or len(line) > MAX_WIDTH:
        return 0
    runs = stripped.count(" -") + 1  # a run opens after a space
    return runs if runs <= MAX_COLUMNS else 0


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def read_table(get: Callable[[int], str | None]) -> Table | None:
    """Read the pandoc table whose first line is `get(0)` (a line, or None past the block's end); None when
    the lines there are not one.

    `get` gives lines with tabs expanded, indented as in the block holding them.
    """
    first = get(0)
    if first is None:
        return None
    if first.lstrip(" ").startswith("+-"):
        return _grid(get)
    runs = _dashes(first)
    if runs == 1 and len(first.strip()) >= 3:  # a multiline table's top line
        return _multiline(get)
    if runs >= 2:  # a table without a header: its columns' dashes first
        return _headless(get)
    if runs == 0 and first.strip():
        return _simple(get)
    return None


def _blank_or_end(line: str | None) -> bool:
    return line is None or not line.strip()


def _simple(get: Callable[[int], str | None]) -> Table | None:
    """A header line, its columns' dashes (two columns at least: one is a setext heading), a row a line,
    to a blank line or a closing line of dashes."""
    columns = get(1)
    if columns is None or _dashes(columns) < 2:
        return None
    rows: list[int] = []
    k = 2
    while k < MAX_LINES:
        line = get(k)
        if _blank_or_end(line):
            break
        assert line is not None
        if _dashes(line):
            if not _blank_or_end(get(k + 1)):
                return None
            k += 1
            break
        rows.append(k)
        k += 1
    else:
        return None
    if not rows:
        return None
    return _parse(get, columns, [[0]], [[r] for r in rows], k)


def _multiline(get: Callable[[int], str | None]) -> Table | None:
    """A full line of dashes, header lines, the columns' dashes (two columns at least), rows separated by
    blank lines, a full line of dashes and a blank line."""
    k = 1
    header: list[int] = []
    while k < MAX_LINES:
        line = get(k)
        if _blank_or_end(line):
            return None
        assert line is not None
        if _dashes(line):
            break
        header.append(k)
        k += 1
    else:
        return None
    columns = get(k)
    assert columns is not None
    if not header or _dashes(columns) < 2:
        return None  # one column: a reST title between its over- and underline, as often as a table
    end = _rows_to_closing_line(get, k + 1)
    if end is None:
        return None
    closing, chunks = end
    return _parse(get, columns, [header], chunks, closing + 1)


def _headless(get: Callable[[int], str | None]) -> Table | None:
    """The columns' dashes, then rows: a row a line to the same dashes (simple), or rows separated by blank
    lines to a full line of dashes (multiline); a blank line after."""
    columns = get(0)
    assert columns is not None
    end = _rows_to_closing_line(get, 1)
    if end is None:
        return None
    closing, chunks = end
    if _dashes(get(closing) or "") >= 2:  # a simple table: each line a row, no blank line between
        if len(chunks) != 1:
            return None
        chunks = [[r] for r in chunks[0]]
    return _parse(get, columns, [], chunks, closing + 1)


def _rows_to_closing_line(get: Callable[[int], str | None], k: int) -> tuple[int, list[list[int]]] | None:
    """Return the closing line of dashes (followed by a blank line or the end) and the rows before it, each
    its lines; None when the next line of dashes closes nothing or none comes."""
    chunks: list[list[int]] = []
    current: list[int] = []
    while k < MAX_LINES:
        line = get(k)
        if line is None:
            return None
        if not line.strip():
            if current:
                chunks.append(current)
                current = []
        elif _dashes(line):
            if current:
                chunks.append(current)
            if not chunks or not _blank_or_end(get(k + 1)):
                return None
            return k, chunks
        else:
            current.append(k)
        k += 1
    return None


def _parse(
    get: Callable[[int], str | None], columns: str, head: list[list[int]], body: list[list[int]], size: int
) -> Table | None:
    """Let docutils read the rows as a reST simple table: the columns' dashes become its `=` borders, and a
    first column of our own (`x` on a row's first line) keeps each row apart, as pandoc reads them."""
    from docutils.parsers.rst.tableparser import (  # type: ignore[import-untyped]
        SimpleTableParser,
        TableMarkupError,
    )
    from docutils.statemachine import StringList  # type: ignore[import-untyped]

    indent = _indent(columns)
    border = "= " + columns[indent:].rstrip().replace("-", "=")
    source: list[str] = [border]
    starts: list[int] = []

    def add(rows: list[list[int]]) -> bool:
        for row in rows:
            starts.append(row[0])
            for number, k in enumerate(row):
                line = get(k) or ""
                if len(line) > MAX_WIDTH:
                    return False
                if line.strip() and _indent(line) < indent:
                    return False  # text left of the first column
                if not line.strip(" ="):
                    return False  # a reST simple table's border: its dashes underline a column span
                source.append(("x " if number == 0 else "  ") + line[indent:])
        return True

    if not add(head):
        return None
    if head:
        source.append(border)
    if not add(body):
        return None
    source.append(border)
    try:
        _, head_rows, body_rows = SimpleTableParser().parse(StringList(source))
    except TableMarkupError:
        return None
    if len(head_rows) != len(head) or len(body_rows) != len(body):
        return None
    return Table(size, _rows(head_rows, starts[: len(head)]), _rows(body_rows, starts[len(head) :]))


def _rows(parsed: list[list[list[object]]], starts: list[int]) -> list[Row]:
    """docutils' rows without our first column: each cell's lines, stripped, one text."""
    return [[(start, _text(cell[3])) for cell in row[1:]] for row, start in zip(parsed, starts, strict=True)]


def _text(block: object) -> str:
    lines = [str(line).strip() for line in block]  # type: ignore[attr-defined]
    return "\n".join(line for line in lines if line)


def _grid(get: Callable[[int], str | None]) -> Table | None:
    """A grid table, reST's own syntax (pandoc's alignment colons in its borders aside)."""
    from docutils.parsers.rst.tableparser import GridTableParser, TableMarkupError
    from docutils.statemachine import StringList

    first = get(0)
    assert first is not None
    indent = _indent(first)
    width = len(first.rstrip()) - indent
    if width > MAX_WIDTH or first.count("+") > MAX_COLUMNS + 1:
        return None
    source: list[str] = []
    k = 0
    while k < MAX_LINES:
        line = get(k)
        if line is None or _indent(line) != indent or line[indent : indent + 1] not in ("+", "|"):
            break
        body = line[indent:].rstrip()
        if len(body) != width or body[-1] not in "+|":
            return None  # docutils asks for a rectangle, as its reST reader checks first
        if body.startswith("+"):
            body = body.replace(":", "=" if "=" in body else "-")
        source.append(body)
        k += 1
    else:
        return None
    try:
        _, head_rows, body_rows = GridTableParser().parse(StringList(source))
    except (TableMarkupError, IndexError):  # an IndexError too, if a corner is missing: not a table
        return None
    return Table(k, _grid_rows(head_rows), _grid_rows(body_rows))


def _grid_rows(parsed: list[list[object]]) -> list[Row]:
    rows: list[Row] = []
    for row in parsed:
        cells: Row = []
        for cell in row:
            if cell is None:  # spanned by a cell before it
                continue
            cells.append((int(cell[2]), _text(cell[3])))  # type: ignore[index]
        rows.append(cells)
    return rows
