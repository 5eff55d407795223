"""Dicts and JSON: one cattrs converter for every model class.

The converter is cattrs' JSON preset (datetimes as ISO 8601 strings) with strict
primitives: a JSON document whose ``signature_count`` is ``"12"`` or ``12.5`` is
refused rather than quietly coerced.  Errors are PetitionParseErrors naming the
JSON path of the bad value.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, TypeVar

import cattrs
from cattrs.preconf.json import make_converter

from ._errors import PetitionParseError
from ._model import Petition

__all__ = ["converter", "from_dict", "from_json", "structure", "to_dict", "to_json"]

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


def structure(data: Any, cls: type[T]) -> T:
    """``converter.structure``, with cattrs' errors turned into one PetitionParseError."""
    try:
        return converter.structure(data, cls)
    except (cattrs.BaseValidationError, ValueError, TypeError, KeyError) as exc:
        messages = cattrs.transform_error(exc)
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
    """``to_dict`` as JSON text (UTF-8 characters kept, not escaped)."""
    return json.dumps(to_dict(petition), ensure_ascii=False, indent=indent)


def from_json(text: str | bytes) -> Petition:
    """The inverse of :func:`to_json`."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise PetitionParseError(
            f"expected JSON, {exc.msg[0].lower()}{exc.msg[1:]}",
            line=exc.lineno,
            column=exc.colno,
            source_line=exc.doc.split("\n")[exc.lineno - 1],
        ) from None
    except UnicodeDecodeError as exc:
        raise PetitionParseError(f"expected UTF-8 JSON: {exc.reason}") from None
    return from_dict(data)
