"""Enrichment quality on the labelled sets, and partner-matcher throughput.

Quality (the default): precision, recall and F1 of partners and topics, exact event dates
and event ends, and unknown-institution candidates, for

* the tuning set: tests/data/enrich_labelled.toml, enrich_tuning.toml (traps), and the later
  batches from enrich_tuning_b4.toml on (from b7: ordinary pages), each first measured
  before any rule looked at it: the ones the rules were written against and the passing
  model is trained on;
* the held-out set: tests/data/enrich_heldout.toml, enrich_heldout_b2.toml (ordinary
  pages of sites none of the other sets has as owner), and the later batches from
  enrich_heldout_b3.toml on (ordinary pages, written apart from the rules and measured
  once before joining), never used to tune.

`--show` lists the tuning set's mistakes (never the held-out set's). `--json FILE` writes
the figures (tests/test_enrich_quality.py holds floors on them).

Throughput (`--throughput`): the matcher runs over every record at each re-enrichment, so
its cost must not grow with the size of the gazetteer. This builds a deterministic
synthetic gazetteer (the bundled partners plus generated ones up to 2,000) and synthetic
Chinese and English records, then prints records per second for:

* the automaton (`PartnerMatcher`: one pass over the text, whatever the number of partners);
* the naive baseline: a loop over partners, one compiled regex (or substring test) per form;
* the whole `Enricher.enrich` (partners, topics, event date and candidates), for context.

The baseline reports more partner mentions: it has no longest-match or blocker rules, so a
short alias inside a longer name counts as a second partner.

The passing model (`kb.enrich.passing`) is trained on the tuning set only: `--train`
writes it into the package (or to `--model-out`), and `--cross-validate` prints the tuning
set's partner figures with models trained on four fifths of its files and read on the
fifth, against no model: the tuning figures of the default run are in-sample for it.

Run: .venv/bin/python bench/enrich.py [--show] [--json out.json]
     .venv/bin/python bench/enrich.py --train [--model-out FILE] [--cross-validate]
     .venv/bin/python bench/enrich.py --cross-validate [--json out.json]
     .venv/bin/python bench/enrich.py --throughput [--partners 2000] [--records 1000]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kb.core.text import has_cjk, to_simplified
from kb.enrich import Enricher, PartnerMatcher
from kb.enrich.passing import THRESHOLD, PassingModel, model_file, train
from kb.lexicon import Gazetteer, Partner, Taxonomy
from kb.lexicon.countries import countries

SEED = 20210718
HAN = (
    "安北晨达东恩方丰广海航和宏华辉佳建江金锦康兰澜立林龙梅明南宁鹏平启青庆瑞山"
    "盛泰天通威文武西祥新鑫星兴雅扬阳宜永源远云泽正志中卓"
)
SYLLABLES = ("ka", "lo", "mi", "ra", "ten", "vor", "sel", "din", "bra", "mon", "tor", "lin")
FILLER_ZH = (
    "为进一步加强国际化建设提升人才培养质量双方就学生交流教师互访科研合作等议题"
    "深入交换意见并参观了校园"
)
FILLER_EN = ("the", "two", "sides", "discussed", "student", "exchange", "faculty", "visits")
FILLER_EN += ("joint", "research", "and", "the", "development", "of", "international")
FILLER_EN += ("cooperation", "programmes", "in", "recent", "years")


def synthetic_gazetteer(size: int, rng: random.Random) -> Gazetteer:
    """The bundled partners plus generated ones, `size` in all."""
    partners = dict(Gazetteer.load().partners)
    while len(partners) < size:
        n = len(partners)
        word = "".join(rng.choice(SYLLABLES) for _ in range(3)).title()
        zh = "".join(rng.choice(HAN) for _ in range(rng.randint(2, 4)))
        abbreviation = "".join(rng.choice("ABCDEFGHKLMNPRSTUWXYZ") for _ in range(4))
        partners[f"p{n}"] = Partner(
            id=f"p{n}",
            name=rng.choice([f"University of {word}", f"{word} University", f"{word} Institute"]),
            name_zh=f"{zh}{rng.choice(['大学', '学院', '研究院'])}",
            aliases=(abbreviation, f"{zh[:2]}大"),
            country="XX",
            type="university",
        )
    return Gazetteer(partners, Gazetteer.load().not_partners, "bench")


def synthetic_records(gazetteer: Gazetteer, count: int, rng: random.Random) -> list[str]:
    """Bilingual article-sized texts, each mentioning a few partners."""
    forms = list(gazetteer.surface_forms())
    zh_forms = [f for f in forms if has_cjk(f)]
    en_forms = [f for f in forms if not has_cjk(f)]
    records = []
    for i in range(count):
        chinese = i % 2 == 0
        parts: list[str] = []
        for _ in range(12):
            if chinese:
                start = rng.randrange(len(FILLER_ZH) - 20)
                parts.append(FILLER_ZH[start : start + rng.randint(10, 20)])
            else:
                parts.append(" ".join(rng.choice(FILLER_EN) for _ in range(rng.randint(6, 12))))
            if rng.random() < 0.3:
                parts.append(rng.choice(zh_forms if chinese else en_forms))
        records.append(("，" if chinese else ", ").join(parts) + ("。" if chinese else "."))
    return records


def naive_matcher(gazetteer: Gazetteer) -> Callable[[str], list[str]]:
    """The baseline: for every partner, test each of its forms one after the other."""
    compiled = []
    for partner in gazetteer.partners.values():
        tests = []
        for form in partner.forms:
            if has_cjk(form):
                tests.append(lambda text, f=form: f in text)
            else:
                flags = 0 if form.isupper() else re.IGNORECASE
                pattern = re.compile(rf"(?<!\w){re.escape(form)}(?!\w)", flags)
                tests.append(lambda text, p=pattern: p.search(text) is not None)
        compiled.append((partner.id, tests))

    def find(text: str) -> list[str]:
        return [pid for pid, tests in compiled if any(test(text) for test in tests)]

    return find


def rate(function: Callable[[str], object], records: list[str]) -> tuple[float, int]:
    """Records per second of `function` over `records`, and how many partners it found."""
    started = time.perf_counter()
    found = sum(len(function(text)) for text in records)  # type: ignore[arg-type]
    return len(records) / (time.perf_counter() - started), found


DATA = Path(__file__).resolve().parents[1] / "tests" / "data"
MODEL = Path(__file__).resolve().parents[1] / "kb" / "enrich" / "data" / "passing.json"
SETS = {
    "tuning": (
        DATA / "enrich_labelled.toml",
        DATA / "enrich_tuning.toml",
        DATA / "enrich_tuning_b4.toml",
        DATA / "enrich_tuning_b5.toml",
        DATA / "enrich_tuning_b6.toml",
        DATA / "enrich_tuning_b7.toml",
        DATA / "enrich_tuning_b8.toml",
        DATA / "enrich_tuning_b9.toml",
        DATA / "enrich_tuning_b10.toml",
        DATA / "enrich_tuning_b11.toml",
        DATA / "enrich_tuning_b12.toml",
        DATA / "enrich_tuning_b13.toml",
        DATA / "enrich_tuning_b14.toml",
        DATA / "enrich_tuning_b15.toml",
        DATA / "enrich_tuning_b16.toml",
        DATA / "enrich_tuning_b17.toml",
        DATA / "enrich_tuning_b18.toml",
        DATA / "enrich_tuning_b19.toml",
        DATA / "enrich_tuning_b20.toml",
        DATA / "enrich_tuning_b21.toml",
        DATA / "enrich_tuning_b22.toml",
        DATA / "enrich_tuning_b23.toml",
        DATA / "enrich_tuning_b24.toml",
        DATA / "enrich_tuning_b25.toml",
        DATA / "enrich_tuning_b26.toml",
        DATA / "enrich_tuning_b27.toml",
        DATA / "enrich_tuning_b28.toml",
        DATA / "enrich_tuning_b29.toml",
        DATA / "enrich_tuning_b30.toml",
        DATA / "enrich_tuning_b31.toml",
        DATA / "enrich_tuning_b32.toml",
        DATA / "enrich_tuning_b33.toml",
        DATA / "enrich_tuning_b34.toml",
        DATA / "enrich_tuning_b35.toml",
        DATA / "enrich_tuning_b36.toml",
        DATA / "enrich_tuning_b37.toml",
    ),
    "heldout": (
        DATA / "enrich_heldout.toml",
        DATA / "enrich_heldout_b2.toml",
        DATA / "enrich_heldout_b3.toml",
        DATA / "enrich_heldout_b4.toml",
        DATA / "enrich_heldout_b5.toml",
        DATA / "enrich_heldout_b6.toml",
        DATA / "enrich_heldout_b7.toml",
        DATA / "enrich_heldout_b8.toml",
        DATA / "enrich_heldout_b9.toml",
        DATA / "enrich_heldout_b10.toml",
        DATA / "enrich_heldout_b11.toml",
        DATA / "enrich_heldout_b12.toml",
        DATA / "enrich_heldout_b13.toml",
        DATA / "enrich_heldout_b14.toml",
        DATA / "enrich_heldout_b15.toml",
        DATA / "enrich_heldout_b16.toml",
        DATA / "enrich_heldout_b17.toml",
        DATA / "enrich_heldout_b18.toml",
        DATA / "enrich_heldout_b19.toml",
    ),
}


@dataclass
class Score:
    """Micro-averaged counts over a set-valued field."""

    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0

    def add(self, expected: set[str], got: set[str]) -> None:
        self.true_positive += len(expected & got)
        self.false_positive += len(got - expected)
        self.false_negative += len(expected - got)

    def figures(self) -> dict[str, float]:
        found = self.true_positive + self.false_positive
        wanted = self.true_positive + self.false_negative
        precision = self.true_positive / found if found else 1.0
        recall = self.true_positive / wanted if wanted else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3)}


@dataclass
class Quality:
    """One labelled set's figures, and its mistakes (listed for the tuning set only)."""

    partners: Score = field(default_factory=Score)
    topics: Score = field(default_factory=Score)
    candidates: Score = field(default_factory=Score)
    dates: int = 0
    ends: int = 0
    ranged: int = 0
    total: int = 0
    #: The set read as one site per owner: the names `kb partners candidates` would list
    #: (less the units an article of the same owner calls its own), and the institutions the
    #: labels want listed.
    listed: dict[str, set[str]] = field(default_factory=dict)
    own: dict[str, set[str]] = field(default_factory=dict)
    wanted: set[str] = field(default_factory=set)
    mistakes: list[str] = field(default_factory=list)

    def figures(self) -> dict[str, Any]:
        listed = {n for owner, names in self.listed.items() for n in names - self.own[owner]}
        return {
            "articles": self.total,
            "partners": self.partners.figures(),
            "topics": self.topics.figures(),
            "candidates": self.candidates.figures(),
            "candidate_lines": {
                "surfaced": round(len(listed & self.wanted) / max(len(self.wanted), 1), 3),
                "noise": round(len(listed - self.wanted) / max(len(listed), 1), 3),
            },
            "event_date": round(self.dates / self.total, 3),
            "event_end": round(self.ends / max(self.ranged, 1), 3),
        }


