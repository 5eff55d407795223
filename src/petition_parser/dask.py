"""Report archives as Dask DataFrames, for archives that outgrow one machine.

    pip install 'petition-parser[dask]'

    >>> from petition_parser.dask import read_table               # doctest: +SKIP
    >>> df = read_table("s3://bucket/reports/**/*.md", "constituencies")  # doctest: +SKIP
    >>> df.groupby("name").signature_count.sum().compute()        # doctest: +SKIP

``read_git_table`` does the same for every committed version of the reports in a git
repository: partitions are runs of commits, each read where it runs by one ``git log``
and a ``git cat-file --batch`` that the worker keeps for the partitions it reads.

``read_table`` lists the files (local paths or any fsspec URL: ``s3://``, ``gs://``,
``memory://``, ...), groups them into partitions of ``files_per_partition`` files, and
returns a lazy ``dask.dataframe.DataFrame`` of one of the flat tables, with the column
names and dtypes of ``to_pandas`` (its ``meta`` comes from the same declared schema).
Each partition reads and parses its files where it runs.  ``to_parquet`` of the result
writes a partitioned Parquet dataset.  See docs/scale.md.

Importing ``petition_parser`` does not import this module or Dask.
"""

from __future__ import annotations

import atexit
import gc
import os
import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any, Literal, overload

from attrs import define

from ._errors import PetitionError, PetitionParseError
from ._git import CatFile, Change, is_new, log_changes, new_versions
from ._model import PetitionIndex
from ._snapshot import Snapshot
from ._sources import Document, Errors, Read, ReadAs, check_errors, read_one, unreadable
from ._tables import TABLES
from ._tables.arrow import arrow_table, concat_batches, pandas_frame
from ._tables.columns import index_columns, snapshot_columns
from ._tables.native import constituency_chunk
from ._tables.optional import require
from ._workers import start_worker

__all__ = ["read_git_table", "read_table"]


def _imports() -> tuple[Any, Any, Any]:
    dd = require("dask.dataframe", "dask", "petition_parser.dask")
    delayed = require("dask", "dask", "petition_parser.dask").delayed
    fsspec = require("fsspec", "dask", "petition_parser.dask")
    return dd, delayed, fsspec


def _config() -> Any:
    return require("dask", "dask", "petition_parser.dask").config


@overload
def read_table(
    urlpath: str | Sequence[str],
    table: str,
    *,
    errors: Literal["raise", "skip"] = ...,
    files_per_partition: int = ...,
    storage_options: dict[str, Any] | None = ...,
) -> Any: ...
@overload
def read_table(
    urlpath: str | Sequence[str],
    table: str,
    *,
    errors: Literal["collect"],
    files_per_partition: int = ...,
    storage_options: dict[str, Any] | None = ...,
) -> tuple[Any, Any]: ...
def read_table(
    urlpath: str | Sequence[str],
    table: str,
    *,
    errors: Errors = "raise",
    files_per_partition: int = 500,
    storage_options: dict[str, Any] | None = None,
) -> Any:
    """One flat table of the reports at ``urlpath`` as a lazy Dask DataFrame.

    ``urlpath`` is a glob or a list of paths or URLs; ``table`` is ``"petitions"``,
    ``"countries"``, ``"constituencies"``, ``"history"`` or ``"index"``.  ``errors``:
    ``"raise"`` (the default) fails the computation with the first bad file's
    ``PetitionParseError``; ``"skip"`` leaves bad files out; ``"collect"`` returns
    ``(table, errors)``, the second a small DataFrame of ``path``, ``line``, ``column``
    and ``message``, one row per bad file.

    Only the columns a computation uses are built: Dask's optimizer passes them to
    the partitions (not with ``"collect"``, whose tasks make both tables).  Every file
    is parsed and checked whole whichever columns are read.

    ``memory://`` files live in one process: they are read where the graph is built
    and shipped with it.  Any other URL is read by the worker that parses it.
    """
    if table not in TABLES:
        raise PetitionError(f"expected a table, one of {', '.join(TABLES)}; found {table!r}")
    check_errors(errors)
    _check_per_partition("files_per_partition", files_per_partition)
    try:
        sources = _what_to_read(urlpath, storage_options or {})
    except ValueError as exc:  # fsspec's word on a pattern or a list it cannot read
        raise PetitionError(
            f"expected a glob, path or URL, or a list of paths or URLs; found {urlpath!r} ({exc})"
        ) from exc
    if not sources:
        raise PetitionError(f"no files match {urlpath!r}")
    groups = [
        sources[i : i + files_per_partition] for i in range(0, len(sources), files_per_partition)
    ]
    return _from_groups(groups, table, errors)


