"""JSONL and CSV exports, field by field, and the JSONL import that restores them."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from kb.app.export import CSV_FIELDS, write
from kb.app.labels import Labels
from kb.core.record import RECORD_FIELDS, PartnerRef, Record
from kb.lexicon.gazetteer import Gazetteer
from kb.lexicon.taxonomy import Taxonomy
from kb.store import RecordImportError, Store, backup, import_jsonl

RECORDS = [
    Record(
        id="0123456789abcdef",
        url="https://ic.example.edu.cn/2021/0720/c1a2/page.htm",
        source="culr-ic",
        title='与北京工商大学线上交流, "quoted"',
        lang="zh",
        published="2021-07-20",
        event_date="2021-07-18",
        partners=[
            PartnerRef("btbu", "Beijing Technology and Business University"),
            PartnerRef("ilo", "International Labour Organization"),
        ],
        topics=["online_meeting", "foreign_students"],
        body="第一段。\n第二段, with a comma.",
        attachments=["https://ic.example.edu.cn/a.pdf", "https://ic.example.edu.cn/b.docx"],
        attachment_text="纪要",
        fetched_at="2021-07-21T02:00:00Z",
        extractor="webplus",
    ),
    Record(
        id="fedcba9876543210",
        url="https://news.example.edu.cn/news/2022/03/visit/",
        source="culr-en",
        title="Sheffield delegation visits",
        lang="en",
        published="2022-03-05",
        event_date=None,
        partners=[],
        topics=[],
        body="Text.",
        fetched_at="2022-03-06T00:00:00Z",
    ),
]
LABELS = Labels(Gazetteer.load(), Taxonomy.load())


def test_jsonl_has_exactly_the_record_fields_in_order() -> None:
    out = io.StringIO()
    assert write(RECORDS, out, fmt="jsonl", labels=LABELS) == 2
    lines = out.getvalue().splitlines()
    first = json.loads(lines[0])
    assert list(first) == list(RECORD_FIELDS)
    assert first["id"] == "0123456789abcdef"
    assert first["title"] == '与北京工商大学线上交流, "quoted"'
    assert first["partners"] == [
        {"id": "btbu", "name": "Beijing Technology and Business University"},
        {"id": "ilo", "name": "International Labour Organization"},
    ]
    assert first["topics"] == ["online_meeting", "foreign_students"]
    assert first["event_date"] == "2021-07-18"
    assert first["attachments"][1] == "https://ic.example.edu.cn/b.docx"
    assert first["attachment_text"] == "纪要"
    assert first["fetched_at"] == "2021-07-21T02:00:00Z"
    assert "extractor" not in first
    second = json.loads(lines[1])
    assert second["event_date"] is None
    assert second["partners"] == []
    assert "北京工商大学" in lines[0]  # UTF-8 text, not \u escapes


def test_csv_header_and_cells() -> None:
    out = io.StringIO()
    write(RECORDS, out, fmt="csv", labels=LABELS)
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[0] == [*RECORD_FIELDS, "partner_names", "topic_names"] == list(CSV_FIELDS)
    cells = dict(zip(rows[0], rows[1], strict=True))
    assert cells["title"] == '与北京工商大学线上交流, "quoted"'
    assert cells["partners"] == "btbu; ilo"
    assert cells["topics"] == "online_meeting; foreign_students"
    assert cells["attachments"] == (
        "https://ic.example.edu.cn/a.pdf; https://ic.example.edu.cn/b.docx"
    )
    assert cells["body"] == "第一段。\n第二段, with a comma."
    # Names for people reading the spreadsheet, in the export's language.
    assert cells["partner_names"] == (
        "Beijing Technology and Business University; International Labour Organization"
    )
    assert cells["topic_names"] == "Online meetings; International students"
    empty = dict(zip(rows[0], rows[2], strict=True))
    assert (empty["event_date"], empty["partners"], empty["topics"]) == ("", "", "")
    assert not out.getvalue().startswith("\ufeff")


def test_csv_names_follow_the_locale() -> None:
    out = io.StringIO()
    write(RECORDS[:1], out, fmt="csv", labels=LABELS, locale="zh")
    header, row = csv.reader(io.StringIO(out.getvalue()))
    cells = dict(zip(header, row, strict=True))
    assert cells["partner_names"] == "北京工商大学; 国际劳工组织"
    assert cells["topic_names"] == "线上交流; 来华留学"


def test_csv_defuses_spreadsheet_formulas_in_scraped_text() -> None:
    hostile = Record.from_public(
        {**RECORDS[1].to_public(), "title": '=HYPERLINK("http://evil")', "body": "-2+3"}
    )
    out = io.StringIO()
    write([hostile], out, fmt="csv", labels=LABELS)
    cells = dict(zip(*csv.reader(io.StringIO(out.getvalue())), strict=True))
    assert cells["title"] == '\'=HYPERLINK("http://evil")'
    assert cells["body"] == "'-2+3"
    assert cells["url"] == RECORDS[1].url  # ordinary cells untouched


def test_csv_bom_for_excel() -> None:
    out = io.StringIO()
    write(RECORDS[:1], out, fmt="csv", labels=LABELS, bom=True)
    assert out.getvalue().startswith("\ufeffid,url,source,")


def test_jsonl_export_imports_back_identically(tmp_path: Path) -> None:
    out = io.StringIO()
    write(RECORDS, out, fmt="jsonl", labels=LABELS)
    with Store(tmp_path / "restored.sqlite3") as store:
        assert import_jsonl(out.getvalue().splitlines(), store) == 2
        restored = list(store.iter_records())
    assert [r.to_public() for r in restored] == [r.to_public() for r in RECORDS]


def test_a_bad_import_line_imports_nothing(tmp_path: Path) -> None:
    good = json.dumps(RECORDS[0].to_public(), ensure_ascii=False)
    with Store(tmp_path / "kb.sqlite3") as store:
        with pytest.raises(RecordImportError, match="line 2"):
            import_jsonl([good, '{"id": "x"}'], store)
        assert store.count_records() == 0


def test_online_backup_is_a_complete_store(tmp_path: Path) -> None:
    with Store(tmp_path / "kb.sqlite3") as store:
        with store.transaction():
            for record in RECORDS:
                store.put_record(record)
        assert backup(store, tmp_path / "backup" / "copy.sqlite3") > 0
    with Store(tmp_path / "backup" / "copy.sqlite3") as copy:
        assert [r.id for r in copy.iter_records()] == [r.id for r in RECORDS]
