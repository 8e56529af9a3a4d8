"""The store's tables, as a list of forward migrations applied in order.

`PRAGMA user_version` says how many have run. Each migration runs in one transaction, so
a store is never left half-migrated; a store newer than this program is refused.
"""

from __future__ import annotations

import sqlite3

SCHEMA_VERSION = 8

# MIGRATIONS[n] brings a database from user_version n to n + 1.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE pages (
        url TEXT PRIMARY KEY,            -- canonical form of the requested URL
        source TEXT NOT NULL,
        final_url TEXT NOT NULL,
        status INTEGER NOT NULL,
        etag TEXT,
        last_modified TEXT,
        content_type TEXT,
        content_hash TEXT NOT NULL,
        kind TEXT NOT NULL,              -- article | list | other
        fetched_at TEXT NOT NULL,
        body BLOB                        -- zlib-compressed raw bytes as served
    );
    CREATE TABLE records (
        id TEXT PRIMARY KEY,
        url TEXT NOT NULL,
        source TEXT NOT NULL,
        title TEXT NOT NULL,
        lang TEXT NOT NULL,
        published TEXT,
        event_date TEXT,
        partners TEXT NOT NULL DEFAULT '[]',
        topics TEXT NOT NULL DEFAULT '[]',
        body TEXT NOT NULL,
        attachments TEXT NOT NULL DEFAULT '[]',
        attachment_text TEXT NOT NULL DEFAULT '',
        fetched_at TEXT NOT NULL,
        extractor TEXT NOT NULL DEFAULT '',
        enriched_with TEXT,              -- enrichment fingerprint; NULL = not enriched yet
        seq INTEGER NOT NULL
    );
    CREATE INDEX records_seq ON records(seq);
    CREATE INDEX records_source ON records(source);
    CREATE INDEX records_enriched ON records(enriched_with);
    CREATE TABLE tombstones (id TEXT PRIMARY KEY, seq INTEGER NOT NULL);
    CREATE TABLE candidates (
        name TEXT NOT NULL,
        record_id TEXT NOT NULL REFERENCES records(id) ON DELETE CASCADE,
        PRIMARY KEY (name, record_id)
    );
    CREATE INDEX candidates_record ON candidates(record_id);
    CREATE TABLE crawl_runs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,              -- crawl | index | update
        started_at TEXT NOT NULL,
        finished_at TEXT,
        status TEXT NOT NULL,            -- running | ok | partial | failed
        report TEXT NOT NULL DEFAULT '{}'
    );
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    INSERT INTO meta (key, value) VALUES ('seq', '0');
    """,
    # 2: what enrichment derives moves out of the crawled row. A crawl rewrites the crawled
    # columns only, so tags stay as last computed (and as the index has them) until the
    # next `kb index` recomputes them. `content_seq` is the change of the crawled part,
    # `seq` any change the index must apply (crawl or enrichment).
    """
    CREATE TABLE records_crawled (
        id TEXT PRIMARY KEY,
        url TEXT NOT NULL,
        source TEXT NOT NULL,
        title TEXT NOT NULL,
        lang TEXT NOT NULL,
        published TEXT,
        body TEXT NOT NULL,
        attachments TEXT NOT NULL DEFAULT '[]',
        attachment_text TEXT NOT NULL DEFAULT '',
        fetched_at TEXT NOT NULL,
        extractor TEXT NOT NULL DEFAULT '',
        content_seq INTEGER NOT NULL,
        seq INTEGER NOT NULL
    );
    INSERT INTO records_crawled
        SELECT id, url, source, title, lang, published, body, attachments, attachment_text,
               fetched_at, extractor, seq, seq
        FROM records;
    CREATE TABLE enrichments (
        record_id TEXT PRIMARY KEY REFERENCES records(id) ON DELETE CASCADE,
        fingerprint TEXT NOT NULL,       -- of the gazetteer, taxonomy and owners used
        content_seq INTEGER NOT NULL,    -- the crawled version it was computed from
        partners TEXT NOT NULL DEFAULT '[]',
        topics TEXT NOT NULL DEFAULT '[]',
        event_date TEXT
    );
    INSERT INTO enrichments
        SELECT id, enriched_with, seq, partners, topics, event_date
        FROM records WHERE enriched_with IS NOT NULL;
    DROP TABLE records;
    ALTER TABLE records_crawled RENAME TO records;
    CREATE INDEX records_seq ON records(seq);
    CREATE INDEX records_source ON records(source);
    """,
    # 3: the chrome each source prints on its pages (kb.link.chrome) and the change
    # sequence up to which it was looked for; the last day of multi-day events; which
    # records report the same event (kb.link.events).
    """
    CREATE TABLE chrome (
        source TEXT NOT NULL,
        segment TEXT NOT NULL,
        PRIMARY KEY (source, segment)
    );
    INSERT INTO meta (key, value) VALUES ('chrome_seq', '0');
    ALTER TABLE enrichments ADD COLUMN event_end TEXT;
    CREATE TABLE events (
        record_id TEXT PRIMARY KEY REFERENCES records(id) ON DELETE CASCADE,
        event_id TEXT NOT NULL
    );
    CREATE INDEX events_event ON events(event_id);
    """,
    # 4: a unit named after "我校"/"our" is the publisher's own: kept apart, so that the
    # candidates of its source leave that name out.
    """
    ALTER TABLE candidates ADD COLUMN own INTEGER NOT NULL DEFAULT 0;
    """,
    # 5: the signings each record states (kb.enrich.agreements) and the agreement register
    # built from them (kb.link.agreements), one JSON document per agreement.
    """
    ALTER TABLE enrichments ADD COLUMN signings TEXT NOT NULL DEFAULT '[]';
    CREATE TABLE agreements (
        id TEXT PRIMARY KEY,
        signed TEXT,
        data TEXT NOT NULL               -- kb.core.agreements.Agreement as JSON
    );
    CREATE INDEX agreements_signed ON agreements(signed);
    """,
    # 6: revisits. When the crawler last had an answer for a page (200 or 304), and how
    # many runs in a row it answered 404: a second 404 removes the record. Records are
    # found by URL to re-check and remove them.
    """
    ALTER TABLE pages ADD COLUMN checked_at TEXT;
    ALTER TABLE pages ADD COLUMN missing INTEGER NOT NULL DEFAULT 0;
    UPDATE pages SET checked_at = fetched_at;
    CREATE INDEX pages_source_kind ON pages(source, kind, checked_at);
    CREATE INDEX records_url ON records(url);
    """,
    # 7: who wrote and published an article (its source and credit lines), kept apart from
    # the body.
    """
    ALTER TABLE records ADD COLUMN byline TEXT NOT NULL DEFAULT '';
    """,
    # 8: which way the visit each record reports went (kb.enrich.visits).
    """
    ALTER TABLE enrichments ADD COLUMN visits TEXT NOT NULL DEFAULT '[]';
    """,
)


def statements(script: str) -> list[str]:
    """Split a migration script so each statement runs inside our own transaction.

    `executescript` would commit implicitly; running statements one by one keeps a
    migration all-or-nothing.
    """
    found, buffer = [], ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                found.append(buffer.strip())
            buffer = ""
    return found
