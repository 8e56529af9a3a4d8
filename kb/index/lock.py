"""One index writer at a time across processes, with safe recovery from killed writers.

The lock is a file naming its holder (pid, host, process start time, since when). It is
held for the whole writer session without keeping a file descriptor open, so worker
processes forked by a parallel build cannot keep it alive after their parent dies. A lock
whose holder is gone (no such pid on this host, or the pid now belongs to a process that
started later) is stale and is cleared. Checking and clearing happen under a short
`flock` on a guard file, so two writers recovering at once cannot both win.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path


class IndexLocked(Exception):
    """Another live process is writing this index; the message names it."""


@dataclass(frozen=True)
class LockHolder:
    """Who holds the lock, as written in the lock file."""

    pid: int
    host: str
    since: str
    start_ticks: int | None  # process start time (clock ticks after boot), guards pid reuse


def process_start_ticks(pid: int) -> int | None:
    """When a process started, from /proc; None where /proc is unavailable."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name (field 2) may contain spaces; fields after it are space-separated.
    return int(stat.rsplit(")", 1)[1].split()[19])


def holder_alive(holder: LockHolder) -> bool:
    """Whether the process that took the lock may still be running.

    A lock from another host cannot be checked and counts as alive: clearing it is a
    person's decision.
    """
    if holder.host != socket.gethostname():
        return True
    try:
        os.kill(holder.pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # exists, owned by another user
    if holder.start_ticks is not None:
        current = process_start_ticks(holder.pid)
        if current is not None and current != holder.start_ticks:
            return False  # the pid was reused by a newer process
    return True


class WriterLock:
    """The writer lock of one index folder."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.guard_path = path.with_name(path.name + ".guard")
        self.cleared: LockHolder | None = None  # the stale holder replaced, if any

    def read_holder(self) -> LockHolder | None:
        """The recorded holder; None when unlocked or the file is unreadable (a writer
        killed between creating and filling it, which can only happen under the guard)."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return LockHolder(
                int(data["pid"]), str(data["host"]), str(data["since"]), data.get("start_ticks")
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def acquire(self) -> None:
        """Take the lock or raise IndexLocked naming the live holder."""
        since = datetime.now(UTC).replace(microsecond=0).isoformat()
        me = LockHolder(os.getpid(), socket.gethostname(), since, process_start_ticks(os.getpid()))
        with self._guard():
            if self.path.exists():
                holder = self.read_holder()
                if holder is not None and holder_alive(holder):
                    raise IndexLocked(
                        f"index {self.path.parent} is being written by pid {holder.pid} on "
                        f"{holder.host} since {holder.since} (lock file {self.path})"
                    )
                self.cleared = holder
                self.path.unlink()
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(asdict(me), handle)
                handle.flush()
                os.fsync(handle.fileno())

    def release(self) -> None:
        """Give the lock up, unless it was (wrongly) taken over: never delete another's."""
        with self._guard():
            holder = self.read_holder()
            if holder is not None and holder.pid == os.getpid():
                self.path.unlink()

    @contextmanager
    def held(self) -> Iterator[WriterLock]:
        """The lock for the duration of a `with` block, released even on errors."""
        self.acquire()
        try:
            yield self
        finally:
            self.release()

    @contextmanager
    def _guard(self) -> Iterator[None]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.guard_path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            deadline = time.monotonic() + 30
            while True:  # held for microseconds by others; a bounded wait, never a hang
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise IndexLocked(f"cannot take the lock guard {self.guard_path}") from None
                    time.sleep(0.01)
            yield
        finally:
            os.close(fd)
