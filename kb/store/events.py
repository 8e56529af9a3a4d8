"""Which records report the same event (kb.link.events), recomputed by `kb index`."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from kb.store.database import Database


@dataclass(frozen=True)
class ReportFacts:
    """What event linking reads of a record."""

    id: str
    source: str
    lang: str
    published: str | None
    partners: frozenset[str]
    topics: frozenset[str]
    event_date: str | None
    event_end: str | None


class EventsTable(Database):
    """The `events` table: record id -> event id, for records reported more than once."""

    def report_facts(self) -> Iterator[ReportFacts]:
        """Every record's source, language, dates, partners and topics."""
        for row in self.db.execute(
            "SELECT r.id, r.source, r.lang, r.published, e.partners, e.topics, e.event_date, "
            "e.event_end FROM records r LEFT JOIN enrichments e ON e.record_id = r.id"
        ):
            yield ReportFacts(
                id=row[0],
                source=row[1],
                lang=row[2],
                published=row[3],
                partners=frozenset(p["id"] for p in json.loads(row[4] or "[]")),
                topics=frozenset(json.loads(row[5] or "[]")),
                event_date=row[6],
                event_end=row[7],
            )

    def replace_events(self, events: Mapping[str, str]) -> int:
        """Store the new grouping; every record whose event changed takes a new sequence
        number, so the index follows. Returns how many changed."""
        before = dict(self.db.execute("SELECT record_id, event_id FROM events").fetchall())
        changed = {
            rid for rid in before.keys() | events.keys() if before.get(rid) != events.get(rid)
        }
        self.db.execute("DELETE FROM events")
        self.db.executemany(
            "INSERT INTO events (record_id, event_id) VALUES (?, ?)", sorted(events.items())
        )
        for record_id in sorted(changed):
            self.db.execute("UPDATE records SET seq = ? WHERE id = ?", (self.next_seq(), record_id))
        return len(changed)
