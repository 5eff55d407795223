"""Archives to tables: many reports as flat tables, in Python, Arrow, pandas, polars, files.

=================  ============================================================
``schema.py``      the one declared schema of each table
``columns.py``     one snapshot's rows of a table, as columns
``arrow.py``       Arrow record batches, pandas and polars frames
``writers.py``     CSV, NDJSON, Parquet (a file or a partitioned dataset)
``sqlite.py``      normalized SQLite tables, loaded idempotently
=================  ============================================================
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from functools import partial
from typing import Any, BinaryIO

from attrs import define

from .._errors import PetitionError
from .._git import has_commit, iter_blobs, resolve_commit
from .._model import PetitionIndex
from .._snapshot import Snapshot
from .._sources import Errors, ReadAs, SourceLike, Sources, iter_sources, read_many
from .._spool import Spooled, Text, spool_chunk, spool_folder, write_out
from .._workers import check_workers
from .arrow import arrow_table, batch_of, concat_batches, pandas_frame, polars_frame
from .columns import TableColumns, index_columns, records, snapshot_columns, stamped_columns
from .dataset import DatasetLoad, writing
from .native import constituency_chunk, spooled_batches, spooled_constituency_chunk
from .schema import KEYS, SCHEMAS, TABLES, Column, TableName
from .sqlite import REPORT_TABLES, Loader
from .writers import (
    Format,
    binary_target,
    csv_header,
    csv_text,
    format_for,
    ndjson_text,
    write,
)

__all__ = [
    "KEYS",
    "SCHEMAS",
    "TABLES",
    "Column",
    "TableColumns",
    "TableName",
    "Tally",
    "format_for",
    "load_sqlite",
    "newest",
    "snapshot_tables",
    "table_columns",
    "to_arrow",
    "to_pandas",
    "to_polars",
    "to_records",
    "to_sqlite",
    "write",
    "write_source",
    "write_table",
]


def _check(table: str) -> TableName:
    if table not in TABLES:
        raise PetitionError(f"expected a table, one of {', '.join(TABLES)}; found {table!r}")
    return table


def _columns_then(
    table: TableName,
    then: Callable[[TableName, str | None, TableColumns], Any] | None,
    path: str | None,
    parsed: Snapshot | PetitionIndex,
) -> Any:
    """A snapshot's (or an index page's) columns of ``table``, then ``then`` of them."""
    if isinstance(parsed, PetitionIndex):
        columns = index_columns(parsed, path)
    else:
        columns = snapshot_columns(parsed, table, path)
    return columns if then is None else then(table, path, columns)


def snapshot_tables(path: str | None, snapshot: Snapshot) -> dict[TableName, TableColumns]:
    """A snapshot's columns of every report table (what ``to_sqlite`` loads)."""
    return {table: snapshot_columns(snapshot, table, path) for table in REPORT_TABLES}


def table_columns(
    source: Sources,
    table: str,
    *,
    errors: Errors = "raise",
    workers: int = 1,
    latest: bool = False,
    combine: Callable[[list[Any]], Any] | None = None,
    on_error: Callable[[PetitionError], None] | None = None,
    then: Callable[[TableName, str | None, TableColumns], Any] | None = None,
    tally: Tally | None = None,
) -> Iterator[Any]:
    """Each snapshot's rows of ``table``, as columns, in source order.

    With ``combine`` (and workers), each worker's chunk comes as ``combine(columns)``;
    with ``then``, each snapshot as ``then(table, path, columns)`` (in the worker).
    ``on_error`` is ``read_many``'s.  With ``latest``, only each petition's newest
    snapshot (see ``newest``), in petition order; ``combine`` is not used then.
    ``tally`` counts the snapshots read (with ``latest``, more than are yielded).
    """
    name = _check(table)
    kind: ReadAs = "index" if name == "index" else "snapshot"
    if latest:
        stamped = read_many(
            source,
            kind,
            errors=errors,
            workers=workers,
            then=partial(stamped_columns, name),
            on_error=on_error,
        )
        if tally is not None:
            stamped = tally.counting(stamped)
        for path, columns in newest(stamped):
            yield columns if then is None else then(name, path, columns)
        return
    each = partial(_columns_then, name, then)
    items = read_many(
        source, kind, errors=errors, workers=workers, then=each, combine=combine, on_error=on_error
    )
    if tally is not None:
        items = tally.counting(items)
    for _, columns in items:
        if not isinstance(columns, PetitionError):  # errors="collect": errors are not rows
            yield columns


