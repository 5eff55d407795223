"""Free text (background, government response): opaque, verbatim, checked on render."""

from __future__ import annotations

from .._errors import UnrepresentableError


def check(text: str, until: str, field: str) -> None:
    """Refuse free text that would end early when read back.

    Reading stops at the first ``\\n\\n### {until}\\n`` after the section's blank
    line, so the text must not hold that heading (after a blank line) itself.
    """
    end = f"\n\n### {until}\n"
    if ("\n\n" + text + end).find(end) != len(text) + 2:
        raise UnrepresentableError(
            field,
            f"the text holds the section heading '### {until}' after a blank line, "
            "so it would end there when read back",
        )
