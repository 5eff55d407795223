"""Incremental and crash-safe loads: SQLite databases and Parquet datasets.

A load remembers what it read (files: path, size, time, digest; a git history: its
last commit) and reads only what is new; a load killed at any moment leaves a
database (a dataset) that checks clean and that a rerun completes to what an
uninterrupted load gives.  The kills are real: the command line run as a child
process and sent SIGKILL.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import attrs
import pyarrow.dataset as pads
import pytest

import petition_parser as pp
from petition_parser._snapshot import Snapshot
from petition_parser._tables import Tally, load_sqlite, snapshot_tables
from petition_parser._tables import sqlite as sqlite_module
from petition_parser._tables.dataset import MANIFEST, writing
from petition_parser._tables.sqlite import Loader

from .conftest import ROOT
from .histories import make_history

EXAMPLES = sorted((ROOT / "examples").glob("*.md"))
REPORT_TABLES = ("petitions", "countries", "constituencies", "history")


def write_archive(folder: Path, n: int, start: int = 0, seats: int | None = None) -> list[Path]:
    """``n`` snapshots of invented petitions (distinct ids and refresh times)."""
    folder.mkdir(exist_ok=True)
    base = pp.parse_file(EXAMPLES[0])
    if seats is not None:
        base = attrs.evolve(
            base, signatures_by_constituency=base.signatures_by_constituency[:seats]
        )
    paths = []
    for i in range(start, start + n):
        pid = 900000 + i % 7
        petition = attrs.evolve(
            base,
            petition_id=pid,
            url=f"https://petition.parliament.uk/petitions/{pid}",
            refreshed_at=datetime(2031, 3, 1, 9, 0, 0) + timedelta(hours=i),
        )
        path = folder / f"{i:04d}.md"
        path.write_text(pp.render(petition), "utf-8", newline="")
        paths.append(path)
    return paths


def dump(db_path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the report tables, in key order (the database's whole content)."""
    with sqlite3.connect(db_path) as db:
        return {
            table: db.execute(f"SELECT * FROM {table} ORDER BY 1, 2, 3, 4").fetchall()
            for table in REPORT_TABLES
        }


def snapshot_keys(db_path: Path) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db_path) as db:
        query = "SELECT petition_id, refreshed_at, updated_at FROM petitions ORDER BY 1, 2, 3"
        return db.execute(query).fetchall()


def row_counts(db_path: Path) -> dict[str, int]:
    with sqlite3.connect(db_path) as db:
        return {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in REPORT_TABLES}


