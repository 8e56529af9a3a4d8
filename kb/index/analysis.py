"""Bilingual text analysis: one tokenisation for indexing, querying and highlighting.

Latin runs are folded (NFKC, case, accents) and stemmed (Porter2); CJK runs are
segmented with jieba (rjieba). Positions count tokens, not characters, so phrase queries work the
same way in both scripts, and every token keeps its character offsets for highlighting.

Partner names from the gazetteer must stay whole ("北京工商大学", not 北京/工商/大学), so a
longest-match pass over the vocabulary runs before jieba. At index time every word longer
than two characters also emits its jieba parts at the same position, so a search for
"北京" finds 北京工商大学 and "留学" finds 留学生; queries never emit parts, so a phrase
containing a long word stays one token. It also emits, beside a personal name next to a
title (王立新副校长), the name's pinyin (wang, lixin: see kb.index.names), so an English
query for the person finds the Chinese reports.
"""

from __future__ import annotations

import hashlib
import re
import threading
import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any, NamedTuple

import ahocorasick
import rjieba

from kb.core.text import CJK_CHARS, has_cjk, to_simplified
from kb.index.format.stemming import stem as porter2_stem
from kb.index.names import names_a_title, names_in

#: A character of a Latin word: a letter or digit outside the CJK blocks.
LATIN_CHAR = f"[^\\W_{CJK_CHARS}]"
#: A Latin word: letters and digits, dotted forms like "u.s" kept together.
LATIN_WORD = f"{LATIN_CHAR}+(?:\\.{LATIN_CHAR}+)*"
# A CJK run, or a Latin word.
_TOKEN = re.compile(f"([{CJK_CHARS}]+)|({LATIN_WORD})")

# Deliberately short: only words too frequent to help ranking. Months ("may") and
# pronouns that name parties ("us", "we") stay searchable.
_STOP_TEXT = """
a an and are as at be by for from has have in is it its of on or s that the this
to was were which with
的 了 和 与 及 在 是 对 等 并 也 将 于 为
"""
STOP_WORDS = frozenset(_STOP_TEXT.split())


class Tok(NamedTuple):
    """One analysed token: the indexed term, its token position and its source characters."""

    text: str
    pos: int
    start: int
    end: int


def vocabulary_words(forms: Iterable[str]) -> tuple[str, ...]:
    """The surface forms that change segmentation: only those containing CJK characters.

    Latin names tokenise the same with or without the vocabulary, so an English-only
    partner added to the gazetteer does not force a rebuild.
    """
    return tuple(
        sorted({to_simplified(form.strip()) for form in forms if has_cjk(form) and form.strip()})
    )


def vocabulary_fingerprint(words: Iterable[str]) -> str:
    """A stable hash of the segmenter vocabulary, stored with each index generation."""
    digest = hashlib.sha256("\n".join(sorted(set(words))).encode("utf-8"))
    return digest.hexdigest()[:16]


@lru_cache(maxsize=200_000)
def normalize_word(word: str) -> str:
    """Fold a Latin word: full-width to ASCII, case, accents; then its Porter2 stem."""
    if not word.isascii():
        word = unicodedata.normalize("NFKC", word)
        word = "".join(
            c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c)
        )
    word = word.lower()
    if word in STOP_WORDS:
        return ""
    return porter2_stem(word) if word.isalpha() else word


class Segmenter:
    """CJK word segmentation that keeps vocabulary words whole (leftmost-longest match)."""

    def __init__(self, words: tuple[str, ...]) -> None:
        self.words = words
        self._automaton: Any = None
        if words:
            automaton = ahocorasick.Automaton()
            for word in words:
                automaton.add_word(word, len(word))
            automaton.make_automaton()
            self._automaton = automaton

    def segment(self, run: str, parts: bool) -> Iterator[tuple[str, int, int, bool]]:
        """(word, start, end, is_part) for a CJK run; parts of long words only if `parts`.

        Parts are jieba's search-mode pieces of a word (北京工商大学 -> 北京, 工商, 大学;
        留学生 -> 留学): indexed at the word's position, so a search for a shorter word
        finds the longer one, while queries, which never emit parts, keep phrases whole.
        """
        cursor = 0
        if self._automaton is not None:
            for end_index, length in self._automaton.iter_long(run):
                start = end_index + 1 - length
                if start > cursor:
                    yield from _jieba(run[cursor:start], cursor, parts)
                yield from _with_parts(run[start : end_index + 1], start, parts)
                cursor = end_index + 1
        if cursor < len(run):
            yield from _jieba(run[cursor:], cursor, parts)


