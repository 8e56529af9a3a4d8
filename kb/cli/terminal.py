"""Reading the knowledge base from a terminal: `kb search`, `kb export` and `kb partners`.

Each asks the same services as the web app (`kb.app`): `kb search --json` prints exactly
the document `/api/search` answers, without building the web app.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Sequence

import click

from kb.app.context import KnowledgeBase
from kb.app.export import matching_records, write
from kb.app.params import ArgList, BadParam, SearchParams, parse_search
from kb.app.searching import search_response
from kb.cli.text import format_results
from kb.core.config import Config
from kb.search.engine import IndexMissing
from kb.store import Candidate, Store


def _params(pairs: list[tuple[str, str]]) -> SearchParams:
    try:
        return parse_search(ArgList(pairs))
    except BadParam as exc:
        raise click.UsageError(exc.message) from None


def run_search(
    config: Config,
    *,
    query: str,
    filters: list[tuple[str, str]],
    sort: str,
    limit: int,
    as_json: bool,
) -> None:
    """Print one page of results, as text for people or as the API's JSON."""
    params = _params([("q", query), ("sort", sort), ("per_page", str(limit)), *filters])
    kb = KnowledgeBase(config)
    try:
        if as_json:
            document = search_response(kb, params, "en")
            click.echo(json.dumps(document, ensure_ascii=False, indent=2))
            return
        result = kb.search(params.request())
    except IndexMissing as exc:
        raise click.ClickException(f"{exc} (run `kb index` first)") from None
    labels = {p.id: p.name for p in kb.lexicon.gazetteer.partners.values()}
    labels |= {t.id: t.label_en for t in kb.lexicon.taxonomy.topics.values()}
    click.echo(format_results(result, labels))


def export(
    config: Config, *, query: str, filters: list[tuple[str, str]], fmt: str, bom: bool, hl: str
) -> None:
    """Every record, or those matching `query` and `filters` (best first), to stdout."""
    params = _params([("q", query), *filters])
    out = sys.stdout
    if isinstance(out, io.TextIOWrapper):  # Chinese text, whatever the terminal's locale
        out.reconfigure(encoding="utf-8")
    kb = KnowledgeBase(config)
    if not query and not filters:
        with Store(config.storage.store_path) as store:
            write(store.iter_records(), out, fmt=fmt, labels=kb.labels, locale=hl, bom=bom)
        return
    try:
        records = matching_records(kb, params)
        write(records, out, fmt=fmt, labels=kb.labels, locale=hl, bom=bom)
    except IndexMissing as exc:
        raise click.ClickException(f"{exc} (run `kb index` first)") from None


def print_partners(config: Config) -> None:
    """Every known partner with its record count, most records first."""
    kb = KnowledgeBase(config)
    try:
        counts = kb.facet_counts("partner")
    except IndexMissing:
        counts = {}
    gazetteer = kb.lexicon.gazetteer
    rows = sorted(gazetteer.partners.values(), key=lambda p: (-counts.get(p.id, 0), p.id))
    for partner in rows:
        click.echo(
            f"{counts.get(partner.id, 0):6d}  {partner.id:<16} {partner.country:<3}"
            f"{partner.name} / {partner.name_zh}"
        )


def print_candidates(rows: Sequence[Candidate]) -> None:
    """Candidates as staff read them: count, days, name, then an example title."""
    for row in rows:
        days = row.first if row.first == row.last else f"{row.first} – {row.last}"
        click.echo(f"{row.count:5d}  {days or 'undated':<23}  {row.name}")
        click.echo(f"{'':31}e.g. {row.example_title}")
