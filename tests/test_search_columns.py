"""What a view reads per segment: coded columns and field lengths, against Whoosh's own."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from test_search_fixtures import ALIASES, random_records
from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield

from kb.index import IndexManager
from kb.index.format.reader import length_bytes
from kb.search.columns import CodedColumn


def test_a_coded_column_groups_documents_by_value() -> None:
    column = CodedColumn.of([b"en", b"zh", b"en", b"", b"zh", b"en"])
    assert column.values == [b"en", b"zh", b""]
    assert column.codes.tolist() == [0, 1, 0, 2, 1, 0]
    groups = {value: docs.tolist() for value, docs in column.groups()}
    assert groups == {b"en": [0, 2, 5], b"zh": [1, 4], b"": [3]}
    assert list(CodedColumn.of([]).groups()) == []


def test_length_bytes_read_at_once_equal_whooshs_per_document_lengths(tmp_path: Path) -> None:
    manager = IndexManager(tmp_path, ALIASES)
    with manager.writing() as session:
        session.rebuild(random_records(120, seed=3), seq=1)
    generation = next(p for p in (tmp_path / "generations").iterdir() if p.is_dir())
    with whoosh_index.open_dir(str(generation)).reader() as reader:
        for field in ("text", "title"):
            expected = bytes(reader._perdoc.column_reader(_lenfield(field), LENGTHS_COLUMN).load())
            got = length_bytes(reader, field)
            assert len(got) == reader.doc_count_all() == 120
            assert got == expected.ljust(120, b"\0")
            assert np.frombuffer(got, dtype=np.uint8).any()
