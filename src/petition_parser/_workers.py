"""Worker processes: a kept pool, chunks of work in order, and what a worker sets up.

``in_processes`` hands chunks of items to the pool and yields their results in the
items' order, with at most a few chunks per worker in flight (memory stays flat).
"""

from __future__ import annotations

import atexit
import ctypes
import gc
import multiprocessing
import os
import platform
import signal
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, wait
from itertools import islice
from typing import Any

from ._errors import PetitionError

__all__ = [
    "CHUNK",
    "FIRST_CHUNK",
    "MAX_WORKERS",
    "START_METHOD",
    "check_workers",
    "in_processes",
    "start_worker",
]

#: Items per task handed to a worker process, at most: enough to make the hand-over
#: cheap.  (A chunk's constituency rows are read at once by Arrow, and its output is
#: spooled to one file: each costs about a millisecond a chunk whatever its size.  16
#: made two workers 1.3x one; in paired runs, two workers took a tenth to a sixth less
#: time with chunks of 64 than of 32: docs/performance.md.)
CHUNK = 64
#: The first task's items: tasks grow from this to CHUNK, doubling, so that a short job
#: is still spread over the workers, and the first results come back soon.
FIRST_CHUNK = 8
#: The most worker processes a reader starts (``workers=``, ``-j``): past this, more
#: processes only cost memory, and the system's limits come into play.
MAX_WORKERS = 256


def check_workers(workers: object) -> int:
    """``workers`` if it is a whole number from 1 to MAX_WORKERS; else PetitionError."""
    if isinstance(workers, bool) or not isinstance(workers, int) or not 1 <= workers <= MAX_WORKERS:
        raise PetitionError(f"expected workers from 1 to {MAX_WORKERS}, found {workers!r}")
    return workers


Results = list[tuple[str | None, Any]]


def in_processes(
    items: Iterator[Any],
    task: Callable[[list[Any]], Results],
    here: Callable[[list[Any]], Results],
    remote: Callable[[Any], bool],
    workers: int,
) -> Iterator[tuple[str | None, Any]]:
    """``task(chunk)`` of each chunk of ``items`` in a worker, results in order (chunks
    of FIRST_CHUNK items, growing to CHUNK).

    A chunk holding an item that is not ``remote`` (a parsed Petition, say) is done
    ``here``, in this process, in its place.  ``task`` must pickle.
    """
    pool = _pool(workers)
    window: deque[Future[Results] | Results] = deque()
    size = FIRST_CHUNK
    try:
        while True:
            chunk = list(islice(items, size))
            if not chunk:
                break
            size = min(2 * size, CHUNK)
            if all(map(remote, chunk)):
                window.append(pool.submit(task, chunk))
            else:
                window.append(here(chunk))
            # Two chunks a worker (one running, one waiting): at most 2 * CHUNK items
            # a worker held at once, whatever is slow, the workers or the consumer.
            while len(window) > 2 * workers:
                yield from _take(window.popleft())
        while window:
            yield from _take(window.popleft())
    finally:
        # Stopped early (an error raised, a consumer that went away): drop what is
        # queued, and let what is running finish, so that nothing is still writing
        # (a spool file, say) once this generator is closed.
        futures = [entry for entry in window if isinstance(entry, Future)]
        for future in futures:
            future.cancel()
        wait(futures)


def _take(entry: Future[Results] | Results) -> Iterator[tuple[str | None, Any]]:
    yield from (entry if isinstance(entry, list) else entry.result())


#: One pool of worker processes per size, kept for the life of the process: a notebook
#: that calls ``to_pandas(..., workers=4)`` ten times starts its workers once.
_POOLS: dict[tuple[int, str], ProcessPoolExecutor] = {}
#: How worker processes start.  None: forkserver where there is one (workers fork from
#: a clean server process, not from this one and its threads), else spawn.  The command
#: line, a single-threaded process, sets "fork": its workers start at once.
START_METHOD: str | None = None


def _pool(workers: int) -> ProcessPoolExecutor:
    methods = multiprocessing.get_all_start_methods()
    method = START_METHOD or ("forkserver" if "forkserver" in methods else "spawn")
    pool = _POOLS.get((workers, method))
    if pool is None or getattr(pool, "_broken", False):
        context = multiprocessing.get_context(method)
        if method == "forkserver":
            # The server loads the package once, so that new workers start in
            # milliseconds.  (Heavy extras load in a worker when it first needs them,
            # once: the pool is kept.)
            context.set_forkserver_preload(["petition_parser"])
        pool = _POOLS[workers, method] = ProcessPoolExecutor(
            workers, mp_context=context, initializer=start_worker, initargs=(os.getpid(), method)
        )
        # Start the workers now, before the caller draws its first item: a forked worker
        # would otherwise inherit what the items' source has open by then (the pipe to
        # a ``git cat-file`` that reads a history), and that process would never see
        # its input end.  (With "fork" the first task starts them all.)
        pool.submit(_nothing).result()
    return pool


def _nothing() -> None:
    pass


def start_worker(pool_owner: int | None = None, method: str | None = None) -> None:
    """A worker's start: keep the garbage collector off what it inherited, and the heap.

    A worker of our own pools (``pool_owner``: the pid of the process it serves;
    ``method``: how it was started) also ends with that process (``_end_with_parent``).

    ``gc.freeze()``: the objects a forked worker inherits (modules, classes) move out of
    the collector's sight, so that collections neither walk them nor copy their pages.
    Then glibc's malloc is told to keep freed heap (up to 64 MiB): by default it gives
    the top of the heap back to the system at every large free and faults it in again
    at the next allocation, and a worker that reads report after report spent a fifth
    of its time in those page faults (docs/performance.md).  Nothing changes with other
    C libraries.
    """
    if pool_owner is not None:
        # A forked worker inherits the command line's SIGTERM handler (end as after
        # Ctrl-C); a worker simply ends, as its parent's death signal means it to.
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        _end_with_parent(pool_owner, method)
    gc.freeze()
    if platform.libc_ver()[0] != "glibc":
        return
    try:
        libc = ctypes.CDLL(None)
        m_trim_threshold, m_top_pad = -1, -2  # <malloc.h>
        libc.mallopt(m_trim_threshold, 64 << 20)
        libc.mallopt(m_top_pad, 16 << 20)
    except (OSError, AttributeError):  # pragma: no cover - depends on the C library
        pass


def _end_with_parent(owner: int, method: str | None) -> None:
    """On Linux, the worker is sent SIGTERM when its parent ends (the process it serves,
    or with forkserver the server, which ends with it), so that a reader killed with
    SIGKILL (which runs no clean-up) leaves no worker behind.

    A parent killed before the request is made sends no signal: then the worker's
    parent is no longer the one it was forked from.  A forked worker knows that one (the
    process it serves); a forkserver's worker was forked by the server, and is an orphan
    only once adopted by init.  (The pipes multiprocessing keeps to the parent do not
    tell: a worker forked later holds their other ends too.)
    """
    if platform.system() != "Linux":
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1  # <sys/prctl.h>
        libc.prctl(pr_set_pdeathsig, signal.SIGTERM)
    except (OSError, AttributeError):  # pragma: no cover - depends on the C library
        return
    parent = os.getppid()
    if (method == "fork" and parent != owner) or parent == 1:
        os._exit(1)


@atexit.register
def _shut_down_pools() -> None:
    for pool in _POOLS.values():
        pool.shutdown(wait=False, cancel_futures=True)
    _POOLS.clear()
