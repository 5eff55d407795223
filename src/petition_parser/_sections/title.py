"""``# {action}``: the petition's title, on the first line."""

from __future__ import annotations

from .._errors import UnrepresentableError
from .._reader import Reader

SECTION = None  # the title comes before the first section heading


def extract(r: Reader) -> str:
    tok = r.expect_heading(1, None, SECTION)
    action: str = tok["text"]
    if "\r" in action:
        raise r.error(
            tok["pos"] + 2 + action.index("\r"),
            "expected the title on one line, found a carriage return",
            SECTION,
        )
    r.expect_blank(SECTION, "the title")
    return action


def render(action: str, out: list[str]) -> None:
    if "\n" in action or "\r" in action:
        raise UnrepresentableError("action", "the title cannot hold a line break")
    out.append(f"# {action}\n\n")
