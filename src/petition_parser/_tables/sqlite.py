"""Loading reports into SQLite (standard library): normalized tables, keys, indexes.

``petitions`` holds one row per snapshot, with an integer primary key ``snapshot_id``
(what sqlite-utils and datasette expect of a parent table); ``countries``,
``constituencies`` and ``history`` refer to it by that one column (a foreign key that
datasette shows as a link), keyed further by ``rank`` or ``event``.  Every table keeps
the flat tables' columns too, so that the snapshot key ``(petition_id, refreshed_at,
updated_at)`` can be read or joined on anywhere.  That natural key stays unique: a key
part can be null (the early layouts A-D have no refresh time), and SQLite does not hold
nulls in a key to be unique, so a unique index over it with ``ifnull(..., '')`` does.

Loading is idempotent: a snapshot already in the database is left as it is, with its
rows, so loading the same files twice adds nothing the second time.  Everything is
one transaction: a failed run adds nothing, and a database file the run created is
removed again.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from .._errors import PetitionError
from .columns import TableColumns
from .schema import KEYS, TABLES, ColumnType, TableName

__all__ = ["REPORT_TABLES", "SNAPSHOT_ID", "create_statements", "load"]

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


#: The parent's integer key, and the one column each child refers to it by.
SNAPSHOT_ID = "snapshot_id"


def create_statements() -> list[str]:
    """The ``CREATE TABLE`` / ``CREATE INDEX`` statements, from the declared schema."""
    statements = []
    for table in REPORT_TABLES:
        columns = [
            f"{c.name} {_SQL_TYPES[c.type]}{'' if c.nullable else ' NOT NULL'}"
            for c in TABLES[table]
        ]
        key = KEYS[table]
        if table == "petitions":
            columns.insert(0, f"{SNAPSHOT_ID} INTEGER PRIMARY KEY")
            constraints = []
        else:
            columns.insert(
                0, f"{SNAPSHOT_ID} INTEGER NOT NULL REFERENCES petitions ({SNAPSHOT_ID})"
            )
            constraints = [f"PRIMARY KEY ({SNAPSHOT_ID}, {key[-1]})"]
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


def _check_schema(db: sqlite3.Connection, target: Path) -> None:
    """Refuse a database made before ``snapshot_id`` (0.2): its tables cannot take rows."""
    names = [row[1] for row in db.execute("PRAGMA table_info(petitions)")]
    if names and SNAPSHOT_ID not in names:
        raise PetitionError(
            f"{target}: expected a database with petitions.{SNAPSHOT_ID}, found one made by "
            "petition-parser 0.2 (load into a new file)"
        )


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
    target = Path(path)
    if target.is_dir():
        raise PetitionError(f"{target}: expected a SQLite database file, found a folder")
    if not target.parent.is_dir():
        raise PetitionError(
            f"{target}: expected a folder to write into, found no folder {str(target.parent)!r}"
        )
    created = not target.exists()
    added: dict[str, int] = dict.fromkeys(REPORT_TABLES, 0)
    try:
        db = sqlite3.connect(path, isolation_level=None)
    except sqlite3.Error as exc:
        raise PetitionError(f"{target}: cannot open the database: {exc}") from None
    try:
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("BEGIN")
        _check_schema(db, target)
        for statement in create_statements():
            db.execute(statement)
        inserts = {
            table: f"INSERT OR IGNORE INTO {table} "
            f"({', '.join([SNAPSHOT_ID, *(c.name for c in TABLES[table])])}) "
            f"VALUES ({', '.join('?' * (len(TABLES[table]) + 1))})"
            for table in REPORT_TABLES
        }
        for tables in snapshots:
            (parent,) = zip(*tables["petitions"].values(), strict=True)
            cursor = db.execute(inserts["petitions"], (None, *map(_sql_value, parent)))
            if cursor.rowcount == 0:
                continue  # this snapshot is there already, with its rows
            added["petitions"] += 1
            snapshot_id = cursor.lastrowid
            for table in REPORT_TABLES[1:]:
                columns = tables[table]
                rows = [
                    (snapshot_id, *map(_sql_value, row))
                    for row in zip(*columns.values(), strict=True)
                ]
                cursor = db.executemany(inserts[table], rows)
                added[table] += max(cursor.rowcount, 0)
        db.execute("COMMIT")
    except BaseException as exc:
        if db.in_transaction:
            db.execute("ROLLBACK")
        db.close()
        if created:
            target.unlink(missing_ok=True)
        if isinstance(exc, sqlite3.Error):
            raise PetitionError(f"{target}: cannot load into the database: {exc}") from exc
        raise
    db.close()
    return added
