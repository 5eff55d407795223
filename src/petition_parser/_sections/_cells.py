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

import json
import math
import re
from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from typing import Any

from .._blocks import Token
from .._errors import PetitionParseError, UnrepresentableError
from .._reader import Reader
from ._table import columns, line_offset, split_ends

__all__ = [
    "check_percentage",
    "check_text_cell",
    "check_text_column",
    "count_column",
    "diagnose_table",
    "format_count",
    "format_refreshed",
    "int_column",
    "parse_count",
    "parse_date_time",
    "parse_int",
    "parse_percentage",
    "percentage_column",
    "percentage_texts",
    "read_refreshed",
    "signature_columns",
]

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
_INT_COLUMN, _COUNT_COLUMN, _PERCENTAGE_COLUMN = (
    re.compile(f"(?:(?:{p})\n)*") for p in (_INT, _COUNT, _PERCENTAGE)
)
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


#: How reports and index pages say when they were made (a naive local time).
REFRESHED = "Last refreshed "


def read_refreshed(r: Reader, line: str, pos: int, section: str) -> datetime:
    """The ``Last refreshed YYYY-MM-DD HH:MM:SS`` line of a report or an index page."""
    if not line.startswith(REFRESHED):
        raise r.error(
            pos,
            f"expected 'Last refreshed YYYY-MM-DD HH:MM:SS', found {line!r}",
            section,
            width=len(line),
        )
    date, _, time = line[len(REFRESHED) :].partition(" ")
    try:
        return parse_date_time(date, time)
    except ValueError as exc:
        raise r.error(
            pos + len(REFRESHED), str(exc), section, width=len(line) - len(REFRESHED)
        ) from None


def format_refreshed(value: datetime) -> str:
    """The ``Last refreshed ...`` line (no line break), refusing what it cannot hold."""
    if value.tzinfo is not None or value.microsecond:
        raise UnrepresentableError(
            "refreshed_at", "the refresh time is a naive local time in whole seconds"
        )
    return f"{REFRESHED}{value.isoformat(sep=' ')}"


def format_utc(value: datetime, field: str) -> tuple[str, str]:
    """The Date and Time cells of a History row."""
    if value.tzinfo is None:
        raise UnrepresentableError(field, "history times must be timezone-aware (UTC)")
    value = value.astimezone(timezone.utc)
    if value.microsecond:
        raise UnrepresentableError(field, "history times are whole seconds")
    return value.date().isoformat(), value.time().isoformat()


# -- whole columns (the fast path of the big tables) --------------------------------


def int_column(cells: Sequence[str]) -> list[int]:
    """Whole numbers; ValueError unless every cell is written as ``str(n)`` writes it."""
    if not cells:
        return []
    if _INT_COLUMN.fullmatch("\n".join(cells) + "\n") is None:
        raise ValueError
    return list(map(int, cells))


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
    """Percentages like ``12.34``; ValueError unless every cell is written that way."""
    if not cells:
        return []
    if _PERCENTAGE_COLUMN.fullmatch("\n".join(cells) + "\n") is None:
        raise ValueError
    return list(map(float, cells))


def signature_columns(
    r: Reader, tok: Token, section: str, header: tuple[str, str]
) -> tuple[list[int], list[list[str]], list[int], list[float]]:
    """A ``| # | name ... | Signatures | % |`` table: ranks, text columns, counts, percentages."""
    fast = split_ends(r, tok, section, header, first=_INT, last=_PERCENTAGE)
    if fast is not None:
        (*texts, counts), ends = fast
        joined_counts = "\n".join(counts)
        if not counts:
            return [], texts, [], []
        if _COUNT_COLUMN.fullmatch(joined_counts + "\n") is not None:
            # Ranks and percentages alternate in the checked row ends: "| 1\t0.57 |\n".
            numbers = _read_numbers(ends[2:-3].replace(" |\n| ", ",").replace("\t", ","))
            counts_read = _read_numbers(joined_counts.replace(",", "").replace("\n", ","))
            return numbers[::2], texts, counts_read, numbers[1::2]
    # Not the common case: read the cells one column at a time, and say what is wrong.
    cells = columns(r, tok, section, header)
    ranks, *texts, counts, percentages = cells
    try:
        return (
            int_column(ranks),
            texts,
            count_column(counts),
            percentage_column(percentages),
        )
    except ValueError:
        checks = (parse_int, *[None] * len(texts), parse_count, parse_percentage)
        raise diagnose_table(r, tok, section, cells, checks) from None


def _read_numbers(text: str) -> list[Any]:
    """Comma-separated numbers that a grammar above has already checked.

    The standard library's JSON scanner reads a list of numbers in C, twice as fast
    as ``map(int, ...)`` over split strings; every checked form (``-1``, ``0``,
    ``26625``, ``-0.00``, ``99.70``) is a JSON number of the right type.
    """
    numbers: list[Any] = json.loads(f"[{text}]")
    return numbers


def diagnose_table(
    r: Reader,
    tok: Token,
    section: str,
    columns: Sequence[Sequence[str]],
    checks: Sequence[Callable[[str], object] | None],
) -> PetitionParseError:
    """The error for the first cell that a column conversion rejected."""
    for i in range(len(columns[0])):
        cells = [column[i] for column in columns]
        for j, (cell, check) in enumerate(zip(cells, checks, strict=True)):
            if check is None:
                continue
            try:
                check(cell)
            except ValueError as exc:
                column = 2 + sum(len(c) + 3 for c in cells[:j])
                pos = line_offset(tok, 2 + i) + column
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


def check_text_column(cells: Sequence[str], field: str) -> None:
    """``check_text_cell`` for a whole column, in a few C-level scans.

    ``field`` is a template such as ``"signatures_by_country[{}].name"``; the cells
    are looked at one by one only to name the one that is refused.
    """
    joined = "\n".join(cells) + "\n"
    if " | " in joined or " |\n" in joined or "\r" in joined or joined.count("\n") != len(cells):
        for i, text in enumerate(cells):
            check_text_cell(text, field.format(i))


def percentage_texts(values: Sequence[float], field: str) -> list[str]:
    """The percentages as the report prints them, refusing any that would not read back."""
    texts = list(map(_format_percentage, values))
    # A new float from each text: NaN never equals itself, so it cannot slip through.
    if list(map(float, texts)) != list(values) or max(map(abs, values)) >= _PERCENTAGE_LIMIT:
        for i, value in enumerate(values):
            check_percentage(value, field.format(i))
    return texts


def check_percentage(value: float, field: str) -> str:
    text = _format_percentage(value)
    if not math.isfinite(value) or float(text) != value or abs(value) >= _PERCENTAGE_LIMIT:
        raise UnrepresentableError(
            field, f"percentages are printed with two decimals; {value!r} would read back as {text}"
        )
    return text
