"""``### Signatures by Constituency``: ``| # | Constituency | MP | Signatures | % |``.

The last section: the file ends with its last row.  ``MP`` is printed as the API
gave it, so a vacant seat (the API's null) reads ``None``; the ``Unknown`` row has
MP ``Unknown`` and can sit anywhere in the order.
"""

from __future__ import annotations

from operator import attrgetter

from .._errors import UnrepresentableError
from .._model import ConstituencySignatures, rows_from_columns
from .._reader import Reader
from ._cells import check_text_column, percentage_texts, signature_columns

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


_FIELDS = attrgetter("rank", "name", "mp", "signature_count", "percentage")
_ROW = "| {} | {} | {} | {:,} | {} |\n".format


def render(rows: tuple[ConstituencySignatures, ...], out: list[str]) -> None:
    out.append(f"### {SECTION}\n\n{HEADER[0]}\n{HEADER[1]}\n")
    if not rows:
        return
    ranks, names, mps, counts, percentages = zip(*map(_FIELDS, rows), strict=True)
    check_text_column(names, "signatures_by_constituency[{}].name")
    if VACANT in mps:
        raise UnrepresentableError(
            f"signatures_by_constituency[{mps.index(VACANT)}].mp",
            "an MP named 'None' would read back as a vacant seat (None)",
        )
    mp_cells = [VACANT if mp is None else mp for mp in mps]
    check_text_column(mp_cells, "signatures_by_constituency[{}].mp")
    texts = percentage_texts(percentages, "signatures_by_constituency[{}].percentage")
    out.extend(map(_ROW, ranks, names, mp_cells, counts, texts))
