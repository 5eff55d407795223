"""The hot-path helpers agree with the plain code they replace."""

from __future__ import annotations

import os
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import petition_parser as pp
from petition_parser._errors import locate, shorten
from petition_parser._format import EVENTS
from petition_parser._format import pipe_tables as _table
from petition_parser._format import values as _cells
from petition_parser._format.blocks import Token
from petition_parser._format.reader import Reader
from petition_parser._rows import rows_from_columns
from petition_parser._snapshot import _unknown_flags
from petition_parser._workers import CHUNK, FIRST_CHUNK, in_processes

from .conftest import ROOT
from .strategies import cell, counts, percentages


@given(st.lists(st.tuples(st.integers(), cell, st.none() | cell, counts, percentages)))
def test_rows_from_columns_equals_the_constructor(
    rows: list[tuple[int, str, str | None, int, float]],
) -> None:
    columns = tuple(zip(*rows, strict=True)) if rows else ((),) * 5
    built = rows_from_columns(pp.ConstituencySignatures, columns)
    assert built == tuple(pp.ConstituencySignatures(*row) for row in rows)
    for row in built:
        with pytest.raises(AttributeError):
            row.rank = 0  # type: ignore[misc]  # still frozen


_NAMES = st.sampled_from(["Unknown", "Bath", "unknown", "Unknown ", None])


@given(st.lists(st.tuples(_NAMES.filter(bool), _NAMES)))
def test_unknown_flags_equal_the_rows_is_unknown(rows: list[tuple[str, str | None]]) -> None:
    names = [name for name, _ in rows]
    mps = [mp for _, mp in rows]
    built = [pp.ConstituencySignatures(1, name, mp, 1, 1.0) for name, mp in rows]
    assert _unknown_flags(names, mps) == [row.is_unknown for row in built]
    countries = [pp.CountrySignatures(1, name, 1, 1.0) for name in names]
    assert _unknown_flags(names, None) == [row.is_unknown for row in countries]


@given(st.lists(st.integers(-(10**18) + 1, 10**18 - 1), max_size=20))
def test_columns_read_what_the_script_writes(values: list[int]) -> None:
    assert _cells.int_column([str(v) for v in values]) == values
    assert _cells.count_column([f"{v:,}" for v in values]) == values
    floats = [v / 100 for v in values if abs(v) < 10**14]  # at most 13 integer digits
    assert _cells.percentage_column([f"{f:.2f}" for f in floats]) == [
        float(f"{f:.2f}") for f in floats
    ]


@pytest.mark.parametrize(
    "bad", ["+1", " 1", "1_000", "01", "-0", "\u0661", "1.0", "", "1" + "0" * 18, "9" * 5000]
)
def test_int_column_refuses_what_would_not_print_back(bad: str) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 (the column functions raise a bare ValueError)
        _cells.int_column(["1", bad])


@pytest.mark.parametrize(
    "bad", ["1234", "1,23", "12,345,6", "+5", "-0", "0,001", " 5", "1" + ",000" * 6]
)
def test_count_column_refuses_what_would_not_print_back(bad: str) -> None:
    with pytest.raises(ValueError):  # noqa: PT011
        _cells.count_column(["5", bad])


@pytest.mark.parametrize(
    "bad", ["1.2", "1.234", "nan", "inf", "01.00", "+1.00", "1e3", "12345678901234.00"]
)
def test_percentage_column_refuses_what_would_not_print_back(bad: str) -> None:
    with pytest.raises(ValueError):  # noqa: PT011
        _cells.percentage_column(["1.00", bad])


HEADER = ("| a | b | c | d |", "| - | - | - | - |")
#: Table lines as the block rule hands them over: each starts with "|".
_TABLE_LINE = st.text(alphabet="| \tab1.", max_size=12).map(lambda s: "|" + s)


def _columns(body: str) -> list[list[str]] | str:
    raw = f"{HEADER[0]}\n{HEADER[1]}\n{body}"
    reader = Reader(raw, [])
    tok = Token("table", 0, raw)
    try:
        return _table.columns(reader, tok, "T", HEADER)
    except pp.PetitionParseError as exc:
        return f"error at line {exc.line}"


def _row_by_row(body: str) -> list[list[str]] | str:
    raw = f"{HEADER[0]}\n{HEADER[1]}\n{body}"
    tok = Token("table", 0, raw)
    try:
        return _table._row_by_row(Reader(raw, []), tok, "T", body, 4)
    except pp.PetitionParseError as exc:
        return f"error at line {exc.line}"


# A first cell cannot start with "|": after the row's "| " that reads as a separator.
# (The tables' first cells are ranks and event labels.)
_row = st.tuples(cell.filter(lambda s: not s.startswith("|")), cell, cell, cell).map(list)


@given(st.lists(_row, min_size=1, max_size=6))
def test_columns_of_a_written_table_are_its_cells(rows: list[list[str]]) -> None:
    body = "".join("| " + " | ".join(row) + " |\n" for row in rows)
    assert _columns(body) == [list(column) for column in zip(*rows, strict=True)]


