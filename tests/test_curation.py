"""Accepting candidates: `kb partners add`, and re-enrichment that touches only what changes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_kb

from kb import pipeline
from kb.core.config import load_config
from kb.core.record import Record, record_id
from kb.lexicon import Gazetteer, LexiconError, Partner
from kb.lexicon.curation import add_partner

ATLANTIS = Partner(
    "atlantis", "University of Atlantis", "亚特兰蒂斯大学", ("UoA",), "GR", "university"
)


def test_add_creates_the_file_and_the_partner_loads(tmp_path: Path) -> None:
    path = tmp_path / "partners.toml"
    gazetteer = add_partner(path, ATLANTIS)
    assert gazetteer.partners["atlantis"] == ATLANTIS
    assert Gazetteer.load(path).surface_forms()["亚特兰蒂斯大学"] == "atlantis"


def test_add_appends_and_never_rewrites(tmp_path: Path) -> None:
    path = tmp_path / "partners.toml"
    existing = (
        "# Our partners, kept by hand.\n"
        '[[partner]]\nid = "lemuria"   # since 2019\nname = "Lemuria College"\ntype = "university"'
    )
    path.write_text(existing, encoding="utf-8")
    add_partner(path, ATLANTIS)
    text = path.read_text(encoding="utf-8")
    assert text.startswith(existing)
    assert set(Gazetteer.load(path).partners) >= {"lemuria", "atlantis"}


@pytest.mark.parametrize(
    ("partner", "message"),
    [
        (Partner("btbu", "Other", "", (), "", "university"), "already a partner id"),
        (Partner("x1", "Other", "北京工商大学", (), "", "university"), "already names 'btbu'"),
        (Partner("x2", "Other", "", (), "gb", "university"), "two-letter upper-case"),
        (Partner("bad id", "Other", "", (), "", "university"), "not a valid id"),
    ],
)
def test_a_bad_partner_leaves_the_file_as_it_was(
    tmp_path: Path, partner: Partner, message: str
) -> None:
    path = tmp_path / "partners.toml"
    add_partner(path, ATLANTIS)
    before = path.read_bytes()
    with pytest.raises(LexiconError, match=message) as error:
        add_partner(path, partner)
    assert str(error.value).startswith(str(path))
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["partners.toml"]  # no staged file left


def _record(n: int, body: str) -> Record:
    url = f"https://news.example.edu.cn/{n}.htm"
    return Record(
        id=record_id(url),
        url=url,
        source="news",
        title=f"新闻{n}",
        lang="zh",
        published="2024-05-0" + str(n),
        body=body,
        fetched_at="2024-05-10T00:00:00Z",
    )


@pytest.fixture
def config_path(tmp_path: Path) -> Path:
    path = tmp_path / "kb.toml"
    path.write_text(
        '[storage]\ndata_dir = "data"\nindex_dir = "index"\n'
        '[[sources]]\nname = "news"\nstart_urls = ["https://news.example.edu.cn/"]\n'
        'owner = "culr"\n',
        encoding="utf-8",
    )
    return path


def test_the_next_index_retags_only_the_records_naming_the_new_partner(
    config_path: Path,
) -> None:
    config = load_config(config_path)
    records = [
        _record(1, "5月1日，亚特兰蒂斯大学代表团访问我校，双方座谈。"),
        _record(2, "5月2日，北京工商大学代表团访问我校。"),
        _record(3, "5月3日，我校举行运动会。"),
    ]
    with pipeline.open_store(config) as store:
        with store.transaction():
            for record in records:
                store.put_record(record)
        first = pipeline.index(config, store)
        assert (first.enriched, first.indexed) == (3, 3)
        assert [c.name for c in store.candidates()] == ["亚特兰蒂斯大学"]

    added = run_kb(
        "partners", "add", "atlantis", "--name", "University of Atlantis",
        "--name-zh", "亚特兰蒂斯大学", "--country", "GR", "--config", str(config_path),
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert (config_path.parent / "partners.toml").is_file()  # beside kb.toml, read from now on

    config = load_config(config_path)
    with pipeline.open_store(config) as store:
        second = pipeline.index(config, store)
        # Every record was read again (the vocabulary changed), one was indexed again.
        assert (second.enriched, second.indexed) == (3, 1)
        tagged = store.record(records[0].id)
        assert tagged is not None and [p.id for p in tagged.partners] == ["atlantis"]
        assert store.candidates() == []
        third = pipeline.index(config, store)
        assert (third.enriched, third.indexed) == (0, 0)
    # The index now keeps the new name whole, and searching the partner finds its record.
    found = run_kb("search", "--partner", "atlantis", "--json", "--config", str(config_path))
    assert [hit["id"] for hit in json.loads(found.stdout)["hits"]] == [records[0].id]
    named = run_kb("search", "亚特兰蒂斯大学", "--json", "--config", str(config_path))
    assert [hit["id"] for hit in json.loads(named.stdout)["hits"]] == [records[0].id]


def test_a_topics_change_reindexes_only_the_records_it_changes(config_path: Path) -> None:
    config = load_config(config_path)
    records = [_record(1, "5月1日，我校举行龙舟赛。"), _record(2, "5月2日，我校举行运动会。")]
    with pipeline.open_store(config) as store:
        with store.transaction():
            for record in records:
                store.put_record(record)
        pipeline.index(config, store)
    topics = config_path.parent / "topics.toml"
    topics.write_text(
        '[[topic]]\nid = "sport"\nlabel_en = "Sport"\n[topic.keywords.zh]\n"龙舟" = 3\n',
        encoding="utf-8",
    )
    with config_path.open("a", encoding="utf-8") as handle:
        handle.write('[enrich]\ntopics_file = "topics.toml"\n')
    config = load_config(config_path)
    with pipeline.open_store(config) as store:
        summary = pipeline.index(config, store)
        assert (summary.enriched, summary.indexed) == (2, 1)
        boat = store.record(records[0].id)
        assert boat is not None and boat.topics == ["sport"]


def test_candidates_command_lists_days_and_an_example(config_path: Path) -> None:
    config = load_config(config_path)
    with pipeline.open_store(config) as store:
        with store.transaction():
            store.put_record(_record(1, "5月1日，亚特兰蒂斯大学代表团访问我校。"))
            store.put_record(_record(4, "5月4日，我校与亚特兰蒂斯大学签署协议。"))
        pipeline.index(config, store)
    shown = run_kb("partners", "candidates", "--config", str(config_path))
    assert shown.returncode == 0, shown.stderr
    assert "2  2024-05-01 – 2024-05-04  亚特兰蒂斯大学" in shown.stdout
    assert "e.g. 新闻4" in shown.stdout
    as_json = run_kb("partners", "candidates", "--json", "--config", str(config_path))
    row = json.loads(as_json.stdout.splitlines()[0])
    assert (row["name"], row["count"], row["example_title"]) == ("亚特兰蒂斯大学", 2, "新闻4")


def test_add_refuses_a_taken_id_with_a_clear_error(config_path: Path) -> None:
    done = run_kb("partners", "add", "btbu", "--name", "X", "--config", str(config_path))
    assert done.returncode == 2
    assert "already a partner id" in done.stderr
    assert not (config_path.parent / "partners.toml").exists()
