"""A partner's cooperation history: totals, per year, per year and topic, newest records."""

from __future__ import annotations

import re
import shlex
from collections import Counter
from dataclasses import dataclass, field, replace

from kb.app.context import KnowledgeBase
from kb.core.text import has_cjk
from kb.search.model import Filters, Hit, SearchRequest, SearchResult
from kb.store import Candidate, StoreError

LATEST_RECORDS = 10


@dataclass
class PartnerProfile:
    """What the partner page and `/api/partners/<id>` show about one partner."""

    partner_id: str
    total: int = 0
    years: Counter[str] = field(default_factory=Counter)
    latest: list[Hit] = field(default_factory=list)
    year_topics: Counter[tuple[str, str]] = field(default_factory=Counter)

    @property
    def last(self) -> str | None:
        """Publication date of the newest record."""
        return self.latest[0].published if self.latest else None


def facet_counter(result: SearchResult, facet: str) -> Counter[str]:
    """A result's counts of one facet."""
    return Counter({value.value: value.count for value in result.facets.get(facet, [])})


def partner_profile(kb: KnowledgeBase, partner_id: str) -> PartnerProfile:
    """Totals and the newest records in one search, then one per topic for the grid.

    Facet counts do the counting (a dozen searches at most), so a partner with thousands
    of records costs no more than one with ten.
    """
    request = SearchRequest(
        filters=Filters({"partner": (partner_id,)}),
        sort="newest",
        per_page=LATEST_RECORDS,
        snippets=False,
    )
    result = kb.search(request)
    profile = PartnerProfile(
        partner_id, result.total, facet_counter(result, "year"), latest=result.hits
    )
    for topic in facet_counter(result, "topic"):
        filters = Filters({"partner": (partner_id,), "topic": (topic,)})
        by_topic = kb.search(replace(request, filters=filters, per_page=1))
        for year, count in facet_counter(by_topic, "year").items():
            profile.year_topics[year, topic] = count
    return profile


def known_partner_profile(kb: KnowledgeBase, partner_id: str) -> PartnerProfile | None:
    """The profile of a partner the gazetteer knows or some record names; else None."""
    profile = partner_profile(kb, partner_id)
    if not profile.total and partner_id not in kb.lexicon.gazetteer.partners:
        return None
    return profile


@dataclass(frozen=True)
class CandidateRow:
    """A candidate as staff see it: the store's counts, and the command that accepts it."""

    candidate: Candidate
    command: str


def last_activity(kb: KnowledgeBase) -> dict[str, str]:
    """Per partner, its newest record's publication date (none before the first crawl)."""
    try:
        return kb.store().partner_last_published()
    except StoreError:
        return {}


def candidate_rows(kb: KnowledgeBase, limit: int = 30) -> list[CandidateRow]:
    """The most frequent candidates (none before the first crawl)."""
    try:
        found = kb.store().candidates(limit=limit)
    except StoreError:
        return []
    return [CandidateRow(c, accept_command(c.name)) for c in found]


def accept_command(name: str) -> str:
    """`kb partners add` for a candidate name, with an id to adjust (the initials of an
    English name, "ID" for a Chinese one) and the English name to fill in."""
    if has_cjk(name):
        return f'kb partners add ID --name "English name" --name-zh {_shell_word(name)}'
    initials = "".join(w[0] for w in re.findall(r"[A-Za-z]+", name) if w[0].isupper())
    return f"kb partners add {initials.lower() or 'ID'} --name {_shell_word(name)}"


def _shell_word(text: str) -> str:
    """`text` as one shell word, quoted only when it has to be."""
    return text if re.fullmatch(r"[\w.-]+", text) else shlex.quote(text)
