"""Searching a real index of the hand-written records (expected values worked out by hand)."""

from __future__ import annotations

import gc
import random
import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from test_search_fixtures import RECORDS, build, record

from kb.search import ranking, terms
from kb.search.engine import IndexMissing, SearchEngine
from kb.search.model import FacetValue, Filters, SearchRequest


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> SearchEngine:
    return build(tmp_path_factory.mktemp("index"))


def ids(engine: SearchEngine, q: str = "", **options: object) -> set[str]:
    """What the words literally match (the matching of queries; their meaning across
    languages is tested in test_search_meaning)."""
    request = SearchRequest(q=q, literal=True, **options)  # type: ignore[arg-type]
    return {hit.id for hit in engine.iter_hits(request)}


def ordered(engine: SearchEngine, q: str = "", **options: object) -> list[str]:
    request = SearchRequest(q=q, per_page=100, literal=True, **options)  # type: ignore[arg-type]
    return [hit.id for hit in engine.search(request).hits]


def test_english_phrase_needs_the_words_in_order(engine: SearchEngine) -> None:
    assert ids(engine, '"cooperation agreement"') == {"sheffield-en", "script"}
    assert ids(engine, '"agreement cooperation"') == set()
    assert ids(engine, "agreement cooperation") == {"sheffield-en", "script"}
    # Stop words do not break phrases: "of" is dropped on both sides.
    assert ids(engine, '"memorandum of understanding"') == {"attachment"}


def test_chinese_phrase_and_words(engine: SearchEngine) -> None:
    assert ids(engine, '"线上交流"') == {"btbu-zh"}
    assert ids(engine, '"交流线上"') == set()
    assert ids(engine, "合作协议") == {"sheffield-zh"}
    # A part of a partner name kept whole still finds it.
    assert ids(engine, "北京") == {"btbu-zh"}


def test_mixed_script_text(engine: SearchEngine) -> None:
    assert ids(engine, "暑期学校 lecture") == {"mixed"}
    assert ids(engine, "实验室") == {"mixed"}
    assert ids(engine, "summer 学生们") == {"mixed"}


def test_partner_alias_finds_tagged_records_in_both_languages(engine: SearchEngine) -> None:
    btbu = {"btbu-en", "btbu-zh", "mixed"}
    assert ids(engine, "BTBU") == btbu
    assert ids(engine, "btbu") == btbu  # four letters: case does not matter
    assert ids(engine, "北工商") == btbu
    assert ids(engine, "Beijing Technology and Business University") == btbu
    assert ids(engine, "University of Sheffield") == {
        "sheffield-en",
        "sheffield-zh",
        "mixed",
        "attachment",
    }
    # A word of one partner's name is its short name: the partner's tagged records (the
    # Chinese one too) and the records with the word.
    assert ids(engine, "Sheffield") == {"sheffield-en", "sheffield-zh", "mixed", "attachment"}
    assert ids(engine, "ILO") == {"ilo"}
    assert ids(engine, "BTBU -北京工商大学") == set()


def test_alias_marks_the_partner_names_in_snippets(engine: SearchEngine) -> None:
    result = engine.search(SearchRequest(q="BTBU", filters=Filters({"lang": ("zh",)})))
    assert [hit.id for hit in result.hits] == ["btbu-zh"]
    assert "<mark>北京工商大学</mark>" in result.hits[0].snippet


def test_or_and_exclusion(engine: SearchEngine) -> None:
    assert ids(engine, "seminar OR 签署") == {"ilo", "sheffield-zh"}
    assert ids(engine, "exchange -students") == {"undated", "attachment"}
    assert ids(engine, "exchange NOT students") == {"undated", "attachment"}
    assert ids(engine, '-"cooperation agreement"') == {r.id for r in RECORDS} - {
        "sheffield-en",
        "script",
    }


def test_date_range_is_inclusive_at_both_ends(engine: SearchEngine) -> None:
    year_2020 = {"date_from": date(2020, 1, 1), "date_to": date(2020, 12, 31)}
    assert ids(engine, **year_2020) == {"ilo", "script"}
    assert ids(engine, date_from=date(2020, 1, 2), date_to=date(2020, 12, 31)) == {"script"}
    assert ids(engine, date_from=date(2020, 1, 1), date_to=date(2020, 12, 30)) == {"ilo"}
    assert ids(engine, date_from=date(2022, 8, 1)) == {"mixed"}
    assert ids(engine, date_to=date(2018, 3, 2)) == {"attachment"}
    assert ids(engine, date_from=date(2021, 1, 1), date_to=date(2020, 1, 1)) == set()


NEWEST = [
    "mixed",
    "btbu-zh",
    "btbu-en",
    "script",
    "ilo",
    "sheffield-zh",
    "sheffield-en",
    "attachment",
    "undated",
]


