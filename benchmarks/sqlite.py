"""SQLite loads: the first, an unchanged rerun, a rerun after new files, and git.

    python benchmarks/sqlite.py [--files 2000] [--json results.json]

Makes ``--files`` real-shaped reports (``synthetic.make_real_shaped``), then, in one
run, best of three (the loads each into a fresh database):

* ``write_table`` of the four report tables to four Parquet files (the reference);
* ``to_sqlite`` of the folder into a new database;
* ``to_sqlite`` again on the unchanged folder (the database remembers the files);
* ``to_sqlite`` again after 20 new reports are added;
* the same folder committed to a git repository, loaded twice with
  ``petition-parser sqlite DB --git REPO``: the versions each run reads.

Targets (issue 20): the first load at most 1.5x the Parquet writes; the unchanged
rerun at most 5% of the first load; the rerun after 20 new files at most 10%; the
second git load reads 0 versions.  Exits 1 if one is missed.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import petition_parser as pp

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from synthetic import write_real_shaped  # noqa: E402
from tables import best, report  # noqa: E402

sys.path.insert(0, str(HERE.parent))
from tests.histories import make_history  # noqa: E402

TABLES = ("petitions", "countries", "constituencies", "history")


def git_versions_read(database: Path, repo: Path) -> int:
    """``petition-parser sqlite DATABASE --git REPO``: the versions its summary says it read."""
    done = subprocess.run(
        [sys.executable, "-m", "petition_parser", "sqlite", str(database), "--git", str(repo)],
        capture_output=True,
        text=True,
        check=True,
    )
    m = re.search(r"^([\d,]+) versions?,", done.stderr, re.M)
    if m is None:
        raise SystemExit(f"no summary line in: {done.stderr!r}")
    return int(m[1].replace(",", ""))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    figures: dict[str, Any] = {"files": args.files}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        archive = root / "archive"
        archive.mkdir()
        write_real_shaped(archive, args.files)
        extra = root / "extra"
        extra.mkdir()
        new_files = write_real_shaped(extra, 20, first=args.files)

        def parquet() -> None:
            for table in TABLES:
                pp.write_table(archive, table, root / f"{table}.parquet")

        def fresh_load() -> None:
            database = root / "fresh.db"
            database.unlink(missing_ok=True)
            pp.to_sqlite(archive, database)

        figures["parquet_s"] = best(parquet)
        figures["sqlite_first_s"] = best(fresh_load)
        database = root / "p.db"
        pp.to_sqlite(archive, database)
        figures["sqlite_unchanged_s"] = best(lambda: pp.to_sqlite(archive, database))
        for path in new_files:
            shutil.copy(path, archive / path.name)
        start = time.perf_counter()
        added = pp.to_sqlite(archive, database)
        figures["sqlite_20_new_s"] = time.perf_counter() - start
        assert added["petitions"] == 20, added
        repo = root / "repo"
        commit = [(f"reports/{p.name}", p.read_bytes()) for p in sorted(archive.iterdir())]
        make_history(repo, [commit])
        git_db = root / "git.db"
        figures["git_versions_first"] = git_versions_read(git_db, repo)
        figures["git_versions_second"] = git_versions_read(git_db, repo)
    first = figures["sqlite_first_s"]
    print(f"{args.files:,} real-shaped reports; seconds, best of 3\n")
    print("| step | s | / Parquet | / first load |")
    print("| - | -: | -: | -: |")
    for name, key in (
        ("`write_table` of the four tables to Parquet", "parquet_s"),
        ("`to_sqlite`, a new database", "sqlite_first_s"),
        ("`to_sqlite` again, nothing changed", "sqlite_unchanged_s"),
        ("`to_sqlite` again, 20 new files", "sqlite_20_new_s"),
    ):
        seconds = figures[key]
        print(
            f"| {name} | {seconds:.3f} | {seconds / figures['parquet_s']:.2f} "
            f"| {seconds / first:.3f} |"
        )
    print(
        f"\n`sqlite --git`: {figures['git_versions_first']:,} versions read by the first "
        f"load, {figures['git_versions_second']:,} by the second"
    )
    targets = [
        ("first load <= 1.5 x Parquet", r := first / figures["parquet_s"], r <= 1.5),
        (
            "unchanged rerun <= 5% of the first",
            r := figures["sqlite_unchanged_s"] / first,
            r <= 0.05,
        ),
        (
            "rerun after 20 new files <= 10% of the first",
            r := figures["sqlite_20_new_s"] / first,
            r <= 0.10,
        ),
        ("second git load reads 0 versions", v := figures["git_versions_second"], v == 0),
    ]
    return report(targets, figures, args.json)


if __name__ == "__main__":
    sys.exit(main())
