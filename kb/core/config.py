"""Loading `kb.toml` into typed settings.

Cron jobs and staff both run `kb`; a typo in the config must stop the run with a message
that names the file and the key, never a traceback or a silently ignored setting.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kb.core.text import is_id

ENV_VAR = "KB_CONFIG"
DEFAULT_FILE = "kb.toml"
#: The user's partners file when `[enrich] partners_file` is not set, if it exists beside kb.toml.
DEFAULT_PARTNERS_FILE = "partners.toml"
PROFILES = ("webplus", "vsb", "feed", "generic")
DEFAULT_USER_AGENT = "CooperationKB/0.1 (+https://github.com/cooperation-kb)"


class ConfigError(Exception):
    """A config problem a person can fix: the message names the file and the key."""

    def __init__(self, path: Path | str, key: str | None, message: str) -> None:
        where = f"{path}: {key}: " if key else f"{path}: "
        super().__init__(where + message)
        self.path = str(path)
        self.key = key


@dataclass(frozen=True)
class StorageConfig:
    data_dir: Path
    index_dir: Path

    @property
    def store_path(self) -> Path:
        """The SQLite system of record inside `data_dir`."""
        return self.data_dir / "kb.sqlite3"


@dataclass(frozen=True)
class EnrichConfig:
    partners_file: Path | None = None
    topics_file: Path | None = None
    glossary_file: Path | None = None


@dataclass(frozen=True)
class CrawlConfig:
    user_agent: str = DEFAULT_USER_AGENT
    delay_seconds: float = 1.0
    timeout_seconds: float = 20.0
    max_pages_per_source: int = 2000
    max_page_bytes: int = 10 * 1024 * 1024
    #: Every stored article is re-checked within this many days (kb.pipeline.crawling).
    revisit_days: int = 30


@dataclass(frozen=True)
class SourceConfig:
    name: str
    start_urls: tuple[str, ...]
    owner: str | None = None
    profile: str | None = None
    language: str | None = None


@dataclass(frozen=True)
class LoggingConfig:
    file: Path | None = None
    level: str = "INFO"


@dataclass(frozen=True)
class Config:
    path: Path
    storage: StorageConfig
    enrich: EnrichConfig = field(default_factory=EnrichConfig)
    crawl: CrawlConfig = field(default_factory=CrawlConfig)
    sources: tuple[SourceConfig, ...] = ()
    logging: LoggingConfig = field(default_factory=LoggingConfig)

    @property
    def partners_path(self) -> Path:
        """Where `kb partners add` writes: the configured partners file, else
        `partners.toml` next to the config file (read from then on without configuring)."""
        return self.enrich.partners_file or self.path.resolve().parent / DEFAULT_PARTNERS_FILE

    def source(self, name: str) -> SourceConfig:
        for source in self.sources:
            if source.name == name:
                return source
        known = ", ".join(s.name for s in self.sources) or "none"
        raise ConfigError(self.path, "sources", f"no source named {name!r} (known: {known})")


def resolve_config_path(cli_value: str | os.PathLike[str] | None) -> Path:
    """`--config`, then `$KB_CONFIG`, then `./kb.toml`: the precedence of DESIGN.md."""
    if cli_value:
        return Path(cli_value)
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR])
    return Path(DEFAULT_FILE)


def load_config(path: Path) -> Config:
    """Read and validate a config file; relative paths resolve against its folder."""
    try:
        with open(path, "rb") as handle:
            raw = tomllib.load(handle)
    except FileNotFoundError:
        raise ConfigError(path, None, "config file not found") from None
    except OSError as exc:
        raise ConfigError(path, None, f"cannot read config file: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(path, None, f"not valid TOML: {exc}") from None
    return _Reader(path).config(raw)


class _Reader:
    """Validates one parsed file; keeps the file path so every error can name it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.base = path.resolve().parent

    def error(self, key: str, message: str) -> ConfigError:
        return ConfigError(self.path, key, message)

    def config(self, raw: dict[str, Any]) -> Config:
        self.reject_unknown(raw, "", {"storage", "enrich", "crawl", "sources", "logging"})
        storage = self.table(raw, "storage")
        enrich = self.table(raw, "enrich")
        crawl = self.table(raw, "crawl")
        logging = self.table(raw, "logging")
        self.reject_unknown(storage, "storage", {"data_dir", "index_dir"})
        self.reject_unknown(enrich, "enrich", {"partners_file", "topics_file", "glossary_file"})
        self.reject_unknown(crawl, "crawl", {f for f in CrawlConfig.__dataclass_fields__})
        self.reject_unknown(logging, "logging", {"file", "level"})
        defaults = CrawlConfig()
        return Config(
            path=self.path,
            storage=StorageConfig(
                data_dir=self.path_value(storage, "storage.data_dir", "data"),
                index_dir=self.path_value(storage, "storage.index_dir", "indexes/main"),
            ),
            enrich=EnrichConfig(
                partners_file=self.existing_file(enrich, "enrich.partners_file")
                or self.beside(DEFAULT_PARTNERS_FILE),
                topics_file=self.existing_file(enrich, "enrich.topics_file"),
                glossary_file=self.existing_file(enrich, "enrich.glossary_file"),
            ),
            crawl=CrawlConfig(
                user_agent=self.value(crawl, "crawl.user_agent", str, defaults.user_agent),
                delay_seconds=self.number(crawl, "crawl.delay_seconds", defaults.delay_seconds),
                timeout_seconds=self.number(
                    crawl, "crawl.timeout_seconds", defaults.timeout_seconds, minimum=0.001
                ),
                max_pages_per_source=self.integer(
                    crawl, "crawl.max_pages_per_source", defaults.max_pages_per_source
                ),
                max_page_bytes=self.integer(crawl, "crawl.max_page_bytes", defaults.max_page_bytes),
                revisit_days=max(
                    1, self.integer(crawl, "crawl.revisit_days", defaults.revisit_days)
                ),
            ),
            sources=self.sources(raw.get("sources", [])),
            logging=LoggingConfig(
                file=self.optional_path(logging, "logging.file"),
                level=self.choice(
                    logging, "logging.level", ("DEBUG", "INFO", "WARNING", "ERROR"), "INFO"
                )
                or "INFO",
            ),
        )

    def sources(self, raw: Any) -> tuple[SourceConfig, ...]:
        if not isinstance(raw, list):
            raise self.error("sources", "must be an array of tables: [[sources]]")
        seen: set[str] = set()
        sources = []
        for number, entry in enumerate(raw, start=1):
            where = f"sources[{number}]"
            if not isinstance(entry, dict):
                raise self.error(where, "must be a table")
            allowed = {"name", "start_urls", "owner", "profile", "language"}
            self.reject_unknown(entry, where, allowed)
            name = self.required(entry, f"{where}.name", str)
            if not is_id(name):
                raise self.error(
                    f"{where}.name", "must be letters, digits, '_', '.' or '-' (it is an id)"
                )
            if name in seen:
                raise self.error(f"{where}.name", f"duplicate source name {name!r}")
            seen.add(name)
            start_urls = self.required(entry, f"{where}.start_urls", list)
            if not start_urls or not all(
                isinstance(u, str) and u.startswith(("http://", "https://")) for u in start_urls
            ):
                raise self.error(f"{where}.start_urls", "must be a non-empty list of http(s) URLs")
            sources.append(
                SourceConfig(
                    name=name,
                    start_urls=tuple(start_urls),
                    owner=self.value(entry, f"{where}.owner", str, None),
                    profile=self.choice(entry, f"{where}.profile", PROFILES, None),
                    language=self.value(entry, f"{where}.language", str, None),
                )
            )
        return tuple(sources)

    # -- small typed accessors; `key` is the dotted name shown to the user --------------

    def table(self, raw: dict[str, Any], key: str) -> dict[str, Any]:
        value = raw.get(key, {})
        if not isinstance(value, dict):
            raise self.error(key, "must be a table")
        return value

    def reject_unknown(self, table: dict[str, Any], where: str, allowed: set[str]) -> None:
        for key in table:
            if key not in allowed:
                dotted = f"{where}.{key}" if where else key
                raise self.error(dotted, f"unknown key (allowed: {', '.join(sorted(allowed))})")

    def value(
        self, table: dict[str, Any], key: str, kind: type | tuple[type, ...], default: Any
    ) -> Any:
        short = key.rsplit(".", 1)[-1]
        if short not in table:
            return default
        value = table[short]
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
            raise self.error(key, f"must be a {_type_name(kind)}, got {_type_name(type(value))}")
        return value

    def required(self, table: dict[str, Any], key: str, kind: type) -> Any:
        if key.rsplit(".", 1)[-1] not in table:
            raise self.error(key, "is required")
        return self.value(table, key, kind, None)

    def number(self, table: dict[str, Any], key: str, default: float, minimum: float = 0) -> float:
        value: float = self.value(table, key, (int, float), default)
        return float(self.at_least(key, value, minimum))

    def integer(self, table: dict[str, Any], key: str, default: int) -> int:
        return int(self.at_least(key, self.value(table, key, int, default), 1))

    def at_least(self, key: str, value: float, minimum: float) -> float:
        if value < minimum:
            raise self.error(key, f"must be at least {minimum}, got {value}")
        return value

    def choice(
        self, table: dict[str, Any], key: str, choices: tuple[str, ...], default: str | None
    ) -> str | None:
        value: str | None = self.value(table, key, str, default)
        if value is not None and value not in choices:
            raise self.error(key, f"must be one of {', '.join(choices)}, got {value!r}")
        return value

    def path_value(self, table: dict[str, Any], key: str, default: str) -> Path:
        value: str = self.value(table, key, str, default)
        return self.base / value

    def optional_path(self, table: dict[str, Any], key: str) -> Path | None:
        value = self.value(table, key, str, None)
        return None if value is None else self.base / value

    def beside(self, name: str) -> Path | None:
        """A file next to the config file, when there is one."""
        path = self.base / name
        return path if path.is_file() else None

    def existing_file(self, table: dict[str, Any], key: str) -> Path | None:
        path = self.optional_path(table, key)
        if path is not None and not path.is_file():
            raise self.error(key, f"file not found: {path}")
        return path


def _type_name(kind: type | tuple[type, ...]) -> str:
    names: dict[Any, str] = {
        str: "string",
        int: "integer",
        float: "number",
        list: "list",
        dict: "table",
        bool: "boolean",
        (int, float): "number",
    }
    return names.get(kind, getattr(kind, "__name__", str(kind)))


def demo_config(root: Path, sources: tuple[SourceConfig, ...]) -> Config:
    """The config `kb demo` runs with: everything under `root`, no politeness delay on loopback."""
    return Config(
        path=root / "kb.toml",
        storage=StorageConfig(data_dir=root / "data", index_dir=root / "indexes" / "main"),
        crawl=CrawlConfig(user_agent=DEFAULT_USER_AGENT, delay_seconds=0.0, timeout_seconds=10),
        sources=sources,
    )
