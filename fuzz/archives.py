"""The archive surface under fuzz: folders, git repositories and command lines.

    python fuzz/archives.py --folders 10000 --repos 1000 --cli 300 --seed 1 --jobs 2

The parsers have their own fuzzers (``mutate.py``, ``atheris_harness.py``); this one
feeds what surrounds them: what a user points the library at.

* **folders**: a folder of up to eight entries: reports, index pages, mutated and
  binary files, names with odd bytes (not UTF-8, ``\\x01``, spaces, a leading ``-``,
  glob characters, 255 bytes), subfolders, links to ``.``, ``..``, a file, nowhere, and
  named pipes.  Every reader and writer runs over it (``read_reports`` by folder and by
  glob, each table's records, latest snapshots, CSV/NDJSON/JSON/Parquet/dataset
  files, SQLite, the timeline), and folder and glob must read the same files, the
  files ``Path.glob("**/*.md")`` finds, in its order; the Dask reader's local listing
  must give fsspec's files for three globs.
* **repos**: a git repository of a few commits: files with odd names and blobs,
  renames, deletions, links, submodules (gitlinks), branches; ``read_git`` with
  patterns, revisions (options among them: ``--output=FILE``), ``since`` and ``until``
  drawn from a table; nothing may be written outside the repository; and
  ``read_git_table``'s partitions of a few commits, read one after another, give
  ``read_git``'s versions.
* **cli**: a command line drawn from a table of commands, sources, options and
  values, run as ``python -m petition_parser`` with random standard input.

The promises: only a ``PetitionError`` escapes a public function; no case takes more
than 30 seconds (a hang); a command exits 0, 1, 2 (or 130) and prints no traceback.
A failing case is saved under ``fuzz/crashes/`` with its traceback; the run prints one
line per kind and exits 1 if anything failed.  The same ``--seed`` and counts give the
same cases.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from datetime import datetime, timezone
from operator import attrgetter
from pathlib import Path
from types import FrameType

import fsspec
import pyarrow.dataset as pads

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import petition_parser as pp
from fuzz.mutate import CRASHES, ROOT, mutate, seeds
from petition_parser._git import log_changes
from petition_parser._sources import iter_sources
from petition_parser.dask import _git_parts, _local_files

TABLES = ("petitions", "countries", "constituencies", "history", "index")
#: The longest a case may take before it counts as a hang.
LIMIT = 30

#: Path.glob's order: by the paths' parts.
_PARTS = attrgetter("parts")
_REPORTS = seeds("report")
_PAGES = seeds("index")


class Hang(Exception):
    """A case ran past LIMIT seconds."""


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise Hang(f"no answer in {LIMIT} s")


# -- what goes in a folder --------------------------------------------------------------

_NAME_PARTS = [
    b"r",
    b"700002",
    b" ",
    b"-",
    b"--output=x",
    b"\xff",
    b"\xc3\xa9",
    b"\x01",
    b"\x7f",
    b"\n",
    b"*",
    b"?",
    b"[",
    b"]",
    b"\\",
    b":",
    b".",
    b"..md",
    b"\xe2\x80\x93",
]


def _name(rng: random.Random) -> bytes:
    if rng.random() < 0.05:
        return b"x" * rng.randint(240, 251) + b".md"  # about the longest a name may be
    stem = b"".join(rng.choice(_NAME_PARTS) for _ in range(rng.randint(1, 4)))
    suffix = rng.choice([b".md", b".md", b".md", b".MD", b".txt", b"", b".md.tmp"])
    name = (stem + suffix).replace(b"/", b"_")
    return name if name not in (b".", b"..") else b"r.md"


def _content(rng: random.Random) -> bytes:
    roll = rng.random()
    if roll < 0.35:
        return rng.choice(_REPORTS).encode("utf-8")
    if roll < 0.45:
        return rng.choice(_PAGES).encode("utf-8")
    if roll < 0.75:
        text = mutate(rng, rng.choice(_REPORTS), _REPORTS, "report")
        return text.encode("utf-8", "surrogatepass")
    if roll < 0.85:
        return b""
    return bytes(rng.randrange(256) for _ in range(rng.randint(1, 300)))


def make_folder(rng: random.Random, root: bytes) -> None:
    """A folder of odd entries at ``root`` (bytes: names need not be UTF-8)."""
    os.mkdir(root)
    folders = [root]
    files: list[bytes] = []
    for _ in range(rng.randint(0, 8)):
        parent = rng.choice(folders)
        path = parent + b"/" + _name(rng)
        if os.path.lexists(path):
            continue
        kind = rng.choices(
            ["file", "folder", "link-dot", "link-up", "link-file", "dangling", "fifo"],
            weights=[10, 3, 1, 1, 1, 1, 1],
        )[0]
        try:
            if kind == "file":
                with open(path, "wb") as f:
                    f.write(_content(rng))
                files.append(path)
            elif kind == "folder":
                os.mkdir(path)
                folders.append(path)
            elif kind == "link-dot":
                os.symlink(b".", path)
            elif kind == "link-up":
                os.symlink(b"..", path)
            elif kind == "link-file" and files:
                os.symlink(rng.choice(files), path)
            elif kind == "dangling":
                os.symlink(b"no-such-file.md", path)
            elif kind == "fifo":
                os.mkfifo(path)
        except OSError:
            continue  # a name the file system refuses: not a case


def _try(call: Callable[[], object]) -> object:
    """``call()``; a PetitionError is a documented answer, anything else escapes."""
    try:
        return call()
    except pp.PetitionError as exc:
        return exc


def check_folder(rng: random.Random, work: Path) -> None:
    root = os.fsencode(work / "archive")
    make_folder(rng, root)
    folder = os.fsdecode(root)
    pattern = os.path.join(folder, "**", "*.md")
    by_folder = _try(lambda: list(pp.read_reports(folder, errors="collect")))
    by_glob = _try(lambda: list(pp.read_reports(pattern, errors="collect")))
    assert isinstance(by_folder, list)
    assert isinstance(by_glob, list)

    def files(items: list[object]) -> list[object]:
        return [
            item if isinstance(item, pp.Petition) else getattr(item, "file", None)
            for item in items
            if getattr(item, "file", None) not in (folder, pattern)
        ]

    assert files(by_folder) == files(by_glob), "a folder and its glob read different files"
    # The folder's own walk (os.scandir) lists what Path.glob would, in the same order.
    listed = [item for item in iter_sources(folder) if isinstance(item, str)]
    reference = sorted((p for p in Path(folder).glob("**/*.md") if p.is_file()), key=_PARTS)
    assert listed == [str(p) for p in reference], "the walk and Path.glob list different files"
    # The Dask reader's local listing (os.scandir) lists what fsspec would, in its order.
    for glob in ("**/*.md", "*.md", "*/*"):
        urlpath = f"{folder}/{glob}"
        by_fsspec = [f.path for f in fsspec.open_files(urlpath, mode="rb")]
        assert _local_files(urlpath, {}) == by_fsspec, f"{glob}: the listing and fsspec differ"
    for table in TABLES:
        _try(lambda t=table: list(pp.to_records(folder, t, errors="collect")))  # type: ignore[misc]
    table = rng.choice(TABLES)
    _try(lambda: list(pp.to_records(folder, table, errors="skip", latest=True)))
    out = work / "out"
    out.mkdir()
    for target in ("t.csv", "t.ndjson", "t.json", "t.parquet", "dataset"):
        _try(lambda t=target: pp.write_table(folder, table, out / t, errors="skip"))  # type: ignore[misc]
    _try(lambda: pp.to_sqlite(folder, out / "p.db", errors="skip"))
    _try(lambda: pp.timeline(folder, errors="skip"))
    _try(lambda: list(pp.read_reports([folder, pattern, os.fsdecode(root + b"/\xff.md")])))
    leftovers = [p.name for p in out.iterdir() if p.name.startswith(".")]
    assert not leftovers, f"temporary files left behind: {leftovers}"
    check_incremental(rng, work, root, table)


def check_incremental(rng: random.Random, work: Path, root: bytes, table: str) -> None:
    """Loaded in two steps (some files hidden from the first, maybe a file copied under
    a new name after it), a Parquet dataset holds the rows of one clean write, and a
    SQLite database the snapshots of one clean load.  (Not SQLite's rows: of two files
    with one snapshot key, the first loaded is kept, and which is first depends on the
    steps.)"""
    regular = [
        os.path.join(top, name)
        for top, _, names in os.walk(root)
        for name in names
        if os.path.isfile(os.path.join(top, name)) and not os.path.islink(os.path.join(top, name))
    ]
    hidden = rng.sample(regular, rng.randint(0, len(regular)))
    away = work / "hidden"  # no ``.md`` name: not a report, even through a link to ``..``
    away.mkdir()
    out = work / "steps"
    out.mkdir()
    folder = os.fsdecode(root)

    def load(dataset: str, db: str) -> tuple[object, object]:
        return (
            _try(lambda: pp.write_table(folder, table, out / dataset, "dataset", errors="skip")),
            _try(lambda: pp.to_sqlite(folder, out / db, errors="skip")),
        )

    for i, path in enumerate(hidden):
        os.rename(path, away / str(i))
    first = load("step", "step.db")
    for i, path in enumerate(hidden):
        os.rename(away / str(i), path)
    if regular and rng.random() < 0.5:  # and a copy, under a new name, of a file loaded
        original = rng.choice(regular)
        shutil.copyfile(original, os.path.join(os.path.dirname(original), b"copy-of.md"))
    second = load("step", "step.db")
    clean = load("clean", "clean.db")
    for got, want in zip((*first, *second), (*clean, *clean), strict=True):
        assert isinstance(got, pp.PetitionError) == isinstance(want, pp.PetitionError), (
            f"a step gave {got!r}, a clean load {want!r}"
        )
    if not isinstance(clean[0], pp.PetitionError):
        assert _dataset_rows(out / "step") == _dataset_rows(out / "clean"), (
            "a dataset loaded in two steps differs from a clean write"
        )
    if not isinstance(clean[1], pp.PetitionError):
        assert _snapshot_keys(out / "step.db") == _snapshot_keys(out / "clean.db"), (
            "a database loaded in two steps holds other snapshots than a clean load"
        )


def _dataset_rows(folder: Path) -> list[str]:
    if not any(folder.rglob("*.parquet")):
        return []
    data = pads.dataset(folder, format="parquet", partitioning="hive").to_table()
    return sorted(repr(row) for row in data.to_pylist())


def _snapshot_keys(path: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as db:
        keys = db.execute("SELECT petition_id, refreshed_at, updated_at FROM petitions")
        return sorted(keys.fetchall(), key=repr)


# -- git repositories -------------------------------------------------------------------

_REVISIONS = [
    None,
    "main",
    "HEAD",
    "HEAD~1",
    "HEAD~99",
    "main..HEAD",
    "side",
    "main...side",
    "--output=written.txt",
    "--output=../written.txt",
    "-p",
    "--all",
    "-",
    "--",
    "@{-1}",
    "main^{tree}",
    "no-such-branch",
    "\udcff",
    "\ud800",
    "a\x00b",
    "é",
    "",
    " ",
]
_PATTERNS: list[str | list[str]] = [
    "**/*.md",
    "*.md",
    "reports",
    "reports/*.md",
    ["reports/*.md", "*.md"],
    [],
    "",
    "[",
    "**",
    ":(exclude)x",
    "-x",
    "--",
    "\x00",
    "\udcff.md",
    "\ud800",
    "x" * 5000,
    "reports/\x01*.md",
]
_TIMES: list[str | datetime | None] = [
    None,
    "2000-01-01",
    "1 year ago",
    "--all",
    "not a time",
    "",
    datetime(2001, 1, 1),
    datetime(2031, 1, 1, tzinfo=timezone.utc),
    datetime(1, 1, 1),
    "\x00",
]


def _git(repo: Path, *args: str | bytes, env: dict[str, str] | None = None) -> bytes:
    done = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, check=False, env=env
    )
    return done.stdout.strip()


def make_repo(rng: random.Random, repo: Path) -> None:
    repo.mkdir()
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "config", "user.email", "fuzz@example.org")
    _git(repo, "config", "user.name", "fuzz")
    (repo / "reports").mkdir()
    paths: list[bytes] = []
    for i in range(rng.randint(1, 6)):
        for _ in range(rng.randint(1, 3)):
            op = rng.choices(
                ["add", "edit", "delete", "rename", "link", "submodule", "branch"],
                weights=[5, 3, 1, 1, 1, 1, 1],
            )[0]
            try:
                if op == "add" or (op in ("edit", "delete", "rename") and not paths):
                    folder = rng.choice([b"reports/", b""])
                    path = folder + _name(rng)
                    with open(os.fsencode(repo) + b"/" + path, "wb") as f:
                        f.write(_content(rng))
                    paths.append(path)
                elif op == "edit":
                    with open(os.fsencode(repo) + b"/" + rng.choice(paths), "wb") as f:
                        f.write(_content(rng))
                elif op == "delete":
                    os.unlink(os.fsencode(repo) + b"/" + paths.pop(rng.randrange(len(paths))))
                elif op == "rename":
                    old = paths.pop(rng.randrange(len(paths)))
                    new = b"reports/" + _name(rng)
                    os.rename(os.fsencode(repo) + b"/" + old, os.fsencode(repo) + b"/" + new)
                    paths.append(new)
                elif op == "link":
                    os.symlink(
                        b"../" + (rng.choice(paths) if paths else b"x"),
                        os.fsencode(repo) + b"/reports/" + _name(rng),
                    )
                elif op == "submodule":
                    head = _git(repo, "rev-parse", "HEAD") or b"0" * 40
                    spec = b"160000," + head + b",reports/" + _name(rng)
                    _git(repo, "update-index", "--add", "--cacheinfo", spec)
                elif op == "branch":
                    _git(repo, "branch", "-f", "side")
            except OSError:
                continue
        _git(repo, "add", "-A")
        when = f"{2031 + i}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}T12:00:00+00:00"
        env = {**os.environ, "GIT_COMMITTER_DATE": when, "GIT_AUTHOR_DATE": when}
        _git(repo, "commit", "-q", "--allow-empty", "-m", f"refresh {i}", env=env)


def check_repo(rng: random.Random, work: Path) -> None:
    repo = work / "repo"
    make_repo(rng, repo)
    before = sorted(p.name for p in work.iterdir())
    status = _git(repo, "status", "--porcelain", "--ignored")
    for _ in range(4):
        patterns = rng.choice(_PATTERNS)
        rev = rng.choice(_REVISIONS)
        since, until = rng.choice(_TIMES), rng.choice(_TIMES)
        versions = _try(
            lambda p=patterns, r=rev, s=since, u=until: list(  # type: ignore[misc]
                pp.read_git(repo, p, rev=r, since=s, until=u)
            )
        )
        if isinstance(versions, list):
            for version in versions:
                assert (version.petition is None) != (version.error is None)
            check_git_parts(rng, repo, patterns, rev, since, until, versions)
    assert sorted(p.name for p in work.iterdir()) == before, "a file was written beside"
    assert _git(repo, "status", "--porcelain", "--ignored") == status, "the repository changed"
    _try(lambda: list(pp.read_git(work / "no-such-repo")))
    _try(lambda: list(pp.read_git(repo / "reports")))
    check_git_steps(rng, work, repo)


def check_git_parts(
    rng: random.Random,
    repo: Path,
    patterns: str | list[str],
    rev: str | None,
    since: str | datetime | None,
    until: str | datetime | None,
    versions: list[pp.GitVersion],
) -> None:
    """``read_git_table``'s partitions of a few commits (their skips made from the
    streamed listing), read one after another, give ``read_git``'s versions."""
    size = rng.randint(1, 3)
    listing = log_changes(str(repo), patterns, rev=rev, since=since, until=until)
    chosen = (patterns,) if isinstance(patterns, str) else tuple(patterns)
    parts = _git_parts(str(repo.resolve()), chosen, listing, size)
    assert all(len(part.commits) <= size for part in parts)
    read = [document.name for part in parts for document in part.documents()]
    assert read == [f"{v.commit[:12]}:{v.path}" for v in versions], (
        f"partitions of {size} commits read other versions than read_git"
    )


