"""Snippets: a short passage of a record with the query's terms marked.

The passage comes from the body, else the attachment text, else the title, else the start
of the body. A term is marked exactly where the search would match it (stems, folded
case, Chinese words as segmented), and the output is HTML-escaped text whose only markup
is `<mark>`.

Analysing whole bodies for twenty hits would cost more than the search, and even a
passage's analysis was most of a page's cost. So nothing is analysed that cannot match:
a Latin word is looked for by the first letters of a term (a plain substring search),
and only a word found so is folded and stemmed; a Chinese term is looked for as a
substring, and only the runs of Chinese text containing it are segmented.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from kb.core.text import CJK_CHARS, has_cjk
from kb.index.analysis import LATIN_CHAR, LATIN_WORD, Segmenter, analyze, normalize_word

SNIPPET_CHARS = 220
#: Only the start of very long texts is scanned: snippets must stay cheap.
SCAN_CHARS = 20_000
_PREFIX = 4  # letters of a Latin term looked for
#: Occurrences marked per term: where a term is everywhere, finding all of them in a long
#: text cost more than the rest of the snippet, and the passage is among the first ones.
_MARKS_PER_TERM = 48
#: Places a Latin prefix is checked at, per term: a prefix common in words that are not
#: the term must not make a long text cost a check per word.
_TRIES_PER_TERM = 256
_BOUNDARY = re.compile(r"[\s\W]")
_LATIN_CHAR = re.compile(LATIN_CHAR)
_LATIN_WORD = re.compile(LATIN_WORD)
_CJK_CHAR = re.compile(f"[{CJK_CHARS}]")
_CJK_RUN = re.compile(f"[{CJK_CHARS}]+")


class Highlighter:
    """Marks one query's analysed terms in the texts of its hits."""

    def __init__(
        self, terms: Iterable[str], segmenter: Segmenter, width: int = SNIPPET_CHARS
    ) -> None:
        self.terms = frozenset(terms)
        self.segmenter = segmenter
        self.width = width
        #: What its snippets depend on, in plain values: with a document number, a cache
        #: key the collector stops tracking (a frozenset in it would keep it tracked).
        self.signature: tuple[int | str, ...] = (width, *sorted(self.terms))
        self._cjk_terms = sorted(t for t in self.terms if has_cjk(t))
        self._prefixes = sorted({t[:_PREFIX] for t in self.terms if not has_cjk(t)})

    def snippet(self, texts: Iterable[str]) -> str:
        """The best passage of the first text with a match, else the first text's start."""
        texts = [t for t in texts if t]
        for text in texts:
            scanned = text[:SCAN_CHARS]
            spans = self.marks(scanned)
            if spans:
                return _render(scanned, spans, self.width)
        return _render(texts[0], [], self.width) if texts else ""

    def marks(self, text: str) -> list[tuple[int, int]]:
        """The spans of `text` that analysis turns into one of the terms: sorted, merged,
        and the first `_MARKS_PER_TERM` of each term. Spellings the analyzer folds before
        the letters are compared (full-width letters, traditional characters) are missed,
        and the passage is then that of another text, or the start of the body."""
        return _merge(self._latin_marks(text) + self._cjk_marks(text))

    def _latin_marks(self, text: str) -> list[tuple[int, int]]:
        if not self._prefixes:
            return []
        lowered = _lowered(text)
        spans = []
        for prefix in self._prefixes:
            found = tries = 0
            at = lowered.find(prefix)
            while at >= 0 and found < _MARKS_PER_TERM and tries < _TRIES_PER_TERM:
                tries += 1
                word = _LATIN_WORD.match(text, at) if _starts_word(text, at) else None
                if word is not None and normalize_word(word[0]) in self.terms:
                    spans.append(word.span())
                    found += 1
                at = lowered.find(prefix, at + 1)
        return spans

    def _cjk_marks(self, text: str) -> list[tuple[int, int]]:
        spans: list[tuple[int, int]] = []
        segmented: set[int] = set()  # runs already segmented, by their start
        for term in self._cjk_terms:
            at, runs = text.find(term), 0
            while at >= 0 and runs < _MARKS_PER_TERM:
                start, end = _run_around(text, at)
                if start not in segmented:
                    segmented.add(start)
                    tokens = analyze(text[start:end], self.segmenter, index=True)
                    spans += [
                        (start + t.start, start + t.end) for t in tokens if t.text in self.terms
                    ]
                runs += 1
                at = text.find(term, end)
        return spans


def _lowered(text: str) -> str:
    """`text` in lower case, one character for one (a few capitals lower to two)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(low if len(low := c.lower()) == 1 else c for c in text)


def _starts_word(text: str, at: int) -> bool:
    """Whether a Latin word of the analyzer starts at `at` (not inside a word, nor after
    the dot of a dotted form like "u.s")."""
    if at == 0:
        return True
    if _LATIN_CHAR.match(text, at - 1):
        return False
    return not (text[at - 1] == "." and at >= 2 and _LATIN_CHAR.match(text, at - 2))


def _run_around(text: str, at: int) -> tuple[int, int]:
    """The run of CJK characters containing position `at`."""
    start = at
    while start > 0 and _CJK_CHAR.match(text, start - 1):
        start -= 1
    run = _CJK_RUN.match(text, at)
    return start, run.end() if run else at


def _densest(positions: list[int], width: int) -> int:
    """The position starting the `width`-character window with the most positions."""
    best, best_count, j = positions[0], 0, 0
    for i, start in enumerate(positions):
        while j < len(positions) and positions[j] < start + width:
            j += 1
        if j - i > best_count:
            best, best_count = start, j - i
    return best


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, non-overlapping spans (a whole name and its parts overlap)."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _render(text: str, spans: list[tuple[int, int]], width: int) -> str:
    start = 0
    if spans:  # some context before the marks, but never a window cut short by the end
        first = min(_densest([s for s, _ in spans], width) - 20, len(text) - width)
        start = _boundary_before(text, max(0, first))
    end = _boundary_after(text, start + width)
    parts = ["…" if start > 0 else ""]
    cursor = start
    for s, e in spans:
        if s < start or e > end:
            continue
        parts += [html.escape(text[cursor:s]), "<mark>", html.escape(text[s:e]), "</mark>"]
        cursor = e
    parts += [html.escape(text[cursor:end]), "…" if end < len(text) else ""]
    return " ".join("".join(parts).split())  # whitespace runs to one space, ends trimmed


def _boundary_before(text: str, i: int) -> int:
    """`i`, moved back to the start of the word it cuts (at most 15 characters)."""
    for j in range(i, max(0, i - 15) - 1, -1):
        if j == 0 or _BOUNDARY.match(text[j - 1]) or has_cjk(text[j - 1]):
            return j
    return i


def _boundary_after(text: str, i: int) -> int:
    """`i`, moved on to the end of the word it cuts (at most 15 characters)."""
    if i >= len(text):
        return len(text)
    for j in range(i, min(len(text), i + 15)):
        if _BOUNDARY.match(text[j]) or has_cjk(text[j]):
            return j
    return i
