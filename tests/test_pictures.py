"""Charts (extra ``plot``) and the static site (extra ``site``), without a browser
(the browser's tests are in test_site_browser.py)."""

from __future__ import annotations

import os
import re
import runpy
import stat
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

import html5lib
import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pytest
from matplotlib.figure import Figure

import petition_parser as pp
from petition_parser._pictures.svg import line_chart
from petition_parser._snapshot import Snapshot

from .conftest import CORPUS, ROOT, needs_corpus
from .pictures import ARCHIVE, HOSTILE, hostile_archive

EXE = [sys.executable, "-m", "petition_parser"]
#: matplotlib's own functions, untyped for mypy.
_date2num: Any = mdates.date2num


def num(time: datetime) -> float:
    """A time as matplotlib's date axis holds it."""
    return float(_date2num(time))


def xs(line: Any) -> list[float]:
    return [float(v) for v in line.get_xdata()]


def ys(line: Any) -> list[float]:
    return [float(v) for v in line.get_ydata()]


def label(artist: Any) -> str:
    return str(artist.get_label())


def dashed(ax: Any) -> list[Any]:
    return [line for line in ax.get_lines() if line.get_linestyle() == "--"]


@pytest.fixture(scope="module")
def timeline() -> pp.Timeline:
    return pp.timeline(ARCHIVE)


@pytest.fixture(scope="module")
def latest() -> pp.Petition:
    return pp.parse_file(ARCHIVE / "2031-03-11" / "2100" / "700101.md")


def _series(timeline: pp.Timeline, column: str) -> dict[int, tuple[list[float], list[float]]]:
    rows = timeline.records("snapshots")
    series: dict[int, tuple[list[float], list[float]]] = {}
    for row in rows:
        if row[column] is not None:
            xs, ys = series.setdefault(row["petition_id"], ([], []))
            xs.append(num(row["time"]))
            ys.append(float(row[column]))
    return series


# -- charts ---------------------------------------------------------------------------


def test_the_example_archive_is_what_its_script_writes() -> None:
    """example-archive/ is generated (make.py), not edited by hand."""
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import runpy, sys, json; m = runpy.run_path(sys.argv[1]);"
            " print(json.dumps(m['reports']()))",
            str(ARCHIVE / "make.py"),
        ],
        capture_output=True,
        check=True,
        text=True,
        timeout=60,
    )
    import json  # noqa: PLC0415

    reports: dict[str, str] = json.loads(result.stdout)
    on_disk = {
        p.relative_to(ARCHIVE).as_posix(): p.read_bytes().decode() for p in ARCHIVE.rglob("*.md")
    }
    assert len(reports) == 60
    assert on_disk == reports


@pytest.mark.parametrize(
    ("kind", "column"), [("signatures", "signature_count"), ("rate", "per_hour")]
)
def test_a_timeline_chart_draws_each_petitions_values(
    timeline: pp.Timeline, kind: Literal["signatures", "rate"], column: str
) -> None:
    ax = timeline.plot(kind)
    expected = _series(timeline, column)
    lines = {label(line): line for line in ax.get_lines()}
    assert sorted(k for k in lines if k.startswith("Petition")) == [
        f"Petition {i}" for i in sorted(expected)
    ]
    for petition_id, (times, values) in expected.items():
        line = lines[f"Petition {petition_id}"]
        assert xs(line) == pytest.approx(times)
        assert ys(line) == values
    assert ax.get_ylabel() == ("Signatures" if kind == "signatures" else "Signatures per hour")
    # Thousands separators on the value axis.
    assert ax.yaxis.get_major_formatter()(120_000, 0) == "120,000"


