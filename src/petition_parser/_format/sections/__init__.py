"""One module per report section; ``layout.py`` lists them in report order.

========================  ==============================
``title``                 ``# {action}``
``background``            ``### Background``
``signatures``            ``### Signatures`` (total, data url, refresh time)
``government_response``   ``### Government Response`` (optional)
``history``               ``### History``
``countries``             ``### Signatures by Country``
``constituencies``        ``### Signatures by Constituency``
========================  ==============================

Each module has ``HEADING``, ``FREE_TEXT``, ``OPTIONAL`` and ``ABSENT`` (the fields of
a report without the section); ``extract(reader, layout)`` consumes the section's
tokens and returns the Petition fields it holds; ``render(petition, out, layout)``
appends the section's text to ``out``, refusing values the format cannot hold.
``index_page`` describes an index page's parts the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Protocol


class _HasAbsent(Protocol):
    @property
    def ABSENT(self) -> Mapping[str, Any]: ...


def absent_fields(every: Iterable[_HasAbsent], written: Iterable[object]) -> dict[str, Any]:
    """The fields a document gets from the sections (of ``every``) its layout leaves out."""
    kept = list(written)
    return {
        name: value
        for section in every
        if section not in kept
        for name, value in section.ABSENT.items()
    }