def articles(paths: tuple[Path, ...]) -> list[dict[str, Any]]:
    """The labelled articles of a set's files."""
    return [a for path in paths for a in tomllib.loads(path.read_text(encoding="utf-8"))["article"]]


def institution(name: str) -> str:
    """A candidate as the institution it names, for comparing: a Chinese name in simplified
    characters (the program lists 銘傳大學 as 铭传大学) and without the country written in
    front (德国卡塞尔大学 and 卡塞尔大学 are one institution; labels written as the text
    writes it keep the country, the program leaves it off), and an English one without a
    leading "The" (which the program leaves off too), and with brackets of one width
    (labels write （苏州）, the program's normalised text has (苏州)), and dashes of one
    width ("ISEAS–Yusof Ishak Institute" is listed with a hyphen)."""
    name = to_simplified(name).removeprefix("The ").replace("（", "(").replace("）", ")")
    name = name.replace("–", "-").replace("—", "-")
    country = countries().starting(name[: min(len(name) - 2, 8)]) if has_cjk(name) else None
    return name[len(country[0]) :] if country else name


def quality(
    paths: tuple[Path, ...], enricher: Enricher | None = None, result: Quality | None = None
) -> Quality:
    """Enrich every labelled article of a set and compare with its labels (with the
    bundled data, unless another `enricher` is given), counting into `result` if given."""
    enricher = enricher or Enricher.from_files(None, None)
    result = result or Quality()
    for article in articles(paths):
        got = enricher.enrich(
            title=article["title"],
            body=article["body"],
            lang=article["lang"],
            published=article["published"],
            owner=article["owner"] or None,
            attachment_text=article.get("attachment_text", ""),
        )
        partners = {p.id for p in got.partners}
        result.partners.add(set(article["partners"]), partners)
        result.topics.add(set(article["topics"]), set(got.topics))
        if "candidates" in article:
            wanted = {institution(n) for n in article["candidates"]}
            candidates = {institution(n) for n in got.candidates}
            result.candidates.add(wanted, candidates)
            result.listed.setdefault(article["owner"], set()).update(candidates)
            result.own.setdefault(article["owner"], set()).update(map(institution, got.own_units))
            result.wanted.update(wanted)
        result.dates += got.event_date == (article["event_date"] or None)
        if "event_end" in article:  # labelled since event ends are kept
            result.ends += got.event_end == (article["event_end"] or None)
            result.ranged += 1
        result.total += 1
        name = article["name"]
        if partners != set(article["partners"]):
            result.mistakes.append(
                f"{name}: partners {sorted(partners)} != {sorted(article['partners'])}"
            )
        if set(got.topics) != set(article["topics"]):
            result.mistakes.append(
                f"{name}: topics {sorted(got.topics)} != {sorted(article['topics'])}"
            )
        if "candidates" in article and candidates != wanted:
            result.mistakes.append(
                f"{name}: candidates {sorted(got.candidates)} != {sorted(article['candidates'])}"
            )
        if "event_end" in article and got.event_end != (article["event_end"] or None):
            result.mistakes.append(f"{name}: event_end {got.event_end}")
        if got.event_date != (article["event_date"] or None):
            result.mistakes.append(f"{name}: event_date {got.event_date}")
    return result


