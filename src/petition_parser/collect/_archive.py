"""``collect``: an archive written as the reporting script wrote it, from the live site.

For each state (``open``, ``closed``, ...) of a run::

    DEST/docs/{state}/{id}.md      the report: render(from_api(document, refreshed_at))
    DEST/docs/{state}/README.md    the index page: "Top N {State} Petitions"
    DEST/data/{state}/{id}.json    the document, byte for byte as the site sent it

Every file is written atomically (old or new, never partial), the reports and
documents first and the index page last; a run that stops half way (killed, a
network failure) leaves a consistent archive that the next run completes.  With
``git=True`` each run is one commit, ``Refreshed YYYY-MM-DD HH:MM:SS``, so that
``read_git`` and ``--git`` read the collected history.  A lock file keeps two runs
from writing one archive at once.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime
from itertools import islice
from pathlib import Path

from attrs import define, field

from .._errors import FetchError, PetitionError
from .._files import LOCK_NAME, atomic_path, exclusive
from .._format import render_index
from .._from_api import index_page
from .._model import IndexRow
from ._client import OFFICIAL_SITE, Client
from ._fetch import fetch_answer, list_entries
from ._renderer import Prepared, Renderer

__all__ = ["CollectResult", "collect", "lock", "write_bytes"]


@define
class CollectResult:
    """What a run did: its refresh time, the files it wrote, what failed, its commit."""

    refreshed_at: datetime
    written: list[str] = field(factory=list)
    failures: list[PetitionError] = field(factory=list)
    commit: str | None = None


def write_bytes(path: Path, data: bytes) -> None:
    """Write a file atomically (``_files.atomic_path``), making its folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(path) as temporary:
        temporary.write_bytes(data)


@contextlib.contextmanager
def lock(dest: Path) -> Iterator[None]:
    """Hold ``DEST/.petition-parser.lock`` for a run; PetitionError if another holds it.

    Taken, the archive is this run's alone: what an earlier run killed half way left
    behind (temporary files, git's index lock) can be cleared.
    """
    with exclusive(dest, f"{dest}: another run is writing this archive"):
        yield


def _clear_leftovers(dest: Path) -> None:
    """Temporary files of a run that was killed (``.NAME.XXXX.tmp``), and git's lock."""
    for folder in ("docs", "data"):
        for leftover in (dest / folder).glob("*/.*.tmp"):
            leftover.unlink(missing_ok=True)
    (dest / ".git" / "index.lock").unlink(missing_ok=True)


