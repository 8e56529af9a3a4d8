"""Searching from the terminal: `kb search`, `kb export QUERY` and `kb partners`.

`kb search --json` answers through the web app's own `/api/search` handler (in process,
no server), so the terminal and other tools get exactly the same JSON document.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import click
from werkzeug.datastructures import MultiDict

from kb import pipeline
from kb.config import Config
from kb.enrich import Gazetteer
from kb.record import Record
from kb.search.engine import IndexMissing, SearchEngine
from kb.search.format import format_results
from kb.search.model import SearchRequest
from kb.store import Store
from kb.web.params import BadParam, parse_search


def engine_for(config: Config, gazetteer: Gazetteer) -> SearchEngine:
    return SearchEngine(config.storage.index_dir, gazetteer.surface_forms())


def run(
    config: Config,
    *,
    query: str,
    partner: tuple[str, ...],
    topic: tuple[str, ...],
    date_from: str | None,
    date_to: str | None,
    sort: str,
    limit: int,
    as_json: bool,
) -> None:
    """Print one page of results, as text for people or as the API's JSON."""
    args: list[tuple[str, str]] = [("q", query), ("sort", sort), ("per_page", str(limit))]
    args += [("partner", p) for p in partner] + [("topic", t) for t in topic]
    args += [(k, v) for k, v in (("from", date_from), ("to", date_to)) if v]
    if as_json:
        from kb.web import create_app

        reply = create_app(config).test_client().get("/api/search", query_string=args)
        document = reply.get_json()
        if reply.status_code != 200:
            raise click.ClickException(document["error"]["message"])
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
        return
    try:
        request = parse_search(MultiDict(args)).request()
    except BadParam as exc:
        raise click.ClickException(str(exc)) from None
    enricher = pipeline.load_enricher(config)
    try:
        result = engine_for(config, enricher.gazetteer).search(request)
    except IndexMissing as exc:
        raise click.ClickException(f"{exc} (run `kb index` first)") from None
    labels = {p.id: p.name for p in enricher.gazetteer.partners.values()}
    labels |= {t.id: t.label_en for t in enricher.taxonomy.topics.values()}
    click.echo(format_results(result, labels))


def matching_records(config: Config, store: Store, query: str) -> Iterator[Record]:
    """Every record matching `query`, best first, for `kb export QUERY`."""
    try:
        gazetteer = pipeline.load_enricher(config).gazetteer
        hits = engine_for(config, gazetteer).iter_hits(SearchRequest(q=query))
    except IndexMissing as exc:
        raise click.ClickException(f"{exc} (run `kb index` first)") from None
    for hit in hits:
        record = store.record(hit.id)
        if record is not None:
            yield record


def print_partners(config: Config) -> None:
    """Every known partner with its record count, most records first."""
    gazetteer = pipeline.load_enricher(config).gazetteer
    try:
        result = engine_for(config, gazetteer).search(SearchRequest(per_page=1, snippets=False))
        counts = {v.value: v.count for v in result.facets.get("partner", [])}
    except IndexMissing:
        counts = {}
    rows = sorted(gazetteer.partners.values(), key=lambda p: (-counts.get(p.id, 0), p.id))
    for partner in rows:
        click.echo(
            f"{counts.get(partner.id, 0):6d}  {partner.id:<16} {partner.country:<3}"
            f"{partner.name} / {partner.name_zh}"
        )
