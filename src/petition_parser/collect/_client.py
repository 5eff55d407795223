"""The HTTP client: one connection pool, explicit timeouts and limits, polite retries.

Everything the petitions site is asked goes through :class:`Client`:

* one ``httpx.Client`` (keep-alive: one TLS handshake, not one a request);
* at most ``concurrency`` requests in flight, however many threads ask;
* at most ``rate`` requests started a second (a steady spacing, counted from when each
  request was written, not bursts);
* connection errors, timeouts, 5xx and 429 answers retried up to ``retries`` times,
  after an exponential backoff with jitter (``backoff * 2**attempt``, a random share
  of it, at most ``max_backoff``), or after the ``Retry-After`` the site asked for;
* a ``User-Agent`` that names the library and its version;
* anything else that is not a JSON document (a 404, HTML, a truncated body) is a
  ``FetchError`` naming the URL and the status, at once.
"""

from __future__ import annotations

import email.utils
import math
import random
import threading
import time
from collections import deque
from collections.abc import Mapping
from datetime import datetime, timezone
from types import TracebackType
from typing import TYPE_CHECKING, Any

from attrs import define

from .. import __version__
from .._errors import FetchError, PetitionParseError
from .._json import loads
from .._tables.optional import require

if TYPE_CHECKING:
    import httpx

__all__ = ["OFFICIAL_SITE", "USER_AGENT", "Answer", "Client"]

#: The petitions site of the UK Parliament.
OFFICIAL_SITE = "https://petition.parliament.uk"
USER_AGENT = f"petition-parser/{__version__} (+https://github.com/petition-parser/petition-parser)"
#: The longest a Retry-After is honoured: a site asking for more is treated as down.
MAX_RETRY_AFTER = 600.0
#: The most redirects followed for one answer (each one a request of its own).
MAX_REDIRECTS = 5
#: The statuses of a redirect (with a ``Location``).
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


#: How much wider than ``1 / rate`` the turns are (``_Pace``).
SPACING = 1.02


class _Pace:
    """Requests started at most ``rate`` a second, evenly spaced, across threads.

    What the site counts is when each request arrives, so a turn lasts until its
    request has been written to the connection (``written``), and the next turn
    begins ``interval`` after that.  A request does not leave when its turn begins:
    its thread may wait for the interpreter's lock, or open a connection first.
    Counted from the turns, a request that left 40 ms late arrived within a second of
    the 25 after it (at 25 a second, in a CI run, by the test server's log); counted
    from the writes, no two requests are ever written closer than ``interval``,
    whatever wakes late.  Only the writes are taken one at a time: the answers of up
    to ``concurrency`` requests are awaited together.

    The turns are also ``SPACING`` wider than ``1 / rate``: a request written on time
    can still be read late at the other end of a real network.  The margin is 20 ms in
    every second, at any rate.
    """

    def __init__(self, rate: float) -> None:
        self.interval = SPACING / rate
        self.next = time.monotonic()  # when the next turn may begin
        self.writing = False  # a turn has begun and its request is not yet written
        self.changed = threading.Condition()

    def wait(self, stopped: threading.Event) -> bool:
        """Until this thread's turn begins (True), or ``stopped`` is set (False).  Every
        turn that begins must end with ``written``."""
        with self.changed:
            while True:
                if stopped.is_set():
                    return False
                now = time.monotonic()
                if not self.writing and now >= self.next:
                    self.writing = True
                    return True
                # ``stop`` wakes every waiting thread; a turn that ends wakes them too.
                self.changed.wait(None if self.writing else self.next - now)

    def written(self) -> None:
        """The request of the turn now under way has been written (or will never be):
        the next turn begins ``interval`` from now."""
        with self.changed:
            self.writing = False
            self.next = time.monotonic() + self.interval
            self.changed.notify_all()

    def stop(self) -> None:
        """Wake every thread waiting for a turn (``stopped`` has been set)."""
        with self.changed:
            self.changed.notify_all()


