"""Dask: 2,000 reports on a 2-worker LocalCluster against one process.

    python benchmarks/dask_cluster.py [--files 2000] [--json results.json]

Makes a folder of synthetic reports (as ``benchmarks/tables.py`` does), then, best of
three: the constituency signatures summed per constituency, by ``to_pandas`` and a
groupby in this one process, and by ``petition_parser.dask.read_table`` and the same
groupby on a ``LocalCluster`` of 2 worker processes (one thread each; the cluster is
started before the timing).  Target (issue 13): the cluster's throughput at least
1.6x the single process's.  Exits 1 if it is missed.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from dask.distributed import Client, LocalCluster

import petition_parser as pp
from petition_parser.dask import read_table

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from tables import best, make_archive, report  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        make_archive(folder, args.files)
        pattern = str(folder / "*.md")

        def one_process() -> object:
            frame = pp.to_pandas(folder, "constituencies")
            return frame.groupby("name")["signature_count"].sum()

        single = best(one_process)
        with (
            LocalCluster(
                n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
            ) as cluster,
            Client(cluster),
        ):

            def on_cluster() -> object:
                frame = read_table(pattern, "constituencies")
                return frame.groupby("name")["signature_count"].sum().compute()

            same = on_cluster().sort_index().equals(one_process().sort_index())  # type: ignore[attr-defined]
            cluster_s = best(on_cluster)
    speedup = single / cluster_s
    print(f"{args.files:,} reports: constituency signatures summed per constituency\n")
    print("| where | s | reports/s |")
    print("| - | -: | -: |")
    print(f"| one process (`to_pandas` + groupby) | {single:.3f} | {args.files / single:,.0f} |")
    print(
        f"| LocalCluster, 2 workers (`read_table` + groupby) | {cluster_s:.3f} "
        f"| {args.files / cluster_s:,.0f} |"
    )
    print(f"\nsame sums: {same}")
    figures = {"files": args.files, "single_s": single, "cluster_s": cluster_s}
    return report(
        [
            ("cluster throughput >= 1.6 x one process", speedup, speedup >= 1.6),
            ("the cluster's sums equal the single process's", float(same), same),
        ],
        figures,
        args.json,
    )


if __name__ == "__main__":
    sys.exit(main())
