"""The chrome of each source (kb.link.chrome), kept so enrichment and the index can leave
it out, and so a change of it re-enriches exactly the records it touches."""

from __future__ import annotations

from collections import defaultdict

from kb.store.database import Database


class ChromeTable(Database):
    """The `chrome` table."""

    def chrome(self) -> dict[str, frozenset[str]]:
        """Every source's chrome segments."""
        found: dict[str, set[str]] = defaultdict(set)
        for row in self.db.execute("SELECT source, segment FROM chrome"):
            found[row[0]].add(row[1])
        return {source: frozenset(segments) for source, segments in found.items()}

    def sources_changed_since(self, seq: int) -> list[str]:
        """Sources with records crawled after change `seq`."""
        return [
            row[0]
            for row in self.db.execute(
                "SELECT DISTINCT source FROM records WHERE content_seq > ? ORDER BY source", (seq,)
            )
        ]

    def newest_bodies(self, source: str, limit: int) -> list[str]:
        """The bodies of a source's newest records (by publication date)."""
        return [
            row[0]
            for row in self.db.execute(
                "SELECT body FROM records WHERE source = ? "
                "ORDER BY published DESC NULLS LAST, id LIMIT ?",
                (source, limit),
            )
        ]

    def replace_chrome(self, source: str, segments: frozenset[str]) -> int:
        """Store a source's new chrome; records holding a segment that joined or left it
        are due for enrichment again. Returns how many were."""
        before = self.chrome().get(source, frozenset())
        changed = before ^ segments
        self.db.execute("DELETE FROM chrome WHERE source = ?", (source,))
        self.db.executemany(
            "INSERT INTO chrome (source, segment) VALUES (?, ?)",
            [(source, segment) for segment in sorted(segments)],
        )
        stale = 0
        for segment in changed:
            stale += self.db.execute(
                "UPDATE enrichments SET fingerprint = '' WHERE fingerprint != '' AND record_id IN "
                "(SELECT id FROM records WHERE source = ? AND instr(lower(body), ?) > 0)",
                (source, segment),
            ).rowcount
        return stale