def print_quality(show: bool, output: Path | None) -> None:
    results = {name: quality(paths) for name, paths in SETS.items()}
    for name, result in results.items():
        figures = result.figures()
        print(f"{name} set, {figures['articles']} articles")
        for kind in ("partners", "topics", "candidates"):
            f = figures[kind]
            print(
                f"  {kind:10} precision {f['precision']:.3f}  recall {f['recall']:.3f}  "
                f"F1 {f['f1']:.3f}"
            )
        lines = figures["candidate_lines"]
        print(
            f"  candidate list: {lines['surfaced']:.3f} of the institutions surfaced, "
            f"{lines['noise']:.3f} of the lines noise"
        )
        dates, ends = figures["event_date"], figures["event_end"]
        print(f"  event dates exact {dates:.3f}, event ends {ends:.3f}")
    if show:
        print("\n".join(results["tuning"].mistakes))
    if output:
        output.write_text(
            json.dumps({n: r.figures() for n, r in results.items()}, indent=2) + "\n",
            encoding="utf-8",
        )


def passing_examples(enricher: Enricher, paths: tuple[Path, ...]) -> list[tuple[list[str], bool]]:
    """The passing model's examples: each partner a labelled page names once after its
    title (not the publisher), read as the model reads it, and whether the labels have it."""
    examples = []
    for article in articles(paths):
        lone = enricher.passing_features(
            title=article["title"],
            body=article["body"],
            lang=article["lang"],
            owner=article["owner"] or None,
            attachment_text=article.get("attachment_text", ""),
        )
        examples += [
            (words, partner in article["partners"])
            for partner, words in lone.items()
            if partner != article["owner"]
        ]
    return examples


