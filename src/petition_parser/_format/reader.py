"""Text in, tokens out: preparing a document's text, and the cursor the sections read with.

Preparation (``prepare``): bytes are decoded as UTF-8 (an error names the line and
column of the first bad byte), a BOM is dropped, a document whose first line ends
in ``\\r\\n`` (saved on Windows) is read as its LF form, and lone surrogates (which
no file can hold) are refused.  Then ``Reader`` walks the block tokens in
order; every ``expect_*`` step consumes one token or raises a PetitionParseError
that says what it expected, what it found and where.
"""

from __future__ import annotations

import os
import re
from datetime import datetime
from typing import BinaryIO

from .._errors import PetitionParseError, shorten
from .blocks import BlockRules, Kind, Token, tokenize
from .values import REFRESHED, parse_date_time

__all__ = ["Reader", "decode", "prepare", "read_bytes", "reader_for"]

Source = str | bytes
_SURROGATE = re.compile("[\ud800-\udfff]")


def read_bytes(source: str | os.PathLike[str] | BinaryIO) -> bytes:
    """A file's bytes, from its path or from a binary file object."""
    if isinstance(source, (str, os.PathLike)):
        # os.open, not open(): no buffered file object and no isatty() probe for a file
        # read whole at once (an archive is read thousands of files at a time).
        # O_NONBLOCK: opening a named pipe that no one writes to would wait for ever; so
        # opened, it reads as empty (the shell's <(command), which has a writer, reads as
        # usual once the flag is off again).
        nonblock = getattr(os, "O_NONBLOCK", 0)
        fd = os.open(source, os.O_RDONLY | getattr(os, "O_BINARY", 0) | nonblock)
        try:
            if nonblock:
                os.set_blocking(fd, True)
            size = os.fstat(fd).st_size
            chunks = [os.read(fd, max(size, 1) + 1)]
            while chunks[-1]:  # a file that grew, or one whose size the system does not know
                chunks.append(os.read(fd, 1 << 16))
            return b"".join(chunks)
        finally:
            os.close(fd)
    data = source.read()
    if not isinstance(data, bytes):
        raise TypeError(f"expected a binary file object, found one that reads {type(data)}")
    return data


