"""Reading the bundled and user TOML files of enrichment, with errors a person can act on.

The partners gazetteer and the topic taxonomy share one life cycle: a bundled file shipped
with the package, optionally extended or overridden by a user's file named in `kb.toml`, and a
content hash of both so stored records are re-enriched when either changes.
"""

from __future__ import annotations

import hashlib
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from kb.core.config import ConfigError


class LexiconError(ConfigError):
    """A partners, topics or glossary file a person can fix: names the file and the key.

    Staff edit these files by hand; a mistake must stop `kb index` with a message that says
    what to change, never with a traceback or a silently ignored entry.
    """


def bundled(name: str) -> tuple[str, bytes]:
    """The label and raw bytes of a data file shipped in `kb/lexicon/data/`."""
    resource = resources.files("kb.lexicon") / "data" / name
    return f"kb/lexicon/data/{name}", resource.read_bytes()


def read_user(path: Path) -> bytes:
    """The raw bytes of a user's file; a missing or unreadable file is a config error."""
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise LexiconError(path, None, f"cannot read file ({exc.strerror or exc})") from exc


def parse(label: Path | str, raw: bytes) -> dict[str, Any]:
    """Parse TOML bytes; syntax errors name the file and the line."""
    try:
        return tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise LexiconError(label, None, f"not valid UTF-8 TOML ({exc})") from exc


def fingerprint(*blobs: bytes) -> str:
    """A content hash over several files; any byte changed in any of them changes it."""
    digest = hashlib.sha256()
    for blob in blobs:
        digest.update(len(blob).to_bytes(8, "big"))
        digest.update(blob)
    return digest.hexdigest()[:16]


class Table:
    """One TOML table being validated: typed getters that report `file: key: problem`."""

    def __init__(self, label: Path | str, key: str, data: Any) -> None:
        if not isinstance(data, dict):
            raise LexiconError(label, key or None, "must be a table")
        self.label = label
        self.key = key
        self.data: dict[str, Any] = data

    def where(self, name: str) -> str:
        """The dotted key of a field, as the error messages print it."""
        return f"{self.key}.{name}" if self.key else name

    def fail(self, name: str, message: str) -> LexiconError:
        """An error about one field of this table."""
        return LexiconError(self.label, self.where(name), message)

    def reject_unknown(self, allowed: set[str]) -> None:
        """A misspelt key must not be silently ignored."""
        for name in self.data:
            if name not in allowed:
                raise self.fail(
                    name, f"unknown key (expected one of: {', '.join(sorted(allowed))})"
                )

    def has(self, name: str) -> bool:
        """Whether the field is present."""
        return name in self.data

    def string(self, name: str, *, required: bool = False, default: str = "") -> str:
        """A string field; `required` ones must also be non-empty."""
        if name not in self.data:
            if required:
                raise self.fail(name, "missing")
            return default
        value = self.data[name]
        if not isinstance(value, str):
            raise self.fail(name, "must be a string")
        if required and not value.strip():
            raise self.fail(name, "must not be empty")
        return value.strip()

    def strings(self, name: str) -> tuple[str, ...]:
        """A list-of-strings field (empty when absent)."""
        value = self.data.get(name, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(name, "must be a list of strings")
        return tuple(v.strip() for v in value if v.strip())

    def number(self, name: str, default: float) -> float:
        """A number field (int or float, not bool)."""
        value = self.data.get(name, default)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(name, "must be a number")
        return float(value)

    def tables(self, name: str) -> list[Table]:
        """An array of tables (`[[name]]`), each wrapped for validation."""
        value = self.data.get(name, [])
        if not isinstance(value, list):
            raise self.fail(name, "must be an array of tables ([[...]])")
        return [Table(self.label, f"{self.where(name)}[{i}]", item) for i, item in enumerate(value)]

    def table(self, name: str) -> Table:
        """A sub-table (empty when absent)."""
        return Table(self.label, self.where(name), self.data.get(name, {}))