def cross_validate(
    folds: int = 5, thresholds: tuple[float, ...] = (0.02, THRESHOLD, 0.1, 0.2)
) -> dict[str, dict[str, Any]]:
    """Partner and candidate-list figures on the tuning set with the passing model trained
    on the other folds (its files dealt round), against none: what the model adds on pages
    it was not trained on, at each threshold (keyed by it; "without": no model)."""
    bundled = Enricher.from_files(None, None)
    files = SETS["tuning"]
    parts = [files[i::folds] for i in range(folds)]
    examples = {path: passing_examples(bundled, (path,)) for path in files}
    models = [
        train([e for path in files if path not in part for e in examples[path]]) for part in parts
    ]
    nothing = Enricher.from_files(None, None, passing=PassingModel({}))
    print(f"tuning set, {folds}-fold cross-validation of the passing model")
    results = {"without": _fold_figures(quality(files, nothing))}
    print(f"  without      {results['without']}")
    for threshold in thresholds:
        total = Quality()
        for part, weights in zip(parts, models, strict=True):
            model = PassingModel(weights, threshold)
            quality(part, Enricher.from_files(None, None, passing=model), total)
        results[str(threshold)] = _fold_figures(total)
        print(f"  below {threshold:<6} {results[str(threshold)]}")
    return results


