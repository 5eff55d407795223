"""``Snapshot``: one report as the tables see it, typed, between the parser and every table.

The archive readers never build a ``Petition``: the parser hands them its tables as
columns (a list per field), and the tables, the timeline, Dask and the command line
take them as they are.  A ``Snapshot`` holds those columns with the report's other
fields, and the facts derived from them (the UK count, the Unknown rows, the
snapshot's time and key), each computed by the one function the model uses too
(``_model.uk_count``, ``_model.is_unknown``).  A ``Petition`` becomes one with
``Snapshot.of``.
"""

from __future__ import annotations

from datetime import datetime, timezone
from operator import attrgetter
from typing import Any

import attrs
from attrs import define

from ._model import (
    UNKNOWN,
    ConstituencySignatures,
    CountrySignatures,
    GovernmentResponse,
    History,
    Petition,
    ReportLayout,
    is_unknown,
    uk_count,
)
from ._rows import positions

__all__ = [
    "ConstituencyColumns",
    "ConstituencyText",
    "CountryColumns",
    "Snapshot",
    "SnapshotKey",
    "snapshot_time",
]

#: What identifies a snapshot: the petition, its refresh time, its History Updated time.
SnapshotKey = tuple[int, datetime | None, datetime | None]


@define(frozen=True)
class CountryColumns:
    """The Signatures by Country table, a list per field."""

    rank: list[int]
    name: list[str]
    signature_count: list[int]
    percentage: list[float]

    def unknown_flags(self) -> list[bool]:
        return _unknown_flags(self.name, None)


@define(frozen=True)
class ConstituencyColumns:
    """The Signatures by Constituency table, a list per field (``mp`` None: vacant)."""

    rank: list[int]
    name: list[str]
    mp: list[str | None]
    signature_count: list[int]
    percentage: list[float]

    def unknown_flags(self) -> list[bool]:
        return _unknown_flags(self.name, self.mp)


def _unknown_flags(names: list[str], mps: list[str | None] | None) -> list[bool]:
    """``is_unknown`` of each row.  A table has at most a row or two named Unknown among
    hundreds: only those are asked (comparing every row in Python was a fifth of the
    time of a constituency table's columns)."""
    flags = [False] * len(names)
    for at in positions(names, UNKNOWN):
        flags[at] = is_unknown(names[at]) if mps is None else is_unknown(names[at], mps[at])
    return flags


def snapshot_time(refreshed_at: datetime | None, updated_at: datetime | None) -> datetime:
    """When a snapshot was taken: its refresh time (local), which the early layouts A-D
    lack; there, its History Updated time (UTC, taken as naive: within an hour of UK
    local time); ``datetime.min`` when it has neither."""
    if refreshed_at is not None:
        return refreshed_at
    if updated_at is not None:
        return updated_at.astimezone(timezone.utc).replace(tzinfo=None)
    return datetime.min


@define(frozen=True)
class Snapshot:
    """One report: its fields, its tables as columns, and what is derived from them."""

    petition_id: int
    url: str
    action: str
    refreshed_at: datetime | None
    signature_count: int
    government_response: GovernmentResponse | None
    history: History
    countries: CountryColumns
    constituencies: ConstituencyColumns
    layout: ReportLayout

    @property
    def key(self) -> SnapshotKey:
        """``(petition_id, refreshed_at, updated_at)``: the tables' snapshot key."""
        return (self.petition_id, self.refreshed_at, self.history.updated_at)

    @property
    def time(self) -> datetime:
        """When it was taken (``snapshot_time``): the timeline's order, ``latest``'s."""
        return snapshot_time(self.refreshed_at, self.history.updated_at)

    @property
    def uk_signature_count(self) -> int | None:
        """The United Kingdom row's count, or None when the table has no such row."""
        return uk_count(self.countries.name, self.countries.signature_count)

    @classmethod
    def of(cls, petition: Petition) -> Snapshot:
        """A Petition's snapshot (its rows made columns)."""
        countries = petition.signatures_by_country
        constituencies = petition.signatures_by_constituency
        return cls(
            petition_id=petition.petition_id,
            url=petition.url,
            action=petition.action,
            refreshed_at=petition.refreshed_at,
            signature_count=petition.signature_count,
            government_response=petition.government_response,
            history=petition.history,
            countries=CountryColumns(*_columns(countries, _COUNTRY)),
            constituencies=ConstituencyColumns(*_columns(constituencies, _CONSTITUENCY)),
            layout=petition.layout,
        )


_COUNTRY = tuple(f.name for f in attrs.fields(CountrySignatures))
_CONSTITUENCY = tuple(f.name for f in attrs.fields(ConstituencySignatures))


def _columns(rows: tuple[Any, ...], names: tuple[str, ...]) -> list[list[Any]]:
    """A table's rows as a list per field."""
    return [list(map(attrgetter(name), rows)) for name in names]


@define(frozen=True)
class ConstituencyText:
    """A report checked in every section but one: its snapshot key, and its Signatures
    by Constituency rows as the report's text, unread.

    What the native column builder (``_tables/native.py``) takes: it checks and splits
    many reports' rows at once, and reads ``source`` again with ``parse_snapshot`` when
    a row is not in the common form (for the exact error, or the rows it does hold).
    """

    key: SnapshotKey
    rows: str
    source: bytes
