"""The KnowledgeBase behind the app handling the current request."""

from __future__ import annotations

from datetime import date

from flask import current_app

from kb.app.context import KnowledgeBase

EXTENSION = "kb"


def current_kb() -> KnowledgeBase:
    """The KnowledgeBase of the app handling this request."""
    kb: KnowledgeBase = current_app.extensions[EXTENSION]
    return kb


def current_today() -> date:
    """Today for the register's statuses: the app's `KB_TODAY` setting (an ISO day, for
    tests and reports as of a date), else the server's date."""
    fixed = current_app.config.get("KB_TODAY")
    if isinstance(fixed, date):
        return fixed
    return date.fromisoformat(fixed) if fixed else date.today()
