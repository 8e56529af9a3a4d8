"""The one place where scraped values may become markup or links.

Everything the crawler brought in is untrusted. Templates autoescape, so text is safe by
default; the two exceptions are snippets (which carry `<mark>` highlighting) and URLs (which
become `href`s). Both pass through here, for the JSON API and the pages alike, so the rules
are checked and tested in one spot.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from urllib.parse import urlsplit

from markupsafe import escape

_MARK = re.compile(r"(</?mark>)", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x20\x7f]")
#: Text that unescaping and escaping leave as it is (most of a snippet).
_PLAIN = re.compile(r"[^&<>\"']+")


@lru_cache(maxsize=4096)  # pages of one search show the same snippets again
def clean_snippet(snippet: str) -> str:
    """Rebuild a snippet as escaped text whose only markup is balanced `<mark>` pairs.

    The engine promises exactly that; rebuilding instead of trusting means a bug upstream (or
    raw HTML sneaking into a snippet) can never turn into script on a staff member's screen.
    Text between marks is unescaped then escaped again, so correct input comes out unchanged.
    """
    parts: list[str] = []
    open_mark = False
    for piece in _MARK.split(snippet):
        lowered = piece.lower()
        if lowered == "<mark>":
            if not open_mark:
                parts.append("<mark>")
                open_mark = True
        elif lowered == "</mark>":
            if open_mark:
                parts.append("</mark>")
                open_mark = False
        elif _PLAIN.fullmatch(piece):
            parts.append(piece)  # nothing to unescape or escape: unchanged either way
        elif piece:
            parts.append(str(escape(html.unescape(piece))))
    if open_mark:
        parts.append("</mark>")
    return "".join(parts)


def plain_snippet(snippet: str) -> str:
    """A snippet as plain text (no marks, entities decoded), for feeds whose readers show
    text: the feed library escapes it again."""
    return html.unescape(_MARK.sub("", snippet))


def safe_url(url: str | None) -> str | None:
    """`url` if it is an absolute http(s) address, else None (render it as text, not a link).

    Rejects `javascript:`, `data:` and friends, scheme-relative and relative URLs, and anything
    with whitespace or control characters that browsers strip before reading the scheme.
    """
    if not url or _CONTROL.search(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url