def newest(
    stamped: Iterable[tuple[str | None, Any]],
) -> list[tuple[str | None, TableColumns]]:
    """Each petition's newest snapshot (an index page's title: its newest page).

    Newest by the snapshot time the timeline uses (the refresh time; for the early
    layouts A-D, which have none, the History Updated time), so that no layout is
    left out.  Of two snapshots with the same time, the one read later in source
    order is kept.  Petitions come in the order of their ids (index pages: of titles).
    """
    kept: dict[Any, tuple[datetime, str | None, TableColumns]] = {}
    for path, item in stamped:
        if isinstance(item, PetitionError):  # errors="collect": errors are not rows
            continue
        (group, time), columns = item
        seen = kept.get(group)
        if seen is None or time >= seen[0]:
            kept[group] = (time, path, columns)
    return [(kept[group][1], kept[group][2]) for group in sorted(kept)]


class Tally:
    """The snapshots a writer read (the command line's summary counts them)."""

    def __init__(self) -> None:
        self.snapshots = 0

    def counting(self, items: Iterable[tuple[str | None, Any]]) -> Iterator[tuple[str | None, Any]]:
        """``items`` passed through, each snapshot counted (not errors; a chunk spooled
        by a worker is counted by ``write_out``)."""
        for path, item in items:
            if not isinstance(item, (PetitionError, Spooled)):
                self.snapshots += 1
            yield path, item


@define(frozen=True)
class Written:
    """What a table writer wrote: rows, from how many snapshots."""

    rows: int
    snapshots: int
    #: Files passed over as written already (an incremental dataset).
    unchanged: int = 0


def write_source(
    source: Sources,
    table: str,
    target: str | os.PathLike[str] | BinaryIO,
    fmt: Format,
    *,
    errors: Errors = "raise",
    workers: int = 1,
    latest: bool = False,
    on_error: Callable[[PetitionError], None] | None = None,
    full: bool = False,
) -> Written:
    """The one table writer: ``write_table`` and the command line's ``table`` are it.

    ``target`` is a path (written atomically) or a binary stream (standard output).
    With workers, CSV and NDJSON text is made in the workers and spooled (``_spool``).
    A dataset folder is written incrementally (``dataset.py``) unless ``full``.
    """
    name = _check(table)
    if fmt == "dataset" and not latest and isinstance(target, (str, os.PathLike)):
        return _write_dataset(
            source, name, target, errors=errors, workers=workers, on_error=on_error, full=full
        )
    tally = Tally()
    read = partial(
        table_columns,
        source,
        name,
        errors=errors,
        workers=workers,
        latest=latest,
        on_error=on_error,
        tally=tally,
    )
    if workers > 1 and not latest and fmt in ("csv", "ndjson"):
        maker = csv_text if fmt == "csv" else ndjson_text
        with binary_target(target) as out, spool_folder() as spool:
            if fmt == "csv":
                out.write(csv_header(name).encode("utf-8"))
            chunks = read(then=partial(_text, maker), combine=partial(spool_chunk, spool))
            count, rows = write_out(chunks, out)
        return Written(rows, count)
    return Written(write(name, read(), target, fmt), tally.snapshots)


def _write_dataset(
    source: Sources,
    table: TableName,
    target: str | os.PathLike[str],
    *,
    errors: Errors,
    workers: int,
    on_error: Callable[[PetitionError], None] | None,
    full: bool,
) -> Written:
    """Only the new files' rows, as new part files of the dataset (``dataset.py``)."""
    with writing(target):
        load = DatasetLoad(target, table, full=full)
        kind: ReadAs = "index" if table == "index" else "snapshot"
        items = load.fresh(iter_sources(source), index_pages=table == "index")
        tally = Tally()
        results = tally.counting(
            read_many(
                items,
                kind,
                errors=errors,
                workers=workers,
                then=partial(_columns_then, table, None),
                on_error=on_error,
            )
        )
        good = ((name, c) for name, c in results if not isinstance(c, PetitionError))
        rows = load.write(good)
    return Written(rows, tally.snapshots, load.unchanged)


def _text(
    maker: Callable[[str, str | None, TableColumns], str],
    table: TableName,
    path: str | None,
    columns: TableColumns,
) -> Text:
    """A snapshot's rows as text, with their count (made in a worker)."""
    return Text(maker(table, path, columns), len(next(iter(columns.values()))))


