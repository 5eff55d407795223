"""Petitions over time: diff, timelines, threshold crossings, and git archives."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import attrs
import pytest

import petition_parser as pp
from petition_parser import _git as _git_module
from petition_parser import _workers

from .conftest import CORPUS, DATA, ROOT, needs_corpus, read_exact
from .histories import make_history

UTC = timezone.utc
SMALL = pp.parse(read_exact(DATA / "valid" / "small.md"))
OLD = CORPUS / "reports" / "reports-267197.md"
NEW = CORPUS / "reports" / "docs-267197.md"


def _table(text: str, heading: str) -> dict[str, int]:
    """``{name: count}`` of a report table, read by splitting lines (not the parser)."""
    block = text.split(f"### {heading}\n\n", 1)[1].split("\n\n", 1)[0]
    rows = [line[2:-2].split(" | ") for line in block.strip("\n").split("\n")[2:]]
    return {
        (row[1] if heading.endswith("Country") or row[2] != "Unknown" else "Unknown"): int(
            row[-2].replace(",", "")
        )
        for row in rows
    }


@needs_corpus
def test_diff_of_two_real_snapshots_matches_their_tables() -> None:
    old_text, new_text = read_exact(OLD), read_exact(NEW)
    change = pp.diff(pp.parse(old_text), pp.parse(new_text))
    total = [int(t.split("**")[1].split(" ")[0].replace(",", "")) for t in (old_text, new_text)]
    assert (change.signature_count.old, change.signature_count.new) == tuple(total)
    assert change.signature_count.delta == total[1] - total[0]
    for heading, rows in (
        ("Signatures by Country", change.countries),
        ("Signatures by Constituency", change.constituencies),
    ):
        before, after = _table(old_text, heading), _table(new_text, heading)
        want = {name: after.get(name, 0) - before.get(name, 0) for name in {**before, **after}}
        assert {r.name: r.delta for r in rows} == want
        assert {r.name for r in rows if r.old is None} == set(after) - set(before)
        assert {r.name for r in rows if r.new is None} == set(before) - set(after)
        deltas = [r.delta for r in rows]
        assert deltas == sorted(deltas, reverse=True)  # top movers first
    unknown = [r for r in change.constituencies if r.is_unknown]
    assert [r.name for r in unknown] == ["Unknown"]
    uk = _table(new_text, "Signatures by Country")["United Kingdom"]
    assert change.uk_signature_count.new == uk
    assert change.elapsed == timedelta(days=1, hours=3, minutes=37, seconds=8)
    summary = str(change)
    assert summary.startswith(f"Petition 267197: {total[1] - total[0]:+,} signatures in 1 day")
    data = json.loads(change.to_json())
    assert data["elapsed"] == change.elapsed.total_seconds()
    assert data["signature_count"]["delta"] == total[1] - total[0]


def test_diff_refuses_two_petitions_and_allows_the_wrong_order() -> None:
    other = attrs.evolve(SMALL, petition_id=1, url="https://petition.parliament.uk/petitions/1")
    with pytest.raises(pp.PetitionError, match="two snapshots of one petition"):
        pp.diff(SMALL, other)
    assert SMALL.refreshed_at is not None
    later = attrs.evolve(
        SMALL,
        refreshed_at=SMALL.refreshed_at + timedelta(hours=2),
        signature_count=SMALL.signature_count + 100,
        government_response=pp.GovernmentResponse("We will.", "Details."),
        history=attrs.evolve(
            SMALL.history, debate_threshold_reached_at=datetime(2031, 6, 1, tzinfo=UTC)
        ),
    )
    change = pp.diff(later, SMALL)
    assert change.elapsed == timedelta(hours=-2)
    assert change.signature_count.delta == -100
    assert change.government_response == "removed"
    forward = pp.diff(SMALL, later)
    assert forward.government_response == "added"
    assert [e.event for e in forward.history] == ["debate_threshold_reached"]
    assert forward.per_hour == 50.0


def _snapshot(count: int, hours: float) -> pp.Petition:
    when = datetime(2031, 6, 1, 9, 0, 0) + timedelta(hours=hours)
    history = attrs.evolve(SMALL.history, updated_at=when.replace(tzinfo=UTC))
    return attrs.evolve(SMALL, signature_count=count, refreshed_at=when, history=history)


def test_threshold_crossings_are_interpolated() -> None:
    snapshots = [_snapshot(9_000, 0), _snapshot(11_000, 2), _snapshot(150_000, 12)]
    line = pp.timeline(snapshots)
    crossings = line.records("crossings")
    assert [(c["threshold"], c["estimated_at"]) for c in crossings] == [
        (10_000, datetime(2031, 6, 1, 10, 0, 0)),  # half way through the first two hours
        # 100,000 is 89,000 of the next 139,000 signatures: 89/139 of 10 hours later
        (
            100_000,
            (datetime(2031, 6, 1, 11) + timedelta(hours=10 * 89_000 / 139_000)).replace(
                microsecond=0  # estimates are cut to whole seconds
            ),
        ),
    ]
    crossings_at = pp.timeline(snapshots, thresholds=[9_500]).records("crossings")
    assert [c["estimated_at"] for c in crossings_at] == [datetime(2031, 6, 1, 9, 30, 0)]
    rows = line.records("snapshots")
    assert [(r["gained"], r["hours"], r["per_hour"]) for r in rows] == [
        (None, None, None),
        (2_000, 2.0, 1_000.0),
        (139_000, 10.0, 13_900.0),
    ]


def test_duplicates_collapse_and_conflicts_are_reported() -> None:
    a = _snapshot(9_000, 0)
    conflicting = attrs.evolve(a, signature_count=9_001)
    line = pp.timeline([a, a, conflicting, _snapshot(9_500, 1)])
    assert [r["signature_count"] for r in line.records("snapshots")] == [9_000, 9_500]
    assert len(line.records("conflicts")) == 1
    frame = line.to_pandas("constituencies")
    assert set(frame["name"]) == {r.name for r in SMALL.signatures_by_constituency}


# -- git archives ---------------------------------------------------------------------


def _git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


@pytest.fixture
def archive(tmp_path: Path) -> tuple[Path, list[tuple[str, str, str | None]]]:
    """A repository of snapshots; returns it and the versions expected (sha, path, count)."""
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "config", "user.email", "t@example.org")
    _git(repo, "config", "user.name", "t")
    expected: list[tuple[str, str, str | None]] = []

    def commit(message: str) -> str:
        _git(repo, "add", "-A")
        _git(repo, "commit", "-q", "--allow-empty", "-m", message)
        return _git(repo, "rev-parse", "HEAD")

    report = repo / "reports" / "700002.md"
    report.parent.mkdir()
    for i, hours in enumerate((0, 1)):
        report.write_text(pp.render(_snapshot(9_000 + 1_000 * i, hours)), "utf-8")
        expected.append((commit(f"v{i}"), "reports/700002.md", str(9_000 + 1_000 * i)))
    (repo / "README.txt").write_text("not a report", "utf-8")
    commit("unrelated")  # the report did not change: no version
    commit("empty")
    report.write_text("# Broken\n", "utf-8")
    expected.append((commit("broken"), "reports/700002.md", None))
    report.write_text(pp.render(_snapshot(11_000, 2)), "utf-8")
    expected.append((commit("fixed"), "reports/700002.md", "11000"))
    _git(repo, "mv", "reports/700002.md", "reports/renamed.md")
    commit("renamed")  # the same content under another name: no new version
    (repo / "reports" / "renamed.md").unlink()
    commit("deleted")
    return repo, expected


def test_read_git_yields_exactly_the_new_versions(
    archive: tuple[Path, list[tuple[str, str, str | None]]],
) -> None:
    repo, expected = archive
    versions = list(pp.read_git(repo, ["reports/*.md"]))
    got = [
        (
            v.commit,
            v.path,
            str(v.petition.signature_count) if isinstance(v.petition, pp.Petition) else None,
        )
        for v in versions
    ]
    assert got == expected
    broken = versions[2]
    assert broken.error is not None
    assert broken.error.file == f"{expected[2][0][:12]}:reports/700002.md"
    assert broken.error.line == 1
    assert [v.committed_at.tzinfo for v in versions] == [UTC] * 4
    # rev, since and until narrow the history.
    assert [
        v.commit for v in pp.read_git(repo, ["reports/*.md"], rev=f"{expected[1][0]}..main")
    ] == [e[0] for e in expected[2:]]
    future = datetime.now(UTC) + timedelta(days=1)
    assert list(pp.read_git(repo, ["reports/*.md"], since=future)) == []


def test_the_timeline_from_git_is_the_timeline_of_the_files(
    archive: tuple[Path, list[tuple[str, str, str | None]]], tmp_path: Path
) -> None:
    repo, _ = archive
    petitions = [v.petition for v in pp.read_git(repo) if isinstance(v.petition, pp.Petition)]
    folder = tmp_path / "files"
    folder.mkdir()
    for i, petition in enumerate(petitions):
        (folder / f"{i}.md").write_text(pp.render(petition), "utf-8")
    from_git = pp.timeline(petitions).records("snapshots")
    from_files = pp.timeline(folder).records("snapshots")
    assert [{**r, "source_path": None} for r in from_files] == from_git
    assert [r["signature_count"] for r in from_git] == [9_000, 10_000, 11_000]


def test_git_errors_are_clear(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(pp.PetitionError, match="is not a git repository"):
        list(pp.read_git(tmp_path))
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(pp.PetitionError, match="needs git"):
        list(pp.read_git(tmp_path))


def test_git_bad_revision(archive: tuple[Path, list[tuple[str, str, str | None]]]) -> None:
    repo, _ = archive
    with pytest.raises(pp.PetitionError, match="bad revision"):
        list(pp.read_git(repo, rev="no-such-branch"))


def _listed(repo: Path) -> list[tuple[str, str, str, str]]:
    """``(commit, status, path, source)`` of each change ``log_changes`` lists."""
    changes = _git_module.log_changes(repo, "reports")
    return [(c.commit, c.status, c.path, c.source) for c in changes]


@pytest.mark.parametrize("chunk", [1, 2, 3, 7, 64, 1 << 18])
def test_the_listing_reads_the_same_in_any_chunks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    """git's output is read as it comes, in pieces of any size: a field (a header, a
    change, a path holding a line break, a leading ``:`` and ``\\x01``) may end in a
    later piece than it began."""
    repo = tmp_path / "repo"
    (repo / "reports").mkdir(parents=True)
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "config", "user.email", "t@example.org")
    _git(repo, "config", "user.name", "t")
    odd = "reports/:odd\n\x01name.md"
    commits = []
    for step in range(4):
        if step == 0:
            (repo / "reports" / "a.md").write_bytes(b"one\n")
        elif step == 1:
            (repo / "reports" / "a.md").write_bytes(b"two\n")
            (repo / odd).write_bytes(b"three\n")
        elif step == 2:
            _git(repo, "mv", "reports/a.md", "reports/b.md")
        else:
            (repo / "reports" / "b.md").unlink()  # a deletion: no version
        _git(repo, "add", "-A")
        _git(repo, "commit", "-q", "-m", f"step {step}")
        commits.append(_git(repo, "rev-parse", "HEAD"))
    monkeypatch.setattr(_git_module, "_CHUNK", chunk)
    assert _listed(repo) == [
        (commits[0], "A", "reports/a.md", "reports/a.md"),
        (commits[1], "A", odd, odd),
        (commits[1], "M", "reports/a.md", "reports/a.md"),
        (commits[2], "R", "reports/b.md", "reports/a.md"),
    ]


def test_the_listing_is_streamed_and_git_ended_when_its_reader_stops(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first change is read while ``git log`` is still writing (the public
    archive's listing is millions of changes, never held whole), and a reader that
    stops leaves no git running."""
    repo = tmp_path / "repo"
    make_history(repo, [[("reports/700002.md", f"version {i}\n".encode())] for i in range(3000)])
    started: list[subprocess.Popen[bytes]] = []
    popen = subprocess.Popen

    def recorded(*args: Any, **kwargs: Any) -> subprocess.Popen[bytes]:
        process = popen(*args, **kwargs)
        started.append(process)
        return process

    monkeypatch.setattr(subprocess, "Popen", recorded)
    changes = _git_module.log_changes(repo, "reports/*.md")
    first = next(changes)
    assert first.path == "reports/700002.md"
    (log,) = [p for p in started if isinstance(p.args, list) and "log" in p.args]
    # 3,000 changes are about 500 KB of output, more than a pipe holds: git is still
    # writing them, so the one read cannot have waited for the end.
    assert log.poll() is None
    changes.close()
    assert log.returncode == -signal.SIGKILL
    assert log.stdout is not None
    assert log.stdout.closed


