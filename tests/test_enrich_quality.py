"""Enrichment quality: floors on the labelled sets, and on the demo corpus.

`bench/enrich.py` measures the tuning set (tests/data/enrich_labelled.toml,
enrich_tuning.toml and the later batches enrich_tuning_b4.toml to enrich_tuning_b37.toml,
which the rules were written against) and the held-out set (enrich_heldout.toml and
enrich_heldout_b2.toml to enrich_heldout_b19.toml, never used to tune); the tests run it as
a separate process and hold floors on both, so a change that helps the tuned set at the
held-out set's expense shows.
The demo corpus (kb/demo/sites/, labelled in tests/data/demo_expected.toml) is enriched as
the crawler extracts it.
"""

from __future__ import annotations

import importlib.util
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import bench_figures, run_bench

from kb.enrich import Enricher, Enrichment
from kb.enrich.passing import THRESHOLD
from scraper.attachments import attachment_text
from scraper.document import Page
from scraper.profiles.base import ListedLink
from scraper.profiles.registry import GENERIC, detect_profile

ROOT = Path(__file__).parents[1]
BENCH = ROOT / "bench" / "enrich.py"
DEMO_EXPECTED = ROOT / "tests" / "data" / "demo_expected.toml"
DEMO_SITES = ROOT / "kb" / "demo" / "sites"
DEMO_BASE = "http://127.0.0.1:8000"

_spec = importlib.util.spec_from_file_location("enrich_bench", BENCH)
assert _spec is not None and _spec.loader is not None
bench = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = bench
_spec.loader.exec_module(bench)
Score = bench.Score

#: What the rules reach today on each set (bench/enrich.py prints the figures); a change that falls
#: below fails. Tuning batch b22, first read at partner precision 0.746, took the tuning partner F1
#: from 0.952 to 0.948; b23 to b27 were first read at 0.853, 0.852, 0.778, 0.847 and 0.941. The
#: held-out floors are lower: they were never tuned for, and each new held-out batch, measured
#: once, is a site the rules have not seen (batch 5 took the held-out partner F1 from 0.935 to
#: 0.899; batch 7 took topics from 0.882 to 0.873 and event dates from 0.963 to 0.947; batch 8
#: took partners from 0.918 to 0.895 and their recall from 0.977 to 0.962, batch 9 to 0.889 and
#: 0.959; batches 10 to 12, first read at partner precision 0.833, 0.895 and 0.686, left it at
#: 0.890, batch 13 (0.719) at 0.886). Header lines of wide-spaced fields took event dates to
#: 0.988 and 0.980; batch 13, first read at 0.80, took the held-out figure to 0.968. The
#: passing model (trained on the tuning set, so its tuning figure is in-sample: 0.957 -> 0.981;
#: 0.965 cross-validated) took the held-out partner F1 from 0.886 to 0.920, its precision from
#: 0.824 to 0.884 at the same recall. b28 to b30 were first read at partner precision 0.932,
#: 0.947 and 0.918 with the model in, held-out batch 14 at 0.928 (0.865 without the model),
#: held-out batch 15 at 0.923 (recall 0.923; the held-out set 0.925 -> 0.925). b31 and b32
#: were first read at 0.923 and 0.871; b33 and b34 (the traps of real sites, in Chinese and in
#: English) at 0.867 and 0.714. Held-out batch 16, read once after the rules they led to, at
#: 0.962 (recall 0.911); b35 at 0.946 (recall 1.00) and held-out batch 17, read once before b35's
#: rule, at 0.891 (recall 0.891). b36 (counterparts easy to miss) was first read at 0.884 (recall
#: 0.744), b37 at 0.889 (recall 0.976), held-out batch 18 at 0.841 (recall 0.946) and held-out
#: batch 19, read once at the end of the round, at 0.877 (recall 0.899).
FLOORS = {
    "tuning": {"partners": 0.97, "topics": 0.87, "event_date": 0.98, "event_end": 0.98},
    "heldout": {"partners": 0.92, "topics": 0.87, "event_date": 0.96, "event_end": 0.96},
}


