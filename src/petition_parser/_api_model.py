"""The official petitions JSON API, as typed attrs classes (see ``api.py``).

Field names are the API's own.  Each object records in ``absent_keys`` the keys its
document did not have, so that ``dump_api`` leaves them out again, and in
``extra_keys`` the keys this model does not know (the API gains fields over the
years), so that ``dump_api`` writes them back unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

import attrs
from attrs import define, field

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
]


def _absent_keys() -> Any:
    """The ``absent_keys`` field: the keys the document did not have (see the module doc)."""
    return field(factory=frozenset, kw_only=True)


def _extra_keys() -> Any:
    """The ``extra_keys`` field: the keys (and their JSON values) this model does not know.

    Compared by ``==`` but left out of the hash (JSON values are dicts and lists)."""
    return field(factory=dict, kw_only=True, hash=False, repr=False)


@define(frozen=True)
class Links:
    self_url: str  # the document's "self" link
    absent_keys: frozenset[str] = _absent_keys()
    extra_keys: Mapping[str, Any] = _extra_keys()


@define(frozen=True)
class Rejection:
    code: str | None = None
    details: str | None = None
    absent_keys: frozenset[str] = _absent_keys()
    extra_keys: Mapping[str, Any] = _extra_keys()


@define(frozen=True)
class ApiGovernmentResponse:
    responded_on: date | None = None
    summary: str | None = None
    details: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    absent_keys: frozenset[str] = _absent_keys()
    extra_keys: Mapping[str, Any] = _extra_keys()


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
    extra_keys: Mapping[str, Any] = _extra_keys()


@define(frozen=True)
class Department:
    acronym: str | None = None
    name: str | None = None
    url: str | None = None
    absent_keys: frozenset[str] = _absent_keys()
    extra_keys: Mapping[str, Any] = _extra_keys()


@define(frozen=True)
class CountryCount:
    name: str
    code: str | None = None
    signature_count: int = 0
    absent_keys: frozenset[str] = _absent_keys()
    extra_keys: Mapping[str, Any] = _extra_keys()


@define(frozen=True)
class ConstituencyCount:
    name: str
    ons_code: str | None = None
    mp: str | None = None
    signature_count: int = 0
    absent_keys: frozenset[str] = _absent_keys()
    extra_keys: Mapping[str, Any] = _extra_keys()


@define(frozen=True)
class RegionCount:
    name: str
    ons_code: str | None = None
    signature_count: int = 0
    absent_keys: frozenset[str] = _absent_keys()
    extra_keys: Mapping[str, Any] = _extra_keys()


@define(frozen=True)
class ParliamentaryBusiness:
    subject: str | None = None
    body: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    absent_keys: frozenset[str] = _absent_keys()
    extra_keys: Mapping[str, Any] = _extra_keys()


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
    government_response: ApiGovernmentResponse | None = None
    debate: Debate | None = None
    departments: tuple[Department, ...] | None = None
    topics: tuple[str, ...] | None = None
    signatures_by_country: tuple[CountryCount, ...] | None = None
    signatures_by_constituency: tuple[ConstituencyCount, ...] | None = None
    signatures_by_region: tuple[RegionCount, ...] | None = None
    other_parliamentary_business: tuple[ParliamentaryBusiness, ...] | None = None
    absent_keys: frozenset[str] = _absent_keys()
    extra_keys: Mapping[str, Any] = _extra_keys()


@define(frozen=True)
class Data:
    type: str
    id: int
    attributes: Attributes
    absent_keys: frozenset[str] = _absent_keys()
    extra_keys: Mapping[str, Any] = _extra_keys()


@define(frozen=True)
class ListEntry:
    """One petition of a list page (``/petitions.json?state=open``): its id, the link to
    its document, and its attributes without the signatures by country, constituency
    and region (those are only in the petition's own document)."""

    type: str
    id: int
    links: Links
    attributes: Attributes
    absent_keys: frozenset[str] = _absent_keys()
    extra_keys: Mapping[str, Any] = _extra_keys()


@define(frozen=True)
class ApiPetition:
    """One API document: ``links`` and ``data``."""

    links: Links
    data: Data
    absent_keys: frozenset[str] = _absent_keys()
    extra_keys: Mapping[str, Any] = _extra_keys()

    @property
    def attributes(self) -> Attributes:
        """``data.attributes``, the part that holds the petition."""
        return self.data.attributes


# As users import them (``petition_parser.ApiPetition``): reprs, tracebacks and pickles
# name the public module, not this private one.  The annotations are resolved first,
# while this module (where their names are) is still the one the class names.
for _public in (ApiPetition,):
    attrs.resolve_types(_public)
    _public.__module__ = "petition_parser"
