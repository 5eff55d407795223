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
