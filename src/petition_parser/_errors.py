"""The exception family: every error this library raises is a PetitionParseError."""

from __future__ import annotations

__all__ = ["PetitionParseError", "UnrepresentableError", "locate"]


def locate(src: str, pos: int) -> tuple[int, int, str]:
    """Return the 1-based line, 1-based column and text of the line holding ``src[pos]``."""
    pos = max(0, min(pos, len(src)))
    line_start = src.rfind("\n", 0, pos) + 1
    line_end = src.find("\n", pos)
    if line_end == -1:
        line_end = len(src)
    return src.count("\n", 0, pos) + 1, pos - line_start + 1, src[line_start:line_end]


class PetitionParseError(ValueError):
    """Input that is not a petition report (or index page, or API document).

    ``line`` and ``column`` are 1-based and ``section`` names the report section
    ("History", "Signatures by Country", ...) or is None for the title and
    whole-document problems.  ``source_line`` is the offending line as it stands in
    the input.  For dict or JSON input, ``path`` names the value, such as
    ``$.signatures_by_country[3].signature_count``; line and column are then None
    unless the JSON text itself was malformed.
    """

    __module__ = "petition_parser"  # as users import it, so tracebacks name it so

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
    ) -> None:
        self.message = message
        self.line = line
        self.column = column
        self.section = section
        self.source_line = source_line
        self.path = path
        # Like packaging's ParserSyntaxError: quote the line and put a caret span
        # under the culprit, so the message stands on its own in a log.
        parts = []
        if line is not None:
            where = f"line {line}, column {column}"
            parts.append(f"{where} ({section}): " if section else f"{where}: ")
        elif path is not None:
            parts.append(f"at {path}: ")
        parts.append(message)
        if source_line is not None and column is not None:
            parts.append(_quote(source_line, column, width))
        super().__init__("".join(parts))

    @classmethod
    def at(
        cls,
        src: str,
        pos: int,
        message: str,
        *,
        section: str | None = None,
        width: int = 1,
    ) -> PetitionParseError:
        """Build the error for ``src[pos]``, quoting the line it sits on."""
        line, column, text = locate(src, pos)
        return cls(
            message, line=line, column=column, section=section, source_line=text, width=width
        )


class UnrepresentableError(PetitionParseError):
    """A value that the report format cannot hold, refused by ``render``.

    Writing it anyway would give a file that reads back differently (a line break
    in the title, `` | `` inside a table cell, a blank line inside the response
    summary, free text holding a section heading, ...).  ``field`` names the
    offending value, e.g. ``signatures_by_country[2].name``.
    """

    __module__ = "petition_parser"

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(f"cannot render {field}: {message}")


def _quote(source_line: str, column: int, width: int, room: int = 76) -> str:
    """The line (a window of it, when long) with a caret span under the culprit."""
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
