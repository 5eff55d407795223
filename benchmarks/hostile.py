"""Hostile input: time and peak memory of the readers on pathological documents.

    python benchmarks/hostile.py [--json results.json]

Each input is built at 1 MB and 10 MB (of text).  For each: the seconds the reader
takes to parse or reject it (best of five, each from a cold cache, the two sizes in
turns), and the peak of memory traced (tracemalloc, in a separate run) while it does,
as a multiple of the input's size.

The targets (issue 7): at 10 MB every input is done in at most 1 s with peak memory at
most 20x its size, and the 10 MB input takes at most 11 times as long as the 1 MB one.
Every timing starts with the CPU's caches flushed (a buffer of twice the largest
cache, at least 256 MiB, written first), and glibc's malloc is told to keep freed
memory (as the library's worker processes do): otherwise a 1 MB input sits in the
cache and its copies reuse warm memory, while a 10 MB one is read from memory and its
copies fault in fresh pages, and the ratio measures the hardware rather than the
algorithm.  The ratio is judged where the 10 MB time is at least 10 ms (below that it
is fixed costs and the timer's noise, and the input is far inside the 1 s target).
Exits 1 if one is missed.
"""

from __future__ import annotations

import argparse
import ctypes
import gc
import json
import platform
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import petition_parser as pp

ROOT = Path(__file__).resolve().parent.parent
SMALL = (ROOT / "examples" / "small.md").read_text(encoding="utf-8")
MB = 1_000_000


def _repeat(unit: str, size: int) -> str:
    return unit * (size // len(unit))


def _on_line(prefix_line: str, filler: str) -> Callable[[int], str]:
    """The bundled example with the line that starts with ``prefix_line`` made huge."""
    head, _, rest = SMALL.partition("\n" + prefix_line)
    tail = rest.partition("\n")[2]

    def build(size: int) -> str:
        return f"{head}\n{prefix_line}{_repeat(filler, size)}\n{tail}"

    return build


def _after_title(unit: str) -> Callable[[int], str]:
    return lambda size: "# A title\n\n" + _repeat(unit, size)


def _index_line(filler: str) -> Callable[[int], str]:
    return lambda size: f"# Top 1 Petitions\n\nData taken from {_repeat(filler, size)}\n"


#: name -> (reader, builder of an input of about ``size`` characters)
INPUTS: dict[str, tuple[Callable[[str], object], Callable[[int], str]]] = {
    "repeated Background headings": (pp.parse, _after_title("### Background\n\n")),
    "repeated Government Response headings": (
        pp.parse,
        lambda size: (
            SMALL.partition("### History")[0] + _repeat("### Government Response\n\n", size)
        ),
    ),
    "'[' on the data line": (pp.parse, _on_line("Data taken from ", "[")),
    "'[](' on the data line": (pp.parse, _on_line("Data taken from ", "[](")),
    "'** ' on the count line": (pp.parse, _on_line("**", "** ")),
    "blank lines": (pp.parse, lambda size: "\n" * size),
    "blank lines after the title": (pp.parse, _after_title("\n")),
    "one long paragraph": (pp.parse, lambda size: "x" * size),
    # A paragraph that does not start with a letter: mistune's loop tried its rules at
    # each of its characters (0.6 s at 10 MB, before the tokenizer ran its own loop).
    "one long paragraph of '['": (pp.parse, lambda size: "[" * size),
    "index: one long paragraph of '['": (pp.parse_index, _after_title("[")),
    "whitespace lines between words": (pp.parse, _after_title("a\n \n")),
    "table rows of separators": (pp.parse, _on_line("| 1 | ", " | ")),
    "a huge table of bad rows": (pp.parse, _on_line("| 1 | ", "x |\n| ")),
    "index: '[' on the data line": (pp.parse_index, _index_line("[")),
    "index: '[](' on the data line": (pp.parse_index, _index_line("[](")),
    "JSON: '[' nested": (pp.from_json, lambda size: "[" * size),
    "API JSON: '[' nested": (pp.load_api, lambda size: "[" * size),
    "JSON: a huge number": (pp.from_json, lambda size: "9" * size),
}


#: Timings of each size, taken in turns (1 MB, 10 MB, 1 MB, ...); the best is kept.
#: Five in turns, not three of one size and then three of the other: this shared
#: machine has spells in which a neighbour takes much of its memory bandwidth, and a
#: spell that fell on the 10 MB runs alone moved a ratio from 12 to 14.5.
REPEAT = 5


def measure(read: Callable[[str], object], small: str, big: str) -> tuple[float, float, float, str]:
    """Seconds for ``small`` and ``big`` (best of ``REPEAT``, in turns, untraced), peak
    traced memory / size for ``big``, and ``big``'s outcome."""
    times: dict[str, list[float]] = {"small": [], "big": []}
    outcome = ""
    for _ in range(REPEAT):
        for which, text in (("small", small), ("big", big)):
            gc.collect()
            _flush_caches()
            start = time.perf_counter()
            outcome = _outcome(read, text)
            times[which].append(time.perf_counter() - start)
    gc.collect()
    tracemalloc.start()
    _outcome(read, big)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return min(times["small"]), min(times["big"]), peak / len(big.encode("utf-8")), outcome


def _largest_cache() -> int:
    """The size of the CPU's largest cache in bytes, from Linux's sysfs (0 elsewhere)."""
    largest = 0
    for size in Path("/sys/devices/system/cpu/cpu0/cache").glob("index*/size"):
        text = size.read_text().strip()
        scale = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}.get(text[-1:], 1)
        largest = max(largest, int(text.rstrip("KMG")) * scale)
    return largest


