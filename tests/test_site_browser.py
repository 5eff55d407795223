"""The static site in a real browser: headless Chromium, driven by selenium.

CI installs Chromium and its driver from the system's packages (``.ci/run``); a
machine without them skips these tests (CI fails on any skip).  ``CHROMIUM`` and
``CHROMEDRIVER`` name other binaries.  Every test opens the generated pages from
``file://`` and checks that no request left it; screenshots of each kind of page are
saved in ``PETITION_ARTIFACTS`` (default ``.artifacts/`` in the clone).
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import petition_parser as pp

from .conftest import ROOT
from .pictures import ARCHIVE, HOSTILE, hostile_archive

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.common.exceptions import NoAlertPresentException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402

CHROMIUM = (
    os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
)
CHROMEDRIVER = os.environ.get("CHROMEDRIVER") or shutil.which("chromedriver")
ARTIFACTS = Path(os.environ.get("PETITION_ARTIFACTS", ROOT / ".artifacts"))

pytestmark = pytest.mark.skipif(
    not (CHROMIUM and CHROMEDRIVER),
    reason="needs Chromium and chromedriver (apt-get install chromium chromium-driver)",
)


def _browser(javascript: bool = True) -> Any:
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in (
        "--headless=new",
        "--no-sandbox",  # CI runs as root
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--no-first-run",
        "--window-size=1200,1600",
    ):
        options.add_argument(argument)
    if not javascript:
        options.add_experimental_option(
            "prefs", {"profile.managed_default_content_settings.javascript": 2}
        )
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    service = webdriver.ChromeService(executable_path=str(CHROMEDRIVER))
    return webdriver.Chrome(options=options, service=service)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("browser") / "site"
    pp.build_site(ARCHIVE, folder)
    return folder


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    driver = _browser()
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """The browser, its logs emptied before the test and checked after it: no console
    error, and every request it made was for a file:// URL."""
    browser.get_log("browser")
    browser.get_log("performance")
    yield browser
    problems = [e for e in browser.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]
    assert problems == []
    urls = _requested(browser)
    assert urls
    assert [u for u in urls if not u.startswith("file://")] == []


