"""The facet registry: every facet declared once, with how it selects and how it counts.

A facet names its request parameter and JSON key, the index field it reads, whether staff
choose its values (and may choose several: OR within a facet, AND across facets) and how
its values are listed. Parameters, the OpenAPI document, the sidebar, the engine and the
JSON all iterate `FACETS`, so a new facet is one registration here.

Counts are disjunctive: each facet is counted over the documents matching the query, the
date range and every *other* facet's selection, so choosing one partner does not hide the
others. Two kinds of facets count differently (Datasette's facet classes are the model):
`ValueFacet` keeps one document set per value and intersects (a few microseconds per value),
for facets of tens of values; `TagFacet` keeps its tags by document (`TagTable`) and counts
with one bincount over the documents counted (or over those not counted, when fewer), for
facets of thousands of values.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from operator import itemgetter
from typing import Literal, Protocol

import numpy as np

from kb.core.runs import run_indices
from kb.index.format.groups import Groups
from kb.search import bits
from kb.search.cache import CostLRU
from kb.search.model import CountedFacets

#: How a facet's values are listed: largest count first, or by value, newest first.
Order = Literal["count", "value_desc"]
#: How a facet's values are named for people: partner names, topic labels, language
#: names, or the value itself.
LabelKind = Literal["partner", "topic", "language", "plain"]
#: Per segment: the facet field's groups, and the segment's offset.
SegmentGroups = tuple[Groups, int]
#: A set with at most 1/SPARSE_FRACTION of the documents is counted from its members' tags:
#: a search's set is mostly a few hundred documents, where intersecting each value's set
#: (tens of values, each a pass over a bit per document) costs ten times more.
SPARSE_FRACTION = 32


class FacetData(Protocol):
    """What one facet keeps about one opened index view (of `size` documents)."""

    size: int

    def select(self, values: Iterable[str]) -> int:
        """The documents carrying any of `values` (OR within a facet)."""
        ...

    def docnums(self, value: str) -> np.ndarray:
        """The documents carrying `value`, ascending."""
        ...

    def counts(
        self, base: CountBase, chosen: tuple[str, ...], limit: int | None
    ) -> Mapping[str, int]:
        """Documents of `base` per value: at least the `limit` largest and the chosen."""
        ...


class CountBase:
    """A set of documents facets are counted over, with its members (or those of its
    complement) found at most once for all the facets counting over it: a search counts
    five facets, and most often all over the same set."""

    __slots__ = ("_members", "_outside", "bits", "count", "size")

    def __init__(self, docs: int, size: int) -> None:
        self.bits = docs
        self.size = size
        self.count = docs.bit_count()
        self._members: np.ndarray | None = None
        self._outside: np.ndarray | None = None

    @property
    def sparse(self) -> bool:
        """Few enough members that gathering their tags beats intersecting each value's set."""
        return self.count * SPARSE_FRACTION <= self.size

    def members(self) -> np.ndarray:
        if self._members is None:
            self._members = bits.members(self.bits, self.size)
        return self._members

    def outside(self) -> np.ndarray:
        """The documents not in the set."""
        if self._outside is None:
            self._outside = bits.members(bits.full(self.size) & ~self.bits, self.size)
        return self._outside


@dataclass(frozen=True)
class Facet:
    """One facet: staff choose its values with the request parameter `name` (repeatable, OR
    within the facet). `filterable`: so many values that staff find one by typing part of its
    label (the sidebar's filter box, `/api/facets/<name>?q=`)."""

    name: str
    field: str
    filterable: bool = False
    order: Order = "count"
    label: LabelKind = "plain"
    #: How many first characters of a term are the value (None: the whole term).
    term_chars: int | None = None

    def value_of(self, term: str) -> str:
        """The facet value a term of the field stands for: the term, or its first
        `term_chars` characters."""
        return term if self.term_chars is None else term[: self.term_chars]

    def docs_by_value(self, segments: Iterable[SegmentGroups]) -> dict[str, np.ndarray]:
        """Global document numbers per value over the segments of a view (given in
        document order), ascending: read from the field's postings (one per value and
        segment), never document by document. A value's parts are only sorted when two
        terms of one segment stand for it; otherwise, segment after segment, they are in
        order already."""
        found: dict[str, list[np.ndarray]] = defaultdict(list)
        mixed: set[str] = set()
        for groups, offset in segments:
            here: set[str] = set()
            for term, docs in groups:
                value = self.value_of(term)
                if value in here:
                    mixed.add(value)
                here.add(value)
                found[value].append(docs + offset)
        by_value = {}
        for value, parts in found.items():
            docs = parts[0] if len(parts) == 1 else np.concatenate(parts)
            by_value[value] = np.sort(docs) if value in mixed else docs
        return by_value

    def layout(self, segments: Iterable[SegmentGroups], size: int) -> FacetData:
        raise NotImplementedError


