"""``validate``: the checks a careful reader runs before trusting a report's numbers.

A report can parse perfectly and still be wrong: a hand-edited row, a table cut
short, a percentage computed against the wrong total.  Each check yields a
``Finding`` with a stable code (see ``CODES``), a severity, a message and the
line of the report it is about (the report as ``render`` writes it, which is the
file for every report that parsed).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime

from ._findings import CODES, Finding, Lines, finding
from ._format import EVENTS, LAYOUTS, percentage_text
from ._format import constituencies as constituency_table
from ._format import countries as country_table
from ._model import (
    UNKNOWN,
    ConstituencySignatures,
    CountrySignatures,
    Petition,
    PetitionIndex,
)

__all__ = ["CODES", "Finding", "validate", "validate_index"]

#: Pairs (earlier, later) of history fields that must not be out of order.
_HISTORY_ORDER = (
    ("created_at", "moderation_threshold_reached_at"),
    ("moderation_threshold_reached_at", "opened_at"),
    ("created_at", "opened_at"),
    ("opened_at", "response_threshold_reached_at"),
    ("response_threshold_reached_at", "debate_threshold_reached_at"),
    ("opened_at", "government_response_at"),
    ("opened_at", "debate_threshold_reached_at"),
    ("created_at", "updated_at"),
    ("opened_at", "updated_at"),
    ("response_threshold_reached_at", "updated_at"),
    ("debate_threshold_reached_at", "updated_at"),
    ("government_response_at", "updated_at"),
)


def validate(petition: Petition) -> list[Finding]:
    """Every finding for ``petition``, in report order (an empty list: it checks out).

    Raises nothing for a Petition of the documented types: a history time without a
    UTC offset is compared as UTC, and a petition that ``render`` refuses gets its
    findings without line numbers.
    """
    lines = Lines(petition)
    findings: list[Finding] = []
    if petition.petition_id <= 0:
        findings.append(
            finding(
                "url-id",
                f"the petition id is {petition.petition_id}",
                lines.find(f"\n{LAYOUTS[petition.layout].link_prefix}["),
                "Signatures",
            )
        )
    findings += _history(petition, lines)
    countries = petition.signatures_by_country
    constituencies = petition.signatures_by_constituency
    first_country = lines.first_row(country_table.HEADING, country_table.HEADER)
    findings += _table(countries, country_table.HEADING, first_country)
    if countries:
        country_sum = sum(r.signature_count for r in countries)
        if country_sum != petition.signature_count:
            findings.append(
                finding(
                    "country-sum",
                    f"the countries add up to {country_sum:,}, the total is "
                    f"{petition.signature_count:,}",
                    lines.find(f"\n### {country_table.HEADING}\n"),
                    country_table.HEADING,
                )
            )
    first_constituency = lines.first_row(constituency_table.HEADING, constituency_table.HEADER)
    findings += _table(constituencies, constituency_table.HEADING, first_constituency)
    if constituencies:
        uk = petition.uk_signature_count
        constituency_sum = sum(r.signature_count for r in constituencies)
        if uk is None or constituency_sum != uk:
            found = "there is no United Kingdom row" if uk is None else f"the UK count is {uk:,}"
            findings.append(
                finding(
                    "constituency-sum",
                    f"the constituencies add up to {constituency_sum:,}; {found}",
                    lines.find(f"\n### {constituency_table.HEADING}\n"),
                    constituency_table.HEADING,
                )
            )
    return findings


def _utc(value: datetime | None) -> datetime | None:
    """The UTC instant, naive (a time without an offset is taken as UTC); None if none."""
    if value is None:
        return None
    offset = value.utcoffset()
    try:
        return value.replace(tzinfo=None) - offset if offset else value.replace(tzinfo=None)
    except OverflowError:  # hand-made: 0001-01-01 00:00 at +01:00
        return None


def _history(petition: Petition, lines: Lines) -> Iterator[Finding]:
    history = petition.history
    events = [name for name in EVENTS.values() if getattr(history, name) is not None]
    for earlier, later in _HISTORY_ORDER:
        a = _utc(getattr(history, earlier))
        b = _utc(getattr(history, later))
        if a is not None and b is not None and b < a:
            label = _label(later)
            yield finding(
                "history-order",
                f"{label} ({b:%Y-%m-%d %H:%M:%S}) is before "
                f"{_label(earlier)} ({a:%Y-%m-%d %H:%M:%S})",
                lines.find(f"\n| {label} | ", lines.find_pos("\n### History\n")),
                "History",
                events.index(later) + 1,
            )


def _label(field: str) -> str:
    return next(label for label, name in EVENTS.items() if name == field)


def _table(
    rows: Sequence[CountrySignatures | ConstituencySignatures],
    section: str,
    first_row: int | None,
) -> Iterator[Finding]:
    def at(i: int) -> tuple[int | None, str, int]:
        """Line, section and 1-based row of row ``i``."""
        return None if first_row is None else first_row + i, section, i + 1

    for i, row in enumerate(rows):
        if row.rank != i + 1:
            yield finding("rank-sequence", f"rank {row.rank} where {i + 1} belongs", *at(i))
            break
    for i in range(1, len(rows)):
        if rows[i].signature_count > rows[i - 1].signature_count:
            yield finding(
                "row-order",
                f"{rows[i].name!r} ({rows[i].signature_count:,}) comes after "
                f"{rows[i - 1].name!r} ({rows[i - 1].signature_count:,})",
                *at(i),
            )
            break
    row_sum = sum(row.signature_count for row in rows)
    if row_sum:
        for i, row in enumerate(rows):
            expected = percentage_text(row.signature_count, row_sum)
            if f"{row.percentage:.2f}" != expected:
                yield finding(
                    "percentage",
                    f"{row.name!r}: {row.percentage:.2f}%, but {row.signature_count:,} of "
                    f"{row_sum:,} is {expected}%",
                    *at(i),
                )
    unknown = [i for i, row in enumerate(rows) if row.name == UNKNOWN]
    for i in unknown[1:]:
        yield finding("unknown-duplicate", "a second Unknown row", *at(i))
    for i in unknown:
        if rows[i].signature_count == 0:
            yield finding("unknown-unneeded", "an Unknown row of 0 signatures", *at(i))


def validate_index(index: PetitionIndex) -> list[Finding]:
    """Every finding for an index page (raises nothing for a PetitionIndex)."""
    findings: list[Finding] = []
    header = Lines(index).find("\n| ")  # the table's header: its first line
    rows = index.rows
    if index.top is not None and index.top != len(rows):
        findings.append(
            finding(
                "index-count", f"the title says Top {index.top}, the table has {len(rows)} rows", 1
            )
        )
    for i, row in enumerate(rows):
        line = None if header is None else header + 2 + i
        parts = row.uk_signature_count + row.overseas_signature_count + row.unknown_signature_count
        if parts != row.signature_count:
            findings.append(
                finding(
                    "index-sum",
                    f"{row.name!r}: {row.signature_count:,} total, but UK + overseas + unknown "
                    f"is {parts:,}",
                    line,
                    row=i + 1,
                )
            )
        if row.signature_count:
            for name, count, percentage in (
                ("UK", row.uk_signature_count, row.uk_percentage),
                ("overseas", row.overseas_signature_count, row.overseas_percentage),
                ("unknown", row.unknown_signature_count, row.unknown_percentage),
            ):
                expected = percentage_text(count, row.signature_count)
                if f"{percentage:.2f}" != expected:
                    findings.append(
                        finding(
                            "index-percentage",
                            f"{row.name!r}: {name} {percentage:.2f}%, but {count:,} of "
                            f"{row.signature_count:,} is {expected}%",
                            line,
                            row=i + 1,
                        )
                    )
        if i and row.signature_count > rows[i - 1].signature_count:
            findings.append(
                finding(
                    "index-order",
                    f"{row.name!r} ({row.signature_count:,}) comes after "
                    f"{rows[i - 1].name!r} ({rows[i - 1].signature_count:,})",
                    line,
                    row=i + 1,
                )
            )
    return findings
