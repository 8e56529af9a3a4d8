"""The partners gazetteer: every institution the university cooperates with, under every name.

A partner is one id for every name the news uses: "BTBU", "Beijing Technology and Business
University", "北京工商大学" and "北工商" all give `btbu`, so one facet value covers both
languages. The bundled `data/partners.toml` is extended and overridden by id by a user's
partners file, and a user's entry that names a bundled institution under another id takes its
place: a partners file written without ours in mind must not leave one institution with two ids.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

from kb.core.text import fold, is_id
from kb.lexicon.countries import countries
from kb.lexicon.files import Table, bundled, fingerprint, parse, read_user

PARTNER_TYPES = ("university", "organisation", "government", "company", "other")
_FIELDS = {"id", "name", "name_zh", "aliases", "country", "type"}
_COUNTRY = re.compile(r"[A-Z]{2}")
_COUNTRY_IN_BRACKETS = re.compile(r"(.+?)\s*[（(]([^（()）]+)[）)]")


@dataclass(frozen=True)
class Partner:
    """One cooperating institution with all the names it goes by."""

    id: str
    name: str
    name_zh: str
    aliases: tuple[str, ...]
    country: str
    type: str

    @property
    def forms(self) -> tuple[str, ...]:
        """Every surface form, including the name without a leading "The " or without a
        closing "University" after two words or more ("Tomsk Polytechnic"), a campus
        written with "at" as well as after a comma ("University of California, San Diego"
        and "… at San Diego"), a Chinese name that tells its country in brackets as the
        news writes it, country first (约克大学（加拿大） -> 加拿大约克大学), and a Taiwan
        national university's Chinese name with 国立 in front."""
        forms = [self.name, self.name_zh, *self.aliases]
        if self.name.startswith("The "):
            forms.append(self.name[4:])
        campus = _CAMPUS_AFTER_COMMA.fullmatch(self.name)
        if campus:
            forms.append(f"{campus.group(1)} at {campus.group(2)}")
        national = self.country == "TW" and self.name.startswith("National ")
        if national and self.name_zh and not self.name_zh.startswith(("国立", "國立")):
            forms.append("国立" + self.name_zh)  # as its own pages write it: 國立陽明交通大學
        short = _BEFORE_UNIVERSITY.fullmatch(self.name.removeprefix("The "))
        words = set(short.group(1).split()) if short else set()
        if short and 0 < len(words & _KIND_WORDS) < len(words):
            forms.append(short.group(1))  # "Beijing Normal", "Ohio State", "Tomsk Polytechnic"
        for form in (self.name_zh, *self.aliases):
            bracketed = _COUNTRY_IN_BRACKETS.fullmatch(form)
            if bracketed and countries().code_of(bracketed.group(2)):
                forms.append(bracketed.group(2) + bracketed.group(1))
        return tuple(dict.fromkeys(f for f in forms if f))


class Gazetteer:
    """All known partners, from the bundled file extended/overridden by a user file."""

    def __init__(
        self, partners: dict[str, Partner], not_partners: tuple[str, ...], fingerprint: str
    ) -> None:
        self.partners = partners
        #: Words that contain an alias but are not that partner ("澳大利亚" for "澳大").
        self.not_partners = not_partners
        self.fingerprint = fingerprint

    @cached_property
    def home(self) -> str:
        """The country most partners are in ("" when none gives one): its institutions are
        named without their country and start with places (山东大学); a query for it means
        no partner in particular."""
        counts = Counter(p.country for p in self.partners.values() if p.country)
        return counts.most_common(1)[0][0] if counts else ""

    @classmethod
    def load(cls, user_file: Path | None = None) -> Gazetteer:
        """Bundled `partners.toml`, then the user's file: new ids add, known ids override.

        A user entry for a known id only needs the fields it changes. Any problem raises
        `LexiconError` naming the file and the key.
        """
        label, raw = bundled("partners.toml")
        partners: dict[str, Partner] = {}
        not_partners: list[str] = []
        _apply(label, raw, partners, not_partners)
        user_raw = b""
        if user_file is not None:
            user_raw = read_user(user_file)
            _apply(user_file, user_raw, partners, not_partners, merge_by_name=True)
        return cls(partners, tuple(dict.fromkeys(not_partners)), fingerprint(raw, user_raw))

    @classmethod
    def of(cls, partners: Iterable[Partner]) -> Gazetteer:
        """A gazetteer of exactly these partners (synthetic corpora, tests)."""
        found = {p.id: p for p in partners}
        return cls(found, (), fingerprint(repr(sorted(found.items())).encode("utf-8")))

    def country_of(self, partner_id: str | None) -> str | None:
        """A known partner's country ("" when the file gives none); None for any other id:
        what "abroad" means for the records a publisher writes."""
        partner = self.partners.get(partner_id) if partner_id is not None else None
        return partner.country if partner is not None else None

    def surface_forms(self) -> dict[str, str]:
        """Every name, Chinese name and alias -> partner id (a later definition wins)."""
        return {form: p.id for p in self.partners.values() for form in p.forms}


