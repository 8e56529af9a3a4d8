"""One opened state of the index (a generation at one commit) and what searches derive from it.

A view is a snapshot of the index plus per-document data for filters, facets, sorting and
scoring: each registered facet's values, publication dates, field lengths. That data is
read once per segment from the postings of the facet fields (each value with its documents,
no work per document in Python) and kept while any view uses it (segments never change once
written, so after an incremental commit only the new ones are read), then laid out over the
view's global document numbers with numpy. Caches of term postings, phrase
matches and date ranges hang off the view and die with it, so they cannot go stale.
"""

from __future__ import annotations

import math
import queue
import re
import threading
import weakref
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from kb.index.analysis import Segmenter
from kb.index.format.groups import Groups
from kb.index.format.reader import LENGTH_OF_BYTE, Segment, Snapshot
from kb.search import bits
from kb.search.cache import CostLRU
from kb.search.facets import FACETS, HIDDEN_FACETS, FacetData, Tags
from kb.search.model import CountedFacets, Shown

#: Readers a view opens at most: searches that run at once in one process; a further
#: search waits for a reader. One by default: with CPython's global interpreter lock,
#: searches overlapping in one worker gained no throughput and lengthened the slowest
#: answers (bench/web.py at 100k, 2 cores: 131-142 req/s, p99 266-300 ms with one reader;
#: 125-134 req/s, p99 343-428 ms with two to four). Processes are what run searches in
#: parallel; more readers pay where threads do (a free-threaded Python, more cores).
READERS = 1
BM25_K1 = 1.2
BM25_B = 0.75
#: Memory budgets of the per-view caches, in bytes (approximate). A common word's postings
#: at a million records hold ~4 MB (12 bytes a posting and a 125 kB set): 256 MB keeps the
#: terms of the bench's mix (1M synthetic, in process: warm p95 ~40 ms; with 64 MB they
#: were read again on every repeat).
TERM_CACHE_BYTES = 256 << 20
SET_CACHE_BYTES = 32 << 20
#: Snippets of hits, by document and query terms: paging, sorting and facet clicks show the
#: same hits of the same words again (~300 bytes each).
SNIPPET_CACHE_BYTES = 8 << 20
FACET_CACHE_BYTES = 4 << 20
SHOWN_CACHE_BYTES = 16 << 20  # ~1 kB per record: the fields of ~16,000 hits
_LATIN_TERM = re.compile(r"[a-z]{3,}")
#: Fields read from their columns: a date has thousands of terms per segment, an event one
#: per pair of documents, too many to read term by term.
_COLUMNS = ("published", "event")
#: Facet fields read from their postings: far fewer terms than documents.
_FACET_FIELDS = tuple(
    dict.fromkeys(f.field for f in FACETS + HIDDEN_FACETS if f.field not in _COLUMNS)
)


@dataclass(eq=False)
class SegmentData:
    """What a view needs of one segment, by segment-local docnum: each facet field's values
    with their documents, the documents having a publication date or an event with that
    value (a numpy bytes array), field lengths; the record ids are read when first asked
    for."""

    groups: dict[str, Groups]  # facet field -> (value, its documents) in value order
    values: dict[str, tuple[np.ndarray, np.ndarray]]  # column -> (docnums, their values)
    lengths: dict[str, bytes]  # "text"/"title" -> length byte per document
    ids: list[bytes] | None = None  # the record id of each document


_segments: weakref.WeakValueDictionary[tuple[str, str], SegmentData] = weakref.WeakValueDictionary()
_segments_lock = threading.Lock()


def _segment_data(path: Path, segment: Segment) -> SegmentData:
    key = (str(path), segment.id)
    with _segments_lock:
        data = _segments.get(key)
    if data is None:
        values = {field: _with_values(*segment.column_data(field)) for field in _COLUMNS}
        groups = segment.groups(_FACET_FIELDS)
        groups["published"] = _grouped(*_term_prefixes("published", *values["published"]))
        data = SegmentData(groups, values, {f: segment.lengths(f) for f in ("text", "title")})
        with _segments_lock:
            _segments[key] = data
    return data


