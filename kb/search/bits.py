"""Document sets as Python integers (bit d = document number d).

AND/OR of 100,000-bit integers take about a microsecond and `bit_count` a few, which is
what makes exact totals and disjunctive facet counts cheap. Converting between a set and
its members goes through a byte mask (one byte per document): numpy scatters document
numbers into it and packs it into the integer's bytes (and unpacks them back), in C.
`itertools.compress` selects from any per-document list with the mask.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable

import numpy as np

#: Sets with at most 1/SPARSE_MEMBERS of the documents are read byte by byte (`members`).
SPARSE_MEMBERS = 16


def from_docnums(docnums: Iterable[int] | np.ndarray, size: int) -> int:
    """The set of `docnums` (all below `size`)."""
    if not isinstance(docnums, np.ndarray | array | list | tuple):
        docnums = list(docnums)
    mask = np.zeros(size, dtype=np.bool_)
    mask[np.asarray(docnums, dtype=np.intp)] = True
    return _from_array(mask)


def from_mask(mask: bytes | bytearray) -> int:
    """The set of positions holding 1 in a byte mask."""
    return _from_array(np.frombuffer(mask, dtype=np.uint8))


def _from_array(mask: np.ndarray) -> int:
    if not len(mask):
        return 0
    return int.from_bytes(np.packbits(mask, bitorder="little").tobytes(), "little")


def to_mask(bits: int, size: int) -> bytes:
    """A byte mask of `size` bytes: 1 where the set has a member, else 0."""
    if bits <= 0:
        return bytes(size)
    return np.unpackbits(_packed(bits, size), count=size, bitorder="little").tobytes()


def members(bits: int, size: int) -> np.ndarray:
    """The members of a set below `size`, ascending.

    A sparse set (most searches' sets are a few hundred documents) is read from its
    non-zero bytes only: unpacking and scanning a byte per document cost five times more.
    """
    if bits.bit_count() * SPARSE_MEMBERS > size:
        return np.flatnonzero(np.frombuffer(to_mask(bits, size), dtype=np.uint8))
    packed = _packed(bits, size)
    at = np.flatnonzero(packed)
    rows, columns = np.nonzero(np.unpackbits(packed[at], bitorder="little").reshape(-1, 8))
    found = at[rows] * 8 + columns
    return found[found < size]


def _packed(bits: int, size: int) -> np.ndarray:
    """A set's bytes, little-endian: at least one bit per document below `size`."""
    width = max(size, bits.bit_length()) + 7 >> 3
    return np.frombuffer(bits.to_bytes(width, "little"), dtype=np.uint8)


def full(size: int) -> int:
    """Every document number below `size`."""
    return (1 << size) - 1
