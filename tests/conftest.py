from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Hypothesis profiles: "ci" (the default) keeps the suite fast; "dev" for a quick
# run; "thorough" before a release.  Choose with HYPOTHESIS_PROFILE=thorough.
settings.register_profile("ci", max_examples=300, deadline=None)
settings.register_profile("dev", max_examples=50, deadline=None)
settings.register_profile(
    "thorough", max_examples=5_000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

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


def assert_invalid(path: Path, read: Callable[[str], object]) -> None:
    """``read`` refuses the file at the line and column its ``.expect`` file names.

    The ``.expect`` file holds ``line: N``, ``column: N`` and
    ``message: <a part of the message>``.
    """
    import petition_parser as pp  # noqa: PLC0415 (conftest is imported before the package)

    expect = dict(
        line.split(": ", 1) for line in path.with_suffix(".expect").read_text().splitlines()
    )
    with pytest.raises(pp.PetitionParseError) as info:
        read(read_exact(path))
    error = info.value
    assert (error.line, error.column) == (int(expect["line"]), int(expect["column"]))
    assert error.column is not None
    assert expect["message"] in error.message
    # The message quotes the offending line: at least the 40 characters around the column.
    assert error.source_line is not None
    shown = error.source_line.replace("\r", " ").replace("\t", " ")
    assert shown[max(0, error.column - 21) : error.column + 19] in str(error)
