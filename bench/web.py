"""Throughput and latency of the web app's search API under concurrent clients.

Starts the real server (`python -m kb serve`, gunicorn) on 127.0.0.1 over a given index and
sends a bounded number of requests from N concurrent keep-alive clients, then prints
requests/s and latency percentiles. `/healthz` (one cheap search plus a store query) and a
static file run alongside as baselines, so the cost of the search itself stands out from
the cost of the server and the framework.

    python bench/web.py --demo                    # the bundled demo corpus (crawled first)
    python bench/web.py --synthetic 100000        # bench/synthetic.py records, built once
    python bench/web.py --config path/to/kb.toml  # any existing site
    python bench/web.py --synthetic 100000 --wrk 3   # also 3 runs of wrk, distinct URLs
    python bench/web.py --synthetic 100000 --wrk 3 --vary words   # no two share words

The Python clients share the server's two cores and its interpreter's lock, so they load
the machine themselves. `--wrk N` adds N back-to-back runs of wrk (Debian package `wrk`),
a C load generator, each request a different search (no cache answers it), and reports
each server worker's CPU seconds in each run: whether every worker did its share.

Only loopback traffic; every run stops by itself (request count and time cap).
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

TO_DATE = re.compile(r"[?&]to=(\d{4}-\d{2}-\d{2})")

#: A mix of what staff ask: free text in both languages, facets, dates, sorting, paging.
SEARCHES = (
    "/api/search",
    "/api/search?q=BTBU",
    "/api/search?q=%E5%8C%97%E4%BA%AC%E5%B7%A5%E5%95%86%E5%A4%A7%E5%AD%A6",  # 北京工商大学
    "/api/search?q=international+cooperation",
    "/api/search?q=online+meeting&sort=newest",
    "/api/search?q=%E7%95%99%E5%AD%A6%E7%94%9F",  # 留学生
    "/api/search?partner=btbu",
    "/api/search?topic=foreign_students&from=2021-01-01&to=2021-12-31",
    "/api/search?q=exchange&topic=student_exchange&lang=en",
    "/api/search?q=delegation&page=2",
    "/api/search?from=2020-01-01&to=2020-06-30&sort=oldest",
    "/api/search?q=%22joint+program%22",
)


def distinct(searches: tuple[str, ...], count: int) -> tuple[str, ...]:
    """`count` different URLs over the same mix, so that no request can be answered from
    the app's result cache: the engine's own cost under load.

    Each URL gets its own end date: one far in the future where the search has none
    (same results), or its own end date moved on by a few days (nearly the same). The
    work per request stays that of the mix: same query, same page size.
    """
    urls = []
    for n in range(count):
        base = searches[n % len(searches)]
        shift = timedelta(days=n // len(searches))
        end = TO_DATE.search(base)
        if end:
            moved = date.fromisoformat(end[1]) + shift
            urls.append(f"{base[: end.start(1)]}{moved.isoformat()}{base[end.end(1) :]}")
        else:
            sep = "&" if "?" in base else "?"
            urls.append(f"{base}{sep}to={(date(2100, 1, 1) + shift).isoformat()}")
    return tuple(urls)


def distinct_words(count: int, seed: int = 11) -> tuple[str, ...]:
    """`count` searches of the synthetic corpus that share no query and so few hits: two
    words each (one of the 300 commonest and one of the next 3,000, Chinese in three of
    ten), every third narrowed to one year. No per-document cache can carry one search's
    work over to the next, as the dated variants of `distinct` let it."""
    import synthetic

    generator = synthetic.Generator()
    rng = random.Random(seed)
    urls: dict[str, None] = {}
    while len(urls) < count:
        words = generator.zh_words.words if rng.random() < 0.3 else generator.en_words.words
        query = urllib.parse.quote_plus(f"{rng.choice(words[:300])} {rng.choice(words[300:3300])}")
        year = rng.choice(synthetic.YEARS)
        narrowed = f"&from={year}-01-01&to={year}-12-31" if len(urls) % 3 == 0 else ""
        urls[f"/api/search?q={query}{narrowed}"] = None
    return tuple(urls)


@dataclass
class Result:
    name: str
    clients: int
    latencies: list[float]
    errors: int
    seconds: float

    def row(self) -> str:
        ms = sorted(x * 1000 for x in self.latencies) or [0.0]
        pct = statistics.quantiles(ms, n=100, method="inclusive") if len(ms) > 1 else ms * 99
        rate = len(self.latencies) / self.seconds if self.seconds else 0.0
        return (
            f"{self.name:<14}{self.clients:>8}{len(self.latencies):>10}{self.errors:>8}"
            f"{rate:>10.1f}{pct[49]:>9.1f}{pct[89]:>9.1f}{pct[98]:>9.1f}{ms[-1]:>9.1f}"
        )


HEADER = (
    f"{'endpoint':<14}{'clients':>8}{'requests':>10}{'errors':>8}{'req/s':>10}"
    f"{'p50 ms':>9}{'p90 ms':>9}{'p99 ms':>9}{'max ms':>9}"
)


def load(
    port: int, name: str, paths: tuple[str, ...], clients: int, requests: int, time_cap: float
) -> Result:
    """`requests` GETs spread over `clients` keep-alive connections, stopping at `time_cap`."""
    counter = itertools.count()
    lock = threading.Lock()
    latencies: list[float] = []
    errors = [0]
    deadline = time.monotonic() + time_cap

    def client(offset: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine: list[float] = []
        failed = 0
        while time.monotonic() < deadline:
            with lock:
                n = next(counter)
            if n >= requests:
                break
            start = time.perf_counter()
            try:
                connection.request("GET", paths[(n + offset) % len(paths)])
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                ok = False
            if ok:
                mine.append(time.perf_counter() - start)
            else:
                failed += 1
        connection.close()
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Result(name, clients, latencies, errors[0], time.perf_counter() - started)


#: wrk's Lua script: each of its threads walks its own stride of the URL file, so no URL is
#: asked twice in one run.
WRK_SCRIPT = """
local paths = {}
for line in io.lines(os.getenv("KB_BENCH_URLS")) do paths[#paths + 1] = line end
local threads = 0
function setup(thread) thread:set("id", threads); threads = threads + 1 end
local n = 0
function request()
  n = n + 1
  return wrk.format("GET", paths[((n - 1) * 2 + id) % #paths + 1])
end
"""
_WRK_RATE = re.compile(r"Requests/sec:\s*([\d.]+)")
_WRK_P = re.compile(r"^\s*(50|90|99)%\s+([\d.]+)(us|ms|s)\s*$", re.MULTILINE)
_WRK_ERRORS = re.compile(r"Non-2xx or 3xx responses:\s*(\d+)|Socket errors:.*")


def worker_cpu(master: int) -> dict[int, float]:
    """CPU seconds (user + system) of each of the server's worker processes."""
    tick = 100.0  # USER_HZ on Linux
    found = {}
    for child in Path("/proc").glob("[0-9]*"):
        try:
            fields = (child / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:  # fields[1]: the parent pid
            found[int(child.name)] = (int(fields[11]) + int(fields[12])) / tick
    return found


def wrk_run(port: int, urls: Path, master: int, connections: int, seconds: int) -> str:
    """One wrk run over distinct URLs: its table row, with each worker's CPU seconds."""
    script = urls.with_suffix(".lua")
    script.write_text(WRK_SCRIPT, encoding="utf-8")
    before = worker_cpu(master)
    done = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", str(script),
         f"http://127.0.0.1:{port}"],
        capture_output=True, text=True, check=True,
        env={"KB_BENCH_URLS": str(urls), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    after = worker_cpu(master)
    rate = float(_WRK_RATE.search(done.stdout)[1])  # type: ignore[index]
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}
    pct = {m[0]: float(m[1]) * scale[m[2]] for m in _WRK_P.findall(done.stdout)}
    errors = sum(int(m[1] or 1) for m in _WRK_ERRORS.finditer(done.stdout))
    cpu = " ".join(f"{after[pid] - before.get(pid, 0.0):.1f}" for pid in sorted(after))
    return (
        f"{'wrk uncached':<14}{connections:>8}{errors:>8}{rate:>10.1f}{pct['50']:>9.1f}"
        f"{pct['90']:>9.1f}{pct['99']:>9.1f}   {cpu}"
    )


def serve(
    config: Path, workers: int, threads: int, log: Path
) -> tuple[subprocess.Popen[bytes], int]:
    """Start `kb serve` on a free loopback port and wait until /healthz answers."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [
        sys.executable,
        "-m",
        "kb",
        "serve",
        "--config",
        str(config),
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--threads",
        str(threads),
    ]
    with open(log, "w") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT)
    deadline = time.monotonic() + 120
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=30).close()
            return process, port
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise SystemExit(f"server did not start; see {log}") from None
            time.sleep(0.2)


def _toml(text: str) -> str:
    """A TOML basic string (JSON's string syntax is a subset of it)."""
    return json.dumps(text, ensure_ascii=False)


def write_config(root: Path, partners: Path) -> Path:
    config = root / "kb.toml"
    config.write_text(
        f'[storage]\ndata_dir = "data"\nindex_dir = "indexes/main"\n\n'
        f"[enrich]\npartners_file = {_toml(partners.name)}\n",
        encoding="utf-8",
    )
    return config


def demo_site(work: Path) -> Path:
    """Crawl and index the bundled demo sites into `work` (once); `kb demo` writes kb.toml."""
    config = work / "kb.toml"
    if not config.exists():
        subprocess.run(
            [sys.executable, "-m", "kb", "demo", "--data-dir", str(work), "--no-serve"],
            check=True,
            cwd=ROOT,
        )
    return config


def synthetic_site(work: Path, count: int) -> Path:
    """Store and index `count` synthetic records in `work` (once) and return its config.

    The synthetic partners go into the site's partners file, so the app labels them and
    expands their aliases exactly as it would for real partners.
    """
    import synthetic

    from kb.core.config import load_config
    from kb.lexicon import Lexicon
    from kb.pipeline import index_manager
    from kb.store import Store

    generator = synthetic.Generator()
    partners = work / "partners.toml"
    partners.write_text(
        "".join(
            f"[[partner]]\nid = {_toml(p.id)}\nname = {_toml(p.name)}\n"
            f"name_zh = {_toml(p.name_zh)}\n"
            f"aliases = [{', '.join(_toml(a) for a in p.aliases)}]\n"
            'country = "CN"\ntype = "university"\n\n'
            for p in generator.partners
        ),
        encoding="utf-8",
    )
    config_path = write_config(work, partners)
    done = work / "built"
    if done.exists():
        return config_path
    config = load_config(config_path)
    started = time.perf_counter()
    with Store(config.storage.store_path) as store:
        with store.transaction():
            for record in generator.records(count):
                store.put_record(record)
                store.put_enrichment(record, "synthetic")
        seq = store.current_seq()
    with index_manager(config, Lexicon.load(config.enrich)).writing() as writer:
        writer.rebuild(generator.records(count), seq, procs=2)
    done.touch()
    print(f"built {count} synthetic records in {time.perf_counter() - started:.0f} s", flush=True)
    return config_path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    site = parser.add_mutually_exclusive_group(required=True)
    site.add_argument("--config", type=Path, help="kb.toml of an existing site")
    site.add_argument("--demo", action="store_true", help="the bundled demo corpus")
    site.add_argument("--synthetic", type=int, metavar="N", help="N synthetic records")
    parser.add_argument("--work", type=Path, help="where demo/synthetic sites are kept")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=2000, help="per measured endpoint")
    parser.add_argument("--workers", type=int, default=2, help="server processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per server process")
    parser.add_argument("--time-cap", type=float, default=180.0, help="seconds per endpoint")
    parser.add_argument("--wrk", type=int, default=0, metavar="N", help="N runs of wrk too")
    parser.add_argument("--wrk-seconds", type=int, default=20, help="length of one wrk run")
    parser.add_argument(
        "--vary",
        choices=("dates", "words"),
        default="dates",
        help="how uncached URLs differ: the mix with other end dates, or other words "
        "altogether (synthetic sites only)",
    )
    args = parser.parse_args()
    if args.vary == "words" and not args.synthetic:
        raise SystemExit("--vary words needs --synthetic (its words come from that corpus)")
    if args.wrk and not shutil.which("wrk"):
        raise SystemExit("--wrk needs wrk on PATH (Debian package wrk)")

    label = "demo" if args.demo else f"synthetic-{args.synthetic}" if args.synthetic else "site"
    work = args.work or Path(tempfile.gettempdir()) / f"kb-bench-web-{label}"
    work.mkdir(parents=True, exist_ok=True)
    if args.demo:
        config = demo_site(work)
    elif args.synthetic:
        config = synthetic_site(work, args.synthetic)
    else:
        config = args.config.resolve()

    def uncached(count: int) -> tuple[str, ...]:
        return distinct_words(count) if args.vary == "words" else distinct(SEARCHES, count)

    process, port = serve(config, args.workers, args.threads, work / "server.log")
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=60) as health:
            print(f"{label}: {health.read().decode()}")
        load(port, "warm-up", SEARCHES, args.clients, 5 * len(SEARCHES), args.time_cap)
        runs = [
            load(
                port,
                "static file",
                ("/static/app.css",),
                args.clients,
                args.requests,
                args.time_cap,
            ),
            load(port, "/healthz", ("/healthz",), args.clients, args.requests, args.time_cap),
            load(port, "/api/search", SEARCHES, 1, max(100, args.requests // 10), args.time_cap),
            load(port, "/api/search", SEARCHES, args.clients, args.requests, args.time_cap),
            load(
                port,
                "search uncached",
                uncached(args.requests),
                args.clients,
                args.requests,
                args.time_cap,
            ),
        ]
        urls = work / "wrk-urls.txt"
        urls.write_text("\n".join(uncached(200_000)) + "\n", encoding="utf-8")
        wrk_rows = [
            wrk_run(port, urls, process.pid, args.clients, args.wrk_seconds)
            for _ in range(args.wrk)
        ]
    finally:
        process.terminate()
        process.wait(timeout=30)
    print(
        f"\n{label}, gunicorn workers={args.workers} threads={args.threads}, "
        f"{len(SEARCHES)} search URLs in rotation "
        "(repeats hit the result cache); 'search uncached': every URL different"
    )
    print(HEADER)
    for run in runs:
        print(run.row())
    if wrk_rows:
        print(
            f"\n{args.wrk} back-to-back wrk runs of {args.wrk_seconds} s, every URL different; "
            "CPU seconds of each worker in the run"
        )
        print(
            f"{'load':<14}{'conns':>8}{'errors':>8}{'req/s':>10}{'p50 ms':>9}{'p90 ms':>9}"
            f"{'p99 ms':>9}   worker CPU s"
        )
        for row in wrk_rows:
            print(row)


if __name__ == "__main__":
    main()