def test_the_threshold_markers_sit_at_the_crossing_times(timeline: pp.Timeline) -> None:
    crossings = timeline.records("crossings")
    assert [(c["petition_id"], c["threshold"]) for c in crossings] == [
        (700101, 10_000),
        (700101, 100_000),
        (700102, 10_000),
    ]
    ax = timeline.plot("signatures")
    (marks,) = [line for line in ax.get_lines() if label(line).startswith("threshold")]
    assert xs(marks) == pytest.approx([num(c["estimated_at"]) for c in crossings])
    assert ys(marks) == [10_000, 100_000, 10_000]
    # The threshold lines: horizontal at 10,000 and 100,000.
    assert sorted({ys(line)[0] for line in dashed(ax)}) == [10_000, 100_000]
    # Without thresholds: neither lines nor marks.
    bare = timeline.plot("signatures", thresholds=False)
    assert [label(line) for line in bare.get_lines()] == [
        "Petition 700101",
        "Petition 700102",
        "Petition 700103",
    ]
    # The rate chart marks the crossing times as vertical lines.
    rate = timeline.plot("rate", petitions=[700102])
    assert [xs(v)[0] for v in dashed(rate)] == pytest.approx([num(crossings[2]["estimated_at"])])


def test_only_the_chosen_petitions_and_their_crossings(timeline: pp.Timeline) -> None:
    ax = timeline.plot("signatures", petitions=[700103])
    # 3,900 signatures: halfway to no threshold, so no line; no crossing, no mark.
    assert [label(line) for line in ax.get_lines()] == ["Petition 700103"]
    small = timeline.plot("signatures", petitions=[700102])
    assert {ys(line)[0] for line in dashed(small)} == {10_000.0}


def test_ax_is_respected_and_no_figure_is_left_open(
    timeline: pp.Timeline, latest: pp.Petition, tmp_path: Path
) -> None:
    before = plt.get_fignums()
    figure = Figure()
    axes = figure.subplots(1, 3)
    assert timeline.plot(ax=axes[0]) is axes[0]
    assert pp.plot_constituencies(latest, ax=axes[1]) is axes[1]
    assert pp.plot_countries(latest, ax=axes[2]) is axes[2]
    assert len(axes[0].get_lines()) >= 3
    assert len(axes[1].patches) == 10
    own: Any = timeline.plot()
    assert own.figure is not figure
    assert plt.get_fignums() == before
    # It renders with no display: to a PNG, through Agg.
    own.figure.savefig(tmp_path / "chart.png")
    assert (tmp_path / "chart.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_bars_are_the_top_rows_largest_first(latest: pp.Petition) -> None:
    seats = sorted(
        (r for r in latest.signatures_by_constituency if not r.is_unknown),
        key=lambda r: -r.signature_count,
    )
    for source in (latest, _snapshot(latest)):
        ax = pp.plot_constituencies(source, top=4)
        patches: list[Any] = list(ax.patches)
        widths = [patch.get_width() for patch in patches]
        labels = [text.get_text() for text in ax.get_yticklabels()]
        # barh draws bottom up: the largest is last, at the top.
        assert widths[::-1] == [r.signature_count for r in seats[:4]]
        assert labels[::-1] == [r.name for r in seats[:4]]
        assert ax.get_xlabel() == "Signatures"
    countries = pp.plot_countries(latest)
    names = [label.get_text() for label in countries.get_yticklabels()][::-1]
    assert names == [r.name for r in latest.signatures_by_country if not r.is_unknown]
    abroad = pp.plot_countries(latest, include_uk=False, top=3)
    assert [t.get_text() for t in abroad.get_yticklabels()][::-1] == ["France", "Spain", "Germany"]


def _snapshot(petition: pp.Petition) -> Snapshot:
    return Snapshot.of(petition)


def test_chart_arguments_are_checked(timeline: pp.Timeline, latest: pp.Petition) -> None:
    with pytest.raises(pp.PetitionError, match="expected kind 'signatures' or 'rate', found 'pie'"):
        timeline.plot("pie")  # type: ignore[arg-type]
    with pytest.raises(pp.PetitionError, match="found 123"):
        timeline.plot(petitions=[123])
    with pytest.raises(pp.PetitionError, match="expected top to be a whole number"):
        pp.plot_constituencies(latest, top=0)


def test_importing_the_package_imports_neither_extra() -> None:
    code = (
        "import sys, petition_parser as pp\n"
        "pp.timeline('example-archive')\n"
        "pp.Timeline\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('matplotlib', 'jinja2')))\n"
    )
    root = ARCHIVE.parent
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root
    ).stdout
    assert out.strip() == "[]"


