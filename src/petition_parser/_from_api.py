"""``from_api`` and ``index_from_api``: what the reporting script made of API documents.

The rules, in the script's order:

* title: ``action`` with each ``\\r\\n`` replaced by a space; background verbatim;
* url: ``links.self`` without ``.json``; the id is ``data.id``;
* history: the seven timestamps, cut (not rounded) to whole seconds;
* government response: ``summary`` and ``details`` verbatim, when there is one;
* countries: when they do not sum to ``signature_count``, a row ``Unknown`` takes
  the difference; all rows are sorted by count, descending, with a stable sort
  (ties keep the API's order), ranked from 1, and each percentage is
  ``100 * count / (sum of the rows)`` printed to two decimals;
* constituencies: the same, except that the gap is measured against the United
  Kingdom's count (country code ``GB``) and the extra row is ``Unknown`` with MP
  ``Unknown``.

A table whose rows sum to 0 gets 0.00 percentages (the script would have divided
by zero; no real report has such a table).

The index page ("Top N Open Petitions"), one row per document in the list's order:

* name: the title as above; the link: ``{id}.md`` (the report beside the page);
* total: ``signature_count``; UK: the ``GB`` country's count (0 without one);
  unknown: the ``Unknown`` row the report's country table got (0 without one);
  overseas: the rest, ``total - UK - unknown``;
* the three percentages: ``100 * count / total`` to two decimals (0.00 for a total
  of 0);
* the title ``Top {N} {State} Petitions``, and for a state with no petitions the page
  the script wrote while the site was closed: ``Top {State} Petitions`` with no table
  (layout ``no-table``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import TypeVar

from . import api
from ._format import percentage
from ._model import (
    UNKNOWN,
    ConstituencySignatures,
    CountrySignatures,
    GovernmentResponse,
    History,
    IndexRow,
    Link,
    Petition,
    PetitionIndex,
)

__all__ = ["from_api", "index_from_api", "index_page", "index_row"]

#: The data source line of an index page names the site so.
SITE_NAME = "UK Government and Parliament"


def from_api(document: api.ApiPetition, refreshed_at: datetime) -> Petition:
    """The Petition the reporting script derived from ``document`` at ``refreshed_at``.

    ``refreshed_at`` is the (naive, local) time the report was made; it is not in
    the API document.  ``render(from_api(doc, t))`` is the report's text.
    """
    attributes = document.data.attributes
    total = attributes.signature_count
    by_country = attributes.signatures_by_country or ()
    uk = next((c.signature_count for c in by_country if c.code == "GB"), 0)  # as the index
    response = attributes.government_response
    countries = _ranked([(c.name, c.signature_count) for c in by_country], total, UNKNOWN)
    constituencies = _ranked(
        [((c.name, c.mp), c.signature_count) for c in attributes.signatures_by_constituency or ()],
        uk,
        (UNKNOWN, UNKNOWN),
    )
    return Petition(
        petition_id=document.data.id,
        url=document.links.self_url.removesuffix(".json"),
        action=attributes.action.replace("\r\n", " "),
        background=attributes.background or "",
        signature_count=total,
        refreshed_at=refreshed_at,
        government_response=None
        if response is None
        else GovernmentResponse(summary=response.summary or "", details=response.details or ""),
        history=History(
            updated_at=_whole_seconds(attributes.updated_at),
            government_response_at=_whole_seconds(attributes.government_response_at),
            debate_threshold_reached_at=_whole_seconds(attributes.debate_threshold_reached_at),
            response_threshold_reached_at=_whole_seconds(attributes.response_threshold_reached_at),
            opened_at=_whole_seconds(attributes.opened_at),
            moderation_threshold_reached_at=_whole_seconds(
                attributes.moderation_threshold_reached_at
            ),
            created_at=_whole_seconds(attributes.created_at),
        ),
        signatures_by_country=tuple(
            CountrySignatures(rank, name, count, percentage)
            for rank, name, count, percentage in countries
        ),
        signatures_by_constituency=tuple(
            ConstituencySignatures(rank, name, mp, count, percentage)
            for rank, (name, mp), count, percentage in constituencies
        ),
    )


def index_from_api(
    documents: Iterable[api.ApiPetition],
    refreshed_at: datetime,
    *,
    state: str = "open",
    site: str = "https://petition.parliament.uk",
) -> PetitionIndex:
    """The index page the reporting script made of a state's documents (module doc).

    ``render_index`` writes it; it validates clean (``validate_index``).
    """
    rows = [index_row(document) for document in documents]
    return index_page(rows, refreshed_at, state=state, site=site)


def index_row(document: api.ApiPetition) -> IndexRow:
    """A document's row of the index page."""
    attributes = document.data.attributes
    countries = attributes.signatures_by_country or ()
    total = attributes.signature_count
    uk = next((c.signature_count for c in countries if c.code == "GB"), 0)
    unknown = total - sum(c.signature_count for c in countries)  # the report's Unknown row
    overseas = total - uk - unknown
    return IndexRow(
        name=attributes.action.replace("\r\n", " "),
        report=f"{document.data.id}.md",
        signature_count=total,
        uk_signature_count=uk,
        overseas_signature_count=overseas,
        unknown_signature_count=unknown,
        uk_percentage=percentage(uk, total),
        overseas_percentage=percentage(overseas, total),
        unknown_percentage=percentage(unknown, total),
    )


def index_page(
    rows: Sequence[IndexRow], refreshed_at: datetime, *, state: str, site: str
) -> PetitionIndex:
    """The page of a state's rows: "Top N {State} Petitions", or the table-less page."""
    named = state.replace("_", " ").title()
    source = Link(SITE_NAME, f"{site.rstrip('/')}/petitions?state={state}")
    if not rows:
        return PetitionIndex(
            f"Top {named} Petitions", source, None, refreshed_at, (), layout="no-table"
        )
    title = f"Top {len(rows)} {named} Petitions"
    return PetitionIndex(title, source, None, refreshed_at, tuple(rows))


K = TypeVar("K")


def _ranked(
    rows: list[tuple[K, int]], expected_total: int, unknown: K
) -> list[tuple[int, K, int, float]]:
    """Add the Unknown row if needed, sort by count (stable), rank, and give percentages."""
    gap = expected_total - sum(count for _, count in rows)
    if gap:
        rows = [*rows, (unknown, gap)]
    # sorted() is stable, and reverse=True keeps ties in their original order.
    rows = sorted(rows, key=lambda row: row[1], reverse=True)
    row_sum = sum(count for _, count in rows)
    return [
        (rank, key, count, percentage(count, row_sum))
        for rank, (key, count) in enumerate(rows, start=1)
    ]


def _whole_seconds(value: datetime | None) -> datetime | None:
    return None if value is None else value.replace(microsecond=0)
