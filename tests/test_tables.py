"""Archives to tables: every output's rows against the model's values, errors, workers, SQLite."""

from __future__ import annotations

import csv
import json
import shutil
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import attrs
import pyarrow.dataset as pads
import pyarrow.parquet as pq
import pytest

import petition_parser as pp
from petition_parser._snapshot import Snapshot
from petition_parser._tables import KEYS as SCHEMA_KEYS
from petition_parser._tables import TABLES as SCHEMAS
from petition_parser._tables import TableName
from petition_parser._tables.arrow import arrow_table, batch_of
from petition_parser._tables.columns import snapshot_columns

from .conftest import CORPUS, DATA, ROOT, corpus_files, read_exact

EXAMPLES = sorted((ROOT / "examples").glob("*.md"))
DATA_LAYOUTS = DATA / "layouts"
REPORTS = corpus_files("reports/*.md") + corpus_files("pairs/*[0-9].md") or EXAMPLES
INDEX_PAGES = corpus_files("index/*.md") or sorted((DATA / "index" / "valid").glob("*.md"))
TABLES: tuple[TableName, ...] = ("petitions", "countries", "constituencies", "history")
EVENT_FIELDS = [f.name for f in __import__("attrs").fields(pp.History)]


# -- the expected rows, straight from the model ------------------------------------------


def expected(table: str, paths: list[Path]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for path in paths:
        p = pp.parse(read_exact(path))
        key = {
            "petition_id": p.petition_id,
            "refreshed_at": p.refreshed_at,
            "updated_at": p.history.updated_at,
        }
        if table == "petitions":
            response = p.government_response
            rows.append(
                {
                    **key,
                    "url": p.url,
                    "action": p.action,
                    "signature_count": p.signature_count,
                    "uk_signature_count": p.uk_signature_count,
                    "has_response": response is not None,
                    "response_summary": None if response is None else response.summary,
                    **{name: getattr(p.history, name) for name in EVENT_FIELDS[1:]},
                    "layout": p.layout,
                    "source_path": str(path),
                }
            )
        elif table == "history":
            rows += [
                {**key, "event": name.removesuffix("_at"), "at": getattr(p.history, name)}
                for name in EVENT_FIELDS
                if getattr(p.history, name) is not None
            ]
        elif table == "countries":
            rows += [
                {
                    **key,
                    "rank": r.rank,
                    "name": r.name,
                    "signature_count": r.signature_count,
                    "percentage": r.percentage,
                    "is_unknown": r.is_unknown,
                }
                for r in p.signatures_by_country
            ]
        else:
            rows += [
                {
                    **key,
                    "rank": r.rank,
                    "name": r.name,
                    "mp": r.mp,
                    "signature_count": r.signature_count,
                    "percentage": r.percentage,
                    "is_unknown": r.is_unknown,
                }
                for r in p.signatures_by_constituency
            ]
    return rows


def _naive_utc(value: Any) -> Any:
    """Times as the text formats write them, for comparing across outputs."""
    return value.isoformat() if isinstance(value, datetime) else value


def _text_form(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: _naive_utc(v) for k, v in row.items()} for row in rows]


# -- every output ---------------------------------------------------------------------------


@pytest.mark.parametrize("table", TABLES)
def test_records(table: str) -> None:
    assert list(pp.to_records(REPORTS, table)) == expected(table, REPORTS)


@pytest.mark.parametrize("table", TABLES)
def test_arrow_pandas_polars(table: str) -> None:
    want = expected(table, REPORTS)
    arrow = pp.to_arrow(REPORTS, table)
    assert arrow.num_rows == len(want)
    assert arrow.to_pylist() == want
    frame = pp.to_pandas(REPORTS, table)
    assert list(frame.columns) == list(want[0])
    dtypes = {name: str(dtype) for name, dtype in frame.dtypes.items()}
    assert dtypes["petition_id"] == "Int64"
    assert dtypes["refreshed_at"] == "datetime64[s]"
    if table == "history":
        assert dtypes["at"] == "datetime64[s, UTC]"
        assert dtypes["event"] == "string"
    if table not in {"petitions", "history"}:
        assert dtypes["is_unknown"] == "boolean"
        assert dtypes["percentage"] == "Float64"
    back = frame.astype(object).where(frame.notna(), None).to_dict("records")
    assert [{k: _py(v) for k, v in row.items()} for row in back] == want
    polars = pp.to_polars(REPORTS, table)
    assert polars.to_dicts() == want


