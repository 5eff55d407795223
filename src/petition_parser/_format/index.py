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

from collections.abc import Callable
from datetime import date
from typing import Any

from .._errors import PetitionParseError, UnrepresentableError, shorten
from .._model import IndexRow, Link, PetitionIndex
from .._rows import rows_from_columns
from .blocks import BlockRules, Token
from .checks import check_int_column, check_text_column, percentage_texts
from .index_layouts import (
    HEADER_PERCENT_FIRST,
    HEADER_PERCENT_LAST,
    NOTEBOOK,
    PAGE_LAYOUTS,
    PageLayout,
    detect_page,
)
from .pipe_tables import columns, diagnose, line_offset
from .reader import Reader, prepare, reader_for
from .values import (
    count_column,
    format_count,
    format_link,
    format_refreshed,
    int_column,
    parse_count,
    parse_date,
    parse_int,
    parse_percent_suffixed,
    parse_percentage,
    percentage_column,
    split_link,
)

__all__ = [
    "HEADER_PERCENT_FIRST",
    "HEADER_PERCENT_LAST",
    "PAGE_LAYOUTS",
    "detect_page",
    "parse_index",
    "render_index",
]

SECTION = "Index"
_SOURCE = "Data taken from "
_COUNTS = (
    "signature_count",
    "uk_signature_count",
    "overseas_signature_count",
    "unknown_signature_count",
)
_PERCENTAGES = ("uk_percentage", "overseas_percentage", "unknown_percentage")


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
    tok = r.expect_heading(1, None, SECTION)
    title = tok.text
    if "\r" in title:
        raise r.error(tok.pos + 2 + title.index("\r"), "expected the title on one line", SECTION)
    if page.blank_after_title:
        r.expect_blank(SECTION, "the title")
    source = _link_line(r, _SOURCE, "the data source line")
    r.expect_blank(SECTION, "the data source line")
    notebook = None
    following = r.peek()
    if (
        following is not None
        and following.kind == "paragraph"
        and following.text.startswith(NOTEBOOK)
    ):
        notebook = _link_line(r, NOTEBOOK, "the notebook line")
        r.expect_blank(SECTION, "the notebook line")
    refreshed_at = r.expect_refreshed(SECTION)
    if not page.table:
        r.expect_end("the refresh time", SECTION)
        return PetitionIndex(title, source, notebook, refreshed_at, (), False, page.name)
    r.expect_blank(SECTION, "the refresh time")
    table = r.expect_table(SECTION)
    percent_first = page.percent_first
    if percent_first is None:
        percent_first = table.text.startswith(HEADER_PERCENT_FIRST[0] + "\n")
    rows = _rows(r, table, page, page.header(percent_first))
    r.expect_end("the table", SECTION)
    return PetitionIndex(title, source, notebook, refreshed_at, rows, percent_first, page.name)


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


def _rows(r: Reader, tok: Token, page: PageLayout, header: tuple[str, str]) -> tuple[IndexRow, ...]:
    cells = columns(r, tok, SECTION, header)
    ranks = cells.pop(0) if page.rank else None
    links = cells.pop(0)
    dates = cells.pop(0) if page.date else None
    numbers = cells
    names, reports = [], []
    for i, cell in enumerate(links):
        link = split_link(cell)
        if link is None:
            column = 2 + (len(ranks[i]) + 3 if ranks is not None else 0)
            raise r.error(
                line_offset(tok, 2 + i) + column,
                f"expected a link to the report, '[NAME](FILE.md)', found {shorten(cell)}",
                SECTION,
                width=max(1, len(cell)),
            )
        names.append(link[0])
        reports.append(link[1])
    percent = parse_percent_suffixed if page.percent_suffix else parse_percentage
    checks = (
        *([parse_int] if page.rank else []),
        None,
        *([parse_date] if page.date else []),
        *[parse_count] * 4,
        *[percent] * 3,
    )
    try:
        values: list[list[Any]] = [count_column(c) for c in numbers[:4]]
        if page.percent_suffix:
            values += [list(map(parse_percent_suffixed, c)) for c in numbers[4:]]
        else:
            values += [percentage_column(c) for c in numbers[4:]]
        extra = [
            int_column(ranks) if ranks is not None else [None] * len(links),
            list(map(parse_date, dates)) if dates is not None else [None] * len(links),
        ]
    except ValueError:
        every = [*([ranks] if ranks is not None else []), links]
        every += [*([dates] if dates is not None else []), *numbers]
        raise diagnose(r, tok, SECTION, every, checks) from None
    return rows_from_columns(IndexRow, [names, reports, *values, *extra])


