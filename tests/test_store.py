"""The SQLite system of record: round trips, migrations, atomicity, change tracking."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import put_records

from kb.core.record import PartnerRef, Record, record_id
from kb.store import SCHEMA_VERSION, PageWrite, RunKind, RunStatus, Store, StoreError
from kb.store.schema import MIGRATIONS, statements


def sample_record(**changes: object) -> Record:
    values: dict[str, object] = dict(
        id=record_id("https://ic.example.edu.cn/2021/0720/c1234a56789/page.htm"),
        url="https://ic.example.edu.cn/2021/0720/c1234a56789/page.htm",
        source="culr-ic",
        title="我校与北京工商大学开展国际交流线上座谈",
        lang="zh",
        published="2021-07-20",
        event_date="2021-07-18",
        partners=[PartnerRef("btbu", "Beijing Technology and Business University")],
        topics=["online_meeting", "foreign_students"],
        body="7月18日下午，我校与北京工商大学……\n第二段。",
        attachments=["https://ic.example.edu.cn/_upload/notes.pdf"],
        attachment_text="会议纪要 Meeting notes",
        fetched_at="2021-07-21T02:00:00Z",
        extractor="webplus",
    )
    values.update(changes)
    return Record(**values)  # type: ignore[arg-type]


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with Store(tmp_path / "kb.sqlite3") as opened:
        yield opened


def test_every_record_field_round_trips(store: Store) -> None:
    record = sample_record()
    put_records(store, [record])
    loaded = store.record(record.id)
    assert loaded == record
    assert loaded is not record
    assert loaded.partners[0] == PartnerRef("btbu", "Beijing Technology and Business University")
    assert loaded.topics == ["online_meeting", "foreign_students"]
    assert loaded.event_date == "2021-07-18"
    assert loaded.extractor == "webplus"


def test_nulls_and_empty_lists_round_trip(store: Store) -> None:
    record = sample_record(
        event_date=None, published=None, partners=[], topics=[], attachments=[], attachment_text=""
    )
    put_records(store, [record])
    assert store.record(record.id) == record


def test_a_record_not_enriched_yet_has_no_tags(store: Store) -> None:
    with store.transaction():
        store.put_record(sample_record())
    loaded = store.record(sample_record().id)
    assert loaded is not None
    assert (loaded.partners, loaded.topics, loaded.event_date) == ([], [], None)
    assert loaded.title == sample_record().title


def test_a_recrawl_keeps_the_tags_the_index_has_until_enrichment_runs(store: Store) -> None:
    put_records(store, [sample_record()], fingerprint="v1")
    with store.transaction():
        store.put_record(sample_record(partners=[], topics=[], title="Edited title"))
    loaded = store.record(sample_record().id)
    assert loaded is not None
    assert loaded.title == "Edited title"
    assert [p.id for p in loaded.partners] == ["btbu"]
    assert loaded.topics == ["online_meeting", "foreign_students"]
    assert store.ids_needing_enrichment("v1") == [sample_record().id]


def test_page_round_trip_keeps_raw_bytes_compressed(store: Store) -> None:
    raw = "<html><meta charset=gbk>镕</html>".encode("gb18030") * 200
    page = PageWrite(
        url="http://x/a.htm",
        source="s",
        final_url="http://x/a.htm",
        status=200,
        etag='"abc"',
        last_modified="Tue, 20 Jul 2021 08:00:00 GMT",
        content_type="text/html; charset=gbk",
        content_hash="h1",
        kind="article",
        fetched_at="2021-07-21T02:00:00Z",
        body=raw,
    )
    with store.transaction():
        store.put_page(page)
    assert store.page_body("http://x/a.htm") == raw
    stored = store.page("http://x/a.htm")
    assert (stored.etag, stored.last_modified, stored.kind, stored.status) == (
        '"abc"',
        "Tue, 20 Jul 2021 08:00:00 GMT",
        "article",
        200,
    )
    size = store.db.execute("SELECT length(body) FROM pages").fetchone()[0]
    assert size < len(raw) / 5


def test_migration_from_an_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite3"
    path.write_bytes(b"")
    with Store(path) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert store.count_records() == 0
        assert store.current_seq() == 0
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_reopening_does_not_migrate_again(tmp_path: Path) -> None:
    path = tmp_path / "kb.sqlite3"
    with Store(path) as store, store.transaction():
        store.put_record(sample_record())
    with Store(path) as store:
        assert store.count_records() == 1


def test_a_newer_store_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite3"
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(StoreError, match="newer than this program"):
        Store(path)


def test_exception_inside_transaction_leaves_previous_state(store: Store) -> None:
    first = sample_record()
    with store.transaction():
        store.put_record(first)
    with pytest.raises(RuntimeError), store.transaction():
        store.put_record(sample_record(title="changed"))
        store.put_record(sample_record(id="other", url="http://other/"))
        raise RuntimeError("crash mid-write")
    assert store.record(first.id).title == first.title
    assert store.record("other") is None
    assert store.current_seq() == 1


def test_killed_process_mid_transaction_leaves_previous_state(tmp_path: Path) -> None:
    path = tmp_path / "kb.sqlite3"
    with Store(path) as store, store.transaction():
        store.put_record(sample_record())
    script = textwrap.dedent(f"""
        import os, signal
        from kb.store import Store
        from kb.core.record import Record
        store = Store({str(path)!r})
        transaction = store.transaction()  # held open: the kill comes before COMMIT
        transaction.__enter__()
        for n in range(500):
            store.put_record(Record(id=f"n{{n}}", url=f"http://x/{{n}}", source="s",
                                    title="t", lang="en", published=None, body="b",
                                    fetched_at="2021-01-01T00:00:00Z"))
        store.db.execute("UPDATE records SET title = 'half-written'")
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=60)
    assert result.returncode == -9
    with Store(path) as store:
        assert store.count_records() == 1
        assert store.record(sample_record().id).title == sample_record().title
        assert store.current_seq() == 1


