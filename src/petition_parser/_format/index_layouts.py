"""The index page layouts: what each writes, and how to tell them apart.

The early layouts of 2019-03-25 and 26 (docs/format.md) have no blank line after the
title, and:

=====  ==================================================================================
I-1    a ``#`` (rank) and a ``Date Created`` column, ``% UK Signatures`` spelling,
       percentages written ``95.91%``, the notebook link with a raw space
I-1b   as I-1, the notebook link ``%20``-encoded
I-2    the ``#`` column, no date, ``% UK Signatures`` spelling, no ``%`` suffix
I-3    the current 8 columns, ``% UK Signatures`` spelling
I-4    the current 8 columns and spelling
=====  ==================================================================================

While the petitions site was closed (the general-election dissolutions of 2019 and
2024, months each) the script wrote the open page as ``no-table``: the current layout's
title line (with no number: ``# Top Open Petitions``), its two link lines and the
refresh time, and then nothing, not even the table's header.

``detect_page`` tells them apart from the line after the title and the table header.
"""

from __future__ import annotations

from typing import Any

from attrs import define

from .._model import IndexLayout
from .sections import absent_fields
from .sections.index_page import NOTEBOOK_PREFIX, PARTS, TABLE
from .values import split_link

__all__ = [
    "HEADER_PERCENT_FIRST",
    "HEADER_PERCENT_LAST",
    "NOTEBOOK",
    "PAGE_LAYOUTS",
    "PageLayout",
    "detect_page",
]

_COUNT_NAMES = ("Total Signatures", "UK Signatures", "Overseas Signatures", "Unknown Signatures")
NOTEBOOK = NOTEBOOK_PREFIX


@define(frozen=True)
class PageLayout:
    """How an index page layout writes its page."""

    name: IndexLayout
    blank_after_title: bool = False
    rank: bool = False
    date: bool = False
    percent_suffix: bool = False
    #: The spelling ``% UK Signatures`` (True), ``UK Signatures %`` (False), or either
    #: (None: the current layout, whose pages record it in ``percent_first``).
    percent_first: bool | None = True
    #: The parts it writes, in order (``sections/index_page.py``): all but the table in
    #: the page written while the site was closed, which ends after the refresh time.
    sections: tuple[Any, ...] = PARTS

    def absent(self) -> dict[str, Any]:
        """The fields its pages get from the parts it leaves out."""
        return absent_fields(PARTS, self.sections)

    def header(self, percent_first: bool) -> tuple[str, str]:
        """The table's two header lines."""
        names = [
            *(["#"] if self.rank else []),
            "Petition Name",
            *(["Date Created"] if self.date else []),
            *_COUNT_NAMES,
            *(f"% {n}" if percent_first else f"{n} %" for n in _COUNT_NAMES[1:]),
        ]
        kinds = ["-"] * (1 + self.rank + self.date) + ["-:"] * 7
        return f"| {' | '.join(names)} |", f"| {' | '.join(kinds)} |"


PAGE_LAYOUTS: dict[str, PageLayout] = {
    "I-1": PageLayout("I-1", rank=True, date=True, percent_suffix=True),
    "I-1b": PageLayout("I-1b", rank=True, date=True, percent_suffix=True),
    "I-2": PageLayout("I-2", rank=True),
    "I-3": PageLayout("I-3"),
    "I-4": PageLayout("I-4", percent_first=False),
    "current": PageLayout("current", blank_after_title=True, percent_first=None),
    "no-table": PageLayout(
        "no-table",
        blank_after_title=True,
        percent_first=False,
        sections=tuple(part for part in PARTS if part is not TABLE),
    ),
}
HEADER_PERCENT_LAST = PAGE_LAYOUTS["current"].header(False)
HEADER_PERCENT_FIRST = PAGE_LAYOUTS["current"].header(True)


def detect_page(src: str) -> PageLayout:
    """The index layout of ``src``, from the line after the title and the table header."""
    first = src.find("\n")
    if first == -1 or src.startswith("\n", first + 1):
        # A title without a number and no table at all: the page of a closed site.  (A
        # "Top N" page that lost its table is still read as current, and refused.)
        numbered = src.startswith("# Top ") and src[6:7].isdigit()
        if not numbered and "\n| " not in src and not src.startswith("| "):
            return PAGE_LAYOUTS["no-table"]
        return PAGE_LAYOUTS["current"]
    header_at = src.find("\n| ")
    header = src[header_at + 1 : src.find("\n", header_at + 1)] if header_at != -1 else ""
    if header.startswith("| # | Petition Name | Date Created |"):
        raw_space = src.find(f"\n{NOTEBOOK}[") != -1 and " " in _notebook_url(src)
        return PAGE_LAYOUTS["I-1" if raw_space else "I-1b"]
    if header.startswith("| # | "):
        return PAGE_LAYOUTS["I-2"]
    return PAGE_LAYOUTS["I-3" if "| % UK Signatures |" in header else "I-4"]


def _notebook_url(src: str) -> str:
    start = src.find(f"\n{NOTEBOOK}[")
    line = src[start + 1 : src.find("\n", start + 1)]
    link = split_link(line, len(NOTEBOOK))
    return "" if link is None else link[1]
