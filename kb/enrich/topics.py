"""The topic taxonomy and a transparent, keyword-weighted multi-label classifier.

Staff must be able to see why a record got a topic and fix it by editing a file, so the
classifier is a sum of visible keyword weights against a threshold, nothing learned.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from kb.enrich.files import Table, bundled, fingerprint, parse, read_user
from kb.enrich.phrases import Phrase, PhraseIndex

_TOPIC_FIELDS = {"id", "label_en", "label_zh", "threshold", "keywords"}
_TOP_FIELDS = {"threshold", "title_weight", "max_mentions", "ignore", "topic"}

#: What one keyword adds to which topics: ((topic id, weight), ...).
Weights = tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class Topic:
    """A topic with its labels and its keywords: language -> keyword -> weight."""

    id: str
    label_en: str
    label_zh: str
    keywords: dict[str, dict[str, float]]
    threshold: float


@dataclass(frozen=True)
class TopicScore:
    """Why a topic was (or was not) assigned: the score, the bar and each keyword's share."""

    id: str
    score: float
    threshold: float
    hits: tuple[tuple[str, float], ...]

    @property
    def assigned(self) -> bool:
        """Whether the score reaches the threshold."""
        return self.score >= self.threshold


class Taxonomy:
    """All topics, from the bundled `topics.toml` overridden/extended by a user file."""

    def __init__(
        self,
        topics: dict[str, Topic],
        *,
        title_weight: float,
        max_mentions: int,
        ignore: tuple[str, ...],
        fingerprint: str,
    ) -> None:
        self.topics = topics
        self.title_weight = title_weight
        self.max_mentions = max_mentions
        #: Office names and bylines that must not count towards any topic.
        self.ignore = ignore
        self.fingerprint = fingerprint

    @classmethod
    def load(cls, user_file: Path | None = None) -> Taxonomy:
        """Bundled taxonomy, then the user's file: a known id takes the fields given (keywords
        merge, weight 0 removes one), a new id adds a topic; `ignore` phrases add up.
        """
        label, raw = bundled("topics.toml")
        state = _State()
        state.apply(label, raw)
        user_raw = b""
        if user_file is not None:
            user_raw = read_user(user_file)
            state.apply(user_file, user_raw)
        topics = {
            tid: Topic(t.id, t.label_en, t.label_zh, t.keywords, t.threshold or state.threshold)
            for tid, t in state.topics.items()
        }
        return cls(
            topics,
            title_weight=state.title_weight,
            max_mentions=state.max_mentions,
            ignore=tuple(dict.fromkeys(state.ignore)),
            fingerprint=fingerprint(raw, user_raw),
        )


class _State:
    """The taxonomy while files are merged into it; a topic's threshold 0 means "default"."""

    def __init__(self) -> None:
        self.topics: dict[str, Topic] = {}
        self.threshold = 0.0
        self.title_weight = 1.0
        self.max_mentions = 1
        self.ignore: list[str] = []

    def apply(self, label: Path | str, raw: bytes) -> None:
        top = Table(label, "", parse(label, raw))
        top.reject_unknown(_TOP_FIELDS)
        self.threshold = _positive(top, "threshold", self.threshold)
        self.title_weight = top.number("title_weight", self.title_weight)
        self.max_mentions = int(_positive(top, "max_mentions", self.max_mentions))
        self.ignore.extend(top.strings("ignore"))
        seen: set[str] = set()
        for entry in top.tables("topic"):
            entry.reject_unknown(_TOPIC_FIELDS)
            tid = entry.string("id", required=True)
            if tid in seen:
                raise entry.fail("id", f"duplicate topic id {tid!r}")
            seen.add(tid)
            self.topics[tid] = _topic(entry, tid, self.topics.get(tid))


def _positive(table: Table, name: str, default: float) -> float:
    value = table.number(name, default)
    if value <= 0:
        raise table.fail(name, "must be greater than 0")
    return value


def _topic(entry: Table, tid: str, base: Topic | None) -> Topic:
    """Build a topic from a table, taking absent fields from the topic it overrides."""
    keywords = {lang: dict(words) for lang, words in (base.keywords if base else {}).items()}
    section = entry.table("keywords")
    for lang in section.data:
        words = section.table(lang)
        merged = keywords.setdefault(lang, {})
        for word in words.data:
            weight = words.number(word, 0.0)
            if weight < 0:
                raise words.fail(word, "weight must not be negative")
            if weight == 0:
                merged.pop(word, None)
            else:
                merged[word] = weight
    threshold = entry.number("threshold", base.threshold if base else 0.0)
    if threshold < 0:
        raise entry.fail("threshold", "must not be negative")
    return Topic(
        id=tid,
        label_en=entry.string(
            "label_en", required=base is None, default=base.label_en if base else ""
        ),
        label_zh=entry.string("label_zh", default=base.label_zh if base else ""),
        keywords=keywords,
        threshold=threshold,
    )


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
        """Every topic with a non-zero score, best first, with the keywords that scored."""
        index = self._indexes.get(lang, self._all)
        body_hits = [hit for hit in index.find(body) if hit.value]
        title_hits = [hit for hit in index.find(title) if hit.value]
        in_body = Counter(hit.phrase for hit in body_hits)
        in_title = {hit.phrase for hit in title_hits}
        values = {hit.phrase: hit.value for hit in (*title_hits, *body_hits)}
        shares: dict[str, list[tuple[str, float]]] = {}
        for phrase, pairs in values.items():
            mentions = min(in_body[phrase], self.taxonomy.max_mentions)
            mentions += self.taxonomy.title_weight * (phrase in in_title)
            for tid, weight in pairs:
                shares.setdefault(tid, []).append((phrase, weight * mentions))
        scores = [
            TopicScore(
                tid, sum(s for _, s in hits), self.taxonomy.topics[tid].threshold, tuple(hits)
            )
            for tid, hits in shares.items()
        ]
        return sorted(scores, key=lambda s: (-s.score, s.id))

    def classify(self, title: str, body: str, lang: str) -> list[str]:
        """Assigned topic ids, in taxonomy order."""
        assigned = {s.id for s in self.explain(title, body, lang) if s.assigned}
        return [tid for tid in self.taxonomy.topics if tid in assigned]