def decode(data: bytes, encoding: str = "utf-8") -> str:
    """The text of ``data``, or a PetitionParseError naming where it stops being text."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        line_end = data.find(b"\n", exc.start)
        shown = data[line_start : None if line_end == -1 else line_end]
        name = "UTF-8" if encoding == "utf-8" else encoding
        raise PetitionParseError(
            f"expected {name} text, found the byte {data[exc.start]:#04x}",
            line=data.count(b"\n", 0, exc.start) + 1,
            column=len(data[line_start : exc.start].decode(encoding, "replace")) + 1,
            source_line=shown.decode(encoding, "replace"),
        ) from None


def prepare(text: Source, caller: str) -> str:
    """The text to tokenize: decoded, BOM dropped, CRLF documents read as LF."""
    decoded = False
    if isinstance(text, bytes):
        text, decoded = decode(text), True
    elif not isinstance(text, str):
        raise TypeError(f"{caller}() takes the text as str or bytes, not {type(text).__name__}")
    if text.startswith("\ufeff"):
        text = text[1:]
    first = text.find("\n")
    if first > 0 and text[first - 1] == "\r":
        text = text.replace("\r\n", "\n")
    # A strict decode never makes a lone surrogate (UTF-8 refuses their bytes), so only
    # text handed over as str is searched (every real report is non-ASCII: the search
    # was a sixth of the archive path's parse); and only a non-ASCII str can hold one
    # (str.isascii() is a flag lookup).
    if not decoded and not text.isascii():
        m = _SURROGATE.search(text)
        if m is not None:
            raise PetitionParseError.at(
                text, m.start(), f"expected text, found the lone surrogate U+{ord(m[0]):04X}"
            )
    return text


def reader_for(src: str, what: str, rules: BlockRules) -> Reader:
    """A Reader over the tokens of the prepared text ``src``; refuses empty input."""
    r = Reader(src, tokenize(src, rules))
    if not r.tokens:
        raise PetitionParseError(
            f"expected {what}, found an empty document", line=1, column=1, source_line=""
        )
    return r


class Reader:
    """Walks the tokens of one document in order; every ``expect_*`` consumes one token."""

    __slots__ = ("i", "src", "tokens")

    def __init__(self, src: str, tokens: list[Token]) -> None:
        self.src = src
        self.tokens = tokens
        self.i = 0

    # -- errors -----------------------------------------------------------------------

    def error(
        self, pos: int, message: str, section: str | None, width: int = 1
    ) -> PetitionParseError:
        return PetitionParseError.at(self.src, pos, message, section=section, width=width)

    def unexpected(self, expected: str, section: str | None) -> PetitionParseError:
        """``expected X, found <the next token>``, pointing at that token."""
        tok = self.peek()
        if tok is None:
            # Point at the end of the last line rather than at a line that does not exist.
            pos = len(self.src) - 1 if self.src.endswith("\n") else len(self.src)
            return self.error(pos, f"expected {expected}, found the end of the file", section)
        end = self.src.find("\n", tok.pos)
        first_line = self.src[tok.pos : len(self.src) if end == -1 else end]
        return self.error(
            tok.pos,
            f"expected {expected}, found {describe(tok, first_line)}",
            section,
            width=len(first_line),
        )

    # -- steps ------------------------------------------------------------------------

    def peek(self) -> Token | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def next_is_heading(self, text: str, level: int = 3) -> bool:
        tok = self.peek()
        return tok is not None and tok.kind == "heading" and tok.level == level and tok.text == text

    def expect_heading(self, level: int, text: str | None, section: str | None) -> Token:
        """A heading of ``level``; with ``text`` None (a title) any text will do."""
        tok = self.peek()
        if (
            tok is None
            or tok.kind != "heading"
            or tok.level != level
            or (text is not None and tok.text != text)
        ):
            raise self.unexpected(
                "a title line '# ...'" if text is None else f"the heading '### {text}'", section
            )
        self.i += 1
        return tok

    def expect(self, kind: Kind, expected: str, section: str | None) -> Token:
        """The next token, which must be of ``kind``."""
        tok = self.peek()
        if tok is None or tok.kind != kind:
            raise self.unexpected(expected, section)
        self.i += 1
        return tok

    def expect_blank(self, section: str | None, after: str) -> None:
        self.expect("blank_line", f"a blank line after {after}", section)

    def expect_free_text(self, section: str) -> Token:
        return self.expect(
            "free_text", f"a blank line and then the {section.lower()} text", section
        )

    def expect_line(self, section: str | None, expected: str) -> tuple[str, int]:
        """A paragraph of exactly one line; returns its text (no newline) and offset."""
        text, pos, end = self.expect_line_in_place(section, expected)
        return text[:end], pos

    def expect_line_in_place(self, section: str | None, expected: str) -> tuple[str, int, int]:
        """``expect_line``'s line where it stands, not copied (a line may be megabytes
        long): the paragraph's text, its offset, and where the line ends in the text."""
        tok = self.expect("paragraph", expected, section)
        text, pos = tok.text, tok.pos
        first_end = text.find("\n")
        if first_end != len(text) - 1:
            if first_end == -1:
                where, found = pos + len(text), "the end of the file"
            else:
                where = pos + first_end + 1
                found = shorten(text[first_end + 1 :].split("\n", 1)[0])
            raise self.error(
                where, f"expected a blank line after {expected}, found {found}", section
            )
        return text, pos, first_end

    def expect_refreshed(self, section: str | None) -> datetime:
        """The ``Last refreshed YYYY-MM-DD HH:MM:SS`` line of a report or an index page."""
        line, pos = self.expect_line(section, "'Last refreshed YYYY-MM-DD HH:MM:SS'")
        if not line.startswith(REFRESHED):
            raise self.error(
                pos,
                f"expected 'Last refreshed YYYY-MM-DD HH:MM:SS', found {shorten(line)}",
                section,
                width=len(line),
            )
        date, _, time = line[len(REFRESHED) :].partition(" ")
        try:
            return parse_date_time(date, time)
        except ValueError as exc:
            raise self.error(
                pos + len(REFRESHED), str(exc), section, width=len(line) - len(REFRESHED)
            ) from None

    def expect_table(self, section: str) -> Token:
        return self.expect("table", f"the {section} table", section)

    def expect_end(self, after: str, section: str | None) -> None:
        if self.peek() is not None:
            raise self.unexpected(f"the end of the file after {after}", section)


def describe(tok: Token, first_line: str) -> str:
    """How an error message names what it found."""
    if tok.kind == "blank_line":
        return "a blank line"
    if tok.kind == "heading":
        return f"the heading {shorten(first_line)}"
    if tok.kind == "table":
        return f"a table row {shorten(first_line)}"
    return shorten(first_line)
