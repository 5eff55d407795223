"""``petition-parser site``: a static website of an archive (extra ``site``)."""

from __future__ import annotations

import click

from .._sources import read_many
from .._tables.optional import require
from .._timeline import DEFAULT_THRESHOLDS
from .batch import Batch, reads_sources


@click.command()
@reads_sources
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(),
    help="The site's folder (replaced whole once the site is complete).",
)
@click.option(
    "--threshold",
    "thresholds",
    type=click.IntRange(min=1),
    multiple=True,
    help=f"A signature count to draw and find crossings of (default {DEFAULT_THRESHOLDS}).",
)
def site(batch: Batch, output: str, thresholds: tuple[int, ...]) -> int:
    """Write a static website of SOURCES to the folder -o: an index of the petitions
    (their latest snapshots; sortable, filterable) and a page per petition with its
    growth charts, top constituencies and countries, History and response.

    It needs nothing outside its folder: open index.html from the disk, or publish
    the folder as it is.

    \b
    Example:
      petition-parser site archive/ -o site/
    """
    try:
        require("jinja2", "site", "petition-parser site")
    except ImportError as exc:
        raise click.UsageError(str(exc)) from None
    from .._pictures.site import site_item, write_site  # noqa: PLC0415 (extra "site")

    items = read_many(
        batch.sources(), "snapshot", workers=batch.jobs, then=site_item, on_error=batch.on_error
    )
    _, snapshots = write_site((item for _, item in items), output, thresholds or DEFAULT_THRESHOLDS)
    return batch.finish(snapshots)
