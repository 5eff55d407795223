"""Loading reports into SQLite (standard library): normalized tables, keys, indexes.

``petitions`` holds one row per snapshot, keyed by ``(petition_id, refreshed_at,
updated_at)``; ``countries``, ``constituencies`` and ``history`` refer to it by that
key (foreign keys), keyed further by ``rank`` or ``event``.  A key part can be null
(the early layouts A-D have no refresh time), and SQLite does not hold nulls in a key
to be unique: a unique index over the key with ``ifnull(..., '')`` does that.  Loading
is idempotent: a snapshot
already in the database is left as it is, with its rows, so loading the same files
twice adds nothing the second time.  Everything is one transaction: a failed run
adds nothing, and a database file the run created is removed again.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from .rows import TableColumns
from .schema import KEYS, SNAPSHOT, TABLES, ColumnType, TableName

__all__ = ["REPORT_TABLES", "create_statements", "load"]

#: The tables of reports, parent first.
REPORT_TABLES: tuple[TableName, ...] = ("petitions", "countries", "constituencies", "history")
_SQL_TYPES: dict[ColumnType, str] = {
    "int": "INTEGER",
    "float": "REAL",
    "str": "TEXT",
    "bool": "INTEGER",
    "local_time": "TEXT",
    "utc_time": "TEXT",
}
#: Extra indexes for the questions people ask (by name, by time).
_INDEXES = {
    "petitions": ("refreshed_at",),
    "countries": ("name",),
    "constituencies": ("name",),
    "history": ("event",),
}


def create_statements() -> list[str]:
    """The ``CREATE TABLE`` / ``CREATE INDEX`` statements, from the declared schema."""
    statements = []
    for table in REPORT_TABLES:
        columns = [
            f"{c.name} {_SQL_TYPES[c.type]}{'' if c.nullable else ' NOT NULL'}"
            for c in TABLES[table]
        ]
        key = KEYS[table]
        constraints = [f"PRIMARY KEY ({', '.join(key)})"]
        if table != "petitions":
            snapshot = ", ".join(SNAPSHOT)
            constraints.append(f"FOREIGN KEY ({snapshot}) REFERENCES petitions ({snapshot})")
        body = ",\n  ".join(columns + constraints)
        statements.append(f"CREATE TABLE IF NOT EXISTS {table} (\n  {body}\n)")
        unique = ", ".join(
            f"ifnull({c}, '')" if c in ("refreshed_at", "updated_at") else c for c in key
        )
        statements.append(f"CREATE UNIQUE INDEX IF NOT EXISTS {table}_key ON {table} ({unique})")
        statements.extend(
            f"CREATE INDEX IF NOT EXISTS {table}_{column} ON {table} ({column})"
            for column in _INDEXES[table]
        )
    return statements


def _sql_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def load(
    path: str | os.PathLike[str], snapshots: Iterable[dict[TableName, TableColumns]]
) -> dict[str, int]:
    """Load snapshots (each: its columns for every report table); rows added per table."""
    created = not Path(path).exists()
    added: dict[str, int] = dict.fromkeys(REPORT_TABLES, 0)
    db = sqlite3.connect(path, isolation_level=None)
    try:
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("BEGIN")
        for statement in create_statements():
            db.execute(statement)
        inserts = {
            table: f"INSERT OR IGNORE INTO {table} VALUES ({', '.join('?' * len(TABLES[table]))})"
            for table in REPORT_TABLES
        }
        for tables in snapshots:
            for table in REPORT_TABLES:
                columns = tables[table]
                rows = [tuple(map(_sql_value, row)) for row in zip(*columns.values(), strict=True)]
                cursor = db.executemany(inserts[table], rows)
                added[table] += max(cursor.rowcount, 0)
                if table == "petitions" and cursor.rowcount == 0:
                    break  # this snapshot is there already, with its rows
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        db.close()
        if created:
            Path(path).unlink(missing_ok=True)
        raise
    db.close()
    return added
