"""Writing a flat table to a file: CSV, NDJSON, JSON, Parquet, or a partitioned dataset.

Every writer streams (memory stays flat however many snapshots there are) and writes
atomically (``_files.atomic_path``): a failed or interrupted run never leaves a half
file where the output was asked for.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO, Literal, TextIO

from .._errors import PetitionError
from .._files import atomic_path
from .._json import dumps
from .arrow import arrow_schema, batches
from .columns import TableColumns, records
from .optional import require
from .schema import SCHEMAS, SNAPSHOT, TABLES, Column

__all__ = [
    "FORMATS",
    "Format",
    "binary_target",
    "csv_header",
    "csv_text",
    "format_for",
    "ndjson_text",
    "text_target",
    "unknown_suffix",
    "write",
    "write_csv",
    "write_json",
    "write_json_array",
    "write_ndjson",
    "write_text",
]

Format = Literal["csv", "ndjson", "json", "parquet", "dataset"]
#: Each format, and the suffixes that name it.
FORMATS: dict[str, Format] = {
    ".csv": "csv",
    ".ndjson": "ndjson",
    ".jsonl": "ndjson",
    ".json": "json",
    ".parquet": "parquet",
}
_NAMES: tuple[Format, ...] = ("csv", "ndjson", "json", "parquet", "dataset")


def format_for(path: str | os.PathLike[str] | BinaryIO, format: str | None) -> Format:
    """The format asked for, or the one the path's suffix names (a folder: a dataset; a
    stream: CSV).

    Raises PetitionError for an unknown format or suffix, naming the known ones.
    """
    if format is not None:
        if format not in _NAMES:
            raise PetitionError(f"expected a format, one of {', '.join(_NAMES)}; found {format!r}")
        return format
    if not isinstance(path, (str, os.PathLike)):
        return "csv"
    suffix = Path(path).suffix.lower()
    if suffix in FORMATS:
        return FORMATS[suffix]
    if not suffix or Path(path).is_dir():
        return "dataset"
    raise PetitionError(unknown_suffix(path))


def unknown_suffix(path: str | os.PathLike[str]) -> str:
    """What an output path with an unknown suffix is told."""
    return (
        f"cannot tell the format of {os.fspath(path)!r} from its suffix: expected one of "
        f"{', '.join(FORMATS)}, or a folder (a partitioned Parquet dataset)"
    )


def text_value(value: Any) -> Any:
    """A value as CSV and NDJSON write it: times in ISO 8601, None as null."""
    return value.isoformat() if isinstance(value, datetime) else value


def _csv_column(column: Column, values: list[Any], per_snapshot: bool) -> list[Any]:
    """A column's values as CSV cells: times in ISO 8601, booleans true/false, null empty."""
    if per_snapshot and column.name in SNAPSHOT and len(values) > 1:
        return _csv_column(column, values[:1], False) * len(values)  # one value per snapshot
    if column.type in ("local_time", "utc_time"):
        return ["" if v is None else v.isoformat() for v in values]
    if column.type == "bool":
        return ["true" if v else "false" for v in values]
    if column.nullable:
        return ["" if v is None else v for v in values]
    return values


def csv_text(table: str, path: str | None, columns: TableColumns) -> str:
    """A snapshot's rows as CSV text (no header), a column at a time: a worker can make it."""
    cells = [_csv_column(c, columns[c.name], table in TABLES) for c in SCHEMAS[table]]
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(zip(*cells, strict=True))
    return out.getvalue()


def ndjson_text(table: str, path: str | None, columns: TableColumns) -> str:
    """A snapshot's rows as NDJSON text."""
    return "".join(
        dumps({k: text_value(v) for k, v in record.items()}) + "\n" for record in records(columns)
    )


def csv_header(table: str) -> str:
    return ",".join(c.name for c in SCHEMAS[table]) + "\r\n"


