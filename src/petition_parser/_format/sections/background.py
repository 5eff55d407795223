"""``### Background``: the petitioner's text, verbatim (``\\r\\n``, trailing spaces and all)."""

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


def extract(r: Reader, layout: Layout) -> dict[str, Any]:
    r.expect_heading(3, HEADING, HEADING)
    text = r.expect_free_text(HEADING).text
    r.expect_blank(HEADING, "the background text")
    return {"background": text}


def render(petition: Petition, out: list[str], layout: Layout) -> None:
    text = petition.background
    check_free_text(text, layout.free_text_until[HEADING], "background")
    out.append(f"### {HEADING}\n\n{text}\n\n")
