"""Search benchmark: the Whoosh engine against SQLite FTS5 on the same synthetic records.

    .venv/bin/python bench/search.py --records 100000 --json bench-100k.json
    .venv/bin/python bench/search.py --records 500            # smoke run, a few seconds
    .venv/bin/python bench/search.py --records 1000000 --workdir W --reuse  # searches again

Steps, all in one run and one work folder: synthetic records into a kb store (SQLite, as
`kb crawl` leaves them); a full Whoosh build from the store (`kb index --full`); 1,000
changed records applied incrementally (`kb index`); the same records into an FTS5 table;
then a fixed query mix on both, measured per search.

One search = the hits of page 1 (10, with highlighted snippets), the exact total, and
disjunctive counts on the five facets (partner, topic, year, lang, source), as the web app
asks for them. FTS5 gets a fair setup: `porter unicode61` tokenizer (English stemming),
Chinese pre-segmented with the very same segmenter as the Whoosh index, the matching rows
materialised once per search into a temporary table, facet counts as GROUP BY over it
(one per facet, each without its own selection), bm25 ranking and `snippet()`.

The mix runs `--rounds` times after a warm-up on different queries. Round 1 is what a
query costs the first time (nothing about its terms cached); later rounds are repeats, as
when a user pages or clicks facets. Headline percentiles cover all rounds; the cold ones
(round 1 only) are reported too.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date
from itertools import islice
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import synthetic

from kb.app.params import FACET_SIZE
from kb.core.record import Record
from kb.core.text import has_cjk
from kb.index import IndexManager
from kb.index.analysis import analyze, segmenter_for, vocabulary_words
from kb.lexicon import Lexicon, Partner
from kb.search.engine import SearchEngine
from kb.search.model import Filters, SearchRequest
from kb.store import Store

PER_PAGE = 10
INCREMENTAL = 1000

# -- the query mix --------------------------------------------------------------------------

ONE_WORD = [
    "cooperation",
    "students",
    "agreement",
    "delegation",
    "scholarship",
    "laboratory",
    "conference",
    "innovation",
    "embassy",
    "seminar",
    "trade",
    "medicine",
    "合作",
    "交流",
    "留学生",
    "代表团",
    "奖学金",
    "研讨会",
    "实验室",
    "BTBU",
]
TWO_WORDS = [
    "international cooperation",
    "student exchange",
    "joint research",
    "online meeting",
    "visiting scholars",
    "academic forum",
    "summer school",
    "signed agreement",
    "teacher training",
    "double degree",
    "国际 合作",
    "学生 交流",
    "科研 合作",
    "线上 交流",
    "人才 培养",
]
PHRASES = [
    '"foreign students"',
    '"cooperation agreement"',
    '"online communication"',
    '"memorandum of understanding"',
    '"warm reception"',
    '"five-year plan"',
    '"international conference"',
    '"video conference"',
    '"合作协议"',
    '"线上交流"',
    '"来华留学"',
    '"学术论坛"',
    '"双学位"',
    '"北京工商大学"',
]
WARM_UP = ["university", "exchange", "program", "发展", "项目", '"strategic planning"']


def page_of(q: str) -> SearchRequest:
    """A search as the web app and the API ask for it: the first page, and the FACET_SIZE
    largest values of each facet (the FTS5 baseline counts them all and sorts them)."""
    return SearchRequest(q=q, per_page=PER_PAGE, facet_limit=FACET_SIZE)


def query_mix(generator: synthetic.Generator, seed: int = 7) -> list[SearchRequest]:
    """Every text query twice (plain, and with one facet selection), plus filter-only."""
    rng = random.Random(seed)
    partner_ids = [p.id for p in generator.partners]
    rare = generator.en_words.words[2000:2006] + generator.zh_words.words[1000:1003]
    texts = ONE_WORD + TWO_WORDS + PHRASES + rare  # with a tail of rare words
    mix = []
    for q in texts:
        mix.append(page_of(q))
        mix.append(_with_selection(page_of(q), rng, partner_ids))
    for _ in range(20):
        mix.append(_with_selection(page_of(""), rng, partner_ids))
    mix.append(page_of(""))
    return mix


def _with_selection(
    request: SearchRequest, rng: random.Random, partner_ids: list[str]
) -> SearchRequest:
    kind = rng.choice(("partner", "topic", "lang", "dates", "two"))
    if kind == "partner":
        return replace(request, filters=Filters({"partner": (rng.choice(partner_ids[:50]),)}))
    if kind == "topic":
        return replace(request, filters=Filters({"topic": (rng.choice(synthetic.TOPICS),)}))
    if kind == "lang":
        return replace(request, filters=Filters({"lang": (rng.choice(("en", "zh")),)}))
    year = rng.choice(synthetic.YEARS)
    if kind == "dates":
        return replace(request, date_from=date(year, 1, 1), date_to=date(year, 12, 31))
    return replace(
        request,
        filters=Filters({"topic": (rng.choice(synthetic.TOPICS),)}),
        date_from=date(year, 1, 1),
        date_to=date(year + 2, 12, 31),
        sort="newest",
    )


# -- building ---------------------------------------------------------------------------------


def fill_store(store: Store, generator: synthetic.Generator, count: int) -> None:
    for start in range(0, count, 1000):
        with store.transaction():
            for record in generator.records(min(1000, count - start), start):
                store.put_record(record)
                store.put_enrichment(record, "synthetic")


def revised(record: Record) -> Record:
    """A record as a re-crawl might find it: title and body edited."""
    return replace(
        record,
        title=record.title + " (updated)",
        body=record.body + " Follow-up meeting planned for next year.",
    )


def whoosh_build(
    store: Store, index_dir: Path, vocabulary: dict[str, str], procs: int
) -> tuple[float, float]:
    """(records per second of the full build, seconds of a 1,000-record incremental run)."""
    manager = IndexManager(index_dir, vocabulary)
    count = store.count_records()
    seq = store.current_seq()
    started = time.perf_counter()
    with manager.writing() as session:
        session.rebuild(store.iter_records(), seq, procs=procs)
    rate = count / (time.perf_counter() - started)
    step = max(1, count // INCREMENTAL)
    changed = [revised(r) for r in islice(store.iter_records(), 0, count, step)]
    with store.transaction():
        for record in changed[:INCREMENTAL]:
            store.put_record(record)
    started = time.perf_counter()
    with manager.writing() as session:
        changes = store.changes_since(session.indexed_seq())
        session.apply(changes.records, changes.deleted, changes.seq)
    return rate, time.perf_counter() - started


class Fts5:
    """The same workload on SQLite FTS5."""

    def __init__(self, path: Path, vocabulary: dict[str, str]) -> None:
        self.db = sqlite3.connect(path)
        self.segmenter = segmenter_for(vocabulary_words(vocabulary))

    def segmented(self, text: str) -> str:
        """Chinese words separated by spaces (same segmenter as Whoosh); Latin untouched."""
        if not has_cjk(text):
            return text
        return " ".join(text[t.start : t.end] for t in analyze(text, self.segmenter))

    def build(self, records: Iterable[Record]) -> float:
        started = time.perf_counter()
        db = self.db
        db.executescript("""
            CREATE VIRTUAL TABLE docs USING fts5(title, body,
                tokenize = 'porter unicode61 remove_diacritics 2');
            CREATE TABLE meta (rowid INTEGER PRIMARY KEY, id TEXT, url TEXT, title TEXT,
                published TEXT, year TEXT, lang TEXT, source TEXT, partners TEXT, topics TEXT);
            CREATE TABLE doc_partner (rowid INTEGER, partner TEXT);
            CREATE TABLE doc_topic (rowid INTEGER, topic TEXT);
        """)
        for n, record in enumerate(records, start=1):
            body = "\n".join(t for t in (record.body, record.attachment_text) if t)
            db.execute(
                "INSERT INTO docs (rowid, title, body) VALUES (?, ?, ?)",
                (n, self.segmented(record.title), self.segmented(body)),
            )
            db.execute(
                "INSERT INTO meta VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    n,
                    record.id,
                    record.url,
                    record.title,
                    record.published,
                    (record.published or "")[:4],
                    record.lang,
                    record.source,
                    json.dumps([[p.id, p.name] for p in record.partners]),
                    json.dumps(record.topics),
                ),
            )
            db.executemany(
                "INSERT INTO doc_partner VALUES (?, ?)", [(n, p.id) for p in record.partners]
            )
            db.executemany("INSERT INTO doc_topic VALUES (?, ?)", [(n, t) for t in record.topics])
        db.executescript("""
            CREATE INDEX doc_partner_p ON doc_partner (partner, rowid);
            CREATE INDEX doc_partner_r ON doc_partner (rowid, partner);
            CREATE INDEX doc_topic_t ON doc_topic (topic, rowid);
            CREATE INDEX doc_topic_r ON doc_topic (rowid, topic);
            CREATE INDEX meta_published ON meta (published);
        """)
        db.commit()
        return time.perf_counter() - started

    def match_expression(self, q: str) -> str:
        """The mix's queries in FTS5 syntax: words ANDed, quoted phrases kept."""
        parts = []
        for chunk in _chunks(q):
            words = [w for w in self.segmented(chunk.strip('"')).split() if w]
            if chunk.startswith('"') or has_cjk(chunk):
                parts.append('"' + " ".join(w.replace('"', "") for w in words) + '"')
            else:
                parts.extend(f'"{w}"' for w in words)
        return " AND ".join(parts)

    def search(self, request: SearchRequest) -> dict[str, object]:
        db = self.db
        db.execute("DROP TABLE IF EXISTS temp.m")
        where, args = ["1"], []
        if request.date_from:
            where.append("meta.published >= ?")
            args.append(request.date_from.isoformat())
        if request.date_to:
            where.append("meta.published <= ?")
            args.append(request.date_to.isoformat())
        db.execute("CREATE TEMP TABLE m (rowid INTEGER PRIMARY KEY, rank REAL)")
        ranked = bool(request.q.strip()) and request.sort == "relevance"
        if request.q.strip():  # bm25 only when ranking by it: it costs more than matching
            db.execute(
                f"INSERT INTO m SELECT docs.rowid, {'rank' if ranked else '0'} FROM docs "
                "JOIN meta ON meta.rowid = docs.rowid WHERE docs MATCH ? AND "
                + " AND ".join(where),
                [self.match_expression(request.q), *args],
            )
        else:
            db.execute("INSERT INTO m SELECT rowid, 0 FROM meta WHERE " + " AND ".join(where), args)
        filters = {
            "partner": (
                "m.rowid IN (SELECT rowid FROM doc_partner WHERE partner IN ({}))",
                request.selected("partner"),
            ),
            "topic": (
                "m.rowid IN (SELECT rowid FROM doc_topic WHERE topic IN ({}))",
                request.selected("topic"),
            ),
            "lang": ("meta.lang IN ({})", request.selected("lang")),
            "source": ("meta.source IN ({})", request.selected("source")),
        }

        def condition(skip: str | None) -> tuple[str, list[str]]:
            sql, values = ["1"], []
            for facet, (template, chosen) in filters.items():
                if chosen and facet != skip:
                    sql.append(template.format(",".join("?" * len(chosen))))
                    values.extend(chosen)
            return " AND ".join(sql), values

        sql, values = condition(None)
        # CROSS JOIN keeps the matching rows as the outer loop (SQLite would otherwise
        # walk the whole partner table for the GROUP BY).
        base = "FROM m CROSS JOIN meta ON meta.rowid = m.rowid WHERE "
        total = db.execute(f"SELECT count(*) {base}{sql}", values).fetchone()[0]
        facets = {}
        for facet, column, join in (
            ("partner", "dp.partner", "CROSS JOIN doc_partner dp ON dp.rowid = m.rowid"),
            ("topic", "dt.topic", "CROSS JOIN doc_topic dt ON dt.rowid = m.rowid"),
            ("year", "meta.year", ""),
            ("lang", "meta.lang", ""),
            ("source", "meta.source", ""),
        ):
            sql, values = condition(facet)
            facets[facet] = db.execute(
                f"SELECT {column}, count(*) FROM m CROSS JOIN meta ON meta.rowid = m.rowid "
                f"{join} WHERE {sql} GROUP BY {column} ORDER BY count(*) DESC",
                values,
            ).fetchall()
        sql, values = condition(None)
        order = (
            "m.rank"
            if ranked
            else "meta.published " + ("ASC" if request.sort == "oldest" else "DESC")
        )
        top = db.execute(
            f"SELECT m.rowid {base}{sql} ORDER BY {order} LIMIT ?", [*values, request.per_page]
        ).fetchall()
        hits = []
        if request.q.strip():
            expression = self.match_expression(request.q)
            for (rowid,) in top:
                hits.append(
                    db.execute(
                        "SELECT meta.*, snippet(docs, 1, '<mark>', '</mark>', '…', 24) "
                        "FROM docs JOIN meta ON meta.rowid = docs.rowid "
                        "WHERE docs MATCH ? AND docs.rowid = ?",
                        (expression, rowid),
                    ).fetchone()
                )
        else:
            for (rowid,) in top:
                hits.append(
                    db.execute(
                        "SELECT meta.*, substr(docs.body, 1, 200) FROM docs "
                        "JOIN meta ON meta.rowid = docs.rowid "
                        "WHERE docs.rowid = ?",
                        (rowid,),
                    ).fetchone()
                )
        return {"total": total, "facets": facets, "hits": hits}


