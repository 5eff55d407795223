"""An index page's parts ("Top N Petitions"), in the order the page writes them.

Each part is described as a report section is (``layout.Section``): ``OPTIONAL``,
``ABSENT`` (the fields of a page without it), ``extract(r, page)`` and
``render(index, out, page)``; ``index_layouts.PAGE_LAYOUTS`` says which parts each
layout writes, and ``index.py`` walks them.

=============  ===================================================================
``TITLE``      ``# Top N ... Petitions`` (a blank line after it, but in I-1 to I-4)
``SOURCE``     ``Data taken from [TEXT](URL)`` and a blank line
``NOTEBOOK``   ``Reports created using a simple [TEXT](URL)`` and a blank line (optional)
``REFRESHED``  ``Last refreshed YYYY-MM-DD HH:MM:SS`` (then a blank line, if a table follows)
``TABLE``      the header, and a row per petition (not in the page of a closed site)
=============  ===================================================================
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from ..._errors import UnrepresentableError, shorten
from ..._model import IndexRow, Link, PetitionIndex
from ..._rows import rows_from_columns
from ..blocks import Token
from ..checks import check_int_column, check_text_column, percentage_texts
from ..pipe_tables import columns, diagnose, line_offset
from ..reader import Reader
from ..values import (
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

if TYPE_CHECKING:
    from ..index_layouts import PageLayout

__all__ = ["NOTEBOOK", "NOTEBOOK_PREFIX", "PARTS", "REFRESHED", "SOURCE", "TABLE", "TITLE"]

SECTION = "Index"
_SOURCE = "Data taken from "
NOTEBOOK_PREFIX = "Reports created using a simple "
_COUNTS = (
    "signature_count",
    "uk_signature_count",
    "overseas_signature_count",
    "unknown_signature_count",
)
_PERCENTAGES = ("uk_percentage", "overseas_percentage", "unknown_percentage")


class _Title:
    HEADING = None
    OPTIONAL = False
    ABSENT: ClassVar[dict[str, Any]] = {}

    @staticmethod
    def extract(r: Reader, page: PageLayout) -> dict[str, Any]:
        tok = r.expect_heading(1, None, SECTION)
        title = tok.text
        if "\r" in title:
            raise r.error(
                tok.pos + 2 + title.index("\r"), "expected the title on one line", SECTION
            )
        if page.blank_after_title:
            r.expect_blank(SECTION, "the title")
        return {"title": title}

    @staticmethod
    def render(index: PetitionIndex, out: list[str], page: PageLayout) -> None:
        if "\n" in index.title or "\r" in index.title:
            raise UnrepresentableError("title", "the title cannot hold a line break")
        blank = "\n" if page.blank_after_title else ""
        out.append(f"# {index.title}\n{blank}")


class _Source:
    HEADING = None
    OPTIONAL = False
    ABSENT: ClassVar[dict[str, Any]] = {}

    @staticmethod
    def extract(r: Reader, page: PageLayout) -> dict[str, Any]:
        source = _link_line(r, _SOURCE, "the data source line")
        r.expect_blank(SECTION, "the data source line")
        return {"source": source}

    @staticmethod
    def render(index: PetitionIndex, out: list[str], page: PageLayout) -> None:
        out.append(f"{_SOURCE}{format_link(index.source.text, index.source.url, 'source')}\n\n")


class _Notebook:
    HEADING = None
    OPTIONAL = True
    ABSENT: ClassVar[dict[str, Any]] = {"notebook": None}

    @staticmethod
    def extract(r: Reader, page: PageLayout) -> dict[str, Any]:
        following = r.peek()
        if (
            following is None
            or following.kind != "paragraph"
            or not following.text.startswith(NOTEBOOK_PREFIX)
        ):
            return dict(_Notebook.ABSENT)
        notebook = _link_line(r, NOTEBOOK_PREFIX, "the notebook line")
        r.expect_blank(SECTION, "the notebook line")
        return {"notebook": notebook}

    @staticmethod
    def render(index: PetitionIndex, out: list[str], page: PageLayout) -> None:
        if index.notebook is not None:
            notebook = format_link(index.notebook.text, index.notebook.url, "notebook")
            out.append(f"{NOTEBOOK_PREFIX}{notebook}\n\n")


class _Refreshed:
    HEADING = None
    OPTIONAL = False
    ABSENT: ClassVar[dict[str, Any]] = {}

    @staticmethod
    def extract(r: Reader, page: PageLayout) -> dict[str, Any]:
        refreshed_at = r.expect_refreshed(SECTION)
        if TABLE in page.sections:
            r.expect_blank(SECTION, "the refresh time")
        return {"refreshed_at": refreshed_at}

    @staticmethod
    def render(index: PetitionIndex, out: list[str], page: PageLayout) -> None:
        blank = "\n" if TABLE in page.sections else ""
        out.append(f"{format_refreshed(index.refreshed_at)}\n{blank}")


class _Table:
    HEADING = None
    OPTIONAL = False
    #: The page of a closed site has no table: no rows, no header spelling.
    ABSENT: ClassVar[dict[str, Any]] = {"rows": (), "percent_first": False}

    @staticmethod
    def extract(r: Reader, page: PageLayout) -> dict[str, Any]:
        table = r.expect_table(SECTION)
        percent_first = page.percent_first
        if percent_first is None:
            percent_first = table.text.startswith(page.header(True)[0] + "\n")
        rows = _rows(r, table, page, page.header(percent_first))
        return {"rows": rows, "percent_first": percent_first}

    @staticmethod
    def render(index: PetitionIndex, out: list[str], page: PageLayout) -> None:
        percent_first = index.percent_first if page.percent_first is None else page.percent_first
        if percent_first != index.percent_first:
            raise UnrepresentableError(
                "percent_first", f"layout {page.name} spells the header one way only"
            )
        header = page.header(percent_first)
        out.append(f"{header[0]}\n{header[1]}\n")
        if index.rows:
            out.extend(_row_lines(index.rows, page))


TITLE, SOURCE, NOTEBOOK, REFRESHED, TABLE = _Title, _Source, _Notebook, _Refreshed, _Table
#: Every part, in page order: the layouts write some of them.
PARTS = (TITLE, SOURCE, NOTEBOOK, REFRESHED, TABLE)


def _link_line(r: Reader, prefix: str, what: str) -> Link:
    text, pos, end = r.expect_line_in_place(SECTION, f"{what}, '{prefix}[TEXT](URL)'")
    link = split_link(text, len(prefix), end) if text.startswith(prefix) else None
    if link is None or "\r" in text:
        raise r.error(
            pos,
            f"expected {what}, '{prefix}[TEXT](URL)', found {shorten(text, end=end)}",
            SECTION,
            width=end,
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
