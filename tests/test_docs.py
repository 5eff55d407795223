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


def test_the_reference_lists_every_public_name() -> None:
    """docs/reference.md has a ``::: petition_parser.NAME`` entry for each name in
    ``__all__`` (the version string aside), and no docstring of them holds a Sphinx role,
    which the docs build would show raw."""
    import petition_parser as pp  # noqa: PLC0415

    page = (ROOT / "docs" / "reference.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^::: petition_parser\.(\w+)$", page, re.MULTILINE))
    assert listed == set(pp.__all__) - {"__version__"}
    roles = re.compile(r":(func|class|meth|mod|attr|data|exc):`")
    for name in sorted(listed):
        value = getattr(pp, name)
        docs = [getattr(value, "__doc__", None) or ""]
        docs += (
            [getattr(m, "__doc__", None) or "" for m in vars(value).values()]
            if isinstance(value, type)
            else []
        )
        assert not any(roles.search(doc) for doc in docs), name
