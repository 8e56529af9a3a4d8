"""`kb update` as cron runs it: exit codes, the lock, crash safety, conditional re-crawls.

The demo sites are copied to a temporary folder and served on loopback by real HTTP
servers; `kb` runs as a real subprocess, and crashes are real SIGKILLs.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from typing import ClassVar

import feedparser
import pytest
from conftest import DEMO_LABELS, run_kb

from kb.core.config import load_config
from kb.demo import DEMO_SITES, SITES_DIR, serve_sites
from kb.store import Store
from kb.web import create_app

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]

EXPECTED = DEMO_LABELS
ARTICLES = len(EXPECTED["article"])


class LoggingHandler(SimpleHTTPRequestHandler):
    """A static site handler that remembers every request (path and conditional headers)."""

    log: ClassVar[list[dict[str, str | None]]] = []
    lock: ClassVar[threading.Lock] = threading.Lock()

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        with self.lock:
            self.log.append(
                {
                    "path": self.path,
                    "if_modified_since": self.headers.get("If-Modified-Since"),
                    "if_none_match": self.headers.get("If-None-Match"),
                }
            )
        return super().send_head()


@pytest.fixture
def sites(tmp_path: Path) -> Iterator[tuple[Path, dict[str, str]]]:
    root = tmp_path / "sites"
    shutil.copytree(SITES_DIR, root)
    LoggingHandler.log = []
    with serve_sites(root, LoggingHandler) as urls:
        yield root, urls


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def write_config(tmp_path: Path, urls: dict[str, str], *, dead_source: bool = False) -> Path:
    lines = [
        "[storage]",
        'data_dir = "data"',
        'index_dir = "indexes/main"',
        "",
        "[crawl]",
        'user_agent = "CooperationKB-test/0.1"',
        "delay_seconds = 0",
        "timeout_seconds = 5",
        "",
    ]
    for name, (start, owner) in DEMO_SITES.items():
        lines += [
            "[[sources]]",
            f'name = "{name}"',
            f'start_urls = ["{urls[name]}{start}"]',
            f'owner = "{owner}"',
            "",
        ]
    if dead_source:
        lines += [
            "[[sources]]",
            'name = "dead"',
            f'start_urls = ["http://127.0.0.1:{free_port()}/news/"]',
            "",
        ]
    path = tmp_path / "kb.toml"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


kb = run_kb


def store_count(tmp_path: Path) -> int:
    with Store(tmp_path / "data" / "kb.sqlite3") as store:
        return store.count_records()


def test_update_exit_0_and_a_second_run_sends_only_conditional_requests(
    tmp_path: Path, sites: tuple[Path, dict[str, str]]
) -> None:
    config = write_config(tmp_path, sites[1])
    first = kb("update", "--config", str(config), "--json")
    assert first.returncode == 0, first.stderr
    summary = json.loads(first.stdout)
    assert summary["status"] == "ok"
    assert summary["index"]["documents"] == ARTICLES
    assert {s["name"] for s in summary["sources"]} == set(DEMO_SITES)
    assert sum(s["new"] for s in summary["sources"]) >= ARTICLES
    with Store(tmp_path / "data" / "kb.sqlite3") as store:
        seq_after_first = store.current_seq()
        assert store.count_records() == ARTICLES

    LoggingHandler.log = []
    second = kb("update", "--config", str(config))
    assert second.returncode == 0, second.stderr
    assert second.stdout.count("\n") == 1  # one line for cron mail
    assert "0 new, 0 changed" in second.stdout
    pages = [r for r in LoggingHandler.log if not r["path"].endswith("robots.txt")]
    assert pages, "the second run fetched nothing at all"
    unconditional = [r["path"] for r in pages if not (r["if_modified_since"] or r["if_none_match"])]
    assert unconditional == []
    with Store(tmp_path / "data" / "kb.sqlite3") as store:
        assert store.current_seq() == seq_after_first  # nothing changed in the store


def test_exit_1_when_a_source_fails_and_the_others_are_done(
    tmp_path: Path, sites: tuple[Path, dict[str, str]]
) -> None:
    config = write_config(tmp_path, sites[1], dead_source=True)
    result = kb("update", "--config", str(config), "--json")
    assert result.returncode == 1, result.stderr
    summary = json.loads(result.stdout)
    assert summary["status"] == "partial"
    failed = [s["name"] for s in summary["sources"] if s["failed"]]
    assert failed == ["dead"]
    assert summary["index"]["documents"] == ARTICLES


def test_exit_2_on_config_error(tmp_path: Path) -> None:
    config = tmp_path / "kb.toml"
    config.write_text("[crawl]\ndelay = 1\n", encoding="utf-8")
    result = kb("update", "--config", str(config))
    assert result.returncode == 2
    assert "crawl.delay: unknown key" in result.stderr


def test_overlapping_runs_second_exits_2_naming_the_holder(
    tmp_path: Path, sites: tuple[Path, dict[str, str]]
) -> None:
    config = write_config(tmp_path, sites[1])
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
            import sys, time
            from pathlib import Path
            from kb.pipeline.locking import run_lock
            with run_lock(Path({str(tmp_path / "data" / "kb.lock")!r}), "update"):
                print("held", flush=True)
                time.sleep(60)
        """),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        result = kb("update", "--config", str(config))  # the holder keeps it for 60 s
        assert result.returncode == 2
        assert f"pid {holder.pid}" in result.stderr
        assert "kb update" in result.stderr
    finally:
        holder.kill()
        holder.wait()
    # The kernel released the lock with the killed holder: the next run just works.
    assert kb("update", "--config", str(config)).returncode == 0