def _check_per_partition(name: str, value: object) -> None:
    """Refuse a partition size that is not a whole number of at least 1."""
    if isinstance(value, bool) or not (isinstance(value, int) and value >= 1):
        raise PetitionError(f"expected {name} of at least 1, found {value!r}")


def _what_to_read(urlpath: str | Sequence[str], storage_options: dict[str, Any]) -> list[Any]:
    """What the partitions read: local paths (each read with one system call), the
    contents of ``memory://`` files (which live in this process), or fsspec's
    ``OpenFile`` of each remote file (read by the worker)."""
    local = _local_files(urlpath, storage_options)
    if local is not None:
        return local
    _, _, fsspec = _imports()
    files = fsspec.open_files(urlpath, mode="rb", **storage_options)
    if not files:
        return []
    protocol = files[0].fs.protocol
    protocols = {protocol} if isinstance(protocol, str) else set(protocol)
    if "memory" in protocols:
        sources: list[Any] = []
        for f in files:
            with f as handle:
                sources.append(Document(f.path, handle.read()))
        return sources
    if "file" in protocols:
        return [f.path for f in files]
    return list(files)


def _local_files(urlpath: str | Sequence[str], storage_options: dict[str, Any]) -> list[str] | None:
    """The paths ``fsspec.open_files`` gives for a glob or a list of paths on this
    machine's disk, worked out here; None for anything else (another storage, a
    chained URL, a path without ``*``, a list with a wildcard, Windows), which fsspec
    lists."""
    if os.sep != "/" or "protocol" in storage_options:
        return None
    if isinstance(urlpath, str):
        return _local_glob(urlpath, storage_options)
    if isinstance(urlpath, (list, tuple)):
        return _local_list(urlpath)
    return None


def _local_list(urlpath: Sequence[str]) -> list[str] | None:
    """fsspec's paths for a list of local paths without wildcards: each made absolute
    by fsspec's own rule for local paths, in one pass.  fsspec works out each path's
    storage first (7-14 us a path: 0.75 to 1.4 s for a list of 100,000)."""
    local = require("fsspec.implementations.local", "dask", "petition_parser.dask")
    strip = local.LocalFileSystem._strip_protocol
    paths = []
    for item in urlpath:
        # ``type`` first: isinstance against the os.PathLike ABC costs 120 ns a path,
        # nearly half what the checks below cost together.
        text = item if type(item) is str else _fspath(item)
        if not isinstance(text, str) or "::" in text or text.startswith("data:"):
            return None
        if "*" in text or "?" in text or "[" in text:  # fsspec globs each of those
            return None
        scheme, sep, _ = text.partition("://")
        if sep and len(scheme) > 1 and scheme != "file":  # another storage, or "local"
            return None
        if not sep and text[:1] == "/" and text[-1:] != "/":  # the rule keeps it as it is
            paths.append(text)
        else:
            paths.append(strip(text))
    return paths or None


def _fspath(item: object) -> object:
    """A path-like object's path (as fsspec takes it); anything else as it is."""
    return os.fspath(item) if isinstance(item, os.PathLike) else item


def _local_glob(urlpath: str, storage_options: dict[str, Any]) -> list[str] | None:
    """The files ``fsspec.open_files`` gives for a glob on this machine's disk, in its
    order, listed by ``os.scandir``; None for a path without ``*`` or on another
    storage.

    fsspec stats every entry it lists and each match again (15-20 ms for 2,000 files,
    before a computation of half a second on two workers: docs/scale.md); this reads
    only the types ``os.scandir`` has already.  Its rules, kept here: the pattern is
    matched whole by ``fsspec.utils.glob_translate`` (``*`` matches hidden names); the
    walk goes as deep as the pattern's parts after its first wildcard (every level with
    ``**``), into real folders only; folders, and links to them, are left out; a
    folder that cannot be listed is passed over.
    """
    _, _, fsspec = _imports()
    local = require("fsspec.implementations.local", "dask", "petition_parser.dask")
    fs, path = fsspec.core.url_to_fs(urlpath, **storage_options)
    if type(fs) is not local.LocalFileSystem or "*" not in path:
        return None
    first = min(i for i in (path.find("*"), path.find("?"), path.find("[")) if i >= 0)
    cut = path.rfind("/", 0, first)
    if cut < 0:
        return None
    # How many levels below the root the pattern reaches, as fsspec's glob counts them.
    depth = None if "**" in path else path.count("/", cut + 1) + 1
    match = re.compile(fsspec.utils.glob_translate(path)).match
    found: list[str] = []
    pending = [(path[:cut] or "/", depth)]
    while pending:
        folder, levels = pending.pop()
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    if levels is None or levels > 1:
                        pending.append((entry.path, None if levels is None else levels - 1))
                elif match(entry.path) and not entry.is_dir():
                    found.append(entry.path)
            except OSError:  # gone since its folder was listed
                continue
    found.sort()
    return found


