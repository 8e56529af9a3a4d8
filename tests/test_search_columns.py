"""What a view reads of a segment at once (term groups, column data, field lengths), checked
against Whoosh's own document-by-document answers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from test_search_fixtures import ALIASES, random_records
from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield

from kb.index import IndexManager
from kb.index.format.reader import column_data, field_groups, length_bytes

SIZE = 150


@pytest.fixture(scope="module")
def reader(tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder = tmp_path_factory.mktemp("index")
    with IndexManager(folder, ALIASES).writing() as session:
        session.rebuild(random_records(SIZE, seed=3), seq=1)
    generation = next(p for p in (folder / "generations").iterdir() if p.is_dir())
    with whoosh_index.open_dir(str(generation)).reader() as opened:
        yield opened


@pytest.mark.parametrize("field", ["partner", "topic", "lang", "source", "published"])
def test_term_groups_are_each_terms_postings(reader: Any, field: str) -> None:
    groups = field_groups(reader, field)
    terms = [t.decode("utf-8") for t in reader.lexicon(field)]
    assert [term for term, _ in groups] == terms and terms
    for term, docs in groups:
        assert docs.tolist() == list(reader.postings(field, term).all_ids())


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