class _Slots:
    """At most ``count`` requests in flight, the free slots given in the order they were
    asked for.

    ``threading.Semaphore`` lets the thread that frees a slot take it straight back:
    ``collect``'s fetching threads, each going from one request to the next, kept the
    thread that reads the list's next page waiting until every petition of the pages
    before was fetched, and then the list was all that was in flight.
    """

    def __init__(self, count: int) -> None:
        self.free = count
        self.waiting: deque[threading.Lock] = deque()
        self.lock = threading.Lock()

    def __enter__(self) -> None:
        with self.lock:
            if self.free and not self.waiting:
                self.free -= 1
                return
            turn = threading.Lock()
            turn.acquire()
            self.waiting.append(turn)
        try:
            turn.acquire()  # released by ``__exit__``, which hands its slot over
        except BaseException:  # Ctrl-C while waiting: give up the place, or the slot
            with self.lock:
                if turn in self.waiting:
                    self.waiting.remove(turn)
                else:
                    self._hand_over()
            raise

    def __exit__(self, *exc_info: object) -> None:
        with self.lock:
            self._hand_over()

    def _hand_over(self) -> None:
        """A slot freed (under ``lock``): to the first thread waiting, if any."""
        if self.waiting:
            self.waiting.popleft().release()
        else:
            self.free += 1


@define(frozen=True)
class Answer:
    """A successful answer (200): its URL, its content type, and the body's bytes."""

    url: str
    content_type: str
    body: bytes

    def json(self) -> Any:
        """The body's JSON value; a FetchError naming the URL when it is not JSON."""
        try:
            return loads(self.body)
        except PetitionParseError as exc:
            raise FetchError(
                self.url, f"expected a JSON document, found {self.content_type}: {exc}", status=200
            ) from None


