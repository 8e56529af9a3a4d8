"""One connection to the store: opening, migrating, transactions and the change sequence.

Everything downstream (enrichment, the index) is rebuilt from the store, so every write
is one transaction and the database runs in WAL mode: a process killed mid-write leaves the
previous committed state, and readers (the web app) never block the nightly writer.

Change tracking: every change the index must apply takes the next value of one monotonic
sequence (`records.seq`, `tombstones.seq`). The indexer remembers the last sequence it
applied and asks for what changed since: incremental indexing without timestamps that
could go backwards.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Self

from kb.store.schema import MIGRATIONS, SCHEMA_VERSION, statements


class StoreError(Exception):
    """The store cannot be opened or is newer than this program."""


def utc_now() -> str:
    """ISO 8601 UTC with seconds, the format of `fetched_at` and run times."""
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


class Database:
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
        self.db.execute("PRAGMA busy_timeout = 30000")
        if not readonly:
            self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA synchronous = NORMAL")
            self._migrate()
        else:
            self._check_version()
        self.db.execute("PRAGMA foreign_keys = ON")

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- schema ---------------------------------------------------------------------

    def _check_version(self) -> int:
        version: int = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: store schema {version} is newer than this program "
                f"({SCHEMA_VERSION}); upgrade kb"
            )
        return version

    def _migrate(self) -> None:
        """Apply the missing migrations; foreign keys are off meanwhile, because rebuilding a
        table (create, copy, drop, rename) would otherwise cascade into its dependants."""
        version = self._check_version()
        for target in range(version, SCHEMA_VERSION):
            with self.transaction():
                for statement in statements(MIGRATIONS[target]):
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
        """The last change sequence number handed out."""
        return int(self.meta("seq", "0") or 0)

    def next_seq(self) -> int:
        """Take the next change sequence number (inside a transaction)."""
        self.db.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'seq'")
        return self.current_seq()
