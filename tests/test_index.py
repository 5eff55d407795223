"""Index pages: parse_index / render_index, with the same contracts as reports."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import attrs
import pytest

import petition_parser as pp

from .conftest import DATA, assert_invalid, corpus_files, needs_corpus, read_exact

VALID = sorted((DATA / "index" / "valid").glob("*.md"))
INVALID = sorted((DATA / "index" / "invalid").glob("*.md"))
CORPUS = corpus_files("index/*.md")


@pytest.mark.parametrize("path", VALID, ids=[p.name for p in VALID])
def test_valid_pages_render_back(path: Path) -> None:
    text = read_exact(path)
    assert pp.render_index(pp.parse_index(text)) == text


def test_values() -> None:
    index = pp.parse_index(read_exact(DATA / "index" / "valid" / "top-3-open.md"))
    assert (index.title, index.top, index.state) == ("Top 3 Open Petitions", 3, "Open")
    assert index.source == pp.Link(
        "UK Government and Parliament", "https://petition.parliament.uk/petitions?state=open"
    )
    assert index.notebook == pp.Link("IPython Notebook", "https://example.org/notebook")
    assert index.refreshed_at == datetime(2031, 6, 1, 18, 30, 5)
    assert index.rows[1] == pp.IndexRow(
        "Keep the village bus  running on Sundays", "700003.md", 40, 37, 4, -1, 92.5, 10.0, -2.5
    )
    assert index.rows[2].report == "reports/700004.md"
    assert not index.percent_first
    empty = pp.parse_index(read_exact(DATA / "index" / "valid" / "top-0-percent-first.md"))
    assert (empty.rows, empty.notebook, empty.percent_first, empty.top) == ((), None, True, 0)


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_invalid_pages(path: Path) -> None:
    assert_invalid(path, pp.parse_index)


@needs_corpus
@pytest.mark.parametrize("path", CORPUS, ids=[p.name for p in CORPUS])
def test_corpus_pages(path: Path) -> None:
    text = read_exact(path)
    index = pp.parse_index(text)
    assert pp.render_index(index) == text
    rows = [line for line in text.split("\n") if line.startswith("| [")]
    assert len(index.rows) == len(rows) == (index.top or 0)


def test_windows_copy_reads_the_same() -> None:
    text = read_exact(DATA / "index" / "valid" / "top-3-open.md")
    assert pp.parse_index("\ufeff" + text.replace("\n", "\r\n")) == pp.parse_index(text)


BASE = pp.parse_index(read_exact(DATA / "index" / "valid" / "top-3-open.md"))


@pytest.mark.parametrize(
    ("index", "field"),
    [
        (attrs.evolve(BASE, title="two\nlines"), "title"),
        (attrs.evolve(BASE, source=pp.Link("a", "b](c")), "source"),
        (attrs.evolve(BASE, notebook=pp.Link("a\rb", "c")), "notebook"),
        (attrs.evolve(BASE, rows=(attrs.evolve(BASE.rows[0], name="a | b"),)), "rows[0].name"),
        (
            attrs.evolve(BASE, rows=(attrs.evolve(BASE.rows[0], report="x](y.md"),)),
            "rows[0].report",
        ),
        (
            attrs.evolve(BASE, rows=(attrs.evolve(BASE.rows[0], uk_percentage=1.234),)),
            "rows[0].uk_percentage",
        ),
        (attrs.evolve(BASE, refreshed_at=datetime(2031, 1, 1, 0, 0, 0, 1)), "refreshed_at"),
    ],
)
def test_unrepresentable(index: pp.PetitionIndex, field: str) -> None:
    with pytest.raises(pp.UnrepresentableError) as info:
        pp.render_index(index)
    assert info.value.field == field


def test_the_page_of_a_closed_site_has_no_table() -> None:
    """While the site was closed the script wrote the open page with no number, no table."""
    path = DATA / "index" / "valid" / "no-table-closed-site.md"
    text = read_exact(path)
    index = pp.parse_index(text)
    assert (index.layout, index.rows, index.top, index.state) == ("no-table", (), None, "Open")
    assert index.title == "Top Open Petitions"
    assert index.refreshed_at == datetime(2031, 7, 4, 9, 0, 1)
    assert pp.render_index(index) == text
    assert pp.validate_index(index) == []
    assert list(pp.to_records(path, "index")) == []
    with pytest.raises(pp.UnrepresentableError, match="no-table has no table"):
        pp.render_index(attrs.evolve(index, rows=pp.parse_index(read_exact(VALID[-1])).rows))
