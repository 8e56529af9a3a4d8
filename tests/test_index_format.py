"""The format package, the one place that knows Whoosh: our segment writer against Whoosh's
own, packed values, and indexes written before the package existed."""

from __future__ import annotations

import pickle
import shutil
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from conftest import lexicon_of
from test_search_fixtures import ALIASES, RECORDS, random_records
from whoosh import index as whoosh_index

from kb.index import IndexManager
from kb.index import generations as gens
from kb.index.format import pairs, segments
from kb.index.format.codec import Codec, PackedGaps, PackedValues, PackedWeights
from kb.index.format.reader import Snapshot, _docnums, term_positions, term_postings
from kb.index.format.schema import build_schema
from kb.index.schema import record_document
from kb.search.engine import IndexMissing, SearchEngine
from kb.search.model import SearchRequest

LEGACY = Path(__file__).parent / "data" / "legacy-index"


def dump(ix: Any) -> dict[object, object]:
    """Everything an index holds: postings with weights and values, lengths, stored fields,
    columns, field statistics."""
    out: dict[object, object] = {}
    with ix.searcher() as searcher:
        reader = searcher.reader()
        for name, field in ix.schema.items():
            if field.indexed:
                for term in reader.lexicon(name):
                    matcher = reader.postings(name, term)
                    postings = []
                    while matcher.is_active():
                        docnum = matcher.id()
                        length = reader.doc_field_length(docnum, name) if field.scorable else None
                        postings.append((docnum, matcher.weight(), matcher.value(), length))
                        matcher.next()
                    out[(name, term)] = postings
            if field.column_type:
                out[("column", name)] = list(reader.column_reader(name))
        out["stored"] = list(reader.all_stored_fields())
        out["stats"] = [
            (f, reader.field_length(f), reader.min_field_length(f), reader.max_field_length(f))
            for f in ("title", "text")
        ]
    return out


def test_fast_segments_equal_whooshs_own_writer(tmp_path: Path) -> None:
    records = RECORDS + random_records(150, seed=3)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    reference = whoosh_index.create_in(str(tmp_path / "a"), build_schema(ALIASES))
    writer = reference.writer(codec=Codec())
    for record in records:
        writer.add_document(**record_document(record))
    writer.commit()
    fast = whoosh_index.create_in(str(tmp_path / "b"), build_schema(ALIASES))
    segments.commit_segments(fast, segments.build_segments(fast, records))
    assert dump(fast) == dump(reference)


def test_packed_values_read_back_as_the_values() -> None:
    values = [b"", b"abcd", b"\x00\x01", b"xyz" * 50]
    packed = pickle.loads(pickle.dumps(PackedValues.pack(values), 2))
    assert list(packed) == values
    assert len(packed) == 4
    assert packed[-1] == values[-1]
    assert packed[1:3] == values[1:3]


def test_packed_gaps_and_weights_read_back_as_the_numbers() -> None:
    gaps, weights = [3, 1, 250, 70000], [1.0, 2.0, 0.5, 7.0]
    packed_gaps = pickle.loads(pickle.dumps(PackedGaps.pack(gaps), 2))
    packed_weights = pickle.loads(pickle.dumps(PackedWeights.pack(weights), 2))
    assert list(packed_gaps) == gaps and len(packed_gaps) == 4 and packed_gaps[2] == 250
    assert list(packed_weights) == weights and packed_weights[-1] == 7.0
    # What the engine reads: the document numbers, in one numpy step.
    assert _docnums(packed_gaps).tolist() == [3, 4, 254, 70254]
    assert _docnums((3, 1, 250, 70000)).tolist() == [3, 4, 254, 70254]  # schema 5 blocks


def test_blocks_hold_packed_gaps_and_weights(tmp_path: Path) -> None:
    """A block written by the codec unpickles to packed numbers, not tuples of them."""
    with IndexManager(tmp_path, ALIASES).writing() as session:
        session.rebuild(RECORDS + random_records(50, seed=5), seq=1)
    snapshot = Snapshot(gens.generation_path(tmp_path, gens.current_name(tmp_path) or ""))
    try:
        reader = snapshot.segments[0]._reader
        matcher = reader.postings("text", "exchang")
        matcher._read_data()
        ids, weights, _ = matcher._data
        assert isinstance(ids, PackedGaps)
        assert weights is None or isinstance(weights, PackedWeights | float)
    finally:
        snapshot.close()


