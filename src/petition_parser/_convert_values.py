"""The strict value hooks of the converter: what a dict or JSON value may be.

Integers are integers (not ``"12"`` or ``12.5``) of at most 18 digits, floats are
finite, strings hold no lone surrogate, ``refreshed_at`` has no UTC offset and history
times have one: exactly the values the Markdown can hold, so that whatever
``from_dict`` takes, ``render`` writes and ``parse`` reads back.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from contextvars import ContextVar
from datetime import datetime, timezone
from typing import Any

import cattrs

from ._format import INT_LIMIT

__all__ = [
    "NO_SURROGATES",
    "has_surrogate",
    "local_time",
    "register_value_hooks",
    "texts_free_of_surrogates",
    "typed_columns",
    "utc_time",
    "whole_numbers_fit",
]

#: True while structuring data that cannot hold lone surrogates (orjson read it), so
#: that the strings need not be searched for them again.
NO_SURROGATES: ContextVar[bool] = ContextVar("no_surrogates", default=False)


def _strict_int(value: object, _: object) -> int:
    if type(value) is not int:
        raise TypeError(f"expected an integer, found {_short(value)}")
    if not -INT_LIMIT < value < INT_LIMIT:
        raise ValueError(f"expected a whole number of at most 18 digits, found {_short(value)}")
    return value


def _strict_bool(value: object, _: object) -> bool:
    if type(value) is not bool:
        raise TypeError(f"expected true or false, found {_short(value)}")
    return value


def _strict_float(value: object, _: object) -> float:
    if type(value) is not float and type(value) is not int:
        raise TypeError(f"expected a number, found {_short(value)}")
    try:
        number = float(value)
    except OverflowError:  # an integer beyond the largest float
        number = math.inf
    if not math.isfinite(number):
        raise ValueError(f"expected a finite number, found {_short(value)}")
    return number


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _strict_str(value: object, _: object) -> str:
    if type(value) is not str:
        raise TypeError(f"expected a string, found {_short(value)}")
    if not NO_SURROGATES.get() and has_surrogate(value):
        raise ValueError(f"expected text, found a lone surrogate in {_short(value)}")
    return value


def has_surrogate(text: str) -> bool:
    """A lone surrogate: the standard library's JSON reader makes one of "\\ud800";
    no file can hold one, so no format here takes it.  (Only non-ASCII text can hold
    one, and isascii() is a flag lookup; encoding is the fastest full check.)"""
    if text.isascii():
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


# -- whole columns: a table of objects checked in C-level passes -----------------------
#
# The fast paths of the converters' tables (a report's signature rows, the API's count
# objects) take a table a column at a time when every value passes these; anything
# else goes to the generated hooks, which name the value that does not.


def typed_columns(
    rows: list[Any],
    getters: Sequence[Callable[[Any], Any]],
    allowed: Sequence[set[type]],
) -> tuple[list[list[Any]], list[set[type]]] | None:
    """The columns of ``rows`` (one per getter) and the types found in each, when every
    row has every key and each value's type is among its column's ``allowed``; else
    None (a row that is not an object, a key missing, a value of another type)."""
    try:
        columns = [list(map(get, rows)) for get in getters]
    except (KeyError, TypeError, IndexError):
        return None
    found = [set(map(type, column)) for column in columns]
    return (columns, found) if all(map(set.issubset, found, allowed)) else None


def whole_numbers_fit(column: list[int]) -> bool:
    """Every number of a (non-empty) column within the grammar's 18 digits."""
    return max(column) < INT_LIMIT and min(column) > -INT_LIMIT


def texts_free_of_surrogates(columns: Iterable[list[str | None]]) -> bool:
    """No lone surrogate in the text columns (None cells left out): one encode a column,
    and none for what orjson read (``NO_SURROGATES``)."""
    return NO_SURROGATES.get() or not any(has_surrogate("".join(filter(None, c))) for c in columns)


def _iso_datetime(value: object, _: object) -> datetime:
    if type(value) is not str:
        raise TypeError(f"expected an ISO 8601 date-time string, found {_short(value)}")
    return datetime.fromisoformat(value)


def local_time(value: object, type_: object) -> datetime | None:
    """``refreshed_at``: a naive local time, as the report prints it; None for the early
    layouts A-D, which print none."""
    if value is None:
        return None
    parsed = _iso_datetime(value, type_)
    if parsed.tzinfo is not None:
        raise ValueError(f"expected a local time without a UTC offset, found {value!r}")
    return parsed


def utc_time(value: object, type_: object) -> datetime | None:
    """A History time: None, or a time with its UTC offset (reports print UTC)."""
    if value is None:
        return None
    parsed = _iso_datetime(value, type_)
    if parsed.utcoffset() is None:
        raise ValueError(f"expected a time with a UTC offset such as +00:00, found {value!r}")
    try:
        parsed.astimezone(timezone.utc)
    except OverflowError:
        raise ValueError(
            f"expected a time within the years 1 to 9999 in UTC, found {value!r}"
        ) from None
    return parsed


def register_value_hooks(converter: cattrs.Converter) -> None:
    converter.register_structure_hook(int, _strict_int)
    converter.register_structure_hook(bool, _strict_bool)
    converter.register_structure_hook(float, _strict_float)
    converter.register_structure_hook(str, _strict_str)
    converter.register_structure_hook(datetime, _iso_datetime)
