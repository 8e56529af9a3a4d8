"""Ordering the matching documents: by date, or by score, for one page (or all of them).

Both orders work from the byte mask of the matching set: `itertools.compress` filters
the date order in C, and scores are summed with numpy into one array over the index (or,
for few matches, looked up for those only). A page is usually settled from the terms'
best-document lists alone, without summing at all: when the page's last score beats what
any document outside those lists could score.

A document's score is the sum over the query's needs of its best alternative's score
(see kb.search.matching); relaxed matches rank in tiers below the full ones, and the
other reports of a matching event score SIBLING_WEIGHT of it, in its tier.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import compress, islice

import numpy as np

from kb.search import bits
from kb.search.matching import Alternative, Plan
from kb.search.terms import Term, best_first
from kb.search.view import IndexView

#: Another report of a matching event scores this share of the best matching report.
SIBLING_WEIGHT = 0.8


def by_date(view: IndexView, mask: bytes, newest: bool, stop: int | None) -> np.ndarray:
    """The first `stop` matching documents (all if None) by publication date (ties: by
    document number, reversed when newest first), undated last: one numpy selection over
    the view's date order."""
    inside = np.frombuffer(mask, dtype=np.bool_)
    dated = view.by_date[::-1] if newest else view.by_date
    found = dated[inside[dated]]
    if stop is None or len(found) < stop:
        found = np.concatenate([found, view.undated[inside[view.undated]]])
    page: np.ndarray = found[:stop]
    return page


#: Matches scored one by one (binary searches in each term's postings) when they are
#: fewer than 1/SPARSE_SHARE of the view; more, and summing whole arrays is cheaper.
SPARSE_SHARE = 16

#: Deeper best lists are tried on views of this many documents or more: on smaller ones
#: summing every score costs about what the deeper lists do (at 100,000 they added 2 %
#: to a request), at a million ten times more.
DEEPER_FROM = 250_000

#: Tiers are ranked before scores: a tier step outweighs any score.
_TIER_STEP = 1e12


def by_score(
    view: IndexView,
    plan: Plan,
    matched: int,
    stop: int | None,
    tiers: list[int] | None = None,
    siblings: int = 0,
) -> list[tuple[float, int]]:
    """The best `stop` matching documents (all if None) as (score, docnum), best first;
    ties go to the lower document number, so pages never overlap.

    `tiers`, when the query was relaxed, are the matching sets in rank order (the full
    matches first); `siblings` the other reports of matching events.
    """
    mask = bits.to_mask(matched, view.size)
    if (not tiers or len(tiers) == 1) and not siblings:
        fast = _fast(view, plan, mask, matched.bit_count(), stop)
        if fast is not None:
            return fast
    docs = np.flatnonzero(np.frombuffer(mask, dtype=np.bool_))
    if siblings or len(docs) * SPARSE_SHARE > view.size:
        scores = dense_scores(view, plan)
        tier = _tiers(view, tiers, np.arange(view.size))
        if siblings:
            _score_siblings(view, scores, tier, bits.members(siblings, view.size))
        chosen = top(docs, scores[docs], tier[docs], stop)
        return list(zip(scores[chosen].tolist(), chosen.tolist(), strict=True))
    doc_scores = scores_of(view, plan, docs)
    doc_tiers = _tiers(view, tiers, docs)
    order = top(np.arange(len(docs)), doc_scores, doc_tiers, stop)
    return list(zip(doc_scores[order].tolist(), docs[order].tolist(), strict=True))


def _tiers(view: IndexView, tiers: list[int] | None, docs: np.ndarray) -> np.ndarray:
    """The tier of each of `docs`: the first of `tiers` holding it (0 when not relaxed)."""
    if not tiers or len(tiers) == 1:
        return np.zeros(len(docs), dtype=np.int8)
    found = np.full(len(docs), len(tiers), dtype=np.int8)
    for number in range(len(tiers) - 1, -1, -1):
        inside = np.frombuffer(bits.to_mask(tiers[number], view.size), dtype=np.bool_)
        found[inside[docs]] = number
    return found


