"""Archives to tables: a folder of reports to one table, against pandas reading CSV files.

    python benchmarks/tables.py [--files 2000] [--json results.json]

Makes a folder of synthetic reports (distinct ids and refresh times, 650
constituencies each) and the same constituency rows as one CSV file per report.
Then, in one run, best of three:

* ``to_arrow(folder, "constituencies")`` with ``workers=1`` and ``workers=2``;
* ``pandas.read_csv`` (C engine) of every CSV file, then ``pandas.concat``;
* the peak memory (peak RSS, VmHWM, of a fresh process each) of streaming 200 and 2,000 reports
  to one Parquet file and to one CSV file.

Targets (issue 9): workers=1 at most 1.5x pandas, workers=2 at most 1.0x pandas,
workers=2 at least 1.7x the throughput of workers=1, and the peak memory of 2,000
files at most 1.2x that of 200.  Exits 1 if one is missed.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import attrs
import pandas as pd

import petition_parser as pp

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from synthetic import make_petition  # noqa: E402


def make_archive(folder: Path, n: int) -> list[Path]:
    """``n`` reports: one synthetic petition, copied with distinct ids and refresh times."""
    base = make_petition(650, seed=7)
    start = datetime(2031, 1, 1, 9, 0, 0)
    paths = []
    for i in range(n):
        petition_id = 800000 + i
        petition = attrs.evolve(
            base,
            petition_id=petition_id,
            url=f"https://petition.parliament.uk/petitions/{petition_id}",
            refreshed_at=start + timedelta(hours=i),
        )
        path = folder / f"{petition_id}.md"
        path.write_text(pp.render(petition), encoding="utf-8", newline="")
        paths.append(path)
    return paths


def make_csvs(paths: list[Path], folder: Path) -> list[Path]:
    out = []
    for path in paths:
        csv_path = folder / f"{path.stem}.csv"
        pp.write_table(path, "constituencies", csv_path)
        out.append(csv_path)
    return out


def best(call: Callable[[], object], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return min(times)


# VmHWM, not ru_maxrss: the latter is inherited from the parent across exec.
_PEAK = """
import sys, petition_parser as pp
pp.write_table(sys.argv[1:-1], "constituencies", sys.argv[-1])
status = open("/proc/self/status").read()
print(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")))
"""


def peak_rss_kib(paths: list[Path], out: Path) -> int:
    """Peak RSS of a fresh process that streams ``paths`` to ``out``."""
    # The paths go in a file-list argument; thousands of paths fit in argv on Linux.
    done = subprocess.run(
        [sys.executable, "-c", _PEAK, *map(str, paths), str(out)],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(done.stdout.strip())


Target = tuple[str, float, bool]


def report(targets: list[Target], figures: dict[str, Any], path: Path | None) -> int:
    """Print the targets (PASS/FAIL, measured value), keep the figures; the exit status."""
    print("\nTargets:")
    for name, value, ok in targets:
        print(f"  {'PASS' if ok else 'FAIL'}  {name}: {value:.2f}")
    if path is not None:
        path.write_text(json.dumps(figures, indent=2))
    return 0 if all(ok for _, _, ok in targets) else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "md").mkdir()
        (root / "csv").mkdir()
        paths = make_archive(root / "md", args.files)
        csvs = make_csvs(paths, root / "csv")
        rows = pp.to_arrow(paths[:1], "constituencies").num_rows * len(paths)

        def pandas_csv() -> object:
            return pd.concat([pd.read_csv(p, engine="c") for p in csvs], ignore_index=True)

        one = best(lambda: pp.to_arrow(root / "md", "constituencies"))
        two = best(lambda: pp.to_arrow(root / "md", "constituencies", workers=2))
        csv_time = best(pandas_csv)
        memory = {}
        for fmt in ("parquet", "csv"):
            small = peak_rss_kib(paths[: len(paths) // 10], root / f"small.{fmt}")
            large = peak_rss_kib(paths, root / f"large.{fmt}")
            memory[fmt] = (small, large)
    figures = {
        "files": len(paths),
        "rows": rows,
        "to_arrow_workers_1_s": one,
        "to_arrow_workers_2_s": two,
        "pandas_read_csv_s": csv_time,
        "peak_rss_kib": memory,
    }
    print(f"{len(paths):,} reports, {rows:,} constituency rows; seconds, best of 3\n")
    print("| step | s | rows/s | / pandas |")
    print("| - | -: | -: | -: |")
    for name, seconds in (
        ("to_arrow, workers=1", one),
        ("to_arrow, workers=2", two),
        ("pandas.read_csv x files + concat", csv_time),
    ):
        print(f"| {name} | {seconds:.3f} | {rows / seconds:,.0f} | {seconds / csv_time:.2f} |")
    print("\n| streaming to | peak RSS, 1/10 of the files | peak RSS, all | ratio |")
    print("| - | -: | -: | -: |")
    for fmt, (small, large) in memory.items():
        print(f"| {fmt} | {small / 1024:.1f} MiB | {large / 1024:.1f} MiB | {large / small:.2f} |")
    targets = [
        ("workers=1 <= 1.5 x pandas", one / csv_time, one <= 1.5 * csv_time),
        ("workers=2 <= 1.0 x pandas", two / csv_time, two <= csv_time),
        ("workers=2 throughput >= 1.7 x workers=1", one / two, one / two >= 1.7),
        *(
            (f"peak memory {fmt}: all <= 1.2 x a tenth", large / small, large <= 1.2 * small)
            for fmt, (small, large) in memory.items()
        ),
    ]
    return report(targets, figures, args.json)


if __name__ == "__main__":
    sys.exit(main())
