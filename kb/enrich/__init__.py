"""Per-record enrichment: partners, topics, event dates and candidate partners.

`Enricher` is what the pipeline uses; the parts are importable on their own for tests and
benchmarks. The vocabulary they read (gazetteer, taxonomy) lives in `kb.lexicon`.
"""

from kb.enrich.candidates import find_candidates
from kb.enrich.dates import EventDays, resolve_event_days
from kb.enrich.enricher import ENRICH_VERSION, Enricher, Enrichment
from kb.enrich.partners import PartnerMatcher
from kb.enrich.topics import TopicClassifier, TopicScore

__all__ = [
    "ENRICH_VERSION",
    "Enricher",
    "Enrichment",
    "EventDays",
    "PartnerMatcher",
    "TopicClassifier",
    "TopicScore",
    "find_candidates",
    "resolve_event_days",
]
