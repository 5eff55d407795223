"""Read UK Parliament petition reports into typed attrs objects, and write them back.

>>> import petition_parser as pp
>>> petition = pp.parse_file("examples/small.md")        # doctest: +SKIP
>>> pp.render(petition) == open("examples/small.md", newline="").read()  # doctest: +SKIP
True
"""

from __future__ import annotations

from ._convert import from_dict, from_json, to_dict, to_json
from ._errors import PetitionParseError, UnrepresentableError
from ._model import (
    ConstituencySignatures,
    CountrySignatures,
    GovernmentResponse,
    History,
    Petition,
)
from ._parser import parse, parse_file
from ._render import render

__version__ = "0.1.0"

__all__ = [
    "ConstituencySignatures",
    "CountrySignatures",
    "GovernmentResponse",
    "History",
    "Petition",
    "PetitionParseError",
    "UnrepresentableError",
    "__version__",
    "from_dict",
    "from_json",
    "parse",
    "parse_file",
    "render",
    "to_dict",
    "to_json",
]
