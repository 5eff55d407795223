"""``### Signatures by Country``: ``| # | Country | Signatures | % |``, biggest first.

An ``Unknown`` row, when present, carries the difference between the total and the
sum of the countries; its count can be negative and its % can print as ``-0.00``.
"""

from __future__ import annotations

from operator import attrgetter
from typing import TYPE_CHECKING, Any

from ..._model import CountrySignatures
from ..._rows import Rows
from ..checks import check_int_column, check_text_column, percentage_texts
from ..pipe_tables import signature_table
from ..reader import Reader
from ..values import parse_count, parse_int, parse_percentage

if TYPE_CHECKING:
    from ..._model import Petition
    from ..layout import Layout

HEADING = "Signatures by Country"
FREE_TEXT = False
OPTIONAL = False
#: The fields of a report that leaves the section out (an always-present one: none).
ABSENT: dict[str, Any] = {}
HEADER = ("| # | Country | Signatures | % |", "| - | - | -: | -: |")
_CHECKS = (parse_int, None, parse_count, parse_percentage)
_FIELD = "signatures_by_country[{}]."


def extract(r: Reader, layout: Layout) -> dict[str, Any]:
    ranks, (names,), counts, percentages = signature_table(
        r, HEADING, HEADER, _CHECKS, layout.blank_lines
    )
    if layout.blank_lines:
        r.expect_blank(HEADING, "the Signatures by Country table")
    rows = Rows(CountrySignatures, (ranks, names, counts, percentages))
    return {"signatures_by_country": rows}


_FIELDS = attrgetter("rank", "name", "signature_count", "percentage")


def render(petition: Petition, out: list[str], layout: Layout) -> None:
    blank = "\n" if layout.blank_lines else ""
    out.append(f"### {HEADING}\n{blank}{HEADER[0]}\n{HEADER[1]}\n")
    rows = petition.signatures_by_country
    if rows:
        ranks, names, counts, percentages = zip(*map(_FIELDS, rows), strict=True)
        check_int_column(ranks, _FIELD + "rank")
        check_text_column(names, _FIELD + "name")
        check_int_column(counts, _FIELD + "signature_count")
        texts = percentage_texts(percentages, _FIELD + "percentage")
        out += [  # an f-string, as in constituencies.render
            f"| {rank} | {name} | {count:,} | {text} |\n"
            for rank, name, count, text in zip(ranks, names, counts, texts, strict=True)
        ]
    out.append(blank)
