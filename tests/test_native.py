"""The constituency table read natively (Arrow's CSV reader): always the parser's rows.

``to_arrow(..., "constituencies")`` reads chunks of reports' rows with Arrow
(``_tables/native.py``); these tests hold it to the row-by-row path (the parser's
columns made into Arrow by ``arrow_table``), on every valid and invalid fixture,
on the cells the native checks leave to the parser, and across workers.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import attrs
import pytest

import petition_parser as pp
from petition_parser._snapshot import Snapshot
from petition_parser._sources import Sources
from petition_parser._tables import table_columns
from petition_parser._tables.arrow import arrow_table

from .conftest import DATA, ROOT, corpus_files

EXAMPLES = sorted((ROOT / "examples").glob("*.md"))
VALID = sorted((DATA / "valid").glob("*.md")) + sorted((DATA / "layouts").glob("report-*.md"))
INVALID = sorted((DATA / "invalid").glob("*.md"))
REPORTS = corpus_files("reports/*.md") + corpus_files("pairs/*[0-9].md")


def row_path(source: Sources) -> Any:
    """The table as the parser's columns make it, one snapshot at a time."""
    return arrow_table("constituencies", table_columns(source, "constituencies"))


@pytest.mark.parametrize("workers", [1, 2])
def test_every_valid_report_reads_as_the_parser_reads_it(workers: int) -> None:
    sources = [*EXAMPLES, *VALID, *REPORTS]
    native = pp.to_arrow(sources, "constituencies", workers=workers)
    assert native.num_rows == sum(len(pp.parse_file(p).signatures_by_constituency) for p in sources)
    assert native.equals(row_path(sources))


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_every_invalid_report_gives_the_parsers_error(path: Path) -> None:
    with pytest.raises(pp.PetitionParseError) as parsed:
        pp.parse_file(path)
    with pytest.raises(pp.PetitionParseError) as read:
        pp.to_arrow([*EXAMPLES, path], "constituencies")
    assert str(read.value) == str(parsed.value)
    assert (read.value.file, read.value.line, read.value.column) == (
        str(path),
        parsed.value.line,
        parsed.value.column,
    )


def _with_seats(base: pp.Petition, seats: list[tuple[str, str | None]]) -> pp.Petition:
    rows = tuple(
        pp.ConstituencySignatures(
            rank=i + 1, name=name, mp=mp, signature_count=1_000 - i, percentage=1.25
        )
        for i, (name, mp) in enumerate(seats)
    )
    return attrs.evolve(base, signatures_by_constituency=rows)


# Cells the native checks refuse and the parser reads (a "|" in a name, padding it
# cannot tell from the cell's own spaces), and the ones it reads itself.
ODD_SEATS = [
    ("Ynys Môn", "Llinos Medi MP"),
    ("Bath|Wells", "A|B MP"),
    (" Leading space", "Trailing space "),
    ("", ""),
    ("Tab\there", None),  # a vacant seat: the report prints None
    ("Unknown", "Unknown"),
    ("Unknown", "Someone MP"),  # named Unknown, but not the generated row
    ('Quote " and , comma', "‘Curly’ MP"),  # noqa: RUF001 (real MPs' names have them)
]


@pytest.mark.parametrize("odd", range(len(ODD_SEATS)))
def test_cells_the_native_checks_leave_to_the_parser(tmp_path: Path, odd: int) -> None:
    base = pp.parse_file(EXAMPLES[-1])
    seats = [("Plain", "Someone MP"), ODD_SEATS[odd], ("Plain Two", None)]
    petition = _with_seats(base, seats)
    path = tmp_path / "odd.md"
    path.write_text(pp.render(petition), "utf-8", newline="")
    sources = [EXAMPLES[0], path, EXAMPLES[-1]]
    native = pp.to_arrow(sources, "constituencies")
    assert native.equals(row_path(sources))
    rows = native.slice(native.num_rows - len(base.signatures_by_constituency) - 3, 3)
    assert rows.column("name").to_pylist() == [name for name, _ in seats]
    assert rows.column("mp").to_pylist() == [mp for _, mp in seats]


SCHEMA = [
    "petition_id",
    "refreshed_at",
    "updated_at",
    "rank",
    "name",
    "mp",
    "signature_count",
    "percentage",
    "is_unknown",
]


