"""The archive surface: folders, globs, git repositories, outputs; where the pieces meet.

Each test here is one defect found by using the library on real archives (issue 17):
errors that hide their file, sources that name nothing, strings taken for sequences,
hostile names, links and bytes.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import petition_parser as pp
from petition_parser._cli.batch import Batch
from petition_parser._sources import Document

from .conftest import ROOT
from .histories import make_history

SMALL = ROOT / "examples" / "small.md"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Two good reports and, in a subfolder, one with a typo on line 23."""
    archive = tmp_path / "archive"
    (archive / "2031").mkdir(parents=True)
    text = SMALL.read_text("utf-8")
    (archive / "a.md").write_text(text, "utf-8")
    (archive / "b.md").write_text(
        text.replace("Last refreshed 2031-06-01 18:30:05", "Last refreshed 2031-06-01 19:30:05"),
        "utf-8",
    )
    (archive / "2031" / "bad.md").write_text(text.replace("| Opened |", "| Opend |"), "utf-8")
    return archive


# -- errors that stand alone ----------------------------------------------------------


def test_an_error_from_a_file_begins_with_its_place(folder: Path) -> None:
    bad = folder / "2031" / "bad.md"
    with pytest.raises(pp.PetitionParseError) as info:
        list(pp.read_reports(folder))
    assert str(info.value).startswith(f"{bad}:23:3: expected one of 'Opened'")
    assert info.value.file == str(bad)
    # Without a file, the place is the line and column, as before.
    with pytest.raises(pp.PetitionParseError) as info:
        pp.parse(bad.read_text("utf-8"))
    assert str(info.value).startswith("line 23, column 3 (History): expected one of")


def test_a_traceback_names_the_bad_file(folder: Path) -> None:
    code = f"import petition_parser as pp; pp.to_pandas({str(folder)!r}, 'petitions')"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 1
    last = [line for line in done.stderr.splitlines() if line.startswith("petition_parser.")][-1]
    assert last.startswith(
        f"petition_parser.PetitionParseError: {folder / '2031' / 'bad.md'}:23:3:"
    )


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("missing.md", "expected a readable file, found: No such file or directory"),
        ("missing-folder/*.md", "expected files matching the pattern, found none"),
        ("*.txt", "expected files matching the pattern, found none"),
        ("empty-folder", "expected a folder holding *.md files, found none"),
    ],
)
def test_a_source_that_names_nothing_is_an_error_naming_it(
    tmp_path: Path, name: str, message: str
) -> None:
    (tmp_path / "empty-folder").mkdir()
    source = str(tmp_path / name)
    with pytest.raises(pp.PetitionParseError) as info:
        list(pp.read_reports(source))
    assert str(info.value) == f"{source}: {message}"
    assert list(pp.read_reports([source, str(SMALL)], errors="skip")) == [pp.parse_file(SMALL)]
    collected = list(pp.read_reports([source, SMALL], errors="collect"))
    assert [type(item).__name__ for item in collected] == ["PetitionParseError", "Petition"]
    with pytest.raises(pp.PetitionParseError, match=r"found none|No such file"):
        pp.to_records(source, "petitions").__next__()


