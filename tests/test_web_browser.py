"""The pages in a real browser (headless Chromium): no scraped script ever runs, and a staff
member's walk through search, facets, chips, pagination and a partner page works.

Skipped only when Debian's chromium is not installed (CI installs it).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, sync_playwright
from test_web_corpus import XSS, build_site, corpus, rec, served, xss_record

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
    """The result count from "6–10 of 11" (the last number of the summary)."""
    return int(re.findall(r"\d+", page.locator(".summary .total").inner_text())[-1])


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


# -- every screen: phone and desktop -----------------------------------------------------------

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1400, "height": 900}
SCREENS = {"phone": PHONE, "desktop": DESKTOP}


def opened(browser: Browser, viewport: dict[str, int]) -> Page:
    context = browser.new_context(locale="en-GB", viewport=viewport)
    return context.new_page()


def shoot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def overflow(page: Page) -> int:
    """How many pixels the page is wider than the window (0: nothing to scroll sideways)."""
    return int(page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))


@pytest.mark.parametrize("path", ["/?q=BTBU", "/records/{record}", "/partners/btbu", "/partners"])
def test_phone_layout_fits_the_width_and_shows_results_first(
    browser: Browser, base_url: str, path: str
) -> None:
    page = opened(browser, PHONE)
    page.goto(base_url + path.format(record=xss_record().id))
    assert overflow(page) <= 0, path
    # The whole header, language switch included, is on screen.
    switch = page.locator(".top .locales a").last.bounding_box()
    assert switch is not None and switch["x"] + switch["width"] <= PHONE["width"]
    if path.startswith("/?"):
        first = page.locator(".hit").first.bounding_box()
        assert first is not None and first["y"] < PHONE["height"]  # in the first screen
        assert not page.locator(".facets").is_visible()  # behind "Filters (n)"
        shoot(page, "phone-search")
    page.context.close()


def test_phone_filters_open_without_javascript(browser: Browser, base_url: str) -> None:
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "/?partner=btbu")
    summary = page.locator("details.filters > summary")
    assert summary.inner_text() == "Filters (1)"
    summary.click()
    assert page.locator('[data-facet="partner"]').is_visible()
    assert overflow(page) <= 0
    shoot(page, "phone-filters-open")
    context.close()


def test_desktop_shows_filters_beside_results(browser: Browser, base_url: str) -> None:
    page = opened(browser, DESKTOP)
    page.goto(base_url + "/")
    facets = page.locator(".facets").bounding_box()
    results = page.locator(".results").bounding_box()
    assert facets is not None and results is not None
    assert facets["x"] + facets["width"] <= results["x"]  # a column on the left
    assert not page.locator("details.filters > summary").is_visible()
    shoot(page, "desktop-search")
    page.context.close()


def test_partner_filter_box_then_two_years(browser: Browser, base_url: str) -> None:
    page = opened(browser, DESKTOP)
    page.goto(base_url + "/")
    years = {
        link.get_attribute("data-value"): int(link.locator(".count").inner_text())
        for link in page.locator('[data-facet="year"] a[data-value]').all()
    }
    page.fill('input[name="partner_q"]', "Sheff")
    page.press('input[name="partner_q"]', "Enter")
    listed = page.locator('[data-facet="partner"] a[data-value]')
    assert [link.get_attribute("data-value") for link in listed.all()] == ["sheffield"]
    page.click('[data-facet="partner"] a[data-value="sheffield"]')
    assert total(page) == 8
    page.click('[data-facet="year"] a[data-value="2019"]')
    first_year = total(page)
    page.click('[data-facet="year"] a[data-value="2021"]')
    assert total(page) >= first_year and "year=2019" in page.url and "year=2021" in page.url
    assert years["2019"] + years["2021"] >= total(page)
    page.context.close()


def test_zero_results_lead_somewhere(browser: Browser, base_url: str) -> None:
    page = opened(browser, PHONE)
    page.goto(base_url + "/?partner=cornell&year=2021")
    assert page.locator(".summary .total").inner_text() == "No results"
    page.locator(".recovery a").first.click()
    assert total(page) > 0 and "cornell" not in page.url
    page.context.close()


def test_keyboard_only_search_open_a_record_and_come_back(browser: Browser, base_url: str) -> None:
    page = opened(browser, PHONE)
    page.goto(base_url + "/")

    def tab_to(selector: str, limit: int = 200) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate(f"document.activeElement.matches({selector!r})"):
                return
        raise AssertionError(f"Tab never reached {selector}")

    tab_to(".searchbar input[name=q]")
    page.keyboard.type("Sheffield")
    page.keyboard.press("Enter")
    page.wait_for_url("**/?q=Sheffield*")
    tab_to(".hit h2 a")
    page.keyboard.press("Enter")
    page.wait_for_url("**/records/**")
    tab_to(".back a")
    page.keyboard.press("Enter")
    page.wait_for_url("**/?q=Sheffield*")
    tab_to("details.filters > summary")
    page.keyboard.press("Enter")
    assert page.locator(".facets").is_visible()
    # The focused control is drawn with a visible outline.
    tab_to('[data-facet="partner"] a[data-value]')
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none")
    page.context.close()


@pytest.mark.parametrize("screen", list(SCREENS))
def test_axe_finds_no_serious_problem_on_any_page(
    browser: Browser, base_url: str, screen: str
) -> None:
    axe = Axe()
    page = opened(browser, SCREENS[screen])
    problems = []
    pages = {
        "search": "/?q=BTBU&partner=btbu",
        "record": f"/records/{rec(1)}",
        "partner": "/partners/btbu",
        "partners": "/partners",
        "no-results": "/?partner=cornell&year=2021",
        "api-docs": "/api/docs",
    }
    for name, path in pages.items():
        page.goto(base_url + path)
        shoot(page, f"{screen}-{name}")  # tests/artifacts/, for a person to look at
        for violation in axe.run(page).response["violations"]:
            if violation["impact"] in ("serious", "critical"):
                problems.append((path, violation["id"], violation["nodes"][0]["html"][:120]))
    assert problems == []
    page.context.close()
