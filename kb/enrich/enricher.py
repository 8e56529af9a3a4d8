"""Enrichment of one record: partners, topics, event date and unknown-institution candidates.

The pipeline calls `Enricher.enrich` for new records and again over every stored record when
`Enricher.fingerprint` changes (a partners or topics file was edited, or this code's rules
changed), so enrichment always reflects the current files without crawling again.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from kb.core.record import PartnerRef
from kb.enrich.candidates import find_candidates
from kb.enrich.dates import resolve_event_days
from kb.enrich.partners import matcher_for
from kb.enrich.topics import TopicClassifier
from kb.lexicon import Gazetteer, Taxonomy

#: Bump when a change to the enrichment rules should re-enrich every stored record.
ENRICH_VERSION = "2"


@dataclass
class Enrichment:
    """What enrichment adds to a record."""

    partners: list[PartnerRef] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    event_date: str | None = None
    event_end: str | None = None
    candidates: list[str] = field(default_factory=list)


class Enricher:
    """Partners, topics and event date for records, from one gazetteer and one taxonomy."""

    def __init__(self, gazetteer: Gazetteer, taxonomy: Taxonomy) -> None:
        self.gazetteer = gazetteer
        self.taxonomy = taxonomy
        self._matcher = matcher_for(gazetteer)
        self._classifier = TopicClassifier(taxonomy)
        key = f"{ENRICH_VERSION}:{gazetteer.fingerprint}:{taxonomy.fingerprint}"
        self.fingerprint = hashlib.sha256(key.encode()).hexdigest()[:16]

    @classmethod
    def from_files(cls, partners_file: Path | None, topics_file: Path | None) -> Enricher:
        """The bundled data extended by the user's files named in `kb.toml` (None: bundled)."""
        return cls(Gazetteer.load(partners_file), Taxonomy.load(topics_file))

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

        Partners and candidates come from title, body and attachments: meeting notes are often
        only in an attached file. Topics and the event date come from the title and the body
        (the attachment when the body is empty): the article's lead names the event.
        """
        everything = "\n".join(part for part in (title, body, attachment_text) if part)
        main = body if body.strip() else attachment_text
        days = resolve_event_days(f"{title}\n{main}", published, lang)
        return Enrichment(
            partners=self._matcher.find(everything, owner=owner),
            topics=self._classifier.classify(title, main, lang),
            event_date=days.start,
            event_end=days.end,
            candidates=find_candidates(everything, self.gazetteer),
        )
