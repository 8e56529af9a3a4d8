"""The crawl over time, on the real store and index against a real local server: articles
that drop off the list pages are re-checked, a changed one is updated, a 410 removes its
record at once and a 404 on two runs in a row does; a start URL whose site moved to another
host is followed there, and nothing else is lost.

The site (hand-written): a list page linking five articles a1..a5. Between the runs a1..a3
drop off the list; then a1 answers 404, a2 answers 410, a3 is rewritten; a4 and a5 stay
listed and unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from kb import pipeline
from kb.core.config import Config, load_config
from kb.store import Store
from tests.fixtures.server import Reply, SiteServer, redirect
from tests.fixtures.server import serve_site as serve_site
from tests.test_scraper_support import article_html, list_html, write_site

Serve = Callable[..., SiteServer]
TITLES = {n: f"Visit of partner university delegation number {n}" for n in range(1, 6)}


def entries(numbers: range | list[int]) -> list[tuple[str, str]]:
    return [(f"/news/a{n}.htm", TITLES[n]) for n in numbers]


def site(root: Path) -> Path:
    pages: dict[str, str | bytes] = {
        "/news/list.htm": list_html(entries(range(1, 6))),
        "/robots.txt": "User-agent: *\nDisallow:\n",
    }
    pages.update(
        {href: article_html(title, date="2026-11-20") for href, title in entries(range(1, 6))}
    )
    return write_site(root, pages)


def configure(tmp_path: Path, start: str, revisit_days: int = 30) -> Config:
    path = tmp_path / "kb.toml"
    path.write_text(
        '[storage]\ndata_dir = "data"\nindex_dir = "index"\n'
        f"[crawl]\ndelay_seconds = 0\ntimeout_seconds = 5\nrevisit_days = {revisit_days}\n"
        f'[[sources]]\nname = "news"\nstart_urls = ["{start}"]\n',
        encoding="utf-8",
    )
    return load_config(path)


def run(config: Config) -> pipeline.UpdateSummary:
    with pipeline.open_store(config) as store:
        return pipeline.update(config, store)


def titles(config: Config) -> set[str]:
    with Store(config.storage.store_path) as store:
        return {record.title for record in store.iter_records()}


def found(config: Config, query: str) -> int:
    from kb.app.context import KnowledgeBase
    from kb.search.model import SearchRequest

    return KnowledgeBase(config).search(SearchRequest(q=query)).total


@pytest.mark.timeout(60)
def test_vanished_and_changed_articles_follow_the_site(serve_site: Serve, tmp_path: Path) -> None:
    root = site(tmp_path / "site")
    server = serve_site(root)
    config = configure(tmp_path, server.url("/news/list.htm"))
    first = run(config)
    assert first.crawl.sources[0].report.articles == 5
    assert titles(config) == set(TITLES.values())

    # a1..a3 drop off the list; a1 is deleted (404), a2 is gone for good (410), a3 rewritten.
    (root / "news" / "list.htm").write_text(list_html(entries([4, 5])), encoding="utf-8")
    (root / "news" / "a1.htm").unlink()
    server.hooks["/news/a2.htm"] = lambda handler, attempt: Reply(410, b"gone", {})
    rewritten = "Visit of partner university delegation number 3, with a signed memorandum"
    (root / "news" / "a3.htm").write_text(article_html(rewritten, date="2026-11-20"), "utf-8")

    second = run(config).crawl.sources[0].report
    assert (second.revisited, second.removed) == (3, 1)
    assert titles(config) == {TITLES[1], rewritten, TITLES[4], TITLES[5]}
    assert found(config, "memorandum") == 1  # the index has the new text

    third = run(config).crawl.sources[0].report
    assert (third.revisited, third.removed) == (2, 1)  # a1's second 404 in a row
    assert titles(config) == {rewritten, TITLES[4], TITLES[5]}
    assert found(config, "delegation") == 3
    with Store(config.storage.store_path) as store:
        assert store.count_records() == 3


@pytest.mark.timeout(60)
def test_one_404_is_not_enough_and_a_page_back_is_kept(serve_site: Serve, tmp_path: Path) -> None:
    root = site(tmp_path / "site")
    server = serve_site(root)
    config = configure(tmp_path, server.url("/news/list.htm"))
    run(config)
    server.hooks["/news/a1.htm"] = lambda handler, attempt: Reply(404, b"not found", {})
    assert run(config).crawl.sources[0].report.removed == 0
    del server.hooks["/news/a1.htm"]  # the site's hiccup is over
    assert run(config).crawl.sources[0].report.removed == 0
    server.hooks["/news/a1.htm"] = lambda handler, attempt: Reply(404, b"not found", {})
    assert run(config).crawl.sources[0].report.removed == 0  # not two in a row
    assert TITLES[1] in titles(config)


@pytest.mark.timeout(60)
def test_older_articles_are_spread_over_the_revisit_window(
    serve_site: Serve, tmp_path: Path
) -> None:
    root = site(tmp_path / "site")
    for n in range(1, 6):  # published long ago: not "recent"
        (root / "news" / f"a{n}.htm").write_text(article_html(TITLES[n], date="2019-03-05"))
    server = serve_site(root)
    config = configure(tmp_path, server.url("/news/list.htm"), revisit_days=3)
    run(config)
    (root / "news" / "list.htm").write_text(list_html([]), encoding="utf-8")
    # Five articles over three days: two a run (ceil(5 / 3)), every one within three runs.
    seen: list[int] = []
    for _ in range(3):
        seen.append(run(config).crawl.sources[0].report.revisited)
    assert seen == [2, 2, 2]
    checked = {e.path for e in server.log if e.path.startswith("/news/a")}
    assert checked == {f"/news/a{n}.htm" for n in range(1, 6)}


@pytest.mark.timeout(60)
def test_a_start_url_that_moved_to_another_host_is_followed(
    serve_site: Serve, tmp_path: Path
) -> None:
    new_home = serve_site(site(tmp_path / "site"))
    old_home = serve_site(
        None, {"/news/list.htm": redirect(new_home.url("/news/list.htm"), status=301)}
    )
    config = configure(tmp_path, old_home.url("/news/list.htm"))
    summary = run(config)
    report = summary.crawl.sources[0].report
    assert not report.failed and report.articles == 5
    assert summary.exit_code == 0
    # Only the first hop may change host: an article redirecting elsewhere stays refused.
    elsewhere = serve_site(site(tmp_path / "elsewhere"))
    new_home.hooks["/news/a5.htm"] = redirect(elsewhere.url("/news/a5.htm"), status=301)
    with Store(config.storage.store_path) as store:
        store.db.execute("UPDATE pages SET checked_at = '2000-01-01T00:00:00Z'")
    again = run(config).crawl.sources[0].report
    assert again.skipped_offsite >= 1
    assert elsewhere.requests_for("/news/a5.htm") == []
