"""Country and region names in Chinese and English, from the CLDR data Babel ships.

Enrichment asks two questions of them. Does a country written in front of a Chinese name
make it another institution ("美国东北大学" is not the Chinese 东北大学, "英国约克大学" is
the British York)? And does a record name a partner's country, which makes a short alias
of that partner believable? Babel's CLDR tables give every ISO 3166 code its names in
simplified and traditional Chinese and in English; the short forms news writes ("香港",
"UK", "the US") are added here, with the one-character abbreviations written in front of a
name (港理大, 美东北大学); `ending` never returns those, only a lookup of the whole word does.
"""

from __future__ import annotations

from functools import cache

from babel import Locale

from kb.core.text import fold

#: Names the news uses that CLDR spells otherwise (CLDR: "中国香港特别行政区", "United Kingdom").
_SHORT_FORMS = {
    "HK": ("香港", "Hong Kong", "港"),
    "MO": ("澳门", "Macao", "Macau"),
    "TW": ("台湾", "臺灣", "台"),
    "GB": ("UK", "Britain", "Great Britain", "England", "Scotland", "Wales", "英"),
    "US": ("USA", "U.S.", "US", "America", "美"),
    "KR": ("Korea", "韩国", "南韩", "韩"),
    "JP": ("日",),
    "DE": ("德",),
    "FR": ("法",),
    "RU": ("俄", "Russian Federation"),
    "AU": ("澳洲",),
    "NZ": ("纽西兰",),
    "CZ": ("Czech Republic", "捷克"),
    "CN": ("中华人民共和国",),  # in front of a ministry: 中华人民共和国科学技术部
}

#: CLDR's codes for continents and groupings are not countries ("欧盟", "世界").
_NOT_COUNTRIES = frozenset(("EU", "EZ", "UN", "QO", "ZZ"))


class Countries:
    """Folded country name -> ISO code, and code -> names, for Chinese and English."""

    def __init__(self, names: dict[str, tuple[str, ...]]) -> None:
        self._names = names
        self._codes = {fold(name): code for code, forms in names.items() for name in forms}
        self._longest = max(map(len, self._codes), default=0)

    def names_of(self, code: str) -> tuple[str, ...]:
        """Every name of a country code (none for an unknown code)."""
        return self._names.get(code, ())

    def code_of(self, name: str) -> str | None:
        """The code of a country name, any language and case (None: not a country)."""
        return self._codes.get(fold(name.strip()))

    def ending(self, text: str) -> tuple[str, str] | None:
        """The country name `text` ends with, longest first, and its code: "赴美国" -> US.

        Only Chinese names are looked for this way; a Latin name must stand alone.
        """
        folded = fold(text)
        for size in range(min(self._longest, len(folded)), 1, -1):
            tail = folded[-size:]
            code = self._codes.get(tail)
            if code is not None and not tail.isascii():
                return text[-size:], code
        return None

    def starting(self, text: str) -> tuple[str, str] | None:
        """The country name `text` starts with, longest first, and its code: "美国东北大学"
        -> US. Chinese names only, as for `ending`."""
        folded = fold(text)
        for size in range(min(self._longest, len(folded)), 1, -1):
            head = folded[:size]
            code = self._codes.get(head)
            if code is not None and not head.isascii():
                return text[:size], code
        return None


@cache
def countries() -> Countries:
    """The table, built once: Babel's CLDR names plus the short forms above."""
    tables = [Locale(tag).territories for tag in ("zh", "zh_Hant", "en")]
    names: dict[str, list[str]] = {}
    for table in tables:
        for code, name in table.items():
            if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES:
                names.setdefault(code, []).append(name)
    for code, forms in _SHORT_FORMS.items():
        names.setdefault(code, []).extend(forms)
    return Countries({code: tuple(dict.fromkeys(forms)) for code, forms in names.items()})
