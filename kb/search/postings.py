"""Reading whole Whoosh posting lists fast: the one module that knows the W3 block layout.

Exact totals and facet counts need every matching document, not the top ten, and
Whoosh's matcher interface costs a Python call per posting. Whoosh-Reloaded is pinned
(2.7.5, frozen upstream) and our indexes are always written with its W3 codec, so reading
its posting blocks and length columns directly is safe; anything else fails loudly here
rather than giving wrong answers. Deleted documents are not filtered out: the caller
masks them with the segment's live set.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.columns import VarBytesColumn
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import TermNotFound
from whoosh.util.numeric import byte_to_length

from kb.index.codec import PackedValues
from kb.index.schema import POSITION_DTYPE

#: Whoosh stores field lengths as one byte per document; this decodes the byte.
LENGTH_OF_BYTE: tuple[int, ...] = tuple(byte_to_length(b) for b in range(256))


def _matcher(reader: Any, field: str, term: str) -> W3LeafMatcher | None:
    try:
        matcher = reader.postings(field, term)
    except TermNotFound:
        return None
    if isinstance(matcher, FilterMatcher):  # the segment's deletions: masked by the caller
        matcher = matcher.child
    if not isinstance(matcher, W3LeafMatcher):
        raise RuntimeError(f"unsupported Whoosh posting format: {type(matcher).__name__}")
    return matcher


def term_postings(reader: Any, field: str, term: str) -> tuple[np.ndarray, np.ndarray]:
    """(docnums, weights) of `term` in one segment reader, int64 and float64 arrays
    (empty if the term is absent)."""
    matcher = _matcher(reader, field, term)
    docnums: list[np.ndarray] = []
    weights: list[np.ndarray] = []
    while matcher is not None:
        matcher._read_data()
        ids, block_weights, _ = matcher._data
        docnums.append(np.cumsum(ids, dtype=np.int64))
        if block_weights is None or isinstance(block_weights, float):
            weights.append(np.full(len(ids), block_weights or 1.0))
        else:
            weights.append(np.asarray(block_weights, dtype=np.float64))
        if matcher._lastblock:
            break
        matcher._goto(matcher._nextoffset)
    if not docnums:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    return np.concatenate(docnums), np.concatenate(weights)


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
    low = 0
    while matcher is not None:
        high = matcher._maxid
        first, last = np.searchsorted(wanted, (low, high + 1))
        if first < last:
            matcher._read_data()
            ids, _, values = matcher._data
            if not isinstance(values, PackedValues):
                raise RuntimeError(f"unsupported posting values: {type(values).__name__}")
            docnums = np.cumsum(ids, dtype=np.int64)
            counts = np.diff(np.frombuffer(values.ends, dtype=np.uint32), prepend=0) // 4
            owner = np.repeat(np.arange(len(docnums)), counts)  # posting of each position
            keep = np.isin(docnums, wanted[first:last], assume_unique=True)[owner]
            positions.append(np.frombuffer(values.data, dtype=POSITION_DTYPE)[keep])
            docs.append(docnums[owner[keep]])
        if matcher._lastblock or last >= len(wanted):
            break
        low = high + 1
        matcher._goto(matcher._nextoffset)
    if not docs:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.concatenate(docs), np.concatenate(positions).astype(np.int64)


def length_bytes(reader: Any, field: str) -> bytes:
    """The length byte of `field` for every document of a segment (0 = empty field)."""
    name = _lenfield(field)
    perdoc = reader._perdoc
    if not perdoc.has_column(name):
        return bytes(reader.doc_count_all())
    return bytes(perdoc.column_reader(name, LENGTHS_COLUMN).load())


def column_values(reader: Any, field: str) -> list[bytes]:
    """A sortable field's column: the raw value of every document of a segment.

    One read of the column's data instead of a file access per document.
    """
    column = reader.column_reader(field, translate=False)
    if not isinstance(column, VarBytesColumn.Reader):  # no document has a value here
        return list(column)
    offsets, lengths = column._offsets, column._lengths
    if not len(lengths):
        return []
    data = column._dbfile.get(column._basepos, offsets[-1] + lengths[-1])
    return [data[offset : offset + length] for offset, length in zip(offsets, lengths, strict=True)]
