"""Re-crawls: conditional requests and 304s, changed pages, and a crawl killed mid-way.

Run as a script (`python tests/test_scraper_recrawl.py DB URL`), this module is the crawl
process the kill test starts and SIGKILLs.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from scraper import SourceSpec, crawl_source
from tests.fixtures.server import SiteServer, headers, slow
from tests.fixtures.server import serve_site as serve_site
from tests.test_scraper_support import (
    TESTS,
    SqliteState,
    article_html,
    fast_settings,
    list_html,
    site_path,
    write_site,
)

Serve = Callable[..., SiteServer]
ENTRIES = [
    (f"/news/a{n}.htm", f"Exchange agreement with partner university number {n}") for n in range(6)
]
NEXT = '<p><a href="/news/list2.htm">下一页</a></p>'


def _site(root: Path) -> Path:
    pages: dict[str, str | bytes] = {
        "/news/list.htm": list_html(ENTRIES[:3], NEXT),
        "/news/list2.htm": list_html(ENTRIES[3:]),
        "/robots.txt": "User-agent: *\nDisallow:\n",
    }
    pages.update({href: article_html(title) for href, title in ENTRIES})
    return write_site(root, pages)


def _crawl(server: SiteServer, state: SqliteState):
    return crawl_source(SourceSpec("s", [server.url("/news/list.htm")]), fast_settings(), state)


def _pages() -> list[str]:
    return ["/news/list.htm", "/news/list2.htm", *(href for href, _ in ENTRIES)]


@pytest.mark.timeout(20)
def test_second_crawl_sends_conditional_requests_and_reparses_nothing(
    serve_site: Serve, tmp_path: Path
) -> None:
    server = serve_site(_site(tmp_path))
    state = SqliteState()
    first = _crawl(server, state)
    server.clear_log()
    state.saves.clear()

    second = _crawl(server, state)

    pages = [entry for entry in server.log if entry.path != "/robots.txt"]
    assert sorted(entry.path for entry in pages) == sorted(_pages())  # lists still yield links
    assert all(entry.headers.get("If-None-Match") for entry in pages)
    assert all(entry.headers.get("If-Modified-Since") for entry in pages)
    assert {entry.status for entry in pages} == {304}
    assert state.saves == []  # no article was re-parsed or re-saved
    assert (first.new, first.articles) == (8, 6)
    assert (second.fetched, second.unchanged, second.new, second.changed) == (8, 8, 0, 0)


@pytest.mark.timeout(20)
def test_last_modified_alone_is_enough_for_a_304(serve_site: Serve, tmp_path: Path) -> None:
    server = serve_site(_site(tmp_path), {p: headers({"ETag": ""}) for p in _pages()})
    state = SqliteState()
    _crawl(server, state)
    server.clear_log()

    _crawl(server, state)

    pages = [entry for entry in server.log if entry.path != "/robots.txt"]
    assert all("If-None-Match" not in entry.headers for entry in pages)
    assert {entry.status for entry in pages} == {304}


@pytest.mark.timeout(20)
def test_a_changed_article_is_fetched_again_and_counted(serve_site: Serve, tmp_path: Path) -> None:
    root = _site(tmp_path)
    server = serve_site(root)
    state = SqliteState()
    _crawl(server, state)
    revised = "Exchange agreement with partner university number 2 (revised)"
    write_site(root, {"/news/a2.htm": article_html(revised)})

    report = _crawl(server, state)

    assert (report.changed, report.new, report.unchanged) == (1, 0, 7)
    assert state.articles()[server.url("/news/a2.htm")].title == revised


@pytest.mark.timeout(20)
def test_an_article_linked_several_ways_is_one_record(serve_site: Serve, tmp_path: Path) -> None:
    variants = [
        ("/news/a0.htm?from=home", ENTRIES[0][1]),
        ("/news/../news/a0.htm#comments", ENTRIES[0][1]),
        ("/news/a0.htm?utm_source=wechat&utm_medium=share", ENTRIES[0][1]),
    ]
    root = _site(tmp_path)
    write_site(root, {"/news/list2.htm": list_html(ENTRIES[3:] + variants)})
    server = serve_site(root)
    state = SqliteState()

    _crawl(server, state)

    assert [site_path(url) for url in state.articles()].count("/news/a0.htm") == 1
    assert len(state.articles()) == len(ENTRIES)
    assert [p for p in server.paths() if p.startswith("/news/a0")] == ["/news/a0.htm"]


@pytest.mark.timeout(20)
def test_rel_canonical_names_the_record(serve_site: Serve, tmp_path: Path) -> None:
    canonical = '<link rel="canonical" href="/news/a0.htm">'
    copy = article_html(ENTRIES[0][1]).replace("<head>", f"<head>{canonical}")
    root = _site(tmp_path)
    printable = ("/news/print/a0.htm", f"{ENTRIES[0][1]} (printable version)")
    write_site(
        root, {"/news/print/a0.htm": copy, "/news/list2.htm": list_html([*ENTRIES[3:], printable])}
    )
    server = serve_site(root)
    state = SqliteState()

    report = _crawl(server, state)

    assert server.url("/news/print/a0.htm") not in state.articles()
    assert len(state.articles()) == report.articles == len(ENTRIES)


@pytest.mark.timeout(40)
def test_a_killed_crawl_resumes_without_downloading_stored_pages_again(
    serve_site: Serve, tmp_path: Path
) -> None:
    hang = "/news/a4.htm"
    server = serve_site(_site(tmp_path / "site"), {hang: slow(30)})
    database = tmp_path / "state.sqlite"
    worker = subprocess.Popen(
        [sys.executable, __file__, str(database), server.url("/news/list.htm")],
        cwd=TESTS.parent,
        env={**os.environ, "PYTHONPATH": str(TESTS.parent)},
    )
    try:
        deadline = time.monotonic() + 20
        while hang not in server.paths() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert hang in server.paths(), "the crawl never reached the hanging page"
    finally:
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait()
    state = SqliteState(str(database))
    saved = {site_path(url) for url in state.page_urls()}
    assert saved == {
        "/news/list.htm",
        "/news/list2.htm",
        "/news/a0.htm",
        "/news/a1.htm",
        "/news/a2.htm",
        "/news/a3.htm",
    }

    server.hooks.clear()
    server.clear_log()
    report = _crawl(server, state)

    by_path = {entry.path: entry for entry in server.log}
    assert all(by_path[path].status == 304 for path in saved)
    assert all(by_path[path].headers.get("If-None-Match") for path in saved)
    assert by_path[hang].status == 200 and by_path["/news/a5.htm"].status == 200
    assert {site_path(url) for url in state.articles()} == {href for href, _ in ENTRIES}
    assert not report.failed and report.errors == []


if __name__ == "__main__":
    database_path, start_url = sys.argv[1:3]
    crawl_source(
        SourceSpec("s", [start_url]), fast_settings(timeout_seconds=60), SqliteState(database_path)
    )