def check_git_steps(rng: random.Random, work: Path, repo: Path) -> None:
    """A history loaded into SQLite up to a commit, then to its tip (``LAST..TIP``),
    holds the snapshots of one load of the whole history."""
    commits = (_git(repo, "rev-list", "--reverse", "main") or b"").split()
    middle = rng.choice(commits)
    tip = commits[-1]
    step, clean = work / "step.db", work / "clean.db"
    _git(repo, "update-ref", "refs/heads/main", middle)
    first = _try(lambda: pp.to_sqlite(None, step, git=repo, errors="skip"))
    _git(repo, "update-ref", "refs/heads/main", tip)
    second = _try(lambda: pp.to_sqlite(None, step, git=repo, errors="skip"))
    whole = _try(lambda: pp.to_sqlite(None, clean, git=repo, errors="skip"))
    for got in (first, second, whole):
        assert isinstance(got, dict), f"a load of the history failed: {got!r}"
    assert _snapshot_keys(step) == _snapshot_keys(clean), (
        "a history loaded in two steps holds other snapshots than one load"
    )


# -- command lines ----------------------------------------------------------------------

_COMMANDS = [
    ["parse"],
    ["parse", "--pretty"],
    ["table", "petitions"],
    ["table", "countries"],
    ["table", "index"],
    ["table", "signatures"],
    ["sqlite", "{out}/p.db"],
    ["sqlite", "{out}"],
    ["check"],
    ["render"],
    ["from-api"],
    ["schema"],
    ["schema", "index"],
    ["diff"],
    ["timeline"],
    ["plot", "-o", "{out}/c.png"],
    ["plot", "-k", "countries", "-o", "{out}/c.svg"],
    ["plot", "-k", "rate", "-p", "700002", "-o", "{out}/c.pdf"],
    ["plot", "-o", "{out}/c.gif"],
    ["site", "-o", "{out}/site"],
    ["site"],
    ["nonsense"],
    [],
]
_SOURCES = [
    "{small}",
    "{folder}",
    "{folder}/**/*.md",
    "{out}/missing.md",
    "{out}/*.none",
    "-",
    "{long}",
    "{api}",
    "{out}",
]
_OPTIONS = [
    ["-o", "{out}/t.csv"],
    ["-o", "{out}/t.json"],
    ["-o", "{out}/t.xlsx"],
    ["-o", "{out}/t.parquet"],
    ["-o", "{out}"],
    ["-o", "{out}/no/such/t.csv"],
    ["-o", "-"],
    ["-f", "json"],
    ["-f", "parquet"],
    ["-f", "xml"],
    ["-j", "2"],
    ["-j", "0"],
    ["-j", "-1"],
    ["-j", "99999999999999999999"],
    ["-j", "x"],
    ["--git", "{repo}"],
    ["--git", "{out}"],
    ["--git", "{small}"],
    ["--rev", "--output={out}/x"],
    ["--rev", "HEAD~3"],
    ["--since", "1 year ago"],
    ["--until", "not a time"],
    ["--latest"],
    ["-q"],
    ["--fail-fast"],
    ["-t", "crossings"],
    ["-t", "nonsense"],
    ["--threshold", "10"],
    ["--threshold", "-5"],
    ["-o", "{out}/site"],
    ["-k", "constituencies"],
    ["-p", "700002"],
    ["--top", "0"],
    ["--refreshed-at", "2031-06-01T18:30:05"],
    ["--refreshed-at", "yesterday"],
    ["--help"],
    ["-V"],
    ["--no-such-option"],
]


