"""Collecting from the live site, against a real HTTP server on 127.0.0.1 (tests/api_server.py).

No test reaches any other address: every client here is pointed at the local server.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

import petition_parser as pp
from petition_parser import collect as pc
from petition_parser.collect._client import Answer, _Pace

from .api_server import ApiServer, Request
from .conftest import ROOT, read_exact

WHEN = datetime(2031, 6, 1, 18, 30, 5)


@pytest.fixture
def server() -> Iterator[ApiServer]:
    with ApiServer(page_size=4) as running:
        for i in range(1, 11):
            running.add(700000 + i, 1_000 * i + 7 * i)
        yield running


def client(server: ApiServer, **options: float) -> pc.Client:
    """A quick client: short backoffs, a high rate (the tests of limits set their own)."""
    settings: dict[str, float] = {"rate": 200.0, "backoff": 0.05, "timeout": 2.0} | options
    return pc.Client(
        server.url,
        concurrency=int(settings.pop("concurrency", 2)),
        retries=int(settings.pop("retries", 4)),
        **settings,
    )


def files_left(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


# -- fetching ---------------------------------------------------------------------------


def test_fetch_petition_gives_the_document_the_site_serves(server: ApiServer) -> None:
    served = server.documents[700003]
    served["data"]["attributes"]["a_field_of_2032"] = {"new": [1, 2]}  # the API evolves
    document = pc.fetch_petition(700003, base_url=server.url)
    assert pp.dump_api(document) == served
    assert document.attributes.extra_keys == {"a_field_of_2032": {"new": [1, 2]}}
    (request,) = server.requests("/petitions/700003.json")
    assert (
        request.user_agent
        == f"petition-parser/{pp.__version__} (+https://github.com/petition-parser/petition-parser)"
    )


def test_fetch_list_follows_the_next_links(server: ApiServer) -> None:
    ids = [entry.id for entry in pc.fetch_list("open", base_url=server.url)]
    assert ids == list(range(700010, 700000, -1))
    assert len(server.requests("/petitions.json")) == 3  # 4 + 4 + 2
    first = list(pc.fetch_list("open", pages=1, base_url=server.url))
    assert [e.id for e in first] == ids[:4]
    assert first[0].links.self_url == "https://petition.parliament.uk/petitions/700010.json"
    assert first[0].attributes.signatures_by_country is None  # only in the document
    assert list(pc.fetch_list("closed", base_url=server.url)) == []


def test_a_next_link_that_loops_is_an_error(server: ApiServer) -> None:
    server.fail("/petitions.json", "loop")
    with pytest.raises(pp.FetchError, match="a link to a page already read"):
        list(pc.fetch_list("open", base_url=server.url))


def test_a_next_link_to_another_site_is_not_followed(server: ApiServer) -> None:
    with client(server) as c, pytest.raises(pp.FetchError, match="found another site"):
        c.get("https://example.org/petitions.json")
    assert server.requests() == []


def test_a_moved_petition_is_fetched_where_the_site_sends_it(server: ApiServer) -> None:
    """The site moves a past Parliament's petitions under /archived/ and redirects: the
    client follows, and the redirect's target is a request paced like the first."""
    server.fail("/petitions/700003.json", "moved")
    with client(server, rate=10.0) as c:
        document = pc.fetch_petition(700003, client=c)
    assert document.data.id == 700003
    first, second = server.requests()
    assert (first.path, first.status) == ("/petitions/700003.json", 301)
    assert (second.path, second.status) == ("/archived/petitions/700003.json", 200)
    assert second.arrived - first.arrived >= 1.02 / 10  # its own turn


def test_a_redirect_to_another_site_is_not_followed(server: ApiServer) -> None:
    server.fail("/petitions/700003.json", "moved-away")
    with client(server) as c, pytest.raises(pp.FetchError) as info:
        c.get("/petitions/700003.json")
    assert str(info.value) == (
        "http://example.org/petitions/700003.json: expected a URL on "
        f"{server.url}, found a redirect to another site from "
        f"{server.url}/petitions/700003.json"
    )
    assert [r.status for r in server.requests()] == [302]


