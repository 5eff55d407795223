"""``### History``: ``| Event | Date | Time |`` rows, UTC, in a fixed order, each only when set."""

from __future__ import annotations

from datetime import timezone

import attrs

from .._model import History
from .._reader import Reader
from ._cells import format_utc, parse_date_time
from ._table import columns, line_offset

SECTION = "History"
HEADER = ("| Event | Date | Time |", "| - | - | - |")

#: The table's event labels, in the order the report lists them, and their fields.
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


def extract(r: Reader) -> History:
    r.expect_heading(3, SECTION, SECTION)
    r.expect_blank(SECTION, "the heading")
    tok = r.expect_table(SECTION)
    values = {}
    last = -1
    labels, dates, times = columns(r, tok, SECTION, HEADER)
    for i, (label, date, time) in enumerate(zip(labels, dates, times, strict=True)):
        order = _ORDER.get(label, -1)
        if order <= last:
            pos = line_offset(tok, len(HEADER) + i)
            allowed = list(EVENTS)[last + 1 :]
            expected = (
                "one of " + ", ".join(repr(a) for a in allowed) + " (each event at most once, "
                "in this order)"
                if allowed
                else "no more events after 'Created'"
            )
            raise r.error(
                pos + 2, f"expected {expected}, found {label!r}", SECTION, width=max(1, len(label))
            )
        last = order
        try:
            value = parse_date_time(date, time)
        except ValueError as exc:
            raise r.error(
                line_offset(tok, len(HEADER) + i) + 5 + len(label),
                str(exc),
                SECTION,
                width=len(date) + 3 + len(time),
            ) from None
        values[EVENTS[label]] = value.replace(tzinfo=timezone.utc)
    r.expect_blank(SECTION, "the History table")
    return History(**values)


def render(history: History, out: list[str]) -> None:
    out.append(f"### {SECTION}\n\n{HEADER[0]}\n{HEADER[1]}\n")
    for label, name in EVENTS.items():
        value = getattr(history, name)
        if value is not None:
            date, time = format_utc(value, f"history.{name}")
            out.append(f"| {label} | {date} | {time} |\n")
    out.append("\n")


assert [f.name for f in attrs.fields(History)] == list(EVENTS.values())