def _with_values(
    data: bytes, offsets: np.ndarray, lengths: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The documents having a value in a column, and their values as one numpy bytes array
    (gathered with numpy, not sliced document by document)."""
    docs = np.flatnonzero(lengths)
    if not len(docs):
        return docs, np.zeros(0, dtype="S1")
    width = int(lengths[docs].max())
    chars = np.frombuffer(data, dtype=np.uint8)
    spots = offsets[docs, None] + np.arange(width)
    inside = spots < (offsets + lengths)[docs, None]
    table = np.where(inside, chars[np.minimum(spots, len(chars) - 1)], 0).astype(np.uint8)
    return docs, table.view(f"S{width}").ravel()


def _term_prefixes(field: str, docs: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, ...]:
    """A column's values cut to what the facets reading it use (a date's year): a segment
    then has 20 years to group instead of 7,000 dates."""
    widths = {facet.term_chars for facet in FACETS if facet.field == field}
    if None in widths or not widths:
        return docs, values
    width = max(w for w in widths if w is not None)
    return docs, values.astype(f"S{width}")


def _grouped(docs: np.ndarray, values: np.ndarray) -> Groups:
    """Each distinct value with its documents (ascending), in value order."""
    distinct, inverse = _distinct(values)
    order = np.argsort(inverse, kind="stable")
    ends = np.cumsum(np.bincount(inverse, minlength=len(distinct))).tolist()
    starts = [0, *ends[:-1]]
    return [
        (value.decode("utf-8"), docs[order[start:end]])
        for value, start, end in zip(distinct.tolist(), starts, ends, strict=True)
    ]


def _numbered(
    data: list[tuple[SegmentData, int]], column: str, size: int
) -> tuple[list[str], np.ndarray]:
    """A column's distinct values, sorted, and per document the number of its value (-1:
    none)."""
    docs = [values[0] + offset for segment, offset in data for values in [segment.values[column]]]
    found = [segment.values[column][1] for segment, _ in data]
    numbers = np.full(size, -1, dtype=np.int64)
    if not found or not sum(map(len, found)):
        return [], numbers
    distinct, inverse = _distinct(np.concatenate(found))
    numbers[np.concatenate(docs)] = inverse
    return [value.decode("utf-8") for value in distinct.tolist()], numbers


def _distinct(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values of a bytes array, sorted, and the number of each value's
    (`np.unique` with `return_inverse`), from integer keys where there are some: a view
    orders a million dates and groups them by year when it opens, and numpy sorts
    integers several times faster than byte strings."""
    keys = _integer_keys(values)
    if keys is None:
        distinct, inverse = np.unique(values, return_inverse=True)
    else:  # the same order and classes
        _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
        distinct = values[first]
    return distinct, inverse.ravel()


_ISO_DASHES = (4, 7)
_ISO_DIGITS = (0, 1, 2, 3, 5, 6, 8, 9)


def _integer_keys(values: np.ndarray) -> np.ndarray | None:
    """Integers that sort and compare as the byte strings `values` do, or None: strings of
    up to eight bytes (a year) read as big-endian numbers, and ISO dates (b"2021-07-20")
    as their eight digits read so."""
    if not len(values) or values.dtype.kind != "S":
        return None
    width = values.dtype.itemsize
    chars = values.view(np.uint8).reshape(len(values), width)
    if width <= 8:
        padded = np.zeros((len(values), 8), dtype=np.uint8)
        padded[:, :width] = chars
    elif width == 10 and (chars[:, _ISO_DASHES] == ord("-")).all():
        padded = np.ascontiguousarray(chars[:, _ISO_DIGITS])
    else:
        return None
    keys: np.ndarray = padded.view(">u8").ravel()
    return keys


@dataclass(frozen=True)
class _Dates:
    """A view's documents by publication date."""

    dates: list[str]  # the distinct dates, ascending (ISO strings)
    order: np.ndarray  # the dated documents in date order (ties: by number)
    ranks: np.ndarray  # the date rank of each entry of `order`
    undated: np.ndarray  # the live documents without a date

    @classmethod
    def layout(cls, data: list[tuple[SegmentData, int]], size: int, live: int) -> _Dates:
        dates, ranks = _numbered(data, "published", size)
        dated = np.flatnonzero(ranks >= 0)
        order = dated[np.argsort(ranks[dated], kind="stable")]
        alive = np.frombuffer(bits.to_mask(live, size), dtype=np.bool_)
        return cls(dates, order, ranks[order], np.flatnonzero((ranks < 0) & alive))


