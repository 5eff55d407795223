"""``petition-parser table``: one flat table of many reports, as CSV, NDJSON, JSON or Parquet.

It parses the arguments and calls the library's one table writer (``write_source``,
which ``write_table`` is too): the command and the library write the same bytes.
"""

from __future__ import annotations

from typing import BinaryIO

import click

from .._tables import TABLES, TableName, write_source
from .batch import Batch, output_option, reads_sources
from .output import output_format, target


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
@click.option(
    "--full",
    is_flag=True,
    help="With -o FOLDER: write the dataset whole again (by default only the files "
    "new since the last write are added, as new part files).",
)
def table(
    batch: Batch,
    table: TableName,
    output: str | None,
    fmt: str | None,
    latest: bool,
    full: bool,
) -> int:
    """Print one flat table of SOURCES: petitions, countries, constituencies, history, index.

    CSV to standard output by default; -f and -o choose the format and the file
    (.csv, .ndjson, .jsonl, .json, .parquet; a folder for a Parquet dataset partitioned
    by petition_id, written incrementally).  Folders may mix reports and index pages:
    each table reads its kind.

    \b
    Example:
      petition-parser table constituencies archive/ > constituencies.csv
      petition-parser table petitions 'archive/**/*.md' -o petitions.parquet
    """
    chosen = output_format(output, fmt)
    to: str | BinaryIO = target(output)
    if chosen in ("parquet", "dataset") and not isinstance(to, str):
        raise click.UsageError("Parquet output needs a file: -o FILE.parquet")
    written = write_source(
        batch.sources(),
        table,
        to,
        chosen,
        workers=batch.jobs,
        latest=latest,
        on_error=batch.on_error,
        full=full,
    )
    return batch.finish(written.snapshots, unchanged=written.unchanged)
