"""`kb demo`: the whole chain on bundled sites, with no config and no internet.

The demo sites are static folders shipped with the package (fictional news written for
the demo). Each is served on its own loopback port, crawled like any real source,
enriched, indexed, and the web app is served over the result.
"""

from __future__ import annotations

import functools
import json
import shutil
import socket
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import click

from kb import pipeline
from kb.core import logs
from kb.core.config import Config, SourceConfig, demo_config
from kb.store import RunKind

SITES_DIR = Path(__file__).parent / "sites"

#: site folder -> (start path, owner partner id). ic-zh and news-en belong to the demo
#: university; btbu-zh and nccu-tw are partners' own sites (nccu-tw in Big5 with Minguo
#: dates), which report some of the same events from the other side.
DEMO_SITES: dict[str, tuple[str, str]] = {
    "ic-zh": ("/gjjl/list.htm", "culr"),
    "news-en": ("/news/", "culr"),
    "btbu-zh": ("/gjjl.htm", "btbu"),
    "nccu-tw": ("/p/403-1045-1234.html", "nccu"),
}


class _QuietHandler(SimpleHTTPRequestHandler):
    """Static files with Last-Modified / 304 support, without a log line per request."""

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve_sites(
    sites_dir: Path = SITES_DIR, handler_class: type[SimpleHTTPRequestHandler] = _QuietHandler
) -> Iterator[dict[str, str]]:
    """Serve each demo site folder on a free 127.0.0.1 port; yields name -> base URL."""
    servers: dict[str, ThreadingHTTPServer] = {}
    try:
        for name in DEMO_SITES:
            handler = functools.partial(handler_class, directory=str(sites_dir / name))
            server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
            server.daemon_threads = True
            threading.Thread(target=server.serve_forever, daemon=True).start()
            servers[name] = server
        yield {name: f"http://127.0.0.1:{s.server_address[1]}" for name, s in servers.items()}
    finally:
        for server in servers.values():
            server.shutdown()
            server.server_close()


def demo_sources(base_urls: dict[str, str]) -> tuple[SourceConfig, ...]:
    return tuple(
        SourceConfig(name=f"demo-{name}", start_urls=(base_urls[name] + start,), owner=owner)
        for name, (start, owner) in DEMO_SITES.items()
    )


def build(root: Path, base_urls: dict[str, str]) -> tuple[Config, pipeline.UpdateSummary]:
    """Crawl, enrich and index the served demo sites into `root`."""
    config = demo_config(root, demo_sources(base_urls))
    with pipeline.running(config, RunKind.UPDATE) as (store, run):
        summary = pipeline.update(config, store, logs.progress_printer())
        run.done(summary.status, summary.to_json())
    return config, summary


def write_config(config: Config) -> Path:
    """A kb.toml beside the demo data, so the CLI works on it afterwards (`kb search`).

    It names the demo sources with their owner, so `kb index` keeps enriching the records
    the same way (the sites themselves are gone once the demo stops).
    """
    lines = ["[storage]", 'data_dir = "data"', 'index_dir = "indexes/main"']
    for source in config.sources:
        lines += [
            "",
            "[[sources]]",
            f"name = {json.dumps(source.name)}",
            f"start_urls = {json.dumps(list(source.start_urls))}",
        ]
        if source.owner:
            lines.append(f"owner = {json.dumps(source.owner)}")
    config.path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return config.path


def run(*, port: int, data_dir: Path | None, serve: bool) -> None:
    """Build the demo knowledge base and, unless `serve` is false, serve the web app."""
    with _workspace(data_dir) as root, serve_sites() as base_urls:
        click.echo(f"Demo sites: {', '.join(base_urls.values())}")
        config, summary = build(root, base_urls)
        click.echo(summary.line())
        click.echo(f"From a terminal: kb search BTBU --config {write_config(config)}")
        if not serve:
            return
        from kb.web import create_app
        from kb.web.server import serve as run_server

        port = port or free_port()
        click.echo("The web app, until Ctrl+C:")
        click.echo(f"http://127.0.0.1:{port}/")
        run_server(create_app(config), host="127.0.0.1", port=port)


def free_port() -> int:
    """A port nobody listens on right now, for `--port 0`."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def _workspace(data_dir: Path | None) -> Iterator[Path]:
    if data_dir is not None:
        # The demo sites get new ports on every run, so their URLs (and record ids) change:
        # start from an empty store rather than pile a second copy on the first.
        for derived in ("data", "indexes"):
            shutil.rmtree(data_dir / derived, ignore_errors=True)
        data_dir.mkdir(parents=True, exist_ok=True)
        yield data_dir
        return
    with tempfile.TemporaryDirectory(prefix="kb-demo-") as tmp:
        yield Path(tmp)
