"""``petition-parser from-api``: the report the reporting script made from an API document."""

from __future__ import annotations

import sys
from datetime import datetime
from typing import TYPE_CHECKING

import click

from .._errors import PetitionError, PetitionParseError
from .._format import render
from .._from_api import from_api as derive
from ..api import load_api
from .batch import STDIN, output_option
from .output import text_output

if TYPE_CHECKING:
    _ParamType = click.ParamType[datetime]
else:  # click before 8.2 has no generic ParamType
    _ParamType = click.ParamType


class RefreshTime(_ParamType):
    """A local time in ISO 8601: ``2022-03-26T14:00:15`` or ``2022-03-26 14:00:15``."""

    name = "time"

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> datetime:
        if isinstance(value, datetime):
            return value
        try:
            parsed = datetime.fromisoformat(str(value).replace(" ", "T", 1))
        except ValueError:
            parsed = None
        if parsed is None or parsed.tzinfo is not None:
            self.fail(f"expected a local time like 2022-03-26T14:00:15, got {value!r}", param, ctx)
        return parsed.replace(microsecond=0)


@click.command(name="from-api")
@click.argument("document", default="-", metavar="[API.json]")
@output_option
@click.option(
    "--refreshed-at",
    type=RefreshTime(),
    help="The report's 'Last refreshed' time, ISO 8601 (default: now, local time).",
)
def from_api(document: str, output: str | None, refreshed_at: datetime | None) -> int:
    """Write the report for an official API JSON document (a file, or - for standard input).

    \b
    Example:
      curl -s https://petition.parliament.uk/petitions/241848.json \\
        | petition-parser from-api --refreshed-at 2019-03-25T17:55:00 > 241848.md
    """
    name = STDIN if document == "-" else document
    try:
        if document == "-":
            data = sys.stdin.buffer.read()
        else:
            with open(document, "rb") as f:
                data = f.read()
        when = refreshed_at or datetime.now().replace(microsecond=0)
        text = render(derive(load_api(data), when))
    except PetitionParseError as exc:
        click.echo(exc.in_file(name).describe(), err=True)
        return 1
    except PetitionError as exc:
        click.echo(f"{name}: {exc}", err=True)
        return 1
    except OSError as exc:
        click.echo(f"{name}: {exc.strerror or exc}", err=True)
        return 1
    # Reading is done: a closed standard output from here on is not the input's fault.
    with text_output(output) as out:
        out.write(text)
    return 0
