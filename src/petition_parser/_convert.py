"""Dicts and JSON: one cattrs converter for every model class.

The converter is cattrs' JSON preset (datetimes as ISO 8601 strings) with strict
primitives: a JSON document whose ``signature_count`` is ``"12"`` or ``12.5`` is
refused rather than quietly coerced.  Errors are PetitionParseErrors naming the
JSON path of the bad value.

The two signature tables (about 700 rows in a full report) have hand-written
hooks that work a column at a time; cattrs' generated hooks, one call per row and
field, cost twice as much as parsing the Markdown (docs/performance.md).  A table
that is not exactly right goes to the generated hook, which names the bad value's
path.

``from_json`` of a Petition first tries msgspec (the ``fast`` extra), which makes the
tables' row objects as it reads the text; anything it would not take goes the general
way (``from_json_general``), whose errors are the documented ones.

JSON text is read and written by ``_json.py``.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable
from datetime import timedelta
from operator import attrgetter, itemgetter
from typing import Any, TypedDict, TypeVar, overload

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn, override
from cattrs.preconf.json import make_converter
from cattrs.v import format_exception

from ._convert_values import (
    NO_SURROGATES,
    local_time,
    register_value_hooks,
    texts_free_of_surrogates,
    typed_columns,
    utc_time,
    whole_numbers_fit,
)
from ._errors import PetitionError, PetitionParseError
from ._json import dumps, json_backend, loads, loads_noting_surrogates
from ._model import (
    MODEL_CLASSES,
    ConstituencySignatures,
    CountrySignatures,
    History,
    Petition,
)
from ._rows import rows_from_columns

__all__ = [
    "converter",
    "from_dict",
    "from_json",
    "from_json_general",
    "structure",
    "to_dict",
    "to_json",
]

T = TypeVar("T")

converter = make_converter()


register_value_hooks(converter)
# A time span (Diff.elapsed) as seconds: JSON has no duration type.
converter.register_unstructure_hook(timedelta, timedelta.total_seconds)
converter.register_structure_hook(timedelta, lambda value, _: timedelta(seconds=value))


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
        if type(data) is _MadeRows:  # made by from_json's typed reader, and checked
            return data.rows
        typed = typed_columns(data, getters, allowed_types) if type(data) is list and data else None
        if typed is not None and _in_range(typed[0]):
            columns, found_types = typed
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
        texts_free_of_surrogates(columns[1:-2])
        and whole_numbers_fit(ranks)
        and whole_numbers_fit(counts)
        and _finite_sum(percentages)
    )


def _finite_sum(numbers: list[Any]) -> bool:
    # A sum is finite when every term is (a huge but finite sum, or an integer too large
    # for a float, only sends the table to the generated hook, which names the value).
    try:
        return math.isfinite(sum(numbers))
    except OverflowError:
        return False


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
        **{f.name: override(struct_hook=utc_time) for f in attrs.fields(History)},
    ),
)
converter.register_structure_hook(
    Petition,
    _make_structure_fn(Petition, converter, refreshed_at=override(struct_hook=local_time)),
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


Model = TypeVar("Model")


def to_dict(value: object) -> dict[str, Any]:
    """A model value (a Petition, a PetitionIndex, or one of their parts) as plain
    JSON-ready values: the documented dict shape."""
    _check_class(type(value))
    data: dict[str, Any] = converter.unstructure(value)
    return data


@overload
def from_dict(data: dict[str, Any]) -> Petition: ...
@overload
def from_dict(data: dict[str, Any], cls: type[Model]) -> Model: ...
def from_dict(data: dict[str, Any], cls: type[Any] = Petition) -> Any:
    """The inverse of ``to_dict``: a ``cls`` (a Petition by default; a PetitionIndex,
    or one of their parts).  A PetitionParseError names any bad value's path."""
    _check_class(cls)
    return structure(data, cls)


def to_json(value: object, *, indent: int | None = None) -> str:
    """``to_dict`` as JSON text: compact, UTF-8 characters kept (not escaped).

    With ``indent``, one value per line, indented by that many spaces.
    """
    return dumps(to_dict(value), indent)


@overload
def from_json(text: str | bytes) -> Petition: ...
@overload
def from_json(text: str | bytes, cls: type[Model]) -> Model: ...
def from_json(text: str | bytes, cls: type[Any] = Petition) -> Any:
    """The inverse of ``to_json``: JSON text or UTF-8 bytes, read as a ``cls``.

    Raises ``PetitionParseError`` for text that is not JSON (with its line and
    column) and for a value that is not of the documented shape (with its path).
    """
    if cls is Petition and _typed_decoder() is not None:
        petition = _from_json_typed(text)
        if petition is not None:
            return petition
        # Text the typed reader refused is almost always refused again, and the
        # standard library's reading is the one that says why: orjson would be one
        # more pass over the text (and on a number of millions of digits, a slow one).
        return from_json_general(text, cls, fast=False)
    return from_json_general(text, cls)


