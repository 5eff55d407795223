"""Invented petitions of any size, built the way the reporting script builds reports.

Used for the bundled examples (``python benchmarks/synthetic.py``, which rewrites
``examples/``) and for the benchmark's 10x report.  Nothing here is real data:
names are made up from word lists, counts come from a seeded random generator.
"""

from __future__ import annotations

import random
import sys
from datetime import datetime, timedelta, timezone
from functools import cache
from pathlib import Path

import attrs

import petition_parser as pp

_PLACES = (
    "Ash",
    "Birch",
    "Cole",
    "Dun",
    "Elm",
    "Fern",
    "Glen",
    "Holt",
    "Ivy",
    "Kel",
    "Lark",
    "Marsh",
    "Nor",
    "Oak",
    "Pen",
    "Quarry",
    "Rook",
    "Stan",
    "Thorn",
    "Wold",
)
_SUFFIXES = ("ford", "ley", "wick", "ton", "bury", "mouth", "field", "ham", "stow", "by")
_QUALIFIERS = ("", " North", " South", " East", " West", " and District", " Vale")
_FIRST = ("Alex", "Sam", "Jo", "Priya", "Tom", "Aisha", "Rhys", "Morag", "Ewan", "Ngozi")
_LAST = ("Carter", "Hughes", "Okafor", "Patel", "Reid", "Shaw", "Walsh", "Young", "Lloyd")
_COUNTRIES = (
    "United Kingdom",
    "Ireland",
    "France",
    "Spain",
    "Germany",
    "Australia",
    "Canada",
    "United States",
    "New Zealand",
    "Netherlands",
    "Portugal",
    "Italy",
    "Norway",
)


