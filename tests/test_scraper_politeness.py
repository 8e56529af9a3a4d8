"""Politeness, proven from the test server's own request log: robots.txt first and obeyed,
Crawl-delay and the configured delay kept, other hosts never touched, an identifying UA."""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

import pytest

from scraper import SourceSpec, crawl_source
from tests.fixtures.server import SiteServer, fail
from tests.fixtures.server import serve_site as serve_site
from tests.test_scraper_support import (
    USER_AGENT,
    SqliteState,
    article_html,
    fast_settings,
    list_html,
    site_path,
    write_site,
)

Serve = Callable[..., SiteServer]
ARTICLES = [
    (f"/news/a{n}.htm", f"Partner university visit number {n} to our campus") for n in range(3)
]


def _site(root: Path, robots: str, extra_entries: list[tuple[str, str]] | None = None) -> Path:
    entries = ARTICLES + (extra_entries or [])
    pages: dict[str, str | bytes] = {"/news/list.htm": list_html(entries), "/robots.txt": robots}
    pages.update({href: article_html(title) for href, title in entries})
    return write_site(root, pages)


def _gaps(server: SiteServer) -> list[float]:
    times = [entry.at for entry in server.log]
    return [later - earlier for earlier, later in pairwise(times)]


@pytest.mark.timeout(20)
def test_robots_txt_comes_first_and_disallowed_paths_are_never_requested(
    serve_site: Serve, tmp_path: Path
) -> None:
    secret = ("/private/minutes.htm", "Internal minutes of the partnership committee meeting")
    root = _site(tmp_path, "User-agent: *\nDisallow: /private/\n", [secret])
    server = serve_site(root)
    state = SqliteState()

    report = crawl_source(SourceSpec("s", [server.url("/news/list.htm")]), fast_settings(), state)

    assert server.paths()[0] == "/robots.txt"
    assert server.paths().count("/robots.txt") == 1
    assert "/private/minutes.htm" not in server.paths()
    assert report.skipped_robots == 1
    assert sorted(site_path(url) for url in state.articles()) == sorted(h for h, _ in ARTICLES)


@pytest.mark.timeout(20)
def test_robots_rules_for_our_user_agent_apply(serve_site: Serve, tmp_path: Path) -> None:
    robots = (
        "User-agent: CooperationKB-test\nDisallow: /news/a1.htm\n\nUser-agent: *\nDisallow: /\n"
    )
    server = serve_site(_site(tmp_path, robots))

    crawl_source(SourceSpec("s", [server.url("/news/list.htm")]), fast_settings(), SqliteState())

    assert "/news/a0.htm" in server.paths()
    assert "/news/a1.htm" not in server.paths()


@pytest.mark.timeout(20)
def test_robots_txt_server_error_keeps_the_crawler_off_the_host(
    serve_site: Serve, tmp_path: Path
) -> None:
    server = serve_site(_site(tmp_path, ""), {"/robots.txt": fail(500, times=99)})

    report = crawl_source(
        SourceSpec("s", [server.url("/news/list.htm")]), fast_settings(), SqliteState()
    )

    assert set(server.paths()) == {"/robots.txt"}
    assert report.failed
    assert any("robots.txt" in error for error in report.errors)


@pytest.mark.timeout(20)
def test_missing_robots_txt_allows_everything(serve_site: Serve, tmp_path: Path) -> None:
    root = _site(tmp_path, "")
    (root / "robots.txt").unlink()
    server = serve_site(root)
    state = SqliteState()

    report = crawl_source(SourceSpec("s", [server.url("/news/list.htm")]), fast_settings(), state)

    assert not report.failed
    assert len(state.articles()) == len(ARTICLES)


