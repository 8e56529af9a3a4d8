"""Country names at either end of a Chinese name, longest first."""

from __future__ import annotations

from kb.lexicon.countries import countries


def test_a_country_in_front_longest_first() -> None:
    assert countries().starting("塔吉克斯坦国立民族大学") == ("塔吉克斯坦", "TJ")
    assert countries().starting("美國東北大學") == ("美國", "US")
    assert countries().starting("东北大学") is None
    assert countries().starting("USA today") is None  # Latin names only stand alone


def test_a_country_at_the_end_longest_first() -> None:
    assert countries().ending("毕业于乌兹别克斯坦") == ("乌兹别克斯坦", "UZ")
    assert countries().ending("赴美国") == ("美国", "US")
    assert countries().ending("赴北京") is None
