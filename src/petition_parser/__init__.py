"""Read UK Parliament petition reports into typed attrs objects, and write them back.

>>> import petition_parser as pp
>>> petition = pp.parse_file("examples/small.md")        # doctest: +SKIP
>>> pp.render(petition) == open("examples/small.md", newline="").read()  # doctest: +SKIP
True
"""

from __future__ import annotations

from ._convert import from_dict, from_json, to_dict, to_json
from ._derive import from_api
from ._errors import PetitionParseError, UnrepresentableError
from ._index import IndexRow, Link, PetitionIndex, parse_index, render_index
from ._model import (
    ConstituencySignatures,
    CountrySignatures,
    GovernmentResponse,
    History,
    Petition,
)
from ._parser import parse, parse_file
from ._render import render
from ._validate import CODES, Finding, validate, validate_index
from .api import ApiPetition, dump_api, load_api

__version__ = "0.1.0"

__all__ = [
    "CODES",
    "ApiPetition",
    "ConstituencySignatures",
    "CountrySignatures",
    "Finding",
    "GovernmentResponse",
    "History",
    "IndexRow",
    "Link",
    "Petition",
    "PetitionIndex",
    "PetitionParseError",
    "UnrepresentableError",
    "__version__",
    "dump_api",
    "from_api",
    "from_dict",
    "from_json",
    "load_api",
    "parse",
    "parse_file",
    "parse_index",
    "render",
    "render_index",
    "to_dict",
    "to_json",
    "validate",
    "validate_index",
]