@dataclass(frozen=True)
class ValueFacet(Facet):
    """A facet of tens of values: one document set per value."""

    def layout(self, segments: Iterable[SegmentGroups], size: int) -> ValueSets:
        return ValueSets(self.docs_by_value(segments), size)


@dataclass(frozen=True)
class TagFacet(Facet):
    """A facet of thousands of values (partners): tags counted with numpy."""

    def layout(self, segments: Iterable[SegmentGroups], size: int) -> Tags:
        return Tags(self.docs_by_value(segments), size)


class TagTable:
    """A facet's (document, value) tags ordered by document, values numbered in sorted
    order: counting over a set gathers the tags of its members (or of the documents outside
    it, taken from the totals), so the cost follows the smaller of the two, never the index.
    """

    def __init__(self, docs: Mapping[str, np.ndarray], size: int) -> None:
        """`docs`: the documents of each value, ascending (a document once per value)."""
        self.size = size
        self.ids: list[str] = sorted(docs)
        self.numbers = {value: n for n, value in enumerate(self.ids)}
        per_doc = np.zeros(size + 1, dtype=np.int64)
        for value in self.ids:
            per_doc[docs[value].astype(np.intp) + 1] += 1
        self.starts = np.cumsum(per_doc)
        self.totals = np.array([len(docs[value]) for value in self.ids], dtype=np.int64)
        #: The value number of each tag, the tags of document d at starts[d]:starts[d + 1].
        self.values = np.zeros(int(self.starts[-1]), dtype=np.int32)
        free = self.starts[:-1].copy()  # the next free tag slot of each document
        for number, value in enumerate(self.ids):
            spots = docs[value].astype(np.intp)
            self.values[free[spots]] = number
            free[spots] += 1

    def counts(self, base: CountBase) -> np.ndarray:
        """The number of documents of `base` carrying each value (by value number)."""
        if base.count * 2 <= self.size:
            return self._tally(base.members())
        inside: np.ndarray = self.totals - self._tally(base.outside())
        return inside

    def _tally(self, docs: np.ndarray) -> np.ndarray:
        starts = self.starts[docs]
        lengths = self.starts[docs + 1] - starts
        spots = run_indices(starts, lengths)  # each document's tags, laid end to end
        return np.bincount(self.values[spots], minlength=len(self.ids))

    def listed(
        self, base: CountBase, chosen: tuple[str, ...], limit: int | None
    ) -> Mapping[str, int]:
        """Counts over `base`: all of them, or with a `limit` only those `listing` can show
        (the `limit` largest and the chosen), so thousands of values are never turned into
        Python objects to list fifty."""
        counts = self.counts(base)
        found = np.flatnonzero(counts)
        if limit is not None and len(found) > limit:
            # By count (desc), then value: value numbers follow the sorted values.
            found = found[np.lexsort((found, -counts[found]))[:limit]]
        listed = dict(zip([self.ids[i] for i in found], counts[found].tolist(), strict=True))
        for value in chosen:
            number = self.numbers.get(value)
            listed.setdefault(value, 0 if number is None else int(counts[number]))
        return listed


class ValueSets:
    """A `ValueFacet`'s data: value -> document set, and its tag table for sparse sets."""

    def __init__(self, docs: dict[str, np.ndarray], size: int) -> None:
        """`docs`: the documents of each value, ascending."""
        self.sets = {value: bits.from_docnums(found, size) for value, found in docs.items()}
        self.size = size
        self.table = TagTable(docs, size)

    def docnums(self, value: str) -> np.ndarray:
        return bits.members(self.sets.get(value, 0), self.size)

    def select(self, values: Iterable[str]) -> int:
        found = 0
        for value in values:
            found |= self.sets.get(value, 0)
        return found

    def counts(
        self, base: CountBase, chosen: tuple[str, ...], limit: int | None
    ) -> Mapping[str, int]:
        if base.sparse:
            return self.table.listed(base, chosen, None)
        return {value: (docs & base.bits).bit_count() for value, docs in self.sets.items()}


#: Memory budget of a TagFacet's cached document sets, in bytes (approximate).
TAG_SET_CACHE_BYTES = 32 << 20