@define(frozen=True)
class _GitPart:
    """One partition of a git history: its commits (in order), and the versions a fresh
    read of them would give that the whole history's read does not (a file added back
    as it was before, a rename that kept the content, across partitions)."""

    repo: str
    patterns: tuple[str, ...]
    commits: tuple[str, ...]
    skip: frozenset[tuple[str, str]]

    def documents(self) -> list[Document]:
        changes = log_changes(self.repo, self.patterns, commits=self.commits)
        versions = [c for c in new_versions(changes, {}) if (c.commit, c.path) not in self.skip]
        try:
            return self._read(versions, fresh=False)
        except PetitionError:
            # A process kept from before may no longer see the repository (replaced
            # at its path, say): once more, with a new one.
            return self._read(versions, fresh=True)

    def _read(self, versions: list[Change], *, fresh: bool) -> list[Document]:
        with _cat_file(self.repo, fresh=fresh) as cat:
            return [blob.document() for blob in cat.blobs(versions)]


#: The ``git cat-file`` processes of this process, per repository, that no partition is
#: using.  A worker reads its partitions through the same one, whose cache of
#: decompressed delta bases is then warm: a process per partition read the same
#: versions in half again the time (docs/performance.md).  A blob's id names its
#: content, so a process kept from an earlier computation gives the right bytes or
#: none.  Closed when this process ends; not inherited by a forked child.
_CAT_FILES: dict[str, list[CatFile]] = {}
_CAT_FILES_LOCK = threading.Lock()


@contextmanager
def _cat_file(repo: str, *, fresh: bool) -> Iterator[CatFile]:
    """A ``git cat-file`` in ``repo`` for one partition (an idle one unless ``fresh``);
    kept for the next unless the partition failed (its answer may be half read)."""
    with _CAT_FILES_LOCK:
        idle = _CAT_FILES.setdefault(repo, [])
        cat = idle.pop() if idle and not fresh else None
    if cat is None:
        cat = CatFile(repo)
    try:
        yield cat
    except BaseException:
        cat.close()
        raise
    with _CAT_FILES_LOCK:
        _CAT_FILES.setdefault(repo, []).append(cat)


def _close_cat_files() -> None:
    with _CAT_FILES_LOCK:
        kept = [cat for cats in _CAT_FILES.values() for cat in cats]
        _CAT_FILES.clear()
    for cat in kept:
        cat.close()


def _forget_cat_files() -> None:
    """In a forked child: the parent's processes are not its own to use, nor to close
    (kept referenced, so that no finalizer touches them); a lock of its own."""
    global _CAT_FILES_LOCK  # noqa: PLW0603 (one per process)
    _CAT_FILES_LOCK = threading.Lock()
    _INHERITED.append(dict(_CAT_FILES))
    _CAT_FILES.clear()


_INHERITED: list[dict[str, list[CatFile]]] = []
atexit.register(_close_cat_files)
if hasattr(os, "register_at_fork"):  # POSIX
    os.register_at_fork(after_in_child=_forget_cat_files)


