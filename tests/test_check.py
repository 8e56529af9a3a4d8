"""`kb check` finds every difference between store and index, and `--repair` mends it."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DEMO_LABELS, build_demo, run_kb

from kb import pipeline
from kb.core.config import load_config
from kb.lexicon import Lexicon
from kb.store import Store

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]


kb = run_kb


@pytest.fixture
def built(tmp_path: Path) -> Path:
    """The demo knowledge base, built into tmp_path; returns a kb.toml pointing at it."""
    config_path = build_demo(tmp_path)
    with config_path.open("a", encoding="utf-8") as toml:
        toml.write('\n[logging]\nfile = "logs/kb.log"\n')
    return config_path


def test_check_passes_on_a_consistent_knowledge_base(built: Path) -> None:
    result = kb("check", "--config", str(built))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "kb check ok" in result.stdout
    assert "0 missing from the index, 0 extra in the index" in result.stdout


def test_check_reports_and_repairs_missing_and_extra_documents(built: Path) -> None:
    config = load_config(built)
    with Store(config.storage.store_path) as store:
        ids = sorted(store.record_ids())
        dropped_from_index, deleted_from_store = ids[0], ids[1]
        with store.transaction():
            store.delete_record(deleted_from_store)  # the index still has it
    with pipeline.index_manager(config, Lexicon.load(config.enrich)).writing() as writer:
        # Remove a document behind the store's back (keeping the watermark as it was).
        writer.apply([], [dropped_from_index], writer.indexed_seq())

    found = kb("check", "--config", str(built))
    assert found.returncode == 1
    assert "INCONSISTENT" in found.stdout
    assert "1 missing from the index, 1 extra in the index" in found.stdout

    repaired = kb("check", "--repair", "--config", str(built))
    assert repaired.returncode == 0, repaired.stdout + repaired.stderr
    assert "repaired" in repaired.stdout

    again = kb("check", "--config", str(built))
    assert again.returncode == 0, again.stdout
    assert f"store {len(ids) - 1} records" in again.stdout
    assert f"index {len(ids) - 1} documents" in again.stdout


def test_update_logs_to_the_configured_file_and_exits_2_when_every_source_fails(
    built: Path,
) -> None:
    # The demo sites were served only while the fixture built the store: now every source
    # is a dead host.
    result = kb("update", "--config", str(built))
    assert result.returncode == 2
    assert result.stdout.startswith(f"kb update failed: {len(DEMO_LABELS['sites'])} sources")
    log = (built.parent / "logs" / "kb.log").read_text(encoding="utf-8")
    assert f"kb update failed: {len(DEMO_LABELS['sites'])} sources" in log
    assert "source demo-ic-zh" in log


def test_an_index_from_an_older_schema_is_rebuilt_by_the_next_index_run(built: Path) -> None:
    from dataclasses import replace

    from kb.index import generations

    config = load_config(built)
    index_dir = config.storage.index_dir
    old_name = generations.current_name(index_dir)
    path = generations.generation_path(index_dir, old_name)
    generations.write_meta(path, replace(generations.read_meta(path), schema_version=1))

    result = kb("index", "--config", str(built))
    assert result.returncode == 0, result.stderr
    assert "full rebuild" in result.stdout
    assert generations.current_name(index_dir) != old_name
    assert kb("check", "--config", str(built)).returncode == 0
