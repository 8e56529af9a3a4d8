"""Character rules every stage shares: what counts as Chinese, how text is folded for
matching, what an abbreviation is, and the limits on what a person may type.

The crawler's pages, the enrichment's phrase matching, the index's analysis and the query
parser all ask these questions; answering them in one place keeps a word that enrichment
tags and a word that search finds the same word.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable

import opencc

#: Han ideographs (with "〇"), their extensions and compatibility forms, and kana: the
#: characters matched as substrings and segmented with jieba rather than split on spaces.
CJK_CHARS = (
    "\u3007\u3040-\u30ff"
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    "\U00020000-\U0002fa1f\U00030000-\U0003134f"
)
_CJK = re.compile(f"[{CJK_CHARS}]")

#: What an id looks like (partner ids, topic ids, source names): ASCII, so ids are safe in
#: file names and URLs, and a URL holding many of them stays short.
ID_PATTERN = "[A-Za-z0-9][A-Za-z0-9_.-]*"
_ID = re.compile(ID_PATTERN)


def is_id(text: str) -> bool:
    """Whether `text` is a well-formed id (see ID_PATTERN)."""
    return _ID.fullmatch(text) is not None


#: The longest query a person may type (characters); longer input is cut, not refused.
MAX_QUERY_CHARS = 500

_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_PUNCTUATION = {
    **{ord(c): "'" for c in "\u2018\u2019\u201b\u2032"},
    **{ord(c): '"' for c in "\u201c\u201d\u201f\u2033"},
    **{ord(c): "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"},
    **{ord(c): " " for c in "\u00a0\u2002\u2003\u2009\u3000\t\r\n"},
    ord("\u30fb"): "\u00b7",
}
_TABLE: dict[int, int | str] = {**_FULL_WIDTH, **_PUNCTUATION}
_TABLE_KEEPING_LINES = {k: v for k, v in _TABLE.items() if k != ord("\n")}


def is_cjk(char: str) -> bool:
    """Whether one character is Chinese (or kana); CJK punctuation such as "、" is not."""
    return _CJK.match(char) is not None


def has_cjk(text: str) -> bool:
    """Whether `text` holds CJK characters: such phrases match by substring, not by word."""
    return _CJK.search(text) is not None


def is_word_char(char: str) -> bool:
    """A letter or digit of an alphabetic script: what a Latin word boundary must not cut."""
    return char.isalnum() and not is_cjk(char)


def one_of(words: Iterable[str]) -> str:
    """A regular-expression group matching any of `words` literally, the longest first, so
    a word is never cut short by one it starts with (我们学校 before 我们)."""
    return (
        "(?:" + "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w))) + ")"
    )


_converters = threading.local()


def to_simplified(text: str) -> str:
    """Traditional Chinese folded to simplified (香港理工大學 -> 香港理工大学), one character
    for one, so offsets found in the result are valid in the original.

    OpenCC converts whole phrases; in the rare case a phrase changes length, that text is
    converted character by character instead.
    """
    if not has_cjk(text):
        return text
    converter = getattr(_converters, "t2s", None)
    if converter is None:
        converter = _converters.t2s = opencc.OpenCC("t2s.json")
    simplified: str = converter.convert(text)
    if len(simplified) == len(text):
        return simplified
    return "".join(c if len(s := converter.convert(c)) != 1 else s for c in text)


def normalize(text: str) -> str:
    """Map traditional to simplified Chinese, and full-width ASCII, quotes, dashes and odd
    spaces to one form, one char for one: offsets found in the result are valid in the
    original text.
    """
    return to_simplified(text).translate(_TABLE)


def normalize_lines(text: str) -> str:
    """`normalize` with the line breaks kept, for rules that read a line or a clause."""
    return to_simplified(text).translate(_TABLE_KEEPING_LINES)


def fold(text: str) -> str:
    """`normalize` then lower-case, still one char for one (a few letters grow when lowered)."""
    normal = normalize(text)
    lowered = normal.lower()
    if len(lowered) == len(normal):
        return lowered
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in normal)


def is_abbreviation(form: str) -> bool:
    """A Latin name without lower-case letters ("ILO", "UM", "HKU"): such names match only
    as written, so "ILO" is never found in "pilot" and "UM" never in "um"."""
    return (
        not has_cjk(form) and any(c.isalpha() for c in form) and not any(c.islower() for c in form)
    )


def exact_case_in_queries(form: str) -> bool:
    """Whether a query must spell an alias in capitals to mean the partner.

    Staff type "btbu" or "ncCU" and mean the partner, but a two- or three-letter
    abbreviation typed in lower case is usually a word ("us", "um", "ilo" in a name).
    """
    return is_abbreviation(form) and form.isascii() and len(form) <= 3
