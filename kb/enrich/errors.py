"""The one error enrichment raises for a bad partners or topics file.

Staff edit these files by hand; a mistake must stop `kb index` with a message that names the
file and the key to fix, never with a traceback or a silently ignored entry.
"""

from __future__ import annotations

from pathlib import Path


class EnrichConfigError(Exception):
    """A partners or topics file a person can fix: the message names the file and the key."""

    def __init__(self, path: Path | str, key: str | None, message: str) -> None:
        where = f"{path}: {key}: " if key else f"{path}: "
        super().__init__(where + message)
        self.path = str(path)
        self.key = key