@pytest.mark.timeout(20)
def test_crawl_delay_is_honoured(serve_site: Serve, tmp_path: Path) -> None:
    server = serve_site(_site(tmp_path, "User-agent: *\nCrawl-delay: 0.5\n"))

    crawl_source(SourceSpec("s", [server.url("/news/list.htm")]), fast_settings(), SqliteState())

    assert len(server.log) == 5  # robots.txt, the list, three articles
    assert min(_gaps(server)) >= 0.45


@pytest.mark.timeout(20)
def test_configured_delay_separates_requests_to_a_host(serve_site: Serve, tmp_path: Path) -> None:
    server = serve_site(_site(tmp_path, "User-agent: *\nDisallow:\n"))

    crawl_source(
        SourceSpec("s", [server.url("/news/list.htm")]),
        fast_settings(delay_seconds=0.3),
        SqliteState(),
    )

    assert len(server.log) == 5
    assert min(_gaps(server)) >= 0.28


@pytest.mark.timeout(20)
def test_every_request_identifies_the_crawler(serve_site: Serve, tmp_path: Path) -> None:
    server = serve_site(_site(tmp_path, "User-agent: *\nDisallow:\n"))

    crawl_source(SourceSpec("s", [server.url("/news/list.htm")]), fast_settings(), SqliteState())

    assert {entry.headers.get("User-Agent") for entry in server.log} == {USER_AGENT}


@pytest.mark.timeout(20)
def test_links_to_other_hosts_are_never_followed(serve_site: Serve, tmp_path: Path) -> None:
    other = serve_site(write_site(tmp_path / "other", {"/x.htm": article_html("Elsewhere")}))
    offsite = [(other.url("/x.htm"), "A partner university's own report of the same visit")]
    attachment = f'<p><a href="{other.url("/minutes.pdf")}">minutes.pdf</a></p>'
    root = _site(tmp_path / "site", "User-agent: *\nDisallow:\n", offsite)
    write_site(root, {"/news/a0.htm": article_html(ARTICLES[0][1], extra=attachment)})
    server = serve_site(root)
    state = SqliteState()

    report = crawl_source(SourceSpec("s", [server.url("/news/list.htm")]), fast_settings(), state)

    assert other.log == []
    assert report.skipped_offsite == 1
    a0 = state.articles()[server.url("/news/a0.htm")]
    assert a0.attachments == [other.url("/minutes.pdf")]  # listed, never fetched


@pytest.mark.timeout(20)
def test_javascript_and_mailto_links_are_skipped(serve_site: Serve, tmp_path: Path) -> None:
    odd = [
        ("javascript:void(0)", "An entry whose link only runs a script"),
        ("mailto:office@example.edu.cn", "Write to the international office about exchanges"),
        ("tel:+861088888888", "Call the international office about exchanges"),
    ]
    server = serve_site(_site(tmp_path, "User-agent: *\nDisallow:\n", odd))
    state = SqliteState()

    report = crawl_source(SourceSpec("s", [server.url("/news/list.htm")]), fast_settings(), state)

    assert report.errors == []
    assert not [p for p in server.paths() if "javascript" in p or "mailto" in p or "tel:" in p]
    assert len(state.articles()) == len(ARTICLES)


@pytest.mark.timeout(20)
def test_attachments_obey_robots_txt(serve_site: Serve, tmp_path: Path) -> None:
    links = '<p><a href="/files/minutes.pdf">minutes.pdf</a></p>'
    root = _site(tmp_path, "User-agent: *\nDisallow: /files/\n")
    write_site(
        root,
        {
            "/news/a0.htm": article_html(ARTICLES[0][1], extra=links),
            "/files/minutes.pdf": b"%PDF-1.4",
        },
    )
    server = serve_site(root)
    state = SqliteState()

    report = crawl_source(SourceSpec("s", [server.url("/news/list.htm")]), fast_settings(), state)

    assert "/files/minutes.pdf" not in server.paths()
    assert report.skipped_robots == 1
    assert state.articles()[server.url("/news/a0.htm")].attachments == [
        server.url("/files/minutes.pdf")
    ]
