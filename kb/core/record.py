"""The Record: the one shape a collected article has in the store, exports and the API.

Every layer speaks this type so the contract in DESIGN.md lives in exactly one place.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any

#: Field order of the public Record (DESIGN.md); exports and the API keep it.
RECORD_FIELDS: tuple[str, ...] = (
    "id",
    "url",
    "source",
    "title",
    "lang",
    "published",
    "event_date",
    "event_end",
    "same_event",
    "partners",
    "topics",
    "body",
    "attachments",
    "attachment_text",
    "fetched_at",
)

_REQUIRED_TEXT = ("id", "url", "source", "title", "lang", "body", "fetched_at")


def record_id(canonical_url: str) -> str:
    """A stable id from the canonical URL, so re-crawls and re-indexes agree on identity.

    16 hex digits of SHA-256 keep ids short enough for URLs while collisions stay
    negligible for any realistic archive (2**64 space).
    """
    return hashlib.sha256(canonical_url.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class PartnerRef:
    """A partner as a record mentions it: the id for facets, the name for people."""

    id: str
    name: str


@dataclass(slots=True)
class Record:
    """One article (news item or meeting note) with its enrichment.

    `published`, `event_date` and `event_end` (the last day of a multi-day event) are ISO
    dates (YYYY-MM-DD) or None; `fetched_at` is ISO 8601 UTC. `same_event` lists the ids of
    the other reports of the same event. `extractor` names the profile that produced the
    record; it is kept in the store for diagnosis but is not part of the public Record.
    `byline` is who wrote and published the article, as its page says ("来源：国际交流处
    作者：…"): kept out of `body` so it does not match searches for the office, and shown on
    the record page; it is not part of the public Record either. `visits` tells which way
    the visit a record reports went, per institution: "in:culr" (others came to CULR),
    "out:btbu" (BTBU's people went out), so a search for "which partners did we visit" can
    tell the two apart (kb.enrich.visits); it is derived, and not public.
    """

    id: str
    url: str
    source: str
    title: str
    lang: str
    published: str | None
    body: str
    fetched_at: str
    event_date: str | None = None
    event_end: str | None = None
    same_event: list[str] = field(default_factory=list)
    partners: list[PartnerRef] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)
    attachment_text: str = ""
    extractor: str = ""
    byline: str = ""
    visits: list[str] = field(default_factory=list)

    def to_public(self) -> dict[str, Any]:
        """The DESIGN.md Record, in its field order, as JSON-ready values."""
        data = asdict(self)
        return {name: data[name] for name in RECORD_FIELDS}

    @classmethod
    def from_public(cls, data: dict[str, Any], extractor: str = "") -> Record:
        """Build a Record from its public form (e.g. a JSONL export line).

        Raises ValueError when a field every record has is missing or not text, so a
        damaged import file is refused instead of half-loaded.
        """
        for name in _REQUIRED_TEXT:
            if not isinstance(data.get(name), str):
                raise ValueError(f"field {name!r} must be a string")
        return cls(
            id=data["id"],
            url=data["url"],
            source=data["source"],
            title=data["title"],
            lang=data["lang"],
            published=data.get("published"),
            body=data["body"],
            fetched_at=data["fetched_at"],
            event_date=data.get("event_date"),
            event_end=data.get("event_end"),
            same_event=list(data.get("same_event") or []),
            partners=[PartnerRef(p["id"], p["name"]) for p in data.get("partners") or []],
            topics=list(data.get("topics") or []),
            attachments=list(data.get("attachments") or []),
            attachment_text=data.get("attachment_text") or "",
            extractor=extractor,
        )