class IndexView:
    """A snapshot on one commit of one generation, searched by several threads at once.

    What searches derive (facets, dates, lengths, events) is computed when the view opens
    and never changes; the caches lock only their bookkeeping. Whoosh's readers keep a
    position in each open file, so each thread searches with readers of its own:
    `reading()` lends one of up to `readers` forks of the snapshot for one search.
    """

    def __init__(self, path: Path, name: str, readers: int = READERS) -> None:
        self.path = path
        self.snapshot = Snapshot(path)
        self.generation = f"{name}.{self.snapshot.commit}"
        self.segmenter: Segmenter = self.snapshot.analyzer.segmenter
        self.size = self.snapshot.size
        segments = self.snapshot.segments
        data = [(_segment_data(path, s), s.offset) for s in segments]
        self._data = data  # keeps them alive in the shared segment cache
        self.live = bits.full(self.size) & ~bits.from_docnums(
            (d + s.offset for s in segments for d in s.deleted), self.size
        )
        self._idle: queue.LifoQueue[Snapshot] = queue.LifoQueue()
        self._idle.put(self.snapshot)
        self._readers = [self.snapshot]
        self._reader_limit = max(1, readers)
        self._forking = threading.Lock()
        self._local = threading.local()
        self.facets: dict[str, FacetData] = {
            f.name: f.layout([(d.groups[f.field], offset) for d, offset in data], self.size)
            for f in FACETS + HIDDEN_FACETS
        }
        self._dates: _Dates | None = None  # laid out on first use (see `_dated`)
        self._dating = threading.Lock()
        self._layout_lengths(data)
        self._layout_events(data)
        set_bytes = self.size // 8 + 32  # what one document set (an int) holds
        # A cached term holds 12 bytes per posting (docnum, score) and its set.
        self.terms: CostLRU[Any] = CostLRU(
            TERM_CACHE_BYTES, lambda term: 12 * len(term.docs) + set_bytes
        )
        self.sets: CostLRU[int] = CostLRU(SET_CACHE_BYTES, lambda _: set_bytes)
        #: phrase -> (documents checked, documents holding it)
        self.phrases: CostLRU[tuple[int, int]] = CostLRU(SET_CACHE_BYTES, lambda _: 2 * set_bytes)
        self.snippets: CostLRU[str] = CostLRU(SNIPPET_CACHE_BYTES, lambda s: 2 * len(s) + 100)
        #: What a hit shows of a record, by document (kb.search.engine).
        self.shown: CostLRU[Shown] = CostLRU(SHOWN_CACHE_BYTES, lambda _: 1000)
        #: Facet counts of a search, by its request without page, order and grouping.
        self.facet_counts: CostLRU[CountedFacets] = CostLRU(
            FACET_CACHE_BYTES, lambda counts: 100 * sum(map(len, counts.values())) + 200
        )
        self.users = 0
        self.retired = False
        #: The folder's mtime when this view was last found current (-1: not yet).
        self.stamp = -1
        self._latin: list[str] | None = None

    # -- readers ------------------------------------------------------------------------

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Readers of this view's commit for the calling thread, for one search."""
        if getattr(self._local, "reader", None) is not None:  # already lent to this thread
            yield
            return
        reader = self._checkout()
        self._local.reader = reader
        try:
            yield
        finally:
            self._local.reader = None
            self._idle.put(reader)

    def _checkout(self) -> Snapshot:
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            pass
        with self._forking:
            if len(self._readers) < self._reader_limit:
                try:
                    fork = self.snapshot.fork()
                except FileNotFoundError:  # the generation was swapped out: wait instead
                    fork = None
                if fork is not None:
                    self._readers.append(fork)
                    return fork
        return self._idle.get()

    @property
    def segments(self) -> list[Segment]:
        """The segments as the calling thread's readers see them."""
        reader: Snapshot = getattr(self._local, "reader", None) or self.snapshot
        return reader.segments

    @property
    def partners(self) -> Tags:
        """The partner tags: queries naming a partner match and score with them."""
        tags = self.facets["partner"]
        assert isinstance(tags, Tags)
        return tags

    # -- layout over global document numbers --------------------------------------------

    def _dated(self) -> _Dates:
        """The documents in date order, laid out when a search first sorts or filters by
        date rather than when the view opens: a quarter of a second at a million records
        that a search by relevance never needs."""
        dates = self._dates
        if dates is None:
            with self._dating:
                dates = self._dates
                if dates is None:
                    dates = self._dates = _Dates.layout(self._data, self.size, self.live)
        return dates

    @property
    def dates(self) -> list[str]:
        """The distinct publication dates, ascending (ISO strings)."""
        return self._dated().dates

    @property
    def by_date(self) -> np.ndarray:
        """The dated documents in date order (ties: by number)."""
        return self._dated().order

    @property
    def undated(self) -> np.ndarray:
        """The live documents without a date."""
        return self._dated().undated

    def _layout_events(self, data: list[tuple[SegmentData, int]]) -> None:
        """Which event (by number, -1: none) each document reports with others."""
        self._data_offsets = [offset for _, offset in data]
        self.event_ids, self.event_codes = _numbered(data, "event", self.size)
        self._event_docs: dict[int, np.ndarray] | None = None

    def id_of(self, docnum: int) -> str:
        """The record id of a document (a segment's ids are read at its first)."""
        at = bisect_right(self._data_offsets, docnum) - 1
        data, offset = self._data[at]
        if data.ids is None:
            data.ids = self.segments[at].column("id")
        return data.ids[docnum - offset].decode("utf-8")

    def siblings(self, docs: int) -> int:
        """The live documents reporting the same events as `docs`, `docs` excluded."""
        if not self.event_ids or not docs:
            return 0
        codes = self.event_codes
        found = codes[bits.members(docs, self.size)]
        events = np.unique(found[found >= 0])
        if not len(events):
            return 0
        return (
            bits.from_docnums(np.flatnonzero(np.isin(codes, events)), self.size) & self.live & ~docs
        )

    def event_mates(self, docnum: int) -> list[int]:
        """The other live documents reporting the same event as `docnum`."""
        code = int(self.event_codes[docnum]) if self.size else -1
        if code < 0:
            return []
        if self._event_docs is None:
            order = np.argsort(self.event_codes, kind="stable")
            sorted_codes = self.event_codes[order]
            starts = np.searchsorted(sorted_codes, np.arange(len(self.event_ids)))
            ends = np.searchsorted(sorted_codes, np.arange(len(self.event_ids)), side="right")
            self._event_docs = {
                n: order[s:e] for n, (s, e) in enumerate(zip(starts, ends, strict=True))
            }
        return [int(d) for d in self._event_docs[code] if d != docnum and (self.live >> int(d)) & 1]

    def _layout_lengths(self, data: list[tuple[SegmentData, int]]) -> None:
        """BM25's length normalisation of every document, per field, computed once."""
        self.norms: dict[str, np.ndarray] = {}
        for field in ("text", "title"):
            average = self.snapshot.field_length(field) / self.size if self.size else 1.0
            by_byte = np.array(
                [
                    BM25_K1 * (1 - BM25_B + BM25_B * length / (average or 1.0))
                    for length in LENGTH_OF_BYTE
                ]
            )
            lengths = b"".join(segment.lengths[field] for segment, _ in data)
            self.norms[field] = by_byte[np.frombuffer(lengths, dtype=np.uint8)]

    # -- sets and statistics --------------------------------------------------------------

    def idf(self, doc_frequency: int) -> float:
        """BM25 inverse document frequency."""
        return math.log(1 + (self.size - doc_frequency + 0.5) / (doc_frequency + 0.5))

    def date_range(self, start: str | None, end: str | None) -> int:
        """Documents published within [start, end] (ISO dates, inclusive, either open)."""
        dated = self._dated()
        low = bisect_left(dated.dates, start) if start else 0
        high = bisect_right(dated.dates, end) if end else len(dated.dates)
        first, last = np.searchsorted(dated.ranks, (low, high)).tolist()
        if first >= last:
            return 0
        return self.sets.get_or_make(
            ("dates", first, last), lambda: bits.from_docnums(dated.order[first:last], self.size)
        )

    def latin_terms(self) -> list[str]:
        """Every Latin term of the `text` field (stems), read on first use: what typos are
        corrected towards."""
        if self._latin is None:
            terms: set[str] = set()
            for segment in self.segments:
                terms.update(t for t in segment.vocabulary("text") if _LATIN_TERM.fullmatch(t))
            self._latin = sorted(terms)
        return self._latin

    def stored(self, docnum: int) -> dict[str, Any]:
        """A document's stored fields (what a hit shows)."""
        reader: Snapshot = getattr(self._local, "reader", None) or self.snapshot
        return reader.stored(docnum)

    # -- life cycle -------------------------------------------------------------------------

    def close(self) -> None:
        """Release the snapshot and its forks (when no search uses the view any more)."""
        for reader in reversed(self._readers):
            reader.close()
