"""``petition-parser sqlite``: load reports into a SQLite database, idempotently."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import click

from .._sources import read_many
from .._tables import snapshot_tables
from .._tables.sqlite import load
from .batch import Batch, reads_sources


@click.command()
@click.argument("database", type=click.Path(dir_okay=False))
@reads_sources
def sqlite(
    batch: Batch,
    database: str,
) -> int:
    """Load SOURCES into the SQLite DATABASE (created if missing); print what was added.

    Tables petitions, countries, constituencies and history, keyed by
    (petition_id, refreshed_at, updated_at); loading the same reports again adds nothing.  The
    load is one transaction: a --fail-fast stop adds nothing.

    \b
    Example:
      petition-parser sqlite petitions.db archive/ && datasette petitions.db
    """
    items = read_many(
        batch.sources(),
        "snapshot",
        workers=batch.jobs,
        then=snapshot_tables,
        on_error=batch.on_error,
    )
    counted = [0]

    def snapshots() -> Iterator[Any]:
        for _, tables in items:
            counted[0] += 1
            yield tables

    added = load(database, snapshots())
    click.echo(", ".join(f"{n:,} {table}" for table, n in added.items()) + f" added to {database}")
    return batch.finish(counted[0])
