"""Writing the index: rebuilds into generations, incremental updates, the fast segment writer."""

from __future__ import annotations

import os
import pickle
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from test_search_fixtures import ALIASES, RECORDS, random_records
from whoosh import index as whoosh_index

from kb.index import IndexManager, NeedsRebuild, bulk
from kb.index import generations as gens
from kb.index.codec import Codec, PackedValues
from kb.index.schema import build_schema, record_document, stored_record
from kb.search.engine import IndexMissing, SearchEngine
from kb.search.model import SearchRequest


def manager(index_dir: Path, aliases: dict[str, str] = ALIASES) -> IndexManager:
    return IndexManager(index_dir, aliases)


def found(index_dir: Path, q: str = "") -> set[str]:
    return {h.id for h in SearchEngine(index_dir, ALIASES).iter_hits(SearchRequest(q=q))}


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
    bulk.commit_segments(fast, bulk.build_segments(fast, records))
    assert dump(fast) == dump(reference)


def test_stored_documents_give_back_the_indexed_document() -> None:
    for record in RECORDS:
        document = record_document(record)
        stored = {"id": document["id"], "doc": document["doc"], "body_z": document["body_z"]}
        assert record_document(stored_record(stored)) == document


def test_parallel_build_matches_serial_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bulk, "PARALLEL_MIN", 100)
    monkeypatch.setattr(bulk, "SEGMENT_DOCS", 150)  # several segments per worker
    records = random_records(400, seed=5)
    for name, procs in (("serial", 1), ("parallel", 2)):
        with manager(tmp_path / name).writing() as session:
            session.rebuild(records, seq=1, procs=procs)
    for q in ("", "exchange", "合作", "online -research"):
        assert found(tmp_path / "serial", q) == found(tmp_path / "parallel", q)
    parallel = whoosh_index.open_dir(str(gens.generation_path(tmp_path / "parallel", "g000001")))
    assert len(parallel._segments()) >= 3


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
    add = bulk.SegmentBuilder.add

    def failing(builder: bulk.SegmentBuilder, record: Any) -> None:
        if record.id == "ilo":
            raise ValueError("cannot index this")
        add(builder, record)

    monkeypatch.setattr(bulk.SegmentBuilder, "add", failing)
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
    monkeypatch.setattr(bulk, "MAX_SEGMENTS", 3)
    records = random_records(120, seed=9)
    index = manager(tmp_path)
    with index.writing() as session:
        session.rebuild(records[:100], seq=1)
    for n, start in enumerate(range(100, 120, 4)):
        batch = [replace(r, body=r.body + " update") for r in records[start - 10 : start + 4]]
        with index.writing() as session:
            session.apply(batch, [records[n].id], seq=2 + n)
        ix = whoosh_index.open_dir(str(gens.generation_path(tmp_path, index.generation)))
        assert len(ix._segments()) <= 3
    expected = {r.id for r in records} - {r.id for r in records[:5]}
    assert found(tmp_path) == expected
    assert found(tmp_path, "update") == {r.id for r in records[90:120]}


def test_a_changed_vocabulary_requires_a_rebuild(tmp_path: Path) -> None:
    with manager(tmp_path).writing() as session:
        session.rebuild(RECORDS, seq=1)
    english_only = manager(tmp_path, {**ALIASES, "University of Leeds": "leeds"})
    with english_only.writing() as session:  # Latin names do not change segmentation
        assert session.needs_rebuild() is None
        session.apply(RECORDS[:1], [], seq=2)
    chinese = manager(tmp_path, {**ALIASES, "利兹大学": "leeds"})
    with chinese.writing() as session:
        assert "partner vocabulary changed" in (session.needs_rebuild() or "")
        with pytest.raises(NeedsRebuild, match="kb index --full"):
            session.apply(RECORDS[:1], [], seq=3)
        assert session.indexed_seq() == 2
        session.rebuild(RECORDS, seq=3)
        assert session.needs_rebuild() is None


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
        SearchEngine(tmp_path, ALIASES).search(SearchRequest(q='"online meeting"'))


def test_leftover_generations_are_removed_by_the_next_writer(tmp_path: Path) -> None:
    with manager(tmp_path).writing() as session:
        session.rebuild(RECORDS, seq=1)
    gens.new_generation(tmp_path)  # as a build killed before its swap leaves it
    with manager(tmp_path).writing():
        pass
    assert sorted(p.name for p in (tmp_path / "generations").iterdir()) == ["g000001"]


def test_packed_values_read_back_as_the_values() -> None:
    values = [b"", b"abcd", b"\x00\x01", b"xyz" * 50]
    packed = pickle.loads(pickle.dumps(PackedValues.pack(values), 2))
    assert list(packed) == values
    assert len(packed) == 4
    assert packed[-1] == values[-1]
    assert packed[1:3] == values[1:3]
