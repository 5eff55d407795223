"""A pipe table's rows as columns of raw cell strings, with its shape checked.

The block rule hands over a whole table as one ``raw`` string.  Reading it row by
row (split each line, check its ends, count its cells) costs more than the values
themselves, so the common case is done in a few C-level string operations:

1. Split the body once on ``" | "``.  In a well-formed table of ``k`` columns and
   ``n`` rows that gives ``(k - 1) * n + 1`` pieces, and every ``(k - 1)``-th piece
   spans a row boundary: ``"12.34 |\\n| 7"`` (last cell of one row, first of the next).
2. Join those boundary pieces with tabs and match them against
   ``(?:\\| FIRST\\tLAST \\|\\n)*``, where FIRST and LAST match no tab or line break.
   Each matched line holds exactly one tab and every tab is a join, so every
   boundary piece holds exactly one line break and the other pieces none: each row
   has exactly ``k`` cells, starts with ``"| "`` and ends with ``" |"``.  The same
   match checks the first and last cells' values (ranks and percentages).
3. Every column is then a slice of the pieces; the first and last columns come out
   of the joined boundary text.

Anything else (a bad row, or a tab in a first or last cell) takes the row-by-row
path, which finds and reports the bad row, or returns the same columns.
"""

from __future__ import annotations

import re

from .._blocks import Token
from .._reader import Reader

__all__ = ["ANY_CELL", "columns", "line_offset", "split_ends"]

#: Any first or last cell: the row-end check needs only that it holds no tab or line break.
ANY_CELL = r"[^\t\n]*"
_ROW_ENDS: dict[tuple[str, str], re.Pattern[str]] = {}


def columns(r: Reader, tok: Token, section: str, header: tuple[str, str]) -> list[list[str]]:
    """The body's cells, one list per column, without the outer pipes."""
    body, k = _body(r, tok, section, header)
    fast = _split(body, k, _row_ends(ANY_CELL, ANY_CELL))
    if fast is None:
        return _row_by_row(r, tok, section, body, k)
    middle, ends = fast
    firsts_lasts = ends[2:-3].replace(" |\n| ", "\t").split("\t") if ends else []
    return [firsts_lasts[::2], *middle, firsts_lasts[1::2]]


def split_ends(
    r: Reader, tok: Token, section: str, header: tuple[str, str], first: str, last: str
) -> tuple[list[list[str]], str] | None:
    """The middle columns and the row-ends text ``"| FIRST\\tLAST |\\n" * n``, or None.

    ``first`` and ``last`` are patterns (no tab, no line break) that the first and
    last cells are checked against in the same match as the row shape.  None means
    that check failed: call :func:`columns` for the cells, or the error.
    """
    body, k = _body(r, tok, section, header)
    return _split(body, k, _row_ends(first, last))


def _body(r: Reader, tok: Token, section: str, header: tuple[str, str]) -> tuple[str, int]:
    """The rows after the two header lines, and the number of columns."""
    raw: str = tok["raw"]
    head = f"{header[0]}\n{header[1]}\n"
    if not raw.startswith(head):
        raise _header_error(r, tok, section, header)
    if "\r" in raw:
        raise r.error(
            tok["pos"] + raw.index("\r"),
            "expected a table row on one line, found a carriage return",
            section,
        )
    if not raw.endswith("\n"):
        raise r.error(tok["pos"] + len(raw), "expected a line break at the end of the row", section)
    return raw[len(head) :], header[0].count(" | ") + 1


def _split(body: str, k: int, row_ends: re.Pattern[str]) -> tuple[list[list[str]], str] | None:
    if not body:
        return [[] for _ in range(k - 2)], ""
    pieces = body.split(" | ")
    if len(pieces) != (k - 1) * body.count("\n") + 1:
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
    rows = []
    for i, line in enumerate(body.split("\n")[:-1], start=2):
        cells = line.split(" | ")
        if len(cells) < 2 or not cells[0].startswith("| ") or not cells[-1].endswith(" |"):
            raise r.error(
                line_offset(tok, i),
                f"expected a table row like '| ... |', found {line!r}",
                section,
                width=len(line),
            )
        if len(cells) != k:
            raise r.error(
                line_offset(tok, i),
                f"expected {k} cells in this row, found {len(cells)}",
                section,
                width=len(line),
            )
        rows.append([cells[0][2:], *cells[1:-1], cells[-1][:-2]])
    return [list(column) for column in zip(*rows, strict=True)]


def _header_error(r: Reader, tok: Token, section: str, header: tuple[str, str]) -> Exception:
    lines = tok["raw"].split("\n", 2)
    for i, want in enumerate(header):
        line = lines[i] if i < len(lines) else ""
        if line != want:
            found = repr(line) if line else "the end of the table"
            return r.error(
                line_offset(tok, min(i, len(lines) - 1)),
                f"expected the table header line {want!r}, found {found}",
                section,
                width=max(1, len(line)),
            )
    # The two header lines are right but the second has no line break.
    return r.error(tok["pos"] + len(tok["raw"]), "expected a line break after the header", section)


def line_offset(tok: Token, index: int) -> int:
    """Source offset of line ``index`` (0 = the header line) of a table token."""
    raw: str = tok["raw"]
    pos = 0
    for _ in range(index):
        pos = raw.index("\n", pos) + 1
    return int(tok["pos"]) + pos
