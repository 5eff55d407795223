"""The command line on a whole archive: memory, -j, and overhead over the library.

    python benchmarks/cli.py [--files 2000] [--json results.json]

Makes a folder of synthetic reports (as ``benchmarks/tables.py`` does), then runs the
installed ``petition-parser`` on it, each run a fresh process, best of ``REPEAT``
(``tables.REPEAT``, for the same reason):

* ``parse`` (NDJSON) and ``table constituencies`` (CSV) with ``-j 1`` and ``-j 2``,
  the two taken in turns;
* the peak RSS of ``parse`` and ``table`` over all the files and over a tenth of them;
* the library's own ``to_json(parse_file(path))`` for every file, in one process.

Targets (issue 10): peak RSS over all the files at most 1.2x that over a tenth;
``-j 2`` at least 1.7x the throughput of ``-j 1``; ``parse -j 1`` within 1.3x of the
library's parse + to_json.  Exits 1 if one is missed.  Before and after the timings it
prints the machine's two-process capacity (``tables.two_process_capacity``), the
ceiling of the ``-j 2`` ratios in that run.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path
from typing import Any

import petition_parser as pp

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from tables import (  # noqa: E402
    REPEAT,
    in_turns,
    make_archive,
    print_capacity,
    report,
    two_process_capacity,
)

EXE = shutil.which("petition-parser") or "petition-parser"

# Runs the command and prints the peak RSS (KiB) of the largest process it waited for:
# this small runner forks it, so nothing large is inherited.
_PEAK = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def run(args: list[str]) -> None:
    subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)


def peak_kib(args: list[str]) -> int:
    command = [sys.executable, "-c", _PEAK, *args]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return int(done.stdout.strip())


def library_seconds(paths: list[Path], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        for path in paths:
            pp.to_json(pp.parse_file(path))
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    figures: dict[str, Any] = {"capacity_before": two_process_capacity()}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "all").mkdir()
        paths = make_archive(root / "all", args.files)
        (root / "tenth").mkdir()
        for path in paths[: len(paths) // 10]:
            shutil.copy(path, root / "tenth" / path.name)
        commands = {
            "parse": ["parse", "-q"],
            "table": ["table", "constituencies", "-q"],
        }
        for name, command in commands.items():
            # -j 1 and -j 2 in turns, so that both meet the same spells of this machine.
            figures.update(
                in_turns(
                    {
                        f"{name} -j {jobs} s": partial(
                            run, [EXE, *command, "-j", str(jobs), str(root / "all")]
                        )
                        for jobs in (1, 2)
                    },
                    REPEAT,
                )
            )
            for size in ("tenth", "all"):
                figures[f"{name} peak KiB, {size}"] = peak_kib(
                    [EXE, *command, "-j", "1", str(root / size)]
                )
        figures["library parse + to_json s"] = library_seconds(paths)
    figures["capacity_after"] = two_process_capacity()
    print(
        f"{args.files:,} reports; seconds (best of {REPEAT}, -j 1 and -j 2 in turns, "
        "a fresh process each) and peak RSS\n"
    )
    print("| command | -j 1 s | -j 2 s | -j 2 speed-up | peak RSS, a tenth | peak RSS, all |")
    print("| - | -: | -: | -: | -: | -: |")
    for name in commands:
        one, two = figures[f"{name} -j 1 s"], figures[f"{name} -j 2 s"]
        tenth, everything = figures[f"{name} peak KiB, tenth"], figures[f"{name} peak KiB, all"]
        print(
            f"| {name} | {one:.2f} | {two:.2f} | {one / two:.2f}x | {tenth / 1024:.1f} MiB "
            f"| {everything / 1024:.1f} MiB |"
        )
    library = figures["library parse + to_json s"]
    print(f"\nlibrary parse + to_json, one process: {library:.2f} s\n")
    print_capacity("before the timings", figures["capacity_before"])
    print_capacity("after them", figures["capacity_after"])
    targets = []
    for name in commands:
        one, two = figures[f"{name} -j 1 s"], figures[f"{name} -j 2 s"]
        ratio = figures[f"{name} peak KiB, all"] / figures[f"{name} peak KiB, tenth"]
        targets += [
            (f"{name}: peak RSS all <= 1.2 x a tenth", ratio, ratio <= 1.2),
            (f"{name}: -j 2 >= 1.7 x the throughput of -j 1", one / two, one / two >= 1.7),
        ]
    overhead = figures["parse -j 1 s"] / library
    targets.append(("parse -j 1 <= 1.3 x library parse + to_json", overhead, overhead <= 1.3))
    return report(targets, figures, args.json)


if __name__ == "__main__":
    sys.exit(main())
