"""The README's and the docs' Python examples run as they are written.

``>>>`` examples go through the standard doctest (what ``python -m doctest README.md``
runs); ``python`` blocks without prompts are executed in order, one namespace a page.
"""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

from .conftest import ROOT

PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
_BLOCK = re.compile(r"^```python\n(.*?)^```", re.DOTALL | re.MULTILINE)


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_examples_run(page: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = doctest.testfile(str(page), module_relative=False, report=True, verbose=False)
    assert result.failed == 0
    namespace: dict[str, object] = {}
    for block in _BLOCK.findall(page.read_text(encoding="utf-8")):
        if ">>>" not in block:
            exec(compile(block, str(page), "exec"), namespace)


def test_the_readme_tour_has_examples() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    examples = doctest.DocTestParser().get_examples(text)
    assert len(examples) >= 15
    # And the docs that promise examples have them.
    for name in ("index.md", "errors.md"):
        docs = (ROOT / "docs" / name).read_text(encoding="utf-8")
        assert doctest.DocTestParser().get_examples(docs)
