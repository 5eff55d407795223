"""The data model: frozen, slotted attrs classes, one per part of a report.

Field names follow the official petitions API so that users keep one vocabulary.
Conveniences (``archived``, look-ups by name, the Unknown rows) are properties and
methods: they are derived, so they stay out of ``to_dict``.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from html import escape
from typing import Literal

import attrs
from attrs import define

__all__ = [
    "MODEL_CLASSES",
    "ConstituencySignatures",
    "CountrySignatures",
    "GovernmentResponse",
    "History",
    "IndexLayout",
    "IndexRow",
    "Link",
    "Petition",
    "PetitionIndex",
    "ReportLayout",
    "is_unknown",
    "plural",
    "uk_count",
]


#: The report layouts the generator wrote (docs/format.md, "Layouts").
ReportLayout = Literal["A", "B", "C", "D", "E", "current"]
#: The index page layouts.
IndexLayout = Literal["I-1", "I-1b", "I-2", "I-3", "I-4", "current", "no-table"]

#: The name the reporting script gives the row that carries the difference
#: between the reported total and the sum of the listed rows.
UNKNOWN = "Unknown"
UNITED_KINGDOM = "United Kingdom"


def is_unknown(name: str, mp: str | None = UNKNOWN) -> bool:
    """Whether a row is the one the script added to balance its table: named Unknown
    (in the constituency table, with the MP Unknown too).  The one definition, for
    rows (``is_unknown``) and for columns (``Snapshot``)."""
    return name == UNKNOWN and mp == UNKNOWN


def uk_count(names: list[str], counts: list[int]) -> int | None:
    """The United Kingdom row's count in a country table's columns, or None without one.
    The one definition, for ``Petition`` and ``Snapshot``."""
    return counts[names.index(UNITED_KINGDOM)] if UNITED_KINGDOM in names else None


@define(frozen=True)
class GovernmentResponse:
    """The government's response: a one-paragraph summary, then free-text details."""

    summary: str
    details: str


@define(frozen=True)
class History:
    """When things happened, as UTC-aware datetimes cut to whole seconds.

    Each is None when the report has no row for it.  The fields are in the order
    the History table lists them.
    """

    updated_at: datetime | None = None
    government_response_at: datetime | None = None
    debate_threshold_reached_at: datetime | None = None
    response_threshold_reached_at: datetime | None = None
    opened_at: datetime | None = None
    moderation_threshold_reached_at: datetime | None = None
    created_at: datetime | None = None


@define(frozen=True)
class CountrySignatures:
    """One row of the Signatures by Country table."""

    rank: int
    name: str
    signature_count: int
    percentage: float

    @property
    def is_unknown(self) -> bool:
        """True for the row that balances the table against the total."""
        return is_unknown(self.name)


@define(frozen=True)
class ConstituencySignatures:
    """One row of the Signatures by Constituency table.

    ``mp`` is None for a vacant seat (the report prints ``None``).
    """

    rank: int
    name: str
    mp: str | None
    signature_count: int
    percentage: float

    @property
    def is_unknown(self) -> bool:
        """True for the row that balances the table against the UK count."""
        return is_unknown(self.name, self.mp)


