"""The crawler's parts on their own: URLs, dates, text, encodings, language, files, lists."""

from __future__ import annotations

import io
from datetime import timedelta, timezone

import docx
import pytest
from reportlab.lib import pdfencrypt
from reportlab.pdfgen import canvas

from scraper.attachments import AttachmentError, attachment_text
from scraper.dates import CHINA_TIME, date_from_url, parse_date, parse_machine_date, site_timezone
from scraper.document import Page
from scraper.dom import article_text
from scraper.encoding import decode_html
from scraper.lang import detect_language
from scraper.listing import main_listing
from scraper.metadata import page_published, page_title
from scraper.pagination import next_pages
from scraper.profiles import feed
from scraper.profiles.base import ListedLink
from scraper.text import normalize_line, normalize_text
from scraper.urls import canonicalize, host_key, is_non_html

BASE = "http://ic.example.edu.cn/gjjl/list.htm"


def _page(html: str, url: str = BASE, content_type: str = "text/html; charset=utf-8") -> Page:
    return Page(url, html.encode("utf-8"), content_type)


# -- URLs ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "href",
    [
        "/2021/0720/c1234a56789/page.htm",
        "../2021/0720/c1234a56789/page.htm",
        "/2021/0720/c1234a56789/page.htm?from=home",
        "/2021/0720/c1234a56789/page.htm#comments",
        "/2021/0720/c1234a56789/page.htm?utm_source=wechat&utm_medium=share&from=timeline",
        "HTTP://IC.Example.EDU.CN:80/2021/0720/c1234a56789/page.htm",
        "/gjjl/../2021/./0720/c1234a56789/page.htm",
        "  /2021/0720/c1234a56789/page.htm\n",
    ],
)
def test_every_way_of_linking_an_article_gives_one_url(href: str) -> None:
    assert canonicalize(href, BASE) == "http://ic.example.edu.cn/2021/0720/c1234a56789/page.htm"


def test_content_selecting_query_parameters_are_kept_and_sorted() -> None:
    url = canonicalize("/news/show.php?id=12&cat=3&spm=a.b.c", BASE)
    assert url == "http://ic.example.edu.cn/news/show.php?cat=3&id=12"


@pytest.mark.parametrize(
    "href", ["javascript:void(0)", "mailto:gjc@example.edu.cn", "tel:+8610", "#top", ""]
)
def test_links_that_are_not_pages_are_dropped(href: str) -> None:
    assert canonicalize(href, BASE) is None


def test_non_ascii_paths_are_percent_encoded() -> None:
    assert canonicalize("/新闻/通知 1.htm", BASE) == (
        "http://ic.example.edu.cn/%E6%96%B0%E9%97%BB/%E9%80%9A%E7%9F%A5%201.htm"
    )


def test_hosts_and_file_types() -> None:
    assert host_key("https://IC.example.edu.cn:443/x") == "ic.example.edu.cn"
    assert host_key("http://127.0.0.1:8080/x") == "127.0.0.1:8080"
    assert is_non_html("http://h/_upload/files/minutes.PDF")
    assert not is_non_html("http://h/2021/0720/c1a2/page.htm")


# -- dates -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("发布时间：2021-07-20", "2021-07-20"),
        ("时间：2022年03月15日 10:20", "2022-03-15"),
        ("发布日期：2022-3-5 来源：外国语学院", "2022-03-05"),
        ("Posted on July 21, 2021 by the International Office", "2021-07-21"),
        ("Published 3 November 2020", "2020-11-03"),
        ("Date: 2021/11/18", "2021-11-18"),
        ("2020.09.15", "2020-09-15"),
        ("No date in 2+2 programme v1.2.3", None),
        ("2020-02-30 is not a day; 2020-02-29 is", "2020-02-29"),
    ],
)
def test_dates_in_the_forms_pages_write(text: str, day: str | None) -> None:
    assert parse_date(text) == day


