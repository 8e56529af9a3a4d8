"""Records: what the crawler extracted from article pages, joined with their enrichment.

The crawled part and the derived part live in separate tables (see `kb.store.enrichments`),
so saving a re-crawled page never blanks the tags the index still serves; a Record read
from the store carries both.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from kb.core.record import PartnerRef, Record
from kb.store.database import Database


@dataclass(frozen=True)
class Changes:
    """Records changed and ids deleted after a sequence number, and the sequence reached."""

    records: list[Record]
    deleted: list[str]
    seq: int


_COLUMNS = (
    "r.id, r.url, r.source, r.title, r.lang, r.published, r.body, r.attachments, "
    "r.attachment_text, r.fetched_at, r.extractor, r.byline, e.partners, e.topics, "
    "e.event_date, e.event_end, e.visits, (SELECT group_concat(o.record_id) FROM events v "
    "JOIN events o ON o.event_id = v.event_id AND o.record_id != v.record_id "
    "WHERE v.record_id = r.id) AS same_event"
)
_SELECT = f"SELECT {_COLUMNS} FROM records r LEFT JOIN enrichments e ON e.record_id = r.id"


class RecordsTable(Database):
    """The `records` and `tombstones` tables."""

    def put_record(self, record: Record) -> None:
        """Insert or update the crawled part of a record; its enrichment stays as it was.

        Both sequence numbers move on: the index applies the change, and the enrichment
        computed from the previous content is due again.
        """
        seq = self.next_seq()
        self.db.execute(
            "INSERT INTO records (id, url, source, title, lang, published, body, attachments, "
            "attachment_text, fetched_at, extractor, byline, content_seq, seq) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET url = excluded.url, source = excluded.source, "
            "title = excluded.title, lang = excluded.lang, published = excluded.published, "
            "body = excluded.body, attachments = excluded.attachments, "
            "attachment_text = excluded.attachment_text, fetched_at = excluded.fetched_at, "
            "extractor = excluded.extractor, byline = excluded.byline, "
            "content_seq = excluded.content_seq, "
            "seq = excluded.seq",
            (
                record.id,
                record.url,
                record.source,
                record.title,
                record.lang,
                record.published,
                record.body,
                json.dumps(record.attachments),
                record.attachment_text,
                record.fetched_at,
                record.extractor,
                record.byline,
                seq,
                seq,
            ),
        )
        self.db.execute("DELETE FROM tombstones WHERE id = ?", (record.id,))

    def remove_page_records(self, url: str) -> list[str]:
        """Forget a page that is gone, and the records it gave; returns their ids. Each
        record leaves a tombstone, so the index drops it too."""
        row = self.db.execute("SELECT final_url FROM pages WHERE url = ?", (url,)).fetchone()
        urls = {url, row[0]} if row else {url}
        marks = ",".join("?" * len(urls))
        ids = [
            r[0]
            for r in self.db.execute(f"SELECT id FROM records WHERE url IN ({marks})", list(urls))
        ]
        for record_id in ids:
            self.delete_record(record_id)
        self.db.execute("DELETE FROM pages WHERE url = ?", (url,))
        return ids

    def delete_record(self, record_id: str) -> bool:
        """Remove a record (and what was derived from it); a tombstone tells the index."""
        cursor = self.db.execute("DELETE FROM records WHERE id = ?", (record_id,))
        if cursor.rowcount:
            self.db.execute(
                "INSERT OR REPLACE INTO tombstones (id, seq) VALUES (?, ?)",
                (record_id, self.next_seq()),
            )
        return bool(cursor.rowcount)

    def record(self, record_id: str) -> Record | None:
        row = self.db.execute(f"{_SELECT} WHERE r.id = ?", (record_id,)).fetchone()
        return _record(row) if row else None

    def records(self, ids: list[str]) -> dict[str, Record]:
        """Several records by id in one query (a page of results, a batch to enrich)."""
        found: dict[str, Record] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self.db.execute(f"{_SELECT} WHERE r.id IN ({marks})", chunk):
                found[row["id"]] = _record(row)
        return found

    def iter_texts(self) -> Iterator[tuple[str, str]]:
        """(id, title + body + attachment text) of every record, streamed."""
        sql = "SELECT id, title || char(10) || body || char(10) || attachment_text FROM records"
        for row in self.db.execute(sql):
            yield row[0], row[1]

    def touch(self, ids: Sequence[str]) -> int:
        """Give records a new sequence number, so the index applies them again."""
        for record_id in ids:
            self.db.execute("UPDATE records SET seq = ? WHERE id = ?", (self.next_seq(), record_id))
        return len(ids)

    def iter_records(self, source: str | None = None) -> Iterator[Record]:
        """All records in id order, streamed."""
        sql = _SELECT
        args: tuple[str, ...] = ()
        if source is not None:
            sql, args = f"{sql} WHERE r.source = ?", (source,)
        for row in self.db.execute(f"{sql} ORDER BY r.id", args):
            yield _record(row)

    def record_ids(self) -> set[str]:
        return {row[0] for row in self.db.execute("SELECT id FROM records")}

    def count_records(self) -> int:
        count: int = self.db.execute("SELECT count(*) FROM records").fetchone()[0]
        return count

    def content_changed_since(self, seq: int) -> list[str]:
        """Ids of the records whose crawled part was written after sequence number `seq`."""
        rows = self.db.execute(
            "SELECT id FROM records WHERE content_seq > ? ORDER BY content_seq", (seq,)
        )
        return [row[0] for row in rows]

    def changes_since(self, seq: int) -> Changes:
        """What the index must apply to catch up from `seq` (at-least-once, idempotent)."""
        with self.transaction():  # one snapshot: records and tombstones agree
            top = self.current_seq()
            rows = self.db.execute(
                f"{_SELECT} WHERE r.seq > ? AND r.seq <= ? ORDER BY r.seq", (seq, top)
            ).fetchall()
            deleted = [
                r[0]
                for r in self.db.execute(
                    "SELECT id FROM tombstones WHERE seq > ? AND seq <= ? ORDER BY seq", (seq, top)
                )
            ]
        return Changes(records=[_record(r) for r in rows], deleted=deleted, seq=top)


def _record(row: sqlite3.Row) -> Record:
    return Record(
        id=row["id"],
        url=row["url"],
        source=row["source"],
        title=row["title"],
        lang=row["lang"],
        published=row["published"],
        event_date=row["event_date"],
        event_end=row["event_end"],
        same_event=sorted(row["same_event"].split(",")) if row["same_event"] else [],
        partners=[PartnerRef(p["id"], p["name"]) for p in _json_list(row["partners"])],
        topics=_json_list(row["topics"]),
        body=row["body"],
        attachments=json.loads(row["attachments"]),
        attachment_text=row["attachment_text"],
        fetched_at=row["fetched_at"],
        extractor=row["extractor"],
        byline=row["byline"],
        visits=_json_list(row["visits"]),
    )


def _json_list(text: str | None) -> list[Any]:
    """A JSON list column of the enrichment; a record not enriched yet has none."""
    return json.loads(text) if text else []
