"""Findings: the codes ``validate`` reports, the Finding class, and where a finding is.

Line numbers come from the text ``render`` writes (the file, for every report that
parsed), so that the layout rules live in one place (``_format/``).
"""

from __future__ import annotations

from typing import Literal

import attrs
from attrs import define

from ._errors import UnrepresentableError
from ._format import render, render_index
from ._model import Petition, PetitionIndex

__all__ = ["CODES", "Finding", "Lines", "Severity", "finding"]

Severity = Literal["error", "warning"]

#: Every finding code, its severity, and what it means.
CODES: dict[str, tuple[Severity, str]] = {
    "rank-sequence": ("error", "a table's ranks do not run 1, 2, 3, ..."),
    "row-order": ("error", "a table's rows are not sorted by signatures, biggest first"),
    "percentage": ("error", "a % is not 100 x signatures / the table's total, to 2 decimals"),
    "country-sum": ("error", "the countries do not add up to the total signature count"),
    "constituency-sum": ("error", "the constituencies do not add up to the United Kingdom's count"),
    "unknown-duplicate": ("error", "a table has more than one Unknown row"),
    "unknown-unneeded": ("error", "an Unknown row of 0: the sums did not need one"),
    "history-order": ("warning", "history timestamps out of their natural order"),
    "url-id": ("error", "the petition id in the url is not a positive integer"),
    "index-sum": ("error", "total is not UK + overseas + unknown signatures"),
    "index-percentage": ("error", "an index % is not 100 x signatures / total, to 2 decimals"),
    "index-order": ("error", "index rows are not sorted by total signatures, biggest first"),
    "index-count": ("error", "the title's 'Top N' does not match the number of rows"),
}


@define(frozen=True)
class Finding:
    """One problem: ``code`` (see ``CODES``), severity, message, and where."""

    code: str
    severity: Severity
    message: str
    line: int | None = None
    section: str | None = None
    row: int | None = None  # 1-based row of the section's table

    def __str__(self) -> str:
        where = f"line {self.line}: " if self.line is not None else ""
        return f"{where}{self.code} {self.message}"


def finding(
    code: str, message: str, line: int | None, section: str | None = None, row: int | None = None
) -> Finding:
    return Finding(code, CODES[code][0], message, line, section, row)


class Lines:
    """Line numbers in the text ``render`` writes (the file, for every report that parsed).

    Taken from the rendered text itself, so that the layout rules live in one place.
    A petition that ``render`` refuses has no text, and its findings no lines.
    """

    def __init__(self, document: Petition | PetitionIndex) -> None:
        try:
            self.text: str | None = (
                render(document) if isinstance(document, Petition) else render_index(document)
            )
        except UnrepresentableError:
            self.text = None

    def find_pos(self, needle: str, start: int = 0) -> int:
        return -1 if self.text is None else self.text.find(needle, max(start, 0))

    def find(self, needle: str, start: int = 0) -> int | None:
        """The line of the first ``needle`` (which starts with the line break before it)."""
        pos = self.find_pos(needle, start)
        return None if pos == -1 or self.text is None else self.text.count("\n", 0, pos) + 2

    def first_row(self, heading: str, header: tuple[str, str]) -> int | None:
        """The line of a table's first row: two lines below its header line."""
        header_line = self.find(f"\n{header[0]}\n", self.find_pos(f"\n### {heading}\n"))
        return None if header_line is None else header_line + 2


# As users import them (``petition_parser.Finding``): reprs, tracebacks and pickles
# name the public module, not this private one.  The annotations are resolved first,
# while this module (where their names are) is still the one the class names.
for _public in (Finding,):
    attrs.resolve_types(_public)
    _public.__module__ = "petition_parser"
