"""Fixtures and helpers shared by the test modules."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

from kb import demo
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


def run_kb(*args: str, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    """`python -m kb ARGS` as a separate process, as cron or a person runs it."""
    return subprocess.run(
        [sys.executable, "-m", "kb", *args], capture_output=True, text=True, timeout=timeout
    )


def build_demo(root: Path) -> Path:
    """The demo knowledge base crawled from the served demo sites into `root`; returns the
    kb.toml written beside it (the demo sites are gone afterwards, the data stays)."""
    with demo.serve_sites() as urls:
        config, summary = demo.build(root, urls)
    assert summary.status == "ok", summary.line()
    return demo.write_config(config)
