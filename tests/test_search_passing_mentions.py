"""A partner named in passing, in search: with the other words of a query, a record that
only names the partner (a speaker's alma mater) ranks below every record of the partner.

"Monash University delegation visit" asks about Monash. A report of another university's
delegation whose dean studied at Monash holds every word of the query, yet it is no report
of cooperation with Monash; Monash's own records without a delegation are closer to what
was asked. A small corpus written for these tests.
"""

from __future__ import annotations

import pytest
from conftest import a_record, index_of, lexicon_of

from kb.core.record import Record
from kb.search.engine import SearchEngine
from kb.search.model import SearchRequest

ALIASES = {
    "Monash University": "monash",
    "莫纳什大学": "monash",
    "Southeast University": "seu",
    "东南大学": "seu",
}


def record(rid: str, title: str, body: str, partners: tuple[str, ...], lang: str = "en") -> Record:
    return a_record(
        rid,
        title,
        body,
        source=f"culr-{lang}",
        lang=lang,
        published="2024-05-01",
        partners=partners,
    )


RECORDS = [
    record(
        "monash-delegation",
        "Monash University delegation visits CULR",
        "A delegation of Monash University visited CULR to discuss a joint programme.",
        ("monash",),
    ),
    record(
        "monash-online",
        "我校与莫纳什大学召开线上会议",
        "我校与莫纳什大学通过视频会议商谈联合培养项目。",
        ("monash",),
        lang="zh",
    ),
    record(
        "monash-lecture",
        "Monash University professor lectures on labour law",
        "A professor of Monash University gave a lecture to CULR students.",
        ("monash",),
    ),
    record(
        "seu-delegation",
        "Southeast University delegation visits CULR",
        "A delegation of Southeast University visited CULR. It was led by the dean of its "
        "law school, a graduate of Monash University.",
        ("seu",),
    ),
]


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> SearchEngine:
    index_dir = index_of(tmp_path_factory.mktemp("passing"), ALIASES, RECORDS)
    return SearchEngine(index_dir, lexicon_of(ALIASES), {"culr-en": "culr", "culr-zh": "culr"})


def ids(engine: SearchEngine, q: str) -> list[str]:
    return [hit.id for hit in engine.search(SearchRequest(q=q)).hits]


def test_a_passing_mention_with_the_other_words_ranks_below_the_partners_records(
    engine: SearchEngine,
) -> None:
    found = ids(engine, "Monash University delegation visit")
    assert found[0] == "monash-delegation"
    assert set(found[1:3]) == {"monash-online", "monash-lecture"}
    assert found[3:] == ["seu-delegation"]


def test_the_name_alone_still_finds_the_passing_mention_last(engine: SearchEngine) -> None:
    found = ids(engine, "Monash University")
    assert set(found[:3]) == {"monash-delegation", "monash-online", "monash-lecture"}
    assert found[3:] == ["seu-delegation"]
