"""Dicts and JSON: one cattrs converter for every model class.

The converter is cattrs' JSON preset (datetimes as ISO 8601 strings) with strict
primitives: a JSON document whose ``signature_count`` is ``"12"`` or ``12.5`` is
refused rather than quietly coerced.  Errors are PetitionParseErrors naming the
JSON path of the bad value.

The two signature tables (about 700 rows in a full report) have hand-written
hooks that work a column at a time; cattrs' generated hooks, one call per row and
field, cost twice as much as parsing the Markdown.  A table that is not exactly
right goes to the generated hook, which names the bad value's path.

JSON text goes through orjson when it is installed (``pip install
'petition-parser[fast]'``) and through the standard library otherwise; both write
the same compact text.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from operator import itemgetter
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.preconf.json import make_converter

from ._errors import PetitionParseError
from ._model import ConstituencySignatures, CountrySignatures, Petition, rows_from_columns

try:  # an optional extra: same output, several times faster
    import orjson
except ImportError:  # pragma: no cover - depends on the environment
    orjson = None  # type: ignore[assignment]

__all__ = [
    "converter",
    "from_dict",
    "from_json",
    "json_backend",
    "json_error",
    "structure",
    "to_dict",
    "to_json",
]

T = TypeVar("T")

converter = make_converter()


def _strict_int(value: object, _: object) -> int:
    if type(value) is not int:
        raise TypeError(f"expected an integer, found {value!r}")
    return value


def _strict_float(value: object, _: object) -> float:
    if type(value) is not float and type(value) is not int:
        raise TypeError(f"expected a number, found {value!r}")
    return float(value)


def _strict_str(value: object, _: object) -> str:
    if type(value) is not str:
        raise TypeError(f"expected a string, found {value!r}")
    return value


def _iso_datetime(value: object, _: object) -> datetime:
    if type(value) is not str:
        raise TypeError(f"expected an ISO 8601 date-time string, found {value!r}")
    return datetime.fromisoformat(value)


converter.register_structure_hook(int, _strict_int)
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
            if all(map(set.issubset, found_types, allowed_types)):
                if found_types[-1] != {float}:  # a percentage written as an integer
                    columns[-1] = list(map(float, columns[-1]))
                return rows_from_columns(cls, columns)
        # Anything else, including every error, goes through cattrs for its messages.
        return generated(data, type_)  # type: ignore[no-any-return]

    return structure


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


# -- JSON text ----------------------------------------------------------------------


def json_backend() -> str:
    """Which library reads and writes JSON text: ``"orjson"`` or ``"json"``."""
    return "json" if orjson is None else "orjson"


def _dumps(data: Any) -> str:
    if orjson is not None:
        try:
            return orjson.dumps(data).decode()
        except TypeError:  # e.g. an integer beyond 64 bits; the standard library writes it
            pass
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _loads(text: str | bytes) -> Any:
    if orjson is not None:
        try:
            return orjson.loads(text)
        except orjson.JSONDecodeError:
            pass  # read it again below, for the standard library's error (or big integers)
    return json.loads(text)


def structure(data: Any, cls: type[T], with_converter: cattrs.Converter = converter) -> T:
    """``converter.structure``, with cattrs' errors turned into one PetitionParseError."""
    try:
        return with_converter.structure(data, cls)
    except (cattrs.BaseValidationError, ValueError, TypeError, KeyError) as exc:
        messages = cattrs.transform_error(exc)
        first = messages[0] if messages else str(exc)
        description, _, path = first.rpartition(" @ ")
        more = f" (and {len(messages) - 1} more problems)" if len(messages) > 1 else ""
        raise PetitionParseError(f"{description or first}{more}", path=path or "$") from exc


def json_error(exc: json.JSONDecodeError) -> PetitionParseError:
    """A JSON syntax error as a PetitionParseError, with its line and column."""
    return PetitionParseError(
        f"expected JSON, {exc.msg[0].lower()}{exc.msg[1:]}",
        line=exc.lineno,
        column=exc.colno,
        source_line=exc.doc.split("\n")[exc.lineno - 1],
    )


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
    if indent is not None:
        return json.dumps(to_dict(petition), ensure_ascii=False, indent=indent)
    return _dumps(to_dict(petition))


def from_json(text: str | bytes) -> Petition:
    """The inverse of :func:`to_json`."""
    try:
        data = _loads(text)
        try:
            return from_dict(data)
        except PetitionParseError:
            if orjson is None:
                raise
        # orjson reads integers beyond 64 bits as floats; read as the standard library does,
        # so that the result does not depend on which one is installed.
        return from_dict(json.loads(text))
    except json.JSONDecodeError as exc:
        raise json_error(exc) from None
    except UnicodeDecodeError as exc:
        raise PetitionParseError(f"expected UTF-8 JSON: {exc.reason}") from None
