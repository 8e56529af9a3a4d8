"""Language of an article from its own text.

The archive is Chinese and English with the odd partner page in another European language,
and `<html lang>` on Chinese CMS templates is often wrong (English pages keep `zh-CN`), so
the text decides: the writing system first, then common function words among Latin-script
languages. This is deliberately small; it only has to tell apart what the sites publish.
"""

from __future__ import annotations

import re
from collections import Counter

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
_WORD = re.compile(r"[^\W\d_]+")
#: Word scripts, by the first letter of a word.
_LATIN = re.compile(r"[a-z\u00c0-\u024f]", re.IGNORECASE)
_WORD_SCRIPTS = {"ru": re.compile(r"[\u0400-\u04ff]"), "ar": re.compile(r"[\u0600-\u06ff]")}
_STOPWORDS = {
    "en": {"the", "and", "of", "to", "in", "is", "was", "with", "for", "on", "that", "by"},
    "fr": {"le", "la", "les", "et", "des", "du", "est", "une", "dans", "pour", "avec", "sur"},
    "de": {"der", "die", "und", "das", "ist", "mit", "den", "von", "zu", "für", "auf", "eine"},
    "es": {"el", "los", "las", "y", "del", "en", "es", "una", "por", "con", "para", "que"},
    "pt": {"o", "os", "as", "e", "do", "da", "em", "uma", "para", "com", "não", "que"},
    "it": {"il", "gli", "e", "della", "di", "che", "è", "una", "per", "con", "del", "nel"},
}
_SAMPLE = 5000


def detect_language(text: str) -> str:
    """An ISO 639-1 code for the text: zh, ja, ko, ru, ar, or a Latin-script language (en)."""
    sample = text[:_SAMPLE]
    han = len(_HAN.findall(sample))
    kana = len(_KANA.findall(sample))
    words = [w.lower() for w in _WORD.findall(sample)]
    latin = [w for w in words if _LATIN.match(w)]
    if kana and kana * 10 >= han:
        return "ja"
    if len(_HANGUL.findall(sample)) > len(latin):
        return "ko"
    if han > len(latin):
        return "zh"
    for lang, script in _WORD_SCRIPTS.items():
        if sum(1 for w in words if script.match(w)) > len(latin):
            return lang
    hits = Counter({lang: sum(1 for w in latin if w in stop) for lang, stop in _STOPWORDS.items()})
    best, score = hits.most_common(1)[0]
    return best if score > hits["en"] else "en"