def check_cli(rng: random.Random, work: Path, repo: Path, folder: Path) -> None:
    out = work / "out"
    out.mkdir()
    values = {
        "small": str(ROOT / "examples" / "small.md"),
        "api": str(ROOT / "tests" / "data" / "api" / "700003.json"),
        "folder": str(folder),
        "repo": str(repo),
        "out": str(out),
        "long": str(work / ("x" * 5000 + ".md")),
    }
    argv = list(rng.choice(_COMMANDS))
    argv += [rng.choice(_SOURCES) for _ in range(rng.randint(0, 3))]
    for _ in range(rng.randint(0, 3)):
        argv += rng.choice(_OPTIONS)
    argv = [a.format(**values) for a in argv]
    stdin = rng.choice([b"", _content(rng)])
    try:
        done = subprocess.run(
            [sys.executable, "-m", "petition_parser", *argv],
            input=stdin,
            capture_output=True,
            check=False,
            cwd=work,
            timeout=LIMIT,
        )
    except subprocess.TimeoutExpired:
        raise Hang(f"no answer in {LIMIT} s: {argv}") from None
    stderr = done.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stderr, f"{argv}: a traceback\n{stderr}"
    assert done.returncode in (0, 1, 2), f"{argv}: exit {done.returncode}\n{stderr}"
    leftovers = [p.name for p in out.iterdir() if p.name.startswith(".")]
    assert not leftovers, f"{argv}: temporary files left behind: {leftovers}"


