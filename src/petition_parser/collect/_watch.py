"""``watch``: poll petitions, and keep each new snapshot as a report.

Each poll fetches every petition's document; one that changed since the petition's
last snapshot is written as::

    DEST/{id}/{YYYY-MM-DDTHHMMSS}.md      the report, refreshed at the poll's time
    DEST/{id}/{YYYY-MM-DDTHHMMSS}.json    the document as the site sent it

so that ``timeline(DEST)`` reads them in order.  An unchanged document (the same
JSON as the last one kept) writes nothing.  Restarted, a watch reads each petition's
last document from DEST and goes on from there.  Ctrl-C (KeyboardInterrupt) stops it
between requests or during one; every file is written atomically, so what was
written stays whole.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path

from attrs import define, field

from .._errors import FetchError, PetitionError
from .._format import render
from .._from_api import from_api
from .._json import loads
from ._archive import lock, write_bytes
from ._client import OFFICIAL_SITE, Client
from ._fetch import fetch_document

__all__ = ["WatchResult", "watch"]


@define
class WatchResult:
    """What a watch did: its polls, the snapshots it wrote and skipped, what failed."""

    polls: int = 0
    written: list[str] = field(factory=list)
    unchanged: int = 0
    failures: list[FetchError] = field(factory=list)


def _last_document(folder: Path) -> object:
    """The JSON value of the newest snapshot kept in ``folder`` (None if none)."""
    kept = sorted(folder.glob("*.json")) if folder.is_dir() else []
    for path in reversed(kept):
        try:
            return loads(path.read_bytes())
        except (OSError, PetitionError):
            continue  # a file that is not one of ours: the one before it
    return None


def watch(
    petition_ids: Iterable[int],
    *,
    dest: str | os.PathLike[str],
    every: float = 300.0,
    polls: int | None = None,
    base_url: str = OFFICIAL_SITE,
    client: Client | None = None,
    on_poll: Callable[[WatchResult], None] | None = None,
) -> WatchResult:
    """Poll ``petition_ids`` every ``every`` seconds, writing each new snapshot to ``dest``.

    Runs until stopped (Ctrl-C), or for ``polls`` polls.  A failed fetch (after the
    client's retries) is listed in ``failures`` and the watch goes on.  ``on_poll`` is
    called after each poll.  See the module doc for the files.
    """
    ids = list(petition_ids)
    if every <= 0:
        raise PetitionError(f"expected a period above 0 seconds, found {every}")
    root = Path(dest)
    if not root.parent.is_dir():
        raise PetitionError(f"{root}: expected a folder to write into, found no folder")
    root.mkdir(exist_ok=True)
    result = WatchResult()
    own = client is None
    active = Client(base_url) if client is None else client
    try:
        with lock(root):
            last = {pid: _last_document(root / str(pid)) for pid in ids}
            start = time.monotonic()
            while polls is None or result.polls < polls:
                if result.polls:
                    # Polls keep to the clock (start + n * every), however long one took.
                    time.sleep(max(0.0, start + result.polls * every - time.monotonic()))
                _poll(active, root, ids, last, result)
                result.polls += 1
                if on_poll is not None:
                    on_poll(result)
    finally:
        if own:
            active.close()
    return result


def _poll(
    client: Client, root: Path, ids: list[int], last: dict[int, object], result: WatchResult
) -> None:
    when = datetime.now().replace(microsecond=0)
    for pid in ids:
        try:
            fetched = fetch_document(client, pid)
        except FetchError as exc:
            result.failures.append(exc)
            continue
        value = loads(fetched.body)
        if value == last[pid]:
            result.unchanged += 1
            continue
        stem = root / str(pid) / f"{when:%Y-%m-%dT%H%M%S}"
        write_bytes(stem.with_suffix(".json"), fetched.body)
        report = stem.with_suffix(".md")
        write_bytes(report, render(from_api(fetched.document, when)).encode("utf-8"))
        last[pid] = value
        result.written.append(str(report))