def test_changes_since_tracks_updates_and_deletions(store: Store) -> None:
    a, b = sample_record(id="a", url="http://x/a"), sample_record(id="b", url="http://x/b")
    with store.transaction():
        store.put_record(a)
        store.put_record(b)
    mark = store.current_seq()
    assert mark == 2
    with store.transaction():
        store.put_record(sample_record(id="a", url="http://x/a", title="new title"))
        assert store.delete_record("b")
        assert not store.delete_record("never-there")
    changes = store.changes_since(mark)
    assert [r.id for r in changes.records] == ["a"]
    assert changes.records[0].title == "new title"
    assert changes.deleted == ["b"]
    assert changes.seq == 4
    assert store.changes_since(changes.seq).records == []
    assert [r.id for r in store.changes_since(0).records] == ["a"]


def test_reinserting_a_deleted_record_clears_its_tombstone(store: Store) -> None:
    with store.transaction():
        store.put_record(sample_record(id="a", url="http://x/a"))
        store.delete_record("a")
        store.put_record(sample_record(id="a", url="http://x/a"))
    assert store.changes_since(0).deleted == []


def test_enrichment_bookkeeping(store: Store) -> None:
    with store.transaction():
        store.put_record(sample_record(id="a", url="http://x/a"))
    put_records(store, [sample_record(id="b", url="http://x/b")], fingerprint="v1")
    assert store.ids_needing_enrichment("v1") == ["a"]
    assert store.ids_needing_enrichment("v2") == ["a", "b"]


def test_an_enrichment_is_a_change_the_index_applies(store: Store) -> None:
    with store.transaction():
        store.put_record(sample_record(id="a", url="http://x/a"))
    crawled = store.current_seq()
    put_records(store, [sample_record(id="a", url="http://x/a", topics=["research"])])
    changes = store.changes_since(crawled)
    assert [(r.id, r.topics) for r in changes.records] == [("a", ["research"])]


def test_enriching_a_record_the_store_lacks_fails(store: Store) -> None:
    with pytest.raises(KeyError), store.transaction():
        store.put_enrichment(sample_record(id="ghost"), "v1")


