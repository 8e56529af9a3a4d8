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

    def checked_page(self, url: str, when: str) -> None:
        """The page answered (200 or 304) at `when`: seen, and no longer missing."""
        self.db.execute("UPDATE pages SET checked_at = ?, missing = 0 WHERE url = ?", (when, url))

    def missing_page(self, url: str) -> int:
        """The page answered 404 once more; returns how many runs in a row it has."""
        self.db.execute("UPDATE pages SET missing = missing + 1 WHERE url = ?", (url,))
        row = self.db.execute("SELECT missing FROM pages WHERE url = ?", (url,)).fetchone()
        return int(row[0]) if row else 0

    def revisit_candidates(self, source: str, recent_since: str, share: int) -> list[str]:
        """Article pages of `source` to re-check: those published since `recent_since`,
        and the `share` checked longest ago (a bounded run, however many are overdue)."""
        recent = self.db.execute(
            "SELECT p.url FROM pages p JOIN records r ON r.url IN (p.url, p.final_url) "
            "WHERE p.source = ? AND p.kind = 'article' AND r.published >= ?",
            (source, recent_since),
        )
        oldest = self.db.execute(
            "SELECT url FROM pages WHERE source = ? AND kind = 'article' "
            "ORDER BY checked_at IS NOT NULL, checked_at, url LIMIT ?",
            (source, share),
        )
        found = [r[0] for r in recent] + [r[0] for r in oldest]
        return list(dict.fromkeys(found))

    def count_pages(self, source: str, kind: str) -> int:
        row = self.db.execute(
            "SELECT count(*) FROM pages WHERE source = ? AND kind = ?", (source, kind)
        ).fetchone()
        return int(row[0])

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
            "last_modified, content_type, content_hash, kind, fetched_at, body, checked_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
                page.fetched_at,
            ),
        )
