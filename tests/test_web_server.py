"""The app as staff run it: `python -m kb serve` on gunicorn, in its own processes."""

from __future__ import annotations

import json
import urllib.request
from email.message import Message
from pathlib import Path

import pytest
from test_web_corpus import EXPECTED, build_site, corpus, served


def fetch(url: str, **headers: str) -> tuple[int, Message, bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@pytest.mark.slow
def test_kb_serve_answers_over_http(tmp_path: Path) -> None:
    config = build_site(tmp_path, corpus())
    with served(config, tmp_path / "server.log") as (base, server):
        status, headers, body = fetch(base + "/api/search?partner=btbu")
        assert status == 200 and headers["Server"] == "gunicorn"  # not werkzeug's dev server
        assert json.loads(body)["total"] == EXPECTED["partner"]["btbu"]
        status, _, _ = fetch(
            base + "/api/search?partner=btbu", **{"If-None-Match": headers["ETag"]}
        )
        assert status == 304
        status, headers, body = fetch(base + "/?hl=zh")
        assert status == 200 and "国际合作知识库" in body.decode()
        assert "script-src 'self'" in headers["Content-Security-Policy"]
        status, _, body = fetch(base + "/api/search?page=zero")
        assert status == 400 and json.loads(body)["error"]["param"] == "page"
        status, _, body = fetch(base + "/healthz")
        assert status == 200 and json.loads(body)["docs"] == EXPECTED["total"]
        workers = worker_pids(server.pid)
        assert len(workers) == 2  # `kb serve` defaults to two worker processes
    # Stopping the server stops its workers too.
    assert not [pid for pid in workers if Path(f"/proc/{pid}").exists()]


def worker_pids(pid: int) -> list[int]:
    """The child processes of `pid` (Linux /proc)."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(child) for child in children]


def cpu_ticks(pid: int) -> int:
    """User plus system CPU time of a process, in clock ticks (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


@pytest.mark.slow
def test_keep_alive_clients_keep_every_worker_busy(tmp_path: Path) -> None:
    """Clients that keep their connections (browsers, tools with pools) must not pin all
    the load on one worker, even when they all connected while only one could accept:
    sixteen keep-alive clients search for four seconds, every request a different search,
    and each worker must do a fair part of the work."""
    import http.client
    import itertools
    import os
    import signal
    import threading
    import time
    from urllib.parse import quote, urlsplit

    config = build_site(tmp_path, corpus())
    words = ["BTBU", "Sheffield", "exchange", "online", "visit", "合作", "交流", "会议"]
    with served(config, tmp_path / "server.log") as (base, server):
        workers = worker_pids(server.pid)
        before = {pid: cpu_ticks(pid) for pid in workers}
        address = urlsplit(base)
        failures: list[int] = []

        # The worst case: the pool connects while all but one worker are busy elsewhere
        # (here: stopped), so only that one can accept.
        others = workers[1:]
        for pid in others:
            os.kill(pid, signal.SIGSTOP)
        pool = []
        for _ in range(16):
            connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
            connection.connect()
            pool.append(connection)
        time.sleep(0.5)  # the one worker accepts what it will
        for pid in others:
            os.kill(pid, signal.SIGCONT)
        deadline = time.monotonic() + 4

        def client(number: int) -> None:
            connection = pool[number]
            for n in itertools.count():
                if time.monotonic() > deadline:
                    break
                query = quote(f"{words[(number + n) % len(words)]} {number}-{n}")
                connection.request("GET", f"/api/search?q={query}&per_page=50")
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    failures.append(response.status)
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
                    connection = http.client.HTTPConnection(
                        address.hostname, address.port, timeout=30
                    )
            connection.close()

        threads = [threading.Thread(target=client, args=(n,)) for n in range(16)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        used = {pid: cpu_ticks(pid) - before[pid] for pid in workers}
    assert failures == []
    total = sum(used.values())
    assert total > 0 and min(used.values()) >= 0.3 * total, used
