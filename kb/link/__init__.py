"""Cross-record derivations: what only the records of a source, or of several sources,
tell together (site chrome repeated on every page, reports of one event)."""
