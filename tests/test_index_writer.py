"""Writing the index: rebuilds into generations, incremental updates, the fast segment writer."""

from __future__ import annotations

import os
import zlib
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from conftest import lexicon_of
from test_search_fixtures import ALIASES, RECORDS, random_records

from kb.index import IndexManager, NeedsRebuild
from kb.index import generations as gens
from kb.index.format import segments, storage
from kb.index.format.reader import Snapshot
from kb.index.schema import record_document, stored_record, stored_texts
from kb.search.engine import IndexMissing, SearchEngine
from kb.search.model import SearchRequest


def manager(index_dir: Path, aliases: dict[str, str] = ALIASES) -> IndexManager:
    return IndexManager(index_dir, aliases)


def found(index_dir: Path, q: str = "") -> set[str]:
    engine = SearchEngine(index_dir, lexicon_of(ALIASES))
    return {h.id for h in engine.iter_hits(SearchRequest(q=q, literal=True))}


def test_stored_documents_give_back_the_indexed_document() -> None:
    for record in RECORDS:
        document = record_document(record)
        stored = {"id": document["id"], "doc": document["doc"], "body_z": document["body_z"]}
        assert record_document(stored_record(stored)) == document


def test_texts_stored_before_as_a_zlib_stream_still_read() -> None:
    """Indexes written before the texts were stored plain hold them compressed (level 1),
    a body and its attachment text joined by a NUL; both forms read back the same."""
    body, attachment = "代表团来访。\nA delegation visited.", "议程 Agenda"
    joined = f"{body}\x00{attachment}".encode()
    assert stored_texts({"body_z": zlib.compress(joined, 1)}) == (body, attachment)
    assert stored_texts({"body_z": b"\x00" + joined}) == (body, attachment)
    record = replace(RECORDS[0], body=body, attachment_text=attachment)
    assert stored_texts(record_document(record)) == (body, attachment)
    assert stored_texts({"body_z": zlib.compress(b"", 1)}) == ("", "")


def test_parallel_build_matches_serial_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(segments, "PARALLEL_MIN", 100)
    monkeypatch.setattr(segments, "SEGMENT_DOCS", 150)  # several segments per worker
    records = random_records(400, seed=5)
    for name, procs in (("serial", 1), ("parallel", 2)):
        with manager(tmp_path / name).writing() as session:
            session.rebuild(records, seq=1, procs=procs)
    for q in ("", "exchange", "合作", "online -research"):
        assert found(tmp_path / "serial", q) == found(tmp_path / "parallel", q)
    parallel = Snapshot(gens.generation_path(tmp_path / "parallel", "g000001"))
    assert len(parallel.segments) >= 3
    parallel.close()


def test_rebuild_swaps_generations_and_removes_the_old_one(tmp_path: Path) -> None:
    index = manager(tmp_path)
    with index.writing() as session:
        assert session.indexed_seq() == 0 and index.generation == ""
        assert session.rebuild(RECORDS, seq=7) == "g000001"
        assert session.indexed_seq() == 7 and session.doc_count() == len(RECORDS)
    assert os.readlink(tmp_path / gens.CURRENT) == "generations/g000001"
    with index.writing() as session:
        assert session.rebuild(RECORDS[:2], seq=9) == "g000002"
        assert session.doc_ids() == {"btbu-en", "btbu-zh"}
    assert sorted(p.name for p in (tmp_path / "generations").iterdir()) == ["g000002"]
    assert index.generation == "g000002"


def test_failed_rebuild_leaves_the_current_generation(tmp_path: Path) -> None:
    index = manager(tmp_path)
    with index.writing() as session:
        session.rebuild(RECORDS, seq=1)

    def broken() -> Any:
        yield RECORDS[0]
        raise OSError("store went away")

    with index.writing() as session, pytest.raises(OSError, match="store went away"):
        session.rebuild(broken(), seq=2)
    assert index.generation == "g000001"
    assert sorted(p.name for p in (tmp_path / "generations").iterdir()) == ["g000001"]
    assert found(tmp_path) == {r.id for r in RECORDS}


def test_incremental_updates_and_deletions(tmp_path: Path) -> None:
    index = manager(tmp_path)
    with index.writing() as session:
        session.apply(RECORDS[:5], [], seq=5)  # no index yet: this builds the first one
        assert index.generation == "g000001"
    changed = replace(RECORDS[0], title="Zebra crossing", body="A zebra was seen.")
    with index.writing() as session:
        session.apply([changed, *RECORDS[5:]], ["sheffield-zh"], seq=12)
        assert session.indexed_seq() == 12
        assert session.doc_count() == len(RECORDS) - 1
        assert session.doc_ids() == {r.id for r in RECORDS} - {"sheffield-zh"}
    assert found(tmp_path, "zebra") == {"btbu-en"}
    assert found(tmp_path, "Online exchange") == set()
    # At-least-once: applying the same changes again changes nothing.
    with index.writing() as session:
        session.apply([changed, *RECORDS[5:]], ["sheffield-zh"], seq=12)
        assert session.doc_count() == len(RECORDS) - 1
    assert found(tmp_path, "zebra") == {"btbu-en"}
    # An empty batch only moves the watermark (it never goes back).
    with index.writing() as session:
        session.apply([], [], seq=15)
        session.apply([], [], seq=3)
        assert session.indexed_seq() == 15


