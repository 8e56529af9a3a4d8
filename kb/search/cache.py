"""A small least-recently-used cache bounded by a cost (e.g. postings held), not by count.

Caches hang off one index view, so they are dropped with it when a new commit or
generation is opened: nothing in them can go stale.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class CostLRU(Generic[V]):
    """Keeps the most recently used values whose total `cost(value)` stays under `budget`."""

    def __init__(self, budget: int, cost: Callable[[V], int]) -> None:
        self.budget = budget
        self.cost = cost
        self.spent = 0
        self._items: OrderedDict[Hashable, tuple[V, int]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> V | None:
        """The cached value for `key`, or None."""
        with self._lock:
            found = self._items.get(key)
            if found is None:
                return None
            self._items.move_to_end(key)
            return found[0]

    def put(self, key: Hashable, value: V) -> None:
        """Remember `value` for `key` (replacing what was there), within the budget."""
        cost = self.cost(value)
        if cost > self.budget:
            return
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self.spent -= old[1]
            self._items[key] = (value, cost)
            self.spent += cost
            while self.spent > self.budget:
                _, (_, dropped) = self._items.popitem(last=False)
                self.spent -= dropped

    def get_or_make(self, key: Hashable, make: Callable[[], V]) -> V:
        """The cached value for `key`, or `make()`, remembered. Safe across threads; the
        lock is held for the bookkeeping only, so two threads missing the same key may both
        make it (the values are equal)."""
        found = self.get(key)
        if found is not None:
            return found
        value = make()
        self.put(key, value)
        return value
