"""``petition-parser parse``: reports (and index pages) to JSON, one object per line."""

from __future__ import annotations

import json
from typing import Any

import click

from .._json import dumps_line
from .._spool import spool_folder, write_out
from .batch import Batch, output_option, reads_sources
from .output import binary_output, text_output


def json_line(path: str | None, document: Any) -> bytes:
    """One compact JSON object and a line break, as UTF-8 bytes.

    Made in the worker, so that only bytes come back: no text to decode and encode
    again in the process that writes them (docs/performance.md).
    """
    return dumps_line(as_dict(path, document))


def as_dict(path: str | None, document: Any) -> dict[str, Any]:
    # Imported here, in the worker: the process that starts them need not load cattrs
    # before it can start them.
    from .._convert import to_dict  # noqa: PLC0415

    return to_dict(document)


@click.command()
@reads_sources
@output_option
@click.option(
    "--pretty", is_flag=True, help="Indented JSON: one object for one input, else an array."
)
def parse(
    batch: Batch,
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
    if pretty:
        documents = list(batch.read("auto", as_dict))
        shown = documents[0] if batch.total == 1 and documents else documents
        with text_output(output) as out:
            out.write(json.dumps(shown, ensure_ascii=False, indent=2) + "\n")
        return batch.finish(len(documents))
    with binary_output(output) as out, spool_folder() as spool:
        parsed, _ = write_out(batch.read("auto", json_line, spool), out)
    return batch.finish(parsed)
