"""Mistune, taught the report format: the block rules that turn a report into tokens.

A report is not general Markdown.  Its free text (the background and the
government response) is opaque: a petitioner's stray code fence or ``<div>`` must
not swallow the sections after it, so the heading rule hands the text between a
free-text heading and the next section heading over as one ``free_text`` token,
verbatim.  Its tables have no inline markup, so one rule takes a whole pipe table
in a single match and splits it into raw cell strings; mistune's generic table
plugin (cell by cell, with inline parsing) is what made a plain AST 40x slower
than reading the lines.

Every token records ``pos``, its offset in the source, so that errors can name a
line and column.  The tokens cover the source without gaps or overlaps: text that
no rule claims becomes a ``paragraph`` (mistune's own fallback), so an extractor
that checks every token it consumes has checked every character.

Tokens (dicts, as mistune's are):

* ``heading``: ``level``, ``text`` (after ``"# "``), ``end`` (offset after its newline)
* ``free_text``: ``raw``, the text between a free-text heading's blank line and the
  blank line before the next section heading
* ``table``: ``raw``, from a line that starts with ``|`` to the next blank line,
  newlines included (``_sections/_table.py`` splits it into columns of raw cells)
* ``blank_line``: one empty line
* ``paragraph``: ``text``, any other run of lines (mistune's fallback)
"""

from __future__ import annotations

import re
from typing import Any

from mistune.block_parser import BlockParser
from mistune.core import BlockState
from mistune.inline_parser import InlineParser

__all__ = ["FREE_TEXT_UNTIL", "Token", "inline", "tokenize"]

Token = dict[str, Any]

#: Free-text sections, and the section heading that ends each one.
FREE_TEXT_UNTIL = {"Background": "Signatures", "Government Response": "History"}


class _ReportState(BlockState):
    """Mistune's block state, recording where each paragraph starts."""

    def add_paragraph(self, text: str) -> None:
        # mistune calls this with the text at the cursor; a paragraph that follows
        # another is merged into it, keeping the first one's position.
        last = self.tokens[-1] if self.tokens else None
        if last is not None and last["type"] == "paragraph":
            last["text"] += text
        else:
            self.tokens.append({"type": "paragraph", "text": text, "pos": self.cursor})


class ReportBlockParser(BlockParser):
    """A mistune block parser with the report's three rules and nothing else."""

    SPECIFICATION = {  # noqa: RUF012 (mistune's own class attribute)
        # "# title", "### Section": ATX headings as the report script writes them.
        "report_heading": r"^#{1,6}(?: [^\n]*)?\n",
        # A line that starts with "|": the rule takes the table up to the next blank line.
        "pipe_table": r"^\|",
        # Exactly one empty line: whitespace-only lines are not blank in this format.
        "blank_line": r"^\n",
    }
    DEFAULT_RULES = ("report_heading", "pipe_table", "blank_line")  # type: ignore[assignment]

    def parse_report_heading(self, m: re.Match[str], state: BlockState) -> int:
        line = m.group(0)
        level = len(line) - len(line.lstrip("#"))
        text = line[level + 1 : -1]
        end = m.end()
        state.append_token(
            {"type": "heading", "level": level, "text": text, "pos": m.start(), "end": end}
        )
        until = FREE_TEXT_UNTIL.get(text) if level == 3 else None
        src = state.src
        if until is None or not src.startswith("\n", end):
            return end
        start = end + 1
        stop = _free_text_end(src, start, until)
        if stop < start:  # "### Background\n\n### Signatures": no text at all
            return end
        state.append_token({"type": "free_text", "raw": src[start:stop], "pos": start})
        # Leave the cursor on the blank line before the next heading.
        return stop + 1 if stop < len(src) else stop

    def parse_pipe_table(self, m: re.Match[str], state: BlockState) -> int:
        # The whole table, header included, as one token, ending before the blank line
        # that follows it (or at the end of the file).  A str.find, not a regex: the
        # constituency table is 30 KB.  A line inside it that is not a table row is
        # reported by ``_sections/_table.py``, which turns the token into columns of
        # raw cell strings, with no inline parsing.
        start = m.start()
        src = state.src
        end = src.find("\n\n", start)
        end = len(src) if end == -1 else end + 1
        state.append_token({"type": "table", "raw": src[start:end], "pos": start})
        return end

    def parse_blank_line(self, m: re.Match[str], state: BlockState) -> int:
        state.append_token({"type": "blank_line", "pos": m.start()})
        return m.end()


def _free_text_end(src: str, start: int, until: str) -> int:
    """Where the free text starting at ``start`` ends: before ``\\n\\n### {until}\\n``.

    When that heading is missing, stop before any ``### `` heading after a blank
    line (so that a misspelt heading is reported as such), else at the end.
    """
    stop = src.find(f"\n\n### {until}\n", start - 2)
    if stop == -1:
        stop = src.find("\n\n### ", start - 2)
    return len(src) if stop == -1 else stop


_BLOCK = ReportBlockParser()
_INLINE = InlineParser()


def tokenize(src: str) -> list[Token]:
    """The report's block tokens, in source order."""
    state = _ReportState()
    state.process(src)
    _BLOCK.parse(state)
    tokens: list[Token] = state.tokens
    return tokens


def inline(text: str) -> list[Token]:
    """Mistune's inline tokens for one line (used where the format has inline markup)."""
    return _INLINE(text, {})
