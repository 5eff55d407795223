"""``### Signatures by Country``: ``| # | Country | Signatures | % |``, biggest first.

An ``Unknown`` row, when present, carries the difference between the total and the
sum of the countries; its count can be negative and its % can print as ``-0.00``.
"""

from __future__ import annotations

from .._model import CountrySignatures, rows_from_columns
from .._reader import Reader
from ._cells import check_percentage, check_text_cell, format_count, signature_columns

SECTION = "Signatures by Country"
HEADER = ("| # | Country | Signatures | % |", "| - | - | -: | -: |")


def extract(r: Reader) -> tuple[CountrySignatures, ...]:
    r.expect_heading(3, SECTION, SECTION)
    r.expect_blank(SECTION, "the heading")
    tok = r.expect_table(SECTION)
    ranks, (names,), counts, percentages = signature_columns(r, tok, SECTION, HEADER)
    r.expect_blank(SECTION, "the Signatures by Country table")
    return rows_from_columns(CountrySignatures, (ranks, names, counts, percentages))


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
