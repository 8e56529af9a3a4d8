"""The bilingual glossary: cooperation vocabulary as concepts with English and Chinese forms.

Staff search in one language and expect reports in both. A query word or phrase that is one
of a concept's forms also finds the concept's other forms (scored below the words as
typed), and a concept that points to a topic favours records tagged with that topic. The
bundled `data/glossary.toml` is extended by the user's `glossary_file`; a user concept with
a bundled concept's id replaces it whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kb.lexicon.files import LexiconError, Table, bundled, fingerprint, parse, read_user

_ID = re.compile(r"[a-z0-9_]+")
_FIELDS = {"id", "en", "zh", "topic"}


@dataclass(frozen=True)
class Concept:
    """One idea under all the words staff use for it, in both languages."""

    id: str
    en: tuple[str, ...]
    zh: tuple[str, ...]
    topic: str | None = None

    @property
    def label(self) -> str:
        """The first English form (the first Chinese one when it has no English)."""
        return (self.en or self.zh)[0]

    @property
    def forms(self) -> tuple[str, ...]:
        return (*self.en, *self.zh)


class Glossary:
    """Every concept by id, from the bundled file extended by a user file."""

    def __init__(self, concepts: dict[str, Concept], fingerprint: str) -> None:
        self.concepts = concepts
        self.fingerprint = fingerprint

    @classmethod
    def load(cls, user_file: Path | None = None, topics: Iterable[str] = ()) -> Glossary:
        """Bundled `glossary.toml`, then the user's file. `topics` are the topic ids a
        concept may point to (none checked when empty). Raises LexiconError."""
        known = frozenset(topics)
        label, raw = bundled("glossary.toml")
        concepts = _read(label, raw, known)
        user_raw = b""
        if user_file is not None:
            user_raw = read_user(user_file)
            concepts |= _read(user_file, user_raw, known)
        return cls(concepts, fingerprint(raw, user_raw))

    def forms(self) -> dict[str, str]:
        """Every form -> the id of its concept (a later concept wins a shared form)."""
        return {form: c.id for c in self.concepts.values() for form in c.forms}


def _read(label: Path | str, raw: bytes, topics: frozenset[str]) -> dict[str, Concept]:
    top = Table(label, "", parse(label, raw))
    top.reject_unknown({"concept"})
    concepts: dict[str, Concept] = {}
    for entry in top.tables("concept"):
        entry.reject_unknown(_FIELDS)
        cid = entry.string("id", required=True)
        if not _ID.fullmatch(cid):
            raise entry.fail("id", f"{cid!r} is not a valid id (lower-case letters, digits, _)")
        if cid in concepts:
            raise entry.fail("id", f"duplicate concept id {cid!r}")
        en, zh = entry.strings("en"), entry.strings("zh")
        if not en and not zh:
            raise entry.fail("en", "a concept needs at least one form (en or zh)")
        topic = entry.string("topic") or None
        if topic is not None and topics and topic not in topics:
            raise entry.fail("topic", f"{topic!r} is not a topic id ({', '.join(sorted(topics))})")
        concepts[cid] = Concept(cid, en, zh, topic)
    return concepts


__all__ = ["Concept", "Glossary", "LexiconError"]