def test_charts_render_headless_without_pyplot(tmp_path: Path) -> None:
    """No display, no backend chosen: saving renders with Agg, and pyplot (with its
    global figure registry and backend switching) is never imported."""
    code = (
        "import sys, petition_parser as pp\n"
        "ax = pp.timeline('example-archive').plot()\n"
        f"ax.figure.savefig({str(tmp_path / 'c.png')!r})\n"
        "print('matplotlib.pyplot' in sys.modules, type(ax.figure.canvas).__name__)\n"
    )
    environment = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "MPLBACKEND")}
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=ARCHIVE.parent,
        env=environment,
    ).stdout
    assert out.split() == ["False", "FigureCanvasBase"]
    assert (tmp_path / "c.png").read_bytes()[:4] == b"\x89PNG"


def test_a_missing_extra_is_named() -> None:
    code = (
        "import sys\n"
        "sys.modules['matplotlib'] = None\n"
        "sys.modules['jinja2'] = None\n"
        "import petition_parser as pp\n"
        "for call in (lambda: pp.timeline('example-archive').plot(),\n"
        "             lambda: pp.build_site('example-archive', 'never')):\n"
        "    try:\n"
        "        call()\n"
        "    except ImportError as exc:\n"
        "        print(exc)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ARCHIVE.parent
    ).stdout.splitlines()
    assert out == [
        "Charts needs matplotlib, which is not installed: pip install 'petition-parser[plot]'",
        "The site needs jinja2, which is not installed: pip install 'petition-parser[site]'",
    ]
    assert not (ARCHIVE.parent / "never").exists()


def test_the_commands_name_a_missing_extra(tmp_path: Path) -> None:
    for command, extra in (("plot", "plot"), ("site", "site")):
        out = tmp_path / ("chart.png" if command == "plot" else "site")
        code = (
            "import sys\n"
            "sys.modules['matplotlib'] = None\n"
            "sys.modules['jinja2'] = None\n"
            "from petition_parser._cli import main\n"
            f"sys.exit(main([{command!r}, {str(ARCHIVE)!r}, '-o', {str(out)!r}]))\n"
        )
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=False
        )
        assert done.returncode == 2
        assert f"pip install 'petition-parser[{extra}]'" in done.stderr
        assert "Traceback" not in done.stderr
        assert not out.exists()


# -- the command line -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("suffix", "magic"), [(".png", b"\x89PNG"), (".svg", b"<?xml"), (".pdf", b"%PDF")]
)
def test_plot_writes_the_format_of_the_suffix(tmp_path: Path, suffix: str, magic: bytes) -> None:
    out = tmp_path / f"chart{suffix}"
    done = subprocess.run(
        [*EXE, "plot", str(ARCHIVE), "-q", "-o", str(out)],
        capture_output=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(magic)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~_umask()
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]


