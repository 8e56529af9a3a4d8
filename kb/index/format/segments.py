"""Writing Whoosh segments without its posting pool: full rebuilds and incremental updates.

Whoosh's SegmentWriter sends every posting through a sorting pool, and while writing
postings it looks each document's field length up again in a column; on news-sized
records that is most of a rebuild. Here each record is analysed once (`title`, `text` and
`phrase` all come from one token stream), postings are gathered in memory per term and
written in term order through Whoosh's codec API. The result is a standard Whoosh
segment: incremental updates, merges and readers treat it like any other, and the tests
compare it posting by posting with what Whoosh's own writer produces.

With `procs > 1` records are spread over worker processes; each writes its own segments
(a new one every `segment_docs` records, which bounds memory) and the parent commits one
table of contents listing them all.

Incremental updates mark old versions deleted with Whoosh's writer and add the changed
records as one new segment. Whoosh's own merging goes back through the slow pool (and
its default policy never merges segments of a few hundred records, so nightly updates
would pile up segments forever); instead, beyond MAX_SEGMENTS, the live records of the
small segments are read back from their stored fields and written into the new segment.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
from array import array
from collections.abc import Iterable, Iterator
from itertools import chain, islice
from pathlib import Path
from typing import Any

from whoosh.reading import SegmentReader
from whoosh.system import pack_uint
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import SegmentWriter

from kb.core.record import Record
from kb.index.analysis import Tok, analyze
from kb.index.format.codec import Codec
from kb.index.format.pairs import frequent_pairs
from kb.index.format.positions import save_positions
from kb.index.format.schema import schema_analyzer
from kb.index.schema import record_document, stored_record

SEGMENT_DOCS = 20_000  # records per segment: memory stays near 100 MB per worker
#: Fewer records than this are indexed in-process: starting workers would cost more.
PARALLEL_MIN = 2000
#: Incremental commits fold the small segments in once there are more than this many.
MAX_SEGMENTS = 12
_BATCH = 200  # records per message to a worker


class _Postings:
    """One term's postings in a segment: docnums, frequencies, and positions (flat)."""

    __slots__ = ("docnums", "freqs", "positions")

    def __init__(self) -> None:
        self.docnums = array("I")
        self.freqs = array("I")
        self.positions = array("I")


