"""``petition-parser parse``: reports (and index pages) to JSON, one object per line."""

from __future__ import annotations

import json
from typing import Any

import click

from .._convert import index_to_dict, to_dict, to_json
from .._json import dumps
from .._model import Petition
from .._sources import read_many
from .batch import Batch, batch_options, output_option, sources_argument, text_output


def json_line(path: str | None, document: Any) -> str:
    """One compact JSON object (in the worker, so that only text comes back)."""
    if isinstance(document, Petition):
        return to_json(document)
    return dumps(index_to_dict(document))


def as_dict(path: str | None, document: Any) -> dict[str, Any]:
    return to_dict(document) if isinstance(document, Petition) else index_to_dict(document)


@click.command()
@sources_argument
@batch_options
@output_option
@click.option(
    "--pretty", is_flag=True, help="Indented JSON: one object for one input, else an array."
)
def parse(
    sources: tuple[str, ...],
    jobs: int,
    fail_fast: bool,
    quiet: bool,
    output: str | None,
    pretty: bool,
) -> int:
    """Print reports as JSON: one compact object per report, one per line (NDJSON).

    SOURCES are files, folders (read recursively), glob patterns, or - for one
    document on standard input.  Index pages ("Top N Petitions") print as their own
    JSON shape.  A file that is not a report is named on standard error as
    FILE:LINE:COL: message; the others are all printed, and the exit status is 1.

    \b
    Example:
      petition-parser parse archive/ | jq -r .action
    """
    batch = Batch(sources, fail_fast=fail_fast, quiet=quiet)
    then = as_dict if pretty else json_line
    results = read_many(batch.sources(), "auto", workers=jobs, then=then, on_error=batch.on_error)
    parsed = 0
    with text_output(output) as out:
        if pretty:
            documents = [document for _, document in results]
            parsed = len(documents)
            shown = documents[0] if len(batch.items) == 1 and documents else documents
            out.write(json.dumps(shown, ensure_ascii=False, indent=2) + "\n")
        else:
            for _, line in results:
                out.write(line + "\n")
                parsed += 1
    return batch.finish(parsed)
