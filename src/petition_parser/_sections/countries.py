"""``### Signatures by Country``: ``| # | Country | Signatures | % |``, biggest first.

An ``Unknown`` row, when present, carries the difference between the total and the
sum of the countries; its count can be negative and its % can print as ``-0.00``.
"""

from __future__ import annotations

from .._model import CountrySignatures
from .._reader import Reader
from ._cells import (
    build_rows,
    check_percentage,
    check_text_cell,
    count_column,
    diagnose_table,
    format_count,
    parse_count,
    parse_int,
    parse_percentage,
    percentage_column,
    rank_column,
    table_body,
)

SECTION = "Signatures by Country"
HEADER = ("| # | Country | Signatures | % |", "| - | - | -: | -: |")


def extract(r: Reader) -> tuple[CountrySignatures, ...]:
    r.expect_heading(3, SECTION, SECTION)
    r.expect_blank(SECTION, "the heading")
    tok = r.expect_table(SECTION)
    body = table_body(r, tok, SECTION, HEADER)
    r.expect_blank(SECTION, "the Signatures by Country table")
    if not body:
        return ()
    ranks, names, counts, percentages = zip(*body, strict=False)
    try:
        columns = rank_column(ranks), count_column(counts), percentage_column(percentages)
    except ValueError:
        raise diagnose_table(
            r,
            tok,
            SECTION,
            len(HEADER),
            body,
            (parse_int, None, parse_count, parse_percentage),
        ) from None
    rank_values, count_values, percentage_values = columns
    return build_rows(CountrySignatures, (rank_values, names, count_values, percentage_values))


def render(rows: tuple[CountrySignatures, ...], out: list[str]) -> None:
    out.append(f"### {SECTION}\n\n{HEADER[0]}\n{HEADER[1]}\n")
    for i, row in enumerate(rows):
        field = f"signatures_by_country[{i}]"
        check_text_cell(row.name, f"{field}.name")
        out.append(
            f"| {row.rank} | {row.name} | {format_count(row.signature_count)} "
            f"| {check_percentage(row.percentage, f'{field}.percentage')} |\n"
        )
    out.append("\n")
