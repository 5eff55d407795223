"""render refuses what the format cannot hold, instead of writing a file that reads back
differently."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import attrs
import pytest

import petition_parser as pp

from .conftest import DATA, read_exact

BASE = pp.parse(read_exact(DATA / "valid" / "small.md"))
ROW = BASE.signatures_by_country[0]
SEAT = BASE.signatures_by_constituency[0]


def _with(**changes: Any) -> pp.Petition:
    return attrs.evolve(BASE, **changes)


@pytest.mark.parametrize(
    ("petition", "field", "gist"),
    [
        (_with(action="two\nlines"), "action", "line break"),
        (_with(action="carriage\rreturn"), "action", "line break"),
        (_with(background="a\n\n### Signatures\nb"), "background", "'### Signatures'"),
        (_with(background="### Signatures\n"), "background", "'### Signatures'"),
        (
            _with(government_response=pp.GovernmentResponse("one\n\ntwo", "d")),
            "government_response.summary",
            "blank line",
        ),
        (
            _with(government_response=pp.GovernmentResponse("ends\n", "d")),
            "government_response.summary",
            "blank line",
        ),
        (
            _with(government_response=pp.GovernmentResponse("s", "x\n\n### History\ny")),
            "government_response.details",
            "'### History'",
        ),
        (
            _with(signatures_by_country=(attrs.evolve(ROW, name="a | b"),)),
            "signatures_by_country[0].name",
            "' | '",
        ),
        (
            _with(signatures_by_country=(ROW, attrs.evolve(ROW, name="ends |"))),
            "signatures_by_country[1].name",
            "' | '",
        ),
        (
            _with(signatures_by_country=(attrs.evolve(ROW, name="a\nb"),)),
            "signatures_by_country[0].name",
            "line break",
        ),
        (
            _with(signatures_by_country=(attrs.evolve(ROW, percentage=1.234),)),
            "signatures_by_country[0].percentage",
            "two decimals",
        ),
        (
            _with(signatures_by_country=(attrs.evolve(ROW, percentage=float("nan")),)),
            "signatures_by_country[0].percentage",
            "two decimals",
        ),
        (
            _with(signatures_by_constituency=(attrs.evolve(SEAT, mp="None"),)),
            "signatures_by_constituency[0].mp",
            "vacant",
        ),
        (
            _with(signatures_by_constituency=(attrs.evolve(SEAT, mp="x | y"),)),
            "signatures_by_constituency[0].mp",
            "' | '",
        ),
        (_with(url="https://example.com/petitions/1"), "url", "petition.parliament.uk"),
        (_with(petition_id=5), "petition_id", "does not match"),
        (_with(refreshed_at=datetime(2020, 1, 1, tzinfo=timezone.utc)), "refreshed_at", "naive"),
        (_with(refreshed_at=datetime(2020, 1, 1, 0, 0, 0, 5)), "refreshed_at", "whole seconds"),
        (
            _with(history=pp.History(created_at=datetime(2020, 1, 1))),
            "history.created_at",
            "timezone-aware",
        ),
        (
            _with(history=pp.History(opened_at=datetime(2020, 1, 1, 0, 0, 0, 1, timezone.utc))),
            "history.opened_at",
            "whole seconds",
        ),
    ],
)
def test_unrepresentable(petition: pp.Petition, field: str, gist: str) -> None:
    with pytest.raises(pp.UnrepresentableError) as info:
        pp.render(petition)
    assert info.value.field == field
    assert gist in str(info.value)
    assert isinstance(info.value, ValueError)


def test_history_in_another_zone_is_written_in_utc() -> None:
    bst = timezone(timedelta(hours=1))
    petition = _with(history=pp.History(created_at=datetime(2020, 6, 1, 13, 0, 0, tzinfo=bst)))
    assert "| Created | 2020-06-01 | 12:00:00 |" in pp.render(petition)
    assert pp.parse(pp.render(petition)) == petition


def test_render_writes_the_format() -> None:
    text = pp.render(BASE)
    assert text.startswith(f"# {BASE.action}\n\n### Background\n\n{BASE.background}\n\n")
    assert "\n\n**870 signatures**\n\n" in text
    assert text.endswith(" |\n")
    assert not text.endswith("\n\n")
