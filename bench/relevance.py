"""Relevance on the demo corpus: the hand-graded queries of tests/data/relevance.toml.

Builds the demo knowledge base (the bundled sites served on loopback, crawled, enriched and
indexed, as `kb demo` does), asks every query through the same service the JSON API uses,
and prints for the tuned part and the held-out part (never used to tune ranking):

- nDCG@10: graded gain (0, 1, 2), log2 discount, against the ideal order of the grades;
- recall@10: relevant records (grade 1 or 2) in the first ten, out of min(relevant, 10);
- the zero-result rate: queries that return nothing;

and how well reports of one event are linked (translations, the partner's own report):
precision, recall and F1 over pairs of records, against the `event` labels of
tests/data/demo_expected.toml.

    python bench/relevance.py [--json out.json] [--show]

`--show` lists each query with what it found and missed.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
import tomllib
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kb import demo
from kb.app.context import KnowledgeBase
from kb.app.params import ArgList, parse_search

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"
QUERIES = DATA / "relevance.toml"
LABELS = DATA / "demo_expected.toml"
DEPTH = 10


def dcg(gains: list[int]) -> float:
    return sum(gain / math.log2(rank + 2) for rank, gain in enumerate(gains[:DEPTH]))


def judge(query: dict[str, Any], found: list[str], total: int) -> dict[str, Any]:
    """The figures of one query, from the keys (site:path) it found, best first."""
    grades: dict[str, int] = query["grades"]
    gains = [grades.get(key, 0) for key in found[:DEPTH]]
    ideal = dcg(sorted(grades.values(), reverse=True))
    relevant = set(grades)
    hit = relevant & set(found[:DEPTH])
    return {
        "id": query["id"],
        "part": query["part"],
        "kind": query["kind"],
        "q": query["q"],
        "ndcg": dcg(gains) / ideal if ideal else 1.0,
        "recall": len(hit) / min(len(relevant), DEPTH),
        "zero": total == 0,
        "missed": sorted(relevant - set(found[:DEPTH])),
        "wrong": [key for key in found[:DEPTH] if key not in grades],
    }


def ask(kb: KnowledgeBase, query: dict[str, Any]) -> tuple[list[str], int]:
    """The keys of the first results of a query, as the API answers it, and the total."""
    pairs = [("q", query["q"]), ("per_page", str(DEPTH))]
    for name, value in query.get("filters", {}).items():
        values = value if isinstance(value, list) else [value]
        pairs += [(name, str(v)) for v in values]
    result = kb.search(parse_search(ArgList(pairs)).request())
    keys = [f"{hit.source.removeprefix('demo-')}:{urlsplit(hit.url).path}" for hit in result.hits]
    return keys, result.total


def event_pairs(kb: KnowledgeBase) -> dict[str, float]:
    """Pairwise precision, recall and F1 of the same-event links against the labels."""
    store = kb.store()
    key = {
        r.id: f"{r.source.removeprefix('demo-')}:{urlsplit(r.url).path}"
        for r in store.iter_records()
    }
    found = {
        tuple(sorted((key[r.id], key[other])))
        for r in store.iter_records()
        for other in r.same_event
    }
    labels = tomllib.loads(LABELS.read_text(encoding="utf-8"))["article"]
    by_event: dict[str, list[str]] = {}
    for article in labels:
        if article.get("event"):
            by_event.setdefault(article["event"], []).append(f"{article['site']}:{article['path']}")
    wanted = {
        (a, b)
        for members in by_event.values()
        for a in sorted(members)
        for b in sorted(members)
        if a < b
    }
    right = len(found & wanted)
    precision = right / len(found) if found else 1.0
    recall = right / len(wanted) if wanted else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "pairs": len(wanted),
        "found": len(found),
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "f1": round(f1, 3),
    }


def summary(rows: list[dict[str, Any]]) -> dict[str, float]:
    count = len(rows) or 1
    return {
        "queries": len(rows),
        "ndcg_at_10": round(sum(r["ndcg"] for r in rows) / count, 3),
        "recall_at_10": round(sum(r["recall"] for r in rows) / count, 3),
        "zero_result_rate": round(sum(r["zero"] for r in rows) / count, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    parser.add_argument(
        "--show", action="store_true", help="list the misses of the tuned part's queries"
    )
    args = parser.parse_args()
    queries = tomllib.loads(QUERIES.read_text(encoding="utf-8"))["query"]
    with tempfile.TemporaryDirectory(prefix="kb-relevance-") as tmp, demo.serve_sites() as urls:
        config, _ = demo.build(Path(tmp), urls)
        kb = KnowledgeBase(config)
        rows = [judge(q, *ask(kb, q)) for q in queries]
        events = event_pairs(kb)
    results = {
        part: summary([r for r in rows if r["part"] == part]) for part in ("tune", "heldout")
    }
    results["all"] = summary(rows)
    results["same_event"] = events
    kinds = sorted({r["kind"] for r in rows})
    results["by_kind"] = {k: summary([r for r in rows if r["kind"] == k]) for k in kinds}
    for part in ("tune", "heldout", "all"):
        figures = results[part]
        print(
            f"{part:8} {figures['queries']:3d} queries  nDCG@10 {figures['ndcg_at_10']:.3f}  "
            f"recall@10 {figures['recall_at_10']:.3f}  "
            f"zero results {figures['zero_result_rate']:.3f}"
        )
    print(
        f"same-event pairs: {events['found']} found of {events['pairs']}  precision "
        f"{events['precision']:.3f}  recall {events['recall']:.3f}  F1 {events['f1']:.3f}"
    )
    for kind, figures in results["by_kind"].items():
        print(
            f"  {kind:15} nDCG@10 {figures['ndcg_at_10']:.3f}  "
            f"recall@10 {figures['recall_at_10']:.3f}"
        )
    if args.show:
        for row in rows:
            if row["part"] == "tune" and (row["ndcg"] < 1 or row["missed"]):
                print(
                    f"\n{row['id']} [{row['part']}/{row['kind']}] {row['q']!r}: "
                    f"nDCG {row['ndcg']:.2f} recall {row['recall']:.2f}"
                )
                for key in row["missed"]:
                    print(f"   missed {key}")
                for key in row["wrong"]:
                    print(f"   not relevant {key}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