@pytest.mark.parametrize(
    "columns",
    [[name] for name in SCHEMA] + [["signature_count", "name"], SCHEMA[::-1], []],
    ids=lambda columns: "+".join(columns) or "none",
)
def test_a_chunk_read_for_some_columns_holds_those_of_its_rows(
    tmp_path: Path, columns: list[str]
) -> None:
    # Dask hands a computation's columns to the partitions: the others are not built,
    # whichever way a report's rows are read (at once, alone, by the parser; the early
    # layouts as Snapshots), and every cell is still checked.
    from petition_parser._sources import read_one  # noqa: PLC0415
    from petition_parser._tables.arrow import concat_batches  # noqa: PLC0415
    from petition_parser._tables.native import constituency_chunk  # noqa: PLC0415

    odd = tmp_path / "odd.md"
    seats = [("Plain", "Someone MP"), *ODD_SEATS, ("Plain Two", None)]
    odd.write_text(pp.render(_with_seats(pp.parse_file(EXAMPLES[-1]), seats)), newline="")
    petition = pp.parse_file(EXAMPLES[0])  # a Petition among the files: its Snapshot
    sources: list[Path | pp.Petition] = [*EXAMPLES, petition, odd, *VALID]
    results = [
        (None, Snapshot.of(source))
        if isinstance(source, pp.Petition)
        else (str(source), read_one(str(source), "constituency-text"))
        for source in sources
    ]
    assert {type(result).__name__ for _, result in results} == {"ConstituencyText", "Snapshot"}
    whole = concat_batches("constituencies", [b for _, b in constituency_chunk(results)])
    assert whole.equals(row_path(sources))
    some = concat_batches(
        "constituencies", [b for _, b in constituency_chunk(results, columns)], columns
    )
    assert some.column_names == columns
    assert some.num_rows == whole.num_rows > 0  # with no column too: a count of rows
    assert some.equals(whole.select(columns))

    bad = tmp_path / "bad.md"
    text = EXAMPLES[0].read_text("utf-8")
    table = text.index("### Signatures by Constituency")
    row = text.index("\n| 3 | ", table) + 1  # its third row: a rank in words
    bad.write_text(text[:row] + "| three " + text[row + 3 :], "utf-8", newline="")
    with pytest.raises(pp.PetitionParseError) as parsed:
        pp.parse_file(bad)
    assert parsed.value.line == text[:row].count("\n") + 1
    bad_read = (str(bad), read_one(str(bad), "constituency-text"))
    read = constituency_chunk([*results, bad_read], columns)  # its bad cell not asked for
    assert [str(error) for _, error in read if isinstance(error, pp.PetitionError)] == [
        str(parsed.value)
    ]


def test_a_bad_report_in_a_chunk_leaves_the_others_rows(tmp_path: Path) -> None:
    for i in range(5):
        shutil.copy(EXAMPLES[i % len(EXAMPLES)], tmp_path / f"{i}-good.md")
    bad = tmp_path / "2-bad.md"
    text = EXAMPLES[0].read_text("utf-8")
    bad.write_text(text.replace(" | 0.", " | 0,", 1) if " | 0." in text else text + "x", "utf-8")
    with pytest.raises(pp.PetitionParseError) as parsed:
        pp.parse_file(bad)
    errors: list[pp.PetitionError] = []
    from petition_parser._sources import read_many  # noqa: PLC0415
    from petition_parser._tables.native import constituency_chunk  # noqa: PLC0415

    read = list(
        read_many(
            tmp_path, "constituency-text", per_chunk=constituency_chunk, on_error=errors.append
        )
    )
    assert [str(e) for e in errors] == [str(parsed.value)]
    good = sorted(p for p in tmp_path.iterdir() if p != bad)
    assert sum(batch.num_rows for _, batch in read) == row_path(good).num_rows
    assert pp.to_arrow(tmp_path, "constituencies", errors="skip").equals(row_path(good))
    assert pp.to_arrow(tmp_path, "constituencies", errors="collect", workers=2).equals(
        row_path(good)
    )


def test_workers_batches_pass_through_memory_files_that_do_not_outlive_the_read(
    tmp_path: Path,
) -> None:
    """With workers, each chunk's batches come back as an Arrow file in the spool folder
    (tmpfs), mapped by the reader; none is left behind, also when a bad file raises."""
    spool = Path("/dev/shm")
    before = set(spool.glob("petition-parser-*")) if spool.is_dir() else set()
    for i in range(70):  # three chunks
        shutil.copy(EXAMPLES[i % len(EXAMPLES)], tmp_path / f"{i:02}.md")
    table = pp.to_arrow(tmp_path, "constituencies", workers=2)
    assert table.equals(pp.to_arrow(tmp_path, "constituencies"))
    assert table.num_rows == row_path(sorted(tmp_path.iterdir())).num_rows
    (tmp_path / "50.md").write_text("# Not a report\n", "utf-8")
    with pytest.raises(pp.PetitionParseError, match=r"50\.md"):
        pp.to_arrow(tmp_path, "constituencies", workers=2)
    after = set(spool.glob("petition-parser-*")) if spool.is_dir() else set()
    assert after == before


