"""The exception family: every error this library raises on purpose is a PetitionError.

``PetitionError`` (a ``ValueError``) has three kinds:

* ``PetitionParseError``: input that is not what the reader expected (report or
  index text, an API document, a dict or JSON form).  It keeps its parts (message,
  line, column, section, the source line, the width of the culprit, the JSON path,
  the file) and puts them together only in ``__str__``;
* ``UnrepresentableError``: a value that a writer (``render``, ``render_index``)
  refuses because the format cannot hold it.
"""

from __future__ import annotations

import copy
from typing import Any

__all__ = [
    "FetchError",
    "PetitionError",
    "PetitionParseError",
    "UnrepresentableError",
    "locate",
    "shorten",
    "unreadable",
]


def locate(src: str, pos: int) -> tuple[int, int, str]:
    """Return the 1-based line, 1-based column and text of the line holding ``src[pos]``."""
    pos = max(0, min(pos, len(src)))
    line_start = src.rfind("\n", 0, pos) + 1
    line_end = src.find("\n", pos)
    if line_end == -1:
        line_end = len(src)
    # Counted up to the line's start only: no line break follows it before pos, and the
    # line may be megabytes long.
    return src.count("\n", 0, line_start) + 1, pos - line_start + 1, src[line_start:line_end]


def shorten(text: str, room: int = 70, end: int | None = None) -> str:
    """``repr(text[:end])``, cut to about ``room`` characters: messages never quote
    megabytes (and ``end`` spares the caller a copy of a long line to quote)."""
    end = len(text) if end is None else min(end, len(text))
    return repr(text[:end] if end <= room else text[: room - 3] + "...")


def _rebuild(cls: type[PetitionError], state: dict[str, Any]) -> PetitionError:
    """Unpickle an error (worker processes send them back) without calling ``__init__``."""
    error = cls.__new__(cls)
    error.__dict__.update(state)
    error.args = (str(error),)
    return error


class PetitionError(ValueError):
    """The base of every error petition_parser raises on purpose."""

    __module__ = "petition_parser"  # as users import it, so tracebacks name it so

    def __reduce__(self) -> tuple[Any, ...]:
        return _rebuild, (type(self), dict(self.__dict__))


class PetitionParseError(PetitionError):
    """Input that is not a petition report (or index page, or API document, or dict).

    ``line`` and ``column`` are 1-based; ``section`` names the report section
    ("History", "Signatures by Country", ...) or is None for the title and
    whole-document problems; ``source_line`` is the offending line as it stands in
    the input and ``width`` the number of characters the caret span underlines.
    For dict or JSON input, ``path`` names the value, such as
    ``$.signatures_by_country[3].signature_count``; line and column are then None
    unless the JSON text itself was malformed.  ``file`` is the file the text came
    from, when a file reader raised it.
    """

    __module__ = "petition_parser"

    def __init__(
        self,
        message: str,
        *,
        line: int | None = None,
        column: int | None = None,
        section: str | None = None,
        source_line: str | None = None,
        width: int = 1,
        path: str | None = None,
        file: str | None = None,
    ) -> None:
        self.message = message
        self.line = line
        self.column = column
        self.section = section
        self.source_line = source_line
        self.width = width
        self.path = path
        self.file = file
        super().__init__(message)

    @classmethod
    def at(
        cls, src: str, pos: int, message: str, *, section: str | None = None, width: int = 1
    ) -> PetitionParseError:
        """Build the error for ``src[pos]``, quoting the line it sits on."""
        line, column, text = locate(src, pos)
        return cls(
            message, line=line, column=column, section=section, source_line=text, width=width
        )

    def in_file(self, file: str) -> PetitionParseError:
        """A copy of this error naming the file its text came from (a raised error is
        never changed: whoever holds it keeps what it said)."""
        return self.evolve(file=file)

    def evolve(self, **changes: Any) -> PetitionParseError:
        """A copy of this error with some parts changed (``message``, ``path``, ...)."""
        error = copy.copy(self)
        error.__dict__.update(changes)
        error.args = (error.message,)
        return error

    @property
    def quote(self) -> str:
        """The source line (a window of it, when long) with a caret span under the culprit.

        Like packaging's ParserSyntaxError, so that the message stands on its own in a
        log; empty when there is no line to show.
        """
        if self.source_line is None or self.column is None:
            return ""
        return _quote(self.source_line, self.column, self.width)

    def __str__(self) -> str:
        if self.file is not None:
            # Standing alone (a traceback, a log): where first, as the command line says it.
            return self.describe()
        if self.line is not None:
            where = f"line {self.line}, column {self.column}"
            head = f"{where} ({self.section}): " if self.section else f"{where}: "
        elif self.path is not None:
            head = f"at {self.path}: "
        else:
            head = ""
        return f"{head}{self.message}{self.quote}"

    def describe(self) -> str:
        """``FILE:LINE:COL: message`` and the quoted line, as compilers print errors."""
        head = ":".join(str(p) for p in (self.file, self.line, self.column) if p is not None)
        message = self.message if self.path is None else f"at {self.path}: {self.message}"
        return f"{head}: {message}{self.quote}" if head else f"{message}{self.quote}"


class UnrepresentableError(PetitionError):
    """A value that the format cannot hold, refused by ``render`` or ``render_index``.

    Writing it anyway would give a file that reads back differently (a line break
    in the title, `` | `` inside a table cell, a blank line inside the response
    summary, free text holding a section heading, ...).  ``field`` names the
    offending value, e.g. ``signatures_by_country[2].name``.
    """

    __module__ = "petition_parser"

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(field, message)

    def __str__(self) -> str:
        return f"cannot render {self.field}: {self.message}"


class FetchError(PetitionError):
    """A request to the petitions site that gave no document (``petition_parser.collect``).

    ``url`` is what was asked for; ``status`` the HTTP status of the last answer (None
    when there was none: a refused connection, a timeout, a reset); ``message`` what
    was expected and what came instead, after any retries.
    """

    __module__ = "petition_parser"

    def __init__(self, url: str, message: str, *, status: int | None = None) -> None:
        self.url = url
        self.status = status
        self.message = message
        super().__init__(url, message)

    def __str__(self) -> str:
        status = f" (HTTP {self.status})" if self.status is not None else ""
        return f"{self.url}: {self.message}{status}"


def unreadable(path: str, exc: OSError) -> PetitionParseError:
    """The error for a file that cannot be read: gone, a folder, not allowed, storage."""
    return PetitionParseError(f"expected a readable file, found: {exc.strerror or exc}", file=path)


def _quote(source_line: str, column: int, width: int, room: int = 76) -> str:
    start = 0
    if len(source_line) > room:
        start = max(0, min(column - 1 - room // 3, len(source_line) - room))
    shown = source_line[start : start + room]
    prefix = "..." if start else ""
    suffix = "..." if start + room < len(source_line) else ""
    caret_at = len(prefix) + column - 1 - start
    width = max(1, min(width, len(shown) - (column - 1 - start)))
    shown = shown.replace("\r", " ").replace("\t", " ")
    return f"\n    {prefix}{shown}{suffix}\n    {' ' * caret_at}{'^' * width}"
