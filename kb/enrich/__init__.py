"""Enrichment: partners, topics, event dates and candidate partners for collected records.

`Enricher` is what the pipeline uses; the parts are importable on their own for the search
layer (`Gazetteer.surface_forms` for the segmenter and query alias expansion) and for tests.
"""

from kb.enrich.candidates import find_candidates
from kb.enrich.dates import resolve_event_date
from kb.enrich.enricher import ENRICH_VERSION, Enricher, Enrichment
from kb.enrich.errors import EnrichConfigError
from kb.enrich.partners import Gazetteer, Partner, PartnerMatcher
from kb.enrich.topics import Taxonomy, Topic, TopicClassifier, TopicScore

__all__ = [
    "ENRICH_VERSION",
    "EnrichConfigError",
    "Enricher",
    "Enrichment",
    "Gazetteer",
    "Partner",
    "PartnerMatcher",
    "Taxonomy",
    "Topic",
    "TopicClassifier",
    "TopicScore",
    "find_candidates",
    "resolve_event_date",
]
