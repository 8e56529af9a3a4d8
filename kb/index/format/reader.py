"""Reading an index: one commit opened as a `Snapshot` of `Segment`s, and whole posting
lists read fast (the one module that knows the W3 block layout).

The search layer sees plain values only: numpy arrays of document numbers, weights and
positions, bytes of columns and lengths, dictionaries of stored fields.

Exact totals and facet counts need every matching document, not the top ten, and
Whoosh's matcher interface costs a Python call per posting. Whoosh-Reloaded is pinned
(2.7.5, frozen upstream) and our indexes are always written with its W3 codec, so reading
its posting blocks and length columns directly is safe; anything else fails loudly here
rather than giving wrong answers. Deleted documents are not filtered out: the caller
masks them with the segment's live set.
"""

from __future__ import annotations

import importlib
import mmap
import os
import pickle
import struct
from bisect import bisect_right
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, STORED_COLUMN, W3LeafMatcher, _lenfield
from whoosh.columns import CompressedBytesColumn, NumericColumn, PickleColumn, VarBytesColumn
from whoosh.reading import TermNotFound
from whoosh.searching import Searcher
from whoosh.util.numeric import byte_to_length

from kb.index.format.analyzer import MixedAnalyzer
from kb.index.format.codec import PackedNumbers, PackedValues
from kb.index.format.groups import Groups, load_groups
from kb.index.format.pairs import pair_key, word_key
from kb.index.format.positions import SegmentPositions
from kb.index.format.schema import POSITION_DTYPE, schema_analyzer

#: Whoosh stores field lengths as one byte per document; this decodes the byte.
LENGTH_OF_BYTE: tuple[int, ...] = tuple(byte_to_length(b) for b in range(256))


def _matcher(reader: Any, field: str, term: str) -> W3LeafMatcher | None:
    """The raw posting matcher of a term, deleted documents included: asked through the
    term table, not `reader.postings`, whose deletion filter decodes the first block's ids
    in Python to find its first live posting (the caller masks deletions anyway)."""
    try:
        matcher = reader._terms.matcher(field, term.encode("utf-8"), reader.schema[field].format)
    except TermNotFound:
        return None
    if not isinstance(matcher, W3LeafMatcher):
        raise RuntimeError(f"unsupported Whoosh posting format: {type(matcher).__name__}")
    return matcher


def term_postings(reader: Any, field: str, term: str) -> tuple[np.ndarray, np.ndarray]:
    """(docnums, weights) of `term` in one segment reader, int64 and float64 arrays
    (empty if the term is absent)."""
    return _read_postings(_matcher(reader, field, term))


def _read_postings(matcher: W3LeafMatcher | None) -> tuple[np.ndarray, np.ndarray]:
    """(docnums, weights) of a posting list, read block by block."""
    docnums: list[np.ndarray] = []
    weights: list[np.ndarray] = []
    while matcher is not None:
        matcher._read_data()
        ids, block_weights, _ = matcher._data
        docnums.append(_docnums(ids))
        if block_weights is None or isinstance(block_weights, float):
            weights.append(np.full(len(ids), block_weights or 1.0))
        else:
            weights.append(_numbers(block_weights, np.float64))
        if matcher._lastblock:
            break
        matcher._goto(matcher._nextoffset)
    if not docnums:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    return np.concatenate(docnums), np.concatenate(weights)


def _numbers(values: PackedNumbers | tuple[float, ...], dtype: type) -> np.ndarray:
    """A block's numbers as a numpy array: packed ones read in place; a tuple (indexes of
    schema 5 and before) with `fromiter`, about half the time of numpy's generic conversion."""
    if isinstance(values, PackedNumbers):
        return np.frombuffer(values.data, dtype=values.typecode).astype(dtype)
    return np.fromiter(values, dtype=dtype, count=len(values))


def _docnums(deltas: PackedNumbers | tuple[int, ...]) -> np.ndarray:
    """A block's document numbers from its stored gaps."""
    return np.cumsum(_numbers(deltas, np.int64))


def field_groups(reader: Any, field: str) -> Groups:
    """Every term of `field` in one segment reader with its docnums (ascending), in term
    order: one sequential walk of the term table instead of a hash lookup per term (a date
    field has thousands of terms per segment)."""
    terms = reader._terms
    format_ = reader.schema[field].format
    groups = []
    for (name, text), terminfo in terms.items_from(field, b""):
        if name != field:
            break
        if terminfo.is_inlined():
            docnums = np.asarray(terminfo.inlined_postings()[0], dtype=np.int64)
        else:
            matcher = reader._codec.postings_reader(terms._postfile, terminfo, format_)
            if not isinstance(matcher, W3LeafMatcher):
                raise RuntimeError(f"unsupported Whoosh posting format: {type(matcher).__name__}")
            docnums = _read_postings(matcher)[0]
        groups.append((text.decode("utf-8"), docnums))
    return groups