def write_csv(table: str, snapshots: Iterable[TableColumns], out: TextIO) -> int:
    """RFC 4180 CSV (CRLF line ends, a header row); booleans as true/false, null as empty."""
    out.write(csv_header(table))
    n = 0
    for columns in snapshots:
        out.write(csv_text(table, None, columns))
        n += len(next(iter(columns.values())))
    return n


def write_ndjson(table: str, snapshots: Iterable[TableColumns], out: TextIO) -> int:
    """One compact JSON object per row and line."""
    n = 0
    for columns in snapshots:
        out.write(ndjson_text(table, None, columns))
        n += len(next(iter(columns.values())))
    return n


def write_json(table: str, snapshots: Iterable[TableColumns], out: TextIO) -> int:
    """One JSON array of row objects, a row per line."""
    return write_json_array((ndjson_text(table, None, columns) for columns in snapshots), out)


def write_json_array(texts: Iterable[str], out: TextIO) -> int:
    """NDJSON texts (a snapshot's rows each, made anywhere) as one JSON array; rows written."""
    out.write("[")
    separator = "\n"
    rows = 0
    for text in texts:
        if text:
            rows += text.count("\n")
            out.write(separator + text.rstrip("\n").replace("\n", ",\n"))
            separator = ",\n"
    out.write("\n]\n")
    return rows


_TEXT_WRITERS = {"csv": write_csv, "ndjson": write_ndjson, "json": write_json}
TextFormat = Literal["csv", "ndjson", "json"]


@contextlib.contextmanager
def binary_target(target: str | os.PathLike[str] | BinaryIO) -> Iterator[BinaryIO]:
    """A path's file written atomically, or a binary stream (flushed, left open)."""
    if isinstance(target, (str, os.PathLike)):
        with atomic_path(target) as temporary, open(temporary, "wb") as f:
            yield f
        return
    yield target
    target.flush()


@contextlib.contextmanager
def text_target(target: str | os.PathLike[str] | BinaryIO) -> Iterator[TextIO]:
    """``binary_target`` as UTF-8 text (newlines as written)."""
    with binary_target(target) as out:
        text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
        try:
            yield text
            text.flush()
        finally:
            text.detach()  # the stream stays open (standard output)


def write_text(
    table: str,
    snapshots: Iterable[TableColumns],
    out: TextIO,
    fmt: TextFormat,
) -> int:
    """Write ``table`` as text (CSV, NDJSON or a JSON array) to ``out``; rows written."""
    return _TEXT_WRITERS[fmt](table, snapshots, out)


def write(
    table: str,
    snapshots: Iterable[TableColumns],
    path: str | os.PathLike[str] | BinaryIO,
    fmt: Format,
) -> int:
    """Write ``table`` to ``path`` (or a binary stream, for text) in ``fmt``; returns rows."""
    if fmt == "csv" or fmt == "ndjson" or fmt == "json":  # noqa: PLR1714 (narrows the type)
        with text_target(path) as f:
            return write_text(table, snapshots, f, fmt)
    if not isinstance(path, (str, os.PathLike)):
        raise PetitionError("Parquet output needs a file (a path), not a stream")
    pq = require("pyarrow.parquet", "arrow", "Parquet output")
    schema = arrow_schema(table)
    rows = 0
    if fmt == "parquet":
        with atomic_path(path) as temporary:
            with pq.ParquetWriter(temporary, schema) as writer:
                for batch in batches(table, snapshots):
                    writer.write_batch(batch)
                    rows += batch.num_rows
            return rows
    ds = require("pyarrow.dataset", "arrow", "Parquet output")
    counted: list[int] = []

    def counting() -> Iterator[Any]:
        for batch in batches(table, snapshots):
            counted.append(batch.num_rows)
            yield batch

    partitioning = ["petition_id"] if table != "index" else None
    with atomic_path(path, folder=True) as temporary:
        ds.write_dataset(
            counting(),
            temporary,
            schema=schema,
            format="parquet",
            partitioning=partitioning,
            partitioning_flavor="hive" if partitioning else None,
            existing_data_behavior="overwrite_or_ignore",
        )
    return sum(counted)
