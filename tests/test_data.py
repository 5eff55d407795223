"""tests/data/{valid,invalid}: each valid report against its expected dict, each invalid one
against the line and the gist of its error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import petition_parser as pp

from .conftest import DATA, assert_invalid, read_exact

VALID = sorted((DATA / "valid").glob("*.md"))
INVALID = sorted((DATA / "invalid").glob("*.md"))


def test_fixtures_are_there() -> None:
    assert len(VALID) >= 7
    assert len(INVALID) >= 25


@pytest.mark.parametrize("path", VALID, ids=[p.stem for p in VALID])
def test_valid(path: Path) -> None:
    text = read_exact(path)
    petition = pp.parse(text)
    expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    assert pp.to_dict(petition) == expected
    if not text.startswith("\ufeff") and "\r\n" not in text.split("\n", 1)[0] + "\n":
        assert pp.render(petition) == text


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_invalid(path: Path) -> None:
    assert_invalid(path, pp.parse)


def test_windows_and_bom_forms_read_like_the_lf_form() -> None:
    lf = pp.parse(read_exact(DATA / "valid" / "small.md"))
    assert pp.parse(read_exact(DATA / "valid" / "crlf.md")) == lf
    assert pp.parse(read_exact(DATA / "valid" / "bom.md")) == lf


def test_parse_file_keeps_newlines_and_drops_the_bom(tmp_path: Path) -> None:
    text = read_exact(DATA / "valid" / "small.md")
    path = tmp_path / "r.md"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    petition = pp.parse_file(path)
    assert "\r\n" in petition.background
    assert pp.render(petition) == text


def test_parse_file_reports_bad_utf8_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "r.md"
    path.write_bytes(b"# Title\n\n### Background\n\nbad \xff byte\n")
    with pytest.raises(pp.PetitionParseError) as info:
        pp.parse_file(path)
    assert (info.value.line, info.value.column) == (5, 5)
    assert "expected UTF-8" in str(info.value)


def test_markdown_in_free_text_does_not_move_the_sections() -> None:
    petition = pp.parse(read_exact(DATA / "valid" / "markdown-in-background.md"))
    assert petition.background.startswith("```python\nunclosed fence\n")
    assert "### Signatures by Country\n" in petition.background
    assert petition.signature_count == 870
    assert len(petition.signatures_by_constituency) == 13


def test_the_error_is_a_value_error_with_its_place() -> None:
    with pytest.raises(ValueError, match=r"line 3, column 1 \(Background\)"):
        pp.parse("# T\n\n### Backgruond\n")


def test_bytes_read_as_utf8_and_other_input_is_a_type_error() -> None:
    text = read_exact(DATA / "valid" / "small.md")
    assert pp.parse(text.encode()) == pp.parse(text)
    with pytest.raises(TypeError):
        pp.parse(7)  # type: ignore[arg-type]