def _fold_figures(result: Quality) -> dict[str, Any]:
    figures = result.figures()
    return {"partners": figures["partners"], "candidate_lines": figures["candidate_lines"]}


def train_passing(output: Path) -> None:
    """Train the passing model on the whole tuning set (never the held-out set) and write
    it where the package reads it, or to `output`."""
    examples = passing_examples(Enricher.from_files(None, None), SETS["tuning"])
    weights = train(examples)
    output.write_text(model_file(weights), encoding="utf-8")
    counterparts = sum(label for _, label in examples)
    print(f"{len(examples)} examples ({counterparts} counterparts), {len(weights)} weights")
    print(f"written to {output}")


def throughput(args: argparse.Namespace) -> None:
    rng = random.Random(SEED)
    gazetteer = synthetic_gazetteer(args.partners, rng)
    records = synthetic_records(gazetteer, args.records, rng)
    chars = sum(map(len, records)) / len(records)
    print(f"{len(gazetteer.partners)} partners, {len(gazetteer.surface_forms())} surface forms")
    print(f"{len(records)} records, {chars:.0f} characters on average")

    started = time.perf_counter()
    matcher = PartnerMatcher(gazetteer)
    print(f"automaton built in {time.perf_counter() - started:.2f} s")
    fast, fast_found = rate(matcher.find, records)
    print(f"automaton matcher : {fast:10.0f} records/s ({fast_found} partner mentions)")
    slow, slow_found = rate(naive_matcher(gazetteer), records)
    print(f"naive per-partner : {slow:10.0f} records/s ({slow_found} partner mentions)")
    print(f"speed-up          : {fast / slow:10.1f} x")

    enricher = Enricher(gazetteer, Taxonomy.load())

    def enrich(text: str) -> list[object]:
        lang = "zh" if has_cjk(text) else "en"
        result = enricher.enrich(title="", body=text, lang=lang, published="2021-07-20", owner=None)
        return result.partners

    full, _ = rate(enrich, records)
    print(f"full Enricher     : {full:10.0f} records/s (partners, topics, date, candidates)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--throughput", action="store_true", help="measure speed instead")
    parser.add_argument("--partners", type=int, default=2000)
    parser.add_argument("--records", type=int, default=1000)
    parser.add_argument("--show", action="store_true", help="list the tuning set's mistakes")
    parser.add_argument("--json", type=Path, help="write the quality figures to this file")
    parser.add_argument("--train", action="store_true", help="train the passing model")
    parser.add_argument("--model-out", type=Path, default=MODEL, help="where --train writes")
    parser.add_argument(
        "--cross-validate", action="store_true", help="the passing model's figures by fold"
    )
    args = parser.parse_args()
    if args.throughput:
        throughput(args)
    elif args.train or args.cross_validate:
        if args.cross_validate:
            figures = cross_validate()
            if args.json:
                args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
        if args.train:
            train_passing(args.model_out)
    else:
        print_quality(args.show, args.json)


if __name__ == "__main__":
    main()
