"""Search results and partners as the API returns them and the pages show them.

Both blueprints build their output from these dictionaries, so the HTML sidebar and the JSON
facets can never disagree about a count, a label or what is selected.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

from babel.dates import format_date, format_interval

from kb.app.labels import Labels
from kb.app.params import SearchParams
from kb.app.partners import PartnerProfile
from kb.app.safety import clean_snippet
from kb.core.days import parse_day
from kb.search.facets import FACETS
from kb.search.model import Hit, Notice, SearchResult


def hit_json(hit: Hit) -> dict[str, Any]:
    """A hit in the API's shape; the snippet is re-checked to hold only escaped text + <mark>."""
    return {
        "id": hit.id,
        "url": hit.url,
        "title": hit.title,
        "published": hit.published,
        "event_date": hit.event_date,
        "event_end": hit.event_end,
        "lang": hit.lang,
        "source": hit.source,
        "partners": [{"id": p["id"], "name": p["name"]} for p in hit.partners],
        "topics": list(hit.topics),
        "score": hit.score if math.isfinite(hit.score) else 0.0,
        "snippet": clean_snippet(hit.snippet),
        "same_event": list(hit.same_event),
    }


def facets_json(
    result: SearchResult, params: SearchParams, labels: Labels, locale: str
) -> dict[str, list[dict[str, Any]]]:
    """Each facet's values as the engine listed them (the largest, and every selected one),
    with labels in `locale`, in the order the facet's registration asks for."""
    facets: dict[str, list[dict[str, Any]]] = {}
    for spec in FACETS:
        entries: list[dict[str, Any]] = [
            {
                "value": value.value,
                "label": labels.facet_value(spec.name, value.value, locale),
                "count": value.count,
                "selected": value.selected,
            }
            for value in result.facets.get(spec.name, [])
        ]
        if spec.order == "value_desc":
            entries.sort(key=lambda e: e["value"], reverse=True)
        else:
            entries.sort(key=lambda e: (-e["count"], e["label"].casefold(), e["value"]))
        facets[spec.name] = entries
    return facets


def search_json(
    params: SearchParams,
    result: SearchResult,
    facets: dict[str, list[dict[str, Any]]],
    next_url: str | None,
    labels: Labels,
    locale: str,
) -> dict[str, Any]:
    """The /api/search response body (DESIGN.md)."""
    return {
        "query": params.echo(),
        "total": result.total,
        "page": params.page,
        "per_page": params.per_page,
        "took_ms": round(result.took_ms, 2),
        "hits": [hit_json(hit) for hit in result.hits],
        "facets": facets,
        "next": next_url,
        "relaxed": list(result.relaxed),
        "notices": [notice_text(notice, result, locale) for notice in result.notices],
        "suggestions": {
            "did_you_mean": result.did_you_mean,
            "partners": [
                {"id": v.value, "label": labels.partner(v.value, locale), "count": v.count}
                for v in result.partners
            ],
        },
    }


#: What each notice says, in English and Chinese; {words} are the words left out.
NOTICES: dict[Notice, tuple[str, str]] = {
    Notice.RELAXED: (
        "Few records have all the words: records with the most important of them follow, "
        "leaving out {words}.",
        "同时包含所有词语的记录不多：其后为包含其中最重要词语的记录，未使用的词语：{words}。",
    ),
    Notice.FILTERS_ONLY: (
        "No record matches the words: every record the filters allow is shown.",
        "没有与这些词语匹配的记录：以下为符合筛选条件的全部记录。",
    ),
    Notice.NO_WORDS: (
        "The query has no word that can be searched: every record is shown.",
        "查询中没有可检索的词语：以下为全部记录。",
    ),
    Notice.CORRECTED: (
        "Words no record contains were also searched as corrected: {corrected}.",
        "没有记录包含的词语已按更正后的拼写一并检索：{corrected}。",
    ),
}


def notice_text(notice: Notice, result: SearchResult, locale: str) -> str:
    """A notice as a sentence in `locale`."""
    english, chinese = NOTICES[notice]
    separator = "、" if locale == "zh" else ", "
    return (chinese if locale == "zh" else english).format(
        words=separator.join(result.relaxed),
        corrected=result.did_you_mean or "",
    )


