"""``### Signatures``: the total, the data source url, and when the report was made.

In the current layout, under a heading: the total, the data link, the refresh time.
Layout E writes the same three lines without the heading.  The compact layouts A-D
write the link first (``Taken from`` / ``Data taken from``, its text the ``.json``
url), then the total, and no refresh time.

The two lines with inline markup, ``**N signatures**`` and the link, are read
against their exact forms (regular expressions built from the value grammar), not
through a Markdown inline parser: whatever reads back renders back byte for byte,
and a megabyte of ``[`` or ``**`` costs one failed match, not quadratic time.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ..._errors import UnrepresentableError, shorten
from ..reader import Reader
from ..values import COUNT, INT_LIMIT, format_count, format_refreshed, parse_count

if TYPE_CHECKING:
    from ..._model import Petition
    from ..layout import Layout

HEADING = "Signatures"
FREE_TEXT = False
OPTIONAL = False
#: The fields of a report that leaves the section out (an always-present one: none).
ABSENT: dict[str, Any] = {}

URL = r"https://petition\.parliament\.uk/(?:archived/)?petitions/(0|[1-9][0-9]{0,17})"
_URL = re.compile(URL)
_DATA_LINES = {
    (prefix, json_text): re.compile(
        rf"{re.escape(prefix)}\[({URL}){re.escape('.json') if json_text else ''}\]\(\1\)"
    )
    for prefix in ("Data taken from ", "Taken from ")
    for json_text in (False, True)
}
_COUNT_LINE = re.compile(rf"\*\*({COUNT}) signatures\*\*")
#: What a line that tries to be the total looks like, to say which part is wrong.
_BOLD_NUMBER = re.compile(r"\*\*([^ *]*) signatures\*\*")
_COUNT_EXPECTED = "the total, like '**1,234 signatures**'"


def extract(r: Reader, layout: Layout) -> dict[str, Any]:
    if layout.headed:
        r.expect_heading(3, HEADING, HEADING)
        r.expect_blank(HEADING, "the heading")
    if layout.json_link_text:  # A-D: the link, the total, and nothing after it
        url, petition_id = _link(r, layout)
        r.expect_blank(HEADING, "the data source line")
        count = read_count(r, *r.expect_line_in_place(HEADING, _COUNT_EXPECTED))
        refreshed_at = None
    else:
        count = read_count(r, *r.expect_line_in_place(HEADING, _COUNT_EXPECTED))
        r.expect_blank(HEADING, "the signature count")
        url, petition_id = _link(r, layout)
        r.expect_blank(HEADING, "the data source line")
        refreshed_at = r.expect_refreshed(HEADING)
        r.expect_blank(HEADING, "the refresh time")
    return {
        "signature_count": count,
        "url": url,
        "petition_id": petition_id,
        "refreshed_at": refreshed_at,
    }


def _link(r: Reader, layout: Layout) -> tuple[str, int]:
    text = "URL.json" if layout.json_link_text else "URL"
    what = f"'{layout.link_prefix}[{text}](URL)'"
    return read_data_url(r, *r.expect_line_in_place(HEADING, what), layout)


# The two lines are read where they stand in the paragraph's text (``text[:end]``): a
# line may be megabytes long, and a copy of it costs more than the match.


def read_count(r: Reader, text: str, pos: int, end: int) -> int:
    """``**1,234 signatures**``."""
    m = _COUNT_LINE.fullmatch(text, 0, end)
    if m is not None:
        return int(m[1].replace(",", ""))
    bold = _BOLD_NUMBER.fullmatch(text, 0, end)
    if bold is None:
        raise r.error(
            pos,
            "expected the total in bold, like '**1,234 signatures**', "
            f"found {shorten(text, end=end)}",
            HEADING,
            width=end,
        )
    try:
        parse_count(bold[1])
    except ValueError as exc:
        raise r.error(pos + 2, str(exc), HEADING, width=max(1, len(bold[1]))) from None
    raise AssertionError("unreachable: the count grammar is the same in both places")


def read_data_url(r: Reader, text: str, pos: int, end: int, layout: Layout) -> tuple[str, int]:
    """``Data taken from [URL](URL)`` (or an early form): the url and the petition id."""
    m = _DATA_LINES[layout.link_prefix, layout.json_link_text].fullmatch(text, 0, end)
    if m is None:
        url = "URL.json" if layout.json_link_text else "URL"
        raise r.error(
            pos,
            f"expected '{layout.link_prefix}[{url}](URL)' with the petition's url "
            f"(https://petition.parliament.uk/petitions/ID), found {shorten(text, end=end)}",
            HEADING,
            width=end,
        )
    return m[1], int(m[2])


def render(petition: Petition, out: list[str], layout: Layout) -> None:
    url = petition.url
    m = _URL.fullmatch(url)
    if m is None:
        raise UnrepresentableError(
            "url", f"expected https://petition.parliament.uk/[archived/]petitions/ID, got {url!r}"
        )
    if int(m[1]) != petition.petition_id:
        raise UnrepresentableError(
            "petition_id", f"{petition.petition_id} does not match the url's id {m[1]}"
        )
    count = petition.signature_count
    if abs(count) >= INT_LIMIT:
        raise UnrepresentableError("signature_count", f"at most 18 digits: {count}")
    total = f"**{format_count(count)} signatures**"
    link = f"{layout.link_prefix}[{url}{'.json' if layout.json_link_text else ''}]({url})"
    refreshed_at = petition.refreshed_at
    if layout.refreshed != (refreshed_at is not None):
        has = "needs a refresh time" if layout.refreshed else "has no refresh time"
        raise UnrepresentableError("refreshed_at", f"layout {layout.name} {has}")
    if refreshed_at is None:  # A-D
        out.append(f"{link}\n\n{total}\n")
        return
    heading = f"### {HEADING}\n\n" if layout.headed else ""
    out.append(f"{heading}{total}\n\n{link}\n\n{format_refreshed(refreshed_at)}\n\n")
