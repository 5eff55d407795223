"""The installed ``petition-parser`` command, run as a subprocess on real files."""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import shlex
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

import petition_parser as pp
from petition_parser._cli import main

from .conftest import DATA, ROOT, corpus_files, read_exact

EXAMPLES = sorted((ROOT / "examples").glob("*.md"))
REPORTS = corpus_files("reports/*.md") + corpus_files("pairs/*[0-9].md") or EXAMPLES
INDEX_PAGES = corpus_files("index/*.md") or sorted((DATA / "index" / "valid").glob("*.md"))
#: The interpreter under test runs the command, never whichever petition-parser is first
#: on PATH (that can be another install).
EXE = [sys.executable, "-m", "petition_parser"]


def run(
    *args: str, stdin: bytes | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [*EXE, *args], input=stdin, capture_output=True, check=False, cwd=cwd, timeout=120
    )


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """A folder of copies of real reports, one in a subfolder."""
    folder = tmp_path / "archive"
    (folder / "2019").mkdir(parents=True)
    for path in REPORTS[:-1]:
        shutil.copy(path, folder / path.name)
    shutil.copy(REPORTS[-1], folder / "2019" / REPORTS[-1].name)
    return folder


def _in_order(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.md"))


# -- sources ------------------------------------------------------------------------------


def test_parse_a_directory_prints_ndjson_in_path_order(archive: Path) -> None:
    done = run("parse", str(archive))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.decode().splitlines()
    want = [pp.to_dict(pp.parse_file(p)) for p in _in_order(archive)]
    assert [json.loads(line) for line in lines] == want
    assert done.stderr.decode() == f"{len(want)} files, {len(want)} parsed, 0 failed\n"


def test_parse_a_quoted_glob_and_stdin(archive: Path) -> None:
    by_glob = run("parse", str(archive / "**" / "*.md"), "-q")
    assert by_glob.returncode == 0
    assert len(by_glob.stdout.splitlines()) == len(REPORTS)
    one = REPORTS[0]
    by_stdin = run("parse", "-", stdin=one.read_bytes())
    assert by_stdin.returncode == 0, by_stdin.stderr
    assert json.loads(by_stdin.stdout) == pp.to_dict(pp.parse_file(one))
    assert by_stdin.stderr == b""  # one file, no trouble: no summary


def test_one_or_many_inputs_give_the_same_shape() -> None:
    one = run("parse", str(EXAMPLES[0]))
    two = run("parse", *map(str, EXAMPLES))
    assert one.stdout.splitlines()[0] == two.stdout.splitlines()[0]
    pretty = run("parse", "--pretty", str(EXAMPLES[0]))
    assert json.loads(pretty.stdout) == json.loads(one.stdout)
    assert pretty.stdout.startswith(b'{\n  "petition_id"')
    pretty_many = run("parse", "--pretty", "-q", *map(str, EXAMPLES))
    assert json.loads(pretty_many.stdout) == [json.loads(line) for line in two.stdout.splitlines()]


def test_bad_files_are_named_and_the_rest_written(archive: Path) -> None:
    small = read_exact(DATA / "valid" / "small.md")
    (archive / "a-broken.md").write_text(small.replace("| Opened |", "| Opend |"), "utf-8")
    (archive / "b-empty.md").write_bytes(b"")
    (archive / "c-binary.md").write_bytes(bytes(range(256)))
    (archive / "d-latin1.md").write_bytes(small.replace("Norway", "Norvège").encode("latin-1"))
    done = run("parse", str(archive), "-j", "2")
    assert done.returncode == 1
    assert len(done.stdout.splitlines()) == len(REPORTS)
    err = done.stderr.decode().splitlines()
    assert err[0].startswith(f"{archive / 'a-broken.md'}:23:3: expected one of")
    named = [line.split(":", 1)[0] for line in err if line.startswith(str(archive))]
    assert [Path(n).name for n in named] == [
        "a-broken.md",
        "b-empty.md",
        "c-binary.md",
        "d-latin1.md",
    ]
    total = len(REPORTS) + 4
    assert err[-1] == f"{total} files, {len(REPORTS)} parsed, 4 failed"
    assert b"Traceback" not in done.stderr
    fast = run("parse", str(archive), "--fail-fast", "-j", "1")
    assert fast.returncode == 1
    before = [p for p in _in_order(archive) if p < archive / "a-broken.md"]
    assert len(fast.stdout.splitlines()) == len(before)  # the files before the first bad one
    assert fast.stderr.decode().count(str(archive)) == 1


def test_a_closed_stdout_ends_quietly(archive: Path) -> None:
    for i in range(30):
        shutil.copy(REPORTS[0], archive / f"copy-{i}.md")
    with subprocess.Popen(
        [*EXE, "parse", str(archive), "-q"], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    ) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        first = process.stdout.readline()
        process.stdout.close()
        err = process.stderr.read()
        status = process.wait(timeout=60)
    assert json.loads(first)["petition_id"] > 0
    assert status == 0
    assert err == b""
    api = DATA / "api" / "700003.json"
    piped = subprocess.run(
        f"{shlex.join(EXE)} from-api '{api}' --refreshed-at 2030-07-02T08:00:00 | head -c 10",
        shell=True,
        capture_output=True,
        check=False,
    )
    assert piped.stdout == read_exact(DATA / "api" / "700003.md").encode()[:10]
    assert piped.stderr == b""


def test_output_files_are_written_atomically(archive: Path, tmp_path: Path) -> None:
    (archive / "0-broken.md").write_text("# not a report\n", "utf-8")
    out = tmp_path / "out"
    out.mkdir()
    for args in (
        ["parse", "-o", str(out / "p.ndjson")],
        ["table", "countries", "-o", str(out / "c.csv")],
        ["table", "countries", "-o", str(out / "c.parquet")],
    ):
        done = run(*args, str(archive), "--fail-fast", "-j", "1")
        assert done.returncode == 1
    done = run("sqlite", str(out / "p.db"), str(archive), "--fail-fast", "-j", "1")
    assert done.returncode == 1
    assert list(out.iterdir()) == []
    kept_going = run("table", "countries", str(archive), "-o", str(out / "c.csv"), "-q")
    assert kept_going.returncode == 1  # the bad file is named; the good rows are written
    assert sorted(p.name for p in out.iterdir()) == ["c.csv"]


# -- tables, SQLite, render -------------------------------------------------------------------


def test_table_constituencies_csv_equals_the_library(archive: Path) -> None:
    done = run("table", "constituencies", str(archive), "-j", "2")
    assert done.returncode == 0, done.stderr
    read = list(csv.DictReader(io.StringIO(done.stdout.decode(), newline="")))
    want = list(pp.to_records(_in_order(archive), "constituencies"))
    assert len(read) == len(want)
    for got, row in zip(read, want, strict=True):
        assert got["petition_id"] == str(row["petition_id"])
        assert got["refreshed_at"] == row["refreshed_at"].isoformat()
        assert got["name"] == row["name"]
        assert got["mp"] == (row["mp"] or "")
        assert int(got["signature_count"]) == row["signature_count"]
        assert float(got["percentage"]) == row["percentage"]
        assert got["is_unknown"] == ("true" if row["is_unknown"] else "false")


def test_table_formats(archive: Path, tmp_path: Path) -> None:
    want = list(pp.to_records(_in_order(archive), "history"))
    as_json = json.loads(run("table", "history", str(archive), "-f", "json", "-q").stdout)
    ndjson = run("table", "history", str(archive), "-f", "ndjson", "-q").stdout.splitlines()
    assert as_json == [json.loads(line) for line in ndjson]
    assert [r["event"] for r in as_json] == [r["event"] for r in want]
    done = run("table", "history", str(archive), "-o", str(tmp_path / "h.parquet"), "-q")
    assert done.returncode == 0
    import pyarrow.parquet as pq  # noqa: PLC0415

    assert pq.read_table(tmp_path / "h.parquet").to_pylist() == want
    needs_file = run("table", "history", str(archive), "-f", "parquet")
    assert needs_file.returncode == 2
    assert b"-o FILE.parquet" in needs_file.stderr


def test_index_table_reads_the_index_pages_of_a_mixed_folder(tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    for path in [*INDEX_PAGES, *EXAMPLES]:
        shutil.copy(path, folder / path.name)
    done = run("table", "index", str(folder))
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout.decode(), newline="")))
    assert len(rows) == len(list(pp.to_records(INDEX_PAGES, "index")))
    assert done.stderr.decode().endswith(
        f", 0 failed, {len(EXAMPLES)} skipped (not of this kind)\n"
    )


