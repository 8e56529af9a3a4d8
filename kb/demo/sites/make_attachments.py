"""Regenerate the attachment files of the ic-zh demo site.

The article "我校与谢菲尔德大学召开合作项目线上推进会" (ic-zh, 2021-10-19) links two
attachments in the WebPlus style under /_upload/article/files/...:

* a PDF with the meeting notes (会谈纪要), written with reportlab's built-in
  'STSong-Light' CID font so that no font file is needed;
* a DOCX with the draft implementation plan (项目实施方案（征求意见稿）), written with
  python-docx, including a table.

Both contain phrases that appear nowhere in the HTML pages ("劳动世界变迁联合暑期课程",
"GJC-2021-017", "Bridging Module in Research Methods", "学分转换对照表"), so a test can
prove that attachment text is extracted and searchable.

The outputs are committed; run this only to rebuild them:

    python kb/demo/sites/make_attachments.py
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

FILES_DIR = (
    Path(__file__).resolve().parent
    / "ic-zh/_upload/article/files/5d/2c/1f8e7a3b4c6d9e0f12a3b4c5d6e7"
)
PDF_NAME = "3b6e1f0a-7c2d-4e8b-9a51-0d4c7f2e6b93.pdf"
DOCX_NAME = "8e0d4a7c-2b1f-4c9e-a635-7f1d2e9b0c48.docx"

PDF_TITLE = "中国劳动关系学院—英国谢菲尔德大学合作项目线上推进会会谈纪要"
PDF_LINES = [
    ("meta", "纪要编号：GJC-2021-017"),
    ("meta", "时间：2021年10月15日（星期五）15:00—16:30（北京时间）"),
    ("meta", "形式：视频会议"),
    ("meta", "我方出席：副校长赵启明，国际交流与合作处处长许文博，劳动关系与人力资源学院院长韩松"),
    ("meta", "外方出席：谢菲尔德大学管理学院副院长Helen Marsh教授，国际合作办公室项目经理Tom Reid"),
    ("head", "一、会议议定事项"),
    (
        "para",
        "1. 双方同意成立联合工作组，由两校国际事务部门牵头，按季度召开线上工作会议，跟踪合作项目进展。",
    ),
    (
        "para",
        "2. 研究生联合培养项目拟于2022年秋季学期启动首期招生，首期招生规模不超过10人，招生简章由我方起草、外方审核。",
    ),
    (
        "para",
        "3. 双方同意设立“劳动世界变迁联合暑期课程”（Joint Summer Course on the Changing World of Work），"
        "每年7月以线上方式授课两周，两校各推荐不超过20名学生参加，课程合格者由两校共同颁发证书。",
    ),
    ("para", "4. 外方将于2021年11月底前提供研究生课程大纲及学分说明，我方据此完成课程比对。"),
    ("head", "二、待研究事项"),
    ("para", "1. 联合培养学生的学位论文指导方式与答辩安排。"),
    ("para", "2. 奖学金设置及学费减免比例。"),
    ("head", "三、下次会议"),
    ("para", "下次线上工作会议定于2022年1月中旬召开，具体时间由双方另行商定。"),
    ("sign", "记录人：林晓　　审核：许文博"),
]

DOCX_TITLE = "中国劳动关系学院与英国谢菲尔德大学研究生联合培养项目实施方案（征求意见稿）"
DOCX_SECTIONS = [
    (
        "一、项目名称与目标",
        [
            "项目名称：人力资源管理“1+1”双硕士学位项目（以下简称“项目”）。",
            "项目旨在培养熟悉国际劳动标准与跨国企业人力资源管理实务、具有国际视野的高层次专业人才。",
        ],
    ),
    (
        "二、招生与选拔",
        [
            "招生对象为我校劳动关系与人力资源学院在读一年级硕士研究生。",
            "申请人须达到雅思总分6.5分（单项不低于6.0分）或同等水平，经学院初审、双方联合面试后确定录取名单。",
        ],
    ),
    (
        "三、培养安排",
        [
            "第一学年在我校完成核心课程学习，第二学年赴谢菲尔德大学管理学院学习并完成学位论文。",
            "赴英前，学生须修读外方开设的线上衔接课程“Bridging Module in Research Methods”，考核合格后方可注册外方课程。",
            "两校课程学分按下表（学分转换对照表）进行认定：",
        ],
    ),
    (
        "四、费用与奖学金",
        [
            "学生在我校学习期间按我校标准缴纳学费，在外方学习期间按外方标准缴纳学费，外方为项目学生提供学费减免。",
            "优秀学生可申请国家留学基金委有关项目资助。",
        ],
    ),
    (
        "五、质量保障",
        ["双方共同组建项目管理委员会，每学年对项目运行情况进行评估，并根据评估结果调整培养方案。"],
    ),
]
CREDIT_TABLE = [
    ("我校课程", "学分", "谢菲尔德大学对应课程", "Credits"),
    ("劳动关系理论与实践", "3", "Employment Relations: Theory and Practice", "15"),
    ("国际人力资源管理", "3", "International Human Resource Management", "15"),
    ("劳动经济学研究方法", "2", "Bridging Module in Research Methods", "10"),
    ("比较劳动法", "2", "Comparative Labour Law", "15"),
]


def make_pdf(path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    base = dict(fontName="STSong-Light", wordWrap="CJK")
    styles = {
        "title": ParagraphStyle(
            "title", fontSize=16, leading=24, alignment=1, spaceAfter=10, **base
        ),
        "meta": ParagraphStyle("meta", fontSize=10.5, leading=17, **base),
        "head": ParagraphStyle(
            "head", fontSize=12, leading=20, spaceBefore=8, spaceAfter=2, **base
        ),
        "para": ParagraphStyle("para", fontSize=11, leading=19, firstLineIndent=22, **base),
        "sign": ParagraphStyle(
            "sign", fontSize=11, leading=19, alignment=2, spaceBefore=12, **base
        ),
    }
    doc = SimpleDocTemplate(
        str(path),
        pagesize=A4,
        leftMargin=25 * mm,
        rightMargin=25 * mm,
        topMargin=25 * mm,
        bottomMargin=25 * mm,
        title="会谈纪要",
        author="国际交流与合作处",
        invariant=1,
    )
    story = [Paragraph(PDF_TITLE, styles["title"]), Spacer(1, 4)]
    for kind, text in PDF_LINES:
        story.append(Paragraph(text, styles[kind]))
    doc.build(story)


def make_docx(path: Path) -> None:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = "SimSun"
    normal.font.size = Pt(12)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")

    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(DOCX_TITLE)
    run.bold = True
    run.font.size = Pt(16)

    for heading, paragraphs in DOCX_SECTIONS:
        h = document.add_paragraph()
        h.add_run(heading).bold = True
        for text in paragraphs:
            document.add_paragraph(text).paragraph_format.first_line_indent = Pt(24)
        if heading.startswith("三"):
            table = document.add_table(rows=0, cols=4)
            table.style = "Table Grid"
            for row in CREDIT_TABLE:
                cells = table.add_row().cells
                for cell, value in zip(cells, row, strict=True):
                    cell.text = value

    sign = document.add_paragraph("国际交流与合作处　2021年10月")
    sign.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    props = document.core_properties
    props.title = "项目实施方案（征求意见稿）"
    props.author = "国际交流与合作处"
    fixed = _dt.datetime(2021, 10, 18, 9, 0, 0)
    props.created = fixed
    props.modified = fixed
    props.last_modified_by = "国际交流与合作处"
    document.save(str(path))


def main() -> None:
    FILES_DIR.mkdir(parents=True, exist_ok=True)
    make_pdf(FILES_DIR / PDF_NAME)
    make_docx(FILES_DIR / DOCX_NAME)
    print(f"wrote {FILES_DIR / PDF_NAME}")
    print(f"wrote {FILES_DIR / DOCX_NAME}")


if __name__ == "__main__":
    main()
