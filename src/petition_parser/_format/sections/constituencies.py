"""``### Signatures by Constituency``: ``| # | Constituency | MP | Signatures | % |``.

The last section: the file ends with its last row.  ``MP`` is printed as the API
gave it, so a vacant seat (the API's null) reads ``None``; the ``Unknown`` row has
MP ``Unknown`` and can sit anywhere in the order.
"""

from __future__ import annotations

from operator import attrgetter
from typing import TYPE_CHECKING, Any

from ..._errors import UnrepresentableError
from ..._model import ConstituencySignatures
from ..._rows import Rows, positions
from ..checks import check_int_column, check_text_column, percentage_texts
from ..pipe_tables import signature_table, table_text
from ..reader import Reader
from ..values import parse_count, parse_int, parse_percentage

if TYPE_CHECKING:
    from ..._model import Petition
    from ..layout import Layout

HEADING = "Signatures by Constituency"
FREE_TEXT = False
OPTIONAL = False
#: The fields of a report that leaves the section out (an always-present one: none).
ABSENT: dict[str, Any] = {}
#: The header (the early layouts A and B wrote other delimiter rows: ``layout.py``).
HEADER = (
    "| # | Constituency | MP | Signatures | % |",
    "| - | - | - | -: | -: |",
)
_CHECKS = (parse_int, None, None, parse_count, parse_percentage)
_FIELD = "signatures_by_constituency[{}]."
#: How the report prints a vacant seat (the API's null).
VACANT = "None"


def extract(r: Reader, layout: Layout) -> dict[str, Any]:
    ranks, (names, mps), counts, percentages = signature_table(
        r, HEADING, layout.constituency_header, _CHECKS, layout.blank_lines
    )
    mp_values: list[str | None] = list(mps)
    for at in positions(mp_values, VACANT):  # vacant seats are few
        mp_values[at] = None
    rows = Rows(ConstituencySignatures, (ranks, names, mp_values, counts, percentages))
    return {"signatures_by_constituency": rows}


def extract_text(r: Reader, layout: Layout) -> str:
    """The section's rows as text, unread (``parse_constituency_text``)."""
    return table_text(r, HEADING, layout.constituency_header, layout.blank_lines)


_FIELDS = attrgetter("rank", "name", "mp", "signature_count", "percentage")


def render(petition: Petition, out: list[str], layout: Layout) -> None:
    header = layout.constituency_header
    blank = "\n" if layout.blank_lines else ""
    out.append(f"### {HEADING}\n{blank}{header[0]}\n{header[1]}\n")
    rows = petition.signatures_by_constituency
    if not rows:
        return
    ranks, names, mps, counts, percentages = zip(*map(_FIELDS, rows), strict=True)
    check_int_column(ranks, _FIELD + "rank")
    check_text_column(names, _FIELD + "name")
    if VACANT in mps:
        raise UnrepresentableError(
            f"signatures_by_constituency[{mps.index(VACANT)}].mp",
            "an MP named 'None' would read back as a vacant seat (None)",
        )
    mp_cells = [VACANT if mp is None else mp for mp in mps]
    check_text_column(mp_cells, _FIELD + "mp")
    check_int_column(counts, _FIELD + "signature_count")
    texts = percentage_texts(percentages, _FIELD + "percentage")
    # An f-string, not a str.format: its template is compiled, not parsed again for each
    # of the 650 rows (about a third faster).
    out += [
        f"| {rank} | {name} | {mp} | {count:,} | {text} |\n"
        for rank, name, mp, count, text in zip(ranks, names, mp_cells, counts, texts, strict=True)
    ]
