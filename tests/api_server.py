"""A real HTTP server on 127.0.0.1 that plays the petitions site, with faults to switch on.

It serves invented API documents in today's shape (``app/views/petitions/*.json.jbuilder``
of the petitions site): ``/petitions/{id}.json`` (one petition, with its signatures by
country, constituency and region), ``/petitions.json?state=...&page=N`` (a page of
petitions without them, ``links`` with ``self``, ``first``, ``last``, ``next``,
``prev``) and ``/petitions/{id}/count.json``.  Tests and benchmarks start it with
``with ApiServer() as server:`` and point a client at ``server.url``.

Faults, queued per path with :meth:`ApiServer.fail` and served one per request:
``500``, ``503``, ``429`` (with ``Retry-After``), ``slow`` (an answer later than the
client's timeout), ``reset`` (the connection dropped without an answer),
``truncated`` (fewer bytes than ``Content-Length`` says), ``cut-json`` (a complete
answer holding half a document), ``html`` (a page instead of JSON), ``404``,
``wrong-shape`` (JSON, not a document), ``loop`` (a list page whose next link is
itself), ``moved`` (a 301 to the same path under ``/archived``, where the site keeps a
past Parliament's petitions, served there too), ``moved-here`` (a 302 to the same path)
and ``moved-away`` (a 302 to another site).  ``latency`` delays every answer.  Every
request is logged with its start and end, its status and how many requests were in
flight when it started.
"""

from __future__ import annotations

import json
import socket
import struct
import sys
import threading
import time
from collections import defaultdict, deque
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, urlsplit

from attrs import asdict, define

__all__ = ["ApiServer", "Request", "make_document"]

_COUNTRIES = [("United Kingdom", "GB"), ("France", "FR"), ("Norway", "NO"), ("Chile", "CL")]
_PLACES = ["Ashbury", "Bramford", "Caldecott", "Dunmore", "Elmstead", "Fernhill", "Glenwood"]
_T0 = datetime(2031, 2, 3, 9, 15, 42, 123000, tzinfo=timezone.utc)


