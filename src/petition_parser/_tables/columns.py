"""One snapshot's rows of each flat table, as columns (lists), from its ``Snapshot``.

The parser's lists are taken as they are, not copied: nothing downstream changes
them (copying was a sixth of the time of a snapshot's constituency columns).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .._files import path_text
from .._model import PetitionIndex
from .._snapshot import Snapshot
from .schema import EVENTS, SNAPSHOT, TABLES, TableName

__all__ = [
    "TableColumns",
    "index_columns",
    "records",
    "snapshot_columns",
    "stamped_columns",
]

#: A table's columns by name, each a list of values.
TableColumns = dict[str, list[Any]]


def snapshot_columns(snapshot: Snapshot, table: TableName, path: str | None) -> TableColumns:
    """The rows ``snapshot`` adds to ``table``, as columns."""
    key = snapshot.key
    if table == "petitions":
        return _petition_row(snapshot, path)
    if table == "history":
        history = snapshot.history
        events = [(event, getattr(history, name)) for event, name in EVENTS.items()]
        events = [(event, at) for event, at in events if at is not None]
        return _with_key(
            key,
            len(events),
            {"event": [event for event, _ in events], "at": [at for _, at in events]},
        )
    if table == "countries":
        countries = snapshot.countries
        return _with_key(
            key,
            len(countries.rank),
            {
                "rank": countries.rank,
                "name": countries.name,
                "signature_count": countries.signature_count,
                "percentage": countries.percentage,
                "is_unknown": countries.unknown_flags(),
            },
        )
    if table == "constituencies":
        seats = snapshot.constituencies
        return _with_key(
            key,
            len(seats.rank),
            {
                "rank": seats.rank,
                "name": seats.name,
                "mp": seats.mp,
                "signature_count": seats.signature_count,
                "percentage": seats.percentage,
                "is_unknown": seats.unknown_flags(),
            },
        )
    raise ValueError(f"{table!r} is not a table of reports")


def stamped_columns(
    table: TableName, path: str | None, parsed: Snapshot | PetitionIndex
) -> tuple[tuple[Any, ...], TableColumns]:
    """``((group, time), columns)``: what ``latest=True`` picks from.

    A snapshot's group is its petition, an index page's its title; the time is the
    snapshot's (an index page's refresh time)."""
    if isinstance(parsed, PetitionIndex):
        return (parsed.title, parsed.refreshed_at), index_columns(parsed, path)
    return (parsed.petition_id, parsed.time), snapshot_columns(parsed, table, path)


def _with_key(key: tuple[Any, ...], n: int, columns: TableColumns) -> TableColumns:
    return {name: [value] * n for name, value in zip(SNAPSHOT, key, strict=True)} | columns


def _petition_row(snapshot: Snapshot, path: str | None) -> TableColumns:
    response = snapshot.government_response
    history = snapshot.history
    row: dict[str, Any] = {
        **dict(zip(SNAPSHOT, snapshot.key, strict=True)),
        "url": snapshot.url,
        "action": snapshot.action,
        "signature_count": snapshot.signature_count,
        "uk_signature_count": snapshot.uk_signature_count,
        "has_response": response is not None,
        "response_summary": None if response is None else response.summary,
        **{name: getattr(history, name) for name in list(EVENTS.values())[1:]},
        "layout": snapshot.layout,
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
