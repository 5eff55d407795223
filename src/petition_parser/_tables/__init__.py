"""Archives to tables: many reports as flat tables, in Python, Arrow, pandas, polars, files.

=================  ============================================================
``schema.py``      the one declared schema of each table
``rows.py``        one snapshot's rows of a table, as columns
``arrow.py``       Arrow record batches, pandas and polars frames
``writers.py``     CSV, NDJSON, Parquet (a file or a partitioned dataset)
``sqlite.py``      normalized SQLite tables, loaded idempotently
=================  ============================================================
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

from .._errors import PetitionError
from .._model import PetitionIndex
from .._sources import Errors, Kind, SourceLike, Sources, read_many
from .arrow import arrow_table, batch_of, concat_batches, pandas_frame, polars_frame
from .rows import TableColumns, index_columns, records, snapshot_columns
from .schema import KEYS, SCHEMAS, TABLES, Column, TableName
from .sqlite import REPORT_TABLES, load
from .writers import format_for, write

__all__ = [
    "KEYS",
    "SCHEMAS",
    "TABLES",
    "Column",
    "TableColumns",
    "TableName",
    "format_for",
    "snapshot_tables",
    "table_columns",
    "to_arrow",
    "to_pandas",
    "to_polars",
    "to_records",
    "to_sqlite",
    "write",
    "write_table",
]


def _check(table: str) -> TableName:
    if table not in TABLES:
        raise PetitionError(f"expected a table, one of {', '.join(TABLES)}; found {table!r}")
    return table


def _columns_then(
    table: TableName,
    then: Callable[[TableName, str | None, Any], Any] | None,
    path: str | None,
    parsed: Any,
) -> Any:
    """A snapshot's (or an index page's) columns of ``table``, then ``then`` of them."""
    if isinstance(parsed, PetitionIndex):
        columns = index_columns(parsed, path)
    else:
        columns = snapshot_columns(parsed, table, path)
    return columns if then is None else then(table, path, columns)


def snapshot_tables(path: str | None, fields: Any) -> dict[TableName, TableColumns]:
    """A snapshot's columns of every report table (what ``to_sqlite`` loads)."""
    return {table: snapshot_columns(fields, table, path) for table in REPORT_TABLES}


def table_columns(
    source: Sources,
    table: str,
    *,
    errors: Errors = "raise",
    workers: int = 1,
    combine: Callable[[list[Any]], Any] | None = None,
    on_error: Callable[[PetitionError], None] | None = None,
    then: Callable[[TableName, str | None, Any], Any] | None = None,
) -> Iterator[Any]:
    """Each snapshot's rows of ``table``, as columns, in source order.

    With ``combine`` (and workers), each worker's chunk comes as ``combine(columns)``;
    with ``then``, each snapshot as ``then(table, path, columns)`` (in the worker).
    ``on_error`` is :func:`read_many`'s.
    """
    name = _check(table)
    kind: Kind = "index" if name == "index" else "fields"
    each = partial(_columns_then, name, then)
    items = read_many(
        source, kind, errors=errors, workers=workers, then=each, combine=combine, on_error=on_error
    )
    for _, columns in items:
        if not isinstance(columns, PetitionError):  # errors="collect": errors are not rows
            yield columns


def to_records(
    source: SourceLike, table: str, *, errors: Errors = "raise", workers: int = 1
) -> Iterator[dict[str, Any]]:
    """The rows of ``table`` as dicts, lazily (see docs/tables.md for the columns).

    ``source`` is anything :func:`read_reports` takes (index pages for ``"index"``);
    ``errors="collect"`` and ``"skip"`` leave bad files out of the rows.
    """
    for columns in table_columns(source, table, errors=errors, workers=workers):
        yield from records(columns)


def to_arrow(source: SourceLike, table: str, *, errors: Errors = "raise", workers: int = 1) -> Any:
    """``table`` as a ``pyarrow.Table`` with the declared schema (extra ``arrow``)."""
    name = _check(table)
    if workers > 1:  # each worker sends back an Arrow batch of its chunk
        chunks = table_columns(
            source, name, errors=errors, workers=workers, combine=partial(batch_of, name)
        )
        return concat_batches(name, chunks)
    return arrow_table(name, table_columns(source, name, errors=errors, workers=workers))


def to_pandas(source: SourceLike, table: str, *, errors: Errors = "raise", workers: int = 1) -> Any:
    """``table`` as a pandas DataFrame with real dtypes (extra ``pandas``).

    Int64, Float64, string and boolean columns (nullable), ``datetime64[s, UTC]``
    for history times, naive ``datetime64[s]`` for ``refreshed_at``.
    """
    return pandas_frame(to_arrow(source, table, errors=errors, workers=workers))


def to_polars(source: SourceLike, table: str, *, errors: Errors = "raise", workers: int = 1) -> Any:
    """``table`` as a polars DataFrame (extra ``polars``)."""
    return polars_frame(to_arrow(source, table, errors=errors, workers=workers))


def write_table(
    source: SourceLike,
    table: str,
    path: str | os.PathLike[str],
    format: str | None = None,
    *,
    errors: Errors = "raise",
    workers: int = 1,
) -> int:
    """Write ``table`` to ``path``; returns the number of rows written.

    ``format`` is ``"csv"``, ``"ndjson"``, ``"parquet"`` or ``"dataset"`` (a folder of
    Parquet files partitioned by ``petition_id``, hive style); by default it follows the
    suffix (``.csv``, ``.ndjson``, ``.parquet``; no suffix: a dataset).  The file is
    written atomically: a failed run leaves no file behind.
    """
    name = _check(table)
    fmt = format_for(path, format)
    return write(name, table_columns(source, name, errors=errors, workers=workers), path, fmt)


def to_sqlite(
    source: SourceLike, path: str | os.PathLike[str], *, errors: Errors = "raise", workers: int = 1
) -> dict[str, int]:
    """Load reports into the SQLite database at ``path``; returns rows added per table.

    Tables ``petitions``, ``countries``, ``constituencies`` and ``history``, with
    primary and foreign keys on the snapshot key ``(petition_id, refreshed_at)``.
    Loading the same reports again adds nothing.
    """
    items = read_many(source, "fields", errors=errors, workers=workers, then=snapshot_tables)
    return load(path, (tables for _, tables in items if isinstance(tables, dict)))
