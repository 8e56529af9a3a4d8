"""A long-running engine sees new commits and swapped generations, and never fails meanwhile."""

from __future__ import annotations

import random
import threading
from dataclasses import replace
from pathlib import Path

from test_search_fixtures import ALIASES, RECORDS, WORDS, build, random_records

from kb.index import IndexManager
from kb.search.model import Filters, SearchRequest


def test_new_commit_is_seen_without_restart(tmp_path: Path) -> None:
    engine = build(tmp_path)
    before = engine.generation
    assert engine.search(SearchRequest(q="zebra")).total == 0
    zebra = replace(RECORDS[0], id="zebra", title="A zebra at the gate")
    with IndexManager(tmp_path, ALIASES).writing() as session:
        session.apply([zebra], ["ilo"], seq=2)
    result = engine.search(SearchRequest(q="zebra"))
    assert [h.id for h in result.hits] == ["zebra"]
    assert result.generation == engine.generation != before
    assert engine.search(SearchRequest(q="seminar")).total == 0  # "ilo" was deleted


def test_export_in_progress_finishes_on_its_own_view(tmp_path: Path) -> None:
    engine = build(tmp_path)
    export = engine.iter_hits(SearchRequest(sort="newest"))
    first = next(export)
    with IndexManager(tmp_path, ALIASES).writing() as session:
        session.rebuild(RECORDS[:1], seq=2)  # new generation, old one deleted
    rest = [hit.id for hit in export]
    assert [first.id, *rest] == [
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
    assert engine.search(SearchRequest()).total == 1


def test_swaps_while_readers_search_cause_no_errors(tmp_path: Path) -> None:
    versions = [random_records(150, seed=n) for n in range(4)]
    engine = build(tmp_path, versions[0])
    errors: list[BaseException] = []
    searches = [0]
    stop = threading.Event()

    def reader(seed: int) -> None:
        rng = random.Random(seed)
        while not stop.is_set():
            request = SearchRequest(
                q=rng.choice([*WORDS, '"合作 交流"', ""]),
                page=rng.randint(1, 3),
                per_page=5,
                filters=Filters({"topic": tuple(rng.sample(["research", "planning"], 1))}),
            )
            try:
                result = engine.search(request)
                assert result.total >= len(result.hits)
                searches[0] += 1
            except BaseException as exc:
                errors.append(exc)
                return

    threads = [threading.Thread(target=reader, args=(n,)) for n in range(3)]
    for thread in threads:
        thread.start()
    manager = IndexManager(tmp_path, ALIASES)
    for seq, records in enumerate(versions[1:], start=2):
        with manager.writing() as session:
            session.rebuild(records, seq=seq)
            session.apply(records[:10], [records[-1].id], seq=seq)
    stop.set()
    for thread in threads:
        thread.join()
    assert errors == []
    assert searches[0] > 0
    final = engine.search(SearchRequest())
    assert final.generation.startswith(manager.generation + ".")
    assert final.total == len(versions[-1]) - 1
