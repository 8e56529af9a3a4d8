"""The KnowledgeBase behind the app handling the current request."""

from __future__ import annotations

from flask import current_app

from kb.app.context import KnowledgeBase

EXTENSION = "kb"


def current_kb() -> KnowledgeBase:
    """The KnowledgeBase of the app handling this request."""
    kb: KnowledgeBase = current_app.extensions[EXTENSION]
    return kb
