"""Where a command's output goes: standard output or a file written atomically.

How workers' output gets there is the library's (``_spool.py``).
"""

from __future__ import annotations

import contextlib
import sys
from typing import IO, Any, BinaryIO, TextIO, cast

import click

from .._errors import PetitionError
from .._tables.writers import Format, binary_target, format_for, text_target, unknown_suffix

__all__ = ["binary_output", "output_format", "target", "text_output"]


class OutputUsageError(click.UsageError):
    """An output the command cannot write: one line, exit status 2."""

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"petition-parser: error: {self.format_message()}", err=True)


def output_format(output: str | None, fmt: str | None, *, folder: bool = True) -> Format:
    """The format asked for with -f, or named by the -o suffix; CSV on standard output.

    An unknown suffix is a usage error naming the known ones (``folder``: a path with
    no suffix, or an existing folder, is a partitioned Parquet dataset).
    """
    if fmt is not None:
        return cast(Format, fmt)  # one of the names click's Choice allowed
    if output is None or output == "-":
        return "csv"
    try:
        chosen = format_for(output, None)  # the library's rule, a usage error here
    except PetitionError as exc:
        raise OutputUsageError(str(exc)) from None
    if chosen == "dataset" and not folder:
        raise OutputUsageError(unknown_suffix(output))
    return chosen


def target(output: str | None) -> str | BinaryIO:
    """What ``-o`` names: a path, or standard output's bytes (``-`` or none)."""
    if output is None or output == "-":
        sys.stdout.flush()  # anything printed as text before goes first
        return sys.stdout.buffer
    return output


def binary_output(output: str | None) -> contextlib.AbstractContextManager[BinaryIO]:
    """Standard output's bytes, or a file written atomically (the library's target)."""
    return binary_target(target(output))


def text_output(output: str | None) -> contextlib.AbstractContextManager[TextIO]:
    """Standard output as UTF-8 text, or a file written atomically (renamed into place
    at the end)."""
    return text_target(target(output))
