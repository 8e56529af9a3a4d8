"""Fixtures and helpers shared by the test modules."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from flask import Flask

from kb import demo, pipeline
from kb.core.config import load_config
from kb.core.record import PartnerRef, Record
from kb.core.text import has_cjk
from kb.index import IndexManager
from kb.lexicon import Lexicon, Partner
from kb.store import Store
from kb.web import create_app

#: The enrichment fingerprint of tags written by tests rather than computed.
GIVEN_TAGS = "given"
#: The hand-written ground truth of the demo corpus (kb/demo/sites/).
DEMO_LABELS = tomllib.loads(
    (Path(__file__).parent / "data" / "demo_expected.toml").read_text(encoding="utf-8")
)


def put_records(store: Store, records: Iterable[Record], fingerprint: str = GIVEN_TAGS) -> None:
    """Store records as crawled, with their partners, topics, event dates and other reports
    of their event as `kb index` would derive them with `fingerprint`, without enriching."""
    events: dict[str, str] = {}
    with store.transaction():
        for record in records:
            store.put_record(record)
            store.put_enrichment(record, fingerprint)
            if record.same_event:
                events[record.id] = min(record.id, *record.same_event)
        store.replace_events(events)


def a_record(
    rid: str, title: str, body: str, *, partners: Iterable[str] = (), **fields: Any
) -> Record:
    """A record written for a test: its URL made from its id, fetched at one fixed time,
    its partners given by id (each named by its id); `source`, `lang`, `published` and any
    other Record field by keyword."""
    return Record(
        id=rid,
        url=f"https://example.edu/{rid}.htm",
        title=title,
        body=body,
        fetched_at="2024-01-01T00:00:00Z",
        partners=[PartnerRef(p, p) for p in partners],
        **fields,
    )


def run_bench(bench: Path, *options: str) -> None:
    """Run a benchmark script as its own process (as a person runs it), from the project's
    root; its printout is shown with the test's output."""
    done = subprocess.run(
        [sys.executable, str(bench), *options],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=bench.parents[1],
    )
    assert done.returncode == 0, done.stderr
    print(done.stdout)


def bench_figures(bench: Path, out: Path, *options: str) -> dict[str, Any]:
    """Run a quality benchmark (with `options`) and read the figures it writes with
    `--json out`."""
    run_bench(bench, *options, "--json", str(out))
    figures: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return figures


def crawled_app(root: Path, config_text: str, records: Iterable[Record], **settings: Any) -> Flask:
    """The web app over `records` stored as crawled and put through `kb index` (enriched,
    linked and indexed), with `config_text` as kb.toml in `root`."""
    path = root / "kb.toml"
    path.write_text(config_text, encoding="utf-8")
    config = load_config(path)
    with pipeline.open_store(config) as store:
        with store.transaction():
            for record in records:
                store.put_record(record)
        pipeline.index(config, store)
    return create_app(config, **settings)


def run_kb(*args: str, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    """`python -m kb ARGS` as a separate process, as cron or a person runs it."""
    return subprocess.run(
        [sys.executable, "-m", "kb", *args], capture_output=True, text=True, timeout=timeout
    )


def build_demo(root: Path) -> Path:
    """The demo knowledge base crawled from the served demo sites into `root`; returns the
    kb.toml written beside it (the demo sites are gone afterwards, the data stays)."""
    with demo.serve_sites() as urls:
        config, summary = demo.build(root, urls)
    assert summary.status == "ok", summary.line()
    return demo.write_config(config)


def index_of(folder: Path, aliases: Mapping[str, str], records: Iterable[Record]) -> Path:
    """A real index of `records` built in `folder`, the names in `aliases` kept whole
    words, as `kb index --full` builds one; returns the folder."""
    with IndexManager(folder, aliases).writing() as session:
        session.rebuild(list(records), seq=1)
    return folder


def lexicon_of(aliases: Mapping[str, str]) -> Lexicon:
    """A lexicon whose only partners are named by `aliases` (form -> partner id): its first
    Latin form is the name, its first Chinese form the Chinese name."""
    forms: dict[str, list[str]] = {}
    for form, partner in aliases.items():
        forms.setdefault(partner, []).append(form)
    partners = []
    for pid, names in forms.items():
        latin = [n for n in names if not has_cjk(n)]
        chinese = [n for n in names if has_cjk(n)]
        name = latin[0] if latin else chinese[0]
        name_zh = chinese[0] if chinese else ""
        others = tuple(n for n in names if n not in (name, name_zh))
        partners.append(Partner(pid, name, name_zh, others, "", "university"))
    return Lexicon.with_partners(partners)
