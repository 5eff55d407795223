"""validate / validate_index: every check trips on a file made for it, and nothing else does."""

from __future__ import annotations

from pathlib import Path

import pytest

import petition_parser as pp
from petition_parser._sources import is_index_page as _is_index_page

from .conftest import DATA, ROOT, corpus_files, needs_corpus, read_exact

FINDINGS = DATA / "findings"
EXPECTED = dict(
    line.split(": ", 1)
    for line in (FINDINGS / "expected.txt").read_text().splitlines()
    if not line.startswith("#")
)


def is_index_page(text: str) -> bool:
    return _is_index_page(text.encode())


def _findings(text: str) -> list[pp.Finding]:
    if is_index_page(text):
        return pp.validate_index(pp.parse_index(text))
    return pp.validate(pp.parse(text))


def _row_name(text: str, section: str | None, row: int) -> str:
    if is_index_page(text):
        return pp.parse_index(text).rows[row - 1].name
    petition = pp.parse(text)
    if section == "History":
        return [line for line in text.split("\n") if line.startswith("| ")][1 + row].split(" | ")[0]
    rows = (
        petition.signatures_by_country
        if section == "Signatures by Country"
        else petition.signatures_by_constituency
    )
    return rows[row - 1].name


def test_every_code_has_a_file_that_trips_it() -> None:
    assert {expected.split()[0] for expected in EXPECTED.values()} == set(pp.CODES)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_file_trips_its_check(name: str) -> None:
    text = read_exact(FINDINGS / name)
    findings = _findings(text)
    assert sorted({f"{f.code} {f.line}" for f in findings}) == [EXPECTED[name]]
    for finding in findings:
        assert finding.severity == pp.CODES[finding.code][0]
        assert finding.message
    # The line named is the one the finding is about: it holds that row's name.
    line = text.split("\n")[findings[0].line - 1] if findings[0].line else ""
    row = findings[0].row
    if row is not None:
        assert _row_name(text, findings[0].section, row) in line


# Examples and fixtures that are meant to add up (the parser's odd-case fixtures are not).
CLEAN = [
    ROOT / "examples" / "small.md",
    ROOT / "examples" / "full-size.md",
    DATA / "valid" / "small.md",
    DATA / "valid" / "crlf.md",
    DATA / "api" / "700003.md",
    *sorted((DATA / "index" / "valid").glob("*.md")),
]


@pytest.mark.parametrize("path", CLEAN, ids=lambda p: p.name)
def test_our_own_files_validate_clean(path: Path) -> None:
    assert _findings(read_exact(path)) == []


CORPUS = corpus_files("reports/*.md") + corpus_files("pairs/*[0-9].md") + corpus_files("index/*.md")


@needs_corpus
@pytest.mark.parametrize("path", CORPUS, ids=[p.name for p in CORPUS])
def test_every_corpus_file_validates_clean(path: Path) -> None:
    assert _findings(read_exact(path)) == []


def test_finding_text() -> None:
    findings = _findings(read_exact(FINDINGS / "percentage.md"))
    assert str(findings[0]) == ("line 32: percentage 'Norway': 2.42%, but 21 of 870 is 2.41%")
    assert findings[0].section == "Signatures by Country"
    assert findings[0].row == 2
