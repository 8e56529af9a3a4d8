"""The topic taxonomy: topic ids, their labels in both languages and their weighted keywords.

Staff must be able to see why a record got a topic and fix it by editing a file, so the
taxonomy is plain TOML: the bundled `data/topics.toml`, overridden or extended by the
user's `topics_file`. The classifier in `kb.enrich.topics` reads it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kb.lexicon.files import Table, bundled, fingerprint, parse, read_user

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


@dataclass(frozen=True)
class Topic:
    """A topic with its labels and its keywords: language -> keyword -> weight."""

    id: str
    label_en: str
    label_zh: str
    keywords: dict[str, dict[str, float]]
    threshold: float


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
