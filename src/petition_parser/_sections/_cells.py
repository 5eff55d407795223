"""What the tables share: cell values, whole-column conversion, and cell checks for render.

Every value is read by converting it and then checking that printing it back gives
the same characters.  That one rule is what makes ``render`` the exact inverse of
``parse``: ``int`` accepts ``" 7"``, ``"+7"``, ``"7_0"`` and Arabic-Indic digits,
``float`` accepts ``"nan"``, but none of them prints back as it was written.

The big tables are converted a column at a time with ``map`` (the loops run in C);
only when a column fails does ``diagnose_table`` walk the rows to say which cell is
wrong and why.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import datetime, timezone

from .._blocks import Token
from .._errors import PetitionParseError, UnrepresentableError
from .._reader import Reader

__all__ = [
    "check_text_cell",
    "count_column",
    "diagnose_table",
    "format_count",
    "int_column",
    "parse_count",
    "parse_date_time",
    "parse_int",
    "parse_percentage",
    "percentage_column",
    "table_body",
]

_format_count = "{:,}".format
_format_percentage = "{:.2f}".format


def format_count(n: int) -> str:
    return _format_count(n)


# -- one value (small tables, single lines, and the diagnosis of big tables) --------


def parse_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = None
    if value is None or str(value) != text:
        raise ValueError(f"expected a whole number, found {text!r}")
    return value


def parse_count(text: str) -> int:
    try:
        value = int(text.replace(",", ""))
    except ValueError:
        value = None
    if value is None or _format_count(value) != text:
        raise ValueError(
            f"expected a signature count with thousands separators like 1,234, found {text!r}"
        )
    return value


def parse_percentage(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or _format_percentage(value) != text:
        raise ValueError(f"expected a percentage with two decimals like 12.34, found {text!r}")
    return value


def parse_date_time(date: str, time: str) -> datetime:
    """``YYYY-MM-DD`` and ``HH:MM:SS`` as a naive datetime; ValueError otherwise."""
    try:
        value = datetime.fromisoformat(f"{date}T{time}")
    except ValueError:
        value = None
    if (
        value is None
        or value.tzinfo is not None
        or value.date().isoformat() != date
        or value.time().isoformat() != time
    ):
        raise ValueError(
            f"expected a date and time like 2022-03-26 14:00:15, found {date + ' ' + time!r}"
        )
    return value


def format_utc(value: datetime, field: str) -> tuple[str, str]:
    """The Date and Time cells of a History row."""
    if value.tzinfo is None:
        raise UnrepresentableError(field, "history times must be timezone-aware (UTC)")
    value = value.astimezone(timezone.utc)
    if value.microsecond:
        raise UnrepresentableError(field, "history times are whole seconds")
    return value.date().isoformat(), value.time().isoformat()


# -- whole columns (the fast path of the big tables) --------------------------------


def table_body(r: Reader, tok: Token, section: str, header: Sequence[list[str]]) -> list[list[str]]:
    """The data rows' cells, after checking the header lines and each row's shape."""
    rows: list[list[str]] = tok["rows"]
    bad_line: int = tok["bad_line"]
    n_header = len(header)
    if rows[:n_header] != list(header) or 0 <= bad_line < n_header:
        lines = tok["raw"].split("\n")
        for i, expected in enumerate(header):
            want = "| " + " | ".join(expected) + " |"
            if i >= len(lines) or lines[i] != want:
                pos = tok["pos"] + sum(len(line) + 1 for line in lines[:i])
                found = repr(lines[i]) if i < len(lines) and lines[i] else "the end of the table"
                raise r.error(
                    pos,
                    f"expected the table header line {want!r}, found {found}",
                    section,
                    width=max(1, len(lines[i]) if i < len(lines) else 1),
                )
    if bad_line != -1:
        lines = tok["raw"].split("\n")
        pos = tok["pos"] + sum(len(line) + 1 for line in lines[:bad_line])
        line = lines[bad_line]
        if "\r" in line:
            col = line.index("\r")
            raise r.error(
                pos + col, "expected a table row on one line, found a carriage return", section
            )
        if bad_line == len(lines) - 1 and not tok["raw"].endswith("\n"):
            raise r.error(pos + len(line), "expected a line break at the end of the row", section)
        raise r.error(
            pos, f"expected a table row like '| ... |', found {line!r}", section, width=len(line)
        )
    body = rows[n_header:]
    ncols = len(header[0])
    if body and (len(body[0]) != ncols or len(set(map(len, body))) != 1):
        for i, cells in enumerate(body):
            if len(cells) != ncols:
                pos = line_offset(tok, n_header + i)
                raise r.error(
                    pos,
                    f"expected {ncols} cells in this row, found {len(cells)}",
                    section,
                    width=len(tok["raw"][pos - tok["pos"] :].split("\n")[0]),
                )
    return body


def int_column(cells: Sequence[str]) -> list[int]:
    """Whole numbers; ValueError unless every cell prints back as written."""
    values = list(map(int, cells))
    if list(map(str, values)) != list(cells):
        raise ValueError
    return values


def count_column(cells: Sequence[str]) -> list[int]:
    """Counts with thousands separators; ValueError unless every cell prints back."""
    if not cells:
        return []
    # One replace over the joined column instead of one per cell.
    values = list(map(int, "\n".join(cells).replace(",", "").split("\n")))
    if list(map(_format_count, values)) != list(cells):
        raise ValueError
    return values


def percentage_column(cells: Sequence[str]) -> list[float]:
    """Two-decimal percentages; ValueError unless every cell prints back."""
    values = list(map(float, cells))
    if list(map(_format_percentage, values)) != list(cells) or not all(map(math.isfinite, values)):
        raise ValueError
    return values


def line_offset(tok: Token, index: int) -> int:
    """Source offset of line ``index`` of a table token."""
    raw: str = tok["raw"]
    pos = 0
    for _ in range(index):
        pos = raw.index("\n", pos) + 1
    return int(tok["pos"]) + pos


def diagnose_table(
    r: Reader,
    tok: Token,
    section: str,
    n_header: int,
    body: list[list[str]],
    checks: Sequence[Callable[[str], object] | None],
) -> PetitionParseError:
    """The error for the first cell that a column conversion rejected."""
    for i, cells in enumerate(body):
        for j, (cell, check) in enumerate(zip(cells, checks, strict=False)):
            if check is None:
                continue
            try:
                check(cell)
            except ValueError as exc:
                column = 2 + sum(len(c) + 3 for c in cells[:j])
                pos = line_offset(tok, n_header + i) + column
                return r.error(pos, str(exc), section, width=max(1, len(cell)))
    # Not reached while the column and cell checks agree; never pass bad input silently.
    return r.error(tok["pos"], "expected a well-formed table", section)


# -- render -------------------------------------------------------------------------


def check_text_cell(text: str, field: str) -> None:
    """Refuse a text cell that would not read back as itself.

    Reading splits a row on ``" | "`` from the left, so the cell must not contain it,
    nor end so that it runs into the separator after it (``"a |"``, ``" |"``).
    """
    if (text + " | ").find(" | ") != len(text):
        raise UnrepresentableError(field, f"a table cell cannot contain ' | ': {text!r}")
    if "\n" in text or "\r" in text:
        raise UnrepresentableError(field, f"a table cell cannot hold a line break: {text!r}")


def check_percentage(value: float, field: str) -> str:
    text = _format_percentage(value)
    if not math.isfinite(value) or float(text) != value:
        raise UnrepresentableError(
            field, f"percentages are printed with two decimals; {value!r} would read back as {text}"
        )
    return text
