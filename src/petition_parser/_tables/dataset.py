"""A Parquet dataset loaded incrementally: new part files, never a rewritten one.

A dataset folder holds a manifest, ``_petition_parser.json`` (Parquet readers pass over
names starting with ``_`` or ``.``): the table it holds and the files loaded into it
(``incremental.FileMemory``).  A later load reads only new or changed files and adds
their rows as new part files; nothing written before is touched.

A load is crash-safe by writing ahead.  The new parts are written into a hidden
staging folder (``.staging-RUN``) inside the dataset; the load commits by replacing the
manifest (atomically) with one that holds the new files' records and names the
staging folder as pending; then each part is moved into place (an atomic rename: a
reader sees whole files only) and the manifest is replaced once more without the
pending folder.  A load killed before its commit leaves a staging folder that the next
load removes; one killed after it leaves parts that the next load moves into place
first.  Either way the rerun gives what an uninterrupted load gives.

One load writes a dataset at a time: a load holds the folder's lock file
(``.petition-parser.lock``) from reading the manifest to its last move, and a second
load started meanwhile stops at once with a PetitionError (two loads that both read the
same manifest would each add the new files' rows).

The first write into a folder (or one holding no manifest, or ``full=True``) writes the
whole dataset into a temporary folder and renames it over the target, as before.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from .._errors import PetitionError
from .._files import atomic_path, exclusive
from .._sources import Item
from .arrow import arrow_schema, batches
from .columns import TableColumns
from .incremental import FileMemory, Record
from .optional import require

__all__ = ["MANIFEST", "DatasetLoad", "writing"]

MANIFEST = "_petition_parser.json"
_STAGING = ".staging-"


class DatasetLoad:
    """One write of ``table`` into the dataset folder ``folder``."""

    def __init__(self, folder: str | os.PathLike[str], table: str, *, full: bool) -> None:
        self.folder = Path(folder)
        self.table = table
        manifest = self.folder / MANIFEST
        #: Incremental: a dataset of ours is there (else it is written whole).
        self.incremental = not full and manifest.is_file()
        self.records: dict[bytes, Record] = {}
        known: dict[bytes, tuple[int, int, str]] = {}
        if self.incremental:
            data = _read_manifest(manifest)
            if data.get("table") != table:
                raise PetitionError(
                    f"{self.folder}: expected a dataset of the {table} table, found one of "
                    f"{data.get('table')!r} (write it into another folder)"
                )
            self.records = _records(data)
            self._recover(data.get("pending"))
            known = {path: (size, mtime, dig) for path, size, mtime, dig in self.records.values()}
        self.memory = FileMemory(known, copies_are_new=True)  # a copy's rows are its own

    @property
    def unchanged(self) -> int:
        return self.memory.unchanged

    def fresh(self, items: Iterable[Item], *, index_pages: bool) -> Iterator[Item]:
        """``items`` without the files loaded already (``FileMemory.fresh``)."""
        return self.memory.fresh(items, index_pages=index_pages)

    def write(self, snapshots: Iterable[tuple[str | None, TableColumns]]) -> int:
        """Write the rows of ``snapshots`` (each with the name it was read from); rows."""
        counted: list[int] = []

        def columns() -> Iterator[TableColumns]:
            for name, snapshot in snapshots:
                record = self.memory.loaded(name)
                if record is not None:
                    self.records[record[0]] = record
                yield snapshot

        def counting() -> Iterator[Any]:
            for batch in batches(self.table, columns()):
                counted.append(batch.num_rows)
                yield batch

        if not self.incremental:
            with atomic_path(self.folder, folder=True) as temporary:
                _write_parts(counting(), temporary, self.table, "part-{i}.parquet")
                self._commit(temporary, None)
            return sum(counted)
        run = uuid.uuid4().hex[:12]
        staging = self.folder / f"{_STAGING}{run}"
        try:
            staging.mkdir(mode=0o777)
            _write_parts(counting(), staging, self.table, f"part-{run}-{{i}}.parquet")
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        self._commit(self.folder, staging.name)  # the commit point
        _move_parts(staging, self.folder)
        self._commit(self.folder, None)
        return sum(counted)

    def _commit(self, folder: Path, pending: str | None) -> None:
        """The manifest replaced: the files loaded before, and those this load read."""
        self.records.update((record[0], record) for record in self.memory.remembered)
        self.memory.remembered.clear()
        self._write_manifest(folder, pending)

    def _write_manifest(self, folder: Path, pending: str | None) -> None:
        manifest = {
            "table": self.table,
            "pending": pending,
            "files": [
                [path.decode("utf-8", "surrogateescape"), size, mtime, dig]
                for path, size, mtime, dig in self.records.values()
            ],
        }
        with atomic_path(folder / MANIFEST) as temporary:
            temporary.write_text(json.dumps(manifest), encoding="utf-8")

    def _recover(self, pending: str | None) -> None:
        """Finish a committed load's moves; drop what an uncommitted one staged.  (Run
        before this load reads anything: the manifest written holds the records read
        from the last one, which already name the committed load's files.)"""
        for staging in self.folder.glob(f"{_STAGING}*"):
            if staging.name == pending:
                _move_parts(staging, self.folder)
            else:
                shutil.rmtree(staging, ignore_errors=True)
        if pending is not None:
            self._write_manifest(self.folder, None)


@contextlib.contextmanager
def writing(folder: str | os.PathLike[str]) -> Iterator[None]:
    """The dataset ``folder`` this process's to write for a block (its lock held);
    PetitionError at once if another load is writing it.  A folder not there yet needs
    no lock: it is written whole and renamed into place."""
    target = Path(folder)
    try:
        there = target.is_dir()
    except OSError:  # a name too long, say: the write names the problem
        there = False
    if not there:
        yield
        return
    with exclusive(target, f"{target}: another load is writing this dataset"):
        yield


def _read_manifest(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise PetitionError(f"{path}: expected a petition-parser manifest: {exc}") from None
    if not isinstance(data, dict):
        raise PetitionError(f"{path}: expected a petition-parser manifest, found {type(data)}")
    return data


def _records(manifest: dict[str, Any]) -> dict[bytes, Record]:
    records = {}
    for path, size, mtime, dig in manifest.get("files", []):
        key = os.fsencode(str(path))
        records[key] = (key, int(size), int(mtime), str(dig))
    return records


def _write_parts(chunks: Iterator[Any], folder: Path, table: str, template: str) -> None:
    ds = require("pyarrow.dataset", "arrow", "Parquet output")
    partitioning = ["petition_id"] if table != "index" else None
    ds.write_dataset(
        chunks,
        folder,
        schema=arrow_schema(table),
        format="parquet",
        partitioning=partitioning,
        partitioning_flavor="hive" if partitioning else None,
        basename_template=template,
        existing_data_behavior="overwrite_or_ignore",
    )


def _move_parts(staging: Path, folder: Path) -> None:
    """Each staged part into its place in ``folder`` (an atomic rename each)."""
    for part in sorted(staging.rglob("*.parquet")):
        target = folder / part.relative_to(staging)
        target.parent.mkdir(mode=0o777, parents=True, exist_ok=True)
        os.replace(part, target)
    shutil.rmtree(staging, ignore_errors=True)