def test_command_line_diff_timeline_and_git(
    archive: tuple[Path, list[tuple[str, str, str | None]]], tmp_path: Path
) -> None:
    repo, expected = archive
    exe = [sys.executable, "-m", "petition_parser"]  # the interpreter under test
    parsed = subprocess.run(
        [*exe, "parse", "--git", str(repo), "reports/*.md", "-j", "1"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert parsed.returncode == 1  # the broken version is named
    assert [json.loads(line)["signature_count"] for line in parsed.stdout.splitlines()] == [
        9_000,
        10_000,
        11_000,
    ]
    assert f"{expected[2][0][:12]}:reports/700002.md:1:" in parsed.stderr
    line = subprocess.run(
        [*exe, "timeline", "--git", str(repo), "-q", "-f", "ndjson"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert [json.loads(x)["gained"] for x in line.stdout.splitlines()] == [None, 1_000, 1_000]
    a, b = tmp_path / "a.md", tmp_path / "b.md"
    a.write_text(pp.render(_snapshot(9_000, 0)), "utf-8")
    b.write_text(pp.render(_snapshot(10_000, 1)), "utf-8")
    text = subprocess.run(
        [*exe, "diff", str(a), str(b)], capture_output=True, text=True, check=True
    )
    assert text.stdout.startswith("Petition 700002: +1,000 signatures in 1:00:00")
    as_json = subprocess.run(
        [*exe, "diff", str(a), str(b), "-f", "json"], capture_output=True, text=True, check=True
    )
    assert json.loads(as_json.stdout)["signature_count"]["delta"] == 1_000
    db = tmp_path / "p.db"
    loaded = subprocess.run(
        [*exe, "sqlite", str(db), "--git", str(repo), "-q"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert loaded.stdout.startswith("3 petitions, ")


@pytest.mark.parametrize(
    ("workers", "start_method"), [(1, None), (2, None), (2, "spawn")], ids=["1", "2", "2-spawn"]
)
def test_identical_copies_never_conflict_across_processes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int, start_method: str | None
) -> None:
    """Snapshots made in worker processes compare by value: Python's hash() of a string is
    salted per process, and comparing such hashes reported false conflicts."""
    text = (ROOT / "examples" / "small.md").read_bytes()
    for i in range(40):
        (tmp_path / f"copy-{i:02}.md").write_bytes(text)
    monkeypatch.setattr(_workers, "START_METHOD", start_method)
    paths = sorted(map(str, tmp_path.glob("*.md")))
    line = pp.timeline([*paths, pp.parse(text)], workers=workers)
    assert line.records("conflicts") == []
    snapshots = line.records("snapshots")
    assert len(snapshots) == 1
    assert snapshots[0]["source_path"] == paths[0]
    one_process = pp.timeline([*paths, pp.parse(text)])
    for table in ("snapshots", "countries", "constituencies", "crossings", "conflicts"):
        assert line.records(table) == one_process.records(table)


def test_a_timeline_shows_itself_in_a_line() -> None:
    """repr(timeline) dumped every table (19.9 million characters for 1,141 snapshots)."""
    line = pp.timeline([_snapshot(9_000 + 10 * i, i) for i in range(300)])
    assert repr(line) == (
        "<Timeline of 1 petition: snapshots 300 rows, countries 4,200 rows, "
        "constituencies 3,900 rows, crossings 1 row, conflicts 0 rows>"
    )
    html = line._repr_html_()
    assert len(html) < 1_000
    assert "<th>Snapshots</th><td>300</td>" in html
    assert "<th>Table crossings</th><td>1 row</td>" in html


def test_plurals_in_a_petitions_repr() -> None:
    one = attrs.evolve(
        SMALL,
        signature_count=1,
        signatures_by_country=SMALL.signatures_by_country[:1],
        signatures_by_constituency=SMALL.signatures_by_constituency[:1],
    )
    assert repr(one).endswith(
        ": 1 signature, refreshed 2031-06-01 18:30:05, 1 country, 1 constituency>"
    )
    assert "<th>Countries</th><td>1 row</td>" in one._repr_html_()