@define(frozen=True, repr=False)
class Petition:
    """One petition report.

    ``refreshed_at`` is the naive local time the report was made (None for the early
    layouts A-D, which do not print it); the ``history``
    timestamps are UTC.  ``signatures_by_country`` and ``signatures_by_constituency``
    hold the table rows in report order, Unknown rows included.
    """

    petition_id: int
    url: str
    action: str
    background: str
    signature_count: int
    refreshed_at: datetime | None
    government_response: GovernmentResponse | None
    history: History
    signatures_by_country: tuple[CountrySignatures, ...]
    signatures_by_constituency: tuple[ConstituencySignatures, ...]
    #: The layout the report was written in (see docs/format.md): "current", or one of
    #: the early layouts of 2019-03-25 and 26, "A" to "E".
    layout: ReportLayout = "current"

    @property
    def archived(self) -> bool:
        """True when the data came from the archived-petitions site."""
        return "/archived/" in self.url

    @property
    def uk_signature_count(self) -> int | None:
        """The United Kingdom row's count, or None when the table has no such row."""
        rows = self.signatures_by_country
        return uk_count([r.name for r in rows], [r.signature_count for r in rows])

    @property
    def unknown_country(self) -> CountrySignatures | None:
        """The country table's Unknown row, if it has one."""
        return self.country(UNKNOWN)

    @property
    def unknown_constituency(self) -> ConstituencySignatures | None:
        """The constituency table's Unknown row, if it has one."""
        return next((r for r in self.signatures_by_constituency if r.is_unknown), None)

    def __repr__(self) -> str:
        """Short: a report's repr is for a notebook cell, not its 650 rows."""
        action = self.action if len(self.action) <= 50 else self.action[:47] + "..."
        return (
            f"<Petition {self.petition_id} {action!r}: "
            f"{plural(self.signature_count, 'signature', 'signatures')}, "
            f"refreshed {self.refreshed_at}, "
            f"{plural(len(self.signatures_by_country), 'country', 'countries')}, "
            f"{plural(len(self.signatures_by_constituency), 'constituency', 'constituencies')}>"
        )

    def _repr_html_(self) -> str:
        """A compact summary table for Jupyter."""
        top = ", ".join(
            f"{escape(r.name)} {r.signature_count:,}" for r in self.signatures_by_constituency[:3]
        )
        events = [
            f"{name.removesuffix('_at').replace('_', ' ')} {value:%Y-%m-%d}"
            for name in attrs.fields_dict(History)
            if (value := getattr(self.history, name)) is not None
        ]
        response = self.government_response
        rows = {
            "Petition": f'<a href="{escape(self.url)}">{self.petition_id}</a>',
            "Action": escape(self.action),
            "Signatures": f"{self.signature_count:,} (UK {self.uk_signature_count or 0:,})",
            "Refreshed": escape(str(self.refreshed_at)),
            "Response": "none" if response is None else escape(response.summary[:200]),
            "History": escape("; ".join(events)),
            "Countries": plural(len(self.signatures_by_country), "row", "rows"),
            "Constituencies": (
                f"{plural(len(self.signatures_by_constituency), 'row', 'rows')}; top: {top}"
            ),
        }
        body = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows.items())
        return f"<table>{body}</table>"

    def country(self, name: str) -> CountrySignatures | None:
        """The country row called ``name`` (exact match), or None."""
        return next((r for r in self.signatures_by_country if r.name == name), None)

    def constituency(self, name: str) -> ConstituencySignatures | None:
        """The constituency row called ``name`` (exact match), or None."""
        return next((r for r in self.signatures_by_constituency if r.name == name), None)


def plural(n: int, one: str, many: str) -> str:
    """``1 country``, ``2 countries``, ``1,000 countries``."""
    return f"{n:,} {one if n == 1 else many}"


# -- index pages ----------------------------------------------------------------------

_TOP = re.compile(r"Top (?:([0-9]{1,18}) )?(?:(.+) )?Petitions")


@define(frozen=True)
class Link:
    """A Markdown link: ``[text](url)``."""

    text: str
    url: str


@define(frozen=True)
class IndexRow:
    """One petition in an index table; ``report`` is the link to its report file."""

    name: str
    report: str
    signature_count: int
    uk_signature_count: int
    overseas_signature_count: int
    unknown_signature_count: int
    uk_percentage: float
    overseas_percentage: float
    unknown_percentage: float
    #: The "#" column of the early layouts I-1, I-1b and I-2; None otherwise.
    rank: int | None = None
    #: The "Date Created" column of the early layouts I-1 and I-1b; None otherwise.
    date_created: date | None = None


@define(frozen=True)
class PetitionIndex:
    """An index page ("Top N Petitions").

    ``percent_first`` records the header spelling ``% UK Signatures``.
    """

    title: str
    source: Link
    notebook: Link | None
    refreshed_at: datetime
    rows: tuple[IndexRow, ...]
    percent_first: bool = False
    #: The layout the page was written in: "current", "I-1" to "I-4", or "no-table" (the
    #: page written while the petitions site was closed: no number, no table).
    layout: IndexLayout = "current"

    @property
    def top(self) -> int | None:
        """N of "Top N ... Petitions", or None when the title is not of that form."""
        m = _TOP.fullmatch(self.title)
        return None if m is None or m.group(1) is None else int(m.group(1))

    @property
    def state(self) -> str | None:
        """ "Open" of "Top 50 Open Petitions"; None for "Top 50 Petitions"."""
        m = _TOP.fullmatch(self.title)
        return None if m is None else m.group(2)


#: The model's classes: public, and each with a dict form (``to_dict``, ``from_dict``).
MODEL_CLASSES: tuple[type, ...] = (
    Petition,
    PetitionIndex,
    History,
    GovernmentResponse,
    CountrySignatures,
    ConstituencySignatures,
    IndexRow,
    Link,
)

# As users import them (``petition_parser.Petition``): reprs, tracebacks and pickles
# name the public module, not this private one.  The annotations are resolved first,
# while this module (where their names are) is still the one the class names.
for _public in MODEL_CLASSES:
    attrs.resolve_types(_public)
    _public.__module__ = "petition_parser"