def _jieba(text: str, offset: int, parts: bool) -> Iterator[tuple[str, int, int, bool]]:
    for word, start, _end in rjieba.tokenize(text):
        yield from _with_parts(word, start + offset, parts)


def split_word(word: str) -> list[str]:
    """A long Chinese word as consecutive parts the index gives it (see
    `Segmenter.segment`), when some of them spell it end to end (文化交流 -> 文化, 交流);
    else []. Text that cut the word differently in context ("线上文化交流活动" -> 文化,
    交流活动) still holds those parts at consecutive positions."""
    if len(word) <= 2 or not has_cjk(word):
        return []
    longest: dict[int, tuple[int, str]] = {}
    for part, start, end in rjieba.tokenize(word, mode="search"):
        if end - start < len(word) and end > longest.get(start, (0, ""))[0]:
            longest[start] = (end, part)
    parts, at = [], 0
    while at < len(word) and at in longest:
        at, part = longest[at]
        parts.append(part)
    return parts if at == len(word) else []


def _with_parts(word: str, offset: int, parts: bool) -> Iterator[tuple[str, int, int, bool]]:
    yield word, offset, offset + len(word), False
    if parts and len(word) > 2:
        for part, start, end in rjieba.tokenize(word, mode="search"):
            if end - start < len(word):
                yield part, offset + start, offset + end, True


_segmenters: dict[tuple[str, ...], Segmenter] = {}
_segmenters_lock = threading.Lock()


def segmenter_for(words: tuple[str, ...]) -> Segmenter:
    """One shared Segmenter per vocabulary: readers reopen the schema on every refresh."""
    with _segmenters_lock:
        segmenter = _segmenters.get(words)
        if segmenter is None:
            if len(_segmenters) > 8:  # vocabularies change rarely; keep only recent ones
                _segmenters.clear()
            segmenter = _segmenters[words] = Segmenter(words)
        return segmenter


def analyze(
    text: str,
    segmenter: Segmenter,
    *,
    index: bool = False,
) -> Iterator[Tok]:
    """Tokens of `text` in order. `index=True` adds the parts of whole vocabulary words.

    Chinese is folded to simplified first (offsets stay those of `text`), so 香港理工大學
    and 香港理工大学 are the same words to the index and to queries.
    """
    pos = 0
    for match in _TOKEN.finditer(to_simplified(text)):
        if match.lastindex == 2:  # a Latin word
            term = normalize_word(match[0])
            if term:
                yield Tok(term, pos, match.start(), match.end())
                pos += 1
            continue
        base = match.start()
        pieces = [p for p in segmenter.segment(match[0], parts=index) if p[0] not in STOP_WORDS]
        named = index and names_a_title(match[0])
        romanised = _romanised_names([p for p in pieces if not p[3]]) if named else {}
        whole = 0
        for term, start, end, is_part in pieces:
            if is_part:  # shares the position of the whole word it belongs to
                yield Tok(term, pos - 1, base + start, base + end)
                continue
            yield Tok(term, pos, base + start, base + end)
            for spelt, name_start, name_end in romanised.get(whole, ()):
                yield Tok(spelt, pos, base + name_start, base + name_end)
            pos += 1
            whole += 1


def _romanised_names(
    words: list[tuple[str, int, int, bool]],
) -> dict[int, list[tuple[str, int, int]]]:
    """The pinyin of the personal names among a run's words, for indexing: the surname
    at the position of the name's first word and the given name at its last (王|立新 ->
    wang, lixin, in order, so "Wang Lixin" finds it as a phrase too), each spanning the
    name's characters. Keyed by the index of the word they go with."""
    found: dict[int, list[tuple[str, int, int]]] = {}
    for name in names_in([word for word, *_ in words]):
        start, end = words[name.start][1], words[name.start + name.size - 1][2]
        last = name.start + name.size - 1
        found.setdefault(name.start, []).append((normalize_word(name.surname), start, end))
        found.setdefault(last, []).append((normalize_word(name.given), start, end))
    return found


def __getattr__(name: str) -> Any:
    """`MixedAnalyzer` by its first import path: indexes built before `kb.index.format`
    existed pickled it as `kb.index.analysis.MixedAnalyzer`."""
    if name == "MixedAnalyzer":
        from kb.index.format.analyzer import MixedAnalyzer

        return MixedAnalyzer
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
