"""A parsed query against one index view: the set of matching documents and what scores them.

- A word is a term of the `text` field (title, body and attachments). An unquoted run
  that analyses to several tokens is a phrase if it is Latin ("co-operation", "e-mail")
  and an AND of its words if it is Chinese (jieba's cut of a typed run need not match the
  cut in running text, and staff expect all the words, not an exact sequence).
- A "quoted phrase" matches consecutive tokens: candidates are the documents with every
  token, confirmed with the positions of the `phrase` field.
- A partner alias matches the records tagged with the partner (in any language), the
  alias as typed, and the partner's one-word names anywhere (abbreviations, Chinese names,
  which the segmenter keeps whole). Longer names are left to the tag: enrichment tags a
  record that names the partner, and checking a four-word name as a phrase would cost
  more than the rest of the search.

Scoring is BM25 on `text` plus a boost for `title`; a partner tag alone scores a constant.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from kb.core.text import has_cjk
from kb.index.analysis import analyze
from kb.search import bits
from kb.search.query import AliasIndex, Clause, ParsedQuery
from kb.search.view import BM25_K1, IndexView

TITLE_BOOST = 2.0
#: Best documents kept per term: a one-word page, or a several-word page proven from them.
BEST_KEPT = 1000
#: Score of a document matched by a partner tag alone (about one good term match).
PARTNER_SCORE = 3.0


class Term:
    """One analysed term over a view: its documents, and lazily its BM25 scores."""

    __slots__ = ("_best", "_scores", "docs", "freqs", "set", "text")

    def __init__(self, view: IndexView, text: str) -> None:
        self.text = text
        self.docs, self.freqs = _postings(view, "text", text)
        self.set = bits.from_docnums(self.docs, view.size)
        self._scores: array[float] | None = None
        self._best: list[tuple[float, int]] | None = None

    def scores(self, view: IndexView) -> array[float]:
        """BM25 score of each document of `docs` (same order), title matches boosted."""
        if self._scores is None:
            factor = view.idf(len(self.docs)) * (BM25_K1 + 1)
            docs = np.frombuffer(self.docs, dtype=np.uint32)
            freqs = np.frombuffer(self.freqs, dtype=np.float64)
            scores = factor * freqs / (freqs + view.norms["text"][docs])
            title_docs, title_freqs = _postings(view, "title", self.text)
            if title_docs:
                in_title = np.frombuffer(title_docs, dtype=np.uint32)
                freqs = np.frombuffer(title_freqs, dtype=np.float64)
                boost = TITLE_BOOST * factor * freqs / (freqs + view.norms["title"][in_title])
                # The title is part of the text, so its documents are among `docs`.
                at = np.minimum(np.searchsorted(docs, in_title), len(docs) - 1)
                found = docs[at] == in_title
                scores[at[found]] += boost[found]
            self._scores = array("d", scores.tobytes())
        return self._scores

    def best(self, view: IndexView) -> list[tuple[float, int]]:
        """Its BEST_KEPT best-scoring documents, best first: a one-word query's page is
        usually just the first of them that match the filters."""
        if self._best is None:
            self._best = best_first(self.scores(view), self.docs, BEST_KEPT)
        return self._best

    def scores_of(self, view: IndexView, docnums: np.ndarray) -> np.ndarray:
        """The scores of sorted documents (0 for those without the term)."""
        docs = np.frombuffer(self.docs, dtype=np.uint32)
        if not len(docs):
            return np.zeros(len(docnums))
        at = np.minimum(np.searchsorted(docs, docnums), len(docs) - 1)
        scores = np.frombuffer(self.scores(view), dtype=np.float64)[at]
        scores[docs[at] != docnums] = 0.0
        return scores

    def score_of(self, view: IndexView, docnum: int) -> float:
        """One document's score (0 without the term): for hits sorted by date."""
        return float(self.scores_of(view, np.array([docnum]))[0])


def best_first(
    scores: Sequence[float] | np.ndarray, docs: Sequence[int] | np.ndarray, stop: int | None
) -> list[tuple[float, int]]:
    """The `stop` best (score, docnum) pairs (all if None), best first, ties by docnum.

    For a page, the cut-off score is found first (a partial sort) and only the documents
    at or above it are sorted: scores take few distinct values, so ties are many.
    """
    values = np.asarray(scores, dtype=np.float64)
    docnums = np.asarray(docs, dtype=np.int64)
    if stop is not None and 0 < stop < len(values):
        cutoff = np.partition(values, len(values) - stop)[len(values) - stop]
        chosen = np.flatnonzero(values >= cutoff)
        values, docnums = values[chosen], docnums[chosen]
    order = np.lexsort((docnums, -values))[:stop]
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


