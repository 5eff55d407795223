"""``diff``: what changed between two snapshots of one petition.

Signature deltas (total, UK, per country, per constituency, rows that appear or
disappear included, Unknown rows marked), MP changes, history events newly set or
changed, the government response added, changed or removed, and whether the title or
background changed.  ``str()`` is a compact summary, biggest movers first; the dict
and JSON forms go through the package's one converter.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Literal

import attrs
from attrs import define

from ._errors import PetitionError
from ._model import UNKNOWN, History, Petition

__all__ = ["Diff", "EventChange", "MpChange", "RowChange", "diff"]

ResponseChange = Literal["added", "changed", "removed"]


@define(frozen=True)
class RowChange:
    """One row of a signature table, before and after (None where it was not there)."""

    name: str
    old: int | None
    new: int | None
    delta: int
    is_unknown: bool = False


@define(frozen=True)
class MpChange:
    """A constituency whose MP changed (None: a vacant seat)."""

    constituency: str
    old: str | None
    new: str | None


@define(frozen=True)
class EventChange:
    """A History event newly set, or set to another time."""

    event: str
    old: datetime | None
    new: datetime | None


@define(frozen=True)
class Diff:
    """What changed from ``old`` to ``new`` (see ``diff``)."""

    petition_id: int
    old_refreshed_at: datetime | None
    new_refreshed_at: datetime | None
    #: ``new - old`` refresh times (negative when ``old`` is the newer); None when a
    #: report has no refresh time (layouts A-D): then the History Updated times.
    elapsed: timedelta | None
    signature_count: RowChange
    uk_signature_count: RowChange
    countries: tuple[RowChange, ...]
    constituencies: tuple[RowChange, ...]
    mps: tuple[MpChange, ...]
    history: tuple[EventChange, ...]
    government_response: ResponseChange | None
    action_changed: bool
    background_changed: bool

    @property
    def per_hour(self) -> float | None:
        """Signatures gained per hour over ``elapsed`` (None without a time span)."""
        if self.elapsed is None or not self.elapsed.total_seconds():
            return None
        return self.signature_count.delta / (self.elapsed.total_seconds() / 3600)

    def to_dict(self) -> dict[str, Any]:
        """The diff as plain JSON-ready values (``elapsed`` in seconds)."""
        from ._convert import converter  # noqa: PLC0415 (the converter loads cattrs)

        data: dict[str, Any] = converter.unstructure(self)
        return data

    def to_json(self) -> str:
        from ._json import dumps  # noqa: PLC0415

        return dumps(self.to_dict())

    def __str__(self) -> str:
        total = self.signature_count
        parts = [f"Petition {self.petition_id}: {total.delta:+,} signatures"]
        if self.elapsed is not None:
            rate = self.per_hour
            parts[0] += f" in {self.elapsed}" + (f" ({rate:+,.1f} an hour)" if rate else "")
        uk = self.uk_signature_count
        parts.append(f"UK {uk.delta:+,}")
        for label, rows in (("countries", self.countries), ("constituencies", self.constituencies)):
            movers = [r for r in rows if r.delta][:3]
            if movers:
                shown = ", ".join(f"{r.name} {r.delta:+,}" for r in movers)
                parts.append(f"top {label}: {shown}")
        if self.history:
            parts.append("history: " + ", ".join(f"{e.event} set" for e in self.history))
        if self.government_response:
            parts.append(f"government response {self.government_response}")
        if self.mps:
            parts.append(f"{len(self.mps)} MP changes")
        if self.action_changed or self.background_changed:
            changed = [
                n
                for n, c in (
                    ("title", self.action_changed),
                    ("background", self.background_changed),
                )
                if c
            ]
            parts.append(" and ".join(changed) + " changed")
        return "; ".join(parts)


def diff(old: Petition, new: Petition) -> Diff:
    """What changed from the snapshot ``old`` to the snapshot ``new`` of one petition.

    Raises ``PetitionError`` when they are snapshots of two petitions.  ``old``
    may be the newer one: its elapsed time is then negative.
    """
    if old.petition_id != new.petition_id:
        raise PetitionError(
            f"diff needs two snapshots of one petition, found petitions {old.petition_id} "
            f"and {new.petition_id}"
        )
    return Diff(
        petition_id=new.petition_id,
        old_refreshed_at=old.refreshed_at,
        new_refreshed_at=new.refreshed_at,
        elapsed=_elapsed(old, new),
        signature_count=_change("total", old.signature_count, new.signature_count),
        uk_signature_count=_change(
            "United Kingdom", old.uk_signature_count, new.uk_signature_count
        ),
        countries=_rows(
            {r.name: r.signature_count for r in old.signatures_by_country},
            {r.name: r.signature_count for r in new.signatures_by_country},
        ),
        constituencies=_rows(
            {r.name: r.signature_count for r in old.signatures_by_constituency if not r.is_unknown},
            {r.name: r.signature_count for r in new.signatures_by_constituency if not r.is_unknown},
            unknown=(old.unknown_constituency, new.unknown_constituency),
        ),
        mps=_mps(old, new),
        history=_history(old.history, new.history),
        government_response=_response(old, new),
        action_changed=old.action != new.action,
        background_changed=old.background != new.background,
    )


def _elapsed(old: Petition, new: Petition) -> timedelta | None:
    if old.refreshed_at is not None and new.refreshed_at is not None:
        return new.refreshed_at - old.refreshed_at
    if old.history.updated_at is not None and new.history.updated_at is not None:
        return new.history.updated_at - old.history.updated_at
    return None


def _change(name: str, old: int | None, new: int | None) -> RowChange:
    return RowChange(name, old, new, (new or 0) - (old or 0), name == UNKNOWN)


def _rows(
    old: dict[str, int], new: dict[str, int], unknown: tuple[Any, Any] | None = None
) -> tuple[RowChange, ...]:
    """Every row of either table, biggest rise first; rows only in one have None there."""
    changes = [_change(name, old.get(name), new.get(name)) for name in {**old, **new}]
    if unknown is not None and (unknown[0] is not None or unknown[1] is not None):
        counts = [None if u is None else u.signature_count for u in unknown]
        changes.append(
            RowChange(UNKNOWN, counts[0], counts[1], (counts[1] or 0) - (counts[0] or 0), True)
        )
    return tuple(sorted(changes, key=lambda c: (-c.delta, c.name)))


def _mps(old: Petition, new: Petition) -> tuple[MpChange, ...]:
    before = {r.name: r.mp for r in old.signatures_by_constituency if not r.is_unknown}
    after = {r.name: r.mp for r in new.signatures_by_constituency if not r.is_unknown}
    return tuple(
        MpChange(name, before[name], mp)
        for name, mp in sorted(after.items())
        if name in before and before[name] != mp
    )


def _history(old: History, new: History) -> tuple[EventChange, ...]:
    return tuple(
        EventChange(f.name.removesuffix("_at"), getattr(old, f.name), getattr(new, f.name))
        for f in attrs.fields(History)
        if getattr(new, f.name) != getattr(old, f.name) and f.name != "updated_at"
    )


def _response(old: Petition, new: Petition) -> ResponseChange | None:
    before, after = old.government_response, new.government_response
    if before == after:
        return None
    if before is None:
        return "added"
    return "removed" if after is None else "changed"


# As users import them (``petition_parser.Diff``): reprs, tracebacks and pickles
# name the public module, not this private one.  The annotations are resolved first,
# while this module (where their names are) is still the one the class names.
for _public in (Diff,):
    attrs.resolve_types(_public)
    _public.__module__ = "petition_parser"
