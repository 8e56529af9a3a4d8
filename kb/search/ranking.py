"""Ordering the matching documents: by date, or by score, for one page (or all of them).

Both orders work from the byte mask of the matching set: `itertools.compress` filters
the date order in C, and scores are summed with numpy into one array over the index.
A page of a one- or all-words query is usually settled from the terms' best-document
lists alone, without summing at all.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import chain, compress, islice
from typing import Any

import numpy as np

from kb.search.matching import PARTNER_SCORE, Plan, best_first
from kb.search.view import IndexView


def by_date(view: IndexView, mask: bytes, newest: bool) -> Iterator[int]:
    """Matching documents by publication date (ties: by document number), undated last."""
    dated = view.by_date
    if newest:
        order: Any = reversed(dated)
        selectors: Any = map(mask.__getitem__, reversed(dated))
    else:
        order, selectors = iter(dated), map(mask.__getitem__, dated)
    return chain(
        compress(order, selectors), compress(view.undated, map(mask.__getitem__, view.undated))
    )


def by_score(
    view: IndexView, plan: Plan, mask: bytes, matched: int, stop: int | None
) -> list[tuple[float, int]]:
    """The best `stop` matching documents (all if None) as (score, docnum), best first;
    ties go to the lower document number, so pages never overlap."""
    if len(plan.terms) == 1 and not plan.partners:
        term = plan.terms[0]
        kept = [(s, d) for s, d in term.best(view) if mask[d]][:stop]
        if stop is not None and (len(kept) >= stop or len(term.best(view)) == len(term.docs)):
            return _fill(kept, mask, matched, stop)
    if plan.conjunctive and stop is not None:
        best = _from_best_lists(view, plan, mask, stop)
        if best is not None:
            return best
    # Every matching document's score, summed densely over the whole index; documents
    # no scoring term reached (a long partner name, say) rank last at 0, by docnum.
    totals = np.zeros(view.size)
    for term in plan.terms:
        totals[np.frombuffer(term.docs, dtype=np.uint32)] += np.frombuffer(term.scores(view))
    for partner in plan.partners:
        totals[view.partners.docnums(partner)] += PARTNER_SCORE
    docs = np.flatnonzero(np.frombuffer(mask, dtype=np.bool_))
    return best_first(totals[docs], docs, stop)


def _from_best_lists(
    view: IndexView, plan: Plan, mask: bytes, stop: int
) -> list[tuple[float, int]] | None:
    """The page from the terms' best-document lists alone, when that is provably right.

    Every matching document contains every term. Score the matching documents found in
    any term's best list completely; a document in none of them scores at most the sum
    of the lists' last scores. If the page's last score beats that bound, no unseen
    document can enter the page (a threshold algorithm). None when it cannot be proven.
    """
    bound = 0.0
    candidates: set[int] = set()
    for term in plan.terms:
        best = term.best(view)
        candidates.update(d for _, d in best if mask[d])
        if len(best) < len(term.docs):
            bound += best[-1][0]
    docnums = np.array(sorted(candidates), dtype=np.int64)
    scores = np.zeros(len(docnums))
    for term in plan.terms:
        scores += term.scores_of(view, docnums)
    page = best_first(scores, docnums, stop)
    if len(page) == stop and page[-1][0] > bound:
        return page
    return None


def _fill(
    best: list[tuple[float, int]], mask: bytes, matched: int, stop: int | None
) -> list[tuple[float, int]]:
    """Append matches no scoring term reached (e.g. found by a long partner name), at 0."""
    wanted = matched if stop is None else min(stop, matched)
    if len(best) >= wanted:
        return best
    seen = {docnum for _, docnum in best}
    rest = (d for d in compress(range(len(mask)), mask) if d not in seen)
    return best + [(0.0, d) for d in islice(rest, wanted - len(best))]
