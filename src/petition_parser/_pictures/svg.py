"""Line charts as inline SVG, written here: the site's charts, with no dependency.

matplotlib would draw them too, but at tens of milliseconds a chart, a site of
thousands of petitions would take minutes; this writer takes well under one.  A chart
is plain SVG with presentation attributes (no CSS needed, so a chart also stands on
its own as a file), one ``<circle class="point">`` per snapshot with its values in a
``<title>`` (the browser's tooltip), and a ``<title>``/``<desc>`` pair for screen
readers.  Only numbers and dates are written into it, and every text is escaped.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime, timedelta
from html import escape

from attrs import define

__all__ = ["Line", "line_chart", "thresholds_to_draw"]

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 14, 30
#: The colours: the line (GOV.UK blue), the threshold lines, the axis text, and the
#: thresholds' labels (7:1 on white, as the site's other text).
LINE, RULE, INK, LABEL = "#1d70b8", "#6f777b", "#0b0c0c", "#505a5f"


@define(frozen=True)
class Line:
    """A horizontal line across a chart (a threshold), with its label."""

    value: float
    label: str


def thresholds_to_draw(thresholds: Sequence[int], crossed: set[int], highest: float) -> list[int]:
    """The thresholds a signature chart shows: those crossed, and any other once the
    highest count is halfway to it (the line would otherwise squash a small petition)."""
    return [t for t in thresholds if t in crossed or highest >= t / 2]


def line_chart(
    ident: str,
    title: str,
    times: Sequence[datetime],
    values: Sequence[float],
    unit: str,
    lines: Sequence[Line] = (),
    marks: Sequence[tuple[datetime, float]] = (),
) -> str:
    """An SVG line chart of ``values`` at ``times``: a point per value, the ``lines``
    across it, and diamonds at ``marks`` (estimated threshold crossings)."""
    highest = max([*values, *(line.value for line in lines), 0.0])
    step = _nice_step(highest / 4)
    top_value = step * max(1, math.ceil(highest / step))
    start, end = (min(times), max(times)) if times else (datetime(2000, 1, 1), datetime(2000, 1, 1))
    if start == end:
        start, end = start - timedelta(hours=1), end + timedelta(hours=1)
    span = (end - start).total_seconds()
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(time: datetime) -> float:
        return LEFT + plot_width * (time - start).total_seconds() / span

    def y(value: float) -> float:
        return TOP + plot_height * (1 - value / top_value)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{escape(ident)}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{escape(ident)}-title {escape(ident)}-desc" '
        'font-family="system-ui, sans-serif" font-size="12">',
        f'<title id="{escape(ident)}-title">{escape(title)}</title>',
        f'<desc id="{escape(ident)}-desc">{escape(_describe(times, values, unit))}</desc>',
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#fff"/>',
    ]
    parts.extend(
        f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
        'stroke="#e5e6e7"/>'
        f'<text x="{LEFT - 6}" y="{y(tick) + 4:.1f}" text-anchor="end" fill="{INK}">'
        f"{tick:,.0f}</text>"
        for tick in _ticks(top_value, step)
    )
    # The first and last dates are anchored inside the chart, so that neither is cut.
    anchors = ["start", "middle", "middle", "middle", "end"]
    parts.extend(
        f'<text x="{x(time):.1f}" y="{HEIGHT - 10}" text-anchor="{anchor}" fill="{INK}">'
        f"{escape(_time_label(time, span))}</text>"
        for anchor, time in zip(anchors, _time_ticks(start, end), strict=True)
    )
    parts.extend(
        f'<line class="threshold" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(line.value):.1f}" '
        f'y2="{y(line.value):.1f}" stroke="{RULE}" stroke-dasharray="5 4"/>'
        f'<text x="{LEFT + 4}" y="{y(line.value) - 4:.1f}" fill="{LABEL}">'
        f"{escape(line.label)}</text>"
        for line in lines
    )
    parts.append(
        f'<line x1="{LEFT}" x2="{LEFT}" y1="{TOP}" y2="{HEIGHT - BOTTOM}" stroke="{INK}"/>'
        f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{HEIGHT - BOTTOM}" y2="{HEIGHT - BOTTOM}" '
        f'stroke="{INK}"/>'
    )
    if values:
        points = " ".join(f"{x(t):.1f},{y(v):.1f}" for t, v in zip(times, values, strict=True))
        parts.append(f'<polyline points="{points}" fill="none" stroke="{LINE}" stroke-width="2"/>')
    for time, value in zip(times, values, strict=True):
        parts.append(
            f'<circle class="point" cx="{x(time):.1f}" cy="{y(value):.1f}" r="3" fill="{LINE}" '
            f'data-time="{time.isoformat()}" data-value="{value:g}">'
            f"<title>{time:%Y-%m-%d %H:%M}: {value:,.0f} {escape(unit)}</title></circle>"
        )
    for time, value in marks:
        cx, cy = x(time), y(value)
        parts.append(
            f'<path class="crossing" d="M{cx:.1f} {cy - 6:.1f}l6 6l-6 6l-6 -6z" fill="{INK}" '
            f'data-time="{time.isoformat()}" data-value="{value:g}">'
            f"<title>{value:,.0f} reached about {time:%Y-%m-%d %H:%M}</title></path>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _describe(times: Sequence[datetime], values: Sequence[float], unit: str) -> str:
    if not values:
        return f"No {unit} to show."
    first, last = values[0], values[-1]
    return (
        f"{len(values)} snapshots, from {first:,.0f} {unit} on {times[0]:%d %B %Y %H:%M} "
        f"to {last:,.0f} on {times[-1]:%d %B %Y %H:%M}; highest {max(values):,.0f}."
    )


def _nice_step(value: float) -> float:
    """The axis step: ``value`` rounded up to 1, 2, 2.5 or 5 times a power of ten (at
    least 1: counts are whole)."""
    if value <= 1:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    return float(next(s * power for s in (1, 2, 2.5, 5, 10) if value <= s * power))


def _ticks(top: float, step: float) -> list[float]:
    return [step * i for i in range(round(top / step) + 1)]


def _time_ticks(start: datetime, end: datetime) -> list[datetime]:
    return [start + (end - start) * i / 4 for i in range(5)]


def _time_label(time: datetime, span: float) -> str:
    return f"{time:%d %b %H:%M}" if span < 4 * 86_400 else f"{time:%d %b %Y}"
