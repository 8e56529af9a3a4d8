"""A partner's own site in search: its reports of our cooperation count as our records tagged
with the partner do, its reports of cooperation with others rank below them.

A partner's site names the partner on every page, as the one who writes ("Monash University
and Southeast University launch…"). Scored as words, that name put a partner's news about
third institutions above every report of the partner's cooperation with us. A small corpus
written for these tests; "we" is CULR, which publishes two of the three sources.
"""

from __future__ import annotations

import pytest
from conftest import a_record, index_of, lexicon_of

from kb.core.record import Record
from kb.search.engine import SearchEngine
from kb.search.model import SearchRequest

ALIASES = {
    "China University of Labor Relations": "culr",
    "中国劳动关系学院": "culr",
    "Monash University": "monash",
    "莫纳什大学": "monash",
    "Southeast University": "seu",
    "东南大学": "seu",
}
OWNERS = {"culr-en": "culr", "culr-zh": "culr", "monash-en": "monash"}


def record(rid: str, source: str, title: str, body: str, partners: tuple[str, ...]) -> Record:
    lang = "zh" if source.endswith("zh") else "en"
    return a_record(
        rid, title, body, source=source, lang=lang, published="2024-05-01", partners=partners
    )


RECORDS = [
    record(
        "ours-en",
        "culr-en",
        "CULR and Monash Discuss a Joint Programme Online",
        "Staff of CULR and Monash University met online to plan a joint master's programme.",
        ("monash",),
    ),
    record(
        "ours-zh",
        "culr-zh",
        "我校与澳大利亚高校签署学生交流协议",
        "我校与莫纳什大学签署学生交流协议，双方将互派本科生。",
        ("monash",),
    ),
    record(  # the partner's own report of cooperation with us
        "theirs-of-us",
        "monash-en",
        "Monash welcomes a CULR delegation",
        "Monash University hosted a delegation of the China University of Labor Relations.",
        ("culr",),
    ),
    record(  # the partner's own news of cooperation with a third institution
        "theirs-of-others",
        "monash-en",
        "Monash University and Southeast University open a joint graduate school",
        "Monash University and Southeast University opened the Monash University–Southeast "
        "University joint graduate school in Suzhou. Monash University will teach there.",
        ("seu",),
    ),
    record(  # a page of ours about another partner
        "ours-of-seu",
        "culr-en",
        "Southeast University scholars visit CULR",
        "Scholars of Southeast University gave talks at CULR.",
        ("seu",),
    ),
]


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> str:
    index_dir = index_of(tmp_path_factory.mktemp("own-sites"), ALIASES, RECORDS)
    return str(index_dir)


def ids(index_dir: str, q: str, owners: dict[str, str] = OWNERS) -> list[str]:
    engine = SearchEngine(index_dir, lexicon_of(ALIASES), owners)
    return [hit.id for hit in engine.search(SearchRequest(q=q)).hits]


@pytest.mark.parametrize("q", ["Monash University", "莫纳什大学", "Monash"])
def test_the_partners_news_of_others_ranks_below_our_cooperation_with_it(
    index_dir: str, q: str
) -> None:
    """Both of our reports and the partner's report of us come first, in either language;
    its news of a third institution is still found, after them."""
    found = ids(index_dir, q)
    assert set(found[:3]) == {"ours-en", "ours-zh", "theirs-of-us"}
    assert found[3:] == ["theirs-of-others"]


def test_the_third_institution_finds_the_partners_page_in_full(index_dir: str) -> None:
    """Only the query's partner's own name is discounted on its site: for the third
    institution, the partner's page is an ordinary report naming it, scored as it would be
    on any site."""
    lexicon = lexicon_of(ALIASES)

    def scores(owners: dict[str, str]) -> dict[str, float]:
        result = SearchEngine(index_dir, lexicon, owners).search(SearchRequest(q="东南大学"))
        return {hit.id: hit.score for hit in result.hits}

    with_home = scores(OWNERS)
    assert set(with_home) == {"theirs-of-others", "ours-of-seu"}
    assert with_home == scores({})


def test_without_a_home_every_page_of_the_partners_site_counts_alike(index_dir: str) -> None:
    """With no source naming its publisher there is no "us" to tell the partner's news
    apart by: its own pages all count as its records, the one naming it most first."""
    found = ids(index_dir, "Monash University", owners={"monash-en": "monash"})
    assert found[0] == "theirs-of-others"