def test_redirects_are_followed_five_times_at_most(server: ApiServer) -> None:
    path = "/petitions/700003.json"
    server.fail(path, *["moved-here"] * 5)
    with client(server) as c:
        assert json.loads(c.get(path).body)["data"]["id"] == 700003  # five, then the answer
    server.fail(path, *["moved-here"] * 6)
    with client(server) as c, pytest.raises(pp.FetchError) as info:
        c.get(path)
    assert (
        str(info.value) == f"{server.url}{path}: expected an answer within 5 redirects (HTTP 302)"
    )
    assert [r.status for r in server.requests()] == [302] * 5 + [200] + [302] * 6


# -- faults -----------------------------------------------------------------------------


def _gaps(requests: list[Request]) -> list[float]:
    """From one request's arrival to the next, on the server's clock.  (Not from the
    logged end of the first: the server logs it after sending, and the client may
    already be waiting by then.)"""
    return [b.start - a.start for a, b in itertools.pairwise(requests)]


def test_500s_are_retried_with_growing_backoff(
    server: ApiServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    chosen: list[float] = []  # the backoffs the client drew, in order
    draw = pc.Client._delay

    def recording(self: pc.Client, attempt: int, asked: float | None) -> float:
        chosen.append(draw(self, attempt, asked))
        return chosen[-1]

    monkeypatch.setattr(pc.Client, "_delay", recording)
    path = "/petitions/700002.json"
    server.fail(path, "500", "503", "500")
    with client(server, backoff=0.2) as c:
        document = pc.fetch_petition(700002, client=c)
    assert document.data.id == 700002
    tried = server.requests(path)
    assert [r.status for r in tried] == [500, 503, 500, 200]
    # Backoff 0.2 * 2**(attempt - 1), each a random share between half and all of it.
    assert len(chosen) == 3
    assert 0.1 <= chosen[0] <= 0.2
    assert 0.2 <= chosen[1] <= 0.4
    assert 0.4 <= chosen[2] <= 0.8
    # Each was waited before the next attempt.  (No upper bound on the gaps: how late
    # a busy machine wakes a thread is not the client's doing.)
    assert all(gap >= wait for gap, wait in zip(_gaps(tried), chosen, strict=True))


@pytest.mark.parametrize(
    ("attempt", "asked", "low", "high"),
    [
        (1, None, 0.5, 1.0),
        (2, None, 1.0, 2.0),
        (4, None, 4.0, 8.0),
        (7, None, 5.0, 10.0),  # 64 s, at most max_backoff (10 s)
        (1, 3.0, 3.0, 3.0),  # Retry-After longer than the backoff: it is waited
        (4, 3.0, 4.0, 8.0),  # shorter: the backoff is
    ],
)
def test_the_backoff_grows_up_to_its_ceiling_and_honours_retry_after(
    attempt: int, asked: float | None, low: float, high: float
) -> None:
    with pc.Client("http://127.0.0.1:9", backoff=1.0, max_backoff=10.0) as c:
        draws = [c._delay(attempt, asked) for _ in range(200)]
    assert all(low <= d <= high for d in draws)
    assert len(set(draws)) == (1 if low == high else 200)  # jittered, unless asked for


def test_429_waits_for_retry_after(server: ApiServer) -> None:
    path = "/petitions/700002.json"
    server.fail(path, "429")
    with client(server, backoff=0.01) as c:
        pc.fetch_petition(700002, client=c)
    tried = server.requests(path)
    assert [r.status for r in tried] == [429, 200]
    assert _gaps(tried)[0] >= 1.0  # Retry-After: 1


def test_too_many_failures_name_the_url_and_the_status(server: ApiServer) -> None:
    server.fail("/petitions/700002.json", *["500"] * 3)
    with client(server, retries=2) as c, pytest.raises(pp.FetchError) as info:
        pc.fetch_petition(700002, client=c)
    assert info.value.status == 500
    assert info.value.url == f"{server.url}/petitions/700002.json"
    assert str(info.value) == (
        f"{server.url}/petitions/700002.json: the site is busy or failing, 3 attempts (HTTP 500)"
    )


@pytest.mark.parametrize("fault", ["slow", "reset", "truncated"])
def test_no_answer_is_retried(server: ApiServer, fault: str) -> None:
    # The good second answer has a second to come, however busy the machine.
    server.slow_seconds = 2.5
    path = "/petitions/700004.json"
    server.fail(path, fault)
    with client(server, timeout=1.0) as c:
        document = pc.fetch_petition(700004, client=c)
    assert pp.dump_api(document) == server.documents[700004]
    assert len(server.requests(path)) == 2


@pytest.mark.parametrize(
    ("fault", "status", "message"),
    [
        ("404", 404, "expected a JSON document"),
        ("html", 200, "expected a petition's JSON document, found text/html"),
        ("cut-json", 200, "expected a petition's JSON document, found application/json"),
        ("wrong-shape", 200, "at $.links: required field missing"),
    ],
)
def test_a_bad_document_is_an_error_at_once(
    server: ApiServer, fault: str, status: int, message: str
) -> None:
    path = "/petitions/700005.json"
    server.fail(path, fault)
    with client(server) as c, pytest.raises(pp.FetchError) as info:
        pc.fetch_petition(700005, client=c)
    assert (info.value.status, info.value.url) == (status, f"{server.url}{path}")
    assert message in str(info.value)
    assert len(server.requests(path)) == 1  # not retried
    assert isinstance(info.value, pp.PetitionError)


def test_concurrency_and_rate_hold(tmp_path: Path) -> None:
    # The server in a process of its own, stamping each request with when its first
    # bytes reached the server's socket (the kernel's clock, not when a thread of the
    # server got to it: a busy machine delays one thread and not another).
    log = tmp_path / "log.json"
    command = [sys.executable, str(ROOT / "tests" / "api_server.py"), "40", "0.05", str(log), "4"]
    with subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    ) as server:
        assert server.stdin is not None
        assert server.stdout is not None
        url = server.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:")
        with pc.Client(url, concurrency=3, rate=25.0) as c:
            pc.collect(tmp_path / "archive", top=40, client=c, refreshed_at=WHEN)
        server.stdin.close()
    assert server.returncode == 0
    requests = json.loads(log.read_text("utf-8"))
    assert len(requests) == 40 + 10  # the petitions and the list's pages of 4
    assert max(r["in_flight"] for r in requests) <= 3
    arrivals = sorted(r["arrived"] for r in requests)
    # Never more than 25 requests arrived in any one second.
    assert all(b - a >= 1.0 for a, b in zip(arrivals, arrivals[25:], strict=False))