def test_iso_timestamps_with_an_offset_become_the_sites_local_date() -> None:
    stamp = "2021-07-20T23:30:00-04:00"
    assert parse_machine_date(stamp) == "2021-07-20"  # zone unknown: the stamp's own offset
    assert parse_machine_date(stamp, CHINA_TIME) == "2021-07-21"  # a Chinese site: UTC+8
    assert parse_machine_date("2021-09-09T18:30:00Z", CHINA_TIME) == "2021-09-10"
    assert parse_date("2021-07-20T23:30:00-04:00", CHINA_TIME) == "2021-07-21"
    assert parse_machine_date("Thu, 09 Sep 2021 18:30:00 +0000") == "2021-09-09"


def test_the_site_zone_is_known_for_chinese_sites_only() -> None:
    assert site_timezone("http://www.example.edu.cn/a", "en") == CHINA_TIME
    assert site_timezone("http://127.0.0.1:8000/a", "zh") == CHINA_TIME
    assert site_timezone("https://www.sheffield.ac.uk/news", "en") is None
    assert timezone(timedelta(hours=8)).utcoffset(None) == CHINA_TIME.utcoffset(None)


def test_dates_cms_put_in_urls() -> None:
    assert date_from_url("http://h/2021/0720/c1234a56789/page.htm") == "2021-07-20"
    assert date_from_url("http://h/xwzx/202203/t20220305_1001.html") == "2022-03-05"
    assert date_from_url("http://h/news/2021/07/21/summer-school/") == "2021-07-21"
    assert date_from_url("http://h/info/1043/5678.htm") is None


# -- text ------------------------------------------------------------------------------------


def test_word_pasted_span_soup_reads_as_plain_text() -> None:
    html = (
        "<div><p class='MsoNormal'><span>　　</span><span>4</span><span>月</span>\n"
        "<span lang='EN-US'>13</span><span>日，</span>\n<span>双方&nbsp;&nbsp;进行了</span>"
        "<span>交流。<o:p></o:p></span></p><p><span>&nbsp;</span></p>"
        "<p>The University of&nbsp;Macau\u3000and us.</p></div>"
    )
    assert (
        article_text(_page(html).soup.div)
        == "4月13日，双方 进行了交流。\nThe University of Macau and us."
    )


def test_an_authored_space_in_a_chinese_title_survives() -> None:
    assert normalize_line("代表团来访 双方探讨联合培养") == "代表团来访 双方探讨联合培养"
    assert normalize_line("代表团\n  来访") == "代表团来访"


def test_page_furniture_lines_are_dropped() -> None:
    text = "正文第一段。\n浏览次数：128\n【打印本页】【关闭窗口】\nViews: 12\n正文第二段。"
    assert normalize_text(text) == "正文第一段。\n正文第二段。"


def test_sidebars_counters_and_scripts_leave_the_article_body() -> None:
    html = """<div class="content"><p>我校与莫纳什大学签署合作协议。</p>
      <script>document.write("统计")</script><style>p{}</style>
      <p>浏览次数：<span class="WP_VisitCount">88</span></p>
      <div class="share">分享到：微信 微博</div>
      <div><h3>相关新闻</h3><ul><li><a href="/a.htm">另一条新闻的标题</a></li></ul></div>
      <h4>推荐阅读</h4><ul><li><a href="/b.htm">推荐的新闻标题</a></li></ul>
      <p>协议有效期五年。</p></div>"""
    assert article_text(_page(html).soup.div) == "我校与莫纳什大学签署合作协议。\n协议有效期五年。"


def test_a_wrapper_whose_class_sounds_like_furniture_is_kept() -> None:
    html = "<div><div class='main side-layout'><p>" + "正文" * 50 + "</p></div><p>x</p></div>"
    assert ("正文" * 50) in article_text(_page(html).soup.div)


# -- encodings -------------------------------------------------------------------------------


