"""The Whoosh schema and the mapping between a Record and an indexed document.

Fields and why:
- `text`: title, body and attachment text, term frequencies only, plus the years the
  text names in words or in the Minguo calendar ("去年", "107年"; see kb.enrich.years).
  Every free-text match and count reads it, and Whoosh decodes frequency postings about
  five times faster than positional ones (each position list is a separately pickled value).
- `title`: the title again, only to weigh title matches higher.
- `phrase`: the `text` tokens with positions (packed, see `PackedPositions`), read only to
  confirm phrase candidates. The segment writer also saves them beside each segment as
  flat arrays (see kb.index.format.positions), which searches read instead where present.
- `partner`, `topic` (multi-valued ids), `lang`, `source`, `published` (YYYY-MM-DD):
  filters and facets; the year facet is derived from `published`. All sortable: their
  per-document columns load a segment's facet data in one read, where walking the
  postings of thousands of dates and partners took seconds.
- `visit`: which way the visit a record reports went, per side ("in:culr", "out:msu";
  see kb.enrich.visits), read by search only, for "which partners did we visit".
- `event`: the id of the event the record reports with others (see kb.link.events), so
  search can bring in the other reports of a matching one and group results by event.
- `id`: stored and sortable (its column lists every id in one read, for `kb check`).
- `doc`, `body_z`: everything a result shows, so a search needs nothing but the
  generation that answered it, and snippets come from exactly the indexed text. `body_z`
  holds the body and attachment text as UTF-8 after a `PLAIN_TEXTS` byte: the stored-fields
  column compresses each document already, and the texts compressed a second time cost
  every hit shown a second decompression. Indexes written before hold them as a zlib
  stream (never starting with that byte), and are read as they are.

The field types themselves are declared in `kb.index.format.schema`.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Mapping
from typing import Any

from kb.core.record import PartnerRef, Record
from kb.enrich.years import named_years

#: Bump when fields or analysis change: an index with another version is rebuilt by the
#: next `kb index`. 2: long Chinese words also index their jieba parts (留学生 -> 留学).
#: 3: positions packed as integers (`PackedPositions`). 4: traditional Chinese folded to
#: simplified, "〇" segmented as Chinese. 5: years named in words indexed as digits.
#: 6: posting blocks' document gaps and weights packed (`PackedGaps`, `PackedWeights`).
#: 7: `visit`, which way a reported visit went. 8: personal names' pinyin beside them.
SCHEMA_VERSION = 8

#: Separator of multi-valued keyword fields; ids never contain it.
VALUE_SEPARATOR = ","
#: First byte of `body_z` holding plain UTF-8 (see the module's description).
PLAIN_TEXTS = b"\x00"


def schema_mismatch(version: int) -> str | None:
    """Why an index written with schema `version` cannot be read or extended as it is
    (None when it can): the end of a sentence naming the index."""
    if version == SCHEMA_VERSION:
        return None
    return f"has schema version {version}, this program uses {SCHEMA_VERSION}"


def searchable_text(record: Record) -> str:
    """Title, body and attachment text as one string (the `text` and `phrase` value)."""
    return "\n".join(t for t in (record.title, record.body, record.attachment_text) if t)


def record_document(record: Record) -> dict[str, Any]:
    """The Whoosh document for a record (the arguments of `add_document`)."""
    text = searchable_text(record)
    years = sorted(y for y in named_years(text, record.published) if y not in text)
    if years:
        text = "\n".join((text, " ".join(years)))
    document: dict[str, Any] = {
        "id": record.id,
        "title": record.title,
        "text": text,
        "phrase": text,
        "partner": VALUE_SEPARATOR.join(_unique(p.id for p in record.partners)),
        "topic": VALUE_SEPARATOR.join(_unique(record.topics)),
        "visit": VALUE_SEPARATOR.join(_unique(record.visits)),
        "lang": record.lang,
        "source": record.source,
        "published": record.published or "",
        "event": event_id(record),
        "doc": {
            "url": record.url,
            "title": record.title,
            "published": record.published,
            "event_date": record.event_date,
            "event_end": record.event_end,
            "same_event": list(record.same_event),
            "lang": record.lang,
            "source": record.source,
            "partners": [[p.id, p.name] for p in record.partners],
            "topics": list(record.topics),
            "visits": list(record.visits),
        },
        "body_z": PLAIN_TEXTS + "\x00".join((record.body, record.attachment_text)).encode(),
    }
    return {key: value for key, value in document.items() if value != ""}


def event_id(record: Record) -> str:
    """The event a record reports with others: its group's smallest record id (see
    kb.link.events); "" for a record reported alone."""
    return min(record.id, *record.same_event) if record.same_event else ""


def stored_texts(stored: Mapping[str, Any]) -> tuple[str, str]:
    """(body, attachment_text) of a stored document."""
    texts: bytes = stored["body_z"]
    if texts[:1] == PLAIN_TEXTS:
        joined = texts[1:].decode("utf-8")
    else:  # written before PLAIN_TEXTS: a zlib stream
        joined = zlib.decompress(texts).decode("utf-8")
    body, _, attachment_text = joined.partition("\x00")
    return body, attachment_text


def stored_record(stored: Mapping[str, Any]) -> Record:
    """The record a stored document was indexed from, as far as indexing needs it
    (`record_document` of it gives the same document back)."""
    doc = stored["doc"]
    body, attachment_text = stored_texts(stored)
    return Record(
        id=stored["id"],
        url=doc["url"],
        source=doc["source"],
        title=doc["title"],
        lang=doc["lang"],
        published=doc["published"],
        body=body,
        fetched_at="",
        event_date=doc["event_date"],
        event_end=doc["event_end"],
        same_event=list(doc["same_event"]),
        partners=[PartnerRef(i, n) for i, n in doc["partners"]],
        topics=list(doc["topics"]),
        attachment_text=attachment_text,
        visits=list(doc.get("visits", ())),
    )


def _unique(values: Iterable[str]) -> list[str]:
    return list(
        dict.fromkeys(v.strip() for v in values if v and v.strip() and VALUE_SEPARATOR not in v)
    )


def __getattr__(name: str) -> Any:
    """`PackedPositions` by its first import path: indexes built before `kb.index.format`
    existed pickled it as `kb.index.schema.PackedPositions`."""
    if name == "PackedPositions":
        from kb.index.format.schema import PackedPositions

        return PackedPositions
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
