"""Atom feeds (RFC 4287): the newest records of any search, and the agreement register's
changes, for staff who would rather be told than look.

A feed is a search's URL with `/feed.atom` for `/`: the same parameters, sorted newest
first. Feed readers poll; the responses carry the index's ETag like every other page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

from feedgen.feed import FeedGenerator
from flask import Blueprint, Response, request, url_for

from kb.app.agreements import (
    kind_label,
    parse_register_query,
    read_register,
    register_changes,
)
from kb.app.params import parse_search
from kb.app.safety import plain_snippet
from kb.app.searching import run_search
from kb.core.days import parse_day
from kb.web.context import current_kb, current_today
from kb.web.headers import cached
from kb.web.i18n import current_locale, translate

feeds = Blueprint("feeds", __name__)

#: Entries per feed: the newest matching records.
FEED_SIZE = 50
ATOM = "application/atom+xml; charset=utf-8"


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    link: str
    updated: datetime
    summary: str


@feeds.get("/feed.atom")
@cached
def search_feed() -> Response:
    """The newest records matching the search in the query string."""
    kb = current_kb()
    params = replace(parse_search(request.args), sort="newest", page=1, per_page=FEED_SIZE)
    result = run_search(kb, params)
    search_args = params.args(sort="relevance", per_page=20)
    entries = [
        Entry(
            id=url_for("pages.record", record_id=hit.id, _external=True),
            title=hit.title or hit.id,
            link=url_for("pages.record", record_id=hit.id, _external=True),
            updated=_moment(parse_day(hit.published)),
            summary=plain_snippet(hit.snippet),
        )
        for hit in result.hits
    ]
    title = translate("app_name", current_locale())
    if params.q:
        title = f"{title}: {params.q}"
    return _atom(title, url_for("pages.search", _external=True, **search_args), entries)


@feeds.get("/agreements/feed.atom")
@cached
def register_feed() -> Response:
    """The register's changes: new agreements, agreements expiring, agreements expired."""
    kb = current_kb()
    locale = current_locale()
    today = current_today()
    query = parse_register_query(request.args)
    rows = read_register(kb, query, today, reports=False).rows
    entries = []
    for change in register_changes(rows, today)[:FEED_SIZE]:
        agreement = change.agreement
        names = ", ".join(kb.labels.partner(p, locale) for p in agreement.partners)
        what = translate(f"agreement_{change.change}", locale)
        entries.append(
            Entry(
                id=f"{url_for('agreements.page', _external=True)}#{agreement.id}-{change.change}",
                title=f"{what}: {names} — {kind_label(agreement.kind, locale)}",
                link=url_for("agreements.page", _external=True, **query.args())
                + f"#{agreement.id}",
                updated=_moment(change.when),
                summary=_agreement_summary(agreement.signed, agreement.expires, locale),
            )
        )
    title = f"{translate('app_name', locale)}: {translate('agreements', locale)}"
    return _atom(title, url_for("agreements.page", _external=True, **query.args()), entries)


def _agreement_summary(signed: str | None, expires: str | None, locale: str) -> str:
    parts = [f"{translate('signed', locale)} {signed or '—'}"]
    if expires:
        parts.append(f"{translate('expires', locale)} {expires}")
    return "; ".join(parts)


def _atom(title: str, alternate: str, entries: Iterable[Entry]) -> Response:
    """An Atom document: the feed's id is its own URL, so each search is its own feed."""
    entries = list(entries)
    generator = FeedGenerator()
    own = _xml(request.url)
    generator.id(own)
    generator.title(_xml(title))
    generator.author({"name": translate("app_name", current_locale())})
    generator.link(href=own, rel="self", type="application/atom+xml")
    generator.link(href=alternate, rel="alternate", type="text/html")
    generator.language("zh-CN" if current_locale() == "zh" else "en")
    newest = max((entry.updated for entry in entries), default=_moment(None))
    generator.updated(newest)
    for entry in entries:
        item = generator.add_entry(order="append")
        item.id(entry.id)
        item.title(_xml(entry.title))
        item.link(href=entry.link, rel="alternate", type="text/html")
        item.updated(entry.updated)
        if entry.summary:
            item.summary(_xml(entry.summary))
    return Response(generator.atom_str(pretty=True), content_type=ATOM)


#: Characters XML 1.0 cannot hold (scraped text and typed queries may have them).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml(text: str) -> str:
    return _NOT_XML.sub("", text)


def _moment(day: date | None) -> datetime:
    """Midnight UTC of a day (the epoch for none): records and agreements are dated by day."""
    found = day or date(1970, 1, 1)
    return datetime(found.year, found.month, found.day, tzinfo=UTC)
