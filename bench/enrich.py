"""Partner-matcher throughput with 2,000 partners, against a naive per-partner baseline.

The matcher runs over every record at each re-enrichment, so its cost must not grow with the
size of the gazetteer. This builds a deterministic synthetic gazetteer (the bundled partners
plus generated ones up to 2,000) and synthetic Chinese and English records, then prints
records per second for:

* the automaton (`PartnerMatcher`: one pass over the text, whatever the number of partners);
* the naive baseline: a loop over partners, one compiled regex (or substring test) per form;
* the whole `Enricher.enrich` (partners, topics, event date and candidates), for context.

The baseline reports more partner mentions: it has no longest-match or blocker rules, so a
short alias inside a longer name counts as a second partner.

Run: .venv/bin/python bench/enrich.py [--partners 2000] [--records 1000]
"""

from __future__ import annotations

import argparse
import random
import re
import time
from collections.abc import Callable

from kb.core.text import has_cjk
from kb.enrich import Enricher, PartnerMatcher
from kb.lexicon import Gazetteer, Partner, Taxonomy

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--partners", type=int, default=2000)
    parser.add_argument("--records", type=int, default=1000)
    args = parser.parse_args()
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


if __name__ == "__main__":
    main()
