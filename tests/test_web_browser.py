"""The pages in a real browser (headless Chromium): no scraped script ever runs, and a staff
member's walk through search, facets, chips, pagination and a partner page works.

Skipped only when Debian's chromium is not installed (CI installs it).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright
from test_web_corpus import XSS, build_site, corpus, served, xss_record

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).parent / "artifacts"  # git-ignored; CI may keep it
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="browser tests need Debian's chromium at /usr/bin/chromium"
    ),
]


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("browser")
    config = build_site(root, [*corpus(), xss_record()])
    with served(config, root / "server.log") as (base, _):
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    yield opened
    context.close()


def partner_counts(page: Page) -> dict[str, int]:
    links = page.locator('[data-facet="partner"] a[data-value]')
    counts = {}
    for i in range(links.count()):
        link = links.nth(i)
        counts[link.get_attribute("data-value")] = int(link.locator(".count").inner_text())
    return counts


def total(page: Page) -> int:
    return int(re.match(r"\d+", page.locator(".summary .total").inner_text()).group())


def test_scraped_script_never_runs_and_shows_as_text(page: Page, base_url: str) -> None:
    dialogs: list[str] = []
    problems: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on(
        "console",
        lambda message: (
            problems.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    urls = [
        "/?q=BTBU&per_page=100",
        f"/records/{xss_record().id}",
        "/partners/btbu",
        "/?q=%3Cscript%3Ealert(5)%3C%2Fscript%3E",
    ]
    for url in urls:
        page.goto(base_url + url)
        page.wait_for_load_state("load")
        assert page.evaluate("window.__xss") is None, url
        assert page.locator('a[href^="javascript:"]').count() == 0, url
    page.goto(f"{base_url}/records/{xss_record().id}")
    assert page.locator("h1").inner_text() == f"Visit {XSS} BTBU"
    assert "javascript:window.__xss=3" in page.locator(".unsafe-url").first.inner_text()
    assert dialogs == [] and problems == []


def test_staff_walk_search_facets_chip_page_partner(page: Page, base_url: str) -> None:
    page.goto(base_url + "/?per_page=5")
    page.fill(".searchbar input[name=q]", "")
    page.click(".searchbar button")
    everything = partner_counts(page)
    assert everything["btbu"] == 11 and everything["sheffield"] == 8  # with the XSS record

    page.click('[data-facet="partner"] a[data-value="btbu"]')
    assert total(page) == 11
    page.click('[data-facet="partner"] a[data-value="sheffield"]')
    assert total(page) == 18  # btbu OR sheffield: 11 + 8 - 1 shared
    assert partner_counts(page) == everything  # disjunctive: the list did not collapse
    assert page.locator(".chip").count() == 2

    page.locator(".chip", has_text="University of Sheffield").locator("a").click()
    assert page.locator(".chip").count() == 1 and total(page) == 11
    assert "sheffield" not in page.url

    page.click('.pagination a[rel="next"]')
    assert "page=2" in page.url and "partner=btbu" in page.url and "per_page=5" in page.url
    assert page.locator(".hit").count() == 5
    assert page.locator("ol.hits").get_attribute("start") == "6"

    btbu = "Beijing Technology and Business University"
    page.locator(".hit a.tag.partner", has_text=btbu).first.click()
    assert page.locator("h1").inner_text() == btbu
    assert page.locator("svg .cell").count() == 10  # distinct (year, topic) pairs
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "web-walk-partner-page.png"
    page.screenshot(path=str(shot), full_page=True)
    print(f"screenshot: {shot}")
    assert shot.stat().st_size > 10_000
