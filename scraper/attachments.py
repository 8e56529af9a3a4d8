"""Attachments of an article: which links are files, and the text of PDF and DOCX files.

Meeting notes are often published only as an attached PDF or Word file, so their text is
what makes such a record findable. The file type is taken from the bytes, not the URL: CMSs
serve attachments through `download.jsp?...` links with no extension.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile

import docx
import pypdf
from bs4.element import Tag

from scraper.document import Page
from scraper.text import normalize_text
from scraper.urls import extension

log = logging.getLogger(__name__)

#: Document types worth listing as attachments (media files are not).
ATTACHMENT_EXTENSIONS = frozenset(
    {"pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "wps", "et", "dps", "odt", "ods",
     "rtf", "txt", "csv", "zip", "rar", "7z"}
)  # fmt: skip
#: Types whose text is extracted.
_EXTRACTED = frozenset({"pdf", "docx"})
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
    """Plain text of a PDF or DOCX file; None for other types (nothing to extract).

    Raises AttachmentError when the file is, or is named as, a PDF/DOCX but cannot be read.
    """
    if data.lstrip()[:5] == b"%PDF-":
        return normalize_text(_pdf_text(data))
    if data[:4] == b"PK\x03\x04" and _is_docx(data):
        return normalize_text(_docx_text(data))
    if extension(url) in _EXTRACTED:
        raise AttachmentError(f"not a valid {extension(url).upper()} file")
    return None


def _pdf_text(data: bytes) -> str:
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise AttachmentError("encrypted PDF")
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    except AttachmentError:
        raise
    except Exception as exc:  # pypdf raises many types on malformed input
        raise AttachmentError(f"unreadable PDF ({type(exc).__name__}: {exc})") from exc


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def _docx_text(data: bytes) -> str:
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many types on malformed input
        raise AttachmentError(f"unreadable DOCX ({type(exc).__name__}: {exc})") from exc
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:  # one line per cell, as HTML tables are rendered
        lines.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(lines)