def test_sqlite_twice_gives_the_same_counts(archive: Path, tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    first = run("sqlite", str(db), str(archive))
    assert first.returncode == 0, first.stderr
    con = sqlite3.connect(db)
    counts = [
        con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("petitions", "constituencies")
    ]
    con.close()
    assert counts[0] == len(REPORTS)
    assert first.stdout.decode().startswith(f"{len(REPORTS)} petitions, ")
    second = run("sqlite", str(db), str(archive))
    assert second.stdout.decode().startswith(
        "0 petitions, 0 countries, 0 constituencies, 0 history"
    )
    con = sqlite3.connect(db)
    again = [
        con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("petitions", "constituencies")
    ]
    con.close()
    assert again == counts


def test_parse_then_render_gives_the_inputs_back(archive: Path) -> None:
    paths = _in_order(archive)
    parsed = run("parse", str(archive), "-q")
    rendered = run("render", stdin=parsed.stdout)
    assert rendered.returncode == 0, rendered.stderr
    assert rendered.stdout == b"".join(p.read_bytes() for p in paths)
    index = INDEX_PAGES[0]
    back = run("render", stdin=run("parse", str(index)).stdout)
    assert back.stdout == index.read_bytes()


def test_render_names_a_bad_document(tmp_path: Path) -> None:
    data = pp.to_dict(pp.parse_file(EXAMPLES[0]))
    data["signature_count"] = "many"
    bad = tmp_path / "bad.ndjson"
    bad.write_text(json.dumps(pp.to_dict(pp.parse_file(EXAMPLES[0]))) + "\n" + json.dumps(data))
    done = run("render", str(bad))
    assert done.returncode == 1
    assert done.stderr.decode().startswith(f"{bad}:2: at $.signature_count: expected an integer")


# -- from-api, check, schema ------------------------------------------------------------------


def test_from_api_reads_stdin_and_iso_times() -> None:
    api = (DATA / "api" / "700003.json").read_bytes()
    want = read_exact(DATA / "api" / "700003.md").encode()
    for when in ("2030-07-02T08:00:00", "2030-07-02 08:00:00"):
        done = run("from-api", "-", "--refreshed-at", when, stdin=api)
        assert done.returncode == 0, done.stderr
        assert done.stdout == want
    bad = run("from-api", "-", "--refreshed-at", "yesterday", stdin=api)
    assert bad.returncode == 2
    assert b"expected a local time like 2022-03-26T14:00:15" in bad.stderr
    broken = run("from-api", "-", stdin=b'{"links": 5}')
    assert broken.returncode == 1
    assert broken.stderr.decode().startswith("<stdin>: at $.links")


def test_check_text_and_json(tmp_path: Path) -> None:
    bad = DATA / "findings" / "percentage.md"
    text = run("check", str(EXAMPLES[0]), str(bad), "-q")
    assert text.returncode == 1
    assert text.stdout.decode() == f"{bad}:32: percentage 'Norway': 2.42%, but 21 of 870 is 2.41%\n"
    as_json = json.loads(run("check", str(bad), "-f", "json").stdout)
    assert as_json == [
        {
            "file": str(bad),
            "line": 32,
            "code": "percentage",
            "severity": "error",
            "message": "'Norway': 2.42%, but 21 of 870 is 2.41%",
            "section": "Signatures by Country",
            "row": 2,
        }
    ]
    warned = run("check", str(DATA / "findings" / "history-order.md"))
    assert warned.returncode == 0
    assert b"history-order (warning)" in warned.stdout


@pytest.mark.parametrize("kind", ["petition", "index"])
def test_schema_validates_every_output(kind: str) -> None:
    schema = json.loads(run("schema", kind).stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    if kind == "petition":
        files = [*REPORTS, *EXAMPLES, *sorted((DATA / "valid").glob("*.md"))]
    else:
        files = [*INDEX_PAGES, *sorted((DATA / "index" / "valid").glob("*.md"))]
    done = run("parse", *map(str, files), "-q")
    assert done.returncode == 0, done.stderr
    documents = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(documents) == len(files)
    for document in documents:
        validator.validate(document)
    wrong = dict(documents[0])
    wrong.pop(next(iter(wrong)))
    assert not validator.is_valid(wrong)


# -- manners ----------------------------------------------------------------------------------


def test_version_help_and_usage_errors() -> None:
    version = run("--version")
    assert version.stdout.decode() == f"petition-parser, version {pp.__version__}\n"
    for command in ("parse", "table", "sqlite", "check", "render", "from-api", "schema"):
        done = run(command, "--help")
        assert done.returncode == 0
        assert b"Example" in done.stdout, command
    assert run("parse").returncode == 2
    assert run("table", "signatures", "x.md").returncode == 2
    assert run("frobnicate").returncode == 2


def test_progress_bar_only_on_a_terminal(tmp_path: Path) -> None:
    # More than 5 files (the bar's threshold), whether or not the corpus is here.
    archive = tmp_path / "archive"
    archive.mkdir()
    for i in range(8):
        shutil.copy(EXAMPLES[i % len(EXAMPLES)], archive / f"{i}.md")
    piped = run("parse", str(archive))
    assert b"reading" not in piped.stderr
    main_fd, child_fd = pty.openpty()
    with subprocess.Popen(
        [*EXE, "parse", str(archive), "-j", "1"],
        stdout=subprocess.DEVNULL,
        stderr=child_fd,
    ) as process:
        os.close(child_fd)
        status = process.wait(timeout=60)
        seen = b""
        while True:
            try:
                chunk = os.read(main_fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    os.close(main_fd)
    assert status == 0
    assert b"reading" in seen


def test_python_dash_m_and_main_in_process(capsys: pytest.CaptureFixture[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "petition_parser", "parse", str(EXAMPLES[0])],
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0
    assert main(["parse", "-j", "1", str(EXAMPLES[0])]) == 0
    assert json.loads(capsys.readouterr().out) == json.loads(done.stdout)
