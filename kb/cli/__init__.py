"""The `kb` command line (DESIGN.md, "CLI contract"): thin commands over `kb.pipeline`
(what changes data) and `kb.app` (what reads it)."""

from __future__ import annotations

import dataclasses
import functools
import json
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from kb import pipeline
from kb.cli import terminal
from kb.core import logs
from kb.core.config import Config, ConfigError, load_config, resolve_config_path
from kb.lexicon import PARTNER_TYPES, LexiconError, Partner, curation
from kb.pipeline.locking import RunLocked
from kb.search.facets import FACET_NAMES
from kb.store import RecordImportError, RunKind, StoreError, backup, import_jsonl

EXIT_OK, EXIT_PARTIAL, EXIT_FAILED = 0, 1, 2

_CONFIG_HELP = "Config file (default: $KB_CONFIG, else ./kb.toml)."


def with_config(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add `--config` and turn known, fixable errors into one line on stderr and exit 2.

    `--config` may also come before the command name (`kb --config x.toml update`): the
    group keeps it, and the command's own option wins when both are given.
    """

    @click.option("--config", "config_path", type=click.Path(dir_okay=False), help=_CONFIG_HELP)
    @functools.wraps(command)
    def wrapper(config_path: str | None, **kwargs: Any) -> Any:
        config_path = config_path or click.get_current_context().find_object(ConfigPath)
        try:
            config = load_config(resolve_config_path(config_path))
            logs.configure(config.logging)
            return command(config, **kwargs)
        except (ConfigError, StoreError, RunLocked, RecordImportError) as exc:
            click.echo(f"kb: {exc}", err=True)
            sys.exit(EXIT_FAILED)

    return wrapper


class ConfigPath(str):
    """The `--config` given before the command name, kept for the command."""


def _remember_config(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value:
        ctx.obj = ConfigPath(value)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="cooperation-kb")
@click.option(
    "--config",
    type=click.Path(dir_okay=False),
    help=_CONFIG_HELP,
    callback=_remember_config,
    expose_value=False,
    is_eager=True,
)
def main() -> None:
    """Cooperation KB: collect, enrich, index and search a university's international
    cooperation history (visits, meetings, agreements, exchanges) from its news pages."""


@main.command()
@click.option(
    "--source",
    "source_names",
    multiple=True,
    metavar="NAME",
    help="Crawl only this source (repeatable). Default: every source.",
)
@with_config
def crawl(config: Config, source_names: tuple[str, ...]) -> None:
    """Fetch new and changed pages of the configured sources into the store.

    Re-crawls send conditional requests, so unchanged pages cost a 304 and nothing more.
    Exit 0 when every source succeeded, 1 when some failed, 2 when it could not run.
    """
    sources = [config.source(n) for n in source_names] or list(config.sources)
    with pipeline.running(config, RunKind.CRAWL) as (store, run):
        summary = pipeline.crawl(config, store, sources, logs.progress_printer())
        run.done(summary.status, summary.to_json())
    for source in summary.sources:
        click.echo(source.report.summary())
    sys.exit(pipeline.exit_code(summary.status))


@main.command()
@click.option(
    "--full", is_flag=True, help="Rebuild into a new index generation and swap it in atomically."
)
@with_config
def index(config: Config, full: bool) -> None:
    """Enrich and index what changed in the store since the last run.

    Records are re-enriched without the network when the partners or topics files change.
    """
    with pipeline.running(config, RunKind.INDEX) as (store, run):
        summary = pipeline.index(config, store, full=full)
        run.done(run.status, summary.to_json())
    click.echo(summary.line())


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print a JSON summary instead of a line.")
@with_config
def update(config: Config, as_json: bool) -> None:
    """Crawl every source, then enrich and index: the nightly job for cron.

    \b
    Exit codes:
      0  every source succeeded
      1  some source failed; the others were crawled and indexed
      2  could not run (config error, another run holds the lock, crash)
    """
    with pipeline.running(config, RunKind.UPDATE) as (store, run):
        summary = pipeline.update(config, store, logs.progress_printer())
        run.done(summary.status, summary.to_json())
    click.echo(json.dumps(summary.to_json(), ensure_ascii=False) if as_json else summary.line())
    logging.getLogger("kb.update").info(summary.line())
    sys.exit(summary.exit_code)


_FACET_HELP = {
    "partner": ("ID", "Only records with this partner"),
    "topic": ("ID", "Only records with this topic"),
    "year": ("YYYY", "Only records published this year"),
    "lang": ("CODE", "Only records in this language (zh, en)"),
    "source": ("NAME", "Only records of this source"),
}


def search_filters(command: Callable[..., Any]) -> Callable[..., Any]:
    """The search's filters as options, the same for `kb search` and `kb export`: one
    repeatable option per facet (OR within it, AND across), and the date range."""
    options = [
        click.option(
            f"--{facet}",
            "facets_" + facet,
            multiple=True,
            metavar=_FACET_HELP[facet][0],
            help=f"{_FACET_HELP[facet][1]} (repeatable: any of them).",
        )
        for facet in FACET_NAMES
    ]
    options += [
        click.option(
            "--from", "date_from", metavar="DATE", help="Published on or after (YYYY[-MM[-DD]])."
        ),
        click.option(
            "--to", "date_to", metavar="DATE", help="Published on or before (YYYY[-MM[-DD]])."
        ),
    ]
    for option in reversed(options):
        command = option(command)

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        pairs = [(facet, value) for facet in FACET_NAMES for value in kwargs.pop("facets_" + facet)]
        for name, key in (("from", "date_from"), ("to", "date_to")):
            if value := kwargs.pop(key):
                pairs.append((name, value))
        return command(*args, filters=pairs, **kwargs)

    return wrapper


@main.command()
@click.argument("query", required=False, default="")
@search_filters
@click.option("--sort", type=click.Choice(["relevance", "newest", "oldest"]), default="relevance")
@click.option("--limit", type=click.IntRange(1, 100), default=10, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the API's JSON response.")
@with_config
def search(config: Config, **options: Any) -> None:
    """Search the index from the terminal, e.g. `kb search BTBU --topic online_meeting`."""
    terminal.run_search(config, **options)


@main.command()
@click.argument("query", required=False, default="")
@search_filters
@click.option(
    "--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True
)
@click.option("--bom", is_flag=True, help="Start CSV with a UTF-8 BOM so Excel reads Chinese.")
@click.option(
    "--hl", type=click.Choice(["en", "zh"]), default="en", help="Language of the CSV's names."
)
@with_config
def export(config: Config, **options: Any) -> None:
    """Write records (all, or those matching QUERY and the filters) to stdout as JSONL or
    CSV."""
    terminal.export(config, **options)


@main.command(name="import")
@click.argument("jsonl", type=click.File("r", encoding="utf-8"))
@with_config
def import_(config: Config, jsonl: Any) -> None:
    """Load records from a `kb export` JSONL file into the store (restore, migration)."""
    with pipeline.running(config, RunKind.IMPORT) as (store, run):
        count = import_jsonl(jsonl, store)
        run.done(run.status, {"records": count})
    click.echo(f"kb import: {count} records loaded; run `kb index` to index them")


@main.command(name="backup")
@click.argument("destination", type=click.Path(dir_okay=False))
@with_config
def backup_(config: Config, destination: str) -> None:
    """Copy the store to DESTINATION with SQLite's online backup (safe while serving)."""
    with pipeline.open_store(config) as store:
        pages = backup(store, Path(destination))
    click.echo(f"kb backup: {destination} written ({pages} database pages)")


@main.command()
@click.option("--repair", is_flag=True, help="Re-index what differs between store and index.")
@with_config
def check(config: Config, repair: bool) -> None:
    """Verify that the index matches the store (ids, counts, generation); exit 1 if not."""
    from kb.pipeline.check import check as check_index

    with pipeline.running(config, RunKind.CHECK) as (store, run):
        report = check_index(config, store, repair=repair)
        run.done(report.status, report.to_json())
    click.echo(report.text())
    sys.exit(pipeline.exit_code(report.status))


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8080, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--workers",
    default=2,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Processes; searches run in parallel up to the number of cores.",
)
@click.option(
    "--threads",
    default=4,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Threads per process (requests waiting on the network or disk).",
)
@with_config
def serve(config: Config, host: str, port: int, workers: int, threads: int) -> None:
    """Serve the web app and JSON API on a production WSGI server (gunicorn)."""
    from kb.web import create_app
    from kb.web.server import serve as run_server

    click.echo(f"Serving on http://{host}:{port}/ (Ctrl+C to stop)")
    run_server(create_app(config), host=host, port=port, threads=threads, workers=workers)


