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

from kb.core.config import load_config
from kb.web import create_app

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
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "from" in result.stderr


def search_json(config_path: Path, *args: str) -> dict[str, object]:
    result = kb(config_path, "search", *args, "--limit", "100", "--json")
    assert result.returncode == 0, result.stderr
    body: dict[str, object] = json.loads(result.stdout)
    return body


def test_search_takes_every_filter_of_the_web_app(config_path: Path) -> None:
    english = search_json(config_path, "--lang", "en", "--source", "demo-news-en")
    expected = [a for a in ARTICLES if a["site"] == "news-en" and a["lang"] == "en"]
    assert english["total"] == len(expected)
    two_years = search_json(config_path, "--year", "2021", "--year", "2023")
    assert two_years["total"] == sum(a["published"][:4] in ("2021", "2023") for a in ARTICLES)
    hits: list[dict[str, str]] = two_years["hits"]  # type: ignore[assignment]
    assert {hit["published"][:4] for hit in hits} == {"2021", "2023"}


def test_export_takes_the_filters_and_names_partners_in_the_chosen_language(
    config_path: Path,
) -> None:
    result = kb(config_path, "export", "--format", "csv", "--partner", "btbu", "--hl", "zh")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == sum("btbu" in a["partners"] for a in ARTICLES)
    assert all("北京工商大学" in row["partner_names"].split("; ") for row in rows)


@pytest.mark.parametrize(
    "args",
    [
        ("search", "BTBU", "--from", "2021-13"),
        ("search", "--from", "2022", "--to", "2021"),
        ("export", "--year", "21"),
    ],
)
def test_bad_filter_values_are_usage_errors(config_path: Path, args: tuple[str, ...]) -> None:
    result = kb(config_path, *args)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert "Error" in result.stderr


def test_config_may_come_before_the_command(config_path: Path) -> None:
    result = run_kb("--config", str(config_path), "search", "BTBU", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["total"] > 0


def test_the_demo_register_is_the_signings_its_news_reports(config_path: Path) -> None:
    """Read by hand from the demo sites: six signings, each with every report of it (the
    BTBU framework agreement also on BTBU's own site); BTBU's own agreement with RUDN,
    signings recalled ("自2018年签署…以来"), planned ("将…签署备忘录") and tallied ("signed
    or renewed cooperation agreements with partner universities") are not in it."""
    client = create_app(load_config(config_path), KB_TODAY="2024-12-01").test_client()
    body = client.get("/api/agreements").get_json()
    found = {
        (a["partners"][0]["id"], a["kind"], a["signed"], len(a["records"]), a["status"])
        for a in body["agreements"]
    }
    assert found == {
        ("sheffield", "mou", "2018-06-01", 2, "dormant"),  # last named in October 2021
        ("melbourne", "mou", "2021-04-16", 2, "active"),
        ("btbu", "framework", "2021-12-03", 3, "active"),
        ("melbourne", "student_exchange", "2023-04-21", 1, "active"),
        ("fu-berlin", "cooperation", "2023-11-30", 2, "active"),
        ("ruc", "joint_degree", "2024-10-11", 2, "active"),
    }
