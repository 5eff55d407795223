"""Archives to tables: a folder of reports to one table, against pandas reading CSV files.

    python benchmarks/tables.py [--files 2000] [--json results.json]

Three archives of ``--files`` reports each, and the same constituency rows as one CSV
file per report:

* synthetic: one invented report (650 constituencies, ASCII text), copied with
  distinct ids and refresh times (the benchmark of issue 9);
* real-shaped: invented reports shaped like the real ones over 30 KB
  (``synthetic.make_real_shaped``: free text of real length with non-ASCII
  characters, 20-120 countries, real-length names, vacant seats, Unknown rows);
* corpus: copies of the real reports over 30 KB in ``../shared/corpus`` (when it is
  there).

For each, in one run, best of ``REPEAT``, the four taken in turns (``in_turns``):
``to_arrow(folder, "constituencies")`` with ``workers=1`` and ``workers=2``;
``pandas.read_csv`` (C engine) of every CSV file, then ``pandas.concat``; and
``polars.scan_csv`` over the CSV files (2 threads), for reference.  Then the peak
memory (peak RSS, VmHWM, of a fresh process each) of streaming a tenth and all of the
synthetic reports to one Parquet file and to one CSV file.

Targets: on the real-shaped archive (issue 20), workers=1 at most 0.8x pandas and
workers=2 at most 0.5x; on the synthetic one (issue 9), workers=1 at most 1.5x,
workers=2 at most 1.0x and at least 1.7x the throughput of workers=1; the peak memory
of all files at most 1.2x that of a tenth.  Exits 1 if one is missed.  Before and after
the timings it prints the machine's two-process capacity (``two_process_capacity``),
the ceiling of the two-worker ratio in that run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import attrs
import pandas as pd

os.environ.setdefault("POLARS_MAX_THREADS", "2")  # before polars starts its pool
import polars as pl

import petition_parser as pp

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from synthetic import make_petition, write_real_shaped  # noqa: E402

CORPUS = HERE.parent.parent / "shared" / "corpus" / "reports"
#: Runs of each contender (the best is kept).  This shared two-core machine has spells,
#: seconds long, in which a neighbour takes much of one core: a run's time moves by up to
#: half, and the two-worker ratio read 1.46 to 1.99 in best-of-five runs of the same
#: code within the hour.  Nine runs in turns give both sides more chances of a quiet one.
REPEAT = 9


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


def copy_corpus(folder: Path, n: int) -> list[Path]:
    """``n`` copies of the real reports over 30 KB, in turn."""
    big = [p for p in sorted(CORPUS.glob("*.md")) if p.stat().st_size > 30_000]
    paths = []
    for i in range(n):
        path = folder / f"{i:05d}-{big[i % len(big)].name}"
        shutil.copyfile(big[i % len(big)], path)
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


def in_turns(calls: dict[str, Callable[[], object]], repeat: int = 3) -> dict[str, float]:
    """Each call's best time, the calls taken in turns (a, b, c, a, b, c, ...).

    Run one after the other (all of a's runs, then all of b's), two calls compared by a
    ratio can fall in different spells of this shared machine, and a spell in which
    a neighbour takes one of the two cores for a few seconds costs two workers half
    their speed and one worker nothing.  In turns, each call meets each spell.
    """
    times: dict[str, list[float]] = {name: [] for name in calls}
    for _ in range(repeat):
        for name, call in calls.items():
            start = time.perf_counter()
            call()
            times[name].append(time.perf_counter() - start)
    return {name: min(seconds) for name, seconds in times.items()}


def _spin(n: int) -> float:
    """Seconds of a loop that shares nothing with any other process: no memory
    traffic, no I/O."""
    start = time.perf_counter()
    total = 0
    for i in range(n):
        total += i % 7
    return time.perf_counter() - start


def two_process_capacity(tries: int = 3, n: int = 2_000_000) -> list[float]:
    """How many times one process's throughput two processes reach on this machine
    now, ``tries`` times: the same loop in one of two started processes, then in both.

    Not a target: the ceiling of every two-worker ratio measured beside it.  On a
    shared VM it moves from minute to minute (1.2 to 2.1 within the hour), and a ratio
    that misses its target beside a low capacity says so about the machine, not the
    code.
    """
    capacities = []
    with ProcessPoolExecutor(2) as pool:
        list(pool.map(_spin, [1000, 1000]))  # both processes started
        for _ in range(tries):
            one = pool.submit(_spin, n).result()
            both = list(pool.map(_spin, [n, n]))
            capacities.append(2 * one / max(both))
    return capacities


def print_capacity(when: str, capacities: list[float]) -> None:
    shown = ", ".join(f"{c:.2f}" for c in capacities)
    print(f"This machine's two-process capacity {when} (a loop, 2 processes / 1): {shown}")


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


def measure(folder: Path, paths: list[Path]) -> dict[str, float]:
    """Seconds (best of REPEAT, in turns) of each contender on one archive, its CSVs beside it."""
    csv_folder = folder.parent / f"{folder.name}-csv"
    csv_folder.mkdir()
    csvs = make_csvs(paths, csv_folder)

    def pandas_csv() -> object:
        return pd.concat([pd.read_csv(p, engine="c") for p in csvs], ignore_index=True)

    def polars_csv() -> object:
        return pl.scan_csv(str(csv_folder / "*.csv")).collect()

    rows = pp.to_arrow(folder, "constituencies").num_rows
    timed = in_turns(
        {
            "to_arrow_workers_1_s": lambda: pp.to_arrow(folder, "constituencies"),
            "to_arrow_workers_2_s": lambda: pp.to_arrow(folder, "constituencies", workers=2),
            "pandas_read_csv_s": pandas_csv,
            "polars_scan_csv_s": polars_csv,
        },
        REPEAT,
    )
    return {"rows": rows, **timed}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    figures: dict[str, Any] = {"files": args.files, "capacity_before": two_process_capacity()}
    makers = {
        "synthetic": make_archive,
        "real-shaped": write_real_shaped,
        **({"corpus": copy_corpus} if CORPUS.is_dir() else {}),
    }
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for shape, make in makers.items():
            folder = root / shape
            folder.mkdir()
            paths = make(folder, args.files)
            figures[shape] = measure(folder, paths)
            if shape == "synthetic":
                memory = {}
                for fmt in ("parquet", "csv"):
                    small = peak_rss_kib(paths[: len(paths) // 10], root / f"small.{fmt}")
                    large = peak_rss_kib(paths, root / f"large.{fmt}")
                    memory[fmt] = (small, large)
                figures["peak_rss_kib"] = memory
    figures["capacity_after"] = two_process_capacity()
    print(f"{args.files:,} reports per archive; seconds, best of {REPEAT}, in turns\n")
    print("| archive | step | s | rows/s | / pandas |")
    print("| - | - | -: | -: | -: |")
    for shape in makers:
        f = figures[shape]
        for name, key in (
            ("`to_arrow`, workers=1", "to_arrow_workers_1_s"),
            ("`to_arrow`, workers=2", "to_arrow_workers_2_s"),
            ("`pandas.read_csv` x files + `concat`", "pandas_read_csv_s"),
            ("`polars.scan_csv` over the files (2 threads)", "polars_scan_csv_s"),
        ):
            seconds = f[key]
            print(
                f"| {shape} | {name} | {seconds:.3f} | {f['rows'] / seconds:,.0f} "
                f"| {seconds / f['pandas_read_csv_s']:.2f} |"
            )
    print("\n| streaming to | peak RSS, 1/10 of the files | peak RSS, all | ratio |")
    print("| - | -: | -: | -: |")
    for fmt, (small, large) in figures["peak_rss_kib"].items():
        print(f"| {fmt} | {small / 1024:.1f} MiB | {large / 1024:.1f} MiB | {large / small:.2f} |")
    print()
    print_capacity("before the timings", figures["capacity_before"])
    print_capacity("after them", figures["capacity_after"])
    real, synthetic = figures["real-shaped"], figures["synthetic"]

    def ratio(f: dict[str, float], key: str) -> float:
        return f[key] / f["pandas_read_csv_s"]

    one, two = synthetic["to_arrow_workers_1_s"], synthetic["to_arrow_workers_2_s"]
    targets = [
        (
            "real-shaped: workers=1 <= 0.8 x pandas",
            r := ratio(real, "to_arrow_workers_1_s"),
            r <= 0.8,
        ),
        (
            "real-shaped: workers=2 <= 0.5 x pandas",
            r := ratio(real, "to_arrow_workers_2_s"),
            r <= 0.5,
        ),
        (
            "synthetic: workers=1 <= 1.5 x pandas",
            r := ratio(synthetic, "to_arrow_workers_1_s"),
            r <= 1.5,
        ),
        (
            "synthetic: workers=2 <= 1.0 x pandas",
            r := ratio(synthetic, "to_arrow_workers_2_s"),
            r <= 1.0,
        ),
        ("synthetic: workers=2 throughput >= 1.7 x workers=1", one / two, one / two >= 1.7),
        *(
            (f"peak memory {fmt}: all <= 1.2 x a tenth", large / small, large <= 1.2 * small)
            for fmt, (small, large) in figures["peak_rss_kib"].items()
        ),
    ]
    return report(targets, figures, args.json)


if __name__ == "__main__":
    sys.exit(main())
