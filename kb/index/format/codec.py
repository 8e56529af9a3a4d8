"""How posting blocks are written: Whoosh's W3 codec with two settings and one change.

Searches read whole posting lists (exact totals and facet counts need every match), so
blocks are uncompressed and large. The change is in how a block stores postings of
variable size (the positions of the `phrase` field): W3 keeps them as a tuple of bytes
pickled with protocol 2, which spells every bytes object as a call to `codecs.encode`;
unpickling a block of them took ~0.4 ms, most of a phrase query. `PackedValues` holds
them as one bytes string and its end offsets, reads back as the same sequence of bytes
through Whoosh's own reader, and lets `kb.search.postings` slice all of a block at once.
Document gaps and weights are packed the same way (`PackedGaps`, `PackedWeights`).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Sequence
from typing import Any

from whoosh.codec.whoosh3 import W3Codec, W3PostingsWriter

#: Whoosh's default is 128. Every block costs a header, a seek and an unpickling.
POSTINGS_PER_BLOCK = 1024


class PackedValues(Sequence[bytes]):
    """A block's posting values: their concatenation and the end offset of each."""

    __slots__ = ("data", "ends")

    def __init__(self, data: bytes, ends: bytes) -> None:
        self.data = data
        self.ends = ends  # native unsigned 32-bit integers, one per value

    @classmethod
    def pack(cls, values: Sequence[bytes]) -> PackedValues:
        ends = array("I")
        end = 0
        for value in values:
            end += len(value)
            ends.append(end)
        return cls(b"".join(values), ends.tobytes())

    def _end_offsets(self) -> array[int]:
        ends = array("I")
        ends.frombytes(self.ends)
        return ends

    def __len__(self) -> int:
        return len(self.ends) // 4

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        ends = self._end_offsets()
        if index < 0:
            index += len(ends)
        return self.data[ends[index - 1] if index else 0 : ends[index]]

    def __reduce__(self) -> tuple[Any, ...]:
        return PackedValues, (self.data, self.ends)


class PackedNumbers(Sequence[Any]):
    """A block's document gaps or weights as one packed array (`typecode` of `array`):
    unpickled as one bytes object and read by numpy without a Python loop, where W3's tuple
    of 1,024 numbers took ~55 µs per block to unpickle and convert (~11 µs packed). Whoosh's
    own matcher reads it as the sequence it expects."""

    __slots__ = ("_numbers", "data")
    typecode = "I"

    def __init__(self, data: bytes) -> None:
        self.data = data
        self._numbers: array[Any] | None = None

    @classmethod
    def pack(cls, numbers: Sequence[Any]) -> PackedNumbers:
        return cls(array(cls.typecode, numbers).tobytes())

    def _array(self) -> array[Any]:
        """The numbers as an array, made on first use (Whoosh reads them one by one)."""
        if self._numbers is None:
            self._numbers = array(self.typecode)
            self._numbers.frombytes(self.data)
        return self._numbers

    def __len__(self) -> int:
        return len(self.data) // array(self.typecode).itemsize

    def __getitem__(self, index: Any) -> Any:
        return self._array()[index]

    def __iter__(self) -> Iterator[Any]:
        return iter(self._array())

    def __reduce__(self) -> tuple[Any, ...]:
        return type(self), (self.data,)


class PackedGaps(PackedNumbers):
    """A block's document numbers as gaps from the previous one (unsigned 32-bit)."""

    typecode = "I"


class PackedWeights(PackedNumbers):
    """A block's posting weights: term frequencies, whole numbers that 32-bit floats hold
    exactly (below 2**24)."""

    typecode = "f"


class _PostingsWriter(W3PostingsWriter):
    def _mini_ids(self) -> Any:
        ids = super()._mini_ids()
        return ids if self._byteids else PackedGaps.pack(ids)

    def _mini_weights(self) -> Any:
        weights = super()._mini_weights()
        return PackedWeights.pack(weights) if isinstance(weights, tuple) else weights

    def _mini_values(self) -> Any:
        size = self._format.fixed_value_size()
        if size is None or size < 0:
            return PackedValues.pack(self._values)
        return super()._mini_values()


class Codec(W3Codec):
    """Uncompressed blocks of POSTINGS_PER_BLOCK postings, variable values packed.

    (Inlining short posting lists, `inlinelimit > 1`, is broken in Whoosh-Reloaded 2.7.5.)
    """

    def __init__(self) -> None:
        super().__init__(blocklimit=POSTINGS_PER_BLOCK, compression=0)

    def postings_writer(self, dbfile: Any, byteids: bool = False) -> _PostingsWriter:
        return _PostingsWriter(
            dbfile,
            blocklimit=self._blocklimit,
            byteids=byteids,
            compression=self._compression,
            inlinelimit=self._inlinelimit,
        )
