"""Finding the gazetteer's partners in a record's text.

The matching rules (substring for Chinese, whole words for names, exact case for
abbreviations, longest match first, blockers) live in `kb.enrich.phrases`; this module adds
what is specific to partners: the first person ("我校", "our university") is never a partner,
and a school named after an institution belongs to that institution.
"""

from __future__ import annotations

from functools import lru_cache

from kb.core.record import PartnerRef
from kb.enrich.phrases import Hit, Phrase, PhraseIndex
from kb.lexicon.gazetteer import Gazetteer

#: "We": the publishing institution speaking of itself is never one of its partners, even
#: when a partners file lists such a word as an alias.
FIRST_PERSON = (
    "我校",
    "本校",
    "我院",
    "本院",
    "我所",
    "我们学校",
    "我们学院",
    "our university",
    "our school",
    "our college",
    "our institute",
)

#: A unit named right after an institution ("北京大学国际关系学院", "我校劳动关系学院") is a
#: school of that institution, not the partner whose name it happens to share.
_SUBUNIT_SUFFIXES = ("学院", "研究院", "研究所")


class PartnerMatcher:
    """Finds partners in text with one automaton over every surface form of the gazetteer."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        forms = gazetteer.surface_forms()
        #: Every surface form, lower-cased: what counts as "known" to candidate detection.
        self.known_forms = frozenset(form.lower() for form in forms)
        phrases: list[Phrase[str]] = [Phrase(form, pid) for form, pid in forms.items()]
        phrases += [Phrase(word, None) for word in (*FIRST_PERSON, *gazetteer.not_partners)]
        self._index: PhraseIndex[str] = PhraseIndex(phrases)

    def hits(self, text: str) -> list[Hit[str]]:
        """Every accepted match in text order: partners (value = id) and blockers (None)."""
        hits = self._index.find(text)
        ends = {hit.end for hit in hits}
        return [
            hit
            for hit in hits
            if not (hit.value is not None and hit.start in ends and _is_subunit(hit.phrase))
        ]

    def find(self, text: str, owner: str | None = None) -> list[PartnerRef]:
        """Distinct partners in order of first mention; the `owner` ("we") is never one."""
        found: dict[str, PartnerRef] = {}
        for hit in self.hits(text):
            pid = hit.value
            if pid is None or pid == owner or pid in found:
                continue
            found[pid] = PartnerRef(pid, self.gazetteer.partners[pid].name)
        return list(found.values())


def _is_subunit(phrase: str) -> bool:
    return phrase.endswith(_SUBUNIT_SUFFIXES)


@lru_cache(maxsize=8)
def matcher_for(gazetteer: Gazetteer) -> PartnerMatcher:
    """The matcher of a gazetteer, built once: the automaton is the expensive part."""
    return PartnerMatcher(gazetteer)
