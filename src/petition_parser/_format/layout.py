"""The one place the order of a report's sections lives.

A layout is the ordered tuple of section modules (``sections/``) a report is
written in.  Reading, tokenizing and rendering all walk this table: ``report.py``
calls each section's ``extract`` and ``render`` in order, and the tokenizer learns
from it which heading ends each free-text section (the next section that is not
optional).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Protocol

from attrs import define, field

from .sections import (
    background,
    constituencies,
    countries,
    government_response,
    history,
    signatures,
    title,
)

if TYPE_CHECKING:
    from .._model import Petition
    from .reader import Reader

__all__ = ["CURRENT", "Layout", "Section"]


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


@define(frozen=True)
class Layout:
    """A report layout: its name and its sections, in order."""

    name: str
    sections: tuple[Section, ...]
    free_text_until: Mapping[str, str] = field(init=False)

    @free_text_until.default
    def _until(self) -> Mapping[str, str]:
        return _free_text_until(self.sections)


#: The layout the reporting script has written since 2019-03-27.
CURRENT = Layout(
    "current",
    (title, background, signatures, government_response, history, countries, constituencies),
)