@given(st.lists(_TABLE_LINE, min_size=1, max_size=6))
def test_fast_columns_agree_with_reading_row_by_row(lines: list[str]) -> None:
    body = "\n".join(lines) + "\n"
    assert _columns(body) == _row_by_row(body)


def test_a_well_formed_table_takes_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object) -> None:
        raise AssertionError("row-by-row path taken")

    monkeypatch.setattr(_table, "_row_by_row", refuse)
    text = (ROOT / "examples" / "full-size.md").read_text(encoding="utf-8")
    assert len(pp.parse(text).signatures_by_constituency) == 651


def test_history_events_are_in_the_order_of_the_history_fields() -> None:
    # The History table lists events in the order of the class's fields, and render
    # walks EVENTS: the two must name the same fields in the same order.
    assert [f.name for f in attrs.fields(pp.History)] == list(EVENTS.values())
    assert (*EVENTS,)[::6] == ("Updated", "Created")


def test_decoded_bytes_are_not_searched_for_surrogates(monkeypatch: pytest.MonkeyPatch) -> None:
    """A strict UTF-8 decode never gives a lone surrogate: the whole-text search is for
    text handed over as str only (it was a sixth of a real report's archive parse)."""
    from petition_parser._format import reader  # noqa: PLC0415

    text = (ROOT / "examples" / "small.md").read_text("utf-8").replace("duck", "dück")

    class Refuse:
        def search(self, text: str) -> None:
            raise AssertionError("searched")

    monkeypatch.setattr(reader, "_SURROGATE", Refuse())
    assert reader.prepare(text.encode("utf-8"), "parse") == text
    with pytest.raises(AssertionError, match="searched"):
        reader.prepare(text, "parse")


def _chunk_size(chunk: list[int]) -> list[tuple[str | None, Any]]:
    """A worker's task that tells how many items its chunk held, and where it ran."""
    return [(None, (chunk[0], len(chunk), os.getpid()))]


def _remote(item: object) -> bool:
    return True


def test_worker_chunks_grow_from_the_first_size_to_the_largest() -> None:
    """Chunks of 8, 16, 32, then 64 items: a short job reaches every worker, a long one
    hands them over 64 at a time; results in the items' order."""
    got = [r for _, r in in_processes(iter(range(300)), _chunk_size, _chunk_size, _remote, 2)]
    assert [size for _, size, _ in got] == [8, 16, 32, 64, 64, 64, 52]
    assert [first for first, _, _ in got] == [0, 8, 24, 56, 120, 184, 248]
    assert all(pid != os.getpid() for _, _, pid in got)
    assert (FIRST_CHUNK, CHUNK) == (8, 64)


_SIGNATURE_PIECES = st.sampled_from(
    ["\n", "**", "-", "1", "0", ",", " signatures**\n", " signatures", "x", " ", "*"]
)


@given(st.lists(_SIGNATURE_PIECES, max_size=24).map("".join))
def test_the_signatures_line_is_found_as_the_pattern_finds_it(src: str) -> None:
    """``_has_signatures_line`` (found by the line's end) answers as a search of its
    pattern does, on texts made of the pattern's own pieces."""
    from petition_parser._format.layout import (  # noqa: PLC0415
        _SIGNATURES_LINE,
        _has_signatures_line,
    )

    assert _has_signatures_line(src) == (_SIGNATURES_LINE.search(src) is not None)
    assert _has_signatures_line("# T\n\n**1,000 signatures**\n")
    assert not _has_signatures_line("# T\n**1 000 signatures**\n")


def _split_link_of_a_slice(text: str) -> tuple[str, str] | None:
    """``split_link`` as it was: on a copy of the line, the search first."""
    split = text.rfind("](")
    if not text.startswith("[") or not text.endswith(")") or split < 1:
        return None
    return text[1:split], text[split + 2 : -1]


_LINK_TEXT = st.text(st.sampled_from("[]()x\r\n"), max_size=12)


@given(_LINK_TEXT, st.integers(0, 14), st.integers(0, 14))
def test_split_link_at_offsets_reads_the_slice(text: str, start: int, end: int) -> None:
    assert _cells.split_link(text, start, end) == _split_link_of_a_slice(text[start:end])
    assert _cells.split_link(text, start) == _split_link_of_a_slice(text[start:])
    assert _cells.split_link(text) == _split_link_of_a_slice(text)


def _locate_by_counting(src: str, pos: int) -> tuple[int, int, str]:
    pos = max(0, min(pos, len(src)))
    line_start = src.rfind("\n", 0, pos) + 1
    line_end = src.find("\n", pos)
    line_end = len(src) if line_end == -1 else line_end
    return src.count("\n", 0, pos) + 1, pos - line_start + 1, src[line_start:line_end]


@given(st.text(st.sampled_from("ab\n\r"), max_size=20), st.integers(-2, 22))
def test_locate_counts_the_lines_before_the_position(src: str, pos: int) -> None:
    assert locate(src, pos) == _locate_by_counting(src, pos)


@given(st.text(st.sampled_from("ab\n'"), max_size=90), st.integers(0, 100), st.integers(3, 80))
def test_shorten_up_to_an_end_quotes_the_slice(text: str, end: int, room: int) -> None:
    assert shorten(text, room, end) == shorten(text[:end], room)
