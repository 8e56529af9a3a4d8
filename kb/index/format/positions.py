"""Each segment's token positions in flat arrays, saved beside the segment.

A phrase is confirmed from positions, and the words of a glossary phrase ("international
students") are often among the most common of the index. Read from Whoosh's posting
blocks, such a word costs a header, a seek and an unpickling per block of 1,024
postings: at a million records the first search for a phrase of common words read tens of
thousands of blocks and took most of a second. Here all postings of a term lie in a few
contiguous arrays that numpy reads in place from a memory map, whatever their number.

The same arrays give a `text` term's documents and frequencies (`text` and `phrase`
hold the same tokens), so ranked searches read them here too. The `title` field has a file
of its own, read for the title boost of every scored term: through Whoosh's term table
and blocks that was a third of the cost of reading a new term.

The file is named like the segment's own files, so Whoosh deletes it with them when a
merge retires the segment, and written under a dot-name and renamed into place. A segment
without one (an index written before, a writer killed before renaming) is read from
Whoosh's postings as before.

Layout (little-endian): the magic line; the counts of terms, postings and positions and
the size of the term text (4 x uint64); then, each padded to 8 bytes, the end offset of
each term in the term text (uint64), the term text (UTF-8, in term order), the end of
each term's postings (uint64), every posting's document number (uint32) and the end of
its positions (uint64), and every position (uint32). A file of documents only (another
magic line, kb.index.format.pairs) stops after the document numbers.
"""

from __future__ import annotations

import mmap
import os
import struct
from array import array
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Protocol

import numpy as np

from kb.core.runs import run_indices

_MAGIC = b"KBPOSITIONS1\n"
#: The same layout without position ends and positions: terms and their documents only.
_DOCUMENTS_MAGIC = b"KBDOCUMENTS1\n"
_COUNTS = struct.Struct("<4Q")
_END = np.dtype("<u8")
_NUMBER = np.dtype("<u4")
#: Wanted documents at least this fraction of a term's postings (1/n): its positions are
#: read in one run and masked rather than searched for.
_DENSE_WANTED = 4


class TermPostings(Protocol):
    """One term's postings as the segment builder gathers them."""

    docnums: array[int]  # ascending
    freqs: array[int]  # positions per posting
    positions: array[int]  # every posting's positions in turn


def positions_path(folder: Path, segment_id: str, field: str = "text") -> Path:
    """The positions file of the segment's `text` field, or of another (`title`)."""
    name = "positions" if field == "text" else f"{field}_positions"
    return folder / f"{segment_id}.{name}"


def save_positions(
    folder: Path,
    segment_id: str,
    table: Mapping[str, TermPostings],
    field: str = "text",
    *,
    documents_only: bool = False,
) -> None:
    """Write a segment's positions file of a field (atomically: a reader sees all of it or
    nothing); `documents_only`: the terms and their documents, no positions (a third of
    the size, for lists whose frequencies are not wanted)."""
    terms = sorted(table)
    encoded = [term.encode("utf-8") for term in terms]
    postings = [table[term] for term in terms]
    term_ends = np.cumsum([len(t) for t in encoded], dtype=_END)
    posting_ends = np.cumsum([len(p.docnums) for p in postings], dtype=_END)
    docnums = _joined(p.docnums for p in postings)
    position_ends = np.cumsum(_joined(p.freqs for p in postings), dtype=_END)
    positions = _joined(p.positions for p in postings)
    text = b"".join(encoded)
    final = positions_path(folder, segment_id, field)
    temporary = final.with_name(f".{final.name}.tmp")
    parts: list[bytes | np.ndarray] = [term_ends, text, posting_ends, docnums]
    if documents_only:
        header = _DOCUMENTS_MAGIC + _COUNTS.pack(len(terms), len(docnums), 0, len(text))
    else:
        header = _MAGIC + _COUNTS.pack(len(terms), len(docnums), len(positions), len(text))
        parts += [position_ends, positions]
    with open(temporary, "wb") as out:
        out.write(header)
        for part in parts:
            data = part if isinstance(part, bytes) else part.tobytes()
            out.write(data + bytes(-len(data) % 8))
        out.flush()
        os.fsync(out.fileno())
    os.replace(temporary, final)


def _joined(arrays: Iterable[array[int]]) -> np.ndarray:
    """uint32 arrays (`array("I")`) end to end."""
    data = b"".join(a.tobytes() for a in arrays)
    return np.frombuffer(data, dtype=np.uint32).astype(_NUMBER, copy=False)


