"""Reading whole Whoosh posting lists fast: the one module that knows the W3 block layout.

Exact totals and facet counts need every matching document, not the top ten, and
Whoosh's matcher interface costs a Python call per posting. Whoosh-Reloaded is pinned
(2.7.5, frozen upstream) and our indexes are always written with its W3 codec, so reading
its posting blocks and length columns directly is safe; anything else fails loudly here
rather than giving wrong answers. Deleted documents are not filtered out: the caller
masks them with the segment's live set.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from itertools import accumulate, compress
from pickle import loads
from typing import Any

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.columns import VarBytesColumn
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import TermNotFound
from whoosh.util.numeric import byte_to_length

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


def term_postings(reader: Any, field: str, term: str) -> tuple[list[int], list[float]]:
    """(docnums, weights) of `term` in one segment reader; empty lists if absent."""
    matcher = _matcher(reader, field, term)
    docnums: list[int] = []
    weights: list[float] = []
    while matcher is not None:
        matcher._read_data()
        ids, block_weights, _ = matcher._data
        docnums.extend(accumulate(ids))
        if block_weights is None:
            weights.extend([1.0] * len(ids))
        elif isinstance(block_weights, float):
            weights.extend([block_weights] * len(ids))
        else:
            weights.extend(block_weights)
        if matcher._lastblock:
            break
        matcher._goto(matcher._nextoffset)
    return docnums, weights


def term_positions(
    reader: Any, field: str, term: str, wanted: list[int]
) -> dict[int, Sequence[int]]:
    """Token position *gaps* of `term` (first position, then differences) for the sorted
    docnums in `wanted` that contain it.

    Positional values are the expensive part of a Whoosh block (each is a separately
    pickled list), so blocks holding none of the wanted documents are skipped by their
    header alone, and the values of the others are decoded only for wanted documents.
    """
    matcher = _matcher(reader, field, term)
    found: dict[int, Sequence[int]] = {}
    low = 0
    while matcher is not None:
        high = matcher._maxid
        first, last = bisect_left(wanted, low), bisect_right(wanted, high)
        if first < last:
            matcher._read_data()
            ids, _, values = matcher._data
            docnums = list(accumulate(ids))
            targets = set(wanted[first:last])
            for docnum, value in compress(
                zip(docnums, values, strict=True), map(targets.__contains__, docnums)
            ):
                found[docnum] = _gaps(value)
        if matcher._lastblock or last >= len(wanted):
            break
        low = high + 1
        matcher._goto(matcher._nextoffset)
    return found


_LIST = b"\x80\x02]q\x00"  # pickle protocol 2: a new list, memoised


def _gaps(value: bytes) -> Sequence[int]:
    """Decode a Positions value: a 4-byte count, then the pickled list of gaps.

    Nearly always every gap is below 256 and the pickle is a run of one-byte integers
    (opcode K); those bytes are read directly, three times faster than unpickling, which
    matters with tens of thousands of documents to check. Anything else is unpickled.
    """
    body = value[4:]
    if body.startswith(_LIST):
        if body[5:6] == b"(" and body.endswith(b"e."):  # several items
            items = body[6:-2]
        elif len(body) == 9 and body.endswith(b"a."):  # one item
            items = body[5:7]
        else:
            items = b""
        if items and items[::2] == b"K" * (len(items) // 2):
            return items[1::2]
    return loads(body)


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