def test_plot_kinds_and_usage_errors(tmp_path: Path) -> None:
    for kind in ("rate", "constituencies", "countries"):
        out = tmp_path / f"{kind}.svg"
        done = subprocess.run(
            [*EXE, "plot", str(ARCHIVE), "--kind", kind, "-p", "700102", "-o", str(out)],
            capture_output=True,
            check=False,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        assert b"<svg" in out.read_bytes()
    bad = subprocess.run(
        [*EXE, "plot", str(ARCHIVE), "-o", str(tmp_path / "chart.gif")],
        capture_output=True,
        check=False,
    )
    assert bad.returncode == 2
    assert b"expected -o to end in .png, .svg, .pdf, found" in bad.stderr
    several = subprocess.run(
        [*EXE, "plot", str(ARCHIVE), "--kind", "countries", "-o", str(tmp_path / "c.png")],
        capture_output=True,
        check=False,
    )
    assert several.returncode == 2
    assert b"found 3 petitions" in several.stderr
    assert b"Traceback" not in bad.stderr + several.stderr
    assert not (tmp_path / "chart.gif").exists()
    assert not (tmp_path / "c.png").exists()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# -- the site, as files ---------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("site") / "site"
    assert pp.build_site(ARCHIVE, folder) == folder / "index.html"
    return folder


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_page_is_valid_html(site: Path) -> None:
    pages = _pages(site)
    assert [p.relative_to(site).as_posix() for p in pages] == [
        "index.html",
        "petitions/700101.html",
        "petitions/700102.html",
        "petitions/700103.html",
    ]
    for page in pages:
        parser = html5lib.HTMLParser(strict=True)
        parser.parse(page.read_bytes())  # raises at the first parse error
        assert parser.errors == []


def test_the_site_needs_nothing_outside_its_folder(site: Path) -> None:
    for page in _pages(site):
        text = page.read_text()
        for link in re.findall(r'(?:href|src)="([^"]*)"', text):
            if link.startswith("https://petition.parliament.uk/") or link.startswith("#"):
                continue  # the official page (a link to follow, never loaded); this page
            assert "://" not in link, link
            assert not link.startswith("//"), link
            assert (page.parent / link).resolve().is_file(), link
        assert "<img" not in text  # charts are inline; images need alt text


def test_the_index_and_a_page_hold_the_latest_numbers(site: Path) -> None:
    index = site.joinpath("index.html").read_text()
    latest = pp.to_records(ARCHIVE, "petitions", latest=True)
    for row in latest:
        assert f'<a href="petitions/{row["petition_id"]}.html">{row["action"].strip()}</a>' in index
        assert f'data-sort="{row["signature_count"]}">{row["signature_count"]:,}</td>' in index
    page = site.joinpath("petitions", "700101.html").read_text()
    assert page.count('<circle class="point"') == 20 + 19  # growth: 20 snapshots; rate: 19
    assert 'href="https://petition.parliament.uk/petitions/700101"' in page
    assert "Schools are free to plant fruit trees" in page
    # The top rows: by signatures, the Unknown rows (which balance the tables) left out.
    report = pp.parse_file(ARCHIVE / "2031-03-11" / "2100" / "700101.md")
    seats = sorted(
        (r for r in report.signatures_by_constituency if not r.is_unknown),
        key=lambda r: -r.signature_count,
    )
    countries = [r for r in report.signatures_by_country if not r.is_unknown]
    tables = page.split('<table class="bars">')[1:]
    shown = [
        re.findall(r'<th scope="row">([^<]*)</th>.*?<span class="value">([^<]*)</span>', t)
        for t in tables
    ]
    assert shown[0] == [(r.name, f"{r.signature_count:,}") for r in seats[:20]]
    assert shown[1] == [(r.name, f"{r.signature_count:,}") for r in countries]
    assert "Unknown" not in "".join(tables)


def test_a_petitions_text_is_only_ever_text(tmp_path: Path) -> None:
    folder = pp.build_site(hostile_archive(tmp_path / "hostile"), tmp_path / "site").parent
    escaped = (
        "&lt;script&gt;window.__xss = 1&lt;/script&gt;&lt;/table&gt;&lt;img src=x "
        "onerror=&#34;window.__xss=2&#34;&gt; &#34;quoted&#34; &amp; more"
    )
    for page in _pages(folder):
        text = page.read_text()
        assert "<script>window" not in text
        assert "</table><img" not in text
        assert escaped in text
        html5lib.HTMLParser(strict=True).parse(text)
    assert HOSTILE not in folder.joinpath("petitions", "799999.html").read_text()


def test_the_site_is_replaced_whole(tmp_path: Path) -> None:
    dest = tmp_path / "site"
    dest.mkdir()
    (dest / "stale.html").write_text("old")
    pp.build_site(ARCHIVE, dest)
    assert not (dest / "stale.html").exists()
    assert stat.S_IMODE(dest.stat().st_mode) == 0o777 & ~_umask()
    assert stat.S_IMODE((dest / "index.html").stat().st_mode) == 0o666 & ~_umask()
    before = {p: p.read_bytes() for p in dest.rglob("*") if p.is_file()}
    # A bad report: nothing of the old site changes, and no temporary folder is left.
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "a.md").write_text("# Not a report\n")
    with pytest.raises(pp.PetitionParseError, match=r"a\.md"):
        pp.build_site(bad, dest)
    assert {p: p.read_bytes() for p in dest.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad", "site"]
    # Skipping it: a site of nothing, still a valid one.
    pp.build_site(bad, dest, errors="skip")
    assert "0 petitions" in dest.joinpath("index.html").read_text()
    with pytest.raises(pp.PetitionError, match="expected errors 'raise' or 'skip'"):
        pp.build_site(bad, dest, errors="collect")


def test_a_site_read_by_workers_is_the_same(site: Path, tmp_path: Path) -> None:
    other = pp.build_site(ARCHIVE, tmp_path / "site", workers=2).parent

    def files(folder: Path) -> dict[str, bytes]:
        return {
            p.relative_to(folder).as_posix(): p.read_bytes()
            for p in folder.rglob("*")
            if p.is_file()
        }

    assert files(other) == files(site)


@needs_corpus
def test_a_site_of_the_real_reports(tmp_path: Path) -> None:
    """Every real report of the corpus, every layout: one valid page per petition."""
    latest = pp.to_records(CORPUS, "petitions", errors="skip", latest=True)
    folder = pp.build_site(CORPUS, tmp_path / "site", errors="skip").parent
    pages = sorted(folder.glob("petitions/*.html"))
    assert sorted(int(p.stem) for p in pages) == sorted(r["petition_id"] for r in latest)
    assert len(pages) >= 20
    index = folder.joinpath("index.html").read_text()
    for row in latest:
        assert f'data-sort="{row["signature_count"]}">{row["signature_count"]:,}</td>' in index
    for page in [folder / "index.html", *pages]:
        html5lib.HTMLParser(strict=True).parse(page.read_bytes())


def test_site_from_the_command_line(tmp_path: Path) -> None:
    done = subprocess.run(
        [*EXE, "site", str(ARCHIVE), "-o", str(tmp_path / "site")],
        capture_output=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == b"60 files, 60 parsed, 0 failed\n"
    assert (tmp_path / "site" / "petitions" / "700103.html").is_file()
    missing = subprocess.run([*EXE, "site", str(ARCHIVE)], capture_output=True, check=False)
    assert missing.returncode == 2
    assert b"Missing option '-o'" in missing.stderr


def test_the_readme_chart_is_generated() -> None:
    """docs/images/readme-growth.svg is what ``python docs/hooks.py`` writes now."""
    hooks = runpy.run_path(str(ROOT / "docs" / "hooks.py"))
    committed = (ROOT / "docs" / "images" / "readme-growth.svg").read_text(encoding="utf-8")
    assert committed == hooks["readme_chart"]()
    assert committed.count('<circle class="point"') == 20


def test_an_svg_chart_has_a_point_per_value() -> None:
    times = [datetime(2031, 1, d) for d in (1, 2, 5)]
    svg = line_chart("c", "A <title>", times, [1, 20, 300], "signatures")
    assert svg.count('<circle class="point"') == 3
    assert "A &lt;title&gt;" in svg
    assert 'data-value="300"' in svg
    html5lib.HTMLParser(strict=True).parseFragment(svg)
    empty = line_chart("e", "Nothing", [], [], "signatures")
    assert "<circle" not in empty
    assert "No signatures to show." in empty