class Tags:
    """A `TagFacet`'s data: sorted document numbers per value, and its tag table."""

    def __init__(self, docs: dict[str, np.ndarray], size: int) -> None:
        """`docs`: the documents of each value, ascending."""
        self.size = size
        self.docs: dict[str, np.ndarray] = {v: d.astype(np.uint32) for v, d in docs.items()}
        self.table = TagTable(self.docs, size)
        set_bytes = size // 8 + 32
        self._sets: CostLRU[int] = CostLRU(TAG_SET_CACHE_BYTES, lambda _: set_bytes)

    def docnums(self, value: str) -> np.ndarray:
        """The documents tagged with `value`, ascending."""
        return self.docs.get(value, np.zeros(0, np.uint32))

    def set_of(self, value: str) -> int:
        """The documents tagged with `value`, as a set (cached: filters repeat)."""
        docs = self.docs.get(value)
        if docs is None:
            return 0
        return self._sets.get_or_make(value, lambda: bits.from_docnums(docs, self.size))

    def select(self, values: Iterable[str]) -> int:
        found = 0
        for value in values:
            found |= self.set_of(value)
        return found

    def counts(
        self, base: CountBase, chosen: tuple[str, ...], limit: int | None
    ) -> Mapping[str, int]:
        return self.table.listed(base, chosen, limit)


#: The registry, in the order the sidebar and the JSON list them.
FACETS: tuple[Facet, ...] = (
    TagFacet("partner", "partner", filterable=True, label="partner"),
    ValueFacet("topic", "topic", label="topic"),
    ValueFacet("year", "published", order="value_desc", term_chars=4),  # YYYY of YYYY-MM-DD
    ValueFacet("lang", "lang", label="language"),
    ValueFacet("source", "source", filterable=True),
)
FACET_NAMES: tuple[str, ...] = tuple(f.name for f in FACETS)
#: Tags search reads to rank but staff neither choose nor see: which way a reported visit
#: went ("in:culr"), for "which partners did we visit" (kb.search.matching).
HIDDEN_FACETS: tuple[Facet, ...] = (ValueFacet("visit", "visit"),)
_BY_NAME = {f.name: f for f in FACETS}


def facet(name: str) -> Facet:
    """The registered facet called `name` (KeyError for an unknown name)."""
    return _BY_NAME[name]


def facet_counts(
    data: Mapping[str, FacetData],
    universe: int,
    selections: Mapping[str, int],
    chosen: Mapping[str, tuple[str, ...]],
    limit: int | None = None,
    only: Mapping[str, frozenset[str]] | None = None,
) -> CountedFacets:
    """(value, count, selected) per facet value, the `limit` largest per facet (all if
    None), in plain tuples: views cache them (see `CountedFacets`).

    `universe`: documents matching the query and date range; `selections`: the set each
    selected facet allows; `chosen`: the selected values (always listed, even at 0);
    `only`: for some facets, the values that may be listed (those whose label matches what
    staff typed in the facet's filter box), the `limit` largest of them.
    """
    everything = universe
    for allowed in selections.values():
        everything &= allowed
    size = next(iter(data.values())).size if data else 0
    bases: dict[int, CountBase] = {}
    facets = {}
    for spec in FACETS:
        base = everything
        if spec.name in selections:  # disjunctive: ignore the facet's own selection
            base = universe
            for other, allowed in selections.items():
                if other != spec.name:
                    base &= allowed
        selected = chosen.get(spec.name, ())
        allowed_values = (only or {}).get(spec.name)
        counted = bases.get(base) or bases.setdefault(base, CountBase(base, size))
        if allowed_values is None:
            counts = data[spec.name].counts(counted, selected, limit)
        else:
            every = data[spec.name].counts(counted, selected, None)
            counts = {v: n for v, n in every.items() if v in allowed_values or v in selected}
        facets[spec.name] = listing(counts, selected, limit)
    return facets


def listing(
    counts: Mapping[str, int], chosen: tuple[str, ...], limit: int | None
) -> tuple[tuple[str, int, bool], ...]:
    """The `limit` values with the largest counts, plus the chosen ones (even at 0); by
    count (desc), then value."""
    selected = set(chosen)
    entries = [(value, count) for value, count in counts.items() if count]
    entries.sort(key=itemgetter(0))
    entries.sort(key=itemgetter(1), reverse=True)  # stable: equal counts stay by value
    if limit is not None and len(entries) > limit:
        entries = entries[:limit] + [e for e in entries[limit:] if e[0] in selected]
    entries += sorted((value, 0) for value in selected if not counts.get(value))
    return tuple((value, count, value in selected) for value, count in entries)
