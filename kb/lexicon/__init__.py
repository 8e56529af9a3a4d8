"""The vocabulary every stage shares: partners (gazetteer) and topics (taxonomy).

Bundled TOML files in `data/`, extended by the user's files named in `kb.toml`. Enrichment
tags records with them, the index keeps partner names whole, search expands queries with
them and the web app labels facet values with them.
"""

from __future__ import annotations

from dataclasses import dataclass

from kb.core.config import EnrichConfig
from kb.lexicon.files import LexiconError
from kb.lexicon.gazetteer import PARTNER_TYPES, Gazetteer, Partner
from kb.lexicon.taxonomy import Taxonomy, Topic


@dataclass(frozen=True)
class Lexicon:
    """The gazetteer and the taxonomy in use, loaded once per process."""

    gazetteer: Gazetteer
    taxonomy: Taxonomy

    @classmethod
    def load(cls, config: EnrichConfig) -> Lexicon:
        """The bundled files extended by the user's files (raises LexiconError)."""
        return cls(Gazetteer.load(config.partners_file), Taxonomy.load(config.topics_file))


__all__ = [
    "PARTNER_TYPES",
    "Gazetteer",
    "Lexicon",
    "LexiconError",
    "Partner",
    "Taxonomy",
    "Topic",
]
