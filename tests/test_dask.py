"""petition_parser.dask on a real dask.distributed LocalCluster with 2 worker processes."""

from __future__ import annotations

import gc
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import attrs
import fsspec
import pandas as pd
import pyarrow.parquet as pq
import pytest
from dask.distributed import Client, LocalCluster

import petition_parser as pp
import petition_parser.dask as ppdask
from petition_parser._git import CatFile
from petition_parser._tables.arrow import arrow_table, pandas_frame
from petition_parser.dask import read_git_table, read_table

from .conftest import DATA, ROOT, corpus_files, read_exact
from .histories import Rename, make_history

EXAMPLES = sorted((ROOT / "examples").glob("*.md"))
REPORTS = corpus_files("reports/*.md") + corpus_files("pairs/*[0-9].md") or EXAMPLES
TABLES = ("petitions", "countries", "constituencies", "history")
INDEX_PAGES = corpus_files("index/*.md") or sorted((DATA / "index" / "valid").glob("*.md"))


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as connected,
    ):
        assert len(connected.scheduler_info()["workers"]) == 2
        yield connected


def _same(frame: Any, want: Any) -> None:
    got = frame.reset_index(drop=True)
    assert list(got.columns) == list(want.columns)
    assert dict(got.dtypes) == dict(want.dtypes)
    pd.testing.assert_frame_equal(got, want.reset_index(drop=True))