def test_petitions_among_files_keep_their_place() -> None:
    first, second = (pp.parse_file(p) for p in EXAMPLES[:2])
    sources: list[Path | pp.Petition] = [EXAMPLES[1], first, EXAMPLES[0], second, EXAMPLES[1]]
    for workers in (1, 2):
        native = pp.to_arrow(sources, "constituencies", workers=workers)
        assert native.equals(row_path(sources))


def test_a_report_with_no_constituency_rows(tmp_path: Path) -> None:
    base = pp.parse_file(EXAMPLES[-1])
    empty = attrs.evolve(base, signatures_by_constituency=())
    path = tmp_path / "empty.md"
    path.write_text(pp.render(empty), "utf-8")
    assert pp.to_arrow([path], "constituencies").num_rows == 0
    assert pp.to_arrow([path, EXAMPLES[-1], path], "constituencies").equals(
        row_path([path, EXAMPLES[-1], path])
    )


# Rows the parser refuses, or reads its own way: each must come out as ``parse`` says.
ROW_DEFECTS = {
    "a one-space cell": "| 1 | | MP | 5 | 1.25 |",
    "a BOM before the row": "\ufeff| 1 | Seat | MP | 5 | 1.25 |",
    "text before the first pipe": "x| 1 | Seat | MP | 5 | 1.25 |",
    "text after the last pipe": "| 1 | Seat | MP | 5 | 1.25 |x",
    "no space after a pipe": "| 1 |Seat | MP | 5 | 1.25 |",
    "two spaces around a number": "| 1 | Seat | MP |  5 | 1.25 |",
    "a rank with a plus": "| +1 | Seat | MP | 5 | 1.25 |",
    "a count without commas": "| 1 | Seat | MP | 5000 | 1.25 |",
    "a percentage with one decimal": "| 1 | Seat | MP | 5 | 1.2 |",
    "a quoted cell": '| 1 | "Seat | MP" | 5 | 1.25 |',
    "a pipe in the MP's name": "| 1 | Seat | M|P | 5 | 1.25 |",
    "a NUL": "| 1 | Se\x00at | MP | 5 | 1.25 |",
}


@pytest.mark.parametrize("defect", ROW_DEFECTS, ids=list(ROW_DEFECTS))
def test_row_defects_come_out_as_the_parser_says(tmp_path: Path, defect: str) -> None:
    text = EXAMPLES[-1].read_text("utf-8")
    header = "| - | - | - | -: | -: |\n"
    at = text.index(header) + len(header)
    path = tmp_path / "defect.md"
    path.write_text(text[:at] + ROW_DEFECTS[defect] + "\n" + text[at:], "utf-8", newline="")
    sources = [EXAMPLES[0], path]
    parsed: pp.PetitionParseError | None = None
    try:
        pp.parse_file(path)
    except pp.PetitionParseError as exc:
        parsed = exc
    if parsed is None:
        assert pp.to_arrow(sources, "constituencies").equals(row_path(sources))
    else:
        with pytest.raises(pp.PetitionParseError) as read:
            pp.to_arrow(sources, "constituencies")
        assert str(read.value) == str(parsed)


def test_a_bad_row_is_reported_before_what_follows_the_table(tmp_path: Path) -> None:
    # Found by the fuzzer: the rows were checked after the rest of the report, so the
    # error named the text after the table, not the bad row that parse reports first.
    text = EXAMPLES[-1].read_text("utf-8")
    header = "| - | - | - | -: | -: |\n"
    at = text.index(header) + len(header)
    path = tmp_path / "two-faults.md"
    path.write_text(text[:at] + "| 1 | Seat |\n" + text[at:] + "\nafter the table\n", "utf-8")
    with pytest.raises(pp.PetitionParseError) as parsed:
        pp.parse_file(path)
    assert "cells" in parsed.value.message or "table row" in parsed.value.message
    with pytest.raises(pp.PetitionParseError) as read:
        pp.to_arrow(path, "constituencies")
    assert str(read.value) == str(parsed.value)