def test_a_free_slot_goes_to_the_thread_that_asked_first(server: ApiServer) -> None:
    """A thread going from one request to the next does not take back the slot it frees
    while another waits for one: the waiting thread's request is the next to start.
    (With a plain semaphore, collect's fetching threads kept the list's next page
    waiting until every petition listed before it was fetched.)"""
    # Each answer takes 0.4 s: the main thread asks for its slot within that, however
    # late a busy machine wakes it.
    server.latency = 0.4
    with client(server, concurrency=1) as c:
        first_sent = threading.Event()

        def one_after_another() -> None:
            for i in range(4):
                if i == 1:
                    first_sent.set()
                c.get("/petitions/700001.json")

        fetching = threading.Thread(target=one_after_another)
        fetching.start()
        assert first_sent.wait(10)  # its first request answered, the second on its way
        time.sleep(0.03)
        c.get("/petitions.json")
        fetching.join()
    server.settle()
    paths = [r.path for r in sorted(server.requests(), key=lambda r: r.start)]
    assert len(paths) == 5
    assert paths.index("/petitions.json") <= 2


def test_ctrl_c_while_waiting_for_a_slot_leaves_the_slots_as_they_were(server: ApiServer) -> None:
    """Interrupted while it waits for a slot, the main thread gives up its place; the
    client, concurrency 1, then makes the next request (no slot lost for good)."""
    server.latency = 0.6  # the SIGINT (at about 0.2 s) well within the first request
    with client(server, concurrency=1) as c:
        holding = threading.Thread(target=c.get, args=("/petitions/700001.json",))
        holding.start()
        time.sleep(0.1)  # its request in flight, the one slot taken
        main = threading.main_thread().ident
        assert main is not None
        threading.Timer(0.1, signal.pthread_kill, (main, signal.SIGINT)).start()
        with pytest.raises(KeyboardInterrupt):
            c.get("/petitions/700002.json")
        holding.join()
        answers: list[Answer] = []
        after = threading.Thread(
            target=lambda: answers.append(c.get("/petitions/700003.json")), daemon=True
        )
        after.start()
        after.join(timeout=10)
        assert [json.loads(a.body)["data"]["id"] for a in answers] == [700003]
    assert [r.path for r in server.requests()] == [
        "/petitions/700001.json",
        "/petitions/700003.json",
    ]


