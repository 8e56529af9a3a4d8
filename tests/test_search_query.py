"""The query language: what staff type becomes a small tree, and nothing makes it fail."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_search_fixtures import ALIASES, build

from kb.lexicon import Gazetteer, Glossary, Lexicon, Partner, Taxonomy
from kb.search.engine import SearchEngine
from kb.search.model import SearchRequest
from kb.search.query import MAX_CLAUSES, AliasIndex, Clause, ParsedQuery, parse
from kb.search.vocabulary import QueryVocabulary

ALIAS_INDEX = AliasIndex(
    {form: [pid] for form, pid in {**ALIASES, "US": "sheffield-union"}.items()}
)


def test_words_phrases_or_and_exclusions() -> None:
    assert parse('online "foreign students" -visa NOT "joint research" a OR b') == ParsedQuery(
        groups=(
            (Clause("online"),),
            (Clause("foreign students", phrase=True),),
            (Clause("a"), Clause("b")),
        ),
        excluded=(Clause("visa"), Clause("joint research", phrase=True)),
    )


def test_chinese_quotes_are_phrases() -> None:
    assert parse("“线上交流” 「合作」").groups == (
        (Clause("线上交流", phrase=True),),
        (Clause("合作", phrase=True),),
    )


def test_syntax_errors_degrade_to_plain_words() -> None:
    assert parse('"unbalanced quote').groups == ((Clause("unbalanced"),), (Clause("quote"),))
    assert parse("AND OR NOT").groups == ()
    assert parse("OR a").groups == ((Clause("a"),),)
    assert parse("title:x *").groups == ((Clause("title:x"),), (Clause("*"),))


def test_aliases_become_partner_clauses() -> None:
    assert parse("BTBU exchange", ALIAS_INDEX).groups == (
        (Clause("BTBU", phrase=True, partners=("btbu",)),),
        (Clause("exchange"),),
    )
    # Several words spelling a name, and a name inside a Chinese run.
    assert parse("University of Sheffield 2019", ALIAS_INDEX).groups[0] == (
        Clause("University of Sheffield", phrase=True, partners=("sheffield",)),
    )
    assert parse("北工商合作", ALIAS_INDEX).groups == (
        (Clause("北工商", phrase=True, partners=("btbu",)),),
        (Clause("合作"),),
    )


def test_short_abbreviations_match_only_in_capitals() -> None:
    assert parse("US", ALIAS_INDEX).groups[0][0].partners == ("sheffield-union",)
    assert parse("us", ALIAS_INDEX).groups[0][0].partners == ()
    assert parse("btbu", ALIAS_INDEX).groups[0][0].partners == ("btbu",)  # four letters
    assert parse("BTBUs", ALIAS_INDEX).groups[0][0].partners == ()  # not a whole word


def test_very_long_queries_are_capped() -> None:
    assert len(parse(" ".join(["w"] * 1000)).groups) == MAX_CLAUSES


@given(st.text())
def test_parse_never_raises(q: str) -> None:
    parse(q, ALIAS_INDEX)


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> SearchEngine:
    return build(Path(tmp_path_factory.mktemp("index")))


QUERY_TEXT = st.text(
    alphabet=st.sampled_from(list('"“”「」-|:*()ab 合作北京BTBU\x00\u200b🎓ORANDNT'))
)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(q=st.one_of(st.text(max_size=200), QUERY_TEXT))
def test_search_never_raises(engine: SearchEngine, q: str) -> None:
    result = engine.search(SearchRequest(q=q, sort="relevance"))
    assert len(result.hits) == min(result.total, 20)
    assert len({hit.id for hit in result.hits}) == len(result.hits)


def test_words_of_kinds_subjects_and_countries_are_no_short_names() -> None:
    partners = [
        Partner("heu", "Harbin Engineering University", "哈尔滨工程大学", (), "CN", "university"),
        Partner("daad", "German Academic Exchange Service", "德国学术交流中心", (), "DE", "other"),
        Partner(
            "anu", "Australian National University", "澳大利亚国立大学", (), "AU", "university"
        ),
    ]
    taxonomy = Taxonomy.load()
    lexicon = Lexicon(
        Gazetteer({p.id: p for p in partners}, (), "kinds"),
        taxonomy,
        Glossary.load(None, taxonomy.topics),
    )
    aliases = QueryVocabulary(lexicon).aliases
    # "Harbin" is the short name a partner goes by; its subject, its kind of body and its
    # country's words are everyone's.
    assert parse("Harbin", aliases).groups[0][0].partners == ("heu",)
    for word in ("engineering", "Service", "German", "Australian"):
        assert parse(word, aliases).groups[0][0].partners == (), word