def test_sorts(engine: SearchEngine) -> None:
    assert ordered(engine, sort="newest") == NEWEST
    assert ordered(engine, sort="relevance") == NEWEST  # no query: newest first
    assert ordered(engine, sort="oldest") == [*NEWEST[-2::-1], "undated"]
    assert ordered(engine, "exchange", sort="oldest") == [
        "attachment",
        "sheffield-en",
        "script",
        "btbu-en",
        "undated",
    ]
    # Relevance: a title match outweighs a body match.
    assert ordered(engine, "cooperation") == ["script", "sheffield-en"]


def test_shorter_texts_rank_first_at_equal_frequency(tmp_path: Path) -> None:
    filler = " ".join(f"word{n}" for n in range(60))
    records = [
        record("long", "Notes", f"exchange {filler}"),
        record("short", "Notes", "exchange programme"),
        record("title", "Exchange", f"exchange {filler}"),
    ]
    assert ordered(build(tmp_path, records), "exchange") == ["title", "short", "long"]


def test_a_shorter_chinese_word_finds_the_longer_word_it_is_part_of(tmp_path: Path) -> None:
    records = [
        record("students", "来华留学生座谈会", "我校召开来华留学生座谈会。", lang="zh"),
        record("other", "图书馆通知", "图书馆周末照常开放。", lang="zh"),
    ]
    engine = build(tmp_path, records)
    assert ids(engine, "留学") == {"students"}  # 留学 is only ever part of 留学生 here
    assert ids(engine, '"来华留学生座谈会"') == {"students"}
    assert "<mark>留学</mark>" in engine.search(SearchRequest(q="留学")).hits[0].snippet


def test_pagination_keeps_the_exact_total(engine: SearchEngine) -> None:
    pages = [engine.search(SearchRequest(sort="newest", per_page=4, page=n)) for n in (1, 2, 3, 4)]
    assert [p.total for p in pages] == [9, 9, 9, 9]
    assert [[h.id for h in p.hits] for p in pages] == [NEWEST[:4], NEWEST[4:8], NEWEST[8:], []]
    relevance = [
        engine.search(SearchRequest(q="exchange", per_page=2, page=n, literal=True))
        for n in (1, 2, 3)
    ]
    seen = [h.id for p in relevance for h in p.hits]
    assert sorted(seen) == sorted(ids(engine, "exchange")) and len(seen) == 5


def values(facet: list[FacetValue]) -> list[tuple[str, int, bool]]:
    return [(v.value, v.count, v.selected) for v in facet]


def test_facets_without_selection(engine: SearchEngine) -> None:
    facets = engine.search(SearchRequest()).facets
    assert values(facets["partner"]) == [
        ("sheffield", 4, False),
        ("btbu", 3, False),
        ("ilo", 1, False),
    ]
    assert values(facets["topic"]) == [
        ("agreement_signing", 2, False),
        ("delegation_visit", 2, False),
        ("online_meeting", 2, False),
        ("foreign_students", 1, False),
        ("planning", 1, False),
        ("research", 1, False),
        ("student_exchange", 1, False),
    ]
    assert values(facets["year"]) == [
        ("2019", 2, False),
        ("2020", 2, False),
        ("2021", 2, False),
        ("2018", 1, False),
        ("2022", 1, False),
    ]
    assert values(facets["lang"]) == [("en", 7, False), ("zh", 2, False)]
    assert values(facets["source"]) == [
        ("culr-en", 6, False),
        ("culr-zh", 2, False),
        ("ilo-news", 1, False),
    ]


def test_facets_are_disjunctive(engine: SearchEngine) -> None:
    result = engine.search(SearchRequest(filters=Filters({"partner": ("btbu",)})))
    assert result.total == 3
    # The partner facet ignores its own selection, the others follow it.
    assert values(result.facets["partner"]) == [
        ("sheffield", 4, False),
        ("btbu", 3, True),
        ("ilo", 1, False),
    ]
    assert values(result.facets["topic"]) == [
        ("online_meeting", 2, False),
        ("foreign_students", 1, False),
        ("student_exchange", 1, False),
    ]
    assert values(result.facets["lang"]) == [("en", 2, False), ("zh", 1, False)]
    both = engine.search(SearchRequest(filters=Filters({"partner": ("btbu",), "lang": ("zh",)})))
    assert both.total == 1
    assert values(both.facets["lang"]) == [("en", 2, False), ("zh", 1, True)]
    assert values(both.facets["partner"]) == [("btbu", 1, True), ("sheffield", 1, False)]


