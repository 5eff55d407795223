"""Index pages: the "Top N Petitions" tables that list the reports.

The layout, as the reporting script wrote it::

    # Top {N} [{State} ]Petitions

    Data taken from [{source}]({source url})

    Reports created using a simple [{tool}]({tool url})      (optional line)

    Last refreshed {YYYY-MM-DD HH:MM:SS}

    | Petition Name | Total Signatures | UK Signatures | Overseas Signatures | ...
    | - | -: | -: | -: | -: | -: | -: | -: |
    | [{name}]({report}) | {total:,} | {uk:,} | {overseas:,} | {unknown:,} | ... |

The header's eight cells: Petition Name, Total Signatures, UK Signatures, Overseas
Signatures, Unknown Signatures, UK Signatures %, Overseas Signatures %, Unknown
Signatures %; the rows' last three cells are those percentages, to two decimals.

The last three header cells are also written ``% UK Signatures`` and so on.  The
file ends with the last row's line break ("Top 0" pages have no rows).  Same
contracts as reports: ``render_index(parse_index(x)) == x``, PetitionParseError
for anything else, UnrepresentableError for what the layout cannot hold.

The early layouts of 2019-03-25 and 26, and the table-less page written while the
petitions site was closed, are in ``index_layouts.py``.
"""

from __future__ import annotations

from typing import Any

from .._errors import PetitionParseError, UnrepresentableError
from .._model import PetitionIndex
from .blocks import BlockRules
from .index_layouts import (
    HEADER_PERCENT_FIRST,
    HEADER_PERCENT_LAST,
    PAGE_LAYOUTS,
    PageLayout,
    detect_page,
)
from .reader import Reader, prepare, reader_for
from .sections.index_page import PARTS, SECTION

__all__ = [
    "HEADER_PERCENT_FIRST",
    "HEADER_PERCENT_LAST",
    "PAGE_LAYOUTS",
    "detect_page",
    "parse_index",
    "render_index",
]


def parse_index(text: str | bytes) -> PetitionIndex:
    """Read an index page (see the module doc for its layouts); str or UTF-8 bytes."""
    src = prepare(text, "parse_index")
    page = detect_page(src)
    try:
        return _parse_page(reader_for(src, "an index page", _RULES), page)
    except PetitionParseError as exc:
        if page.name.startswith("I-"):
            suffix = f" (reading the page as the early layout {page.name})"
            raise exc.evolve(message=exc.message + suffix) from None
        raise


_RULES = BlockRules(free_text_until={})


def _parse_page(r: Reader, page: PageLayout) -> PetitionIndex:
    """Walk the page's parts (``sections/index_page.py``), as ``parse`` walks a report's."""
    fields: dict[str, Any] = {"layout": page.name, **page.absent()}
    for part in page.sections:
        fields.update(part.extract(r, page))
    r.expect_end("the table" if page.sections[-1] is PARTS[-1] else "the refresh time", SECTION)
    return PetitionIndex(**fields)


def render_index(index: PetitionIndex) -> str:
    """The page's text: ``render_index(parse_index(x)) == x``."""
    page = PAGE_LAYOUTS[index.layout]
    for part in PARTS:
        if part in page.sections:
            continue
        for name, value in part.ABSENT.items():
            if getattr(index, name) != value:
                what = "table" if name == "rows" else "header"
                raise UnrepresentableError(name, f"layout {page.name} has no {what}")
    out: list[str] = []
    for part in page.sections:
        part.render(index, out, page)
    return "".join(out)
