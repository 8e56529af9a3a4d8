"""The SQLite system of record: fetched pages, records, crawl runs, partner candidates.

Everything downstream (enrichment, the Whoosh index) is rebuilt from here, so every write
is one transaction and the database runs in WAL mode: a process killed mid-write leaves the
previous committed state, and readers (the web app) never block the nightly writer.

Change tracking: every insert, update or delete of a record takes the next value of a
monotonic sequence (`records.seq`, `tombstones.seq`). The indexer remembers the last
sequence it indexed and asks for what changed since — incremental indexing without
timestamps that could go backwards.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kb.record import PartnerRef, Record

SCHEMA_VERSION = 1

# Forward migrations: MIGRATIONS[n] brings a database from user_version n to n + 1.
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
)


class StoreError(Exception):
    """The store cannot be opened or is newer than this program."""


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


@dataclass(frozen=True)
class Changes:
    """Records changed and ids deleted after a sequence number, and the sequence reached."""

    records: list[Record]
    deleted: list[str]
    seq: int


@dataclass(frozen=True)
class Candidate:
    name: str
    count: int
    examples: list[str]


def utc_now() -> str:
    """ISO 8601 UTC with seconds, the format of `fetched_at` and run times."""
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


class Store:
    """A connection to the store. Not shared across threads: open one per thread."""

    def __init__(self, path: Path, *, readonly: bool = False) -> None:
        self.path = Path(path)
        if readonly:
            if not self.path.exists():
                raise StoreError(f"{self.path}: no store yet (run `kb crawl` or `kb update`)")
            uri = f"file:{self.path}?mode=ro"
            self.db = sqlite3.connect(
                uri, uri=True, isolation_level=None, timeout=30, check_same_thread=False
            )
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA foreign_keys = ON")
        self.db.execute("PRAGMA busy_timeout = 30000")
        if not readonly:
            self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA synchronous = NORMAL")
            self._migrate()
        else:
            self._check_version()

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- schema ---------------------------------------------------------------------

    def _check_version(self) -> int:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: store schema {version} is newer than this program "
                f"({SCHEMA_VERSION}); upgrade kb"
            )
        return version

    def _migrate(self) -> None:
        version = self._check_version()
        for target in range(version, SCHEMA_VERSION):
            with self.transaction():
                for statement in _statements(MIGRATIONS[target]):
                    self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version = {target + 1}")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic unit of work: all of it is committed, or none of it."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # -- meta -----------------------------------------------------------------------

    def meta(self, key: str, default: str | None = None) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def current_seq(self) -> int:
        return int(self.meta("seq", "0") or 0)

    def _next_seq(self) -> int:
        self.db.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'seq'")
        return self.current_seq()

    # -- pages ----------------------------------------------------------------------

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

    def touch_page(self, url: str, fetched_at: str) -> None:
        """Remember that an unchanged page (304) was confirmed at `fetched_at`."""
        self.db.execute("UPDATE pages SET fetched_at = ? WHERE url = ?", (fetched_at, url))

    def count_pages(self) -> int:
        return self.db.execute("SELECT count(*) FROM pages").fetchone()[0]

    # -- records --------------------------------------------------------------------

    def put_record(self, record: Record, enriched_with: str | None = None) -> None:
        """Insert or update a record; it takes a new sequence number for the indexer."""
        seq = self._next_seq()
        self.db.execute(
            "INSERT OR REPLACE INTO records (id, url, source, title, lang, published, "
            "event_date, partners, topics, body, attachments, attachment_text, fetched_at, "
            "extractor, enriched_with, seq) VALUES (" + ", ".join("?" * 16) + ")",
            (
                record.id,
                record.url,
                record.source,
                record.title,
                record.lang,
                record.published,
                record.event_date,
                _dump_partners(record.partners),
                json.dumps(record.topics),
                record.body,
                json.dumps(record.attachments),
                record.attachment_text,
                record.fetched_at,
                record.extractor,
                enriched_with,
                seq,
            ),
        )
        self.db.execute("DELETE FROM tombstones WHERE id = ?", (record.id,))

    def delete_record(self, record_id: str) -> bool:
        """Remove a record and leave a tombstone so the index drops it too."""
        cursor = self.db.execute("DELETE FROM records WHERE id = ?", (record_id,))
        if cursor.rowcount:
            self.db.execute(
                "INSERT OR REPLACE INTO tombstones (id, seq) VALUES (?, ?)",
                (record_id, self._next_seq()),
            )
        return bool(cursor.rowcount)

    def record(self, record_id: str) -> Record | None:
        row = self.db.execute(
            f"SELECT {_RECORD_COLUMNS} FROM records WHERE id = ?", (record_id,)
        ).fetchone()
        return _record(row) if row else None

    def records(self, ids: list[str]) -> dict[str, Record]:
        """Several records by id in one query (snippets for a result page)."""
        found: dict[str, Record] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self.db.execute(
                f"SELECT {_RECORD_COLUMNS} FROM records WHERE id IN ({marks})", chunk
            ):
                found[row["id"]] = _record(row)
        return found

    def iter_records(self, source: str | None = None) -> Iterator[Record]:
        """All records in id order, streamed."""
        sql = f"SELECT {_RECORD_COLUMNS} FROM records"
        args: tuple[Any, ...] = ()
        if source is not None:
            sql, args = sql + " WHERE source = ?", (source,)
        for row in self.db.execute(sql + " ORDER BY id", args):
            yield _record(row)

    def record_ids(self) -> set[str]:
        return {row[0] for row in self.db.execute("SELECT id FROM records")}

    def count_records(self) -> int:
        return self.db.execute("SELECT count(*) FROM records").fetchone()[0]

    def changes_since(self, seq: int) -> Changes:
        """What the index must apply to catch up from `seq` (at-least-once, idempotent)."""
        with self.transaction():  # one snapshot: records and tombstones agree
            top = self.current_seq()
            rows = self.db.execute(
                f"SELECT {_RECORD_COLUMNS} FROM records WHERE seq > ? AND seq <= ? ORDER BY seq",
                (seq, top),
            ).fetchall()
            deleted = [
                r[0]
                for r in self.db.execute(
                    "SELECT id FROM tombstones WHERE seq > ? AND seq <= ? ORDER BY seq", (seq, top)
                )
            ]
        return Changes(records=[_record(r) for r in rows], deleted=deleted, seq=top)

    def ids_needing_enrichment(self, fingerprint: str) -> list[str]:
        return [
            row[0]
            for row in self.db.execute(
                "SELECT id FROM records WHERE enriched_with IS NULL OR enriched_with != ? "
                "ORDER BY seq",
                (fingerprint,),
            )
        ]

    # -- partner candidates -----------------------------------------------------------

    def set_candidates(self, record_id: str, names: list[str]) -> None:
        self.db.execute("DELETE FROM candidates WHERE record_id = ?", (record_id,))
        self.db.executemany(
            "INSERT OR IGNORE INTO candidates (name, record_id) VALUES (?, ?)",
            [(name, record_id) for name in names],
        )

    def candidates(self, limit: int = 100, examples: int = 3) -> list[Candidate]:
        """Institution names the gazetteer does not know, most frequent first."""
        rows = self.db.execute(
            "SELECT name, count(*) AS n, group_concat(record_id) AS ids FROM candidates "
            "GROUP BY name ORDER BY n DESC, name LIMIT ?",
            (limit,),
        ).fetchall()
        return [Candidate(r["name"], r["n"], r["ids"].split(",")[:examples]) for r in rows]

    # -- runs -----------------------------------------------------------------------

    def start_run(self, kind: str) -> int:
        cursor = self.db.execute(
            "INSERT INTO crawl_runs (kind, started_at, status) VALUES (?, ?, 'running')",
            (kind, utc_now()),
        )
        return int(cursor.lastrowid or 0)

    def finish_run(self, run_id: int, status: str, report: dict[str, Any]) -> None:
        self.db.execute(
            "UPDATE crawl_runs SET finished_at = ?, status = ?, report = ? WHERE id = ?",
            (utc_now(), status, json.dumps(report, ensure_ascii=False), run_id),
        )

    def last_run(self, kind: str | None = None) -> dict[str, Any] | None:
        sql = "SELECT * FROM crawl_runs WHERE finished_at IS NOT NULL"
        args: tuple[Any, ...] = ()
        if kind:
            sql, args = sql + " AND kind = ?", (kind,)
        row = self.db.execute(sql + " ORDER BY id DESC LIMIT 1", args).fetchone()
        if row is None:
            return None
        run = dict(row)
        run["report"] = json.loads(run["report"])
        return run


_RECORD_COLUMNS = (
    "id, url, source, title, lang, published, event_date, partners, topics, body, "
    "attachments, attachment_text, fetched_at, extractor"
)


def _record(row: sqlite3.Row) -> Record:
    return Record(
        id=row["id"],
        url=row["url"],
        source=row["source"],
        title=row["title"],
        lang=row["lang"],
        published=row["published"],
        event_date=row["event_date"],
        partners=[PartnerRef(p["id"], p["name"]) for p in json.loads(row["partners"])],
        topics=json.loads(row["topics"]),
        body=row["body"],
        attachments=json.loads(row["attachments"]),
        attachment_text=row["attachment_text"],
        fetched_at=row["fetched_at"],
        extractor=row["extractor"],
    )


def _dump_partners(partners: list[PartnerRef]) -> str:
    return json.dumps([{"id": p.id, "name": p.name} for p in partners], ensure_ascii=False)


def _statements(script: str) -> list[str]:
    """Split a migration script so each statement runs inside our own transaction.

    `executescript` would commit implicitly; running statements one by one keeps a
    migration all-or-nothing.
    """
    statements, buffer = [], ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                statements.append(buffer.strip())
            buffer = ""
    return statements
