"""The HTML pages for staff: search, record, partners, partner.

Every page is a plain GET whose URL holds the whole state (query, filters, dates, sort, page,
expanded facets, UI language), so any view can be bookmarked or mailed to a colleague, and
everything works without JavaScript.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from flask import Blueprint, abort, render_template, request, url_for

from kb.app.params import MAX_PAGE, SearchParams, parse_partner_sort, parse_search
from kb.app.partners import candidate_rows, known_partner_profile
from kb.app.present import facets_json, notice_text, partner_json, partner_list
from kb.app.records import record as find_record
from kb.app.records import same_event
from kb.app.safety import safe_url
from kb.search.facets import SELECTABLE
from kb.web.charts import BarChart, year_bars, year_topic_grid
from kb.web.context import current_kb
from kb.web.headers import cached
from kb.web.i18n import current_locale, translate

pages = Blueprint("pages", __name__)

FACET_LIMIT = 8  # values shown before "show more"
PAGE_WINDOW = 3  # page links shown either side of the current page


@pages.get("/")
@cached
def search() -> str:
    params = parse_search(request.args)
    kb = current_kb()
    locale = current_locale()
    result = kb.search(params.request())
    facets = facets_json(result, params, kb.labels, locale)
    pages_total = min(math.ceil(result.total / params.per_page), MAX_PAGE)
    chart = year_bars({entry["value"]: entry["count"] for entry in facets["year"]})
    did_you_mean = None
    if result.did_you_mean:
        corrected = params.args(q=result.did_you_mean)
        did_you_mean = {"text": result.did_you_mean, "url": url_for("pages.search", **corrected)}
    return render_template(
        "search.html",
        params=params,
        result=result,
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
        chips=_chips(params, facets, locale),
        chart=chart,
        year_links=_year_links(
            chart, lambda year: url_for("pages.search", **params.year_args(year))
        ),
        page_numbers=_page_numbers(params.page, pages_total),
        pages_total=pages_total,
        export_url=url_for("api.search", **params.args(more=()), format="csv"),
    )


@pages.get("/records/<record_id>")
@cached
def record(record_id: str) -> str:
    kb = current_kb()
    found = find_record(kb, record_id)
    if found is None:
        abort(404)
    return render_template(
        "record.html",
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
    kb = current_kb()
    rows = partner_list(kb.facet_counts("partner"), kb.labels, current_locale(), sort)
    return render_template("partners.html", partners=rows, sort=sort, candidates=candidate_rows(kb))


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
        partner=partner_json(partner_id, profile.total, kb.labels, current_locale()),
        profile=profile,
        chart=chart,
        year_links=_year_links(chart, lambda year: _partner_search(partner_id, year)),
        grid=grid,
        cell_links={
            (cell.year, cell.topic): _partner_search(partner_id, cell.year, cell.topic)
            for cell in (grid.cells if grid else ())
        },
    )


def _year_links(chart: BarChart | None, link: Callable[[str], str]) -> dict[str, str]:
    """Where each bar of a per-year chart leads."""
    return {bar.year: link(bar.year) for bar in chart.bars} if chart else {}


def _partner_search(partner_id: str, year: str, topic: str | None = None) -> str:
    """The search page for one partner's records of one year (and topic)."""
    dates: dict[str, Any] = {"from": year, "to": year}  # `from` is a Python keyword
    return url_for("pages.search", partner=partner_id, topic=topic, **dates)


def _chips(
    params: SearchParams, facets: dict[str, list[dict[str, Any]]], locale: str
) -> list[dict[str, str]]:
    """The selected filters, each with the URL that removes it."""
    chips = []
    for facet in SELECTABLE:
        labels = {entry["value"]: entry["label"] for entry in facets[facet]}
        for value in params.selected(facet):
            chips.append(
                {
                    "facet": translate(facet, locale),
                    "label": labels.get(value, value),
                    "url": url_for("pages.search", **params.toggled(facet, value)),
                }
            )
    if params.from_text or params.to_text:
        chips.append(
            {
                "facet": translate("dates", locale),
                "label": f"{params.from_text or '…'} – {params.to_text or '…'}",
                "url": url_for("pages.search", **params.without_dates()),
            }
        )
    return chips


def _page_numbers(page: int, pages_total: int) -> list[int]:
    """Page links around the current page, plus the first and the last."""
    window = range(max(1, page - PAGE_WINDOW), min(pages_total, page + PAGE_WINDOW) + 1)
    return sorted({1, *window, pages_total} - {0}) if pages_total else []
