"""What enrichment derived from each record: partners, topics, event date, candidates.

Rows are keyed by record id and carry the fingerprint of the vocabulary that produced them
and the crawled version they were computed from, so `kb index` recomputes exactly the
records whose text or vocabulary changed, and nothing else.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from kb.core.record import Record
from kb.store.database import Database


@dataclass(frozen=True)
class Candidate:
    """An institution name the gazetteer does not know, with the records naming it."""

    name: str
    count: int
    examples: list[str]


class EnrichmentsTable(Database):
    """The `enrichments` and `candidates` tables."""

    def put_enrichment(self, record: Record, fingerprint: str) -> None:
        """Store the record's partners, topics and event date as computed with
        `fingerprint`; the record takes a new sequence number so the index follows."""
        seq = self.next_seq()
        updated = self.db.execute("UPDATE records SET seq = ? WHERE id = ?", (seq, record.id))
        if not updated.rowcount:
            raise KeyError(f"no record {record.id!r} to enrich")
        self.db.execute(
            "INSERT OR REPLACE INTO enrichments (record_id, fingerprint, content_seq, partners, "
            "topics, event_date, event_end) "
            "SELECT id, ?, content_seq, ?, ?, ?, ? FROM records WHERE id = ?",
            (
                fingerprint,
                json.dumps(
                    [{"id": p.id, "name": p.name} for p in record.partners], ensure_ascii=False
                ),
                json.dumps(record.topics),
                record.event_date,
                record.event_end,
                record.id,
            ),
        )

    def ids_needing_enrichment(self, fingerprint: str) -> list[str]:
        """Records never enriched, enriched with another vocabulary, or changed since."""
        return [
            row[0]
            for row in self.db.execute(
                "SELECT r.id FROM records r LEFT JOIN enrichments e ON e.record_id = r.id "
                "WHERE e.record_id IS NULL OR e.fingerprint != ? "
                "OR e.content_seq != r.content_seq ORDER BY r.seq",
                (fingerprint,),
            )
        ]

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
