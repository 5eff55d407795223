"""Collecting 500 petitions from a local server that answers each request 50 ms late.

    python benchmarks/collect.py [--petitions 500] [--latency 0.05] [--concurrency 4]

The server (``tests/api_server.py``, on 127.0.0.1, in a process of its own) serves
real-shaped invented documents (650 constituencies, like the real ones) and delays
every answer by ``--latency``.
``collect`` runs with ``--concurrency`` requests in flight and a rate limit above what
that concurrency can reach, so that the limit holds without being what sets the pace.
The throughput is requests answered a second over the whole run (the list pages too,
which come one after another by their ``next`` links), against the ceiling
``concurrency / latency``.  Target (issue 18): at least 80% of the ceiling, with the
server's log showing no more than ``concurrency`` requests in flight and no more than
``rate`` arriving in any one second (by the kernel's stamp of each request's first
bytes).  Exits 1 if missed.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from petition_parser import collect as pc  # noqa: E402


def most_in_a_second(starts: list[float]) -> int:
    starts = sorted(starts)
    most, first = 0, 0
    for last, start in enumerate(starts):
        while start - starts[first] >= 1.0:
            first += 1
        most = max(most, last - first + 1)
    return most


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--petitions", type=int, default=500)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--rate", type=float, default=100.0)
    args = parser.parse_args(argv)
    ceiling = args.concurrency / args.latency
    with tempfile.TemporaryDirectory() as folder:
        log = Path(folder) / "log.json"
        # The server in a process of its own: its work is not the client's.
        server = subprocess.Popen(
            [
                sys.executable,
                str(HERE.parent / "tests" / "api_server.py"),
                str(args.petitions),
                str(args.latency),
                str(log),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert server.stdout is not None
        assert server.stdin is not None
        url = server.stdout.readline().strip()
        with pc.Client(url, concurrency=args.concurrency, rate=args.rate) as client:
            start = time.perf_counter()
            result = pc.collect(Path(folder) / "archive", top=args.petitions, client=client)
            seconds = time.perf_counter() - start
        server.stdin.close()
        server.wait()
        requests = json.loads(log.read_text("utf-8"))
    assert not result.failures, result.failures
    throughput = len(requests) / seconds
    in_flight = max(r["in_flight"] for r in requests)
    per_second = most_in_a_second([r["arrived"] for r in requests])
    share = throughput / ceiling
    print(
        f"collect of {args.petitions} petitions ({len(requests)} requests) in {seconds:.2f} s: "
        f"{throughput:.1f} requests/s, {share:.0%} of the ceiling {ceiling:.0f}/s "
        f"(concurrency {args.concurrency}, latency {args.latency * 1000:.0f} ms); "
        f"at most {in_flight} in flight, at most {per_second} arrived in a second "
        f"(rate limit {args.rate:g}/s)"
    )
    met = share >= 0.8 and in_flight <= args.concurrency and per_second <= args.rate
    print("target met" if met else "target missed")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