class SegmentBuilder:
    """Writes one segment of an index created with `build_schema`."""

    def __init__(self, ix: Any) -> None:
        # Not compound: Whoosh reads a compound segment whole into memory when it opens
        # it (a copy of every file); separate files are read where needed.
        self._writer = SegmentWriter(ix, _lk=False, codec=Codec(), compound=False)
        self.schema = self._writer.schema
        self._segmenter = schema_analyzer(self.schema).segmenter
        # `text` and `phrase` hold the same tokens: one table serves both.
        self._text: dict[str, _Postings] = {}
        self._title: dict[str, _Postings] = {}
        self._lengths: dict[str, array[int]] = {"title": array("I"), "text": array("I")}
        # small keyword fields: field -> term bytes -> [(docnum, weight, value)]
        self._other: dict[str, dict[bytes, list[tuple[int, float, bytes]]]] = {}

    @property
    def doc_count(self) -> int:
        """Records added so far (a worker starts a new segment at SEGMENT_DOCS)."""
        return int(self._writer.docnum)

    def add(self, record: Record) -> None:
        """Add one record (the same document `record_document` gives Whoosh's writer)."""
        writer = self._writer
        document = record_document(record)
        docnum = writer.docnum
        tokens = list(analyze(document.get("text", ""), self._segmenter, index=True))
        title_end = len(record.title) if record.title else 0
        lengths = {
            "text": _add_tokens(self._text, tokens, docnum),
            "title": _add_tokens(self._title, [t for t in tokens if t.end <= title_end], docnum),
        }
        for name, length in lengths.items():
            self._lengths[name].append(byte_to_length(length_to_byte(length)) if length else 0)
        perdoc = writer.perdocwriter
        perdoc.start_doc(docnum)
        for name in sorted(document):
            field = self.schema[name]
            value = document[name]
            if field.indexed and name not in _TOKEN_FIELDS:
                other = self._other.setdefault(name, {})
                for tbytes, _, weight, vbytes in field.index(value):
                    other.setdefault(tbytes, []).append((docnum, weight, vbytes))
            perdoc.add_field(name, field, value if field.stored else None, lengths.get(name, 0))
            if field.column_type:
                perdoc.add_column_value(name, field.column_type, field.to_column_value(value))
        perdoc.finish_doc()
        writer.docnum += 1

    def finish(self) -> Any:
        """Write the postings, close the segment and return it (for the TOC)."""
        writer = self._writer
        writer.perdocwriter.close()
        postings = writer.fieldwriter
        for name in sorted((*_TOKEN_FIELDS, *self._other)):
            field = self.schema[name]
            postings.start_field(name, field)
            for tbytes, entries in self._field_postings(name, field):
                postings.start_term(tbytes)
                for docnum, weight, vbytes, length in entries:
                    postings.add(docnum, weight, vbytes, length)
                postings.finish_term()
            postings.finish_field()
        postings.close()
        writer._close_segment()
        folder, segment_id = Path(writer.storage.folder), writer.newsegment.segment_id()
        save_positions(folder, segment_id, self._text)
        save_positions(folder, segment_id, self._title, "title")
        common = frequent_pairs(self._text, writer.docnum)
        save_positions(folder, segment_id, common, "pairs", documents_only=True)
        # No writer._finish(): it would delete the temporary folder other builders share;
        # the committing writer does that (see commit_segments).
        return writer.get_segment()

    def cancel(self) -> None:
        """Close the unfinished segment's files (a failed build). They are left for the
        next commit to clean up; Whoosh's own `cancel` would also delete the temporary
        folder that the other builders and the committing writer share."""
        self._writer._close_segment()

    def _field_postings(
        self, name: str, field: Any
    ) -> Iterator[tuple[bytes, Iterator[tuple[int, float, bytes, int]]]]:
        """(term bytes, postings in docnum order) in term order, as Whoosh stores them."""
        boost = field.format.field_boost if name in _TOKEN_FIELDS else 1.0
        if name == "phrase":
            encode = field.format.encode
            for term, p in sorted(self._text.items()):
                yield (
                    term.encode("utf-8"),
                    (
                        (d, f * boost, encode(positions), 0)
                        for d, f, positions in zip(
                            p.docnums, p.freqs, _split(p.positions, p.freqs), strict=True
                        )
                    ),
                )
        elif name in _TOKEN_FIELDS:
            table = self._title if name == "title" else self._text
            lengths = self._lengths[name]
            for term, p in sorted(table.items()):
                yield (
                    term.encode("utf-8"),
                    (
                        (d, f * boost, pack_uint(f), lengths[d])
                        for d, f in zip(p.docnums, p.freqs, strict=True)
                    ),
                )
        else:
            for tbytes in sorted(self._other[name]):
                yield tbytes, ((d, w, v, 0) for d, w, v in self._other[name][tbytes])


_TOKEN_FIELDS = ("phrase", "text", "title")


def _add_tokens(table: dict[str, _Postings], tokens: list[Tok], docnum: int) -> int:
    """Record a document's tokens under their terms; returns the token count (its length)."""
    by_term: dict[str, list[int]] = {}
    for tok in tokens:
        by_term.setdefault(tok.text, []).append(tok.pos)
    for term, positions in by_term.items():
        postings = table.get(term)
        if postings is None:
            postings = table[term] = _Postings()
        postings.docnums.append(docnum)
        postings.freqs.append(len(positions))
        postings.positions.extend(positions)
    return len(tokens)


def _split(flat: array[int], counts: array[int]) -> Iterator[list[int]]:
    start = 0
    for count in counts:
        yield flat[start : start + count].tolist()
        start += count


def commit_segments(ix: Any, segments: list[Any]) -> None:
    """Make `segments` the content of `ix` in one TOC commit (as Whoosh's MpWriter does)."""
    committer = SegmentWriter(ix, codec=Codec())
    committer._close_segment()
    committer._commit_toc(segments)
    committer._finish()


def apply_changes(ix: Any, records: Iterable[Record], deleted: Iterable[str]) -> None:
    """Delete `deleted` and the old versions of `records`, add `records`; one commit."""
    latest = {record.id: record for record in records}  # a record listed twice: last wins
    writer = SegmentWriter(ix, codec=Codec())
    try:
        for record_id in {*deleted, *latest}:
            writer.delete_by_term("id", record_id)
        keep, fold = _plan_merge([s for s in writer.segments if s.doc_count()])
        carried = [record for segment in fold for record in _live_records(writer, segment)]
        fresh = build_segments(ix, [*carried, *latest.values()])
    except BaseException:
        writer.cancel()
        raise
    writer.commit(mergetype=lambda _writer, _segments: keep + fresh)


