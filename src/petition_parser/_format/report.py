"""``parse`` and ``render``: a report's text to a Petition and back, section by section.

``parse`` tells the layout from the document's first lines (``layout.detect``); both
walk that layout's section table (``layout.py``), and each section module reads and
writes its own part.
"""

from __future__ import annotations

import os
from typing import Any, BinaryIO

from .._errors import PetitionParseError, UnrepresentableError, shorten, unreadable
from .._model import Petition
from .._rows import Rows
from .._snapshot import ConstituencyColumns, ConstituencyText, CountryColumns, Snapshot
from .layout import CURRENT, LAYOUTS, SECTIONS, detect
from .reader import Source, decode, prepare, read_bytes, reader_for
from .sections import constituencies

__all__ = ["parse", "parse_constituency_text", "parse_file", "parse_snapshot", "render"]


def parse(text: str | bytes) -> Petition:
    """Read one petition report.

    ``text`` is the report's text, or its bytes (UTF-8).  A leading BOM is ignored,
    and a document whose first line ends in ``\\r\\n`` (saved on Windows) is read
    as its LF form.  In an LF document, ``\\r`` inside the free text is kept as it
    is.  Anything that is not a complete report raises ``PetitionParseError``.
    """
    return _parse(text)


def _parse(text: Source) -> Petition:
    fields = parse_fields(text)
    for name, value in fields.items():
        if isinstance(value, Rows):
            fields[name] = value.build()
    return Petition(**fields)


def parse_snapshot(text: Source) -> Snapshot:
    """The report as a ``Snapshot``: its tables as columns, no row objects made (what
    the flat tables, the timeline and Dask read)."""
    fields = parse_fields(text)
    countries = fields["signatures_by_country"]
    constituencies = fields["signatures_by_constituency"]
    return Snapshot(
        petition_id=fields["petition_id"],
        url=fields["url"],
        action=fields["action"],
        refreshed_at=fields["refreshed_at"],
        signature_count=fields["signature_count"],
        government_response=fields["government_response"],
        history=fields["history"],
        countries=CountryColumns(*countries.columns),
        constituencies=ConstituencyColumns(*constituencies.columns),
        layout=fields["layout"],
    )


def parse_constituency_text(data: bytes) -> ConstituencyText | Snapshot:
    """The report checked in every section but the constituency table's rows, which are
    kept as text (what the native column builder reads many of at once).

    A report refused here is read again by ``parse_snapshot``, which raises the error
    ``parse`` gives: an error after the table (text after its last row, say) must not
    hide a bad row in it, which ``parse`` reports first.
    """
    try:
        fields = parse_fields(data, constituency_text=True)
    except PetitionParseError:
        return parse_snapshot(data)
    key = (fields["petition_id"], fields["refreshed_at"], fields["history"].updated_at)
    return ConstituencyText(key, fields["signatures_by_constituency"], data)


def parse_fields(text: Source, *, constituency_text: bool = False) -> dict[str, Any]:
    """The Petition's fields, its tables still as columns (``Rows``): the sections'
    output, within this package only (``parse`` and ``parse_snapshot`` type it).

    With ``constituency_text``, the constituency table's rows are left as text
    (``parse_constituency_text``)."""
    src = prepare(text, "parse")
    layout = detect(src)
    if layout is None:
        title = src[: src.find("\n")]
        raise PetitionParseError(
            f"not a petition report (its first line is {shorten(title)}, and no layout's "
            "first lines follow it)",
            line=1,
            column=1,
            source_line=title,
            width=len(title),
        )
    fields: dict[str, Any] = {"layout": layout.name, **layout.absent()}
    try:
        r = reader_for(src, "a petition report", layout.rules)
        for section in layout.sections:
            if constituency_text and section is constituencies:
                fields["signatures_by_constituency"] = constituencies.extract_text(r, layout)
            else:
                fields.update(section.extract(r, layout))
        r.expect_end("the last table", layout.sections[-1].HEADING)
    except PetitionParseError as exc:
        if layout is not CURRENT:
            # Say which layout the document looked most like: the error is where it
            # stopped matching that one.
            suffix = f" (reading the document as the early layout {layout.name})"
            raise exc.evolve(message=exc.message + suffix) from None
        raise
    return fields


def parse_file(source: str | os.PathLike[str] | BinaryIO, *, encoding: str = "utf-8") -> Petition:
    """Read a report file: a path, or a binary file object.

    The bytes are decoded with ``encoding`` (a leading BOM is dropped whatever the
    encoding); newlines are not translated.  A PetitionParseError names the file
    when ``source`` is a path, also when it cannot be read (missing, a folder, ...).
    """
    name = os.fspath(source) if isinstance(source, (str, os.PathLike)) else None
    try:
        data = read_bytes(source)
    except OSError as exc:
        if name is None:
            raise
        raise unreadable(name, exc) from None
    try:
        return _parse(data if encoding == "utf-8" else decode(data, encoding))
    except PetitionParseError as exc:
        if name is not None:
            raise exc.in_file(name) from None
        raise


def render(petition: Petition) -> str:
    """The report text for ``petition``: ``render(parse(x)) == x`` for every LF report.

    Raises ``UnrepresentableError`` (a ``ValueError``) for a value the format
    cannot hold, rather than writing a file that would read back differently.
    """
    layout = LAYOUTS[petition.layout]
    for section in SECTIONS:
        if section in layout.sections:
            continue
        for name, value in section.ABSENT.items():
            if getattr(petition, name) != value:
                raise UnrepresentableError(
                    name, f"layout {layout.name} has no {section.HEADING} section"
                )
    out: list[str] = []
    for section in layout.sections:
        section.render(petition, out, layout)
    text = "".join(out)
    read_as = detect(text)
    if read_as is not layout:
        # A layout is told from a document's first lines: "#" or a blank line at the
        # start of an early background, say, would make it read as another one.
        named = "no layout (not a report)" if read_as is None else f"layout {read_as.name}"
        raise UnrepresentableError(
            "layout", f"the text would read back as {named}, not {layout.name}"
        )
    if layout.background_until is not None:
        # An untitled background must end, when read back, where it ends now: right
        # after the title (and its blank line), it ends at the first match.
        start = len(out[0])
        m = layout.background_until.search(text, start)
        if m is None or m.start() != start + len(petition.background):
            raise UnrepresentableError(
                "background",
                f"the text holds what ends the background in layout {layout.name}, "
                "so it would end there when read back",
            )
    return text
