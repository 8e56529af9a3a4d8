"""Document sets as integers: the conversions every search goes through."""

import numpy as np
import pytest

from kb.search import bits


def test_docnums_become_the_bits_of_an_integer():
    assert bits.from_docnums([0, 3, 9], 10) == 0b10_0000_1001
    assert bits.from_docnums(np.array([1, 8]), 9) == 0b1_0000_0010
    assert bits.from_docnums((d for d in [2]), 3) == 0b100
    assert bits.from_docnums([], 5) == 0
    assert bits.from_docnums([], 0) == 0


def test_a_byte_mask_reads_both_ways():
    assert bits.from_mask(b"\x01\x00\x00\x01\x01") == 0b11001
    assert bits.from_mask(b"") == 0
    assert bits.to_mask(0b11001, 5) == b"\x01\x00\x00\x01\x01"
    assert bits.to_mask(0b11001, 7) == b"\x01\x00\x00\x01\x01\x00\x00"
    assert bits.to_mask(0, 3) == b"\x00\x00\x00"


def test_members_below_the_size_only():
    assert bits.members(0b1_0110, 5).tolist() == [1, 2, 4]
    # A set reaching past `size` (a wider view's set) is cut at it.
    assert bits.members(0b1_0110, 3).tolist() == [1, 2]
    assert bits.to_mask(0b1_0110, 3) == b"\x00\x01\x01"


def test_large_sets_round_trip():
    docs = np.arange(7, 1_000_003, 13)
    found = bits.from_docnums(docs, 1_000_003)
    assert found.bit_count() == len(docs)
    assert np.array_equal(bits.members(found, 1_000_003), docs)
    assert bits.full(1_000_003) & found == found


@pytest.mark.parametrize("count", [0, 1, 7, 300, 6_000, 60_000])
def test_members_of_sparse_and_dense_sets_are_the_set(count: int) -> None:
    """Sparse sets are read byte by byte, dense ones unpacked whole: the same members,
    the last document and members past the size included."""
    rng = np.random.default_rng(count)
    size = 100_003
    docs = np.sort(rng.choice(size, size=count, replace=False))
    if count:
        docs[-1] = size - 1
    found = bits.from_docnums(docs, size)
    assert bits.members(found, size).tolist() == docs.tolist()
    assert bits.members(found | 1 << (size + 5), size).tolist() == docs.tolist()
    assert bits.members(found, size).dtype == np.int64