def test_an_index_built_before_the_format_package_still_opens(tmp_path: Path) -> None:
    """The legacy index was written when the pickled classes lived at their first paths
    (kb.index.analysis, kb.index.schema, kb.index.codec); it holds four records of the web
    corpus: two about BTBU's online exchange, two about a BTBU delegation."""
    folder = tmp_path / "legacy"
    shutil.copytree(LEGACY, folder, symlinks=True)
    snapshot = Snapshot(gens.generation_path(folder, "g000001"))
    assert snapshot.size == 4
    assert snapshot.analyzer.words == ("北京工商大学", "北工商")
    snapshot.close()
    stored = Snapshot(gens.generation_path(folder, "g000001")).stored(2)
    assert stored["doc"]["title"] == "北京工商大学代表团来访我校"
    # Its schema (3) predates traditional-Chinese folding: a server asks for `kb index`,
    # which rebuilds it rather than mixing two analyses.
    vocabulary = {"北京工商大学": "btbu", "BTBU": "btbu", "北工商": "btbu"}
    with pytest.raises(IndexMissing, match="schema version 3"):
        SearchEngine(folder, lexicon_of(vocabulary)).search(SearchRequest(q="BTBU"))
    with IndexManager(folder, vocabulary).writing() as session:
        assert "schema version 3" in (session.needs_rebuild() or "")
        session.rebuild(RECORDS[:4], seq=5)
    assert SearchEngine(folder, lexicon_of(vocabulary)).search(SearchRequest()).total == 4


def test_positions_files_answer_as_whooshs_postings(tmp_path: Path) -> None:
    """Each segment's positions files give every `text` and `title` term the documents and
    frequencies, and every `phrase` term the positions, that Whoosh's own blocks hold:
    for all documents, a few, none, and documents the term is not in."""
    with IndexManager(tmp_path, ALIASES).writing() as session:
        session.rebuild(RECORDS + random_records(300, seed=11), seq=1)
    folder = gens.generation_path(tmp_path, gens.current_name(tmp_path) or "")
    assert list(folder.glob("*.positions"))
    snapshot = Snapshot(folder)
    try:
        segment = snapshot.segments[0]
        assert segment._positions is not None
        rng = np.random.default_rng(4)
        every = np.arange(segment.size, dtype=np.int64)
        terms = segment.vocabulary("text")
        assert len(terms) > 100
        assert segment._title_positions is not None
        for term in [*segment.vocabulary("title"), "absent-term", ""]:
            docs, weights = segment.postings("title", term)
            whoosh_docs, whoosh_weights = term_postings(segment._reader, "title", term)
            assert docs.tolist() == whoosh_docs.tolist(), term
            assert weights.tolist() == whoosh_weights.tolist(), term
        for term in [*terms, "absent-term", ""]:
            docs, weights = segment.postings("text", term)
            whoosh_docs, whoosh_weights = term_postings(segment._reader, "text", term)
            assert docs.tolist() == whoosh_docs.tolist(), term
            assert weights.tolist() == whoosh_weights.tolist(), term
            some = np.sort(rng.choice(every, size=rng.integers(0, 40), replace=False))
            for wanted in (every, some, every[:0], docs[::3]):
                mine = segment.positions("phrase", term, wanted)
                theirs = term_positions(segment._reader, "phrase", term, wanted)
                assert [a.tolist() for a in mine] == [a.tolist() for a in theirs], term
    finally:
        snapshot.close()


