"""The HTML pages for staff: search, record, partners, partner.

Every page is a plain GET whose URL holds the whole state (query, filters, dates, sort, page,
expanded facets, UI language), so any view can be bookmarked or mailed to a colleague, and
everything works without JavaScript.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace
from typing import Any
from urllib.parse import parse_qsl, urlencode

from flask import Blueprint, abort, render_template, request, url_for
from werkzeug.datastructures import MultiDict

from kb.app.agreements import RegisterQuery, agreement_json, read_register
from kb.app.context import KnowledgeBase
from kb.app.params import (
    FILTERABLE,
    MAX_PAGE,
    MAX_VALUE_CHARS,
    PAGE_SIZES,
    BadParam,
    SearchParams,
    parse_partner_sort,
    parse_search,
)
from kb.app.partners import candidate_rows, known_partner_profile, last_activity
from kb.app.present import facets_json, notice_text, partner_json, partner_list
from kb.app.records import record as find_record
from kb.app.records import same_event
from kb.app.safety import safe_url
from kb.app.searching import run_search
from kb.search.facets import FACET_NAMES
from kb.web.charts import BarChart, year_bars, year_topic_grid
from kb.web.context import current_kb, current_today
from kb.web.headers import cached
from kb.web.i18n import current_locale, translate

pages = Blueprint("pages", __name__)

FACET_LIMIT = 8  # values shown before "show more"
PAGE_WINDOW = 3  # page links shown either side of the current page
DATE_PARAMS = ("from", "to")


@pages.get("/")
@cached
def search() -> tuple[str, int]:
    """The search page. A bad date keeps the page (the rest of the search, the message by
    the date fields) with a 400; other bad parameters get the 400 page."""
    kb = current_kb()
    locale = current_locale()
    try:
        params, date_error = parse_search(request.args), None
    except BadParam as exc:
        if exc.param not in DATE_PARAMS:
            raise
        params = parse_search(_without(request.args, DATE_PARAMS))
        params = replace(
            params, from_text=request.args.get("from", ""), to_text=request.args.get("to", "")
        )
        date_error = exc.message
    result = run_search(kb, params)
    facets = facets_json(result, params, kb.labels, locale)
    pages_total = min(math.ceil(result.total / params.per_page), MAX_PAGE)
    chart = year_bars({entry["value"]: entry["count"] for entry in facets["year"]})
    did_you_mean = None
    if result.did_you_mean:
        corrected = params.args(q=result.did_you_mean)
        did_you_mean = {"text": result.did_you_mean, "url": url_for("pages.search", **corrected)}
    chips = _chips(params, facets, locale)
    first = (params.page - 1) * params.per_page + 1
    page = render_template(
        "search.html",
        params=params,
        result=result,
        shown=(first, first + len(result.hits) - 1),
        notices=[notice_text(notice, result, locale) for notice in result.notices],
        did_you_mean=did_you_mean,
        partner_suggestions=[
            {
                "label": kb.labels.partner(value.value, locale),
                "count": value.count,
                "url": url_for("pages.search", **params.toggled("partner", value.value)),
            }
            for value in result.partners
        ],
        facets=facets,
        facet_limit=FACET_LIMIT,
        filterable=FILTERABLE,
        chips=chips,
        recovery=_recovery(kb, params, chips) if not result.total else [],
        date_error=date_error,
        chart=chart,
        year_links=_year_links(
            chart, lambda year: url_for("pages.search", **params.toggled("year", year))
        ),
        page_numbers=_page_numbers(params.page, pages_total),
        pages_total=pages_total,
        page_sizes=PAGE_SIZES,
        back=urlencode(params.args(page=params.page), doseq=True),
        export_url=url_for("api.search", **params.args(more=()), format="csv"),
        feed_url=url_for("feeds.search_feed", **params.args(more=(), page=1, per_page=20)),
    )
    return page, 400 if date_error else 200


def _without(args: MultiDict[str, str], names: tuple[str, ...]) -> MultiDict[str, str]:
    return MultiDict([(k, v) for k, v in args.items(multi=True) if k not in names])


def _recovery(
    kb: KnowledgeBase, params: SearchParams, chips: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """For a search without results: each filter, and how many results removing it gives."""
    offers = []
    for chip in chips:
        without = parse_search(MultiDict(chip["args"]))
        total = run_search(kb, replace(without, per_page=1)).total
        offers.append({**chip, "total": total})
    return sorted(offers, key=lambda offer: -offer["total"])


@pages.get("/records/<record_id>")
@cached
def record(record_id: str) -> str:
    kb = current_kb()
    found = find_record(kb, record_id)
    if found is None:
        abort(404)
    return render_template(
        "record.html",
        back_url=_back_url(request.args.get("back", "")),
        record=found,
        source_url=safe_url(found.url),
        attachments=[(url, safe_url(url)) for url in found.attachments],
        paragraphs=[line.strip() for line in found.body.splitlines() if line.strip()],
        same_event=same_event(kb, found),
    )


@pages.get("/partners")
@cached
def partners() -> str:
    sort = parse_partner_sort(request.args)
    find = request.args.get("q", "").strip()[:MAX_VALUE_CHARS]
    show_all = request.args.get("all") == "1"
    kb = current_kb()
    rows = partner_list(
        kb.facet_counts("partner"), kb.labels, current_locale(), sort, last_activity(kb), find
    )
    hidden = 0 if show_all or find else sum(1 for row in rows if not row["count"])
    return render_template(
        "partners.html",
        partners=[row for row in rows if row["count"] or show_all or find],
        hidden=hidden,
        sort=sort,
        find=find,
        show_all=show_all,
        candidates=candidate_rows(kb),
    )


@pages.get("/partners/<partner_id>")
@cached
def partner(partner_id: str) -> str:
    kb = current_kb()
    profile = known_partner_profile(kb, partner_id)
    if profile is None:
        abort(404)
    topics = [*kb.labels.taxonomy.topics, *sorted({t for _, t in profile.year_topics})]
    grid = year_topic_grid(profile.year_topics, list(dict.fromkeys(topics)))
    chart = year_bars(profile.years)
    return render_template(
        "partner.html",
        partner=partner_json(partner_id, profile.total, kb.labels, current_locale(), profile.last),
        profile=profile,
        chart=chart,
        year_links=_year_links(chart, lambda year: _partner_search(partner_id, year)),
        grid=grid,
        cell_links={
            (cell.year, cell.topic): _partner_search(partner_id, cell.year, cell.topic)
            for cell in (grid.cells if grid else ())
        },
        agreements=[
            agreement_json(row, kb.labels, current_locale())
            for row in read_register(
                kb, RegisterQuery(partners=(partner_id,)), current_today()
            ).rows
        ],
    )


def _back_url(back: str) -> str | None:
    """The search a record was opened from (its `back` argument), if that is a valid one."""
    if not back:
        return None
    try:
        params = parse_search(MultiDict(parse_qsl(back)))
    except BadParam:
        return None
    return url_for("pages.search", **params.args(page=params.page))


def _year_links(chart: BarChart | None, link: Callable[[str], str]) -> dict[str, str]:
    """Where each bar of a per-year chart leads."""
    return {bar.year: link(bar.year) for bar in chart.bars} if chart else {}


def _partner_search(partner_id: str, year: str, topic: str | None = None) -> str:
    """The search page for one partner's records of one year (and topic)."""
    return url_for("pages.search", partner=partner_id, topic=topic, year=year)


def _chips(
    params: SearchParams, facets: dict[str, list[dict[str, Any]]], locale: str
) -> list[dict[str, Any]]:
    """The selected filters, each with the URL that removes it."""
    chips = []
    for facet in FACET_NAMES:
        labels = {entry["value"]: entry["label"] for entry in facets[facet]}
        for value in params.selected(facet):
            args = params.toggled(facet, value)
            chips.append(
                {
                    "facet": translate(facet, locale),
                    "label": labels.get(value, value),
                    "args": args,
                    "url": url_for("pages.search", **args),
                }
            )
    if params.from_text or params.to_text:
        args = params.without_dates()
        chips.append(
            {
                "facet": translate("dates", locale),
                "label": f"{params.from_text or '…'} – {params.to_text or '…'}",
                "args": args,
                "url": url_for("pages.search", **args),
            }
        )
    return chips


def _page_numbers(page: int, pages_total: int) -> list[int]:
    """Page links around the current page, plus the first and the last."""
    window = range(max(1, page - PAGE_WINDOW), min(pages_total, page + PAGE_WINDOW) + 1)
    return sorted({1, *window, pages_total} - {0}) if pages_total else []
