"""Character-level text normalisation shared by every matcher in enrichment.

Pages mix full-width and half-width forms, curly and straight quotes, and several dashes;
matching must not care. Every function here keeps the text length unchanged so that offsets
found in the normalised text are valid in the original.
"""

from __future__ import annotations

_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_PUNCTUATION = {
    **{ord(c): "'" for c in "\u2018\u2019\u201b\u2032"},
    **{ord(c): '"' for c in "\u201c\u201d\u201f\u2033"},
    **{ord(c): "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"},
    **{ord(c): " " for c in "\u00a0\u2002\u2003\u2009\u3000\t\r\n"},
    ord("\u30fb"): "\u00b7",
}
_TABLE = {**_FULL_WIDTH, **_PUNCTUATION}


def normalize(text: str) -> str:
    """Map full-width ASCII, quotes, dashes and odd spaces to one form, one char for one."""
    return text.translate(_TABLE)


def fold(text: str) -> str:
    """`normalize` then lower-case, still one char for one (a few letters grow when lowered)."""
    normal = normalize(text)
    lowered = normal.lower()
    if len(lowered) == len(normal):
        return lowered
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in normal)


def is_cjk(char: str) -> bool:
    """True for Han characters (including "〇"), not for CJK punctuation such as "、"."""
    code = ord(char)
    return (
        code == 0x3007
        or 0x3400 <= code <= 0x9FFF
        or 0xF900 <= code <= 0xFAFF
        or 0x20000 <= code <= 0x2FA1F
    )


def has_cjk(text: str) -> bool:
    """True when any character is CJK: such phrases match by substring, not by word."""
    return any(is_cjk(c) for c in text)


def is_word_char(char: str) -> bool:
    """A letter or digit of an alphabetic script: what a Latin word boundary must not cut."""
    return char.isalnum() and not is_cjk(char)