def test_selected_values_are_listed_even_without_matches(engine: SearchEngine) -> None:
    result = engine.search(SearchRequest(q="seminar", filters=Filters({"partner": ("nobody",)})))
    assert result.total == 0 and result.hits == []
    assert values(result.facets["partner"]) == [("ilo", 1, False), ("nobody", 0, True)]


def test_date_range_applies_to_every_facet(engine: SearchEngine) -> None:
    facets = engine.search(
        SearchRequest(date_from=date(2019, 1, 1), date_to=date(2019, 12, 31))
    ).facets
    assert values(facets["year"]) == [("2019", 2, False)]
    assert values(facets["lang"]) == [("en", 1, False), ("zh", 1, False)]


def test_snippets_are_escaped_with_mark_as_the_only_markup(engine: SearchEngine) -> None:
    hit = engine.search(SearchRequest(q="cooperation agreement")).hits[0]
    assert hit.id == "script"
    assert "&lt;script&gt;" in hit.snippet and "<script>" not in hit.snippet
    assert "&amp;" in hit.snippet
    assert set(re.findall(r"<[^>]*>", hit.snippet)) == {"<mark>", "</mark>"}
    assert "<mark>cooperation</mark> <mark>agreement</mark>" in hit.snippet


def test_attachment_text_is_searchable_and_snippeted(engine: SearchEngine) -> None:
    hit = engine.search(SearchRequest(q="memorandum")).hits[0]
    assert hit.id == "attachment"
    # "memorandum" is a form of the glossary's MoU concept, whose other forms are marked too.
    assert hit.snippet.startswith("<mark>Memorandum</mark> of <mark>understanding</mark>")


def test_hits_carry_the_record(engine: SearchEngine) -> None:
    hit = engine.search(SearchRequest(q="seminar")).hits[0]
    assert (hit.id, hit.url, hit.lang, hit.source, hit.published) == (
        "ilo",
        "https://example.edu/ilo.htm",
        "en",
        "ilo-news",
        "2020-01-01",
    )
    assert hit.partners == [{"id": "ilo", "name": "International Labour Organization"}]
    assert hit.topics == ["research"] and hit.score > 0
    assert engine.search(SearchRequest(q="seminar", snippets=False)).hits[0].snippet == ""


def test_queries_without_searchable_terms_match_everything(engine: SearchEngine) -> None:
    for q in ("", "   ", "the of and", "*", "!!!", '"'):
        assert engine.search(SearchRequest(q=q)).total == len(RECORDS), q


HOSTILE = [
    '"unbalanced',
    'two "quotes" "',
    "AND OR NOT",
    "OR",
    "NOT",
    "a OR",
    "-",
    "--x",
    "- -",
    "*",
    "title:cooperation",
    "partner:btbu",
    "field:",
    ":",
    "a:b:c",
    "\x00\x01\x1b[31m",
    "x" * 10_000,
    "合" * 5000,
    "🎓🤝🇨🇳",
    "'; DROP TABLE records; --",
    "<script>alert(1)</script>",
    "%s %d {0} ${x}",
    "\\",
    "((((",
    "))",
    "[a TO z]",
    "a~2",
    "a^3",
    "?",
    "\u202e\u200b",
    "“线上交流",
    "「合作」",
    "ＢＴＢＵ",
    "NOT NOT NOT",
    "OR OR OR",
    '""',
    '"" ""',
    "\t\n\r",
]


def test_hostile_queries_never_raise(engine: SearchEngine) -> None:
    for q in HOSTILE:
        result = engine.search(
            SearchRequest(q=q, sort="relevance", filters=Filters({"partner": ("btbu",)}))
        )
        assert result.total == len(
            list(engine.iter_hits(SearchRequest(q=q, filters=Filters({"partner": ("btbu",)}))))
        )


def test_no_index_yet(tmp_path: object) -> None:
    engine = SearchEngine(tmp_path / "none")  # type: ignore[operator]
    assert engine.generation == ""
    with pytest.raises(IndexMissing, match="kb index"):
        engine.search(SearchRequest(q="x"))


def test_a_hit_shown_again_for_other_words_marks_those_words(engine: SearchEngine) -> None:
    """Snippets are kept per document and query words: the same record found by other
    words is snippeted anew."""
    first = engine.search(SearchRequest(q="memorandum")).hits[0]
    again = engine.search(SearchRequest(q="memorandum", sort="oldest")).hits
    other = engine.search(SearchRequest(q="faculty")).hits
    assert first.id == "attachment"
    assert next(h for h in again if h.id == "attachment").snippet == first.snippet
    snippet = next(h for h in other if h.id == "attachment").snippet
    assert "<mark>faculty</mark>" in snippet and "<mark>Memorandum</mark>" not in snippet


