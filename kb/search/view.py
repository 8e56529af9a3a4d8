"""One opened state of the index (a generation at one commit) and what searches derive from it.

A view is a Whoosh searcher plus per-document data for filters, facets, sorting and
scoring: which documents carry each facet value, publication dates, field lengths. That
data is read once per segment from the sortable columns and kept while any view uses it
(segments never change once written, so after an incremental commit only the new ones are
read), then laid out over the view's global document numbers. Caches of term postings,
phrase matches and date ranges hang off the view and die with it, so they cannot go stale.
"""

from __future__ import annotations

import math
import threading
import weakref
from array import array
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import compress
from pathlib import Path
from typing import Any

import numpy as np
from whoosh import index as whoosh_index

from kb.index.schema import FACET_FIELDS, VALUE_SEPARATOR, schema_analyzer
from kb.search import bits
from kb.search.cache import CostLRU
from kb.search.postings import LENGTH_OF_BYTE, column_values, length_bytes

#: Facet fields filtered by selecting values (the year is chosen through the date range).
FILTER_FIELDS: tuple[str, ...] = ("partner", "topic", "lang", "source")
BM25_K1 = 1.2
BM25_B = 0.75
#: Memory budgets of the per-view caches, in bytes (approximate).
TERM_CACHE_BYTES = 64 << 20
SET_CACHE_BYTES = 32 << 20


@dataclass(eq=False)
class SegmentData:
    """Facet values, dates and field lengths of one segment, by segment-local docnum."""

    values: dict[str, dict[str, list[int]]]  # facet field -> value -> docnums
    lengths: dict[str, bytes]  # "text"/"title" -> length byte per document


_segments: weakref.WeakValueDictionary[tuple[str, str], SegmentData] = weakref.WeakValueDictionary()
_segments_lock = threading.Lock()


def _segment_data(path: Path, reader: Any) -> SegmentData:
    key = (str(path), reader.segment().segment_id())
    with _segments_lock:
        data = _segments.get(key)
    if data is None:
        values: dict[str, dict[str, list[int]]] = {}
        for field in FACET_FIELDS:
            groups: dict[str, list[int]] = defaultdict(list)
            for docnum, raw in enumerate(column_values(reader, field)):
                if raw:
                    for value in raw.decode("utf-8").split(VALUE_SEPARATOR):
                        groups[value].append(docnum)
            values[field] = groups
        data = SegmentData(values, {f: length_bytes(reader, f) for f in ("text", "title")})
        with _segments_lock:
            _segments[key] = data
    return data