class _WakesLate(threading.Condition):
    """The pace's condition, whose first wait in the thread named "late" ends 0.12 s
    late: a thread the machine woke late (the lock let go meanwhile, as it is while a
    woken thread waits for a processor)."""

    def __init__(self) -> None:
        super().__init__()
        self.late = True
        self.woke = 0.0  # when the late thread did wake
        self.waited: set[str] = set()  # the threads that have waited

    def wait(self, timeout: float | None = None) -> bool:
        self.waited.add(threading.current_thread().name)
        notified = super().wait(timeout)
        if threading.current_thread().name == "late" and self.late:
            self.late = False
            self.release()
            time.sleep(0.12)
            self.acquire()
            self.woke = time.monotonic()
        return notified


def _paced(pace: _Pace, stopped: threading.Event, count: int, writing: float = 0.0) -> list[float]:
    """``count`` turns of ``pace`` taken in this thread, each request taking ``writing``
    seconds to be written: when each was written."""
    written = []
    for _ in range(count):
        assert pace.wait(stopped)
        time.sleep(writing)
        written.append(time.monotonic())
        pace.written()
    return written


def test_a_thread_that_wakes_late_does_not_start_in_a_burst() -> None:
    """The pace counts from when requests are written: a thread that wakes late takes
    the next free turn, not the one it booked (which would be within a few ms of the
    write after it)."""
    pace, stopped, late = _Pace(20.0), threading.Event(), _WakesLate()
    pace.changed = late
    writes: dict[str, list[float]] = {}

    def three_requests() -> None:
        writes[threading.current_thread().name] = _paced(pace, stopped, 3)

    assert pace.wait(stopped)  # a turn held: every thread below waits
    threads = [threading.Thread(target=three_requests, name=n) for n in ("late", "b", "c")]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 10
    while late.waited != {"late", "b", "c"} and time.monotonic() < deadline:
        time.sleep(0.005)
    pace.written()  # the held turn's request written: the threads take their turns
    for thread in threads:
        thread.join()
    assert not late.late  # the late thread did wake late
    assert writes["late"][0] >= late.woke  # its request came after it woke, not before
    every = sorted(start for run in writes.values() for start in run)
    gaps = [b - a for a, b in itertools.pairwise(every)]
    assert len(gaps) == 8
    assert min(gaps) >= pace.interval > 1 / 20


