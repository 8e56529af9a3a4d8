"""Moving a store's contents in and out whole: JSONL import and the online backup.

JSONL (one DESIGN.md Record per line, as `kb export` writes it) is the portable form; the
SQLite backup also keeps the raw pages.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from kb.core.record import Record
from kb.store.database import Database

if TYPE_CHECKING:
    from kb.store import Store


#: The enrichment fingerprint of tags taken from an import file: never the one in use, so
#: the next `kb index` recomputes them with this installation's vocabulary.
IMPORTED = "imported"


class RecordImportError(ValueError):
    """A line of an import file is not a record; nothing was imported."""


def import_jsonl(lines: Iterable[str], store: Store) -> int:
    """Load a JSONL export; all or nothing, so a bad line leaves the store as it was.

    The file's tags are kept until the next `kb index` enriches the records with the
    vocabulary in use here, as it would after a crawl.
    """
    count = 0
    with store.transaction():
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                record = Record.from_public(json.loads(line))
            except (ValueError, KeyError, TypeError) as exc:
                raise RecordImportError(f"line {number}: not a kb record ({exc})") from None
            store.put_record(record)
            store.put_enrichment(record, IMPORTED)
            count += 1
    return count


def backup(store: Database, destination: Path) -> int:
    """Copy the live store with SQLite's online backup API (consistent while writers run);
    returns the number of database pages copied."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    target = sqlite3.connect(destination)
    try:
        store.db.backup(target)
        pages: int = target.execute("PRAGMA page_count").fetchone()[0]
        return pages
    finally:
        target.close()
