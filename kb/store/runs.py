"""Runs of the commands that change data, so monitors and `/healthz` can tell what ran last."""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from kb.store.database import Database, utc_now


class RunKind(StrEnum):
    """The command a run belongs to."""

    CRAWL = "crawl"
    INDEX = "index"
    UPDATE = "update"
    CHECK = "check"
    IMPORT = "import"


class RunStatus(StrEnum):
    """How a run ended: `partial` when some source failed and the others went on."""

    RUNNING = "running"
    OK = "ok"
    PARTIAL = "partial"
    FAILED = "failed"


@dataclass(frozen=True)
class Run:
    """One finished (or still running) command."""

    id: int
    kind: RunKind
    status: RunStatus
    started_at: str
    finished_at: str | None
    report: dict[str, Any]


class RunsTable(Database):
    """The `crawl_runs` table (named before it recorded more than crawls)."""

    def start_run(self, kind: RunKind) -> int:
        cursor = self.db.execute(
            "INSERT INTO crawl_runs (kind, started_at, status) VALUES (?, ?, ?)",
            (kind.value, utc_now(), RunStatus.RUNNING.value),
        )
        return int(cursor.lastrowid or 0)

    def finish_run(self, run_id: int, status: RunStatus, report: dict[str, Any]) -> None:
        self.db.execute(
            "UPDATE crawl_runs SET finished_at = ?, status = ?, report = ? WHERE id = ?",
            (utc_now(), status.value, json.dumps(report, ensure_ascii=False), run_id),
        )

    def last_run(self, *kinds: RunKind) -> Run | None:
        """The latest finished run of any of `kinds` (of any kind when none is given)."""
        sql = "SELECT * FROM crawl_runs WHERE finished_at IS NOT NULL"
        args: tuple[str, ...] = ()
        if kinds:
            sql += f" AND kind IN ({','.join('?' * len(kinds))})"
            args = tuple(kind.value for kind in kinds)
        row = self.db.execute(sql + " ORDER BY id DESC LIMIT 1", args).fetchone()
        if row is None:
            return None
        return Run(
            id=row["id"],
            kind=RunKind(row["kind"]),
            status=RunStatus(row["status"]),
            started_at=row["started_at"],
            finished_at=row["finished_at"],
            report=json.loads(row["report"]),
        )