class SegmentPositions:
    """A segment's positions file, memory-mapped: read-only, shared by threads."""

    def __init__(self, data: mmap.mmap) -> None:
        self._data = data
        n_terms, n_postings, n_positions, text_size = _COUNTS.unpack_from(data, len(_MAGIC))
        offset = len(_MAGIC) + _COUNTS.size

        def section(dtype: np.dtype, count: int) -> np.ndarray:
            nonlocal offset
            values = np.frombuffer(data, dtype=dtype, count=count, offset=offset)
            offset += -(-values.nbytes // 8) * 8
            return values

        self._term_ends = section(_END, n_terms)
        self._text_start = offset
        section(np.dtype("u1"), text_size)
        self._posting_ends = section(_END, n_terms)
        self._docnums = section(_NUMBER, n_postings)
        self._documents_only = data[: len(_DOCUMENTS_MAGIC)] == _DOCUMENTS_MAGIC
        self._position_ends = section(_END, 0 if self._documents_only else n_postings)
        self._positions = section(_NUMBER, n_positions)
        if offset > len(data):
            raise ValueError("positions file cut short")

    @classmethod
    def open(cls, folder: Path, segment_id: str, field: str = "text") -> SegmentPositions | None:
        """The segment's positions file of a field, or None when there is no readable one."""
        try:
            with open(positions_path(folder, segment_id, field), "rb") as file:
                data = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
        except (FileNotFoundError, ValueError):  # missing, or empty (mmap refuses it)
            return None
        if data[: len(_MAGIC)] not in (_MAGIC, _DOCUMENTS_MAGIC):
            return None
        try:
            return cls(data)
        except (ValueError, struct.error):
            return None

    def _term_index(self, term: str) -> int | None:
        """The term's number in term order (binary search over the term text)."""
        sought = term.encode("utf-8")
        ends, text, base = self._term_ends, self._data, self._text_start
        low, high = 0, len(ends)
        while low < high:
            middle = (low + high) // 2
            start = int(ends[middle - 1]) if middle else 0
            found = text[base + start : base + int(ends[middle])]
            if found < sought:
                low = middle + 1
            elif found > sought:
                high = middle
            else:
                return middle
        return None

    def has(self, term: str) -> bool:
        """Whether the file lists the term (with postings or without)."""
        return self._term_index(term) is not None

    def _postings(self, term: str) -> tuple[int, int]:
        """The range of the term's postings (empty when absent)."""
        index = self._term_index(term)
        if index is None:
            return 0, 0
        return (int(self._posting_ends[index - 1]) if index else 0), int(self._posting_ends[index])

    def postings(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        """(docnums, frequencies) of a term, int64 and float64 arrays (frequencies 0 in a
        file of documents only)."""
        first, last = self._postings(term)
        if self._documents_only:
            return self._docnums[first:last].astype(np.int64), np.zeros(last - first)
        _, counts = self._counts(first, last)
        return self._docnums[first:last].astype(np.int64), counts.astype(np.float64)

    def positions(self, term: str, wanted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Every occurrence of `term` in the `wanted` documents (sorted docnums): docnums
        and positions, two int64 arrays in docnum order."""
        first, last = self._postings(term)
        docnums = self._docnums[first:last]
        if not len(docnums) or not len(wanted):
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        if len(wanted) * _DENSE_WANTED >= len(docnums):
            return self._positions_among(first, last, wanted)
        if len(wanted) < len(docnums):  # binary searches from the shorter side
            at = np.minimum(np.searchsorted(docnums, wanted), len(docnums) - 1)
            kept = at[docnums[at] == wanted]
        else:
            at = np.minimum(np.searchsorted(wanted, docnums), len(wanted) - 1)
            kept = np.flatnonzero(wanted[at] == docnums)
        kept += first
        starts = self._position_ends[kept - 1].astype(np.int64)
        starts[kept == 0] = 0  # the first posting of the segment starts at 0
        counts = self._position_ends[kept].astype(np.int64) - starts
        docs = np.repeat(self._docnums[kept].astype(np.int64), counts)
        return docs, self._positions[run_indices(starts, counts)].astype(np.int64)

    def _positions_among(
        self, first: int, last: int, wanted: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """`positions` when the wanted documents hold a good share of the term's postings
        (first to last): the term's positions are read in one run and masked, instead of
        searched and gathered posting by posting."""
        docnums = self._docnums[first:last].astype(np.int64)
        ends, counts = self._counts(first, last)
        member = np.zeros(max(int(docnums[-1]), int(wanted[-1])) + 1, dtype=bool)
        member[wanted] = True
        keep = np.repeat(member[docnums], counts)
        docs = np.repeat(docnums, counts)[keep]
        start = self._start(first)
        return docs, self._positions[start : int(ends[-1])][keep].astype(np.int64)

    def _counts(self, first: int, last: int) -> tuple[np.ndarray, np.ndarray]:
        """The end of each posting's positions from `first` to `last`, and their number
        (int64 arrays)."""
        ends = self._position_ends[first:last].astype(np.int64)
        counts = ends.copy()  # each posting's end minus the previous one's
        counts[1:] -= ends[:-1]
        counts[:1] -= self._start(first)
        return ends, counts

    def _start(self, posting: int) -> int:
        """Where a posting's positions start."""
        return int(self._position_ends[posting - 1]) if posting else 0