# -- running ----------------------------------------------------------------------------


def _save(kind: str, seed: int, exc: BaseException) -> str:
    CRASHES.mkdir(exist_ok=True)
    path = CRASHES / f"archives-{kind}-{seed}.txt"
    path.write_text(
        f"python fuzz/archives.py --only {kind} --case {seed}\n\n"
        + "".join(traceback.format_exception(exc)),
        "utf-8",
    )
    return str(path)


def run_case(job: tuple[str, int]) -> tuple[str, int, str | None]:
    """One case: its kind, its seed, and the crash file when it failed."""
    kind, seed = job
    rng = random.Random(seed)
    previous = signal.signal(signal.SIGALRM, _alarm)
    work = Path(tempfile.mkdtemp(prefix="petition-fuzz-"))
    cwd = os.getcwd()
    try:
        os.chdir(work)  # anything written "here" is found, and cleared
        if kind != "cli":
            signal.alarm(LIMIT)
        if kind == "folders":
            check_folder(rng, work)
        elif kind == "repos":
            check_repo(rng, work)
        else:
            repo = work / "repo"
            make_repo(rng, repo)
            make_folder(rng, os.fsencode(work / "archive"))
            check_cli(rng, work, repo, work / "archive")
        return kind, seed, None
    except BaseException as exc:
        if isinstance(exc, KeyboardInterrupt):
            raise
        return kind, seed, _save(kind, seed, exc)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
        os.chdir(cwd)
        shutil.rmtree(work, ignore_errors=True)


