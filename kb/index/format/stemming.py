"""The English stemmer of the analysis: Whoosh's Porter2, so stems match existing indexes."""

from __future__ import annotations

from whoosh.lang.porter2 import stem

__all__ = ["stem"]
