"""The run lock: `kb crawl`, `kb index` and `kb update` never overlap.

An advisory `flock` is held by the kernel for the life of the open file, so a run killed
with SIGKILL releases it at once: a stale lock cannot outlive its process. The file also
names the holder (pid, host, start time) so the second run can say who is in the way.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kb.store import utc_now


class RunLocked(Exception):
    """Another run holds the lock; the message names it."""


@contextmanager
def run_lock(path: Path, command: str) -> Iterator[None]:
    """Hold the run lock at `path` for the body of the `with`, or raise RunLocked at once."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = open(path, "a+", encoding="utf-8")  # noqa: SIM115 - held for the whole run
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            raise RunLocked(f"another run holds {path}: {_describe(handle.read())}") from None
        handle.seek(0)
        handle.truncate()
        holder = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "command": command,
            "since": utc_now(),
        }
        handle.write(json.dumps(holder))
        handle.flush()
        try:
            yield
        finally:
            handle.truncate(0)
            fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        handle.close()


def _describe(text: str) -> str:
    try:
        holder = json.loads(text)
        return (
            f"`kb {holder['command']}` pid {holder['pid']} on {holder['host']} "
            f"since {holder['since']}"
        )
    except (ValueError, KeyError, TypeError):
        return "a process that has not written its name yet"
