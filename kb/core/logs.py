"""Logging for cron and progress for people at a terminal.

Cron mails whatever a job prints, so progress appears only on a terminal; the log file
(`[logging] file`) is rotated so a nightly job cannot fill the disk.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
from typing import Any

from kb.core.config import LoggingConfig

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
#: The name of the handlers `configure` installs, so a second call replaces them.
_HANDLER_NAME = "kb"


def configure(settings: LoggingConfig) -> None:
    """Send log records to the configured file (rotated, 5 x 10 MB), warnings to stderr."""
    root = logging.getLogger()
    root.setLevel(settings.level)
    for handler in list(root.handlers):
        if handler.get_name() == _HANDLER_NAME:
            root.removeHandler(handler)
    handlers: list[logging.Handler] = []
    if settings.file is not None:
        settings.file.parent.mkdir(parents=True, exist_ok=True)
        handlers.append(
            logging.handlers.RotatingFileHandler(
                settings.file, maxBytes=10 * 1024 * 1024, backupCount=5, encoding="utf-8"
            )
        )
    stderr = logging.StreamHandler(sys.stderr)
    stderr.setLevel(logging.WARNING)
    handlers.append(stderr)
    for handler in handlers:
        handler.setFormatter(logging.Formatter(LOG_FORMAT))
        handler.set_name(_HANDLER_NAME)
        root.addHandler(handler)


def progress_printer(stream: Any = None) -> Any:
    """A progress callback that rewrites one terminal line, or None off a terminal."""
    stream = stream or sys.stderr
    if not stream.isatty():
        return None

    def show(source: str, pages: int, records: int) -> None:
        stream.write(f"\r{source}: {pages} pages, {records} records ")
        stream.flush()

    return show
