"""The helper process that reads and renders what ``collect`` fetches (_renderer.py).

Real processes: the child is stopped with SIGSTOP and killed with SIGKILL, as a busy
or crashed helper would be.
"""

from __future__ import annotations

import json
import os
import signal
import threading
from collections.abc import Iterator
from concurrent.futures import Future
from datetime import datetime

import pytest

from petition_parser import PetitionError
from petition_parser.collect._client import Answer
from petition_parser.collect._renderer import Prepared, Renderer, prepare

from .api_server import make_document

WHEN = datetime(2031, 6, 1, 18, 30, 5)
#: More than a widened pipe holds (1 MB): 24 documents of about 80 KB.
MANY = 24


def answer(petition_id: int) -> Answer:
    document = make_document(petition_id, 250_000 + petition_id, constituencies=650)
    body = json.dumps(document, indent=1).encode()
    return Answer(
        f"https://petition.parliament.uk/petitions/{petition_id}.json", "application/json", body
    )


def hand_over(renderer: Renderer, petition_ids: range) -> list[Future[Prepared]]:
    """``submit`` of each petition's answer (more than the pipes hold), in a thread
    that must be done within 20 s; the child waits meanwhile."""
    answers = [answer(petition_id) for petition_id in petition_ids]
    assert sum(len(a.body) for a in answers) > (1 << 20) + (1 << 16)
    futures: list[Future[Prepared]] = []
    handing = threading.Thread(
        target=lambda: futures.extend(
            renderer.submit(a, i, WHEN) for a, i in zip(answers, petition_ids, strict=True)
        ),
        daemon=True,
    )
    handing.start()
    handing.join(timeout=20)
    assert not handing.is_alive(), "submit waited for the stopped child"
    return futures


@pytest.fixture
def renderer() -> Iterator[Renderer]:
    running = Renderer()
    assert running._process is not None
    try:
        yield running
    finally:
        if running._process.poll() is None:  # a test may have stopped it
            os.kill(running._process.pid, signal.SIGCONT)
        running.close()


def test_a_fetching_thread_never_waits_for_a_busy_renderer(renderer: Renderer) -> None:
    """The child stopped (as one busy rendering is), handing documents over still returns
    at once: a thread that fetched goes back to fetching.  (Written by the fetching
    thread, a frame larger than the pipe waited for the child to read it.)"""
    assert renderer._process is not None
    os.kill(renderer._process.pid, signal.SIGSTOP)
    futures = hand_over(renderer, range(800000, 800000 + MANY))
    assert not any(f.done() for f in futures[1:])  # nothing rendered while it was stopped
    os.kill(renderer._process.pid, signal.SIGCONT)
    for petition_id, future in zip(range(800000, 800000 + MANY), futures, strict=True):
        assert future.result(timeout=60) == prepare(answer(petition_id), petition_id, WHEN)


def test_answers_come_back_with_the_body_as_fetched(renderer: Renderer) -> None:
    given = answer(800100)
    prepared = renderer.submit(given, 800100, WHEN).result(timeout=60)
    assert prepared.body is given.body or prepared.body == given.body
    assert prepared == prepare(given, 800100, WHEN)
    assert prepared.report.startswith(b"# ")
    assert prepared.row.signature_count == 250_000 + 800100


def test_a_document_that_is_not_the_petitions_fails_its_future_alone(renderer: Renderer) -> None:
    wrong = renderer.submit(answer(800201), 800200, WHEN)
    right = renderer.submit(answer(800202), 800202, WHEN)
    with pytest.raises(PetitionError, match="expected the document of petition 800200"):
        wrong.result(timeout=60)
    assert right.result(timeout=60) == prepare(answer(800202), 800202, WHEN)


def test_a_killed_renderer_fails_what_it_was_given(renderer: Renderer) -> None:
    """Given before or after the child died, each future ends with a PetitionError;
    none waits for ever, and ``close`` returns."""
    assert renderer._process is not None
    os.kill(renderer._process.pid, signal.SIGSTOP)
    before = hand_over(renderer, range(800300, 800300 + MANY))
    os.kill(renderer._process.pid, signal.SIGKILL)
    renderer._process.wait(timeout=20)
    after = [renderer.submit(answer(800400 + i), 800400 + i, WHEN) for i in range(3)]
    for future in before + after:
        with pytest.raises(PetitionError, match="the renderer process stopped"):
            future.result(timeout=20)
