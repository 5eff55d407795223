"""Read UK Parliament petition reports into typed attrs objects, and write them back.

>>> import petition_parser as pp
>>> petition = pp.parse_file("examples/small.md")        # doctest: +SKIP
>>> pp.render(petition) == open("examples/small.md", newline="").read()  # doctest: +SKIP
True
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.2.0.dev0"  # the one place the version is written (pyproject reads it)

# Each public name, and the private module that defines it: the public surface.  They
# are imported when first used (PEP 562), so that "import petition_parser" stays cheap:
# the command line and worker processes load only what they use (docs/performance.md).
# Public classes say they are ``petition_parser.X`` (``__module__``), as users import them.
_HOMES = {
    "from_dict": "_convert",
    "from_json": "_convert",
    "to_dict": "_convert",
    "to_json": "_convert",
    "from_api": "_from_api",
    "index_from_api": "_from_api",
    "FetchError": "_errors",
    "PetitionError": "_errors",
    "PetitionParseError": "_errors",
    "UnrepresentableError": "_errors",
    "parse": "_format",
    "parse_file": "_format",
    "parse_index": "_format",
    "render": "_format",
    "render_index": "_format",
    "ConstituencySignatures": "_model",
    "CountrySignatures": "_model",
    "GovernmentResponse": "_model",
    "History": "_model",
    "IndexLayout": "_model",
    "IndexRow": "_model",
    "Link": "_model",
    "Petition": "_model",
    "PetitionIndex": "_model",
    "ReportLayout": "_model",
    "read_reports": "_sources",
    "diff": "_diff",
    "Diff": "_diff",
    "timeline": "_timeline",
    "Timeline": "_timeline",
    "build_site": "_pictures",
    "plot_constituencies": "_pictures",
    "plot_countries": "_pictures",
    "read_git": "_git",
    "GitVersion": "_git",
    "to_arrow": "_tables",
    "to_pandas": "_tables",
    "to_polars": "_tables",
    "to_records": "_tables",
    "to_sqlite": "_tables",
    "write_table": "_tables",
    "CODES": "_validate",
    "Finding": "_validate",
    "validate": "_validate",
    "validate_index": "_validate",
    "ApiPetition": "api",
    "dump_api": "api",
    "load_api": "api",
}

if TYPE_CHECKING:
    from ._convert import from_dict, from_json, to_dict, to_json
    from ._diff import Diff, diff
    from ._errors import FetchError, PetitionError, PetitionParseError, UnrepresentableError
    from ._format import parse, parse_file, parse_index, render, render_index
    from ._from_api import from_api, index_from_api
    from ._git import GitVersion, read_git
    from ._model import (
        ConstituencySignatures,
        CountrySignatures,
        GovernmentResponse,
        History,
        IndexLayout,
        IndexRow,
        Link,
        Petition,
        PetitionIndex,
        ReportLayout,
    )
    from ._pictures import build_site, plot_constituencies, plot_countries
    from ._sources import read_reports
    from ._tables import to_arrow, to_pandas, to_polars, to_records, to_sqlite, write_table
    from ._timeline import Timeline, timeline
    from ._validate import CODES, Finding, validate, validate_index
    from .api import ApiPetition, dump_api, load_api


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'petition_parser' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{home}", __name__), name)
    globals()[name] = value  # the next look-up is a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


#: The public names, as ``_HOMES`` lists them (and the version): a test checks that the
#: three lists (``_HOMES``, the ``TYPE_CHECKING`` imports, ``__all__``) agree.
__all__ = [
    "CODES",
    "ApiPetition",
    "ConstituencySignatures",
    "CountrySignatures",
    "Diff",
    "FetchError",
    "Finding",
    "GitVersion",
    "GovernmentResponse",
    "History",
    "IndexLayout",
    "IndexRow",
    "Link",
    "Petition",
    "PetitionError",
    "PetitionIndex",
    "PetitionParseError",
    "ReportLayout",
    "Timeline",
    "UnrepresentableError",
    "__version__",
    "build_site",
    "diff",
    "dump_api",
    "from_api",
    "from_dict",
    "from_json",
    "index_from_api",
    "load_api",
    "parse",
    "parse_file",
    "parse_index",
    "plot_constituencies",
    "plot_countries",
    "read_git",
    "read_reports",
    "render",
    "render_index",
    "timeline",
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
