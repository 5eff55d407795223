"""Write the early-layout fixtures from invented current-layout pages, by the rules of
``../shared/corpus/early/LAYOUTS.md`` (text edits, not the library's renderer), so that
the tests check the reader against the description rather than against itself.

    python tests/data/layouts/make.py
"""

from __future__ import annotations

import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE.parent


def _section(text: str, heading: str) -> str:
    """The table under ``### heading`` (its lines, with their line breaks)."""
    block = text.split(f"### {heading}\n\n", 1)[1]
    return block.split("\n\n", 1)[0].rstrip("\n") + "\n"


def compact_report(delimiter: str, prefix: str) -> str:
    """Layouts A-D: no blank lines around headings and tables, link first, no refresh."""
    text = (DATA / "valid" / "small.md").read_bytes().decode("utf-8")  # \r\n kept
    title = text.split("\n", 1)[0]
    background = text.split("### Background\n\n", 1)[1].split("\n\n### Signatures\n", 1)[0]
    url = re.search(r"\]\((https://[^)]+)\)", text)[1]  # type: ignore[index]
    total = re.search(r"\*\*[0-9,]+ signatures\*\*", text)[0]  # type: ignore[index]
    constituencies = _section(text, "Signatures by Constituency").split("\n")
    constituencies[1] = delimiter
    return (
        f"{title}\n{background}\n\n{prefix}[{url}.json]({url})\n\n{total}\n"
        f"### History\n{_section(text, 'History')}"
        f"### Signatures by Country\n{_section(text, 'Signatures by Country')}"
        f"### Signatures by Constituency\n" + "\n".join(constituencies)
    )


def early_index(name: str) -> str:
    """Index layouts I-1b, I-2, I-4: no blank line after the title, older columns."""
    text = (DATA / "index" / "valid" / "top-3-open.md").read_bytes().decode("utf-8")
    text = text.replace("\n\n", "\n", 1)  # no blank line after the title
    if name == "I-4":
        return text
    lines = text.split("\n")
    header_at = next(i for i, line in enumerate(lines) if line.startswith("| Petition Name"))
    percents = "| % UK Signatures | % Overseas Signatures | % Unknown Signatures |"
    lines[header_at] = lines[header_at].replace(
        "| UK Signatures % | Overseas Signatures % | Unknown Signatures % |", percents
    )
    rows = [line for line in lines[header_at + 2 :] if line]
    if name == "I-2":
        lines[header_at] = "| # " + lines[header_at]
        lines[header_at + 1] = "| - " + lines[header_at + 1]
        new_rows = [f"| {i} {row}" for i, row in enumerate(rows, start=1)]
    else:  # I-1b: a rank and a date column, "%" after each percentage, %20 in the link
        lines[header_at] = lines[header_at].replace(
            "| Petition Name |", "| # | Petition Name | Date Created |"
        )
        lines[header_at + 1] = "| - | - | - |" + " -: |" * 7  # as I-1's (LAYOUTS.md)
        dates = ["2031-01-05", "2030-12-24", "2031-02-28"]
        new_rows = []
        for i, row in enumerate(rows, start=1):
            cells = row[2:-2].split(" | ")
            cells = [str(i), cells[0], dates[i - 1], *cells[1:5], *(c + "%" for c in cells[5:])]
            new_rows.append("| " + " | ".join(cells) + " |")
        lines = [
            line.replace("(https://example.org/notebook)", "(python/Petition%20Reports.ipynb)")
            for line in lines
        ]
    return "\n".join([*lines[: header_at + 2], *new_rows, ""])


def main() -> None:
    fixtures = {
        "report-B.md": compact_report("| - | - | -: | -: | -: |", "Taken from "),
        "report-D.md": compact_report("| - | - | - | -: | -: |", "Data taken from "),
        "index-I-1b.md": early_index("I-1b"),
        "index-I-2.md": early_index("I-2"),
        "index-I-4.md": early_index("I-4"),
    }
    for name, text in fixtures.items():
        (HERE / name).write_text(text, encoding="utf-8", newline="")


if __name__ == "__main__":
    main()
