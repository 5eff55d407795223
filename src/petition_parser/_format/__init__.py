"""The report format, reading and writing: text -> tokens -> sections -> model, and back.

=================  ===========================================================
``reader.py``      text preparation (bytes, BOM, CRLF) and the token cursor
``blocks.py``      mistune's block parser with the format's rules -> tokens
``values.py``      the value grammar: numbers, percentages, times, links
``pipe_tables.py`` pipe tables -> columns (fast path and its diagnosis)
``layout.py``      the section table: the one place the section order lives
``sections/``      one module per report section
``report.py``      ``parse``, ``parse_file``, ``render``
``index.py``       index pages: ``parse_index``, ``render_index``
=================  ===========================================================

The rest of the package imports from here only.
"""

from __future__ import annotations

from .index import parse_index, render_index
from .layout import CURRENT, LAYOUTS
from .reader import decode, read_bytes
from .report import parse, parse_constituency_text, parse_file, parse_snapshot, render
from .sections import constituencies, countries
from .sections.history import EVENTS
from .values import INT_LIMIT, parse_date_time, percentage, percentage_text

__all__ = [
    "CURRENT",
    "EVENTS",
    "INT_LIMIT",
    "LAYOUTS",
    "constituencies",
    "countries",
    "decode",
    "parse",
    "parse_constituency_text",
    "parse_date_time",
    "parse_file",
    "parse_index",
    "parse_snapshot",
    "percentage",
    "percentage_text",
    "read_bytes",
    "render",
    "render_index",
]
