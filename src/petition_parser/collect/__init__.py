"""Collecting from the live petitions site (extra ``collect``: ``pip install
'petition-parser[collect]'``).

* ``fetch_petition(id)``: one petition's API document;
* ``fetch_list(state)``: the petitions of a state, page after page;
* ``collect(dest)``: an archive written as the reporting script wrote it (reports,
  index pages, the documents), atomically, optionally one git commit a run;
* ``watch(ids, dest=..., every=...)``: poll petitions and keep each new snapshot;
* ``Client``: the one HTTP client they share (keep-alive, timeouts, bounded
  concurrency, a rate limit, retries with backoff and jitter, ``Retry-After``).

Importing ``petition_parser`` does not import this module nor its HTTP client
(httpx); a missing extra is an ImportError naming it.  Every failure of the site is
a ``FetchError`` (a ``PetitionError``) naming the URL and the HTTP status.
"""

from __future__ import annotations

from .._errors import FetchError
from ._archive import CollectResult, collect
from ._client import OFFICIAL_SITE, USER_AGENT, Client
from ._fetch import fetch_list, fetch_petition
from ._watch import WatchResult, watch

__all__ = [
    "OFFICIAL_SITE",
    "USER_AGENT",
    "Client",
    "CollectResult",
    "FetchError",
    "WatchResult",
    "collect",
    "fetch_list",
    "fetch_petition",
    "watch",
]

for _name in ("Client", "CollectResult", "WatchResult"):
    globals()[_name].__module__ = __name__
