"""Time petition_parser against its peers, in one process, on the same inputs.

    python benchmarks/run.py [--json results.json] [--quick]

Contenders, per input: ``petition_parser.parse``; mistune's default AST with its
table plugin; markdown-it-py with tables (when installed: ``pip install
'.[benchmark]'``); a bare line split (``splitlines()`` + ``split("|")`` on the table
lines, the floor for pure Python); and, on the parsed petition, ``to_json`` +
``from_json`` and ``render``.  Each figure is the median of repeated samples taken
after a warm-up.  Ratios are computed from figures of the same run.

Inputs: every report in ``../shared/corpus`` when it is there, the bundled examples,
and a generated 10x report (synthetic, about 6,500 constituency rows).

It then checks the targets of issue 3 and the memory behaviour (parsing 1,000
reports in a loop must not grow the process), and exits 1 if a target is missed.
parse(10x) / parse(1x) is timed by three new interpreters (``--growth-only``) minutes
apart, and checked by their median: see ``growth_in_new_interpreter`` for why.
"""

from __future__ import annotations

import argparse
import gc
import json
import platform
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import mistune

import petition_parser as pp
from petition_parser._format import read_bytes
from petition_parser._json import json_backend

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from synthetic import make_petition  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"


def line_split(text: str) -> list[list[str]]:
    """The floor: read the lines and split the table rows, nothing else."""
    return [line.split("|") for line in text.splitlines() if line.startswith("|")]


def _markdown_it() -> Callable[[str], Any] | None:
    try:
        from markdown_it import MarkdownIt  # noqa: PLC0415 (an optional extra)
    except ImportError:
        return None
    md = MarkdownIt("commonmark").enable("table")
    parse: Callable[[str], Any] = md.parse  # typed here: mypy may not see markdown_it
    return parse


def medians(
    contenders: dict[str, Callable[[], object]], samples: int, sample_seconds: float
) -> dict[str, float]:
    """Median time of one call of each contender.  Each is warmed up and its sample sized
    to ~sample_seconds; then the samples are taken in turns (one of each contender a
    round), so that a slow spell of this shared machine falls on all of them alike and
    the ratios between them hold."""
    loops = {}
    for name, fn in contenders.items():
        gc.collect()
        fn()
        start = time.perf_counter()
        fn()
        once = max(time.perf_counter() - start, 1e-7)
        loops[name] = max(1, int(sample_seconds / once))
    times: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(samples):
        for name, fn in contenders.items():
            n = loops[name]
            start = time.perf_counter()
            for _ in range(n):
                fn()
            times[name].append((time.perf_counter() - start) / n)
    return {name: statistics.median(values) for name, values in times.items()}


def inputs() -> dict[str, str]:
    found: dict[str, str] = {}
    if CORPUS.is_dir():
        for path in sorted(CORPUS.glob("reports/*.md")) + sorted(CORPUS.glob("pairs/*[0-9].md")):
            found[f"corpus/{path.name}"] = path.open(encoding="utf-8", newline="").read()
    for path in sorted((ROOT / "examples").glob("*.md")):
        found[f"examples/{path.name}"] = path.open(encoding="utf-8", newline="").read()
    found["synthetic/1x.md"] = pp.render(make_petition(650))
    found["synthetic/10x.md"] = pp.render(make_petition(6500))
    return found


def measure(texts: dict[str, str], samples: int, sample_seconds: float) -> list[dict[str, Any]]:
    mistune_ast = mistune.create_markdown(renderer=None, plugins=["table"])
    markdown_it = _markdown_it()
    # The harness's own objects (every input text, three parsers' modules) would make
    # each full garbage collection scan a heap that a user's process need not have, and
    # the big inputs trigger the most of them.  Freeze what exists now: the contenders
    # still pay for collecting what they allocate themselves.
    gc.collect()
    gc.freeze()
    rows = []
    for name, text in texts.items():
        petition = pp.parse(text)
        row: dict[str, Any] = {"input": name, "kb": round(len(text.encode()) / 1024, 1)}
        contenders: dict[str, Callable[[], object]] = {
            "parse": lambda: pp.parse(text),  # noqa: B023 (called before the loop moves on)
            "mistune": lambda: mistune_ast(text),  # noqa: B023
            "line_split": lambda: line_split(text),  # noqa: B023
            "json_round_trip": lambda: pp.from_json(pp.to_json(petition)),  # noqa: B023
            "render": lambda: pp.render(petition),  # noqa: B023
        }
        if markdown_it is not None:
            contenders["markdown_it"] = lambda: markdown_it(text)  # noqa: B023
        row.update(medians(contenders, samples, sample_seconds))
        row["parse/mistune"] = row["parse"] / row["mistune"]
        row["parse/line_split"] = row["parse"] / row["line_split"]
        row["json/parse"] = row["json_round_trip"] / row["parse"]
        row["render/parse"] = row["render"] / row["parse"]
        rows.append(row)
        print(f"  measured {name}", file=sys.stderr)
    gc.unfreeze()
    return rows


