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
        self._items: list[Item] | None = None  # None with --git: read as they go
        self._given = 0
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
    def total(self) -> int:
        """How many items: the files, or (with --git) the versions given out so far."""
        return len(self._items) if self._items is not None else self._given

    def _count_versions(self, git_repo: str) -> int:
        """How many versions ``_versions`` gives (one listing more, for the progress
        bar); git's complaint is a usage error."""
        from .._git import count_versions  # noqa: PLC0415 (only with --git)

        try:
            return count_versions(
                git_repo, self.patterns, rev=self.rev, since=self.since, until=self.until
            )
        except PetitionError as exc:
            raise click.UsageError(str(exc)) from None

    def _versions(self, git_repo: str) -> Iterator[Item]:
        """The committed versions, read from git as they are drawn: a history's texts
        are gigabytes, never all held.  Nothing runs before the first is drawn, which
        the worker pool does once its workers have started: a worker forked while git
        ran would hold its pipes open, and git would never see its input end.  git's
        complaint at the start is a usage error."""
        from .._git import iter_blobs  # noqa: PLC0415 (only with --git)

        rev, since, until = self.rev, self.since, self.until
        blobs = iter_blobs(git_repo, self.patterns, rev=rev, since=since, until=until)
        try:
            first = next(blobs, None)
        except PetitionError as exc:
            raise click.UsageError(str(exc)) from None
        if first is None:
            # Nothing in the history matches: say so, as a glob that matches nothing.
            patterns = " ".join(self.patterns) or "**/*.md"
            limits = [
                f"--{name} {value}"
                for name, value in (("rev", rev), ("since", since), ("until", until))
                if value
            ]
            yield PetitionParseError(
                f"expected committed versions of {patterns}"
                f"{' (' + ', '.join(limits) + ')' if limits else ''}, found none",
                file=git_repo,
            )
            return
        yield first.document()
        for blob in blobs:
            yield blob.document()

    def on_error(self, error: PetitionError) -> None:
        """Each failure: ``FILE:LINE:COL: message`` on standard error."""
        self.failed += 1
        message = error.describe() if hasattr(error, "describe") else str(error)
        click.echo(message, err=True)
        if self.fail_fast:
            raise FailFast("stopped at the first bad file")

    def sources(self) -> Iterator[Item]:
        """The items, with a progress bar on a terminal when there are more than a few."""
        progress = not self.quiet and sys.stderr.isatty()
        if self._items is not None:
            items, length = iter(self._items), len(self._items)
        else:
            assert self.git_repo is not None
            length = self._count_versions(self.git_repo) if progress else 0
            items = self._versions(self.git_repo)
        items = self._giving(items)
        if not progress or length <= 5:
            return items
        return self._with_progress(items, length)

    def _giving(self, items: Iterator[Item]) -> Iterator[Item]:
        for item in items:
            self._given += 1
            yield item

    @staticmethod
    def _with_progress(items: Iterator[Item], length: int) -> Iterator[Item]:
        with click.progressbar(
            length=length, label="reading", file=sys.stderr, show_pos=True
        ) as bar:
            for item in items:
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
        total = self.total if total is None else total
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