def test_a_request_written_late_holds_the_next_turn() -> None:
    """A turn lasts until its request is written (a thread waiting for the interpreter's
    lock, a connection being opened): the next request is written ``interval`` after
    it, not ``interval`` after the turn began.  (Counted from the turns, a request that
    left 40 ms late put 26 arrivals in 0.985 s of the test server's log.)"""
    pace, stopped = _Pace(25.0), threading.Event()
    writes: list[list[float]] = []
    threads = [
        threading.Thread(target=lambda: writes.append(_paced(pace, stopped, 4, writing=0.05)))
        for _ in range(3)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    every = sorted(at for run in writes for at in run)
    gaps = [b - a for a, b in itertools.pairwise(every)]
    assert len(gaps) == 11
    # Each write 50 ms after its turn began, and the next turn 40.8 ms after the write.
    assert min(gaps) >= 0.05 + pace.interval


def test_the_turns_leave_room_for_a_request_that_arrives_late() -> None:
    """The site counts arrivals: 26 turns at 25 a second span 1.02 s, so that one
    request read up to 20 ms late at the other end of a network still leaves 25 in any
    one second."""
    pace, stopped = _Pace(25.0), threading.Event()
    written = _paced(pace, stopped, 26)
    assert written[-1] - written[0] >= 1.02 - 1e-9  # 25 turns of 1.02 / 25 s


def test_stop_wakes_a_thread_waiting_for_a_turn(server: ApiServer) -> None:
    """``stop()`` ends the wait of a request whose turn is held by a request not yet
    written: it fails at once with "stopped before an answer"."""
    with client(server) as c:
        assert c._pace.wait(c.stopped)  # a turn begun, its request not written
        failures: list[BaseException] = []

        def ask() -> None:
            try:
                c.get("/petitions/700001.json")
            except pp.FetchError as exc:
                failures.append(exc)

        asking = threading.Thread(target=ask)
        asking.start()
        time.sleep(0.1)
        assert asking.is_alive()  # waiting for the turn
        c.stop()
        asking.join(timeout=10)
        assert not asking.is_alive()
        assert [str(f) for f in failures] == [
            f"{server.url}/petitions/700001.json: stopped before an answer"
        ]
    assert server.requests() == []


# -- collect ----------------------------------------------------------------------------


def test_collect_writes_what_the_script_wrote(server: ApiServer, tmp_path: Path) -> None:
    dest = tmp_path / "archive"
    with client(server) as c:
        result = pc.collect(dest, states=["open", "closed"], top=6, client=c, refreshed_at=WHEN)
    assert result.failures == []
    reports = sorted((dest / "docs" / "open").glob("7*.md"))
    assert [p.stem for p in reports] == [str(700000 + i) for i in range(5, 11)]
    for report in reports:
        pid = int(report.stem)
        body = (dest / "data" / "open" / f"{pid}.json").read_bytes()
        assert json.loads(body) == server.documents[pid]
        expected = pp.render(pp.from_api(pp.load_api(server.documents[pid]), WHEN))
        assert read_exact(report) == expected
    page = read_exact(dest / "docs" / "open" / "README.md")
    index = pp.parse_index(page)
    assert pp.render_index(index) == page
    assert pp.validate_index(index) == []
    assert (index.title, index.top, index.refreshed_at) == ("Top 6 Open Petitions", 6, WHEN)
    assert [row.report for row in index.rows] == [f"{700000 + i}.md" for i in range(10, 4, -1)]
    assert index == pp.index_from_api(
        [pp.load_api(server.documents[700000 + i]) for i in range(10, 4, -1)],
        WHEN,
        state="open",
        site=server.url,
    )
    # A state with no petitions: the page the script wrote while the site was closed.
    closed = pp.parse_index((dest / "docs" / "closed" / "README.md").read_text("utf-8"))
    assert (closed.layout, closed.title, closed.rows) == ("no-table", "Top Closed Petitions", ())
    # The collected archive reads back like the real one.
    assert len(list(pp.read_reports(dest))) == 6
    frame = pp.to_pandas(dest, "petitions")
    assert sorted(frame["petition_id"].tolist()) == [700000 + i for i in range(5, 11)]
    assert not [name for name in files_left(dest) if name.endswith(".tmp")]


def test_a_petition_that_disappears_is_listed_and_the_others_written(
    server: ApiServer, tmp_path: Path
) -> None:
    server.fail("/petitions/700009.json", "404")
    with client(server) as c:
        result = pc.collect(tmp_path / "a", top=4, client=c, refreshed_at=WHEN)
    assert [(getattr(f, "status", None), getattr(f, "url", None)) for f in result.failures] == [
        (404, f"{server.url}/petitions/700009.json")
    ]
    index = pp.parse_index((tmp_path / "a" / "docs" / "open" / "README.md").read_text("utf-8"))
    assert [row.report for row in index.rows] == ["700010.md", "700008.md", "700007.md"]
    assert not (tmp_path / "a" / "docs" / "open" / "700009.md").exists()


def test_collect_with_git_makes_a_commit_a_run(server: ApiServer, tmp_path: Path) -> None:
    dest = tmp_path / "archive"
    with client(server) as c:
        first = pc.collect(dest, top=3, git=True, client=c, refreshed_at=WHEN)
        server.grow(700010, 500)
        second = pc.collect(
            dest, top=3, git=True, client=c, refreshed_at=datetime(2031, 6, 1, 19, 30, 5)
        )
        again = pc.collect(
            dest, top=3, git=True, client=c, refreshed_at=datetime(2031, 6, 1, 19, 30, 5)
        )
    assert first.commit
    assert second.commit
    assert first.commit != second.commit
    assert again.commit is None  # nothing changed
    log = subprocess.run(
        ["git", "-C", str(dest), "log", "--format=%s"], capture_output=True, text=True, check=True
    ).stdout.split("\n")
    assert log[:2] == ["Refreshed 2031-06-01 19:30:05", "Refreshed 2031-06-01 18:30:05"]
    versions = list(pp.read_git(dest, "docs/open/700010.md"))
    assert [
        v.petition.signature_count for v in versions if isinstance(v.petition, pp.Petition)
    ] == [
        10_070,
        10_570,
    ]
    line = pp.timeline([v.petition for v in versions if isinstance(v.petition, pp.Petition)])
    assert [r["gained"] for r in line.records("snapshots")] == [None, 500]


def test_a_collect_killed_at_any_moment_is_completed_by_the_next(
    server: ApiServer, tmp_path: Path
) -> None:
    """10 runs killed with SIGKILL at random moments, each followed by one let finish:
    the archive is complete and every file parses."""
    for i in range(11, 31):
        server.add(700000 + i, 100 * i)
    server.latency = 0.02
    dest = tmp_path / "archive"
    code = (
        "import sys; from petition_parser import collect as pc; "
        f"c = pc.Client({server.url!r}, concurrency=2, rate=200, backoff=0.05); "
        f"pc.collect({str(dest)!r}, top=30, git=True, client=c)"
    )
    rng = random.Random(20)
    for _ in range(10):
        process = subprocess.Popen([sys.executable, "-c", code])
        time.sleep(rng.uniform(0.2, 1.2))
        process.send_signal(signal.SIGKILL)
        process.wait()
        server.grow(700000 + rng.randint(1, 30), 1)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    names = files_left(dest / "docs")
    assert names == sorted([f"open/{700000 + i}.md" for i in range(1, 31)] + ["open/README.md"])
    assert len(files_left(dest / "data")) == 30
    for report in (dest / "docs" / "open").glob("7*.md"):
        petition = pp.parse_file(report)
        assert (
            petition.signature_count
            == server.documents[petition.petition_id]["data"]["attributes"]["signature_count"]
        )
    index = pp.parse_index((dest / "docs" / "open" / "README.md").read_text("utf-8"))
    assert index.top == 30
    assert pp.validate_index(index) == []
    status = subprocess.run(
        ["git", "-C", str(dest), "status", "--porcelain"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert status.stdout == ""
    # The helper processes of the killed runs ended with them (their pipe closed).
    deadline = time.monotonic() + 10
    while _renderers() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _renderers() == []


def _renderers() -> list[int]:
    """The collect helper processes (``_renderer.py``) running on this machine."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if b"petition_parser.collect._renderer import main" in command:
                found.append(int(entry.name))
    return found


def test_a_script_without_a_main_guard_can_collect(server: ApiServer, tmp_path: Path) -> None:
    """The helper process imports nothing of the caller's script (a multiprocessing pool
    would run it again, and fail, without ``if __name__ == "__main__"``)."""
    script = tmp_path / "nightly.py"
    archive, url = str(tmp_path / "a"), server.url
    script.write_text(
        "from petition_parser import collect as pc\n"
        f"client = pc.Client({url!r}, rate=100)\n"
        f"result = pc.collect({archive!r}, top=3, client=client)\n"
        "print(len(result.written), result.failures)\n",
        "utf-8",
    )
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, check=False
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "7 []\n", "")


def test_one_run_at_a_time(server: ApiServer, tmp_path: Path) -> None:
    dest = tmp_path / "archive"
    dest.mkdir()
    from petition_parser.collect._archive import lock  # noqa: PLC0415

    with lock(dest), client(server) as c, pytest.raises(pp.PetitionError, match="another run"):
        pc.collect(dest, client=c)


# -- watch ------------------------------------------------------------------------------


def test_watch_keeps_each_new_snapshot(server: ApiServer, tmp_path: Path) -> None:
    dest = tmp_path / "snapshots"

    def between(result: pc.WatchResult) -> None:
        if result.polls == 1:
            server.grow(700003, 250)  # then the petition stays as it is

    with client(server) as c:
        result = pc.watch([700003], dest=dest, every=1.1, polls=3, client=c, on_poll=between)
    assert (result.polls, len(result.written), result.unchanged) == (3, 2, 1)
    line = pp.timeline(dest)
    snapshots = line.records("snapshots")
    assert [r["signature_count"] for r in snapshots] == [3_021, 3_271]
    assert [r["gained"] for r in snapshots] == [None, 250]
    hours = snapshots[1]["hours"]
    assert 1.0 / 3600 <= hours <= 3.0 / 3600  # the polls' own times, a second or so apart
    # Restarted, it goes on from the snapshots it finds: the same document writes nothing.
    with client(server) as c:
        again = pc.watch([700003], dest=dest, every=0.1, polls=1, client=c)
    assert (again.written, again.unchanged) == ([], 1)


def test_watch_goes_on_after_a_failure(server: ApiServer, tmp_path: Path) -> None:
    server.fail("/petitions/700002.json", "404")
    with client(server) as c:
        result = pc.watch([700002, 700003], dest=tmp_path / "w", every=0.1, polls=2, client=c)
    assert [f.status for f in result.failures] == [404]
    assert (len(result.written), result.unchanged) == (2, 1)  # 700002 came back


# -- the command line and the extra -----------------------------------------------------


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "petition_parser", *args],
        capture_output=True,
        check=False,
        timeout=120,
    )
    # Decoded here, not with text=True, which would turn the reports' \r\n into \n.
    return subprocess.CompletedProcess(
        done.args, done.returncode, done.stdout.decode("utf-8"), done.stderr.decode("utf-8")
    )


def test_the_commands(server: ApiServer, tmp_path: Path) -> None:
    site = ["--base-url", server.url, "--rate", "100"]
    fetched = cli("fetch", "700002", "--refreshed-at", "2031-06-01T18:30:05", *site)
    assert fetched.returncode == 0, fetched.stderr
    assert fetched.stdout == pp.render(pp.from_api(pp.load_api(server.documents[700002]), WHEN))
    as_json = cli("fetch", "700002", "700003", "-f", "json", *site)
    assert [json.loads(line)["data"]["id"] for line in as_json.stdout.splitlines()] == [
        700002,
        700003,
    ]
    missing = cli("fetch", "700002", "799999", *site)
    assert missing.returncode == 1
    assert (
        missing.stderr
        == f"{server.url}/petitions/799999.json: expected a JSON document (HTTP 404)\n"
    )
    dest = tmp_path / "archive"
    collected = cli("collect", str(dest), "--top", "3", "--git", *site)
    assert collected.returncode == 0, collected.stderr
    assert "0 failed" in collected.stderr
    versions = cli("parse", "--git", str(dest), "docs/open/7*.md", "-q")
    assert [json.loads(line)["petition_id"] for line in versions.stdout.splitlines()] == [
        700008,
        700009,
        700010,
    ]
    watched = cli(
        "watch", "700004", "--to", str(tmp_path / "w"), "--every", "1s", "--polls", "2", *site
    )
    assert watched.returncode == 0, watched.stderr
    assert len(list((tmp_path / "w" / "700004").glob("*.md"))) == 1
    bad = cli("watch", "700004", "--to", str(tmp_path / "w"), "--every", "soon", *site)
    assert bad.returncode == 2
    assert "expected a duration like 90s, 5m or 1h" in bad.stderr


def test_importing_the_package_imports_no_http_client() -> None:
    code = "import sys, petition_parser, petition_parser.collect; print('httpx' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout == "False\n"


def test_without_the_extra_the_error_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "httpx", None)
    with pytest.raises(ImportError, match=r"pip install 'petition-parser\[collect\]'"):
        pc.Client("http://127.0.0.1:9")


def test_the_docs_example_server_is_the_tests(server: ApiServer) -> None:
    assert os.fspath(ROOT / "tests" / "api_server.py").endswith("api_server.py")
    assert server.url.startswith("http://127.0.0.1:")


def test_ctrl_c_stops_a_watch_with_its_snapshots_whole(server: ApiServer, tmp_path: Path) -> None:
    dest = tmp_path / "w"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "petition_parser",
            "watch",
            "700002",
            "700003",
            "--to",
            str(dest),
            "--every",
            "1s",
            "--base-url",
            server.url,
            "--rate",
            "100",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 30
    while len(list(dest.rglob("*.md"))) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    server.grow(700002, 5)
    # A later round writes the grown petition's new report (waited for, not timed: a
    # busy machine can take more than one round's second).
    deadline = time.monotonic() + 30
    while len(list(dest.rglob("*.md"))) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 130
    assert b"Traceback" not in stderr
    reports = sorted(dest.rglob("*.md"))
    assert len(reports) == 3
    assert all(pp.parse_file(report).petition_id in (700002, 700003) for report in reports)
    assert not [p for p in dest.rglob("*") if p.name.startswith(".") and p.suffix == ".tmp"]


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        (["fetch"], 2, "Missing argument"),
        (["fetch", "0"], 2, "is not in the range"),
        (
            ["fetch", "700002", "--base-url", "http://127.0.0.1:9", "--retries", "0"],
            1,
            "no answer: ConnectError",
        ),
        (
            ["collect", "{tmp}/no/such/archive", "--base-url", "http://127.0.0.1:9"],
            1,
            "expected a folder to write into",
        ),
        (
            ["collect", "{tmp}/a", "--base-url", "http://127.0.0.1:9", "--retries", "0"],
            1,
            "1 failed",
        ),
        (["watch", "700002", "--to", "{tmp}/w", "--every", "0s"], 2, "expected a duration"),
        (["watch", "700002"], 2, "Missing option '--to'"),
        (["fetch", "700002", "--concurrency", "0"], 2, "1<=x<=64"),
    ],
)
def test_bad_invocations_of_the_collecting_commands(
    args: list[str], status: int, message: str, tmp_path: Path
) -> None:
    done = cli(*[a.format(tmp=tmp_path) for a in args])
    assert (done.returncode, "Traceback" in done.stderr) == (status, False), done.stderr
    assert message in done.stderr
