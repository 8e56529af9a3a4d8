"""The topic taxonomy: topic ids, their labels in both languages and their weighted keywords.

Staff must be able to see why a record got a topic and fix it by editing a file, so the
taxonomy is plain TOML: the bundled `data/topics.toml`, overridden or extended by the
user's `topics_file`. The classifier in `kb.enrich.topics` reads it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from kb.lexicon.files import Table, bundled, fingerprint, parse, read_user

_TOPIC_FIELDS = {"id", "label_en", "label_zh", "threshold", "keywords", "cue"}
_CUE_FIELDS = {"who", "what", "weight"}


def _bounded(default: float, lower: float = 0.0, upper: float | None = None) -> Any:
    """A scoring number with the range a file may set it in (`lower` excluded when it is
    above 0: a threshold of 0 would assign every topic)."""
    return field(default=default, metadata={"lower": lower, "upper": upper})


@dataclass(frozen=True)
class Scoring:
    """How keyword hits add up to topics; every number can be set at the top of a topics
    file (see the bundled topics.toml for what each one does)."""

    threshold: float = _bounded(2.0, lower=1e-9)
    title_weight: float = _bounded(1.0)
    lead_weight: float = _bounded(1.0)
    body_weight: float = _bounded(1.0)
    lead_chars: int = _bounded(0)
    max_mentions: int = _bounded(1, lower=1)
    relative_threshold: float = _bounded(0.0, upper=1.0)
    generic_weight: float = _bounded(0.0)
    single_keyword_factor: float = _bounded(1.0)
    glossary_weight: float = _bounded(0.0)
    enumeration_weight: float = _bounded(1.0, upper=1.0)
    intent_weight: float = _bounded(1.0, upper=1.0)


_SCORING = {f.name: f for f in fields(Scoring)}
_TOP_FIELDS = {*_SCORING, "ignore", "intent", "summary_topic", "topic"}


@dataclass(frozen=True)
class Cue:
    """Who does what, said in one sentence: a topic's evidence that no single word gives.

    Some words report a topic only with their actor: "研修" or "a course" is a student
    exchange when students take it abroad and a faculty exchange when teachers do. A
    sentence naming one of `who` and one of `what` counts as one keyword of `weight`. Both
    lists mix languages; English words follow the keyword rules ("student*").
    """

    who: tuple[str, ...]
    what: tuple[str, ...]
    weight: float


@dataclass(frozen=True)
class Topic:
    """A topic with its labels, its keywords (language -> keyword -> weight) and its cues."""

    id: str
    label_en: str
    label_zh: str
    keywords: dict[str, dict[str, float]]
    threshold: float
    cues: tuple[Cue, ...] = ()


class Taxonomy:
    """All topics, from the bundled `topics.toml` overridden/extended by a user file."""

    def __init__(
        self,
        topics: dict[str, Topic],
        *,
        scoring: Scoring,
        ignore: tuple[str, ...],
        intent: tuple[str, ...],
        fingerprint: str,
        summary_topic: str = "",
    ) -> None:
        self.topics = topics
        self.scoring = scoring
        #: Office names and bylines that must not count towards any topic.
        self.ignore = ignore
        #: Words that make a sentence say what is hoped or planned rather than what happened.
        self.intent = intent
        #: The topic of plans and summaries: when the title names it, the other topics must
        #: be named in the title too ("" switches this off).
        self.summary_topic = summary_topic
        self.fingerprint = fingerprint

    @classmethod
    def load(cls, user_file: Path | None = None) -> Taxonomy:
        """Bundled taxonomy, then the user's file: a known id takes the fields given (keywords
        merge, weight 0 removes one; cues given replace the topic's cues), a new id adds a
        topic; `ignore` and `intent` phrases
        add up.
        """
        label, raw = bundled("topics.toml")
        state = _State()
        state.apply(label, raw)
        user_raw = b""
        if user_file is not None:
            user_raw = read_user(user_file)
            state.apply(user_file, user_raw)
        default = state.scoring.threshold
        topics = {
            tid: Topic(t.id, t.label_en, t.label_zh, t.keywords, t.threshold or default, t.cues)
            for tid, t in state.topics.items()
        }
        return cls(
            topics,
            scoring=state.scoring,
            ignore=tuple(dict.fromkeys(state.ignore)),
            intent=tuple(dict.fromkeys(state.intent)),
            fingerprint=fingerprint(raw, user_raw),
            summary_topic=state.summary_topic,
        )


class _State:
    """The taxonomy while files are merged into it; a topic's threshold 0 means "default"."""

    def __init__(self) -> None:
        self.topics: dict[str, Topic] = {}
        self.scoring = Scoring()
        self.ignore: list[str] = []
        self.intent: list[str] = []
        self.summary_topic = ""

    def apply(self, label: Path | str, raw: bytes) -> None:
        top = Table(label, "", parse(label, raw))
        top.reject_unknown(_TOP_FIELDS)
        numbers: dict[str, Any] = {}
        for name, spec in _SCORING.items():
            default = getattr(self.scoring, name)
            numbers[name] = type(default)(_number(top, name, default, spec.metadata))
        self.scoring = Scoring(**numbers)
        self.ignore.extend(top.strings("ignore"))
        self.intent.extend(top.strings("intent"))
        self.summary_topic = top.string("summary_topic", default=self.summary_topic)
        seen: set[str] = set()
        for entry in top.tables("topic"):
            entry.reject_unknown(_TOPIC_FIELDS)
            tid = entry.string("id", required=True)
            if tid in seen:
                raise entry.fail("id", f"duplicate topic id {tid!r}")
            seen.add(tid)
            self.topics[tid] = _topic(entry, tid, self.topics.get(tid))
        if self.summary_topic and self.summary_topic not in self.topics:
            raise top.fail("summary_topic", f"no topic {self.summary_topic!r}")


def _number(table: Table, name: str, default: float, bounds: Mapping[str, Any]) -> float:
    """A scoring number of a file, checked against its bounds."""
    value = table.number(name, default)
    lower, upper = bounds["lower"], bounds["upper"]
    if value >= lower and (upper is None or value <= upper):
        return value
    if 0 < lower < 1:
        raise table.fail(name, "must be greater than 0")
    bound = f"between {lower:g} and {upper:g}" if upper is not None else f"at least {lower:g}"
    raise table.fail(name, f"must be {bound}")


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
    cues = tuple(_cue(table) for table in entry.tables("cue")) if entry.has("cue") else None
    return Topic(
        id=tid,
        label_en=entry.string(
            "label_en", required=base is None, default=base.label_en if base else ""
        ),
        label_zh=entry.string("label_zh", default=base.label_zh if base else ""),
        keywords=keywords,
        threshold=threshold,
        cues=cues if cues is not None else (base.cues if base else ()),
    )


def _cue(table: Table) -> Cue:
    table.reject_unknown(_CUE_FIELDS)
    who, what = table.strings("who"), table.strings("what")
    for name, words in (("who", who), ("what", what)):
        if not words:
            raise table.fail(name, "must list at least one word")
    weight = table.number("weight", 0.0)
    if weight <= 0:
        raise table.fail("weight", "must be greater than 0")
    return Cue(who, what, weight)