def _plan_merge(segments: list[Any]) -> tuple[list[Any], list[Any]]:
    """(segments to keep, small segments to fold into the new one)."""
    if len(segments) + 1 <= MAX_SEGMENTS:
        return segments, []
    largest = max(s.doc_count_all() for s in segments)
    small = [s for s in segments if s.doc_count_all() < largest / 4]
    if not small:
        return segments, []
    return [s for s in segments if s not in small], small


def _live_records(writer: SegmentWriter, segment: Any) -> Iterator[Record]:
    reader = SegmentReader(writer.storage, writer.schema, segment)
    try:
        for docnum in range(segment.doc_count_all()):
            if not reader.is_deleted(docnum):
                yield stored_record(reader.stored_fields(docnum))
    finally:
        reader.close()


def build_segments(ix: Any, records: Iterable[Record], procs: int = 1) -> list[Any]:
    """Index `records` into new segments of `ix` (not yet committed to its TOC).

    Worker processes only pay off for more than PARALLEL_MIN records; they are forked, so
    call this from a command-line process, not from a threaded server.
    """
    iterator = iter(records)
    first = list(islice(iterator, PARALLEL_MIN if procs > 1 else 0))
    if procs <= 1 or len(first) < PARALLEL_MIN:
        return _build_serial(ix, chain(first, iterator), SEGMENT_DOCS)
    return _build_parallel(ix, chain(first, iterator), procs, SEGMENT_DOCS)


def _build_serial(ix: Any, records: Iterator[Record], segment_docs: int) -> list[Any]:
    segments: list[Any] = []
    while True:
        chunk = list(islice(records, segment_docs))
        if not chunk:
            return segments
        builder = SegmentBuilder(ix)
        try:
            for record in chunk:
                builder.add(record)
        except BaseException:
            builder.cancel()
            raise
        segments.append(builder.finish())


def _build_parallel(ix: Any, records: Iterable[Record], procs: int, segment_docs: int) -> list[Any]:
    context = multiprocessing.get_context("fork")  # workers share the loaded schema
    jobs: Any = context.Queue(maxsize=procs * 4)
    results: Any = context.Queue()
    workers = [
        context.Process(
            target=_worker, args=(ix, segment_docs, jobs, results, os.getpid()), daemon=True
        )
        for _ in range(procs)
    ]
    for worker in workers:
        worker.start()
    try:
        iterator = iter(records)
        while batch := list(islice(iterator, _BATCH)):
            _put(jobs, batch, workers)
        for _ in workers:
            _put(jobs, None, workers)
        segments: list[Any] = []
        for _ in workers:
            outcome = _get(results, workers)
            if isinstance(outcome, BaseException):
                raise outcome
            segments.extend(outcome)
        return segments
    finally:
        for worker in workers:
            worker.join(timeout=5)
            if worker.is_alive():
                worker.kill()


def _put(jobs: Any, item: Any, workers: list[Any]) -> None:
    """Queue a job, failing instead of waiting forever if the workers died."""
    while True:
        try:
            jobs.put(item, timeout=1)
            return
        except queue.Full:
            _check_alive(workers)


def _get(results: Any, workers: list[Any]) -> Any:
    while True:
        try:
            return results.get(timeout=1)
        except queue.Empty:
            _check_alive(workers)


def _check_alive(workers: list[Any]) -> None:
    dead = [w for w in workers if not w.is_alive() and w.exitcode not in (0, None)]
    if dead:
        raise RuntimeError(f"index build worker died (exit code {dead[0].exitcode})")


def _worker(ix: Any, segment_docs: int, jobs: Any, results: Any, parent: int) -> None:
    """Build segments from batches until the end marker; report segments or the error."""
    segments: list[Any] = []
    builder: SegmentBuilder | None = None
    try:
        while True:
            try:
                batch = jobs.get(timeout=5)
            except queue.Empty:
                if os.getppid() != parent:  # the parent was killed: do not linger
                    return
                continue
            if batch is None:
                break
            for record in batch:
                if builder is None:
                    builder = SegmentBuilder(ix)
                builder.add(record)
                if builder.doc_count >= segment_docs:
                    segments.append(builder.finish())
                    builder = None
        if builder is not None:
            segments.append(builder.finish())
        results.put(segments)
    except BaseException as exc:  # reported to the parent, which raises it
        if builder is not None:
            builder.cancel()
        results.put(exc)
