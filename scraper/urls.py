"""One canonical form per URL, so an article linked three ways is fetched and stored once.

w3lib does the standard work (percent-encoding, dot segments, sorted query, no fragment);
this module adds what is specific to news sites: tracking parameters that share links add
(`?from=home`, `utm_*`), default ports, and which links are not web pages at all.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from w3lib.url import canonicalize_url, safe_url_string

#: Query parameters that only say where a click came from; they never select content.
TRACKING_PARAMS = frozenset(
    {
        "from",
        "spm",
        "share",
        "share_token",
        "sharer_shareinfo",
        "sharer_shareinfo_first",
        "isappinstalled",
        "scene",
        "clicktime",
        "enterid",
        "fbclid",
        "gclid",
        "msclkid",
        "yclid",
        "mc_cid",
        "mc_eid",
        "_hsenc",
        "_hsmi",
        "ref",
        "ref_src",
    }
)
TRACKING_PREFIXES = ("utm_",)

_DEFAULT_PORTS = {"http": 80, "https": 443}
_TAB_NEWLINE = str.maketrans("", "", "\t\n\r")

#: Extensions of files that are never HTML pages (documents, media, archives).
NON_HTML_EXTENSIONS = frozenset(
    {
        "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "wps", "et", "dps", "odt", "ods",
        "rtf", "txt", "csv", "zip", "rar", "7z", "gz", "tar", "jpg", "jpeg", "png", "gif",
        "bmp", "webp", "svg", "ico", "tif", "tiff", "mp3", "mp4", "avi", "mov", "wmv", "flv",
        "m4v", "wav", "apk", "exe", "dmg", "iso",
    }
)  # fmt: skip


def _is_tracking(name: str) -> bool:
    name = name.lower()
    return name in TRACKING_PARAMS or name.startswith(TRACKING_PREFIXES)


def canonicalize(href: str, base: str | None = None) -> str | None:
    """The canonical absolute URL of a link, or None when it is not an http(s) page link.

    `javascript:`, `mailto:`, `tel:` and bare fragments give None, so callers skip them
    without special cases.
    """
    # As browsers do (WHATWG URL): trim, and drop tabs and newlines inside the href.
    href = (href or "").strip().translate(_TAB_NEWLINE)
    if not href or href.startswith("#"):
        return None
    url = urljoin(base, href) if base else href
    parts = urlsplit(url)
    if parts.scheme.lower() not in _DEFAULT_PORTS or not parts.hostname:
        return None
    query = urlencode(
        [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)]
    )
    url = canonicalize_url(safe_url_string(urlunsplit(parts._replace(query=query, fragment=""))))
    parts = urlsplit(url)
    if parts.port is not None and parts.port == _DEFAULT_PORTS.get(parts.scheme):
        url = urlunsplit(parts._replace(netloc=parts.hostname or ""))
    return url


def host_key(url: str) -> str:
    """Host and explicit non-default port: the unit of "same site" and of politeness."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    port = parts.port
    if port is None or port == _DEFAULT_PORTS.get(parts.scheme.lower()):
        return host
    return f"{host}:{port}"


def extension(url: str) -> str:
    """Lower-case file extension of the URL's last path segment, '' when there is none."""
    last = urlsplit(url).path.rsplit("/", 1)[-1]
    return last.rsplit(".", 1)[-1].lower() if "." in last else ""


def is_non_html(url: str) -> bool:
    """True when the URL names a document or media file rather than a web page."""
    return extension(url) in NON_HTML_EXTENSIONS
