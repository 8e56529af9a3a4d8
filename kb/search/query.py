"""The query language staff type, parsed into a small tree that never fails.

Supported: words, "quoted phrases" (also “…” and 「…」), `-word` / `-"phrase"` / `NOT word`
to exclude, `OR` (or `|`) between two terms, `AND` (ignored: terms are ANDed anyway).
Anything else is text: there is no field syntax, no wildcards, no ranges, so `title:x`,
`*` or `a AND OR` cannot fail or blow up, they degrade to plain terms. An unbalanced
quote is ignored. Control characters are dropped and very long input is truncated.

Partner aliases found in the query (case-insensitively, as whole words; abbreviations of
up to three letters only as typed in capitals, so "us" is not "US") become alias clauses,
which the matcher expands to the partner id and all its names in both languages.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

import ahocorasick

from kb.core.text import (
    MAX_QUERY_CHARS,
    exact_case_in_queries,
    has_cjk,
    is_word_char,
    to_simplified,
)

MAX_CLAUSES = 24

_QUOTES = {'"': '"', "\u201c": "\u201d", "\u300c": "\u300d", "\uff02": "\uff02"}
_OPEN = "".join(_QUOTES)
_CHUNK = re.compile(rf"(-?)([{re.escape(_OPEN)}])|(\S+)")


@dataclass(frozen=True)
class Clause:
    """One unit of meaning: a word (or an unquoted run), a phrase, or a partner alias."""

    text: str
    phrase: bool = False
    partners: tuple[str, ...] = ()  # set for an alias or a partner's name word


#: A query read word by word: a clause with whether it is negated, or the OR between two.
Item = tuple[Clause, bool] | Literal["OR"]
_OR: Literal["OR"] = "OR"


@dataclass(frozen=True)
class ParsedQuery:
    """AND of `groups` (each an OR of clauses), minus anything matching `excluded`."""

    groups: tuple[tuple[Clause, ...], ...] = ()
    excluded: tuple[Clause, ...] = field(default=())


class AliasIndex:
    """Finds the names staff type for partners in query text (leftmost-longest, whole
    words): names and aliases of one partner, and words shared by a few ("Macau")."""

    def __init__(self, aliases: Mapping[str, Iterable[str]], blockers: Iterable[str] = ()) -> None:
        """`blockers`: words that hold an alias without being its partner ("澳大利亚"
        holds 澳大): found longest-first like the names, they hide what they hold."""
        self._automaton = ahocorasick.Automaton()
        for form in blockers:
            key = _fold(" ".join(form.split()))
            if key and key not in self._automaton:
                self._automaton.add_word(key, (len(key), form, (), False))
        for form, partners in aliases.items():
            form = " ".join(form.split())
            if not form:
                continue
            key = _fold(form)
            case_sensitive = exact_case_in_queries(form)
            self._automaton.add_word(key, (len(key), form, tuple(partners), case_sensitive))
        self._empty = not aliases
        if not self._empty:
            self._automaton.make_automaton()

    def find(self, text: str) -> list[tuple[int, int, tuple[str, ...]]]:
        """(start, end, partner ids) of names in `text`, non-overlapping."""
        if self._empty:
            return []
        folded = _fold(text)
        if len(folded) != len(text):  # casefold changed lengths: offsets unusable
            return []
        found = []
        for end_index, (length, form, partners, case_sensitive) in self._automaton.iter_long(
            folded
        ):
            start, end = end_index + 1 - length, end_index + 1
            if not partners:
                continue  # a blocker
            if case_sensitive and text[start:end] != form:
                continue
            if not has_cjk(form) and not _whole_word(text, start, end):
                continue
            found.append((start, end, partners))
        return found


def _fold(text: str) -> str:
    return to_simplified(text).casefold()


def _whole_word(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not is_word_char(before) and not is_word_char(after)


def clean(q: str) -> str:
    """Drop control characters, normalise spaces, cap the length."""
    q = "".join(" " if unicodedata.category(c)[0] in "CZ" else c for c in q[: MAX_QUERY_CHARS * 2])
    return " ".join(q.split())[:MAX_QUERY_CHARS]


def parse(q: str, aliases: AliasIndex | None = None) -> ParsedQuery:
    """Parse free text into a ParsedQuery; never raises."""
    items = _items(clean(q), aliases)  # (clause, negated) and the "OR" marker
    groups: list[list[Clause]] = []
    excluded: list[Clause] = []
    join_next = False
    for item in items:
        if item == _OR:
            join_next = bool(groups)
            continue
        clause, negated = item
        if negated:
            excluded.append(clause)
        elif join_next:
            groups[-1].append(clause)
        else:
            groups.append([clause])
        join_next = False
        if len(groups) + len(excluded) >= MAX_CLAUSES:
            break
    return ParsedQuery(tuple(tuple(g) for g in groups), tuple(excluded))


def _items(q: str, aliases: AliasIndex | None) -> list[Item]:
    items: list[Item] = []
    negate_next = False
    pos = 0
    while pos < len(q):
        match = _CHUNK.match(q, pos)
        if match is None:  # whitespace
            pos += 1
            continue
        pos = match.end()
        if match.group(2):  # an opening quote
            closing = _QUOTES[match.group(2)]
            end = q.find(closing, pos)
            if end < 0:
                continue  # unbalanced: ignore the quote, read on as words
            text, pos = q[pos:end].strip(), end + 1
            if text:
                items.append((_alias_or_phrase(text, aliases), bool(match.group(1)) or negate_next))
            negate_next = False
            continue
        word = match.group(3)
        if word in ("OR", "|", "||"):
            items.append(_OR)
            continue
        if word in ("AND", "&&", "&", "+"):
            continue
        if word == "NOT":
            negate_next = True
            continue
        negated = negate_next or (word.startswith("-") and len(word) > 1)
        negate_next = False
        if word.startswith("-"):
            word = word.lstrip("-")
        items.extend((clause, negated) for clause in _word_clauses(word, aliases))
    return _join_multiword_aliases(items, aliases)


def _alias_or_phrase(text: str, aliases: AliasIndex | None) -> Clause:
    if aliases is not None:
        found = aliases.find(text)
        if len(found) == 1 and found[0][:2] == (0, len(text)):
            return Clause(text, phrase=True, partners=found[0][2])
    return Clause(text, phrase=True)


def _word_clauses(word: str, aliases: AliasIndex | None) -> list[Clause]:
    """A whitespace-free chunk; CJK text may hold an alias inside ("北工商合作")."""
    if not word:
        return []
    found = aliases.find(word) if aliases is not None else []
    clauses, cursor = [], 0
    for start, end, partners in found:
        if start > cursor:
            clauses.append(Clause(word[cursor:start]))
        clauses.append(Clause(word[start:end], phrase=True, partners=partners))
        cursor = end
    if cursor < len(word):
        clauses.append(Clause(word[cursor:]))
    return clauses


def _join_multiword_aliases(items: list[Item], aliases: AliasIndex | None) -> list[Item]:
    """Merge consecutive plain words that together spell an alias ("University of X")."""
    if aliases is None:
        return items
    result: list[Item] = []
    i = 0
    while i < len(items):
        best = None
        run: list[str] = []
        for j in range(i, min(len(items), i + 8)):
            item = items[j]
            if item == _OR or item[1] or (item[0].phrase and not item[0].partners):
                break
            run.append(item[0].text)
            if j > i:
                text = " ".join(run)
                found = aliases.find(text)
                if len(found) == 1 and found[0][:2] == (0, len(text)):
                    best = (j, Clause(text, phrase=True, partners=found[0][2]))
        if best is not None:
            result.append((best[1], False))
            i = best[0] + 1
        else:
            result.append(items[i])
            i += 1
    return result