def from_json_general(text: str | bytes, cls: type[Any], *, fast: bool = True) -> Any:
    """``from_json`` without the typed reader: orjson (or, with ``fast=False`` or
    without it, the standard library) and the converter.  Every error ``from_json``
    raises is raised here, whichever reads the text."""
    data, surrogates_possible = loads_noting_surrogates(text, fast=fast)
    token = NO_SURROGATES.set(not surrogates_possible)
    try:
        return from_dict(data, cls)
    except PetitionParseError:
        if json_backend() == "json" or not fast:
            raise
    finally:
        NO_SURROGATES.reset(token)
    # orjson reads integers beyond 64 bits as floats: read as the standard library does,
    # so that the error does not depend on which one is installed.
    return from_dict(loads(text, fast=False), cls)


# -- from_json's typed reader: the table rows straight from the text (msgspec) -------


@attrs.define(frozen=True)
class _MadeRows:
    """A table that the typed reader made into row objects, and checked."""

    rows: tuple[Any, ...]


#: The two tables' fields in a Petition's dict.
_TABLES = ("signatures_by_country", "signatures_by_constituency")
_NUMBERS = attrgetter("rank"), attrgetter("signature_count"), attrgetter("percentage")


@functools.cache
def _typed_decoder() -> Callable[[str | bytes], dict[str, Any]] | None:
    """msgspec's reader of a Petition's JSON (the ``fast`` extra), or None without it.

    It makes the tables' row objects as it reads the text, with the types checked (an
    integer is not ``true``, ``1.0`` or ``"1"``; a percentage may be written as an
    integer), where ``orjson.loads`` makes a dict a row that the converter then takes
    apart: the round trip through JSON took 1.07 to 1.11 x ``parse`` that way, and
    0.71 x this way (docs/performance.md).  Every other field is read as plain
    JSON, for the converter.
    """
    try:
        import msgspec  # noqa: PLC0415 (an optional extra, imported on first use)
    except ImportError:
        return None
    fields: dict[str, Any] = {f.name: Any for f in attrs.fields(Petition)}
    fields["signatures_by_country"] = list[CountrySignatures]
    fields["signatures_by_constituency"] = list[ConstituencySignatures]
    # Not total: a missing field is left for the converter to name.  (The class is made
    # from the model's fields, which a static checker cannot follow: hence Any.)
    make_typed_dict: Any = TypedDict
    decoder: Any = msgspec.json.Decoder(make_typed_dict("PetitionJSON", fields, total=False))
    decode: Callable[[str | bytes], dict[str, Any]] = decoder.decode
    return decode


#: JSON whitespace, then the ``{`` that opens an object.
_OBJECT_START = re.compile(r"[ \t\n\r]*\{")
_OBJECT_START_BYTES = re.compile(rb"[ \t\n\r]*\{")


def _may_be_an_object(text: object) -> bool:
    """False where JSON ``text`` is sure not to be an object: the typed reader would
    refuse it, but only after reading it whole (a number of millions of digits, say),
    and then the general path reads it again to say why."""
    if isinstance(text, str):
        return _OBJECT_START.match(text) is not None
    if isinstance(text, bytes):
        return _OBJECT_START_BYTES.match(text) is not None
    return True  # for the reader to refuse, in its words


def _from_json_typed(text: str | bytes) -> Petition | None:
    """The Petition of JSON text, read by the typed reader; None where msgspec is not
    installed, or where the text is anything but a good Petition: then the general path
    reads it, and says what is wrong (its errors are the documented ones).

    Its checks are the general path's: msgspec's types, then the ranges here (18
    digits, finite percentages), then the converter for every other field.  msgspec
    refuses lone surrogates and bytes that are not UTF-8, so no string is searched for
    them again.  The fuzzer holds the two paths to the same results
    (``fuzz/invariants.py``).
    """
    decode = _typed_decoder()
    if decode is None or not _may_be_an_object(text):
        return None
    try:
        data = decode(text)
    except (ValueError, UnicodeError, RecursionError, TypeError):
        # msgspec's errors are ValueErrors; a TypeError (text of another type) is left
        # for the general path to raise, in its words.
        return None
    for field in _TABLES:
        rows = data.get(field)
        if rows is None:
            continue  # missing: the converter names it
        if rows and not _in_range([list(map(get, rows)) for get in _NUMBERS]):
            return None
        data[field] = _MadeRows(tuple(rows))
    token = NO_SURROGATES.set(True)
    try:
        return from_dict(data, Petition)
    except PetitionParseError:
        return None
    finally:
        NO_SURROGATES.reset(token)


def _check_class(cls: type) -> None:
    if cls not in MODEL_CLASSES:
        names = ", ".join(c.__name__ for c in MODEL_CLASSES)
        raise PetitionError(
            f"expected a value of a class with a dict form ({names}), found {cls.__name__}"
        )
