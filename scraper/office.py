"""Text of office files besides DOCX: spreadsheets and slides, and the old binary formats.

XLSX and PPTX are read with openpyxl and python-pptx, XLS with xlrd. Old PowerPoint
(PPT) is read from its record stream through olefile: its text sits in two record types,
wherever the slides keep them, whereas Debian's `catppt` finds only the text of decks
PowerPoint itself wrote and misses those other programs save. Old Word (DOC) keeps text
behind a piece table, which Debian's `antiword` reads, with `catdoc` taking the short
files antiword refuses; a DOC is skipped (and counted) when neither is installed.
"""

from __future__ import annotations

import io
import shutil
import struct
import subprocess
import tempfile
from collections.abc import Iterable
from pathlib import Path

import olefile
import openpyxl
import pptx
import xlrd

#: Spreadsheet cells read at most per file: a data dump must not swamp the index.
MAX_CELLS = 50_000
#: Seconds an external reader may take on one file.
TOOL_TIMEOUT = 60

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OLE_STREAMS = {  # stream names (UTF-16LE in the file's directory) -> format
    "WordDocument": "doc",
    "Workbook": "xls",
    "Book": "xls",
    "PowerPoint Document": "ppt",
}


class FormatError(Exception):
    """The file is of a known format but cannot be read."""


class ToolMissing(Exception):
    """The format needs a program that is not installed."""


def ole_format(data: bytes) -> str | None:
    """ "doc", "xls" or "ppt" for an old binary (OLE2) office file, else None."""
    if not data.startswith(_OLE):
        return None
    for stream, kind in _OLE_STREAMS.items():
        if stream.encode("utf-16-le") in data:
            return kind
    return None


def xlsx_text(data: bytes) -> str:
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types on malformed input
        raise FormatError(f"unreadable XLSX ({type(exc).__name__})") from exc
    try:
        return _rows_text(
            (sheet.title, sheet.iter_rows(values_only=True)) for sheet in book.worksheets
        )
    finally:
        book.close()


def xls_text(data: bytes) -> str:
    try:
        book = xlrd.open_workbook(file_contents=data, on_demand=True)
    except Exception as exc:  # xlrd raises many types on malformed input
        raise FormatError(f"unreadable XLS ({type(exc).__name__})") from exc
    sheets = (
        (sheet.name, (sheet.row_values(n) for n in range(sheet.nrows))) for sheet in book.sheets()
    )
    return _rows_text(sheets)


def _rows_text(sheets: Iterable[tuple[str, Iterable[Iterable[object]]]]) -> str:
    """One line per row, cells separated by tabs, each sheet under its name."""
    lines: list[str] = []
    cells = 0
    for name, rows in sheets:
        lines.append(name)
        for row in rows:
            values = [str(v).strip() for v in row if v not in (None, "")]
            cells += len(values)
            if values:
                lines.append("\t".join(values))
            if cells >= MAX_CELLS:
                return "\n".join(lines)
    return "\n".join(lines)


def pptx_text(data: bytes) -> str:
    try:
        deck = pptx.Presentation(io.BytesIO(data))
    except Exception as exc:  # python-pptx raises many types on malformed input
        raise FormatError(f"unreadable PPTX ({type(exc).__name__})") from exc
    lines: list[str] = []
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                lines.extend(p.text for p in shape.text_frame.paragraphs if p.text.strip())
            if shape.has_table:
                lines.extend(cell.text for row in shape.table.rows for cell in row.cells)
    return "\n".join(lines)


def doc_text(data: bytes) -> str:
    """Old Word: antiword (UTF-8 output); catdoc when antiword is missing or refuses the
    file (it rejects documents of a few lines as "too small")."""
    readers = [
        command
        for command in (["antiword", "-m", "UTF-8.txt"], ["catdoc", "-d", "utf-8"])
        if shutil.which(command[0])
    ]
    if not readers:
        raise ToolMissing("DOC needs antiword or catdoc")
    for command in readers[:-1]:
        try:
            return _run(command, data, "DOC")
        except FormatError:
            continue
    return _run(readers[-1], data, "DOC")


#: PowerPoint record types (MS-PPT): text as UTF-16, text as 8-bit characters, and the
#: master slide, whose placeholder prompts ("Click to edit…") are not the deck's text.
_TEXT_CHARS, _TEXT_BYTES, _MAIN_MASTER = 0x0FA0, 0x0FA8, 0x03F8
_RECORD = struct.Struct("<HHI")  # version and instance, type, length


def ppt_text(data: bytes) -> str:
    """Old PowerPoint: every text record of the deck, in order, each once."""
    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            stream = ole.openstream("PowerPoint Document").read()
    except (OSError, ValueError) as exc:  # olefile: OSError for a broken container
        raise FormatError(f"unreadable PPT ({exc})") from exc
    lines = dict.fromkeys(
        line.strip()
        for text in _ppt_texts(stream)
        for line in text.replace("\r", "\n").replace("\v", "\n").split("\n")
    )
    return "\n".join(line for line in lines if any(c.isalnum() for c in line))


def _ppt_texts(stream: bytes) -> Iterable[str]:
    """The text records in stream order. A container's records follow its header, so
    reading on from the header enters it and jumping past its length skips it."""
    position = 0
    while position + _RECORD.size <= len(stream):
        version, kind, length = _RECORD.unpack_from(stream, position)
        body = position + _RECORD.size
        after = body + length
        if version & 0xF == 0xF and kind != _MAIN_MASTER:
            position = body
            continue
        if kind == _TEXT_CHARS:
            yield stream[body:after].decode("utf-16-le", errors="replace")
        elif kind == _TEXT_BYTES:
            yield stream[body:after].decode("latin-1")
        position = after


def _run(command: list[str], data: bytes, kind: str) -> str:
    """Run a reader on the file (written to a temporary file: not every reader takes
    standard input) and return its output."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"file.{kind.lower()}"
        path.write_bytes(data)
        try:
            done = subprocess.run(
                [*command, str(path)], capture_output=True, timeout=TOOL_TIMEOUT, check=False
            )
        except subprocess.TimeoutExpired as exc:
            raise FormatError(f"{kind} reader timed out") from exc
    if done.returncode != 0:
        raise FormatError(f"unreadable {kind} ({done.stderr.decode(errors='replace')[:80]})")
    return done.stdout.decode("utf-8", errors="replace")