def test_pairs_of_common_words_are_where_one_follows_the_other(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every two words a segment lists as common answer with exactly the documents where
    the second follows the first in the positions (also where several words share a
    position); other words are not answered (None: read positions)."""
    monkeypatch.setattr(pairs, "FREQUENT_MIN_DOCS", 8)
    with IndexManager(tmp_path, ALIASES).writing() as session:
        session.rebuild(RECORDS + random_records(200, seed=5), seq=1)
    snapshot = Snapshot(gens.generation_path(tmp_path, gens.current_name(tmp_path) or ""))
    try:
        segment = snapshot.segments[0]
        every = np.arange(segment.size, dtype=np.int64)
        counts = {t: len(segment.postings("text", t)[0]) for t in segment.vocabulary("text")}
        least = -(-segment.size // pairs.FREQUENT_SHARE)
        common = sorted(t for t, n in counts.items() if n >= max(8, least))
        rare = next(t for t, n in counts.items() if n < least)
        assert len(common) > 10
        found = 0
        for first in common:
            docs, positions = segment.positions("phrase", first, every)
            followed = set(((docs << 32) + positions + 1).tolist())
            for second in common:
                docs, positions = segment.positions("phrase", second, every)
                keys = ((docs << 32) + positions).tolist()
                expected = sorted({k >> 32 for k in keys if k in followed})
                listed = segment.pair_docs(first, second)
                assert listed is not None and listed.tolist() == expected, (first, second)
                found += bool(expected)
        assert found > 20
        assert segment.pair_docs(common[0], rare) is None
    finally:
        snapshot.close()


def test_a_missing_or_cut_positions_file_falls_back_to_the_postings(tmp_path: Path) -> None:
    """Without readable positions files (cut short, then gone) a search reads Whoosh's
    postings and ranks as before: the phrase from the positions, scores with the title's."""
    with IndexManager(tmp_path, ALIASES).writing() as session:
        session.rebuild(RECORDS, seq=1)
    folder = gens.generation_path(tmp_path, gens.current_name(tmp_path) or "")

    def ranked(query: str) -> list[tuple[str, float]]:
        engine = SearchEngine(tmp_path, lexicon_of(dict(ALIASES)))
        return [(h.id, h.score) for h in engine.search(SearchRequest(q=query)).hits]

    expected = {q: ranked(q) for q in ('"online exchange"', "delegation visit")}
    assert all(expected.values())
    sidecars = [
        *folder.glob("*.positions"),
        *folder.glob("*.title_positions"),
        *folder.glob("*.pairs_positions"),
    ]
    assert len(sidecars) == 3
    for sidecar in sidecars:
        sidecar.write_bytes(sidecar.read_bytes()[: sidecar.stat().st_size // 2])
    snapshot = Snapshot(folder)
    assert snapshot.segments[0]._positions is None
    assert snapshot.segments[0]._title_positions is None
    assert snapshot.segments[0]._pairs is None
    snapshot.close()
    assert {q: ranked(q) for q in expected} == expected
    for sidecar in sidecars:
        sidecar.unlink()
    assert {q: ranked(q) for q in expected} == expected


def test_stored_fields_from_the_map_are_whooshs_across_segments_and_threads(
    tmp_path: Path,
) -> None:
    """Stored fields sliced from the mapped column equal what Whoosh's reader returns, for
    every document of a commit of several segments (one with a deletion), from a fork,
    and from threads reading at once (nothing keeps a file position between them)."""
    records = RECORDS + random_records(120, seed=5)
    index = IndexManager(tmp_path, ALIASES)
    with index.writing() as session:
        session.rebuild(records[:80], seq=1)
    with index.writing() as session:
        session.apply([replace(records[0], title="Changed title"), *records[80:]], [], seq=2)
    snapshot = Snapshot(gens.generation_path(tmp_path, gens.current_name(tmp_path) or ""))
    twin = snapshot.fork()
    try:
        assert len(snapshot.segments) == 2
        whoosh_reader = snapshot._searcher.reader()
        expected = [whoosh_reader.stored_fields(d) for d in range(snapshot.size)]
        assert {e["id"] for e in expected} >= {r.id for r in records}
        assert [snapshot.stored(d) for d in range(snapshot.size)] == expected
        assert [twin.stored(d) for d in range(snapshot.size)] == expected
        order = list(range(snapshot.size)) * 5
        with ThreadPoolExecutor(4) as pool:
            read = list(pool.map(snapshot.stored, order))
        assert read == [expected[d] for d in order]
    finally:
        twin.close()
        snapshot.close()
