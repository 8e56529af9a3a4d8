"""The CLI commands on a real knowledge base (the demo corpus, built once)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import DEMO_LABELS, build_demo, run_kb

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]
ARTICLES = DEMO_LABELS["article"]


@pytest.fixture(scope="module")
def config_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo(tmp_path_factory.mktemp("cli"))


def kb(config_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_kb(*args, "--config", str(config_path))


def test_export_query_writes_only_matching_records(config_path: Path) -> None:
    result = kb(config_path, "export", "--format", "jsonl", "北京工商大学")
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    # Every report about BTBU, in both languages, and BTBU's own site's reports of the
    # same events; nothing else.
    labelled = {a["path"] for a in ARTICLES if "btbu" in a["partners"]}
    exported = {urlsplit(r["url"]).path for r in records}
    assert labelled <= exported
    own_site = {a["path"] for a in ARTICLES if a["site"] == "btbu-zh"}
    assert exported - labelled <= own_site
    assert {r["lang"] for r in records} == {"zh", "en"}


def test_export_csv_with_bom(config_path: Path) -> None:
    result = kb(config_path, "export", "--format", "csv", "--bom")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("\ufeffid,url,source,title,")
    rows = list(csv.DictReader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    assert len(rows) == len(ARTICLES)


def test_partners_lists_counts_and_candidates_lists_unknown_institutions(
    config_path: Path,
) -> None:
    listing = kb(config_path, "partners")
    assert listing.returncode == 0, listing.stderr
    first = listing.stdout.splitlines()[0].split()
    assert int(first[0]) >= 2  # most records first
    btbu = next(line for line in listing.stdout.splitlines() if " btbu " in line)
    assert int(btbu.split()[0]) == sum("btbu" in a["partners"] for a in ARTICLES)
    candidates = kb(config_path, "partners", "candidates", "--json")
    assert candidates.returncode == 0, candidates.stderr
    for line in candidates.stdout.splitlines():
        row = json.loads(line)
        assert row["count"] >= 1 and row["name"] and row["example_title"]


def test_backup_and_import_restore_the_records(config_path: Path, tmp_path: Path) -> None:
    backup = kb(config_path, "backup", str(tmp_path / "copy.sqlite3"))
    assert backup.returncode == 0, backup.stderr
    exported = kb(config_path, "export")
    (tmp_path / "records.jsonl").write_text(exported.stdout, encoding="utf-8")
    fresh = tmp_path / "fresh" / "kb.toml"
    fresh.parent.mkdir()
    # The same config (sources and their owners) over an empty data folder: a restore.
    fresh.write_text(config_path.read_text(encoding="utf-8"), encoding="utf-8")
    loaded = kb(fresh, "import", str(tmp_path / "records.jsonl"))
    assert loaded.returncode == 0, loaded.stderr
    assert f"{len(ARTICLES)} records loaded" in loaded.stdout
    assert kb(fresh, "index").returncode == 0
    again = kb(fresh, "export")
    assert sorted(again.stdout.splitlines()) == sorted(exported.stdout.splitlines())


def test_bad_date_in_search_is_a_clear_error(config_path: Path) -> None:
    result = kb(config_path, "search", "BTBU", "--from", "2021-13")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "from" in result.stderr
