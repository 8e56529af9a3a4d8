"""A transparent, keyword-weighted multi-label topic classifier over the taxonomy.

A record's topics are a sum of visible keyword weights against a threshold, nothing learned,
so staff can see why a record got a topic and change it in `topics.toml`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from kb.core.text import fold, has_cjk
from kb.enrich.phrases import Hit, Phrase, PhraseIndex
from kb.enrich.sections import SENTENCE_END, lead_end, sentence_around
from kb.enrich.years import year_of
from kb.lexicon.glossary import Glossary
from kb.lexicon.taxonomy import Taxonomy

#: What one keyword adds to which topics: ((topic id, weight), ...).
Weights = tuple[tuple[str, float], ...]
#: What a cue word is: ((topic id, cue number, True for a `who` word), ...).
Roles = tuple[tuple[str, int, bool], ...]


@dataclass(frozen=True)
class TopicScore:
    """Why a topic was (or was not) assigned: the score, the bars and each keyword's share.

    `threshold` is the topic's own bar; `relative_bar` is the share of the strongest topic's
    score that any topic of the same record must also reach, so that passing mentions of other
    topics do not ride along with what the article is about; `single_keyword_bar` is the higher
    bar of a topic whose only evidence is one generic (low-weight) keyword.
    `untitled_in_summary` is set on the topics of a plan or summary (the taxonomy's
    `summary_topic`, named in the title) that its title does not name: such an article lists
    every kind of activity, and is about planning.
    """

    id: str
    score: float
    threshold: float
    hits: tuple[tuple[str, float], ...]
    relative_bar: float = 0.0
    single_keyword_bar: float = 0.0
    untitled_in_summary: bool = False

    @property
    def bar(self) -> float:
        """The score needed: the highest of the bars."""
        return max(self.threshold, self.relative_bar, self.single_keyword_bar)

    @property
    def assigned(self) -> bool:
        """Whether the score reaches every bar (and the topic is not one of the activities a
        plan or summary lists without its title naming it)."""
        return self.score >= self.bar and not self.untitled_in_summary


class TopicClassifier:
    """Scores every topic from keyword hits in title and body; one automaton per language.

    The keywords are the taxonomy's, plus, at `glossary_weight`, the forms of the glossary's
    concepts that point to a topic: the paraphrases ("一行", "视频连线", "renewal") that
    report a topic without its keyword.
    """

    def __init__(self, taxonomy: Taxonomy, glossary: Glossary | None = None) -> None:
        self.taxonomy = taxonomy
        self._keywords = _keywords(taxonomy, glossary)
        languages = set(self._keywords)
        self._indexes = {lang: self._index({lang}) for lang in languages}
        self._all = self._index(languages)
        self._intent: PhraseIndex[bool] = PhraseIndex(Phrase(w, True) for w in taxonomy.intent)
        self._cues = self._cue_index()

    def _index(self, languages: set[str]) -> PhraseIndex[Weights]:
        """Keywords of some languages plus the ignored phrases (as blockers)."""
        weights: dict[str, list[tuple[str, float]]] = {}
        prefix: dict[str, bool] = {}
        for lang in languages:
            for (tid, word), weight in self._keywords[lang].items():
                text = word.removesuffix("*")
                weights.setdefault(text, []).append((tid, weight))
                prefix[text] = prefix.get(text, False) or word.endswith("*")
        phrases: list[Phrase[Weights]] = [
            Phrase(text, tuple(pairs), prefix[text]) for text, pairs in weights.items()
        ]
        phrases += [Phrase(text, None) for text in self.taxonomy.ignore]
        return PhraseIndex(phrases)

    def _cue_index(self) -> PhraseIndex[Roles]:
        """The cues' words; every keyword is a blocker, so a cue word inside a keyword
        ("学生" in "留学生", a foreign-students keyword) is that keyword's, not the cue's."""
        roles: dict[str, list[tuple[str, int, bool]]] = {}
        prefix: dict[str, bool] = {}
        for topic in self.taxonomy.topics.values():
            for number, cue in enumerate(topic.cues):
                for words, who in ((cue.who, True), (cue.what, False)):
                    for word in words:
                        text = word.removesuffix("*")
                        roles.setdefault(text, []).append((topic.id, number, who))
                        prefix[text] = prefix.get(text, False) or word.endswith("*")
        phrases: list[Phrase[Roles]] = [
            Phrase(text, tuple(found), prefix[text]) for text, found in roles.items()
        ]
        blockers = {w.removesuffix("*") for words in self._keywords.values() for _, w in words}
        blockers.update(self.taxonomy.ignore)
        phrases += [Phrase(text, None) for text in blockers if text not in roles]
        return PhraseIndex(phrases)

    def _cue_hits(
        self, text: str, keywords: list[Hit[Weights]]
    ) -> dict[tuple[str, int], list[tuple[int, str]]]:
        """(topic, cue number) -> (offset, "who…what") of each sentence naming both.

        A sentence that holds a strong keyword (one that reaches its topic's threshold
        alone) of another topic is that topic's: students going abroad in a sentence about
        a "2+2" programme report the programme, not an exchange.
        """
        ends = [m.end() for m in SENTENCE_END.finditer(text)]
        explained: dict[int, set[str]] = {}
        for keyword in keywords:
            strong = {t for t, w in keyword.value or () if w >= self.taxonomy.topics[t].threshold}
            explained.setdefault(bisect_right(ends, keyword.start), set()).update(strong)
        sentences: dict[int, dict[tuple[str, int], list[list[tuple[int, str]]]]] = {}
        for word in self._cues.find(text):
            sentence = bisect_right(ends, word.start)
            for tid, number, who in word.value or ():
                if explained.get(sentence, set()) - {tid}:
                    continue
                found = sentences.setdefault(sentence, {})
                found.setdefault((tid, number), [[], []])[0 if who else 1].append(
                    (word.start, word.phrase)
                )
        hits: dict[tuple[str, int], list[tuple[int, str]]] = {}
        for found in sentences.values():
            for key, (whos, whats) in found.items():
                if whos and whats:
                    start = min(whos[0][0], whats[0][0])
                    hits.setdefault(key, []).append((start, f"{whos[0][1]}…{whats[0][1]}"))
        return hits

    def explain(
        self, title: str, body: str, lang: str, published: str | None = None
    ) -> list[TopicScore]:
        """Every topic with a non-zero score, best first, with what each keyword added.

        A keyword adds its weight times `title_weight` when it is in the title, plus its weight
        times `lead_weight` or `body_weight` for each of its first `max_mentions` body mentions,
        depending on whether the mention is in the lead or later in the body. A body mention
        in a list ("联合培养、学生交流等") counts `enumeration_weight` times, and one in a
        sentence of intentions ("双方还将…", "will") `intent_weight` times, and so does a word
        of signing in a sentence telling a year two or more before the page's (`published`):
        an agreement "signed in 2019" (2017年签署的协议) is the history of the cooperation
        reported, not its news; a programme "run since 2015" may well be its subject. A
        topic's cue counts as one keyword, mentioned once per sentence that names who and
        what.
        """
        scoring = self.taxonomy.scoring
        index = self._indexes.get(lang, self._all)
        lead_ends = lead_end(body, int(scoring.lead_chars))
        intents = [hit.start for hit in self._intent.find(body)]
        past = _earlier_years(body, published)
        factors: dict[str, list[float]] = {}
        values: dict[str, Weights] = {}
        body_hits = index.find(body)
        for hit in body_hits:
            if hit.value:
                weight = scoring.lead_weight if hit.start < lead_ends else scoring.body_weight
                if _in_list(body, hit.start, hit.end):
                    weight *= scoring.enumeration_weight
                if _intended(body, hit.start, intents) or (
                    past
                    and all(tid == _SIGNING for tid, _ in hit.value)
                    and _in_past(body, hit.start, past)
                ):
                    weight *= scoring.intent_weight
                factors.setdefault(hit.phrase, []).append(weight)
                values[hit.phrase] = hit.value
        title_hits = [hit for hit in index.find(title) if hit.value]
        in_title = {hit.phrase for hit in title_hits}
        values |= {hit.phrase: hit.value for hit in title_hits if hit.value}
        cues = self._cues_of((title, title_hits), (body, body_hits))
        for (tid, number), (label, in_body, titled_cue) in cues.items():
            weight = self.taxonomy.topics[tid].cues[number].weight
            values[label] = ((tid, weight),)
            factors[label] = [
                (scoring.lead_weight if start < lead_ends else scoring.body_weight)
                * (scoring.intent_weight if _intended(body, start, intents) else 1.0)
                for start in in_body
            ]
            if titled_cue:
                in_title.add(label)
        shares: dict[str, list[tuple[str, float]]] = {}
        generic: dict[str, bool] = {}
        titled: set[str] = set()
        for phrase, pairs in values.items():
            mentions = sum(factors.get(phrase, [])[: int(scoring.max_mentions)])
            mentions += scoring.title_weight * (phrase in in_title)
            if mentions <= 0:
                continue
            for tid, weight in pairs:
                shares.setdefault(tid, []).append((phrase, weight * mentions))
                generic[tid] = weight < scoring.generic_weight
                if phrase in in_title:
                    titled.add(tid)
        totals = {tid: sum(share for _, share in hits) for tid, hits in shares.items()}
        relative_bar = scoring.relative_threshold * max(totals.values(), default=0.0)
        summary = self.taxonomy.summary_topic
        summarised = (
            summary in titled and totals[summary] >= self.taxonomy.topics[summary].threshold
        )
        scores = []
        for tid, hits in shares.items():
            threshold = self.taxonomy.topics[tid].threshold
            single = len(hits) == 1 and generic[tid]
            single_bar = threshold * scoring.single_keyword_factor if single else 0.0
            untitled = summarised and tid != summary and tid not in titled
            scores.append(
                TopicScore(
                    tid, totals[tid], threshold, tuple(hits), relative_bar, single_bar, untitled
                )
            )
        return sorted(scores, key=lambda s: (-s.score, s.id))

    def _cues_of(
        self, title: tuple[str, list[Hit[Weights]]], body: tuple[str, list[Hit[Weights]]]
    ) -> dict[tuple[str, int], tuple[str, list[int], bool]]:
        """Per cue found: its label (the first "who…what"), the body offsets of the
        sentences naming it, and whether the title names it (title and body come with their
        keyword hits)."""
        in_title = self._cue_hits(*title)
        in_body = self._cue_hits(*body)
        return {
            key: (
                (in_body.get(key) or in_title[key])[0][1],
                [start for start, _ in in_body.get(key, [])],
                key in in_title,
            )
            for key in in_title.keys() | in_body.keys()
        }

    def classify(self, title: str, body: str, lang: str) -> list[str]:
        """Assigned topic ids, in taxonomy order."""
        return self.assigned(self.explain(title, body, lang))

    def assigned(self, scores: list[TopicScore]) -> list[str]:
        """The topic ids `explain`'s scores assign, in taxonomy order.

        A meeting held online is no visit unless a word of travel says one happened too
        (a keyword of the visit topic at full weight: 来访, 一行, "delegation"): talks by
        video are talks, not a delegation. Students who go abroad within a joint programme
        (2+2, a double degree) are its students, not exchange students, and a joint PhD
        placement is an exchange, not a programme: of the two, the one its words weigh
        more is the subject.
        """
        assigned = {s.id for s in scores if s.assigned}
        if _JOINT in assigned and _EXCHANGE in assigned:
            score = {s.id: s.score for s in scores}
            assigned.discard(_EXCHANGE if score[_JOINT] >= score[_EXCHANGE] else _JOINT)
        if _ONLINE in assigned and _VISIT in assigned:
            visit = next(s for s in scores if s.id == _VISIT)
            if not any(self._travel(word) for word, _ in visit.hits):
                assigned.discard(_VISIT)
        return [tid for tid in self.taxonomy.topics if tid in assigned]

    def _travel(self, word: str) -> bool:
        """Whether a hit of the visit topic is one of its full-weight keywords."""
        topic = self.taxonomy.topics[_VISIT]
        return any(
            weight >= topic.threshold and word.lower() == key.removesuffix("*").lower()
            for words in topic.keywords.values()
            for key, weight in words.items()
        )


_ONLINE = "online_meeting"
_VISIT = "delegation_visit"
_JOINT = "joint_program"
_SIGNING = "agreement_signing"
_EXCHANGE = "student_exchange"


def _keywords(
    taxonomy: Taxonomy, glossary: Glossary | None
) -> dict[str, dict[tuple[str, str], float]]:
    """language -> (topic, keyword) -> weight: the taxonomy's keywords, and the glossary's
    forms for the topics their concepts point to (English ones open-ended, "visit*").

    A glossary form holding a keyword is left out: the keyword counts already, and the longer
    form would hide it ("学生交流协议" would hide "学生交流").
    """
    keywords: dict[str, dict[tuple[str, str], float]] = {}
    known: set[str] = set()
    for topic in taxonomy.topics.values():
        for lang, words in topic.keywords.items():
            for word, weight in words.items():
                keywords.setdefault(lang, {})[(topic.id, word)] = weight
                known.add(fold(word.removesuffix("*")))
    weight = taxonomy.scoring.glossary_weight
    if glossary is None or weight <= 0:
        return keywords
    for concept in glossary.concepts.values():
        if concept.topic not in taxonomy.topics:
            continue
        for lang, forms in (("zh", concept.zh), ("en", concept.en)):
            for form in forms:
                if not any(word in fold(form) for word in known):
                    word = form if lang == "zh" or has_cjk(form) else f"{form}*"
                    keywords.setdefault(lang, {})[(concept.topic, word)] = weight
    return keywords


_CLAUSE_END = re.compile(r"[，,：:]")


def _in_list(text: str, start: int, end: int) -> bool:
    """Whether a mention is an item of a list: "、" or "等" next to it, or an English
    "a, b and c" of which it is an item."""
    before = text[max(0, start - 2) : start].rstrip("“”\"'《》 ")
    after = text[end : end + 2].lstrip("“”\"'《》 ")
    if before.endswith("、") or after.startswith(("、", "等")):
        return True
    clause = _clause(text, start)
    return (
        clause.count(", ") >= 2
        and " and " in clause
        and (before.endswith(",") or after.startswith(",") or text[:start].endswith("and "))
    )


def _clause(text: str, offset: int) -> str:
    """The sentence around an offset."""
    begin, end = sentence_around(text, offset)
    return text[begin:end]


#: A year told as a time, without a month ("in 2019", "since 2017", "2018年" but not
#: "2018年5月", whose day is an event's).
_YEAR_TOLD = re.compile(
    r"\b(?:in|since|from|during)\s+((?:19|20)\d\d)\b(?!\s*[-–/])|((?:19|20)\d\d)年(?![\d一二三四五六七八九十]{1,2}月)",
    re.IGNORECASE,
)


def _earlier_years(body: str, published: str | None) -> list[int]:
    """Where the body tells a year before the one it was published in, and before the
    year before it (a review of last year, an event of last December are news): like an
    intention, that sentence is not what the page reports."""
    year = year_of(published)
    if year is None:
        return []
    return [
        m.start() for m in _YEAR_TOLD.finditer(body) if int(m.group(1) or m.group(2)) < year - 1
    ]


def _in_past(text: str, start: int, years: list[int]) -> bool:
    """Whether the sentence holding `start` tells one of the earlier `years`."""
    first, last = sentence_around(text, start)
    return any(first <= at < last for at in years)


def _intended(text: str, start: int, intents: list[int]) -> bool:
    """Whether an intention word comes before `start` in the same sentence."""
    for marker in intents:
        if marker < start and not SENTENCE_END.search(text, marker, start):
            return True
    return False
