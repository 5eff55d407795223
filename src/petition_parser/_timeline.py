"""``timeline``: many snapshots of one or many petitions, in order, with their growth.

One row per (petition, snapshot), ordered by time; snapshots with the same key
(``petition_id``, ``refreshed_at``, ``updated_at``) are collapsed, and a duplicate
that differs is reported as a conflict.  Each row has the signatures gained and the
rate per hour since the petition's previous snapshot; the per-country and
per-constituency variants are long tables; threshold crossings are estimated between
the two snapshots that bracket them.

A snapshot's time is its refresh time; the early layouts A-D have none, and there it
is the History Updated time (UTC, taken as naive: within an hour of UK local time).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import datetime, timedelta
from html import escape
from typing import TYPE_CHECKING, Any, BinaryIO

import attrs
from attrs import define

from ._errors import PetitionError
from ._files import path_text
from ._model import plural
from ._snapshot import Snapshot, SnapshotKey
from ._sources import Errors, SourceLike, read_many
from ._tables import SCHEMAS, TableColumns, format_for, write
from ._tables.arrow import arrow_table, pandas_frame

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from ._pictures.charts import TimelineKind

__all__ = ["DEFAULT_THRESHOLDS", "Timeline", "from_points", "snapshot_point", "timeline"]

#: The thresholds the petitions site acts on: a government response, then a debate.
DEFAULT_THRESHOLDS = (10_000, 100_000)


@define(frozen=True)
class _Point:
    """What a timeline keeps of one snapshot (made where it was parsed)."""

    key: SnapshotKey
    time: datetime
    signature_count: int
    countries: dict[str, int]
    constituencies: dict[str, int]
    response_threshold_reached_at: datetime | None
    debate_threshold_reached_at: datetime | None
    layout: str
    source_path: str | None

    def same_counts(self, other: _Point) -> bool:
        """Whether two snapshots with one key say the same: compared by value, not by a
        ``hash()``, which is salted per process (worker processes made their points)."""
        return (self.signature_count, self.countries, self.constituencies) == (
            other.signature_count,
            other.countries,
            other.constituencies,
        )


def snapshot_point(path: str | None, snapshot: Snapshot, *, per_row: bool = True) -> _Point:
    """What the timeline keeps of a snapshot (made where it was parsed, a worker say).

    ``per_row=False`` leaves out the country and constituency counts (a timeline then
    has no rows in those tables): for a reader of the totals only, such as the site.
    """
    history = snapshot.history
    countries, seats = snapshot.countries, snapshot.constituencies
    return _Point(
        key=snapshot.key,
        time=snapshot.time,
        signature_count=snapshot.signature_count,
        countries=dict(zip(countries.name, countries.signature_count, strict=True))
        if per_row
        else {},
        constituencies=dict(zip(seats.name, seats.signature_count, strict=True)) if per_row else {},
        response_threshold_reached_at=history.response_threshold_reached_at,
        debate_threshold_reached_at=history.debate_threshold_reached_at,
        layout=snapshot.layout,
        source_path=path_text(path),
    )


@define(frozen=True)
class Timeline:
    """Snapshots in order, with growth; see ``timeline``.

    Tables (``records``, ``to_arrow``, ``to_pandas``, ``write``): ``"snapshots"``,
    ``"countries"``, ``"constituencies"``, ``"crossings"``, and ``"conflicts"``.
    """

    tables: dict[str, TableColumns]
    #: The signature counts whose crossings the ``crossings`` table estimates.
    thresholds: tuple[int, ...] = DEFAULT_THRESHOLDS

    def __repr__(self) -> str:
        """Short: the tables and their row counts (a timeline's rows can be millions)."""
        counts = ", ".join(f"{name} {plural(n, 'row', 'rows')}" for name, n in self._counts())
        return f"<Timeline of {plural(self._petitions(), 'petition', 'petitions')}: {counts}>"

    def _repr_html_(self) -> str:
        """A compact summary for Jupyter: the span of time, and each table's size."""
        snapshots = self.tables["snapshots"]
        times = [t for t in snapshots["time"] if t is not None]
        span = f"{min(times):%Y-%m-%d %H:%M} to {max(times):%Y-%m-%d %H:%M}" if times else "-"
        rows = {
            "Petitions": f"{self._petitions():,}",
            "Snapshots": f"{len(snapshots['time']):,}",
            "Time": escape(span),
            **{f"Table {name}": plural(n, "row", "rows") for name, n in self._counts()},
        }
        body = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows.items())
        return f"<table>{body}</table>"

    def _counts(self) -> list[tuple[str, int]]:
        return [(name, len(next(iter(columns.values())))) for name, columns in self.tables.items()]

    def _petitions(self) -> int:
        return len(set(self.tables["snapshots"]["petition_id"]))

    def records(self, table: str = "snapshots") -> list[dict[str, Any]]:
        columns = self._columns(table)
        names = list(columns)
        return [dict(zip(names, row, strict=True)) for row in zip(*columns.values(), strict=True)]

    def to_arrow(self, table: str = "snapshots") -> Any:
        return arrow_table(_name(table), [self._columns(table)])

    def to_pandas(self, table: str = "snapshots") -> Any:
        return pandas_frame(self.to_arrow(table))

    def write(
        self,
        table: str,
        path: str | os.PathLike[str] | BinaryIO,
        format: str | None = None,
    ) -> int:
        """Write one table to a file (CSV, NDJSON, JSON or Parquet, atomically) or, as
        text, to a binary stream; returns the rows written.  The format follows the
        suffix unless named (a stream: CSV unless named)."""
        return write(_name(table), [self._columns(table)], path, format_for(path, format))

    def plot(
        self,
        kind: TimelineKind = "signatures",
        petitions: Iterable[int] | None = None,
        thresholds: bool = True,
        ax: Axes | None = None,
    ) -> Axes:
        """A chart of the snapshots (extra ``plot``): one line per petition, its
        signatures (``kind="signatures"``) or signatures gained per hour (``"rate"``),
        with the thresholds and their estimated crossings.  Draws on ``ax`` or on a
        new Figure (pyplot is not used: nothing global changes), and returns the Axes.
        See docs/pictures.md.
        """
        from ._pictures.charts import plot_timeline  # noqa: PLC0415 (extra "plot")

        return plot_timeline(self, kind, petitions, thresholds, ax)

    def _columns(self, table: str) -> TableColumns:
        if table not in self.tables:
            raise PetitionError(
                f"expected a table, one of {', '.join(self.tables)}; found {table!r}"
            )
        return self.tables[table]


