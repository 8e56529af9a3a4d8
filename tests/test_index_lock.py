"""One writer at a time: contention names the holder; killed writers' locks are recovered."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from test_search_fixtures import ALIASES, RECORDS

from kb.index import IndexLocked, IndexManager
from kb.index.lock import process_start_ticks

ROOT = Path(__file__).resolve().parents[1]


def hold_lock(index_dir: Path, then: str) -> subprocess.Popen[str]:
    """A writer in another process: takes the lock, says so, then runs `then`."""
    code = textwrap.dedent(f"""
        import os, signal, sys, time
        from pathlib import Path
        from kb.index import IndexManager
        with IndexManager(Path({str(index_dir)!r})).writing():
            print("locked", flush=True)
            {then}
    """)
    child = subprocess.Popen(
        [sys.executable, "-c", code],
        cwd=ROOT,
        text=True,
        stdout=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert child.stdout is not None and child.stdout.readline().strip() == "locked"
    return child


def test_second_writer_in_the_same_process_is_refused(tmp_path: Path) -> None:
    holder = f"pid {os.getpid()} on {re.escape(socket.gethostname())}"
    with (
        IndexManager(tmp_path).writing(),
        pytest.raises(IndexLocked, match=holder),
        IndexManager(tmp_path).writing(),
    ):
        pass
    with IndexManager(tmp_path).writing():  # released
        pass


def test_writer_in_another_process_is_named(tmp_path: Path) -> None:
    child = hold_lock(tmp_path, "time.sleep(60)")
    try:
        with pytest.raises(IndexLocked) as refused, IndexManager(tmp_path).writing():
            pass
        assert f"pid {child.pid}" in str(refused.value) and " since " in str(refused.value)
    finally:
        child.kill()
        child.wait()


def test_lock_of_a_killed_writer_is_cleared(tmp_path: Path) -> None:
    child = hold_lock(tmp_path, "os.kill(os.getpid(), signal.SIGKILL)")
    assert child.wait() == -signal.SIGKILL
    assert json.loads((tmp_path / "writer.lock").read_text())["pid"] == child.pid
    index = IndexManager(tmp_path, ALIASES)
    with index.writing() as session:
        session.rebuild(RECORDS, seq=1)
    assert index.lock.cleared is not None and index.lock.cleared.pid == child.pid
    assert not (tmp_path / "writer.lock").exists()


def write_lock(index_dir: Path, **holder: object) -> None:
    index_dir.mkdir(parents=True, exist_ok=True)
    data = {
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "since": "2024-01-01T00:00:00+00:00",
        "start_ticks": process_start_ticks(os.getpid()),
        **holder,
    }
    (index_dir / "writer.lock").write_text(json.dumps(data))


def test_reused_pid_is_not_mistaken_for_the_holder(tmp_path: Path) -> None:
    ticks = process_start_ticks(os.getpid())
    assert ticks is not None
    write_lock(tmp_path, start_ticks=ticks - 1)  # "our" pid, but a process started earlier
    with IndexManager(tmp_path).writing():
        pass


def test_live_holder_is_respected(tmp_path: Path) -> None:
    write_lock(tmp_path)
    with pytest.raises(IndexLocked), IndexManager(tmp_path).writing():
        pass


def test_lock_from_another_host_is_never_cleared(tmp_path: Path) -> None:
    write_lock(tmp_path, pid=1, host="elsewhere.example")
    with pytest.raises(IndexLocked, match=r"elsewhere\.example"), IndexManager(tmp_path).writing():
        pass


def test_unreadable_lock_file_is_stale(tmp_path: Path) -> None:
    tmp_path.joinpath("writer.lock").write_text("")  # killed between creating and filling it
    with IndexManager(tmp_path).writing():
        pass
