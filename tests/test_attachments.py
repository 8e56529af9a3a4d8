"""Every attachment format gives searchable text, from real files the tests write: XLSX,
XLS, PPTX; old binary Word and PowerPoint as an office suite (LibreOffice, when installed)
saves them, Word read through Debian's readers (skipped and counted when they are missing);
a scanned PDF through Tesseract OCR.

The phrases are hand-written; each test reads them back out of the file it wrote.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from scraper.attachments import AttachmentError, attachment_text
from scraper.office import ToolMissing, ole_format

PHRASE_ZH = "中外合作办学项目年度检查"
PHRASE_EN = "Joint supervision of doctoral students"


def test_xlsx_cells_by_row() -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "2024年交流名单"
    sheet.append(["序号", "合作院校", "项目"])
    sheet.append([1, "英国谢菲尔德大学", PHRASE_ZH])
    sheet.append([2, "Monash University", PHRASE_EN])
    out = io.BytesIO()
    book.save(out)
    text = attachment_text(out.getvalue(), "https://x.edu.cn/download.jsp?id=7")
    assert text is not None
    assert "2024年交流名单" in text
    assert f"1 英国谢菲尔德大学 {PHRASE_ZH}" in text  # a row per line, cells spaced
    assert PHRASE_EN in text


def test_xls_cells_by_row() -> None:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("名单")
    for col, value in enumerate(["合作院校", PHRASE_ZH]):
        sheet.write(0, col, value)
    sheet.write(1, 0, PHRASE_EN)
    out = io.BytesIO()
    book.save(out)
    data = out.getvalue()
    assert ole_format(data) == "xls"
    text = attachment_text(data, "https://x.edu.cn/files/list.xls")
    assert text is not None and PHRASE_ZH in text and PHRASE_EN in text


def _deck() -> Any:
    """A deck with a title, a text box and a table, as python-pptx writes it."""
    import pptx
    from pptx.util import Inches

    deck = pptx.Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[1])
    slide.shapes.title.text = "国际交流工作汇报"
    slide.placeholders[1].text = PHRASE_ZH
    table = slide.shapes.add_table(1, 2, Inches(1), Inches(4), Inches(6), Inches(1)).table
    table.cell(0, 0).text = PHRASE_EN
    return deck


def test_pptx_slides_and_tables() -> None:
    deck = _deck()
    out = io.BytesIO()
    deck.save(out)
    text = attachment_text(out.getvalue(), "https://x.edu.cn/a.pptx")
    assert text is not None
    assert "国际交流工作汇报" in text and PHRASE_ZH in text and PHRASE_EN in text


def test_a_corrupt_office_file_is_an_attachment_error() -> None:
    with pytest.raises(AttachmentError):
        attachment_text(b"PK\x03\x04not really a zip", "https://x.edu.cn/a.xlsx")
    with pytest.raises(AttachmentError):
        attachment_text(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, "https://x.edu.cn/a.doc")


def test_old_word_needs_its_readers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without antiword or catdoc on PATH a DOC is skipped, not an error."""
    fake_doc = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le")
    fake_ppt = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "PowerPoint Document".encode("utf-16-le")
    assert (ole_format(fake_doc), ole_format(fake_ppt)) == ("doc", "ppt")
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(ToolMissing):
        attachment_text(fake_doc, "https://x.edu.cn/a.doc")
    with pytest.raises(AttachmentError):  # read in Python: broken, not missing a tool
        attachment_text(fake_ppt, "https://x.edu.cn/a.ppt")


def _saved_by_office_suite(source: Path, target: str) -> bytes:
    """`source` converted by LibreOffice, as a user's "Save as" would write it."""
    out = source.parent / "out"
    subprocess.run(
        [
            "soffice",
            "--headless",
            "--norestore",
            f"-env:UserInstallation=file://{source.parent / 'profile'}",
            *(["--infilter=Text (encoded):UTF8"] if source.suffix == ".txt" else []),
            "--convert-to",
            target,
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return (out / f"{source.stem}.{target.split(':')[0]}").read_bytes()


needs_office_suite = pytest.mark.skipif(
    not shutil.which("soffice"), reason="needs LibreOffice (libreoffice-writer-nogui)"
)


@needs_office_suite
@pytest.mark.skipif(
    not shutil.which("antiword") or not shutil.which("catdoc"), reason="needs antiword, catdoc"
)
def test_old_word_long_and_short(tmp_path: Path) -> None:
    """A report of several paragraphs (antiword reads it) and a one-line notice (antiword
    calls it too small; catdoc reads it)."""
    long_source = tmp_path / "report.txt"
    paragraph = f"{PHRASE_ZH}：与英国谢菲尔德大学联合培养硕士研究生的情况说明。"
    long_source.write_text("\n\n".join([paragraph] * 30 + [PHRASE_EN]), encoding="utf-8")
    short_source = tmp_path / "notice.txt"
    short_source.write_text(f"{PHRASE_ZH}\n{PHRASE_EN}\n", encoding="utf-8")
    for source in (long_source, short_source):
        data = _saved_by_office_suite(source, "doc:MS Word 97")
        assert ole_format(data) == "doc"
        text = attachment_text(data, f"https://x.edu.cn/{source.stem}.doc")
        assert text is not None
        assert PHRASE_ZH in text and PHRASE_EN in text


@needs_office_suite
def test_old_powerpoint_slides_and_tables(tmp_path: Path) -> None:
    deck = _deck()
    second = deck.slides.add_slide(deck.slide_layouts[5])
    second.shapes.title.text = "Summer school with Monash University"
    source = tmp_path / "briefing.pptx"
    deck.save(str(source))
    data = _saved_by_office_suite(source, "ppt")
    assert ole_format(data) == "ppt"
    text = attachment_text(data, "https://x.edu.cn/briefing.ppt")
    assert text is not None
    lines = text.splitlines()
    second_title = "Summer school with Monash University"
    for wanted in ("国际交流工作汇报", PHRASE_ZH, PHRASE_EN, second_title):
        assert lines.count(wanted) == 1
    assert lines.index("国际交流工作汇报") < lines.index(second_title)
    assert not any("Click to edit" in line for line in lines)  # master prompts stay out


FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")


def _has_chinese_ocr() -> bool:
    if not shutil.which("tesseract") or not FONT.exists():
        return False
    langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True)
    return "chi_sim" in langs.stdout.split()


@pytest.mark.skipif(
    not _has_chinese_ocr(), reason="needs tesseract with chi_sim and fonts-wqy-microhei"
)
def test_ocr_reads_a_scanned_pdf() -> None:
    """A page rendered as an image (no text layer), as a scanner makes it."""
    from PIL import Image, ImageDraw, ImageFont

    page = Image.new("RGB", (1240, 700), "white")
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(str(FONT), 56)
    draw.text((80, 120), "会议纪要", fill="black", font=font)
    draw.text((80, 260), PHRASE_ZH, fill="black", font=font)
    draw.text((80, 400), PHRASE_EN, fill="black", font=ImageFont.truetype(str(FONT), 44))
    out = io.BytesIO()
    page.save(out, "PDF", resolution=150)
    text = attachment_text(out.getvalue(), "https://x.edu.cn/scan.pdf")
    assert text is not None
    assert PHRASE_ZH in text
    assert "doctoral" in text


def test_a_scanned_pdf_without_ocr_is_skipped(monkeypatch: pytest.MonkeyPatch) -> None:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (400, 300), "white").save(out, "PDF")
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(ToolMissing):
        attachment_text(out.getvalue(), "https://x.edu.cn/scan.pdf")
