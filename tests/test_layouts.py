"""Every layout the generator ever wrote: reports A-E and index pages I-1 to I-4.

The real early files are in ``../shared/corpus/early``; the layouts without a real
file have fixtures written from LAYOUTS.md's description (``tests/data/layouts``,
made by ``make.py`` there with text edits, not with the library's renderer).
"""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timezone
from pathlib import Path

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import petition_parser as pp

from .conftest import DATA, corpus_files, needs_corpus, read_exact
from .strategies import petitions

EARLY = [p for p in corpus_files("early/*.md") if p.name != "LAYOUTS.md"]
FIXTURES = sorted((DATA / "layouts").glob("*.md"))
UTC = timezone.utc


def _read(path: Path) -> pp.Petition | pp.PetitionIndex:
    text = read_exact(path)
    return pp.parse_index(text) if path.name.startswith("index") else pp.parse(text)


def _render(document: pp.Petition | pp.PetitionIndex) -> str:
    if isinstance(document, pp.PetitionIndex):
        return pp.render_index(document)
    return pp.render(document)


def _findings(document: pp.Petition | pp.PetitionIndex) -> list[pp.Finding]:
    if isinstance(document, pp.PetitionIndex):
        return pp.validate_index(document)
    return pp.validate(document)


@needs_corpus
def test_the_early_corpus_is_there() -> None:
    assert sorted(p.name for p in EARLY) == [
        "index-I-1-2019-03-25.md",
        "index-I-3-2019-03-25.md",
        "layout-A-241584.md",
        "layout-C-239208.md",
        "layout-E-229602.md",
    ]


@needs_corpus
@pytest.mark.parametrize("path", EARLY, ids=[p.name for p in EARLY])
def test_early_corpus_reads_renders_back_and_validates(path: Path) -> None:
    document = _read(path)
    assert _render(document) == read_exact(path)
    assert _findings(document) == []


@needs_corpus
def test_each_real_file_is_detected_as_its_layout() -> None:
    layouts = {path.name: _read(path).layout for path in EARLY}
    assert layouts == {
        "index-I-1-2019-03-25.md": "I-1",
        "index-I-3-2019-03-25.md": "I-3",
        "layout-A-241584.md": "A",
        "layout-C-239208.md": "C",
        "layout-E-229602.md": "E",
    }


@needs_corpus
def test_layout_c_values_match_an_independent_line_reader() -> None:
    path = next(p for p in EARLY if p.name == "layout-C-239208.md")
    text = read_exact(path)
    petition = pp.parse(text)
    lines = text.split("\n")
    # Line 1 the title; the background from line 2 to the blank line before the link.
    link_at = next(i for i, line in enumerate(lines) if line.startswith("Taken from ["))
    assert petition.action == lines[0][2:]
    assert petition.background == "\n".join(lines[1 : link_at - 1])
    url = lines[link_at].split("](", 1)[1][:-1]
    assert lines[link_at] == f"Taken from [{url}.json]({url})"
    assert (petition.url, petition.petition_id) == (url, int(url.rsplit("/", 1)[1]))
    assert petition.signature_count == int(lines[link_at + 2][2:].split(" ")[0].replace(",", ""))
    assert petition.refreshed_at is None
    assert petition.government_response is None

    def table(heading: str) -> list[list[str]]:
        start = lines.index(f"### {heading}") + 3
        rows = []
        for line in lines[start:]:
            if not line.startswith("|"):
                break
            rows.append(line[2:-2].split(" | "))
        return rows

    history = {
        label: datetime.fromisoformat(f"{day}T{time}").replace(tzinfo=UTC)
        for label, day, time in table("History")
    }
    names = {
        "Updated": "updated_at",
        "Response Threshold Reached": "response_threshold_reached_at",
        "Opened": "opened_at",
        "Moderation Threshold Reached": "moderation_threshold_reached_at",
        "Created": "created_at",
    }
    assert {names[label]: at for label, at in history.items()} == {
        name: value for name, value in attrs.asdict(petition.history).items() if value is not None
    }
    assert [
        (int(rank), name, int(count.replace(",", "")), float(pct))
        for rank, name, count, pct in table("Signatures by Country")
    ] == [attrs.astuple(r) for r in petition.signatures_by_country]
    assert [
        (int(rank), name, None if mp == "None" else mp, int(count.replace(",", "")), float(pct))
        for rank, name, mp, count, pct in table("Signatures by Constituency")
    ] == [attrs.astuple(r) for r in petition.signatures_by_constituency]


@pytest.mark.parametrize("path", FIXTURES, ids=[p.name for p in FIXTURES])
def test_fixtures_from_the_description(path: Path) -> None:
    document = _read(path)
    assert document.layout == path.stem.split("-", 1)[1]
    assert _render(document) == read_exact(path)
    assert _findings(document) == []


