"""``petition-parser check``: validate reports and index pages."""

from __future__ import annotations

import json
from typing import Any

import click

from .._model import Petition
from .._sources import read_many
from .._validate import validate, validate_index
from .batch import Batch, output_option, reads_sources
from .output import text_output


def findings(path: str | None, document: Any) -> list[dict[str, Any]]:
    """The findings of one document, as plain dicts (made in the worker)."""
    found = validate(document) if isinstance(document, Petition) else validate_index(document)
    return [
        {
            "file": path,
            "line": f.line,
            "code": f.code,
            "severity": f.severity,
            "message": f.message,
            "section": f.section,
            "row": f.row,
        }
        for f in found
    ]


@click.command()
@reads_sources
@output_option
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: FILE:LINE: CODE message; json: an array of findings.",
)
def check(
    batch: Batch,
    output: str | None,
    fmt: str,
) -> int:
    """Validate reports and index pages: sums, ranks, percentages, order, history.

    Prints FILE:LINE: CODE message for each finding (see docs/validation.md for the
    codes); the exit status is 1 when a file does not parse or has an error finding.

    \b
    Example:
      petition-parser check archive/ -f json | jq '.[] | select(.severity == "error")'
    """
    results = read_many(
        batch.sources(), "auto", workers=batch.jobs, then=findings, on_error=batch.on_error
    )
    parsed = 0
    errors = 0
    every: list[dict[str, Any]] = []
    with text_output(output) as out:
        for path, found in results:
            parsed += 1
            errors += sum(f["severity"] == "error" for f in found)
            if fmt == "json":
                every += found
                continue
            for f in found:
                where = f"{path}:{f['line']}" if f["line"] is not None else f"{path}"
                severity = "" if f["severity"] == "error" else f" ({f['severity']})"
                out.write(f"{where}: {f['code']}{severity} {f['message']}\n")
        if fmt == "json":
            out.write(json.dumps(every, ensure_ascii=False, indent=2) + "\n")
    return max(batch.finish(parsed), 1 if errors else 0)
