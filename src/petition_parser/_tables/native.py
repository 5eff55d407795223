"""The Signatures by Constituency table, read natively: many reports' rows at once.

A report's constituency table is most of its size, and reading it a cell at a time in
Python (a string and a number object per cell, then an Arrow array from those) was
most of the time of ``to_arrow(..., "constituencies")``.  Here a chunk of reports is
checked in every other section by the parser (``parse_constituency_text``), and the
rows of all of them are joined and handed to Arrow's CSV reader at once, with ``|``
as the delimiter and no quoting; the columns are then checked and cleaned with
``pyarrow.compute``, each check one call over the whole chunk:

* every row has exactly six ``|`` (seven fields; the reader refuses any other number),
  nothing before the first and after the last;
* every cell is padded by one space on each side (``"| 1 | Wantage | ..."``), so that,
  with no other ``|`` in a row, the cells are the ones ``" | "`` splits the parser's way;
* ranks, counts and percentages match the parser's grammars (``_format/values.py``),
  which the casts then read; ``None`` in the MP column is a vacant seat (null).

A chunk that fails a check is read again one report at a time; a report that fails
one is read by ``parse_snapshot``, which gives the error the parser gives (its line,
column and message) or, where the checks were stricter than the parser (a ``|``
inside a name, say), the rows it does hold.  So the columns are always the parser's
(the fuzzer checks this: fuzz/README.md).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from itertools import accumulate
from typing import Any

from attrs import define

from .._errors import PetitionError, PetitionParseError
from .._format import parse_snapshot
from .._format.values import COUNT, INT, PERCENTAGE
from .._snapshot import ConstituencyText, Snapshot
from .arrow import arrow_schema, batch_of
from .columns import snapshot_columns
from .optional import require

__all__ = ["SpooledBatches", "constituency_chunk", "spooled_batches", "spooled_constituency_chunk"]

Result = tuple[str | None, Any]

_FIELDS = ("lead", "rank", "name", "mp", "signature_count", "percentage", "trail")
#: The number columns' grammars, anchored, with the cell's padding (RE2 syntax).
_GRAMMARS = {
    "rank": f"^ (?:{INT}) $",
    "signature_count": f"^ (?:{COUNT}) $",
    "percentage": f"^ (?:{PERCENTAGE}) $",
}
#: How the report prints a vacant seat (``sections/constituencies.VACANT``).
_VACANT = "None"
_UNKNOWN = "Unknown"


def constituency_chunk(
    results: Sequence[Result], columns: Sequence[str] | None = None
) -> list[Result]:
    """A chunk of reports read as ``ConstituencyText`` (or ``Snapshot``: a Petition's)
    as record batches of their rows, in order, then the chunk's errors in order.

    With ``columns``, the batches hold only those, in that order (every cell is checked
    all the same)."""
    batches: list[Any] = []
    errors: list[Result] = []
    texts: list[tuple[str | None, ConstituencyText]] = []
    for path, result in results:
        if isinstance(result, PetitionError):
            errors.append((path, result))
        elif isinstance(result, ConstituencyText):
            texts.append((path, result))
        else:  # a Snapshot, between runs of texts
            batches += _read(texts, errors, columns)
            texts = []
            rows = batch_of("constituencies", [snapshot_columns(result, "constituencies", path)])
            batches.append(rows if columns is None else rows.select(columns))
    batches += _read(texts, errors, columns)
    return [*((None, batch) for batch in batches), *errors]


@define(frozen=True)
class SpooledBatches:
    """A worker's record batches, written as an Arrow IPC file in memory (tmpfs)."""

    path: str


def spooled_constituency_chunk(folder: str, results: list[Result]) -> list[Result]:
    """``constituency_chunk`` in a worker: its batches go to a file in ``folder`` that
    the reader maps (no copy through the pool's pipe, no unpickling in the reader,
    whose CPU time two workers on two cores share)."""
    pa = require("pyarrow", "arrow", "Arrow output")
    done = constituency_chunk(results)
    batches = [result for _, result in done if isinstance(result, pa.RecordBatch)]
    fd, name = tempfile.mkstemp(dir=folder, suffix=".arrow")
    with os.fdopen(fd, "wb") as file, pa.ipc.new_file(file, arrow_schema("constituencies")) as out:
        for batch in batches:
            out.write_batch(batch)
    return [(None, SpooledBatches(name)), *(r for r in done if isinstance(r[1], PetitionError))]


def spooled_batches(results: Iterable[Any]) -> Iterator[Any]:
    """The record batches of a chunk reader's results: a spooled file's mapped, not
    copied, and removed at once (the mapping keeps its pages); errors left out."""
    pa = require("pyarrow", "arrow", "Arrow output")
    for result in results:
        if isinstance(result, SpooledBatches):
            try:
                reader = pa.ipc.open_file(pa.memory_map(result.path))
                yield from (reader.get_batch(i) for i in range(reader.num_record_batches))
            finally:
                os.unlink(result.path)
        elif not isinstance(result, PetitionError):
            yield result


def _read(
    texts: list[tuple[str | None, ConstituencyText]],
    errors: list[Result],
    columns: Sequence[str] | None,
) -> list[Any]:
    """Record batches of ``texts``: all at once, else one by one, else by the parser."""
    if not texts:
        return []
    batch = _native([text for _, text in texts], columns)
    if batch is not None:
        return [batch]
    if len(texts) > 1:
        return [b for one in texts for b in _read([one], errors, columns)]
    path, text = texts[0]
    try:
        snapshot: Snapshot = parse_snapshot(text.source)
    except PetitionParseError as exc:
        errors.append((path, exc.in_file(path) if path is not None else exc))
        return []
    rows = batch_of("constituencies", [snapshot_columns(snapshot, "constituencies", path)])
    return [rows if columns is None else rows.select(columns)]


def _native(texts: list[ConstituencyText], columns: Sequence[str] | None) -> Any:
    """One record batch of the rows of ``texts`` (``columns`` of them), or None if a
    check fails."""
    pa = require("pyarrow", "arrow", "Arrow output")
    pc = require("pyarrow.compute", "arrow", "Arrow output")
    csv = require("pyarrow.csv", "arrow", "Arrow output")
    lengths = [text.rows.count("\n") for text in texts]
    if not sum(lengths):
        return pa.RecordBatch.from_pylist([], schema=arrow_schema("constituencies", columns))
    data = "".join(text.rows for text in texts).encode("utf-8")
    if data.startswith(b"\xef\xbb\xbf"):  # Arrow's reader would drop a BOM there
        return None
    try:
        table = csv.read_csv(pa.py_buffer(data), **_options())
    except pa.ArrowInvalid:  # a row with another number of fields than seven
        return None
    if table.num_rows != sum(lengths):
        return None
    fields = {name: table.column(name).combine_chunks() for name in _FIELDS}
    if not _all(pc, pc.equal(pc.binary_length(fields["lead"]), 0)) or not _all(
        pc, pc.equal(pc.binary_length(fields["trail"]), 0)
    ):
        return None
    for name in _FIELDS[1:-1]:
        column = fields[name]
        grammar = _GRAMMARS.get(name)
        if grammar is not None:
            ok = pc.match_substring_regex(column, grammar)
        else:
            padded = pc.and_(pc.starts_with(column, " "), pc.ends_with(column, " "))
            ok = pc.and_(padded, pc.greater_equal(pc.binary_length(column), 2))
        if not _all(pc, ok):
            return None
    return _batch(pa, pc, texts, lengths, fields, columns)


def _batch(
    pa: Any,
    pc: Any,
    texts: list[ConstituencyText],
    lengths: list[int],
    cells: dict[str, Any],
    columns: Sequence[str] | None,
) -> Any:
    """The batch of ``columns`` (all by default) from the checked ``cells`` (with their
    padding).  A column not asked for is never built: a Dask computation of two columns
    spares the casts and the key columns of the others."""
    schema = arrow_schema("constituencies", columns)
    if not schema.names:  # no column, but the rows all the same (a count of them)
        return pa.RecordBatch.from_arrays([cells["name"]], names=["name"]).select([])

    @cache
    def value(name: str) -> Any:  # the cells without their padding
        return pc.utf8_slice_codeunits(cells[name], 1, -1)

    @cache
    def runs() -> tuple[list[Any], Any]:
        # The key columns hold one value per report: sent to Arrow as runs.
        kept = [(text.key, n) for text, n in zip(texts, lengths, strict=True) if n]
        return [key for key, _ in kept], pa.array(list(accumulate(n for _, n in kept)), pa.int32())

    def key(at: int) -> Any:
        keys, ends = runs()
        values = pa.array([key[at] for key in keys], type=arrow_schema("constituencies")[at].type)
        return pc.run_end_decode(pa.RunEndEncodedArray.from_arrays(ends, values))

    def mp() -> Any:
        return pc.if_else(pc.equal(value("mp"), _VACANT), pa.scalar(None, pa.string()), value("mp"))

    def count() -> Any:
        return pc.replace_substring(value("signature_count"), ",", "").cast(pa.int64())

    def unknown() -> Any:
        return pc.and_(pc.equal(value("name"), _UNKNOWN), pc.equal(value("mp"), _UNKNOWN))

    build = {
        "petition_id": lambda: key(0),
        "refreshed_at": lambda: key(1),
        "updated_at": lambda: key(2),
        "rank": lambda: value("rank").cast(pa.int64()),
        "name": lambda: value("name"),
        "mp": mp,
        "signature_count": count,
        "percentage": lambda: value("percentage").cast(pa.float64()),
        "is_unknown": unknown,
    }
    return pa.RecordBatch.from_arrays([build[name]() for name in schema.names], schema=schema)


def _all(pc: Any, flags: Any) -> bool:
    return bool(pc.all(flags).as_py())


@cache
def _options() -> dict[str, Any]:
    """Arrow's CSV reader: ``|``-delimited, no quoting or escapes, every field a string."""
    pa = require("pyarrow", "arrow", "Arrow output")
    csv = require("pyarrow.csv", "arrow", "Arrow output")
    return {
        "read_options": csv.ReadOptions(
            column_names=list(_FIELDS), use_threads=False, block_size=1 << 30
        ),
        "parse_options": csv.ParseOptions(
            delimiter="|",
            quote_char=False,
            escape_char=False,
            double_quote=False,
            newlines_in_values=False,
            ignore_empty_lines=False,
        ),
        "convert_options": csv.ConvertOptions(
            column_types=dict.fromkeys(_FIELDS, pa.string()),
            null_values=[],
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        ),
    }
