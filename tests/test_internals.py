"""The hot-path helpers agree with the plain code they replace."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import petition_parser as pp
from petition_parser._sections import _cells

from .strategies import cell, counts, percentages


@given(st.lists(st.tuples(st.integers(), cell, st.none() | cell, counts, percentages)))
def test_build_rows_equals_the_constructor(
    rows: list[tuple[int, str, str | None, int, float]],
) -> None:
    columns = tuple(zip(*rows, strict=True)) if rows else ((),) * 5
    built = _cells.build_rows(pp.ConstituencySignatures, columns)
    assert built == tuple(pp.ConstituencySignatures(*row) for row in rows)
    for row in built:
        with pytest.raises(AttributeError):
            row.rank = 0  # type: ignore[misc]  # still frozen


@given(st.lists(st.integers(-(10**12), 10**12), max_size=20))
def test_columns_read_what_the_script_writes(values: list[int]) -> None:
    assert _cells.rank_column([f"| {v}" for v in values]) == values
    assert _cells.count_column([f"{v:,}" for v in values]) == values
    floats = [v / 100 for v in values]
    assert _cells.percentage_column([f"{f:.2f} |" for f in floats]) == [
        float(f"{f:.2f}") for f in floats
    ]


@pytest.mark.parametrize("bad", ["+1", " 1", "1_000", "01", "-0", "\u0661", "1.0", ""])
def test_rank_column_refuses_what_would_not_print_back(bad: str) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 (the column functions raise a bare ValueError)
        _cells.rank_column(["| 1", f"| {bad}"])


@pytest.mark.parametrize("bad", ["1234", "1,23", "12,345,6", "+5", "-0", "0,001", " 5"])
def test_count_column_refuses_what_would_not_print_back(bad: str) -> None:
    with pytest.raises(ValueError):  # noqa: PT011
        _cells.count_column(["5", bad])


@pytest.mark.parametrize(
    "bad", ["1.2", "1.234", "nan", "inf", "01.00", "+1.00", "1e3", "12345678901234.00"]
)
def test_percentage_column_refuses_what_would_not_print_back(bad: str) -> None:
    with pytest.raises(ValueError):  # noqa: PT011
        _cells.percentage_column(["1.00 |", f"{bad} |"])
