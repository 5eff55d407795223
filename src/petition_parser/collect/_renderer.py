"""A helper process that reads and renders the documents a collect fetches.

Reading a document (``load_api``) and rendering its report take a few milliseconds of
Python each; done in the process whose threads fetch, they keep those threads waiting
for the interpreter's lock when an answer arrives, and 4 requests in flight at 50 ms
reached 0.8 of their ceiling.  Done here, beside them, 0.9 (docs/performance.md).

It is a plain child process (``python -c`` calling ``main`` here), not a
multiprocessing pool: it imports nothing of the caller's script (a script without an
``if __name__ == "__main__"`` guard works), and it ends when its standard input does,
so that it never outlives a collect that was killed.  Frames both ways are an 8-byte
length and a pickle; only this process and its parent speak on the pipes.

A fetching thread hands its answer over and goes back to fetching at once: a thread
of the parent's own writes the frames.  A document (about 70 KB) is more than a pipe
holds (64 KB on Linux), so a write waited for the child to finish its render and read;
the fetching thread that made it, and the others queued behind its lock, left their
connections idle meanwhile (4 requests in flight at 50 ms: 79 % of the ceiling, 84 %
without the wait).  Where the system allows it (Linux), the pipes are widened too, so
that a frame is one write, not one for each 64 KB the child reads.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import pickle
import queue
import signal
import struct
import subprocess
import sys
import threading
from concurrent.futures import Future
from datetime import datetime
from typing import IO, Any

from attrs import define

from .._errors import PetitionError
from .._format import render
from .._from_api import from_api, index_row
from .._model import IndexRow
from ._client import Answer
from ._fetch import read_document

__all__ = ["Prepared", "Renderer", "prepare"]

_LENGTH = struct.Struct("!Q")
#: What the child runs: ``main`` imported by its module's name, so that what it pickles
#: names classes as the parent knows them (not ``__main__.Prepared``).
_CHILD = "from petition_parser.collect._renderer import main; main()"
#: The pipes' size asked for where it can be set: 15 documents or so.
_PIPE_SIZE = 1 << 20
#: How long ``close`` waits for the child to take its last frames, then to end.
_CLOSE_SECONDS = 30.0


@define(frozen=True)
class Prepared:
    """A petition read and rendered: its document's bytes, its report, its index row."""

    body: bytes
    report: bytes
    row: IndexRow


def prepare(answer: Answer, petition_id: int, refreshed_at: datetime) -> Prepared:
    """The answer read as the petition's document, its report and its index row."""
    document = read_document(answer, petition_id).document
    report = render(from_api(document, refreshed_at)).encode("utf-8")
    return Prepared(answer.body, report, index_row(document))


def _write_frame(out: IO[bytes], value: object) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    out.write(_LENGTH.pack(len(data)) + data)
    out.flush()


def _read_frame(source: IO[bytes]) -> Any:
    head = source.read(_LENGTH.size)
    if len(head) < _LENGTH.size:
        return None  # the other side is gone
    (size,) = _LENGTH.unpack(head)
    return pickle.loads(source.read(size))


class Renderer:
    """The helper process, and the futures of what it was given; ``close()`` when done.

    Where no child process can be started (no Python executable to run), it renders
    in the calling thread instead: slower, the same results.
    """

    def __init__(self) -> None:
        #: What the child was given and has not answered: its future, and the body,
        #: which is not sent back (a document is most of a frame).
        self._pending: dict[int, tuple[Future[Prepared], bytes]] = {}
        self._lock = threading.Lock()  # the pending futures
        self._numbers = itertools.count()
        #: The frames for the child, in order; None ends the writer.
        self._frames: queue.SimpleQueue[tuple[int, Answer, int, datetime] | None] = (
            queue.SimpleQueue()
        )
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
        try:
            self._process: subprocess.Popen[bytes] | None = subprocess.Popen(
                [sys.executable, "-c", _CHILD],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                env=env,
            )
        except OSError:
            self._process = None
            return
        _widen(self._process.stdin)
        _widen(self._process.stdout)
        self._reader = threading.Thread(target=self._read_answers, daemon=True)
        self._reader.start()
        self._writer = threading.Thread(target=self._write_frames, daemon=True)
        self._writer.start()

    def submit(self, answer: Answer, petition_id: int, refreshed_at: datetime) -> Future[Prepared]:
        future: Future[Prepared] = Future()
        if self._process is None:
            try:
                future.set_result(prepare(answer, petition_id, refreshed_at))
            except PetitionError as exc:
                future.set_exception(exc)
            return future
        with self._lock:
            number = next(self._numbers)
            self._pending[number] = (future, answer.body)
        self._frames.put((number, answer, petition_id, refreshed_at))
        return future

    def _write_frames(self) -> None:
        """The writer thread: each frame to the child, in turn, until None.  It holds
        no lock while it writes: the thread that reads the answers must never wait for
        it, or a full pipe each way would stop both processes."""
        assert self._process is not None
        assert self._process.stdin is not None
        while (frame := self._frames.get()) is not None:
            try:
                _write_frame(self._process.stdin, frame)
            except OSError:  # the child is gone: its reader fails what it was given
                with self._lock:
                    given = self._pending.pop(frame[0], None)
                if given is not None:
                    given[0].set_exception(PetitionError("the renderer process stopped"))

    def _read_answers(self) -> None:
        assert self._process is not None
        assert self._process.stdout is not None
        try:
            while True:
                frame = _read_frame(self._process.stdout)
                if frame is None:
                    break
                number, ok, value = frame
                with self._lock:
                    future, body = self._pending.pop(number)
                if ok:
                    report, row = value
                    future.set_result(Prepared(body, report, row))
                else:
                    future.set_exception(value)
        finally:  # whatever ended it, nothing waits for ever
            with self._lock:
                left, self._pending = self._pending, {}
            for future, _ in left.values():
                future.set_exception(PetitionError("the renderer process stopped"))

    def close(self) -> None:
        if self._process is None:
            return
        assert self._process.stdin is not None
        self._frames.put(None)  # after the frames already handed over
        self._writer.join(timeout=_CLOSE_SECONDS)
        if self._writer.is_alive():  # a child that stopped reading: its pipe breaks
            self._process.kill()
            self._writer.join()
        with contextlib.suppress(OSError):
            self._process.stdin.close()
        try:
            self._process.wait(timeout=_CLOSE_SECONDS)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._reader.join()


def _widen(pipe: IO[bytes] | None) -> None:
    """Ask for a pipe of ``_PIPE_SIZE`` where the system has the call (Linux); else,
    or when refused (a lower limit), it stays as it is."""
    try:
        import fcntl  # noqa: PLC0415 (POSIX only)
    except ImportError:
        return
    size_call = getattr(fcntl, "F_SETPIPE_SZ", None)
    if pipe is not None and size_call is not None:
        with contextlib.suppress(OSError):
            fcntl.fcntl(pipe.fileno(), size_call, _PIPE_SIZE)


def main() -> None:
    """The child: read frames until standard input ends, answer each."""
    # Ctrl-C reaches the whole process group: the parent decides, and closes the pipe.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    source, out = sys.stdin.buffer, sys.stdout.buffer
    while True:
        frame = _read_frame(source)
        if frame is None:
            return
        number, answer, petition_id, refreshed_at = frame
        try:
            prepared = prepare(answer, petition_id, refreshed_at)
            reply: tuple[int, bool, object] = (number, True, (prepared.report, prepared.row))
        except PetitionError as exc:
            reply = (number, False, exc)
        _write_frame(out, reply)
