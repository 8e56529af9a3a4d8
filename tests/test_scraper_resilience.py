"""Sites misbehaving on purpose: slow, failing, looping, huge, or gone. The crawl reports it,
bounds its effort, and carries on with the rest of the site and with other sources."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from scraper import SourceSpec, crawl_source
from tests.fixtures.server import (
    SiteServer,
    closed_port,
    fail,
    headers,
    oversized,
    redirect,
    reset,
    slow,
    trickle,
)
from tests.fixtures.server import serve_site as serve_site
from tests.test_scraper_support import (
    SqliteState,
    article_html,
    fast_settings,
    list_html,
    site_path,
    write_site,
)

Serve = Callable[..., SiteServer]
ENTRIES = [
    (f"/news/a{n}.htm", f"Delegation from partner university number {n} visits") for n in range(4)
]
TROUBLE = "/news/a1.htm"  # the article each test makes misbehave


def _site(root: Path) -> Path:
    pages: dict[str, str | bytes] = {"/news/list.htm": list_html(ENTRIES), "/robots.txt": ""}
    pages.update({href: article_html(title) for href, title in ENTRIES})
    return write_site(root, pages)


def _crawl(server: SiteServer, **settings: float):
    state = SqliteState()
    report = crawl_source(
        SourceSpec("s", [server.url("/news/list.htm")]), fast_settings(**settings), state
    )
    return report, {site_path(url) for url in state.articles()}


def _all() -> set[str]:
    return {href for href, _ in ENTRIES}


@pytest.mark.timeout(20)
def test_a_404_in_a_list_is_logged_and_skipped(serve_site: Serve, tmp_path: Path) -> None:
    root = _site(tmp_path)
    (root / TROUBLE.lstrip("/")).unlink()
    server = serve_site(root)
    report, found = _crawl(server)

    assert found == _all() - {TROUBLE}
    assert report.errors == [f"HTTP 404: {server.url(TROUBLE)}"]
    assert not report.failed


@pytest.mark.timeout(20)
def test_a_slow_answer_within_the_timeout_is_waited_for(serve_site: Serve, tmp_path: Path) -> None:
    report, found = _crawl(serve_site(_site(tmp_path), {TROUBLE: slow(0.5)}), timeout_seconds=2)

    assert found == _all()
    assert report.errors == []


@pytest.mark.timeout(20)
def test_a_timeout_is_retried_then_reported(serve_site: Serve, tmp_path: Path) -> None:
    server = serve_site(_site(tmp_path), {TROUBLE: slow(3)})
    report, found = _crawl(server, timeout_seconds=0.4, retries=1)

    assert found == _all() - {TROUBLE}
    assert len(server.requests_for(TROUBLE)) == 2  # the first try and one retry
    assert any("timed out" in e and TROUBLE in e for e in report.errors)


@pytest.mark.timeout(20)
def test_a_response_trickling_past_its_deadline_is_abandoned(
    serve_site: Serve, tmp_path: Path
) -> None:
    server = serve_site(_site(tmp_path), {TROUBLE: trickle(200, 0.02)})
    report, found = _crawl(server, timeout_seconds=0.5)

    assert found == _all() - {TROUBLE}
    assert any("took too long" in e for e in report.errors)


@pytest.mark.timeout(20)
def test_server_errors_are_retried_until_the_page_comes(serve_site: Serve, tmp_path: Path) -> None:
    server = serve_site(_site(tmp_path), {TROUBLE: fail(500, times=2)})
    report, found = _crawl(server, retries=2)

    assert found == _all()
    assert [e.status for e in server.requests_for(TROUBLE)] == [500, 500, 200]
    assert report.errors == []


@pytest.mark.timeout(20)
def test_a_server_error_that_persists_is_reported(serve_site: Serve, tmp_path: Path) -> None:
    server = serve_site(_site(tmp_path), {TROUBLE: fail(503, times=99)})
    report, found = _crawl(server, retries=2)

    assert found == _all() - {TROUBLE}
    assert len(server.requests_for(TROUBLE)) == 3
    assert any("HTTP 503" in e for e in report.errors)


@pytest.mark.timeout(20)
def test_429_waits_for_retry_after(serve_site: Serve, tmp_path: Path) -> None:
    server = serve_site(
        _site(tmp_path), {TROUBLE: fail(429, times=1, headers={"Retry-After": "1"})}
    )
    _, found = _crawl(server)

    first, second = server.requests_for(TROUBLE)
    assert found == _all()
    assert (first.status, second.status) == (429, 200)
    assert second.at - first.at >= 0.9


@pytest.mark.timeout(20)
def test_a_connection_reset_is_retried(serve_site: Serve, tmp_path: Path) -> None:
    server = serve_site(_site(tmp_path), {TROUBLE: reset(times=1)})
    _, found = _crawl(server)

    assert found == _all()
    assert len(server.requests_for(TROUBLE)) == 2


@pytest.mark.timeout(20)
def test_redirects_are_followed(serve_site: Serve, tmp_path: Path) -> None:
    root = _site(tmp_path)
    (root / "news" / "a1.htm").rename(root / "news" / "moved.htm")
    server = serve_site(root, {TROUBLE: redirect("/news/moved.htm", 301)})
    state = SqliteState()

    crawl_source(SourceSpec("s", [server.url("/news/list.htm")]), fast_settings(), state)

    assert server.url("/news/moved.htm") in state.articles()
    assert server.url(TROUBLE) in state.page_urls()  # the page is known by the requested URL


@pytest.mark.timeout(20)
def test_a_redirect_loop_is_stopped(serve_site: Serve, tmp_path: Path) -> None:
    hooks = {TROUBLE: redirect("/news/loop.htm"), "/news/loop.htm": redirect(TROUBLE)}
    server = serve_site(_site(tmp_path), hooks)
    report, found = _crawl(server)

    assert found == _all() - {TROUBLE}
    assert any("redirect loop" in e for e in report.errors)
    assert len(server.requests_for(TROUBLE)) == 1


@pytest.mark.timeout(20)
def test_a_redirect_chain_is_bounded(serve_site: Serve, tmp_path: Path) -> None:
    hooks = {f"/hop{n}": redirect(f"/hop{n + 1}") for n in range(10)}
    server = serve_site(_site(tmp_path), {TROUBLE: redirect("/hop0"), **hooks})
    report, _ = _crawl(server, max_redirects=3)

    assert [p for p in server.paths() if p.startswith("/hop")] == ["/hop0", "/hop1", "/hop2"]
    assert any("more than 3 redirects" in e for e in report.errors)


@pytest.mark.timeout(20)
def test_a_redirect_to_another_host_is_not_followed(serve_site: Serve, tmp_path: Path) -> None:
    other = serve_site(write_site(tmp_path / "other", {"/x.htm": article_html("Elsewhere")}))
    server = serve_site(_site(tmp_path / "site"), {TROUBLE: redirect(other.url("/x.htm"))})
    report, found = _crawl(server)

    assert other.log == []
    assert report.skipped_offsite == 1
    assert found == _all() - {TROUBLE}


@pytest.mark.timeout(20)
@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "chunked"])
def test_an_oversized_body_is_refused(serve_site: Serve, tmp_path: Path, declared: bool) -> None:
    server = serve_site(_site(tmp_path), {TROUBLE: oversized(2_000_000, declare_length=declared)})
    report, found = _crawl(server, max_bytes=100_000)

    assert found == _all() - {TROUBLE}
    assert any("larger than 100000 bytes" in e for e in report.errors)


@pytest.mark.timeout(20)
def test_non_html_answers_are_skipped_unread(serve_site: Serve, tmp_path: Path) -> None:
    server = serve_site(_site(tmp_path), {TROUBLE: headers({"Content-Type": "image/png"})})
    report, found = _crawl(server)

    assert found == _all() - {TROUBLE}
    assert report.skipped_nonhtml == 1
    assert report.errors == []


@pytest.mark.timeout(20)
def test_max_pages_per_source_bounds_the_crawl(serve_site: Serve, tmp_path: Path) -> None:
    server = serve_site(_site(tmp_path))
    _, found = _crawl(server, max_pages_per_source=3)

    assert len(found) == 2  # the list page and two articles
    assert len(server.paths()) == 4  # with robots.txt


@pytest.mark.timeout(20)
def test_a_dead_source_is_reported_and_the_next_source_completes(
    serve_site: Serve, tmp_path: Path
) -> None:
    dead = SourceSpec("dead", [f"http://127.0.0.1:{closed_port()}/news/list.htm"])
    server = serve_site(_site(tmp_path))
    healthy = SourceSpec("healthy", [server.url("/news/list.htm")])
    state = SqliteState()

    reports = [crawl_source(source, fast_settings(), state) for source in (dead, healthy)]

    assert reports[0].failed
    assert any("Connection refused" in e for e in reports[0].errors)
    assert not reports[1].failed
    assert {site_path(url) for url in state.articles()} == _all()


@pytest.mark.timeout(20)
def test_a_source_answering_errors_everywhere_fails(serve_site: Serve, tmp_path: Path) -> None:
    server = serve_site(_site(tmp_path), {"/news/list.htm": fail(500, times=99)})
    report, found = _crawl(server)

    assert report.failed
    assert found == set()
    assert any("HTTP 500" in e for e in report.errors)


@pytest.mark.timeout(20)
def test_garbage_bytes_do_not_break_the_crawl(serve_site: Serve, tmp_path: Path) -> None:
    root = _site(tmp_path)
    (root / TROUBLE.lstrip("/")).write_bytes(bytes(range(256)) * 40)
    report, found = _crawl(serve_site(root))

    assert found == _all() - {TROUBLE}
    assert not report.failed