class IndexView:
    """A searcher on one commit of one generation; not thread-safe: hold `lock`."""

    def __init__(self, path: Path, name: str) -> None:
        self.path = path
        self.lock = threading.RLock()
        self.ix = whoosh_index.open_dir(str(path))
        self.searcher = self.ix.searcher()
        reader = self.searcher.reader()
        self.toc_generation: int = reader.generation()
        if self.toc_generation is None:  # an index without segments
            self.toc_generation = self.ix.latest_generation()
        self.generation = f"{name}.{self.toc_generation}"
        self.segmenter = schema_analyzer(self.ix.schema).segmenter
        self.size: int = self.searcher.doc_count_all()
        self.leaves: list[tuple[Any, int]] = (
            [(sub.reader(), offset) for sub, offset in self.searcher.leaf_searchers()]
            if self.size
            else []
        )
        segments = [(_segment_data(path, r), offset) for r, offset in self.leaves]
        self._segments = segments  # keeps them alive in the shared segment cache
        for reader, _ in self.leaves:
            # Whoosh opens a segment's stored-fields file on first use. Open it now: after a
            # full rebuild the old generation's files are deleted, and a search still on
            # this view must keep reading them (open files survive deletion).
            if reader.doc_count_all():
                reader.stored_fields(0)
        self.live = bits.full(self.size) & ~bits.from_docnums(
            (d + offset for r, offset in self.leaves for d in r.deleted_docs_set), self.size
        )
        self._layout_values(segments)
        self._layout_dates(segments)
        self._layout_lengths(segments)
        set_bytes = self.size // 8 + 32  # what one document set (an int) holds
        # A cached term holds ~20 bytes per posting (docnum, frequency, score) and its set.
        self.terms: CostLRU[Any] = CostLRU(
            TERM_CACHE_BYTES, lambda term: 20 * len(term.docs) + set_bytes
        )
        self.sets: CostLRU[int] = CostLRU(SET_CACHE_BYTES, lambda _: set_bytes)
        self.users = 0
        self.retired = False

    # -- layout over global document numbers --------------------------------------------

    def _layout_values(self, segments: list[tuple[SegmentData, int]]) -> None:
        merged: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
        for data, offset in segments:
            for field in FILTER_FIELDS:
                for value, docnums in data.values[field].items():
                    merged[field][value].extend(map(offset.__add__, docnums))
        self.value_sets: dict[str, dict[str, int]] = {
            field: {v: bits.from_docnums(docs, self.size) for v, docs in merged[field].items()}
            for field in FILTER_FIELDS
            if field != "partner"
        }
        self.partner_docs: dict[str, array] = {
            partner: array("I", sorted(docs)) for partner, docs in merged["partner"].items()
        }
        # Every (document, partner) tag as two parallel arrays, partners numbered in the
        # order of `partner_ids`: counting partners over any set is one numpy bincount.
        self.partner_ids: list[str] = sorted(self.partner_docs)
        self.partner_numbers = {partner: n for n, partner in enumerate(self.partner_ids)}
        self.tag_docs = np.concatenate(
            [np.frombuffer(self.partner_docs[p], dtype=np.uint32) for p in self.partner_ids]
            or [np.zeros(0, dtype=np.uint32)]
        )
        self.tag_partners = np.repeat(
            np.arange(len(self.partner_ids)),
            [len(self.partner_docs[p]) for p in self.partner_ids],
        )

    def _layout_dates(self, segments: list[tuple[SegmentData, int]]) -> None:
        dated = sorted(
            (date, d + offset)
            for data, offset in segments
            for date, docnums in data.values["published"].items()
            for d in docnums
        )
        self.date_keys: list[str] = [date for date, _ in dated]
        self.by_date = array("I", (d for _, d in dated))
        years: dict[str, list[int]] = defaultdict(list)
        for date, d in dated:
            years[date[:4]].append(d)
        self.value_sets["year"] = {
            y: bits.from_docnums(docs, self.size) for y, docs in years.items()
        }
        undated_mask = bits.to_mask(
            self.live & ~bits.from_docnums(self.by_date, self.size), self.size
        )
        self.undated = array("I", compress(range(self.size), undated_mask))

    def _layout_lengths(self, segments: list[tuple[SegmentData, int]]) -> None:
        """BM25's length normalisation of every document, per field, computed once."""
        self.norms: dict[str, np.ndarray] = {}
        reader = self.searcher.reader()
        for field in ("text", "title"):
            average = reader.field_length(field) / self.size if self.size else 1.0
            by_byte = np.array(
                [
                    BM25_K1 * (1 - BM25_B + BM25_B * length / (average or 1.0))
                    for length in LENGTH_OF_BYTE
                ]
            )
            lengths = b"".join(data.lengths[field] for data, _ in segments)
            self.norms[field] = by_byte[np.frombuffer(lengths, dtype=np.uint8)]

    # -- sets and statistics --------------------------------------------------------------

    def idf(self, doc_frequency: int) -> float:
        """BM25 inverse document frequency."""
        return math.log(1 + (self.size - doc_frequency + 0.5) / (doc_frequency + 0.5))

    def value_set(self, field: str, value: str) -> int:
        """Documents carrying a facet value (0 for an unknown value)."""
        if field != "partner":
            return self.value_sets[field].get(value, 0)
        docs = self.partner_docs.get(value)
        if docs is None:
            return 0
        return self.sets.get_or_make(("partner", value), lambda: bits.from_docnums(docs, self.size))

    def any_of(self, field: str, values: Iterable[str]) -> int:
        """Documents carrying any of the values (OR within a facet)."""
        found = 0
        for value in values:
            found |= self.value_set(field, value)
        return found

    def date_range(self, start: str | None, end: str | None) -> int:
        """Documents published within [start, end] (ISO dates, inclusive, either open)."""
        first = bisect_left(self.date_keys, start) if start else 0
        last = bisect_right(self.date_keys, end) if end else len(self.date_keys)
        if first >= last:
            return 0
        return self.sets.get_or_make(
            ("dates", first, last), lambda: bits.from_docnums(self.by_date[first:last], self.size)
        )

    # -- life cycle -------------------------------------------------------------------------

    def close(self) -> None:
        """Release the Whoosh searcher (when no search uses the view any more)."""
        self.searcher.close()
        self.ix.close()