def top(docs: np.ndarray, scores: np.ndarray, tiers: np.ndarray, stop: int | None) -> np.ndarray:
    """The first `stop` of `docs` by tier, then score (highest first), then docnum.

    Sorting every match to show twenty is most of a ranked search's cost when tens of
    thousands match: the candidates are first cut with a partition on (tier, score) to
    those that can be among the first `stop` (ties at the cut all kept), then sorted.
    """
    if stop is not None and len(docs) > 4 * stop:
        key = tiers.astype(np.float64) * _TIER_STEP - scores
        cut = np.partition(key, stop - 1)[stop - 1]
        keep = key <= cut
        docs, scores, tiers = docs[keep], scores[keep], tiers[keep]
    order = np.lexsort((docs, -scores, tiers))[:stop]
    return docs[order]


def scores_of(view: IndexView, plan: Plan, docnums: np.ndarray) -> np.ndarray:
    """The scores of some documents (sorted docnums): for a page of hits sorted by date."""

    def tagged(alternative: Alternative) -> np.ndarray:
        return _among(docnums, _tagged(view, alternative))

    return _combine(plan, len(docnums), lambda term: term.scores_of(docnums), tagged)


def _among(docnums: np.ndarray, ascending: np.ndarray) -> np.ndarray:
    """Which of `docnums` are in the ascending array (binary searches: a page's few
    documents against a tag's many, without hashing the many)."""
    if not len(ascending):
        return np.zeros(len(docnums), dtype=np.bool_)
    at = np.minimum(np.searchsorted(ascending, docnums), len(ascending) - 1)
    found: np.ndarray = ascending[at] == docnums
    return found


def dense_scores(view: IndexView, plan: Plan) -> np.ndarray:
    """Every document's score, as one array over the view."""

    def term_scores(term: Term) -> np.ndarray:
        found = np.zeros(view.size)
        found[np.frombuffer(term.docs, dtype=np.uint32)] = np.frombuffer(term.scores)
        return found

    def tagged(alternative: Alternative) -> np.ndarray:
        return _tagged(view, alternative)  # a tag's documents are unique

    return _combine(plan, view.size, term_scores, tagged)


def _combine(
    plan: Plan,
    size: int,
    term_scores: Callable[[Term], np.ndarray],
    tagged: Callable[[Alternative], np.ndarray],
) -> np.ndarray:
    """Σ over needs of the best word alternative's score (weight x BM25 of its terms),
    plus the bonus of each tag alternative the document carries; a tag may also scale the
    words' score on its documents (`Alternative.words`). `tagged` gives a tag's documents
    as indexes into the arrays.

    Over a million documents every array pass counts: the sums are built in two scratch
    arrays reused across alternatives, never in fresh ones."""
    cache: dict[str, np.ndarray] = {}
    total = np.zeros(size)
    best = np.empty(size)
    score = np.empty(size)
    for need in plan.needs:
        best.fill(0.0)
        scaled: list[tuple[np.ndarray, float]] = []  # a tag's documents, what words count
        for alternative in need.alternatives:
            if alternative.tag is not None:
                docs = tagged(alternative)
                total[docs] += alternative.bonus
                if alternative.words != 1.0:
                    scaled.append((docs, alternative.words))
                continue
            score.fill(0.0)
            for term in alternative.terms:
                if term.text not in cache:
                    cache[term.text] = term_scores(term)
                score += cache[term.text]
            score *= alternative.weight
            np.maximum(best, score, out=best)
        for docs, words in scaled:
            best[docs] *= words
        total += best
    for boost in plan.boosts:
        total[tagged(boost)] += boost.bonus
    return total


def _tagged(view: IndexView, alternative: Alternative) -> np.ndarray:
    assert alternative.tag is not None
    facet, value = alternative.tag
    if facet not in view.facets:  # a set the planner made (records with a partner abroad)
        return bits.members(alternative.docs, view.size)
    return view.facets[facet].docnums(value)