def constituency_names(n: int) -> list[str]:
    names = [
        f"{place}{suffix}{qualifier}"
        for qualifier in _QUALIFIERS
        for place in _PLACES
        for suffix in _SUFFIXES
    ]
    if n > len(names):  # the 10x report: number the repeats so that names stay unique
        names += [f"{name} {i}" for i in range(2, n // len(names) + 2) for name in names]
    return names[:n]


def make_petition(
    n_constituencies: int = 650,
    *,
    petition_id: int = 700001,
    seed: int = 1,
    with_response: bool = True,
) -> pp.Petition:
    rng = random.Random(seed)
    uk_rows = [
        (
            name,
            None if rng.random() < 0.004 else f"{rng.choice(_FIRST)} {rng.choice(_LAST)} MP",
            int(rng.paretovariate(1.3) * 20),
        )
        for name in constituency_names(n_constituencies)
    ]
    uk = sum(c for _, _, c in uk_rows) + rng.randint(0, 300)  # the gap: an Unknown row
    countries = [("United Kingdom", uk)] + [
        (name, int(rng.paretovariate(2.0) * 3)) for name in _COUNTRIES[1:]
    ]
    total = sum(c for _, c in countries) - 1  # one more than the total: a negative Unknown

    def ranked_countries() -> tuple[pp.CountrySignatures, ...]:
        rows = [*countries, ("Unknown", total - sum(c for _, c in countries))]
        rows.sort(key=lambda row: row[1], reverse=True)
        row_sum = sum(c for _, c in rows)
        return tuple(
            pp.CountrySignatures(i, name, count, round(100 * count / row_sum, 2))
            for i, (name, count) in enumerate(rows, 1)
        )

    def ranked_constituencies() -> tuple[pp.ConstituencySignatures, ...]:
        rows = [*uk_rows, ("Unknown", "Unknown", uk - sum(c for _, _, c in uk_rows))]
        rows.sort(key=lambda row: row[2], reverse=True)
        return tuple(
            pp.ConstituencySignatures(i, name, mp, count, round(100 * count / uk, 2))
            for i, (name, mp, count) in enumerate(rows, 1)
        )

    created = datetime(2031, 2, 3, 9, 15, 42, tzinfo=timezone.utc)
    response = (
        pp.GovernmentResponse(
            summary="The Government has no plans to change the rules on village duck ponds.",
            details=(
                "Duck ponds are managed locally.  Councils already have the powers they need.\r\n"
                "\r\n"
                "* We will publish guidance in the spring.\r\n"
                "  \r\n"
                "Department for Ponds and Wetlands\r\n"
            ),
        )
        if with_response
        else None
    )
    return pp.Petition(
        petition_id=petition_id,
        url=f"https://petition.parliament.uk/petitions/{petition_id}",
        action="Protect every village duck pond from being filled in ",
        background=(
            "Duck ponds are part of village life. Some are being drained & built on.\r\n"
            "\r\n"
            "We ask for a register of ponds, a # of protections, and *no* exceptions.  "
        ),
        signature_count=total,
        refreshed_at=datetime(2031, 6, 1, 18, 30, 5),
        government_response=response,
        history=pp.History(
            updated_at=created + timedelta(days=118, hours=3),
            government_response_at=created + timedelta(days=90) if with_response else None,
            response_threshold_reached_at=created + timedelta(days=20, seconds=17),
            opened_at=created + timedelta(days=6),
            moderation_threshold_reached_at=created + timedelta(hours=5),
            created_at=created,
        ),
        signatures_by_country=ranked_countries(),
        signatures_by_constituency=ranked_constituencies(),
    )


# -- real-shaped reports -------------------------------------------------------------
#
# Shaped like the real ones over 30 KB (measured on the shared corpus): a background of
# about 250 characters and a response of 1-4 KB holding a few non-ASCII characters
# (curly quotes, dashes: so the whole text is not Latin-1, as no real report is),
# 20-120 countries, 650 constituencies with real-length names and honorifics (one
# Parliament's seats, the same in every report, as in the real ones), a vacant seat or
# two, and the Unknown rows.  Invented all the same.

_HONORIFICS = ("", "", "", "Rt Hon ", "Dr ", "Sir ", "Dame ", "Mr ", "Ms ")
_WORDS = (
    "council",
    "housing",
    "licence",
    "school",
    "funding",
    "review",
    "consultation",
    "pond",
    "village",
    "support",
    "children",
    "policy",
)
_ACCENTED_COUNTRIES = (
    "C\u00f4te d\u2019Ivoire",
    "Cura\u00e7ao",
    "\u00c5land Islands",
    "S\u00e3o Tom\u00e9 and Pr\u00edncipe",
    "R\u00e9union",
)


def _prose(rng: random.Random, length: int) -> str:
    """Sentences of invented words, with the non-ASCII characters real text has."""
    out: list[str] = []
    size = 0
    while size < length:
        words = [rng.choice(_WORDS) for _ in range(rng.randint(6, 16))]
        if rng.random() < 0.3:
            words[rng.randrange(len(words))] = "\u2018" + rng.choice(_WORDS) + "\u2019"
        if rng.random() < 0.2:
            words.insert(rng.randrange(len(words)), "\u2013")
        sentence = " ".join(words).capitalize() + ". "
        if rng.random() < 0.15:
            sentence += "\r\n\r\n"
        out.append(sentence)
        size += len(sentence)
    return "".join(out).rstrip() + " caf\u00e9\u2019s \u00a35."


def make_real_shaped(petition_id: int, refreshed_at: datetime, seed: int) -> pp.Petition:
    """One report shaped like the real ones over 30 KB (see above)."""
    rng = random.Random(seed)
    base = make_petition(650, petition_id=petition_id, seed=seed)
    seats = _seats()
    vacant = set(rng.sample(sorted(seats), rng.randint(0, 2)))
    rows = tuple(
        row
        if row.is_unknown
        else attrs.evolve(
            row,
            name=seats[row.name][0],
            mp=None if row.name in vacant else seats[row.name][1],
        )
        for row in base.signatures_by_constituency
    )
    countries = list(base.signatures_by_country)
    extra = [*_ACCENTED_COUNTRIES, *(f"Country {i}" for i in range(rng.randint(5, 105)))]
    countries += [pp.CountrySignatures(0, name, rng.randint(1, 3), 0.01) for name in extra]
    countries = [attrs.evolve(row, rank=i) for i, row in enumerate(countries, 1)]
    details = _prose(rng, rng.randint(900, 4400))
    return attrs.evolve(
        base,
        refreshed_at=refreshed_at,
        action=_prose(rng, 40)[:60].rstrip(),
        background=_prose(rng, rng.randint(220, 300)),
        government_response=pp.GovernmentResponse(summary=_prose(rng, 190), details=details),
        signatures_by_country=tuple(countries),
        signatures_by_constituency=rows,
    )


@cache
def _seats() -> dict[str, tuple[str, str]]:
    """One Parliament's seats, as every report of a time names them: the real-length
    name and the MP of each of ``make_petition``'s 650 constituencies.  (Each petition
    had names of its own once, over 9,000 across 50 petitions, where the 20 real reports
    of the corpus name 651.)"""
    rng = random.Random(650)

    def place() -> str:
        return f"{rng.choice(_PLACES)}{rng.choice(_SUFFIXES)}"

    def shaped(name: str) -> str:
        if rng.random() < 0.15:
            return f"{place()}, {place()} and {place()}{rng.choice(_QUALIFIERS)}"
        return f"{name}{rng.choice(_QUALIFIERS)}"

    seats: dict[str, tuple[str, str]] = {}
    taken: set[str] = set()
    for name in constituency_names(650):
        seat = shaped(name)
        while seat in taken:  # no two seats of a Parliament share a name
            seat = shaped(name)
        taken.add(seat)
        mp = f"{rng.choice(_HONORIFICS)}{rng.choice(_FIRST)} {rng.choice(_LAST)} MP"
        seats[name] = (seat, mp)
    first = next(iter(seats))
    seats[first] = ("Ynys M\u00f4n", seats[first][1])
    return seats


def write_real_shaped(folder: Path, n: int, first: int = 0, petitions: int = 50) -> list[Path]:
    """``n`` real-shaped reports in ``folder``: snapshots ``first`` to ``first + n - 1`` of
    ``petitions`` petitions in turn (as an archive of hourly refreshes holds them),
    each with its own refresh time and count."""
    start = datetime(2031, 1, 1, 9, 0, 0)
    bases = [make_real_shaped(800000 + k, start, seed=k) for k in range(min(n + first, petitions))]
    paths = []
    for i in range(first, first + n):
        base = bases[i % len(bases)]
        petition = attrs.evolve(
            base,
            signature_count=base.signature_count + i,
            refreshed_at=start + timedelta(hours=i),
        )
        path = folder / f"{base.petition_id}-{i:06d}.md"
        path.write_text(pp.render(petition), encoding="utf-8", newline="")
        paths.append(path)
    return paths


def write_examples(folder: Path) -> None:
    folder.mkdir(exist_ok=True)
    examples = {
        "full-size.md": make_petition(650),
        "small.md": make_petition(12, petition_id=700002, seed=7, with_response=False),
    }
    for name, petition in examples.items():
        (folder / name).write_text(pp.render(petition), encoding="utf-8", newline="")


if __name__ == "__main__":
    write_examples(
        Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parent.parent / "examples")
    )