def read_git_table(
    repo: str | os.PathLike[str],
    paths: str | Sequence[str] = "**/*.md",
    table: str = "petitions",
    *,
    rev: str | None = None,
    since: str | datetime | None = None,
    until: str | datetime | None = None,
    commits_per_partition: int = 500,
    errors: Errors = "raise",
) -> Any:
    """One flat table of every committed version of the reports in a git repository, as
    a lazy Dask DataFrame: the rows ``read_git`` gives (into ``to_pandas``), partitioned
    by commits.

    ``paths``, ``rev``, ``since`` and ``until`` are ``read_git``'s.  The history is
    listed once here (one ``git log``, no file content); each partition of
    ``commits_per_partition`` commits is read where it runs (its own ``git log`` of
    its commits, and the worker's ``git cat-file --batch``, kept running between
    partitions, for their versions), so the workers must see the repository at the
    same path (a local cluster, a shared disk).  A version's ``source_path`` is
    ``COMMIT:PATH`` (the first 12 hex digits of the commit).  ``errors`` as in
    ``read_table``.
    """
    if table not in TABLES:
        raise PetitionError(f"expected a table, one of {', '.join(TABLES)}; found {table!r}")
    check_errors(errors)
    _check_per_partition("commits_per_partition", commits_per_partition)
    root = os.path.abspath(os.fspath(repo))
    patterns = (paths,) if isinstance(paths, str) else tuple(paths)
    changes = log_changes(root, patterns, rev=rev, since=since, until=until)
    parts = _git_parts(root, patterns, changes, commits_per_partition)
    if not parts:
        raise PetitionError(f"no committed versions of {' '.join(patterns)} in {root}")
    return _from_groups(parts, table, errors)


def _git_parts(
    root: str, patterns: tuple[str, ...], changes: Iterable[Change], size: int
) -> list[_GitPart]:
    """The history's partitions, runs of ``size`` commits, in one pass over its
    listing (streamed: no change is kept, only the commits and each path's last blob).

    A partition's skips are the versions a fresh read of its commits gives that one
    read of the whole history does not: the dedup rule (``is_new``) looks back past
    the partition's first commit."""
    parts: list[_GitPart] = []
    commits: list[str] = []
    skip: set[tuple[str, str]] = set()
    whole: dict[str, str] = {}  # path -> blob, over the whole history
    fresh: dict[str, str] = {}  # the same, since the partition's first commit
    for change in changes:
        if not commits or change.commit != commits[-1]:  # a commit's changes are listed together
            if len(commits) == size:
                parts.append(_GitPart(root, patterns, tuple(commits), frozenset(skip)))
                commits, skip, fresh = [], set(), {}
            commits.append(change.commit)
        new_here, new_in_whole = is_new(change, fresh), is_new(change, whole)
        if new_here and not new_in_whole:
            skip.add((change.commit, change.path))
    if commits:
        parts.append(_GitPart(root, patterns, tuple(commits), frozenset(skip)))
    return parts


def _from_groups(groups: Sequence[Any], table: str, errors: Errors) -> Any:
    """The lazy frame (with ``"collect"``: and its errors) of partitions ``groups``."""
    dd, delayed, _ = _imports()
    meta = _frame(table, [])
    if errors != "collect":
        # from_map, not from_delayed: Dask's optimizer hands the columns a computation
        # uses to the partitions (``columns=``), and only those are sent to Arrow.
        # A partition is made with the declared dtypes (``meta``'s), its text
        # columns already pyarrow strings: so no check of each partition against
        # ``meta``, and no string conversion, which changes nothing and costs a
        # second task per partition (``compute`` does not fuse them) and a round
        # trip to the scheduler each (docs/scale.md).
        with _config().set({"dataframe.convert-string": False}):
            return dd.from_map(
                _read_partition,
                groups,
                args=(table, errors),
                meta=meta,
                enforce_metadata=False,
                label=f"read-{table}",
            )
    parts = [delayed(_partition, pure=True)(group, table, errors) for group in groups]
    frame = dd.from_delayed([delayed(_first)(p) for p in parts], meta=meta, verify_meta=False)
    error_meta = _errors_frame([])
    failures = dd.from_delayed(
        [delayed(_second)(p) for p in parts], meta=error_meta, verify_meta=False
    )
    return frame, failures


def _read_partition(
    group: list[Any] | _GitPart, table: str, errors: Errors, columns: list[str] | None = None
) -> Any:
    """One partition of the table (only ``columns``, when Dask asks for fewer)."""
    return _partition(group, table, errors, columns)[0]


def _first(pair: tuple[Any, Any]) -> Any:
    return pair[0]


def _second(pair: tuple[Any, Any]) -> Any:
    return pair[1]


_TUNED = False
_PAUSES = 0
_PAUSES_LOCK = threading.Lock()
_COLLECTING = True