def test_failed_update_leaves_the_index_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = manager(tmp_path)
    with index.writing() as session:
        session.rebuild(RECORDS, seq=1)
    add = segments.SegmentBuilder.add

    def failing(builder: segments.SegmentBuilder, record: Any) -> None:
        if record.id == "ilo":
            raise ValueError("cannot index this")
        add(builder, record)

    monkeypatch.setattr(segments.SegmentBuilder, "add", failing)
    with index.writing() as session, pytest.raises(ValueError, match="cannot index this"):
        session.apply([replace(r, title="changed") for r in RECORDS], ["btbu-en"], seq=2)
    monkeypatch.undo()
    with index.writing() as session:
        assert session.indexed_seq() == 1 and session.doc_count() == len(RECORDS)
        session.apply([RECORDS[0]], [], seq=2)  # and the next run works
    assert found(tmp_path, "changed") == set()
    assert found(tmp_path) == {r.id for r in RECORDS}


def test_records_without_text_are_indexed(tmp_path: Path) -> None:
    empty = replace(RECORDS[0], id="empty", title="", body="", attachment_text="")
    with manager(tmp_path).writing() as session:
        session.rebuild([empty], seq=1)
        session.apply([replace(empty, id="empty-2")], [], seq=2)
    assert found(tmp_path) == {"empty", "empty-2"}


def test_small_segments_are_folded_as_updates_add_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(segments, "MAX_SEGMENTS", 3)
    records = random_records(120, seed=9)
    index = manager(tmp_path)
    with index.writing() as session:
        session.rebuild(records[:100], seq=1)
    for n, start in enumerate(range(100, 120, 4)):
        batch = [replace(r, body=r.body + " update") for r in records[start - 10 : start + 4]]
        with index.writing() as session:
            session.apply(batch, [records[n].id], seq=2 + n)
        snapshot = Snapshot(gens.generation_path(tmp_path, index.generation))
        assert len(snapshot.segments) <= 3
        snapshot.close()
    expected = {r.id for r in records} - {r.id for r in records[:5]}
    assert found(tmp_path) == expected
    assert found(tmp_path, "update") == {r.id for r in records[90:120]}


def test_a_changed_vocabulary_is_adopted_after_the_records_holding_it(tmp_path: Path) -> None:
    with manager(tmp_path).writing() as session:
        session.rebuild(RECORDS, seq=1)
    english_only = manager(tmp_path, {**ALIASES, "University of Leeds": "leeds"})
    with english_only.writing() as session:  # Latin names do not change segmentation
        assert session.changed_words() == frozenset()
        session.apply(RECORDS[:1], [], seq=2)
    chinese = manager(tmp_path, {**ALIASES, "利兹大学": "leeds"})
    with chinese.writing() as session:
        assert session.changed_words() == {"利兹大学"}
        with pytest.raises(NeedsRebuild, match="kb index --full"):
            session.apply(RECORDS[:1], [], seq=3)  # not adopted yet: refused
        assert session.indexed_seq() == 2
        session.adopt_vocabulary()
        assert session.changed_words() == frozenset() and session.needs_rebuild() is None
        session.apply(RECORDS[:1], [], seq=3)
        assert session.indexed_seq() == 3
    path = gens.generation_path(tmp_path, chinese.generation)
    assert "利兹大学" in storage.vocabulary(path)


def test_another_schema_version_requires_a_rebuild(tmp_path: Path) -> None:
    index = manager(tmp_path)
    with index.writing() as session:
        session.rebuild(RECORDS, seq=1)
    path = gens.generation_path(tmp_path, index.generation)
    meta = gens.read_meta(path)
    assert meta is not None
    gens.write_meta(path, replace(meta, schema_version=0))
    with index.writing() as session:
        assert "schema version 0" in (session.needs_rebuild() or "")
        with pytest.raises(NeedsRebuild):
            session.apply([], ["ilo"], seq=2)
    # A server started on the old index says what to do instead of misreading it.
    with pytest.raises(IndexMissing, match=r"schema version 0.*kb index"):
        SearchEngine(tmp_path, lexicon_of(ALIASES)).search(SearchRequest(q='"online meeting"'))


def test_leftover_generations_are_removed_by_the_next_writer(tmp_path: Path) -> None:
    with manager(tmp_path).writing() as session:
        session.rebuild(RECORDS, seq=1)
    gens.new_generation(tmp_path)  # as a build killed before its swap leaves it
    with manager(tmp_path).writing():
        pass
    assert sorted(p.name for p in (tmp_path / "generations").iterdir()) == ["g000001"]


def test_a_long_lived_engine_sees_each_commit_without_listing_the_folder_per_search(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = manager(tmp_path)
    with index.writing() as session:
        session.apply(RECORDS[:5], [], seq=5)
    engine = SearchEngine(tmp_path, lexicon_of(ALIASES))
    listings: list[int] = []
    latest = Snapshot.latest_commit
    monkeypatch.setattr(Snapshot, "latest_commit", lambda self: listings.append(1) or latest(self))
    before = engine.search(SearchRequest()).total
    for _ in range(20):
        assert engine.search(SearchRequest()).total == before
    assert len(listings) <= 1  # once, to learn the folder's state; then one stat per search
    with index.writing() as session:
        session.apply(RECORDS[5:], [], seq=12)
    assert engine.search(SearchRequest()).total == len(RECORDS)  # the next search sees it
