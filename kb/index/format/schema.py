"""The Whoosh schema of an index generation: field types, the analyzer, packed positions.

What each field holds and why is explained in `kb.index.schema`, which maps records to
documents; this module only says how Whoosh is to store them.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable, Sequence

from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema
from whoosh.formats import Positions

from kb.index.analysis import vocabulary_words
from kb.index.format.analyzer import MixedAnalyzer


def build_schema(vocabulary: Iterable[str] = ()) -> Schema:
    """The schema of one generation; the analyzers carry the segmenter vocabulary."""
    words = vocabulary_words(vocabulary)
    analyzer = MixedAnalyzer(words)
    keyword = {"commas": True, "lowercase": False, "scorable": False, "sortable": True}
    return Schema(
        id=ID(unique=True, stored=True, sortable=True),
        title=TEXT(analyzer=analyzer, phrase=False),
        text=TEXT(analyzer=analyzer, phrase=False),
        phrase=_positions_only(TEXT(analyzer=analyzer, phrase=True)),
        partner=KEYWORD(**keyword),
        topic=KEYWORD(**keyword),
        visit=KEYWORD(**keyword),
        lang=ID(sortable=True),
        source=ID(sortable=True),
        published=ID(sortable=True),
        event=ID(sortable=True),
        doc=STORED,
        body_z=STORED,
    )


#: How `PackedPositions` stores a posting's positions (numpy's name for the type).
POSITION_DTYPE = "<u4"


class PackedPositions(Positions):
    """Token positions as little-endian unsigned 32-bit integers, nothing else.

    Whoosh's own `Positions` pickles each posting's list separately, and a phrase of two
    common words then unpickles tens of thousands of lists (0.2-0.3 s at 100k records).
    Packed integers of any number of postings are read with one `numpy.frombuffer`.
    """

    def encode(self, poslist: Sequence[int]) -> bytes:
        return struct.pack(f"<{len(poslist)}I", *poslist)

    def decode_positions(self, valuestring: bytes) -> list[int]:
        return list(struct.unpack(f"<{len(valuestring) // 4}I", valuestring))

    def decode_frequency(self, valuestring: bytes) -> int:
        return len(valuestring) // 4


def _positions_only(field: TEXT) -> TEXT:
    """A positional field that is never scored: no per-document length column to write."""
    field.format = PackedPositions(field_boost=field.format.field_boost)
    field.scorable = False
    return field


def schema_analyzer(schema: Schema) -> MixedAnalyzer:
    """The text analyzer a generation was indexed with (its vocabulary included)."""
    analyzer = schema["text"].analyzer
    assert isinstance(analyzer, MixedAnalyzer)
    return analyzer
