"""The static site: ``petition-parser site`` against ``to_pandas`` of the same archive.

    python benchmarks/site.py [--files 2000] [--petitions 50] [--json results.json]

Makes ``--files`` real-shaped snapshots of ``--petitions`` petitions
(``synthetic.write_real_shaped``), then times, in turns, best of three:

* ``to_pandas(folder, "petitions")``: the table with one row per snapshot (the
  reference), and ``timeline(folder).to_pandas("snapshots")`` beside it;
* ``build_site(folder, dest)`` in this process (workers=1, as ``to_pandas``);
* ``petition-parser site folder -o dest`` as a user runs it (a new process; ``-j 1``
  and the default, one worker per core).

Then the site's size: all its files, and without the inline SVG charts.

Targets (issue 21): the command at most 2x ``to_pandas``; the site at most 2 MB per
50 petitions plus the charts.  Exits 1 if one is missed.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import petition_parser as pp

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from synthetic import write_real_shaped  # noqa: E402
from tables import in_turns, report  # noqa: E402

_SVG = re.compile(rb"<svg.*?</svg>", re.DOTALL)


def command(folder: Path, dest: Path, *options: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "petition_parser", "site", str(folder), "-o", str(dest), *options],
        check=True,
        capture_output=True,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--petitions", type=int, default=50)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    figures: dict[str, Any] = {"files": args.files, "petitions": args.petitions}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        archive = root / "archive"
        archive.mkdir()
        write_real_shaped(archive, args.files, petitions=args.petitions)
        dest = root / "site"
        figures.update(
            in_turns(
                {
                    "to_pandas_s": lambda: pp.to_pandas(archive, "petitions"),
                    "timeline_s": lambda: pp.timeline(archive).to_pandas("snapshots"),
                    "build_site_s": lambda: pp.build_site(archive, dest),
                    "command_j1_s": lambda: command(archive, dest, "-j", "1"),
                    "command_s": lambda: command(archive, dest),
                }
            )
        )
        files = [p for p in dest.rglob("*") if p.is_file()]
        total = sum(p.stat().st_size for p in files)
        charts = sum(len(m) for p in files for m in _SVG.findall(p.read_bytes()))
        figures["site_bytes"] = total
        figures["chart_bytes"] = charts
        figures["pages"] = sum(1 for p in files if p.suffix == ".html")
    reference = figures["to_pandas_s"]
    print(
        f"{args.files:,} real-shaped snapshots of {args.petitions} petitions; "
        "seconds, best of 3, in turns\n"
    )
    print("| step | s | / to_pandas |")
    print("| - | -: | -: |")
    for name, key in (
        ('`to_pandas(folder, "petitions")`', "to_pandas_s"),
        ('`timeline(folder).to_pandas("snapshots")`', "timeline_s"),
        ("`build_site(folder, dest)`", "build_site_s"),
        ("`petition-parser site folder -o dest -j 1`", "command_j1_s"),
        ("`petition-parser site folder -o dest`", "command_s"),
    ):
        print(f"| {name} | {figures[key]:.3f} | {figures[key] / reference:.2f} |")
    other = figures["site_bytes"] - figures["chart_bytes"]
    print(
        f"\nThe site: {figures['pages']} pages, {figures['site_bytes'] / 1e6:.2f} MB, of which "
        f"the inline charts {figures['chart_bytes'] / 1e6:.2f} MB and the rest "
        f"{other / 1e6:.2f} MB"
    )
    per_50 = other / 1e6 * 50 / args.petitions
    targets = [
        ("`site` <= 2 x to_pandas", r := figures["command_s"] / reference, r <= 2),
        ("`site -j 1` <= 2 x to_pandas", r := figures["command_j1_s"] / reference, r <= 2),
        ("the site without its charts, MB per 50 petitions <= 2", per_50, per_50 <= 2),
    ]
    return report(targets, figures, args.json)


if __name__ == "__main__":
    sys.exit(main())
