"""``### Background``: the petitioner's text, verbatim (``\\r\\n``, trailing spaces and all).

The early layouts A-E have no heading: the text follows the title (A-D on the next
line, E after a blank line) and ends at the blank line before the data link (A-D) or
the total (E); ``report.py`` checks that a rendered text ends there too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..blocks import check_free_text
from ..reader import Reader

if TYPE_CHECKING:
    from ..._model import Petition
    from ..layout import Layout

HEADING = "Background"
FREE_TEXT = True
OPTIONAL = False
#: The fields of a report that leaves the section out (an always-present one: none).
ABSENT: dict[str, Any] = {}


def extract(r: Reader, layout: Layout) -> dict[str, Any]:
    if layout.headed:
        r.expect_heading(3, HEADING, HEADING)
    text = r.expect_free_text(HEADING).text
    r.expect_blank(HEADING, "the background text")
    return {"background": text}


def render(petition: Petition, out: list[str], layout: Layout) -> None:
    text = petition.background
    if not layout.headed:
        out.append(f"{text}\n\n")
        return
    check_free_text(text, layout.free_text_until[HEADING], "background")
    out.append(f"### {HEADING}\n\n{text}\n\n")