def _chunks(q: str) -> list[str]:
    chunks, rest = [], q
    while rest.strip():
        rest = rest.strip()
        if rest.startswith('"') and '"' in rest[1:]:
            end = rest.index('"', 1) + 1
        else:
            end = rest.find(" ") if " " in rest else len(rest)
        chunks.append(rest[:end])
        rest = rest[end:]
    return chunks


# -- measuring --------------------------------------------------------------------------------


def timed(
    run: Callable[[SearchRequest], object], mix: list[SearchRequest], rounds: int
) -> list[list[float]]:
    """Milliseconds per search, one list per round."""
    times = []
    for _ in range(rounds):
        round_times = []
        for request in mix:
            started = time.perf_counter()
            run(request)
            round_times.append((time.perf_counter() - started) * 1000)
        times.append(round_times)
    return times


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))], 2)


def summary(prefix: str, rounds: list[list[float]]) -> dict[str, float]:
    """Percentiles over all rounds (the headline), over round 1 (cold), and over the rest."""
    every = [t for r in rounds for t in r]
    repeats = [t for r in rounds[1:] for t in r] or every
    return {
        f"{prefix}_p50_ms": percentile(every, 50),
        f"{prefix}_p95_ms": percentile(every, 95),
        f"{prefix}_max_ms": round(max(every), 2),
        f"{prefix}_mean_ms": round(statistics.mean(every), 2),
        f"{prefix}_cold_p50_ms": percentile(rounds[0], 50),
        f"{prefix}_cold_p95_ms": percentile(rounds[0], 95),
        f"{prefix}_warm_p50_ms": percentile(repeats, 50),
        f"{prefix}_warm_p95_ms": percentile(repeats, 95),
    }


def rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    """Peak resident memory so far of this process (or of its largest finished child)."""
    return round(resource.getrusage(who).ru_maxrss / 1024, 1)


def main(argv: list[str] | None = None) -> dict[str, object]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=500)
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    parser.add_argument("--procs", type=int, default=2, help="processes for the full build")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workdir", type=Path, help="keep the work files here")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure the searches again on what an earlier run left in --workdir (no build)",
    )
    args = parser.parse_args(argv)
    if args.reuse and not (args.workdir and (args.workdir / "fts5.sqlite3").exists()):
        parser.error("--reuse needs the --workdir of an earlier run")

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="kb-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    results: dict[str, object] = {
        "records": args.records,
        "procs": args.procs,
        "rounds": args.rounds,
        "cpus": os.cpu_count(),
        "load_before": os.getloadavg()[0],
    }
    generator = synthetic.Generator()
    vocabulary = synthetic.vocabulary(generator.partners)
    try:
        started = time.perf_counter()
        fts = Fts5(workdir / "fts5.sqlite3", vocabulary)
        if not args.reuse:
            with Store(workdir / "kb.sqlite3") as store:
                fill_store(store, generator, args.records)
                results["store_fill_s"] = round(time.perf_counter() - started, 1)
                rate, incremental = whoosh_build(store, workdir / "index", vocabulary, args.procs)
                results["index_records_per_s"] = round(rate, 1)
                results["incremental_1000_s"] = round(incremental, 2)
                results["build_worker_rss_mb"] = rss_mb(resource.RUSAGE_CHILDREN)
                results["fts5_build_s"] = round(fts.build(store.iter_records()), 1)

        lexicon = Lexicon.with_partners(
            Partner(p.id, p.name, p.name_zh, p.aliases, "", "university")
            for p in generator.partners
        )
        engine = SearchEngine(workdir / "index", lexicon)
        mix = query_mix(generator)
        warm_up = [page_of(q) for q in WARM_UP]
        started = time.perf_counter()
        timed(engine.search, warm_up[:1], 1)  # opens the index: caches per segment
        results["whoosh_open_s"] = round(time.perf_counter() - started, 2)
        timed(engine.search, warm_up, 1)
        timed(fts.search, warm_up, 1)
        results["queries"] = len(mix)
        results.update(summary("whoosh", timed(engine.search, mix, args.rounds)))
        results.update(summary("fts5", timed(fts.search, mix, args.rounds)))
        results["main_process_rss_mb"] = rss_mb()  # store, FTS5 and both searches
        results["peak_rss_mb"] = max(rss_mb(), rss_mb(resource.RUSAGE_CHILDREN))
        results["load_after"] = os.getloadavg()[0]
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    text = json.dumps(results, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n")
    return results


if __name__ == "__main__":
    main()
