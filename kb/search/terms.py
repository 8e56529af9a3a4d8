"""One analysed term over an index view: its documents and their BM25 scores, and picking
the best documents of a score array.

Terms are cached with the view (`IndexView.terms`): a term's postings and scores are read
once per commit whatever the number of searches asking for it.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence

import numpy as np

from kb.search import bits
from kb.search.view import BM25_K1, IndexView

TITLE_BOOST = 2.0
#: Best documents kept per term: a one-word page, or a several-word page proven from them.
BEST_KEPT = 1000
#: How much deeper the second list goes, read when the first cannot prove a page: common
#: words score alike, and at a million records summing every score costs tens of ms.
DEEPER = 16


class Term:
    """One analysed term over a view: its documents and their BM25 scores.

    Scores are computed when the term is read, and the frequencies they come from are not
    kept: a cached term costs 12 bytes per posting (and its set), so at a million records
    the cache holds the terms of many more queries."""

    __slots__ = ("_best", "_deeper", "docs", "scores", "set", "text")

    def __init__(self, view: IndexView, text: str) -> None:
        self.text = text
        self.docs, freqs = _postings(view, "text", text)
        self.set = bits.from_docnums(self.docs, view.size)
        self.scores = _bm25(view, text, self.docs, freqs)
        self._best: tuple[np.ndarray, np.ndarray] | None = None
        self._deeper: tuple[np.ndarray, np.ndarray] | None = None

    def best(self, deeper: bool = False) -> tuple[np.ndarray, np.ndarray]:
        """The scores and documents of its BEST_KEPT best-scoring documents (DEEPER times
        as many if `deeper`), best first: a one-word query's page is usually just the
        first of them that match the filters.

        Arrays, not (score, docnum) pairs: a cached term would otherwise keep a thousand
        tuples alive, and the collector walks every one of them on each full collection."""
        found = self._deeper if deeper else self._best
        if found is None:
            values = np.frombuffer(self.scores, dtype=np.float64)
            docs = np.frombuffer(self.docs, dtype=np.uint32).astype(np.int64)
            order = top_order(values, docs, BEST_KEPT * (DEEPER if deeper else 1))
            found = (values[order], docs[order])
            if deeper:
                self._deeper = found
            else:
                self._best = found
        return found

    def scores_of(self, docnums: np.ndarray) -> np.ndarray:
        """The scores of sorted documents (0 for those without the term)."""
        docs = np.frombuffer(self.docs, dtype=np.uint32)
        if not len(docs):
            return np.zeros(len(docnums))
        at = np.minimum(np.searchsorted(docs, docnums), len(docs) - 1)
        scores = np.frombuffer(self.scores, dtype=np.float64)[at]
        scores[docs[at] != docnums] = 0.0
        return scores


def _bm25(view: IndexView, text: str, docnums: array[int], freqs: array[float]) -> array[float]:
    """BM25 score of each document of `docnums` (same order), title matches boosted."""
    factor = view.idf(len(docnums)) * (BM25_K1 + 1)
    docs = np.frombuffer(docnums, dtype=np.uint32)
    weights = np.frombuffer(freqs, dtype=np.float64)
    scores = factor * weights / (weights + view.norms["text"][docs])
    title_docs, title_freqs = _postings(view, "title", text)
    if title_docs:
        in_title = np.frombuffer(title_docs, dtype=np.uint32)
        weights = np.frombuffer(title_freqs, dtype=np.float64)
        boost = TITLE_BOOST * factor * weights / (weights + view.norms["title"][in_title])
        # The title is part of the text, so its documents are among `docs`.
        at = np.minimum(np.searchsorted(docs, in_title), len(docs) - 1)
        found = docs[at] == in_title
        scores[at[found]] += boost[found]
    return array("d", scores.tobytes())


def top_order(values: np.ndarray, docnums: np.ndarray, stop: int | None) -> np.ndarray:
    """Positions of the `stop` best scores (all if None), best first, ties by docnum.

    For a page, the cut-off score is found first (a partial sort) and only the documents
    at or above it are sorted: scores take few distinct values, so ties are many.
    """
    if stop is not None and 0 < stop < len(values):
        cutoff = np.partition(values, len(values) - stop)[len(values) - stop]
        chosen = np.flatnonzero(values >= cutoff)
        return chosen[np.lexsort((docnums[chosen], -values[chosen]))[:stop]]
    return np.lexsort((docnums, -values))[:stop]


def best_first(
    scores: Sequence[float] | np.ndarray, docs: Sequence[int] | np.ndarray, stop: int | None
) -> list[tuple[float, int]]:
    """The `stop` best (score, docnum) pairs (all if None), best first, ties by docnum."""
    values = np.asarray(scores, dtype=np.float64)
    docnums = np.asarray(docs, dtype=np.int64)
    order = top_order(values, docnums, stop)
    return list(zip(values[order].tolist(), docnums[order].tolist(), strict=True))


def _postings(view: IndexView, field_name: str, text: str) -> tuple[array[int], array[float]]:
    """A term's (docnums, weights) over the whole view, as arrays ('I', 'd') for the
    C-speed loops of `ranking` and numpy views alike."""
    docs, freqs = [], []
    for segment in view.segments:
        found, weights = segment.postings(field_name, text)
        docs.append(found + segment.offset)
        freqs.append(weights)
    docnums, frequencies = array("I"), array("d")
    if docs:
        docnums.frombytes(np.concatenate(docs).astype(np.uint32).tobytes())
        frequencies.frombytes(np.concatenate(freqs).tobytes())
    return docnums, frequencies


def term(view: IndexView, text: str) -> Term:
    """A term's postings over `view`, cached with the view."""
    found: Term = view.terms.get_or_make(text, lambda: Term(view, text))
    return found
