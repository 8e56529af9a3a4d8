"""The signings records state and the agreement register built from them (both derived:
`kb index` recomputes them from the records)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from kb.core.agreements import Agreement, Signing
from kb.store.database import Database


@dataclass(frozen=True)
class SigningFacts:
    """A record's signings and what the register needs of the record."""

    record_id: str
    source: str
    published: str | None
    fetched_at: str | None
    signings: tuple[Signing, ...]


@dataclass(frozen=True)
class RegisterChanges:
    """What replacing the register changed: agreements new to it, and changed ones."""

    new: tuple[str, ...]
    changed: tuple[str, ...]
    removed: tuple[str, ...]


class AgreementsTable(Database):
    """Signings per record (a column of `enrichments`) and the `agreements` table."""

    def set_signings(self, record_id: str, signings: Sequence[Signing]) -> None:
        """Replace a record's signings. They are not indexed, so the record keeps its
        sequence number."""
        self.db.execute(
            "UPDATE enrichments SET signings = ? WHERE record_id = ?",
            (json.dumps([s.to_json() for s in signings], ensure_ascii=False), record_id),
        )

    def signing_facts(self) -> Iterator[SigningFacts]:
        """Every record that states a signing."""
        rows = self.db.execute(
            "SELECT r.id, r.source, r.published, r.fetched_at, e.signings "
            "FROM enrichments e JOIN records r ON r.id = e.record_id "
            "WHERE e.signings != '[]' ORDER BY r.id"
        )
        for row in rows:
            yield SigningFacts(
                record_id=row[0],
                source=row[1],
                published=row[2],
                fetched_at=row[3],
                signings=tuple(Signing.from_json(s) for s in json.loads(row[4])),
            )

    def replace_agreements(self, agreements: Iterable[Agreement]) -> RegisterChanges:
        """Store the new register; returns which agreements are new or changed."""
        before = dict(self.db.execute("SELECT id, data FROM agreements").fetchall())
        after = {a.id: json.dumps(a.to_json(), ensure_ascii=False) for a in agreements}
        self.db.execute("DELETE FROM agreements")
        self.db.executemany(
            "INSERT INTO agreements (id, signed, data) VALUES (?, ?, ?)",
            [(aid, json.loads(data)["signed"], data) for aid, data in sorted(after.items())],
        )
        return RegisterChanges(
            new=tuple(sorted(after.keys() - before.keys())),
            changed=tuple(sorted(k for k in after.keys() & before.keys() if after[k] != before[k])),
            removed=tuple(sorted(before.keys() - after.keys())),
        )

    def agreements(self) -> list[Agreement]:
        """The register, by day signed."""
        rows = self.db.execute("SELECT data FROM agreements ORDER BY signed, id")
        return [Agreement.from_json(json.loads(row[0])) for row in rows]
