"""Records out of the knowledge base: JSONL and CSV exports.

JSONL is the lossless form (one DESIGN.md Record per line) and what `kb import` reads
back; CSV is for spreadsheets, so list fields are joined with "; " and an optional BOM
tells Excel the file is UTF-8.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from typing import IO, Any

from kb.app.context import KnowledgeBase
from kb.app.labels import Labels
from kb.app.params import SearchParams
from kb.core.record import RECORD_FIELDS, Record

LIST_SEPARATOR = "; "
#: The CSV columns: every Record field (ids for partners and topics), then the partners'
#: and topics' names in the reader's language, for people reading the spreadsheet.
CSV_FIELDS: tuple[str, ...] = (*RECORD_FIELDS, "partner_names", "topic_names")
BATCH = 200  # records read from the store at a time
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def write(
    records: Iterable[Record],
    out: IO[str],
    *,
    fmt: str,
    labels: Labels,
    locale: str = "en",
    bom: bool = False,
) -> int:
    """Write records as `jsonl` or `csv` (names in `locale`); returns how many."""
    if fmt == "jsonl":
        return write_jsonl(records, out)
    return write_csv(records, out, labels, locale, bom=bom)


def write_jsonl(records: Iterable[Record], out: IO[str]) -> int:
    count = 0
    for record in records:
        out.write(json.dumps(record.to_public(), ensure_ascii=False) + "\n")
        count += 1
    return count


def csv_row(public: dict[str, Any], labels: Labels, locale: str) -> list[str]:
    """One record as CSV cells (CSV_FIELDS): lists joined, partners by id, null as empty,
    then the names of its partners and topics in `locale`.

    Scraped text that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`) gets a
    leading apostrophe: staff open these files in Excel.
    """
    values = [public[name] for name in RECORD_FIELDS]
    values[RECORD_FIELDS.index("partners")] = [p["id"] for p in public["partners"]]
    values.append([labels.partner(p["id"], locale, p["name"]) for p in public["partners"]])
    values.append([labels.topic(topic, locale) for topic in public["topics"]])
    return csv_cells(values)


def csv_cells(values: Iterable[Any]) -> list[str]:
    """Values as CSV cells: lists joined, null as empty, and text a spreadsheet would run
    as a formula (`=`, `+`, `-`, `@`) behind a leading apostrophe."""
    cells = []
    for value in values:
        if isinstance(value, list | tuple):
            value = LIST_SEPARATOR.join(str(v) for v in value)
        text = "" if value is None else str(value)
        cells.append("'" + text if text.startswith(_FORMULA_STARTS) else text)
    return cells


def write_csv(
    records: Iterable[Record], out: IO[str], labels: Labels, locale: str, *, bom: bool = False
) -> int:
    if bom:
        out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_FIELDS)
    count = 0
    for record in records:
        writer.writerow(csv_row(record.to_public(), labels, locale))
        count += 1
    return count


def matching_records(kb: KnowledgeBase, params: SearchParams) -> Iterator[Record]:
    """Every record matching a search (all pages), in result order, read in batches.

    A record deleted from the store after this index generation was built is skipped: the
    next update removes it from the index too.
    """
    hits = kb.engine().iter_hits(params.request(snippets=False))
    batch: list[str] = []
    for hit in hits:
        batch.append(hit.id)
        if len(batch) == BATCH:
            yield from _in_order(kb, batch)
            batch = []
    if batch:
        yield from _in_order(kb, batch)


def _in_order(kb: KnowledgeBase, ids: list[str]) -> Iterator[Record]:
    found = kb.store().records(ids)
    return (found[i] for i in ids if i in found)
