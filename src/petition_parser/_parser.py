"""``parse``: a report's text to a Petition, section by section, in report order."""

from __future__ import annotations

import os

from ._blocks import tokenize
from ._errors import PetitionParseError
from ._model import Petition
from ._reader import Reader
from ._sections import (
    background,
    constituencies,
    countries,
    government_response,
    history,
    signatures,
    title,
)

__all__ = ["parse", "parse_file"]


def parse(text: str) -> Petition:
    """Read one petition report.

    A leading BOM is ignored, and a document whose first line ends in ``\\r\\n``
    (saved on Windows) is read as its LF form.  In an LF document, ``\\r`` inside the
    free text is kept as it is.  Anything that is not a complete report raises
    :class:`PetitionParseError`.
    """
    r = reader_for(text, "a petition report", "parse")
    action = title.extract(r)
    background_text = background.extract(r)
    totals = signatures.extract(r)
    response = government_response.extract(r)
    times = history.extract(r)
    by_country = countries.extract(r)
    by_constituency = constituencies.extract(r)
    r.expect_end()
    return Petition(
        petition_id=totals.petition_id,
        url=totals.url,
        action=action,
        background=background_text,
        signature_count=totals.signature_count,
        refreshed_at=totals.refreshed_at,
        government_response=response,
        history=times,
        signatures_by_country=by_country,
        signatures_by_constituency=by_constituency,
    )


def reader_for(text: str, what: str, caller: str) -> Reader:
    """The tokens of ``text`` (newlines normalized), ready to read; refuses empty input."""
    if not isinstance(text, str):
        raise TypeError(f"{caller}() takes the text as str, not {type(text).__name__}")
    src = normalize_newlines(text)
    r = Reader(src, tokenize(src))
    if not r.tokens:
        raise PetitionParseError(
            f"expected {what}, found an empty document", line=1, column=1, source_line=""
        )
    return r


def parse_file(path: str | os.PathLike[str]) -> Petition:
    """Read a report file: UTF-8, a leading BOM ignored, newlines not translated."""
    with open(path, "rb") as f:
        data = f.read()
    return parse(decode(data))


def decode(data: bytes) -> str:
    """UTF-8 text, or a PetitionParseError naming where the bytes stop being UTF-8."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        line_end = data.find(b"\n", exc.start)
        shown = data[line_start : None if line_end == -1 else line_end]
        raise PetitionParseError(
            f"expected UTF-8 text, found the byte {data[exc.start]:#04x}",
            line=data.count(b"\n", 0, exc.start) + 1,
            column=len(data[line_start : exc.start].decode("utf-8", "replace")) + 1,
            source_line=shown.decode("utf-8", "replace"),
        ) from None


def normalize_newlines(text: str) -> str:
    """Drop a BOM; read a CRLF document (first line ends in ``\\r\\n``) as LF."""
    if text.startswith("\ufeff"):
        text = text[1:]
    first = text.find("\n")
    if first > 0 and text[first - 1] == "\r":
        text = text.replace("\r\n", "\n")
    return text
