"""UI language: which of Chinese or English a reader sees, and the words in each.

Staff read both languages; the page follows the browser's Accept-Language unless the reader
picks one with `?hl=zh|en`, which links then carry. `hl` is separate from `lang`, the
record-language facet, so switching the interface never filters the results.
"""

from __future__ import annotations

from flask import g, request

LOCALES: tuple[str, ...] = ("en", "zh")
DEFAULT_LOCALE = "en"

MESSAGES: dict[str, tuple[str, str]] = {  # key: (English, Chinese)
    "app_name": ("Cooperation KB", "国际合作知识库"),
    "search": ("Search", "搜索"),
    "search_placeholder": ("Search news and meeting notes", "搜索新闻和会议纪要"),
    "partners": ("Partners", "合作伙伴"),
    "partner": ("Partner", "合作伙伴"),
    "candidates": ("Institutions not in the partners file", "尚未收录的机构"),
    "candidates_hint": (
        "Named in the news but unknown to the partners file. To accept one, run its command "
        "(adjust the id and the names), then kb index.",
        "新闻中出现但合作伙伴文件尚未收录的机构。确认后运行对应命令"
        "（可修改 id 和名称），再运行 kb index。",
    ),
    "first_last": ("First – last", "首次 – 最近"),
    "example": ("Example", "示例"),
    "accept": ("To accept", "收录命令"),
    "topic": ("Topic", "主题"),
    "topics": ("Topics", "主题"),
    "year": ("Year", "年份"),
    "lang": ("Language", "语言"),
    "source": ("Source", "来源"),
    "dates": ("Dates", "日期"),
    "from": ("From", "起始日期"),
    "to": ("To", "截止日期"),
    "date_hint": ("YYYY, YYYY-MM or YYYY-MM-DD", "年、年-月或年-月-日"),
    "apply": ("Apply", "应用"),
    "sort": ("Sort", "排序"),
    "sort_relevance": ("Relevance", "相关度"),
    "sort_newest": ("Newest first", "最新优先"),
    "sort_oldest": ("Oldest first", "最早优先"),
    "results": ("{total} results", "共 {total} 条结果"),
    "results_range": ("{first}–{last} of {total}", "第 {first}–{last} 条，共 {total} 条"),
    "no_results_short": ("No results", "没有结果"),
    "per_page": ("Per page", "每页"),
    "filters": ("Filters", "筛选"),
    "active_filters": ("Active filters", "当前筛选"),
    "find_facet": ("Find a {facet}", "查找{facet}"),
    "find": ("Find", "查找"),
    "no_match": ("Nothing matches.", "没有匹配项。"),
    "show_n_more": ("Show {count} more", "再显示 {count} 项"),
    "try_removing": ("Remove a filter to see results:", "移除一个筛选条件即可看到结果："),
    "back_to_results": ("Back to results", "返回搜索结果"),
    "api_docs": ("API documentation", "API 文档"),
    "partners_shown": ("{count} partners", "共 {count} 个合作伙伴"),
    "show_all_partners": ("Show {count} more without records", "显示另外 {count} 个暂无记录的伙伴"),
    "hide_empty_partners": ("Hide partners without records", "隐藏暂无记录的伙伴"),
    "last_activity": ("Last activity", "最近活动"),
    "no_results": ("No records match this search.", "没有符合条件的记录。"),
    "show_more": ("Show more", "显示更多"),
    "show_less": ("Show less", "收起"),
    "remove_filter": ("Remove filter", "移除筛选"),
    "clear_all": ("Clear all", "全部清除"),
    "previous": ("Previous", "上一页"),
    "next": ("Next", "下一页"),
    "page_of": ("Page {page} of {pages}", "第 {page} 页，共 {pages} 页"),
    "export_csv": ("Export CSV", "导出 CSV"),
    "per_year": ("Results per year", "每年结果数"),
    "records_per_year": ("Records per year", "每年记录数"),
    "published": ("Published", "发布日期"),
    "event_date": ("Event date", "活动日期"),
    "source_page": ("Source page", "原文链接"),
    "byline": ("Byline", "来源与署名"),
    "unsafe_link": ("(link not shown: not a web address)", "（链接未显示：不是网页地址）"),
    "attachments": ("Attachments", "附件"),
    "attachment_text": ("Text of attachments", "附件文本"),
    "same_event": ("Other reports of this event", "同一活动的其他报道"),
    "other_reports": ("Also reported: {count} more", "另有 {count} 篇报道"),
    "did_you_mean": ("Did you mean", "您是不是要找"),
    "partner_suggestions": ("Partners named in the query", "查询中提到的合作伙伴"),
    "no_same_event": ("No other record of this event.", "没有同一活动的其他记录。"),
    "name": ("Name", "名称"),
    "country": ("Country", "国家/地区"),
    "type": ("Type", "类型"),
    "records": ("Records", "记录数"),
    "aliases": ("Also known as", "别名"),
    "timeline": ("Cooperation by year and topic", "按年份和主题的合作记录"),
    "latest_records": ("Latest records", "最新记录"),
    "all_records": ("All records with this partner", "查看该伙伴的全部记录"),
    "no_index_title": ("No index yet", "尚未建立索引"),
    "no_index_body": (
        "The knowledge base has no search index yet. Run `kb update` (or `kb index`) and "
        "reload this page; the app picks the index up without a restart.",
        "知识库尚未建立搜索索引。请运行 `kb update`（或 `kb index`）后刷新本页，无需重启本应用。",
    ),
    "not_found_title": ("Not found", "未找到"),
    "not_found_body": ("There is no page at this address.", "此地址没有对应的页面。"),
    "bad_request_title": ("Invalid request", "请求无效"),
    "error_title": ("Something went wrong", "出错了"),
    "error_body": ("The request could not be completed.", "无法完成该请求。"),
    "back_to_search": ("Back to search", "返回搜索"),
    "api": ("API", "API"),
    "agreements": ("Agreements", "合作协议"),
    "agreements_hint": (
        "Derived from the news: every signing reported, one row per agreement. Statuses as "
        "of {today}: expiring within 6 months; dormant when no record has named the partner "
        "for 2 years.",
        "根据新闻整理：每次报道的签约，每份协议一行。状态截至 {today}：6 个月内到期为“即将到期”；"
        "两年内没有任何记录提及该伙伴为“休眠”。",
    ),
    "kind": ("Kind", "类型"),
    "renewal": ("renewal", "续签"),
    "status": ("Status", "状态"),
    "signed": ("Signed", "签署"),
    "expires": ("Expires", "到期"),
    "term": ("Term", "期限"),
    "years": ("{count} years", "{count} 年"),
    "signatories": ("Signed by", "签署人"),
    "reports": ("Reports", "报道"),
    "renews": ("Renews the agreement of {signed}", "续签 {signed} 的协议"),
    "renewed_by": ("Renewed on {signed}", "已于 {signed} 续签"),
    "no_agreements": ("No agreement matches.", "没有符合条件的协议。"),
    "agreements_shown": ("{count} agreements", "共 {count} 份协议"),
    "feed": ("Atom feed", "Atom 订阅"),
    "agreement_new": ("New agreement", "新协议"),
    "agreement_expiring": ("Expiring within 6 months", "6 个月内到期"),
    "agreement_expired": ("Expired", "已到期"),
    "signed_between": ("Signed between", "签署时间"),
}


def current_locale() -> str:
    """The reader's UI language: `?hl=` first, then Accept-Language, then English."""
    if "locale" not in g:
        g.locale = explicit_locale() or (
            request.accept_languages.best_match(LOCALES) or DEFAULT_LOCALE
        )
    locale: str = g.locale
    return locale


def explicit_locale() -> str | None:
    """The `hl` the reader chose in this URL, which links must carry on; None if not chosen."""
    chosen = request.args.get("hl", "")
    return chosen if chosen in LOCALES else None


def translate(key: str, locale: str, **values: object) -> str:
    """A UI string in `locale`; unknown keys show themselves so a gap is visible, not fatal."""
    pair = MESSAGES.get(key)
    if pair is None:
        return key
    text = pair[LOCALES.index(locale)] if locale in LOCALES else pair[0]
    return text.format(**values) if values else text
