"""Agreement extraction on the hand-labelled signing reports (tests/data/agreements_labelled.toml).

For each part of the set ("tune": the reports the rules were written against; "heldout":
never used to tune), prints

* agreements: precision and recall of (partners, kind, day signed) per report;
* term: of the agreements found and labelled, the share whose term and expiry are right;
* renewal: the share whose renewal flag is right;
* signatories: precision and recall of the names;
* register: precision and recall of the register's agreements (one per real-world
  agreement, whatever the number of reports), matched by (partners, kind, day signed), and
  the share of labelled renewals linked to the agreement they renew.

`--show` lists the tuning part's mistakes (never the held-out part's). `--json FILE`
writes the figures (tests/test_agreements.py holds floors on them).

`--index-time N`: the cost of the register within `kb index`. N synthetic records
(bench/synthetic.py) are indexed in a temporary store, then 1,000 of them change (every
tenth with a signing report of the labelled set appended) and `kb index` runs again; it
prints the seconds of that run and of the register's rebuild within it.

Run: .venv/bin/python bench/agreements.py [--show] [--json out.json]
     .venv/bin/python bench/agreements.py --index-time 20000
"""

from __future__ import annotations

import argparse
import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kb.enrich import Enricher
from kb.link.agreements import Statement, build_register

SET = Path(__file__).resolve().parent.parent / "tests" / "data" / "agreements_labelled.toml"
HOME = "culr"


@dataclass
class Tally:
    found: int = 0
    labelled: int = 0
    right: int = 0
    mistakes: list[str] = field(default_factory=list)

    def add(self, found: set[Any], labelled: set[Any], where: str) -> None:
        self.found += len(found)
        self.labelled += len(labelled)
        self.right += len(found & labelled)
        for extra in sorted(map(str, found - labelled)):
            self.mistakes.append(f"{where}: extra {extra}")
        for missed in sorted(map(str, labelled - found)):
            self.mistakes.append(f"{where}: missed {missed}")

    def figures(self) -> dict[str, float]:
        precision = self.right / self.found if self.found else 1.0
        recall = self.right / self.labelled if self.labelled else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3)}


@dataclass
class Share:
    right: int = 0
    total: int = 0
    mistakes: list[str] = field(default_factory=list)

    def add(self, ok: bool, note: str) -> None:
        self.total += 1
        self.right += ok
        if not ok:
            self.mistakes.append(note)

    def figure(self) -> float:
        return round(self.right / self.total, 3) if self.total else 1.0


def identity(partners: Any, kind: str, signed: str | None) -> tuple[Any, ...]:
    return (tuple(sorted(partners)), kind, signed)


def evaluate(reports: list[dict[str, Any]], part: str, enricher: Enricher) -> dict[str, Any]:
    """Figures for the reports of one part. The register is built from every report (a
    renewal may renew an agreement reported in the other part) and scored on the agreements
    of this part's reports."""
    agreements, signatories = Tally(), Tally()
    term, renewal = Share(), Share()
    register_tally, links = Tally(), Share()
    statements: list[Statement] = []
    truth: dict[str, dict[str, Any]] = {}
    keys: dict[tuple[Any, ...], str] = {}  # register identity -> key, over every part
    in_part: set[str] = set()
    for number, report in enumerate(reports):
        record_id = f"r{number:03d}"
        result = enricher.enrich(
            title=report["title"],
            body=report["body"],
            lang=report["lang"],
            published=report["published"],
            owner=report["owner"],
        )
        statements += [
            Statement(record_id, report["owner"], s, report["published"], report["published"])
            for s in result.signings
        ]
        for agreement in report.get("agreement", []):
            partners = set(agreement["partners"]) | {report["owner"]}
            register_id = identity(partners - {HOME}, agreement["kind"], agreement["signed"])
            keys[register_id] = agreement["key"]
            if report["part"] == part:
                truth[agreement["key"]] = {**agreement, "register": register_id}
        if report["part"] != part:
            continue
        in_part.add(record_id)
        found = {identity(s.partners, s.kind, s.signed): s for s in result.signings}
        labelled = {
            identity(a["partners"], a["kind"], a["signed"]): a for a in report.get("agreement", [])
        }
        agreements.add(set(found), set(labelled), report["name"])
        for key in found.keys() & labelled.keys():
            got, want = found[key], labelled[key]
            term.add(
                (got.term_years, got.expires or "") == (want["term_years"], want["expires"]),
                f"{report['name']} {key}: term {got.term_years}/{got.expires} "
                f"want {want['term_years']}/{want['expires']}",
            )
            renewal.add(got.renewal == want["renewal"], f"{report['name']} {key}: renewal")
            signatories.add(
                set(got.signatories), set(want["signatories"]), f"{report['name']} {key}"
            )
    everything = build_register(statements, home=HOME)
    register = [a for a in everything if set(a.records) & in_part]
    built = {identity(a.partners, a.kind, a.signed): a for a in register}
    wanted = {entry["register"]: entry for entry in truth.values()}
    register_tally.add(set(built), set(wanted), "register")
    ids = {a.id: identity(a.partners, a.kind, a.signed) for a in everything}
    for key, entry in truth.items():
        if not entry["renews"] or entry["register"] not in built:
            continue
        got = built[entry["register"]].renews
        links.add(
            got is not None and keys.get(ids.get(got, ())) == entry["renews"],
            f"{key}: renews {entry['renews']}, linked to {ids.get(got or '')}",
        )
    return {
        "agreements": agreements.figures(),
        "term": term.figure(),
        "renewal": renewal.figure(),
        "signatories": signatories.figures(),
        "register": register_tally.figures(),
        "renewal_links": links.figure(),
        "counts": {"reports": len(in_part), "labelled": agreements.labelled},
        "_mistakes": agreements.mistakes
        + term.mistakes
        + renewal.mistakes
        + signatories.mistakes
        + register_tally.mistakes
        + links.mistakes,
    }


