"""Round trips, for every petition the format can represent."""

from __future__ import annotations

from hypothesis import given

import petition_parser as pp
from petition_parser import _convert

from .strategies import petitions


@given(petitions())
def test_render_then_parse(petition: pp.Petition) -> None:
    text = pp.render(petition)
    assert pp.parse(text) == petition
    assert pp.render(pp.parse(text)) == text


@given(petitions())
def test_to_dict_then_from_dict(petition: pp.Petition) -> None:
    assert pp.from_dict(pp.to_dict(petition)) == petition


@given(petitions())
def test_to_json_then_from_json(petition: pp.Petition) -> None:
    assert pp.from_json(pp.to_json(petition)) == petition


@given(petitions())
def test_the_typed_json_reader_reads_every_petition(petition: pp.Petition) -> None:
    # from_json's fast path (msgspec): it must read what to_json writes itself, not
    # leave it to the general path (which the test above would also pass through).
    text = pp.to_json(petition)
    assert _convert._from_json_typed(text) == petition
    assert _convert._from_json_typed(text.encode()) == petition


@given(petitions())
def test_windows_line_endings_read_the_same(petition: pp.Petition) -> None:
    text = pp.render(petition)
    assert pp.parse(text.replace("\n", "\r\n")) == petition
    assert pp.parse("\ufeff" + text) == petition