class Client:
    """A polite client of the petitions site's JSON API (extra ``collect``).

    ``base_url`` is the site (the official one by default; tests use a local server).
    ``concurrency`` bounds the requests in flight and ``rate`` the requests started a
    second; ``timeout`` is the seconds to wait to connect and for each read; ``retries``
    the further attempts after a connection error, a timeout, a 5xx or a 429.  Use it
    as a context manager, or ``close()`` it.
    """

    def __init__(
        self,
        base_url: str = OFFICIAL_SITE,
        *,
        concurrency: int = 2,
        rate: float = 4.0,
        timeout: float = 30.0,
        retries: int = 4,
        backoff: float = 1.0,
        max_backoff: float = 60.0,
    ) -> None:
        if not 1 <= concurrency <= 64:
            raise FetchError(base_url, f"expected a concurrency from 1 to 64, found {concurrency}")
        if not rate > 0:
            raise FetchError(base_url, f"expected a rate above 0 requests a second, found {rate}")
        httpx_module = require("httpx", "collect", "Collecting from the petitions site")
        self.base_url = base_url.rstrip("/")
        self.concurrency = concurrency
        self.rate = rate
        self.retries = retries
        self.backoff = backoff
        self.max_backoff = max_backoff
        self._httpx = httpx_module
        self._http: httpx.Client = httpx_module.Client(
            base_url=self.base_url,
            headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
            timeout=httpx_module.Timeout(timeout, connect=min(timeout, 10.0)),
            limits=httpx_module.Limits(
                max_connections=concurrency, max_keepalive_connections=concurrency
            ),
            follow_redirects=False,  # followed by ``get``: paced, and on the site
        )
        self._slots = _Slots(concurrency)
        self._pace = _Pace(rate)
        #: Set by ``stop()``: waits end at once and no new request starts.
        self.stopped = threading.Event()

    def __enter__(self) -> Client:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def stop(self) -> None:
        """Stop: requests waiting to start, and backoffs, end with a FetchError."""
        self.stopped.set()
        self._pace.stop()

    def get(self, url: str, params: Mapping[str, str | int] | None = None) -> Answer:
        """The answer at ``url`` (a path under ``base_url``, or a full URL on the same
        site); a FetchError when there is none (after retries), or it is not a 200.

        Redirects on the same site are followed (the site moves a petition of a past
        Parliament to ``/archived/``), each a request paced like any other, at most
        ``MAX_REDIRECTS`` of them; a redirect to another site is a FetchError."""
        shown = self._on_site(url if "://" in url else self.base_url + url)
        error: FetchError | None = None
        asked: float | None = None  # the Retry-After of the last answer
        attempt = redirects = 0
        while True:
            if error is not None:
                if attempt == self.retries:
                    break
                attempt += 1
                self.stopped.wait(self._delay(attempt, asked))
            if self.stopped.is_set():
                raise FetchError(shown, "stopped before an answer")
            try:
                with self._slots:
                    # Paced once a slot is free: the start it counts is this request's.
                    if not self._pace.wait(self.stopped):
                        raise FetchError(shown, "stopped before an answer")
                    response = self._send(url, params)
                    body = response.read()
            except self._httpx.TransportError as exc:  # refused, reset, timed out, cut
                error = FetchError(shown, f"no answer: {type(exc).__name__}: {exc}")
                asked = None
                continue
            shown = str(response.url)
            status = response.status_code
            location = response.headers.get("Location")
            if status in _REDIRECTS and location is not None:
                redirects += 1
                if redirects > MAX_REDIRECTS:
                    raise FetchError(
                        shown, f"expected an answer within {MAX_REDIRECTS} redirects", status=status
                    )
                url = shown = self._on_site(str(response.url.join(location)), shown)
                params, error = None, None
                continue
            if status == 429 or status >= 500:
                error = FetchError(shown, "the site is busy or failing", status=status)
                asked = _retry_after(response.headers.get("Retry-After"))
                continue
            if status != 200:
                raise FetchError(shown, "expected a JSON document", status=status)
            return Answer(shown, response.headers.get("Content-Type", "no content type"), body)
        if self.retries:
            raise FetchError(
                error.url, f"{error.message}, {self.retries + 1} attempts", status=error.status
            )
        raise error

    def _on_site(self, url: str, redirected_from: str | None = None) -> str:
        """``url``, if it is on ``base_url``: a link in a document (the next page) or a
        redirect never takes the client to another site."""
        if url.startswith(self.base_url + "/"):
            return url
        found = (
            "another site"
            if redirected_from is None
            else f"a redirect to another site from {redirected_from}"
        )
        raise FetchError(url, f"expected a URL on {self.base_url}, found {found}")

    def _send(self, url: str, params: Mapping[str, str | int] | None) -> httpx.Response:
        """One request, in the turn this thread was given: the turn ends when httpcore
        says the request's headers are written (its ``trace`` extension), or, at the
        latest, when the request has failed or its answer is in."""
        ended = False

        def end_turn() -> None:
            nonlocal ended
            if not ended:
                ended = True
                self._pace.written()

        def trace(event: str, info: Mapping[str, Any]) -> None:
            if event.endswith("send_request_headers.complete"):
                end_turn()

        try:
            return self._http.get(url, params=params, extensions={"trace": trace})
        finally:
            end_turn()

    def _delay(self, attempt: int, asked: float | None) -> float:
        """Exponential backoff with jitter, or the Retry-After asked for (if longer)."""
        ceiling = min(self.max_backoff, self.backoff * 2 ** (attempt - 1))
        delay = random.uniform(ceiling / 2, ceiling)
        return max(delay, asked) if asked is not None else delay


def _retry_after(value: str | None) -> float | None:
    """The seconds a ``Retry-After`` header asks for (a number, or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=timezone.utc)
        seconds = (when - datetime.now(timezone.utc)).total_seconds()
    if math.isnan(seconds):
        return None
    return min(max(seconds, 0.0), MAX_RETRY_AFTER)
