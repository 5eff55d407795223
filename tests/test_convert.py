"""The dict / JSON contract, key for key."""

from __future__ import annotations

import json
from typing import Any

import pytest

import petition_parser as pp
from petition_parser import _json

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
