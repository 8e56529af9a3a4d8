"""Running the app on gunicorn: several worker processes, each with a few threads.

Search is CPU work in Python, so one process serves one search at a time whatever its
thread count; on a machine with N cores, N worker processes answer N searches at once.
Each worker opens its own view of the index after the fork (the app opens the engine
lazily), follows new commits and generations by itself, and the nightly update runs in
another process as before.

gunicorn ends a worker with `sys.exit` inside the forked child, which would unwind the
caller's stack in the child too (`kb demo` would stop its demo sites and delete its
workspace from every worker). A worker therefore leaves with `os._exit` instead.
"""

from __future__ import annotations

import gc
import os
import sys
from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication

SERVER_NAME = "cooperation-kb"
#: Seconds a stopping worker gets to finish its requests before it is killed.
GRACEFUL_TIMEOUT = 10


class _Gunicorn(BaseApplication):  # type: ignore[misc]  # gunicorn has no type information
    def __init__(self, app: Flask, options: dict[str, Any]) -> None:
        self._app = app
        self._options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self._options.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        return self._app


def serve(app: Flask, host: str, port: int, threads: int = 4, workers: int = 2) -> None:
    """Serve `app` on host:port until interrupted (the caller announces the URL)."""
    address = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    options = {
        "bind": [address],
        "workers": workers,
        "worker_class": "gthread",
        "threads": threads,
        "timeout": 120,  # a CSV export of a whole index streams for a while
        "graceful_timeout": GRACEFUL_TIMEOUT,
        "keepalive": 5,
        # A worker holds at most 3 x threads connections (2 x threads of them idle
        # keep-alive): past that it answers "Connection: close" and stops accepting, so
        # the clients of a pool that opened all its connections while one worker was in
        # accept() go to the others. Without a cap one worker can hold every connection
        # and leave the others idle for as long as the pool lives; 3 x threads leaves room
        # for 24 clients on the default two workers before any has to wait.
        "worker_connections": 3 * threads,
        "limit_request_line": 8190,  # the most gunicorn allows: URLs carry every filter
        "proc_name": SERVER_NAME,
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "warning",
    }
    # What is loaded by now (modules, the app) lives as long as the server: frozen, the
    # collector never walks it again, and the forked workers share its pages.
    gc.collect()
    gc.freeze()
    master = os.getpid()
    try:
        _Gunicorn(app, options).run()
    except BaseException as exc:
        if os.getpid() == master:
            raise
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(exc.code if isinstance(exc, SystemExit) and isinstance(exc.code, int) else 1)
