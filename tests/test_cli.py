from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import petition_parser as pp
from petition_parser._cli import main

from .conftest import DATA, ROOT, read_exact

SMALL = ROOT / "examples" / "small.md"
FULL = ROOT / "examples" / "full-size.md"


def test_parse_one_file_prints_its_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(SMALL)]) == 0
    assert json.loads(capsys.readouterr().out) == pp.to_dict(pp.parse_file(SMALL))


def test_parse_several_files_prints_an_array(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(SMALL), str(FULL)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [p["petition_id"] for p in out] == [700002, 700001]


def test_errors_go_to_stderr_as_file_line_col(capsys: pytest.CaptureFixture[str]) -> None:
    bad = DATA / "invalid" / "unknown-event.md"
    assert main(["parse", str(SMALL), str(bad)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    first = captured.err.splitlines()[0]
    assert first.startswith(f"{bad}:23:3: expected one of 'Opened'")


def test_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["parse", str(tmp_path / "nope.md")]) == 1
    assert "No such file" in capsys.readouterr().err


def test_python_dash_m() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "petition_parser", "parse", str(SMALL)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["signature_count"] == 870


def test_examples_round_trip() -> None:
    for path in (SMALL, FULL):
        text = read_exact(path)
        assert pp.render(pp.parse(text)) == text
    assert len(pp.parse_file(FULL).signatures_by_constituency) == 651


def test_check_clean_files_prints_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    index = DATA / "index" / "valid" / "top-3-open.md"
    assert main(["check", str(SMALL), str(FULL), str(index)]) == 0
    assert capsys.readouterr().out == ""


def test_check_prints_findings_and_fails_on_errors(capsys: pytest.CaptureFixture[str]) -> None:
    bad = DATA / "findings" / "percentage.md"
    assert main(["check", str(SMALL), str(bad)]) == 1
    assert capsys.readouterr().out == (
        f"{bad}:32: percentage 'Norway': 2.42%, but 21 of 870 is 2.41%\n"
    )


def test_check_warnings_do_not_fail(capsys: pytest.CaptureFixture[str]) -> None:
    warned = DATA / "findings" / "history-order.md"
    assert main(["check", str(warned)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"{warned}:23: history-order (warning) Opened (2031-02-01 09:15:42)")


def test_check_reports_parse_errors(capsys: pytest.CaptureFixture[str]) -> None:
    bad = DATA / "invalid" / "unknown-event.md"
    assert main(["check", str(bad)]) == 1
    assert capsys.readouterr().err.startswith(f"{bad}:23:3: expected one of")


def test_from_api_writes_the_report(capsys: pytest.CaptureFixture[str]) -> None:
    doc = DATA / "api" / "700003.json"
    assert main(["from-api", str(doc), "--refreshed-at", "2030-07-02 08:00:00"]) == 0
    assert capsys.readouterr().out == read_exact(DATA / "api" / "700003.md")


def test_from_api_defaults_to_now(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["from-api", str(DATA / "api" / "700003.json")]) == 0
    petition = pp.parse(capsys.readouterr().out)
    assert petition.refreshed_at.year >= 2026


def test_from_api_bad_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    doc = tmp_path / "bad.json"
    doc.write_text('{"links": 5}')
    assert main(["from-api", str(doc)]) == 1
    assert capsys.readouterr().err.startswith(f"{doc}: at $.links")
