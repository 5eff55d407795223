from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
#: The shared corpus of real reports; absent in a user's clone.
CORPUS = Path(os.environ.get("PETITION_CORPUS", ROOT.parent / "shared" / "corpus"))


def corpus_files(pattern: str) -> list[Path]:
    return sorted(CORPUS.glob(pattern)) if CORPUS.is_dir() else []


def read_exact(path: Path) -> str:
    """A file's text with its newlines as they are (several hold \\r\\n in free text)."""
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


needs_corpus = pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"the shared corpus is not at {CORPUS} (set PETITION_CORPUS)"
)
