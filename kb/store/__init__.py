"""The SQLite system of record: fetched pages, records, what enrichment derived, runs.

Everything downstream (enrichment, the Whoosh index) is rebuilt from here. Each table has
its own module; `Store` is one connection that speaks for all of them. A new derived table
is one more module here (its migration in `schema`) and one more base of `Store`.
"""

from kb.store.agreements import AgreementsTable, RegisterChanges, SigningFacts
from kb.store.chrome import ChromeTable
from kb.store.database import StoreError, utc_now
from kb.store.enrichments import Candidate, EnrichmentsTable
from kb.store.events import EventsTable, ReportFacts
from kb.store.pages import PagesTable, PageWrite, StoredPageRow
from kb.store.records import Changes, RecordsTable
from kb.store.runs import Run, RunKind, RunsTable, RunStatus
from kb.store.schema import SCHEMA_VERSION
from kb.store.transfer import RecordImportError, backup, import_jsonl


class Store(
    PagesTable,
    RecordsTable,
    EnrichmentsTable,
    AgreementsTable,
    ChromeTable,
    EventsTable,
    RunsTable,
):
    """A connection to the store. Not shared across threads: open one per thread."""


__all__ = [
    "SCHEMA_VERSION",
    "Candidate",
    "Changes",
    "PageWrite",
    "RecordImportError",
    "RegisterChanges",
    "ReportFacts",
    "Run",
    "RunKind",
    "RunStatus",
    "SigningFacts",
    "Store",
    "StoreError",
    "StoredPageRow",
    "backup",
    "import_jsonl",
    "utc_now",
]
