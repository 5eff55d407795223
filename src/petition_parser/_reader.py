"""A cursor over the block tokens, with the ``expect_*`` steps the section extractors share."""

from __future__ import annotations

from ._blocks import Token
from ._errors import PetitionParseError

__all__ = ["Reader"]


class Reader:
    """Walks the tokens of one report in order; every ``expect_*`` consumes one token."""

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
        first_line = self.src[tok["pos"] :].split("\n", 1)[0]
        return self.error(
            tok["pos"],
            f"expected {expected}, found {describe(tok, first_line)}",
            section,
            width=len(first_line),
        )

    # -- steps ------------------------------------------------------------------------

    def peek(self) -> Token | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def next_is_heading(self, text: str) -> bool:
        tok = self.peek()
        return (
            tok is not None
            and tok["type"] == "heading"
            and tok["level"] == 3
            and tok["text"] == text
        )

    def expect_heading(self, level: int, text: str | None, section: str | None) -> Token:
        """A heading of ``level``; with ``text`` None (the title) any text will do."""
        tok = self.peek()
        if (
            tok is None
            or tok["type"] != "heading"
            or tok["level"] != level
            or (text is not None and tok["text"] != text)
        ):
            raise self.unexpected(
                "a title line '# ...'" if text is None else f"the heading '### {text}'", section
            )
        self.i += 1
        return tok

    def expect_blank(self, section: str | None, after: str) -> None:
        tok = self.peek()
        if tok is None or tok["type"] != "blank_line":
            raise self.unexpected(f"a blank line after {after}", section)
        self.i += 1

    def expect_free_text(self, section: str) -> Token:
        tok = self.peek()
        if tok is None or tok["type"] != "free_text":
            raise self.unexpected(f"a blank line and then the {section.lower()} text", section)
        self.i += 1
        return tok

    def expect_line(self, section: str, expected: str) -> tuple[str, int]:
        """A paragraph of exactly one line; returns its text (no newline) and offset."""
        tok = self.peek()
        if tok is None or tok["type"] != "paragraph":
            raise self.unexpected(expected, section)
        text: str = tok["text"]
        pos: int = tok["pos"]
        if not text.endswith("\n") or text.count("\n") != 1:
            first, _, rest = text.partition("\n")
            where = pos + len(first) + 1 if rest else pos + len(first)
            found = "the end of the file" if not rest else repr(rest.split("\n", 1)[0])
            raise self.error(
                where, f"expected a blank line after {expected}, found {found}", section
            )
        self.i += 1
        return text[:-1], pos

    def expect_table(self, section: str) -> Token:
        tok = self.peek()
        if tok is None or tok["type"] != "table":
            raise self.unexpected(f"the {section} table", section)
        self.i += 1
        return tok

    def expect_end(self) -> None:
        tok = self.peek()
        if tok is not None:
            first_line = self.src[tok["pos"] :].split("\n", 1)[0]
            raise self.error(
                tok["pos"],
                f"expected the end of the file after the last table, found "
                f"{describe(tok, first_line)}",
                "Signatures by Constituency",
                width=len(first_line),
            )


def describe(tok: Token, first_line: str) -> str:
    """How an error message names what it found."""
    kind = tok["type"]
    if kind == "blank_line":
        return "a blank line"
    shown = first_line if len(first_line) <= 70 else first_line[:67] + "..."
    if kind == "heading":
        return f"the heading {shown!r}"
    if kind == "table":
        return f"a table row {shown!r}"
    return repr(shown)
