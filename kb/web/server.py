"""Running the app on waitress, a production WSGI server (threads, no debugger, no reloader).

The engine is thread-safe and the store is opened per request, so one process with a few
threads serves a team of staff; the nightly update runs in another process and the app sees
its result on the next request.
"""

from __future__ import annotations

from flask import Flask
from waitress import serve as waitress_serve


def serve(app: Flask, host: str, port: int, threads: int = 8) -> None:
    """Serve `app` on host:port until interrupted (the caller announces the URL)."""
    waitress_serve(
        app,
        host=host,
        port=port,
        threads=threads,
        ident="cooperation-kb",
        clear_untrusted_proxy_headers=True,
        max_request_body_size=1024 * 1024,  # the app takes GETs only
        _quiet=True,
    )