#: "<two or more words> University": news writes the words alone once the name is known
#: ("Beijing Normal", "East China Normal", "Tomsk Polytechnic"), when they hold a word of
#: what kind of university it is and a word of which: "Inner Mongolia" or "Beijing City"
#: alone name a place, "National Central" no one.
_BEFORE_UNIVERSITY = re.compile(r"((?:[A-Z][\w'’.-]* ){1,4}[A-Z][\w'’.-]*) University")
_KIND_WORDS = frozenset((
    "National", "State", "Normal", "Technical", "Technological", "Medical", "Agricultural",
    "Polytechnic", "Polytechnical", "Federal", "Pedagogical", "Catholic", "Metropolitan",
    "Jiaotong", "Forestry", "Engineering", "Maritime", "Aerospace", "Sport", "Sports",
    "Petroleum", "Mining", "Finance", "Economics", "Studies", "Electric", "Power",
    "Pharmaceutical", "Science", "Technology", "Foreign", "Languages", "Baptist", "Ocean",
    "Industrial", "Agriculture", "Chemical", "Geosciences", "Aeronautics",
    "Astronautics", "Medicine",
))  # fmt: skip
#: "University of California, Davis": a university's campus after a comma.
_CAMPUS_AFTER_COMMA = re.compile(r"(University of [A-Z][\w ]+), ([A-Z][\w -]+)")


def _apply(
    label: Path | str,
    raw: bytes,
    partners: dict[str, Partner],
    not_partners: list[str],
    merge_by_name: bool = False,
) -> None:
    """Merge one partners file into `partners` and `not_partners`.

    With `merge_by_name`, an entry with a new id whose name (English or Chinese, or an alias)
    is the full name of a partner already known replaces that partner, keeping its other names
    as aliases: the user's id is the one their tools expect, and our aliases still find it.
    """
    top = Table(label, "", parse(label, raw))
    top.reject_unknown({"partner", "not_partners"})
    not_partners.extend(top.strings("not_partners"))
    seen: dict[str, str] = {}
    by_name = _by_full_name(partners) if merge_by_name else {}
    for entry in top.tables("partner"):
        entry.reject_unknown(_FIELDS)
        pid = entry.string("id", required=True)
        if not is_id(pid):
            raise entry.fail("id", f"{pid!r} is not a valid id (letters, digits, . _ -)")
        if pid in seen:
            raise entry.fail("id", f"duplicate id {pid!r} (already in {seen[pid]})")
        seen[pid] = entry.key
        # Re-inserting moves an overridden partner last, so its forms win any clash.
        partner = _partner(entry, pid, partners.pop(pid, None))
        same = [] if pid in by_name.values() else _named(partner, by_name, partners)
        if same:
            absorbed = [partners.pop(other) for other in same]
            partner = _partner(entry, pid, absorbed[0])
            own = {fold(form) for form in partner.forms}
            extra = [f for other in absorbed for f in other.forms if fold(f) not in own]
            partner = replace(partner, aliases=tuple(dict.fromkeys((*partner.aliases, *extra))))
        partners[pid] = partner


def _by_full_name(partners: dict[str, Partner]) -> dict[str, str]:
    """Folded full names (English, without a leading "The ", and Chinese) -> partner id: the
    names that identify an institution on their own, unlike its short forms."""
    return {
        fold(name): pid
        for pid, p in partners.items()
        for name in (p.name, p.name.removeprefix("The "), p.name_zh)
        if name
    }


def _named(partner: Partner, by_name: dict[str, str], partners: dict[str, Partner]) -> list[str]:
    """Ids of the known partners that one of `partner`'s names calls by their full name."""
    found = (by_name.get(fold(form)) for form in partner.forms)
    return list(dict.fromkeys(pid for pid in found if pid is not None and pid in partners))


def _partner(entry: Table, pid: str, base: Partner | None) -> Partner:
    """Build a partner from a table, taking absent fields from the partner it overrides."""
    name = entry.string("name", required=base is None, default=base.name if base else "")
    if entry.has("name") and not name:
        raise entry.fail("name", "must not be empty")
    country = entry.string("country", default=base.country if base else "")
    if country and not _COUNTRY.fullmatch(country):
        raise entry.fail("country", f"{country!r} is not a two-letter upper-case code")
    kind = entry.string("type", default=base.type if base else "other")
    if kind not in PARTNER_TYPES:
        raise entry.fail("type", f"{kind!r} is not one of {', '.join(PARTNER_TYPES)}")
    return Partner(
        id=pid,
        name=name,
        name_zh=entry.string("name_zh", default=base.name_zh if base else ""),
        aliases=entry.strings("aliases") if entry.has("aliases") or not base else base.aliases,
        country=country,
        type=kind,
    )
