"""``petition-parser timeline``: snapshots in order, with their growth, as a table."""

from __future__ import annotations

from typing import BinaryIO

import click

from .._sources import read_many
from .._timeline import DEFAULT_THRESHOLDS, Timeline, from_points, snapshot_point
from .batch import Batch, output_option, reads_sources
from .output import output_format, target

_TABLES = ("snapshots", "countries", "constituencies", "crossings", "conflicts")


@click.command()
@reads_sources
@output_option
@click.option(
    "-t",
    "--table",
    type=click.Choice(_TABLES),
    default="snapshots",
    show_default=True,
    help="Which table of the timeline.",
)
@click.option(
    "--threshold",
    "thresholds",
    type=click.IntRange(min=1),
    multiple=True,
    help=f"A signature count to find crossings of (default {DEFAULT_THRESHOLDS}).",
)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["csv", "ndjson", "json", "parquet"]),
    help="Output format (default: from the -o suffix, else csv).",
)
def timeline(
    batch: Batch,
    output: str | None,
    table: str,
    thresholds: tuple[int, ...],
    fmt: str | None,
) -> int:
    """Print the snapshots of SOURCES in order, with signatures gained and the rate per hour.

    One row per petition and snapshot (duplicates collapsed, conflicting ones in the
    conflicts table); -t picks the per-country or per-constituency long table, or the
    estimated threshold crossings.

    \b
    Example:
      petition-parser timeline archive/ -t crossings --threshold 100000
      petition-parser timeline --git petition-stats-www 'docs/**/267197.md'
    """
    fmt = output_format(output, fmt, folder=False)
    to: str | BinaryIO = target(output)
    if fmt == "parquet" and not isinstance(to, str):
        raise click.UsageError("Parquet output needs a file: -o FILE.parquet")
    result, parsed = read_timeline(batch, thresholds or DEFAULT_THRESHOLDS)
    result.write(table, to, fmt)
    return batch.finish(parsed)


def read_timeline(batch: Batch, thresholds: tuple[int, ...]) -> tuple[Timeline, int]:
    """The timeline of the batch's sources, and how many snapshots it read."""
    points = [
        point
        for _, point in read_many(
            batch.sources(),
            "snapshot",
            workers=batch.jobs,
            then=snapshot_point,
            on_error=batch.on_error,
        )
    ]
    return from_points(points, thresholds), len(points)