def from_file(path: Path, samples: int, sample_seconds: float) -> dict[str, float]:
    """The seed report from its file: ``parse_file`` against the floor of reading the
    file and splitting its lines and cells (issue 20's measure)."""

    def floor() -> object:
        return line_split(read_bytes(path).decode("utf-8"))

    gc.collect()
    gc.freeze()
    found = medians(
        {"parse_file": lambda: pp.parse_file(path), "read_split": floor}, samples, sample_seconds
    )
    gc.unfreeze()
    return {**found, "ratio": found["parse_file"] / found["read_split"]}


def growth(samples: int, sample_seconds: float) -> float:
    """parse(10x) / parse(1x), the two timed in turns, in this interpreter."""
    one, ten = pp.render(make_petition(650)), pp.render(make_petition(6500))
    gc.collect()
    gc.freeze()
    found = medians(
        {"1x": lambda: pp.parse(one), "10x": lambda: pp.parse(ten)}, samples, sample_seconds
    )
    gc.unfreeze()
    return found["10x"] / found["1x"]


def growth_in_new_interpreter(quick: bool) -> float:
    """``growth``, measured by a new interpreter running this script.

    The ratio is about how ``parse``'s time grows with the table, and on this shared
    machine the heap and the neighbours decide it as much as the code does.  The 10x
    report's objects (about 3 MB) outgrow a core's L2 cache where the 1x report's do
    not, so (our reading) the 10x time alone feels other processes' memory traffic:
    on 2026-12-02 new interpreters read 9.9 to 11.0 over an afternoon and 13.1 to
    14.7 in busy spells, with the same code.  Measured in this process after the
    comparison table (markdown-it's parse of the 10x report alone builds hundreds of
    megabytes of tokens, freed into a scattered heap), it read 11.2 to 12.2 where new
    interpreters read 9.6 to 9.9 minutes apart.  So each measure is a new interpreter (both sizes
    still timed in turns within it); ``main`` takes three, minutes apart (before the
    table, after it, at the end), and checks the target against their median.
    """
    command = [sys.executable, __file__, "--growth-only", *(["--quick"] if quick else [])]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    return float(done.stdout)


def memory(text: str, n: int = 1000) -> dict[str, float]:
    """Parse ``n`` reports in a loop; how much the heap grew between the 100th and the last."""
    gc.collect()
    tracemalloc.start()
    for _ in range(100):
        pp.parse(text)
    gc.collect()
    after_100 = tracemalloc.get_traced_memory()[0]
    for _ in range(n - 100):
        pp.parse(text)
    gc.collect()
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "reports": n,
        "growth_kib": round((current - after_100) / 1024, 1),
        "peak_kib": round(peak / 1024, 1),
    }


def ms(seconds: float) -> str:
    return f"{seconds * 1e3:8.3f}"


def print_table(rows: list[dict[str, Any]]) -> None:
    has_mdit = "markdown_it" in rows[0]
    head = [
        "input",
        "KB",
        "parse",
        "mistune",
        *(["md-it"] if has_mdit else []),
        "split",
        "json rt",
        "render",
        "p/mistune",
        "p/split",
        "json/p",
        "render/p",
    ]
    print("| " + " | ".join(head) + " |")
    print("| " + " | ".join(["-"] + ["-:"] * (len(head) - 1)) + " |")
    for r in rows:
        cells = [
            r["input"],
            f"{r['kb']}",
            ms(r["parse"]),
            ms(r["mistune"]),
            *([ms(r["markdown_it"])] if has_mdit else []),
            ms(r["line_split"]),
            ms(r["json_round_trip"]),
            ms(r["render"]),
            f"{r['parse/mistune']:.3f}",
            f"{r['parse/line_split']:.2f}",
            f"{r['json/parse']:.2f}",
            f"{r['render/parse']:.2f}",
        ]
        print("| " + " | ".join(c.strip() for c in cells) + " |")
    print("\nTimes are medians in milliseconds per call.")


