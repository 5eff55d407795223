"""The public surface: written once (or tested equal), named as users import it, symmetric."""

from __future__ import annotations

import ast
import pickle

import pytest

import petition_parser as pp

from .conftest import DATA, ROOT, read_exact


def test_the_three_lists_of_public_names_agree() -> None:
    source = (ROOT / "src" / "petition_parser" / "__init__.py").read_text("utf-8")
    tree = ast.parse(source)
    homes = next(
        ast.literal_eval(node.value)
        for node in tree.body
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "_HOMES"
    )
    checked = next(node for node in tree.body if isinstance(node, ast.If))
    imported = {
        alias.name: (node.module or "").lstrip(".")
        for node in checked.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    assert imported == homes
    assert sorted(pp.__all__) == sorted(["__version__", *homes])
    for name in homes:
        assert getattr(pp, name) is not None


@pytest.mark.parametrize(
    "name",
    [n for n in pp.__all__ if isinstance(getattr(pp, n), type)],
)
def test_public_classes_are_named_as_users_import_them(name: str) -> None:
    cls = getattr(pp, name)
    assert cls.__module__ == "petition_parser"
    assert repr(cls) == f"<class 'petition_parser.{name}'>"


def test_a_petition_pickles_by_its_public_name() -> None:
    petition = pp.parse(read_exact(DATA / "valid" / "small.md"))
    data = pickle.dumps(petition)
    assert b"petition_parser._model" not in data  # the class is found by its public name
    assert pickle.loads(data) == petition


def test_every_class_with_a_dict_form_round_trips() -> None:
    petition = pp.parse(read_exact(DATA / "valid" / "small.md"))
    index = pp.parse_index(read_exact(DATA / "index" / "valid" / "top-3-open.md"))
    values: list[object] = [
        petition,
        index,
        petition.history,
        petition.signatures_by_country[0],
        petition.signatures_by_constituency[0],
        index.rows[0],
        index.source,
    ]
    for value in values:
        cls = type(value)
        assert pp.from_dict(pp.to_dict(value), cls) == value, cls
        assert pp.from_json(pp.to_json(value), cls) == value, cls
    assert pp.from_dict(pp.to_dict(petition)) == petition  # a Petition by default
    with pytest.raises(pp.PetitionError, match="expected a value of a class with a dict form"):
        pp.to_dict(object())
    with pytest.raises(pp.PetitionError, match="found Timeline"):
        pp.from_dict({}, pp.Timeline)


def test_a_raised_error_is_never_changed() -> None:
    text = read_exact(DATA / "valid" / "small.md").replace("| Opened |", "| Opend |")
    with pytest.raises(pp.PetitionParseError) as info:
        pp.parse(text)
    first = info.value
    named = first.in_file("archive/700002.md")
    assert (first.file, named.file) == (None, "archive/700002.md")
    assert str(first).startswith("line 23, column 3 (History): ")
    assert str(named).startswith("archive/700002.md:23:3: ")
    assert (named.line, named.column, named.message) == (first.line, first.column, first.message)
    assert pickle.loads(pickle.dumps(named)).describe() == named.describe()
