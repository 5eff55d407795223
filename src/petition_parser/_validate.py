"""``validate``: the checks a careful reader runs before trusting a report's numbers.

A report can parse perfectly and still be wrong: a hand-edited row, a table cut
short, a percentage computed against the wrong total.  Each check yields a
:class:`Finding` with a stable code (see ``CODES``), a severity, a message and the
line of the report it is about (the report as ``render`` writes it, which is the
file for every report that parsed).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Literal

from attrs import define

from ._index import PetitionIndex
from ._model import UNKNOWN, ConstituencySignatures, CountrySignatures, Petition
from ._sections.history import EVENTS

__all__ = ["CODES", "Finding", "validate", "validate_index"]

Severity = Literal["error", "warning"]

#: Every finding code, its severity, and what it means.
CODES: dict[str, tuple[Severity, str]] = {
    "rank-sequence": ("error", "a table's ranks do not run 1, 2, 3, ..."),
    "row-order": ("error", "a table's rows are not sorted by signatures, biggest first"),
    "percentage": ("error", "a % is not 100 x signatures / the table's total, to 2 decimals"),
    "country-sum": ("error", "the countries do not add up to the total signature count"),
    "constituency-sum": ("error", "the constituencies do not add up to the United Kingdom's count"),
    "unknown-duplicate": ("error", "a table has more than one Unknown row"),
    "unknown-unneeded": ("error", "an Unknown row of 0: the sums did not need one"),
    "history-order": ("warning", "history timestamps out of their natural order"),
    "url-id": ("error", "the petition id in the url is not a positive integer"),
    "index-sum": ("error", "total is not UK + overseas + unknown signatures"),
    "index-percentage": ("error", "an index % is not 100 x signatures / total, to 2 decimals"),
    "index-order": ("error", "index rows are not sorted by total signatures, biggest first"),
    "index-count": ("error", "the title's 'Top N' does not match the number of rows"),
}

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


@define(frozen=True)
class Finding:
    """One problem: ``code`` (see ``CODES``), severity, message, and where."""

    code: str
    severity: Severity
    message: str
    line: int | None = None
    section: str | None = None
    row: int | None = None  # 1-based row of the section's table

    def __str__(self) -> str:
        where = f"line {self.line}: " if self.line is not None else ""
        return f"{where}{self.code} {self.message}"


def _finding(
    code: str, message: str, line: int | None, section: str | None = None, row: int | None = None
) -> Finding:
    return Finding(code, CODES[code][0], message, line, section, row)


def validate(petition: Petition) -> list[Finding]:
    """Every finding for ``petition``, in report order (an empty list: it checks out)."""
    lines = _Layout(petition)
    findings: list[Finding] = []
    if petition.petition_id <= 0:
        findings.append(
            _finding(
                "url-id", f"the petition id is {petition.petition_id}", lines.url, "Signatures"
            )
        )
    findings += _history(petition, lines)
    countries = petition.signatures_by_country
    constituencies = petition.signatures_by_constituency
    findings += _table(countries, "Signatures by Country", lines.countries)
    if countries:
        country_sum = sum(r.signature_count for r in countries)
        if country_sum != petition.signature_count:
            findings.append(
                _finding(
                    "country-sum",
                    f"the countries add up to {country_sum:,}, the total is "
                    f"{petition.signature_count:,}",
                    lines.countries,
                    "Signatures by Country",
                )
            )
    findings += _table(constituencies, "Signatures by Constituency", lines.constituencies)
    if constituencies:
        uk = petition.uk_signature_count
        constituency_sum = sum(r.signature_count for r in constituencies)
        if uk is None or constituency_sum != uk:
            found = "there is no United Kingdom row" if uk is None else f"the UK count is {uk:,}"
            findings.append(
                _finding(
                    "constituency-sum",
                    f"the constituencies add up to {constituency_sum:,}; {found}",
                    lines.constituencies,
                    "Signatures by Constituency",
                )
            )
    return findings


def _history(petition: Petition, lines: _Layout) -> Iterator[Finding]:
    history = petition.history
    for earlier, later in _HISTORY_ORDER:
        a: datetime | None = getattr(history, earlier)
        b: datetime | None = getattr(history, later)
        if a is not None and b is not None and b < a:
            yield _finding(
                "history-order",
                f"{_label(later)} ({b:%Y-%m-%d %H:%M:%S}) is before "
                f"{_label(earlier)} ({a:%Y-%m-%d %H:%M:%S})",
                lines.history_row(later),
                "History",
                lines.history_index(later),
            )


def _label(field: str) -> str:
    return next(label for label, name in EVENTS.items() if name == field)


def _table(
    rows: Sequence[CountrySignatures | ConstituencySignatures], section: str, heading: int
) -> Iterator[Finding]:
    def at(i: int) -> tuple[int, str, int]:
        """Line, section and 1-based row of row ``i``: rows start 4 lines below the heading."""
        return heading + 4 + i, section, i + 1

    for i, row in enumerate(rows):
        if row.rank != i + 1:
            yield _finding("rank-sequence", f"rank {row.rank} where {i + 1} belongs", *at(i))
            break
    for i in range(1, len(rows)):
        if rows[i].signature_count > rows[i - 1].signature_count:
            yield _finding(
                "row-order",
                f"{rows[i].name!r} ({rows[i].signature_count:,}) comes after "
                f"{rows[i - 1].name!r} ({rows[i - 1].signature_count:,})",
                *at(i),
            )
            break
    row_sum = sum(row.signature_count for row in rows)
    if row_sum:
        for i, row in enumerate(rows):
            expected = f"{100 * row.signature_count / row_sum:.2f}"
            if f"{row.percentage:.2f}" != expected:
                yield _finding(
                    "percentage",
                    f"{row.name!r}: {row.percentage:.2f}%, but {row.signature_count:,} of "
                    f"{row_sum:,} is {expected}%",
                    *at(i),
                )
    unknown = [i for i, row in enumerate(rows) if row.name == UNKNOWN]
    for i in unknown[1:]:
        yield _finding("unknown-duplicate", "a second Unknown row", *at(i))
    for i in unknown:
        if rows[i].signature_count == 0:
            yield _finding("unknown-unneeded", "an Unknown row of 0 signatures", *at(i))


class _Layout:
    """Where things are in the report ``render`` writes for a petition (1-based lines)."""

    def __init__(self, p: Petition) -> None:
        background = 3
        signatures = background + 2 + p.background.count("\n") + 2
        self.url = signatures + 4
        history = signatures + 8
        if p.government_response is not None:
            response = p.government_response
            text_lines = response.summary.count("\n") + 2 + response.details.count("\n") + 1
            history += 2 + text_lines + 1
        self._history = history
        self._events = [name for name in EVENTS.values() if getattr(p.history, name) is not None]
        self.countries = history + 4 + len(self._events) + 1
        self.constituencies = self.countries + 4 + len(p.signatures_by_country) + 1

    def history_index(self, field: str) -> int:
        return self._events.index(field) + 1

    def history_row(self, field: str) -> int:
        return self._history + 3 + self.history_index(field)


def validate_index(index: PetitionIndex) -> list[Finding]:
    """Every finding for an index page."""
    findings: list[Finding] = []
    header = 9 if index.notebook is not None else 7
    rows = index.rows
    if index.top is not None and index.top != len(rows):
        findings.append(
            _finding(
                "index-count", f"the title says Top {index.top}, the table has {len(rows)} rows", 1
            )
        )
    for i, row in enumerate(rows):
        line = header + 2 + i
        parts = row.uk_signature_count + row.overseas_signature_count + row.unknown_signature_count
        if parts != row.signature_count:
            findings.append(
                _finding(
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
                expected = f"{100 * count / row.signature_count:.2f}"
                if f"{percentage:.2f}" != expected:
                    findings.append(
                        _finding(
                            "index-percentage",
                            f"{row.name!r}: {name} {percentage:.2f}%, but {count:,} of "
                            f"{row.signature_count:,} is {expected}%",
                            line,
                            row=i + 1,
                        )
                    )
        if i and row.signature_count > rows[i - 1].signature_count:
            findings.append(
                _finding(
                    "index-order",
                    f"{row.name!r} ({row.signature_count:,}) comes after "
                    f"{rows[i - 1].name!r} ({rows[i - 1].signature_count:,})",
                    line,
                    row=i + 1,
                )
            )
    return findings
