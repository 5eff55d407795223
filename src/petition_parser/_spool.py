"""Workers' text, spooled: each worker writes its chunk's output to a file in memory.

A worker's output could come back through the pool's pipe, but for the JSON of 2,000
reports (90 MB) that pipe and the page faults of its buffers cost a third of a second
of CPU time: each worker writes its chunk to a file in memory (tmpfs) instead, and the
writer copies it out with sendfile (docs/performance.md).  Used by the table writer
(``_tables.write_source``) and the command line's ``parse``.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from attrs import define

__all__ = ["Spooled", "Text", "spool_chunk", "spool_folder", "write_out"]

#: Where workers spool their output: memory (tmpfs) where there is one.
_SPOOL = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None


@define(frozen=True)
class Text:
    """A snapshot's output (made in a worker) and the rows it holds."""

    text: str
    rows: int


@define(frozen=True)
class Spooled:
    """A chunk of output, written to a file by a worker: its results, and their rows."""

    path: str
    count: int
    rows: int = 0


def _bytes(part: bytes | str | Text) -> bytes:
    if isinstance(part, Text):
        part = part.text
    return part if isinstance(part, bytes) else part.encode("utf-8")


def spool_chunk(folder: str, chunk: list[bytes | str | Text]) -> Spooled:
    fd, path = tempfile.mkstemp(dir=folder)
    with os.fdopen(fd, "wb") as f:
        f.writelines(map(_bytes, chunk))
    return Spooled(path, len(chunk), sum(p.rows for p in chunk if isinstance(p, Text)))


@contextlib.contextmanager
def spool_folder() -> Iterator[str]:
    with tempfile.TemporaryDirectory(
        dir=_SPOOL, prefix="petition-parser-", ignore_cleanup_errors=True
    ) as folder:
        yield folder


def write_out(results: Iterable[bytes | str | Text | Spooled], out: BinaryIO) -> tuple[int, int]:
    """Write results (or spooled chunks of them) in order; returns how many, and rows."""
    count = rows = 0
    each = iter(results)
    try:
        for result in each:
            if isinstance(result, Spooled):
                _copy_out(result.path, out)
                count += result.count
                rows += result.rows
            else:
                out.write(_bytes(result))
                count += 1
                rows += result.rows if isinstance(result, Text) else 0
    finally:
        close = getattr(each, "close", None)
        if close is not None:  # a generator: closed, its workers done, before cleanup
            close()
    return count, rows


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
