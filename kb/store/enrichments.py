"""What enrichment derived from each record: partners, topics, event date, candidates.

Rows are keyed by record id and carry the fingerprint of the vocabulary that produced them
and the crawled version they were computed from, so `kb index` recomputes exactly the
records whose text or vocabulary changed, and nothing else.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from kb.core.record import Record
from kb.store.database import Database


@dataclass(frozen=True)
class Candidate:
    """An institution name the gazetteer does not know: how many records name it, over
    which days, and one of them for staff to read."""

    name: str
    count: int
    first: str | None
    last: str | None
    example_id: str
    example_title: str


#: A name on more than this share of a source's records (and on `_MOST_MIN` or more) is
#: the source's own unit or a byline, not a partner.
_MOST_SHARE = 0.5
_MOST_MIN = 3


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
            "topics, event_date, event_end, visits) "
            "SELECT id, ?, content_seq, ?, ?, ?, ?, ? FROM records WHERE id = ?",
            (
                fingerprint,
                json.dumps(
                    [{"id": p.id, "name": p.name} for p in record.partners], ensure_ascii=False
                ),
                json.dumps(record.topics),
                record.event_date,
                record.event_end,
                json.dumps(record.visits),
                record.id,
            ),
        )

    def partner_last_published(self) -> dict[str, str]:
        """Per partner id, the newest publication date of a record tagged with it."""
        rows = self.db.execute(
            "SELECT json_extract(p.value, '$.id') AS pid, max(r.published) AS last "
            "FROM enrichments e JOIN records r ON r.id = e.record_id, json_each(e.partners) p "
            "WHERE r.published IS NOT NULL GROUP BY pid"
        )
        return {row["pid"]: row["last"] for row in rows if row["pid"]}

    def keep_enrichment(self, record_id: str, fingerprint: str) -> None:
        """Record that enrichment with `fingerprint` gave what is stored already: no new
        sequence number, so the index has nothing to redo for this record."""
        self.db.execute(
            "UPDATE enrichments SET fingerprint = ?, "
            "content_seq = (SELECT content_seq FROM records WHERE id = ?) WHERE record_id = ?",
            (fingerprint, record_id, record_id),
        )

    def enriched_ids(self, ids: Sequence[str]) -> set[str]:
        """Those of `ids` that have an enrichment row (computed before, with any vocabulary)."""
        found: set[str] = set()
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            found.update(
                row[0]
                for row in self.db.execute(
                    f"SELECT record_id FROM enrichments WHERE record_id IN "
                    f"({','.join('?' * len(chunk))})",
                    chunk,
                )
            )
        return found

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

    def set_candidates(self, record_id: str, names: Sequence[str], own: Sequence[str] = ()) -> None:
        """Replace a record's candidate names, and the units it names as its publisher's."""
        self.db.execute("DELETE FROM candidates WHERE record_id = ?", (record_id,))
        self.db.executemany(
            "INSERT OR IGNORE INTO candidates (name, record_id, own) VALUES (?, ?, ?)",
            [(name, record_id, 0) for name in names] + [(name, record_id, 1) for name in own],
        )

    def candidates(self, limit: int = 100) -> list[Candidate]:
        """Institution names the gazetteer does not know, most frequent first.

        A source's own units are left out for that source: names it once writes after
        "我校"/"our", and names on most of its records (a byline, a school that signs
        every article).
        """
        rows = self.db.execute(
            """
            WITH named AS (
                SELECT c.name, r.source, r.id, r.title, r.published
                FROM candidates c JOIN records r ON r.id = c.record_id
                WHERE c.own = 0 AND NOT EXISTS (
                    SELECT 1 FROM candidates o JOIN records ro ON ro.id = o.record_id
                    WHERE o.own = 1 AND o.name = c.name AND ro.source = r.source)
            ),
            sizes AS (SELECT source, count(*) AS n FROM records GROUP BY source),
            per_source AS (
                SELECT name, source, count(*) AS n FROM named GROUP BY name, source
            ),
            kept AS (
                SELECT named.* FROM named
                JOIN per_source p ON p.name = named.name AND p.source = named.source
                JOIN sizes s ON s.source = named.source
                WHERE NOT (p.n >= ? AND p.n > ? * s.n)
            )
            SELECT name, count(DISTINCT id) AS n, min(published) AS first,
                   max(published) AS last,
                   (SELECT id FROM kept k2 WHERE k2.name = kept.name
                    ORDER BY k2.published DESC, k2.id LIMIT 1) AS example_id
            FROM kept GROUP BY name ORDER BY n DESC, last DESC, name LIMIT ?
            """,
            (_MOST_MIN, _MOST_SHARE, limit),
        ).fetchall()
        titles = dict(
            self.db.execute(
                f"SELECT id, title FROM records WHERE id IN ({','.join('?' * len(rows))})",
                [r["example_id"] for r in rows],
            ).fetchall()
        )
        return [
            Candidate(
                r["name"], r["n"], r["first"], r["last"], r["example_id"], titles[r["example_id"]]
            )
            for r in rows
        ]
