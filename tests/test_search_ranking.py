"""Helpers on plain arrays: what the engine's ordering and phrase matching rest on."""

from __future__ import annotations

import numpy as np
import pytest

from kb.search.matching import _common
from kb.search.ranking import top
from kb.search.terms import top_order


@pytest.mark.parametrize("seed", range(5))
def test_top_k_is_the_head_of_the_full_order(seed: int) -> None:
    """The partitioned top agrees with sorting everything, ties (equal scores, tiers)
    broken by document number."""
    rng = np.random.default_rng(seed)
    size = 5000
    docs = np.sort(rng.choice(100_000, size=size, replace=False))
    scores = rng.choice([0.5, 1.0, 1.5, 2.25, 3.0], size=size)  # many ties
    tiers = rng.integers(0, 3, size=size).astype(np.int8)
    everything = docs[np.lexsort((docs, -scores, tiers))]
    for stop in (1, 10, 20, 100):
        assert top(docs, scores, tiers, stop).tolist() == everything[:stop].tolist()
    assert top(docs, scores, tiers, None).tolist() == everything.tolist()


@pytest.mark.parametrize("seed", range(5))
def test_best_scores_come_first_ties_by_docnum(seed: int) -> None:
    """A term's best list (positions of the best scores) is the head of the full order,
    whether or not the partial sort cuts it."""
    rng = np.random.default_rng(seed)
    size = 3000
    docs = np.sort(rng.choice(100_000, size=size, replace=False))
    scores = rng.choice([0.25, 0.5, 1.0, 2.0], size=size)  # many ties
    everything = np.lexsort((docs, -scores))
    for stop in (1, 20, 1000, size, None):
        assert top_order(scores, docs, stop).tolist() == everything[:stop].tolist()


@pytest.mark.parametrize(("first", "second"), [(5000, 4000), (5000, 60), (70, 9000), (0, 10)])
def test_common_values_by_merge_or_by_search(first: int, second: int) -> None:
    """Both ways of intersecting two ascending arrays (a merge for alike lengths, binary
    searches from the shorter one) give the values of both."""
    rng = np.random.default_rng(first + second)
    a = np.unique(rng.integers(0, 20_000, size=first))
    b = np.unique(np.concatenate([a[: second // 2], rng.integers(0, 20_000, size=second)]))
    expected = np.intersect1d(a, b)
    assert _common(a, b).tolist() == expected.tolist()
    assert _common(b, a).tolist() == expected.tolist()
