"""Config loading: every kind of mistake names the file and the key, exit code 2."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kb.core.config import ConfigError, load_config, resolve_config_path

VALID = """
[storage]
data_dir = "data"
index_dir = "indexes/main"

[crawl]
user_agent = "CooperationKB/0.1 (+mailto:io@example.edu.cn)"
delay_seconds = 1.5
timeout_seconds = 20
max_pages_per_source = 50

[[sources]]
name = "culr-ic"
start_urls = ["https://example.edu.cn/gjjl/list.htm"]
owner = "culr"

[[sources]]
name = "partner-news"
start_urls = ["https://news.example.ac.uk/"]
profile = "generic"
language = "en"
"""


def write(tmp_path: Path, text: str, name: str = "kb.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_valid_config_is_typed_and_paths_resolve_against_its_folder(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, VALID))
    assert config.storage.data_dir == tmp_path.resolve() / "data"
    assert config.storage.index_dir == tmp_path.resolve() / "indexes" / "main"
    assert config.crawl.delay_seconds == 1.5
    assert config.crawl.max_pages_per_source == 50
    assert [s.name for s in config.sources] == ["culr-ic", "partner-news"]
    assert config.sources[0].owner == "culr"
    assert config.sources[0].profile is None
    assert config.sources[1].profile == "generic"
    assert config.sources[1].start_urls == ("https://news.example.ac.uk/",)


def test_minimal_source_needs_only_name_and_start_urls(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, '[[sources]]\nname = "a"\nstart_urls = ["http://x/"]\n'))
    assert config.sources[0].owner is None
    assert config.crawl.timeout_seconds == 20.0
    assert config.enrich.partners_file is None


@pytest.mark.parametrize(
    ("text", "key", "fragment"),
    [
        ("[storage]\ndata_dirr = 'x'\n", "storage.data_dirr", "unknown key"),
        ("colour = 1\n", "colour", "unknown key"),
        ("[crawl]\ndelay_seconds = 'slow'\n", "crawl.delay_seconds", "must be a number"),
        ("[crawl]\nmax_pages_per_source = 2.5\n", "crawl.max_pages_per_source", "integer"),
        ("[crawl]\ndelay_seconds = -1\n", "crawl.delay_seconds", "at least"),
        ("[crawl]\ntimeout_seconds = true\n", "crawl.timeout_seconds", "must be a number"),
        ("[[sources]]\nstart_urls = ['http://x/']\n", "sources[1].name", "is required"),
        ("[[sources]]\nname = 'a'\n", "sources[1].start_urls", "is required"),
        ("[[sources]]\nname = 'a'\nstart_urls = []\n", "sources[1].start_urls", "non-empty"),
        ("[[sources]]\nname = 'a'\nstart_urls = ['ftp://x/']\n", "sources[1].start_urls", "http"),
        (
            "[[sources]]\nname = 'a'\nstart_urls = ['http://x/']\n"
            "[[sources]]\nname = 'a'\nstart_urls = ['http://y/']\n",
            "sources[2].name",
            "duplicate source name 'a'",
        ),
        (
            "[[sources]]\nname = '新闻网'\nstart_urls = ['http://x/']\n",
            "sources[1].name",
            "it is an id",
        ),
        (
            "[[sources]]\nname = 'a'\nstart_urls = ['http://x/']\nprofile = 'drupal'\n",
            "sources[1].profile",
            "must be one of",
        ),
        ("[enrich]\npartners_file = 'nope.toml'\n", "enrich.partners_file", "file not found"),
        ("storage = 3\n", "storage", "must be a table"),
        ("sources = 'a'\n", "sources", "array of tables"),
    ],
)
def test_each_kind_of_mistake_names_file_and_key(
    tmp_path: Path, text: str, key: str, fragment: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    message = str(caught.value)
    assert caught.value.key == key
    assert message.startswith(f"{path}: {key}: ")
    assert fragment in message


def test_unreadable_toml_names_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "[storage\ndata_dir = 'x'\n")
    with pytest.raises(ConfigError, match="not valid TOML") as caught:
        load_config(path)
    assert str(caught.value).startswith(str(path))


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="config file not found"):
        load_config(tmp_path / "absent.toml")


def test_precedence_flag_then_env_then_cwd(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KB_CONFIG", "/etc/kb/from-env.toml")
    assert resolve_config_path("given.toml") == Path("given.toml")
    assert resolve_config_path(None) == Path("/etc/kb/from-env.toml")
    monkeypatch.delenv("KB_CONFIG")
    assert resolve_config_path(None) == Path("kb.toml")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[crawl]\nuser_agen = 'x'\n", "crawl.user_agen: unknown key"),
        ("[[sources]\n", "not valid TOML"),
    ],
)
def test_cli_reports_config_error_with_exit_2_and_no_traceback(
    tmp_path: Path, text: str, expected: str
) -> None:
    path = write(tmp_path, text)
    result = subprocess.run(
        [sys.executable, "-m", "kb", "crawl", "--config", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "KB_CONFIG": ""},
    )
    assert result.returncode == 2
    assert expected in result.stderr
    assert str(path) in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_uses_kb_config_env(tmp_path: Path) -> None:
    path = write(tmp_path, "[crawl]\nbogus = 1\n", name="env.toml")
    result = subprocess.run(
        [sys.executable, "-m", "kb", "index"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        env={**os.environ, "KB_CONFIG": str(path)},
    )
    assert result.returncode == 2
    assert f"{path}: crawl.bogus: unknown key" in result.stderr