def test_a_version_1_store_is_migrated_with_its_tags(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    old = sqlite3.connect(path)
    for statement in statements(MIGRATIONS[0]):
        old.execute(statement)
    old.execute(
        "INSERT INTO records (id, url, source, title, lang, published, event_date, partners, "
        "topics, body, fetched_at, enriched_with, seq) VALUES ('a', 'http://x/a', 's', 'T', "
        "'zh', '2021-07-20', '2021-07-18', '[{\"id\": \"btbu\", \"name\": \"BTBU\"}]', "
        "'[\"online_meeting\"]', '正文', '2021-07-21T00:00:00Z', 'fp', 5)"
    )
    old.execute(
        "INSERT INTO records (id, url, source, title, lang, body, fetched_at, seq) "
        "VALUES ('b', 'http://x/b', 's', 'U', 'en', 'text', '2021-07-21T00:00:00Z', 6)"
    )
    old.execute("INSERT INTO candidates (name, record_id) VALUES ('Atlantis University', 'a')")
    old.execute("UPDATE meta SET value = '6' WHERE key = 'seq'")
    old.execute("PRAGMA user_version = 1")
    old.commit()
    old.close()
    with Store(path) as store:
        migrated = store.record("a")
        assert migrated is not None
        assert [p.id for p in migrated.partners] == ["btbu"]
        assert migrated.topics == ["online_meeting"]
        assert migrated.event_date == "2021-07-18"
        assert store.ids_needing_enrichment("fp") == ["b"]
        assert [c.name for c in store.candidates()] == ["Atlantis University"]
        assert store.current_seq() == 6
        assert [r.id for r in store.changes_since(5).records] == ["b"]
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_candidates_counted_per_record_with_days_and_an_example(store: Store) -> None:
    with store.transaction():
        for rid, day in (("a", "2019-03-01"), ("b", "2021-06-30"), ("c", "2020-01-01")):
            title = f"Talks {rid}"
            store.put_record(
                sample_record(id=rid, url=f"http://x/{rid}", published=day, title=title)
            )
        for rid in "defghij":  # the source's other records name nothing
            store.put_record(sample_record(id=rid, url=f"http://x/{rid}"))
        store.set_candidates("a", ["University of Atlantis", "亚特兰蒂斯大学"])
        store.set_candidates("b", ["University of Atlantis"])
        store.set_candidates("c", ["University of Atlantis"])
        store.set_candidates("c", [])  # re-enrichment replaces a record's candidates
    rows = store.candidates()
    assert [(r.name, r.count, r.first, r.last) for r in rows] == [
        ("University of Atlantis", 2, "2019-03-01", "2021-06-30"),
        ("亚特兰蒂斯大学", 1, "2019-03-01", "2019-03-01"),
    ]
    assert (rows[0].example_id, rows[0].example_title) == ("b", "Talks b")  # the newest


def test_candidates_leave_out_a_sources_own_units(store: Store) -> None:
    with store.transaction():
        for rid, source in (("a", "ours"), ("b", "ours"), ("c", "theirs"), ("d", "ours")):
            store.put_record(sample_record(id=rid, url=f"http://x/{rid}", source=source))
        for rid in "efghij":
            store.put_record(sample_record(id=rid, url=f"http://x/{rid}", source="theirs"))
        # "Signature College" is on 3 of the 4 records of "ours": a byline.
        store.set_candidates("a", ["Business School of Atlantis", "Signature College"])
        store.set_candidates("b", ["Signature College"], own=["Business School of Atlantis"])
        store.set_candidates("d", ["Signature College"])
        store.set_candidates("c", ["Business School of Atlantis", "Byline Institute"])
    rows = {r.name: r.count for r in store.candidates()}
    # Own in "ours", still a candidate where "theirs" names it.
    assert rows == {"Business School of Atlantis": 1, "Byline Institute": 1}


def test_runs_are_recorded(store: Store) -> None:
    run = store.start_run(RunKind.UPDATE)
    assert store.last_run() is None
    store.finish_run(run, RunStatus.PARTIAL, {"sources": [{"name": "a", "failed": True}]})
    index_run = store.start_run(RunKind.INDEX)
    store.finish_run(index_run, RunStatus.OK, {})
    last = store.last_run(RunKind.UPDATE)
    assert last is not None
    assert last.status is RunStatus.PARTIAL
    assert last.report["sources"][0]["name"] == "a"
    latest = store.last_run(RunKind.UPDATE, RunKind.INDEX)
    assert latest is not None and latest.kind is RunKind.INDEX


def test_stable_ids_for_equal_canonical_urls() -> None:
    url = "https://ic.example.edu.cn/2021/0720/c1234a56789/page.htm"
    assert record_id(url) == record_id(str(url))
    assert record_id(url) != record_id(url.replace("56789", "56780"))
    assert len(record_id(url)) == 16
    assert record_id(url) == record_id("https://ic.example.edu.cn/2021/0720/c1234a56789/page.htm")


def test_readonly_store_refuses_missing_file(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no store yet"):
        Store(tmp_path / "absent.sqlite3", readonly=True)