def _requested(browser: Any) -> list[str]:
    urls = []
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def _shoot(browser: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    assert browser.save_screenshot(str(ARTIFACTS / f"site-{name}.png"))


def _ids(browser: Any, visible_only: bool = False) -> list[int]:
    rows = browser.find_elements(By.CSS_SELECTOR, "#petitions tbody tr")
    return [int(r.get_attribute("data-id")) for r in rows if r.is_displayed() or not visible_only]


def _cells(browser: Any) -> list[list[str]]:
    rows = browser.find_elements(By.CSS_SELECTOR, "#petitions tbody tr")
    return [[cell.text for cell in row.find_elements(By.TAG_NAME, "td")] for row in rows]


def test_the_index_lists_every_petition_with_its_numbers(page: Any, site: Path) -> None:
    page.get((site / "index.html").as_uri())
    latest = sorted(
        pp.to_records(ARCHIVE, "petitions", latest=True), key=lambda r: -r["signature_count"]
    )
    cells = _cells(page)
    assert [c[0] for c in cells] == [f"{r['action'].strip()} {r['petition_id']}" for r in latest]
    assert [c[1] for c in cells] == [f"{r['signature_count']:,}" for r in latest]
    shares = [f"{100 * r['uk_signature_count'] / r['signature_count']:.1f}%" for r in latest]
    assert [c[2] for c in cells] == shares
    assert [c[5] for c in cells] == [f"{r['refreshed_at']:%Y-%m-%d %H:%M}" for r in latest]
    assert [c[3].startswith("reached") for c in cells] == [True, True, False]
    assert [c[4].startswith("reached") for c in cells] == [True, False, False]
    _shoot(page, "index")


def test_sorting_by_a_column(page: Any, site: Path) -> None:
    page.get((site / "index.html").as_uri())
    assert _ids(page) == [700101, 700102, 700103]  # most signatures first
    headers = page.find_elements(By.CSS_SELECTOR, "#petitions thead th button")
    assert [h.text for h in headers][:3] == ["Petition", "Signatures", "UK share"]
    headers[0].click()  # by title, A to Z
    assert _ids(page) == [700101, 700103, 700102]
    th = page.find_elements(By.CSS_SELECTOR, "#petitions thead th")
    assert th[0].get_attribute("aria-sort") == "ascending"
    headers[0].click()  # again: Z to A
    assert _ids(page) == [700102, 700103, 700101]
    headers[2].click()  # UK share, highest first
    assert _ids(page) == [700102, 700101, 700103]
    headers[1].click()
    headers[1].click()  # signatures, fewest first
    assert _ids(page) == [700103, 700102, 700101]


def test_filtering_by_text(page: Any, site: Path) -> None:
    page.get((site / "index.html").as_uri())
    box = page.find_element(By.ID, "filter")
    box.send_keys("BELLS")
    assert _ids(page, visible_only=True) == [700102]
    assert page.find_element(By.CSS_SELECTOR, "[role=status]").text == "1 of 3 petitions shown"
    box.clear()
    box.send_keys("700103")
    assert _ids(page, visible_only=True) == [700103]
    box.clear()
    box.send_keys("every  school")  # every word, anywhere in the title
    assert _ids(page, visible_only=True) == [700101]
    box.clear()
    box.send_keys("every")
    assert _ids(page, visible_only=True) == [700101, 700102, 700103]
    _shoot(page, "index-filtered")


def test_a_link_opens_the_petitions_page_with_its_charts(page: Any, site: Path) -> None:
    page.get((site / "index.html").as_uri())
    page.find_element(By.LINK_TEXT, "Plant a fruit tree in every school playground").click()
    assert page.current_url == (site / "petitions" / "700101.html").as_uri()
    assert (
        page.find_element(By.TAG_NAME, "h1").text == "Plant a fruit tree in every school playground"
    )
    assert page.find_element(By.ID, "signatures").text == "131,000"
    snapshots = [r for r in pp.timeline(ARCHIVE).records() if r["petition_id"] == 700101]
    for chart, points in (("growth", len(snapshots)), ("rate", len(snapshots) - 1)):
        svg = page.find_element(By.ID, chart)
        assert svg.is_displayed()
        assert svg.size["width"] > 300
        assert svg.size["height"] > 100
        circles = svg.find_elements(By.CSS_SELECTOR, "circle.point")
        assert len(circles) == points
    values = [
        int(c.get_attribute("data-value"))
        for c in page.find_elements(By.CSS_SELECTOR, "#growth circle.point")
    ]
    assert values == [r["signature_count"] for r in snapshots]
    # Higher counts are drawn higher up.
    heights = [
        float(c.get_attribute("cy"))
        for c in page.find_elements(By.CSS_SELECTOR, "#growth circle.point")
    ]
    assert heights == sorted(heights, reverse=True)
    official = page.find_element(By.PARTIAL_LINK_TEXT, "on petition.parliament.uk")
    assert official.get_attribute("href") == "https://petition.parliament.uk/petitions/700101"
    _shoot(page, "petition")
    page.find_element(By.LINK_TEXT, "All petitions").click()
    assert page.current_url == (site / "index.html").as_uri()


def test_the_index_is_complete_without_javascript(site: Path) -> None:
    driver = _browser(javascript=False)
    try:
        driver.get((site / "index.html").as_uri())
        assert _ids(driver, visible_only=True) == [700101, 700102, 700103]
        assert driver.find_elements(By.ID, "filter") == []  # no dead controls
        driver.find_element(By.PARTIAL_LINK_TEXT, "Ring the church bells").click()
        assert driver.find_element(By.ID, "growth").is_displayed()
        _shoot(driver, "petition-no-javascript")
    finally:
        driver.quit()


def test_a_hostile_petition_shows_as_text_and_runs_nothing(page: Any, tmp_path: Path) -> None:
    site = pp.build_site(hostile_archive(tmp_path / "hostile"), tmp_path / "site").parent
    page.get((site / "index.html").as_uri())
    assert _cells(page)[0][0] == f"{HOSTILE} 799999"
    assert len(page.find_elements(By.CSS_SELECTOR, "#petitions tbody tr")) == 1
    page.find_element(By.CSS_SELECTOR, "#petitions tbody a").click()
    assert page.find_element(By.TAG_NAME, "h1").text == HOSTILE
    assert page.find_element(By.CSS_SELECTOR, ".summary").text == HOSTILE
    assert page.title == f"{HOSTILE} - Petition 799999"
    assert page.find_elements(By.TAG_NAME, "img") == []
    assert page.execute_script("return window.__xss === undefined") is True
    with pytest.raises(NoAlertPresentException):
        _ = page.switch_to.alert.text
    _shoot(page, "hostile")
