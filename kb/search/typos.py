"""Correcting a mistyped word towards the words the knowledge base knows.

The rule of Meilisearch and Typesense: one edit allowed in words of five letters or more,
two in words of nine or more, none in shorter ones (where one edit makes another word);
two neighbouring letters swapped are one edit, as there ("Monahs", 联合国科教文组织), where
plain Levenshtein counted two.
Candidates are the lexicon's words (partner names and short names, glossary forms) and
the index's own Latin terms; a candidate no record contains is useless and skipped, unless
it names a partner with tagged records. The closest wins, a lexicon word before an index
term, then the more frequent.
"""

from __future__ import annotations

import re

from rapidfuzz import process
from rapidfuzz.distance import OSA

from kb.index.analysis import analyze
from kb.search.terms import term
from kb.search.view import IndexView
from kb.search.vocabulary import QueryVocabulary

_LATIN = re.compile(r"[A-Za-z]+")
_CHINESE_NAME = re.compile(r"[\u4e00-\u9fff]{5,20}")
#: A four-character Chinese name (两字 + 大学) is one character from many others (北京大学,
#: 南京大学, 东京大学): it is corrected only when it holds a word no record contains and one
#: partner's name alone is one character away (首耳大学 -> 首尔大学).
_SHORT_CHINESE_NAME = re.compile(r"[\u4e00-\u9fff]{4}")
#: Candidates looked at per word, closest first.
CANDIDATES = 10


def edits_allowed(word: str) -> int:
    """How many edits a word of this length may carry."""
    return 2 if len(word) >= 9 else 1 if len(word) >= 5 else 0


def correction(
    view: IndexView, vocabulary: QueryVocabulary, word: str, *, in_a_name: bool = False
) -> str | None:
    """The word staff probably meant, or None (nothing close). A Chinese run is compared
    with the Chinese names of partners only (characters count as letters). `in_a_name`:
    the word is read as part of a partner's name, which the caller checks, so a word of
    the lexicon counts though no record holds it ("Polytecnic" of a partner whose records
    are all in Chinese)."""
    if _CHINESE_NAME.fullmatch(word):
        return _closest_name(vocabulary, word)
    if _SHORT_CHINESE_NAME.fullmatch(word):
        return _only_name(view, vocabulary, word)
    if not _LATIN.fullmatch(word):
        return None
    allowed = edits_allowed(word)
    if not allowed:
        return None
    typed = word.lower()
    ranked: list[tuple[int, int, int, str]] = []
    for rank, choices in enumerate((vocabulary.words, view.latin_terms())):
        for candidate, distance, _ in process.extract(
            typed, choices, scorer=OSA.distance, score_cutoff=allowed, limit=CANDIDATES
        ):
            if candidate == typed:
                continue
            tokens = [t.text for t in analyze(candidate, view.segmenter)]
            found = len(term(view, tokens[0]).docs) if len(tokens) == 1 else 0
            if not found and rank == 0:  # a partner's name finds its tagged records
                found = _tagged(view, vocabulary, candidate) or int(in_a_name)
            if found:
                ranked.append((int(distance), rank, -found, candidate))
    if not ranked:
        return None
    best = min(ranked)[3]
    return best.capitalize() if word[:1].isupper() else best


def _tagged(view: IndexView, vocabulary: QueryVocabulary, name: str) -> int:
    """The records tagged with the partners a word names ("Chengchi": NCCU's, whose
    reports are in Chinese and never spell it)."""
    partners = view.facets["partner"]
    return sum(
        len(partners.docnums(partner))
        for _, _, ids in vocabulary.aliases.find(name)
        for partner in ids
    )


def _only_name(view: IndexView, vocabulary: QueryVocabulary, word: str) -> str | None:
    """The one Chinese partner name a character away from a four-character `word` that
    holds a word no record contains (see _SHORT_CHINESE_NAME)."""
    if all(len(term(view, t.text).docs) for t in analyze(word, view.segmenter)):
        return None
    found = _names_near(vocabulary, word, 1)
    return found[0] if len(found) == 1 else None


def _closest_name(vocabulary: QueryVocabulary, word: str) -> str | None:
    """The Chinese partner name closest to `word` within the edits its length allows."""
    found = _names_near(vocabulary, word, edits_allowed(word))
    return found[0] if found else None


def _names_near(vocabulary: QueryVocabulary, word: str, edits: int) -> list[str]:
    """The two Chinese partner names closest to `word` within `edits`, closest first; none
    when `word` is a name itself."""
    if word in vocabulary.chinese_names:
        return []
    found = process.extract(
        word, vocabulary.chinese_names, scorer=OSA.distance, score_cutoff=edits, limit=2
    )
    return [name for name, _, _ in found]
