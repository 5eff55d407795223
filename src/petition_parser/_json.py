"""JSON text in and out: orjson when it is installed, the standard library otherwise.

Both write the same compact text (``pip install 'petition-parser[fast]'`` adds
orjson, several times faster: docs/performance.md).  Every failure to read is a PetitionParseError:
a syntax error with its line and column, bytes that are not UTF-8, a number of
over 4,300 digits, arrays nested too deep.
"""

from __future__ import annotations

import json
from typing import Any

from ._errors import PetitionParseError, UnrepresentableError

try:  # an optional extra: same output, several times faster
    import orjson
except ImportError:  # pragma: no cover - depends on the environment
    orjson = None  # type: ignore[assignment]

__all__ = [
    "dumps",
    "dumps_line",
    "json_backend",
    "json_error",
    "loads",
    "loads_noting_surrogates",
    "read_array",
]


def json_backend() -> str:
    """Which library reads and writes JSON text: ``"orjson"`` or ``"json"``."""
    return "json" if orjson is None else "orjson"


def read_array(text: str) -> list[Any]:
    """``[text]`` read as a JSON array: for text already checked to be one (numbers a
    grammar has checked, say); orjson, when installed, reads it three times as fast."""
    if orjson is not None:
        numbers: list[Any] = orjson.loads(f"[{text}]")
    else:
        numbers = json.loads(f"[{text}]")
    return numbers


def dumps(data: Any, indent: int | None = None) -> str:
    """Compact JSON text (``indent``: one value per line), UTF-8 characters kept."""
    if orjson is not None and indent is None:
        try:
            return orjson.dumps(data).decode()
        except TypeError:  # an integer beyond 64 bits, a lone surrogate: the standard library
            pass
    return _std_dumps(data, indent)


def dumps_line(data: Any) -> bytes:
    """Compact JSON and a line break, as UTF-8 bytes (no decoding when orjson writes it)."""
    if orjson is not None:
        try:
            return orjson.dumps(data, option=orjson.OPT_APPEND_NEWLINE)
        except TypeError:
            pass
    return (_std_dumps(data, None) + "\n").encode("utf-8", "surrogatepass")


def _std_dumps(data: Any, indent: int | None) -> str:
    separators = (",", ":") if indent is None else None
    try:
        return json.dumps(data, ensure_ascii=False, indent=indent, separators=separators)
    except ValueError as exc:  # only hand-made values: an integer of over 4,300 digits
        raise UnrepresentableError("petition", f"not JSON: {exc}") from None


def loads(text: str | bytes, *, fast: bool = True) -> Any:
    """JSON text (or UTF-8 bytes) to values; every failure is a PetitionParseError.

    ``fast=False`` reads with the standard library even when orjson is installed.
    """
    return loads_noting_surrogates(text, fast=fast)[0]


def loads_noting_surrogates(text: str | bytes, *, fast: bool = True) -> tuple[Any, bool]:
    """``loads``, and whether its strings may hold lone surrogates.

    orjson refuses them; the standard library makes them of ``"\\ud800"``.
    """
    try:
        if orjson is not None and fast:
            try:
                return orjson.loads(text), False
            except orjson.JSONDecodeError:
                pass  # read it again below, for the standard library's error (or big integers)
        return json.loads(text), True
    except json.JSONDecodeError as exc:
        raise json_error(exc) from None
    except UnicodeDecodeError as exc:
        raise PetitionParseError(f"expected UTF-8 JSON, found {exc.reason}") from None
    except ValueError:  # Python reads no integer of over 4,300 digits
        raise PetitionParseError(
            "expected JSON numbers of at most 4,300 digits, found a longer one"
        ) from None
    except RecursionError:
        raise PetitionParseError("expected JSON, found arrays or objects nested too deep") from None


def json_error(exc: json.JSONDecodeError) -> PetitionParseError:
    """A JSON syntax error as a PetitionParseError, with its line and column."""
    return PetitionParseError.at(
        exc.doc, exc.pos, f"expected JSON, {exc.msg[0].lower()}{exc.msg[1:]}"
    )
