"""Dicts and JSON: one cattrs converter for every model class.

The converter is cattrs' JSON preset (datetimes as ISO 8601 strings) with strict
primitives: a JSON document whose ``signature_count`` is ``"12"`` or ``12.5`` is
refused rather than quietly coerced.  Errors are PetitionParseErrors naming the
JSON path of the bad value.

The two signature tables (about 700 rows in a full report) have hand-written
hooks that work a column at a time; cattrs' generated hooks, one call per row and
field, cost twice as much as parsing the Markdown.  A table that is not exactly
right goes to the generated hook, which names the bad value's path.

JSON text is read and written by ``_json.py``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime, timezone
from operator import itemgetter
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn, override
from cattrs.preconf.json import make_converter
from cattrs.v import format_exception

from ._errors import PetitionParseError
from ._format import INT_LIMIT
from ._json import dumps, json_backend, loads
from ._model import (
    ConstituencySignatures,
    CountrySignatures,
    History,
    Petition,
    PetitionIndex,
    rows_from_columns,
)

__all__ = [
    "converter",
    "from_dict",
    "from_json",
    "index_from_dict",
    "index_to_dict",
    "structure",
    "to_dict",
    "to_json",
]

T = TypeVar("T")

converter = make_converter()


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
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"expected a finite number, found {value!r}")
    return number


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _strict_str(value: object, _: object) -> str:
    if type(value) is not str:
        raise TypeError(f"expected a string, found {_short(value)}")
    if _has_surrogate(value):
        raise ValueError(f"expected text, found a lone surrogate in {_short(value)}")
    return value


def _has_surrogate(text: str) -> bool:
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


def _iso_datetime(value: object, _: object) -> datetime:
    if type(value) is not str:
        raise TypeError(f"expected an ISO 8601 date-time string, found {_short(value)}")
    return datetime.fromisoformat(value)


def _local_time(value: object, type_: object) -> datetime:
    """``refreshed_at``: a naive local time, as the report prints it."""
    parsed = _iso_datetime(value, type_)
    if parsed.tzinfo is not None:
        raise ValueError(f"expected a local time without a UTC offset, found {value!r}")
    return parsed


def _utc_time(value: object, type_: object) -> datetime | None:
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


converter.register_structure_hook(int, _strict_int)
converter.register_structure_hook(bool, _strict_bool)
converter.register_structure_hook(float, _strict_float)
converter.register_structure_hook(str, _strict_str)
converter.register_structure_hook(datetime, _iso_datetime)
# -- the signature tables, a column at a time --------------------------------------

_NONE_TYPE = type(None)
#: The types each field may hold in JSON (a percentage may be written as an integer).
_FIELD_TYPES: dict[str, set[type]] = {
    "rank": {int},
    "name": {str},
    "mp": {str, _NONE_TYPE},
    "signature_count": {int},
    "percentage": {float, int},
}


def _unstructure_countries(rows: tuple[CountrySignatures, ...]) -> list[dict[str, Any]]:
    return [
        {
            "rank": r.rank,
            "name": r.name,
            "signature_count": r.signature_count,
            "percentage": r.percentage,
        }
        for r in rows
    ]


def _unstructure_constituencies(rows: tuple[ConstituencySignatures, ...]) -> list[dict[str, Any]]:
    return [
        {
            "rank": r.rank,
            "name": r.name,
            "mp": r.mp,
            "signature_count": r.signature_count,
            "percentage": r.percentage,
        }
        for r in rows
    ]


def _structure_hook(cls: Any) -> Callable[[Any, Any], tuple[Any, ...]]:
    names = tuple(f.name for f in attrs.fields(cls))
    if names[-1] != "percentage":
        raise TypeError(f"{cls.__name__}: the percentage is expected last")
    getters = [itemgetter(name) for name in names]
    allowed_types = [_FIELD_TYPES[name] for name in names]
    generated = converter.get_structure_hook(tuple[cls, ...])

    def structure(data: Any, type_: Any) -> tuple[Any, ...]:
        if type(data) is list and data:
            try:
                columns = [list(map(get, data)) for get in getters]
            except (KeyError, TypeError, IndexError):
                return generated(data, type_)  # type: ignore[no-any-return]
            found_types = [set(map(type, column)) for column in columns]
            if all(map(set.issubset, found_types, allowed_types)) and _in_range(columns):
                if found_types[-1] != {float}:  # a percentage written as an integer
                    columns[-1] = list(map(float, columns[-1]))
                return rows_from_columns(cls, columns)
        # Anything else, including every error, goes through cattrs for its messages.
        return generated(data, type_)  # type: ignore[no-any-return]

    return structure


def _in_range(columns: list[list[Any]]) -> bool:
    """Ranks and counts within the 18-digit limit, percentages finite, texts free of lone
    surrogates (C-level scans)."""
    ranks, counts, percentages = columns[0], columns[-2], columns[-1]
    return (
        not any(_has_surrogate("".join(filter(None, column))) for column in columns[1:-2])
        and max(ranks) < INT_LIMIT
        and min(ranks) > -INT_LIMIT
        and max(counts) < INT_LIMIT
        and min(counts) > -INT_LIMIT
        and all(map(math.isfinite, percentages))
    )


def _exactly(wanted: Any) -> Callable[[Any], bool]:
    return lambda type_: bool(type_ == wanted)


for _rows_type, _unstructure, _structure in (
    (tuple[CountrySignatures, ...], _unstructure_countries, _structure_hook(CountrySignatures)),
    (
        tuple[ConstituencySignatures, ...],
        _unstructure_constituencies,
        _structure_hook(ConstituencySignatures),
    ),
):
    # Generic aliases cannot go through functools.singledispatch: match them exactly.
    converter.register_unstructure_hook_func(_exactly(_rows_type), _unstructure)
    converter.register_structure_hook_func(_exactly(_rows_type), _structure)


# After the table hooks: a generated hook captures the hooks of its fields' types.
# cattrs types the per-field overrides as keyword arguments it cannot know in advance.
_make_structure_fn: Any = make_dict_structure_fn
converter.register_structure_hook(
    History,
    _make_structure_fn(
        History,
        converter,
        **{f.name: override(struct_hook=_utc_time) for f in attrs.fields(History)},
    ),
)
converter.register_structure_hook(
    Petition,
    _make_structure_fn(Petition, converter, refreshed_at=override(struct_hook=_local_time)),
)


def _message(exc: BaseException, type_: Any) -> str:
    """Our hooks' own words ("expected ..., found ..."), cattrs' for the rest."""
    text = str(exc)
    if isinstance(exc, (ValueError, TypeError)) and text.startswith("expected "):
        return text
    return format_exception(exc, type_)


def structure(data: Any, cls: type[T], with_converter: cattrs.Converter = converter) -> T:
    """``converter.structure``, with cattrs' errors turned into one PetitionParseError."""
    try:
        return with_converter.structure(data, cls)
    except (cattrs.BaseValidationError, ValueError, TypeError, KeyError) as exc:
        messages = cattrs.transform_error(exc, format_exception=_message)
        first = messages[0] if messages else str(exc)
        description, _, path = first.rpartition(" @ ")
        more = f" (and {len(messages) - 1} more problems)" if len(messages) > 1 else ""
        raise PetitionParseError(f"{description or first}{more}", path=path or "$") from exc


