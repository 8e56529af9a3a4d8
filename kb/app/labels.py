"""Human names for the ids the search engine returns, in the reader's language.

The index stores ids (`btbu`, `foreign_students`, `zh`) so one facet value covers Chinese
and English pages; the people reading them want "北京工商大学" in the Chinese UI and
"Beijing Technology and Business University" in the English one. The JSON API carries these
labels too, so they belong here rather than in the web layer.
"""

from __future__ import annotations

from collections.abc import Iterable

from kb.core.text import fold
from kb.lexicon import Gazetteer, Taxonomy
from kb.search.facets import facet

#: Locales labels exist in; anything else reads English.
LOCALES: tuple[str, ...] = ("en", "zh")

_LANGUAGES: dict[str, tuple[str, str]] = {"zh": ("Chinese", "中文"), "en": ("English", "英文")}
_PARTNER_TYPES: dict[str, tuple[str, str]] = {
    "university": ("University", "大学"),
    "organisation": ("Organisation", "组织"),
    "government": ("Government", "政府机构"),
    "company": ("Company", "企业"),
    "other": ("Other", "其他"),
}


def pick(pair: tuple[str, str], locale: str) -> str:
    """The Chinese of an (English, Chinese) pair in the Chinese UI, the English otherwise."""
    return pair[1] if locale == "zh" else pair[0]


class Labels:
    """Labels for partner, topic, language and source values, built once per process."""

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

    def language(self, code: str, locale: str) -> str:
        """ "Chinese"/"中文" for `zh`; an unknown code shows as written."""
        pair = _LANGUAGES.get(code)
        return pick(pair, locale) if pair else code

    def facet_value(self, name: str, value: str, locale: str) -> str:
        """The label of a value of the facet `name`, as its registration asks."""
        match facet(name).label:
            case "partner":
                return self.partner(value, locale)
            case "topic":
                return self.topic(value, locale)
            case "language":
                return self.language(value, locale)
            case _:
                return value

    def names(self, name: str, value: str) -> tuple[str, ...]:
        """Everything a value of the facet `name` is called: its id, its labels in both
        languages and, for a partner, its aliases."""
        partner = self.gazetteer.partners.get(value) if facet(name).label == "partner" else None
        if partner is not None:
            return (value, *partner.forms)
        return (value, *(self.facet_value(name, value, locale) for locale in LOCALES))

    def matching(self, name: str, text: str, values: Iterable[str]) -> frozenset[str]:
        """Those of `values` of the facet `name` one of whose names holds `text` (folded:
        case, width, traditional characters): "she" finds the University of Sheffield."""
        needle = fold(text.strip())
        return frozenset(
            value for value in values if any(needle in fold(n) for n in self.names(name, value))
        )

    def partner_type(self, kind: str | None, locale: str) -> str:
        """University, organisation, ... in `locale`; an unknown type shows as written."""
        if not kind:
            return "—"
        pair = _PARTNER_TYPES.get(kind)
        return pick(pair, locale) if pair else kind

    @property
    def fingerprint(self) -> str:
        """Changes with the partners and topics files, so HTTP caches notice an edit."""
        return f"{self.gazetteer.fingerprint}:{self.taxonomy.fingerprint}"
