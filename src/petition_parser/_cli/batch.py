"""What every command that reads reports shares: sources, -j, errors, progress, output.

The CLI adds no parsing of its own: sources go to the library's reader
(``_sources.read_many``), and this module only decides what the shell sees.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Iterator
from functools import partial
from typing import Any, TypeVar

import click

from .._errors import PetitionError, PetitionParseError
from .._sources import Document, Item, ReadAs, iter_sources, read_many
from .._spool import spool_chunk
from .._workers import MAX_WORKERS

__all__ = ["Batch", "output_option", "reads_sources"]

F = TypeVar("F", bound=Callable[..., Any])
STDIN = "<stdin>"


def reads_sources(function: F) -> F:
    """SOURCES... and the options of a batch (``--git``, ``-j``, ``--fail-fast``, ``-q``),
    handed to the command as one ``Batch`` (its ``batch`` argument)."""

    @functools.wraps(function)
    def command(
        *,
        sources: tuple[str, ...],
        git_repo: str | None,
        rev: str | None,
        since: str | None,
        until: str | None,
        jobs: int,
        fail_fast: bool,
        quiet: bool,
        **options: Any,
    ) -> Any:
        batch = Batch(
            sources,
            jobs=jobs,
            fail_fast=fail_fast,
            quiet=quiet,
            git_repo=git_repo,
            rev=rev,
            since=since,
            until=until,
        )
        return function(batch=batch, **options)

    decorated: Any = command
    for option in reversed(_SOURCE_OPTIONS):
        decorated = option(decorated)
    return decorated  # type: ignore[no-any-return]


_SOURCE_OPTIONS = [
    click.argument("sources", nargs=-1, metavar="SOURCES..."),
    click.option(
        "--git",
        "git_repo",
        type=click.Path(file_okay=False),
        help="Read every committed version from this git repository; SOURCES are "
        "then path patterns in it (default **/*.md).",
    ),
    click.option("--rev", help="With --git: a revision or range (main, v1..v2)."),
    click.option("--since", help="With --git: commits since this time."),
    click.option("--until", help="With --git: commits until this time."),
    click.option(
        "-j",
        "--jobs",
        type=click.IntRange(min=1, max=MAX_WORKERS),
        default=os.cpu_count() or 1,
        show_default="the number of cores",
        help="Parse in this many processes (output order is input order).",
    ),
    click.option("--fail-fast", is_flag=True, help="Stop at the first bad file."),
    click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary line."),
]


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

    def __init__(
        self,
        sources: tuple[str, ...],
        *,
        jobs: int = 1,
        fail_fast: bool = False,
        quiet: bool = False,
        git_repo: str | None = None,
        rev: str | None = None,
        since: str | None = None,
        until: str | None = None,
    ) -> None:
        self.jobs = jobs
        self.fail_fast = fail_fast
        self.quiet = quiet
        self.failed = 0
        self.noun = "file"
        #: With --git: the repository, and the path patterns (SOURCES) and limits.
        self.git_repo = git_repo
        self.patterns = sources
        self.rev, self.since, self.until = rev, since, until
        self._items: list[Item] | None = None
        if git_repo is not None:
            self.noun = "version"
            return
        if rev or since or until:
            raise click.UsageError("--rev, --since and --until go with --git")
        if not sources:
            raise click.UsageError("Missing argument 'SOURCES...' (or --git REPO)")
        self._items = []
        for source in sources:
            if source == "-":
                self._items.append(Document(STDIN, sys.stdin.buffer.read()))
            else:
                self._items.extend(iter_sources(source))

    @property
    def items(self) -> list[Item]:
        """The files (with --git, the committed versions, read when first asked for)."""
        if self._items is None:
            assert self.git_repo is not None
            self._items = self._versions(self.git_repo)
        return self._items

    def _versions(self, git_repo: str) -> list[Item]:
        from .._git import iter_blobs  # noqa: PLC0415 (only with --git)

        rev, since, until = self.rev, self.since, self.until
        try:
            blobs = iter_blobs(git_repo, self.patterns, rev=rev, since=since, until=until)
            items: list[Item] = [blob.document() for blob in blobs]
        except PetitionError as exc:
            raise click.UsageError(str(exc)) from None
        if not items:
            # Nothing in the history matches: say so, as a glob that matches nothing.
            patterns = " ".join(self.patterns) or "**/*.md"
            limits = [
                f"--{name} {value}"
                for name, value in (("rev", rev), ("since", since), ("until", until))
                if value
            ]
            items.append(
                PetitionParseError(
                    f"expected committed versions of {patterns}"
                    f"{' (' + ', '.join(limits) + ')' if limits else ''}, found none",
                    file=git_repo,
                )
            )
        return items

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

    def read(
        self,
        kind: ReadAs,
        then: Callable[[str | None, Any], Any],
        spool: str | None = None,
        combine: Callable[[list[Any]], Any] | None = None,
    ) -> Iterator[Any]:
        """``then`` of each good document, in order; errors go to ``on_error``.

        With ``spool`` (a folder) and more than one job, each worker writes its chunk's
        results (bytes or text) to a file there and sends back a ``Spooled``.
        """
        if spool is not None and self.jobs > 1:
            combine = partial(spool_chunk, spool)
        results = read_many(
            self.sources(),
            kind,
            workers=self.jobs,
            then=then,
            combine=combine,
            on_error=self.on_error,
        )
        return (result for _, result in results)

    def finish(self, parsed: int, *, unchanged: int = 0, total: int | None = None) -> int:
        """The summary line (unless quiet, or one file read without trouble); exit status.

        ``unchanged``: files passed over as loaded already; ``total``: the count when it
        is not that of the items (the new versions an incremental --git load read)."""
        total = len(self.items) if total is None else total
        skipped = total - parsed - unchanged - self.failed
        if not self.quiet and (total != 1 or self.failed or unchanged):
            noun = self.noun if total == 1 else f"{self.noun}s"
            line = f"{total:,} {noun}, {parsed:,} parsed"
            if unchanged:
                line += f", {unchanged:,} unchanged since the last load"
            line += f", {self.failed:,} failed"
            if skipped > 0:
                line += f", {skipped:,} skipped (not of this kind)"
            click.echo(line, err=True)
        return 1 if self.failed else 0
