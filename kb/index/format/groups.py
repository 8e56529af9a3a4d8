"""Each segment's facet values with their documents, saved beside the segment.

A search process opening an index needs, per segment, every value of the keyword fields
facets count (partners, topics, languages, sources) with the documents carrying it.
Reading them from the postings walks the term table value by value: at a million records
(51 segments x 2,000 partners) that was most of the seven seconds an open took, paid again
by every worker at every start. Segments never change once written, so the writer reads
them once, right after the commit that created the segment, into one file per segment
(`<segment id>.groups`); an open then reads one file per segment.

The file is named like the segment's own files, so Whoosh deletes it with them when a
merge retires the segment. It is written under a dot-name and renamed into place, so a
reader sees a whole file or none; a reader that finds none (an index written before, a
writer killed between its commit and the file) reads the postings as before.

Layout: the magic line, the length of a JSON header (8 bytes, little-endian), the header
(per field: each value and its number of documents, in term order), then every document
number as a little-endian int32, field after field, value after value.
"""

from __future__ import annotations

import json
import os
import struct
from pathlib import Path
from typing import Any

import numpy as np

#: Keyword fields whose values facets count or search reads by value (`visit`, the hidden
#: facet of kb.search.facets): the fields kept in a segment's groups file.
GROUPED_FIELDS = ("partner", "topic", "lang", "source", "visit")
_MAGIC = b"KBGROUPS1\n"
_LENGTH = struct.Struct("<Q")
_DOCNUM = np.dtype("<i4")

#: A field's terms in one segment, each with its documents (ascending, segment-local).
Groups = list[tuple[str, np.ndarray]]


def groups_path(folder: Path, segment_id: str) -> Path:
    return folder / f"{segment_id}.groups"


def save_groups(folder: Path, segment_id: str, groups: dict[str, Groups]) -> None:
    """Write a segment's groups file (atomically: a reader sees all of it or nothing)."""
    header = {
        field: [[value, len(docs)] for value, docs in pairs] for field, pairs in groups.items()
    }
    encoded = json.dumps(header, ensure_ascii=False).encode("utf-8")
    docnums = [docs for pairs in groups.values() for _, docs in pairs]
    body = np.concatenate(docnums).astype(_DOCNUM) if docnums else np.zeros(0, _DOCNUM)
    final = groups_path(folder, segment_id)
    temporary = final.with_name(f".{final.name}.tmp")
    with open(temporary, "wb") as out:
        out.write(_MAGIC + _LENGTH.pack(len(encoded)) + encoded)
        out.write(body.tobytes())
        out.flush()
        os.fsync(out.fileno())
    os.replace(temporary, final)


def load_groups(folder: Path, segment_id: str) -> dict[str, Groups] | None:
    """A segment's saved groups, or None when there is no readable file for it."""
    try:
        data = groups_path(folder, segment_id).read_bytes()
    except FileNotFoundError:
        return None
    if not data.startswith(_MAGIC):
        return None
    start = len(_MAGIC) + _LENGTH.size
    try:
        (length,) = _LENGTH.unpack_from(data, len(_MAGIC))
        header: dict[str, list[list[Any]]] = json.loads(data[start : start + length])
        docnums = np.frombuffer(data, dtype=_DOCNUM, offset=start + length).astype(np.int64)
    except (ValueError, struct.error):  # cut short: not written by save_groups
        return None
    counts = [count for pairs in header.values() for _, count in pairs]
    if sum(counts) != len(docnums):
        return None
    # Plain slices: np.split costs ten times as much per part, and a segment has thousands.
    ends = np.cumsum(counts).tolist()
    parts = iter([docnums[start:end] for start, end in zip([0, *ends], ends, strict=False)])
    return {field: [(value, next(parts)) for value, _ in pairs] for field, pairs in header.items()}
