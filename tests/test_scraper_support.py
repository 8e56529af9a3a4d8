"""Support for the crawler tests (no tests here): a CrawlState, settings, fixture-site truth.

`SqliteState` keeps exactly what the crawler's contract asks a store to keep, with one
transaction per `save`; it runs in memory for most tests and on disk for the test that kills
a crawl. Fixture sites live in tests/fixtures/sites/<name>/ with a hand-written
expected.toml; `site_hooks` turns its optional [serve] table into server behaviour.
"""

from __future__ import annotations

import json
import sqlite3
import tomllib
from dataclasses import asdict, fields
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from scraper import Article, CrawlSettings, FetchedPage, StoredPage
from scraper.urls import canonicalize
from tests.fixtures.server import Hook, SiteServer, body, transcode

TESTS = Path(__file__).resolve().parent
SITES = TESTS / "fixtures" / "sites"
USER_AGENT = "CooperationKB-test/0.1 (+mailto:kb-tests@example.invalid)"
#: Page furniture no article body on any site may contain.
FURNITURE = (
    "您现在的位置", "当前位置", "版权所有", "Copyright", "打印本页", "关闭窗口", "[Print]",
    "浏览次数", "相关新闻", "推荐阅读", "Related news", "Skip to content", "javascript",
)  # fmt: skip

_SCHEMA = """
CREATE TABLE IF NOT EXISTS pages (
    url TEXT PRIMARY KEY, final_url TEXT, canonical_url TEXT, status INTEGER, etag TEXT,
    last_modified TEXT, content_type TEXT, content_hash TEXT, body BLOB, fetched_at TEXT,
    kind TEXT
);
CREATE TABLE IF NOT EXISTS articles (canonical_url TEXT PRIMARY KEY, data TEXT);
"""


def fast_settings(**overrides: Any) -> CrawlSettings:
    """Settings for loopback tests: no delay, short timeouts, quick retries."""
    values: dict[str, Any] = {
        "user_agent": USER_AGENT,
        "delay_seconds": 0.0,
        "timeout_seconds": 2.0,
        "retries": 2,
        "backoff_factor": 0.01,
    }
    values.update(overrides)
    return CrawlSettings(**values)


class SqliteState:
    """A CrawlState on SQLite: pages keyed by `FetchedPage.url`, articles by canonical URL."""

    def __init__(self, path: str = ":memory:") -> None:
        self.db = sqlite3.connect(path, isolation_level=None)
        self.db.executescript(_SCHEMA)
        #: (url, kind, had an article) of every save() made through this object, in order.
        self.saves: list[tuple[str, str, bool]] = []
        self.checks: list[str] = []

    def stored(self, url: str) -> StoredPage | None:
        row = self.db.execute(
            "SELECT url, etag, last_modified, content_hash, kind FROM pages WHERE url = ?", (url,)
        ).fetchone()
        return StoredPage(*row) if row else None

    def stored_body(self, url: str) -> bytes | None:
        row = self.db.execute("SELECT body FROM pages WHERE url = ?", (url,)).fetchone()
        return row[0] if row else None

    def revisits(self, now: datetime, recent_days: int, revisit_days: int) -> list[str]:
        return []  # the crawler's own tests; revisits are tested on the real store

    def checked(self, url: str) -> None:
        self.checks.append(url)

    def gone(self, url: str, permanent: bool) -> bool:
        self.db.execute("DELETE FROM pages WHERE url = ?", (url,))
        return True

    def save(self, page: FetchedPage, article: Article | None) -> None:
        values = [getattr(page, f.name) for f in fields(FetchedPage)]
        self.db.execute("BEGIN")
        try:
            self.db.execute(f"INSERT OR REPLACE INTO pages VALUES ({', '.join('?' * 11)})", values)
            if article is not None:
                self.db.execute(
                    "INSERT OR REPLACE INTO articles VALUES (?, ?)",
                    (article.canonical_url, json.dumps(asdict(article), ensure_ascii=False)),
                )
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")
        self.saves.append((page.url, page.kind, article is not None))

    def articles(self) -> dict[str, Article]:
        """Every stored article, by canonical URL."""
        rows = self.db.execute("SELECT data FROM articles").fetchall()
        return {a.canonical_url: a for a in (Article(**json.loads(row[0])) for row in rows)}

    def page_urls(self) -> set[str]:
        """URLs of every stored page."""
        return {row[0] for row in self.db.execute("SELECT url FROM pages")}


