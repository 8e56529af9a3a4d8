"""Article-shaped links a list page shows outside its listing: followed when they belong to
the listing's column (a headline block, a dynamic VSB URL), not when they lead to another
column (a "hot news" box)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from scraper import SourceSpec, crawl_source
from scraper.shapes import article_shaped, column
from tests.fixtures.server import SiteServer
from tests.fixtures.server import serve_site as serve_site
from tests.test_scraper_support import (
    SqliteState,
    article_html,
    fast_settings,
    list_html,
    site_path,
    write_site,
)

Serve = Callable[..., SiteServer]

LISTED = [
    ("/xwzx/202203/t20220305_1001.html", "外国语学院与莫纳什大学召开线上交流会"),
    ("/xwzx/202111/t20211118_1003.html", "我院教师赴英国华威大学开展访问研究"),
    ("/xwzx/202109/t20210902_1004.html", "我院举办国际学生中华文化体验活动"),
    ("/xwzx/202106/t20210601_1005.html", "日本早稻田大学学者来我院作学术讲座"),
]
HEADLINE = ("/xwzx/202205/t20220512_1010.html", "我院与香港理工大学签署学生交流协议")
DYNAMIC = ("/xwzx/show.jsp?newsid=1011", "德国汉堡大学代表团来访我院")
OTHER_COLUMN = ("/tzgg/202301/t20230104_2001.html", "关于2023年寒假期间学院办公安排的通知")
NOT_ARTICLE = ("/xwzx/about.html", "学院新闻栏目介绍与投稿须知说明")


def test_url_shapes_and_columns() -> None:
    assert article_shaped("https://x.edu.cn/info/1043/5678.htm")
    assert article_shaped("https://x.edu.cn/2023/1205/c2871a160812/page.htm")
    assert article_shaped("https://x.edu.cn/xwzx/content.jsp?wbtreeid=1104&wbnewsid=3477")
    assert article_shaped("https://x.edu.cn/xwzx/202203/t20220305_1001.html")
    assert not article_shaped("https://x.edu.cn/xwzx/index_1.html")
    assert not article_shaped("https://x.edu.cn/gjjl/list.htm")
    assert column("https://x.edu.cn/info/1043/5678.htm") == "/info/1043/"
    assert column("https://x.edu.cn/info/1043/5678.htm") != column(
        "https://x.edu.cn/info/1044/1.htm"
    )
    assert column("https://x.edu.cn/2023/1205/c2871a160812/page.htm") == "/c2871a"
    assert column("https://x.edu.cn/a/content.jsp?wbtreeid=1104&wbnewsid=1") == "tree:1104"
    assert column("https://x.edu.cn/xwzx/202203/t1.html") == "xwzx"


@pytest.mark.timeout(30)
def test_headline_links_of_the_column_are_followed_other_columns_are_not(
    serve_site: Serve, tmp_path: Path
) -> None:
    boxes = "".join(
        f'<div class="{name}"><h3><a href="{href}">{title}</a></h3><p>图片新闻</p></div>'
        for name, (href, title) in (
            ("headline", HEADLINE),
            ("story", DYNAMIC),
            ("note", NOT_ARTICLE),
        )
    )
    hot = (
        '<div class="right-box"><div class="hd">热点新闻</div>'
        f'<ul><li><a href="{OTHER_COLUMN[0]}">{OTHER_COLUMN[1]}</a></li></ul></div>'
    )
    pages: dict[str, str | bytes] = {
        "/xwzx/index.html": list_html(LISTED, extra=hot).replace("<ul", boxes + "<ul", 1),
        "/robots.txt": "",
    }
    for href, title in [*LISTED, HEADLINE, DYNAMIC, OTHER_COLUMN, NOT_ARTICLE]:
        pages[href.split("?")[0]] = article_html(title)
    server = serve_site(write_site(tmp_path, pages))
    state = SqliteState()
    crawl_source(SourceSpec("col", [server.url("/xwzx/index.html")]), fast_settings(), state)
    found = {site_path(url) for url in state.articles()}
    assert {href for href, _ in LISTED} | {HEADLINE[0], DYNAMIC[0]} <= found
    requested = {entry.path for entry in server.log}
    assert OTHER_COLUMN[0] not in requested and NOT_ARTICLE[0] not in requested
