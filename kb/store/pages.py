"""Fetched pages: raw bytes kept compressed, with what conditional requests need."""

from __future__ import annotations

import zlib
from dataclasses import dataclass

from kb.store.database import Database


@dataclass(frozen=True)
class StoredPageRow:
    """What the crawler needs to re-crawl a page politely (conditional requests)."""

    url: str
    source: str
    status: int
    etag: str | None
    last_modified: str | None
    content_hash: str
    kind: str
    fetched_at: str


@dataclass(frozen=True)
class PageWrite:
    """One fetched page, as the crawler hands it to the store."""

    url: str
    source: str
    final_url: str
    status: int
    etag: str | None
    last_modified: str | None
    content_type: str | None
    content_hash: str
    kind: str
    fetched_at: str
    body: bytes | None


class PagesTable(Database):
    """The `pages` table."""

    def page(self, url: str) -> StoredPageRow | None:
        row = self.db.execute(
            "SELECT url, source, status, etag, last_modified, content_hash, kind, fetched_at "
            "FROM pages WHERE url = ?",
            (url,),
        ).fetchone()
        return StoredPageRow(**dict(row)) if row else None

    def page_body(self, url: str) -> bytes | None:
        row = self.db.execute("SELECT body FROM pages WHERE url = ?", (url,)).fetchone()
        if row is None or row[0] is None:
            return None
        return zlib.decompress(row[0])

    def put_page(self, page: PageWrite) -> None:
        """Insert or replace a page; call inside `transaction()` with its record."""
        body = zlib.compress(page.body, 6) if page.body is not None else None
        self.db.execute(
            "INSERT OR REPLACE INTO pages (url, source, final_url, status, etag, "
            "last_modified, content_type, content_hash, kind, fetched_at, body) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                page.url,
                page.source,
                page.final_url,
                page.status,
                page.etag,
                page.last_modified,
                page.content_type,
                page.content_hash,
                page.kind,
                page.fetched_at,
                body,
            ),
        )
