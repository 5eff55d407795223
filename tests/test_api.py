"""The official API model: load_api / dump_api round trips, errors, and from_api."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timezone
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import petition_parser as pp
from petition_parser import api

from .conftest import DATA, corpus_files, needs_corpus, read_exact

DOC = DATA / "api" / "700003.json"
PAIRS = corpus_files("pairs/*.json")


def test_load_api_types_and_values() -> None:
    doc = pp.load_api(DOC.read_text(encoding="utf-8"))
    a = doc.attributes
    assert doc.links.self_url == "https://petition.parliament.uk/archived/petitions/700003.json"
    assert (doc.data.type, doc.data.id) == ("petition", 700003)
    assert a.created_at == datetime(2030, 1, 2, 3, 4, 5, 678000, tzinfo=timezone.utc)
    assert a.government_response is not None
    assert a.government_response.responded_on == date(2030, 3, 1)
    assert a.rejection == api.Rejection(code=None, details=None)
    assert a.debate is None
    assert a.departments == (
        api.Department(
            "DfB",
            "Department for Buses",
            "https://www.gov.uk/government/organisations/department-for-buses",
        ),
    )
    assert a.topics == ("transport",)
    assert a.signatures_by_constituency is not None
    assert a.signatures_by_constituency[1].mp is None
    assert a.signatures_by_region == (api.RegionCount("South East", "J", 30),)
    assert a.other_parliamentary_business == ()


def test_dump_api_round_trips_to_equal_json() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert pp.dump_api(pp.load_api(text)) == json.loads(text)
    assert pp.dump_api(pp.load_api(json.loads(text))) == json.loads(text)


def test_absent_keys_stay_absent() -> None:
    data = json.loads(DOC.read_text(encoding="utf-8"))
    for key in ("committee_note", "departments", "topics", "signatures_by_region"):
        del data["data"]["attributes"][key]
    del data["data"]["attributes"]["government_response"]["responded_on"]
    doc = pp.load_api(data)
    assert doc.attributes.departments is None
    assert doc.attributes.absent_keys == {
        "committee_note",
        "departments",
        "topics",
        "signatures_by_region",
    }
    assert pp.dump_api(doc) == data


@needs_corpus
@pytest.mark.parametrize("path", PAIRS, ids=[p.name for p in PAIRS])
def test_corpus_documents_round_trip(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert pp.dump_api(pp.load_api(text)) == json.loads(text)


@needs_corpus
@pytest.mark.parametrize("path", PAIRS, ids=[p.name for p in PAIRS])
def test_corpus_pairs_regenerate_byte_identical(path: Path) -> None:
    report = read_exact(path.with_suffix(".md"))
    stamp = re.search(r"^Last refreshed (.*)$", report, re.M)
    assert stamp is not None
    petition = pp.from_api(
        pp.load_api(path.read_text(encoding="utf-8")), datetime.fromisoformat(stamp.group(1))
    )
    assert pp.render(petition) == report
    assert petition == pp.parse(report)


def test_from_api_follows_the_script() -> None:
    petition = pp.from_api(
        pp.load_api(DOC.read_text(encoding="utf-8")), datetime(2030, 7, 2, 8, 0, 0)
    )
    assert pp.render(petition) == read_exact(DATA / "api" / "700003.md")
    # "\r\n" in the action becomes a space; the url loses ".json".
    assert petition.action == "Keep the village bus running on Sundays"
    assert petition.url == "https://petition.parliament.uk/archived/petitions/700003"
    assert petition.archived
    # Countries sum to 41 against a total of 40: an Unknown row of -1, sorted last.
    assert [
        (r.rank, r.name, r.signature_count, r.percentage) for r in petition.signatures_by_country
    ] == [
        (1, "United Kingdom", 37, 92.5),
        (2, "France", 2, 5.0),
        (3, "Ireland", 2, 5.0),
        (4, "Unknown", -1, -2.5),
    ]
    # Constituencies sum to 30 against the UK's 37: Unknown 7; ties keep the API's order.
    assert [(r.name, r.mp, r.signature_count) for r in petition.signatures_by_constituency] == [
        ("Ashford", "Sam Reid MP", 20),
        ("Unknown", "Unknown", 7),
        ("Birchley", None, 5),
        ("Coleby", "Jo  Shaw MP", 5),
        ("Dunham", "Priya Patel MP", 0),
    ]
    # Timestamps cut (not rounded) to whole seconds.
    assert petition.history.opened_at == datetime(2030, 1, 5, 9, 0, 0, tzinfo=timezone.utc)
    assert petition.history.response_threshold_reached_at is None


def test_from_api_with_no_uk_row_or_signatures() -> None:
    data = json.loads(DOC.read_text(encoding="utf-8"))
    attributes = data["data"]["attributes"]
    attributes["signature_count"] = 0
    attributes["signatures_by_country"] = []
    attributes["signatures_by_constituency"] = []
    petition = pp.from_api(pp.load_api(data), datetime(2030, 7, 2, 8, 0, 0))
    assert petition.signatures_by_country == ()
    assert petition.signatures_by_constituency == ()
    assert pp.parse(pp.render(petition)) == petition


def test_malformed_json_names_line_and_column() -> None:
    with pytest.raises(pp.PetitionParseError) as info:
        pp.load_api('{\n  "links": {\n    "self": oops\n')
    assert (info.value.line, info.value.column) == (3, 13)


@pytest.mark.parametrize(
    ("mutate", "path"),
    [
        (lambda d: d["data"].__setitem__("id", "700003"), "$.data.id"),
        (
            lambda d: d["data"]["attributes"].__setitem__("signature_count", 4.5),
            "$.data.attributes.signature_count",
        ),
        (
            lambda d: d["data"]["attributes"].__setitem__("created_at", "yesterday"),
            "$.data.attributes.created_at",
        ),
        (
            lambda d: d["data"]["attributes"]["signatures_by_country"][1].__setitem__(
                "signature_count", None
            ),
            "$.data.attributes.signatures_by_country[1]",
        ),
        (lambda d: d["data"].pop("attributes"), "$.data"),
        (lambda d: d["links"].pop("self"), "$.links.self"),
        (lambda d: d.pop("links"), "$.links"),
        (lambda d: d["data"].__setitem__("attributes", []), "$.data.attributes"),
    ],
)
def test_wrong_types_name_the_json_path(mutate: object, path: str) -> None:
    data = json.loads(DOC.read_text(encoding="utf-8"))
    mutate(data)  # type: ignore[operator]
    with pytest.raises(pp.PetitionParseError) as info:
        pp.load_api(data)
    assert info.value.path is not None
    assert info.value.path.startswith(path)


def test_timestamps_are_written_as_the_api_writes_them() -> None:
    doc = pp.load_api(DOC.read_text(encoding="utf-8"))
    dumped = pp.dump_api(doc)["data"]["attributes"]
    assert dumped["created_at"] == "2030-01-02T03:04:05.678Z"
    assert dumped["government_response"]["responded_on"] == "2030-03-01"


def test_fields_the_model_does_not_know_come_back_unchanged() -> None:
    """The API gains fields over the years: a new key is kept and dumped again, at every
    level, never an error."""
    document = json.loads(read_exact(DATA / "api" / "700003.json"))
    document["links"]["next"] = None
    document["data"]["attributes"]["petition_size_band"] = {"band": "large", "rank": [1, 2]}
    document["data"]["attributes"]["signatures_by_country"][0]["iso3"] = "GBR"
    document["data"]["meta"] = {"cached": True}
    loaded = pp.load_api(document)
    assert pp.dump_api(loaded) == document
    assert loaded.attributes.extra_keys == {"petition_size_band": {"band": "large", "rank": [1, 2]}}
    assert pp.load_api(pp.dump_api(loaded)) == loaded
    # The report is the same as without them.
    plain = pp.load_api(read_exact(DATA / "api" / "700003.json"))
    when = datetime(2031, 6, 1, 18, 30, 5)
    assert pp.render(pp.from_api(loaded, when)) == pp.render(pp.from_api(plain, when))


# -- the count tables, read as columns (api._CountRows) --------------------------------

COUNT_CLASSES = [api.CountryCount, api.ConstituencyCount, api.RegionCount]
#: Values a count's key may be given: each type the model takes, and each it refuses
#: (a bool for a number, a float, a lone surrogate, 19 digits, a list).
COUNT_VALUES = st.sampled_from(
    [
        "Bristol West",
        "",
        "Ynys Môn",
        None,
        0,
        12,
        -3,
        10**18 - 1,
        10**18,
        -(10**18),
        True,
        1.5,
        "\ud800",
        "a\udfffb",
        ["x"],
    ]
)


def _count_row(cls: type, values: dict[str, object], drop: set[str], extra: bool) -> object:
    names = [f.name for f in attrs.fields(cls)][:-2]
    row = {name: values.get(name, "x") for name in names if name not in drop}
    if extra:
        row["iso3"] = "GBR"
    return row


count_tables = st.sampled_from(COUNT_CLASSES).flatmap(
    lambda cls: st.tuples(
        st.just(cls),
        st.lists(
            st.one_of(
                # Mostly rows of the model's keys with good values, so that the fast path
                # is taken as often as it is left.
                st.builds(
                    lambda name, count: {
                        **{f.name: "E1" for f in attrs.fields(cls)[:-2]},
                        "name": name,
                        "signature_count": count,
                    },
                    st.text(max_size=8),
                    st.integers(-(10**18) + 1, 10**18 - 1),
                ),
                st.builds(
                    _count_row,
                    st.just(cls),
                    st.dictionaries(
                        st.sampled_from([f.name for f in attrs.fields(cls)[:-2]]), COUNT_VALUES
                    ),
                    st.sets(st.sampled_from([f.name for f in attrs.fields(cls)[:-2]])),
                    st.booleans(),
                ),
                st.sampled_from([None, "row", 3, ["name"]]),
            ),
            max_size=6,
        ),
    )
)


def _outcome(hook: object, rows: object, rows_type: object) -> object:
    try:
        return hook(rows, rows_type)  # type: ignore[operator]
    except Exception as exc:  # compared, not swallowed
        return (type(exc), str(exc))


@given(count_tables)
def test_count_tables_read_as_columns_equal_the_generated_hook(
    table: tuple[type, list[object]],
) -> None:
    cls, rows = table
    rows_type = tuple[cls, ...]  # type: ignore[valid-type]
    hook = api._converter.get_structure_hook(rows_type)
    assert isinstance(hook, api._CountRows)
    fast, generic = _outcome(hook, rows, rows_type), _outcome(hook.generic, rows, rows_type)
    assert fast == generic
    if isinstance(fast, tuple) and fast and isinstance(fast[0], cls):
        # Each row its own extra_keys dict, as the field's factory gives.
        assert len({id(row.extra_keys) for row in fast}) == len(fast)


def test_a_count_table_is_read_as_columns() -> None:
    rows = [
        {"name": "Bristol West", "ons_code": "E14000602", "mp": "A. Member", "signature_count": 7},
        {"name": "Ynys Môn", "ons_code": "W07000041", "mp": None, "signature_count": 0},
    ]
    table = api._converter.structure(rows, tuple[api.ConstituencyCount, ...])
    assert table == (
        api.ConstituencyCount("Bristol West", "E14000602", "A. Member", 7),
        api.ConstituencyCount("Ynys Môn", "W07000041", None, 0),
    )
    assert [row.absent_keys for row in table] == [frozenset(), frozenset()]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"signature_count": True}, "expected an integer, found True"),
        ({"signature_count": 10**18}, "at most 18 digits"),
        ({"mp": "\ud800"}, "lone surrogate"),
        ({"name": None}, "expected a string, found None"),
    ],
)
def test_a_bad_count_is_named_by_its_path(change: dict[str, object], message: str) -> None:
    document = json.loads(read_exact(DOC))
    rows = document["data"]["attributes"]["signatures_by_constituency"]
    rows[-1].update(change)
    with pytest.raises(pp.PetitionParseError) as info:
        pp.load_api(document)
    assert message in str(info.value)
    assert info.value.path == f"$.data.attributes.signatures_by_constituency[{len(rows) - 1}]" + (
        f".{next(iter(change))}"
    )
