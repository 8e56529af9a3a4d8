"""The SQLite system of record: round trips, migrations, atomicity, change tracking."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kb.record import PartnerRef, Record, record_id
from kb.store import SCHEMA_VERSION, PageWrite, Store, StoreError


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
    with store.transaction():
        store.put_record(record, enriched_with="fp1")
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
    with store.transaction():
        store.put_record(record)
    assert store.record(record.id) == record


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
        from kb.record import Record
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
        store.put_record(sample_record(id="b", url="http://x/b"), enriched_with="v1")
    assert store.ids_needing_enrichment("v1") == ["a"]
    assert store.ids_needing_enrichment("v2") == ["a", "b"]


def test_candidates_counted_per_record(store: Store) -> None:
    with store.transaction():
        for rid in ("a", "b", "c"):
            store.put_record(sample_record(id=rid, url=f"http://x/{rid}"))
        store.set_candidates("a", ["University of Atlantis", "亚特兰蒂斯大学"])
        store.set_candidates("b", ["University of Atlantis"])
        store.set_candidates("c", ["University of Atlantis"])
        store.set_candidates("c", [])  # re-enrichment replaces a record's candidates
    rows = store.candidates()
    assert [(r.name, r.count) for r in rows] == [
        ("University of Atlantis", 2),
        ("亚特兰蒂斯大学", 1),
    ]
    assert sorted(rows[0].examples) == ["a", "b"]


def test_runs_are_recorded(store: Store) -> None:
    run = store.start_run("update")
    assert store.last_run() is None
    store.finish_run(run, "partial", {"sources": [{"name": "a", "failed": True}]})
    last = store.last_run("update")
    assert last["status"] == "partial"
    assert last["report"]["sources"][0]["name"] == "a"


def test_stable_ids_for_equal_canonical_urls() -> None:
    url = "https://ic.example.edu.cn/2021/0720/c1234a56789/page.htm"
    assert record_id(url) == record_id(str(url))
    assert record_id(url) != record_id(url.replace("56789", "56780"))
    assert len(record_id(url)) == 16
    assert record_id(url) == record_id("https://ic.example.edu.cn/2021/0720/c1234a56789/page.htm")


def test_readonly_store_refuses_missing_file(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no store yet"):
        Store(tmp_path / "absent.sqlite3", readonly=True)