def collect(
    dest: str | os.PathLike[str],
    *,
    states: Iterable[str] = ("open",),
    top: int = 50,
    git: bool = False,
    base_url: str = OFFICIAL_SITE,
    client: Client | None = None,
    refreshed_at: datetime | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> CollectResult:
    """Fetch the ``top`` petitions of each state and write them as the script did.

    See the module doc for the files.  ``refreshed_at`` (naive local time, default now,
    to the second) is the run's refresh time, in every report and index page.  A
    petition that cannot be fetched (gone between the list and its fetch, a 500 after
    the retries) is left out of the page and listed in ``failures``; the others are
    written.  ``progress(state, done, total)`` is called after each petition.  Pass a
    ``Client`` for other limits than the polite defaults (extra ``collect``).
    """
    root = Path(dest)
    if not root.parent.is_dir():
        raise PetitionError(f"{root}: expected a folder to write into, found no folder")
    root.mkdir(exist_ok=True)
    when = (refreshed_at or datetime.now()).replace(microsecond=0)
    result = CollectResult(when)
    with lock(root), contextlib.ExitStack() as stack:
        _clear_leftovers(root)
        if client is None:
            client = stack.enter_context(Client(base_url))
        for state in states:
            _collect_state(client, root, state, top, result, progress)
        if git:
            result.commit = _commit(root, when)
    return result


def _collect_state(
    client: Client,
    root: Path,
    state: str,
    top: int,
    result: CollectResult,
    progress: Callable[[str, int, int], None] | None,
) -> None:
    # Threads fetch; a helper process reads and renders what they fetched (so that they
    # need not wait for Python's lock meanwhile: _renderer.py); here the files are
    # written, in the list's order.
    renderer = Renderer()
    rows: list[IndexRow] = []
    try:
        with ThreadPoolExecutor(max_workers=client.concurrency) as fetchers:
            futures = _ask_for_all(client, state, top, result, fetchers, renderer)
            if futures is None:
                return  # without its list the state's old page stays as it was
            try:
                for done, (petition_id, future) in enumerate(futures, start=1):
                    try:
                        prepared = future.result().result()
                    except PetitionError as exc:  # not fetched, or no report can hold it
                        result.failures.append(exc)
                    else:
                        _write_petition(root, state, petition_id, prepared, result)
                        rows.append(prepared.row)
                    if progress is not None:
                        progress(state, done, len(futures))
            except BaseException:
                client.stop()  # Ctrl-C: no new request, the rest end at once
                raise
    finally:
        renderer.close()
    index = index_page(rows, result.refreshed_at, state=state, site=client.base_url)
    page = root / "docs" / state / "README.md"
    write_bytes(page, render_index(index).encode("utf-8"))
    result.written.append(str(page))


Handed = Future[Future[Prepared]]


def _ask_for_all(
    client: Client,
    state: str,
    top: int,
    result: CollectResult,
    fetchers: ThreadPoolExecutor,
    renderer: Renderer,
) -> list[tuple[int, Handed]] | None:
    """Each petition of the list, asked for as soon as its list page is read: the pages
    (one after another, by their next links) overlap the documents.  None when the list
    itself cannot be had (its error is in ``result``)."""
    futures: list[tuple[int, Handed]] = []
    try:
        for entry in islice(list_entries(client, state), top):
            task = fetchers.submit(_fetch_and_hand_over, client, entry.id, result, renderer)
            futures.append((entry.id, task))
    except FetchError as exc:
        result.failures.append(exc)
        for _, future in futures:
            future.cancel()
        return None
    return futures


def _fetch_and_hand_over(
    client: Client, petition_id: int, result: CollectResult, renderer: Renderer
) -> Future[Prepared]:
    """A thread's task: fetch, and hand the answer to the process that renders it."""
    answer = fetch_answer(client, petition_id)
    return renderer.submit(answer, petition_id, result.refreshed_at)


def _write_petition(
    root: Path, state: str, petition_id: int, prepared: Prepared, result: CollectResult
) -> None:
    data = root / "data" / state / f"{petition_id}.json"
    write_bytes(data, prepared.body)
    report = root / "docs" / state / f"{petition_id}.md"
    write_bytes(report, prepared.report)
    result.written += [str(data), str(report)]


def _commit(root: Path, when: datetime) -> str | None:
    """One commit of the run (None when nothing changed)."""
    git = shutil.which("git")
    if git is None:
        raise PetitionError("collect(git=True) needs git, which is not on the PATH")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [git, "-C", str(root), *args], capture_output=True, text=True, check=False
        )

    if not (root / ".git").exists():
        run("init", "-q", "-b", "main")
    ignore = root / ".gitignore"
    if not ignore.exists():
        ignore.write_text(f"{LOCK_NAME}\n", "utf-8")
    run("add", "-A", "--", "docs", "data", ".gitignore")
    if run("diff", "--cached", "--quiet").returncode == 0:
        return None
    # An identity of its own where git has none (a server's cron job, say).
    identity = [] if run("config", "user.email").stdout.strip() else _IDENTITY
    done = run(*identity, "commit", "-q", "-m", f"Refreshed {when:%Y-%m-%d %H:%M:%S}")
    if done.returncode != 0:
        raise PetitionError(f"git commit in {root} failed: {done.stderr.strip()}")
    return run("rev-parse", "HEAD").stdout.strip()


_IDENTITY = ["-c", "user.name=petition-parser", "-c", "user.email=petition-parser@localhost"]
