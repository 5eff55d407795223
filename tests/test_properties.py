"""Round trips, for every petition the format can represent."""

from __future__ import annotations

from hypothesis import given

import petition_parser as pp

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
def test_windows_line_endings_read_the_same(petition: pp.Petition) -> None:
    text = pp.render(petition)
    assert pp.parse(text.replace("\n", "\r\n")) == petition
    assert pp.parse("\ufeff" + text) == petition
