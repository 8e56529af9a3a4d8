"""Records out of and back into the store: JSONL and CSV exports, import, online backup.

JSONL is the lossless form (one DESIGN.md Record per line) and what `kb import` reads
back; CSV is for spreadsheets, so list fields are joined with "; " and an optional BOM
tells Excel the file is UTF-8.
"""

from __future__ import annotations

import csv
import json
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from kb.record import RECORD_FIELDS, Record
from kb.store import Store

LIST_SEPARATOR = "; "
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def write(records: Iterable[Record], out: IO[str], *, fmt: str, bom: bool = False) -> int:
    """Write records as `jsonl` or `csv`; returns how many were written."""
    if fmt == "jsonl":
        return write_jsonl(records, out)
    return write_csv(records, out, bom=bom)


def write_jsonl(records: Iterable[Record], out: IO[str]) -> int:
    count = 0
    for record in records:
        out.write(json.dumps(record.to_public(), ensure_ascii=False) + "\n")
        count += 1
    return count


def csv_row(public: dict[str, Any]) -> list[str]:
    """One record as CSV cells: lists joined, partners by id, null as empty.

    Scraped text that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`) gets a
    leading apostrophe: staff open these files in Excel.
    """
    cells = []
    for name in RECORD_FIELDS:
        value = public[name]
        if name == "partners":
            value = LIST_SEPARATOR.join(p["id"] for p in value)
        elif isinstance(value, list):
            value = LIST_SEPARATOR.join(value)
        text = "" if value is None else str(value)
        cells.append("'" + text if text.startswith(_FORMULA_STARTS) else text)
    return cells


def write_csv(records: Iterable[Record], out: IO[str], *, bom: bool = False) -> int:
    if bom:
        out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(RECORD_FIELDS)
    count = 0
    for record in records:
        writer.writerow(csv_row(record.to_public()))
        count += 1
    return count


def import_jsonl(lines: Iterable[str], store: Store) -> int:
    """Load a JSONL export; all or nothing, so a bad line leaves the store as it was."""
    count = 0
    with store.transaction():
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                record = Record.from_public(json.loads(line))
            except (ValueError, KeyError, TypeError) as exc:
                raise RecordImportError(f"line {number}: not a kb record ({exc})") from None
            store.put_record(record)
            count += 1
    return count


class RecordImportError(ValueError):
    """A line of an import file is not a record; nothing was imported."""


def backup(store: Store, destination: Path) -> int:
    """Copy the live store with SQLite's online backup API (consistent while writers run)."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    target = sqlite3.connect(destination)
    try:
        store.db.backup(target)
        return target.execute("PRAGMA page_count").fetchone()[0]
    finally:
        target.close()
