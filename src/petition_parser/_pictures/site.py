"""``build_site``: a static website of an archive (extra ``site``: jinja2).

One pass over the source: each report becomes a timeline point (its time and count)
and, while it is the petition's latest, the facts its page shows.  Then an index page
(one row per petition, sortable and filterable by a small script, complete without
it) and a page per petition (growth and rate charts as inline SVG, the top
constituencies and countries, the History, the government's response, the link to the
official page), rendered from jinja2 templates with autoescaping: a petition's text
is always text.  The site needs nothing outside its folder (no CDN, no web font), so
it works offline and from ``file://``; it is written into a temporary folder beside
``dest`` and put in its place whole (``_files.atomic_path``).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import datetime
from importlib import resources
from operator import itemgetter
from pathlib import Path
from typing import Any

from attrs import define

from .. import __version__
from .._errors import PetitionError
from .._files import atomic_path
from .._model import GovernmentResponse, History
from .._snapshot import Snapshot
from .._sources import Errors, SourceLike, read_many
from .._tables.optional import require
from .._timeline import DEFAULT_THRESHOLDS, Timeline, _Point, from_points, snapshot_point
from .charts import known_rows, threshold_label
from .svg import Line, line_chart, thresholds_to_draw

__all__ = ["build_site", "site_item", "write_site"]

#: How many constituencies and countries a petition's page lists.
TOP = 20
#: The History rows a page lists, in the report's order, with their names.
_EVENTS = (
    ("updated_at", "Updated"),
    ("government_response_at", "Government response"),
    ("debate_threshold_reached_at", "Debate threshold reached"),
    ("response_threshold_reached_at", "Response threshold reached"),
    ("opened_at", "Opened"),
    ("moderation_threshold_reached_at", "Moderation threshold reached"),
    ("created_at", "Created"),
)


@define(frozen=True)
class _Latest:
    """What a petition's page shows of its latest snapshot (made where it was parsed)."""

    time: datetime
    petition_id: int
    action: str
    url: str
    refreshed_at: datetime | None
    signature_count: int
    uk_signature_count: int | None
    response: GovernmentResponse | None
    history: History
    constituencies: list[tuple[str, str | None, int]]
    countries: list[tuple[str, int]]


def site_item(path: str | None, snapshot: Snapshot) -> tuple[_Point, _Latest]:
    """A report as the site keeps it: its timeline point (without the per-row counts,
    which the site's charts do not need) and its page's facts."""
    seats = snapshot.constituencies
    countries = snapshot.countries
    seat_rows = known_rows(
        zip(seats.name, seats.mp, seats.signature_count, strict=True), seats.unknown_flags()
    )
    country_rows = known_rows(
        zip(countries.name, countries.signature_count, strict=True), countries.unknown_flags()
    )
    history = snapshot.history
    latest = _Latest(
        time=snapshot.time,
        petition_id=snapshot.petition_id,
        action=snapshot.action,
        url=snapshot.url,
        refreshed_at=snapshot.refreshed_at,
        signature_count=snapshot.signature_count,
        uk_signature_count=snapshot.uk_signature_count,
        response=snapshot.government_response,
        history=history,
        # Sorted at C speed (the tables are in this order already, which Timsort sees
        # in one pass); reverse=True keeps equal counts in the report's order.
        constituencies=sorted(seat_rows, key=itemgetter(2), reverse=True)[:TOP],
        countries=sorted(country_rows, key=itemgetter(1), reverse=True)[:TOP],
    )
    return snapshot_point(path, snapshot, per_row=False), latest


def build_site(
    source: SourceLike,
    dest: str | os.PathLike[str],
    *,
    thresholds: Iterable[int] = DEFAULT_THRESHOLDS,
    errors: Errors = "raise",
    workers: int = 1,
) -> Path:
    """Write a static website of ``source`` (anything ``read_reports`` takes) to the
    folder ``dest`` (extra ``site``), and return the path of its index page.

    ``dest`` is replaced whole, and only once the site is complete; its parent folder
    must exist.  ``thresholds`` as in ``timeline``; ``errors`` and ``workers`` as in
    ``to_records``.  See docs/pictures.md.
    """
    require("jinja2", "site", "The site")
    if errors not in ("raise", "skip"):
        raise PetitionError(f"expected errors 'raise' or 'skip', found {errors!r}")
    items = read_many(source, "snapshot", errors=errors, workers=workers, then=site_item)
    index, _ = write_site((item for _, item in items), dest, thresholds)
    return index


