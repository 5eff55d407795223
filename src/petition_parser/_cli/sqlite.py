"""``petition-parser sqlite``: load reports into a SQLite database, idempotently."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import click

from .._sources import read_many
from .._tables import snapshot_tables
from .._tables.sqlite import load
from .batch import Batch, batch_options, sources_argument


@click.command()
@click.argument("database", type=click.Path(dir_okay=False))
@sources_argument
@batch_options
def sqlite(
    database: str,
    sources: tuple[str, ...],
    git_repo: str | None,
    rev: str | None,
    since: str | None,
    until: str | None,
    jobs: int,
    fail_fast: bool,
    quiet: bool,
) -> int:
    """Load SOURCES into the SQLite DATABASE (created if missing); print what was added.

    Tables petitions, countries, constituencies and history, keyed by
    (petition_id, refreshed_at, updated_at); loading the same reports again adds nothing.  The
    load is one transaction: a --fail-fast stop adds nothing.

    \b
    Example:
      petition-parser sqlite petitions.db archive/ && datasette petitions.db
    """
    batch = Batch(
        sources,
        fail_fast=fail_fast,
        quiet=quiet,
        git_repo=git_repo,
        rev=rev,
        since=since,
        until=until,
    )
    items = read_many(
        batch.sources(), "fields", workers=jobs, then=snapshot_tables, on_error=batch.on_error
    )
    counted = [0]

    def snapshots() -> Iterator[Any]:
        for _, tables in items:
            counted[0] += 1
            yield tables

    added = load(database, snapshots())
    click.echo(", ".join(f"{n:,} {table}" for table, n in added.items()) + f" added to {database}")
    return batch.finish(counted[0])