#: Twice the largest cache, at least 256 MiB: a shared L3 of 480 MiB (a cloud machine)
#: held a 256 MiB buffer's lines and a 10 MB input's alike.
_FLUSH = bytearray(max(256 << 20, 2 * _largest_cache()))
_LINES = bytes(len(range(0, len(_FLUSH), 64)))


def _flush_caches() -> None:
    """Write every cache line of a buffer larger than any CPU cache, so that the input
    is then read from memory."""
    _FLUSH[::64] = _LINES


def _outcome(read: Callable[[str], object], text: str) -> str:
    try:
        read(text)
    except pp.PetitionError as exc:
        return f"rejected, line {getattr(exc, 'line', None)}"
    return "parsed"


def _keep_freed_memory() -> None:
    if platform.libc_ver()[0] == "glibc":
        libc = ctypes.CDLL(None)
        libc.mallopt(-1, 1 << 30)  # M_TRIM_THRESHOLD
        libc.mallopt(-3, 1 << 30)  # M_MMAP_THRESHOLD: big buffers from the reused heap


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    args = parser.parse_args()
    _keep_freed_memory()
    rows = []
    failed = []
    print("| input | 1 MB: s | 10 MB: s | 10 MB / 1 MB | 10 MB: peak / size | outcome |")
    print("| - | -: | -: | -: | -: | - |")
    for name, (read, build) in INPUTS.items():
        small_s, big_s, big_mem, outcome = measure(read, build(MB), build(10 * MB))
        ratio = big_s / small_s if small_s > 0 else 0.0
        rows.append(
            {"input": name, "s_1mb": small_s, "s_10mb": big_s, "ratio": ratio, "peak": big_mem}
        )
        misses = [
            what
            for what, miss in (
                ("time", big_s > 1.0),
                ("memory", big_mem > 20),
                # Below 10 ms at 10 MB, fixed costs and the timer's noise are the ratio.
                ("ratio", ratio > 11 and big_s >= 0.01),
            )
            if miss
        ]
        failed += [f"{name}: {what}" for what in misses]
        print(
            f"| {name} | {small_s:.4f} | {big_s:.4f} | {ratio:.1f} | {big_mem:.1f}x "
            f"| {outcome}{' MISSED ' + ','.join(misses) if misses else ''} |"
        )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))
    if failed:
        print("missed:", "; ".join(failed), file=sys.stderr)
        return 1
    print("\nall hostile-input targets met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
