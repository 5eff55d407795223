"""``### Government Response`` (optional): a summary line, a blank line, free-text details."""

from __future__ import annotations

from .._errors import UnrepresentableError
from .._model import GovernmentResponse
from .._reader import Reader
from . import _free_text

SECTION = "Government Response"
NEXT = "History"


def extract(r: Reader) -> GovernmentResponse | None:
    if not r.next_is_heading(SECTION):
        return None
    r.expect_heading(3, SECTION, SECTION)
    tok = r.expect_free_text(SECTION)
    text: str = tok["raw"]
    # The summary is one paragraph: it ends at the first blank line.
    summary, blank, details = text.partition("\n\n")
    if not blank:
        raise r.error(
            tok["pos"] + len(text),
            "expected the response summary, a blank line, then the details; found no blank line",
            SECTION,
        )
    r.expect_blank(SECTION, "the government response")
    return GovernmentResponse(summary=summary, details=details)


def render(response: GovernmentResponse | None, out: list[str]) -> None:
    if response is None:
        return
    summary = response.summary
    if (summary + "\n\n").find("\n\n") != len(summary):
        raise UnrepresentableError(
            "government_response.summary",
            "the summary cannot hold a blank line or end with a line break",
        )
    text = f"{summary}\n\n{response.details}"
    _free_text.check(text, NEXT, "government_response.details")
    out.append(f"### {SECTION}\n\n{text}\n\n")
