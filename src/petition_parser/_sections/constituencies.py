"""``### Signatures by Constituency``: ``| # | Constituency | MP | Signatures | % |``.

The last section: the file ends with its last row.  ``MP`` is printed as the API
gave it, so a vacant seat (the API's null) reads ``None``; the ``Unknown`` row has
MP ``Unknown`` and can sit anywhere in the order.
"""

from __future__ import annotations

from .._errors import UnrepresentableError
from .._model import ConstituencySignatures, rows_from_columns
from .._reader import Reader
from ._cells import check_percentage, check_text_cell, format_count, signature_columns

SECTION = "Signatures by Constituency"
HEADER = (
    "| # | Constituency | MP | Signatures | % |",
    "| - | - | - | -: | -: |",
)
#: How the report prints a vacant seat (the API's null).
VACANT = "None"


def extract(r: Reader) -> tuple[ConstituencySignatures, ...]:
    r.expect_heading(3, SECTION, SECTION)
    r.expect_blank(SECTION, "the heading")
    tok = r.expect_table(SECTION)
    ranks, (names, mps), counts, percentages = signature_columns(r, tok, SECTION, HEADER)
    mp_values: list[str | None] = list(mps)
    if VACANT in mp_values:  # vacant seats are few: find them with C-level scans
        i = -1
        for _ in range(mp_values.count(VACANT)):
            i = mp_values.index(VACANT, i + 1)
            mp_values[i] = None
    return rows_from_columns(ConstituencySignatures, (ranks, names, mp_values, counts, percentages))


def render(rows: tuple[ConstituencySignatures, ...], out: list[str]) -> None:
    out.append(
        f"### {SECTION}\n\n| # | Constituency | MP | Signatures | % |\n| - | - | - | -: | -: |\n"
    )
    for i, row in enumerate(rows):
        field = f"signatures_by_constituency[{i}]"
        check_text_cell(row.name, f"{field}.name")
        mp = row.mp
        if mp is None:
            mp = VACANT
        elif mp == VACANT:
            raise UnrepresentableError(
                f"{field}.mp", "an MP named 'None' would read back as a vacant seat (None)"
            )
        else:
            check_text_cell(mp, f"{field}.mp")
        out.append(
            f"| {row.rank} | {row.name} | {mp} | {format_count(row.signature_count)} "
            f"| {check_percentage(row.percentage, f'{field}.percentage')} |\n"
        )
