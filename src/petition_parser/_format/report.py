"""``parse`` and ``render``: a report's text to a Petition and back, section by section.

Both walk the layout's section table (``layout.py``); each section module reads
and writes its own part.
"""

from __future__ import annotations

import os
from typing import Any, BinaryIO

from .._errors import PetitionParseError
from .._model import Petition
from .._rows import Rows
from .layout import CURRENT
from .reader import Source, decode, read_bytes, reader_for

__all__ = ["parse", "parse_fields", "parse_file", "render"]


def parse(text: str | bytes) -> Petition:
    """Read one petition report.

    ``text`` is the report's text, or its bytes (UTF-8).  A leading BOM is ignored,
    and a document whose first line ends in ``\\r\\n`` (saved on Windows) is read
    as its LF form.  In an LF document, ``\\r`` inside the free text is kept as it
    is.  Anything that is not a complete report raises :class:`PetitionParseError`.
    """
    return _parse(text)


def _parse(text: Source) -> Petition:
    fields = parse_fields(text)
    for name, value in fields.items():
        if isinstance(value, Rows):
            fields[name] = value.build()
    return Petition(**fields)


def parse_fields(text: Source) -> dict[str, Any]:
    """The Petition's fields, its tables still as columns (:class:`Rows`).

    For the flat tables, which want columns: no row objects are made.
    """
    layout = CURRENT
    r = reader_for(text, "a petition report", "parse", layout.free_text_until)
    fields: dict[str, Any] = {}
    for section in layout.sections:
        fields.update(section.extract(r, layout))
    r.expect_end("the last table", layout.sections[-1].HEADING)
    return fields


def parse_file(source: str | os.PathLike[str] | BinaryIO, *, encoding: str = "utf-8") -> Petition:
    """Read a report file: a path, or a binary file object.

    The bytes are decoded with ``encoding`` (a leading BOM is dropped whatever the
    encoding); newlines are not translated.  A PetitionParseError names the file
    when ``source`` is a path.
    """
    data = read_bytes(source)
    name = os.fspath(source) if isinstance(source, (str, os.PathLike)) else None
    try:
        return _parse(data if encoding == "utf-8" else decode(data, encoding))
    except PetitionParseError as exc:
        if name is not None:
            exc.in_file(name)
        raise


def render(petition: Petition) -> str:
    """The report text for ``petition``: ``render(parse(x)) == x`` for every LF report.

    Raises :class:`UnrepresentableError` (a ``ValueError``) for a value the format
    cannot hold, rather than writing a file that would read back differently.
    """
    layout = CURRENT
    out: list[str] = []
    for section in layout.sections:
        section.render(petition, out, layout)
    return "".join(out)
