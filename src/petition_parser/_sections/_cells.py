"""What the tables share: cell values, whole-column conversion, and cell checks for render.

Every value is read against a grammar of exactly what the reporting script prints
(``str(n)``, ``f"{n:,}"``, ``f"{x:.2f}"``).  That one rule is what makes ``render``
the exact inverse of ``parse``: ``int`` alone accepts ``" 7"``, ``"+7"``, ``"7_0"``
and Arabic-Indic digits, ``float`` accepts ``"nan"``, and none of them prints back
as it was written.

The big tables are checked a column at a time (one regular-expression match over
the joined column) and converted with ``map`` (the loops run in C); only when a
column fails does ``diagnose_table`` walk the rows to say which cell is wrong and why.
"""

from __future__ import annotations

import math
import re
from collections import deque
from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from itertools import repeat
from typing import Any, TypeVar

import attrs

from .._blocks import Token
from .._errors import PetitionParseError, UnrepresentableError
from .._model import ConstituencySignatures, CountrySignatures
from .._reader import Reader

__all__ = [
    "build_rows",
    "check_percentage",
    "check_text_cell",
    "count_column",
    "diagnose_table",
    "format_count",
    "parse_count",
    "parse_date_time",
    "parse_int",
    "parse_percentage",
    "percentage_column",
    "rank_column",
    "strip_row",
    "table_body",
]

T = TypeVar("T")

_format_count = "{:,}".format
_format_percentage = "{:.2f}".format


def format_count(n: int) -> str:
    return _format_count(n)


# -- one value (small tables, single lines, and the diagnosis of big tables) --------
#
# The grammar of each number is exactly what the reporting script prints: str(n),
# f"{n:,}" and f"{x:.2f}".  ``int`` alone would also take " 7", "+7", "7_0" and
# Arabic-Indic digits, none of which prints back as written.  Percentages are
# limited to 13 integer digits, so that every accepted one survives the float.

_INT = r"0|-?[1-9][0-9]*"
_COUNT = r"0|-?[1-9][0-9]{0,2}(?:,[0-9]{3})*"
_PERCENTAGE = r"-?(?:0|[1-9][0-9]{0,12})\.[0-9]{2}"
_INT_RE, _COUNT_RE, _PERCENTAGE_RE = (re.compile(p) for p in (_INT, _COUNT, _PERCENTAGE))
#: Whole columns, joined with (and ended by) "\n": one C-level match per column.
#: The rank column is the first and keeps the row's "| "; percentages are the last
#: and keep its " |".
_RANK_COLUMN = re.compile(f"(?:\\| (?:{_INT})\n)*")
_COUNT_COLUMN = re.compile(f"(?:(?:{_COUNT})\n)*")
_PERCENTAGE_COLUMN = re.compile(f"(?:(?:{_PERCENTAGE}) \\|\n)*")
_PERCENTAGE_LIMIT = 1e13


def parse_int(text: str) -> int:
    if _INT_RE.fullmatch(text) is None:
        raise ValueError(f"expected a whole number, found {text!r}")
    return int(text)


def parse_count(text: str) -> int:
    if _COUNT_RE.fullmatch(text) is None:
        raise ValueError(
            f"expected a signature count with thousands separators like 1,234, found {text!r}"
        )
    return int(text.replace(",", ""))


def parse_percentage(text: str) -> float:
    if _PERCENTAGE_RE.fullmatch(text) is None:
        raise ValueError(f"expected a percentage with two decimals like 12.34, found {text!r}")
    return float(text)


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


def table_body(r: Reader, tok: Token, section: str, header: Sequence[str]) -> list[list[str]]:
    """The data rows, after checking the header lines and each row's cell count.

    Rows are as the block rule split them: the first cell keeps its leading ``"| "``
    and the last its trailing ``" |"`` (see ``_blocks``); ``strip_row`` and the
    column functions check and drop them.
    """
    raw: str = tok["raw"]
    n_header = len(header)
    lines = () if raw.startswith("\n".join((*header, ""))) else raw.split("\n", n_header)
    for i, (want, line) in enumerate(zip(header, lines, strict=False)):
        if line != want:
            found = repr(line) if line else "the end of the table"
            raise r.error(
                line_offset(tok, i),
                f"expected the table header line {want!r}, found {found}",
                section,
                width=max(1, len(line)),
            )
    if raw.count("\n") < n_header:
        raise r.error(tok["pos"] + len(raw), "expected the table header lines and rows", section)
    if "\r" in raw:
        raise r.error(
            tok["pos"] + raw.index("\r"),
            "expected a table row on one line, found a carriage return",
            section,
        )
    if not raw.endswith("\n"):
        raise r.error(tok["pos"] + len(raw), "expected a line break at the end of the row", section)
    body: list[list[str]] = tok["rows"][n_header:]
    ncols = header[0].count(" | ") + 1
    if body and (len(body[0]) != ncols or len(set(map(len, body))) != 1):
        for i, cells in enumerate(body):
            if len(cells) != ncols:
                check_shape(r, tok, section, n_header + i, cells)
                raise r.error(
                    line_offset(tok, n_header + i),
                    f"expected {ncols} cells in this row, found {len(cells)}",
                    section,
                    width=len(" | ".join(cells)),
                )
    return body


