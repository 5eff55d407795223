"""``### Signatures by Country``: ``| # | Country | Signatures | % |``, biggest first.

An ``Unknown`` row, when present, carries the difference between the total and the
sum of the countries; its count can be negative and its % can print as ``-0.00``.
"""

from __future__ import annotations

from operator import attrgetter

from .._model import CountrySignatures, rows_from_columns
from .._reader import Reader
from ._cells import check_text_column, percentage_texts, signature_columns

SECTION = "Signatures by Country"
HEADER = ("| # | Country | Signatures | % |", "| - | - | -: | -: |")


def extract(r: Reader) -> tuple[CountrySignatures, ...]:
    r.expect_heading(3, SECTION, SECTION)
    r.expect_blank(SECTION, "the heading")
    tok = r.expect_table(SECTION)
    ranks, (names,), counts, percentages = signature_columns(r, tok, SECTION, HEADER)
    r.expect_blank(SECTION, "the Signatures by Country table")
    return rows_from_columns(CountrySignatures, (ranks, names, counts, percentages))


_FIELDS = attrgetter("rank", "name", "signature_count", "percentage")
_ROW = "| {} | {} | {:,} | {} |\n".format


def render(rows: tuple[CountrySignatures, ...], out: list[str]) -> None:
    out.append(f"### {SECTION}\n\n{HEADER[0]}\n{HEADER[1]}\n")
    if rows:
        ranks, names, counts, percentages = zip(*map(_FIELDS, rows), strict=True)
        check_text_column(names, "signatures_by_country[{}].name")
        texts = percentage_texts(percentages, "signatures_by_country[{}].percentage")
        out.extend(map(_ROW, ranks, names, counts, texts))
    out.append("\n")
