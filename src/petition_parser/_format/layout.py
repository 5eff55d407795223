"""The one place the order of a report's sections lives, for every layout ever written.

A layout is the ordered tuple of section modules (``sections/``) a report is written
in, and the few ways the layouts differ (docs/format.md, "Layouts"):

======== ============================================================================
current  since 2019-03-27: ``### Background``, ``### Signatures``, an optional
         ``### Government Response``; blank lines around every heading and table
E        2019-03-26 11:11: no Background or Signatures heading, no response
D        2019-03-25 18:23: as C, with ``Data taken from``
C        2019-03-25 18:08: compact (no blank lines around headings and tables), no
         refresh time, the link line first, its text the ``.json`` url
B        2019-03-25 18:05: as C, the constituency delimiter row ``| - | - | -: | -: | -: |``
A        2019-03-25 17:55: as C, the constituency delimiter row ``| - | - | -: | -: |``
======== ============================================================================

Reading, tokenizing and rendering all walk this table: ``report.py`` calls each
section's ``extract`` and ``render`` in order, and the tokenizer learns from it which
heading ends each free-text section (the next section that is not optional).
``detect`` tells the layouts apart from a document's first lines.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Protocol

from attrs import define, field

from .blocks import BlockRules
from .sections import (
    absent_fields,
    background,
    constituencies,
    countries,
    government_response,
    history,
    signatures,
    title,
)

if TYPE_CHECKING:
    from .._model import Petition, ReportLayout
    from .reader import Reader

__all__ = ["CURRENT", "LAYOUTS", "SECTIONS", "Layout", "Section", "detect"]


class Section(Protocol):
    """What a module of ``sections/`` provides."""

    @property
    def HEADING(self) -> str | None:
        """The ``### `` heading's text; None for the title."""

    @property
    def FREE_TEXT(self) -> bool:
        """True when the section's body is opaque free text (see ``blocks.py``)."""

    @property
    def OPTIONAL(self) -> bool:
        """True when a report may leave the section out."""

    @property
    def ABSENT(self) -> Mapping[str, Any]:
        """The Petition fields of a report without the section (a layout that has none,
        or an optional section left out): what ``render`` requires of such a report."""

    def extract(self, r: Reader, layout: Layout) -> dict[str, Any]:
        """Consume the section's tokens; return the Petition fields it holds."""

    def render(self, petition: Petition, out: list[str], layout: Layout) -> None:
        """Append the section's text, refusing values the format cannot hold."""


def _free_text_until(sections: tuple[Section, ...]) -> dict[str, str]:
    """Each free-text heading, and the heading of the next section that is always there."""
    until = {}
    for i, section in enumerate(sections):
        if section.FREE_TEXT and section.HEADING is not None:
            closing = next(s.HEADING for s in sections[i + 1 :] if not s.OPTIONAL)
            if closing is not None:
                until[section.HEADING] = closing
    return until


CONSTITUENCY_HEADER = constituencies.HEADER


@define(frozen=True)
class Layout:
    """A report layout: its name, its sections in order, and how it writes them.

    A section of ``SECTIONS`` that a layout leaves out gives its ``ABSENT`` fields to
    every report read in that layout, and ``render`` refuses a petition whose fields
    differ from them.
    """

    name: ReportLayout
    sections: tuple[Section, ...]
    #: Headings: ``### Background`` and ``### Signatures`` (the current layout only).
    headed: bool = True
    #: Blank lines around headings and tables (all but A-D).
    blank_lines: bool = True
    #: A-D write the data link first, as ``Taken from`` (A-C) or ``Data taken from``
    #: (D), with the ``.json`` url as its text; E and current write it after the total.
    link_prefix: str = "Data taken from "
    json_link_text: bool = False
    #: The ``Last refreshed`` line (E and current).
    refreshed: bool = True
    constituency_header: tuple[str, str] = CONSTITUENCY_HEADER
    #: Where an untitled background ends (A-E): a pattern found after the blank line
    #: that closes it.
    background_until: re.Pattern[str] | None = None
    free_text_until: Mapping[str, str] = field(init=False)
    rules: BlockRules = field(init=False)

    @free_text_until.default
    def _until(self) -> Mapping[str, str]:
        return _free_text_until(self.sections)

    def absent(self) -> dict[str, Any]:
        """The fields its reports get from the sections it leaves out."""
        return absent_fields(SECTIONS, self.sections)

    @rules.default
    def _rules(self) -> BlockRules:
        return BlockRules(
            free_text_until=self.free_text_until,
            background_until=self.background_until,
            blank_after_title=self.blank_lines,
            tables_end_at_blank=self.blank_lines,
        )


