"""A transparent, keyword-weighted multi-label topic classifier over the taxonomy.

A record's topics are a sum of visible keyword weights against a threshold, nothing learned,
so staff can see why a record got a topic and change it in `topics.toml`.
"""

from __future__ import annotations

from dataclasses import dataclass

from kb.enrich.phrases import Phrase, PhraseIndex
from kb.lexicon.taxonomy import Taxonomy

#: What one keyword adds to which topics: ((topic id, weight), ...).
Weights = tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class TopicScore:
    """Why a topic was (or was not) assigned: the score, the bars and each keyword's share.

    `threshold` is the topic's own bar; `relative_bar` is the share of the strongest topic's
    score that any topic of the same record must also reach, so that passing mentions of other
    topics do not ride along with what the article is about; `single_keyword_bar` is the higher
    bar of a topic whose only evidence is one generic (low-weight) keyword.
    """

    id: str
    score: float
    threshold: float
    hits: tuple[tuple[str, float], ...]
    relative_bar: float = 0.0
    single_keyword_bar: float = 0.0

    @property
    def bar(self) -> float:
        """The score needed: the highest of the bars."""
        return max(self.threshold, self.relative_bar, self.single_keyword_bar)

    @property
    def assigned(self) -> bool:
        """Whether the score reaches every bar."""
        return self.score >= self.bar


class TopicClassifier:
    """Scores every topic from keyword hits in title and body; one automaton per language."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        languages = {lang for t in taxonomy.topics.values() for lang in t.keywords}
        self._indexes = {lang: self._index({lang}) for lang in languages}
        self._all = self._index(languages)

    def _index(self, languages: set[str]) -> PhraseIndex[Weights]:
        """Keywords of some languages plus the ignored phrases (as blockers)."""
        weights: dict[str, list[tuple[str, float]]] = {}
        prefix: dict[str, bool] = {}
        for topic in self.taxonomy.topics.values():
            for lang in languages:
                for word, weight in topic.keywords.get(lang, {}).items():
                    text = word.removesuffix("*")
                    weights.setdefault(text, []).append((topic.id, weight))
                    prefix[text] = prefix.get(text, False) or word.endswith("*")
        phrases: list[Phrase[Weights]] = [
            Phrase(text, tuple(pairs), prefix[text]) for text, pairs in weights.items()
        ]
        phrases += [Phrase(text, None) for text in self.taxonomy.ignore]
        return PhraseIndex(phrases)

    def explain(self, title: str, body: str, lang: str) -> list[TopicScore]:
        """Every topic with a non-zero score, best first, with what each keyword added.

        A keyword adds its weight times `title_weight` when it is in the title, plus its weight
        times `lead_weight` or `body_weight` for each of its first `max_mentions` body mentions,
        depending on whether the mention is in the lead or later in the body.
        """
        taxonomy = self.taxonomy
        index = self._indexes.get(lang, self._all)
        lead_end = _lead_end(body, taxonomy.lead_chars)
        factors: dict[str, list[float]] = {}
        values: dict[str, Weights] = {}
        for hit in index.find(body):
            if hit.value:
                weight = taxonomy.lead_weight if hit.start < lead_end else taxonomy.body_weight
                factors.setdefault(hit.phrase, []).append(weight)
                values[hit.phrase] = hit.value
        title_hits = [hit for hit in index.find(title) if hit.value]
        in_title = {hit.phrase for hit in title_hits}
        values |= {hit.phrase: hit.value for hit in title_hits if hit.value}
        shares: dict[str, list[tuple[str, float]]] = {}
        generic: dict[str, bool] = {}
        for phrase, pairs in values.items():
            mentions = sum(factors.get(phrase, [])[: taxonomy.max_mentions])
            mentions += taxonomy.title_weight * (phrase in in_title)
            if mentions <= 0:
                continue
            for tid, weight in pairs:
                shares.setdefault(tid, []).append((phrase, weight * mentions))
                generic[tid] = weight < taxonomy.generic_weight
        totals = {tid: sum(share for _, share in hits) for tid, hits in shares.items()}
        relative_bar = taxonomy.relative_threshold * max(totals.values(), default=0.0)
        scores = []
        for tid, hits in shares.items():
            threshold = self.taxonomy.topics[tid].threshold
            single = len(hits) == 1 and generic[tid]
            single_bar = threshold * taxonomy.single_keyword_factor if single else 0.0
            scores.append(
                TopicScore(tid, totals[tid], threshold, tuple(hits), relative_bar, single_bar)
            )
        return sorted(scores, key=lambda s: (-s.score, s.id))

    def classify(self, title: str, body: str, lang: str) -> list[str]:
        """Assigned topic ids, in taxonomy order."""
        assigned = {s.id for s in self.explain(title, body, lang) if s.assigned}
        return [tid for tid in self.taxonomy.topics if tid in assigned]


def _lead_end(body: str, lead_chars: int) -> int:
    """Offset where the lead ends: after the first paragraphs that hold `lead_chars` characters
    of text (the whole body when it is shorter); 0 when `lead_chars` is 0 (no lead).
    """
    if lead_chars <= 0:
        return 0
    seen = 0
    offset = 0
    for line in body.splitlines(keepends=True):
        offset += len(line)
        seen += len(line.strip())
        if seen >= lead_chars:
            return offset
    return len(body)
