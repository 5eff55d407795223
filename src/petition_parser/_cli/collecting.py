"""What ``fetch``, ``collect`` and ``watch`` share: the site's options, durations, progress."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from ..collect._client import OFFICIAL_SITE

if TYPE_CHECKING:
    from ..collect import Client

    _ParamType = click.ParamType[float]
else:  # click before 8.2 has no generic ParamType
    _ParamType = click.ParamType

__all__ = ["Duration", "client_for", "site_options"]

F = TypeVar("F", bound=Callable[..., Any])


_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


class Duration(_ParamType):
    """A duration: ``90`` or ``90s`` (seconds), ``5m``, ``2h``, ``1d``."""

    name = "duration"

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> float:
        if isinstance(value, (int, float)):
            return float(value)
        m = re.fullmatch(r"\s*([0-9]+(?:\.[0-9]+)?)\s*([smhd]?)\s*", str(value))
        seconds = float(m[1]) * _UNITS[m[2]] if m else 0.0
        if not m or not 0 < seconds <= 366 * 86400:
            self.fail(f"expected a duration like 90s, 5m or 1h, got {value!r}", param, ctx)
        return seconds


def site_options(function: F) -> F:
    """``--base-url``, ``--concurrency``, ``--rate``, ``--timeout`` and ``--retries``."""
    options = [
        click.option(
            "--base-url",
            default=OFFICIAL_SITE,
            show_default=True,
            help="The petitions site (a local copy or test server, say).",
        ),
        click.option(
            "--concurrency",
            type=click.IntRange(1, 64),
            default=2,
            show_default=True,
            help="Requests in flight at most.",
        ),
        click.option(
            "--rate",
            type=click.FloatRange(min=0.01, max=1000),
            default=4.0,
            show_default=True,
            help="Requests started a second at most.",
        ),
        click.option(
            "--timeout",
            type=click.FloatRange(min=0.1, max=600),
            default=30.0,
            show_default=True,
            help="Seconds to wait to connect, and for each read.",
        ),
        click.option(
            "--retries",
            type=click.IntRange(0, 20),
            default=4,
            show_default=True,
            help="Further attempts after a timeout, a reset, a 5xx or a 429.",
        ),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def client_for(options: dict[str, Any]) -> Client:
    """The client the site options ask for (extra ``collect``); a usage error without it."""
    try:
        from ..collect import Client  # noqa: PLC0415 (needs the extra)

        return Client(
            options["base_url"],
            concurrency=options["concurrency"],
            rate=options["rate"],
            timeout=options["timeout"],
            retries=options["retries"],
        )
    except ImportError as exc:
        raise click.UsageError(str(exc)) from None


def progress_shown(quiet: bool) -> bool:
    """A progress line only on a terminal, and not when asked to be quiet."""
    return not quiet and sys.stderr.isatty()
