"""Writing the index: incremental updates from the store's change log, and full rebuilds.

`IndexManager.writing()` is the only way in: it takes the cross-process writer lock and
hands out a session. Incremental updates go into the current generation; a full rebuild
writes a new generation next to it and swaps it in atomically, so the web app never sees
a half-built index. Whoosh never optimises inline (on 100k records that took minutes and
gigabytes); small segments are folded together as updates add them (see kb.index.bulk).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

from kb.core.record import Record
from kb.index import generations as gens
from kb.index.analysis import vocabulary_fingerprint, vocabulary_words
from kb.index.format import storage
from kb.index.lock import WriterLock
from kb.index.schema import SCHEMA_VERSION, schema_mismatch

log = logging.getLogger(__name__)


class NeedsRebuild(Exception):
    """The current generation cannot take incremental updates; run `kb index --full`."""


class IndexManager:
    """Owner of one index folder (config `storage.index_dir`).

    `vocabulary` maps surface forms (partner names and aliases, both languages) to partner
    ids; its CJK forms become whole words for the segmenter.
    """

    def __init__(self, index_dir: Path, vocabulary: Mapping[str, str] | None = None) -> None:
        self.index_dir = Path(index_dir)
        self.words = vocabulary_words(vocabulary or {})
        self.vocabulary = vocabulary_fingerprint(self.words)
        self.lock = WriterLock(self.index_dir / "writer.lock")

    @property
    def generation(self) -> str:
        """Name of the current generation ("" before the first build)."""
        return gens.current_name(self.index_dir) or ""

    @contextmanager
    def writing(self) -> Iterator[IndexWriterSession]:
        """The one writer session allowed at a time; raises IndexLocked otherwise."""
        with self.lock.held():
            if self.lock.cleared is not None:
                log.warning(
                    "cleared a stale index lock left by pid %s on %s since %s",
                    self.lock.cleared.pid,
                    self.lock.cleared.host,
                    self.lock.cleared.since,
                )
            removed = gens.remove_stale_generations(self.index_dir)
            if removed:
                log.info("removed index generations no longer current: %s", ", ".join(removed))
            yield IndexWriterSession(self)


class IndexWriterSession:
    """Write access to the index while the lock is held."""

    def __init__(self, manager: IndexManager) -> None:
        self.manager = manager
        self.index_dir = manager.index_dir

    @property
    def generation(self) -> str:
        """Name of the current generation (as on the manager)."""
        return self.manager.generation

    def _current(self) -> tuple[Path, gens.GenerationMeta] | None:
        name = gens.current_name(self.index_dir)
        if name is None:
            return None
        path = gens.generation_path(self.index_dir, name)
        meta = gens.read_meta(path)
        return (path, meta) if meta is not None else None

    def indexed_seq(self) -> int:
        """The store sequence applied last: ask the store for changes after it."""
        current = self._current()
        return current[1].seq if current else 0

    def needs_rebuild(self) -> str | None:
        """Why incremental updates would be wrong (None when they are fine)."""
        current = self._current()
        if current is None:
            return None
        path, meta = current
        mismatch = schema_mismatch(meta.schema_version)
        return f"index generation {path.name} {mismatch}" if mismatch else None

    def changed_words(self) -> frozenset[str]:
        """Segmenter words added or removed since the current generation was written.

        Partner names are kept whole when segmenting Chinese, so a record holding one of
        these words is tokenised differently now: it must be indexed again (the caller
        has the store give it a new sequence number) before `adopt_vocabulary`.
        """
        current = self._current()
        if current is None or current[1].vocabulary == self.manager.vocabulary:
            return frozenset()
        return frozenset(storage.vocabulary(current[0])) ^ frozenset(self.manager.words)

    def adopt_vocabulary(self) -> None:
        """Analyse with the manager's vocabulary from now on (see `changed_words`)."""
        current = self._current()
        if current is None or current[1].vocabulary == self.manager.vocabulary:
            return
        path, meta = current
        storage.adopt_vocabulary(path, self.manager.words)
        gens.write_meta(
            path, gens.GenerationMeta(meta.schema_version, self.manager.vocabulary, meta.seq)
        )

    def apply(self, records: Sequence[Record], deleted: Sequence[str], seq: int) -> None:
        """Apply store changes, commit, then move the watermark to `seq`.

        At-least-once: re-applying changes already indexed is harmless. Before the first
        build this creates a generation (so `changes_since(0)` indexes everything).
        Raises NeedsRebuild when the generation was built with another vocabulary or schema.
        """
        current = self._current()
        if current is None:
            self.rebuild(records, seq)
            return
        reason = self.needs_rebuild()
        if reason:
            raise NeedsRebuild(f"{reason}: run `kb index --full`")
        path, meta = current
        if meta.vocabulary != self.manager.vocabulary:
            raise NeedsRebuild(
                f"the partner vocabulary changed since index generation {path.name} was "
                "written: re-index the records naming the changed names and adopt it, or run "
                "`kb index --full`"
            )
        if records or deleted:
            storage.update(path, records, deleted)
        gens.write_meta(
            path, gens.GenerationMeta(SCHEMA_VERSION, meta.vocabulary, max(seq, meta.seq))
        )

    def rebuild(self, records: Iterable[Record], seq: int, procs: int | None = None) -> str:
        """Index `records` into a new generation and make it current; returns its name.

        `seq` must be the store sequence read *before* reading `records`, so changes made
        meanwhile are re-applied by the next incremental run. `procs` worker processes
        analyse and write in parallel (default: the CPUs available, at most 4).
        """
        if procs is None:
            procs = min(4, len(os.sched_getaffinity(0)))
        name, path = gens.new_generation(self.index_dir)
        try:
            storage.build(path, self.manager.words, records, procs)
            gens.write_meta(path, gens.GenerationMeta(SCHEMA_VERSION, self.manager.vocabulary, seq))
        except BaseException:
            gens.remove_generation(self.index_dir, name)
            raise
        gens.make_current(self.index_dir, name)
        gens.remove_stale_generations(self.index_dir)
        return name

    def doc_ids(self) -> set[str]:
        """Ids of every live document (for `kb check` against the store)."""
        current = self._current()
        return storage.live_ids(current[0]) if current else set()

    def doc_count(self) -> int:
        """Live documents of the current generation (for `kb check`)."""
        current = self._current()
        return storage.doc_count(current[0]) if current else 0
