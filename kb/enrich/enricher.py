"""Enrichment of one record: partners, topics, event date and unknown-institution candidates.

The pipeline calls `Enricher.enrich` for new records and again over every stored record when
`Enricher.fingerprint` changes (a partners or topics file was edited, or this code's rules
changed), so enrichment always reflects the current files without crawling again.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from kb.core.agreements import Signing
from kb.core.record import PartnerRef
from kb.core.text import normalize
from kb.enrich.agreements import SigningReader
from kb.enrich.candidates import find_candidates, owners_unit
from kb.enrich.dates import resolve_event_days
from kb.enrich.partners import Mention, matcher_for, planned_only
from kb.enrich.passing import Page, PassingModel, PassingReader
from kb.enrich.phrases import Hit, Phrase, PhraseIndex, blank
from kb.enrich.sections import Article, read_article
from kb.enrich.topics import TopicClassifier, TopicScore
from kb.enrich.visits import IN, Direction, visit_direction, visit_tags
from kb.lexicon import Gazetteer, Glossary, Taxonomy

#: Bump when a change to the enrichment rules should re-enrich every stored record.
ENRICH_VERSION = "97"


@dataclass
class Enrichment:
    """What enrichment adds to a record."""

    partners: list[PartnerRef] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    event_date: str | None = None
    event_end: str | None = None
    candidates: list[str] = field(default_factory=list)
    #: Units named after "我校"/"our": the publisher's own, never candidates of its source.
    own_units: list[str] = field(default_factory=list)
    #: Agreements the record says its publisher signed (kb.enrich.agreements).
    signings: list[Signing] = field(default_factory=list)
    #: Which way the visit the record reports went, per side (kb.enrich.visits).
    visits: list[str] = field(default_factory=list)


class Enricher:
    """Partners, topics and event date for records, from one gazetteer and one taxonomy."""

    def __init__(
        self,
        gazetteer: Gazetteer,
        taxonomy: Taxonomy,
        glossary: Glossary | None = None,
        passing: PassingModel | None = None,
    ) -> None:
        self.gazetteer = gazetteer
        self.taxonomy = taxonomy
        self._matcher = matcher_for(gazetteer)
        self._classifier = TopicClassifier(taxonomy, glossary)
        self._signings = SigningReader(glossary)
        self._bylines: PhraseIndex[bool] = PhraseIndex(Phrase(p, True) for p in taxonomy.ignore)
        self._passing = PassingReader(passing or PassingModel.bundled(), gazetteer)
        glossary_print = glossary.fingerprint if glossary else ""
        key = f"{ENRICH_VERSION}:{gazetteer.fingerprint}:{taxonomy.fingerprint}:{glossary_print}"
        key += f":{self._passing.model.digest}"
        self.fingerprint = hashlib.sha256(key.encode()).hexdigest()[:16]

    @classmethod
    def from_files(
        cls,
        partners_file: Path | None,
        topics_file: Path | None,
        glossary_file: Path | None = None,
        passing: PassingModel | None = None,
    ) -> Enricher:
        """The bundled data extended by the user's files named in `kb.toml` (None: bundled);
        `passing`: another passing model than the bundled one (to measure one in training)."""
        taxonomy = Taxonomy.load(topics_file)
        glossary = Glossary.load(glossary_file, taxonomy.topics)
        return cls(Gazetteer.load(partners_file), taxonomy, glossary, passing)

    def _across_the_strait(self, owner: str | None, partners: list[PartnerRef]) -> bool:
        """Whether a mainland publisher reports on a partner in Hong Kong, Macao or Taiwan,
        or a publisher there on a mainland partner: Hong Kong, Macao and Taiwan affairs,
        whatever words the record uses for them."""
        home = self.gazetteer.country_of(owner)
        if not home or HMT not in self.taxonomy.topics:
            return False
        countries = {self.gazetteer.country_of(p.id) for p in partners}
        if home == "CN":
            return bool(countries & _HMT_REGIONS)
        return home in _HMT_REGIONS and "CN" in countries

    def _hmt_of(self, owner: str | None, partners: list[PartnerRef]) -> bool:
        """Whether a publisher's page can be about Hong Kong, Macao and Taiwan affairs:
        one in China can; one abroad (an Australian university with Hong Kong partners)
        cannot; one in Hong Kong, Macao or Taiwan can when it names no partner or one on
        the mainland or in another of the three, for its exchanges abroad (a Macao
        university and its Portuguese partners, a Taiwan university and a Japanese one)
        cross no such boundary. A page without a known publisher, or a publisher there
        naming no partner, is read by its words."""
        home = self.gazetteer.country_of(owner)
        if home in _HMT_REGIONS:
            across = {"CN", *_HMT_REGIONS} - {home}
            return not partners or any(self.gazetteer.country_of(p.id) in across for p in partners)
        return not home or home == "CN"

    def _outside_cooperation(
        self, partners: list[PartnerRef], mentions: list[Mention], owner: str | None, title_end: int
    ) -> list[PartnerRef]:
        """The partners of a record with no more than stray words of cooperation (`_stray`)
        that names only institutions of the publisher's own country: in its body they are
        venues, hosts, opponents or employers (a league match, a job fair, a choir
        festival), not counterparts. Those its title names stay, and a record naming one
        from abroad keeps all of them: it is about something done with others, whatever its
        words."""
        known = self.gazetteer.partners
        home = self.gazetteer.country_of(owner)
        if home is None:
            return partners
        if any(known[p.id].country != home for p in partners):
            return partners
        return _titled(partners, mentions, title_end)

    def _read(self, title: str, body: str, attachment_text: str) -> tuple[Article, str]:
        """The article, and its text with the bylines and the sign-off blanked out."""
        article = read_article(title, body, attachment_text)
        ignored = self._bylines.find(article.text)
        if article.sign_off is not None:
            ignored.append(Hit(*article.sign_off, True, "sign-off"))
        return article, blank(article.text, ignored)

    def _direction(self, title: str, lead: str, lang: str, owner: str | None) -> Direction | None:
        publisher = self.gazetteer.partners.get(owner) if owner else None
        return None if publisher is None else visit_direction(title, lead, lang, publisher.forms)

    def passing_features(
        self, *, title: str, body: str, lang: str, owner: str | None, attachment_text: str = ""
    ) -> dict[str, list[str]]:
        """What the passing model reads of each partner named once after the title, whatever
        the rules make of it: its training examples (`bench/enrich.py --train`)."""
        article, text = self._read(title, body, attachment_text)
        visit = self._direction(title, article.main, lang, owner)
        page = Page(text, article.title_end, owner is not None, visit)
        return self._passing.lone_partners(self._matcher.mentions(text), page)

    def enrich(
        self,
        *,
        title: str,
        body: str,
        lang: str,
        published: str | None,
        owner: str | None,
        attachment_text: str = "",
    ) -> Enrichment:
        """Enrich one record.

        Everything comes from the title and the body without its trailing links to other
        articles, and from the attachment when the body is a notice pointing to it
        (`kb.enrich.sections`); partners and candidates are not looked for in the office
        names and bylines of every article (`ignore` in topics.toml).
        """
        article, text = self._read(title, body, attachment_text)
        days = resolve_event_days(f"{title}\n{article.main}", published, lang)
        judged = self._matcher.judge(text)  # one reading of the names, for partners and candidates
        found = find_candidates(text, self.gazetteer, judged)
        scores = self._classifier.explain(title, article.main, lang, published)
        topics = self._classifier.assigned(scores)
        publisher = self.gazetteer.partners.get(owner) if owner else None
        direction = self._direction(title, article.main, lang, owner)
        partners, mentions = self._matcher.find_with_mentions(
            text,
            owner,
            article.title_end,
            judged,
            plan="planning" in topics,
            hosting=direction == IN,
        )
        page = Page(text, article.title_end, owner is not None, direction)
        partners = self._passing.partners(partners, mentions, page)
        candidates = [name for name in found.names if not owners_unit(name, publisher)]
        candidates = self._passing.names(candidates, page)
        if topics and "planning" not in topics and self._across_the_strait(owner, partners):
            topics = [tid for tid in self.taxonomy.topics if tid in topics or tid == HMT]
        elif HMT in topics and not self._hmt_of(owner, partners):
            topics = [tid for tid in topics if tid != HMT]
        if _PARTY_WORK.search(normalize(title)):
            # party branches studying together, a study group's visit: not cooperation
            partners, topics, candidates = [], [], []
        elif (not scores or _stray(scores)) and _RANKING.search(title):
            partners = []  # a league table ranks institutions; it reports no dealings
        elif (not scores or _stray(scores)) and _CONTEST.search(text):  # a regatta's results
            partners = _titled(partners, mentions, article.title_end)
        elif _stray(scores):  # a match, a fair, a festival
            partners = self._outside_cooperation(partners, mentions, owner, article.title_end)
        if "planning" in topics:  # a plan's targets are no counterparts yet
            candidates = [name for name in candidates if not planned_only(name, text)]
        if not scores:  # not a word of cooperation: unknown names are no counterparts either
            candidates = [name for name in candidates if name in title]
        ids = [p.id for p in partners]
        visits = visit_tags(direction, owner, ids) if owner else []
        spans = [(m.partner, m.start, m.end) for m in mentions]
        return Enrichment(
            partners=partners,
            topics=topics,
            event_date=days.start,
            event_end=days.end,
            candidates=candidates,
            own_units=found.own,
            visits=visits,
            signings=self._signings.read(
                title=title,
                body=article.main,
                lang=lang,
                published=published,
                event_date=days.start,
                partner_spans=[span for span in spans if span[0] in ids],
                partners=ids,
            ),
        )


#: Titles of the party work of a unit (a branch's study day, a joint study with another
#: university's branch, the party committee's study group): no cooperation of the
#: university, whoever takes part or speaks. Not 党委 alone: its secretary leads
#: delegations.
_PARTY_WORK = re.compile("党支部|党总支|党建|主题党日|联学共建|主题教育|党史学习|理论学习中心组")


def _titled(
    partners: list[PartnerRef], mentions: list[Mention], title_end: int
) -> list[PartnerRef]:
    """The partners the title names (it ends at `title_end`)."""
    titled = {m.partner for m in mentions if m.start < title_end}
    return [p for p in partners if p.id in titled]


#: A title about a ranking of institutions.
_RANKING = re.compile(r"\brankings?\b|\bleague tables?\b|排名|排行榜", re.IGNORECASE)
#: Words of a contest: a record with them and without a word of cooperation names other
#: universities as rivals (a regatta's results), not as counterparts.
_CONTEST = re.compile(
    r"比赛|联赛|锦标赛|决赛|冠军|亚军|季军|\b(?:regatta|races?|crews?|championships?|"
    r"tournament|league|medals?|finished (?:first|second|third|fourth|fifth|behind|ahead))\b",
    re.IGNORECASE,
)

#: The topic of exchanges across the mainland's border with Hong Kong, Macao and Taiwan.
HMT = "hmt_affairs"
_HMT_REGIONS = frozenset(("HK", "MO", "TW"))


def _stray(scores: list[TopicScore]) -> bool:
    """Whether a record's words of cooperation are stray ones: all its keyword scores
    together stay below the lowest bar of its topics ("lecturer" in a marathon report, 游学
    inside 旅游学院), where two subjects told in passing (学生交流、教师互访) are not."""
    return sum(s.score for s in scores) < min((s.threshold for s in scores), default=1.0)
