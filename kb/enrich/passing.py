"""A learned reading of a partner the text names once: a counterpart, or named in passing.

The rules of `kb.enrich.partners` and `kb.enrich.context` know many forms of passing
mention (someone's past, a visitor's other stops, background, examples), and every batch of
pages no rule has seen still brings new ones: "alumni working at", "is a separate
university", 毕业生中有不少人在…任教. What those sentences share is their words: words of
the past, of other people's ties, of where people are now; a counterpart's sentence has
words of taking part ("speakers included", "co-organised", 签署, 来自…的学者). A
logistic model over the words around the one mention, trained on the labelled tuning pages
(`python bench/enrich.py --train`), reads what the rules do not.

It decides only for a name given once, after the title: one named in the title or named
again is what the page is about, and the rules decide for it. It drops a name only when it
is confident (`THRESHOLD`), for a counterpart lost costs more than a tag too many. Trained
on partners, it reads candidates too: how a name is given does not depend on whether the
partners file knows it.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from kb.core.record import PartnerRef
from kb.core.text import CJK_CHARS, fold, normalize
from kb.enrich.partners import Mention
from kb.enrich.sections import sentence_around
from kb.lexicon.gazetteer import Gazetteer

#: How far (characters) on each side of the name, within its sentence, words are read as
#: its left and right context; the whole sentence is read too.
WINDOW = 40
#: Below this probability of being a counterpart, a name given once is dropped. Chosen by
#: five-fold cross-validation on the tuning set (`bench/enrich.py --cross-validate`): within
#: 0.001 of the best partner F1 (at 0.1), for a third of the recall given up there.
THRESHOLD = 0.05
#: Training: passes over the examples, the step, and the shrinkage of each weight per step
#: (L2), which keeps words seen on one page from deciding alone.
_EPOCHS = 10
_RATE = 0.2
_SHRINK = 0.008
_SEED = 20251207
_MODEL = "passing.json"
#: Weights smaller than this are left out of the bundled model: they never decide.
_SMALLEST = 0.05
#: Latin words, and single Chinese characters (read in pairs: 曾任, 任教, 签署).
_TOKEN = re.compile(rf"[a-z]+|[{CJK_CHARS}]")


def words(text: str) -> list[str]:
    """The words a context is read by: lower-cased Latin words, and each pair of adjacent
    Chinese characters (Chinese has no spaces, and single characters say little)."""
    tokens = _TOKEN.findall(fold(text))
    found = []
    for i, token in enumerate(tokens):
        if len(token) > 1:
            found.append(token)
        elif i + 1 < len(tokens) and len(tokens[i + 1]) == 1:
            found.append(token + tokens[i + 1])
    return found


def features(
    text: str,
    span: tuple[int, int],
    partner_type: str,
    owner_known: bool,
    visit: str | None = None,
) -> list[str]:
    """What the model reads of one name at `span`: the words just before and after it (the
    verb that governs it, the role it is named in), every other word of its sentence (not
    the name's own: the model reads how an institution is named, not which), the kind of
    partner (an organisation is more often a frame than a university; empty for a name no
    partner has), whether the page has a known publisher (a news site's page reports on
    others' cooperation) and the way of the visit it reports (`visit`), with which the
    words before the name are read again (此后前往… is a hosted visitor's other stop, and
    our own delegation's next one)."""
    first, last = span
    start, end = sentence_around(text, first)
    left = words(text[max(start, first - WINDOW) : first])
    right = text[last : min(end, last + WINDOW)]
    return [
        *(f"L:{word}" for word in left),
        *(f"{visit}|L:{word}" for word in left if visit),
        f"visit:{visit}",
        *(f"R:{word}" for word in words(right)),
        *(f"S:{word}" for word in words(f"{text[start:first]} {text[last:end]}")),
        f"type:{partner_type}",
        f"publisher:{owner_known}",
        "bias",
    ]


def lone_mentions(mentions: Iterable[Mention], title_end: int) -> dict[str, Mention]:
    """The partners named once, after the title, among the mentions that stand, with their
    one mention."""
    named: dict[str, list[Mention]] = {}
    for mention in mentions:
        if mention.stands:
            named.setdefault(mention.partner, []).append(mention)
    return {
        partner: found[0]
        for partner, found in named.items()
        if len(found) == 1 and found[0].start >= title_end
    }


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


class PassingModel:
    """The weights of the words around a lone mention."""

    def __init__(self, weights: Mapping[str, float], threshold: float = THRESHOLD) -> None:
        self.weights = weights
        self.threshold = threshold
        payload = json.dumps([threshold, sorted(weights.items())]).encode()
        #: Part of the enricher's fingerprint: retraining re-enriches the stored records.
        self.digest = hashlib.sha256(payload).hexdigest()[:16]

    @classmethod
    def bundled(cls) -> PassingModel:
        """The model trained on the labelled tuning pages, shipped with the package."""
        return _bundled()

    def probability(self, features: Iterable[str]) -> float:
        """How likely the partner is a counterpart of the page."""
        return _sigmoid(sum(self.weights.get(feature, 0.0) for feature in set(features)))

    def in_passing(self, features: Iterable[str]) -> bool:
        """Whether the mention is confidently one in passing."""
        return self.probability(features) < self.threshold


@cache
def _bundled() -> PassingModel:
    text = resources.files("kb.enrich").joinpath("data", _MODEL).read_text(encoding="utf-8")
    return PassingModel(json.loads(text)["weights"])


@dataclass(frozen=True)
class Page:
    """What the model reads of a page besides a name's sentence: its text (bylines blanked),
    where its title ends, whether it has a known publisher, and the way of the visit it
    reports (`kb.enrich.visits`)."""

    text: str
    title_end: int
    has_publisher: bool
    visit: str | None


class PassingReader:
    """The model read over a page's lone names: its partners named once (whose kind the
    gazetteer gives) and its candidates given once."""

    def __init__(self, model: PassingModel, gazetteer: Gazetteer) -> None:
        self.model = model
        self._partners = gazetteer.partners

    def lone_partners(self, mentions: Iterable[Mention], page: Page) -> dict[str, list[str]]:
        """What the model reads of each partner named once after the title, however the
        rules judge it: the model's training examples."""
        lone = lone_mentions(mentions, page.title_end)
        return {partner: self._features(mention, page) for partner, mention in lone.items()}

    def partners(
        self, partners: list[PartnerRef], mentions: Iterable[Mention], page: Page
    ) -> list[PartnerRef]:
        """`partners` less those named once in a sentence the model reads as passing."""
        lone = lone_mentions(mentions, page.title_end)
        passing = {
            p.id
            for p in partners
            if p.id in lone and self.model.in_passing(self._features(lone[p.id], page))
        }
        return [p for p in partners if p.id not in passing]

    def names(self, names: list[str], page: Page) -> list[str]:
        """Candidates less those given once, after the title, in a sentence the model reads
        as passing: an unknown institution in passing is no more a counterpart than a known
        one."""
        if not names:
            return names  # most pages: no text to normalise again
        normal = normalize(page.text)  # candidates are written in simplified characters

        def in_passing(name: str) -> bool:
            start = normal.find(name, page.title_end)
            if start < 0 or normal.count(name) != 1:
                return False
            span = (start, start + len(name))
            return self.model.in_passing(
                features(page.text, span, "", page.has_publisher, page.visit)
            )

        return [name for name in names if not in_passing(name)]

    def _features(self, mention: Mention, page: Page) -> list[str]:
        kind = self._partners[mention.partner].type
        span = (mention.start, mention.end)
        return features(page.text, span, kind, page.has_publisher, page.visit)


def train(examples: Sequence[tuple[Sequence[str], bool]]) -> dict[str, float]:
    """Logistic regression by stochastic gradient descent over (features, is a counterpart)
    examples; deterministic (a seeded order), so that the bundled model can be checked
    against its training data. Weights are rounded, and the smallest left out, to keep the
    file small and its diffs readable."""
    weights: dict[str, float] = {}
    order = list(range(len(examples)))
    rng = random.Random(_SEED)
    for _ in range(_EPOCHS):
        rng.shuffle(order)
        for i in order:
            names, label = set(examples[i][0]), examples[i][1]
            error = _sigmoid(sum(weights.get(n, 0.0) for n in names)) - float(label)
            for name in names:
                weight = weights.get(name, 0.0)
                weights[name] = weight - _RATE * (error + _SHRINK * weight)
    return {name: round(w, 3) for name, w in sorted(weights.items()) if abs(w) >= _SMALLEST}


def model_file(weights: Mapping[str, float]) -> str:
    """The bundled model's file text for `weights`."""
    return json.dumps({"weights": dict(weights)}, ensure_ascii=False, indent=0) + "\n"