def to_dict(petition: Petition) -> dict[str, Any]:
    """The petition as plain JSON-ready values (the documented dict shape)."""
    data: dict[str, Any] = converter.unstructure(petition)
    return data


def from_dict(data: dict[str, Any]) -> Petition:
    """The inverse of :func:`to_dict`; a PetitionParseError names any bad value's path."""
    return structure(data, Petition)


def to_json(petition: Petition, *, indent: int | None = None) -> str:
    """``to_dict`` as JSON text: compact, UTF-8 characters kept (not escaped).

    With ``indent``, one value per line, indented by that many spaces.
    """
    return dumps(to_dict(petition), indent)


def from_json(text: str | bytes) -> Petition:
    """The inverse of :func:`to_json`: JSON text or UTF-8 bytes.

    Raises :class:`PetitionParseError` for text that is not JSON (with its line and
    column) and for a value that is not of the documented shape (with its path).
    """
    data = loads(text)
    try:
        return from_dict(data)
    except PetitionParseError:
        if json_backend() == "json":
            raise
    # orjson reads integers beyond 64 bits as floats: read as the standard library does,
    # so that the error does not depend on which one is installed.
    return from_dict(loads(text, fast=False))


def index_to_dict(index: PetitionIndex) -> dict[str, Any]:
    """An index page as plain JSON-ready values (the CLI's ``parse`` of an index page)."""
    data: dict[str, Any] = converter.unstructure(index)
    return data


def index_from_dict(data: dict[str, Any]) -> PetitionIndex:
    """The inverse of :func:`index_to_dict`."""
    return structure(data, PetitionIndex)