@pytest.mark.parametrize("table", TABLES)
def test_local_paths_give_the_single_process_table(client: Client, table: str) -> None:
    frame = read_table([str(p) for p in REPORTS], table, files_per_partition=4)
    assert frame.npartitions == -(-len(REPORTS) // 4)
    _same(frame.compute(), pp.to_pandas(REPORTS, table))


def test_memory_urls(client: Client) -> None:
    fs = fsspec.filesystem("memory")
    for path in REPORTS:
        fs.pipe(f"/corpus/{path.name}", path.read_bytes())
    frame = read_table("memory://corpus/*.md", "constituencies", files_per_partition=7)
    by_name: list[Path] = sorted(REPORTS, key=lambda p: p.name)  # as the glob lists them
    want = pp.to_pandas(by_name, "constituencies")
    _same(frame.compute(), want)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """500 invented reports: one example, with distinct ids, counts and refresh times."""
    folder = tmp_path_factory.mktemp("generated")
    base = pp.parse(read_exact(ROOT / "examples" / "full-size.md"))
    assert base.refreshed_at is not None
    for i in range(500):
        petition_id = 800_000 + i
        petition = attrs.evolve(
            base,
            petition_id=petition_id,
            url=f"https://petition.parliament.uk/petitions/{petition_id}",
            refreshed_at=base.refreshed_at.replace(minute=i % 60, second=i // 60),
        )
        (folder / f"{petition_id}.md").write_text(pp.render(petition), encoding="utf-8")
    return folder


# memory:// files exist only in this process, so their bytes travel in the graph.
@pytest.mark.filterwarnings("ignore:Sending large graph:UserWarning")
def test_a_generated_folder_of_500_in_memory(client: Client, generated: Path) -> None:
    fs = fsspec.filesystem("memory")
    for path in sorted(generated.glob("*.md")):
        fs.pipe(f"/generated/{path.name}", path.read_bytes())
    frame = read_table("memory://generated/*.md", "countries", files_per_partition=100)
    assert frame.npartitions == 5
    _same(frame.compute(), pp.to_pandas(sorted(generated.glob("*.md")), "countries"))


def test_a_generated_folder_of_500(client: Client, generated: Path) -> None:
    frame = read_table(str(generated / "*.md"), "petitions", files_per_partition=50)
    assert frame.npartitions == 10
    want = pp.to_pandas(generated, "petitions")
    _same(frame.compute(), want)
    sums = read_table(str(generated / "*.md"), "constituencies", files_per_partition=50)
    totals = sums.groupby("petition_id")["signature_count"].sum().compute().sort_index()
    assert totals.tolist() == want["uk_signature_count"].tolist()


def test_a_computation_builds_only_the_columns_it_uses(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[list[str] | None] = []
    real = arrow_table

    def spy(table: str, snapshots: list[Any], columns: list[str] | None = None) -> Any:
        asked.append(columns)
        return real(table, snapshots, columns)

    # The partitions run here (scheduler="sync"), where the spy can see them.
    monkeypatch.setattr(ppdask, "arrow_table", spy)
    frame = read_table([str(p) for p in REPORTS], "countries", files_per_partition=4)
    want = pp.to_pandas(REPORTS, "countries")
    sums = frame.groupby("name")["signature_count"].sum().compute(scheduler="sync")
    pd.testing.assert_series_equal(
        sums.sort_index(), want.groupby("name")["signature_count"].sum().sort_index()
    )
    assert asked.count(["name", "signature_count"]) == frame.npartitions
    picked = frame[["rank", "petition_id"]].compute(scheduler="sync")
    _same(picked, want[["rank", "petition_id"]])
    assert asked.count(["petition_id", "rank"]) == frame.npartitions  # in the table's order
    assert len(frame.compute(scheduler="sync").columns) == 8
    assert asked[-frame.npartitions :] == [None] * frame.npartitions  # every column


@pytest.mark.parametrize("table", [*TABLES, "index"])
def test_a_partition_is_one_task(table: str) -> None:
    """No string conversion after the read (its partitions are pyarrow strings already):
    one task per partition, whose frame has the dtypes of ``meta``."""
    sources = [str(p) for p in (INDEX_PAGES if table == "index" else REPORTS)]
    frame = read_table(sources, table, files_per_partition=4)
    assert len(frame.__dask_graph__()) == frame.npartitions
    first = frame.partitions[0].compute(scheduler="sync")
    assert dict(first.dtypes) == dict(frame.dtypes)
    assert dict(frame.dtypes) == dict(pp.to_pandas(sources[:1], table).dtypes)


def test_constituency_partitions_convert_only_the_columns_used(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The constituency rows are read natively (Arrow's CSV reader): the projection
    # picks the Arrow columns that go on to pandas.
    converted: list[list[str]] = []
    real = pandas_frame

    def spy(arrow: Any) -> Any:
        converted.append(arrow.column_names)
        return real(arrow)

    monkeypatch.setattr(ppdask, "pandas_frame", spy)
    frame = read_table([str(p) for p in REPORTS], "constituencies", files_per_partition=4)
    want = pp.to_pandas(REPORTS, "constituencies")
    sums = frame.groupby("name")["signature_count"].sum().compute(scheduler="sync")
    pd.testing.assert_series_equal(
        sums.sort_index(), want.groupby("name")["signature_count"].sum().sort_index()
    )
    assert converted.count(["name", "signature_count"]) == frame.npartitions
    _same(frame.compute(scheduler="sync"), want)


@pytest.fixture
def collector_watched(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether the collector was on in each partition parsed in this process."""
    monkeypatch.setattr(ppdask, "_TUNED", True)  # not gc.freeze() of the test process
    seen: list[bool] = []
    real = ppdask._parse_partition

    def spy(*args: Any) -> Any:
        seen.append(gc.isenabled())
        return real(*args)

    monkeypatch.setattr(ppdask, "_parse_partition", spy)
    return seen


def test_the_collector_is_off_while_a_partition_is_parsed(collector_watched: list[bool]) -> None:
    assert gc.isenabled()
    frame, _ = ppdask._partition([str(EXAMPLES[0])], "petitions", "raise")
    assert len(frame) == 1
    assert collector_watched == [False]
    assert gc.isenabled()
    with pytest.raises(pp.PetitionParseError):
        ppdask._partition([str(DATA / "invalid")], "petitions", "raise")
    assert gc.isenabled()
    gc.disable()  # a process that keeps it off keeps it off
    try:
        ppdask._partition([str(EXAMPLES[0])], "petitions", "raise")
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_collector_is_back_after_the_last_of_two_threads(
    collector_watched: list[bool], monkeypatch: pytest.MonkeyPatch
) -> None:
    both_in = threading.Barrier(2)
    second_out = threading.Event()
    after_second: list[bool] = []
    spy = ppdask._parse_partition

    def overlapping(*args: Any) -> Any:
        result = spy(*args)
        both_in.wait(timeout=10)
        if threading.current_thread().name == "first":
            second_out.wait(timeout=10)
            after_second.append(gc.isenabled())
        return result

    monkeypatch.setattr(ppdask, "_parse_partition", overlapping)

    def run() -> None:
        ppdask._partition([str(EXAMPLES[0])], "petitions", "raise")
        if threading.current_thread().name == "second":
            second_out.set()

    threads = [threading.Thread(target=run, name=name) for name in ("first", "second")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    assert collector_watched == [False, False]
    assert after_second == [False]  # the first still parsing: still off
    assert gc.isenabled()


@pytest.fixture
def with_broken(tmp_path: Path) -> list[str]:
    bad = tmp_path / "broken.md"
    bad.write_text(read_exact(DATA / "valid" / "small.md").replace("| Opened |", "| Opend |"))
    return [str(EXAMPLES[0]), str(bad), str(EXAMPLES[1])]


def test_a_broken_file_raises_skips_or_is_collected(client: Client, with_broken: list[str]) -> None:
    with pytest.raises(pp.PetitionParseError) as info:
        read_table(with_broken, "petitions", files_per_partition=1).compute()
    assert info.value.file == with_broken[1]
    assert info.value.line == 23
    good = [with_broken[0], with_broken[2]]
    skipped = read_table(with_broken, "petitions", errors="skip", files_per_partition=2)
    _same(skipped.compute(), pp.to_pandas(good, "petitions"))
    # Reading one column, the broken file is still parsed whole, and still fails.
    with pytest.raises(pp.PetitionParseError) as projected:
        read_table(with_broken, "petitions", files_per_partition=1)["action"].compute()
    assert (projected.value.file, projected.value.line) == (with_broken[1], 23)
    actions = skipped["action"].compute().tolist()
    assert actions == pp.to_pandas(good, "petitions")["action"].tolist()
    frame, failures = read_table(with_broken, "petitions", errors="collect")
    _same(frame.compute(), pp.to_pandas(good, "petitions"))
    errors = failures.compute()
    assert errors["path"].tolist() == [with_broken[1]]
    assert errors[["line", "column"]].values.tolist() == [[23, 3]]
    assert errors["message"][0].startswith("expected one of 'Opened'")


def test_a_file_gone_before_a_worker_reads_it(client: Client, tmp_path: Path) -> None:
    """Through an fsspec URL read on the workers (a cache over local files)."""
    for example in EXAMPLES:
        (tmp_path / example.name).write_bytes(example.read_bytes())
    url = f"simplecache::file://{tmp_path}/*.md"
    frame = read_table(url, "petitions")
    skipping = read_table(url, "petitions", errors="skip")
    collecting, failures = read_table(url, "petitions", errors="collect")
    gone = tmp_path / EXAMPLES[0].name
    gone.unlink()
    with pytest.raises(pp.PetitionParseError, match="expected a readable file") as info:
        frame.compute()
    assert info.value.file == str(gone)
    kept = [tmp_path / p.name for p in EXAMPLES[1:]]
    _same(skipping.compute(), pp.to_pandas(kept, "petitions"))
    _same(collecting.compute(), pp.to_pandas(kept, "petitions"))
    assert failures.compute()["path"].tolist() == [str(gone)]


def test_to_parquet_writes_a_dataset(client: Client, tmp_path: Path) -> None:
    frame = read_table([str(p) for p in REPORTS], "countries", files_per_partition=5)
    frame.to_parquet(tmp_path / "countries", write_index=False)
    back = pq.read_table(tmp_path / "countries").to_pandas()
    assert len(back) == len(pp.to_pandas(REPORTS, "countries"))
    assert set(back["name"]) == set(pp.to_pandas(REPORTS, "countries")["name"])


def test_without_the_extra_the_error_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "dask.dataframe", None)
    with pytest.raises(ImportError, match=r"pip install 'petition-parser\[dask\]'"):
        read_table([str(EXAMPLES[0])], "petitions")


def test_arguments_are_checked() -> None:
    with pytest.raises(pp.PetitionError, match="expected a table, one of petitions, "):
        read_table([str(EXAMPLES[0])], "signatures")
    with pytest.raises(pp.PetitionError, match="no files match"):
        read_table("/no/such/folder/*.md", "petitions")
    with pytest.raises(pp.PetitionError, match="expected errors 'raise', 'skip' or 'collect', fo"):
        read_table([str(EXAMPLES[0])], "petitions", errors="all")  # type: ignore[call-overload]
    for size in (0, -1, 1.5, True, "3"):
        with pytest.raises(pp.PetitionError, match="expected files_per_partition of at least 1"):
            read_table([str(EXAMPLES[0])], "petitions", files_per_partition=size)  # type: ignore[arg-type]

    with pytest.raises(pp.PetitionError, match=r"expected a glob, .*'\*\*' can only be"):
        read_table("/some/folder/a**.md", "petitions")


@pytest.fixture
def messy(tmp_path: Path) -> Path:
    """A folder with what a glob can trip on: hidden names, wildcard characters in
    names, a folder named like a report, links to a file, a folder and nowhere."""
    for name in (
        "a.md",
        "b.md",
        ".hidden.md",
        "notes.txt",
        "[x].md",
        "q?.md",
        "space name.md",
        "\u00e9t\u00e9.md",
        "z.md/inner.md",
        "sub/x.md",
        "sub/deeper/y.md",
        "sub/.h/z.md",
        "sub/deeper/deepest/w.md",
        ".git/HEAD.md",
    ):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "link.md").symlink_to(tmp_path / "a.md")
    (tmp_path / "folder-link.md").symlink_to(tmp_path / "sub")
    (tmp_path / "sub" / "up").symlink_to(tmp_path)
    (tmp_path / "nowhere.md").symlink_to(tmp_path / "missing")
    return tmp_path


GLOBS = (
    "*.md",
    "**/*.md",
    "*",
    "**",
    "*/*.md",
    "*/*/*.md",
    "sub/*.md",
    "sub/**",
    "sub/**/*.md",
    "**/deeper/**/*.md",
    "**/x*",
    ".*",
    "[ab]*.md",
    "[!ab]*.md",
    "*.[m]d",
    "s*/deeper/*.md",
    "*.md/",
    "*.md/*",
    "nothing*/x.md",
    "[[]x*",
)


@pytest.mark.parametrize("pattern", GLOBS)
def test_a_local_glob_lists_what_fsspec_lists(
    messy: Path, pattern: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The local listing (os.scandir) gives fsspec's files in fsspec's order, however
    the glob is written: absolute, a file:// URL, relative."""
    monkeypatch.chdir(messy)
    for written in (f"{messy}/{pattern}", f"file://{messy}/{pattern}", pattern, f"./{pattern}"):
        listed = ppdask._local_files(written, {})
        assert listed == [f.path for f in fsspec.open_files(written, mode="rb")], written


def test_a_local_glob_keeps_fsspecs_rules(messy: Path) -> None:
    """Hidden names are matched, links to files and to nowhere kept (the second is
    refused when read), folders and links to them left out and not walked into."""
    listed = ppdask._local_files(f"{messy}/**/*.md", {})
    assert listed == [
        f"{messy}/{name}"
        for name in (
            ".git/HEAD.md",
            ".hidden.md",
            "[x].md",
            "a.md",
            "b.md",
            "link.md",
            "nowhere.md",
            "q?.md",
            "space name.md",
            "sub/.h/z.md",
            "sub/deeper/deepest/w.md",
            "sub/deeper/y.md",
            "sub/x.md",
            "z.md/inner.md",
            "\u00e9t\u00e9.md",
        )
    ]


def test_a_list_of_local_paths_gives_fsspecs_paths(
    messy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """However each path is written: absolute, relative, a Path, a file: URL, a folder,
    a trailing slash, a path that is not there."""
    monkeypatch.chdir(messy / "sub")
    written: list[Any] = [
        str(messy / "a.md"),
        "x.md",
        "./x.md",
        "../b.md",
        "deeper/y.md",
        ".",
        "",
        f"{messy}/sub/",
        f"{messy}//a.md",
        messy / "link.md",
        Path("x.md"),
        f"file://{messy}/b.md",
        f"file:{messy}/b.md",
        f"local:{messy}/b.md",
        "file:x.md",
        "no-such.md",
        "\u00e9t\u00e9.md",
        "c://x.md",
    ]
    for urlpath in (written, tuple(written), written[:1]):
        listed = ppdask._local_files(urlpath, {})
        assert listed == [f.path for f in fsspec.open_files(urlpath, mode="rb")]
    assert ppdask._local_files(written, {})[:3] == [  # type: ignore[index]
        str(messy / "a.md"),
        str(messy / "sub" / "x.md"),
        str(messy / "sub" / "x.md"),
    ]


def test_what_fsspec_lists_itself(messy: Path) -> None:
    urlpath: Any
    for urlpath in (
        str(messy / "a.md"),  # no wildcard: fsspec takes it as it is
        f"{messy}/?.md",
        [str(messy / "a.md"), f"{messy}/*.md"],  # fsspec globs the second
        [str(messy / "a.md"), f"{messy}/?.md"],
        [str(messy / "a.md"), "memory://reports/a.md"],
        [str(messy / "a.md"), f"local://{messy}/b.md"],  # fsspec: protocols differ
        [f"{messy}/odd://name.md"],  # fsspec takes "{messy}/odd" for a protocol
        [f"simplecache::file://{messy}/a.md"],
        ["data:text/plain,x"],
        [],
        {str(messy / "a.md")},  # a set: no order to keep
        "memory://reports/*.md",
        f"simplecache::file://{messy}/*.md",
    ):
        assert ppdask._local_files(urlpath, {}) is None, urlpath
    assert ppdask._local_files([str(messy / "a.md")], {"protocol": "memory"}) is None


# -- the git history ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """2,100 commits: refreshes of 30 invented petitions, with the history's odd moves
    (a rename that keeps the content, a file deleted and added back as it was, a broken
    version, a file outside the pattern) placed across partition boundaries."""
    base = pp.parse_file(EXAMPLES[-1])

    def version(pid: int, hour: int) -> bytes:
        petition = attrs.evolve(
            base,
            petition_id=pid,
            url=base.url.replace(str(base.petition_id), str(pid)),
            signature_count=base.signature_count + hour,
            refreshed_at=datetime(2031, 1, 1) + timedelta(hours=hour),
        )
        return pp.render(petition).encode("utf-8")

    commits: list[list[Any]] = []
    for i in range(2100):
        pid = 710000 + i % 30
        changes: list[Any] = [(f"reports/{pid}.md", version(pid, i))]
        if i % 97 == 5:
            changes.append(("notes.txt", f"note {i}".encode()))
        commits.append(changes)
    # Commit numbers near multiples of the partitions' 150 commits.
    commits[149] = [("reports/moved-710019.md", Rename("reports/710019.md"))]
    commits[150] = [("reports/710019.md", Rename("reports/moved-710019.md"))]
    kept = commits[290][0][1]
    commits[299] = [("reports/710020.md", None)]
    commits[300] = [("reports/710020.md", kept)]  # back as commit 290 left it
    commits[601] = [("reports/710001.md", b"# Broken\n\nnot a report\n")]
    folder = tmp_path_factory.mktemp("history")
    make_history(folder, commits)
    return folder


def _git_expected(history: Path, table: str) -> Any:
    versions = [v for v in pp.read_git(history, "reports/*.md") if v.error is None]
    want = pp.to_pandas([v.petition for v in versions], table)  # type: ignore[misc]
    return versions, want


@pytest.mark.parametrize("table", TABLES)
def test_a_git_history_gives_read_gits_rows(client: Client, history: Path, table: str) -> None:
    frame = read_git_table(history, "reports/*.md", table, commits_per_partition=150, errors="skip")
    commits = subprocess.run(
        ["git", "-C", str(history), "log", "--format=%H", "--", "reports/*.md"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert len(commits) >= 2000
    assert frame.npartitions == -(-len(commits) // 150)
    got = frame.compute().reset_index(drop=True)
    versions, want = _git_expected(history, table)
    if table == "petitions":
        names = [f"{v.commit[:12]}:{v.path}" for v in versions]
        assert got["source_path"].tolist() == names
        got = got.drop(columns="source_path")
        want = want.drop(columns="source_path")
    _same(got, want)


def test_a_broken_git_version_raises_or_is_collected(client: Client, history: Path) -> None:
    with pytest.raises(pp.PetitionParseError, match=r":reports/710001\.md"):
        read_git_table(history, "reports/*.md", "history", commits_per_partition=500).compute()
    frame, errors = read_git_table(
        history, "reports/*.md", "history", commits_per_partition=500, errors="collect"
    )
    failed = errors.compute()
    assert failed["path"].str.endswith(":reports/710001.md").tolist() == [True]
    assert len(frame.compute()) == len(_git_expected(history, "history")[1])


def test_a_partition_where_the_repository_is_not_is_a_petition_error(
    history: Path, tmp_path: Path
) -> None:
    """A worker that does not see the repository at the client's path (no shared disk)
    gets git's own complaint, as a PetitionError naming the folder."""
    commit = subprocess.run(
        ["git", "-C", str(history), "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()
    for folder in (tmp_path, tmp_path / "gone"):
        part = ppdask._GitPart(str(folder), ("reports/*.md",), (commit,), frozenset())
        with pytest.raises(pp.PetitionError, match=f"git log in {folder} failed: .+"):
            part.documents()


def test_read_git_table_checks_its_arguments(history: Path, tmp_path: Path) -> None:
    with pytest.raises(pp.PetitionError, match="commits_per_partition"):
        read_git_table(history, "reports/*.md", "history", commits_per_partition=0)
    with pytest.raises(pp.PetitionError, match="expected a table"):
        read_git_table(history, "reports/*.md", "nope")
    with pytest.raises(pp.PetitionError, match="expected errors 'raise', 'skip' or 'collect', fo"):
        read_git_table(history, "reports/*.md", "history", errors="all")  # type: ignore[arg-type]
    with pytest.raises(pp.PetitionError, match="not a git repository"):
        read_git_table(tmp_path, "reports/*.md", "history")
    with pytest.raises(pp.PetitionError, match="no committed versions"):
        read_git_table(history, "nothing/*.md", "history")


def _small_history(folder: Path, hours: range) -> None:
    base = pp.parse_file(EXAMPLES[-1])
    make_history(
        folder,
        [
            [
                (
                    f"reports/{720000 + hour % 3}.md",
                    pp.render(
                        attrs.evolve(
                            base,
                            petition_id=720000 + hour % 3,
                            url=base.url.replace(str(base.petition_id), str(720000 + hour % 3)),
                            refreshed_at=datetime(2031, 1, 1) + timedelta(hours=hour),
                        )
                    ).encode("utf-8"),
                )
            ]
            for hour in hours
        ],
    )


def test_a_process_reads_its_partitions_through_one_cat_file(tmp_path: Path) -> None:
    """Partitions read in one process share one ``git cat-file`` (idle between them, its
    cache of delta bases warm), from one computation to the next; a repository replaced
    at its path since is still read right."""
    repo = tmp_path / "repo"
    _small_history(repo, range(6))
    ppdask._close_cat_files()
    frame = read_git_table(repo, "reports/*.md", "petitions", commits_per_partition=2)
    assert frame.npartitions == 3
    first = frame.compute(scheduler="sync")
    kept = ppdask._CAT_FILES[str(repo)]
    assert len(kept) == 1
    process = kept[0]
    second = frame.compute(scheduler="sync")
    assert ppdask._CAT_FILES[str(repo)] == [process]
    _same(first, second)
    assert first["refreshed_at"].dt.hour.tolist() == list(range(6))
    shutil.rmtree(repo)
    _small_history(repo, range(10, 14))
    got = read_git_table(repo, "reports/*.md", "petitions").compute(scheduler="sync")
    assert got["refreshed_at"].dt.hour.tolist() == list(range(10, 14))
    assert got["source_path"].tolist() == [
        f"{v.commit[:12]}:{v.path}" for v in pp.read_git(repo, "reports/*.md")
    ]
    ppdask._close_cat_files()
    assert ppdask._CAT_FILES == {}


def test_a_kept_cat_file_that_cannot_read_a_version_is_replaced(tmp_path: Path) -> None:
    """A kept process that answers "missing" (it sees another repository: one replaced
    at its path) is closed, and the partition read again by a new process."""
    repo, other = tmp_path / "repo", tmp_path / "other"
    _small_history(repo, range(3))
    _small_history(other, range(20, 21))
    ppdask._close_cat_files()
    wrong = CatFile(other)
    ppdask._CAT_FILES[str(repo)] = [wrong]
    got = read_git_table(repo, "reports/*.md", "petitions").compute(scheduler="sync")
    assert got["refreshed_at"].dt.hour.tolist() == [0, 1, 2]
    assert wrong not in ppdask._CAT_FILES[str(repo)]
    assert wrong._process.poll() is not None  # closed
    assert len(ppdask._CAT_FILES[str(repo)]) == 1
    ppdask._close_cat_files()


def _kept_in_child(queue: Any) -> None:
    queue.put(sum(len(cats) for cats in ppdask._CAT_FILES.values()))


def test_a_forked_child_does_not_use_its_parents_cat_files(tmp_path: Path) -> None:
    """A forked child has copies of the parent's pipes to its processes: none is its
    own to use (the two would read each other's answers)."""
    import multiprocessing  # noqa: PLC0415

    repo = tmp_path / "repo"
    _small_history(repo, range(2))
    read_git_table(repo, "reports/*.md", "petitions").compute(scheduler="sync")
    assert len(ppdask._CAT_FILES[str(repo)]) == 1
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_kept_in_child, args=(queue,))
    child.start()
    assert queue.get(timeout=30) == 0
    child.join()
    assert len(ppdask._CAT_FILES[str(repo)]) == 1  # the parent's, still its own
    ppdask._close_cat_files()