def test_gb2312_declared_page_decodes_as_gb18030() -> None:
    html = '<html><head><meta charset="gb2312"></head><body>朱镕基、张堃、王喆</body></html>'
    assert "朱镕基、张堃、王喆" in decode_html(html.encode("gb18030"), "text/html")


def test_the_http_header_charset_wins_over_meta() -> None:
    html = '<html><head><meta charset="gb2312"></head><body>国际交流</body></html>'
    assert "国际交流" in decode_html(html.encode("utf-8"), "text/html; charset=utf-8")


def test_an_undeclared_legacy_encoding_is_detected() -> None:
    html = (
        "<html><body><p>"
        + "我校与北京工商大学开展国际交流与合作线上调研，双方就留学生招生进行了交流。" * 3
    )
    assert "北京工商大学" in decode_html((html + "</p></body></html>").encode("gbk"), "text/html")


# -- language --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("我校与北京工商大学（BTBU）开展线上交流，双方就国际学生招生交换了意见。", "zh"),
        (
            "Our university and BTBU (北京工商大学) held an online meeting on student exchange.",
            "en",
        ),
        (
            "L'université a signé un accord de coopération avec les partenaires pour la mobilité.",
            "fr",
        ),
        ("早稲田大学との学術交流協定を締結しました。", "ja"),
    ],
)
def test_language_is_detected_from_the_text(text: str, lang: str) -> None:
    assert detect_language(text) == lang


# -- attachments -----------------------------------------------------------------------------


def _pdf(text: str, encrypt: pdfencrypt.StandardEncryption | None = None) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, encrypt=encrypt)
    pdf.drawString(72, 720, text)
    pdf.save()
    return buffer.getvalue()


def test_pdf_and_docx_text_is_extracted() -> None:
    assert attachment_text(_pdf("Minutes of the Sheffield meeting"), "x.pdf") == (
        "Minutes of the Sheffield meeting"
    )
    document = docx.Document()
    document.add_paragraph("会议纪要")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "派出人数", "12"
    buffer = io.BytesIO()
    document.save(buffer)
    assert attachment_text(buffer.getvalue(), "download.jsp?id=1") == "会议纪要\n派出人数\n12"


@pytest.mark.parametrize(
    "data",
    [
        _pdf("secret", pdfencrypt.StandardEncryption("s3cret", canPrint=0)),
        b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrunc",
        b"<html>not a pdf at all</html>",
    ],
    ids=["encrypted", "corrupt", "not-a-pdf"],
)
def test_unreadable_pdfs_raise(data: bytes) -> None:
    with pytest.raises(AttachmentError):
        attachment_text(data, "http://h/minutes.pdf")


def test_other_file_types_have_no_text() -> None:
    assert attachment_text(b"Rar!\x1a\x07\x00 archive", "http://h/files.rar") is None
    assert attachment_text(b"\x89PNG\r\n\x1a\n image", "http://h/download.jsp?id=3") is None
    with pytest.raises(AttachmentError):  # named a Word file, but not one
        attachment_text(b"\xd0\xcf\x11\xe0 legacy word", "http://h/form.doc")


# -- pagination ------------------------------------------------------------------------------


def test_next_pages_from_text_rel_and_numbered_pagers() -> None:
    html = """<div class="list">
      <a href="/a/list.htm">2022</a>
      <div class="wp_paging"><a class="first" href="javascript:void(0);">第一页</a>
        <a href="/gjjl/list2.htm">2</a><a href="/gjjl/list3.htm">3</a></div>
      <span class="p_next p_fun"><a href="gjhz/2.htm">下页</a></span>
      <a href="/en/news/page/2/">Next ›</a><a href="/older">Older posts</a>
      <link rel="next" href="/feed?page=2"></div>"""
    assert next_pages(_page(html)) == [
        "http://ic.example.edu.cn/feed?page=2",
        "http://ic.example.edu.cn/gjjl/list2.htm",
        "http://ic.example.edu.cn/gjjl/list3.htm",
        "http://ic.example.edu.cn/gjjl/gjhz/2.htm",
        "http://ic.example.edu.cn/en/news/page/2/",
        "http://ic.example.edu.cn/older",
    ]


