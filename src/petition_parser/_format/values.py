"""The value grammar: how the reporting script writes numbers, times and links, both ways.

Every value is read against a grammar of exactly what the script prints
(``str(n)``, ``f"{n:,}"``, ``f"{x:.2f}"``, ``isoformat``).  That one rule is what
makes ``render`` the exact inverse of ``parse``: ``int`` alone accepts ``" 7"``,
``"+7"``, ``"7_0"`` and Arabic-Indic digits, ``float`` accepts ``"nan"``, and none of
them prints back as it was written.

Limits, so that whatever is read fits the tables and survives the float:
whole numbers have at most 18 digits (every one fits a 64-bit integer column, and
Python's int() never meets its 4,300-digit limit); percentages at most 13 integer
digits.  The same limits bound what ``render`` writes and what ``from_dict`` takes.

Whole columns are checked with one regular-expression match over the joined
column and converted in C; ``pipe_tables.py`` diagnoses a column that fails, cell by
cell, with the single-value parsers here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime, timezone
from fractions import Fraction
from typing import Any

from .._errors import UnrepresentableError
from .._json import read_array

__all__ = [
    "COUNT",
    "INT",
    "INT_LIMIT",
    "PERCENTAGE",
    "PERCENTAGE_LIMIT",
    "REFRESHED",
    "count_column",
    "format_count",
    "format_link",
    "format_percentage",
    "format_refreshed",
    "format_utc",
    "int_column",
    "parse_count",
    "parse_date",
    "parse_date_time",
    "parse_int",
    "parse_percent_suffixed",
    "parse_percentage",
    "percentage",
    "percentage_column",
    "percentage_text",
    "read_numbers",
    "split_link",
]

#: Whole numbers are less than this in size: at most 18 digits (see the module doc).
INT_LIMIT = 10**18
PERCENTAGE_LIMIT = 1e13

INT = r"0|-?[1-9][0-9]{0,17}"
COUNT = r"0|-?[1-9][0-9]{0,2}(?:,[0-9]{3}){0,5}"
PERCENTAGE = r"-?(?:0|[1-9][0-9]{0,12})\.[0-9]{2}"
_INT_RE, _COUNT_RE, _PERCENTAGE_RE = (re.compile(p) for p in (INT, COUNT, PERCENTAGE))
#: Whole columns, joined with (and ended by) "\n": one C-level match per column.
_INT_COLUMN, _COUNT_COLUMN, _PERCENTAGE_COLUMN = (
    re.compile(f"(?:(?:{p})\n)*") for p in (INT, COUNT, PERCENTAGE)
)

format_count = "{:,}".format
format_percentage = "{:.2f}".format


# -- one value ----------------------------------------------------------------------


def parse_int(text: str) -> int:
    if _INT_RE.fullmatch(text) is None:
        raise ValueError(f"expected a whole number of at most 18 digits, found {_short(text)}")
    return int(text)


def parse_count(text: str) -> int:
    if _COUNT_RE.fullmatch(text) is None:
        raise ValueError(
            "expected a signature count with thousands separators like 1,234 "
            f"(at most 18 digits), found {_short(text)}"
        )
    return int(text.replace(",", ""))


def parse_percentage(text: str) -> float:
    if _PERCENTAGE_RE.fullmatch(text) is None:
        raise ValueError(
            f"expected a percentage with two decimals like 12.34, found {_short(text)}"
        )
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
            f"expected a date and time like 2022-03-26 14:00:15, found {_short(date + ' ' + time)}"
        )
    return value


def parse_date(text: str) -> date:
    """``YYYY-MM-DD``, as the Date Created column writes it."""
    try:
        value = date.fromisoformat(text)
    except ValueError:
        value = None
    if value is None or value.isoformat() != text:
        raise ValueError(f"expected a date like 2019-02-14, found {_short(text)}")
    return value


def parse_percent_suffixed(text: str) -> float:
    if not text.endswith("%"):
        raise ValueError(f"expected a percentage like 95.91%, found {_short(text)}")
    return parse_percentage(text[:-1])


def format_utc(value: datetime, field: str) -> tuple[str, str]:
    """The Date and Time cells of a History row (UTC)."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise UnrepresentableError(field, "history times must be timezone-aware (UTC)")
    try:
        value = value.astimezone(timezone.utc)
    except OverflowError:  # 0001-01-01 00:00 at +01:00 is before the first UTC datetime
        raise UnrepresentableError(field, "the time is out of range in UTC") from None
    if value.microsecond:
        raise UnrepresentableError(field, "history times are whole seconds")
    return value.date().isoformat(), value.time().isoformat()


