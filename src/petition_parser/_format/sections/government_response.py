"""``### Government Response`` (optional): a summary line, a blank line, free-text details."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..._errors import UnrepresentableError
from ..._model import GovernmentResponse
from ..blocks import check_free_text
from ..reader import Reader

if TYPE_CHECKING:
    from ..._model import Petition
    from ..layout import Layout

HEADING = "Government Response"
FREE_TEXT = True
OPTIONAL = True
#: The fields of a report that leaves the section out (as the early layouts all do).
ABSENT: dict[str, Any] = {"government_response": None}


def extract(r: Reader, layout: Layout) -> dict[str, Any]:
    if not r.next_is_heading(HEADING):
        return dict(ABSENT)
    r.expect_heading(3, HEADING, HEADING)
    tok = r.expect_free_text(HEADING)
    # The summary is one paragraph: it ends at the first blank line.
    summary, blank, details = tok.text.partition("\n\n")
    if not blank:
        raise r.error(
            tok.pos + len(tok.text),
            "expected the response summary, a blank line, then the details; found no blank line",
            HEADING,
        )
    r.expect_blank(HEADING, "the government response")
    return {"government_response": GovernmentResponse(summary=summary, details=details)}


def render(petition: Petition, out: list[str], layout: Layout) -> None:
    response = petition.government_response
    if response is None:
        return
    summary = response.summary
    if (summary + "\n\n").find("\n\n") != len(summary):
        raise UnrepresentableError(
            "government_response.summary",
            "the summary cannot hold a blank line or end with a line break",
        )
    text = f"{summary}\n\n{response.details}"
    check_free_text(text, layout.free_text_until[HEADING], "government_response.details")
    out.append(f"### {HEADING}\n\n{text}\n\n")
