"""What every command that reads reports shares: sources, -j, errors, progress, output.

The CLI adds no parsing of its own: sources go to the library's reader
(``_sources.read_many``), and this module only decides what the shell sees.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TextIO, TypeVar

import click

from .._errors import PetitionError
from .._sources import Document, Item, iter_sources
from .._tables.writers import atomic_path

__all__ = ["Batch", "batch_options", "output_option", "sources_argument", "text_output"]

F = TypeVar("F", bound=Callable[..., Any])
STDIN = "<stdin>"


def sources_argument(function: F) -> F:
    return click.argument("sources", nargs=-1, required=True, metavar="SOURCES...")(function)


def batch_options(function: F) -> F:
    for option in reversed(
        [
            click.option(
                "-j",
                "--jobs",
                type=click.IntRange(min=1),
                default=os.cpu_count() or 1,
                show_default="the number of cores",
                help="Parse in this many processes (output order is input order).",
            ),
            click.option("--fail-fast", is_flag=True, help="Stop at the first bad file."),
            click.option(
                "-q", "--quiet", is_flag=True, help="No progress bar and no summary line."
            ),
        ]
    ):
        function = option(function)
    return function


def output_option(function: F) -> F:
    return click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=True, allow_dash=True),
        help="Write here (atomically) instead of to standard output.",
    )(function)


class FailFast(click.ClickException):
    exit_code = 1

    def show(self, file: Any = None) -> None:
        pass  # the error itself is printed already


class Batch:
    """The sources of one run, and its count of files, failures and skips."""

    def __init__(self, sources: tuple[str, ...], *, fail_fast: bool, quiet: bool) -> None:
        self.fail_fast = fail_fast
        self.quiet = quiet
        self.items: list[Item] = []
        for source in sources:
            if source == "-":
                self.items.append(Document(STDIN, sys.stdin.buffer.read()))
            else:
                self.items.extend(iter_sources(source))
        self.failed = 0
        self.done = 0

    def on_error(self, error: PetitionError) -> None:
        """Each failure: ``FILE:LINE:COL: message`` on standard error."""
        self.failed += 1
        message = error.describe() if hasattr(error, "describe") else str(error)
        click.echo(message, err=True)
        if self.fail_fast:
            raise FailFast("stopped at the first bad file")

    def sources(self) -> Iterator[Item]:
        """The items, with a progress bar on a terminal when there are more than a few."""
        show = not self.quiet and len(self.items) > 5 and sys.stderr.isatty()
        if not show:
            yield from self.items
            return
        with click.progressbar(
            length=len(self.items), label="reading", file=sys.stderr, show_pos=True
        ) as bar:
            for item in self.items:
                yield item
                bar.update(1)

    def finish(self, parsed: int) -> int:
        """The summary line (unless quiet, or one file read without trouble); exit status."""
        total = len(self.items)
        skipped = total - parsed - self.failed
        if not self.quiet and (total > 1 or self.failed):
            noun = "file" if total == 1 else "files"
            line = f"{total:,} {noun}, {parsed:,} parsed, {self.failed:,} failed"
            if skipped > 0:
                line += f", {skipped:,} skipped (not of this kind)"
            click.echo(line, err=True)
        return 1 if self.failed else 0


@contextlib.contextmanager
def text_output(output: str | None) -> Iterator[TextIO]:
    """Standard output, or a file written atomically (renamed into place at the end)."""
    if output is None or output == "-":
        yield sys.stdout
        return
    with (
        atomic_path(Path(output)) as temporary,
        open(temporary, "w", encoding="utf-8", newline="") as f,
    ):
        yield f
