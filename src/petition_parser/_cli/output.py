"""Where a command's output goes: standard output or a file written atomically, and how
workers' output gets there.

A worker's output could come back through the pool's pipe, but for the JSON of 2,000
reports (90 MB) that pipe and the page faults of its buffers cost a third of a second
of CPU time: each worker writes its chunk to a file in memory (tmpfs) instead, and the
writer copies it out with sendfile (docs/performance.md).
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any, BinaryIO, TextIO

import click
from attrs import define

from .._files import atomic_path
from .._tables.writers import FORMATS, unknown_suffix

__all__ = [
    "Spooled",
    "binary_output",
    "output_format",
    "spool_chunk",
    "spool_folder",
    "text_output",
    "write_out",
]


class OutputUsageError(click.UsageError):
    """An output the command cannot write: one line, exit status 2."""

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"petition-parser: error: {self.format_message()}", err=True)


def output_format(output: str | None, fmt: str | None, *, folder: bool = True) -> str:
    """The format asked for with -f, or named by the -o suffix; CSV on standard output.

    An unknown suffix is a usage error naming the known ones (``folder``: a path with
    no suffix, or an existing folder, is a partitioned Parquet dataset).
    """
    if fmt is not None:
        return fmt
    if output is None or output == "-":
        return "csv"
    path = Path(output)
    suffix = path.suffix.lower()
    if suffix in FORMATS:
        return FORMATS[suffix]
    if folder and (not suffix or path.is_dir()):
        return "dataset"
    raise OutputUsageError(unknown_suffix(output))


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
