"""Totals, hits and disjunctive facet counts against brute force over the records."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import replace
from datetime import date

import pytest
from conftest import lexicon_of
from test_search_fixtures import ALIASES, PARTNER_IDS, TOPIC_IDS, WORDS, random_records

from kb.core.record import Record
from kb.index import IndexManager
from kb.index.analysis import analyze, segmenter_for, vocabulary_words
from kb.search import facets, ranking, terms
from kb.search.engine import SearchEngine
from kb.search.facets import FACET_NAMES
from kb.search.model import Filters, SearchRequest

SEGMENTER = segmenter_for(vocabulary_words(ALIASES))


@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory) -> tuple[SearchEngine, list[Record]]:
    """Two segments and deletions: a rebuild, then updates and deletes applied on top."""
    index_dir = tmp_path_factory.mktemp("index")
    records = random_records(300, seed=11)
    manager = IndexManager(index_dir, ALIASES)
    with manager.writing() as session:
        session.rebuild(records[:240], seq=1)
    changed = [replace(r, topics=["conference"], lang="zh") for r in records[:20]]
    deleted = [r.id for r in records[20:35]]
    with manager.writing() as session:
        session.apply(changed + records[240:], deleted, seq=2)
    live = {r.id: r for r in records}
    live.update({r.id: r for r in changed})
    for record_id in deleted:
        del live[record_id]
    return SearchEngine(index_dir, lexicon_of(ALIASES)), list(live.values())


def tokens(record: Record) -> set[str]:
    text = "\n".join((record.title, record.body, record.attachment_text))
    return {t.text for t in analyze(text, SEGMENTER, index=True)}


def term(word: str) -> str:
    return next(t.text for t in analyze(word, SEGMENTER))


def matches_query(record: Record, kind: str, words: list[str]) -> bool:
    have = tokens(record)
    if kind == "all":
        return True
    if kind == "and":
        return all(term(w) in have for w in words)
    if kind == "or":
        return any(term(w) in have for w in words)
    return term(words[0]) not in have  # "not"


def facet_values(record: Record, facet: str) -> list[str]:
    if facet == "partner":
        return [p.id for p in record.partners]
    if facet == "topic":
        return list(record.topics)
    if facet == "year":
        return [record.published[:4]] if record.published else []
    return [getattr(record, facet)]


def random_request(rng: random.Random) -> tuple[SearchRequest, str, list[str]]:
    kind = rng.choice(("all", "and", "and", "or", "not"))
    words = rng.sample(WORDS, 2 if kind in ("and", "or") else 1)
    q = {"all": "", "and": " ".join(words), "or": " OR ".join(words), "not": f"-{words[0]}"}[kind]
    if kind == "and" and rng.random() < 0.5:
        words = words[:1]
        q = words[0]

    def pick(values: list[str]) -> tuple[str, ...]:
        return tuple(rng.sample(values, rng.choice((0, 0, 1, 2))))

    start = rng.choice((None, date(2019, 1, 1), date(2020, 6, 1)))
    end = rng.choice((None, date(2020, 12, 31), date(2021, 3, 1)))
    request = SearchRequest(
        q=q,
        date_from=start,
        date_to=end,
        per_page=100,
        literal=True,  # what the brute force computes: the words as typed
        filters=Filters(
            {
                "partner": pick([*PARTNER_IDS, "unknown"]),
                "topic": pick(TOPIC_IDS),
                "lang": pick(["en", "zh"]),
                "source": pick(["a", "b", "c"]),
            }
        ),
    )
    return request, kind, words


def brute_force(
    records: list[Record], request: SearchRequest, kind: str, words: list[str]
) -> tuple[set[str], dict[str, list[tuple[str, int, bool]]]]:
    def in_range(record: Record) -> bool:
        if request.date_from or request.date_to:
            if not record.published:
                return False
            if request.date_from and record.published < request.date_from.isoformat():
                return False
            if request.date_to and record.published > request.date_to.isoformat():
                return False
        return True

    universe = [r for r in records if matches_query(r, kind, words) and in_range(r)]

    def allowed(record: Record, skip: str | None) -> bool:
        return all(
            not request.selected(f) or set(facet_values(record, f)) & set(request.selected(f))
            for f in ("partner", "topic", "lang", "source")
            if f != skip
        )

    hits = {r.id for r in universe if allowed(r, None)}
    facets = {}
    for facet in FACET_NAMES:
        counts = Counter(v for r in universe if allowed(r, facet) for v in facet_values(r, facet))
        chosen = set(request.selected(facet))
        listed = sorted(set(counts) | chosen, key=lambda v: (-counts[v], v))
        facets[facet] = [(v, counts[v], v in chosen) for v in listed]
    return hits, facets


@pytest.mark.parametrize("sparse_fraction", [1, 32, 10**9])  # always, as shipped, never
def test_counts_match_brute_force(
    indexed: tuple[SearchEngine, list[Record]],
    sparse_fraction: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Counted from the members' tags or by intersecting each value's set, the same."""
    monkeypatch.setattr(facets, "SPARSE_FRACTION", sparse_fraction)
    shared, records = indexed
    engine = SearchEngine(shared.index_dir, lexicon_of(ALIASES))  # no counts cached yet
    rng = random.Random(2024)
    for _ in range(150):
        request, kind, words = random_request(rng)
        expected_hits, expected_facets = brute_force(records, request, kind, words)
        result = engine.search(request)
        assert result.total == len(expected_hits), request
        assert {h.id for h in engine.iter_hits(request)} == expected_hits, request
        assert len(result.hits) == min(100, len(expected_hits))
        got = {
            f: [(v.value, v.count, v.selected) for v in values]
            for f, values in result.facets.items()
        }
        assert got == expected_facets, request


