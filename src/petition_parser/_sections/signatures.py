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
from ._cells import format_count, parse_count, parse_date_time

SECTION = "Signatures"

_URL = re.compile(r"https://petition\.parliament\.uk/(?:archived/)?petitions/(0|[1-9][0-9]*)")
_REFRESHED = "Last refreshed "


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
    refreshed_at = _refreshed_at(r, *r.expect_line(SECTION, "'Last refreshed YYYY-MM-DD HH:MM:SS'"))
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


def _refreshed_at(r: Reader, line: str, pos: int) -> datetime:
    date, _, time = line[len(_REFRESHED) :].partition(" ")
    if not line.startswith(_REFRESHED):
        raise r.error(
            pos,
            f"expected 'Last refreshed YYYY-MM-DD HH:MM:SS', found {line!r}",
            SECTION,
            width=len(line),
        )
    try:
        return parse_date_time(date, time)
    except ValueError as exc:
        raise r.error(
            pos + len(_REFRESHED), str(exc), SECTION, width=len(line) - len(_REFRESHED)
        ) from None


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
    if refreshed_at.tzinfo is not None or refreshed_at.microsecond:
        raise UnrepresentableError(
            "refreshed_at", "the refresh time is a naive local time in whole seconds"
        )
    out.append(
        f"### {SECTION}\n\n**{format_count(signature_count)} signatures**\n\n"
        f"Data taken from [{url}]({url})\n\n"
        f"{_REFRESHED}{refreshed_at.isoformat(sep=' ')}\n\n"
    )
