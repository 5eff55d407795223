"""``petition-parser sqlite``: load reports into a SQLite database, incrementally."""

from __future__ import annotations

import click

from .._tables import Tally, load_sqlite
from .batch import Batch, reads_sources


@click.command()
@click.argument("database", type=click.Path(dir_okay=False))
@click.option(
    "--full", is_flag=True, help="Read every source again, not only what is new since a load."
)
@reads_sources
def sqlite(batch: Batch, database: str, full: bool) -> int:
    """Load SOURCES into the SQLite DATABASE (created if missing); print what was added.

    Tables petitions, countries, constituencies and history, keyed by
    (petition_id, refreshed_at, updated_at).  The database remembers what it loaded: a
    file unchanged since is not read again, and with --git only the commits after the
    last one loaded are read (--full reads everything).  The load is one transaction:
    a --fail-fast stop, an error or a kill adds nothing.

    \b
    Example:
      petition-parser sqlite petitions.db archive/ && datasette petitions.db
    """
    tally = Tally()
    if batch.git_repo is not None:
        loader = load_sqlite(
            batch.patterns or None,
            database,
            workers=batch.jobs,
            full=full,
            on_error=batch.on_error,
            git=batch.git_repo,
            rev=batch.rev,
            since=batch.since,
            until=batch.until,
            tally=tally,
        )
    else:
        loader = load_sqlite(
            batch.sources(),
            database,
            workers=batch.jobs,
            full=full,
            on_error=batch.on_error,
            tally=tally,
        )
    added = ", ".join(f"{n:,} {table}" for table, n in loader.added.items())
    click.echo(f"{added} added to {database}")
    if batch.git_repo is not None:  # the new versions read
        return batch.finish(tally.snapshots, total=tally.snapshots + batch.failed)
    return batch.finish(tally.snapshots, unchanged=loader.unchanged)
