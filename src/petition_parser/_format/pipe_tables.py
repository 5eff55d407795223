"""Pipe tables: a table token to columns of cells and values, and cells back to rows.

The block rule hands over a whole table as one ``text``.  Reading it row by row
(split each line, check its ends, count its cells) costs more than the values
themselves, so the common case is done in a few C-level string operations
(figures in docs/performance.md):

1. Count ``" | "`` and line breaks: a table of ``k`` columns and ``n`` rows has
   ``(k - 1) * n`` separators, or it is not well formed (and nothing is split).
2. Split the body once on ``" | "``: every ``(k - 1)``-th piece spans a row
   boundary, ``"12.34 |\\n| 7"`` (last cell of one row, first of the next).
3. Join those boundary pieces with tabs and match them against
   ``(?:\\| FIRST\\tLAST \\|\\n)*``, where FIRST and LAST match no tab or line break.
   Each matched line holds exactly one tab and every tab is a join, so every
   boundary piece holds exactly one line break and the other pieces none: each row
   has exactly ``k`` cells, starts with ``"| "`` and ends with ``" |"``.  The same
   match checks the first and last cells' values (ranks and percentages).
4. Every column is then a slice of the pieces; the first and last columns come out
   of the joined boundary text.

Anything else takes the row-by-row path (``_row_by_row``), which walks the
lines and reports the first bad one, or returns the same columns; a column whose
values fail their grammar goes to ``diagnose``, which names the bad cell.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from .._errors import PetitionParseError, shorten
from .blocks import Token
from .reader import Reader
from .values import (
    COUNT,
    INT,
    PERCENTAGE,
    parse_count,
    parse_int,
    parse_percentage,
    read_numbers,
)

__all__ = [
    "ANY_CELL",
    "columns",
    "diagnose",
    "line_offset",
    "signature_table",
    "table_text",
]

Header = tuple[str, str]
Check = Callable[[str], object] | None

#: Any first or last cell: the row-end check needs only that it holds no tab or line break.
ANY_CELL = r"[^\t\n]*"
_ROW_ENDS: dict[tuple[str, str], re.Pattern[str]] = {}
_COUNT_COLUMN = re.compile(f"(?:(?:{COUNT})\n)*")


def columns(r: Reader, tok: Token, section: str, header: Header) -> list[list[str]]:
    """The body's cells, one list per column, without the outer pipes."""
    body, k = _body(r, tok, section, header)
    fast = _split(body, k, _row_ends(ANY_CELL, ANY_CELL))
    if fast is None:
        return _row_by_row(r, tok, section, body, k)
    middle, ends = fast
    firsts_lasts = ends[2:-3].replace(" |\n| ", "\t").split("\t") if ends else []
    return [firsts_lasts[::2], *middle, firsts_lasts[1::2]]


def signature_table(
    r: Reader, section: str, header: Header, checks: Sequence[Check], blank: bool = True
) -> tuple[list[int], list[list[str]], list[int], list[float]]:
    """``### {section}``, a blank line (where ``blank``), and a
    ``| # | name ... | Signatures | % |`` table.

    Returns ranks, text columns, counts and percentages.  ``checks`` are the
    single-cell parsers of each column (None for text), used only to name the bad
    cell when a column fails.
    """
    r.expect_heading(3, section, section)
    if blank:
        r.expect_blank(section, "the heading")
    tok = r.expect_table(section)
    body, k = _body(r, tok, section, header)
    fast = _split(body, k, _row_ends(INT, PERCENTAGE))
    if fast is not None:
        (*texts, counts), ends = fast
        if not counts:
            return [], texts, [], []
        joined_counts = "\n".join(counts)
        if _COUNT_COLUMN.fullmatch(joined_counts + "\n") is not None:
            # Ranks and percentages alternate in the checked row ends: "| 1\t0.57 |\n".
            numbers = read_numbers(ends[2:-3].replace(" |\n| ", ",").replace("\t", ","))
            counts_read = read_numbers(joined_counts.replace(",", "").replace("\n", ","))
            return numbers[::2], texts, counts_read, numbers[1::2]
    # Not the common case: read the cells one column at a time, and say what is wrong.
    cells = columns(r, tok, section, header)
    try:
        return (
            list(map(parse_int, cells[0])),
            cells[1:-2],
            list(map(parse_count, cells[-2])),
            list(map(parse_percentage, cells[-1])),
        )
    except ValueError:
        raise diagnose(r, tok, section, cells, checks) from None


