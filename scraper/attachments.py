"""Attachments of an article: which links are files, and the text of every document format
universities publish: PDF (scanned ones through OCR), Word, Excel and PowerPoint, new and old.

Meeting notes are often published only as an attached file, so their text is what makes
such a record findable. The file type is taken from the bytes, not the URL: CMSs serve
attachments through `download.jsp?...` links with no extension. Formats that need a program
the machine lacks (antiword, catppt, tesseract) raise `ToolMissing`: skipped and counted.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile

import docx
import pypdf
from bs4.element import Tag

from scraper import ocr, office
from scraper.document import Page
from scraper.office import FormatError
from scraper.text import normalize_text
from scraper.urls import extension

log = logging.getLogger(__name__)

#: Document types worth listing as attachments (media files are not).
ATTACHMENT_EXTENSIONS = frozenset(
    {"pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "wps", "et", "dps", "odt", "ods",
     "rtf", "txt", "csv", "zip", "rar", "7z"}
)  # fmt: skip
#: Types whose text is extracted.
_EXTRACTED = frozenset({"pdf", "docx", "doc", "xlsx", "xls", "pptx", "ppt"})
#: A PDF whose pages give fewer characters than this per page is taken for a scan.
_SCANNED_CHARS_PER_PAGE = 20
#: Pages whose text layer is read at most.
MAX_PDF_PAGES = 300
_FILE_NAME = re.compile(r"\.([A-Za-z0-9]{2,4})\s*$")
_DOWNLOAD_URL = re.compile(r"download|attach", re.IGNORECASE)


class AttachmentError(Exception):
    """An attachment that cannot be read (corrupt, encrypted, truncated)."""


def _is_attachment(url: str, text: str) -> bool:
    if extension(url) in ATTACHMENT_EXTENSIONS:
        return True
    named = _FILE_NAME.search(text)
    if named and named.group(1).lower() in ATTACHMENT_EXTENSIONS:
        return True
    return bool(_DOWNLOAD_URL.search(url)) and extension(url) not in ("htm", "html")


def find_attachments(page: Page, scope: Tag) -> list[str]:
    """URLs of the document files linked below `scope`, in page order, without repeats."""
    urls = (link.url for link in page.links(scope) if _is_attachment(link.url, link.text))
    return list(dict.fromkeys(urls))


def worth_fetching(url: str) -> bool:
    """True for files whose text can be extracted: PDF, DOCX, or links that hide the type."""
    kind = extension(url)
    return kind in _EXTRACTED or kind not in ATTACHMENT_EXTENSIONS


def attachment_text(data: bytes, url: str) -> str | None:
    """Plain text of a document file; None for other types (nothing to extract).

    Raises AttachmentError when the file is, or is named as, a document but cannot be read,
    and ToolMissing when reading it needs a program that is not installed.
    """
    try:
        text = _text(data)
    except FormatError as exc:
        raise AttachmentError(str(exc)) from exc
    if text is not None:
        return normalize_text(text)
    if extension(url) in _EXTRACTED:
        raise AttachmentError(f"not a valid {extension(url).upper()} file")
    return None


def _text(data: bytes) -> str | None:
    if data.lstrip()[:5] == b"%PDF-":
        return _pdf_text(data)
    if data[:4] == b"PK\x03\x04":
        return _zip_text(data)
    kind = office.ole_format(data)
    if kind == "doc":
        return office.doc_text(data)
    if kind == "xls":
        return office.xls_text(data)
    if kind == "ppt":
        return office.ppt_text(data)
    return None


def _zip_text(data: bytes) -> str | None:
    """DOCX, XLSX or PPTX (all ZIP files), told apart by their main part."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        return None
    if "word/document.xml" in names:
        return _docx_text(data)
    if "xl/workbook.xml" in names:
        return office.xlsx_text(data)
    if "ppt/presentation.xml" in names:
        return office.pptx_text(data)
    return None


def _pdf_text(data: bytes) -> str:
    """The text layer; a scan (no text to speak of) goes through OCR."""
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise AttachmentError("encrypted PDF")
        pages = reader.pages[:MAX_PDF_PAGES]
        text = "\n".join(page.extract_text() or "" for page in pages)
        if len(text.strip()) >= _SCANNED_CHARS_PER_PAGE * max(1, len(pages)):
            return text
        images = [image.data for page in pages[: ocr.MAX_OCR_PAGES] for image in page.images]
    except AttachmentError:
        raise
    except Exception as exc:  # pypdf raises many types on malformed input
        raise AttachmentError(f"unreadable PDF ({type(exc).__name__}: {exc})") from exc
    return ocr.images_text(images) if images else text


def _docx_text(data: bytes) -> str:
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many types on malformed input
        raise AttachmentError(f"unreadable DOCX ({type(exc).__name__}: {exc})") from exc
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:  # one line per cell, as HTML tables are rendered
        lines.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(lines)
