"""The README's tour runs as written."""

from __future__ import annotations

import doctest
import os

import pytest

from .conftest import ROOT


def test_readme_tour(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    tour = text.split("## A short tour", 1)[1].split("From the shell", 1)[0]
    parser = doctest.DocTestParser()
    test = parser.get_doctest(
        tour.replace("```python", "").replace("```", ""),
        {},
        "README",
        os.fspath(ROOT / "README.md"),
        0,
    )
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    assert runner.failures == 0
    assert runner.tries >= 10