def index_time(count: int, reports: list[dict[str, Any]]) -> None:
    """Seconds of an incremental `kb index` after 1,000 changed records, and of the
    register's rebuild within it."""
    import sys
    import tempfile
    import time
    from dataclasses import replace

    sys.path.insert(0, str(Path(__file__).parent))
    import synthetic

    from kb import pipeline
    from kb.core.config import load_config

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "kb.toml"
        sources = "".join(
            f'[[sources]]\nname = "{name}"\nstart_urls = ["https://{name}.example.edu/"]\n'
            f'owner = "{HOME}"\n'
            for name in synthetic.SOURCES
        )
        path.write_text(
            f'[storage]\ndata_dir = "data"\nindex_dir = "index"\n{sources}', encoding="utf-8"
        )
        config = load_config(path)
        generator = synthetic.Generator()
        with pipeline.open_store(config) as store:
            for start in range(0, count, 1000):
                with store.transaction():
                    for record in generator.records(min(1000, count - start), start):
                        store.put_record(record)
            started = time.perf_counter()
            pipeline.index(config, store)
            first = time.perf_counter() - started
            step = max(1, count // 1000)
            with store.transaction():
                for n, record in enumerate(
                    store.records(sorted(store.record_ids())[::step][:1000]).values()
                ):
                    extra = reports[n % len(reports)]["body"] if n % 10 == 0 else " Updated."
                    store.put_record(replace(record, body=record.body + "\n" + extra))
            started = time.perf_counter()
            summary = pipeline.index(config, store)
            total = time.perf_counter() - started
            started = time.perf_counter()
            pipeline.build_register(config, store)
            register = time.perf_counter() - started
        print(
            f"{count} records: first kb index {first:.1f} s; after 1,000 changed: "
            f"kb index {total:.2f} s ({summary.enriched} enriched), of which the register "
            f"{register:.3f} s ({summary.agreements} agreements)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show", action="store_true", help="list the tuning part's mistakes")
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    parser.add_argument("--index-time", type=int, metavar="N", help="time kb index at N records")
    args = parser.parse_args()
    if args.index_time:
        data = tomllib.loads(SET.read_text(encoding="utf-8"))
        index_time(args.index_time, data["report"])
        return
    data = tomllib.loads(SET.read_text(encoding="utf-8"))
    enricher = Enricher.from_files(None, None)
    figures = {part: evaluate(data["report"], part, enricher) for part in ("tune", "heldout")}
    for part, result in figures.items():
        mistakes = result.pop("_mistakes")
        print(f"{part}: {result}")
        if args.show and part == "tune":
            print("\n".join(f"  {line}" for line in mistakes))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
