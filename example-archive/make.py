"""Write the bundled example archive: snapshots of three invented petitions, every 12 hours.

    python example-archive/make.py

The reports are made here, not copied from anywhere: each petition's count follows a
smooth curve, the country and constituency tables share it out in fixed proportions
(each table balanced by its Unknown row, as the real reports are), and the History
records the thresholds as the counts cross them.  The tests check that the files in
this folder are exactly what this script writes.
"""

from __future__ import annotations

import math
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import petition_parser as pp

HERE = Path(__file__).resolve().parent
#: The first snapshot (local time) and the interval between snapshots.
START = datetime(2031, 3, 2, 9, 0, 0)
EVERY = timedelta(hours=12)
SNAPSHOTS = 20

#: The countries, with their shares of the signatures from outside the UK.
COUNTRIES = (
    ("France", 0.30),
    ("Spain", 0.25),
    ("Germany", 0.15),
    ("United States", 0.12),
    ("Australia", 0.10),
    ("Ireland", 0.08),
)
#: The constituencies, their MPs (None: a vacant seat), and their shares of the UK.
CONSTITUENCIES = (
    ("Ashbury", "Ngozi Hughes MP", 0.16),
    ("Birchley", "Ewan Walsh MP", 0.13),
    ("Ashford", "Jo Walsh MP", 0.12),
    ("Birchford", "Priya Carter MP", 0.11),
    ("Ashmouth", None, 0.09),
    ("Ashfield", "Rhys Okafor MP", 0.08),
    ("Ashham", "Sam Patel MP", 0.07),
    ("Ashley", "Ewan Hughes MP", 0.06),
    ("Ashton", "Priya Shaw MP", 0.05),
    ("Ashstow", "Ewan Okafor MP", 0.04),
)

PETITIONS = (
    {
        "petition_id": 700101,
        "action": "Plant a fruit tree in every school playground",
        "background": (
            "Children should grow up knowing where fruit comes from.\r\n"
            "\r\n"
            "We ask for one apple, pear or plum tree in every school playground in England."
        ),
        "first": 2_400,
        "last": 131_000,
        "uk_share": 0.94,
        "response": pp.GovernmentResponse(
            summary="Schools are free to plant fruit trees, and many already do.",
            details=(
                "The Department will publish guidance on planting and caring for trees.\r\n"
                "\r\n"
                "Department for Education"
            ),
        ),
    },
    {
        "petition_id": 700102,
        "action": "Ring the church bells at noon on every bank holiday",
        "background": "Bells bring towns together. Let them ring at noon on bank holidays.",
        "first": 310,
        "last": 12_600,
        "uk_share": 0.97,
        "response": None,
    },
    {
        "petition_id": 700103,
        "action": "Print bus timetables in large type at every stop",
        "background": "Small print at bus stops is unreadable for many passengers.",
        "first": 45,
        "last": 3_900,
        "uk_share": 0.91,
        "response": None,
    },
)


def counts(first: int, last: int) -> list[int]:
    """A logistic curve from ``first`` to ``last`` over the snapshots."""
    curve = [1 / (1 + math.exp(-(i - SNAPSHOTS / 2) / 2.5)) for i in range(SNAPSHOTS)]
    low, high = curve[0], curve[-1]
    return [round(first + (last - first) * (c - low) / (high - low)) for c in curve]


def shared_out(total: int, shares: list[float]) -> list[int]:
    return [math.floor(total * share) for share in shares]


def percent(count: int, of: int) -> float:
    return round(100 * count / of, 2) if of else 0.0


def snapshot(
    spec: dict[str, object], total: int, when: datetime, crossed: dict[int, datetime]
) -> pp.Petition:
    uk = round(total * float(spec["uk_share"]))  # type: ignore[arg-type]
    abroad = shared_out(total - uk, [share for _, share in COUNTRIES])
    country_rows = [("United Kingdom", uk), *zip((n for n, _ in COUNTRIES), abroad, strict=False)]
    country_rows.append(("Unknown", total - sum(c for _, c in country_rows)))
    country_rows.sort(key=lambda row: -row[1])
    seats = shared_out(uk, [share for *_, share in CONSTITUENCIES])
    seat_rows: list[tuple[str, str | None, int]] = [
        (name, mp, count) for (name, mp, _), count in zip(CONSTITUENCIES, seats, strict=False)
    ]
    seat_rows.append(("Unknown", "Unknown", uk - sum(seats)))
    seat_rows.sort(key=lambda row: -row[2])
    petition_id = int(spec["petition_id"])  # type: ignore[call-overload]
    created = (START - timedelta(days=9)).replace(tzinfo=timezone.utc)
    response = spec["response"] if 10_000 in crossed else None
    return pp.Petition(
        petition_id=petition_id,
        url=f"https://petition.parliament.uk/petitions/{petition_id}",
        action=str(spec["action"]),
        background=str(spec["background"]),
        signature_count=total,
        refreshed_at=when,
        government_response=response,  # type: ignore[arg-type]
        history=pp.History(
            updated_at=(when - timedelta(minutes=20)).replace(tzinfo=timezone.utc),
            government_response_at=(
                crossed[10_000] + timedelta(hours=30) if response is not None else None
            ),
            debate_threshold_reached_at=crossed.get(100_000),
            response_threshold_reached_at=crossed.get(10_000),
            opened_at=created + timedelta(days=5),
            moderation_threshold_reached_at=created + timedelta(hours=4),
            created_at=created,
        ),
        signatures_by_country=tuple(
            pp.CountrySignatures(rank, name, count, percent(count, total))
            for rank, (name, count) in enumerate(country_rows, 1)
        ),
        signatures_by_constituency=tuple(
            pp.ConstituencySignatures(rank, name, mp, count, percent(count, uk))
            for rank, (name, mp, count) in enumerate(seat_rows, 1)
        ),
    )


def reports() -> dict[str, str]:
    """Each report's path in this folder, and its text."""
    written: dict[str, str] = {}
    for spec in PETITIONS:
        crossed: dict[int, datetime] = {}
        for i, total in enumerate(counts(int(spec["first"]), int(spec["last"]))):  # type: ignore[call-overload]
            when = START + i * EVERY
            for threshold in (10_000, 100_000):
                if total >= threshold and threshold not in crossed:
                    crossed[threshold] = (when - timedelta(hours=5)).replace(tzinfo=timezone.utc)
            path = f"{when:%Y-%m-%d}/{when:%H%M}/{spec['petition_id']}.md"
            written[path] = pp.render(snapshot(spec, total, when, crossed))
    return written


def main() -> int:
    for path, text in reports().items():
        target = HERE / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