#: How reports and index pages say when they were made (a naive local time).
REFRESHED = "Last refreshed "


def format_refreshed(value: datetime) -> str:
    """The ``Last refreshed ...`` line (no line break), refusing what it cannot hold."""
    if value.tzinfo is not None or value.microsecond:
        raise UnrepresentableError(
            "refreshed_at", "the refresh time is a naive local time in whole seconds"
        )
    return f"{REFRESHED}{value.isoformat(sep=' ')}"


def _short(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:37] + "...")


# -- percentages: the one formula -----------------------------------------------------


def percentage_text(count: int, total: int) -> str:
    """``100 * count / total`` as the script prints it (two decimals); ``0.00`` for total 0.

    Beyond the range of floats (hand-made values only) the exact quotient is
    rounded half to even, as ``format`` rounds.
    """
    if total == 0:
        return "0.00"
    try:
        return format_percentage(100 * count / total)
    except OverflowError:
        hundredths = round(Fraction(100 * count, total) * 100)
        whole, cents = divmod(abs(hundredths), 100)
        return f"{'-' if hundredths < 0 else ''}{whole}.{cents:02d}"


def percentage(count: int, total: int) -> float:
    """``percentage_text``, read back: the value a report's % cell holds."""
    return float(percentage_text(count, total))


# -- whole columns (the fast path of the big tables) --------------------------------


def int_column(cells: Sequence[str]) -> list[int]:
    """Whole numbers; ValueError unless every cell is written as ``str(n)`` writes it."""
    if cells and _INT_COLUMN.fullmatch("\n".join(cells) + "\n") is None:
        raise ValueError
    return list(map(int, cells))


def count_column(cells: Sequence[str]) -> list[int]:
    """Counts like ``1,234``; ValueError unless every cell is written as ``f"{n:,}"``."""
    if not cells:
        return []
    joined = "\n".join(cells)
    if _COUNT_COLUMN.fullmatch(joined + "\n") is None:
        raise ValueError
    # One replace and one C-level read over the joined column instead of one per cell.
    return read_numbers(joined.replace(",", "").replace("\n", ","))


def percentage_column(cells: Sequence[str]) -> list[float]:
    """Percentages like ``12.34``; ValueError unless every cell is written that way."""
    if cells and _PERCENTAGE_COLUMN.fullmatch("\n".join(cells) + "\n") is None:
        raise ValueError
    return list(map(float, cells))


def read_numbers(text: str) -> list[Any]:
    """Comma-separated numbers that a grammar above has already checked.

    A JSON scanner reads a list of numbers in C, twice as fast as ``map(int, ...)``
    over split strings (orjson's, when installed, three times as fast again); every
    checked form (``-1``, ``0``, ``26625``, ``-0.00``, ``99.70``) is a JSON number of
    the right type, and none has the digits that would make it refuse one (see
    docs/performance.md).  Both read a decimal as the nearest float, as ``float`` does.
    """
    return read_array(text)


# -- links ------------------------------------------------------------------------------
#
# ``[TEXT](URL)`` as the script writes it: no escaping, so the URL runs from the last
# "](" to the closing ")".  Read exactly, not through a Markdown inline parser: the
# script wrote URLs with raw spaces (which Markdown does not take for links), and an
# inline parser spends quadratic time on a long run of "[".


def split_link(text: str, start: int = 0, end: int | None = None) -> tuple[str, str] | None:
    """``(TEXT, URL)`` of ``[TEXT](URL)`` (``text[start:end]``), or None when it is not
    of that form."""
    # The ends first, and offsets rather than a slice: a line of megabytes that is not a
    # link is refused without a search or a copy of it (docs/performance.md).
    end = len(text) if end is None else min(end, len(text))
    if not text.startswith("[", start, end) or not text.endswith(")", start, end):
        return None
    split = text.rfind("](", start, end)
    if split <= start:  # none, or no "[" before it
        return None
    return text[start + 1 : split], text[split + 2 : end - 1]


def format_link(text: str, url: str, field: str) -> str:
    """``[TEXT](URL)``, refusing what ``split_link`` would not read back."""
    if "\n" in text or "\r" in text or "\n" in url or "\r" in url:
        raise UnrepresentableError(field, "a link cannot hold a line break")
    if "](" in url:
        raise UnrepresentableError(field, f"a link's url cannot hold '](': {url!r}")
    return f"[{text}]({url})"