def render_index(index: PetitionIndex) -> str:
    """The page's text: ``render_index(parse_index(x)) == x``."""
    page = PAGE_LAYOUTS[index.layout]
    if "\n" in index.title or "\r" in index.title:
        raise UnrepresentableError("title", "the title cannot hold a line break")
    blank = "\n" if page.blank_after_title else ""
    out = [f"# {index.title}\n{blank}"]
    out.append(f"{_SOURCE}{format_link(index.source.text, index.source.url, 'source')}\n\n")
    if index.notebook is not None:
        notebook = format_link(index.notebook.text, index.notebook.url, "notebook")
        out.append(f"{NOTEBOOK}{notebook}\n\n")
    if not page.table:
        if index.rows:
            raise UnrepresentableError("rows", f"layout {page.name} has no table")
        if index.percent_first:
            raise UnrepresentableError("percent_first", f"layout {page.name} has no header")
        out.append(f"{format_refreshed(index.refreshed_at)}\n")
        return "".join(out)
    out.append(f"{format_refreshed(index.refreshed_at)}\n\n")
    percent_first = index.percent_first if page.percent_first is None else page.percent_first
    if percent_first != index.percent_first:
        raise UnrepresentableError(
            "percent_first", f"layout {page.name} spells the header one way only"
        )
    header = page.header(percent_first)
    out.append(f"{header[0]}\n{header[1]}\n")
    rows = index.rows
    if rows:
        out.extend(_row_lines(rows, page))
    return "".join(out)


def _row_lines(rows: tuple[IndexRow, ...], page: PageLayout) -> list[str]:
    cells = [format_link(r.name, r.report, f"rows[{i}].report") for i, r in enumerate(rows)]
    check_text_column(cells, "rows[{}].name")
    for name in _COUNTS:
        check_int_column([getattr(row, name) for row in rows], f"rows[{{}}].{name}")
    suffix = "%" if page.percent_suffix else ""
    percentages = [
        [
            t + suffix
            for t in percentage_texts([getattr(row, name) for row in rows], f"rows[{{}}].{name}")
        ]
        for name in _PERCENTAGES
    ]
    firsts = _optional_cells(rows, "rank", page.rank, str)
    dates = _optional_cells(rows, "date_created", page.date, date.isoformat)
    return [
        f"| {first}{cell} | {when}{format_count(row.signature_count)} "
        f"| {format_count(row.uk_signature_count)} "
        f"| {format_count(row.overseas_signature_count)} "
        f"| {format_count(row.unknown_signature_count)} "
        f"| {uk} | {overseas} | {unknown} |\n"
        for first, cell, when, row, uk, overseas, unknown in zip(
            firsts, cells, dates, rows, *percentages, strict=True
        )
    ]


def _optional_cells(
    rows: tuple[IndexRow, ...], name: str, present: bool, text: Callable[[Any], str]
) -> list[str]:
    """The cells (with their separator) of the rank or date column, where the layout has it."""
    values = [getattr(row, name) for row in rows]
    if not present:
        if any(v is not None for v in values):
            i = next(i for i, v in enumerate(values) if v is not None)
            raise UnrepresentableError(f"rows[{i}].{name}", "this layout has no such column")
        return [""] * len(rows)
    if None in values:
        i = values.index(None)
        raise UnrepresentableError(f"rows[{i}].{name}", "this layout needs it in every row")
    if name == "rank":
        check_int_column(values, "rows[{}].rank")
    return [f"{text(v)} | " for v in values]
