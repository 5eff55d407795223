"""``petition-parser table``: one flat table of many reports, as CSV, NDJSON, JSON or Parquet."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import partial
from typing import Any

import click

from .._sources import ReadAs
from .._tables import TABLES, TableName, newest, table_columns
from .._tables.columns import stamped_columns
from .._tables.writers import (
    csv_header,
    csv_text,
    ndjson_text,
    write,
    write_json_array,
    write_text,
)
from .batch import Batch, output_option, reads_sources
from .output import (
    binary_output,
    output_format,
    spool_chunk,
    spool_folder,
    text_output,
    write_out,
)


@click.command()
@click.argument("table", type=click.Choice(list(TABLES)))
@reads_sources
@output_option
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["csv", "ndjson", "json", "parquet"]),
    help="Output format (default: from the -o suffix, else csv).",
)
@click.option(
    "--latest",
    is_flag=True,
    help="Only each petition's newest snapshot (by refresh time; the early layouts by "
    "their Updated time; a tie goes to the one read later), in petition order.",
)
def table(
    batch: Batch,
    table: TableName,
    output: str | None,
    fmt: str | None,
    latest: bool,
) -> int:
    """Print one flat table of SOURCES: petitions, countries, constituencies, history, index.

    CSV to standard output by default; -f and -o choose the format and the file
    (.csv, .ndjson, .jsonl, .json, .parquet; a folder for a Parquet dataset partitioned
    by petition_id).  Folders may mix reports and index pages: each table reads its kind.

    \b
    Example:
      petition-parser table constituencies archive/ > constituencies.csv
      petition-parser table petitions 'archive/**/*.md' -o petitions.parquet
    """
    to_file = output is not None and output != "-"
    fmt = output_format(output, fmt)
    if latest:
        return _latest(batch, table, output, fmt)
    if fmt in ("parquet", "dataset"):
        if output is None or not to_file:
            raise click.UsageError("Parquet output needs a file: -o FILE.parquet")
        columns = table_columns(batch.sources(), table, workers=batch.jobs, on_error=batch.on_error)
        counted = _Counted(columns)
        write(table, counted, output, "parquet" if fmt == "parquet" else "dataset")
        return batch.finish(counted.count)
    maker = csv_text if fmt == "csv" else ndjson_text
    if fmt == "json":
        texts = _Counted(
            table_columns(
                batch.sources(), table, workers=batch.jobs, on_error=batch.on_error, then=maker
            )
        )
        with text_output(output) as out:
            write_json_array(texts, out)
        return batch.finish(texts.count)
    with binary_output(output) as out, spool_folder() as spool:
        if fmt == "csv":
            out.write(csv_header(table).encode("utf-8"))
        chunks = table_columns(
            batch.sources(),
            table,
            workers=batch.jobs,
            on_error=batch.on_error,
            then=maker,
            combine=partial(spool_chunk, spool) if batch.jobs > 1 else None,
        )
        parsed = write_out(chunks, out)
    return batch.finish(parsed)


def _latest(batch: Batch, table: TableName, output: str | None, fmt: str) -> int:
    """``--latest``: the snapshots read (counted), each petition's newest written."""
    stamped = _Counted(batch.read(_kind(table), partial(stamped_columns, table)))
    kept = (columns for _, columns in newest((None, item) for item in stamped))
    if fmt in ("parquet", "dataset"):
        if output is None or output == "-":
            raise click.UsageError("Parquet output needs a file: -o FILE.parquet")
        write(table, kept, output, fmt)  # type: ignore[arg-type]
    else:
        with text_output(output) as out:
            write_text(table, kept, out, fmt)  # type: ignore[arg-type]
    return batch.finish(stamped.count)


def _kind(table: TableName) -> ReadAs:
    return "index" if table == "index" else "snapshot"


class _Counted:
    """Snapshots passed through, counted."""

    def __init__(self, snapshots: Iterable[Any]) -> None:
        self.snapshots = snapshots
        self.count = 0

    def __iter__(self) -> Iterator[Any]:
        for snapshot in self.snapshots:
            self.count += 1
            yield snapshot
