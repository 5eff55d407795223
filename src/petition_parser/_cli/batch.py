"""What every command that reads reports shares: sources, -j, errors, progress, output.

The CLI adds no parsing of its own: sources go to the library's reader
(``_sources.read_many``), and this module only decides what the shell sees.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO, TextIO, TypeVar

import click
from attrs import define

from .._errors import PetitionError
from .._sources import Document, Item, Kind, iter_sources, read_many
from .._tables.writers import atomic_path

__all__ = [
    "Batch",
    "Spooled",
    "batch_options",
    "binary_output",
    "output_option",
    "sources_argument",
    "spool_chunk",
    "spool_folder",
    "text_output",
    "write_out",
]

F = TypeVar("F", bound=Callable[..., Any])
STDIN = "<stdin>"


def sources_argument(function: F) -> F:
    """SOURCES..., and the options that read them from a git repository instead."""
    for option in reversed(
        [
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
        ]
    ):
        function = option(function)
    return function


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

    def __init__(
        self,
        sources: tuple[str, ...],
        *,
        fail_fast: bool,
        quiet: bool,
        git_repo: str | None = None,
        rev: str | None = None,
        since: str | None = None,
        until: str | None = None,
    ) -> None:
        self.fail_fast = fail_fast
        self.quiet = quiet
        self.failed = 0
        self.items: list[Item] = []
        if git_repo is not None:
            from .._git import iter_blobs  # noqa: PLC0415 (only with --git)

            try:
                blobs = iter_blobs(git_repo, sources, rev=rev, since=since, until=until)
                self.items = [blob.document() for blob in blobs]
            except PetitionError as exc:
                raise click.UsageError(str(exc)) from None
            return
        if rev or since or until:
            raise click.UsageError("--rev, --since and --until go with --git")
        if not sources:
            raise click.UsageError("Missing argument 'SOURCES...' (or --git REPO)")
        for source in sources:
            if source == "-":
                self.items.append(Document(STDIN, sys.stdin.buffer.read()))
            else:
                self.items.extend(iter_sources(source))

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
        kind: Kind,
        jobs: int,
        then: Callable[[str | None, Any], Any],
        spool: str | None = None,
    ) -> Iterator[Any]:
        """``then`` of each good document, in order; errors go to :meth:`on_error`.

        With ``spool`` (a folder) and more than one job, each worker writes its chunk's
        results (bytes or text) to a file there and sends back a :class:`Spooled`.
        """
        combine = partial(spool_chunk, spool) if spool is not None and jobs > 1 else None
        results = read_many(
            self.sources(), kind, workers=jobs, then=then, combine=combine, on_error=self.on_error
        )
        return (result for _, result in results)

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


# -- moving output from workers --------------------------------------------------------
#
# A worker's output could come back through the pool's pipe, but for the JSON of
# 2,000 reports (90 MB) that pipe and the page faults of its buffers cost a third of a
# second of CPU time: each worker writes its chunk to a file in memory (tmpfs) instead,
# and the writer copies it out with sendfile (docs/performance.md).

#: Where workers spool their output: memory (tmpfs) where there is one.
_SPOOL = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None


@define(frozen=True)
class Spooled:
    """A chunk of output, written to a file by a worker."""

    path: str
    count: int


def spool_chunk(folder: str, chunk: list[bytes | str]) -> Spooled:
    fd, path = tempfile.mkstemp(dir=folder)
    with os.fdopen(fd, "wb") as f:
        f.writelines(p if isinstance(p, bytes) else p.encode("utf-8") for p in chunk)
    return Spooled(path, len(chunk))


@contextlib.contextmanager
def spool_folder() -> Iterator[str]:
    with tempfile.TemporaryDirectory(
        dir=_SPOOL, prefix="petition-parser-", ignore_cleanup_errors=True
    ) as folder:
        yield folder


def write_out(results: Iterable[bytes | str | Spooled], out: BinaryIO) -> int:
    """Write results (or spooled chunks of them) in order; returns how many."""
    count = 0
    each = iter(results)
    try:
        for result in each:
            if isinstance(result, Spooled):
                _copy_out(result.path, out)
                count += result.count
            else:
                out.write(result if isinstance(result, bytes) else result.encode("utf-8"))
                count += 1
    finally:
        close = getattr(each, "close", None)
        if close is not None:  # a generator: closed, its workers done, before cleanup
            close()
    return count


def _copy_out(path: str, out: BinaryIO) -> None:
    """A spooled chunk to the output, by the kernel where it can (sendfile), then gone."""
    with open(path, "rb") as f:
        size = os.fstat(f.fileno()).st_size
        out.flush()
        try:
            sent = 0
            while sent < size:
                sent += os.sendfile(out.fileno(), f.fileno(), sent, size - sent)
        except BrokenPipeError:
            raise
        except (AttributeError, OSError, io.UnsupportedOperation):
            f.seek(sent)
            shutil.copyfileobj(f, out, 1 << 20)
    os.unlink(path)


@contextlib.contextmanager
def binary_output(output: str | None) -> Iterator[BinaryIO]:
    """Standard output's bytes, or a file written atomically."""
    if output is None or output == "-":
        sys.stdout.flush()
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    with atomic_path(Path(output)) as temporary, open(temporary, "wb") as f:
        yield f


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
