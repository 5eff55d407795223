"""``### History``: ``| Event | Date | Time |`` rows, UTC, in a fixed order, each only when set."""

from __future__ import annotations

from datetime import timezone
from typing import TYPE_CHECKING, Any

from ..._model import History
from ..pipe_tables import columns, line_offset
from ..reader import Reader
from ..values import format_utc, parse_date_time

if TYPE_CHECKING:
    from ..._model import Petition
    from ..layout import Layout

HEADING = "History"
FREE_TEXT = False
OPTIONAL = False
#: The fields of a report that leaves the section out (an always-present one: none).
ABSENT: dict[str, Any] = {}
HEADER = ("| Event | Date | Time |", "| - | - | - |")

#: The table's event labels, in the order the report lists them, and their fields
#: (the order of History's fields; a test holds them together).
EVENTS = {
    "Updated": "updated_at",
    "Government Response": "government_response_at",
    "Debate Threshold Reached": "debate_threshold_reached_at",
    "Response Threshold Reached": "response_threshold_reached_at",
    "Opened": "opened_at",
    "Moderation Threshold Reached": "moderation_threshold_reached_at",
    "Created": "created_at",
}
_ORDER = {label: i for i, label in enumerate(EVENTS)}


def extract(r: Reader, layout: Layout) -> dict[str, Any]:
    r.expect_heading(3, HEADING, HEADING)
    if layout.blank_lines:
        r.expect_blank(HEADING, "the heading")
    tok = r.expect_table(HEADING)
    values = {}
    last = -1
    labels, dates, times = columns(r, tok, HEADING, HEADER)
    for i, (label, date, time) in enumerate(zip(labels, dates, times, strict=True)):
        order = _ORDER.get(label, -1)
        if order <= last:
            row = line_offset(tok, len(HEADER) + i)
            allowed = list(EVENTS)[last + 1 :]
            expected = (
                "one of " + ", ".join(repr(a) for a in allowed) + " (each event at most once, "
                "in this order)"
                if allowed
                else "no more events after 'Created'"
            )
            raise r.error(
                row + 2, f"expected {expected}, found {label!r}", HEADING, width=max(1, len(label))
            )
        last = order
        try:
            value = parse_date_time(date, time)
        except ValueError as exc:
            row = line_offset(tok, len(HEADER) + i)
            raise r.error(
                row + 5 + len(label), str(exc), HEADING, width=len(date) + 3 + len(time)
            ) from None
        values[EVENTS[label]] = value.replace(tzinfo=timezone.utc)
    if layout.blank_lines:
        r.expect_blank(HEADING, "the History table")
    return {"history": History(**values)}


def render(petition: Petition, out: list[str], layout: Layout) -> None:
    blank = "\n" if layout.blank_lines else ""
    out.append(f"### {HEADING}\n{blank}{HEADER[0]}\n{HEADER[1]}\n")
    history = petition.history
    for label, name in EVENTS.items():
        value = getattr(history, name)
        if value is not None:
            date, time = format_utc(value, f"history.{name}")
            out.append(f"| {label} | {date} | {time} |\n")
    out.append(blank)
