"""The docs build's pictures, made from the bundled example archive at build time.

mkdocs runs ``on_files`` (``hooks:`` in mkdocs.yml): the charts of docs/pictures.md
(matplotlib, through ``Timeline.plot`` and friends), the example site itself (under
``example-site/``) and a screenshot of it (headless Chromium) are added to the build
as generated files; none is kept in the repository.

``python docs/hooks.py`` writes the README's chart (docs/images/readme-growth.svg, the
site's own SVG chart, which is byte-for-byte reproducible): a test checks that the
committed file is what this writes.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ARCHIVE = ROOT / "example-archive"
README_CHART = ROOT / "docs" / "images" / "readme-growth.svg"


def readme_chart() -> str:
    """The growth chart of the example site's first petition, as the site draws it."""
    import petition_parser as pp  # noqa: PLC0415

    with tempfile.TemporaryDirectory() as folder:
        pp.build_site(ARCHIVE, Path(folder) / "site")
        page = (Path(folder) / "site" / "petitions" / "700101.html").read_text(encoding="utf-8")
    start = page.index('<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="growth"')
    return page[start : page.index("</svg>", start) + len("</svg>")] + "\n"


def charts() -> dict[str, bytes]:
    """docs/pictures.md's charts, as SVG files."""
    from matplotlib.figure import Figure  # noqa: PLC0415

    import petition_parser as pp  # noqa: PLC0415

    timeline = pp.timeline(ARCHIVE)
    latest = pp.parse_file(ARCHIVE / "2031-03-11" / "2100" / "700101.md")
    drawn: dict[str, Any] = {
        "growth": timeline.plot(),
        "rate": timeline.plot("rate", petitions=[700101]),
        "constituencies": pp.plot_constituencies(latest, top=10),
        "countries": pp.plot_countries(latest, include_uk=False),
    }
    figure = Figure(figsize=(12, 4.5), layout="constrained")
    left, right = figure.subplots(1, 2)
    timeline.plot("signatures", petitions=[700102], ax=left)
    timeline.plot("rate", petitions=[700102], ax=right)
    drawn["side-by-side"] = left
    files = {}
    for name, ax in drawn.items():
        out = io.BytesIO()
        # No date in the file: a rebuild of the same data gives the same bytes.
        ax.figure.savefig(out, format="svg", metadata={"Date": None})
        files[f"pictures/{name}.svg"] = out.getvalue()
    return files


def site_files() -> dict[str, bytes]:
    """The example site, and a screenshot of its index and of a petition's page."""
    import petition_parser as pp  # noqa: PLC0415

    files: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder) / "site"
        pp.build_site(ARCHIVE, site)
        for path in sorted(site.rglob("*")):
            if path.is_file():
                files[f"example-site/{path.relative_to(site).as_posix()}"] = path.read_bytes()
        for name, page, height in (
            ("site-index", site / "index.html", 640),
            ("site-petition", site / "petitions" / "700101.html", 1500),
        ):
            files[f"pictures/{name}.png"] = _screenshot(page, height, Path(folder))
    return files


def _screenshot(page: Path, height: int, folder: Path) -> bytes:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        raise RuntimeError(
            "the docs build screenshots the example site with Chromium: "
            "apt-get install chromium (or see .ci/run)"
        )
    out = folder / "shot.png"
    subprocess.run(
        [
            browser,
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            f"--window-size=1100,{height}",
            f"--screenshot={out}",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return out.read_bytes()


def on_files(files: Any, config: Any) -> Any:
    """mkdocs: add the generated pictures and the example site to the build."""
    from mkdocs.structure.files import File  # noqa: PLC0415

    for uri, content in {**charts(), **site_files()}.items():
        files.append(File.generated(config, uri, content=content))
    return files


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    README_CHART.parent.mkdir(exist_ok=True)
    README_CHART.write_text(readme_chart(), encoding="utf-8")
    print(f"wrote {README_CHART.relative_to(ROOT)}")
