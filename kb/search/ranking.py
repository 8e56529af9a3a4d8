"""Ordering the matching documents: by date, or by score, for one page (or all of them).

Both orders work from the byte mask of the matching set, so `itertools.compress` does the
per-document filtering in C. Scores are summed only over matching postings; when every
match contains every scoring term (the common case: words and phrases ANDed), the
per-term score lists line up and are added with `map(operator.add)` instead of a dict.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import chain, compress, islice
from operator import add
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
    if plan.conjunctive:
        first = plan.terms[0]
        summed: Any = None
        for term in plan.terms:
            selected = compress(term.scores(view), map(mask.__getitem__, term.docs))
            summed = selected if summed is None else map(add, summed, selected)
        scores = list(summed)
        docs = list(compress(first.docs, map(mask.__getitem__, first.docs)))
    else:
        totals: dict[int, float] = {}
        for term in plan.terms:
            selected = compress(
                zip(term.docs, term.scores(view), strict=True), map(mask.__getitem__, term.docs)
            )
            for docnum, score in selected:
                totals[docnum] = totals.get(docnum, 0.0) + score
        for partner in plan.partners:
            partner_docs = view.partner_docs.get(partner, ())
            for docnum in compress(partner_docs, map(mask.__getitem__, partner_docs)):
                totals[docnum] = totals.get(docnum, 0.0) + PARTNER_SCORE
        scores, docs = list(totals.values()), list(totals)
    return _fill(best_first(scores, docs, stop), mask, matched, stop)


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
    page = best_first(sum(t.scores_of(view, docnums) for t in plan.terms), docnums, stop)
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