@pytest.fixture(scope="module")
def figures(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return bench_figures(BENCH, tmp_path_factory.mktemp("bench") / "quality.json")


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_quality_floors(figures: dict[str, Any], name: str) -> None:
    got, floors = figures[name], FLOORS[name]
    assert got["partners"]["f1"] >= floors["partners"], got["partners"]
    assert got["topics"]["f1"] >= floors["topics"], got["topics"]
    assert got["event_date"] >= floors["event_date"]
    assert got["event_end"] >= floors["event_end"]


def test_partner_recall_is_kept(figures: dict[str, Any]) -> None:
    """Context rules drop misread names; they must not drop partners named in full."""
    # 0.96 since b33 and b34 joined at recall 0.841 and 0.769 (0.973 -> 0.964): 13 of their
    # 22 misses are partners listed only in the attachment of a report, which the rules read
    # for notices alone. Reading it for every body that points to it ("协议15份（见附件）")
    # found them and cost 0.023 of tuning precision, on earlier batches' attached lists.
    assert figures["tuning"]["partners"]["recall"] >= 0.96
    # Held-out 0.94 since held-out batch 19 joined at recall 0.899 (0.952 -> 0.948).
    assert figures["heldout"]["partners"]["recall"] >= 0.94


def test_the_bundled_passing_model_is_the_one_the_tuning_set_trains(tmp_path: Path) -> None:
    """A rule change moves what the model reads; the model shipped must be retrained with
    it (`bench/enrich.py --train`), and training must give the same file each time."""
    out = tmp_path / "passing.json"
    run_bench(BENCH, "--train", "--model-out", str(out))
    assert out.read_text(encoding="utf-8") == bench.MODEL.read_text(encoding="utf-8")


def test_the_passing_model_helps_on_pages_it_was_not_trained_on(tmp_path: Path) -> None:
    """Trained on four fifths of the tuning files and read on the fifth, the model raises
    the partner F1 and gives up almost no recall, and takes noise off the candidate list."""
    folds = bench_figures(BENCH, tmp_path / "folds.json", "--cross-validate")
    without, model = folds["without"]["partners"], folds[str(THRESHOLD)]["partners"]
    assert model["f1"] >= without["f1"] + 0.005, folds
    assert model["recall"] >= without["recall"] - 0.005, folds
    assert model["f1"] >= 0.96, folds
    # the candidates it reads too: less noise, no fewer institutions surfaced
    without, model = folds["without"]["candidate_lines"], folds[str(THRESHOLD)]["candidate_lines"]
    assert model["noise"] <= without["noise"] - 0.01, folds
    assert model["surfaced"] >= without["surfaced"] - 0.005, folds


def test_candidates_surface_unknown_institutions(figures: dict[str, Any]) -> None:
    # b20 joined with 36 % of its lines noise (0.214 -> 0.221 on the whole tuning set), b21
    # with 68 % of its institutions surfaced (0.800 -> 0.794), b22 with 45 % of its lines
    # noise (0.229 -> 0.239), b23 with 71 % surfaced and 32 % noise (0.796 -> 0.793 and
    # 0.236 -> 0.240), b24 with 33 % noise (0.234 -> 0.240), b25 with 73 % surfaced (0.799 ->
    # 0.792).
    # The passing model reading candidates took noise to 0.199 (0.205 cross-validated) and
    # surfaced to 0.789 in-sample (0.793 cross-validated); held-out 0.711 / 0.373 -> 0.707 /
    # 0.336. b28 to b30 joined with 63 %, 68 % and 67 % surfaced (0.789 -> 0.775), held-out
    # batch 14 with 67 % and 19 % noise (0.709 / 0.323; 0.712 / 0.303 with the b28-b30
    # readings). b31 and b32 (a batch of counterparts unknown to the gazetteer) joined with
    # 56 % and 62 % surfaced (0.790 -> 0.780). Held-out batches 15 to 17 joined with 19 %, 19 % and
    # 8 % noise (0.303 -> 0.267). b36 and b37 joined with 53 % and 67.5 % surfaced (0.777 ->
    # 0.768), held-out batch 18 with 12.5 % noise (0.267 -> 0.260).
    lines = figures["tuning"]["candidate_lines"]
    assert lines["surfaced"] >= 0.76 and lines["noise"] <= 0.21, lines
    held_out = figures["heldout"]["candidate_lines"]
    assert held_out["surfaced"] >= 0.70 and held_out["noise"] <= 0.28, held_out


@pytest.mark.parametrize(
    "name",
    [
        "enrich_labelled",
        "enrich_tuning",
        "enrich_tuning_b4",
        "enrich_tuning_b5",
        "enrich_tuning_b6",
        "enrich_tuning_b7",
        "enrich_tuning_b8",
        "enrich_tuning_b9",
        "enrich_tuning_b10",
        "enrich_tuning_b11",
        "enrich_tuning_b12",
        "enrich_tuning_b13",
        "enrich_tuning_b14",
        "enrich_tuning_b15",
        "enrich_tuning_b16",
        "enrich_tuning_b17",
        "enrich_tuning_b18",
        "enrich_tuning_b19",
        "enrich_tuning_b20",
        "enrich_tuning_b21",
        "enrich_tuning_b22",
        "enrich_tuning_b23",
        "enrich_tuning_b24",
        "enrich_tuning_b25",
        "enrich_tuning_b26",
        "enrich_tuning_b27",
        "enrich_tuning_b28",
        "enrich_tuning_b29",
        "enrich_tuning_b30",
        "enrich_tuning_b31",
        "enrich_tuning_b32",
        "enrich_tuning_b33",
        "enrich_tuning_b34",
        "enrich_tuning_b35",
        "enrich_tuning_b36",
        "enrich_tuning_b37",
        "enrich_heldout",
        "enrich_heldout_b2",
        "enrich_heldout_b3",
        "enrich_heldout_b4",
        "enrich_heldout_b5",
        "enrich_heldout_b6",
        "enrich_heldout_b7",
        "enrich_heldout_b8",
        "enrich_heldout_b9",
        "enrich_heldout_b10",
        "enrich_heldout_b11",
        "enrich_heldout_b12",
        "enrich_heldout_b13",
        "enrich_heldout_b14",
        "enrich_heldout_b15",
        "enrich_heldout_b16",
        "enrich_heldout_b17",
        "enrich_heldout_b18",
        "enrich_heldout_b19",
    ],
)
def test_labelled_sets_use_known_ids(name: str) -> None:
    enricher = Enricher.from_files(None, None)
    articles = bench.articles((ROOT / "tests" / "data" / f"{name}.toml",))
    assert len({a["name"] for a in articles}) == len(articles)
    for article in articles:
        for pid in article["partners"]:
            assert pid in enricher.gazetteer.partners, (article["name"], pid)
        for tid in article["topics"]:
            assert tid in enricher.taxonomy.topics, (article["name"], tid)


def test_sets_are_large_and_bilingual() -> None:
    for paths in bench.SETS.values():
        langs = [a["lang"] for a in bench.articles(paths)]
        assert len(langs) >= 40
        assert langs.count("zh") >= 15 and langs.count("en") >= 15


@dataclass
class Report:
    partners: Any
    topics: Any
    dates_exact: int
    total: int
    mistakes: list[str]


def _demo_file(site: str, path: str) -> Path:
    relative = path.lstrip("/")
    if relative == "" or relative.endswith("/"):
        relative += "index.html"
    return DEMO_SITES / site / relative


def _demo_enrich(enricher: Enricher, item: dict, owner: str) -> Enrichment:
    """Extract the article page the way the crawler does (detected profile, generic fallback,
    attachment text of the files the page links to) and enrich it as the demo owner's record.
    """
    page = Page(DEMO_BASE + item["path"], _demo_file(item["site"], item["path"]).read_bytes())
    link = ListedLink(page.url)
    parts = detect_profile(page).extract(page, link) or GENERIC.extract(page, link)
    assert parts is not None and parts.title and parts.body, item["path"]
    texts = []
    for url in parts.attachments:
        file = _demo_file(item["site"], url.removeprefix(DEMO_BASE))
        if url.startswith(DEMO_BASE) and file.is_file():
            texts.append(attachment_text(file.read_bytes(), url) or "")
    return enricher.enrich(
        title=parts.title,
        body=parts.body,
        lang=item["lang"],
        published=parts.published or item["published"],
        owner=owner,
        attachment_text="\n".join(text for text in texts if text),
    )


@pytest.fixture(scope="module")
def demo_report() -> Report:
    with DEMO_EXPECTED.open("rb") as handle:
        labels = tomllib.load(handle)
    items = labels["article"]
    enricher = Enricher.from_files(None, None)
    partners, topics = Score(), Score()
    exact, mistakes = 0, []
    for item in items:
        got = _demo_enrich(enricher, item, labels["sites"][item["site"]]["owner"])
        got_partners = {p.id for p in got.partners}
        partners.add(set(item["partners"]), got_partners)
        topics.add(set(item["topics"]), set(got.topics))
        exact += got.event_date == item.get("event_date")
        if set(got.topics) != set(item["topics"]):
            mistakes.append(f"{item['site']}{item['path']}: topics {sorted(got.topics)}")
    return Report(partners, topics, exact, len(items), mistakes)


def test_print_demo_quality_report(demo_report: Report, capsys: pytest.CaptureFixture[str]) -> None:
    """Partner and event-date accuracy on the demo corpus are shown, not held to a floor here."""
    with capsys.disabled():
        print()
        print("demo partners", demo_report.partners.figures())
        print("demo topics", demo_report.topics.figures())
        share = demo_report.dates_exact / demo_report.total
        print(
            f"demo event dates: {demo_report.dates_exact}/{demo_report.total} exact ({share:.1%})"
        )
        print("\n".join(demo_report.mistakes))
    assert demo_report.total >= 40


def test_demo_topic_f1(demo_report: Report) -> None:
    """Articles the keywords were not written from: the classifier must generalise."""
    assert demo_report.topics.figures()["f1"] >= 0.80, demo_report.topics.figures()
