"""`kb check`: does the index hold exactly the store's records?

The store is the system of record, so every difference is repaired in one direction:
records missing from the index are indexed, documents without a record are removed.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from kb.core.config import Config
from kb.lexicon import Lexicon
from kb.pipeline import index, index_manager, without_chrome
from kb.store import RunStatus, Store


@dataclass
class CheckReport:
    store_records: int
    index_documents: int
    generation: str
    indexed_seq: int
    store_seq: int
    missing: list[str] = field(default_factory=list)  # in the store, not in the index
    extra: list[str] = field(default_factory=list)  # in the index, not in the store
    repaired: bool = False

    @property
    def status(self) -> RunStatus:
        """How the run is recorded: differences left as they are make it partial."""
        return RunStatus.OK if self.ok or self.repaired else RunStatus.PARTIAL

    def to_json(self) -> dict[str, object]:
        return asdict(self)

    @property
    def ok(self) -> bool:
        return not self.missing and not self.extra and self.indexed_seq == self.store_seq

    def text(self) -> str:
        state = "ok" if self.ok else ("repaired" if self.repaired else "INCONSISTENT")
        return (
            f"kb check {state}: store {self.store_records} records (seq {self.store_seq}), "
            f"index {self.index_documents} documents (generation {self.generation}, "
            f"seq {self.indexed_seq}); {len(self.missing)} missing from the index, "
            f"{len(self.extra)} extra in the index"
        )


def check(config: Config, store: Store, *, repair: bool = False) -> CheckReport:
    """Compare ids and watermarks; with `repair`, index what differs and report again."""
    with index_manager(config, Lexicon.load(config.enrich)).writing() as writer:
        store_ids, index_ids = store.record_ids(), writer.doc_ids()
        report = CheckReport(
            store_records=len(store_ids),
            index_documents=len(index_ids),
            generation=writer.generation,
            indexed_seq=writer.indexed_seq(),
            store_seq=store.current_seq(),
            missing=sorted(store_ids - index_ids),
            extra=sorted(index_ids - store_ids),
        )
        if repair and not report.ok:
            found = store.chrome()
            records = [without_chrome(r, found) for r in store.records(report.missing).values()]
            # Keep the watermark: `pipeline.index` below replays what changed after it.
            writer.apply(records, report.extra, report.indexed_seq)
            report.repaired = True
    if report.repaired:
        index(config, store)  # also catch up on anything past the watermark
    return report
