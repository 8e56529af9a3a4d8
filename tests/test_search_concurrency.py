"""Searches running at once in one process: each thread reads with readers of its own, and
every answer is the one the same search gives alone."""

from __future__ import annotations

import random
import threading
from pathlib import Path

from conftest import lexicon_of
from test_search_fixtures import ALIASES, PARTNER_IDS, WORDS, build, random_records

from kb.search.engine import SearchEngine
from kb.search.model import Filters, SearchRequest


def requests() -> list[SearchRequest]:
    rng = random.Random(11)
    made = []
    for n in range(40):
        words = " ".join(rng.sample(WORDS, rng.choice((1, 2))))
        filters = Filters({"partner": (rng.choice(PARTNER_IDS),)}) if n % 3 == 0 else Filters()
        made.append(SearchRequest(q=words, filters=filters, per_page=10))
    return made


def answer(result: object) -> tuple[object, ...]:
    return (
        result.total,  # type: ignore[attr-defined]
        [(hit.id, hit.score, hit.snippet) for hit in result.hits],  # type: ignore[attr-defined]
        [(f, [(v.value, v.count) for v in vs]) for f, vs in result.facets.items()],  # type: ignore[attr-defined]
    )


def test_concurrent_searches_answer_as_they_do_alone(tmp_path: Path) -> None:
    engine = build(tmp_path, random_records(600, seed=5))
    asked = requests()
    alone = [answer(engine.search(request)) for request in asked]
    # A fresh engine lending up to four readers, so no answer comes from a cache the
    # sequential run filled and searches really overlap.
    build(tmp_path / "again", random_records(600, seed=5))
    engine = SearchEngine(tmp_path / "again", lexicon_of(ALIASES), readers=4)
    got: dict[int, list[tuple[object, ...]]] = {}
    errors: list[BaseException] = []
    start = threading.Barrier(8)

    def worker(number: int) -> None:
        order = list(range(len(asked)))
        random.Random(number).shuffle(order)
        start.wait()
        try:
            for index in order:
                got.setdefault(index, []).append(answer(engine.search(asked[index])))
        except BaseException as exc:  # reported below, with the thread's failure
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    for index, expected in enumerate(alone):
        assert got[index] == [expected] * 8, asked[index]
    view = engine._view
    assert view is not None and len(view._readers) > 1  # searches did overlap
