"""Site chrome: text a source prints on many of its pages (bylines, office names, footers,
"related articles" lines), found by counting, not by lists.

A segment of a line (lines split at "|", runs of spaces and spaces between Chinese
characters) that appears in enough of a source's records is chrome. Chrome stays in the
stored record and on the record page, but enrichment and ranking ignore it: otherwise the
"港澳台事务办公室" signature under every article makes every article about Hong Kong,
Macao and Taiwan, and outranks the records really about them.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator

from kb.core.text import CJK_CHARS

#: A segment is chrome when this share of a source's records has it, and at least
#: MIN_RECORDS of them: one template line on every page, or a "latest news" headline
#: repeated on a good part of them.
SHARE = 0.2
MIN_RECORDS = 3
#: Records of a source read to find its chrome (the newest): templates change slowly.
SAMPLE = 300
#: Longer segments are content, even when repeated (an article published twice).
MAX_CHARS = 160
MIN_CHARS = 4

_SPLIT = re.compile(rf"\s*[|｜]\s*|\s{{2,}}|\u3000+|(?<=[{CJK_CHARS}）)])\s+(?=[{CJK_CHARS}（(])")
_EDGES = " \t()（）[]【】<>《》:：,，.。;；-—_·•"


def segments(line: str) -> Iterator[str]:
    """The pieces of a line that templates repeat, normalised for counting."""
    for piece in _SPLIT.split(line):
        key = _key(piece)
        if MIN_CHARS <= len(key) <= MAX_CHARS:
            yield key


def detect(bodies: Iterable[str]) -> frozenset[str]:
    """The chrome segments of one source, from the bodies of (a sample of) its records."""
    counts: Counter[str] = Counter()
    total = 0
    for body in bodies:
        total += 1
        counts.update({key for line in body.splitlines() for key in segments(line)})
    needed = max(MIN_RECORDS, math.ceil(SHARE * total))
    return frozenset(key for key, n in counts.items() if n >= needed)


def strip(body: str, chrome: frozenset[str]) -> str:
    """`body` without its chrome segments (lines left empty are dropped)."""
    if not chrome:
        return body
    lines = []
    for line in body.splitlines():
        pieces = [p for p in _SPLIT.split(line) if _key(p) not in chrome]
        kept = " ".join(p.strip() for p in pieces if p.strip())
        if kept:
            lines.append(kept)
    return "\n".join(lines)


def fingerprint(chrome: Iterable[str]) -> str:
    """Changes when the chrome of a source changes."""
    return hashlib.sha256("\n".join(sorted(chrome)).encode("utf-8")).hexdigest()[:16]


def _key(piece: str) -> str:
    """A piece of a line as counted: spaces collapsed, punctuation at its ends gone, folded."""
    return " ".join(piece.split()).strip(_EDGES).casefold()