def test_a_source_that_names_nothing_fails_the_command(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    pattern = str(tmp_path / "*.md")
    done = subprocess.run(
        [sys.executable, "-m", "petition_parser", "table", "petitions", pattern, "-o", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"{pattern}: expected files matching the pattern, found none",
        "1 file, 0 parsed, 1 failed",
    ]


# -- git archives ---------------------------------------------------------------------


def _git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository with reports under reports/, a hostile name, a submodule and a link."""
    root = tmp_path / "repo"
    (root / "reports").mkdir(parents=True)
    _git(root, "init", "-q", "-b", "main")
    _git(root, "config", "user.email", "t@example.org")
    _git(root, "config", "user.name", "t")
    text = SMALL.read_bytes()
    (root / "reports" / "700002.md").write_bytes(text)
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "one")
    (root / "reports" / "700002.md").write_bytes(text.replace(b"870 signatures", b"871 signatures"))
    (root / "reports" / "odd\x01name.md").write_bytes(text)
    os.symlink("700002.md", root / "reports" / "link.md")
    _git(root, "add", "-A")
    # A submodule (gitlink) at a matching path: no blob to read there.
    commit = _git(root, "rev-parse", "HEAD")
    _git(root, "update-index", "--add", "--cacheinfo", f"160000,{commit},reports/sub.md")
    _git(root, "commit", "-qm", "two")
    return root


def test_a_string_is_one_pattern(repo: Path) -> None:
    one = [(v.commit, v.path) for v in pp.read_git(repo, "reports/*.md")]
    assert one == [(v.commit, v.path) for v in pp.read_git(repo, ["reports/*.md"])]
    assert [path for _, path in one] == [
        "reports/700002.md",
        "reports/700002.md",
        "reports/odd\x01name.md",
    ]
    # A folder's name is a pattern that matches what is in it.
    assert [(v.commit, v.path) for v in pp.read_git(repo, "reports")] == one


def test_a_hostile_name_and_a_submodule_are_read_or_passed_over(repo: Path) -> None:
    versions = list(pp.read_git(repo))
    assert [v.error for v in versions] == [None, None, None]
    counts = [v.petition.signature_count for v in versions if isinstance(v.petition, pp.Petition)]
    assert counts == [870, 871, 870]


@pytest.mark.parametrize("rev", ["--output=written.txt", "-p", "--all", "main\x00"])
def test_a_revision_is_never_an_option(repo: Path, rev: str) -> None:
    with pytest.raises(pp.PetitionError, match="expected"):
        list(pp.read_git(repo, rev=rev))
    assert not (repo / "written.txt").exists()
    assert not Path("written.txt").exists()


def test_a_revision_named_like_an_option_is_refused_by_git_not_run(repo: Path) -> None:
    with pytest.raises(pp.PetitionError, match=r"bad revision|unknown revision"):
        list(pp.read_git(repo, rev="no-such-branch"))


def test_a_nul_in_a_pattern_is_an_error(repo: Path) -> None:
    with pytest.raises(pp.PetitionError, match="NUL"):
        list(pp.read_git(repo, "reports/\x00*.md"))


# -- the command line's manners -------------------------------------------------------


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "petition_parser", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
        timeout=120,
    )


@pytest.mark.parametrize(("sent", "status"), [("SIGINT", 130), ("SIGTERM", 143)])
def test_ctrl_c_or_sigterm_exits_and_leaves_no_output(
    tmp_path: Path, sent: str, status: int
) -> None:
    """Interrupted while writing (here: waiting on a source that never comes), by Ctrl-C
    or by SIGTERM (``kill``, ``timeout``, a service stopped), the command exits 130 or
    143 and leaves neither the output nor its temporary file.  (SIGTERM left the
    temporary file: it ran no clean-up.)"""
    import signal  # noqa: PLC0415
    import time  # noqa: PLC0415

    fifo = tmp_path / "slow.md"
    os.mkfifo(fifo)
    writer = os.open(fifo, os.O_RDWR)  # a writer that never writes: reading it waits
    out = tmp_path / "out.csv"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "petition_parser",
            "table",
            "countries",
            str(SMALL),
            str(fifo),
            "-o",
            str(out),
            "-j",
            "1",
            "-q",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".out.csv.*")) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert list(tmp_path.glob(".out.csv.*")), "the command never started writing"
    time.sleep(0.2)  # blocked reading the FIFO, with the first report's rows written
    process.send_signal(getattr(signal, sent))
    _, stderr = process.communicate(timeout=60)
    os.close(writer)
    assert process.returncode == status
    assert "Traceback" not in stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["slow.md"]


def test_files_written_honour_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        pp.write_table(SMALL, "countries", tmp_path / "c.csv")
        pp.write_table(SMALL, "countries", tmp_path / "c.parquet")
        pp.write_table(SMALL, "countries", tmp_path / "dataset")
        assert (
            cli("table", "countries", str(SMALL), "-o", str(tmp_path / "cli.csv")).returncode == 0
        )
        assert cli("parse", str(SMALL), "-o", str(tmp_path / "p.ndjson")).returncode == 0
        os.umask(0o077)
        pp.write_table(SMALL, "countries", tmp_path / "private.csv")
    finally:
        os.umask(old)
    modes = {p.name: p.stat().st_mode & 0o777 for p in tmp_path.iterdir()}
    assert modes == {
        "c.csv": 0o644,
        "c.parquet": 0o644,
        "dataset": 0o755,
        "cli.csv": 0o644,
        "p.ndjson": 0o644,
        "private.csv": 0o600,
    }
    # Replacing a file keeps its mode.
    os.chmod(tmp_path / "c.csv", 0o640)
    pp.write_table(SMALL, "countries", tmp_path / "c.csv")
    assert (tmp_path / "c.csv").stat().st_mode & 0o777 == 0o640


def test_write_table_does_not_make_folders(tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "c.csv"
    with pytest.raises(pp.PetitionError, match="expected a folder to write into"):
        pp.write_table(SMALL, "countries", target)
    assert not (tmp_path / "no").exists()


def test_json_output_from_the_library_and_the_command(tmp_path: Path) -> None:
    rows = pp.write_table(SMALL, "countries", tmp_path / "lib.json")
    assert cli("table", "countries", str(SMALL), "-o", str(tmp_path / "cli.json")).returncode == 0
    want = [
        {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in record.items()}
        for record in pp.to_records(SMALL, "countries")
    ]
    assert json.loads((tmp_path / "lib.json").read_text()) == want
    assert (tmp_path / "cli.json").read_bytes() == (tmp_path / "lib.json").read_bytes()
    assert rows == len(want)


# -- hostile folders ------------------------------------------------------------------


@pytest.fixture
def odd_names(tmp_path: Path) -> Path:
    """A folder whose report has a name that is not UTF-8 (``r\\xff.md``)."""
    folder = tmp_path / "odd"
    folder.mkdir()
    (folder / os.fsdecode(b"r\xff.md")).write_bytes(SMALL.read_bytes())
    return folder


def test_a_name_that_is_not_utf8_is_written_by_every_writer(
    odd_names: Path, tmp_path: Path
) -> None:
    import sqlite3  # noqa: PLC0415

    import pyarrow.parquet as pq  # noqa: PLC0415

    shown = f"{odd_names}/r\\xff.md"
    assert [r["source_path"] for r in pp.to_records(odd_names, "petitions")] == [shown]
    assert pp.to_pandas(odd_names, "petitions")["source_path"].tolist() == [shown]
    assert pp.to_polars(odd_names, "petitions")["source_path"].to_list() == [shown]
    pp.write_table(odd_names, "petitions", tmp_path / "p.csv")
    assert shown in (tmp_path / "p.csv").read_text("utf-8")
    pp.write_table(odd_names, "petitions", tmp_path / "p.ndjson")
    assert json.loads((tmp_path / "p.ndjson").read_text("utf-8"))["source_path"] == shown
    pp.write_table(odd_names, "petitions", tmp_path / "p.json")
    assert json.loads((tmp_path / "p.json").read_text("utf-8"))[0]["source_path"] == shown
    pp.write_table(odd_names, "petitions", tmp_path / "p.parquet")
    assert pq.read_table(tmp_path / "p.parquet")["source_path"].to_pylist() == [shown]
    pp.to_sqlite(odd_names, tmp_path / "p.db")
    con = sqlite3.connect(tmp_path / "p.db")
    assert con.execute("SELECT source_path FROM petitions").fetchall() == [(shown,)]
    con.close()
    line = pp.timeline(odd_names).records("snapshots")
    assert [r["source_path"] for r in line] == [shown]
    done = cli("table", "petitions", str(odd_names), "-q")
    assert done.returncode == 0
    assert "r\\xff.md" in done.stdout
    # The file itself still opens by the name the reader gave it.
    (path,) = list(odd_names.iterdir())
    assert pp.parse_file(path).petition_id == 700002


def test_a_bad_file_with_an_odd_name_is_named_on_one_line(odd_names: Path) -> None:
    (odd_names / os.fsdecode(b"r\xff.md")).write_text("# Changelog\n\nNothing.\n", "utf-8")
    done = cli("check", str(odd_names))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "not a petition report" in done.stderr


def test_links_that_loop_are_not_followed(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    folder.mkdir()
    for i in range(5):
        shutil.copy(SMALL, folder / f"r{i}.md")
    os.symlink(".", folder / "a")
    os.symlink(".", folder / "b")
    os.symlink(str(folder), folder / "c")
    by_folder = list(pp.read_reports(folder))
    by_glob = list(pp.read_reports(str(folder / "**" / "*.md")))
    assert len(by_folder) == len(by_glob) == 5


def test_a_folder_lists_the_files_path_glob_finds_in_its_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder is listed by ``os.scandir`` (a tenth of ``Path.glob``'s cost), and lists
    what ``Path.glob("**/*.md")`` would: the same files, in the order of their parts."""
    from petition_parser._sources import iter_sources  # noqa: PLC0415

    root = tmp_path / "a"
    for sub in ("x", "x/y", "x-y", "X", "z.md", "deep/er/est"):
        (root / sub).mkdir(parents=True)
    for name in (
        "b.md", "a.md", "x.md", "x-a.md", "X/c.md", "x/y/d.md", "x/e.md", "x-y/f.md",
        "deep/er/est/g.md", ".hidden.md", ".md", "notes.txt", "x/h.MD", "z.md/i.md",
    ):  # fmt: skip
        (root / name).write_bytes(b"")
    os.symlink("a.md", root / "link.md")  # a link to a file: read
    os.symlink("x", root / "w")  # a link to a folder: not followed
    os.symlink("gone.md", root / "broken.md")  # a link to nothing: not a file
    expected = sorted((p for p in root.glob("**/*.md") if p.is_file()), key=lambda p: p.parts)
    assert [str(p) for p in expected][:3] == [
        str(root / n) for n in (".hidden.md", ".md", "X/c.md")
    ]
    assert len(expected) == 13
    for name in (str(root), str(root) + "/", f"{root}//x/..", str(root / "**" / "*.md")):
        assert list(iter_sources(name)) == [
            str(Path(name.removesuffix("/**/*.md")) / p.relative_to(root)) for p in expected
        ]
    monkeypatch.chdir(root)
    assert list(iter_sources(".")) == [str(p.relative_to(root)) for p in expected]
    assert list(iter_sources("./x")) == ["x/e.md", "x/y/d.md"]


def test_a_folder_deeper_than_the_recursion_limit_is_listed(tmp_path: Path) -> None:
    depth = sys.getrecursionlimit() + 100
    folders = [tmp_path]
    for _ in range(depth):  # (``mkdir(parents=True)`` recurses: it would fail here)
        folders.append(folders[-1] / "d")
        folders[-1].mkdir()
    deep = folders[-1]
    try:
        shutil.copy(SMALL, deep / "r.md")
        shutil.copy(SMALL, tmp_path / "s.md")
        read = list(pp.read_reports(tmp_path / "**" / "*.md", errors="collect"))
        assert [p.petition_id for p in read if isinstance(p, pp.Petition)] == [700002, 700002]
        (deep / "r.md").write_text("# Not a report\n", "utf-8")
        (bad, _) = list(pp.read_reports(tmp_path, errors="collect"))
        assert isinstance(bad, pp.PetitionParseError)
        assert bad.file == str(deep / "r.md")
    finally:  # from the bottom up: pytest's clean-up (shutil.rmtree) recurses too
        (deep / "r.md").unlink(missing_ok=True)
        for folder in reversed(folders[1:]):
            folder.rmdir()


def test_a_path_too_long_is_an_error_naming_it(tmp_path: Path) -> None:
    long = str(tmp_path / ("x" * 5000 + ".md"))
    (got,) = list(pp.read_reports([long], errors="collect"))
    assert isinstance(got, pp.PetitionParseError)
    assert str(got).startswith(long[:100])
    assert "File name too long" in str(got)
    done = cli("parse", long)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    with pytest.raises(pp.PetitionError, match="File name too long"):
        pp.write_table(SMALL, "countries", long.replace(".md", ".csv"))


def test_a_named_pipe_no_one_writes_to_does_not_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    with pytest.raises(pp.PetitionParseError, match="empty document"):
        pp.parse_file(fifo)
    # In a folder it is not a regular file: passed over.
    shutil.copy(SMALL, tmp_path / "a.md")
    assert len(list(pp.read_reports(tmp_path))) == 1


def test_a_nul_in_a_path_is_an_error(tmp_path: Path) -> None:
    (got,) = list(pp.read_reports(["a\x00b.md"], errors="collect"))
    assert isinstance(got, pp.PetitionParseError)
    assert "NUL" in str(got)


#: Bad invocations: the arguments (``{small}``, ``{tmp}`` and ``{repo}`` filled in), the exit
#: status, and a part of what standard error says.  None may print a traceback.
BAD_INVOCATIONS = [
    (["table", "countries", "{small}", "-o", "{tmp}/x.xlsx"], 2, "expected one of .csv"),
    (["timeline", "{small}", "-o", "{tmp}/x.xlsx"], 2, "cannot tell the format"),
    (["table", "countries", "{small}", "-f", "xml"], 2, "is not one of"),
    (["table", "signatures", "{small}"], 2, "is not one of"),
    (["table", "countries", "{small}", "-j", "99999999999999999999"], 2, "1<=x<=256"),
    (["parse", "{small}", "-j", "0"], 2, "1<=x<=256"),
    (["parse", "{small}", "-o", "{tmp}"], 1, "expected a file to write, found a folder"),
    (["parse", "{small}", "-o", "{tmp}/no/such/out.ndjson"], 1, "expected a folder to write"),
    (["table", "countries", "{small}", "-o", "{tmp}/no/x.csv"], 1, "expected a folder to write"),
    (["sqlite", "{tmp}", "{small}"], 2, "is a directory"),
    (["sqlite", "{tmp}/no/p.db", "{small}"], 1, "expected a folder to write into"),
    (["parse", "{tmp}/missing.md"], 1, "missing.md: expected a readable file"),
    (["check", "{tmp}/*.nothing"], 1, "expected files matching the pattern, found none"),
    (["parse", "{tmp}/" + "x" * 5000 + ".md"], 1, "File name too long"),
    (["parse"], 2, "Missing argument"),
    (["parse", "{small}", "--rev", "main"], 2, "--rev, --since and --until go with --git"),
    (["parse", "--git", "{tmp}"], 2, "is not a git repository"),
    (["parse", "--git", "{repo}", "--rev", "--output={tmp}/x"], 2, "an option"),
    (["parse", "--git", "{repo}", "--rev", "no-such-branch"], 2, "bad revision"),
    (["check", "--git", "{repo}", "--until", "2001-01-01"], 1, "(--until 2001-01-01), found none"),
    (["check", "--git", "{repo}", "reports/nothing-*.md"], 1, "found none"),
    (["diff", "{small}", "{tmp}/missing.md"], 1, "missing.md"),
    (["from-api", "{small}"], 1, "expected JSON"),
    (["render", "{small}"], 1, "expected JSON"),
    (["no-such-command"], 2, "No such command"),
]


@pytest.mark.parametrize(
    ("args", "status", "message"),
    BAD_INVOCATIONS,
    ids=[" ".join(a)[:60] for a, _, _ in BAD_INVOCATIONS],
)
def test_bad_invocations_get_an_exit_status_and_a_message(
    args: list[str], status: int, message: str, tmp_path: Path, repo: Path
) -> None:
    filled = [a.format(small=SMALL, tmp=tmp_path, repo=repo) for a in args]
    done = cli(*filled)
    assert (done.returncode, "Traceback" in done.stderr) == (status, False), done.stderr
    assert message in done.stderr
    assert not (tmp_path / "x").exists()
    assert len(done.stderr.splitlines()) <= 5


def test_git_counts_say_versions(repo: Path) -> None:
    done = cli("parse", "--git", str(repo), "reports/*.md")
    assert done.returncode == 0
    assert done.stderr.splitlines()[-1] == "3 versions, 3 parsed, 0 failed"


def test_git_versions_are_read_as_they_are_drawn(tmp_path: Path) -> None:
    """``--git`` read every version's text before the first was parsed: the public
    archive's texts are gigabytes.  Now a version is read from git when it is drawn."""
    repo = tmp_path / "repo"
    text = SMALL.read_bytes()
    make_history(
        repo,
        [
            [("reports/700002.md", text.replace(b"870 signatures", f"{n} signatures".encode()))]
            for n in range(871, 921)
        ],
    )
    batch = Batch(("reports/*.md",), git_repo=str(repo), quiet=True)
    items = batch.sources()
    first = next(items)
    assert isinstance(first, Document)
    assert b"871 signatures" in first.data
    assert batch.total == 1  # not 50: the others are still in git
    assert len(list(items)) == 49
    assert batch.total == 50


def test_a_git_table_with_workers_ends(tmp_path: Path) -> None:
    """Workers are forked at the first version drawn, before git starts: a version read
    ahead of them would leave git's pipes open in every worker, and the command never
    ended."""
    repo = tmp_path / "repo"
    text = SMALL.read_bytes()
    make_history(repo, [[(f"reports/{700000 + i}.md", text)] for i in range(40)])
    out = tmp_path / "c.csv"
    done = cli("table", "constituencies", "--git", str(repo), "-j", "2", "-o", str(out))
    assert (done.returncode, done.stderr) == (0, "40 versions, 40 parsed, 0 failed\n")
    rows = len(pp.to_pandas(SMALL, "constituencies"))
    assert rows > 0
    assert len(out.read_text("utf-8").splitlines()) == 1 + 40 * rows


def test_parse_file_of_a_missing_file_names_it(tmp_path: Path) -> None:
    missing = tmp_path / "missing.md"
    with pytest.raises(pp.PetitionParseError) as info:
        pp.parse_file(missing)
    assert (
        str(info.value) == f"{missing}: expected a readable file, found: No such file or directory"
    )
    with pytest.raises(pp.PetitionParseError, match="expected a readable file"):
        pp.parse_file(tmp_path)


@pytest.mark.parametrize("workers", [0, -1, 257, 10**20, 1.5, True])
def test_workers_out_of_range_is_an_error(workers: object) -> None:
    with pytest.raises(pp.PetitionError, match="expected workers from 1 to 256"):
        list(pp.to_records(SMALL, "petitions", workers=workers))  # type: ignore[arg-type]
    with pytest.raises(pp.PetitionError, match="expected errors 'raise', 'skip' or 'collect'"):
        list(pp.read_reports(SMALL, errors="ignore"))  # type: ignore[call-overload]


@pytest.mark.parametrize("suffix", [".csv", ".ndjson", ".json"])
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_the_command_and_the_library_write_the_same_bytes(
    tmp_path: Path, suffix: str, jobs: str
) -> None:
    """One table writer: ``write_table`` and ``petition-parser table`` (in one process, and
    with workers whose text is spooled), to a file and to standard output."""
    sources = [str(p) for p in sorted((ROOT / "examples").glob("*.md"))] * 3
    library = tmp_path / f"library{suffix}"
    pp.write_table(sources, "constituencies", library)
    to_file = tmp_path / f"command{suffix}"
    done = cli("table", "constituencies", *sources, "-o", str(to_file), "-j", jobs, "-q")
    assert done.returncode == 0, done.stderr
    assert to_file.read_bytes() == library.read_bytes()
    fmt = suffix.lstrip(".")
    piped = subprocess.run(
        [
            sys.executable,
            "-m",
            "petition_parser",
            "table",
            "constituencies",
            *sources,
            "-f",
            fmt,
            "-j",
            jobs,
            "-q",
        ],
        capture_output=True,
        check=True,
    )
    assert piped.stdout == library.read_bytes()


def test_timeline_output_is_the_timelines_writer(tmp_path: Path) -> None:
    line = pp.timeline(SMALL)
    line.write("countries", tmp_path / "lib.csv")
    done = subprocess.run(
        [sys.executable, "-m", "petition_parser", "timeline", str(SMALL), "-t", "countries", "-q"],
        capture_output=True,
        check=True,
    )
    assert done.stdout == (tmp_path / "lib.csv").read_bytes()
