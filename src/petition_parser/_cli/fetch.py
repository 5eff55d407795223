"""``petition-parser fetch``: petitions from the live site, as reports or API documents."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import click

from .._errors import PetitionError
from .._format import render
from .._from_api import from_api
from ..collect._fetch import fetch_document
from .collecting import client_for, site_options
from .from_api import RefreshTime
from .output import binary_output


@click.command()
@click.argument(
    "petition_ids", nargs=-1, required=True, type=click.IntRange(1, 10**18 - 1), metavar="ID..."
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True),
    help="Write here (atomically) instead of to standard output.",
)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["report", "json"]),
    default="report",
    show_default=True,
    help="The report, or the API document as the site sent it (one per line).",
)
@click.option(
    "--refreshed-at", type=RefreshTime(), help="The reports' 'Last refreshed' time (default: now)."
)
@site_options
def fetch(
    petition_ids: tuple[int, ...],
    output: str | None,
    fmt: str,
    refreshed_at: datetime | None,
    **site: Any,
) -> int:
    """Fetch petitions from the site: each one's report (or -f json, its document).

    A petition that cannot be fetched is named on standard error with the URL and the
    HTTP status; the others are written, and the exit status is 1.

    \b
    Example:
      petition-parser fetch 700123 > 700123.md
      petition-parser fetch 700123 700456 -f json | jq .data.attributes.signature_count
    """
    failed = 0
    when = refreshed_at or datetime.now().replace(microsecond=0)
    with client_for(site) as client, binary_output(output) as out:
        for petition_id in petition_ids:
            try:
                fetched = fetch_document(client, petition_id)
                if fmt == "json":
                    out.write(fetched.body.rstrip(b"\n").replace(b"\n", b" ") + b"\n")
                else:
                    out.write(render(from_api(fetched.document, when)).encode("utf-8"))
            except PetitionError as exc:  # a FetchError, or a document no report can hold
                failed += 1
                click.echo(str(exc), err=True)
    return 1 if failed else 0