def has_next(params: SearchParams, total: int) -> bool:
    return params.page * params.per_page < total


def partner_json(
    partner_id: str, count: int, labels: Labels, locale: str, last: str | None = None
) -> dict[str, Any]:
    """A partner's profile fields, record count and newest record's date (`last`); ids only
    in the index get bare entries."""
    partner = labels.gazetteer.partners.get(partner_id)
    return {
        "id": partner_id,
        "label": labels.partner(partner_id, locale),
        "name": partner.name if partner else partner_id,
        "name_zh": (partner.name_zh or None) if partner else None,
        "aliases": list(partner.aliases) if partner else [],
        "country": (partner.country or None) if partner else None,
        "type": (partner.type or None) if partner else None,
        "count": count,
        "last_activity": last,
    }


def partner_list(
    counts: Mapping[str, int],
    labels: Labels,
    locale: str,
    sort: str,
    last: Mapping[str, str] | None = None,
    find: str = "",
) -> list[dict[str, Any]]:
    """Every known partner (and any id the index has that the gazetteer lost), sorted;
    with `find`, those one of whose names holds it."""
    ids: Iterable[str] = dict.fromkeys([*labels.gazetteer.partners, *counts])
    if find:
        matched = labels.matching("partner", find, ids)
        ids = [pid for pid in ids if pid in matched]
    dates = last or {}
    rows = [partner_json(pid, counts.get(pid, 0), labels, locale, dates.get(pid)) for pid in ids]
    keys = {
        "count": lambda r: (-r["count"], r["label"].casefold()),
        "name": lambda r: (r["label"].casefold(), r["id"]),
        "country": lambda r: (r["country"] is None, r["country"] or "", r["label"].casefold()),
        "last": lambda r: (r["last_activity"] is None, _descending(r["last_activity"] or "")),
    }
    return sorted(rows, key=keys[sort])


def _descending(text: str) -> tuple[int, ...]:
    """A key that sorts ISO dates newest first."""
    return tuple(-ord(c) for c in text)


def topic_list(counts: dict[str, int], labels: Labels, locale: str) -> list[dict[str, Any]]:
    """The taxonomy in its own order, with labels in both languages and record counts."""
    ids = dict.fromkeys([*labels.taxonomy.topics, *counts])
    rows = []
    for topic_id in ids:
        topic = labels.taxonomy.topics.get(topic_id)
        rows.append(
            {
                "id": topic_id,
                "label": labels.topic(topic_id, locale),
                "label_en": topic.label_en if topic else topic_id,
                "label_zh": topic.label_zh if topic else topic_id,
                "count": counts.get(topic_id, 0),
            }
        )
    return rows


def profile_json(profile: PartnerProfile, labels: Labels, locale: str) -> dict[str, Any]:
    """/api/partners/<id>: the partner, its records per year (with topics), newest records."""
    by_year: dict[str, dict[str, int]] = {year: {} for year in sorted(profile.years)}
    for (year, topic), count in sorted(profile.year_topics.items()):
        by_year[year][topic] = count
    return {
        **partner_json(profile.partner_id, profile.total, labels, locale, profile.last),
        "years": [
            {"year": year, "count": profile.years[year], "topics": topics}
            for year, topics in by_year.items()
        ],
        "latest": [hit_json(hit) for hit in profile.latest],
    }


#: Babel locales for the UI languages: British English writes "2–6 May 2018".
_DATE_LOCALES = {"en": "en_GB", "zh": "zh"}


def event_days(start: str | None, end: str | None, locale: str) -> str:
    """An event's day or days as people write them: "18 July 2021", "2–6 May 2018",
    "2018年5月2日至6日"; "" when there is no day."""
    first = parse_day(start)
    if first is None:
        return ""
    where = _DATE_LOCALES.get(locale, "en_GB")
    last = parse_day(end)
    if last is None or last <= first:
        return format_date(first, format="long", locale=where)
    return format_interval(first, last, "yMMMd", locale=where)
