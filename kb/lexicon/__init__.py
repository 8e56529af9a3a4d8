"""The vocabulary every stage shares: partners (gazetteer), topics (taxonomy) and the
bilingual glossary of cooperation words.

Bundled TOML files in `data/`, extended by the user's files named in `kb.toml`. Enrichment
tags records with them, the index keeps partner names whole, search expands queries with
them and the web app labels facet values with them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from kb.core.config import EnrichConfig
from kb.lexicon.files import LexiconError
from kb.lexicon.gazetteer import PARTNER_TYPES, Gazetteer, Partner
from kb.lexicon.glossary import Concept, Glossary
from kb.lexicon.taxonomy import Taxonomy, Topic


@dataclass(frozen=True)
class Lexicon:
    """The gazetteer, the taxonomy and the glossary in use, loaded once per process."""

    gazetteer: Gazetteer
    taxonomy: Taxonomy
    glossary: Glossary

    @classmethod
    def load(cls, config: EnrichConfig) -> Lexicon:
        """The bundled files extended by the user's files (raises LexiconError)."""
        taxonomy = Taxonomy.load(config.topics_file)
        return cls(
            Gazetteer.load(config.partners_file),
            taxonomy,
            Glossary.load(config.glossary_file, taxonomy.topics),
        )

    @classmethod
    def with_partners(cls, partners: Iterable[Partner]) -> Lexicon:
        """These partners only, with the bundled taxonomy and glossary (synthetic corpora,
        tests)."""
        taxonomy = Taxonomy.load()
        return cls(Gazetteer.of(partners), taxonomy, Glossary.load(None, taxonomy.topics))

    @property
    def fingerprint(self) -> str:
        """Changes when any of the three files changes."""
        return ":".join(
            (self.gazetteer.fingerprint, self.taxonomy.fingerprint, self.glossary.fingerprint)
        )


__all__ = [
    "PARTNER_TYPES",
    "Concept",
    "Gazetteer",
    "Glossary",
    "Lexicon",
    "LexiconError",
    "Partner",
    "Taxonomy",
    "Topic",
]
