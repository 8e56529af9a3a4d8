"""Relevance on the labelled enrichment pages, with queries made from their hand labels.

The demo corpus is four sites and 90 articles; the enrichment sets are about two thousand
pages of some three hundred publishers, each labelled by hand with the partners it reports
cooperation with and its topics (tests/data/enrich_*.toml). Read as one collection of
sites, one per publisher, they test ranking on pages no ranking rule was written against,
with queries whose relevant records come from the labels, not from the engine:

- `name_en`, `name_zh`: a partner labelled on two pages or more, by its English or its
  Chinese name; relevant (2): the pages labelled with it, in both languages. A page that
  names it in passing, or its own site's news of others, is not;
- `name_topic`: such a partner and a topic word as staff type them ("University of
  Sheffield agreement signed", "莫纳什大学 联合培养"), in one language or the other in
  turn; relevant: its pages with that topic (2), its other pages (1);
- `topic`: a topic word in either language; relevant: the pages labelled with the topic.

Our own name is not asked: it means everything we publish, which the labels do not grade.

Each set is its own knowledge base: the tuning pages (whose enrichment rules were written
against them, but which no ranking rule looked at) and the held-out pages. The publisher
of the most pages is "us" (the home of kb.search.vocabulary), as the owner of most sources
is on a real deployment. Printed per set and per kind: nDCG@10 and recall@10 (see
bench/relevance.py for both).

    python bench/relevance_pages.py [--json out.json] [--show KIND]

`--show KIND` lists that kind's queries of the tuning pages that miss or misorder.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import enrich
import relevance

from kb import pipeline
from kb.app.context import KnowledgeBase
from kb.app.params import ArgList, parse_search
from kb.core.config import SourceConfig, demo_config
from kb.core.record import Record, record_id
from kb.lexicon import Lexicon

#: topic -> how staff type it, in English and in Chinese.
TOPIC_WORDS = {
    "agreement_signing": ("agreement signed", "签署协议"),
    "delegation_visit": ("delegation visit", "代表团来访"),
    "student_exchange": ("student exchange", "学生交流"),
    "joint_program": ("joint programme", "联合培养"),
    "conference": ("conference", "研讨会"),
    "online_meeting": ("online meeting", "线上会议"),
    "research": ("joint research", "合作研究"),
    "faculty_exchange": ("visiting scholars", "访问学者"),
    "foreign_students": ("international students", "留学生"),
    "hmt_affairs": ("Hong Kong Macao Taiwan", "港澳台"),
    "planning": ("work plan", "工作计划"),
}
NO_OWNER = "none"


def home(articles: list[dict[str, Any]]) -> str | None:
    """The publisher of the most pages: "us", as the engine takes the owner of most
    sources (each publisher has one here; the first of equals is the first listed)."""
    owners = Counter(a["owner"] for a in articles if a["owner"]).most_common(1)
    return owners[0][0] if owners else None


def knowledge_base(root: Path, articles: list[dict[str, Any]]) -> tuple[KnowledgeBase, dict]:
    """The pages stored, enriched and indexed as `kb index` does, one source per publisher
    (the most prolific first: it is "us"); returns the knowledge base and record id ->
    article name."""
    pages = Counter(a["owner"] or NO_OWNER for a in articles)
    sources = tuple(
        SourceConfig(
            name=f"pages-{owner}",
            start_urls=(f"https://{owner}.example/",),
            owner=None if owner == NO_OWNER else owner,
        )
        for owner, _ in pages.most_common()
    )
    config = demo_config(root, sources)
    config.storage.data_dir.mkdir(parents=True, exist_ok=True)
    store = pipeline.open_store(config)
    names = {}
    with store.transaction():
        for article in articles:
            owner = article["owner"] or NO_OWNER
            url = f"https://{owner}.example/news/{article['name']}.htm"
            record = Record(
                id=record_id(url),
                url=url,
                source=f"pages-{owner}",
                title=article["title"],
                lang=article["lang"],
                published=article["published"],
                body=article["body"],
                fetched_at="2026-01-01T00:00:00Z",
                attachment_text=article.get("attachment_text", ""),
            )
            store.put_record(record)
            names[record.id] = article["name"]
    pipeline.index(config, store, full=True)
    return KnowledgeBase(config), names


def queries(articles: list[dict[str, Any]], lexicon: Lexicon, part: str) -> list[dict[str, Any]]:
    """The queries of one set, graded from its labels (see the module's doc)."""
    by_partner: dict[str, set[str]] = defaultdict(set)
    by_topic: dict[str, set[str]] = defaultdict(set)
    for article in articles:
        for pid in article["partners"]:
            by_partner[pid].add(article["name"])
        for tid in article["topics"]:
            by_topic[tid].add(article["name"])
    made: list[dict[str, Any]] = []

    def add(kind: str, q: str, grades: dict[str, int]) -> None:
        made.append({"id": f"{kind}:{q}", "part": part, "kind": kind, "q": q, "grades": grades})

    turn = random.Random(3)  # which language a partner-and-topic query is typed in
    us = home(articles)
    for pid, names in sorted(by_partner.items()):
        partner = lexicon.gazetteer.partners[pid]
        if len(names) < 2 or pid == us:  # our own name means all we publish, not the
            continue  # other sites' pages labelled with us
        add("name_en", partner.name, dict.fromkeys(names, 2))
        add("name_zh", partner.name_zh, dict.fromkeys(names, 2))
        for tid, words in TOPIC_WORDS.items():
            both = names & by_topic[tid]
            if both:
                lang = turn.randrange(2)
                name = (partner.name, partner.name_zh)[lang]
                add("name_topic", f"{name} {words[lang]}", {n: 1 + (n in both) for n in names})
    for tid, words in TOPIC_WORDS.items():
        for word in words:
            add("topic", word, dict.fromkeys(by_topic[tid], 2))
    return made


def measure(part: str) -> list[dict[str, Any]]:
    """Every query of one set, judged."""
    articles = enrich.articles(enrich.SETS[part])
    with tempfile.TemporaryDirectory(prefix="kb-relevance-pages-") as tmp:
        kb, names = knowledge_base(Path(tmp), articles)
        asked = queries(articles, kb.lexicon, part)
        rows = []
        for query in asked:
            pairs = [("q", query["q"]), ("per_page", str(relevance.DEPTH))]
            result = kb.search(parse_search(ArgList(pairs)).request())
            rows.append(relevance.judge(query, [names[h.id] for h in result.hits], result.total))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    parser.add_argument("--show", metavar="KIND", help="list this kind's imperfect queries")
    args = parser.parse_args()
    results: dict[str, Any] = {}
    for part in ("tuning", "heldout"):
        rows = measure(part)
        figures = relevance.summary(rows)
        kinds = sorted({r["kind"] for r in rows})
        figures["by_kind"] = {
            k: relevance.summary([r for r in rows if r["kind"] == k]) for k in kinds
        }
        results[part] = figures
        print(
            f"{part:8} {figures['queries']:4d} queries  nDCG@10 {figures['ndcg_at_10']:.3f}  "
            f"recall@10 {figures['recall_at_10']:.3f}"
        )
        for kind, by_kind in figures["by_kind"].items():
            print(
                f"  {kind:11} {by_kind['queries']:4d}  nDCG@10 {by_kind['ndcg_at_10']:.3f}  "
                f"recall@10 {by_kind['recall_at_10']:.3f}"
            )
        if args.show and part == "tuning":
            for row in rows:
                if row["kind"] == args.show and (row["ndcg"] < 1 or row["missed"]):
                    print(f"    {row['q']!r}: nDCG {row['ndcg']:.2f} recall {row['recall']:.2f}")
                    print(f"      missed {row['missed']}\n      not relevant {row['wrong']}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
