"""What petition_parser promises on any input, as checks a fuzzer can run.

Each ``check_*`` takes one input, returns whether the reader accepted it, and raises
AssertionError (or lets an unexpected exception escape) when a promise is broken:

* the reader raises nothing but :class:`petition_parser.PetitionError`;
* what it accepts, the writer writes back and the reader reads again, equal
  (byte for byte for Markdown in its LF form);
* the writers raise nothing but :class:`petition_parser.UnrepresentableError`, and
  what they do write reads back equal (``render`` on a ``from_json`` petition);
* ``validate`` and ``validate_index`` raise nothing on anything read;
* the flat tables of a report read as columns (the archive readers' path, no
  Petition built) equal those of its Petition;
* ``from_json``'s typed reader (msgspec, the ``fast`` extra) and its general path
  (orjson or the standard library, and the converter) give the same Petition, or the
  same error (message, path, line and column);
* the constituency table read natively (Arrow's CSV reader, ``_tables/native.py``),
  beside a good report in the same chunk, equals the parser's rows, or gives the
  parser's error (message, line and column) where the parser refuses the report;
  and so do the columns of it a Dask computation asks for (some, chosen by the input);
* the block tokenizer's loop (``_format/blocks.py``) gives the tokens mistune's own
  loop gives with the same rules.

Used by ``fuzz/mutate.py``, ``fuzz/atheris_harness.py`` and the test suite's
hypothesis mutation test.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable
from datetime import datetime
from functools import partial
from pathlib import Path

from mistune.block_parser import BlockParser

import petition_parser as pp
from petition_parser._convert import from_json_general
from petition_parser._format import parse_snapshot
from petition_parser._format.blocks import _BLOCK, BlockRules, Token, _ReportState, tokenize
from petition_parser._format.index import _RULES as INDEX_RULES
from petition_parser._format.layout import CURRENT, detect
from petition_parser._format.reader import prepare
from petition_parser._snapshot import Snapshot
from petition_parser._sources import Document, read_many
from petition_parser._tables import snapshot_tables, table_columns
from petition_parser._tables.arrow import arrow_table, concat_batches
from petition_parser._tables.native import constituency_chunk

__all__ = [
    "TARGETS",
    "check_api",
    "check_index",
    "check_json",
    "check_report",
    "token_tuples",
    "tokens_are_mistunes",
]

_REFRESHED = datetime(2031, 6, 1, 18, 30, 5)


def _plain_lf(text: str) -> bool:
    """A document that ``render`` writes back byte for byte: no BOM, not read as CRLF."""
    first = text.split("\n", 1)[0]
    return not text.startswith("\ufeff") and not first.endswith("\r")


def _petition_round_trips(petition: pp.Petition) -> None:
    assert pp.from_dict(pp.to_dict(petition)) == petition, "to_dict/from_dict"
    assert pp.from_json(pp.to_json(petition)) == petition, "to_json/from_json"
    pp.validate(petition)


#: A good report read in the same chunk as each input (the native reader's fallback
#: must leave its rows alone).
_GOOD = Document(
    "good.md", (Path(__file__).resolve().parent.parent / "examples" / "small.md").read_bytes()
)


def _native_equals_parser(text: str | bytes) -> None:
    data = text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass")
    documents = [Document("input.md", data), _GOOD]
    errors: list[pp.PetitionError] = []
    read = read_many(
        documents, "constituency-text", per_chunk=constituency_chunk, on_error=errors.append
    )
    native = arrow_table("constituencies", []).from_batches([b for _, b in read])
    parsed_errors: list[pp.PetitionError] = []
    parsed = arrow_table(
        "constituencies", table_columns(documents, "constituencies", on_error=parsed_errors.append)
    )
    assert native.equals(parsed), "native constituency rows != the parser's"
    assert [str(e) for e in errors] == [str(e) for e in parsed_errors], (
        "native constituency errors != the parser's"
    )
    # Some of the columns (as Dask asks for them), chosen by the input: those columns of
    # the same rows, and the same errors.
    names = parsed.column_names
    pick = zlib.crc32(data)
    columns = [names[(pick + i) % len(names)] for i in range(pick % len(names))]
    columns = list(dict.fromkeys(columns))
    some_errors: list[pp.PetitionError] = []
    read = read_many(
        documents,
        "constituency-text",
        per_chunk=partial(constituency_chunk, columns=columns),
        on_error=some_errors.append,
    )
    some = concat_batches("constituencies", (b for _, b in read), columns)
    assert some.equals(parsed.select(columns)), "native rows of some columns != the parser's"
    assert [str(e) for e in some_errors] == [str(e) for e in parsed_errors], (
        "native errors of some columns != the parser's"
    )


def tokens_are_mistunes(src: str, rules: BlockRules) -> None:
    """``tokenize``'s tokens of ``src`` are those of mistune's own block loop."""
    state = _ReportState(rules)
    state.process(src)
    BlockParser.parse(_BLOCK, state)
    assert token_tuples(tokenize(src, rules)) == token_tuples(state.tokens), (
        "tokens != mistune's loop's"
    )


def token_tuples(tokens: list[Token]) -> list[tuple[str, int, str, int]]:
    """Tokens as values to compare: kind, offset, text, level."""
    return [(t.kind, t.pos, t.text, t.level) for t in tokens]


def _tokens_of_prepared(text: str | bytes, index: bool) -> None:
    try:
        src = prepare(text, "check")
    except pp.PetitionParseError:  # not UTF-8, a lone surrogate: never tokenized
        return
    tokens_are_mistunes(src, INDEX_RULES if index else (detect(src) or CURRENT).rules)


def check_report(text: str | bytes) -> bool:
    _tokens_of_prepared(text, index=False)
    _native_equals_parser(text)
    try:
        petition = pp.parse(text)
    except pp.PetitionParseError:
        return False
    rendered = pp.render(petition)  # an UnrepresentableError here is a broken promise
    if isinstance(text, str) and _plain_lf(text):
        assert rendered == text, "render(parse(text)) != text"
    assert pp.parse(rendered) == petition, "parse(render(p)) != p"
    _petition_round_trips(petition)
    from_columns = snapshot_tables(None, parse_snapshot(text))
    assert from_columns == snapshot_tables(None, Snapshot.of(petition)), (
        "tables: columns != Petition"
    )
    return True


def check_index(text: str | bytes) -> bool:
    _tokens_of_prepared(text, index=True)
    try:
        index = pp.parse_index(text)
    except pp.PetitionParseError:
        return False
    rendered = pp.render_index(index)
    if isinstance(text, str) and _plain_lf(text):
        assert rendered == text, "render_index(parse_index(text)) != text"
    assert pp.parse_index(rendered) == index, "parse_index(render_index(i)) != i"
    pp.validate_index(index)
    return True


def check_api(text: str | bytes) -> bool:
    try:
        document = pp.load_api(text)
    except pp.PetitionParseError:
        return False
    dumped = json.dumps(pp.dump_api(document), ensure_ascii=False)
    assert pp.load_api(dumped) == document, "load_api(dump_api(d)) != d"
    petition = pp.from_api(document, _REFRESHED)
    pp.validate(petition)
    _render_if_representable(petition)
    return True


def check_json(text: str | bytes) -> bool:
    petition, outcome = _json_outcome(pp.from_json, text)
    _, general = _json_outcome(lambda t: from_json_general(t, pp.Petition), text)
    assert outcome == general, "from_json's typed reader and its general path disagree"
    if petition is None:
        return False
    _petition_round_trips(petition)
    _render_if_representable(petition)
    return True


def _json_outcome(
    read: Callable[[str | bytes], pp.Petition], text: str | bytes
) -> tuple[pp.Petition | None, object]:
    """What a JSON reader makes of ``text``: the Petition and its JSON, or None and the
    error in full."""
    try:
        petition = read(text)
    except pp.PetitionParseError as exc:
        return None, (str(exc), exc.path, exc.line, exc.column)
    return petition, pp.to_json(petition)


def _render_if_representable(petition: pp.Petition) -> None:
    try:
        rendered = pp.render(petition)
    except pp.UnrepresentableError:
        return
    assert pp.parse(rendered) == petition, "render wrote what reads back differently"


#: target name -> check
TARGETS = {
    "report": check_report,
    "index": check_index,
    "api": check_api,
    "json": check_json,
}
