"""Hostile input: time and peak memory of the readers on pathological documents.

    python benchmarks/hostile.py [--sizes 1,10] [--json results.json]

Each input is built at 1 MB and 10 MB (of text).  For each: the seconds the reader
takes to parse or reject it, and the peak of memory traced (tracemalloc) while it
does, as a multiple of the input's size.  The targets (issue 7): at 10 MB every
input is done in at most 1 s with peak memory at most 20x its size, and the time
at 10 MB is at most 11x the time at 1 MB.  Exits 1 if one is missed.
"""

from __future__ import annotations

import argparse
import gc
import json
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
    "whitespace lines between words": (pp.parse, _after_title("a\n \n")),
    "table rows of separators": (pp.parse, _on_line("| 1 | ", " | ")),
    "a huge table of bad rows": (pp.parse, _on_line("| 1 | ", "x |\n| ")),
    "index: '[' on the data line": (pp.parse_index, _index_line("[")),
    "index: '[](' on the data line": (pp.parse_index, _index_line("[](")),
    "JSON: '[' nested": (pp.from_json, lambda size: "[" * size),
    "API JSON: '[' nested": (pp.load_api, lambda size: "[" * size),
    "JSON: a huge number": (pp.from_json, lambda size: "9" * size),
}


def measure(read: Callable[[str], object], text: str) -> tuple[float, float, str]:
    """Seconds, peak traced memory / input size, and the outcome."""
    gc.collect()
    tracemalloc.start()
    start = time.perf_counter()
    try:
        read(text)
        outcome = "parsed"
    except pp.PetitionError as exc:
        outcome = f"rejected, line {getattr(exc, 'line', None)}"
    seconds = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, peak / len(text.encode("utf-8")), outcome


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    args = parser.parse_args()
    rows = []
    failed = []
    print("| input | 1 MB: s | 10 MB: s | 10 MB / 1 MB | 10 MB: peak / size | outcome |")
    print("| - | -: | -: | -: | -: | - |")
    for name, (read, build) in INPUTS.items():
        small_s, _, _ = measure(read, build(MB))
        big_s, big_mem, outcome = measure(read, build(10 * MB))
        ratio = big_s / small_s if small_s > 0 else 0.0
        rows.append(
            {"input": name, "s_1mb": small_s, "s_10mb": big_s, "ratio": ratio, "peak": big_mem}
        )
        # A ratio only means something for times above timer noise.
        misses = [
            what
            for what, miss in (
                ("time", big_s > 1.0),
                ("memory", big_mem > 20),
                ("ratio", ratio > 11 and big_s > 0.01),
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
