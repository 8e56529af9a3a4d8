"""Whole fixture sites crawled over real HTTP: every article once, titles exact, dates right.

Each site under tests/fixtures/sites/ carries a hand-written expected.toml. The demo corpus of
`kb demo` is checked the same way against tests/data/demo_expected.toml.
"""

from __future__ import annotations

import tomllib
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from scraper import SourceSpec, crawl_source
from scraper.document import Page
from scraper.profiles.registry import detect_profile
from tests.fixtures.server import SiteServer
from tests.fixtures.server import serve_site as serve_site
from tests.test_scraper_support import (
    SITES,
    TESTS,
    SqliteState,
    article_problems,
    fast_settings,
    load_expected,
    site_hooks,
    site_path,
)

FIXTURE_SITES = ["webplus", "vsb", "feed", "generic"]
DEMO_SITES = TESTS.parent / "kb" / "demo" / "sites"
DEMO_EXPECTED = TESTS / "data" / "demo_expected.toml"

Serve = Callable[..., SiteServer]


def _crawl_site(serve_site: Serve, root: Path, expected: dict[str, Any], start: list[str]):
    server = serve_site(root, site_hooks(root, expected))
    state = SqliteState()
    source = SourceSpec(root.name, [server.url(path) for path in start])
    report = crawl_source(source, fast_settings(), state)
    return server, state, report


@pytest.mark.timeout(30)
@pytest.mark.parametrize("name", FIXTURE_SITES)
def test_fixture_site_crawled_completely(serve_site: Serve, name: str) -> None:
    root = SITES / name
    expected = load_expected(root)
    server, state, report = _crawl_site(serve_site, root, expected, expected["start"])

    articles = {site_path(url): article for url, article in state.articles().items()}
    wanted = {item["path"]: item for item in expected["article"]}
    assert sorted(articles) == sorted(wanted)
    problems = [
        p for path, item in wanted.items() for p in article_problems(server, articles[path], item)
    ]
    assert problems == []
    assert {article.profile for article in articles.values()} == {expected["profile"]}

    requested = Counter(server.paths())
    assert all(path in requested for path in expected["list_pages"])
    assert [path for path in expected.get("never_requested", []) if path in requested] == []
    assert [path for path, count in requested.items() if count > 1] == []
    assert server.paths()[0] == "/robots.txt"
    assert not report.failed
    for key in ("skipped_robots", "skipped_offsite", "skipped_nonhtml"):
        assert getattr(report, key) == expected.get(key, 0), key


@pytest.mark.timeout(30)
def test_webplus_site_reports_what_it_skipped(serve_site: Serve) -> None:
    root = SITES / "webplus"
    expected = load_expected(root)
    server, _, report = _crawl_site(serve_site, root, expected, expected["start"])
    for path in expected["missing"] + expected["unreadable_attachments"]:
        assert any(error.endswith(server.url(path)) for error in report.errors), path
    assert len(report.errors) == len(expected["missing"]) + len(expected["unreadable_attachments"])
    assert any("encrypted" in error for error in report.errors)


@pytest.mark.parametrize("name", FIXTURE_SITES)
def test_profile_detected_from_the_start_page(name: str) -> None:
    root = SITES / name
    expected = load_expected(root)
    start = root / expected["start"][0].lstrip("/")
    content_type = "application/xml" if start.suffix == ".xml" else "text/html"
    page = Page("http://127.0.0.1:8000" + expected["start"][0], start.read_bytes(), content_type)
    assert detect_profile(page).name == expected["profile"]


#: Corpora described in the demo_expected.toml format: (expectations, folder of site folders, site).
#: The holdout site is kept aside while profiles are written; it checks that detection and the
#: generic path generalise to a design nobody wrote a profile for.
CORPORA = [
    (DEMO_EXPECTED, DEMO_SITES, "ic-zh"),
    (DEMO_EXPECTED, DEMO_SITES, "news-en"),
    (SITES / "holdout" / "expected.toml", SITES, "holdout"),
]


@pytest.mark.timeout(60)
@pytest.mark.parametrize(("expectations", "folder", "name"), CORPORA, ids=[c[2] for c in CORPORA])
def test_corpus_site_crawled_as_expected(
    serve_site: Serve, expectations: Path, folder: Path, name: str
) -> None:
    root = folder / name
    if not expectations.is_file() or not root.is_dir():
        pytest.skip(f"site {name} or its expectations do not exist yet")
    with expectations.open("rb") as handle:
        corpus = tomllib.load(handle)
    site = corpus["sites"][name]
    server, state, report = _crawl_site(serve_site, root, {}, site["start_urls"])

    articles = {site_path(url): article for url, article in state.articles().items()}
    wanted = {item["path"]: item for item in corpus["article"] if item["site"] == name}
    assert sorted(articles) == sorted(wanted)
    problems = [
        problem
        for path, item in wanted.items()
        for problem in article_problems(server, articles[path], item)
    ]
    assert problems == []
    for attachment in corpus.get("attachment", []):
        if attachment["site"] == name:
            text = articles[attachment["article"]].attachment_text
            assert all(phrase in text for phrase in attachment["phrases"]), attachment["path"]

    requested = set(server.paths())
    assert all(path in requested for path in site.get("list_pages", []))
    assert [p for p in site.get("disallowed_paths", []) if p in requested] == []
    disallowed = tuple(site.get("robots_disallow", []))
    assert [p for p in requested if disallowed and p.startswith(disallowed)] == []
    assert server.paths()[0] == "/robots.txt"
    assert not report.failed and report.errors == []