def load_expected(root: Path) -> dict[str, Any]:
    """A fixture site's hand-written expected.toml."""
    with (root / "expected.toml").open("rb") as handle:
        return tomllib.load(handle)


def site_hooks(root: Path, expected: dict[str, Any]) -> dict[str, Hook]:
    """Server behaviour a site's [serve] table asks for (legacy encodings, query-only files)."""
    serve = expected.get("serve", {})
    hooks: dict[str, Hook] = {
        path: transcode(enc) for path, enc in serve.get("transcode", {}).items()
    }
    for path, file in serve.get("files", {}).items():
        hooks[path] = body((root / file).read_bytes(), "application/octet-stream")
    return hooks


def site_path(url: str) -> str:
    """Path and query of a URL: how expected.toml names pages."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def same_urls(server: SiteServer, paths: list[str]) -> list[str]:
    """Expected site paths as the canonical absolute URLs the crawler reports."""
    return [canonicalize(server.url(path)) or path for path in paths]


def article_problems(server: SiteServer, article: Article, expected: dict[str, Any]) -> list[str]:
    """Differences between an extracted article and its hand-written expectation."""
    where = expected["path"]
    problems = []
    for key in ("title", "published", "lang"):
        if key in expected and getattr(article, key) != expected[key]:
            problems.append(f"{where}: {key} {getattr(article, key)!r} != {expected[key]!r}")
    if "attachments" in expected and article.attachments != same_urls(
        server, expected["attachments"]
    ):
        problems.append(f"{where}: attachments {article.attachments}")
    for phrase in expected.get("body_contains", []):
        if phrase not in article.body:
            problems.append(f"{where}: body lacks {phrase!r}")
    if article.body.startswith(article.title):
        problems.append(f"{where}: body repeats the title")
    for phrase in [*FURNITURE, *expected.get("body_excludes", [])]:
        if phrase in article.body:
            problems.append(f"{where}: body has {phrase!r}")
    for phrase in expected.get("attachment_text_contains", []):
        if phrase not in article.attachment_text:
            problems.append(f"{where}: attachment text lacks {phrase!r}")
    if "attachment_text" in expected and article.attachment_text != expected["attachment_text"]:
        problems.append(f"{where}: attachment text {article.attachment_text[:80]!r}")
    return problems


def write_site(root: Path, pages: dict[str, str | bytes]) -> Path:
    """A small site for one test: URL path -> page text (UTF-8) or bytes."""
    for path, content in pages.items():
        target = root / path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        data = content.encode("utf-8") if isinstance(content, str) else content
        target.write_bytes(data)
    return root


def list_html(entries: list[tuple[str, str]], extra: str = "") -> str:
    """A plain news list: (href, title) entries with dates, plus any extra markup."""
    items = "".join(
        f'<li><a href="{href}">{title}</a><span>2022-0{n % 9 + 1}-1{n}</span></li>\n'
        for n, (href, title) in enumerate(entries)
    )
    return (
        '<html><head><meta charset="utf-8"><title>News</title></head><body>'
        f'<div class="nav"><a href="/">Home</a></div><ul class="list">\n{items}</ul>{extra}'
        "</body></html>"
    )


def article_html(title: str, date: str = "2022-03-05", extra: str = "") -> str:
    """A plain article page with a visible date and two paragraphs."""
    return (
        f'<html><head><meta charset="utf-8"><title>{title}</title></head><body>'
        f'<h1>{title}</h1><p class="date">Published: {date}</p>'
        f"<div class='text'><p>{title}: the two universities discussed student exchange, "
        "joint supervision and summer schools in detail.</p>"
        f"<p>Both sides agreed to meet again next year.</p>{extra}</div></body></html>"
    )
