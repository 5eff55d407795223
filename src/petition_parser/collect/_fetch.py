"""Fetching API documents: one petition, and the pages of a list of petitions."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from attrs import define

from .._errors import FetchError, PetitionParseError
from ..api import ApiPetition, ListEntry, load_api, load_list_entry
from ._client import OFFICIAL_SITE, Answer, Client

__all__ = [
    "Fetched",
    "fetch_answer",
    "fetch_document",
    "fetch_list",
    "fetch_petition",
    "list_entries",
    "read_document",
]

#: Petition ids are whole numbers of at most 18 digits, as everywhere in the library.
_MAX_ID = 10**18 - 1


@define(frozen=True)
class Fetched:
    """A petition's document, and its bytes as the site sent them (what an archive keeps)."""

    document: ApiPetition
    body: bytes


def fetch_document(client: Client, petition_id: int) -> Fetched:
    """``/petitions/{id}.json``, checked to be that petition's document."""
    return read_document(fetch_answer(client, petition_id), petition_id)


def fetch_answer(client: Client, petition_id: int) -> Answer:
    """The site's answer for ``/petitions/{id}.json``, not yet read (network work only:
    a thread that fetches should not hold Python's lock to read what it got)."""
    if isinstance(petition_id, bool) or not isinstance(petition_id, int):
        raise FetchError(client.base_url, f"expected a petition id, found {petition_id!r}")
    if not 0 < petition_id <= _MAX_ID:
        raise FetchError(client.base_url, f"expected a petition id, found {petition_id}")
    return client.get(f"/petitions/{petition_id}.json")


def read_document(answer: Answer, petition_id: int) -> Fetched:
    """The answer read as the petition's document; a FetchError naming its URL if not."""
    try:
        document = load_api(answer.body)
    except PetitionParseError as exc:
        raise FetchError(
            answer.url,
            f"expected a petition's JSON document, found {answer.content_type}: {exc}",
            status=200,
        ) from None
    if document.data.id != petition_id:
        raise FetchError(
            answer.url, f"expected the document of petition {petition_id}, found {document.data.id}"
        )
    return Fetched(document, answer.body)


def fetch_petition(
    petition_id: int, *, base_url: str = OFFICIAL_SITE, client: Client | None = None
) -> ApiPetition:
    """The API document of one petition (extra ``collect``).

    ``base_url`` is the site (the official one by default); pass a ``Client`` to share
    its connections, limits and retries between calls.  Raises ``FetchError`` (naming
    the URL and the HTTP status) when the site gives no such document: a 404, an answer
    that is not JSON or not of the API's shape, or no answer after the retries.  Keys
    the model does not know are kept (``dump_api`` writes them back).
    """
    if client is not None:
        return fetch_document(client, petition_id).document
    with Client(base_url) as own:
        return fetch_document(own, petition_id).document


def list_entries(client: Client, state: str, pages: int | None = None) -> Iterator[ListEntry]:
    """The entries of ``/petitions.json?state=...``, page after page (``links.next``)."""
    url: str | None = "/petitions.json"
    params: dict[str, str | int] | None = {"state": state}
    seen: set[str] = set()
    read = 0
    while url is not None and (pages is None or read < pages):
        answer = client.get(url, params)
        value = answer.json()
        seen.add(answer.url)
        if isinstance(value, dict) and isinstance(value.get("links"), dict):
            claimed = value["links"].get("self")
            if isinstance(claimed, str):
                seen.add(claimed)  # the page's own name for itself
        entries, url = _page(answer.url, value)
        yield from entries
        read += 1
        params = None  # the next link carries them
        if url is not None and url in seen:
            raise FetchError(url, "expected a next page, found a link to a page already read")


def _page(url: str, value: Any) -> tuple[list[ListEntry], str | None]:
    """A list page's entries and its next link."""
    links = value.get("links") if isinstance(value, dict) else None
    data = value.get("data") if isinstance(value, dict) else None
    if not isinstance(data, list) or not isinstance(links, dict):
        raise FetchError(url, 'expected a list of petitions, {"links": {...}, "data": [...]}')
    entries = []
    for i, entry in enumerate(data):
        try:
            entries.append(load_list_entry(entry))
        except PetitionParseError as exc:
            raise FetchError(url, f"expected a petition at $.data[{i}]: {exc}") from None
    following = links.get("next")
    if following is not None and not isinstance(following, str):
        raise FetchError(url, f"expected links.next to be a URL or null, found {following!r}")
    return entries, following


def fetch_list(
    state: str = "open",
    *,
    pages: int | None = None,
    base_url: str = OFFICIAL_SITE,
    client: Client | None = None,
) -> Iterator[ListEntry]:
    """The petitions of a state (``"open"``, ``"closed"``, ...), lazily (extra ``collect``).

    Follows the list's ``links.next`` from page to page, ``pages`` pages at most (all by
    default), in the site's order (for open petitions: most signatures first).  Raises
    ``FetchError`` for a page that gives no list, and for a next link that loops back.
    """
    if client is not None:
        yield from list_entries(client, state, pages)
        return
    with Client(base_url) as own:
        yield from list_entries(own, state, pages)