def term_positions(
    reader: Any, field: str, term: str, wanted: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Every occurrence of `term` in the documents `wanted` (sorted segment docnums): two
    equally long int64 arrays, docnum and token position, in docnum order.

    Blocks holding none of the wanted documents are skipped by their header alone; the
    others hold their positions as one string (`PackedValues` of `PackedPositions`),
    decoded for the whole block at once.
    """
    matcher = _matcher(reader, field, term)
    docs: list[np.ndarray] = []
    positions: list[np.ndarray] = []
    targets = wanted.tolist()  # a block's range found by bisect on a list: microseconds
    first = 0
    while matcher is not None:
        last = bisect_right(targets, matcher._maxid, first)
        if first < last:
            matcher._read_data()
            ids, _, values = matcher._data
            if not isinstance(values, PackedValues):
                raise RuntimeError(f"unsupported posting values: {type(values).__name__}")
            docnums = _docnums(ids)
            ends = np.frombuffer(values.ends, dtype=np.uint32).astype(np.int64)
            counts = np.empty_like(ends)
            counts[0] = ends[0]
            counts[1:] = ends[1:] - ends[:-1]
            counts //= 4
            sought = wanted[first:last]
            at = np.minimum(np.searchsorted(sought, docnums), len(sought) - 1)
            kept = np.repeat(sought[at] == docnums, counts)  # each position: its posting's
            positions.append(np.frombuffer(values.data, dtype=POSITION_DTYPE)[kept])
            docs.append(np.repeat(docnums, counts)[kept])
        if matcher._lastblock or last >= len(targets):
            break
        first = last
        matcher._goto(matcher._nextoffset)
    if not docs:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.concatenate(docs), np.concatenate(positions).astype(np.int64)


def length_bytes(reader: Any, field: str) -> bytes:
    """The length byte of `field` for every document of a segment (0 = empty field).

    One read of the column's bytes: its writer stores one byte per document up to the last
    non-empty one, so the rest are 0.
    """
    name = _lenfield(field)
    perdoc = reader._perdoc
    size: int = reader.doc_count_all()
    if not perdoc.has_column(name):
        return bytes(size)
    column = perdoc.column_reader(name, LENGTHS_COLUMN)
    if not isinstance(column, NumericColumn.Reader) or column._fixedlen != 1:
        raise RuntimeError(f"unsupported Whoosh length column: {type(column).__name__}")
    stored: bytes = column._dbfile.get(column._basepos, min(column._count, size))
    return stored.ljust(size, b"\0")


def column_data(reader: Any, field: str) -> tuple[bytes, np.ndarray, np.ndarray]:
    """A sortable field's column in one read: its data, and where each document's raw value
    starts in it and how long it is (int64 arrays, 0 for no value)."""
    size: int = reader.doc_count_all()
    if not isinstance(reader.schema[field].column_type, VarBytesColumn):
        raise RuntimeError(f"unsupported Whoosh column of {field}")
    perdoc = reader._perdoc
    if not perdoc.has_column(field):  # no document has a value here
        return b"", np.zeros(size, dtype=np.int64), np.zeros(size, dtype=np.int64)
    file, base, length = perdoc._get_column_file(field)
    try:
        data: bytes = file.get(base, length)
    finally:
        file.close()
    offsets, lengths = var_bytes_layout(data, size)
    return data, offsets, lengths


def var_bytes_layout(data: bytes | mmap.mmap, count: int) -> tuple[np.ndarray, np.ndarray]:
    """Where each of `count` documents' values starts in a Whoosh `VarBytesColumn` (`data`:
    the whole column) and how long it is, int64 arrays.

    Found as Whoosh's reader finds them (type codes at the end; the offsets stored for
    long columns, else summed from the lengths), but with numpy: Whoosh's reader sums the
    lengths in a Python loop, a second per million documents when an index opens.
    """
    last = len(data) - 1
    lengths_code = chr(data[last])
    offsets = None
    if lengths_code == "X":
        lengths_code, offsets_code = chr(data[last - 2]), chr(data[last - 1])
        last -= 2 + count * struct.calcsize(offsets_code)
        offsets = np.frombuffer(data, _stored_array(offsets_code), count, last).astype(np.int64)
    start = last - count * struct.calcsize(lengths_code)
    lengths = np.frombuffer(data, _stored_array(lengths_code), count, start).astype(np.int64)
    if offsets is None:
        offsets = np.cumsum(lengths) - lengths
    return offsets, lengths


def _stored_array(typecode: str) -> np.dtype:
    """The numpy type of an array Whoosh wrote with `typecode` (big-endian on disk)."""
    return np.dtype(typecode).newbyteorder(">")


def column_values(reader: Any, field: str) -> list[bytes]:
    """A sortable field's column: the raw value of every document of a segment."""
    data, offsets, lengths = column_data(reader, field)
    return [data[o : o + n] for o, n in zip(offsets.tolist(), lengths.tolist(), strict=True)]