#: Every section, in report order: the layouts below each write some of them.
SECTIONS: tuple[Section, ...] = (
    title,
    background,
    signatures,
    government_response,
    history,
    countries,
    constituencies,
)

#: The layout the reporting script has written since 2019-03-27.
CURRENT = Layout("current", SECTIONS)

_EARLY = (title, background, signatures, history, countries, constituencies)
_URL = r"https://petition\.parliament\.uk/(?:archived/)?petitions/"


def _compact(name: ReportLayout, delimiter: str, prefix: str) -> Layout:
    return Layout(
        name,
        _EARLY,
        headed=False,
        blank_lines=False,
        link_prefix=prefix,
        json_link_text=True,
        refreshed=False,
        constituency_header=(CONSTITUENCY_HEADER[0], delimiter),
        background_until=re.compile(f"\n\n{re.escape(prefix)}\\[{_URL}"),
    )


LAYOUTS: dict[str, Layout] = {
    "A": _compact("A", "| - | - | -: | -: |", "Taken from "),
    "B": _compact("B", "| - | - | -: | -: | -: |", "Taken from "),
    "C": _compact("C", CONSTITUENCY_HEADER[1], "Taken from "),
    "D": _compact("D", CONSTITUENCY_HEADER[1], "Data taken from "),
    "E": Layout(
        "E",
        _EARLY,
        headed=False,
        background_until=re.compile(r"\n\n\*\*-?[0-9][0-9,]* signatures\*\*\n\nData taken from \["),
    ),
    "current": CURRENT,
}

_CONSTITUENCY_TABLE = f"\n### Signatures by Constituency\n{CONSTITUENCY_HEADER[0]}\n"


_SIGNATURES_LINE = re.compile(r"\n\*\*-?[0-9][0-9,]* signatures\*\*\n")
_SIGNATURES_END = " signatures**\n"


def _has_signatures_line(src: str) -> bool:
    """Whether a line of ``src`` is ``**N signatures**``.

    Found by the end of that line (``str.find``, which skips through a text), each
    place then checked by the pattern from the line's start.  A search with the
    pattern tries every line break: 8 ms for 10 MB of blank lines, against 2.7 ms
    (docs/performance.md).
    """
    end = src.find(_SIGNATURES_END)
    while end != -1:
        start = src.rfind("\n", 0, end)
        if start != -1 and _SIGNATURES_LINE.match(src, start, end + len(_SIGNATURES_END)):
            return True
        end = src.find(_SIGNATURES_END, end + 1)
    return False


def detect(src: str) -> Layout | None:
    """The layout ``src`` is written in, from its first lines (LAYOUTS.md's rules).

    A document that fits no early layout is read as the current one, so that its
    errors are the current layout's; but one with a title that no layout's first lines
    follow (no ``### Background``, no ``**N signatures**`` line, no ``Taken from``
    link: a CHANGELOG, a README) is no report at all: None.
    """
    first = src.find("\n")
    if first == -1 or not src.startswith("# ") or src.startswith("\n### Background\n", first + 1):
        return CURRENT
    if "\n### Signatures\n" in src:  # a heading only the current layout has
        return CURRENT
    taken = src.find("\n\nTaken from [")
    data = src.find("\n\nData taken from [")
    if src.startswith("\n", first + 1):  # line 2 blank: E, unless line 3 is a heading
        if src.startswith("#", first + 2):
            return CURRENT
        early = taken != -1 or data != -1 or _has_signatures_line(src)
        return LAYOUTS["E"] if early else None
    if taken == -1 and data == -1:
        return CURRENT if _has_signatures_line(src) else None
    if data != -1 and (taken == -1 or data < taken):
        return LAYOUTS["D"]
    table = src.find(_CONSTITUENCY_TABLE)
    if table != -1:
        start = table + len(_CONSTITUENCY_TABLE)
        delimiter = src[start : src.find("\n", start)]
        for name in ("A", "B"):
            if delimiter == LAYOUTS[name].constituency_header[1]:
                return LAYOUTS[name]
    return LAYOUTS["C"]
