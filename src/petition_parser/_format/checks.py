"""What ``render`` refuses in a table: cells, whole numbers and percentages that would
not read back as themselves.

Each check runs over a whole column in a few C-level passes and looks at the cells
one by one only to name the one that is refused.  ``field`` is a template such as
``"signatures_by_country[{}].name"``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from .._errors import UnrepresentableError
from .values import INT_LIMIT, PERCENTAGE_LIMIT, format_percentage

__all__ = ["check_int_column", "check_percentage", "check_text_column", "percentage_texts"]


def check_text_column(cells: Sequence[str], field: str) -> None:
    """Refuse text cells that would not read back as themselves, in a few C-level scans.

    Reading splits a row on ``" | "`` from the left, so a cell must not contain it,
    nor end so that it runs into the separator after it (``"a |"``, ``" |"``), nor
    hold a line break.  ``field`` is a template such as
    ``"signatures_by_country[{}].name"``; the cells are looked at one by one only
    to name the one that is refused.
    """
    joined = "\n".join(cells) + "\n"
    if " | " in joined or " |\n" in joined or "\r" in joined or joined.count("\n") != len(cells):
        for i, text in enumerate(cells):
            if (text + " | ").find(" | ") != len(text):
                raise UnrepresentableError(
                    field.format(i), f"a table cell cannot contain ' | ': {text!r}"
                )
            if "\n" in text or "\r" in text:
                raise UnrepresentableError(
                    field.format(i), f"a table cell cannot hold a line break: {text!r}"
                )


def check_int_column(values: Sequence[int], field: str) -> None:
    """Refuse whole numbers beyond the grammar's 18 digits (``field`` has a ``{}``)."""
    if values and (max(values) >= INT_LIMIT or min(values) <= -INT_LIMIT):
        i = next(i for i, v in enumerate(values) if abs(v) >= INT_LIMIT)
        raise UnrepresentableError(
            field.format(i), f"whole numbers have at most 18 digits: {values[i]}"
        )


def percentage_texts(values: Sequence[float], field: str) -> list[str]:
    """The percentages as the report prints them, refusing any that would not read back."""
    texts = list(map(format_percentage, values))
    # A new float from each text: NaN never equals itself, so it cannot slip through.
    if list(map(float, texts)) != list(values) or max(map(abs, values)) >= PERCENTAGE_LIMIT:
        for i, value in enumerate(values):
            check_percentage(value, field.format(i))
    return texts


def check_percentage(value: float, field: str) -> str:
    text = format_percentage(value)
    if not math.isfinite(value) or float(text) != value or abs(value) >= PERCENTAGE_LIMIT:
        raise UnrepresentableError(
            field, f"percentages are printed with two decimals; {value!r} would read back as {text}"
        )
    return text
