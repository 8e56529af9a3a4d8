"""What a run did, as typed values: per source, per stage, and the line cron mails.

`kb update --json` prints `UpdateSummary.to_json()`; the same document is stored with the
run in the store, so a monitor and a person reading the log see the same figures.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from kb.store import RunStatus
from scraper import SourceReport


def exit_code(status: RunStatus) -> int:
    """The exit code cron sees: 0 ok, 1 partial (some source failed), 2 failed."""
    return {RunStatus.OK: 0, RunStatus.PARTIAL: 1}.get(status, 2)


@dataclass
class SourceSummary:
    """One source's crawl: the crawler's report and how long it took."""

    report: SourceReport
    duration_s: float

    def to_json(self) -> dict[str, Any]:
        return {
            **asdict(self.report),
            "summary": self.report.summary(),
            "duration_s": round(self.duration_s, 3),
        }


@dataclass
class CrawlSummary:
    """Every source's crawl, in configuration order."""

    sources: list[SourceSummary] = field(default_factory=list)

    @property
    def failed_sources(self) -> list[str]:
        return [s.report.name for s in self.sources if s.report.failed]

    @property
    def status(self) -> RunStatus:
        """ok: every source succeeded; partial: some failed; failed: all of them did."""
        failed = len(self.failed_sources)
        if not failed:
            return RunStatus.OK
        return RunStatus.PARTIAL if failed < len(self.sources) else RunStatus.FAILED

    def total(self, counter: str) -> int:
        """A page counter of SourceReport (fetched, new, ...) summed over the sources."""
        return sum(int(getattr(s.report, counter)) for s in self.sources)

    @property
    def errors(self) -> int:
        return sum(len(s.report.errors) for s in self.sources)

    def to_json(self) -> dict[str, Any]:
        return {"sources": [s.to_json() for s in self.sources]}


@dataclass
class IndexSummary:
    """The enrich-and-index stage."""

    enriched: int = 0
    linked: int = 0  # records whose same-event group changed
    renamed: int = 0  # records holding a partner name added or removed since the last run
    indexed: int = 0
    deleted: int = 0
    full: bool = False
    generation: str = ""
    documents: int = 0
    agreements: int = 0  # in the register
    agreements_new: tuple[str, ...] = ()
    agreements_changed: tuple[str, ...] = ()

    def line(self) -> str:
        return (
            f"kb index: {self.enriched} enriched, {self.linked} linked, {self.indexed} indexed, "
            f"{self.deleted} removed, {self.documents} documents, "
            f"{self.agreements} agreements "
            f"(generation {self.generation}{', full rebuild' if self.full else ''})"
        )

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class UpdateSummary:
    """`kb update`: the crawl, then the index stage."""

    crawl: CrawlSummary
    index: IndexSummary
    duration_s: float
    #: Ids of the records this run added, and of those whose crawled text changed.
    new_records: list[str] = field(default_factory=list)
    changed_records: list[str] = field(default_factory=list)

    @property
    def status(self) -> RunStatus:
        return self.crawl.status

    @property
    def exit_code(self) -> int:
        return exit_code(self.status)

    def line(self) -> str:
        c = self.crawl
        failed = c.failed_sources
        text = (
            f"kb update {self.status}: {len(c.sources)} sources, "
            f"{c.total('fetched')} fetched, {c.total('new')} new, {c.total('changed')} changed, "
            f"{c.total('unchanged')} unchanged, {c.errors} errors; "
            f"{self.index.enriched} enriched, {self.index.indexed} indexed, "
            f"{self.index.deleted} removed; {self.index.documents} documents in "
            f"{self.duration_s:.1f}s"
        )
        return text + (f"; failed: {', '.join(failed)}" if failed else "")

    def to_json(self) -> dict[str, Any]:
        return {
            "status": self.status.value,
            "exit_code": self.exit_code,
            "duration_s": round(self.duration_s, 3),
            **self.crawl.to_json(),
            "index": self.index.to_json(),
            "records": {"new": self.new_records, "changed": self.changed_records},
        }