def cases(counts: dict[str, int], seed: int) -> list[tuple[str, int]]:
    return [
        (kind, seed * 1_000_003 + i * 7 + index)
        for index, (kind, count) in enumerate(counts.items())
        for i in range(count)
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--folders", type=int, default=1_000)
    parser.add_argument("--repos", type=int, default=100)
    parser.add_argument("--cli", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--only", choices=["folders", "repos", "cli"], help="one kind")
    parser.add_argument("--case", type=int, help="re-run the one case of this seed")
    args = parser.parse_args(argv)
    if args.case is not None:
        _, _, crash = run_case((args.only or "folders", args.case))
        print(crash or "passed")
        return 1 if crash else 0
    counts = {"folders": args.folders, "repos": args.repos, "cli": args.cli}
    if args.only:
        counts = {args.only: counts[args.only]}
    jobs = cases(counts, args.seed)
    start = time.monotonic()
    done: dict[str, int] = dict.fromkeys(counts, 0)
    failed: dict[str, list[str]] = {kind: [] for kind in counts}
    with multiprocessing.get_context("forkserver").Pool(args.jobs) as pool:
        for kind, _, crash in pool.imap_unordered(run_case, jobs, chunksize=4):
            done[kind] += 1
            if crash is not None:
                failed[kind].append(crash)
    seconds = time.monotonic() - start
    for kind in counts:
        print(f"{kind}: {done[kind]:,} cases, {len(failed[kind])} failed ({seconds:.0f} s in all)")
        for crash in failed[kind][:10]:
            print(f"  {crash}")
    return 1 if any(failed.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
