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

import re
from datetime import datetime

from attrs import define

from ._blocks import inline
from ._errors import UnrepresentableError
from ._model import rows_from_columns
from ._parser import reader_for
from ._reader import Reader
from ._sections._cells import (
    check_text_column,
    count_column,
    diagnose_table,
    format_refreshed,
    parse_count,
    parse_percentage,
    percentage_column,
    percentage_texts,
    read_refreshed,
)
from ._sections._table import columns, line_offset

__all__ = ["IndexRow", "Link", "PetitionIndex", "parse_index", "render_index"]

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
_TOP = re.compile(r"Top ([0-9]+) (?:(.+) )?Petitions")


@define(frozen=True)
class Link:
    """A Markdown link: ``[text](url)``."""

    text: str
    url: str


@define(frozen=True)
class IndexRow:
    """One petition in an index table; ``report`` is the link to its report file."""

    name: str
    report: str
    signature_count: int
    uk_signature_count: int
    overseas_signature_count: int
    unknown_signature_count: int
    uk_percentage: float
    overseas_percentage: float
    unknown_percentage: float


@define(frozen=True)
class PetitionIndex:
    """An index page.  ``percent_first`` records the header spelling ``% UK Signatures``."""

    title: str
    source: Link
    notebook: Link | None
    refreshed_at: datetime
    rows: tuple[IndexRow, ...]
    percent_first: bool = False

    @property
    def top(self) -> int | None:
        """N of "Top N ... Petitions", or None when the title is not of that form."""
        m = _TOP.fullmatch(self.title)
        return None if m is None else int(m.group(1))

    @property
    def state(self) -> str | None:
        """ "Open" of "Top 50 Open Petitions"; None for "Top 50 Petitions"."""
        m = _TOP.fullmatch(self.title)
        return None if m is None else m.group(2)


def parse_index(text: str) -> PetitionIndex:
    """Read an index page (see the module doc for its layout)."""
    r = reader_for(text, "an index page", "parse_index")
    title: str = r.expect_heading(1, None, SECTION)["text"]
    r.expect_blank(SECTION, "the title")
    source = _link_line(r, _SOURCE, "the data source line")
    r.expect_blank(SECTION, "the data source line")
    notebook = None
    tok = r.peek()
    if tok is not None and tok["type"] == "paragraph" and tok["text"].startswith(_NOTEBOOK):
        notebook = _link_line(r, _NOTEBOOK, "the notebook line")
        r.expect_blank(SECTION, "the notebook line")
    line, pos = r.expect_line(SECTION, "'Last refreshed YYYY-MM-DD HH:MM:SS'")
    refreshed_at = read_refreshed(r, line, pos, SECTION)
    r.expect_blank(SECTION, "the refresh time")
    table = r.expect_table(SECTION)
    percent_first = table["raw"].startswith(HEADER_PERCENT_FIRST[0] + "\n")
    rows = _rows(r, table, HEADER_PERCENT_FIRST if percent_first else HEADER_PERCENT_LAST)
    if r.peek() is not None:
        raise r.unexpected("the end of the file after the table", SECTION)
    return PetitionIndex(title, source, notebook, refreshed_at, rows, percent_first)


def _link_line(r: Reader, prefix: str, what: str) -> Link:
    line, pos = r.expect_line(SECTION, f"{what}, '{prefix}[TEXT](URL)'")
    tokens = inline(line[len(prefix) :]) if line.startswith(prefix) else []
    link = tokens[0] if len(tokens) == 1 and tokens[0]["type"] == "link" else {}
    children = link.get("children", [])
    url = link.get("attrs", {}).get("url", "")
    text = children[0]["raw"] if len(children) == 1 and children[0]["type"] == "text" else ""
    if not link or line != f"{prefix}[{text}]({url})":
        raise r.error(
            pos, f"expected {what}, '{prefix}[TEXT](URL)', found {line!r}", SECTION, width=len(line)
        )
    return Link(text, url)


def _rows(r: Reader, tok: dict[str, object], header: tuple[str, str]) -> tuple[IndexRow, ...]:
    cells = columns(r, tok, SECTION, header)
    links, *numbers = cells
    names, reports = [], []
    for i, cell in enumerate(links):
        split = cell.rfind("](")
        if not cell.startswith("[") or not cell.endswith(")") or split < 1:
            raise r.error(
                line_offset(tok, 2 + i) + 2,
                f"expected a link to the report, '[NAME](FILE.md)', found {cell!r}",
                SECTION,
                width=max(1, len(cell)),
            )
        names.append(cell[1:split])
        reports.append(cell[split + 2 : -1])
    try:
        values = [count_column(c) for c in numbers[:4]] + [
            percentage_column(c) for c in numbers[4:]
        ]
    except ValueError:
        checks = (None, *[parse_count] * 4, *[parse_percentage] * 3)
        raise diagnose_table(r, tok, SECTION, cells, checks) from None
    return rows_from_columns(IndexRow, [names, reports, *values])


def render_index(index: PetitionIndex) -> str:
    """The page's text: ``render_index(parse_index(x)) == x``."""
    out = [f"# {_one_line(index.title, 'title')}\n\n"]
    out.append(f"{_SOURCE}{_link(index.source, 'source')}\n\n")
    if index.notebook is not None:
        out.append(f"{_NOTEBOOK}{_link(index.notebook, 'notebook')}\n\n")
    out.append(f"{format_refreshed(index.refreshed_at)}\n\n")
    header = HEADER_PERCENT_FIRST if index.percent_first else HEADER_PERCENT_LAST
    out.append(f"{header[0]}\n{header[1]}\n")
    rows = index.rows
    if rows:
        cells = [f"[{row.name}]({row.report})" for row in rows]
        for i, row in enumerate(rows):
            if "](" in row.report or "\n" in row.report or "\r" in row.report:
                raise UnrepresentableError(
                    f"rows[{i}].report",
                    f"a report link cannot hold '](' or a line break: {row.report!r}",
                )
        check_text_column(cells, "rows[{}].name")
        percentages = [
            percentage_texts([getattr(row, name) for row in rows], f"rows[{{}}].{name}")
            for name in ("uk_percentage", "overseas_percentage", "unknown_percentage")
        ]
        out.extend(
            f"| {cell} | {row.signature_count:,} | {row.uk_signature_count:,} "
            f"| {row.overseas_signature_count:,} | {row.unknown_signature_count:,} "
            f"| {uk} | {overseas} | {unknown} |\n"
            for cell, row, uk, overseas, unknown in zip(cells, rows, *percentages, strict=True)
        )
    return "".join(out)


def _one_line(text: str, field: str) -> str:
    if "\n" in text or "\r" in text:
        raise UnrepresentableError(field, "cannot hold a line break")
    return text


def _link(link: Link, field: str) -> str:
    text = f"[{_one_line(link.text, field)}]({_one_line(link.url, field)})"
    # The line is read back through mistune's inline parser: it must give the same link.
    tokens = inline(text)
    if (
        len(tokens) != 1
        or tokens[0]["type"] != "link"
        or tokens[0]["attrs"].get("url") != link.url
        or [c.get("raw") for c in tokens[0]["children"]] != [link.text]
    ):
        raise UnrepresentableError(field, f"would not read back as the same link: {text}")
    return text