def check_shape(r: Reader, tok: Token, section: str, index: int, cells: list[str]) -> None:
    """Raise unless the row reads ``| ... |``."""
    if len(cells) < 2 or not cells[0].startswith("| ") or not cells[-1].endswith(" |"):
        line = " | ".join(cells)
        raise r.error(
            line_offset(tok, index),
            f"expected a table row like '| ... |', found {line!r}",
            section,
            width=len(line),
        )


def strip_row(r: Reader, tok: Token, section: str, index: int, cells: list[str]) -> list[str]:
    """The row's cells without the outer pipes (small tables, row by row)."""
    check_shape(r, tok, section, index, cells)
    return [cells[0][2:], *cells[1:-1], cells[-1][:-2]]


def rank_column(cells: Sequence[str]) -> list[int]:
    """The first column (``| 12``); ValueError unless every rank is written as str(n)."""
    if not cells:
        return []
    joined = "\n".join(cells)
    if _RANK_COLUMN.fullmatch(joined + "\n") is None:
        raise ValueError
    return list(map(int, joined.replace("| ", "").split("\n")))


def count_column(cells: Sequence[str]) -> list[int]:
    """Counts like ``1,234``; ValueError unless every cell is written as ``f"{n:,}"``."""
    if not cells:
        return []
    joined = "\n".join(cells)
    if _COUNT_COLUMN.fullmatch(joined + "\n") is None:
        raise ValueError
    # One replace over the joined column instead of one per cell.
    return list(map(int, joined.replace(",", "").split("\n")))


def percentage_column(cells: Sequence[str]) -> list[float]:
    """The last column (``12.34 |``); ValueError unless every cell is written that way."""
    if not cells:
        return []
    joined = "\n".join(cells)
    if _PERCENTAGE_COLUMN.fullmatch(joined + "\n") is None:
        raise ValueError
    return list(map(float, joined.replace(" |", "").split("\n")))


def build_rows(cls: type[T], columns: Sequence[Sequence[Any]]) -> tuple[T, ...]:
    """``tuple(map(cls, *columns))`` for a frozen, slotted attrs class, twice as fast.

    A frozen attrs ``__init__`` pays one ``object.__setattr__`` call per field and
    row; for the 650-row constituency table that was a quarter of ``parse``.  Here
    each field's slot is filled for every row by one C-level ``map``.  Only for
    classes with no validators, converters or post-init (checked at import).
    """
    setters = _SLOT_SETTERS[cls]
    rows = list(map(_new_object, repeat(cls, len(columns[0]))))
    for setter, column in zip(setters, columns, strict=True):
        deque(map(setter, rows, column), maxlen=0)
    return tuple(rows)


def _slot_setters(cls: type) -> list[Callable[[Any, Any], None]]:
    fields = attrs.fields(cls)
    assert all(f.validator is None and f.converter is None for f in fields)
    assert not hasattr(cls, "__attrs_post_init__")
    return [cls.__dict__[f.name].__set__ for f in fields]


_new_object = object.__new__
_SLOT_SETTERS: dict[type, list[Callable[[Any, Any], None]]] = {
    cls: _slot_setters(cls) for cls in (CountrySignatures, ConstituencySignatures)
}


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
    for i, row in enumerate(body):
        cells = strip_row(r, tok, section, n_header + i, row)
        for j, (cell, check) in enumerate(zip(cells, checks, strict=True)):
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
    if not math.isfinite(value) or float(text) != value or abs(value) >= _PERCENTAGE_LIMIT:
        raise UnrepresentableError(
            field, f"percentages are printed with two decimals; {value!r} would read back as {text}"
        )
    return text
