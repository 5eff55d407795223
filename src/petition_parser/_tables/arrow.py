"""The flat tables as Arrow, pandas and polars, with the types of the declared schema.

Columns are collected snapshot by snapshot as Python lists and turned into an Arrow
record batch every ``BATCH_ROWS`` rows, so that a large archive is held as
Arrow columns, not as Python objects.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Sequence
from itertools import accumulate
from typing import Any

from .columns import TableColumns
from .optional import require
from .schema import SCHEMAS, SNAPSHOT, TABLES, Column

__all__ = ["BATCH_ROWS", "arrow_schema", "batches", "pandas_frame", "polars_frame"]

#: Rows per Arrow record batch (and per Parquet row group).
BATCH_ROWS = 65_536


def _arrow_type(column: Column) -> Any:
    pa = require("pyarrow", "arrow", "Arrow output")
    return {
        "int": pa.int64(),
        "float": pa.float64(),
        "str": pa.string(),
        "bool": pa.bool_(),
        "local_time": pa.timestamp("s"),
        "utc_time": pa.timestamp("s", tz="UTC"),
    }[column.type]


def arrow_schema(table: str, columns: Sequence[str] | None = None) -> Any:
    """The ``pyarrow.Schema`` of ``table``: names, types and nullability from the schema
    (only ``columns``, in that order, when they are given)."""
    pa = require("pyarrow", "arrow", "Arrow output")
    declared = {c.name: c for c in SCHEMAS[table]}
    return pa.schema(
        [
            pa.field(c.name, _arrow_type(c), nullable=c.nullable)
            for c in (declared.values() if columns is None else map(declared.__getitem__, columns))
        ]
    )


def batches(
    table: str,
    snapshots: Iterable[TableColumns],
    columns: Sequence[str] | None = None,
    batch_rows: int = BATCH_ROWS,
) -> Iterator[Any]:
    """``pyarrow.RecordBatch``es of about ``batch_rows`` rows from per-snapshot columns
    (only ``columns``, when they are given: the others are never sent to Arrow)."""
    pa = require("pyarrow", "arrow", "Arrow output")
    schema = arrow_schema(table, columns)
    # The key columns hold one value per snapshot: they are sent to Arrow as runs (one
    # value and one length per snapshot), not as a Python object per row.  (Not the
    # timeline's tables, whose chunks hold many snapshots.)
    runs = [name for name in schema.names if name in _KEY and table in TABLES]
    names = [name for name in schema.names if name not in runs]
    pending: dict[str, list[Any]] = {name: [] for name in schema.names}
    lengths: list[int] = []
    rows = 0
    for snapshot in snapshots:
        n = len(next(iter(snapshot.values())))  # every column has a value per row
        if not n:
            continue
        for name in names:
            pending[name] += snapshot[name]
        for name in runs:
            pending[name].append(snapshot[name][0])
        lengths.append(n)
        rows += n
        if rows >= batch_rows:
            yield _batch(pa, schema, pending, runs, lengths)
            pending = {name: [] for name in schema.names}
            lengths = []
            rows = 0
    if rows:
        yield _batch(pa, schema, pending, runs, lengths)


_KEY = SNAPSHOT


def _batch(
    pa: Any, schema: Any, pending: dict[str, list[Any]], runs: list[str], lengths: list[int]
) -> Any:
    compute = require("pyarrow.compute", "arrow", "Arrow output")
    ends = pa.array(list(accumulate(lengths)), type=pa.int32())
    arrays = []
    for field in schema:
        values = pa.array(pending[field.name], type=field.type)
        if field.name in runs:
            values = compute.run_end_decode(pa.RunEndEncodedArray.from_arrays(ends, values))
        arrays.append(values)
    return pa.RecordBatch.from_arrays(arrays, schema=schema)


def arrow_table(
    table: str, snapshots: Iterable[TableColumns], columns: Sequence[str] | None = None
) -> Any:
    pa = require("pyarrow", "arrow", "Arrow output")
    schema = arrow_schema(table, columns)
    return pa.Table.from_batches(list(batches(table, snapshots, columns)), schema=schema)


def batch_of(table: str, snapshots: list[TableColumns]) -> Any:
    """One record batch of ``snapshots`` (a worker's chunk), built as ``batches``
    builds them (a third of the time of flattening every column in Python)."""
    for batch in batches(table, snapshots, batch_rows=sys.maxsize):
        return batch
    pa = require("pyarrow", "arrow", "Arrow output")
    return pa.RecordBatch.from_pylist([], schema=arrow_schema(table))


def concat_batches(table: str, chunks: Iterable[Any], columns: Sequence[str] | None = None) -> Any:
    """One ``pyarrow.Table`` of record batches of ``table`` (of ``columns``)."""
    pa = require("pyarrow", "arrow", "Arrow output")
    return pa.Table.from_batches(list(chunks), schema=arrow_schema(table, columns))


def pandas_frame(arrow: Any) -> Any:
    """A DataFrame with real dtypes: Int64, Float64, string, boolean, datetime64 (UTC)."""
    pd = require("pandas", "pandas", "pandas output")
    pa = require("pyarrow", "pandas", "pandas output")
    mapping = {
        pa.int64(): pd.Int64Dtype(),
        pa.float64(): pd.Float64Dtype(),
        # Arrow-backed strings whatever pandas' default storage: the same dtype under
        # pandas 2 and 3, and under Dask, which converts string columns to it.
        pa.string(): pd.StringDtype("pyarrow"),
        pa.bool_(): pd.BooleanDtype(),
    }
    return arrow.to_pandas(types_mapper=mapping.get)


def polars_frame(arrow: Any) -> Any:
    pl = require("polars", "polars", "polars output")
    return pl.from_arrow(arrow)
