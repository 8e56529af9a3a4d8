"""What a view reads of a segment at once (term groups, column data, field lengths), checked
against Whoosh's own document-by-document answers; and the groups files the writer saves
beside each segment so that a view need not read the groups from the postings."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from conftest import lexicon_of
from test_search_fixtures import ALIASES, random_records
from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.columns import VarBytesColumn
from whoosh.filedb.filestore import FileStorage

from kb.index import IndexManager
from kb.index.format.groups import GROUPED_FIELDS, load_groups
from kb.index.format.reader import column_data, field_groups, length_bytes, var_bytes_layout
from kb.search.engine import SearchEngine
from kb.search.facets import FACETS, HIDDEN_FACETS
from kb.search.model import SearchRequest

SIZE = 150


@pytest.fixture(scope="module")
def reader(tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder = tmp_path_factory.mktemp("index")
    with IndexManager(folder, ALIASES).writing() as session:
        session.rebuild(random_records(SIZE, seed=3), seq=1)
    generation = next(p for p in (folder / "generations").iterdir() if p.is_dir())
    with whoosh_index.open_dir(str(generation)).reader() as opened:
        yield opened


@pytest.mark.parametrize("field", ["partner", "topic", "lang", "source", "visit", "published"])
def test_term_groups_are_each_terms_postings(reader: Any, field: str) -> None:
    groups = field_groups(reader, field)
    terms = [t.decode("utf-8") for t in reader.lexicon(field)]
    assert [term for term, _ in groups] == terms and terms
    for term, docs in groups:
        assert docs.tolist() == list(reader.postings(field, term).all_ids())


def test_every_field_a_view_groups_by_value_is_saved_beside_the_segments() -> None:
    # A facet's field missing from GROUPED_FIELDS is read from its postings at every open
    # (dates are read from their column instead).
    fields = {facet.field for facet in FACETS + HIDDEN_FACETS} - {"published"}
    assert fields <= set(GROUPED_FIELDS)


@pytest.mark.parametrize("field", ["id", "published", "event"])
def test_column_data_holds_every_documents_value(reader: Any, field: str) -> None:
    data, offsets, lengths = column_data(reader, field)
    column = reader.column_reader(field, translate=False)
    expected = [column[docnum] for docnum in range(SIZE)]
    got = [data[o : o + n] for o, n in zip(offsets.tolist(), lengths.tolist(), strict=True)]
    assert got == expected


def test_length_bytes_read_at_once_equal_whooshs_per_document_lengths(reader: Any) -> None:
    for field in ("text", "title"):
        expected = bytes(reader._perdoc.column_reader(_lenfield(field), LENGTHS_COLUMN).load())
        got = length_bytes(reader, field)
        assert len(got) == SIZE and got == expected.ljust(SIZE, b"\0")
        assert np.frombuffer(got, dtype=np.uint8).any()


def test_no_value_anywhere_reads_as_empty(tmp_path: Path) -> None:
    with IndexManager(tmp_path, ALIASES).writing() as session:
        session.rebuild(random_records(3, seed=5), seq=1)
    generation = next(p for p in (tmp_path / "generations").iterdir() if p.is_dir())
    with whoosh_index.open_dir(str(generation)).reader() as opened:
        data, _, lengths = column_data(opened, "event")
        assert data == b"" and lengths.tolist() == [0, 0, 0]
        assert field_groups(opened, "event") == []


def _generation(folder: Path) -> Path:
    return next(p for p in (folder / "generations").iterdir() if p.is_dir())


def _segment_ids(generation: Path) -> set[str]:
    with whoosh_index.open_dir(str(generation)).reader() as opened:
        return {leaf.segment().segment_id() for leaf, _ in opened.leaf_readers()}


def _same(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return a.keys() == b.keys() and all(
        [v for v, _ in a[f]] == [v for v, _ in b[f]]
        and all(x.tolist() == y.tolist() for (_, x), (_, y) in zip(a[f], b[f], strict=True))
        for f in a
    )


def test_groups_and_positions_files_follow_the_segments_through_updates(tmp_path: Path) -> None:
    records = random_records(SIZE, seed=5)
    with IndexManager(tmp_path, ALIASES).writing() as session:
        session.rebuild(records[:100], seq=1)
    generation = _generation(tmp_path)
    first = _segment_ids(generation)
    assert {p.stem for p in generation.glob("*.groups")} == first
    assert {p.stem for p in generation.glob("*.positions")} == first
    with whoosh_index.open_dir(str(generation)).reader() as opened:
        for leaf, _ in opened.leaf_readers():
            saved = load_groups(generation, leaf.segment().segment_id())
            assert saved is not None
            postings = {f: field_groups(leaf, f) for f in GROUPED_FIELDS}
            assert _same(saved, postings)
    # Incremental commits add segments (and merge small ones away): every live segment
    # has its file, and no file outlives its segment.
    for seq, start in enumerate(range(100, SIZE, 10), start=2):
        with IndexManager(tmp_path, ALIASES).writing() as session:
            session.apply(records[start : start + 10], [records[seq].id], seq=seq)
    now = _segment_ids(generation)
    assert now != first
    assert {p.stem for p in generation.glob("*.groups")} == now
    assert {p.stem for p in generation.glob("*.positions")} == now


def test_a_missing_or_broken_groups_file_is_read_from_the_postings(tmp_path: Path) -> None:
    intact = tmp_path / "intact"
    with IndexManager(intact, ALIASES).writing() as session:
        session.rebuild(random_records(SIZE, seed=6), seq=1)
    expected = SearchEngine(intact, lexicon_of(ALIASES)).search(SearchRequest(q="")).facets
    assert expected["partner"] and expected["topic"]
    for case, cut in enumerate((40, -8, 0, None)):
        folder = tmp_path / f"case{case}"  # another folder: nothing cached from `intact`
        shutil.copytree(intact, folder, symlinks=True)
        generation = _generation(folder)
        (saved,) = generation.glob("*.groups")
        if cut is None:
            saved.unlink()
        else:
            saved.write_bytes(saved.read_bytes()[:cut] if cut else b"junk")
            assert load_groups(generation, saved.stem) is None
        found = SearchEngine(folder, lexicon_of(ALIASES)).search(SearchRequest(q="")).facets
        assert found == expected


@pytest.mark.parametrize("count", [7, 40_000])  # Whoosh stores offsets past 32,768
def test_column_layout_read_with_numpy_is_whooshs(tmp_path: Path, count: int) -> None:
    rng = np.random.default_rng(count)
    values = {
        int(d): bytes(rng.integers(97, 123, int(rng.integers(1, 30))))
        for d in rng.choice(count, size=max(1, count // 3), replace=False)
    }
    storage = FileStorage(str(tmp_path))
    with storage.create_file("column") as out:
        writer = VarBytesColumn().writer(out)
        for docnum in sorted(values):
            writer.add(docnum, values[docnum])
        writer.finish(count)
    with storage.open_file("column") as column:
        data = column.read()
        whoosh = VarBytesColumn().reader(column, 0, len(data), count)
        offsets, lengths = var_bytes_layout(data, count)
        assert offsets.tolist() == list(whoosh._offsets)
        assert lengths.tolist() == list(whoosh._lengths)
    assert whoosh.had_stored_offsets == (count > 2**15)
    for docnum in range(count):
        start, size = int(offsets[docnum]), int(lengths[docnum])
        assert data[start : start + size] == values.get(docnum, b"")