class StoredColumn:
    """A segment's stored fields, sliced from a memory map of Whoosh's stored column.

    Whoosh reads them with a seek and a read on a file object that keeps its position, so
    a thread needs readers of its own (`Snapshot.fork`), and each hit paid two system
    calls and four layers of column readers, a third of the cost of showing it. The
    column never changes once written: mapped, any thread slices a document's compressed
    pickle out of it directly (and the map outlives the file's deletion, like an open file).
    """

    def __init__(self, reader: Any) -> None:
        child = getattr(STORED_COLUMN, "_child", None)
        if not isinstance(STORED_COLUMN, PickleColumn) or not isinstance(
            child, CompressedBytesColumn
        ):
            raise RuntimeError(f"unsupported Whoosh stored column: {STORED_COLUMN!r}")
        self._decompress = importlib.import_module(child._module).decompress  # zlib
        size: int = reader.doc_count_all()
        self._offsets = self._lengths = np.zeros(size, dtype=np.int64)
        self._data: bytes | mmap.mmap = b""
        perdoc = reader._perdoc
        if not perdoc.has_column("_stored"):
            return
        file, self._base, _ = perdoc._get_column_file("_stored")
        try:
            if os.fstat(file.fileno()).st_size:  # mmap refuses an empty file
                self._data = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
        finally:
            file.close()  # the map keeps the file's pages
        if self._data:
            self._offsets, self._lengths = var_bytes_layout(self._data, size)

    def __getitem__(self, docnum: int) -> dict[str, Any]:
        length = int(self._lengths[docnum])
        if not length:
            return {}
        start = self._base + int(self._offsets[docnum])
        fields: dict[str, Any] = pickle.loads(self._decompress(self._data[start : start + length]))
        return fields


