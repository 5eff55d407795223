"""``# {action}``: the petition's title, on the first line (a blank line follows, but in
the compact early layouts A-D)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..._errors import UnrepresentableError
from ..reader import Reader

if TYPE_CHECKING:
    from ..._model import Petition
    from ..layout import Layout

HEADING = None  # the title comes before the first section heading
FREE_TEXT = False
OPTIONAL = False
#: The fields of a report that leaves the section out (an always-present one: none).
ABSENT: dict[str, Any] = {}


def extract(r: Reader, layout: Layout) -> dict[str, Any]:
    tok = r.expect_heading(1, None, HEADING)
    cr = tok.text.find("\r")
    if cr != -1:
        raise r.error(
            tok.pos + 2 + cr, "expected the title on one line, found a carriage return", HEADING
        )
    if layout.blank_lines:
        r.expect_blank(HEADING, "the title")
    return {"action": tok.text}


def render(petition: Petition, out: list[str], layout: Layout) -> None:
    action = petition.action
    if "\n" in action or "\r" in action:
        raise UnrepresentableError("action", "the title cannot hold a line break")
    out.append(f"# {action}\n\n" if layout.blank_lines else f"# {action}\n")
