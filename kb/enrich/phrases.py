"""One Aho-Corasick automaton over many phrases, with the matching rules of DESIGN.md.

Both the partner matcher and the topic classifier look for hundreds of phrases in every
record. Scanning once with an automaton keeps that linear in the text, whatever the number of
phrases. The rules for what counts as a match live here, once:

* Chinese (CJK) phrases match as substrings.
* Latin names match case-insensitively, on word boundaries ("Monash" not in "Monashville").
* Latin abbreviations (no lower-case letter, e.g. "ILO", "UM") match case-sensitively and as
  whole words, so "ILO" is never found in "pilot" or "PILOT" in a shouted headline.
* A phrase may be open-ended (``prefix=True``): its end needs no word boundary, so "exchange"
  also finds "exchanges".
* Overlapping matches are resolved longest first, so "北京工商大学" hides any shorter phrase
  inside it. A *blocker* (a phrase with value None) takes part in that contest but yields
  nothing: "澳大利亚" blocks the alias "澳大", an office name blocks a topic keyword.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from typing import Generic, TypeVar

import ahocorasick

from kb.core.text import fold, has_cjk, is_word_char, normalize

T = TypeVar("T")


class Kind(Enum):
    """How a phrase is compared with the text."""

    CJK = "cjk"
    NAME = "name"
    ABBREVIATION = "abbreviation"


def kind_of(phrase: str) -> Kind:
    """Classify a phrase: any Han character -> substring; no lower-case letter -> abbreviation."""
    if has_cjk(phrase):
        return Kind.CJK
    if any(c.isalpha() for c in phrase) and not any(c.islower() for c in phrase):
        return Kind.ABBREVIATION
    return Kind.NAME


@dataclass(frozen=True)
class Phrase(Generic[T]):
    """A phrase to find; `value` None makes it a blocker."""

    text: str
    value: T | None
    prefix: bool = False


@dataclass(frozen=True)
class Hit(Generic[T]):
    """An accepted match: [start, end) offsets in the original text; value None for a blocker."""

    start: int
    end: int
    value: T | None
    phrase: str


@dataclass(frozen=True)
class _Entry(Generic[T]):
    exact: str
    kind: Kind
    value: T | None
    prefix: bool


class PhraseIndex(Generic[T]):
    """All phrases of one matcher compiled into a single automaton."""

    def __init__(self, phrases: Iterable[Phrase[T]]) -> None:
        entries: dict[str, list[_Entry[T]]] = {}
        for phrase in phrases:
            text = normalize(phrase.text).strip()
            if not text:
                continue
            entry = _Entry(text, kind_of(text), phrase.value, phrase.prefix)
            bucket = entries.setdefault(fold(text), [])
            # Blockers first: a phrase that is both blocked and an alias stays blocked.
            if entry.value is None:
                bucket.insert(0, entry)
            else:
                bucket.append(entry)
        self._automaton = ahocorasick.Automaton()
        for key, bucket in entries.items():
            self._automaton.add_word(key, (len(key), tuple(bucket)))
        self._empty = not entries
        if not self._empty:
            self._automaton.make_automaton()

    def find(self, text: str) -> list[Hit[T]]:
        """Accepted, non-overlapping matches (blockers included), in text order."""
        if self._empty or not text:
            return []
        normal = normalize(text)
        folded = fold(text)
        candidates: list[Hit[T]] = []
        for last, (length, bucket) in self._automaton.iter(folded):
            start, end = last - length + 1, last + 1
            for entry in bucket:
                if _accepts(entry, normal, start, end):
                    candidates.append(Hit(start, end, entry.value, entry.exact))
                    break
        return _longest_first(candidates, len(text))


def blank(text: str, hits: Iterable[Hit[T]]) -> str:
    """`text` with the spans of `hits` replaced by spaces: offsets stay valid."""
    chars = list(text)
    for hit in hits:
        chars[hit.start : hit.end] = " " * (hit.end - hit.start)
    return "".join(chars)


def _accepts(entry: _Entry[T], normal: str, start: int, end: int) -> bool:
    """Apply the per-kind rule to one automaton match."""
    if entry.kind is Kind.CJK:
        return True
    if entry.kind is Kind.ABBREVIATION and normal[start:end] != entry.exact:
        return False
    if is_word_char(entry.exact[0]) and start > 0 and is_word_char(normal[start - 1]):
        return False
    if entry.prefix:
        return True
    return not (is_word_char(entry.exact[-1]) and end < len(normal) and is_word_char(normal[end]))


def _longest_first(candidates: list[Hit[T]], size: int) -> list[Hit[T]]:
    """Keep the longest of overlapping matches (earlier on ties); return them in text order."""
    taken = bytearray(size)
    kept: list[Hit[T]] = []
    for hit in sorted(candidates, key=lambda h: (h.start - h.end, h.start)):
        if not any(taken[hit.start : hit.end]):
            taken[hit.start : hit.end] = b"\x01" * (hit.end - hit.start)
            kept.append(hit)
    kept.sort(key=lambda h: h.start)
    return kept
