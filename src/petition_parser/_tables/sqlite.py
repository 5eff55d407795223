"""Loading reports into SQLite (standard library): normalized tables, keys, indexes.

``petitions`` holds one row per snapshot, with an integer primary key ``snapshot_id``
(what sqlite-utils and datasette expect of a parent table); ``countries``,
``constituencies`` and ``history`` refer to it by that one column (a foreign key that
datasette shows as a link), keyed further by ``rank`` or ``event``.  Every table keeps
the flat tables' columns too, so that the snapshot key ``(petition_id, refreshed_at,
updated_at)`` can be read or joined on anywhere.  That natural key stays unique: a key
part can be null (the early layouts A-D have no refresh time), and SQLite does not hold
nulls in a key to be unique, so a unique index over it with ``ifnull(..., '')`` does.
The other tables are ``WITHOUT ROWID`` tables stored in their primary key's order: a
row is written once, not to a table and again to its key's index.

Loading is idempotent and incremental.  A snapshot already in the database is left as
it is, with its rows.  The database remembers what it loaded (``_petition_parser_files``:
each file's absolute path, size, modification time and content digest;
``_petition_parser_git``: per repository and patterns, the last commit read), and a load
reads only what is new: a file whose size and time are unchanged is not opened, one
whose digest is unchanged is not parsed, and a git history is read from the commit
after the last one (``full=True`` reads everything again).

Everything is one transaction, remembered files included: a failed or killed run adds
nothing (SQLite's journal undoes a killed one when the database is next opened), a
database file the run created is removed again, and a rerun reads what the failed one
would have.  A load takes the write lock as it begins: one meeting another load waits
``BUSY_SECONDS`` for it, then stops, having read nothing and removed nothing.  A load
counts as the database's maker only if the database is still empty once it holds the
lock, and removes it before letting go of the lock; a load that was waiting finds the
file it opened gone, and opens the one at the path.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from itertools import chain, repeat
from pathlib import Path
from typing import Any, NoReturn

from .._errors import PetitionError
from .._sources import Item
from .columns import TableColumns
from .incremental import FileMemory, Record
from .schema import KEYS, TABLES, ColumnType, TableName

__all__ = ["REPORT_TABLES", "SNAPSHOT_ID", "Loader", "index_statements", "table_statements"]

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


def table_statements() -> list[str]:
    """The tables with their keys (the indexes for questions: ``index_statements``)."""
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
        rowid = "" if table == "petitions" else " WITHOUT ROWID"
        statements.append(f"CREATE TABLE IF NOT EXISTS {table} (\n  {body}\n){rowid}")
        if table == "petitions":
            # A child's natural key is unique through its parent's and its primary key.
            unique = ", ".join(
                f"ifnull({c}, '')" if c in ("refreshed_at", "updated_at") else c for c in key
            )
            statements.append(
                f"CREATE UNIQUE INDEX IF NOT EXISTS {table}_key ON {table} ({unique})"
            )
    return [*statements, *index_statements()]


def _question_indexes() -> list[tuple[str, str, str]]:
    """``(name, table, column)`` of each index for questions (``_INDEXES``)."""
    return [
        (f"{table}_{column}", table, column)
        for table in REPORT_TABLES
        for column in _INDEXES[table]
    ]


def index_statements() -> list[str]:
    """The ``CREATE INDEX`` statements of the indexes for questions."""
    return [
        f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({column})"
        for name, table, column in _question_indexes()
    ]


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
    return value  # a bool is bound as 0 or 1 by sqlite3 itself


#: How long a load waits for another process's hold on the database (another load)
#: before it stops.
BUSY_SECONDS = 5.0

#: How many times a load opens the database again when the file it opened was removed
#: while it waited for it.
_REOPENS = 3

#: What the database remembers of the files and histories it loaded.
_FILES = "_petition_parser_files"
_GIT = "_petition_parser_git"
_MEMORY = [
    # The path as the system's bytes (exact for a name that is not UTF-8).
    f"CREATE TABLE IF NOT EXISTS {_FILES} (\n  path BLOB PRIMARY KEY,\n  size INTEGER NOT NULL,"
    "\n  mtime_ns INTEGER NOT NULL,\n  digest TEXT NOT NULL\n)",
    f"CREATE TABLE IF NOT EXISTS {_GIT} (\n  repository TEXT NOT NULL,\n  paths TEXT NOT NULL,"
    "\n  rev TEXT NOT NULL,\n  last_commit TEXT NOT NULL,\n"
    "  PRIMARY KEY (repository, paths, rev)\n)",
]


def _identity(path: Path) -> tuple[int, int] | None:
    """Which file is at ``path`` (device and inode), if any."""
    try:
        found = os.stat(path)
    except FileNotFoundError:
        return None
    return found.st_dev, found.st_ino


class Loader:
    """One load into the database at ``path``: a context manager around one transaction.

    ``fresh`` passes over what is loaded already; ``add`` loads a snapshot's tables;
    leaving the block commits (or, on an exception, rolls back and removes a database
    file the load created).
    """

    def __init__(self, path: str | os.PathLike[str], *, full: bool = False) -> None:
        target = Path(path)
        if target.is_dir():
            raise PetitionError(f"{target}: expected a SQLite database file, found a folder")
        if not target.parent.is_dir():
            raise PetitionError(
                f"{target}: expected a folder to write into, found no folder {str(target.parent)!r}"
            )
        self.target = target
        self.full = full
        self.added: dict[str, int] = dict.fromkeys(REPORT_TABLES, 0)
        self.memory = FileMemory({})
        self._open()

    def _open(self) -> None:
        #: Whether this load made the database: it saw no file, and (once it holds the
        #: write lock) the database is empty.  Only then does a failed load remove it.
        self.created = not self.target.exists()
        try:
            self.db = sqlite3.connect(self.target, isolation_level=None, timeout=BUSY_SECONDS)
        except sqlite3.Error as exc:
            raise PetitionError(f"{self.target}: cannot open the database: {exc}") from None
        self._file = _identity(self.target)

    def __enter__(self) -> Loader:
        try:
            for attempt in range(_REOPENS):
                if attempt:
                    # The file this load opened was removed while it waited for it (the
                    # load that made it failed): once more, with the file at the path.
                    self.db.close()
                    self._open()
                if self._begin():
                    return self
            raise PetitionError(
                f"{self.target}: cannot load into the database: its file was removed "
                f"{_REOPENS} times while this load waited for it"
            )
        except BaseException as exc:
            self._abort(exc)

    def __exit__(self, kind: object, exc: BaseException | None, tb: object) -> None:
        if exc is not None:
            self._abort(exc)
        try:
            if self._indexes_at_end:
                for statement in index_statements():
                    self.db.execute(statement)
            self.db.execute("COMMIT")
        except BaseException as failed:
            self._abort(failed)
        self.db.close()

    def _begin(self) -> bool:
        """The transaction begun, the schema made; False if the file this load opened is
        no longer the one at its path."""
        db = self.db
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("PRAGMA cache_size = -65536")  # 64 MiB: the indexes of a large load
        # IMMEDIATE: the write lock now, not at the first insert.  A second load started
        # meanwhile waits for it (``BUSY_SECONDS``) before reading anything, then stops
        # (it had parsed everything first, to fail at its first insert).
        try:
            db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError:
            if self._moved():  # SQLite refuses a file removed meanwhile: "disk I/O error"
                return False
            raise
        if self._moved():
            db.execute("ROLLBACK")
            return False
        # Made by this load only if nothing is in it now: another load may have made and
        # filled it between this one's look and its lock.
        self.created = self.created and db.execute("SELECT 1 FROM sqlite_master").fetchone() is None
        _check_schema(db, self.target)
        for statement in [*table_statements(), *_MEMORY]:
            db.execute(statement)
        # Into empty tables, the indexes for questions are built once at the end (from
        # sorted rows: a fifth of the load's time when they grew row by row).
        self._indexes_at_end = db.execute("SELECT 1 FROM petitions LIMIT 1").fetchone() is None
        if self._indexes_at_end:
            for name, _, _ in _question_indexes():
                db.execute(f"DROP INDEX IF EXISTS {name}")
        else:
            for statement in index_statements():
                db.execute(statement)
        if not self.full:
            rows = db.execute(f"SELECT path, size, mtime_ns, digest FROM {_FILES}")
            self.memory = FileMemory({path: (size, mtime, dig) for path, size, mtime, dig in rows})
        self._inserts = {table: _insert(table, 1) for table in REPORT_TABLES}
        self._bulk = {table: _insert(table, _ROWS_PER_INSERT) for table in REPORT_TABLES}
        return True

    def _moved(self) -> bool:
        """Whether the file this load opened is no longer the one at its path."""
        return self._file is None or _identity(self.target) != self._file

    def _abort(self, exc: BaseException) -> NoReturn:
        busy = isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc)
        if self.created and not busy and self.db.in_transaction:
            # Removed while this load still holds the write lock: a load waiting for it
            # finds its file gone when it gets the lock, and starts again on a new one.
            self.target.unlink(missing_ok=True)
        if self.db.in_transaction:
            self.db.execute("ROLLBACK")
        self.db.close()
        if busy:
            # Another process holds the database: the file is its, even if this load
            # saw no file (it may have made it a moment before).
            raise PetitionError(
                f"{self.target}: cannot load into the database: another process held it "
                f"for {BUSY_SECONDS:g} s (another load writing it?)"
            ) from exc
        if isinstance(exc, sqlite3.Error):
            raise PetitionError(f"{self.target}: cannot load into the database: {exc}") from exc
        raise exc

    # -- what is new -------------------------------------------------------------------

    def fresh(self, items: Iterable[Item]) -> Iterator[Item]:
        """``items`` without the files loaded already (``FileMemory.fresh``)."""
        yield from self.memory.fresh(items)
        for record in self.memory.remembered:
            self._remember(record)
        self.memory.remembered.clear()

    @property
    def unchanged(self) -> int:
        """Files passed over: unchanged since they were loaded."""
        return self.memory.unchanged

    def _remember(self, record: Record) -> None:
        self.db.execute(
            f"INSERT OR REPLACE INTO {_FILES} (path, size, mtime_ns, digest) VALUES (?, ?, ?, ?)",
            record,
        )

    def last_commit(self, repository: str, paths: Sequence[str], rev: str) -> str | None:
        """The last commit loaded from ``repository`` for ``paths`` at ``rev``."""
        if self.full:
            return None
        row = self.db.execute(
            f"SELECT last_commit FROM {_GIT} WHERE repository = ? AND paths = ? AND rev = ?",
            (repository, json.dumps(list(paths)), rev),
        ).fetchone()
        return None if row is None else str(row[0])

    def loaded_commit(self, repository: str, paths: Sequence[str], rev: str, commit: str) -> None:
        self.db.execute(
            f"INSERT OR REPLACE INTO {_GIT} (repository, paths, rev, last_commit) "
            "VALUES (?, ?, ?, ?)",
            (repository, json.dumps(list(paths)), rev, commit),
        )

    # -- loading -----------------------------------------------------------------------

    def add(self, path: str | None, tables: dict[TableName, TableColumns]) -> None:
        """Load one snapshot's tables (nothing if it is there already), and remember its
        file."""
        db = self.db
        (parent,) = zip(*tables["petitions"].values(), strict=True)
        cursor = db.execute(self._inserts["petitions"], (None, *map(_sql_value, parent)))
        if cursor.rowcount:
            self.added["petitions"] += 1
            snapshot_id = cursor.lastrowid
            for table in REPORT_TABLES[1:]:
                columns = tables[table]
                n = len(next(iter(columns.values())))
                if not n:
                    continue
                values = [_sql_column(column) for column in columns.values()]
                rows = list(zip(repeat(snapshot_id, n), *values, strict=True))
                # Many rows a statement: the binding and the stepping of a statement
                # per row was a third of the load (docs/performance.md).
                whole = n - n % _ROWS_PER_INSERT
                added = 0
                if whole:
                    bulk = [
                        tuple(chain.from_iterable(rows[i : i + _ROWS_PER_INSERT]))
                        for i in range(0, whole, _ROWS_PER_INSERT)
                    ]
                    added += db.executemany(self._bulk[table], bulk).rowcount
                if whole < n:
                    added += db.executemany(self._inserts[table], rows[whole:]).rowcount
                self.added[table] += max(added, 0)
        record = self.memory.loaded(path)
        if record is not None:
            self._remember(record)


#: Rows inserted by one statement (its parameters stay far below SQLite's limit).
_ROWS_PER_INSERT = 64


def _insert(table: TableName, rows: int) -> str:
    """``INSERT OR IGNORE`` of ``rows`` rows of ``table`` (its ``snapshot_id`` first)."""
    names = [SNAPSHOT_ID, *(c.name for c in TABLES[table])]
    row = f"({', '.join('?' * len(names))})"
    return f"INSERT OR IGNORE INTO {table} ({', '.join(names)}) VALUES {', '.join([row] * rows)}"


def _sql_column(values: list[Any]) -> list[Any] | Iterator[Any]:
    """A column as SQLite takes it: times as ISO 8601 text (a key column holds one value
    per snapshot: converted once)."""
    first = values[0]
    if not isinstance(first, datetime):
        return values
    if values.count(first) == len(values):
        return [first.isoformat()] * len(values)
    return map(_sql_value, values)