def _name(table: str) -> Any:
    return f"timeline_{table}"


def timeline(
    source: SourceLike,
    *,
    thresholds: Iterable[int] = DEFAULT_THRESHOLDS,
    errors: Errors = "raise",
    workers: int = 1,
) -> Timeline:
    """The snapshots of ``source`` (anything ``read_reports`` takes), in order.

    Each petition's snapshots are ordered by time; the first has no gain.  For each
    threshold a petition crossed between two snapshots, the crossing time is estimated
    by linear interpolation between them, beside the report's own Response and Debate
    Threshold Reached times.
    """
    results = read_many(source, "snapshot", errors=errors, workers=workers, then=snapshot_point)
    return from_points((point for _, point in results), thresholds)


def from_points(results: Iterable[Any], thresholds: Iterable[int]) -> Timeline:
    """The timeline of the points ``snapshot_point`` made (other items are passed over)."""
    points: dict[tuple[Any, ...], _Point] = {}
    conflicts: list[tuple[_Point, _Point]] = []
    for point in results:
        if not isinstance(point, _Point):
            continue
        seen = points.get(point.key)
        if seen is None:
            points[point.key] = point
        elif not seen.same_counts(point):
            conflicts.append((seen, point))
    ordered = sorted(points.values(), key=lambda p: (p.key[0], p.time))
    levels = sorted(set(thresholds))
    return Timeline(_tables(ordered, levels, conflicts), tuple(levels))


def _tables(
    points: list[_Point], thresholds: list[int], conflicts: list[tuple[_Point, _Point]]
) -> dict[str, TableColumns]:
    tables: dict[str, TableColumns] = {
        name.removeprefix("timeline_"): {c.name: [] for c in columns}
        for name, columns in SCHEMAS.items()
        if name.startswith("timeline_")
    }
    previous: _Point | None = None
    for point in points:
        if previous is not None and previous.key[0] != point.key[0]:
            previous = None
        _add_snapshot(tables, point, previous)
        if previous is not None:
            for threshold in thresholds:
                if previous.signature_count < threshold <= point.signature_count:
                    _add(tables["crossings"], point, _crossing(previous, point, threshold))
        previous = point
    for seen, other in conflicts:
        _add(
            tables["conflicts"],
            seen,
            {
                "first_source": seen.source_path,
                "second_source": other.source_path,
            },
        )
    return tables


def _add_snapshot(tables: dict[str, TableColumns], point: _Point, previous: _Point | None) -> None:
    """The snapshot's rows: its total, and each country and constituency."""
    hours = None
    old_total = None
    if previous is not None:
        hours = (point.time - previous.time) / timedelta(hours=1)
        old_total = previous.signature_count
    _add(
        tables["snapshots"],
        point,
        {
            "signature_count": point.signature_count,
            "gained": None if old_total is None else point.signature_count - old_total,
            "hours": hours,
            "per_hour": _rate(point.signature_count, old_total, hours),
            "layout": point.layout,
            "source_path": point.source_path,
        },
    )
    for table, counts, before in (
        ("countries", point.countries, previous.countries if previous else None),
        ("constituencies", point.constituencies, previous.constituencies if previous else None),
    ):
        for name, count in counts.items():
            old = None if before is None else before.get(name)
            _add(
                tables[table],
                point,
                {
                    "name": name,
                    "signature_count": count,
                    "gained": None if old is None else count - old,
                    "per_hour": _rate(count, old, hours),
                },
            )


def _add(table: TableColumns, point: _Point, values: dict[str, Any]) -> None:
    row = {
        "petition_id": point.key[0],
        "refreshed_at": point.key[1],
        "updated_at": point.key[2],
        "time": point.time,
        **values,
    }
    for name, column in table.items():
        column.append(row[name])


def _rate(count: int, old: int | None, hours: float | None) -> float | None:
    if old is None or not hours:
        return None
    return (count - old) / hours


def _crossing(before: _Point, after: _Point, threshold: int) -> dict[str, Any]:
    """Where ``threshold`` falls between two snapshots, by linear interpolation."""
    share = (threshold - before.signature_count) / (after.signature_count - before.signature_count)
    estimated = before.time + (after.time - before.time) * share
    return {
        "threshold": threshold,
        "previous_time": before.time,
        "estimated_at": estimated.replace(microsecond=0),
        "response_threshold_reached_at": after.response_threshold_reached_at,
        "debate_threshold_reached_at": after.debate_threshold_reached_at,
    }


# As users import them (``petition_parser.Timeline``): reprs, tracebacks and pickles
# name the public module, not this private one.  The annotations are resolved first,
# while this module (where their names are) is still the one the class names.
for _public in (Timeline,):
    attrs.resolve_types(_public)
    _public.__module__ = "petition_parser"
