"""``petition-parser plot``: a chart of an archive as PNG, SVG or PDF (extra ``plot``)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import click

from .._errors import PetitionError
from .._files import atomic_path
from .._sources import read_many
from .._tables.optional import require
from .._timeline import DEFAULT_THRESHOLDS
from .batch import Batch, reads_sources
from .timeline import read_timeline

#: The file formats, by the suffix of -o.
_FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf"}
_KINDS = ("signatures", "rate", "constituencies", "countries")


@click.command()
@reads_sources
@click.option(
    "-k",
    "--kind",
    type=click.Choice(_KINDS),
    default="signatures",
    show_default=True,
    help="Signatures over time, their rate per hour, or the latest snapshot's top "
    "constituencies or countries.",
)
@click.option(
    "-p",
    "--petition",
    "petitions",
    type=click.IntRange(min=0),
    multiple=True,
    help="A petition id (repeatable; default: every petition, or for the bar charts "
    "the one petition of SOURCES).",
)
@click.option(
    "--top", type=click.IntRange(min=1), default=20, show_default=True, help="Bars to draw."
)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False),
    help="The chart's file: .png, .svg or .pdf (written atomically).",
)
def plot(batch: Batch, kind: str, petitions: tuple[int, ...], top: int, output: str) -> int:
    """Draw a chart of SOURCES to -o (the format follows its suffix).

    \b
    Examples:
      petition-parser plot archive/ -o growth.png
      petition-parser plot archive/ --kind rate --petition 700101 -o rate.svg
      petition-parser plot archive/ --kind constituencies -p 700101 -o seats.pdf
    """
    fmt = _FORMATS.get(os.path.splitext(output)[1].lower())
    if fmt is None:
        raise click.UsageError(f"expected -o to end in {', '.join(_FORMATS)}, found {output!r}")
    try:
        require("matplotlib", "plot", "petition-parser plot")
    except ImportError as exc:
        raise click.UsageError(str(exc)) from None
    from .._pictures import charts  # noqa: PLC0415 (extra "plot")

    axes: Any
    if kind in ("signatures", "rate"):
        timeline, parsed = read_timeline(batch, DEFAULT_THRESHOLDS)
        axes = charts.plot_timeline(timeline, kind, petitions or None)  # type: ignore[arg-type]
    else:
        latest: dict[int, Any] = {}
        parsed = 0
        for _, snapshot in read_many(
            batch.sources(), "snapshot", workers=batch.jobs, on_error=batch.on_error
        ):
            parsed += 1
            kept = latest.get(snapshot.petition_id)
            if kept is None or snapshot.time >= kept.time:
                latest[snapshot.petition_id] = snapshot
        chosen = _one_petition(latest, petitions)
        draw = charts.plot_constituencies if kind == "constituencies" else charts.plot_countries
        axes = draw(latest[chosen], top=top)
    with atomic_path(output) as temporary, Path(temporary).open("wb") as file:
        axes.figure.savefig(file, format=fmt)
    return batch.finish(parsed)


def _one_petition(latest: dict[int, Any], petitions: tuple[int, ...]) -> int:
    if len(petitions) > 1:
        raise click.UsageError("expected one --petition for a bar chart, found several")
    if petitions:
        if petitions[0] not in latest:
            raise PetitionError(f"expected petition {petitions[0]} in the sources, found none")
        return petitions[0]
    if len(latest) != 1:
        found = f"{len(latest)} petitions" if latest else "none"
        raise click.UsageError(
            "expected one petition in the sources for a bar chart (or --petition ID), "
            f"found {found}"
        )
    only: int = next(iter(latest))
    return only
