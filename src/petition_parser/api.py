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
the keys it lacked in ``absent_keys``), so that a document round-trips to equal
JSON.  Errors are :class:`~petition_parser.PetitionParseError` naming the JSON path.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timezone
from typing import Any

import attrs
from attrs import define, field
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from ._convert import converter as _petition_converter
from ._convert import json_error, structure
from ._errors import PetitionParseError

__all__ = [
    "ApiPetition",
    "Attributes",
    "ConstituencyCount",
    "CountryCount",
    "Data",
    "Debate",
    "Department",
    "GovernmentResponse",
    "Links",
    "ParliamentaryBusiness",
    "RegionCount",
    "Rejection",
    "dump_api",
    "load_api",
]


def _absent_keys() -> Any:
    """The ``absent_keys`` field: the keys the document did not have (see the module doc)."""
    return field(factory=frozenset, kw_only=True)


@define(frozen=True)
class Links:
    self_url: str  # the document's "self" link
    absent_keys: frozenset[str] = _absent_keys()


@define(frozen=True)
class Rejection:
    code: str | None = None
    details: str | None = None
    absent_keys: frozenset[str] = _absent_keys()


@define(frozen=True)
class GovernmentResponse:
    responded_on: date | None = None
    summary: str | None = None
    details: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    absent_keys: frozenset[str] = _absent_keys()


@define(frozen=True)
class Debate:
    debated_on: date | None = None
    transcript_url: str | None = None
    video_url: str | None = None
    debate_pack_url: str | None = None
    public_engagement_url: str | None = None
    debate_summary_url: str | None = None
    overview: str | None = None
    absent_keys: frozenset[str] = _absent_keys()


@define(frozen=True)
class Department:
    acronym: str | None = None
    name: str | None = None
    url: str | None = None
    absent_keys: frozenset[str] = _absent_keys()


@define(frozen=True)
class CountryCount:
    name: str
    code: str | None = None
    signature_count: int = 0
    absent_keys: frozenset[str] = _absent_keys()


@define(frozen=True)
class ConstituencyCount:
    name: str
    ons_code: str | None = None
    mp: str | None = None
    signature_count: int = 0
    absent_keys: frozenset[str] = _absent_keys()


@define(frozen=True)
class RegionCount:
    name: str
    ons_code: str | None = None
    signature_count: int = 0
    absent_keys: frozenset[str] = _absent_keys()


@define(frozen=True)
class ParliamentaryBusiness:
    subject: str | None = None
    body: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    absent_keys: frozenset[str] = _absent_keys()


@define(frozen=True)
class Attributes:
    action: str
    background: str | None = None
    additional_details: str | None = None
    committee_note: str | None = None
    state: str | None = None
    signature_count: int = 0
    created_at: datetime | None = None
    updated_at: datetime | None = None
    rejected_at: datetime | None = None
    opened_at: datetime | None = None
    closed_at: datetime | None = None
    moderation_threshold_reached_at: datetime | None = None
    response_threshold_reached_at: datetime | None = None
    government_response_at: datetime | None = None
    debate_threshold_reached_at: datetime | None = None
    debate_scheduled_at: datetime | None = None
    scheduled_debate_date: date | None = None
    debate_outcome_at: datetime | None = None
    creator_name: str | None = None
    rejection: Rejection | None = None
    government_response: GovernmentResponse | None = None
    debate: Debate | None = None
    departments: tuple[Department, ...] | None = None
    topics: tuple[str, ...] | None = None
    signatures_by_country: tuple[CountryCount, ...] | None = None
    signatures_by_constituency: tuple[ConstituencyCount, ...] | None = None
    signatures_by_region: tuple[RegionCount, ...] | None = None
    other_parliamentary_business: tuple[ParliamentaryBusiness, ...] | None = None
    absent_keys: frozenset[str] = _absent_keys()


@define(frozen=True)
class Data:
    type: str
    id: int
    attributes: Attributes
    absent_keys: frozenset[str] = _absent_keys()


@define(frozen=True)
class ApiPetition:
    """One API document: ``links`` and ``data``."""

    links: Links
    data: Data
    absent_keys: frozenset[str] = _absent_keys()

    @property
    def attributes(self) -> Attributes:
        """``data.attributes``, the part that holds the petition."""
        return self.data.attributes


_CLASSES: tuple[type[Any], ...] = (
    Links,
    Rejection,
    GovernmentResponse,
    Debate,
    Department,
    CountryCount,
    ConstituencyCount,
    RegionCount,
    ParliamentaryBusiness,
    Attributes,
    Data,
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
    if parsed.tzinfo is None:
        raise ValueError(f"expected a UTC timestamp, found {value!r}")
    return parsed.astimezone(timezone.utc)


def _unstructure_timestamp(value: datetime) -> str:
    value = value.astimezone(timezone.utc)
    return f"{value:%Y-%m-%dT%H:%M:%S}.{value.microsecond // 1000:03d}Z"


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
    names = [f.name for f in attrs.fields(cls) if f.name != "absent_keys"]
    renames = {"self_url": "self"}
    overrides = {name: override(rename=renames[name]) for name in names if name in renames}
    keys = {renames.get(name, name): name for name in names}
    required = {
        renames.get(f.name, f.name) for f in attrs.fields(cls) if f.default is attrs.NOTHING
    }
    overrides["absent_keys"] = override(omit=True)
    structure = _make_structure_fn(cls, _converter, **overrides)
    unstructure = _make_unstructure_fn(cls, _converter, **overrides)

    def structure_with_absent(data: Any, type_: Any) -> Any:
        if not isinstance(data, dict):
            raise TypeError(f"expected a JSON object, found {data!r}")
        obj = structure(data, type_)
        absent = frozenset(key for key in keys if key not in data) - required
        return attrs.evolve(obj, absent_keys=absent) if absent else obj

    def unstructure_without_absent(obj: Any) -> dict[str, Any]:
        data: dict[str, Any] = unstructure(obj)
        for key in obj.absent_keys:
            data.pop(key, None)
        return data

    _converter.register_structure_hook(cls, structure_with_absent)
    _converter.register_unstructure_hook(cls, unstructure_without_absent)


for _cls in _CLASSES:
    _absent_key_hooks(_cls)


def load_api(document: str | bytes | dict[str, Any]) -> ApiPetition:
    """Read an API document: its JSON text, or the dict ``json.loads`` made of it."""
    if isinstance(document, (str, bytes)):
        try:
            document = json.loads(document)
        except json.JSONDecodeError as exc:
            raise json_error(exc) from None
    try:
        return structure(document, ApiPetition, _converter)
    except PetitionParseError as exc:
        if exc.path is None or ".self_url" not in exc.path:
            raise
        # Name the document's key, not the Python attribute that holds it.
        raise PetitionParseError(
            str(exc).split(": ", 1)[1], path=exc.path.replace(".self_url", ".self")
        ) from exc


def dump_api(petition: ApiPetition) -> dict[str, Any]:
    """The document as JSON-ready values: ``json.dumps(dump_api(load_api(text)))``."""
    data: dict[str, Any] = _converter.unstructure(petition)
    return data