def to_records(
    source: SourceLike,
    table: str,
    *,
    errors: Errors = "raise",
    workers: int = 1,
    latest: bool = False,
) -> Iterator[dict[str, Any]]:
    """The rows of ``table`` as dicts, lazily (see docs/tables.md for the columns).

    ``source`` is anything ``read_reports`` takes (index pages for ``"index"``);
    ``errors="collect"`` and ``"skip"`` leave bad files out of the rows.  With
    ``latest=True``, only each petition's newest snapshot: by refresh time (for the
    early layouts, which have none, the History Updated time); of two with the same
    time, the one read later; petitions in id order (index pages: each title's newest).
    """
    for columns in table_columns(source, table, errors=errors, workers=workers, latest=latest):
        yield from records(columns)


def to_arrow(
    source: SourceLike,
    table: str,
    *,
    errors: Errors = "raise",
    workers: int = 1,
    latest: bool = False,
) -> Any:
    """``table`` as a ``pyarrow.Table`` with the declared schema (extra ``arrow``).

    ``latest`` as in ``to_records``.
    """
    name = _check(table)
    if name == "constituencies" and not latest:
        # The rows of a chunk of reports read at once by Arrow (native.py); workers
        # hand theirs back as files in memory, mapped here.
        with spool_folder() as folder:
            chunk = (
                constituency_chunk if workers == 1 else partial(spooled_constituency_chunk, folder)
            )
            read = read_many(
                source, "constituency-text", errors=errors, workers=workers, per_chunk=chunk
            )
            # (errors="collect": errors are not rows)
            return concat_batches(name, spooled_batches(b for _, b in read))
    if workers > 1 and not latest:  # each worker sends back an Arrow batch of its chunk
        chunks = table_columns(
            source, name, errors=errors, workers=workers, combine=partial(batch_of, name)
        )
        return concat_batches(name, chunks)
    return arrow_table(
        name, table_columns(source, name, errors=errors, workers=workers, latest=latest)
    )


def to_pandas(
    source: SourceLike,
    table: str,
    *,
    errors: Errors = "raise",
    workers: int = 1,
    latest: bool = False,
) -> Any:
    """``table`` as a pandas DataFrame with real dtypes (extra ``pandas``).

    Int64, Float64, string and boolean columns (nullable), ``datetime64[s, UTC]``
    for history times, naive ``datetime64[s]`` for ``refreshed_at``.  ``latest`` as
    in ``to_records``.
    """
    return pandas_frame(to_arrow(source, table, errors=errors, workers=workers, latest=latest))


def to_polars(
    source: SourceLike,
    table: str,
    *,
    errors: Errors = "raise",
    workers: int = 1,
    latest: bool = False,
) -> Any:
    """``table`` as a polars DataFrame (extra ``polars``); ``latest`` as in ``to_records``."""
    return polars_frame(to_arrow(source, table, errors=errors, workers=workers, latest=latest))


def write_table(
    source: SourceLike,
    table: str,
    path: str | os.PathLike[str],
    format: str | None = None,
    *,
    errors: Errors = "raise",
    workers: int = 1,
    latest: bool = False,
    full: bool = False,
) -> int:
    """Write ``table`` to ``path``; returns the number of rows written.

    ``format`` is ``"csv"``, ``"ndjson"``, ``"json"`` (one array), ``"parquet"`` or
    ``"dataset"`` (a folder of Parquet files partitioned by ``petition_id``, hive
    style); by default it follows the suffix (``.csv``, ``.ndjson`` or ``.jsonl``,
    ``.json``, ``.parquet``; no suffix: a dataset).  The file is written atomically:
    a failed run leaves no file behind.  ``latest`` as in ``to_records``.

    A dataset is written incrementally: its folder remembers the files it holds (path,
    size, modification time, digest), and writing into it again adds the rows of the
    new or changed files only, as new part files (the count returned); a killed write
    is finished or undone by the next one.  ``full=True`` (and ``latest``) writes it
    whole again.
    """
    fmt = format_for(path, format)
    return write_source(
        source, table, path, fmt, errors=errors, workers=workers, latest=latest, full=full
    ).rows


