"""Charts with matplotlib (extra ``plot``): a timeline's growth, a snapshot's top rows.

Like pandas' ``.plot``, each function draws on the Axes it is given (``ax=``) or on a
new Figure of its own, and returns the Axes.  A new Figure is made with
``matplotlib.figure.Figure``, not with pyplot: nothing is registered with pyplot, no
backend is chosen and no global setting changes, so the charts work headless (the
Figure renders with Agg when saved) and leak no figure.  In a notebook, show one with
``ax.figure``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from itertools import compress
from operator import not_
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from .._errors import PetitionError
from .._model import UNITED_KINGDOM, Petition
from .._snapshot import Snapshot
from .._tables.optional import require
from .svg import thresholds_to_draw

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from .._timeline import Timeline

__all__ = [
    "THRESHOLD_NAMES",
    "TimelineKind",
    "known_rows",
    "plot_constituencies",
    "plot_countries",
    "plot_timeline",
    "threshold_label",
]

TimelineKind = Literal["signatures", "rate"]
#: What the petitions site does at each default threshold.
THRESHOLD_NAMES = {10_000: "government response", 100_000: "considered for debate"}


def plot_timeline(
    timeline: Timeline,
    kind: TimelineKind = "signatures",
    petitions: Iterable[int] | None = None,
    thresholds: bool = True,
    ax: Axes | None = None,
) -> Axes:
    """One line per petition: its signatures (``kind="signatures"``) or signatures
    gained per hour (``"rate"``) at each snapshot.

    With ``thresholds``, the signature chart draws the thresholds its petitions crossed
    (and the next one, once a petition is halfway there) as horizontal lines, and marks
    each estimated crossing on its line; the rate chart marks the crossing times as
    vertical lines.  ``petitions`` picks petition ids (default: all, in id order).
    """
    if kind not in ("signatures", "rate"):
        raise PetitionError(f"expected kind 'signatures' or 'rate', found {kind!r}")
    ax = _axes(ax)
    snapshots = timeline.tables["snapshots"]
    chosen = _chosen(snapshots["petition_id"], petitions)
    series = _series(snapshots, "signature_count" if kind == "signatures" else "per_hour")
    dates = require("matplotlib.dates", "plot", "Charts")
    highest = 0.0
    for petition_id in chosen:
        times, values = series.get(petition_id, ([], []))
        ax.plot(
            dates.date2num(times), values, marker="o", markersize=3, label=f"Petition {petition_id}"
        )
        highest = max([highest, *values])
    crossings = [
        (petition_id, threshold, at)
        for petition_id, threshold, at in zip(
            timeline.tables["crossings"]["petition_id"],
            timeline.tables["crossings"]["threshold"],
            timeline.tables["crossings"]["estimated_at"],
            strict=True,
        )
        if petition_id in chosen
    ]
    if thresholds:
        _draw_thresholds(ax, dates, kind, timeline.thresholds, highest, crossings)
    _date_axis(ax)
    _thousands(ax.yaxis)
    ax.set_ylabel("Signatures" if kind == "signatures" else "Signatures per hour")
    ax.set_ylim(bottom=0)
    ax.grid(True, axis="y", alpha=0.3)
    if len(chosen) > 1 or (thresholds and crossings):
        ax.legend(loc="upper left", fontsize="small")
    return ax


def plot_constituencies(
    petition: Petition | Snapshot, top: int = 20, ax: Axes | None = None
) -> Axes:
    """The ``top`` constituencies by signatures, as horizontal bars (largest first).

    The Unknown row, which balances the table, is left out.
    """
    seats = _snapshot(petition).constituencies
    pairs = known_rows(zip(seats.name, seats.signature_count, strict=True), seats.unknown_flags())
    return _bars(_axes(ax), pairs, top, f"Top constituencies: {_short(petition.action)}")


def plot_countries(
    petition: Petition | Snapshot, top: int = 20, ax: Axes | None = None, include_uk: bool = True
) -> Axes:
    """The ``top`` countries by signatures, as horizontal bars (largest first).

    The Unknown row is left out; so is the United Kingdom with ``include_uk=False``
    (it usually dwarfs the rest).
    """
    countries = _snapshot(petition).countries
    pairs = known_rows(
        zip(countries.name, countries.signature_count, strict=True), countries.unknown_flags()
    )
    if not include_uk:
        pairs = [(name, count) for name, count in pairs if name != UNITED_KINGDOM]
    return _bars(_axes(ax), pairs, top, f"Top countries: {_short(petition.action)}")


Row = TypeVar("Row")


def known_rows(rows: Iterable[Row], unknown: list[bool]) -> list[Row]:
    """The rows that are not a table's Unknown row (``unknown``: the tables' own flags)."""
    return list(compress(rows, map(not_, unknown))) if any(unknown) else list(rows)


def _snapshot(petition: Petition | Snapshot) -> Snapshot:
    return petition if isinstance(petition, Snapshot) else Snapshot.of(petition)


def _axes(ax: Axes | None) -> Axes:
    """``ax``, or the Axes of a new Figure that pyplot does not know of."""
    if ax is not None:
        return ax
    figure_module = require("matplotlib.figure", "plot", "Charts")
    figure = figure_module.Figure(figsize=(8, 4.5), layout="constrained")
    axes: Axes = figure.add_subplot()
    return axes


def _chosen(ids: Sequence[int], petitions: Iterable[int] | None) -> list[int]:
    present = sorted(set(ids))
    if petitions is None:
        return present
    wanted = list(dict.fromkeys(petitions))
    missing = [p for p in wanted if p not in present]
    if missing:
        raise PetitionError(
            f"expected petitions of the timeline ({', '.join(map(str, present)) or 'none'}), "
            f"found {', '.join(map(str, missing))}"
        )
    return wanted


def _series(
    snapshots: dict[str, list[Any]], column: str
) -> dict[int, tuple[list[datetime], list[float]]]:
    """Each petition's (times, values), in the timeline's order, skipping nulls (a
    petition's first snapshot has no rate)."""
    series: dict[int, tuple[list[datetime], list[float]]] = {}
    for petition_id, time, value in zip(
        snapshots["petition_id"], snapshots["time"], snapshots[column], strict=True
    ):
        if value is None:
            continue
        times, values = series.setdefault(petition_id, ([], []))
        times.append(time)
        values.append(value)
    return series


def _draw_thresholds(
    ax: Axes,
    dates: Any,
    kind: str,
    thresholds: Sequence[int],
    highest: float,
    crossings: list[tuple[int, int, datetime]],
) -> None:
    crossed = {threshold for _, threshold, _ in crossings}
    if kind == "signatures":
        for threshold in thresholds_to_draw(thresholds, crossed, highest):
            ax.axhline(threshold, color="0.45", linestyle="--", linewidth=1)
            ax.annotate(
                threshold_label(threshold),
                (0, threshold),
                xycoords=("axes fraction", "data"),
                xytext=(4, 3),
                textcoords="offset points",
                fontsize="small",
                color="0.3",
            )
        if crossings:
            ax.plot(
                dates.date2num([at for _, _, at in crossings]),
                [threshold for _, threshold, _ in crossings],
                linestyle="none",
                marker="D",
                color="black",
                markersize=6,
                label="threshold crossed (estimated)",
            )
    else:
        for index, (_, _, at) in enumerate(crossings):
            ax.axvline(
                dates.date2num(at),
                color="0.45",
                linestyle="--",
                linewidth=1,
                label="threshold crossed (estimated)" if index == 0 else None,
            )


def threshold_label(threshold: int) -> str:
    """``"10,000: government response"``; a threshold of one's own, just its number."""
    name = THRESHOLD_NAMES.get(threshold)
    return f"{threshold:,}" + (f": {name}" if name else "")


def _bars(ax: Axes, pairs: list[tuple[str, int]], top: int, title: str) -> Axes:
    if isinstance(top, bool) or not isinstance(top, int) or top < 1:
        raise PetitionError(f"expected top to be a whole number of at least 1, found {top!r}")
    ranked = sorted(pairs, key=lambda pair: -pair[1])[:top]
    ranked.reverse()  # barh draws from the bottom: the largest goes on top
    names = [name for name, _ in ranked]
    counts = [count for _, count in ranked]
    ax.barh(range(len(ranked)), counts, tick_label=names, color="#1d70b8")
    _thousands(ax.xaxis)
    ax.set_xlabel("Signatures")
    ax.set_title(title, loc="left", fontsize="medium")
    ax.grid(True, axis="x", alpha=0.3)
    return ax


def _short(text: str, limit: int = 60) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _date_axis(ax: Axes) -> None:
    dates = require("matplotlib.dates", "plot", "Charts")
    locator = dates.AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(dates.ConciseDateFormatter(locator))


def _thousands(axis: Any) -> None:
    ticker = require("matplotlib.ticker", "plot", "Charts")
    axis.set_major_formatter(ticker.FuncFormatter(lambda value, _: f"{value:,.0f}"))
