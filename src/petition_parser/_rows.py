"""Building many table rows at once: columns to frozen row objects, fast.

The parser reads a table as columns (``Rows``); ``parse`` and the converter turn
columns into row objects here, one slot at a time for all rows.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator, Sequence
from itertools import repeat
from typing import Any, TypeVar

import attrs
from attrs import define

__all__ = ["Rows", "positions", "rows_from_columns"]

T = TypeVar("T")


@define(frozen=True)
class Rows:
    """A table read as columns, not yet made into row objects.

    The parser's sections return their tables this way; ``parse`` builds the rows
    (``build``), and the flat tables take the columns as they are.
    """

    cls: type[Any]
    columns: tuple[list[Any], ...]

    def build(self) -> tuple[Any, ...]:
        return rows_from_columns(self.cls, self.columns)


def rows_from_columns(cls: type[T], columns: Sequence[Sequence[Any]]) -> tuple[T, ...]:
    """``tuple(map(cls, *columns))`` for a table-row class, about twice as fast.

    A frozen attrs ``__init__`` pays one ``object.__setattr__`` call per field and
    row; for the 650-row constituency table that was a quarter of ``parse``
    (figures in docs/performance.md).  Here
    each field's slot is filled for every row by one C-level ``map``.  Used by the
    parser and by the converter; the row classes have no validators, converters or
    post-init hooks for it to skip (checked on first use).
    """
    setters = _SLOT_SETTERS.get(cls) or _SLOT_SETTERS.setdefault(cls, _slot_setters(cls))
    rows = list(map(_new_object, repeat(cls, len(columns[0]))))
    for setter, column in zip(setters, columns, strict=True):
        deque(map(setter, rows, column), maxlen=0)
    return tuple(rows)


def _slot_setters(cls: type) -> list[Callable[[Any, Any], None]]:
    fields = attrs.fields(cls)
    if any(f.validator or f.converter for f in fields) or hasattr(cls, "__attrs_post_init__"):
        raise TypeError(f"{cls.__name__} must be built through its __init__")
    return [cls.__dict__[f.name].__set__ for f in fields]


_new_object = object.__new__
#: Per row class (a handful of classes, never per document).
_SLOT_SETTERS: dict[type, list[Callable[[Any, Any], None]]] = {}


def positions(values: Sequence[Any], value: Any) -> Iterator[int]:
    """Where ``value`` stands in ``values``, found by C-level scans (``count``, then
    ``index``): for the few special rows of a table (Unknown, a vacant seat), far
    faster than comparing every row in Python."""
    at = -1
    for _ in range(values.count(value)):
        at = values.index(value, at + 1)
        yield at
