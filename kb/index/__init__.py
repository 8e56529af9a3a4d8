"""The Whoosh index: bilingual analysis, schema, generations, the writer lock and writer."""

from kb.index.lock import IndexLocked
from kb.index.writer import IndexManager, IndexWriterSession, NeedsRebuild

__all__ = ["IndexLocked", "IndexManager", "IndexWriterSession", "NeedsRebuild"]
