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
"""

from __future__ import annotations

from .._errors import UnrepresentableError, shorten
from .._model import IndexRow, Link, PetitionIndex
from .._rows import rows_from_columns
from .blocks import Token
from .checks import check_int_column, check_text_column, percentage_texts
from .reader import Reader, reader_for
from .table import columns, diagnose, line_offset
from .values import (
    count_column,
    format_count,
    format_link,
    format_refreshed,
    parse_count,
    parse_percentage,
    percentage_column,
    split_link,
)

__all__ = ["HEADER_PERCENT_FIRST", "HEADER_PERCENT_LAST", "parse_index", "render_index"]

SECTION = "Index"
_COLUMNS = (
    "| Petition Name | Total Signatures | UK Signatures | Overseas Signatures | Unknown Signatures"
)
HEADER_PERCENT_LAST = (
    f"{_COLUMNS} | UK Signatures % | Overseas Signatures % | Unknown Signatures % |",
    "| - | -: | -: | -: | -: | -: | -: | -: |",
)
HEADER_PERCENT_FIRST = (
    f"{_COLUMNS} | % UK Signatures | % Overseas Signatures | % Unknown Signatures |",
    HEADER_PERCENT_LAST[1],
)
_SOURCE = "Data taken from "
_NOTEBOOK = "Reports created using a simple "
_CHECKS = (None, *[parse_count] * 4, *[parse_percentage] * 3)
_COUNTS = (
    "signature_count",
    "uk_signature_count",
    "overseas_signature_count",
    "unknown_signature_count",
)
_PERCENTAGES = ("uk_percentage", "overseas_percentage", "unknown_percentage")


def parse_index(text: str | bytes) -> PetitionIndex:
    """Read an index page (see the module doc for its layout); str or UTF-8 bytes."""
    r = reader_for(text, "an index page", "parse_index", {})
    tok = r.expect_heading(1, None, SECTION)
    title = tok.text
    if "\r" in title:
        raise r.error(tok.pos + 2 + title.index("\r"), "expected the title on one line", SECTION)
    r.expect_blank(SECTION, "the title")
    source = _link_line(r, _SOURCE, "the data source line")
    r.expect_blank(SECTION, "the data source line")
    notebook = None
    following = r.peek()
    if (
        following is not None
        and following.kind == "paragraph"
        and following.text.startswith(_NOTEBOOK)
    ):
        notebook = _link_line(r, _NOTEBOOK, "the notebook line")
        r.expect_blank(SECTION, "the notebook line")
    refreshed_at = r.expect_refreshed(SECTION)
    r.expect_blank(SECTION, "the refresh time")
    table = r.expect_table(SECTION)
    percent_first = table.text.startswith(HEADER_PERCENT_FIRST[0] + "\n")
    rows = _rows(r, table, HEADER_PERCENT_FIRST if percent_first else HEADER_PERCENT_LAST)
    r.expect_end("the table", SECTION)
    return PetitionIndex(title, source, notebook, refreshed_at, rows, percent_first)


def _link_line(r: Reader, prefix: str, what: str) -> Link:
    line, pos = r.expect_line(SECTION, f"{what}, '{prefix}[TEXT](URL)'")
    link = split_link(line[len(prefix) :]) if line.startswith(prefix) else None
    if link is None or "\r" in line:
        raise r.error(
            pos,
            f"expected {what}, '{prefix}[TEXT](URL)', found {shorten(line)}",
            SECTION,
            width=len(line),
        )
    return Link(*link)


def _rows(r: Reader, tok: Token, header: tuple[str, str]) -> tuple[IndexRow, ...]:
    cells = columns(r, tok, SECTION, header)
    links, *numbers = cells
    names, reports = [], []
    for i, cell in enumerate(links):
        link = split_link(cell)
        if link is None:
            raise r.error(
                line_offset(tok, 2 + i) + 2,
                f"expected a link to the report, '[NAME](FILE.md)', found {shorten(cell)}",
                SECTION,
                width=max(1, len(cell)),
            )
        names.append(link[0])
        reports.append(link[1])
    try:
        values = [count_column(c) for c in numbers[:4]] + [
            percentage_column(c) for c in numbers[4:]
        ]
    except ValueError:
        raise diagnose(r, tok, SECTION, cells, _CHECKS) from None
    return rows_from_columns(IndexRow, [names, reports, *values])


def render_index(index: PetitionIndex) -> str:
    """The page's text: ``render_index(parse_index(x)) == x``."""
    if "\n" in index.title or "\r" in index.title:
        raise UnrepresentableError("title", "the title cannot hold a line break")
    out = [f"# {index.title}\n\n"]
    out.append(f"{_SOURCE}{format_link(index.source.text, index.source.url, 'source')}\n\n")
    if index.notebook is not None:
        notebook = format_link(index.notebook.text, index.notebook.url, "notebook")
        out.append(f"{_NOTEBOOK}{notebook}\n\n")
    out.append(f"{format_refreshed(index.refreshed_at)}\n\n")
    header = HEADER_PERCENT_FIRST if index.percent_first else HEADER_PERCENT_LAST
    out.append(f"{header[0]}\n{header[1]}\n")
    rows = index.rows
    if rows:
        cells = [format_link(r.name, r.report, f"rows[{i}].report") for i, r in enumerate(rows)]
        check_text_column(cells, "rows[{}].name")
        for name in _COUNTS:
            check_int_column([getattr(row, name) for row in rows], f"rows[{{}}].{name}")
        percentages = [
            percentage_texts([getattr(row, name) for row in rows], f"rows[{{}}].{name}")
            for name in _PERCENTAGES
        ]
        out.extend(
            f"| {cell} | {format_count(row.signature_count)} "
            f"| {format_count(row.uk_signature_count)} "
            f"| {format_count(row.overseas_signature_count)} "
            f"| {format_count(row.unknown_signature_count)} "
            f"| {uk} | {overseas} | {unknown} |\n"
            for cell, row, uk, overseas, unknown in zip(cells, rows, *percentages, strict=True)
        )
    return "".join(out)