def table_text(r: Reader, section: str, header: Header, blank: bool = True) -> str:
    """``### {section}``, a blank line (where ``blank``), and the table's rows unread: the
    text after its two header lines (every row ends in a line break; no carriage
    return), for a reader that checks and splits many tables at once (the native
    column builder, ``_tables/native.py``)."""
    r.expect_heading(3, section, section)
    if blank:
        r.expect_blank(section, "the heading")
    tok = r.expect_table(section)
    return _body(r, tok, section, header)[0]


def diagnose(
    r: Reader, tok: Token, section: str, cells: Sequence[Sequence[str]], checks: Sequence[Check]
) -> PetitionParseError:
    """The error for the first cell (in row order) that its column's check refuses."""
    for i in range(len(cells[0])):
        row = [column[i] for column in cells]
        for j, (cell, check) in enumerate(zip(row, checks, strict=True)):
            if check is None:
                continue
            try:
                check(cell)
            except ValueError as exc:
                column = 2 + sum(len(c) + 3 for c in row[:j])
                pos = line_offset(tok, 2 + i) + column
                return r.error(pos, str(exc), section, width=max(1, len(cell)))
    # Not reached while the column and cell checks agree; never pass bad input silently.
    return r.error(tok.pos, "expected a well-formed table", section)


def line_offset(tok: Token, index: int) -> int:
    """Source offset of line ``index`` (0 = the header line) of a table token."""
    pos = 0
    for _ in range(index):
        pos = tok.text.index("\n", pos) + 1
    return tok.pos + pos


def _body(r: Reader, tok: Token, section: str, header: Header) -> tuple[str, int]:
    """The rows after the two header lines, and the number of columns."""
    raw = tok.text
    head = f"{header[0]}\n{header[1]}\n"
    if not raw.startswith(head):
        raise _header_error(r, tok, section, header)
    cr = raw.find("\r")
    if cr != -1:
        raise r.error(
            tok.pos + cr, "expected a table row on one line, found a carriage return", section
        )
    if not raw.endswith("\n"):
        raise r.error(tok.pos + len(raw), "expected a line break at the end of the row", section)
    return raw[len(head) :], header[0].count(" | ") + 1


def _split(body: str, k: int, row_ends: re.Pattern[str]) -> tuple[list[list[str]], str] | None:
    if not body:
        return [[] for _ in range(k - 2)], ""
    # At most as many pieces as a well-formed table has: a malformed 10 MB table is not
    # split into millions of them.  (Splitting with a limit and looking for one more
    # separator in the last piece costs a third of counting them first.)
    separators = (k - 1) * body.count("\n")
    pieces = body.split(" | ", separators)
    if len(pieces) != separators + 1 or " | " in pieces[-1]:
        return None
    ends = "\t".join(pieces[:: k - 1])
    if row_ends.fullmatch(ends) is None:
        return None
    return [pieces[m :: k - 1] for m in range(1, k - 1)], ends


def _row_ends(first: str, last: str) -> re.Pattern[str]:
    pattern = _ROW_ENDS.get((first, last))
    if pattern is None:
        pattern = re.compile(f"(?:\\| (?:{first})\t(?:{last}) \\|\n)*")
        _ROW_ENDS[first, last] = pattern
    return pattern


def _row_by_row(r: Reader, tok: Token, section: str, body: str, k: int) -> list[list[str]]:
    # Walks the lines with str.find rather than splitting the body: a bad table stops
    # at its first bad row without first making a string of every line.
    rows = []
    start, body_pos = 0, tok.pos + len(tok.text) - len(body)
    while start < len(body):
        end = body.index("\n", start)  # the body ends with a line break (_body)
        line = body[start:end]
        cells = line.split(" | ")
        if len(cells) < 2 or not cells[0].startswith("| ") or not cells[-1].endswith(" |"):
            raise r.error(
                body_pos + start,
                f"expected a table row like '| ... |', found {shorten(line)}",
                section,
                width=len(line),
            )
        if len(cells) != k:
            raise r.error(
                body_pos + start,
                f"expected {k} cells in this row, found {len(cells)}",
                section,
                width=len(line),
            )
        rows.append([cells[0][2:], *cells[1:-1], cells[-1][:-2]])
        start = end + 1
    return [list(column) for column in zip(*rows, strict=True)] or [[] for _ in range(k)]


def _header_error(r: Reader, tok: Token, section: str, header: Header) -> PetitionParseError:
    lines = tok.text.split("\n", 2)
    for i, want in enumerate(header):
        line = lines[i] if i < len(lines) else ""
        if line != want:
            found = shorten(line) if line else "the end of the table"
            return r.error(
                line_offset(tok, min(i, len(lines) - 1)),
                f"expected the table header line {want!r}, found {found}",
                section,
                width=max(1, len(line)),
            )
    # The two header lines are right but the second has no line break.
    return r.error(tok.pos + len(tok.text), "expected a line break after the header", section)
