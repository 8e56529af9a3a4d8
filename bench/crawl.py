"""Crawler throughput on loopback: the cost of parsing and extraction, not of the network.

Serves every fixture site of the scraper tests and the demo corpus from 127.0.0.1, crawls each
with no politeness delay, then crawls it again (every page answers 304), and prints pages and
articles per second for both runs. Real crawls are bounded by `delay_seconds` per host
(1 s by default), so this shows how much headroom the crawler leaves, not crawl durations.

Run from the project root: .venv/bin/python -m bench.crawl [--rounds 3]
"""

from __future__ import annotations

import argparse
import logging
import time
from pathlib import Path

from scraper import SourceSpec, crawl_source
from tests.fixtures.server import SiteServer
from tests.test_scraper_support import SITES, SqliteState, fast_settings, load_expected, site_hooks

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "kb" / "demo" / "sites"
#: (site folder, start path) of every site crawled.
TARGETS = [
    (SITES / "webplus", "/gjjl/list.htm"),
    (SITES / "vsb", "/gjhz.htm"),
    (SITES / "feed", "/feed.xml"),
    (SITES / "generic", "/xwzx/index.html"),
    (DEMO / "ic-zh", "/gjjl/list.htm"),
    (DEMO / "news-en", "/news/"),
]


def _run(server: SiteServer, start: str, state: SqliteState) -> tuple[float, int, int]:
    began = time.perf_counter()
    report = crawl_source(SourceSpec("bench", [server.url(start)]), fast_settings(), state)
    return time.perf_counter() - began, report.fetched, report.articles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="crawls of each site per run kind")
    rounds = parser.parse_args().rounds
    logging.basicConfig(level=logging.ERROR)
    print(f"{'site':10} {'pages':>5} {'articles':>8} {'cold pages/s':>12} {'304 pages/s':>11}")
    for root, start in TARGETS:
        if not root.is_dir():
            continue
        expected = load_expected(root) if (root / "expected.toml").is_file() else {}
        server = SiteServer(root, site_hooks(root, expected)).start()
        try:
            cold, warm, pages, articles = 0.0, 0.0, 0, 0
            for _ in range(rounds):
                state = SqliteState()
                seconds, pages, articles = _run(server, start, state)
                cold += seconds
                warm += _run(server, start, state)[0]
        finally:
            server.stop()
        print(
            f"{root.name:10} {pages:5d} {articles:8d} "
            f"{pages * rounds / cold:12.1f} {pages * rounds / warm:11.1f}"
        )


if __name__ == "__main__":
    main()