# A driver that runs `kb update` with one function wrapped to SIGKILL the process at a
# chosen moment: inside the crawl's page transaction, inside an enrichment batch, or at
# the instant Whoosh renames its new table of contents into place (the index commit).
KILL_DRIVER = textwrap.dedent("""
    import os, signal, sys
    stage, after = sys.argv[1], int(sys.argv[2])
    calls = 0

    def killing(original):
        def wrapper(*args, **kwargs):
            global calls
            calls += 1
            if calls >= after:
                if stage == "crawl":
                    original(*args, **kwargs)  # the page is written, its record not yet
                os.kill(os.getpid(), signal.SIGKILL)
            return original(*args, **kwargs)
        return wrapper

    if stage == "crawl":
        from kb.store import Store
        Store.put_page = killing(Store.put_page)
    elif stage == "enrich":
        from kb.enrich import Enricher
        Enricher.enrich = killing(Enricher.enrich)
    elif stage == "index":
        from whoosh.filedb.filestore import FileStorage
        FileStorage.rename_file = killing(FileStorage.rename_file)
    from kb.cli import main
    sys.argv = ["kb", "update", "--config", sys.argv[3]]
    main()
""")


@pytest.mark.parametrize(("stage", "after"), [("crawl", 12), ("enrich", 7), ("index", 1)])
def test_kill_9_at_any_stage_then_next_run_completes_consistently(
    tmp_path: Path, sites: tuple[Path, dict[str, str]], stage: str, after: int
) -> None:
    config = write_config(tmp_path, sites[1])
    killed = subprocess.run(
        [sys.executable, "-c", KILL_DRIVER, stage, str(after), str(config)],
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr

    rerun = kb("update", "--config", str(config))
    assert rerun.returncode == 0, rerun.stderr
    check = kb("check", "--config", str(config))
    assert check.returncode == 0, check.stdout + check.stderr
    assert "kb check ok" in check.stdout
    assert store_count(tmp_path) == ARTICLES
    search = kb("search", "--config", str(config), "--json", "--limit", "1")
    assert json.loads(search.stdout)["total"] == ARTICLES


def test_web_app_answers_throughout_an_update_and_a_full_rebuild(
    tmp_path: Path, sites: tuple[Path, dict[str, str]]
) -> None:
    import requests

    root, urls = sites
    config = write_config(tmp_path, urls)
    assert kb("update", "--config", str(config)).returncode == 0
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "kb", "serve", "--config", str(config), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base + "/healthz")
        add_article(root / "news-en")
        failures: list[str] = []
        answers: list[int] = []
        stop = threading.Event()

        def client() -> None:
            session = requests.Session()
            while not stop.is_set():
                try:
                    reply = session.get(
                        base + "/api/search", params={"q": "university"}, timeout=10
                    )
                    if reply.status_code != 200:
                        failures.append(f"{reply.status_code}: {reply.text[:200]}")
                    else:
                        answers.append(reply.json()["total"])
                except requests.RequestException as exc:
                    failures.append(repr(exc))

        thread = threading.Thread(target=client)
        thread.start()
        try:
            assert kb("update", "--config", str(config)).returncode == 0
            assert kb("index", "--full", "--config", str(config)).returncode == 0
        finally:
            stop.set()
            thread.join()
        assert failures == []
        assert len(answers) > 10
        fresh = requests.get(base + "/api/search", params={"q": "Nordlicht"}, timeout=10).json()
        assert fresh["total"] == 1  # the new article, served without a restart
        assert fresh["hits"][0]["title"] == "Nordlicht University of Applied Sciences visits"
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=20)


