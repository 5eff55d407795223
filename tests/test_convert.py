"""The dict / JSON contract, key for key."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import pytest

import petition_parser as pp
from petition_parser import _convert, _json

from .conftest import DATA, read_exact

PETITION = pp.parse(read_exact(DATA / "valid" / "response-with-markdown.md"))


def test_keys_and_value_types() -> None:
    data = pp.to_dict(PETITION)
    assert list(data) == [
        "petition_id",
        "url",
        "action",
        "background",
        "signature_count",
        "refreshed_at",
        "government_response",
        "history",
        "signatures_by_country",
        "signatures_by_constituency",
        "layout",  # new in 0.2: a key added at the end, none renamed
    ]
    assert data["layout"] == "current"
    assert list(data["government_response"]) == ["summary", "details"]
    assert list(data["history"]) == [
        "updated_at",
        "government_response_at",
        "debate_threshold_reached_at",
        "response_threshold_reached_at",
        "opened_at",
        "moderation_threshold_reached_at",
        "created_at",
    ]
    assert list(data["signatures_by_country"][0]) == [
        "rank",
        "name",
        "signature_count",
        "percentage",
    ]
    assert list(data["signatures_by_constituency"][0]) == [
        "rank",
        "name",
        "mp",
        "signature_count",
        "percentage",
    ]
    assert data["petition_id"] == 700002
    assert data["refreshed_at"] == "2031-06-01T18:30:05"
    assert data["history"]["created_at"] == "2031-02-03T09:15:42+00:00"
    assert data["history"]["debate_threshold_reached_at"] is None
    assert data["signatures_by_country"][0] == {
        "rank": 1,
        "name": "United Kingdom",
        "signature_count": 801,
        "percentage": 92.07,
    }
    # Conveniences stay out of the dict.
    assert "archived" not in data
    assert "uk_signature_count" not in data


def test_json_numbers_and_nulls() -> None:
    data = json.loads(pp.to_json(PETITION))
    assert isinstance(data["signatures_by_country"][0]["percentage"], float)
    vacant = [r for r in data["signatures_by_constituency"] if r["mp"] is None]
    no_response = json.loads(pp.to_json(pp.parse(read_exact(DATA / "valid" / "small.md"))))
    assert no_response["government_response"] is None
    # The fixture has one vacant seat (the report prints its MP as "None").
    assert vacant == [
        {"rank": 3, "name": "Birchley", "mp": None, "signature_count": 63, "percentage": 7.87}
    ]
    assert PETITION.constituency("Birchley") == pp.ConstituencySignatures(
        3, "Birchley", None, 63, 7.87
    )


def test_conveniences() -> None:
    assert PETITION.archived is False
    assert PETITION.uk_signature_count == 801
    row = PETITION.country("Norway")
    assert row is not None
    assert row.signature_count == 21
    assert PETITION.country("Atlantis") is None
    unknown = PETITION.unknown_constituency
    assert unknown is not None
    assert unknown.mp == "Unknown"
    assert PETITION.unknown_country is not None
    assert PETITION.unknown_country.signature_count == -1


def _broken(path: list[Any], value: Any) -> dict[str, Any]:
    data = pp.to_dict(PETITION)
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return data


@pytest.mark.parametrize(
    ("path", "value", "where"),
    [
        (["signature_count"], "12", "$.signature_count"),
        (["signature_count"], 12.5, "$.signature_count"),
        (["signatures_by_country", 1, "percentage"], "2.41", "$.signatures_by_country[1]"),
        (["history", "created_at"], "yesterday", "$.history.created_at"),
        (["action"], None, "$.action"),
    ],
)
def test_from_dict_names_the_bad_value(path: list[Any], value: Any, where: str) -> None:
    with pytest.raises(pp.PetitionParseError) as info:
        pp.from_dict(_broken(path, value))
    assert info.value.path is not None
    assert info.value.path.startswith(where)


def test_from_dict_missing_key() -> None:
    data = pp.to_dict(PETITION)
    del data["history"]
    with pytest.raises(pp.PetitionParseError, match="history"):
        pp.from_dict(data)


def test_from_json_reports_line_and_column() -> None:
    with pytest.raises(pp.PetitionParseError) as info:
        pp.from_json('{\n  "petition_id": 1,\n  oops\n}')
    assert (info.value.line, info.value.column) == (3, 3)


def test_both_json_backends_write_the_same_text(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _json.json_backend() == "orjson"  # the test extra installs it
    texts = [
        pp.to_json(PETITION),
        pp.to_json(pp.parse(read_exact(DATA / "valid" / "odd-cells.md"))),
    ]
    monkeypatch.setattr(_json, "orjson", None)
    assert _json.json_backend() == "json"
    assert [
        pp.to_json(PETITION),
        pp.to_json(pp.parse(read_exact(DATA / "valid" / "odd-cells.md"))),
    ] == texts
    assert pp.from_json(texts[0]) == PETITION
    assert texts[0].startswith('{"petition_id":700002,"url":')


@pytest.mark.parametrize(
    "big", ["1" + "0" * 18, "-1" + "0" * 18, "1180591620717411303424", "9" * 5000]
)
def test_whole_numbers_beyond_18_digits_are_refused(big: str) -> None:
    # The Markdown grammar reads at most 18 digits (every value fits an int64 column);
    # JSON takes exactly the same values, so that whatever it takes renders and reads back.
    data = pp.to_dict(PETITION)
    data["signatures_by_country"][0]["signature_count"] = "BIG"
    with pytest.raises(pp.PetitionParseError) as info:
        pp.from_json(json.dumps(data).replace('"BIG"', big))
    assert info.value.path in ("$.signatures_by_country[0].signature_count", None)
    assert "18 digits" in str(info.value) or "4,300 digits" in str(info.value)
    largest = 10**18 - 1
    data["signatures_by_country"][0]["signature_count"] = largest
    petition = pp.from_json(json.dumps(data))
    assert petition.signatures_by_country[0].signature_count == largest
    assert pp.from_json(pp.to_json(petition)) == petition


def test_table_rows_with_a_wrong_type_name_their_path() -> None:
    data = pp.to_dict(PETITION)
    data["signatures_by_constituency"][2]["mp"] = 7
    with pytest.raises(pp.PetitionParseError) as info:
        pp.from_dict(data)
    assert info.value.path == "$.signatures_by_constituency[2].mp"


def test_integer_percentages_read_as_floats() -> None:
    data = pp.to_dict(PETITION)
    data["signatures_by_country"][0]["percentage"] = 92
    row = pp.from_dict(data).signatures_by_country[0]
    assert row.percentage == 92.0
    assert type(row.percentage) is float


def test_integer_percentages_beyond_a_float_are_refused_by_name() -> None:
    # float(10**400) raises OverflowError: it came out as cattrs' "unknown error".
    data = pp.to_dict(PETITION)
    data["signatures_by_constituency"][1]["percentage"] = 10**400
    with pytest.raises(pp.PetitionParseError) as info:
        pp.from_dict(data)
    assert info.value.path == "$.signatures_by_constituency[1].percentage"
    assert info.value.message.startswith("expected a finite number, found 1000")


# -- from_json's typed reader (msgspec, the fast extra) and the general path ----------


def test_the_typed_reader_is_installed_and_reads_what_to_json_writes() -> None:
    assert _convert._typed_decoder() is not None  # the test extra installs msgspec
    text = pp.to_json(PETITION)
    assert _convert._from_json_typed(text) == PETITION
    assert _convert._from_json_typed(text.encode()) == PETITION


def test_importing_the_package_does_not_import_msgspec() -> None:
    code = (
        "import sys, petition_parser as pp\n"
        "before = 'msgspec' in sys.modules\n"
        "pp.from_json(pp.to_json(pp.parse(open(sys.argv[1], newline='').read())))\n"
        "print(before, 'msgspec' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(DATA / "valid" / "response-with-markdown.md")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.split() == ["False", "True"]


def _json_text(edit: Callable[[dict[str, Any]], object] | None = None) -> str:
    data = pp.to_dict(PETITION)
    if edit is not None:
        edit(data)
    return json.dumps(data, ensure_ascii=False)


def _row(table: str, i: int, key: str, value: Any) -> Callable[[dict[str, Any]], object]:
    return lambda data: data[table][i].__setitem__(key, value)


GOOD = _json_text()


def _first(key: str, value: str) -> str:
    """GOOD with the first number of ``key`` written as ``value`` (JSON text)."""
    found = re.subn(f'"{key}": [0-9.e-]+', f'"{key}": {value}', GOOD, count=1)
    assert found[1] == 1
    return found[0]


#: Documents both readers take, and documents both refuse: each reader's answer (the
#: Petition, or the error's message, path, line and column) must be the other's.
AGREEING_DOCUMENTS: dict[str, str | bytes] = {
    "as written": pp.to_json(PETITION),
    "as bytes": pp.to_json(PETITION).encode(),
    "indented": pp.to_json(PETITION, indent=2),
    "integer percentage": _json_text(_row("signatures_by_country", 0, "percentage", 92)),
    "minus zero percentage": _first("percentage", "-0.0"),
    "extra row key": _json_text(_row("signatures_by_constituency", 0, "extra", [1])),
    "extra top-level key": _json_text(lambda d: d.__setitem__("extra", {"a": 1})),
    "repeated key": GOOD.replace('"rank": 2,', '"rank": 9, "rank": 2,', 1),
    "empty tables": _json_text(
        lambda d: d.update(signatures_by_country=[], signatures_by_constituency=[])
    ),
    "vacant seat": _json_text(_row("signatures_by_constituency", 3, "mp", None)),
    "rank true": _json_text(_row("signatures_by_constituency", 0, "rank", True)),
    "rank 1.0": _json_text(_row("signatures_by_country", 0, "rank", 1.0)),
    "rank text": _json_text(_row("signatures_by_constituency", 0, "rank", "1")),
    "name a number": _json_text(_row("signatures_by_country", 1, "name", 5)),
    "mp missing": _json_text(lambda d: d["signatures_by_constituency"][4].pop("mp")),
    "count of 19 digits": _json_text(
        _row("signatures_by_constituency", 2, "signature_count", 10**18)
    ),
    "rank below the limit": _json_text(_row("signatures_by_country", 0, "rank", -(10**18))),
    "count beyond 64 bits": _first("signature_count", "1" + "0" * 25),
    "percentage beyond a float": _first("percentage", "1e400"),
    "percentage of 400 digits": _first("percentage", "1" + "0" * 400),
    "percentage NaN": _first("percentage", "NaN"),
    "lone surrogate escape": GOOD.replace('"name": "', '"name": "\\ud800', 1),
    "lone surrogate in the text": GOOD.replace('"name": "', '"name": "\ud800', 1),
    "not UTF-8": GOOD.encode().replace(b'"name": "', b'"name": "\xff', 1),
    "row a list": _json_text(
        lambda d: d["signatures_by_constituency"].__setitem__(0, [1, "A", None, 1, 0.5])
    ),
    "table null": _json_text(lambda d: d.__setitem__("signatures_by_country", None)),
    "table missing": _json_text(lambda d: d.pop("signatures_by_constituency")),
    "history time without offset": _json_text(
        lambda d: d["history"].__setitem__("opened_at", "2024-01-01T00:00:00")
    ),
    "background nested deep": _json_text(lambda d: d.__setitem__("background", "DEEP")).replace(
        '"DEEP"', "[" * 5000 + "]" * 5000
    ),
    "a list": "[1, 2]",
    "not JSON": '{"petition_id": 1,\n oops}',
    "whitespace first": " \r\n\t" + GOOD,
    "whitespace first, bytes": b"\n " + GOOD.encode(),
    "a number of 5,000 digits": "9" * 5000,
    "a string": '"{"',
    "whitespace and a list, bytes": b" \n[{}]",
}


def _outcome(text: str | bytes) -> tuple[Any, ...]:
    try:
        petition = pp.from_json(text)
    except pp.PetitionParseError as exc:
        return ("refused", str(exc), exc.path, exc.line, exc.column)
    return ("read", pp.to_json(petition))


@pytest.mark.parametrize("name", list(AGREEING_DOCUMENTS))
def test_the_typed_and_general_readers_agree(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    text = AGREEING_DOCUMENTS[name]
    typed = _outcome(text)
    monkeypatch.setattr(_convert, "_typed_decoder", lambda: None)  # msgspec "missing"
    assert _outcome(text) == typed


class _CountingOrjson:
    """orjson, counting its reads."""

    def __init__(self, orjson: Any) -> None:
        self.orjson = orjson
        self.reads = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self.orjson, name)

    def loads(self, text: str | bytes) -> Any:
        self.reads += 1
        return self.orjson.loads(text)


@pytest.mark.parametrize("name", ["count beyond 64 bits", "not JSON", "a list", "mp missing"])
def test_text_the_typed_reader_refuses_is_not_read_by_orjson_too(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The standard library reads it once, for the error: orjson would be a pass more
    (and on a number of 10 million digits, 38 times slower than on one of a million)."""
    text = AGREEING_DOCUMENTS[name]
    counting = _CountingOrjson(getattr(_json, "orjson"))  # noqa: B009 (not exported)
    monkeypatch.setattr(_json, "orjson", counting)
    refused = _outcome(text)
    assert refused[0] == "refused"
    assert counting.reads == 0
    monkeypatch.setattr(_convert, "_typed_decoder", lambda: None)  # orjson first, as before
    assert _outcome(text) == refused
    assert counting.reads == 1