def _tune_this_process() -> None:
    """The first partition a Dask worker process runs tunes it as the package's own
    workers are: inherited objects out of the collector's sight, freed heap kept (Dask
    starts workers with ``MALLOC_TRIM_THRESHOLD_=65536``, and a worker then spent a
    third of its time faulting pages back in: docs/scale.md)."""
    global _TUNED  # noqa: PLW0603 (once per process)
    if not _TUNED:
        gc.collect()
        start_worker()
        _TUNED = True


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off while partitions are parsed (on again after the
    last running one, if it was on).  A partition's rows are a few hundred thousand
    lists and tuples, all alive until the partition's frame is built and none in a
    cycle; in a worker whose start-up objects are frozen, each full collection walked
    them again, a twentieth of a worker's time (docs/performance.md)."""
    global _PAUSES, _COLLECTING  # noqa: PLW0603 (one collector per process)
    with _PAUSES_LOCK:
        if _PAUSES == 0:
            _COLLECTING = gc.isenabled()
            gc.disable()
        _PAUSES += 1
    try:
        yield
    finally:
        with _PAUSES_LOCK:
            _PAUSES -= 1
            if _PAUSES == 0 and _COLLECTING:
                gc.enable()


def _partition(
    group: list[Any] | _GitPart, table: str, errors: Errors, columns: list[str] | None = None
) -> tuple[Any, Any]:
    """Read and parse one partition's files (or versions): its rows, and its errors."""
    _tune_this_process()
    with _collector_paused():
        sources = group.documents() if isinstance(group, _GitPart) else group
        return _parse_partition(sources, table, errors, columns)


def _parse_partition(
    group: list[Any], table: str, errors: Errors, columns: list[str] | None
) -> tuple[Any, Any]:
    if table == "constituencies":
        return _native_partition(group, errors, columns)
    kind: ReadAs = "index" if table == "index" else "snapshot"
    snapshots = []
    failures: list[PetitionParseError] = []
    for source in group:
        path, parsed = _read(source, kind)
        if parsed is None:  # an index page among reports, or a report among index pages
            continue
        if isinstance(parsed, PetitionParseError):  # naming the file
            if errors == "raise":
                raise parsed
            failures.append(parsed)
        elif isinstance(parsed, PetitionIndex):
            snapshots.append(index_columns(parsed, path))
        elif isinstance(parsed, Snapshot):
            snapshots.append(snapshot_columns(parsed, table, path))  # type: ignore[arg-type]
    return _frame(table, snapshots, columns), _errors_frame(failures)


def _native_partition(
    group: list[Any], errors: Errors, columns: list[str] | None
) -> tuple[Any, Any]:
    """The constituency rows of a partition, read at once by Arrow (as ``to_arrow``
    reads them: ``_tables/native.py``), and its errors."""
    read = [_read(source, "constituency-text") for source in group]
    batches = []
    failures: list[PetitionParseError] = []
    chunk = constituency_chunk([(p, r) for p, r in read if r is not None], columns)
    for _, result in chunk:
        if isinstance(result, PetitionParseError):  # naming the file
            if errors == "raise":
                raise result
            failures.append(result)
        elif not isinstance(result, PetitionError):
            batches.append(result)
    arrow = concat_batches("constituencies", batches, columns)
    return pandas_frame(arrow), _errors_frame(failures)


def _read(source: str | Document | Any, kind: ReadAs) -> tuple[str, Read]:
    """A source's path, and ``read_one`` of it: a local path, a memory file read
    where the graph was built, or an fsspec OpenFile read here."""
    if isinstance(source, str):
        return source, read_one(source, kind)
    if isinstance(source, Document):
        return source.name, read_one(source, kind)
    path = str(source.path)
    try:
        with source as handle:
            data = handle.read()
    except OSError as exc:  # gone since it was listed, not allowed, the storage failed
        return path, unreadable(path, exc)
    return path, read_one(Document(path, data), kind)


def _frame(table: str, snapshots: list[Any], columns: list[str] | None = None) -> Any:
    """A pandas DataFrame of ``table`` with the declared dtypes (as ``to_pandas``)."""
    return pandas_frame(arrow_table(table, snapshots, columns))


def _errors_frame(failures: list[PetitionParseError]) -> Any:
    pd = require("pandas", "dask", "petition_parser.dask")
    string = pd.StringDtype("pyarrow")
    return pd.DataFrame(
        {
            "path": pd.array([e.file for e in failures], dtype=string),
            "line": pd.array([e.line for e in failures], dtype="Int64"),
            "column": pd.array([e.column for e in failures], dtype="Int64"),
            "message": pd.array([e.message for e in failures], dtype=string),
        }
    )
