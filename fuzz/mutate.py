"""A plain-Python mutation fuzzer: seeds from the repository, mutated, checked.

    python fuzz/mutate.py --target report --count 1000000 --seed 1 --jobs 2

Each input is a seed (a bundled example or a test data file of the target's kind)
with one to four mutations: characters replaced, tokens of the format inserted
(section headings, pipes, ``**``, ``[](``, huge numbers, ``\\r``, a BOM, a lone
surrogate), slices deleted or repeated, lines swapped or spliced in from another
seed, numbers swapped for edge cases, the end cut off; JSON seeds also get
structural mutations (a value replaced by a huge integer, NaN, a nested array, a
time with an odd offset, ...).  Every input goes through the checks of
``fuzz/invariants.py``.  A failing input is saved under ``fuzz/crashes/`` and
counted; the run ends with one line per target and exits 1 if anything failed.

Runs are reproducible: the same ``--seed``, ``--count`` and ``--jobs`` give the
same inputs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import random
import re
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make "fuzz" importable
    sys.path.insert(0, str(ROOT))

from fuzz.invariants import TARGETS  # noqa: E402

DATA = ROOT / "tests" / "data"
CRASHES = ROOT / "fuzz" / "crashes"

SEED_GLOBS: dict[str, list[str]] = {
    "report": [
        "examples/*.md",
        "tests/data/valid/*.md",
        "tests/data/invalid/*.md",
        "tests/data/layouts/report-*.md",
    ],
    "index": ["tests/data/index/*/*.md", "tests/data/layouts/index-*.md"],
    "api": ["tests/data/api/*.json"],
    "json": ["tests/data/valid/*.json"],
}

_CHARS: list[str] = [*'\n\r \t|#*[]()-,.:0123456789"{}', "\ufeff", "\ud800", "£", "\u2028", "\x00"]
_TOKENS = [
    "### Background\n\n",
    "### Signatures\n\n",
    "### Government Response\n\n",
    "### History\n\n",
    "### Signatures by Country\n\n",
    "### Signatures by Constituency\n\n",
    "# ",
    "#\n",
    "| ",
    " | ",
    " |\n",
    "| - | - |\n",
    "\r\n",
    "\n\n",
    "**",
    "[](",
    "](",
    "[" * 50,
    "9" * 19,
    "9" * 5000,
    ",000",
    "-",
    "-0.00",
    "NaN",
    "Infinity",
    "1e999",
    "null",
    "[]",
    "{}",
    "\\ud800",
    "\\u0000",
    "0001-01-01T00:00:00+01:00",
    "9999-12-31T23:59:59-01:00",
    "T00:00:00.5",
    "Last refreshed ",
    "Data taken from ",
    "Unknown",
    "None",
]
_NUMBERS = ["0", "-0", "-1", "1" + "0" * 18, "9" * 18, "9" * 40, "9" * 5000, "1,000", "0.00"]
_JSON_VALUES: list[Any] = [
    None,
    0,
    -1,
    10**18,
    -(10**18) + 1,
    2**64,
    1.5,
    float("nan"),
    float("inf"),
    "",
    "\ud800",
    "x | y",
    "a\nb",
    "### History",
    "0999-01-01T00:00:00+00:00",
    "2031-01-01T00:00:00",
    "2031-01-01T00:00:00.123456+05:30",
    "0001-01-01T00:00:00+01:00",
    "2031-01-01T00:00:00.000Z",
    "2019-02-30",
    [],
    {},
    [[[]]],
    True,
]
_DIGITS = re.compile(r"-?[0-9][0-9,.]*")


def seeds(target: str) -> list[str]:
    paths = sorted(p for pattern in SEED_GLOBS[target] for p in ROOT.glob(pattern))
    return [p.read_text(encoding="utf-8", errors="surrogateescape") for p in paths]


# -- mutations ------------------------------------------------------------------------


def _replace_char(rng: random.Random, text: str, _: list[str]) -> str:
    i = rng.randrange(len(text) + 1)
    return text[:i] + rng.choice(_CHARS) + text[i + 1 :]


def _insert_token(rng: random.Random, text: str, _: list[str]) -> str:
    i = rng.randrange(len(text) + 1)
    token = rng.choice(_TOKENS)
    return text[:i] + token * rng.choice((1, 1, 1, 2, 50)) + text[i:]


def _delete_slice(rng: random.Random, text: str, _: list[str]) -> str:
    i = rng.randrange(len(text) + 1)
    return text[:i] + text[i + rng.randint(1, 200) :]


def _repeat_slice(rng: random.Random, text: str, _: list[str]) -> str:
    i = rng.randrange(len(text) + 1)
    piece = text[i : i + rng.randint(1, 100)]
    return text[:i] + piece * rng.randint(2, 20) + text[i:]


def _swap_lines(rng: random.Random, text: str, _: list[str]) -> str:
    lines = text.split("\n")
    a, b = rng.randrange(len(lines)), rng.randrange(len(lines))
    lines[a], lines[b] = lines[b], lines[a]
    return "\n".join(lines)


def _splice_line(rng: random.Random, text: str, pool: list[str]) -> str:
    lines = text.split("\n")
    donor = rng.choice(pool).split("\n")
    lines[rng.randrange(len(lines))] = rng.choice(donor)
    return "\n".join(lines)


def _edge_number(rng: random.Random, text: str, _: list[str]) -> str:
    found = list(_DIGITS.finditer(text))
    if not found:
        return text
    m = rng.choice(found)
    return text[: m.start()] + rng.choice(_NUMBERS) + text[m.end() :]


def _cut(rng: random.Random, text: str, _: list[str]) -> str:
    return text[: rng.randrange(len(text) + 1)]


def _crlf(rng: random.Random, text: str, _: list[str]) -> str:
    return rng.choice(("\ufeff", "")) + text.replace("\n", "\r\n")


def _json_value(rng: random.Random, text: str, _: list[str]) -> str:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return text
    slots: list[tuple[Any, Any]] = []

    def walk(node: Any) -> None:
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for key, value in items:
            slots.append((node, key))
            if isinstance(value, (dict, list)):
                walk(value)

    if isinstance(data, (dict, list)):
        try:
            walk(data)
        except RecursionError:
            return text
    if not slots:
        return text
    node, key = rng.choice(slots)
    if isinstance(node, dict) and rng.random() < 0.2:
        del node[key]
    else:
        node[key] = rng.choice(_JSON_VALUES)
    try:
        return json.dumps(data, ensure_ascii=rng.random() < 0.5)
    except (ValueError, RecursionError):
        return text


Mutation = Callable[[random.Random, str, list[str]], str]
TEXT_MUTATIONS: list[Mutation] = [
    _replace_char,
    _replace_char,
    _insert_token,
    _insert_token,
    _delete_slice,
    _repeat_slice,
    _swap_lines,
    _splice_line,
    _edge_number,
    _edge_number,
    _cut,
    _crlf,
]
JSON_MUTATIONS: list[Mutation] = [*TEXT_MUTATIONS, *[_json_value] * 8]


def mutate(rng: random.Random, text: str, pool: list[str], target: str) -> str:
    mutations = JSON_MUTATIONS if target in ("api", "json") else TEXT_MUTATIONS
    for _ in range(rng.choice((1, 1, 2, 2, 3, 4))):
        text = rng.choice(mutations)(rng, text, pool)
    return text


# -- running --------------------------------------------------------------------------


def run(target: str, count: int, seed: int) -> tuple[int, int, int, list[str]]:
    """``count`` inputs from ``seed``: (inputs, accepted, failures, failure summaries)."""
    rng = random.Random(seed)
    pool = seeds(target)
    check = TARGETS[target]
    failures: list[str] = []
    accepted = 0
    for _ in range(count):
        text = mutate(rng, rng.choice(pool), pool, target)
        # Half the inputs as UTF-8 bytes (the readers take both), where the text can be.
        data: str | bytes = text
        if rng.random() < 0.5:
            data = text.encode("utf-8", "surrogateescape") if _encodable(text) else text
        try:
            accepted += check(data)
        except Exception as exc:  # any escape is a finding
            failures.append(_save(target, data, exc))
    return count, accepted, len(failures), failures


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return False
    return True


def _save(target: str, data: str | bytes, exc: BaseException) -> str:
    raw = data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass")
    name = f"{target}-{hashlib.sha1(raw).hexdigest()[:12]}"
    CRASHES.mkdir(exist_ok=True)
    (CRASHES / name).write_bytes(raw)
    (CRASHES / f"{name}.txt").write_text(
        "".join(traceback.format_exception(exc)), encoding="utf-8", errors="replace"
    )
    return f"{name}: {type(exc).__name__}: {str(exc)[:200]}"


def _run_chunk(job: tuple[str, int, int]) -> tuple[int, int, int, list[str]]:
    return run(*job)


def main() -> int:
    parser = argparse.ArgumentParser(description="Mutation fuzzer for petition_parser.")
    parser.add_argument("--target", choices=[*TARGETS, "all"], default="all")
    parser.add_argument("--count", type=int, default=10_000, help="inputs per target")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=multiprocessing.cpu_count())
    args = parser.parse_args()
    targets = list(TARGETS) if args.target == "all" else [args.target]
    status = 0
    with multiprocessing.Pool(args.jobs) as pool:
        for target in targets:
            start = time.perf_counter()
            # Chunks of 5,000 inputs, each with its own seed derived from --seed.
            chunks = [
                (target, min(5_000, args.count - done), args.seed * 1_000_003 + i)
                for i, done in enumerate(range(0, args.count, 5_000))
            ]
            total = accepted = failed = 0
            for n, a, f, summaries in pool.imap_unordered(_run_chunk, chunks):
                total, accepted, failed = total + n, accepted + a, failed + f
                for line in summaries[:5]:
                    print(f"  FAIL {line}", file=sys.stderr)
            seconds = time.perf_counter() - start
            print(
                f"{target}: {total:,} inputs, {accepted:,} accepted, {failed:,} failures, "
                f"seed {args.seed}, "
                f"{seconds:.0f} s"
            )
            status |= failed > 0
    return status


if __name__ == "__main__":
    sys.exit(main())