def test_fixtures_hold_what_the_layouts_add() -> None:
    b = pp.parse(read_exact(DATA / "layouts" / "report-B.md"))
    d = pp.parse(read_exact(DATA / "layouts" / "report-D.md"))
    current = pp.parse(read_exact(DATA / "valid" / "small.md"))
    for early in (b, d):
        assert early.refreshed_at is None
        same = attrs.evolve(early, layout="current")
        assert same == attrs.evolve(current, refreshed_at=None)
    i1b = pp.parse_index(read_exact(DATA / "layouts" / "index-I-1b.md"))
    assert [row.rank for row in i1b.rows] == [1, 2, 3]
    assert [row.date_created for row in i1b.rows] == [
        date(2031, 1, 5),
        date(2030, 12, 24),
        date(2031, 2, 28),
    ]
    assert i1b.notebook is not None
    assert i1b.notebook.url == "python/Petition%20Reports.ipynb"
    i2 = pp.parse_index(read_exact(DATA / "layouts" / "index-I-2.md"))
    assert [row.rank for row in i2.rows] == [1, 2, 3]
    assert {row.date_created for row in i2.rows} == {None}
    i4 = pp.parse_index(read_exact(DATA / "layouts" / "index-I-4.md"))
    page = pp.parse_index(read_exact(DATA / "index" / "valid" / "top-3-open.md"))
    assert attrs.evolve(i4, layout="current") == page
    assert attrs.evolve(i1b, layout="current", notebook=page.notebook, percent_first=False) == (
        attrs.evolve(page, rows=i1b.rows)
    )


def test_an_index_i1_notebook_link_with_a_raw_space() -> None:
    text = read_exact(DATA / "layouts" / "index-I-1b.md").replace("%20", " ")
    index = pp.parse_index(text)
    assert index.layout == "I-1"
    assert index.notebook is not None
    assert index.notebook.url == "python/Petition Reports.ipynb"
    assert pp.render_index(index) == text


def test_errors_say_which_layout_they_read_as() -> None:
    text = read_exact(DATA / "layouts" / "report-D.md")
    text = text.replace("| 2 | Norway | 21 |", "| 2 | Norway | 2l |")
    with pytest.raises(pp.PetitionParseError) as info:
        pp.parse(text)
    assert info.value.message.endswith("(reading the document as the early layout D)")
    line = text.split("\n").index(next(x for x in text.split("\n") if "| 2l |" in x)) + 1
    assert (info.value.line, info.value.column) == (line, 16)
    index = read_exact(DATA / "layouts" / "index-I-2.md").replace("| 2 | [Keep", "| x | [Keep")
    with pytest.raises(pp.PetitionParseError, match=r"early layout I-2\)") as page_info:
        pp.parse_index(index)
    assert page_info.value.column == 3


def test_dict_and_json_carry_the_layout_and_a_null_refresh_time() -> None:
    petition = pp.parse(read_exact(DATA / "layouts" / "report-B.md"))
    data = pp.to_dict(petition)
    assert (data["layout"], data["refreshed_at"]) == ("B", None)
    assert pp.from_json(pp.to_json(petition)) == petition
    old = pp.to_dict(pp.parse(read_exact(DATA / "valid" / "small.md")))
    del old["layout"]  # a document written before 0.2: read as the current layout
    assert pp.from_dict(old).layout == "current"


def test_render_refuses_what_a_layout_cannot_hold() -> None:
    b = pp.parse(read_exact(DATA / "layouts" / "report-B.md"))
    with pytest.raises(pp.UnrepresentableError, match="layout B has no refresh time"):
        pp.render(attrs.evolve(b, refreshed_at=datetime(2019, 3, 25, 18, 5, 0)))
    response = pp.GovernmentResponse("Summary.", "Details.")
    with pytest.raises(pp.UnrepresentableError, match="no Government Response"):
        pp.render(attrs.evolve(b, government_response=response))
    ending = b.background + "\n\nTaken from [https://petition.parliament.uk/petitions/1.json"
    with pytest.raises(pp.UnrepresentableError) as info:
        pp.render(attrs.evolve(b, background=ending))
    assert info.value.field == "background"
    current = pp.parse(read_exact(DATA / "valid" / "small.md"))
    with pytest.raises(pp.UnrepresentableError, match="needs a refresh time"):
        pp.render(attrs.evolve(current, refreshed_at=None))


_EARLY_NAMES: st.SearchStrategy[pp.ReportLayout] = st.sampled_from(["A", "B", "C", "D", "E"])


@given(petitions(), _EARLY_NAMES)
def test_early_layouts_round_trip(petition: pp.Petition, layout: pp.ReportLayout) -> None:
    early = attrs.evolve(
        petition,
        layout=layout,
        government_response=None,
        refreshed_at=petition.refreshed_at if layout == "E" else None,
    )
    # A background must be non-empty text that does not itself look like what ends it.
    assume(early.background.strip("\n") == early.background and early.background)
    assume(not early.action.startswith("#"))
    try:
        text = pp.render(early)
    except pp.UnrepresentableError:
        assume(False)
        raise
    assume(text.split("\n", 2)[1] != "" if layout != "E" else True)
    assert pp.parse(text) == early
    assert pp.render(pp.parse(text)) == text


def test_tables_key_early_snapshots_by_their_updated_time(tmp_path: Path) -> None:
    b = pp.parse(read_exact(DATA / "layouts" / "report-B.md"))
    later = attrs.evolve(
        b,
        history=attrs.evolve(b.history, updated_at=datetime(2031, 6, 2, 9, 0, 0, tzinfo=UTC)),
    )
    rows = list(pp.to_records([b, later], "petitions"))
    assert [(r["refreshed_at"], r["layout"]) for r in rows] == [(None, "B"), (None, "B")]
    db = tmp_path / "p.db"
    assert pp.to_sqlite([b, later], db)["petitions"] == 2
    assert pp.to_sqlite([b, later], db) == dict.fromkeys(
        ("petitions", "countries", "constituencies", "history"), 0
    )
    con = sqlite3.connect(db)
    per_snapshot = con.execute(
        "SELECT updated_at, count(*) FROM constituencies GROUP BY updated_at ORDER BY 1"
    ).fetchall()
    con.close()
    assert [n for _, n in per_snapshot] == [len(b.signatures_by_constituency)] * 2
