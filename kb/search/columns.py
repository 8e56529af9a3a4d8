"""A segment's column coded once: its distinct values, and per document the number of its value.

A column holds far fewer distinct values than documents (a few hundred dates, sources,
topic and partner combinations for a hundred thousand records), so what a view derives from
it (facet sets, date order, event numbers) is worked out once per distinct value and spread
over the documents with numpy, instead of decoding every document's value in Python. A
segment is coded when it is first read and kept while a view uses it: segments never change,
so reopening after a commit codes only the new ones.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np


@dataclass(eq=False)
class CodedColumn:
    """`values`: the distinct raw values in order of first appearance; `codes`: per document
    (segment-local number), the index of its value in `values`."""

    values: list[bytes]
    codes: np.ndarray
    _groups: tuple[np.ndarray, np.ndarray] | None = field(default=None, repr=False)

    @classmethod
    def of(cls, raw: list[bytes]) -> CodedColumn:
        """Code a column's raw values (one dictionary lookup per document)."""
        numbers: dict[bytes, int] = {}
        codes = np.fromiter(
            (numbers.setdefault(value, len(numbers)) for value in raw),
            dtype=np.int32,
            count=len(raw),
        )
        return cls(list(numbers), codes)

    def groups(self) -> Iterator[tuple[bytes, np.ndarray]]:
        """Each distinct value with its documents (ascending segment-local numbers)."""
        if self._groups is None:
            order = np.argsort(self.codes, kind="stable")
            ends = np.cumsum(np.bincount(self.codes, minlength=len(self.values)))
            self._groups = (order, ends)
        order, ends = self._groups
        start = 0
        for value, end in zip(self.values, ends.tolist(), strict=True):
            yield value, order[start:end]
            start = end
