"""One snapshot's rows of each flat table, as columns (lists), from the model or the parser.

A snapshot reaches the tables either as a Petition or as the parser's fields with
their tables still as columns (``petition_parser._model.Rows``): the tables
take columns as they are and never build a row object they do not need.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime, timezone
from operator import attrgetter
from typing import Any

from .._files import path_text
from .._model import UNKNOWN, Petition, PetitionIndex
from .._rows import Rows, positions
from .schema import EVENTS, SNAPSHOT, TABLES, TableName

__all__ = [
    "TableColumns",
    "index_columns",
    "records",
    "snapshot_columns",
    "snapshot_time",
    "stamped_columns",
]

#: A table's columns by name, each a list of values.
TableColumns = dict[str, list[Any]]

_COUNTRY = ("rank", "name", "signature_count", "percentage")
_CONSTITUENCY = ("rank", "name", "mp", "signature_count", "percentage")


def _table(value: Rows | Sequence[Any], names: tuple[str, ...]) -> list[list[Any]]:
    """A model table (tuple of rows) or parsed columns, as one list per field.

    The parser's lists are taken as they are, not copied: nothing downstream changes
    them (copying was a sixth of the time of a snapshot's constituency columns)."""
    if isinstance(value, Rows):
        return list(value.columns)
    return [list(map(attrgetter(name), value)) for name in names]


def snapshot_columns(
    snapshot: Petition | Mapping[str, Any], table: TableName, path: str | None
) -> TableColumns:
    """The rows ``snapshot`` adds to ``table``, as columns."""
    fields: Mapping[str, Any] = (
        {name: getattr(snapshot, name) for name in _FIELDS}
        if isinstance(snapshot, Petition)
        else snapshot
    )
    key = (fields["petition_id"], fields["refreshed_at"], fields["history"].updated_at)
    if table == "petitions":
        return _petition_row(fields, key, path)
    if table == "history":
        history = fields["history"]
        events = [(event, getattr(history, name)) for event, name in EVENTS.items()]
        events = [(event, at) for event, at in events if at is not None]
        return _with_key(
            key,
            len(events),
            {
                "event": [event for event, _ in events],
                "at": [at for _, at in events],
            },
        )
    if table == "countries":
        ranks, names, counts, percentages = _table(fields["signatures_by_country"], _COUNTRY)
        unknown = _unknown_flags(names)
        return _with_key(
            key,
            len(ranks),
            {
                "rank": ranks,
                "name": names,
                "signature_count": counts,
                "percentage": percentages,
                "is_unknown": unknown,
            },
        )
    if table == "constituencies":
        ranks, names, mps, counts, percentages = _table(
            fields["signatures_by_constituency"], _CONSTITUENCY
        )
        unknown = _unknown_flags(names, mps)
        return _with_key(
            key,
            len(ranks),
            {
                "rank": ranks,
                "name": names,
                "mp": mps,
                "signature_count": counts,
                "percentage": percentages,
                "is_unknown": unknown,
            },
        )
    raise ValueError(f"{table!r} is not a table of reports")


def snapshot_time(refreshed_at: datetime | None, updated_at: datetime | None) -> datetime:
    """When a snapshot was taken: its refresh time (local), which the early layouts A-D
    lack; there, its History Updated time (UTC, taken as naive: within an hour of UK
    local time); ``datetime.min`` when it has neither."""
    if refreshed_at is not None:
        return refreshed_at
    if updated_at is not None:
        return updated_at.astimezone(timezone.utc).replace(tzinfo=None)
    return datetime.min


def stamped_columns(
    table: TableName, path: str | None, parsed: Petition | Mapping[str, Any] | PetitionIndex
) -> tuple[tuple[Any, ...], TableColumns]:
    """``((group, time), columns)``: what ``latest=True`` picks from.

    A snapshot's group is its petition, an index page's its title; the time is
    ``snapshot_time`` (an index page's refresh time)."""
    if isinstance(parsed, PetitionIndex):
        return (parsed.title, parsed.refreshed_at), index_columns(parsed, path)
    if isinstance(parsed, Petition):
        petition_id, refreshed_at, history = parsed.petition_id, parsed.refreshed_at, parsed.history
    else:
        petition_id, refreshed_at, history = (
            parsed["petition_id"],
            parsed["refreshed_at"],
            parsed["history"],
        )
    time = snapshot_time(refreshed_at, history.updated_at)
    return (petition_id, time), snapshot_columns(parsed, table, path)


def _unknown_flags(names: Sequence[str], mps: Sequence[str | None] | None = None) -> list[bool]:
    """``is_unknown`` for each row: the name (and, for constituencies, the MP) is Unknown.

    A table has at most a row or two named Unknown among hundreds: comparing every row
    in Python was a fifth of the time of building the constituency rows' columns.
    """
    flags = [False] * len(names)
    for at in positions(names, UNKNOWN):
        flags[at] = mps is None or mps[at] == UNKNOWN
    return flags


_FIELDS = (
    "petition_id",
    "refreshed_at",
    "url",
    "action",
    "signature_count",
    "government_response",
    "history",
    "signatures_by_country",
    "signatures_by_constituency",
    "layout",
)


def _with_key(key: tuple[Any, ...], n: int, columns: TableColumns) -> TableColumns:
    return {name: [value] * n for name, value in zip(SNAPSHOT, key, strict=True)} | columns


def _petition_row(
    fields: Mapping[str, Any], key: tuple[Any, ...], path: str | None
) -> TableColumns:
    countries = fields["signatures_by_country"]
    _, names, counts, _ = _table(countries, _COUNTRY)
    uk = counts[names.index("United Kingdom")] if "United Kingdom" in names else None
    response = fields["government_response"]
    history = fields["history"]
    row: dict[str, Any] = {
        **dict(zip(SNAPSHOT, key, strict=True)),
        "url": fields["url"],
        "action": fields["action"],
        "signature_count": fields["signature_count"],
        "uk_signature_count": uk,
        "has_response": response is not None,
        "response_summary": None if response is None else response.summary,
        **{name: getattr(history, name) for name in list(EVENTS.values())[1:]},
        "layout": fields["layout"],
        "source_path": path_text(path),
    }
    return {name: [value] for name, value in row.items()}


def index_columns(index: PetitionIndex, path: str | None) -> TableColumns:
    """The rows of an index page."""
    rows = index.rows
    n = len(rows)
    columns: TableColumns = {
        "title": [index.title] * n,
        "refreshed_at": [index.refreshed_at] * n,
        "rank": list(range(1, n + 1)),
    }
    for column in TABLES["index"][3:-2]:
        columns[column.name] = [getattr(row, column.name) for row in rows]
    columns["layout"] = [index.layout] * n
    columns["source_path"] = [path_text(path)] * n
    return columns


def records(columns: TableColumns) -> Iterator[dict[str, Any]]:
    """The rows of ``columns`` as dicts, in table order."""
    names = list(columns)
    for values in zip(*columns.values(), strict=True):
        yield dict(zip(names, values, strict=True))