def checks_clean(db_path: Path) -> None:
    with sqlite3.connect(db_path) as db:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_a_second_load_reads_nothing_and_a_third_only_the_new_files(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    paths = write_archive(archive, 12)
    db = tmp_path / "p.db"
    first = load_sqlite(archive, db, tally=(t1 := Tally()))
    assert (t1.snapshots, first.unchanged, first.added["petitions"]) == (12, 0, 12)
    second = load_sqlite(archive, db, tally=(t2 := Tally()))
    assert (t2.snapshots, second.unchanged) == (0, 12)
    assert second.added == dict.fromkeys(REPORT_TABLES, 0)
    write_archive(archive, 3, start=12)
    third = load_sqlite(archive, db, tally=(t3 := Tally()))
    assert (t3.snapshots, third.unchanged, third.added["petitions"]) == (3, 12, 3)
    # Touched, not changed: its digest says so, and it is not parsed.
    os.utime(paths[0], ns=(1, 1))
    fourth = load_sqlite(archive, db, tally=(t4 := Tally()))
    assert (t4.snapshots, fourth.unchanged) == (0, 15)
    # Changed in place (a new refresh at the same path): read, and its snapshot added.
    petition = pp.parse_file(paths[1])
    changed = attrs.evolve(petition, refreshed_at=datetime(2032, 1, 1, 0, 0, 0))
    paths[1].write_text(pp.render(changed), "utf-8")
    fifth = load_sqlite(archive, db, tally=(t5 := Tally()))
    assert (t5.snapshots, fifth.added["petitions"]) == (1, 1)
    # --full reads everything again, and adds nothing.
    full = load_sqlite(archive, db, full=True, tally=(t6 := Tally()))
    assert (t6.snapshots, full.added["petitions"]) == (15, 0)
    checks_clean(db)
    # The indexes for questions (built at the end of the first load, kept by the others).
    with sqlite3.connect(db) as connected:
        names = {row[0] for row in connected.execute("SELECT name FROM sqlite_master")}
    assert {"petitions_refreshed_at", "countries_name", "constituencies_name"} <= names
    assert "history_event" in names


def test_the_database_equals_one_load_of_everything(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    write_archive(archive, 6)
    step = tmp_path / "step.db"
    pp.to_sqlite(archive, step)
    write_archive(archive, 4, start=6)
    pp.to_sqlite(archive, step)
    once = tmp_path / "once.db"
    pp.to_sqlite(archive, once)
    assert dump(step) == dump(once)


def test_a_bad_file_is_not_remembered_and_is_reported_again(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    write_archive(archive, 3)
    (archive / "bad.md").write_text("# Not a report\n", "utf-8")
    # Its twin (the same bytes) is reported too: a content is passed over only once it
    # loaded, never because a file read in the same load had it.
    (archive / "bad-twin.md").write_text("# Not a report\n", "utf-8")
    db = tmp_path / "p.db"
    for _ in range(2):
        errors: list[pp.PetitionError] = []
        load_sqlite(archive, db, on_error=errors.append)
        assert [getattr(e, "file", None) for e in errors] == [
            str(archive / "bad-twin.md"),
            str(archive / "bad.md"),
        ]


def test_index_pages_are_remembered_without_a_snapshot(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    write_archive(archive, 2)
    index = next((ROOT / "tests" / "data" / "index" / "valid").glob("*.md"))
    shutil.copy(index, archive / "README.md")
    db = tmp_path / "p.db"
    load_sqlite(archive, db)
    again = load_sqlite(archive, db, tally=(tally := Tally()))
    assert (tally.snapshots, again.unchanged) == (0, 3)  # the index page too, unread


def _commit(repo: Path, message: str) -> None:
    subprocess.run(["git", "-C", str(repo), "add", "-A"], check=True)
    who = ["-c", "user.name=t", "-c", "user.email=t@example.invalid"]
    subprocess.run(["git", "-C", str(repo), *who, "commit", "-q", "-m", message], check=True)


PATTERN = "reports/*.md"


def test_git_loads_read_only_the_new_commits(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    for i in range(3):
        write_archive(repo / "reports", 2, start=2 * i)
        _commit(repo, f"run {i}")
    db = tmp_path / "p.db"
    first = load_sqlite("reports/*.md", db, git=repo, tally=(t1 := Tally()))
    assert (t1.snapshots, first.added["petitions"]) == (6, 6)
    load_sqlite("reports/*.md", db, git=repo, tally=(t2 := Tally()))
    assert t2.snapshots == 0
    write_archive(repo / "reports", 1, start=6)
    _commit(repo, "run 3")
    third = load_sqlite("reports/*.md", db, git=repo, tally=(t3 := Tally()))
    assert (t3.snapshots, third.added["petitions"]) == (1, 1)
    # From the command line: the second run reads 0 versions.
    done = subprocess.run(
        [sys.executable, "-m", "petition_parser", "sqlite", str(db), "--git", str(repo), PATTERN],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "0 versions, 0 parsed, 0 failed" in done.stderr
    assert "0 petitions" in done.stdout
    full = load_sqlite("reports/*.md", db, git=repo, full=True, tally=(t4 := Tally()))
    assert (t4.snapshots, full.added["petitions"]) == (7, 0)
    once = tmp_path / "once.db"
    pp.to_sqlite("reports/*.md", once, git=repo)
    assert dump(db) == dump(once)


def test_a_history_that_lost_the_commit_remembered_is_read_whole(tmp_path: Path) -> None:
    """The repository cloned afresh with another history (or rewritten, and the old
    commits gone): the load reads the whole history, and adds only what is new."""
    repo = tmp_path / "repo"
    make_history(repo, [[(f"reports/{p.name}", p.read_bytes())] for p in EXAMPLES[-1:]])
    db = tmp_path / "p.db"
    first = load_sqlite("reports/*.md", db, git=repo)
    assert first.added["petitions"] == 1
    shutil.rmtree(repo)
    make_history(repo, [[(f"reports/{p.name}", p.read_bytes())] for p in EXAMPLES])
    again = load_sqlite("reports/*.md", db, git=repo, tally=(tally := Tally()))
    assert (tally.snapshots, again.added["petitions"]) == (len(EXAMPLES), len(EXAMPLES) - 1)
    once = tmp_path / "once.db"
    pp.to_sqlite("reports/*.md", once, git=repo)
    # The same snapshots and rows; their ids and the kept one's source (a commit of the
    # old history) follow the order they were loaded in.
    assert snapshot_keys(db) == snapshot_keys(once)
    assert row_counts(db) == row_counts(once)
    third = load_sqlite("reports/*.md", db, git=repo, tally=(tally := Tally()))
    assert (tally.snapshots, third.added["petitions"]) == (0, 0)


def test_a_git_load_with_workers_ends(tmp_path: Path) -> None:
    # More versions than a worker's chunk, two workers: the history's reader must not be
    # held open by the workers (the load hung when they were forked after it started).
    repo = tmp_path / "repo"
    repo.mkdir()
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    write_archive(repo / "reports", 40)
    _commit(repo, "forty")
    db = tmp_path / "p.db"
    sqlite = [sys.executable, "-m", "petition_parser", "sqlite", str(db)]
    done = subprocess.run(
        [*sqlite, "--git", str(repo), "-j", "2"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert len(dump(db)["petitions"]) == 40


# -- killed loads ----------------------------------------------------------------------------


def _kill_runs(
    command: Callable[[Path], list[str]],
    target: Path,
    runs: int,
    seed: int,
    started: Callable[[], bool],
    after_each: Callable[[], None],
) -> None:
    """Start ``command(target)`` ``runs`` times, each killed (SIGKILL) at a random moment
    (``after_each()`` checks what is left).  Every other run is killed at any moment
    of the time an uninterrupted run takes (timed on a scratch target first), the
    others once ``started()`` says the write is under way: at least half the kills
    come in the middle of a write, however fast or slow the machine."""
    scratch = target.with_name(target.name + "-scratch")
    start = time.perf_counter()
    subprocess.run(command(scratch), check=True, capture_output=True)
    whole = time.perf_counter() - start
    shutil.rmtree(scratch) if scratch.is_dir() else scratch.unlink()
    rng = random.Random(seed)
    for run in range(runs):
        child = subprocess.Popen(
            command(target), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        if run % 2:
            time.sleep(rng.uniform(0.05, whole))
        else:
            while not started() and child.poll() is None:
                time.sleep(0.001)
            time.sleep(rng.uniform(0, 0.01))  # a write can be short: kill soon after
        child.send_signal(signal.SIGKILL)
        child.wait()
        after_each()


def _left_running(marker: str) -> list[int]:
    """Processes (workers, say) whose command line names ``marker``, after a moment."""
    found: list[int] = []
    for _ in range(100):
        found = []
        for entry in Path("/proc").iterdir():
            try:
                command = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if entry.name.isdigit() and marker.encode() in command:
                found.append(int(entry.name))
        if not found:
            break
        time.sleep(0.05)
    return found


def test_sqlite_killed_ten_times_then_rerun_equals_a_clean_load(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    write_archive(archive, 100)
    clean = tmp_path / "clean.db"
    pp.to_sqlite(archive, clean)
    db = tmp_path / "killed.db"

    def command(database: Path) -> list[str]:
        sqlite = [sys.executable, "-m", "petition_parser", "sqlite", str(database)]
        return [*sqlite, str(archive), "-j", "2"]

    mid_load = []

    def after_each() -> None:
        # A journal left behind: the kill came inside the load's transaction.
        mid_load.append(Path(f"{db}-journal").exists())
        # Nor is a worker process left running (they end with the process they serve).
        assert _left_running(str(db)) == []
        if db.exists():
            checks_clean(db)
        # A run that was not killed in time loaded everything: new files each time keep
        # the next one busy (and the rerun must add them too).
        write_archive(archive, 20, start=len(list(archive.iterdir())))

    journal = Path(f"{db}-journal")
    _kill_runs(command, db, 10, seed=2041, started=journal.exists, after_each=after_each)
    assert sum(mid_load) >= 5, mid_load
    rerun = subprocess.run(command(db), capture_output=True, text=True, check=False)
    assert rerun.returncode == 0, rerun.stderr
    checks_clean(db)
    pp.to_sqlite(archive, clean)
    assert dump(db) == dump(clean)
    assert sum(len(rows) for rows in dump(db).values()) > 0


def test_dataset_grows_by_new_part_files_only(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    write_archive(archive, 5)
    folder = tmp_path / "dataset"
    first = pp.write_table(archive, "constituencies", folder)
    assert (folder / MANIFEST).is_file()
    parts = {p: p.stat().st_mtime_ns for p in folder.rglob("*.parquet")}
    assert pp.write_table(archive, "constituencies", folder) == 0
    write_archive(archive, 2, start=5)
    added = pp.write_table(archive, "constituencies", folder)
    assert added == 2 * first // 5
    after = {p: p.stat().st_mtime_ns for p in folder.rglob("*.parquet")}
    assert {p: after[p] for p in parts} == parts  # never a rewritten part
    assert len(after) > len(parts)
    table = pads.dataset(folder, partitioning="hive").to_table()
    assert table.num_rows == pp.to_arrow(archive, "constituencies").num_rows
    with pytest.raises(pp.PetitionError, match="found one of 'constituencies'"):
        pp.write_table(archive, "countries", folder, format="dataset")
    assert pp.write_table(archive, "constituencies", folder, full=True) == table.num_rows


def test_a_copy_under_another_name_is_new_to_a_dataset_and_to_sqlite_not(
    tmp_path: Path,
) -> None:
    """A dataset keeps each file's rows (``source_path`` included): a copy of a loaded
    report under another name adds its rows, as a clean write has them.  SQLite keeps a
    snapshot once, whichever file it came from: the copy is not even parsed."""
    archive = tmp_path / "archive"
    paths = write_archive(archive, 3)
    folder, db = tmp_path / "dataset", tmp_path / "p.db"
    pp.write_table(archive, "constituencies", folder)
    pp.to_sqlite(archive, db)
    shutil.copy(paths[0], archive / "copy.md")
    os.utime(paths[1], ns=(1, 1))  # touched only: passed over by both
    rows = pp.to_arrow(paths[0], "constituencies").num_rows
    assert pp.write_table(archive, "constituencies", folder) == rows
    clean = tmp_path / "clean"
    pp.write_table(archive, "constituencies", clean)
    assert _dataset_rows(folder) == _dataset_rows(clean)
    assert pp.write_table(archive, "constituencies", folder) == 0
    again = load_sqlite(archive, db, tally=(tally := Tally()))
    assert (tally.snapshots, again.unchanged, again.added["petitions"]) == (0, 4, 0)
    once = tmp_path / "once.db"
    pp.to_sqlite(archive, once)
    assert dump(db) == dump(once)


def test_a_moved_archive_is_not_read_again(tmp_path: Path) -> None:
    """Moved (its folder renamed), every file is at a new path with content loaded
    before from a path now gone: its rows are in already, under the old paths, and
    neither a dataset nor a database reads it again (nor adds its rows twice)."""
    archive = tmp_path / "archive"
    write_archive(archive, 3)
    folder, db = tmp_path / "dataset", tmp_path / "p.db"
    pp.write_table(archive, "constituencies", folder)
    pp.to_sqlite(archive, db)
    rows, tables = _dataset_rows(folder), dump(db)
    moved = archive.rename(tmp_path / "moved")
    assert pp.write_table(moved, "constituencies", folder) == 0
    assert _dataset_rows(folder) == rows
    again = load_sqlite(moved, db, tally=(tally := Tally()))
    assert (tally.snapshots, again.unchanged) == (0, 3)
    assert dump(db) == tables
    # Remembered at their new paths: the next load passes over them unopened.
    files = json.loads((folder / MANIFEST).read_text("utf-8"))["files"]
    assert {str(p) for p in moved.iterdir()} <= {entry[0] for entry in files}


def _dataset_rows(folder: Path) -> list[tuple[Any, ...]]:
    table = pads.dataset(folder, partitioning="hive").to_table()
    columns = [table.column(name).to_pylist() for name in table.column_names]
    return sorted(zip(*columns, strict=True), key=repr)


@pytest.mark.parametrize("moved", [False, True])
def test_a_load_killed_after_its_commit_is_finished_by_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, moved: bool
) -> None:
    """Interrupted after its commit (the manifest names its staging folder), before or
    after moving its parts into place, a load is finished by the next one, which then
    adds nothing.  (The next one failed at once with an AttributeError: it wrote the
    recovered manifest before it had set up its memory of files.)"""
    from petition_parser._tables import dataset  # noqa: PLC0415

    archive = tmp_path / "archive"
    files = write_archive(archive, 10)
    folder = tmp_path / "dataset"
    pp.write_table(files[:5], "constituencies", folder)
    move_parts = dataset._move_parts

    def interrupted(staging: Path, into: Path) -> None:
        if moved:
            move_parts(staging, into)
        raise KeyboardInterrupt  # as a kill at that moment leaves it

    monkeypatch.setattr(dataset, "_move_parts", interrupted)
    with pytest.raises(KeyboardInterrupt):
        pp.write_table(files, "constituencies", folder)
    monkeypatch.undo()
    pending = json.loads((folder / MANIFEST).read_text("utf-8"))["pending"]
    assert pending is not None
    assert (folder / pending).is_dir() is not moved

    written = pp.write_table(files, "constituencies", folder)
    assert written == 0  # every file was loaded by the interrupted run
    assert not list(folder.glob(".staging-*"))
    assert json.loads((folder / MANIFEST).read_text("utf-8"))["pending"] is None
    clean = tmp_path / "clean"
    pp.write_table(files, "constituencies", clean)
    assert _dataset_rows(folder) == _dataset_rows(clean)


def test_dataset_killed_ten_times_then_rerun_equals_a_clean_write(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    write_archive(archive, 100)
    folder = tmp_path / "dataset"
    first = sorted(archive.iterdir())[:5]
    pp.write_table(first, "constituencies", folder)
    pp.write_table(first, "constituencies", tmp_path / "dataset-scratch")

    def command(dataset: Path) -> list[str]:
        table = [sys.executable, "-m", "petition_parser", "table", "constituencies"]
        return [*table, str(archive), "-o", str(dataset)]

    mid_write = []

    def after_each() -> None:
        # Staged parts left behind: the kill came inside the write.
        mid_write.append(bool(list(folder.glob(".staging-*"))))
        # Whatever moment the kill came at, every part there reads.
        assert _dataset_rows(folder)
        write_archive(archive, 20, start=len(list(archive.iterdir())))

    def staging() -> bool:
        return bool(list(folder.glob(".staging-*")))

    _kill_runs(command, folder, 10, seed=2042, started=staging, after_each=after_each)
    assert sum(mid_write) >= 5, mid_write
    rerun = subprocess.run(command(folder), capture_output=True, text=True, check=False)
    assert rerun.returncode == 0, rerun.stderr
    assert not list(folder.glob(".staging-*"))
    clean = tmp_path / "clean"
    pp.write_table(archive, "constituencies", clean)
    assert _dataset_rows(folder) == _dataset_rows(clean)


def test_one_load_writes_a_dataset_at_a_time(tmp_path: Path) -> None:
    """A load started while another writes the dataset stops at once, naming the folder,
    and leaves the dataset as it was (two loads that both read the same manifest
    each added the new files' rows: twice the rows)."""
    archive = tmp_path / "archive"
    paths = write_archive(archive, 3)
    folder = tmp_path / "dataset"
    pp.write_table(paths[:1], "constituencies", folder)
    before = _dataset_rows(folder)
    with writing(folder):  # as another load holds it
        with pytest.raises(pp.PetitionError, match="another load is writing this dataset"):
            pp.write_table(archive, "constituencies", folder)
        command = [sys.executable, "-m", "petition_parser", "table", "constituencies"]
        done = subprocess.run(
            [*command, str(archive), "-o", str(folder)],
            capture_output=True,
            text=True,
            check=False,
        )
    assert done.returncode == 1
    assert f"{folder}: another load is writing this dataset" in done.stderr
    assert "Traceback" not in done.stderr
    assert _dataset_rows(folder) == before
    assert not list(folder.glob(".staging-*"))
    # Released, the next load is the one to add the new files.
    assert pp.write_table(archive, "constituencies", folder) == 2 * len(before)


def test_two_loads_started_together_add_the_rows_once(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    write_archive(archive, 150)
    folder = tmp_path / "dataset"
    pp.write_table(sorted(archive.iterdir())[:1], "constituencies", folder)
    command = [sys.executable, "-m", "petition_parser", "table", "constituencies"]
    command += [str(archive), "-o", str(folder)]
    first = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    while not list(folder.glob(".staging-*")) and first.poll() is None:
        time.sleep(0.001)  # the first is writing
    second = subprocess.run(command, capture_output=True, text=True, check=False)
    _, first_stderr = first.communicate()
    assert first.returncode == 0, first_stderr
    assert second.returncode in (0, 1), second.stderr
    if second.returncode == 1:
        assert "another load is writing this dataset" in second.stderr
    clean = tmp_path / "clean"
    pp.write_table(archive, "constituencies", clean)
    assert _dataset_rows(folder) == _dataset_rows(clean)


def _load_with(loader: Loader, paths: list[Path], *, then_fail: bool = False) -> None:
    """What ``load_sqlite`` does with its Loader, for a Loader made beforehand (failing
    after the last file, as at a bad file, with ``then_fail``)."""
    with loader:
        for path in paths:
            loader.add(str(path), snapshot_tables(str(path), Snapshot.of(pp.parse_file(path))))
        if then_fail:
            raise RuntimeError("a bad file, say")


def test_a_load_waiting_for_one_that_fails_loads_into_the_file_at_the_path(
    tmp_path: Path,
) -> None:
    """Two first loads at once: the one that made the database fails, and removes the
    file (nothing in it was anyone's); the other, which had opened it and was waiting
    for it, must not load into the removed file (exit 0, and no database): it starts
    again on a new one at the path."""
    paths = write_archive(tmp_path / "archive", 3)
    db = tmp_path / "p.db"
    first = Loader(db)
    assert first.created
    waiting = Loader(db)  # opened the file the first made
    with pytest.raises(RuntimeError, match="a bad file"):
        _load_with(first, [], then_fail=True)
    assert not db.exists()
    _load_with(waiting, paths)
    assert db.is_file()
    assert row_counts(db)["petitions"] == 3
    checks_clean(db)
    assert list(tmp_path.glob("p.db?*")) == []  # no journal left


def test_a_load_that_saw_no_database_never_removes_one_another_load_filled(
    tmp_path: Path,
) -> None:
    """A load that saw no file, but got the database after another load had filled
    it, is not the database's maker: failing, it leaves the other's rows."""
    paths = write_archive(tmp_path / "archive", 3)
    db = tmp_path / "p.db"
    late = Loader(db)  # saw no file: made it, empty, and waits
    assert late.created
    _load_with(Loader(db), paths[:2])  # another load fills it first
    before = dump(db)
    with pytest.raises(RuntimeError, match="a bad file"):
        _load_with(late, paths[2:], then_fail=True)  # its own row added, then a bad file
    assert db.is_file()
    assert dump(db) == before
    checks_clean(db)


def test_a_load_meeting_another_stops_and_leaves_its_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A load that finds the database held by another process waits ``BUSY_SECONDS``
    (before parsing anything), then stops, naming the database; it never removes the
    file, even one it saw missing: the other process made it and is writing it."""
    monkeypatch.setattr(sqlite_module, "BUSY_SECONDS", 0.2)
    archive = tmp_path / "archive"
    write_archive(archive, 2)
    db = tmp_path / "p.db"
    loader = Loader(db)  # sees no file: "created"
    assert loader.created
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another load, writing
    other.execute("CREATE TABLE theirs (x)")
    with pytest.raises(pp.PetitionError, match=r"another process held it for 0\.2 s"), loader:
        pass
    other.execute("COMMIT")
    other.close()
    assert db.is_file()
    with sqlite3.connect(db) as connected:
        names = {row[0] for row in connected.execute("SELECT name FROM sqlite_master")}
    assert "theirs" in names
    # A database held while a load runs from the command line: exit 1, named, no rows.
    pp.to_sqlite(sorted(archive.iterdir())[:1], db)
    before = dump(db)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        done = subprocess.run(
            [sys.executable, "-m", "petition_parser", "sqlite", str(db), str(archive)],
            capture_output=True,
            text=True,
            check=False,
        )
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert done.returncode == 1
    assert f"{db}: cannot load into the database: another process held it" in done.stderr
    assert "Traceback" not in done.stderr
    assert "parsed" not in done.stderr  # stopped before reading the files
    assert dump(db) == before
    checks_clean(db)


def test_a_file_system_without_locks_is_written_unlocked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where the file system takes no locks (``flock`` fails with ENOLCK: some network
    and FUSE mounts), a dataset is written without one, not refused as busy."""
    import errno  # noqa: PLC0415
    import fcntl  # noqa: PLC0415

    archive = tmp_path / "archive"
    paths = write_archive(archive, 2)
    folder = tmp_path / "dataset"
    pp.write_table(paths[:1], "constituencies", folder)

    def no_locks(handle: object, operation: int) -> None:
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(fcntl, "flock", no_locks)
    assert pp.write_table(archive, "constituencies", folder) == len(_dataset_rows(folder)) // 2
