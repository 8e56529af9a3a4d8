"""CSV export of a whole result set, streamed so a 100k-record export never sits in memory.

The columns and cells are those of `kb export --format csv` (`kb.app.export.csv_row`, which
also defuses spreadsheet formulas). Staff open these files in Excel: the file starts with a
UTF-8 byte order mark so Chinese text is read correctly.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from flask import Response, stream_with_context

from kb.app.context import KnowledgeBase
from kb.app.export import BATCH, CSV_FIELDS, csv_row, matching_records
from kb.app.labels import Labels
from kb.app.params import SearchParams
from kb.core.record import Record
from kb.web.i18n import current_locale

FILENAME = "cooperation-kb-export.csv"


def csv_response(kb: KnowledgeBase, params: SearchParams) -> Response:
    """Every record matching `params` (all pages), in result order, as an attachment."""
    response = Response(
        stream_with_context(_lines(matching_records(kb, params), kb.labels, current_locale())),
        mimetype="text/csv",
    )
    response.headers["Content-Disposition"] = f'attachment; filename="{FILENAME}"'
    return response


def _lines(records: Iterable[Record], labels: Labels, locale: str) -> Iterator[str]:
    chunks = _Chunks()
    yield "\ufeff" + chunks.rows([list(CSV_FIELDS)])
    rows: list[list[str]] = []
    for record in records:
        rows.append(csv_row(record.to_public(), labels, locale))
        if len(rows) == BATCH:
            yield chunks.rows(rows)
            rows = []
    if rows:
        yield chunks.rows(rows)


class _Chunks:
    """A csv writer whose output is handed out piece by piece as the response streams."""

    def __init__(self) -> None:
        self.buffer = io.StringIO()
        self.writer = csv.writer(self.buffer, lineterminator="\r\n")

    def rows(self, rows: Iterable[list[str]]) -> str:
        self.writer.writerows(rows)
        text = self.buffer.getvalue()
        self.buffer.seek(0)
        self.buffer.truncate()
        return text
