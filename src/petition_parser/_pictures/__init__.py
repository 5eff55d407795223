"""Pictures: charts with matplotlib (extra ``plot``) and a static site (extra ``site``).

Neither extra is imported until a function here is called: ``import petition_parser``
loads no matplotlib and no jinja2.
"""

from __future__ import annotations

from .charts import plot_constituencies, plot_countries, plot_timeline
from .site import build_site

__all__ = ["build_site", "plot_constituencies", "plot_countries", "plot_timeline"]