def wait_until_up(url: str, timeout: float = 30) -> None:
    import requests

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not come up")


def add_article(site: Path) -> None:
    """Publish one more article on the English site: a page and a link on the first list."""
    page = site / "news" / "2024" / "11" / "nordlicht-visit" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text(
        textwrap.dedent("""\
        <!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
        <title>Nordlicht University of Applied Sciences visits</title></head><body>
        <article><h1 class="entry-title">Nordlicht University of Applied Sciences visits</h1>
        <time class="entry-date published" datetime="2024-11-20T10:00:00+08:00">November 20,
        2024</time><div class="entry-content"><p>On November 18, a delegation from Nordlicht
        University of Applied Sciences visited our university to discuss a joint summer
        school on labour law and student exchange for the next academic year.</p>
        <p>Both sides agreed to draft a memorandum of understanding.</p></div></article>
        </body></html>"""),
        encoding="utf-8",
    )
    listing = site / "news" / "index.html"
    html = listing.read_text(encoding="utf-8")
    card = (
        '<article id="post-2001" class="post-2001 post type-post status-publish">'
        '<header class="entry-header"><h2 class="entry-title"><a href="/news/2024/11/'
        'nordlicht-visit/" rel="bookmark">Nordlicht University of Applied Sciences visits'
        "</a></h2></header></article>\n"
    )
    marker = '<article id="post-1921"'
    assert marker in html
    listing.write_text(html.replace(marker, card + marker, 1), encoding="utf-8")
    os.utime(listing, (time.time() + 5, time.time() + 5))  # a newer Last-Modified


def test_crawl_one_source_then_index(tmp_path: Path, sites: tuple[Path, dict[str, str]]) -> None:
    config = write_config(tmp_path, sites[1], dead_source=True)
    crawled = kb("crawl", "--source", "news-en", "--config", str(config))
    assert crawled.returncode == 0, crawled.stderr
    assert crawled.stdout.startswith("news-en: ok, fetched ")
    assert crawled.stdout.count("\n") == 1  # only the chosen source ran
    news_en = sum(1 for a in EXPECTED["article"] if a["site"] == "news-en")
    assert store_count(tmp_path) == news_en
    indexed = kb("index", "--config", str(config))
    assert indexed.returncode == 0, indexed.stderr
    assert f"{news_en} documents" in indexed.stdout
    dead = kb("crawl", "--source", "dead", "--config", str(config))
    assert dead.returncode == 2  # every source it was asked for failed
    assert dead.stdout.startswith("dead: FAILED")
    unknown = kb("crawl", "--source", "nope", "--config", str(config))
    assert unknown.returncode == 2
    assert "no source named 'nope'" in unknown.stderr


def test_update_json_names_new_records_and_a_feed_reader_sees_them(
    tmp_path: Path, sites: tuple[Path, dict[str, str]]
) -> None:
    config = write_config(tmp_path, sites[1])
    first = kb("update", "--config", str(config), "--json")
    assert first.returncode == 0, first.stderr
    assert len(json.loads(first.stdout)["records"]["new"]) == ARTICLES
    app = create_app(load_config(config))
    before = feedparser.parse(app.test_client().get("/feed.atom?lang=en").data)
    assert not before.bozo and before.entries
    register = app.test_client().get("/api/agreements").get_json()["total"]

    add_article(sites[0] / "news-en")
    second = kb("update", "--config", str(config), "--json")
    assert second.returncode == 0, second.stderr
    records = json.loads(second.stdout)["records"]
    assert records["changed"] == []
    [new_id] = records["new"]
    after = feedparser.parse(create_app(load_config(config)).test_client().get("/feed.atom").data)
    newest = after.entries[0]
    assert newest.title == "Nordlicht University of Applied Sciences visits"
    assert newest.link.endswith(f"/records/{new_id}")
    # "agreed to draft a memorandum" is no signing: the register is as it was.
    again = create_app(load_config(config)).test_client().get("/api/agreements").get_json()
    assert again["total"] == register
