"""The flat tables: one declared schema each, the one source of every writer's columns.

A table is a tuple of ``Column``; each column has a name, a type and whether it
may be null.  Arrow, pandas, polars, CSV, NDJSON, Parquet and SQLite all take their
names, types and nullability from here (docs/tables.md prints the same).

Types:

=================  ===============  =====================  =============  ========
``type``           Arrow            pandas                 SQLite         CSV/JSON
=================  ===============  =====================  =============  ========
``int``            int64            Int64                  INTEGER        digits
``float``          float64          Float64                REAL           number
``str``            string           string                 TEXT           text
``bool``           bool             boolean                INTEGER 0/1    true/false
``local_time``     timestamp[s]     datetime64 (naive)     TEXT ISO 8601  ISO 8601
``utc_time``       timestamp[s,UTC] datetime64 (UTC)       TEXT ISO 8601  ISO 8601
=================  ===============  =====================  =============  ========

The key of a snapshot is ``(petition_id, refreshed_at, updated_at)``: the report's own
refresh time (a naive local time), and the History ``Updated`` time (UTC).  For the
reports of today's layout the refresh time alone tells snapshots apart; the early
layouts A-D print none (``refreshed_at`` is null), and there the ``Updated`` time does.
"""

from __future__ import annotations

from typing import Literal

from attrs import define

__all__ = [
    "KEYS",
    "SCHEMAS",
    "SNAPSHOT",
    "TABLES",
    "TIMELINE_TABLES",
    "Column",
    "ColumnType",
    "TableName",
]

ColumnType = Literal["int", "float", "str", "bool", "local_time", "utc_time"]
TableName = Literal["petitions", "countries", "constituencies", "history", "index"]


@define(frozen=True)
class Column:
    """One column of a flat table."""

    name: str
    type: ColumnType
    nullable: bool
    doc: str


def _key() -> tuple[Column, ...]:
    return (
        Column("petition_id", "int", False, "the petition's id"),
        Column(
            "refreshed_at",
            "local_time",
            True,
            "when the report was made (local time); null for layouts A-D",
        ),
        Column(
            "updated_at", "utc_time", True, "History: Updated (UTC), the petition's last update"
        ),
    )


_EVENTS = (
    "updated",
    "government_response",
    "debate_threshold_reached",
    "response_threshold_reached",
    "opened",
    "moderation_threshold_reached",
    "created",
)

_SIGNATURE_ROW = (
    Column("rank", "int", False, "the row's rank in the report's table"),
    Column("name", "str", False, "the row's name"),
)
_SIGNATURE_COUNTS = (
    Column("signature_count", "int", False, "signatures"),
    Column("percentage", "float", False, "% of the table's total, as the report prints it"),
    Column("is_unknown", "bool", False, "the generated Unknown row that balances the table"),
)

TABLES: dict[TableName, tuple[Column, ...]] = {
    "petitions": (
        *_key(),
        Column("url", "str", False, "the data url"),
        Column("action", "str", False, "the title"),
        Column("signature_count", "int", False, "the total"),
        Column("uk_signature_count", "int", True, "the United Kingdom row's count"),
        Column("has_response", "bool", False, "the report has a Government Response"),
        Column("response_summary", "str", True, "the response's summary paragraph"),
        *(Column(f"{event}_at", "utc_time", True, f"History: {event}") for event in _EVENTS[1:]),
        Column("layout", "str", False, "the report's layout: A to E, or current"),
        Column("source_path", "str", True, "the file the report was read from"),
    ),
    "countries": (*_key(), *_SIGNATURE_ROW, *_SIGNATURE_COUNTS),
    "constituencies": (
        *_key(),
        *_SIGNATURE_ROW,
        Column("mp", "str", True, "the MP, null for a vacant seat"),
        *_SIGNATURE_COUNTS,
    ),
    "history": (
        *_key(),
        Column("event", "str", False, "one of " + ", ".join(_EVENTS)),
        Column("at", "utc_time", False, "when (UTC)"),
    ),
    "index": (
        Column("title", "str", False, "the page's title, e.g. Top 50 Open Petitions"),
        Column("refreshed_at", "local_time", False, "when the page was made (local time)"),
        Column("rank", "int", False, "the row's position on the page"),
        Column("name", "str", False, "the petition's name (link text)"),
        Column("report", "str", False, "the link to the report file"),
        Column("signature_count", "int", False, "total signatures"),
        Column("uk_signature_count", "int", False, "UK signatures"),
        Column("overseas_signature_count", "int", False, "overseas signatures"),
        Column("unknown_signature_count", "int", False, "unknown signatures"),
        Column("uk_percentage", "float", False, "UK %"),
        Column("overseas_percentage", "float", False, "overseas %"),
        Column("unknown_percentage", "float", False, "unknown %"),
        Column("layout", "str", False, "the page's layout: I-1 to I-4, current, or no-table"),
        Column("source_path", "str", True, "the file the page was read from"),
    ),
}

#: Each table's key (its rows are unique by these columns).
#: The snapshot key: the first columns of every report table.
SNAPSHOT = ("petition_id", "refreshed_at", "updated_at")
KEYS: dict[TableName, tuple[str, ...]] = {
    "petitions": SNAPSHOT,
    "countries": (*SNAPSHOT, "rank"),
    "constituencies": (*SNAPSHOT, "rank"),
    "history": (*SNAPSHOT, "event"),
    "index": ("title", "refreshed_at", "rank"),
}

#: History events as the tables name them, and the History field of each.
EVENTS = {event: f"{event}_at" for event in _EVENTS}


def _timeline(*columns: Column) -> tuple[Column, ...]:
    return (
        *_key(),
        Column("time", "local_time", False, "the snapshot's time (see below)"),
        *columns,
    )


#: The tables of a ``petition_parser.timeline`` (docs/over-time.md).  Unlike the
#: tables above, their chunks are not one snapshot each.
TIMELINE_TABLES: dict[str, tuple[Column, ...]] = {
    "timeline_snapshots": _timeline(
        Column("signature_count", "int", False, "the total"),
        Column("gained", "int", True, "since the petition's previous snapshot"),
        Column("hours", "float", True, "since the previous snapshot"),
        Column("per_hour", "float", True, "signatures gained per hour"),
        Column("layout", "str", False, "the report's layout"),
        Column("source_path", "str", True, "the file the report was read from"),
    ),
    **{
        f"timeline_{table}": _timeline(
            Column("name", "str", False, "the row's name"),
            Column("signature_count", "int", False, "signatures"),
            Column("gained", "int", True, "since the previous snapshot"),
            Column("per_hour", "float", True, "signatures gained per hour"),
        )
        for table in ("countries", "constituencies")
    },
    "timeline_crossings": _timeline(
        Column("threshold", "int", False, "the signature count crossed"),
        Column("previous_time", "local_time", False, "the last snapshot below it"),
        Column("estimated_at", "local_time", False, "linear interpolation between the two"),
        Column("response_threshold_reached_at", "utc_time", True, "the report's own"),
        Column("debate_threshold_reached_at", "utc_time", True, "the report's own"),
    ),
    "timeline_conflicts": _timeline(
        Column("first_source", "str", True, "the snapshot kept"),
        Column("second_source", "str", True, "a snapshot with the same key and other data"),
    ),
}

#: Every table's schema, by name.
SCHEMAS: dict[str, tuple[Column, ...]] = {**TIMELINE_TABLES}
SCHEMAS.update((str(name), columns) for name, columns in TABLES.items())