def test_the_agreeing_documents_are_read_and_refused_as_named() -> None:
    # The list above holds both kinds, and each reaches the path it names.
    read = {name for name, text in AGREEING_DOCUMENTS.items() if _outcome(text)[0] == "read"}
    assert read == {
        "as written",
        "as bytes",
        "indented",
        "integer percentage",
        "minus zero percentage",
        "extra row key",
        "extra top-level key",
        "repeated key",
        "empty tables",
        "vacant seat",
        "whitespace first",
        "whitespace first, bytes",
    }
    typed = {n for n, t in AGREEING_DOCUMENTS.items() if _convert._from_json_typed(t) is not None}
    assert typed == read


@pytest.mark.parametrize(
    ("text", "read"),
    [
        pytest.param("9" * 5000, False, id="a number of 5,000 digits"),
        pytest.param("[" * 10, False, id="lists"),
        pytest.param('"{"', False, id="a string"),
        pytest.param(b" \n\t\r[]", False, id="whitespace and a list, bytes"),
        pytest.param("", False, id="empty"),
        pytest.param("\ufeff{}", False, id="a BOM and an object"),
        pytest.param(" \t\r\n{", True, id="whitespace and an object"),
        pytest.param(b"{", True, id="an object, bytes"),
        pytest.param("{oops", True, id="an object's start"),
    ],
)
def test_the_typed_reader_reads_only_what_may_be_an_object(
    text: str | bytes, read: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Anything else it would refuse after reading it whole, and the general path would
    read it again: a number of 10 million digits was read twice."""
    decoded: list[str | bytes] = []

    def decode(text: str | bytes) -> dict[str, Any]:
        decoded.append(text)
        raise ValueError("refused")

    monkeypatch.setattr(_convert, "_typed_decoder", lambda: decode)
    assert _convert._from_json_typed(text) is None
    assert decoded == ([text] if read else [])
