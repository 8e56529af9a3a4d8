"""Human names for the ids the search engine returns, in the reader's language.

The index stores ids (`btbu`, `foreign_students`) so one facet value covers Chinese and
English pages; the people reading them want "北京工商大学" in the Chinese UI and "Beijing
Technology and Business University" in the English one.
"""

from __future__ import annotations

from kb.enrich import Gazetteer, Taxonomy
from kb.web.i18n import MESSAGES, translate


class Labels:
    """Labels for partner, topic, language and source values, built once per app."""

    def __init__(self, gazetteer: Gazetteer, taxonomy: Taxonomy) -> None:
        self.gazetteer = gazetteer
        self.taxonomy = taxonomy

    def partner(self, partner_id: str, locale: str, fallback: str | None = None) -> str:
        """Chinese name in the Chinese UI, English otherwise; `fallback` (or the id) if unknown."""
        partner = self.gazetteer.partners.get(partner_id)
        if partner is None:
            return fallback or partner_id
        if locale == "zh" and partner.name_zh:
            return partner.name_zh
        return partner.name or partner.name_zh or partner_id

    def topic(self, topic_id: str, locale: str) -> str:
        """The topic's label in `locale`, or its id when the taxonomy does not know it."""
        topic = self.taxonomy.topics.get(topic_id)
        if topic is None:
            return topic_id
        return (topic.label_zh if locale == "zh" else topic.label_en) or topic_id

    def facet_value(self, facet: str, value: str, locale: str) -> str:
        """The label of any facet value; years and sources are shown as they are."""
        if facet == "partner":
            return self.partner(value, locale)
        if facet == "topic":
            return self.topic(value, locale)
        if facet == "lang" and f"lang_{value}" in MESSAGES:
            return translate(f"lang_{value}", locale)
        return value

    def partner_type(self, kind: str | None, locale: str) -> str:
        """University, organisation, ... in `locale`; an unknown type shows as written."""
        if not kind:
            return "—"
        return translate(f"type_{kind}", locale) if f"type_{kind}" in MESSAGES else kind

    @property
    def fingerprint(self) -> str:
        """Changes with the partners and topics files, so HTTP caches notice an edit."""
        return f"{self.gazetteer.fingerprint}:{self.taxonomy.fingerprint}"
