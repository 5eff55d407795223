"""Reading a git archive: 1,000 committed versions of one 45 KB report.

    python benchmarks/git.py [--versions 1000] [--json results.json]

Builds a repository (with ``git fast-import``) whose history holds 1,000 versions of
one synthetic report, each with another total and refresh time, then times, best of
three: ``read_git`` over the whole history, and ``parse`` of the same 1,000 texts
from memory.  Target (issue 12): ``read_git`` at most 1.5x the parse.  Exits 1 if
it is missed.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

import attrs

import petition_parser as pp

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from synthetic import make_petition  # noqa: E402
from tables import best, report  # noqa: E402

sys.path.insert(0, str(HERE.parent))
from tests.histories import make_history  # noqa: E402


def texts(n: int) -> list[str]:
    base = make_petition(850, seed=11)  # about 45 KB, the size of the seed report
    start = datetime(2031, 1, 1, 9, 0, 0)
    return [
        pp.render(
            attrs.evolve(
                base,
                signature_count=base.signature_count + i,
                refreshed_at=start + timedelta(hours=i),
                signatures_by_country=(
                    attrs.evolve(
                        base.signatures_by_country[0],
                        signature_count=base.signatures_by_country[0].signature_count + i,
                    ),
                    *base.signatures_by_country[1:],
                ),
            )
        )
        for i in range(n)
    ]


def make_repository(folder: Path, versions: list[str]) -> None:
    """One commit per version of ``reports/700001.md``, through ``git fast-import``."""
    make_history(folder, [[("reports/700001.md", text.encode("utf-8"))] for text in versions])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--versions", type=int, default=1000)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    versions = texts(args.versions)
    size = sum(map(len, versions)) / len(versions) / 1000
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp) / "archive"
        make_repository(repo, versions)
        read = list(pp.read_git(repo, ["reports/*.md"]))
        assert len(read) == len(versions), len(read)
        assert all(v.petition is not None for v in read)
        git_s = best(lambda: list(pp.read_git(repo, ["reports/*.md"])))
    parse_s = best(lambda: [pp.parse(text) for text in versions])
    print(f"{len(versions):,} versions of a {size:.1f} KB report; seconds, best of 3\n")
    print("| step | s | versions/s |")
    print("| - | -: | -: |")
    rate = len(versions) / git_s
    print(f"| read_git (git log, cat-file --batch, parse) | {git_s:.3f} | {rate:,.0f} |")
    rate = len(versions) / parse_s
    print(f"| parse of the same texts from memory | {parse_s:.3f} | {rate:,.0f} |")
    ratio = git_s / parse_s
    figures = {"versions": len(versions), "read_git_s": git_s, "parse_s": parse_s}
    return report(
        [("read_git <= 1.5 x parse from memory", ratio, ratio <= 1.5)], figures, args.json
    )


if __name__ == "__main__":
    sys.exit(main())
