"""``petition-parser render``: JSON (from ``parse``) back to the report Markdown."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

import click

from .._convert import from_dict
from .._errors import PetitionError, PetitionParseError
from .._format import render as render_report
from .._format import render_index
from .._json import loads
from .._model import PetitionIndex
from .batch import STDIN, output_option
from .output import text_output


def documents(name: str, text: str) -> Iterator[tuple[int | None, Any]]:
    """The JSON values of ``text``: NDJSON lines, one object, or an array (line, value)."""
    stripped = text.strip()
    if stripped.startswith("["):
        for value in loads(text):
            yield None, value
        return
    try:
        yield None, loads(text)
    except PetitionParseError:
        for number, line in enumerate(text.splitlines(), start=1):
            if line.strip():
                try:
                    yield number, loads(line)
                except PetitionParseError as exc:
                    raise PetitionParseError(exc.message, line=number, file=name) from None


@click.command()
@click.argument("sources", nargs=-1, metavar="[JSON...]")
@output_option
def render(sources: tuple[str, ...], output: str | None) -> int:
    """Write the Markdown of petitions (or index pages) given as JSON: the inverse of parse.

    Reads files or - (the default: standard input) holding NDJSON, one JSON object,
    or an array.  Each document's text is written in order.

    \b
    Example:
      petition-parser parse report.md | petition-parser render > same.md
    """
    failed = 0
    with text_output(output) as out:
        for name in sources or ("-",):
            shown = STDIN if name == "-" else name
            try:
                if name == "-":
                    text = sys.stdin.read()
                else:
                    with open(name, encoding="utf-8") as f:
                        text = f.read()
                for line, value in documents(shown, text):
                    try:
                        is_index = isinstance(value, dict) and "rows" in value
                        out.write(
                            render_index(from_dict(value, PetitionIndex))
                            if is_index
                            else render_report(from_dict(value))
                        )
                    except PetitionError as exc:
                        raise _located(exc, shown, line) from None
            except (PetitionError, OSError, UnicodeDecodeError) as exc:
                failed += 1
                message = exc.describe() if isinstance(exc, PetitionParseError) else str(exc)
                click.echo(
                    message if message.startswith(shown) else f"{shown}: {message}", err=True
                )
    return 1 if failed else 0


def _located(exc: PetitionError, name: str, line: int | None) -> PetitionError:
    if isinstance(exc, PetitionParseError):
        exc.file, exc.line = name, exc.line or line
    return exc
