"""``petition-parser watch``: poll petitions and keep each new snapshot as a report."""

from __future__ import annotations

from typing import Any

import click

from ..collect._watch import WatchResult
from ..collect._watch import watch as watch_petitions
from .collecting import Duration, client_for, progress_shown, site_options


@click.command()
@click.argument(
    "petition_ids", nargs=-1, required=True, type=click.IntRange(1, 10**18 - 1), metavar="ID..."
)
@click.option(
    "--to",
    "dest",
    required=True,
    type=click.Path(file_okay=False),
    help="The folder of snapshots (DEST/ID/TIME.md).",
)
@click.option(
    "--every",
    type=Duration(),
    default="5m",
    show_default=True,
    help="How often to poll: 90s, 5m, 1h.",
)
@click.option(
    "--polls",
    type=click.IntRange(min=1),
    help="Stop after this many polls (default: until Ctrl-C).",
)
@click.option("-q", "--quiet", is_flag=True, help="No line per poll.")
@site_options
def watch(
    petition_ids: tuple[int, ...],
    dest: str,
    every: float,
    polls: int | None,
    quiet: bool,
    **site: Any,
) -> int:
    """Poll petitions every --every, writing each new snapshot to --to as a report.

    An unchanged petition writes nothing; a restarted watch goes on from the snapshots
    in DEST.  Ctrl-C stops it, with everything written so far whole (exit status 130).
    A failed fetch is named on standard error and the watch goes on; the exit status
    is then 1.  `petition-parser timeline DEST` reads the snapshots.

    \b
    Example:
      petition-parser watch 700123 --every 5m --to snapshots/
    """
    shown = progress_shown(quiet)
    reported = [0]

    def on_poll(result: WatchResult) -> None:
        for failure in result.failures[reported[0] :]:
            click.echo(str(failure), err=True)
        reported[0] = len(result.failures)
        if shown:
            click.echo(
                f"poll {result.polls:,}: {len(result.written):,} snapshots written, "
                f"{result.unchanged:,} unchanged",
                err=True,
            )

    with client_for(site) as client:
        result = watch_petitions(
            petition_ids, dest=dest, every=every, polls=polls, client=client, on_poll=on_poll
        )
    return 1 if result.failures else 0