def _stamp(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond // 1000:03d}Z"


def make_document(
    petition_id: int,
    count: int,
    *,
    site: str = "https://petition.parliament.uk",
    constituencies: int = 20,
    updated: int = 0,
    title: str | None = None,
) -> dict[str, Any]:
    """An invented petition's document: ``count`` signatures shared out over countries
    and ``constituencies`` constituencies (with a shortfall, so that the reports get
    their Unknown rows), updated ``updated`` minutes after it opened."""
    uk = count * 9 // 10
    countries = [
        {"name": name, "code": code, "signature_count": n}
        for (name, code), n in zip(
            _COUNTRIES, [uk, (count - uk) // 2, (count - uk) // 4, 0], strict=True
        )
    ]
    seats = [
        {
            "name": f"{_PLACES[i % len(_PLACES)]} {('South', 'North')[i // 7 % 2]} {i}",
            "ons_code": f"E{14000000 + i:08d}",
            "mp": None if i == 3 else f"Member {i} MP",
            "signature_count": uk // (constituencies + 1) + (i % 3),
        }
        for i in range(constituencies)
    ]
    attributes: dict[str, Any] = {
        "action": title or f"Plant a hedge on green number {petition_id}",
        "background": "Hedges shelter birds.\r\n\r\nThey cost little \u2013 and last for years.",
        "additional_details": "",
        "committee_note": None,
        "state": "open",
        "signature_count": count,
        "created_at": _stamp(_T0),
        "updated_at": _stamp(_T0 + timedelta(days=6, minutes=updated)),
        "rejected_at": None,
        "opened_at": _stamp(_T0 + timedelta(days=6)),
        "closed_at": None,
        "moderation_threshold_reached_at": _stamp(_T0 + timedelta(hours=5)),
        "response_threshold_reached_at": None,
        "government_response_at": None,
        "debate_threshold_reached_at": None,
        "debate_scheduled_at": None,
        "scheduled_debate_date": None,
        "debate_outcome_at": None,
        "creator_name": "A. Gardener",
        "rejection": None,
        "government_response": None,
        "debate": None,
        "departments": [],
        "topics": ["environment"],
        "signatures_by_country": countries,
        "signatures_by_constituency": seats,
        "signatures_by_region": [
            {"name": "London", "ons_code": "E12000007", "signature_count": uk}
        ],
        "other_parliamentary_business": [],
    }
    return {
        "links": {"self": f"{site}/petitions/{petition_id}.json"},
        "data": {"type": "petition", "id": petition_id, "attributes": attributes},
    }


@define
class Request:
    """One request as the server saw it."""

    path: str
    start: float
    end: float
    status: int
    in_flight: int
    user_agent: str
    #: When the request's first bytes reached the server's socket, by the kernel's
    #: stamp (``time.time()`` seconds): what a site counting arrivals counts, however
    #: late a thread of this server got to the request.
    arrived: float


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """Quiet about a client that went away (it timed out on a ``slow`` answer, or was
        reset): the tests make clients do that.  Anything else is printed, as usual."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class ApiServer:
    """The server; see the module doc."""

    def __init__(self, *, page_size: int = 50, latency: float = 0.0) -> None:
        self.page_size = page_size
        self.latency = latency
        self.documents: dict[int, dict[str, Any]] = {}
        self.log: list[Request] = []
        self._faults: dict[str, deque[str]] = defaultdict(deque)
        self._lock = threading.Lock()
        self._in_flight = 0
        self.retry_after = "1"
        self.slow_seconds = 5.0
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass  # the log is server.log

            def handle_one_request(self) -> None:
                self.arrived = _arrival(self.connection)
                super().handle_one_request()

            def do_GET(self) -> None:
                server._serve(self, self.arrived)

        self._http = _Server(("127.0.0.1", 0), Handler)
        self._http.daemon_threads = True
        # Stamp what arrives (the accepted connections inherit it): see ``_arrival``.
        self._http.socket.setsockopt(socket.SOL_SOCKET, _SO_TIMESTAMPNS, 1)
        self.url = f"http://127.0.0.1:{self._http.server_address[1]}"
        self._thread = threading.Thread(target=self._http.serve_forever, daemon=True)

    # -- the test's side ---------------------------------------------------------------

    def __enter__(self) -> ApiServer:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._http.shutdown()
        self._http.server_close()

    def add(self, petition_id: int, count: int, **options: Any) -> dict[str, Any]:
        """Serve an invented petition (see ``make_document``); returns its document.

        Its ``links.self`` names the official site, as the site's own documents do (a
        report's url must); the list pages' links name this server, to be followed."""
        document = make_document(petition_id, count, **options)
        self.documents[petition_id] = document
        return document

    def grow(self, petition_id: int, by: int) -> None:
        """The petition gains ``by`` signatures (and a later ``updated_at``)."""
        old = self.documents[petition_id]["data"]["attributes"]
        minutes = (
            datetime.fromisoformat(old["updated_at"].replace("Z", "+00:00")) - _T0
        ) // timedelta(minutes=1) - 6 * 24 * 60
        self.add(
            petition_id,
            old["signature_count"] + by,
            updated=minutes + 10,
            constituencies=len(old["signatures_by_constituency"]),
            title=old["action"],
        )

    def fail(self, path: str, *faults: str) -> None:
        """Queue faults for ``path`` (``/petitions/7.json``, ``/petitions.json``)."""
        self._faults[path].extend(faults)

    def requests(self, path: str | None = None) -> list[Request]:
        """The requests logged (for ``path``), once those under way are logged too."""
        self.settle()
        return [r for r in self.log if path is None or r.path == path]

    def most_in_flight(self) -> int:
        self.settle()
        return max((r.in_flight for r in self.log), default=0)

    def settle(self, seconds: float = 5.0) -> None:
        """Wait until no request is under way: a client has its answer a moment before the
        handler that sent it has logged it."""
        deadline = time.monotonic() + seconds
        while self._in_flight and time.monotonic() < deadline:
            time.sleep(0.005)

    # -- the server's side -------------------------------------------------------------

    def _serve(self, handler: BaseHTTPRequestHandler, arrived: float) -> None:
        start = time.monotonic()
        with self._lock:
            self._in_flight += 1
            in_flight = self._in_flight
        status = 0
        parts = urlsplit(handler.path)
        try:
            if self.latency:
                time.sleep(self.latency)
            fault = self._next_fault(parts.path)
            status = self._answer(handler, parts.path, parse_qs(parts.query), fault)
        finally:
            with self._lock:
                self._in_flight -= 1
                self.log.append(
                    Request(
                        parts.path,
                        start,
                        time.monotonic(),
                        status,
                        in_flight,
                        handler.headers.get("User-Agent", ""),
                        arrived,
                    )
                )

    def _next_fault(self, path: str) -> str | None:
        with self._lock:
            queue = self._faults.get(path)
            return queue.popleft() if queue else None

    def _answer(
        self,
        handler: BaseHTTPRequestHandler,
        path: str,
        query: dict[str, list[str]],
        fault: str | None,
    ) -> int:
        if fault == "reset":
            # Drop the connection without an answer: SO_LINGER 0 makes the close a reset.
            handler.connection.setsockopt(
                socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
            )
            handler.close_connection = True
            return 0
        if fault == "slow":
            time.sleep(self.slow_seconds)
        if fault in ("500", "503", "404"):
            return _send(handler, int(fault), b'{"error": "fault"}')
        if fault == "429":
            return _send(handler, 429, b"{}", {"Retry-After": self.retry_after})
        if fault == "html":
            return _send(handler, 200, b"<html><body>Maintenance</body></html>", {}, "text/html")
        if fault == "wrong-shape":
            return _send(handler, 200, b'{"data": [1, 2, 3]}')
        moves = {
            "moved": "/archived" + path,
            "moved-here": path,
            "moved-away": "http://example.org" + path,
        }
        if fault in moves:
            status = 301 if fault == "moved" else 302
            return _send(handler, status, b"", {"Location": moves[fault]}, "text/html")
        path = path.removeprefix("/archived")
        body, status = self._document(path, query, fault)
        if fault == "cut-json":
            body = body[: len(body) // 2]
        if fault == "truncated":
            handler.send_response(status)
            handler.send_header("Content-Type", "application/json")
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            handler.wfile.write(body[: len(body) // 2])
            handler.close_connection = True
            return status
        return _send(handler, status, body)

    def _document(
        self, path: str, query: dict[str, list[str]], fault: str | None
    ) -> tuple[bytes, int]:
        if path == "/petitions.json":
            return json.dumps(self._page(query, loop=fault == "loop")).encode(), 200
        if path.startswith("/petitions/") and path.endswith("/count.json"):
            pid = path.removeprefix("/petitions/").removesuffix("/count.json")
            document = self.documents.get(int(pid)) if pid.isdigit() else None
            if document is None:
                return b'{"error": "not found"}', 404
            count = document["data"]["attributes"]["signature_count"]
            body = {
                "signature_count": count,
                "threshold_for_referral": 10_000,
                "threshold_for_debate": 100_000,
            }
            return json.dumps(body).encode(), 200
        if path.startswith("/petitions/") and path.endswith(".json"):
            pid = path.removeprefix("/petitions/").removesuffix(".json")
            document = self.documents.get(int(pid)) if pid.isdigit() else None
            if document is None:
                return b'{"error": "not found"}', 404
            return json.dumps(document, ensure_ascii=False).encode("utf-8"), 200
        return b'{"error": "not found"}', 404

    def _page(self, query: dict[str, list[str]], *, loop: bool) -> dict[str, Any]:
        state = query.get("state", ["all"])[0]
        page = int(query.get("page", ["1"])[0])
        chosen = [
            d for d in self.documents.values() if state in ("all", d["data"]["attributes"]["state"])
        ]
        chosen.sort(key=lambda d: -d["data"]["attributes"]["signature_count"])
        pages = max(1, -(-len(chosen) // self.page_size))
        shown = chosen[(page - 1) * self.page_size : page * self.page_size]

        def at(n: int) -> str:
            return f"{self.url}/petitions.json?page={n}&state={state}"

        entries = []
        for document in shown:
            attributes = {
                k: v
                for k, v in document["data"]["attributes"].items()
                if not k.startswith("signatures_by_") and k != "other_parliamentary_business"
            }
            entries.append(
                {
                    "type": "petition",
                    "id": document["data"]["id"],
                    "links": {"self": document["links"]["self"]},
                    "attributes": attributes,
                }
            )
        return {
            "links": {
                "self": at(page),
                "first": at(1),
                "last": at(pages),
                "next": at(page) if loop else (at(page + 1) if page < pages else None),
                "prev": at(page - 1) if page > 1 else None,
            },
            "data": entries,
        }


#: Linux's SO_TIMESTAMPNS (``socket`` has no name for it): the kernel stamps each packet
#: as it arrives, and ``recvmsg`` hands the stamp over.
_SO_TIMESTAMPNS = getattr(socket, "SO_TIMESTAMPNS", 35)


def _arrival(connection: socket.socket) -> float:
    """When the next request's first bytes reached ``connection``, by the kernel's stamp
    (peeked: the handler then reads the request as usual); now if the client closed the
    connection, which has no request to stamp."""
    _, ancillary, _, _ = connection.recvmsg(1, socket.CMSG_SPACE(16), socket.MSG_PEEK)
    for level, kind, data in ancillary:
        if level == socket.SOL_SOCKET and kind == _SO_TIMESTAMPNS and len(data) >= 16:
            seconds, nanoseconds = struct.unpack("qq", data[:16])
            return float(seconds + nanoseconds / 1e9)
    return time.time()


def _send(
    handler: BaseHTTPRequestHandler,
    status: int,
    body: bytes,
    headers: dict[str, str] | None = None,
    content_type: str = "application/json; charset=utf-8",
) -> int:
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body)))
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    handler.end_headers()
    handler.wfile.write(body)
    return status


def main() -> None:
    """``python tests/api_server.py N LATENCY LOG [PAGE_SIZE]``: serve N invented petitions
    in a process of its own, print the URL, and on end of standard input write the
    request log to LOG as JSON.  For benchmarks (the server's work is not the client's)
    and for tests of timing (the server's log is not held up by the test's process: a
    collection there pauses every thread in it)."""
    count, latency, log = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
    page_size = int(sys.argv[4]) if len(sys.argv) > 4 else 50
    with ApiServer(latency=latency, page_size=page_size) as server:
        for i in range(count):
            server.add(700_001 + i, 1_000_000 - 97 * i, constituencies=650)
        print(server.url, flush=True)
        sys.stdin.read()
        requests = server.requests()
    with open(log, "w", encoding="utf-8") as f:
        json.dump([asdict(r) for r in requests], f)


if __name__ == "__main__":
    main()
