"""``petition-parser collect``: the live site's petitions, written as the reporting script did."""

from __future__ import annotations

from typing import Any

import click

from ..collect._archive import collect as collect_archive
from .collecting import client_for, progress_shown, site_options


@click.command()
@click.argument("dest", type=click.Path(file_okay=False))
@click.option(
    "--state",
    "states",
    multiple=True,
    default=["open"],
    show_default=True,
    help="A state of petitions to collect (open, closed, ...); again for more.",
)
@click.option(
    "--top",
    type=click.IntRange(0, 10_000),
    default=50,
    show_default=True,
    help="Petitions per state (the index page's Top N).",
)
@click.option(
    "--git", is_flag=True, help="Commit each run in DEST (a git repository, made if missing)."
)
@click.option("-q", "--quiet", is_flag=True, help="No progress line and no summary.")
@site_options
def collect(
    dest: str, states: tuple[str, ...], top: int, git: bool, quiet: bool, **site: Any
) -> int:
    """Fetch the top petitions of each state into DEST, as the reporting script wrote them.

    DEST/docs/STATE/ID.md (the reports), DEST/docs/STATE/README.md (the "Top N"
    index page) and DEST/data/STATE/ID.json (the documents as the site sent them);
    every file written atomically.  A petition that cannot be fetched is named on
    standard error and left out; the others are written, and the exit status is 1.

    \b
    Example:
      petition-parser collect archive/ --state open --state closed --git
    """
    shown = progress_shown(quiet)

    def progress(state: str, done: int, total: int) -> None:
        if shown:
            click.echo(f"\r{state}: {done:,}/{total:,} petitions", err=True, nl=done == total)

    with client_for(site) as client:
        result = collect_archive(
            dest, states=states, top=top, git=git, client=client, progress=progress
        )
    for failure in result.failures:
        click.echo(str(failure), err=True)
    if not quiet:
        reports = sum(1 for path in result.written if path.endswith(".md"))
        commit = f", commit {result.commit[:12]}" if result.commit else ""
        click.echo(
            f"{reports:,} files of reports and index pages written to {dest} "
            f"(refreshed {result.refreshed_at}){commit}, {len(result.failures):,} failed",
            err=True,
        )
    return 1 if result.failures else 0