def write_site(
    items: Iterable[tuple[_Point, _Latest]],
    dest: str | os.PathLike[str],
    thresholds: Iterable[int] = DEFAULT_THRESHOLDS,
) -> tuple[Path, int]:
    """The site of ``site_item``'s results: its index page, and how many snapshots."""
    jinja2 = require("jinja2", "site", "The site")
    points: list[_Point] = []
    latest: dict[int, _Latest] = {}
    for point, facts in items:
        points.append(point)
        kept = latest.get(facts.petition_id)
        if kept is None or facts.time >= kept.time:
            latest[facts.petition_id] = facts
    timeline = from_points(points, thresholds)
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("petition_parser", "_pictures/templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["count"] = _count
    environment.filters["when"] = _when
    pages = _pages(timeline, latest)
    with atomic_path(dest, folder=True) as folder:
        _write(folder / "index.html", environment.get_template("index.html"), pages=pages)
        (folder / "petitions").mkdir()
        template = environment.get_template("petition.html")
        for page in pages:
            _write(folder / "petitions" / f"{page['petition_id']}.html", template, page=page)
        assets = folder / "assets"
        assets.mkdir()
        for name in ("site.css", "site.js"):
            (assets / name).write_bytes(
                (resources.files(__package__) / "assets" / name).read_bytes()
            )
    return Path(dest) / "index.html", len(points)


def _write(path: Path, template: Any, **values: Any) -> None:
    path.write_text(template.render(version=__version__, **values), encoding="utf-8")


def _pages(timeline: Timeline, latest: dict[int, _Latest]) -> list[dict[str, Any]]:
    """Each petition's page values, by signatures (most first), then id."""
    snapshots = timeline.tables["snapshots"]
    series: dict[int, list[tuple[datetime, int, float | None]]] = {}
    for petition_id, time, count, rate in zip(
        snapshots["petition_id"],
        snapshots["time"],
        snapshots["signature_count"],
        snapshots["per_hour"],
        strict=True,
    ):
        series.setdefault(petition_id, []).append((time, count, rate))
    crossings: dict[int, list[tuple[int, datetime]]] = {}
    table = timeline.tables["crossings"]
    for petition_id, threshold, at in zip(
        table["petition_id"], table["threshold"], table["estimated_at"], strict=True
    ):
        crossings.setdefault(petition_id, []).append((threshold, at))
    pages = [
        _page(facts, series.get(petition_id, []), crossings.get(petition_id, []), timeline)
        for petition_id, facts in latest.items()
    ]
    pages.sort(key=lambda page: (-page["signature_count"], page["petition_id"]))
    return pages


def _page(
    facts: _Latest,
    series: list[tuple[datetime, int, float | None]],
    crossings: list[tuple[int, datetime]],
    timeline: Timeline,
) -> dict[str, Any]:
    times = [time for time, _, _ in series]
    counts = [count for _, count, _ in series]
    rated = [(time, rate) for time, _, rate in series if rate is not None]
    crossed = {threshold for threshold, _ in crossings}
    drawn = thresholds_to_draw(timeline.thresholds, crossed, max(counts, default=0))
    uk = facts.uk_signature_count
    official = facts.url.removesuffix(".json")
    top_seat = max((count for _, _, count in facts.constituencies), default=0)
    top_country = max((count for _, count in facts.countries), default=0)
    return {
        "petition_id": facts.petition_id,
        "action": facts.action.strip(),
        "official": official if official.startswith(("https://", "http://")) else None,
        "signature_count": facts.signature_count,
        "uk_signature_count": uk,
        "uk_share": None if uk is None or not facts.signature_count else uk / facts.signature_count,
        "refreshed": facts.time,
        "response_reached": facts.history.response_threshold_reached_at,
        "debate_reached": facts.history.debate_threshold_reached_at,
        "history": [
            (name, getattr(facts.history, field))
            for field, name in _EVENTS
            if getattr(facts.history, field) is not None
        ],
        "response": facts.response,
        "response_paragraphs": _paragraphs(facts.response.details) if facts.response else [],
        "snapshots": series,
        "growth_chart": line_chart(
            "growth",
            "Signatures at each snapshot",
            times,
            counts,
            "signatures",
            [Line(t, threshold_label(t)) for t in drawn],
            [(at, threshold) for threshold, at in crossings],
        ),
        "rate_chart": line_chart(
            "rate",
            "Signatures gained per hour between snapshots",
            [time for time, _ in rated],
            [rate for _, rate in rated],
            "signatures per hour",
        ),
        "constituencies": [
            (name, mp, count, _share(count, top_seat)) for name, mp, count in facts.constituencies
        ],
        "countries": [(name, count, _share(count, top_country)) for name, count in facts.countries],
    }


def _share(count: int, top: int) -> float:
    """A bar's length, in % of the longest."""
    return round(100 * max(count, 0) / top, 1) if top > 0 else 0.0


def _paragraphs(text: str) -> list[str]:
    """Free text as paragraphs: split at blank lines; line breaks are kept by the page's
    style (``white-space: pre-line``)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    paragraphs: list[str] = []
    current: list[str] = []
    for line in lines:
        if line.strip():
            current.append(line.rstrip())
        elif current:
            paragraphs.append("\n".join(current))
            current = []
    if current:
        paragraphs.append("\n".join(current))
    return paragraphs


def _count(value: int | None) -> str:
    return "-" if value is None else f"{value:,}"


def _when(value: datetime | None) -> str:
    """A report's time: its local refresh time as it is, History times (UTC) marked."""
    if value is None:
        return "-"
    return f"{value:%Y-%m-%d %H:%M}" + (" UTC" if value.tzinfo is not None else "")