def check_targets(
    rows: list[dict[str, Any]], mem: dict[str, float], file: dict[str, float], growth: float
) -> list[tuple[str, bool]]:
    by_name = {r["input"]: r for r in rows}
    seed = by_name.get("corpus/seed-607849.md") or by_name["examples/full-size.md"]
    return [
        (
            f"parse <= 0.08 x mistune AST on {seed['input']}: {seed['parse/mistune']:.3f}",
            seed["parse/mistune"] <= 0.08,
        ),
        (
            f"parse <= 4 x line split on {seed['input']}: {seed['parse/line_split']:.2f}",
            seed["parse/line_split"] <= 4,
        ),
        (
            f"to_json + from_json <= 1 x parse on {seed['input']}: {seed['json/parse']:.2f}",
            seed["json/parse"] <= 1,
        ),
        (
            f"render <= 1 x parse on {seed['input']}: {seed['render/parse']:.2f}",
            seed["render/parse"] <= 1,
        ),
        (f"parse(10x) <= 11 x parse(1x): {growth:.2f}", growth <= 11),
        (
            f"parse_file <= 3 x reading the file and splitting its lines and cells "
            f"({seed['input']}): {file['ratio']:.2f}",
            file["ratio"] <= 3,
        ),
        (
            f"parsing {mem['reports']} reports grows the heap by {mem['growth_kib']} KiB "
            f"(peak {mem['peak_kib']} KiB); allowed: < 64 KiB",
            mem["growth_kib"] < 64,
        ),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--quick", action="store_true", help="fewer, shorter samples")
    parser.add_argument(
        "--growth-only", action="store_true", help="print parse(10x) / parse(1x) only"
    )
    args = parser.parse_args()
    samples, sample_seconds = (5, 0.005) if args.quick else (21, 0.04)
    if args.growth_only:
        print(growth(samples, sample_seconds))
        return 0
    tens = [growth_in_new_interpreter(args.quick)]
    texts = inputs()
    rows = measure(texts, samples, sample_seconds)
    tens.append(growth_in_new_interpreter(args.quick))
    seed_text = texts.get("corpus/seed-607849.md") or texts["examples/full-size.md"]
    mem = memory(seed_text)
    seed_path = CORPUS / "reports" / "seed-607849.md"
    file = from_file(
        seed_path if seed_path.is_file() else ROOT / "examples" / "full-size.md",
        samples,
        sample_seconds,
    )
    print(
        f"\n{platform.python_implementation()} {platform.python_version()}, "
        f"{platform.machine()}, {platform.system()}; mistune {mistune.__version__}; "
        f"JSON text through {json_backend()}\n"
    )
    print_table(rows)
    print(
        f"\nFrom the file: parse_file {file['parse_file'] * 1e3:.3f} ms, reading it and "
        f"splitting its lines and cells {file['read_split'] * 1e3:.3f} ms: {file['ratio']:.2f}x"
    )
    tens.append(growth_in_new_interpreter(args.quick))
    ten = statistics.median(tens)
    print(
        "parse(10x) / parse(1x), timed in turns by three new interpreters minutes apart: "
        + ", ".join(f"{t:.2f}" for t in tens)
        + f" (median {ten:.2f})"
    )
    results = check_targets(rows, mem, file, ten)
    print("\nTargets:")
    for text, ok in results:
        print(f"  {'PASS' if ok else 'FAIL'}  {text}")
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "rows": rows,
                    "memory": mem,
                    "from_file": file,
                    "growth_10x": ten,
                    "growth_10x_runs": tens,
                    "targets": [{"target": t, "pass": ok} for t, ok in results],
                },
                indent=2,
            )
        )
    return 0 if all(ok for _, ok in results) else 1


if __name__ == "__main__":
    sys.exit(main())
