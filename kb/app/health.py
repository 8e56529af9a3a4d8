"""What monitors ask: is the index searchable, how big is it, when did data last change."""

from __future__ import annotations

from typing import Any

from kb.app.context import KnowledgeBase
from kb.search.engine import IndexMissing
from kb.store import RunKind, StoreError


def last_update(kb: KnowledgeBase) -> dict[str, Any] | None:
    """The latest finished `update` or `index` run: when the searchable data last changed."""
    run = kb.store().last_run(RunKind.UPDATE, RunKind.INDEX)
    if run is None:
        return None
    return {
        "kind": run.kind.value,
        "status": run.status.value,
        "started_at": run.started_at,
        "finished_at": run.finished_at,
    }


def health(kb: KnowledgeBase) -> dict[str, Any]:
    """`/healthz`: status "ok" with counts when searchable, "no_index" before the first build."""
    body: dict[str, Any] = {"status": "ok", "docs": 0, "generation": None}
    try:
        body["generation"] = kb.generation()
        body["docs"] = kb.whole_collection().total
    except IndexMissing:
        body["status"] = "no_index"
    try:
        body["records"] = kb.store().count_records()
        body["last_update"] = last_update(kb)
    except StoreError:
        body["records"], body["last_update"] = None, None
    return body
