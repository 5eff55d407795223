"""``render``: a Petition back to report text, the exact inverse of ``parse``."""

from __future__ import annotations

from ._model import Petition
from ._sections import (
    background,
    constituencies,
    countries,
    government_response,
    history,
    signatures,
    title,
)

__all__ = ["render"]


def render(petition: Petition) -> str:
    """The report text for ``petition``: ``render(parse(x)) == x`` for every LF report.

    Raises :class:`UnrepresentableError` (a ``ValueError``) for a value the format
    cannot hold, rather than writing a file that would read back differently.
    """
    out: list[str] = []
    title.render(petition.action, out)
    background.render(petition.background, out)
    signatures.render(
        petition.signature_count, petition.url, petition.petition_id, petition.refreshed_at, out
    )
    government_response.render(petition.government_response, out)
    history.render(petition.history, out)
    countries.render(petition.signatures_by_country, out)
    constituencies.render(petition.signatures_by_constituency, out)
    return "".join(out)
