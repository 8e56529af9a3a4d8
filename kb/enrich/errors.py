"""The one error enrichment raises for a bad partners or topics file.

Staff edit these files by hand; a mistake must stop `kb index` with a message that names the
file and the key to fix, never with a traceback or a silently ignored entry.
"""

from __future__ import annotations

from kb.config import ConfigError


class EnrichConfigError(ConfigError):
    """A partners or topics file a person can fix: the message names the file and the key."""