def to_sqlite(
    source: SourceLike | None,
    path: str | os.PathLike[str],
    *,
    errors: Errors = "raise",
    workers: int = 1,
    full: bool = False,
    git: str | os.PathLike[str] | None = None,
    rev: str | None = None,
    since: str | datetime | None = None,
    until: str | datetime | None = None,
) -> dict[str, int]:
    """Load reports into the SQLite database at ``path``; returns rows added per table.

    Tables ``petitions``, ``countries``, ``constituencies`` and ``history``: each
    snapshot gets an integer ``snapshot_id`` in ``petitions``, which the other tables
    refer to (a foreign key that datasette shows as a link); the snapshot key
    ``(petition_id, refreshed_at, updated_at)`` stays unique, so loading the same
    reports again adds nothing.

    Loads are incremental: the database remembers each file it loaded (path, size,
    modification time, content digest) and reads only new or changed ones; with
    ``git=REPO``, ``source`` is the path patterns (as in ``read_git``; default every
    ``*.md``), every committed version is loaded, and the next load reads only the
    commits after the last one it read.  ``full=True`` reads everything again.  A
    load is one transaction: a failed or killed one adds nothing.  Raises
    PetitionError naming ``path`` when it cannot be written (a folder, a missing
    folder, a file that is not a database).
    """
    return load_sqlite(
        source,
        path,
        errors=errors,
        workers=workers,
        full=full,
        git=git,
        rev=rev,
        since=since,
        until=until,
    ).added


def load_sqlite(
    source: Sources | None,
    path: str | os.PathLike[str],
    *,
    errors: Errors = "raise",
    workers: int = 1,
    full: bool = False,
    on_error: Callable[[PetitionError], None] | None = None,
    git: str | os.PathLike[str] | None = None,
    rev: str | None = None,
    since: str | datetime | None = None,
    until: str | datetime | None = None,
    tally: Tally | None = None,
) -> Loader:
    """``to_sqlite``, and the command line's ``sqlite``: the Loader, with its counts."""
    check_workers(workers)
    with Loader(path, full=full) as loader:
        tip: str | None = None
        items: Iterable[Any]
        if git is not None:
            patterns = _patterns(source)
            tip, read_rev = _git_range(loader, git, patterns, rev, since, until)
            blobs = iter_blobs(git, patterns, rev=read_rev, since=since, until=until)
            items = (blob.document() for blob in blobs) if read_rev is not None else ()
        else:
            if source is None:
                raise PetitionError("expected reports to load, found no source")
            items = iter_sources(source)
        results = read_many(
            loader.fresh(items),
            "snapshot",
            errors=errors,
            workers=workers,
            then=snapshot_tables,
            on_error=on_error,
        )
        if tally is not None:
            results = tally.counting(results)
        for name, tables in results:
            if isinstance(tables, dict):  # errors="collect": errors are not rows
                loader.add(name, tables)
        if git is not None and tip is not None and since is None and until is None:
            loader.loaded_commit(os.path.abspath(git), patterns, rev or "HEAD", tip)
    return loader


def _patterns(source: Sources | None) -> list[str]:
    """With ``git=``: the source is path patterns (default every ``*.md``)."""
    if source is None:
        return ["**/*.md"]
    if isinstance(source, (str, os.PathLike)):
        return [os.fspath(source)]
    patterns = list(source) if isinstance(source, Iterable) else [source]
    if not all(isinstance(p, (str, os.PathLike)) for p in patterns):
        raise PetitionError("expected path patterns with git=, found reports already read")
    return [os.fspath(p) for p in patterns if isinstance(p, (str, os.PathLike))] or ["**/*.md"]


def _git_range(
    loader: Loader,
    repo: str | os.PathLike[str],
    patterns: list[str],
    rev: str | None,
    since: str | datetime | None,
    until: str | datetime | None,
) -> tuple[str | None, str | None]:
    """The commit the history is read up to, and the revision (range) to read: from the
    commit after the last one loaded (None: nothing to read)."""
    if rev is not None and (".." in rev or rev.startswith("^")):
        return None, rev  # a range of the user's own: read as it is, nothing remembered
    tip = resolve_commit(repo, rev)
    if tip is None:
        return None, None  # a repository with no commits: nothing to read
    if since is not None or until is not None:
        return tip, tip  # read as asked; the time limits are not a place to resume from
    last = loader.last_commit(os.path.abspath(repo), patterns, rev or "HEAD")
    if last == tip:
        return tip, None
    if last is None or not has_commit(repo, last):
        # Never loaded; or the commit remembered is gone (the history rewritten, the
        # repository cloned afresh): the whole history, of which what is in already
        # is not added twice.
        return tip, tip
    return tip, f"{last}..{tip}"
