"""The benchmarks still run: a small smoke size of each, as CI can afford.

Figures are not asserted (absolute times drift on shared machines); the JSON contract of
bench/search.py is, since the README's table and other tools read those keys.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.timeout(300)

SEARCH_KEYS = (
    "whoosh_p50_ms",
    "whoosh_p95_ms",
    "fts5_p50_ms",
    "fts5_p95_ms",
    "index_records_per_s",
    "incremental_1000_s",
    "peak_rss_mb",
)


def run_search_bench(work: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """bench/search.py at the smoke size, its work kept in `work`, its figures in `out`."""
    return subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "search.py"),
            "--records",
            "500",
            "--rounds",
            "1",
            "--json",
            str(out),
            "--workdir",
            str(work),
            *extra,
        ],
        capture_output=True,
        text=True,
        timeout=280,
        cwd=ROOT,
    )


def test_search_benchmark_smoke(tmp_path: Path) -> None:
    out = tmp_path / "search.json"
    result = run_search_bench(tmp_path / "work", out)
    assert result.returncode == 0, result.stderr[-2000:]
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert figures["records"] == 500
    for key in SEARCH_KEYS:
        assert isinstance(figures[key], int | float) and figures[key] > 0, key
    # Measured again on the same build: searches only, nothing rebuilt.
    again = run_search_bench(tmp_path / "work", out, "--reuse")
    assert again.returncode == 0, again.stderr[-2000:]
    reused = json.loads(out.read_text(encoding="utf-8"))
    assert reused["whoosh_p50_ms"] > 0 and reused["fts5_p50_ms"] > 0
    assert "index_records_per_s" not in reused


def test_enrich_benchmark_smoke() -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "enrich.py"),
            "--throughput",
            "--partners",
            "200",
            "--records",
            "50",
        ],
        capture_output=True,
        text=True,
        timeout=280,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "records/s" in result.stdout
