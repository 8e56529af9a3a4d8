"""Each segment's pairs of common words: where one follows the other, saved beside it.

A glossary phrase is often made of two of the commonest words of the index ("international
cooperation", "国际 合作"): confirming it from positions reads the positions of both words
in every document holding both, most of a segment, and at a million records the first
search for such a phrase took hundreds of milliseconds. Here, when a segment is written,
the words found in at least 1/FREQUENT_SHARE of its documents are listed, and for every
two of them that ever follow one another, the documents where they do. A phrase of two
listed words is answered from that list alone; a longer one is first narrowed to the
documents holding each of its listed pairs.

The file has the layout of a positions file of documents only (kb.index.format.positions;
field "pairs"): each listed word is a term "\\x01<word>" without postings, and each pair
a term "<first>\\x00<second>" whose postings are its documents. A pair of two listed
words that is not in the file never occurs. A segment without the file (written before, or by a
writer killed before renaming) is read from positions as before.
"""

from __future__ import annotations

from array import array
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from kb.core.runs import run_indices
from kb.index.format.positions import TermPostings

#: A word in at least 1/FREQUENT_SHARE of a segment's documents has its pairs listed (at
#: a million synthetic records: 168 words and 15,000 pairs in a segment of 20,000, 1.6 s
#: to list, 6 MB; at 1/16, 354 words, 60,000 pairs, 2.3 s, 8 MB).
FREQUENT_SHARE = 8
#: ... and in at least this many: below that, positions are cheap to read anyway.
FREQUENT_MIN_DOCS = 64
_WORD = "\x01"
_BETWEEN = "\x00"


@dataclass
class _PairPostings:
    """A listed word or pair, as `save_positions` takes it: documents, no positions (a
    file of documents only reads no frequencies)."""

    docnums: array[int] = field(default_factory=lambda: array("I"))
    freqs: array[int] = field(default_factory=lambda: array("I"))
    positions: array[int] = field(default_factory=lambda: array("I"))


def word_key(word: str) -> str:
    """The term that says `word` is listed in a segment's pairs file."""
    return _WORD + word


def pair_key(first: str, second: str) -> str:
    """The term holding the documents where `second` follows `first`."""
    return first + _BETWEEN + second


def frequent_pairs(table: Mapping[str, TermPostings], doc_count: int) -> dict[str, _PairPostings]:
    """The pairs file's terms for a segment's `text` postings (`doc_count` documents).

    Every occurrence of a listed word becomes one integer, (docnum << 32) + position;
    sorted together, an occurrence and each one of the integer one greater make a pair.
    """
    least = max(FREQUENT_MIN_DOCS, -(-doc_count // FREQUENT_SHARE))
    words = sorted(w for w, postings in table.items() if len(postings.docnums) >= least)
    found: dict[str, _PairPostings] = {word_key(w): _PairPostings() for w in words}
    if not words:
        return found
    keys, numbers = [], []
    for number, word in enumerate(words):
        postings = table[word]
        docs = np.frombuffer(postings.docnums, dtype=np.uint32).astype(np.int64)
        counts = np.frombuffer(postings.freqs, dtype=np.uint32).astype(np.int64)
        positions = np.frombuffer(postings.positions, dtype=np.uint32).astype(np.int64)
        keys.append((np.repeat(docs, counts) << 32) + positions)
        numbers.append(np.full(len(positions), number, dtype=np.int64))
    occurrences = np.concatenate(keys)
    order = np.argsort(occurrences, kind="stable")
    occurrences, word_of = occurrences[order], np.concatenate(numbers)[order]
    # Several words may share a position (the segmenter's words inside a longer one):
    # each occurrence pairs with every occurrence one position on.
    low = np.searchsorted(occurrences, occurrences + 1, side="left")
    high = np.searchsorted(occurrences, occurrences + 1, side="right")
    counts = high - low
    before = np.repeat(np.arange(len(occurrences)), counts)
    after = run_indices(low, counts)
    pairs = word_of[before] * len(words) + word_of[after]
    # One entry per (pair, document), sorted by pair, then document.
    entries = np.unique((pairs << 32) + (occurrences[before] >> 32))
    codes, docs = entries >> 32, (entries & 0xFFFFFFFF).astype(np.uint32)
    starts = np.flatnonzero(np.diff(codes, prepend=-1)).tolist()
    for start, end in zip(starts, [*starts[1:], len(codes)][: len(starts)], strict=True):
        code = int(codes[start])
        first, second = words[code // len(words)], words[code % len(words)]
        pair_docs = docs[start:end]
        found[pair_key(first, second)] = _PairPostings(array("I", pair_docs.tobytes()))
    return found
