"""``### Background``: the petitioner's text, verbatim (``\\r\\n``, trailing spaces and all)."""

from __future__ import annotations

from .._reader import Reader
from . import _free_text

SECTION = "Background"
NEXT = "Signatures"


def extract(r: Reader) -> str:
    r.expect_heading(3, SECTION, SECTION)
    text: str = r.expect_free_text(SECTION)["raw"]
    r.expect_blank(SECTION, "the background text")
    return text


def render(background: str, out: list[str]) -> None:
    _free_text.check(background, NEXT, "background")
    out.append(f"### {SECTION}\n\n{background}\n\n")
