"""The topic taxonomy and a transparent, keyword-weighted multi-label classifier.

Staff must be able to see why a record got a topic and fix it by editing a file, so the
classifier is a sum of visible keyword weights against a threshold, nothing learned.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kb.enrich.files import Table, bundled, fingerprint, parse, read_user
from kb.enrich.phrases import Phrase, PhraseIndex

_TOPIC_FIELDS = {"id", "label_en", "label_zh", "threshold", "keywords"}
_TOP_FIELDS = {
    "threshold",
    "title_weight",
    "lead_weight",
    "body_weight",
    "lead_chars",
    "relative_threshold",
    "generic_weight",
    "single_keyword_factor",
    "max_mentions",
    "ignore",
    "topic",
}

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
        lead_weight: float = 1.0,
        body_weight: float = 1.0,
        lead_chars: int = 0,
        relative_threshold: float = 0.0,
        generic_weight: float = 0.0,
        single_keyword_factor: float = 1.0,
    ) -> None:
        self.topics = topics
        #: A mention in the title, in the lead (the body's first paragraphs, at least
        #: `lead_chars` characters) and later in the body counts this many times its weight.
        self.title_weight = title_weight
        self.lead_weight = lead_weight
        self.body_weight = body_weight
        self.lead_chars = lead_chars
        #: A topic must also reach this share of the record's strongest topic score.
        self.relative_threshold = relative_threshold
        #: A topic found through a single keyword lighter than `generic_weight` needs
        #: `single_keyword_factor` times its threshold.
        self.generic_weight = generic_weight
        self.single_keyword_factor = single_keyword_factor
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
            lead_weight=state.lead_weight,
            body_weight=state.body_weight,
            lead_chars=state.lead_chars,
            relative_threshold=state.relative_threshold,
            generic_weight=state.generic_weight,
            single_keyword_factor=state.single_keyword_factor,
        )


class _State:
    """The taxonomy while files are merged into it; a topic's threshold 0 means "default"."""

    def __init__(self) -> None:
        self.topics: dict[str, Topic] = {}
        self.threshold = 0.0
        self.title_weight = 1.0
        self.lead_weight = 1.0
        self.body_weight = 1.0
        self.lead_chars = 0
        self.relative_threshold = 0.0
        self.generic_weight = 0.0
        self.single_keyword_factor = 1.0
        self.max_mentions = 1
        self.ignore: list[str] = []

    def apply(self, label: Path | str, raw: bytes) -> None:
        top = Table(label, "", parse(label, raw))
        top.reject_unknown(_TOP_FIELDS)
        self.threshold = _positive(top, "threshold", self.threshold)
        self.title_weight = top.number("title_weight", self.title_weight)
        self.lead_weight = _share(top, "lead_weight", self.lead_weight, upper=None)
        self.body_weight = _share(top, "body_weight", self.body_weight, upper=None)
        self.lead_chars = int(_share(top, "lead_chars", self.lead_chars, upper=None))
        self.relative_threshold = _share(top, "relative_threshold", self.relative_threshold)
        self.generic_weight = _share(top, "generic_weight", self.generic_weight, upper=None)
        self.single_keyword_factor = _share(
            top, "single_keyword_factor", self.single_keyword_factor, upper=None
        )
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


def _share(table: Table, name: str, default: float, upper: float | None = 1.0) -> float:
    value = table.number(name, default)
    if value < 0 or (upper is not None and value > upper):
        bound = f"between 0 and {upper:g}" if upper is not None else "at least 0"
        raise table.fail(name, f"must be {bound}")
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
        values |= {hit.phrase: hit.value for hit in title_hits}
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
