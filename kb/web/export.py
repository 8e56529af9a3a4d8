"""CSV export of a whole result set, streamed so a 100k-record export never sits in memory.

The columns and cells are those of `kb export --format csv` (`kb.exporting.csv_row`, which
also defuses spreadsheet formulas). Staff open these files in Excel: the file starts with a
UTF-8 byte order mark so Chinese text is read correctly.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from flask import Response, stream_with_context

from kb.exporting import csv_row
from kb.record import RECORD_FIELDS
from kb.web.backend import Backend
from kb.web.params import SearchParams

BATCH = 200
FILENAME = "cooperation-kb-export.csv"


def csv_response(backend: Backend, params: SearchParams) -> Response:
    """Every record matching `params` (all pages), in result order, as an attachment."""
    hits = backend.engine().iter_hits(params.request(snippets=False))
    response = Response(
        stream_with_context(_lines(backend, (hit.id for hit in hits))), mimetype="text/csv"
    )
    response.headers["Content-Disposition"] = f'attachment; filename="{FILENAME}"'
    return response


def _lines(backend: Backend, ids: Iterable[str]) -> Iterator[str]:
    chunks = _Chunks()
    yield "\ufeff" + chunks.rows([list(RECORD_FIELDS)])
    batch: list[str] = []
    for record_id in ids:
        batch.append(record_id)
        if len(batch) == BATCH:
            yield chunks.rows(_rows(backend, batch))
            batch = []
    if batch:
        yield chunks.rows(_rows(backend, batch))


def _rows(backend: Backend, ids: list[str]) -> list[list[str]]:
    found = backend.store().records(ids)
    # A record deleted from the store after this index generation was built is skipped:
    # the next update removes it from the index too.
    return [csv_row(found[i].to_public()) for i in ids if i in found]


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
