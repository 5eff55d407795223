"""The ``petition-parser`` command: click commands over the library, one module each.

It adds no parsing of its own.  Shell manners: output goes to standard output (or
``-o FILE``, written atomically), errors to standard error as ``FILE:LINE:COL:
message``, usage errors exit 2, failures 1; a closed standard output (``| head``)
ends the run quietly.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

import click

from .. import __version__
from .check import check
from .from_api import from_api
from .parse import parse
from .render import render
from .schema import schema
from .sqlite import sqlite
from .table import table

__all__ = ["cli", "main"]


class _Group(click.Group):
    """click's group, ending quietly (exit 0) when standard output is closed early."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            # The reader went away (| head).  Point standard output at /dev/null so
            # that Python's flush at exit does not fail again.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            return 0


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="petition-parser")
def cli() -> None:
    """Read UK Parliament petition reports (Markdown): to JSON, tables, SQLite, and back.

    \b
    Examples:
      petition-parser parse report.md
      petition-parser table constituencies archive/ -o constituencies.parquet
      petition-parser sqlite petitions.db archive/
    """


for _command in (parse, table, sqlite, check, render, from_api, schema):
    cli.add_command(_command)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    try:
        status = cli.main(
            args=list(argv) if argv is not None else None,
            prog_name="petition-parser",
            standalone_mode=False,
        )
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.exceptions.Abort:
        click.echo("Aborted!", err=True)
        return 1
    return status if isinstance(status, int) else 0