def _py(value: Any) -> Any:
    """A pandas scalar as the Python value (Timestamps become datetimes)."""
    if hasattr(value, "to_pydatetime"):
        return value.to_pydatetime()
    return value


@pytest.mark.parametrize("table", TABLES)
def test_csv_and_ndjson(table: str, tmp_path: Path) -> None:
    want = _text_form(expected(table, REPORTS))
    assert pp.write_table(REPORTS, table, tmp_path / "t.csv") == len(want)
    raw = (tmp_path / "t.csv").read_bytes()
    assert raw.count(b"\r\n") >= len(want) + 1  # RFC 4180 line ends
    with open(tmp_path / "t.csv", encoding="utf-8", newline="") as f:
        read = list(csv.DictReader(f))
    assert [list(row) for row in read[:1]] == [list(want[0])]
    assert read == [{k: _csv(v) for k, v in row.items()} for row in want]
    assert pp.write_table(REPORTS, table, tmp_path / "t.ndjson") == len(want)
    lines = (tmp_path / "t.ndjson").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == want


def _csv(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@pytest.mark.parametrize("table", TABLES)
def test_parquet_file_and_dataset(table: str, tmp_path: Path) -> None:
    want = expected(table, REPORTS)
    pp.write_table(REPORTS, table, tmp_path / "t.parquet")
    assert pq.read_table(tmp_path / "t.parquet").to_pylist() == want
    pp.write_table(REPORTS, table, tmp_path / "dataset")
    assert (tmp_path / "dataset" / f"petition_id={want[0]['petition_id']}").is_dir()
    dataset = pads.dataset(tmp_path / "dataset", format="parquet", partitioning="hive")
    read = dataset.to_table().to_pylist()
    key = [*(k for k in want[0] if k != "petition_id"), "petition_id"]
    sort = lambda row: tuple(str(row[k]) for k in ("petition_id", "refreshed_at", *key[1:3]))  # noqa: E731
    assert sorted(({k: r[k] for k in want[0]} for r in read), key=sort) == sorted(want, key=sort)


def test_index_table(tmp_path: Path) -> None:
    rows = list(pp.to_records(INDEX_PAGES, "index"))
    pages = [pp.parse_index(read_exact(p)) for p in INDEX_PAGES]
    assert len(rows) == sum(len(page.rows) for page in pages)
    first = next(page for page in pages if page.rows)
    row = next(r for r in rows if r["title"] == first.title and r["rank"] == 1)
    assert row["name"] == first.rows[0].name
    assert row["uk_percentage"] == first.rows[0].uk_percentage
    assert pp.to_arrow(INDEX_PAGES, "index").num_rows == len(rows)


# -- SQLite ----------------------------------------------------------------------------------


def test_sqlite_twice_adds_nothing_and_holds_the_models_numbers(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    added = pp.to_sqlite(REPORTS, db)
    assert added == {t: len(expected(t, REPORTS)) for t in TABLES}
    again = pp.to_sqlite(REPORTS, db)
    assert again == dict.fromkeys(TABLES, 0)
    con = sqlite3.connect(db)
    counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    assert counts == added
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    got = con.execute(
        "SELECT p.petition_id, p.refreshed_at, c.name, c.signature_count "
        "FROM constituencies c JOIN petitions p USING (petition_id, refreshed_at) "
        "ORDER BY p.petition_id, p.refreshed_at, c.rank"
    ).fetchall()
    want = sorted(
        (
            r["petition_id"],
            r["refreshed_at"].isoformat(),
            r["rank"],
            r["name"],
            r["signature_count"],
        )
        for r in expected("constituencies", REPORTS)
    )
    assert got == [(a, b, name, count) for a, b, _, name, count in want]
    con.close()


def test_sqlite_children_refer_to_an_integer_key_datasette_can_follow(tmp_path: Path) -> None:
    """sqlite-utils and datasette show a single-column foreign key to an integer primary key
    as a link; the three-column composite key of 0.2 showed none."""
    db = tmp_path / "p.db"
    pp.to_sqlite(EXAMPLES, db)
    con = sqlite3.connect(db)
    info = con.execute("PRAGMA table_info(petitions)").fetchall()
    assert [(row[1], row[2], row[5]) for row in info if row[5]] == [("snapshot_id", "INTEGER", 1)]
    for child in ("countries", "constituencies", "history"):
        keys = con.execute(f"PRAGMA foreign_key_list({child})").fetchall()
        assert [(row[2], row[3], row[4]) for row in keys] == [
            ("petitions", "snapshot_id", "snapshot_id")
        ]
    by_id = con.execute(
        "SELECT p.petition_id, sum(c.signature_count) FROM constituencies c "
        "JOIN petitions p USING (snapshot_id) GROUP BY p.snapshot_id ORDER BY p.petition_id"
    ).fetchall()
    by_key = con.execute(
        "SELECT p.petition_id, sum(c.signature_count) FROM constituencies c "
        "JOIN petitions p USING (petition_id, refreshed_at, updated_at) "
        "GROUP BY p.snapshot_id ORDER BY p.petition_id"
    ).fetchall()
    assert by_id == by_key == [(700001, 41675), (700002, 801)]
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    con.close()
    # The natural key stays unique: loading again adds nothing, and no new snapshot_id.
    assert pp.to_sqlite(EXAMPLES, db) == dict.fromkeys(TABLES, 0)
    con = sqlite3.connect(db)
    assert con.execute("SELECT count(*), max(snapshot_id) FROM petitions").fetchone() == (2, 2)
    con.close()


def test_sqlite_refuses_a_database_of_the_old_schema(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE petitions (petition_id INTEGER, refreshed_at TEXT)")
    con.commit()
    con.close()
    with pytest.raises(
        pp.PetitionError, match=r"old.db: expected a database with petitions\.snapshot_id"
    ):
        pp.to_sqlite(EXAMPLES, db)


@pytest.mark.parametrize("where", ["a folder", "a missing folder", "not a database"])
def test_sqlite_output_that_cannot_be_written_is_named(tmp_path: Path, where: str) -> None:
    target = {
        "a folder": tmp_path,
        "a missing folder": tmp_path / "missing" / "p.db",
        "not a database": tmp_path / "notes.db",
    }[where]
    (tmp_path / "notes.db").write_text("these are notes, not a database\n" * 100)
    with pytest.raises(pp.PetitionError) as info:
        pp.to_sqlite(EXAMPLES, target)
    assert str(info.value).startswith(f"{target}: ")
    assert (tmp_path / "notes.db").read_text().startswith("these are notes")


# -- errors, order, workers -----------------------------------------------------------------


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    folder = tmp_path / "archive"
    (folder / "sub").mkdir(parents=True)
    for i, path in enumerate(EXAMPLES):
        shutil.copy(path, folder / f"{i}-good.md")
    shutil.copy(EXAMPLES[0], folder / "sub" / "z-good.md")
    small = read_exact(DATA / "valid" / "small.md")
    (folder / "a-broken.md").write_text(small.replace("| Opened |", "| Opend |"), "utf-8")
    (folder / "b-latin1.md").write_bytes(small.replace("Norway", "Norvège").encode("latin-1"))
    (folder / "c-empty.md").write_bytes(b"")
    (folder / "d-binary.md").write_bytes(bytes(range(256)) * 4)
    (folder / "not-a-report.txt").write_text("ignored: not *.md", "utf-8")
    return folder


def test_collect_yields_every_good_petition_and_one_error_per_bad_file(mixed: Path) -> None:
    results = list(pp.read_reports(mixed, errors="collect"))
    errors = [r for r in results if isinstance(r, pp.PetitionParseError)]
    good = [r for r in results if isinstance(r, pp.Petition)]
    assert len(good) == len(EXAMPLES) + 1
    assert [Path(e.file or "").name for e in errors] == [
        "a-broken.md",
        "b-latin1.md",
        "c-empty.md",
        "d-binary.md",
    ]
    # The binary file stops being UTF-8 at byte 0x80: line 2 (after byte 0x0a), column 118.
    assert [(e.line, e.column) for e in errors] == [(23, 3), (32, 11), (1, 1), (2, 118)]
    assert all(isinstance(e, pp.PetitionParseError) and e.message for e in errors)
    assert list(pp.read_reports(mixed, errors="skip")) == good


def test_raise_names_the_file(mixed: Path) -> None:
    with pytest.raises(pp.PetitionParseError) as info:
        list(pp.read_reports(mixed))
    assert info.value.file == str(mixed / "a-broken.md")
    assert info.value.describe().startswith(f"{mixed / 'a-broken.md'}:23:3: expected one of")


def test_sources_paths_globs_iterables_and_petitions(mixed: Path) -> None:
    everything = [str(p) for p in sorted(mixed.rglob("*.md"))]
    good = [p for p in everything if p.endswith("good.md")]
    by_folder = list(pp.read_reports(mixed, errors="skip"))
    by_glob = list(pp.read_reports(str(mixed / "**" / "*good.md")))
    by_list = list(pp.read_reports([Path(p) for p in good]))
    parsed = [pp.parse_file(p) for p in good]
    assert by_folder == by_glob == by_list == parsed
    assert list(pp.read_reports(parsed)) == parsed
    assert list(pp.read_reports(parsed[0])) == parsed[:1]


def test_a_missing_file_is_an_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(pp.PetitionParseError, match="No such file") as info:
        list(pp.read_reports(tmp_path / "nope.md"))
    assert info.value.file == str(tmp_path / "nope.md")


def test_workers_give_the_same_results(mixed: Path) -> None:
    one = list(pp.read_reports(mixed, errors="collect"))
    two = list(pp.read_reports(mixed, errors="collect", workers=2))
    assert [type(r) for r in two] == [type(r) for r in one]
    assert [r for r in two if isinstance(r, pp.Petition)] == [
        r for r in one if isinstance(r, pp.Petition)
    ]
    assert [str(e) for e in two if isinstance(e, pp.PetitionError)] == [
        str(e) for e in one if isinstance(e, pp.PetitionError)
    ]
    for table in TABLES:
        assert pp.to_arrow(REPORTS, table, workers=2).equals(pp.to_arrow(REPORTS, table))


def test_a_failed_write_leaves_no_file(mixed: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    for name in ("t.csv", "t.ndjson", "t.parquet", "dataset"):
        with pytest.raises(pp.PetitionParseError):
            pp.write_table(mixed, "constituencies", out / name)
    with pytest.raises(pp.PetitionParseError):
        pp.to_sqlite(mixed, out / "p.db")
    assert list(out.iterdir()) == []
    # With the bad files skipped, the same calls write their files.
    assert pp.write_table(mixed, "countries", out / "t.csv", errors="skip") > 0
    assert sorted(p.name for p in out.iterdir()) == ["t.csv"]


def test_unknown_table_and_format(tmp_path: Path) -> None:
    with pytest.raises(pp.PetitionError, match="expected a table, one of petitions, "):
        list(pp.to_records(REPORTS, "signatures"))
    with pytest.raises(pp.PetitionError, match="cannot tell the format"):
        pp.write_table(REPORTS, "countries", tmp_path / "t.xlsx")


# -- optional extras -------------------------------------------------------------------------


def test_importing_the_package_imports_no_extra() -> None:
    code = (
        "import sys, petition_parser\n"
        "heavy = {'pyarrow', 'pandas', 'polars', 'dask'} & {m.split('.')[0] for m in sys.modules}\n"
        "print(sorted(heavy))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("module", "call", "extra"),
    [
        ("pyarrow", lambda: pp.to_arrow(EXAMPLES, "countries"), "arrow"),
        ("pandas", lambda: pp.to_pandas(EXAMPLES, "countries"), "pandas"),
        ("polars", lambda: pp.to_polars(EXAMPLES, "countries"), "polars"),
    ],
)
def test_a_missing_extra_names_itself(
    module: str, call: Any, extra: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, module, None)  # "import module" now fails
    with pytest.raises(ImportError, match=rf"pip install 'petition-parser\[{extra}\]'"):
        call()


# -- files and bytes ---------------------------------------------------------------------------


def test_parse_takes_bytes_and_parse_file_a_binary_file(tmp_path: Path) -> None:
    text = read_exact(EXAMPLES[0])
    petition = pp.parse(text)
    assert pp.parse(text.encode()) == petition
    with open(EXAMPLES[0], "rb") as f:
        assert pp.parse_file(f) == petition
    bom = tmp_path / "bom.md"
    bom.write_bytes(b"\xef\xbb\xbf" + text.encode())
    assert pp.parse_file(bom) == petition
    latin = tmp_path / "latin.md"
    latin.write_bytes(text.replace("Norway", "Norvège").encode("latin-1"))
    assert pp.parse_file(latin, encoding="latin-1").country("Norvège") is not None
    with pytest.raises(pp.PetitionParseError, match="expected UTF-8 text") as info:
        pp.parse_file(latin)
    assert info.value.file == str(latin)


# -- display -------------------------------------------------------------------------------------


def test_repr_is_short_and_html_is_a_summary() -> None:
    petition = pp.parse(read_exact(ROOT / "examples" / "full-size.md"))
    text = repr(petition)
    assert len(text) < 300
    assert text.startswith(f"<Petition {petition.petition_id} ")
    assert f"{petition.signature_count:,} signatures" in text
    assert f"{len(petition.signatures_by_constituency)} constituencies" in text
    html = petition._repr_html_()
    assert "<table" in html
    assert len(html) < 4000
    assert petition.action.replace("&", "&amp;")[:20] in html


def test_key_is_unique_and_utc_times_are_aware() -> None:
    arrow = pp.to_arrow(REPORTS, "petitions")
    keys = list(
        zip(arrow["petition_id"].to_pylist(), arrow["refreshed_at"].to_pylist(), strict=True)
    )
    assert len(set(keys)) == len(keys)
    opened = [t for t in arrow["opened_at"].to_pylist() if t is not None]
    assert opened
    assert all(t.tzinfo is not None and t.utcoffset() == timezone.utc.utcoffset(t) for t in opened)
    assert CORPUS  # the path is configured (the corpus itself may be absent)


def test_docs_print_the_declared_schemas() -> None:
    text = (ROOT / "docs" / "tables.md").read_text(encoding="utf-8")
    for table, columns in SCHEMAS.items():
        assert f"### `{table}`\n\nKey: `({', '.join(SCHEMA_KEYS[table])})`." in text
        for c in columns:
            null = "yes" if c.nullable else "no"
            assert f"| `{c.name}` | {c.type} | {null} | {c.doc} |" in text


def test_a_workers_batch_equals_the_one_process_table() -> None:
    for table in TABLES:
        snapshots = [
            snapshot_columns(Snapshot.of(pp.parse_file(path)), table, str(path))
            for path in EXAMPLES
        ]
        assert batch_of(table, snapshots).equals(arrow_table(table, snapshots).to_batches()[0])
        empty = batch_of(table, [])
        assert (empty.num_rows, empty.schema) == (0, arrow_table(table, []).schema)


# -- latest ----------------------------------------------------------------------------------


def _latest_archive(folder: Path) -> list[Path]:
    """Snapshots of three petitions; which is newest is written in their counts."""
    small = pp.parse_file(EXAMPLES[-1])
    early = pp.parse(DATA_LAYOUTS.joinpath("report-B.md").read_text("utf-8"))
    updated = early.history.updated_at
    assert updated is not None

    def current(pid: int, count: int, refreshed: datetime) -> pp.Petition:
        url = small.url.replace(str(small.petition_id), str(pid))
        return attrs.evolve(
            small, petition_id=pid, url=url, signature_count=count, refreshed_at=refreshed
        )

    def layout_b(pid: int, count: int, hours: int) -> pp.Petition:
        history = attrs.evolve(early.history, updated_at=updated + timedelta(hours=hours))
        url = early.url.replace(str(early.petition_id), str(pid))
        return attrs.evolve(early, petition_id=pid, url=url, signature_count=count, history=history)

    snapshots = {
        "a-new.md": current(700002, 900, datetime(2031, 6, 2, 10, 0, 0)),
        "a-old.md": current(700002, 870, datetime(2031, 6, 1, 18, 30, 5)),
        # Only early layouts (no refresh time): a group-by on refreshed_at dropped it.
        "b-1.md": layout_b(700010, 5_500_000, 2),
        "b-0.md": layout_b(700010, 5_400_000, 0),
        # The same time twice: the one read later wins.
        "c-1.md": current(700020, 10, datetime(2031, 6, 3, 9, 0, 0)),
        "c-2.md": current(700020, 11, datetime(2031, 6, 3, 9, 0, 0)),
    }
    for name, petition in snapshots.items():
        (folder / name).write_text(pp.render(petition), "utf-8")
    return sorted(folder.iterdir())


def test_latest_keeps_each_petitions_newest_snapshot(tmp_path: Path) -> None:
    paths = _latest_archive(tmp_path)
    rows = list(pp.to_records(paths, "petitions", latest=True))
    assert [(r["petition_id"], r["signature_count"]) for r in rows] == [
        (700002, 900),
        (700010, 5_500_000),
        (700020, 11),
    ]
    assert [r["source_path"] for r in rows] == [
        str(tmp_path / n) for n in ("a-new.md", "b-1.md", "c-2.md")
    ]
    # Every table keeps the same snapshots; workers and frames agree.
    import pandas as pd  # noqa: PLC0415

    countries = pp.to_pandas(paths, "countries", latest=True, workers=2)
    refreshed = [None if t is pd.NaT else str(t) for t in countries["refreshed_at"]]
    keys = zip(countries["petition_id"].tolist(), refreshed, strict=True)
    assert sorted(set(keys), key=str) == [
        (700002, "2031-06-02 10:00:00"),
        (700010, None),
        (700020, "2031-06-03 09:00:00"),
    ]
    assert pp.to_arrow(paths, "petitions", latest=True).num_rows == 3
    assert pp.to_polars(paths, "history", latest=True)["petition_id"].n_unique() == 3
    assert pp.write_table(paths, "petitions", tmp_path / "latest.csv", latest=True) == 3
    # The timeline's last snapshot of each petition is the same one.
    snapshots = pp.timeline(paths).records("snapshots")
    last = {r["petition_id"]: r["signature_count"] for r in snapshots}
    assert last == {r["petition_id"]: r["signature_count"] for r in rows} | {700020: 10}


def test_latest_from_the_command_line(tmp_path: Path) -> None:
    paths = _latest_archive(tmp_path)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "petition_parser",
            "table",
            "petitions",
            *map(str, paths),
            "--latest",
            "-f",
            "ndjson",
            "-j",
            "2",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    got = [json.loads(line) for line in done.stdout.splitlines()]
    assert [(r["petition_id"], r["signature_count"]) for r in got] == [
        (700002, 900),
        (700010, 5_500_000),
        (700020, 11),
    ]
    assert done.stderr == "6 files, 6 parsed, 0 failed\n"


def test_parquet_stores_times_as_milliseconds_as_documented(tmp_path: Path) -> None:
    import pyarrow.parquet as pq  # noqa: PLC0415

    pp.write_table(EXAMPLES, "history", tmp_path / "h.parquet")
    schema = pq.read_table(tmp_path / "h.parquet").schema
    assert (str(schema.field("refreshed_at").type), str(schema.field("at").type)) == (
        "timestamp[ms]",
        "timestamp[ms, tz=UTC]",
    )
    back = pq.read_table(tmp_path / "h.parquet").cast(pp.to_arrow(EXAMPLES, "history").schema)
    assert back.equals(pp.to_arrow(EXAMPLES, "history"))
    assert "stored as\n  milliseconds" in (ROOT / "docs" / "tables.md").read_text("utf-8")
