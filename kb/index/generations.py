"""Index generations on disk: which one is current, what it was built with, atomic swaps.

Layout of an index folder::

    CURRENT -> generations/g000002      symlink, replaced atomically with os.replace
    generations/g000002/                 a Whoosh index + generation.json
    writer.lock, writer.lock.guard       see kb.index.lock

`generation.json` records the schema version, the segmenter vocabulary fingerprint and
the store sequence applied last (the watermark). It is replaced atomically after every
Whoosh commit, so after a crash it can only lag behind the index: the next run re-applies
a few changes, which is harmless because updates are keyed by record id.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path

CURRENT = "CURRENT"
GENERATIONS = "generations"
META_FILE = "generation.json"
_NAME = re.compile(r"^g(\d{6,})$")


@dataclass(frozen=True)
class GenerationMeta:
    """What a generation was built with, and how far in the store it has got."""

    schema_version: int
    vocabulary: str  # fingerprint of the segmenter vocabulary
    seq: int  # store sequence applied last


def generations_dir(index_dir: Path) -> Path:
    """Where the generation folders live."""
    return index_dir / GENERATIONS


def current_name(index_dir: Path) -> str | None:
    """The current generation's name, or None before the first build."""
    try:
        return Path(os.readlink(index_dir / CURRENT)).name
    except (FileNotFoundError, NotADirectoryError):
        return None


def generation_path(index_dir: Path, name: str) -> Path:
    """The folder (a Whoosh index) of one generation."""
    return generations_dir(index_dir) / name


def new_generation(index_dir: Path) -> tuple[str, Path]:
    """Create the folder of the next generation (numbered after every existing one)."""
    root = generations_dir(index_dir)
    root.mkdir(parents=True, exist_ok=True)
    numbers = [int(m.group(1)) for p in root.iterdir() if (m := _NAME.match(p.name))]
    name = f"g{max(numbers, default=0) + 1:06d}"
    path = root / name
    path.mkdir()
    return name, path


def read_meta(path: Path) -> GenerationMeta | None:
    """A generation's metadata; None if missing or unreadable (treated as no index)."""
    try:
        data = json.loads((path / META_FILE).read_text(encoding="utf-8"))
        return GenerationMeta(
            int(data["schema_version"]), str(data["vocabulary"]), int(data["seq"])
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_meta(path: Path, meta: GenerationMeta) -> None:
    """Replace generation.json atomically (write, fsync, rename)."""
    tmp = path / f".{META_FILE}.{os.getpid()}.tmp"
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump(asdict(meta), handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path / META_FILE)
    _fsync_dir(path)


def make_current(index_dir: Path, name: str) -> None:
    """Point CURRENT at a generation in one atomic step (readers see old or new)."""
    link = index_dir / CURRENT
    tmp = index_dir / f".{CURRENT}.{os.getpid()}.tmp"
    tmp.unlink(missing_ok=True)
    os.symlink(Path(GENERATIONS) / name, tmp)
    os.replace(tmp, link)
    _fsync_dir(index_dir)


def remove_generation(index_dir: Path, name: str) -> None:
    """Delete one generation folder (a build that failed before being made current)."""
    shutil.rmtree(generation_path(index_dir, name), ignore_errors=True)


def remove_stale_generations(index_dir: Path) -> list[str]:
    """Delete every generation but the current one (old ones, or a crashed build's).

    Only the lock holder calls this. Readers still searching an old generation keep
    their open files (POSIX unlink semantics) and move to the current one on their next
    freshness check.
    """
    current = current_name(index_dir)
    root = generations_dir(index_dir)
    removed = []
    if root.is_dir():
        for path in root.iterdir():
            if path.name != current and _NAME.match(path.name):
                remove_generation(index_dir, path.name)
                removed.append(path.name)
    return sorted(removed)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
