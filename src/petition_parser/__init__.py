"""Read UK Parliament petition reports into typed attrs objects, and write them back.

>>> import petition_parser as pp
>>> petition = pp.parse_file("examples/small.md")        # doctest: +SKIP
>>> pp.render(petition) == open("examples/small.md", newline="").read()  # doctest: +SKIP
True
"""

from __future__ import annotations

__version__ = "0.2.0.dev0"  # the one place the version is written (pyproject reads it)

from ._convert import from_dict, from_json, to_dict, to_json
from ._derive import from_api
from ._errors import PetitionError, PetitionParseError, UnrepresentableError
from ._format import parse, parse_file, parse_index, render, render_index
from ._model import (
    ConstituencySignatures,
    CountrySignatures,
    GovernmentResponse,
    History,
    IndexRow,
    Link,
    Petition,
    PetitionIndex,
)
from ._sources import read_reports
from ._tables import to_arrow, to_pandas, to_polars, to_records, to_sqlite, write_table
from ._validate import CODES, Finding, validate, validate_index
from .api import ApiPetition, dump_api, load_api

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
    "PetitionError",
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
    "read_reports",
    "render",
    "render_index",
    "to_arrow",
    "to_dict",
    "to_json",
    "to_pandas",
    "to_polars",
    "to_records",
    "to_sqlite",
    "validate",
    "validate_index",
    "write_table",
]
