"""Every real report in ../shared/corpus: parsed values against values read independently
(plain string splitting, no parser), byte-identical render, dict and JSON round trips."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path

import pytest

import petition_parser as pp

from .conftest import corpus_files, needs_corpus, read_exact

REPORTS = corpus_files("reports/*.md") + corpus_files("pairs/*[0-9].md")

pytestmark = needs_corpus


def test_the_corpus_is_there() -> None:
    assert len(REPORTS) >= 23


def _between(text: str, start: str, end: str) -> str:
    i = text.index(start) + len(start)
    return text[i : text.index(end, i)]


def _rows(text: str, heading: str) -> list[list[str]]:
    block = text.split(f"### {heading}\n\n", 1)[1].split("\n\n", 1)[0]
    return [line[2:-2].split(" | ") for line in block.strip("\n").split("\n")[2:]]


@pytest.mark.parametrize("path", REPORTS, ids=[p.name for p in REPORTS])
def test_report(path: Path) -> None:
    text = read_exact(path)
    p = pp.parse(text)

    assert p.action == text.split("\n", 1)[0][2:]
    assert p.background == _between(text, "### Background\n\n", "\n\n### Signatures\n")
    total = re.search(r"^\*\*([0-9,]+) signatures\*\*$", text, re.M)
    assert total is not None
    assert p.signature_count == int(total.group(1).replace(",", ""))
    url = re.search(r"^Data taken from \[(.*)\]\((.*)\)$", text, re.M)
    assert url is not None
    assert url.group(1) == url.group(2) == p.url
    assert p.petition_id == int(p.url.rsplit("/", 1)[1])
    assert p.archived == ("/archived/" in p.url)
    stamp = _between(text, "Last refreshed ", "\n")
    assert p.refreshed_at == datetime.strptime(stamp, "%Y-%m-%d %H:%M:%S")

    if "### Government Response\n" in text:
        body = _between(text, "### Government Response\n\n", "\n\n### History\n")
        assert p.government_response is not None
        assert p.government_response.summary + "\n\n" + p.government_response.details == body
        assert "\n\n" not in p.government_response.summary
    else:
        assert p.government_response is None

    fields = {
        "Updated": "updated_at",
        "Government Response": "government_response_at",
        "Debate Threshold Reached": "debate_threshold_reached_at",
        "Response Threshold Reached": "response_threshold_reached_at",
        "Opened": "opened_at",
        "Moderation Threshold Reached": "moderation_threshold_reached_at",
        "Created": "created_at",
    }
    rows = {fields[label]: f"{d}T{t}+00:00" for label, d, t in _rows(text, "History")}
    for name in fields.values():
        value = getattr(p.history, name)
        assert (None if value is None else value.isoformat()) == rows.get(name)
    assert p.history.created_at is not None
    assert p.history.created_at.tzinfo == timezone.utc

    countries = _rows(text, "Signatures by Country")
    assert [
        (str(r.rank), r.name, f"{r.signature_count:,}", f"{r.percentage:.2f}")
        for r in p.signatures_by_country
    ] == [tuple(c) for c in countries]
    constituencies = _rows(text, "Signatures by Constituency")
    assert [
        (
            str(r.rank),
            r.name,
            "None" if r.mp is None else r.mp,
            f"{r.signature_count:,}",
            f"{r.percentage:.2f}",
        )
        for r in p.signatures_by_constituency
    ] == [tuple(c) for c in constituencies]
    # The tables add up the way the reporting script made them.
    assert sum(r.signature_count for r in p.signatures_by_country) == p.signature_count
    assert sum(r.signature_count for r in p.signatures_by_constituency) == p.uk_signature_count

    assert pp.render(p) == text
    assert pp.from_dict(pp.to_dict(p)) == p
    assert pp.from_json(pp.to_json(p)) == p


@pytest.mark.parametrize("path", REPORTS[:3], ids=[p.name for p in REPORTS[:3]])
def test_windows_copy_reads_the_same(path: Path) -> None:
    text = read_exact(path)
    assert pp.parse("\ufeff" + text.replace("\n", "\r\n")) == pp.parse(text)
