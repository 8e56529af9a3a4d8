"""Accepting a candidate: appending a partner to the user's partners file.

Staff own that file and may have commented and ordered it by hand, so it is never
rewritten: the new entry is appended to the bytes already there. The whole file is
checked as the gazetteer would load it before the new version replaces the old one, so a
mistake leaves the file as it was.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from kb.lexicon.files import LexiconError
from kb.lexicon.gazetteer import Gazetteer, Partner


def add_partner(path: Path, partner: Partner) -> Gazetteer:
    """Append `partner` to the partners file at `path` (created if missing) and return the
    gazetteer it makes. Raises LexiconError when the id or a name is taken or a field is
    invalid; the file is then unchanged."""
    before = path.read_bytes() if path.exists() else b""
    current = Gazetteer.load(path if path.exists() else None)
    if partner.id in current.partners:
        raise LexiconError(path, "id", f"{partner.id!r} is already a partner id")
    taken = {form.lower(): pid for form, pid in current.surface_forms().items()}
    for form in partner.forms:
        if form.lower() in taken:
            raise LexiconError(path, "name", f"{form!r} already names {taken[form.lower()]!r}")
    after = _paragraph(before) + render(partner).encode("utf-8")
    with tempfile.NamedTemporaryFile(
        "wb", dir=path.parent, prefix=f".{path.name}.", delete=False
    ) as handle:
        handle.write(after)
        handle.flush()
        os.fsync(handle.fileno())
        staged = Path(handle.name)
    try:
        gazetteer = Gazetteer.load(staged)
    except LexiconError as exc:
        staged.unlink(missing_ok=True)
        raise LexiconError(path, None, str(exc).removeprefix(f"{staged}: ")) from None
    except BaseException:
        staged.unlink(missing_ok=True)
        raise
    os.replace(staged, path)
    return gazetteer


def _paragraph(before: bytes) -> bytes:
    """The file so far, byte for byte, then a blank line when it has content."""
    if not before.strip():
        return before
    return before + (b"" if before.endswith(b"\n") else b"\n") + b"\n"


def render(partner: Partner) -> str:
    """A partner as one `[[partner]]` table of a partners file."""
    lines = ["[[partner]]", f"id = {_string(partner.id)}", f"name = {_string(partner.name)}"]
    if partner.name_zh:
        lines.append(f"name_zh = {_string(partner.name_zh)}")
    if partner.aliases:
        lines.append(f"aliases = [{', '.join(map(_string, partner.aliases))}]")
    if partner.country:
        lines.append(f"country = {_string(partner.country)}")
    lines.append(f"type = {_string(partner.type)}")
    return "\n".join(lines) + "\n"


def _string(value: str) -> str:
    """A TOML basic string: JSON's escapes are TOML's."""
    return json.dumps(value, ensure_ascii=False)
