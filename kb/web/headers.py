"""Response headers: security on every response, CORS on the API, caching by index generation.

Pages show scraped text, so the browser is told to run no inline script and to load nothing
from elsewhere; a mistake in escaping then still cannot execute. Search URLs carry what staff
searched for, so no Referer leaves the app. Every answer depends only on the index generation,
the labels and the URL, so those make the ETag, and a browser revalidates with a cheap 304.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Flask, Response, current_app, make_response, request

from kb.web.context import current_kb
from kb.web.i18n import current_locale

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "If-None-Match",
    "Access-Control-Expose-Headers": "ETag",
    "Access-Control-Max-Age": "86400",
}
CACHE_CONTROL = "public, no-cache"  # store, but ask again: a 304 is cheap, stale data is not


def is_api_path(path: str) -> bool:
    """Paths for other tools, feed readers included: errors in JSON, open to other origins."""
    return (
        path == "/healthz" or path == "/api" or path.startswith("/api/") or path.endswith(".atom")
    )


def install_headers(app: Flask) -> None:
    """Add the security headers everywhere and CORS headers on API paths; answer OPTIONS."""

    @app.before_request
    def preflight() -> Response | None:
        """OPTIONS (a CORS preflight) is answered at once: 204, the CORS headers below."""
        if request.method == "OPTIONS":
            return current_app.response_class(status=204)
        return None

    @app.after_request
    def add_headers(response: Response) -> Response:
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if is_api_path(request.path):
            response.headers.update(CORS_HEADERS)
        return response


def cached(view: Callable[..., Any]) -> Callable[..., Any]:
    """Answer If-None-Match with 304 before doing any work; tag fresh 200s with an ETag."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Response:
        tag = _etag()
        if request.if_none_match.contains_weak(tag):  # RFC 9110: W/"x" matches "x"
            response = current_app.response_class(status=304)
        else:
            response = make_response(view(*args, **kwargs))
            if response.status_code != 200:
                return response
        response.set_etag(tag)
        response.headers["Cache-Control"] = CACHE_CONTROL
        response.vary.add("Accept-Language")
        return response

    return wrapper


def _etag() -> str:
    kb = current_kb()
    key = "\n".join(
        (
            kb.generation(),
            kb.labels.fingerprint,
            current_locale(),
            request.full_path,
        )
    )
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]