# -- metadata --------------------------------------------------------------------------------


def test_title_prefers_declared_metadata_then_the_heading_title_repeats() -> None:
    declared = '<head><meta property="og:title" content="Declared Title"></head><h1>Logo</h1>'
    assert page_title(_page(declared)) == "Declared Title"
    repeated = "<title>会议报道_新闻中心_示例大学</title><body><h1>示例大学</h1><h2>会议报道</h2>"
    assert page_title(_page(repeated)) == "会议报道"
    cut = "<body><h2>栏目</h2><h3>我校与英国谢菲尔德大学召开学生交流项目线上推进会</h3></body>"
    assert page_title(_page(cut), "我校与英国谢菲尔德大学召开...") == (
        "我校与英国谢菲尔德大学召开学生交流项目线上推进会"
    )
    bare = "<title>Visiting Scholars Arrive | Northbridge University</title><p>text</p>"
    assert page_title(_page(bare)) == "Visiting Scholars Arrive"


def test_published_date_sources_in_order_of_trust() -> None:
    jsonld = (
        '<script type="application/ld+json">'
        '{"@type": "NewsArticle", "datePublished": "2021-07-20"}</script>'
    )
    meta = '<meta name="PubDate" content="2022-01-10 09:30">'
    time_tag = '<time datetime="2022-03-15T10:20:00+08:00">15 March</time>'
    visible = "<h1>标题文字</h1><p>发布时间：2020年9月15日</p>"
    page = _page(jsonld + meta + time_tag + visible)
    assert page_published(page, None, "标题文字") == "2021-07-20"
    assert page_published(_page(meta + time_tag + visible), None, "标题文字") == "2022-01-10"
    assert page_published(_page(time_tag + visible), None, "标题文字") == "2022-03-15"
    assert page_published(_page(visible), None, "标题文字") == "2020-09-15"


# -- lists and feeds -------------------------------------------------------------------------


def test_generic_listing_prefers_the_dated_list_over_an_unnamed_side_box() -> None:
    html = """<body><div class="l"><ul>
      <li><a href="/n/1.html">学院教师赴日本早稻田大学开展访问研究</a><span>2020-10-20</span></li>
      <li><a href="/n/2.html">我院与俄罗斯莫斯科国立大学举行线上会谈</a><span>2020-09-15</span></li>
      </ul></div><div class="r"><ul>
      <li><a href="/t/1.html">关于寒假期间学院办公安排的通知</a></li>
      <li><a href="/t/2.html">外国语学院硕士研究生复试工作安排</a></li>
      <li><a href="/t/3.html">学院党委召开学习贯彻工作推进会</a></li></ul></div></body>"""
    links = main_listing(_page(html))
    assert [(link.url.rsplit("/", 2)[-2], link.published) for link in links] == [
        ("n", "2020-10-20"),
        ("n", "2020-09-15"),
    ]


def test_atom_feeds_are_read_with_their_paging() -> None:
    atom = """<?xml version="1.0" encoding="utf-8"?>
    <feed xmlns="http://www.w3.org/2005/Atom">
      <link rel="self" href="/atom.xml"/><link rel="next" href="/atom.xml?page=2"/>
      <entry><title>Joint laboratory launched</title>
        <link rel="alternate" href="/news/lab.html"/><link rel="enclosure" href="/lab.jpg"/>
        <published>2022-03-15T10:20:00+08:00</published></entry>
    </feed>"""
    page = Page("http://partner.example.org/atom.xml", atom.encode(), "application/atom+xml")
    assert feed.article_links(page) == [
        ListedLink(
            "http://partner.example.org/news/lab.html", "Joint laboratory launched", "2022-03-15"
        )
    ]
    assert feed.next_pages(page) == ["http://partner.example.org/atom.xml?page=2"]
