"""The official petitions JSON API, as typed attrs classes.

``https://petition.parliament.uk/petitions/{id}.json`` (and
``/archived/petitions/{id}.json``) serve one document per petition:
``{"links": {"self": ...}, "data": {"type": ..., "id": ..., "attributes": {...}}}``.

>>> from petition_parser.api import load_api, dump_api          # doctest: +SKIP
>>> doc = load_api(open("241848.json").read())                  # doctest: +SKIP
>>> doc.data.attributes.signature_count                         # doctest: +SKIP
>>> dump_api(doc) == json.load(open("241848.json"))            # doctest: +SKIP
True

Field names are the API's own.  Timestamps become UTC-aware datetimes (the API
writes ``2019-02-14T12:14:59.326Z``; ``dump_api`` writes them back the same way)
and dates become ``date``.  Older documents lack some keys: a key the document did
not have is None here and is left out again by ``dump_api`` (each object records
the keys it lacked in ``absent_keys``), and a key the model does not know (the API
gains fields) is kept in ``extra_keys`` and written back by ``dump_api``, so that a
document round-trips to equal JSON, today's and tomorrow's.  Errors are
``petition_parser.PetitionParseError`` naming the JSON path.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timezone
from operator import itemgetter
from typing import Any

import attrs
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from ._api_model import (
    ApiGovernmentResponse,
    ApiPetition,
    Attributes,
    ConstituencyCount,
    CountryCount,
    Data,
    Debate,
    Department,
    Links,
    ListEntry,
    ParliamentaryBusiness,
    RegionCount,
    Rejection,
)
from ._convert import _NONE_TYPE, _exactly, structure
from ._convert import converter as _petition_converter
from ._convert_values import texts_free_of_surrogates, typed_columns, whole_numbers_fit
from ._errors import PetitionParseError
from ._json import loads
from ._rows import rows_from_columns

__all__ = [
    "ApiGovernmentResponse",
    "ApiPetition",
    "Attributes",
    "ConstituencyCount",
    "CountryCount",
    "Data",
    "Debate",
    "Department",
    "Links",
    "ListEntry",
    "ParliamentaryBusiness",
    "RegionCount",
    "Rejection",
    "dump_api",
    "load_api",
    "load_list_entry",
]


_CLASSES: tuple[type[Any], ...] = (
    Links,
    Rejection,
    ApiGovernmentResponse,
    Debate,
    Department,
    CountryCount,
    ConstituencyCount,
    RegionCount,
    ParliamentaryBusiness,
    Attributes,
    Data,
    ListEntry,
    ApiPetition,
)

# -- the converter ------------------------------------------------------------------
#
# A copy of the petition converter (strict primitives), plus the API's own forms:
# timestamps with milliseconds and a "Z", dates, keys that may be absent.

_converter = _petition_converter.copy()


def _structure_timestamp(value: object, _: object) -> datetime:
    if type(value) is not str:
        raise TypeError(
            f"expected a timestamp string like 2019-02-14T12:14:59.326Z, found {value!r}"
        )
    # Python 3.10's fromisoformat does not take "Z".
    text = value[:-1] + "+00:00" if value.endswith("Z") else value
    parsed = datetime.fromisoformat(text)
    if parsed.utcoffset() is None:
        raise ValueError(f"expected a UTC timestamp, found {value!r}")
    try:
        return parsed.astimezone(timezone.utc)
    except OverflowError:  # "0001-01-01T00:00:00+01:00" is before the first datetime
        raise ValueError(
            f"expected a timestamp within the years 1 to 9999, found {value!r}"
        ) from None


def _unstructure_timestamp(value: datetime) -> str:
    if value.utcoffset() is not None:
        value = value.astimezone(timezone.utc)
    # isoformat pads the year to four digits ("0999-..."), which load_api reads back;
    # milliseconds as the API writes them, microseconds only where a document had them.
    timespec = "microseconds" if value.microsecond % 1000 else "milliseconds"
    return value.replace(tzinfo=None).isoformat(timespec=timespec) + "Z"


def _structure_date(value: object, _: object) -> date:
    if type(value) is not str:
        raise TypeError(f"expected a date string like 2019-09-09, found {value!r}")
    parsed = date.fromisoformat(value)
    if parsed.isoformat() != value:
        raise ValueError(f"expected a date like 2019-09-09, found {value!r}")
    return parsed


_converter.register_structure_hook(datetime, _structure_timestamp)
_converter.register_unstructure_hook(datetime, _unstructure_timestamp)
_converter.register_structure_hook(date, _structure_date)
_converter.register_unstructure_hook(date, date.isoformat)


# cattrs types the per-field overrides as keyword arguments it cannot know in advance.
_make_structure_fn: Any = make_dict_structure_fn
_make_unstructure_fn: Any = make_dict_unstructure_fn


def _absent_key_hooks(cls: type[Any]) -> None:
    """Record the keys a document lacked, and leave them out again when dumping."""
    names = [f.name for f in attrs.fields(cls) if f.name not in ("absent_keys", "extra_keys")]
    renames = {"self_url": "self"}
    overrides = {name: override(rename=renames[name]) for name in names if name in renames}
    keys = {renames.get(name, name): name for name in names}
    required = {
        renames.get(f.name, f.name) for f in attrs.fields(cls) if f.default is attrs.NOTHING
    }
    overrides["absent_keys"] = override(omit=True)
    overrides["extra_keys"] = override(omit=True)
    every = frozenset(keys)
    structure = _make_structure_fn(cls, _converter, **overrides)
    unstructure = _make_unstructure_fn(cls, _converter, **overrides)

    def structure_with_absent(data: Any, type_: Any) -> Any:
        if not isinstance(data, dict):
            raise TypeError(f"expected a JSON object, found {data!r}")
        obj = structure(data, type_)
        if data.keys() == every:  # the usual case: exactly the keys the model knows
            return obj
        absent = frozenset(key for key in keys if key not in data) - required
        extra = {key: value for key, value in data.items() if key not in keys}
        if absent or extra:
            obj = attrs.evolve(obj, absent_keys=absent, extra_keys=extra)
        return obj

    def unstructure_without_absent(obj: Any) -> dict[str, Any]:
        data: dict[str, Any] = unstructure(obj)
        for key in obj.absent_keys:
            data.pop(key, None)
        data.update(obj.extra_keys)
        return data

    _converter.register_structure_hook(cls, structure_with_absent)
    _converter.register_unstructure_hook(cls, unstructure_without_absent)


for _cls in _CLASSES:
    _absent_key_hooks(_cls)


# -- the count tables, read as columns ------------------------------------------------
#
# A document's 650 constituency counts (and its countries and regions) went through
# the generated hooks one object and one value at a time: three fifths of reading a
# real-shaped document, and the pace of `collect`'s renderer (docs/performance.md).
# The usual table, a list of objects with exactly the model's keys and values of
# the right types, is checked a column at a time in C-level passes and built as
# `_rows.rows_from_columns` builds the report's rows; anything else goes to the
# generated hook, which gives the same objects, or the error with its path.

#: The types each count's key may hold (``_strict_str``, ``_strict_int``; None where
#: the model allows it).
_COUNT_TYPES: dict[str, set[type]] = {
    "name": {str},
    "code": {str, _NONE_TYPE},
    "ons_code": {str, _NONE_TYPE},
    "mp": {str, _NONE_TYPE},
    "signature_count": {int},
}


class _CountRows:
    """The structure hook of ``tuple[cls, ...]`` for a count class (``CountryCount``,
    ``ConstituencyCount``, ``RegionCount``); ``generic`` is the generated one."""

    def __init__(self, cls: type[Any], rows_type: Any) -> None:
        self.cls = cls
        names = [f.name for f in attrs.fields(cls)][:-2]  # not absent_keys, extra_keys
        self.size = len(names)
        self.getters = [itemgetter(name) for name in names]
        self.types = [_COUNT_TYPES[name] for name in names]
        self.counts = names.index("signature_count")
        self.texts = [i for i, types in enumerate(self.types) if str in types]
        self.generic: Callable[[Any, Any], Any] = _converter.get_structure_hook(rows_type)

    def __call__(self, data: Any, type_: Any) -> tuple[Any, ...]:
        # Exactly the model's keys: as many as it has (here), and each of them (the
        # getters); else absent_keys or extra_keys are not empty, and cattrs fills them.
        exact = (
            type(data) is list
            and data
            and set(map(type, data)) == {dict}
            and set(map(len, data)) == {self.size}
        )
        typed = typed_columns(data, self.getters, self.types) if exact else None
        if typed is not None:
            columns = typed[0]
            if whole_numbers_fit(columns[self.counts]) and texts_free_of_surrogates(
                columns[i] for i in self.texts
            ):
                n = len(data)
                # A fresh extra_keys dict for each, as the field's factory makes.
                absent = [frozenset[str]()] * n
                extra: list[dict[str, Any]] = [{} for _ in range(n)]
                return rows_from_columns(self.cls, [*columns, absent, extra])
        return self.generic(data, type_)  # type: ignore[no-any-return]


for _cls, _rows_type in (
    (CountryCount, tuple[CountryCount, ...]),
    (ConstituencyCount, tuple[ConstituencyCount, ...]),
    (RegionCount, tuple[RegionCount, ...]),
):
    # Generic aliases cannot go through functools.singledispatch: match them exactly.
    _converter.register_structure_hook_func(_exactly(_rows_type), _CountRows(_cls, _rows_type))


def load_api(document: str | bytes | dict[str, Any]) -> ApiPetition:
    """Read an API document: its JSON text (str or UTF-8 bytes), or the dict ``json.loads``
    made of it.

    Raises ``petition_parser.PetitionParseError`` for text that is not JSON
    (with its line and column) and for a document not of the API's shape (with the
    JSON path of the first bad value, e.g. ``$.data.attributes.signature_count``).
    Whole numbers have at most 18 digits.
    """
    if isinstance(document, (str, bytes)):
        document = loads(document)
    try:
        return structure(document, ApiPetition, _converter)
    except PetitionParseError as exc:
        if exc.path is not None:
            # Name the document's key, not the Python attribute that holds it.
            raise exc.evolve(path=exc.path.replace(".self_url", ".self")) from None
        raise


def load_list_entry(entry: dict[str, Any]) -> ListEntry:
    """One entry of a list page's ``data`` (a dict ``json.loads`` made); errors as
    ``load_api``'s."""
    try:
        return structure(entry, ListEntry, _converter)
    except PetitionParseError as exc:
        if exc.path is not None:
            raise exc.evolve(path=exc.path.replace(".self_url", ".self")) from None
        raise


def dump_api(petition: ApiPetition) -> dict[str, Any]:
    """The document as JSON-ready values: ``load_api(dump_api(doc)) == doc``.

    Timestamps are written as the API writes them (``2019-02-14T12:14:59.326Z``).
    Raises nothing for a document ``load_api`` made.
    """
    data: dict[str, Any] = _converter.unstructure(petition)
    return data
