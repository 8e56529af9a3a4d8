"""Bytes to text for HTML pages, in the order browsers trust: BOM, HTTP header, `<meta>`, guess.

w3lib implements that order and maps the legacy Chinese labels `gb2312`/`gbk` to GB18030,
its superset: university sites declare gb2312 yet use characters outside it (镕, 堃, 喆).
charset-normalizer supplies the guess when nothing is declared.
"""

from __future__ import annotations

import charset_normalizer
from w3lib.encoding import html_to_unicode, resolve_encoding


def _detect(body: bytes) -> str | None:
    best = charset_normalizer.from_bytes(body).best()
    if best is None:
        return None
    return resolve_encoding(best.encoding) or best.encoding


def decode_html(body: bytes, content_type: str | None) -> str:
    """Decode an HTML body; undecodable bytes become U+FFFD rather than failing the page."""
    _, text = html_to_unicode(content_type, body, auto_detect_fun=_detect)
    return text