def test_a_phrase_checked_for_some_documents_is_checked_for_the_rest_later(
    tmp_path: Path,
) -> None:
    """A concept's phrase is read only where no other form met the need; a later query for
    the phrase itself still finds every record holding it."""
    records = [
        record("phrase", "Summer school opens", "The summer school opens in July."),
        record("apart", "School news", "The school hosts a summer fair."),
        # Meets the concept by its topic and holds the phrase too.
        record(
            "both",
            "Term starts",
            "The summer school has 30 students.",
            topics=("student_exchange",),
        ),
    ]
    engine = build(tmp_path, records)
    assert {h.id for h in engine.search(SearchRequest(q="summer school")).hits} == {
        "phrase",
        "both",
    }
    quoted = engine.search(SearchRequest(q='"summer school"', literal=True))
    assert {h.id for h in quoted.hits} == {"phrase", "both"}


def test_a_page_proven_from_best_lists_counts_the_tag_bonus(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A record outside every term's best list still tops the page when its topic bonus
    lifts it: the bound that proves a page from the best lists includes the bonus."""
    monkeypatch.setattr(terms, "BEST_KEPT", 2)
    records = [
        record(f"words{n}", "News", "summer school " * n + "report " * (8 - n)) for n in range(2, 8)
    ]
    records.append(
        record(
            "tagged",
            "News",
            "A summer school report. " + "notes " * 12,
            topics=("student_exchange",),
        )
    )
    records += [record(f"other{n}", "News", "a visit") for n in range(3)]
    engine = build(tmp_path, records)
    full = [h.id for h in engine.iter_hits(SearchRequest(q="summer school"))]
    assert full[0] == "tagged"  # worked out: BM25 differences here stay below the bonus
    page = engine.search(SearchRequest(q="summer school", per_page=1)).hits
    assert [h.id for h in page] == ["tagged"]


def test_cached_hit_fields_and_counts_are_left_out_of_collections(tmp_path: Path) -> None:
    """What a view caches per record and per search, and the keys of its snippets, are
    plain values and tuples, which the collector stops tracking; hits made from the cache
    are whole, with lists of their own."""
    engine = build(tmp_path)
    first = engine.search(SearchRequest(q="BTBU"))
    again = engine.search(SearchRequest(q="BTBU", sort="newest"))
    assert first.hits and {h.id for h in first.hits} == {h.id for h in again.hits}
    for _ in range(3):  # a collection leaves a tuple untracked once its elements are
        gc.collect()
    view = engine._view
    assert view is not None
    shown = [view.shown.get(docnum) for docnum in range(view.size)]
    cached = [value for value in shown if value is not None]
    assert len(cached) == len(first.hits)
    assert not any(gc.is_tracked(value) for value in cached)
    counts = view.facet_counts.get(replace(SearchRequest(q="BTBU"), per_page=0, snippets=False))
    assert counts is not None and not gc.is_tracked(counts)
    snippet_keys = list(view.snippets._items)
    assert len(snippet_keys) == len(first.hits)
    assert not any(gc.is_tracked(key) for key in snippet_keys)
    partnered = next(h for h in first.hits if h.partners)
    twin = next(h for h in again.hits if h.id == partnered.id)
    assert twin.partners == partnered.partners and twin.partners is not partnered.partners
    assert partnered.partners[0]["id"] == "btbu"


@pytest.mark.parametrize("seed", range(3))
def test_pages_proven_from_deeper_lists_are_the_head_of_the_full_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    """When the first best lists cannot prove a page (common words score alike), the
    deeper ones are read before summing every score; either way the page is the head of
    the full order."""
    monkeypatch.setattr(terms, "BEST_KEPT", 3)
    monkeypatch.setattr(terms, "DEEPER", 4)
    monkeypatch.setattr(ranking, "DEEPER_FROM", 0)
    proven: list[bool] = []
    original = ranking._from_best_lists

    def spying(*args: object, **kwargs: object) -> object:
        page = original(*args, **kwargs)  # type: ignore[arg-type]
        proven.append(bool(kwargs.get("deeper")) and page is not None)
        return page

    monkeypatch.setattr(ranking, "_from_best_lists", spying)
    rng = random.Random(seed)
    words = ("summer", "school", "report", "visit", "notes")
    records = [
        record(f"r{n}", "News", " ".join(rng.choice(words) for _ in range(rng.randint(4, 30))))
        for n in range(60)
    ]
    engine = build(tmp_path, records)
    for q in ("summer school", "report visit", "summer notes school"):
        full = [h.id for h in engine.iter_hits(SearchRequest(q=q))]
        for per_page in (1, 3, 5):
            page = engine.search(SearchRequest(q=q, per_page=per_page)).hits
            assert [h.id for h in page] == full[:per_page], (q, per_page)
    assert any(proven)