class Segment:
    """One segment of an opened commit, with its documents numbered from 0.

    Its document numbers in the whole commit are `offset` + its own; `deleted` holds its
    own numbers of documents deleted since it was written.
    """

    def __init__(
        self, reader: Any, offset: int, folder: Path, twin_of: Segment | None = None
    ) -> None:
        self._reader = reader
        self._folder = folder
        self.offset = offset
        self.size: int = reader.doc_count_all()
        self.id: str = reader.segment().segment_id()
        self.deleted: frozenset[int] = frozenset(reader.deleted_docs_set)
        self._positions: SegmentPositions | None = (
            twin_of._positions if twin_of is not None else SegmentPositions.open(folder, self.id)
        )
        self._title_positions: SegmentPositions | None = (
            twin_of._title_positions
            if twin_of is not None
            else SegmentPositions.open(folder, self.id, "title")
        )
        self._pairs: SegmentPositions | None = (
            twin_of._pairs
            if twin_of is not None
            else SegmentPositions.open(folder, self.id, "pairs")
        )
        self.stored: StoredColumn = twin_of.stored if twin_of is not None else StoredColumn(reader)

    def postings(self, field: str, term: str) -> tuple[np.ndarray, np.ndarray]:
        """(docnums, weights) of a term; see `term_postings`. A `text` or `title` term is
        read from the field's positions file where there is one (weights are frequencies)."""
        if field == "text" and self._positions is not None:
            return self._positions.postings(term)
        if field == "title" and self._title_positions is not None:
            return self._title_positions.postings(term)
        return term_postings(self._reader, field, term)

    def positions(self, field: str, term: str, wanted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(docnums, positions) of a `phrase` term in the `wanted` documents: from the
        positions file where there is one, else see `term_positions`."""
        if field == "phrase" and self._positions is not None:
            return self._positions.positions(term, wanted)
        return term_positions(self._reader, field, term, wanted)

    def pair_docs(self, first: str, second: str) -> np.ndarray | None:
        """The documents where the `phrase` term `second` follows `first` (ascending), when
        the segment's pairs file lists both words (kb.index.format.pairs); None: read
        their positions."""
        pairs = self._pairs
        if pairs is None or not (pairs.has(word_key(first)) and pairs.has(word_key(second))):
            return None
        docs, _ = pairs.postings(pair_key(first, second))
        return docs

    def column(self, field: str) -> list[bytes]:
        """The raw column value of every document."""
        return column_values(self._reader, field)

    def column_data(self, field: str) -> tuple[bytes, np.ndarray, np.ndarray]:
        """A column's data, and each document's value offset and length; see `column_data`."""
        return column_data(self._reader, field)

    def lengths(self, field: str) -> bytes:
        """The length byte of every document (decode with LENGTH_OF_BYTE)."""
        return length_bytes(self._reader, field)

    def vocabulary(self, field: str) -> list[str]:
        """Every term of a field in this segment, in term order."""
        return [t.decode("utf-8") for t in self._reader.lexicon(field)]

    def groups(self, fields: Iterable[str]) -> dict[str, Groups]:
        """Every term of each field with its documents (ascending), in term order: for a
        keyword field, each value with the documents carrying it. Read from the segment's
        groups file where it has the field (see kb.index.format.groups), else from the
        postings."""
        saved = load_groups(self._folder, self.id) or {}
        return {f: saved[f] if f in saved else field_groups(self._reader, f) for f in fields}


class Snapshot:
    """One commit of the index in a folder, opened for searching until `close`.

    Whoosh opens a segment's stored-fields file on first use; a snapshot opens them at
    once, because after a full rebuild the old generation's files are deleted and a search
    still on this snapshot must keep reading them (open files survive deletion).
    """

    def __init__(self, path: Path, twin_of: Snapshot | None = None) -> None:
        """Open the folder's newest commit; `twin_of`: the same commit as that snapshot,
        with readers of its own (see `fork`)."""
        if twin_of is None:
            self._ix = whoosh_index.open_dir(str(path))
            self._searcher = self._ix.searcher()
            self._owns_index = True
        else:
            self._ix = twin_of._ix
            fresh = whoosh_index.FileIndex._reader(
                self._ix.storage,
                self._ix.schema,
                list(twin_of._whoosh_segments),
                twin_of.commit,
            )
            self._searcher = Searcher(fresh, fromindex=self._ix)
            self._owns_index = False
        reader = self._searcher.reader()
        toc = reader.generation()
        #: The commit this snapshot shows (Whoosh's TOC generation).
        self.commit: int = toc if toc is not None else self._ix.latest_generation()
        self.size: int = self._searcher.doc_count_all()
        self.analyzer: MixedAnalyzer = schema_analyzer(self._ix.schema)
        leaves = self._searcher.leaf_searchers() if self.size else []
        self._whoosh_segments: list[Any] = [sub.reader().segment() for sub, _ in leaves]
        twins = twin_of.segments if twin_of is not None else [None] * len(leaves)
        self.segments: list[Segment] = [
            Segment(sub.reader(), offset, path, twin)
            for (sub, offset), twin in zip(leaves, twins, strict=True)
        ]
        self._starts = [segment.offset for segment in self.segments]
        self._field_lengths = {f: reader.field_length(f) for f in ("text", "title")}
        self._path = path

    def fork(self) -> Snapshot:
        """Another snapshot of this very commit with readers (open files) of its own, for
        another thread: Whoosh's readers keep a position in each file, so two threads
        must not share one. Opened while the commit's files exist."""
        return Snapshot(self._path, twin_of=self)

    def latest_commit(self) -> int:
        """The newest commit in the folder now (moves on when a writer commits)."""
        latest: int = self._ix.latest_generation()
        return latest

    def field_length(self, field: str) -> int:
        """Total tokens of a scored field over the commit (for average lengths)."""
        return int(self._field_lengths[field])

    def stored(self, docnum: int) -> dict[str, Any]:
        """The stored fields of a document, by its number in the commit."""
        segment = self.segments[bisect_right(self._starts, docnum) - 1]
        return segment.stored[docnum - segment.offset]

    def close(self) -> None:
        self._searcher.close()
        if self._owns_index:
            self._ix.close()
