"""Snippets: a short passage of a record with the query's terms marked.

The passage comes from the body, else the attachment text, else the title, else the start
of the body. Matching uses the index analyzer, so a term is marked exactly where the
search would match it (stems, folded case and width, Chinese words as segmented). The
output is HTML-escaped text whose only markup is `<mark>`.

Analysing a whole body for each of twenty hits would cost more than the search, so a
cheap probe (a regex on the first letters of each term) finds the likely passage first,
and only that passage is analysed; the whole text is analysed only if the probe misled.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from functools import lru_cache
from itertools import islice

from kb.core.text import has_cjk
from kb.index.analysis import Segmenter, analyze

SNIPPET_CHARS = 220
#: Only the start of very long texts is scanned: snippets must stay cheap.
SCAN_CHARS = 20_000
_PROBE_PREFIX = 4  # letters of a Latin term the probe looks for
_CONTEXT = 40  # characters analysed around a probed passage
#: The passage is chosen among the first probe hits: where a term is everywhere, scanning
#: all of a long text for it cost more than the rest of the snippet.
_PROBE_HITS = 48
_SPACE = re.compile(r"\s+")
_BOUNDARY = re.compile(r"[\s\W]")


class Highlighter:
    """Marks one query's analysed terms in the texts of its hits."""

    def __init__(
        self, terms: Iterable[str], segmenter: Segmenter, width: int = SNIPPET_CHARS
    ) -> None:
        self.terms = frozenset(terms)
        self.segmenter = segmenter
        self.width = width
        self.probe = _probe(self.terms)
        cjk_terms = [t for t in self.terms if has_cjk(t)]
        # A Chinese run can only yield a term it contains: the rest need no segmenting.
        self._segment_run = lambda run: any(term in run for term in cjk_terms)

    def snippet(self, texts: Iterable[str]) -> str:
        """The best passage of the first text with a match, else the first text's start."""
        texts = [t for t in texts if t]
        if self.probe is not None:
            for text in texts:
                scanned = text[:SCAN_CHARS]
                spans = self._spans(scanned)
                if spans:
                    return _render(scanned, spans, self.width)
        return _render(texts[0], [], self.width) if texts else ""

    def _spans(self, text: str) -> list[tuple[int, int]]:
        assert self.probe is not None
        hits = [m.start() for m in islice(self.probe.finditer(text), _PROBE_HITS)]
        if not hits:
            return []
        start = _boundary_before(text, max(0, _densest(hits, self.width) - _CONTEXT))
        end = _boundary_after(text, start + self.width + 2 * _CONTEXT)
        spans = self._analysed(text, start, end)
        return spans or self._analysed(text, 0, len(text))

    def _analysed(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        spans = [
            (start + t.start, start + t.end)
            for t in analyze(
                text[start:end], self.segmenter, index=True, segment_run=self._segment_run
            )
            if t.text in self.terms
        ]
        return _merge(spans)


@lru_cache(maxsize=256)
def _probe(terms: frozenset[str]) -> re.Pattern[str] | None:
    """A regex finding places where a term may occur. It misses only spellings the analyzer
    folds (full-width letters, ligatures); the passage then starts the text, unmarked."""
    if not terms:
        return None
    parts = sorted(
        {
            re.escape(t) if has_cjk(t) else r"(?<![^\W_])" + re.escape(t[:_PROBE_PREFIX])
            for t in terms
        }
    )
    return re.compile("|".join(parts), re.IGNORECASE)


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
    return _SPACE.sub(" ", "".join(parts)).strip()


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
