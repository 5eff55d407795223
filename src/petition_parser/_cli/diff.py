"""``petition-parser diff``: what changed between two snapshots of one petition."""

from __future__ import annotations

import click

from .._diff import diff as diff_snapshots
from .._errors import PetitionError, PetitionParseError
from .._format import parse_file
from .batch import output_option
from .output import text_output


@click.command()
@click.argument("old", type=click.Path(dir_okay=False))
@click.argument("new", type=click.Path(dir_okay=False))
@output_option
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: a summary, biggest movers first; json: every change.",
)
def diff(old: str, new: str, output: str | None, fmt: str) -> int:
    """Print what changed from the report OLD to the report NEW of the same petition.

    \b
    Example:
      petition-parser diff yesterday/267197.md today/267197.md
      petition-parser diff a.md b.md -f json | jq .constituencies[:5]
    """
    try:
        change = diff_snapshots(parse_file(old), parse_file(new))
    except PetitionParseError as exc:
        click.echo(exc.describe(), err=True)
        return 1
    except PetitionError as exc:
        click.echo(str(exc), err=True)
        return 1
    except OSError as exc:
        click.echo(f"{exc.filename}: {exc.strerror or exc}", err=True)
        return 1
    with text_output(output) as out:
        out.write((change.to_json() if fmt == "json" else str(change)) + "\n")
    return 0