@pytest.mark.parametrize("kept", [5, 200])
def test_pages_follow_the_full_ranking(
    indexed: tuple[SearchEngine, list[Record]], monkeypatch: pytest.MonkeyPatch, kept: int
) -> None:
    """Whatever shortcut a page takes (a term's best documents, a cut-off score), pages
    are slices of the complete ranking."""
    monkeypatch.setattr(terms, "BEST_KEPT", kept)
    engine = SearchEngine(indexed[0].index_dir, lexicon_of(ALIASES))  # its own view: nothing cached
    rng = random.Random(kept)
    for _ in range(40):
        request, _, _ = random_request(rng)
        request = replace(
            request,
            per_page=7,
            sort=rng.choice(("relevance", "newest", "oldest")),
            literal=rng.random() < 0.5,  # also relaxed, expanded and with other reports
        )
        full = [h.id for h in engine.iter_hits(request)]
        for page in (1, 2, 3):
            hits = engine.search(replace(request, page=page)).hits
            assert [h.id for h in hits] == full[(page - 1) * 7 : page * 7], request


def test_scoring_the_matches_alone_ranks_as_summing_whole_arrays(
    indexed: tuple[SearchEngine, list[Record]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Few matches are scored one by one, many by summing arrays over the index: either
    way, the same hits in the same order with the same scores."""
    rng = random.Random(5)
    requests = []
    for _ in range(40):
        request, _, _ = random_request(rng)
        requests.append(replace(request, per_page=10, literal=rng.random() < 0.5))
        # Many words under filters: relaxed, in tiers whose order outweighs the scores.
        words = " ".join(rng.sample(WORDS, 4))
        requests.append(replace(request, q=words, per_page=10, literal=False))
    rankings = []
    for share in (0, 10**9):  # 0: always one by one; 10**9: always whole arrays
        monkeypatch.setattr(ranking, "SPARSE_SHARE", share)
        engine = SearchEngine(indexed[0].index_dir, lexicon_of(ALIASES))
        rankings.append(
            [[(h.id, h.score) for h in engine.iter_hits(request)] for request in requests]
        )
    assert rankings[0] == rankings[1]
    assert sum(len(hits) > 1 for hits in rankings[0]) > 20  # rankings, not single hits


def occurs(record: Record, phrase: list[str]) -> bool:
    """Whether the analysed tokens hold `phrase` at consecutive positions."""
    text = "\n".join((record.title, record.body, record.attachment_text))
    at: dict[str, set[int]] = {}
    for tok in analyze(text, SEGMENTER, index=True):
        at.setdefault(tok.text, set()).add(tok.pos)
    return any(
        all(start + i in at.get(t, ()) for i, t in enumerate(phrase))
        for start in at.get(phrase[0], ())
    )


def test_phrases_match_brute_force(indexed: tuple[SearchEngine, list[Record]]) -> None:
    """Quoted runs of two or three words, taken from the records and shuffled, over two
    segments with deletions: exactly the records holding the words consecutively."""
    engine, records = indexed
    rng = random.Random(7)
    checked = 0
    for _ in range(120):
        words = rng.sample(WORDS, rng.choice((2, 3)))
        if rng.random() < 0.6:  # a run that some record holds
            source = rng.choice(records)
            body = source.body.replace("，", " ").split()
            if len(body) < 2:
                continue
            size = min(len(body), rng.choice((2, 3)))
            start = rng.randrange(len(body) - size + 1)
            words = body[start : start + size]
        phrase = [t.text for t in analyze(" ".join(words), SEGMENTER)]
        expected = {r.id for r in records if occurs(r, phrase)}
        q = '"' + " ".join(words) + '"'
        assert {h.id for h in engine.iter_hits(SearchRequest(q=q))} == expected, q
        checked += bool(expected)
    assert checked > 30  # most queries found something, so the check had teeth


def test_facet_limit_keeps_the_largest_values_and_the_selected_ones(
    indexed: tuple[SearchEngine, list[Record]],
) -> None:
    engine, _ = indexed
    everything = engine.search(SearchRequest(per_page=1)).facets["partner"]
    smallest = everything[-1].value
    limited = engine.search(
        SearchRequest(per_page=1, facet_limit=3, filters=Filters({"partner": (smallest,)}))
    )
    unlimited = engine.search(SearchRequest(per_page=1, filters=Filters({"partner": (smallest,)})))
    assert len(unlimited.facets["partner"]) > 4
    assert limited.facets["partner"] == [
        *unlimited.facets["partner"][:3],
        next(v for v in unlimited.facets["partner"] if v.value == smallest),
    ]
    assert limited.facets["topic"] == unlimited.facets["topic"][:3]


def test_limited_facets_are_the_head_of_the_full_listing(
    indexed: tuple[SearchEngine, list[Record]],
) -> None:
    engine, _ = indexed
    rng = random.Random(5)
    for _ in range(100):
        request, _, _ = random_request(rng)
        full = engine.search(request).facets
        limit = rng.choice((1, 2, 5))
        limited = engine.search(replace(request, facet_limit=limit)).facets
        for facet, values in full.items():
            expected = values[:limit] + [v for v in values[limit:] if v.selected]
            assert limited[facet] == expected, (request, facet, limit)


def test_hits_sorted_by_date_carry_their_relevance_scores(
    indexed: tuple[SearchEngine, list[Record]],
) -> None:
    engine, _ = indexed
    for q in ("exchange", "exchange research", "合作 OR seminar", "BTBU"):
        by_score = {h.id: h.score for h in engine.iter_hits(SearchRequest(q=q))}
        by_date = {h.id: h.score for h in engine.iter_hits(SearchRequest(q=q, sort="newest"))}
        assert by_date == by_score and by_score, q
