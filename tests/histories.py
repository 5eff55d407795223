"""Git histories made fast: thousands of commits in one ``git fast-import``.

Tests and benchmarks (``benchmarks/git.py``, ``benchmarks/dask_cluster.py``) build
their archives' histories with ``make_history``: each commit is a list of changes,
``(path, content)`` to write a file, ``(path, None)`` to delete it, or
``(path, "old/path")`` given as ``Rename`` to move one.
"""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from pathlib import Path

from attrs import define

__all__ = ["Rename", "make_history"]


@define(frozen=True)
class Rename:
    """Move the file at ``source`` to the change's path (its content unchanged)."""

    source: str


Change = tuple[str, bytes | Rename | None]


def make_history(
    folder: Path, commits: Sequence[Sequence[Change]], start: int = 1_900_000_000
) -> None:
    """A repository at ``folder`` whose ``main`` holds ``commits``, an hour apart."""
    subprocess.run(["git", "init", "-q", "-b", "main", str(folder)], check=True)
    stream: list[bytes] = []
    for i, changes in enumerate(commits):
        message = f"commit {i}".encode()
        stream.append(
            b"commit refs/heads/main\n"
            + f"committer t <t@example.org> {start + 3600 * i} +0000\n".encode()
            + f"data {len(message)}\n".encode()
            + message
            + b"\n"
        )
        for path, change in changes:
            if change is None:
                stream.append(f"D {path}\n".encode())
            elif isinstance(change, Rename):
                stream.append(f'R "{change.source}" "{path}"\n'.encode())
            else:
                stream.append(f"M 100644 inline {path}\ndata {len(change)}\n".encode())
                stream.append(change + b"\n")
    subprocess.run(
        ["git", "-C", str(folder), "fast-import", "--quiet"], input=b"".join(stream), check=True
    )
    subprocess.run(["git", "-C", str(folder), "checkout", "-q", "main"], check=True)