def _score_siblings(
    view: IndexView, scores: np.ndarray, tier: np.ndarray, siblings: np.ndarray
) -> None:
    """Give the other reports of matching events a share of their best report's score,
    and that report's tier."""
    codes = view.event_codes
    matched = np.flatnonzero((codes >= 0) & (scores > 0))
    best = np.zeros(len(view.event_ids))
    np.maximum.at(best, codes[matched], scores[matched])
    first_tier = np.full(len(view.event_ids), 127, dtype=np.int8)
    np.minimum.at(first_tier, codes[matched], tier[matched])
    own = codes[siblings]
    scores[siblings] = np.maximum(scores[siblings], SIBLING_WEIGHT * best[own])
    tier[siblings] = np.minimum(tier[siblings], first_tier[own])


def _fast(
    view: IndexView, plan: Plan, mask: bytes, matched: int, stop: int | None
) -> list[tuple[float, int]] | None:
    """The page from the terms' best lists, when provable (None: sum the scores)."""
    if stop is None:
        return None
    terms = plan.terms
    if plan.simple and len(terms) == 1:
        term = terms[0]
        scores, docs = term.best()
        inside = np.frombuffer(mask, dtype=np.bool_)[docs]
        kept = list(zip(scores[inside][:stop].tolist(), docs[inside][:stop].tolist(), strict=True))
        if len(kept) >= stop or len(docs) == len(term.docs):
            return _fill(kept, mask, matched, stop)
        return None
    page = _from_best_lists(view, plan, mask, stop)
    if (
        page is None
        and view.size >= DEEPER_FROM
        and any(len(t.best()[1]) < len(t.docs) for t in terms)
    ):
        page = _from_best_lists(view, plan, mask, stop, deeper=True)
    return page


def _from_best_lists(
    view: IndexView, plan: Plan, mask: bytes, stop: int, deeper: bool = False
) -> list[tuple[float, int]] | None:
    """The page from the terms' best-document lists alone, when that is provably right
    (a threshold algorithm).

    Score completely the matching documents found in any term's best list. A document in
    none of them scores, per term, at most that list's last score, so at most the sum
    over needs of the best alternative's weighted sum of those, plus every tag bonus the
    query offers. If the page's last score beats that bound, no unseen document can enter
    the page. None when it cannot be proven (filters leaving few listed documents, flat
    scores). `deeper`: from the deeper lists (`Term.best`), when the first ones fell short.
    """
    bound = 0.0
    inside = np.frombuffer(mask, dtype=np.bool_)
    listed: list[np.ndarray] = []
    for need in plan.needs:
        words = 0.0
        for alternative in need.alternatives:
            if alternative.tag is not None:
                bound += alternative.bonus
                continue
            most = 0.0
            for term in alternative.terms:
                scores, best = term.best(deeper)
                listed.append(best[inside[best]])
                if len(best) < len(term.docs):
                    most += float(scores[-1])
            words = max(words, alternative.weight * most)
        bound += words
    bound += sum(boost.bonus for boost in plan.boosts)
    docnums = np.unique(np.concatenate(listed)) if listed else np.zeros(0, dtype=np.int64)
    page = best_first(scores_of(view, plan, docnums), docnums, stop)
    if len(page) == stop and page[-1][0] > bound:
        return page
    return None


def _fill(
    best: list[tuple[float, int]], mask: bytes, matched: int, stop: int | None
) -> list[tuple[float, int]]:
    """Append matches no scoring term reached, at 0."""
    wanted = matched if stop is None else min(stop, matched)
    if len(best) >= wanted:
        return best
    seen = {docnum for _, docnum in best}
    rest = (d for d in compress(range(len(mask)), mask) if d not in seen)
    return best + [(0.0, d) for d in islice(rest, wanted - len(best))]
