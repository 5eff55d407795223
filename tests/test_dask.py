"""petition_parser.dask on a real dask.distributed LocalCluster with 2 worker processes."""

from __future__ import annotations

import gc
import sys
import threading
from collections.abc import Iterator
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
from petition_parser._tables.arrow import arrow_table
from petition_parser.dask import read_table

from .conftest import DATA, ROOT, corpus_files, read_exact

EXAMPLES = sorted((ROOT / "examples").glob("*.md"))
REPORTS = corpus_files("reports/*.md") + corpus_files("pairs/*[0-9].md") or EXAMPLES
TABLES = ("petitions", "countries", "constituencies", "history")


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
    frame = read_table([str(p) for p in REPORTS], "constituencies", files_per_partition=4)
    want = pp.to_pandas(REPORTS, "constituencies")
    sums = frame.groupby("name")["signature_count"].sum().compute(scheduler="sync")
    pd.testing.assert_series_equal(
        sums.sort_index(), want.groupby("name")["signature_count"].sum().sort_index()
    )
    assert asked.count(["name", "signature_count"]) == frame.npartitions
    picked = frame[["mp", "petition_id"]].compute(scheduler="sync")
    _same(picked, want[["mp", "petition_id"]])
    assert asked.count(["petition_id", "mp"]) == frame.npartitions  # in the table's order
    assert len(frame.compute(scheduler="sync").columns) == 9
    assert asked[-frame.npartitions :] == [None] * frame.npartitions  # every column


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
