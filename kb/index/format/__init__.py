"""The one package that knows Whoosh: how our indexes are laid out on disk.

Everything else in `kb` speaks through it. The index layer (`kb.index`) writes segments
with `segments` and creates or opens indexes with `storage`; the search layer (`kb.search`)
reads postings, positions, columns, lengths and stored fields through `reader`, and never
sees a Whoosh object. Whoosh-Reloaded is pinned (2.7.5, frozen upstream) and some of these
modules read its files below its public API; that knowledge stays here, so a change of
engine (OpenSearch for a consortium) replaces this package and `kb.search`'s engine only.

Classes pickled into every index by their import path (`MixedAnalyzer`, `PackedPositions`,
`PackedValues`) were first written as `kb.index.analysis.MixedAnalyzer`,
`kb.index.schema.PackedPositions` and `kb.index.codec.PackedValues`; those names stay
importable so indexes built before this package existed still open.

The package imports nothing at load time: `kb.index.analysis` uses `stemming` while
`analyzer` uses `kb.index.analysis`.
"""