@dataclass
class Plan:
    """What a query means on one view."""

    docs: int | None = None  # matching documents; None: no text condition (everything)
    terms: list[Term] = field(default_factory=list)  # scoring terms, without duplicates
    partners: list[str] = field(default_factory=list)  # partner tags that score a constant
    conjunctive: bool = True  # every matching document contains every scoring term
    highlight: set[str] = field(default_factory=set)  # analysed terms to mark in snippets

    @property
    def scored(self) -> bool:
        """Whether anything in the query can rank documents (else: newest first)."""
        return bool(self.terms or self.partners)


def plan_query(view: IndexView, parsed: ParsedQuery, aliases: AliasIndex) -> Plan:
    """Resolve a parsed query against a view."""
    builder = _Builder(view, aliases)
    plan = Plan()
    positive: int | None = None
    for group in parsed.groups:
        group_docs = None
        for clause in group:
            docs = builder.clause(clause, plan)
            if docs is not None:
                group_docs = docs if group_docs is None else group_docs | docs
        if group_docs is not None:
            positive = group_docs if positive is None else positive & group_docs
        if len(group) > 1:
            plan.conjunctive = False
    excluded = 0
    for clause in parsed.excluded:
        excluded |= builder.clause(clause, None) or 0
    if positive is None and excluded:
        positive = bits.full(view.size)
    plan.docs = None if positive is None else positive & ~excluded
    return plan


class _Builder:
    def __init__(self, view: IndexView, aliases: AliasIndex) -> None:
        self.view = view
        self.aliases = aliases

    def term(self, text: str) -> Term:
        """A term's postings, cached with the view."""
        view = self.view
        term: Term = view.terms.get_or_make(text, lambda: Term(view, text))
        return term

    def clause(self, clause: Clause, plan: Plan | None) -> int | None:
        """Documents matching a clause (None: nothing searchable in it); adds its scoring
        terms and highlight terms to `plan` when the clause is positive."""
        tokens = [t.text for t in analyze(clause.text, self.view.segmenter)]
        docs = self.tokens(tokens, exact=clause.phrase or not has_cjk(clause.text))
        if clause.partner is not None:
            docs = (docs or 0) | self.alias(clause.partner, plan)
        if plan is not None and docs is not None:
            for text in tokens:
                if all(t.text != text for t in plan.terms):
                    plan.terms.append(self.term(text))
            plan.highlight.update(tokens)
        return docs

    def tokens(self, tokens: Sequence[str], exact: bool) -> int | None:
        """Documents with all tokens, consecutive if `exact` (None: no tokens)."""
        if not tokens:
            return None
        found = self.term(tokens[0]).set
        for text in tokens[1:]:
            found &= self.term(text).set
        if exact and len(tokens) > 1:
            key = ("phrase", tuple(tokens))
            return self.view.sets.get_or_make(key, lambda: self.phrase(tokens, found))
        return found

    def alias(self, partner: str, plan: Plan | None) -> int:
        """The partner's tagged records, and any text with one of its one-word names."""
        found = self.view.partners.set_of(partner)
        for form in self.aliases.forms.get(partner, ()):
            tokens = [t.text for t in analyze(form, self.view.segmenter)]
            if len(tokens) == 1:
                found |= self.term(tokens[0]).set
                if plan is not None:
                    plan.highlight.add(tokens[0])
                    if all(t.text != tokens[0] for t in plan.terms):
                        plan.terms.append(self.term(tokens[0]))
        if plan is not None:
            plan.partners.append(partner)
            plan.conjunctive = False
        return found

    def phrase(self, tokens: Sequence[str], candidates: int) -> int:
        """The candidates in which `tokens` occur consecutively.

        Each occurrence becomes one integer, (docnum << 32) + position - index in the
        phrase, so all documents are checked with array intersections in numpy: a
        phrase occurs where every token yields the same integer.
        """
        view = self.view
        candidates &= view.live
        # Rarest tokens first: after two tokens, later ones are read only where both met.
        order = sorted(range(len(tokens)), key=lambda i: len(self.term(tokens[i]).docs))
        found = 0
        for segment in view.segments:
            size, offset = segment.size, segment.offset
            local = (candidates >> offset) & bits.full(size)
            if not local:
                continue
            wanted = bits.members(local, size)
            starts: np.ndarray | None = None
            for step, i in enumerate(order):
                docs, positions = segment.positions("phrase", tokens[i], wanted)
                keyed = (docs << 32) + positions - i  # ascending, as docs and positions are
                starts = keyed if starts is None else _common(starts, keyed)
                if step:
                    starting = starts >> 32
                    wanted = starting[np.diff(starting, prepend=-1) != 0]
                    if not len(wanted):
                        break
            found |= bits.from_docnums(wanted, size) << offset
        return found


def _common(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """The values in both of two ascending arrays without repeats (binary searches)."""
    if not len(first) or not len(second):
        return first[:0]
    at = np.minimum(np.searchsorted(first, second), len(first) - 1)
    common: np.ndarray = second[first[at] == second]
    return common
