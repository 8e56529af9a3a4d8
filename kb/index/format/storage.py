"""Creating, updating and inspecting the Whoosh index of one generation folder.

`kb.index.writer` decides when to build, update or rebuild (locks, generations,
watermarks); these functions do it on disk, one Whoosh commit each.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.writing import SegmentWriter

from kb.core.record import Record
from kb.index.format.codec import Codec
from kb.index.format.groups import GROUPED_FIELDS, groups_path, save_groups
from kb.index.format.reader import field_groups
from kb.index.format.schema import build_schema, schema_analyzer
from kb.index.format.segments import apply_changes, build_segments, commit_segments


def build(path: Path, words: Iterable[str], records: Iterable[Record], procs: int) -> None:
    """A new index of `records` in the empty folder `path`, committed once."""
    ix = whoosh_index.create_in(str(path), build_schema(words))
    try:
        commit_segments(ix, build_segments(ix, records, procs))
        _save_groups(ix, path)
    finally:
        ix.close()


def update(path: Path, records: Sequence[Record], deleted: Sequence[str]) -> None:
    """Replace `records` (by id) and remove `deleted` in the index at `path`; one commit."""
    ix = whoosh_index.open_dir(str(path))
    try:
        apply_changes(ix, records, deleted)
        _save_groups(ix, path)
    finally:
        ix.close()


def _save_groups(ix: Any, path: Path) -> None:
    """Write the groups file of every segment of the latest commit that has none yet (the
    ones this commit created): what a search process would otherwise read from the
    postings of every segment at every start."""
    with ix.reader() as reader:
        for leaf, _ in reader.leaf_readers():
            segment_id = leaf.segment().segment_id()
            if not groups_path(path, segment_id).exists():
                groups = {field: field_groups(leaf, field) for field in GROUPED_FIELDS}
                save_groups(path, segment_id, groups)


def vocabulary(path: Path) -> tuple[str, ...]:
    """The segmenter vocabulary the index at `path` analyses text with."""
    ix = whoosh_index.open_dir(str(path))
    try:
        return schema_analyzer(ix.schema).words
    finally:
        ix.close()


def adopt_vocabulary(path: Path, words: Iterable[str]) -> None:
    """Make the index at `path` analyse with `words` from now on: its schema (and so the
    analyzer queries and new documents use) is committed anew, its segments kept as they
    are. The caller re-indexes every record whose text holds a word that changed."""
    ix = whoosh_index.open_dir(str(path))
    try:
        writer = SegmentWriter(ix, codec=Codec())
        writer.schema = build_schema(words)
        writer.commit(mergetype=lambda _writer, segments: segments)
    finally:
        ix.close()


def live_ids(path: Path) -> set[str]:
    """Ids of every live document (read from the id column, not the stored fields)."""
    ix = whoosh_index.open_dir(str(path))
    ids: set[str] = set()
    try:
        if not ix.doc_count_all():
            return ids
        with ix.searcher() as searcher:
            for leaf, _ in searcher.leaf_searchers():
                reader = leaf.reader()
                deleted = reader.deleted_docs_set
                ids.update(
                    record_id
                    for docnum, record_id in enumerate(reader.column_reader("id"))
                    if docnum not in deleted
                )
    finally:
        ix.close()
    return ids


def doc_count(path: Path) -> int:
    """Live documents in the index at `path`."""
    ix = whoosh_index.open_dir(str(path))
    try:
        count: int = ix.doc_count()
        return count
    finally:
        ix.close()
