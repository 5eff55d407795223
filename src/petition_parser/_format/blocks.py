"""Mistune, taught the report format: the block rules that turn a document into tokens.

A report is not general Markdown.  Its free text (the background and the
government response) is opaque: a petitioner's stray code fence or ``<div>`` must
not swallow the sections after it, so the heading rule hands the text between a
free-text heading and the next section heading over as one ``free_text`` token,
verbatim.  Its tables have no inline markup, so one rule takes a whole pipe table
in a single match (``pipe_tables.py`` splits it into columns); mistune's generic table
plugin, cell by cell with inline parsing, is what made a plain AST 16x slower
than this parser (docs/performance.md).

Every token records ``pos``, its offset in the source, so that errors can name a
line and column.  The tokens cover the source without gaps or overlaps: text that
no rule claims becomes a ``paragraph`` (mistune's own fallback), so a reader that
checks every token it consumes has checked every character.

Hostile input: no valid document has more than a few dozen tokens, so tokenizing
stops after ``MAX_TOKENS`` and hands the rest over as one ``rest`` token,
which no reader step accepts.  Ten megabytes of blank lines cost a few tokens,
not ten million dicts, and the reader reports the first line that does not fit.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Literal

from attrs import define
from mistune.block_parser import BlockParser
from mistune.core import BlockState

from .._errors import UnrepresentableError

__all__ = ["MAX_TOKENS", "BlockRules", "Kind", "Token", "check_free_text", "tokenize"]

Kind = Literal["heading", "free_text", "table", "blank_line", "paragraph", "rest"]

#: More tokens than any valid report or index page has (about 30); see the module doc.
MAX_TOKENS = 64


class Token:
    """One block of the document.

    ``kind``        what it is (see below);
    ``pos``         its offset in the source;
    ``text``        heading: the text after ``"# "``; free_text, table, paragraph:
                    the source text of the block, verbatim; blank_line, rest: "";
    ``level``       heading: the number of ``#``; otherwise 0.

    * ``heading``: a line ``#{level} {text}``;
    * ``free_text``: the text between a free-text heading's blank line and the
      blank line before the next section heading;
    * ``table``: from a line that starts with ``|`` to the next blank line,
      newlines included;
    * ``blank_line``: one empty line;
    * ``paragraph``: any other run of lines (mistune's fallback);
    * ``rest``: everything after the first ``MAX_TOKENS`` tokens.
    """

    __slots__ = ("kind", "level", "pos", "text")

    def __init__(self, kind: Kind, pos: int, text: str = "", level: int = 0) -> None:
        self.kind: Kind = kind
        self.pos = pos
        self.text = text
        self.level = level

    def __repr__(self) -> str:
        return f"Token({self.kind!r}, {self.pos}, {self.text[:30]!r}, {self.level})"


@define(frozen=True)
class BlockRules:
    """What the rules need to know of a layout (``layout.py`` makes one for each).

    ``free_text_until``: each free-text heading (level 3) and the heading that ends
    its text.  ``background_until``: in the early layouts, the background is free
    text right after the title (after one blank line where ``blank_after_title``),
    ending where this pattern matches.  ``tables_end_at_blank``: a table runs to the
    next blank line (today), or, in the compact early layouts, to the first line
    that does not start with ``|``.
    """

    free_text_until: Mapping[str, str]
    background_until: re.Pattern[str] | None = None
    blank_after_title: bool = True
    tables_end_at_blank: bool = True


class _ReportState(BlockState):
    """Mistune's block state, holding Tokens and the rules of the layout."""

    tokens: list[Token]  # type: ignore[assignment]

    def __init__(self, rules: BlockRules) -> None:
        super().__init__()
        self.rules = rules
        self.free_text_until = rules.free_text_until
        #: Per closing heading, the last place it was found (or -1: not after that place).
        self.found: dict[str, tuple[int, int]] = {}

    def add_paragraph(self, text: str) -> None:
        # mistune calls this with the text at the cursor; a paragraph that follows
        # another is merged into it, keeping the first one's position.
        last = self.tokens[-1] if self.tokens else None
        if last is not None and last.kind == "paragraph":
            last.text += text
        else:
            self.tokens.append(Token("paragraph", self.cursor, text))

    def add(self, token: Token, end: int) -> int:
        """Append ``token``; return where the cursor goes (the end, once the cap is hit)."""
        self.tokens.append(token)
        if len(self.tokens) >= MAX_TOKENS and end < len(self.src):
            self.tokens.append(Token("rest", end))  # its text stays in src: no copy
            self.cursor_max = end  # ends mistune's loop
        return end


class ReportBlockParser(BlockParser):
    """A mistune block parser with the format's three rules and nothing else."""

    # A new rule's first characters go into _RULE_START too (paragraphs end there).
    SPECIFICATION = {  # noqa: RUF012 (mistune's own class attribute)
        # "# title", "### Section": ATX headings as the report script writes them.
        "report_heading": r"^#{1,6} [^\n]*\n",
        # A line that starts with "|": the rule takes the table up to the next blank line.
        "pipe_table": r"^\|",
        # Exactly one empty line: whitespace-only lines are not blank in this format.
        "blank_line": r"^\n",
    }
    DEFAULT_RULES = ("report_heading", "pipe_table", "blank_line")  # type: ignore[assignment]

    def parse(self, state: BlockState, rules: list[str] | None = None) -> None:
        """Mistune's block loop for this format: the rule that matches at the cursor,
        else a paragraph up to the next line at which one may.

        Mistune's own loop finds a paragraph's end line by line (copying and
        stripping each line), or, for a paragraph that starts with a space, a digit or
        punctuation, by searching with its rules' alternation, which is tried at
        every character: 10 MB of "[" took 0.6 s.  Here one search finds where a rule
        may start (``_RULE_START``).  The tokens are the same: mistune merges the
        paragraphs it adds one after another, and so does ``add_paragraph``.
        """
        sc = self.compile_sc(rules)
        src = state.src
        while state.cursor < state.cursor_max:
            m = sc.match(src, state.cursor)
            if m is not None:
                # Every rule here takes at least what it matched: never None.
                state.cursor = self.parse_method(m, state)  # type: ignore[assignment]
                continue
            end = _paragraph_end(src, state.cursor)
            state.add_paragraph(src[state.cursor : end])
            state.cursor = end

    # mistune passes the state it was given: the _ReportState of tokenize().
    def parse_report_heading(self, m: re.Match[str], state: _ReportState) -> int:
        line = m.group(0)
        level = line.index(" ")
        text = line[level + 1 : -1]
        end = m.end()
        state.add(Token("heading", m.start(), text, level), end)
        if level == 1 and len(state.tokens) == 1 and state.rules.background_until is not None:
            return _background_after_title(state, end)
        until = state.free_text_until.get(text) if level == 3 else None
        src = state.src
        if until is None or not src.startswith("\n", end) or end >= state.cursor_max:
            return end
        start = end + 1
        stop = _free_text_end(state, start, until)
        if stop < start:  # "### Background\n\n### Signatures": no text at all
            return end
        # Leave the cursor on the blank line before the next heading.
        return state.add(Token("free_text", start, src[start:stop]), stop + (stop < len(src)))

    def parse_pipe_table(self, m: re.Match[str], state: _ReportState) -> int:
        # The whole table, header included, as one token, ending before the blank line
        # that follows it (or at the end of the file).  A str.find, not a regex: the
        # constituency table is 30 KB.  The compact early layouts have no blank line
        # after a table: there it ends at the first line that does not start with "|".
        start = m.start()
        src = state.src
        if state.rules.tables_end_at_blank:
            end = src.find("\n\n", start)
            end = len(src) if end == -1 else end + 1
        else:
            end = _TABLE_LINES.match(src, start).end()  # type: ignore[union-attr]
        return state.add(Token("table", start, src[start:end]), end)

    def parse_blank_line(self, m: re.Match[str], state: _ReportState) -> int:  # type: ignore[override]
        return state.add(Token("blank_line", m.start()), m.end())


_TABLE_LINES = re.compile(r"(?:\|[^\n]*(?:\n|\Z))*")

#: A line at which a rule may match: each rule's first characters.  All but a heading on
#: the last line without its line break do; that one becomes a paragraph of its own,
#: merged into this one.
_RULE_START = re.compile(r"\n(?:#{1,6} |[|\n])")


#: A line at least this long is stepped over by ``str.find`` (see ``_paragraph_end``).
_LONG_LINE = 4096


def _paragraph_end(src: str, start: int) -> int:
    """Where the paragraph at ``start`` ends: the next line at which a rule may match, or
    the end of the text.

    ``str.find`` looks for a line break at memchr's pace, several times faster than a
    regex search, which steps through the text one character at a time (10 MB on one
    line: 0.9 ms against 6.4 ms).  So the line breaks are found with it, one Python step
    a line, while the lines are long; at the first line shorter than ``_LONG_LINE`` the
    search takes the rest: for lines of 300 characters a step a line cost twice the
    search.
    """
    pos = src.find("\n", start)
    while pos != -1:
        if _RULE_START.match(src, pos):
            return pos + 1
        next_pos = src.find("\n", pos + 1)
        if 0 <= next_pos < pos + _LONG_LINE:
            m = _RULE_START.search(src, next_pos)
            return len(src) if m is None else m.start() + 1
        pos = next_pos
    return len(src)


def _background_after_title(state: _ReportState, end: int) -> int:
    """The early layouts' background: free text from the title (and a blank line) on."""
    src = state.src
    start = end
    if state.rules.blank_after_title:
        if not src.startswith("\n", end):
            return end
        state.add(Token("blank_line", end), end + 1)
        start = end + 1
    pattern = state.rules.background_until
    assert pattern is not None
    m = pattern.search(src, start)
    stop = len(src) if m is None else m.start()
    if stop <= start or start >= state.cursor_max:
        return start
    # Leave the cursor on the blank line before the line that ends the background.
    return state.add(Token("free_text", start, src[start:stop]), stop + (stop < len(src)))


def _free_text_end(state: _ReportState, start: int, until: str) -> int:
    """Where the free text starting at ``start`` ends: before ``\\n\\n### {until}\\n``.

    When that heading is missing, stop before any ``### `` heading after a blank
    line (so that a misspelt heading is reported as such), else at the end.

    The search for the closing heading is remembered: a document that repeats the
    free-text heading a million times would otherwise search its whole rest each time.
    """
    src = state.src
    searched_from, stop = state.found.get(until, (len(src) + 1, -1))
    if not (searched_from <= start - 2 and (stop == -1 or stop >= start - 2)):
        stop = src.find(f"\n\n### {until}\n", start - 2)
        state.found[until] = (start - 2, stop)
    if stop == -1:
        stop = src.find("\n\n### ", start - 2)
    return len(src) if stop == -1 else stop


def check_free_text(text: str, until: str, field: str) -> None:
    """Refuse free text that, written before ``### {until}``, would end early when read back.

    Reading stops at the first ``\\n\\n### {until}\\n`` after the section's blank
    line (``_free_text_end``), so the text must not hold that heading (after a
    blank line) itself.
    """
    end = f"\n\n### {until}\n"
    if ("\n\n" + text + end).find(end) != len(text) + 2:
        raise UnrepresentableError(
            field,
            f"the text holds the section heading '### {until}' after a blank line, "
            "so it would end there when read back",
        )


_BLOCK = ReportBlockParser()


def tokenize(src: str, rules: BlockRules) -> list[Token]:
    """The document's block tokens, in source order, by the layout's ``rules``."""
    state = _ReportState(rules)
    state.process(src)
    _BLOCK.parse(state)
    return state.tokens