@main.group(invoke_without_command=True)
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False),
    help=_CONFIG_HELP,
)
@click.pass_context
def partners(ctx: click.Context, config_path: str | None) -> None:
    """List partners with record counts; `kb partners candidates` for unknown names."""
    if config_path:
        ctx.obj = ConfigPath(config_path)
    if ctx.invoked_subcommand is None:
        ctx.invoke(_list_partners)


@click.command()
@with_config
def _list_partners(config: Config) -> None:
    terminal.print_partners(config)


@partners.command()
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 10000))
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@with_config
def candidates(config: Config, limit: int, as_json: bool) -> None:
    """Institution names seen in the text that the partners file does not know yet: how
    many records name each, first and last date, and one title to read."""
    with pipeline.open_store(config) as store:
        rows = store.candidates(limit=limit)
    if as_json:
        for row in rows:
            click.echo(json.dumps(dataclasses.asdict(row), ensure_ascii=False))
        return
    if not rows:
        click.echo("No candidates: every institution seen is in the partners file.")
        return
    terminal.print_candidates(rows)


@partners.command("add")
@click.argument("partner_id", metavar="ID")
@click.option("--name", required=True, help="Name in English (or as the partner writes it).")
@click.option("--name-zh", default="", help="Name in Chinese.")
@click.option("--alias", "aliases", multiple=True, metavar="A", help="Other name (repeatable).")
@click.option("--country", default="", metavar="CC", help="Two-letter country code, e.g. GB.")
@click.option(
    "--type",
    "kind",
    type=click.Choice(PARTNER_TYPES),
    default="university",
    show_default=True,
)
@with_config
def add_partner(
    config: Config,
    partner_id: str,
    name: str,
    name_zh: str,
    aliases: tuple[str, ...],
    country: str,
    kind: str,
) -> None:
    """Accept a candidate: append a partner to the user's partners file (created if
    missing; nothing in it is rewritten). The next `kb index` tags the records naming it."""
    path = config.partners_path
    partner = Partner(partner_id, name, name_zh, aliases, country.upper(), kind)
    try:
        curation.add_partner(path, partner)
    except LexiconError as exc:
        click.echo(f"kb: {exc}", err=True)
        sys.exit(EXIT_FAILED)
    click.echo(f"Added {partner_id} to {path}. Run `kb index` to tag the records that name it.")


@main.command()
@click.option(
    "--port",
    default=8080,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Port of the web app (0 picks a free one).",
)
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False),
    help="Keep the demo's store and index here, rebuilt each run (default: a temp folder).",
)
@click.option("--no-serve", is_flag=True, help="Crawl and index, print the summary, exit.")
def demo(port: int, data_dir: str | None, no_serve: bool) -> None:
    """Crawl, index and serve the bundled demo sites: no config, no internet."""
    from kb import demo as demo_module

    demo_module.run(port=port, data_dir=Path(data_dir) if data_dir else None, serve=not no_serve)
