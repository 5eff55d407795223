"""``### Signatures``: the total, the data source url, and when the report was made.

The two lines with inline markup (``**N signatures**`` and the link) go through
mistune's inline parser; each line is then checked against its canonical form, so
that whatever reads back renders back byte for byte.
"""

from __future__ import annotations

import re
from datetime import datetime

import attrs

from .._blocks import inline
from .._errors import UnrepresentableError
from .._reader import Reader
from ._cells import format_count, format_refreshed, parse_count, read_refreshed

SECTION = "Signatures"

_URL = re.compile(r"https://petition\.parliament\.uk/(?:archived/)?petitions/(0|[1-9][0-9]*)")


@attrs.frozen
class Signatures:
    signature_count: int
    url: str
    petition_id: int
    refreshed_at: datetime


def extract(r: Reader) -> Signatures:
    r.expect_heading(3, SECTION, SECTION)
    r.expect_blank(SECTION, "the heading")
    count = _signature_count(r, *r.expect_line(SECTION, "the total, like '**1,234 signatures**'"))
    r.expect_blank(SECTION, "the signature count")
    url, petition_id = _data_url(
        r,
        *r.expect_line(
            SECTION, "'Data taken from [https://petition.parliament.uk/petitions/ID](same url)'"
        ),
    )
    r.expect_blank(SECTION, "the data source line")
    line, pos = r.expect_line(SECTION, "'Last refreshed YYYY-MM-DD HH:MM:SS'")
    refreshed_at = read_refreshed(r, line, pos, SECTION)
    r.expect_blank(SECTION, "the refresh time")
    return Signatures(count, url, petition_id, refreshed_at)


def _signature_count(r: Reader, line: str, pos: int) -> int:
    tokens = inline(line)
    strong = tokens[0] if len(tokens) == 1 and tokens[0]["type"] == "strong" else {}
    inner = strong.get("children", [])
    if len(inner) != 1 or inner[0]["type"] != "text":
        raise r.error(
            pos,
            f"expected the total in bold, like '**1,234 signatures**', found {line!r}",
            SECTION,
            width=len(line),
        )
    number = inner[0]["raw"].partition(" ")[0]
    try:
        count = parse_count(number)
    except ValueError as exc:
        raise r.error(pos + 2, str(exc), SECTION, width=len(number)) from None
    if line != f"**{format_count(count)} signatures**":
        raise r.error(
            pos,
            f"expected '**{format_count(count)} signatures**', found {line!r}",
            SECTION,
            width=len(line),
        )
    return count


def _data_url(r: Reader, line: str, pos: int) -> tuple[str, int]:
    tokens = inline(line)
    link = tokens[-1] if tokens else {}
    url = link.get("attrs", {}).get("url", "") if link.get("type") == "link" else ""
    m = _URL.fullmatch(url)
    if m is None or line != f"Data taken from [{url}]({url})":
        raise r.error(
            pos,
            "expected 'Data taken from [URL](URL)' with the petition's url "
            f"(https://petition.parliament.uk/petitions/ID), found {line!r}",
            SECTION,
            width=len(line),
        )
    return url, int(m.group(1))


def render(
    signature_count: int, url: str, petition_id: int, refreshed_at: datetime, out: list[str]
) -> None:
    m = _URL.fullmatch(url)
    if m is None:
        raise UnrepresentableError(
            "url", f"expected https://petition.parliament.uk/[archived/]petitions/ID, got {url!r}"
        )
    if int(m.group(1)) != petition_id:
        raise UnrepresentableError(
            "petition_id", f"{petition_id} does not match the url's id {m.group(1)}"
        )
    out.append(
        f"### {SECTION}\n\n**{format_count(signature_count)} signatures**\n\n"
        f"Data taken from [{url}]({url})\n\n"
        f"{format_refreshed(refreshed_at)}\n\n"
    )
