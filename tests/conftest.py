"""Fixtures and helpers shared by the test modules."""

from __future__ import annotations

from collections.abc import Iterable

from kb.core.record import Record
from kb.store import Store

#: The enrichment fingerprint of tags written by tests rather than computed.
GIVEN_TAGS = "given"


def put_records(store: Store, records: Iterable[Record], fingerprint: str = GIVEN_TAGS) -> None:
    """Store records as crawled, with their partners, topics and event date as enrichment
    computed with `fingerprint`: a store as `kb index` leaves it, without enriching."""
    with store.transaction():
        for record in records:
            store.put_record(record)
            store.put_enrichment(record, fingerprint)
